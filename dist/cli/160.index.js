export const id = 160;
export const ids = [160,970];
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

/***/ 970:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CA_LIFETIME_MS: () => (/* binding */ CA_LIFETIME_MS),
/* harmony export */   MAX_LEAF_LIFETIME_MS: () => (/* binding */ MAX_LEAF_LIFETIME_MS),
/* harmony export */   NOT_BEFORE_SKEW_MS: () => (/* binding */ NOT_BEFORE_SKEW_MS),
/* harmony export */   RENEW_BEFORE_MS: () => (/* binding */ RENEW_BEFORE_MS),
/* harmony export */   openCertificateAuthority: () => (/* binding */ openCertificateAuthority),
/* harmony export */   projectUri: () => (/* binding */ projectUri),
/* harmony export */   tokenCaNotAfter: () => (/* binding */ tokenCaNotAfter)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_lock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3821);
/* harmony import */ var _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5601);
/* harmony import */ var _signing_mtls_csr_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6386);
/* harmony import */ var _tokens_signer_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3558);
/**
 * The broker's client-certificate authority: turns a job's CSR plus its verified stint token into a
 * short-lived client certificate that names the project (docs/broker.md#endpoints, docs/signing.md#mtls).
 *
 * The CA key is ECDSA P-256, made with node:crypto. node-forge (the X.509 library we ship) can
 * neither make nor sign with EC keys, so certificates are assembled with forge's DER codec and
 * signed by node:crypto (see src/signing/mtls-asn1.ts); that also lets the CA accept EC P-256 CSRs,
 * which forge's CSR parser rejects.
 *
 * With file keys the CA lives in one file, `<dir>/ca.pem` (certificate then PKCS#8 key, mode 0600,
 * dir 0700), so the key and certificate are always replaced together; brokers sharing a keys dir make
 * or renew it under a lock file and agree on one CA. With `keys.pkcs11` the CA key is generated in
 * the token (sensitive, non-extractable) and the CA certificate is a certificate object beside it,
 * so brokers sharing the token share the CA and nothing of it is on disk. Either way certificates
 * are signed through a Signer (src/tokens/signer.ts), never with a key this code holds.
 */








/** Longest life of an issued client certificate, whatever the token's lifetime (docs/signing.md#mtls). */
const MAX_LEAF_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Back-dating of notBefore, so a relying party whose clock is a little behind accepts it. */
const NOT_BEFORE_SKEW_MS = 60 * 1000;
/** Life of a CA certificate; it is replaced when less than RENEW_BEFORE_MS remains. */
const CA_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
/**
 * A CA is replaced 30 days before it expires; until then `caPem` carries the new CA and the old
 * one, so relying parties that refresh `GET /mtls/ca.pem` at least monthly never miss a rollover.
 */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;
/** X.520 upper bound for a common name. */
const MAX_COMMON_NAME = 64;
/**
 * Opens the CA kept in `dir`, creating it on first use and replacing it 30 days before it expires
 * (checked when opened and before each issue, so a broker that runs for a year rolls over too).
 *
 * @example
 * const ca = await openCertificateAuthority(join(keysDir, 'ca'));
 * const { certificatePem } = await ca.issue({ csrPem, project: 'warehouse', subject: claims.sub, notAfterMs: claims.exp * 1000 });
 */
async function openCertificateAuthority(dir, options = {}) {
    const now = options.now ?? Date.now;
    let state;
    if (options.token !== undefined) {
        const store = tokenCaStore(options.token);
        state = await loadOrRenew(store, now());
        return authorityOver(store, state, now);
    }
    const store = fileCaStore(dir);
    let refused;
    try {
        // The last step is not recursive, so a read-only parent says EROFS (a recursive mkdir says ENOENT).
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { mode: 0o700 }).catch((error) => {
            if (error.code !== 'EEXIST')
                throw error;
        });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, 0o700);
    }
    catch (error) {
        // A read-only dir (a mounted Secret) may still hold a CA that is not due: serve it as it is.
        if (!isNotWritable(error))
            throw error;
        refused = error;
    }
    try {
        state = await loadOrRenew(store, now());
    }
    catch (error) {
        const cause = (refused ?? error);
        if (!isNotWritable(cause))
            throw error;
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_MTLS_CA_DIR', `the mTLS CA cannot be created or renewed in ${dir}: ${cause.code} on ${cause.path ?? dir}; set keys.ca_dir to a dir this broker may write (shared by every broker, e.g. a persistent volume), or make ${dir} writable`, { cause: error });
    }
    return authorityOver(store, state, now);
}
function authorityOver(store, initial, now) {
    let state = initial;
    let renewing;
    return {
        get caPem() {
            return state.caPem;
        },
        get notAfterMs() {
            return state.ca.notAfterMs;
        },
        get fingerprint() {
            return (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .certificateFingerprint */ .gH)(state.ca.der);
        },
        async issue(request) {
            if (state.ca.notAfterMs - now() < RENEW_BEFORE_MS) {
                renewing ??= loadOrRenew(store, now()).finally(() => (renewing = undefined));
                state = await renewing;
            }
            try {
                return await issue(state.ca, await state.issuer(), request, now());
            }
            catch (error) {
                // Another broker sharing the token renewed the CA and destroyed this key: take up its CA.
                if (!(error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp && error.code === 'ERR_PKCS11_FAILED' && store.shared))
                    throw error;
                state = await loadOrRenew(store, now());
                return issue(state.ca, await state.issuer(), request, now());
            }
        },
    };
}
function isNotWritable(error) {
    const code = error?.code;
    return code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
}
/**
 * Reads the CA (another broker may have renewed it already) and makes a new one when there is
 * none or it is due. On renewal the old certificate — not its key, which is no longer needed —
 * stays in `caPem` until it expires.
 */
async function loadOrRenew(store, nowMs) {
    const found = await store.read(nowMs);
    let others = found.others;
    let ca = found.current;
    if (ca === undefined || isDue(ca, nowMs)) {
        ca = await store.renew(nowMs);
        ({ others } = await store.read(nowMs));
    }
    const current = ca;
    const trusted = others.filter((cert) => Date.parse(cert.validTo) > nowMs && !cert.raw.equals(current.der));
    let facts;
    return {
        ca: current,
        caPem: current.certificatePem + trusted.map((cert) => (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .toPem */ .sg)('CERTIFICATE', cert.raw)).join(''),
        issuer: () => (facts ??= (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .loadForgeAsn1 */ .zH)().then((forge) => ({
            nameDer: subjectOf(current, new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .Der */ .Ou(forge)),
            keyId: (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .keyIdentifier */ .P_)(forge, current.publicKey),
        }))),
    };
}
function isDue(ca, nowMs) {
    return ca.notAfterMs - nowMs < RENEW_BEFORE_MS;
}
/** The CA in `<dir>/ca.pem` (certificate and key), the one before it in `<dir>/ca-previous.pem`. */
function fileCaStore(dir) {
    return {
        shared: false,
        async read() {
            const current = await readCaFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'ca.pem'));
            const previous = await readPreviousCertificate((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'ca-previous.pem'));
            return { ...(current === undefined ? {} : { current }), others: previous === undefined ? [] : [previous] };
        },
        renew: (nowMs) => renewUnderLock(dir, nowMs),
    };
}
/** Makes or renews the CA holding the lock, so brokers sharing the dir take turns and the second adopts the first's CA. */
async function renewUnderLock(dir, nowMs) {
    // Only one broker makes or renews the CA.
    return (0,_lib_file_lock_js__WEBPACK_IMPORTED_MODULE_4__/* .withFileLock */ .Ux)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'ca.lock'), async () => {
        const current = await readCaFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'ca.pem'));
        if (current !== undefined && !isDue(current, nowMs))
            return current;
        const { privateKey, publicKey } = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
        const certificatePem = await createCa(nowMs, publicKey, keyObjectSigner(privateKey));
        const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
        if (current !== undefined)
            await writeFileAtomically((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'ca-previous.pem'), current.certificatePem);
        await writeFileAtomically((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'ca.pem'), certificatePem + keyPem);
        return toLoadedCa(certificatePem, keyPem);
    });
}
/**
 * Expiry of the CA that signs now in a PKCS#11 token (the newest certificate whose key is there),
 * or undefined before the first certificate made it; for the expiry watch and its gauge.
 */
async function tokenCaNotAfter(token, nowMs) {
    return (await tokenCaStore(token).read(nowMs)).current?.notAfterMs;
}
/** CA key labels in a token: `stint:ca:<created ms>`; certificates are labelled `stint:ca`. */
const TOKEN_CA_LABEL = 'stint:ca';
/**
 * The CA in a PKCS#11 token: key pairs generated there, certificates stored there as certificate
 * objects with the same CKA_ID. The CA that signs is the newest certificate whose private key is
 * in the token; the others stay trusted (in `caPem`) until they expire, then are destroyed.
 */
function tokenCaStore(token) {
    const read = (nowMs) => {
        const keys = new Map(token.findKeys(`${TOKEN_CA_LABEL}:`).map((key) => [key.id, key]));
        const certificates = token
            .findCertificates(TOKEN_CA_LABEL)
            .map((found) => ({ id: found.id, certificate: new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(found.der) }))
            .sort((a, b) => Date.parse(b.certificate.validTo) - Date.parse(a.certificate.validTo));
        const signing = certificates.find(({ id, certificate }) => {
            const key = keys.get(id);
            return key?.hasPrivateKey === true && Date.parse(certificate.validTo) > nowMs;
        });
        if (signing === undefined)
            return { others: certificates.map((c) => c.certificate) };
        const key = keys.get(signing.id);
        const current = loadedCa((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .toPem */ .sg)('CERTIFICATE', signing.certificate.raw), key.publicKey, ecdsaOf(token.signer(signing.id, signing.id, 'ES256')));
        return { current, others: certificates.filter((c) => c !== signing).map((c) => c.certificate) };
    };
    return {
        shared: true,
        async read(nowMs) {
            return read(nowMs);
        },
        async renew(nowMs) {
            // No lock spans machines: re-read, and adopt a CA another broker made meanwhile.
            const again = read(nowMs);
            if (again.current !== undefined && !isDue(again.current, nowMs))
                return again.current;
            const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
            const publicKey = token.generateKeyPair('ES256', id, `${TOKEN_CA_LABEL}:${nowMs}`);
            const signWith = ecdsaOf(token.signer(id, id, 'ES256'));
            const certificatePem = await createCa(nowMs, publicKey, signWith);
            const made = loadedCa(certificatePem, publicKey, signWith);
            token.storeCertificate(id, TOKEN_CA_LABEL, made.der, subjectOf(made, new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .Der */ .Ou(await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .loadForgeAsn1 */ .zH)())));
            // The old CA key signs nothing any more; its certificate stays trusted until it expires.
            for (const old of token.findKeys(`${TOKEN_CA_LABEL}:`)) {
                if (old.id !== id)
                    token.destroyKey(old.id, 'private');
            }
            for (const { id: oldId, der: oldDer } of token.findCertificates(TOKEN_CA_LABEL)) {
                if (oldId !== id && Date.parse(new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(oldDer).validTo) <= nowMs) {
                    token.destroyCertificate(oldId);
                    token.destroyKey(oldId);
                }
            }
            const { current } = read(nowMs);
            if (current === undefined)
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CA_INVALID', `the mTLS CA just made in ${token.where} is not there`);
            return current;
        },
    };
}
function keyObjectSigner(key) {
    return async (data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', data, key);
}
function ecdsaOf(signer) {
    return async (data) => (0,_tokens_signer_js__WEBPACK_IMPORTED_MODULE_7__/* .ecdsaDer */ .i9)(await signer.sign(data));
}
async function readPreviousCertificate(file) {
    try {
        return new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file));
    }
    catch {
        // Missing or unreadable: it only ever widens trust during a rollover, so do without it.
        return undefined;
    }
}
async function writeFileAtomically(file, content) {
    const temp = `${file}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(temp, content, { mode: 0o600, flag: 'wx' });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(temp, 0o600);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, file);
}
async function issue(ca, issuer, request, nowMs) {
    const { publicKey } = await (0,_signing_mtls_csr_js__WEBPACK_IMPORTED_MODULE_6__/* .readCsr */ .$)(request.csrPem);
    if (typeof request.project !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(request.project)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CSR_INVALID', `cannot issue a certificate for project ${JSON.stringify(request.project)}: project names are 1-128 of A-Z a-z 0-9 . _ -`);
    }
    if (typeof request.subject !== 'string' || request.subject.length === 0) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CSR_INVALID', 'cannot issue a certificate without the token subject');
    }
    // Whole seconds, rounded down, so the certificate never outlives what was asked for.
    const notAfterMs = Math.floor(Math.min(request.notAfterMs, nowMs + MAX_LEAF_LIFETIME_MS, ca.notAfterMs) / 1000) * 1000;
    if (!Number.isFinite(notAfterMs) || notAfterMs <= nowMs) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CSR_INVALID', 'cannot issue a certificate: the token expires now or has expired; exchange a new one');
    }
    const forge = await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .loadForgeAsn1 */ .zH)();
    const der = new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .Der */ .Ou(forge);
    const serial = randomSerial();
    const tbs = der.seq([
        der.explicit(0, der.int(2)),
        der.unsigned(serial),
        der.signatureAlgorithm(ca.publicKey),
        der.raw(issuer.nameDer),
        der.seq([der.time(nowMs - NOT_BEFORE_SKEW_MS), der.time(notAfterMs)]),
        der.name([[_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.commonName, truncateCodePoints(request.subject, MAX_COMMON_NAME)]]),
        der.raw(publicKey.export({ type: 'spki', format: 'der' })),
        der.explicit(3, der.seq([
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.basicConstraints, true, der.seq([])),
            // digitalSignature only (bit 0): all a TLS client key does.
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.keyUsage, true, der.bits(Buffer.from([0x80]), 7)),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.extKeyUsage, false, der.seq([der.oid(_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.clientAuth)])),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.subjectAltName, false, der.seq([der.implicit(6, Buffer.from(projectUri(request.project), 'ascii'))])),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.subjectKeyIdentifier, false, der.octets((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .keyIdentifier */ .P_)(forge, publicKey))),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.authorityKeyIdentifier, false, der.seq([der.implicit(0, issuer.keyId)])),
        ])),
    ]);
    const certificateDer = await signedBy(der, tbs, der.signatureAlgorithm(ca.publicKey), ca.sign);
    return {
        certificatePem: (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .toPem */ .sg)('CERTIFICATE', certificateDer),
        serial: serial.toString('hex').toUpperCase(),
        notAfterMs,
        fingerprint: (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .certificateFingerprint */ .gH)(certificateDer),
    };
}
/** The SAN URI that names the project in every client certificate. */
function projectUri(project) {
    return `urn:stint:project:${project}`;
}
/** The CA's own subject Name, DER, copied as-is into each certificate's issuer field. */
function subjectOf(ca, der) {
    // tbsCertificate: [0] version, serial, signature, issuer, validity, subject, …
    const certificate = der.raw(ca.der);
    const tbs = certificate.value[0];
    return der.encode(tbs.value[5]);
}
function extension(der, oid, critical, value) {
    const parts = [der.oid(oid)];
    if (critical)
        parts.push(der.bool(true));
    parts.push(der.octets(der.encode(value)));
    return der.seq(parts);
}
/** 128 random bits, top bit cleared so the INTEGER is positive, never a leading zero byte. */
function randomSerial() {
    const serial = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16);
    serial[0] = serial[0] & 0x7f || 0x01;
    return serial;
}
function truncateCodePoints(text, max) {
    return [...text].slice(0, max).join('');
}
/** A new self-signed CA certificate (PEM) for `publicKey`, signed through `signWith` (a file key or a key in a token). */
async function createCa(nowMs, publicKey, signWith) {
    const der = new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .Der */ .Ou(await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .loadForgeAsn1 */ .zH)());
    const name = der.name([
        [_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.organizationName, 'stint'],
        [_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.commonName, `stint client CA ${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`],
    ]);
    const forge = await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .loadForgeAsn1 */ .zH)();
    const tbs = der.seq([
        der.explicit(0, der.int(2)),
        der.unsigned(randomSerial()),
        der.signatureAlgorithm(publicKey),
        name,
        der.seq([der.time(nowMs - NOT_BEFORE_SKEW_MS), der.time(nowMs + CA_LIFETIME_MS)]),
        name,
        der.raw(publicKey.export({ type: 'spki', format: 'der' })),
        der.explicit(3, der.seq([
            // CA:TRUE, pathLenConstraint 0: it signs client certificates and nothing that signs.
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.basicConstraints, true, der.seq([der.bool(true), der.int(0)])),
            // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000011 in 7 bits.
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.keyUsage, true, der.bits(Buffer.from([0x06]), 1)),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .OID */ .Vx.subjectKeyIdentifier, false, der.octets((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .keyIdentifier */ .P_)(forge, publicKey))),
        ])),
    ]);
    const certificateDer = await signedBy(der, tbs, der.signatureAlgorithm(publicKey), signWith);
    return (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .toPem */ .sg)('CERTIFICATE', certificateDer);
}
/** `SEQUENCE { toBeSigned, algorithm, BIT STRING signature }`, signed through a signer. */
async function signedBy(der, toBeSigned, algorithm, signWith) {
    const signature = await signWith(der.encode(toBeSigned));
    return der.encode(der.seq([toBeSigned, algorithm, der.bits(signature)]));
}
function toLoadedCa(certificatePem, keyPem) {
    const certificate = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(certificatePem);
    const key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(keyPem);
    if (!certificate.checkPrivateKey(key))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CA_INVALID', 'the mTLS CA key does not match its certificate');
    return loadedCa(certificatePem, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key), keyObjectSigner(key));
}
function loadedCa(certificatePem, publicKey, signWith) {
    const certificate = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(certificatePem);
    return {
        certificatePem,
        certificate,
        der: certificate.raw,
        publicKey,
        sign: signWith,
        notAfterMs: Date.parse(certificate.validTo),
    };
}
async function readCaFile(file) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    const certificate = (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .fromPem */ .lq)('CERTIFICATE', text);
    const keyMatch = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(text);
    if (certificate === undefined || keyMatch === null) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CA_INVALID', `${file} does not hold a CA certificate and its private key; move it away and the broker makes a new CA`);
    }
    try {
        return toLoadedCa((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_5__/* .toPem */ .sg)('CERTIFICATE', certificate), `${keyMatch[0]}\n`);
    }
    catch (error) {
        if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CA_INVALID', `${file}: ${error.message}`);
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_CA_INVALID', `${file} cannot be read as a CA certificate and key; move it away and the broker makes a new CA`, { cause: error });
    }
}


/***/ })

};
