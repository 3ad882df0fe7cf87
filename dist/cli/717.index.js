export const id = 717;
export const ids = [717];
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

/***/ 3813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _audit_encode_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3461);
/* harmony import */ var _audit_log_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8365);
/* harmony import */ var _audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(699);
/* harmony import */ var _broker_expiry_watch_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9160);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_access_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(32);
/* harmony import */ var _lib_own_js__WEBPACK_IMPORTED_MODULE_17__ = __webpack_require__(3499);
/* harmony import */ var _policy_index_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(7855);
/* harmony import */ var _store_open_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(9717);
/* harmony import */ var _store_types_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(7940);
/* harmony import */ var _tokens_api_keys_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(5647);
/* harmony import */ var _tokens_keyset_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(33);
/* harmony import */ var _tokens_open_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(8844);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(1604);


















const USAGE = `Usage: stint keys <command> [options]

Signing keys:
  list [--json]                     the broker's signing keys: current, next and those in grace
  rotate [--now]                    schedule a new key (published now, signs after the publish-ahead
                                    window); --now: emergency rotation, the new key signs at once and
                                    every old key is dropped from the JWKS at once

Project API keys (for resource servers calling /oauth2/introspect):
  create-api-key --project P [--name N] [--expires 90d|never]
                                    prints the key once on stdout; store it now. It expires in
                                    90 days unless --expires says otherwise (never: it does not;
                                    the broker then warns until it is rotated)
  list-api-keys [--json]            ids, projects, names, expiry, last use (at most a minute
                                    behind) and status (never the keys); warns about keys that
                                    expire within 14 days or never
  revoke-api-key ID|KEY              a running broker refuses the key within a second; takes the id
                                    or the whole key (a leaked one, as found), never printed back

Every command takes --config F (default ./stint.yml); key files, the store and the audit log
are the ones that config names. Each change is written to its audit log, which is opened (and
the event checked) before anything changes: a log that cannot be written changes nothing.`;
const subcommands = {
    list: listKeys,
    rotate: rotateKeys,
    'create-api-key': createKey,
    'list-api-keys': listKeysOfProjects,
    'revoke-api-key': revokeKey,
};
const run = async (args, io) => {
    const [name, ...rest] = args;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(name === undefined ? io.stderr : io.stdout, USAGE);
        return name === undefined ? 2 : 0;
    }
    const subcommand = (0,_lib_own_js__WEBPACK_IMPORTED_MODULE_17__/* .own */ .Z)(subcommands, name);
    if (subcommand === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb(`unknown command 'keys ${name}'; run \`stint keys --help\``);
    if (rest.includes('--help') || rest.includes('-h')) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, USAGE);
        return 0;
    }
    return subcommand(rest, io);
};
const CONFIG_OPTION = { config: { type: 'string' } };
async function loadConfig(io, path) {
    try {
        const { config } = await (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_10__/* .loadConfigFile */ .HT)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(io.cwd, path ?? 'stint.yml'));
        return config;
    }
    catch (error) {
        // Run from anywhere but the broker's dir, the default ./stint.yml is not there: say which flag.
        if ((0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .isStintError */ .Hu)(error, 'ERR_CONFIG_NOT_FOUND') && path === undefined)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .StintError */ .Fp('ERR_CONFIG_NOT_FOUND', `${error.message} (give --config FILE: the broker's config, whose keys dir, store and audit log stint keys works on)`, { cause: error });
        throw error;
    }
}
async function listKeys(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({ args, options: { ...CONFIG_OPTION, json: { type: 'boolean' } }, strict: true });
    const config = await loadConfig(io, values.config);
    // Lists from the manifest without loading private keys, so an exposed key file is reported
    // (with the fix) rather than making the listing fail.
    const keySet = await (0,_tokens_open_js__WEBPACK_IMPORTED_MODULE_15__/* .openConfiguredKeySet */ .M)(config.keys, { env: io.env, readOnly: true });
    const keys = keySet.list();
    // The broker's own rule (a Secret mounted 0440 for the broker's group is fine where the dir is read-only).
    for (const { problem } of await (0,_tokens_keyset_js__WEBPACK_IMPORTED_MODULE_14__/* .insecurePrivateKeyFiles */ .MV)(config.keys.dir)) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stderr, `stint: warning: the broker refuses to load this key: ${problem}`);
    }
    if (values.json === true) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ dir: keySet.dir, keys: keys.map(keyJson) }, null, 2));
        return 0;
    }
    if (keys.length === 0) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, `no signing keys in ${keySet.dir} yet; the broker creates one when it starts`);
        return 0;
    }
    (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, `signing keys in ${keySet.dir}:`);
    (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, table(['KID', 'ALG', 'STATE', 'SIGNS FROM', 'RETIRES'], keys.map((k) => [
        k.kid,
        k.alg,
        k.state,
        isoTime(k.activatesAtMs),
        k.retiresAtMs === undefined ? '-' : isoTime(k.retiresAtMs),
    ])));
    return 0;
}
async function rotateKeys(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({ args, options: { ...CONFIG_OPTION, now: { type: 'boolean' } }, strict: true });
    const config = await loadConfig(io, values.config);
    const emergency = values.now === true;
    const log = await openCliAudit(config);
    try {
        // Each new key is audited after it exists and before the manifest names it (the commit), so
        // a key that can sign is always in the log first; when the event cannot be written, the new
        // key is removed and nothing changes. Opening the key set may create the first key (or an
        // overdue successor): audited the same way.
        let rotating = false;
        const audited = [];
        const beforeCommit = async ({ generated, dropped }) => {
            for (const key of generated) {
                const reason = emergency
                    ? 'emergency rotation (stint keys rotate --now): old keys dropped at once'
                    : rotating
                        ? 'rotation scheduled by stint keys rotate'
                        : key.state === 'current'
                            ? 'first signing key, created by stint keys rotate'
                            : 'overdue successor, scheduled by stint keys rotate';
                await log.append({
                    event: 'key_rotated',
                    outcome: 'success',
                    reason,
                    kid: key.kid,
                    alg: key.alg,
                    activates_at: isoTime(key.activatesAtMs),
                    dropped,
                }, 'the new key was removed and nothing was changed');
                audited.push(key);
            }
        };
        let result;
        try {
            // The emergency path does not load the current keys first: it must work on a damaged dir too.
            if (emergency)
                result = await (0,_tokens_open_js__WEBPACK_IMPORTED_MODULE_15__/* .rotateConfiguredKeysNow */ .a)(config.keys, io.env, beforeCommit);
            else {
                const keySet = await (0,_tokens_open_js__WEBPACK_IMPORTED_MODULE_15__/* .openConfiguredKeySet */ .M)(config.keys, { env: io.env, beforeCommit });
                rotating = true;
                result = await keySet.rotate({ now: false });
            }
        }
        catch (error) {
            // Audited, then the commit failed and the new key was removed: say so next to the event.
            for (const key of audited.splice(0)) {
                await log
                    .append({
                    event: 'key_rotated',
                    outcome: 'error',
                    reason: `the change failed after it was audited (${error instanceof Error ? error.message : String(error)}); key ${key.kid} was removed and never signed`,
                    code: (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .isStintError */ .Hu)(error) ? error.code : 'ERR_UNEXPECTED',
                    kid: key.kid,
                    alg: key.alg,
                })
                    .catch(() => undefined);
            }
            throw error;
        }
        const { key } = result;
        // Keys opening the key set made first (an empty keys dir: the key that signs now) are said too.
        for (const made of audited) {
            if (made.kid === key.kid || emergency)
                continue;
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, made.state === 'current'
                ? `key ${made.kid} (${made.alg}) signs now (the keys dir had no key)`
                : `key ${made.kid} (${made.alg}) is published now and signs from ${isoTime(made.activatesAtMs)}`);
        }
        // An overdue successor is made by opening the key set, so rotate() finds it waiting: made by
        // this run all the same, and said as such (the rotator's operator has new files to ship).
        if (!result.generated && !audited.some((made) => made.kid === key.kid)) {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, `key ${key.kid} is already waiting: published now, signs from ${isoTime(key.activatesAtMs)}; nothing to do (use --now to rotate at once)`);
            return 0;
        }
        if (emergency) {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, `key ${key.kid} (${key.alg}) signs now; dropped from the JWKS: ${result.dropped.join(', ') || 'none'}`);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, config.keys.pkcs11 === undefined
                ? 'running brokers sharing this keys dir pick it up within a second (within 30 s on a network file system, where they cannot watch it); tokens signed by the dropped keys no longer verify'
                : `running brokers on token ${config.keys.pkcs11.token} pick it up within 5 s; tokens signed by the dropped keys no longer verify`);
        }
        else {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, `key ${key.kid} (${key.alg}) is published now and signs from ${isoTime(key.activatesAtMs)}`);
        }
        return 0;
    }
    finally {
        await log.close();
    }
}
async function createKey(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({
        args,
        options: { ...CONFIG_OPTION, project: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
        strict: true,
    });
    if (values.project === undefined || values.project === '')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb('keys create-api-key needs --project P');
    // 90 days unless told otherwise; a key that never expires must be asked for by name.
    let expiresInSec = _tokens_api_keys_js__WEBPACK_IMPORTED_MODULE_13__/* .DEFAULT_API_KEY_LIFETIME_SEC */ .p$;
    if (values.expires === 'never')
        expiresInSec = undefined;
    else if (values.expires !== undefined) {
        try {
            expiresInSec = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_10__/* .parseDuration */ .E9)(values.expires);
        }
        catch {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb(`--expires ${values.expires} is not a duration; give e.g. 90d, 12h or seconds, or never`);
        }
    }
    // The name goes into the audit log, which never holds a secret: refused now, before anything.
    const secretLike = values.name === undefined ? undefined : (0,_audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_6__/* .secretIn */ .u7)(values.name);
    if (secretLike !== undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb(`--name looks like ${secretLike}, and the name is written to the audit log, which never holds a token or key; give a plain label (e.g. billing-api); nothing was created`);
    const config = await loadConfig(io, values.config);
    if (config.projects[values.project] === undefined) {
        const known = Object.keys(config.projects).join(', ') || 'none';
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .StintError */ .Fp('ERR_PROJECT_UNKNOWN', `project ${values.project} is not in ${config.file} (projects: ${known})`);
    }
    const name = values.name ?? '';
    const log = await openCliAudit(config);
    try {
        const created = await (0,_tokens_api_keys_js__WEBPACK_IMPORTED_MODULE_13__/* .newApiKey */ .Gz)({
            project: values.project,
            name,
            ...(expiresInSec === undefined ? {} : { expiresInSec }),
        });
        const requestId = `cli-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex')}`;
        const event = {
            event: 'apikey_created',
            request_id: requestId,
            outcome: 'success',
            reason: 'created by stint keys create-api-key',
            project: created.record.project,
            api_key_id: created.id,
            name,
            ...(created.record.expiresAtMs === undefined
                ? {}
                : { expires_at: Math.floor(created.record.expiresAtMs / 1000) }),
        };
        await withStore(config, io, async (store) => {
            // The store must take a write first: a key is never audited as created when the store
            // cannot be reached (nothing would be stored, and the log would say otherwise).
            await store.checkWrite().catch((error) => {
                if (!(0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .isStintError */ .Hu)(error))
                    throw error;
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .StintError */ .Fp(error.code, `${error.message}; no key was created`, { cause: error });
            });
            // Audited before it is stored, so a key that can be used is always in the log; when the
            // event cannot be written, nothing is stored and the key is never shown.
            await log.append(event, 'nothing was created');
            try {
                await store.putApiKey(created.record);
            }
            catch (error) {
                await log
                    .append({
                    event: 'apikey_created',
                    request_id: requestId,
                    outcome: 'error',
                    reason: `the key could not be stored after it was audited (${error instanceof Error ? error.message : String(error)}); it was never shown, so nothing can use it`,
                    code: (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .isStintError */ .Hu)(error) ? error.code : 'ERR_UNEXPECTED',
                    project: created.record.project,
                    api_key_id: created.id,
                })
                    .catch(() => undefined);
                throw error;
            }
        });
        // The key goes to stdout alone, so `KEY=$(stint keys create-api-key …)` captures only it.
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, created.key);
        const expiry = created.record.expiresAtMs === undefined ? 'never expires' : `expires ${isoTime(created.record.expiresAtMs)}`;
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stderr, `created API key ${created.id} for project ${created.record.project} (${expiry}); it is shown only this once: store it now`);
        return 0;
    }
    finally {
        await log.close();
    }
}
async function listKeysOfProjects(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({ args, options: { ...CONFIG_OPTION, json: { type: 'boolean' } }, strict: true });
    const config = await loadConfig(io, values.config);
    const records = await withStore(config, io, (store) => store.listApiKeys());
    const now = Date.now();
    // Warnings go to stderr, so `--json` on stdout stays one document.
    for (const r of records) {
        if (apiKeyStatus(r, now) !== 'active')
            continue;
        if (r.expiresAtMs === undefined) {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stderr, `stint: warning: API key ${r.id} (project ${r.project}) never expires; rotate it: create its successor (it expires in 90 days), move its user to it, then revoke ${r.id}`);
        }
        else if (r.expiresAtMs - now < _broker_expiry_watch_js__WEBPACK_IMPORTED_MODULE_7__/* .EXPIRY_WARNING_MS */ .er) {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stderr, `stint: warning: API key ${r.id} (project ${r.project}) expires ${isoTime(r.expiresAtMs)}; create its successor, move its user to it, then revoke ${r.id}`);
        }
    }
    if (values.json === true) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ api_keys: records.map((r) => apiKeyJson(r, now)) }, null, 2));
        return 0;
    }
    if (records.length === 0) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, 'no API keys; create one with `stint keys create-api-key --project P`');
        return 0;
    }
    (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, table(['ID', 'PROJECT', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED', 'STATUS'], records.map((r) => [
        r.id,
        r.project,
        r.name || '-',
        isoTime(r.createdAtMs),
        r.expiresAtMs === undefined ? 'never' : isoTime(r.expiresAtMs),
        r.lastUsedAtMs === undefined ? '-' : isoTime(r.lastUsedAtMs),
        apiKeyStatus(r, now),
    ])));
    return 0;
}
async function revokeKey(args, io) {
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({ args, options: CONFIG_OPTION, allowPositionals: true, strict: true });
    const [given, extra] = positionals;
    if (given === undefined || extra !== undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb('keys revoke-api-key takes one ID or KEY (see `stint keys list-api-keys`)');
    // The id, or the whole key (an operator revoking a leaked key pastes it): its id is inside it.
    // What was given is never printed back: it may be a secret, whole or in part.
    const value = given.trim();
    const id = API_KEY_ID.test(value) ? value : (0,_tokens_api_keys_js__WEBPACK_IMPORTED_MODULE_13__/* .apiKeyIdOf */ .ad)(value);
    if (id === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb('keys revoke-api-key takes an API key id (the 16 hex digits after stint_sk_, as `stint keys list-api-keys` shows) or the whole key; what was given is neither (not repeated here, in case it is a secret)');
    const config = await loadConfig(io, values.config);
    const log = await openCliAudit(config);
    try {
        return await withStore(config, io, async (store) => {
            const unknown = () => new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .StintError */ .Fp('ERR_API_KEY_UNKNOWN', `no API key has id ${id}; see \`stint keys list-api-keys\``);
            const record = await store.getApiKey(id);
            if (record === undefined)
                throw unknown();
            const event = {
                event: 'apikey_revoked',
                outcome: 'success',
                reason: 'revoked by stint keys revoke-api-key',
                project: record.project,
                api_key_id: id,
            };
            const prepared = log.prepare(event);
            // Revoked first, then audited: a failure in between leaves the key refused with its event
            // missing, never an event claiming a revocation that did not happen (SECURITY.md). A key
            // revoked before is revoked again too (its first time kept): with store.min_replica_acks that
            // is what confirms, on the replicas, a revocation they had not confirmed when it was made.
            const at = Date.now();
            let unconfirmed;
            try {
                if (!(await store.revokeApiKey(id, at)))
                    throw unknown();
            }
            catch (error) {
                // Written on the primary, and fewer replicas than asked confirmed it: in effect (every
                // broker reads the primary), but a failover to a replica that lacks it would undo it.
                if (!(error instanceof _store_types_js__WEBPACK_IMPORTED_MODULE_12__/* .ReplicasShortError */ .kH))
                    throw error;
                unconfirmed = error;
            }
            const revokedAtMs = (await store.getApiKey(id))?.revokedAtMs;
            if (revokedAtMs === undefined)
                throw unconfirmed ?? unknown();
            const again = `run \`stint keys revoke-api-key ${id}\` again until it exits 0 (it confirms the revocation and writes no second event)`;
            // A revocation is never moved: revoked before (an earlier run, or another process
            // meanwhile), its time stays and its event is the one written then.
            if (revokedAtMs !== at) {
                if (unconfirmed !== undefined)
                    throw new _store_types_js__WEBPACK_IMPORTED_MODULE_12__/* .ReplicasShortError */ .kH(`API key ${id} was already revoked (at ${isoTime(revokedAtMs)}) and a running broker refuses it, but the replicas still do not confirm the revocation: ${unconfirmed.message}; until they do, a failover to a replica that lacks it would make the key valid again: ${again}`);
                const confirmed = replicaAcks(config) > 0 ? '; the replicas store.min_replica_acks asks for hold it' : '';
                (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, `API key ${id} was already revoked (at ${isoTime(revokedAtMs)})${confirmed}; nothing to do`);
                return 0;
            }
            const written = unconfirmed === undefined
                ? prepared
                : {
                    ...prepared,
                    reason: `${event.reason}; replica confirmation pending: ${unconfirmed.message}; a failover before the replicas hold it would make the key valid again: ${again}`,
                    replicas_confirmed: false,
                };
            try {
                await log.write(written);
            }
            catch (error) {
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .StintError */ .Fp('ERR_AUDIT_WRITE', `API key ${id} is revoked (a running broker refuses it from its next request${unconfirmed === undefined ? '' : `; not yet confirmed by the replicas store.min_replica_acks asks for: ${again}`}), but its apikey_revoked event could not be written to ${config.audit.file}: ${error.message}`, { cause: error });
            }
            if (unconfirmed !== undefined)
                throw new _store_types_js__WEBPACK_IMPORTED_MODULE_12__/* .ReplicasShortError */ .kH(`API key ${id} is revoked on the primary (a running broker refuses it from its next request; its apikey_revoked event is written), but the replicas did not confirm it: ${unconfirmed.message}; until they do, a failover to a replica that lacks it would make the key valid again: ${again}`);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_16__/* .writeLine */ ._r)(io.stdout, `revoked API key ${id}; a running broker refuses it from its next request`);
            return 0;
        });
    }
    finally {
        await log.close();
    }
}
/** store.min_replica_acks of a Redis store; 0 for the key file. */
function replicaAcks(config) {
    return config.store.kind === 'redis' ? (config.store.min_replica_acks ?? 0) : 0;
}
/** The store the broker uses: the key file in the keys dir for memory, Redis otherwise. */
async function withStore(config, io, fn) {
    try {
        const store = await (0,_store_open_js__WEBPACK_IMPORTED_MODULE_11__/* .openStore */ .C)(config.store, { keysDir: config.keys.dir, env: io.env, apiKeysOnly: true });
        try {
            return await fn(store);
        }
        finally {
            await store.close();
        }
    }
    catch (error) {
        // The key file's store says ERR_API_KEYS_UNREADABLE (a broker answers 503); here a key file this
        // user may not read is said as every other file of stint's is (ERR_FILE_ACCESS: who, owner, fix).
        const refused = (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .isStintError */ .Hu)(error, 'ERR_API_KEYS_UNREADABLE') || (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .isStintError */ .Hu)(error, 'ERR_STORE_UNAVAILABLE')
            ? (0,_lib_file_access_js__WEBPACK_IMPORTED_MODULE_9__/* .fileAccessError */ .z9)(error.cause)
            : undefined;
        throw refused ?? error;
    }
}
/** The 16 hex digits that name an API key (`stint_sk_<id>_<secret>`). */
const API_KEY_ID = /^[0-9a-f]{16}$/;
/**
 * Opens the config's audit log before the command changes anything, so a log that cannot be
 * written (a directory others may write, a directory at its name, a broken last line, no
 * permission) stops the command while nothing has changed, and says so.
 */
async function openCliAudit(config) {
    const file = config.audit.file;
    let log;
    try {
        log = await (0,_audit_log_js__WEBPACK_IMPORTED_MODULE_5__/* .openAuditLog */ .QW)(file);
    }
    catch (error) {
        throw auditFailure(error, file, config.file, 'nothing was changed');
    }
    const prepare = (event) => {
        const prepared = {
            ...event,
            // One command's events share an id when it gives one (a key created, then not stored).
            request_id: event.request_id ?? `cli-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex')}`,
            source: 'cli',
            actor: osUser(),
            instance: cliInstance(),
        };
        (0,_audit_encode_js__WEBPACK_IMPORTED_MODULE_4__/* .encodeEvent */ .r9)(prepared); // throws as append would, before anything is written or changed
        return prepared;
    };
    const write = async (event) => {
        await log.append(event);
    };
    return {
        prepare,
        write,
        async append(event, undone) {
            try {
                await write(prepare(event));
            }
            catch (error) {
                throw undone === undefined ? error : auditFailure(error, file, config.file, undone);
            }
        },
        close: () => log.close(),
    };
}
/** An audit log failure as a StintError that says which log and `undone`; a bare errno (EISDIR) gets ERR_AUDIT_WRITE. */
function auditFailure(error, file, configFile, undone) {
    const known = (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .isStintError */ .Hu)(error) ? error : (0,_lib_file_access_js__WEBPACK_IMPORTED_MODULE_9__/* .fileAccessError */ .z9)(error);
    if (known !== undefined)
        return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .StintError */ .Fp(known.code, `${known.message}; ${undone}`, { cause: error });
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .StintError */ .Fp('ERR_AUDIT_WRITE', `audit log ${file} (audit.file in ${configFile}) cannot be written: ${error?.message ?? String(error)}; ${undone}`, { cause: error });
}
/**
 * Who wrote a CLI event, in the broker's instance shape (`host:pid`, key-agreement.ts) marked as
 * the CLI's: `cli@host:pid`, so a merged trail tells a `stint keys` run from a broker on that host.
 * STINT_INSTANCE names a broker, never the CLI.
 */
function cliInstance() {
    return `cli@${(0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)()}:${process.pid}`;
}
function osUser() {
    try {
        return (0,node_os__WEBPACK_IMPORTED_MODULE_1__.userInfo)().username;
    }
    catch {
        return `uid:${process.getuid?.() ?? 'unknown'}`;
    }
}
function keyJson(k) {
    return {
        kid: k.kid,
        alg: k.alg,
        state: k.state,
        created: isoTime(k.createdAtMs),
        activates_at: isoTime(k.activatesAtMs),
        retires_at: k.retiresAtMs === undefined ? null : isoTime(k.retiresAtMs),
    };
}
function apiKeyStatus(r, now) {
    if (r.revokedAtMs !== undefined)
        return 'revoked';
    if (r.expiresAtMs !== undefined && r.expiresAtMs <= now)
        return 'expired';
    return 'active';
}
function apiKeyJson(r, now) {
    return {
        id: r.id,
        project: r.project,
        name: r.name,
        created: isoTime(r.createdAtMs),
        expires: r.expiresAtMs === undefined ? null : isoTime(r.expiresAtMs),
        revoked: r.revokedAtMs === undefined ? null : isoTime(r.revokedAtMs),
        last_used: r.lastUsedAtMs === undefined ? null : isoTime(r.lastUsedAtMs),
        status: apiKeyStatus(r, now),
    };
}
function isoTime(ms) {
    return new Date(ms).toISOString();
}
function table(header, rows) {
    // A loop, not Math.max(...rows): spreading 130,000 rows into arguments overflows the stack.
    const widths = header.map((h) => h.length);
    for (const row of rows) {
        for (let i = 0; i < widths.length; i++)
            widths[i] = Math.max(widths[i], (row[i] ?? '').length);
    }
    return [header, ...rows]
        .map((row) => row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd())
        .join('\n');
}


/***/ }),

/***/ 7448:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ calculateJwkThumbprint)
/* harmony export */ });
/* unused harmony export calculateJwkThumbprintUri */
/* harmony import */ var _lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7410);
/* harmony import */ var _util_base64url_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1445);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5674);
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7859);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7784);
/* harmony import */ var _key_export_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7968);






const check = (value, description) => {
  if (typeof value != "string" || !value)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWKInvalid */ ._L(`${description} missing or invalid`);
};
async function calculateJwkThumbprint(key, digestAlgorithm) {
  let jwk;
  if ((0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(key)) {
    if (jwk = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .snapshotJwk */ .ZZ)(key), typeof jwk.kty != "string")
      throw new TypeError((0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .invalidKeyInput */ .XP)(key, "CryptoKey", "KeyObject", "JSON Web Key"));
  } else if ((0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .isKeyLike */ .P2)(key))
    jwk = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .snapshotJwk */ .ZZ)(await (0,_key_export_js__WEBPACK_IMPORTED_MODULE_3__/* .exportJWK */ .JU)(key));
  else
    throw new TypeError((0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .invalidKeyInput */ .XP)(key, "CryptoKey", "KeyObject", "JSON Web Key"));
  if (digestAlgorithm ??= "sha256", digestAlgorithm !== "sha256" && digestAlgorithm !== "sha384" && digestAlgorithm !== "sha512")
    throw new TypeError('digestAlgorithm must one of "sha256", "sha384", or "sha512"');
  let requiredMembers;
  switch (jwk.kty) {
    case "AKP":
      check(jwk.alg, '"alg" (Algorithm) Parameter'), check(jwk.pub, '"pub" (Public key) Parameter'), requiredMembers = { alg: jwk.alg, kty: jwk.kty, pub: jwk.pub };
      break;
    case "EC":
      check(jwk.crv, '"crv" (Curve) Parameter'), check(jwk.x, '"x" (X Coordinate) Parameter'), check(jwk.y, '"y" (Y Coordinate) Parameter'), requiredMembers = { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
      break;
    case "OKP":
      check(jwk.crv, '"crv" (Subtype of Key Pair) Parameter'), check(jwk.x, '"x" (Public Key) Parameter'), requiredMembers = { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
      break;
    case "RSA":
      check(jwk.e, '"e" (Exponent) Parameter'), check(jwk.n, '"n" (Modulus) Parameter'), requiredMembers = { e: jwk.e, kty: jwk.kty, n: jwk.n };
      break;
    case "oct":
      if (typeof jwk.k != "string")
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWKInvalid */ ._L('"k" (Key Value) Parameter missing or invalid');
      requiredMembers = { k: jwk.k, kty: jwk.kty };
      break;
    default:
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JOSENotSupported */ .T0('"kty" (Key Type) Parameter missing or unsupported');
  }
  const thumbprintInput = (0,_lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_4__/* .encode */ .lF)(JSON.stringify(requiredMembers));
  return (0,_util_base64url_js__WEBPACK_IMPORTED_MODULE_5__/* .encode */ .l)(await (0,_lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_4__/* .digest */ .br)(digestAlgorithm, thumbprintInput));
}
async function calculateJwkThumbprintUri(key, digestAlgorithm) {
  digestAlgorithm ??= "sha256";
  const thumbprint = await calculateJwkThumbprint(key, digestAlgorithm);
  return `urn:ietf:params:oauth:jwk-thumbprint:sha-${digestAlgorithm.slice(-3)}:${thumbprint}`;
}



/***/ }),

/***/ 7968:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JU: () => (/* binding */ exportJWK),
/* harmony export */   Yp: () => (/* binding */ exportPKCS8)
/* harmony export */ });
/* unused harmony export exportSPKI */
/* harmony import */ var _lib_asn1_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2479);
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7859);
/* harmony import */ var _util_base64url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1445);



function exportSPKI(key) {
  return exportPublic(key);
}
function exportPKCS8(key) {
  return (0,_lib_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .toPKCS8 */ .Jq)(key);
}
async function exportJWK(key) {
  if ((0,_lib_key_js__WEBPACK_IMPORTED_MODULE_1__/* .isKeyObject */ .D2)(key))
    if (key.type === "secret")
      key = key.export();
    else
      return key.export({ format: "jwk" });
  if (key instanceof Uint8Array)
    return {
      kty: "oct",
      k: (0,_util_base64url_js__WEBPACK_IMPORTED_MODULE_2__/* .encode */ .l)(key)
    };
  if (!(0,_lib_key_js__WEBPACK_IMPORTED_MODULE_1__/* .isCryptoKey */ .R7)(key))
    throw new TypeError((0,_lib_key_js__WEBPACK_IMPORTED_MODULE_1__/* .invalidKeyInput */ .XP)(key, "CryptoKey", "KeyObject", "Uint8Array"));
  if (!key.extractable)
    throw new TypeError("non-extractable CryptoKey cannot be exported as a JWK");
  const jwk = await crypto.subtle.exportKey("jwk", key);
  delete jwk.ext, delete jwk.key_ops, delete jwk.use, jwk.kty !== "AKP" && delete jwk.alg;
  for (const parameter of Object.keys(jwk))
    jwk[parameter] === void 0 && delete jwk[parameter];
  return jwk;
}



/***/ }),

/***/ 9480:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ generateKeyPair)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5674);
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7859);
/* harmony import */ var _lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(956);



function getModulusLengthOption(options) {
  const modulusLength = options?.modulusLength ?? 2048;
  if (typeof modulusLength != "number" || !Number.isInteger(modulusLength) || modulusLength < 2048)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JOSENotSupported */ .T0("Invalid or unsupported modulusLength option provided, 2048 bits or larger keys must be used");
  return modulusLength;
}
async function generateKeyPair(alg, options) {
  const extractable = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_1__/* .validateExtractableOption */ .l)(options?.extractable), entry = (0,_lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .keyAlgorithm */ .Ze)(alg, _lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .algArgument */ .Ms);
  entry.secret && (0,_lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .unsupportedAlg */ .yt)(_lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .algArgument */ .Ms);
  let algorithm;
  if (entry.resolve) {
    const crv = options?.crv ?? "P-256";
    if (!["P-256", "P-384", "P-521", "X25519"].includes(crv))
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JOSENotSupported */ .T0("Invalid or unsupported crv option provided, supported values are P-256, P-384, P-521, and X25519");
    algorithm = entry.resolve({ crv });
  } else {
    if (entry.crv !== void 0 && options?.crv !== void 0 && options.crv !== entry.crv)
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JOSENotSupported */ .T0(`Invalid or unsupported crv option provided, the only supported value for ${alg} is ${entry.crv}`);
    algorithm = entry.kty[0] === "RSA" ? {
      ...entry.subtle,
      publicExponent: Uint8Array.of(1, 0, 1),
      modulusLength: getModulusLengthOption(options)
    } : entry.subtle;
  }
  return crypto.subtle.generateKey(algorithm, extractable ?? !1, [
    ...entry.usages[1],
    ...entry.usages[0]
  ]);
}



/***/ }),

/***/ 1187:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lf: () => (/* binding */ importPKCS8),
/* harmony export */   Og: () => (/* binding */ importJWK)
/* harmony export */ });
/* unused harmony exports importSPKI, importX509 */
/* harmony import */ var _util_base64url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1445);
/* harmony import */ var _lib_asn1_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2479);
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7859);
/* harmony import */ var _lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(956);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5674);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7784);






async function importSPKI(spki, alg, options) {
  if (typeof spki != "string" || spki.indexOf("-----BEGIN PUBLIC KEY-----") !== 0)
    throw new TypeError('"spki" must be SPKI formatted string');
  return fromSPKI(spki, alg, options);
}
async function importX509(x509, alg, options) {
  if (typeof x509 != "string" || x509.indexOf("-----BEGIN CERTIFICATE-----") !== 0)
    throw new TypeError('"x509" must be X.509 formatted string');
  return fromX509(x509, alg, options);
}
async function importPKCS8(pkcs8, alg, options) {
  if (typeof pkcs8 != "string" || pkcs8.indexOf("-----BEGIN PRIVATE KEY-----") !== 0)
    throw new TypeError('"pkcs8" must be PKCS#8 formatted string');
  return (0,_lib_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .fromPKCS8 */ .IG)(pkcs8, alg, options);
}
async function importJWK(jwk, alg, options) {
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(jwk))
    throw new TypeError("JWK must be an object");
  const normalized = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .normalizeJwk */ .oX)(jwk), extractable = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .validateExtractableOption */ .l)(options?.extractable), { alg: jwkAlg } = normalized;
  if (alg ??= jwkAlg, normalized.kty !== "oct" && !alg)
    throw new TypeError('"alg" argument is required when "jwk.alg" is not present');
  switch (normalized.kty) {
    case "oct":
      if (typeof normalized.k != "string")
        throw new TypeError('missing "k" (Key Value) Parameter value');
      return (0,_util_base64url_js__WEBPACK_IMPORTED_MODULE_3__/* .decode */ .D)(normalized.k);
    case "AKP": {
      if (typeof jwkAlg != "string" || !jwkAlg)
        throw new TypeError('missing "alg" (Algorithm) Parameter value');
      if (alg !== jwkAlg)
        throw new TypeError("JWK alg and alg option value mismatch");
      return (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkToKey */ .xY)((0,_lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_4__/* .keyAlgorithm */ .Ze)(alg), normalized, extractable);
    }
    case "RSA":
    case "EC":
    case "OKP":
      return (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkToKey */ .xY)((0,_lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_4__/* .keyAlgorithm */ .Ze)(alg), normalized, extractable);
    default:
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .JOSENotSupported */ .T0('Unsupported "kty" (Key Type) Parameter value');
  }
}



/***/ }),

/***/ 2479:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IG: () => (/* binding */ fromPKCS8),
/* harmony export */   Jq: () => (/* binding */ toPKCS8)
/* harmony export */ });
/* unused harmony exports fromSPKI, fromX509, toSPKI */
/* harmony import */ var _key_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7859);
/* harmony import */ var _buffer_utils_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7410);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5674);
/* harmony import */ var _key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(956);




const formatPEM = (b64, descriptor) => {
  const newlined = (b64.match(/.{1,64}/g) || []).join(`
`);
  return `-----BEGIN ${descriptor}-----
${newlined}
-----END ${descriptor}-----`;
}, genericExport = async (keyType, keyFormat, key) => {
  if ((0,_key_js__WEBPACK_IMPORTED_MODULE_0__/* .isKeyObject */ .D2)(key)) {
    if (key.type !== keyType)
      throw new TypeError(`key is not a ${keyType} key`);
    return key.export({ format: "pem", type: keyFormat });
  }
  if (!(0,_key_js__WEBPACK_IMPORTED_MODULE_0__/* .isCryptoKey */ .R7)(key))
    throw new TypeError((0,_key_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidKeyInput */ .XP)(key, "CryptoKey", "KeyObject"));
  if (!key.extractable)
    throw new TypeError("CryptoKey is not extractable");
  if (key.type !== keyType)
    throw new TypeError(`key is not a ${keyType} key`);
  return formatPEM((0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeBase64 */ .WG)(new Uint8Array(await crypto.subtle.exportKey(keyFormat, key))), `${keyType.toUpperCase()} KEY`);
}, toSPKI = (key) => genericExport("public", "spki", key), toPKCS8 = (key) => genericExport("private", "pkcs8", key), bytesEqual = (a, b) => {
  if (a.byteLength !== b.length)
    return !1;
  for (let i = 0; i < a.byteLength; i++)
    if (a[i] !== b[i])
      return !1;
  return !0;
}, createASN1State = (data) => ({ data, pos: 0 }), readByte = (state) => {
  const byte = state.data[state.pos++];
  if (byte === void 0)
    throw new Error("Unexpected end of ASN.1 input");
  return byte;
}, parseLength = (state) => {
  const first = readByte(state);
  if (first & 128) {
    const lengthOfLen = first & 127;
    let length = 0;
    for (let i = 0; i < lengthOfLen; i++)
      length = length << 8 | readByte(state);
    return length;
  }
  return first;
}, skipElement = (state, count = 1) => {
  for (; count-- > 0; ) {
    state.pos++;
    const length = parseLength(state);
    state.pos += length;
  }
}, expectTag = (state, expectedTag, errorMessage) => {
  if (readByte(state) !== expectedTag)
    throw new Error(errorMessage);
}, getSubarray = (state, length) => {
  if (length < 0 || state.pos + length > state.data.length)
    throw new Error("Unexpected end of ASN.1 input");
  const result = state.data.subarray(state.pos, state.pos + length);
  return state.pos += length, result;
}, parseAlgorithmOID = (state) => {
  expectTag(state, 6, "Expected algorithm OID");
  const oidLen = parseLength(state);
  return getSubarray(state, oidLen);
};
function parseKeyHeader(state, keyFormat) {
  if (expectTag(state, 48, `Invalid ${keyFormat === "spki" ? "SPKI" : "PKCS#8"} structure`), parseLength(state), keyFormat === "pkcs8") {
    expectTag(state, 2, "Expected version field");
    const length = parseLength(state);
    state.pos += length;
  }
  expectTag(state, 48, "Expected algorithm identifier"), parseLength(state);
}
const parseECAlgorithmIdentifier = (state) => {
  const algOid = parseAlgorithmOID(state);
  if (bytesEqual(algOid, [43, 101, 110]))
    return "X25519";
  if (!bytesEqual(algOid, [42, 134, 72, 206, 61, 2, 1]))
    throw new Error("Unsupported key algorithm");
  expectTag(state, 6, "Expected curve OID");
  const curveOidLen = parseLength(state), curveOid = getSubarray(state, curveOidLen);
  if (bytesEqual(curveOid, [42, 134, 72, 206, 61, 3, 1, 7]))
    return "P-256";
  if (bytesEqual(curveOid, [43, 129, 4, 0, 34]))
    return "P-384";
  if (bytesEqual(curveOid, [43, 129, 4, 0, 35]))
    return "P-521";
  throw new Error("Unsupported named curve");
}, genericImport = async (keyFormat, keyData, alg, options) => {
  const extractable = (0,_key_js__WEBPACK_IMPORTED_MODULE_0__/* .validateExtractableOption */ .l)(options?.extractable), entry = (0,_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .keyAlgorithm */ .Ze)(alg, _key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .algArgument */ .Ms);
  entry.secret && (0,_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .unsupportedAlg */ .yt)(_key_algorithm_js__WEBPACK_IMPORTED_MODULE_2__/* .algArgument */ .Ms);
  const isPublic = keyFormat === "spki";
  let algorithm;
  if (entry.resolve)
    try {
      const state = createASN1State(keyData);
      parseKeyHeader(state, keyFormat), algorithm = entry.resolve({ crv: parseECAlgorithmIdentifier(state) });
    } catch (cause) {
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .JOSENotSupported */ .T0("Invalid or unsupported key format", { cause });
    }
  else
    algorithm = entry.subtle;
  return crypto.subtle.importKey(keyFormat, keyData, algorithm, extractable ?? isPublic, entry.usages[isPublic ? 0 : 1]);
}, processPEMData = (pem, pattern) => (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeBase64 */ .y4)(pem.replace(pattern, "")), fromPKCS8 = (pem, alg, options) => {
  const keyData = processPEMData(pem, /(?:-----(?:BEGIN|END) PRIVATE KEY-----|\s)/g);
  return genericImport("pkcs8", keyData, alg, options);
}, fromSPKI = (pem, alg, options) => {
  const keyData = processPEMData(pem, /(?:-----(?:BEGIN|END) PUBLIC KEY-----|\s)/g);
  return genericImport("spki", keyData, alg, options);
};
function spkiFromX509(buf) {
  const state = createASN1State(buf);
  expectTag(state, 48, "Invalid certificate structure");
  const certificateLength = parseLength(state);
  if (certificateLength < 0 || state.pos + certificateLength > state.data.length)
    throw new Error("Unexpected end of ASN.1 input");
  expectTag(state, 48, "Invalid tbsCertificate structure"), parseLength(state), buf[state.pos] === 160 ? skipElement(state, 6) : skipElement(state, 5);
  const spkiStart = state.pos;
  expectTag(state, 48, "Invalid SPKI structure");
  const spkiContentLen = parseLength(state);
  return buf.subarray(spkiStart, spkiStart + spkiContentLen + (state.pos - spkiStart));
}
const fromX509 = (pem, alg, options) => {
  let spki;
  try {
    const certificate = processPEMData(pem, /(?:-----(?:BEGIN|END) CERTIFICATE-----|\s)/g);
    spki = spkiFromX509(certificate);
  } catch (cause) {
    throw new TypeError("Failed to parse the X.509 certificate", { cause });
  }
  return genericImport("spki", spki, alg, options);
};



/***/ }),

/***/ 956:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ms: () => (/* binding */ algArgument),
  Ze: () => (/* binding */ keyAlgorithm),
  yt: () => (/* binding */ unsupportedAlg)
});

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/errors.js
var errors = __webpack_require__(5674);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/jws_algorithms.js
var jws_algorithms = __webpack_require__(8109);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/key_descriptor.js
var key_descriptor = __webpack_require__(3035);
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jwe_algorithms.js


const wrap = [
  ["encrypt", "wrapKey"],
  ["decrypt", "unwrapKey"]
], derive = [[], ["deriveBits"]], none = [[], []];
function rsaes(bits) {
  return {
    kty: ["RSA"],
    mode: "key-encryption",
    subtle: { name: "RSA-OAEP", hash: `SHA-${bits}` },
    usages: wrap,
    ops: ["wrapKey", "unwrapKey"]
  };
}
function ecdh(mode) {
  return {
    kty: ["EC", "OKP"],
    mode,
    subtle: { name: "ECDH" },
    resolve: ({ kty, crv, asymmetricKeyType }) => {
      if (crv === "X25519" || asymmetricKeyType === "x25519")
        return { name: "X25519" };
      if (kty === "OKP")
        throw new errors/* JOSENotSupported */.T0('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
      return { name: "ECDH", namedCurve: crv };
    },
    usages: derive,
    ops: [void 0, "deriveBits"]
  };
}
function aeskw(bits, gcm = !1) {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: !0,
    subtle: { name: gcm ? "AES-GCM" : "AES-KW", length: bits },
    usages: none,
    ops: gcm ? ["encrypt", "decrypt"] : ["wrapKey", "unwrapKey"]
  };
}
function pbes2() {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: !0,
    subtle: { name: "PBKDF2" },
    usages: none,
    ops: ["deriveBits", "deriveBits"]
  };
}
const JWE = (0,key_descriptor/* table */.t)({
  dir: {
    kty: ["oct"],
    mode: "direct-encryption",
    secret: !0,
    subtle: { name: "AES-GCM" },
    usages: none,
    ops: ["encrypt", "decrypt"]
  },
  "RSA-OAEP": rsaes(1),
  "RSA-OAEP-256": rsaes(256),
  "RSA-OAEP-384": rsaes(384),
  "RSA-OAEP-512": rsaes(512),
  "ECDH-ES": ecdh("direct-key-agreement"),
  "ECDH-ES+A128KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A192KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A256KW": ecdh("key-agreement-with-key-wrapping"),
  A128KW: aeskw(128),
  A192KW: aeskw(192),
  A256KW: aeskw(256),
  A128GCMKW: aeskw(128, !0),
  A192GCMKW: aeskw(192, !0),
  A256GCMKW: aeskw(256, !0),
  "PBES2-HS256+A128KW": pbes2(),
  "PBES2-HS384+A192KW": pbes2(),
  "PBES2-HS512+A256KW": pbes2()
}), contentOps = ["encrypt", "decrypt"];
function contentEncryption(bits, cbc = !1) {
  return {
    kty: ["oct"],
    secret: !0,
    subtle: { name: cbc ? "AES-CBC" : "AES-GCM", length: bits },
    usages: none,
    ops: contentOps,
    cekBits: bits,
    ivBits: cbc ? 128 : 96,
    cbc
  };
}
const ENC = (0,key_descriptor/* table */.t)({
  A128GCM: contentEncryption(128),
  A192GCM: contentEncryption(192),
  A256GCM: contentEncryption(256),
  "A128CBC-HS256": contentEncryption(256, !0),
  "A192CBC-HS384": contentEncryption(384, !0),
  "A256CBC-HS512": contentEncryption(512, !0)
});
function unsupported(parameter, name) {
  throw new JOSENotSupported(`Invalid or unsupported "${parameter}" (JWE ${name}) header value`);
}
function jweAlgorithm(alg) {
  return (typeof alg == "string" ? JWE[alg] : void 0) ?? unsupported("alg", "Algorithm");
}
function isJWECEKTransport(algorithm) {
  return algorithm.mode === "key-wrapping" || algorithm.mode === "key-encryption" || algorithm.mode === "key-agreement-with-key-wrapping";
}
function jweEncryption(enc) {
  return (typeof enc == "string" ? ENC[enc] : void 0) ?? unsupported("enc", "Encryption Algorithm");
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key_algorithm.js



const algArgument = '"alg" (Algorithm)';
function unsupportedAlg(source = 'JWK "alg" (Algorithm) Parameter') {
  throw new errors/* JOSENotSupported */.T0(`Invalid or unsupported ${source} value`);
}
function keyAlgorithm(alg, source) {
  return (typeof alg == "string" ? jws_algorithms/* JWS */.p[alg] ?? JWE[alg] : void 0) ?? unsupportedAlg(source);
}



/***/ })

};
