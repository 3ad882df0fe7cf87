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
import { errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { type NowInput } from './clock.js';
import { StintError } from './errors.js';
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
export declare const STINT_TOKEN_ALGS: readonly string[];
/** Far above any token stint mints; refuses junk before any parsing work. */
export declare const MAX_TOKEN_LENGTH = 16384;
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
export declare function verifyStintAccessToken(token: string, check: StintTokenCheck): Promise<StintAccessClaims>;
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
export declare function refuseForeignToken(token: string, issuer: string): void;
/**
 * jose's verification errors as stint's. Audience and issuer mismatches say what was expected and
 * what the token has, so a service owner can tell a wrong `audience` option from a foreign token.
 * A StintError from the key resolver passes through unchanged.
 */
export declare function fromJose(error: unknown, expected: {
    issuer?: string;
    audience?: string | string[];
}): StintError;
/**
 * Whether jose found `error` once the signature had verified: its texts about the claims are
 * fixed words about a token the key holder signed, fit to show. Anything else was found before,
 * and jose's message may quote the unverified header (an unknown `crit` name): show its code only.
 */
export declare function foundAfterSignature(error: unknown): error is errors.JWTClaimValidationFailed | errors.JWTInvalid;
/**
 * What jose's `"nbf" claim timestamp check failed` means, said so the reader knows what to fix:
 * a token that is not valid yet was made by a clock ahead of this one (or this one is behind).
 * Undefined for any other error.
 */
export declare function notYetValid(error: unknown, nowSec: number, toleranceSec: number): string | undefined;
/**
 * `audience: expected "stint:warehouse", got "stint:billing"` (or issuer) for jose's claim check
 * failures on `aud` and `iss`; undefined for any other error.
 */
export declare function claimMismatch(error: unknown, expected: {
    issuer?: string;
    audience?: string | string[];
}): string | undefined;
