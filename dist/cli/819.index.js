export const id = 819;
export const ids = [819];
export const modules = {

/***/ 4819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/mask/index.ts
var mask = __webpack_require__(5356);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/demo/action-root.ts




/**
 * The directory holding action.yml and the three bundles. The CLI runs from
 * `<root>/dist/cli/*.js` (and, in tests, this module from `<root>/src/demo/`): two levels up
 * either way, so the demo works from a clone without configuration.
 * Throws ERR_DEMO_NOT_BUILT naming what is missing and what to run.
 *
 * @example
 * const root = findActionRoot(); // → /home/me/stint
 */
function findActionRoot(moduleUrl = import.meta.url) {
    const file = (0,external_node_url_.fileURLToPath)(moduleUrl);
    const here = (0,external_node_path_.dirname)(file);
    // The single-file release asset (stint-cli-<version>.mjs) runs from wherever it was copied: it
    // carries the CLI, not the action, and two levels up is some unrelated dir.
    const fromBuild = (0,external_node_path_.basename)(here) === 'cli' && (0,external_node_path_.basename)((0,external_node_path_.dirname)(here)) === 'dist';
    const fromSource = (0,external_node_path_.basename)(here) === 'demo' && (0,external_node_path_.basename)((0,external_node_path_.dirname)(here)) === 'src';
    if (!fromBuild && !fromSource) {
        throw new errors/* StintError */.Fp('ERR_DEMO_NOT_BUILT', `the demo runs the GitHub Action, which the single-file CLI (${file}) does not carry: run it from the npm package (\`npm install ./stint-<version>.tgz\`, then \`npx stint demo\`) or from a clone of stint (\`npm ci && npm run build && npm run demo\`)`);
    }
    const root = (0,external_node_path_.resolve)(here, '..', '..');
    const needed = [
        'action.yml',
        (0,external_node_path_.join)('dist', 'main', 'index.js'),
        (0,external_node_path_.join)('dist', 'post', 'index.js'),
        (0,external_node_path_.join)('dist', 'cli', 'index.js'),
    ];
    const missing = needed.filter((file) => !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, file)));
    if (missing.length > 0) {
        throw new errors/* StintError */.Fp('ERR_DEMO_NOT_BUILT', `the demo runs the built action, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing under ${root}: run \`npm run build\` in a clone of stint first`);
    }
    return root;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/demo/local-runner.ts
/**
 * Runs the built action (dist/main/index.js, dist/post/index.js) on this machine the way the
 * GitHub runner does: INPUT_* from action.yml's defaults and the step's `with:`, a fresh
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE / GITHUB_PATH / GITHUB_STEP_SUMMARY file per step,
 * RUNNER_TEMP, what earlier steps exported, and main's state handed to post as STATE_*.
 * Used by `stint demo` and by the action's scenario tests.
 *
 * @example
 * const job = createLocalJob();
 * const main = await runActionStep(job, 'main', { actionRoot, inputs: { 'broker-url': url, project: 'warehouse' },
 *   env: { ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken } });
 * const post = await runActionStep(job, 'post', { actionRoot });
 * job.remove();
 */





/** A job: a temp dir holding RUNNER_TEMP, the workspace, HOME and the step files. */
function createLocalJob(parent = (0,external_node_os_.tmpdir)()) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, 'stint-job-'));
    const job = {
        dir,
        runnerTemp: (0,external_node_path_.join)(dir, 'runner-temp'),
        workspace: (0,external_node_path_.join)(dir, 'workspace'),
        home: (0,external_node_path_.join)(dir, 'home'),
        env: {},
        path: [],
        state: {},
        remove: () => (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true }),
    };
    for (const d of [job.runnerTemp, job.workspace, job.home])
        (0,external_node_fs_.mkdirSync)(d, { recursive: true });
    return job;
}
/** The runner's variables for a push to main of acme/warehouse (the demo issuer's default claims). */
function runnerDefaults(job) {
    return {
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        GITHUB_REPOSITORY: 'acme/warehouse',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_WORKFLOW: 'deploy',
        GITHUB_WORKFLOW_REF: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
        GITHUB_ACTOR: 'octocat',
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_WORKSPACE: job.workspace,
        RUNNER_TEMP: job.runnerTemp,
        HOME: job.home,
    };
}
/**
 * The environment a step of `job` starts with: PATH with earlier steps' GITHUB_PATH additions in
 * front, the runner's variables, then `stepFiles` (the step's own file commands), then what
 * earlier steps wrote to GITHUB_ENV. Nothing else from this process's environment.
 */
function stepEnv(job, stepFiles = {}) {
    return {
        PATH: [...job.path, process.env.PATH ?? ''].join(external_node_path_.delimiter),
        ...runnerDefaults(job),
        ...stepFiles,
        ...job.env,
    };
}
let stepCounter = 0;
/** Runs main or post of the built action in `job`, and carries env, PATH and state on like the runner. */
async function runActionStep(job, step, options) {
    const id = `${step}-${++stepCounter}`;
    const files = {
        GITHUB_OUTPUT: (0,external_node_path_.join)(job.dir, `${id}.output`),
        GITHUB_ENV: (0,external_node_path_.join)(job.dir, `${id}.env`),
        GITHUB_STATE: (0,external_node_path_.join)(job.dir, `${id}.state`),
        GITHUB_PATH: (0,external_node_path_.join)(job.dir, `${id}.path`),
        GITHUB_STEP_SUMMARY: (0,external_node_path_.join)(job.dir, `${id}.summary`),
    };
    for (const file of Object.values(files))
        (0,external_node_fs_.writeFileSync)(file, '');
    const inputs = { ...actionInputDefaults(options.actionRoot), ...options.inputs };
    const env = {
        ...stepEnv(job, files),
        // The runner upper-cases input names, spaces to '_', and keeps hyphens: INPUT_BROKER-URL.
        ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])),
        ...(step === 'post'
            ? Object.fromEntries(Object.entries(job.state).map(([name, value]) => [`STATE_${name}`, value]))
            : {}),
        ...options.env,
    };
    const script = (0,external_node_path_.join)(options.actionRoot, 'dist', step, 'index.js');
    const started = performance.now();
    const child = (0,external_node_child_process_.spawn)(process.execPath, [...(options.nodeArgs ?? []), script], {
        cwd: job.workspace,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        signal: options.signal,
        killSignal: 'SIGKILL',
    });
    // An abort kills the child and reports it as an 'error' before 'close'; the exit code tells the rest.
    child.on('error', () => undefined);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((done) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
        child.once('close', (exitCode) => {
            clearTimeout(timer);
            done(exitCode);
        });
    });
    const commands = parseWorkflowCommands(stdout);
    const result = {
        code,
        stdout,
        stderr,
        commands,
        masks: commands.filter((c) => c.name === 'add-mask').map((c) => c.data),
        errors: commands.filter((c) => c.name === 'error').map((c) => c.data),
        warnings: commands.filter((c) => c.name === 'warning').map((c) => c.data),
        outputs: parseFileCommands((0,external_node_fs_.readFileSync)(files.GITHUB_OUTPUT, 'utf8')),
        exported: parseFileCommands((0,external_node_fs_.readFileSync)(files.GITHUB_ENV, 'utf8')),
        saved: parseFileCommands((0,external_node_fs_.readFileSync)(files.GITHUB_STATE, 'utf8')),
        addedPaths: (0,external_node_fs_.readFileSync)(files.GITHUB_PATH, 'utf8').split(/\r?\n/).filter(Boolean),
        summary: (0,external_node_fs_.readFileSync)(files.GITHUB_STEP_SUMMARY, 'utf8'),
        elapsedMs: performance.now() - started,
    };
    Object.assign(job.env, result.exported);
    job.path.unshift(...[...result.addedPaths].reverse());
    if (step === 'main')
        Object.assign(job.state, result.saved);
    return result;
}
/** action.yml's inputs with their defaults ('' when none), as the runner passes them. */
function actionInputDefaults(actionRoot) {
    const action = (0,dist/* parse */.qg)((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(actionRoot, 'action.yml'), 'utf8'));
    return Object.fromEntries(Object.entries(action.inputs ?? {}).map(([name, spec]) => [
        name,
        spec.default === undefined ? '' : String(spec.default),
    ]));
}
/** `::name k=v,k=v::data` lines of a step's stdout, unescaped as the runner does. */
function parseWorkflowCommands(stdout) {
    const commands = [];
    for (const line of stdout.split(/\r?\n/)) {
        const match = /^::([\w-]+)(?: ([^:]*))?::(.*)$/.exec(line);
        if (!match)
            continue;
        const properties = {};
        for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
            const at = pair.indexOf('=');
            properties[pair.slice(0, at)] = unescapeData(pair
                .slice(at + 1)
                .replace(/%3A/g, ':')
                .replace(/%2C/g, ','));
        }
        commands.push({ name: match[1], properties, data: unescapeData(match[3]) });
    }
    return commands;
}
function unescapeData(value) {
    return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
/** The runner's reading of GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE: `k<<DELIM` blocks or `k=v` lines; the last value wins. */
function parseFileCommands(text) {
    const values = {};
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line === '')
            continue;
        const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
        if (heredoc) {
            const [, name, marker] = heredoc;
            const body = [];
            for (i++; i < lines.length && lines[i] !== marker; i++)
                body.push(lines[i]);
            if (i >= lines.length)
                throw new Error(`unterminated ${name}<<${marker} block`);
            values[name] = body.join('\n');
            continue;
        }
        const at = line.indexOf('=');
        if (at <= 0)
            throw new Error(`not a file command line: ${line}`);
        values[line.slice(0, at)] = line.slice(at + 1);
    }
    return values;
}

;// CONCATENATED MODULE: ./src/demo/later-step.ts


/** Children the demo has running, so an interrupt can stop them. */
const runningChildren = new Set();
/**
 * Runs a command as a later `run:` step of `job` would run: the runner's variables, what earlier
 * steps wrote to GITHUB_ENV, and GITHUB_PATH additions in front of PATH (so `stint` is the shim
 * the action installed). Nothing else from the demo's own environment leaks in.
 */
function runLaterStep(job, command, args, env = {}, timeoutMs = 20_000) {
    const child = (0,external_node_child_process_.spawn)(command, args, {
        cwd: job.workspace,
        env: { ...stepEnv(job), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    runningChildren.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const done = (code, extra = '') => {
            clearTimeout(timer);
            runningChildren.delete(child);
            resolve({ code, stdout, stderr: stderr + extra });
        };
        child.once('error', (error) => done(null, `cannot run ${command}: ${error.message}`));
        child.once('close', (code) => done(code));
    });
}

// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/tokens/api-keys.ts
var api_keys = __webpack_require__(5647);
// EXTERNAL MODULE: ./src/demo/ci-issuer.ts
var ci_issuer = __webpack_require__(8575);
;// CONCATENATED MODULE: ./src/demo/github-issuer.ts

async function startGithubIssuer(options = {}) {
    const issuer = await (0,ci_issuer/* startCiIssuer */.W)('github', options);
    if (issuer.requestUrl === undefined || issuer.requestToken === undefined)
        throw new Error('the GitHub issuer has no runner protocol');
    return issuer;
}

// EXTERNAL MODULE: ./src/verify/index.ts + 8 modules
var verify = __webpack_require__(3785);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./src/demo/local-server.ts


const MAX_BODY_BYTES = 1024 * 1024;
/**
 * An HTTP (or, with `tls`, HTTPS) server on 127.0.0.1 and a free port that reads each request's
 * body whole and answers what `handler` returns. A handler error becomes a 500 with its message
 * (the demo's handlers never put a secret in one). `close()` drops open connections too.
 */
async function startLocalServer(handler, tls) {
    const listener = (req, res) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size <= MAX_BODY_BYTES)
                chunks.push(chunk);
        });
        req.on('end', () => {
            const url = new URL(req.url ?? '/', base);
            Promise.resolve()
                .then(() => size > MAX_BODY_BYTES ? { status: 413, body: 'too large' } : handler(req, Buffer.concat(chunks), url))
                .catch((error) => ({ status: 500, body: `error: ${error.message}` }))
                .then((answer) => {
                const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
                const type = typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
                res.writeHead(answer.status, {
                    'content-type': type,
                    'content-length': Buffer.byteLength(text),
                    ...answer.headers,
                });
                res.end(text);
            });
        });
    };
    const server = tls ? (0,external_node_https_.createServer)(tls, listener) : (0,external_node_http_.createServer)(listener);
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
    });
    const base = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
    return {
        url: base,
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
/** The credentials of `Authorization: Bearer …`. */
function bearerToken(req) {
    return /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

;// CONCATENATED MODULE: ./src/demo/local-api.ts




/**
 * The warehouse API a later step calls with `$STINT_TOKEN`: `GET /deployments` needs a stint
 * token with scope `read`, checked offline with `verifyStintToken` against the broker's JWKS,
 * and then asked of the broker's `/oauth2/introspect` (with the API key) so a revoked token is
 * refused at once. Answers 200 with who the caller is, or 401 with the reason.
 */
async function startLocalApi(options) {
    return startLocalServer(async (req, _body, url) => {
        if (url.pathname !== '/deployments')
            return { status: 404, body: { error: 'not_found' } };
        const token = bearerToken(req);
        if (token === undefined)
            return { status: 401, body: { error: 'ERR_TOKEN_MISSING', reason: 'no bearer token' } };
        try {
            const claims = await (0,verify/* verifyStintToken */.Ng)(token, {
                issuer: options.brokerUrl,
                audience: options.audience,
                requiredScopes: ['read'],
            });
            if (!(await introspect(options, token)))
                return {
                    status: 401,
                    body: {
                        error: 'ERR_TOKEN_INACTIVE',
                        reason: 'the broker says the token is not active (revoked, or expired at the broker)',
                    },
                };
            return {
                status: 200,
                body: {
                    project: claims.project,
                    sub: claims.sub,
                    scope: claims.scope,
                    checked: 'signature via JWKS, issuer, audience, expiry, scope; introspection: active',
                },
            };
        }
        catch (error) {
            if (error instanceof errors/* StintError */.Fp)
                return { status: 401, body: { error: error.code, reason: error.message } };
            throw error;
        }
    });
}
async function introspect(options, token) {
    const response = await (0,http/* httpRequest */.aj)({
        url: `${options.brokerUrl}/oauth2/introspect`,
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
    });
    if (response.status !== 200)
        throw new Error(`the broker answered ${response.status} to introspection`);
    return JSON.parse(response.text()).active === true;
}

// EXTERNAL MODULE: ./src/demo/local-broker.ts
var local_broker = __webpack_require__(5280);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/signing/mtls-asn1.ts
var mtls_asn1 = __webpack_require__(5601);
;// CONCATENATED MODULE: ./src/demo/server-certificate.ts


/**
 * A self-signed TLS server certificate for 127.0.0.1, valid for an hour: what the demo's HTTPS
 * server presents. The key is made by node:crypto; forge only builds and signs the certificate.
 * The client trusts exactly this certificate (it is its own CA), so nothing else is trusted.
 */
async function selfSignedServerCertificate(now = Date.now()) {
    const forge = await (0,mtls_asn1/* loadForge */.yI)();
    const { privateKey } = (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: 2048 });
    const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' });
    const key = forge.pki.privateKeyFromPem(keyPem);
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    cert.serialNumber = `01${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`;
    cert.validity.notBefore = new Date(now - 60_000);
    cert.validity.notAfter = new Date(now + 3_600_000);
    const name = [{ name: 'commonName', value: 'stint demo server 127.0.0.1' }];
    cert.setSubject(name);
    cert.setIssuer(name);
    cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ]);
    cert.sign(key, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

;// CONCATENATED MODULE: ./src/demo/mtls-server.ts




/**
 * An HTTPS server on loopback that completes the TLS handshake only for a client certificate
 * issued by `clientCaPem` (the broker's `/mtls/ca.pem`): `requestCert` and
 * `rejectUnauthorized`, so a missing, self-made or foreign certificate never reaches the handler.
 * The handler then authorises with `verifyClientCertificate` on the project in the certificate's
 * SAN (`project`), and answers with what it verified.
 */
async function startMtlsServer(clientCaPem, project) {
    const { certPem, keyPem } = await selfSignedServerCertificate();
    const server = await startLocalServer((req) => {
        try {
            const verified = (0,verify/* verifyClientCertificate */.QQ)(req.socket, { projects: [project] });
            return {
                status: 200,
                body: `verifyClientCertificate: project ${verified.project}, CN=${verified.subject}, until ${verified.validTo.toISOString()}`,
            };
        }
        catch (error) {
            if ((0,errors/* isStintError */.Hu)(error))
                return { status: 403, body: `refused: ${error.code}: ${error.message}` };
            throw error;
        }
    }, { key: keyPem, cert: certPem, ca: clientCaPem, requestCert: true, rejectUnauthorized: true });
    return { ...server, serverCaPem: certPem };
}

// EXTERNAL MODULE: ./src/verify/headers.ts
var headers = __webpack_require__(7831);
;// CONCATENATED MODULE: ./src/demo/oauth-server.ts



/**
 * A small OAuth 2.0 token endpoint on loopback (RFC 6749 §4.4 client credentials with
 * client_secret_basic): the third-party authorization server an `oauth2` profile talks to.
 */
async function startOAuthServer() {
    const clientId = 'demo-ci';
    const clientSecret = (0,external_node_crypto_.randomBytes)(24).toString('base64url');
    const tokens = new Map();
    const expected = Buffer.from(`Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`);
    const server = await startLocalServer((req, body, url) => {
        if (req.method !== 'POST' || url.pathname !== '/oauth/token')
            return { status: 404, body: { error: 'not_found' } };
        const presented = Buffer.from(req.headers.authorization ?? '');
        if (!(0,headers/* bytesEqual */.O)(presented, expected)) {
            return { status: 401, body: { error: 'invalid_client' }, headers: { 'www-authenticate': 'Basic realm="demo"' } };
        }
        const form = new URLSearchParams(body.toString('utf8'));
        if (form.get('grant_type') !== 'client_credentials')
            return { status: 400, body: { error: 'unsupported_grant_type' } };
        const token = `demo_at_${(0,external_node_crypto_.randomBytes)(24).toString('base64url')}`;
        const scope = form.get('scope') ?? '';
        tokens.set(token, { clientId, scope });
        return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 300, scope } };
    });
    return {
        ...server,
        tokenUrl: `${server.url}/oauth/token`,
        clientId,
        clientSecret,
        issued: (token) => tokens.get(token),
        get tokens() {
            return [...tokens.keys()];
        },
    };
}

;// CONCATENATED MODULE: ./src/demo/signing-receiver.ts


/**
 * The receiving side of the signing profiles: `ANY /hooks/<profile>` runs that profile's
 * verifier on the request exactly as received (raw body, headers, the URL the sender used) and
 * answers 200 with what it verified, or 401 with the error code and reason. `onReceived` sees
 * each request first (tests check them with independent libraries too).
 */
async function startSigningReceiver(profiles, onReceived) {
    const byName = new Map(profiles.filter((p) => p.verify).map((p) => [p.name, p.verify]));
    let base = '';
    const server = await startLocalServer(async (req, body, url) => {
        const verify = byName.get(url.pathname.replace(/^\/hooks\//, ''));
        if (!url.pathname.startsWith('/hooks/') || verify === undefined)
            return { status: 404, body: 'no such hook' };
        const sentTo = `${base}${req.url ?? ''}`;
        onReceived?.(url.pathname.slice('/hooks/'.length), {
            method: req.method ?? '',
            url: sentTo,
            headers: req.headers,
            body,
        });
        try {
            return { status: 200, body: `verified: ${await verify({ req, body, url: sentTo })}` };
        }
        catch (error) {
            return {
                status: 401,
                body: `refused: ${(0,errors/* isStintError */.Hu)(error) ? `${error.code}: ` : ''}${error.message}`,
            };
        }
    });
    base = server.url;
    return server;
}

;// CONCATENATED MODULE: ./src/demo/signing-set.ts




const secret = () => (0,external_node_crypto_.randomBytes)(24).toString('base64url');
const pem = (key, type) => key.export({ type, format: 'pem' });
/**
 * One profile per signing type and format, with fresh secrets and keys, and the verifier from
 * `src/verify/` that the receiving side would run for each.
 */
function makeSigningSet(options) {
    const hmac = { github: secret(), stripe: `whsec_${secret()}`, slack: secret(), generic: secret() };
    const standardWebhooks = `whsec_${(0,external_node_crypto_.randomBytes)(24).toString('base64')}`;
    const httpSigHmac = secret();
    const ed25519 = (0,external_node_crypto_.generateKeyPairSync)('ed25519');
    const jwtKey = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
    const ed25519Pem = pem(ed25519.privateKey, 'pkcs8');
    const jwtKeyPem = pem(jwtKey.privateKey, 'pkcs8');
    const bearer = `demo_static_${secret()}`;
    const seenJti = new Set();
    const hmacVerifier = (format, secretValue, extra = {}) => ({ req, body }) => {
        const result = (0,verify/* verifyHmacWebhook */.KI)({ format, secrets: [secretValue], headers: req.headers, body, ...extra });
        return `verifyHmacWebhook (${format})${result.timestamp === undefined ? '' : ', timestamp fresh'}`;
    };
    const map = {
        'github-webhook': { type: 'hmac', format: 'github', secret: hmac.github },
        'standard-webhook': { type: 'hmac', format: 'standard-webhooks', secret: standardWebhooks },
        'stripe-webhook': { type: 'hmac', format: 'stripe', secret: hmac.stripe },
        'slack-webhook': { type: 'hmac', format: 'slack', secret: hmac.slack },
        'generic-webhook': {
            type: 'hmac',
            format: 'generic',
            secret: hmac.generic,
            header: 'X-Demo-Signature',
            algorithm: 'sha512',
            encoding: 'base64',
            prefix: 'sha512=',
            timestamp_header: 'X-Demo-Timestamp',
        },
        'httpsig-ed25519': { type: 'http-signature', alg: 'ed25519', keyid: 'demo-ed25519', key: ed25519Pem },
        'httpsig-hmac': { type: 'http-signature', alg: 'hmac-sha256', keyid: 'demo-hmac', key: httpSigHmac },
        'service-jwt': {
            type: 'jwt',
            alg: 'ES256',
            claims: { iss: 'acme-ci', aud: 'deploy-api' },
            ttl: '60s',
            key: jwtKeyPem,
        },
        'static-bearer': { type: 'bearer', token: bearer },
        'partner-oauth2': {
            type: 'oauth2',
            token_url: options.oauth.tokenUrl,
            client_id: options.oauth.clientId,
            client_secret: options.oauth.clientSecret,
            scope: ['deploy'],
        },
        'internal-mtls': { type: 'mtls', source: 'ephemeral', server_ca: options.serverCaPem },
    };
    const httpSignatureKeys = {
        'demo-ed25519': { alg: 'ed25519', key: pem(ed25519.publicKey, 'spki') },
        'demo-hmac': { alg: 'hmac-sha256', key: httpSigHmac },
    };
    const verifyHttpSig = async ({ req, body, url }) => {
        const result = await (0,verify/* verifyHttpSignature */.oY)({
            method: req.method ?? 'GET',
            url,
            headers: req.headers,
            body,
            keys: httpSignatureKeys,
        });
        return `verifyHttpSignature (${result.alg}, keyid ${result.keyid ?? '-'}, ${result.components.join(' ')})`;
    };
    const profiles = [
        { name: 'github-webhook', describe: 'hmac, format github', verify: hmacVerifier('github', hmac.github) },
        {
            name: 'standard-webhook',
            describe: 'hmac, format standard-webhooks',
            verify: hmacVerifier('standard-webhooks', standardWebhooks),
        },
        { name: 'stripe-webhook', describe: 'hmac, format stripe', verify: hmacVerifier('stripe', hmac.stripe) },
        { name: 'slack-webhook', describe: 'hmac, format slack', verify: hmacVerifier('slack', hmac.slack) },
        {
            name: 'generic-webhook',
            describe: 'hmac, format generic (sha512, base64, timestamp)',
            verify: hmacVerifier('generic', hmac.generic, {
                header: 'X-Demo-Signature',
                algorithm: 'sha512',
                encoding: 'base64',
                prefix: 'sha512=',
                timestampHeader: 'X-Demo-Timestamp',
            }),
        },
        { name: 'httpsig-ed25519', describe: 'http-signature, alg ed25519', verify: verifyHttpSig },
        { name: 'httpsig-hmac', describe: 'http-signature, alg hmac-sha256', verify: verifyHttpSig },
        {
            name: 'service-jwt',
            describe: 'jwt, alg ES256',
            verify: async ({ req }) => {
                const claims = await (0,verify/* verifyJwt */.J0)(bearerToken(req) ?? '', {
                    algorithms: ['ES256'],
                    keys: [pem(jwtKey.publicKey, 'spki')],
                    issuer: 'acme-ci',
                    audience: 'deploy-api',
                    seen: (jti) => {
                        if (seenJti.has(jti))
                            return true;
                        seenJti.add(jti);
                        return false;
                    },
                });
                return `verifyJwt (ES256, iss ${String(claims.iss)}, aud ${String(claims.aud)}, fresh jti)`;
            },
        },
        {
            name: 'static-bearer',
            describe: 'bearer, static token',
            verify: ({ req }) => {
                if (!(0,headers/* bytesEqual */.O)(Buffer.from(bearerToken(req) ?? ''), Buffer.from(bearer)))
                    throw new Error('wrong bearer token');
                return 'bearer token matches (constant-time)';
            },
        },
        {
            name: 'partner-oauth2',
            describe: 'oauth2, client credentials (client_secret_basic)',
            verify: ({ req }) => {
                const grant = options.oauth.issued(bearerToken(req) ?? '');
                if (grant === undefined)
                    throw new Error('not a token of the local OAuth server');
                return `access token issued by the local OAuth server to ${grant.clientId} (scope ${grant.scope})`;
            },
        },
        { name: 'internal-mtls', describe: 'mtls, source ephemeral (certificate from the broker CA)' },
    ];
    return {
        input: JSON.stringify(map, null, 2),
        profiles,
        secrets: [
            ...Object.values(hmac),
            standardWebhooks,
            httpSigHmac,
            ed25519Pem,
            jwtKeyPem,
            bearer,
            options.oauth.clientSecret,
        ],
    };
}

;// CONCATENATED MODULE: ./src/demo/steps.ts
/**
 * The steps of `stint demo`: the main job of a GitHub workflow that uses the stint action, from
 * the issuer and broker it needs to the post step and the audit check. runDemo runs them in order.
 */













/** The project of the --dev policy that a push to main of acme/warehouse may get a token for. */
const PROJECT = 'warehouse';
/**
 * The action's retry budget here (STINT_RETRY_BUDGET, seconds; 60 by default): everything is on
 * loopback, so a broker that does not answer within it is broken, and the demo stays well under
 * two minutes even when a step fails. Each action step is killed after ACTION_STEP_TIMEOUT_MS.
 */
const ACTION_ENV = { STINT_RETRY_BUDGET: '10' };
const ACTION_STEP_TIMEOUT_MS = 30_000;
function need(value, what) {
    if (value === undefined)
        throw new Error(`${what} (an earlier step failed)`);
    return value;
}
/** The main job of a workflow, step by step. */
const steps = [
    {
        name: 'GitHub-shaped OIDC issuer',
        async run(ctx) {
            ctx.issuer = await startGithubIssuer();
            ctx.secrets.add(ctx.issuer.requestToken);
            return `${ctx.issuer.url}: GitHub's discovery, JWKS (RS256), claim set and runner token protocol; the job is a push to main of acme/warehouse`;
        },
    },
    {
        name: 'broker (stint serve --dev)',
        async run(ctx) {
            const issuer = need(ctx.issuer, 'no issuer');
            ctx.broker = await (0,local_broker/* startLocalBroker */.z)(ctx.dir, issuer.url);
            return `${ctx.broker.url}: memory store, keys and audit log in a temp .stint/, the --dev policy; provider github trusts ${issuer.url}`;
        },
    },
    {
        name: 'local services',
        async run(ctx) {
            const broker = need(ctx.broker, 'no broker');
            const { key } = await (0,api_keys/* createApiKey */.Iq)(broker.broker.context.store, { project: PROJECT, name: 'demo warehouse API' });
            ctx.secrets.add(key);
            const project = broker.broker.context.config.projects[PROJECT];
            if (project === undefined)
                throw new Error(`the embedded default policy has no project ${PROJECT}`);
            ctx.api = await startLocalApi({ brokerUrl: broker.url, audience: project.audience, apiKey: key });
            ctx.oauth = await startOAuthServer();
            ctx.secrets.add(ctx.oauth.clientSecret);
            const caResponse = await (0,http/* httpRequest */.aj)({ url: `${broker.url}/mtls/ca.pem` });
            if (caResponse.status !== 200)
                throw new Error(`the broker answered ${caResponse.status} for /mtls/ca.pem`);
            ctx.mtls = await startMtlsServer(caResponse.text(), PROJECT);
            ctx.signing = makeSigningSet({ oauth: ctx.oauth, serverCaPem: ctx.mtls.serverCaPem });
            for (const secret of ctx.signing.secrets)
                ctx.secrets.add(secret);
            ctx.observe.signingInput?.(ctx.signing.input);
            ctx.receiver = await startSigningReceiver(ctx.signing.profiles, ctx.observe.received);
            return `warehouse API ${ctx.api.url}, webhook receiver ${ctx.receiver.url}, OAuth token endpoint ${ctx.oauth.tokenUrl}, HTTPS server ${ctx.mtls.url} requiring a client certificate from the broker CA`;
        },
    },
    {
        name: 'action main (dist/main, as the runner runs it)',
        async run(ctx) {
            const issuer = need(ctx.issuer, 'no issuer');
            const broker = need(ctx.broker, 'no broker');
            const signing = need(ctx.signing, 'no signing profiles');
            ctx.job = createLocalJob(ctx.dir);
            const main = await runActionStep(ctx.job, 'main', {
                actionRoot: ctx.root,
                signal: ctx.abort.signal,
                inputs: { 'broker-url': broker.url, project: PROJECT, signing: signing.input },
                env: {
                    ...ACTION_ENV,
                    ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
                    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
                },
                timeoutMs: ACTION_STEP_TIMEOUT_MS,
            });
            ctx.main = main;
            for (const mask of main.masks)
                ctx.secrets.add(mask);
            if (main.outputs.token)
                ctx.secrets.add(main.outputs.token);
            for (const line of logLines(main))
                ctx.detail(`| ${line}`);
            if (main.code !== 0)
                throw new Error(`exit ${main.code}: ${main.errors.join('; ') || lastLine(main.stderr)}`);
            if (!main.outputs.token || !main.exported.STINT_TOKEN || !main.exported.STINT_CONFIG)
                throw new Error('no token output or STINT_TOKEN/STINT_CONFIG export');
            const o = main.outputs;
            return `exit 0; ${main.masks.length} values masked first; outputs token (masked), scope ${o.scope}, expires-at ${o['expires-at']}, audit-id ${o['audit-id']}; STINT_TOKEN, STINT_CONFIG exported; stint on PATH`;
        },
    },
    {
        name: 'later step: $STINT_TOKEN → warehouse API',
        async run(ctx) {
            const job = need(ctx.job, 'no job');
            const api = need(ctx.api, 'no API');
            const result = await runLaterStep(job, process.execPath, ['--input-type=module', '-e', CALL_API], {
                API_URL: `${api.url}/deployments`,
            });
            if (result.code !== 0)
                throw new Error(`the API refused the token: ${result.stdout.trim() || lastLine(result.stderr)}`);
            const body = JSON.parse(result.stdout);
            return `200 for ${body.sub} (scope ${body.scope}); verifyStintToken checked the ${body.checked}`;
        },
    },
    {
        name: 'signing profiles, each checked by its verifier',
        async run(ctx) {
            const job = need(ctx.job, 'no job');
            const signing = need(ctx.signing, 'no signing profiles');
            const receiver = need(ctx.receiver, 'no receiver');
            const mtls = need(ctx.mtls, 'no HTTPS server');
            const body = '{"event":"deploy","ref":"refs/heads/main"}';
            let passed = 0;
            for (const profile of signing.profiles) {
                const url = profile.verify ? `${receiver.url}/hooks/${profile.name}` : `${mtls.url}/`;
                const args = profile.verify
                    ? ['request', profile.name, 'POST', url, '--body', body, '--header', 'Content-Type: application/json']
                    : ['request', profile.name, 'GET', url];
                const result = await runLaterStep(job, 'stint', args);
                const answer = result.stdout.trim() || lastLine(result.stderr);
                if (result.code === 0)
                    passed++;
                ctx.detail(`${result.code === 0 ? '✓' : '✗'} ${profile.name} (${profile.describe}): stint request → ${answer}`);
            }
            // `stint sign` prints the headers; the step sends the request itself, as with curl.
            const signed = await runLaterStep(job, 'stint', ['sign', 'github-webhook', '--body', body, '--format', 'json']);
            let signOk = false;
            if (signed.code === 0) {
                const { headers } = JSON.parse(signed.stdout);
                const response = await (0,http/* httpRequest */.aj)({
                    url: `${receiver.url}/hooks/github-webhook`,
                    method: 'POST',
                    headers: { ...headers, 'content-type': 'application/json' },
                    body,
                });
                signOk = response.status >= 200 && response.status <= 299;
                ctx.detail(`${signOk ? '✓' : '✗'} github-webhook: stint sign (${Object.keys(headers).join(', ')}) then send → ${response.text().trim()}`);
            }
            else {
                ctx.detail(`✗ github-webhook: stint sign failed: ${lastLine(signed.stderr)}`);
            }
            const total = signing.profiles.length;
            if (passed < total || !signOk)
                throw new Error(`${passed}/${total} profiles verified${signOk ? '' : ', stint sign failed'}`);
            return `${passed}/${total} profiles (hmac github, standard-webhooks, stripe, slack, generic; http-signature ed25519, hmac-sha256; jwt; bearer; oauth2; mtls) and stint sign`;
        },
    },
    {
        name: "mTLS with the action's cert-path/key-path",
        async run(ctx) {
            const main = need(ctx.main, 'no action outputs');
            const mtls = need(ctx.mtls, 'no HTTPS server');
            const certPath = need(main.outputs['cert-path'], 'no cert-path output');
            const keyPath = need(main.outputs['key-path'], 'no key-path output');
            const [cert, key] = await Promise.all([(0,promises_.readFile)(certPath, 'utf8'), (0,promises_.readFile)(keyPath, 'utf8')]);
            const withCert = await httpsGet(`${mtls.url}/`, { cert, key, ca: mtls.serverCaPem });
            if (withCert.status !== 200)
                throw new Error(`with the certificate: ${withCert.status} ${withCert.body}`);
            const without = await httpsGet(`${mtls.url}/`, { ca: mtls.serverCaPem });
            if (without.status !== 0)
                throw new Error(`without a client certificate the server answered ${without.status}; it must refuse the handshake`);
            return `${withCert.body}; without a client certificate the handshake is refused (${without.body})`;
        },
    },
    {
        name: 'MCP server and client (RFC 9728, RFC 8707)',
        async run(ctx) {
            const { runMcpStep } = await Promise.all(/* import() */[__webpack_require__.e(28), __webpack_require__.e(15)]).then(__webpack_require__.bind(__webpack_require__, 15));
            return runMcpStep({
                issuer: need(ctx.issuer, 'no issuer'),
                broker: need(ctx.broker, 'no broker'),
                secrets: ctx.secrets,
                detail: ctx.detail,
                started: (server) => {
                    ctx.mcp = server;
                },
            });
        },
    },
    {
        name: 'denied exchange',
        async run(ctx) {
            const issuer = need(ctx.issuer, 'no issuer');
            const broker = need(ctx.broker, 'no broker');
            const job = createLocalJob(ctx.dir);
            issuer.setRunnerClaims({ sub: 'repo:acme/warehouse:ref:refs/heads/feature-x', ref: 'refs/heads/feature-x' });
            try {
                const denied = await runActionStep(job, 'main', {
                    actionRoot: ctx.root,
                    signal: ctx.abort.signal,
                    inputs: { 'broker-url': broker.url, project: PROJECT },
                    env: {
                        ...ACTION_ENV,
                        ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
                        ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
                        GITHUB_REF: 'refs/heads/feature-x',
                    },
                    timeoutMs: ACTION_STEP_TIMEOUT_MS,
                });
                for (const mask of denied.masks)
                    ctx.secrets.add(mask);
                if (denied.code === 0 || denied.outputs.token)
                    throw new Error('the broker gave feature-x a token; the policy should have refused it');
                const error = denied.errors[0] ?? lastLine(denied.stderr);
                if (!error.includes('ERR_EXCHANGE_DENIED'))
                    throw new Error(`the action failed, but not with a denial: ${error}`);
                return `a push to feature-x: the action fails with ::error ${error}`;
            }
            finally {
                issuer.setRunnerClaims({});
                job.remove();
            }
        },
    },
    {
        name: 'action post (dist/post): revoke and clean up',
        async run(ctx) {
            const job = need(ctx.job, 'no job');
            const api = need(ctx.api, 'no API');
            const main = need(ctx.main, 'no main step');
            const post = await runActionStep(job, 'post', {
                actionRoot: ctx.root,
                env: ACTION_ENV,
                timeoutMs: ACTION_STEP_TIMEOUT_MS,
                signal: ctx.abort.signal,
            });
            ctx.post = post;
            for (const line of logLines(post))
                ctx.detail(`| ${line}`);
            if (post.code !== 0 || post.warnings.length > 0)
                throw new Error(`exit ${post.code}${post.warnings.length ? `; warnings: ${post.warnings.join('; ')}` : ''}`);
            // A later step (there is none after post in a real job) would now be refused: the token is revoked.
            const after = await runLaterStep(job, process.execPath, ['--input-type=module', '-e', CALL_API], {
                API_URL: `${api.url}/deployments`,
            });
            const refusal = after.stdout.trim();
            if (after.code === 0 || !refusal.includes('ERR_TOKEN_INACTIVE'))
                throw new Error(`after revocation the API answered: ${refusal || lastLine(after.stderr)}`);
            // …and the broker will not certify a key for it any more.
            const certificate = await (0,http/* httpRequest */.aj)({
                url: `${need(ctx.broker, 'no broker').url}/mtls/certificates`,
                method: 'POST',
                headers: {
                    authorization: `Bearer ${need(main.outputs.token, 'no token output')}`,
                    'content-type': 'application/json',
                },
                body: '{}',
            });
            if (certificate.status !== 401)
                throw new Error(`after revocation the broker answered ${certificate.status} to a certificate request with the token; it must refuse it (401)`);
            const written = ['config-path', 'cert-path', 'key-path', 'ca-path']
                .map((name) => main.outputs[name])
                .filter((path) => Boolean(path));
            const left = [...(await (0,promises_.readdir)(job.runnerTemp))];
            if (left.length > 0)
                throw new Error(`RUNNER_TEMP still holds ${left.join(', ')}`);
            return `token revoked (the warehouse API now answers 401 ${JSON.parse(refusal).error}, the broker refuses it a certificate: 401); ${written.length} output files and the rest of the action's directory removed, RUNNER_TEMP empty`;
        },
    },
    {
        name: 'stint audit verify',
        async run(ctx) {
            const broker = need(ctx.broker, 'no broker');
            const job = need(ctx.job, 'no job');
            const result = await runLaterStep(job, process.execPath, [
                (0,external_node_path_.join)(ctx.root, 'dist', 'cli', 'index.js'),
                'audit',
                'verify',
                broker.auditFile,
            ]);
            if (result.code !== 0)
                throw new Error(lastLine(result.stderr) || `exit ${result.code}`);
            const events = (await (0,promises_.readFile)(broker.auditFile, 'utf8'))
                .trim()
                .split('\n')
                .map((line) => JSON.parse(line).event);
            const counts = [...new Set(events)]
                .map((event) => `${event} ×${events.filter((e) => e === event).length}`)
                .join(', ');
            return `${result.stdout.trim().replace(broker.auditFile, '.stint/audit.jsonl')} (${counts})`;
        },
    },
];
/** A later step's script: call the API with $STINT_TOKEN, print the answer, fail on an error. */
const CALL_API = `const r = await fetch(process.env.API_URL, { headers: { authorization: 'Bearer ' + process.env.STINT_TOKEN } });
console.log(await r.text()); process.exit(r.ok ? 0 : 1);`;
/** The step's log as the runner shows it: its plain lines, without the workflow commands. */
function logLines(result) {
    return result.stdout.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('::'));
}
function lastLine(text) {
    return text.trim().split('\n').at(-1) ?? '';
}
/** GET over TLS; status 0 and the reason when the handshake or connection fails. */
async function httpsGet(url, tls) {
    try {
        const response = await (0,http/* httpRequest */.aj)({ url, tls, timeoutMs: 10_000 });
        return { status: response.status, body: response.text() };
    }
    catch (error) {
        if (error instanceof http/* HttpError */.j$)
            return { status: 0, body: error.reason };
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/demo/run-demo.ts









/** Stops everything the steps started; never throws. */
async function shutDown(ctx) {
    ctx.abort.abort();
    for (const child of runningChildren)
        child.kill('SIGKILL');
    const servers = [ctx.mcp, ctx.receiver, ctx.api, ctx.mtls, ctx.oauth, ctx.broker, ctx.issuer];
    await Promise.allSettled(servers.map((server) => (server ? ('stop' in server ? server.stop() : server.close()) : undefined)));
    (0,external_node_fs_.rmSync)(ctx.dir, { recursive: true, force: true });
}
/**
 * `stint demo`: the main job of a GitHub workflow on this machine, on loopback, with nothing to
 * configure (README.md#try-it). Prints a ✓/✗ line per step as it goes, the job summary and one
 * result line; nothing printed holds a secret (every line is redacted with every value the demo
 * made or the action masked). Resolves true when every step worked. Servers, child processes
 * and the temp dir are gone when it returns, and on SIGINT/SIGTERM.
 */
async function runDemo(io, options = {}) {
    const started = performance.now();
    const root = options.root ?? findActionRoot();
    // Details are printed under their step's ✓/✗ line, once the step is over.
    let details = [];
    const ctx = {
        dir: await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tmpRoot ?? (0,external_node_os_.tmpdir)(), 'stint-demo-')),
        root,
        secrets: options.secrets ?? new Set(),
        detail: (line) => details.push(`    ${line}`),
        observe: options.observe ?? {},
        abort: new AbortController(),
    };
    const print = (line) => io.print((0,mask/* redact */.E$)(line, ctx.secrets));
    const interrupt = (signal) => {
        print(`stint demo: ${signal}: stopping`);
        void shutDown(ctx).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    print('stint demo: the main job of a GitHub workflow that uses the stint action, on this machine (loopback only)');
    let passed = 0;
    let failed;
    try {
        for (const step of steps) {
            try {
                print(`✓ ${step.name}: ${await step.run(ctx)}`);
                passed++;
            }
            catch (error) {
                print(`✗ ${step.name}: ${error.message}`);
                failed ??= step.name;
            }
            for (const line of details)
                print(line);
            details = [];
        }
        const summary = [ctx.main?.summary, ctx.post?.summary].filter(Boolean).join('').trim();
        if (summary) {
            print('');
            print('── job summary (GITHUB_STEP_SUMMARY) ──');
            for (const line of summary.split('\n'))
                print(line);
            print('──');
        }
    }
    finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
        await shutDown(ctx);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const ok = failed === undefined;
    print(ok
        ? `stint demo: PASS (${passed}/${steps.length} steps in ${seconds} s)`
        : `stint demo: FAILED (${passed}/${steps.length} steps passed in ${seconds} s; first failure: ${failed})`);
    return ok;
}

// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/demo.ts



const HELP = `Usage: stint demo

Runs the main job of a GitHub workflow that uses the stint action, on this machine, on loopback,
with nothing to configure:
  a local OIDC issuer shaped exactly like GitHub's; the broker on its embedded default
  (stint serve --dev) trusting it; the built action's main step run as the runner runs it;
  a later step calling a local API with $STINT_TOKEN; every signing profile type sent with
  stint request and checked by its verifier; an mTLS request with the issued certificate; a
  denied exchange; the post step (revoke, clean-up); stint audit verify.
Prints a line per step (✓/✗), the job summary and one result line; exits 1 if any step failed.
Needs the built action: run \`npm run build\` in a clone of stint first.`;
/** `stint demo`: see runDemo. */
const run = async (args, io) => {
    const { values } = (0,external_node_util_.parseArgs)({ args, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    // A reader that goes away (`stint demo | head`) must not kill the demo before it has cleaned up:
    // stop writing and let it finish.
    let reading = true;
    io.stdout.on('error', () => (reading = false));
    const ok = await runDemo({ print: (line) => reading && (0,cli_io/* writeLine */._r)(io.stdout, line) });
    return ok ? 0 : 1;
};


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

/***/ 5280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ demoConfigYaml),
/* harmony export */   z: () => (/* binding */ startLocalBroker)
/* harmony export */ });
/* harmony import */ var _broker_dev_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2641);
/* harmony import */ var _broker_server_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(278);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
/* harmony import */ var _policy_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7855);




const GITHUB_PROVIDER = 'github: { issuer: https://token.actions.githubusercontent.com }';
/**
 * The config of `stint serve --dev` run in `cwd` (memory store, keys and audit under
 * `cwd/.stint/`, its built-in GitHub-only policy), except that its github provider trusts the local
 * GitHub-shaped issuer at `issuerUrl` (plain http on loopback, hence allow_insecure).
 */
function demoConfigYaml(brokerUrl, issuerUrl, cwd) {
    const dev = (0,_broker_dev_config_js__WEBPACK_IMPORTED_MODULE_0__/* .devConfigYaml */ .F)({ issuer: brokerUrl, cwd });
    // Fail loudly if the embedded default changes shape, rather than trust github.com by accident.
    if (!dev.includes(GITHUB_PROVIDER))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_DEMO_CONFIG', 'the embedded default config no longer has the github provider line the demo replaces');
    return dev.replace(GITHUB_PROVIDER, `github: { issuer: ${JSON.stringify(issuerUrl)}, allow_insecure: true }`);
}
/**
 * Runs the broker in this process on loopback, as `stint serve --dev` would in `cwd`, trusting
 * `issuerUrl`. The port is bound first because the broker's issuer is its own URL.
 */
async function startLocalBroker(cwd, issuerUrl) {
    let broker;
    const listening = await (0,_broker_server_js__WEBPACK_IMPORTED_MODULE_1__/* .listen */ .KT)((req, res) => {
        if (broker)
            return broker.handler(req, res);
        res.writeHead(503, { 'retry-after': '1' }).end();
    }, { host: '127.0.0.1', port: 0 });
    try {
        const { config } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseConfig */ .o4)(demoConfigYaml(listening.url, issuerUrl, cwd), '<stint demo>');
        broker = await (0,_broker_server_js__WEBPACK_IMPORTED_MODULE_1__/* .openBroker */ .iW)(config, { env: {} });
        const opened = broker;
        return {
            url: listening.url,
            broker: opened,
            cwd,
            auditFile: config.audit.file,
            async close() {
                await listening.close();
                await opened.close();
            },
        };
    }
    catch (error) {
        await listening.close();
        throw error;
    }
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

/***/ 7831:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ bytesEqual),
/* harmony export */   Z: () => (/* binding */ headerValue)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/** The value of a header, matched case-insensitively; repeated fields joined with ", " (RFC 9110). */
function headerValue(headers, name) {
    if (typeof headers.get === 'function') {
        return headers.get(name) ?? undefined;
    }
    const wanted = name.toLowerCase();
    const found = [];
    for (const [key, value] of Object.entries(headers)) {
        if (key.toLowerCase() !== wanted || value === undefined)
            continue;
        found.push(...(Array.isArray(value) ? value : [value]));
    }
    return found.length === 0 ? undefined : found.join(', ');
}
/** Constant-time equality of two byte strings; different lengths are simply unequal. */
function bytesEqual(a, b) {
    return a.length === b.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(a, b);
}


/***/ }),

/***/ 3785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OC: () => (/* reexport */ mcpToolScopes),
  RI: () => (/* reexport */ protectedResource),
  QQ: () => (/* reexport */ verifyClientCertificate),
  KI: () => (/* reexport */ verifyHmacWebhook),
  oY: () => (/* reexport */ verifyHttpSignature),
  J0: () => (/* reexport */ verifyJwt),
  Ng: () => (/* reexport */ verifyStintToken)
});

// UNUSED EXPORTS: StintError, headerValue, isStintError

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/verify/client-certificate.ts

const PROJECT_URI = 'urn:stint:project:';
/**
 * The mtls receiving side: after a TLS server that trusts the broker CA (`GET /mtls/ca.pem`,
 * `requestCert: true`) accepted the handshake, checks the client certificate on the request's
 * socket and authorises on the project in its SAN URI — never on the CN, which is only the CI
 * subject cut to 64 characters. Throws StintError ERR_CERTIFICATE_MISSING,
 * ERR_CERTIFICATE_INVALID or ERR_CERTIFICATE_PROJECT.
 *
 * @example
 * https.createServer({ key, cert, ca: stintCaPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
 *   const { project } = verifyClientCertificate(req.socket as TLSSocket, { projects: ['warehouse'] });
 * });
 */
function verifyClientCertificate(socket, options) {
    const cert = socket.getPeerCertificate();
    if (cert === null || cert === undefined || Object.keys(cert).length === 0) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_MISSING', 'the client sent no certificate; the server must request one (requestCert: true)');
    }
    // With rejectUnauthorized: false Node still completes the handshake; an unverified chain must not pass.
    if (!socket.authorized) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_INVALID', `the client certificate is not trusted: ${String(socket.authorizationError ?? 'unknown reason')}`);
    }
    const projects = (cert.subjectaltname ?? '')
        .split(', ')
        .map((entry) => entry.replace(/^URI:"?/, 'URI:').replace(/"$/, ''))
        .filter((entry) => entry.startsWith(`URI:${PROJECT_URI}`))
        .map((entry) => entry.slice(`URI:${PROJECT_URI}`.length));
    if (projects.length !== 1) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_PROJECT', projects.length === 0
            ? 'the client certificate names no stint project (no SAN URI urn:stint:project:…)'
            : `the client certificate names several projects (${projects.join(', ')}); refused`);
    }
    const project = projects[0];
    if (!options.projects.includes(project)) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_PROJECT', `the client certificate is for project ${project}, not ${options.projects.join(' or ')}`);
    }
    return {
        project,
        subject: String(cert.subject?.CN ?? ''),
        fingerprint256: cert.fingerprint256,
        validTo: new Date(cert.valid_to),
    };
}

// EXTERNAL MODULE: ./src/verify/headers.ts
var verify_headers = __webpack_require__(7831);
// EXTERNAL MODULE: ./src/signing/hmac.ts
var hmac = __webpack_require__(5272);
// EXTERNAL MODULE: ./src/signing/types.ts
var types = __webpack_require__(4410);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(9722);
// EXTERNAL MODULE: ./src/lib/url-credentials.ts
var url_credentials = __webpack_require__(5757);
;// CONCATENATED MODULE: ./src/verify/options.ts





/**
 * A number-of-seconds option, checked before it is used. A tolerance read from an unset
 * environment variable is `Number(undefined)`, NaN, and every comparison with NaN is false: an
 * age check `age > NaN` never refuses, which would turn replay protection off without a word.
 * So anything that is not a finite number within the range is ERR_VERIFY_CONFIG, never a default.
 */
function secondsOption(value, fallback, name, [min, max]) {
    if (value === undefined)
        return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} must be a number of seconds from ${min} to ${max}, got ${typeof value === 'number' ? String(value) : typeof value}${Number.isNaN(value) ? ' (Number() of an unset variable?)' : ''}`);
    return value;
}
/** The widest tolerance or age a verifier accepts: beyond a day, a replay check means little. */
const ONE_DAY = 86_400;
/**
 * A string option a check depends on (the issuer, the audience). `audience:
 * process.env.STINT_AUDIENCE` with the variable unset is undefined, and jose skips a claim check
 * whose expected value is undefined: the verifier would accept every project's tokens. So
 * anything but a non-empty string is ERR_VERIFY_CONFIG naming the option, never "not checked".
 * `fix` says what to give and what passing without it would let through.
 */
function requiredString(value, name, fix) {
    if (typeof value === 'string' && value.trim() !== '')
        return value;
    throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is ${describeMissing(value)} (is the variable it comes from set?); ${fix}`);
}
/**
 * An expected claim value (verifyJwt's issuer, audience, subject) that may be left out, but
 * when the option is there it must hold something: `audience: process.env.AUD` with the
 * variable unset would otherwise turn the check off without a word.
 */
function presentClaimOption(options, key, name) {
    if (!Object.hasOwn(options, key))
        return;
    const value = options[key];
    const values = Array.isArray(value) && value.length > 0 ? value : [value];
    for (const one of values)
        requiredString(one, name, 'give the expected value, or leave the option out to not check that claim');
}
function describeMissing(value) {
    if (value === undefined || value === null)
        return 'missing';
    if (typeof value === 'string')
        return 'empty';
    if (Array.isArray(value))
        return value.length === 0 ? 'an empty list' : 'a list, not a string';
    return `a ${typeof value}, not a string`;
}
/**
 * A URL a verifier fetches keys from, or sends its introspection API key to: https, or plain
 * http to this machine (tests, a broker beside the service). Plain http to another machine lets
 * anyone on the path answer in the broker's place: serve their own JWKS, so every token they
 * sign passes, or read the introspection API key. `name` is the option the URL comes from, `use`
 * what is done with it, `risk` what clear text would allow. Anything else is ERR_VERIFY_CONFIG.
 */
function fetchedUrl(value, name, use, risk) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:'))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} ${JSON.stringify((0,url_credentials/* urlForMessage */.O)(value))} is not an https URL, and ${use}; give the broker's https URL`);
    if ((0,loopback/* sendsInClear */.IV)(url))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} ${url.origin} is plain http to another machine, and ${use}: ${risk}; use the broker's https URL (${loopback/* PLAIN_HTTP_ONLY_HERE */.W7}; for a private CA, start Node with NODE_EXTRA_CA_CERTS=/path/ca.pem)`);
    return url;
}
/**
 * stint/verify's HTTP client (the JWKS and metadata fetches). Inside someone else's service it
 * connects directly, as Node's own http and fetch do, even when HTTPS_PROXY is set (a variable
 * that service may hold for other tools, and that would silently send its key fetches elsewhere);
 * with NODE_USE_ENV_PROXY=1, Node's own switch for honouring the proxy variables, it goes through
 * the proxy they name like the CLI does. docs/signing.md#egress-proxy.
 */
const verifyHttp = (request) => (0,http/* httpRequest */.aj)({ ...request, proxy: process.env.NODE_USE_ENV_PROXY === '1' ? 'environment' : 'none' });
/**
 * Whole seconds since the epoch by the receiver's clock (`now`, default Date.now). A clock that
 * gives no finite number (NaN from a bad Date, a string) would turn every age and timestamp check
 * into a comparison with NaN, which is never true: every signature would pass however old. So it
 * is ERR_VERIFY_CONFIG, never a check skipped.
 */
function clockSeconds(now, caller) {
    const ms = (now ?? Date.now)();
    if (typeof ms !== 'number' || !Number.isFinite(ms))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${caller}: now() must return milliseconds since the epoch as a finite number, got ${typeof ms === 'number' ? String(ms) : `a ${typeof ms}`}; pass a clock like () => Date.now()`);
    return Math.floor(ms / 1000);
}
/**
 * The body as the bytes that were signed. A parsed body (`req.body` after `express.json()`, an
 * object) or a missing one is not them: re-serialising it would not give the signed bytes, and
 * Node would throw a TypeError that a receiver maps to a 401. So anything but a string or bytes
 * (a Buffer, a Uint8Array, an ArrayBuffer such as `await request.arrayBuffer()`) is
 * ERR_VERIFY_CONFIG saying what to pass instead. One exception: `undefined` for a request whose
 * headers say it has no body (see `bodiless`) is the empty body, which is what a body parser
 * leaves for a GET or a POST without one (`express.raw`, Fastify's parsers).
 */
function rawBody(value, caller, headers) {
    if (typeof value === 'string')
        return Buffer.from(value);
    if (value instanceof Uint8Array)
        return Buffer.isBuffer(value) ? value : Buffer.from(value);
    if (value instanceof ArrayBuffer)
        return Buffer.from(value);
    if (value === undefined && bodiless(headers))
        return Buffer.alloc(0);
    if (value === undefined)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', unreadBody(caller, headers));
    const got = value === null
        ? 'null'
        : typeof value === 'object'
            ? 'an object (a parsed body, such as req.body after express.json()?)'
            : `a ${typeof value}`;
    throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${caller}: body must be the raw bytes as received (a Buffer, ArrayBuffer or string), got ${got}; pass the raw body, e.g. from express.raw({ type: () => true }), or the bytes read from the request`);
}
/**
 * Whether the request's headers say it has no body, so a body parser rightly left none: no
 * Transfer-Encoding, and Content-Length 0 or none at all. "None at all" counts only for Node's
 * headers of an HTTP/1 request (`req.headers`): in HTTP/2 (pseudo-headers such as `:method`) a
 * body needs no Content-Length, and a fetch `Headers` does not say which protocol it came over,
 * so there only `Content-Length: 0` does. Anything else keeps `undefined` a set-up error.
 */
function bodiless(headers) {
    if ((0,verify_headers/* headerValue */.Z)(headers, 'transfer-encoding') !== undefined)
        return false;
    const length = (0,verify_headers/* headerValue */.Z)(headers, 'content-length');
    if (length !== undefined)
        return length.trim() === '0';
    if (typeof headers.get === 'function')
        return false;
    return !Object.keys(headers).some((name) => name.startsWith(':'));
}
/** Why an undefined body cannot be read as empty: the request has one that nothing read. */
function unreadBody(caller, headers) {
    const shown = (name) => {
        const value = (0,verify_headers/* headerValue */.Z)(headers, name);
        return value === undefined ? undefined : `${name} ${JSON.stringify(value.slice(0, 100))}`;
    };
    const said = ['Content-Length', 'Transfer-Encoding', 'Content-Type'].map(shown).filter((part) => part !== undefined);
    return `${caller}: body is undefined, but the request has one (${said.length > 0 ? said.join(', ') : 'HTTP/2, or headers that do not say'}) that nothing read; pass the raw bytes as received, e.g. from express.raw({ type: () => true }) on the route (with a narrower type, a request of another Content-Type leaves req.body undefined), or the bytes read from the request`;
}

;// CONCATENATED MODULE: ./src/verify/hmac.ts





/**
 * Verifies a webhook signed in one of the `hmac` formats. Comparisons are constant-time; a
 * timestamp outside the tolerance is refused as a replay. `github`, and `generic` without
 * `timestampHeader`, sign no timestamp: they have no replay protection at all.
 * Throws StintError ERR_SIGNATURE_MISSING, ERR_SIGNATURE_INVALID or ERR_SIGNATURE_EXPIRED.
 *
 * @example
 * verifyHmacWebhook({ format: 'github', secrets: [process.env.WEBHOOK_SECRET!], headers: req.headers, body: rawBody });
 */
function verifyHmacWebhook(options) {
    const { format, secrets, headers } = options;
    // A misconfiguration must refuse, never pass: a JavaScript caller can hand any string here.
    if (!types/* HMAC_FORMATS */.nr.includes(format)) {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: unknown format ${JSON.stringify(format)}; use one of ${types/* HMAC_FORMATS */.nr.join(', ')}`);
    }
    const tolerance = secondsOption(options.toleranceSec, 300, 'verifyHmacWebhook: toleranceSec', [0, ONE_DAY]);
    if (!Array.isArray(secrets) || secrets.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyHmacWebhook needs at least one secret, in a list (secrets: [...])');
    // An empty key (an unset env var read as '', or `whsec_` with nothing after it) is one anyone can sign with;
    // an unset one (`process.env.OLD!` after the rotation) is not a string at all. A Standard Webhooks
    // secret must be strict base64 of at least 24 bytes: Buffer.from(…, 'base64') skips what is not
    // base64, so a typo would quietly become a key of a few bytes, which a forger can try out.
    secrets.forEach((secret, i) => {
        if (typeof secret !== 'string')
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: secret ${i + 1} is ${secret === undefined || secret === null ? String(secret) : `a ${typeof secret}, not a string`}; check the variable it comes from`);
        const problem = format === 'standard-webhooks' ? (0,hmac/* standardWebhooksSecretProblem */.$l)(secret) : secret === '' ? 'is empty' : undefined;
        if (problem !== undefined)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: secret ${i + 1} ${problem}; check the variable it comes from`);
    });
    // Read once the signature headers are there: a request without them is ERR_SIGNATURE_MISSING
    // (401) whatever its body, so a stranger cannot set off the set-up alarm (ERR_VERIFY_CONFIG).
    const raw = () => rawBody(options.body, 'verifyHmacWebhook', headers);
    const need = (name) => {
        const value = (0,verify_headers/* headerValue */.Z)(headers, name);
        if (value === undefined || value === '')
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_MISSING', `the request has no ${name} header`);
        return value;
    };
    const matchAny = (candidates, compute) => {
        // Check every secret (no early exit) so the time taken does not say which one matched.
        let index = -1;
        secrets.forEach((secret, i) => {
            const expected = compute(secret);
            for (const candidate of candidates)
                if ((0,verify_headers/* bytesEqual */.O)(candidate, expected) && index === -1)
                    index = i;
        });
        if (index === -1)
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `the ${format} webhook signature does not match ${secrets.length === 1 ? 'the secret' : `any of the ${secrets.length} secrets`}`);
        return index;
    };
    switch (format) {
        case 'github': {
            const signature = need('X-Hub-Signature-256');
            const body = raw();
            const candidates = signature.startsWith('sha256=') ? [hexBytes(signature.slice(7))] : [];
            return { secretIndex: matchAny(candidates, (s) => (0,hmac/* mac */.Md)('sha256', s, [body])) };
        }
        case 'standard-webhooks': {
            const id = need('webhook-id');
            const timestamp = need('webhook-timestamp');
            const candidates = need('webhook-signature')
                .split(' ')
                .filter((s) => s.startsWith('v1,'))
                .map((s) => Buffer.from(s.slice(3), 'base64'));
            const body = raw();
            const secretIndex = matchAny(candidates, (s) => (0,hmac/* mac */.Md)('sha256', (0,hmac/* standardWebhooksKey */.Dd)(s), [`${id}.${timestamp}.`, body]));
            return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now), id };
        }
        case 'stripe': {
            const fields = need('Stripe-Signature')
                .split(',')
                .map((part) => part.trim().split('='));
            const timestamp = fields.find(([k]) => k === 't')?.[1] ?? '';
            const candidates = fields.filter(([k]) => k === 'v1').map(([, v]) => hexBytes(v ?? ''));
            const body = raw();
            const secretIndex = matchAny(candidates, (s) => (0,hmac/* mac */.Md)('sha256', s, [`${timestamp}.`, body]));
            return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
        }
        case 'slack': {
            const timestamp = need('X-Slack-Request-Timestamp');
            const signature = need('X-Slack-Signature');
            const body = raw();
            const candidates = signature.startsWith('v0=') ? [hexBytes(signature.slice(3))] : [];
            const secretIndex = matchAny(candidates, (s) => (0,hmac/* mac */.Md)('sha256', s, [`v0:${timestamp}:`, body]));
            return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
        }
        case 'generic': {
            const prefix = options.prefix ?? '';
            const signature = need(options.header ?? 'X-Signature');
            const encoded = signature.startsWith(prefix) ? signature.slice(prefix.length) : undefined;
            const candidates = encoded === undefined
                ? []
                : [options.encoding === 'base64' ? Buffer.from(encoded, 'base64') : hexBytes(encoded)];
            const timestamp = options.timestampHeader === undefined ? undefined : need(options.timestampHeader);
            const body = raw();
            const parts = timestamp === undefined ? [body] : [`${timestamp}.`, body];
            const secretIndex = matchAny(candidates, (s) => (0,hmac/* mac */.Md)(options.algorithm ?? 'sha256', s, parts));
            return timestamp === undefined
                ? { secretIndex }
                : { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
        }
        default:
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: unknown format ${JSON.stringify(format)}`);
    }
}
/** Hex to bytes; anything that is not even-length hex gives an empty buffer, which never matches. */
function hexBytes(text) {
    return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : Buffer.alloc(0);
}
function checkTimestamp(text, tolerance, clock) {
    const timestamp = /^\d{1,12}$/.test(text) ? Number(text) : Number.NaN;
    const now = clockSeconds(clock, 'verifyHmacWebhook');
    if (Number.isNaN(timestamp))
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', 'the signed timestamp is not a unix time in seconds');
    if (Math.abs(now - timestamp) > tolerance) {
        const distance = now > timestamp ? `${now - timestamp} s old` : `${timestamp - now} s in the future`;
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_EXPIRED', `the signed timestamp is ${distance}, outside the ${tolerance} s tolerance (a replay, or a clock out of sync)`);
    }
    return timestamp;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/signing/http-signature.ts
var http_signature = __webpack_require__(36);
// EXTERNAL MODULE: ./src/signing/http-signature-base.ts
var http_signature_base = __webpack_require__(4572);
// EXTERNAL MODULE: ./src/signing/profiles.ts
var profiles = __webpack_require__(8357);
;// CONCATENATED MODULE: ./src/verify/structured-fields.ts


/**
 * The part of RFC 8941 (Structured Field Values) that `Signature-Input`, `Signature` and
 * `Content-Digest` use: dictionaries whose members are items or inner lists, with parameters.
 * Parsing follows §4.2 step by step; anything malformed is ERR_SIGNATURE_MALFORMED.
 */
class Token {
    value;
    constructor(value) {
        this.value = value;
    }
}
function isInnerList(member) {
    return 'items' in member;
}
class Parser {
    text;
    i = 0;
    constructor(text) {
        this.text = text;
    }
    dictionary() {
        const members = new Map();
        this.skip(' ');
        while (this.i < this.text.length) {
            const key = this.key();
            if (this.peek() === '=') {
                this.i++;
                members.set(key, this.peek() === '(' ? this.innerList() : this.item());
            }
            else {
                members.set(key, { value: true, params: this.params() });
            }
            this.skip(' \t');
            if (this.i >= this.text.length)
                return members;
            this.expect(',');
            this.skip(' \t');
            if (this.i >= this.text.length)
                this.fail('trailing comma');
        }
        return members;
    }
    innerList() {
        this.expect('(');
        const items = [];
        for (;;) {
            this.skip(' ');
            if (this.i >= this.text.length)
                this.fail('unterminated inner list');
            if (this.peek() === ')') {
                this.i++;
                return { items, params: this.params() };
            }
            items.push(this.item());
            const next = this.peek();
            if (next === '')
                this.fail('unterminated inner list');
            if (next !== ' ' && next !== ')')
                this.fail('inner list items must be separated by spaces');
        }
    }
    item() {
        return { value: this.bareItem(), params: this.params() };
    }
    params() {
        const params = new Map();
        while (this.peek() === ';') {
            this.i++;
            this.skip(' ');
            const key = this.key();
            let value = true;
            if (this.peek() === '=') {
                this.i++;
                value = this.bareItem();
            }
            params.set(key, value);
        }
        return params;
    }
    bareItem() {
        const c = this.peek();
        if (c === '-' || (c >= '0' && c <= '9'))
            return this.number();
        if (c === '"')
            return this.string();
        if (c === ':')
            return this.bytes();
        if (c === '?')
            return this.boolean();
        if (/[A-Za-z*]/.test(c))
            return this.token();
        return this.fail('expected an item');
    }
    number() {
        const match = /^-?\d{1,15}(?:\.\d{1,3})?/.exec(this.text.slice(this.i));
        if (!match)
            this.fail('bad number');
        this.i += match[0].length;
        return Number(match[0]);
    }
    string() {
        this.i++;
        let out = '';
        while (this.i < this.text.length) {
            const c = this.text[this.i++];
            if (c === '\\') {
                const next = this.text[this.i++];
                if (next !== '"' && next !== '\\')
                    this.fail('bad escape in string');
                out += next;
            }
            else if (c === '"') {
                return out;
            }
            else if (c < ' ' || c > '~') {
                this.fail('non-ASCII in string');
            }
            else {
                out += c;
            }
        }
        return this.fail('unterminated string');
    }
    bytes() {
        const end = this.text.indexOf(':', this.i + 1);
        if (end === -1)
            this.fail('unterminated byte sequence');
        const b64 = this.text.slice(this.i + 1, end);
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
            this.fail('bad base64 in byte sequence');
        this.i = end + 1;
        return Buffer.from(b64, 'base64');
    }
    boolean() {
        const value = this.text.slice(this.i, this.i + 2);
        if (value !== '?0' && value !== '?1')
            this.fail('bad boolean');
        this.i += 2;
        return value === '?1';
    }
    token() {
        const match = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(this.text.slice(this.i));
        this.i += match[0].length;
        return new Token(match[0]);
    }
    key() {
        const match = /^[a-z*][a-z0-9_\-.*]*/.exec(this.text.slice(this.i));
        if (!match)
            this.fail('expected a key');
        this.i += match[0].length;
        return match[0];
    }
    peek() {
        return this.text[this.i] ?? '';
    }
    skip(chars) {
        while (chars.includes(this.peek()) && this.i < this.text.length)
            this.i++;
    }
    expect(c) {
        if (this.peek() !== c)
            this.fail(`expected "${c}"`);
        this.i++;
    }
    fail(why) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `not a valid structured field (${why} at character ${this.i + 1})`);
    }
}
/** Parses an RFC 8941 dictionary, e.g. a `Signature-Input` header. */
function parseDictionary(text, header) {
    try {
        return new Parser(text.trim()).dictionary();
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp)
            throw new errors/* StintError */.Fp(error.code, `${header}: ${error.message}`);
        throw error;
    }
}
function serializeBareItem(value) {
    if (typeof value === 'number')
        return String(value);
    if (typeof value === 'string')
        return (0,http_signature_base/* sfString */.P9)(value);
    if (typeof value === 'boolean')
        return value ? '?1' : '?0';
    if (value instanceof Token)
        return value.value;
    return `:${value.toString('base64')}:`;
}
function serializeParams(params) {
    return [...params]
        .map(([key, value]) => (value === true ? `;${key}` : `;${key}=${serializeBareItem(value)}`))
        .join('');
}
/** RFC 8941 §4.1 serialisation of an inner list, as `@signature-params` needs it. */
function serializeInnerList(list) {
    return `(${list.items.map((item) => `${serializeBareItem(item.value)}${serializeParams(item.params)}`).join(' ')})${serializeParams(list.params)}`;
}

;// CONCATENATED MODULE: ./src/verify/http-signature.ts









/**
 * Verifies an RFC 9421 HTTP message signature: rebuilds the signature base from the request as
 * received, checks the signature with the key named by `keyid` (its algorithm must match the
 * signature's `alg`), its age (`created`, `expires`), that it covers the required components, and
 * the RFC 9530 `Content-Digest` against the body. Throws StintError ERR_SIGNATURE_MISSING,
 * ERR_SIGNATURE_MALFORMED, ERR_SIGNATURE_KEY_UNKNOWN, ERR_SIGNATURE_INVALID, ERR_SIGNATURE_EXPIRED or
 * ERR_DIGEST_MISMATCH.
 *
 * @example
 * await verifyHttpSignature({ method: req.method, url: `https://api.example.com${req.url}`, headers: req.headers, body,
 *   keys: { 'ci-deploy': { alg: 'ed25519', key: publicKeyPem } } });
 */
async function verifyHttpSignature(options) {
    // Checked first: a NaN age (an unset variable) must refuse every request, not skip the check.
    const maxAge = secondsOption(options.maxAgeSec, 300, 'verifyHttpSignature: maxAgeSec', [0, ONE_DAY]);
    const skew = secondsOption(options.clockSkewSec, 30, 'verifyHttpSignature: clockSkewSec', [0, 3600]);
    const inputHeader = (0,verify_headers/* headerValue */.Z)(options.headers, 'Signature-Input');
    const signatureHeader = (0,verify_headers/* headerValue */.Z)(options.headers, 'Signature');
    if (inputHeader === undefined || signatureHeader === undefined) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MISSING', 'the request has no Signature-Input and Signature headers');
    }
    // A parsed body (express.json()'s req.body) is a set-up bug, whether or not a digest is checked;
    // looked at once the request is signed, so a request without a signature is ERR_SIGNATURE_MISSING
    // (401), never the set-up alarm. An undefined body of a request that has one stays undefined:
    // ERR_VERIFY_CONFIG if the digest is to be checked.
    const body = options.body === undefined && !bodiless(options.headers)
        ? undefined
        : rawBody(options.body, 'verifyHttpSignature', options.headers);
    const inputs = parseDictionary(inputHeader, 'Signature-Input');
    const signatures = parseDictionary(signatureHeader, 'Signature');
    const label = options.label ?? [...inputs.keys()][0];
    const input = label === undefined ? undefined : inputs.get(label);
    const signatureMember = label === undefined ? undefined : signatures.get(label);
    if (label === undefined || input === undefined || signatureMember === undefined) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MISSING', `no signature labelled ${label ?? '(none)'} in both Signature-Input and Signature`);
    }
    if (!isInnerList(input) || isInnerList(signatureMember) || !Buffer.isBuffer(signatureMember.value)) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: Signature-Input must be an inner list and Signature a byte sequence`);
    }
    const components = input.items.map((item) => {
        if (typeof item.value !== 'string' || item.params.size > 0) {
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: only plain component names are supported, got ${serializeInnerList({ items: [item], params: new Map() })}`);
        }
        return item.value;
    });
    // RFC 9421 §2.5: a base with a component listed twice MUST fail; otherwise a signature over
    // one list could be presented as covering another.
    // One pass with a Set: a find/indexOf pair is quadratic in a list the client writes.
    const listed = new Set();
    const repeated = components.find((c) => listed.size === listed.add(c).size);
    if (repeated !== undefined)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: component ${JSON.stringify(repeated)} is listed twice`);
    const missing = (options.requiredComponents ?? profiles/* DEFAULT_COMPONENTS */.lp).filter((c) => !covers(components, c));
    if (missing.length > 0)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} does not cover ${missing.join(', ')}`);
    const keyid = stringParam(input.params, 'keyid', label);
    // Own keys only: a keyid such as "constructor" or "__proto__" must not find Object's members.
    const key = typeof options.keys === 'function'
        ? await options.keys(keyid)
        : keyid === undefined || !Object.hasOwn(options.keys, keyid)
            ? undefined
            : options.keys[keyid];
    if (key === undefined)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_KEY_UNKNOWN', `signature ${label}: no key for keyid ${keyid === undefined ? '(none given)' : JSON.stringify(keyid)}`);
    if (!types/* HTTP_SIGNATURE_ALGS */.AO.includes(key.alg))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `unsupported alg ${key.alg} for keyid ${keyid}`);
    const materials = keyMaterials(key, keyid);
    const alg = stringParam(input.params, 'alg', label);
    // The key decides the algorithm; a signature claiming another one is refused (no algorithm confusion).
    if (alg !== undefined && alg !== key.alg)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label}: alg ${alg} does not match the key's ${key.alg}`);
    if (typeof options.url !== 'string')
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyHttpSignature needs the URL as a string built from the request target as received (a URL object has already resolved its path)');
    if (!URL.canParse(options.url))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyHttpSignature needs the absolute URL the client used (scheme://host/path?query)');
    // @path, @query and @request-target are the request target as received, never decoded or
    // resolved (RFC 9421 §2.2.6, §2.2.7): a signature over /public/status must not pass for
    // /admin/%2e%2e/public/status, which a router may send to its /admin handler.
    const target = (0,http_signature_base/* requestTarget */.t5)(options.url);
    if (hasAmbiguousSegments(target.path))
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `the request path ${JSON.stringify(target.path.slice(0, 200))} has a dot-segment (. or .., also as %2e) or a backslash, which servers and routers resolve differently; no signature is accepted for it`);
    const message = { method: options.method, url: new URL(options.url), target, headers: new Map() };
    for (const component of components) {
        if (component.startsWith('@'))
            continue;
        const value = (0,verify_headers/* headerValue */.Z)(options.headers, component);
        if (value !== undefined)
            message.headers.set(component, [value]);
    }
    let base;
    try {
        base = (0,http_signature_base/* signatureBase */.QP)(components, serializeInnerList(input), message);
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp && error.code === 'ERR_SIGNATURE_COMPONENT_MISSING')
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label}: ${error.message}`);
        throw error;
    }
    if (!verifyBase(key.alg, materials, Buffer.from(base), signatureMember.value)) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} does not verify with key ${keyid === undefined ? '(lookup)' : JSON.stringify(keyid)}`);
    }
    const now = clockSeconds(options.now, 'verifyHttpSignature');
    const created = numberParam(input.params, 'created', label);
    const expires = numberParam(input.params, 'expires', label);
    if (created === undefined)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} has no created parameter, so its age cannot be checked`);
    if (created > now + skew)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} was created ${created - now} s in the future (clock out of sync?)`);
    if (now - created > maxAge)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_EXPIRED', `signature ${label} was created ${now - created} s ago, more than the ${maxAge} s allowed (a replay?)`);
    if (expires !== undefined && now > expires + skew)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_EXPIRED', `signature ${label} expired ${now - expires} s ago`);
    if (components.includes('content-digest'))
        checkContentDigest(options.headers, body);
    const nonce = stringParam(input.params, 'nonce', label);
    if (options.seen !== undefined) {
        // Last, so only a signature that passed everything else can fill the receiver's store.
        if (nonce === undefined)
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} has no nonce, so a replay cannot be detected (the sender's profile needs nonce: true)`);
        const keepUntil = Math.min(created + maxAge + skew, expires === undefined ? Number.POSITIVE_INFINITY : expires + skew);
        if (await options.seen(nonce, keepUntil))
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_REPLAYED', `signature ${label} was already used (same nonce)`);
    }
    return {
        label,
        alg: key.alg,
        created,
        components,
        ...(keyid === undefined ? {} : { keyid }),
        ...(expires === undefined ? {} : { expires }),
        ...(nonce === undefined ? {} : { nonce }),
    };
}
/**
 * A `.` or `..` segment (literal or percent-encoded) or a backslash. An HTTP client resolves them
 * before sending, so a request that still has one was written by hand; the signer never signs such
 * a path (src/signing/http-signature-base.ts), and refusing it here means what the signature
 * names and what the router runs cannot differ by a path resolution.
 */
function hasAmbiguousSegments(path) {
    if (path.includes('\\') || /%5c/i.test(path))
        return true;
    return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
function stringParam(params, name, label) {
    const value = params.get(name);
    if (value !== undefined && typeof value !== 'string')
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: ${name} must be a string`);
    return value;
}
function numberParam(params, name, label) {
    const value = params.get(name);
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value)))
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: ${name} must be an integer`);
    return value;
}
/**
 * The keys for one keyid, read before any signature is checked: a missing one (an unset
 * variable), an empty secret or a public key Node cannot read is ERR_VERIFY_CONFIG naming it,
 * never a raw TypeError nor a refusal that looks like the client's fault.
 */
function keyMaterials(key, keyid) {
    const list = Array.isArray(key.key) ? key.key : [key.key];
    const named = keyid === undefined ? 'the key found by the lookup' : `the key for keyid ${JSON.stringify(keyid)}`;
    if (list.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${named} is an empty list`);
    return list.map((material, i) => {
        const name = list.length === 1 && !Array.isArray(key.key) ? named : `${named} [${i}]`;
        if (material === undefined || material === null)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is ${String(material)}: check the variable it comes from`);
        if (key.alg === 'hmac-sha256') {
            if (typeof material === 'object' && 'type' in material && material.type === 'secret')
                return material;
            if (typeof material !== 'string' && !Buffer.isBuffer(material))
                throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} must be the shared secret (a string or bytes)`);
            const secret = typeof material === 'string' ? Buffer.from(material) : material;
            if (secret.length === 0)
                throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is empty: check the variable it comes from`);
            return secret;
        }
        try {
            return toPublicKey(material);
        }
        catch (error) {
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is not a public key Node can read: ${error.message}`, {
                cause: error,
            });
        }
    });
}
function verifyBase(alg, keys, base, signature) {
    if (alg === 'hmac-sha256') {
        // The MAC the signer would have made, by the signer's own function, compared in constant time;
        // every secret is tried (no early exit), so the time taken does not say which one matched.
        let matched = false;
        for (const secret of keys)
            if ((0,verify_headers/* bytesEqual */.O)((0,http_signature/* signBase */.fL)('hmac-sha256', secret, base), signature))
                matched = true;
        return matched;
    }
    return keys.some((key) => verifyWith(alg, key, base, signature));
}
function verifyWith(alg, publicKey, base, signature) {
    switch (alg) {
        case 'ed25519':
            return publicKey.asymmetricKeyType === 'ed25519' && (0,external_node_crypto_.verify)(null, base, publicKey, signature);
        case 'ecdsa-p256-sha256':
            return (publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1' &&
                (0,external_node_crypto_.verify)('sha256', base, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
        case 'rsa-pss-sha512':
            // Like the others, a key of another type is a failed signature, not an OpenSSL error.
            return ((publicKey.asymmetricKeyType === 'rsa' || publicKey.asymmetricKeyType === 'rsa-pss') &&
                (0,external_node_crypto_.verify)('sha512', base, { key: publicKey, padding: external_node_crypto_.constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }, signature));
        case 'rsa-v1_5-sha256':
            return (publicKey.asymmetricKeyType === 'rsa' &&
                (0,external_node_crypto_.verify)('sha256', base, { key: publicKey, padding: external_node_crypto_.constants.RSA_PKCS1_PADDING }, signature));
        case 'hmac-sha256':
            return false;
    }
}
function toPublicKey(key) {
    if (typeof key === 'object' && 'type' in key && typeof key.export === 'function') {
        const object = key;
        return object.type === 'private' ? (0,external_node_crypto_.createPublicKey)(object) : object;
    }
    if (typeof key === 'string' && key.trim().startsWith('{')) {
        let jwk;
        try {
            jwk = JSON.parse(key);
        }
        catch {
            // Not V8's message: it quotes the text around the error, which in a private JWK is its `d`.
            throw new Error('it starts with { but is not valid JSON; give a JWK as a JSON object, or a PEM public key');
        }
        return (0,external_node_crypto_.createPublicKey)({ key: jwk, format: 'jwk' });
    }
    if (typeof key === 'string' || Buffer.isBuffer(key))
        return (0,external_node_crypto_.createPublicKey)(key);
    return (0,external_node_crypto_.createPublicKey)({ key: key, format: 'jwk' });
}
/** RFC 9530: every sha-256 / sha-512 digest given must match the body; at least one must be given. */
function checkContentDigest(headers, body) {
    const header = (0,verify_headers/* headerValue */.Z)(headers, 'Content-Digest');
    if (header === undefined)
        throw new errors/* StintError */.Fp('ERR_DIGEST_MISMATCH', 'the request has no Content-Digest header');
    if (body === undefined)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${unreadBody('verifyHttpSignature', headers)} (it is needed to check Content-Digest)`);
    let checked = 0;
    for (const [algorithm, member] of parseDictionary(header, 'Content-Digest')) {
        if (algorithm !== 'sha-256' && algorithm !== 'sha-512')
            continue;
        const value = isInnerList(member) ? undefined : member.value;
        if (!Buffer.isBuffer(value) || !(0,verify_headers/* bytesEqual */.O)((0,http_signature_base/* digestOf */.ol)(algorithm, body), value)) {
            throw new errors/* StintError */.Fp('ERR_DIGEST_MISMATCH', `Content-Digest ${algorithm} does not match the body`);
        }
        checked++;
    }
    if (checked === 0)
        throw new errors/* StintError */.Fp('ERR_DIGEST_MISMATCH', 'Content-Digest has no sha-256 or sha-512 digest');
}
/**
 * Whether the signed components cover `required`: listed itself, or inside a wider component
 * that was signed (`@target-uri` holds the scheme, authority, path and query;
 * `@request-target` the path and query), so a stricter signer is not refused.
 */
function covers(components, required) {
    if (components.includes(required))
        return true;
    if (['@scheme', '@authority', '@path', '@query'].includes(required) && components.includes('@target-uri'))
        return true;
    return ['@path', '@query'].includes(required) && components.includes('@request-target');
}

// EXTERNAL MODULE: ./src/lib/fetch-json.ts
var fetch_json = __webpack_require__(6286);
// EXTERNAL MODULE: ./src/lib/jwks-cache.ts
var jwks_cache = __webpack_require__(2161);
;// CONCATENATED MODULE: ./src/verify/jwt.ts







/**
 * Verifies a JWT from a `jwt` signing profile (or any JWT signed with known keys) with jose:
 * signature, algorithm allow-list, `exp`/`iat`/`nbf`, issuer, audience, lifetime and `jti`
 * replay. Throws StintError ERR_TOKEN_INVALID, ERR_TOKEN_EXPIRED or ERR_TOKEN_REPLAYED, and
 * ERR_VERIFY_CONFIG for options that could not verify anything (no keys, an algorithm it does not
 * accept, a tolerance that is NaN).
 *
 * @example
 * const claims = await verifyJwt(req.headers.authorization!.slice(7), { algorithms: ['EdDSA'], keys: [publicKeyPem], audience: 'deploy-api' });
 */
async function verifyJwt(token, options) {
    acceptedAlgorithms(options.algorithms);
    if (!Array.isArray(options.keys) || options.keys.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyJwt needs at least one key and one algorithm');
    for (const claim of ['issuer', 'audience', 'subject'])
        presentClaimOption(options, claim, `verifyJwt: ${claim}`);
    const limits = {
        maxLifetimeSec: secondsOption(options.maxLifetimeSec, 3600, 'verifyJwt: maxLifetimeSec', [1, ONE_DAY]),
        clockToleranceSec: secondsOption(options.clockToleranceSec, 30, 'verifyJwt: clockToleranceSec', [0, 3600]),
    };
    const keys = trustedKeys(options.keys, options.algorithms);
    const { decodeProtectedHeader, jwtVerify } = await __webpack_require__.e(/* import() */ 999).then(__webpack_require__.bind(__webpack_require__, 5380));
    const verifyOptions = joseOptions(options, limits.clockToleranceSec);
    let alg;
    try {
        alg = decodeProtectedHeader(token).alg;
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 'the token is not a JWS (its header does not decode)', { cause: error });
    }
    if (typeof alg !== 'string' || !options.algorithms.includes(alg))
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 
        // The header is not verified yet: its alg is named only when it looks like one.
        `the token is signed with ${typeof alg !== 'string' ? 'no alg' : /^[A-Za-z0-9+-]{1,16}$/.test(alg) ? alg : 'an unknown alg'}, not one of the accepted ${options.algorithms.join(', ')}`);
    // Only keys of the token's family are tried: an HS token against the HMAC secrets, any other
    // against the public keys. A PEM is never an HMAC secret (trustedKeys), so a token MACed with a
    // published public key cannot pass.
    const candidates = keys.filter((key) => key.hmac === alg.startsWith('HS'));
    if (candidates.length === 0)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token is signed with ${alg}, and no trusted key is ${alg.startsWith('HS') ? 'an HMAC secret' : 'a public key'}`);
    let lastError;
    for (const { key } of candidates) {
        try {
            const { payload } = await jwtVerify(token, key, verifyOptions);
            await checkPayload(payload, options, limits);
            return payload;
        }
        catch (error) {
            if (error instanceof errors/* StintError */.Fp)
                throw error;
            lastError = error;
            // A signature mismatch, or a key of another type (EdDSA after ES256 during a rotation),
            // is worth trying the next key for; anything else (expired, wrong audience) is final.
            const code = error.code;
            if (code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' &&
                !(error instanceof TypeError || code === 'ERR_JOSE_NOT_SUPPORTED'))
                break;
        }
    }
    const { claimMismatch, foundAfterSignature, notYetValid } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 4751));
    const nowSec = (options.now?.() ?? Date.now()) / 1000;
    const early = notYetValid(lastError, nowSec, limits.clockToleranceSec);
    if (early !== undefined)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token ${early}`, { cause: lastError });
    throw toStintError(lastError, claimMismatch(lastError, options), foundAfterSignature(lastError));
}
/** What to give for a missing issuer or audience, and what passing without it would let through. */
const ISSUER_FIX = "give the broker's issuer URL (the iss of its tokens): without it a token's iss is not checked";
const AUDIENCE_FIX = "give the audience of this service's stint project (default stint:<project>): without it every project's tokens would pass";
/** Default for `jwksMaxAgeSec`: a dropped key stops verifying within a minute, at one small fetch a minute. */
const DEFAULT_JWKS_MAX_AGE_SEC = 60;
/** At most one JWKS fetch per URL in this window for unknown kids, whatever the tokens name. */
const JWKS_REFETCH_INTERVAL_MS = 10_000;
/**
 * `jwksMaxAgeSec`, from the refetch interval (10 s) to a day. Below the interval every request
 * would be a JWKS fetch, forged ones too (an amplifier pointed at the broker); NaN, from an
 * unset variable, would never refresh. Either is ERR_VERIFY_CONFIG.
 */
function jwksMaxAge(value, caller) {
    return secondsOption(value, DEFAULT_JWKS_MAX_AGE_SEC, `${caller}: jwksMaxAgeSec`, [
        JWKS_REFETCH_INTERVAL_MS / 1000,
        ONE_DAY,
    ]);
}
const JWKS_TIMEOUT_MS = 5_000;
const JWKS_MAX_BYTES = 256 * 1024;
const UNAVAILABLE = {
    unreachable: 'ERR_JWKS_UNAVAILABLE',
    tooLarge: 'ERR_JWKS_UNAVAILABLE',
    invalid: 'ERR_JWKS_UNAVAILABLE',
};
const keyCache = (0,jwks_cache/* createKeyCache */.o)();
/** A key set built once per fetched JWKS: importing keys for every token would be wasted work. */
const localSets = new WeakMap();
/**
 * Verifies a stint access token against the broker's JWKS, with the same checks the broker
 * makes (src/lib/stint-token.ts): `typ` at+jwt, ES256/EdDSA/RS256, issuer, audience, times with
 * 60 s of skew, and the claims every stint token carries; then the scopes asked for.
 * The JWKS is fetched on first use and again for an unknown `kid` (at most once per 10 s) or
 * when older than `jwksMaxAgeSec` (default 60 s), so a key the broker dropped stops verifying
 * within that time. It does not know about revocation; ask the broker's `/oauth2/introspect`
 * when that matters.
 * Throws StintError ERR_TOKEN_INVALID (audience and issuer errors say expected vs got),
 * ERR_TOKEN_EXPIRED, ERR_TOKEN_PROJECT, ERR_TOKEN_SCOPE, or ERR_JWKS_UNAVAILABLE when the broker's keys cannot be
 * fetched: that is the service's outage, not a bad token, so answer 503 for it, not 401.
 * A missing or empty `issuer` or `audience` is ERR_VERIFY_CONFIG (a bug in the receiver: 500).
 *
 * @example
 * try {
 *   const claims = await verifyStintToken(bearer, { issuer: 'https://stint.example.com', audience: 'stint:warehouse', requiredScopes: ['deploy'] });
 * } catch (error) {
 *   // ERR_VERIFY_CONFIG is this service's set-up (a missing issuer or audience): a 500, never a 401.
 *   const status = error.code === 'ERR_VERIFY_CONFIG' ? 500 : error.code === 'ERR_JWKS_UNAVAILABLE' ? 503
 *     : error.code === 'ERR_TOKEN_SCOPE' ? 403 : 401;
 * }
 */
async function verifyStintToken(token, options) {
    const issuer = requiredString(options.issuer, 'verifyStintToken: issuer', ISSUER_FIX);
    const audience = requiredString(options.audience, 'verifyStintToken: audience', AUDIENCE_FIX);
    const now = options.now ?? Date.now;
    const local = options.jwks;
    const url = jwksUrlOf(options, issuer, 'verifyStintToken');
    const maxAgeSec = jwksMaxAge(options.jwksMaxAgeSec, 'verifyStintToken');
    secondsOption(options.clockToleranceSec, 60, 'verifyStintToken: clockToleranceSec', [0, 3600]);
    const http = options.http ?? verifyHttp;
    const key = async (header, jws) => {
        const jwks = local ??
            (await keyCache.keysFor(url, header.kid, now(), {
                download: () => downloadJwks(url, http),
                maxAgeMs: maxAgeSec * 1000,
                minRefetchIntervalMs: JWKS_REFETCH_INTERVAL_MS,
                // A dropped key must stop verifying: keys past their age are never used, even if the broker is down.
                serveStale: false,
                unavailable: () => new errors/* StintError */.Fp('ERR_JWKS_UNAVAILABLE', `the broker's keys at ${(0,url_credentials/* urlForMessage */.O)(url)} could not be fetched (retrying at most every ${JWKS_REFETCH_INTERVAL_MS / 1000} s); this is an outage, not a bad token`),
            }));
        return (await localSet(jwks))(header, jws);
    };
    // Loaded when first needed, so a receiver that only checks webhooks never loads jose.
    const { refuseForeignToken, STINT_TOKEN_ALGS, verifyStintAccessToken } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 4751));
    // Another issuer's token (the CI's own ID token) is refused before its kid costs a JWKS fetch.
    refuseForeignToken(token, issuer);
    let payload;
    try {
        payload = await verifyStintAccessToken(token, {
            key,
            issuer,
            audience,
            algorithms: STINT_TOKEN_ALGS,
            now,
            ...(options.clockToleranceSec === undefined ? {} : { clockToleranceSec: options.clockToleranceSec }),
            expiry: 'tolerant',
        });
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp)
            throw error;
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `stint token rejected: ${error.message}`, { cause: error });
    }
    if (options.project !== undefined) {
        const accepted = typeof options.project === 'string' ? [options.project] : options.project;
        if (!accepted.includes(payload.project))
            throw new errors/* StintError */.Fp('ERR_TOKEN_PROJECT', 
            // The projects accepted stay out: this text may reach the client (protectedResource logs them).
            `stint token rejected: it is for project ${JSON.stringify(payload.project)}, which this service does not accept`);
    }
    const granted = new Set(String(payload.scope).split(' '));
    const missing = (options.requiredScopes ?? []).filter((s) => !granted.has(s));
    if (missing.length > 0)
        throw new errors/* StintError */.Fp('ERR_TOKEN_SCOPE', `the token lacks scope ${missing.join(', ')} (it has: ${payload.scope || 'none'})`);
    return payload;
}
/**
 * Where the broker's keys are fetched from: `jwksUrl`, else `<issuer>/.well-known/jwks.json`;
 * https, or plain http to this machine only (fetchedUrl), naming the option the URL came from.
 * With a local `jwks` nothing is fetched, and the URL only names the cache entry.
 */
function jwksUrlOf(options, issuer, caller) {
    const derived = `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
    if (options.jwks !== undefined)
        return options.jwksUrl ?? derived;
    const risk = 'anyone on the path could serve their own keys, and every token they sign would pass';
    if (options.jwksUrl !== undefined) {
        fetchedUrl(options.jwksUrl, `${caller}: jwksUrl`, "the broker's keys are fetched from it", risk);
        return options.jwksUrl;
    }
    fetchedUrl(issuer, `${caller}: issuer`, `the broker's keys are fetched from it (${(0,url_credentials/* urlForMessage */.O)(derived)}, as jwksUrl is not given)`, risk);
    return derived;
}
/** The broker's JWKS, capped at 256 KiB and 5 s; anything unusable is ERR_JWKS_UNAVAILABLE. */
async function downloadJwks(url, http) {
    const document = await (0,fetch_json/* fetchJsonObject */.U)(url, {
        http,
        timeoutMs: JWKS_TIMEOUT_MS,
        maxBytes: JWKS_MAX_BYTES,
        codes: UNAVAILABLE,
    });
    const jwks = document;
    try {
        await localSet(jwks);
    }
    catch (cause) {
        throw new errors/* StintError */.Fp('ERR_JWKS_UNAVAILABLE', `${(0,url_credentials/* urlForMessage */.O)(url)} did not answer a JWKS`, { cause });
    }
    return jwks;
}
async function localSet(jwks) {
    let set = localSets.get(jwks);
    if (!set) {
        const { createLocalJWKSet } = await __webpack_require__.e(/* import() */ 999).then(__webpack_require__.bind(__webpack_require__, 5380));
        set = createLocalJWKSet(jwks);
        localSets.set(jwks, set);
    }
    return set;
}
function joseOptions(options, clockToleranceSec) {
    return {
        algorithms: [...options.algorithms],
        requiredClaims: ['exp', 'iat'],
        clockTolerance: clockToleranceSec,
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
        ...(options.subject === undefined ? {} : { subject: options.subject }),
        ...(options.now === undefined ? {} : { currentDate: new Date(options.now()) }),
    };
}
async function checkPayload(payload, options, limits) {
    const nowSec = Math.floor((options.now?.() ?? Date.now()) / 1000);
    const tolerance = limits.clockToleranceSec;
    // jose accepts an iat in the future; refused here, or exp - iat would not bound how long the token works.
    if (payload.iat > nowSec + tolerance)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token is issued in the future (iat ${payload.iat}, now ${nowSec})`);
    const lifetime = payload.exp - Math.min(payload.iat, nowSec);
    const max = limits.maxLifetimeSec;
    if (lifetime > max)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token lives ${lifetime} s, longer than the ${max} s allowed`);
    if (options.seen !== undefined) {
        if (typeof payload.jti !== 'string')
            throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 'the token has no jti, so a replay cannot be detected');
        // jose accepts the token until exp + the tolerance: the id must be kept as long.
        if (await options.seen(payload.jti, payload.exp + tolerance))
            throw new errors/* StintError */.Fp('ERR_TOKEN_REPLAYED', 'the token was already used (same jti)');
    }
}
/**
 * `algorithms` must be a non-empty list of the algorithms verifyJwt knows (JWT_ALGS, what the
 * `jwt` signing profile signs with). `none`, a typo or another library's name (`ES512`) is
 * ERR_VERIFY_CONFIG naming the accepted ones, before any token is looked at: otherwise every
 * token would be refused one by one, each refusal looking like the sender's fault.
 */
function acceptedAlgorithms(algorithms) {
    const accepted = types/* JWT_ALGS */.W0.join(', ');
    if (!Array.isArray(algorithms) || algorithms.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyJwt: algorithms must be a list of the algorithms to accept, some of ${accepted}; got ${Array.isArray(algorithms) ? 'an empty list' : algorithms === undefined || algorithms === null ? 'nothing' : `a ${typeof algorithms}`}`);
    for (const alg of algorithms) {
        if (types/* JWT_ALGS */.W0.includes(alg))
            continue;
        const named = typeof alg === 'string' ? JSON.stringify(alg.slice(0, 40)) : `a ${alg === null ? 'null' : typeof alg}`;
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyJwt: algorithms has ${named}, which is not accepted${typeof alg === 'string' && alg.toLowerCase() === 'none' ? ' (an unsigned token is never accepted)' : ''}; use some of ${accepted}`);
    }
}
/**
 * Each key typed once, by what it is rather than by the algorithms: a PEM (string or bytes), DER
 * bytes or their base64 (SPKI, PKCS#1, a certificate), a JWK with another `kty` than `oct`, or an
 * asymmetric KeyObject is a public key; a JWKS text is refused; a JWK `oct`, a
 * secret KeyObject, or any other string or bytes is an HMAC secret. Typing by the algorithms
 * would read a PEM public key as HMAC key bytes whenever only HS* are accepted, and anyone holding
 * that published key could then make tokens that verify. A public key where only HS algorithms
 * are accepted, an empty secret, or a missing key is ERR_VERIFY_CONFIG.
 */
function trustedKeys(keys, algorithms) {
    const publicAccepted = algorithms.some((a) => !a.startsWith('HS'));
    return keys.map((key, i) => {
        const name = `verifyJwt: keys[${i}]`;
        const typed = typeKey(key, name);
        // (An HMAC secret with no HS algorithm accepted is never tried: that refuses, it cannot forge.)
        if (!typed.hmac && !publicAccepted)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a public key (PEM, DER, JWK or KeyObject), which cannot verify ${algorithms.join(', ')}: used as an HMAC secret, anyone holding it could make tokens; give the shared secret, or accept the key's algorithm`);
        return typed;
    });
}
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----/;
function typeKey(key, name) {
    if (key === undefined || key === null)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is ${String(key)}: check the variable it comes from`);
    if (typeof key === 'string' || key instanceof Uint8Array) {
        const text = typeof key === 'string' ? key : Buffer.from(key).toString('latin1');
        const trimmed = text.trim();
        // A PEM block anywhere is a key, as OpenSSL reads it: `openssl x509 -text` and PKCS#12 exports
        // put text before the block, and such a file taken for an HMAC secret would verify forgeries.
        if (PEM_BLOCK.test(text))
            return { hmac: false, key: publicKeyOf(() => (0,external_node_crypto_.createPublicKey)(text), name) };
        if (trimmed.startsWith('{')) {
            const json = parseJson(trimmed);
            if (Array.isArray(json?.keys))
                throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a JWKS (a JSON key set), not one key: give its keys one by one (keys: JSON.parse(text).keys), never the text as an HMAC secret`);
            const jwk = isJwk(json) ? json : undefined;
            // A JSON text that is an `oct` JWK stays the secret as written: stint's own HS signer MACs
            // with the text of the variable, so reading its `k` here would refuse stint's tokens.
            if (jwk !== undefined && jwk.kty !== 'oct')
                return typeKey(jwk, name);
        }
        // A public key without PEM armour, as DER bytes or their base64: published, so never a secret.
        const der = derPublicKey(key, trimmed);
        if (der !== undefined)
            return { hmac: false, key: der };
        if (text.length === 0)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is empty: check the variable it comes from`);
        return { hmac: true, key: typeof key === 'string' ? new Uint8Array(Buffer.from(key)) : key };
    }
    if (typeof key !== 'object')
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a ${typeof key}, not a key`);
    if ('asymmetricKeyType' in key || 'symmetricKeySize' in key) {
        const object = key;
        if (object.type === 'secret')
            return { hmac: true, key: object };
        return { hmac: false, key: object.type === 'private' ? (0,external_node_crypto_.createPublicKey)(object) : object };
    }
    const jwk = key;
    if (jwk.kty === 'oct') {
        const secret = Buffer.from(typeof jwk.k === 'string' ? jwk.k : '', 'base64url');
        if (secret.length === 0)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a JWK oct with an empty k`);
        return { hmac: true, key: (0,external_node_crypto_.createSecretKey)(secret) };
    }
    return { hmac: false, key: publicKeyOf(() => (0,external_node_crypto_.createPublicKey)({ key: jwk, format: 'jwk' }), name) };
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function isJwk(value) {
    return value !== null && typeof value === 'object' && typeof value.kty === 'string';
}
/**
 * The public key in DER bytes (SubjectPublicKeyInfo, a PKCS#1 RSA public key, or an X.509
 * certificate), or in base64 of those without the PEM lines; undefined for anything else. Only
 * what starts as a DER SEQUENCE is tried, so an ordinary secret costs one byte comparison.
 */
function derPublicKey(key, trimmed) {
    let bytes;
    if (typeof key !== 'string')
        bytes = Buffer.from(key);
    else if (/^[A-Za-z0-9+/\s]+={0,2}$/.test(trimmed))
        bytes = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
    if (bytes === undefined || bytes.length < 32 || bytes[0] !== 0x30)
        return undefined;
    for (const type of ['spki', 'pkcs1']) {
        try {
            return (0,external_node_crypto_.createPublicKey)({ key: bytes, format: 'der', type });
        }
        catch {
            // not this structure
        }
    }
    try {
        return new external_node_crypto_.X509Certificate(bytes).publicKey;
    }
    catch {
        return undefined;
    }
}
function publicKeyOf(parse, name) {
    try {
        return parse();
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is not a key Node can read: ${error.message}`, {
            cause: error,
        });
    }
}
/**
 * jose's error codes become ours for verifyJwt (which takes its keys directly, so no JWKS is
 * fetched); the message says what failed, never the token.
 */
function toStintError(error, mismatch, afterSignature) {
    const code = error?.code;
    const detail = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_JWT_EXPIRED')
        return new errors/* StintError */.Fp('ERR_TOKEN_EXPIRED', 'the token has expired', { cause: error });
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 'the token signature does not verify with any trusted key', {
            cause: error,
        });
    if (mismatch !== undefined)
        return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token's ${mismatch}`, { cause: error });
    // Not jose's (no code), or found after the signature (src/lib/stint-token.ts foundAfterSignature).
    if (afterSignature || code === undefined)
        return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token is not valid: ${detail}`, { cause: error });
    return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token's header or signature is not acceptable (${code})`, {
        cause: error,
    });
}

;// CONCATENATED MODULE: ./src/verify/mcp.ts

/**
 * The scopes an MCP request needs (docs/mcp.md#scopes-to-tools): `tools/call` needs the scopes
 * of the tool it names; every request needs `base`. Works on one JSON-RPC message or a batch, as
 * the Streamable HTTP transport receives them (the parsed body of the POST).
 *
 * A body that is not parsed JSON (undefined: the guard runs before the body parser, or in
 * Fastify's onRequest; a string or bytes: another parser) throws ERR_VERIFY_CONFIG: the scopes
 * cannot be known, so the request is not let through. The guard runs this only for a verified
 * token, and answers 400 when the request's Content-Type is not JSON (the client's error), a 500
 * otherwise (the service's set-up).
 *
 * A tool missing from `tools` needs only `base`, so list every tool: declare each tool's scopes
 * where the tool is registered and build this map from the same table (examples/mcp-server does).
 *
 * @example
 * const scopes = mcpToolScopes({ query: ['read'], deploy: ['deploy'] });
 * app.post('/mcp', express.json(), resource.express((req) => scopes(req.body)), handle);
 */
function mcpToolScopes(tools, base = []) {
    return (body) => {
        // A body not parsed yet (undefined) or parsed as bytes or text holds no tools/call this can
        // see, and treating it as "no tool" would let a tools/call through with the base scopes only.
        if (body === undefined || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `mcpToolScopes needs the parsed JSON body, got ${body === undefined ? 'undefined' : typeof body === 'string' ? 'a string' : 'bytes'}: mount the guard after the JSON body parser (express.json()), and in Fastify as a preHandler hook, not onRequest (the body is not parsed there yet)`);
        const needed = new Set(base);
        for (const message of Array.isArray(body) ? body : [body]) {
            if (message === null || typeof message !== 'object')
                continue;
            const { method, params } = message;
            if (method !== 'tools/call' || typeof params?.name !== 'string')
                continue;
            if (!Object.hasOwn(tools, params.name))
                continue;
            for (const scope of tools[params.name] ?? [])
                needed.add(scope);
        }
        return [...needed];
    };
}

// EXTERNAL MODULE: ./src/lib/fingerprint.ts
var fingerprint = __webpack_require__(1371);
// EXTERNAL MODULE: ./src/lib/oauth-description.ts
var oauth_description = __webpack_require__(783);
;// CONCATENATED MODULE: ./src/verify/protected-resource.ts







/** RFC 9728 §3: the metadata's well-known name, inserted between the host and the resource's path. */
const WELL_KNOWN = '/.well-known/oauth-protected-resource';
/**
 * The resource-server side of stint (docs/mcp.md): RFC 9728 Protected Resource Metadata naming
 * the broker as authorization server, and a guard that accepts a stint token only for this
 * `resource` (its `aud`), with the scopes a route or MCP tool needs, for node:http, Express and
 * Fastify. A request without a token is 401 with `WWW-Authenticate: Bearer resource_metadata="…"`,
 * so an MCP client (or any RFC 9728 client) finds the broker by itself; a bad, expired or revoked
 * token is 401 `invalid_token`; a missing scope is 403 `insufficient_scope` with `scope="…"`.
 *
 * @example
 * const mcp = protectedResource({ resource: 'https://mcp.internal.example.com/mcp',
 *   issuer: 'https://stint.example.com', scopesSupported: ['read', 'deploy'] });
 * http.createServer(async (req, res) => {
 *   if (mcp.serveMetadata(req, res)) return;
 *   const claims = await mcp.authorize(req, res, ['read']);
 *   if (!claims) return; // answered 401/403
 *   res.end(`hello ${claims.ci?.repository}`);
 * });
 */
function protectedResource(options) {
    const resourceUrl = parseResource(options.resource);
    // Checked now, not on the first request: with a jwksUrl and no issuer, any iss would pass.
    const issuer = requiredString(options.issuer, 'protectedResource: issuer', ISSUER_FIX);
    const path = resourceUrl.pathname === '/' ? '' : resourceUrl.pathname.replace(/\/+$/, '');
    const metadataPath = `${WELL_KNOWN}${path}`;
    const metadataUrl = `${resourceUrl.origin}${metadataPath}`;
    const http = options.http ?? verifyHttp;
    const document = {
        resource: options.resource,
        authorization_servers: [issuer],
        ...(options.scopesSupported ? { scopes_supported: [...options.scopesSupported] } : {}),
        // Tokens in the Authorization header only: a token in a query string ends up in access logs.
        bearer_methods_supported: ['header'],
        ...(options.resourceName ? { resource_name: options.resourceName } : {}),
        ...(options.resourceDocumentation ? { resource_documentation: options.resourceDocumentation } : {}),
    };
    const metadataText = JSON.stringify(document);
    const refuse = (status, error, description, scopes, retryAfterSec = 5) => {
        const headers = { 'cache-control': 'no-store' };
        if (status === 401 || status === 403)
            headers['www-authenticate'] = challenge(metadataUrl, error, description, scopes);
        if (status === 503)
            headers['retry-after'] = String(retryAfterSec);
        // No token at all: the challenge and the body carry no error code (RFC 6750 §3.1).
        return {
            ok: false,
            status,
            headers,
            body: error === undefined ? { error_description: description } : { error, error_description: description },
        };
    };
    for (const scope of options.scopesSupported ?? [])
        checkScopeToken(scope, 'scopesSupported');
    // Which API key introspects which project's tokens, checked now: a missing key would be sent as
    // "Bearer undefined", and a key of another project makes the broker answer "not active" for
    // every token; either would look like the broker's or the client's fault on every request.
    const introspectionKeys = options.introspection === undefined ? undefined : introspectionKeysOf(options);
    if (options.introspection !== undefined) {
        fetchedUrl(issuer, 'protectedResource: issuer', `with introspection, the API key is sent to it (${issuer.replace(/\/+$/, '')}/oauth2/introspect)`, 'anyone on the path could read the API key, and answer that a revoked token is active');
    }
    // Where the keys come from, checked now too: a guard that would trust keys fetched in clear is never built.
    jwksUrlOf(options, issuer, 'protectedResource');
    // Numbers checked now, not on the first request: NaN from an unset variable is a set-up error.
    secondsOption(options.clockToleranceSec, 60, 'protectedResource: clockToleranceSec', [0, 3600]);
    jwksMaxAge(options.jwksMaxAgeSec, 'protectedResource');
    const timeoutMs = options.introspection?.timeoutMs;
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 60_000))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `protectedResource: introspection.timeoutMs must be a number of milliseconds from 1 to 60000, got ${String(timeoutMs)}`);
    /**
     * One request's decision. The token is decided first: without a valid token the request is
     * refused before `scopesOf` runs, so a scope function that reads the body never sees (nor
     * fails on) the body of a caller without a token. Until the scopes are known (a function not
     * run yet) a challenge names none.
     */
    const decide = async (authorization, scopesOf) => {
        const record = { outcome: 'refused', status: 401, required_scopes: [] };
        let recorded = false;
        try {
            return await decideRecorded(record, authorization, scopesOf, () => {
                recorded = true;
            });
        }
        catch (error) {
            // A misuse (ERR_VERIFY_CONFIG: a JSON body not parsed, a scope that is no scope token) or a
            // scope function that threw: thrown on to the framework, which answers 500. onAccess still
            // gets the request's one record, as it does for every other request checked.
            if (!recorded) {
                record.status = 500;
                if (error instanceof errors/* StintError */.Fp)
                    record.code = error.code;
                record.reason = logSafe(error instanceof Error ? error.message : String(error));
                options.onAccess?.(record);
            }
            throw error;
        }
    };
    const decideRecorded = async (record, authorization, scopesOf, recording) => {
        let required = typeof scopesOf === 'function' ? [] : [...scopesOf];
        record.required_scopes = required;
        for (const scope of required)
            checkScopeToken(scope, 'a required scope');
        const decided = (decision) => {
            record.status = decision.ok ? 200 : decision.status;
            record.required_scopes = required;
            if (decision.ok)
                record.outcome = 'allowed';
            else if (record.error === undefined && decision.body.error !== undefined)
                record.error = decision.body.error;
            recording();
            options.onAccess?.(record);
            return decision;
        };
        const fields = typeof authorization === 'string' ? [authorization] : [...(authorization ?? [])];
        // Two Authorization fields: a proxy in front may have judged by the other one.
        if (fields.length > 1) {
            record.code = 'ERR_AUTHORIZATION_REPEATED';
            return decided(refuse(400, 'invalid_request', 'send one Authorization header, not several', required));
        }
        const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(fields[0] ?? '');
        if (!match && /^Bearer(?: |$)/i.test(fields[0] ?? '')) {
            // RFC 6750 §3.1: Bearer credentials that are malformed are a bad request, not a missing token.
            record.code = 'ERR_AUTHORIZATION_MALFORMED';
            return decided(refuse(400, 'invalid_request', 'the Authorization header is not "Bearer <token>" with one token', required));
        }
        if (!match) {
            // RFC 6750 §3.1: a request without credentials gets the challenge, without an error code.
            record.code = 'ERR_TOKEN_MISSING';
            return decided(refuse(401, undefined, 'this service needs a stint token: Authorization: Bearer …', required));
        }
        const token = match[1];
        record.token_fingerprint = (0,fingerprint/* fingerprint */.R)(token);
        let claims;
        try {
            const { resource: _resource, scopesSupported, introspection, onAccess, ...verifyOptions } = options;
            claims = await verifyStintToken(token, { ...verifyOptions, audience: options.resource, http });
        }
        catch (error) {
            if (!(error instanceof errors/* StintError */.Fp) || error.code === 'ERR_VERIFY_CONFIG')
                throw error;
            record.code = error.code;
            record.reason = logSafe(reasonOf(error, options.project));
            if (error.code === 'ERR_JWKS_UNAVAILABLE') {
                // A kid not in the keys fetched last, while their refetch is held back (at most one per
                // 10 s): most likely a key the broker has just rotated to, so "retry when the next fetch is
                // allowed", never invalid_token, which clients take as final.
                const wait = error instanceof jwks_cache/* KeyNotFetchedYet */.S ? error.retryAfterSec : undefined;
                return decided(wait === undefined
                    ? refuse(503, 'temporarily_unavailable', "the service cannot check tokens now (the broker's keys are unavailable)", required)
                    : refuse(503, 'temporarily_unavailable', `the service has not fetched the key this token is signed with yet (the broker's keys are fetched at most every 10 s): retry in ${wait} s`, required, wait));
            }
            return decided(refuse(401, 'invalid_token', error.message, required));
        }
        Object.assign(record, {
            jti: claims.jti,
            project: claims.project,
            sub: claims.sub,
            client_id: claims.client_id,
            scope: claims.scope,
            ...(claims.ci ? { ci: claims.ci } : {}),
        });
        if (options.introspection && introspectionKeys) {
            // The key of the token's project (verified above: with apiKeys, `project` names the same
            // projects, so a token of any other was refused already).
            const key = introspectionKeys.keyFor(claims.project);
            const active = await isActive(token, issuer, key, options.introspection.timeoutMs, http).catch((error) => error);
            if (active instanceof IntrospectionRefused) {
                // The broker answered, and refused this service's key: retrying will not help, and
                // "the broker does not answer" would send whoever reads the log the wrong way.
                record.code = 'ERR_INTROSPECTION_REFUSED';
                record.reason = active.message;
                return decided(refuse(500, 'server_error', 'the service cannot check tokens: the broker refused its introspection API key (a set-up error on this service)', required));
            }
            if (active instanceof IntrospectionRateLimited) {
                // The broker answered: this service asks more often than its API key's rate limit allows.
                // Its Retry-After is passed on, and the text says so, not "the broker does not answer".
                record.code = 'ERR_INTROSPECTION_RATE_LIMITED';
                record.reason = active.message;
                return decided(refuse(503, 'temporarily_unavailable', `the service cannot check tokens now: the broker is rate-limiting this service's introspection; retry in ${active.retryAfterSec} s`, required, active.retryAfterSec));
            }
            if (active instanceof Error || active === undefined) {
                record.code = 'ERR_INTROSPECTION_UNAVAILABLE';
                record.reason = logSafe(active instanceof Error ? active.message : 'no answer');
                return decided(refuse(503, 'temporarily_unavailable', 'the service cannot check tokens now (the broker does not answer)', required));
            }
            if (!active) {
                // The broker says only "not active". What the guard knows itself narrows it down: a token
                // past its exp by this clock (accepted above within the clock tolerance, while the broker
                // reads exp strictly) has expired; otherwise it is revoked, expired by the broker's clock,
                // or not of the API key's project (a key given for the wrong project).
                const expired = claims.exp !== undefined && claims.exp <= (options.now ?? Date.now)() / 1000;
                record.code = expired ? 'ERR_TOKEN_EXPIRED' : 'ERR_TOKEN_INACTIVE';
                const description = expired
                    ? 'the broker says the token is not active: it has expired; request a new one'
                    : `the broker says the token is not active (revoked, expired at the broker, or not of this API key's project: the token is of project ${claims.project}); request a new one`;
                record.reason = description;
                return decided(refuse(401, 'invalid_token', description, required));
            }
        }
        // The scopes, now that the token is known good (and, with introspection, live).
        if (typeof scopesOf === 'function') {
            try {
                required = [...(await scopesOf())];
            }
            catch (error) {
                if (!(error instanceof BodyNotJson))
                    throw error;
                record.code = 'ERR_REQUEST_NOT_JSON';
                record.reason = error.message;
                return decided(refuse(400, 'invalid_request', error.message, required));
            }
            for (const scope of required)
                checkScopeToken(scope, 'a required scope');
        }
        // After introspection: a revoked token is 401 invalid_token whatever scope it lacks (RFC 6750 §3.1).
        const granted = new Set(claims.scope.split(' '));
        const missing = required.filter((scope) => !granted.has(scope));
        if (missing.length > 0) {
            record.code = 'ERR_TOKEN_SCOPE';
            const description = `the token lacks scope ${missing.join(' ')} (it has: ${claims.scope || 'none'})`;
            record.reason = description;
            return decided(refuse(403, 'insufficient_scope', description, required));
        }
        return decided({ ok: true, claims, token, scopes: required });
    };
    const check = (authorization, scopes = []) => decide(authorization, scopes);
    const authorize = async (req, res, scopes) => {
        const decision = await decide(authorizationFields(req), scopesFor(scopes, req, req));
        if (decision.ok)
            return decision.claims;
        const text = JSON.stringify(decision.body);
        res.writeHead(decision.status, {
            ...decision.headers,
            'content-type': 'application/json; charset=utf-8',
            'content-length': String(Buffer.byteLength(text)),
        });
        res.end(text);
        return undefined;
    };
    return {
        resource: options.resource,
        metadataPath,
        metadataUrl,
        metadata: () => JSON.parse(metadataText),
        serveMetadata(req, res) {
            if (req.method !== 'GET' && req.method !== 'HEAD')
                return false;
            if (new URL(req.url ?? '/', 'http://resource.invalid').pathname !== metadataPath)
                return false;
            res.writeHead(200, {
                'content-type': 'application/json; charset=utf-8',
                'content-length': String(Buffer.byteLength(metadataText)),
                'cache-control': 'public, max-age=300',
                // Public by design (RFC 9728): browser-based MCP clients read it across origins.
                'access-control-allow-origin': '*',
            });
            res.end(req.method === 'HEAD' ? undefined : metadataText);
            return true;
        },
        check,
        authorize,
        express(scopes) {
            return (req, res, next) => {
                authorize(req, res, scopes).then((claims) => {
                    if (claims === undefined)
                        return;
                    req.stint = claims;
                    next();
                }, next);
            };
        },
        fastify(scopes) {
            return async (request, reply) => {
                const decision = await decide(authorizationFields(request.raw), scopesFor(scopes, request, request.raw));
                if (decision.ok) {
                    request.stint = decision.claims;
                    return;
                }
                await reply.code(decision.status).headers(decision.headers).send(decision.body);
            };
        },
    };
}
/**
 * `Bearer resource_metadata="…"`, with `error`, `error_description` and `scope` when they apply
 * (RFC 6750 §3, RFC 9728 §5.1). Quoted values may not hold `"` or `\` (RFC 6750 §3), so those
 * and anything outside printable ASCII are replaced.
 */
function challenge(metadataUrl, error, description, scopes) {
    const params = [];
    if (error !== undefined) {
        params.push(`error="${error}"`, `error_description="${(0,oauth_description/* oauthDescription */.c)(description)}"`);
    }
    if (scopes.length > 0)
        params.push(`scope="${scopes.join(' ')}"`);
    params.push(`resource_metadata="${metadataUrl}"`);
    return `Bearer ${params.join(', ')}`;
}
/**
 * A guard's scopes: a list as it is, a function run once the token is decided. A function that
 * refuses a body that is not parsed JSON (mcpToolScopes' ERR_VERIFY_CONFIG) is the client's error
 * when the request does not say it is JSON (text/plain, or no body and no type), whatever another
 * parser made of it (Fastify parses text/plain to a string): no JSON parser would have parsed
 * it, so the answer is 400, not the service's 500. A JSON request whose body is still not parsed
 * is the service's set-up (the guard before the parser): ERR_VERIFY_CONFIG.
 */
function scopesFor(scopes, request, raw) {
    if (typeof scopes !== 'function')
        return scopes ?? [];
    return async () => {
        try {
            return await scopes(request);
        }
        catch (error) {
            if (error instanceof errors/* StintError */.Fp && error.code === 'ERR_VERIFY_CONFIG' && !isJson(raw))
                throw new BodyNotJson();
            throw error;
        }
    };
}
/** `Content-Type: application/json`, or any `+json` type, with or without parameters. */
function isJson(req) {
    return /^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '');
}
/** A request whose scopes depend on a JSON body, sent without one. */
class BodyNotJson extends Error {
    constructor() {
        super('this request needs a JSON body (Content-Type: application/json)');
    }
}
/**
 * What a refusal's `reason` says in the access log: the message, and for ERR_TOKEN_PROJECT the
 * projects accepted (kept out of the answer to the client, which need not learn them), and
 * jose's own words when the message replaced them with a fixed text.
 */
function reasonOf(error, project) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    const detail = cause !== undefined && !error.message.includes(cause) ? ` (${cause})` : '';
    if (error.code === 'ERR_TOKEN_PROJECT' && project !== undefined) {
        const accepted = typeof project === 'string' ? [project] : project;
        return `${error.message} (it accepts ${accepted.map((name) => JSON.stringify(name)).join(', ')})`;
    }
    return `${error.message}${detail}`;
}
/** C0 (line feed and tab too: a log line stays one line), DEL, C1, and the Unicode line breaks and bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const LOG_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g;
/** Log text that may hold a token's own words: control characters as `\uXXXX`, at most 300 characters. */
function logSafe(text) {
    const escaped = text.replace(LOG_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return escaped.length > 300 ? `${escaped.slice(0, 299)}…` : escaped;
}
/** RFC 6749 §3.3 scope-token (NQCHAR), so a scope can go into the challenge's `scope="…"` as it is. */
function checkScopeToken(scope, what) {
    if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${what} ${JSON.stringify(scope)} is not an OAuth scope token (RFC 6749 §3.3: printable ASCII, no space, " or \\)`);
}
function parseResource(resource) {
    requiredString(resource, 'protectedResource: resource', "give this service's URL, exactly the audience of its stint project");
    let url;
    try {
        url = new URL(resource);
    }
    catch {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `resource ${JSON.stringify(resource)} is not an absolute URL`);
    }
    // Clients send their tokens to this URL: plain http only where it stays on this machine.
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (0,loopback/* sendsInClear */.IV)(url))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `resource ${resource} must be an https URL (${loopback/* PLAIN_HTTP_ONLY_HERE */.W7}): clients send their tokens to it`);
    if (url.search !== '' || url.hash !== '' || resource.includes('#'))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `resource ${resource} must have no query or fragment (RFC 9728 §1.2, RFC 8707 §2)`);
    return url;
}
/** Every Authorization field of the request (Node keeps only the first in `headers`). */
function authorizationFields(req) {
    return req.headersDistinct?.authorization ?? req.headers.authorization;
}
/**
 * `introspection`'s keys, checked: one `apiKey` (for the one project `project` names, or, without
 * `project`, for the projects of the audience, which without shared_audience is one), or `apiKeys`
 * naming exactly the projects of `project`. An API key introspects its own project's tokens only
 * (the broker's least privilege), so a project without its key would have every token refused.
 */
function introspectionKeysOf(options) {
    const introspection = options.introspection;
    const fail = (message) => {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `protectedResource: ${message}`);
    };
    const create = 'create one with `stint keys create-api-key --project P`';
    const checkKey = (key, name) => {
        if (typeof key !== 'string' || key.trim() === '')
            fail(`${name} is ${key === undefined ? 'missing' : 'empty'} (is the variable it comes from set?); ${create}, or leave introspection out`);
        return key;
    };
    const projects = options.project === undefined
        ? undefined
        : typeof options.project === 'string'
            ? [options.project]
            : [...options.project];
    if (introspection.apiKeys === undefined) {
        const apiKey = checkKey(introspection.apiKey, 'introspection.apiKey');
        if (projects !== undefined && projects.length > 1)
            fail(`introspection.apiKey is one project's key, and project names ${projects.length} (${projects.join(', ')}): the broker answers every token of another project than the key's as not active; give introspection.apiKeys, one key per project ({ ${projects.map((p) => `'${p}': …`).join(', ')} }; ${create} for each)`);
        return { keyFor: () => apiKey };
    }
    if (introspection.apiKey !== undefined)
        fail('introspection has both apiKey and apiKeys: give apiKey for one project, or apiKeys for several');
    const given = introspection.apiKeys;
    if (given === null || typeof given !== 'object' || Array.isArray(given))
        fail("introspection.apiKeys must be an object of project name → API key ({ 'billing-a': …, 'billing-b': … })");
    const keys = new Map();
    for (const [project, key] of Object.entries(given))
        keys.set(project, checkKey(key, `introspection.apiKeys[${JSON.stringify(project)}]`));
    if (keys.size === 0)
        fail(`introspection.apiKeys is empty: give one API key per project the service accepts (${create})`);
    if (projects === undefined)
        fail(`introspection.apiKeys needs project, the projects this service accepts (project: [${[...keys.keys()].map((p) => `'${p}'`).join(', ')}]): a token of a project with no key could not be introspected`);
    const uncovered = projects.filter((project) => !keys.has(project));
    if (uncovered.length > 0)
        fail(`introspection.apiKeys has no key for project ${uncovered.join(', ')}, which project accepts: an API key introspects only its own project's tokens, so every token of ${uncovered.length === 1 ? 'that project' : 'those projects'} would be refused as not active; add ${uncovered.length === 1 ? 'its key' : 'their keys'} (${create})`);
    const unused = [...keys.keys()].filter((project) => !projects.includes(project));
    if (unused.length > 0)
        fail(`introspection.apiKeys has a key for project ${unused.join(', ')}, which project does not accept: add ${unused.length === 1 ? 'it' : 'them'} to project, or remove the key`);
    return { keyFor: (project) => keys.get(project) };
}
async function isActive(token, issuer, apiKey, timeoutMs, http) {
    const response = await http({
        url: `${issuer.replace(/\/+$/, '')}/oauth2/introspect`,
        method: 'POST',
        headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token }).toString(),
        timeoutMs: timeoutMs ?? 5_000,
    });
    if (response.status === 401 || response.status === 403)
        throw new IntrospectionRefused(response.status);
    if (response.status === 429)
        throw new IntrospectionRateLimited(response.header('retry-after'));
    if (response.status !== 200)
        throw new Error(`the broker answered ${response.status} to introspection`);
    const body = JSON.parse(response.text());
    return body.active === true;
}
/** The broker refused the API key itself (401/403), as opposed to not answering. */
class IntrospectionRefused extends Error {
    constructor(status) {
        super(`the broker refused the introspection API key (HTTP ${status}): it is wrong, expired or revoked; check introspection.apiKey (\`stint keys list-api-keys --project P\`, or create a new one)`);
    }
}
/**
 * The broker answered 429: this service's introspection is over its rate limit (its API key's
 * bucket, `rate_limit.per_address` in size). `retryAfterSec` is the broker's Retry-After (whole
 * seconds, 1 to 3600), or 5 when it sent none that reads as such.
 */
class IntrospectionRateLimited extends Error {
    retryAfterSec;
    constructor(retryAfter) {
        const seconds = /^\d{1,7}$/.test(retryAfter?.trim() ?? '') ? Number(retryAfter) : undefined;
        const retryAfterSec = seconds === undefined ? 5 : Math.min(3600, Math.max(1, seconds));
        super(`the broker is rate-limiting this service's introspection (HTTP 429, Retry-After ${retryAfter === undefined ? 'none' : JSON.stringify(retryAfter.slice(0, 40))}); raise the broker's rate_limit.per_address, or introspect less often`);
        this.retryAfterSec = retryAfterSec;
    }
}

;// CONCATENATED MODULE: ./src/verify/index.ts
/**
 * The receiving side of every signing profile, as a library a server imports: webhook HMACs,
 * RFC 9421 HTTP message signatures, JWTs, and stint access tokens via the broker's JWKS; and the
 * resource-server side (RFC 9728 metadata, the Bearer challenge, a guard for node:http, Express
 * and Fastify, scopes per MCP tool).
 * Every refusal is a StintError with a stable code (ERR_SIGNATURE_*, ERR_DIGEST_MISMATCH, ERR_TOKEN_*).
 */










/***/ }),

/***/ 2896:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  P: () => (/* binding */ SignJWT)
});

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/base64url.js
var base64url = __webpack_require__(1445);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/jws_algorithms.js
var jws_algorithms = __webpack_require__(8109);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/validate.js
var validate = __webpack_require__(7784);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/errors.js
var errors = __webpack_require__(5674);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/buffer_utils.js
var buffer_utils = __webpack_require__(7410);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/key.js
var lib_key = __webpack_require__(7859);
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_sign.js






async function createSignature(input, key, rejectUnencoded) {
  let [payload, protectedHeader, unprotectedHeader, crit] = input, encodedProtectedHeader = "";
  if (protectedHeader !== void 0) {
    const normalized = (0,validate/* serializeJoseHeader */.ji)(errors/* JWSInvalid */.Ye, protectedHeader);
    protectedHeader = normalized[0], encodedProtectedHeader = (0,base64url/* encode */.l)(normalized[1]);
  }
  if (unprotectedHeader !== void 0 && (unprotectedHeader = (0,validate/* serializeJoseHeader */.ji)(errors/* JWSInvalid */.Ye, unprotectedHeader)[0]), !protectedHeader && !unprotectedHeader)
    throw new errors/* JWSInvalid */.Ye("either setProtectedHeader or setUnprotectedHeader must be called before #sign()");
  if (!(0,validate/* isDisjoint */.fz)(protectedHeader, unprotectedHeader))
    throw new errors/* JWSInvalid */.Ye("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...unprotectedHeader };
  (0,validate/* validateCritDuplicates */.BU)(errors/* JWSInvalid */.Ye, protectedHeader);
  const b64 = (0,validate/* validateB64 */.J0)(protectedHeader, (0,validate/* validateCrit */.nI)(errors/* JWSInvalid */.Ye, validate/* JWS_RECOGNIZED */.qc, crit, protectedHeader, joseHeader));
  b64 || rejectUnencoded?.();
  const { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new errors/* JWSInvalid */.Ye('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  const entry = (0,jws_algorithms/* jwsAlgorithm */.q)(alg);
  let encodedPayload = "", signingPayload = payload, signingInput;
  if (b64) {
    const encodedPayloadCache = input[4];
    encodedPayloadCache ? (encodedPayload = encodedPayloadCache[0] ??= (0,base64url/* encode */.l)(payload), signingPayload = encodedPayloadCache[1] ??= (0,buffer_utils/* encode */.lF)(encodedPayload)) : (encodedPayload = (0,base64url/* encode */.l)(payload), signingInput = buffer_utils/* encoder */.Rd.encode(`${encodedProtectedHeader}.${encodedPayload}`));
  }
  signingInput ??= (0,buffer_utils/* concat */.xW)((0,buffer_utils/* encode */.lF)(encodedProtectedHeader), (0,buffer_utils/* encode */.lF)("."), signingPayload);
  const signingKey = await (0,lib_key/* rawKey */.GK)(await (0,lib_key/* prepareKey */.dT)(entry, key, "sign"), entry.subtle, "sign");
  entry.minRsaBits && (0,lib_key/* checkModulusLength */.or)(entry.alg, signingKey);
  const jws = {
    signature: (0,base64url/* encode */.l)(new Uint8Array(await crypto.subtle.sign(entry.signing, signingKey, signingInput))),
    payload: encodedPayload
  };
  return protectedHeader && (jws.protected = encodedProtectedHeader), unprotectedHeader && (jws.header = unprotectedHeader), [jws, b64];
}
async function createCompactSignature(payload, protectedHeader, crit, key, rejectUnencoded) {
  const [jws] = await createSignature([payload, protectedHeader, void 0, crit], key, rejectUnencoded);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
}


// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/jwt_claims_set.js
var jwt_claims_set = __webpack_require__(5526);
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/jwt/sign.js




const SignJWT_base = jwt_claims_set/* JWTClaimsBuilder */.cE;
class SignJWT extends SignJWT_base {
  #protectedHeader;
  setProtectedHeader(protectedHeader) {
    return (0,validate/* assertNotSet */.ac)(this.#protectedHeader, "setProtectedHeader"), this.#protectedHeader = protectedHeader, this;
  }
  async sign(key, options) {
    return createCompactSignature((0,jwt_claims_set/* jwtClaimsSetBytes */._g)(this), this.#protectedHeader, options?.crit, key, () => {
      throw new errors/* JWTInvalid */.Dp("JWTs MUST NOT use unencoded payload");
    });
  }
}



/***/ })

};
