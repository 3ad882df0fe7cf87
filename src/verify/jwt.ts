import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { JSONWebKeySet, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { StintError } from '../lib/errors.js';
import { fetchJsonObject } from '../lib/fetch-json.js';
import type { HttpClient } from '../lib/http.js';
import { createKeyCache } from '../lib/jwks-cache.js';
import { urlForMessage } from '../lib/url-credentials.js';
import { JWT_ALGS, type JwtAlg } from '../signing/types.js';
import { fetchedUrl, ONE_DAY, presentClaimOption, requiredString, secondsOption, verifyHttp } from './options.js';

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
  /**
   * The algorithms accepted; required, so a token cannot pick its own (no HS/RS confusion). Some of
   * HS256/384/512, RS256/384/512, PS256, ES256/384, EdDSA; anything else (`none` included) is
   * ERR_VERIFY_CONFIG.
   */
  algorithms: readonly JwtAlg[];
  /**
   * The verification key(s), newest first: public keys (PEM, JWK, KeyObject, or DER bytes or their
   * base64) or HS shared secrets (any other string or bytes, a JWK `oct`, a secret KeyObject).
   * During rotation a token signed by any of them passes, even across kinds (`algorithms:
   * ['ES256', 'HS256']`, `keys: [newPem, oldSecret]`). A public key in any of those forms is never
   * used as an HMAC secret; a JWKS text is refused (give its keys).
   */
  keys: readonly (string | Uint8Array | KeyObject | JsonWebKey)[];
  /**
   * The expected `iss`, `aud` (any of a list) and `sub`; each left out is not checked. An option
   * that is there but undefined or empty (a variable that is not set) is ERR_VERIFY_CONFIG.
   */
  issuer?: string;
  audience?: string | string[];
  subject?: string;
  /** Refuse tokens whose exp - iat is longer than this (default 3600, stint's jwt ttl ceiling; at most a day). */
  maxLifetimeSec?: number;
  /** Allowed clock difference in seconds (default 30, at most 3600). */
  clockToleranceSec?: number;
  /**
   * Replay protection: called once a token has passed every other check, with its `jti` and the
   * unix time until which it could still be accepted (`exp` + clockToleranceSec); return true
   * when that jti was already seen (the verifier then refuses it, ERR_TOKEN_REPLAYED). Keep seen
   * ids until that time: a store that forgot them at `exp` would let a replay through for the
   * tolerance after it.
   */
  seen?: (jti: string, keepUntil: number) => boolean | Promise<boolean>;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
}

/**
 * Verifies a JWT from a `jwt` signing profile (or any JWT signed with known keys) with jose:
 * signature, algorithm allow-list, `exp`/`iat`/`nbf`, issuer, audience, lifetime and `jti`
 * replay. Throws StintError ERR_TOKEN_INVALID, ERR_TOKEN_EXPIRED or ERR_TOKEN_REPLAYED, and
 * ERR_VERIFY_CONFIG for options that could not verify anything (no keys, an algorithm it does not
 * accept, a tolerance that is NaN).
 *
 * @example
 * const claims = await verifyJwt(req.headers.authorization!.slice(7), { algorithms: ['EdDSA'], keys: [publicKeyPem], audience: 'deploy-api' });
 */
export async function verifyJwt(token: string, options: VerifyJwtOptions): Promise<JwtClaims> {
  acceptedAlgorithms(options.algorithms);
  if (!Array.isArray(options.keys) || options.keys.length === 0)
    throw new StintError('ERR_VERIFY_CONFIG', 'verifyJwt needs at least one key and one algorithm');
  for (const claim of ['issuer', 'audience', 'subject'] as const)
    presentClaimOption(options, claim, `verifyJwt: ${claim}`);
  const limits = {
    maxLifetimeSec: secondsOption(options.maxLifetimeSec, 3600, 'verifyJwt: maxLifetimeSec', [1, ONE_DAY]),
    clockToleranceSec: secondsOption(options.clockToleranceSec, 30, 'verifyJwt: clockToleranceSec', [0, 3600]),
  };
  const keys = trustedKeys(options.keys, options.algorithms);
  const { decodeProtectedHeader, jwtVerify } = await import('jose');
  const verifyOptions = joseOptions(options, limits.clockToleranceSec);
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (error) {
    throw new StintError('ERR_TOKEN_INVALID', 'the token is not a JWS (its header does not decode)', { cause: error });
  }
  if (typeof alg !== 'string' || !(options.algorithms as readonly string[]).includes(alg))
    throw new StintError(
      'ERR_TOKEN_INVALID',
      // The header is not verified yet: its alg is named only when it looks like one.
      `the token is signed with ${typeof alg !== 'string' ? 'no alg' : /^[A-Za-z0-9+-]{1,16}$/.test(alg) ? alg : 'an unknown alg'}, not one of the accepted ${options.algorithms.join(', ')}`,
    );
  // Only keys of the token's family are tried: an HS token against the HMAC secrets, any other
  // against the public keys. A PEM is never an HMAC secret (trustedKeys), so a token MACed with a
  // published public key cannot pass.
  const candidates = keys.filter((key) => key.hmac === alg.startsWith('HS'));
  if (candidates.length === 0)
    throw new StintError(
      'ERR_TOKEN_INVALID',
      `the token is signed with ${alg}, and no trusted key is ${alg.startsWith('HS') ? 'an HMAC secret' : 'a public key'}`,
    );
  let lastError: unknown;
  for (const { key } of candidates) {
    try {
      const { payload } = await jwtVerify(token, key, verifyOptions);
      await checkPayload(payload, options, limits);
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
  const { claimMismatch, foundAfterSignature, notYetValid } = await import('../lib/stint-token.js');
  const nowSec = (options.now?.() ?? Date.now()) / 1000;
  const early = notYetValid(lastError, nowSec, limits.clockToleranceSec);
  if (early !== undefined) throw new StintError('ERR_TOKEN_INVALID', `the token ${early}`, { cause: lastError });
  throw toStintError(lastError, claimMismatch(lastError, options), foundAfterSignature(lastError));
}

export interface VerifyStintTokenOptions {
  /** The broker's issuer URL (the `iss` of its tokens). Required: missing or empty is ERR_VERIFY_CONFIG. */
  issuer: string;
  /**
   * The project's audience (`aud`), e.g. `https://api.warehouse.example.com` or `stint:warehouse`.
   * Required: missing or empty (a variable that is not set) is ERR_VERIFY_CONFIG, since without
   * it every project's tokens would pass.
   */
  audience: string;
  /** The broker's JWKS URL; default `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** A JWKS to use instead of fetching one (tests, air-gapped receivers). */
  jwks?: { keys: JsonWebKey[] };
  /** Scopes the token must all carry. */
  requiredScopes?: readonly string[];
  /**
   * The stint project(s) whose tokens this service accepts (the `project` claim). Needed when
   * several projects share this service's audience (`shared_audience: true` on the broker): the
   * audience alone then accepts every one of them.
   */
  project?: string | readonly string[];
  /** Tolerated clock difference with the broker, in seconds (default 60, as everywhere in stint). */
  clockToleranceSec?: number;
  /**
   * How long fetched keys are trusted before they are fetched again, in seconds (default 60,
   * from 10 to 86400). After `stint keys rotate --now` a dropped key stops verifying here within
   * this time.
   */
  jwksMaxAgeSec?: number;
  now?: () => number;
  /** The HTTP client for the JWKS (default: stint's, on node:http/https); tests hand in their own. */
  http?: HttpClient;
}

/** What a stint access token (RFC 9068) carries (docs/architecture.md#one-exchange-step-by-step, step 7). */
export interface StintTokenClaims extends JwtClaims {
  scope: string;
  project: string;
  client_id: string;
  ci?: Record<string, string | undefined>;
}

/** What to give for a missing issuer or audience, and what passing without it would let through. */
export const ISSUER_FIX =
  "give the broker's issuer URL (the iss of its tokens): without it a token's iss is not checked";
export const AUDIENCE_FIX =
  "give the audience of this service's stint project (default stint:<project>): without it every project's tokens would pass";

/** Default for `jwksMaxAgeSec`: a dropped key stops verifying within a minute, at one small fetch a minute. */
export const DEFAULT_JWKS_MAX_AGE_SEC = 60;
/** At most one JWKS fetch per URL in this window for unknown kids, whatever the tokens name. */
const JWKS_REFETCH_INTERVAL_MS = 10_000;

/**
 * `jwksMaxAgeSec`, from the refetch interval (10 s) to a day. Below the interval every request
 * would be a JWKS fetch, forged ones too (an amplifier pointed at the broker); NaN, from an
 * unset variable, would never refresh. Either is ERR_VERIFY_CONFIG.
 */
export function jwksMaxAge(value: number | undefined, caller: 'verifyStintToken' | 'protectedResource'): number {
  return secondsOption(value, DEFAULT_JWKS_MAX_AGE_SEC, `${caller}: jwksMaxAgeSec`, [
    JWKS_REFETCH_INTERVAL_MS / 1000,
    ONE_DAY,
  ]);
}
const JWKS_TIMEOUT_MS = 5_000;
const JWKS_MAX_BYTES = 256 * 1024;
const UNAVAILABLE = {
  unreachable: 'ERR_JWKS_UNAVAILABLE',
  tooLarge: 'ERR_JWKS_UNAVAILABLE',
  invalid: 'ERR_JWKS_UNAVAILABLE',
} as const;

const keyCache = createKeyCache();
/** A key set built once per fetched JWKS: importing keys for every token would be wasted work. */
const localSets = new WeakMap<JSONWebKeySet, JWTVerifyGetKey>();

/**
 * Verifies a stint access token against the broker's JWKS, with the same checks the broker
 * makes (src/lib/stint-token.ts): `typ` at+jwt, ES256/EdDSA/RS256, issuer, audience, times with
 * 60 s of skew, and the claims every stint token carries; then the scopes asked for.
 * The JWKS is fetched on first use and again for an unknown `kid` (at most once per 10 s) or
 * when older than `jwksMaxAgeSec` (default 60 s), so a key the broker dropped stops verifying
 * within that time. It does not know about revocation; ask the broker's `/oauth2/introspect`
 * when that matters.
 * Throws StintError ERR_TOKEN_INVALID (audience and issuer errors say expected vs got),
 * ERR_TOKEN_EXPIRED, ERR_TOKEN_PROJECT, ERR_TOKEN_SCOPE, or ERR_JWKS_UNAVAILABLE when the broker's keys cannot be
 * fetched: that is the service's outage, not a bad token, so answer 503 for it, not 401.
 * A missing or empty `issuer` or `audience` is ERR_VERIFY_CONFIG (a bug in the receiver: 500).
 *
 * @example
 * try {
 *   const claims = await verifyStintToken(bearer, { issuer: 'https://stint.example.com', audience: 'stint:warehouse', requiredScopes: ['deploy'] });
 * } catch (error) {
 *   // ERR_VERIFY_CONFIG is this service's set-up (a missing issuer or audience): a 500, never a 401.
 *   const status = error.code === 'ERR_VERIFY_CONFIG' ? 500 : error.code === 'ERR_JWKS_UNAVAILABLE' ? 503
 *     : error.code === 'ERR_TOKEN_SCOPE' ? 403 : 401;
 * }
 */
export async function verifyStintToken(token: string, options: VerifyStintTokenOptions): Promise<StintTokenClaims> {
  const issuer = requiredString(options.issuer, 'verifyStintToken: issuer', ISSUER_FIX);
  const audience = requiredString(options.audience, 'verifyStintToken: audience', AUDIENCE_FIX);
  const now = options.now ?? Date.now;
  const local = options.jwks as JSONWebKeySet | undefined;
  const url = jwksUrlOf(options, issuer, 'verifyStintToken');
  const maxAgeSec = jwksMaxAge(options.jwksMaxAgeSec, 'verifyStintToken');
  secondsOption(options.clockToleranceSec, 60, 'verifyStintToken: clockToleranceSec', [0, 3600]);
  const http = options.http ?? verifyHttp;
  const key: JWTVerifyGetKey = async (header, jws) => {
    const jwks =
      local ??
      (await keyCache.keysFor(url, header.kid, now(), {
        download: () => downloadJwks(url, http),
        maxAgeMs: maxAgeSec * 1000,
        minRefetchIntervalMs: JWKS_REFETCH_INTERVAL_MS,
        // A dropped key must stop verifying: keys past their age are never used, even if the broker is down.
        serveStale: false,
        unavailable: () =>
          new StintError(
            'ERR_JWKS_UNAVAILABLE',
            `the broker's keys at ${urlForMessage(url)} could not be fetched (retrying at most every ${JWKS_REFETCH_INTERVAL_MS / 1000} s); this is an outage, not a bad token`,
          ),
      }));
    return (await localSet(jwks))(header, jws);
  };
  // Loaded when first needed, so a receiver that only checks webhooks never loads jose.
  const { refuseForeignToken, STINT_TOKEN_ALGS, verifyStintAccessToken } = await import('../lib/stint-token.js');
  // Another issuer's token (the CI's own ID token) is refused before its kid costs a JWKS fetch.
  refuseForeignToken(token, issuer);
  let payload: JwtClaims;
  try {
    payload = await verifyStintAccessToken(token, {
      key,
      issuer,
      audience,
      algorithms: STINT_TOKEN_ALGS,
      now,
      ...(options.clockToleranceSec === undefined ? {} : { clockToleranceSec: options.clockToleranceSec }),
      expiry: 'tolerant',
    });
  } catch (error) {
    if (error instanceof StintError) throw error;
    throw new StintError('ERR_TOKEN_INVALID', `stint token rejected: ${(error as Error).message}`, { cause: error });
  }
  if (options.project !== undefined) {
    const accepted = typeof options.project === 'string' ? [options.project] : options.project;
    if (!accepted.includes(payload.project as string))
      throw new StintError(
        'ERR_TOKEN_PROJECT',
        // The projects accepted stay out: this text may reach the client (protectedResource logs them).
        `stint token rejected: it is for project ${JSON.stringify(payload.project)}, which this service does not accept`,
      );
  }
  const granted = new Set(String(payload.scope).split(' '));
  const missing = (options.requiredScopes ?? []).filter((s) => !granted.has(s));
  if (missing.length > 0)
    throw new StintError(
      'ERR_TOKEN_SCOPE',
      `the token lacks scope ${missing.join(', ')} (it has: ${payload.scope || 'none'})`,
    );
  return payload as StintTokenClaims;
}

/**
 * Where the broker's keys are fetched from: `jwksUrl`, else `<issuer>/.well-known/jwks.json`;
 * https, or plain http to this machine only (fetchedUrl), naming the option the URL came from.
 * With a local `jwks` nothing is fetched, and the URL only names the cache entry.
 */
export function jwksUrlOf(
  options: { jwksUrl?: string; jwks?: unknown },
  issuer: string,
  caller: 'verifyStintToken' | 'protectedResource',
): string {
  const derived = `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
  if (options.jwks !== undefined) return options.jwksUrl ?? derived;
  const risk = 'anyone on the path could serve their own keys, and every token they sign would pass';
  if (options.jwksUrl !== undefined) {
    fetchedUrl(options.jwksUrl, `${caller}: jwksUrl`, "the broker's keys are fetched from it", risk);
    return options.jwksUrl;
  }
  fetchedUrl(
    issuer,
    `${caller}: issuer`,
    `the broker's keys are fetched from it (${urlForMessage(derived)}, as jwksUrl is not given)`,
    risk,
  );
  return derived;
}

/** The broker's JWKS, capped at 256 KiB and 5 s; anything unusable is ERR_JWKS_UNAVAILABLE. */
async function downloadJwks(url: string, http: HttpClient): Promise<JSONWebKeySet> {
  const document = await fetchJsonObject(url, {
    http,
    timeoutMs: JWKS_TIMEOUT_MS,
    maxBytes: JWKS_MAX_BYTES,
    codes: UNAVAILABLE,
  });
  const jwks = document as unknown as JSONWebKeySet;
  try {
    await localSet(jwks);
  } catch (cause) {
    throw new StintError('ERR_JWKS_UNAVAILABLE', `${urlForMessage(url)} did not answer a JWKS`, { cause });
  }
  return jwks;
}

async function localSet(jwks: JSONWebKeySet): Promise<JWTVerifyGetKey> {
  let set = localSets.get(jwks);
  if (!set) {
    const { createLocalJWKSet } = await import('jose');
    set = createLocalJWKSet(jwks);
    localSets.set(jwks, set);
  }
  return set;
}

function joseOptions(options: VerifyJwtOptions, clockToleranceSec: number): JWTVerifyOptions {
  return {
    algorithms: [...options.algorithms],
    requiredClaims: ['exp', 'iat'],
    clockTolerance: clockToleranceSec,
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(options.now === undefined ? {} : { currentDate: new Date(options.now()) }),
  };
}

async function checkPayload(
  payload: JwtClaims,
  options: VerifyJwtOptions,
  limits: { maxLifetimeSec: number; clockToleranceSec: number },
): Promise<void> {
  const nowSec = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const tolerance = limits.clockToleranceSec;
  // jose accepts an iat in the future; refused here, or exp - iat would not bound how long the token works.
  if ((payload.iat as number) > nowSec + tolerance)
    throw new StintError(
      'ERR_TOKEN_INVALID',
      `the token is issued in the future (iat ${payload.iat as number}, now ${nowSec})`,
    );
  const lifetime = (payload.exp as number) - Math.min(payload.iat as number, nowSec);
  const max = limits.maxLifetimeSec;
  if (lifetime > max)
    throw new StintError('ERR_TOKEN_INVALID', `the token lives ${lifetime} s, longer than the ${max} s allowed`);
  if (options.seen !== undefined) {
    if (typeof payload.jti !== 'string')
      throw new StintError('ERR_TOKEN_INVALID', 'the token has no jti, so a replay cannot be detected');
    // jose accepts the token until exp + the tolerance: the id must be kept as long.
    if (await options.seen(payload.jti, (payload.exp as number) + tolerance))
      throw new StintError('ERR_TOKEN_REPLAYED', 'the token was already used (same jti)');
  }
}

/**
 * `algorithms` must be a non-empty list of the algorithms verifyJwt knows (JWT_ALGS, what the
 * `jwt` signing profile signs with). `none`, a typo or another library's name (`ES512`) is
 * ERR_VERIFY_CONFIG naming the accepted ones, before any token is looked at: otherwise every
 * token would be refused one by one, each refusal looking like the sender's fault.
 */
function acceptedAlgorithms(algorithms: unknown): void {
  const accepted = JWT_ALGS.join(', ');
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `verifyJwt: algorithms must be a list of the algorithms to accept, some of ${accepted}; got ${Array.isArray(algorithms) ? 'an empty list' : algorithms === undefined || algorithms === null ? 'nothing' : `a ${typeof algorithms}`}`,
    );
  for (const alg of algorithms as unknown[]) {
    if ((JWT_ALGS as readonly unknown[]).includes(alg)) continue;
    const named =
      typeof alg === 'string' ? JSON.stringify(alg.slice(0, 40)) : `a ${alg === null ? 'null' : typeof alg}`;
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `verifyJwt: algorithms has ${named}, which is not accepted${typeof alg === 'string' && alg.toLowerCase() === 'none' ? ' (an unsigned token is never accepted)' : ''}; use some of ${accepted}`,
    );
  }
}

interface TrustedKey {
  /** An HMAC secret (HS*), or a public key (every other algorithm). */
  hmac: boolean;
  key: KeyObject | Uint8Array;
}

/**
 * Each key typed once, by what it is rather than by the algorithms: a PEM (string or bytes), DER
 * bytes or their base64 (SPKI, PKCS#1, a certificate), a JWK with another `kty` than `oct`, or an
 * asymmetric KeyObject is a public key; a JWKS text is refused; a JWK `oct`, a
 * secret KeyObject, or any other string or bytes is an HMAC secret. Typing by the algorithms
 * would read a PEM public key as HMAC key bytes whenever only HS* are accepted, and anyone holding
 * that published key could then make tokens that verify. A public key where only HS algorithms
 * are accepted, an empty secret, or a missing key is ERR_VERIFY_CONFIG.
 */
function trustedKeys(keys: VerifyJwtOptions['keys'], algorithms: readonly JwtAlg[]): TrustedKey[] {
  const publicAccepted = algorithms.some((a) => !a.startsWith('HS'));
  return keys.map((key, i) => {
    const name = `verifyJwt: keys[${i}]`;
    const typed = typeKey(key as unknown, name);
    // (An HMAC secret with no HS algorithm accepted is never tried: that refuses, it cannot forge.)
    if (!typed.hmac && !publicAccepted)
      throw new StintError(
        'ERR_VERIFY_CONFIG',
        `${name} is a public key (PEM, DER, JWK or KeyObject), which cannot verify ${algorithms.join(', ')}: used as an HMAC secret, anyone holding it could make tokens; give the shared secret, or accept the key's algorithm`,
      );
    return typed;
  });
}

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----/;

function typeKey(key: unknown, name: string): TrustedKey {
  if (key === undefined || key === null)
    throw new StintError('ERR_VERIFY_CONFIG', `${name} is ${String(key)}: check the variable it comes from`);
  if (typeof key === 'string' || key instanceof Uint8Array) {
    const text = typeof key === 'string' ? key : Buffer.from(key).toString('latin1');
    const trimmed = text.trim();
    // A PEM block anywhere is a key, as OpenSSL reads it: `openssl x509 -text` and PKCS#12 exports
    // put text before the block, and such a file taken for an HMAC secret would verify forgeries.
    if (PEM_BLOCK.test(text)) return { hmac: false, key: publicKeyOf(() => createPublicKey(text), name) };
    if (trimmed.startsWith('{')) {
      const json = parseJson(trimmed);
      if (Array.isArray((json as { keys?: unknown } | undefined)?.keys))
        throw new StintError(
          'ERR_VERIFY_CONFIG',
          `${name} is a JWKS (a JSON key set), not one key: give its keys one by one (keys: JSON.parse(text).keys), never the text as an HMAC secret`,
        );
      const jwk = isJwk(json) ? json : undefined;
      // A JSON text that is an `oct` JWK stays the secret as written: stint's own HS signer MACs
      // with the text of the variable, so reading its `k` here would refuse stint's tokens.
      if (jwk !== undefined && jwk.kty !== 'oct') return typeKey(jwk, name);
    }
    // A public key without PEM armour, as DER bytes or their base64: published, so never a secret.
    const der = derPublicKey(key, trimmed);
    if (der !== undefined) return { hmac: false, key: der };
    if (text.length === 0)
      throw new StintError('ERR_VERIFY_CONFIG', `${name} is empty: check the variable it comes from`);
    return { hmac: true, key: typeof key === 'string' ? new Uint8Array(Buffer.from(key)) : key };
  }
  if (typeof key !== 'object') throw new StintError('ERR_VERIFY_CONFIG', `${name} is a ${typeof key}, not a key`);
  if ('asymmetricKeyType' in key || 'symmetricKeySize' in key) {
    const object = key as KeyObject;
    if (object.type === 'secret') return { hmac: true, key: object };
    return { hmac: false, key: object.type === 'private' ? createPublicKey(object) : object };
  }
  const jwk = key as JsonWebKey;
  if (jwk.kty === 'oct') {
    const secret = Buffer.from(typeof jwk.k === 'string' ? jwk.k : '', 'base64url');
    if (secret.length === 0) throw new StintError('ERR_VERIFY_CONFIG', `${name} is a JWK oct with an empty k`);
    return { hmac: true, key: createSecretKey(secret) };
  }
  return { hmac: false, key: publicKeyOf(() => createPublicKey({ key: jwk, format: 'jwk' }), name) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isJwk(value: unknown): value is JsonWebKey {
  return value !== null && typeof value === 'object' && typeof (value as JsonWebKey).kty === 'string';
}

/**
 * The public key in DER bytes (SubjectPublicKeyInfo, a PKCS#1 RSA public key, or an X.509
 * certificate), or in base64 of those without the PEM lines; undefined for anything else. Only
 * what starts as a DER SEQUENCE is tried, so an ordinary secret costs one byte comparison.
 */
function derPublicKey(key: string | Uint8Array, trimmed: string): KeyObject | undefined {
  let bytes: Buffer | undefined;
  if (typeof key !== 'string') bytes = Buffer.from(key);
  else if (/^[A-Za-z0-9+/\s]+={0,2}$/.test(trimmed)) bytes = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
  if (bytes === undefined || bytes.length < 32 || bytes[0] !== 0x30) return undefined;
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: bytes, format: 'der', type });
    } catch {
      // not this structure
    }
  }
  try {
    return new X509Certificate(bytes).publicKey;
  } catch {
    return undefined;
  }
}

function publicKeyOf(parse: () => KeyObject, name: string): KeyObject {
  try {
    return parse();
  } catch (error) {
    throw new StintError('ERR_VERIFY_CONFIG', `${name} is not a key Node can read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * jose's error codes become ours for verifyJwt (which takes its keys directly, so no JWKS is
 * fetched); the message says what failed, never the token.
 */
function toStintError(error: unknown, mismatch: string | undefined, afterSignature: boolean): StintError {
  const code = (error as { code?: string } | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_JWT_EXPIRED') return new StintError('ERR_TOKEN_EXPIRED', 'the token has expired', { cause: error });
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
    return new StintError('ERR_TOKEN_INVALID', 'the token signature does not verify with any trusted key', {
      cause: error,
    });
  if (mismatch !== undefined) return new StintError('ERR_TOKEN_INVALID', `the token's ${mismatch}`, { cause: error });
  // Not jose's (no code), or found after the signature (src/lib/stint-token.ts foundAfterSignature).
  if (afterSignature || code === undefined)
    return new StintError('ERR_TOKEN_INVALID', `the token is not valid: ${detail}`, { cause: error });
  return new StintError('ERR_TOKEN_INVALID', `the token's header or signature is not acceptable (${code})`, {
    cause: error,
  });
}
