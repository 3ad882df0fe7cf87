import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRCLECI_EXAMPLE_IDS } from '../../src/providers/circleci.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer, writeStubBuildkiteAgent } from '../helpers/ci-issuers.js';
import { baseEnv, CLI, run } from '../recipes/helpers.js';

/**
 * What `stint exchange`'s errors tell a job to fix, in the words of the CI it runs on: the built
 * CLI against the real broker. A hint written for the GitHub Action ("the audience input") is
 * wrong on CircleCI, whose ID token's audience is always the organization ID, and on GitLab, whose
 * audience is the job's id_tokens aud.
 */
let gitlab: CiIssuer;
let circleci: CiIssuer;
let buildkite: CiIssuer;
let jenkins: CiIssuer;
let broker: RunningBroker;
let dir: string;

beforeAll(async () => {
  [gitlab, circleci, buildkite, jenkins] = await Promise.all([
    startCiIssuer('gitlab'),
    startCiIssuer('circleci'),
    startCiIssuer('buildkite'),
    startCiIssuer('jenkins'),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'stint-ci-hints-'));
  writeStubBuildkiteAgent(dir, buildkite);
  // The broker expects CircleCI's tokens for its issuer, as for the other CIs: the mistake the
  // CircleCI recipe warns about (its tokens are for the organization ID).
  broker = await startBroker({
    configYaml: ciBrokerConfig([gitlab, { ...circleci, audience: 'https://stint.test' }, buildkite, jenkins]),
  });
});
afterAll(async () => {
  await broker?.stop();
  await Promise.all([gitlab?.stop(), circleci?.stop(), buildkite?.stop(), jenkins?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const exchange = (brokerUrl: string, env: NodeJS.ProcessEnv) =>
  run(process.execPath, [CLI, 'exchange', '--broker', brokerUrl, '--project', 'warehouse'], { env: baseEnv(env) });

describe('a wrong audience: the hint names what the user of that CI sets', () => {
  it("CircleCI: the broker's providers.circleci.audience must be the organization ID", async () => {
    const result = await exchange(broker.url, { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: await circleci.mint() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^stint: the broker rejected this job's ID token: HTTP 401 invalid_token: .*audience/,
    );
    expect(result.stderr).toContain(
      "CircleCI's ID token always has your organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to that organization ID\n",
    );
    expect(result.stderr).not.toContain('audience input');
    // The broker's own words agree: a CircleCI job cannot ask for another audience.
    expect(result.stderr).toContain(
      `token audience "${CIRCLECI_EXAMPLE_IDS.org}" is not https://stint.test; a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to ${CIRCLECI_EXAMPLE_IDS.org} (request_id `,
    );
    expect(result.stderr).not.toContain('request the ID token');
  });

  it("GitLab: the job's id_tokens aud, the component's audience input", async () => {
    const token = await gitlab.mint({ aud: 'https://gitlab.com' });
    const result = await exchange(broker.url, { GITLAB_CI: 'true', STINT_ID_TOKEN: token });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "GitLab mints the ID token with the aud the job's id_tokens names (the stint component's audience input): set it to the broker's providers.gitlab.audience, by default the broker's issuer\n",
    );
    expect(result.stderr).not.toContain('leave it empty');
  });
});

/** The broker's answer to an exchange of `token`, as any client sees it. */
async function brokerAnswer(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the broker's refusal of an audience says what that CI's user changes", () => {
  it('CircleCI: set providers.circleci.audience to the organization ID, never "request" another audience', async () => {
    expect(await brokerAnswer(await circleci.mint())).toMatchObject({
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: `token audience "${CIRCLECI_EXAMPLE_IDS.org}" is not https://stint.test; a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to ${CIRCLECI_EXAMPLE_IDS.org}`,
      },
    });
  });

  it("GitLab: the job's id_tokens aud; Jenkins: the credential's audience; Buildkite: request it", async () => {
    const cases = [
      [gitlab, "set the aud of the job's id_tokens variable to https://stint.test"],
      [jenkins, 'set the audience of the OpenID Connect id token credential the job binds to https://stint.test'],
      [buildkite, 'request the ID token with audience https://stint.test'],
    ] as const;
    for (const [issuer, fix] of cases) {
      const answer = await brokerAnswer(await issuer.mint({ aud: 'https://elsewhere.test' }));
      expect({ kind: issuer.kind, ...answer }).toMatchObject({
        kind: issuer.kind,
        status: 401,
        body: { error_description: `token audience "https://elsewhere.test" is not https://stint.test; ${fix}` },
      });
    }
  });
});

describe('a broker URL with a wrong path', () => {
  it('a 404 says to check the broker URL, not the project, scope and ttl', async () => {
    const result = await exchange(`${broker.url}/auth/oidc/exchange`, {
      GITLAB_CI: 'true',
      STINT_ID_TOKEN: await gitlab.mint(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^stint: the broker URL serves no stint exchange: HTTP 404 not_found: no endpoint \/auth\/oidc\/exchange\/auth\/oidc\/exchange \(request_id [^)]+\)\. Check the broker URL \(the stint component's broker_url input, or --broker\): give the broker's base URL, the one its \/\.well-known\/openid-configuration is under, without \/auth\/oidc\/exchange or another endpoint's path\n$/,
    );
    expect(result.stderr).not.toContain('scope and ttl');
  });
});

describe('a broker whose issuer is not its URL, on Buildkite', () => {
  it("names the stint plugin's settings, not the action's inputs", async () => {
    const result = await exchange(broker.url, {
      BUILDKITE: 'true',
      BUILDKITE_AGENT_ACCESS_TOKEN: 'agent-access',
      PATH: `${dir}:${process.env.PATH}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `stint: the broker at ${broker.url} names another issuer, "https://stint.test", so no ID token was requested: by default its audience is the broker URL itself, never what the broker answers. Set the broker URL (the stint plugin's broker-url setting, or --broker) to the broker's issuer URL; if the broker is served at another address on purpose, set the audience explicitly (the plugin's audience setting, or --audience)\n`,
    );
  });
});
