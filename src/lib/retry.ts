/**
 * The classified, bounded retry every outbound client shares (the broker client, the CI ID-token
 * requests): which answers are worth another attempt (`isRetryableStatus`,
 * `isRetryableHttpError`), how long to wait, when to give up.
 * See docs/architecture.md.
 */
import { type ErrorCode, StintError } from './errors.js';
import { type HttpClient, type HttpError, isTlsRefusal } from './http.js';
import { DEFAULT_BUDGET_MS } from './retry-budget.js';

/** The outside world the retry loop needs; tests pass a fixed clock, no-op sleep, fixed randomness. */
export interface RetryOptions {
  /** Total time for all attempts and the waits between them. Default 60 s. */
  budgetMs?: number;
  /** Longest a single attempt may take (connect + answer). Default 15 s, never beyond the budget. */
  attemptTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); the jitter source. */
  random?: () => number;
  /** The HTTP client (src/lib/http.ts); tests hand in their own. */
  http?: HttpClient;
  /**
   * Called before each wait, e.g. to log "retrying in 1.2 s". Never receives a secret. Returning
   * `false` stops at once, without the wait: the last error is thrown (a caller that knows the
   * next attempt cannot succeed, e.g. a single-use ID token the broker may have recorded).
   */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string; error: RemoteError }) => boolean | undefined;
  /**
   * No retry starts at or after `atMs` (by `now`), whatever is left of the budget; the first
   * attempt is made regardless. Giving up for it hands `why` to `giveUp`. The post step's
   * revocation: a token past its expiry (plus the clock skew stint allows) is dead everywhere.
   */
  retryUntil?: { atMs: number; why: string };
}

export { DEFAULT_BUDGET_MS } from './retry-budget.js';

const DEFAULT_ATTEMPT_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/**
 * An error from a remote system (the broker, or the runner's ID token service). It carries what
 * the server said so the caller can show it: `status`, the OAuth `error` code, the broker's
 * `error_description` as `description`, and its `request_id` as `requestId` (to find the
 * audit event). `retryable` says whether another attempt could succeed.
 */
export class RemoteError extends StintError {
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly description: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  /** From Retry-After, when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: {
      status?: number;
      error?: string;
      description?: string;
      requestId?: string;
      retryable?: boolean;
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.name = 'RemoteError';
    this.status = details.status;
    this.error = details.error;
    this.description = details.description;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** What the broker's request ids look like: `randomUUID()` (src/broker/routes.ts). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The broker's request id (`request_id` in its error bodies, or `X-Request-Id`), or undefined for
 * anything that is not one. The broker sends a random UUID; anything else came from elsewhere (a
 * proxy, a server echoing what it was sent) and may hold a token, so it is dropped rather than
 * repeated where the id goes: the message, the action's job summary (which no mask covers).
 *
 * @example
 * brokerRequestId('3f0c5e7a-9b1d-4c2e-8f6a-0d4b2c1e9a77') // '3f0c5e7a-9b1d-4c2e-8f6a-0d4b2c1e9a77'
 * brokerRequestId('eyJ0eXAiOiJKV1Qi…')                    // undefined
 */
export function brokerRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && REQUEST_ID.test(value) ? value : undefined;
}

/** Whether an HTTP status is worth another attempt: 408, 429 and 5xx. Other 4xx never are. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether a request that got no usable answer is worth another attempt: a broken or refused
 * connection and a timeout are (the next attempt may get through); a server certificate this
 * machine does not accept, a TLS handshake the server refuses, an oversized answer and a redirect
 * are not (the same server would answer the same way).
 */
export function isRetryableHttpError(error: HttpError): boolean {
  return (error.kind === 'network' && !isTlsRefusal(error.reason)) || error.kind === 'timeout';
}

/**
 * `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Why the retries ended early: the server asked to wait longer than the budget has left. */
export interface WaitRefused {
  /** What the server's `Retry-After` asked for. */
  retryAfterMs: number;
  /** What was left of the budget then. */
  remainingMs: number;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the budget is spent.
 * Waits use full-jitter exponential backoff (`random() * min(cap, base * 2^n)`), or the
 * server's `Retry-After` when it sent one and it fits in what is left of the budget. Only
 * `RemoteError`s with `retryable: true` are retried; anything else is thrown at once. When the
 * budget runs out, `giveUp` turns the last error and the attempt count into the error to throw;
 * `refused` says when a `Retry-After` longer than the rest of the budget ended it.
 *
 * @example
 * const doc = await retryWithinBudget((signal) => getJson(url, signal), { budgetMs: 10_000 },
 *   (last) => last);
 */
export async function retryWithinBudget<T>(
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>,
  options: RetryOptions,
  giveUp: (
    last: RemoteError,
    attempts: number,
    elapsedMs: number,
    refused?: WaitRefused,
    stoppedBecause?: string,
  ) => Error,
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const attemptTimeout = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const started = now();
  const deadline = started + budget;

  for (let attemptNumber = 1; ; attemptNumber++) {
    const remaining = Math.max(1, deadline - now());
    const signal = AbortSignal.timeout(Math.min(attemptTimeout, remaining));
    try {
      return await attempt(signal, attemptNumber);
    } catch (error) {
      if (!(error instanceof RemoteError) || !error.retryable) throw error;
      const backoff = random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attemptNumber - 1));
      // Retry-After may lengthen the wait, never shorten it below the backoff: `Retry-After: 0`
      // must not turn the retries into a tight loop that also asks the CI for an ID token each time.
      const delay = error.retryAfterMs !== undefined ? Math.max(backoff, error.retryAfterMs) : backoff;
      // Give up now rather than sleep past the deadline: the caller wants an answer within its budget.
      const at = now();
      if (at + delay >= deadline) {
        const refused =
          error.retryAfterMs !== undefined && at + error.retryAfterMs >= deadline
            ? { retryAfterMs: error.retryAfterMs, remainingMs: Math.max(0, deadline - at) }
            : undefined;
        throw giveUp(error, attemptNumber, at - started, refused);
      }
      if (options.retryUntil !== undefined && at + delay >= options.retryUntil.atMs)
        throw giveUp(error, attemptNumber, at - started, undefined, options.retryUntil.why);
      if (options.onRetry?.({ attempt: attemptNumber, delayMs: delay, reason: error.message, error }) === false)
        throw error;
      await sleep(delay);
    }
  }
}
