export const id = 159;
export const ids = [159];
export const modules = {

/***/ 7159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/mask/forms.ts
var mask_forms = __webpack_require__(5019);
// EXTERNAL MODULE: ./src/signing/request-input.ts + 1 modules
var request_input = __webpack_require__(652);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/signing/mtls-asn1.ts
var mtls_asn1 = __webpack_require__(5601);
;// CONCATENATED MODULE: ./src/signing/mtls-handshake.ts
/**
 * Why a server hung up on a client certificate. A TLS server that cannot build a path from the
 * presented certificate to a CA it trusts often says nothing useful: Node's (and many proxies')
 * answer is to close the socket, which the client sees as a bare ECONNRESET. The commonest cause
 * is a certificate issued by an intermediate CA and presented without that intermediate. Only
 * the client can see that, so it is said here, with what to add.
 */



/** Failures a server's refusal of the client certificate shows up as (a closed socket, or an alert). */
const REFUSAL = /^(ECONNRESET|EPIPE)$|ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE)$/;
/**
 * For a request that failed with `reason` after presenting `certPem` (leaf, then chain): an
 * ERR_MTLS_CHAIN_MISSING error when the leaf's issuer was not sent and the leaf is not self-signed
 * (so the server may lack an intermediate), or a hint to append when a chain was sent. Undefined when the
 * failure does not look like a refused certificate.
 *
 * @example
 * const why = explainRefusedCertificate(tls.cert, 'ECONNRESET', 'GET https://api.internal/');
 * if (why instanceof StintError) throw why;
 */
function explainRefusedCertificate(certPem, reason, target) {
    if (!REFUSAL.test(reason))
        return undefined;
    let presented;
    try {
        presented = (0,mtls_asn1/* allPem */.QY)('CERTIFICATE', certPem).map((pem) => new external_node_crypto_.X509Certificate(pem));
    }
    catch {
        return undefined;
    }
    const leaf = presented[0];
    if (leaf === undefined)
        return undefined;
    // Follow the presented certificates from the leaf up, as the server would.
    let top = leaf;
    const seen = new Set([top]);
    for (;;) {
        const issuer = presented.find((c) => !seen.has(c) && top.checkIssued(c));
        if (issuer === undefined)
            break;
        seen.add(issuer);
        top = issuer;
    }
    const name = (n) => n.replace(/\n/g, ', ');
    // A certificate from the broker CA hangs directly off that (self-signed) CA: nothing is missing.
    const fromBroker = (leaf.subjectAltName ?? '').includes('URI:urn:stint:project:');
    // A chain that reaches past the leaf is taken as whole (the root is never sent); only a leaf
    // whose issuer was not sent, while not self-signed, can be short of an intermediate.
    if (top !== leaf || leaf.checkIssued(leaf) || fromBroker) {
        return ` (the server refused the client certificate ${name(leaf.subject)}, issued by ${name(leaf.issuer)}: check that the server trusts ${fromBroker ? 'the broker CA (GET /mtls/ca.pem)' : `the CA at the top of its chain, ${name(top.issuer)}`})`;
    }
    const sent = presented.length === 1
        ? `without its chain: it is issued by ${name(leaf.issuer)}, and no certificate of ${name(leaf.issuer)} was sent`
        : `with chain certificates that do not include its issuer, ${name(leaf.issuer)}`;
    return new errors/* StintError */.Fp('ERR_MTLS_CHAIN_MISSING', `${target}: the server refused the TLS handshake (${reason}) after the client certificate ${name(leaf.subject)} was presented ${sent}. ` +
        `If ${name(leaf.issuer)} is an intermediate CA, add its certificate (and any between it and the root the server trusts) to the profile as chain_file (or chain, or inside the PKCS#12 bundle); ` +
        `if it is the root, the server does not trust it: give the server that CA`);
}

// EXTERNAL MODULE: ./src/signing/sign.ts + 2 modules
var sign = __webpack_require__(3531);
;// CONCATENATED MODULE: ./src/signing/send.ts




/** `stint request` prints what it gets; far above an API answer, far below what fills a runner's memory. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/**
 * Signs a request with a profile and sends it (src/lib/http.ts): the signature headers are added
 * to the caller's, the body is sent byte for byte, redirects are not followed but answered as they
 * are (a credential must not travel to another host). Network failures, a response over the size
 * cap and the deadline are ERR_REQUEST_FAILED; an HTTP error status is returned, not thrown.
 *
 * @example
 * const response = await sendSigned(profile, { method: 'POST', url, headers: {}, body }, deps);
 */
async function sendSigned(profile, request, deps, options = {}) {
    const signed = await (0,sign/* signRequest */.z)(profile, request, deps);
    options.onSigned?.(signed);
    const url = new URL(signed.url ?? request.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new errors/* StintError */.Fp('ERR_REQUEST_FAILED', `only http and https URLs can be sent (got ${url.protocol})`);
    const headers = { ...request.headers, ...signed.headers };
    if (request.body.length > 0 && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length'))
        headers['Content-Length'] = String(request.body.length);
    // Where the request went, for messages: never the query, which may carry a token.
    const target = `${request.method} ${url.origin}${url.pathname}`;
    try {
        const response = await (options.http ?? http/* httpRequest */.aj)({
            url,
            method: request.method,
            headers,
            body: request.body,
            redirect: 'return',
            timeoutMs: options.timeoutMs ?? 30_000,
            maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
            ...(options.tls ? { tls: options.tls } : {}),
        });
        return { status: response.status, statusText: response.statusText, headers: response.headers, body: response.body };
    }
    catch (error) {
        if (!(error instanceof http/* HttpError */.j$))
            throw error;
        const reason = error.kind === 'timeout' ? 'timed out' : error.reason;
        const refused = error.kind === 'network' && options.tls !== undefined
            ? explainRefusedCertificate(options.tls.cert, reason, target)
            : undefined;
        if (refused instanceof errors/* StintError */.Fp)
            throw refused;
        throw new errors/* StintError */.Fp('ERR_REQUEST_FAILED', `${target}: ${reason}${refused ?? hint(reason)}`, { cause: error });
    }
}
/** What a TLS failure usually means, for the message. */
function hint(code) {
    if (code === undefined)
        return '';
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER')
        return ' (nothing speaks TLS on that port: is it plain http://?)';
    if (code.includes('CERTIFICATE_REQUIRED') || code.includes('HANDSHAKE_FAILURE'))
        return ' (the server wants a client certificate: use an mtls profile)';
    if (code.includes('UNKNOWN_CA') || code.includes('BAD_CERTIFICATE'))
        return " (the server does not trust this client certificate's CA)";
    switch ((0,http/* certificateProblem */.VP)(code)) {
        case 'trust':
            return " (the server's certificate is not trusted here: give its CA as server_ca_file in an mtls profile, or NODE_EXTRA_CA_CERTS)";
        case 'host':
            return " (the server's certificate does not name the host in the URL: use a name it holds)";
        case 'dates':
            return " (the server's certificate is outside its validity dates: renew it, or check this machine's clock)";
        default:
            return '';
    }
}

// EXTERNAL MODULE: ./src/cli/github-mask.ts
var github_mask = __webpack_require__(7100);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/commands/sign.ts
var commands_sign = __webpack_require__(3672);
;// CONCATENATED MODULE: ./src/cli/commands/request.ts









const HELP = `Usage: stint request NAME METHOD URL [--body-file F | --body S] [--header "Name: value"]...
                     [--config FILE] [--timeout SECONDS]

Signs a request with signing profile NAME (for mtls: presents its client certificate and its
chain, and sends the profile's servername as SNI; the URL must be https://) and sends it. Prints the response body; exits 1 when the status is 400 or more (the status goes
to stderr). Redirects are not followed: a 3xx exits 0 with a note on stderr saying where it points. Profiles come from --config FILE or $STINT_CONFIG.
In GitHub Actions (GITHUB_ACTIONS=true) the credential the request carries (a bearer token, JWT or
access token; an Authorization value given with --header) is first registered with the runner
for masking (::add-mask:: lines on stderr), in case the server echoes it back.

  --body S          the body, as given
  --body-file F     the body, read from F as bytes (- for stdin)
  --header "K: V"   a request header (repeatable)
  --timeout S       give up after S seconds (default 30)`;
/** `stint request`: signs and sends one request, prints the response body. */
const run = async (args, io) => {
    const { values, positionals } = (0,external_node_util_.parseArgs)({
        args,
        allowPositionals: true,
        strict: true,
        options: {
            config: { type: 'string' },
            body: { type: 'string' },
            'body-file': { type: 'string' },
            header: { type: 'string', multiple: true, default: [] },
            timeout: { type: 'string', default: '30' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    const [name, method, url, ...extra] = positionals;
    if (name === undefined || method === undefined || url === undefined || extra.length > 0)
        throw new errors/* UsageError */.eb(`stint request takes NAME METHOD URL\n\n${HELP}`);
    const timeout = Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
        throw new errors/* UsageError */.eb(`--timeout must be a positive number of seconds (got ${values.timeout})`);
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
        throw new errors/* UsageError */.eb(`URL must start with http:// or https:// (got ${url.split('?')[0]})`);
    const { headers, body, profile } = await (0,request_input/* readRequestArgs */.VF)(name, values, io);
    // In a GitHub Actions step, every credential the request carries is registered for masking once
    // it is known (an access token is fetched while signing) and before the request goes out: a
    // server that echoes the request back would otherwise put it in the log with the body.
    const options = {
        timeoutMs: timeout * 1000,
        onSigned: (signed) => {
            if (io.env.GITHUB_ACTIONS === 'true')
                (0,github_mask/* maskInGitHubStep */.f)(io, carriedCredentials(signed, headers));
        },
    };
    if (profile.type === 'mtls') {
        // Over http:// there is no handshake to present the certificate in: the request would go out
        // in clear, unauthenticated, and a server that answers it anyway would look like success.
        const target = new URL(url);
        if (target.protocol !== 'https:')
            throw new errors/* UsageError */.eb(`profile "${name}" is mtls: its client certificate is only sent over TLS, so the URL must start with https:// (got ${target.origin}${target.pathname})`);
        const { loadClientCertificate } = await __webpack_require__.e(/* import() */ 233).then(__webpack_require__.bind(__webpack_require__, 3233));
        const { warnings, ...tls } = await loadClientCertificate(profile);
        // The same warnings the action gives (a certificate expiring within 14 days), for every CI.
        for (const warning of warnings)
            (0,cli_io/* writeLine */._r)(io.stderr, `stint: warning: ${warning}`);
        options.tls = tls;
    }
    (0,commands_sign.warnUncoveredQuery)(profile, url, io);
    const response = await sendSigned(profile, { method: method.toUpperCase(), url, headers, body }, { ...sign/* defaultSignDeps */.B, env: io.env }, options);
    (0,cli_io/* writeData */.Mr)(io.stdout, response.body);
    // Where the request went, for messages: never the query, which may carry a token.
    const where = new URL(url);
    const from = `from ${method.toUpperCase()} ${where.origin}${where.pathname}`;
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        // Not a failure (exit 0: only ≥ 400 is), but not the answer either: say so rather than pass an
        // empty or stub body off as the response. Where it points, without the query (it may hold a token).
        const location = response.headers.location;
        const to = location && URL.canParse(location, url) ? new URL(location, url) : undefined;
        (0,cli_io/* writeLine */._r)(io.stderr, `stint: ${status} ${from}: a redirect${to ? ` to ${to.origin}${to.pathname}` : ''}, not followed (stint request never follows one: the credential goes only to the host it was made for); request that URL if it is meant`);
    }
    if (response.status >= 400)
        throw new errors/* StintError */.Fp('ERR_HTTP_STATUS', `${status} ${from}`);
    return 0;
};
/** The headers whose value is a credential as it is (`Scheme credentials`, RFC 9110 §11.6.2). */
const AUTHORIZATION_HEADERS = new Set(['authorization', 'proxy-authorization']);
/**
 * The credentials a request carries that anyone who reads them can replay: the profile's (a bearer
 * token, a JWT, an OAuth access token: `signed.credential`), and those in Authorization and
 * Proxy-Authorization values given with --header (`Scheme credentials`: what follows the scheme;
 * a value without one is left alone rather than guessed at, which could blank a common word all
 * over the log). A signature (hmac, http-signature) is not one: it proves this request only and
 * can be used for no other; mtls sends no secret (its key never leaves the machine).
 */
function carriedCredentials(signed, given) {
    const credentials = signed.credential === undefined ? [] : [signed.credential];
    for (const [name, value] of Object.entries(given)) {
        if (!AUTHORIZATION_HEADERS.has(name.toLowerCase()))
            continue;
        const credential = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ +(\S.*)$/.exec(value)?.[1];
        if (credential === undefined)
            continue;
        const unmaskable = (0,mask_forms/* unmaskableReason */.gG)(credential);
        if (unmaskable !== undefined)
            throw new errors/* StintError */.Fp('ERR_SECRET_TOO_SHORT', `the ${name} header given with --header: ${unmaskable}; use a longer, random credential`);
        credentials.push(credential);
    }
    return credentials;
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


/***/ })

};
