import type { KeyObject } from 'node:crypto';
import { readPrivateKey } from './profiles.js';
import type { JwtProfile, SignableRequest, SignDeps } from './types.js';

/**
 * A fresh JWT for each request (never stored): the profile's claims plus `iat`, `exp` (iat + ttl)
 * and a random `jti`, signed with the newest key. jose is loaded only when a jwt profile signs.
 *
 * @example
 * await jwtHeaders(profile, request, deps) // → { Authorization: 'Bearer eyJ…' }
 */
export async function jwtHeaders(profile: JwtProfile, _request: SignableRequest, deps: SignDeps): Promise<Record<string, string>> {
  const { SignJWT } = await import('jose');
  const iat = Math.floor(deps.now() / 1000);
  const claims = { ...profile.claims, jti: deps.randomBytes(16).toString('base64url') } as import('jose').JWTPayload;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: profile.alg, typ: 'JWT', ...(profile.kid === undefined ? {} : { kid: profile.kid }) })
    .setIssuedAt(iat)
    .setExpirationTime(iat + profile.ttl)
    .sign(signingKey(profile));
  return { [profile.header]: `${profile.scheme}${token}` };
}

const keyCache = new WeakMap<JwtProfile, KeyObject | Uint8Array>();

function signingKey(profile: JwtProfile): KeyObject | Uint8Array {
  let key = keyCache.get(profile);
  if (key === undefined) {
    const text = profile.keys[0] as string;
    key = profile.alg.startsWith('HS') ? new Uint8Array(Buffer.from(text)) : readPrivateKey(text);
    keyCache.set(profile, key);
  }
  return key;
}
