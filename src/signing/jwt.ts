import { webcrypto } from 'node:crypto';
import { readPrivateKey } from './profiles.js';
import type { JwtAlg, JwtProfile, SignableRequest, SignDeps } from './types.js';

/**
 * A fresh JWT for each request (never stored): the profile's claims plus `iat`, `exp` (iat + ttl)
 * and a random `jti`, signed with the newest key. jose is loaded only when a jwt profile signs.
 *
 * @example
 * await jwtHeaders(profile, request, deps) // → { Authorization: 'Bearer eyJ…' }
 */
export async function jwtHeaders(
  profile: JwtProfile,
  _request: SignableRequest,
  deps: SignDeps,
): Promise<Record<string, string>> {
  const { SignJWT } = await import('jose');
  const iat = Math.floor(deps.now() / 1000);
  const claims = { ...profile.claims, jti: deps.randomBytes(16).toString('base64url') } as import('jose').JWTPayload;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: profile.alg, typ: 'JWT', ...(profile.kid === undefined ? {} : { kid: profile.kid }) })
    .setIssuedAt(iat)
    .setExpirationTime(iat + profile.ttl)
    .sign(await signingKey(profile));
  return { [profile.header]: `${profile.scheme}${token}` };
}

// jose signs with WebCrypto keys; importing one per request would cost more than the signature.
const keyCache = new WeakMap<JwtProfile, Promise<webcrypto.CryptoKey>>();

function signingKey(profile: JwtProfile): Promise<webcrypto.CryptoKey> {
  let key = keyCache.get(profile);
  if (key === undefined) {
    key = importKey(profile.alg, profile.keys[0] as string);
    keyCache.set(profile, key);
  }
  return key;
}

async function importKey(alg: JwtAlg, text: string): Promise<webcrypto.CryptoKey> {
  if (alg.startsWith('HS')) {
    return webcrypto.subtle.importKey('raw', Buffer.from(text), { name: 'HMAC', hash: `SHA-${alg.slice(2)}` }, false, [
      'sign',
    ]);
  }
  // PEM of any kind (PKCS#8, PKCS#1, SEC1) or JWK → PKCS#8 for jose.
  const { importPKCS8 } = await import('jose');
  const pkcs8 = readPrivateKey(text).export({ format: 'pem', type: 'pkcs8' }).toString();
  return importPKCS8(pkcs8, alg);
}
