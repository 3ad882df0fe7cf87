export const id = 304;
export const ids = [304];
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
/* harmony import */ var _lib_duration_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2543);
/* harmony import */ var _mtls_ca_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(970);
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
        if (options.warn === false)
            return;
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
                checkServing(serving, notAfterMs, t, warnOnce);
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
/**
 * Gauges for the active keys, and a warning for each that expires within 14 days or never. A key
 * with a revocation time is revoked whatever that time says (the revoking host's clock, maybe ahead).
 */
function checkApiKeys(records, t, warnOnce) {
    const active = records.filter((r) => r.revokedAtMs === undefined && (r.expiresAtMs === undefined || r.expiresAtMs > t));
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
function checkServing(serving, notAfterMs, t, warnOnce) {
    if (notAfterMs - t >= EXPIRY_WARNING_MS)
        return;
    const { file } = serving;
    const fields = { event: 'certificate_expiring', code: warning('WARN_CERT_EXPIRING'), certificate: 'serving' };
    const then = serving.credential
        ? 'Renew the file systemd copies it from (LoadCredential=), then restart the service (systemctl restart stint): systemd copies credentials at start only, so SIGHUP (systemctl reload) would read the old copy again.'
        : 'Renew it, then send SIGHUP.';
    warnOnce('serving', fields, notAfterMs <= t
        ? `the TLS certificate in ${file} expired ${new Date(notAfterMs).toISOString()}; clients will refuse it. ${then}`
        : `the TLS certificate in ${file} ${expiresIn(notAfterMs, t)}. ${then}`);
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
    warnOnce(`rotation:${current.kid}`, { event: 'key_rotation_due', code: warning('WARN_KEY_ROTATION_DUE'), kid: current.kid }, `signing key ${current.kid} has signed since ${new Date(current.activatesAtMs).toISOString()}, longer than keys.rotate_every (${(0,_lib_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatDuration */ .a)(ctx.config.keys.rotate_every)}), and no successor is published: ${ctx.keySet.readOnlyDir
        ? `${ctx.keySet.dir} is read-only for this broker, so run \`stint keys rotate\` where it is writable and ship the result`
        : 'run `stint keys rotate`, and look in this log for why signing-key maintenance fails'}`);
    return true;
}
/** The CA that signs now, as `<caDir>/ca.pem` holds it (certificate first). In a PKCS#11 token there is no file: not read. */
async function readCaNotAfter(ctx, t) {
    // A CA in a PKCS#11 token: its certificate is an object in the token, beside its key.
    if (ctx.keySet.token !== undefined)
        return (0,_mtls_ca_js__WEBPACK_IMPORTED_MODULE_4__.tokenCaNotAfter)(ctx.keySet.token, t);
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

/***/ 7304:
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
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/broker/client-address.ts
var client_address = __webpack_require__(8447);
;// CONCATENATED MODULE: ./src/broker/connection-guard.ts


/** How often, at most, the guard logs about one address, and about the open-file limit. */
const CONNECTION_LOG_INTERVAL_MS = 60_000;
/** Addresses the guard remembers having logged in one interval; past this it logs about no more until the interval ends. */
const LOGGED_MAX = 1_000;
/**
 * The open files the broker keeps for other things than connections: its store (Redis
 * connections, the embedded store's files), the audit log, the keys dir and its watch, the
 * issuers' discovery and JWKS fetches, a worker's channel to the primary. A tenth of the limit,
 * and at least this.
 */
const RESERVED_FILES_MIN = 64;
/**
 * Guards a listening server against one client holding every connection, and against running
 * out of file descriptors:
 *
 * - Each TCP peer (IPv6: its /64, as the per-address rate limit counts) may hold
 *   `rate_limit.connections_per_address` connections at once, and never more than half of the
 *   ceiling below; the next are closed as soon as they are accepted, before a byte of them is
 *   read (or, over TLS, before the handshake). The count is of the TCP peer, never of
 *   X-Forwarded-For, which is not read yet when a connection opens: a peer in `trust_proxy` is
 *   not counted at all, since every client behind it shares its address (cap connections per
 *   client on the proxy).
 * - The server holds at most the open-file limit less a reserve (`maxConnections`): past it,
 *   Node closes new connections at once ('drop'), so the broker's own files (the audit log, the
 *   store, the keys) and its fetches to the issuers still get a descriptor. Without it, the
 *   accepts fail with EMFILE, which libuv meets by closing every connection waiting to be
 *   accepted, the next request to log an exchange cannot open what it must, and nothing says why.
 * - An accept that fails all the same (EMFILE, ENFILE: the system's table is full) is logged,
 *   and the server goes on listening; it accepts again once descriptors are free.
 *
 * Each address over its cap is logged once per CONNECTION_LOG_INTERVAL_MS (a warning,
 * WARN_CONNECTIONS_PER_ADDRESS); the ceiling and accept failures, once per interval too (an error,
 * ERR_OPEN_FILE_LIMIT). Every refusal is counted.
 *
 * @example
 * guardConnections(server, { config: () => context.config, log, refused: (r) => metrics.connectionRefused(r) });
 */
function guardConnections(server, options) {
    const now = options.now ?? Date.now;
    const limit = 'openFileLimit' in options ? options.openFileLimit : openFileLimit();
    const ceiling = limit === undefined ? undefined : connectionCeiling(limit);
    if (ceiling !== undefined)
        server.maxConnections = ceiling;
    const reserved = limit === undefined || ceiling === undefined ? 0 : limit - ceiling;
    const perAddress = () => {
        const configured = options.config().connections_per_address;
        return ceiling === undefined ? configured : Math.min(configured, Math.max(1, Math.floor(ceiling / 2)));
    };
    /** Open connections per counted address. */
    const open = new Map();
    /** When each address was last logged, within the current interval. */
    const logged = new Map();
    let limitLoggedAt = Number.NEGATIVE_INFINITY;
    server.on('connection', (socket) => {
        const peer = (0,client_address/* peerAddress */.jA)(socket);
        const config = options.config();
        if ((0,client_address/* isTrustedProxy */.Kq)((0,client_address/* trustedProxies */.gl)(config.trust_proxy), peer))
            return;
        const key = (0,client_address/* rateLimitKey */.HN)(peer);
        const held = open.get(key) ?? 0;
        const cap = perAddress();
        if (held >= cap) {
            socket.destroy();
            options.refused('per_address');
            logAddress(peer, key, cap);
            return;
        }
        open.set(key, held + 1);
        socket.once('close', () => {
            const left = (open.get(key) ?? 1) - 1;
            if (left <= 0)
                open.delete(key);
            else
                open.set(key, left);
        });
    });
    server.on('drop', () => {
        options.refused('open_files');
        logLimit(`the broker holds ${ceiling} connections, the most its open-file limit allows (${limit} files, less ${reserved} kept for its store, audit log, keys and issuers): new connections are closed unread until some close; raise the limit (ulimit -n, LimitNOFILE= in the systemd unit, the container's nofile ulimit), and look for the clients holding them (stint_connections_refused_total counts the refusals)`);
    });
    // Listening, an accept that fails emits 'error' on the server: with no listener that ends the
    // process. EMFILE and ENFILE pass (libuv has closed the connections waiting; the next accept
    // may succeed); anything else is logged too, and the server keeps listening.
    server.on('error', (error) => {
        if (error.code === 'EMFILE' || error.code === 'ENFILE') {
            const which = error.code === 'EMFILE'
                ? `this process's open-file limit${limit === undefined ? '' : ` (${limit})`}`
                : "the system's open-file table (fs.file-max)";
            logLimit(`accepting connections failed with ${error.code}: ${which} is used up; connections waiting to be accepted were closed, those open are served; raise the limit (ulimit -n, LimitNOFILE= in the systemd unit, the container's nofile ulimit${error.code === 'ENFILE' ? ', sysctl fs.file-max' : ''})`);
            return;
        }
        options.log.error(`accepting a connection failed: ${error.message}`);
    });
    function logAddress(peer, key, cap) {
        const t = now();
        const last = logged.get(key);
        if (last !== undefined && t - last < CONNECTION_LOG_INTERVAL_MS)
            return;
        if (logged.size >= LOGGED_MAX) {
            for (const [address, at] of logged)
                if (t - at >= CONNECTION_LOG_INTERVAL_MS)
                    logged.delete(address);
            if (logged.size >= LOGGED_MAX)
                return;
        }
        logged.set(key, t);
        const configured = options.config().connections_per_address;
        const setting = cap < configured
            ? `rate_limit.connections_per_address is ${configured}, lowered to half of the ${ceiling} connections the open-file limit allows`
            : 'rate_limit.connections_per_address';
        options.log.warn({ code: 'WARN_CONNECTIONS_PER_ADDRESS', client_address: peer }, `${peer}${key === peer ? '' : ` (${key})`} holds ${cap} connections, the most one address may (${setting}): its further connections are closed unread; said once a minute per address, counted in stint_connections_refused_total. Clients behind one NAT: raise the setting; a proxy of yours: list it in trust_proxy`);
    }
    function logLimit(message) {
        const t = now();
        if (t - limitLoggedAt < CONNECTION_LOG_INTERVAL_MS)
            return;
        limitLoggedAt = t;
        options.log.error({ code: 'ERR_OPEN_FILE_LIMIT' }, message);
    }
    return { ceiling, perAddress };
}
/** The most connections a process with `limit` open files takes: the limit less a tenth (at least RESERVED_FILES_MIN), and at least half of it. */
function connectionCeiling(limit) {
    const reserve = Math.max(RESERVED_FILES_MIN, Math.floor(limit / 10));
    return Math.max(Math.floor(limit / 2), limit - reserve);
}
/**
 * This process's soft limit on open files (Node raises it to the hard limit at start), from
 * /proc/self/limits; undefined where that cannot be read (not Linux) or says unlimited.
 */
function openFileLimit(read = () => (0,external_node_fs_.readFileSync)('/proc/self/limits', 'utf8')) {
    let text;
    try {
        text = read();
    }
    catch {
        return undefined;
    }
    const soft = /^Max open files\s+(\d+)\s/m.exec(text)?.[1];
    return soft === undefined ? undefined : Number(soft);
}

// EXTERNAL MODULE: ./src/broker/dev-config.ts
var dev_config = __webpack_require__(2641);
// EXTERNAL MODULE: ./src/broker/expiry-watch.ts
var expiry_watch = __webpack_require__(9160);
// EXTERNAL MODULE: ./src/broker/key-agreement.ts
var key_agreement = __webpack_require__(2955);
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
            (0,secret_guard/* assertNoSecrets */.v7)(arg);
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
        return `${prefix}${method} ${route} ${status ?? '-'} ${duration_ms}ms from ${client_address} request_id=${request_id}${entry.worker === undefined ? '' : ` worker=${entry.worker}`}${entry.aborted ? ' (client went away)' : ''}`;
    }
    const extras = Object.entries(entry)
        .filter(([name]) => !TEXT_OMITS.has(name))
        .map(([name, value]) => ` ${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join('');
    return `${prefix}${entry.msg ?? ''}${extras}`;
}

// EXTERNAL MODULE: ./src/broker/metrics.ts
var broker_metrics = __webpack_require__(8196);
// EXTERNAL MODULE: ./src/broker/readiness.ts
var broker_readiness = __webpack_require__(577);
// EXTERNAL MODULE: ./src/broker/routes.ts + 11 modules
var routes = __webpack_require__(2639);
// EXTERNAL MODULE: ./src/broker/server.ts + 1 modules
var server = __webpack_require__(278);
// EXTERNAL MODULE: ./src/broker/access-line.ts
var access_line = __webpack_require__(5566);
;// CONCATENATED MODULE: ./src/broker/starting.ts




/**
 * What a broker answers while it listens but has not opened yet (its keys, store and audit log
 * are being opened; in --dev mode its issuer is the address it was given): 503
 * `temporarily_unavailable`, "the broker is starting", `Retry-After: 1`. Each answer has its
 * access line, with the fields of every other request's (accessLine): a load balancer's probe or a
 * job that came early is in the log too. `config` is undefined in --dev mode, whose issuer (the
 * bound address) has no path, so routes are named as at the root and no proxy is trusted.
 *
 * @example
 * const listening = await listen((req, res) => (broker ? broker.handler(req, res) : starting(req, res)), …);
 */
function startingHandler(log, config) {
    const prefix = config === undefined ? '' : (0,routes/* issuerPath */.fB)(config.issuer);
    const trusted = config === undefined ? undefined : (0,client_address/* compileTrustProxy */.yI)(config.trust_proxy);
    return (req, res) => {
        const started = performance.now();
        const requestId = (0,external_node_crypto_.randomUUID)();
        const path = (0,routes/* pathOf */.XM)(req.url);
        res.once('close', () => {
            const route = (path === undefined ? undefined : (0,routes/* routeOf */.Lu)(path, prefix)) ?? 'other';
            log.info((0,access_line/* accessLine */.v)(req, res, { route, started, requestId, clientAddress: (0,client_address/* clientAddress */.ci)(req, trusted) }), 'request');
        });
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', 'x-request-id': requestId });
        res.end(JSON.stringify({
            error: 'temporarily_unavailable',
            error_description: 'the broker is starting',
            request_id: requestId,
        }));
    };
}

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
// EXTERNAL MODULE: ./src/store/types.ts
var types = __webpack_require__(7940);
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
        let refused;
        let replicasShort = false;
        try {
            await ctx.store.checkWrite();
            if (warned)
                log.info(`the store takes writes now, ${elapsed(started)} after start; the broker is ready`);
            return undefined;
        }
        catch (error) {
            reason = error.message;
            if (error instanceof types/* StoreRefusedError */.Om)
                refused = error;
            replicasShort = error instanceof types/* ReplicasShortError */.kH;
        }
        if (options.signal?.aborted)
            return undefined;
        if (refused !== undefined) {
            // The store's own advice ("check that Redis is running…") does not apply: it runs, and said no.
            // A certificate refusal names its one fix (NODE_EXTRA_CA_CERTS, a name in the certificate).
            return new lib_errors/* StintError */.Fp('ERR_STORE_REFUSED', `the store refuses the broker: ${refused.problem}. Waiting will not mend this: ${refused.fix ??
                'fix the password (the env var store.password_env names), the ACL user, store.db or the TLS settings'}, then start again`);
        }
        if (performance.now() >= deadline) {
            return new lib_errors/* StintError */.Fp('ERR_STORE_UNREACHABLE', `the store took no write in the ${(0,duration/* formatDuration */.a)(timeoutSec)} after start (store.startup_timeout): ${reason}${
            // Redis runs and answers; what is missing is a replica, which the reason names (or the store's own hint says it).
            replicasShort || reason.includes('is a replica')
                ? ''
                : reason.includes('check that Redis is running')
                    ? '; or raise store.startup_timeout if Redis takes longer to start'
                    : '; check that Redis is running and reachable from this host, or raise store.startup_timeout'}`);
        }
        if (!warned) {
            warned = true;
            log.warn(`the store does not take a write at start: ${reason}; until it does the broker is not ready (/readyz answers 503) and refuses exchanges (503), and it exits if that lasts ${(0,duration/* formatDuration */.a)(timeoutSec)} (store.startup_timeout)`);
        }
        const pause = Math.min(options.pollMs ?? 500, Math.max(0, deadline - performance.now()));
        // One listener at a time: a new one per poll would pile up on the signal over the window.
        const stopped = await new Promise((resolve) => {
            const onAbort = () => {
                clearTimeout(timer);
                resolve(true);
            };
            const timer = setTimeout(() => {
                options.signal?.removeEventListener('abort', onAbort);
                resolve(false);
            }, pause);
            options.signal?.addEventListener('abort', onAbort, { once: true });
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
    if (tls || (0,loopback/* isLoopbackHost */.cW)(host))
        return undefined;
    return `serving plain HTTP on ${host}; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.`;
}

// EXTERNAL MODULE: external "node:cluster"
var external_node_cluster_ = __webpack_require__(139);
var external_node_cluster_default = /*#__PURE__*/__webpack_require__.n(external_node_cluster_);
;// CONCATENATED MODULE: ./src/broker/workers.ts


/** The environment variable that tells a worker its number (1…N); a replacement keeps the number. */
const WORKER_ENV = 'STINT_WORKER';
/** How long the primary waits for each worker's metrics before answering without them. */
const COLLECT_MS = 2_000;
/** Restart delays: doubling from the first to the last; reset once a worker has run RESET_MS. */
const RESTART_FIRST_MS = 100;
const RESTART_MAX_MS = 10_000;
const RESET_MS = 30_000;
/** Past a worker's shutdown_grace, how long the primary waits before it kills it. */
const DRAIN_MARGIN_MS = 10_000;
/**
 * Where worker `n` writes its audit log: `audit.jsonl` → `audit-w1.jsonl`. A hash chain has one
 * writer at a time; N processes taking turns on one file would serialise every exchange on its
 * lock. Each file is its own chain (`stint audit verify` each; `stint audit query` merges them).
 */
function workerAuditFile(file, n) {
    const ext = (0,external_node_path_.extname)(file);
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(file), `${(0,external_node_path_.basename)(file, ext)}-w${n}${ext}`);
}
/** The config worker `n` runs: the same, but with its own audit file. Applied to every reload too. */
function forWorker(config, n) {
    return { ...config, audit: { ...config.audit, file: workerAuditFile(config.audit.file, n) } };
}
/** This process's part when it is a worker of `stint serve --workers N`, else undefined. */
function workerLink() {
    if (!(external_node_cluster_default()).isWorker)
        return undefined;
    const n = Number(process.env[WORKER_ENV]);
    return new WorkerLink(Number.isInteger(n) && n > 0 ? n : ((external_node_cluster_default()).worker?.id ?? 0));
}
/** A worker's side of the channel to the primary. */
class WorkerLink {
    n;
    nextId = 1;
    pending = new Map();
    commands = [];
    /** What each 'reload' command applies, in the order they came. */
    reloads = [];
    given;
    waiting;
    stopSeen = false;
    collect;
    go;
    opened;
    constructor(n) {
        this.n = n;
        this.opened = new Promise((resolve) => {
            this.go = resolve;
        });
        process.on('message', (message) => {
            switch (message?.stint) {
                case 'config':
                    this.given?.(message.served);
                    this.given = undefined;
                    break;
                case 'go':
                    this.go?.();
                    break;
                case 'reload':
                    this.reloads.push(message.outcome);
                    this.push('reload');
                    break;
                case 'drain':
                    this.stop();
                    break;
                case 'cut':
                    this.push('cut');
                    break;
                case 'collect':
                    this.send({ stint: 'metrics', id: message.id, text: this.collect?.() ?? '' });
                    break;
                case 'metrics':
                    this.pending.get(message.id)?.(message.text);
                    this.pending.delete(message.id);
                    break;
            }
        });
        // The primary passes signals on. One sent to the whole process group (Ctrl-C, systemd's
        // control-group stop) reaches the worker too: a stop starts the drain once; a SIGHUP is
        // left to the primary, which sends each worker one reload.
        process.on('SIGTERM', () => this.stop());
        process.on('SIGINT', () => this.stop());
        process.on('SIGHUP', () => undefined);
    }
    /** The config to start with, as the primary holds it now (never the file as it is on disk). */
    config() {
        return new Promise((resolve) => {
            this.given = resolve;
            this.send({ stint: 'config?' });
        });
    }
    /** What the 'reload' just returned by next() applies: read once by the primary for every worker. */
    takeReload() {
        const outcome = this.reloads.shift();
        if (outcome === undefined)
            throw new Error('takeReload() without a reload command');
        return outcome;
    }
    /** Resolves when the primary has printed the listening line: the worker may log from then on. */
    started() {
        return this.opened;
    }
    ready(url) {
        this.send({ stint: 'ready', url });
    }
    failed(text, code) {
        this.send({ stint: 'failed', text, code });
    }
    draining(graceMs) {
        this.send({ stint: 'draining', graceMs });
    }
    /** What this worker's /metrics shows: its own samples, when the primary asks for them. */
    onCollect(render) {
        this.collect = render;
    }
    /** Every worker's metrics, merged by the primary (GET /metrics on any worker). */
    metrics() {
        const id = this.nextId++;
        return new Promise((resolve) => {
            this.pending.set(id, resolve);
            this.send({ stint: 'metrics?', id });
        });
    }
    /** The next command from the primary (or a stop signal): reload, stop (drain), cut (end the drain now). */
    next() {
        const first = this.commands.shift();
        if (first !== undefined)
            return Promise.resolve(first);
        return new Promise((resolve) => {
            this.waiting = resolve;
        });
    }
    /** Lets the process end: the channel to the primary is what keeps a worker alive. */
    disconnect() {
        if (external_node_cluster_default().worker?.isConnected())
            external_node_cluster_default().worker.disconnect();
    }
    stop() {
        if (this.stopSeen)
            return;
        this.stopSeen = true;
        this.push('stop');
        // Stopped before the primary printed the line (a signal during start-up): drain all the same.
        this.go?.();
    }
    push(command) {
        if (this.waiting) {
            const deliver = this.waiting;
            this.waiting = undefined;
            deliver(command);
        }
        else
            this.commands.push(command);
    }
    send(message) {
        if (process.connected)
            process.send?.(message);
    }
}
/**
 * Runs the primary: forks `workers` copies of this command (cluster re-runs the same argv; each
 * sees `cluster.isWorker`), and returns the exit code once they are gone.
 */
async function runPrimary(options) {
    const { log } = options;
    const slots = Array.from({ length: options.workers }, (_, i) => ({
        n: i + 1,
        ready: false,
        startedAt: 0,
        failures: 0,
        missed: 0,
        silent: false,
    }));
    /** What a worker starting now is handed; replaced by a SIGHUP that loads. */
    let served = options.served;
    /** SIGHUPs in the order they came: each reload is read and sent whole before the next starts. */
    let reloading = Promise.resolve();
    /** The collection in progress: every scrape that arrives meanwhile shares it. */
    let collecting;
    let stopping = false;
    let listeningUrl;
    let restarts = 0;
    let collectId = 1;
    const collections = new Map();
    let finish = () => undefined;
    const finished = new Promise((resolve) => {
        finish = resolve;
    });
    let exitCode = 0;
    let fatal;
    const live = () => slots.filter((slot) => slot.worker !== undefined);
    const send = (slot, message) => {
        if (slot.worker?.isConnected())
            slot.worker.send(message);
    };
    const fork = (slot) => {
        slot.ready = false;
        slot.startedAt = Date.now();
        const worker = external_node_cluster_default().fork({ [WORKER_ENV]: String(slot.n), STINT_INSTANCE: `${options.instance}/w${slot.n}` });
        slot.worker = worker;
        worker.on('message', (message) => onMessage(slot, worker, message));
        worker.on('exit', (code, signal) => onExit(slot, worker, code, signal));
    };
    const onMessage = (slot, worker, message) => {
        switch (message?.stint) {
            case 'config?':
                worker.send({ stint: 'config', served });
                break;
            case 'ready':
                slot.ready = true;
                slot.failure = undefined;
                if (listeningUrl !== undefined) {
                    // A replacement: the line was printed long ago.
                    worker.send({ stint: 'go' });
                    log.info({ worker_pid: worker.process.pid }, `worker ${slot.n} replaced and serving`);
                }
                else if (slots.every((s) => s.ready)) {
                    listeningUrl = message.url;
                    // Printed once, when every worker listens: whoever waits for it can use all of them.
                    options.stdout.write(`stint broker listening on ${listeningUrl}\n`);
                    log.info({ workers: slots.map((s) => s.worker?.process.pid) }, `${slots.length} workers serving (pids ${slots.map((s) => s.worker?.process.pid).join(', ')})`);
                    for (const s of slots)
                        send(s, { stint: 'go' });
                }
                break;
            case 'failed':
                slot.failure = { text: message.text, code: message.code };
                break;
            case 'draining':
                clearTimeout(slot.drainTimer);
                slot.drainTimer = setTimeout(() => {
                    log.error(`worker ${slot.n} did not finish its drain within its shutdown_grace; killing it`);
                    exitCode = 1;
                    worker.process.kill('SIGKILL');
                }, message.graceMs + DRAIN_MARGIN_MS);
                break;
            case 'metrics?':
                collecting ??= collectMetrics().finally(() => {
                    collecting = undefined;
                });
                void collecting.then((text) => {
                    if (worker.isConnected())
                        worker.send({ stint: 'metrics', id: message.id, text });
                });
                break;
            case 'metrics': {
                const collection = collections.get(message.id);
                if (collection) {
                    collection.texts.set(slot.n, message.text);
                    if (collection.texts.size >= slots.filter((s) => s.ready).length)
                        collection.done();
                }
                break;
            }
        }
    };
    const onExit = (slot, worker, code, signal) => {
        if (slot.worker !== worker)
            return;
        clearTimeout(slot.drainTimer);
        const wasReady = slot.ready;
        slot.worker = undefined;
        slot.ready = false;
        const how = signal !== null ? `signal ${signal}` : `code ${code}`;
        if (stopping) {
            if (code !== 0)
                exitCode = 1;
            if (live().length === 0)
                done();
            return;
        }
        // A replacement that cannot start (its store out of reach, its keys dir unreadable) while
        // others serve: the broker serves on and the slot is tried again. (The config is the one the
        // primary holds, never the file as it is on disk now.)
        const replacementFailed = listeningUrl !== undefined && slot.failure !== undefined && !wasReady && live().some((s) => s.ready);
        if (replacementFailed) {
            log.error({ worker_pid: worker.process.pid }, `worker ${slot.n} could not start: ${slot.failure.text.replace(/^stint: /, '')}; the other workers serve on and it is tried again`);
            slot.failure = undefined;
        }
        else if (listeningUrl === undefined || slot.failure !== undefined) {
            // A worker that cannot start (a bad config, the port taken), or that stops with an error
            // (its store never reached), stops them all with that error, as one broker would, rather
            // than a restart loop.
            const failure = slot.failure ?? {
                text: `stint: worker ${slot.n} exited with ${how} before it listened`,
                code: 1,
            };
            if (listeningUrl !== undefined)
                log.error(`worker ${slot.n} stopped with an error: stopping every worker`);
            stopWith(failure);
            return;
        }
        const ranMs = Date.now() - slot.startedAt;
        // This exit is the first of a new run once the worker had served RESET_MS: 100 ms again.
        slot.failures = wasReady && ranMs >= RESET_MS ? 1 : slot.failures + 1;
        if (!wasReady && live().every((s) => !s.ready)) {
            // No worker serves and this one died before it listened: stop, so the service manager sees it.
            log.error(`worker ${slot.n} exited with ${how} before it listened, and no worker is serving: stopping`);
            stopWith({ text: `stint: worker ${slot.n} exited with ${how} before it listened`, code: 1 });
            return;
        }
        const delay = Math.min(RESTART_FIRST_MS * 2 ** (slot.failures - 1), RESTART_MAX_MS);
        restarts++;
        log.warn({ worker_pid: worker.process.pid, restart_in_ms: delay }, `worker ${slot.n} exited unexpectedly (${how}); starting a replacement in ${delay} ms`);
        setTimeout(() => {
            if (!stopping && slot.worker === undefined)
                fork(slot);
        }, delay);
    };
    const stopAll = () => {
        stopping = true;
        for (const slot of live())
            send(slot, { stint: 'drain' });
    };
    /** Stops every worker because of one worker's error, which is told once they are all gone. */
    const stopWith = (failure) => {
        fatal ??= failure;
        stopAll();
        if (live().length === 0)
            done();
    };
    /** Every worker is gone: the exit code, and the error that stopped them if one did. */
    const done = () => {
        if (fatal !== undefined) {
            options.stderr.write(`${fatal.text}\n`);
            finish(fatal.code === 0 ? 1 : fatal.code);
        }
        else
            finish(exitCode);
    };
    const collectMetrics = async () => {
        const id = collectId++;
        const asked = slots.filter((s) => s.ready);
        const texts = new Map();
        await new Promise((resolve) => {
            const timer = setTimeout(resolve, COLLECT_MS);
            collections.set(id, {
                texts,
                done: () => {
                    clearTimeout(timer);
                    resolve();
                },
            });
            for (const slot of asked)
                send(slot, { stint: 'collect', id });
            if (asked.length === 0)
                resolve();
        });
        collections.delete(id);
        for (const slot of asked) {
            if (texts.has(slot.n)) {
                if (slot.silent)
                    log.info(`worker ${slot.n} answers for /metrics again`);
                slot.silent = false;
                continue;
            }
            slot.missed++;
            // A worker that is stuck (its event loop blocked, stopped) must not hold every scrape.
            if (!slot.silent) {
                log.warn({ worker_pid: slot.worker?.process.pid }, `worker ${slot.n} did not answer for /metrics within ${COLLECT_MS} ms: scrapes leave its samples out until it does (stint_worker_metrics_missed_total)`);
            }
            slot.silent = true;
        }
        return mergeExpositions(texts, {
            workers: slots.length,
            restarts,
            missed: new Map(slots.map((s) => [s.n, s.missed])),
        });
    };
    const handlers = {
        SIGHUP: () => {
            if (stopping)
                return;
            reloading = reloading.then(async () => {
                // Read once, here: every worker gets the same outcome, and a replacement started from now
                // on gets what the others serve, whatever the file on disk says by then.
                const outcome = await options.reread();
                if ('served' in outcome)
                    served = outcome.served;
                if (stopping)
                    return;
                log.info(`SIGHUP: reloading ${live().length} worker(s)`);
                for (const slot of live())
                    send(slot, { stint: 'reload', outcome });
            });
        },
        SIGTERM: () => onStop('SIGTERM'),
        SIGINT: () => onStop('SIGINT'),
    };
    let stopSignals = 0;
    const onStop = (name) => {
        stopSignals++;
        if (stopSignals === 1) {
            log.info(`${name}: draining ${live().length} worker(s)`);
            stopAll();
            if (live().length === 0)
                done();
        }
        else {
            // A second signal during the drain: the operator wants out now.
            for (const slot of live())
                send(slot, { stint: 'cut' });
        }
    };
    for (const [name, handler] of Object.entries(handlers))
        process.on(name, handler);
    try {
        for (const slot of slots)
            fork(slot);
        const code = await finished;
        if (listeningUrl !== undefined)
            log.info(`stint broker stopped (${slots.length} workers)`);
        return code;
    }
    finally {
        for (const [name, handler] of Object.entries(handlers))
            process.off(name, handler);
    }
}
/**
 * One exposition from each worker's: every sample gets a `worker` label, the samples of a family
 * stay together under one HELP and TYPE, and the primary adds `stint_workers`,
 * `stint_workers_answered`, `stint_worker_restarts_total` and, per worker,
 * `stint_worker_metrics_missed_total`. Sum over `worker` for the broker.
 */
function mergeExpositions(texts, primary) {
    const families = new Map();
    const family = (name) => {
        let found = families.get(name);
        if (found === undefined) {
            found = { head: [], samples: [] };
            families.set(name, found);
        }
        return found;
    };
    for (const [n, text] of [...texts].sort(([a], [b]) => a - b)) {
        let current;
        for (const line of text.split('\n')) {
            const comment = /^# (?:HELP|TYPE) (\S+)/.exec(line);
            if (comment) {
                current = family(comment[1]);
                current.headFrom ??= n;
                if (current.headFrom === n)
                    current.head.push(line);
                continue;
            }
            const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
            if (name === undefined)
                continue;
            const rest = line.slice(name.length);
            const labelled = rest.startsWith('{')
                ? `${name}{worker="${n}"${rest.startsWith('{}') ? '' : ','}${rest.slice(1)}`
                : `${name}{worker="${n}"}${rest}`;
            (current ?? family(name)).samples.push(labelled);
        }
    }
    const lines = [];
    for (const { head, samples } of families.values())
        lines.push(...head, ...samples);
    lines.push('# HELP stint_workers Worker processes this broker runs (stint serve --workers).', '# TYPE stint_workers gauge', `stint_workers ${primary.workers}`, '# HELP stint_workers_answered Workers whose samples are in this scrape.', '# TYPE stint_workers_answered gauge', `stint_workers_answered ${texts.size}`, '# HELP stint_worker_restarts_total Workers replaced after they exited unexpectedly or failed to start.', '# TYPE stint_worker_restarts_total counter', `stint_worker_restarts_total ${primary.restarts}`, `# HELP stint_worker_metrics_missed_total Collections for /metrics (one per scrape, shared by scrapes that arrive meanwhile) this worker did not answer within ${COLLECT_MS / 1000} s; its samples were left out.`, '# TYPE stint_worker_metrics_missed_total counter', ...[...primary.missed].map(([n, count]) => `stint_worker_metrics_missed_total{worker="${n}"} ${count}`));
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/lib/file-access.ts
var file_access = __webpack_require__(32);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/lib/settled-read.ts



/**
 * Reads a file once it has not changed for `stillMs`, and only if it did not change while it was
 * read. A writer that is not atomic (`cat > file`, a tool writing in pieces, a path watcher that
 * sends SIGHUP at the first write) leaves a prefix of the file for a moment, and a prefix of a
 * YAML policy is often valid YAML with fewer constraints: reading it would fail open.
 */
async function readSettled(file, options) {
    const started = Date.now();
    let waited = false;
    let seen;
    for (;;) {
        const now = Date.now();
        const before = await statOf(file, options);
        // Still for long enough: by its modification time (not in the future), or unchanged since
        // the last look, which was at least stillMs ago.
        let latest = before;
        const still = now - before.mtimeMs >= options.stillMs || (seen !== undefined && same(seen, before));
        if (still) {
            let text;
            try {
                text = await (0,promises_.readFile)(file, 'utf8');
            }
            catch (error) {
                throw options.readError(error);
            }
            const after = await statOf(file, options);
            if (same(before, after) && Buffer.byteLength(text) === after.size)
                return text;
            latest = after;
        }
        if (now - started >= options.limitMs) {
            throw new lib_errors/* StintError */.Fp('ERR_CONFIG_RELOAD', `${file} kept changing for ${Math.round(options.limitMs / 1000)} s, so it may be half written; write the new file beside it and rename it over ${file} (an atomic replace), then send SIGHUP again`);
        }
        if (!waited)
            options.onWait?.(Math.max(0, Math.round(Date.now() - latest.mtimeMs)));
        waited = true;
        seen = latest;
        await (0,external_node_timers_promises_.setTimeout)(options.stillMs);
    }
}
async function statOf(file, options) {
    try {
        return await (0,promises_.stat)(file);
    }
    catch (error) {
        throw options.readError(error);
    }
}
function same(a, b) {
    return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

// EXTERNAL MODULE: ./src/lib/url-credentials.ts
var url_credentials = __webpack_require__(5757);
// EXTERNAL MODULE: ./src/lib/version.ts
var version = __webpack_require__(7471);
// EXTERNAL MODULE: ./src/policy/index.ts + 9 modules
var policy = __webpack_require__(7855);
// EXTERNAL MODULE: ./src/cli/failure.ts
var failure = __webpack_require__(2372);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/serve.ts



























const HELP = `Usage: stint serve [--config FILE] [--port N] [--host H] [--tls-cert PEM --tls-key PEM]
                   [--log-format json|text] [--log-level LEVEL] [--workers N|auto]
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
  --workers N     N broker processes sharing the port, to use N cores (default 1: one process);
                  auto = one per CPU. More than 1 needs a Redis store (the embedded store is one
                  process's); each worker writes its own audit file (audit-w1.jsonl, …)
  --dev           no config: the embedded store in .stint/state, keys under .stint/keys, audit at
                  .stint/audit.jsonl, issuer http://HOST:PORT, and a built-in GitHub-only policy
                  (not examples/stint.yml): project warehouse for acme/warehouse's main branch
                  and production environment, trusting only GitHub's own issuer
                  (https://token.actions.githubusercontent.com). Never for production.
                  It does not trust \`stint dev issuer\`: to try a broker with that, put the
                  providers: entry and trust rule the issuer prints in a stint.yml and run
                  stint serve --config stint.yml (stint demo wires the two up itself)
  --help          show this help

Signals:
  SIGHUP          reload the config file (policy, projects, providers, rate limits) and the TLS
                  certificate; a file that does not load leaves the old one serving and says why
  SIGTERM/SIGINT  drain: stop accepting, let requests in flight finish (shutdown_grace, default
                  10s), flush the audit log, exit 0; a second signal cuts the drain short
  With --workers, signal the primary (the process started): it passes each signal on to every
  worker and replaces a worker that dies (docs/broker.md#every-core-of-a-machine---workers).`;
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
            workers: { type: 'string' },
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
    // A worker of `--workers N` (see src/broker/workers.ts) runs this same command.
    const worker = workerLink();
    const workers = worker === undefined ? parseWorkers(values.workers ?? '1') : 1;
    const logOptions = {
        format: logFormat(values['log-format'], io.stdout.isTTY === true),
        level: logLevel(values['log-level']),
    };
    if (worker !== undefined) {
        try {
            return await serve({ values, io, port, host, tlsFiles, logOptions }, worker);
        }
        catch (error) {
            // Told once, by the primary, however many workers fail the same way.
            let text = '';
            const told = new external_node_stream_.Writable({
                write(chunk, _encoding, done) {
                    text += String(chunk);
                    done();
                },
            });
            const code = (0,failure/* reportFailure */.x)(error, { ...io, stderr: told });
            worker.failed(text.trimEnd(), code);
            return code;
        }
        finally {
            worker.disconnect();
        }
    }
    if (workers > 1) {
        // Read and check once, here, what every worker serves: the config and the TLS files. The
        // workers (a replacement started later too) are handed this text, never the file on disk.
        const file = (0,external_node_path_.resolve)(io.cwd, values.config ?? 'stint.yml');
        // Its warnings are logged by worker 1 once it listens (each worker parses the same text).
        const loaded = values.dev ? undefined : await loadConfig(file);
        const store = loaded?.config.store;
        if (loaded === undefined || store?.kind !== 'redis') {
            throw new lib_errors/* StintError */.Fp('ERR_WORKERS_NEED_SHARED_STORE', `--workers ${workers} needs a shared store: the embedded store${store?.kind === 'memory' ? ` (state ${store.dir})` : ' (--dev)'} is held by one process; set store: redis://… (or Sentinel, Cluster) in the config, or run one worker`);
        }
        const tls = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
        let serving = loaded.config;
        const primaryLog = createLog({ ...logOptions, destination: io.stdout }).child({ worker: 0 });
        return runPrimary({
            workers,
            log: primaryLog,
            stdout: io.stdout,
            stderr: io.stderr,
            instance: (0,key_agreement/* instanceName */.zl)(io.env),
            served: { file, text: loaded.text, ...(tls === undefined ? {} : { tls }) },
            reread: async () => {
                const { outcome, config } = await readReload(file, tlsFiles, serving, (text) => primaryLog.info(text));
                if (config !== undefined)
                    serving = config;
                return outcome;
            },
        });
    }
    return serve({ values, io, port, host, tlsFiles, logOptions }, undefined);
};
/** What the connection guard applies before a --dev broker has its config: the defaults, no proxy trusted. */
const GUARD_DEFAULTS = { connections_per_address: policy/* CONFIG_DEFAULTS */.IE.connections_per_address, trust_proxy: [] };
/** One broker: this process alone, or worker `link.n` of several. */
async function serve(settings, link) {
    const { values, io, port, host, tlsFiles, logOptions } = settings;
    // The log waits for the listening line, stdout's first (a worker's, for the primary's): the
    // access lines of requests answered while the broker opens are written after it.
    // Workers share one stdout: each write is whole lines of at most PIPE_BUF bytes, so theirs never interleave mid-line.
    const out = link === undefined ? io.stdout : wholeLines(io.stdout);
    const logOut = heldUntilOpened(out);
    const baseLog = createLog({ ...logOptions, destination: logOut });
    const log = link === undefined ? baseLog : baseLog.child({ worker: link.n });
    // Said first (held lines are released in order, before any access line of a request answered
    // while the broker opens), so a fleet's logs tell which broker runs which version (also
    // stint_build_info, and the instance record its peers read). Each worker says it: a replacement
    // may run another build.
    const instance = (0,key_agreement/* instanceName */.zl)(io.env);
    log.info({ version: version/* VERSION */.x, instance }, `stint ${version/* VERSION */.x} broker, instance ${instance}`);
    // A worker serves what the primary read (src/broker/workers.ts), not the file as it is now.
    const given = link === undefined ? undefined : await link.config();
    const tls = given !== undefined ? given.tls : tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
    /** The certificate being served now (SIGHUP may replace it), for the expiry watch. */
    let servedCert = tls?.cert;
    let config;
    /** The config's warnings: logged once it listens, as `warn` lines with their code, like a reload's. */
    let configWarnings = [];
    if (given !== undefined)
        ({ config, diagnostics: configWarnings } = (0,policy/* parseConfig */.o4)(given.text, given.file));
    else if (!values.dev)
        ({ config, diagnostics: configWarnings } = await loadConfig((0,external_node_path_.resolve)(io.cwd, values.config ?? 'stint.yml')));
    if (config !== undefined && link !== undefined)
        config = forWorker(config, link.n);
    const logConfigWarnings = () => {
        for (const warning of configWarnings)
            log.warn({ code: warning.code }, (0,policy/* formatDiagnostic */.xy)(warning));
    };
    // The handler is attached once the broker is open: in --dev mode the issuer is the bound
    // address, known only after listening. Requests that arrive before then get a 503.
    let broker;
    const starting = startingHandler(log, config);
    const listening = await (0,server/* listen */.KT)((req, res) => (broker ? broker.handler(req, res) : starting(req, res)), tls ? { host, port, tls, log } : { host, port }).catch((error) => {
        throw new lib_errors/* StintError */.Fp('ERR_LISTEN', `cannot listen on ${host}:${port}: ${error.message}`, {
            cause: error,
        });
    });
    // Counted from the first connection: the guard counts in them before the broker is open.
    const metrics = (0,broker_metrics/* createMetrics */.Q)();
    // Before any connection is accepted (listen resolved, no I/O since): one address holds so many
    // connections, and the broker as many as its open-file limit leaves room for.
    guardConnections(listening.server, {
        config: () => broker?.context.config ?? config ?? GUARD_DEFAULTS,
        log,
        refused: (reason) => metrics.connectionRefused(reason),
    });
    // audit.stdout: lines written while the broker opens (a start-up key rotation) wait for the first line.
    const auditOut = heldUntilOpened(out);
    let active;
    try {
        active = config ?? (0,policy/* parseConfig */.o4)((0,dev_config/* devConfigYaml */.F)({ issuer: listening.url, cwd: io.cwd }), '<embedded>').config;
        broker = await (0,server/* openBroker */.iW)(active, {
            env: io.env,
            log,
            metrics,
            stdout: auditOut,
            // Any worker's /metrics shows every worker's samples, gathered by the primary.
            ...(link === undefined ? {} : { exposition: () => link.metrics() }),
        });
    }
    catch (error) {
        await listening.close();
        // They may tell why it did not open: on stderr, beside the error, since stdout's first line is
        // the listening line or nothing; so do the access lines of what it answered meanwhile. A
        // worker's go nowhere before it listens (the primary reports).
        if (link === undefined) {
            for (const warning of configWarnings)
                (0,cli_io/* writeLine */._r)(io.stderr, (0,policy/* formatDiagnostic */.xy)(warning));
            logOut.open(io.stderr);
        }
        throw error;
    }
    const opened = broker;
    link?.onCollect(() => opened.context.metrics.render());
    // Handlers before the first line: whoever waits for that line (systemd, a test, an operator's
    // script) may send SIGHUP at once, and an unhandled SIGHUP would kill the broker.
    const signalled = link === undefined ? signalCommands() : undefined;
    const commands = link ?? signalled;
    if (link === undefined)
        (0,cli_io/* writeLine */._r)(io.stdout, `stint broker listening on ${listening.url}`);
    else {
        // The primary prints the line once every worker listens, then lets them all speak.
        link.ready(listening.url);
        await link.started();
    }
    logOut.open();
    auditOut.open();
    for (const note of broker.startupNotes) {
        if (note.code === undefined)
            log[note.level](note.message);
        else
            log[note.level]({ code: note.code }, note.message);
    }
    // Said once for the whole broker: by worker 1 when there are several.
    const first = link === undefined || link.n === 1;
    if (first)
        logConfigWarnings();
    const signing = signingAlgorithm(broker.context.keySet);
    if (first)
        for (const line of describeTrust(active, Boolean(values.dev), signing))
            log.info(line);
    const pending = first ? algorithmPending(active, broker.context.keySet) : undefined;
    if (pending !== undefined)
        log.warn({ code: 'WARN_KEY_ALGORITHM_PENDING' }, pending);
    const plainHttp = plainHttpWarning(host, tls !== undefined);
    if (first && plainHttp !== undefined)
        log.warn(plainHttp);
    // API keys, the serving certificate, the mTLS CA and the key schedule: gauges in every
    // worker, warnings from the first only (they read the same store, certificate and keys).
    const expiries = (0,expiry_watch/* watchExpiries */.t5)(broker.context, log, {
        warn: first,
        servingCertificate: () => tlsFiles === undefined || servedCert === undefined
            ? undefined
            : { file: tlsFiles.cert, pem: servedCert, credential: isCredential(tlsFiles.cert, io.env) },
    });
    const expiriesChecked = expiries.check();
    const stopping = new AbortController();
    const checked = first ? checkDependencies(broker.context, log, { signal: stopping.signal }) : undefined;
    // A broker that never reached its store stops (exit 1) rather than wait forever unready.
    const storeReached = awaitStore(broker.context, log, { signal: stopping.signal });
    const storeNeverReached = storeReached.then((error) => error ?? new Promise(() => undefined));
    // The gauges stint_ready and stint_store_up, kept current while no request calls /readyz; from
    // when the start-up checks are done with the store.
    const readiness = (0,broker_readiness/* watchReadiness */.uY)(broker.context, log, { after: Promise.all([checked, storeReached]) });
    // The embedded store's state directory taken by another process: this broker must answer no more (exit 1).
    const storeLost = broker.context.store.lost ?? new Promise(() => undefined);
    let fatal;
    try {
        for (;;) {
            const command = await Promise.race([commands.next(), storeNeverReached, storeLost]);
            if (command instanceof lib_errors/* StintError */.Fp) {
                fatal = command;
                log.error(command.message);
                break;
            }
            if (command !== 'reload')
                break;
            await reload(values.config === undefined && values.dev ? undefined : (0,external_node_path_.resolve)(io.cwd, values.config ?? 'stint.yml'));
        }
        stopping.abort();
        const readinessStopped = readiness.stop();
        const grace = broker.context.config.shutdown_grace;
        link?.draining(grace * 1000);
        log.info(`stint broker draining: ${listening.inFlight()} request(s) in flight, up to ${grace}s`);
        // A second SIGTERM/SIGINT during the drain: the operator wants out now.
        const cutShort = async () => {
            while ((await commands.next()) !== 'cut')
                ;
        };
        const cutAt = (why) => (res) => (0,routes/* cutOffByDrain */.Xt)(res, why, log);
        const { cut } = await Promise.race([
            listening.close(grace * 1000, cutAt(`shutdown_grace (${grace}s) ran out`)),
            cutShort().then(() => listening.close(0, cutAt('a second stop signal ended the drain'))),
        ]);
        expiries.stop();
        await Promise.all([checked, expiriesChecked, readinessStopped]);
        await broker.close();
        log.info(cut === 0 ? 'stint broker stopped' : `stint broker stopped; ${cut} request(s) cut off`);
        if (fatal)
            throw fatal;
        return 0;
    }
    finally {
        signalled?.stop();
    }
    /**
     * SIGHUP: the config file and the TLS certificate, all or nothing; on a failure the old ones
     * serve on. A worker applies what the primary read once for every worker.
     */
    async function reload(file) {
        const live = broker;
        if (file === undefined) {
            log.warn('SIGHUP: nothing to reload (--dev runs the embedded default)');
            return;
        }
        const read = link === undefined ? await readReload(file, tlsFiles, live.context.config, (text) => log.info(text)) : undefined;
        const outcome = read?.outcome ?? link.takeReload();
        try {
            if ('refused' in outcome)
                throw new lib_errors/* StintError */.Fp('ERR_CONFIG_RELOAD', outcome.refused);
            const parsed = read?.parsed ?? (0,policy/* parseConfig */.o4)(outcome.served.text, outcome.served.file);
            const next = parsed.config;
            const pair = outcome.served.tls;
            live.reload(link === undefined ? next : forWorker(next, link.n));
            if (pair !== undefined) {
                listening.server.setSecureContext(pair);
                servedCert = pair.cert;
            }
            // Lifetimes read again at once (certificates, the CA, API keys), not at the next 5-minute check.
            void expiries.check();
            await live.recordReload('success', outcome.sha256);
            log.info(`reloaded ${file} (sha256 ${outcome.sha256})${pair ? ' and the TLS certificate' : ''}`);
            // The config's warnings, as at start (once, by the first worker, when there are several).
            if (link === undefined || link.n === 1) {
                for (const warning of parsed.diagnostics)
                    log.warn({ code: warning.code }, (0,policy/* formatDiagnostic */.xy)(warning));
            }
        }
        catch (error) {
            const reason = error.message;
            await live.recordReload('failure', outcome.sha256, reason).catch(() => undefined);
            log.warn(`reload of ${file} refused, the previous config still serves: ${reason}`);
        }
    }
}
/** Whether `file` is a systemd credential: under `$CREDENTIALS_DIRECTORY` (LoadCredential=, copied at start only). */
function isCredential(file, env) {
    const dir = env.CREDENTIALS_DIRECTORY;
    if (!dir)
        return false;
    const inside = (0,external_node_path_.relative)((0,external_node_path_.resolve)(dir), (0,external_node_path_.resolve)(file));
    return inside !== '' && !inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside);
}
/**
 * Reads the config file and the TLS pair again for a reload, all or nothing, and checks the config
 * against `serving`: what the broker would refuse (a parse error, a restart-only change, a TLS
 * pair that does not load) is the reason the old config serves on.
 */
async function readReload(file, tlsFiles, serving, note) {
    let sha256 = null;
    try {
        const text = await readSettled(file, {
            ...RELOAD_SETTLE,
            onWait: (ago) => note(`SIGHUP: ${file} changed ${ago} ms ago; reading it once it has not changed for ${RELOAD_SETTLE.stillMs} ms`),
            readError: configReadError(file),
        });
        sha256 = (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
        const parsed = (0,policy/* parseConfig */.o4)(text, file);
        const { config, diagnostics } = parsed;
        const errors = diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
            throw new lib_errors/* StintError */.Fp('ERR_CONFIG_RELOAD', `it does not load: ${errors.map(policy/* formatDiagnostic */.xy).join('; ')}`);
        }
        const fixed = (0,server/* restartOnlyChanges */.j4)(serving, config);
        if (fixed.length > 0) {
            throw new lib_errors/* StintError */.Fp('ERR_CONFIG_RELOAD', `${fixed.join(', ')} changed; ${fixed.length === 1 ? 'that takes' : 'those take'} a restart, not a reload`);
        }
        const tls = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
        const served = { file, text, ...(tls === undefined ? {} : { tls }) };
        return { outcome: { served, sha256 }, config, parsed };
    }
    catch (error) {
        return { outcome: { refused: error.message, sha256 } };
    }
}
/** Bytes a pipe writes in one piece (POSIX PIPE_BUF on Linux): writes of several processes up to this size never mix. */
const PIPE_BUF = 4096;
/**
 * A writer that passes text on in writes of whole lines, each at most PIPE_BUF bytes (a longer
 * line alone), so that several processes writing lines to one pipe never split one another's.
 */
function wholeLines(out) {
    return {
        write(text) {
            if (text.length * 3 <= PIPE_BUF || Buffer.byteLength(text) <= PIPE_BUF) {
                out.write(text);
                return;
            }
            let chunk = '';
            let bytes = 0;
            for (const line of text.split(/(?<=\n)/)) {
                const size = Buffer.byteLength(line);
                if (bytes + size > PIPE_BUF && chunk !== '') {
                    out.write(chunk);
                    chunk = '';
                    bytes = 0;
                }
                chunk += line;
                bytes += size;
            }
            if (chunk !== '')
                out.write(chunk);
        },
    };
}
/**
 * A writer that holds what it is given until open(), then writes it and passes the rest straight
 * on, to `out` or to where open() says (stderr, for a broker that did not open).
 */
function heldUntilOpened(out) {
    let held = [];
    let target = out;
    return {
        write(text) {
            if (held === undefined)
                target.write(text);
            else
                held.push(text);
        },
        open(to = out) {
            if (held === undefined)
                return;
            target = to;
            if (held.length > 0)
                target.write(held.join(''));
            held = undefined;
        },
    };
}
/**
 * Reads and parses the config. Its warnings come back for the broker's log (an operator who ships
 * the JSON log must get them there, not as plain text on stderr); errors throw ConfigError.
 */
async function loadConfig(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw configReadError(file, ' (give --config FILE, or --dev for the embedded default)')(error);
    }
    return { ...(0,policy/* parseConfig */.o4)(text, file), text };
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
/**
 * A reload reads the config once it has been still this long (a writer that is not atomic is done
 * by then: a prefix of a policy can be valid YAML with fewer constraints), and refuses a file that
 * is still changing after the limit, which stays below the drain's default grace.
 */
const RELOAD_SETTLE = { stillMs: 1000, limitMs: 5000 };
/**
 * What a config that cannot be read is reported as: permission denied says which user, who owns
 * the file and its mode (not `hint`, which is for a missing file); anything else its errno.
 */
function configReadError(file, hint = '') {
    return (error) => (0,file_access/* fileAccessError */.z9)(error) ??
        new lib_errors/* StintError */.Fp('ERR_CONFIG_UNREADABLE', `cannot read config ${file}: ${error.code ?? error.message}${hint}`);
}
async function readPem(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw ((0,file_access/* fileAccessError */.z9)(error) ??
            new lib_errors/* StintError */.Fp('ERR_TLS_UNREADABLE', `cannot read ${file}: ${error.code ?? error.message}`));
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
/** `--workers N`: a count from 1, or `auto` (or 0) for one per CPU. */
function parseWorkers(value) {
    if (value === 'auto' || value === '0')
        return (0,external_node_os_.availableParallelism)();
    const count = Number(value);
    if (!/^\d+$/.test(value) || count < 1 || count > 1024)
        throw new lib_errors/* UsageError */.eb(`--workers must be a number from 1 to 1024, or auto (one per CPU), not ${value}`);
    return count;
}
function parsePort(value) {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535)
        throw new lib_errors/* UsageError */.eb(`--port must be a number from 0 to 65535, not ${value}`);
    return port;
}
/** The algorithm of the key that signs now (the configured one may come later: algorithmPending). */
function signingAlgorithm(keySet) {
    return keySet.list().find((key) => key.state === 'current')?.alg;
}
/**
 * When the key that signs now is not of the configured `keys.algorithm` (it was changed since
 * the key was made): when the configured one signs, or why it does not come by itself.
 */
function algorithmPending(config, keySet) {
    const configured = config.keys.algorithm;
    const keys = keySet.list();
    const current = keys.find((key) => key.state === 'current');
    if (current === undefined || current.alg === configured)
        return undefined;
    const waiting = keys.filter((key) => key.state === 'next').sort((a, b) => a.activatesAtMs - b.activatesAtMs);
    const coming = waiting.find((key) => key.alg === configured);
    const at = (ms) => new Date(ms).toISOString();
    if (coming !== undefined) {
        return `signing ${current.alg} until ${at(coming.activatesAtMs)}, configured ${configured}: the ${configured} key ${coming.kid} is published now and signs from then`;
    }
    if (keySet.readOnlyDir) {
        return `signing ${current.alg}, configured ${configured}: the keys dir ${keySet.dir} is read-only for this broker, so it does not switch by itself; run \`stint keys rotate\` where it is writable and ship the result`;
    }
    const next = waiting[0];
    return next === undefined
        ? `signing ${current.alg}, configured ${configured}; run \`stint keys rotate\``
        : `signing ${current.alg}, configured ${configured}: the ${next.alg} key ${next.kid} waiting signs from ${at(next.activatesAtMs)}, and its ${configured} successor is scheduled then`;
}
/** What the broker trusts, so an operator sees at a glance what it will accept. */
function describeTrust(config, dev, signing) {
    const path = (0,routes/* issuerPath */.fB)(config.issuer);
    // With a path, say where the endpoints are: a proxy rule or a probe written for the root is the usual slip.
    const where = path === '' ? '' : ` (endpoints under ${path}; /livez, /readyz, /healthz and /metrics at the root)`;
    const lines = [
        `issuer ${(0,url_credentials/* redactUrl */.B)(config.issuer, { user: false })}${where}${dev ? ' (--dev: embedded default, not for production)' : ''}`,
    ];
    lines.push(`store ${config.store.kind === 'memory' ? `embedded (state ${config.store.dir}, sync ${config.store.sync ?? 'always'})` : 'redis'}, keys ${config.keys.pkcs11 === undefined ? config.keys.dir : `pkcs11:${config.keys.pkcs11.token}`} (${signing ?? config.keys.algorithm}), audit ${config.audit.file}`);
    for (const provider of Object.values(config.providers)) {
        lines.push(`trusts provider ${provider.name}: ${(0,url_credentials/* redactUrl */.B)(provider.issuer, { user: false })} (audience ${provider.audience}; ${provider.algorithms.join(', ')})`);
    }
    for (const project of Object.values(config.projects)) {
        lines.push(`project ${project.name}: scopes ${project.scopes.join(' ') || '(none)'}, ttl ${project.ttl}s (max ${project.max_ttl}s), ${project.trust.length} trust rule${project.trust.length === 1 ? '' : 's'}`);
    }
    return lines;
}
/**
 * The signals of a single broker as commands: SIGHUP reloads; the first SIGTERM or SIGINT
 * stops (drains), and any signal after it cuts the drain short.
 */
function signalCommands() {
    const signals = watchSignals();
    let stopped = false;
    return {
        next: async () => {
            const signal = await signals.next();
            if (stopped)
                return 'cut';
            if (signal === 'SIGHUP')
                return 'reload';
            stopped = true;
            return 'stop';
        },
        stop: () => signals.stop(),
    };
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
