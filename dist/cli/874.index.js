export const id = 874;
export const ids = [874];
export const modules = {

/***/ 9874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _broker_dev_config_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2641);
/* harmony import */ var _broker_server_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5685);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7268);
/* harmony import */ var _lib_loopback_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9722);
/* harmony import */ var _policy_index_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(2277);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(1604);











const HELP = `Usage: stint serve [--config FILE] [--port N] [--host H] [--tls-cert PEM --tls-key PEM]
       stint serve --dev [--port N] [--host H]

Runs the stint broker. Its first line of output is "stint broker listening on URL".

Options:
  --config FILE   broker config and policy (default ./stint.yml)
  --port N        port to listen on (default 8080; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1)
  --tls-cert PEM  certificate chain file: serve HTTPS
  --tls-key PEM   private key file for --tls-cert
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
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_4__.parseArgs)({
        args,
        strict: true,
        options: {
            config: { type: 'string' },
            port: { type: 'string' },
            host: { type: 'string' },
            'tls-cert': { type: 'string' },
            'tls-key': { type: 'string' },
            dev: { type: 'boolean' },
            help: { type: 'boolean' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    const port = parsePort(values.port ?? '8080');
    const host = values.host ?? '127.0.0.1';
    if (values.dev && values.config !== undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UsageError */ .eb('--dev runs the embedded default; give either --dev or --config, not both');
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UsageError */ .eb('--tls-cert and --tls-key go together');
    const tlsFiles = values['tls-cert'] !== undefined && values['tls-key'] !== undefined
        ? { cert: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values['tls-cert']), key: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values['tls-key']) }
        : undefined;
    const tls = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
    if (tls !== undefined && tlsFiles !== undefined)
        warnIfExpiring(tls.cert, tlsFiles.cert, io);
    let config;
    if (!values.dev)
        config = await loadConfig((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values.config ?? 'stint.yml'), io);
    // The handler is attached once the broker is open: in --dev mode the issuer is the bound
    // address, known only after listening. Requests that arrive before then get a 503.
    let broker;
    const listening = await (0,_broker_server_js__WEBPACK_IMPORTED_MODULE_6__/* .listen */ .KT)((req, res) => {
        if (broker)
            return broker.handler(req, res);
        const requestId = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', 'x-request-id': requestId });
        res.end(JSON.stringify({
            error: 'temporarily_unavailable',
            error_description: 'the broker is starting',
            request_id: requestId,
        }));
    }, tls ? { host, port, tls } : { host, port }).catch((error) => {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .StintError */ .Fp('ERR_LISTEN', `cannot listen on ${host}:${port}: ${error.message}`, {
            cause: error,
        });
    });
    let active;
    try {
        active = config ?? (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_9__/* .parseConfig */ .o4)((0,_broker_dev_config_js__WEBPACK_IMPORTED_MODULE_5__/* .devConfigYaml */ .F)({ issuer: listening.url, cwd: io.cwd }), '<embedded>').config;
        broker = await (0,_broker_server_js__WEBPACK_IMPORTED_MODULE_6__/* .openBroker */ .iW)(active, { env: io.env, log: (line) => (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, line) });
    }
    catch (error) {
        await listening.close();
        throw error;
    }
    // Handlers before the first line: whoever waits for that line (systemd, a test, an operator's
    // script) may send SIGHUP at once, and an unhandled SIGHUP would kill the broker.
    const signals = watchSignals();
    (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stdout, `stint broker listening on ${listening.url}`);
    for (const line of describeTrust(active, Boolean(values.dev)))
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stdout, line);
    if (!tls && !(0,_lib_loopback_js__WEBPACK_IMPORTED_MODULE_8__/* .isLoopbackHost */ .c)(host)) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, `stint: warning: serving plain HTTP on ${host}; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.`);
    }
    try {
        for (;;) {
            const signal = await signals.next();
            if (signal !== 'SIGHUP')
                break;
            await reload(values.config === undefined && values.dev ? undefined : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values.config ?? 'stint.yml'));
        }
        const grace = broker.context.config.shutdown_grace;
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stdout, `stint broker draining: ${listening.inFlight()} request(s) in flight, up to ${grace}s`);
        // A second SIGTERM/SIGINT during the drain: the operator wants out now.
        const { cut } = await Promise.race([listening.close(grace * 1000), signals.next().then(() => listening.close(0))]);
        await broker.close();
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stdout, cut === 0 ? 'stint broker stopped' : `stint broker stopped; ${cut} request(s) cut off`);
        return 0;
    }
    finally {
        signals.stop();
    }
    /** SIGHUP: the config file and the TLS certificate, all or nothing; on a failure the old ones serve on. */
    async function reload(file) {
        const live = broker;
        if (file === undefined) {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, 'stint: SIGHUP: nothing to reload (--dev runs the embedded default)');
            return;
        }
        let sha256 = null;
        try {
            const text = await readConfigText(file);
            sha256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex');
            const { config: next, diagnostics } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_9__/* .parseConfig */ .o4)(text, file);
            const errors = diagnostics.filter((d) => d.severity === 'error');
            if (errors.length > 0) {
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .StintError */ .Fp('ERR_CONFIG_RELOAD', `it does not load: ${errors.map(_policy_index_js__WEBPACK_IMPORTED_MODULE_9__/* .formatDiagnostic */ .xy).join('; ')}`);
            }
            const pair = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
            live.reload(next);
            if (pair !== undefined)
                listening.server.setSecureContext(pair);
            await live.recordReload('success', sha256);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, `stint: reloaded ${file} (sha256 ${sha256})${pair ? ' and the TLS certificate' : ''}`);
        }
        catch (error) {
            const reason = error.message;
            await live.recordReload('failure', sha256, reason).catch(() => undefined);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, `stint: reload of ${file} refused, the previous config still serves: ${reason}`);
        }
    }
};
async function loadConfig(file, io) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .StintError */ .Fp('ERR_CONFIG_UNREADABLE', `cannot read config ${file}: ${error.code ?? error.message} (give --config FILE, or --dev for the embedded default)`);
    }
    const { config, diagnostics } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_9__/* .parseConfig */ .o4)(text, file);
    for (const diagnostic of diagnostics)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_9__/* .formatDiagnostic */ .xy)(diagnostic));
    return config;
}
/**
 * The serving certificate and its key, checked to belong together, so a mismatch is reported
 * with the files' names instead of as an OpenSSL code from listen().
 */
async function readTlsPair(files) {
    const [cert, key] = await Promise.all([readPem(files.cert), readPem(files.key)]);
    try {
        (0,node_tls__WEBPACK_IMPORTED_MODULE_3__.createSecureContext)({ cert, key });
    }
    catch (error) {
        const detail = error.message;
        const mismatch = /key values mismatch/i.test(detail);
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .StintError */ .Fp('ERR_TLS_INVALID', mismatch
            ? `${files.key} is not the private key of the certificate in ${files.cert}; give the key that was issued with it`
            : `cannot use ${files.cert} with ${files.key}: ${detail} (both must be PEM: the certificate chain, and its unencrypted private key)`);
    }
    return { cert, key };
}
/** The serving certificate's expiry, said at start: an expired one makes every client fail its handshake. */
function warnIfExpiring(cert, file, io) {
    let notAfter;
    try {
        notAfter = Date.parse(new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(cert).validTo);
    }
    catch {
        return; // createSecureContext accepted it; the chain's first entry is not for us to judge here.
    }
    const days = (notAfter - Date.now()) / 86_400_000;
    if (days < 0)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, `stint: warning: the TLS certificate in ${file} expired ${new Date(notAfter).toISOString()}; clients will refuse it. Renew it, then send SIGHUP.`);
    else if (days < 14)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ ._r)(io.stderr, `stint: warning: the TLS certificate in ${file} expires ${new Date(notAfter).toISOString()} (in ${Math.floor(days)} days). Renew it, then send SIGHUP.`);
}
async function readConfigText(file) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .StintError */ .Fp('ERR_CONFIG_UNREADABLE', `cannot read config ${file}: ${error.code ?? error.message}`);
    }
}
async function readPem(file) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .StintError */ .Fp('ERR_TLS_UNREADABLE', `cannot read ${file}: ${error.code ?? error.message}`);
    }
}
function parsePort(value) {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UsageError */ .eb(`--port must be a number from 0 to 65535, not ${value}`);
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
