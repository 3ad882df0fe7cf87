export const id = 627;
export const ids = [627];
export const modules = {

/***/ 9280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ CLOCK_SKEW_SEC)
/* harmony export */ });
/**
 * The clock difference stint tolerates on `exp`, `nbf` and `iat` (docs/broker.md#what-an-exchange-checks), for the
 * CI's ID tokens at the broker and for stint's own tokens wherever they are verified. The
 * store keeps revocations this long past `exp` for the same reason.
 */
const CLOCK_SKEW_SEC = 60;


/***/ }),

/***/ 1931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QH: () => (/* binding */ isPlainHttpPort),
/* harmony export */   VP: () => (/* binding */ certificateProblem),
/* harmony export */   aj: () => (/* binding */ httpRequest),
/* harmony export */   il: () => (/* binding */ isTlsRefusal),
/* harmony export */   j$: () => (/* binding */ HttpError),
/* harmony export */   zQ: () => (/* binding */ isHttpsPortAnswer)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

/**
 * The codes Node gives a server certificate it does not accept (OpenSSL's X.509 verification
 * results, and Node's own host name check): untrusted, expired, not for this host, malformed.
 */
const CERTIFICATE_ERRORS = new Set([
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_CRL',
    'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
    'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
    'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
    'CERT_SIGNATURE_FAILURE',
    'CRL_SIGNATURE_FAILURE',
    'CERT_NOT_YET_VALID',
    'CERT_HAS_EXPIRED',
    'CRL_NOT_YET_VALID',
    'CRL_HAS_EXPIRED',
    'ERROR_IN_CERT_NOT_BEFORE_FIELD',
    'ERROR_IN_CERT_NOT_AFTER_FIELD',
    'ERROR_IN_CRL_LAST_UPDATE_FIELD',
    'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'CERT_CHAIN_TOO_LONG',
    'CERT_REVOKED',
    'INVALID_CA',
    'PATH_LENGTH_EXCEEDED',
    'INVALID_PURPOSE',
    'CERT_UNTRUSTED',
    'CERT_REJECTED',
    'HOSTNAME_MISMATCH',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/**
 * What a refused server certificate needs, from Node's verification code or its message (a client
 * that passes errors on as text, such as ioredis for Sentinel and Cluster nodes, keeps only the
 * message): `host` (it does not name the host connected to), `trust` (its CA is not trusted here),
 * `dates` (expired or not yet valid), or undefined for any other refusal.
 *
 * @example
 * certificateProblem('SELF_SIGNED_CERT_IN_CHAIN') // 'trust'
 * certificateProblem('self-signed certificate in certificate chain') // 'trust'
 */
function certificateProblem(codeOrMessage) {
    if (/Hostname\/IP does not match certificate's altnames|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH/i.test(codeOrMessage))
        return 'host';
    if (/self[- ]signed|unable to get (local )?issuer|unable to verify the first certificate|certificate (is )?not trusted|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|CERT_UNTRUSTED/i.test(codeOrMessage))
        return 'trust';
    if (/certificate has expired|certificate is not yet valid|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/i.test(codeOrMessage))
        return 'dates';
    return undefined;
}
/**
 * OpenSSL's codes for a TLS handshake that the other end refused, or that could not start: plain
 * HTTP on an https:// URL, a server that demands a client certificate, no TLS version in common.
 * They come back as `network` failures, but the same server answers the same way next time, so
 * `isTlsRefusal` lets callers stop at once instead of retrying.
 */
const TLS_REFUSALS = new Set([
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'ERR_SSL_PACKET_LENGTH_TOO_LONG',
    'ERR_SSL_HTTP_REQUEST',
    'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    'ERR_SSL_UNSUPPORTED_PROTOCOL',
    'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
    'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
    'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
    'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
    'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);
/**
 * The error's code; for a TLS failure met while writing, which Node reports as a bare EPROTO, the
 * OpenSSL reason named the way Node names the others (`wrong version number` →
 * ERR_SSL_WRONG_VERSION_NUMBER).
 */
function failureCode(error) {
    const ssl = error.code === 'EPROTO' ? /:SSL routines:[^:]*:([a-z0-9 ]+):/.exec(error.message) : null;
    if (ssl)
        return `ERR_SSL_${ssl[1].toUpperCase().replaceAll(' ', '_')}`;
    return error.code ?? error.message;
}
/**
 * How a server says that plain HTTP came to its HTTPS port: the stint broker
 * (src/broker/plain-http.ts), nginx ("The plain HTTP request was sent to HTTPS port") and Go's
 * net/http, which Caddy and Traefik use ("Client sent an HTTP request to an HTTPS server.").
 */
const HTTPS_PORT_ANSWER = /speaks HTTPS and the request came as plain HTTP|plain HTTP request was sent to HTTPS port|sent an HTTP request to an HTTPS server/i;
/** Whether an answer to an http:// request says that the port serves HTTPS (the same every time). */
function isHttpsPortAnswer(status, text) {
    return status === 400 && HTTPS_PORT_ANSWER.test(text);
}
/** The OpenSSL codes of an https:// request to a port that answers plain HTTP (or nothing TLS). */
function isPlainHttpPort(reason) {
    return (reason === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
        reason === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
        reason === 'ERR_SSL_HTTP_REQUEST');
}
/** Whether a `network` failure's reason is a TLS handshake the server refuses every time. */
function isTlsRefusal(reason) {
    return TLS_REFUSALS.has(reason);
}
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * A request that got no usable answer. Callers turn it into their own error (ERR_BROKER_UNREACHABLE,
 * ERR_ISSUER_UNREACHABLE, …); `isRetryableHttpError` (src/lib/retry.ts) says whether to try again.
 */
class HttpError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
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
const httpRequest = async (options) => {
    const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
    // For messages: never the query, which may carry a credential.
    const target = `${(options.method ?? 'GET').toUpperCase()} ${url.origin}${url.pathname}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_HTTP_FAILED', `${target}: only http and https URLs can be requested (got ${url.protocol})`);
    }
    let route;
    const env = process.env;
    // The proxy code loads only when a proxy variable is set (the action's start-up, issue 18).
    if ((options.proxy ?? 'environment') === 'environment' &&
        (env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY)) {
        const proxy = await __webpack_require__.e(/* import() */ 87).then(__webpack_require__.bind(__webpack_require__, 7087));
        try {
            route = proxy.proxyFor(url, env);
        }
        catch (error) {
            if (!(error instanceof proxy.ProxySettingError))
                throw error;
            throw new HttpError('proxy', target, error.message, { sent: false });
        }
        if (route !== undefined)
            return exchange(options, url, target, { route, proxy });
    }
    return exchange(options, url, target, undefined);
};
/** The request itself: directly, or through a proxy. */
function exchange(options, url, target, proxied) {
    const route = proxied?.route;
    const secure = url.protocol === 'https:';
    /** `through the proxy proxy.corp:3128 (from HTTPS_PROXY)`: host and port only, never credentials. */
    const via = route === undefined ? '' : ` through the proxy ${route.where} (from ${route.variable})`;
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
                request?.destroy();
                tunnel?.destroy();
                reject(outcome.error);
            }
        };
        const fail = (kind, reason, extra = {}) => finish({ error: new HttpError(kind, target, reason, { sent: connected, ...extra }) });
        const onAbort = () => fail('timeout', `no answer in time (timeout)${via}`, { cause: options.signal?.reason });
        const timer = setTimeout(onAbort, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        // node:http and node:https (TLS and all of node:crypto) load on the first request that needs
        // them, not at import: a run that fails on its inputs needs neither, and one that only talks
        // to a local broker over http never needs TLS (the action's start-up, issue 18).
        let request;
        /** The CONNECT request to the proxy, and then the tunnel's socket. */
        let tunnel;
        const onError = (error) => {
            const certificate = error.code !== undefined && CERTIFICATE_ERRORS.has(error.code);
            const code = failureCode(error);
            // A certificate or handshake refusal is the server's, end to end through a tunnel: the bare
            // code, which callers look up (isTlsRefusal, their fixes). Anything else may be the proxy's.
            fail(certificate ? 'certificate' : 'network', certificate || isTlsRefusal(code) ? code : `${code}${via}`, {
                cause: error,
            });
        };
        const start = (send, extra, target) => {
            const settings = { method: options.method ?? 'GET', headers: options.headers ?? {}, ...extra };
            request =
                target === undefined
                    ? send(settings, (response) => read(response))
                    : send(target, settings, (response) => read(response));
            request.on('socket', (socket) => {
                // The request's bytes go out only once the connection (and the TLS handshake) is up.
                socket.once(secure && route === undefined ? 'secureConnect' : 'connect', () => {
                    connected = true;
                });
            });
            request.on('error', onError);
            request.end(options.body);
        };
        if (options.signal?.aborted) {
            onAbort();
            return;
        }
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (proxied === undefined) {
            start(process.getBuiltinModule(secure ? 'node:https' : 'node:http').request, { agent: false, ...(secure ? (options.tls ?? {}) : {}) }, url);
        }
        else if (!secure) {
            // Plain http through the proxy: the request, in absolute form, to the proxy itself.
            const { send, settings } = proxied.proxy.absoluteForm(proxied.route, url, options.headers ?? {});
            start(send, settings);
        }
        else {
            const { where, variable } = proxied.route;
            tunnel = proxied.proxy.openTunnel(proxied.route, url, options.tls, {
                opened: (socket) => {
                    tunnel = socket;
                },
                unreachable: (error) => fail('network', `${failureCode(error)} connecting to the proxy ${where} (from ${variable})`, {
                    cause: error,
                }),
                refused: (kind, reason, status) => fail(kind, reason, { status }),
                secured: () => {
                    connected = true;
                },
                failed: onError,
                ready: (tls) => start(process.getBuiltinModule('node:https').request, { createConnection: () => tls }, url),
            });
        }
        function read(response) {
            const status = response.statusCode ?? 0;
            if (proxied !== undefined && !secure && status === 407) {
                fail('proxy', proxied.proxy.proxyRefusal(proxied.route, url.host, status), { status });
                return;
            }
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
}
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

/***/ 9691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CZ: () => (/* binding */ RETRY_BUDGET_RULE),
/* harmony export */   T_: () => (/* binding */ DEFAULT_BUDGET_MS),
/* harmony export */   WC: () => (/* binding */ revokeRetryEnd),
/* harmony export */   Y4: () => (/* binding */ REVOKE_BUDGET_MS),
/* harmony export */   tY: () => (/* binding */ exchangeBudgetMs),
/* harmony export */   yJ: () => (/* binding */ revokeBudgetMs)
/* harmony export */ });
/* unused harmony export MAX_REVOKE_BUDGET_MS */
/* harmony import */ var _clock_skew_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9280);

/**
 * How long the action and `stint exchange` keep retrying an exchange in all, unless
 * STINT_RETRY_BUDGET says otherwise (a revocation: REVOKE_BUDGET_MS). A module of its own so the action's start-up
 * can read it without loading the broker client, which only runs with a broker-url.
 */
const DEFAULT_BUDGET_MS = 60_000;
/** What STINT_RETRY_BUDGET must be, for the error that names a bad value. */
const RETRY_BUDGET_RULE = 'STINT_RETRY_BUDGET must be a number of seconds between 1 and 600';
/**
 * STINT_RETRY_BUDGET (seconds, at most 600) in milliseconds for the exchange (the action's and
 * `stint exchange`'s): DEFAULT_BUDGET_MS when it is unset or empty, undefined when it is not a
 * number in range (the caller refuses it, naming `RETRY_BUDGET_RULE`).
 *
 * @example exchangeBudgetMs(process.env.STINT_RETRY_BUDGET) // 60000 when unset
 */
function exchangeBudgetMs(value) {
    if (value === undefined || value.trim() === '')
        return DEFAULT_BUDGET_MS;
    const seconds = Number(value);
    return Number.isFinite(seconds) && seconds > 0 && seconds <= 600 ? seconds * 1000 : undefined;
}
/**
 * How long `stint revoke` and the action's post step keep trying to revoke a token, unless
 * STINT_RETRY_BUDGET says otherwise: longer than a Sentinel failover keeps the brokers answering
 * 503 (about 15 s, docs/many-brokers.md#no-acknowledged-record-lost-min_replica_acks), with room for a loaded
 * machine, so a job that ends during one still gets its token revoked.
 */
const REVOKE_BUDGET_MS = 30_000;
/**
 * The most STINT_RETRY_BUDGET gives a revocation: 5 minutes, the time GitHub gives a cancelled
 * job's steps before it ends them; a revocation only shortens a token's life, which ends anyway.
 */
const MAX_REVOKE_BUDGET_MS = 300_000;
/**
 * STINT_RETRY_BUDGET (seconds) in milliseconds for a revocation (`stint revoke`, the action's post
 * step): REVOKE_BUDGET_MS when unset, empty or not a positive number (a revocation at job end is
 * best effort and never refused for it), at most MAX_REVOKE_BUDGET_MS. It lengthens the default
 * as well as shortening it.
 *
 * @example revokeBudgetMs(undefined) // 30000; revokeBudgetMs('120') // 120000; revokeBudgetMs('600') // 300000
 */
function revokeBudgetMs(value) {
    const seconds = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_REVOKE_BUDGET_MS) : REVOKE_BUDGET_MS;
}
/**
 * When a revocation's retries end at the latest (RetryOptions.retryUntil, for `stint revoke` and the
 * action's post step): none starts more than CLOCK_SKEW_SEC after the token's expiry, by which
 * time the token is dead by any clock stint accepts. The first attempt is sent regardless.
 *
 * @example revokeRetryEnd(Date.parse('2026-12-07T20:10:00Z')).atMs // 20:11:00
 */
function revokeRetryEnd(expiresAtMs) {
    return {
        atMs: expiresAtMs + _clock_skew_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOCK_SKEW_SEC */ .E * 1000,
        why: `no retry more than ${_clock_skew_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOCK_SKEW_SEC */ .E} s (the clock difference stint allows) after the token's expiry`,
    };
}


/***/ }),

/***/ 1737:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hi: () => (/* binding */ RemoteError),
/* harmony export */   PL: () => (/* binding */ isRetryableHttpError),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   V9: () => (/* binding */ retryWithinBudget),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   sP: () => (/* binding */ brokerRequestId)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1931);
/* harmony import */ var _retry_budget_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9691);
/**
 * The classified, bounded retry every outbound client shares (the broker client, the CI ID-token
 * requests): which answers are worth another attempt (`isRetryableStatus`,
 * `isRetryableHttpError`), how long to wait, when to give up.
 * See docs/architecture.md.
 */




const DEFAULT_ATTEMPT_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/**
 * An error from a remote system (the broker, or the runner's ID token service). It carries what
 * the server said so the caller can show it: `status`, the OAuth `error` code, the broker's
 * `error_description` as `description`, and its `request_id` as `requestId` (to find the
 * audit event). `retryable` says whether another attempt could succeed.
 */
class RemoteError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
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
function brokerRequestId(value) {
    return typeof value === 'string' && REQUEST_ID.test(value) ? value : undefined;
}
/** Whether an HTTP status is worth another attempt: 408, 429 and 5xx. Other 4xx never are. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/**
 * Whether a request that got no usable answer is worth another attempt: a broken or refused
 * connection and a timeout are (the next attempt may get through); a server certificate this
 * machine does not accept, a TLS handshake the server refuses, an oversized answer and a redirect
 * are not (the same server would answer the same way).
 */
function isRetryableHttpError(error) {
    return (error.kind === 'network' && !(0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isTlsRefusal */ .il)(error.reason)) || error.kind === 'timeout';
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
 * server's `Retry-After` when it sent one and it fits in what is left of the budget. Only
 * `RemoteError`s with `retryable: true` are retried; anything else is thrown at once. When the
 * budget runs out, `giveUp` turns the last error and the attempt count into the error to throw;
 * `refused` says when a `Retry-After` longer than the rest of the budget ended it.
 *
 * @example
 * const doc = await retryWithinBudget((signal) => getJson(url, signal), { budgetMs: 10_000 },
 *   (last) => last);
 */
async function retryWithinBudget(attempt, options, giveUp) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const budget = options.budgetMs ?? _retry_budget_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_BUDGET_MS */ .T_;
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
            const delay = error.retryAfterMs !== undefined ? Math.max(backoff, error.retryAfterMs) : backoff;
            // Give up now rather than sleep past the deadline: the caller wants an answer within its budget.
            const at = now();
            if (at + delay >= deadline) {
                const refused = error.retryAfterMs !== undefined && at + error.retryAfterMs >= deadline
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


/***/ }),

/***/ 4461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dl: () => (/* binding */ parseUrl),
/* harmony export */   QG: () => (/* binding */ defineCi),
/* harmony export */   S2: () => (/* binding */ knownClaimNames),
/* harmony export */   Uu: () => (/* binding */ refType),
/* harmony export */   et: () => (/* binding */ subjectOf),
/* harmony export */   ex: () => (/* binding */ claimString),
/* harmony export */   vM: () => (/* binding */ isSet),
/* harmony export */   vv: () => (/* binding */ fullRef)
/* harmony export */ });
/**
 * What stint knows about one CI, as one record: its issuers, its claims, the grammar of its
 * subjects and where a job finds its ID token. Each CI is one file exporting one of these
 * (`github.ts`, `gitlab.ts`, …), registered in the list of `registry.ts`; the policy, the token
 * sources, `stint status` and the demo read them and know no CI by name. docs/architecture.md
 * ("Adding a CI") walks through writing one. Descriptors are pure data and functions: no I/O
 * happens until a token source's `request` is called.
 */
/**
 * Whether a CI's tokens may carry a claim of this name (the example token's claims, `moreClaims`,
 * a `claimFamilies` prefix), or undefined when the CI's admin decides (`claimsChosenBy`). The
 * policy uses it to refuse a rule on a misspelt claim, which would never match.
 *
 * @example knownClaimNames(github) // ['actor', 'actor_id', 'aud', …]
 */
function knownClaimNames(ci) {
    if (ci.issuer.discovery.claimsChosenBy !== undefined)
        return undefined;
    const example = ci.claims.example(ci.claims.exampleIssuer('https://ci.invalid'), 'https://stint.invalid');
    return [...new Set([...Object.keys(example), ...(ci.issuer.discovery.moreClaims ?? [])])].sort();
}
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


/***/ }),

/***/ 5183:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ github)
/* harmony export */ });
/* unused harmony exports GITHUB_ISSUER, runtimeRequest, requestGithubToken, parseGithubSubject */
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1931);
/* harmony import */ var _lib_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1737);
/* harmony import */ var _descriptor_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4461);
/* harmony import */ var _request_helpers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8287);





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
        if (!(0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .isSet */ .vM)(requestUrl) || !(0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .isSet */ .vM)(requestToken))
            return undefined;
        return {
            reason: `GitHub Actions runtime token request (${REQUEST_URL} and _TOKEN are set)`,
            describe: 'the Actions runtime token request',
            request: (audience, io) => requestGithubToken(requestUrl, requestToken, audience, io.http, io.timeoutMs),
        };
    },
    missing(env) {
        const missing = [REQUEST_URL, REQUEST_TOKEN].filter((name) => !(0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .isSet */ .vM)(env[name]));
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
const github = (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .defineCi */ .QG)({
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
            const url = (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .parseUrl */ .Dl)(iss);
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
            moreClaims: ['environment', 'environment_node_id', 'enterprise', 'enterprise_id', 'issuer_scope', 'check_run_id'],
            // Organization or enterprise custom properties included in the token.
            claimFamilies: ['repo_property_'],
        },
    },
    claims: {
        normalise: (claims) => ({
            subject: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .subjectOf */ .et)(claims),
            repository: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'repository'),
            repository_id: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'repository_id'),
            owner: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'repository_owner'),
            owner_id: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'repository_owner_id'),
            ref: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'ref'),
            ref_type: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'ref_type'),
            sha: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'sha'),
            workflow_ref: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'workflow_ref'),
            job_workflow_ref: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'job_workflow_ref'),
            run_id: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'run_id'),
            run_attempt: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'run_attempt'),
            environment: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'environment'),
            actor: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'actor'),
            event: (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_4__/* .claimString */ .ex)(claims, 'event_name'),
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
        // The action and `stint exchange` ask the runner for a token with the audience they name; the
        // broker cannot tell which one asked, so it names both.
        audienceFix: (expected) => `request the ID token with audience ${expected} (the stint action's audience input, or --audience of stint exchange)`,
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
        settings: {
            brokerUrl: '--broker',
            audience: '--audience',
            audienceFix: 'Give --audience the audience the broker expects of GitHub (its providers.github.audience, by default its issuer), or leave it out to use the broker URL itself',
        },
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
        throw (0,_request_helpers_js__WEBPACK_IMPORTED_MODULE_3__/* .idTokenRequestError */ .um)(`the GitHub ID token request to ${url.origin} failed: ${error.message}`, {
            retryable: !(error instanceof _lib_http_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$) || (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableHttpError */ .PL)(error),
            cause: error,
        });
    }
    const text = response.body.toString('utf8');
    if (response.status < 200 || response.status > 299) {
        // The service's own words say what is wrong (an audience it refuses, a token of another job):
        // one line of them, bounded, with the request credential and anything JWT-shaped cut out.
        const said = (0,_request_helpers_js__WEBPACK_IMPORTED_MODULE_3__/* .serviceMessage */ .XK)(text, [requestToken]);
        const hint = response.status === 401 || response.status === 403
            ? ` (is ${REQUEST_TOKEN} from this job?)`
            : response.status === 400
                ? ` (check the audience asked for, ${JSON.stringify(audience.slice(0, 200))}: the action's audience input, or --audience; the token service refuses some)`
                : '';
        // A busy token service says when to come back (429, 503): the retry waits that long (DESIGN §3).
        const retryAfterMs = (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRetryAfter */ .mu)(response.header('retry-after'), Date.now());
        throw (0,_request_helpers_js__WEBPACK_IMPORTED_MODULE_3__/* .idTokenRequestError */ .um)(`the GitHub ID token request answered HTTP ${response.status}${said}${hint}`, {
            status: response.status,
            retryable: (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(response.status),
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_ID_TOKEN_INVALID', 'the GitHub ID token request answered without a "value" string');
    return (0,_request_helpers_js__WEBPACK_IMPORTED_MODULE_3__/* .requireJwt */ .li)(value, 'the GitHub ID token response');
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


/***/ }),

/***/ 4627:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  u: () => (/* binding */ CI_DESCRIPTORS)
});

// EXTERNAL MODULE: ./src/providers/descriptor.ts
var descriptor = __webpack_require__(4461);
// EXTERNAL MODULE: ./src/providers/request-helpers.ts
var request_helpers = __webpack_require__(8287);
;// CONCATENATED MODULE: ./src/providers/buildkite.ts


/** Buildkite's issuer, shared by every Buildkite organization. */
const BUILDKITE_ISSUER = 'https://agent.buildkite.com';
const AGENT = 'buildkite-agent';
/**
 * Buildkite. Issuer `https://agent.buildkite.com`, shared by every organization.
 *
 * Claims (buildkite.com docs, "buildkite-agent oidc"): `sub`, `organization_slug`,
 * `pipeline_slug`, `build_number` (number), `build_branch`, `build_tag`, `build_commit`,
 * `build_source`, `step_key`, `job_id`, `agent_id`, and optional `organization_id`,
 * `pipeline_id`, `cluster_id`, `queue_id`, `runner_environment`.
 *
 * Subject: `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`.
 *
 * Token: `buildkite-agent oidc request-token --audience …`, which the agent puts on the job's
 * PATH; a fresh token per call.
 */
const buildkite = (0,descriptor/* defineCi */.QG)({
    kind: 'buildkite',
    title: 'Buildkite',
    brand: 'Buildkite',
    issuer: {
        default: BUILDKITE_ISSUER,
        shared: [BUILDKITE_ISSUER],
        algorithms: ['RS256'],
        shapes: BUILDKITE_ISSUER,
        describe: (iss) => (iss === BUILDKITE_ISSUER ? 'Buildkite' : undefined),
        // agent.buildkite.com/.well-known/openid-configuration
        discovery: {
            jwksPath: '/.well-known/jwks',
            // build_tag on tag builds; the rest when the job asks for them (`oidc request-token --claim`).
            moreClaims: ['build_tag', 'cluster_id', 'cluster_name', 'queue_id', 'queue_key'],
            claimFamilies: ['agent_tag:'],
        },
    },
    claims: {
        normalise(claims) {
            const org = (0,descriptor/* claimString */.ex)(claims, 'organization_slug');
            const pipeline = (0,descriptor/* claimString */.ex)(claims, 'pipeline_slug');
            const tag = (0,descriptor/* claimString */.ex)(claims, 'build_tag');
            const ref = tag !== undefined ? (0,descriptor/* fullRef */.vv)('tag', tag) : (0,descriptor/* fullRef */.vv)('branch', (0,descriptor/* claimString */.ex)(claims, 'build_branch'));
            return {
                subject: (0,descriptor/* subjectOf */.et)(claims),
                repository: org !== undefined && pipeline !== undefined ? `${org}/${pipeline}` : undefined,
                repository_id: (0,descriptor/* claimString */.ex)(claims, 'pipeline_id'),
                owner: org,
                owner_id: (0,descriptor/* claimString */.ex)(claims, 'organization_id'),
                ref,
                ref_type: (0,descriptor/* refType */.Uu)(ref),
                sha: (0,descriptor/* claimString */.ex)(claims, 'build_commit'),
                workflow_ref: undefined,
                job_workflow_ref: undefined,
                run_id: (0,descriptor/* claimString */.ex)(claims, 'build_number'),
                run_attempt: undefined,
                environment: undefined,
                actor: undefined,
                event: (0,descriptor/* claimString */.ex)(claims, 'build_source'),
            };
        },
        ownerClaims: ['organization_id', 'organization_slug', 'pipeline_id'],
        ownerIdentity: { id: 'organization_id', name: 'organization_slug' },
        guarded: [],
        example: exampleClaims,
        exampleIssuer: (origin) => origin,
        // `buildkite-agent oidc request-token --audience` mints for the audience asked for: the plugin's
        // audience setting, or stint exchange's --audience.
        audienceFix: (expected) => `request the ID token with audience ${expected} (the stint plugin's audience setting, or --audience of stint exchange)`,
    },
    subject: {
        separator: ':',
        example: 'organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:*',
        owner: (subject) => /^organization:([^:]+):/.exec(subject)?.[1],
        repository(subject) {
            const match = /^organization:([^:]+):pipeline:([^:]+)(?::|$)/.exec(subject);
            return match === null ? undefined : `${match[1]}/${match[2]}`;
        },
        repositoryNoun: 'pipeline',
        pairs: [
            { key: 'organization', label: 'organization' },
            { key: 'pipeline', label: 'pipeline' },
            { key: 'ref', label: 'ref' },
            { key: 'commit', label: 'commit' },
            { key: 'step', label: 'step' },
        ],
    },
    token: {
        marker: { test: (env) => env.BUILDKITE === 'true', text: 'BUILDKITE=true' },
        source: {
            via: 'request',
            kind: 'buildkite-agent',
            // An agent binary on PATH alone does not prove this is a Buildkite job.
            needsMarker: true,
            lookedFor: AGENT,
            find(env) {
                const agentPath = (0,request_helpers/* findOnPath */.aY)(AGENT, env);
                if (agentPath === undefined)
                    return undefined;
                const describe = `${AGENT} at ${agentPath}`;
                return {
                    reason: `Buildkite (BUILDKITE=true) with ${describe}`,
                    describe,
                    request: (audience, io) => requestAgentToken(agentPath, audience, io.env, io.exec, io.timeoutMs),
                };
            },
            missing: () => `${AGENT} is not on PATH`,
        },
        howToGet: () => `Run stint inside a Buildkite job, where the agent puts ${AGENT} on PATH (or use the stint plugin of recipes/buildkite).`,
        settings: {
            brokerUrl: "the stint plugin's broker-url setting, or --broker",
            audience: "the plugin's audience setting, or --audience",
            audienceFix: "Set the stint plugin's audience setting (or --audience) to the audience the broker expects of Buildkite (its providers.buildkite.audience, by default its issuer), or leave it out to use the broker URL itself",
        },
    },
});
/** `buildkite-agent oidc request-token --audience A`, run without a shell. */
async function requestAgentToken(agentPath, audience, env, exec, timeoutMs) {
    let stdout;
    try {
        // Arguments go to execFile as a list: no shell ever sees the audience.
        ({ stdout } = await exec(agentPath, ['oidc', 'request-token', '--audience', audience], { env, timeoutMs }));
    }
    catch (error) {
        const { code, stderr } = error;
        const detail = typeof stderr === 'string' && stderr.trim() !== '' ? `: ${(0,request_helpers/* lastLine */.fM)(stderr)}` : '';
        // The agent retries its own API calls; a failure here is final for this attempt.
        throw (0,request_helpers/* idTokenRequestError */.um)(`${AGENT} oidc request-token failed (exit ${String(code ?? 'unknown')})${detail}`, {
            cause: error,
        });
    }
    return (0,request_helpers/* requireJwt */.li)(stdout.trim(), `${AGENT} oidc request-token`);
}
/** A Buildkite ID token's claims for step `deploy` of build 42 of main of acme/warehouse. */
function exampleClaims(issuer, audience) {
    const sha = 'd6cd1e2bd19e03a81132a23b2025920577f84e37';
    return {
        iss: issuer,
        aud: audience,
        sub: `organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:${sha}:step:deploy`,
        organization_slug: 'acme',
        pipeline_slug: 'warehouse',
        build_number: 42,
        build_branch: 'main',
        build_commit: sha,
        build_source: 'webhook',
        step_key: 'deploy',
        job_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f60',
        agent_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f61',
        organization_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f62',
        pipeline_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f63',
        runner_environment: 'buildkite-hosted',
    };
}

;// CONCATENATED MODULE: ./src/providers/circleci.ts

const ISSUER_PREFIX = 'https://oidc.circleci.com/org/';
const TOKEN_VARIABLE = 'CIRCLE_OIDC_TOKEN_V2';
/** The IDs of the example organization, project and user (`example` below). */
const CIRCLECI_EXAMPLE_IDS = {
    org: 'c9a1c3c2-5f3e-4b6a-9d1e-2f4a6b8c0d1e',
    project: 'e5b2d7a4-1c3f-4e5a-8b9c-0d1e2f3a4b5c',
    user: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
};
/**
 * CircleCI. Issuer `https://oidc.circleci.com/org/<org-id>`: one per organization, so no other
 * customer's tokens carry it.
 *
 * Claims (circleci.com docs, "Using OpenID Connect tokens in jobs"): `sub`, `aud` (the org id
 * unless the job asked for another), `oidc.circleci.com/project-id`,
 * `oidc.circleci.com/context-ids` (array), `oidc.circleci.com/vcs-origin`
 * (`github.com/acme/warehouse`), `oidc.circleci.com/vcs-ref` (`refs/heads/main`),
 * `oidc.circleci.com/ssh-rerun` (boolean).
 *
 * Subject: `org/<org-id>/project/<project-id>/user/<user-id>`, which V2 extends with
 * `/vcs-origin/<origin>/vcs-ref/<ref>`. Fields are separated by '/', which values contain too.
 *
 * Token: `$CIRCLE_OIDC_TOKEN_V2`, issued to jobs that use a context, with the org id as audience.
 */
const circleci = (0,descriptor/* defineCi */.QG)({
    kind: 'circleci',
    title: 'CircleCI',
    brand: 'CircleCI',
    issuer: {
        shared: [],
        algorithms: ['RS256'],
        shapes: 'https://oidc.circleci.com/org/<org-id>',
        describe(iss) {
            const url = (0,descriptor/* parseUrl */.Dl)(iss);
            if (url === undefined || !iss.startsWith(ISSUER_PREFIX))
                return undefined;
            const orgId = iss.slice(ISSUER_PREFIX.length);
            return /^[0-9a-f-]{36}$/i.test(orgId) ? `CircleCI organization ${orgId}` : undefined;
        },
        // oidc.circleci.com/org/<id>/.well-known/openid-configuration
        discovery: {
            jwksPath: '/.well-known/jwks-pub.json',
            moreClaims: [
                'oidc.circleci.com/org-id',
                'oidc.circleci.com/pipeline-id',
                'oidc.circleci.com/pipeline-definition-id',
            ],
        },
    },
    claims: {
        normalise(claims) {
            const subject = (0,descriptor/* subjectOf */.et)(claims);
            const origin = (0,descriptor/* claimString */.ex)(claims, 'oidc.circleci.com/vcs-origin');
            const ref = (0,descriptor/* claimString */.ex)(claims, 'oidc.circleci.com/vcs-ref');
            // `github.com/acme/warehouse` → repository `acme/warehouse`, owner `acme`.
            const repository = origin?.split('/').slice(1).join('/') || undefined;
            return {
                subject,
                repository,
                repository_id: (0,descriptor/* claimString */.ex)(claims, 'oidc.circleci.com/project-id'),
                owner: repository?.split('/')[0],
                owner_id: subjectOwner(subject),
                ref,
                ref_type: (0,descriptor/* refType */.Uu)(ref),
                sha: undefined,
                workflow_ref: undefined,
                job_workflow_ref: undefined,
                run_id: undefined,
                run_attempt: undefined,
                environment: undefined,
                actor: /\/user\/([^/]+)/.exec(subject)?.[1],
                event: undefined,
            };
        },
        ownerClaims: [],
        ownerIdentity: {},
        guarded: [],
        example: circleci_exampleClaims,
        exampleIssuer: (origin) => `${origin}/org/${CIRCLECI_EXAMPLE_IDS.org}`,
        // A job that asks for no audience gets its organization's ID.
        defaultAudience: (issuer) => issuer.slice(issuer.lastIndexOf('/') + 1),
        // $CIRCLE_OIDC_TOKEN_V2 is minted for the organization ID whatever the job asks, so the fix is
        // on the broker. The ID is the one in the provider's issuer URL, which the broker's config names.
        fixedAudience: organizationId,
        audienceFix(expected, provider) {
            const orgId = organizationId(provider.issuer);
            if (orgId === undefined) {
                return `a CircleCI job's ID token has its organization ID as its audience: set the broker's providers.${provider.name}.audience to that ID`;
            }
            if (orgId.toLowerCase() === expected.toLowerCase()) {
                return `a CircleCI job's ID token has its organization ID (${orgId}) as its audience: exchange $${TOKEN_VARIABLE} as CircleCI issued it`;
            }
            return `a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.${provider.name}.audience to ${orgId}`;
        },
    },
    subject: {
        separator: '/',
        example: 'org/<org-id>/project/<project-id>/user/*',
        owner: subjectOwner,
        repository(subject) {
            const match = /^org\/([^/:]+)\/project\/([^/:]+)(?:\/|$)/.exec(subject);
            return match === null ? undefined : `${match[1]}/${match[2]}`;
        },
        repositoryNoun: 'CircleCI organization/project',
        pairs: [
            { key: 'org', label: 'organization ID' },
            { key: 'project', label: 'project ID' },
            { key: 'user', label: 'user ID' },
            { key: 'vcs-origin', label: 'repository' },
            { key: 'vcs-ref', label: 'ref' },
        ],
    },
    token: {
        marker: { test: (env) => env.CIRCLECI === 'true', text: 'CIRCLECI=true' },
        source: { via: 'env', variable: TOKEN_VARIABLE, described: TOKEN_VARIABLE },
        howToGet: (variable) => `CircleCI issues ${TOKEN_VARIABLE} to jobs that use a context: add \`context: <name>\` to the job in the workflow${variable !== TOKEN_VARIABLE ? `, or drop --id-token-env to read ${TOKEN_VARIABLE}` : ''}.`,
        settings: {
            brokerUrl: "the stint orb's broker-url parameter, or --broker",
            audience: "the broker's providers.circleci.audience",
            audienceFix: "CircleCI's ID token always has your organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to that organization ID",
        },
    },
});
/** The organization ID an issuer URL ends with (`https://oidc.circleci.com/org/<id>`). */
function organizationId(issuer) {
    return /\/org\/([0-9a-f-]{36})$/i.exec(issuer)?.[1];
}
function subjectOwner(subject) {
    return /^org\/([^/:]+)\//.exec(subject)?.[1];
}
/** A CircleCI V2 ID token's claims for a push to main of acme/warehouse (the org ID is the issuer's). */
function circleci_exampleClaims(issuer, audience) {
    const org = issuer.slice(issuer.lastIndexOf('/') + 1);
    const { project, user } = CIRCLECI_EXAMPLE_IDS;
    return {
        iss: issuer,
        aud: audience,
        sub: `org/${org}/project/${project}/user/${user}/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/main`,
        'oidc.circleci.com/project-id': project,
        'oidc.circleci.com/context-ids': ['0f1e2d3c-4b5a-4697-8a9b-c0d1e2f3a4b5'],
        'oidc.circleci.com/vcs-origin': 'github.com/acme/warehouse',
        'oidc.circleci.com/vcs-ref': 'refs/heads/main',
        'oidc.circleci.com/ssh-rerun': false,
    };
}

// EXTERNAL MODULE: ./src/providers/github.ts
var github = __webpack_require__(5183);
;// CONCATENATED MODULE: ./src/providers/gitlab.ts

/** GitLab.com's issuer, shared by every GitLab.com user. */
const GITLAB_ISSUER = 'https://gitlab.com';
const gitlab_TOKEN_VARIABLE = 'STINT_ID_TOKEN';
/**
 * GitLab CI `id_tokens:`. Issuer: `https://gitlab.com` or the self-managed instance's URL.
 *
 * Claims (docs.gitlab.com, "OpenID Connect (OIDC) Authentication Using ID Tokens"):
 * `namespace_id`, `namespace_path`, `project_id`, `project_path`, `user_id`, `user_login`,
 * `user_email`, `user_access_level`, `pipeline_id`, `pipeline_source`, `job_id`, `ref`,
 * `ref_type` (`branch` | `tag`), `ref_path` (`refs/heads/main`), `ref_protected`, `environment`,
 * `environment_protected`, `deployment_tier`, `environment_action`, `runner_id`,
 * `runner_environment`, `sha`, `ci_config_ref_uri`, `ci_config_sha`, `project_visibility`.
 * IDs are strings.
 *
 * Subject: `project_path:GROUP/PROJECT:ref_type:branch:ref:main` (fixed; not customisable).
 *
 * Token: the job's `id_tokens:` puts it in a variable it names (stint's recipes use
 * STINT_ID_TOKEN), minted with the `aud` the job configuration gives.
 */
const gitlab = (0,descriptor/* defineCi */.QG)({
    kind: 'gitlab',
    title: 'GitLab CI',
    brand: 'GitLab',
    issuer: {
        default: GITLAB_ISSUER,
        shared: [GITLAB_ISSUER],
        algorithms: ['RS256'],
        shapes: 'https://gitlab.com or your instance URL',
        describe(iss) {
            if (iss === GITLAB_ISSUER)
                return 'GitLab.com';
            const url = (0,descriptor/* parseUrl */.Dl)(iss);
            if (url === undefined || url.search !== '' || url.hash !== '' || iss.endsWith('/'))
                return undefined;
            return `self-managed GitLab at ${url.host}${url.pathname === '/' ? '' : url.pathname}`;
        },
        // gitlab.com/.well-known/openid-configuration
        discovery: {
            jwksPath: '/oauth/discovery/keys',
            moreClaims: [
                'environment',
                'environment_protected',
                'deployment_tier',
                'environment_action',
                'groups_direct',
                'user_identities',
            ],
        },
    },
    claims: {
        normalise(claims) {
            const projectPath = (0,descriptor/* claimString */.ex)(claims, 'project_path');
            const refType = (0,descriptor/* claimString */.ex)(claims, 'ref_type');
            const ref = (0,descriptor/* claimString */.ex)(claims, 'ref');
            return {
                subject: (0,descriptor/* subjectOf */.et)(claims),
                repository: projectPath,
                repository_id: (0,descriptor/* claimString */.ex)(claims, 'project_id'),
                // The top-level group owns the project; `namespace_path` may be a subgroup of it.
                owner: projectPath?.split('/')[0] ?? (0,descriptor/* claimString */.ex)(claims, 'namespace_path'),
                owner_id: (0,descriptor/* claimString */.ex)(claims, 'namespace_id'),
                // GitLab's `ref` is the bare name (`main`); `ref_path` is the full ref other CIs use.
                ref: (0,descriptor/* claimString */.ex)(claims, 'ref_path') ?? (0,descriptor/* fullRef */.vv)(refType, ref),
                ref_type: refType,
                sha: (0,descriptor/* claimString */.ex)(claims, 'sha'),
                // The pipeline definition it ran (`gitlab.com/acme/warehouse//.gitlab-ci.yml@refs/heads/main`).
                workflow_ref: (0,descriptor/* claimString */.ex)(claims, 'ci_config_ref_uri'),
                job_workflow_ref: undefined,
                run_id: (0,descriptor/* claimString */.ex)(claims, 'pipeline_id'),
                run_attempt: undefined,
                environment: (0,descriptor/* claimString */.ex)(claims, 'environment'),
                actor: (0,descriptor/* claimString */.ex)(claims, 'user_login'),
                event: (0,descriptor/* claimString */.ex)(claims, 'pipeline_source'),
            };
        },
        ownerClaims: ['namespace_id', 'namespace_path', 'project_id', 'project_path'],
        ownerIdentity: { id: 'namespace_id' },
        guarded: [],
        example: gitlab_exampleClaims,
        exampleIssuer: (origin) => origin,
        // The stint component writes its audience input into the job's id_tokens.
        audienceFix: (expected) => `set the aud of the job's id_tokens variable to ${expected} (the stint component's audience input)`,
    },
    subject: {
        separator: ':',
        example: 'project_path:acme/warehouse:ref_type:branch:ref:main',
        owner: (subject) => /^project_path:([^:/]+)\//.exec(subject)?.[1],
        repository: (subject) => /^project_path:([^:]+):/.exec(subject)?.[1],
        repositoryNoun: 'project',
        pairs: [
            { key: 'project_path', label: 'project' },
            { key: 'ref_type', label: 'ref type' },
            { key: 'ref', label: 'ref' },
        ],
    },
    token: {
        marker: { test: (env) => env.GITLAB_CI === 'true', text: 'GITLAB_CI=true' },
        source: { via: 'env', variable: gitlab_TOKEN_VARIABLE, described: `the id_tokens variable ${gitlab_TOKEN_VARIABLE}` },
        howToGet: (variable) => `Add \`id_tokens: { ${variable}: { aud: <broker issuer> } }\` to the job, or extend the \`.stint\` job of recipes/gitlab.`,
        settings: {
            brokerUrl: "the stint component's broker_url input, or --broker",
            audience: "the component's audience input, or the job's id_tokens aud",
            audienceFix: "GitLab mints the ID token with the aud the job's id_tokens names (the stint component's audience input): set it to the broker's providers.gitlab.audience, by default the broker's issuer",
        },
    },
});
/** A GitLab CI ID token's claims for a push to main of acme/warehouse. */
function gitlab_exampleClaims(issuer, audience) {
    const sha = 'd6cd1e2bd19e03a81132a23b2025920577f84e37';
    return {
        iss: issuer,
        aud: audience,
        sub: 'project_path:acme/warehouse:ref_type:branch:ref:main',
        namespace_id: '1234567',
        namespace_path: 'acme',
        project_id: '7654321',
        project_path: 'acme/warehouse',
        user_id: '42',
        user_login: 'alice',
        user_email: 'alice@example.com',
        user_access_level: 'maintainer',
        pipeline_id: '1001',
        pipeline_source: 'push',
        job_id: '2002',
        ref: 'main',
        ref_type: 'branch',
        ref_path: 'refs/heads/main',
        ref_protected: 'true',
        runner_id: 7,
        runner_environment: 'gitlab-hosted',
        sha,
        project_visibility: 'private',
        ci_config_ref_uri: 'gitlab.com/acme/warehouse//.gitlab-ci.yml@refs/heads/main',
        ci_config_sha: sha,
    };
}

;// CONCATENATED MODULE: ./src/providers/jenkins.ts

const jenkins_TOKEN_VARIABLE = 'STINT_ID_TOKEN';
/**
 * Jenkins with the OpenID Connect Provider plugin (`oidc-provider`). Issuer `<JENKINS_URL>/oidc`
 * (a folder-scoped issuer adds the folder's path). One issuer per controller, so no stranger's
 * tokens carry it.
 *
 * Claims are templates the admin configures; the plugin's defaults are `sub` = the job's URL
 * (`https://jenkins.example.com/job/warehouse/job/main/`) and `build_number`. Common additions
 * are `job_name` (`${JOB_NAME}`), `branch_name`, `git_commit`, `node_name`. stint reads those
 * names when present.
 *
 * Subject: the job's URL, so its fields are separated by '/'; its shape is the admin's.
 *
 * Token: the plugin's ID token credential, bound into a variable with `withCredentials`.
 */
const jenkins = (0,descriptor/* defineCi */.QG)({
    kind: 'jenkins',
    title: 'Jenkins',
    brand: 'Jenkins',
    issuer: {
        shared: [],
        algorithms: ['RS256'],
        shapes: '<JENKINS_URL>/oidc',
        describe(iss) {
            const url = (0,descriptor/* parseUrl */.Dl)(iss);
            if (url === undefined || !/\/oidc$/.test(url.pathname))
                return undefined;
            return `Jenkins at ${url.host}${url.pathname.slice(0, -'/oidc'.length)}`;
        },
        // the oidc-provider plugin's <JENKINS_URL>/oidc/.well-known/openid-configuration
        discovery: {
            jwksPath: '/jwks',
            claimsChosenBy: "the OpenID Connect Provider plugin's claim templates, which its admin writes",
        },
    },
    claims: {
        normalise(claims) {
            const ref = (0,descriptor/* fullRef */.vv)('branch', (0,descriptor/* claimString */.ex)(claims, 'branch_name'));
            return {
                subject: (0,descriptor/* subjectOf */.et)(claims),
                repository: (0,descriptor/* claimString */.ex)(claims, 'job_name'),
                repository_id: undefined,
                owner: undefined,
                owner_id: undefined,
                ref,
                ref_type: (0,descriptor/* refType */.Uu)(ref),
                sha: (0,descriptor/* claimString */.ex)(claims, 'git_commit'),
                workflow_ref: undefined,
                job_workflow_ref: undefined,
                run_id: (0,descriptor/* claimString */.ex)(claims, 'build_number'),
                run_attempt: undefined,
                environment: undefined,
                actor: undefined,
                event: undefined,
            };
        },
        ownerClaims: [],
        ownerIdentity: {},
        guarded: [],
        example: jenkins_exampleClaims,
        exampleIssuer: (origin) => `${origin}/oidc`,
        audienceFix: (expected) => `set the audience of the OpenID Connect id token credential the job binds to ${expected}`,
    },
    subject: {
        separator: '/',
        example: 'https://jenkins.example.com/job/warehouse/job/main/',
        owner: () => undefined,
        // The subject is the job URL, whose shape the admin's claim templates decide.
        repository: () => undefined,
    },
    token: {
        marker: { test: (env) => (0,descriptor/* isSet */.vM)(env.JENKINS_URL), text: 'JENKINS_URL is set' },
        source: {
            via: 'env',
            variable: jenkins_TOKEN_VARIABLE,
            described: `${jenkins_TOKEN_VARIABLE} bound from the OIDC credential`,
        },
        howToGet: (variable) => `Bind the OIDC provider plugin's credential: withCredentials([string(credentialsId: '<id token credential>', variable: '${variable}')]) { … }, or use the stint shared library of recipes/jenkins.`,
        settings: {
            brokerUrl: "the stint step's brokerUrl, or --broker",
            audience: 'the audience of the OIDC credential',
            audienceFix: "Jenkins mints the ID token with the audience of the OIDC id token credential the job binds: set that credential's audience to the broker's providers.jenkins.audience, by default the broker's issuer",
        },
    },
});
/** The claims of the plugin's ID token for build 42 of main of the warehouse job, with the admin's usual additions. */
function jenkins_exampleClaims(issuer, audience) {
    // The job URL is under the controller's URL, which the issuer extends with /oidc.
    const controller = issuer.replace(/\/oidc$/, '');
    return {
        iss: issuer,
        aud: audience,
        sub: `${controller}/job/warehouse/job/main/`,
        build_number: 42,
        job_name: 'warehouse/main',
        branch_name: 'main',
        git_commit: 'd6cd1e2bd19e03a81132a23b2025920577f84e37',
    };
}

;// CONCATENATED MODULE: ./src/providers/registry.ts
/**
 * The CIs stint knows: one descriptor each, in one list. Adding a CI is writing its descriptor
 * (docs/architecture.md, "Adding a CI") and adding it here; nothing else names a CI.
 */





/**
 * Every CI, in the order `--provider auto` tries their token sources (and lists them). CIs that
 * hand over the token in a variable come after those with a less ambiguous marker: GitLab and
 * Jenkins both use STINT_ID_TOKEN, and JENKINS_URL is the weakest marker, so Jenkins is last.
 */
const CI_DESCRIPTORS = [github/* github */.M, gitlab, circleci, buildkite, jenkins];


/***/ }),

/***/ 8287:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   XK: () => (/* binding */ serviceMessage),
/* harmony export */   aY: () => (/* binding */ findOnPath),
/* harmony export */   fM: () => (/* binding */ lastLine),
/* harmony export */   li: () => (/* binding */ requireJwt),
/* harmony export */   um: () => (/* binding */ idTokenRequestError),
/* harmony export */   zr: () => (/* binding */ execFileNoShell)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
/* harmony import */ var _lib_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1737);
/**
 * What a CI's token request is built from: finding a program on the job's PATH, running it
 * without a shell, the error for a refused request, and checking that what came back is a JWT.
 * The requests themselves live in each CI's descriptor (`github.ts`, `buildkite.ts`).
 */




/** The absolute path of an executable `name` on env.PATH (the job's PATH, not ours), or undefined. */
function findOnPath(name, env) {
    for (const dir of (env.PATH ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
        if (dir === '')
            continue;
        const candidate = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
        try {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(candidate).isFile())
                continue;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.accessSync)(candidate, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
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
    // Loaded on first use: a CI whose token comes over HTTP (GitHub's, the action) never pays for it.
    const { execFile } = process.getBuiltinModule('node:child_process');
    return new Promise((resolve, reject) => {
        execFile(file, args, { env: options.env, timeout: options.timeoutMs, maxBuffer: 1024 * 1024, shell: false }, (error, stdout, stderr) => {
            if (error)
                reject(Object.assign(error, { stderr: String(stderr) }));
            else
                resolve({ stdout: String(stdout), stderr: String(stderr) });
        });
    });
}
/**
 * ERR_ID_TOKEN_REQUEST_FAILED: the CI did not hand out a token this time. `retryAfterMs` is the
 * token service's Retry-After (429, 503), which the retry loop waits out before asking again.
 */
function idTokenRequestError(message, details) {
    return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .RemoteError */ .Hi('ERR_ID_TOKEN_REQUEST_FAILED', message, details);
}
/** A compact JWS is three base64url parts; anything else would only fail at the broker, less clearly. */
function requireJwt(value, where) {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_ID_TOKEN_INVALID', `${where} does not hold a JWT (expected three base64url parts separated by dots)`);
    }
    return value;
}
/** The most of a token service's refusal an error quotes. */
const MAX_SERVICE_MESSAGE = 200;
/**
 * What a token service said when it refused (its JSON `message`, `error_description` or `error`,
 * else the body as text), as `: <one line>` for an error message, or '' when it said nothing
 * worth quoting (an empty body, an HTML error page). One line, at most 200 characters, with each
 * of `secrets` (the request's own credential) and anything shaped like a JWT cut out: a service
 * that echoes what it was sent must not get it printed.
 *
 * @example serviceMessage('{"message":"Invalid audience"}', [requestToken]) // ': Invalid audience'
 */
function serviceMessage(body, secrets) {
    let said = body;
    try {
        const json = JSON.parse(body);
        if (typeof json === 'object' && json !== null) {
            const fields = json;
            const found = [fields.message, fields.error_description, fields.error].find((v) => typeof v === 'string');
            said = typeof found === 'string' ? found : '';
        }
    }
    catch {
        // not JSON: the text itself
    }
    for (const secret of secrets)
        if (secret.length >= 4)
            said = said.split(secret).join('***');
    said = said
        .replace(/[A-Za-z0-9_-]*eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g, '[JWT withheld]')
        .replace(/[\p{Cc}\s]+/gu, ' ')
        .trim();
    if (said === '' || said.startsWith('<'))
        return '';
    return `: ${said.length > MAX_SERVICE_MESSAGE ? `${said.slice(0, MAX_SERVICE_MESSAGE)}…` : said}`;
}
/** The last line of a program's stderr, capped, to say why it failed. */
function lastLine(text) {
    const lines = text.trim().split('\n');
    return (lines[lines.length - 1] ?? '').slice(0, 300);
}


/***/ })

};
