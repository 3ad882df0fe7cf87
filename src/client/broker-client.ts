/**
 * The broker client used by the GitHub Action and by `stint exchange`: discovery, the exchange
 * with classified and bounded retries, and revocation.
 *
 * HTTP client: src/lib/http.ts (node:http/https, not the global `fetch`, whose first use loads
 * undici and slows the action's start). Any caller may pass its own `http` (RetryOptions); tests
 * talk to real servers on 127.0.0.1.
 */
import type { JSONWebKeySet } from 'jose';
import { type ErrorCode, StintError } from '../lib/errors.js';
import {
  certificateProblem,
  type HttpClient,
  HttpError,
  type HttpRequest,
  httpRequest,
  isHttpsPortAnswer,
  isPlainHttpPort,
  isTlsRefusal,
} from '../lib/http.js';
import { PLAIN_HTTP_ONLY_HERE, sendsInClear } from '../lib/loopback.js';
import {
  brokerRequestId,
  isRetryableHttpError,
  isRetryableStatus,
  parseRetryAfter,
  RemoteError,
  type RetryOptions,
  retryWithinBudget,
  type WaitRefused,
} from '../lib/retry.js';
import { REVOKE_BUDGET_MS } from '../lib/retry-budget.js';

/** What the broker answers to a successful exchange (docs/broker.md#endpoints). */
export interface ExchangeResult {
  access_token: string;
  token_type: string;
  expires_in: number;
  /** RFC 3339 (normalised: the broker may send unix seconds). */
  expires_at: string;
  /** space-separated */
  scope: string;
  project: string;
  audit_id: string;
}

/** The parts of the broker's discovery document the clients use. */
export interface BrokerDiscovery {
  issuer: string;
  jwks_uri?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
  token_endpoint?: string;
  [name: string]: unknown;
}

/**
 * What the user of this client sets, in the words of where they set it, so an error names the
 * setting to change: the GitHub Action's inputs (`ACTION_SETTINGS`), or the flags and recipe
 * settings of `stint exchange` in each CI (each CI's descriptor, `token.settings`).
 */
export interface ClientSettings {
  /** Where the broker URL is set: 'broker-url input'. */
  brokerUrl: string;
  /** Where the ID token's audience is asked for: 'audience input'. */
  audience: string;
  /** What to change when the broker refuses the ID token's audience: one sentence, no full stop. */
  audienceFix: string;
  /** Where the exchange's project, scope and ttl are set: 'project, scope and ttl inputs'. */
  request: string;
  /** Where the scopes asked for are set: 'scope input'; default 'scope'. */
  scope?: string;
  /** Where the project is named: 'project input'; default 'project'. */
  project?: string;
}

/** Where a caller of discovery, the key set or revocation set the broker URL, for the unreachable-broker hint. */
export interface BrokerUrlSetting {
  /** Default: both the action's input and the flag, for callers that do not say. */
  settings?: Pick<ClientSettings, 'brokerUrl'>;
}

/** What the unreachable-broker hint names when the caller does not say where the broker URL is set. */
const EITHER_BROKER_SETTING = 'broker-url input, or --broker';

/** The GitHub Action's inputs (action.yml). */
export const ACTION_SETTINGS: ClientSettings = {
  brokerUrl: 'broker-url input',
  audience: 'audience input',
  audienceFix: "Set the audience input to the broker's issuer, or leave it empty to use the broker URL itself",
  request: 'project, scope and ttl inputs',
  scope: 'scope input',
  project: 'project input',
};

export interface ExchangeOptions extends RetryOptions {
  brokerUrl: string;
  project: string;
  /** Space-separated scopes; default: everything the policy grants. */
  scope?: string;
  /** Seconds, or `90s`/`15m`/`1h`. */
  ttl?: string | number;
  /** Audience of the CI's ID token (the caller decides; by default the broker URL: `defaultAudience`). */
  audience: string;
  /** Asked again before every attempt: the broker refuses a replayed ID token. */
  getIdToken: (audience: string) => Promise<string>;
  /** What the user sets, for the hints in errors; default `ACTION_SETTINGS`. */
  settings?: ClientSettings;
}

/** Answers are small JSON documents; anything larger is not our broker. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * Exchanges the CI's OIDC token for a stint token at `POST /auth/oidc/exchange`, retrying
 * network errors, timeouts, 408, 429 and 5xx within `budgetMs` (default 60 s). Every attempt
 * calls `getIdToken` again, because the broker refuses an ID token it has already seen. Errors
 * from `getIdToken` that are `RemoteError`s with `retryable: true` are retried in the same budget.
 *
 * Throws `RemoteError` with code `ERR_EXCHANGE_DENIED` (403), `ERR_ID_TOKEN_REJECTED` (401:
 * signature, audience, expiry or clock skew), `ERR_EXCHANGE_INVALID` (other 4xx),
 * `ERR_EXCHANGE_RATE_LIMITED` (429 until the budget ran out), `ERR_BROKER_UNREACHABLE`
 * (no answer), `ERR_BROKER_CERT_REJECTED` (the broker's TLS certificate is not accepted here; not
 * retried) or `ERR_EXCHANGE_FAILED` (5xx or a malformed answer).
 *
 * @example
 * const token = await exchangeWithRetry({ brokerUrl, project: 'warehouse', audience: brokerUrl,
 *   getIdToken: (aud) => requestGithubIdToken(env, aud) });
 */
export async function exchangeWithRetry(options: ExchangeOptions): Promise<ExchangeResult> {
  const http = options.http ?? httpRequest;
  const url = endpoint(options.brokerUrl, 'auth/oidc/exchange');
  return retryWithinBudget(
    async (signal) => {
      const idToken = await options.getIdToken(options.audience);
      const body: Record<string, unknown> = { token: idToken, project: options.project };
      if (options.scope !== undefined && options.scope.trim() !== '') body.scope = options.scope.trim();
      if (options.ttl !== undefined && String(options.ttl).trim() !== '') {
        const ttl = String(options.ttl).trim();
        body.ttl = /^\d+$/.test(ttl) ? Number(ttl) : ttl;
      }
      const answer = await send(
        http,
        {
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
          signal,
        },
        'exchange',
        options.now ?? Date.now,
      );
      if (answer.status === 200) return readExchangeResult(answer.json, url);
      throw exchangeError(
        answer,
        options.project,
        options.settings ?? ACTION_SETTINGS,
        body.scope as string | undefined,
      );
    },
    options,
    giveUpAfter(
      options.brokerUrl,
      'ERR_EXCHANGE_FAILED',
      (options.settings ?? ACTION_SETTINGS).brokerUrl,
      // Both callers (the action and stint exchange) read their budget from it.
      'STINT_RETRY_BUDGET (seconds, at most 600) sets a longer one',
    ),
  );
}

/** What the broker's answer to a revocation tells beyond its 200. */
export interface Revoked {
  /**
   * The broker's clock when it answered (its `Date` header, epoch ms), undefined without one. The
   * broker reads a token's `exp` by its own clock, and answers 200 for an expired token as for a
   * revoked one (RFC 7009 §2.2), so this, not the caller's clock, says whether it had expired.
   */
  brokerTimeMs: number | undefined;
}

/**
 * Revokes a stint token at `POST /oauth2/revoke` (RFC 7009). Holding the token is enough.
 * Retries like the exchange, in a shorter budget (default REVOKE_BUDGET_MS, 30 s). Throws `RemoteError`
 * `ERR_REVOKE_FAILED` or `ERR_BROKER_UNREACHABLE`.
 *
 * @example
 * const { brokerTimeMs } = await revokeToken('https://stint.example.com', token);
 */
export async function revokeToken(
  brokerUrl: string,
  token: string,
  options: RetryOptions & BrokerUrlSetting = {},
): Promise<Revoked> {
  const http = options.http ?? httpRequest;
  const url = endpoint(brokerUrl, 'oauth2/revoke');
  return retryWithinBudget(
    async (signal) => {
      const answer = await send(
        http,
        {
          url,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
          signal,
        },
        'revoke',
        options.now ?? Date.now,
      );
      if (answer.status === 200) return { brokerTimeMs: answer.dateMs };
      throw new RemoteError('ERR_REVOKE_FAILED', `the broker refused to revoke the token: ${describeAnswer(answer)}`, {
        ...answerDetails(answer),
        retryable: isRetryableStatus(answer.status),
      });
    },
    { budgetMs: REVOKE_BUDGET_MS, ...options },
    giveUpAfter(brokerUrl, 'ERR_REVOKE_FAILED', options.settings?.brokerUrl),
  );
}

/**
 * Fetches the broker's discovery document (`/.well-known/openid-configuration`) and returns it.
 * Returns `undefined` when the broker has none (404, or an answer without an `issuer`); throws
 * `ERR_BROKER_UNREACHABLE` when the broker does not answer within the budget (default 30 s).
 * What it says is the broker's claim, never a value to trust: the ID token's audience comes from
 * the broker URL (`defaultAudience` in audience.ts), which this document may only confirm.
 *
 * @example
 * const issuer = (await discoverBroker(brokerUrl))?.issuer;
 */
export async function discoverBroker(
  brokerUrl: string,
  options: RetryOptions & BrokerUrlSetting = {},
): Promise<BrokerDiscovery | undefined> {
  const http = options.http ?? httpRequest;
  const url = endpoint(brokerUrl, '.well-known/openid-configuration');
  return retryWithinBudget(
    async (signal) => {
      const answer = await send(
        http,
        { url, method: 'GET', headers: { accept: 'application/json' }, signal },
        'discovery',
        options.now ?? Date.now,
      );
      if (answer.status === 200) {
        const doc = answer.json;
        if (isRecord(doc) && typeof doc.issuer === 'string' && doc.issuer !== '') return doc as BrokerDiscovery;
        return undefined;
      }
      if (isRetryableStatus(answer.status)) {
        throw new RemoteError('ERR_DISCOVERY_FAILED', `broker discovery failed: ${describeAnswer(answer)}`, {
          ...answerDetails(answer),
          retryable: true,
        });
      }
      return undefined;
    },
    { budgetMs: 30_000, ...options },
    giveUpAfter(brokerUrl, 'ERR_DISCOVERY_FAILED', options.settings?.brokerUrl),
  );
}

/**
 * Fetches the keys the broker at `brokerUrl` signs its tokens with (`/.well-known/jwks.json`
 * under the broker URL itself, never a URL its discovery document names). Returns `undefined`
 * when it serves none (an error status, or an answer without a `keys` list); throws
 * `ERR_BROKER_UNREACHABLE` when it does not answer within the budget (default 15 s).
 *
 * @example
 * const kids = (await brokerKeys(brokerUrl))?.keys.map((key) => key.kid);
 */
export async function brokerKeys(
  brokerUrl: string,
  options: RetryOptions & BrokerUrlSetting = {},
): Promise<JSONWebKeySet | undefined> {
  const http = options.http ?? httpRequest;
  const url = endpoint(brokerUrl, '.well-known/jwks.json');
  return retryWithinBudget(
    async (signal) => {
      const answer = await send(
        http,
        { url, method: 'GET', headers: { accept: 'application/json' }, signal },
        'key set',
        options.now ?? Date.now,
      );
      if (answer.status === 200) {
        const doc = answer.json;
        return isRecord(doc) && Array.isArray(doc.keys) && doc.keys.every(isRecord)
          ? (doc as unknown as JSONWebKeySet)
          : undefined;
      }
      if (isRetryableStatus(answer.status)) {
        throw new RemoteError(
          'ERR_DISCOVERY_FAILED',
          `the broker's key set could not be read: ${describeAnswer(answer)}`,
          {
            ...answerDetails(answer),
            retryable: true,
          },
        );
      }
      return undefined;
    },
    { budgetMs: 15_000, ...options },
    giveUpAfter(brokerUrl, 'ERR_DISCOVERY_FAILED', options.settings?.brokerUrl),
  );
}

/** Joins a path onto the broker URL, keeping any path prefix the broker is served under. */
export function endpoint(brokerUrl: string, path: string): string {
  let base: URL;
  try {
    base = new URL(brokerUrl);
  } catch {
    throw new StintError(
      'ERR_BROKER_URL_INVALID',
      `broker URL ${JSON.stringify(brokerUrl)} is not a URL; give it as https://stint.example.com`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new StintError(
      'ERR_BROKER_URL_INVALID',
      `broker URL ${JSON.stringify(brokerUrl)} must start with https:// (or http:// for a local broker)`,
    );
  }
  // Fail closed: over plain http the ID token and the stint token would cross the network in clear.
  if (sendsInClear(base)) {
    throw new StintError(
      'ERR_BROKER_URL_INVALID',
      `broker URL ${JSON.stringify(brokerUrl)} is plain http to another machine, which would send the tokens in clear; serve the broker over https (${PLAIN_HTTP_ONLY_HERE})`,
    );
  }
  if (base.username !== '' || base.password !== '') {
    throw new StintError('ERR_BROKER_URL_INVALID', 'broker URL must not carry a user name or password');
  }
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(path, base).toString();
}

interface Answer {
  status: number;
  json: unknown;
  text: string;
  retryAfterMs: number | undefined;
  requestIdHeader: string | undefined;
  /** The answer's `Date` header as epoch ms: the broker's clock when it answered (1 s resolution). */
  dateMs: number | undefined;
}

/**
 * One HTTP request; network errors and timeouts become retryable `ERR_BROKER_UNREACHABLE`, a
 * redirect `ERR_BROKER_REDIRECT` (a token must go only to the URL configured; retrying cannot help),
 * a refused server certificate `ERR_BROKER_CERT_REJECTED` (the same certificate every time).
 */
async function send(
  http: HttpClient,
  request: HttpRequest & { url: string },
  what: string,
  now: () => number,
): Promise<Answer> {
  const url = request.url;
  let response: Awaited<ReturnType<HttpClient>>;
  try {
    response = await http({ ...request, maxResponseBytes: MAX_RESPONSE_BYTES });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.kind === 'redirect') {
      throw new RemoteError(
        'ERR_BROKER_REDIRECT',
        `the ${what} request to ${origin(url)} was redirected; set the broker URL (broker-url input, or --broker) to the broker's final URL (https://…)`,
        { cause: error },
      );
    }
    if (error.kind === 'too-large') {
      throw new RemoteError(
        'ERR_EXCHANGE_FAILED',
        `the broker's answer is larger than ${MAX_RESPONSE_BYTES} bytes; is the broker URL that of a stint broker?`,
        { ...(error.status !== undefined ? { status: error.status } : {}), cause: error },
      );
    }
    if (error.kind === 'certificate') {
      // Not transient: every retry would meet the same certificate (and, with the audience input
      // set, ask the runner for another ID token each time).
      throw new RemoteError(
        'ERR_BROKER_CERT_REJECTED',
        `the ${what} request to ${origin(url)} failed: this runner does not accept the broker's TLS certificate (${error.reason}). ${certificateFix(error.reason)}`,
        { cause: error },
      );
    }
    if (error.kind === 'network' && isTlsRefusal(error.reason)) {
      throw new RemoteError(
        'ERR_BROKER_UNREACHABLE',
        `${what} request to ${origin(url)} failed in the TLS handshake (${error.reason}): ${tlsRefusalFix(error.reason)}`,
        { retryable: false, cause: error },
      );
    }
    throw new RemoteError('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed: ${error.reason}`, {
      retryable: isRetryableHttpError(error),
      cause: error,
    });
  }
  const text = response.text();
  if (new URL(url).protocol === 'http:' && isHttpsPortAnswer(response.status, text)) {
    // Not worth a retry: the same port answers plain HTTP the same way every time.
    const { host } = new URL(url);
    throw new RemoteError(
      'ERR_BROKER_UNREACHABLE',
      `${what} request to ${origin(url)} got HTTP 400: that port serves HTTPS, not plain HTTP; start the broker URL (${EITHER_BROKER_SETTING}) with https://, as in https://${host}`,
      { status: 400, retryable: false },
    );
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    json,
    text,
    retryAfterMs: parseRetryAfter(response.header('retry-after'), now()),
    requestIdHeader: response.header('x-request-id'),
    dateMs: dateHeader(response.header('date')),
  };
}

/** An HTTP `Date` header as epoch ms; undefined when absent or not a date. */
function dateHeader(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** What to do about a broker certificate this runner refused, from Node's verification code. */
function certificateFix(code: string): string {
  switch (certificateProblem(code)) {
    case 'dates':
      return "Renew the broker's certificate (or, if it is valid, set this runner's clock right)";
    case 'host':
      return 'The certificate does not name this host: set the broker URL (broker-url input, or --broker) to a name the certificate holds, or reissue it for this name';
    case 'trust':
      return "Its CA is not one this runner trusts: give the CA certificate to Node with NODE_EXTRA_CA_CERTS=/path/ca.pem in the job's environment (or serve the chain with its intermediates, or a certificate from a public CA)";
    default:
      return 'Check the certificate chain the broker serves (openssl s_client -connect HOST:443 -showcerts)';
  }
}

/** What to do about a TLS handshake the broker's address refused, from OpenSSL's code. */
function tlsRefusalFix(code: string): string {
  if (isPlainHttpPort(code))
    return 'nothing speaks TLS on that port: if the broker serves plain HTTP, use http:// (loopback only), else the port its TLS listens on';
  if (code.includes('PROTOCOL')) return "the server and this runner's Node share no TLS version: serve TLS 1.2 or 1.3";
  if (code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')
    return "the server wants a client certificate (stint presents none to the broker) or offers no cipher this runner's Node accepts";
  return 'the server (or a proxy in front of it) wants a client certificate, which stint does not present to the broker: let the runner reach the broker without mutual TLS';
}

function answerDetails(answer: Answer): {
  status: number;
  error?: string;
  description?: string;
  requestId?: string;
  retryAfterMs?: number;
} {
  const body = isRecord(answer.json) ? answer.json : {};
  const details: { status: number; error?: string; description?: string; requestId?: string; retryAfterMs?: number } = {
    status: answer.status,
  };
  if (typeof body.error === 'string') details.error = body.error;
  if (typeof body.error_description === 'string') details.description = body.error_description;
  // Only an id shaped like the broker's: a server that echoes what it was sent could put the ID token here.
  const requestId = brokerRequestId(body.request_id) ?? brokerRequestId(answer.requestIdHeader);
  if (requestId !== undefined) details.requestId = requestId;
  if (answer.retryAfterMs !== undefined) details.retryAfterMs = answer.retryAfterMs;
  return details;
}

/** `HTTP 403 access_denied: <description> (request_id …)` — never the request body. */
function describeAnswer(answer: Answer): string {
  const d = answerDetails(answer);
  let text = `HTTP ${answer.status}`;
  if (d.error) text += ` ${d.error}`;
  if (d.description) text += `: ${d.description}`;
  if (d.requestId) text += ` (request_id ${d.requestId})`;
  return text;
}

function exchangeError(
  answer: Answer,
  project: string,
  settings: ClientSettings,
  /** The scopes asked for, as sent. */
  scope: string | undefined,
): RemoteError {
  const details = answerDetails(answer);
  const status = answer.status;
  const said = describeAnswer(answer);
  if (isRetryableStatus(status)) {
    const code = status === 429 ? 'ERR_EXCHANGE_RATE_LIMITED' : 'ERR_EXCHANGE_FAILED';
    return new RemoteError(code, `the broker could not complete the exchange: ${said}`, {
      ...details,
      retryable: true,
    });
  }
  if (status === 403 && details.error === 'invalid_scope') {
    // The job is trusted; what it asked for is not granted. The policy is fine as it is.
    const where = settings.scope ?? 'scope';
    const commas = scope?.includes(',')
      ? `: scopes are separated by spaces, not commas (${JSON.stringify(scope.replace(/\s*,\s*/g, ' ').trim())})`
      : '';
    return new RemoteError(
      'ERR_EXCHANGE_DENIED',
      `the broker denied a token for project ${project}: ${said}. Check the scopes you ask for (${where})${commas}; ask only for scopes the project's trust rules grant this job, or leave it empty for all of them`,
      details,
    );
  }
  if (status === 403) {
    return new RemoteError(
      'ERR_EXCHANGE_DENIED',
      `the broker denied a token for project ${project}: ${said}. Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows; check the spelling of the project (${settings.project ?? 'project'}) too: the broker answers a project it does not have the same way`,
      details,
    );
  }
  if (status === 401) {
    const hint = rejectionHint(details.description ?? '', settings);
    return new RemoteError(
      'ERR_ID_TOKEN_REJECTED',
      `the broker rejected this job's ID token: ${said}${hint === undefined ? '' : `. ${hint}`}`,
      details,
    );
  }
  if (status === 404) {
    // The broker answers 404 only for a path it does not serve: the URL, not the request, is wrong.
    return new RemoteError(
      'ERR_EXCHANGE_INVALID',
      `the broker URL serves no stint exchange: ${said}. Check the broker URL (${settings.brokerUrl}): give the broker's base URL, the one its /.well-known/openid-configuration is under, without /auth/oidc/exchange or another endpoint's path`,
      details,
    );
  }
  return new RemoteError(
    'ERR_EXCHANGE_INVALID',
    `the broker refused the exchange request: ${said}. Check the ${settings.request}`,
    details,
  );
}

/**
 * A stint broker's refusal of the ID token's audience, which ends with what to change in this CI:
 * `token audience "…" is not <expected>; <fix>` (src/broker/id-token.ts, each CI's
 * `claims.audienceFix`).
 */
const BROKER_AUDIENCE_FIX = /\btoken audience\b.* is not .*; \S/s;

/** What to fix for a rejected ID token, from the broker's description of why; none when the broker said it. */
function rejectionHint(description: string, settings: ClientSettings): string | undefined {
  if (/expired|future|not valid yet|\bnbf\b|\biat\b/i.test(description)) {
    // The ID token's times come from the CI's issuer; the broker compares them with its own clock.
    return "The token's times disagree with the broker's clock by more than the 60 s allowed: check the broker host's clock (NTP); a job that waits minutes between getting and exchanging its ID token also sees this";
  }
  if (/already exchanged|replay/i.test(description)) {
    // The broker records every ID token it exchanges; the same one is refused for good.
    return 'Each ID token is exchanged once: get a fresh one for every exchange (run stint exchange once per job; the action and stint exchange on GitHub or Buildkite fetch one per attempt). Rerun the job for a new ID token';
  }
  if (/audience|\baud\b/i.test(description)) {
    // The broker's advice names the audience it expects (on CircleCI, the organization ID) and where
    // this CI's user sets it: more precise than this client's, which would only say it again.
    // Another broker's refusal (or an older stint's) may not: then this client's hint is the advice.
    return BROKER_AUDIENCE_FIX.test(description) ? undefined : settings.audienceFix;
  }
  if (/\bissuer\b.*\bnot a provider this broker trusts\b/is.test(description)) {
    // A stint broker names the issuer it does not know: the fix is on the broker, never the audience.
    return "Add this CI's issuer to the broker's config (providers:, with issuer: exactly the token's iss), or use the broker that trusts it";
  }
  return `Check that the broker trusts this CI's issuer (providers: in its config). For the ID token's audience: ${settings.audienceFix}`;
}

/**
 * How a retry loop ends: `finalError`, naming where the broker URL was set (both places when the
 * caller does not say) and, when a Retry-After longer than the rest of the budget ended it, how
 * to set a longer budget (`budgetSetting`; none where the budget is fixed).
 */
function giveUpAfter(
  brokerUrl: string,
  fallback: ErrorCode,
  brokerSetting: string | undefined,
  budgetSetting?: string,
): (
  last: RemoteError,
  attempts: number,
  elapsedMs: number,
  refused?: WaitRefused,
  stoppedBecause?: string,
) => RemoteError {
  return (last, attempts, elapsedMs, refused, stoppedBecause) =>
    finalError(
      last,
      attempts,
      elapsedMs,
      brokerUrl,
      fallback,
      brokerSetting ?? EITHER_BROKER_SETTING,
      refused,
      budgetSetting,
      stoppedBecause,
    );
}

function finalError(
  last: RemoteError,
  attempts: number,
  elapsedMs: number,
  brokerUrl: string,
  fallback: ErrorCode = 'ERR_EXCHANGE_FAILED',
  /** Where the user set the broker URL (ClientSettings.brokerUrl): the action's input, a recipe's setting, the flag. */
  brokerSetting: string,
  refused?: WaitRefused,
  budgetSetting?: string,
  /** Why the retries ended before the budget did (RetryOptions.retryUntil). */
  stoppedBecause?: string,
): RemoteError {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  let tries = `${attempts} attempt${attempts === 1 ? '' : 's'} in ${seconds(elapsedMs)}`;
  if (stoppedBecause !== undefined) tries += `; ${stoppedBecause}`;
  if (refused !== undefined) {
    // The server's own words on when to come back, and what would have let this run wait for it.
    tries += `: the broker asked to wait ${seconds(refused.retryAfterMs)} (Retry-After), more than the ${seconds(refused.remainingMs)} left of the retry budget${budgetSetting === undefined ? '' : `; ${budgetSetting}`}`;
  }
  const details = {
    ...(last.status !== undefined ? { status: last.status } : {}),
    ...(last.error !== undefined ? { error: last.error } : {}),
    ...(last.description !== undefined ? { description: last.description } : {}),
    ...(last.requestId !== undefined ? { requestId: last.requestId } : {}),
    cause: last,
  };
  if (last.code === 'ERR_BROKER_UNREACHABLE') {
    return new RemoteError(
      'ERR_BROKER_UNREACHABLE',
      `could not reach the stint broker at ${origin(brokerUrl)} (${tries}): ${last.message}. Check the broker URL (${brokerSetting}) and that the broker is up and reachable from this runner`,
      details,
    );
  }
  const code =
    last.code === 'ERR_EXCHANGE_RATE_LIMITED' || last.code === 'ERR_ID_TOKEN_REQUEST_FAILED' ? last.code : fallback;
  return new RemoteError(code, `${last.message} (gave up after ${tries})`, details);
}

function readExchangeResult(json: unknown, url: string): ExchangeResult {
  if (
    isRecord(json) &&
    typeof json.access_token === 'string' &&
    json.access_token !== '' &&
    typeof json.expires_in === 'number' &&
    typeof json.project === 'string'
  ) {
    const expiresAt = rfc3339(json.expires_at);
    if (expiresAt !== undefined) {
      return {
        access_token: json.access_token,
        token_type: typeof json.token_type === 'string' ? json.token_type : 'Bearer',
        expires_in: json.expires_in,
        expires_at: expiresAt,
        scope: typeof json.scope === 'string' ? json.scope : '',
        project: json.project,
        audit_id: typeof json.audit_id === 'string' ? json.audit_id : '',
      };
    }
  }
  throw new RemoteError(
    'ERR_EXCHANGE_FAILED',
    `the answer from ${origin(url)} is not a stint exchange response; is the broker URL that of a stint broker?`,
    { status: 200 },
  );
}

/** `expires_at` as RFC 3339, whether the broker sent a date string or unix seconds. */
function rfc3339(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(Date.parse(value)).toISOString();
  return undefined;
}

function origin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'the broker';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
