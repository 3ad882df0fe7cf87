import {
  type CryptoKey,
  decodeProtectedHeader,
  errors,
  importJWK,
  type JWK,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import { type NowInput, nowMs } from '../lib/clock.js';
import { CLOCK_SKEW_SEC } from '../lib/clock-skew.js';
import { StintError } from '../lib/errors.js';
import type { KeySet } from './keyset.js';

/** The claims of a stint access token (docs/architecture.md#one-exchange-step-by-step, step 7). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  client_id: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  /** Space-separated. */
  scope: string;
  project: string;
  ci: Record<string, string>;
}

export interface VerifyOptions {
  keySet: KeySet;
  /** The broker's issuer; `iss` must equal it. */
  issuer: string;
  /** When given, `aud` must contain it. */
  audience?: string;
  /** Epoch ms or a clock; default Date.now. */
  now?: NowInput;
}

/** Far above any token we mint; refuses junk before any parsing work. */
const MAX_TOKEN_LENGTH = 16_384;

const importedKeys = new Map<string, Promise<CryptoKey>>();

/**
 * Verifies a stint access token against the broker's own published keys: typ `at+jwt`, the alg
 * of the key its kid names (never the alg the token asks for), the signature, `iss`, `aud`
 * when given, and exp/nbf/iat with ≤ 60 s skew. Revocation is the caller's check (the store).
 * Throws StintError `ERR_TOKEN_EXPIRED` for an expired token, `ERR_TOKEN_INVALID` for anything else.
 *
 * @example
 * const claims = await verifyAccessToken(bearer, { keySet, issuer: 'https://stint.example.com' });
 * if (await store.isRevoked(claims.jti)) throw ...;
 */
export async function verifyAccessToken(token: string, options: VerifyOptions): Promise<AccessTokenClaims> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw invalid('it is empty or longer than 16 KiB');
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw invalid('it is not a JWT');
  }
  // Our tokens never carry keys or key locations; one that does was not made by us.
  for (const field of ['jwk', 'jku', 'x5u', 'x5c'] as const) {
    if (header[field] !== undefined) throw invalid(`its header carries "${field}"`);
  }
  if (typeof header.kid !== 'string') throw invalid('its header has no kid');
  const jwk = options.keySet.publicKey(header.kid);
  if (jwk === undefined || typeof jwk.alg !== 'string') throw invalid('it is signed by an unknown or retired key');
  if (header.alg !== jwk.alg) throw invalid(`its alg ${String(header.alg)} is not the alg of key ${header.kid}`);

  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await publicKey(jwk), {
      algorithms: [jwk.alg],
      typ: 'at+jwt',
      issuer: options.issuer,
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      clockTolerance: CLOCK_SKEW_SEC,
      currentDate: new Date(nowMs(options.now)),
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new StintError('ERR_TOKEN_EXPIRED', 'stint token rejected: it has expired; request a new one', {
        cause: error,
      });
    }
    if (error instanceof errors.JOSEError) throw invalid(error.message, error);
    throw error;
  }
  const { client_id, scope, project, ci, iat } = payload;
  if (typeof client_id !== 'string' || typeof scope !== 'string' || typeof project !== 'string') {
    throw invalid('it lacks client_id, scope or project');
  }
  if (
    ci === null ||
    typeof ci !== 'object' ||
    Array.isArray(ci) ||
    Object.values(ci).some((v) => typeof v !== 'string')
  ) {
    throw invalid('its ci claim is not an object of strings');
  }
  if (typeof iat !== 'number' || iat > nowMs(options.now) / 1000 + CLOCK_SKEW_SEC) {
    throw invalid('it was issued in the future');
  }
  return payload as unknown as AccessTokenClaims;
}

function invalid(reason: string, cause?: unknown): StintError {
  return new StintError('ERR_TOKEN_INVALID', `stint token rejected: ${reason}`, { cause });
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
