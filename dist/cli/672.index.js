export const id = 672;
export const ids = [672];
export const modules = {

/***/ 3672:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4844);
/* harmony import */ var _mask_github_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2029);
/* harmony import */ var _signing_request_input_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(652);
/* harmony import */ var _signing_sign_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3531);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1604);







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
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, HELP);
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
    const signed = await (0,_signing_sign_js__WEBPACK_IMPORTED_MODULE_4__/* .signRequest */ .z)(profile, { method: values.method.toUpperCase(), url: values.url ?? 'http://localhost/', headers, body }, { ..._signing_sign_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultSignDeps */ .B, env: io.env });
    // In a GitHub Actions step the runner masks what it is told to, before the credential is printed;
    // on stderr, so that `$(stint sign …)` captures only the headers (the runner reads both streams).
    if (signed.credential !== undefined && io.env.GITHUB_ACTIONS === 'true')
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeData */ .Mr)(io.stderr, Buffer.from((0,_mask_github_js__WEBPACK_IMPORTED_MODULE_2__/* .addMaskCommands */ .e)([signed.credential])));
    const entries = Object.entries(signed.headers);
    if (format === 'json') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, JSON.stringify(signed.url === undefined ? { headers: signed.headers } : { headers: signed.headers, url: signed.url }));
    }
    else if (format === 'curl') {
        const words = entries.flatMap(([k, v]) => ['-H', (0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .shellQuote */ .Z)(`${k}: ${v}`)]);
        if (signed.url !== undefined)
            words.push((0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .shellQuote */ .Z)(signed.url));
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, words.join(' '));
    }
    else {
        for (const [k, v] of entries)
            (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ ._r)(io.stdout, `${k}: ${v}`);
    }
    return 0;
};


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


/***/ })

};
