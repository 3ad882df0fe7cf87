export const id = 737;
export const ids = [737];
export const modules = {

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
/* harmony export */   Y4: () => (/* binding */ REVOKE_BUDGET_MS),
/* harmony export */   tY: () => (/* binding */ exchangeBudgetMs),
/* harmony export */   yJ: () => (/* binding */ revokeBudgetMs)
/* harmony export */ });
/* unused harmony export MAX_REVOKE_BUDGET_MS */
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


/***/ }),

/***/ 1737:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hi: () => (/* binding */ RemoteError),
/* harmony export */   PL: () => (/* binding */ isRetryableHttpError),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   V9: () => (/* binding */ retryWithinBudget),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
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
            if (options.onRetry?.({ attempt: attemptNumber, delayMs: delay, reason: error.message, error }) === false)
                throw error;
            await sleep(delay);
        }
    }
}


/***/ })

};
