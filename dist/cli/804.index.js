export const id = 804;
export const ids = [804];
export const modules = {

/***/ 3885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E3: () => (/* binding */ coversEveryAddress),
/* harmony export */   JR: () => (/* binding */ isCidr),
/* harmony export */   sr: () => (/* binding */ inCidr)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

/** An address (`10.0.0.2`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function isCidr(entry) {
    const [address, bits, extra] = entry.split('/');
    if (extra !== undefined || address === undefined)
        return false;
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address);
    if (family === 0)
        return false;
    if (bits === undefined)
        return true;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
/**
 * Which clients a list of addresses and CIDR ranges (`trust_proxy`) lets through whatever address
 * they connect from: `every client` when the entries together cover all of IPv6 (IPv4 clients
 * included: Node matches them against IPv6 ranges as `::ffff:a.b.c.d`), `every IPv4 client` when
 * they cover all of IPv4 (`0.0.0.0/0`, `::ffff:0:0/96`, or several ranges that add up to it),
 * else undefined. Entries must be valid (`isCidr`).
 *
 * @example
 * coversEveryAddress(['10.0.0.0/8'])                 // undefined
 * coversEveryAddress(['0.0.0.0/1', '128.0.0.0/1'])   // 'every IPv4 client'
 */
function coversEveryAddress(entries) {
    const v4 = [];
    const v6 = [];
    for (const entry of entries) {
        const [address, bits] = entry.split('/');
        if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address) === 4) {
            const range = rangeOf(ipv4Number(address), bits === undefined ? 32 : Number(bits), 32);
            v4.push(range);
            v6.push([MAPPED + range[0], MAPPED + range[1]]);
        }
        else {
            const range = rangeOf(ipv6Number(address), bits === undefined ? 128 : Number(bits), 128);
            v6.push(range);
            // The part of it that IPv4-mapped addresses fall in, as IPv4.
            const from = range[0] > MAPPED ? range[0] : MAPPED;
            const to = range[1] < MAPPED + V4_LAST ? range[1] : MAPPED + V4_LAST;
            if (from <= to)
                v4.push([from - MAPPED, to - MAPPED]);
        }
    }
    if (covers(v6, (1n << 128n) - 1n))
        return 'every client';
    if (covers(v4, V4_LAST))
        return 'every IPv4 client';
    return undefined;
}
/**
 * Whether `address` (an IPv4 or IPv6 address) is `range` (an address) or falls in it (a CIDR
 * range); both valid (`isCidr`). An IPv4 address matches only IPv4 ranges, an IPv6 one IPv6 ranges.
 *
 * @example
 * inCidr('198.51.100.7', '198.51.0.0/16') // true
 */
function inCidr(address, range) {
    const [base, bits] = range.split('/');
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address);
    if (family === 0 || family !== (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(base))
        return false;
    const width = family === 4 ? 32 : 128;
    const number = family === 4 ? ipv4Number : ipv6Number;
    const [from, to] = rangeOf(number(base), bits === undefined ? width : Number(bits), width);
    const value = number(address);
    return value >= from && value <= to;
}
const V4_LAST = (1n << 32n) - 1n;
/** `::ffff:0.0.0.0`, where IPv4-mapped IPv6 addresses start. */
const MAPPED = 0xffffn << 32n;
function rangeOf(address, bits, width) {
    const size = 1n << BigInt(width - bits);
    const start = address - (address % size);
    return [start, start + size - 1n];
}
/** True when the ranges together cover 0…last. */
function covers(ranges, last) {
    let next = 0n;
    for (const [from, to] of [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        if (from > next)
            return false;
        if (to + 1n > next)
            next = to + 1n;
        if (next > last)
            return true;
    }
    return false;
}
function ipv4Number(address) {
    return address.split('.').reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n);
}
function ipv6Number(address) {
    let text = address;
    // A trailing dotted IPv4 part (`::ffff:192.0.2.1`) is the last two groups.
    const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (dotted) {
        const v4 = ipv4Number(dotted[1]);
        text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    }
    const [head, tail] = text.split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === undefined || tail === '' ? [] : tail.split(':');
    const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
    return groups.reduce((n, group) => (n << 16n) + BigInt(Number.parseInt(group, 16)), 0n);
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

/***/ 3438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ quoteInput)
/* harmony export */ });
/**
 * A value a caller sent, as an error message quotes it: JSON-quoted (so quotes and control
 * characters are escaped) and cut to 200 characters (a request body may hold 64 KiB of it).
 *
 * @example
 * quoteInput('read,write') // '"read,write"'
 */
function quoteInput(value) {
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}


/***/ }),

/***/ 5757:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ redactUrl),
/* harmony export */   O: () => (/* binding */ urlForMessage)
/* harmony export */ });
/**
 * A URL (or a `user:password@host:port` without a scheme, as a sentinel or cluster node is written)
 * with its password replaced by `***`, so an error message or a log line never repeats it. With
 * `user: false` the user name goes too (`https://***@host`): where no user name belongs (an
 * issuer), one may be a token pasted in its place. The password runs to the last `@` of the
 * value, so one holding `@`, or a `/` a URL parser would take for the path (a base64 password
 * left unencoded: the URL that quotes it did not parse), is replaced whole; a path holding `@`
 * may lose its start too, which in a message costs nothing.
 *
 * @example
 * redactUrl('redis://alice:hunter2@redis.internal:6379/0') // 'redis://alice:***@redis.internal:6379/0'
 * redactUrl('alice:hunter2@10.1.2.3:26379')                 // 'alice:***@10.1.2.3:26379'
 * redactUrl('https://ghp_x@ci.example', { user: false })   // 'https://***@ci.example'
 */
function redactUrl(text, options = {}) {
    return text.replace(/(^|\/\/|[\s'"(,])([^\s/@:'"(,]*)(:(?!\/\/)[^\s'"]*)?@/g, (found, before, user, password) => {
        if (options.user === false && (user !== '' || password !== undefined))
            return `${before}***@`;
        return password === undefined ? found : `${before}${user}:***@`;
    });
}
/**
 * A URL as a message shows it: without user info and without its query, either of which may be
 * a credential (`https://u:pw@host`, `?key=…`, `?private_token=…`); a query is shown as `?…`, so
 * the reader knows there was one. Text that is not a URL goes through `redactUrl` with no user.
 * Where the CLI prints a request's URL it keeps the same parts (origin and path).
 *
 * @example
 * urlForMessage('https://u:pw@broker.example/jwks?key=abc') // 'https://broker.example/jwks?…'
 */
function urlForMessage(text) {
    if (!URL.canParse(text))
        return redactUrl(text, { user: false });
    const url = new URL(text);
    const query = url.search === '' && !text.includes('?') ? '' : '?…';
    return redactUrl(`${url.protocol}${url.host === '' ? '' : '//'}${url.host}${url.pathname}${query}`, { user: false });
}


/***/ }),

/***/ 8314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K0: () => (/* binding */ aliasesExpandTooFar),
/* harmony export */   ap: () => (/* binding */ MAX_YAML_ALIASES),
/* harmony export */   wL: () => (/* binding */ ALIASES_TOO_FAR)
/* harmony export */ });
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


/***/ }),

/***/ 4009:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ audienceKey),
/* harmony export */   V: () => (/* binding */ readProjects)
/* harmony export */ });
/* harmony import */ var _lib_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2543);
/* harmony import */ var _config_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6435);
/* harmony import */ var _defaults_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6794);
/* harmony import */ var _rule_checks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4654);




const PROJECT_KEYS = ['audience', 'shared_audience', 'scopes', 'ttl', 'max_ttl', 'rate_limit', 'trust'];
const RULE_KEYS = ['provider', 'subject', 'claims', 'scopes'];
/** RFC 6749 §3.3 scope-token. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
/**
 * `projects:`: each project's audience, scopes, lifetimes, rate limit and trust rules. Every rule
 * is checked on its own terms (checkRule) and its problems placed on the field they are about.
 */
function readProjects(reader, entry, providers, root) {
    const projects = Object.create(null);
    if (!entry) {
        reader.error(root, 'ERR_CONFIG_INVALID', "missing 'projects': each project names its scopes and the trust rules that may get its tokens");
        return projects;
    }
    const entries = reader.map(entry.value, 'projects');
    if (!entries)
        return projects;
    if (entries.size === 0)
        reader.error(entry.key, 'ERR_CONFIG_INVALID', 'projects is empty: configure at least one project');
    const audiences = [];
    for (const [name, { key, value }] of entries) {
        const project = readProject(reader, name, key, value, providers, audiences);
        if (project)
            projects[name] = project;
    }
    checkSharedAudiences(reader, audiences);
    return projects;
}
/**
 * Two projects with one audience: a token minted for one is accepted by the other's resource
 * server, which checks `aud`. Refused unless every project that shares it says
 * `shared_audience: true` (one service that tells the projects apart by the `project` claim).
 */
function checkSharedAudiences(reader, seen) {
    const firstWith = new Map();
    for (const later of seen) {
        // Keyed as the broker matches a resource indicator (src/broker/target.ts): two spellings of one
        // URL (`https://svc.example.com` and `https://svc.example.com/`) are one audience.
        const key = audienceKey(later.audience);
        const first = firstWith.get(key);
        if (first === undefined)
            firstWith.set(key, later);
        if (first === undefined || (first.shared && later.shared))
            continue;
        const spelled = first.audience === later.audience ? '' : ` (spelled ${first.audience} there, the same URL)`;
        reader.error(later.node, 'ERR_POLICY_AUDIENCE_SHARED', `projects.${later.project}.audience ${later.audience} is also the audience of project ${first.project}${spelled}: a token minted for either would be accepted by the other's resource server; give each project its own audience, or, if one service serves both and checks the token's project claim, set shared_audience: true on both`);
    }
}
/**
 * An audience as a URL parser normalises it (scheme and host case, default port, an empty path as
 * `/`), else as written: two audiences with one key are one audience, here at load and in the
 * broker's lookup of a resource indicator (src/broker/target.ts).
 */
function audienceKey(audience) {
    try {
        return new URL(audience).href;
    }
    catch {
        return audience;
    }
}
function readProject(reader, name, key, value, providers, audiences) {
    const where = `projects.${name}`;
    if (!_config_values_js__WEBPACK_IMPORTED_MODULE_1__/* .CONFIG_NAME */ .fA.test(name)) {
        reader.error(key, 'ERR_CONFIG_INVALID', `project name '${name}' must start with a letter or digit, then letters, digits, '.', '_' or '-'`);
        return undefined;
    }
    const fields = reader.map(value, where, PROJECT_KEYS);
    if (!fields)
        return undefined;
    const project = {
        name,
        audience: `stint:${name}`,
        scopes: [],
        ttl: _defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .CONFIG_DEFAULTS */ .IE.ttl,
        max_ttl: _defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .CONFIG_DEFAULTS */ .IE.max_ttl,
        trust: [],
    };
    const audience = fields.get('audience');
    if (audience)
        project.audience = reader.string(audience.value, `${where}.audience`) ?? project.audience;
    const shared = fields.get('shared_audience');
    audiences.push({
        project: name,
        audience: project.audience,
        node: audience?.value ?? key,
        shared: shared !== undefined && reader.boolean(shared.value, `${where}.shared_audience`) === true,
    });
    const scopes = fields.get('scopes');
    if (scopes) {
        for (const { value: scope, node } of reader.strings(scopes.value, `${where}.scopes`) ?? []) {
            if (!SCOPE.test(scope))
                reader.error(node, 'ERR_CONFIG_INVALID', `scope '${scope}' has a character OAuth scopes cannot carry (space, quote or backslash)`);
            else if (project.scopes.includes(scope))
                reader.warn(node, 'WARN_SCOPE_DUPLICATE', `scope '${scope}' is listed twice`);
            else
                project.scopes.push(scope);
        }
    }
    const ttl = fields.get('ttl');
    const maxTtl = fields.get('max_ttl');
    if (ttl)
        project.ttl = (0,_config_values_js__WEBPACK_IMPORTED_MODULE_1__/* .readDuration */ .$7)(reader, ttl.value, `${where}.ttl`) ?? project.ttl;
    if (maxTtl)
        project.max_ttl = (0,_config_values_js__WEBPACK_IMPORTED_MODULE_1__/* .readDuration */ .$7)(reader, maxTtl.value, `${where}.max_ttl`) ?? project.max_ttl;
    if (project.max_ttl > _defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .TTL_CEILING */ .zG) {
        reader.error(maxTtl?.value ?? key, 'ERR_CONFIG_INVALID', `${where}.max_ttl ${(0,_lib_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(project.max_ttl)} is above the 24h ceiling; stint tokens are short-lived`);
    }
    if (project.ttl > project.max_ttl) {
        reader.error(ttl?.value ?? maxTtl?.value ?? key, 'ERR_CONFIG_INVALID', `${where}.ttl ${(0,_lib_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(project.ttl)} is longer than max_ttl ${(0,_lib_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(project.max_ttl)}; lower ttl or raise max_ttl`);
    }
    const rateLimit = fields.get('rate_limit');
    if (rateLimit)
        project.rate_limit = (0,_config_values_js__WEBPACK_IMPORTED_MODULE_1__/* .readRateLimit */ .y9)(reader, rateLimit.value, `${where}.rate_limit`, _defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .CONFIG_DEFAULTS */ .IE.rate_limit);
    const trust = fields.get('trust');
    const rules = trust ? reader.list(trust.value, `${where}.trust`) : undefined;
    if (!trust || (rules !== undefined && rules.length === 0)) {
        reader.error(trust?.key ?? key, 'ERR_POLICY_NO_RULES', `project ${name} has no trust rule naming a subject, so no job could ever get its tokens; add trust: [{ provider, subject }]`);
    }
    (rules ?? []).forEach((node, index) => {
        const rule = readRule(reader, node, `${where}.trust[${index}]`, index, project, providers);
        if (rule)
            project.trust.push(rule);
    });
    return project;
}
function readRule(reader, node, where, index, project, providers) {
    const fields = reader.map(node, where, RULE_KEYS);
    if (!fields)
        return undefined;
    const position = reader.at(node);
    const providerEntry = fields.get('provider');
    const providerName = providerEntry ? reader.string(providerEntry.value, `${where}.provider`) : undefined;
    if (!providerEntry)
        reader.error(node, 'ERR_CONFIG_INVALID', `${where} needs provider: (one of ${Object.keys(providers).join(', ') || 'the configured providers'})`);
    const provider = providerName === undefined ? undefined : providers[providerName]; // null-prototype record
    if (providerName !== undefined && provider === undefined) {
        reader.error(providerEntry?.value, 'ERR_POLICY_UNKNOWN_PROVIDER', `${where} names provider '${providerName}', which is not configured under providers (configured: ${Object.keys(providers).join(', ') || 'none'})`);
    }
    const subjectEntry = fields.get('subject');
    const subject = subjectEntry ? reader.string(subjectEntry.value, `${where}.subject`) : undefined;
    if (!subjectEntry)
        reader.error(node, 'ERR_POLICY_NO_SUBJECT', `${where} needs a subject: the CI token's sub it trusts, e.g. repo:acme@1234567/warehouse@7654321:ref:refs/heads/main`);
    const claims = Object.create(null);
    const claimNodes = new Map();
    const claimsEntry = fields.get('claims');
    const claimFields = claimsEntry ? reader.map(claimsEntry.value, `${where}.claims`) : undefined;
    for (const [claim, { key, value }] of claimFields ?? []) {
        claimNodes.set(claim, key);
        const values = readClaimValues(reader, value, `${where}.claims.${claim}`);
        if (values)
            claims[claim] = values;
    }
    const scopes = [];
    const scopeNodes = [];
    const scopesEntry = fields.get('scopes');
    const listed = scopesEntry ? reader.resolve(scopesEntry.value) : undefined;
    if (listed !== null && listed !== undefined && 'items' in listed && listed.items.length === 0) {
        // An empty list would read as "the project's scopes"; make the author say which they mean.
        reader.error(scopesEntry?.value, 'ERR_CONFIG_INVALID', `${where}.scopes is empty: leave it out to grant the project's scopes, or list the scopes this rule grants`);
    }
    for (const { value, node: scopeNode } of scopesEntry
        ? (reader.strings(scopesEntry.value, `${where}.scopes`) ?? [])
        : []) {
        scopes.push(value);
        scopeNodes.push(scopeNode);
    }
    if (provider === undefined || subject === undefined)
        return undefined;
    const rule = {
        index,
        position,
        provider: provider.name,
        subject,
        claims,
        scopes: scopes.length > 0 ? scopes : [...project.scopes],
    };
    for (const problem of (0,_rule_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .checkRule */ .T)({ subject, claims, scopes }, provider, project)) {
        const at = problem.field === 'subject'
            ? subjectEntry?.value
            : problem.field.startsWith('claims.')
                ? claimNodes.get(problem.field.slice('claims.'.length))
                : scopeNodes[Number(/\d+/.exec(problem.field)?.[0] ?? 0)];
        const message = `${where}: ${problem.message}`;
        if (problem.severity === 'error')
            reader.error(at ?? node, problem.code, message);
        else
            reader.warn(at ?? node, problem.code, message);
    }
    return rule;
}
/**
 * A claim condition's values: one value or a list. Claims compare as strings, so a number keeps
 * the text it was written with (`ref: 1.10` is "1.10", not "1.1"; `id: 0123` stays "0123") and
 * a boolean becomes "true" or "false".
 */
function readClaimValues(reader, node, where) {
    const target = reader.resolve(node);
    const items = target !== null && target !== undefined && 'items' in target ? reader.list(node, where) : [node];
    if (!items)
        return undefined;
    const values = [];
    for (const item of items) {
        const value = reader.scalar(item, where);
        const source = reader.resolve(item)?.source;
        if (typeof value === 'number')
            values.push(typeof source === 'string' && source !== '' ? source : String(value));
        else if (typeof value === 'string' || typeof value === 'boolean')
            values.push(String(value));
        else if (value !== undefined)
            reader.error(item, 'ERR_CONFIG_INVALID', `${where} values must be strings, numbers or booleans`);
        else
            return undefined;
    }
    return values;
}


/***/ }),

/***/ 6435:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fA: () => (/* reexport */ CONFIG_NAME),
  f$: () => (/* binding */ parseHttpUrl),
  U_: () => (/* binding */ rateLimitFrom),
  $7: () => (/* binding */ readDuration),
  y9: () => (/* binding */ readRateLimit)
});

// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
;// CONCATENATED MODULE: ./src/lib/config-name.ts
/**
 * A provider or project name in the broker's policy: a letter or digit, then letters, digits,
 * '.', '_' or '-'. Here, below both, so the broker's config reader and the action's `project`
 * input check the same grammar (a name the broker could never hold is refused before a token is
 * asked for, rather than denied by the broker as one it does not have).
 */
const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

;// CONCATENATED MODULE: ./src/policy/config-values.ts


/** A `{ rps, burst }` mapping at `where`; fields left out keep `fallback`'s. */
function readRateLimit(reader, node, where, fallback) {
    return rateLimitFrom(reader, reader.map(node, where, ['rps', 'burst']), where, fallback);
}
/** `rps` and `burst` from a mapping already read (one that may hold other keys too). */
function rateLimitFrom(reader, fields, where, fallback) {
    const limit = { ...fallback };
    const rps = fields?.get('rps');
    if (rps)
        limit.rps = reader.positiveNumber(rps.value, `${where}.rps`) ?? limit.rps;
    const burst = fields?.get('burst');
    if (burst) {
        const value = reader.positiveNumber(burst.value, `${where}.burst`);
        if (value !== undefined && !Number.isInteger(value))
            reader.error(burst.value, 'ERR_CONFIG_INVALID', `${where}.burst must be a whole number`);
        else if (value !== undefined)
            limit.burst = value;
    }
    return limit;
}
/** A duration field (`15m`, `90`, `1h30m`) in seconds, or undefined with an ERR_DURATION_INVALID diagnostic. */
function readDuration(reader, node, where) {
    const value = reader.scalar(node, where);
    if (value === undefined)
        return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
        reader.error(node, 'ERR_DURATION_INVALID', `${where} must be a duration such as 90s, 15m, 1h or 30d`);
        return undefined;
    }
    try {
        return (0,duration/* parseDuration */.E)(value);
    }
    catch (error) {
        reader.error(node, 'ERR_DURATION_INVALID', `${where}: ${error.message}`);
        return undefined;
    }
}
/** An absolute http(s) URL, or undefined. */
function parseHttpUrl(text) {
    try {
        const url = new URL(text);
        return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 6794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IE: () => (/* binding */ CONFIG_DEFAULTS),
/* harmony export */   wm: () => (/* binding */ ASYMMETRIC_ALGORITHMS),
/* harmony export */   zG: () => (/* binding */ TTL_CEILING)
/* harmony export */ });
/** Defaults for everything the config may leave out (docs/policy.md#the-config-file). */
const CONFIG_DEFAULTS = {
    keys: { dir: '.stint/keys', algorithm: 'ES256', rotate_every: 30 * 86_400, grace: 7 * 86_400 },
    /** The embedded store's state directory, relative to the config file. */
    store: { kind: 'memory', dir: '.stint/state' },
    audit: { file: '.stint/audit.jsonl' },
    rate_limit: { rps: 20, burst: 200 },
    /** `rate_limit.per_address`: requests that carry or ask for a credential, per client address (IPv6: per /64). */
    address_rate_limit: { rps: 100, burst: 1000 },
    /**
     * `rate_limit.connections_per_address`: connections one TCP peer (IPv6: its /64) may hold open at
     * once, trusted proxies aside (docs/broker.md#connections-per-address).
     */
    connections_per_address: 256,
    shutdown_grace: 10,
    /** A project's default token lifetime. */
    ttl: 15 * 60,
    /** A project's default longest lifetime a caller may ask for. */
    max_ttl: 60 * 60,
};
/** No project may mint tokens that live longer than this, whatever its `max_ttl` says. */
const TTL_CEILING = 24 * 3600;
/** JWS algorithms a CI token may be signed with: asymmetric only. Never `none`, never HMAC. */
const ASYMMETRIC_ALGORITHMS = [
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'EdDSA',
];


/***/ }),

/***/ 7855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IE: () => (/* reexport */ defaults/* CONFIG_DEFAULTS */.IE),
  m1: () => (/* reexport */ GENERIC_HINT),
  zG: () => (/* reexport */ defaults/* TTL_CEILING */.zG),
  C_: () => (/* reexport */ compilePolicy),
  xy: () => (/* reexport */ formatDiagnostic),
  HT: () => (/* reexport */ loadConfigFile),
  o4: () => (/* reexport */ parseConfig),
  E9: () => (/* reexport */ duration/* parseDuration */.E),
  im: () => (/* reexport */ readConfigText),
  v0: () => (/* reexport */ scopes/* requestScopes */.v),
  $r: () => (/* reexport */ validateConfig)
});

// UNUSED EXPORTS: ASYMMETRIC_ALGORITHMS, ConfigError, MAX_SUBJECT_LENGTH, compilePattern, formatDuration, subjectProblem

// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
// EXTERNAL MODULE: ./src/providers/index.ts
var src_providers = __webpack_require__(7486);
// EXTERNAL MODULE: ./src/policy/pattern.ts
var policy_pattern = __webpack_require__(3636);
;// CONCATENATED MODULE: ./src/policy/denial.ts


/** What a caller is told when the policy may not tell them more (`disclose` false). */
const GENERIC_HINT = 'this token is not allowed to get tokens for this project';
/**
 * What to tell the owner of a denied job, from the first comparison that failed on the rule
 * that came closest: "ref refs/heads/feature-x is not allowed for project warehouse". It quotes
 * the token's side only, never what a rule wants: a caller whose owner NAME is in the policy may
 * be whoever registered a deleted owner's name, and the trusted owner or repository ID is what
 * they would need to know. The denial's reason (the audit log's) has both sides.
 */
function hintFor(failed, project, identity) {
    const subject = identity.subject;
    const ci = (0,src_providers/* ciDescriptor */.oP)(identity.provider);
    const ids = ci.subject.fields?.ids;
    if (ids !== undefined && (failed.field === ids.owner || failed.field === ids.repo)) {
        const label = failed.field === ids.repo ? `repository ${identity.repository ?? '?'}` : `owner ${identity.owner ?? '?'}`;
        return `${label} has ID ${failed.got ?? '(none)'}, which is not the ID project ${project} trusts (was it deleted and recreated under the same name?)`;
    }
    const guarded = ci.claims.guarded.find((g) => g.claim === failed.field && g.value === failed.got);
    if (guarded !== undefined) {
        return `${guarded.value} runs are not allowed for project ${project} unless a trust rule names ${guarded.claim}: ${guarded.value}`;
    }
    switch (failed.field) {
        case 'provider':
            return `project ${project} does not trust tokens from provider ${failed.got ?? '(none)'}`;
        case 'event_name':
            return `event ${failed.got ?? '(none)'} is not allowed for project ${project}`;
        case 'subject':
            return subjectHint(subject, String(failed.wanted), project, identity);
        default:
            return `${failed.field} ${failed.got ?? '(missing)'} is not allowed for project ${project}`;
    }
}
function subjectHint(subject, wanted, project, identity) {
    const fields = (0,src_providers/* ciDescriptor */.oP)(identity.provider).subject.fields;
    if (fields !== undefined) {
        const got = fields.parse(subject);
        const line = fields.parse(wanted);
        if (got !== undefined &&
            line !== undefined &&
            (got.owner !== line.owner || got.repo !== line.repo) &&
            !/\*/.test(line.owner + line.repo)) {
            return `repository ${got.owner}/${got.repo} is not trusted by project ${project}`;
        }
        const context = got === undefined ? undefined : fields.describeContext(got.context);
        if (context !== undefined)
            return `${context} not allowed for project ${project}`;
    }
    const differing = fields === undefined ? differingPair(subject, wanted, identity) : undefined;
    if (differing !== undefined)
        return `${differing.label} ${differing.got} is not allowed for project ${project}`;
    return `subject ${subject} is not allowed for project ${project}`;
}
/**
 * The first pair of the token's subject that the rule's subject does not allow, for a CI that
 * writes its subject as `key<sep>value` pairs (GitLab, Buildkite, CircleCI): its label and the
 * token's value, never the rule's. Undefined when the two do not split into the same keys (a
 * value holding the separator, another shape), and then the hint quotes the whole subject.
 */
function differingPair(subject, wanted, identity) {
    const grammar = (0,src_providers/* ciDescriptor */.oP)(identity.provider).subject;
    if (grammar.pairs === undefined)
        return undefined;
    const got = splitPairs(subject, grammar.pairs, grammar.separator);
    const want = splitPairs(wanted, grammar.pairs, grammar.separator);
    if (got === undefined || want === undefined)
        return undefined;
    if (got.size !== want.size || [...got.keys()].some((key) => !want.has(key)))
        return undefined;
    for (const { key, label } of grammar.pairs) {
        const value = got.get(key);
        const pattern = want.get(key);
        if (value !== undefined && pattern !== undefined && !(0,policy_pattern/* compilePattern */.Eb)(pattern).test(value))
            return { label, got: value };
    }
    return undefined;
}
/**
 * `subject` split at the keys of `pairs`, found in that order (any after the first may be
 * absent): `organization:acme:pipeline:warehouse:…` → acme, warehouse, …. Undefined when the
 * subject does not start with the first key.
 */
function splitPairs(subject, pairs, separator) {
    const first = pairs[0];
    if (first === undefined || !subject.startsWith(`${first.key}${separator}`))
        return undefined;
    const found = [
        { key: first.key, start: first.key.length + 1, marker: 0 },
    ];
    let cursor = first.key.length + 1;
    for (const { key } of pairs.slice(1)) {
        const marker = subject.indexOf(`${separator}${key}${separator}`, cursor);
        if (marker === -1)
            continue;
        found.push({ key, start: marker + key.length + 2, marker });
        cursor = marker + key.length + 2;
    }
    const values = new Map();
    for (const [i, pair] of found.entries())
        values.set(pair.key, subject.slice(pair.start, found[i + 1]?.marker ?? subject.length));
    return values;
}
/**
 * A typed denial. `hint` always holds what to fix; the broker shows it only when `disclose` is
 * true and `GENERIC_HINT` otherwise, while `stint policy explain` shows it to the admin.
 */
function denial(code, reason, hint, disclose, identity) {
    const out = { ok: false, code, reason, hint, disclose };
    if (identity !== undefined)
        out.identity = identity;
    return out;
}

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/policy/diagnostics.ts

/**
 * `file:line:column: error|warning: message`, the form editors and CI annotations understand.
 *
 * @example formatDiagnostic(d) // 'stint.yml:12:7: error: unknown key "subjet" in projects.warehouse.trust[0] …'
 */
function formatDiagnostic(d) {
    const { file, line, column } = d.position;
    return `${file}:${line}:${column}: ${d.severity}: ${d.message}`;
}
/**
 * A config that cannot be used. `message` holds one `file:line:column: message` line per error
 * (all of them, not just the first); `diagnostics` has every error and warning.
 */
class ConfigError extends errors/* StintError */.Fp {
    diagnostics;
    constructor(diagnostics) {
        const errors = diagnostics.filter((d) => d.severity === 'error');
        super('ERR_CONFIG_INVALID', errors.map((d) => `${d.position.file}:${d.position.line}:${d.position.column}: ${d.message}`).join('\n'));
        this.name = 'ConfigError';
        this.diagnostics = diagnostics;
    }
}

// EXTERNAL MODULE: ./src/policy/rule-checks.ts
var rule_checks = __webpack_require__(4654);
;// CONCATENATED MODULE: ./src/policy/rule-matcher.ts


/** Builds the view of a token of a CI of `kind` that `CompiledRule` compares against. */
function tokenView(provider, kind, subject, claims) {
    return { provider, subject, claims, parts: (0,src_providers/* ciDescriptor */.oP)(kind).subject.fields?.parse(subject) };
}
/**
 * Compiles the rules of one policy. Rules are data plus shared matchers, not closures: a pattern
 * text (`ref:refs/heads/main`, `push`) is compiled once for every rule that names it, and the
 * provider and guard checks are one object per provider, so 100,000 rules stay small and quick
 * to build.
 */
class RuleCompiler {
    patterns = new Map();
    shared = new Map();
    /** Compiles one rule of a provider of `kind`. */
    compile(rule, kind) {
        const ci = (0,src_providers/* ciDescriptor */.oP)(kind);
        const line = ci.subject.fields?.parse(rule.subject);
        const fields = [
            this.one(`provider\0${rule.provider}`, () => new ProviderField(rule.provider)),
            ci.subject.fields !== undefined && line !== undefined
                ? new FieldsSubject(rule.subject, this.pattern(line.owner), this.pattern(line.repo), this.pattern(line.context), line.ownerId, line.repoId, ci.subject.fields.ids)
                : new PlainSubject(this.pattern(rule.subject)),
        ];
        for (const [name, values] of Object.entries(rule.claims)) {
            fields.push(new ClaimField(name, values, values.map((v) => this.pattern(v))));
        }
        // A guarded value (GitHub's pull_request_target) is allowed only by a rule that names it outright, never by a wildcard.
        for (const { claim, value } of ci.claims.guarded) {
            if (!(rule.claims[claim]?.includes(value) ?? false))
                fields.push(this.one(`guard\0${claim}\0${value}`, () => new Guard(claim, value)));
        }
        const owner = ci.subject.owner(rule.subject);
        const repository = ci.subject.repository(rule.subject);
        return new Rule(rule, kind, owner !== undefined && !(0,policy_pattern/* hasWildcard */.rl)(owner) ? owner : undefined, line?.ownerId, repository !== undefined && !(0,policy_pattern/* hasWildcard */.rl)(repository) ? repository : undefined, environmentPin(rule, ci, line), fields);
    }
    pattern(source) {
        let pattern = this.patterns.get(source);
        if (pattern === undefined) {
            pattern = (0,policy_pattern/* compilePattern */.Eb)(source);
            this.patterns.set(source, pattern);
        }
        return pattern;
    }
    one(key, make) {
        let field = this.shared.get(key);
        if (field === undefined) {
            field = make();
            this.shared.set(key, field);
        }
        return field;
    }
}
class Rule {
    rule;
    kind;
    owner;
    ownerId;
    repository;
    pin;
    fields;
    constructor(rule, kind, owner, ownerId, repository, pin, fields) {
        this.rule = rule;
        this.kind = kind;
        this.owner = owner;
        this.ownerId = ownerId;
        this.repository = repository;
        this.pin = pin;
        this.fields = fields;
    }
    pinsEnvironment(environment) {
        return this.pin === true || this.pin === environment;
    }
    matches(token) {
        for (const field of this.fields)
            if (!field.test(token))
                return false;
        return true;
    }
    compare(token) {
        return this.fields.flatMap((field) => field.compare(token));
    }
}
class ProviderField {
    wanted;
    constructor(wanted) {
        this.wanted = wanted;
    }
    test(token) {
        return token.provider === this.wanted;
    }
    compare(token) {
        return [{ field: 'provider', wanted: this.wanted, got: token.provider, matched: this.test(token) }];
    }
}
class PlainSubject {
    pattern;
    constructor(pattern) {
        this.pattern = pattern;
    }
    test(token) {
        return this.pattern.test(token.subject);
    }
    compare(token) {
        return [{ field: 'subject', wanted: this.pattern.source, got: token.subject, matched: this.test(token) }];
    }
}
/**
 * A subject with owner and repository fields (GitHub's two forms) against one line. Names
 * (owner, repository) and the context after them are compared as patterns. IDs written in the
 * line must agree: with the token's IDs when its subject is the immutable `owner@id/repo@id`
 * form, else with the `ids` claims (GitHub's `repository_owner_id` and `repository_id`), which
 * the CI signs into every token. So a pinned line never trusts a repository deleted and
 * recreated under the same name.
 */
class FieldsSubject {
    source;
    owner;
    repo;
    context;
    ownerId;
    repoId;
    idClaims;
    /** The whole line as one pattern, for a token whose subject does not split into fields; built when first needed. */
    whole;
    constructor(source, owner, repo, context, ownerId, repoId, idClaims) {
        this.source = source;
        this.owner = owner;
        this.repo = repo;
        this.context = context;
        this.ownerId = ownerId;
        this.repoId = repoId;
        this.idClaims = idClaims;
    }
    test(token) {
        const t = token.parts;
        if (t === undefined)
            return this.wholeMatches(token.subject);
        if (!this.namesMatch(t))
            return false;
        if (this.ownerId === undefined && this.repoId === undefined)
            return true;
        const got = this.ids(token, t);
        return ((this.ownerId === undefined || got.owner === this.ownerId) &&
            (this.repoId === undefined || got.repo === this.repoId));
    }
    compare(token) {
        const t = token.parts;
        if (t === undefined)
            return [{ field: 'subject', wanted: this.source, got: token.subject, matched: this.wholeMatches(token.subject) }];
        const out = [
            { field: 'subject', wanted: this.source, got: token.subject, matched: this.namesMatch(t) },
        ];
        const got = this.ids(token, t);
        if (this.ownerId !== undefined)
            out.push({
                field: this.idClaims.owner,
                wanted: this.ownerId,
                got: got.owner,
                matched: got.owner === this.ownerId,
            });
        if (this.repoId !== undefined)
            out.push({ field: this.idClaims.repo, wanted: this.repoId, got: got.repo, matched: got.repo === this.repoId });
        return out;
    }
    namesMatch(t) {
        return this.owner.test(t.owner) && this.repo.test(t.repo) && this.context.test(t.context);
    }
    wholeMatches(subject) {
        this.whole ??= (0,policy_pattern/* compilePattern */.Eb)(this.source);
        return this.whole.test(subject);
    }
    ids(token, t) {
        const immutable = t.ownerId !== undefined || t.repoId !== undefined;
        return immutable
            ? { owner: t.ownerId, repo: t.repoId }
            : {
                owner: (0,src_providers/* claimString */.ex)(token.claims, this.idClaims.owner),
                repo: (0,src_providers/* claimString */.ex)(token.claims, this.idClaims.repo),
            };
    }
}
/** A claim condition: the claim, as a string, matches any of the values (each exact or a pattern). */
class ClaimField {
    name;
    values;
    patterns;
    constructor(name, values, patterns) {
        this.name = name;
        this.values = values;
        this.patterns = patterns;
    }
    test(token) {
        const got = (0,src_providers/* claimString */.ex)(token.claims, this.name);
        return got !== undefined && this.patterns.some((p) => p.test(got));
    }
    compare(token) {
        return [
            {
                field: this.name,
                wanted: this.values.length === 1 ? this.values[0] : this.values,
                got: (0,src_providers/* claimString */.ex)(token.claims, this.name) ?? shownValue(token.claims[this.name]),
                matched: this.test(token),
            },
        ];
    }
}
/** Refuses a token whose `claim` is `value` (the rule did not name that value outright). */
class Guard {
    claim;
    value;
    constructor(claim, value) {
        this.claim = claim;
        this.value = value;
    }
    test(token) {
        return (0,src_providers/* claimString */.ex)(token.claims, this.claim) !== this.value;
    }
    compare(token) {
        return this.test(token)
            ? []
            : [
                {
                    field: this.claim,
                    wanted: `not ${this.value} (a rule must name ${this.claim}: ${this.value} to allow it)`,
                    got: this.value,
                    matched: false,
                },
            ];
    }
}
/**
 * How a rule pins the environment: `true` when it names one in its subject (GitHub's
 * `repo:…:environment:NAME`) or in an `environment` claim condition, both of which hold for any
 * token the rule matches; a name when a customised subject (GitHub's
 * `repository_owner_id:1234567:environment:production`) names it literally in its first
 * `environment:` pair; else undefined. A bare wildcard (`environment:*`) accepts any
 * environment, so it does not count.
 *
 * The customised form counts only for a token whose environment is that name: an earlier claim
 * value in the token's subject (a workflow name) may contain ':' and spell the pair itself, and
 * then the token's own environment is another, which is still flagged.
 */
function environmentPin(rule, ci, line) {
    const environment = line === undefined ? undefined : ci.subject.fields?.environment(line.context);
    const inSubject = environment !== undefined && named(environment);
    const inClaims = rule.claims.environment?.every(named) ?? false;
    if (inSubject || inClaims)
        return true;
    return ci.subject.fields !== undefined && line === undefined ? customisedEnvironment(rule.subject) : undefined;
}
/** The literal value of the first `environment:` pair of a customised subject (`key:value:key:value…`). */
function customisedEnvironment(subject) {
    const parts = subject.split(':');
    for (let i = 0; i + 1 < parts.length; i += 2) {
        if (parts[i] !== 'environment')
            continue;
        const value = parts[i + 1];
        return value !== '' && !(0,policy_pattern/* hasWildcard */.rl)(value) ? value : undefined;
    }
    return undefined;
}
function named(pattern) {
    return pattern.replace(/\*/g, '') !== '';
}
/** How a claim without a string form reads in an explanation. */
function shownValue(value) {
    return value === undefined || value === null ? undefined : JSON.stringify(value);
}

// EXTERNAL MODULE: ./src/policy/subject.ts
var policy_subject = __webpack_require__(722);
;// CONCATENATED MODULE: ./src/policy/compile.ts







/**
 * Compiles a validated config into the value that answers every exchange. Patterns are built and
 * rules indexed by provider, repository and owner once, here, so `check` does not scan every rule.
 *
 * @example
 * const policy = compilePolicy(parseConfig(text, 'stint.yml').config);
 * const decision = policy.check('warehouse', 'github', claims);
 * if (decision.ok) mint(decision.scopes); else audit(decision.reason);
 * @throws ConfigError when a rule is unusable (a config that did not come from parseConfig)
 */
function compilePolicy(config) {
    const problems = [];
    const projects = new Map();
    const compiler = new RuleCompiler();
    for (const project of Object.values(config.projects)) {
        const compiled = {
            config: project,
            rules: [],
            byRepository: new Map(),
            byOwner: new Map(),
            openOwner: new Map(),
            knownOwners: new Set(),
        };
        if (project.trust.length === 0) {
            problems.push({
                severity: 'error',
                code: 'ERR_POLICY_NO_RULES',
                message: `project ${project.name} has no trust rule`,
                position: { file: config.file, line: 1, column: 1 },
            });
        }
        for (const rule of project.trust) {
            const provider = Object.hasOwn(config.providers, rule.provider) ? config.providers[rule.provider] : undefined;
            if (provider === undefined) {
                problems.push({
                    severity: 'error',
                    code: 'ERR_POLICY_UNKNOWN_PROVIDER',
                    message: `rule names provider '${rule.provider}', which is not configured`,
                    position: rule.position,
                });
                continue;
            }
            for (const p of (0,rule_checks/* checkRule */.T)(rule, provider, project)) {
                if (p.severity === 'error' && !rule_checks/* WARNINGS_AT_LOAD */.j.has(p.code))
                    problems.push({ severity: 'error', code: p.code, message: p.message, position: rule.position });
            }
            addRule(compiled, compiler.compile(rule, provider.kind), provider);
        }
        projects.set(project.name, compiled);
    }
    if (problems.length > 0)
        throw new ConfigError(problems);
    const byIssuer = new Map(Object.values(config.providers).map((p) => [p.issuer, p]));
    function decide(projectName, providerName, claims, explanations) {
        const project = projects.get(projectName);
        const provider = Object.hasOwn(config.providers, providerName) ? config.providers[providerName] : undefined;
        if (provider === undefined) {
            return denial('ERR_PROVIDER_UNKNOWN', `provider '${providerName}' is not configured`, `provider ${providerName} is not configured on this broker`, false);
        }
        const identity = (0,src_providers/* normaliseClaims */.wZ)(provider.kind, claims);
        const subject = claims.sub;
        const problem = typeof subject === 'string' ? (0,policy_subject/* subjectProblem */.g)(subject) : 'token has no sub claim';
        if (project === undefined) {
            return denial('ERR_PROJECT_UNKNOWN', `project '${projectName}' is not configured`, `project ${projectName} is not configured on this broker`, false, identity);
        }
        const grammar = (0,src_providers/* ciDescriptor */.oP)(provider.kind).subject;
        const owner = typeof subject === 'string' ? grammar.owner(subject) : undefined;
        const disclose = isKnownOwner(project, providerName, owner, identity.owner, identity.owner_id);
        if (problem !== undefined || typeof subject !== 'string') {
            return denial('ERR_SUBJECT_INVALID', `${problem}: ${JSON.stringify(subject)?.slice(0, 300)}`, `the token's subject is malformed (${problem})`, disclose, identity);
        }
        const token = tokenView(providerName, provider.kind, subject, claims);
        // explain() compares every rule, but decides like check() from the indexed candidates, so a
        // test can hold the index to the full scan.
        for (const rule of explanations === undefined ? NONE : project.rules)
            explanations?.push(explainRule(rule, rule.compare(token), identity.environment));
        const candidates = candidatesFor(project, providerName, owner, grammar.repository(subject));
        const matched = candidates.filter((rule) => rule.matches(token));
        if (matched.length === 0) {
            const closest = closestRule(candidates, token);
            const where = closest
                ? ` closest rule: trust[${closest.rule.rule.index}] at line ${closest.rule.rule.position.line}, ${closest.failed.field} wanted ${JSON.stringify(closest.failed.wanted)} got ${JSON.stringify(closest.failed.got ?? null)}`
                : ' no rule of this provider names its repository or owner';
            // Named as the index names it (CircleCI: organization/project IDs, not the repository built).
            const indexed = grammar.repository(subject);
            const hint = closest
                ? hintFor(closest.failed, projectName, identity)
                : `${indexed !== undefined ? `${grammar.repositoryNoun ?? 'repository'} ${indexed}` : `subject ${subject}`} is not trusted by project ${projectName}`;
            return denial('ERR_POLICY_DENIED', `no trust rule of project ${projectName} matched ${providerName} subject ${subject};${where}`, hint, disclose, identity);
        }
        const granted = new Set(matched.flatMap((r) => r.rule.scopes));
        const flags = [];
        if (identity.environment !== undefined && !matched.some((r) => r.pinsEnvironment(identity.environment)))
            flags.push('environment_unpinned');
        return {
            ok: true,
            project: projectName,
            identity,
            scopes: project.config.scopes.filter((s) => granted.has(s)),
            rules: matched.map((r) => r.rule.index).sort((a, b) => a - b),
            flags,
        };
    }
    return {
        config,
        check: (project, provider, claims) => decide(project, provider, claims),
        explain(project, provider, claims) {
            const rules = [];
            const decision = decide(project, provider, claims, rules);
            return { project, rules, decision };
        },
        providerForIssuer: (iss) => byIssuer.get(iss),
    };
}
/**
 * The rule that came closest (most fields matched; the first on a tie) and its first failed
 * field, for the denial's hint. Only runs on a denial, so the fast path never builds comparisons.
 */
function closestRule(candidates, token) {
    let best;
    for (const rule of candidates) {
        const comparisons = rule.compare(token);
        const failed = comparisons.find((c) => !c.matched);
        if (failed === undefined)
            continue;
        const score = comparisons.length - comparisons.filter((c) => !c.matched).length;
        if (best === undefined || score > best.score || (score === best.score && rule.rule.index < best.rule.rule.index))
            best = { rule, failed, score };
    }
    return best;
}
function addRule(project, rule, provider) {
    project.rules.push(rule);
    const name = provider.name;
    if (rule.repository !== undefined)
        push(project.byRepository, `${name}\0${rule.repository}`, rule);
    else if (rule.owner !== undefined)
        push(project.byOwner, `${name}\0${rule.owner}`, rule);
    else
        push(project.openOwner, name, rule);
    if (rule.owner !== undefined)
        project.knownOwners.add(`${name}\0${rule.owner}`);
    // Owners named by a literal claim condition on the CI's owner ID or name claim, or by an ID in the subject.
    const ci = (0,src_providers/* ciDescriptor */.oP)(provider.kind);
    const { id, name: ownerName } = ci.claims.ownerIdentity;
    for (const [claim, values] of Object.entries(rule.rule.claims)) {
        const prefix = claim === id ? '#' : claim === ownerName ? '' : undefined;
        if (prefix === undefined)
            continue;
        for (const v of values)
            if (!(0,policy_pattern/* hasWildcard */.rl)(v))
                project.knownOwners.add(`${name}\0${prefix}${v}`);
    }
    const ownerId = rule.ownerId;
    if (ownerId !== undefined && /^\d+$/.test(ownerId))
        project.knownOwners.add(`${name}\0#${ownerId}`);
}
function push(map, key, value) {
    const list = map.get(key);
    if (list === undefined)
        map.set(key, [value]);
    else
        list.push(value);
}
const NONE = [];
/** Rules that could match a token whose subject names `owner` and `repository`, from `provider`. */
function candidatesFor(project, provider, owner, repository) {
    const byRepository = repository === undefined ? undefined : project.byRepository.get(`${provider}\0${repository}`);
    const byOwner = owner === undefined ? undefined : project.byOwner.get(`${provider}\0${owner}`);
    const open = project.openOwner.get(provider);
    const lists = [byRepository, byOwner, open].filter((l) => l !== undefined);
    if (lists.length === 0)
        return NONE;
    return lists.length === 1 ? lists[0] : lists.flat();
}
/** True when the token's owner (by name or ID) appears in the project's rules for that provider. */
function isKnownOwner(project, provider, subjectOwner, owner, ownerId) {
    const known = project.knownOwners;
    return ((subjectOwner !== undefined && known.has(`${provider}\0${subjectOwner}`)) ||
        (owner !== undefined && known.has(`${provider}\0${owner}`)) ||
        (ownerId !== undefined && known.has(`${provider}\0#${ownerId}`)));
}
function explainRule(rule, comparisons, environment) {
    const matched = comparisons.every((c) => c.matched);
    const explanation = {
        index: rule.rule.index,
        position: rule.rule.position,
        provider: rule.rule.provider,
        comparisons,
        matched,
    };
    if (matched && environment !== undefined && !rule.pinsEnvironment(environment)) {
        explanation.note = `the token's environment '${environment}' is not pinned by this rule; the exchange is flagged environment_unpinned`;
    }
    return explanation;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/lib/cidr.ts
var cidr = __webpack_require__(3885);
// EXTERNAL MODULE: ./src/lib/env-setting.ts
var env_setting = __webpack_require__(5933);
// EXTERNAL MODULE: ./src/lib/file-access.ts
var file_access = __webpack_require__(32);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(9722);
// EXTERNAL MODULE: ./src/lib/url-credentials.ts
var url_credentials = __webpack_require__(5757);
// EXTERNAL MODULE: ./src/lib/yaml-aliases.ts
var yaml_aliases = __webpack_require__(8314);
// EXTERNAL MODULE: ./src/policy/config-projects.ts
var config_projects = __webpack_require__(4009);
// EXTERNAL MODULE: ./src/policy/config-values.ts + 1 modules
var config_values = __webpack_require__(6435);
// EXTERNAL MODULE: ./src/policy/defaults.ts
var defaults = __webpack_require__(6794);
;// CONCATENATED MODULE: ./src/policy/provider-audience.ts
/**
 * Audiences other relying parties ask CI jobs for. An ID token is a credential for whatever
 * service its `aud` names: were a provider's `audience` one of these, every token a job hands
 * that service (or a third-party action that asks for the CI's default audience) could be
 * exchanged at the broker by whoever receives or logs it, within its lifetime. The client never
 * asks for them on a broker's say (src/client/audience.ts); this is the broker's side.
 *
 * Compared without case and without a trailing slash: a near-miss spelling is still that
 * service's audience to a reader of the config, and is refused rather than argued with.
 */
const FOREIGN_AUDIENCES = [
    { test: (a) => a === 'sts.amazonaws.com', service: "AWS STS's audience (AssumeRoleWithWebIdentity)" },
    {
        // api://AzureADTokenExchange, and the national clouds' …USGov and …China.
        test: (a) => a.startsWith('api://azureadtokenexchange'),
        service: "Microsoft Entra workload identity federation's audience",
    },
    {
        test: (a) => /^(https:)?\/\/iam\.googleapis\.com\//.test(a),
        service: "Google Cloud workload identity federation's audience",
    },
    {
        test: (a) => /^https:\/\/github\.com(\/[^/]+)?$/.test(a),
        service: "GitHub's default audience (https://github.com/<owner>, which every step that calls getIDToken() without an audience gets)",
    },
    {
        test: (a) => /^https:\/\/buildkite\.com(\/[^/]+)?$/.test(a),
        service: "Buildkite's default audience (https://buildkite.com/<org>, which `buildkite-agent oidc request-token` gets without --audience)",
    },
    {
        test: (a) => a === 'https://gitlab.com',
        service: "GitLab.com's own URL (the audience of its old CI_JOB_JWT_V2, which many services' id_tokens use)",
    },
    { test: (a) => a === 'sigstore', service: "Sigstore's audience (keyless signing)" },
    { test: (a) => a === 'pypi' || a === 'testpypi', service: "PyPI's audience (trusted publishing)" },
    { test: (a) => a === 'npm:registry.npmjs.org', service: "npm's audience (trusted publishing)" },
    { test: (a) => a === 'rubygems.org', service: "RubyGems' audience (trusted publishing)" },
];
/**
 * What is wrong with `audience` as the `aud` a provider's ID tokens must carry, or undefined:
 * `error` when it is a well-known audience of another service or the CI's own issuer (what a
 * token meant for no one in particular carries), `warning` when it is merely not the broker's
 * issuer, which only this broker accepts. `fixed` is the audience the CI always mints for
 * (CircleCI's organization ID), where config-providers.ts has its own warning.
 *
 * @example
 * providerAudienceProblem('sts.amazonaws.com', 'https://gitlab.com', 'https://stint.example.com', undefined)
 * // { severity: 'error', service: "AWS STS's audience (AssumeRoleWithWebIdentity)" }
 */
function providerAudienceProblem(audience, issuer, brokerIssuer, fixed) {
    const plain = audience.toLowerCase().replace(/\/+$/, '');
    const foreign = FOREIGN_AUDIENCES.find((f) => f.test(plain));
    if (foreign !== undefined)
        return { severity: 'error', service: foreign.service };
    if (issuer !== undefined && plain === issuer.toLowerCase().replace(/\/+$/, ''))
        return {
            severity: 'error',
            service: "the provider's own issuer (an audience that names no service in particular)",
        };
    if (audience === brokerIssuer || fixed !== undefined)
        return undefined;
    return { severity: 'warning' };
}

;// CONCATENATED MODULE: ./src/policy/config-providers.ts






const PROVIDER_KEYS = ['kind', 'issuer', 'audience', 'algorithms', 'allow_insecure'];
/**
 * `providers:`: the CI issuers the broker trusts, by the name rules use. `kind` defaults to the
 * name when that is a CI stint knows; `issuer` to the CI's one public issuer where it has one;
 * `audience` to the broker's issuer; `algorithms` to what the CI signs with.
 */
function readProviders(reader, entry, brokerIssuer, root) {
    // Null-prototype records: a name such as `toString` or `__proto__` is only ever a key.
    const providers = Object.create(null);
    if (!entry) {
        reader.error(root, 'ERR_CONFIG_INVALID', "missing 'providers': the CI issuers to trust, e.g. providers: { github: { issuer: https://token.actions.githubusercontent.com } }");
        return providers;
    }
    const entries = reader.map(entry.value, 'providers');
    if (!entries)
        return providers;
    if (entries.size === 0)
        reader.error(entry.key, 'ERR_CONFIG_INVALID', 'providers is empty: configure at least one CI issuer');
    const byIssuer = new Map();
    for (const [name, { key, value }] of entries) {
        const where = `providers.${name}`;
        if (!config_values/* CONFIG_NAME */.fA.test(name)) {
            reader.error(key, 'ERR_CONFIG_INVALID', `provider name '${name}' must start with a letter or digit, then letters, digits, '.', '_' or '-'`);
            continue;
        }
        const fields = value === null ? new Map() : reader.map(value, where, PROVIDER_KEYS);
        if (!fields)
            continue;
        const kindEntry = fields.get('kind');
        const kindText = kindEntry ? reader.string(kindEntry.value, `${where}.kind`) : name;
        if (kindText === undefined)
            continue;
        if (!(0,src_providers/* isProviderKind */.Qy)(kindText)) {
            reader.error(kindEntry?.value ?? key, 'ERR_CONFIG_INVALID', kindEntry
                ? `${where}.kind '${kindText}' is not a CI stint knows; use one of ${src_providers/* PROVIDER_KINDS */.ik.join(', ')}`
                : `${where} needs kind: (one of ${src_providers/* PROVIDER_KINDS */.ik.join(', ')}), since '${name}' is not a CI stint knows`);
            continue;
        }
        const kind = kindText;
        const allowInsecureEntry = fields.get('allow_insecure');
        const allowInsecure = allowInsecureEntry
            ? (reader.boolean(allowInsecureEntry.value, `${where}.allow_insecure`) ?? false)
            : false;
        const issuerEntry = fields.get('issuer');
        let issuer = issuerEntry ? reader.string(issuerEntry.value, `${where}.issuer`) : (0,src_providers/* defaultIssuer */.LV)(kind);
        if (issuer === undefined && !issuerEntry) {
            reader.error(key, 'ERR_CONFIG_INVALID', `${where} needs issuer: ${kind} has no single public issuer (${issuerHint(kind)})`);
        }
        if (issuer !== undefined) {
            const url = (0,config_values/* parseHttpUrl */.f$)(issuer);
            const node = issuerEntry?.value ?? key;
            const sharer = (0,src_providers/* sharedIssuerKind */.rT)(issuer);
            if (url === undefined) {
                reader.error(node, 'ERR_CONFIG_INVALID', `${where}.issuer '${(0,url_credentials/* redactUrl */.B)(issuer, { user: false })}' must be an absolute https URL`);
                issuer = undefined;
            }
            else if (url.username !== '' || url.password !== '') {
                // An ID token's iss never carries user info, so no token would match; and the file would
                // hold a password that every start then logs.
                reader.error(node, 'ERR_CONFIG_INVALID', `${where}.issuer must not carry a user name or password (an ID token's iss never does); give the issuer alone, e.g. ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`);
                issuer = undefined;
            }
            else if (/[?#]/.test(issuer)) {
                // OpenID Connect Discovery §3: an issuer is a URL "with no query or fragment components",
                // so no token's iss would match; and what follows '?' is often a token pasted with it.
                reader.error(node, 'ERR_CONFIG_INVALID', `${where}.issuer must not carry a query or a fragment (an OIDC issuer never does); give the issuer alone, e.g. ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`);
                issuer = undefined;
            }
            else if (url.protocol !== 'https:' && !allowInsecure) {
                reader.error(node, 'ERR_PROVIDER_INSECURE', `${where}.issuer '${issuer}' is not https; CI issuers must be https (allow_insecure: true is for local tests only)`);
            }
            else if (sharer !== undefined && sharer !== kind) {
                // The owner check under a shared issuer follows the issuer: declared as another CI, a
                // wildcard rule would let every customer of that issuer in.
                reader.error(node, 'ERR_CONFIG_INVALID', `${where}.issuer '${issuer}' issues tokens to every ${sharer} customer, but ${where} is kind ${kind}: set kind: ${sharer} (its rules must then name a literal owner)`);
            }
            else if ((0,loopback/* sendsInClear */.IV)(url)) {
                reader.warn(node, 'WARN_PROVIDER_INSECURE', `${where}.issuer '${issuer}' is plain http on a non-loopback host: anyone on the network path to it can serve the broker their own keys and forge any ${kind} identity; give the issuer's https URL and drop allow_insecure (it is for local tests only)`);
            }
            else if (!allowInsecure && (0,src_providers/* describeIssuer */.p3)(kind, issuer) === undefined) {
                reader.warn(node, 'WARN_ISSUER_SHAPE', `${where}.issuer '${issuer}' does not look like a ${kind} issuer (${issuerHint(kind)}); tokens are matched on the exact iss`);
            }
            if (issuer !== undefined && byIssuer.has(issuer)) {
                reader.error(node, 'ERR_CONFIG_INVALID', `${where}.issuer '${issuer}' is already the issuer of provider '${byIssuer.get(issuer)}'; each issuer may be configured once`);
            }
            else if (issuer !== undefined)
                byIssuer.set(issuer, name);
        }
        const audienceEntry = fields.get('audience');
        const audience = audienceEntry ? reader.string(audienceEntry.value, `${where}.audience`) : brokerIssuer;
        const fixed = issuer === undefined ? undefined : (0,src_providers/* ciDescriptor */.oP)(kind).claims.fixedAudience?.(issuer);
        const problem = audienceEntry !== undefined && audience !== undefined
            ? providerAudienceProblem(audience, issuer, brokerIssuer, fixed)
            : undefined;
        if (audienceEntry !== undefined && problem?.severity === 'error') {
            reader.error(audienceEntry.value, 'ERR_PROVIDER_AUDIENCE_FOREIGN', `${where}.audience '${audience}' is ${problem.service}: an ID token a job gets with that audience is made for another service, and whoever receives or logs it could exchange it here; leave audience out (the broker's issuer '${brokerIssuer}') or name an audience only this broker accepts`);
        }
        else if (audienceEntry !== undefined && problem?.severity === 'warning') {
            reader.warn(audienceEntry.value, 'WARN_PROVIDER_AUDIENCE', `${where}.audience '${audience}' is not the broker's issuer '${brokerIssuer}': any service that is also given ID tokens with this audience could exchange them here; make sure only this broker is, or leave audience out to use the broker's issuer`);
        }
        if (issuer !== undefined && audience !== undefined && fixed !== undefined && audience !== fixed) {
            // Found here rather than at the first job's exchange, which would be refused with this fix.
            reader.warn(audienceEntry?.value ?? key, 'WARN_PROVIDER_AUDIENCE', `${where}.audience is ${audienceEntry ? `'${audience}'` : `not set, so it is the broker's issuer '${brokerIssuer}'`}, which no ${kind} ID token carries: ${(0,src_providers/* ciDescriptor */.oP)(kind).claims.audienceFix(audience, { name, issuer })}`);
        }
        const algorithmsEntry = fields.get('algorithms');
        let algorithms = (0,src_providers/* defaultAlgorithms */.mQ)(kind);
        if (algorithmsEntry) {
            const listed = reader.strings(algorithmsEntry.value, `${where}.algorithms`) ?? [];
            for (const { value: alg, node } of listed) {
                if (!defaults/* ASYMMETRIC_ALGORITHMS */.wm.includes(alg)) {
                    reader.error(node, 'ERR_PROVIDER_ALGORITHM', `${where}.algorithms: '${alg}' is not allowed; CI tokens must be signed asymmetrically (${defaults/* ASYMMETRIC_ALGORITHMS */.wm.join(', ')}); never none or HS*`);
                }
            }
            if (listed.length > 0)
                algorithms = listed.map((a) => a.value);
        }
        providers[name] = {
            name,
            kind,
            issuer: issuer ?? '',
            audience: audience ?? brokerIssuer,
            algorithms,
            allow_insecure: allowInsecure,
        };
    }
    return providers;
}
/** The shapes `kind`'s issuer URLs take, for messages. */
function issuerHint(kind) {
    return (0,src_providers/* ciDescriptor */.oP)(kind).issuer.shapes;
}

// EXTERNAL MODULE: ./src/store/redis-url.ts
var redis_url = __webpack_require__(7414);
// EXTERNAL MODULE: ./src/store/types.ts
var types = __webpack_require__(7940);
;// CONCATENATED MODULE: ./src/policy/config-store.ts







const REDIS_KEYS = [
    'url',
    'sentinels',
    'name',
    'cluster',
    'db',
    'username',
    'password_env',
    'sentinel_password_env',
    'tls',
    'prefix',
    'min_replica_acks',
    'startup_timeout',
];
const STORE_KEYS = ['dir', 'sync', ...REDIS_KEYS];
const WHAT = "store (write 'memory', { dir } for the embedded store's state directory, a redis:// URL, or { url | sentinels + name | cluster, password_env, … })";
/**
 * `store:` (docs/broker.md#state-on-disk, docs/many-brokers.md): `memory`, `{ dir, sync }`, a Redis URL,
 * or a map naming one Redis topology: `url`, `sentinels` + `name`, or `cluster`.
 */
function readStore(reader, entry, baseDir) {
    const embedded = { kind: 'memory', dir: (0,external_node_path_.resolve)(baseDir, defaults/* CONFIG_DEFAULTS */.IE.store.dir) };
    if (!entry)
        return embedded;
    const node = reader.resolve(entry.value);
    const asText = node !== null && node !== undefined && 'value' in node && typeof node.value === 'string' ? node.value : undefined;
    if (asText === 'memory')
        return embedded;
    if (asText !== undefined) {
        const url = readRedisUrl(reader, entry.value, asText, 'store');
        return url === undefined ? embedded : { kind: 'redis', url };
    }
    const fields = reader.map(entry.value, WHAT, STORE_KEYS);
    if (!fields)
        return embedded;
    const dirEntry = fields.get('dir');
    const redisKey = REDIS_KEYS.find((k) => fields.get(k));
    // `{ sync: write }` alone means the embedded store in its default directory.
    if (dirEntry || (redisKey === undefined && fields.get('sync'))) {
        if (dirEntry && redisKey) {
            reader.error(entry.key, 'ERR_CONFIG_INVALID', `store has both dir (the embedded store) and ${redisKey} (Redis); keep the one you mean`);
        }
        const dir = dirEntry ? reader.string(dirEntry.value, 'store.dir') : undefined;
        const store = dir === undefined ? embedded : { kind: 'memory', dir: (0,external_node_path_.resolve)(baseDir, dir) };
        const syncEntry = fields.get('sync');
        const sync = syncEntry ? reader.string(syncEntry.value, 'store.sync') : undefined;
        if (sync === 'always' || sync === 'write')
            store.sync = sync;
        else if (sync !== undefined && syncEntry) {
            reader.error(syncEntry.value, 'ERR_CONFIG_INVALID', `store.sync must be 'always' (flush to the device before answering; the default) or 'write' (survives kill -9, not a power cut), got '${sync}'`);
        }
        return store;
    }
    if (fields.get('sync')) {
        reader.error(entry.key, 'ERR_CONFIG_INVALID', 'store.sync is for the embedded store: it goes with store.dir, not with Redis');
    }
    return readRedis(reader, entry, fields) ?? embedded;
}
function readRedis(reader, entry, fields) {
    const topologies = ['url', 'sentinels', 'cluster'].filter((k) => fields.get(k));
    if (topologies.length !== 1) {
        reader.error(entry.key, 'ERR_CONFIG_INVALID', topologies.length === 0
            ? 'store needs a url, e.g. store: { url: redis://redis.internal:6379/0, password_env: REDIS_PASSWORD }, sentinels (with name), cluster, or a dir for the embedded store'
            : `store names ${topologies.join(' and ')}; give one of url (one Redis), sentinels (Redis Sentinel) or cluster (Redis Cluster)`);
        return undefined;
    }
    const store = { kind: 'redis' };
    const urlEntry = fields.get('url');
    const sentinelsEntry = fields.get('sentinels');
    const clusterEntry = fields.get('cluster');
    const nameEntry = fields.get('name');
    const dbEntry = fields.get('db');
    if (urlEntry) {
        const text = reader.string(urlEntry.value, 'store.url');
        const url = text === undefined ? undefined : readRedisUrl(reader, urlEntry.value, text, 'store.url');
        store.url = url ?? '';
        if (dbEntry) {
            reader.error(dbEntry.key, 'ERR_CONFIG_INVALID', 'store.db goes with sentinels; a url carries its database in its path (/0)');
        }
    }
    if (sentinelsEntry) {
        store.sentinels = readHostPorts(reader, sentinelsEntry.value, 'store.sentinels');
        if (!nameEntry) {
            reader.error(entry.key, 'ERR_CONFIG_INVALID', "store.sentinels needs name: the master's name as the sentinels know it (sentinel monitor NAME …)");
        }
    }
    if (clusterEntry) {
        store.cluster = readHostPorts(reader, clusterEntry.value, 'store.cluster');
        if (dbEntry) {
            reader.error(dbEntry.key, 'ERR_CONFIG_INVALID', 'store.db cannot go with cluster: Redis Cluster has only database 0; use store.prefix to keep deployments apart');
        }
    }
    if (nameEntry) {
        if (!sentinelsEntry)
            reader.error(nameEntry.key, 'ERR_CONFIG_INVALID', 'store.name goes with sentinels (the master to follow)');
        const name = reader.string(nameEntry.value, 'store.name');
        if (name !== undefined)
            store.name = name;
    }
    if (dbEntry && sentinelsEntry) {
        const db = reader.scalar(dbEntry.value, 'store.db');
        if (typeof db === 'number' && Number.isInteger(db) && db >= 0 && db <= types/* REDIS_MAX_DB */.Cq)
            store.db = db;
        else if (db !== undefined) {
            reader.error(dbEntry.value, 'ERR_CONFIG_INVALID', `store.db must be a database number from 0 to ${types/* REDIS_MAX_DB */.Cq} (Redis's default databases setting), got ${JSON.stringify(db)}`);
        }
    }
    const username = fields.get('username');
    if (username) {
        const value = reader.string(username.value, 'store.username');
        if (value !== undefined)
            store.username = value;
    }
    for (const field of ['password_env', 'sentinel_password_env']) {
        const found = fields.get(field);
        if (!found)
            continue;
        const name = reader.string(found.value, `store.${field}`);
        if (name !== undefined && !(0,env_setting/* isVariableName */.KL)(name)) {
            // Never repeat the value: it is most often the password itself.
            const holds = field === 'password_env' ? 'the Redis password' : "the sentinels' password";
            const example = field === 'password_env' ? 'STINT_REDIS_PASSWORD' : 'STINT_SENTINEL_PASSWORD';
            reader.error(found.value, 'ERR_CONFIG_INVALID', (0,env_setting/* notAVariableName */.Kd)(`store.${field}`, holds, example));
        }
        else if (name !== undefined) {
            store[field] = name;
            store[`${field}_at`] = reader.place(found.value);
        }
    }
    if (fields.get('sentinel_password_env') && !sentinelsEntry) {
        reader.error(fields.get('sentinel_password_env').key, 'ERR_CONFIG_INVALID', 'store.sentinel_password_env goes with sentinels');
    }
    const tls = fields.get('tls');
    if (tls) {
        const value = reader.boolean(tls.value, 'store.tls');
        if (value !== undefined && urlEntry) {
            reader.error(tls.key, 'ERR_CONFIG_INVALID', 'store.tls goes with sentinels or cluster; for a url, write rediss:// for TLS');
        }
        else if (value)
            store.tls = true;
    }
    const prefix = fields.get('prefix');
    if (prefix) {
        const value = reader.string(prefix.value, 'store.prefix');
        // No braces (a hash tag would move keys across Cluster slots) and no colons (our separator).
        if (value !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
            reader.error(prefix.value, 'ERR_CONFIG_INVALID', `store.prefix must be 1 to 64 letters, digits, '_', '.' or '-', got '${value}'`);
        }
        else if (value !== undefined)
            store.prefix = value;
    }
    const acks = fields.get('min_replica_acks');
    if (acks) {
        const value = reader.scalar(acks.value, 'store.min_replica_acks');
        if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 16) {
            if (value > 0)
                store.min_replica_acks = value;
        }
        else if (value !== undefined) {
            reader.error(acks.value, 'ERR_CONFIG_INVALID', `store.min_replica_acks must be a whole number of replicas from 0 to 16, got ${JSON.stringify(value)}`);
        }
    }
    const startup = fields.get('startup_timeout');
    if (startup) {
        const seconds = (0,config_values/* readDuration */.$7)(reader, startup.value, 'store.startup_timeout');
        if (seconds !== undefined)
            store.startup_timeout = seconds;
    }
    return store;
}
function readHostPorts(reader, node, where) {
    const items = reader.strings(node, where) ?? [];
    const out = [];
    for (const { value, node: item } of items) {
        const match = types/* HOST_PORT */.Lk.exec(value);
        const port = match?.[3] === undefined ? 1 : Number(match[3]);
        if (!match || port < 1 || port > 65535) {
            reader.error(item, 'ERR_CONFIG_INVALID', `each of ${where} must be host:port, e.g. redis-1.internal:26379, got '${(0,url_credentials/* redactUrl */.B)(value)}'`);
        }
        else
            out.push(value);
    }
    if (items.length === 0)
        reader.error(node, 'ERR_CONFIG_INVALID', `${where} must list at least one host:port`);
    return out;
}
/**
 * A redis:// or rediss:// URL with no password in it: a password in the file would leak with the
 * file. A URL with a redis scheme is read by the store's own reader (src/store/redis-url.ts), whose
 * problems quote nothing of it; only a URL of another scheme is quoted, without its password.
 */
function readRedisUrl(reader, node, text, where) {
    if (!/^rediss?:/i.test(text)) {
        reader.error(node, 'ERR_CONFIG_INVALID', `${where} must be 'memory' or a ${redis_url/* REDIS_URL_FORM */.h} URL, got '${(0,url_credentials/* redactUrl */.B)(text)}'`);
        return undefined;
    }
    const url = (0,redis_url/* readRedisUrl */.l)(text);
    if ('problem' in url) {
        reader.error(node, 'ERR_CONFIG_INVALID', `${where} ${url.problem}; the password goes in the variable password_env names (store: { url: …, password_env: STINT_REDIS_PASSWORD }), never in the URL`);
        return undefined;
    }
    if (url.password !== undefined) {
        // The ACL user stays in the URL: without it, the password would be tried as the `default` user's.
        reader.error(node, 'ERR_STORE_PASSWORD_INLINE', `${where} has a password inside the URL; never put it in the file: write store: { url: ${url.display}, password_env: REDIS_PASSWORD } and set that variable`);
        return undefined;
    }
    return text;
}

;// CONCATENATED MODULE: ./src/policy/yaml-quick.ts

/**
 * The YAML that broker configs are written in, read in one pass into the same nodes the `yaml`
 * package builds, with the same values, the same scalar resolution (its core schema's own tags)
 * and the same offsets; or undefined for anything else, which `parseDocument` then reads.
 *
 * Why: `parseDocument` builds a concrete syntax tree and a Document for every token, which for
 * 100,000 trust rules takes over a minute and more than a gigabyte; this reads the same file in
 * a second. It covers block mappings and sequences, flow mappings and sequences on one line,
 * plain and quoted scalars on one line, and comments. It gives up (undefined) on everything
 * else: anchors, aliases, tags, block scalars, multi-line scalars or flow collections,
 * backslash escapes, empty values, duplicate keys, tabs, carriage returns, directives and
 * document markers. Giving up is always safe: the caller falls back to `parseDocument`, which
 * also reports every YAML error with its position. test/policy/yaml-quick.test.ts holds the
 * nodes this builds to `parseDocument`'s on every fixture and on mutated configs.
 *
 * @example
 * const quick = readQuickYaml(text);
 * const { doc, lines } = quick ?? slowPath(text);
 */
function readQuickYaml(text) {
    // Characters whose handling differs between YAML contexts, or that YAML refuses; a byte-order mark.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text))
        return undefined;
    const doc = new dist/* Document */.yo(undefined, { uniqueKeys: false });
    const lines = new dist/* LineCounter */.HN();
    lines.addNewLine(0);
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1))
        lines.addNewLine(at + 1);
    try {
        doc.contents = new QuickReader(text, doc).document();
    }
    catch (error) {
        if (error === OUTSIDE)
            return undefined;
        throw error;
    }
    return { doc, lines };
}
/** Thrown inside the reader when the text leaves the subset it reads. */
const OUTSIDE = Symbol('outside the quick subset');
function outside() {
    throw OUTSIDE;
}
/**
 * Nodes are made from one instance of each of yaml's node classes, whose prototype chain (and so
 * `isScalar`, `isMap`, …) they share, and they keep their offsets as two numbers that `range`
 * reads: yaml's constructors define a property on every node, and a `range` array per node is a
 * third of the objects, which together took half the time of reading 100,000 rules.
 */
const SCALAR = new dist/* Scalar */.X5(null);
const MAP = new dist/* YAMLMap */.CA();
const SEQ = new dist/* YAMLSeq */.Rw();
const PAIR = new dist/* Pair */.Rm(null);
for (const template of [SCALAR, MAP, SEQ]) {
    Object.defineProperty(template, 'range', {
        get() {
            return [this.start, this.end, this.end];
        },
    });
}
function newNode(template) {
    const node = Object.create(template);
    if ('items' in node)
        node.items = [];
    return node;
}
function place(node, start, end) {
    node.start = start;
    node.end = end;
}
function endOf(node) {
    return node.end;
}
function pair(key, value) {
    const made = Object.create(PAIR);
    made.key = key;
    made.value = value;
    return made;
}
/** Characters a plain scalar cannot start with (YAML's c-indicator), and the flow indicators. */
const INDICATOR = new Set('-?:,[]{}#&*!|>\'"%@`');
const FLOW = new Set(',[]{}');
/** The first characters of every non-string plain scalar in the core schema (null, bool, int, float); others are strings. */
const MAYBE_TAGGED = /^[-+.0-9~nNtTfF]/;
/** YAML's limit on an implicit key's length. */
const MAX_KEY = 1024;
class QuickReader {
    text;
    tags;
    string;
    options;
    constructor(text, doc) {
        this.text = text;
        this.tags = doc.schema.tags.filter((tag) => !('collection' in tag && tag.collection));
        const string = this.tags.find((tag) => tag.tag === 'tag:yaml.org,2002:str');
        if (string === undefined)
            outside();
        this.string = string;
        this.options = doc.options;
    }
    document() {
        const first = this.nextContent(0);
        if (first === undefined || this.column(first) !== 0)
            outside();
        const { node, next } = this.block(first, 0);
        if (next !== undefined)
            outside();
        return node;
    }
    /** A block mapping or sequence whose first line starts at `at`, in column `indent`. */
    block(at, indent) {
        if (this.isDash(at))
            return this.sequence(at, indent);
        if (this.key(at) !== undefined)
            return this.mapping(at, indent);
        return outside();
    }
    mapping(at, indent) {
        const map = newNode(MAP);
        const seen = new Set();
        let next = at;
        let end = at;
        while (next !== undefined && this.column(next) === indent) {
            const key = this.key(next) ?? outside();
            if (seen.has(key.scalar.value))
                outside();
            seen.add(key.scalar.value);
            const inline = this.skipSpaces(key.after);
            let value;
            if (this.atLineEnd(inline)) {
                // The value is on the lines below: more indented, or a sequence in the key's own column.
                const below = this.nextContent(this.lineEnd(inline) + 1);
                if (below === undefined)
                    outside();
                const column = this.column(below);
                if (!(column > indent || (column === indent && this.isDash(below))))
                    outside();
                const nested = this.block(below, column);
                value = nested.node;
                next = nested.next;
                end = endOf(value);
            }
            else {
                value = this.inlineValue(inline);
                end = endOf(value);
                next = this.nextContent(this.afterValue(end));
                if (next !== undefined && this.column(next) > indent)
                    outside();
            }
            map.items.push(pair(key.scalar, value));
        }
        if (next !== undefined && this.column(next) > indent)
            outside();
        place(map, at, end);
        return { node: map, next };
    }
    sequence(at, indent) {
        const seq = newNode(SEQ);
        let next = at;
        let end = at;
        while (next !== undefined && this.column(next) === indent && this.isDash(next)) {
            const item = this.skipSpaces(next + 1);
            if (this.atLineEnd(item) || this.isDash(item))
                outside();
            if (this.key(item) !== undefined) {
                const nested = this.mapping(item, this.column(item));
                seq.items.push(nested.node);
                next = nested.next;
                end = endOf(nested.node);
            }
            else {
                const value = this.inlineValue(item);
                seq.items.push(value);
                end = endOf(value);
                next = this.nextContent(this.afterValue(end));
            }
            if (next !== undefined && this.column(next) > indent)
                outside();
        }
        place(seq, at, end);
        return { node: seq, next };
    }
    /** The value after `key: ` or `- ` on the same line: a flow collection or a scalar. */
    inlineValue(at) {
        const c = this.text[at];
        if (c === '{' || c === '[')
            return this.flow(at);
        if (c === '"' || c === "'")
            return this.quoted(at);
        if (!this.plainStart(at))
            outside();
        let end = at;
        const lineEnd = this.lineEnd(at);
        for (let i = at; i < lineEnd; i++) {
            const ch = this.text[i];
            if (ch === '#' && this.text[i - 1] === ' ')
                break;
            // `key: a: b` is a nested mapping YAML refuses; brackets are left to the full parser.
            if (ch === ':' && (i + 1 === lineEnd || this.text[i + 1] === ' '))
                outside();
            if (ch === '[' || ch === ']' || ch === '{' || ch === '}')
                outside();
            if (ch !== ' ')
                end = i + 1;
        }
        return this.plain(at, end, false);
    }
    /** `key:` at `at`: the key's scalar and the offset just past its colon; undefined when the line is not a key. */
    key(at) {
        const c = this.text[at];
        if (c === '"' || c === "'") {
            const scalar = this.quoted(at);
            const colon = endOf(scalar);
            if (this.text[colon] !== ':' || !this.spaceOrEnd(colon + 1))
                return undefined;
            if (colon - at > MAX_KEY)
                outside();
            return { scalar, after: colon + 1 };
        }
        if (!this.plainStart(at))
            return undefined;
        const lineEnd = this.lineEnd(at);
        for (let i = at; i < lineEnd; i++) {
            const ch = this.text[i];
            if (ch === '#' && this.text[i - 1] === ' ')
                return undefined;
            if (ch === ':' && this.spaceOrEnd(i + 1)) {
                if (this.text[i - 1] === ' ' || i - at > MAX_KEY)
                    outside();
                return { scalar: this.plain(at, i, true), after: i + 1 };
            }
            if (FLOW.has(ch))
                return undefined;
        }
        return undefined;
    }
    /** A flow mapping or sequence, all on one line. */
    flow(at) {
        const isMap = this.text[at] === '{';
        const close = isMap ? '}' : ']';
        const node = isMap ? newNode(MAP) : newNode(SEQ);
        node.flow = true;
        const seen = new Set();
        let i = this.skipSpaces(at + 1);
        if (this.text[i] === close)
            i += 1;
        else {
            for (;;) {
                if (isMap) {
                    const key = this.flowScalar(i, true);
                    if (seen.has(key.value))
                        outside();
                    seen.add(key.value);
                    const colon = endOf(key);
                    if (this.text[colon] !== ':' || this.text[colon + 1] !== ' ')
                        outside();
                    const value = this.flowValue(this.skipSpaces(colon + 1));
                    node.items.push(pair(key, value));
                    i = this.skipSpaces(endOf(value));
                }
                else {
                    const value = this.flowValue(i);
                    node.items.push(value);
                    i = this.skipSpaces(endOf(value));
                    if (this.text[i] === ':')
                        outside();
                }
                if (this.text[i] === close) {
                    i += 1;
                    break;
                }
                if (this.text[i] !== ',')
                    outside();
                i = this.skipSpaces(i + 1);
                if (this.text[i] === close || this.text[i] === ',')
                    outside();
            }
        }
        place(node, at, i);
        return node;
    }
    flowValue(at) {
        const c = this.text[at];
        return c === '{' || c === '[' ? this.flow(at) : this.flowScalar(at, false);
    }
    /** A quoted or plain scalar inside a flow collection: a plain one ends at `,[]{}`, `: ` or ` #`. */
    flowScalar(at, atKey) {
        const c = this.text[at];
        if (c === '"' || c === "'")
            return this.quoted(at);
        if (!this.plainStart(at))
            outside();
        let end = at;
        let i = at;
        for (; i < this.text.length; i++) {
            const ch = this.text[i];
            if (ch === '\n' || FLOW.has(ch))
                break;
            if (ch === '#' && this.text[i - 1] === ' ')
                outside();
            if (ch === ':') {
                const after = this.text[i + 1];
                if (after === undefined || after === ' ' || after === '\n' || FLOW.has(after))
                    break;
            }
            if (ch !== ' ')
                end = i + 1;
        }
        if (end === at || (atKey && end - at > MAX_KEY))
            outside();
        return this.plain(at, end, atKey);
    }
    /** A single- or double-quoted scalar on one line, without backslash escapes. */
    quoted(at) {
        const quote = this.text[at];
        let value = '';
        let from = at + 1;
        for (let i = from;; i++) {
            const ch = this.text[i];
            if (ch === undefined || ch === '\n' || (quote === '"' && ch === '\\'))
                outside();
            if (ch !== quote)
                continue;
            if (quote === "'" && this.text[i + 1] === "'") {
                value += this.text.slice(from, i + 1);
                from = i + 2;
                i += 1;
                continue;
            }
            value += this.text.slice(from, i);
            const scalar = newNode(SCALAR);
            scalar.value = this.string.resolve(value, outside, this.options);
            place(scalar, at, i + 1);
            scalar.source = value;
            scalar.type = quote === '"' ? dist/* Scalar */.X5.QUOTE_DOUBLE : dist/* Scalar */.X5.QUOTE_SINGLE;
            return scalar;
        }
    }
    /** A plain scalar's text resolved as the core schema resolves it (the tags `parseDocument` uses). */
    plain(start, end, atKey) {
        const source = this.text.slice(start, end);
        const tag = MAYBE_TAGGED.test(source)
            ? (this.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source)) ??
                this.string)
            : this.string;
        const resolved = tag.resolve(source, outside, this.options);
        // A float keeps yaml's own Scalar, with its minFractionDigits: copied onto a node of ours.
        const scalar = (0,dist/* isScalar */.jn)(resolved) ? Object.assign(newNode(SCALAR), resolved) : newNode(SCALAR);
        if (!(0,dist/* isScalar */.jn)(resolved))
            scalar.value = resolved;
        place(scalar, start, end);
        scalar.source = source;
        scalar.type = dist/* Scalar */.X5.PLAIN;
        if (tag.format)
            scalar.format = tag.format;
        return scalar;
    }
    /** A plain scalar may start here: not an indicator, except `-` before a non-space (`-1`). */
    plainStart(at) {
        const c = this.text[at];
        if (c === undefined || c === ' ' || c === '\n')
            return false;
        if (c === '-') {
            const after = this.text[at + 1];
            return after !== undefined && after !== ' ' && after !== '\n' && !FLOW.has(after);
        }
        return !INDICATOR.has(c);
    }
    /** After a value on its line only spaces and a comment may follow; the start of the next line. */
    afterValue(end) {
        const i = this.skipSpaces(end);
        if (!this.atLineEnd(i))
            outside();
        return this.lineEnd(i) + 1;
    }
    /** The first character of the first line with content (not blank, not only a comment) from the line starting at `lineStart`. */
    nextContent(lineStart) {
        let start = lineStart;
        while (start < this.text.length) {
            const i = this.skipSpaces(start);
            if (i === start && this.documentMarker(i))
                outside();
            if (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '#')
                return i;
            start = this.lineEnd(i) + 1;
        }
        return undefined;
    }
    /** `---`, `...` or a `%` directive at a line's start. */
    documentMarker(at) {
        const three = this.text.slice(at, at + 3);
        return three === '---' || three === '...' || this.text[at] === '%';
    }
    isDash(at) {
        return this.text[at] === '-' && this.spaceOrEnd(at + 1);
    }
    spaceOrEnd(at) {
        const c = this.text[at];
        return c === undefined || c === ' ' || c === '\n';
    }
    /** True at the end of the line or at a comment (which needs a space before it). */
    atLineEnd(at) {
        const c = this.text[at];
        return c === undefined || c === '\n' || (c === '#' && (at === 0 || this.text[at - 1] === ' '));
    }
    skipSpaces(at) {
        let i = at;
        while (this.text[i] === ' ')
            i++;
        return i;
    }
    lineEnd(at) {
        const end = this.text.indexOf('\n', at);
        return end === -1 ? this.text.length : end;
    }
    column(at) {
        return at - (this.text.lastIndexOf('\n', at - 1) + 1);
    }
}

// EXTERNAL MODULE: ./src/policy/yaml-reader.ts
var yaml_reader = __webpack_require__(559);
;// CONCATENATED MODULE: ./src/policy/config.ts




















/** The longest `shutdown_grace` (docs/broker.md#signals): an hour. */
const SHUTDOWN_GRACE_MAX_SEC = 3600;

const KEY_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'];
const TOP_KEYS = [
    'issuer',
    'keys',
    'store',
    'audit',
    'rate_limit',
    'trust_proxy',
    'shutdown_grace',
    'providers',
    'projects',
];
/** yaml's "Source contains multiple documents", said for a config, at the second `---`. */
const ONE_DOCUMENT = 'a stint config is one YAML document, and a second one starts here (`---`): remove it, or move its keys into the first';
/**
 * Everything `parseConfig` finds: the config when there is no error, and every diagnostic.
 * `stint policy check` uses this to print all errors and warnings at once. `use: 'load'` (what
 * parseConfig passes) takes the WARNINGS_AT_LOAD errors as warnings.
 */
function validateConfig(text, file, options = {}) {
    const relax = (reader) => {
        if (options.use !== 'load')
            return;
        for (const d of reader.diagnostics)
            if (rule_checks/* WARNINGS_AT_LOAD */.j.has(d.code))
                d.severity = 'warning';
    };
    // Most configs are plain YAML that readQuickYaml reads in a fraction of parseDocument's time
    // and memory (100,000 rules: a second instead of a minute, megabytes instead of a gigabyte).
    // A config it cannot read, or one with an error, goes through parseDocument, which reports
    // YAML errors too; both read into the same nodes, so the reader says the same either way.
    const quick = readQuickYaml(text);
    if (quick !== undefined) {
        const reader = new yaml_reader/* YamlReader */.n(file, quick.doc, quick.lines);
        const config = readConfig(reader, quick.doc.contents, file);
        relax(reader);
        if (!reader.diagnostics.some((d) => d.severity === 'error'))
            return { config, diagnostics: sorted(reader) };
    }
    const lines = new dist/* LineCounter */.HN();
    // yaml's own duplicate-key check compares each key with every key before it in its map, which
    // is quadratic in the number of projects (minutes for 100,000 rules): ours uses a Set.
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const reader = new yaml_reader/* YamlReader */.n(file, doc, lines);
    const problems = [...doc.errors, ...(0,yaml_reader/* duplicateKeys */.s)(doc, lines)].sort((a, b) => a.pos[0] - b.pos[0]);
    for (const problem of problems) {
        const { line, col } = lines.linePos(problem.pos[0]);
        const first = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        // `subject: *` or `- **/x` is a YAML alias, not a pattern; say so where YAML does not.
        const message = 'code' in problem && problem.code === 'MULTIPLE_DOCS'
            ? ONE_DOCUMENT
            : /alias/i.test(first)
                ? `${first} (a value that starts with '*' is a YAML alias: quote patterns, e.g. subject: "*…")`
                : first;
        reader.diagnostics.push({
            severity: 'error',
            code: 'ERR_CONFIG_INVALID',
            message: `YAML: ${message}`,
            position: { file, line, column: col },
        });
    }
    if (problems.length > 0)
        return { diagnostics: reader.diagnostics };
    if ((0,yaml_aliases/* aliasesExpandTooFar */.K0)(doc)) {
        // Checked before anything walks the document: walking it would take as long as expanding it.
        reader.diagnostics.push({
            severity: 'error',
            code: 'ERR_CONFIG_INVALID',
            message: yaml_aliases/* ALIASES_TOO_FAR */.wL,
            position: { file, line: 1, column: 1 },
        });
        return { diagnostics: reader.diagnostics };
    }
    const config = readConfig(reader, doc.contents, file);
    relax(reader);
    const diagnostics = sorted(reader);
    return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { config, diagnostics };
}
/** The reader's diagnostics in file order. */
function sorted(reader) {
    return reader.diagnostics.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
}
/**
 * Parses and validates a broker config. Relative `keys.dir` and `audit.file` resolve against the
 * directory of `file`. Warnings come back in `diagnostics`.
 *
 * @example const { config } = parseConfig(readFileSync('stint.yml', 'utf8'), 'stint.yml');
 * @throws ConfigError (code ERR_CONFIG_INVALID) whose message has one `file:line:column: message` line per error
 */
function parseConfig(text, file) {
    const { config, diagnostics } = validateConfig(text, file, { use: 'load' });
    if (config === undefined)
        throw new ConfigError(diagnostics);
    return { config, diagnostics };
}
/**
 * Reads and parses a config file.
 *
 * @throws StintError ERR_CONFIG_NOT_FOUND when it cannot be read; ConfigError when it is invalid
 */
async function loadConfigFile(path) {
    return parseConfig(await readConfigText(path), path);
}
/**
 * The text of a config file. An unreadable one is ERR_FILE_ACCESS (whose user, owner and mode);
 * any other failure ERR_CONFIG_NOT_FOUND, naming the file as the user gave it (`shown`).
 */
async function readConfigText(path, shown = path) {
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw ((0,file_access/* fileAccessError */.z9)(error) ??
            new errors/* StintError */.Fp('ERR_CONFIG_NOT_FOUND', `cannot read config file ${shown}: ${error.code ?? String(error)}`, { cause: error }));
    }
}
function readConfig(reader, root, file) {
    const baseDir = (0,external_node_path_.dirname)((0,external_node_path_.resolve)(file));
    const top = root === null || root === undefined ? undefined : reader.map(root, 'the config', TOP_KEYS);
    if (top === undefined) {
        if (root === null || root === undefined)
            reader.error(root, 'ERR_CONFIG_INVALID', 'the config is empty: it needs at least issuer, providers and projects');
        return {
            file,
            issuer: '',
            keys: { ...defaults/* CONFIG_DEFAULTS */.IE.keys },
            store: { kind: 'memory', dir: (0,external_node_path_.resolve)(baseDir, defaults/* CONFIG_DEFAULTS */.IE.store.dir) },
            audit: { ...defaults/* CONFIG_DEFAULTS */.IE.audit },
            rate_limit: { ...defaults/* CONFIG_DEFAULTS */.IE.rate_limit },
            address_rate_limit: { ...defaults/* CONFIG_DEFAULTS */.IE.address_rate_limit },
            connections_per_address: defaults/* CONFIG_DEFAULTS */.IE.connections_per_address,
            trust_proxy: [],
            shutdown_grace: defaults/* CONFIG_DEFAULTS */.IE.shutdown_grace,
            providers: {},
            projects: {},
        };
    }
    const get = (key) => top.get(key);
    const issuerEntry = get('issuer');
    const issuer = issuerEntry ? readBrokerIssuer(reader, issuerEntry.value) : undefined;
    if (!issuerEntry)
        reader.error(root, 'ERR_CONFIG_INVALID', "missing 'issuer': the broker's public URL, e.g. issuer: https://stint.example.com");
    const { keys, graceNode } = readKeys(reader, get('keys'), baseDir);
    const store = readStore(reader, get('store'), baseDir);
    const audit = readAudit(reader, get('audit'), baseDir);
    const rateLimitEntry = get('rate_limit');
    const rateFields = rateLimitEntry
        ? reader.map(rateLimitEntry.value, 'rate_limit', ['rps', 'burst', 'per_address', 'connections_per_address'])
        : undefined;
    const rate_limit = (0,config_values/* rateLimitFrom */.U_)(reader, rateFields, 'rate_limit', defaults/* CONFIG_DEFAULTS */.IE.rate_limit);
    const perAddress = rateFields?.get('per_address');
    const address_rate_limit = perAddress
        ? (0,config_values/* readRateLimit */.y9)(reader, perAddress.value, 'rate_limit.per_address', defaults/* CONFIG_DEFAULTS */.IE.address_rate_limit)
        : { ...defaults/* CONFIG_DEFAULTS */.IE.address_rate_limit };
    const connectionsEntry = rateFields?.get('connections_per_address');
    const connections_per_address = (connectionsEntry ? readConnectionsPerAddress(reader, connectionsEntry.value) : undefined) ??
        defaults/* CONFIG_DEFAULTS */.IE.connections_per_address;
    const trustProxyEntry = get('trust_proxy');
    const trust_proxy = trustProxyEntry ? readTrustProxy(reader, trustProxyEntry.value) : [];
    const graceEntry = get('shutdown_grace');
    let shutdown_grace = (graceEntry ? (0,config_values/* readDuration */.$7)(reader, graceEntry.value, 'shutdown_grace') : undefined) ??
        defaults/* CONFIG_DEFAULTS */.IE.shutdown_grace;
    if (graceEntry && shutdown_grace > SHUTDOWN_GRACE_MAX_SEC) {
        // Past ~24.8 days a timer overflows and the drain was cut off at once; long before that, a
        // drain that long is a typo (30d for 30s), and the orchestrator's stop timeout sits above it.
        reader.error(graceEntry.value, 'ERR_CONFIG_INVALID', `shutdown_grace must be at most 1h (how long a stopping broker lets requests in flight finish; give the orchestrator's stop timeout a little more), got ${JSON.stringify(reader.scalar(graceEntry.value, 'shutdown_grace'))}`);
        shutdown_grace = defaults/* CONFIG_DEFAULTS */.IE.shutdown_grace;
    }
    const providers = readProviders(reader, get('providers'), issuer ?? '', root);
    const projects = (0,config_projects/* readProjects */.V)(reader, get('projects'), providers, root);
    checkGraceCoversTokens(reader, keys, projects, graceNode ?? get('keys')?.key ?? root);
    return {
        file,
        issuer: issuer ?? '',
        keys,
        store,
        audit,
        rate_limit,
        address_rate_limit,
        connections_per_address,
        trust_proxy,
        shutdown_grace,
        providers,
        projects,
    };
}
/** `rate_limit.connections_per_address`: a whole number from 1. */
function readConnectionsPerAddress(reader, node) {
    const value = reader.positiveNumber(node, 'rate_limit.connections_per_address');
    if (value === undefined)
        return undefined;
    if (Number.isInteger(value))
        return value;
    reader.error(node, 'ERR_CONFIG_INVALID', 'rate_limit.connections_per_address must be a whole number, e.g. 256');
    return undefined;
}
/** `trust_proxy: [CIDR…]`: the proxies whose X-Forwarded-For the broker believes. */
function readTrustProxy(reader, node) {
    const entries = [];
    for (const item of reader.list(node, 'trust_proxy') ?? []) {
        const value = reader.string(item, 'trust_proxy entry');
        if (value === undefined)
            continue;
        if (!(0,cidr/* isCidr */.JR)(value)) {
            reader.error(item, 'ERR_CONFIG_INVALID', `trust_proxy entry '${value}' is not an IP address or CIDR range, e.g. 10.0.0.0/8 or fd00::/8`);
            continue;
        }
        entries.push(value);
    }
    const everyone = (0,cidr/* coversEveryAddress */.E3)(entries);
    if (everyone !== undefined) {
        reader.warn(node, 'WARN_TRUST_PROXY_ALL', `trust_proxy [${entries.join(', ')}] believes X-Forwarded-For from ${everyone}: any such client can name the address the broker logs, audits and rate-limits it by (rate_limit.per_address); list only your proxies' or load balancers' addresses`);
    }
    return entries;
}
function readBrokerIssuer(reader, node) {
    const value = reader.string(node, 'issuer');
    if (value === undefined)
        return undefined;
    const url = (0,config_values/* parseHttpUrl */.f$)(value);
    if (url === undefined) {
        reader.error(node, 'ERR_CONFIG_INVALID', `issuer '${(0,url_credentials/* redactUrl */.B)(value, { user: false })}' must be an absolute http(s) URL, e.g. https://stint.example.com`);
        return undefined;
    }
    // OpenID Connect and RFC 8414 issuers have no query or fragment, and the broker serves its
    // endpoints under the issuer's path (docs/broker.md#endpoints), which a query would not be part of.
    if (/[?#]/.test(value) || url.username !== '' || url.password !== '') {
        reader.error(node, 'ERR_CONFIG_INVALID', `issuer '${(0,url_credentials/* redactUrl */.B)(value, { user: false })}' must not carry a query, a fragment or a user name; give the broker's public URL, e.g. https://stint.example.com or https://ci.example.com/stint`);
        return undefined;
    }
    if (url.protocol === 'http:' && !(0,loopback/* isLoopbackHost */.cW)(url.hostname)) {
        reader.warn(node, 'WARN_ISSUER_INSECURE', `issuer '${value}' is plain http on a non-loopback host; serve the broker over https`);
    }
    if (value.endsWith('/'))
        reader.warn(node, 'WARN_ISSUER_SLASH', `issuer '${value}' ends with '/'; issuers are compared exactly, so drop the trailing slash`);
    return value;
}
/**
 * A retired signing key stays in the JWKS for `keys.grace`, and a token it signed just before the
 * rotation lives up to its project's `max_ttl`: with a shorter grace such a token stops verifying
 * (here and at every resource server) before it expires. A warning, since `stint keys rotate --now`
 * cuts tokens short on purpose, and the operator may mean it; the longest `max_ttl` names the fix.
 */
function checkGraceCoversTokens(reader, keys, projects, at) {
    const longest = Object.values(projects).reduce((found, project) => (found === undefined || project.max_ttl > found.max_ttl ? project : found), undefined);
    if (longest === undefined || keys.grace >= longest.max_ttl)
        return;
    reader.warn(at, 'WARN_KEYS_GRACE_SHORT', `keys.grace ${(0,duration/* formatDuration */.a)(keys.grace)} is shorter than projects.${longest.name}.max_ttl ${(0,duration/* formatDuration */.a)(longest.max_ttl)}: a token signed just before a key rotation outlives the key in the JWKS and stops verifying before it expires; set keys.grace to at least ${(0,duration/* formatDuration */.a)(longest.max_ttl)}, or lower max_ttl`);
}
function readKeys(reader, entry, baseDir) {
    const keys = { ...defaults/* CONFIG_DEFAULTS */.IE.keys, dir: (0,external_node_path_.resolve)(baseDir, defaults/* CONFIG_DEFAULTS */.IE.keys.dir) };
    if (!entry)
        return { keys };
    const fields = reader.map(entry.value, 'keys', ['dir', 'algorithm', 'rotate_every', 'grace', 'ca_dir', 'pkcs11']);
    if (!fields)
        return { keys };
    const dir = fields.get('dir');
    if (dir)
        keys.dir = (0,external_node_path_.resolve)(baseDir, reader.string(dir.value, 'keys.dir') ?? keys.dir);
    const algorithm = fields.get('algorithm');
    if (algorithm) {
        const value = reader.string(algorithm.value, 'keys.algorithm');
        if (value !== undefined && KEY_ALGORITHMS.includes(value))
            keys.algorithm = value;
        else if (value !== undefined)
            reader.error(algorithm.value, 'ERR_CONFIG_INVALID', `keys.algorithm '${value}' is not supported; use one of ${KEY_ALGORITHMS.join(', ')}`);
    }
    const rotate = fields.get('rotate_every');
    if (rotate)
        keys.rotate_every = (0,config_values/* readDuration */.$7)(reader, rotate.value, 'keys.rotate_every') ?? keys.rotate_every;
    const grace = fields.get('grace');
    if (grace)
        keys.grace = (0,config_values/* readDuration */.$7)(reader, grace.value, 'keys.grace') ?? keys.grace;
    const caDir = fields.get('ca_dir');
    const caDirValue = caDir ? reader.string(caDir.value, 'keys.ca_dir') : undefined;
    if (caDirValue !== undefined)
        keys.ca_dir = (0,external_node_path_.resolve)(baseDir, caDirValue);
    const pkcs11 = fields.get('pkcs11');
    if (pkcs11) {
        const parts = reader.map(pkcs11.value, 'keys.pkcs11', ['module', 'token', 'pin_env']);
        if (parts) {
            const value = (name) => {
                const part = parts.get(name);
                const text = part ? reader.string(part.value, `keys.pkcs11.${name}`) : undefined;
                if (part === undefined)
                    reader.error(pkcs11.value, 'ERR_CONFIG_INVALID', `keys.pkcs11 needs ${name} (see docs/pkcs11.md)`);
                return text;
            };
            const module = value('module');
            const token = value('token');
            const pinEnv = value('pin_env');
            if (pinEnv !== undefined && !(0,env_setting/* isVariableName */.KL)(pinEnv))
                reader.error(parts.get('pin_env').value, 'ERR_CONFIG_INVALID', 'keys.pkcs11.pin_env is the name of an environment variable that holds the PIN (e.g. STINT_HSM_PIN), never the PIN itself');
            else if (module !== undefined && token !== undefined && pinEnv !== undefined)
                keys.pkcs11 = {
                    module: (0,external_node_path_.resolve)(baseDir, module),
                    token,
                    pin_env: pinEnv,
                    pin_env_at: reader.place(parts.get('pin_env').value),
                };
        }
    }
    return grace === undefined ? { keys } : { keys, graceNode: grace.value };
}
function readAudit(reader, entry, baseDir) {
    const audit = { file: (0,external_node_path_.resolve)(baseDir, defaults/* CONFIG_DEFAULTS */.IE.audit.file) };
    if (!entry)
        return audit;
    const fields = reader.map(entry.value, 'audit', ['file', 'stdout']);
    const file = fields?.get('file');
    if (file)
        audit.file = (0,external_node_path_.resolve)(baseDir, reader.string(file.value, 'audit.file') ?? defaults/* CONFIG_DEFAULTS */.IE.audit.file);
    const stdout = fields?.get('stdout');
    // Also each line on stdout, for a log shipper; the file stays the record (docs/broker.md#the-audit-log).
    if (stdout && reader.boolean(stdout.value, 'audit.stdout') === true)
        audit.stdout = true;
    return audit;
}

// EXTERNAL MODULE: ./src/policy/scopes.ts
var scopes = __webpack_require__(1765);
;// CONCATENATED MODULE: ./src/policy/index.ts
/**
 * The broker's config and subject-claim policy: load and validate the YAML (positions kept for
 * `file:line:column` errors), compile it once, then `check` and `explain` decisions.
 */










/***/ }),

/***/ 3636:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eb: () => (/* binding */ compilePattern),
/* harmony export */   rl: () => (/* binding */ hasWildcard),
/* harmony export */   ty: () => (/* binding */ isWildcardOnly)
/* harmony export */ });
/**
 * Compiles a pattern once; `test` is then a string compare, or a walk of the value whose time is
 * at most linear in the value times the pattern, however many wildcards the pattern has.
 */
function compilePattern(source) {
    return hasWildcard(source) ? new WildcardPattern(source) : new LiteralPattern(source);
}
class LiteralPattern {
    source;
    literal = true;
    constructor(source) {
        this.source = source;
    }
    test(value) {
        return value === this.source;
    }
}
/**
 * A pattern with wildcards, matched without backtracking. A backtracking matcher (a RegExp)
 * takes time that grows as the value's length to the power of the number of `*` in one segment,
 * and a pattern is written by whoever may edit the config, the value by whoever names a branch.
 *
 * The value must start with the text before the first `*` and end with the text after the last
 * (two string compares that settle most values). What lies between is wildcards separated by
 * literal text: `W0 L1 W1 … Lk Wk`. Going left to right, it keeps every position where wildcard i
 * may start (ascending, each once); wildcard i reaches from such a start up to the first character
 * it may not cross (`:`, and `/` for `*`), and each occurrence of L(i+1) that begins within that
 * reach gives a start of wildcard i+1. Starts in one reach share it, so each character is looked
 * at once per wildcard: time linear in the value times the pattern, however the wildcards are
 * laid out. A run of two or more `*` is one `**`, as it always was.
 */
class WildcardPattern {
    source;
    literal = false;
    prefix;
    suffix;
    /** Per wildcard, left to right: true for `**` (crosses `/`), false for `*`. */
    crossesSlash = [];
    /** `between[i]` is the literal text after wildcard i, before wildcard i+1 (never empty). */
    between = [];
    constructor(source) {
        this.source = source;
        const first = source.indexOf('*');
        const last = source.lastIndexOf('*');
        this.prefix = source.slice(0, first);
        this.suffix = source.slice(last + 1);
        // `*a**b*` → ['', '*', 'a', '**', 'b', '*', '']: wildcards at odd indexes, text between at even.
        const parts = source.slice(first, last + 1).split(/(\*+)/);
        for (let i = 1; i < parts.length; i += 2) {
            this.crossesSlash.push(parts[i].length > 1);
            if (i + 1 < parts.length - 1)
                this.between.push(parts[i + 1]);
        }
    }
    test(value) {
        const start = this.prefix.length;
        const end = value.length - this.suffix.length;
        if (end < start || !value.startsWith(this.prefix) || !value.endsWith(this.suffix))
            return false;
        // One wildcard (`refs/heads/*`, `release/**`), as most patterns: it must reach the end.
        if (this.between.length === 0)
            return reachOf(value, start, end, this.crossesSlash[0]) === end;
        let starts = scratch(0, end - start + 1);
        let next = scratch(1, end - start + 1);
        starts[0] = start;
        let count = 1;
        for (let i = 0; i < this.between.length; i++) {
            const text = this.between[i];
            const wide = this.crossesSlash[i];
            let found = 0;
            // The reach of the current run of starts: those up to `reach` share it.
            let reach = -1;
            // The next occurrence of `text` not yet used, once looked for.
            let at = -1;
            for (let j = 0; j < count; j++) {
                const from = starts[j];
                if (from <= reach)
                    continue;
                reach = reachOf(value, from, end, wide);
                if (at < from)
                    at = value.indexOf(text, from);
                while (at !== -1 && at <= reach && at + text.length <= end) {
                    next[found++] = at + text.length;
                    at = value.indexOf(text, at + 1);
                }
                // No further occurrence fits before the suffix: later starts find none either.
                if (at === -1 || at + text.length > end)
                    break;
            }
            if (found === 0)
                return false;
            const used = starts;
            starts = next;
            next = used;
            count = found;
        }
        // The last wildcard runs to the end from its latest start, or from none.
        return reachOf(value, starts[count - 1], end, this.crossesSlash[this.crossesSlash.length - 1]) === end;
    }
}
const COLON = 0x3a;
const SLASH = 0x2f;
/** Where a wildcard starting at `from` must stop: the first `:` (or, for `*`, `/`) before `end`, else `end`. */
function reachOf(value, from, end, crossesSlash) {
    for (let at = from; at < end; at++) {
        const code = value.charCodeAt(at);
        if (code === COLON || (code === SLASH && !crossesSlash))
            return at;
    }
    return end;
}
/** Two position lists every match reuses (a match runs to its end before another starts). */
const scratchLists = [new Int32Array(256), new Int32Array(256)];
function scratch(index, size) {
    if (scratchLists[index].length < size)
        scratchLists[index] = new Int32Array(size);
    return scratchLists[index];
}
/** True when a pattern has nothing but wildcards and separators, e.g. `*`, `**`, `*:*` or `**:**`. */
function isWildcardOnly(source) {
    return source.replace(/[*:/@]/g, '') === '';
}
/** True when `source` has a `*` anywhere. */
function hasWildcard(source) {
    return source.includes('*');
}


/***/ }),

/***/ 4654:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ checkRule),
/* harmony export */   j: () => (/* binding */ WARNINGS_AT_LOAD)
/* harmony export */ });
/* harmony import */ var _lib_closest_name_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2134);
/* harmony import */ var _providers_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7486);
/* harmony import */ var _pattern_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3636);
/* harmony import */ var _subject_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(722);




/**
 * Errors of `stint policy check` that a broker loading the config (start, reload, `stint keys`)
 * takes as warnings: checks added in an upgrade, so a config that served before still starts,
 * while the check command fails on them (docs/policy.md#claim-names). None of them lets a rule
 * match more than it says: a condition on a claim no token carries matches nothing.
 */
const WARNINGS_AT_LOAD = new Set(['ERR_POLICY_CLAIM_UNKNOWN']);
/** Claims the broker checks itself (signature, issuer, audience, lifetime, replay); a rule cannot name them. */
const RESERVED_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'nbf', 'iat', 'jti']);
/**
 * Everything wrong (errors) or risky (warnings) with a rule, on its own terms: the subject
 * pattern, its claims, and its scopes against the project's. Run at load so a broker never
 * starts with a rule that trusts more than it appears to.
 */
function checkRule(rule, provider, project) {
    const problems = [];
    const error = (code, field, message) => problems.push({ severity: 'error', code, field, message });
    const warn = (code, field, message) => problems.push({ severity: 'warning', code, field, message });
    const subject = rule.subject;
    const invalid = (0,_subject_js__WEBPACK_IMPORTED_MODULE_2__/* .subjectProblem */ .g)(subject);
    if (invalid !== undefined)
        error('ERR_SUBJECT_INVALID', 'subject', `${invalid}: ${JSON.stringify(subject)}`);
    else if ((0,_pattern_js__WEBPACK_IMPORTED_MODULE_1__/* .isWildcardOnly */ .ty)(subject)) {
        error('ERR_POLICY_SUBJECT_WILDCARD', 'subject', `subject ${JSON.stringify(subject)} is only wildcards: it would trust every job ${provider.name} issues a token for; name the repository, e.g. ${(0,_providers_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ciDescriptor */ .oP)(provider.kind).subject.example}`);
    }
    else {
        checkOwner(subject, rule.claims, provider, error, warn);
        checkGreedyWildcard(subject, provider, warn);
    }
    for (const [name, values] of Object.entries(rule.claims)) {
        if (RESERVED_CLAIMS.has(name)) {
            error('ERR_CONFIG_INVALID', `claims.${name}`, name === 'sub'
                ? "claim 'sub' cannot be a claim condition: put it in the rule's subject"
                : `claim '${name}' is checked by the broker itself and cannot be a claim condition`);
        }
        if (values.length === 0)
            error('ERR_CONFIG_INVALID', `claims.${name}`, `claim '${name}' lists no values: give one value or a list of accepted values`);
        else if (!RESERVED_CLAIMS.has(name)) {
            const unknown = unknownClaim(name, provider);
            if (unknown !== undefined)
                error('ERR_POLICY_CLAIM_UNKNOWN', `claims.${name}`, unknown);
        }
    }
    rule.scopes.forEach((scope, index) => {
        if (!project.scopes.includes(scope)) {
            error('ERR_POLICY_SCOPE', `scopes[${index}]`, `scope '${scope}' is not one of project ${project.name}'s scopes (${project.scopes.join(', ') || 'none'}); add it to the project's scopes or remove it here`);
        }
    });
    return problems;
}
/**
 * Why a claim condition names a claim the provider's tokens never carry (a misspelling: the rule
 * would never match), or undefined when they may carry it or the CI's admin decides its claims.
 */
function unknownClaim(name, provider) {
    const ci = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ciDescriptor */ .oP)(provider.kind);
    const known = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_0__/* .knownClaimNames */ .S2)(ci);
    if (known === undefined || known.includes(name))
        return undefined;
    const families = ci.issuer.discovery.claimFamilies ?? [];
    if (families.some((prefix) => name.startsWith(prefix) && name.length > prefix.length))
        return undefined;
    const offered = known.filter((claim) => !RESERVED_CLAIMS.has(claim));
    const near = (0,_lib_closest_name_js__WEBPACK_IMPORTED_MODULE_3__/* .closestName */ .N)(name, offered, { ignoreCase: true, maxDistance: Math.max(2, Math.floor(name.length / 3)) });
    const all = [...offered, ...families.map((prefix) => `${prefix}…`)].join(', ');
    return `claim '${name}' is not one that ${ci.title} tokens carry, so this rule would never match${near === undefined ? '' : `; did you mean '${near}'?`} (${provider.kind} claims: ${all})`;
}
/**
 * The owner must be literal under a shared issuer; then the CI's own subject checks, and, where
 * its subjects can carry IDs, a warning for a rule that names owner or repository without them.
 */
function checkOwner(subject, claims, provider, error, warn) {
    const ci = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ciDescriptor */ .oP)(provider.kind);
    // The issuer decides, not the declared kind: a provider declared as another CI (refused at load
    // too) must not turn the check off.
    const sharer = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_0__/* .sharedIssuerKind */ .rT)(provider.issuer);
    const owner = ci.subject.owner(subject);
    const ownerClaims = ci.claims.ownerClaims;
    // A subject that names no owner (a customised template such as `environment:production`) is
    // open unless the rule pins the owner by a signed claim: any customer can shape such a subject.
    const ownerOpen = owner !== undefined
        ? (0,_pattern_js__WEBPACK_IMPORTED_MODULE_1__/* .hasWildcard */ .rl)(owner)
        : !ownerClaims.some((name) => literalClaim(claims, name)) && firstPairPin(subject, ownerClaims) === undefined;
    if (ownerOpen && sharer !== undefined) {
        const pinWith = ownerClaims[0] === undefined ? '' : `, or pin the owner with claims: { ${ownerClaims[0]}: '…' }`;
        error('ERR_POLICY_OWNER_WILDCARD', 'subject', `subject ${JSON.stringify(subject)} does not name a literal owner, and ${provider.issuer} issues tokens to every ${sharer} customer: write the owner out, e.g. ${ci.subject.example}${pinWith}${ownerPinTooLate(subject, ownerClaims)}`);
        return;
    }
    const problems = ci.subject.problems?.(subject) ?? [];
    for (const problem of problems) {
        if (problem.severity === 'error')
            error(problem.code, 'subject', problem.message);
        else
            warn(problem.code, 'subject', problem.message);
    }
    const fields = ci.subject.fields;
    const parsed = fields?.parse(subject);
    if (fields === undefined || parsed === undefined)
        return;
    const ids = fields.ids;
    const ownerPinned = parsed.ownerId !== undefined || literalClaim(claims, ids.owner);
    const repoPinned = parsed.repoId !== undefined || literalClaim(claims, ids.repo);
    if ((0,_pattern_js__WEBPACK_IMPORTED_MODULE_1__/* .hasWildcard */ .rl)(parsed.repo)) {
        // Every repository of the owner: the owner's ID is what keeps a re-registered name out.
        if (!ownerPinned) {
            const ownerId = literalValue(claims, ids.owner) ?? '<owner id>';
            warn('WARN_SUBJECT_UNPINNED', 'subject', `subject ${JSON.stringify(subject)} names the owner without its ID, so if ${parsed.owner} is renamed or deleted, whoever registers the name gets every repository this matches; pin it: ${fields.format({ ...parsed, ownerId })} (the ID is the ${ids.owner} claim)`);
        }
    }
    else if (!ownerPinned || !repoPinned) {
        const ownerId = parsed.ownerId ?? literalValue(claims, ids.owner) ?? '<owner id>';
        const repoId = parsed.repoId ?? literalValue(claims, ids.repo) ?? '<repository id>';
        warn('WARN_SUBJECT_UNPINNED', 'subject', `subject ${JSON.stringify(subject)} names the repository without its IDs, so it would also trust a repository deleted and recreated under the same name; pin it: ${fields.format({ ...parsed, ownerId, repoId })} (IDs are the ${ids.owner} and ${ids.repo} claims)`);
    }
}
/** The one literal value a claim condition requires, if that is what it is. */
function literalValue(claims, name) {
    const values = claims[name];
    return values?.length === 1 && !(0,_pattern_js__WEBPACK_IMPORTED_MODULE_1__/* .hasWildcard */ .rl)(values[0]) ? values[0] : undefined;
}
/**
 * Where a CI's subject fields are separated by '/', `**` crosses them: literal text after it can
 * then come from a branch name (`x/vcs-ref/refs/heads/main` ends like main's subject).
 */
function checkGreedyWildcard(subject, provider, warn) {
    if ((0,_providers_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ciDescriptor */ .oP)(provider.kind).subject.separator !== '/')
        return;
    const at = subject.indexOf('**');
    if (at === -1 || subject.slice(at).replace(/\*/g, '') === '')
        return;
    warn('WARN_SUBJECT_GREEDY', 'subject', `in ${provider.kind} subjects fields are separated by '/', which '**' crosses, so the text after it in ${JSON.stringify(subject)} can come from a branch name; use '*' for one field, or check the ref with claims`);
}
/**
 * The owner claim a customised subject (`key:value:key:value…`, GitHub's include_claim_keys)
 * pins with a literal value in its first pair, e.g. `repository_owner_id:1234567:environment:production`.
 * Only the first pair counts: a claim value may itself contain ':' (an environment named
 * `production:repository_owner_id:1234567`), so any later "pair" can be text from an earlier
 * value that a stranger chose. The first key is the template's first claim name, which no
 * value can supply.
 */
function firstPairPin(subject, ownerClaims) {
    const [key, value] = subject.split(':');
    if (key === undefined || value === undefined || !ownerClaims.includes(key))
        return undefined;
    return value !== '' && !(0,_pattern_js__WEBPACK_IMPORTED_MODULE_1__/* .hasWildcard */ .rl)(value) ? key : undefined;
}
/** Why an owner claim later in a customised subject does not count, when the subject has one. */
function ownerPinTooLate(subject, ownerClaims) {
    const parts = subject.split(':');
    const late = parts.slice(2).find((part) => ownerClaims.includes(part));
    if (late === undefined)
        return '';
    return ` (a '${late}:' pair counts only first in the subject: an earlier claim value can contain ':' and supply the rest)`;
}
function literalClaim(claims, name) {
    const values = claims[name];
    return values !== undefined && values.length > 0 && values.every((v) => !(0,_pattern_js__WEBPACK_IMPORTED_MODULE_1__/* .hasWildcard */ .rl)(v));
}


/***/ }),

/***/ 1765:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ requestScopes)
/* harmony export */ });
/* harmony import */ var _lib_quote_input_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3438);

/**
 * The scopes a token gets when the caller asks for `requested` (space-separated or a list):
 * all granted scopes when it asks for none, else exactly what it asked for, which must be a
 * subset of the grant. Asking for more is refused rather than silently trimmed, so a job that
 * expects `deploy` learns at once that it will not get it.
 *
 * @example requestScopes(grant, 'read write') // ['read', 'write'] or a Denial ERR_SCOPE_NOT_GRANTED
 */
function requestScopes(grant, requested) {
    const asked = (Array.isArray(requested) ? requested : (requested ?? '').split(' ')).filter((s) => s !== '');
    if (asked.length === 0)
        return { ok: true, scopes: [...grant.scopes] };
    const missing = asked.filter((s) => !grant.scopes.includes(s));
    if (missing.length > 0) {
        // The caller's own words, quoted and cut as every echo of them is (a body may hold 64 KiB).
        const quoted = (0,_lib_quote_input_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteInput */ .Z)(missing.join(' '));
        return {
            ok: false,
            code: 'ERR_SCOPE_NOT_GRANTED',
            reason: `requested scope ${quoted} is beyond the grant (${grant.scopes.join(' ') || 'none'}) of project ${grant.project}`,
            hint: `scope ${quoted} is not granted to this job for project ${grant.project}; it may have: ${grant.scopes.join(' ') || 'no scopes'}`,
            // The caller already passed the policy for this project, so it may learn its own grant.
            disclose: true,
            identity: grant.identity,
        };
    }
    return { ok: true, scopes: grant.scopes.filter((s) => asked.includes(s)) };
}


/***/ }),

/***/ 722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ subjectProblem)
/* harmony export */ });
/* unused harmony export MAX_SUBJECT_LENGTH */
/** Longest subject stint will look at; no CI issues longer ones, and a cap keeps matching cheap. */
const MAX_SUBJECT_LENGTH = 255;
/**
 * Why a token subject (or a policy subject) is unusable, or undefined when it is fine. Control
 * characters, whitespace and invisible format characters are refused before any matching: no CI
 * puts them in a subject, and they are how look-alike subjects get past a human reviewer.
 */
function subjectProblem(subject) {
    if (subject === '')
        return 'subject is empty';
    if (subject.length > MAX_SUBJECT_LENGTH)
        return `subject is ${subject.length} characters long (at most ${MAX_SUBJECT_LENGTH})`;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u001f\u007f-\u009f]/.test(subject))
        return 'subject contains a control character';
    if (/\s/.test(subject))
        return 'subject contains whitespace';
    // Every format character (bidi controls and isolates, zero-width joiners, soft hyphen, tag
    // characters) and every other default-ignorable one (variation selectors, Hangul fillers).
    if (/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(subject))
        return 'subject contains an invisible formatting character';
    return undefined;
}


/***/ }),

/***/ 559:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ YamlReader),
/* harmony export */   s: () => (/* binding */ duplicateKeys)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _lib_closest_name_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2134);


/**
 * Reads a parsed YAML document with positions, collecting every problem as a diagnostic instead
 * of stopping at the first, so `stint policy check` can list them all.
 */
class YamlReader {
    file;
    doc;
    lines;
    diagnostics = [];
    constructor(file, doc, lines) {
        this.file = file;
        this.doc = doc;
        this.lines = lines;
    }
    /** `file:line:column` of a node (1-based), or of the document start when there is none. */
    at(node) {
        const offset = node?.range?.[0] ?? 0;
        const { line, col } = this.lines.linePos(offset);
        return { file: this.file, line, column: col };
    }
    /** The same as `file:line:column` text, for an error found after loading (an unset variable). */
    place(node) {
        const { file, line, column } = this.at(node);
        return `${file}:${line}:${column}`;
    }
    error(node, code, message) {
        this.diagnostics.push({ severity: 'error', code, message, position: this.at(node) });
    }
    warn(node, code, message) {
        this.diagnostics.push({ severity: 'warning', code, message, position: this.at(node) });
    }
    /** Follows an alias (`*anchor`) to the node it names. */
    resolve(node) {
        return (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node) ? node.resolve(this.doc) : node;
    }
    /**
     * True (with an error) when `node` is an alias to no anchor: almost always an unquoted pattern
     * such as `*prod`, which YAML reads as an alias.
     */
    danglingAlias(node, where) {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node) || node.resolve(this.doc) !== undefined)
            return false;
        this.error(node, 'ERR_CONFIG_INVALID', `${where}: *${node.source} is read as a YAML alias, and no anchor has that name; quote patterns that start with '*', e.g. "*${node.source}"`);
        return true;
    }
    /**
     * The entries of a mapping at `where`, reporting every key not in `allowed` as
     * ERR_POLICY_UNKNOWN_KEY at the key's own position. Undefined when the node is not a mapping.
     */
    map(node, where, allowed) {
        if (this.danglingAlias(node, where))
            return undefined;
        const target = this.resolve(node);
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(target)) {
            this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a mapping (key: value)`);
            return undefined;
        }
        const entries = new Map();
        for (const pair of target.items) {
            const key = pair.key;
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(key) || typeof key.value !== 'string') {
                this.error(key, 'ERR_CONFIG_INVALID', `${where} has a key that is not a plain string`);
                continue;
            }
            if (allowed !== undefined && !allowed.includes(key.value)) {
                const suggestion = (0,_lib_closest_name_js__WEBPACK_IMPORTED_MODULE_1__/* .closestName */ .N)(key.value, allowed);
                this.error(key, 'ERR_POLICY_UNKNOWN_KEY', `unknown key '${key.value}' in ${where}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; allowed: ${allowed.join(', ')}`);
                continue;
            }
            entries.set(key.value, { key, value: pair.value });
        }
        return entries;
    }
    /** A sequence's items, or undefined (with an error) when the node is not a list. */
    list(node, where) {
        if (this.danglingAlias(node, where))
            return undefined;
        const target = this.resolve(node);
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(target)) {
            this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a list`);
            return undefined;
        }
        return target.items;
    }
    /** A scalar's value (string, number, boolean or null); undefined with an error for maps and lists. */
    scalar(node, where) {
        if (this.danglingAlias(node, where))
            return undefined;
        const target = this.resolve(node);
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(target)) {
            this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a single value, not a ${(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(target) ? 'mapping' : 'list'}`);
            return undefined;
        }
        return target.value;
    }
    string(node, where) {
        const value = this.scalar(node, where);
        if (value === undefined)
            return undefined;
        if (typeof value !== 'string' || value === '') {
            this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a non-empty string`);
            return undefined;
        }
        return value;
    }
    /** Strings, or a single string taken as a list of one. */
    strings(node, where) {
        const target = this.resolve(node);
        const items = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(target) ? target.items : [node];
        const out = [];
        for (const item of items) {
            const value = this.string(item, `each of ${where}`);
            if (value !== undefined)
                out.push({ value, node: item });
        }
        return out.length === items.length ? out : undefined;
    }
    boolean(node, where) {
        const value = this.scalar(node, where);
        if (value === undefined)
            return undefined;
        if (typeof value !== 'boolean') {
            this.error(node, 'ERR_CONFIG_INVALID', `${where} must be true or false`);
            return undefined;
        }
        return value;
    }
    positiveNumber(node, where) {
        const value = this.scalar(node, where);
        if (value === undefined)
            return undefined;
        if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
            this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a positive number`);
            return undefined;
        }
        return value;
    }
}
/**
 * Keys repeated within one map, at the repeated key, naming it and where it was first set (yaml's own
 * uniqueKeys check says neither, and compares each key with every key before it: quadratic).
 */
function duplicateKeys(doc, lines) {
    const found = [];
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
        Map(_key, map) {
            /** Each key's value, and where it was first set. */
            const seen = new Map();
            for (const pair of map.items) {
                // yaml compares scalar keys by value and other keys by identity, so only scalars can repeat.
                if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key))
                    continue;
                const start = pair.key.range?.[0] ?? 0;
                const first = seen.get(pair.key.value);
                if (first === undefined) {
                    seen.set(pair.key.value, start);
                    continue;
                }
                const name = String(pair.key.value);
                const quoted = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
                found.push({
                    pos: [start, start],
                    message: `Map keys must be unique: ${quoted} is set again here (first at line ${lines.linePos(first).line}); keep one`,
                });
            }
        },
    });
    return found;
}


/***/ }),

/***/ 7486:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LV: () => (/* binding */ defaultIssuer),
/* harmony export */   Qy: () => (/* binding */ isProviderKind),
/* harmony export */   S2: () => (/* reexport safe */ _descriptor_js__WEBPACK_IMPORTED_MODULE_1__.S2),
/* harmony export */   ex: () => (/* reexport safe */ _descriptor_js__WEBPACK_IMPORTED_MODULE_1__.ex),
/* harmony export */   ik: () => (/* binding */ PROVIDER_KINDS),
/* harmony export */   mQ: () => (/* binding */ defaultAlgorithms),
/* harmony export */   oP: () => (/* binding */ ciDescriptor),
/* harmony export */   p3: () => (/* binding */ describeIssuer),
/* harmony export */   rT: () => (/* binding */ sharedIssuerKind),
/* harmony export */   wZ: () => (/* binding */ normaliseClaims)
/* harmony export */ });
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4627);
/* harmony import */ var _descriptor_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4461);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5183);




const byKind = new Map(_registry_js__WEBPACK_IMPORTED_MODULE_0__/* .CI_DESCRIPTORS */ .u.map((d) => [d.kind, d]));
/** Every CI stint knows, in the registry's order. */
const PROVIDER_KINDS = _registry_js__WEBPACK_IMPORTED_MODULE_0__/* .CI_DESCRIPTORS */ .u.map((d) => d.kind);
function isProviderKind(value) {
    return byKind.has(value);
}
/** The descriptor of `kind`: its issuers, claims, subject grammar and token source. */
function ciDescriptor(kind) {
    const descriptor = byKind.get(kind);
    if (descriptor === undefined)
        throw new TypeError(`no CI descriptor for '${kind}'`);
    return descriptor;
}
/**
 * One `CiIdentity` out of a CI's decoded claims; numbers become strings.
 *
 * @example normaliseClaims('github', claims).repository // 'acme/warehouse'
 */
function normaliseClaims(kind, claims) {
    return { provider: kind, ...ciDescriptor(kind).claims.normalise(claims) };
}
/** The JWS algorithms a CI signs its tokens with (asymmetric only), e.g. ['RS256']. */
function defaultAlgorithms(kind) {
    return [...ciDescriptor(kind).issuer.algorithms];
}
/**
 * The CI whose issuer `iss` is when every customer of that CI shares it (github.com, gitlab.com,
 * Buildkite), whatever kind a provider declares: shared-ness is the issuer's, not the config's.
 * Compared as URLs, so another case in the host, a trailing '/' or http: count too.
 *
 * @example sharedIssuerKind('https://token.actions.githubusercontent.com') // 'github'
 */
function sharedIssuerKind(iss) {
    const wanted = comparableIssuer(iss);
    if (wanted === undefined)
        return undefined;
    for (const descriptor of _registry_js__WEBPACK_IMPORTED_MODULE_0__/* .CI_DESCRIPTORS */ .u) {
        if (descriptor.issuer.shared.some((shared) => comparableIssuer(shared) === wanted))
            return descriptor.kind;
    }
    return undefined;
}
/** An issuer URL as compared for sharing: host (lower-cased, default port dropped) and path without a trailing '/'; any scheme. */
function comparableIssuer(iss) {
    try {
        const url = new URL(iss);
        return `${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    }
    catch {
        return undefined;
    }
}
/** The CI's one public issuer (GitHub, GitLab.com, Buildkite), or undefined when each customer has its own. */
function defaultIssuer(kind) {
    return ciDescriptor(kind).issuer.default;
}
/**
 * Says what `iss` is for this CI ("GitHub Enterprise Server at ghe.example.com"), or undefined
 * when it does not have any of the CI's issuer shapes.
 */
function describeIssuer(kind, iss) {
    return ciDescriptor(kind).issuer.describe(iss);
}


/***/ }),

/***/ 7414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ REDIS_URL_FORM),
/* harmony export */   l: () => (/* binding */ readRedisUrl)
/* harmony export */ });
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7940);

/** The form a Redis URL takes, for messages; the password comes from `password_env`, never the URL. */
const REDIS_URL_FORM = 'redis[s]://[user@]host[:port][/db]';
/**
 * The one reading of a Redis URL, `redis[s]://[user[:password]@]host[:port][/db]`, shared by
 * `stint policy check` (src/policy/config-store.ts) and the store (src/store/redis-connect.ts), so
 * both accept the same URLs. Gives the parts, or a problem that names what is wrong and the form
 * expected, and quotes nothing of the URL: a mistyped one puts the password where a parser sees a
 * path (`redis:/stint:PASSWORD@host`, `redis:///…`) or a user name (`redis://stint@PASSWORD@host`,
 * an `@` typed for the `:`), so no part of a URL that fails is safe to repeat.
 *
 * @example
 * readRedisUrl('redis://stint@redis.internal:6379/0') // { host: 'redis.internal', port: 6379, db: 0, username: 'stint', … }
 * readRedisUrl('redis:/stint:pw@redis.internal')      // { problem: "must be written redis[s]://[user@]host[:port][/db]: '//' and the host right after 'redis:'" }
 */
function readRedisUrl(raw) {
    const scheme = /^(rediss?):/i.exec(raw)?.[1]?.toLowerCase();
    if (scheme === undefined)
        return { problem: `must start with redis:// or rediss:// (TLS): ${REDIS_URL_FORM}` };
    // WHATWG URL reads `redis:/u:pw@host` and `redis:///u:pw@host` as a path with no host, so the
    // shape is checked on the text first.
    if (!/^rediss?:\/\/[^/\\]/i.test(raw))
        return { problem: `must be written ${REDIS_URL_FORM}: '//' and the host right after '${scheme}:'` };
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        return {
            problem: `is not a valid URL; write ${REDIS_URL_FORM}, e.g. ${scheme}://redis.internal:6379/0 (a password never goes in it: see password_env)`,
        };
    }
    // An `@` in the user name (the parser keeps a second one there, encoded) is most often a
    // password typed after `@` where `:` was meant: the user name, which messages show, would hold
    // it. (One in the password is the password's own, `%40` or not: it is never shown.)
    if (url.username.includes('%40'))
        return {
            problem: `has more than one '@' before the host; write ${REDIS_URL_FORM} (an '@' typed for the ':' before a password? An ACL user whose name holds '@' goes in store.username)`,
        };
    const username = decoded(url.username);
    const password = decoded(url.password);
    if (username === null || password === null)
        return { problem: `has a '%' in its user name or password that is not a %XX escape; write ${REDIS_URL_FORM}` };
    if (url.hostname === '')
        return { problem: `has no host; write ${REDIS_URL_FORM}` };
    if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw))
        return { problem: `must not carry a query or a fragment; write ${REDIS_URL_FORM}` };
    const path = url.pathname.replace(/^\//, '');
    if (!/^\d{0,2}$/.test(path) || Number(path) > _types_js__WEBPACK_IMPORTED_MODULE_0__/* .REDIS_MAX_DB */ .Cq)
        return {
            problem: `must end in a database number from 0 to ${_types_js__WEBPACK_IMPORTED_MODULE_0__/* .REDIS_MAX_DB */ .Cq} (Redis's default databases setting), such as /0, or nothing: ${REDIS_URL_FORM}`,
        };
    return {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port === '' ? 6379 : Number(url.port),
        db: path === '' ? 0 : Number(path),
        tls: scheme === 'rediss',
        username: username === '' ? undefined : username,
        password: password === '' ? undefined : password,
        display: `${scheme}://${username === '' ? '' : `${username}@`}${url.host}${url.pathname}`,
    };
}
/** The text with its %XX escapes decoded, or null when one is malformed. */
function decoded(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return null;
    }
}


/***/ }),

/***/ 7940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cq: () => (/* binding */ REDIS_MAX_DB),
/* harmony export */   F6: () => (/* binding */ NO_ISSUE_TIME_LOSS_MS),
/* harmony export */   Lk: () => (/* binding */ HOST_PORT),
/* harmony export */   O0: () => (/* binding */ ISSUED_BEFORE_LOSS_MARGIN_MS),
/* harmony export */   Om: () => (/* binding */ StoreRefusedError),
/* harmony export */   R4: () => (/* binding */ RESERVE_WINDOW_MS),
/* harmony export */   bD: () => (/* binding */ REVOCATION_MARGIN_MS),
/* harmony export */   kH: () => (/* binding */ ReplicasShortError),
/* harmony export */   sH: () => (/* binding */ StateDirUnreadableError)
/* harmony export */ });
/* harmony import */ var _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9280);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);


/**
 * ERR_STORE_UNAVAILABLE from a store whose server answered and refused the broker: a wrong
 * password, an ACL user without a permission, a db it lacks, a certificate it rejects. `refusal`
 * is what the server (or TLS) said. Waiting does not mend a refusal, so a broker starting up
 * stops at once (src/broker/startup-checks.ts) rather than wait for the store.
 */
class StoreRefusedError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
    /** What went wrong, without the advice the message ends with. */
    problem;
    refusal;
    /**
     * What to do, when the refusal says it precisely (a TLS certificate this broker does not trust
     * or that does not name the host); the message ends with it. Undefined otherwise.
     */
    fix;
    constructor(problem, hint, refusal, options) {
        super('ERR_STORE_UNAVAILABLE', `${problem}; ${hint}`, options?.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'StoreRefusedError';
        this.problem = problem;
        this.refusal = refusal;
        this.fix = options?.fix;
    }
}
/**
 * The store answered, but fewer replicas than `store.min_replica_acks` confirmed a write
 * (ERR_STORE_UNAVAILABLE): the fix is a replica, not the link to Redis. The message says how many
 * replicas the primary has.
 */
class ReplicasShortError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
    constructor(message) {
        super('ERR_STORE_UNAVAILABLE', message);
        this.name = 'ReplicasShortError';
    }
}
/**
 * ERR_STORE_UNAVAILABLE from the embedded store while its state directory cannot be looked at
 * (EACCES after a chmod, EIO, a path component replaced): the broker cannot check that it still
 * holds the directory, so it acknowledges nothing until it can, and recovers by itself once the
 * directory reads again. `errno` is the file system's code, which `/readyz` may show (never the path).
 */
class StateDirUnreadableError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
    errno;
    constructor(message, errno, options) {
        super('ERR_STORE_UNAVAILABLE', message, options);
        this.name = 'StateDirUnreadableError';
        this.errno = errno;
    }
}
/**
 * After a loss of the store's data, ID tokens issued up to this long after the loss are refused as
 * well: an issuer's clock may run this far ahead of the store's (the skew allowed on `exp`, `nbf`
 * and `iat`), so a token issued, and exchanged, before the loss may carry a later `iat`.
 */
const ISSUED_BEFORE_LOSS_MARGIN_MS = _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_1__/* .CLOCK_SKEW_SEC */ .E * 1000;
/**
 * An ID token with neither `iat` nor `nbf` cannot show it was issued after a loss: it is refused
 * for this long after one (the CI providers stint knows all set `iat`).
 */
const NO_ISSUE_TIME_LOSS_MS = 24 * 3600 * 1000;
/**
 * How long a broker of an older version (reserve, then commit: two round trips) holds a replay
 * key while its exchange runs. During a rolling upgrade an exchange that meets such a hold
 * (`pending`) asks again until it is recorded or gone, for at most about this long.
 */
const RESERVE_WINDOW_MS = 5_000;
/**
 * A revocation (and a certificate record) is kept this long past the token's `exp`, because
 * verifiers accept a token up to 60 s after `exp` to allow for clock skew (src/lib/clock-skew.ts), and
 * their clocks are not the store's.
 */
const REVOCATION_MARGIN_MS = _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_1__/* .CLOCK_SKEW_SEC */ .E * 1000;
/** Redis has databases 0–15 unless its `databases` setting says more; stint takes the default. */
const REDIS_MAX_DB = 15;
/** `host:port` or `[v6]:port`, as sentinels and cluster seeds are written. */
const HOST_PORT = /^(?:\[([^\]]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/;


/***/ })

};
