/**
 * A job's ID token source, once `token-source.ts` has chosen it, and reading one token from it.
 * Kept apart from the choosing (which knows every CI) so the action, which only ever reads
 * GitHub's, bundles no other CI.
 */
import { type HttpClient, httpRequest } from '../lib/http.js';
import type { Exec, RequestIo } from './descriptor.js';
import type { ProviderKind } from './registry.js';
import { execFileNoShell, requireJwt } from './request-helpers.js';

/** Where the job's ID token comes from: see `detectTokenSource` for how one is chosen. */
export type TokenSource = EnvTokenSource | RequestTokenSource;

/** An ID token the CI put in a variable: single-use, minted with the audience the job configured. */
export interface EnvTokenSource {
  kind: 'env';
  provider: ProviderKind | undefined;
  /** The variable holding the ID token. */
  variable: string;
  reason: string;
}

/** A request that mints a fresh ID token per call, with the audience asked for. */
export interface RequestTokenSource {
  /** The CI's request ('github-request', 'buildkite-agent'), as `stint status --json` reports it. */
  kind: `${string}-${string}`;
  provider: ProviderKind;
  reason: string;
  /** Holds whatever credential the request needs (never printed); see `RequestOrigin.find`. */
  request(audience: string, io: RequestIo): Promise<string>;
}

/** True when the source gives a new ID token on every read (so a retried exchange is not a replay). */
export function canMintFreshTokens(source: TokenSource): source is RequestTokenSource {
  return source.kind !== 'env';
}

export interface ReadJobTokenDeps {
  /** The audience to ask for, where the source can ask (GitHub, Buildkite). */
  audience: string;
  /** The job's environment (env-var sources read it; a CI's program runs with it). */
  env: NodeJS.ProcessEnv;
  /** Default src/lib/http.ts. */
  http?: HttpClient;
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
  if (!canMintFreshTokens(source)) return requireJwt((deps.env[source.variable] ?? '').trim(), source.variable);
  return source.request(deps.audience, {
    env: deps.env,
    http: deps.http ?? httpRequest,
    exec: deps.exec ?? execFileNoShell,
    timeoutMs: deps.timeoutMs ?? 10_000,
  });
}
