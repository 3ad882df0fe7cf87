import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { isStintError } from '../../src/lib/errors.js';
import {
  canMintFreshTokens,
  detectTokenSource,
  type Exec,
  readJobToken,
  type TokenSource,
} from '../../src/providers/token-source.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
// Made at load time: the tables below name these directories.
const binDir = mkdtempSync(join(tmpdir(), 'stint-ts-bin-'));
const emptyDir = mkdtempSync(join(tmpdir(), 'stint-ts-empty-'));
writeFileSync(join(binDir, 'buildkite-agent'), '#!/bin/sh\nexit 0\n');
chmodSync(join(binDir, 'buildkite-agent'), 0o755);
afterAll(() => {
  rmSync(binDir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

const github = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/x?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-secret',
};
const gitlab = { GITLAB_CI: 'true', STINT_ID_TOKEN: JWT };
const circleci = { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: JWT };
const jenkins = { JENKINS_URL: 'https://jenkins.example.com/', STINT_ID_TOKEN: JWT };
const buildkite = () => ({ BUILDKITE: 'true', PATH: binDir });

function summary(source: TokenSource): string {
  if (source.kind === 'env') return `env:${source.provider ?? '-'}:${source.variable}`;
  return `${source.kind}:${source.provider}`;
}

describe('detectTokenSource, auto precedence', () => {
  const table: Array<[string, NodeJS.ProcessEnv, string]> = [
    ['GitHub runtime request', github, 'github-request:github'],
    ['GitLab id_tokens variable', gitlab, 'env:gitlab:STINT_ID_TOKEN'],
    ['CircleCI', circleci, 'env:circleci:CIRCLE_OIDC_TOKEN_V2'],
    ['Buildkite agent on PATH', buildkite(), 'buildkite-agent:buildkite'],
    ['Jenkins bound variable', jenkins, 'env:jenkins:STINT_ID_TOKEN'],
    ['STINT_ID_TOKEN with no CI', { STINT_ID_TOKEN: JWT }, 'env:-:STINT_ID_TOKEN'],
    ['GitHub beats GitLab', { ...gitlab, ...github }, 'github-request:github'],
    ['GitLab beats CircleCI', { ...circleci, ...gitlab }, 'env:gitlab:STINT_ID_TOKEN'],
    ['CircleCI beats Buildkite', { ...buildkite(), ...circleci }, 'env:circleci:CIRCLE_OIDC_TOKEN_V2'],
    ['Buildkite beats Jenkins', { ...jenkins, ...buildkite() }, 'buildkite-agent:buildkite'],
    ['GitLab marker decides STINT_ID_TOKEN over Jenkins', { ...jenkins, ...gitlab }, 'env:gitlab:STINT_ID_TOKEN'],
    [
      'GitHub needs both variables',
      { ACTIONS_ID_TOKEN_REQUEST_URL: github.ACTIONS_ID_TOKEN_REQUEST_URL, ...gitlab },
      'env:gitlab:STINT_ID_TOKEN',
    ],
    [
      'Buildkite without the agent falls through',
      { BUILDKITE: 'true', PATH: emptyDir, ...jenkins },
      'env:jenkins:STINT_ID_TOKEN',
    ],
    [
      'an empty variable is not a token',
      { ...circleci, GITLAB_CI: 'true', STINT_ID_TOKEN: '  ' },
      'env:circleci:CIRCLE_OIDC_TOKEN_V2',
    ],
  ];
  it.each(table)('%s', (_name, env, expected) => {
    expect(summary(detectTokenSource({ PATH: emptyDir, ...env }, { provider: 'auto' }))).toBe(expected);
  });

  it('--id-token-env comes before everything in auto and names the CI from its marker', () => {
    const source = detectTokenSource(
      { ...github, ...gitlab, MY_TOKEN: JWT, PATH: emptyDir },
      { provider: 'auto', idTokenEnv: 'MY_TOKEN' },
    );
    expect(summary(source)).toBe('env:gitlab:MY_TOKEN');
    expect(source.reason).toBe('--id-token-env MY_TOKEN in GitLab CI');
  });

  it('says why', () => {
    expect(detectTokenSource({ ...gitlab, PATH: emptyDir }).reason).toBe(
      'GitLab CI (GITLAB_CI=true) with the id_tokens variable STINT_ID_TOKEN',
    );
    expect(detectTokenSource(buildkite()).reason).toBe(
      `Buildkite (BUILDKITE=true) with buildkite-agent at ${join(binDir, 'buildkite-agent')}`,
    );
  });
});

describe('detectTokenSource, explicit provider', () => {
  const everything = () => ({ ...github, ...gitlab, ...circleci, ...jenkins, ...buildkite() });
  const table: Array<[string, string | undefined, string]> = [
    ['github', undefined, 'github-request:github'],
    ['gitlab', undefined, 'env:gitlab:STINT_ID_TOKEN'],
    ['circleci', undefined, 'env:circleci:CIRCLE_OIDC_TOKEN_V2'],
    ['jenkins', undefined, 'env:jenkins:STINT_ID_TOKEN'],
    ['buildkite', undefined, 'buildkite-agent:buildkite'],
    ['circleci', 'CIRCLE_OIDC_TOKEN', 'env:circleci:CIRCLE_OIDC_TOKEN'],
    ['gitlab', 'VAULT_ID_TOKEN', 'env:gitlab:VAULT_ID_TOKEN'],
  ];
  it.each(table)('--provider %s --id-token-env %s', (provider, idTokenEnv, expected) => {
    const env = { ...everything(), CIRCLE_OIDC_TOKEN: JWT, VAULT_ID_TOKEN: JWT };
    expect(summary(detectTokenSource(env, { provider: provider as 'github', idTokenEnv }))).toBe(expected);
  });
});

describe('detectTokenSource, errors name the variable and how to get it', () => {
  const table: Array<[string, NodeJS.ProcessEnv, Parameters<typeof detectTokenSource>[1], string]> = [
    [
      'github without permission',
      { GITHUB_ACTIONS: 'true' },
      { provider: 'github' },
      'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set. Give the job `permissions: { id-token: write }` (GitHub sets the runtime request variables only then).',
    ],
    [
      'github half set',
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x/' },
      { provider: 'github' },
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set. Give the job `permissions: { id-token: write }` (GitHub sets the runtime request variables only then).',
    ],
    [
      'gitlab without id_tokens',
      { GITLAB_CI: 'true' },
      { provider: 'gitlab' },
      'STINT_ID_TOKEN is not set. Add `id_tokens: { STINT_ID_TOKEN: { aud: <broker issuer> } }` to the job, or extend the `.stint` job of recipes/gitlab.',
    ],
    [
      'circleci without context',
      { CIRCLECI: 'true' },
      { provider: 'circleci' },
      'CIRCLE_OIDC_TOKEN_V2 is not set. CircleCI issues CIRCLE_OIDC_TOKEN_V2 to jobs that use a context: add `context: <name>` to the job in the workflow.',
    ],
    [
      'jenkins unbound',
      { JENKINS_URL: 'https://j/' },
      { provider: 'jenkins', idTokenEnv: 'OIDC' },
      "OIDC is not set. Bind the OIDC provider plugin's credential: withCredentials([string(credentialsId: '<id token credential>', variable: 'OIDC')]) { … }, or use the stint shared library of recipes/jenkins.",
    ],
    [
      'buildkite without agent',
      { BUILDKITE: 'true' },
      { provider: 'buildkite' },
      'buildkite-agent is not on PATH. Run stint inside a Buildkite job, where the agent puts buildkite-agent on PATH (or use the stint plugin of recipes/buildkite).',
    ],
    [
      'auto in gitlab without the variable',
      { GITLAB_CI: 'true' },
      { provider: 'auto' },
      'this looks like GitLab CI, but STINT_ID_TOKEN is not set. Add `id_tokens: { STINT_ID_TOKEN: { aud: <broker issuer> } }` to the job, or extend the `.stint` job of recipes/gitlab.',
    ],
    [
      'auto in github without permission',
      { GITHUB_ACTIONS: 'true' },
      { provider: 'auto' },
      'this looks like GitHub Actions, but ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set. Give the job `permissions: { id-token: write }` (GitHub sets the runtime request variables only then).',
    ],
    [
      'auto --id-token-env unset',
      { CIRCLECI: 'true' },
      { provider: 'auto', idTokenEnv: 'MINE' },
      'MINE is not set (named by --id-token-env). CircleCI issues CIRCLE_OIDC_TOKEN_V2 to jobs that use a context: add `context: <name>` to the job in the workflow, or drop --id-token-env to read CIRCLE_OIDC_TOKEN_V2.',
    ],
    [
      'auto with nothing',
      {},
      { provider: 'auto' },
      'no CI OIDC token found: looked for ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN (GitHub), STINT_ID_TOKEN (GitLab, Jenkins), CIRCLE_OIDC_TOKEN_V2 (CircleCI) and buildkite-agent (Buildkite). Pass --provider, or --id-token-env VAR naming the variable that holds the token',
    ],
  ];
  it.each(table)('%s', (_name, env, options, message) => {
    let caught: unknown;
    try {
      detectTokenSource({ PATH: emptyDir, ...env }, options);
    } catch (error) {
      caught = error;
    }
    expect(isStintError(caught, 'ERR_TOKEN_SOURCE_NOT_FOUND')).toBe(true);
    expect((caught as Error).message).toBe(message);
  });

  it('an explicit provider never falls back to another source', () => {
    expect(() => detectTokenSource({ ...github, ...gitlab, PATH: emptyDir }, { provider: 'circleci' })).toThrow(
      /CIRCLE_OIDC_TOKEN_V2 is not set/,
    );
  });

  it('rejects a variable name that is not one', () => {
    let caught: unknown;
    try {
      detectTokenSource({}, { idTokenEnv: 'A B' });
    } catch (error) {
      caught = error;
    }
    expect(isStintError(caught, 'ERR_USAGE')).toBe(true);
  });
});

describe('readJobToken', () => {
  let issuer: GithubIssuer;
  beforeAll(async () => {
    issuer = await startGithubIssuer();
  });
  afterAll(() => issuer.stop());

  it('GitHub: runs the runner protocol with the audience and the bearer request token', async () => {
    const source = detectTokenSource({
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    });
    expect(canMintFreshTokens(source)).toBe(true);
    const before = issuer.counts.tokenRequests;
    const first = await readJobToken(source, { audience: 'https://stint.test', env: {} });
    const second = await readJobToken(source, { audience: 'https://stint.test', env: {} });
    expect(issuer.counts.tokenRequests - before).toBe(2);
    expect(first).not.toBe(second);
    const payload = JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString()) as {
      aud: string;
      iss: string;
    };
    expect(payload).toMatchObject({ aud: 'https://stint.test', iss: issuer.url });
  });

  it('GitHub: a refused request is ERR_ID_TOKEN_REQUEST_FAILED with the status and without the request token', async () => {
    const source = detectTokenSource({
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-request-token',
    });
    const error = await readJobToken(source, { audience: 'a', env: {} }).catch((e: unknown) => e);
    expect(isStintError(error, 'ERR_ID_TOKEN_REQUEST_FAILED')).toBe(true);
    expect((error as { status?: number }).status).toBe(401);
    expect((error as Error).message).toBe(
      'the GitHub ID token request answered HTTP 401: Bad credentials (is ACTIONS_ID_TOKEN_REQUEST_TOKEN from this job?)',
    );
    issuer.failTokenRequests(1, 503);
    const good = detectTokenSource({
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    });
    const failed = await readJobToken(good, { audience: 'a', env: {} }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ status: 503, retryable: true });
    expect(error).toMatchObject({ retryable: false });
  });

  it('env: reads the variable once per call, the same single-use token', async () => {
    const env = { GITLAB_CI: 'true', STINT_ID_TOKEN: ` ${JWT}\n` };
    const source = detectTokenSource(env);
    expect(canMintFreshTokens(source)).toBe(false);
    expect(await readJobToken(source, { audience: 'ignored', env })).toBe(JWT);
  });

  it('env: a value that is not a JWT is ERR_ID_TOKEN_INVALID naming the variable, not echoing it', async () => {
    const env = { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: 'not-a-jwt-secret' };
    const error = await readJobToken(detectTokenSource(env), { audience: 'a', env }).catch((e: unknown) => e);
    expect(isStintError(error, 'ERR_ID_TOKEN_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      'CIRCLE_OIDC_TOKEN_V2 does not hold a JWT (expected three base64url parts separated by dots)',
    );
  });

  it('Buildkite: runs buildkite-agent oidc request-token --audience without a shell', async () => {
    const calls: Array<{ file: string; args: string[] }> = [];
    const exec: Exec = async (file, args) => {
      calls.push({ file, args });
      return { stdout: `${JWT}\n`, stderr: '' };
    };
    const env = buildkite();
    const source = detectTokenSource(env);
    expect(await readJobToken(source, { audience: "https://stint.test/'$(x)", env, exec })).toBe(JWT);
    expect(calls).toEqual([
      {
        file: join(binDir, 'buildkite-agent'),
        args: ['oidc', 'request-token', '--audience', "https://stint.test/'$(x)"],
      },
    ]);
  });

  it('Buildkite: a failing agent is ERR_ID_TOKEN_REQUEST_FAILED with its last stderr line', async () => {
    const agent = join(binDir, 'failing', 'buildkite-agent');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(binDir, 'failing'), { recursive: true });
    writeFileSync(
      agent,
      '#!/bin/sh\necho "noise" >&2\necho "fatal: OIDC token request failed: 403 Forbidden" >&2\nexit 1\n',
    );
    chmodSync(agent, 0o755);
    const env = { BUILDKITE: 'true', PATH: join(binDir, 'failing') };
    const error = await readJobToken(detectTokenSource(env), { audience: 'a', env }).catch((e: unknown) => e);
    expect(isStintError(error, 'ERR_ID_TOKEN_REQUEST_FAILED')).toBe(true);
    expect((error as Error).message).toBe(
      'buildkite-agent oidc request-token failed (exit 1): fatal: OIDC token request failed: 403 Forbidden',
    );
  });
});
