export const id = 379;
export const ids = [379];
export const modules = {

/***/ 970:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CA_LIFETIME_MS: () => (/* binding */ CA_LIFETIME_MS),
/* harmony export */   MAX_LEAF_LIFETIME_MS: () => (/* binding */ MAX_LEAF_LIFETIME_MS),
/* harmony export */   NOT_BEFORE_SKEW_MS: () => (/* binding */ NOT_BEFORE_SKEW_MS),
/* harmony export */   RENEW_BEFORE_MS: () => (/* binding */ RENEW_BEFORE_MS),
/* harmony export */   TOKEN_CA_ORPHAN_MS: () => (/* binding */ TOKEN_CA_ORPHAN_MS),
/* harmony export */   checkCaKeyFile: () => (/* binding */ checkCaKeyFile),
/* harmony export */   openCertificateAuthority: () => (/* binding */ openCertificateAuthority),
/* harmony export */   projectUri: () => (/* binding */ projectUri),
/* harmony export */   tokenCaNotAfter: () => (/* binding */ tokenCaNotAfter)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2949);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_lock_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3821);
/* harmony import */ var _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5601);
/* harmony import */ var _signing_mtls_csr_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6386);
/* harmony import */ var _tokens_keyset_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(33);
/* harmony import */ var _tokens_signer_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3558);
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
    const hooks = {
        ...(options.onChange ? { onChange: options.onChange } : {}),
        ...(options.onNote ? { onNote: options.onNote } : {}),
    };
    let state;
    if (options.token !== undefined) {
        const store = tokenCaStore(options.token);
        state = await loadOrRenew(store, now(), hooks);
        return authorityOver(store, state, now, hooks);
    }
    let refused;
    try {
        // The last step is not recursive, so a read-only parent says EROFS (a recursive mkdir says ENOENT).
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(dir), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir, { mode: 0o700 }).catch((error) => {
            if (error.code !== 'EEXIST')
                throw error;
        });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(dir, 0o700);
    }
    catch (error) {
        // A read-only dir (a mounted Secret) may still hold a CA that is not due: serve it as it is.
        if (!isNotWritable(error))
            throw error;
        refused = error;
    }
    const store = fileCaStore(dir, refused !== undefined);
    try {
        state = await loadOrRenew(store, now(), hooks);
    }
    catch (error) {
        const cause = (refused ?? error);
        if (!isNotWritable(cause))
            throw error;
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_MTLS_CA_DIR', `the mTLS CA cannot be created or renewed in ${dir}: ${cause.code} on ${cause.path ?? dir}; set keys.ca_dir to a dir this broker may write (shared by every broker, e.g. a persistent volume), or make ${dir} writable`, { cause: error });
    }
    return authorityOver(store, state, now, hooks);
}
function authorityOver(store, initial, now, hooks) {
    let state = initial;
    let readAtMs = now();
    let renewing;
    const reload = async () => {
        const startedMs = now();
        // The CA this broker signed with, so a CA made because it is gone is told as a replacement of it.
        renewing ??= loadOrRenew(store, startedMs, hooks, state.ca).finally(() => (renewing = undefined));
        state = await renewing;
        readAtMs = startedMs;
        return state;
    };
    return {
        get caPem() {
            return state.caPem;
        },
        get notAfterMs() {
            return state.ca.notAfterMs;
        },
        get fingerprint() {
            return (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .certificateFingerprint */ .gH)(state.ca.der);
        },
        async refresh() {
            // Brokers sharing a token see a CA another one made, renewed or replaced within seconds.
            if (store.shared && now() - readAtMs >= TOKEN_CA_REREAD_MS)
                await reload();
        },
        async issue(request) {
            if (isDue(state.ca, now()) || (store.shared && now() - readAtMs >= TOKEN_CA_REREAD_MS))
                await reload();
            const signing = state;
            try {
                return await issue(signing.ca, await signing.issuer(), request, now());
            }
            catch (error) {
                // Another process destroyed this key (a renewal, a CA replaced at once): take up the CA that signs now.
                if (!(error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp && error.code === 'ERR_PKCS11_FAILED' && store.shared))
                    throw error;
                const again = await reload();
                return issue(again.ca, await again.issuer(), request, now());
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
async function loadOrRenew(store, nowMs, hooks, known) {
    const found = await store.read(nowMs);
    let others = found.others;
    let ca = found.current;
    if (ca === undefined || isDue(ca, nowMs)) {
        // What signed before: the due CA, else the one this broker held, else (a shared token) a CA
        // certificate still valid whose key is gone.
        const previous = ca ??
            known ??
            (store.shared
                ? found.others
                    .filter((cert) => Date.parse(cert.validTo) > nowMs)
                    .sort((a, b) => Date.parse(b.validTo) - Date.parse(a.validTo))[0]
                : undefined);
        ca = await store.renew(nowMs, previous, hooks);
        ({ others } = await store.read(nowMs));
    }
    const current = ca;
    // Only CAs the current one replaced (they were due when it was made) stay trusted, newest first:
    // not a CA made at the same time by another broker, which never signs.
    // (+1 s: certificate times are whole seconds.)
    const replacedBeforeMs = Date.parse(current.certificate.validFrom) + NOT_BEFORE_SKEW_MS + RENEW_BEFORE_MS + 1000;
    const trusted = others
        .filter((cert) => {
        const notAfterMs = Date.parse(cert.validTo);
        return notAfterMs > nowMs && notAfterMs < replacedBeforeMs && !cert.raw.equals(current.der);
    })
        .sort((a, b) => Date.parse(b.validTo) - Date.parse(a.validTo) || Buffer.compare(a.raw, b.raw));
    let facts;
    return {
        ca: current,
        caPem: current.certificatePem + trusted.map((cert) => (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .toPem */ .sg)('CERTIFICATE', cert.raw)).join(''),
        issuer: () => (facts ??= (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .loadForgeAsn1 */ .zH)().then((forge) => ({
            nameDer: subjectOf(current, new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .Der */ .Ou(forge)),
            keyId: (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .keyIdentifier */ .P_)(forge, current.publicKey),
        }))),
    };
}
function isDue(ca, nowMs) {
    return ca.notAfterMs - nowMs < RENEW_BEFORE_MS;
}
/**
 * Refuses a CA key file other users can read (ERR_KEYS_INSECURE), by the rule for signing keys
 * (src/tokens/keyset.ts): 0600, or 0440 for a group of this broker on a dir it may not write (a
 * mounted Secret). The broker checks it at start, as it checks signing keys, and on every read.
 * No file yet is fine: the CA is made on first use, 0600.
 *
 * @example
 * await checkCaKeyFile(join(keysDir, 'ca'));
 */
async function checkCaKeyFile(dir, readOnlyDir) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca.pem');
    let info;
    try {
        info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return;
        if (code === 'ENOTDIR')
            throw await caDirNotADirectory(dir, error);
        throw error;
    }
    const readOnly = readOnlyDir ??
        (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(dir, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.W_OK).then(() => false, (error) => {
            if (isNotWritable(error))
                return true;
            throw error;
        }));
    if ((0,_tokens_keyset_js__WEBPACK_IMPORTED_MODULE_9__/* .privateKeyModeIsSafe */ .Z0)(info, readOnly))
        return;
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    const replace = 'then replace the CA, since its key may have been copied: move the file away (the broker makes a new CA) and have servers fetch /mtls/ca.pem again';
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_KEYS_INSECURE', readOnly
        ? `${file} (the mTLS CA key) is readable by other users (mode ${mode}, group ${info.gid}); a read-only CA dir may be group-readable (0440) only by a group of this broker (${(0,_tokens_keyset_js__WEBPACK_IMPORTED_MODULE_9__/* .describeUser */ .ZL)()}): set the Secret's defaultMode to 0400 or 0440 with fsGroup, ${replace}`
        : `${file} (the mTLS CA key) is readable by other users (mode ${mode}); run \`chmod 600 ${file}\`, ${replace}`);
}
/**
 * ERR_MTLS_CA_DIR for a CA dir that is, or lies under, something other than a directory (a
 * file left at `<keys dir>/ca`), naming that path and what to do.
 */
async function caDirNotADirectory(dir, cause) {
    let file = dir;
    for (let path = dir; path !== (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(path); path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(path)) {
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path).catch(() => undefined);
        if (info !== undefined && !info.isDirectory())
            file = path;
    }
    const fix = file === dir
        ? `move ${file} away (the broker then makes the directory, and a CA when it first issues a certificate), or set keys.ca_dir to another directory`
        : `move ${file} away, or point keys.dir (or keys.ca_dir) at a directory`;
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_MTLS_CA_DIR', `${file} is not a directory, and the broker keeps its mTLS CA in the directory ${dir}: ${fix}`, { cause });
}
/** The CA in `<dir>/ca.pem` (certificate and key), the one before it in `<dir>/ca-previous.pem`. */
function fileCaStore(dir, readOnlyDir) {
    return {
        shared: false,
        async read() {
            await checkCaKeyFile(dir, readOnlyDir);
            const current = await readCaFile((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca.pem'));
            const previous = await readPreviousCertificate((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca-previous.pem'));
            return { ...(current === undefined ? {} : { current }), others: previous === undefined ? [] : [previous] };
        },
        renew: (nowMs, previous, hooks) => renewUnderLock(dir, nowMs, previous, hooks),
        where: dir,
    };
}
/** Makes or renews the CA holding the lock, so brokers sharing the dir take turns and the second adopts the first's CA. */
async function renewUnderLock(dir, nowMs, previous, hooks) {
    // Only one broker makes or renews the CA.
    return (0,_lib_file_lock_js__WEBPACK_IMPORTED_MODULE_6__/* .withFileLock */ .Ux)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca.lock'), async () => {
        const current = await readCaFile((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca.pem'));
        if (current !== undefined && !isDue(current, nowMs))
            return current;
        const { privateKey, publicKey } = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
        const certificatePem = await createCa(nowMs, publicKey, keyObjectSigner(privateKey));
        const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
        const made = toLoadedCa(certificatePem, keyPem);
        // Audited before it is written: when that fails, the dir is as it was.
        await hooks.onChange?.(caChange(made, current ?? previous, nowMs, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca.pem')));
        if (current !== undefined)
            await (0,_lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca-previous.pem'), current.certificatePem, 0o600);
        await (0,_lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'ca.pem'), certificatePem + keyPem, 0o600);
        return made;
    });
}
/** What making `made` changed, from the CA that signed before (CaChange). */
function caChange(made, previous, nowMs, where) {
    const fingerprint = (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .certificateFingerprint */ .gH)(made.der);
    const subject = made.certificate.subject;
    const base = { fingerprint, subject, notAfterMs: made.notAfterMs, where };
    const expires = new Date(made.notAfterMs).toISOString();
    if (previous === undefined) {
        return {
            ...base,
            kind: 'created',
            reason: `no mTLS CA in ${where}: made ${fingerprint} (${subject.replace(/\n/g, ', ')}), valid until ${expires}`,
        };
    }
    const certificate = previous instanceof node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate ? previous : previous.certificate;
    const before = {
        fingerprint: (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .certificateFingerprint */ .gH)(certificate.raw),
        subject: certificate.subject,
        notAfterMs: Date.parse(certificate.validTo),
    };
    const due = before.notAfterMs - nowMs < RENEW_BEFORE_MS;
    return {
        ...base,
        previous: before,
        kind: due ? 'renewed' : 'replaced',
        reason: due
            ? `the mTLS CA ${before.fingerprint} expires at ${new Date(before.notAfterMs).toISOString()} (within 30 days): ${fingerprint} signs from now, valid until ${expires}; the old certificate stays in /mtls/ca.pem until it expires`
            : `the mTLS CA ${before.fingerprint} (valid until ${new Date(before.notAfterMs).toISOString()}) is missing from ${where} or lost its key: ${fingerprint} signs from now, valid until ${expires}; servers must fetch /mtls/ca.pem again to accept the certificates it issues`,
    };
}
/**
 * Expiry of the CA that signs now in a PKCS#11 token (as chooseTokenCa picks it), or undefined
 * before the first certificate made it; for the expiry watch and its gauge.
 */
async function tokenCaNotAfter(token, nowMs) {
    return (await tokenCaStore(token).read(nowMs)).current?.notAfterMs;
}
/** CA key labels in a token: `stint:ca:<created ms>`; certificates are labelled `stint:ca`. */
const TOKEN_CA_LABEL = 'stint:ca';
/**
 * How long a broker that made a CA in a shared token waits before it looks again and takes up the
 * CA every broker agrees on: longer than any peer needs between its last look and storing its own.
 */
const TOKEN_CA_SETTLE_MS = 1_000;
/** Longest random wait before a broker makes a CA in a shared token (see renew). */
const TOKEN_CA_JITTER_MS = 1_000;
/** A broker on a shared token looks at the token's CA again when its view is older than this. */
const TOKEN_CA_REREAD_MS = 5_000;
/**
 * A CA key pair whose certificate is not in the token this long after the time in its label is
 * destroyed at the next renewal: its maker stores the certificate within seconds (see renew), so a
 * key without one a day later is left over from a maker that was stopped between the two.
 */
const TOKEN_CA_ORPHAN_MS = 24 * 60 * 60 * 1000;
/**
 * The CA in a PKCS#11 token: key pairs generated there, certificates stored there as certificate
 * objects with the same CKA_ID. Brokers sharing the token have no lock, so each picks the CA that
 * signs by one rule, which gives every broker the same answer (`chooseTokenCa`); a broker never
 * destroys a CA another broker may still sign with, only its own (a CA it made and lost with) and
 * the keys of CAs that are due (every broker re-reads before signing with a due CA).
 */
function tokenCaStore(token) {
    const list = () => {
        return token.findCertificates(TOKEN_CA_LABEL).map((found) => {
            const certificate = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(found.der);
            const key = token.findKey(found.id);
            return {
                id: found.id,
                certificate,
                notAfterMs: Date.parse(certificate.validTo),
                createdMs: createdOf(key?.label) ?? Date.parse(certificate.validFrom) + NOT_BEFORE_SKEW_MS,
                hasPrivateKey: key?.hasPrivateKey === true,
                ...(key === undefined ? {} : { publicKey: key.publicKey }),
            };
        });
    };
    const read = (nowMs) => {
        const cas = list();
        const signing = chooseTokenCa(cas, nowMs);
        const others = cas.filter((c) => c !== signing).map((c) => c.certificate);
        if (signing?.publicKey === undefined)
            return { others };
        const current = loadedCa((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .toPem */ .sg)('CERTIFICATE', signing.certificate.raw), signing.publicKey, ecdsaOf(token.signer(signing.id, signing.id, 'ES256')));
        return { current, currentId: signing.id, others };
    };
    /**
     * Destroys a CA, its key first: stopped between the two, what is left is a certificate without its
     * key, which is never served and is destroyed at the next renewal, not a key nothing finds.
     */
    const destroyCa = (id) => {
        token.destroyKey(id);
        token.destroyCertificate(id);
    };
    /** Destroys what no broker signs with: the keys of due CAs, expired CAs, and CAs that lost their key early. */
    const retire = (nowMs, signingId) => {
        const cas = list();
        for (const ca of cas) {
            if (ca.id === signingId)
                continue;
            if (ca.notAfterMs <= nowMs) {
                destroyCa(ca.id);
            }
            else if (ca.notAfterMs - nowMs < RENEW_BEFORE_MS) {
                // Superseded: its certificate stays trusted (in caPem) until it expires.
                if (ca.hasPrivateKey)
                    token.destroyKey(ca.id, 'private');
            }
            else if (!ca.hasPrivateKey) {
                // Not due and without its key (destroyed by hand, or by an earlier stint that destroyed every other CA key): it never
                // signs again and is not served; a CA being made has its key before its certificate.
                destroyCa(ca.id);
            }
        }
        // A CA key pair without its certificate: its maker was stopped (killed, its token gone) between
        // making the key and storing the certificate, or before destroying the key of a CA that lost.
        // No broker signs with a CA it does not find by its certificate, and a maker stores it within
        // seconds of the time in the key's label, so a day later no one will.
        const certified = new Set(cas.map((ca) => ca.id));
        for (const key of token.findKeys(`${TOKEN_CA_LABEL}:`)) {
            const createdMs = createdOf(key.label);
            if (!certified.has(key.id) && createdMs !== undefined && nowMs - createdMs >= TOKEN_CA_ORPHAN_MS) {
                token.destroyKey(key.id);
            }
        }
    };
    return {
        shared: true,
        async read(nowMs) {
            return read(nowMs);
        },
        where: token.where,
        async renew(nowMs, previous, hooks) {
            // No lock spans machines: re-read, and adopt a CA another broker made meanwhile.
            const signsNow = (found) => found.current !== undefined && !isDue(found.current, nowMs);
            const again = read(nowMs);
            if (signsNow(again))
                return again.current;
            // Brokers that need the CA at the same moment (all started at once) mostly do not all make
            // one: each waits a random while first, and takes up one another made meanwhile.
            await new Promise((waited) => setTimeout(waited, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomInt)(TOKEN_CA_JITTER_MS)));
            const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
            let stored = false;
            let ourFingerprint;
            if (!signsNow(read(nowMs))) {
                const publicKey = token.generateKeyPair('ES256', id, `${TOKEN_CA_LABEL}:${nowMs}`);
                try {
                    const signWith = ecdsaOf(token.signer(id, id, 'ES256'));
                    const made = loadedCa(await createCa(nowMs, publicKey, signWith), publicKey, signWith);
                    const subject = subjectOf(made, new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .Der */ .Ou(await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .loadForgeAsn1 */ .zH)()));
                    // Audited before it is stored: when that fails, its key is destroyed and nothing is stored.
                    await hooks.onChange?.(caChange(made, again.current ?? previous, nowMs, token.where));
                    ourFingerprint = (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .certificateFingerprint */ .gH)(made.der);
                    // The look and the store run back to back (no await between): a CA a peer stored before
                    // is taken up instead, and one stored after it is stored within the settle time of ours.
                    if (!signsNow(read(nowMs))) {
                        token.storeCertificate(id, TOKEN_CA_LABEL, made.der, subject);
                        stored = true;
                    }
                    else {
                        hooks.onNote?.(`the mTLS CA ${ourFingerprint} made here was not stored: another broker's CA in ${token.where}, stored meanwhile, signs`);
                    }
                }
                finally {
                    if (!stored)
                        token.destroyKey(id);
                }
            }
            // Brokers that made a CA at the same time all stored it by now: each picks the same one, and
            // the others destroy their own.
            await new Promise((settled) => setTimeout(settled, TOKEN_CA_SETTLE_MS));
            const chosen = read(nowMs);
            if (stored && chosen.currentId !== id) {
                destroyCa(id);
                hooks.onNote?.(`the mTLS CA ${ourFingerprint} made here was destroyed unused: another broker's, made at the same moment in ${token.where}, signs`);
            }
            if (chosen.current === undefined || chosen.currentId === undefined)
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CA_INVALID', `the mTLS CA just made in ${token.where} is not there; something else destroyed it: look for another process deleting stint:ca objects`);
            if (!isDue(chosen.current, nowMs))
                retire(nowMs, chosen.currentId);
            return chosen.current;
        },
    };
}
/**
 * The CA that signs, by a rule every broker on the token applies alike: among the CAs whose
 * certificate is valid and whose private key is in the token, one that is not due before one that
 * is, then the oldest (created time in its key's label), then the lowest CKA_ID.
 */
function chooseTokenCa(cas, nowMs) {
    const due = (ca) => (ca.notAfterMs - nowMs < RENEW_BEFORE_MS ? 1 : 0);
    return cas
        .filter((ca) => ca.hasPrivateKey && ca.notAfterMs > nowMs)
        .sort((a, b) => due(a) - due(b) || a.createdMs - b.createdMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}
function createdOf(label) {
    const match = label === undefined ? null : /^stint:ca:(\d+)$/.exec(label);
    return match === null ? undefined : Number(match[1]);
}
function keyObjectSigner(key) {
    return async (data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', data, key);
}
function ecdsaOf(signer) {
    return async (data) => (0,_tokens_signer_js__WEBPACK_IMPORTED_MODULE_10__/* .ecdsaDer */ .i9)(await signer.sign(data));
}
async function readPreviousCertificate(file) {
    try {
        return new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(file));
    }
    catch {
        // Missing or unreadable: it only ever widens trust during a rollover, so do without it.
        return undefined;
    }
}
async function issue(ca, issuer, request, nowMs) {
    const { publicKey } = await (0,_signing_mtls_csr_js__WEBPACK_IMPORTED_MODULE_8__/* .readCsr */ .$)(request.csrPem);
    if (typeof request.project !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(request.project)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CSR_INVALID', `cannot issue a certificate for project ${JSON.stringify(request.project)}: project names are 1-128 of A-Z a-z 0-9 . _ -`);
    }
    if (typeof request.subject !== 'string' || request.subject.length === 0) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CSR_INVALID', 'cannot issue a certificate without the token subject');
    }
    // Whole seconds, rounded down, so the certificate never outlives what was asked for.
    const notAfterMs = Math.floor(Math.min(request.notAfterMs, nowMs + MAX_LEAF_LIFETIME_MS, ca.notAfterMs) / 1000) * 1000;
    if (!Number.isFinite(notAfterMs) || notAfterMs <= nowMs) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CSR_INVALID', 'cannot issue a certificate: the token expires now or has expired; exchange a new one');
    }
    const forge = await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .loadForgeAsn1 */ .zH)();
    const der = new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .Der */ .Ou(forge);
    const serial = randomSerial();
    const tbs = der.seq([
        der.explicit(0, der.int(2)),
        der.unsigned(serial),
        der.signatureAlgorithm(ca.publicKey),
        der.raw(issuer.nameDer),
        der.seq([der.time(nowMs - NOT_BEFORE_SKEW_MS), der.time(notAfterMs)]),
        der.name([[_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.commonName, truncateCodePoints(request.subject, MAX_COMMON_NAME)]]),
        der.raw(publicKey.export({ type: 'spki', format: 'der' })),
        der.explicit(3, der.seq([
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.basicConstraints, true, der.seq([])),
            // digitalSignature only (bit 0): all a TLS client key does.
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.keyUsage, true, der.bits(Buffer.from([0x80]), 7)),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.extKeyUsage, false, der.seq([der.oid(_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.clientAuth)])),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.subjectAltName, false, der.seq([der.implicit(6, Buffer.from(projectUri(request.project), 'ascii'))])),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.subjectKeyIdentifier, false, der.octets((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .keyIdentifier */ .P_)(forge, publicKey))),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.authorityKeyIdentifier, false, der.seq([der.implicit(0, issuer.keyId)])),
        ])),
    ]);
    const certificateDer = await signedBy(der, tbs, der.signatureAlgorithm(ca.publicKey), ca.sign);
    return {
        certificatePem: (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .toPem */ .sg)('CERTIFICATE', certificateDer),
        serial: serial.toString('hex').toUpperCase(),
        notAfterMs,
        fingerprint: (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .certificateFingerprint */ .gH)(certificateDer),
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
    const der = new _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .Der */ .Ou(await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .loadForgeAsn1 */ .zH)());
    const name = der.name([
        [_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.organizationName, 'stint'],
        [_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.commonName, `stint client CA ${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`],
    ]);
    const forge = await (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .loadForgeAsn1 */ .zH)();
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
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.basicConstraints, true, der.seq([der.bool(true), der.int(0)])),
            // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000011 in 7 bits.
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.keyUsage, true, der.bits(Buffer.from([0x06]), 1)),
            extension(der, _signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .OID */ .Vx.subjectKeyIdentifier, false, der.octets((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .keyIdentifier */ .P_)(forge, publicKey))),
        ])),
    ]);
    const certificateDer = await signedBy(der, tbs, der.signatureAlgorithm(publicKey), signWith);
    return (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .toPem */ .sg)('CERTIFICATE', certificateDer);
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CA_INVALID', 'the mTLS CA key does not match its certificate');
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
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    const certificate = (0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .fromPem */ .lq)('CERTIFICATE', text);
    const keyMatch = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(text);
    if (certificate === undefined || keyMatch === null) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CA_INVALID', `${file} does not hold a CA certificate and its private key; move it away and the broker makes a new CA`);
    }
    try {
        return toLoadedCa((0,_signing_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_7__/* .toPem */ .sg)('CERTIFICATE', certificate), `${keyMatch[0]}\n`);
    }
    catch (error) {
        if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CA_INVALID', `${file}: ${error.message}`);
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .StintError */ .Fp('ERR_CA_INVALID', `${file} cannot be read as a CA certificate and key; move it away and the broker makes a new CA`, { cause: error });
    }
}


/***/ }),

/***/ 2949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   rh: () => (/* binding */ ensurePrivateDir),
/* harmony export */   ty: () => (/* binding */ syncDir)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



/**
 * Writes `data` to `file` so that a reader sees either the old content or the new, never a
 * half-written file, and so that once it resolves the new content survives a power cut: the
 * bytes go to a temp file in the same directory (created with `mode`, so a secret is never
 * readable by others even for a moment), are flushed (fsync), then renamed over the target
 * (rename(2) within one directory is atomic on POSIX), and then the directory itself is flushed,
 * since the rename lives in the directory: without that a crash can bring back the old file, or
 * lose a new one, after the caller was told it was written.
 *
 * `owner` (uid and gid, -1 for one to leave) is given to the temp file before anything is written
 * to it, and `mode` set explicitly there when it is not 0600 (open's mode is cut by the umask).
 *
 * @example
 * await writeFileAtomic('/srv/stint/keys/keys.json', JSON.stringify(manifest), 0o600);
 */
async function writeFileAtomic(file, data, mode = 0o600, owner) {
    const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(file), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(file)}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(temp, 'wx', mode);
    try {
        // Owner and mode are set before the content is written and the file is renamed into place, so
        // it is never seen with others' (or a umask's) idea of who may read it. -1 leaves one as it is.
        if (owner !== undefined)
            await handle.chown(owner.uid, owner.gid);
        if (mode !== 0o600)
            await handle.chmod(mode);
        await handle.writeFile(data, 'utf8');
        await handle.sync();
    }
    catch (error) {
        await handle.close();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(temp).catch(() => undefined);
        throw error;
    }
    await handle.close();
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, file);
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(temp).catch(() => undefined);
        throw error;
    }
    await syncDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(file));
}
/**
 * Makes the entries of `dir` durable (a rename, a new or removed file in it) by fsyncing the
 * directory. Where the platform or file system cannot fsync a directory (EINVAL, EISDIR) there is
 * nothing more to do; any other error (EIO: the disk lost the write) is thrown.
 */
async function syncDir(dir) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(dir, 'r');
    try {
        await handle.sync();
    }
    catch (error) {
        const code = error.code;
        if (code !== 'EINVAL' && code !== 'EISDIR')
            throw error;
    }
    finally {
        await handle.close();
    }
}
/** Creates `dir` (and parents) and forces it to `mode`, e.g. 0700 for a directory of private keys. */
async function ensurePrivateDir(dir, mode = 0o700) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, mode);
}


/***/ }),

/***/ 4517:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ nowMs)
/* harmony export */ });
function nowMs(now) {
    if (typeof now === 'function')
        return now();
    return now ?? Date.now();
}


/***/ }),

/***/ 8775:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ keysNewer)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

/**
 * ERR_KEYS_NEWER: a keys file (`keys.json`, `api-keys.json`) written by a newer stint. Not damage:
 * nothing is changed, and `stint keys rotate --now` refuses it too (it would destroy the newer
 * version's keys, and every token they signed would stop verifying).
 */
function keysNewer(file, what, keep) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_KEYS_NEWER', `${file} was written by a newer stint (${what}): run that version (see docs/upgrading.md); ${keep}`);
}


/***/ }),

/***/ 5601:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fs: () => (/* binding */ publicKeyFingerprint),
/* harmony export */   Ou: () => (/* binding */ Der),
/* harmony export */   P_: () => (/* binding */ keyIdentifier),
/* harmony export */   QY: () => (/* binding */ allPem),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   a: () => (/* binding */ SIGNATURE_ALGORITHMS),
/* harmony export */   gH: () => (/* binding */ certificateFingerprint),
/* harmony export */   lq: () => (/* binding */ fromPem),
/* harmony export */   sg: () => (/* binding */ toPem),
/* harmony export */   yI: () => (/* binding */ loadForge),
/* harmony export */   zH: () => (/* binding */ loadForgeAsn1)
/* harmony export */ });
/* unused harmony export spkiOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The X.509 and PKCS#10 structures stint builds and reads, in DER, with node-forge's ASN.1 codec
 * and node:crypto's keys and signatures.
 *
 * Why not node-forge's `pki.createCertificate()` / `createCertificationRequest()`: they only know
 * RSA keys. An EC P-256 public key in a CSR makes `certificationRequestFromPem` throw, and forge
 * cannot sign with ECDSA at all. ECDSA P-256 is what we want for the CA and the default job key
 * (small, fast, what every TLS stack accepts). So forge does what it is good at — DER encoding and
 * decoding — and node:crypto does keys, signing and verification (RSA and EC alike, in OpenSSL).
 * node:crypto can read certificates (`X509Certificate`) but cannot make them or read CSRs, which is
 * why forge is still needed. Forge is heavy, so it is loaded only when a certificate or CSR is made.
 */

let forgeModule;
let asn1Module;
function defaultExport(module) {
    return (module.default ?? module);
}
/** All of node-forge (PKCS#12 needs it), loaded on first use: ~140 ms of CommonJS to parse. */
function loadForge() {
    forgeModule ??= Promise.all(/* import() */[__webpack_require__.e(357), __webpack_require__.e(542)]).then(__webpack_require__.t.bind(__webpack_require__, 8542, 23)).then((module) => defaultExport(module));
    return forgeModule;
}
/**
 * Only forge's ASN.1 codec (and the util and OID modules it pulls in), about a tenth of the load
 * time of the whole library: what `stint cert`, the action and the CA need on every run.
 */
function loadForgeAsn1() {
    // Each forge module registers itself on the shared object that lib/forge.js exports.
    asn1Module ??= __webpack_require__.e(/* import() */ 357).then(__webpack_require__.t.bind(__webpack_require__, 7357, 23))
        .then(() => __webpack_require__.e(/* import() */ 561).then(__webpack_require__.t.bind(__webpack_require__, 8561, 23)))
        .then((module) => defaultExport(module));
    return asn1Module;
}
const OID = {
    commonName: '2.5.4.3',
    organizationName: '2.5.4.10',
    basicConstraints: '2.5.29.19',
    keyUsage: '2.5.29.15',
    extKeyUsage: '2.5.29.37',
    subjectAltName: '2.5.29.17',
    subjectKeyIdentifier: '2.5.29.14',
    authorityKeyIdentifier: '2.5.29.35',
    clientAuth: '1.3.6.1.5.5.7.3.2',
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    ecdsaWithSha384: '1.2.840.10045.4.3.3',
    ecdsaWithSha512: '1.2.840.10045.4.3.4',
    sha256WithRsa: '1.2.840.113549.1.1.11',
    sha384WithRsa: '1.2.840.113549.1.1.12',
    sha512WithRsa: '1.2.840.113549.1.1.13',
};
/** Signature algorithms we sign and accept, by OID, with the hash node:crypto needs. */
const SIGNATURE_ALGORITHMS = {
    [OID.ecdsaWithSha256]: { hash: 'sha256', keyType: 'ec' },
    [OID.ecdsaWithSha384]: { hash: 'sha384', keyType: 'ec' },
    [OID.ecdsaWithSha512]: { hash: 'sha512', keyType: 'ec' },
    [OID.sha256WithRsa]: { hash: 'sha256', keyType: 'rsa' },
    [OID.sha384WithRsa]: { hash: 'sha384', keyType: 'rsa' },
    [OID.sha512WithRsa]: { hash: 'sha512', keyType: 'rsa' },
};
/** A small DER builder over forge's codec; Buffers in, Buffers out. */
class Der {
    forge;
    constructor(forge) {
        this.forge = forge;
    }
    get a() {
        return this.forge.asn1;
    }
    seq(items) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SEQUENCE, true, items);
    }
    set(items) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SET, true, items);
    }
    oid(oid) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OID, false, this.a.oidToDer(oid).getBytes());
    }
    bool(value) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.BOOLEAN, false, value ? '\xff' : '\x00');
    }
    /** A non-negative INTEGER from its big-endian magnitude (minimal DER encoding). */
    unsigned(bytes) {
        let start = 0;
        while (start < bytes.length - 1 && bytes[start] === 0)
            start += 1;
        let body = bytes.subarray(start);
        if ((body[0] ?? 0) & 0x80)
            body = Buffer.concat([Buffer.from([0]), body]);
        if (body.length === 0)
            body = Buffer.from([0]);
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, body.toString('binary'));
    }
    int(value) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, this.a.integerToDer(value).getBytes());
    }
    utf8(text) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTF8, false, this.forge.util.encodeUtf8(text));
    }
    octets(bytes) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OCTETSTRING, false, bytes.toString('binary'));
    }
    /** BIT STRING with `unusedBits` padding bits in the last byte. */
    bits(bytes, unusedBits = 0) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.BITSTRING, false, String.fromCharCode(unusedBits) + bytes.toString('binary'));
    }
    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after; whole seconds. */
    time(ms) {
        const date = new Date(Math.floor(ms / 1000) * 1000);
        return date.getUTCFullYear() < 2050
            ? this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTCTIME, false, this.a.dateToUtcTime(date))
            : this.a.create(this.a.Class.UNIVERSAL, this.a.Type.GENERALIZEDTIME, false, this.a.dateToGeneralizedTime(date));
    }
    /** `[n]` EXPLICIT around `inner`. */
    explicit(tag, inner) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
    }
    /** `[n]` IMPLICIT primitive with raw content (e.g. a SAN URI, a key identifier). */
    implicit(tag, content) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, false, content.toString('binary'));
    }
    /** `[n]` IMPLICIT constructed (e.g. the empty attributes of a CSR). */
    implicitSet(tag, items) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, items);
    }
    /** A Name of the given attributes, one RDN each, values as UTF8String. */
    name(attributes) {
        return this.seq(attributes.map(([oid, value]) => this.set([this.seq([this.oid(oid), this.utf8(value)])])));
    }
    /** Raw DER (e.g. an SPKI from node:crypto) as a node to embed. */
    raw(der) {
        return this.a.fromDer(der.toString('binary'), true);
    }
    encode(node) {
        return Buffer.from(this.a.toDer(node).getBytes(), 'binary');
    }
    /** AlgorithmIdentifier for signing with `key` (ECDSA: no parameters; RSA: NULL, RFC 4055). */
    signatureAlgorithm(key) {
        if (key.asymmetricKeyType === 'ec')
            return this.seq([this.oid(OID.ecdsaWithSha256)]);
        return this.seq([this.oid(OID.sha256WithRsa), this.a.create(this.a.Class.UNIVERSAL, this.a.Type.NULL, false, '')]);
    }
    /** `SEQUENCE { toBeSigned, algorithm, BIT STRING signature }`, as certificates and CSRs are. */
    signed(toBeSigned, algorithm, key) {
        const signature = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', this.encode(toBeSigned), key);
        return this.encode(this.seq([toBeSigned, algorithm, this.bits(signature)]));
    }
}
/** PEM armour around DER, 64 characters a line. */
function toPem(label, der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
/** The DER inside the first PEM block with `label`, or undefined. */
function fromPem(label, pem) {
    const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
    if (match?.[1] === undefined)
        return undefined;
    return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}
/** Every PEM block with `label`, in order, re-armoured (LF line ends, 64 columns). */
function allPem(label, pem) {
    const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, 'g');
    return [...pem.matchAll(pattern)].map((match) => toPem(label, Buffer.from((match[1] ?? '').replace(/\\s+/g, ''), 'base64')));
}
/** SHA-1 of the subjectPublicKey bits: the key identifier of RFC 5280 §4.2.1.2 method (1). */
function keyIdentifier(forge, publicKey) {
    const spki = forge.asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary'), {
        strict: true,
        decodeBitStrings: false,
    });
    const bitString = spki.value[1];
    const bits = Buffer.from(bitString?.value ?? '', 'binary').subarray(1);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(bits).digest();
}
/** `sha256:<hex>` of a certificate's DER, the form stint uses for every fingerprint. */
function certificateFingerprint(der) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(der).digest('hex')}`;
}
/** `sha256:<hex>` of a key's SubjectPublicKeyInfo DER (a private key: of its public half). */
function publicKeyFingerprint(key) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(spkiOf(key)).digest('hex')}`;
}
/** The public key of a certificate or key PEM, for "does this key match" checks. */
function spkiOf(key) {
    return (key.type === 'private' ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key) : key).export({ type: 'spki', format: 'der' });
}


/***/ }),

/***/ 6386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ readCsr),
/* harmony export */   R: () => (/* binding */ createCsr)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5601);
/**
 * PKCS#10 certificate signing requests: made in the job (`createCsr`) and checked by the broker's
 * CA (`readCsr`). Both work for EC P-256 and RSA keys, which node-forge's own CSR code does not
 * (see mtls-asn1.ts for why).
 */



/** Largest CSR the CA reads; a P-256 CSR is ~250 bytes, an RSA 4096 one ~1.7 KB. */
const MAX_CSR_BYTES = 16 * 1024;
/**
 * A PEM CSR for `privateKey` (EC P-256 or RSA), subject `CN=<commonName>`, no attributes.
 *
 * @example
 * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
 * const csrPem = await createCsr(privateKey, 'stint ephemeral client');
 */
async function createCsr(privateKey, commonName) {
    const der = new _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .Der */ .Ou(await (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .loadForgeAsn1 */ .zH)());
    const publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(privateKey);
    const info = der.seq([
        der.int(0),
        der.name([[_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .OID */ .Vx.commonName, commonName]]),
        der.raw(publicKey.export({ type: 'spki', format: 'der' })),
        der.implicitSet(0, []),
    ]);
    return (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .toPem */ .sg)('CERTIFICATE REQUEST', der.signed(info, der.signatureAlgorithm(privateKey), privateKey));
}
/**
 * Parses a PEM CSR, checks it is canonical DER, that its self-signature verifies (proof that the
 * requester holds the private key), and that the key is RSA ≥ 2048 bits or EC P-256.
 * Throws `StintError('ERR_CSR_INVALID')` saying what is wrong.
 */
async function readCsr(csrPem) {
    if (typeof csrPem !== 'string' || csrPem.length > MAX_CSR_BYTES * 2)
        invalid('expected a PEM "CERTIFICATE REQUEST" of at most 16 KB');
    const bytes = (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .fromPem */ .lq)('CERTIFICATE REQUEST', csrPem) ?? (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .fromPem */ .lq)('NEW CERTIFICATE REQUEST', csrPem);
    if (bytes === undefined || bytes.length === 0)
        invalid('expected a PEM block "-----BEGIN CERTIFICATE REQUEST-----"');
    if (bytes.length > MAX_CSR_BYTES)
        invalid('the CSR is larger than 16 KB');
    const forge = await (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .loadForgeAsn1 */ .zH)();
    const der = new _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .Der */ .Ou(forge);
    let root;
    try {
        root = forge.asn1.fromDer(bytes.toString('binary'), {
            strict: true,
            decodeBitStrings: false,
            parseAllBytes: true,
        });
    }
    catch (error) {
        invalid('the CSR is not valid DER', error);
    }
    // Re-encoding must give back the same bytes: the signature covers the exact encoding, and a
    // non-canonical (BER) CSR is refused rather than interpreted.
    if (!der.encode(root).equals(bytes))
        invalid('the CSR is not canonical DER');
    const [info, algorithm, signatureBits] = children(root, 3, 'CertificationRequest');
    const infoParts = children(info, 4, 'CertificationRequestInfo');
    const version = infoParts[0];
    if (version.type !== forge.asn1.Type.INTEGER || version.value !== '\x00')
        invalid('only CSR version 1 (0) is supported');
    const [algorithmOid] = children(algorithm, undefined, 'signatureAlgorithm');
    const algorithmName = forge.asn1.derToOid(algorithmOid.value);
    const signatureAlgorithm = _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .SIGNATURE_ALGORITHMS */ .a[algorithmName];
    if (signatureAlgorithm === undefined)
        invalid(`signature algorithm ${algorithmName} is not supported (use ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512)`);
    if (signatureBits.type !== forge.asn1.Type.BITSTRING || signatureBits.value.charCodeAt(0) !== 0)
        invalid('the signature is not a whole-byte BIT STRING');
    let publicKey;
    try {
        publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: der.encode(infoParts[2]), format: 'der', type: 'spki' });
    }
    catch (error) {
        invalid('its public key cannot be read', error);
    }
    const keyDescription = checkKey(publicKey);
    if (publicKey.asymmetricKeyType !== signatureAlgorithm.keyType)
        invalid(`its signature algorithm does not fit its ${keyDescription} key`);
    const signature = Buffer.from(signatureBits.value.slice(1), 'binary');
    let good = false;
    try {
        good = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(signatureAlgorithm.hash, der.encode(info), publicKey, signature);
    }
    catch {
        good = false;
    }
    if (!good)
        invalid('its signature does not verify: the CSR must be signed by the private key it carries');
    return { publicKey, keyDescription };
}
/** RSA at least 2048 bits (and at most 8192, so a request cannot make us do huge-key work), or EC P-256. */
function checkKey(key) {
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa') {
        const bits = details.modulusLength ?? 0;
        if (bits < 2048 || bits > 8192)
            invalid(`RSA keys must have 2048 to 8192 bits, this one has ${bits}`);
        return `RSA ${bits}`;
    }
    if (key.asymmetricKeyType === 'ec') {
        if (details.namedCurve !== 'prime256v1')
            invalid(`EC keys must be on P-256, this one is on ${details.namedCurve ?? 'an unnamed curve'}`);
        return 'EC P-256';
    }
    return invalid(`${key.asymmetricKeyType ?? 'this'} keys are not accepted (use EC P-256 or RSA ≥ 2048)`);
}
function children(node, count, what) {
    if (!node.constructed ||
        !Array.isArray(node.value) ||
        (count !== undefined && node.value.length !== count) ||
        node.value.length === 0) {
        invalid(`malformed ${what}`);
    }
    return node.value;
}
function invalid(reason, cause) {
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_CSR_INVALID', `invalid CSR: ${reason}`, cause === undefined ? undefined : { cause });
}


/***/ }),

/***/ 9717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ openStore)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_env_setting_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5933);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);



/**
 * Opens the store the config names. Each backend is imported only when chosen, so a broker on
 * the memory store never loads the Redis client.
 *
 * @example
 * const store = await openStore(config.store, { keysDir: config.keys.dir, env: process.env });
 */
async function openStore(config, options) {
    if (config.kind === 'memory') {
        const { createMemoryStore, openDurableMemoryStore } = await __webpack_require__.e(/* import() */ 914).then(__webpack_require__.bind(__webpack_require__, 3914));
        const apiKeyFile = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(options.keysDir, 'api-keys.json');
        if (options.apiKeysOnly)
            return createMemoryStore({ apiKeyFile });
        return openDurableMemoryStore({
            dir: config.dir,
            apiKeyFile,
            ...(config.sync ? { sync: config.sync } : {}),
            ...(options.journalRecord === undefined ? {} : { record: options.journalRecord }),
            // A state directory taken over from another host's broker (its lock 30 s unrefreshed) is said.
            ...(options.onWarning === undefined ? {} : { onTakeOver: options.onWarning }),
        });
    }
    const secret = (field) => {
        const name = config[field];
        if (name === undefined)
            return undefined;
        const value = options.env[name];
        if (value === undefined || value === '') {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_STORE_PASSWORD_MISSING', (0,_lib_env_setting_js__WEBPACK_IMPORTED_MODULE_2__/* .unsetVariable */ .gM)({
                setting: `store.${field}`,
                name,
                holds: field === 'password_env' ? 'the Redis password' : "the sentinels' password",
                where: 'where stint serve and stint keys run',
                at: config[`${field}_at`],
            }));
        }
        return value;
    };
    const password = secret('password_env');
    const sentinelPassword = secret('sentinel_password_env');
    const endpoint = config.sentinels !== undefined
        ? { sentinels: config.sentinels, name: config.name ?? '', ...(config.db === undefined ? {} : { db: config.db }) }
        : config.cluster !== undefined
            ? { cluster: config.cluster }
            : { url: config.url ?? '' };
    const { openRedisStore } = await Promise.all(/* import() */[__webpack_require__.e(796), __webpack_require__.e(154)]).then(__webpack_require__.bind(__webpack_require__, 3154));
    const store = await openRedisStore(endpoint, {
        ...(password === undefined ? {} : { password }),
        ...(sentinelPassword === undefined ? {} : { sentinelPassword }),
        ...(config.username === undefined ? {} : { username: config.username }),
        ...(config.tls ? { tls: true } : {}),
        ...(config.prefix === undefined ? {} : { namespace: config.prefix }),
        ...(config.min_replica_acks === undefined ? {} : { minReplicaAcks: config.min_replica_acks }),
    });
    const warn = options.onWarning;
    if (warn !== undefined) {
        const acks = config.min_replica_acks ?? 0;
        const check = async () => {
            for (const warning of await store.persistenceWarnings(acks))
                warn(warning);
        };
        // A Redis not up yet when the broker starts (compose, Kubernetes, systemd without ordering) is
        // read once it takes the first write; one that answers now is read before the broker serves.
        if (store.connected())
            await check();
        else
            store.onFirstWrite(() => void check());
        // Data lost under a running broker: the settings read now most often say why.
        store.onDataset((change) => {
            if (change.kind === 'lost') {
                void store.persistenceWarnings(acks).then((warnings) => {
                    for (const warning of warnings)
                        warn(warning);
                });
            }
        });
    }
    return store;
}


/***/ }),

/***/ 5647:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FF: () => (/* binding */ verifiedApiKeyId),
/* harmony export */   Gz: () => (/* binding */ newApiKey),
/* harmony export */   Iq: () => (/* binding */ createApiKey),
/* harmony export */   Jb: () => (/* binding */ looksLikeApiKey),
/* harmony export */   Sq: () => (/* binding */ checkApiKey),
/* harmony export */   ad: () => (/* binding */ apiKeyIdOf),
/* harmony export */   p$: () => (/* binding */ DEFAULT_API_KEY_LIFETIME_SEC),
/* harmony export */   vT: () => (/* binding */ createApiKeyUsage)
/* harmony export */ });
/* unused harmony exports API_KEY_PREFIX, LAST_USE_EVERY_MS, verifyApiKey */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_clock_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4517);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);



/**
 * Project API keys (docs/broker.md#project-api-keys): `stint_sk_<id>_<secret>`. The id (16 hex digits) is public and
 * indexes the record; the secret (32 random bytes, base64url) is shown once and never stored.
 * The store keeps `scrypt$<N>$<r>$<p>$<salt>$<hash>` of the whole key.
 */
const API_KEY_PREFIX = 'stint_sk_';
/** Lifetime of a key created without `--expires` (DESIGN §2); `--expires never` opts out. */
const DEFAULT_API_KEY_LIFETIME_SEC = 90 * 86_400;
/**
 * A key's last use is written at most this often. Each write rewrites the key file (fsync) or sets a
 * Redis field, so recording every introspection would put a disk sync on a resource server's hot path.
 */
const LAST_USE_EVERY_MS = 60_000;
/** scrypt cost: 16 MiB and tens of milliseconds per guess; the key itself has 256 bits. */
const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 };
const KEY_PATTERN = /^stint_sk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/**
 * What a key whose id names no key is checked against: a hash record of our parameters, with a
 * random salt and a random hash that no key derives (made once per process, never stored).
 */
const UNKNOWN_ID_HASH = [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('base64url'),
    (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(SCRYPT.keyLength).toString('base64url'),
].join('$');
/**
 * Presented keys that matched their hash, by SHA-256, so introspection does not pay scrypt on every
 * call; least recently used first. Only keys that verified get in, so its size is bounded by the
 * keys that exist, not by what callers send; the limit is far above any real key count (an entry
 * is about 200 bytes). At 1,000 entries a broker with 10,000 keys in use paid a full scrypt on
 * nearly every call (issue 18).
 */
const VERIFIED_CACHE_LIMIT = 100_000;
const verified = new Map();
/**
 * Creates a key for one project and stores only its hash record.
 *
 * @example
 * const { id, key } = await createApiKey(store, { project: 'warehouse', name: 'api server', expiresInSec: 90 * 86400 });
 */
async function createApiKey(store, options) {
    const created = await newApiKey(options);
    await store.putApiKey(created.record);
    return created;
}
/**
 * A new key and its hash record, not stored yet: for a caller that must do something between
 * (`stint keys create-api-key` audits it first), then `store.putApiKey(record)`.
 *
 * @example
 * const created = await newApiKey({ project: 'warehouse', name: 'api server' });
 * await audit(created.id);
 * await store.putApiKey(created.record);
 */
async function newApiKey(options) {
    if (options.project === '')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_API_KEY_PROJECT', 'an API key needs a project');
    if (options.expiresInSec !== undefined && !(options.expiresInSec > 0)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_API_KEY_EXPIRY', 'an API key must expire in the future');
    }
    const createdAtMs = (0,_lib_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .nowMs */ .T)(options.now);
    const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex');
    const key = `${API_KEY_PREFIX}${id}_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString('base64url')}`;
    const record = {
        id,
        project: options.project,
        name: options.name,
        hash: await hashKey(key),
        createdAtMs,
        ...(options.expiresInSec === undefined ? {} : { expiresAtMs: createdAtMs + options.expiresInSec * 1000 }),
    };
    return { id, key, record };
}
/**
 * Returns the record of a valid, unexpired, unrevoked key, else undefined (see checkApiKey).
 *
 * @example
 * const key = await verifyApiKey(store, bearerToken, Date.now(), { caller: '203.0.113.7' });
 * if (key === undefined) return unauthorized();
 */
async function verifyApiKey(store, presented, now, options = {}) {
    const verdict = await checkApiKey(store, presented, now, options);
    return 'record' in verdict ? verdict.record : undefined;
}
/**
 * Checks a presented key: its record when it is valid, unexpired and unrevoked, else why not.
 * A value that is not shaped like a key is refused without a hash. A key-shaped one whose id names
 * no key costs the same as a wrong secret (DESIGN §2): one scrypt at the same parameters against
 * a hash no key has, compared in constant time, then refused; so the answer time does not tell
 * whether an id exists, and such checks wait in the same queue and count against the same
 * per-caller share as any other, so made-up ids are no cheaper a flood than made-up secrets.
 * A key with a known id costs one scrypt (unless it verified before, see `verified`), compared in
 * constant time; checks from one `caller` (a client address) that wait for scrypt are capped, so
 * one address cannot hold the queue that every other caller's first check waits in.
 * Store errors (ERR_STORE_UNAVAILABLE) propagate: the caller fails closed. A full queue throws
 * ERR_API_KEY_BUSY; a caller over its share, ERR_RATE_LIMITED.
 *
 * @example
 * const verdict = await checkApiKey(store, bearerToken, Date.now(), { caller: '203.0.113.7' });
 * if ('refused' in verdict) audit({ api_key_id: verdict.id, reason: verdict.refused });
 */
async function checkApiKey(store, presented, now, options = {}) {
    const match = typeof presented === 'string' ? KEY_PATTERN.exec(presented) : null;
    if (match === null)
        return { refused: 'malformed' };
    const id = match[1];
    const record = await store.getApiKey(id);
    if (record === undefined) {
        await matchesHash(presented, UNKNOWN_ID_HASH, options.caller);
        return { refused: 'unknown id', id };
    }
    if (!(await matchesHash(presented, record.hash, options.caller)))
        return { refused: 'wrong secret', id };
    // Revoked is revoked from the moment it is stored, whatever time it records: that time is the
    // revoking host's clock, which may be ahead of this one (there is no scheduled revocation).
    if (record.revokedAtMs !== undefined)
        return { refused: 'revoked', id };
    const t = (0,_lib_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .nowMs */ .T)(now);
    if (record.expiresAtMs !== undefined && record.expiresAtMs <= t)
        return { refused: 'expired', id };
    return { record };
}
/**
 * Records when each key was last used, at most once per LAST_USE_EVERY_MS per key: a use within
 * that time of the last one written (by this process, or by any broker, as the record read from
 * the store says) writes nothing. So `list-api-keys` is at most a minute behind, and the store
 * sees at most one write per key per minute however busy introspection is.
 * A write that fails is reported once through `onError` (a read-only keys dir cannot hold it),
 * then tried again no sooner than the next minute.
 *
 * @example
 * const usage = createApiKeyUsage(store, { onError: (e) => log.warn(e.message) });
 * usage.record(key, Date.now());
 */
function createApiKeyUsage(store, options = {}) {
    const writtenAt = new Map();
    const pending = new Set();
    let reported = false;
    return {
        record(record, nowMs) {
            const last = Math.max(record.lastUsedAtMs ?? 0, writtenAt.get(record.id) ?? 0);
            if (nowMs - last < LAST_USE_EVERY_MS)
                return;
            writtenAt.set(record.id, nowMs);
            if (writtenAt.size > VERIFIED_CACHE_LIMIT)
                writtenAt.delete(writtenAt.keys().next().value);
            const write = store
                .recordApiKeyUse(record.id, nowMs)
                .catch((error) => {
                if (!reported)
                    options.onError?.(error);
                reported = true;
            })
                .finally(() => pending.delete(write));
            pending.add(write);
        },
        async settled() {
            await Promise.all([...pending]);
        },
    };
}
/** True for a string shaped like a stint API key (no check of its validity). */
function looksLikeApiKey(value) {
    return KEY_PATTERN.test(value);
}
/**
 * The public id at the start of a value that begins as a stint API key does (`stint_sk_` and 16
 * hex digits), whole or cut short, else undefined; no check of its validity. So an operator who
 * pastes a leaked key to revoke it is understood, and the key is never repeated back.
 *
 * @example
 * apiKeyIdOf('stint_sk_0123456789abcdef_…') // '0123456789abcdef'
 */
function apiKeyIdOf(value) {
    return /^stint_sk_([0-9a-f]{16})(?:_|$)/.exec(value)?.[1];
}
async function hashKey(key) {
    const salt = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16);
    const derived = await scrypt(key, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, undefined);
    return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), derived.toString('base64url')].join('$');
}
/**
 * The id of `presented` when this process has verified it before (it is in `verified`), else
 * undefined; no store read, no hash. Such a key may have been revoked or expired since:
 * verifyApiKey still decides. For the rate limit only: introspection with a key verified here
 * draws from the key's own bucket, not its client address's (src/broker/routes.ts).
 *
 * @example
 * const id = verifiedApiKeyId(bearerToken); // '0123456789abcdef', or undefined for a key never verified here
 */
function verifiedApiKeyId(presented) {
    const match = KEY_PATTERN.exec(presented);
    if (match === null)
        return undefined;
    return verified.has((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(presented).digest('hex')) ? match[1] : undefined;
}
/**
 * Checks of one presented key against one hash that are running now, so that the same key sent
 * many times at once (a resource server's burst right after the broker started) costs one
 * scrypt, not one each. Bounded by the checks the scrypt queue admits.
 */
const checking = new Map();
async function matchesHash(presented, encoded, caller) {
    const cacheKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(presented).digest('hex');
    if (verified.get(cacheKey) === encoded) {
        // Most recently used goes last, so eviction takes the key unused longest.
        verified.delete(cacheKey);
        verified.set(cacheKey, encoded);
        return true;
    }
    const running = `${cacheKey}$${encoded}`;
    let check = checking.get(running);
    if (check === undefined) {
        check = slowMatch(presented, encoded, cacheKey, caller).finally(() => checking.delete(running));
        checking.set(running, check);
    }
    return check;
}
async function slowMatch(presented, encoded, cacheKey, caller) {
    const parsed = parseHash(encoded);
    // A malformed record still costs one scrypt at our parameters, then fails.
    const { N, r, p, salt, hash } = parsed ?? { ...SCRYPT, salt: Buffer.alloc(16), hash: Buffer.alloc(SCRYPT.keyLength) };
    const derived = await scrypt(presented, salt, hash.length, { N, r, p }, caller);
    const ok = parsed !== undefined && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(hash, derived);
    if (ok) {
        if (verified.size >= VERIFIED_CACHE_LIMIT)
            verified.delete(verified.keys().next().value);
        verified.set(cacheKey, encoded);
    }
    return ok;
}
/** `scrypt$N$r$p$salt$hash`, with bounds so a tampered record cannot make us burn gigabytes. */
function parseHash(encoded) {
    const parts = encoded.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt')
        return undefined;
    const [N, r, p] = parts.slice(1, 4).map(Number);
    const salt = Buffer.from(parts[4], 'base64url');
    const hash = Buffer.from(parts[5], 'base64url');
    const sane = Number.isSafeInteger(N) &&
        N >= 2 &&
        N <= 1 << 20 &&
        (N & (N - 1)) === 0 &&
        Number.isSafeInteger(r) &&
        r >= 1 &&
        r <= 32 &&
        Number.isSafeInteger(p) &&
        p >= 1 &&
        p <= 4 &&
        128 * N * r <= 128 * 1024 * 1024 &&
        salt.length >= 8 &&
        hash.length >= 16 &&
        hash.length <= 64;
    return sane ? { N, r, p, salt, hash } : undefined;
}
/**
 * scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which
 * file I/O shares: the audit log, key reloads, the API key file. Anyone can make the broker run
 * one by presenting a made-up key, so at most this many run at once and the rest wait their
 * turn; a flood of bogus keys then slows introspection, never the broker's own I/O.
 */
const MAX_SCRYPT_IN_FLIGHT = 2;
/**
 * Checks waiting beyond this are refused at once (ERR_API_KEY_BUSY, a 503 with Retry-After)
 * rather than queued: a flood of made-up keys would otherwise hold a socket per request and
 * make a real key's first check wait behind all of them (each check is a deliberately slow hash).
 */
const MAX_SCRYPT_WAITING = 64;
/**
 * Checks of one caller (a client address; an IPv6 /64) running or waiting at once; beyond this it
 * is refused at once (ERR_RATE_LIMITED, a 429 with Retry-After). Without it one address, well
 * within its request rate, kept the whole queue full (scrypt runs about 13 checks a second on a
 * busy 2-core host, an address may send 100 requests a second), and every key not verified since
 * the broker started was answered 503. With it, a real key's first check waits behind at most
 * this many of any one address's, and it takes 64 / 4 = 16 addresses to fill the queue.
 */
const MAX_SCRYPT_PER_CALLER = 4;
let scryptInFlight = 0;
const scryptQueue = [];
/** Checks running or waiting per caller; an entry goes when its count is back to 0. */
const scryptByCaller = new Map();
async function scrypt(password, salt, keyLength, options, caller) {
    const callerHeld = caller === undefined ? 0 : (scryptByCaller.get(caller) ?? 0);
    if (callerHeld >= MAX_SCRYPT_PER_CALLER)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_RATE_LIMITED', `too many API key checks from ${caller} at once; retry after 1 s`);
    let wait = false;
    if (scryptInFlight < MAX_SCRYPT_IN_FLIGHT)
        scryptInFlight++;
    else if (scryptQueue.length >= MAX_SCRYPT_WAITING)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_API_KEY_BUSY', 'too many API key checks are waiting; try again in a second');
    else
        wait = true;
    if (caller !== undefined)
        scryptByCaller.set(caller, callerHeld + 1);
    try {
        if (wait)
            await new Promise((resume) => scryptQueue.push(resume)); // the slot is handed over, not released
        return await new Promise((resolve, reject) => {
            (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.scrypt)(password, salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => error ? reject(error) : resolve(key));
        });
    }
    finally {
        if (caller !== undefined) {
            const left = scryptByCaller.get(caller) - 1;
            if (left === 0)
                scryptByCaller.delete(caller);
            else
                scryptByCaller.set(caller, left);
        }
        const next = scryptQueue.shift();
        if (next)
            next();
        else
            scryptInFlight--;
    }
}


/***/ }),

/***/ 33:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cb: () => (/* binding */ rotateKeysNow),
/* harmony export */   Kz: () => (/* binding */ algorithmChange),
/* harmony export */   MV: () => (/* binding */ insecurePrivateKeyFiles),
/* harmony export */   OZ: () => (/* binding */ lineage),
/* harmony export */   Uh: () => (/* binding */ KeysUnreadableError),
/* harmony export */   Z0: () => (/* binding */ privateKeyModeIsSafe),
/* harmony export */   ZL: () => (/* binding */ describeUser),
/* harmony export */   br: () => (/* binding */ fileKeysLeftIn),
/* harmony export */   e6: () => (/* binding */ openKeySet)
/* harmony export */ });
/* unused harmony exports SIGNING_ALGORITHMS, RETIRED_KEPT */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9480);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7968);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(7448);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(1187);
/* harmony import */ var _lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2949);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_lock_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3821);
/* harmony import */ var _lib_keys_newer_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8775);
/* harmony import */ var _signer_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3558);









const SIGNING_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'];
/**
 * A re-read of the keys dir failed (ERR_KEYS_UNREADABLE): the dir changed (a rotation, perhaps an
 * emergency one that dropped the key this process holds) and this process cannot see into what.
 * Until a re-read succeeds it signs nothing, rather than go on with a key that may have been dropped.
 */
class KeysUnreadableError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp {
    /** The file that could not be read, by its name in the dir (`keys.json`, `<kid>.pem`; `.` for the dir itself), when the error names one. */
    file;
    /** The errno (`EACCES`) or stint code (`ERR_KEYS_CORRUPT`) of the failure. */
    reason;
    /** Who this process runs as (`uid 65532, gid 65532`). */
    user;
    constructor(dir, cause) {
        const errno = cause?.code;
        const path = cause?.path;
        const file = typeof path === 'string' ? (path === dir ? '.' : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)) : undefined;
        const reason = typeof errno === 'string' ? errno : (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isStintError */ .Hu)(cause) ? cause.code : 'unreadable';
        const user = describeUser();
        const fix = (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isStintError */ .Hu)(cause, 'ERR_KEYS_NEWER')
            ? 'run the newer stint that wrote it (docs/upgrading.md), not `stint keys rotate --now`'
            : errno === 'EACCES' || errno === 'EPERM'
                ? `give this user read access to the dir and its files again (a \`stint keys rotate\` run as another user keeps the owner, group and group-read bits of the files already there; files made otherwise need \`chown\`/\`chmod\` to the broker's user or group, docs/broker.md#a-read-only-keys-dir)`
                : 'restore the dir from the rotator, or run `stint keys rotate --now` where it is writable';
        super('ERR_KEYS_UNREADABLE', `the signing keys in ${dir} changed and cannot be read again (${cause?.message ?? String(cause)}; this broker runs as ${user}); it signs nothing until a re-read succeeds (every 30 s, and at each /readyz): ${fix}`, { cause });
        this.name = 'KeysUnreadableError';
        this.file = file;
        this.reason = reason;
        this.user = user;
    }
}
const MANIFEST = 'keys.json';
const LOCK = '.keys.lock';
const KID_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** How many retired kids a manifest remembers (a few years of monthly rotations). */
const RETIRED_KEPT = 32;
/**
 * Opens (creating on first use) the signing-key set in `dir` and makes sure a key signs now.
 *
 * @example
 * const keys = await openKeySet({ dir: '.stint/keys', algorithm: 'ES256', rotateEverySec: 30 * 86400, graceSec: 7 * 86400 });
 * const { kid, alg, privateKey } = keys.current();
 */
async function openKeySet(options) {
    const algorithm = supportedAlgorithm(options.algorithm);
    if (!(options.rotateEverySec > 0) || !(options.graceSec >= 0)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_SCHEDULE', 'keys.rotate_every must be > 0 and keys.grace ≥ 0');
    }
    const now = options.now ?? Date.now;
    const dir = options.dir;
    const rotateEveryMs = options.rotateEverySec * 1000;
    const graceMs = options.graceSec * 1000;
    const publishAheadMs = (options.publishAheadSec ?? Math.min(86_400, options.graceSec, options.rotateEverySec / 2)) * 1000;
    let keys = [];
    let retiredKids = [];
    const readOnlyDir = options.detectReadOnlyDir === true && (await probeReadOnly(dir));
    const stateAt = (key, t, currentKid) => key.info.kid === currentKid ? 'current' : key.info.activatesAtMs > t ? 'next' : 'grace';
    /** Published keys at `t`: not retired. */
    const publishedAt = (t) => keys.filter((k) => k.info.retiresAtMs === undefined || k.info.retiresAtMs > t);
    /** The key that signs at `t`: the most recently activated published key. */
    const currentAt = (t) => {
        let best;
        for (const k of publishedAt(t)) {
            if (k.info.activatesAtMs > t)
                continue;
            if (best === undefined || k.info.activatesAtMs > best.info.activatesAtMs)
                best = k;
        }
        return best;
    };
    /** Set while the last re-read failed: current() throws it, rather than sign with a key that may be dropped. */
    let unreadable;
    let opened = false;
    const reload = async () => {
        try {
            ({ keys, retired: retiredKids } = await loadKeysSettled(dir, now, options.readOnly !== true, readOnlyDir, opened));
        }
        catch (error) {
            // At open the error stops start-up; a running key set keeps its keys but stops signing.
            if (opened) {
                unreadable = error instanceof KeysUnreadableError ? error : new KeysUnreadableError(dir, error);
                options.onReload?.(unreadable);
            }
            throw error;
        }
        if (unreadable !== undefined) {
            unreadable = undefined;
            options.onReload?.(undefined);
        }
    };
    const locked = (fn) => (0,_lib_file_lock_js__WEBPACK_IMPORTED_MODULE_5__/* .withFileLock */ .Ux)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, LOCK), fn);
    const generate = (t, activatesAtMs) => generateKeyFile(dir, algorithm, t, activatesAtMs);
    const keySet = {
        dir,
        readOnlyDir,
        current() {
            if (unreadable !== undefined)
                throw unreadable;
            const key = currentAt(now());
            if (key === undefined || key.privateKey === undefined) {
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_NO_CURRENT', `no signing key is active in ${dir}; run \`stint keys rotate --now\``);
            }
            key.signer ??= (0,_signer_js__WEBPACK_IMPORTED_MODULE_7__/* .cryptoKeySigner */ .JU)(key.info.kid, key.info.alg, key.privateKey);
            return key.signer;
        },
        jwks() {
            return { keys: keySet.list().map((info) => publicJwkOf(keys.find((k) => k.info.kid === info.kid))) };
        },
        publicKey(kid) {
            // Nor does it vouch for its own tokens meanwhile: an emergency rotation may have dropped the key.
            if (unreadable !== undefined)
                throw unreadable;
            const key = publishedAt(now()).find((k) => k.info.kid === kid);
            return key === undefined ? undefined : publicJwkOf(key);
        },
        list() {
            const t = now();
            const currentKid = currentAt(t)?.info.kid;
            const rank = { current: 0, next: 1, grace: 2 };
            return publishedAt(t)
                .map((k) => ({ ...k.info, state: stateAt(k, t, currentKid) }))
                .sort((a, b) => rank[a.state] - rank[b.state] || b.activatesAtMs - a.activatesAtMs);
        },
        retired() {
            // A loaded key whose retirement has passed since the last reload is retired all the same.
            const t = now();
            const since = keys.filter((k) => k.info.retiresAtMs !== undefined && k.info.retiresAtMs <= t);
            return lineage(since.map((k) => k.info.kid), retiredKids);
        },
        async reload() {
            await reload();
        },
        async rotate(rotation = {}) {
            return locked(async () => {
                const t = now();
                if (rotation.now === true) {
                    const result = await rotateNowLocked(dir, algorithm, t, options.beforeCommit);
                    await reload();
                    return result;
                }
                const manifest = await readManifest(dir);
                const entries = manifest.keys.filter((k) => !isRetired(k, t));
                const active = currentEntryAt(entries, t);
                const waiting = entries.find((k) => Date.parse(k.activates_at) > t);
                if (waiting !== undefined) {
                    await reload();
                    return { key: infoOf(waiting, 'next'), generated: false, dropped: [] };
                }
                const activatesAtMs = active === undefined ? t : t + publishAheadMs;
                const entry = await generate(t, activatesAtMs);
                const key = infoOf(entry, activatesAtMs > t ? 'next' : 'current');
                if (active !== undefined)
                    active.retires_at = iso(activatesAtMs + graceMs);
                await commit(dir, [entry], { generated: [key], dropped: [] }, options.beforeCommit, () => writeManifest(dir, { ...manifest, keys: [...entries, entry] }));
                await reload();
                return { key, generated: true, dropped: [] };
            });
        },
        async maintain() {
            if (readOnlyDir) {
                // Nothing may be written here: the rotator (`stint keys rotate` where the dir is writable) does the schedule.
                await reload();
                return false;
            }
            let reason = 'scheduled rotation';
            const change = await locked(async () => {
                const t = now();
                const manifest = await readManifest(dir);
                let entries = manifest.keys.filter((k) => !isRetired(k, t));
                const removed = manifest.keys.filter((k) => isRetired(k, t)).map((k) => k.kid);
                const generated = [];
                let active = currentEntryAt(entries, t);
                if (active === undefined) {
                    // First start (or every key retired): nothing can verify yet, so the new key signs at once.
                    reason =
                        manifest.keys.length === 0 && (manifest.retired ?? []).length === 0
                            ? `no signing key in ${dir} yet: the first one signs at once`
                            : `no signing key is active in ${dir} (every key there has retired), so a new one signs at once`;
                    active = await generate(t, t);
                    generated.push(active);
                }
                const activeSince = Date.parse(active.activates_at);
                const hasSuccessor = entries.some((k) => Date.parse(k.activates_at) > activeSince);
                // keys.algorithm changed since this key was made: its successor comes now, the safe way.
                const algorithmChanged = active.alg !== algorithm;
                if (!hasSuccessor && (algorithmChanged || t >= activeSince + rotateEveryMs - publishAheadMs)) {
                    // Overdue after downtime: still publish ahead rather than sign with an unpublished key.
                    const activatesAtMs = algorithmChanged
                        ? t + publishAheadMs
                        : Math.max(activeSince + rotateEveryMs, t + publishAheadMs);
                    generated.push(await generate(t, activatesAtMs));
                    active.retires_at = iso(activatesAtMs + graceMs);
                    if (algorithmChanged)
                        reason = algorithmChange(active.alg, algorithm);
                }
                entries = [...entries.filter((k) => !generated.includes(k)), ...generated];
                const changed = generated.length > 0 || removed.length > 0;
                if (changed) {
                    const write = () => writeManifest(dir, { version: 1, keys: entries, retired: lineage(removed, manifest.retired) });
                    if (generated.length === 0)
                        await write();
                    else {
                        const planned = generated.map((entry) => infoOf(entry, Date.parse(entry.activates_at) > t ? 'next' : 'current'));
                        await commit(dir, generated, { generated: planned, dropped: removed }, options.beforeCommit, write);
                    }
                }
                await removeUnneededPrivateKeys(dir, entries, t);
                await reload();
                return {
                    changed,
                    generated: generated.map((entry) => infoOf(entry, Date.parse(entry.activates_at) > t ? 'next' : 'current')),
                    removed,
                };
            }).catch(async (error) => {
                // A dir that can no longer be read fails above before reload() runs: re-read, so that a
                // running key set stops signing (and says so) as it does when a watched change fails.
                if (opened)
                    await reload().catch(() => undefined);
                throw error;
            });
            if (change.changed)
                await options.onChange?.({ generated: change.generated, removed: change.removed, reason });
            return change.changed;
        },
    };
    if (options.readOnly === true) {
        await reload();
        opened = true;
        return keySet;
    }
    if (readOnlyDir) {
        await reload();
        if (currentAt(now())?.privateKey === undefined)
            throw readOnlyWithoutKey(dir);
        opened = true;
        return keySet;
    }
    await ensureKeysDir(dir);
    await keySet.maintain();
    opened = true;
    return keySet;
}
/**
 * True when `dir` exists and this process may not create a file in it (EROFS, EACCES, EPERM):
 * a real write probe, so a read-only mount, a dir owned by another user and an ACL all count.
 * A missing dir is not read-only (the broker creates it).
 */
async function probeReadOnly(dir) {
    const probe = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `.write-probe.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`);
    try {
        await (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(probe, 'wx', 0o600)).close();
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return false;
        if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
            return true;
        throw error;
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(probe).catch(() => undefined);
    return false;
}
function readOnlyWithoutKey(dir) {
    const user = describeUser();
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_DIR_READ_ONLY', `the keys dir ${dir} is read-only for this broker (${user}) and holds no key that signs now, and the broker may not write one there; ` +
        `run \`stint keys rotate\` with a config whose keys.dir is a writable copy of it and ship that copy (e.g. as the Kubernetes Secret), or start the broker once with ${dir} writable`);
}
/** `uid 1000 (gid 1000)`, for messages about files this process may not write or read. */
function describeUser() {
    return typeof process.getuid === 'function' ? `uid ${process.getuid()}, gid ${process.getgid?.()}` : 'this user';
}
/**
 * Emergency rotation without opening the key set first, so it also recovers a keys dir whose
 * manifest is damaged or whose private keys are missing or exposed: a new key signs at once and
 * every other key (in the manifest or just lying in the dir) is dropped and deleted.
 *
 * @example
 * const { key, dropped } = await rotateKeysNow({ dir: '.stint/keys', algorithm: 'ES256' });
 */
async function rotateKeysNow(options) {
    const algorithm = supportedAlgorithm(options.algorithm);
    await ensureKeysDir(options.dir);
    return (0,_lib_file_lock_js__WEBPACK_IMPORTED_MODULE_5__/* .withFileLock */ .Ux)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(options.dir, LOCK), () => rotateNowLocked(options.dir, algorithm, (options.now ?? Date.now)(), options.beforeCommit));
}
async function rotateNowLocked(dir, algorithm, t, beforeCommit) {
    let listed = [];
    let retired;
    try {
        const manifest = await readManifest(dir);
        listed = manifest.keys.map((k) => k.kid);
        retired = manifest.retired;
    }
    catch (error) {
        // A damaged manifest is one of the reasons to rotate now: every key in the dir is dropped anyway.
        if (!(error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp && error.code === 'ERR_KEYS_CORRUPT'))
            throw error;
    }
    const entry = await generateKeyFile(dir, algorithm, t, t);
    const onDisk = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir)).filter((name) => name.endsWith('.pem')).map((name) => name.slice(0, -4));
    const dropped = [...new Set([...listed, ...onDisk])].filter((kid) => kid !== entry.kid);
    const key = infoOf(entry, 'current');
    // The dropped kids stay named in the manifest, so instances still serving them are told they
    // are behind this rotation, not split from the instances that have it.
    await commit(dir, [entry], { generated: [key], dropped }, beforeCommit, () => writeManifest(dir, { version: 1, keys: [entry], retired: lineage(dropped, retired) }));
    // The old keys may be compromised: their private halves go now, not at the next maintenance.
    await Promise.all(onDisk.filter((kid) => kid !== entry.kid).map((kid) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `${kid}.pem`)).catch(() => undefined)));
    return { key, generated: true, dropped };
}
/**
 * Tells `beforeCommit` what is about to change, then writes the manifest that names the new keys
 * (the commit). When either fails, the new key files go, so the dir is as it was: a key file the
 * manifest does not name never signs and is never published.
 */
async function commit(dir, created, change, beforeCommit, writeManifestNow) {
    try {
        await beforeCommit?.(change);
        await writeManifestNow();
    }
    catch (error) {
        await Promise.all(created.map((entry) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `${entry.kid}.pem`)).catch(() => undefined)));
        throw error;
    }
}
/** Why a key set schedules a successor before its time: the reason `key_rotated` carries. */
function algorithmChange(from, to) {
    return `keys.algorithm changed from ${from} to ${to}`;
}
/** The algorithm for new keys (default ES256); throws ERR_KEYS_ALGORITHM for one stint does not sign with. */
function supportedAlgorithm(requested) {
    const algorithm = requested ?? 'ES256';
    if (!SIGNING_ALGORITHMS.includes(algorithm)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_ALGORITHM', `keys.algorithm ${String(algorithm)} is not supported; use ES256, EdDSA or RS256`);
    }
    return algorithm;
}
function publicJwkOf(key) {
    return { ...key.publicJwk, kid: key.info.kid, alg: key.info.alg, use: 'sig' };
}
/** The retired kids to keep: the newly retired first, then the earlier ones, at most RETIRED_KEPT. */
function lineage(newlyRetired, earlier = []) {
    return [...new Set([...newlyRetired, ...earlier])].slice(0, RETIRED_KEPT);
}
function iso(ms) {
    return new Date(ms).toISOString();
}
function isRetired(entry, t) {
    return entry.retires_at !== null && Date.parse(entry.retires_at) <= t;
}
function currentEntryAt(entries, t) {
    let best;
    for (const entry of entries) {
        const at = Date.parse(entry.activates_at);
        if (at > t || isRetired(entry, t))
            continue;
        if (best === undefined || at > Date.parse(best.activates_at))
            best = entry;
    }
    return best;
}
function infoOf(entry, state) {
    return {
        kid: entry.kid,
        alg: entry.alg,
        state,
        createdAtMs: Date.parse(entry.created),
        activatesAtMs: Date.parse(entry.activates_at),
        ...(entry.retires_at === null ? {} : { retiresAtMs: Date.parse(entry.retires_at) }),
    };
}
function privateKeyFile(dir, kid) {
    if (!KID_PATTERN.test(kid))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, MANIFEST)} names an invalid kid`);
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `${kid}.pem`);
}
/** Public members only: what a JWKS may carry. */
function publicMembers(jwk) {
    const { kty, crv, x, y, n, e } = jwk;
    return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined));
}
async function generateKeyFile(dir, alg, t, activatesAtMs) {
    const { privateKey, publicKey } = await (0,jose__WEBPACK_IMPORTED_MODULE_8__/* .generateKeyPair */ .T)(alg, {
        extractable: true,
        ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
    });
    const jwk = publicMembers(await (0,jose__WEBPACK_IMPORTED_MODULE_9__/* .exportJWK */ .JU)(publicKey));
    const kid = await (0,jose__WEBPACK_IMPORTED_MODULE_10__/* .calculateJwkThumbprint */ .s)(jwk, 'sha256');
    // The PEM is written before the manifest names it, so a reader never finds a key without its file.
    const { mode, owner } = await newFileAccess(dir);
    await (0,_lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)(privateKeyFile(dir, kid), await (0,jose__WEBPACK_IMPORTED_MODULE_9__/* .exportPKCS8 */ .Yp)(privateKey), mode, owner);
    return { kid, alg, created: iso(t), activates_at: iso(activatesAtMs), retires_at: null, jwk };
}
async function readManifest(dir) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, MANIFEST);
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { version: 1, keys: [] };
        throw error;
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${file} is not valid JSON; restore it or run \`stint keys rotate --now\``, { cause: error });
    }
    const manifest = parsed;
    const version = manifest?.version;
    if (typeof version === 'number' && Number.isSafeInteger(version) && version > 1) {
        throw (0,_lib_keys_newer_js__WEBPACK_IMPORTED_MODULE_6__/* .keysNewer */ .A)(file, `manifest version ${version}; this stint reads version 1`, KEEP_MANIFEST);
    }
    if (manifest === null || typeof manifest !== 'object' || manifest.version !== 1 || !Array.isArray(manifest.keys)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${file} is not a stint key manifest (version 1)`);
    }
    for (const entry of manifest.keys) {
        // An algorithm this version does not sign with, in an otherwise sound entry: a newer stint made that key.
        const alg = entry?.alg;
        if (typeof alg === 'string' &&
            /^[A-Za-z][A-Za-z0-9]{1,15}$/.test(alg) &&
            !SIGNING_ALGORITHMS.includes(alg)) {
            throw (0,_lib_keys_newer_js__WEBPACK_IMPORTED_MODULE_6__/* .keysNewer */ .A)(file, `key ${String(entry.kid)} is ${alg}, which this stint does not sign with`, KEEP_MANIFEST);
        }
        const valid = entry !== null &&
            typeof entry === 'object' &&
            typeof entry.kid === 'string' &&
            KID_PATTERN.test(entry.kid) &&
            SIGNING_ALGORITHMS.includes(entry.alg) &&
            !Number.isNaN(Date.parse(entry.created)) &&
            !Number.isNaN(Date.parse(entry.activates_at)) &&
            (entry.retires_at === null || !Number.isNaN(Date.parse(entry.retires_at))) &&
            entry.jwk !== null &&
            typeof entry.jwk === 'object';
        if (!valid)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${file} has a malformed key entry`);
    }
    const retired = manifest.retired;
    if (retired !== undefined &&
        !(Array.isArray(retired) && retired.every((kid) => typeof kid === 'string' && KID_PATTERN.test(kid)))) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${file} has a malformed retired list`);
    }
    return manifest;
}
const KEEP_MANIFEST = "do not run `stint keys rotate --now` or edit the file: that would delete that version's keys, and every token they signed would stop verifying";
async function writeManifest(dir, manifest) {
    const { mode, owner } = await newFileAccess(dir);
    await (0,_lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, mode, owner);
}
/**
 * Creates a keys dir (0700) or keeps an existing one as it is shared: a dir made for a broker that
 * runs as another user (`root:stint 0750`, files `0640`/`0440` for the broker's group) keeps its
 * owner, group and the group's read and search bits; only what no keys dir may grant is taken
 * away, the write bit of its group and every bit of others. Forcing 0700 here made a rotation run
 * as root lock the broker out of its own keys (docs/broker.md#a-read-only-keys-dir). The owner's
 * bits are made rwx only for a non-root owner (root needs none, and a dir kept 0550 for a broker
 * that must not write it stays so).
 */
async function ensureKeysDir(dir) {
    let info;
    try {
        info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dir);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode: 0o700 });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, 0o700);
        return;
    }
    const uid = process.getuid?.();
    const keep = info.mode & 0o7750 & ~0o7000;
    const mode = uid !== undefined && uid !== 0 && info.uid === uid ? keep | 0o700 : keep;
    if ((info.mode & 0o7777) !== mode)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, mode);
}
/**
 * The mode and owner of a file written into a keys dir: those of the manifest already there
 * (its group's read bit, never more: a private key file is never writable by its group nor
 * readable by others), else 0600 and the dir's owner. Run as root, the file gets that owner and
 * group, so `stint keys rotate` by root on a broker user's dir, or on a `root:<broker group>`
 * dir, writes files the broker can read as before; run as another user, only a group of its own.
 */
async function newFileAccess(dir) {
    const manifest = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, MANIFEST)).catch(() => undefined);
    const reference = manifest ?? (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dir));
    const mode = 0o600 | (manifest !== undefined ? manifest.mode & 0o040 : 0);
    const uid = process.getuid?.();
    if (uid === undefined)
        return { mode };
    if (uid === 0) {
        return reference.uid === 0 && reference.gid === process.getgid?.()
            ? { mode }
            : { mode, owner: { uid: reference.uid, gid: reference.gid } };
    }
    const groups = new Set(process.getgroups?.() ?? []);
    return reference.gid !== process.getegid?.() && groups.has(reference.gid)
        ? { mode, owner: { uid: -1, gid: reference.gid } }
        : { mode };
}
/** Deletes private keys of keys that no longer sign, and PEMs the manifest does not name (a crash between writes). */
async function removeUnneededPrivateKeys(dir, entries, t) {
    const active = currentEntryAt(entries, t);
    const keep = new Set(entries.filter((k) => k === active || Date.parse(k.activates_at) > t).map((k) => `${k.kid}.pem`));
    for (const name of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir)) {
        if (name.endsWith('.pem') && !keep.has(name))
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name)).catch(() => undefined);
    }
}
/** Tries of a running key set's re-read, and the wait before the second (doubling after). */
const REREAD_TRIES = 3;
const REREAD_RETRY_MS = 100;
/**
 * `loadKeys`, tried again a few times when the set is running (`retry`): a re-read that meets a
 * rotation half done (keys.json read before the rotation wrote it, naming a key file it then
 * deleted) fails, and the next read, a moment later, finds the dir whole. Only a failure that
 * lasts stops the broker signing (ERR_KEYS_UNREADABLE). Meanwhile the key held signs on, as it
 * would had this re-read come a moment earlier.
 */
async function loadKeysSettled(dir, now, withPrivateKeys, readOnlyDir, retry) {
    for (let attempt = 1;; attempt++) {
        try {
            return await loadKeys(dir, now(), withPrivateKeys, readOnlyDir);
        }
        catch (error) {
            if (!retry || attempt >= REREAD_TRIES)
                throw error;
            await new Promise((resolve) => setTimeout(resolve, REREAD_RETRY_MS * 2 ** (attempt - 1)));
        }
    }
}
async function loadKeys(dir, t, withPrivateKeys, readOnlyDir = false) {
    const manifest = await readManifest(dir);
    const entries = manifest.keys.filter((k) => !isRetired(k, t));
    const active = currentEntryAt(entries, t);
    // A key past its retirement that maintenance has not removed yet is retired all the same.
    const retired = lineage(manifest.keys.filter((k) => isRetired(k, t)).map((k) => k.kid), manifest.retired);
    const keys = await Promise.all(entries.map(async (entry) => {
        const info = infoOf(entry, 'grace');
        const { state: _state, ...rest } = info;
        const publicJwk = publicMembers(entry.jwk);
        if ((await (0,jose__WEBPACK_IMPORTED_MODULE_10__/* .calculateJwkThumbprint */ .s)(publicJwk, 'sha256')) !== entry.kid) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, MANIFEST)}: the public key of ${entry.kid} does not match its kid`);
        }
        const signs = entry === active || Date.parse(entry.activates_at) > t;
        if (!signs || !withPrivateKeys)
            return { info: rest, publicJwk };
        return { info: rest, publicJwk, privateKey: await loadPrivateKey(dir, entry, readOnlyDir) };
    }));
    return { keys, retired };
}
/**
 * Signing-key files of file-key mode left in `dir` (`<kid>.pem`, and `keys.json` when it names
 * keys), sorted: under `keys.pkcs11` the broker neither publishes nor uses them, and a private key
 * lying there is what keeping keys in a token is meant to avoid. Empty when there are none or no dir.
 *
 * @example
 * const left = await fileKeysLeftIn('.stint/keys'); // ['1d1l….pem', 'keys.json']
 */
async function fileKeysLeftIn(dir) {
    let names;
    try {
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir);
    }
    catch {
        return [];
    }
    const pems = names.filter((name) => name.endsWith('.pem') && KID_PATTERN.test(name.slice(0, -4))).sort();
    const manifest = names.includes(MANIFEST)
        ? await readManifest(dir).then((read) => read.keys.length > 0, () => true)
        : false;
    return manifest ? [...pems, MANIFEST] : pems;
}
/**
 * The private key files in `dir` that the broker would refuse to load (ERR_KEYS_INSECURE), by
 * the broker's own rule (`privateKeyModeIsSafe`, with the same write probe for a read-only dir):
 * so `stint keys list`, which lists without loading private keys, warns about exactly the files
 * a broker run as this user would refuse, and not about a Secret mounted 0440 for its group.
 *
 * @example
 * for (const { problem } of await insecurePrivateKeyFiles('.stint/keys')) console.error(problem);
 */
async function insecurePrivateKeyFiles(dir) {
    let names;
    try {
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const pems = names.filter((n) => n.endsWith('.pem')).sort();
    if (pems.length === 0)
        return [];
    const readOnlyDir = await probeReadOnly(dir);
    const insecure = [];
    for (const name of pems) {
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name);
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(file).catch(() => undefined);
        if (info !== undefined && !privateKeyModeIsSafe(info, readOnlyDir))
            insecure.push({ file, problem: insecureKeyProblem(file, info, readOnlyDir) });
    }
    return insecure;
}
/**
 * Whether a private key file's mode is safe to load. Never readable by others (world bits) and
 * never writable or executable by the group. Readable by the group only when the keys dir is
 * read-only for the broker (a mounted Secret, which the kubelet writes 0440 with `fsGroup`) and
 * the file's group is one of this process's own groups: then the group is the pod's, and a
 * broker that may not chmod could not fix the mode anyway.
 */
function privateKeyModeIsSafe(info, readOnlyDir) {
    if ((info.mode & 0o077) === 0)
        return true;
    if (!readOnlyDir || (info.mode & 0o037) !== 0)
        return false;
    const groups = new Set([process.getgid?.(), ...(process.getgroups?.() ?? [])]);
    return groups.has(info.gid);
}
/** What the broker says about a key file `privateKeyModeIsSafe` refuses, with the fix. */
function insecureKeyProblem(file, info, readOnlyDir) {
    return readOnlyDir
        ? `${file} is readable by other users (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}, group ${info.gid}); a read-only keys dir may be group-readable (0440) only by a group of this broker (${describeUser()}): set the Secret's defaultMode to 0400 or 0440 with fsGroup, and rotate the key (\`stint keys rotate --now\`)`
        : `${file} is readable by other users; run \`chmod 600 ${file}\` and rotate the key (\`stint keys rotate --now\`)`;
}
async function loadPrivateKey(dir, entry, readOnlyDir = false) {
    const file = privateKeyFile(dir, entry.kid);
    let info;
    try {
        info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(file);
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${file} is missing; restore it or run \`stint keys rotate --now\``, {
            cause: error,
        });
    }
    if (!privateKeyModeIsSafe(info, readOnlyDir))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_INSECURE', insecureKeyProblem(file, info, readOnlyDir));
    const pem = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    // Extractable: the signer turns it into a node:crypto KeyObject (src/lib/jws-crypto.ts), which
    // Node refuses to do quietly for a non-extractable key (DEP0204 on Node 24), and a KeyObject in
    // this process can be exported anyway. The export here proves the key is the one the manifest publishes.
    const key = await (0,jose__WEBPACK_IMPORTED_MODULE_11__/* .importPKCS8 */ .Lf)(pem, entry.alg, { extractable: true });
    const derived = publicMembers(await (0,jose__WEBPACK_IMPORTED_MODULE_9__/* .exportJWK */ .JU)(key));
    if ((await (0,jose__WEBPACK_IMPORTED_MODULE_10__/* .calculateJwkThumbprint */ .s)(derived, 'sha256')) !== entry.kid) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_KEYS_CORRUPT', `${file} does not hold the private key of ${entry.kid}`);
    }
    return key;
}


/***/ }),

/***/ 8844:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ openConfiguredKeySet),
/* harmony export */   a: () => (/* binding */ rotateConfiguredKeysNow)
/* harmony export */ });
/* harmony import */ var _keyset_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33);

/**
 * The token-signing key set the config names: files in `keys.dir`, or a PKCS#11 token when
 * `keys.pkcs11` is set (loaded only then, so file-key brokers never load the native binding).
 *
 * @example
 * const keySet = await openConfiguredKeySet(config.keys, { env: process.env });
 */
async function openConfiguredKeySet(keys, options) {
    const schedule = {
        algorithm: keys.algorithm,
        rotateEverySec: keys.rotate_every,
        graceSec: keys.grace,
        ...(options.now ? { now: options.now } : {}),
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(options.onChange ? { onChange: options.onChange } : {}),
        ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}),
    };
    if (keys.pkcs11 !== undefined) {
        const { openPkcs11KeySet } = await __webpack_require__.e(/* import() */ 396).then(__webpack_require__.bind(__webpack_require__, 5396));
        return openPkcs11KeySet({ ...schedule, pkcs11: keys.pkcs11, env: options.env });
    }
    return (0,_keyset_js__WEBPACK_IMPORTED_MODULE_0__/* .openKeySet */ .e6)({
        ...schedule,
        dir: keys.dir,
        ...(options.onReload ? { onReload: options.onReload } : {}),
        ...(options.detectReadOnlyDir ? { detectReadOnlyDir: true } : {}),
    });
}
/**
 * `stint keys rotate --now` for either kind of key set: a new key signs at once, every other is
 * dropped (and destroyed) at once. For file keys this works on a damaged keys dir too.
 */
async function rotateConfiguredKeysNow(keys, env, beforeCommit) {
    if (keys.pkcs11 === undefined)
        return (0,_keyset_js__WEBPACK_IMPORTED_MODULE_0__/* .rotateKeysNow */ .Cb)({ dir: keys.dir, algorithm: keys.algorithm, ...(beforeCommit ? { beforeCommit } : {}) });
    const keySet = await openConfiguredKeySet(keys, { env, readOnly: true, ...(beforeCommit ? { beforeCommit } : {}) });
    return keySet.rotate({ now: true });
}


/***/ }),

/***/ 3558:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JU: () => (/* binding */ cryptoKeySigner),
/* harmony export */   Vl: () => (/* binding */ signCompactJws),
/* harmony export */   i9: () => (/* binding */ ecdsaDer)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7993);


/**
 * A signer over a private key held in this process (a file key; imported extractable, since Node 24
 * deprecates making a KeyObject of a non-extractable one). It
 * signs with node:crypto on the calling thread (src/lib/jws-crypto.ts): a WebCrypto signature is
 * a thread-pool job and a promise, which cost the broker more than the signature.
 *
 * @example
 * const signer = cryptoKeySigner(kid, 'ES256', await importPKCS8(pem, 'ES256', { extractable: true }));
 */
function cryptoKeySigner(kid, alg, key) {
    const keyObject = (0,_lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .keyObjectOf */ ._z)(key);
    return {
        kid,
        alg,
        async sign(data) {
            return (0,_lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .signJws */ .GM)(alg, keyObject, data);
        },
    };
}
/**
 * A compact JWS (`header.payload.signature`) over JSON header and claims, signed by `signer`; the
 * header's `alg` and `kid` are the signer's.
 *
 * @example
 * const jwt = await signCompactJws(signer, { typ: 'at+jwt' }, { sub: 'repo:acme/warehouse:ref:refs/heads/main' });
 */
async function signCompactJws(signer, header, claims) {
    const input = `${encodedHeader(signer, header)}.${base64url(JSON.stringify(claims))}`;
    const signature = await signer.sign(Buffer.from(input, 'ascii'));
    return `${input}.${Buffer.from(signature).toString('base64url')}`;
}
/** The last header each signer encoded, with what it was encoded from: every token a broker mints has the same one. */
const encodedHeaders = new WeakMap();
/**
 * The protected header `{...header, alg, kid}`, base64url-encoded. A frozen header of strings
 * cannot change once encoded, so its text is kept per signer (with the alg and kid it was made
 * with) and reused while the same header comes back; any other header is encoded each time.
 */
function encodedHeader(signer, header) {
    const kept = encodedHeaders.get(signer);
    if (kept !== undefined && kept.header === header && kept.alg === signer.alg && kept.kid === signer.kid)
        return kept.encoded;
    const encoded = base64url(JSON.stringify({ ...header, alg: signer.alg, kid: signer.kid }));
    if (Object.isFrozen(header) && Object.values(header).every((value) => typeof value === 'string'))
        encodedHeaders.set(signer, { header, alg: signer.alg, kid: signer.kid, encoded });
    return encoded;
}
function base64url(text) {
    return Buffer.from(text, 'utf8').toString('base64url');
}
/**
 * A JWS ECDSA signature (r‖s, each `size` bytes) as the DER `Ecdsa-Sig-Value` X.509 carries.
 *
 * @example
 * const der = ecdsaDer(await signer.sign(tbs)); // for a certificate's signatureValue
 */
function ecdsaDer(raw, size = 32) {
    if (raw.length !== size * 2) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_SIGNER_FAILED', `an ECDSA signature of ${raw.length} bytes is not r‖s of ${size} each`);
    }
    const integer = (bytes) => {
        let start = 0;
        while (start < bytes.length - 1 && bytes[start] === 0)
            start += 1;
        const body = Buffer.from(bytes.subarray(start));
        const value = (body[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body;
        return Buffer.concat([Buffer.from([0x02, value.length]), value]);
    };
    const content = Buffer.concat([integer(raw.subarray(0, size)), integer(raw.subarray(size))]);
    return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}


/***/ })

};
