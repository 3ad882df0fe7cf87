export const id = 672;
export const ids = [672];
export const modules = {

/***/ 3672:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   warnUncoveredQuery: () => (/* binding */ warnUncoveredQuery)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4844);
/* harmony import */ var _signing_http_signature_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(36);
/* harmony import */ var _signing_request_input_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(652);
/* harmony import */ var _signing_sign_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3531);
/* harmony import */ var _github_mask_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7100);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1604);








const HELP = `Usage: stint sign NAME [--config FILE] [--method M] [--url URL] [--body-file F | --body S]
                  [--header "Name: value"]... [--format headers|json|curl]

Prints the headers that signing profile NAME adds to a request (it does not send it; see
\`stint request\`). Profiles come from --config FILE or $STINT_CONFIG: YAML or JSON with a
\`signing:\` map, secrets as secret_env/key_env/token_env references.

  --method M        request method (default POST)
  --url URL         absolute URL; required for http-signature and for a bearer query parameter
  --body S          the body to sign, as given
  --body-file F     the body to sign, read from F as bytes (- for stdin)
  --header "K: V"   a request header (repeatable); http-signature can cover it
  --format F        headers: "Name: value" lines (default); json: {"headers": {...}}, and on a
                    failure {"ok": false, "error": {"code", "message"}}; curl: -H 'Name: value'
                    arguments, quoted for a POSIX shell

For bearer, jwt and oauth2 profiles the header printed IS the credential: it goes to stdout
only, because you asked for it; keep it out of logs. In GitHub Actions (GITHUB_ACTIONS=true) it
is first registered with the runner for masking (::add-mask:: lines on stderr); other CIs do
not mask it.`;
/** `stint sign`: prints a profile's signature headers for a request described on the command line. */
const run = async (args, io) => {
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args,
        allowPositionals: true,
        strict: true,
        options: {
            config: { type: 'string' },
            method: { type: 'string', default: 'POST' },
            url: { type: 'string' },
            body: { type: 'string' },
            'body-file': { type: 'string' },
            header: { type: 'string', multiple: true, default: [] },
            format: { type: 'string', default: 'headers' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    const [name, ...extra] = positionals;
    if (name === undefined || extra.length > 0)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`stint sign takes one profile name\n\n${HELP}`);
    const format = values.format;
    if (format !== 'headers' && format !== 'json' && format !== 'curl')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`--format must be headers, json or curl (got ${format})`);
    if (values.url !== undefined && !URL.canParse(values.url))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`--url must be an absolute URL such as https://api.example.com/path (got ${values.url.split('?')[0]})`);
    const { headers, body, profile } = await (0,_signing_request_input_js__WEBPACK_IMPORTED_MODULE_3__/* .readRequestArgs */ .VF)(name, values, io);
    if (profile.type === 'mtls')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`profile "${name}" is mtls: it adds no headers; use stint request, or the cert-path/key-path files with curl --cert --key`);
    const needsUrl = profile.type === 'http-signature' || (profile.type === 'bearer' && profile.query !== undefined);
    if (needsUrl && values.url === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`profile "${name}" (${profile.type}) signs the URL: pass --url`);
    if (format === 'headers' && profile.type === 'bearer' && profile.query !== undefined) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`profile "${name}" puts its token in the URL, not a header: use --format json or curl`);
    }
    warnUncoveredQuery(profile, values.url, io);
    const signed = await (0,_signing_sign_js__WEBPACK_IMPORTED_MODULE_4__/* .signRequest */ .z)(profile, { method: values.method.toUpperCase(), url: values.url ?? 'http://localhost/', headers, body }, { ..._signing_sign_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultSignDeps */ .B, env: io.env });
    // In a GitHub Actions step the runner masks what it is told to, before the credential is printed;
    // on stderr, so that `$(stint sign …)` captures only the headers (the runner reads both streams).
    if (signed.credential !== undefined)
        (0,_github_mask_js__WEBPACK_IMPORTED_MODULE_5__/* .maskInGitHubStep */ .f)(io, [signed.credential]);
    const entries = Object.entries(signed.headers);
    if (format === 'json') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, JSON.stringify(signed.url === undefined ? { headers: signed.headers } : { headers: signed.headers, url: signed.url }));
    }
    else if (format === 'curl') {
        const words = entries.flatMap(([k, v]) => ['-H', (0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_7__/* .shellQuote */ .Z)(`${k}: ${v}`)]);
        if (signed.url !== undefined)
            words.push((0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_7__/* .shellQuote */ .Z)(signed.url));
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, words.join(' '));
    }
    else {
        for (const [k, v] of entries)
            (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, `${k}: ${v}`);
    }
    return 0;
};
/** `stint sign` and `stint request`: one warning on stderr when an http-signature leaves the URL's query unsigned. */
function warnUncoveredQuery(profile, url, io) {
    if (profile.type !== 'http-signature' || url === undefined)
        return;
    const warning = (0,_signing_http_signature_js__WEBPACK_IMPORTED_MODULE_2__/* .uncoveredQuery */ .IN)(profile, url);
    if (warning !== undefined)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stderr, `stint: warning: ${warning}`);
}


/***/ }),

/***/ 7100:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ maskInGitHubStep)
/* harmony export */ });
/* harmony import */ var _mask_github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2029);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1604);


/**
 * In a GitHub Actions step (`GITHUB_ACTIONS=true`), registers every form of each secret with the
 * runner (`addMaskCommands`: each line of a multi-line value, its base64, URL and JSON forms) as
 * `::add-mask::` lines on stderr; elsewhere does nothing. Call it before the value can reach the
 * log: the runner masks only the lines it reads after the command. On stderr, so that
 * `X=$(stint …)` captures only the command's output (the runner reads both streams). A secret too
 * short to mask throws ERR_SECRET_TOO_SHORT before anything is written.
 *
 * @example
 * maskInGitHubStep(io, [signed.credential]);   // then print, or send, it
 */
function maskInGitHubStep(io, secrets) {
    if (io.env.GITHUB_ACTIONS !== 'true')
        return;
    const commands = (0,_mask_github_js__WEBPACK_IMPORTED_MODULE_0__/* .addMaskCommands */ .e)(secrets);
    if (commands !== '')
        (0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .writeData */ .Mr)(io.stderr, Buffer.from(commands));
}


/***/ }),

/***/ 2134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ closestName)
/* harmony export */ });
/* unused harmony export editDistance */
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


/***/ }),

/***/ 7993:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GM: () => (/* binding */ signJws),
/* harmony export */   SX: () => (/* binding */ verifyJwsSignature),
/* harmony export */   _z: () => (/* binding */ keyObjectOf)
/* harmony export */ });
/* unused harmony export isJwsAlgorithm */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

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
    if (key instanceof node_crypto__WEBPACK_IMPORTED_MODULE_0__.KeyObject)
        return key;
    let converted = keyObjects.get(key);
    if (converted === undefined) {
        converted = node_crypto__WEBPACK_IMPORTED_MODULE_0__.KeyObject.from(key);
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
        return { key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PSS_PADDING, saltLength: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PSS_SALTLEN_DIGEST };
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
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(p.hash, data, keyInput(key, p), signature);
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
function signJws(alg, key, data) {
    const p = params(alg, key);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(p.hash, data, keyInput(key, p));
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


/***/ }),

/***/ 4844:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ shellQuote)
/* harmony export */ });
/**
 * A POSIX shell word that stays one word and is never expanded: single quotes, `'` as `'\''`.
 * Safe to `eval` whatever the value holds.
 *
 * @example
 * shellQuote("it's") // → 'it'\''s'
 */
function shellQuote(word) {
    return `'${word.replaceAll("'", `'\\''`)}'`;
}


/***/ }),

/***/ 4438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  E$: () => (/* binding */ getProfile),
  Bf: () => (/* binding */ parseSigningMap)
});

// UNUSED EXPORTS: secretSources, secretValues, writableConfig

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/own.ts
var own = __webpack_require__(3499);
// EXTERNAL MODULE: ./src/lib/closest-name.ts
var closest_name = __webpack_require__(2134);
// EXTERNAL MODULE: ./src/lib/env-setting.ts
var env_setting = __webpack_require__(5933);
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
                names.some((n) => typeof n !== 'string' || !(0,env_setting/* isVariableName */.KL)(n))) {
                fail(key, 'must be an environment variable name or a list of them, newest first');
            }
            values = names.map((name) => {
                const found = env[name];
                // The name is shown only in the usual form: a secret pasted where its name belongs is not repeated.
                if (found === undefined || found === '')
                    fail(key, (0,env_setting/* looksLikeVariableName */.fm)(name)
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
                const near = (0,closest_name/* closestName */.N)(key, [...fields, ...secretKeys.keys()], { ignoreCase: true });
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
        const parser = typeof raw.type === 'string' ? (0,own/* own */.Z)(PARSERS, raw.type) : undefined;
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
    const { SignJWT } = await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(380)]).then(__webpack_require__.bind(__webpack_require__, 5380));
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

/***/ 652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  VF: () => (/* binding */ readRequestArgs)
});

// UNUSED EXPORTS: parseHeaderArgs, readBody

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/signing/config.ts + 1 modules
var config = __webpack_require__(4438);
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
        throw new errors/* UsageError */.eb(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        'no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})');
    }
    const file = (0,external_node_path_.resolve)(options.cwd, given);
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        const code = error.code ?? 'unreadable';
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG_MISSING', `cannot read signing config ${given} (${code})`, {
            cause: error,
        });
    }
    const document = await decode(text, given);
    if (!(0,fields/* isRecord */.u4)(document) || document.signing === undefined) {
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `${given}: no signing: key; the file needs signing: with one mapping per profile`);
    }
    return (0,config/* parseSigningMap */.Bf)(document.signing, {
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
    const { decodeYaml } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(628)]).then(__webpack_require__.bind(__webpack_require__, 9628));
    return decodeYaml(text, (at, code) => `${file}:${at.line}:${at.col}: not valid YAML or JSON (${code})`);
}

;// CONCATENATED MODULE: ./src/signing/request-input.ts





/**
 * The headers, the body and signing profile `name` for one request described on the command
 * line, in that order (a bad --header fails before stdin is read or the config is loaded).
 */
async function readRequestArgs(name, values, io) {
    const headers = parseHeaderArgs(values.header);
    const body = await readBody({
        ...(values.body === undefined ? {} : { body: values.body }),
        ...(values['body-file'] === undefined ? {} : { bodyFile: values['body-file'] }),
        cwd: io.cwd,
    });
    const profiles = await loadSigningProfiles({
        ...(values.config === undefined ? {} : { config: values.config }),
        env: io.env,
        cwd: io.cwd,
        only: name,
    });
    return { headers, body, profile: (0,config/* getProfile */.E$)(profiles, name) };
}
/** `["Content-Type: application/json", …]` → `{ 'Content-Type': 'application/json' }`; a repeated name is joined with ", ". */
function parseHeaderArgs(lines) {
    const headers = {};
    for (const line of lines) {
        const colon = line.indexOf(':');
        const name = colon === -1 ? '' : line.slice(0, colon).trim();
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(line)) {
            // Not echoed: a mistyped header may well be a credential ("Authorization Bearer …").
            throw new errors/* UsageError */.eb('--header must be "Name: value" with a header name before the colon');
        }
        const value = line.slice(colon + 1).trim();
        const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
        if (existing === undefined)
            headers[name] = value;
        else
            headers[existing] = `${headers[existing]}, ${value}`;
    }
    return headers;
}
/** The body from `--body S` or `--body-file F` (`-` reads stdin), as the exact bytes to sign. */
async function readBody(options) {
    if (options.body !== undefined && options.bodyFile !== undefined)
        throw new errors/* UsageError */.eb('give --body or --body-file, not both');
    if (options.body !== undefined)
        return Buffer.from(options.body);
    if (options.bodyFile === undefined)
        return Buffer.alloc(0);
    if (options.bodyFile === '-') {
        const chunks = [];
        for await (const chunk of options.stdin ?? process.stdin)
            chunks.push(Buffer.from(chunk));
        return Buffer.concat(chunks);
    }
    try {
        return await (0,promises_.readFile)((0,external_node_path_.resolve)(options.cwd, options.bodyFile));
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`cannot read --body-file ${options.bodyFile} (${error.code ?? 'unreadable'})`);
    }
}


/***/ }),

/***/ 3531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ defaultSignDeps),
  z: () => (/* binding */ signRequest)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(9722);
// EXTERNAL MODULE: ./src/signing/fields.ts
var fields = __webpack_require__(8422);
;// CONCATENATED MODULE: ./src/signing/bearer.ts


/**
 * A static credential (`token`) or, without one, the stint token (`$STINT_TOKEN`), in a
 * header (default `Authorization: Bearer …`) or a query parameter.
 *
 * @example
 * bearerRequest(profile, request, deps) // → { headers: { Authorization: 'Bearer …' } }
 */
function bearerRequest(profile, request, deps) {
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
        throw new errors/* StintError */.Fp('ERR_STINT_TOKEN_MISSING', `bearer profile "${profile.name}" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: \${{ steps.<id>.outputs.token }}), or exports="$(stint exchange --broker URL --project P)" || exit 1; eval "$exports"`);
    }
    // Checked as a profile's own token is (profiles.ts): it goes into a header or the URL as it is.
    const sent = (0,fields/* withoutTrailingNewline */.tk)(token);
    const problem = (0,fields/* headerValueProblem */.kX)(sent);
    if (problem !== undefined) {
        throw new errors/* StintError */.Fp('ERR_STINT_TOKEN_MALFORMED', `bearer profile "${profile.name}" sends the stint token, and STINT_TOKEN ${problem}; set it to what stint exchange exported as STINT_TOKEN`);
    }
    return sent;
}

// EXTERNAL MODULE: ./src/signing/hmac.ts
var hmac = __webpack_require__(5272);
// EXTERNAL MODULE: ./src/signing/http-signature.ts
var http_signature = __webpack_require__(36);
// EXTERNAL MODULE: ./src/lib/jws-crypto.ts
var jws_crypto = __webpack_require__(7993);
// EXTERNAL MODULE: ./src/signing/profiles.ts
var profiles = __webpack_require__(8357);
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
function jwtHeaders(profile, _request, deps) {
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
            signer = { header: encoded, sign: (input) => (0,external_node_crypto_.createHmac)(digest, secret).update(input).digest('base64url') };
        }
        else {
            const key = (0,profiles/* readPrivateKey */.$k)(keyText);
            const alg = profile.alg;
            signer = {
                header: encoded,
                sign: (input) => (0,jws_crypto/* signJws */.GM)(alg, key, Buffer.from(input, 'ascii')).toString('base64url'),
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
            return { headers: (0,hmac/* hmacHeaders */.Aj)(profile, request, deps) };
        case 'http-signature':
            return { headers: (0,http_signature/* httpSignatureHeaders */.Nc)(profile, request, deps) };
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
    if (!(0,loopback/* sendsInClear */.IV)(url))
        return;
    throw new errors/* StintError */.Fp('ERR_REQUEST_URL_INVALID', `${url.origin}${url.pathname} is plain http to another machine, which would send profile "${profile.name}"'s ${profile.type} credential in clear; use https (${loopback/* PLAIN_HTTP_ONLY_HERE */.W7})`);
}


/***/ })

};
