import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StintError } from '../lib/errors.js';
import { isRetryableStatus, RemoteError } from '../lib/retry.js';
import type { ProviderKind } from './types.js';

/**
 * Where `stint exchange` gets the job's OIDC ID token, in each CI.
 *
 * Precedence when several are present (fixed; README "Token sources" documents it):
 *  1. `--provider X` names the CI: only X's source is considered, and if it is missing the
 *     error says exactly what to add. No fallback: a job that says what it is never silently
 *     exchanges some other token.
 *  2. `--id-token-env VAR` (with `--provider auto`): the token in VAR; the CI is named from
 *     the environment's markers when one is recognised.
 *  3. GitHub Actions runtime request: ACTIONS_ID_TOKEN_REQUEST_URL + _TOKEN (only present when
 *     the job has `permissions: id-token: write`; mints a fresh token per request).
 *  4. GitLab: GITLAB_CI=true and the `id_tokens:` variable STINT_ID_TOKEN.
 *  5. CircleCI: CIRCLECI=true and CIRCLE_OIDC_TOKEN_V2.
 *  6. Buildkite: BUILDKITE=true and `buildkite-agent` on PATH (mints per request).
 *  7. Jenkins: JENKINS_URL and STINT_ID_TOKEN bound from the OIDC provider plugin's credential.
 *  8. STINT_ID_TOKEN anywhere else (a CI stint does not recognise, or a local test).
 * Sources that can mint come first among the CIs' own because they give a fresh token per
 * attempt with the audience asked for; the env-var CIs are ordered by how unambiguous their
 * marker is (GitLab and Jenkins share the variable name STINT_ID_TOKEN, so their markers decide).
 */
export type TokenSource =
  | {
      kind: 'github-request';
      provider: 'github';
      /** ACTIONS_ID_TOKEN_REQUEST_URL (has a query string already). */
      requestUrl: string;
      /** ACTIONS_ID_TOKEN_REQUEST_TOKEN: a runner credential, never printed. */
      requestToken: string;
      reason: string;
    }
  | {
      kind: 'env';
      provider: ProviderKind | undefined;
      /** The variable holding the ID token. */
      variable: string;
      reason: string;
    }
  | {
      kind: 'buildkite-agent';
      provider: 'buildkite';
      /** Absolute path of `buildkite-agent` found on PATH. */
      agentPath: string;
      reason: string;
    };

export type ProviderChoice = 'auto' | ProviderKind;

export const PROVIDER_CHOICES: readonly ProviderChoice[] = [
  'auto',
  'github',
  'gitlab',
  'circleci',
  'jenkins',
  'buildkite',
];

export interface DetectOptions {
  provider?: ProviderChoice;
  /** Overrides the variable an env-var source reads (GitLab, CircleCI, Jenkins, or any). */
  idTokenEnv?: string;
}

/** The default variable each env-var CI puts its ID token in. */
export const DEFAULT_TOKEN_ENV = {
  gitlab: 'STINT_ID_TOKEN',
  circleci: 'CIRCLE_OIDC_TOKEN_V2',
  jenkins: 'STINT_ID_TOKEN',
} as const;

/** True when the source gives a new ID token on every read (so a retried exchange is not a replay). */
export function canMintFreshTokens(source: TokenSource): boolean {
  return source.kind !== 'env';
}

/**
 * Picks the token source `stint exchange` would use here and says why.
 * Throws `ERR_TOKEN_SOURCE_NOT_FOUND` naming the missing variable and how to get it in that CI.
 *
 * @example
 * const source = detectTokenSource(process.env, { provider: 'auto' });
 * console.log(source.reason); // "GitLab CI (GITLAB_CI=true) with the id_tokens variable STINT_ID_TOKEN"
 */
export function detectTokenSource(env: NodeJS.ProcessEnv, options: DetectOptions = {}): TokenSource {
  const provider = options.provider ?? 'auto';
  const idTokenEnv = options.idTokenEnv;
  if (idTokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(idTokenEnv)) {
    throw new StintError('ERR_USAGE', `--id-token-env must be an environment variable name, got '${idTokenEnv}'`);
  }
  if (provider !== 'auto') return explicitSource(env, provider, idTokenEnv);

  if (idTokenEnv !== undefined) {
    const ci = recogniseCi(env);
    if (!isSet(env[idTokenEnv])) {
      throw notFound(
        `${idTokenEnv} is not set (named by --id-token-env). ${ci ? howToGet(ci, idTokenEnv) : ''}`.trim(),
      );
    }
    return {
      kind: 'env',
      provider: ci,
      variable: idTokenEnv,
      reason: `--id-token-env ${idTokenEnv}${ci ? ` in ${CI_NAMES[ci]}` : ''}`,
    };
  }
  const github = githubRequest(env);
  if (github) return github;
  if (env.GITLAB_CI === 'true' && isSet(env[DEFAULT_TOKEN_ENV.gitlab])) {
    return envSource(
      'gitlab',
      DEFAULT_TOKEN_ENV.gitlab,
      `GitLab CI (GITLAB_CI=true) with the id_tokens variable ${DEFAULT_TOKEN_ENV.gitlab}`,
    );
  }
  if (env.CIRCLECI === 'true' && isSet(env[DEFAULT_TOKEN_ENV.circleci])) {
    return envSource(
      'circleci',
      DEFAULT_TOKEN_ENV.circleci,
      `CircleCI (CIRCLECI=true) with ${DEFAULT_TOKEN_ENV.circleci}`,
    );
  }
  if (env.BUILDKITE === 'true') {
    const agentPath = findOnPath('buildkite-agent', env);
    if (agentPath)
      return {
        kind: 'buildkite-agent',
        provider: 'buildkite',
        agentPath,
        reason: `Buildkite (BUILDKITE=true) with buildkite-agent at ${agentPath}`,
      };
  }
  if (isSet(env.JENKINS_URL) && isSet(env[DEFAULT_TOKEN_ENV.jenkins])) {
    return envSource(
      'jenkins',
      DEFAULT_TOKEN_ENV.jenkins,
      `Jenkins (JENKINS_URL is set) with ${DEFAULT_TOKEN_ENV.jenkins} bound from the OIDC credential`,
    );
  }
  if (isSet(env.STINT_ID_TOKEN)) {
    return envSource(undefined, 'STINT_ID_TOKEN', 'STINT_ID_TOKEN is set (no CI recognised)');
  }
  const ci = recogniseCi(env);
  if (ci) throw notFound(`this looks like ${CI_NAMES[ci]}, but ${missingFor(ci, undefined, env)}`);
  throw notFound(
    'no CI OIDC token found: looked for ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN (GitHub), STINT_ID_TOKEN (GitLab, Jenkins), ' +
      'CIRCLE_OIDC_TOKEN_V2 (CircleCI) and buildkite-agent (Buildkite). Pass --provider, or --id-token-env VAR naming the variable that holds the token',
  );
}

function explicitSource(env: NodeJS.ProcessEnv, provider: ProviderKind, idTokenEnv: string | undefined): TokenSource {
  switch (provider) {
    case 'github': {
      if (idTokenEnv !== undefined)
        return requireEnv(env, 'github', idTokenEnv, `--provider github --id-token-env ${idTokenEnv}`);
      const source = githubRequest(env);
      if (source) return { ...source, reason: '--provider github: the Actions runtime token request' };
      throw notFound(missingFor('github', undefined, env));
    }
    case 'buildkite': {
      if (idTokenEnv !== undefined)
        return requireEnv(env, 'buildkite', idTokenEnv, `--provider buildkite --id-token-env ${idTokenEnv}`);
      const agentPath = findOnPath('buildkite-agent', env);
      if (agentPath)
        return {
          kind: 'buildkite-agent',
          provider: 'buildkite',
          agentPath,
          reason: `--provider buildkite: buildkite-agent at ${agentPath}`,
        };
      throw notFound(missingFor('buildkite', undefined, env));
    }
    case 'gitlab':
    case 'circleci':
    case 'jenkins': {
      const variable = idTokenEnv ?? DEFAULT_TOKEN_ENV[provider];
      return requireEnv(env, provider, variable, `--provider ${provider}: ${variable}`);
    }
  }
}

function requireEnv(env: NodeJS.ProcessEnv, provider: ProviderKind, variable: string, reason: string): TokenSource {
  if (!isSet(env[variable])) throw notFound(missingFor(provider, variable, env));
  return envSource(provider, variable, reason);
}

function envSource(provider: ProviderKind | undefined, variable: string, reason: string): TokenSource {
  return { kind: 'env', provider, variable, reason };
}

function githubRequest(env: NodeJS.ProcessEnv): TokenSource | undefined {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!isSet(requestUrl) || !isSet(requestToken)) return undefined;
  return {
    kind: 'github-request',
    provider: 'github',
    requestUrl,
    requestToken,
    reason: 'GitHub Actions runtime token request (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set)',
  };
}

const CI_NAMES: Record<ProviderKind, string> = {
  github: 'GitHub Actions',
  gitlab: 'GitLab CI',
  circleci: 'CircleCI',
  jenkins: 'Jenkins',
  buildkite: 'Buildkite',
};

/** Which CI this environment is, from the markers each CI always sets; undefined when none. */
export function recogniseCi(env: NodeJS.ProcessEnv): ProviderKind | undefined {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  if (env.CIRCLECI === 'true') return 'circleci';
  if (env.BUILDKITE === 'true') return 'buildkite';
  if (isSet(env.JENKINS_URL)) return 'jenkins';
  return undefined;
}

/** The sentence that names what is missing for `provider` and how to get it in that CI. */
function missingFor(provider: ProviderKind, variable: string | undefined, env: NodeJS.ProcessEnv): string {
  switch (provider) {
    case 'github': {
      if (variable !== undefined) return `${variable} is not set. ${howToGet('github', variable)}`;
      const missing = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].filter(
        (name) => !isSet(env[name]),
      );
      return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ${howToGet('github', variable)}`;
    }
    case 'buildkite':
      if (variable !== undefined) return `${variable} is not set. ${howToGet('buildkite', variable)}`;
      return `buildkite-agent is not on PATH. ${howToGet('buildkite', variable)}`;
    default: {
      const name = variable ?? DEFAULT_TOKEN_ENV[provider];
      return `${name} is not set. ${howToGet(provider, name)}`;
    }
  }
}

function howToGet(provider: ProviderKind, variable: string | undefined): string {
  switch (provider) {
    case 'github':
      return 'Give the job `permissions: { id-token: write }` (GitHub sets the runtime request variables only then).';
    case 'gitlab':
      return `Add \`id_tokens: { ${variable}: { aud: <broker issuer> } }\` to the job, or extend the \`.stint\` job of recipes/gitlab.`;
    case 'circleci':
      return `CircleCI issues ${DEFAULT_TOKEN_ENV.circleci} to jobs that use a context: add \`context: <name>\` to the job in the workflow${variable !== DEFAULT_TOKEN_ENV.circleci ? `, or drop --id-token-env to read ${DEFAULT_TOKEN_ENV.circleci}` : ''}.`;
    case 'jenkins':
      return `Bind the OIDC provider plugin's credential: withCredentials([string(credentialsId: '<id token credential>', variable: '${variable}')]) { … }, or use the stint shared library of recipes/jenkins.`;
    case 'buildkite':
      return 'Run stint inside a Buildkite job, where the agent puts buildkite-agent on PATH (or use the stint plugin of recipes/buildkite).';
  }
}

function notFound(message: string): StintError {
  return new StintError('ERR_TOKEN_SOURCE_NOT_FOUND', message);
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** The absolute path of an executable `name` on env.PATH (the job's PATH, not ours), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; rejects with `code` (exit status) and `stderr` on failure. */
export type Exec = (
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number },
) => Promise<ExecResult>;

export interface ReadJobTokenDeps {
  /** The audience to ask for, where the source can ask (GitHub, Buildkite). */
  audience: string;
  /** The job's environment (env-var sources read it; buildkite-agent runs with it). */
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  exec?: Exec;
  /** For one token request or agent call. */
  timeoutMs?: number;
}

/**
 * Reads (or mints) one ID token from `source`.
 * Errors: `RemoteError` `ERR_ID_TOKEN_REQUEST_FAILED` (with `status` when an HTTP answer came
 * back, and `retryable` for network errors, timeouts, 408, 429 and 5xx, so `exchangeWithRetry`
 * asks again within its budget), `ERR_ID_TOKEN_INVALID` when what came back is not a JWT.
 * Never puts the token or the runner's request credential in a message.
 *
 * @example
 * const jwt = await readJobToken(source, { audience: 'https://stint.example.com', env: process.env });
 */
export async function readJobToken(source: TokenSource, deps: ReadJobTokenDeps): Promise<string> {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  switch (source.kind) {
    case 'env':
      return requireJwt((deps.env[source.variable] ?? '').trim(), source.variable);
    case 'github-request':
      return requestGithubToken(source.requestUrl, source.requestToken, deps.audience, deps.fetch ?? fetch, timeoutMs);
    case 'buildkite-agent':
      return requestBuildkiteToken(source.agentPath, deps.audience, deps.env, deps.exec ?? execFileNoShell, timeoutMs);
  }
}

async function requestGithubToken(
  requestUrl: string,
  requestToken: string,
  audience: string,
  fetchFn: typeof fetch,
  timeoutMs: number,
): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json; api-version=2.0' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw requestError(`the GitHub ID token request to ${url.origin} failed: ${(error as Error).message}`, {
      retryable: true,
      cause: error,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    const hint =
      response.status === 401 || response.status === 403 ? ' (is ACTIONS_ID_TOKEN_REQUEST_TOKEN from this job?)' : '';
    throw requestError(`the GitHub ID token request answered HTTP ${response.status}${hint}`, {
      status: response.status,
      retryable: isRetryableStatus(response.status),
    });
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string')
    throw new StintError('ERR_ID_TOKEN_INVALID', 'the GitHub ID token request answered without a "value" string');
  return requireJwt(value, 'the GitHub ID token response');
}

async function requestBuildkiteToken(
  agentPath: string,
  audience: string,
  env: NodeJS.ProcessEnv,
  exec: Exec,
  timeoutMs: number,
): Promise<string> {
  let result: ExecResult;
  try {
    // Arguments go to execFile as a list: no shell ever sees the audience.
    result = await exec(agentPath, ['oidc', 'request-token', '--audience', audience], { env, timeoutMs });
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: unknown };
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? `: ${lastLine(stderr)}` : '';
    // The agent retries its own API calls; a failure here is final for this attempt.
    throw requestError(`buildkite-agent oidc request-token failed (exit ${String(code ?? 'unknown')})${detail}`, {
      cause: error,
    });
  }
  return requireJwt(result.stdout.trim(), 'buildkite-agent oidc request-token');
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

function requestError(
  message: string,
  details: { status?: number; retryable?: boolean; cause?: unknown },
): RemoteError {
  return new RemoteError('ERR_ID_TOKEN_REQUEST_FAILED', message, details);
}

/** A compact JWS is three base64url parts; anything else would only fail at the broker, less clearly. */
function requireJwt(value: string, where: string): string {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) {
    throw new StintError(
      'ERR_ID_TOKEN_INVALID',
      `${where} does not hold a JWT (expected three base64url parts separated by dots)`,
    );
  }
  return value;
}

function execFileNoShell(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: options.env, timeout: options.timeoutMs, maxBuffer: 1024 * 1024, shell: false },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }));
        else resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
