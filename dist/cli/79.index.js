export const id = 79;
export const ids = [79];
export const modules = {

/***/ 7012:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_protected_header.js
var decode_protected_header = __webpack_require__(1196);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js
var decode_jwt = __webpack_require__(7961);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/jws_verify.js
var jws_verify = __webpack_require__(9806);
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/jws/compact/verify.js

async function compactVerify(jws, key, options) {
  const [result] = await (0,jws_verify/* verifyCompact */.BO)(jws, (0,jws_verify/* prepareVerify */.F_)(options), key);
  return result;
}


// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwks/local.js
var local = __webpack_require__(6687);
// EXTERNAL MODULE: ./src/client/broker-client.ts
var broker_client = __webpack_require__(2140);
// EXTERNAL MODULE: ./src/lib/env-setting.ts
var env_setting = __webpack_require__(5933);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/fingerprint.ts
var fingerprint = __webpack_require__(1371);
// EXTERNAL MODULE: ./src/lib/retry-budget.ts
var retry_budget = __webpack_require__(9691);
// EXTERNAL MODULE: ./src/mask/redact.ts
var redact = __webpack_require__(6587);
// EXTERNAL MODULE: ./src/cli/broker-option.ts
var broker_option = __webpack_require__(3523);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/revoke.ts










const HELP = `Usage: stint revoke [--token-env VAR] [--broker URL]

Revokes this job's stint token at the broker (RFC 7009, POST /oauth2/revoke), so it stops
working before it expires. Every recipe runs it when the job ends. It never prints the token.
It first checks that this broker issued the token (its issuer and signing keys): a broker
answers a revocation of a token it does not know with success too.

Options:
  --token-env VAR   the variable that holds the token (default STINT_TOKEN)
  --broker URL      the broker that issued it (default $STINT_BROKER_URL, which
                    stint exchange sets)
  -h, --help        this help

The token is sent even when this machine's clock says it has expired: the broker reads its
expiry by its own clock (a runner's clock may run ahead), and revoking an expired token does no
harm; "expired" is said only when the broker's answer is dated after the token's expiry.

Retries of an unreachable or failing broker (503 while its Redis fails over) go on for 30 s,
longer than a Sentinel failover; STINT_RETRY_BUDGET (seconds, at most 300) sets another time.
No retry starts more than 60 s after the token's expiry: by then it is dead by any clock stint
accepts.

Exit codes: 0 revoked, already expired at the broker, or signed with a key its issuer no longer publishes
(dropped by stint keys rotate --now: it stops verifying); 1 not revoked (why, and what to
fix, on stderr); 2 usage error.`;
/** The token's header and claims, read without verifying; undefined for a token that is not a JWT. */
function decode(token) {
    try {
        return { header: (0,decode_protected_header/* decodeProtectedHeader */._)(token), claims: (0,decode_jwt/* decodeJwt */.i)(token) };
    }
    catch {
        return undefined;
    }
}
/**
 * Throws `ERR_REVOKE_WRONG_BROKER` unless the broker at `brokerUrl` issued `token`: its discovery
 * document names the token's `iss`, and the key set it serves holds the token's `kid` and
 * verifies its signature. RFC 7009 has a broker answer 200 for a token it does not know, so
 * only this check lets the CLI say "revoked". Answers what to say instead of revoking when
 * `brokerUrl` is the token's issuer and no longer publishes its key: no verifier accepts it.
 */
async function checkIssuer(brokerUrl, token, decoded, which, budgetMs, where) {
    const broker = origin(brokerUrl);
    const notRevoked = (why) => new errors/* StintError */.Fp('ERR_REVOKE_WRONG_BROKER', `the token (${which}) was not revoked: ${why}`);
    const iss = typeof decoded.claims.iss === 'string' ? printable(decoded.claims.iss) : undefined;
    const discovery = await (0,broker_client/* discoverBroker */.pN)(brokerUrl, { ...where, budgetMs: budgetMs() });
    if (discovery === undefined) {
        throw notRevoked(`${broker} serves no discovery document (/.well-known/openid-configuration), so it is not a stint broker that could have issued it; set --broker (or STINT_BROKER_URL) to the broker${iss ? ` whose issuer is ${iss}` : ' that issued it'}`);
    }
    if (decoded.claims.iss !== discovery.issuer) {
        throw notRevoked(`it was issued by ${iss === undefined ? 'a broker that names no issuer' : iss}, not by the broker at ${broker} (issuer ${printable(discovery.issuer)}); revoke it at the broker that issued it: set --broker (or STINT_BROKER_URL) to that broker's URL`);
    }
    const keys = await (0,broker_client/* brokerKeys */.WW)(brokerUrl, { ...where, budgetMs: budgetMs() });
    if (keys === undefined) {
        throw notRevoked(`${broker} names the token's issuer but serves no key set (/.well-known/jwks.json), so stint cannot tell that it issued the token; set --broker (or STINT_BROKER_URL) to the broker that did`);
    }
    const kid = decoded.header.kid;
    if (kid === undefined) {
        throw notRevoked(`it names no signing key, which every token the broker at ${broker} issues does: it is not a token of that broker`);
    }
    if (!keys.keys.some((key) => key.kid === kid)) {
        const named = JSON.stringify(kid.slice(0, 100));
        // Asked at the issuer's own URL, these are the keys every verifier reads: a key dropped from
        // them (by `stint keys rotate --now`) makes the token worthless, so there is nothing to revoke.
        if (broker === String(decoded.claims.iss).replace(/\/+$/, '')) {
            return `the token (${which}) is signed with key ${named}, which its issuer ${iss} no longer publishes: most likely an emergency rotation (stint keys rotate --now) dropped that key, so the token stops verifying everywhere (at a receiver once its key cache refreshes) and there is nothing left to revoke`;
        }
        throw notRevoked(`it is signed with key ${named}, which the broker at ${broker} does not publish: most likely an emergency rotation (stint keys rotate --now) dropped that key, and then it stops verifying everywhere (${iss}/.well-known/jwks.json does not list it); or another broker with the same issuer (${iss}) but its own keys issued it: then revoke it there: set --broker (or STINT_BROKER_URL) to that broker's URL`);
    }
    try {
        await compactVerify(token, (0,local/* createLocalJWKSet */.w)(keys));
    }
    catch {
        throw notRevoked(`its signature does not verify with the broker's key ${JSON.stringify(kid.slice(0, 100))}: it was altered, or it is not a token the broker at ${broker} issued`);
    }
    return undefined;
}
/** A value from the token or the broker as a message shows it: as is when it is plain text, else quoted. */
function printable(value) {
    return /^[\x21-\x7e]{1,200}$/.test(value) ? value : JSON.stringify(value.slice(0, 200));
}
/** The broker URL as messages show it: origin and path, never a query. */
function origin(brokerUrl) {
    const url = new URL((0,broker_client/* endpoint */.sR)(brokerUrl, ''));
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
const run = async (args, io) => {
    const { values } = (0,external_node_util_.parseArgs)({
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
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    const variable = values['token-env'];
    if (!(0,env_setting/* isVariableName */.KL)(variable))
        throw new errors/* UsageError */.eb(`--token-env must name an environment variable, got ${JSON.stringify(variable)}`);
    const token = io.env[variable]?.trim();
    if (!token) {
        throw new errors/* StintError */.Fp('ERR_REVOKE_NO_TOKEN', `${variable} is not set, so there is no token to revoke: run stint revoke in the job that ran stint exchange (whose exports set STINT_TOKEN), or name the variable that holds the token with --token-env`);
    }
    const given = values.broker ?? io.env.STINT_BROKER_URL;
    if (!given)
        throw new errors/* UsageError */.eb('revoke needs the broker that issued the token: give --broker URL, or set STINT_BROKER_URL (stint exchange exports it)');
    const brokerUrl = (0,broker_option/* brokerOption */.n)(given, io.env, values.broker !== undefined ? '--broker' : 'STINT_BROKER_URL');
    const decoded = decode(token);
    if (decoded === undefined) {
        throw new errors/* StintError */.Fp('ERR_REVOKE_NOT_A_TOKEN', `${variable} does not hold a stint token (it is not a JWT), so nothing was revoked: it should hold what stint exchange exported as STINT_TOKEN; name the variable that does with --token-env`);
    }
    (0,broker_client/* endpoint */.sR)(brokerUrl, ''); // a broker URL stint refuses fails here, before any request
    // An unreachable broker's error names where this URL came from.
    const setting = {
        settings: {
            brokerUrl: values.broker !== undefined ? '--broker' : 'STINT_BROKER_URL, which stint exchange exports, or --broker',
        },
    };
    const claims = decoded.claims;
    const expiresMs = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    const expiresAt = expiresMs !== undefined ? new Date(expiresMs).toISOString() : undefined;
    const which = [
        typeof claims.project === 'string' ? `project ${claims.project}` : undefined,
        typeof claims.jti === 'string' ? `jti ${claims.jti}` : undefined,
        `fingerprint ${(0,fingerprint/* fingerprint */.R)(token)}`,
    ]
        .filter((part) => part !== undefined)
        .join(', ');
    // Sent even when this machine's clock says the token has expired: a runner's clock that runs
    // ahead would otherwise leave a live token behind and call it expired. The broker reads `exp`
    // by its own clock, revoking an expired token does no harm (RFC 7009), and its answer's Date
    // says whether the token had expired. Retries (of each request: discovery, keys, revocation)
    // stop at the budget, and none starts more than CLOCK_SKEW_SEC after the token's expiry, as the
    // action's post step does: by then the token is dead by any clock stint accepts, and a broker
    // that is unwell would otherwise hold every job's clean-up for the whole budget.
    const deadline = Date.now() + (0,retry_budget/* revokeBudgetMs */.yJ)(io.env.STINT_RETRY_BUDGET);
    const remaining = () => Math.max(1, deadline - Date.now());
    const where = expiresMs === undefined ? setting : { ...setting, retryUntil: (0,retry_budget/* revokeRetryEnd */.WC)(expiresMs) };
    let answer;
    try {
        const worthless = await checkIssuer(brokerUrl, token, decoded, which, remaining, where);
        if (worthless !== undefined) {
            (0,cli_io/* writeLine */._r)(io.stderr, `stint: ${worthless}`);
            return 0;
        }
        answer = await (0,broker_client/* revokeToken */.w$)(brokerUrl, token, { ...where, budgetMs: remaining() });
    }
    catch (error) {
        if (!(0,errors/* isStintError */.Hu)(error))
            throw error;
        if (error.code === 'ERR_REVOKE_WRONG_BROKER')
            throw error;
        // The broker's answer is quoted in the message; a broker that echoes the token must not get it printed.
        const reason = (0,redact/* redact */.E)(error.message, [token]);
        // Past its exp by this clock, it has most likely expired; only the broker could say so.
        const until = expiresAt === undefined
            ? 'it stays valid until it expires'
            : expiresMs !== undefined && Date.now() >= expiresMs
                ? `by this machine's clock it expired at ${expiresAt}, which the broker could not confirm`
                : `it stays valid until ${expiresAt}`;
        throw new errors/* StintError */.Fp(error.code, `the token (${which}) was not revoked, ${until}: ${reason}`, {
            cause: error,
        });
    }
    if (expiresMs !== undefined && answer.brokerTimeMs !== undefined && answer.brokerTimeMs >= expiresMs) {
        (0,cli_io/* writeLine */._r)(io.stderr, `stint: the token (${which}) had already expired at the broker (at ${expiresAt}; the broker answered at ${new Date(answer.brokerTimeMs).toISOString()}), so there was nothing left to revoke`);
        return 0;
    }
    (0,cli_io/* writeLine */._r)(io.stderr, `stint: revoked the token (${which})`);
    return 0;
};


/***/ }),

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
    // The one-shot hash() skips the Hash object createHash().update().digest() builds (the broker
    // fingerprints two tokens per exchange).
    crypto ??= process.getBuiltinModule('node:crypto');
    return `sha256:${crypto.hash('sha256', secret, 'hex')}`;
}
let crypto;


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

/***/ 6687:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ createLocalJWKSet)
/* harmony export */ });
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7859);
/* harmony import */ var _lib_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8109);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5674);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7784);




function isUsableJWK(jwk, entry, alg, kid) {
  const { kty, key_ops: keyOps, ext, kid: jwkKid, alg: jwkAlg, use, crv } = jwk;
  return (ext === void 0 || typeof ext == "boolean") && (keyOps === void 0 || Array.isArray(keyOps) && keyOps.every((operation, index) => typeof operation == "string" && keyOps.indexOf(operation) === index) && keyOps.includes("verify")) && entry.kty.includes(kty) && (kid === void 0 || typeof kid == "string" && kid === jwkKid) && (jwkAlg === void 0 ? kty !== "AKP" : alg === jwkAlg) && (use === void 0 || use === "sig") && (!entry.crv || crv === entry.crv);
}
async function importWithAlgCache(cache, jwk, entry) {
  const cached = cache.get(jwk) || cache.set(jwk, {}).get(jwk), { alg } = entry;
  if (cached[alg] === void 0) {
    const pending = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_0__/* .jwkToKey */ .xY)(entry, jwk, !0).then((key) => {
      if (key.type !== "public")
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set members must be public keys");
      return cached[alg] = key, key;
    }).catch((error) => {
      throw cached[alg] === pending && delete cached[alg], error;
    });
    cached[alg] = pending;
  }
  return cached[alg];
}
function createLocalJWKSet(jwks) {
  let snapshot;
  try {
    snapshot = structuredClone(jwks);
  } catch (cause) {
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set malformed", { cause });
  }
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_2__/* .isJwkSet */ .fV)(snapshot))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set malformed");
  const metadata = snapshot.keys.map((jwk) => {
    const normalized = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_0__/* .snapshotJwk */ .ZZ)(jwk);
    return Array.isArray(normalized.key_ops) && (normalized.key_ops = [...normalized.key_ops]), normalized;
  }), cached = /* @__PURE__ */ new WeakMap();
  return Object.defineProperty(async (protectedHeader, token) => {
    const { alg, kid } = { ...protectedHeader, ...token?.header }, entry = typeof alg == "string" ? _lib_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__/* .JWS */ .p[alg] : void 0;
    if (!entry || entry.secret)
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JOSENotSupported */ .T0('Unsupported "alg" value for a JSON Web Key Set');
    const candidates = snapshot.keys.filter((_, index) => isUsableJWK(metadata[index], entry, alg, kid)), { 0: jwk, length } = candidates;
    if (!length)
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSNoMatchingKey */ .BT();
    if (length !== 1) {
      const error = new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSMultipleMatchingKeys */ .$4();
      throw error[Symbol.asyncIterator] = async function* () {
        for (const jwk2 of candidates)
          try {
            yield await importWithAlgCache(cached, jwk2, entry);
          } catch {
          }
      }, error;
    }
    return importWithAlgCache(cached, jwk, entry);
  }, "jwks", {
    value: () => structuredClone(snapshot)
  });
}



/***/ }),

/***/ 9806:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ verifyCompact),
/* harmony export */   F_: () => (/* binding */ prepareVerify)
/* harmony export */ });
/* unused harmony exports encodeJsonUnencodedPayload, parseProtectedHeader, snapshotJws, verifySignature */
/* harmony import */ var _jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8109);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5674);
/* harmony import */ var _buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7410);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7784);
/* harmony import */ var _key_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7859);





function snapshotJws(jws, sharedPayload) {
  const encodedProtectedHeader = jws.protected, inputHeader = jws.header, header = isObject(inputHeader) ? { ...inputHeader } : inputHeader;
  let payload = sharedPayload ? sharedPayload[0] : jws.payload;
  !sharedPayload && payload instanceof Uint8Array && (payload = new Uint8Array(payload));
  const signature = jws.signature, snapshot = { payload, signature };
  if (encodedProtectedHeader !== void 0 && (snapshot.protected = encodedProtectedHeader), inputHeader !== void 0 && (snapshot.header = header), encodedProtectedHeader === void 0 && header === void 0)
    throw new JWSInvalid('Flattened JWS must have either of the "protected" or "header" members');
  if (encodedProtectedHeader !== void 0 && typeof encodedProtectedHeader != "string")
    throw new JWSInvalid("JWS Protected Header incorrect type");
  if (payload === void 0)
    throw new JWSInvalid("JWS Payload missing");
  if (typeof signature != "string")
    throw new JWSInvalid("JWS Signature missing or incorrect type");
  if (header !== void 0 && !isObject(header))
    throw new JWSInvalid("JWS Unprotected Header incorrect type");
  return snapshot;
}
function prepareVerify(options) {
  return [options && (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateAlgorithms */ .Fw)("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJoseHeader */ .OX)(encodedProtectedHeader, _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye, "JWS Protected Header is invalid");
}
function encodeJsonUnencodedPayload(payload) {
  const invalid = /[\p{Cs}\p{Cn}]/u.exec(payload)?.[0];
  if (invalid !== void 0)
    throw new JWSInvalid(/\p{Cs}/u.test(invalid) ? "JWS Payload must be a well-formed Unicode string" : "JWS Payload must not contain unassigned Unicode code points");
  return encoder.encode(payload);
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .encode */ .lF)(payload);
  } catch (cause) {
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!(0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isDisjoint */ .fz)(protectedHeader, header))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateB64 */ .J0)(protectedHeader, (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateCrit */ .nI)(_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye, _validate_js__WEBPACK_IMPORTED_MODULE_0__/* .JWS_RECOGNIZED */ .qc, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JOSEAlgNotAllowed */ .Rb('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = !1;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = !0);
  const entry = (0,_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__/* .jwsAlgorithm */ .q)(alg), signingInput = (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .concat */ .xW)(encodedProtectedHeader !== void 0 ? (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .encode */ .lF)(encodedProtectedHeader) : new Uint8Array(), (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .encode */ .lF)("."), typeof signingPayload == "string" ? shared[2] ??= (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeAsciiMember */ .MV)(signingPayload, "payload", _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye) : signingPayload), signature = (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeBase64url */ .h2)(jws.signature, "signature", _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye), verificationKey = await (0,_key_js__WEBPACK_IMPORTED_MODULE_4__/* .prepareKey */ .dT)(entry, key, "verify"), cryptoKey = await (0,_key_js__WEBPACK_IMPORTED_MODULE_4__/* .rawKey */ .GK)(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && (0,_key_js__WEBPACK_IMPORTED_MODULE_4__/* .checkModulusLength */ .or)(entry.alg, cryptoKey);
  let verified = !1;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSSignatureVerificationFailed */ .h2(void 0, { cause });
  }
  if (!verified)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSSignatureVerificationFailed */ .h2();
  const result = { payload: typeof signingPayload == "string" ? (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeBase64url */ .h2)(signingPayload, "payload", _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = _buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .decoder */ .D0.decode(jws)), typeof jws != "string")
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
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

/***/ 1196:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ decodeProtectedHeader)
/* harmony export */ });
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7784);

function decodeProtectedHeader(token) {
  let encodedProtectedHeader;
  if (typeof token == "string") {
    const parts = token.split(".");
    (parts.length === 3 || parts.length === 5) && ([encodedProtectedHeader] = parts);
  } else if (typeof token == "object" && token)
    if ("protected" in token)
      encodedProtectedHeader = token.protected;
    else
      throw new TypeError("Token does not contain a Protected Header");
  const invalid = "Invalid Token or Protected Header formatting";
  if (typeof encodedProtectedHeader != "string" || !encodedProtectedHeader)
    throw new TypeError(invalid);
  return (0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJoseHeader */ .OX)(encodedProtectedHeader, TypeError, invalid);
}



/***/ })

};
