export const id = 78;
export const ids = [78];
export const modules = {

/***/ 2140:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iX: () => (/* binding */ exchangeWithRetry),
/* harmony export */   pN: () => (/* binding */ discoverBroker),
/* harmony export */   w$: () => (/* binding */ revokeToken)
/* harmony export */ });
/* unused harmony export endpoint */
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_loopback_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9722);
/* harmony import */ var _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9927);
/**
 * The broker client used by the GitHub Action and by `stint exchange`: discovery, the exchange
 * with classified and bounded retries, and revocation.
 *
 * HTTP client: Node's global `fetch`. It ships with Node (>= 18), so it adds 0 bytes to the
 * bundles, where `@actions/http-client` pulls undici into every bundle a second time (hundreds
 * of KB in `dist/main`, which must stay small to start fast). `fetch` also gives us
 * `AbortSignal.timeout` for per-attempt socket timeouts. Tests still talk to real servers on
 * 127.0.0.1, and any caller may pass its own `fetch`.
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
    const fetchFn = options.fetch ?? fetch;
    const url = endpoint(options.brokerUrl, 'auth/oidc/exchange');
    return (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retryWithinBudget */ .V9)(async (signal) => {
        const idToken = await options.getIdToken(options.audience);
        const body = { token: idToken, project: options.project };
        if (options.scope !== undefined && options.scope.trim() !== '')
            body.scope = options.scope.trim();
        if (options.ttl !== undefined && String(options.ttl).trim() !== '') {
            const ttl = String(options.ttl).trim();
            body.ttl = /^\d+$/.test(ttl) ? Number(ttl) : ttl;
        }
        const answer = await send(fetchFn, url, {
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
    const fetchFn = options.fetch ?? fetch;
    const url = endpoint(brokerUrl, 'oauth2/revoke');
    await (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retryWithinBudget */ .V9)(async (signal) => {
        const answer = await send(fetchFn, url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
            signal,
        }, 'revoke', options.now ?? Date.now);
        if (answer.status === 200)
            return;
        throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_REVOKE_FAILED', `the broker refused to revoke the token: ${describeAnswer(answer)}`, {
            ...answerDetails(answer),
            retryable: (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(answer.status),
        });
    }, { budgetMs: 15_000, ...options }, (last, attempts, elapsed) => finalError(last, attempts, elapsed, brokerUrl, 'ERR_REVOKE_FAILED'));
}
/**
 * Fetches the broker's discovery document (`/.well-known/openid-configuration`) and returns it.
 * Returns `undefined` when the broker has none (404, or an answer without an `issuer`), so the
 * caller can fall back to the broker URL; throws `ERR_BROKER_UNREACHABLE` when the broker does
 * not answer within the budget (default 30 s).
 *
 * @example
 * const audience = (await discoverBroker(brokerUrl))?.issuer ?? brokerUrl;
 */
async function discoverBroker(brokerUrl, options = {}) {
    const fetchFn = options.fetch ?? fetch;
    const url = endpoint(brokerUrl, '.well-known/openid-configuration');
    return (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retryWithinBudget */ .V9)(async (signal) => {
        const answer = await send(fetchFn, url, { method: 'GET', headers: { accept: 'application/json' }, signal }, 'discovery', options.now ?? Date.now);
        if (answer.status === 200) {
            const doc = answer.json;
            if (isRecord(doc) && typeof doc.issuer === 'string' && doc.issuer !== '')
                return doc;
            return undefined;
        }
        if ((0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(answer.status)) {
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_DISCOVERY_FAILED', `broker discovery failed: ${describeAnswer(answer)}`, {
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} is not a URL; give it as https://stint.example.com`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} must start with https:// (or http:// for a local broker)`);
    }
    // Fail closed: over plain http the ID token and the stint token would cross the network in clear.
    if (base.protocol === 'http:' && !(0,_lib_loopback_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .c)(base.hostname)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} is plain http to another machine, which would send the tokens in clear; serve the broker over https (http:// is only for localhost, 127.0.0.0/8 and ::1)`);
    }
    if (base.username !== '' || base.password !== '') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_BROKER_URL_INVALID', 'broker URL must not carry a user name or password');
    }
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/'))
        base.pathname += '/';
    return new URL(path, base).toString();
}
/** One HTTP request; network errors and timeouts become retryable `ERR_BROKER_UNREACHABLE`. */
async function send(fetchFn, url, init, what, now) {
    let response;
    let text;
    try {
        response = await fetchFn(url, { ...init, redirect: 'error' });
        text = await readCapped(response);
    }
    catch (error) {
        if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp)
            throw error;
        // Redirects are refused (a token must go only to the URL configured); retrying cannot help.
        if (/redirect/i.test(networkReason(error))) {
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_REDIRECT', `the ${what} request to ${origin(url)} was redirected; set broker-url to the broker's final URL (https://…)`, { cause: error });
        }
        throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed: ${networkReason(error)}`, {
            retryable: true,
            cause: error,
        });
    }
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
        retryAfterMs: (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRetryAfter */ .mu)(response.headers.get('retry-after'), now()),
        requestIdHeader: response.headers.get('x-request-id') ?? undefined,
    };
}
async function readCapped(response) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > MAX_RESPONSE_BYTES) {
            await reader.cancel();
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_FAILED', `the broker's answer is larger than ${MAX_RESPONSE_BYTES} bytes; is broker-url the stint broker?`, {
                status: response.status,
            });
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
}
function networkReason(error) {
    if (error instanceof Error) {
        if (error.name === 'TimeoutError' || error.name === 'AbortError')
            return 'no answer in time (timeout)';
        const cause = error.cause;
        if (cause?.code)
            return cause.code;
        if (cause?.message)
            return cause.message;
        return error.message;
    }
    return String(error);
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
    if ((0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(status)) {
        const code = status === 429 ? 'ERR_EXCHANGE_RATE_LIMITED' : 'ERR_EXCHANGE_FAILED';
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi(code, `the broker could not complete the exchange: ${said}`, {
            ...details,
            retryable: true,
        });
    }
    if (status === 403) {
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_DENIED', `the broker denied a token for project ${project}: ${said}. Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows`, details);
    }
    if (status === 401) {
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_ID_TOKEN_REJECTED', `the broker rejected this job's ID token: ${said}. ${rejectionHint(details.description ?? '')}`, details);
    }
    return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_INVALID', `the broker refused the exchange request: ${said}. Check the project, scope and ttl inputs`, details);
}
/** What to fix for a rejected ID token, from the broker's description of why. */
function rejectionHint(description) {
    if (/expired|future|not valid yet|\bnbf\b|\biat\b/i.test(description)) {
        // The ID token's times come from the CI's issuer; the broker compares them with its own clock.
        return "The token's times disagree with the broker's clock by more than the 60 s allowed: check the broker host's clock (NTP); a job that waits minutes between getting and exchanging its ID token also sees this";
    }
    if (/audience|\baud\b/i.test(description))
        return "Set the audience input to the broker's issuer, or leave it empty to use the issuer from the broker's discovery document";
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
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_UNREACHABLE', `could not reach the stint broker at ${origin(brokerUrl)} (${tries}): ${last.message}. Check broker-url and that the broker is up and reachable from this runner`, details);
    }
    const code = last.code === 'ERR_EXCHANGE_RATE_LIMITED' || last.code === 'ERR_ID_TOKEN_REQUEST_FAILED' ? last.code : fallback;
    return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi(code, `${last.message} (gave up after ${tries})`, details);
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
    throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_FAILED', `the answer from ${origin(url)} is not a stint exchange response; is broker-url the stint broker?`, { status: 200 });
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


/***/ }),

/***/ 9927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Hi: () => (/* binding */ RemoteError),
  PS: () => (/* binding */ isRetryableStatus),
  mu: () => (/* binding */ parseRetryAfter),
  V9: () => (/* binding */ retryWithinBudget)
});

// UNUSED EXPORTS: DEFAULT_BUDGET_MS

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/lib/retry-budget.ts
/**
 * How long the action and `stint exchange` keep retrying an exchange (and post a revocation) in
 * all, unless STINT_RETRY_BUDGET says otherwise. A module of its own so the action's start-up
 * can read it without loading the broker client, which only runs with a broker-url.
 */
const DEFAULT_BUDGET_MS = 60_000;

;// CONCATENATED MODULE: ./src/lib/retry.ts
/**
 * The classified, bounded retry every outbound client shares (the broker client, the CI ID-token
 * requests): which answers are worth another attempt, how long to wait, when to give up.
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
class RemoteError extends errors/* StintError */.Fp {
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
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/**
 * `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent or
 * unreadable.
 */
function parseRetryAfter(value, now) {
    if (value === null || value.trim() === '')
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
async function retryWithinBudget(attempt, options, giveUp) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
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
            if (!(error instanceof RemoteError) || !error.retryable)
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


/***/ }),

/***/ 5019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ye: () => (/* binding */ maskForms)
/* harmony export */ });
/* unused harmony exports MIN_FORM_LENGTH, isWorthMasking */
/**
 * Every form of a secret that a later step could print, so each can be registered for masking
 * (`::add-mask::`) before anything can print it.
 *
 * The runner masks exact substrings, line by line. A multi-line secret (a PEM key, a JSON
 * credential) printed by `cat` arrives one line at a time, so each line is registered on its own;
 * a step that base64-encodes, URL-encodes or JSON-embeds the value prints a different string, so
 * those forms are registered too. What is not secret on its own is left out (`{`, `}`, PEM
 * armour lines, anything under 4 characters, whitespace): registering it would turn every
 * brace and every `-----BEGIN CERTIFICATE-----` in the log into `***` and hide what happened.
 */
/** Shorter than this, a form is too common to be worth masking (and would blank the log). */
const MIN_FORM_LENGTH = 4;
/** GNU `base64` wraps its output at 76 columns; a wrapped form is printed in these pieces. */
const BASE64_WRAP = 76;
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/**
 * Every printable form of `value` worth registering for masking: the value (and trimmed, with
 * CRLF as LF, and with its line breaks removed), each line (and its trimmed, JSON-escaped and
 * URL-encoded forms), its base64 / base64url forms (also as they appear at each byte offset
 * inside a longer encoded text, e.g. `user:token` in a Basic header, and in 76-column pieces),
 * URL-encoded (percent and form style) and JSON-escaped forms. Unique, longest first.
 *
 * @example
 * for (const form of maskForms(privateKeyPem)) core.setSecret(form);
 */
function maskForms(value) {
    const forms = new Set();
    const add = (form) => {
        if (isWorthMasking(form))
            forms.add(form);
    };
    const wholes = new Set([value, value.trim(), value.replace(/\r\n/g, '\n'), value.replace(/\r\n/g, '\n').trim()]);
    const lines = value.split(/\r?\n|\r/);
    if (lines.length > 1)
        wholes.add(lines.map((line) => line.trim()).join(''));
    for (const whole of wholes) {
        if (!isWorthMasking(whole))
            continue;
        add(whole);
        add(jsonEscaped(whole));
        add(encodeURIComponent(whole));
        add(new URLSearchParams({ v: whole }).toString().slice(2));
        for (const encoded of base64Forms(whole))
            add(encoded);
    }
    if (lines.length > 1) {
        for (const line of lines) {
            for (const form of new Set([line, line.trim()])) {
                if (!isWorthMasking(form))
                    continue;
                add(form);
                add(jsonEscaped(form));
                add(encodeURIComponent(form));
            }
        }
    }
    return [...forms].sort((a, b) => b.length - a.length);
}
/** Whether a string is secret enough on its own to register: not blank, not armour, not tiny. */
function isWorthMasking(form) {
    const trimmed = form.trim();
    if (trimmed.length < MIN_FORM_LENGTH)
        return false;
    if (PEM_ARMOUR.test(trimmed))
        return false;
    return true;
}
/** The value as it appears inside a JSON string (without the quotes). */
function jsonEscaped(value) {
    return JSON.stringify(value).slice(1, -1);
}
/**
 * base64 and base64url of the value, plus the stable middle of its encoding when it sits at
 * byte offset 1 or 2 inside a longer encoded text (each shift changes every character), plus
 * the 76-column pieces of the wrapped encoding.
 */
function base64Forms(value) {
    const bytes = Buffer.from(value, 'utf8');
    const forms = [];
    for (let shift = 0; shift < 3; shift++) {
        const shifted = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
        if (shift === 0)
            forms.push(shifted, shifted.replace(/=+$/, ''));
        // Inside a longer text the characters that also encode the bytes around the value differ;
        // keep only those made from the value's bits alone (each character carries 6 bits).
        forms.push(shifted.slice(Math.ceil((shift * 8) / 6), Math.floor(((shift + bytes.length) * 8) / 6)));
    }
    const withUrl = forms.flatMap((form) => [form, toBase64Url(form)]);
    const wrapped = Buffer.from(value, 'utf8').toString('base64');
    if (wrapped.length > BASE64_WRAP) {
        for (let i = 0; i < wrapped.length; i += BASE64_WRAP)
            withUrl.push(wrapped.slice(i, i + BASE64_WRAP));
    }
    return withUrl;
}
function toBase64Url(base64) {
    return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}


/***/ }),

/***/ 6587:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ redact)
/* harmony export */ });
/* harmony import */ var _forms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5019);

/**
 * Replaces every printable form of every secret in `text` with `***`, for stint's own log lines
 * and error messages (the runner's masking covers what reaches the log; this covers what we
 * write anywhere else, and runs before the runner ever sees it).
 *
 * @example
 * core.info(redact(`broker said: ${body}`, [idToken, accessToken]));
 */
function redact(text, secrets) {
    const forms = new Set();
    for (const secret of secrets)
        for (const form of (0,_forms_js__WEBPACK_IMPORTED_MODULE_0__/* .maskForms */ .ye)(secret))
            forms.add(form);
    // Longest first, so a long form is not half-replaced by a shorter one it contains.
    let result = text;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) {
        if (result.includes(form))
            result = result.split(form).join('***');
    }
    return result;
}


/***/ })

};
