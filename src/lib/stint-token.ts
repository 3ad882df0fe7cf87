/**
 * The one verification of a stint access token (an RFC 9068 JWT, docs/architecture.md#one-exchange-step-by-step, step 7),
 * shared by the broker (introspection, revocation, certificates: src/tokens/verify.ts) and by the
 * services that receive tokens (stint/verify's verifyStintToken). The two differ only in where
 * the key comes from (the broker's own key set; the broker's JWKS) and in how `exp` is read:
 *
 * - a receiver accepts a presented token's times with CLOCK_SKEW_SEC of tolerance, because its
 *   clock and the broker's differ;
 * - the broker reports on its own tokens by its own clock: a token past `exp` is expired there,
 *   never "active" for another minute (RFC 7662 introspection asks whether it is live now).
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import { type NowInput, nowMs } from './clock.js';
import { CLOCK_SKEW_SEC } from './clock-skew.js';
import { StintError } from './errors.js';
import { urlForMessage } from './url-credentials.js';

/** The claims of a stint access token. */
export interface StintAccessClaims extends JWTPayload {
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

export interface StintTokenCheck {
  /** Finds the verification key for the token's header (jose's key-resolver shape). */
  key: JWTVerifyGetKey;
  /** The broker's issuer; `iss` must equal it. Missing or empty is ERR_VERIFY_CONFIG. */
  issuer: string;
  /**
   * `aud` must contain it. Required for `expiry: 'tolerant'` (a receiver: without it every
   * project's tokens would pass); the broker, reporting on any of its own tokens, leaves it out.
   */
  audience?: string;
  /** The algorithms accepted. */
  algorithms: readonly string[];
  /** Epoch ms or a clock; default Date.now. */
  now?: NowInput;
  /** Tolerated clock difference on `nbf`, `iat` and (for a receiver) `exp`. Default CLOCK_SKEW_SEC. */
  clockToleranceSec?: number;
  /**
   * `tolerant` (a receiver): expired once `exp` + tolerance has passed. `strict` (the broker about
   * its own tokens): expired at `exp`.
   */
  expiry: 'tolerant' | 'strict';
}

/** The algorithms the broker signs with (`keys.algorithm`: ES256, EdDSA or RS256). */
export const STINT_TOKEN_ALGS: readonly string[] = ['ES256', 'EdDSA', 'RS256'];

/** Far above any token stint mints; refuses junk before any parsing work. */
export const MAX_TOKEN_LENGTH = 16_384;

/**
 * Verifies a stint access token: size, header (typ `at+jwt`, a `kid`, no embedded key or key URL),
 * the algorithm allow-list, the signature, `iss`, `aud` (required for a receiver), `exp`/`nbf`/`iat`,
 * and the claims every stint token carries. Throws StintError `ERR_TOKEN_EXPIRED`, `ERR_TOKEN_INVALID`
 * (audience and issuer errors say what was expected and what the token has), or whatever the key
 * resolver throws as a StintError (stint/verify: `ERR_JWKS_UNAVAILABLE`).
 *
 * @example
 * const claims = await verifyStintAccessToken(bearer, { key, issuer: 'https://stint.example.com',
 *   audience: 'stint:warehouse', algorithms: ['ES256'], expiry: 'tolerant' });
 */
export async function verifyStintAccessToken(token: string, check: StintTokenCheck): Promise<StintAccessClaims> {
  // jose skips an iss or aud check whose expected value is undefined: refuse the set-up instead.
  if (!nonEmpty(check.issuer)) throw misconfigured('issuer');
  if (check.expiry === 'tolerant' && !nonEmpty(check.audience)) throw misconfigured('audience');
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw invalid('it is empty or longer than 16 KiB');
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw invalid('it is not a JWT');
  }
  // Stint tokens never carry keys or key locations; one that does was not made by the broker.
  for (const field of ['jwk', 'jku', 'x5u', 'x5c'] as const) {
    if (header[field] !== undefined) throw invalid(`its header carries "${field}"`);
  }
  if (typeof header.kid !== 'string') throw invalid('its header has no kid');

  const now = nowMs(check.now);
  const tolerance = check.clockToleranceSec ?? CLOCK_SKEW_SEC;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, check.key, {
      algorithms: [...check.algorithms],
      typ: 'at+jwt',
      issuer: check.issuer,
      ...(check.audience === undefined ? {} : { audience: check.audience }),
      clockTolerance: tolerance,
      currentDate: new Date(now),
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'],
    }));
  } catch (error) {
    // Anything that is not a verdict on the token (a bug, a broken key) is not reported as one.
    if (!(error instanceof errors.JOSEError) && !(error instanceof StintError)) throw error;
    const early = notYetValid(error, now / 1000, tolerance);
    if (early !== undefined) throw invalid(early, error);
    if (error instanceof errors.JOSEAlgNotAllowed) throw invalid(algRefused(header.alg, check.algorithms), error);
    throw fromJose(error, check);
  }
  const nowSec = now / 1000;
  if (check.expiry === 'strict' && (payload.exp as number) <= nowSec) throw expired();
  const { client_id, scope, project, ci, iat } = payload;
  if (typeof client_id !== 'string' || typeof scope !== 'string' || typeof project !== 'string') {
    throw invalid('it lacks client_id, scope or project (is it a stint access token?)');
  }
  if (
    ci === null ||
    typeof ci !== 'object' ||
    Array.isArray(ci) ||
    Object.values(ci).some((v) => typeof v !== 'string')
  ) {
    throw invalid('its ci claim is not an object of strings');
  }
  // jose accepts an iat in the future; a token "issued" later than now was not issued by this clock.
  if (typeof iat !== 'number' || iat > nowSec + tolerance) throw invalid('it was issued in the future');
  return payload as StintAccessClaims;
}

/**
 * For a receiver, before any key is looked up (stint/verify's verifyStintToken): refuses, from the
 * unverified token, one that is not a stint access token of `issuer`. A token of another issuer
 * (typically the CI's own ID token, sent instead of the stint token exchanged for it) is told so
 * (`this is not a stint token: issued by "https://token.actions.githubusercontent.com", not
 * "https://stint.example.com"; exchange it at the broker first`), and one whose `typ` is not
 * at+jwt too. Its kid is not the broker's, so the receiver would otherwise spend its JWKS refetch
 * on it and answer "retry" or "unknown key", neither of which says what is wrong. Read unverified,
 * so it only ever refuses; a token that does not decode is left to verifyStintAccessToken, which
 * says why. The token's own values are quoted only when printable and short.
 */
export function refuseForeignToken(token: string, issuer: string): void {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return;
  let header: ProtectedHeaderParameters;
  let iss: unknown;
  try {
    header = decodeProtectedHeader(token);
    iss = decodeJwt(token).iss;
  } catch {
    return;
  }
  if (iss !== issuer)
    throw new StintError(
      'ERR_TOKEN_INVALID',
      // The expected issuer is the service's option: one with user info or a query is shown
      // without them (urlForMessage), as they may hold a credential; any other exactly as given.
      `this is not a stint token: issued by ${shown(iss)}, not ${JSON.stringify(/[@?]/.test(issuer) ? urlForMessage(issuer) : issuer)}; exchange it at the broker first`,
    );
  // jose's comparison: case-insensitive, with or without the application/ prefix (RFC 8725 §3.11).
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;
  if (typ !== 'at+jwt') throw invalid(`its typ is ${shown(header.typ)}, not at+jwt (a stint access token, RFC 9068)`);
}

/** An unverified value of a token, as a message shows it: JSON-quoted when printable and short. */
function shown(value: unknown): string {
  if (value === undefined) return 'none';
  return typeof value === 'string' && /^[\x20-\x7e]{1,200}$/.test(value)
    ? JSON.stringify(value)
    : 'an unreadable value';
}

/**
 * jose's verification errors as stint's. Audience and issuer mismatches say what was expected and
 * what the token has, so a service owner can tell a wrong `audience` option from a foreign token.
 * A StintError from the key resolver passes through unchanged.
 */
export function fromJose(error: unknown, expected: { issuer?: string; audience?: string | string[] }): StintError {
  if (error instanceof StintError) return error;
  if (error instanceof errors.JWTExpired) return expired(error);
  const mismatch = claimMismatch(error, expected);
  if (mismatch !== undefined) return invalid(mismatch, error);
  if (error instanceof errors.JWKSNoMatchingKey) return invalid('it is signed by an unknown or retired key', error);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalid('its signature does not verify with any trusted key', error);
  if (foundAfterSignature(error)) return invalid(error.message, error);
  // jose's words stay in `cause`.
  if (error instanceof errors.JOSEError)
    return invalid(`its header or signature is not acceptable (${error.code})`, error);
  if (error instanceof Error) return invalid(error.message, error);
  return invalid(String(error));
}

/**
 * Whether jose found `error` once the signature had verified: its texts about the claims are
 * fixed words about a token the key holder signed, fit to show. Anything else was found before,
 * and jose's message may quote the unverified header (an unknown `crit` name): show its code only.
 */
export function foundAfterSignature(error: unknown): error is errors.JWTClaimValidationFailed | errors.JWTInvalid {
  return error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTInvalid;
}

/**
 * What jose's `"nbf" claim timestamp check failed` means, said so the reader knows what to fix:
 * a token that is not valid yet was made by a clock ahead of this one (or this one is behind).
 * Undefined for any other error.
 */
export function notYetValid(error: unknown, nowSec: number, toleranceSec: number): string | undefined {
  if (!(error instanceof errors.JWTClaimValidationFailed) || error.claim !== 'nbf' || error.reason !== 'check_failed')
    return undefined;
  const nbf = Number((error.payload as Record<string, unknown>).nbf);
  const ahead = Number.isFinite(nbf) ? `${Math.ceil(nbf - nowSec)} s` : 'some time';
  return `it is not valid yet (its nbf is ${ahead} ahead of this clock, more than the ${toleranceSec} s tolerated): this clock is behind the issuer's, or the issuer's ahead (a clock out of sync)`;
}

/**
 * `audience: expected "stint:warehouse", got "stint:billing"` (or issuer) for jose's claim check
 * failures on `aud` and `iss`; undefined for any other error.
 */
export function claimMismatch(
  error: unknown,
  expected: { issuer?: string; audience?: string | string[] },
): string | undefined {
  if (!(error instanceof errors.JWTClaimValidationFailed) || error.reason !== 'check_failed') return undefined;
  const got = (error.payload as Record<string, unknown>)[error.claim];
  if (error.claim === 'aud' && expected.audience !== undefined)
    return `audience: expected ${describe(expected.audience)}, got ${describe(got)}`;
  if (error.claim === 'iss' && expected.issuer !== undefined)
    return `issuer: expected ${describe(expected.issuer)}, got ${describe(got)}`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v)).join(', ');
  return JSON.stringify(value);
}

/**
 * `its alg "HS256" is not one stint tokens are signed with (ES256, EdDSA, RS256)`: the token's
 * alg (shown only when it looks like an alg name: it is the sender's text) and those accepted.
 */
function algRefused(alg: unknown, accepted: readonly string[]): string {
  const named =
    typeof alg === 'string' && /^[A-Za-z0-9+._-]{1,32}$/.test(alg) ? JSON.stringify(alg) : '(not a readable name)';
  return `its alg ${named} is not one stint tokens are signed with (${accepted.join(', ')}): the token was not made by a stint broker`;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function misconfigured(option: 'issuer' | 'audience'): StintError {
  return new StintError(
    'ERR_VERIFY_CONFIG',
    `verifyStintAccessToken: ${option} is missing or empty; a stint token is checked against both the broker's issuer and, by a receiver, its audience`,
  );
}

function invalid(reason: string, cause?: unknown): StintError {
  return new StintError('ERR_TOKEN_INVALID', `stint token rejected: ${reason}`, { cause });
}

function expired(cause?: unknown): StintError {
  return new StintError('ERR_TOKEN_EXPIRED', 'stint token rejected: it has expired; request a new one', { cause });
}
