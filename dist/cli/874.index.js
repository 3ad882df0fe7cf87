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
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _broker_dev_config_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2641);
/* harmony import */ var _broker_server_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2239);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7268);
/* harmony import */ var _lib_loopback_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9722);
/* harmony import */ var _policy_index_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7281);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(1604);










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

Stops cleanly on SIGTERM or SIGINT.`;
/** `stint serve`: loads the config, opens the broker, listens until told to stop. */
const run = async (args, io) => {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({
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
        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ ._)(io.stdout, HELP);
        return 0;
    }
    const port = parsePort(values.port ?? '8080');
    const host = values.host ?? '127.0.0.1';
    if (values.dev && values.config !== undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb('--dev runs the embedded default; give either --dev or --config, not both');
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb('--tls-cert and --tls-key go together');
    const tls = values['tls-cert'] !== undefined && values['tls-key'] !== undefined
        ? {
            cert: await readPem((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values['tls-cert'])),
            key: await readPem((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values['tls-key'])),
        }
        : undefined;
    let config;
    if (!values.dev)
        config = await loadConfig((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, values.config ?? 'stint.yml'), io);
    // The handler is attached once the broker is open: in --dev mode the issuer is the bound
    // address, known only after listening. Requests that arrive before then get a 503.
    let broker;
    const listening = await (0,_broker_server_js__WEBPACK_IMPORTED_MODULE_5__/* .listen */ .KT)((req, res) => {
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .StintError */ .Fp('ERR_LISTEN', `cannot listen on ${host}:${port}: ${error.message}`, {
            cause: error,
        });
    });
    let active;
    try {
        active = config ?? (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_8__/* .parseConfig */ .o4)((0,_broker_dev_config_js__WEBPACK_IMPORTED_MODULE_4__/* .devConfigYaml */ .F)({ issuer: listening.url, cwd: io.cwd }), '<embedded>').config;
        broker = await (0,_broker_server_js__WEBPACK_IMPORTED_MODULE_5__/* .openBroker */ .iW)(active, { env: io.env, log: (line) => (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ ._)(io.stderr, line) });
    }
    catch (error) {
        await listening.close();
        throw error;
    }
    (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ ._)(io.stdout, `stint broker listening on ${listening.url}`);
    for (const line of describeTrust(active, Boolean(values.dev)))
        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ ._)(io.stdout, line);
    if (!tls && !(0,_lib_loopback_js__WEBPACK_IMPORTED_MODULE_7__/* .isLoopbackHost */ .c)(host)) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ ._)(io.stderr, `stint: warning: serving plain HTTP on ${host}; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.`);
    }
    await stopSignal();
    await listening.close();
    await broker.close();
    (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ ._)(io.stdout, 'stint broker stopped');
    return 0;
};
async function loadConfig(file, io) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .StintError */ .Fp('ERR_CONFIG_UNREADABLE', `cannot read config ${file}: ${error.code ?? error.message} (give --config FILE, or --dev for the embedded default)`);
    }
    const { config, diagnostics } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_8__/* .parseConfig */ .o4)(text, file);
    for (const diagnostic of diagnostics)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ ._)(io.stderr, (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_8__/* .formatDiagnostic */ .xy)(diagnostic));
    return config;
}
async function readPem(file) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .StintError */ .Fp('ERR_TLS_UNREADABLE', `cannot read ${file}: ${error.code ?? error.message}`);
    }
}
function parsePort(value) {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`--port must be a number from 0 to 65535, not ${value}`);
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
/** Resolves on the first SIGTERM or SIGINT. */
function stopSignal() {
    return new Promise((resolve) => {
        const stop = () => {
            process.off('SIGTERM', stop);
            process.off('SIGINT', stop);
            resolve();
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
    });
}


/***/ })

};
