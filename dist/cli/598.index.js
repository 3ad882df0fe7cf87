export const id = 598;
export const ids = [598];
export const modules = {

/***/ 5217:
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
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/http.ts
var lib_http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(9722);
// EXTERNAL MODULE: ./src/lib/retry.ts + 1 modules
var retry = __webpack_require__(9927);
;// CONCATENATED MODULE: ./src/client/broker-client.ts
/**
 * The broker client used by the GitHub Action and by `stint exchange`: discovery, the exchange
 * with classified and bounded retries, and revocation.
 *
 * HTTP client: src/lib/http.ts (node:http/https, not the global `fetch`, whose first use loads
 * undici and slows the action's start). Any caller may pass its own `http` (RetryOptions); tests
 * talk to real servers on 127.0.0.1.
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
    const http = options.http ?? lib_http/* httpRequest */.aj;
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
        const answer = await send(http, {
            url,
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
    const http = options.http ?? httpRequest;
    const url = endpoint(brokerUrl, 'oauth2/revoke');
    await retryWithinBudget(async (signal) => {
        const answer = await send(http, {
            url,
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
 * Returns `undefined` when the broker has none (404, or an answer without an `issuer`); throws
 * `ERR_BROKER_UNREACHABLE` when the broker does not answer within the budget (default 30 s).
 * What it says is the broker's claim, never a value to trust: the ID token's audience comes from
 * the broker URL (`defaultAudience` in audience.ts), which this document may only confirm.
 *
 * @example
 * const issuer = (await discoverBroker(brokerUrl))?.issuer;
 */
async function discoverBroker(brokerUrl, options = {}) {
    const http = options.http ?? lib_http/* httpRequest */.aj;
    const url = endpoint(brokerUrl, '.well-known/openid-configuration');
    return (0,retry/* retryWithinBudget */.V9)(async (signal) => {
        const answer = await send(http, { url, method: 'GET', headers: { accept: 'application/json' }, signal }, 'discovery', options.now ?? Date.now);
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
/**
 * One HTTP request; network errors and timeouts become retryable `ERR_BROKER_UNREACHABLE`, a
 * redirect `ERR_BROKER_REDIRECT` (a token must go only to the URL configured; retrying cannot help).
 */
async function send(http, request, what, now) {
    const url = request.url;
    let response;
    try {
        response = await http({ ...request, maxResponseBytes: MAX_RESPONSE_BYTES });
    }
    catch (error) {
        if (!(error instanceof lib_http/* HttpError */.j$))
            throw error;
        if (error.kind === 'redirect') {
            throw new retry/* RemoteError */.Hi('ERR_BROKER_REDIRECT', `the ${what} request to ${origin(url)} was redirected; set broker-url to the broker's final URL (https://…)`, { cause: error });
        }
        if (error.kind === 'too-large') {
            throw new retry/* RemoteError */.Hi('ERR_EXCHANGE_FAILED', `the broker's answer is larger than ${MAX_RESPONSE_BYTES} bytes; is broker-url the stint broker?`, { ...(error.status !== undefined ? { status: error.status } : {}), cause: error });
        }
        throw new retry/* RemoteError */.Hi('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed: ${error.reason}`, {
            retryable: (0,retry/* isRetryableHttpError */.PL)(error),
            cause: error,
        });
    }
    const text = response.text();
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
        retryAfterMs: (0,retry/* parseRetryAfter */.mu)(response.header('retry-after'), now()),
        requestIdHeader: response.header('x-request-id'),
    };
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
        return "Set the audience input to the broker's issuer, or leave it empty to use the broker URL itself";
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
    endpoint(brokerUrl, '');
    const url = new URL(brokerUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
/**
 * The default audience: `brokerAudience(brokerUrl)`, after checking the broker's discovery
 * document. A broker without one gets the URL; one whose `issuer` is the same URL gets it spelled
 * as the issuer (the broker compares `aud` exactly); one whose `issuer` is anything else is
 * refused with `ERR_BROKER_ISSUER_MISMATCH`, and no ID token is requested.
 *
 * @example
 * const audience = inputs.audience ?? (await defaultAudience(brokerUrl));
 */
async function defaultAudience(brokerUrl, options = {}) {
    const audience = brokerAudience(brokerUrl);
    const discovery = await discoverBroker(brokerUrl, options);
    if (discovery === undefined)
        return audience;
    if (sameUrl(discovery.issuer, audience))
        return discovery.issuer;
    throw new errors/* StintError */.Fp('ERR_BROKER_ISSUER_MISMATCH', `the broker at ${audience} names another issuer, ${JSON.stringify(discovery.issuer)}, so no ID token was requested: by default its audience is the broker URL itself, never what the broker answers. Set broker-url to the broker's issuer URL; if the broker is served at another address on purpose, set the audience explicitly (audience input, or --audience)`);
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

// EXTERNAL MODULE: ./src/lib/shell-quote.ts
var shell_quote = __webpack_require__(4844);
// EXTERNAL MODULE: ./src/mask/forms.ts
var mask_forms = __webpack_require__(5019);
// EXTERNAL MODULE: ./src/mask/redact.ts
var redact = __webpack_require__(6587);
// EXTERNAL MODULE: ./src/providers/token-source.ts + 1 modules
var token_source = __webpack_require__(364);
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
function singleUseGuard(source, read, send = lib_http/* httpRequest */.aj) {
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
        http: async (request) => {
            lastNeverSent = false;
            try {
                return await send(request);
            }
            catch (error) {
                // Connection refused, host not found, no route, no connection in time, a failed TLS
                // handshake: the request (and the token in it) never left this machine.
                lastNeverSent = error instanceof lib_http/* HttpError */.j$ && !error.sent;
                throw error;
            }
        },
        onRetry({ reason }) {
            lastReason = reason;
            return mints || lastNeverSent;
        },
    };
}
/** Writes the token where the format says: stdout, or (github) masks on stdout and $GITHUB_ENV. */
function printResult(format, result, io) {
    switch (format) {
        case 'shell':
            (0,cli_io/* writeLine */._r)(io.stdout, formatShell(result));
            break;
        case 'env':
            (0,cli_io/* writeLine */._r)(io.stdout, formatEnv(result));
            break;
        case 'json':
            (0,cli_io/* writeLine */._r)(io.stdout, formatJson(result));
            break;
        case 'github':
            // Mask every printable form before the value exists anywhere else the runner could print.
            // The value itself first, then its encodings.
            (0,cli_io/* writeLine */._r)(io.stdout, `::add-mask::${result.access_token}`);
            for (const form of (0,mask_forms/* maskForms */.ye)(result.access_token))
                if (form !== result.access_token)
                    (0,cli_io/* writeLine */._r)(io.stdout, `::add-mask::${form}`);
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
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
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
        (0,cli_io/* writeLine */._r)(io.stderr, `stint: note: --audience is ignored: the CI minted the token in ${source.kind === 'env' ? source.variable : 'the variable'} with the audience its job configuration names`);
    }
    // The audience only matters where we ask the CI for a token; env-var tokens were minted with theirs.
    const audience = values.audience ?? ((0,token_source/* canMintFreshTokens */.tG)(source) ? await defaultAudience(brokerUrl) : brokerAudience(brokerUrl));
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
            http: guard.http,
            onRetry: (info) => {
                if (guard.onRetry(info))
                    (0,cli_io/* writeLine */._r)(io.stderr, (0,redact/* redact */.E)(`stint: retrying in ${(info.delayMs / 1000).toFixed(1)} s: ${info.reason}`, idTokens));
            },
        });
    }
    catch (error) {
        if (error instanceof Error)
            error.message = (0,redact/* redact */.E)(error.message, idTokens);
        throw error;
    }
    printResult(format, result, io);
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

/***/ 1931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aj: () => (/* binding */ httpRequest),
/* harmony export */   j$: () => (/* binding */ HttpError)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
/**
 * stint's one outbound HTTP client, on `node:http` / `node:https`. Every request stint makes (the
 * broker client, the CI ID-token requests, the broker's issuer discovery and JWKS fetches, the
 * oauth2 token request, the mTLS certificate request, `stint request`, and stint/verify's JWKS
 * fetch) goes through `httpRequest`, so each has a deadline, a cap on the answer's size, and the
 * same redirect rule.
 *
 * Why not the global `fetch`: its first use loads undici, which costs the action about 190 ms
 * and 38 MiB at start-up (issue 18), and its body reading has no size limit of its own.
 *
 * Redirects are never followed. A credential (an ID token, a client secret, a bearer token, a
 * client certificate) goes only to the URL it was configured for; following a redirect would send
 * it, or the request it authorises, wherever the answer points. By default a redirect is an
 * `HttpError` of kind `redirect`; `stint request` asks to get it back as an answer instead.
 * See docs/architecture.md.
 */



const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * A request that got no usable answer. Callers turn it into their own error (ERR_BROKER_UNREACHABLE,
 * ERR_ISSUER_UNREACHABLE, …); `isRetryableHttpError` (src/lib/retry.ts) says whether to try again.
 */
class HttpError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp {
    kind;
    /** Short and safe to print: `ECONNREFUSED`, `no answer in time (timeout)`, `redirected to https://…`. */
    reason;
    /**
     * False when the request provably never left this machine (no connection was made, or the TLS
     * handshake failed), so resending a single-use credential cannot be a replay.
     */
    sent;
    /** The answer's status, for `too-large` and `redirect`. */
    status;
    constructor(kind, target, reason, details) {
        super('ERR_HTTP_FAILED', `${target}: ${reason}`, { cause: details.cause });
        this.name = 'HttpError';
        this.kind = kind;
        this.reason = reason;
        this.sent = details.sent;
        this.status = details.status;
    }
}
/**
 * Sends one request and reads the whole answer (bounded by `maxResponseBytes` and `timeoutMs`).
 * Any status is an answer; only a missing, broken, late, oversized or redirecting answer throws
 * `HttpError`. A fresh connection per request (no pooling): stint makes few requests, and a
 * pooled socket the server has just closed would turn a good request into a spurious failure.
 *
 * @example
 * const answer = await httpRequest({ url: 'https://stint.example.com/.well-known/jwks.json', maxResponseBytes: 256 * 1024 });
 * if (answer.status === 200) keys = JSON.parse(answer.text());
 */
const httpRequest = (options) => {
    const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
    // For messages: never the query, which may carry a credential.
    const target = `${(options.method ?? 'GET').toUpperCase()} ${url.origin}${url.pathname}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return Promise.reject(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_HTTP_FAILED', `${target}: only http and https URLs can be requested (got ${url.protocol})`));
    }
    const secure = url.protocol === 'https:';
    const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise((resolve, reject) => {
        let connected = false;
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            if ('ok' in outcome) {
                resolve(outcome.ok);
            }
            else {
                request.destroy();
                reject(outcome.error);
            }
        };
        const fail = (kind, reason, extra = {}) => finish({ error: new HttpError(kind, target, reason, { sent: connected, ...extra }) });
        const onAbort = () => fail('timeout', 'no answer in time (timeout)', { cause: options.signal?.reason });
        const timer = setTimeout(onAbort, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const send = secure ? node_https__WEBPACK_IMPORTED_MODULE_1__.request : node_http__WEBPACK_IMPORTED_MODULE_0__.request;
        const request = send(url, {
            method: options.method ?? 'GET',
            headers: options.headers ?? {},
            agent: false,
            ...(secure ? (options.tls ?? {}) : {}),
        }, (response) => read(response));
        request.on('socket', (socket) => {
            // The request's bytes go out only once the connection (and the TLS handshake) is up.
            socket.once(secure ? 'secureConnect' : 'connect', () => {
                connected = true;
            });
        });
        request.on('error', (error) => fail('network', error.code ?? error.message, { cause: error }));
        if (options.signal?.aborted) {
            onAbort();
        }
        else {
            options.signal?.addEventListener('abort', onAbort, { once: true });
            request.end(options.body);
        }
        function read(response) {
            const status = response.statusCode ?? 0;
            if (REDIRECTS.has(status) && (options.redirect ?? 'refuse') === 'refuse') {
                const location = response.headers.location;
                const where = location ? ` to ${originOf(location, url)}` : '';
                fail('redirect', `redirected${where} (redirects are not followed)`, { status });
                return;
            }
            const declared = Number(response.headers['content-length']);
            if (Number.isFinite(declared) && declared > maxBytes) {
                fail('too-large', tooLarge(maxBytes), { status });
                return;
            }
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBytes)
                    fail('too-large', tooLarge(maxBytes), { status });
                else
                    chunks.push(chunk);
            });
            response.on('end', () => {
                const body = Buffer.concat(chunks);
                finish({
                    ok: {
                        status,
                        statusText: response.statusMessage ?? '',
                        headers: response.headers,
                        body,
                        header: (name) => {
                            const value = response.headers[name.toLowerCase()];
                            return Array.isArray(value) ? value[0] : value;
                        },
                        text: () => body.toString('utf8'),
                    },
                });
            });
            response.on('error', (error) => fail('network', `the answer broke off (${error.code ?? error.message})`, { cause: error }));
            response.on('close', () => {
                if (!response.complete)
                    fail('network', 'the answer broke off');
            });
        }
    });
};
function tooLarge(maxBytes) {
    return `the answer is larger than ${maxBytes} bytes`;
}
/** Where a redirect points, without path or query (they may carry a credential). */
function originOf(location, base) {
    try {
        return new URL(location, base).origin;
    }
    catch {
        return 'an unreadable location';
    }
}


/***/ }),

/***/ 9722:
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

/***/ 5019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ye: () => (/* binding */ maskForms)
/* harmony export */ });
/* unused harmony exports MIN_FORM_LENGTH, isWorthMasking, unmaskableReason */
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
    const strict = percentEncode(value, /[A-Za-z0-9_.~-]/);
    return [
        encodeURIComponent(value),
        new URLSearchParams({ v: value }).toString().slice(2),
        percentEncode(value, /[A-Za-z0-9_.~/-]/),
        strict,
        strict.replace(/%20/g, '+'),
    ];
}
/** Every UTF-8 byte of `value` as `%XX`, except the ASCII characters `keep` matches. */
function percentEncode(value, keep) {
    let out = '';
    for (const char of value) {
        if (char.length === 1 && keep.test(char))
            out += char;
        else
            for (const byte of Buffer.from(char, 'utf8'))
                out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
/**
 * base64 and base64url of the value, plus the stable middle of its encoding when it sits at
 * byte offset 1 or 2 inside a longer encoded text (each shift changes every character), plus
 * each line of the encoding wrapped at 64 and 76 columns, of the value and of the value with a
 * trailing line feed (`echo "$SECRET" | base64`), whose last lines differ.
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
            // A line that starts past the value's bits encodes only echo's line feed (`Cg==`): not secret.
            for (let i = 0; i * 6 < bytes.length * 8; i += width)
                withUrl.push(encoded.slice(i, i + width));
        }
    }
    return withUrl;
}
function toBase64Url(base64) {
    return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}


/***/ }),

/***/ 6587:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ redact)
/* harmony export */ });
/* harmony import */ var _forms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5019);

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

/***/ 364:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vt: () => (/* binding */ PROVIDER_CHOICES),
  tG: () => (/* reexport */ canMintFreshTokens),
  _B: () => (/* binding */ detectTokenSource),
  Lj: () => (/* reexport */ readJobToken)
});

// UNUSED EXPORTS: findOnPath, recogniseCi

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/providers/descriptor.ts
var descriptor = __webpack_require__(4461);
// EXTERNAL MODULE: ./src/providers/registry.ts + 4 modules
var registry = __webpack_require__(4627);
// EXTERNAL MODULE: ./src/providers/request-helpers.ts
var request_helpers = __webpack_require__(8287);
;// CONCATENATED MODULE: ./src/providers/job-token.ts

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
        fetch: deps.fetch ?? fetch,
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
    if (idTokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(idTokenEnv)) {
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
