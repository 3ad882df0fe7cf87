export const id = 898;
export const ids = [898];
export const modules = {

/***/ 3523:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ brokerOption)
/* harmony export */ });
/* harmony import */ var _audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(699);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _scrub_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9301);



/**
 * The broker URL `--broker` (or `STINT_BROKER_URL`, named by `setting`) gives, checked before
 * anything is sent or printed: a UsageError, which never repeats the value, unless it is an
 * `http://` or `https://` URL with nothing secret in it.
 *
 * Why it is never repeated: a value that is not a URL is most often something pasted into the
 * wrong place, and that may be a token. And why a secret inside a URL is refused rather than left
 * to the scrubber: parsing a URL lower-cases its host, so a JWT given as (part of) the host reaches
 * the retry lines and errors as `eyjhbgci…`, which no check for a JWT recognises any more.
 * `env` supplies the secrets the CLI knows of (./scrub.ts), matched regardless of case for that reason.
 *
 * @example
 * const brokerUrl = brokerOption(values.broker, io.env); // 'https://stint.example.com'
 */
function brokerOption(value, env, setting = '--broker') {
    const what = (0,_audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_0__/* .secretIn */ .u7)(value) ?? (holdsSecretOf(value, env) ? 'the value of a secret variable of this environment' : undefined);
    if (what !== undefined) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${setting} must be the broker's URL (https://stint.example.com); the value given holds what looks like ${what}, so it is not shown: give the broker's URL there, never a token`);
    }
    const scheme = URL.canParse(value) ? new URL(value).protocol : undefined;
    if (scheme !== 'https:' && scheme !== 'http:') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${setting} must be the broker's URL, https://… (http:// only to this machine), such as https://stint.example.com; the value given is not one (it is not shown, in case it is something pasted in the wrong place)`);
    }
    return value;
}
/** Whether `value`, in any case, holds a secret the CLI can see in its environment. */
function holdsSecretOf(value, env) {
    const lower = value.toLowerCase();
    return (0,_scrub_js__WEBPACK_IMPORTED_MODULE_2__/* .cliSecrets */ .O)(env).some((secret) => secret.length >= 8 && lower.includes(secret.toLowerCase()));
}


/***/ }),

/***/ 2140:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ ACTION_SETTINGS),
/* harmony export */   WW: () => (/* binding */ brokerKeys),
/* harmony export */   iX: () => (/* binding */ exchangeWithRetry),
/* harmony export */   pN: () => (/* binding */ discoverBroker),
/* harmony export */   sR: () => (/* binding */ endpoint),
/* harmony export */   w$: () => (/* binding */ revokeToken)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1931);
/* harmony import */ var _lib_loopback_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9722);
/* harmony import */ var _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1737);
/* harmony import */ var _lib_retry_budget_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9691);





/** What the unreachable-broker hint names when the caller does not say where the broker URL is set. */
const EITHER_BROKER_SETTING = 'broker-url input, or --broker';
/** The GitHub Action's inputs (action.yml). */
const ACTION_SETTINGS = {
    brokerUrl: 'broker-url input',
    audience: 'audience input',
    audienceFix: "Set the audience input to the broker's issuer, or leave it empty to use the broker URL itself",
    request: 'project, scope and ttl inputs',
    scope: 'scope input',
    project: 'project input',
};
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
async function exchangeWithRetry(options) {
    const http = options.http ?? _lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .httpRequest */ .aj;
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
        const answer = await send(http, {
            url,
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
            signal,
        }, 'exchange', options.now ?? Date.now);
        if (answer.status === 200)
            return readExchangeResult(answer.json, url);
        throw exchangeError(answer, options.project, options.settings ?? ACTION_SETTINGS, body.scope);
    }, options, giveUpAfter(options.brokerUrl, 'ERR_EXCHANGE_FAILED', (options.settings ?? ACTION_SETTINGS).brokerUrl, 
    // Both callers (the action and stint exchange) read their budget from it.
    'STINT_RETRY_BUDGET (seconds, at most 600) sets a longer one'));
}
/**
 * Revokes a stint token at `POST /oauth2/revoke` (RFC 7009). Holding the token is enough.
 * Retries like the exchange, in a shorter budget (default REVOKE_BUDGET_MS, 30 s). Throws `RemoteError`
 * `ERR_REVOKE_FAILED` or `ERR_BROKER_UNREACHABLE`.
 *
 * @example
 * const { brokerTimeMs } = await revokeToken('https://stint.example.com', token);
 */
async function revokeToken(brokerUrl, token, options = {}) {
    const http = options.http ?? _lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .httpRequest */ .aj;
    const url = endpoint(brokerUrl, 'oauth2/revoke');
    return (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retryWithinBudget */ .V9)(async (signal) => {
        const answer = await send(http, {
            url,
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
            signal,
        }, 'revoke', options.now ?? Date.now);
        if (answer.status === 200)
            return { brokerTimeMs: answer.dateMs };
        throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_REVOKE_FAILED', `the broker refused to revoke the token: ${describeAnswer(answer)}`, {
            ...answerDetails(answer),
            retryable: (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(answer.status),
        });
    }, { budgetMs: _lib_retry_budget_js__WEBPACK_IMPORTED_MODULE_3__/* .REVOKE_BUDGET_MS */ .Y4, ...options }, giveUpAfter(brokerUrl, 'ERR_REVOKE_FAILED', options.settings?.brokerUrl));
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
    const http = options.http ?? _lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .httpRequest */ .aj;
    const url = endpoint(brokerUrl, '.well-known/openid-configuration');
    return (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retryWithinBudget */ .V9)(async (signal) => {
        const answer = await send(http, { url, method: 'GET', headers: { accept: 'application/json' }, signal }, 'discovery', options.now ?? Date.now);
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
    }, { budgetMs: 30_000, ...options }, giveUpAfter(brokerUrl, 'ERR_DISCOVERY_FAILED', options.settings?.brokerUrl));
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
async function brokerKeys(brokerUrl, options = {}) {
    const http = options.http ?? _lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .httpRequest */ .aj;
    const url = endpoint(brokerUrl, '.well-known/jwks.json');
    return (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retryWithinBudget */ .V9)(async (signal) => {
        const answer = await send(http, { url, method: 'GET', headers: { accept: 'application/json' }, signal }, 'key set', options.now ?? Date.now);
        if (answer.status === 200) {
            const doc = answer.json;
            return isRecord(doc) && Array.isArray(doc.keys) && doc.keys.every(isRecord)
                ? doc
                : undefined;
        }
        if ((0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(answer.status)) {
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_DISCOVERY_FAILED', `the broker's key set could not be read: ${describeAnswer(answer)}`, {
                ...answerDetails(answer),
                retryable: true,
            });
        }
        return undefined;
    }, { budgetMs: 15_000, ...options }, giveUpAfter(brokerUrl, 'ERR_DISCOVERY_FAILED', options.settings?.brokerUrl));
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
    if ((0,_lib_loopback_js__WEBPACK_IMPORTED_MODULE_4__/* .sendsInClear */ .IV)(base)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} is plain http to another machine, which would send the tokens in clear; serve the broker over https (${_lib_loopback_js__WEBPACK_IMPORTED_MODULE_4__/* .PLAIN_HTTP_ONLY_HERE */ .W7})`);
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
/**
 * One HTTP request; network errors and timeouts become retryable `ERR_BROKER_UNREACHABLE`, a
 * redirect `ERR_BROKER_REDIRECT` (a token must go only to the URL configured; retrying cannot help),
 * a refused server certificate `ERR_BROKER_CERT_REJECTED` (the same certificate every time).
 */
async function send(http, request, what, now) {
    const url = request.url;
    let response;
    try {
        response = await http({ ...request, maxResponseBytes: MAX_RESPONSE_BYTES });
    }
    catch (error) {
        if (!(error instanceof _lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$))
            throw error;
        if (error.kind === 'redirect') {
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_REDIRECT', `the ${what} request to ${origin(url)} was redirected; set the broker URL (broker-url input, or --broker) to the broker's final URL (https://…)`, { cause: error });
        }
        if (error.kind === 'too-large') {
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_FAILED', `the broker's answer is larger than ${MAX_RESPONSE_BYTES} bytes; is the broker URL that of a stint broker?`, { ...(error.status !== undefined ? { status: error.status } : {}), cause: error });
        }
        if (error.kind === 'certificate') {
            // Not transient: every retry would meet the same certificate (and, with the audience input
            // set, ask the runner for another ID token each time).
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_CERT_REJECTED', `the ${what} request to ${origin(url)} failed: this runner does not accept the broker's TLS certificate (${error.reason}). ${certificateFix(error.reason)}`, { cause: error });
        }
        if (error.kind === 'network' && (0,_lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isTlsRefusal */ .il)(error.reason)) {
            throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed in the TLS handshake (${error.reason}): ${tlsRefusalFix(error.reason)}`, { retryable: false, cause: error });
        }
        throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed: ${error.reason}`, {
            retryable: (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableHttpError */ .PL)(error),
            cause: error,
        });
    }
    const text = response.text();
    if (new URL(url).protocol === 'http:' && (0,_lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isHttpsPortAnswer */ .zQ)(response.status, text)) {
        // Not worth a retry: the same port answers plain HTTP the same way every time.
        const { host } = new URL(url);
        throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} got HTTP 400: that port serves HTTPS, not plain HTTP; start the broker URL (${EITHER_BROKER_SETTING}) with https://, as in https://${host}`, { status: 400, retryable: false });
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
        retryAfterMs: (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRetryAfter */ .mu)(response.header('retry-after'), now()),
        requestIdHeader: response.header('x-request-id'),
        dateMs: dateHeader(response.header('date')),
    };
}
/** An HTTP `Date` header as epoch ms; undefined when absent or not a date. */
function dateHeader(value) {
    if (value === undefined)
        return undefined;
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
}
/** What to do about a broker certificate this runner refused, from Node's verification code. */
function certificateFix(code) {
    switch ((0,_lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .certificateProblem */ .VP)(code)) {
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
function tlsRefusalFix(code) {
    if ((0,_lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isPlainHttpPort */ .QH)(code))
        return 'nothing speaks TLS on that port: if the broker serves plain HTTP, use http:// (loopback only), else the port its TLS listens on';
    if (code.includes('PROTOCOL'))
        return "the server and this runner's Node share no TLS version: serve TLS 1.2 or 1.3";
    if (code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')
        return "the server wants a client certificate (stint presents none to the broker) or offers no cipher this runner's Node accepts";
    return 'the server (or a proxy in front of it) wants a client certificate, which stint does not present to the broker: let the runner reach the broker without mutual TLS';
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
    // Only an id shaped like the broker's: a server that echoes what it was sent could put the ID token here.
    const requestId = (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .brokerRequestId */ .sP)(body.request_id) ?? (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .brokerRequestId */ .sP)(answer.requestIdHeader);
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
function exchangeError(answer, project, settings, 
/** The scopes asked for, as sent. */
scope) {
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
    if (status === 403 && details.error === 'invalid_scope') {
        // The job is trusted; what it asked for is not granted. The policy is fine as it is.
        const where = settings.scope ?? 'scope';
        const commas = scope?.includes(',')
            ? `: scopes are separated by spaces, not commas (${JSON.stringify(scope.replace(/\s*,\s*/g, ' ').trim())})`
            : '';
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_DENIED', `the broker denied a token for project ${project}: ${said}. Check the scopes you ask for (${where})${commas}; ask only for scopes the project's trust rules grant this job, or leave it empty for all of them`, details);
    }
    if (status === 403) {
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_DENIED', `the broker denied a token for project ${project}: ${said}. Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows; check the spelling of the project (${settings.project ?? 'project'}) too: the broker answers a project it does not have the same way`, details);
    }
    if (status === 401) {
        const hint = rejectionHint(details.description ?? '', settings);
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_ID_TOKEN_REJECTED', `the broker rejected this job's ID token: ${said}${hint === undefined ? '' : `. ${hint}`}`, details);
    }
    if (status === 404) {
        // The broker answers 404 only for a path it does not serve: the URL, not the request, is wrong.
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_INVALID', `the broker URL serves no stint exchange: ${said}. Check the broker URL (${settings.brokerUrl}): give the broker's base URL, the one its /.well-known/openid-configuration is under, without /auth/oidc/exchange or another endpoint's path`, details);
    }
    return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_INVALID', `the broker refused the exchange request: ${said}. Check the ${settings.request}`, details);
}
/**
 * A stint broker's refusal of the ID token's audience, which ends with what to change in this CI:
 * `token audience "…" is not <expected>; <fix>` (src/broker/id-token.ts, each CI's
 * `claims.audienceFix`).
 */
const BROKER_AUDIENCE_FIX = /\btoken audience\b.* is not .*; \S/s;
/** What to fix for a rejected ID token, from the broker's description of why; none when the broker said it. */
function rejectionHint(description, settings) {
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
function giveUpAfter(brokerUrl, fallback, brokerSetting, budgetSetting) {
    return (last, attempts, elapsedMs, refused, stoppedBecause) => finalError(last, attempts, elapsedMs, brokerUrl, fallback, brokerSetting ?? EITHER_BROKER_SETTING, refused, budgetSetting, stoppedBecause);
}
function finalError(last, attempts, elapsedMs, brokerUrl, fallback = 'ERR_EXCHANGE_FAILED', 
/** Where the user set the broker URL (ClientSettings.brokerUrl): the action's input, a recipe's setting, the flag. */
brokerSetting, refused, budgetSetting, 
/** Why the retries ended before the budget did (RetryOptions.retryUntil). */
stoppedBecause) {
    const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
    let tries = `${attempts} attempt${attempts === 1 ? '' : 's'} in ${seconds(elapsedMs)}`;
    if (stoppedBecause !== undefined)
        tries += `; ${stoppedBecause}`;
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
        return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_BROKER_UNREACHABLE', `could not reach the stint broker at ${origin(brokerUrl)} (${tries}): ${last.message}. Check the broker URL (${brokerSetting}) and that the broker is up and reachable from this runner`, details);
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
    throw new _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi('ERR_EXCHANGE_FAILED', `the answer from ${origin(url)} is not a stint exchange response; is the broker URL that of a stint broker?`, { status: 200 });
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
/* harmony export */   IV: () => (/* binding */ sendsInClear),
/* harmony export */   W7: () => (/* binding */ PLAIN_HTTP_ONLY_HERE),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
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
    // node:net on first use: importing it costs a start-up that may never check a host.
    if (process.getBuiltinModule('node:net').isIP(bare) === 4)
        return bare.startsWith('127.');
    return bare === '::1';
}
/** Where plain http is allowed, for messages that refuse it elsewhere. */
const PLAIN_HTTP_ONLY_HERE = 'http:// is only for localhost, 127.0.0.0/8 and ::1';
/**
 * Whether a request to `url` would cross the network in clear: plain http to a host that is not
 * this machine. Every client that sends a credential (an ID token, a stint token, a client
 * secret, a bearer token or JWT) refuses such a URL before sending anything.
 *
 * @example
 * sendsInClear(new URL('http://api.example.com/')) // true
 * sendsInClear(new URL('http://127.0.0.1:8080/')) // false
 */
function sendsInClear(url) {
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}


/***/ })

};
