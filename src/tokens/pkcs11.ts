import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';
import { unsetVariable } from '../lib/env-setting.js';
import { StintError } from '../lib/errors.js';
import type { Signer, SigningAlgorithm } from './signer.js';

/**
 * One PKCS#11 token (an HSM, AWS CloudHSM, Google Cloud KMS through its PKCS#11 library, YubiHSM,
 * SoftHSM), reached through `pkcs11js`, an optional dependency loaded here only, on first use, so
 * a broker on file keys never loads a native addon (docs/pkcs11.md).
 *
 * Private keys are generated in the token as sensitive, non-extractable token objects and sign
 * there; what this module reads back is public: public keys, certificates and labels. The session
 * is one read-write session, logged in as the user with the PIN from the environment; every call
 * is synchronous (a P-256 signature takes ~0.1 ms in SoftHSM), so no two operations interleave on it.
 * When the token drops the session (an HSM restart, a network HSM's connection lost), the next
 * call opens a new one and logs in again; when that fails, the library is finalised and
 * initialised anew (see Pkcs11Module) and tried once more; while the token stays out of reach,
 * calls throw ERR_PKCS11_SESSION, and it is tried again at most once a second.
 */

export interface Pkcs11Config {
  /** Path of the vendor's PKCS#11 library. */
  module: string;
  /** The token's label. */
  token: string;
  /** Name of the environment variable that holds the user PIN. */
  pin_env: string;
  /** `file:line:column` of `pin_env` in the config, for the error when it is not set. */
  pin_env_at?: string;
}

/** A key pair in the token, as found by its public key object. */
export interface TokenKey {
  /** CKA_ID, as text (stint stores the kid there). */
  id: string;
  label: string;
  alg: SigningAlgorithm;
  publicKey: KeyObject;
  /** Whether the private half is still in the token (a key in grace keeps only its public half). */
  hasPrivateKey: boolean;
}

export interface TokenCertificate {
  id: string;
  label: string;
  der: Buffer;
}

type Binding = typeof Pkcs11js;
type Handle = Buffer;

// PKCS#11 3.0 values pkcs11js does not name.
const CKK_EC_EDWARDS = 0x40;
const CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
const CKM_EDDSA = 0x1057;
const P256_OID = Buffer.from('06082a8648ce3d030107', 'hex');
const ED25519_OID = Buffer.from('06032b6570', 'hex');

const BINDING = 'pkcs11js';
let bindingPromise: Promise<Binding> | undefined;

/** Loads pkcs11js once, on first use; ERR_PKCS11_BINDING when it is not installed or did not build. */
function loadBinding(): Promise<Binding> {
  // A plain require at run time, which the bundler leaves alone (the bundle is ESM, pkcs11js is
  // CommonJS): the addon is resolved from node_modules where stint runs (it is built for that
  // machine) and only here, so a broker on file keys never loads it.
  bindingPromise ??= Promise.resolve()
    .then(() => createRequire(import.meta.url)(BINDING) as Binding)
    .then(
      (binding) => binding,
      (error: unknown) => {
        bindingPromise = undefined;
        throw new StintError(
          'ERR_PKCS11_BINDING',
          `keys.pkcs11 needs the PKCS#11 binding pkcs11js, which is not installed or did not build (${(error as Error).message}); run \`npm install pkcs11js@^2.1.7\` beside stint (the range stint is tested with, its optional peer dependency; it builds with node-gyp: python3, make, g++)`,
          { cause: error },
        );
      },
    );
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
  generation = 0;
  private nextReinitializeMs = 0;
  private reinitializeWaitMs = REINITIALIZE_FIRST_MS;

  constructor(
    private readonly binding: Binding,
    readonly library: Pkcs11js.PKCS11,
    readonly path: string,
  ) {}

  /** C_Initialize, where the library may already be initialised (by an earlier open in this process). */
  initialize(): void {
    try {
      this.library.C_Initialize();
    } catch (error) {
      if (returnCode(error) !== this.binding.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        throw new StintError(
          'ERR_PKCS11_MODULE',
          `${this.path}: C_Initialize failed: ${describe(error)}; the library could not start: check its own configuration (SoftHSM: the file SOFTHSM2_CONF names, and that its directories.tokendir exists and is readable; an HSM client: its config file and its network access to the HSM)`,
          { cause: error },
        );
      }
    }
  }

  /**
   * C_Finalize then C_Initialize, unless it was done less than the current wait ago (5 s, doubling
   * up to 30 s while it does not help): false when it is not time yet. Throws ERR_PKCS11_MODULE when
   * C_Initialize fails; the library is then left uninitialised, and the next attempt initialises it.
   */
  reinitialize(): boolean {
    const now = performance.now();
    if (now < this.nextReinitializeMs) return false;
    this.nextReinitializeMs = now + this.reinitializeWaitMs;
    this.reinitializeWaitMs = Math.min(this.reinitializeWaitMs * 2, REINITIALIZE_CEILING_MS);
    this.generation += 1;
    try {
      this.library.C_Finalize();
    } catch {
      // Not initialised (an earlier C_Initialize failed): nothing to finalise.
    }
    this.initialize();
    return true;
  }

  /** A token reached the library again: the next loss may re-initialise it at once. */
  recovered(): void {
    this.nextReinitializeMs = 0;
    this.reinitializeWaitMs = REINITIALIZE_FIRST_MS;
  }
}

/** Libraries already loaded and initialised in this process, by path. */
const modules = new Map<string, Pkcs11Module>();

/**
 * Opens the token `config.token` names in `config.module`, logged in with the PIN in
 * `env[config.pin_env]`, and checks it offers the mechanisms `algorithms` need.
 *
 * @example
 * const token = await openToken({ module: '/usr/lib/softhsm/libsofthsm2.so', token: 'stint', pin_env: 'STINT_HSM_PIN' }, process.env, ['ES256']);
 */
export async function openToken(
  config: Pkcs11Config,
  env: NodeJS.ProcessEnv,
  algorithms: readonly SigningAlgorithm[],
): Promise<Pkcs11Token> {
  const pin = env[config.pin_env];
  if (pin === undefined || pin === '') {
    throw new StintError(
      'ERR_PKCS11_PIN',
      unsetVariable({
        setting: 'keys.pkcs11.pin_env',
        name: config.pin_env,
        holds: `the user PIN of token ${config.token}`,
        where: 'where stint serve and stint keys run',
        at: config.pin_env_at,
      }),
    );
  }
  const binding = await loadBinding();
  const module = await loadLibrary(binding, config.module);
  const token = new Pkcs11Token(binding, module, config, pin);
  token.connect();
  token.requireMechanisms(algorithms);
  return token;
}

async function loadLibrary(binding: Binding, path: string): Promise<Pkcs11Module> {
  const loaded = modules.get(path);
  if (loaded !== undefined) return loaded;
  try {
    await access(path);
  } catch (error) {
    throw new StintError(
      'ERR_PKCS11_MODULE',
      `the PKCS#11 module ${path} (keys.pkcs11.module) does not exist or cannot be read; give the path of the vendor's library (SoftHSM: /usr/lib/softhsm/libsofthsm2.so)`,
      { cause: error },
    );
  }
  const library = new binding.PKCS11();
  try {
    library.load(path);
  } catch (error) {
    throw new StintError(
      'ERR_PKCS11_MODULE',
      `${path} (keys.pkcs11.module) cannot be loaded as a PKCS#11 library: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const module = new Pkcs11Module(binding, library, path);
  module.initialize();
  modules.set(path, module);
  return module;
}

export class Pkcs11Token {
  private session: Handle | undefined;
  private slot: Handle | undefined;
  /** The library's generation the session was opened in (Pkcs11Module): an older one is dead. */
  private generation = -1;
  /** Private-key handles by CKA_ID; handles die with the session, so a reconnect clears them. */
  private readonly privateHandles = new Map<string, Handle>();
  /** The last failed reconnect, answered again until RECONNECT_INTERVAL_MS has passed. */
  private lastFailure: { atMs: number; error: StintError } | undefined;
  /**
   * The token refused the PIN on a reconnect: it is not tried again (the PIN in this process's
   * environment cannot change, and every wrong try counts toward the token locking it).
   */
  private pinRefused: StintError | undefined;
  private readonly library: Pkcs11js.PKCS11;

  constructor(
    private readonly binding: Binding,
    private readonly module: Pkcs11Module,
    readonly config: Pkcs11Config,
    private readonly pin: string,
  ) {
    this.library = module.library;
  }

  /** `pkcs11:<token label>`, for messages. */
  get where(): string {
    return `pkcs11:${this.config.token}`;
  }

  /** True while the broker holds a logged-in session (of the library's current initialisation). */
  get connected(): boolean {
    return this.session !== undefined && this.generation === this.module.generation;
  }

  /** Finds the token, opens a session and logs in; throws ERR_PKCS11_TOKEN / ERR_PKCS11_PIN / ERR_PKCS11_SESSION. */
  connect(): void {
    const { binding: p, library } = this;
    this.disconnect();
    let slots: Handle[];
    try {
      slots = library.C_GetSlotList(true);
    } catch (error) {
      throw this.sessionError('C_GetSlotList', error);
    }
    const labels: string[] = [];
    let unanswered: unknown;
    const slot = slots.find((candidate) => {
      let label: string;
      try {
        label = library.C_GetTokenInfo(candidate).label.trim();
      } catch (error) {
        // A slot whose token does not answer may be ours, gone or broken: look at the others first.
        unanswered ??= error;
        return false;
      }
      labels.push(label);
      return label === this.config.token;
    });
    if (slot === undefined) {
      if (unanswered !== undefined) throw this.sessionError('C_GetTokenInfo', unanswered);
      throw new StintError(
        'ERR_PKCS11_TOKEN',
        `no token labelled ${this.config.token} (keys.pkcs11.token) in ${this.config.module}; tokens found: ${labels.map((l) => JSON.stringify(l)).join(', ') || 'none'}`,
      );
    }
    let session: Handle;
    try {
      session = library.C_OpenSession(slot, p.CKF_RW_SESSION | p.CKF_SERIAL_SESSION);
    } catch (error) {
      throw this.sessionError('C_OpenSession', error);
    }
    try {
      library.C_Login(session, p.CKU_USER, this.pin);
    } catch (error) {
      const code = returnCode(error);
      if (code !== p.CKR_USER_ALREADY_LOGGED_IN) {
        library.C_CloseSession(session);
        if (code === p.CKR_PIN_INCORRECT || code === p.CKR_PIN_LOCKED || code === p.CKR_PIN_INVALID) {
          throw new StintError(
            'ERR_PKCS11_PIN',
            `token ${this.config.token} refused the PIN in ${this.config.pin_env} (${describe(error)}); set ${this.config.pin_env} to the token's user PIN`,
          );
        }
        throw this.sessionError('C_Login', error);
      }
    }
    this.slot = slot;
    this.session = session;
    this.generation = this.module.generation;
  }

  /** Closes the session (the library stays loaded: other key sets in this process may use it). */
  disconnect(): void {
    const session = this.session;
    const current = this.generation === this.module.generation;
    this.session = undefined;
    this.privateHandles.clear();
    // A handle of an earlier initialisation is dead, and its number may now be another session's.
    if (session === undefined || !current) return;
    try {
      this.library.C_CloseSession(session);
    } catch {
      // Already gone with the token: nothing to close.
    }
  }

  /** Throws ERR_PKCS11_MECHANISM when the token lacks what one of `algorithms` needs. */
  requireMechanisms(algorithms: readonly SigningAlgorithm[]): void {
    const p = this.binding;
    const offered = new Set(this.library.C_GetMechanismList(this.slot!));
    const needs: Record<SigningAlgorithm, Array<[number, string]>> = {
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
        throw new StintError(
          'ERR_PKCS11_MECHANISM',
          `token ${this.config.token} does not offer ${missing.join(' and ')}, which ${alg} needs; set keys.algorithm to one the token supports (ES256 needs CKM_EC_KEY_PAIR_GEN and CKM_ECDSA)`,
        );
      }
    }
  }

  /**
   * Generates a key pair in the token: the private key sensitive, non-extractable, a token object
   * that only signs; the public key a token object too, so other brokers sharing the token find it.
   */
  generateKeyPair(alg: SigningAlgorithm, id: string, label: string): KeyObject {
    const p = this.binding;
    const common = [
      { type: p.CKA_TOKEN, value: true },
      { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
      { type: p.CKA_LABEL, value: label },
    ];
    const [mechanism, publicParams] =
      alg === 'ES256'
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
    const pair = this.call('C_GenerateKeyPair', (session) =>
      this.library.C_GenerateKeyPair(
        session,
        { mechanism },
        [
          ...common,
          { type: p.CKA_PRIVATE, value: false },
          { type: p.CKA_VERIFY, value: true },
          // Only verifies: a token's defaults may let a public key encrypt or wrap (SoftHSM's do).
          { type: p.CKA_ENCRYPT, value: false },
          { type: p.CKA_WRAP, value: false },
          { type: p.CKA_VERIFY_RECOVER, value: false },
          { type: p.CKA_DERIVE, value: false },
          ...publicParams,
        ],
        [
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
        ],
      ),
    );
    this.privateHandles.set(id, pair.privateKey);
    return this.call('C_GetAttributeValue', (session) => this.publicKeyOf(session, pair.publicKey, alg));
  }

  /**
   * Every key pair whose public key's label starts with `labelPrefix`. The search names what only a
   * finished key has (`completeKeyTemplate`), never the class alone, and the private halves are
   * looked for by CKA_ID, never listed: see docs/pkcs11.md (several processes on one SoftHSM token).
   */
  findKeys(labelPrefix: string): TokenKey[] {
    const p = this.binding;
    return this.call('C_FindObjects', (session) => {
      const keys: TokenKey[] = [];
      for (const handle of this.find(session, this.completeKeyTemplate(p.CKO_PUBLIC_KEY))) {
        let key: TokenKey | undefined;
        try {
          key = this.keyOf(session, handle, labelPrefix);
        } catch (error) {
          // Destroyed by another process since the search (a rotation elsewhere): not in the set.
          if (returnCode(error) === p.CKR_OBJECT_HANDLE_INVALID) continue;
          throw error;
        }
        if (key !== undefined) keys.push(key);
      }
      this.confirmPresent();
      return keys;
    });
  }

  /** The key pair whose public key is `handle`, when its label starts with `labelPrefix`. */
  private keyOf(session: Handle, handle: Handle, labelPrefix: string): TokenKey | undefined {
    const p = this.binding;
    const [label, id, keyType] = this.library.C_GetAttributeValue(session, handle, [
      { type: p.CKA_LABEL },
      { type: p.CKA_ID },
      { type: p.CKA_KEY_TYPE },
    ]);
    const text = label!.value.toString('utf8');
    if (!text.startsWith(labelPrefix)) return undefined;
    const alg = algorithmOfKeyType(p, keyType!.value.readUInt32LE(0));
    if (alg === undefined) return undefined;
    return {
      id: id!.value.toString('utf8'),
      label: text,
      alg,
      publicKey: this.publicKeyOf(session, handle, alg),
      hasPrivateKey:
        this.find(session, [
          { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
          { type: p.CKA_ID, value: id!.value },
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
  private completeKeyTemplate(objectClass: number): Pkcs11js.Template {
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
  findKey(id: string): TokenKey | undefined {
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
  destroyKey(id: string, only?: 'private'): void {
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
  storeCertificate(id: string, label: string, der: Buffer, subjectDer: Buffer): void {
    const p = this.binding;
    this.call('C_CreateObject', (session) =>
      this.library.C_CreateObject(session, [
        { type: p.CKA_CLASS, value: p.CKO_CERTIFICATE },
        { type: p.CKA_CERTIFICATE_TYPE, value: p.CKC_X_509 },
        { type: p.CKA_TOKEN, value: true },
        { type: p.CKA_PRIVATE, value: false },
        { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
        { type: p.CKA_LABEL, value: label },
        { type: p.CKA_SUBJECT, value: subjectDer },
        { type: p.CKA_VALUE, value: der },
      ]),
    );
  }

  findCertificates(label: string): TokenCertificate[] {
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
        return { id: id!.value.toString('utf8'), label, der: Buffer.from(value!.value) };
      });
      this.confirmPresent();
      return certificates;
    });
  }

  destroyCertificate(id: string): void {
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
  signer(id: string, kid: string, alg: SigningAlgorithm): Signer {
    const p = this.binding;
    const mechanism = alg === 'ES256' ? p.CKM_ECDSA : alg === 'EdDSA' ? CKM_EDDSA : p.CKM_SHA256_RSA_PKCS;
    return {
      kid,
      alg,
      sign: async (data) => {
        const input = alg === 'ES256' ? createHash('sha256').update(data).digest() : Buffer.from(data);
        return this.call('C_Sign', (session) => {
          const key = this.privateHandle(session, id);
          this.library.C_SignInit(session, { mechanism }, key);
          return new Uint8Array(this.library.C_Sign(session, input, Buffer.alloc(alg === 'RS256' ? 1024 : 64)));
        });
      },
    };
  }

  private privateHandle(session: Handle, id: string): Handle {
    const p = this.binding;
    const cached = this.privateHandles.get(id);
    if (cached !== undefined) return cached;
    const [handle] = this.find(session, [
      { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
      { type: p.CKA_ID, value: Buffer.from(id, 'utf8') },
    ]);
    if (handle === undefined) {
      throw new StintError(
        'ERR_PKCS11_FAILED',
        `the private key ${id} is no longer in token ${this.config.token} (rotated by another process)`,
      );
    }
    this.privateHandles.set(id, handle);
    return handle;
  }

  /**
   * Runs `fn` on the session, opening one first when there is none. When the token says the
   * session or a handle is gone, it reconnects and runs `fn` once more; when that fails too, it
   * throws ERR_PKCS11_SESSION and the next call tries again.
   */
  private call<T>(what: string, fn: (session: Handle) => T): T {
    if (!this.connected) this.reconnect(what);
    try {
      return fn(this.session!);
    } catch (error) {
      if (error instanceof StintError) throw error;
      if (!this.isSessionLoss(error)) {
        throw new StintError('ERR_PKCS11_FAILED', `${what} on token ${this.config.token} failed: ${describe(error)}`, {
          cause: error,
        });
      }
      this.reconnect(what);
      try {
        return fn(this.session!);
      } catch (again) {
        if (again instanceof StintError) throw again;
        if (this.isSessionLoss(again)) this.disconnect();
        throw new StintError('ERR_PKCS11_FAILED', `${what} on token ${this.config.token} failed: ${describe(again)}`, {
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
  reconnect(what = 'a new session'): void {
    if (this.pinRefused !== undefined) throw this.pinRefused;
    const now = performance.now();
    if (this.lastFailure !== undefined && now - this.lastFailure.atMs < RECONNECT_INTERVAL_MS) {
      throw this.lastFailure.error;
    }
    let first: unknown;
    try {
      try {
        this.connect();
      } catch (error) {
        if (isPinRefusal(error)) throw error;
        first = error;
        if (!this.module.reinitialize()) throw error;
        this.connect();
      }
      this.module.recovered();
      this.lastFailure = undefined;
    } catch (error) {
      this.disconnect();
      if (isPinRefusal(error)) {
        this.pinRefused = new StintError(
          'ERR_PKCS11_PIN',
          `${error.message}; the broker does not try it again (each wrong try counts toward the token locking the PIN): restart it with the right PIN`,
          { cause: error },
        );
        throw this.pinRefused;
      }
      const failure = new StintError(
        'ERR_PKCS11_SESSION',
        `lost the session with token ${this.config.token} and cannot open a new one for ${what}: ${
          first === undefined || first === error
            ? describe(error)
            : `${describe(first)}; after re-initialising the library, ${describe(error)}`
        }`,
        { cause: error },
      );
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
  private confirmPresent(): void {
    try {
      this.library.C_GetTokenInfo(this.slot!);
    } catch (error) {
      throw new TokenGone(error);
    }
  }

  private isSessionLoss(error: unknown): boolean {
    if (error instanceof TokenGone) return true;
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
    ].includes(code as number);
  }

  private sessionError(what: string, error: unknown): StintError {
    return new StintError(
      'ERR_PKCS11_SESSION',
      `${what} on ${this.config.module} (token ${this.config.token}) failed: ${describe(error)}`,
      { cause: error },
    );
  }

  private find(session: Handle, template: Pkcs11js.Template): Handle[] {
    this.library.C_FindObjectsInit(session, template);
    try {
      const found: Handle[] = [];
      for (;;) {
        const batch = this.library.C_FindObjects(session, 64);
        found.push(...batch);
        if (batch.length < 64) return found;
      }
    } finally {
      this.library.C_FindObjectsFinal(session);
    }
  }

  /** The public key object as a node KeyObject (via JWK), for JWKS, kids and certificates. */
  private publicKeyOf(session: Handle, handle: Handle, alg: SigningAlgorithm): KeyObject {
    const p = this.binding;
    if (alg === 'RS256') {
      const [n, e] = this.library.C_GetAttributeValue(session, handle, [
        { type: p.CKA_MODULUS },
        { type: p.CKA_PUBLIC_EXPONENT },
      ]);
      return createPublicKey({
        key: { kty: 'RSA', n: n!.value.toString('base64url'), e: e!.value.toString('base64url') },
        format: 'jwk',
      });
    }
    const [point] = this.library.C_GetAttributeValue(session, handle, [{ type: p.CKA_EC_POINT }]);
    const raw = unwrapOctetString(point!.value, alg === 'ES256' ? 65 : 32);
    if (alg === 'EdDSA') {
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    }
    return createPublicKey({
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
  constructor(cause: unknown) {
    super(`the token does not answer C_GetTokenInfo (${describe(cause)})`, { cause });
  }
}

function algorithmOfKeyType(p: Binding, keyType: number): SigningAlgorithm | undefined {
  if (keyType === p.CKK_EC) return 'ES256';
  if (keyType === CKK_EC_EDWARDS) return 'EdDSA';
  if (keyType === p.CKK_RSA) return 'RS256';
  return undefined;
}

/** CKA_EC_POINT is a DER OCTET STRING by the standard; some tokens hand out the bare point. */
function unwrapOctetString(value: Buffer, size: number): Buffer {
  if (value.length === size) return value;
  if (value.length === size + 2 && value[0] === 0x04 && value[1] === size) return value.subarray(2);
  throw new StintError('ERR_PKCS11_FAILED', `the token returned a public point of ${value.length} bytes`);
}

/** The token refused the PIN (not: the PIN variable is unset, which is checked before any token is opened). */
function isPinRefusal(error: unknown): error is StintError {
  return error instanceof StintError && error.code === 'ERR_PKCS11_PIN';
}

function returnCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** `CKR_PIN_INCORRECT` and the like: the PKCS#11 return code's name, never a PIN or key material. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
