"use strict";
exports.id = 218;
exports.ids = [218];
exports.modules = {

/***/ 6218:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  describeProfile: () => (/* binding */ describeProfile),
  installSigning: () => (/* binding */ installSigning),
  parseSigningInput: () => (/* binding */ parseSigningInput)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/signing/config.ts + 4 modules
var signing_config = __webpack_require__(6455);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/signing/fields.ts
var fields = __webpack_require__(8422);
;// CONCATENATED MODULE: ./src/signing/load.ts





/**
 * Reads the signing profiles of a config file: `--config FILE`, else `$STINT_CONFIG` (what the
 * action writes). The file is YAML or JSON with a `signing:` key; secrets in it are only
 * `secret_env` / `key_env` references. JSON is read without loading the YAML parser, which keeps
 * `stint sign` quick on the file the action writes.
 *
 * @example
 * const profiles = await loadSigningProfiles({ config: args.config, env: io.env, cwd: io.cwd });
 */
async function loadSigningProfiles(options) {
    const given = options.config ?? options.env.STINT_CONFIG;
    if (given === undefined || given === '') {
        // A source the command line must name and does not: a usage error (exit 2), as `stint cert` without --broker.
        throw new UsageError(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        'no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})');
    }
    const file = resolve(options.cwd, given);
    let text;
    try {
        text = await readFile(file, 'utf8');
    }
    catch (error) {
        const code = error.code ?? 'unreadable';
        throw new StintError('ERR_SIGNING_CONFIG_MISSING', `cannot read signing config ${given} (${code})`, {
            cause: error,
        });
    }
    const document = await decode(text, given);
    if (!isRecord(document) || document.signing === undefined) {
        throw new StintError('ERR_SIGNING_CONFIG', `${given}: no signing: key; the file needs signing: with one mapping per profile`);
    }
    return parseSigningMap(document.signing, {
        origin: 'file',
        env: options.env,
        file: given,
        ...(options.only === undefined ? {} : { only: options.only }),
    });
}
async function decode(text, file) {
    if (/^\s*\{/.test(text)) {
        try {
            return JSON.parse(text);
        }
        catch (error) {
            // Fall through to YAML, a superset that may still read it (flow mappings); its error has the position.
            void error;
        }
    }
    const { decodeYaml } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 524));
    return decodeYaml(text, (at, code) => `${file}:${at.line}:${at.col}: not valid YAML or JSON (${code})`);
}

// EXTERNAL MODULE: ./src/signing/parse.ts + 1 modules
var parse = __webpack_require__(524);
;// CONCATENATED MODULE: ./src/signing/bearer.ts


/**
 * A static credential (`token`) or, without one, the stint token (`$STINT_TOKEN`), in a
 * header (default `Authorization: Bearer …`) or a query parameter.
 *
 * @example
 * bearerRequest(profile, request, deps) // → { headers: { Authorization: 'Bearer …' } }
 */
function bearer_bearerRequest(profile, request, deps) {
    const token = profile.tokens[0] ?? stintToken(profile, deps.env ?? process.env);
    if (profile.query !== undefined) {
        const url = new URL(request.url);
        url.searchParams.set(profile.query, token);
        return { headers: {}, url: url.href, credential: token };
    }
    return { headers: { [profile.header]: `${profile.scheme}${token}` }, credential: token };
}
function stintToken(profile, env) {
    const token = env.STINT_TOKEN;
    if (token === undefined || token === '') {
        throw new StintError('ERR_STINT_TOKEN_MISSING', `bearer profile "${profile.name}" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: \${{ steps.<id>.outputs.token }}), or exports="$(stint exchange --broker URL --project P)" || exit 1; eval "$exports"`);
    }
    // Checked as a profile's own token is (profiles.ts): it goes into a header or the URL as it is.
    const sent = withoutTrailingNewline(token);
    const problem = headerValueProblem(sent);
    if (problem !== undefined) {
        throw new StintError('ERR_STINT_TOKEN_MALFORMED', `bearer profile "${profile.name}" sends the stint token, and STINT_TOKEN ${problem}; set it to what stint exchange exported as STINT_TOKEN`);
    }
    return sent;
}

// EXTERNAL MODULE: ./src/signing/hmac.ts
var hmac = __webpack_require__(5272);
;// CONCATENATED MODULE: ./src/signing/http-signature-base.ts


const PARAM_ORDER = (/* unused pure expression or super */ null && (['created', 'expires', 'nonce', 'alg', 'keyid', 'tag']));
/** An RFC 8941 sf-string: quoted, with `"` and `\` escaped. Callers ensure printable ASCII. */
function sfString(value) {
    return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
/** `("@method" "@path");created=1;keyid="k"`: the `@signature-params` value and the Signature-Input member. */
function http_signature_base_serializeSignatureParams(components, params) {
    let text = `(${components.map(sfString).join(' ')})`;
    for (const name of PARAM_ORDER) {
        const value = params[name];
        if (value === undefined)
            continue;
        text += `;${name}=${typeof value === 'number' ? String(value) : sfString(value)}`;
    }
    return text;
}
/**
 * The path and query of an absolute URL as written, before any decoding or normalisation.
 *
 * RFC 9421 §2.2.6 and §2.2.7 take `@path` and `@query` "before decoding any percent-encoded
 * octets" (the simple string comparison of RFC 3986 §6.2.1); only an empty path becomes `/`.
 * WHATWG `URL.pathname` is not that: it decodes `%2e`, turns `\` into `/` and removes `..`
 * segments, so `/admin/%2e%2e/public/status` would give the `@path` of `/public/status` while a
 * router runs the `/admin/*` handler for it. The authority ends at the first `/`, `?`, `#` or
 * `\`, as it does for WHATWG's special schemes.
 */
function requestTarget(url) {
    const afterScheme = url.indexOf('://');
    const authorityStart = afterScheme === -1 ? 0 : afterScheme + 3;
    let end = url.indexOf('#', authorityStart);
    if (end === -1)
        end = url.length;
    let pathStart = authorityStart;
    while (pathStart < end && !'/?\\'.includes(url[pathStart]))
        pathStart++;
    const queryStart = url.indexOf('?', pathStart);
    const pathEnd = queryStart === -1 || queryStart > end ? end : queryStart;
    const path = url.slice(pathStart, pathEnd);
    return { path: path === '' ? '/' : path, query: pathEnd === end ? '' : url.slice(pathEnd, end) };
}
function http_signature_base_messageParts(method, url, headers) {
    const map = new Map();
    for (const [name, value] of headers) {
        if (value === undefined)
            continue;
        const key = name.toLowerCase();
        const list = map.get(key) ?? [];
        list.push(...(Array.isArray(value) ? value : [value]));
        map.set(key, list);
    }
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new StintError('ERR_SIGNING_REQUEST', `the URL is not absolute (scheme://host/path): ${url.split('?')[0]}`);
    }
    // What is signed must be what is sent. An HTTP client (stint request's, curl, fetch) rewrites
    // some URLs before sending them (dot-segments resolved, `\` as `/`, spaces and quotes escaped),
    // and not all in the same way; such a URL is refused here, naming the form to write instead.
    const target = requestTarget(url);
    // What goes on the wire: the path and query as the URL parser leaves them (a bare `?` dropped).
    const sent = requestTarget(`${parsed.origin}${parsed.pathname}${parsed.search}`);
    if (target.path !== sent.path || target.query !== sent.query)
        throw new StintError('ERR_SIGNING_REQUEST', `the URL's path or query is not written as it is sent (dot-segments, backslashes and characters that must be escaped are rewritten by HTTP clients, so the signature would not match); write it as it is sent: ${parsed.origin}${sent.path}${sent.query === '' ? '' : '?…'}`);
    return { method, url: parsed, target, headers: map };
}
/** The value of one covered component (RFC 9421 §2.1 fields, §2.2 derived components). */
function componentValue(component, message) {
    const { url, target } = message;
    switch (component) {
        case '@method':
            return message.method;
        case '@target-uri':
            // The scheme and authority normalised as below; the path and query as sent.
            return `${url.protocol}//${url.host}${target.path}${target.query}`;
        case '@authority':
            // URL.host is lowercase and omits the scheme's default port, as §2.2.3 asks.
            return url.host;
        case '@scheme':
            return url.protocol.slice(0, -1).toLowerCase();
        case '@request-target':
            return `${target.path}${target.query}`;
        case '@path':
            return target.path;
        case '@query':
            return target.query === '' ? '?' : target.query;
    }
    const values = message.headers.get(component);
    if (values === undefined) {
        throw new StintError('ERR_SIGNATURE_COMPONENT_MISSING', `the request has no ${component} header, which the signature covers`);
    }
    // §2.1: each field line's value trimmed, then joined with ", ".
    return values.map((v) => v.trim().replace(/\r?\n[ \t]*/g, ' ')).join(', ');
}
/**
 * The signature base (§2.5): one line per component, then `"@signature-params"` with the
 * serialised inner list (`serializeSignatureParams` for the signer; the verifier re-serialises
 * what it received, keeping its parameter order). No final newline.
 */
function http_signature_base_signatureBase(components, signatureParams, message) {
    const lines = components.map((component) => `${sfString(component)}: ${componentValue(component, message)}`);
    lines.push(`"@signature-params": ${signatureParams}`);
    return lines.join('\n');
}
/** RFC 9530 `Content-Digest` value for `body`, e.g. `sha-256=:X48E9q…=:`. */
function http_signature_base_contentDigest(algorithm, body) {
    return `${algorithm}=:${digestOf(algorithm, body).toString('base64')}:`;
}
function digestOf(algorithm, body) {
    return createHash(algorithm === 'sha-256' ? 'sha256' : 'sha512')
        .update(body)
        .digest();
}

// EXTERNAL MODULE: ./src/signing/profiles.ts
var profiles = __webpack_require__(8357);
;// CONCATENATED MODULE: ./src/signing/http-signature.ts





/**
 * RFC 9421 HTTP Message Signatures for one request: `Signature-Input` and `Signature` (and
 * `Content-Digest` per RFC 9530 when the components cover it), signed with the newest key.
 *
 * @example
 * httpSignatureHeaders(profile, { method: 'POST', url: 'https://api.example.com/deploy', headers: {}, body }, deps)
 * // → { 'Content-Digest': 'sha-256=:…:', 'Signature-Input': 'sig1=("@method" …);created=…;alg="ed25519";keyid="ci"', 'Signature': 'sig1=:…:' }
 */
function http_signature_httpSignatureHeaders(profile, request, deps) {
    const added = {};
    const headers = Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-digest');
    if (profile.components.includes('content-digest')) {
        added['Content-Digest'] = contentDigest(profile.digest, request.body);
        headers.push(['Content-Digest', added['Content-Digest']]);
    }
    else {
        const given = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-digest');
        if (given)
            headers.push(given);
    }
    const created = Math.floor(deps.now() / 1000);
    const params = {
        ...(profile.includeCreated ? { created } : {}),
        ...(profile.expires === undefined ? {} : { expires: created + profile.expires }),
        ...(profile.nonce ? { nonce: deps.randomBytes(16).toString('base64url') } : {}),
        ...(profile.includeAlg ? { alg: profile.alg } : {}),
        ...(profile.keyid === undefined ? {} : { keyid: profile.keyid }),
        ...(profile.tag === undefined ? {} : { tag: profile.tag }),
    };
    const signatureParams = serializeSignatureParams(profile.components, params);
    const base = signatureBase(profile.components, signatureParams, messageParts(request.method, request.url, headers));
    const signature = signBase(profile.alg, signingKey(profile), Buffer.from(base));
    added['Signature-Input'] = `${profile.label}=${signatureParams}`;
    added.Signature = `${profile.label}=:${signature.toString('base64')}:`;
    return added;
}
/** The derived components (RFC 9421 §2.2) that cover a request's query. */
const QUERY_COMPONENTS = (/* unused pure expression or super */ null && (['@query', '@target-uri', '@request-target']));
/**
 * A warning when `url` has a query the profile's components do not cover: the default
 * components (`@method @authority @path content-digest`) leave it unsigned, so whoever sees the
 * request can send it again, within its age, with another query. Undefined otherwise.
 *
 * @example
 * uncoveredQuery(profile, 'https://api.example.com/deploy?env=prod') // 'profile "deploy-api" does not sign the query …'
 */
function uncoveredQuery(profile, url) {
    if (!URL.canParse(url) || new URL(url).search === '')
        return undefined;
    if (profile.components.some((component) => QUERY_COMPONENTS.includes(component)))
        return undefined;
    return `profile "${profile.name}" does not sign the query of this URL (its components: ${profile.components.join(' ')}): whoever sees the request can send it again with another query until it is too old; add @query to the profile's components, and require it on the server`;
}
/** Signs the base with an RFC 9421 §3.3 algorithm; ECDSA as raw r||s (IEEE P1363), not DER. */
function signBase(alg, key, base) {
    switch (alg) {
        case 'hmac-sha256':
            return createHmac('sha256', key).update(base).digest();
        case 'ed25519':
            return sign(null, base, key);
        case 'ecdsa-p256-sha256':
            return sign('sha256', base, { key: key, dsaEncoding: 'ieee-p1363' });
        case 'rsa-pss-sha512':
            return sign('sha512', base, { key: key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 });
        case 'rsa-v1_5-sha256':
            return sign('sha256', base, { key: key, padding: constants.RSA_PKCS1_PADDING });
    }
}
// Parsing a PEM costs more than an Ed25519 signature; keep each profile's parsed key.
const keyCache = new WeakMap();
function signingKey(profile) {
    let key = keyCache.get(profile);
    if (key === undefined) {
        const text = profile.keys[0];
        key = profile.alg === 'hmac-sha256' ? symmetricKey(profile, text) : readPrivateKey(text);
        keyCache.set(profile, key);
    }
    return key;
}
/** The HMAC key's bytes; base64 strictly (the profile's parser refused any other), never skipping what is not base64. */
function symmetricKey(profile, text) {
    if (profile.keyEncoding === 'utf8')
        return Buffer.from(text, 'utf8');
    const key = strictBase64(text);
    if (key === undefined)
        throw new StintError('ERR_SIGNING_CONFIG', `signing profile "${profile.name}": its key is not base64 (key_encoding: base64); check the variable it comes from`);
    return key;
}

;// CONCATENATED MODULE: ./src/lib/jws-crypto.ts

const RSA = ['rsa'];
const RSA_PSS = ['rsa', 'rsa-pss'];
const ALGORITHMS = {
    RS256: { hash: 'sha256', rsa: true, keyTypes: RSA },
    RS384: { hash: 'sha384', rsa: true, keyTypes: RSA },
    RS512: { hash: 'sha512', rsa: true, keyTypes: RSA },
    PS256: { hash: 'sha256', rsa: true, pss: true, keyTypes: RSA_PSS },
    PS384: { hash: 'sha384', rsa: true, pss: true, keyTypes: RSA_PSS },
    PS512: { hash: 'sha512', rsa: true, pss: true, keyTypes: RSA_PSS },
    ES256: { hash: 'sha256', ecdsa: true, keyTypes: ['ec'], curve: 'prime256v1' },
    ES384: { hash: 'sha384', ecdsa: true, keyTypes: ['ec'], curve: 'secp384r1' },
    ES512: { hash: 'sha512', ecdsa: true, keyTypes: ['ec'], curve: 'secp521r1' },
    EdDSA: { hash: null, keyTypes: ['ed25519', 'ed448'] },
    Ed25519: { hash: null, keyTypes: ['ed25519'] },
};
/** Whether `alg` is an asymmetric JWS algorithm this module signs and verifies. */
function isJwsAlgorithm(alg) {
    return Object.hasOwn(ALGORITHMS, alg);
}
const keyObjects = new WeakMap();
/**
 * The node:crypto KeyObject of a WebCrypto CryptoKey (as jose imports them), converted once and
 * cached for the key's lifetime. A KeyObject passes through.
 */
function keyObjectOf(key) {
    if (key instanceof KeyObject)
        return key;
    let converted = keyObjects.get(key);
    if (converted === undefined) {
        converted = KeyObject.from(key);
        keyObjects.set(key, converted);
    }
    return converted;
}
/** The alg each key last passed the checks below for: a signing key is checked once, not per token. */
const checkedFor = new WeakMap();
function params(alg, key) {
    const found = Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
    if (found === undefined)
        throw new TypeError(`alg ${alg} is not an asymmetric JWS algorithm`);
    if (checkedFor.get(key) === alg)
        return found;
    // The key must be of the algorithm's own type (and curve): node:crypto would sign ES256 with a
    // P-384 key, or EdDSA with an RSA key, and verify the result; JWS does not allow either.
    const type = key.asymmetricKeyType ?? '';
    if (!found.keyTypes.includes(type))
        throw new TypeError(`${alg} requires a ${found.keyTypes.join(' or ')} key, not ${type || 'a secret key'}`);
    if (found.curve !== undefined && key.asymmetricKeyDetails?.namedCurve !== found.curve)
        throw new TypeError(`${alg} requires a key on curve ${found.curve}`);
    // As jose refuses them: RSA keys shorter than 2048 bits are not safe to trust or to sign with.
    if (found.rsa && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
        throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
    checkedFor.set(key, alg);
    return found;
}
function keyInput(key, p) {
    if (p.pss)
        return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
    if (p.ecdsa)
        return { key, dsaEncoding: 'ieee-p1363' };
    return { key };
}
/**
 * Checks a JWS signature over `data` (the ASCII of `header.payload`). False for a signature that
 * does not verify, including one of the wrong length; throws TypeError for an algorithm it does
 * not know or an RSA key under 2048 bits.
 *
 * @example
 * const [h, p, s] = jwt.split('.');
 * verifyJwsSignature('RS256', key, Buffer.from(`${h}.${p}`), Buffer.from(s, 'base64url')) // true
 */
function verifyJwsSignature(alg, key, data, signature) {
    const p = params(alg, key);
    try {
        return verify(p.hash, data, keyInput(key, p), signature);
    }
    catch {
        // node:crypto throws on some malformed signatures (an ECDSA one of the wrong size): not valid either.
        return false;
    }
}
/**
 * Signs `data` as JWS `alg` says and returns the signature in JWS form (ES256: 64-byte r‖s).
 *
 * @example
 * const signature = signJws('ES256', privateKey, Buffer.from(`${header}.${payload}`));
 */
function jws_crypto_signJws(alg, key, data) {
    const p = params(alg, key);
    return sign(p.hash, data, keyInput(key, p));
}

;// CONCATENATED MODULE: ./src/signing/jwt.ts



/**
 * A fresh JWT for each request (never stored): the profile's claims plus `jti` (random), `iat`
 * and `exp` (iat + ttl), signed with the newest key.
 *
 * Signed with node:crypto directly (createHmac for HS*, src/lib/jws-crypto.ts for the others),
 * with the encoded header made once per profile: a JWT is one HMAC over a few hundred bytes, and
 * building it through jose and WebCrypto cost seven times the HMAC (issue 18). The tokens are the
 * same compact JWS; the jwt tests verify them with jose.
 *
 * @example
 * jwtHeaders(profile, request, deps) // → { Authorization: 'Bearer eyJ…' }
 */
function jwt_jwtHeaders(profile, _request, deps) {
    const signer = signerOf(profile);
    const iat = Math.floor(deps.now() / 1000);
    const claims = { ...profile.claims, jti: deps.randomBytes(16).toString('base64url'), iat, exp: iat + profile.ttl };
    const input = `${signer.header}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
    return { [profile.header]: `${profile.scheme}${input}.${signer.sign(input)}` };
}
// Reading a PEM per request would cost more than the signature: once per profile.
const signers = new WeakMap();
function signerOf(profile) {
    let signer = signers.get(profile);
    if (signer === undefined) {
        const header = { alg: profile.alg, typ: 'JWT', ...(profile.kid === undefined ? {} : { kid: profile.kid }) };
        const encoded = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
        const keyText = profile.keys[0];
        if (profile.alg.startsWith('HS')) {
            const digest = `sha${profile.alg.slice(2)}`;
            const secret = Buffer.from(keyText);
            signer = { header: encoded, sign: (input) => createHmac(digest, secret).update(input).digest('base64url') };
        }
        else {
            const key = readPrivateKey(keyText);
            const alg = profile.alg;
            signer = {
                header: encoded,
                sign: (input) => signJws(alg, key, Buffer.from(input, 'ascii')).toString('base64url'),
            };
        }
        signers.set(profile, signer);
    }
    return signer;
}

;// CONCATENATED MODULE: ./src/signing/sign.ts







/** The real clock and randomness; tests pass their own. */
const defaultSignDeps = { now: Date.now, randomBytes: external_node_crypto_.randomBytes };
/**
 * Signs one request with a profile: returns the headers to add (and, for a bearer profile with
 * `query`, the URL to use). The request itself is not changed. For mtls the headers are empty:
 * the proof is the client certificate (`loadClientCertificate`).
 *
 * @example
 * const { headers } = await signRequest(profile, { method: 'POST', url, headers: {}, body: Buffer.from(json) });
 */
async function signRequest(profile, request, deps = defaultSignDeps) {
    refuseCleartextCredential(profile, request.url);
    switch (profile.type) {
        case 'hmac':
            return { headers: hmacHeaders(profile, request, deps) };
        case 'http-signature':
            return { headers: httpSignatureHeaders(profile, request, deps) };
        case 'jwt': {
            // node:crypto only (no jose), so loaded with the rest rather than on first use.
            const jwt = profile;
            const headers = jwtHeaders(jwt, request, deps);
            return { headers, credential: headers[jwt.header].slice(jwt.scheme.length) };
        }
        case 'bearer':
            return bearerRequest(profile, request, deps);
        case 'mtls':
            return { headers: {} };
        case 'oauth2': {
            // Fetched just in time and cached in this process's memory (oauth2.ts).
            const { oauth2Headers } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 6592));
            const headers = await oauth2Headers(profile, deps);
            return { headers, credential: headers.Authorization.slice('Bearer '.length) };
        }
    }
}
/**
 * The profiles whose headers (or URL) are a credential another party could replay as it is: a
 * bearer token (the stint token among them), a JWT, an OAuth 2.0 access token. A signature (hmac,
 * http-signature) proves one request and never shows its key.
 */
const CARRIES_CREDENTIAL = new Set(['bearer', 'jwt', 'oauth2']);
/**
 * Refuses to sign a request whose credential would cross the network in clear (plain http to
 * another machine), as the broker client and an oauth2 `token_url` do: the token would be readable,
 * and usable, by anything on the way.
 */
function refuseCleartextCredential(profile, target) {
    if (!CARRIES_CREDENTIAL.has(profile.type))
        return;
    let url;
    try {
        url = new URL(target);
    }
    catch {
        return; // not absolute: the profile's own check says so
    }
    if (!sendsInClear(url))
        return;
    throw new StintError('ERR_REQUEST_URL_INVALID', `${url.origin}${url.pathname} is plain http to another machine, which would send profile "${profile.name}"'s ${profile.type} credential in clear; use https (${PLAIN_HTTP_ONLY_HERE})`);
}

;// CONCATENATED MODULE: ./src/signing/index.ts






// EXTERNAL MODULE: ./src/signing/mtls-asn1.ts
var mtls_asn1 = __webpack_require__(5601);
// EXTERNAL MODULE: ./src/action/files.ts
var action_files = __webpack_require__(1433);
;// CONCATENATED MODULE: ./src/action/signing.ts
/**
 * The action's signing set-up. Loaded with `import()` only when the `signing` input is set, so
 * the YAML parser and the signing code stay out of the main bundle's start-up path.
 */





/**
 * Parses the `signing` input (inline secrets allowed: the input is the action's own). Throws
 * `ERR_SIGNING_CONFIG` naming the profile and field.
 */
function parseSigningInput(input, env) {
    const profiles = (0,parse/* parseSigningProfiles */.l)(input, { origin: 'action-input', env });
    return { profiles, secrets: (0,signing_config/* secretSources */.x4)(profiles) };
}
/**
 * Sets the profiles up for later steps: mTLS material (ephemeral: key here, certificate from the
 * broker CA; provided: checked and copied) as 0600 files, then the profiles with every secret
 * moved into an environment variable, and each mtls profile pointing at its files, written to
 * `<dir>/config.yml` (0600). The caller exports `env` (masked here first).
 */
async function installSigning(parsed, options) {
    const { yaml, env } = (0,signing_config/* writableConfig */.Zz)(parsed.profiles, {}, options.use);
    // Mask first: the values are the secrets masked at parse time, but nothing that reaches the
    // environment file may depend on that.
    for (const value of Object.values(env))
        options.mask(value);
    const config = JSON.parse(yaml);
    const files = [];
    const warnings = [];
    const summaries = [];
    let mtls;
    const sendStintToken = [];
    let namesStintTokenEnv = false;
    for (const profile of parsed.profiles.profiles.values()) {
        const summary = describeProfile(profile);
        if (profile.type === 'bearer' && profile.tokens.length === 0) {
            if (options.stintTokenEnv === undefined)
                sendStintToken.push(profile.name);
            else {
                // This use's own token, by a name no later use of the action takes over. `source: stint`
                // goes with it: in a file, a profile with token_env sends that variable (DESIGN §4).
                const { source: _source, ...rest } = config.signing[profile.name];
                config.signing[profile.name] = { ...rest, token_env: options.stintTokenEnv };
                namesStintTokenEnv = true;
            }
        }
        if (profile.type === 'mtls') {
            const { setUpMtls, mtlsConfigAfterSetUp } = await __webpack_require__.e(/* import() */ 803).then(__webpack_require__.bind(__webpack_require__, 5803));
            const setUpOptions = {
                dir: (0,external_node_path_.join)(options.dir, 'mtls'),
                ...(options.brokerUrl !== undefined ? { brokerUrl: options.brokerUrl } : {}),
                ...(options.token !== undefined ? { token: options.token } : {}),
                ...(options.http !== undefined ? { http: options.http } : {}),
                ...(options.now !== undefined ? { now: options.now } : {}),
                // setUpMtls calls this with the private key before writing it, so the key is masked
                // before the first file holds it; masking setUp.secrets again below is a harmless repeat.
                onSecret: options.mask,
            };
            const setUp = await setUpMtls(profile, setUpOptions);
            for (const secret of setUp.secrets)
                options.mask(secret);
            files.push(setUp.certPath, setUp.keyPath, ...(setUp.caPath ? [setUp.caPath] : []), ...(setUp.serverCaPath ? [setUp.serverCaPath] : []));
            warnings.push(...setUp.warnings);
            config.signing[profile.name] = mtlsConfigAfterSetUp(setUp);
            summary.detail = `${setUp.source}, serial ${setUp.serial}`;
            summary.keyFingerprint = setUp.keyFingerprint;
            summary.certificate = { subject: setUp.subject, notAfter: setUp.notAfter, fingerprint: setUp.fingerprint };
            mtls ??= { certPath: setUp.certPath, keyPath: setUp.keyPath, ...(setUp.caPath ? { caPath: setUp.caPath } : {}) };
        }
        summaries.push(summary);
    }
    const configPath = (0,external_node_path_.join)(options.dir, 'config.yml');
    (0,action_files/* writePrivateFile */.Pl)(configPath, `${JSON.stringify(config, null, 2)}\n`);
    files.push(configPath);
    return {
        configPath,
        env,
        sendStintToken,
        namesStintTokenEnv,
        summaries,
        files,
        ...(mtls ? { mtls } : {}),
        warnings,
    };
}
/** Names, types, algorithms and public-key fingerprints, for the job summary. Never a secret. */
function describeProfile(profile) {
    const summary = { name: profile.name, type: profile.type, detail: '' };
    switch (profile.type) {
        case 'hmac':
            summary.detail =
                profile.format === 'generic'
                    ? `generic, ${profile.algorithm}, header ${profile.header}`
                    : `format ${profile.format}`;
            if (profile.secrets.length > 1)
                summary.detail += `, ${profile.secrets.length} secrets (rotation)`;
            break;
        case 'http-signature': {
            summary.detail = `alg ${profile.alg}${profile.keyid ? `, keyid ${profile.keyid}` : ''}`;
            const fp = profile.alg === 'hmac-sha256' ? undefined : publicKeyFingerprint(profile.keys[0]);
            if (fp)
                summary.keyFingerprint = fp;
            break;
        }
        case 'jwt': {
            summary.detail = `alg ${profile.alg}, ttl ${profile.ttl}s`;
            const fp = profile.alg.startsWith('HS') ? undefined : publicKeyFingerprint(profile.keys[0]);
            if (fp)
                summary.keyFingerprint = fp;
            break;
        }
        case 'bearer':
            summary.detail = `${profile.tokens.length === 0 ? 'the stint token' : 'a static token'} in ${profile.query ? `query parameter ${profile.query}` : `header ${profile.header}`}`;
            break;
        case 'oauth2': {
            // Refined by src/signing/oauth2.ts: tokenUrl, clientId, auth.method.
            const { tokenUrl, clientId, auth } = profile;
            summary.detail = [
                typeof auth?.method === 'string' ? auth.method : '',
                typeof clientId === 'string' ? `client ${clientId}` : '',
                typeof tokenUrl === 'string' ? `at ${tokenUrl}` : '',
            ]
                .filter(Boolean)
                .join(', ');
            break;
        }
        default:
            summary.detail = '';
    }
    return summary;
}
/**
 * `sha256:<hex>` of the public key's SPKI, for a PEM or JWK private key. Only public keys are
 * fingerprinted: a hash of a shared (HMAC) secret would let anyone test guesses of a weak one.
 */
function publicKeyFingerprint(privateKey) {
    if (privateKey === undefined)
        return undefined;
    try {
        const key = privateKey.trim().startsWith('{')
            ? (0,external_node_crypto_.createPrivateKey)({ key: JSON.parse(privateKey), format: 'jwk' })
            : (0,external_node_crypto_.createPrivateKey)(privateKey);
        return (0,mtls_asn1/* publicKeyFingerprint */.Fs)(key);
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ strictBase64Problem)
/* harmony export */ });
/* unused harmony export strictBase64 */
/**
 * Strict base64 for key material. `Buffer.from(text, 'base64')` skips whatever is not base64 and
 * ignores missing padding, so a typo, a base64url key or the wrong variable would quietly become a
 * shorter key than meant (a few bytes, which a forger can try out one by one). Strict means: only
 * A-Z a-z 0-9 + /, `=` padding to a multiple of 4 characters, and the text is exactly what
 * encoding its bytes gives back (no stray bits in the last character).
 */
/**
 * What keeps `text` from being strict base64, said without quoting it (it is a secret), or
 * undefined when it is. `what` names the encoding in the message: 'base64 after whsec_'.
 *
 * @example
 * strictBase64Problem('c2VjcmV0') // undefined
 * strictBase64Problem('c2VjcmV0!') // 'is not base64 (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters)'
 */
function strictBase64Problem(text, what = 'base64') {
    if (text === '')
        return 'is empty';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
        return `is not ${what} (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters)`;
    if (Buffer.from(text, 'base64').toString('base64') !== text)
        return `is not canonical ${what} (its last character carries bits that are not part of the key)`;
    return undefined;
}
/**
 * The bytes of strict base64 `text`, or undefined when it is not (`strictBase64Problem` says why).
 *
 * @example
 * strictBase64('c2VjcmV0') // <Buffer 73 65 63 72 65 74>
 */
function strictBase64(text) {
    return strictBase64Problem(text) === undefined ? Buffer.from(text, 'base64') : undefined;
}


/***/ }),

/***/ 6455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Bf: () => (/* binding */ parseSigningMap),
  x4: () => (/* binding */ secretSources),
  Zz: () => (/* binding */ writableConfig)
});

// UNUSED EXPORTS: getProfile, secretValues

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/lib/own.ts
/**
 * The value `table` holds under `key` as its own property, or undefined. A name→handler table is
 * a plain object, so `table[name]` also finds what every object inherits: `constructor`,
 * `toString`, `__proto__`. A name a user typed must never reach those.
 *
 * @example
 * const command = own(commands, argv[0]); // undefined for 'constructor', as for 'nonsense'
 */
function own(table, key) {
    return Object.hasOwn(table, key) ? table[key] : undefined;
}

;// CONCATENATED MODULE: ./src/lib/closest-name.ts
/**
 * "Did you mean": the known name nearest to a misspelt one, for messages about an unknown key,
 * field or claim.
 */
/**
 * The name in `known` nearest to `name` by edit distance, when it is at most `maxDistance` (default
 * 2) away; undefined otherwise. On a tie, the first in `known`. `ignoreCase` compares them
 * lower-cased.
 *
 * @example
 * closestName('secrett', ['format', 'secret', 'secret_env']) // 'secret'
 * closestName('colour', ['format', 'secret']) // undefined
 */
function closestName(name, known, options = {}) {
    const fold = (text) => (options.ignoreCase === true ? text.toLowerCase() : text);
    let best;
    for (const candidate of known) {
        const distance = editDistance(fold(name), fold(candidate));
        if (best === undefined || distance < best.distance)
            best = { candidate, distance };
    }
    return best !== undefined && best.distance <= (options.maxDistance ?? 2) ? best.candidate : undefined;
}
/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = row;
    }
    return previous[b.length];
}

;// CONCATENATED MODULE: ./src/lib/env-setting.ts
/**
 * Messages about a config setting that names an environment variable (`store.password_env`,
 * `keys.pkcs11.pin_env`). Operators paste the secret itself where the name belongs often enough
 * that no message may repeat what they wrote unless it is plainly a variable name: a value that is
 * not a name at all is never shown, and a valid name is shown only in the conventional form
 * (capitals, digits, `_`), which a password or PIN rarely takes.
 */
/** A name `VAR=value` in a shell accepts: letters, digits and `_`, not starting with a digit. */
function isVariableName(text) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}
/** The conventional form of an environment variable's name (`STINT_REDIS_PASSWORD`). */
function looksLikeVariableName(text) {
    return /^[A-Z_][A-Z0-9_]*$/.test(text);
}
/**
 * The config error for a `*_env` setting whose value is not a variable name; the value is not
 * repeated (it may be the secret).
 *
 * @example
 * reader.error(node, 'ERR_CONFIG_INVALID', notAVariableName('store.password_env', 'the Redis password', 'REDIS_PASSWORD'));
 */
function notAVariableName(setting, holds, example) {
    return `${setting} is the name of an environment variable that holds ${holds} (letters, digits, _; e.g. ${example}), never ${holds} itself; the value is not shown: if it is ${holds}, remove it from the file and rotate it`;
}
/**
 * The error for a `*_env` setting whose variable is not set. `at` is the setting's `file:line:column`
 * when known. The name is shown only when it looks like one; otherwise the reader is told what to do
 * if it was the secret.
 *
 * @example
 * unsetVariable({ setting: 'store.password_env', name: 'STINT_REDIS_PASSWORD', holds: 'the Redis password', where: 'where stint serve and stint keys run' });
 */
function unsetVariable(options) {
    const { setting, name, holds, where, at } = options;
    const prefix = at === undefined ? '' : `${at}: `;
    if (looksLikeVariableName(name))
        return `${prefix}${setting} names ${name}, but that environment variable is not set; export it, holding ${holds}, ${where}`;
    return `${prefix}${setting} names an environment variable that is not set (its name is not shown: it is not in the usual form, capitals, digits and _); if this is ${holds} itself, remove it from the file and rotate it, then name a variable there and export it ${where}`;
}

;// CONCATENATED MODULE: ./src/signing/context.ts



/** Builds the context one profile is parsed with. */
function createParseContext(options) {
    const { origin, env, file, profile } = options;
    const bindings = [];
    /** Each secret key read so far (`secret`, `secrets`, `secret_env`) → the key a file spells it as (`secret_env`). */
    const secretKeys = new Map();
    /** The first required field found missing, reported by allowOnly once no field is unknown. */
    let missingField;
    const fail = (field, message) => {
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `${file ? `${file}: ` : ''}signing profile "${profile}": field "${field}": ${message}`);
    };
    // A required field that is missing is most often one that is misspelt (`secrett:`): its failure
    // waits for allowOnly, which names an unknown field first.
    const missing = (field, message) => {
        missingField ??= { field, message };
    };
    const read = (field, raw) => {
        const plural = `${field}s`;
        const envKey = `${field}_env`;
        for (const key of [field, plural, envKey])
            secretKeys.set(key, envKey);
        const given = [field, plural, envKey].filter((key) => raw[key] !== undefined && raw[key] !== null);
        if (given.length === 0)
            return [];
        if (given.length > 1)
            fail(given[1] ?? field, `give only one of ${field}, ${plural} and ${envKey}`);
        const key = given[0];
        const value = raw[key];
        if (key !== envKey && origin === 'file') {
            // A config file may be committed, copied or uploaded; secrets in it would outlive the job.
            fail(key, `secrets are not allowed inline in a config file; use ${envKey}: VAR (the name of an environment variable)`);
        }
        let values;
        if (key === field) {
            if (typeof value !== 'string' || value === '')
                fail(key, 'must be a non-empty string');
            values = [value];
        }
        else if (key === plural) {
            if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) {
                fail(key, 'must be a non-empty list of non-empty strings, newest first');
            }
            values = value;
        }
        else {
            const names = typeof value === 'string' ? [value] : value;
            if (!Array.isArray(names) ||
                names.length === 0 ||
                names.some((n) => typeof n !== 'string' || !isVariableName(n))) {
                fail(key, 'must be an environment variable name or a list of them, newest first');
            }
            values = names.map((name) => {
                const found = env[name];
                // The name is shown only in the usual form: a secret pasted where its name belongs is not repeated.
                if (found === undefined || found === '')
                    fail(key, looksLikeVariableName(name)
                        ? `environment variable ${name} is not set or empty`
                        : 'names an environment variable that is not set or empty (its name is not shown: it is not in the usual form, capitals, digits and _); if this is the secret itself, remove it from the config and rotate it, then name a variable there and export it');
                return found;
            });
        }
        bindings.push({ field, given: key, values });
        return values;
    };
    return {
        origin,
        env,
        ...(file === undefined ? {} : { file }),
        profile,
        bindings,
        fail,
        optionalSecret: read,
        secret(field, raw) {
            const values = read(field, raw);
            if (values.length === 0) {
                missing(field, origin === 'file'
                    ? `is required: give ${field}_env: VAR`
                    : `is required: give ${field}: VALUE, ${field}s: [NEW, OLD] or ${field}_env: VAR`);
            }
            return values;
        },
        missing,
        allowOnly(raw, fields) {
            for (const key of Object.keys(raw)) {
                if (key === 'type' || fields.includes(key) || secretKeys.has(key))
                    continue;
                const allowed = [...secretKeys.keys()].filter((k) => origin === 'action-input' || k.endsWith('_env'));
                const known = ['type', ...fields, ...allowed];
                // Matched against every spelling of a secret field, then named as this origin allows it:
                // `secrett` in a file is most likely `secret`, which a file gives as `secret_env`.
                const near = closestName(key, [...fields, ...secretKeys.keys()], { ignoreCase: true });
                const suggestion = near === undefined ? undefined : origin === 'file' ? (secretKeys.get(near) ?? near) : near;
                // The key is named; its value, which may be the secret, never is.
                fail(key, `unknown field${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; allowed: ${known.join(', ')}`);
            }
            if (missingField !== undefined)
                fail(missingField.field, missingField.message);
        },
    };
}

// EXTERNAL MODULE: ./src/signing/fields.ts
var fields = __webpack_require__(8422);
// EXTERNAL MODULE: ./src/signing/mtls-profile.ts
var mtls_profile = __webpack_require__(271);
// EXTERNAL MODULE: ./src/signing/oauth2.ts
var oauth2 = __webpack_require__(6592);
// EXTERNAL MODULE: ./src/signing/profiles.ts
var profiles = __webpack_require__(8357);
// EXTERNAL MODULE: ./src/signing/types.ts
var types = __webpack_require__(4410);
;// CONCATENATED MODULE: ./src/signing/config.ts








const PARSERS = {
    hmac: profiles/* parseHmacProfile */.E7,
    'http-signature': profiles/* parseHttpSignatureProfile */.Rj,
    jwt: profiles/* parseJwtProfile */.sg,
    bearer: profiles/* parseBearerProfile */.mL,
    oauth2: oauth2/* parseOauth2Profile */.QN,
    mtls: mtls_profile/* parseMtlsProfile */.j,
};
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/**
 * Parses a `signing` map (already decoded from YAML or JSON): profile name → profile mapping.
 * Throws `StintError('ERR_SIGNING_CONFIG')` naming the profile, the field and what is allowed.
 *
 * @example
 * const { profiles } = parseSigningMap({ webhook: { type: 'hmac', format: 'github', secret_env: 'WEBHOOK_SECRET' } },
 *   { origin: 'file', env: process.env, file: 'stint.yml' });
 */
function parseSigningMap(map, options) {
    const where = options.file ? `${options.file}: ` : '';
    if (!(0,fields/* isRecord */.u4)(map))
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `${where}signing: must be a mapping of profile names to profiles, e.g. webhook: { type: hmac, format: github, secret_env: WEBHOOK_SECRET }`);
    const profiles = new Map();
    const sources = new Map();
    const envNames = new Map();
    if (options.only !== undefined && !Object.hasOwn(map, options.only))
        throw unknownProfile(options.only, Object.keys(map));
    for (const [name, raw] of Object.entries(map)) {
        if (options.only !== undefined && name !== options.only)
            continue;
        if (!PROFILE_NAME.test(name))
            throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `${where}signing profile "${name}": the name must be letters, digits, ., _ or - (at most 64)`);
        const envName = envPrefix(name);
        const clash = envNames.get(envName);
        if (clash !== undefined)
            throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `${where}signing profile "${name}": the name is too close to "${clash}" (both become ${envName}_N); rename one`);
        envNames.set(envName, name);
        const ctx = createParseContext({
            origin: options.origin,
            env: options.env,
            ...(options.file === undefined ? {} : { file: options.file }),
            profile: name,
        });
        if (!(0,fields/* isRecord */.u4)(raw))
            ctx.fail('type', `the profile must be a mapping with a type (${types/* PROFILE_TYPES */.KU.join(', ')})`);
        const parser = typeof raw.type === 'string' ? own(PARSERS, raw.type) : undefined;
        if (parser === undefined)
            ctx.fail('type', `must be one of ${types/* PROFILE_TYPES */.KU.join(', ')}`);
        profiles.set(name, parser(raw, ctx));
        sources.set(name, { raw, bindings: ctx.bindings });
    }
    return { profiles, sources };
}
/** The profile called `name`, or ERR_SIGNING_PROFILE_UNKNOWN listing the ones there are. */
function getProfile(profiles, name) {
    const profile = profiles.profiles.get(name);
    if (profile === undefined)
        throw unknownProfile(name, [...profiles.profiles.keys()]);
    return profile;
}
function unknownProfile(name, known) {
    return new errors/* StintError */.Fp('ERR_SIGNING_PROFILE_UNKNOWN', `no signing profile "${name}"; ${known.length ? `the config has: ${known.join(', ')}` : 'the config has none'}`);
}
/**
 * Every secret value the profiles hold (HMAC secrets, private keys, static tokens, client
 * secrets), so the caller can mask them before anything prints.
 */
function secretValues(profiles) {
    return [...new Set(secretSources(profiles).map((source) => source.value))];
}
/**
 * Every secret value the profiles hold, each with the profile and field it came from, so that
 * an error about one (a secret too short to mask) says which it is.
 *
 * @example
 * secretSources(profiles) // [{ value: '…', where: 'signing profile "webhook": field "secret"' }]
 */
function secretSources(profiles) {
    const sources = [];
    for (const [name, { bindings }] of profiles.sources) {
        for (const { given, values } of bindings) {
            values.forEach((value, i) => {
                const which = values.length > 1 ? ` (${i + 1} of ${values.length})` : '';
                sources.push({ value, where: `signing profile "${name}": field "${given}"${which}` });
            });
        }
    }
    return sources;
}
/**
 * What the action writes to `$STINT_CONFIG`: the same profiles with every secret moved into an
 * environment variable `STINT_SECRET_<PROFILE>_<N>_<USE>` (referenced as `secret_env`, `key_env`,
 * …), and the variables to export. `use` names this use of the action (`actionUseId`): the
 * variables are exported job-wide, so a second use of the action in the same job, with the same
 * profile names, must not overwrite the ones the first use's config refers to. `yaml` is JSON, which is YAML too, so the CLI reads it without a
 * YAML parser. No secret is in `yaml`. `overrides` replaces a profile's mapping as written, e.g.
 * an mtls profile after `setUpMtls` by `mtlsConfigAfterSetUp(setUp)` (absolute file paths, no
 * secrets): do that for every mtls profile, since relative paths would resolve against the
 * written file's directory.
 *
 * @example
 * const { yaml, env } = writableConfig(parseSigningProfiles(input, { origin: 'action-input', env: process.env }), {}, 'K3X9QZ');
 * for (const v of Object.values(env)) core.setSecret(v);   // mask first
 * for (const [k, v] of Object.entries(env)) core.exportVariable(k, v);
 * writeFileSync(path, yaml, { mode: 0o600 });
 */
function writableConfig(profiles, overrides = {}, use) {
    const signing = {};
    const env = {};
    for (const [name, { raw, bindings }] of profiles.sources) {
        const override = overrides[name];
        if (override !== undefined) {
            signing[name] = override;
            continue;
        }
        const written = { ...raw };
        let n = 0;
        for (const { field, values } of bindings) {
            delete written[field];
            delete written[`${field}s`];
            const names = values.map((value) => {
                const envName = `${envPrefix(name)}_${++n}${use === undefined ? '' : `_${use}`}`;
                env[envName] = value;
                return envName;
            });
            written[`${field}_env`] = names.length === 1 ? names[0] : names;
        }
        signing[name] = written;
    }
    return { yaml: `${JSON.stringify({ signing }, null, 2)}\n`, env };
}
function envPrefix(profile) {
    return `STINT_SECRET_${profile.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}


/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jn: () => (/* binding */ isPrintableAscii),
/* harmony export */   Jz: () => (/* binding */ optionalBoolean),
/* harmony export */   kX: () => (/* binding */ headerValueProblem),
/* harmony export */   pQ: () => (/* binding */ optionalDuration),
/* harmony export */   q1: () => (/* binding */ lineAndColumn),
/* harmony export */   rM: () => (/* binding */ optionalHeaderName),
/* harmony export */   sx: () => (/* binding */ optionalString),
/* harmony export */   tk: () => (/* binding */ withoutTrailingNewline),
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
/**
 * A secret that is sent as it is, in a header or a URL (a bearer token, an OAuth 2.0 access
 * token), with the one trailing newline a CI file variable, a pasted value or a file read as it is
 * carries (LF or CRLF) dropped, as the ID token is trimmed.
 *
 * @example
 * withoutTrailingNewline('tok\r\n') // 'tok'
 */
function withoutTrailingNewline(value) {
    return value.replace(/\r?\n$/, '');
}
/** Whether `value` is printable ASCII only (space to `~`), as a header value must be to mean the same bytes to every client. */
function isPrintableAscii(value) {
    return /^[\x20-\x7e]*$/.test(value);
}
/**
 * Why `value` cannot be sent as it is in a header field (or undefined when it can), said without
 * quoting it. A line break would end the header line and start another (header injection, or a
 * different credential), and Node refuses control characters with an exception; outside printable
 * ASCII, clients send different bytes (UTF-8 or Latin-1) for the same text.
 */
function headerValueProblem(value) {
    if (value === '')
        return 'is empty once its trailing newline is dropped';
    if (/[\r\n]/.test(value))
        return 'holds a line break (CR or LF) that is not a single trailing newline; a header value cannot carry one (it would end the header line): store the value on one line';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(value))
        return 'holds a control character (a tab, NUL, escape, …); a header value cannot carry one: store the value without it';
    if (!isPrintableAscii(value))
        return 'holds a character outside printable ASCII, which HTTP clients send as different bytes (UTF-8 or Latin-1); a token is printable ASCII: check that the value was copied whole and unchanged';
    return undefined;
}


/***/ }),

/***/ 5272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ standardWebhooksSecretProblem)
/* harmony export */ });
/* unused harmony exports hmacHeaders, mac, STANDARD_WEBHOOKS_MIN_KEY_BYTES, standardWebhooksKey */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_strict_base64_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(116);


/**
 * Webhook-style HMAC signatures. Each format is the sender's half of a documented scheme; the
 * receiving half is `verify/hmac.ts`. Requests are signed with the newest secret only.
 *
 * @example
 * hmacHeaders(profile, { method: 'POST', url, headers: {}, body }, { now: Date.now, randomBytes })
 * // github → { 'X-Hub-Signature-256': 'sha256=…' }
 */
function hmacHeaders(profile, request, deps) {
    const secret = profile.secrets[0];
    const body = request.body;
    const seconds = String(Math.floor(deps.now() / 1000));
    switch (profile.format) {
        case 'github':
            return { 'X-Hub-Signature-256': `sha256=${mac('sha256', secret, [body]).toString('hex')}` };
        case 'standard-webhooks': {
            const id = `msg_${deps.randomBytes(16).toString('base64url')}`;
            const key = standardWebhooksKey(secret);
            const signature = mac('sha256', key, [`${id}.${seconds}.`, body]).toString('base64');
            return { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': `v1,${signature}` };
        }
        case 'stripe':
            // Stripe keys the HMAC with the whole `whsec_…` string, not its decoded bytes.
            return { 'Stripe-Signature': `t=${seconds},v1=${mac('sha256', secret, [`${seconds}.`, body]).toString('hex')}` };
        case 'slack':
            return {
                'X-Slack-Request-Timestamp': seconds,
                'X-Slack-Signature': `v0=${mac('sha256', secret, [`v0:${seconds}:`, body]).toString('hex')}`,
            };
        case 'generic': {
            const parts = profile.timestampHeader === undefined ? [body] : [`${seconds}.`, body];
            const value = `${profile.prefix}${mac(profile.algorithm, secret, parts).toString(profile.encoding)}`;
            return profile.timestampHeader === undefined
                ? { [profile.header]: value }
                : { [profile.timestampHeader]: seconds, [profile.header]: value };
        }
    }
}
/** HMAC of the concatenated parts (strings as UTF-8). */
function mac(algorithm, key, parts) {
    const hmac = createHmac(algorithm, key);
    for (const part of parts)
        hmac.update(part);
    return hmac.digest();
}
/** Standard Webhooks' symmetric keys are "at least 24 bytes (192 bits, 512 maximum)" (its spec). */
const STANDARD_WEBHOOKS_MIN_KEY_BYTES = 24;
/**
 * What is wrong with a Standard Webhooks secret, said without quoting it, or undefined when it is
 * usable: `whsec_` (optional here) then strict base64 (src/lib/strict-base64.ts) of a key of at
 * least 24 bytes.
 */
function standardWebhooksSecretProblem(secret) {
    const encoded = secret.startsWith('whsec_') ? secret.slice(6) : secret;
    const problem = (0,_lib_strict_base64_js__WEBPACK_IMPORTED_MODULE_1__/* .strictBase64Problem */ .E)(encoded, 'base64 after whsec_');
    if (problem !== undefined)
        return problem;
    const key = Buffer.from(encoded, 'base64');
    if (key.length < STANDARD_WEBHOOKS_MIN_KEY_BYTES)
        return `is a key of ${key.length} byte${key.length === 1 ? '' : 's'}, and Standard Webhooks keys are at least ${STANDARD_WEBHOOKS_MIN_KEY_BYTES} bytes (192 bits); make a new one: whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)`;
    return undefined;
}
/** The key bytes of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
function standardWebhooksKey(secret) {
    return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}


/***/ }),

/***/ 5601:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fs: () => (/* binding */ publicKeyFingerprint),
/* harmony export */   Ou: () => (/* binding */ Der),
/* harmony export */   QY: () => (/* binding */ allPem),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   gH: () => (/* binding */ certificateFingerprint),
/* harmony export */   sg: () => (/* binding */ toPem),
/* harmony export */   yI: () => (/* binding */ loadForge),
/* harmony export */   zH: () => (/* binding */ loadForgeAsn1)
/* harmony export */ });
/* unused harmony exports SIGNATURE_ALGORITHMS, fromPem, keyIdentifier, spkiOf */
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
    return createHash('sha1').update(bits).digest();
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


/***/ }),

/***/ 6592:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QN: () => (/* binding */ parseOauth2Profile),
/* harmony export */   oauth2Headers: () => (/* binding */ oauth2Headers)
/* harmony export */ });
/* unused harmony exports CLIENT_ASSERTION_ALGS, EXPIRY_MARGIN_MS, ASSERTION_TTL_SEC, createOauth2TokenCache */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _lib_http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1931);
/* harmony import */ var _lib_loopback_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9722);
/* harmony import */ var _mask_redact_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6587);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8422);
/* harmony import */ var _profiles_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8357);
/**
 * The `oauth2` signing profile (docs/signing.md#oauth2): an OAuth 2.0 client-credentials access token (RFC 6749
 * §4.4), fetched just in time, kept in memory for its lifetime less 30 s, never written to disk,
 * and sent as `Authorization: Bearer …`.
 *
 * ```yaml
 * billing: { type: oauth2, token_url: https://auth.example.com/oauth/token, client_id: ci-billing,
 *            client_secret_env: BILLING_CLIENT_SECRET, scope: [invoices.read], audience: https://billing.example.com }
 * partner: { type: oauth2, token_url: https://partner.example.com/token, client_id: acme,
 *            key_env: PARTNER_CLIENT_KEY, alg: ES256, kid: ci-2026 }       # private_key_jwt (RFC 7523)
 * ```
 */







const CLIENT_ASSERTION_ALGS = [
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'EdDSA',
];
/** A token is reused until this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;
/** Lifetime of a private_key_jwt client assertion (RFC 7523 wants it short; at most 5 minutes). */
const ASSERTION_TTL_SEC = 60;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 64 * 1024;
/**
 * Parses an `oauth2` profile. Client authentication is `client_secret` (client_secret_basic) or
 * `key` (private_key_jwt; `alg` defaults from the key: RS256, ES256/ES384, EdDSA), read through
 * `ctx` so the file rules hold (in a file: `client_secret_env` / `key_env`).
 *
 * @example
 * parseOauth2Profile({ type: 'oauth2', token_url: 'https://auth.example.com/token', client_id: 'ci', client_secret_env: 'CI_SECRET' }, ctx)
 */
function parseOauth2Profile(raw, ctx) {
    const tokenUrl = readTokenUrl(ctx, raw);
    // A missing required field is reported after the unknown ones (allowOnly): `client_idd` is named.
    const clientId = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .optionalString */ .sx)(ctx, raw, 'client_id');
    if (clientId === undefined)
        ctx.missing('client_id', 'is required: the client id the token endpoint knows this job by');
    const secrets = ctx.optionalSecret('client_secret', raw);
    const keys = ctx.optionalSecret('key', raw);
    if (secrets.length > 0 && keys.length > 0)
        ctx.fail('key', 'give either client_secret (client_secret_basic) or key (private_key_jwt), not both');
    if (secrets.length === 0 && keys.length === 0) {
        ctx.missing('client_secret', ctx.origin === 'file'
            ? 'client authentication is required: give client_secret_env: VAR, or key_env: VAR for private_key_jwt'
            : 'client authentication is required: give client_secret (or client_secret_env), or key (or key_env) for private_key_jwt');
    }
    let auth;
    if (keys.length > 0) {
        const key = keys[0];
        let keyObject;
        try {
            keyObject = (0,_profiles_js__WEBPACK_IMPORTED_MODULE_4__/* .readPrivateKey */ .$k)(key);
        }
        catch {
            // Never echo the parser's message: it can quote key bytes.
            ctx.fail(raw.key_env === undefined ? 'key' : 'key_env', 'must be a PEM (PKCS#8, PKCS#1 or SEC1) or JWK private key');
        }
        const alg = raw.alg === undefined ? defaultAlg(ctx, keyObject) : (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .oneOf */ .yL)(ctx, raw, 'alg', CLIENT_ASSERTION_ALGS);
        if (!algFitsKey(alg, keyObject))
            ctx.fail('alg', `${alg} does not fit the ${describeKey(keyObject)} key`);
        const kid = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .optionalString */ .sx)(ctx, raw, 'kid');
        auth = { method: 'private_key_jwt', key, alg, ...(kid === undefined ? {} : { kid }) };
    }
    else {
        for (const field of ['alg', 'kid'])
            if (raw[field] !== undefined)
                ctx.fail(field, 'only for private_key_jwt (with key / key_env)');
        auth = { method: 'client_secret_basic', secret: secrets[0] };
    }
    const scope = readScope(ctx, raw);
    const audience = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .optionalString */ .sx)(ctx, raw, 'audience');
    ctx.allowOnly(raw, ['token_url', 'client_id', 'alg', 'kid', 'scope', 'audience']);
    return {
        type: 'oauth2',
        name: ctx.profile,
        tokenUrl,
        clientId: clientId, // allowOnly threw if it was missing
        auth,
        ...(scope === undefined ? {} : { scope }),
        ...(audience === undefined ? {} : { audience }),
    };
}
/** https only, except on loopback (a local token endpoint in tests and demos). */
function readTokenUrl(ctx, raw) {
    const text = (0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .optionalString */ .sx)(ctx, raw, 'token_url');
    if (text === undefined) {
        ctx.missing('token_url', 'is required: the token endpoint, e.g. https://auth.example.com/oauth/token');
        return ''; // Never used: allowOnly throws for the missing field.
    }
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return ctx.fail('token_url', 'must be an absolute URL, e.g. https://auth.example.com/oauth/token');
    }
    if (url.username || url.password)
        ctx.fail('token_url', 'must not carry credentials; use client_secret_env or key_env');
    if (url.hash)
        ctx.fail('token_url', 'must not have a #fragment');
    // The client secret or assertion travels in this request: never in clear text over a network.
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (0,_lib_loopback_js__WEBPACK_IMPORTED_MODULE_5__/* .sendsInClear */ .IV)(url))
        ctx.fail('token_url', `must be https (${_lib_loopback_js__WEBPACK_IMPORTED_MODULE_5__/* .PLAIN_HTTP_ONLY_HERE */ .W7})`);
    return url.href;
}
function readScope(ctx, raw) {
    const value = raw.scope;
    if (value === undefined || value === null)
        return undefined;
    const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
    if (!Array.isArray(list) ||
        list.length === 0 ||
        list.some((s) => typeof s !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) {
        ctx.fail('scope', 'must be a space-separated string or a list of scope tokens (printable ASCII, no spaces, quotes or backslashes)');
    }
    return list.join(' ');
}
function defaultAlg(ctx, key) {
    if (key.asymmetricKeyType === 'rsa')
        return 'RS256';
    if (key.asymmetricKeyType === 'ed25519')
        return 'EdDSA';
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
        return 'ES256';
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1')
        return 'ES384';
    return ctx.fail('key', `a ${describeKey(key)} key cannot sign a client assertion; use RSA, EC P-256/P-384 or Ed25519`);
}
function algFitsKey(alg, key) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (alg.startsWith('RS') || alg.startsWith('PS'))
        return key.asymmetricKeyType === 'rsa' || (alg.startsWith('PS') && key.asymmetricKeyType === 'rsa-pss');
    if (alg === 'ES256')
        return key.asymmetricKeyType === 'ec' && curve === 'prime256v1';
    if (alg === 'ES384')
        return key.asymmetricKeyType === 'ec' && curve === 'secp384r1';
    return key.asymmetricKeyType === 'ed25519';
}
function describeKey(key) {
    return key.asymmetricKeyType === 'ec'
        ? `EC ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim()
        : (key.asymmetricKeyType ?? 'unknown').toUpperCase();
}
/** A fresh, empty cache (tests; callers that want their own scope). */
function createOauth2TokenCache() {
    return new Map();
}
const processCache = createOauth2TokenCache();
/**
 * The headers for a request with an oauth2 profile: `{ Authorization: 'Bearer <access token>' }`.
 * Fetches a token with the client-credentials grant when there is none in `cache` that lives
 * another 30 s; concurrent callers share one fetch. Throws ERR_OAUTH2_TOKEN_REFUSED (with the
 * endpoint's `error` and `error_description`), ERR_OAUTH2_UNREACHABLE or ERR_OAUTH2_RESPONSE_INVALID;
 * no message ever holds the client secret, the assertion or a token.
 *
 * @example
 * const headers = await oauth2Headers(profile, { now: Date.now, randomBytes });
 */
async function oauth2Headers(profile, deps, cache = processCache) {
    const parsed = asParsed(profile);
    const key = cacheKey(parsed);
    const cached = cache.get(key);
    const settled = cached instanceof Promise ? await cached.catch(() => undefined) : cached;
    if (settled !== undefined && deps.now() < settled.reuseUntilMs)
        return { Authorization: `Bearer ${settled.accessToken}` };
    const pending = fetchToken(parsed, deps);
    cache.set(key, pending);
    try {
        const token = await pending;
        if (token.reuseUntilMs > deps.now())
            cache.set(key, token);
        else
            cache.delete(key);
        return { Authorization: `Bearer ${token.accessToken}` };
    }
    catch (error) {
        cache.delete(key);
        throw error;
    }
}
function asParsed(profile) {
    const candidate = profile;
    if (typeof candidate.tokenUrl !== 'string' ||
        typeof candidate.clientId !== 'string' ||
        typeof candidate.auth !== 'object') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNING_CONFIG', `signing profile "${profile.name}": not an oauth2 profile made by parseOauth2Profile`);
    }
    return profile;
}
/** Different credentials or parameters never share a token; the secret only enters as a hash. */
function cacheKey(profile) {
    const credential = profile.auth.method === 'client_secret_basic' ? profile.auth.secret : `${profile.auth.alg}:${profile.auth.key}`;
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(credential).digest('hex');
    return JSON.stringify([
        profile.tokenUrl,
        profile.clientId,
        profile.scope ?? '',
        profile.audience ?? '',
        profile.auth.method,
        digest,
    ]);
}
async function fetchToken(profile, deps) {
    const where = `oauth2 profile "${profile.name}": the token endpoint ${profile.tokenUrl}`;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (profile.scope !== undefined)
        form.set('scope', profile.scope);
    if (profile.audience !== undefined)
        form.set('audience', profile.audience);
    const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
    };
    // Everything that proves who we are, so an endpoint that echoes it cannot get it into a message.
    const secrets = [];
    if (profile.auth.method === 'client_secret_basic') {
        // RFC 6749 §2.3.1: both parts form-urlencoded before base64.
        const credential = Buffer.from(`${formEncode(profile.clientId)}:${formEncode(profile.auth.secret)}`).toString('base64');
        headers.authorization = `Basic ${credential}`;
        secrets.push(profile.auth.secret, credential);
    }
    else {
        const assertion = await clientAssertion(profile, profile.auth, deps);
        form.set('client_id', profile.clientId);
        form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
        form.set('client_assertion', assertion);
        secrets.push(assertion, profile.auth.key);
    }
    const startedMs = deps.now();
    let response;
    try {
        // Redirects are refused (the layer's default): they would resend the credentials somewhere we did not choose.
        response = await (deps.http ?? _lib_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)({
            url: profile.tokenUrl,
            method: 'POST',
            headers,
            body: form.toString(),
            timeoutMs: REQUEST_TIMEOUT_MS,
            maxResponseBytes: MAX_RESPONSE_BYTES,
        });
    }
    catch (error) {
        if (!(error instanceof _lib_http_js__WEBPACK_IMPORTED_MODULE_2__/* .HttpError */ .j$))
            throw error;
        if (error.kind === 'too-large')
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_OAUTH2_RESPONSE_INVALID', `${where} answered with more than 64 KB`, { cause: error });
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_OAUTH2_UNREACHABLE', `${where} cannot be reached (${error.reason})`, { cause: error });
    }
    const text = response.text();
    const ok = response.status >= 200 && response.status <= 299;
    const body = parseJsonObject(text);
    if (!ok) {
        const error = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
        const description = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
        // The endpoint's words are passed on, with every form of our credentials blanked (src/mask).
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_OAUTH2_TOKEN_REFUSED', (0,_mask_redact_js__WEBPACK_IMPORTED_MODULE_6__/* .redact */ .E)(`${where} refused the client credentials grant: ${response.status} ${error}${description}`, secrets));
    }
    const accessToken = body?.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_OAUTH2_RESPONSE_INVALID', `${where} answered ${response.status} without an access_token`);
    }
    // Sent as it is in the Authorization header: a line break would start another header line.
    if (!/^[\x21-\x7e]+$/.test(accessToken)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_OAUTH2_RESPONSE_INVALID', `${where} answered ${response.status} with an access_token that cannot be sent in an Authorization header: it holds a space, a line break, a control character or a character outside printable ASCII`);
    }
    const tokenType = body?.token_type;
    if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_OAUTH2_RESPONSE_INVALID', `${where} issued a token of type ${JSON.stringify(tokenType ?? null)}; only Bearer tokens can be sent`);
    }
    const expiresIn = typeof body?.expires_in === 'number'
        ? body.expires_in
        : typeof body?.expires_in === 'string'
            ? Number(body.expires_in)
            : NaN;
    // Without expires_in we cannot know how long it lives, so it is used once and not cached.
    const reuseUntilMs = Number.isFinite(expiresIn) && expiresIn > 0 ? startedMs + expiresIn * 1000 - EXPIRY_MARGIN_MS : 0;
    return { accessToken, reuseUntilMs };
}
/** RFC 7523 §3 client assertion: iss = sub = client_id, aud = the token endpoint, one-time jti, short exp. */
async function clientAssertion(profile, auth, deps) {
    const { SignJWT } = await __webpack_require__.e(/* import() */ 734).then(__webpack_require__.bind(__webpack_require__, 1734));
    const nowSec = Math.floor(deps.now() / 1000);
    return new SignJWT({})
        .setProtectedHeader({ alg: auth.alg, typ: 'JWT', ...(auth.kid === undefined ? {} : { kid: auth.kid }) })
        .setIssuer(profile.clientId)
        .setSubject(profile.clientId)
        .setAudience(profile.tokenUrl)
        .setJti(deps.randomBytes(16).toString('base64url'))
        .setIssuedAt(nowSec)
        .setNotBefore(nowSec)
        .setExpirationTime(nowSec + ASSERTION_TTL_SEC)
        .sign((0,_profiles_js__WEBPACK_IMPORTED_MODULE_4__/* .readPrivateKey */ .$k)(auth.key));
}
function formEncode(value) {
    return new URLSearchParams({ v: value }).toString().slice(2);
}
function parseJsonObject(text) {
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null && !Array.isArray(value)
            ? value
            : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 524:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  decodeYaml: () => (/* binding */ decodeYaml),
  l: () => (/* binding */ parseSigningProfiles)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/lib/yaml-aliases.ts
/**
 * The most a YAML document stint reads (broker config and policy, signing profiles) may expand
 * through aliases: the `yaml` package's `maxAliasCount`, where each use of an anchored value
 * counts as many times as the aliases inside it. Nested aliases multiply (ten lists of ten
 * aliases of ten lists…), so a few kilobytes could otherwise stand for billions of values and
 * hang whatever walks them. Real configs use a handful.
 */
const MAX_YAML_ALIASES = 100;
/** The message stint refuses such a document with, after its file and position. */
const ALIASES_TOO_FAR = `YAML aliases expand too far (more than ${MAX_YAML_ALIASES} uses of anchored values, counting the aliases inside them); write the repeated parts out`;
/**
 * True when `doc` expands further than MAX_YAML_ALIASES. Other alias problems (one naming no
 * anchor) are not this check's: callers report them with their position.
 *
 * @example
 * const doc = parseDocument(text);
 * if (doc.errors.length === 0 && aliasesExpandTooFar(doc)) refuse(ALIASES_TOO_FAR);
 */
function aliasesExpandTooFar(doc) {
    try {
        doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
        return false;
    }
    catch (error) {
        return error instanceof ReferenceError && /excessive alias count/i.test(error.message);
    }
}

// EXTERNAL MODULE: ./src/signing/config.ts + 4 modules
var config = __webpack_require__(6455);
// EXTERNAL MODULE: ./src/signing/fields.ts
var fields = __webpack_require__(8422);
;// CONCATENATED MODULE: ./src/signing/parse.ts





/**
 * Parses signing profiles from the action's `signing` input (a YAML string) or from an object
 * (a config file's `signing:` value). With `origin: 'action-input'` secrets may be inline
 * (`secret`, `secrets: [new, old]`, `key`, `token`); with `origin: 'file'` only `*_env` references.
 * Throws `StintError('ERR_SIGNING_CONFIG')` naming the profile, the field and what is allowed.
 *
 * @example
 * const profiles = parseSigningProfiles(core.getInput('signing'), { origin: 'action-input', env: process.env });
 */
function parseSigningProfiles(input, options) {
    if (typeof input !== 'string')
        return (0,config/* parseSigningMap */.Bf)(input, options);
    const map = decodeYaml(input, (at, code) => `signing (line ${at.line}, column ${at.col}): not valid YAML (${code})${pastedMultiLine(input, at.line) ? PASTED_HINT : ''}`);
    return (0,config/* parseSigningMap */.Bf)(map ?? {}, options);
}
/** What fixes a multi-line secret substituted into the input as it is (docs/action.md). */
const PASTED_HINT = 
// biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
'; a multi-line secret (a PEM key) cannot be pasted in as it is or in quotes: write it as key: ${{ toJSON(secrets.KEY) }}';
/** A line the profiles' YAML starts at column 1: a name (`deploy:`, `"deploy":`), a comment, flow punctuation, a document marker. */
const TOP_LEVEL_LINE = /^(?:#|---|\.\.\.|[{}[\]]|(?:[^\s#:{}[\],'"]+|"[^"]*"|'[^']*')\s*:(?:\s|$))/;
/** PEM armour, alone on a line or ending one (`key: -----BEGIN PRIVATE KEY-----`). */
const PEM_ARMOUR_LINE = /^\s*-----(?:BEGIN|END) [A-Z0-9 ]+-----|-----BEGIN [A-Z0-9 ]+-----\s*$/;
/**
 * Whether the YAML error at `errorLine` is one a multi-line secret causes when the workflow
 * substitutes it into the input as it is (`key: ${{ secrets.KEY }}`, quoted or not): the runner
 * inserts its lines unindented, so a line at or just after the error is PEM armour or starts at
 * column 1 without being a profile name. Other errors (a tab, an unclosed bracket) get no hint.
 */
function pastedMultiLine(text, errorLine) {
    const lines = text.split(/\r?\n|\r/);
    for (let i = 0; i < Math.min(lines.length, errorLine + 1); i++) {
        const line = lines[i];
        if (PEM_ARMOUR_LINE.test(line))
            return true;
        if (i > 0 && /^\S/.test(line) && !TOP_LEVEL_LINE.test(line))
            return true;
    }
    return false;
}
/**
 * Decodes signing YAML (a repeated key is an error), for the action's input and for config
 * files. A syntax error throws ERR_SIGNING_CONFIG with `message(position, kind)`: never the
 * parser's own message, which quotes the line, and the line may hold a secret.
 */
function decodeYaml(text, message) {
    const document = (0,dist/* parseDocument */.Tp)(text, { prettyErrors: false, uniqueKeys: true });
    const first = document.errors[0];
    if (first !== undefined)
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', message((0,fields/* lineAndColumn */.q1)(text, first.pos[0]), first.code));
    if (aliasesExpandTooFar(document))
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `${message({ line: 1, col: 1 }, 'ALIAS_COUNT')}: ${ALIASES_TOO_FAR}`);
    try {
        return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    }
    catch (error) {
        // An alias that names no anchor; the parser's message would quote the text.
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', message({ line: 1, col: 1 }, 'BAD_ALIAS'), { cause: error });
    }
}


/***/ }),

/***/ 8357:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $k: () => (/* binding */ readPrivateKey),
/* harmony export */   E7: () => (/* binding */ parseHmacProfile),
/* harmony export */   Rj: () => (/* binding */ parseHttpSignatureProfile),
/* harmony export */   mL: () => (/* binding */ parseBearerProfile),
/* harmony export */   sg: () => (/* binding */ parseJwtProfile)
/* harmony export */ });
/* unused harmony exports DEFAULT_COMPONENTS, unfoldPem */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_strict_base64_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(116);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8422);
/* harmony import */ var _hmac_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5272);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4410);





/**
 * Parsers for the profile types this module signs itself (oauth2 and mtls live in their own
 * files). Each validates everything it can up front, keys included, so a bad profile fails when
 * the action starts rather than at the first request.
 */
const GENERIC_ONLY = ['header', 'algorithm', 'encoding', 'prefix', 'timestamp_header'];
function parseHmacProfile(raw, ctx) {
    const format = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'format', _types_js__WEBPACK_IMPORTED_MODULE_3__/* .HMAC_FORMATS */ .nr, 'generic');
    const secrets = ctx.secret('secret', raw);
    if (format !== 'generic') {
        for (const field of GENERIC_ONLY)
            if (raw[field] !== undefined)
                ctx.fail(field, `only for format generic (format ${format} fixes its own headers)`);
    }
    // The Standard Webhooks secret is base64 key material behind a `whsec_` prefix: strict base64
    // of at least 24 bytes, as verifyHmacWebhook and the standardwebhooks libraries read it.
    if (format === 'standard-webhooks')
        checkSecretValues(ctx, raw, ['secret'], secrets, (secret) => secret.startsWith('whsec_')
            ? (0,_hmac_js__WEBPACK_IMPORTED_MODULE_2__/* .standardWebhooksSecretProblem */ .$l)(secret)
            : 'must be whsec_ followed by the base64 key (as the receiver shows it)');
    const prefix = raw.prefix === undefined ? '' : ((0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(ctx, raw, 'prefix') ?? '');
    // It starts the header value: a line break there would start another header line.
    if (!(0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isPrintableAscii */ .Jn)(prefix))
        ctx.fail('prefix', 'must be printable ASCII (it starts the header value)');
    const timestampHeader = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalHeaderName */ .rM)(ctx, raw, 'timestamp_header');
    ctx.allowOnly(raw, ['format', ...(format === 'generic' ? GENERIC_ONLY : [])]);
    return {
        type: 'hmac',
        name: ctx.profile,
        format,
        secrets,
        header: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalHeaderName */ .rM)(ctx, raw, 'header') ?? 'X-Signature',
        algorithm: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'algorithm', ['sha256', 'sha512'], 'sha256'),
        encoding: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'encoding', ['hex', 'base64'], 'hex'),
        prefix,
        ...(timestampHeader === undefined ? {} : { timestampHeader }),
    };
}
/**
 * Fails on the first of `values`, the secrets read from one of the `fields` (as `field`, `fields`
 * or `field_env`), that `problem` finds wrong, saying where it came from (the variable, or which of
 * the list) and never the value.
 */
function checkSecretValues(ctx, raw, fields, values, problem) {
    const given = fields
        .flatMap((field) => [field, `${field}s`, `${field}_env`])
        .find((key) => raw[key] !== undefined && raw[key] !== null);
    if (given === undefined)
        return;
    const envNames = given.endsWith('_env')
        ? typeof raw[given] === 'string'
            ? [raw[given]]
            : raw[given]
        : undefined;
    values.forEach((value, i) => {
        const wrong = problem(value);
        if (wrong === undefined)
            return;
        const which = envNames !== undefined
            ? `environment variable ${envNames[i]} `
            : given.endsWith('s')
                ? `${given.slice(0, -1)} ${i + 1} of ${values.length} `
                : '';
        ctx.fail(given, `${which}${wrong}`);
    });
}
const DERIVED = ['@method', '@target-uri', '@authority', '@scheme', '@request-target', '@path', '@query'];
const DEFAULT_COMPONENTS = ['@method', '@authority', '@path', 'content-digest'];
function parseHttpSignatureProfile(raw, ctx) {
    const alg = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'alg', _types_js__WEBPACK_IMPORTED_MODULE_3__/* .HTTP_SIGNATURE_ALGS */ .AO);
    const keys = alg === 'hmac-sha256' ? symmetricKeys(ctx, raw) : privateKeys(ctx, raw, alg);
    for (const key of keys)
        checkHttpSignatureKey(ctx, alg, key);
    const keyEncoding = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'key_encoding', ['utf8', 'base64'], 'utf8');
    if (raw.key_encoding !== undefined && alg !== 'hmac-sha256')
        ctx.fail('key_encoding', 'only for alg hmac-sha256 (other keys are PEM or JWK)');
    // Strict, as for Standard Webhooks: Buffer.from(…, 'base64') would skip what is not base64 and
    // sign with a shorter key than meant.
    if (keyEncoding === 'base64') {
        checkSecretValues(ctx, raw, ['key', 'secret'], keys, (key) => {
            const problem = (0,_lib_strict_base64_js__WEBPACK_IMPORTED_MODULE_4__/* .strictBase64Problem */ .E)(key);
            return problem === undefined ? undefined : `${problem}, which key_encoding: base64 requires`;
        });
    }
    const components = readComponents(ctx, raw);
    const expires = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalDuration */ .pQ)(ctx, raw, 'expires', { min: 1, max: 86400 });
    const label = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(ctx, raw, 'label') ?? 'sig1';
    if (!/^[a-z*][a-z0-9_\-.*]*$/.test(label))
        ctx.fail('label', 'must be lowercase letters, digits, _, -, . or * (a structured-field key such as sig1)');
    const keyid = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(ctx, raw, 'keyid');
    const tag = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(ctx, raw, 'tag');
    for (const [field, value] of [
        ['keyid', keyid],
        ['tag', tag],
    ]) {
        if (value !== undefined && !(0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isPrintableAscii */ .Jn)(value))
            ctx.fail(field, 'must be printable ASCII');
    }
    const profile = {
        type: 'http-signature',
        name: ctx.profile,
        alg,
        keys,
        components,
        keyEncoding,
        label,
        nonce: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBoolean */ .Jz)(ctx, raw, 'nonce', false),
        includeAlg: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBoolean */ .Jz)(ctx, raw, 'include_alg', true),
        includeCreated: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBoolean */ .Jz)(ctx, raw, 'include_created', true),
        digest: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'digest', ['sha-256', 'sha-512'], 'sha-256'),
        ...(keyid === undefined ? {} : { keyid }),
        ...(expires === undefined ? {} : { expires }),
        ...(tag === undefined ? {} : { tag }),
    };
    ctx.allowOnly(raw, [
        'alg',
        'keyid',
        'components',
        'key_encoding',
        'expires',
        'label',
        'nonce',
        'include_alg',
        'include_created',
        'digest',
        'tag',
    ]);
    return profile;
}
function readComponents(ctx, raw) {
    const value = raw.components;
    if (value === undefined || value === null)
        return DEFAULT_COMPONENTS;
    const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
    if (!Array.isArray(list) || list.length === 0 || list.some((c) => typeof c !== 'string')) {
        ctx.fail('components', 'must be a list (or space-separated string) of component names such as @method @authority @path content-digest');
    }
    const seen = new Set();
    for (const component of list) {
        const ok = component.startsWith('@') ? DERIVED.includes(component) : /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(component);
        if (!ok)
            ctx.fail('components', `"${component}" is not allowed; use ${DERIVED.join(', ')} or a lowercase header field name`);
        if (seen.has(component))
            ctx.fail('components', `"${component}" is listed twice`);
        seen.add(component);
    }
    return list;
}
/** Parses a PEM or JWK (JSON) private key. */
function readPrivateKey(text) {
    const trimmed = text.trim();
    if (trimmed.startsWith('{'))
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: JSON.parse(trimmed), format: 'jwk' });
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(unfoldPem(trimmed));
}
/**
 * A PEM whose line breaks became spaces (`key: "${{ secrets.KEY }}"` in YAML folds them) or
 * `\r\n`, re-wrapped as OpenSSL wants it. Anything else is returned unchanged.
 */
function unfoldPem(text) {
    const match = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/.exec(text);
    if (match === null || /^(?:\r?\n[A-Za-z0-9+/=]{1,76})+\r?\n$/.test(match[2] ?? ''))
        return text;
    const body = (match[2] ?? '').trim();
    // Encrypted PKCS#1 keys carry "Proc-Type:" headers; leave those alone.
    if (body.includes(':'))
        return text;
    const base64 = body.replace(/\s+/g, '');
    return `-----BEGIN ${match[1]}-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${match[1]}-----\n`;
}
/**
 * A symmetric key (jwt HS256/384/512, http-signature hmac-sha256) is a shared secret, so it may be
 * given as a secret (`secret`, `secrets`, `secret_env`) as well as a key (`key`, `keys`,
 * `key_env`): DESIGN §4. Once, either way.
 */
function symmetricKeys(ctx, raw) {
    const keys = ctx.optionalSecret('key', raw);
    const secrets = ctx.optionalSecret('secret', raw);
    if (keys.length > 0 && secrets.length > 0)
        ctx.fail('secret', 'the shared secret is given twice: keep either the key or the secret field');
    if (keys.length === 0 && secrets.length === 0)
        ctx.missing('secret', ctx.origin === 'file'
            ? 'is required: give secret_env: VAR (the shared secret; key_env: VAR works too)'
            : 'is required: give secret: VALUE, secrets: [NEW, OLD] or secret_env: VAR (the shared secret)');
    return keys.length > 0 ? keys : secrets;
}
/** An asymmetric algorithm signs with a private key, never with a `secret`. */
function privateKeys(ctx, raw, alg) {
    for (const field of ['secret', 'secrets', 'secret_env'])
        if (raw[field] !== undefined)
            ctx.fail(field, `${alg} signs with a private key: give it as key${ctx.origin === 'file' ? '_env' : ''}`);
    return ctx.secret('key', raw);
}
function keyKind(key) {
    const type = key.asymmetricKeyType ?? 'unknown';
    if (type === 'ec')
        return `ec ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
    return type;
}
function expectKey(ctx, text, wanted, algName) {
    let key;
    try {
        key = readPrivateKey(text);
    }
    catch {
        // The parse error could quote key bytes; say only what is wrong.
        ctx.fail('key', `must be a PEM (PKCS#8, PKCS#1 or SEC1) or JWK private key for ${algName}`);
    }
    if (!wanted.includes(keyKind(key)))
        ctx.fail('key', `${algName} needs a ${wanted.join(' or ')} private key, got ${keyKind(key)}`);
}
function checkHttpSignatureKey(ctx, alg, key) {
    switch (alg) {
        case 'hmac-sha256':
            return;
        case 'ed25519':
            expectKey(ctx, key, ['ed25519'], alg);
            return;
        case 'ecdsa-p256-sha256':
            expectKey(ctx, key, ['ec prime256v1'], alg);
            return;
        case 'rsa-pss-sha512':
            expectKey(ctx, key, ['rsa', 'rsa-pss'], alg);
            return;
        case 'rsa-v1_5-sha256':
            expectKey(ctx, key, ['rsa'], alg);
            return;
    }
}
const JWT_KEY_KINDS = {
    HS256: [],
    HS384: [],
    HS512: [],
    RS256: ['rsa'],
    RS384: ['rsa'],
    RS512: ['rsa'],
    PS256: ['rsa', 'rsa-pss'],
    ES256: ['ec prime256v1'],
    ES384: ['ec secp384r1'],
    EdDSA: ['ed25519'],
};
const RESERVED_CLAIMS = ['iat', 'exp', 'nbf', 'jti'];
function parseJwtProfile(raw, ctx) {
    const alg = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'alg', _types_js__WEBPACK_IMPORTED_MODULE_3__/* .JWT_ALGS */ .W0);
    const kinds = JWT_KEY_KINDS[alg];
    const keys = kinds.length === 0 ? symmetricKeys(ctx, raw) : privateKeys(ctx, raw, alg);
    if (kinds.length > 0)
        for (const key of keys)
            expectKey(ctx, key, kinds, alg);
    const claims = raw.claims ?? {};
    if (!(0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(claims))
        ctx.fail('claims', 'must be a mapping of claim names to values (iss, sub, aud, custom)');
    for (const name of RESERVED_CLAIMS)
        if (name in claims)
            ctx.fail(`claims.${name}`, 'is set per request by stint (iat, exp from ttl, jti); remove it');
    for (const name of ['iss', 'sub']) {
        if (claims[name] !== undefined && typeof claims[name] !== 'string')
            ctx.fail(`claims.${name}`, 'must be a string');
    }
    const aud = claims.aud;
    if (aud !== undefined &&
        typeof aud !== 'string' &&
        !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
        ctx.fail('claims.aud', 'must be a string or a list of strings');
    }
    const header = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalHeaderName */ .rM)(ctx, raw, 'header') ?? 'Authorization';
    const kid = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(ctx, raw, 'kid');
    ctx.allowOnly(raw, ['alg', 'kid', 'claims', 'ttl', 'header']);
    return {
        type: 'jwt',
        name: ctx.profile,
        alg,
        keys,
        claims,
        ttl: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalDuration */ .pQ)(ctx, raw, 'ttl', { min: 1, max: 3600 }) ?? 60,
        header,
        scheme: header.toLowerCase() === 'authorization' ? 'Bearer ' : '',
        ...(kid === undefined ? {} : { kid }),
    };
}
/**
 * A static credential (`token`, `tokens`, `token_env`), or without one the job's stint token from
 * `$STINT_TOKEN` (DESIGN §4). `source: stint` says the second on purpose; `source: static` insists
 * on the first.
 */
function parseBearerProfile(raw, ctx) {
    // Sent as they are, in a header or the URL: one trailing newline dropped, anything else refused.
    const tokens = ctx.optionalSecret('token', raw).map(_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .withoutTrailingNewline */ .tk);
    checkSecretValues(ctx, raw, ['token'], tokens, _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .headerValueProblem */ .kX);
    const source = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(ctx, raw, 'source', ['static', 'stint'], tokens.length > 0 ? 'static' : 'stint');
    if (source === 'static' && tokens.length === 0) {
        ctx.missing('token', ctx.origin === 'file'
            ? 'is required with source: static: give token_env: VAR (without source, the profile sends $STINT_TOKEN)'
            : 'is required with source: static: give token: VALUE or token_env: VAR (without source, the profile sends $STINT_TOKEN)');
    }
    if (source === 'stint' && tokens.length > 0)
        ctx.fail('source', 'source: stint sends $STINT_TOKEN; remove the token field or the source');
    const query = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(ctx, raw, 'query');
    if (query !== undefined && raw.header !== undefined)
        ctx.fail('query', 'give either header or query, not both');
    const header = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalHeaderName */ .rM)(ctx, raw, 'header') ?? 'Authorization';
    ctx.allowOnly(raw, ['source', 'header', 'query']);
    return {
        type: 'bearer',
        name: ctx.profile,
        tokens,
        header,
        scheme: header.toLowerCase() === 'authorization' ? 'Bearer ' : '',
        ...(query === undefined ? {} : { query }),
    };
}


/***/ }),

/***/ 4410:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AO: () => (/* binding */ HTTP_SIGNATURE_ALGS),
/* harmony export */   KU: () => (/* binding */ PROFILE_TYPES),
/* harmony export */   W0: () => (/* binding */ JWT_ALGS),
/* harmony export */   nr: () => (/* binding */ HMAC_FORMATS)
/* harmony export */ });
/** Every `type:` a profile may have. */
const PROFILE_TYPES = ['hmac', 'http-signature', 'jwt', 'bearer', 'oauth2', 'mtls'];
const HMAC_FORMATS = ['generic', 'github', 'standard-webhooks', 'stripe', 'slack'];
const HTTP_SIGNATURE_ALGS = [
    'hmac-sha256',
    'ed25519',
    'ecdsa-p256-sha256',
    'rsa-pss-sha512',
    'rsa-v1_5-sha256',
];
const JWT_ALGS = [
    'HS256',
    'HS384',
    'HS512',
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'ES256',
    'ES384',
    'EdDSA',
];


/***/ })

};
;