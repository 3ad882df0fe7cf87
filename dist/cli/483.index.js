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
                        eval "$(stint exchange …)")
  --out DIR             where to write NAME.cert.pem, NAME.key.pem, NAME.ca.pem (made 0700;
                        an existing DIR that others can write is refused, or tightened when
                        it is yours; default a new directory under $RUNNER_TEMP or the
                        system temp dir)
  --name NAME           file name prefix (default client)
  --key-type ec|rsa     EC P-256 (default) or RSA 2048
  --json                print {cert_path, key_path, ca_path, subject, not_after, fingerprint, serial}
  -h, --help            this help

Example:
  eval "$(stint exchange --broker https://stint.example.com --project warehouse)"
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_TOKEN_MISSING', `$${tokenEnv} is not set: get a stint token first, e.g. eval "$(stint exchange --broker ${brokerUrl} --project P)"`);
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

/***/ 5019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gG: () => (/* binding */ unmaskableReason),
/* harmony export */   ye: () => (/* binding */ maskForms)
/* harmony export */ });
/* unused harmony exports MIN_FORM_LENGTH, isWorthMasking */
/**
 * Every form of a secret that a later step could print, so each can be registered for masking
 * (`::add-mask::`) before anything can print it.
 *
 * The runner masks exact substrings, line by line. A multi-line secret (a PEM key, a JSON
 * credential) printed by `cat` arrives one line at a time, so each line is registered on its own;
 * a step that base64-encodes, URL-encodes or JSON-embeds the value prints a different string, so
 * those forms are registered too, in the spellings common tools print (docs/action.md lists them
 * and what stays out of reach). We register every form ourselves rather than lean on the
 * runner's own encoders: they differ from these (its JSON escape leaves non-ASCII as is, its URL
 * escape is .NET's), and a runner without them would then print the secret. What is not secret on
 * its own is left out (`{`, `}`, PEM armour lines, anything under 4 characters, whitespace):
 * registering it would turn every brace and every `-----BEGIN CERTIFICATE-----` in the log into
 * `***` and hide what happened.
 */
/** Shorter than this, a form is too common to be worth masking (and would blank the log). */
const MIN_FORM_LENGTH = 4;
/**
 * Columns at which tools wrap base64: 64 (`openssl base64`, PEM bodies) and 76 (GNU `base64`,
 * MIME). The runner masks line by line, so each wrapped line is a form of its own.
 */
const BASE64_WRAPS = [64, 76];
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/**
 * Every printable form of `value` worth registering for masking: the value (and trimmed, with
 * CRLF as LF, and with its line breaks removed), each line (and its trimmed, JSON-escaped and
 * URL-encoded forms), its base64 / base64url forms (also as they appear at each byte offset
 * inside a longer encoded text, e.g. `user:token` in a Basic header, and each line of the
 * encoding wrapped at 64 and 76 columns, of the value alone and with the line feed `echo` adds),
 * URL-encoded forms (JavaScript's `encodeURIComponent`, HTML forms, Python's `quote` and
 * `quote_plus`) and JSON-escaped forms (JavaScript's, and Python's `json.dumps`, which writes
 * non-ASCII as `\uXXXX`, also with `\/` as PHP writes it). Unique, longest first.
 *
 * @example
 * for (const form of maskForms(privateKeyPem)) core.setSecret(form);
 */
function maskForms(value) {
    const forms = new Set();
    const add = (form) => {
        if (isWorthMasking(form))
            forms.add(form);
    };
    const wholes = new Set([value, value.trim(), value.replace(/\r\n/g, '\n'), value.replace(/\r\n/g, '\n').trim()]);
    const lines = value.split(/\r?\n|\r/);
    if (lines.length > 1)
        wholes.add(lines.map((line) => line.trim()).join(''));
    for (const whole of wholes) {
        if (!isWorthMasking(whole))
            continue;
        add(whole);
        for (const escaped of jsonEscapedForms(whole))
            add(escaped);
        for (const encoded of urlEncodedForms(whole))
            add(encoded);
        for (const encoded of base64Forms(whole))
            add(encoded);
    }
    if (lines.length > 1) {
        for (const line of lines) {
            for (const form of new Set([line, line.trim()])) {
                if (!isWorthMasking(form))
                    continue;
                add(form);
                add(jsonEscaped(form));
                add(encodeURIComponent(form));
            }
        }
    }
    return [...forms].sort((a, b) => b.length - a.length);
}
/** Whether a string is secret enough on its own to register: not blank, not armour, not tiny. */
function isWorthMasking(form) {
    const trimmed = form.trim();
    if (trimmed.length < MIN_FORM_LENGTH)
        return false;
    if (PEM_ARMOUR.test(trimmed))
        return false;
    return true;
}
/**
 * Why `secret` cannot be masked, or undefined when it can. The runner masks line by line, so a
 * secret is only masked through forms of at least `MIN_FORM_LENGTH` characters: a value shorter
 * than that, or a multi-line value none of whose lines is that long (`ab\ncd\nef`: `cat` prints
 * it line by line, and no line can be registered), would show in the log wherever it appears.
 *
 * @example
 * unmaskableReason('k9!') // 'a secret of 3 character(s) cannot be masked in the log (…)'
 */
function unmaskableReason(secret) {
    const length = secret.trim().length;
    if (length < MIN_FORM_LENGTH)
        return `a secret of ${length} character(s) cannot be masked in the log (the runner needs at least ${MIN_FORM_LENGTH})`;
    const lines = secret.split(/\r?\n|\r/);
    if (lines.length > 1 && !lines.some(isWorthMasking))
        return `a secret of ${lines.length} lines, none of them ${MIN_FORM_LENGTH} characters or more (PEM armour aside), cannot be masked in the log (the runner masks line by line, and needs at least ${MIN_FORM_LENGTH} characters)`;
    return undefined;
}
/** The value as it appears inside a JSON string written by JavaScript (without the quotes). */
function jsonEscaped(value) {
    return JSON.stringify(value).slice(1, -1);
}
/**
 * Inside a JSON string, as JavaScript writes it, as Python's `json.dumps` writes it by default
 * (`ensure_ascii`: DEL and every non-ASCII UTF-16 unit as lowercase `\uXXXX`), and as PHP's
 * `json_encode` writes it (that, with `/` as `\/`).
 */
function jsonEscapedForms(value) {
    const js = jsonEscaped(value);
    const ascii = js.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return [js, ascii, ascii.replace(/\//g, '\\/')];
}
/**
 * Percent-encoded: `encodeURIComponent`; the HTML form encoding (`URLSearchParams`, space as
 * `+`); Python's `urllib.parse.quote` (keeps `/`), `quote(s, safe='')` (= .NET's
 * `Uri.EscapeDataString`) and `quote_plus` (space as `+`). They differ in which of
 * `! ' ( ) * ~ /` and space stay as they are.
 */
function urlEncodedForms(value) {
    const strict = percentEncode(value, /[^A-Za-z0-9_.~-]/gu);
    return [
        encodeURIComponent(value),
        new URLSearchParams({ v: value }).toString().slice(2),
        percentEncode(value, /[^A-Za-z0-9_.~/-]/gu),
        strict,
        strict.replace(/%20/g, '+'),
    ];
}
/**
 * Every UTF-8 byte of each character `encode` matches (a global, unicode regex of the characters
 * that are not kept) as `%XX`. A token is all kept characters, so this is one scan that matches nothing.
 */
function percentEncode(value, encode) {
    return value.replace(encode, (char) => {
        let out = '';
        for (const byte of Buffer.from(char, 'utf8'))
            out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        return out;
    });
}
/**
 * base64 and base64url of the value, plus the stable middle of its encoding when it sits at
 * byte offset 1 or 2 inside a longer encoded text (each shift changes every character), plus
 * each line of the encoding wrapped at 64 and 76 columns, of the value and of the value with a
 * trailing line feed (`echo "$SECRET" | base64`), whose last lines differ, except a line that
 * encodes nothing secret on its own.
 */
function base64Forms(value) {
    const bytes = Buffer.from(value, 'utf8');
    const forms = [];
    for (let shift = 0; shift < 3; shift++) {
        const shifted = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
        if (shift === 0)
            forms.push(shifted, shifted.replace(/=+$/, ''));
        // Inside a longer text the characters that also encode the bytes around the value differ;
        // keep only those made from the value's bits alone (each character carries 6 bits).
        forms.push(shifted.slice(Math.ceil((shift * 8) / 6), Math.floor(((shift + bytes.length) * 8) / 6)));
    }
    const withUrl = forms.flatMap((form) => [form, toBase64Url(form)]);
    for (const encoded of [bytes.toString('base64'), Buffer.concat([bytes, Buffer.from('\n')]).toString('base64')]) {
        for (const width of BASE64_WRAPS) {
            // Each wrapped line is whole base64 quads, so it decodes on its own. One that encodes what
            // is not secret alone is left out, as such a line of the value is: only a line feed (`Cg==`,
            // the value's own or echo's), or only the value's last one to three characters.
            for (let i = 0; i < encoded.length; i += width) {
                const line = encoded.slice(i, i + width);
                if (isWorthMasking(Buffer.from(line, 'base64').toString('utf8')))
                    withUrl.push(line);
            }
        }
    }
    return withUrl;
}
function toBase64Url(base64) {
    return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
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
