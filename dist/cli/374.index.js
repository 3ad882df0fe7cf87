export const id = 374;
export const ids = [374];
export const modules = {

/***/ 1374:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _demo_ci_issuer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8575);
/* harmony import */ var _lib_duration_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2543);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7268);
/* harmony import */ var _lib_loopback_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9722);
/* harmony import */ var _lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4844);
/* harmony import */ var _providers_index_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7486);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1604);










/** The issuer of examples/stint.yml's broker. */
const EXAMPLE_BROKER = 'https://stint.example.com';
const HELP = `Usage: stint dev issuer [--provider ${_providers_index_js__WEBPACK_IMPORTED_MODULE_6__/* .PROVIDER_KINDS */ .ik.join('|')}] [--host H] [--port N]
                        [--audience A] [--claims FILE] [--ttl T]

Runs a local OIDC issuer shaped exactly like that CI's (default github), to try a policy or a
broker without CI: the CI's issuer URL shape, discovery document and JWKS at the CI's paths,
RS256 keys, and its documented claim set and subject (a push to main of acme/warehouse); for
GitHub also the runner's token request protocol (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN). It prints
the providers: entry that points a broker at it, and how to get tokens: GET <issuer origin>/_dev/token
(?audience=A) or POST a JSON object of claims to set (null removes one), with the bearer
secret it prints. Runs until interrupted (Ctrl-C, SIGTERM).
  --provider P    the CI to imitate: ${_providers_index_js__WEBPACK_IMPORTED_MODULE_6__/* .PROVIDER_KINDS */ .ik.join(', ')}
  --host H        default 127.0.0.1; anything else is reachable from the network (it warns)
  --port N        default a free port
  --audience A    aud of tokens minted without one: the broker's issuer (default
                  https://stint.example.com; CircleCI's default is the organization ID)
  --claims FILE   a JSON object of claims set over the example token's in every token
  --ttl T         token lifetime, 300 (seconds), 5m, 1h (default 5m, as GitHub's)
The keys live only in this process; tokens it mints are trusted only by a broker whose config
names this issuer (with allow_insecure: true, as it serves http).`;
/** `stint dev issuer`. */
const run = async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ ._r)(sub === undefined ? io.stderr : io.stdout, HELP);
        return sub === undefined ? 2 : 0;
    }
    if (sub !== 'issuer')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`unknown command 'dev ${sub}'; run \`stint dev --help\``);
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args: rest,
        strict: true,
        allowPositionals: false,
        options: {
            provider: { type: 'string', default: 'github' },
            host: { type: 'string', default: '127.0.0.1' },
            port: { type: 'string' },
            audience: { type: 'string' },
            claims: { type: 'string' },
            ttl: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    if (positionals.length > 0)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb('stint dev issuer takes no arguments');
    const kind = values.provider;
    if (!(0,_providers_index_js__WEBPACK_IMPORTED_MODULE_6__/* .isProviderKind */ .Qy)(kind))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`--provider must be one of ${_providers_index_js__WEBPACK_IMPORTED_MODULE_6__/* .PROVIDER_KINDS */ .ik.join(', ')}, got '${kind}'`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`--port must be a port number (0 to 65535), got '${values.port}'`);
    let lifetimeSeconds;
    if (values.ttl !== undefined) {
        try {
            lifetimeSeconds = (0,_lib_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .parseDuration */ .E)(values.ttl);
        }
        catch {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(`--ttl must be a duration such as 300, 5m or 1h, got '${values.ttl}'`);
        }
    }
    const claims = values.claims === undefined ? undefined : await readClaims(values.claims, io);
    if (!(0,_lib_loopback_js__WEBPACK_IMPORTED_MODULE_8__/* .isLoopbackHost */ .cW)(values.host))
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ ._r)(io.stderr, `stint dev issuer: warning: listening on ${values.host}, not loopback: anyone who can reach it can fetch its keys, and anyone holding the printed secret can mint tokens`);
    let issuer;
    try {
        issuer = await (0,_demo_ci_issuer_js__WEBPACK_IMPORTED_MODULE_3__/* .startCiIssuer */ .W)(kind, {
            host: values.host,
            port,
            audience: values.audience ?? defaultAudience(kind),
            ...(claims === undefined ? {} : { claims }),
            ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
        });
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_DEV_ISSUER_LISTEN', `stint dev issuer cannot listen on ${values.host}:${port}: ${error.code ?? error.message}; pick another --port or --host`, { cause: error });
    }
    for (const line of instructions(issuer))
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ ._r)(io.stdout, line);
    // Serve until told to stop; the signal handlers go before nothing else is left to do.
    await new Promise((done) => {
        const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            done();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    });
    await issuer.stop();
    (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ ._r)(io.stderr, 'stint dev issuer: stopped');
    return 0;
};
/**
 * The `aud` of tokens minted without one. A CI that mints on request (GitHub, Buildkite) mints
 * with the audience the job asks for, which stint asks to be the broker's issuer; a CI that
 * hands over a token has its own default (CircleCI: the organization ID) or the one the job
 * configuration names, for which the example config's broker issuer stands in.
 */
function defaultAudience(kind) {
    const ci = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_6__/* .ciDescriptor */ .oP)(kind);
    if (ci.token.source.via === 'env' && ci.claims.defaultAudience !== undefined)
        return undefined;
    return EXAMPLE_BROKER;
}
/**
 * The trust rule's subject: the tokens' own, with the owner's and the repository's IDs written in
 * where the CI's subjects carry them (GitHub), as `stint policy check` asks (WARN_SUBJECT_UNPINNED);
 * the IDs are those the tokens' claims carry, so the rule matches them.
 */
function ruleSubject(issuer) {
    const fields = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_6__/* .ciDescriptor */ .oP)(issuer.kind).subject.fields;
    const parts = fields?.parse(issuer.subject);
    if (fields === undefined || parts === undefined)
        return issuer.subject;
    const id = (value) => typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    const ownerId = parts.ownerId ?? id(issuer.defaults[fields.ids.owner]);
    const repoId = parts.repoId ?? id(issuer.defaults[fields.ids.repo]);
    if (ownerId === undefined || repoId === undefined)
        return issuer.subject;
    return fields.format({ ...parts, ownerId, repoId });
}
/** What to paste into a broker config and a shell to use the issuer. */
function instructions(issuer) {
    const ci = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_6__/* .ciDescriptor */ .oP)(issuer.kind);
    // The secret goes to curl on stdin (printf is a shell builtin): curl's arguments are readable by
    // every local user, who could then mint ID tokens a dev broker trusts.
    const mint = `printf 'Authorization: Bearer %s\\n' ${(0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_9__/* .shellQuote */ .Z)(issuer.mintSecret)} | curl -fsS -H @- ${(0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_9__/* .shellQuote */ .Z)(`${issuer.mintUrl}?audience=${encodeURIComponent(issuer.audience)}`)}`;
    const lines = [
        `stint dev issuer: ${ci.title} issuer at ${issuer.url}`,
        `  discovery  ${issuer.discoveryUrl}`,
        `  jwks       ${issuer.jwksUrl}`,
        `  tokens     ${ci.title}'s example claims (a push to main of acme/warehouse), aud ${issuer.audience}`,
        `  subject    ${issuer.subject}`,
        '',
        "Point a broker at it (a stint.yml for stint serve --config; stint serve --dev trusts only GitHub's own issuer):",
        '  providers:',
        `    ${issuer.kind}: { issuer: "${issuer.url}", audience: "${issuer.audience}", allow_insecure: true }`,
        '  and a trust rule:',
        `      - { provider: ${issuer.kind}, subject: "${ruleSubject(issuer)}", scopes: [read] }`,
        '',
        'Get a token (add ?audience=A for another aud; POST a JSON object of claims to change them):',
        `  ${mint}`,
    ];
    if (issuer.requestUrl !== undefined && issuer.requestToken !== undefined) {
        lines.push('', "Or act as a GitHub job (the runner's token request protocol, which stint exchange and the action use):", `  export ACTIONS_ID_TOKEN_REQUEST_URL=${(0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_9__/* .shellQuote */ .Z)(issuer.requestUrl)}`, `  export ACTIONS_ID_TOKEN_REQUEST_TOKEN=${(0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_9__/* .shellQuote */ .Z)(issuer.requestToken)}`, `  stint exchange --provider github --broker <broker URL> --project warehouse --audience ${(0,_lib_shell_quote_js__WEBPACK_IMPORTED_MODULE_9__/* .shellQuote */ .Z)(issuer.audience)}`);
    }
    else if (ci.token.source.via === 'env') {
        lines.push('', `Or act as a ${ci.brand} job (stint exchange reads ${ci.token.source.described}):`, `  export ${ci.token.source.variable}="$(${mint})"`, `  stint exchange --provider ${issuer.kind} --broker <broker URL> --project warehouse`);
    }
    lines.push('', 'Stop it with Ctrl-C.');
    return lines;
}
async function readClaims(file, io) {
    let parsed;
    try {
        parsed = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, file), 'utf8'));
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `--claims ${file} cannot be read as JSON: ${error.message}`, {
            cause: error,
        });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `--claims ${file} must hold a JSON object of claims`);
    return parsed;
}


/***/ }),

/***/ 8575:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ startCiIssuer)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9480);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7968);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2896);
/* harmony import */ var _providers_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7486);





const RUNNER_PATH = '/_apis/distributedtask/idtoken';
const MINT_PATH = '/_dev/token';
/** Claims every OIDC ID token of these CIs carries besides the example's. */
const REGISTERED = ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'];
const MAX_BODY = 64 * 1024;
async function startCiIssuer(kind, options = {}) {
    const ci = (0,_providers_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ciDescriptor */ .oP)(kind);
    const host = options.host ?? '127.0.0.1';
    const now = options.now ?? Date.now;
    const lifetime = options.lifetimeSeconds ?? 300;
    const algorithm = ci.issuer.algorithms[0] ?? 'RS256';
    const { privateKey, publicKey } = await (0,jose__WEBPACK_IMPORTED_MODULE_4__/* .generateKeyPair */ .T)(algorithm, { extractable: true });
    const rogue = await (0,jose__WEBPACK_IMPORTED_MODULE_4__/* .generateKeyPair */ .T)(algorithm, { extractable: true });
    const kid = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(20).toString('hex').toUpperCase();
    const publicJwk = { ...(await (0,jose__WEBPACK_IMPORTED_MODULE_5__/* .exportJWK */ .JU)(publicKey)), kid, alg: algorithm, use: 'sig' };
    // GitHub's keys carry an x5t (the certificate thumbprint) and its tokens name it in the header.
    if (kind === 'github')
        publicJwk.x5t = kid.slice(0, 27);
    const mintSecret = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString('base64url');
    const requestToken = kind === 'github' ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString('base64url') : undefined;
    const counts = { tokenRequests: 0, minted: 0, jwksRequests: 0, discoveryRequests: 0 };
    let runnerClaims = {};
    let failures = { count: 0, status: 500 };
    const serve = (req, res) => {
        handle(req, res).catch(() => send(res, 500, { message: 'internal error' }));
    };
    const server = options.tls ? (0,node_https__WEBPACK_IMPORTED_MODULE_2__.createServer)(options.tls, serve) : (0,node_http__WEBPACK_IMPORTED_MODULE_1__.createServer)(serve);
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    const { port } = server.address();
    const named = options.publicHost ?? host;
    const origin = `${options.tls ? 'https' : 'http'}://${named.includes(':') ? `[${named}]` : named}:${port}`;
    const url = ci.claims.exampleIssuer(origin);
    const path = url.slice(origin.length);
    const audience = options.audience ?? ci.claims.defaultAudience?.(url) ?? 'https://stint.example.com';
    const defaults = { ...ci.claims.example(url, audience), ...options.claims };
    const discoveryPath = `${path}/.well-known/openid-configuration`;
    const jwksPath = `${path}${ci.issuer.discovery.jwksPath}`;
    const discovery = {
        issuer: url,
        jwks_uri: `${origin}${jwksPath}`,
        subject_types_supported: kind === 'github' ? ['public', 'pairwise'] : ['public'],
        response_types_supported: ['id_token'],
        claims_supported: [
            ...new Set([...REGISTERED, ...Object.keys(defaults), ...(ci.issuer.discovery.moreClaims ?? [])]),
        ],
        id_token_signing_alg_values_supported: [...ci.issuer.algorithms],
        scopes_supported: ['openid'],
    };
    async function mint(claims = {}, mintOptions = {}) {
        const issuedAt = Math.floor(now() / 1000);
        const payload = {
            jti: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)(),
            ...defaults,
            nbf: issuedAt - 5,
            iat: issuedAt,
            exp: issuedAt + lifetime,
            ...claims,
        };
        for (const [name, value] of Object.entries(payload))
            if (value === undefined)
                delete payload[name];
        const header = { typ: 'JWT', alg: mintOptions.alg ?? algorithm, kid };
        if (publicJwk.x5t !== undefined)
            header.x5t = publicJwk.x5t;
        return new jose__WEBPACK_IMPORTED_MODULE_6__/* .SignJWT */ .P(payload)
            .setProtectedHeader({ ...header, ...mintOptions.header })
            .sign(mintOptions.key ?? privateKey);
    }
    /** The next injected failure, if one is due. */
    function injectedFailure() {
        if (failures.count === 0)
            return undefined;
        failures.count--;
        return failures.status;
    }
    async function handle(req, res) {
        const requested = new URL(req.url ?? '/', origin);
        const get = req.method === 'GET' || req.method === 'HEAD';
        switch (requested.pathname) {
            case discoveryPath:
                if (!get)
                    return send(res, 405, { message: 'method not allowed' });
                counts.discoveryRequests++;
                return send(res, 200, discovery);
            case jwksPath:
                if (!get)
                    return send(res, 405, { message: 'method not allowed' });
                counts.jwksRequests++;
                return send(res, 200, { keys: [publicJwk] });
            case RUNNER_PATH: {
                if (requestToken === undefined)
                    break;
                if (!get)
                    return send(res, 405, { message: 'method not allowed' });
                if (!bearerIs(req, requestToken))
                    return send(res, 401, { message: 'Bad credentials' });
                const failed = injectedFailure();
                if (failed !== undefined)
                    return send(res, failed, { message: 'injected failure' });
                counts.tokenRequests++;
                const aud = requested.searchParams.get('audience') ?? audience;
                return send(res, 200, { value: await mint({ ...runnerClaims, aud }) });
            }
            case MINT_PATH: {
                if (!get && req.method !== 'POST')
                    return send(res, 405, { message: 'GET ?audience=A, or POST a JSON object of claims' });
                if (!bearerIs(req, mintSecret))
                    return send(res, 401, { message: 'send Authorization: Bearer <the mint secret stint dev issuer printed>' });
                let claims = {};
                if (req.method === 'POST') {
                    const body = await readJson(req);
                    if (body === undefined)
                        return send(res, 400, { message: 'the body must be a JSON object of claims (null removes one)' });
                    claims = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? undefined : v]));
                }
                const aud = requested.searchParams.get('audience');
                const failed = injectedFailure();
                if (failed !== undefined)
                    return send(res, failed, { message: 'injected failure' });
                counts.minted++;
                const jwt = await mint({ ...runnerClaims, ...(aud === null ? {} : { aud }), ...claims });
                res.writeHead(200, {
                    'content-type': 'application/jwt',
                    'content-length': Buffer.byteLength(jwt),
                    'cache-control': 'no-store',
                });
                return void res.end(jwt);
            }
        }
        return send(res, 404, { message: 'not found' });
    }
    return {
        kind,
        url,
        discoveryUrl: `${origin}${discoveryPath}`,
        jwksUrl: `${origin}${jwksPath}`,
        audience,
        defaults,
        subject: String(defaults.sub),
        mintUrl: `${origin}${MINT_PATH}`,
        mintSecret,
        ...(requestToken === undefined ? {} : { requestUrl: `${origin}${RUNNER_PATH}?api-version=2.0`, requestToken }),
        counts,
        mint,
        setRunnerClaims(claims) {
            runnerClaims = claims;
        },
        failTokenRequests(count, status) {
            failures = { count, status };
        },
        rogueKey: rogue.privateKey,
        publicJwk,
        kid,
        stop: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
/** Whether the request carries `Bearer <secret>` (compared in constant time). */
function bearerIs(req, secret) {
    const given = Buffer.from(req.headers.authorization ?? '');
    const wanted = Buffer.from(`Bearer ${secret}`);
    return given.length === wanted.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(given, wanted);
}
async function readJson(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > MAX_BODY)
            return undefined;
        chunks.push(chunk);
    }
    try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
            ? parsed
            : undefined;
    }
    catch {
        return undefined;
    }
}
function send(res, status, body) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
    });
    res.end(text);
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

/***/ 9722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IV: () => (/* binding */ sendsInClear),
/* harmony export */   W7: () => (/* binding */ PLAIN_HTTP_ONLY_HERE),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
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
    // node:net on first use: importing it costs a start-up that may never check a host.
    if (process.getBuiltinModule('node:net').isIP(bare) === 4)
        return bare.startsWith('127.');
    return bare === '::1';
}
/** Where plain http is allowed, for messages that refuse it elsewhere. */
const PLAIN_HTTP_ONLY_HERE = 'http:// is only for localhost, 127.0.0.0/8 and ::1';
/**
 * Whether a request to `url` would cross the network in clear: plain http to a host that is not
 * this machine. Every client that sends a credential (an ID token, a stint token, a client
 * secret, a bearer token or JWT) refuses such a URL before sending anything.
 *
 * @example
 * sendsInClear(new URL('http://api.example.com/')) // true
 * sendsInClear(new URL('http://127.0.0.1:8080/')) // false
 */
function sendsInClear(url) {
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
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

/***/ 7486:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LV: () => (/* binding */ defaultIssuer),
/* harmony export */   Qy: () => (/* binding */ isProviderKind),
/* harmony export */   S2: () => (/* reexport safe */ _descriptor_js__WEBPACK_IMPORTED_MODULE_1__.S2),
/* harmony export */   ex: () => (/* reexport safe */ _descriptor_js__WEBPACK_IMPORTED_MODULE_1__.ex),
/* harmony export */   ik: () => (/* binding */ PROVIDER_KINDS),
/* harmony export */   mQ: () => (/* binding */ defaultAlgorithms),
/* harmony export */   oP: () => (/* binding */ ciDescriptor),
/* harmony export */   p3: () => (/* binding */ describeIssuer),
/* harmony export */   rT: () => (/* binding */ sharedIssuerKind),
/* harmony export */   wZ: () => (/* binding */ normaliseClaims)
/* harmony export */ });
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4627);
/* harmony import */ var _descriptor_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4461);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5183);




const byKind = new Map(_registry_js__WEBPACK_IMPORTED_MODULE_0__/* .CI_DESCRIPTORS */ .u.map((d) => [d.kind, d]));
/** Every CI stint knows, in the registry's order. */
const PROVIDER_KINDS = _registry_js__WEBPACK_IMPORTED_MODULE_0__/* .CI_DESCRIPTORS */ .u.map((d) => d.kind);
function isProviderKind(value) {
    return byKind.has(value);
}
/** The descriptor of `kind`: its issuers, claims, subject grammar and token source. */
function ciDescriptor(kind) {
    const descriptor = byKind.get(kind);
    if (descriptor === undefined)
        throw new TypeError(`no CI descriptor for '${kind}'`);
    return descriptor;
}
/**
 * One `CiIdentity` out of a CI's decoded claims; numbers become strings.
 *
 * @example normaliseClaims('github', claims).repository // 'acme/warehouse'
 */
function normaliseClaims(kind, claims) {
    return { provider: kind, ...ciDescriptor(kind).claims.normalise(claims) };
}
/** The JWS algorithms a CI signs its tokens with (asymmetric only), e.g. ['RS256']. */
function defaultAlgorithms(kind) {
    return [...ciDescriptor(kind).issuer.algorithms];
}
/**
 * The CI whose issuer `iss` is when every customer of that CI shares it (github.com, gitlab.com,
 * Buildkite), whatever kind a provider declares: shared-ness is the issuer's, not the config's.
 * Compared as URLs, so another case in the host, a trailing '/' or http: count too.
 *
 * @example sharedIssuerKind('https://token.actions.githubusercontent.com') // 'github'
 */
function sharedIssuerKind(iss) {
    const wanted = comparableIssuer(iss);
    if (wanted === undefined)
        return undefined;
    for (const descriptor of _registry_js__WEBPACK_IMPORTED_MODULE_0__/* .CI_DESCRIPTORS */ .u) {
        if (descriptor.issuer.shared.some((shared) => comparableIssuer(shared) === wanted))
            return descriptor.kind;
    }
    return undefined;
}
/** An issuer URL as compared for sharing: host (lower-cased, default port dropped) and path without a trailing '/'; any scheme. */
function comparableIssuer(iss) {
    try {
        const url = new URL(iss);
        return `${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    }
    catch {
        return undefined;
    }
}
/** The CI's one public issuer (GitHub, GitLab.com, Buildkite), or undefined when each customer has its own. */
function defaultIssuer(kind) {
    return ciDescriptor(kind).issuer.default;
}
/**
 * Says what `iss` is for this CI ("GitHub Enterprise Server at ghe.example.com"), or undefined
 * when it does not have any of the CI's issuer shapes.
 */
function describeIssuer(kind, iss) {
    return ciDescriptor(kind).issuer.describe(iss);
}


/***/ })

};
