export const id = 534;
export const ids = [534];
export const modules = {

/***/ 9280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ CLOCK_SKEW_SEC)
/* harmony export */ });
/**
 * The clock difference stint tolerates on `exp`, `nbf` and `iat` (DESIGN §2: ≤ 60 s), for the
 * CI's ID tokens at the broker and for stint's own tokens wherever they are verified. The
 * store keeps revocations this long past `exp` for the same reason.
 */
const CLOCK_SKEW_SEC = 60;


/***/ }),

/***/ 3534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createMemoryStore: () => (/* binding */ createMemoryStore)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2949);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_lock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3821);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7940);






/** Expired entries are swept at most this often, in one pass, so memory stays bounded by live entries. */
const SWEEP_EVERY_MS = 1000;
/**
 * The embedded store for a single broker process (DESIGN §2 "Store"). Everything except API keys
 * is process memory: a restart forgets replay claims, which is safe only because the broker
 * restarts with the same keys and the CI tokens it saw expire within minutes. Use Redis to run
 * more than one broker.
 *
 * @example
 * const store = createMemoryStore({ apiKeyFile: join(keysDir, 'api-keys.json') });
 * if (!(await store.claimOnce(`replay:${hash}`, ttlMs))) refuse();
 */
function createMemoryStore(options = {}) {
    const now = options.now ?? Date.now;
    const claims = new Map();
    const revocations = new Map();
    const buckets = new Map();
    const certificates = new Map();
    let apiKeys = new Map();
    let apiKeyFileSignature = '';
    let lastSweepMs = 0;
    let closed = false;
    const sweep = (force = false) => {
        const t = now();
        if (!force && t - lastSweepMs < SWEEP_EVERY_MS)
            return;
        lastSweepMs = t;
        for (const [key, expiresAtMs] of claims)
            if (expiresAtMs <= t)
                claims.delete(key);
        for (const [jti, expiresAtMs] of revocations)
            if (expiresAtMs <= t)
                revocations.delete(jti);
        for (const [name, bucket] of buckets)
            if (bucket.fullAtMs <= t)
                buckets.delete(name);
        for (const [serial, cert] of certificates)
            if (cert.notAfterMs <= t)
                certificates.delete(serial);
    };
    const open = () => {
        if (closed)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_UNAVAILABLE', 'the memory store is closed');
        sweep();
    };
    const file = options.apiKeyFile;
    /** Re-reads the API key file when it changed since we last read it (another process wrote it). */
    const refreshApiKeys = async () => {
        if (file === undefined)
            return;
        const signature = await fileSignature(file);
        if (signature === apiKeyFileSignature)
            return;
        apiKeys = await readApiKeyMap(file);
        apiKeyFileSignature = signature;
    };
    /** Read-modify-write of the API key file under a lock, so the CLI and a broker never lose each other's change. */
    const updateApiKeys = async (change) => {
        if (file === undefined)
            return change(apiKeys);
        await (0,_lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__/* .ensurePrivateDir */ .r)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(file));
        return (0,_lib_file_lock_js__WEBPACK_IMPORTED_MODULE_4__/* .withFileLock */ .U)(`${file}.lock`, async () => {
            const current = await readApiKeyMap(file);
            const result = change(current);
            const content = { version: 1, keys: [...current.values()] };
            await (0,_lib_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Z)(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
            apiKeys = current;
            apiKeyFileSignature = await fileSignature(file);
            return result;
        });
    };
    return {
        async claimOnce(key, ttlMs) {
            open();
            const t = now();
            const held = claims.get(key);
            if (held !== undefined && held > t)
                return false;
            claims.set(key, t + ttlMs);
            return true;
        },
        async revoke(jti, expiresAtMs) {
            open();
            // Verifiers accept a token up to 60 s after exp (clock skew), so the revocation outlives
            // exp by as much; a token dead even with that margin needs no entry.
            const until = expiresAtMs + _types_js__WEBPACK_IMPORTED_MODULE_5__/* .REVOCATION_MARGIN_MS */ .b;
            if (until > now())
                revocations.set(jti, Math.max(until, revocations.get(jti) ?? 0));
        },
        async isRevoked(jti) {
            open();
            const until = revocations.get(jti);
            return until !== undefined && until > now();
        },
        async takeToken(name, limit, nowMs) {
            open();
            return takeFromBucket(buckets, name, limit, nowMs);
        },
        async putApiKey(record) {
            open();
            await updateApiKeys((keys) => keys.set(record.id, { ...record }));
        },
        async getApiKey(id) {
            open();
            await refreshApiKeys();
            const record = apiKeys.get(id);
            return record === undefined ? undefined : { ...record };
        },
        async listApiKeys() {
            open();
            await refreshApiKeys();
            return [...apiKeys.values()].map((record) => ({ ...record })).sort((a, b) => a.createdAtMs - b.createdAtMs);
        },
        async revokeApiKey(id, revokedAtMs) {
            open();
            return updateApiKeys((keys) => {
                const record = keys.get(id);
                if (record === undefined)
                    return false;
                keys.set(id, { ...record, revokedAtMs: record.revokedAtMs ?? revokedAtMs });
                return true;
            });
        },
        async putCertificate(record) {
            open();
            certificates.set(record.serial, { ...record });
        },
        async getCertificate(serial) {
            open();
            const record = certificates.get(serial);
            return record === undefined || record.notAfterMs <= now() ? undefined : { ...record };
        },
        async ping() {
            open();
            await refreshApiKeys();
        },
        async close() {
            closed = true;
            claims.clear();
            revocations.clear();
            buckets.clear();
            certificates.clear();
        },
        sizes() {
            sweep(true);
            return {
                claims: claims.size,
                revocations: revocations.size,
                buckets: buckets.size,
                certificates: certificates.size,
            };
        },
    };
}
/**
 * Token bucket: `burst` tokens, refilled at `rps` per second. Refused calls learn how long until
 * one token is back. Synchronous, so concurrent callers in this process cannot overdraw it.
 */
function takeFromBucket(buckets, name, limit, nowMs) {
    const previous = buckets.get(name);
    const elapsedSec = previous === undefined ? 0 : Math.max(0, nowMs - previous.updatedMs) / 1000;
    const available = previous === undefined ? limit.burst : Math.min(limit.burst, previous.tokens + elapsedSec * limit.rps);
    const allowed = available >= 1;
    const tokens = allowed ? available - 1 : available;
    const updatedMs = previous === undefined ? nowMs : Math.max(nowMs, previous.updatedMs);
    const fullAtMs = updatedMs + Math.ceil(((limit.burst - tokens) / limit.rps) * 1000);
    buckets.set(name, { tokens, updatedMs, fullAtMs });
    return { allowed, retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil(((1 - tokens) / limit.rps) * 1000)) };
}
/** Changes whenever the file is replaced (rename gives a new inode) or rewritten in place. */
async function fileSignature(file) {
    try {
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(file);
        return `${info.ino}:${info.size}:${info.mtimeMs}`;
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return 'absent';
        throw unavailable(file, error);
    }
}
/** The API key file's records by id. */
async function readApiKeyMap(file) {
    return new Map((await readApiKeyFile(file)).keys.map((record) => [record.id, record]));
}
async function readApiKeyFile(file) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { version: 1, keys: [] };
        throw unavailable(file, error);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw unavailable(file, error);
    }
    const valid = parsed !== null &&
        typeof parsed === 'object' &&
        parsed.version === 1 &&
        Array.isArray(parsed.keys) &&
        parsed.keys.every((k) => k !== null &&
            typeof k === 'object' &&
            typeof k.id === 'string' &&
            typeof k.project === 'string' &&
            typeof k.hash === 'string');
    if (!valid)
        throw unavailable(file, new Error('not a stint API key file (version 1)'));
    return parsed;
}
/** An unreadable key file fails closed: API-key requests get 503, never a pass. */
function unavailable(file, cause) {
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_UNAVAILABLE', `cannot read API key file ${file}: ${cause.message}; fix or restore it`, { cause });
}


/***/ }),

/***/ 7940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ REVOCATION_MARGIN_MS)
/* harmony export */ });
/* harmony import */ var _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9280);

/**
 * A revocation (and a certificate record) is kept this long past the token's `exp`, because
 * verifiers accept a token up to 60 s after `exp` to allow for clock skew (DESIGN §2), and
 * their clocks are not the store's.
 */
const REVOCATION_MARGIN_MS = _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOCK_SKEW_SEC */ .E * 1000;


/***/ })

};
