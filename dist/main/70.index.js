export const id = 70;
export const ids = [70];
export const modules = {

/***/ 70:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exchangeForToken: () => (/* binding */ exchangeForToken)
});

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(4466);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(7144);
// EXTERNAL MODULE: ./src/lib/retry-budget.ts
var retry_budget = __webpack_require__(5709);
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
class retry_RemoteError extends errors/* StintError */.Fp {
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
function retry_isRetryableStatus(status) {
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
async function retry_retryWithinBudget(attempt, options, giveUp) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const budget = options.budgetMs ?? retry_budget/* DEFAULT_BUDGET_MS */.T;
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
            if (!(error instanceof retry_RemoteError) || !error.retryable)
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
    return retry_retryWithinBudget(async (signal) => {
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
    return retry_retryWithinBudget(async (signal) => {
        const answer = await send(fetchFn, url, { method: 'GET', headers: { accept: 'application/json' }, signal }, 'discovery', options.now ?? Date.now);
        if (answer.status === 200) {
            const doc = answer.json;
            if (isRecord(doc) && typeof doc.issuer === 'string' && doc.issuer !== '')
                return doc;
            return undefined;
        }
        if (retry_isRetryableStatus(answer.status)) {
            throw new retry_RemoteError('ERR_DISCOVERY_FAILED', `broker discovery failed: ${describeAnswer(answer)}`, {
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
            throw new retry_RemoteError('ERR_BROKER_REDIRECT', `the ${what} request to ${origin(url)} was redirected; set broker-url to the broker's final URL (https://…)`, { cause: error });
        }
        throw new retry_RemoteError('ERR_BROKER_UNREACHABLE', `${what} request to ${origin(url)} failed: ${networkReason(error)}`, {
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
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
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
            throw new retry_RemoteError('ERR_EXCHANGE_FAILED', `the broker's answer is larger than ${MAX_RESPONSE_BYTES} bytes; is broker-url the stint broker?`, {
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
    if (retry_isRetryableStatus(status)) {
        const code = status === 429 ? 'ERR_EXCHANGE_RATE_LIMITED' : 'ERR_EXCHANGE_FAILED';
        return new retry_RemoteError(code, `the broker could not complete the exchange: ${said}`, {
            ...details,
            retryable: true,
        });
    }
    if (status === 403) {
        return new retry_RemoteError('ERR_EXCHANGE_DENIED', `the broker denied a token for project ${project}: ${said}. Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows`, details);
    }
    if (status === 401) {
        return new retry_RemoteError('ERR_ID_TOKEN_REJECTED', `the broker rejected this job's ID token: ${said}. ${rejectionHint(details.description ?? '')}`, details);
    }
    return new retry_RemoteError('ERR_EXCHANGE_INVALID', `the broker refused the exchange request: ${said}. Check the project, scope and ttl inputs`, details);
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
        return new retry_RemoteError('ERR_BROKER_UNREACHABLE', `could not reach the stint broker at ${origin(brokerUrl)} (${tries}): ${last.message}. Check broker-url and that the broker is up and reachable from this runner`, details);
    }
    const code = last.code === 'ERR_EXCHANGE_RATE_LIMITED' || last.code === 'ERR_ID_TOKEN_REQUEST_FAILED' ? last.code : fallback;
    return new retry_RemoteError(code, `${last.message} (gave up after ${tries})`, details);
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
    throw new retry_RemoteError('ERR_EXCHANGE_FAILED', `the answer from ${origin(url)} is not a stint exchange response; is broker-url the stint broker?`, { status: 200 });
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/lib/fingerprint.ts

/**
 * The SHA-256 fingerprint of a secret (a token, a key), safe to log, audit and show: it names
 * the secret without revealing it.
 *
 * @example
 * fingerprint(accessToken) // 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
 */
function fingerprint(secret) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(secret, 'utf8').digest('hex')}`;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/providers/token-source.ts





const PROVIDER_CHOICES = (/* unused pure expression or super */ null && ([
    'auto',
    'github',
    'gitlab',
    'circleci',
    'jenkins',
    'buildkite',
]));
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
        throw new StintError('ERR_USAGE', `--id-token-env must be an environment variable name, got '${idTokenEnv}'`);
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
    return new StintError('ERR_TOKEN_SOURCE_NOT_FOUND', message);
}
function isSet(value) {
    return value !== undefined && value.trim() !== '';
}
/** The absolute path of an executable `name` on env.PATH (the job's PATH, not ours), or undefined. */
function findOnPath(name, env) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
        if (dir === '')
            continue;
        const candidate = join(dir, name);
        try {
            if (!statSync(candidate).isFile())
                continue;
            accessSync(candidate, constants.X_OK);
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
            retryable: retry_isRetryableStatus(response.status),
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
        throw new errors/* StintError */.Fp('ERR_ID_TOKEN_INVALID', 'the GitHub ID token request answered without a "value" string');
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
    return new retry_RemoteError('ERR_ID_TOKEN_REQUEST_FAILED', message, details);
}
/** A compact JWS is three base64url parts; anything else would only fail at the broker, less clearly. */
function requireJwt(value, where) {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) {
        throw new errors/* StintError */.Fp('ERR_ID_TOKEN_INVALID', `${where} does not hold a JWT (expected three base64url parts separated by dots)`);
    }
    return value;
}
function execFileNoShell(file, args, options) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)(file, args, { env: options.env, timeout: options.timeoutMs, maxBuffer: 1024 * 1024, shell: false }, (error, stdout, stderr) => {
            if (error)
                reject(Object.assign(error, { stderr: String(stderr) }));
            else
                resolve({ stdout: String(stdout), stderr: String(stderr) });
        });
    });
}

;// CONCATENATED MODULE: ./src/action/exchange.ts
/**
 * The token half of the main step: the broker's issuer as the default audience, the runner's ID
 * token request, and the exchange, all inside one retry budget. Loaded with `import()` only when
 * `broker-url` is set, so a signing-only job (and a job that fails on its inputs) never loads it.
 */




/** Longest one ID token request may take. */
const ID_TOKEN_TIMEOUT_MS = 10_000;
/**
 * Discovery (unless `audience` is given), then the exchange with a fresh ID token per attempt.
 * Discovery and the exchange share one deadline, `budgetMs` from now.
 */
async function exchangeForToken(options) {
    const deadline = options.now() + options.budgetMs;
    const retry = () => ({
        budgetMs: Math.max(1, deadline - options.now()),
        fetch: options.fetch,
        now: options.now,
        ...(options.sleep ? { sleep: options.sleep } : {}),
        ...(options.random ? { random: options.random } : {}),
        onRetry: ({ delayMs, reason }) => options.info(`stint: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s`),
    });
    const audience = options.audience ?? (await discoverBroker(options.brokerUrl, retry()))?.issuer ?? options.brokerUrl;
    const source = idTokenRequest(options.env);
    let idToken;
    const result = await exchangeWithRetry({
        ...retry(),
        brokerUrl: options.brokerUrl,
        project: options.project,
        audience,
        ...(options.scope !== undefined ? { scope: options.scope } : {}),
        ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
        getIdToken: async (aud) => {
            // The runner's token service gets the same deadline as the broker.
            const timeoutMs = Math.max(1, Math.min(ID_TOKEN_TIMEOUT_MS, deadline - options.now()));
            const token = await readJobToken(source, { audience: aud, env: options.env, fetch: options.fetch, timeoutMs });
            options.mask(token);
            idToken = token;
            return token;
        },
    });
    return { result, audience, fingerprint: fingerprint(result.access_token), idToken };
}
/** The runner's ID token request, or the one error a job without `id-token: write` gets. */
function idTokenRequest(env) {
    const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!requestUrl || !requestToken) {
        throw new errors/* StintError */.Fp('ERR_ID_TOKEN_PERMISSION', 'this job cannot request an OIDC ID token (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are not set). Add `permissions: id-token: write` to the job or workflow; pull requests from forks never get one');
    }
    return {
        kind: 'github-request',
        provider: 'github',
        requestUrl,
        requestToken,
        reason: 'the Actions runtime token request',
    };
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


/***/ })

};
