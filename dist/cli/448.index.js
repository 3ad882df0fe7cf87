export const id = 448;
export const ids = [448];
export const modules = {

/***/ 8448:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  appendGithubEnv: () => (/* binding */ appendGithubEnv),
  exportedVariables: () => (/* binding */ exportedVariables),
  formatEnv: () => (/* binding */ formatEnv),
  formatJson: () => (/* binding */ formatJson),
  formatShell: () => (/* binding */ formatShell),
  run: () => (/* binding */ run),
  singleUseGuard: () => (/* binding */ singleUseGuard)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(4466);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(7144);
// EXTERNAL MODULE: ./src/lib/retry.ts + 1 modules
var retry = __webpack_require__(116);
;// CONCATENATED MODULE: ./src/client/broker-client.ts
/**
 * The broker client used by the GitHub Action and by `stint exchange`: discovery, the exchange
 * with classified and bounded retries, and revocation.
 *
 * HTTP client: Node's global `fetch`. It ships with Node (>= 18), so it adds 0 bytes to the
 * bundles, where `@actions/http-client` pulls undici into every bundle a second time (hundreds
 * of KB in `dist/main`, which must stay small to start fast). `fetch` also gives us
 * `AbortSignal.timeout` for per-attempt socket timeouts. Tests still talk to real servers on
 * 127.0.0.1, and any caller may pass its own `fetch`.
 */



/** Answers are small JSON documents; anything larger is not our broker. */
const MAX_RESPONSE_BYTES = 256 * 1024;
/**
 * Exchanges the CI's OIDC token for a stint token at `POST /auth/oidc/exchange`, retrying
 * network errors, timeouts, 408, 429 and 5xx within `budgetMs` (default 60 s). Every attempt
 * calls `getIdToken` again, because the broker refuses an ID token it has already seen. Errors
 * from `getIdToken` that are `RemoteError`s with `retryable: true` are retried in the same budget.
 *
 * Throws `RemoteError` with code `ERR_EXCHANGE_DENIED` (403), `ERR_ID_TOKEN_REJECTED` (401:
 * signature, audience, expiry or clock skew), `ERR_EXCHANGE_INVALID` (other 4xx),
 * `ERR_EXCHANGE_RATE_LIMITED` (429 until the budget ran out), `ERR_BROKER_UNREACHABLE`
 * (no answer) or `ERR_EXCHANGE_FAILED` (5xx or a malformed answer).
 *
 * @example
 * const token = await exchangeWithRetry({ brokerUrl, project: 'warehouse', audience: brokerUrl,
 *   getIdToken: (aud) => requestGithubIdToken(env, aud) });
 */
async function exchangeWithRetry(options) {
    const fetchFn = options.fetch ?? fetch;
    const url = endpoint(options.brokerUrl, 'auth/oidc/exchange');
    return (0,retry/* retryWithinBudget */.V9)(async (signal) => {
        const idToken = await options.getIdToken(options.audience);
        const body = { token: idToken, project: options.project };
        if (options.scope !== undefined && options.scope.trim() !== '')
            body.scope = options.scope.trim();
        if (options.ttl !== undefined && String(options.ttl).trim() !== '') {
            const ttl = String(options.ttl).trim();
            body.ttl = /^\d+$/.test(ttl) ? Number(ttl) : ttl;
        }
        const answer = await send(fetchFn, url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
            signal,
        }, 'exchange', options.now ?? Date.now);
        if (answer.status === 200)
            return readExchangeResult(answer.json, url);
        throw exchangeError(answer, options.project);
    }, options, (last, attempts, elapsed) => finalError(last, attempts, elapsed, options.brokerUrl));
}
/**
 * Revokes a stint token at `POST /oauth2/revoke` (RFC 7009). Holding the token is enough.
 * Retries like the exchange, in a shorter budget (default 15 s). Throws `RemoteError`
 * `ERR_REVOKE_FAILED` or `ERR_BROKER_UNREACHABLE`.
 *
 * @example
 * await revokeToken('https://stint.example.com', token);
 */
async function revokeToken(brokerUrl, token, options = {}) {
    const fetchFn = options.fetch ?? fetch;
    const url = endpoint(brokerUrl, 'oauth2/revoke');
    await retryWithinBudget(async (signal) => {
        const answer = await send(fetchFn, url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
            signal,
        }, 'revoke', options.now ?? Date.now);
        if (answer.status === 200)
            return;
        throw new RemoteError('ERR_REVOKE_FAILED', `the broker refused to revoke the token: ${describeAnswer(answer)}`, {
            ...answerDetails(answer),
            retryable: isRetryableStatus(answer.status),
        });
    }, { budgetMs: 15_000, ...options }, (last, attempts, elapsed) => finalError(last, attempts, elapsed, brokerUrl, 'ERR_REVOKE_FAILED'));
}
/**
 * Fetches the broker's discovery document (`/.well-known/openid-configuration`) and returns it.
 * Returns `undefined` when the broker has none (404, or an answer without an `issuer`), so the
 * caller can fall back to the broker URL; throws `ERR_BROKER_UNREACHABLE` when the broker does
 * not answer within the budget (default 30 s).
 *
 * @example
 * const audience = (await discoverBroker(brokerUrl))?.issuer ?? brokerUrl;
 */
async function discoverBroker(brokerUrl, options = {}) {
    const fetchFn = options.fetch ?? fetch;
    const url = endpoint(brokerUrl, '.well-known/openid-configuration');
    return (0,retry/* retryWithinBudget */.V9)(async (signal) => {
        const answer = await send(fetchFn, url, { method: 'GET', headers: { accept: 'application/json' }, signal }, 'discovery', options.now ?? Date.now);
        if (answer.status === 200) {
            const doc = answer.json;
            if (isRecord(doc) && typeof doc.issuer === 'string' && doc.issuer !== '')
                return doc;
            return undefined;
        }
        if ((0,retry/* isRetryableStatus */.PS)(answer.status)) {
            throw new retry/* RemoteError */.Hi('ERR_DISCOVERY_FAILED', `broker discovery failed: ${describeAnswer(answer)}`, {
                ...answerDetails(answer),
                retryable: true,
            });
        }
        return undefined;
    }, { budgetMs: 30_000, ...options }, (last, attempts, elapsed) => finalError(last, attempts, elapsed, brokerUrl, 'ERR_DISCOVERY_FAILED'));
}
/** Joins a path onto the broker URL, keeping any path prefix the broker is served under. */
function endpoint(brokerUrl, path) {
    let base;
    try {
        base = new URL(brokerUrl);
    }
    catch {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} is not a URL; give it as https://stint.example.com`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} must start with https:// (or http:// for a local broker)`);
    }
    // Fail closed: over plain http the ID token and the stint token would cross the network in clear.
    if (base.protocol === 'http:' && !(0,loopback/* isLoopbackHost */.c)(base.hostname)) {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', `broker URL ${JSON.stringify(brokerUrl)} is plain http to another machine, which would send the tokens in clear; serve the broker over https (http:// is only for localhost, 127.0.0.0/8 and ::1)`);
    }
    if (base.username !== '' || base.password !== '') {
        throw new errors/* StintError */.Fp('ERR_BROKER_URL_INVALID', 'broker URL must not carry a user name or password');
    }
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/'))
        base.pathname += '/';
    return new URL(path, base).toString();
}
/** One HTTP request; network errors and timeouts become retryable `ERR_BROKER_UNREACHABLE`. */
async function send(fetchFn, url, init, what, now) {
    let response;
    let text;
    try {
        response = await fetchFn(url, { ...init, redirect: 'error' });
        text = await readCapped(response);
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp)
            throw error;
        // Redirects are refused (a token must go only to the URL configured); retrying cannot help.
        if (/redirect/i.test(networkReason(error))) {
            throw new retry/* RemoteError */.Hi('ERR_BROKER_REDIRECT', `the ${what} request to ${origin(url)} was redirected; set broker-url to the broker's final URL (https://…)`, { cause: error });
        }
        throw new retry/* RemoteError */.Hi('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed: ${networkReason(error)}`, {
            retryable: true,
            cause: error,
        });
    }
    let json;
    try {
        json = text === '' ? undefined : JSON.parse(text);
    }
    catch {
        json = undefined;
    }
    return {
        status: response.status,
        json,
        text,
        retryAfterMs: (0,retry/* parseRetryAfter */.mu)(response.headers.get('retry-after'), now()),
        requestIdHeader: response.headers.get('x-request-id') ?? undefined,
    };
}
async function readCapped(response) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > MAX_RESPONSE_BYTES) {
            await reader.cancel();
            throw new retry/* RemoteError */.Hi('ERR_EXCHANGE_FAILED', `the broker's answer is larger than ${MAX_RESPONSE_BYTES} bytes; is broker-url the stint broker?`, {
                status: response.status,
            });
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
}
function networkReason(error) {
    if (error instanceof Error) {
        if (error.name === 'TimeoutError' || error.name === 'AbortError')
            return 'no answer in time (timeout)';
        const cause = error.cause;
        if (cause?.code)
            return cause.code;
        if (cause?.message)
            return cause.message;
        return error.message;
    }
    return String(error);
}
function answerDetails(answer) {
    const body = isRecord(answer.json) ? answer.json : {};
    const details = {
        status: answer.status,
    };
    if (typeof body.error === 'string')
        details.error = body.error;
    if (typeof body.error_description === 'string')
        details.description = body.error_description;
    const requestId = typeof body.request_id === 'string' ? body.request_id : answer.requestIdHeader;
    if (requestId !== undefined)
        details.requestId = requestId;
    if (answer.retryAfterMs !== undefined)
        details.retryAfterMs = answer.retryAfterMs;
    return details;
}
/** `HTTP 403 access_denied: <description> (request_id …)` — never the request body. */
function describeAnswer(answer) {
    const d = answerDetails(answer);
    let text = `HTTP ${answer.status}`;
    if (d.error)
        text += ` ${d.error}`;
    if (d.description)
        text += `: ${d.description}`;
    if (d.requestId)
        text += ` (request_id ${d.requestId})`;
    return text;
}
function exchangeError(answer, project) {
    const details = answerDetails(answer);
    const status = answer.status;
    const said = describeAnswer(answer);
    if ((0,retry/* isRetryableStatus */.PS)(status)) {
        const code = status === 429 ? 'ERR_EXCHANGE_RATE_LIMITED' : 'ERR_EXCHANGE_FAILED';
        return new retry/* RemoteError */.Hi(code, `the broker could not complete the exchange: ${said}`, {
            ...details,
            retryable: true,
        });
    }
    if (status === 403) {
        return new retry/* RemoteError */.Hi('ERR_EXCHANGE_DENIED', `the broker denied a token for project ${project}: ${said}. Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows`, details);
    }
    if (status === 401) {
        return new retry/* RemoteError */.Hi('ERR_ID_TOKEN_REJECTED', `the broker rejected this job's ID token: ${said}. ${rejectionHint(details.description ?? '')}`, details);
    }
    return new retry/* RemoteError */.Hi('ERR_EXCHANGE_INVALID', `the broker refused the exchange request: ${said}. Check the project, scope and ttl inputs`, details);
}
/** What to fix for a rejected ID token, from the broker's description of why. */
function rejectionHint(description) {
    if (/expired|future|not valid yet|\bnbf\b|\biat\b/i.test(description)) {
        // The ID token's times come from the CI's issuer; the broker compares them with its own clock.
        return "The token's times disagree with the broker's clock by more than the 60 s allowed: check the broker host's clock (NTP); a job that waits minutes between getting and exchanging its ID token also sees this";
    }
    if (/audience|\baud\b/i.test(description))
        return "Set the audience input to the broker's issuer, or leave it empty to use the issuer from the broker's discovery document";
    return "Check that the broker trusts this CI's issuer (providers: in its config) and that the audience input, if set, is the broker's issuer";
}
function finalError(last, attempts, elapsedMs, brokerUrl, fallback = 'ERR_EXCHANGE_FAILED') {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s`;
    const details = {
        ...(last.status !== undefined ? { status: last.status } : {}),
        ...(last.error !== undefined ? { error: last.error } : {}),
        ...(last.description !== undefined ? { description: last.description } : {}),
        ...(last.requestId !== undefined ? { requestId: last.requestId } : {}),
        cause: last,
    };
    if (last.code === 'ERR_BROKER_UNREACHABLE') {
        return new retry/* RemoteError */.Hi('ERR_BROKER_UNREACHABLE', `could not reach the stint broker at ${origin(brokerUrl)} (${tries}): ${last.message}. Check broker-url and that the broker is up and reachable from this runner`, details);
    }
    const code = last.code === 'ERR_EXCHANGE_RATE_LIMITED' || last.code === 'ERR_ID_TOKEN_REQUEST_FAILED' ? last.code : fallback;
    return new retry/* RemoteError */.Hi(code, `${last.message} (gave up after ${tries})`, details);
}
function readExchangeResult(json, url) {
    if (isRecord(json) &&
        typeof json.access_token === 'string' &&
        json.access_token !== '' &&
        typeof json.expires_in === 'number' &&
        typeof json.project === 'string') {
        const expiresAt = rfc3339(json.expires_at);
        if (expiresAt !== undefined) {
            return {
                access_token: json.access_token,
                token_type: typeof json.token_type === 'string' ? json.token_type : 'Bearer',
                expires_in: json.expires_in,
                expires_at: expiresAt,
                scope: typeof json.scope === 'string' ? json.scope : '',
                project: json.project,
                audit_id: typeof json.audit_id === 'string' ? json.audit_id : '',
            };
        }
    }
    throw new retry/* RemoteError */.Hi('ERR_EXCHANGE_FAILED', `the answer from ${origin(url)} is not a stint exchange response; is broker-url the stint broker?`, { status: 200 });
}
/** `expires_at` as RFC 3339, whether the broker sent a date string or unix seconds. */
function rfc3339(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return new Date(value * 1000).toISOString();
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
        return new Date(Date.parse(value)).toISOString();
    return undefined;
}
function origin(url) {
    try {
        const u = new URL(url);
        return `${u.origin}${u.pathname === '/' ? '' : u.pathname}`;
    }
    catch {
        return 'the broker';
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: ./src/lib/shell-quote.ts
var shell_quote = __webpack_require__(2922);
// EXTERNAL MODULE: ./src/mask/forms.ts
var mask_forms = __webpack_require__(3329);
// EXTERNAL MODULE: ./src/mask/redact.ts
var redact = __webpack_require__(6373);
// EXTERNAL MODULE: ./src/providers/token-source.ts
var token_source = __webpack_require__(4491);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(2954);
// EXTERNAL MODULE: ./src/cli/provider-option.ts
var provider_option = __webpack_require__(8765);
;// CONCATENATED MODULE: ./src/cli/commands/exchange.ts










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
        .map(([name, value]) => `export ${name}=${(0,shell_quote/* shellQuote */.Z)(value)}`)
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
            throw new errors/* StintError */.Fp('ERR_EXCHANGE_FAILED', `${name} holds a line break and cannot be written as an env line`);
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
function appendGithubEnv(file, result, random = external_node_crypto_.randomBytes) {
    const lines = [];
    for (const [name, value] of exportedVariables(result)) {
        const delimiter = `ghadelimiter_${random(16).toString('hex')}`;
        if (value.includes(delimiter))
            throw new errors/* StintError */.Fp('ERR_EXCHANGE_FAILED', `${name} contains its own delimiter`);
        lines.push(`${name}<<${delimiter}`, value, delimiter);
    }
    const fd = (0,external_node_fs_.openSync)(file, 'a', 0o600);
    try {
        (0,external_node_fs_.appendFileSync)(fd, `${lines.join('\n')}\n`);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
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
    const mints = (0,token_source/* canMintFreshTokens */.tG)(source);
    let attempts = 0;
    let lastNeverSent = true;
    let lastReason = '';
    return {
        async getIdToken() {
            attempts++;
            if (!mints && attempts > 1 && !lastNeverSent) {
                const variable = source.kind === 'env' ? source.variable : 'the variable';
                throw new errors/* StintError */.Fp('ERR_EXCHANGE_FAILED', `${lastReason}. Not retried: the ID token in ${variable} is single-use and the broker may already have seen it (it refuses a replayed token); rerun the job for a fresh one`);
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
function printResult(format, result, io) {
    switch (format) {
        case 'shell':
            (0,cli_io/* writeLine */._)(io.stdout, formatShell(result));
            break;
        case 'env':
            (0,cli_io/* writeLine */._)(io.stdout, formatEnv(result));
            break;
        case 'json':
            (0,cli_io/* writeLine */._)(io.stdout, formatJson(result));
            break;
        case 'github':
            // Mask every printable form before the value exists anywhere else the runner could print.
            // The value itself first, then its encodings.
            (0,cli_io/* writeLine */._)(io.stdout, `::add-mask::${result.access_token}`);
            for (const form of (0,mask_forms/* maskForms */.ye)(result.access_token))
                if (form !== result.access_token)
                    (0,cli_io/* writeLine */._)(io.stdout, `::add-mask::${form}`);
            appendGithubEnv(io.env.GITHUB_ENV, result);
            break;
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
        (0,cli_io/* writeLine */._)(io.stdout, HELP);
        return 0;
    }
    if (!values.broker)
        throw new errors/* UsageError */.eb('exchange needs --broker URL (the stint broker)');
    if (!values.project)
        throw new errors/* UsageError */.eb('exchange needs --project P');
    const provider = (0,provider_option/* providerOption */.f)(values.provider);
    const format = values.format;
    if (!FORMATS.includes(format))
        throw new errors/* UsageError */.eb(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    const githubEnv = io.env.GITHUB_ENV;
    // Checked before the exchange, so a job that cannot receive the token does not spend its ID token.
    if (format === 'github' && !githubEnv) {
        throw new errors/* StintError */.Fp('ERR_GITHUB_ENV_MISSING', '--format github writes to $GITHUB_ENV, which is not set; use it inside a GitHub Actions step, or pick --format shell');
    }
    let source;
    try {
        source = (0,token_source/* detectTokenSource */._B)(io.env, { provider, idTokenEnv: values['id-token-env'] });
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp && error.code === 'ERR_USAGE')
            throw new errors/* UsageError */.eb(error.message);
        throw error;
    }
    const brokerUrl = values.broker;
    if (values.audience !== undefined && !(0,token_source/* canMintFreshTokens */.tG)(source)) {
        (0,cli_io/* writeLine */._)(io.stderr, `stint: note: --audience is ignored: the CI minted the token in ${source.kind === 'env' ? source.variable : 'the variable'} with the audience its job configuration names`);
    }
    // The audience only matters where we ask the CI for a token; env-var tokens were minted with theirs.
    const audience = values.audience ??
        ((0,token_source/* canMintFreshTokens */.tG)(source) ? ((await discoverBroker(brokerUrl))?.issuer ?? brokerUrl) : brokerUrl);
    // Every ID token read, so a broker that quotes one back in its refusal cannot get it printed.
    const idTokens = [];
    const guard = singleUseGuard(source, async () => {
        const idToken = await (0,token_source/* readJobToken */.Lj)(source, { audience, env: io.env });
        idTokens.push(idToken);
        return idToken;
    });
    let result;
    try {
        result = await exchangeWithRetry({
            brokerUrl,
            project: values.project,
            scope: values.scope,
            ttl: values.ttl,
            audience,
            getIdToken: guard.getIdToken,
            fetch: guard.fetch,
            onRetry: (info) => {
                if (guard.onRetry(info))
                    (0,cli_io/* writeLine */._)(io.stderr, (0,redact/* redact */.E)(`stint: retrying in ${(info.delayMs / 1000).toFixed(1)} s: ${info.reason}`, idTokens));
            },
        });
    }
    catch (error) {
        if (error instanceof Error)
            error.message = (0,redact/* redact */.E)(error.message, idTokens);
        throw error;
    }
    printResult(format, result, io);
    (0,cli_io/* writeLine */._)(io.stderr, `stint: got a token for project ${result.project} (scope: ${result.scope || '-'}; expires ${result.expires_at}; audit id ${result.audit_id || '-'}) via ${source.reason}`);
    return 0;
};


/***/ }),

/***/ 8765:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ providerOption)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4466);
/* harmony import */ var _providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4491);


/** The value of `--provider` (stint exchange, stint status), or a UsageError listing the choices. */
function providerOption(value) {
    if (!_providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__/* .PROVIDER_CHOICES */ .Vt.includes(value))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`--provider must be one of ${_providers_token_source_js__WEBPACK_IMPORTED_MODULE_1__/* .PROVIDER_CHOICES */ .Vt.join(', ')}, got '${value}'`);
    return value;
}


/***/ }),

/***/ 7144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

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
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(bare) === 4)
        return bare.startsWith('127.');
    return bare === '::1';
}


/***/ }),

/***/ 116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Hi: () => (/* binding */ RemoteError),
  PS: () => (/* binding */ isRetryableStatus),
  mu: () => (/* binding */ parseRetryAfter),
  V9: () => (/* binding */ retryWithinBudget)
});

// UNUSED EXPORTS: DEFAULT_BUDGET_MS

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(4466);
;// CONCATENATED MODULE: ./src/lib/retry-budget.ts
/**
 * How long the action and `stint exchange` keep retrying an exchange (and post a revocation) in
 * all, unless STINT_RETRY_BUDGET says otherwise. A module of its own so the action's start-up
 * can read it without loading the broker client, which only runs with a broker-url.
 */
const DEFAULT_BUDGET_MS = 60_000;

;// CONCATENATED MODULE: ./src/lib/retry.ts
/**
 * The classified, bounded retry every outbound client shares (the broker client, the CI ID-token
 * requests): which answers are worth another attempt, how long to wait, when to give up.
 * See docs/architecture.md.
 */



const DEFAULT_ATTEMPT_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/** A broker asking us to wait longer than this is treated as down for this run. */
const RETRY_AFTER_CAP_MS = 30_000;
/**
 * An error from a remote system (the broker, or the runner's ID token service). It carries what
 * the server said so the caller can show it: `status`, the OAuth `error` code, the broker's
 * `error_description` as `description`, and its `request_id` as `requestId` (to find the
 * audit event). `retryable` says whether another attempt could succeed.
 */
class RemoteError extends errors/* StintError */.Fp {
    status;
    error;
    description;
    requestId;
    retryable;
    /** From Retry-After, when the server sent one. */
    retryAfterMs;
    constructor(code, message, details = {}) {
        super(code, message, { cause: details.cause });
        this.name = 'RemoteError';
        this.status = details.status;
        this.error = details.error;
        this.description = details.description;
        this.requestId = details.requestId;
        this.retryable = details.retryable ?? false;
        this.retryAfterMs = details.retryAfterMs;
    }
}
/** Whether an HTTP status is worth another attempt: 408, 429 and 5xx. Other 4xx never are. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/**
 * `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent or
 * unreadable.
 */
function parseRetryAfter(value, now) {
    if (value === null || value.trim() === '')
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the budget is spent.
 * Waits use full-jitter exponential backoff (`random() * min(cap, base * 2^n)`), or the
 * server's `Retry-After` (capped) when it sent one. Only `RemoteError`s with `retryable: true`
 * are retried; anything else is thrown at once. When the budget runs out, `giveUp` turns the
 * last error and the attempt count into the error to throw.
 *
 * @example
 * const doc = await retryWithinBudget((signal) => getJson(url, signal), { budgetMs: 10_000 },
 *   (last) => last);
 */
async function retryWithinBudget(attempt, options, giveUp) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
    const attemptTimeout = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    const started = now();
    const deadline = started + budget;
    for (let attemptNumber = 1;; attemptNumber++) {
        const remaining = Math.max(1, deadline - now());
        const signal = AbortSignal.timeout(Math.min(attemptTimeout, remaining));
        try {
            return await attempt(signal, attemptNumber);
        }
        catch (error) {
            if (!(error instanceof RemoteError) || !error.retryable)
                throw error;
            const backoff = random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attemptNumber - 1));
            // Retry-After may lengthen the wait, never shorten it below the backoff: `Retry-After: 0`
            // must not turn the retries into a tight loop that also asks the CI for an ID token each time.
            const delay = error.retryAfterMs !== undefined
                ? Math.max(backoff, Math.min(error.retryAfterMs, RETRY_AFTER_CAP_MS))
                : backoff;
            // Give up now rather than sleep past the deadline: the caller wants an answer within its budget.
            if (now() + delay >= deadline || (error.retryAfterMs ?? 0) > RETRY_AFTER_CAP_MS) {
                throw giveUp(error, attemptNumber, now() - started);
            }
            options.onRetry?.({ attempt: attemptNumber, delayMs: delay, reason: error.message });
            await sleep(delay);
        }
    }
}


/***/ }),

/***/ 2922:
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

/***/ 3329:
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

/***/ 6373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ redact)
/* harmony export */ });
/* harmony import */ var _forms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3329);

/**
 * Replaces every printable form of every secret in `text` with `***`, for stint's own log lines
 * and error messages (the runner's masking covers what reaches the log; this covers what we
 * write anywhere else, and runs before the runner ever sees it).
 *
 * @example
 * core.info(redact(`broker said: ${body}`, [idToken, accessToken]));
 */
function redact(text, secrets) {
    const forms = new Set();
    for (const secret of secrets)
        for (const form of (0,_forms_js__WEBPACK_IMPORTED_MODULE_0__/* .maskForms */ .ye)(secret))
            forms.add(form);
    // Longest first, so a long form is not half-replaced by a shorter one it contains.
    let result = text;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) {
        if (result.includes(form))
            result = result.split(form).join('***');
    }
    return result;
}


/***/ }),

/***/ 4491:
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
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4466);
/* harmony import */ var _lib_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(116);





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
