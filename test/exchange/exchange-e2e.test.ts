import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import {
  type CiIssuer,
  type CiKind,
  ciBrokerConfig,
  startCiIssuer,
  writeStubBuildkiteAgent,
} from '../helpers/ci-issuers.js';
import { expectNoSecret, expectNoSecrets } from '../helpers/secrets.js';
import { baseEnv, CLI, run, verifyStintToken } from '../recipes/helpers.js';

/**
 * The built `stint exchange` and `stint status` against the real broker on 127.0.0.1, with a
 * local issuer shaped like each CI's.
 */
let github: GithubIssuer;
const ci = {} as Record<CiKind, CiIssuer>;
let broker: RunningBroker;
let dir: string;

beforeAll(async () => {
  github = await startGithubIssuer();
  for (const kind of ['gitlab', 'circleci', 'buildkite', 'jenkins'] as const) ci[kind] = await startCiIssuer(kind);
  dir = mkdtempSync(join(tmpdir(), 'stint-exchange-e2e-'));
  writeStubBuildkiteAgent(dir, ci.buildkite);
  broker = await startBroker({
    configYaml: ciBrokerConfig([
      { kind: 'github', url: github.url, audience: 'https://stint.test', subject: github.defaults.sub as string },
      ...Object.values(ci),
    ]),
  });
});
afterAll(async () => {
  await broker?.stop();
  await github?.stop();
  for (const issuer of Object.values(ci)) await issuer.stop();
  rmSync(dir, { recursive: true, force: true });
});

const stint = (args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [CLI, ...args], { env: baseEnv(env) });
const exchange = (args: string[], env: NodeJS.ProcessEnv) =>
  stint(['exchange', '--broker', broker.url, '--project', 'warehouse', ...args], env);

/** Each CI's job environment, as that CI would set it up. */
async function jobEnv(kind: CiKind | 'github'): Promise<NodeJS.ProcessEnv> {
  switch (kind) {
    case 'github':
      return {
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
      };
    case 'gitlab':
      return { GITLAB_CI: 'true', CI_PROJECT_PATH: 'acme/warehouse', STINT_ID_TOKEN: await ci.gitlab.mint() };
    case 'circleci':
      return { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: await ci.circleci.mint() };
    case 'jenkins':
      return { JENKINS_URL: 'https://jenkins.example.com/', STINT_ID_TOKEN: await ci.jenkins.mint() };
    case 'buildkite':
      return { BUILDKITE: 'true', BUILDKITE_AGENT_ACCESS_TOKEN: 'agent-access', PATH: `${dir}:${process.env.PATH}` };
  }
}

/** The job's credentials (the CI's ID token, the runner's or agent's token), by variable name. */
function jobSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = [
    'STINT_ID_TOKEN',
    'CIRCLE_OIDC_TOKEN_V2',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'BUILDKITE_AGENT_ACCESS_TOKEN',
  ];
  return Object.fromEntries(names.filter((name) => env[name] !== undefined).map((name) => [name, env[name]!]));
}

function exportsOf(shell: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of shell.trim().split('\n')) {
    const match = /^export ([A-Z_]+)='([^']*)'$/.exec(line);
    if (!match) throw new Error(`not an export line: ${line.slice(0, 30)}`);
    out[match[1]!] = match[2]!;
  }
  return out;
}

describe('stint exchange against the real broker, per provider (auto-detected)', () => {
  const subjects: Record<CiKind | 'github', () => string> = {
    github: () => github.defaults.sub as string,
    gitlab: () => ci.gitlab.subject,
    circleci: () => ci.circleci.subject,
    jenkins: () => ci.jenkins.subject,
    buildkite: () => ci.buildkite.subject,
  };
  it.each(['github', 'gitlab', 'circleci', 'jenkins', 'buildkite'] as const)('%s', async (kind) => {
    const env = await jobEnv(kind);
    // The broker runs on 127.0.0.1 under the name https://stint.test: where the job asks its CI
    // for a token (GitHub, Buildkite), the audience is given, since it is not the broker URL.
    const minted = kind === 'github' || kind === 'buildkite';
    const result = await exchange(['--format', 'shell', ...(minted ? ['--audience', 'https://stint.test'] : [])], env);
    expect(result.stderr).toMatch(/^stint: got a token for project warehouse/);
    expect(result.code).toBe(0);
    const vars = exportsOf(result.stdout);
    const claims = await verifyStintToken(broker.url, vars.STINT_TOKEN!);
    expect(claims).toMatchObject({ project: 'warehouse', sub: subjects[kind](), scope: 'read write' });
    expect(vars).toMatchObject({ STINT_SCOPE: 'read write', STINT_PROJECT: 'warehouse' });
    expect(Date.parse(vars.STINT_TOKEN_EXPIRES_AT!)).toBe((claims.exp as number) * 1000);
    expectNoSecret(result.stderr, vars.STINT_TOKEN!, 'the stint token');
    expectNoSecrets([result.stdout, result.stderr], jobSecrets(env));
  });

  it('buildkite asks the agent for the audience given', async () => {
    const log = readFileSync(join(dir, 'agent.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    expect(log).toContainEqual(['oidc', 'request-token', '--audience', 'https://stint.test']);
  });
});

describe('formats against the real broker', () => {
  it('env, json and github carry the same verified token', async () => {
    const env = await exchange(['--format', 'env'], await jobEnv('gitlab'));
    expect(env.code).toBe(0);
    const envToken = /^STINT_TOKEN=(.+)$/m.exec(env.stdout)?.[1];
    await verifyStintToken(broker.url, envToken!);
    // The token is on stdout for the caller to capture, and nowhere else.
    expectNoSecret(env.stderr, envToken!, 'the stint token');

    const json = await exchange(['--format', 'json', '--scope', 'read', '--ttl', '5m'], await jobEnv('circleci'));
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual([
      'access_token',
      'audit_id',
      'expires_at',
      'expires_in',
      'project',
      'scope',
      'token_type',
    ]);
    expect(answer).toMatchObject({ token_type: 'Bearer', scope: 'read', project: 'warehouse', expires_in: 300 });
    const claims = await verifyStintToken(broker.url, answer.access_token as string);
    // docs/cli.md: expires_at in RFC 3339 (the broker's own answer has epoch seconds), the token's exp.
    expect(answer.expires_at).toBe(new Date((claims.exp as number) * 1000).toISOString());
    expectNoSecret(json.stderr, answer.access_token as string, 'the stint token');

    const githubEnv = join(dir, 'github-env');
    const gh = await exchange(['--format', 'github'], { ...(await jobEnv('jenkins')), GITHUB_ENV: githubEnv });
    expect(gh.code).toBe(0);
    const masked = gh.stdout.trim().split('\n');
    const token = /^STINT_TOKEN<<(\S+)\n(.*)\n\1$/m.exec(readFileSync(githubEnv, 'utf8'))?.[2];
    expect(masked[0]).toBe(`::add-mask::${token}`);
    await verifyStintToken(broker.url, token!);
    // Masked first on stdout (the runner consumes ::add-mask:: lines), the value in $GITHUB_ENV:
    // on no other line of stdout, and not on stderr.
    expectNoSecret(gh.stderr, token!, 'the stint token');
    expectNoSecret(
      masked.filter((line) => !line.startsWith('::add-mask::')),
      token!,
      'the stint token',
    );
  });
});

describe('precedence', () => {
  it('with GitHub and GitLab both present, auto takes GitHub; --provider gitlab takes GitLab', async () => {
    const both = { ...(await jobEnv('gitlab')), ...(await jobEnv('github')) };
    const auto = await exchange(['--format', 'json', '--audience', 'https://stint.test'], both);
    expect(auto.code).toBe(0);
    const autoClaims = await verifyStintToken(
      broker.url,
      (JSON.parse(auto.stdout) as { access_token: string }).access_token,
    );
    expect(autoClaims.sub).toBe(github.defaults.sub);

    const explicit = await exchange(['--format', 'json', '--provider', 'gitlab'], both);
    expect(explicit.code).toBe(0);
    const explicitClaims = await verifyStintToken(
      broker.url,
      (JSON.parse(explicit.stdout) as { access_token: string }).access_token,
    );
    expect(explicitClaims.sub).toBe(ci.gitlab.subject);
  });

  it('--id-token-env beats the runtime request', async () => {
    const env = { ...(await jobEnv('github')), OTHER: await ci.jenkins.mint() };
    const result = await exchange(['--format', 'json', '--id-token-env', 'OTHER'], env);
    expect(result.code).toBe(0);
    const claims = await verifyStintToken(
      broker.url,
      (JSON.parse(result.stdout) as { access_token: string }).access_token,
    );
    expect(claims.sub).toBe(ci.jenkins.subject);
  });
});

describe('refusals', () => {
  it('a denial exits 1 with the broker description and request_id, and prints no token', async () => {
    const idToken = await ci.gitlab.mint({
      sub: 'project_path:acme/warehouse:ref_type:branch:ref:feature-x',
      ref: 'feature-x',
    });
    const result = await exchange(['--format', 'shell'], { GITLAB_CI: 'true', STINT_ID_TOKEN: idToken });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^stint: the broker denied a token for project warehouse: HTTP 403 access_denied: .+ \(request_id [0-9a-f-]{36}\)/,
    );
    expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
    expect(result.stderr).not.toContain('retrying');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an env token used twice is refused the second time (replay), with no retry', async () => {
    const env = await jobEnv('gitlab');
    expect((await exchange([], env)).code).toBe(0);
    const again = await exchange([], env);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/request_id/);
    expectNoSecret([again.stdout, again.stderr], env.STINT_ID_TOKEN!, 'the ID token');
  });

  it('a wrong project is exit 1; a missing --project is exit 2', async () => {
    const wrong = await stint(['exchange', '--broker', broker.url, '--project', 'nope'], await jobEnv('circleci'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/request_id/);
    const usage = await stint(['exchange', '--broker', broker.url], await jobEnv('circleci'));
    expect(usage.code).toBe(2);
  });
});

describe('stint status', () => {
  it('names the source and decodes STINT_TOKEN without printing it', async () => {
    const got = await exchange(['--format', 'json'], await jobEnv('gitlab'));
    const token = (JSON.parse(got.stdout) as { access_token: string }).access_token;
    const env: NodeJS.ProcessEnv = { ...(await jobEnv('gitlab')), STINT_TOKEN: token };
    const text = await stint(['status'], env);
    expect(text.code).toBe(0);
    expectNoSecret([text.stdout, text.stderr], token, 'STINT_TOKEN');
    expectNoSecret([text.stdout, text.stderr], env.STINT_ID_TOKEN!, 'the ID token');
    expect(text.stdout).toContain(
      'token source: GitLab CI (GITLAB_CI=true) with the id_tokens variable STINT_ID_TOKEN',
    );
    expect(text.stdout).toContain(`id token: iss ${ci.gitlab.url}, aud "https://stint.test", sub ${ci.gitlab.subject}`);
    expect(text.stdout).toContain('STINT_TOKEN: project warehouse, scope read write');
    expect(text.stdout).toMatch(/expires in 1[45] min/);

    const json = await stint(['status', '--json'], env);
    const report = JSON.parse(json.stdout) as {
      token_source: Record<string, unknown>;
      stint_token: Record<string, unknown>;
    };
    expect(report.token_source).toMatchObject({
      found: true,
      kind: 'env',
      provider: 'gitlab',
      variable: 'STINT_ID_TOKEN',
      fresh_per_request: false,
    });
    expect(report.stint_token).toMatchObject({
      present: true,
      project: 'warehouse',
      scope: 'read write',
      expired: false,
      subject: ci.gitlab.subject,
      issuer: 'https://stint.test',
    });
    // The same fingerprint the broker's audit log recorded when it issued the token.
    const issued = readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { event: string; fingerprint?: string; audit_id?: string; request_id?: string },
      )
      .filter((event) => event.event === 'token_issued');
    expect(issued.map((event) => event.fingerprint)).toContain(report.stint_token.fingerprint);
    expectNoSecret([json.stdout, json.stderr], token, 'STINT_TOKEN');
    expectNoSecret([json.stdout, json.stderr], env.STINT_ID_TOKEN!, 'the ID token');
  });

  it('reports no source with the reason, and no token', async () => {
    const result = await stint(['status', '--json'], { GITLAB_CI: 'true' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      token_source: {
        found: false,
        error: expect.stringContaining('this looks like GitLab CI, but STINT_ID_TOKEN is not set') as unknown,
      },
      stint_token: { present: false },
    });
  });
});
