import type { CryptoKey } from 'jose';
import { StintError } from '../lib/errors.js';
import { keyObjectOf, signJws } from '../lib/jws-crypto.js';

/**
 * The one thing the exchange and the mTLS CA need from a signing key: sign these bytes. Keys in
 * files (src/tokens/keyset.ts) and keys in a PKCS#11 token (src/tokens/pkcs11-keyset.ts) are its
 * two implementations; a cloud KMS API would be a third, beside them, and nothing that mints a
 * token or issues a certificate would change.
 *
 * Signatures come back in JWS form (RFC 7518 §3): ES256 is the 64-byte r‖s, EdDSA the 64-byte
 * Ed25519 signature, RS256 the PKCS#1 v1.5 signature. X.509 wants ECDSA as DER: `ecdsaDer` converts.
 */
export type SigningAlgorithm = 'EdDSA' | 'ES256' | 'RS256';

export interface Signer {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** Signs `data` (hashing it as `alg` says) and resolves with the signature in JWS form. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * A signer over a private key held in this process (a file key; imported extractable, since Node 24
 * deprecates making a KeyObject of a non-extractable one). It
 * signs with node:crypto on the calling thread (src/lib/jws-crypto.ts): a WebCrypto signature is
 * a thread-pool job and a promise, which cost the broker more than the signature.
 *
 * @example
 * const signer = cryptoKeySigner(kid, 'ES256', await importPKCS8(pem, 'ES256', { extractable: true }));
 */
export function cryptoKeySigner(kid: string, alg: SigningAlgorithm, key: CryptoKey): Signer {
  const keyObject = keyObjectOf(key);
  return {
    kid,
    alg,
    async sign(data) {
      return signJws(alg, keyObject, data);
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
export async function signCompactJws(
  signer: Signer,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): Promise<string> {
  const input = `${encodedHeader(signer, header)}.${base64url(JSON.stringify(claims))}`;
  const signature = await signer.sign(Buffer.from(input, 'ascii'));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

/** The last header each signer encoded, with what it was encoded from: every token a broker mints has the same one. */
const encodedHeaders = new WeakMap<
  Signer,
  { header: Readonly<Record<string, unknown>>; alg: string; kid: string; encoded: string }
>();

/**
 * The protected header `{...header, alg, kid}`, base64url-encoded. A frozen header of strings
 * cannot change once encoded, so its text is kept per signer (with the alg and kid it was made
 * with) and reused while the same header comes back; any other header is encoded each time.
 */
function encodedHeader(signer: Signer, header: Record<string, unknown>): string {
  const kept = encodedHeaders.get(signer);
  if (kept !== undefined && kept.header === header && kept.alg === signer.alg && kept.kid === signer.kid)
    return kept.encoded;
  const encoded = base64url(JSON.stringify({ ...header, alg: signer.alg, kid: signer.kid }));
  if (Object.isFrozen(header) && Object.values(header).every((value) => typeof value === 'string'))
    encodedHeaders.set(signer, { header, alg: signer.alg, kid: signer.kid, encoded });
  return encoded;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * A JWS ECDSA signature (r‖s, each `size` bytes) as the DER `Ecdsa-Sig-Value` X.509 carries.
 *
 * @example
 * const der = ecdsaDer(await signer.sign(tbs)); // for a certificate's signatureValue
 */
export function ecdsaDer(raw: Uint8Array, size = 32): Buffer {
  if (raw.length !== size * 2) {
    throw new StintError('ERR_SIGNER_FAILED', `an ECDSA signature of ${raw.length} bytes is not r‖s of ${size} each`);
  }
  const integer = (bytes: Uint8Array): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    const body = Buffer.from(bytes.subarray(start));
    const value = (body[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body;
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, size)), integer(raw.subarray(size))]);
  return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}
