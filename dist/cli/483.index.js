export const id = 483;
export const ids = [483];
export const modules = {

/***/ 5483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7268);
/* harmony import */ var _github_mask_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7100);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1604);







const HELP = `Usage: stint cert --broker URL [options]

Gets a short-lived client certificate from the broker's CA, outside GitHub Actions: makes a
private key and CSR here, sends the CSR with the stint token, and writes the certificate, the
key and the broker CA as 0600 files. The key never leaves this machine and is never printed.
The certificate expires no later than the stint token. In a GitHub Actions step
(GITHUB_ACTIONS=true) the key is first registered with the runner for masking (::add-mask::
lines on stderr).

Options:
  --broker URL          the stint broker (default $STINT_BROKER_URL)
  --token-env VAR       read the stint token from VAR (default STINT_TOKEN; set it with
                        exports="$(stint exchange …)" || exit 1; eval "$exports")
  --out DIR             where to write NAME.cert.pem, NAME.key.pem, NAME.ca.pem (made 0700;
                        an existing DIR that others can write is refused, or tightened when
                        it is yours; default a new directory under $RUNNER_TEMP or the
                        system temp dir)
  --name NAME           file name prefix (default client)
  --key-type ec|rsa     EC P-256 (default) or RSA 2048
  --json                print {cert_path, key_path, ca_path, subject, not_after, fingerprint, serial}
  -h, --help            this help

Example:
  exports="$(stint exchange --broker https://stint.example.com --project warehouse)" || exit 1
  eval "$exports"
  mtls="$(mktemp -d)/mtls"
  stint cert --broker https://stint.example.com --out "$mtls"
  curl --cert "$mtls/client.cert.pem" --key "$mtls/client.key.pem" https://internal.example.com/

Exit codes: 0 ok, 1 refused or failed, 2 usage error.`;
const run = async (args, io) => {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({
        args,
        strict: true,
        allowPositionals: false,
        options: {
            broker: { type: 'string' },
            'token-env': { type: 'string', default: 'STINT_TOKEN' },
            out: { type: 'string' },
            name: { type: 'string', default: 'client' },
            'key-type': { type: 'string', default: 'ec' },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', short: 'h', default: false },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    const brokerUrl = values.broker ?? io.env.STINT_BROKER_URL;
    if (!brokerUrl)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('--broker URL is required (or set STINT_BROKER_URL)');
    if (!/^https?:\/\//.test(brokerUrl))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--broker must be an http(s) URL, got ${JSON.stringify(brokerUrl)}`);
    const keyType = values['key-type'];
    if (keyType !== 'ec' && keyType !== 'rsa')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--key-type must be ec or rsa, got ${JSON.stringify(keyType)}`);
    const name = values.name;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('--name must be letters, digits, ., _ or - (at most 64)');
    const tokenEnv = values['token-env'];
    const token = io.env[tokenEnv];
    if (!token) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_TOKEN_MISSING', `$${tokenEnv} is not set: get a stint token first, e.g. exports="$(stint exchange --broker ${brokerUrl} --project P)" || exit 1; eval "$exports"`);
    }
    const dir = values.out !== undefined
        ? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values.out)
        : await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(io.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), 'stint-cert-'));
    const { setUpMtls } = await Promise.all(/* import() */[__webpack_require__.e(787), __webpack_require__.e(518)]).then(__webpack_require__.bind(__webpack_require__, 3233));
    // In a GitHub Actions step the key's lines are registered with the runner before the key file
    // exists and before anything is printed, as the action's mtls profile does (a later step that
    // runs `cat` on it, or a tool that quotes it, then shows ***).
    const setUp = await setUpMtls({ type: 'mtls', name, source: 'ephemeral', keyType }, { brokerUrl, token, dir, onSecret: (keyPem) => (0,_github_mask_js__WEBPACK_IMPORTED_MODULE_5__/* .maskInGitHubStep */ .f)(io, [keyPem]) });
    print(setUp, values.json, io.stdout);
    return 0;
};
/** Paths, subject, expiry and fingerprints only: never the key. */
function print(setUp, json, stdout) {
    const fields = {
        cert_path: setUp.certPath,
        key_path: setUp.keyPath,
        ca_path: setUp.caPath ?? null,
        subject: setUp.subject,
        not_after: setUp.notAfter,
        fingerprint: setUp.fingerprint,
        serial: setUp.serial,
    };
    if (json) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(stdout, JSON.stringify(fields));
        return;
    }
    const rows = [
        ['certificate', setUp.certPath],
        ['key', setUp.keyPath],
        ['ca', setUp.caPath ?? '-'],
        ['subject', setUp.subject],
        ['expires', setUp.notAfter],
        ['fingerprint', setUp.fingerprint],
        ['serial', setUp.serial],
    ];
    for (const [label, value] of rows)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(stdout, `${label.padEnd(12)}${value}`);
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
