import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { createLocalJob, runActionStep } from '../../src/demo/local-runner.js';
import { CIRCLECI_EXAMPLE_IDS } from '../../src/providers/circleci.js';
import { ROOT } from '../action/harness.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer, writeStubBuildkiteAgent } from '../helpers/ci-issuers.js';
import { baseEnv, CLI, run } from '../recipes/helpers.js';

/**
 * What `stint exchange`'s errors tell a job to fix, in the words of the CI it runs on: the built
 * CLI against the real broker. A hint written for the GitHub Action ("the audience input") is
 * wrong on CircleCI, whose ID token's audience is always the organization ID, and on GitLab, whose
 * audience is the job's id_tokens aud.
 */
let github: GithubIssuer;
let gitlab: CiIssuer;
let circleci: CiIssuer;
let buildkite: CiIssuer;
let jenkins: CiIssuer;
let broker: RunningBroker;
let dir: string;

beforeAll(async () => {
  [github, gitlab, circleci, buildkite, jenkins] = await Promise.all([
    startGithubIssuer({ audience: 'https://stint.test' }),
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
    configYaml: ciBrokerConfig([
      { kind: 'github', url: github.url, audience: 'https://stint.test', subject: github.defaults.sub as string },
      gitlab,
      { ...circleci, audience: 'https://stint.test' },
      buildkite,
      jenkins,
    ]),
  });
});
afterAll(async () => {
  await broker?.stop();
  await Promise.all([github?.stop(), gitlab?.stop(), circleci?.stop(), buildkite?.stop(), jenkins?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const exchange = (brokerUrl: string, env: NodeJS.ProcessEnv) =>
  run(process.execPath, [CLI, 'exchange', '--broker', brokerUrl, '--project', 'warehouse'], { env: baseEnv(env) });

/** How many times `needle` occurs in `text`. */
const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;

describe('a wrong audience: the advice is given once, by the broker, with the audience it expects', () => {
  // Each CI's job with an ID token for the wrong audience; the broker's advice, which names the
  // audience it expects and where that CI's user sets it; and a word every piece of audience advice
  // for that CI uses, so a second hint in any wording shows as a second occurrence. (The client
  // used to add its own hint after the broker's: on CircleCI the same advice twice.)
  const cases = [
    {
      ci: 'github',
      env: async () => ({
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
      }),
      args: ['--audience', 'https://elsewhere.test'],
      advice:
        "request the ID token with audience https://stint.test (the stint action's audience input, or --audience of stint exchange)",
      word: '--audience',
    },
    {
      ci: 'gitlab',
      env: async () => ({ GITLAB_CI: 'true', STINT_ID_TOKEN: await gitlab.mint({ aud: 'https://gitlab.com' }) }),
      args: [],
      advice:
        "set the aud of the job's id_tokens variable to https://stint.test (the stint component's audience input)",
      word: 'id_tokens',
    },
    {
      ci: 'circleci',
      env: async () => ({ CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: await circleci.mint() }),
      args: [],
      advice: `a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to ${CIRCLECI_EXAMPLE_IDS.org}`,
      word: 'providers.circleci.audience',
    },
    {
      ci: 'jenkins',
      env: async () => ({
        JENKINS_URL: 'https://jenkins.example.com/',
        STINT_ID_TOKEN: await jenkins.mint({ aud: 'https://elsewhere.test' }),
      }),
      args: [],
      advice: 'set the audience of the OpenID Connect id token credential the job binds to https://stint.test',
      word: 'credential',
    },
    {
      ci: 'buildkite',
      env: async () => ({
        BUILDKITE: 'true',
        BUILDKITE_AGENT_ACCESS_TOKEN: 'agent-access',
        PATH: `${dir}:${process.env.PATH}`,
      }),
      args: ['--audience', 'https://elsewhere.test'],
      advice:
        "request the ID token with audience https://stint.test (the stint plugin's audience setting, or --audience of stint exchange)",
      word: 'audience setting',
    },
  ];

  it.each(cases)('stint exchange on $ci', async ({ env, args, advice, word }) => {
    const result = await run(
      process.execPath,
      [CLI, 'exchange', '--broker', broker.url, '--project', 'warehouse', ...args],
      { env: baseEnv(await env()) },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^stint: the broker rejected this job's ID token: HTTP 401 invalid_token: token audience '[^']+' is not https:\/\/stint\.test; /,
    );
    // One line, ending with the broker's request id: nothing after the broker's advice.
    expect(result.stderr).toMatch(/ \(request_id [^)]+\)\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(occurrences(result.stderr, advice)).toBe(1);
    expect(occurrences(result.stderr, word)).toBe(1);
  });

  it("the action: the broker's advice once, naming the action's audience input", async () => {
    const job = createLocalJob();
    try {
      const main = await runActionStep(job, 'main', {
        actionRoot: ROOT,
        inputs: { 'broker-url': broker.url, project: 'warehouse', audience: 'https://elsewhere.test' },
        env: { ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken },
      });
      expect(main.code).not.toBe(0);
      expect(main.errors).toHaveLength(1);
      const [error] = main.errors as [string];
      expect(error).toContain(
        "the broker rejected this job's ID token: HTTP 401 invalid_token: token audience 'https://elsewhere.test' is not https://stint.test; ",
      );
      expect(occurrences(error, cases[0]!.advice)).toBe(1);
      expect(occurrences(error, 'audience input')).toBe(1);
      expect(error).toMatch(/ \(request_id [^)]+\) \[ERR_ID_TOKEN_REJECTED\]$/);
    } finally {
      job.remove();
    }
  });

  it('a broker whose refusal gives no advice of its own: the client gives its hint for that CI', async () => {
    // Another broker (or a proxy) may say only that the audience is wrong: the job still learns what to set.
    const bare = createServer((_req, res) =>
      res.writeHead(401, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: 'invalid_token',
          error_description: 'wrong audience',
          request_id: '00000000-0000-4000-8000-0000000000ba',
        }),
      ),
    );
    await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
      const result = await exchange(url, { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: await circleci.mint() });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        "stint: the broker rejected this job's ID token: HTTP 401 invalid_token: wrong audience (request_id 00000000-0000-4000-8000-0000000000ba). CircleCI's ID token always has your organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to that organization ID\n",
      );
    } finally {
      await new Promise<void>((done) => bare.close(() => done()));
    }
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
        error_description: `token audience '${CIRCLECI_EXAMPLE_IDS.org}' is not https://stint.test; a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to ${CIRCLECI_EXAMPLE_IDS.org}`,
      },
    });
  });

  it("GitLab: the job's id_tokens aud; Jenkins: the credential's audience; Buildkite and GitHub: request it", async () => {
    const cases = [
      [
        gitlab,
        "set the aud of the job's id_tokens variable to https://stint.test (the stint component's audience input)",
      ],
      [jenkins, 'set the audience of the OpenID Connect id token credential the job binds to https://stint.test'],
      [
        buildkite,
        "request the ID token with audience https://stint.test (the stint plugin's audience setting, or --audience of stint exchange)",
      ],
      [
        github,
        "request the ID token with audience https://stint.test (the stint action's audience input, or --audience of stint exchange)",
      ],
    ] as const;
    for (const [issuer, fix] of cases) {
      const answer = await brokerAnswer(await issuer.mint({ aud: 'https://elsewhere.test' }));
      expect({ kind: issuer.kind, ...answer }).toMatchObject({
        kind: issuer.kind,
        status: 401,
        body: { error_description: `token audience 'https://elsewhere.test' is not https://stint.test; ${fix}` },
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
      /^stint: the broker URL serves no stint exchange: HTTP 404 not_found: no endpoint at this path; the endpoints are listed in the discovery document, \/\.well-known\/openid-configuration \(request_id [^)]+\)\. Check the broker URL \(the stint component's broker_url input, or --broker\): give the broker's base URL, the one its \/\.well-known\/openid-configuration is under, without \/auth\/oidc\/exchange or another endpoint's path\n$/,
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
