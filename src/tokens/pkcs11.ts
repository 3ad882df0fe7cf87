import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';
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
 * call opens a new one and logs in again; while that fails, calls throw ERR_PKCS11_SESSION.
 */

export interface Pkcs11Config {
  /** Path of the vendor's PKCS#11 library. */
  module: string;
  /** The token's label. */
  token: string;
  /** Name of the environment variable that holds the user PIN. */
  pin_env: string;
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
          `keys.pkcs11 needs the PKCS#11 binding pkcs11js, which is not installed or did not build (${(error as Error).message}); run \`npm install pkcs11js\` beside stint (it builds with node-gyp: python3, make, g++)`,
          { cause: error },
        );
      },
    );
  return bindingPromise;
}

/** Libraries already loaded and initialised in this process, by path: C_Initialize is once per process. */
const libraries = new Map<string, Pkcs11js.PKCS11>();

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
      `the environment variable ${config.pin_env} (keys.pkcs11.pin_env) is not set; set it to the user PIN of token ${config.token}`,
    );
  }
  const binding = await loadBinding();
  const library = await loadLibrary(binding, config.module);
  const token = new Pkcs11Token(binding, library, config, pin);
  token.connect();
  token.requireMechanisms(algorithms);
  return token;
}

async function loadLibrary(binding: Binding, path: string): Promise<Pkcs11js.PKCS11> {
  const loaded = libraries.get(path);
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
  try {
    library.C_Initialize();
  } catch (error) {
    if (returnCode(error) !== binding.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      throw new StintError('ERR_PKCS11_MODULE', `${path}: C_Initialize failed: ${describe(error)}`, { cause: error });
    }
  }
  libraries.set(path, library);
  return library;
}

export class Pkcs11Token {
  private session: Handle | undefined;
  private slot: Handle | undefined;
  /** Private-key handles by CKA_ID; handles die with the session, so a reconnect clears them. */
  private readonly privateHandles = new Map<string, Handle>();

  constructor(
    private readonly binding: Binding,
    private readonly library: Pkcs11js.PKCS11,
    readonly config: Pkcs11Config,
    private readonly pin: string,
  ) {}

  /** `pkcs11:<token label>`, for messages. */
  get where(): string {
    return `pkcs11:${this.config.token}`;
  }

  /** True while the broker holds a logged-in session. */
  get connected(): boolean {
    return this.session !== undefined;
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
    const slot = slots.find((candidate) => {
      const label = library.C_GetTokenInfo(candidate).label.trim();
      labels.push(label);
      return label === this.config.token;
    });
    if (slot === undefined) {
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
  }

  /** Closes the session (the library stays loaded: other key sets in this process may use it). */
  disconnect(): void {
    const session = this.session;
    this.session = undefined;
    this.privateHandles.clear();
    if (session === undefined) return;
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
        [...common, { type: p.CKA_PRIVATE, value: false }, { type: p.CKA_VERIFY, value: true }, ...publicParams],
        [
          ...common,
          { type: p.CKA_PRIVATE, value: true },
          { type: p.CKA_SENSITIVE, value: true },
          { type: p.CKA_EXTRACTABLE, value: false },
          { type: p.CKA_SIGN, value: true },
          { type: p.CKA_DECRYPT, value: false },
          { type: p.CKA_DERIVE, value: false },
        ],
      ),
    );
    this.privateHandles.set(id, pair.privateKey);
    return this.call('C_GetAttributeValue', (session) => this.publicKeyOf(session, pair.publicKey, alg));
  }

  /** Every key pair whose public key's label starts with `labelPrefix`. */
  findKeys(labelPrefix: string): TokenKey[] {
    const p = this.binding;
    return this.call('C_FindObjects', (session) => {
      const privateIds = new Set(
        this.find(session, [{ type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY }]).map((handle) =>
          this.idOf(session, handle),
        ),
      );
      const keys: TokenKey[] = [];
      for (const handle of this.find(session, [{ type: p.CKA_CLASS, value: p.CKO_PUBLIC_KEY }])) {
        const [label, id, keyType] = this.library.C_GetAttributeValue(session, handle, [
          { type: p.CKA_LABEL },
          { type: p.CKA_ID },
          { type: p.CKA_KEY_TYPE },
        ]);
        const text = label!.value.toString('utf8');
        if (!text.startsWith(labelPrefix)) continue;
        const alg = algorithmOfKeyType(p, keyType!.value.readUInt32LE(0));
        if (alg === undefined) continue;
        const idText = id!.value.toString('utf8');
        keys.push({
          id: idText,
          label: text,
          alg,
          publicKey: this.publicKeyOf(session, handle, alg),
          hasPrivateKey: privateIds.has(idText),
        });
      }
      this.confirmPresent();
      return keys;
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
    if (this.session === undefined) this.reconnect(what);
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

  private reconnect(what: string): void {
    try {
      this.connect();
    } catch (error) {
      this.disconnect();
      if (error instanceof StintError && error.code === 'ERR_PKCS11_SESSION') throw error;
      throw new StintError(
        'ERR_PKCS11_SESSION',
        `lost the session with token ${this.config.token} and cannot open a new one for ${what}: ${(error as Error).message}`,
        { cause: error },
      );
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

  private idOf(session: Handle, handle: Handle): string {
    const [id] = this.library.C_GetAttributeValue(session, handle, [{ type: this.binding.CKA_ID }]);
    return id!.value.toString('utf8');
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

function returnCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** `CKR_PIN_INCORRECT` and the like: the PKCS#11 return code's name, never a PIN or key material. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
