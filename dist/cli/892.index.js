export const id = 892;
export const ids = [892];
export const modules = {

/***/ 2425:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JL: () => (/* binding */ mediaType),
/* harmony export */   Mq: () => (/* binding */ sentNoCredentials),
/* harmony export */   U0: () => (/* binding */ arrivedOnClosingConnection),
/* harmony export */   W$: () => (/* binding */ lingeringClose),
/* harmony export */   Wz: () => (/* binding */ BrokerError),
/* harmony export */   YK: () => (/* binding */ MAX_BODY_BYTES),
/* harmony export */   Zs: () => (/* reexport safe */ _lib_quote_input_js__WEBPACK_IMPORTED_MODULE_2__.Z),
/* harmony export */   dw: () => (/* binding */ parseJsonObject),
/* harmony export */   g$: () => (/* binding */ tokenEndpointShape),
/* harmony export */   im: () => (/* binding */ parseFormValues),
/* harmony export */   jD: () => (/* binding */ sendJson),
/* harmony export */   n4: () => (/* binding */ sendError),
/* harmony export */   oF: () => (/* binding */ sendText),
/* harmony export */   wK: () => (/* binding */ parseForm),
/* harmony export */   x8: () => (/* binding */ readBody),
/* harmony export */   xk: () => (/* binding */ invalidRequest)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_oauth_description_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(783);
/* harmony import */ var _lib_quote_input_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3438);



/**
 * A refusal the broker answers with an RFC 6749-style error body. `description` is what the
 * caller sees; `reason` is the full detail for the audit log and may say more. `status` must be
 * the one the error catalogue gives `code`, or it does not compile.
 */
class BrokerError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
    status;
    error;
    description;
    reason;
    retryAfterSec;
    /**
     * Set on a 401 for a request that sent no credentials at all: its challenge names this realm
     * and carries no error code (RFC 6750 §3.1), since nothing was presented to be invalid.
     */
    realm;
    /** Fields the refusal's audit event carries beside its reason (the id of the API key presented). */
    auditFields;
    constructor(status, error, code, description, options = {}) {
        super(code, description, { cause: options.cause });
        this.name = 'BrokerError';
        this.status = status;
        this.error = error;
        this.description = description;
        this.reason = options.reason ?? description;
        if (options.retryAfterSec !== undefined)
            this.retryAfterSec = options.retryAfterSec;
        if (options.realm !== undefined)
            this.realm = options.realm;
        if (options.auditFields !== undefined)
            this.auditFields = options.auditFields;
    }
}
/**
 * Whether a request carries no credentials at all (no Authorization field, or an empty one), as
 * opposed to credentials that are malformed or wrong: RFC 6750 §3.1 answers the first with a bare
 * challenge and the second with `error="invalid_token"`.
 */
function sentNoCredentials(req) {
    return (req.headers.authorization ?? '').trim() === '';
}
/** A value the caller sent, as an error message quotes it (src/lib/quote-input.ts). */

const invalidRequest = (code, description) => new BrokerError(400, 'invalid_request', code, description);
/** Largest request body any broker endpoint accepts: a token, a form or a CSR is a few KiB. */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * Reads the whole body, refusing (413) as soon as it grows past `limit` bytes. It stops listening
 * then, but leaves the request open (a `for await` would destroy it, and with it the socket), so
 * the refusal can still be read: see lingeringClose.
 */
function readBody(req, limit) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit)
        return Promise.reject(tooLarge(limit));
    const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    // The body is read as sent: a compressed one would be garbage to the parser, and one merely
    // labelled compressed is bytes a proxy honouring the label reads differently (RFC 9110 §15.5.16).
    if (coding !== 'identity') {
        return Promise.reject(new BrokerError(415, 'invalid_request', 'ERR_CONTENT_ENCODING', `the broker takes request bodies uncompressed, not content-encoding ${(0,_lib_quote_input_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Z)(coding)}; send the body as is, without Content-Encoding`));
    }
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        const stop = () => {
            req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
        };
        const onData = (chunk) => {
            size += chunk.length;
            if (size <= limit) {
                chunks.push(chunk);
                return;
            }
            stop();
            reject(tooLarge(limit));
        };
        const onEnd = () => {
            stop();
            resolve(Buffer.concat(chunks));
        };
        // The client went away mid-upload (an aborted request is an 'error', a closed one a 'close'):
        // a refusal of the client's doing, not the broker's fault, and nobody is left to read it.
        const onGone = () => {
            stop();
            reject(new BrokerError(400, 'invalid_request', 'ERR_BODY_INCOMPLETE', 'the client closed the connection before the body was complete'));
        };
        req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
    });
}
/**
 * Connections answered with `Connection: close` whose client may still be sending (lingeringClose).
 * What still arrives on one is read and dropped: a request parsed from it is never run (the
 * broker could not answer it), and one pipelined behind the answer never starts (server.ts).
 */
const closing = new WeakSet();
/** Whether the broker already ended this request's connection, so the request must not be run. */
function arrivedOnClosingConnection(req) {
    return closing.has(req.socket);
}
/** How long, and how much, the broker goes on reading a refused upload after it answered. */
const LINGER_MS = 5_000;
const LINGER_BYTES = 8 * 1024 * 1024;
/**
 * Ends the connection of a refused request whose body is still arriving the way nginx's
 * lingering close does: the answer goes out with `Connection: close`, then a FIN, and what keeps
 * arriving is read and discarded (at most LINGER_BYTES, for at most LINGER_MS) before the socket
 * is destroyed. Closing at once would leave unread bytes, which make the kernel reset the
 * connection, and a client that sends its whole body before it reads (curl, Python's requests)
 * would get EPIPE instead of the 413. Call it before sending the answer.
 */
function lingeringClose(req, res) {
    const socket = req.socket;
    closing.add(socket);
    res.setHeader('connection', 'close');
    let drained = 0;
    req.on('data', (chunk) => {
        drained += chunk.length;
        if (drained > LINGER_BYTES)
            socket.destroy();
    });
    req.resume();
    // Node ends the last response of a connection with socket.destroySoon(): FIN, then destroy as
    // soon as it is flushed. Keep the FIN; the destroy waits for the client to finish or the bounds.
    socket.destroySoon = () => {
        socket.end();
        const timer = setTimeout(() => socket.destroy(), LINGER_MS);
        timer.unref();
        socket.once('close', () => clearTimeout(timer));
    };
}
function tooLarge(limit) {
    return new BrokerError(413, 'invalid_request', 'ERR_BODY_TOO_LARGE', `request body is larger than ${limit / 1024} KiB`);
}
/** The media type of a request, lower-cased, without parameters. */
function mediaType(req) {
    return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}
/** Parses a JSON object body; anything else is a 400. */
function parseJsonObject(body) {
    let value;
    try {
        value = JSON.parse(body.toString('utf8'));
    }
    catch {
        throw invalidRequest('ERR_BODY_NOT_JSON', 'request body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidRequest('ERR_BODY_NOT_OBJECT', 'request body must be a JSON object');
    }
    return value;
}
/**
 * Parses the `application/x-www-form-urlencoded` body of an OAuth endpoint (token, revocation,
 * introspection). A parameter sent without a value is left out, as if it had not been sent
 * (RFC 6749 §3.2), so each route sees a parameter as given or not, never as empty. A parameter
 * named twice is a 400 (§3.2 too), whether or not either time has a value; see parseFormValues
 * for the parameters a route accepts more than once.
 */
function parseForm(req, body) {
    return parseFormValues(req, body, []).form;
}
/**
 * parseForm, except that the parameters named in `repeatable` may be given several times (RFC
 * 8693 §2.1 allows it for `resource` and `audience`): `values` has each of them as a list of the
 * values given (empty ones left out), and `form` its first.
 *
 * @example
 * const { form, values } = parseFormValues(req, body, ['resource', 'audience']);
 * values.resource // ['https://api.warehouse.example.com', 'https://api.warehouse.example.com']
 */
function parseFormValues(req, body, repeatable) {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
        throw invalidRequest('ERR_BODY_NOT_FORM', 'request body must be application/x-www-form-urlencoded');
    }
    const form = {};
    const values = {};
    const named = new Set();
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
        if (repeatable.includes(name)) {
            if (value === '')
                continue;
            if (!Object.hasOwn(values, name))
                values[name] = [];
            values[name].push(value);
            form[name] ??= value;
            continue;
        }
        if (named.has(name))
            throw invalidRequest('ERR_PARAMETER_REPEATED', `parameter ${name} is repeated`);
        named.add(name);
        if (value !== '')
            form[name] = value;
    }
    return { form, values };
}
/**
 * Sends a JSON body, `no-store` unless `headers` gives another `cache-control` (the public
 * discovery document and JWKS): an answer may carry credentials. `Pragma: no-cache` goes only
 * with `no-store`, for HTTP/1.0 caches (RFC 6749 §5.1); beside a `max-age` it would contradict it.
 */
function sendJson(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    const cacheControl = headers['cache-control'] ?? 'no-store';
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        'cache-control': cacheControl,
        ...(cacheControl === 'no-store' ? { pragma: 'no-cache' } : {}),
        ...headers,
    });
    res.end(text);
}
function sendText(res, status, text, contentType, headers = {}) {
    res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
}
/**
 * How `POST /oauth2/token` answers a refusal, so OAuth client libraries report an OAuth error
 * rather than an authentication challenge: RFC 8693 §2.2.2 says a subject token that is invalid
 * for any reason (bad, expired, replayed) or unacceptable by policy is 400 `invalid_request`, and
 * a scope beyond the grant is 400 `invalid_scope` (RFC 6749 §5.2); never `WWW-Authenticate`,
 * since the endpoint has no client authentication to challenge. An unknown project gets the same
 * answer as any policy denial (not `invalid_target`), so a caller cannot learn which projects
 * exist. Size limits, rate limits and outages keep their status (413, 429, 503).
 */
function tokenEndpointShape(error) {
    if (error.status !== 401 && error.status !== 403)
        return { status: error.status, error: error.error };
    return { status: 400, error: error.error === 'invalid_scope' ? 'invalid_scope' : 'invalid_request' };
}
/**
 * Sends `{error, error_description, request_id}` with the status (or the `shape` an endpoint
 * answers it with), Retry-After when the refusal has one (429, and 503 for an outage), and
 * WWW-Authenticate for 401. The description is in RFC 6749 §5.2's characters (oauthDescription):
 * every broker error body has the OAuth shape, and this is the one place that writes them.
 */
function sendError(res, error, requestId, shape = { status: error.status, error: error.error }) {
    const headers = {};
    if (error.retryAfterSec !== undefined)
        headers['retry-after'] = String(error.retryAfterSec);
    if (shape.status === 401) {
        // RFC 6750 §3: a challenge has at least one parameter; §3.1: none about an error when no
        // credentials were sent (a client that sent none learns only how to authenticate).
        headers['www-authenticate'] =
            error.realm !== undefined
                ? `Bearer realm="${error.realm.replace(/["\\]/g, '\\$&')}"`
                : `Bearer error="${shape.error}"`;
    }
    sendJson(res, shape.status, { error: shape.error, error_description: (0,_lib_oauth_description_js__WEBPACK_IMPORTED_MODULE_1__/* .oauthDescription */ .c)(error.description), request_id: requestId }, headers);
}


/***/ }),

/***/ 5892:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dd: () => (/* binding */ checkTokenSize),
/* harmony export */   Uf: () => (/* binding */ decodeStructure),
/* harmony export */   cT: () => (/* binding */ checkTimesAndSubject),
/* harmony export */   eb: () => (/* binding */ checkHeader),
/* harmony export */   f7: () => (/* binding */ checkAudience),
/* harmony export */   jC: () => (/* binding */ checkSignature),
/* harmony export */   um: () => (/* binding */ checkAlgorithm)
/* harmony export */ });
/* unused harmony exports MAX_TOKEN_BYTES, MAX_ID_TOKEN_AGE_SEC */
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6687);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5674);
/* harmony import */ var _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9280);
/* harmony import */ var _lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7993);
/* harmony import */ var _providers_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7486);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2425);





/**
 * The checks an exchange makes on the CI's ID token, one function per line of
 * docs/broker.md#what-an-exchange-checks. Each throws a BrokerError (401 invalid_token unless said
 * otherwise) whose description says exactly what was wrong with the token.
 */
/** The largest ID token accepted; CI tokens are 1–2 KiB. */
const MAX_TOKEN_BYTES = 16 * 1024;
const invalidToken = (code, description, cause) => new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .BrokerError */ .Wz(401, 'invalid_token', code, description, { cause });
function checkTokenSize(token) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: a short enough string needs no counting.
    if (token.length > MAX_TOKEN_BYTES / 3 && Buffer.byteLength(token) > MAX_TOKEN_BYTES) {
        throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .BrokerError */ .Wz(413, 'invalid_request', 'ERR_TOKEN_TOO_LARGE', `token is larger than ${MAX_TOKEN_BYTES / 1024} KiB`);
    }
}
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Three non-empty base64url segments whose first two are JSON objects (a compact JWS). */
function decodeStructure(token) {
    const segments = token.split('.');
    if (segments.length !== 3) {
        throw invalidToken('ERR_TOKEN_MALFORMED', `token is not a JWT: it has ${segments.length} segments, not 3`);
    }
    if (!segments.every((segment) => BASE64URL.test(segment))) {
        throw invalidToken('ERR_TOKEN_MALFORMED', 'token is not a JWT: a segment is empty or not base64url');
    }
    const header = decodeJsonObject(segments[0], 'header');
    const payload = decodeJsonObject(segments[1], 'payload');
    return { header, payload };
}
function decodeJsonObject(segment, part) {
    let value;
    try {
        value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    }
    catch {
        throw invalidToken('ERR_TOKEN_MALFORMED', `token is not a JWT: its ${part} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidToken('ERR_TOKEN_MALFORMED', `token is not a JWT: its ${part} is not a JSON object`);
    }
    return value;
}
/** Only asymmetric signatures can prove a CI issued a token: never `none`, never a shared-secret MAC. */
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^ES256K$|^EdDSA$|^Ed25519$/;
/**
 * Header checks that need no key: `alg` is asymmetric, the token names no keys of its own
 * (`jwk`, `jku`, `x5u`, `x5c` would let the token vouch for itself, and fetching `jku`/`x5u`
 * would let any caller make the broker send requests), and it asks for no `crit` extension.
 */
function checkHeader(header) {
    const alg = header.alg;
    if (typeof alg !== 'string' || alg === '')
        throw invalidToken('ERR_TOKEN_ALG', 'token header has no alg');
    if (alg.toLowerCase() === 'none')
        throw invalidToken('ERR_TOKEN_ALG', 'token is unsigned (alg none)');
    if (!ASYMMETRIC.test(alg))
        throw invalidToken('ERR_TOKEN_ALG', `token alg ${alg} is not an asymmetric signature algorithm`);
    for (const name of ['jwk', 'jku', 'x5u', 'x5c']) {
        if (name in header) {
            throw invalidToken('ERR_TOKEN_EMBEDDED_KEY', `token header carries ${name}; keys are only taken from the issuer's JWKS`);
        }
    }
    if ('crit' in header) {
        // Only a list of names is quoted, each cut short: a caller may nest crit thousands deep.
        const crit = header.crit;
        if (!Array.isArray(crit) || !crit.every((name) => typeof name === 'string'))
            throw invalidToken('ERR_TOKEN_CRIT', 'token header crit must be an array of strings');
        const listed = `[${crit.slice(0, 5).map(_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs).join(',')}${crit.length > 5 ? ',…' : ''}]`;
        throw invalidToken('ERR_TOKEN_CRIT', `token header lists crit extensions (${listed}) that stint does not understand`);
    }
    if ('kid' in header && typeof header.kid !== 'string')
        throw invalidToken('ERR_TOKEN_MALFORMED', 'token header kid is not a string');
}
/** `alg` is one the provider is configured to use. */
function checkAlgorithm(header, provider) {
    if (!provider.algorithms.includes(header.alg)) {
        throw invalidToken('ERR_TOKEN_ALG', `token alg ${String(header.alg)} is not allowed for provider ${provider.name} (allowed: ${provider.algorithms.join(', ')})`);
    }
}
/**
 * Per fetched key set: jose's selector over it (built once: importing keys for every request
 * would be wasted work), and the key it chose for each alg and kid. jose's choice depends on the
 * key set, the alg and the kid alone, so a token naming the same pair gets the same key without
 * asking again (a refusal, none or several matching, is not kept: each such token asks).
 */
const localSets = new WeakMap();
/**
 * The signature verifies with a key of the provider's own JWKS, selected by `kid`. jose picks the
 * key (kid, kty and curve for the alg, `use`, `key_ops`; none or several matching is refused) and
 * imports it once per key set; node:crypto checks the signature on this thread
 * (src/lib/jws-crypto.ts). Call after checkHeader and checkAlgorithm: the alg is one the provider
 * allows, and the token is three base64url segments.
 */
async function checkSignature(token, header, jwks, provider) {
    let set = localSets.get(jwks);
    if (!set) {
        set = { select: (0,jose__WEBPACK_IMPORTED_MODULE_3__/* .createLocalJWKSet */ .w)(jwks), chosen: new Map() };
        localSets.set(jwks, set);
    }
    const alg = header.alg;
    // checkHeader made kid a string or absent; the NUL cannot occur in alg (ASYMMETRIC).
    const choice = `${alg}\0${header.kid === undefined ? '' : `k${header.kid}`}`;
    let verified;
    try {
        let key = set.chosen.get(choice);
        if (key === undefined) {
            key = (0,_lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .keyObjectOf */ ._z)(await set.select({ alg, ...(header.kid === undefined ? {} : { kid: header.kid }) }));
            set.chosen.set(choice, key);
        }
        const dot = token.lastIndexOf('.');
        verified = (0,_lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .verifyJwsSignature */ .SX)(alg, key, Buffer.from(token.slice(0, dot), 'ascii'), Buffer.from(token.slice(dot + 1), 'base64url'));
    }
    catch (cause) {
        if (cause instanceof jose__WEBPACK_IMPORTED_MODULE_4__/* .JWKSNoMatchingKey */ .BT) {
            throw invalidToken('ERR_TOKEN_KEY_UNKNOWN', whyNoKey(jwks, alg, header.kid, provider), cause);
        }
        if (cause instanceof jose__WEBPACK_IMPORTED_MODULE_4__/* .JWKSMultipleMatchingKeys */ .$4) {
            throw invalidToken('ERR_TOKEN_KEY_AMBIGUOUS', `several signing keys of ${provider.issuer} match the token; it must name its kid`, cause);
        }
        throw invalidToken('ERR_TOKEN_SIGNATURE', `token signature could not be verified: ${cause.message}`, cause);
    }
    if (!verified) {
        throw invalidToken('ERR_TOKEN_SIGNATURE', `token signature does not verify with the keys of ${provider.issuer}`);
    }
}
/** The key types (and curves) each JWS alg verifies with, as jose selects them. */
function keyTypeFor(alg) {
    if (/^(RS|PS)\d+$/.test(alg))
        return { kty: 'RSA' };
    const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521', ES256K: 'secp256k1' }[alg];
    if (curve !== undefined)
        return { kty: 'EC', crv: [curve] };
    if (alg === 'EdDSA')
        return { kty: 'OKP', crv: ['Ed25519', 'Ed448'] };
    if (alg === 'Ed25519')
        return { kty: 'OKP', crv: ['Ed25519'] };
    return undefined;
}
/**
 * Why no key of `jwks` can verify a token signed with `alg` naming `kid`, in the order jose
 * selects (kid, key type and curve, `use`, `key_ops`, `alg`): an operator chasing a rotation
 * needs to know whether the kid is missing or present but unfit. The kid is the caller's and
 * is quoted; the keys' fields are the issuer's and public.
 */
function whyNoKey(jwks, alg, kid, provider) {
    const issuer = provider.issuer;
    if (kid === undefined)
        return `the token names no kid, and no signing key of ${issuer} can verify ${alg}`;
    const named = (Array.isArray(jwks.keys) ? jwks.keys : []).filter((k) => k.kid === kid);
    if (named.length === 0)
        return `no signing key of ${issuer} has the token's kid ${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(kid)}`;
    const reasons = named.map((key) => keyUnfit(key, alg)).filter((r) => r !== undefined);
    const shown = reasons.length > 0 ? reasons.join('; ') : `it cannot verify ${alg}`;
    return `the key of ${issuer} with the token's kid ${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(kid)} cannot verify this token: ${shown}`;
}
function keyUnfit(key, alg) {
    const wanted = keyTypeFor(alg);
    const field = (value) => typeof value === 'string' ? (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(value) : (JSON.stringify(value)?.slice(0, 60) ?? 'missing');
    if (wanted !== undefined && key.kty !== wanted.kty)
        return `it is a ${field(key.kty)} key${typeof key.crv === 'string' ? ` (${field(key.crv)})` : ''}, and ${alg} needs an ${wanted.kty} key`;
    if (wanted?.crv !== undefined && !wanted.crv.includes(key.crv))
        return `it is on curve ${field(key.crv)}, and ${alg} needs ${wanted.crv.join(' or ')}`;
    if (key.use !== undefined && key.use !== 'sig')
        return `it is published for use ${field(key.use)}, not sig (signatures)`;
    if (key.key_ops !== undefined && !(Array.isArray(key.key_ops) && key.key_ops.includes('verify')))
        return `its key_ops ${field(key.key_ops)} do not include verify`;
    if (key.alg !== undefined && key.alg !== alg)
        return `it is published for alg ${field(key.alg)}, and the token is ${alg}`;
    return undefined;
}
/**
 * `aud` names the audience the provider's tokens must carry for this broker, and no other
 * (OpenID Connect Core §3.1.3.7: a token listing audiences the client does not trust is
 * rejected). Each service in an `aud` list receives a token it could exchange here before the
 * job does, so a list is accepted only when every entry is the broker's audience; `azp`, the
 * party the token was issued to, must then be the broker too when the issuer sets it.
 */
function checkAudience(payload, provider) {
    const aud = payload.aud;
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
    if (audiences.includes(provider.audience)) {
        const others = Array.isArray(aud) ? aud.filter((a) => a !== provider.audience) : [];
        if (others.length > 0) {
            const strings = others.filter((a) => typeof a === 'string');
            const listed = `${strings.slice(0, 5).map(_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs).join(',')}${strings.length > 5 || strings.length < others.length ? ',…' : ''}`;
            throw invalidToken('ERR_TOKEN_AUDIENCE', `token audience lists other services besides ${provider.audience} (${listed}); each of them could exchange this token here before the job does: request an ID token whose only audience is ${provider.audience}`);
        }
        const azp = payload.azp;
        if (azp !== undefined && azp !== provider.audience) {
            throw invalidToken('ERR_TOKEN_AUDIENCE', `token was issued to another party (azp ${typeof azp === 'string' ? (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(azp) : `of type ${azp === null ? 'null' : typeof azp}`}), not ${provider.audience}: request an ID token for ${provider.audience} alone`);
        }
        return;
    }
    // Strings only are quoted, each cut short: aud is the issuer's, but never trusted to be small or flat.
    const quoted = typeof aud === 'string'
        ? (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(aud)
        : audiences.length > 0
            ? `[${audiences.slice(0, 5).map(_http_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs).join(',')}${audiences.length > 5 ? ',…' : ''}]`
            : aud === undefined
                ? 'null'
                : `of type ${Array.isArray(aud) ? 'array' : aud === null ? 'null' : typeof aud}`;
    throw invalidToken('ERR_TOKEN_AUDIENCE', `token audience ${quoted} is not ${provider.audience}; ${(0,_providers_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ciDescriptor */ .oP)(provider.kind).claims.audienceFix(provider.audience, provider)}`);
}
/**
 * The longest after it was issued that an ID token is exchanged: 24 h. CI tokens live from 5
 * minutes (GitHub) to an hour (CircleCI, the Jenkins plugin's default) and are exchanged at
 * once; GitLab's live as long as the job's timeout, which may be days, so the ceiling is on age,
 * not on `exp − iat`. A leaked token with a far `exp` stops being exchangeable a day after its
 * `iat`, and its replay record need not outlive that.
 */
const MAX_ID_TOKEN_AGE_SEC = 24 * 3600;
/**
 * `exp` and `sub` are required; exp, nbf and iat are checked with at most CLOCK_SKEW_SEC of
 * skew, and the token's age (from `iat`, else `nbf`) with MAX_ID_TOKEN_AGE_SEC; a token with
 * neither may not expire later than that from now. `until` is when the token stops being
 * exchangeable here, the earlier of its `exp` and that ceiling (its `exp` alone for a token with
 * neither claim, already held within the ceiling): its replay record's end, to which the record
 * adds the same skew the checks allow.
 */
function checkTimesAndSubject(payload, nowMs) {
    const now = Math.floor(nowMs / 1000);
    const { exp, nbf, iat, sub } = payload;
    if (typeof exp !== 'number' || !Number.isFinite(exp))
        throw invalidToken('ERR_TOKEN_CLAIMS', 'token has no numeric exp claim');
    if (exp + _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_5__/* .CLOCK_SKEW_SEC */ .E <= now)
        throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .BrokerError */ .Wz(401, 'invalid_token', 'ERR_TOKEN_EXPIRED', 'token has expired');
    if (nbf !== undefined) {
        if (typeof nbf !== 'number')
            throw invalidToken('ERR_TOKEN_CLAIMS', 'token nbf claim is not a number');
        if (nbf - _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_5__/* .CLOCK_SKEW_SEC */ .E > now)
            throw invalidToken('ERR_TOKEN_NOT_YET_VALID', 'token is not valid yet (nbf is in the future)');
    }
    if (iat !== undefined) {
        if (typeof iat !== 'number')
            throw invalidToken('ERR_TOKEN_CLAIMS', 'token iat claim is not a number');
        if (iat - _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_5__/* .CLOCK_SKEW_SEC */ .E > now)
            throw invalidToken('ERR_TOKEN_NOT_YET_VALID', 'token was issued in the future (iat)');
    }
    const issued = typeof iat === 'number'
        ? { at: iat, claim: 'iat' }
        : typeof nbf === 'number'
            ? { at: nbf, claim: 'nbf' }
            : undefined;
    const ceiling = `${MAX_ID_TOKEN_AGE_SEC / 3600} h`;
    if (issued !== undefined && now - issued.at > MAX_ID_TOKEN_AGE_SEC + _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_5__/* .CLOCK_SKEW_SEC */ .E) {
        throw invalidToken('ERR_TOKEN_TOO_OLD', `token was issued more than ${ceiling} ago (${issued.claim}); the broker exchanges an ID token only within ${ceiling} of its issue: exchange a fresh one (a GitLab job: exchange at its start)`);
    }
    if (issued === undefined && exp - now > MAX_ID_TOKEN_AGE_SEC + _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_5__/* .CLOCK_SKEW_SEC */ .E) {
        throw invalidToken('ERR_TOKEN_TOO_OLD', `token has no iat or nbf and expires more than ${ceiling} from now; the broker exchanges an ID token only within ${ceiling} of its issue: exchange one that says when it was issued`);
    }
    if (typeof sub !== 'string' || sub === '')
        throw invalidToken('ERR_TOKEN_CLAIMS', 'token has no sub claim');
    const until = issued === undefined ? exp : Math.min(exp, issued.at + MAX_ID_TOKEN_AGE_SEC);
    return { exp, until };
}


/***/ }),

/***/ 783:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ oauthDescription)
/* harmony export */ });
/**
 * An error_description as RFC 6749 §5.2 allows it: printable ASCII without `"` and `\`
 * (%x20-21 / %x23-5B / %x5D-7E). A quoted value (quoteInput) reads `'…'` instead of `"…"`, an
 * ellipsis `...`, `§` `section `, anything else outside the set `?`: a strict OAuth client may refuse the whole
 * answer over one such character, and the text reads the same to a person. Used by the broker's
 * error bodies and stint/verify's `WWW-Authenticate` challenge.
 *
 * @example
 * oauthDescription('scope "ré" is not granted') // "scope 'r?' is not granted"
 */
function oauthDescription(text) {
    return text
        .replace(/["\\\u2018\u2019\u201c\u201d]/g, "'")
        .replace(/[\u2026\u00a7\u2192\u2013\u2014]/g, (c) => OAUTH_SPELLING[c] ?? '?')
        .replace(/[^\x20-\x7e]/g, '?');
}
/** The characters stint's own messages use, spelled in ASCII: `…`, `§` (RFC 8693 §2.1), `→`, dashes. */
const OAUTH_SPELLING = {
    '\u2026': '...',
    '\u00a7': 'section ',
    '\u2192': '->',
    '\u2013': '-',
    '\u2014': '-',
};


/***/ })

};
