export const id = 580;
export const ids = [580];
export const modules = {

/***/ 2580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   appendGithubEnv: () => (/* binding */ appendGithubEnv),
/* harmony export */   exportedVariables: () => (/* binding */ exportedVariables),
/* harmony export */   formatEnv: () => (/* binding */ formatEnv),
/* harmony export */   formatJson: () => (/* binding */ formatJson),
/* harmony export */   formatShell: () => (/* binding */ formatShell),
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   singleUseGuard: () => (/* binding */ singleUseGuard)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _broker_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4006);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _mask_index_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5019);
/* harmony import */ var _providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9021);
/* harmony import */ var _shell_quote_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3412);
/* harmony import */ var _provider_option_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2443);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1604);










const FORMATS = ['shell', 'env', 'json', 'github'];
const HELP = `Usage: stint exchange --broker URL --project P [options]

Exchanges this CI job's OIDC ID token for a short-lived stint token and prints it for the
job to use. Nothing secret goes to stderr.

Options:
  --broker URL          the stint broker (https://…)
  --project P           the project to get a token for
  --provider NAME       auto (default) | github | gitlab | circleci | jenkins | buildkite
  --id-token-env VAR    read the ID token from VAR (GitLab/Jenkins default STINT_ID_TOKEN,
                        CircleCI CIRCLE_OIDC_TOKEN_V2)
  --scope "S …"         space-separated scopes (default: all the policy grants)
  --ttl T               lifetime: seconds, 90s, 15m, 1h (capped by the project)
  --audience A          audience to request for the ID token where the CI can mint one
                        (GitHub, Buildkite); default: the broker's issuer
  --format F            shell (default): export lines for eval "$(stint exchange …)"
                        env: STINT_TOKEN=… lines, unquoted, for docker --env-file or a
                        dotenv file; never source them with sh (use shell for that)
                        json: the broker's answer as JSON
                        github: ::add-mask:: then STINT_TOKEN into $GITHUB_ENV
  -h, --help            this help

Token sources, first match wins with --provider auto: --id-token-env VAR; GitHub runtime
request; GitLab (GITLAB_CI + STINT_ID_TOKEN); CircleCI (CIRCLECI + CIRCLE_OIDC_TOKEN_V2);
Buildkite (BUILDKITE + buildkite-agent); Jenkins (JENKINS_URL + STINT_ID_TOKEN);
STINT_ID_TOKEN. \`stint status\` shows which one applies here.

Exit codes: 0 ok, 1 denied or failed (the broker's error_description and request_id on
stderr), 2 usage error.`;
/** The variables every format sets, in order. */
function exportedVariables(result) {
    return [
        ['STINT_TOKEN', result.access_token],
        ['STINT_TOKEN_EXPIRES_AT', result.expires_at],
        ['STINT_SCOPE', result.scope],
        ['STINT_PROJECT', result.project],
        ['STINT_AUDIT_ID', result.audit_id],
    ];
}
/** `export NAME='value'` lines for `eval "$(stint exchange --format shell …)"`. */
function formatShell(result) {
    return exportedVariables(result)
        .map(([name, value]) => `export ${name}=${(0,_shell_quote_js__WEBPACK_IMPORTED_MODULE_7__/* .shellQuote */ .Z)(value)}`)
        .join('\n');
}
/**
 * `NAME=value` lines, unquoted, for docker --env-file or a dotenv file. Not for `. file` in a
 * shell: `STINT_SCOPE=read write` would run `write`. `formatShell` is the format for shells.
 */
function formatEnv(result) {
    return exportedVariables(result)
        .map(([name, value]) => {
        // A line-based format cannot carry a newline; a broker answer never holds one, but refuse rather than split.
        if (/[\r\n]/.test(value))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_EXCHANGE_FAILED', `${name} holds a line break and cannot be written as an env line`);
        return `${name}=${value}`;
    })
        .join('\n');
}
/** The broker's answer, as JSON. */
function formatJson(result) {
    const { access_token, token_type, expires_in, expires_at, scope, project, audit_id } = result;
    return JSON.stringify({ access_token, token_type, expires_in, expires_at, scope, project, audit_id }, null, 2);
}
/**
 * Appends the variables to `$GITHUB_ENV` in the runner's heredoc form (`NAME<<DELIM`), with a
 * random delimiter that cannot occur in a value, so no value can inject another variable.
 * The file is created 0600 when it does not exist yet.
 */
function appendGithubEnv(file, result, random = node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes) {
    const lines = [];
    for (const [name, value] of exportedVariables(result)) {
        const delimiter = `ghadelimiter_${random(16).toString('hex')}`;
        if (value.includes(delimiter))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_EXCHANGE_FAILED', `${name} contains its own delimiter`);
        lines.push(`${name}<<${delimiter}`, value, delimiter);
    }
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(file, 'a', 0o600);
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(fd, `${lines.join('\n')}\n`);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
    }
}
/**
 * The ID token reader for one exchange. A source that can mint (GitHub, Buildkite) gives a
 * fresh token per attempt. An env-var token is single-use: the broker records its `jti` and
 * refuses it a second time, so resending it after an attempt the broker may have seen (a
 * timeout, a 5xx, a 429) would only turn the real failure into a confusing replay denial. It is
 * resent only after an attempt that provably never reached the broker (connection refused,
 * name not resolved, no route, connect timeout); otherwise the retry stops with the first
 * failure named.
 */
function singleUseGuard(source, read) {
    const mints = (0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .canMintFreshTokens */ .tG)(source);
    let attempts = 0;
    let lastNeverSent = true;
    let lastReason = '';
    return {
        async getIdToken() {
            attempts++;
            if (!mints && attempts > 1 && !lastNeverSent) {
                const variable = source.kind === 'env' ? source.variable : 'the variable';
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_EXCHANGE_FAILED', `${lastReason}. Not retried: the ID token in ${variable} is single-use and the broker may already have seen it (it refuses a replayed token); rerun the job for a fresh one`);
            }
            return read();
        },
        fetch: async (input, init) => {
            lastNeverSent = false;
            try {
                return await fetch(input, init);
            }
            catch (error) {
                lastNeverSent = neverReachedServer(error);
                throw error;
            }
        },
        onRetry({ reason }) {
            lastReason = reason;
            return mints || lastNeverSent;
        },
    };
}
/** Network errors that happen before a byte of the request left this machine. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
function neverReachedServer(error) {
    const cause = error?.cause;
    return typeof cause?.code === 'string' && NEVER_SENT.has(cause.code);
}
/** Writes the token where the format says: stdout, or (github) masks on stdout and $GITHUB_ENV. */
function printResult(format, result, io) {
    switch (format) {
        case 'shell':
            (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, formatShell(result));
            break;
        case 'env':
            (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, formatEnv(result));
            break;
        case 'json':
            (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, formatJson(result));
            break;
        case 'github':
            // Mask every printable form before the value exists anywhere else the runner could print.
            // The value itself first, then its encodings.
            (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, `::add-mask::${result.access_token}`);
            for (const form of (0,_mask_index_js__WEBPACK_IMPORTED_MODULE_9__/* .maskForms */ .ye)(result.access_token))
                if (form !== result.access_token)
                    (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, `::add-mask::${form}`);
            appendGithubEnv(io.env.GITHUB_ENV, result);
            break;
    }
}
const run = async (args, io) => {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args,
        strict: true,
        allowPositionals: false,
        options: {
            broker: { type: 'string' },
            project: { type: 'string' },
            provider: { type: 'string', default: 'auto' },
            'id-token-env': { type: 'string' },
            scope: { type: 'string' },
            ttl: { type: 'string' },
            audience: { type: 'string' },
            format: { type: 'string', default: 'shell' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, HELP);
        return 0;
    }
    if (!values.broker)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('exchange needs --broker URL (the stint broker)');
    if (!values.project)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('exchange needs --project P');
    const provider = (0,_provider_option_js__WEBPACK_IMPORTED_MODULE_6__/* .providerOption */ .f)(values.provider);
    const format = values.format;
    if (!FORMATS.includes(format))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    const githubEnv = io.env.GITHUB_ENV;
    // Checked before the exchange, so a job that cannot receive the token does not spend its ID token.
    if (format === 'github' && !githubEnv) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_GITHUB_ENV_MISSING', '--format github writes to $GITHUB_ENV, which is not set; use it inside a GitHub Actions step, or pick --format shell');
    }
    let source;
    try {
        source = (0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .detectTokenSource */ ._B)(io.env, { provider, idTokenEnv: values['id-token-env'] });
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp && error.code === 'ERR_USAGE')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(error.message);
        throw error;
    }
    const brokerUrl = values.broker;
    if (values.audience !== undefined && !(0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .canMintFreshTokens */ .tG)(source)) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stderr, `stint: note: --audience is ignored: the CI minted the token in ${source.kind === 'env' ? source.variable : 'the variable'} with the audience its job configuration names`);
    }
    // The audience only matters where we ask the CI for a token; env-var tokens were minted with theirs.
    const audience = values.audience ?? ((0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .canMintFreshTokens */ .tG)(source) ? ((await (0,_broker_client_js__WEBPACK_IMPORTED_MODULE_3__/* .discoverBroker */ .pN)(brokerUrl))?.issuer ?? brokerUrl) : brokerUrl);
    const guard = singleUseGuard(source, () => (0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .readJobToken */ .Lj)(source, { audience, env: io.env }));
    const result = await (0,_broker_client_js__WEBPACK_IMPORTED_MODULE_3__/* .exchangeWithRetry */ .iX)({
        brokerUrl,
        project: values.project,
        scope: values.scope,
        ttl: values.ttl,
        audience,
        getIdToken: guard.getIdToken,
        fetch: guard.fetch,
        onRetry: (info) => {
            if (guard.onRetry(info))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stderr, `stint: retrying in ${(info.delayMs / 1000).toFixed(1)} s: ${info.reason}`);
        },
    });
    printResult(format, result, io);
    (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stderr, `stint: got a token for project ${result.project} (scope: ${result.scope || '-'}; expires ${result.expires_at}; audit id ${result.audit_id || '-'}) via ${source.reason}`);
    return 0;
};


/***/ }),

/***/ 5019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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
 * those forms are registered too. What is not secret on its own is left out (`{`, `}`, PEM
 * armour lines, anything under 4 characters, whitespace): registering it would turn every
 * brace and every `-----BEGIN CERTIFICATE-----` in the log into `***` and hide what happened.
 */
/** Shorter than this, a form is too common to be worth masking (and would blank the log). */
const MIN_FORM_LENGTH = 4;
/** GNU `base64` wraps its output at 76 columns; a wrapped form is printed in these pieces. */
const BASE64_WRAP = 76;
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/**
 * Every printable form of `value` worth registering for masking: the value (and trimmed, with
 * CRLF as LF, and with its line breaks removed), each line (and its trimmed, JSON-escaped and
 * URL-encoded forms), its base64 / base64url forms (also as they appear at each byte offset
 * inside a longer encoded text, e.g. `user:token` in a Basic header, and in 76-column pieces),
 * URL-encoded (percent and form style) and JSON-escaped forms. Unique, longest first.
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
        add(jsonEscaped(whole));
        add(encodeURIComponent(whole));
        add(new URLSearchParams({ v: whole }).toString().slice(2));
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
/** The value as it appears inside a JSON string (without the quotes). */
function jsonEscaped(value) {
    return JSON.stringify(value).slice(1, -1);
}
/**
 * base64 and base64url of the value, plus the stable middle of its encoding when it sits at
 * byte offset 1 or 2 inside a longer encoded text (each shift changes every character), plus
 * the 76-column pieces of the wrapped encoding.
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
    const wrapped = Buffer.from(value, 'utf8').toString('base64');
    if (wrapped.length > BASE64_WRAP) {
        for (let i = 0; i < wrapped.length; i += BASE64_WRAP)
            withUrl.push(wrapped.slice(i, i + BASE64_WRAP));
    }
    return withUrl;
}
function toBase64Url(base64) {
    return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}


/***/ }),

/***/ 3412:
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


/***/ })

};
