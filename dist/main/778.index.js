export const id = 778;
export const ids = [778];
export const modules = {

/***/ 6778:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exchangeForToken: () => (/* binding */ exchangeForToken)
});

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/http.ts
var lib_http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(9722);
// EXTERNAL MODULE: ./src/lib/retry-budget.ts
var retry_budget = __webpack_require__(9691);
;// CONCATENATED MODULE: ./src/lib/retry.ts
/**
 * The classified, bounded retry every outbound client shares (the broker client, the CI ID-token
 * requests): which answers are worth another attempt (`isRetryableStatus`,
 * `isRetryableHttpError`), how long to wait, when to give up.
 * See docs/architecture.md.
 */



const DEFAULT_ATTEMPT_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/** A broker asking us to wait longer than this is treated as down for this run. */
const RETRY_AFTER_CAP_MS = 30_000;
/**
 * An error from a remote system (the broker, or the runner's ID token service). It carries what
 * the server said so the caller can show it: `status`, the OAuth `error` code, the broker's
 * `error_description` as `description`, and its `request_id` as `requestId` (to find the
 * audit event). `retryable` says whether another attempt could succeed.
 */
class retry_RemoteError extends errors/* StintError */.Fp {
    status;
    error;
    description;
    requestId;
    retryable;
    /** From Retry-After, when the server sent one. */
    retryAfterMs;
    constructor(code, message, details = {}) {
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
/** Whether an HTTP status is worth another attempt: 408, 429 and 5xx. Other 4xx never are. */
function retry_isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/**
 * Whether a request that got no usable answer is worth another attempt: a broken or refused
 * connection and a timeout are (the next attempt may get through); an oversized answer and a
 * redirect are not (the same server would answer the same way).
 */
function isRetryableHttpError(error) {
    return error.kind === 'network' || error.kind === 'timeout';
}
/**
 * `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent or
 * unreadable.
 */
function parseRetryAfter(value, now) {
    if (value === null || value === undefined || value.trim() === '')
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the budget is spent.
 * Waits use full-jitter exponential backoff (`random() * min(cap, base * 2^n)`), or the
 * server's `Retry-After` (capped) when it sent one. Only `RemoteError`s with `retryable: true`
 * are retried; anything else is thrown at once. When the budget runs out, `giveUp` turns the
 * last error and the attempt count into the error to throw.
 *
 * @example
 * const doc = await retryWithinBudget((signal) => getJson(url, signal), { budgetMs: 10_000 },
 *   (last) => last);
 */
async function retry_retryWithinBudget(attempt, options, giveUp) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const budget = options.budgetMs ?? retry_budget/* DEFAULT_BUDGET_MS */.T;
    const attemptTimeout = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    const started = now();
    const deadline = started + budget;
    for (let attemptNumber = 1;; attemptNumber++) {
        const remaining = Math.max(1, deadline - now());
        const signal = AbortSignal.timeout(Math.min(attemptTimeout, remaining));
        try {
            return await attempt(signal, attemptNumber);
        }
        catch (error) {
            if (!(error instanceof retry_RemoteError) || !error.retryable)
                throw error;
            const backoff = random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attemptNumber - 1));
            // Retry-After may lengthen the wait, never shorten it below the backoff: `Retry-After: 0`
            // must not turn the retries into a tight loop that also asks the CI for an ID token each time.
            const delay = error.retryAfterMs !== undefined
                ? Math.max(backoff, Math.min(error.retryAfterMs, RETRY_AFTER_CAP_MS))
                : backoff;
            // Give up now rather than sleep past the deadline: the caller wants an answer within its budget.
            if (now() + delay >= deadline || (error.retryAfterMs ?? 0) > RETRY_AFTER_CAP_MS) {
                throw giveUp(error, attemptNumber, now() - started);
            }
            options.onRetry?.({ attempt: attemptNumber, delayMs: delay, reason: error.message });
            await sleep(delay);
        }
    }
}

;// CONCATENATED MODULE: ./src/client/broker-client.ts
/**
 * The broker client used by the GitHub Action and by `stint exchange`: discovery, the exchange
 * with classified and bounded retries, and revocation.
 *
 * HTTP client: src/lib/http.ts (node:http/https, not the global `fetch`, whose first use loads
 * undici and slows the action's start). Any caller may pass its own `http` (RetryOptions); tests
 * talk to real servers on 127.0.0.1.
 */




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
 * (no answer) or `ERR_EXCHANGE_FAILED` (5xx or a malformed answer).
 *
 * @example
 * const token = await exchangeWithRetry({ brokerUrl, project: 'warehouse', audience: brokerUrl,
 *   getIdToken: (aud) => requestGithubIdToken(env, aud) });
 */
async function exchangeWithRetry(options) {
    const http = options.http ?? lib_http/* httpRequest */.aj;
    const url = endpoint(options.brokerUrl, 'auth/oidc/exchange');
    return retry_retryWithinBudget(async (signal) => {
        const idToken = await options.getIdToken(options.audience);
        const body = { token: idToken, project: options.project };
        if (options.scope !== undefined && options.scope.trim() !== '')
            body.scope = options.scope.trim();
        if (options.ttl !== undefined && String(options.ttl).trim() !== '') {
            const ttl = String(options.ttl).trim();
            body.ttl = /^\d+$/.test(ttl) ? Number(ttl) : ttl;
        }
        const answer = await send(http, {
            url,
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
            signal,
        }, 'exchange', options.now ?? Date.now);
        if (answer.status === 200)
            return readExchangeResult(answer.json, url);
        throw exchangeError(answer, options.project);
    }, options, (last, attempts, elapsed) => finalError(last, attempts, elapsed, options.brokerUrl));
}
/**
 * Revokes a stint token at `POST /oauth2/revoke` (RFC 7009). Holding the token is enough.
 * Retries like the exchange, in a shorter budget (default 15 s). Throws `RemoteError`
 * `ERR_REVOKE_FAILED` or `ERR_BROKER_UNREACHABLE`.
 *
 * @example
 * await revokeToken('https://stint.example.com', token);
 */
async function revokeToken(brokerUrl, token, options = {}) {
    const http = options.http ?? httpRequest;
    const url = endpoint(brokerUrl, 'oauth2/revoke');
    await retryWithinBudget(async (signal) => {
        const answer = await send(http, {
            url,
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
            signal,
        }, 'revoke', options.now ?? Date.now);
        if (answer.status === 200)
            return;
        throw new RemoteError('ERR_REVOKE_FAILED', `the broker refused to revoke the token: ${describeAnswer(answer)}`, {
            ...answerDetails(answer),
            retryable: isRetryableStatus(answer.status),
        });
    }, { budgetMs: 15_000, ...options }, (last, attempts, elapsed) => finalError(last, attempts, elapsed, brokerUrl, 'ERR_REVOKE_FAILED'));
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
async function discoverBroker(brokerUrl, options = {}) {
    const http = options.http ?? lib_http/* httpRequest */.aj;
    const url = endpoint(brokerUrl, '.well-known/openid-configuration');
    return retry_retryWithinBudget(async (signal) => {
        const answer = await send(http, { url, method: 'GET', headers: { accept: 'application/json' }, signal }, 'discovery', options.now ?? Date.now);
        if (answer.status === 200) {
            const doc = answer.json;
            if (isRecord(doc) && typeof doc.issuer === 'string' && doc.issuer !== '')
                return doc;
            return undefined;
        }
        if (retry_isRetryableStatus(answer.status)) {
            throw new retry_RemoteError('ERR_DISCOVERY_FAILED', `broker discovery failed: ${describeAnswer(answer)}`, {
                ...answerDetails(answer),
                retryable: true,
            });
        }
        return undefined;
    }, { budgetMs: 30_000, ...options }, (last, attempts, elapsed) => finalError(last, attempts, elapsed, brokerUrl, 'ERR_DISCOVERY_FAILED'));
}
/** Joins a path onto the broker URL, keeping any path prefix the broker is served under. */
function endpoint(brokerUrl, path) {
    let base;
    try {
        base = new URL(brokerUrl);
    }
    catch {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} is not a URL; give it as https://stint.example.com`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} must start with https:// (or http:// for a local broker)`);
    }
    // Fail closed: over plain http the ID token and the stint token would cross the network in clear.
    if (base.protocol === 'http:' && !(0,loopback/* isLoopbackHost */.c)(base.hostname)) {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} is plain http to another machine, which would send the tokens in clear; serve the broker over https (http:// is only for localhost, 127.0.0.0/8 and ::1)`);
    }
    if (base.username !== '' || base.password !== '') {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', 'broker URL must not carry a user name or password');
    }
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/'))
        base.pathname += '/';
    return new URL(path, base).toString();
}
/**
 * One HTTP request; network errors and timeouts become retryable `ERR_BROKER_UNREACHABLE`, a
 * redirect `ERR_BROKER_REDIRECT` (a token must go only to the URL configured; retrying cannot help).
 */
async function send(http, request, what, now) {
    const url = request.url;
    let response;
    try {
        response = await http({ ...request, maxResponseBytes: MAX_RESPONSE_BYTES });
    }
    catch (error) {
        if (!(error instanceof lib_http/* HttpError */.j$))
            throw error;
        if (error.kind === 'redirect') {
            throw new retry_RemoteError('ERR_BROKER_REDIRECT', `the ${what} request to ${origin(url)} was redirected; set broker-url to the broker's final URL (https://…)`, { cause: error });
        }
        if (error.kind === 'too-large') {
            throw new retry_RemoteError('ERR_EXCHANGE_FAILED', `the broker's answer is larger than ${MAX_RESPONSE_BYTES} bytes; is broker-url the stint broker?`, { ...(error.status !== undefined ? { status: error.status } : {}), cause: error });
        }
        throw new retry_RemoteError('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed: ${error.reason}`, {
            retryable: isRetryableHttpError(error),
            cause: error,
        });
    }
    const text = response.text();
    let json;
    try {
        json = text === '' ? undefined : JSON.parse(text);
    }
    catch {
        json = undefined;
    }
    return {
        status: response.status,
        json,
        text,
        retryAfterMs: parseRetryAfter(response.header('retry-after'), now()),
        requestIdHeader: response.header('x-request-id'),
    };
}
function answerDetails(answer) {
    const body = isRecord(answer.json) ? answer.json : {};
    const details = {
        status: answer.status,
    };
    if (typeof body.error === 'string')
        details.error = body.error;
    if (typeof body.error_description === 'string')
        details.description = body.error_description;
    const requestId = typeof body.request_id === 'string' ? body.request_id : answer.requestIdHeader;
    if (requestId !== undefined)
        details.requestId = requestId;
    if (answer.retryAfterMs !== undefined)
        details.retryAfterMs = answer.retryAfterMs;
    return details;
}
/** `HTTP 403 access_denied: <description> (request_id …)` — never the request body. */
function describeAnswer(answer) {
    const d = answerDetails(answer);
    let text = `HTTP ${answer.status}`;
    if (d.error)
        text += ` ${d.error}`;
    if (d.description)
        text += `: ${d.description}`;
    if (d.requestId)
        text += ` (request_id ${d.requestId})`;
    return text;
}
function exchangeError(answer, project) {
    const details = answerDetails(answer);
    const status = answer.status;
    const said = describeAnswer(answer);
    if (retry_isRetryableStatus(status)) {
        const code = status === 429 ? 'ERR_EXCHANGE_RATE_LIMITED' : 'ERR_EXCHANGE_FAILED';
        return new retry_RemoteError(code, `the broker could not complete the exchange: ${said}`, {
            ...details,
            retryable: true,
        });
    }
    if (status === 403) {
        return new retry_RemoteError('ERR_EXCHANGE_DENIED', `the broker denied a token for project ${project}: ${said}. Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows`, details);
    }
    if (status === 401) {
        return new retry_RemoteError('ERR_ID_TOKEN_REJECTED', `the broker rejected this job's ID token: ${said}. ${rejectionHint(details.description ?? '')}`, details);
    }
    return new retry_RemoteError('ERR_EXCHANGE_INVALID', `the broker refused the exchange request: ${said}. Check the project, scope and ttl inputs`, details);
}
/** What to fix for a rejected ID token, from the broker's description of why. */
function rejectionHint(description) {
    if (/expired|future|not valid yet|\bnbf\b|\biat\b/i.test(description)) {
        // The ID token's times come from the CI's issuer; the broker compares them with its own clock.
        return "The token's times disagree with the broker's clock by more than the 60 s allowed: check the broker host's clock (NTP); a job that waits minutes between getting and exchanging its ID token also sees this";
    }
    if (/audience|\baud\b/i.test(description))
        return "Set the audience input to the broker's issuer, or leave it empty to use the broker URL itself";
    return "Check that the broker trusts this CI's issuer (providers: in its config) and that the audience input, if set, is the broker's issuer";
}
function finalError(last, attempts, elapsedMs, brokerUrl, fallback = 'ERR_EXCHANGE_FAILED') {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s`;
    const details = {
        ...(last.status !== undefined ? { status: last.status } : {}),
        ...(last.error !== undefined ? { error: last.error } : {}),
        ...(last.description !== undefined ? { description: last.description } : {}),
        ...(last.requestId !== undefined ? { requestId: last.requestId } : {}),
        cause: last,
    };
    if (last.code === 'ERR_BROKER_UNREACHABLE') {
        return new retry_RemoteError('ERR_BROKER_UNREACHABLE', `could not reach the stint broker at ${origin(brokerUrl)} (${tries}): ${last.message}. Check broker-url and that the broker is up and reachable from this runner`, details);
    }
    const code = last.code === 'ERR_EXCHANGE_RATE_LIMITED' || last.code === 'ERR_ID_TOKEN_REQUEST_FAILED' ? last.code : fallback;
    return new retry_RemoteError(code, `${last.message} (gave up after ${tries})`, details);
}
function readExchangeResult(json, url) {
    if (isRecord(json) &&
        typeof json.access_token === 'string' &&
        json.access_token !== '' &&
        typeof json.expires_in === 'number' &&
        typeof json.project === 'string') {
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
    throw new retry_RemoteError('ERR_EXCHANGE_FAILED', `the answer from ${origin(url)} is not a stint exchange response; is broker-url the stint broker?`, { status: 200 });
}
/** `expires_at` as RFC 3339, whether the broker sent a date string or unix seconds. */
function rfc3339(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return new Date(value * 1000).toISOString();
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
        return new Date(Date.parse(value)).toISOString();
    return undefined;
}
function origin(url) {
    try {
        const u = new URL(url);
        return `${u.origin}${u.pathname === '/' ? '' : u.pathname}`;
    }
    catch {
        return 'the broker';
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/client/audience.ts
/**
 * The audience of the CI's ID token when the user names none (DESIGN §3): the broker URL itself,
 * never a value the broker's answer chooses.
 *
 * Why: the ID token is a credential for whatever service its audience names. If the audience came
 * from the broker's discovery document, whoever answers at the broker URL (a hijacked or expired
 * domain, a compromised proxy) could name another service's audience (`sts.amazonaws.com`) and
 * receive a token that service accepts for this repository. Derived from the URL the user
 * configured, the token is only good at that URL. Discovery is still read, to refuse at once a
 * broker whose issuer is another URL (its tokens would be rejected anyway, and the mismatch is
 * either a misconfiguration or an attack) with a message that says what to set.
 */


/**
 * The broker URL as an audience: no query, fragment or trailing slash, host in lower case.
 * Throws `ERR_BROKER_URL_INVALID` for a URL the client refuses.
 *
 * @example
 * brokerAudience('https://Stint.example.com/') // 'https://stint.example.com'
 */
function brokerAudience(brokerUrl) {
    endpoint(brokerUrl, '');
    const url = new URL(brokerUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
/**
 * The default audience: `brokerAudience(brokerUrl)`, after checking the broker's discovery
 * document. A broker without one gets the URL; one whose `issuer` is the same URL gets it spelled
 * as the issuer (the broker compares `aud` exactly); one whose `issuer` is anything else is
 * refused with `ERR_BROKER_ISSUER_MISMATCH`, and no ID token is requested.
 *
 * @example
 * const audience = inputs.audience ?? (await defaultAudience(brokerUrl));
 */
async function defaultAudience(brokerUrl, options = {}) {
    const audience = brokerAudience(brokerUrl);
    const discovery = await discoverBroker(brokerUrl, options);
    if (discovery === undefined)
        return audience;
    if (sameUrl(discovery.issuer, audience))
        return discovery.issuer;
    throw new errors/* StintError */.Fp('ERR_BROKER_ISSUER_MISMATCH', `the broker at ${audience} names another issuer, ${JSON.stringify(discovery.issuer)}, so no ID token was requested: by default its audience is the broker URL itself, never what the broker answers. Set broker-url to the broker's issuer URL; if the broker is served at another address on purpose, set the audience explicitly (audience input, or --audience)`);
}
/** Same scheme, host, port and path, ignoring a trailing slash and the host's case. */
function sameUrl(issuer, audience) {
    let url;
    try {
        url = new URL(issuer);
    }
    catch {
        return false;
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
        return false;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}` === audience;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/lib/fingerprint.ts

/**
 * The SHA-256 fingerprint of a secret (a token, a key), safe to log, audit and show: it names
 * the secret without revealing it.
 *
 * @example
 * fingerprint(accessToken) // 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
 */
function fingerprint(secret) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(secret, 'utf8').digest('hex')}`;
}

;// CONCATENATED MODULE: ./src/providers/descriptor.ts
/**
 * What stint knows about one CI, as one record: its issuers, its claims, the grammar of its
 * subjects and where a job finds its ID token. Each CI is one file exporting one of these
 * (`github.ts`, `gitlab.ts`, …), registered in the list of `registry.ts`; the policy, the token
 * sources, `stint status` and the demo read them and know no CI by name. docs/architecture.md
 * ("Adding a CI") walks through writing one. Descriptors are pure data and functions: no I/O
 * happens until a token source's `request` is called.
 */
/**
 * Checks a descriptor's types and keeps its `kind` literal, so the registry can derive the union
 * of CI names from its list.
 *
 * @example export const gitlab = defineCi({ kind: 'gitlab', title: 'GitLab CI', … });
 */
function defineCi(descriptor) {
    return descriptor;
}
/**
 * A claim as a string: policy compares every claim as a string, and CIs other than GitHub send
 * numbers and booleans. Objects and arrays have no string form and read as undefined.
 */
function claimString(claims, name) {
    // Own properties only: a claim named `constructor` is not Object's.
    if (!Object.hasOwn(claims, name))
        return undefined;
    const value = claims[name];
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
    return undefined;
}
/** The `sub` claim as a string ('' when missing, which no rule matches). */
function subjectOf(claims) {
    return typeof claims.sub === 'string' ? claims.sub : '';
}
/** `branch` + `main` → `refs/heads/main`; `tag` + `v1` → `refs/tags/v1`; any other type leaves `ref` as it is. */
function fullRef(refType, ref) {
    if (ref === undefined)
        return undefined;
    if (refType === 'branch')
        return `refs/heads/${ref}`;
    if (refType === 'tag')
        return `refs/tags/${ref}`;
    return ref;
}
/** `refs/heads/x` → branch, `refs/tags/x` → tag. */
function refType(ref) {
    if (ref?.startsWith('refs/heads/'))
        return 'branch';
    if (ref?.startsWith('refs/tags/'))
        return 'tag';
    return undefined;
}
/** Parses an absolute URL, or undefined. */
function parseUrl(text) {
    try {
        return new URL(text);
    }
    catch {
        return undefined;
    }
}
/** True when an environment variable holds something other than blanks. */
function isSet(value) {
    return value !== undefined && value.trim() !== '';
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/providers/request-helpers.ts
/**
 * What a CI's token request is built from: finding a program on the job's PATH, running it
 * without a shell, the error for a refused request, and checking that what came back is a JWT.
 * The requests themselves live in each CI's descriptor (`github.ts`, `buildkite.ts`).
 */





/** The absolute path of an executable `name` on env.PATH (the job's PATH, not ours), or undefined. */
function findOnPath(name, env) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
        if (dir === '')
            continue;
        const candidate = join(dir, name);
        try {
            if (!statSync(candidate).isFile())
                continue;
            accessSync(candidate, constants.X_OK);
            return candidate;
        }
        catch {
            // not here; keep looking
        }
    }
    return undefined;
}
/** Runs `file` with `args` as a list (no shell ever sees them); rejects with the exit `code` and `stderr`. */
function execFileNoShell(file, args, options) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)(file, args, { env: options.env, timeout: options.timeoutMs, maxBuffer: 1024 * 1024, shell: false }, (error, stdout, stderr) => {
            if (error)
                reject(Object.assign(error, { stderr: String(stderr) }));
            else
                resolve({ stdout: String(stdout), stderr: String(stderr) });
        });
    });
}
/** ERR_ID_TOKEN_REQUEST_FAILED: the CI did not hand out a token this time. */
function idTokenRequestError(message, details) {
    return new retry_RemoteError('ERR_ID_TOKEN_REQUEST_FAILED', message, details);
}
/** A compact JWS is three base64url parts; anything else would only fail at the broker, less clearly. */
function requireJwt(value, where) {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) {
        throw new errors/* StintError */.Fp('ERR_ID_TOKEN_INVALID', `${where} does not hold a JWT (expected three base64url parts separated by dots)`);
    }
    return value;
}
/** The last line of a program's stderr, capped, to say why it failed. */
function lastLine(text) {
    const lines = text.trim().split('\n');
    return (lines[lines.length - 1] ?? '').slice(0, 300);
}

;// CONCATENATED MODULE: ./src/providers/github.ts





/** github.com's issuer, shared by every GitHub account. */
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const REQUEST_URL = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const REQUEST_TOKEN = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';
/**
 * The runner's ID token request. It exists only in a job with `permissions: id-token: write`;
 * the action uses it directly, `stint exchange` through the registry.
 */
const runtimeRequest = {
    via: 'request',
    kind: 'github-request',
    // The request variables exist only in a GitHub job allowed to ask, so they are marker enough.
    needsMarker: false,
    lookedFor: `${REQUEST_URL}/_TOKEN`,
    find(env) {
        const requestUrl = env[REQUEST_URL];
        const requestToken = env[REQUEST_TOKEN];
        if (!isSet(requestUrl) || !isSet(requestToken))
            return undefined;
        return {
            reason: `GitHub Actions runtime token request (${REQUEST_URL} and _TOKEN are set)`,
            describe: 'the Actions runtime token request',
            request: (audience, io) => requestGithubToken(requestUrl, requestToken, audience, io.http, io.timeoutMs),
        };
    },
    missing(env) {
        const missing = [REQUEST_URL, REQUEST_TOKEN].filter((name) => !isSet(env[name]));
        return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`;
    },
};
/**
 * GitHub Actions. Issuer shapes:
 * - `https://token.actions.githubusercontent.com` (github.com, shared by everyone);
 * - `https://token.actions.githubusercontent.com/<enterprise>` (an enterprise that turned on its
 *   unique issuer URL, so only its own tokens carry it);
 * - `https://HOST/_services/token` (GitHub Enterprise Server);
 * - `https://token.actions.SUBDOMAIN.ghe.com` (GitHub Enterprise Cloud with data residency).
 *
 * Claims (docs.github.com, "About security hardening with OpenID Connect"): `sub`, `repository`,
 * `repository_id`, `repository_owner`, `repository_owner_id`, `repository_visibility`, `ref`,
 * `ref_type`, `ref_protected`, `sha`, `workflow`, `workflow_ref`, `workflow_sha`,
 * `job_workflow_ref`, `job_workflow_sha`, `run_id`, `run_number`, `run_attempt`, `actor`,
 * `actor_id`, `event_name`, `head_ref`, `base_ref`, `environment`, `runner_environment`,
 * `enterprise`, `enterprise_id`. IDs are strings.
 *
 * Subject: `repo:OWNER/REPO:<context>` where context is `ref:refs/heads/main`,
 * `ref:refs/tags/v1`, `environment:NAME` or `pull_request`; repositories with immutable subjects
 * use `repo:OWNER@OWNER_ID/REPO@REPO_ID:<context>`. An organization or repository may customise
 * its template (`include_claim_keys`) into `key:value` pairs in the order it chooses, e.g.
 * `repository_owner_id:1234567:environment:production`; values may themselves contain ':'.
 *
 * Token: the runner's request protocol, present only when the job has `permissions: id-token:
 * write`: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with `Authorization: Bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answering `{"value": "<jwt>"}`; a fresh token per request.
 */
const github = defineCi({
    kind: 'github',
    title: 'GitHub Actions',
    brand: 'GitHub',
    issuer: {
        default: GITHUB_ISSUER,
        shared: [GITHUB_ISSUER],
        algorithms: ['RS256'],
        shapes: 'https://token.actions.githubusercontent.com, https://token.actions.githubusercontent.com/<enterprise> or https://HOST/_services/token',
        describe(iss) {
            if (iss === GITHUB_ISSUER)
                return 'GitHub Actions on github.com';
            const url = parseUrl(iss);
            if (url === undefined || url.search !== '' || url.hash !== '')
                return undefined;
            const enterprise = /^\/([A-Za-z0-9][A-Za-z0-9-]*)$/.exec(url.pathname);
            if (`${url.protocol}//${url.host}` === GITHUB_ISSUER && enterprise !== null) {
                return `GitHub Actions, enterprise '${enterprise[1]}' (issuer unique to that enterprise)`;
            }
            if (url.pathname === '/_services/token')
                return `GitHub Enterprise Server at ${url.host}`;
            const residency = /^token\.actions\.([a-z0-9-]+)\.ghe\.com$/.exec(url.host);
            if (url.protocol === 'https:' && residency !== null && url.pathname === '/')
                return `GitHub Enterprise Cloud with data residency (${residency[1]}.ghe.com)`;
            return undefined;
        },
        // token.actions.githubusercontent.com/.well-known/openid-configuration
        discovery: {
            jwksPath: '/.well-known/jwks',
            moreClaims: ['environment', 'environment_node_id', 'enterprise', 'enterprise_id', 'issuer_scope'],
        },
    },
    claims: {
        normalise: (claims) => ({
            subject: subjectOf(claims),
            repository: claimString(claims, 'repository'),
            repository_id: claimString(claims, 'repository_id'),
            owner: claimString(claims, 'repository_owner'),
            owner_id: claimString(claims, 'repository_owner_id'),
            ref: claimString(claims, 'ref'),
            ref_type: claimString(claims, 'ref_type'),
            sha: claimString(claims, 'sha'),
            workflow_ref: claimString(claims, 'workflow_ref'),
            job_workflow_ref: claimString(claims, 'job_workflow_ref'),
            run_id: claimString(claims, 'run_id'),
            run_attempt: claimString(claims, 'run_attempt'),
            environment: claimString(claims, 'environment'),
            actor: claimString(claims, 'actor'),
            event: claimString(claims, 'event_name'),
        }),
        ownerClaims: ['repository_owner_id', 'repository_owner', 'repository_id', 'repository'],
        // pull_request_target runs the base branch's workflow with the base repository's privileges
        // and a fork's code in reach, under a subject that rules written for trusted runs may match.
        ownerIdentity: { id: 'repository_owner_id', name: 'repository_owner' },
        guarded: [{ claim: 'event_name', value: 'pull_request_target' }],
        example: exampleClaims,
        exampleIssuer: (origin) => origin,
        // GitHub's default audience is the URL of the repository owner.
        defaultAudience: () => 'https://github.com/acme',
    },
    subject: {
        separator: ':',
        example: 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
        owner: (subject) => parseGithubSubject(subject)?.owner,
        repository(subject) {
            const parsed = parseGithubSubject(subject);
            return parsed === undefined ? undefined : `${parsed.owner}/${parsed.repo}`;
        },
        fields: {
            parse: parseGithubSubject,
            format: (p) => `repo:${p.owner}${p.ownerId !== undefined ? `@${p.ownerId}` : ''}/${p.repo}${p.repoId !== undefined ? `@${p.repoId}` : ''}:${p.context}`,
            ids: { owner: 'repository_owner_id', repo: 'repository_id' },
            environment: (context) => (context.startsWith('environment:') ? context.slice('environment:'.length) : undefined),
            describeContext(context) {
                if (context.startsWith('ref:'))
                    return `ref ${context.slice('ref:'.length)} is`;
                if (context.startsWith('environment:'))
                    return `environment ${context.slice('environment:'.length)} is`;
                if (context === 'pull_request')
                    return 'pull requests are';
                return undefined;
            },
        },
        problems(subject) {
            const parsed = parseGithubSubject(subject);
            if (parsed === undefined) {
                if (subject.startsWith('repo:'))
                    return [];
                return [
                    {
                        severity: 'warning',
                        code: 'WARN_SUBJECT_SHAPE',
                        message: `subject ${JSON.stringify(subject)} is not of GitHub's repo:OWNER/REPO:… form; it only matches a repository whose subject template was customised to exactly this shape`,
                    },
                ];
            }
            const problems = [];
            if (parsed.context === '') {
                problems.push({
                    severity: 'error',
                    code: 'ERR_CONFIG_INVALID',
                    message: `GitHub subject ${JSON.stringify(subject)} ends after the repository; GitHub subjects go on with :ref:refs/heads/BRANCH, :ref:refs/tags/TAG, :environment:NAME or :pull_request`,
                });
            }
            for (const [label, id] of [
                ['owner', parsed.ownerId],
                ['repository', parsed.repoId],
            ]) {
                if (id !== undefined && !/^[0-9]+$/.test(id)) {
                    problems.push({
                        severity: 'error',
                        code: 'ERR_CONFIG_INVALID',
                        message: `the ${label} ID in ${JSON.stringify(subject)} must be digits (GitHub's numeric ID), got '${id}'`,
                    });
                }
            }
            return problems;
        },
    },
    token: {
        marker: { test: (env) => env.GITHUB_ACTIONS === 'true', text: 'GITHUB_ACTIONS=true' },
        source: runtimeRequest,
        howToGet: () => 'Give the job `permissions: { id-token: write }` (GitHub sets the runtime request variables only then).',
    },
});
/**
 * One ID token from the runner's token service (GitHub.com and GHES speak the same protocol).
 * All of the request's HTTP is here. 408, 429, 5xx and network errors are `retryable`.
 */
async function requestGithubToken(requestUrl, requestToken, audience, http, timeoutMs) {
    const url = new URL(requestUrl);
    url.searchParams.set('audience', audience);
    let response;
    try {
        response = await http({
            url,
            headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json; api-version=2.0' },
            timeoutMs,
        });
    }
    catch (error) {
        throw idTokenRequestError(`the GitHub ID token request to ${url.origin} failed: ${error.message}`, {
            retryable: !(error instanceof lib_http/* HttpError */.j$) || isRetryableHttpError(error),
            cause: error,
        });
    }
    const text = response.body.toString('utf8');
    if (response.status < 200 || response.status > 299) {
        const hint = response.status === 401 || response.status === 403 ? ` (is ${REQUEST_TOKEN} from this job?)` : '';
        throw idTokenRequestError(`the GitHub ID token request answered HTTP ${response.status}${hint}`, {
            status: response.status,
            retryable: retry_isRetryableStatus(response.status),
        });
    }
    let value;
    try {
        value = JSON.parse(text).value;
    }
    catch {
        value = undefined;
    }
    if (typeof value !== 'string')
        throw new errors/* StintError */.Fp('ERR_ID_TOKEN_INVALID', 'the GitHub ID token request answered without a "value" string');
    return requireJwt(value, 'the GitHub ID token response');
}
/**
 * Splits `repo:acme/warehouse:ref:refs/heads/main` or
 * `repo:acme@1234567/warehouse@7654321:ref:refs/heads/main` into its parts; undefined when the
 * subject is not of the `repo:` shape (e.g. an organization's customised subject template).
 *
 * @example parseGithubSubject('repo:acme@1/w@2:pull_request') // { owner: 'acme', ownerId: '1', repo: 'w', repoId: '2', context: 'pull_request' }
 */
function parseGithubSubject(subject) {
    const match = /^repo:([^:/]+)\/([^:/]+)(?::(.*))?$/s.exec(subject);
    if (match === null)
        return undefined;
    const [owner, ownerId] = splitId(match[1] ?? '');
    const [repo, repoId] = splitId(match[2] ?? '');
    const parsed = { owner, repo, context: match[3] ?? '' };
    if (ownerId !== undefined)
        parsed.ownerId = ownerId;
    if (repoId !== undefined)
        parsed.repoId = repoId;
    return parsed;
}
/** `acme@1234567` → ['acme', '1234567']; `acme` → ['acme', undefined]. */
function splitId(part) {
    const at = part.lastIndexOf('@');
    if (at < 0)
        return [part, undefined];
    return [part.slice(0, at), part.slice(at + 1)];
}
/** A GitHub Actions ID token's claims for a push to main of acme/warehouse. */
function exampleClaims(issuer, audience) {
    const sha = 'd6cd1e2bd19e03a81132a23b2025920577f84e37';
    return {
        iss: issuer,
        aud: audience,
        sub: 'repo:acme/warehouse:ref:refs/heads/main',
        ref: 'refs/heads/main',
        sha,
        repository: 'acme/warehouse',
        repository_owner: 'acme',
        repository_owner_id: '1234567',
        repository_id: '7654321',
        repository_visibility: 'private',
        run_id: '9876543210',
        run_number: '42',
        run_attempt: '1',
        actor: 'octocat',
        actor_id: '583231',
        workflow: 'deploy',
        workflow_ref: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
        workflow_sha: sha,
        job_workflow_ref: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
        job_workflow_sha: sha,
        head_ref: '',
        base_ref: '',
        event_name: 'push',
        ref_type: 'branch',
        ref_protected: 'true',
        runner_environment: 'github-hosted',
    };
}

;// CONCATENATED MODULE: ./src/providers/job-token.ts
/**
 * A job's ID token source, once `token-source.ts` has chosen it, and reading one token from it.
 * Kept apart from the choosing (which knows every CI) so the action, which only ever reads
 * GitHub's, bundles no other CI.
 */


/** True when the source gives a new ID token on every read (so a retried exchange is not a replay). */
function canMintFreshTokens(source) {
    return source.kind !== 'env';
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
async function readJobToken(source, deps) {
    if (!canMintFreshTokens(source))
        return requireJwt((deps.env[source.variable] ?? '').trim(), source.variable);
    return source.request(deps.audience, {
        env: deps.env,
        http: deps.http ?? lib_http/* httpRequest */.aj,
        exec: deps.exec ?? execFileNoShell,
        timeoutMs: deps.timeoutMs ?? 10_000,
    });
}

;// CONCATENATED MODULE: ./src/action/exchange.ts
/**
 * The token half of the main step: the broker URL as the default audience, the runner's ID
 * token request, and the exchange, all inside one retry budget. Loaded with `import()` only when
 * `broker-url` is set, so a signing-only job (and a job that fails on its inputs) never loads it.
 */






/** Longest one ID token request may take. */
const ID_TOKEN_TIMEOUT_MS = 10_000;
/**
 * The default audience (unless `audience` is given: the broker URL, checked against the broker's
 * discovery), then the exchange with a fresh ID token per attempt.
 * Discovery and the exchange share one deadline, `budgetMs` from now.
 */
async function exchangeForToken(options) {
    const deadline = options.now() + options.budgetMs;
    const retry = () => ({
        budgetMs: Math.max(1, deadline - options.now()),
        ...(options.http ? { http: options.http } : {}),
        now: options.now,
        ...(options.sleep ? { sleep: options.sleep } : {}),
        ...(options.random ? { random: options.random } : {}),
        onRetry: ({ delayMs, reason }) => options.info(`stint: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s`),
    });
    const audience = options.audience ?? (await defaultAudience(options.brokerUrl, retry()));
    const source = idTokenRequest(options.env);
    let idToken;
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
function idTokenRequest(env) {
    const found = runtimeRequest.find(env);
    if (found === undefined) {
        throw new errors/* StintError */.Fp('ERR_ID_TOKEN_PERMISSION', 'this job cannot request an OIDC ID token (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are not set). Add `permissions: id-token: write` to the job or workflow; pull requests from forks never get one');
    }
    return { kind: runtimeRequest.kind, provider: 'github', reason: found.describe, request: found.request };
}


/***/ }),

/***/ 1931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aj: () => (/* binding */ httpRequest),
/* harmony export */   j$: () => (/* binding */ HttpError)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
/**
 * stint's one outbound HTTP client, on `node:http` / `node:https`. Every request stint makes (the
 * broker client, the CI ID-token requests, the broker's issuer discovery and JWKS fetches, the
 * oauth2 token request, the mTLS certificate request, `stint request`, and stint/verify's JWKS
 * fetch) goes through `httpRequest`, so each has a deadline, a cap on the answer's size, and the
 * same redirect rule.
 *
 * Why not the global `fetch`: its first use loads undici, which costs the action about 190 ms
 * and 38 MiB at start-up (issue 18), and its body reading has no size limit of its own.
 *
 * Redirects are never followed. A credential (an ID token, a client secret, a bearer token, a
 * client certificate) goes only to the URL it was configured for; following a redirect would send
 * it, or the request it authorises, wherever the answer points. By default a redirect is an
 * `HttpError` of kind `redirect`; `stint request` asks to get it back as an answer instead.
 * See docs/architecture.md.
 */



const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * A request that got no usable answer. Callers turn it into their own error (ERR_BROKER_UNREACHABLE,
 * ERR_ISSUER_UNREACHABLE, …); `isRetryableHttpError` (src/lib/retry.ts) says whether to try again.
 */
class HttpError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp {
    kind;
    /** Short and safe to print: `ECONNREFUSED`, `no answer in time (timeout)`, `redirected to https://…`. */
    reason;
    /**
     * False when the request provably never left this machine (no connection was made, or the TLS
     * handshake failed), so resending a single-use credential cannot be a replay.
     */
    sent;
    /** The answer's status, for `too-large` and `redirect`. */
    status;
    constructor(kind, target, reason, details) {
        super('ERR_HTTP_FAILED', `${target}: ${reason}`, { cause: details.cause });
        this.name = 'HttpError';
        this.kind = kind;
        this.reason = reason;
        this.sent = details.sent;
        this.status = details.status;
    }
}
/**
 * Sends one request and reads the whole answer (bounded by `maxResponseBytes` and `timeoutMs`).
 * Any status is an answer; only a missing, broken, late, oversized or redirecting answer throws
 * `HttpError`. A fresh connection per request (no pooling): stint makes few requests, and a
 * pooled socket the server has just closed would turn a good request into a spurious failure.
 *
 * @example
 * const answer = await httpRequest({ url: 'https://stint.example.com/.well-known/jwks.json', maxResponseBytes: 256 * 1024 });
 * if (answer.status === 200) keys = JSON.parse(answer.text());
 */
const httpRequest = (options) => {
    const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
    // For messages: never the query, which may carry a credential.
    const target = `${(options.method ?? 'GET').toUpperCase()} ${url.origin}${url.pathname}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return Promise.reject(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_HTTP_FAILED', `${target}: only http and https URLs can be requested (got ${url.protocol})`));
    }
    const secure = url.protocol === 'https:';
    const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise((resolve, reject) => {
        let connected = false;
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            if ('ok' in outcome) {
                resolve(outcome.ok);
            }
            else {
                request.destroy();
                reject(outcome.error);
            }
        };
        const fail = (kind, reason, extra = {}) => finish({ error: new HttpError(kind, target, reason, { sent: connected, ...extra }) });
        const onAbort = () => fail('timeout', 'no answer in time (timeout)', { cause: options.signal?.reason });
        const timer = setTimeout(onAbort, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const send = secure ? node_https__WEBPACK_IMPORTED_MODULE_1__.request : node_http__WEBPACK_IMPORTED_MODULE_0__.request;
        const request = send(url, {
            method: options.method ?? 'GET',
            headers: options.headers ?? {},
            agent: false,
            ...(secure ? (options.tls ?? {}) : {}),
        }, (response) => read(response));
        request.on('socket', (socket) => {
            // The request's bytes go out only once the connection (and the TLS handshake) is up.
            socket.once(secure ? 'secureConnect' : 'connect', () => {
                connected = true;
            });
        });
        request.on('error', (error) => fail('network', error.code ?? error.message, { cause: error }));
        if (options.signal?.aborted) {
            onAbort();
        }
        else {
            options.signal?.addEventListener('abort', onAbort, { once: true });
            request.end(options.body);
        }
        function read(response) {
            const status = response.statusCode ?? 0;
            if (REDIRECTS.has(status) && (options.redirect ?? 'refuse') === 'refuse') {
                const location = response.headers.location;
                const where = location ? ` to ${originOf(location, url)}` : '';
                fail('redirect', `redirected${where} (redirects are not followed)`, { status });
                return;
            }
            const declared = Number(response.headers['content-length']);
            if (Number.isFinite(declared) && declared > maxBytes) {
                fail('too-large', tooLarge(maxBytes), { status });
                return;
            }
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBytes)
                    fail('too-large', tooLarge(maxBytes), { status });
                else
                    chunks.push(chunk);
            });
            response.on('end', () => {
                const body = Buffer.concat(chunks);
                finish({
                    ok: {
                        status,
                        statusText: response.statusMessage ?? '',
                        headers: response.headers,
                        body,
                        header: (name) => {
                            const value = response.headers[name.toLowerCase()];
                            return Array.isArray(value) ? value[0] : value;
                        },
                        text: () => body.toString('utf8'),
                    },
                });
            });
            response.on('error', (error) => fail('network', `the answer broke off (${error.code ?? error.message})`, { cause: error }));
            response.on('close', () => {
                if (!response.complete)
                    fail('network', 'the answer broke off');
            });
        }
    });
};
function tooLarge(maxBytes) {
    return `the answer is larger than ${maxBytes} bytes`;
}
/** Where a redirect points, without path or query (they may carry a credential). */
function originOf(location, base) {
    try {
        return new URL(location, base).origin;
    }
    catch {
        return 'an unreadable location';
    }
}


/***/ }),

/***/ 9722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Whether a host is this machine: `localhost`, an IPv4 address in 127.0.0.0/8, or `::1`
 * (bracketed as URL hostnames write it, or bare as `--host` takes it). Only a real IPv4
 * address counts for 127/8, so a name such as `127.example.com` is another machine.
 *
 * @example
 * isLoopbackHost(new URL('http://[::1]:8080').hostname) // true
 */
function isLoopbackHost(host) {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    if (bare === 'localhost')
        return true;
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(bare) === 4)
        return bare.startsWith('127.');
    return bare === '::1';
}


/***/ })

};
