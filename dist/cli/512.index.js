export const id = 512;
export const ids = [512];
export const modules = {

/***/ 116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ strictBase64Problem),
/* harmony export */   P: () => (/* binding */ strictBase64)
/* harmony export */ });
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

/***/ 2029:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ addMaskCommands)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _forms_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5019);


/**
 * The `::add-mask::` workflow commands that register every form of each secret with the GitHub
 * Actions runner (maskForms, in the order the action registers them), one line each, the data
 * escaped as `@actions/core` escapes it (`%`, CR, LF). A secret that cannot be masked is refused
 * (ERR_SECRET_TOO_SHORT), as the action refuses it: printed, it would show in the log.
 *
 * The runner reads workflow commands from a step's stderr as from its stdout (each stream has its
 * own OutputManager in actions/runner's ScriptHandler), so a command whose stdout is captured
 * (`TOKEN=$(stint sign …)`) writes these to stderr, where the capture does not swallow them.
 *
 * @example
 * io.stderr.write(addMaskCommands([accessToken]));   // before the token is printed
 */
function addMaskCommands(secrets) {
    const forms = new Set();
    for (const secret of secrets) {
        const unmaskable = (0,_forms_js__WEBPACK_IMPORTED_MODULE_1__/* .unmaskableReason */ .gG)(secret);
        if (unmaskable !== undefined)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_SECRET_TOO_SHORT', `${unmaskable}; use a longer, random secret`);
        for (const form of (0,_forms_js__WEBPACK_IMPORTED_MODULE_1__/* .maskForms */ .ye)(secret))
            forms.add(form);
    }
    let text = '';
    for (const form of forms)
        text += `::add-mask::${escapeData(form)}\n`;
    return text;
}
function escapeData(value) {
    return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
/* harmony export */   $l: () => (/* binding */ standardWebhooksSecretProblem),
/* harmony export */   Aj: () => (/* binding */ hmacHeaders),
/* harmony export */   Dd: () => (/* binding */ standardWebhooksKey),
/* harmony export */   Md: () => (/* binding */ mac)
/* harmony export */ });
/* unused harmony export STANDARD_WEBHOOKS_MIN_KEY_BYTES */
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
    const hmac = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)(algorithm, key);
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

/***/ 4572:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ae: () => (/* binding */ messageParts),
/* harmony export */   P9: () => (/* binding */ sfString),
/* harmony export */   QP: () => (/* binding */ signatureBase),
/* harmony export */   Z3: () => (/* binding */ serializeSignatureParams),
/* harmony export */   eZ: () => (/* binding */ contentDigest),
/* harmony export */   ol: () => (/* binding */ digestOf),
/* harmony export */   t5: () => (/* binding */ requestTarget)
/* harmony export */ });
/* unused harmony export componentValue */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);


const PARAM_ORDER = ['created', 'expires', 'nonce', 'alg', 'keyid', 'tag'];
/** An RFC 8941 sf-string: quoted, with `"` and `\` escaped. Callers ensure printable ASCII. */
function sfString(value) {
    return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
/** `("@method" "@path");created=1;keyid="k"`: the `@signature-params` value and the Signature-Input member. */
function serializeSignatureParams(components, params) {
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
function messageParts(method, url, headers) {
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNING_REQUEST', `the URL is not absolute (scheme://host/path): ${url.split('?')[0]}`);
    }
    // What is signed must be what is sent. An HTTP client (stint request's, curl, fetch) rewrites
    // some URLs before sending them (dot-segments resolved, `\` as `/`, spaces and quotes escaped),
    // and not all in the same way; such a URL is refused here, naming the form to write instead.
    const target = requestTarget(url);
    // What goes on the wire: the path and query as the URL parser leaves them (a bare `?` dropped).
    const sent = requestTarget(`${parsed.origin}${parsed.pathname}${parsed.search}`);
    if (target.path !== sent.path || target.query !== sent.query)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNING_REQUEST', `the URL's path or query is not written as it is sent (dot-segments, backslashes and characters that must be escaped are rewritten by HTTP clients, so the signature would not match); write it as it is sent: ${parsed.origin}${sent.path}${sent.query === '' ? '' : '?…'}`);
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNATURE_COMPONENT_MISSING', `the request has no ${component} header, which the signature covers`);
    }
    // §2.1: each field line's value trimmed, then joined with ", ".
    return values.map((v) => v.trim().replace(/\r?\n[ \t]*/g, ' ')).join(', ');
}
/**
 * The signature base (§2.5): one line per component, then `"@signature-params"` with the
 * serialised inner list (`serializeSignatureParams` for the signer; the verifier re-serialises
 * what it received, keeping its parameter order). No final newline.
 */
function signatureBase(components, signatureParams, message) {
    const lines = components.map((component) => `${sfString(component)}: ${componentValue(component, message)}`);
    lines.push(`"@signature-params": ${signatureParams}`);
    return lines.join('\n');
}
/** RFC 9530 `Content-Digest` value for `body`, e.g. `sha-256=:X48E9q…=:`. */
function contentDigest(algorithm, body) {
    return `${algorithm}=:${digestOf(algorithm, body).toString('base64')}:`;
}
function digestOf(algorithm, body) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm === 'sha-256' ? 'sha256' : 'sha512')
        .update(body)
        .digest();
}


/***/ }),

/***/ 36:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IN: () => (/* binding */ uncoveredQuery),
/* harmony export */   Nc: () => (/* binding */ httpSignatureHeaders),
/* harmony export */   fL: () => (/* binding */ signBase)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _lib_strict_base64_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(116);
/* harmony import */ var _http_signature_base_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4572);
/* harmony import */ var _profiles_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8357);





/**
 * RFC 9421 HTTP Message Signatures for one request: `Signature-Input` and `Signature` (and
 * `Content-Digest` per RFC 9530 when the components cover it), signed with the newest key.
 *
 * @example
 * httpSignatureHeaders(profile, { method: 'POST', url: 'https://api.example.com/deploy', headers: {}, body }, deps)
 * // → { 'Content-Digest': 'sha-256=:…:', 'Signature-Input': 'sig1=("@method" …);created=…;alg="ed25519";keyid="ci"', 'Signature': 'sig1=:…:' }
 */
function httpSignatureHeaders(profile, request, deps) {
    const added = {};
    const headers = Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-digest');
    if (profile.components.includes('content-digest')) {
        added['Content-Digest'] = (0,_http_signature_base_js__WEBPACK_IMPORTED_MODULE_2__/* .contentDigest */ .eZ)(profile.digest, request.body);
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
    const signatureParams = (0,_http_signature_base_js__WEBPACK_IMPORTED_MODULE_2__/* .serializeSignatureParams */ .Z3)(profile.components, params);
    const base = (0,_http_signature_base_js__WEBPACK_IMPORTED_MODULE_2__/* .signatureBase */ .QP)(profile.components, signatureParams, (0,_http_signature_base_js__WEBPACK_IMPORTED_MODULE_2__/* .messageParts */ .Ae)(request.method, request.url, headers));
    const signature = signBase(profile.alg, signingKey(profile), Buffer.from(base));
    added['Signature-Input'] = `${profile.label}=${signatureParams}`;
    added.Signature = `${profile.label}=:${signature.toString('base64')}:`;
    return added;
}
/** The derived components (RFC 9421 §2.2) that cover a request's query. */
const QUERY_COMPONENTS = ['@query', '@target-uri', '@request-target'];
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
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', key).update(base).digest();
        case 'ed25519':
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(null, base, key);
        case 'ecdsa-p256-sha256':
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', base, { key: key, dsaEncoding: 'ieee-p1363' });
        case 'rsa-pss-sha512':
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha512', base, { key: key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 });
        case 'rsa-v1_5-sha256':
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', base, { key: key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PADDING });
    }
}
// Parsing a PEM costs more than an Ed25519 signature; keep each profile's parsed key.
const keyCache = new WeakMap();
function signingKey(profile) {
    let key = keyCache.get(profile);
    if (key === undefined) {
        const text = profile.keys[0];
        key = profile.alg === 'hmac-sha256' ? symmetricKey(profile, text) : (0,_profiles_js__WEBPACK_IMPORTED_MODULE_3__/* .readPrivateKey */ .$k)(text);
        keyCache.set(profile, key);
    }
    return key;
}
/** The HMAC key's bytes; base64 strictly (the profile's parser refused any other), never skipping what is not base64. */
function symmetricKey(profile, text) {
    if (profile.keyEncoding === 'utf8')
        return Buffer.from(text, 'utf8');
    const key = (0,_lib_strict_base64_js__WEBPACK_IMPORTED_MODULE_4__/* .strictBase64 */ .P)(text);
    if (key === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNING_CONFIG', `signing profile "${profile.name}": its key is not base64 (key_encoding: base64); check the variable it comes from`);
    return key;
}


/***/ }),

/***/ 8357:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $k: () => (/* binding */ readPrivateKey),
/* harmony export */   E7: () => (/* binding */ parseHmacProfile),
/* harmony export */   Rj: () => (/* binding */ parseHttpSignatureProfile),
/* harmony export */   lp: () => (/* binding */ DEFAULT_COMPONENTS),
/* harmony export */   mL: () => (/* binding */ parseBearerProfile),
/* harmony export */   sg: () => (/* binding */ parseJwtProfile)
/* harmony export */ });
/* unused harmony export unfoldPem */
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
