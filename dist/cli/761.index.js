export const id = 761;
export const ids = [761];
export const modules = {

/***/ 8975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7961);
/* harmony import */ var _client_broker_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2140);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
/* harmony import */ var _lib_fingerprint_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1371);
/* harmony import */ var _mask_redact_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6587);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1604);







const HELP = `Usage: stint revoke [--token-env VAR] [--broker URL]

Revokes this job's stint token at the broker (RFC 7009, POST /oauth2/revoke), so it stops
working before it expires. Every recipe runs it when the job ends. It never prints the token.

Options:
  --token-env VAR   the variable that holds the token (default STINT_TOKEN)
  --broker URL      the broker that issued it (default $STINT_BROKER_URL, which
                    stint exchange sets)
  -h, --help        this help

STINT_RETRY_BUDGET (seconds, at most 15) bounds the retries of an unreachable broker.

Exit codes: 0 revoked, or already expired; 1 not revoked (why, and what to fix, on stderr);
2 usage error.`;
/** How long to keep trying an unreachable or failing broker; the token expires by itself anyway. */
const BUDGET_MS = 15_000;
function budget(env) {
    const seconds = Number(env.STINT_RETRY_BUDGET);
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, BUDGET_MS) : BUDGET_MS;
}
/** The token's claims, read without verifying (the broker verifies); undefined for a token that is not a JWT. */
function claimsOf(token) {
    try {
        return (0,jose__WEBPACK_IMPORTED_MODULE_4__/* .decodeJwt */ .i)(token);
    }
    catch {
        return undefined;
    }
}
const run = async (args, io) => {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args,
        strict: true,
        allowPositionals: false,
        options: {
            'token-env': { type: 'string', default: 'STINT_TOKEN' },
            broker: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    const variable = values['token-env'];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--token-env must name an environment variable, got ${JSON.stringify(variable)}`);
    const token = io.env[variable]?.trim();
    if (!token) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_REVOKE_NO_TOKEN', `${variable} is not set, so there is no token to revoke: run stint revoke in the job that ran stint exchange (whose exports set STINT_TOKEN), or name the variable that holds the token with --token-env`);
    }
    const brokerUrl = values.broker ?? io.env.STINT_BROKER_URL;
    if (!brokerUrl)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('revoke needs the broker that issued the token: give --broker URL, or set STINT_BROKER_URL (stint exchange exports it)');
    const claims = claimsOf(token);
    const expiresAt = typeof claims?.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined;
    const which = [
        typeof claims?.project === 'string' ? `project ${claims.project}` : undefined,
        typeof claims?.jti === 'string' ? `jti ${claims.jti}` : undefined,
        `fingerprint ${(0,_lib_fingerprint_js__WEBPACK_IMPORTED_MODULE_5__/* .fingerprint */ .R)(token)}`,
    ]
        .filter((part) => part !== undefined)
        .join(', ');
    // An expired token is refused everywhere already; revoking it would only spend a request.
    if (typeof claims?.exp === 'number' && claims.exp * 1000 <= Date.now()) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ ._r)(io.stderr, `stint: the token (${which}) expired at ${expiresAt}; nothing to revoke`);
        return 0;
    }
    try {
        await (0,_client_broker_client_js__WEBPACK_IMPORTED_MODULE_1__/* .revokeToken */ .w$)(brokerUrl, token, { budgetMs: budget(io.env) });
    }
    catch (error) {
        if (!(0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .isStintError */ .Hu)(error))
            throw error;
        // The broker's answer is quoted in the message; a broker that echoes the token must not get it printed.
        const until = expiresAt ? `it stays valid until ${expiresAt}` : 'it stays valid until it expires';
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp(error.code, (0,_mask_redact_js__WEBPACK_IMPORTED_MODULE_6__/* .redact */ .E)(`the token (${which}) was not revoked, ${until}: ${error.message}`, [token]), { cause: error });
    }
    (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ ._r)(io.stderr, `stint: revoked the token (${which})`);
    return 0;
};


/***/ }),

/***/ 1371:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ fingerprint)
/* harmony export */ });
/**
 * The SHA-256 fingerprint of a secret (a token, a key), safe to log, audit and show: it names
 * the secret without revealing it.
 *
 * @example
 * fingerprint(accessToken) // 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
 */
function fingerprint(secret) {
    // node:crypto on first use: importing it costs a start-up that may never need a fingerprint.
    return `sha256:${process.getBuiltinModule('node:crypto').createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}


/***/ }),

/***/ 1931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aj: () => (/* binding */ httpRequest),
/* harmony export */   il: () => (/* binding */ isTlsRefusal),
/* harmony export */   j$: () => (/* binding */ HttpError)
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
const httpRequest = (options) => {
    const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
    // For messages: never the query, which may carry a credential.
    const target = `${(options.method ?? 'GET').toUpperCase()} ${url.origin}${url.pathname}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return Promise.reject(new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_HTTP_FAILED', `${target}: only http and https URLs can be requested (got ${url.protocol})`));
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
        // node:http and node:https (TLS and all of node:crypto) load on the first request that needs
        // them, not at import: a run that fails on its inputs needs neither, and one that only talks
        // to a local broker over http never needs TLS (the action's start-up, issue 18).
        const send = process.getBuiltinModule(secure ? 'node:https' : 'node:http').request;
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
        request.on('error', (error) => fail(error.code !== undefined && CERTIFICATE_ERRORS.has(error.code) ? 'certificate' : 'network', failureCode(error), { cause: error }));
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

/***/ 9927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Hi: () => (/* binding */ RemoteError),
  PL: () => (/* binding */ isRetryableHttpError),
  PS: () => (/* binding */ isRetryableStatus),
  mu: () => (/* binding */ parseRetryAfter),
  V9: () => (/* binding */ retryWithinBudget)
});

// UNUSED EXPORTS: DEFAULT_BUDGET_MS

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
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
 * Whether a request that got no usable answer is worth another attempt: a broken or refused
 * connection and a timeout are (the next attempt may get through); a server certificate this
 * machine does not accept, a TLS handshake the server refuses, an oversized answer and a redirect
 * are not (the same server would answer the same way).
 */
function isRetryableHttpError(error) {
    return (error.kind === 'network' && !(0,http/* isTlsRefusal */.il)(error.reason)) || error.kind === 'timeout';
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
            if (options.onRetry?.({ attempt: attemptNumber, delayMs: delay, reason: error.message, error }) === false)
                throw error;
            await sleep(delay);
        }
    }
}


/***/ }),

/***/ 7410:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D0: () => (/* binding */ decoder),
/* harmony export */   Rd: () => (/* binding */ encoder),
/* harmony export */   WG: () => (/* binding */ encodeBase64),
/* harmony export */   br: () => (/* binding */ digest),
/* harmony export */   lF: () => (/* binding */ encode),
/* harmony export */   u8: () => (/* binding */ strictDecoder),
/* harmony export */   xW: () => (/* binding */ concat),
/* harmony export */   y4: () => (/* binding */ decodeBase64)
/* harmony export */ });
/* unused harmony exports uint32be, uint64be */
const encoder = new TextEncoder(), decoder = new TextDecoder(), strictDecoder = new TextDecoder("utf-8", { fatal: !0 }), UINT32_RANGE = (/* unused pure expression or super */ null && (2 ** 32));
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
function writeUInt32BE(buf, value, offset) {
  if (value < 0 || value >= UINT32_RANGE)
    throw new RangeError(`value must be >= 0 and <= ${UINT32_RANGE - 1}. Received ${value}`);
  buf.set([value >>> 24, value >>> 16, value >>> 8, value & 255], offset);
}
function uint64be(value) {
  const high = Math.floor(value / UINT32_RANGE), low = value % UINT32_RANGE, buf = new Uint8Array(8);
  return writeUInt32BE(buf, high, 0), writeUInt32BE(buf, low, 4), buf;
}
function uint32be(value) {
  const buf = new Uint8Array(4);
  return writeUInt32BE(buf, value), buf;
}
const NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function encodeBase64(input, url = !1) {
  if (Uint8Array.prototype.toBase64)
    return input.toBase64({ alphabet: url ? "base64url" : "base64", omitPadding: url });
  const CHUNK_SIZE = 32768, arr = [];
  for (let i = 0; i < input.length; i += CHUNK_SIZE)
    arr.push(String.fromCharCode.apply(null, input.subarray(i, i + CHUNK_SIZE)));
  const encoded = btoa(arr.join(""));
  return url ? encoded.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_") : encoded;
}
function decodeBase64(encoded, url = !1) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}
async function digest(algorithm, data) {
  const subtleDigest = `SHA-${algorithm.slice(-3)}`;
  return new Uint8Array(await crypto.subtle.digest(subtleDigest, data));
}



/***/ }),

/***/ 7784:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BU: () => (/* binding */ validateCritDuplicates),
/* harmony export */   Fw: () => (/* binding */ validateAlgorithms),
/* harmony export */   Gv: () => (/* binding */ isObject),
/* harmony export */   J0: () => (/* binding */ validateB64),
/* harmony export */   MV: () => (/* binding */ encodeAsciiMember),
/* harmony export */   OX: () => (/* binding */ parseJoseHeader),
/* harmony export */   ac: () => (/* binding */ assertNotSet),
/* harmony export */   fV: () => (/* binding */ isJwkSet),
/* harmony export */   fz: () => (/* binding */ isDisjoint),
/* harmony export */   h2: () => (/* binding */ decodeBase64url),
/* harmony export */   ji: () => (/* binding */ serializeJoseHeader),
/* harmony export */   nI: () => (/* binding */ validateCrit),
/* harmony export */   qc: () => (/* binding */ JWS_RECOGNIZED)
/* harmony export */ });
/* unused harmony exports JWE_RECOGNIZED, assertUint8Array */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5674);
/* harmony import */ var _util_base64url_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1445);
/* harmony import */ var _buffer_utils_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7410);



function assertUint8Array(input, label) {
  if (!(input instanceof Uint8Array))
    throw new TypeError(`${label} must be an instance of Uint8Array`);
}
function isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return !1;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isJwkSet(input) {
  return isObject(input) && Array.isArray(input.keys) && Array.from(input.keys).every(isObject);
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return !1;
        parameters.add(parameter);
      }
  return !0;
}
function assertNotSet(value, name) {
  if (value !== void 0)
    throw new TypeError(`${name} can only be called once`);
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return (0,_util_base64url_js__WEBPACK_IMPORTED_MODULE_0__/* .decode */ .D)(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .encode */ .lF)(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message) {
  let parsed;
  try {
    parsed = JSON.parse(_buffer_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .strictDecoder */ .u8.decode((0,_util_base64url_js__WEBPACK_IMPORTED_MODULE_0__/* .decode */ .D)(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message, { cause });
  }
  if (!isObject(parsed))
    throw new ErrorClass(message);
  return parsed;
}
const JWS_RECOGNIZED = { __proto__: null, b64: !0 }, JWE_RECOGNIZED = { __proto__: null };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCritDuplicates(Err, protectedHeader) {
  const { crit } = protectedHeader ?? {};
  if (Array.isArray(crit) && new Set(crit).size !== crit.length)
    throw new Err('"crit" (Critical) Header Parameter MUST NOT contain duplicate values');
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .JOSENotSupported */ .T0(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .JWSInvalid */ .Ye('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return !0;
}
function serializeJoseHeader(Err, header) {
  let serialized, parsed;
  try {
    serialized = JSON.stringify(header), parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new Err("JOSE Header is not valid JSON", { cause });
  }
  if (!isObject(parsed))
    throw new Err("JOSE Header is not a JSON object");
  return [parsed, serialized];
}



/***/ }),

/***/ 1445:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ decode),
/* harmony export */   l: () => (/* binding */ encode)
/* harmony export */ });
/* harmony import */ var _lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7410);

const invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return (0,_lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeBase64 */ .y4)(typeof input == "string" ? input : _lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_0__/* .decoder */ .D0.decode(input), !0);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}
function encode(input) {
  return (0,_lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeBase64 */ .WG)(typeof input == "string" ? _lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_0__/* .encoder */ .Rd.encode(input) : input, !0);
}



/***/ }),

/***/ 7961:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ decodeJwt)
/* harmony export */ });
/* harmony import */ var _base64url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1445);
/* harmony import */ var _lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7410);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7784);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5674);




function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Invalid JWT");
  if (!encodedPayload)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = (0,_base64url_js__WEBPACK_IMPORTED_MODULE_1__/* .decode */ .D)(encodedPayload);
  } catch (cause) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(_lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .strictDecoder */ .u8.decode(claimsSetBytes));
  } catch (cause) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_3__/* .isObject */ .Gv)(claimsSet))
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Invalid JWT Claims Set");
  return claimsSet;
}



/***/ }),

/***/ 5674:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $4: () => (/* binding */ JWKSMultipleMatchingKeys),
/* harmony export */   BT: () => (/* binding */ JWKSNoMatchingKey),
/* harmony export */   Dm: () => (/* binding */ JWKSInvalid),
/* harmony export */   Dp: () => (/* binding */ JWTInvalid),
/* harmony export */   Rb: () => (/* binding */ JOSEAlgNotAllowed),
/* harmony export */   T0: () => (/* binding */ JOSENotSupported),
/* harmony export */   Ye: () => (/* binding */ JWSInvalid),
/* harmony export */   _L: () => (/* binding */ JWKInvalid),
/* harmony export */   h2: () => (/* binding */ JWSSignatureVerificationFailed),
/* harmony export */   i4: () => (/* binding */ JOSEError),
/* harmony export */   ie: () => (/* binding */ JWTClaimValidationFailed),
/* harmony export */   n: () => (/* binding */ JWTExpired)
/* harmony export */ });
/* unused harmony exports JWEDecryptionFailed, JWEInvalid, JWKSTimeout */
class JOSEError extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message, options) {
    super(message, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
}
class JWTClaimValidationFailed extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class JWTExpired extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class JOSEAlgNotAllowed extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
}
class JOSENotSupported extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
}
class JWEDecryptionFailed extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message = "decryption operation failed", options) {
    super(message, options);
  }
}
class JWEInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWE_INVALID"));
  code = "ERR_JWE_INVALID";
}
class JWSInvalid extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
}
class JWTInvalid extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
}
class JWKInvalid extends JOSEError {
  static code = "ERR_JWK_INVALID";
  code = "ERR_JWK_INVALID";
}
class JWKSInvalid extends JOSEError {
  static code = "ERR_JWKS_INVALID";
  code = "ERR_JWKS_INVALID";
}
class JWKSNoMatchingKey extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message = "no applicable key found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSMultipleMatchingKeys extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSTimeout extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message = "request timed out", options) {
    super(message, options);
  }
}
class JWSSignatureVerificationFailed extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message = "signature verification failed", options) {
    super(message, options);
  }
}



/***/ })

};
