export const id = 396;
export const ids = [396];
export const modules = {

/***/ 5396:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openPkcs11KeySet: () => (/* binding */ openPkcs11KeySet)
});

// UNUSED EXPORTS: JWT_KEY_LABEL

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwk/thumbprint.js
var thumbprint = __webpack_require__(7448);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/tokens/keyset.ts
var keyset = __webpack_require__(33);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
// EXTERNAL MODULE: ./src/lib/env-setting.ts
var env_setting = __webpack_require__(5933);
;// CONCATENATED MODULE: ./src/tokens/pkcs11.ts





// PKCS#11 3.0 values pkcs11js does not name.
const CKK_EC_EDWARDS = 0x40;
const CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
const CKM_EDDSA = 0x1057;
const P256_OID = Buffer.from('06082a8648ce3d030107', 'hex');
const ED25519_OID = Buffer.from('06032b6570', 'hex');
const BINDING = 'pkcs11js';
let bindingPromise;
/** Loads pkcs11js once, on first use; ERR_PKCS11_BINDING when it is not installed or did not build. */
function loadBinding() {
    // A plain require at run time, which the bundler leaves alone (the bundle is ESM, pkcs11js is
    // CommonJS): the addon is resolved from node_modules where stint runs (it is built for that
    // machine) and only here, so a broker on file keys never loads it.
    bindingPromise ??= Promise.resolve()
        .then(() => (0,external_node_module_.createRequire)(import.meta.url)(BINDING))
        .then((binding) => binding, (error) => {
        bindingPromise = undefined;
        throw new errors/* StintError */.Fp('ERR_PKCS11_BINDING', `keys.pkcs11 needs the PKCS#11 binding pkcs11js, which is not installed or did not build (${error.message}); run \`npm install pkcs11js@^2.1.7\` beside stint (the range stint is tested with, its optional peer dependency; it builds with node-gyp: python3, make, g++)`, { cause: error });
    });
    return bindingPromise;
}
/** A new session is tried at most this often per token, so a request storm on a lost token does not log in again and again. */
const RECONNECT_INTERVAL_MS = 1_000;
/** The library is re-initialised at most this often, doubling while the token stays away, up to the ceiling. */
const REINITIALIZE_FIRST_MS = 5_000;
const REINITIALIZE_CEILING_MS = 30_000;
/**
 * A vendor library loaded and initialised in this process, shared by every token on it (C_Initialize
 * is once per process). When a token cannot be reached again on it, it is finalised and initialised
 * anew: a library may keep failing for a token that came back until then (SoftHSM answers
 * CKR_GENERAL_ERROR once its token store went away and came back), and many read their slots only
 * at C_Initialize. That ends every session of every token on the library, so each re-initialisation
 * bumps `generation`: a token whose session is of an earlier generation opens a new one, and never
 * closes the old handle, which the library may have handed out again.
 */
class Pkcs11Module {
    binding;
    library;
    path;
    generation = 0;
    nextReinitializeMs = 0;
    reinitializeWaitMs = REINITIALIZE_FIRST_MS;
    constructor(binding, library, path) {
        this.binding = binding;
        this.library = library;
        this.path = path;
    }
    /** C_Initialize, where the library may already be initialised (by an earlier open in this process). */
    initialize() {
        try {
            this.library.C_Initialize();
        }
        catch (error) {
            if (returnCode(error) !== this.binding.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new errors/* StintError */.Fp('ERR_PKCS11_MODULE', `${this.path}: C_Initialize failed: ${describe(error)}; the library could not start: check its own configuration (SoftHSM: the file SOFTHSM2_CONF names, and that its directories.tokendir exists and is readable; an HSM client: its config file and its network access to the HSM)`, { cause: error });
            }
        }
    }
    /**
     * C_Finalize then C_Initialize, unless it was done less than the current wait ago (5 s, doubling
     * up to 30 s while it does not help): false when it is not time yet. Throws ERR_PKCS11_MODULE when
     * C_Initialize fails; the library is then left uninitialised, and the next attempt initialises it.
     */
    reinitialize() {
        const now = performance.now();
        if (now < this.nextReinitializeMs)
            return false;
        this.nextReinitializeMs = now + this.reinitializeWaitMs;
        this.reinitializeWaitMs = Math.min(this.reinitializeWaitMs * 2, REINITIALIZE_CEILING_MS);
        this.generation += 1;
        try {
            this.library.C_Finalize();
        }
        catch {
            // Not initialised (an earlier C_Initialize failed): nothing to finalise.
        }
        this.initialize();
        return true;
    }
    /** A token reached the library again: the next loss may re-initialise it at once. */
    recovered() {
        this.nextReinitializeMs = 0;
        this.reinitializeWaitMs = REINITIALIZE_FIRST_MS;
    }
}
/** Libraries already loaded and initialised in this process, by path. */
const modules = new Map();
/**
 * Opens the token `config.token` names in `config.module`, logged in with the PIN in
 * `env[config.pin_env]`, and checks it offers the mechanisms `algorithms` need.
 *
 * @example
 * const token = await openToken({ module: '/usr/lib/softhsm/libsofthsm2.so', token: 'stint', pin_env: 'STINT_HSM_PIN' }, process.env, ['ES256']);
 */
async function openToken(config, env, algorithms) {
    const pin = env[config.pin_env];
    if (pin === undefined || pin === '') {
        throw new errors/* StintError */.Fp('ERR_PKCS11_PIN', (0,env_setting/* unsetVariable */.gM)({
            setting: 'keys.pkcs11.pin_env',
            name: config.pin_env,
            holds: `the user PIN of token ${config.token}`,
            where: 'where stint serve and stint keys run',
            at: config.pin_env_at,
        }));
    }
    const binding = await loadBinding();
    const module = await loadLibrary(binding, config.module);
    const token = new Pkcs11Token(binding, module, config, pin);
    token.connect();
    token.requireMechanisms(algorithms);
    return token;
}
async function loadLibrary(binding, path) {
    const loaded = modules.get(path);
    if (loaded !== undefined)
        return loaded;
    try {
        await (0,promises_.access)(path);
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_PKCS11_MODULE', `the PKCS#11 module ${path} (keys.pkcs11.module) does not exist or cannot be read; give the path of the vendor's library (SoftHSM: /usr/lib/softhsm/libsofthsm2.so)`, { cause: error });
    }
    const library = new binding.PKCS11();
    try {
        library.load(path);
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_PKCS11_MODULE', `${path} (keys.pkcs11.module) cannot be loaded as a PKCS#11 library: ${error.message}`, { cause: error });
    }
    const module = new Pkcs11Module(binding, library, path);
    module.initialize();
    modules.set(path, module);
    return module;
}
class Pkcs11Token {
    binding;
    module;
    config;
    pin;
    session;
    slot;
    /** The library's generation the session was opened in (Pkcs11Module): an older one is dead. */
    generation = -1;
    /** Private-key handles by CKA_ID; handles die with the session, so a reconnect clears them. */
    privateHandles = new Map();
    /** The last failed reconnect, answered again until RECONNECT_INTERVAL_MS has passed. */
    lastFailure;
    /**
     * The token refused the PIN on a reconnect: it is not tried again (the PIN in this process's
     * environment cannot change, and every wrong try counts toward the token locking it).
     */
    pinRefused;
    library;
    constructor(binding, module, config, pin) {
        this.binding = binding;
        this.module = module;
        this.config = config;
        this.pin = pin;
        this.library = module.library;
    }
    /** `pkcs11:<token label>`, for messages. */
    get where() {
        return `pkcs11:${this.config.token}`;
    }
    /** True while the broker holds a logged-in session (of the library's current initialisation). */
    get connected() {
        return this.session !== undefined && this.generation === this.module.generation;
    }
    /** Finds the token, opens a session and logs in; throws ERR_PKCS11_TOKEN / ERR_PKCS11_PIN / ERR_PKCS11_SESSION. */
    connect() {
        const { binding: p, library } = this;
        this.disconnect();
        let slots;
        try {
            slots = library.C_GetSlotList(true);
        }
        catch (error) {
            throw this.sessionError('C_GetSlotList', error);
        }
        const labels = [];
        let unanswered;
        const slot = slots.find((candidate) => {
            let label;
            try {
                label = library.C_GetTokenInfo(candidate).label.trim();
            }
            catch (error) {
                // A slot whose token does not answer may be ours, gone or broken: look at the others first.
                unanswered ??= error;
                return false;
            }
            labels.push(label);
            return label === this.config.token;
        });
        if (slot === undefined) {
            if (unanswered !== undefined)
                throw this.sessionError('C_GetTokenInfo', unanswered);
            throw new errors/* StintError */.Fp('ERR_PKCS11_TOKEN', `no token labelled ${this.config.token} (keys.pkcs11.token) in ${this.config.module}; tokens found: ${labels.map((l) => JSON.stringify(l)).join(', ') || 'none'}`);
        }
        let session;
        try {
            session = library.C_OpenSession(slot, p.CKF_RW_SESSION | p.CKF_SERIAL_SESSION);
        }
        catch (error) {
            throw this.sessionError('C_OpenSession', error);
        }
        try {
            library.C_Login(session, p.CKU_USER, this.pin);
        }
        catch (error) {
            const code = returnCode(error);
            if (code !== p.CKR_USER_ALREADY_LOGGED_IN) {
                library.C_CloseSession(session);
                if (code === p.CKR_PIN_INCORRECT || code === p.CKR_PIN_LOCKED || code === p.CKR_PIN_INVALID) {
                    throw new errors/* StintError */.Fp('ERR_PKCS11_PIN', `token ${this.config.token} refused the PIN in ${this.config.pin_env} (${describe(error)}); set ${this.config.pin_env} to the token's user PIN`);
                }
                throw this.sessionError('C_Login', error);
            }
        }
        this.slot = slot;
        this.session = session;
        this.generation = this.module.generation;
    }
    /** Closes the session (the library stays loaded: other key sets in this process may use it). */
    disconnect() {
        const session = this.session;
        const current = this.generation === this.module.generation;
        this.session = undefined;
        this.privateHandles.clear();
        // A handle of an earlier initialisation is dead, and its number may now be another session's.
        if (session === undefined || !current)
            return;
        try {
            this.library.C_CloseSession(session);
        }
        catch {
            // Already gone with the token: nothing to close.
        }
    }
    /** Throws ERR_PKCS11_MECHANISM when the token lacks what one of `algorithms` needs. */
    requireMechanisms(algorithms) {
        const p = this.binding;
        const offered = new Set(this.library.C_GetMechanismList(this.slot));
        const needs = {
            ES256: [
                [p.CKM_EC_KEY_PAIR_GEN, 'CKM_EC_KEY_PAIR_GEN'],
                [p.CKM_ECDSA, 'CKM_ECDSA'],
            ],
            EdDSA: [
                [CKM_EC_EDWARDS_KEY_PAIR_GEN, 'CKM_EC_EDWARDS_KEY_PAIR_GEN'],
                [CKM_EDDSA, 'CKM_EDDSA'],
            ],
            RS256: [
                [p.CKM_RSA_PKCS_KEY_PAIR_GEN, 'CKM_RSA_PKCS_KEY_PAIR_GEN'],
                [p.CKM_SHA256_RSA_PKCS, 'CKM_SHA256_RSA_PKCS'],
            ],
        };
        for (const alg of algorithms) {
            const missing = needs[alg].filter(([mechanism]) => !offered.has(mechanism)).map(([, name]) => name);
            if (missing.length > 0) {
                throw new errors/* StintError */.Fp('ERR_PKCS11_MECHANISM', `token ${this.config.token} does not offer ${missing.join(' and ')}, which ${alg} needs; set keys.algorithm to one the token supports (ES256 needs CKM_EC_KEY_PAIR_GEN and CKM_ECDSA)`);
            }
        }
    }
    /**
     * Generates a key pair in the token: the private key sensitive, non-extractable, a token object
     * that only signs; the public key a token object too, so other brokers sharing the token find it.
     */
    generateKeyPair(alg, id, label) {
        const p = this.binding;
        const common = [
            { type: p.CKA_TOKEN, value: true },
            { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
            { type: p.CKA_LABEL, value: label },
        ];
        const [mechanism, publicParams] = alg === 'ES256'
            ? [p.CKM_EC_KEY_PAIR_GEN, [{ type: p.CKA_EC_PARAMS, value: P256_OID }]]
            : alg === 'EdDSA'
                ? [CKM_EC_EDWARDS_KEY_PAIR_GEN, [{ type: p.CKA_EC_PARAMS, value: ED25519_OID }]]
                : [
                    p.CKM_RSA_PKCS_KEY_PAIR_GEN,
                    [
                        { type: p.CKA_MODULUS_BITS, value: 2048 },
                        { type: p.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
                    ],
                ];
        const pair = this.call('C_GenerateKeyPair', (session) => this.library.C_GenerateKeyPair(session, { mechanism }, [
            ...common,
            { type: p.CKA_PRIVATE, value: false },
            { type: p.CKA_VERIFY, value: true },
            // Only verifies: a token's defaults may let a public key encrypt or wrap (SoftHSM's do).
            { type: p.CKA_ENCRYPT, value: false },
            { type: p.CKA_WRAP, value: false },
            { type: p.CKA_VERIFY_RECOVER, value: false },
            { type: p.CKA_DERIVE, value: false },
            ...publicParams,
        ], [
            ...common,
            { type: p.CKA_PRIVATE, value: true },
            { type: p.CKA_SENSITIVE, value: true },
            { type: p.CKA_EXTRACTABLE, value: false },
            { type: p.CKA_SIGN, value: true },
            // Only signs: a token's defaults may let a private key unwrap or decrypt (SoftHSM's
            // CKA_UNWRAP is true), which would make the RSA signing key an oracle for anything
            // wrapped to its public key.
            { type: p.CKA_SIGN_RECOVER, value: false },
            { type: p.CKA_DECRYPT, value: false },
            { type: p.CKA_UNWRAP, value: false },
            { type: p.CKA_DERIVE, value: false },
        ]));
        this.privateHandles.set(id, pair.privateKey);
        return this.call('C_GetAttributeValue', (session) => this.publicKeyOf(session, pair.publicKey, alg));
    }
    /**
     * Every key pair whose public key's label starts with `labelPrefix`. The search names what only a
     * finished key has (`completeKeyTemplate`), never the class alone, and the private halves are
     * looked for by CKA_ID, never listed: see docs/pkcs11.md (several processes on one SoftHSM token).
     */
    findKeys(labelPrefix) {
        const p = this.binding;
        return this.call('C_FindObjects', (session) => {
            const keys = [];
            for (const handle of this.find(session, this.completeKeyTemplate(p.CKO_PUBLIC_KEY))) {
                let key;
                try {
                    key = this.keyOf(session, handle, labelPrefix);
                }
                catch (error) {
                    // Destroyed by another process since the search (a rotation elsewhere): not in the set.
                    if (returnCode(error) === p.CKR_OBJECT_HANDLE_INVALID)
                        continue;
                    throw error;
                }
                if (key !== undefined)
                    keys.push(key);
            }
            this.confirmPresent();
            return keys;
        });
    }
    /** The key pair whose public key is `handle`, when its label starts with `labelPrefix`. */
    keyOf(session, handle, labelPrefix) {
        const p = this.binding;
        const [label, id, keyType] = this.library.C_GetAttributeValue(session, handle, [
            { type: p.CKA_LABEL },
            { type: p.CKA_ID },
            { type: p.CKA_KEY_TYPE },
        ]);
        const text = label.value.toString('utf8');
        if (!text.startsWith(labelPrefix))
            return undefined;
        const alg = algorithmOfKeyType(p, keyType.value.readUInt32LE(0));
        if (alg === undefined)
            return undefined;
        return {
            id: id.value.toString('utf8'),
            label: text,
            alg,
            publicKey: this.publicKeyOf(session, handle, alg),
            hasPrivateKey: this.find(session, [
                { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
                { type: p.CKA_ID, value: id.value },
            ]).length > 0,
        };
    }
    /**
     * A search template that matches only key objects another process has finished making: token
     * objects (CKA_TOKEN) generated in the token (CKA_LOCAL), which every key stint ever generated
     * is. SoftHSM's file store shows other processes a key it is still making, with CKA_CLASS and
     * defaults but an empty label, id and value, filling them in moments later; reading such a key
     * (pkcs11js asks for each value's length, then for the value) can crash the reader (SIGSEGV), as
     * a search by CKA_CLASS alone, or by class and key type, returns it. CKA_TOKEN and CKA_LOCAL are
     * written only with the key's own values, so this search does not return a key being made.
     */
    completeKeyTemplate(objectClass) {
        const p = this.binding;
        return [
            { type: p.CKA_CLASS, value: objectClass },
            { type: p.CKA_TOKEN, value: true },
            { type: p.CKA_LOCAL, value: true },
        ];
    }
    /**
     * The key pair with CKA_ID `id`, found by a search for that id (not a scan of every key: SoftHSM
     * can crash a process that reads an object another process is still writing, see
     * completeKeyTemplate), or undefined.
     */
    findKey(id) {
        const p = this.binding;
        return this.call('C_FindObjects', (session) => {
            const [handle] = this.find(session, [
                ...this.completeKeyTemplate(p.CKO_PUBLIC_KEY),
                { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
            ]);
            const key = handle === undefined ? undefined : this.keyOf(session, handle, '');
            this.confirmPresent();
            return key;
        });
    }
    /** Deletes the key pair with this CKA_ID (or only its private half); a half already gone is fine. */
    destroyKey(id, only) {
        const p = this.binding;
        this.call('C_DestroyObject', (session) => {
            const classes = only === 'private' ? [p.CKO_PRIVATE_KEY] : [p.CKO_PRIVATE_KEY, p.CKO_PUBLIC_KEY];
            for (const objectClass of classes) {
                for (const handle of this.find(session, [
                    { type: p.CKA_CLASS, value: objectClass },
                    { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
                ])) {
                    this.library.C_DestroyObject(session, handle);
                }
            }
        });
        this.privateHandles.delete(id);
    }
    /** Stores an X.509 certificate (public) as a token object, beside its key. */
    storeCertificate(id, label, der, subjectDer) {
        const p = this.binding;
        this.call('C_CreateObject', (session) => this.library.C_CreateObject(session, [
            { type: p.CKA_CLASS, value: p.CKO_CERTIFICATE },
            { type: p.CKA_CERTIFICATE_TYPE, value: p.CKC_X_509 },
            { type: p.CKA_TOKEN, value: true },
            { type: p.CKA_PRIVATE, value: false },
            { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
            { type: p.CKA_LABEL, value: label },
            { type: p.CKA_SUBJECT, value: subjectDer },
            { type: p.CKA_VALUE, value: der },
        ]));
    }
    findCertificates(label) {
        const p = this.binding;
        return this.call('C_FindObjects', (session) => {
            const certificates = this.find(session, [
                { type: p.CKA_CLASS, value: p.CKO_CERTIFICATE },
                { type: p.CKA_LABEL, value: label },
            ]).map((handle) => {
                const [id, value] = this.library.C_GetAttributeValue(session, handle, [
                    { type: p.CKA_ID },
                    { type: p.CKA_VALUE },
                ]);
                return { id: id.value.toString('utf8'), label, der: Buffer.from(value.value) };
            });
            this.confirmPresent();
            return certificates;
        });
    }
    destroyCertificate(id) {
        const p = this.binding;
        this.call('C_DestroyObject', (session) => {
            for (const handle of this.find(session, [
                { type: p.CKA_CLASS, value: p.CKO_CERTIFICATE },
                { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
            ])) {
                this.library.C_DestroyObject(session, handle);
            }
        });
    }
    /**
     * A Signer over the private key with CKA_ID `id`. ES256 hashes here and signs the digest with
     * CKM_ECDSA (tokens that offer CKM_ECDSA_SHA256 offer CKM_ECDSA too; SoftHSM offers only that);
     * EdDSA signs the message with CKM_EDDSA; RS256 with CKM_SHA256_RSA_PKCS.
     */
    signer(id, kid, alg) {
        const p = this.binding;
        const mechanism = alg === 'ES256' ? p.CKM_ECDSA : alg === 'EdDSA' ? CKM_EDDSA : p.CKM_SHA256_RSA_PKCS;
        return {
            kid,
            alg,
            sign: async (data) => {
                const input = alg === 'ES256' ? (0,external_node_crypto_.createHash)('sha256').update(data).digest() : Buffer.from(data);
                return this.call('C_Sign', (session) => {
                    const key = this.privateHandle(session, id);
                    this.library.C_SignInit(session, { mechanism }, key);
                    return new Uint8Array(this.library.C_Sign(session, input, Buffer.alloc(alg === 'RS256' ? 1024 : 64)));
                });
            },
        };
    }
    privateHandle(session, id) {
        const p = this.binding;
        const cached = this.privateHandles.get(id);
        if (cached !== undefined)
            return cached;
        const [handle] = this.find(session, [
            { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
            { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
        ]);
        if (handle === undefined) {
            throw new errors/* StintError */.Fp('ERR_PKCS11_FAILED', `the private key ${id} is no longer in token ${this.config.token} (rotated by another process)`);
        }
        this.privateHandles.set(id, handle);
        return handle;
    }
    /**
     * Runs `fn` on the session, opening one first when there is none. When the token says the
     * session or a handle is gone, it reconnects and runs `fn` once more; when that fails too, it
     * throws ERR_PKCS11_SESSION and the next call tries again.
     */
    call(what, fn) {
        if (!this.connected)
            this.reconnect(what);
        try {
            return fn(this.session);
        }
        catch (error) {
            if (error instanceof errors/* StintError */.Fp)
                throw error;
            if (!this.isSessionLoss(error)) {
                throw new errors/* StintError */.Fp('ERR_PKCS11_FAILED', `${what} on token ${this.config.token} failed: ${describe(error)}`, {
                    cause: error,
                });
            }
            this.reconnect(what);
            try {
                return fn(this.session);
            }
            catch (again) {
                if (again instanceof errors/* StintError */.Fp)
                    throw again;
                if (this.isSessionLoss(again))
                    this.disconnect();
                throw new errors/* StintError */.Fp('ERR_PKCS11_FAILED', `${what} on token ${this.config.token} failed: ${describe(again)}`, {
                    cause: again,
                });
            }
        }
    }
    /**
     * Opens a new session and logs in; when the library cannot reach the token, re-initialises it
     * (Pkcs11Module.reinitialize, at most every 5 s, backing off to 30 s) and tries once more. Not
     * more than once a second: meanwhile the last failure is thrown again. Throws ERR_PKCS11_SESSION,
     * or ERR_PKCS11_PIN when the token refused the PIN (then never tried again by this process).
     */
    reconnect(what = 'a new session') {
        if (this.pinRefused !== undefined)
            throw this.pinRefused;
        const now = performance.now();
        if (this.lastFailure !== undefined && now - this.lastFailure.atMs < RECONNECT_INTERVAL_MS) {
            throw this.lastFailure.error;
        }
        let first;
        try {
            try {
                this.connect();
            }
            catch (error) {
                if (isPinRefusal(error))
                    throw error;
                first = error;
                if (!this.module.reinitialize())
                    throw error;
                this.connect();
            }
            this.module.recovered();
            this.lastFailure = undefined;
        }
        catch (error) {
            this.disconnect();
            if (isPinRefusal(error)) {
                this.pinRefused = new errors/* StintError */.Fp('ERR_PKCS11_PIN', `${error.message}; the broker does not try it again (each wrong try counts toward the token locking the PIN): restart it with the right PIN`, { cause: error });
                throw this.pinRefused;
            }
            const failure = new errors/* StintError */.Fp('ERR_PKCS11_SESSION', `lost the session with token ${this.config.token} and cannot open a new one for ${what}: ${first === undefined || first === error
                ? describe(error)
                : `${describe(first)}; after re-initialising the library, ${describe(error)}`}`, { cause: error });
            this.lastFailure = { atMs: now, error: failure };
            throw failure;
        }
    }
    /**
     * A read ends by asking the token for its info: a token that went away may answer a search with
     * nothing instead of an error (SoftHSM does once its token store is gone), and an empty read
     * would make the broker believe every key was deleted. A token that cannot say who it is counts
     * as a lost session.
     */
    confirmPresent() {
        try {
            this.library.C_GetTokenInfo(this.slot);
        }
        catch (error) {
            throw new TokenGone(error);
        }
    }
    isSessionLoss(error) {
        if (error instanceof TokenGone)
            return true;
        const p = this.binding;
        const code = returnCode(error);
        return [
            p.CKR_SESSION_HANDLE_INVALID,
            p.CKR_SESSION_CLOSED,
            p.CKR_DEVICE_REMOVED,
            p.CKR_DEVICE_ERROR,
            p.CKR_TOKEN_NOT_PRESENT,
            p.CKR_USER_NOT_LOGGED_IN,
            p.CKR_OBJECT_HANDLE_INVALID,
            p.CKR_KEY_HANDLE_INVALID,
            p.CKR_CRYPTOKI_NOT_INITIALIZED,
        ].includes(code);
    }
    sessionError(what, error) {
        return new errors/* StintError */.Fp('ERR_PKCS11_SESSION', `${what} on ${this.config.module} (token ${this.config.token}) failed: ${describe(error)}`, { cause: error });
    }
    find(session, template) {
        this.library.C_FindObjectsInit(session, template);
        try {
            const found = [];
            for (;;) {
                const batch = this.library.C_FindObjects(session, 64);
                found.push(...batch);
                if (batch.length < 64)
                    return found;
            }
        }
        finally {
            this.library.C_FindObjectsFinal(session);
        }
    }
    /** The public key object as a node KeyObject (via JWK), for JWKS, kids and certificates. */
    publicKeyOf(session, handle, alg) {
        const p = this.binding;
        if (alg === 'RS256') {
            const [n, e] = this.library.C_GetAttributeValue(session, handle, [
                { type: p.CKA_MODULUS },
                { type: p.CKA_PUBLIC_EXPONENT },
            ]);
            return (0,external_node_crypto_.createPublicKey)({
                key: { kty: 'RSA', n: n.value.toString('base64url'), e: e.value.toString('base64url') },
                format: 'jwk',
            });
        }
        const [point] = this.library.C_GetAttributeValue(session, handle, [{ type: p.CKA_EC_POINT }]);
        const raw = unwrapOctetString(point.value, alg === 'ES256' ? 65 : 32);
        if (alg === 'EdDSA') {
            return (0,external_node_crypto_.createPublicKey)({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
        }
        return (0,external_node_crypto_.createPublicKey)({
            key: {
                kty: 'EC',
                crv: 'P-256',
                x: raw.subarray(1, 33).toString('base64url'),
                y: raw.subarray(33, 65).toString('base64url'),
            },
            format: 'jwk',
        });
    }
}
/** The token did not answer C_GetTokenInfo after a read: treated as a lost session (see confirmPresent). */
class TokenGone extends Error {
    constructor(cause) {
        super(`the token does not answer C_GetTokenInfo (${describe(cause)})`, { cause });
    }
}
function algorithmOfKeyType(p, keyType) {
    if (keyType === p.CKK_EC)
        return 'ES256';
    if (keyType === CKK_EC_EDWARDS)
        return 'EdDSA';
    if (keyType === p.CKK_RSA)
        return 'RS256';
    return undefined;
}
/** CKA_EC_POINT is a DER OCTET STRING by the standard; some tokens hand out the bare point. */
function unwrapOctetString(value, size) {
    if (value.length === size)
        return value;
    if (value.length === size + 2 && value[0] === 0x04 && value[1] === size)
        return value.subarray(2);
    throw new errors/* StintError */.Fp('ERR_PKCS11_FAILED', `the token returned a public point of ${value.length} bytes`);
}
/** The token refused the PIN (not: the PIN variable is unset, which is checked before any token is opened). */
function isPinRefusal(error) {
    return error instanceof errors/* StintError */.Fp && error.code === 'ERR_PKCS11_PIN';
}
function returnCode(error) {
    const code = error?.code;
    return typeof code === 'number' ? code : undefined;
}
/** `CKR_PIN_INCORRECT` and the like: the PKCS#11 return code's name, never a PIN or key material. */
function describe(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/tokens/pkcs11-keyset.ts





/**
 * The token-signing keys in a PKCS#11 token: the same schedule as file keys (src/tokens/keyset.ts:
 * a successor published `publish-ahead` before it signs, the old key published for `grace` after),
 * kept in the token itself, so brokers on many machines sharing one token share one key set and
 * nothing about it is on their disks.
 *
 * Each key pair's label carries its schedule: `stint:jwt:<alg>:<created ms>:<activates ms>`; its
 * kid is the RFC 7638 thumbprint of its public key, read from the token. The rest follows from the
 * set: a key signs from its activation until the next key's; it stays published until the next
 * key's activation + grace; its private half is destroyed once it no longer signs. An emergency
 * rotation destroys every other key at once.
 *
 * There is no lock across machines: two processes that rotate at the same instant make two
 * successors, both published before they sign, and the later one wins (ties go to the later
 * creation, then the kid, so every process picks the same one); nothing is ever signed by a key
 * that is not published.
 *
 * Lineage (KeySet.retired): the kids this process has seen in the token that are gone from it since
 * (destroyed by a rotation, here or in another process), newest first, at most RETIRED_KEPT, and the
 * keys past their retirement not destroyed yet. A broker that has re-read the token after
 * `stint keys rotate --now` thereby knows the key its peers still sign with, and they are behind
 * it, not split from it (src/broker/key-agreement.ts).
 */
const JWT_KEY_LABEL = 'stint:jwt:';
/**
 * Opens the key set in the token `options.pkcs11` names and, unless read-only, makes sure a key
 * signs now (generating the first one in the token).
 *
 * @example
 * const keys = await openPkcs11KeySet({ pkcs11: { module: '/usr/lib/softhsm/libsofthsm2.so', token: 'stint', pin_env: 'STINT_HSM_PIN' },
 *   env: process.env, algorithm: 'ES256', rotateEverySec: 30 * 86400, graceSec: 7 * 86400 });
 */
async function openPkcs11KeySet(options) {
    if (!(options.rotateEverySec > 0) || !(options.graceSec >= 0)) {
        throw new errors/* StintError */.Fp('ERR_KEYS_SCHEDULE', 'keys.rotate_every must be > 0 and keys.grace ≥ 0');
    }
    const token = await openToken(options.pkcs11, options.env, [options.algorithm]);
    const now = options.now ?? Date.now;
    const graceMs = options.graceSec * 1000;
    const rotateEveryMs = options.rotateEverySec * 1000;
    const publishAheadMs = (options.publishAheadSec ?? Math.min(86_400, options.graceSec, options.rotateEverySec / 2)) * 1000;
    let entries = [];
    /** Kids seen in the token and gone from it since, newest first (retired()). */
    let goneKids = [];
    /**
     * Kids that left the token while still published, since a key last signed: lost with a token
     * emptied or re-initialised, or dropped by an emergency rotation elsewhere. Told in `removed` when
     * maintenance has to make a new signing key because none is left.
     */
    let missing = [];
    const signers = new Map();
    const read = async () => {
        const found = token.findKeys(JWT_KEY_LABEL);
        const parsed = await Promise.all(found.map((key) => entryOf(key)));
        const sorted = parsed
            .filter((e) => e !== undefined)
            // Ties (two processes that made a key in the same millisecond) are broken the same way everywhere.
            .sort((a, b) => a.activatesAtMs - b.activatesAtMs || a.createdAtMs - b.createdAtMs || compare(a.kid, b.kid));
        // A key retires `grace` after the next one (by activation) takes over.
        for (const [i, entry] of sorted.entries()) {
            const successor = sorted.slice(i + 1).find((e) => e.activatesAtMs > entry.activatesAtMs);
            if (successor !== undefined)
                entry.retiresAtMs = successor.activatesAtMs + graceMs;
        }
        return sorted;
    };
    const reload = async () => {
        const next = await read();
        const t = now();
        const goneEntries = entries.filter((e) => !next.some((n) => n.kid === e.kid));
        goneKids = (0,keyset/* lineage */.OZ)(goneEntries.map((e) => e.kid), goneKids);
        missing = [
            ...new Set([
                ...missing,
                ...goneEntries.filter((e) => e.retiresAtMs === undefined || e.retiresAtMs > t).map((e) => e.kid),
            ]),
        ];
        entries = next;
        if (currentAt(t)?.hasPrivateKey === true)
            missing = [];
    };
    const published = (t, from = entries) => from.filter((e) => e.retiresAtMs === undefined || e.retiresAtMs > t);
    const currentAt = (t, from = entries) => published(t, from)
        .filter((e) => e.activatesAtMs <= t)
        .at(-1);
    const stateOf = (entry, t, currentKid) => entry.kid === currentKid ? 'current' : entry.activatesAtMs > t ? 'next' : 'grace';
    const info = (entry, state) => ({
        kid: entry.kid,
        alg: entry.alg,
        state,
        createdAtMs: entry.createdAtMs,
        activatesAtMs: entry.activatesAtMs,
        ...(entry.retiresAtMs === undefined ? {} : { retiresAtMs: entry.retiresAtMs }),
    });
    const generate = async (t, activatesAtMs) => {
        const id = (0,external_node_crypto_.randomBytes)(16).toString('hex');
        const label = `${JWT_KEY_LABEL}${options.algorithm}:${t}:${activatesAtMs}`;
        token.generateKeyPair(options.algorithm, id, label);
        // Found by the search every re-read makes: a key it would not find is not left in the token
        // (the next maintenance would make another, and another).
        const [key] = token.findKeys(label).filter((k) => k.id === id);
        const entry = key === undefined ? undefined : await entryOf(key);
        if (entry === undefined) {
            token.destroyKey(id);
            throw new errors/* StintError */.Fp('ERR_PKCS11_FAILED', `the key ${id} just generated in token ${options.pkcs11.token} is not found by a search for CKA_TOKEN and CKA_LOCAL true, which every key a token generates has, and was destroyed again: another process destroyed it at once (\`stint keys rotate --now\` elsewhere; try again), or the token does not search by CKA_LOCAL (see docs/pkcs11.md)`);
        }
        return entry;
    };
    /** Runs beforeCommit for keys just generated; destroys them again when it throws. */
    const announce = async (generated, dropped, t) => {
        if (options.beforeCommit === undefined || generated.length === 0)
            return;
        try {
            await options.beforeCommit({
                generated: generated.map((e) => info(e, e.activatesAtMs > t ? 'next' : 'current')),
                dropped,
            });
        }
        catch (error) {
            for (const entry of generated)
                token.destroyKey(entry.id);
            throw error;
        }
    };
    const jwkOf = (entry) => ({ ...entry.publicJwk, kid: entry.kid, alg: entry.alg, use: 'sig' });
    const keySet = {
        dir: token.where,
        readOnlyDir: false,
        token,
        current() {
            const key = currentAt(now());
            if (key === undefined || !key.hasPrivateKey) {
                throw new errors/* StintError */.Fp('ERR_KEYS_NO_CURRENT', `no signing key is active in ${token.where}; run \`stint keys rotate --now\``);
            }
            if (!token.connected) {
                throw new errors/* StintError */.Fp('ERR_PKCS11_SESSION', `the broker has no session with token ${options.pkcs11.token}; it tries a new one at the next signature and at each re-read of the token (every 5 s), re-initialising the PKCS#11 library at most every 5 s, backing off to every 30 s while the token stays away`);
            }
            let signer = signers.get(key.kid);
            if (signer === undefined) {
                signer = token.signer(key.id, key.kid, key.alg);
                signers.set(key.kid, signer);
            }
            return signer;
        },
        jwks() {
            return { keys: keySet.list().map((k) => jwkOf(entries.find((e) => e.kid === k.kid))) };
        },
        publicKey(kid) {
            const entry = published(now()).find((e) => e.kid === kid);
            return entry === undefined ? undefined : jwkOf(entry);
        },
        list() {
            const t = now();
            const currentKid = currentAt(t)?.kid;
            const rank = { current: 0, next: 1, grace: 2 };
            return published(t)
                .map((e) => info(e, stateOf(e, t, currentKid)))
                .sort((a, b) => rank[a.state] - rank[b.state] || b.activatesAtMs - a.activatesAtMs);
        },
        retired() {
            // As the file key set's: a key past its retirement is retired even before maintenance destroys it.
            const t = now();
            return (0,keyset/* lineage */.OZ)(entries.filter((e) => e.retiresAtMs !== undefined && e.retiresAtMs <= t).map((e) => e.kid), goneKids);
        },
        async reload() {
            await reload();
        },
        async rotate(rotation = {}) {
            const t = now();
            const found = await read();
            if (rotation.now === true) {
                const entry = await generate(t, t);
                const dropped = found.map((e) => e.kid).filter((kid) => kid !== entry.kid);
                await announce([entry], dropped, t);
                // The old keys may be compromised: gone from the token now, not at the next maintenance.
                for (const old of found)
                    token.destroyKey(old.id);
                await reload();
                return { key: info(entry, 'current'), generated: true, dropped };
            }
            const active = currentAt(t, found);
            const waiting = published(t, found).find((e) => e.activatesAtMs > t);
            if (waiting !== undefined) {
                await reload();
                return { key: info(waiting, 'next'), generated: false, dropped: [] };
            }
            const activatesAtMs = active === undefined ? t : t + publishAheadMs;
            const entry = await generate(t, activatesAtMs);
            await announce([entry], [], t);
            await reload();
            return { key: info(entry, activatesAtMs > t ? 'next' : 'current'), generated: true, dropped: [] };
        },
        async maintain() {
            if (!token.connected) {
                try {
                    // Re-initialises the library when a new session alone does not reach the token.
                    token.reconnect();
                }
                catch {
                    // Still gone: current() keeps saying ERR_PKCS11_SESSION and /readyz 503 until it is back.
                    return false;
                }
            }
            const t = now();
            let found = await read();
            const generated = [];
            const removed = found.filter((e) => e.retiresAtMs !== undefined && e.retiresAtMs <= t);
            for (const gone of removed)
                token.destroyKey(gone.id);
            found = found.filter((e) => !removed.includes(e));
            let active = currentAt(t, found);
            if (active === undefined) {
                // Another broker on the token may have made the first key since the read above (brokers
                // started together): read again right before generating one.
                found = await read();
                active = currentAt(t, found);
            }
            let reason = 'scheduled rotation';
            /** Published keys that left the token without a rotation by this broker: told as removed. */
            let lost = [];
            if (active === undefined) {
                // The true reason, not a schedule: keys gone from the token (an HSM emptied or
                // re-initialised, a key deleted by hand), every key retired, or a new token.
                lost = [
                    ...new Set([
                        ...missing,
                        ...published(t)
                            .filter((e) => !found.some((f) => f.kid === e.kid))
                            .map((e) => e.kid),
                    ]),
                ];
                reason =
                    lost.length > 0
                        ? `keys missing from the token: ${token.where} no longer holds ${lost.join(', ')}, published by this broker, and no key signs, so a new one signs at once`
                        : found.length > 0
                            ? `no signing key is active in ${token.where} (every key there has retired), so a new one signs at once`
                            : `no signing key in ${token.where} (a new token, or its keys were deleted while no broker ran): the first one signs at once`;
                active = await generate(t, t);
                generated.push(active);
                found = await read();
            }
            const activeSince = active.activatesAtMs;
            const hasSuccessor = (from) => from.some((e) => e.activatesAtMs > activeSince);
            // keys.algorithm changed since this key was made: its successor comes now, the safe way.
            const algorithmChanged = active.alg !== options.algorithm;
            let due = !hasSuccessor(found) && (algorithmChanged || t >= activeSince + rotateEveryMs - publishAheadMs);
            if (due) {
                // Another broker on the token may have scheduled the successor since the read above: read
                // again right before generating one, and leave it at theirs.
                found = await read();
                due = !hasSuccessor(found);
            }
            if (due) {
                const activatesAtMs = algorithmChanged
                    ? t + publishAheadMs
                    : Math.max(activeSince + rotateEveryMs, t + publishAheadMs);
                generated.push(await generate(t, activatesAtMs));
                found = await read();
                if (algorithmChanged)
                    reason = (0,keyset/* algorithmChange */.Kz)(active.alg, options.algorithm);
            }
            await announce(generated, removed.map((e) => e.kid), t);
            // A key that no longer signs needs only its public half, for verifiers, until it retires.
            const signing = currentAt(t, found);
            for (const entry of found) {
                if (entry.hasPrivateKey && entry !== signing && entry.activatesAtMs <= t)
                    token.destroyKey(entry.id, 'private');
            }
            await reload();
            const changed = generated.length > 0 || removed.length > 0;
            if (changed) {
                await options.onChange?.({
                    generated: generated.map((e) => info(e, e.activatesAtMs > t ? 'next' : 'current')),
                    removed: [...new Set([...removed.map((e) => e.kid), ...lost])],
                    reason,
                });
            }
            return changed;
        },
    };
    await reload();
    if (options.readOnly !== true)
        await keySet.maintain();
    return keySet;
}
/** Reads a key's schedule from its label and its kid from its public key; undefined for a label stint did not write. */
async function entryOf(key) {
    const match = /^stint:jwt:(ES256|EdDSA|RS256):(\d{1,15}):(\d{1,15})$/.exec(key.label);
    if (match === null || match[1] !== key.alg)
        return undefined;
    const publicJwk = publicMembers(key.publicKey.export({ format: 'jwk' }));
    return {
        kid: await (0,thumbprint/* calculateJwkThumbprint */.s)(publicJwk, 'sha256'),
        id: key.id,
        alg: key.alg,
        createdAtMs: Number(match[2]),
        activatesAtMs: Number(match[3]),
        publicJwk,
        hasPrivateKey: key.hasPrivateKey,
    };
}
function publicMembers(jwk) {
    const { kty, crv, x, y, n, e } = jwk;
    return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined));
}
/** Code-unit order, the same in every process whatever its locale. */
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}


/***/ })

};
