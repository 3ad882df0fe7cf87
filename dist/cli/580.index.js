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
/* harmony import */ var _client_broker_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2140);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7268);
/* harmony import */ var _lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4844);
/* harmony import */ var _mask_index_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5019);
/* harmony import */ var _mask_index_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6587);
/* harmony import */ var _providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9021);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1604);
/* harmony import */ var _provider_option_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2443);










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
/** The variables every format sets, in order; STINT_BROKER_URL is where `stint revoke` finds the broker. */
function exportedVariables(result, brokerUrl) {
    const variables = [
        ['STINT_TOKEN', result.access_token],
        ['STINT_TOKEN_EXPIRES_AT', result.expires_at],
        ['STINT_SCOPE', result.scope],
        ['STINT_PROJECT', result.project],
        ['STINT_AUDIT_ID', result.audit_id],
    ];
    if (brokerUrl !== undefined)
        variables.push(['STINT_BROKER_URL', brokerUrl]);
    return variables;
}
/** `export NAME='value'` lines for `eval "$(stint exchange --format shell …)"`. */
function formatShell(result, brokerUrl) {
    return exportedVariables(result, brokerUrl)
        .map(([name, value]) => `export ${name}=${(0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_7__/* .shellQuote */ .Z)(value)}`)
        .join('\n');
}
/**
 * `NAME=value` lines, unquoted, for docker --env-file or a dotenv file. Not for `. file` in a
 * shell: `STINT_SCOPE=read write` would run `write`. `formatShell` is the format for shells.
 */
function formatEnv(result, brokerUrl) {
    return exportedVariables(result, brokerUrl)
        .map(([name, value]) => {
        // A line-based format cannot carry a newline; a broker answer never holds one, but refuse rather than split.
        if (/[\r\n]/.test(value))
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_EXCHANGE_FAILED', `${name} holds a line break and cannot be written as an env line`);
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
function appendGithubEnv(file, result, random = node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes, brokerUrl) {
    const lines = [];
    for (const [name, value] of exportedVariables(result, brokerUrl)) {
        const delimiter = `ghadelimiter_${random(16).toString('hex')}`;
        if (value.includes(delimiter))
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_EXCHANGE_FAILED', `${name} contains its own delimiter`);
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
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_EXCHANGE_FAILED', `${lastReason}. Not retried: the ID token in ${variable} is single-use and the broker may already have seen it (it refuses a replayed token); rerun the job for a fresh one`);
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
const NEVER_SENT = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
]);
function neverReachedServer(error) {
    const cause = error?.cause;
    return typeof cause?.code === 'string' && NEVER_SENT.has(cause.code);
}
/** Writes the token where the format says: stdout, or (github) masks on stdout and $GITHUB_ENV. */
function printResult(format, result, brokerUrl, io) {
    switch (format) {
        case 'shell':
            (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, formatShell(result, brokerUrl));
            break;
        case 'env':
            (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stdout, formatEnv(result, brokerUrl));
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
            appendGithubEnv(io.env.GITHUB_ENV, result, node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes, brokerUrl);
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('exchange needs --broker URL (the stint broker)');
    if (!values.project)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('exchange needs --project P');
    const provider = (0,_provider_option_js__WEBPACK_IMPORTED_MODULE_6__/* .providerOption */ .f)(values.provider);
    const format = values.format;
    if (!FORMATS.includes(format))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    const githubEnv = io.env.GITHUB_ENV;
    // Checked before the exchange, so a job that cannot receive the token does not spend its ID token.
    if (format === 'github' && !githubEnv) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_GITHUB_ENV_MISSING', '--format github writes to $GITHUB_ENV, which is not set; use it inside a GitHub Actions step, or pick --format shell');
    }
    let source;
    try {
        source = (0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .detectTokenSource */ ._B)(io.env, { provider, idTokenEnv: values['id-token-env'] });
    }
    catch (error) {
        if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp && error.code === 'ERR_USAGE')
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(error.message);
        throw error;
    }
    const brokerUrl = values.broker;
    if (values.audience !== undefined && !(0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .canMintFreshTokens */ .tG)(source)) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stderr, `stint: note: --audience is ignored: the CI minted the token in ${source.kind === 'env' ? source.variable : 'the variable'} with the audience its job configuration names`);
    }
    // The audience only matters where we ask the CI for a token; env-var tokens were minted with theirs.
    const audience = values.audience ??
        ((0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .canMintFreshTokens */ .tG)(source) ? ((await (0,_client_broker_client_js__WEBPACK_IMPORTED_MODULE_3__/* .discoverBroker */ .pN)(brokerUrl))?.issuer ?? brokerUrl) : brokerUrl);
    // Every ID token read, so a broker that quotes one back in its refusal cannot get it printed.
    const idTokens = [];
    const guard = singleUseGuard(source, async () => {
        const idToken = await (0,_providers_token_source_js__WEBPACK_IMPORTED_MODULE_5__/* .readJobToken */ .Lj)(source, { audience, env: io.env });
        idTokens.push(idToken);
        return idToken;
    });
    let result;
    try {
        result = await (0,_client_broker_client_js__WEBPACK_IMPORTED_MODULE_3__/* .exchangeWithRetry */ .iX)({
            brokerUrl,
            project: values.project,
            scope: values.scope,
            ttl: values.ttl,
            audience,
            getIdToken: guard.getIdToken,
            fetch: guard.fetch,
            onRetry: (info) => {
                if (guard.onRetry(info))
                    (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stderr, (0,_mask_index_js__WEBPACK_IMPORTED_MODULE_10__/* .redact */ .E)(`stint: retrying in ${(info.delayMs / 1000).toFixed(1)} s: ${info.reason}`, idTokens));
            },
        });
    }
    catch (error) {
        if (error instanceof Error)
            error.message = (0,_mask_index_js__WEBPACK_IMPORTED_MODULE_10__/* .redact */ .E)(error.message, idTokens);
        throw error;
    }
    printResult(format, result, brokerUrl, io);
    (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ ._)(io.stderr, `stint: got a token for project ${result.project} (scope: ${result.scope || '-'}; expires ${result.expires_at}; audit id ${result.audit_id || '-'}) via ${source.reason}`);
    return 0;
};


/***/ }),

/***/ 2443:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ providerOption)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9021);


/** The value of `--provider` (stint exchange, stint status), or a UsageError listing the choices. */
function providerOption(value) {
    if (!_providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__/* .PROVIDER_CHOICES */ .Vt.includes(value))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`--provider must be one of ${_providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__/* .PROVIDER_CHOICES */ .Vt.join(', ')}, got '${value}'`);
    return value;
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

/***/ 9021:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lj: () => (/* binding */ readJobToken),
/* harmony export */   Vt: () => (/* binding */ PROVIDER_CHOICES),
/* harmony export */   _B: () => (/* binding */ detectTokenSource),
/* harmony export */   tG: () => (/* binding */ canMintFreshTokens)
/* harmony export */ });
/* unused harmony exports DEFAULT_TOKEN_ENV, recogniseCi, findOnPath */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
/* harmony import */ var _lib_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9927);





const PROVIDER_CHOICES = [
    'auto',
    'github',
    'gitlab',
    'circleci',
    'jenkins',
    'buildkite',
];
/** The default variable each env-var CI puts its ID token in. */
const DEFAULT_TOKEN_ENV = {
    gitlab: 'STINT_ID_TOKEN',
    circleci: 'CIRCLE_OIDC_TOKEN_V2',
    jenkins: 'STINT_ID_TOKEN',
};
/** True when the source gives a new ID token on every read (so a retried exchange is not a replay). */
function canMintFreshTokens(source) {
    return source.kind !== 'env';
}
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
    if (idTokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(idTokenEnv)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_USAGE', `--id-token-env must be an environment variable name, got '${idTokenEnv}'`);
    }
    if (provider !== 'auto')
        return explicitSource(env, provider, idTokenEnv);
    if (idTokenEnv !== undefined) {
        const ci = recogniseCi(env);
        if (!isSet(env[idTokenEnv])) {
            throw notFound(`${idTokenEnv} is not set (named by --id-token-env). ${ci ? howToGet(ci, idTokenEnv) : ''}`.trim());
        }
        return {
            kind: 'env',
            provider: ci,
            variable: idTokenEnv,
            reason: `--id-token-env ${idTokenEnv}${ci ? ` in ${CI_NAMES[ci]}` : ''}`,
        };
    }
    const github = githubRequest(env);
    if (github)
        return github;
    if (env.GITLAB_CI === 'true' && isSet(env[DEFAULT_TOKEN_ENV.gitlab])) {
        return envSource('gitlab', DEFAULT_TOKEN_ENV.gitlab, `GitLab CI (GITLAB_CI=true) with the id_tokens variable ${DEFAULT_TOKEN_ENV.gitlab}`);
    }
    if (env.CIRCLECI === 'true' && isSet(env[DEFAULT_TOKEN_ENV.circleci])) {
        return envSource('circleci', DEFAULT_TOKEN_ENV.circleci, `CircleCI (CIRCLECI=true) with ${DEFAULT_TOKEN_ENV.circleci}`);
    }
    if (env.BUILDKITE === 'true') {
        const agentPath = findOnPath('buildkite-agent', env);
        if (agentPath)
            return {
                kind: 'buildkite-agent',
                provider: 'buildkite',
                agentPath,
                reason: `Buildkite (BUILDKITE=true) with buildkite-agent at ${agentPath}`,
            };
    }
    if (isSet(env.JENKINS_URL) && isSet(env[DEFAULT_TOKEN_ENV.jenkins])) {
        return envSource('jenkins', DEFAULT_TOKEN_ENV.jenkins, `Jenkins (JENKINS_URL is set) with ${DEFAULT_TOKEN_ENV.jenkins} bound from the OIDC credential`);
    }
    if (isSet(env.STINT_ID_TOKEN)) {
        return envSource(undefined, 'STINT_ID_TOKEN', 'STINT_ID_TOKEN is set (no CI recognised)');
    }
    const ci = recogniseCi(env);
    if (ci)
        throw notFound(`this looks like ${CI_NAMES[ci]}, but ${missingFor(ci, undefined, env)}`);
    throw notFound('no CI OIDC token found: looked for ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN (GitHub), STINT_ID_TOKEN (GitLab, Jenkins), ' +
        'CIRCLE_OIDC_TOKEN_V2 (CircleCI) and buildkite-agent (Buildkite). Pass --provider, or --id-token-env VAR naming the variable that holds the token');
}
function explicitSource(env, provider, idTokenEnv) {
    switch (provider) {
        case 'github': {
            if (idTokenEnv !== undefined)
                return requireEnv(env, 'github', idTokenEnv, `--provider github --id-token-env ${idTokenEnv}`);
            const source = githubRequest(env);
            if (source)
                return { ...source, reason: '--provider github: the Actions runtime token request' };
            throw notFound(missingFor('github', undefined, env));
        }
        case 'buildkite': {
            if (idTokenEnv !== undefined)
                return requireEnv(env, 'buildkite', idTokenEnv, `--provider buildkite --id-token-env ${idTokenEnv}`);
            const agentPath = findOnPath('buildkite-agent', env);
            if (agentPath)
                return {
                    kind: 'buildkite-agent',
                    provider: 'buildkite',
                    agentPath,
                    reason: `--provider buildkite: buildkite-agent at ${agentPath}`,
                };
            throw notFound(missingFor('buildkite', undefined, env));
        }
        case 'gitlab':
        case 'circleci':
        case 'jenkins': {
            const variable = idTokenEnv ?? DEFAULT_TOKEN_ENV[provider];
            return requireEnv(env, provider, variable, `--provider ${provider}: ${variable}`);
        }
    }
}
function requireEnv(env, provider, variable, reason) {
    if (!isSet(env[variable]))
        throw notFound(missingFor(provider, variable, env));
    return envSource(provider, variable, reason);
}
function envSource(provider, variable, reason) {
    return { kind: 'env', provider, variable, reason };
}
function githubRequest(env) {
    const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!isSet(requestUrl) || !isSet(requestToken))
        return undefined;
    return {
        kind: 'github-request',
        provider: 'github',
        requestUrl,
        requestToken,
        reason: 'GitHub Actions runtime token request (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set)',
    };
}
const CI_NAMES = {
    github: 'GitHub Actions',
    gitlab: 'GitLab CI',
    circleci: 'CircleCI',
    jenkins: 'Jenkins',
    buildkite: 'Buildkite',
};
/** Which CI this environment is, from the markers each CI always sets; undefined when none. */
function recogniseCi(env) {
    if (env.GITHUB_ACTIONS === 'true')
        return 'github';
    if (env.GITLAB_CI === 'true')
        return 'gitlab';
    if (env.CIRCLECI === 'true')
        return 'circleci';
    if (env.BUILDKITE === 'true')
        return 'buildkite';
    if (isSet(env.JENKINS_URL))
        return 'jenkins';
    return undefined;
}
/** The sentence that names what is missing for `provider` and how to get it in that CI. */
function missingFor(provider, variable, env) {
    switch (provider) {
        case 'github': {
            if (variable !== undefined)
                return `${variable} is not set. ${howToGet('github', variable)}`;
            const missing = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].filter((name) => !isSet(env[name]));
            return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ${howToGet('github', variable)}`;
        }
        case 'buildkite':
            if (variable !== undefined)
                return `${variable} is not set. ${howToGet('buildkite', variable)}`;
            return `buildkite-agent is not on PATH. ${howToGet('buildkite', variable)}`;
        default: {
            const name = variable ?? DEFAULT_TOKEN_ENV[provider];
            return `${name} is not set. ${howToGet(provider, name)}`;
        }
    }
}
function howToGet(provider, variable) {
    switch (provider) {
        case 'github':
            return 'Give the job `permissions: { id-token: write }` (GitHub sets the runtime request variables only then).';
        case 'gitlab':
            return `Add \`id_tokens: { ${variable}: { aud: <broker issuer> } }\` to the job, or extend the \`.stint\` job of recipes/gitlab.`;
        case 'circleci':
            return `CircleCI issues ${DEFAULT_TOKEN_ENV.circleci} to jobs that use a context: add \`context: <name>\` to the job in the workflow${variable !== DEFAULT_TOKEN_ENV.circleci ? `, or drop --id-token-env to read ${DEFAULT_TOKEN_ENV.circleci}` : ''}.`;
        case 'jenkins':
            return `Bind the OIDC provider plugin's credential: withCredentials([string(credentialsId: '<id token credential>', variable: '${variable}')]) { … }, or use the stint shared library of recipes/jenkins.`;
        case 'buildkite':
            return 'Run stint inside a Buildkite job, where the agent puts buildkite-agent on PATH (or use the stint plugin of recipes/buildkite).';
    }
}
function notFound(message) {
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_TOKEN_SOURCE_NOT_FOUND', message);
}
function isSet(value) {
    return value !== undefined && value.trim() !== '';
}
/** The absolute path of an executable `name` on env.PATH (the job's PATH, not ours), or undefined. */
function findOnPath(name, env) {
    for (const dir of (env.PATH ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter)) {
        if (dir === '')
            continue;
        const candidate = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name);
        try {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(candidate).isFile())
                continue;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.accessSync)(candidate, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
            return candidate;
        }
        catch {
            // not here; keep looking
        }
    }
    return undefined;
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
    const timeoutMs = deps.timeoutMs ?? 10_000;
    switch (source.kind) {
        case 'env':
            return requireJwt((deps.env[source.variable] ?? '').trim(), source.variable);
        case 'github-request':
            return requestGithubToken(source.requestUrl, source.requestToken, deps.audience, deps.fetch ?? fetch, timeoutMs);
        case 'buildkite-agent':
            return requestBuildkiteToken(source.agentPath, deps.audience, deps.env, deps.exec ?? execFileNoShell, timeoutMs);
    }
}
async function requestGithubToken(requestUrl, requestToken, audience, fetchFn, timeoutMs) {
    const url = new URL(requestUrl);
    url.searchParams.set('audience', audience);
    let response;
    try {
        response = await fetchFn(url, {
            headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json; api-version=2.0' },
            signal: AbortSignal.timeout(timeoutMs),
        });
    }
    catch (error) {
        throw requestError(`the GitHub ID token request to ${url.origin} failed: ${error.message}`, {
            retryable: true,
            cause: error,
        });
    }
    const text = await response.text();
    if (!response.ok) {
        const hint = response.status === 401 || response.status === 403 ? ' (is ACTIONS_ID_TOKEN_REQUEST_TOKEN from this job?)' : '';
        throw requestError(`the GitHub ID token request answered HTTP ${response.status}${hint}`, {
            status: response.status,
            retryable: (0,_lib_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .isRetryableStatus */ .PS)(response.status),
        });
    }
    let value;
    try {
        value = JSON.parse(text).value;
    }
    catch {
        value = undefined;
    }
    if (typeof value !== 'string')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_ID_TOKEN_INVALID', 'the GitHub ID token request answered without a "value" string');
    return requireJwt(value, 'the GitHub ID token response');
}
async function requestBuildkiteToken(agentPath, audience, env, exec, timeoutMs) {
    let result;
    try {
        // Arguments go to execFile as a list: no shell ever sees the audience.
        result = await exec(agentPath, ['oidc', 'request-token', '--audience', audience], { env, timeoutMs });
    }
    catch (error) {
        const { code, stderr } = error;
        const detail = typeof stderr === 'string' && stderr.trim() !== '' ? `: ${lastLine(stderr)}` : '';
        // The agent retries its own API calls; a failure here is final for this attempt.
        throw requestError(`buildkite-agent oidc request-token failed (exit ${String(code ?? 'unknown')})${detail}`, {
            cause: error,
        });
    }
    return requireJwt(result.stdout.trim(), 'buildkite-agent oidc request-token');
}
function lastLine(text) {
    const lines = text.trim().split('\n');
    return (lines[lines.length - 1] ?? '').slice(0, 300);
}
function requestError(message, details) {
    return new _lib_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .RemoteError */ .Hi('ERR_ID_TOKEN_REQUEST_FAILED', message, details);
}
/** A compact JWS is three base64url parts; anything else would only fail at the broker, less clearly. */
function requireJwt(value, where) {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_ID_TOKEN_INVALID', `${where} does not hold a JWT (expected three base64url parts separated by dots)`);
    }
    return value;
}
function execFileNoShell(file, args, options) {
    return new Promise((resolve, reject) => {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(file, args, { env: options.env, timeout: options.timeoutMs, maxBuffer: 1024 * 1024, shell: false }, (error, stdout, stderr) => {
            if (error)
                reject(Object.assign(error, { stderr: String(stderr) }));
            else
                resolve({ stdout: String(stdout), stderr: String(stderr) });
        });
    });
}


/***/ })

};
