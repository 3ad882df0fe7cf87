import { type CryptoKey, importJWK, type JWK } from 'jose';
import type { NowInput } from '../lib/clock.js';
import { StintError } from '../lib/errors.js';
import { STINT_TOKEN_ALGS, type StintAccessClaims, verifyStintAccessToken } from '../lib/stint-token.js';
import type { KeySet } from './keyset.js';

/** The claims of a stint access token (docs/architecture.md#one-exchange-step-by-step, step 7). */
export type AccessTokenClaims = StintAccessClaims;

export interface VerifyOptions {
  keySet: KeySet;
  /** The broker's issuer; `iss` must equal it. */
  issuer: string;
  /** When given, `aud` must contain it. */
  audience?: string;
  /** Epoch ms or a clock; default Date.now. */
  now?: NowInput;
}

const importedKeys = new Map<string, Promise<CryptoKey>>();

/**
 * Verifies a stint access token against the broker's own published keys, with the one stint-token
 * verification (src/lib/stint-token.ts): the key its kid names, with that key's alg (never the alg
 * the token asks for), and `exp` read strictly by the broker's own clock, so introspection never
 * calls an expired token active. Revocation is the caller's check (the store).
 * Throws StintError `ERR_TOKEN_EXPIRED` for an expired token, `ERR_TOKEN_INVALID` for anything else.
 *
 * @example
 * const claims = await verifyAccessToken(bearer, { keySet, issuer: 'https://stint.example.com' });
 * if (await store.isRevoked(claims.jti)) throw ...;
 */
export async function verifyAccessToken(token: string, options: VerifyOptions): Promise<AccessTokenClaims> {
  return verifyStintAccessToken(token, {
    key: async (header) => {
      const jwk = typeof header.kid === 'string' ? options.keySet.publicKey(header.kid) : undefined;
      if (jwk === undefined || typeof jwk.alg !== 'string') throw invalid('it is signed by an unknown or retired key');
      if (header.alg !== jwk.alg) throw invalid(`its alg ${String(header.alg)} is not the alg of key ${header.kid}`);
      return publicKey(jwk);
    },
    issuer: options.issuer,
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    // The resolver above pins each token to its key's own alg.
    algorithms: STINT_TOKEN_ALGS,
    ...(options.now === undefined ? {} : { now: options.now }),
    expiry: 'strict',
  });
}

function invalid(reason: string): StintError {
  return new StintError('ERR_TOKEN_INVALID', `stint token rejected: ${reason}`);
}

/** A kid is the key's thumbprint, so a kid always names the same key: imports are cached for good. */
function publicKey(jwk: JWK): Promise<CryptoKey> {
  const cacheKey = `${jwk.alg}:${jwk.kid}`;
  let key = importedKeys.get(cacheKey);
  if (key === undefined) {
    key = importJWK(jwk, jwk.alg) as Promise<CryptoKey>;
    importedKeys.set(cacheKey, key);
    key.catch(() => importedKeys.delete(cacheKey));
  }
  return key;
}
