export const id = 951;
export const ids = [951];
export const modules = {

/***/ 8951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exchangeForToken: () => (/* binding */ exchangeForToken)
});

// EXTERNAL MODULE: ./src/broker/client.ts
var client = __webpack_require__(9198);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/providers/token-source.ts





const PROVIDER_CHOICES = (/* unused pure expression or super */ null && (['auto', 'github', 'gitlab', 'circleci', 'jenkins', 'buildkite']));
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
        return { kind: 'env', provider: ci, variable: idTokenEnv, reason: `--id-token-env ${idTokenEnv}${ci ? ` in ${CI_NAMES[ci]}` : ''}` };
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
            return { kind: 'buildkite-agent', provider: 'buildkite', agentPath, reason: `Buildkite (BUILDKITE=true) with buildkite-agent at ${agentPath}` };
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
                return { kind: 'buildkite-agent', provider: 'buildkite', agentPath, reason: `--provider buildkite: buildkite-agent at ${agentPath}` };
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
        throw requestError(`the GitHub ID token request to ${url.origin} failed: ${error.message}`, { retryable: true, cause: error });
    }
    const text = await response.text();
    if (!response.ok) {
        const hint = response.status === 401 || response.status === 403 ? ' (is ACTIONS_ID_TOKEN_REQUEST_TOKEN from this job?)' : '';
        throw requestError(`the GitHub ID token request answered HTTP ${response.status}${hint}`, {
            status: response.status,
            retryable: (0,client/* isRetryableStatus */.PS)(response.status),
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
        throw requestError(`buildkite-agent oidc request-token failed (exit ${String(code ?? 'unknown')})${detail}`, { cause: error });
    }
    return requireJwt(result.stdout.trim(), 'buildkite-agent oidc request-token');
}
function lastLine(text) {
    const lines = text.trim().split('\n');
    return (lines[lines.length - 1] ?? '').slice(0, 300);
}
function requestError(message, details) {
    return new client/* RemoteError */.Hi('ERR_ID_TOKEN_REQUEST_FAILED', message, details);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/tokens/fingerprint.ts

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
    const audience = options.audience ?? (await (0,client/* discoverBroker */.pN)(options.brokerUrl, retry()))?.issuer ?? options.brokerUrl;
    const source = idTokenRequest(options.env);
    let idToken;
    const result = await (0,client/* exchangeWithRetry */.iX)({
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
    return { kind: 'github-request', provider: 'github', requestUrl, requestToken, reason: 'the Actions runtime token request' };
}


/***/ })

};
