import { createHmac, type KeyObject } from 'node:crypto';
import { signJws } from '../lib/jws-crypto.js';
import { readPrivateKey } from './profiles.js';
import type { JwtProfile, SignableRequest, SignDeps } from './types.js';

/**
 * A fresh JWT for each request (never stored): the profile's claims plus `jti` (random), `iat`
 * and `exp` (iat + ttl), signed with the newest key.
 *
 * Signed with node:crypto directly (createHmac for HS*, src/lib/jws-crypto.ts for the others),
 * with the encoded header made once per profile: a JWT is one HMAC over a few hundred bytes, and
 * building it through jose and WebCrypto cost seven times the HMAC (issue 18). The tokens are the
 * same compact JWS; the jwt tests verify them with jose.
 *
 * @example
 * jwtHeaders(profile, request, deps) // → { Authorization: 'Bearer eyJ…' }
 */
export function jwtHeaders(profile: JwtProfile, _request: SignableRequest, deps: SignDeps): Record<string, string> {
  const signer = signerOf(profile);
  const iat = Math.floor(deps.now() / 1000);
  const claims = { ...profile.claims, jti: deps.randomBytes(16).toString('base64url'), iat, exp: iat + profile.ttl };
  const input = `${signer.header}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
  return { [profile.header]: `${profile.scheme}${input}.${signer.sign(input)}` };
}

interface JwtSigner {
  /** The encoded protected header, the same for every token of the profile. */
  header: string;
  /** The base64url signature over the signing input. */
  sign(input: string): string;
}

// Reading a PEM per request would cost more than the signature: once per profile.
const signers = new WeakMap<JwtProfile, JwtSigner>();

function signerOf(profile: JwtProfile): JwtSigner {
  let signer = signers.get(profile);
  if (signer === undefined) {
    const header = { alg: profile.alg, typ: 'JWT', ...(profile.kid === undefined ? {} : { kid: profile.kid }) };
    const encoded = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
    const keyText = profile.keys[0] as string;
    if (profile.alg.startsWith('HS')) {
      const digest = `sha${profile.alg.slice(2)}`;
      const secret = Buffer.from(keyText);
      signer = { header: encoded, sign: (input) => createHmac(digest, secret).update(input).digest('base64url') };
    } else {
      const key: KeyObject = readPrivateKey(keyText);
      const alg = profile.alg;
      signer = {
        header: encoded,
        sign: (input) => signJws(alg, key, Buffer.from(input, 'ascii')).toString('base64url'),
      };
    }
    signers.set(profile, signer);
  }
  return signer;
}
