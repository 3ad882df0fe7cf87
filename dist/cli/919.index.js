export const id = 919;
export const ids = [919];
export const modules = {

/***/ 9160:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   er: () => (/* binding */ EXPIRY_WARNING_MS),
/* harmony export */   t5: () => (/* binding */ watchExpiries)
/* harmony export */ });
/* unused harmony export EXPIRY_CHECK_MS */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _mtls_ca_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(970);
/**
 * Lifetimes an operator must act on before they run out (docs/broker.md#expiry-and-rotation):
 * project API keys, the mTLS CA, the broker's serving certificate, and the signing-key schedule.
 * Each check sets gauges on /metrics and logs a warning with a stable code, at start and then
 * every EXPIRY_CHECK_MS; a warning about the same thing is repeated at most once a day, so a log
 * that is only read in the morning still has it, without a line every five minutes.
 */




/**
 * "Nearing expiry": 14 days, the threshold DESIGN §4 sets for a provided client certificate, used
 * for every lifetime here (API keys, the serving certificate, the mTLS CA).
 */
const EXPIRY_WARNING_MS = 14 * 86_400_000;
/** How often the lifetimes are read again (the gauges are at most this old). */
const EXPIRY_CHECK_MS = 5 * 60_000;
/** The same warning is logged again after this long. */
const REPEAT_WARNING_MS = 86_400_000;
const DAY_MS = 86_400_000;
/**
 * Starts the checks: one at once, then every EXPIRY_CHECK_MS (the timer does not hold the process).
 *
 * @example
 * const watch = watchExpiries(broker.context, log, { servingCertificate: () => tls && { file, pem: tls.cert } });
 * // on SIGHUP, after swapping the certificate: void watch.check();
 */
function watchExpiries(ctx, log, options = {}) {
    const warned = new Map();
    /** Logs `message` unless the same `key` was logged within REPEAT_WARNING_MS. */
    const warnOnce = (key, fields, message) => {
        const t = ctx.now();
        const last = warned.get(key);
        if (last !== undefined && t - last < REPEAT_WARNING_MS)
            return;
        warned.set(key, t);
        log.warn(fields, message);
    };
    const check = async () => {
        const t = ctx.now();
        const lifetimes = { apiKeys: undefined, certificates: [], rotationDue: false };
        try {
            lifetimes.apiKeys = checkApiKeys(await ctx.store.listApiKeys(), t, warnOnce);
        }
        catch (error) {
            // The store's own errors are counted and logged where requests meet them; keep the last gauges.
            lifetimes.apiKeys = undefined;
            log.debug(`API key lifetimes not read: ${error.message}`);
        }
        const serving = options.servingCertificate?.();
        if (serving !== undefined) {
            const notAfterMs = firstCertificateNotAfter(serving.pem);
            if (notAfterMs !== undefined) {
                lifetimes.certificates.push({ certificate: 'serving', notAfterMs });
                checkServing(serving.file, notAfterMs, t, warnOnce);
            }
        }
        const caNotAfterMs = await readCaNotAfter(ctx, t).catch((error) => {
            log.debug(`mTLS CA expiry not read: ${error.message}`);
            return undefined;
        });
        if (caNotAfterMs !== undefined) {
            lifetimes.certificates.push({ certificate: 'mtls_ca', notAfterMs: caNotAfterMs });
            if (caNotAfterMs - t < EXPIRY_WARNING_MS) {
                warnOnce('mtls_ca', { event: 'certificate_expiring', code: warning('WARN_CERT_EXPIRING'), certificate: 'mtls_ca' }, ctx.keySet.token === undefined
                    ? `mTLS CA certificate in ${ctx.caDir}: ${expiresIn(caNotAfterMs, t)}, not renewed yet; renewal (30 days ahead) happens at the next client certificate issued, if this broker may write ${ctx.caDir} (keys.ca_dir); check that dir and this log`
                    : `mTLS CA certificate in ${ctx.keySet.token.where}: ${expiresIn(caNotAfterMs, t)}, not renewed yet; renewal (30 days ahead) happens at the next client certificate issued, in the token; check this log for PKCS#11 errors`);
            }
        }
        lifetimes.rotationDue = checkRotation(ctx, t, warnOnce);
        ctx.metrics.lifetimes(lifetimes);
    };
    const timer = setInterval(() => void check(), options.intervalMs ?? EXPIRY_CHECK_MS);
    timer.unref();
    return {
        check,
        stop: () => clearInterval(timer),
    };
}
/** A catalogue code (src/lib/error-catalogue.ts), checked when it compiles. */
const warning = (code) => code;
/** Gauges for the active keys, and a warning for each that expires within 14 days or never. */
function checkApiKeys(records, t, warnOnce) {
    const active = records.filter((r) => (r.revokedAtMs === undefined || r.revokedAtMs > t) && (r.expiresAtMs === undefined || r.expiresAtMs > t));
    const expiring = new Map();
    for (const r of active) {
        if (!expiring.has(r.project))
            expiring.set(r.project, 0);
        const named = r.name ? `, ${r.name}` : '';
        const fields = { api_key_id: r.id, project: r.project };
        if (r.expiresAtMs === undefined) {
            warnOnce(`apikey-never:${r.id}`, { event: 'apikey_no_expiry', code: warning('WARN_APIKEY_NO_EXPIRY'), ...fields }, `API key ${r.id} (project ${r.project}${named}) never expires (made before keys expired by default, or with --expires never); rotate it: create its successor with \`stint keys create-api-key --project ${r.project}\`, move its user to it, then revoke this one`);
        }
        else if (r.expiresAtMs - t < EXPIRY_WARNING_MS) {
            expiring.set(r.project, (expiring.get(r.project) ?? 0) + 1);
            warnOnce(`apikey:${r.id}`, {
                event: 'apikey_expiring',
                code: warning('WARN_APIKEY_EXPIRING'),
                ...fields,
                expires_at: new Date(r.expiresAtMs).toISOString(),
            }, `API key ${r.id} (project ${r.project}${named}) ${expiresIn(r.expiresAtMs, t)}; create its successor with \`stint keys create-api-key --project ${r.project}\`, move its user to it, then revoke this one`);
        }
    }
    return {
        keys: active.flatMap((r) => r.expiresAtMs === undefined ? [] : [{ id: r.id, project: r.project, expiresAtMs: r.expiresAtMs }]),
        expiringByProject: expiring,
    };
}
function checkServing(file, notAfterMs, t, warnOnce) {
    if (notAfterMs - t >= EXPIRY_WARNING_MS)
        return;
    const fields = { event: 'certificate_expiring', code: warning('WARN_CERT_EXPIRING'), certificate: 'serving' };
    warnOnce('serving', fields, notAfterMs <= t
        ? `the TLS certificate in ${file} expired ${new Date(notAfterMs).toISOString()}; clients will refuse it. Renew it, then send SIGHUP.`
        : `the TLS certificate in ${file} ${expiresIn(notAfterMs, t)}. Renew it, then send SIGHUP.`);
}
/**
 * Due when the key that signs has signed for `rotate_every` or longer and no successor is
 * published. A broker that may write its keys dir schedules successors itself well before that,
 * so this means a read-only dir whose rotator has not run, or maintenance that keeps failing.
 */
function checkRotation(ctx, t, warnOnce) {
    const keys = ctx.keySet.list();
    const current = keys.find((k) => k.state === 'current');
    if (current === undefined || keys.some((k) => k.state === 'next'))
        return false;
    const rotateEveryMs = ctx.config.keys.rotate_every * 1000;
    if (t < current.activatesAtMs + rotateEveryMs)
        return false;
    warnOnce(`rotation:${current.kid}`, { event: 'key_rotation_due', code: warning('WARN_KEY_ROTATION_DUE'), kid: current.kid }, `signing key ${current.kid} has signed since ${new Date(current.activatesAtMs).toISOString()}, longer than keys.rotate_every (${Math.round(rotateEveryMs / DAY_MS)} d), and no successor is published: ${ctx.keySet.readOnlyDir
        ? `${ctx.keySet.dir} is read-only for this broker, so run \`stint keys rotate\` where it is writable and ship the result`
        : 'run `stint keys rotate`, and look in this log for why signing-key maintenance fails'}`);
    return true;
}
/** The CA that signs now, as `<caDir>/ca.pem` holds it (certificate first). In a PKCS#11 token there is no file: not read. */
async function readCaNotAfter(ctx, t) {
    // A CA in a PKCS#11 token: its certificate is an object in the token, beside its key.
    if (ctx.keySet.token !== undefined)
        return (0,_mtls_ca_js__WEBPACK_IMPORTED_MODULE_3__.tokenCaNotAfter)(ctx.keySet.token, t);
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(ctx.caDir, 'ca.pem'), 'utf8');
    }
    catch {
        return undefined; // No CA yet: the broker makes one when it first issues a certificate.
    }
    return firstCertificateNotAfter(text);
}
/** The notAfter of the first PEM certificate in `pem` (never looks at anything else in it, such as a key). */
function firstCertificateNotAfter(pem) {
    const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
    if (match === null)
        return undefined;
    try {
        return Date.parse(new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(match[0]).validTo);
    }
    catch {
        return undefined;
    }
}
function expiresIn(atMs, t) {
    const days = Math.floor((atMs - t) / DAY_MS);
    const span = days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`;
    return `expires ${new Date(atMs).toISOString()} (in ${span})`;
}


/***/ }),

/***/ 2919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/broker/dev-config.ts
var dev_config = __webpack_require__(2641);
// EXTERNAL MODULE: ./src/broker/expiry-watch.ts
var expiry_watch = __webpack_require__(9160);
// EXTERNAL MODULE: ./node_modules/pino/pino.js
var pino = __webpack_require__(5005);
// EXTERNAL MODULE: ./src/audit/secret-guard.ts
var secret_guard = __webpack_require__(699);
;// CONCATENATED MODULE: ./src/broker/log.ts


const LOG_FORMATS = ['json', 'text'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
/** Fields every JSON line carries that the text form leaves out. */
const TEXT_OMITS = new Set(['level', 'time', 'pid', 'hostname', 'msg']);
/**
 * The broker's operational log, built on pino: JSON lines (`level` as a name, `time` in ISO
 * 8601) or readable text lines. A line whose message or fields look like a token, an API key or
 * a private key is replaced by a note saying so (the same test the audit log applies): callers
 * never log those, and this keeps it so if a reason ever quotes one.
 *
 * @example
 * const log = createLog({ format: 'json', level: 'info', destination: process.stdout });
 * log.info({ route: '/healthz', status: 200 }, 'request');
 */
function createLog(options) {
    const sink = accessBatches(options.destination);
    const stream = options.format === 'json' ? sink : textStream(sink);
    // Set while pino writes an access line (`log.info({…}, 'request')`, one per request), which may wait for company.
    let accessLine = false;
    return (0,pino.pino)({
        level: options.level,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        hooks: {
            logMethod(args, method) {
                if (looksSecret(args)) {
                    return method.call(this, '[a log line was withheld: it looked like it held a token or a key]');
                }
                accessLine = args[1] === 'request';
                try {
                    return method.apply(this, args);
                }
                finally {
                    accessLine = false;
                }
            },
        },
    }, { write: (line) => stream.write(line, accessLine) });
}
/** Longest an access line waits for others to go out with it… */
const ACCESS_BATCH_MS = 20;
/** …and most that wait at once. */
const ACCESS_BATCH_CHARS = 16 * 1024;
/** Each log's flush, run once when the process exits (one listener however many logs there are). */
const waitingAtExit = new Set();
process.once('exit', () => {
    for (const flush of waitingAtExit)
        flush();
});
/**
 * Access lines go out in batches: one write(2) to the pipe or file every ACCESS_BATCH_MS at most,
 * instead of one per request (each write to a pipe wakes its reader, which cost a tenth of a
 * broker's CPU at one request at a time). Any other line first writes out what waits, so lines
 * keep their order; so does the process's exit. A broker killed with -9 loses at most the last
 * ACCESS_BATCH_MS of access lines (the audit log, written before each answer, loses nothing).
 */
function accessBatches(destination) {
    let waiting = '';
    let timer;
    const flush = () => {
        if (timer !== undefined)
            clearTimeout(timer);
        timer = undefined;
        if (waiting === '')
            return;
        const text = waiting;
        waiting = '';
        destination.write(text);
    };
    waitingAtExit.add(flush);
    return {
        write(text, batch) {
            if (!batch) {
                flush();
                destination.write(text);
                return;
            }
            waiting += text;
            if (waiting.length >= ACCESS_BATCH_CHARS)
                flush();
            else
                timer ??= setTimeout(flush, ACCESS_BATCH_MS).unref();
        },
    };
}
function looksSecret(args) {
    try {
        for (const arg of args)
            (0,secret_guard/* assertNoSecrets */.v)(arg);
        return false;
    }
    catch {
        return true;
    }
}
/** Renders each JSON line pino writes as one line of text: `warning: …`, `GET /healthz 200 1.2ms …`. */
function textStream(sink) {
    return {
        write(line, batch) {
            const entry = JSON.parse(line);
            sink.write(`${renderText(entry)}\n`, batch);
        },
    };
}
function renderText(entry) {
    const prefix = entry.level === 'warn' ? 'warning: ' : entry.level === 'error' || entry.level === 'fatal' ? 'error: ' : '';
    if (entry.msg === 'request' && typeof entry.method === 'string') {
        const { method, route, status, duration_ms, client_address, request_id } = entry;
        return `${prefix}${method} ${route} ${status} ${duration_ms}ms from ${client_address} request_id=${request_id}${entry.aborted ? ' (client went away)' : ''}`;
    }
    const extras = Object.entries(entry)
        .filter(([name]) => !TEXT_OMITS.has(name))
        .map(([name, value]) => ` ${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join('');
    return `${prefix}${entry.msg ?? ''}${extras}`;
}

// EXTERNAL MODULE: ./src/broker/server.ts + 16 modules
var server = __webpack_require__(6870);
// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
// EXTERNAL MODULE: ./src/lib/errors.ts
var lib_errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/fetch-json.ts
var fetch_json = __webpack_require__(6286);
// EXTERNAL MODULE: ./src/lib/http.ts
var lib_http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __webpack_require__(9722);
;// CONCATENATED MODULE: ./src/broker/startup-checks.ts





/**
 * What `stint serve` checks once it listens, warning about each issuer that does not answer
 * (docs/broker.md#start-up-checks): an issuer may be down for a moment, and exchanges of its tokens
 * are refused (503) until it answers. The store is watched by awaitStore. A state dir it cannot use
 * stops the broker before this (ERR_STATE_DIR). `signal` ends the checks early when the broker stops.
 *
 * @example
 * void checkDependencies(broker.context, log, { signal: stopping.signal });
 */
async function checkDependencies(ctx, log, options = {}) {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const base = options.http ?? lib_http/* httpRequest */.aj;
    const http = (request) => base(options.signal && !request.signal ? { ...request, signal: options.signal } : request);
    await Promise.all(Object.values(ctx.config.providers).map(async (provider) => {
        const url = `${provider.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
        try {
            const document = await (0,fetch_json/* fetchJsonObject */.U)(url, {
                http,
                timeoutMs,
                maxBytes: 256 * 1024,
                codes: {
                    unreachable: 'ERR_ISSUER_UNREACHABLE',
                    tooLarge: 'ERR_ISSUER_DOCUMENT_TOO_LARGE',
                    invalid: 'ERR_ISSUER_DOCUMENT_INVALID',
                },
            });
            if (document.issuer !== provider.issuer) {
                log.warn(`provider ${provider.name}: ${url} names issuer ${JSON.stringify(document.issuer ?? null)}, not ${provider.issuer}; its tokens will be refused (503) until the config or the issuer is fixed`);
            }
        }
        catch (error) {
            if (options.signal?.aborted)
                return;
            log.warn(`provider ${provider.name}: issuer ${provider.issuer} cannot be reached at start: ${error.message}; exchanges of its tokens are refused (503) until it answers`);
        }
    }));
}
/** What a starting broker waits for its store when the config does not say (`store.startup_timeout`). */
const STORE_STARTUP_TIMEOUT_SEC = 30;
/**
 * Redis refusing the broker for a reason that waiting cannot mend: a wrong password or ACL user,
 * missing permissions, a database the server does not have, a certificate it does not accept.
 */
const REFUSAL = /WRONGPASS|NOAUTH|NOPERM|DB index is out of range|certificate|CERT_|self[- ]signed/i;
/**
 * Waits, once the broker listens, for its store to take a write (docs/broker.md#start-up-checks).
 * A store that answers at once says nothing. One that does not is a warning, and the broker stays
 * not ready (`/readyz` 503, exchanges 503) while it keeps trying: a Redis started together with the
 * broker comes up a moment later. Resolves with the error that must stop the broker (exit 1): Redis
 * refused it for a reason waiting will not mend (ERR_STORE_REFUSED), or it has not taken a write
 * within `store.startup_timeout` (ERR_STORE_UNREACHABLE), since a broker that never reached its
 * store is a deployment mistake for its supervisor to see, not an outage to ride out. Later
 * outages never stop a broker that has reached its store; it refuses and recovers.
 *
 * @example
 * const fatal = await awaitStore(broker.context, log, { signal: stopping.signal });
 */
async function awaitStore(ctx, log, options = {}) {
    const store = ctx.config.store;
    const timeoutSec = (store.kind === 'redis' ? store.startup_timeout : undefined) ?? STORE_STARTUP_TIMEOUT_SEC;
    const started = performance.now();
    const deadline = started + timeoutSec * 1000;
    let warned = false;
    for (;;) {
        let reason;
        try {
            await ctx.store.checkWrite();
            if (warned)
                log.info(`the store takes writes now, ${elapsed(started)} after start; the broker is ready`);
            return undefined;
        }
        catch (error) {
            reason = error.message;
        }
        if (options.signal?.aborted)
            return undefined;
        if (REFUSAL.test(reason)) {
            // The store's own hint ("check that Redis is running…") does not apply: it runs, and said no.
            const said = reason.replace(/; check that Redis is running.*$/, '');
            return new lib_errors/* StintError */.Fp('ERR_STORE_REFUSED', `the store refuses the broker: ${said}. Waiting will not mend this: fix the password (the env var store.password_env names), the ACL user, store.db or the TLS settings, then start again`);
        }
        if (performance.now() >= deadline) {
            return new lib_errors/* StintError */.Fp('ERR_STORE_UNREACHABLE', `the store took no write in the ${(0,duration/* formatDuration */.a)(timeoutSec)} after start (store.startup_timeout): ${reason}; check that Redis is running and reachable from this host, or raise store.startup_timeout`);
        }
        if (!warned) {
            warned = true;
            log.warn(`the store does not take a write at start: ${reason}; until it does the broker is not ready (/readyz answers 503) and refuses exchanges (503), and it exits if that lasts ${(0,duration/* formatDuration */.a)(timeoutSec)} (store.startup_timeout)`);
        }
        const pause = Math.min(options.pollMs ?? 500, Math.max(0, deadline - performance.now()));
        const stopped = await new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), pause);
            options.signal?.addEventListener('abort', () => {
                clearTimeout(timer);
                resolve(true);
            }, { once: true });
        });
        if (stopped)
            return undefined;
    }
}
function elapsed(since) {
    return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
/**
 * The warning `stint serve` logs once it listens on `host` without TLS, or undefined when there is
 * nothing to say: plain HTTP is only quiet on loopback (localhost, 127.0.0.0/8, ::1), where the
 * tokens never leave the machine. Any other address, the wildcards `0.0.0.0` and `::` included,
 * would carry ID tokens and stint tokens across the network in clear (docs/broker.md#tls). A
 * warning, not a refusal: behind a TLS-terminating proxy on the same network this is intended.
 *
 * @example
 * plainHttpWarning('0.0.0.0', false) // 'serving plain HTTP on 0.0.0.0; tokens cross the network in clear. …'
 * plainHttpWarning('127.0.0.1', false) // undefined
 */
function plainHttpWarning(host, tls) {
    if (tls || (0,loopback/* isLoopbackHost */.c)(host))
        return undefined;
    return `serving plain HTTP on ${host}; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.`;
}

// EXTERNAL MODULE: ./src/policy/index.ts + 9 modules
var policy = __webpack_require__(1504);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/serve.ts













const HELP = `Usage: stint serve [--config FILE] [--port N] [--host H] [--tls-cert PEM --tls-key PEM]
                   [--log-format json|text] [--log-level LEVEL]
       stint serve --dev [--port N] [--host H]

Runs the stint broker. Its first line of output is "stint broker listening on URL"; then comes its
log on stdout: one line per request and what it has to say, never a token or a key. It warns (and
sets gauges on /metrics) when a project API key, its TLS certificate or the mTLS CA is within
14 days of expiry, when an API key never expires, and when a signing-key rotation is overdue.

Options:
  --config FILE   broker config and policy (default ./stint.yml)
  --port N        port to listen on (default 8080; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1)
  --tls-cert PEM  certificate chain file: serve HTTPS
  --tls-key PEM   private key file for --tls-cert
  --log-format F  json (one JSON object per line; the default when stdout is not a terminal) or
                  text (readable lines; the default on a terminal)
  --log-level L   trace, debug, info (default), warn, error, fatal or silent
  --dev           no config: memory store, keys under .stint/keys, audit at .stint/audit.jsonl,
                  the example policy, issuer http://HOST:PORT (never for production)
  --help          show this help

Signals:
  SIGHUP          reload the config file (policy, projects, providers, rate limits) and the TLS
                  certificate; a file that does not load leaves the old one serving and says why
  SIGTERM/SIGINT  drain: stop accepting, let requests in flight finish (shutdown_grace, default
                  10s), flush the audit log, exit 0; a second signal cuts the drain short`;
/** `stint serve`: loads the config, opens the broker, listens until told to stop. */
const run = async (args, io) => {
    const { values } = (0,external_node_util_.parseArgs)({
        args,
        strict: true,
        options: {
            config: { type: 'string' },
            port: { type: 'string' },
            host: { type: 'string' },
            'tls-cert': { type: 'string' },
            'tls-key': { type: 'string' },
            'log-format': { type: 'string' },
            'log-level': { type: 'string' },
            dev: { type: 'boolean' },
            help: { type: 'boolean' },
        },
    });
    if (values.help) {
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    const port = parsePort(values.port ?? '8080');
    const host = values.host ?? '127.0.0.1';
    if (values.dev && values.config !== undefined)
        throw new lib_errors/* UsageError */.eb('--dev runs the embedded default; give either --dev or --config, not both');
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
        throw new lib_errors/* UsageError */.eb('--tls-cert and --tls-key go together');
    const tlsFiles = values['tls-cert'] !== undefined && values['tls-key'] !== undefined
        ? { cert: (0,external_node_path_.resolve)(io.cwd, values['tls-cert']), key: (0,external_node_path_.resolve)(io.cwd, values['tls-key']) }
        : undefined;
    const log = createLog({
        format: logFormat(values['log-format'], io.stdout.isTTY === true),
        level: logLevel(values['log-level']),
        destination: io.stdout,
    });
    const tls = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
    /** The certificate being served now (SIGHUP may replace it), for the expiry watch. */
    let servedCert = tls?.cert;
    let config;
    if (!values.dev)
        config = await loadConfig((0,external_node_path_.resolve)(io.cwd, values.config ?? 'stint.yml'), io);
    // The handler is attached once the broker is open: in --dev mode the issuer is the bound
    // address, known only after listening. Requests that arrive before then get a 503.
    let broker;
    const listening = await (0,server/* listen */.KT)((req, res) => {
        if (broker)
            return broker.handler(req, res);
        const requestId = (0,external_node_crypto_.randomUUID)();
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', 'x-request-id': requestId });
        res.end(JSON.stringify({
            error: 'temporarily_unavailable',
            error_description: 'the broker is starting',
            request_id: requestId,
        }));
    }, tls ? { host, port, tls } : { host, port }).catch((error) => {
        throw new lib_errors/* StintError */.Fp('ERR_LISTEN', `cannot listen on ${host}:${port}: ${error.message}`, {
            cause: error,
        });
    });
    // audit.stdout: lines written while the broker opens (a start-up key rotation) wait for the first line.
    const auditOut = heldUntilOpened(io.stdout);
    let active;
    try {
        active = config ?? (0,policy/* parseConfig */.o4)((0,dev_config/* devConfigYaml */.F)({ issuer: listening.url, cwd: io.cwd }), '<embedded>').config;
        broker = await (0,server/* openBroker */.iW)(active, { env: io.env, log, stdout: auditOut });
    }
    catch (error) {
        await listening.close();
        throw error;
    }
    // Handlers before the first line: whoever waits for that line (systemd, a test, an operator's
    // script) may send SIGHUP at once, and an unhandled SIGHUP would kill the broker.
    const signals = watchSignals();
    (0,cli_io/* writeLine */._r)(io.stdout, `stint broker listening on ${listening.url}`);
    auditOut.open();
    for (const note of broker.startupNotes)
        log[note.level](note.message);
    for (const line of describeTrust(active, Boolean(values.dev)))
        log.info(line);
    const plainHttp = plainHttpWarning(host, tls !== undefined);
    if (plainHttp !== undefined)
        log.warn(plainHttp);
    // API keys, the serving certificate, the mTLS CA and the key schedule: gauges and warnings.
    const expiries = (0,expiry_watch/* watchExpiries */.t5)(broker.context, log, {
        servingCertificate: () => tlsFiles === undefined || servedCert === undefined ? undefined : { file: tlsFiles.cert, pem: servedCert },
    });
    const expiriesChecked = expiries.check();
    const stopping = new AbortController();
    const checked = checkDependencies(broker.context, log, { signal: stopping.signal });
    // A broker that never reached its store stops (exit 1) rather than wait forever unready.
    const storeNeverReached = awaitStore(broker.context, log, { signal: stopping.signal }).then((error) => error ?? new Promise(() => undefined));
    let fatal;
    try {
        for (;;) {
            const signal = await Promise.race([signals.next(), storeNeverReached]);
            if (signal instanceof lib_errors/* StintError */.Fp) {
                fatal = signal;
                log.error(signal.message);
                break;
            }
            if (signal !== 'SIGHUP')
                break;
            await reload(values.config === undefined && values.dev ? undefined : (0,external_node_path_.resolve)(io.cwd, values.config ?? 'stint.yml'));
        }
        stopping.abort();
        const grace = broker.context.config.shutdown_grace;
        log.info(`stint broker draining: ${listening.inFlight()} request(s) in flight, up to ${grace}s`);
        // A second SIGTERM/SIGINT during the drain: the operator wants out now.
        const { cut } = await Promise.race([listening.close(grace * 1000), signals.next().then(() => listening.close(0))]);
        expiries.stop();
        await Promise.all([checked, expiriesChecked]);
        await broker.close();
        log.info(cut === 0 ? 'stint broker stopped' : `stint broker stopped; ${cut} request(s) cut off`);
        if (fatal)
            throw fatal;
        return 0;
    }
    finally {
        signals.stop();
    }
    /** SIGHUP: the config file and the TLS certificate, all or nothing; on a failure the old ones serve on. */
    async function reload(file) {
        const live = broker;
        if (file === undefined) {
            log.warn('SIGHUP: nothing to reload (--dev runs the embedded default)');
            return;
        }
        let sha256 = null;
        try {
            const text = await readConfigText(file);
            sha256 = (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
            const { config: next, diagnostics } = (0,policy/* parseConfig */.o4)(text, file);
            const errors = diagnostics.filter((d) => d.severity === 'error');
            if (errors.length > 0) {
                throw new lib_errors/* StintError */.Fp('ERR_CONFIG_RELOAD', `it does not load: ${errors.map(policy/* formatDiagnostic */.xy).join('; ')}`);
            }
            const pair = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
            live.reload(next);
            if (pair !== undefined) {
                listening.server.setSecureContext(pair);
                servedCert = pair.cert;
            }
            // Lifetimes read again at once (certificates, the CA, API keys), not at the next 5-minute check.
            void expiries.check();
            await live.recordReload('success', sha256);
            log.info(`reloaded ${file} (sha256 ${sha256})${pair ? ' and the TLS certificate' : ''}`);
        }
        catch (error) {
            const reason = error.message;
            await live.recordReload('failure', sha256, reason).catch(() => undefined);
            log.warn(`reload of ${file} refused, the previous config still serves: ${reason}`);
        }
    }
};
/** A writer that holds what it is given until open(), then writes it and passes the rest straight on. */
function heldUntilOpened(out) {
    let held = [];
    return {
        write(text) {
            if (held === undefined)
                out.write(text);
            else
                held.push(text);
        },
        open() {
            if (held !== undefined && held.length > 0)
                out.write(held.join(''));
            held = undefined;
        },
    };
}
async function loadConfig(file, io) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new lib_errors/* StintError */.Fp('ERR_CONFIG_UNREADABLE', `cannot read config ${file}: ${error.code ?? error.message} (give --config FILE, or --dev for the embedded default)`);
    }
    const { config, diagnostics } = (0,policy/* parseConfig */.o4)(text, file);
    for (const diagnostic of diagnostics)
        (0,cli_io/* writeLine */._r)(io.stderr, (0,policy/* formatDiagnostic */.xy)(diagnostic));
    return config;
}
/**
 * The serving certificate and its key, checked to belong together, so a mismatch is reported
 * with the files' names instead of as an OpenSSL code from listen().
 */
async function readTlsPair(files) {
    const [cert, key] = await Promise.all([readPem(files.cert), readPem(files.key)]);
    try {
        (0,external_node_tls_.createSecureContext)({ cert, key });
    }
    catch (error) {
        const detail = error.message;
        const mismatch = /key values mismatch/i.test(detail);
        throw new lib_errors/* StintError */.Fp('ERR_TLS_INVALID', mismatch
            ? `${files.key} is not the private key of the certificate in ${files.cert}; give the key that was issued with it`
            : `cannot use ${files.cert} with ${files.key}: ${detail} (both must be PEM: the certificate chain, and its unencrypted private key)`);
    }
    return { cert, key };
}
async function readConfigText(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new lib_errors/* StintError */.Fp('ERR_CONFIG_UNREADABLE', `cannot read config ${file}: ${error.code ?? error.message}`);
    }
}
async function readPem(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new lib_errors/* StintError */.Fp('ERR_TLS_UNREADABLE', `cannot read ${file}: ${error.code ?? error.message}`);
    }
}
/** `--log-format`, or json when stdout is not a terminal (a service manager, a container, a pipe) and text when it is. */
function logFormat(value, tty) {
    if (value === undefined)
        return tty ? 'text' : 'json';
    if (!LOG_FORMATS.includes(value))
        throw new lib_errors/* UsageError */.eb(`--log-format must be ${LOG_FORMATS.join(' or ')}, not ${value}`);
    return value;
}
function logLevel(value) {
    if (value === undefined)
        return 'info';
    if (!LOG_LEVELS.includes(value))
        throw new lib_errors/* UsageError */.eb(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not ${value}`);
    return value;
}
function parsePort(value) {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535)
        throw new lib_errors/* UsageError */.eb(`--port must be a number from 0 to 65535, not ${value}`);
    return port;
}
/** What the broker trusts, so an operator sees at a glance what it will accept. */
function describeTrust(config, dev) {
    const lines = [`issuer ${config.issuer}${dev ? ' (--dev: embedded default, memory store, not for production)' : ''}`];
    lines.push(`store ${config.store.kind === 'memory' ? `embedded (state ${config.store.dir}, sync ${config.store.sync ?? 'always'})` : 'redis'}, keys ${config.keys.dir} (${config.keys.algorithm}), audit ${config.audit.file}`);
    for (const provider of Object.values(config.providers)) {
        lines.push(`trusts provider ${provider.name}: ${provider.issuer} (audience ${provider.audience}; ${provider.algorithms.join(', ')})`);
    }
    for (const project of Object.values(config.projects)) {
        lines.push(`project ${project.name}: scopes ${project.scopes.join(' ') || '(none)'}, ttl ${project.ttl}s (max ${project.max_ttl}s), ${project.trust.length} trust rule${project.trust.length === 1 ? '' : 's'}`);
    }
    return lines;
}
/**
 * The signals `stint serve` acts on, in the order they arrive: SIGHUP (reload), SIGTERM and
 * SIGINT (stop). A signal that arrives while the last one is handled waits its turn.
 */
function watchSignals() {
    const queued = [];
    let waiting;
    const on = (name) => () => {
        if (waiting) {
            const deliver = waiting;
            waiting = undefined;
            deliver(name);
        }
        else
            queued.push(name);
    };
    const handlers = { SIGHUP: on('SIGHUP'), SIGTERM: on('SIGTERM'), SIGINT: on('SIGINT') };
    for (const [name, handler] of Object.entries(handlers))
        process.on(name, handler);
    return {
        next: () => {
            const first = queued.shift();
            if (first !== undefined)
                return Promise.resolve(first);
            return new Promise((resolve) => {
                waiting = resolve;
            });
        },
        stop: () => {
            for (const [name, handler] of Object.entries(handlers))
                process.off(name, handler);
        },
    };
}


/***/ })

};
