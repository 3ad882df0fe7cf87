export const id = 171;
export const ids = [171];
export const modules = {

/***/ 6171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   formatStatus: () => (/* binding */ formatStatus),
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   statusReport: () => (/* binding */ statusReport)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7961);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _lib_fingerprint_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1371);
/* harmony import */ var _providers_token_source_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(364);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1604);
/* harmony import */ var _provider_option_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2443);







const HELP = `Usage: stint status [--provider NAME] [--id-token-env VAR] [--json]

Shows which token source \`stint exchange\` would use here and why, and the current
$STINT_TOKEN's project, scope, expiry and fingerprint. It never prints a token.

Options:
  --provider NAME       as for exchange: ${_providers_token_source_js__WEBPACK_IMPORTED_MODULE_2__/* .PROVIDER_CHOICES */ .Vt.join(' | ')} (auto is the default)
  --id-token-env VAR    as for exchange
  --json                one JSON object instead of text
  -h, --help            this help`;
function claimString(value) {
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}
function audienceOf(value) {
    if (typeof value === 'string')
        return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
        return value;
    return null;
}
/**
 * Builds the report. Decodes without verifying: this is a view for a human, not a trust
 * decision, and the values shown are claims, never the token itself.
 */
function statusReport(env, options, nowMs) {
    let tokenSource;
    try {
        const source = (0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_2__/* .detectTokenSource */ ._B)(env, options);
        let idToken = null;
        if (source.kind === 'env') {
            try {
                const claims = (0,jose__WEBPACK_IMPORTED_MODULE_5__/* .decodeJwt */ .i)((env[source.variable] ?? '').trim());
                const exp = typeof claims.exp === 'number' ? claims.exp : null;
                idToken = {
                    iss: claimString(claims.iss),
                    sub: claimString(claims.sub),
                    aud: audienceOf(claims.aud),
                    expires_at: exp === null ? null : new Date(exp * 1000).toISOString(),
                    expired: exp === null ? null : exp * 1000 <= nowMs,
                };
            }
            catch {
                idToken = null;
            }
        }
        tokenSource = {
            found: true,
            kind: source.kind,
            provider: source.provider ?? null,
            variable: source.kind === 'env' ? source.variable : null,
            reason: source.reason,
            fresh_per_request: (0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_2__/* .canMintFreshTokens */ .tG)(source),
            id_token: idToken,
        };
    }
    catch (error) {
        if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp && error.code === 'ERR_USAGE')
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(error.message);
        if (!(error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp))
            throw error;
        tokenSource = { found: false, error: error.message };
    }
    const token = env.STINT_TOKEN?.trim();
    let stintToken;
    if (!token) {
        stintToken = { present: false };
    }
    else {
        try {
            const claims = (0,jose__WEBPACK_IMPORTED_MODULE_5__/* .decodeJwt */ .i)(token);
            const exp = typeof claims.exp === 'number' ? claims.exp : null;
            stintToken = {
                present: true,
                project: claimString(claims.project),
                scope: claimString(claims.scope),
                subject: claimString(claims.sub),
                issuer: claimString(claims.iss),
                audience: audienceOf(claims.aud),
                expires_at: exp === null ? null : new Date(exp * 1000).toISOString(),
                expires_in: exp === null ? null : Math.round(exp - nowMs / 1000),
                expired: exp === null ? null : exp * 1000 <= nowMs,
                fingerprint: (0,_lib_fingerprint_js__WEBPACK_IMPORTED_MODULE_6__/* .fingerprint */ .R)(token),
            };
        }
        catch {
            stintToken = { present: true, error: 'STINT_TOKEN is set but is not a JWT' };
        }
    }
    return { token_source: tokenSource, stint_token: stintToken };
}
function humanDuration(seconds) {
    const s = Math.abs(seconds);
    if (s < 120)
        return `${s} s`;
    if (s < 7200)
        return `${Math.round(s / 60)} min`;
    return `${Math.round(s / 3600)} h`;
}
/** The text form of a report. */
function formatStatus(report) {
    const lines = [];
    const source = report.token_source;
    if (source.found) {
        lines.push(`token source: ${source.reason}`);
        lines.push(`  ${source.fresh_per_request ? 'mints a fresh ID token per request, with the audience asked for' : `reads ${source.variable}: one single-use ID token`}`);
        if (source.id_token) {
            const t = source.id_token;
            lines.push(`  id token: iss ${t.iss ?? '-'}, aud ${JSON.stringify(t.aud)}, sub ${t.sub ?? '-'}`);
            if (t.expires_at)
                lines.push(`  id token ${t.expired ? 'expired at' : 'expires at'} ${t.expires_at}`);
        }
        else if (source.kind === 'env') {
            lines.push(`  ${source.variable} does not hold a JWT`);
        }
    }
    else {
        lines.push(`token source: none: ${source.error}`);
    }
    const token = report.stint_token;
    if (!token.present) {
        lines.push('STINT_TOKEN: not set');
    }
    else if ('error' in token) {
        lines.push(`STINT_TOKEN: ${token.error}`);
    }
    else {
        lines.push(`STINT_TOKEN: project ${token.project ?? '-'}, scope ${token.scope ?? '-'}`);
        if (token.expires_at !== null && token.expires_in !== null) {
            lines.push(`  ${token.expired ? `expired ${humanDuration(token.expires_in)} ago` : `expires in ${humanDuration(token.expires_in)}`} (${token.expires_at})`);
        }
        lines.push(`  subject ${token.subject ?? '-'}`);
        lines.push(`  issuer ${token.issuer ?? '-'}, audience ${JSON.stringify(token.audience)}`);
        lines.push(`  fingerprint ${token.fingerprint}`);
    }
    return lines.join('\n');
}
const run = async (args, io) => {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args,
        strict: true,
        allowPositionals: false,
        options: {
            provider: { type: 'string', default: 'auto' },
            'id-token-env': { type: 'string' },
            json: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    const provider = (0,_provider_option_js__WEBPACK_IMPORTED_MODULE_4__/* .providerOption */ .f)(values.provider);
    const report = statusReport(io.env, { provider, idTokenEnv: values['id-token-env'] }, Date.now());
    (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ ._r)(io.stdout, values.json ? JSON.stringify(report, null, 2) : formatStatus(report));
    return 0;
};


/***/ }),

/***/ 2443:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ providerOption)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(364);


/** The value of `--provider` (stint exchange, stint status), or a UsageError listing the choices. */
function providerOption(value) {
    if (!_providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__/* .PROVIDER_CHOICES */ .Vt.includes(value))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`--provider must be one of ${_providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__/* .PROVIDER_CHOICES */ .Vt.join(', ')}, got '${value}'`);
    return value;
}


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

/***/ 364:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vt: () => (/* binding */ PROVIDER_CHOICES),
  tG: () => (/* reexport */ canMintFreshTokens),
  _B: () => (/* binding */ detectTokenSource),
  Lj: () => (/* reexport */ readJobToken),
  zc: () => (/* binding */ settingsFor)
});

// UNUSED EXPORTS: findOnPath, recogniseCi

// EXTERNAL MODULE: ./src/lib/env-setting.ts
var env_setting = __webpack_require__(5933);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/providers/descriptor.ts
var descriptor = __webpack_require__(4461);
// EXTERNAL MODULE: ./src/providers/registry.ts + 4 modules
var registry = __webpack_require__(4627);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/providers/request-helpers.ts
var request_helpers = __webpack_require__(8287);
;// CONCATENATED MODULE: ./src/providers/job-token.ts
/**
 * A job's ID token source, once `token-source.ts` has chosen it, and reading one token from it.
 * Kept apart from the choosing (which knows every CI) so the action, which only ever reads
 * GitHub's, bundles no other CI.
 */


/** True when the source gives a new ID token on every read (so a retried exchange is not a replay). */
function canMintFreshTokens(source) {
    return source.kind !== 'env';
}
/**
 * Reads (or mints) one ID token from `source`.
 * Errors: `RemoteError` `ERR_ID_TOKEN_REQUEST_FAILED` (with `status` when an HTTP answer came
 * back, and `retryable` for network errors, timeouts, 408, 429 and 5xx, so `exchangeWithRetry`
 * asks again within its budget), `ERR_ID_TOKEN_INVALID` when what came back is not a JWT.
 * Never puts the token or the runner's request credential in a message.
 *
 * @example
 * const jwt = await readJobToken(source, { audience: 'https://stint.example.com', env: process.env });
 */
async function readJobToken(source, deps) {
    if (!canMintFreshTokens(source))
        return (0,request_helpers/* requireJwt */.li)((deps.env[source.variable] ?? '').trim(), source.variable);
    return source.request(deps.audience, {
        env: deps.env,
        http: deps.http ?? http/* httpRequest */.aj,
        exec: deps.exec ?? request_helpers/* execFileNoShell */.zr,
        timeoutMs: deps.timeoutMs ?? 10_000,
    });
}

;// CONCATENATED MODULE: ./src/providers/token-source.ts
/**
 * Where `stint exchange` gets the job's OIDC ID token, in each CI. Each CI's descriptor says
 * where its token lives (`token` in `github.ts`, `gitlab.ts`, …); this file only decides among
 * them.
 *
 * Precedence when several are present (fixed; docs/cli.md#token-sources-and-their-precedence documents it):
 *  1. `--provider X` names the CI: only X's source is considered, and if it is missing the
 *     error says exactly what to add. No fallback: a job that says what it is never silently
 *     exchanges some other token.
 *  2. `--id-token-env VAR` (with `--provider auto`): the token in VAR; the CI is named from
 *     the environment's markers when one is recognised.
 *  3. Each CI in the registry's order (registry.ts): a CI that mints on request when its request
 *     is possible here (and its marker is set, where the request alone proves nothing); a CI
 *     that hands the token over in a variable when its marker is set and the variable holds
 *     something. Today: GitHub's runtime request, GitLab, CircleCI, Buildkite's agent, Jenkins.
 *  4. STINT_ID_TOKEN anywhere else (a CI stint does not recognise, or a local test).
 */






const PROVIDER_CHOICES = ['auto', ...registry/* CI_DESCRIPTORS */.u.map((d) => d.kind)];
/** The variable that holds an ID token when no CI is recognised. */
const FALLBACK_VARIABLE = 'STINT_ID_TOKEN';
/**
 * Picks the token source `stint exchange` would use here and says why.
 * Throws `ERR_TOKEN_SOURCE_NOT_FOUND` naming the missing variable and how to get it in that CI.
 *
 * @example
 * const source = detectTokenSource(process.env, { provider: 'auto' });
 * console.log(source.reason); // "GitLab CI (GITLAB_CI=true) with the id_tokens variable STINT_ID_TOKEN"
 */
function detectTokenSource(env, options = {}) {
    const provider = options.provider ?? 'auto';
    const idTokenEnv = options.idTokenEnv;
    if (idTokenEnv !== undefined && !(0,env_setting/* isVariableName */.KL)(idTokenEnv)) {
        throw new errors/* StintError */.Fp('ERR_USAGE', `--id-token-env must be an environment variable name, got '${idTokenEnv}'`);
    }
    if (provider !== 'auto')
        return explicitSource(env, descriptorOf(provider), idTokenEnv);
    if (idTokenEnv !== undefined) {
        const ci = recognise(env);
        if (!(0,descriptor/* isSet */.vM)(env[idTokenEnv])) {
            throw notFound(`${idTokenEnv} is not set (named by --id-token-env). ${ci ? ci.token.howToGet(idTokenEnv) : ''}`.trim());
        }
        return {
            kind: 'env',
            provider: ci?.kind,
            variable: idTokenEnv,
            reason: `--id-token-env ${idTokenEnv}${ci ? ` in ${ci.title}` : ''}`,
        };
    }
    for (const ci of registry/* CI_DESCRIPTORS */.u) {
        const source = autoSource(env, ci);
        if (source)
            return source;
    }
    if ((0,descriptor/* isSet */.vM)(env[FALLBACK_VARIABLE])) {
        return envSource(undefined, FALLBACK_VARIABLE, `${FALLBACK_VARIABLE} is set (no CI recognised)`);
    }
    const ci = recognise(env);
    if (ci)
        throw notFound(`this looks like ${ci.title}, but ${missing(ci, undefined, env)}`);
    throw notFound(`no CI OIDC token found: looked for ${lookedFor()}. Pass --provider, or --id-token-env VAR naming the variable that holds the token`);
}
/** `ci`'s source when this job is on `ci` and its token is at hand, for `--provider auto`. */
function autoSource(env, ci) {
    const { marker, source } = ci.token;
    if (source.via === 'env') {
        if (!marker.test(env) || !(0,descriptor/* isSet */.vM)(env[source.variable]))
            return undefined;
        return envSource(ci.kind, source.variable, `${ci.title} (${marker.text}) with ${source.described}`);
    }
    if (source.needsMarker && !marker.test(env))
        return undefined;
    const found = source.find(env);
    return found && { kind: source.kind, provider: ci.kind, reason: found.reason, request: found.request };
}
function explicitSource(env, ci, idTokenEnv) {
    const source = ci.token.source;
    if (source.via === 'env' || idTokenEnv !== undefined) {
        const variable = idTokenEnv ?? (source.via === 'env' ? source.variable : FALLBACK_VARIABLE);
        if (!(0,descriptor/* isSet */.vM)(env[variable]))
            throw notFound(missing(ci, variable, env));
        const reason = source.via === 'env' ? `--provider ${ci.kind}: ${variable}` : `--provider ${ci.kind} --id-token-env ${variable}`;
        return envSource(ci.kind, variable, reason);
    }
    const found = source.find(env);
    if (found === undefined)
        throw notFound(missing(ci, undefined, env));
    return {
        kind: source.kind,
        provider: ci.kind,
        reason: `--provider ${ci.kind}: ${found.describe}`,
        request: found.request,
    };
}
function envSource(provider, variable, reason) {
    return { kind: 'env', provider, variable, reason };
}
function descriptorOf(kind) {
    const ci = registry/* CI_DESCRIPTORS */.u.find((d) => d.kind === kind);
    if (ci === undefined)
        throw new errors/* StintError */.Fp('ERR_USAGE', `--provider '${kind}' is not a CI stint knows`);
    return ci;
}
/** What a job sets where no CI is recognised: the flags alone. */
const FLAG_SETTINGS = {
    brokerUrl: '--broker',
    audience: '--audience',
    audienceFix: "Mint the ID token with the audience the broker expects of this CI (its providers.<name>.audience, by default the broker's issuer)",
};
/**
 * What a job on `provider` sets, as `stint exchange`'s errors name it (its recipe's settings and
 * the flags); the flags alone for a CI stint does not recognise.
 */
function settingsFor(provider) {
    return provider === undefined ? FLAG_SETTINGS : descriptorOf(provider).token.settings;
}
/** Which CI this environment is, from the markers each CI always sets; undefined when none. */
function recogniseCi(env) {
    return recognise(env)?.kind;
}
function recognise(env) {
    return registry/* CI_DESCRIPTORS */.u.find((ci) => ci.token.marker.test(env));
}
/** The sentence that names what is missing for `ci` and how to get it in that CI. */
function missing(ci, variable, env) {
    const source = ci.token.source;
    if (variable === undefined && source.via === 'request') {
        return `${source.missing(env)}. ${ci.token.howToGet(undefined)}`;
    }
    const name = variable ?? (source.via === 'env' ? source.variable : FALLBACK_VARIABLE);
    return `${name} is not set. ${ci.token.howToGet(name)}`;
}
/** "A (GitHub), B (GitLab, Jenkins) and C (Buildkite)": what auto detection looks for, by CI. */
function lookedFor() {
    const brands = new Map();
    for (const ci of registry/* CI_DESCRIPTORS */.u) {
        const source = ci.token.source;
        const what = source.via === 'env' ? source.variable : source.lookedFor;
        brands.set(what, [...(brands.get(what) ?? []), ci.brand]);
    }
    const items = [...brands].map(([what, names]) => `${what} (${names.join(', ')})`);
    return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}
function notFound(message) {
    return new errors/* StintError */.Fp('ERR_TOKEN_SOURCE_NOT_FOUND', message);
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
