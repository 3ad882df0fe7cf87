export const id = 673;
export const ids = [673];
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
/* harmony export */   VP: () => (/* binding */ certificateProblem),
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

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jz: () => (/* binding */ optionalBoolean),
/* harmony export */   pQ: () => (/* binding */ optionalDuration),
/* harmony export */   q1: () => (/* binding */ lineAndColumn),
/* harmony export */   rM: () => (/* binding */ optionalHeaderName),
/* harmony export */   sx: () => (/* binding */ optionalString),
/* harmony export */   u4: () => (/* binding */ isRecord),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var _lib_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2543);

/**
 * Small readers for profile fields. Each one fails through `ctx.fail`, so every message names the
 * profile, the field and what is allowed.
 */
function optionalString(ctx, raw, field) {
    const value = raw[field];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string' || value === '')
        ctx.fail(field, 'must be a non-empty string');
    return value;
}
function oneOf(ctx, raw, field, allowed, fallback) {
    const value = raw[field];
    if ((value === undefined || value === null) && fallback !== undefined)
        return fallback;
    if (typeof value !== 'string' || !allowed.includes(value)) {
        ctx.fail(field, `${value === undefined ? 'is required and ' : ''}must be one of ${allowed.join(', ')}`);
    }
    return value;
}
function optionalBoolean(ctx, raw, field, fallback) {
    const value = raw[field];
    if (value === undefined || value === null)
        return fallback;
    if (typeof value !== 'boolean')
        ctx.fail(field, 'must be true or false');
    return value;
}
/** An HTTP header name as RFC 9110 allows (a token). */
function optionalHeaderName(ctx, raw, field) {
    const value = optionalString(ctx, raw, field);
    if (value !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value))
        ctx.fail(field, 'must be an HTTP header name (letters, digits, - and _)');
    return value;
}
/**
 * Seconds from a duration in stint's one grammar (src/lib/duration.ts: `60`, `'90s'`, `'5m'`,
 * `'1h30m'`), within [min, max].
 */
function optionalDuration(ctx, raw, field, limits) {
    const value = raw[field];
    if (value === undefined || value === null)
        return undefined;
    let seconds;
    if (typeof value === 'number' || typeof value === 'string') {
        try {
            seconds = (0,_lib_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E)(value);
        }
        catch {
            seconds = undefined;
        }
    }
    if (seconds === undefined)
        ctx.fail(field, 'must be a duration: seconds, or units s, m, h, d (e.g. 60, 90s, 5m, 1h30m)');
    if (seconds < limits.min || seconds > limits.max)
        ctx.fail(field, `must be between ${limits.min} and ${limits.max} seconds`);
    return seconds;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** 1-based line and column of a character offset, for parse errors that must not quote the text. */
function lineAndColumn(text, offset) {
    const before = text.slice(0, Math.max(0, offset));
    const line = before.split('\n').length;
    return { line, col: offset - before.lastIndexOf('\n') };
}


/***/ }),

/***/ 5601:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fs: () => (/* binding */ publicKeyFingerprint),
/* harmony export */   Ou: () => (/* binding */ Der),
/* harmony export */   P_: () => (/* binding */ keyIdentifier),
/* harmony export */   QY: () => (/* binding */ allPem),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   a: () => (/* binding */ SIGNATURE_ALGORITHMS),
/* harmony export */   gH: () => (/* binding */ certificateFingerprint),
/* harmony export */   lq: () => (/* binding */ fromPem),
/* harmony export */   sg: () => (/* binding */ toPem),
/* harmony export */   yI: () => (/* binding */ loadForge),
/* harmony export */   zH: () => (/* binding */ loadForgeAsn1)
/* harmony export */ });
/* unused harmony export spkiOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The X.509 and PKCS#10 structures stint builds and reads, in DER, with node-forge's ASN.1 codec
 * and node:crypto's keys and signatures.
 *
 * Why not node-forge's `pki.createCertificate()` / `createCertificationRequest()`: they only know
 * RSA keys. An EC P-256 public key in a CSR makes `certificationRequestFromPem` throw, and forge
 * cannot sign with ECDSA at all. ECDSA P-256 is what we want for the CA and the default job key
 * (small, fast, what every TLS stack accepts). So forge does what it is good at — DER encoding and
 * decoding — and node:crypto does keys, signing and verification (RSA and EC alike, in OpenSSL).
 * node:crypto can read certificates (`X509Certificate`) but cannot make them or read CSRs, which is
 * why forge is still needed. Forge is heavy, so it is loaded only when a certificate or CSR is made.
 */

let forgeModule;
let asn1Module;
function defaultExport(module) {
    return (module.default ?? module);
}
/** All of node-forge (PKCS#12 needs it), loaded on first use: ~140 ms of CommonJS to parse. */
function loadForge() {
    forgeModule ??= Promise.all(/* import() */[__webpack_require__.e(357), __webpack_require__.e(542)]).then(__webpack_require__.t.bind(__webpack_require__, 8542, 23)).then((module) => defaultExport(module));
    return forgeModule;
}
/**
 * Only forge's ASN.1 codec (and the util and OID modules it pulls in), about a tenth of the load
 * time of the whole library: what `stint cert`, the action and the CA need on every run.
 */
function loadForgeAsn1() {
    // Each forge module registers itself on the shared object that lib/forge.js exports.
    asn1Module ??= __webpack_require__.e(/* import() */ 357).then(__webpack_require__.t.bind(__webpack_require__, 7357, 23))
        .then(() => __webpack_require__.e(/* import() */ 561).then(__webpack_require__.t.bind(__webpack_require__, 8561, 23)))
        .then((module) => defaultExport(module));
    return asn1Module;
}
const OID = {
    commonName: '2.5.4.3',
    organizationName: '2.5.4.10',
    basicConstraints: '2.5.29.19',
    keyUsage: '2.5.29.15',
    extKeyUsage: '2.5.29.37',
    subjectAltName: '2.5.29.17',
    subjectKeyIdentifier: '2.5.29.14',
    authorityKeyIdentifier: '2.5.29.35',
    clientAuth: '1.3.6.1.5.5.7.3.2',
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    ecdsaWithSha384: '1.2.840.10045.4.3.3',
    ecdsaWithSha512: '1.2.840.10045.4.3.4',
    sha256WithRsa: '1.2.840.113549.1.1.11',
    sha384WithRsa: '1.2.840.113549.1.1.12',
    sha512WithRsa: '1.2.840.113549.1.1.13',
};
/** Signature algorithms we sign and accept, by OID, with the hash node:crypto needs. */
const SIGNATURE_ALGORITHMS = {
    [OID.ecdsaWithSha256]: { hash: 'sha256', keyType: 'ec' },
    [OID.ecdsaWithSha384]: { hash: 'sha384', keyType: 'ec' },
    [OID.ecdsaWithSha512]: { hash: 'sha512', keyType: 'ec' },
    [OID.sha256WithRsa]: { hash: 'sha256', keyType: 'rsa' },
    [OID.sha384WithRsa]: { hash: 'sha384', keyType: 'rsa' },
    [OID.sha512WithRsa]: { hash: 'sha512', keyType: 'rsa' },
};
/** A small DER builder over forge's codec; Buffers in, Buffers out. */
class Der {
    forge;
    constructor(forge) {
        this.forge = forge;
    }
    get a() {
        return this.forge.asn1;
    }
    seq(items) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SEQUENCE, true, items);
    }
    set(items) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SET, true, items);
    }
    oid(oid) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OID, false, this.a.oidToDer(oid).getBytes());
    }
    bool(value) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.BOOLEAN, false, value ? '\xff' : '\x00');
    }
    /** A non-negative INTEGER from its big-endian magnitude (minimal DER encoding). */
    unsigned(bytes) {
        let start = 0;
        while (start < bytes.length - 1 && bytes[start] === 0)
            start += 1;
        let body = bytes.subarray(start);
        if ((body[0] ?? 0) & 0x80)
            body = Buffer.concat([Buffer.from([0]), body]);
        if (body.length === 0)
            body = Buffer.from([0]);
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, body.toString('binary'));
    }
    int(value) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, this.a.integerToDer(value).getBytes());
    }
    utf8(text) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTF8, false, this.forge.util.encodeUtf8(text));
    }
    octets(bytes) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OCTETSTRING, false, bytes.toString('binary'));
    }
    /** BIT STRING with `unusedBits` padding bits in the last byte. */
    bits(bytes, unusedBits = 0) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.BITSTRING, false, String.fromCharCode(unusedBits) + bytes.toString('binary'));
    }
    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after; whole seconds. */
    time(ms) {
        const date = new Date(Math.floor(ms / 1000) * 1000);
        return date.getUTCFullYear() < 2050
            ? this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTCTIME, false, this.a.dateToUtcTime(date))
            : this.a.create(this.a.Class.UNIVERSAL, this.a.Type.GENERALIZEDTIME, false, this.a.dateToGeneralizedTime(date));
    }
    /** `[n]` EXPLICIT around `inner`. */
    explicit(tag, inner) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
    }
    /** `[n]` IMPLICIT primitive with raw content (e.g. a SAN URI, a key identifier). */
    implicit(tag, content) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, false, content.toString('binary'));
    }
    /** `[n]` IMPLICIT constructed (e.g. the empty attributes of a CSR). */
    implicitSet(tag, items) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, items);
    }
    /** A Name of the given attributes, one RDN each, values as UTF8String. */
    name(attributes) {
        return this.seq(attributes.map(([oid, value]) => this.set([this.seq([this.oid(oid), this.utf8(value)])])));
    }
    /** Raw DER (e.g. an SPKI from node:crypto) as a node to embed. */
    raw(der) {
        return this.a.fromDer(der.toString('binary'), true);
    }
    encode(node) {
        return Buffer.from(this.a.toDer(node).getBytes(), 'binary');
    }
    /** AlgorithmIdentifier for signing with `key` (ECDSA: no parameters; RSA: NULL, RFC 4055). */
    signatureAlgorithm(key) {
        if (key.asymmetricKeyType === 'ec')
            return this.seq([this.oid(OID.ecdsaWithSha256)]);
        return this.seq([this.oid(OID.sha256WithRsa), this.a.create(this.a.Class.UNIVERSAL, this.a.Type.NULL, false, '')]);
    }
    /** `SEQUENCE { toBeSigned, algorithm, BIT STRING signature }`, as certificates and CSRs are. */
    signed(toBeSigned, algorithm, key) {
        const signature = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', this.encode(toBeSigned), key);
        return this.encode(this.seq([toBeSigned, algorithm, this.bits(signature)]));
    }
}
/** PEM armour around DER, 64 characters a line. */
function toPem(label, der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
/** The DER inside the first PEM block with `label`, or undefined. */
function fromPem(label, pem) {
    const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
    if (match?.[1] === undefined)
        return undefined;
    return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}
/** Every PEM block with `label`, in order, re-armoured (LF line ends, 64 columns). */
function allPem(label, pem) {
    const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, 'g');
    return [...pem.matchAll(pattern)].map((match) => toPem(label, Buffer.from((match[1] ?? '').replace(/\\s+/g, ''), 'base64')));
}
/** SHA-1 of the subjectPublicKey bits: the key identifier of RFC 5280 §4.2.1.2 method (1). */
function keyIdentifier(forge, publicKey) {
    const spki = forge.asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary'), {
        strict: true,
        decodeBitStrings: false,
    });
    const bitString = spki.value[1];
    const bits = Buffer.from(bitString?.value ?? '', 'binary').subarray(1);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(bits).digest();
}
/** `sha256:<hex>` of a certificate's DER, the form stint uses for every fingerprint. */
function certificateFingerprint(der) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(der).digest('hex')}`;
}
/** `sha256:<hex>` of a key's SubjectPublicKeyInfo DER (a private key: of its public half). */
function publicKeyFingerprint(key) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(spkiOf(key)).digest('hex')}`;
}
/** The public key of a certificate or key PEM, for "does this key match" checks. */
function spkiOf(key) {
    return (key.type === 'private' ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key) : key).export({ type: 'spki', format: 'der' });
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
    if (cert === undefined)
        ctx.fail('cert', 'source: provided needs cert or cert_file (PEM, with key/key_env/key_file), or p12/p12_env/p12_file (PKCS#12)');
    const keys = ctx.optionalSecret('key', raw);
    const keyFile = pathField(ctx, raw, 'key_file', base);
    if (keys.length > 1)
        ctx.fail('keys', 'give one private key');
    if (keys.length > 0 && keyFile !== undefined)
        ctx.fail('key_file', 'give only one of key, key_env and key_file');
    const keyText = keys[0];
    if (keyText === undefined && keyFile === undefined) {
        ctx.fail('key', ctx.origin === 'file'
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
            cert,
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
