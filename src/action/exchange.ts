/**
 * The token half of the main step: the broker URL as the default audience, the runner's ID
 * token request, and the exchange, all inside one retry budget. Part of the main bundle itself,
 * not a chunk loaded with `import()`: every job with a broker runs it, and a chunk is one more
 * file to read and compile (issue 18). What it imports at load is code only; the built-in
 * modules it uses (node:http, node:crypto, node:net) load on first use.
 */
import { defaultAudience } from '../client/audience.js';
import { type ExchangeResult, exchangeWithRetry } from '../client/broker-client.js';
import { StintError } from '../lib/errors.js';
import { fingerprint } from '../lib/fingerprint.js';
import type { HttpClient } from '../lib/http.js';
import type { RetryOptions } from '../lib/retry.js';
import { runtimeRequest } from '../providers/github.js';
import { readJobToken, type TokenSource } from '../providers/job-token.js';

/** Longest one ID token request may take. */
const ID_TOKEN_TIMEOUT_MS = 10_000;

export interface ExchangeStep {
  result: ExchangeResult;
  audience: string;
  /** `sha256:<hex>` of the access token. */
  fingerprint: string;
  /** The ID token the broker accepted (masked already), for the summary's identity. */
  idToken: string | undefined;
}

export interface ExchangeStepOptions {
  brokerUrl: string;
  project: string;
  audience?: string;
  scope?: string;
  ttl?: string;
  budgetMs: number;
  env: NodeJS.ProcessEnv;
  http?: HttpClient;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Registers a secret with the runner; called with every ID token before it is used. */
  mask: (secret: string) => void;
  info: (message: string) => void;
}

/**
 * The default audience (unless `audience` is given: the broker URL, checked against the broker's
 * discovery), then the exchange with a fresh ID token per attempt.
 * Discovery and the exchange share one deadline, `budgetMs` from now.
 */
export async function exchangeForToken(options: ExchangeStepOptions): Promise<ExchangeStep> {
  const deadline = options.now() + options.budgetMs;
  const retry = (): RetryOptions => ({
    budgetMs: Math.max(1, deadline - options.now()),
    ...(options.http ? { http: options.http } : {}),
    now: options.now,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    onRetry: ({ delayMs, reason }) => {
      options.info(`stint: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
      return true; // every attempt asks the runner for a fresh ID token, so a retry is always possible
    },
  });
  // The job's own precondition first: without `id-token: write` nothing else can help, and a
  // broker that is down too must not hide it.
  const source = idTokenRequest(options.env);
  const audience = options.audience ?? (await defaultAudience(options.brokerUrl, retry()));
  let idToken: string | undefined;
  const result = await exchangeWithRetry({
    ...retry(),
    brokerUrl: options.brokerUrl,
    project: options.project,
    audience,
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
    getIdToken: async (aud) => {
      // The runner's token service gets the same deadline as the broker.
      const timeoutMs = Math.max(1, Math.min(ID_TOKEN_TIMEOUT_MS, deadline - options.now()));
      const token = await readJobToken(source, {
        audience: aud,
        env: options.env,
        timeoutMs,
        ...(options.http ? { http: options.http } : {}),
      });
      options.mask(token);
      idToken = token;
      return token;
    },
  });
  return { result, audience, fingerprint: fingerprint(result.access_token), idToken };
}

/** The runner's ID token request, or the one error a job without `id-token: write` gets. */
function idTokenRequest(env: NodeJS.ProcessEnv): TokenSource {
  const found = runtimeRequest.find(env);
  if (found === undefined) {
    throw new StintError(
      'ERR_ID_TOKEN_PERMISSION',
      'this job cannot request an OIDC ID token (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are not set). Add `permissions: id-token: write` to the job or workflow; pull requests from forks never get one',
    );
  }
  return { kind: runtimeRequest.kind, provider: 'github', reason: found.describe, request: found.request };
}
