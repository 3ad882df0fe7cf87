export const id = 481;
export const ids = [481];
export const modules = {

/***/ 1481:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exportedVariables: () => (/* binding */ exportedVariables),
  formatEnv: () => (/* binding */ formatEnv),
  formatJson: () => (/* binding */ formatJson),
  formatShell: () => (/* binding */ formatShell),
  run: () => (/* binding */ run),
  singleUseGuard: () => (/* binding */ singleUseGuard)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/client/broker-client.ts
var broker_client = __webpack_require__(2140);
;// CONCATENATED MODULE: ./src/client/audience.ts
/**
 * The audience of the CI's ID token when the user names none (DESIGN §3): the broker URL itself,
 * never a value the broker's answer chooses.
 *
 * Why: the ID token is a credential for whatever service its audience names. If the audience came
 * from the broker's discovery document, whoever answers at the broker URL (a hijacked or expired
 * domain, a compromised proxy) could name another service's audience (`sts.amazonaws.com`) and
 * receive a token that service accepts for this repository. Derived from the URL the user
 * configured, the token is only good at that URL. Discovery is still read, to refuse at once a
 * broker whose issuer is another URL (its tokens would be rejected anyway, and the mismatch is
 * either a misconfiguration or an attack) with a message that says what to set.
 */


/**
 * The broker URL as an audience: no query, fragment or trailing slash, host in lower case.
 * Throws `ERR_BROKER_URL_INVALID` for a URL the client refuses.
 *
 * @example
 * brokerAudience('https://Stint.example.com/') // 'https://stint.example.com'
 */
function brokerAudience(brokerUrl) {
    (0,broker_client/* endpoint */.sR)(brokerUrl, '');
    const url = new URL(brokerUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
/**
 * The default audience: `brokerAudience(brokerUrl)`, after checking the broker's discovery
 * document. A broker without one gets the URL; one whose `issuer` is the same URL gets it spelled
 * as the issuer (the broker compares `aud` exactly); one whose `issuer` is anything else is
 * refused with `ERR_BROKER_ISSUER_MISMATCH`, and no ID token is requested. The refusal names
 * the settings to change as `settings` calls them (default: the GitHub Action's inputs).
 *
 * @example
 * const audience = inputs.audience ?? (await defaultAudience(brokerUrl));
 */
async function defaultAudience(brokerUrl, options = {}) {
    const settings = options.settings ?? broker_client/* ACTION_SETTINGS */.$R;
    const audience = brokerAudience(brokerUrl);
    const discovery = await (0,broker_client/* discoverBroker */.pN)(brokerUrl, { ...options, settings });
    if (discovery === undefined)
        return audience;
    if (sameUrl(discovery.issuer, audience))
        return discovery.issuer;
    throw new errors/* StintError */.Fp('ERR_BROKER_ISSUER_MISMATCH', `the broker at ${audience} names another issuer, ${JSON.stringify(discovery.issuer)}, so no ID token was requested: by default its audience is the broker URL itself, never what the broker answers. Set the broker URL (${settings.brokerUrl}) to the broker's issuer URL; if the broker is served at another address on purpose, set the audience explicitly (${settings.audience})`);
}
/** Same scheme, host, port and path, ignoring a trailing slash and the host's case. */
function sameUrl(issuer, audience) {
    let url;
    try {
        url = new URL(issuer);
    }
    catch {
        return false;
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
        return false;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}` === audience;
}

// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/lib/retry.ts
var retry = __webpack_require__(1737);
// EXTERNAL MODULE: ./src/lib/retry-budget.ts
var retry_budget = __webpack_require__(9691);
// EXTERNAL MODULE: ./src/lib/shell-quote.ts
var shell_quote = __webpack_require__(4844);
// EXTERNAL MODULE: ./src/mask/index.ts
var mask = __webpack_require__(5356);
// EXTERNAL MODULE: ./src/providers/token-source.ts + 1 modules
var token_source = __webpack_require__(364);
// EXTERNAL MODULE: ./src/cli/broker-option.ts
var broker_option = __webpack_require__(3523);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/file-access.ts
var file_access = __webpack_require__(32);
;// CONCATENATED MODULE: ./src/cli/github-env.ts





/**
 * `$GITHUB_ENV`, where `stint exchange --format github` leaves the token for the job's later
 * steps: checked before the exchange, so a job that cannot receive a token does not spend its ID
 * token on one, and written so that a failed write leaves the file as it was.
 */
/**
 * Throws ERR_GITHUB_ENV_UNWRITABLE, naming the path and why, unless `file` can be appended to: it
 * is opened for appending (and created 0600 when missing, as the write would) and closed again. A
 * file the check created is removed, so an exchange that then fails leaves nothing behind.
 *
 * @example
 * checkGithubEnvWritable(io.env.GITHUB_ENV); // before the exchange
 */
function checkGithubEnvWritable(file) {
    let existed = true;
    try {
        const info = (0,external_node_fs_.statSync)(file);
        if (info.isDirectory())
            throw unwritable(file, 'it is a directory');
        // Opening a FIFO for writing waits for a reader, which may never come.
        if (info.isFIFO() || info.isSocket())
            throw unwritable(file, 'it is not a regular file');
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp)
            throw error;
        if (error.code !== 'ENOENT')
            throw unwritable(file, why(file, error));
        existed = false;
    }
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(file, 'a', 0o600);
    }
    catch (error) {
        throw unwritable(file, why(file, error));
    }
    (0,external_node_fs_.closeSync)(fd);
    if (!existed)
        (0,external_node_fs_.unlinkSync)(file);
}
/**
 * Appends `variables` in the runner's heredoc form (`NAME<<DELIM`), each with a random delimiter
 * that cannot occur in its value, so no value can inject another variable. The file is created
 * 0600 when it does not exist yet. When the write fails (no space left, say) the file is cut back
 * to its length before, best effort, so no half-written token stays in it, and the error is thrown.
 */
function appendGithubEnv(file, variables, random = external_node_crypto_.randomBytes) {
    const lines = [];
    for (const [name, value] of variables) {
        const delimiter = `ghadelimiter_${random(16).toString('hex')}`;
        if (value.includes(delimiter))
            throw new errors/* StintError */.Fp('ERR_EXCHANGE_FAILED', `${name} contains its own delimiter`);
        lines.push(`${name}<<${delimiter}`, value, delimiter);
    }
    const fd = (0,external_node_fs_.openSync)(file, 'a', 0o600);
    try {
        const before = (0,external_node_fs_.fstatSync)(fd).size;
        try {
            (0,external_node_fs_.appendFileSync)(fd, `${lines.join('\n')}\n`);
        }
        catch (error) {
            try {
                if ((0,external_node_fs_.fstatSync)(fd).isFile())
                    (0,external_node_fs_.ftruncateSync)(fd, before);
            }
            catch {
                // Best effort: the write's own error is the one to report.
            }
            throw error;
        }
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** Why a write to `file` failed, in words, from its error: never more than the path and the code. */
function why(file, error) {
    const code = error?.code;
    switch (code) {
        case 'ENOENT':
            return `its directory ${(0,external_node_path_.dirname)(file)} does not exist`;
        case 'ENOTDIR':
            return `a part of its path is not a directory (ENOTDIR)`;
        case 'EISDIR':
            return 'it is a directory';
        case 'EACCES':
        case 'EPERM':
            return `permission denied (${code}) for ${(0,file_access/* currentUser */.Ny)()}`;
        case 'EROFS':
            return 'it is on a read-only file system (EROFS)';
        case 'ENOSPC':
            return 'no space left on the device (ENOSPC)';
        case 'EDQUOT':
            return 'the disk quota is used up (EDQUOT)';
        default:
            return typeof code === 'string' ? `the system refused it (${code})` : 'it could not be written';
    }
}
function unwritable(file, reason) {
    return new errors/* StintError */.Fp('ERR_GITHUB_ENV_UNWRITABLE', `--format github writes the token to $GITHUB_ENV, and GITHUB_ENV=${file} cannot be written: ${reason}; no token was requested (the ID token is unspent). Point GITHUB_ENV at a writable file (a GitHub Actions runner sets it for each step), or pick --format shell`);
}

// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/provider-option.ts
var provider_option = __webpack_require__(2443);
;// CONCATENATED MODULE: ./src/cli/commands/exchange.ts















const FORMATS = ['shell', 'env', 'json', 'github'];
const HELP = `Usage: stint exchange --broker URL --project P [options]

Exchanges this CI job's OIDC ID token for a short-lived stint token and prints it for the
job to use. Nothing secret goes to stderr.

Options:
  --broker URL          the stint broker (https://…)
  --project P           the project to get a token for
  --provider NAME       ${token_source/* PROVIDER_CHOICES */.Vt.join(' | ')} (auto is the default)
  --id-token-env VAR    read the ID token from VAR (GitLab/Jenkins default STINT_ID_TOKEN,
                        CircleCI CIRCLE_OIDC_TOKEN_V2)
  --scope "S …"         space-separated scopes (default: all the policy grants)
  --ttl T               lifetime: seconds, 90s, 15m, 1h (capped by the project)
  --audience A          audience to request for the ID token where the CI can mint one
                        (GitHub, Buildkite); default: the broker URL itself (a broker whose
                        discovery names another issuer is refused)
  --format F            shell (default): export lines; keep them and stop if the exchange
                        fails: exports="$(stint exchange …)" || exit 1; eval "$exports"
                        (not eval "$(…)", which goes on after a failure)
                        env: STINT_TOKEN=… lines, unquoted, for docker --env-file or a
                        dotenv file; never source them with sh (use shell for that)
                        json: the broker's answer as JSON, expires_at as RFC 3339
                        github: ::add-mask:: then STINT_TOKEN into $GITHUB_ENV
  -h, --help            this help

Token sources, first match wins with --provider auto: --id-token-env VAR; GitHub runtime
request; GitLab (GITLAB_CI + STINT_ID_TOKEN); CircleCI (CIRCLECI + CIRCLE_OIDC_TOKEN_V2);
Buildkite (BUILDKITE + buildkite-agent); Jenkins (JENKINS_URL + STINT_ID_TOKEN);
STINT_ID_TOKEN. \`stint status\` shows which one applies here.

STINT_RETRY_BUDGET (seconds, default 60, at most 600) bounds the discovery, the exchange and
their retries in all.

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
/** `export NAME='value'` lines, for `exports="$(stint exchange --format shell …)" || exit 1; eval "$exports"`. */
function formatShell(result, brokerUrl) {
    return exportedVariables(result, brokerUrl)
        .map(([name, value]) => `export ${name}=${(0,shell_quote/* shellQuote */.Z)(value)}`)
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
            throw new errors/* StintError */.Fp('ERR_EXCHANGE_FAILED', `${name} holds a line break and cannot be written as an env line`);
        return `${name}=${value}`;
    })
        .join('\n');
}
/** The broker's answer, as JSON; `expires_at` in RFC 3339, as in STINT_TOKEN_EXPIRES_AT (the broker sends epoch seconds). */
function formatJson(result) {
    const { access_token, token_type, expires_in, expires_at, scope, project, audit_id } = result;
    return JSON.stringify({ access_token, token_type, expires_in, expires_at, scope, project, audit_id }, null, 2);
}
/**
 * The ID token reader for one exchange. A source that can mint (GitHub, Buildkite) gives a
 * fresh token per attempt. A token read from a variable is single-use: the broker records it
 * when it grants the exchange and refuses it a second time. It is sent again only after an
 * attempt the broker provably did not record it on:
 * - the request never left this machine (connection refused, name not resolved, no route, no
 *   connection in time, a failed TLS handshake);
 * - the broker answered 429: it takes the rate-limit tokens in the same store operation as the
 *   replay record, before writing it, so a 429 records nothing (docs/broker.md#what-an-exchange-checks); the
 *   same token is accepted after Retry-After.
 * After anything else (a 5xx, a timeout or a broken answer: the broker may have recorded it, and
 * another instance may already refuse it as replayed) the retry stops at once, without waiting
 * out the backoff, and `explain` names why the first failure was not retried.
 */
function singleUseGuard(source, read, send = http/* httpRequest */.aj) {
    const mints = (0,token_source/* canMintFreshTokens */.tG)(source);
    const variable = source.kind === 'env' ? source.variable : 'the variable';
    const notRetried = `Not retried: the ID token in ${variable} is single-use and the broker may already have seen it (it refuses a replayed token); rerun the job for a fresh one`;
    let attempts = 0;
    let lastUnspent = true;
    let stopped = false;
    return {
        async getIdToken() {
            attempts++;
            // onRetry stops the loop first; this keeps the rule for a caller that did not pass it.
            if (!mints && attempts > 1 && !lastUnspent)
                throw new errors/* StintError */.Fp('ERR_EXCHANGE_FAILED', notRetried);
            return read();
        },
        http: async (request) => {
            lastUnspent = false;
            try {
                const response = await send(request);
                // The broker records the token only on the way to a 200; a 429 is refused before that.
                lastUnspent = response.status === 429;
                return response;
            }
            catch (error) {
                // Connection refused, host not found, no route, no connection in time, a failed TLS
                // handshake: the request (and the token in it) never left this machine.
                lastUnspent = error instanceof http/* HttpError */.j$ && !error.sent;
                throw error;
            }
        },
        onRetry() {
            stopped = !mints && !lastUnspent;
            return !stopped;
        },
        explain(error) {
            if (!stopped || !(error instanceof retry/* RemoteError */.Hi))
                return error;
            return new retry/* RemoteError */.Hi(error.code, `${error.message}. ${notRetried}`, {
                ...(error.status !== undefined ? { status: error.status } : {}),
                ...(error.error !== undefined ? { error: error.error } : {}),
                ...(error.description !== undefined ? { description: error.description } : {}),
                ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
                cause: error,
            });
        },
    };
}
/** The token as the format prints it on stdout (the github format goes through `deliverToGithubEnv`). */
function formatResult(format, result, brokerUrl) {
    switch (format) {
        case 'shell':
            return formatShell(result, brokerUrl);
        case 'env':
            return formatEnv(result, brokerUrl);
        case 'json':
            return formatJson(result);
    }
}
/** Why stdout did not take the token, in words, from the write's error. */
function stdoutFailure(error) {
    if ((0,errors/* isStintError */.Hu)(error))
        return error.message;
    const code = error?.code;
    switch (code) {
        case 'EPIPE':
        case 'ERR_STREAM_DESTROYED':
            return 'its reader closed the pipe before reading it (EPIPE)';
        case 'ENOSPC':
            return 'no space left on the device it is redirected to (ENOSPC)';
        case 'EDQUOT':
            return 'the disk quota is used up where it is redirected to (EDQUOT)';
        case 'EROFS':
            return 'it is redirected to a read-only file system (EROFS)';
        default:
            return typeof code === 'string' ? `the system refused the write (${code})` : 'the write failed';
    }
}
/**
 * `--format shell`, `env` and `json`: the token on stdout, its only way to the job. When stdout
 * does not take it (a full disk under `> file`, a reader that went away), the job never gets the
 * token, so it is revoked at once, best effort, and the error says what failed and whether the
 * revocation worked; the exit status is 1, whatever the pipe.
 */
async function deliverToStdout(format, result, brokerUrl, io, settings) {
    try {
        await (0,cli_io/* writeLineChecked */.Tq)(io.stdout, formatResult(format, result, brokerUrl));
    }
    catch (error) {
        const outcome = await revokeUndelivered(result, brokerUrl, settings);
        throw new errors/* StintError */.Fp('ERR_EXCHANGE_OUTPUT_UNWRITABLE', `got a token for project ${result.project}, but could not write it to stdout: ${stdoutFailure(error)}; ${outcome}. Send stdout where it is read in full and has room (exports="$(stint exchange …)" || exit 1; or > a file on a disk with space), then run the step again`, { cause: error });
    }
}
/** How long a token that could not be handed over is given to be revoked; it expires by itself anyway. */
const UNDELIVERED_TOKEN_REVOKE_MS = 10_000;
/**
 * Revokes a token the job never received, best effort, within UNDELIVERED_TOKEN_REVOKE_MS; says
 * how that went, for the error that follows: revoked, or until when it stays valid and why.
 */
async function revokeUndelivered(result, brokerUrl, settings) {
    const token = result.access_token;
    try {
        await (0,broker_client/* revokeToken */.w$)(brokerUrl, token, { ...(settings ? { settings } : {}), budgetMs: UNDELIVERED_TOKEN_REVOKE_MS });
        return 'the token was revoked at the broker, so none is left valid';
    }
    catch (revokeError) {
        // The broker's answer is quoted; one that echoes the token must not get it printed.
        const reason = (0,mask/* redact */.E$)(revokeError instanceof Error ? revokeError.message : String(revokeError), [token]);
        return `revoking the token failed too, so it stays valid until ${result.expires_at} (${reason})`;
    }
}
/**
 * `--format github`: masks on stdout, then the variables into `$GITHUB_ENV`. The file was checked
 * before the exchange; when the write fails even so (no space left, say), the token just minted
 * is revoked, best effort, since the job cannot use it, and the error says whether that worked.
 */
async function deliverToGithubEnv(file, result, brokerUrl, io, settings) {
    const token = result.access_token;
    // Mask every printable form before the value exists anywhere else the runner could print.
    // The value itself first, then its encodings.
    (0,cli_io/* writeLine */._r)(io.stdout, `::add-mask::${token}`);
    for (const form of (0,mask/* maskForms */.ye)(token))
        if (form !== token)
            (0,cli_io/* writeLine */._r)(io.stdout, `::add-mask::${form}`);
    try {
        appendGithubEnv(file, exportedVariables(result, brokerUrl));
    }
    catch (error) {
        const failure = (0,errors/* isStintError */.Hu)(error) ? error.message : why(file, error);
        const outcome = await revokeUndelivered(result, brokerUrl, settings);
        throw new errors/* StintError */.Fp('ERR_GITHUB_ENV_UNWRITABLE', `got a token for project ${result.project}, but could not write it to $GITHUB_ENV (GITHUB_ENV=${file}): ${failure}; ${outcome}. Free the space or point GITHUB_ENV at a writable file, then run the step again`, { cause: error });
    }
}
const run = async (args, io) => {
    const { values } = (0,external_node_util_.parseArgs)({
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
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    if (!values.broker)
        throw new errors/* UsageError */.eb('exchange needs --broker URL (the stint broker)');
    const brokerUrl = (0,broker_option/* brokerOption */.n)(values.broker, io.env);
    if (!values.project)
        throw new errors/* UsageError */.eb('exchange needs --project P');
    const provider = (0,provider_option/* providerOption */.f)(values.provider);
    const format = values.format;
    if (!FORMATS.includes(format))
        throw new errors/* UsageError */.eb(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    // Checked here, as the action checks its inputs: a bad value is the caller's to fix, before any request.
    if (values.ttl !== undefined) {
        try {
            (0,duration/* parseDuration */.E)(values.ttl);
        }
        catch {
            throw new errors/* UsageError */.eb(`--ttl must be seconds or a duration like 90s, 15m, 1h or 1h30m, not ${JSON.stringify(values.ttl)}`);
        }
    }
    const budgetMs = (0,retry_budget/* exchangeBudgetMs */.tY)(io.env.STINT_RETRY_BUDGET);
    if (budgetMs === undefined)
        throw new errors/* UsageError */.eb(`${retry_budget/* RETRY_BUDGET_RULE */.CZ}, not ${JSON.stringify(io.env.STINT_RETRY_BUDGET)}`);
    const githubEnv = io.env.GITHUB_ENV;
    // Checked before the exchange, so a job that cannot receive the token does not spend its ID token.
    if (format === 'github' && !githubEnv) {
        throw new errors/* StintError */.Fp('ERR_GITHUB_ENV_MISSING', '--format github writes to $GITHUB_ENV, which is not set; use it inside a GitHub Actions step, or pick --format shell');
    }
    if (format === 'github')
        checkGithubEnvWritable(githubEnv);
    let source;
    try {
        source = (0,token_source/* detectTokenSource */._B)(io.env, { provider, idTokenEnv: values['id-token-env'] });
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp && error.code === 'ERR_USAGE')
            throw new errors/* UsageError */.eb(error.message);
        throw error;
    }
    if (values.audience !== undefined && !(0,token_source/* canMintFreshTokens */.tG)(source)) {
        (0,cli_io/* writeLine */._r)(io.stderr, `stint: note: --audience is ignored: the CI minted the token in ${source.kind === 'env' ? source.variable : 'the variable'} with the audience its job configuration names`);
    }
    // Errors name what the user sets in this CI (its recipe's settings, the flags), not the action's inputs.
    const settings = {
        ...(0,token_source/* settingsFor */.zc)(source.provider),
        request: 'project, scope and ttl (--project, --scope, --ttl)',
        scope: '--scope',
        project: '--project',
    };
    // Discovery and the exchange share one deadline, as in the action.
    const deadline = Date.now() + budgetMs;
    const remaining = () => Math.max(1, deadline - Date.now());
    // The audience only matters where we ask the CI for a token; env-var tokens were minted with theirs.
    const audience = values.audience ??
        ((0,token_source/* canMintFreshTokens */.tG)(source)
            ? await defaultAudience(brokerUrl, { settings, budgetMs: remaining() })
            : brokerAudience(brokerUrl));
    // Every ID token read, so a broker that quotes one back in its refusal cannot get it printed.
    const idTokens = [];
    const guard = singleUseGuard(source, async () => {
        const idToken = await (0,token_source/* readJobToken */.Lj)(source, { audience, env: io.env });
        idTokens.push(idToken);
        return idToken;
    });
    let result;
    try {
        result = await (0,broker_client/* exchangeWithRetry */.iX)({
            brokerUrl,
            project: values.project,
            scope: values.scope,
            ttl: values.ttl,
            audience,
            settings,
            budgetMs: remaining(),
            getIdToken: guard.getIdToken,
            http: guard.http,
            onRetry: (info) => {
                if (!guard.onRetry())
                    return false;
                (0,cli_io/* writeLine */._r)(io.stderr, (0,mask/* redact */.E$)(`stint: retrying in ${(info.delayMs / 1000).toFixed(1)} s: ${info.reason}`, idTokens));
                return true;
            },
        });
    }
    catch (error) {
        const failure = guard.explain(error);
        if (failure instanceof Error)
            failure.message = (0,mask/* redact */.E$)(failure.message, idTokens);
        throw failure;
    }
    if (format === 'github')
        await deliverToGithubEnv(githubEnv, result, brokerUrl, io, settings);
    else
        await deliverToStdout(format, result, brokerUrl, io, settings);
    (0,cli_io/* writeLine */._r)(io.stderr, `stint: got a token for project ${result.project} (scope: ${result.scope || '-'}; expires ${result.expires_at}; audit id ${result.audit_id || '-'}) via ${source.reason}`);
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


/***/ }),

/***/ 5356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* reexport safe */ _redact_js__WEBPACK_IMPORTED_MODULE_2__.E),
/* harmony export */   ye: () => (/* reexport safe */ _forms_js__WEBPACK_IMPORTED_MODULE_0__.ye)
/* harmony export */ });
/* harmony import */ var _forms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5019);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2029);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6587);





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


/***/ })

};
