export const id = 787;
export const ids = [787];
export const modules = {

/***/ 2543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 };
/**
 * A duration in whole seconds. Accepts a number of seconds (`90`, `'90'`) or units `s`, `m`, `h`,
 * `d`, alone or combined largest first (`'90s'`, `'15m'`, `'1h30m'`, `'30d'`). Zero, negative,
 * fractional and unit-less garbage are refused, because every duration stint reads (ttl, key
 * rotation, API key expiry) is meaningless at zero.
 *
 * @example parseDuration('15m') // 900
 * @throws StintError ERR_DURATION_INVALID
 */
function parseDuration(value) {
    if (typeof value === 'number') {
        if (Number.isSafeInteger(value) && value > 0)
            return value;
        throw invalid(String(value));
    }
    const text = value.trim();
    if (/^\d+$/.test(text))
        return parseDuration(Number(text));
    const parts = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (parts === null || text === '')
        throw invalid(value);
    const [, d, h, m, s] = parts;
    const seconds = Number(d ?? 0) * UNIT_SECONDS.d +
        Number(h ?? 0) * UNIT_SECONDS.h +
        Number(m ?? 0) * UNIT_SECONDS.m +
        Number(s ?? 0);
    if (!Number.isSafeInteger(seconds) || seconds <= 0)
        throw invalid(value);
    return seconds;
}
/** `900` → `15m`, `5400` → `1h30m`: the shortest form parseDuration reads back. */
function formatDuration(seconds) {
    let rest = seconds;
    let out = '';
    for (const unit of ['d', 'h', 'm', 's']) {
        const size = UNIT_SECONDS[unit];
        if (rest >= size) {
            out += `${Math.floor(rest / size)}${unit}`;
            rest %= size;
        }
    }
    return out || '0s';
}
function invalid(value) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_DURATION_INVALID', `invalid duration '${value}': use a positive whole number of seconds or units s, m, h, d (e.g. 90, 90s, 15m, 1h, 30d)`);
}


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

/***/ 271:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ parseMtlsProfile)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8422);
/**
 * The `mtls` signing profile (docs/signing.md#mtls): where the client certificate comes from.
 *
 * ```yaml
 * internal-api: { type: mtls, source: ephemeral, key_type: ec }          # key + CSR here, certificate from the broker CA
 * partner-api:  { type: mtls, source: provided, cert_file: certs/client.pem, key_env: CLIENT_KEY, chain_file: certs/chain.pem }
 * legacy-api:   { type: mtls, source: provided, p12_env: CLIENT_P12_B64, passphrase_env: CLIENT_P12_PASS }
 * ```
 * Any profile may add `server_ca` / `server_ca_file`: the CA that signed the *server's*
 * certificate, when it is not in the system trust store (for `stint request`); and `servername`:
 * the name sent as SNI and checked against the server's certificate, for an upstream that serves
 * several virtual hosts on one address (the URL may then name the address).
 */




const COMMON_FIELDS = ['source', 'server_ca', 'server_ca_file', 'servername'];
const PEM_FIELDS = ['cert', 'cert_file', 'key_file', 'chain', 'chain_file'];
/**
 * Parses an `mtls` profile mapping. Certificates may be inline or in files; private keys, PKCS#12
 * bundles and passphrases are secrets (inline only in the action input, else `*_env`), or — for
 * keys and bundles — a file path (`key_file`, `p12_file`), which is what the action writes back
 * after it has set a profile up. Relative paths resolve against the config file's directory, or
 * the working directory for the action input.
 *
 * @example
 * parseMtlsProfile({ type: 'mtls', source: 'ephemeral' }, ctx) // → { source: 'ephemeral', keyType: 'ec', … }
 */
function parseMtlsProfile(raw, ctx) {
    const source = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .oneOf */ .yL)(ctx, raw, 'source', ['ephemeral', 'provided']);
    const base = ctx.file === undefined ? process.cwd() : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(ctx.file));
    const serverCa = certificateSource(ctx, raw, 'server_ca', base);
    const servername = serverName(ctx, raw);
    const common = {
        type: 'mtls',
        name: ctx.profile,
        ...(serverCa === undefined ? {} : { serverCa }),
        ...(servername === undefined ? {} : { servername }),
    };
    if (source === 'ephemeral') {
        const keyType = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .oneOf */ .yL)(ctx, raw, 'key_type', ['ec', 'rsa'], 'ec');
        ctx.allowOnly(raw, [...COMMON_FIELDS, 'key_type']);
        return { ...common, source, keyType };
    }
    const p12 = ctx.optionalSecret('p12', raw);
    const passphrase = ctx.optionalSecret('passphrase', raw);
    const p12File = pathField(ctx, raw, 'p12_file', base);
    const hasPem = raw.cert !== undefined || raw.cert_file !== undefined;
    if ((p12.length > 0 || p12File !== undefined) && hasPem)
        ctx.fail('p12', 'give either a PKCS#12 bundle (p12, p12_env or p12_file) or PEM (cert/cert_file with key), not both');
    if (p12.length > 0 || p12File !== undefined) {
        if (p12.length > 1)
            ctx.fail('p12s', 'give one PKCS#12 bundle');
        if (p12.length > 0 && p12File !== undefined)
            ctx.fail('p12_file', 'give only one of p12, p12_env and p12_file');
        const inline = p12[0];
        if (inline !== undefined && !/^[A-Za-z0-9+/=\s]+$/.test(inline))
            ctx.fail(raw.p12_env === undefined ? 'p12' : 'p12_env', 'must be the PKCS#12 bundle in base64 (e.g. base64 -w0 client.p12)');
        ctx.allowOnly(raw, [...COMMON_FIELDS, 'p12_file']);
        return {
            ...common,
            source,
            material: {
                kind: 'p12',
                p12: inline !== undefined ? { inline } : { file: p12File },
                passphrase: passphrase[0] ?? '',
            },
        };
    }
    const cert = certificateSource(ctx, raw, 'cert', base);
    // Reported after the unknown fields (allowOnly): a misspelt `cert_fle` is named as such.
    if (cert === undefined)
        ctx.missing('cert', 'source: provided needs cert or cert_file (PEM, with key/key_env/key_file), or p12/p12_env/p12_file (PKCS#12)');
    const keys = ctx.optionalSecret('key', raw);
    const keyFile = pathField(ctx, raw, 'key_file', base);
    if (keys.length > 1)
        ctx.fail('keys', 'give one private key');
    if (keys.length > 0 && keyFile !== undefined)
        ctx.fail('key_file', 'give only one of key, key_env and key_file');
    const keyText = keys[0];
    if (keyText === undefined && keyFile === undefined) {
        ctx.missing('key', ctx.origin === 'file'
            ? 'is required: give key_env: VAR or key_file: PATH'
            : 'is required: give key: PEM, key_env: VAR or key_file: PATH');
    }
    if (keyText !== undefined)
        checkKey(ctx, keyText, passphrase[0], raw.key_env === undefined ? 'key' : 'key_env');
    const chain = certificateSource(ctx, raw, 'chain', base);
    ctx.allowOnly(raw, [...COMMON_FIELDS, ...PEM_FIELDS]);
    return {
        ...common,
        source,
        material: {
            kind: 'pem',
            cert: cert, // allowOnly threw if it was missing
            key: keyText !== undefined ? { inline: keyText } : { file: keyFile },
            ...(chain === undefined ? {} : { chain }),
            ...(passphrase[0] === undefined ? {} : { passphrase: passphrase[0] }),
        },
    };
}
/** `field` (inline PEM, checked now) or `field_file` (a path, read when needed). Certificates are public. */
function certificateSource(ctx, raw, field, base) {
    const inline = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .optionalString */ .sx)(ctx, raw, field);
    const file = pathField(ctx, raw, `${field}_file`, base);
    if (inline !== undefined && file !== undefined)
        ctx.fail(`${field}_file`, `give either ${field} or ${field}_file, not both`);
    if (inline !== undefined) {
        try {
            new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(inline);
        }
        catch {
            ctx.fail(field, 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)');
        }
        return { inline };
    }
    return file === undefined ? undefined : { file };
}
/**
 * A DNS name for SNI. RFC 6066 carries host names only, never an IP address (Node would send none
 * and warn), and a name with a port or a scheme is a mistake worth saying at load time.
 */
function serverName(ctx, raw) {
    const value = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .optionalString */ .sx)(ctx, raw, 'servername');
    if (value === undefined)
        return undefined;
    const label = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
    const labels = value.replace(/\.$/, '').split('.');
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(value) !== 0 || /^\[.*\]$/.test(value) || value.length > 253 || !labels.every((l) => label.test(l)))
        ctx.fail('servername', 'must be a DNS host name such as api.internal.example.com (SNI carries no IP address, port or scheme)');
    return value.replace(/\.$/, '').toLowerCase();
}
function pathField(ctx, raw, field, base) {
    const value = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .optionalString */ .sx)(ctx, raw, field);
    if (value === undefined)
        return undefined;
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(value) ? value : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(base, value);
}
function checkKey(ctx, text, passphrase, field) {
    try {
        (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(passphrase === undefined ? text : { key: text, passphrase });
    }
    catch {
        // Never echo the parser's message: it can quote key bytes.
        ctx.fail(field, 'must be a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted ones need passphrase/passphrase_env)');
    }
}


/***/ })

};
