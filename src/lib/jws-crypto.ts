import {
  constants,
  KeyObject,
  type SignKeyObjectInput,
  sign,
  type VerifyKeyObjectInput,
  verify,
  type webcrypto,
} from 'node:crypto';

/**
 * JWS signatures (RFC 7518 §3) computed with node:crypto directly: synchronous, on the calling
 * thread. WebCrypto (which jose uses) runs every signature as a job on libuv's thread pool and
 * resolves a promise for it; on the broker's hot path that hop cost more than the signature
 * itself (issue 18). Keys are chosen and imported elsewhere (jose's JWKS matching, the key set);
 * this only computes and checks signatures.
 */

interface AlgorithmParams {
  /** Digest name, or null for EdDSA (the curve hashes). */
  hash: string | null;
  /** RSASSA-PSS with the salt as long as the digest. */
  pss?: boolean;
  /** ECDSA as r‖s (JWS), not DER. */
  ecdsa?: boolean;
  rsa?: boolean;
  /** The key types (node:crypto `asymmetricKeyType`) this algorithm is defined for. */
  keyTypes: readonly string[];
  /** For ECDSA, the one curve the algorithm names (RFC 7518 §3.4). */
  curve?: string;
}

const RSA = ['rsa'];
const RSA_PSS = ['rsa', 'rsa-pss'];

const ALGORITHMS: Record<string, AlgorithmParams> = {
  RS256: { hash: 'sha256', rsa: true, keyTypes: RSA },
  RS384: { hash: 'sha384', rsa: true, keyTypes: RSA },
  RS512: { hash: 'sha512', rsa: true, keyTypes: RSA },
  PS256: { hash: 'sha256', rsa: true, pss: true, keyTypes: RSA_PSS },
  PS384: { hash: 'sha384', rsa: true, pss: true, keyTypes: RSA_PSS },
  PS512: { hash: 'sha512', rsa: true, pss: true, keyTypes: RSA_PSS },
  ES256: { hash: 'sha256', ecdsa: true, keyTypes: ['ec'], curve: 'prime256v1' },
  ES384: { hash: 'sha384', ecdsa: true, keyTypes: ['ec'], curve: 'secp384r1' },
  ES512: { hash: 'sha512', ecdsa: true, keyTypes: ['ec'], curve: 'secp521r1' },
  EdDSA: { hash: null, keyTypes: ['ed25519', 'ed448'] },
  Ed25519: { hash: null, keyTypes: ['ed25519'] },
};

/** Whether `alg` is an asymmetric JWS algorithm this module signs and verifies. */
export function isJwsAlgorithm(alg: string): boolean {
  return Object.hasOwn(ALGORITHMS, alg);
}

const keyObjects = new WeakMap<object, KeyObject>();

/**
 * The node:crypto KeyObject of a WebCrypto CryptoKey (as jose imports them), converted once and
 * cached for the key's lifetime. A KeyObject passes through.
 */
export function keyObjectOf(key: webcrypto.CryptoKey | KeyObject): KeyObject {
  if (key instanceof KeyObject) return key;
  let converted = keyObjects.get(key);
  if (converted === undefined) {
    converted = KeyObject.from(key);
    keyObjects.set(key, converted);
  }
  return converted;
}

/** The alg each key last passed the checks below for: a signing key is checked once, not per token. */
const checkedFor = new WeakMap<KeyObject, string>();

function params(alg: string, key: KeyObject): AlgorithmParams {
  const found = Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
  if (found === undefined) throw new TypeError(`alg ${alg} is not an asymmetric JWS algorithm`);
  if (checkedFor.get(key) === alg) return found;
  // The key must be of the algorithm's own type (and curve): node:crypto would sign ES256 with a
  // P-384 key, or EdDSA with an RSA key, and verify the result; JWS does not allow either.
  const type = key.asymmetricKeyType ?? '';
  if (!found.keyTypes.includes(type))
    throw new TypeError(`${alg} requires a ${found.keyTypes.join(' or ')} key, not ${type || 'a secret key'}`);
  if (found.curve !== undefined && key.asymmetricKeyDetails?.namedCurve !== found.curve)
    throw new TypeError(`${alg} requires a key on curve ${found.curve}`);
  // As jose refuses them: RSA keys shorter than 2048 bits are not safe to trust or to sign with.
  if (found.rsa && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
  checkedFor.set(key, alg);
  return found;
}

function keyInput<T extends SignKeyObjectInput | VerifyKeyObjectInput>(key: KeyObject, p: AlgorithmParams): T {
  if (p.pss)
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } as T;
  if (p.ecdsa) return { key, dsaEncoding: 'ieee-p1363' } as T;
  return { key } as T;
}

/**
 * Checks a JWS signature over `data` (the ASCII of `header.payload`). False for a signature that
 * does not verify, including one of the wrong length; throws TypeError for an algorithm it does
 * not know or an RSA key under 2048 bits.
 *
 * @example
 * const [h, p, s] = jwt.split('.');
 * verifyJwsSignature('RS256', key, Buffer.from(`${h}.${p}`), Buffer.from(s, 'base64url')) // true
 */
export function verifyJwsSignature(alg: string, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const p = params(alg, key);
  try {
    return verify(p.hash, data, keyInput<VerifyKeyObjectInput>(key, p), signature);
  } catch {
    // node:crypto throws on some malformed signatures (an ECDSA one of the wrong size): not valid either.
    return false;
  }
}

/**
 * Signs `data` as JWS `alg` says and returns the signature in JWS form (ES256: 64-byte r‖s).
 *
 * @example
 * const signature = signJws('ES256', privateKey, Buffer.from(`${header}.${payload}`));
 */
export function signJws(alg: string, key: KeyObject, data: Uint8Array): Buffer {
  const p = params(alg, key);
  return sign(p.hash, data, keyInput<SignKeyObjectInput>(key, p));
}
