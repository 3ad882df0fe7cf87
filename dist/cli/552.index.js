export const id = 552;
export const ids = [552];
export const modules = {

/***/ 7171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderExplanation: () => (/* binding */ renderExplanation),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7961);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
/* harmony import */ var _policy_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8063);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1604);







const HELP = `Usage: stint policy check FILE [--json]
       stint policy explain --config FILE --project P (--token JWT | --claims FILE) [--provider NAME] [--json]
       stint policy test FILE… [--config FILE] [--junit FILE] [--json] [--verbose]

check    Validates a broker config and its policy. Prints every error and warning as
         FILE:LINE:COLUMN: error|warning: message, then a summary (--json: one JSON object
         with ok, the counts and every diagnostic). Exit 1 on any error.
explain  Shows, for each trust rule of the project, every field compared (wanted vs got) and the
         decision. --token is decoded, never verified and never printed; --claims reads a JSON
         object of claims. The provider is the one whose issuer equals the token's iss unless
         --provider names it. Exit 0 when the token would be allowed, 1 when denied.
test     Runs files of policy cases (claims or a CI's example token → allow with scopes, or deny
         with a code), like \`opa test\`; --junit FILE writes JUnit XML. Exit 1 when a case
         fails. \`stint policy test --help\` says more.`;
/** `stint policy check|explain`. */
const run = async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(sub === undefined ? io.stderr : io.stdout, HELP);
        return sub === undefined ? 2 : 0;
    }
    if (sub === 'check')
        return check(rest, io);
    if (sub === 'explain')
        return explain(rest, io);
    if (sub === 'test')
        return (await __webpack_require__.e(/* import() */ 352).then(__webpack_require__.bind(__webpack_require__, 2352))).run(rest, io);
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`unknown policy command '${sub}'; use check, explain or test (stint policy --help)`);
};
async function check(args, io) {
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args,
        strict: true,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    if (positionals.length !== 1)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('stint policy check takes one FILE');
    const file = positionals[0];
    const { config, diagnostics } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_4__/* .validateConfig */ .$r)(await readConfigText(file, io), file);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    if (values.json) {
        if (config !== undefined)
            (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_4__/* .compilePolicy */ .C_)(config);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ file, ok: config !== undefined, errors, warnings, diagnostics }, null, 2));
        return config === undefined ? 1 : 0;
    }
    for (const d of diagnostics)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDiagnostic */ .xy)(d));
    if (config === undefined) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, `${file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
        return 1;
    }
    (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_4__/* .compilePolicy */ .C_)(config);
    const rules = Object.values(config.projects).reduce((n, p) => n + p.trust.length, 0);
    (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, `${file}: OK (${plural(Object.keys(config.providers).length, 'provider')}, ${plural(Object.keys(config.projects).length, 'project')}, ${plural(rules, 'rule')}, ${plural(warnings, 'warning')})`);
    return 0;
}
async function explain(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args,
        strict: true,
        options: {
            config: { type: 'string' },
            project: { type: 'string' },
            token: { type: 'string' },
            claims: { type: 'string' },
            provider: { type: 'string' },
            json: { type: 'boolean' },
            help: { type: 'boolean' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    if (values.config === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('stint policy explain needs --config FILE');
    if (values.project === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('stint policy explain needs --project P');
    if ((values.token === undefined) === (values.claims === undefined))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('give either --token JWT or --claims FILE');
    const { config, diagnostics } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_4__/* .validateConfig */ .$r)(await readConfigText(values.config, io), values.config);
    if (config === undefined) {
        for (const d of diagnostics)
            (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stderr, (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDiagnostic */ .xy)(d));
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CONFIG_INVALID', `${values.config} has errors; run stint policy check ${values.config}`);
    }
    const claims = values.token !== undefined ? decodeToken(values.token) : await readClaims(values.claims, io);
    const policy = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_4__/* .compilePolicy */ .C_)(config);
    const provider = chooseProvider(config, policy.providerForIssuer.bind(policy), claims, values.provider);
    if (!Object.hasOwn(config.projects, values.project)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_PROJECT_UNKNOWN', `project '${values.project}' is not in ${values.config} (projects: ${Object.keys(config.projects).join(', ')})`);
    }
    const explanation = policy.explain(values.project, provider.name, claims);
    if (values.json)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ provider: provider.name, ...explanation }, null, 2));
    else
        for (const line of renderExplanation(explanation, provider))
            (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, line);
    return explanation.decision.ok ? 0 : 1;
}
async function readConfigText(file, io) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, file), 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CONFIG_NOT_FOUND', `cannot read config file ${file}: ${error.code ?? String(error)}`, { cause: error });
    }
}
/** The token's claims, decoded without verifying: explain is about the policy, not the signature. */
function decodeToken(token) {
    try {
        return (0,jose__WEBPACK_IMPORTED_MODULE_6__/* .decodeJwt */ .i)(token);
    }
    catch {
        // Never echo the value: it may be a live token pasted by mistake in the wrong place.
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_TOKEN_MALFORMED', '--token is not a JWT (three base64url parts with a JSON payload)');
    }
}
async function readClaims(file, io) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, file), 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `cannot read claims file ${file}: ${error.code ?? String(error)}`, { cause: error });
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `${file} is not JSON: ${error.message}`, { cause: error });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `${file} must hold a JSON object of claims`);
    return parsed;
}
function chooseProvider(config, byIssuer, claims, name) {
    const configured = Object.keys(config.providers).join(', ');
    if (name !== undefined) {
        const provider = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
        if (provider === undefined)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_PROVIDER_UNKNOWN', `provider '${name}' is not configured (configured: ${configured})`);
        return provider;
    }
    if (typeof claims.iss === 'string') {
        const provider = byIssuer(claims.iss);
        if (provider === undefined)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_PROVIDER_UNKNOWN', `no configured provider has issuer '${claims.iss}'; pass --provider NAME (configured: ${configured})`);
        return provider;
    }
    const only = Object.values(config.providers);
    if (only.length === 1)
        return only[0];
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_PROVIDER_UNKNOWN', `the claims have no iss; pass --provider NAME (configured: ${configured})`);
}
/** Human form: one block per rule, one line per field, then the decision. */
function renderExplanation(explanation, provider) {
    const lines = [
        `project ${explanation.project}, provider ${provider.name} (${provider.kind}, issuer ${provider.issuer})`,
    ];
    const subject = explanation.decision.identity?.subject;
    if (subject !== undefined)
        lines.push(`subject ${subject}`);
    for (const rule of explanation.rules) {
        const { file, line, column } = rule.position;
        lines.push('', `trust[${rule.index}] at ${file}:${line}:${column}: ${rule.matched ? 'MATCH' : 'no match'}`);
        const width = Math.max(...rule.comparisons.map((c) => c.field.length));
        for (const c of rule.comparisons)
            lines.push(`  ${c.matched ? '✓' : '✗'} ${c.field.padEnd(width)}  wanted ${shown(c.wanted)}  got ${c.got === undefined ? '(missing)' : c.got}`);
        if (rule.note)
            lines.push(`  note: ${rule.note}`);
    }
    lines.push('', ...renderDecision(explanation.decision));
    return lines;
}
function renderDecision(decision) {
    if (decision.ok) {
        const flags = decision.flags.length > 0 ? `; flags: ${decision.flags.join(', ')}` : '';
        return [
            `decision: ALLOWED, scopes: ${decision.scopes.join(' ') || '(none)'} (rules ${decision.rules.map((r) => `trust[${r}]`).join(', ')})${flags}`,
        ];
    }
    return [
        `decision: DENIED (${decision.code})`,
        `  hint: ${decision.hint}${decision.disclose ? '' : " (not shown to the caller, whose owner is not in this project's policy: it gets a generic denial)"}`,
        `  reason: ${decision.reason}`,
    ];
}
function shown(wanted) {
    return Array.isArray(wanted) ? `any of [${wanted.join(', ')}]` : wanted;
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
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
