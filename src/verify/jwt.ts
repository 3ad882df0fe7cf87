import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { StintError } from '../lib/errors.js';
import type { JwtAlg } from '../signing/types.js';

// The public types below name no jose type: jose is bundled into dist/verify, not a dependency a
// receiver installs, so the declarations must compile without it.

/** The claims of a verified JWT (RFC 7519): the registered ones and whatever else it carries. */
export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  jti?: string;
  nbf?: number;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

export interface VerifyJwtOptions {
  /** The algorithms accepted; required, so a token cannot pick its own (no `none`, no HS/RS confusion). */
  algorithms: readonly JwtAlg[];
  /**
   * The verification key(s), newest first: public keys (PEM, JWK, KeyObject) or HS shared secrets
   * (string or bytes). During rotation a token signed by any of them passes.
   */
  keys: readonly (string | Uint8Array | KeyObject | JsonWebKey)[];
  issuer?: string;
  audience?: string | string[];
  subject?: string;
  /** Refuse tokens whose exp - iat is longer than this (default 3600, stint's jwt ttl ceiling). */
  maxLifetimeSec?: number;
  /** Allowed clock difference in seconds (default 30). */
  clockToleranceSec?: number;
  /**
   * Replay protection: called with each verified token's `jti` and `exp`; return true when that
   * jti was already seen (the verifier then refuses it). Keep seen ids until their `exp`.
   */
  seen?: (jti: string, exp: number) => boolean | Promise<boolean>;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
}

/**
 * Verifies a JWT from a `jwt` signing profile (or any JWT signed with known keys) with jose:
 * signature, algorithm allow-list, `exp`/`iat`/`nbf`, issuer, audience, lifetime and `jti`
 * replay. Throws StintError ERR_TOKEN_INVALID, ERR_TOKEN_EXPIRED or ERR_TOKEN_REPLAYED.
 *
 * @example
 * const claims = await verifyJwt(req.headers.authorization!.slice(7), { algorithms: ['EdDSA'], keys: [publicKeyPem], audience: 'deploy-api' });
 */
export async function verifyJwt(token: string, options: VerifyJwtOptions): Promise<JwtClaims> {
  if (options.keys.length === 0 || options.algorithms.length === 0)
    throw new StintError('ERR_VERIFY_CONFIG', 'verifyJwt needs at least one key and one algorithm');
  const { jwtVerify } = await import('jose');
  const verifyOptions = joseOptions(options);
  let lastError: unknown;
  for (const key of options.keys) {
    try {
      const { payload } = await jwtVerify(token, toKey(key, options.algorithms), verifyOptions);
      await checkPayload(payload, options);
      return payload;
    } catch (error) {
      if (error instanceof StintError) throw error;
      lastError = error;
      // A signature mismatch, or a key of another type (EdDSA after ES256 during a rotation),
      // is worth trying the next key for; anything else (expired, wrong audience) is final.
      const code = (error as { code?: string }).code;
      if (
        code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' &&
        !(error instanceof TypeError || code === 'ERR_JOSE_NOT_SUPPORTED')
      )
        break;
    }
  }
  throw toStintError(lastError);
}

export interface VerifyStintTokenOptions {
  /** The broker's issuer URL (the `iss` of its tokens). */
  issuer: string;
  /** The project's audience (`aud`), e.g. `https://api.warehouse.example.com` or `stint:warehouse`. */
  audience: string;
  /** The broker's JWKS URL; default `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** A JWKS to use instead of fetching one (tests, air-gapped receivers). */
  jwks?: { keys: JsonWebKey[] };
  /** Scopes the token must all carry. */
  requiredScopes?: readonly string[];
  clockToleranceSec?: number;
  now?: () => number;
}

/** What a stint access token (RFC 9068) carries (docs/architecture.md#one-exchange-step-by-step, step 7). */
export interface StintTokenClaims extends JwtClaims {
  scope: string;
  project: string;
  client_id: string;
  ci?: Record<string, string | undefined>;
}

const remoteSets = new Map<string, JWTVerifyGetKey>();

/**
 * Verifies a stint access token against the broker's JWKS (fetched with jose's
 * createRemoteJWKSet, cached per URL and refetched for an unknown `kid`, so key rotation just
 * works): `typ` at+jwt, EdDSA/ES256/RS256, issuer, audience, expiry, scopes. It does not know
 * about revocation; ask the broker's `/oauth2/introspect` when that matters.
 * Throws StintError ERR_TOKEN_INVALID, ERR_TOKEN_EXPIRED or ERR_TOKEN_SCOPE.
 *
 * @example
 * const claims = await verifyStintToken(bearer, { issuer: 'https://stint.example.com', audience: 'stint:warehouse', requiredScopes: ['deploy'] });
 */
export async function verifyStintToken(token: string, options: VerifyStintTokenOptions): Promise<StintTokenClaims> {
  const { jwtVerify, createLocalJWKSet, createRemoteJWKSet } = await import('jose');
  let keys: JWTVerifyGetKey;
  if (options.jwks !== undefined) {
    keys = createLocalJWKSet(options.jwks as JSONWebKeySet);
  } else {
    const url = options.jwksUrl ?? `${options.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
    keys = remoteSets.get(url) ?? createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 10_000 });
    remoteSets.set(url, keys);
  }
  let payload: JwtClaims;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['EdDSA', 'ES256', 'RS256'],
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      clockTolerance: options.clockToleranceSec ?? 30,
      ...(options.now === undefined ? {} : { currentDate: new Date(options.now()) }),
    }));
  } catch (error) {
    throw toStintError(error);
  }
  if (typeof payload.scope !== 'string' || typeof payload.project !== 'string') {
    throw new StintError('ERR_TOKEN_INVALID', 'the token is not a stint access token (no scope or project claim)');
  }
  const granted = new Set(payload.scope.split(' '));
  const missing = (options.requiredScopes ?? []).filter((s) => !granted.has(s));
  if (missing.length > 0)
    throw new StintError(
      'ERR_TOKEN_SCOPE',
      `the token lacks scope ${missing.join(', ')} (it has: ${payload.scope || 'none'})`,
    );
  return payload as StintTokenClaims;
}

function joseOptions(options: VerifyJwtOptions): JWTVerifyOptions {
  return {
    algorithms: [...options.algorithms],
    requiredClaims: ['exp', 'iat'],
    clockTolerance: options.clockToleranceSec ?? 30,
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(options.now === undefined ? {} : { currentDate: new Date(options.now()) }),
  };
}

async function checkPayload(payload: JwtClaims, options: VerifyJwtOptions): Promise<void> {
  const nowSec = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const tolerance = options.clockToleranceSec ?? 30;
  // jose accepts an iat in the future; refused here, or exp - iat would not bound how long the token works.
  if ((payload.iat as number) > nowSec + tolerance)
    throw new StintError(
      'ERR_TOKEN_INVALID',
      `the token is issued in the future (iat ${payload.iat as number}, now ${nowSec})`,
    );
  const lifetime = (payload.exp as number) - Math.min(payload.iat as number, nowSec);
  const max = options.maxLifetimeSec ?? 3600;
  if (lifetime > max)
    throw new StintError('ERR_TOKEN_INVALID', `the token lives ${lifetime} s, longer than the ${max} s allowed`);
  if (options.seen !== undefined) {
    if (typeof payload.jti !== 'string')
      throw new StintError('ERR_TOKEN_INVALID', 'the token has no jti, so a replay cannot be detected');
    if (await options.seen(payload.jti, payload.exp as number))
      throw new StintError('ERR_TOKEN_REPLAYED', 'the token was already used (same jti)');
  }
}

function toKey(
  key: string | Uint8Array | KeyObject | JsonWebKey,
  algorithms: readonly JwtAlg[],
): KeyObject | Uint8Array {
  const symmetric = algorithms.every((a) => a.startsWith('HS'));
  if (typeof key === 'string') {
    if (symmetric) return new Uint8Array(Buffer.from(key));
    return key.trim().startsWith('{')
      ? createPublicKey({ key: JSON.parse(key) as JsonWebKey, format: 'jwk' })
      : createPublicKey(key);
  }
  if (key instanceof Uint8Array) return key;
  if ('asymmetricKeyType' in key || 'symmetricKeySize' in key) {
    const object = key as KeyObject;
    return object.type === 'private' ? createPublicKey(object) : object;
  }
  const jwk = key as JsonWebKey;
  if (jwk.kty === 'oct') return createSecretKey(Buffer.from(jwk.k ?? '', 'base64url'));
  return createPublicKey({ key: jwk, format: 'jwk' });
}

/** jose's error codes become ours; the message says what failed, never the token. */
function toStintError(error: unknown): StintError {
  const code = (error as { code?: string } | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_JWT_EXPIRED') return new StintError('ERR_TOKEN_EXPIRED', 'the token has expired', { cause: error });
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
    return new StintError('ERR_TOKEN_INVALID', 'the token signature does not verify with any trusted key', {
      cause: error,
    });
  if (code === 'ERR_JWKS_NO_MATCHING_KEY')
    return new StintError('ERR_TOKEN_INVALID', 'no key in the JWKS matches the token (kid/alg)', { cause: error });
  if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC')
    return new StintError('ERR_JWKS_UNAVAILABLE', `could not fetch the JWKS: ${detail}`, { cause: error });
  return new StintError('ERR_TOKEN_INVALID', `the token is not valid: ${detail}`, { cause: error });
}
