import { type JsonWebKey, type KeyObject } from 'node:crypto';
import type { HttpClient } from '../lib/http.js';
import { type JwtAlg } from '../signing/types.js';
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
export declare function verifyJwt(token: string, options: VerifyJwtOptions): Promise<JwtClaims>;
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
    jwks?: {
        keys: JsonWebKey[];
    };
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
export declare const ISSUER_FIX = "give the broker's issuer URL (the iss of its tokens): without it a token's iss is not checked";
export declare const AUDIENCE_FIX = "give the audience of this service's stint project (default stint:<project>): without it every project's tokens would pass";
/** Default for `jwksMaxAgeSec`: a dropped key stops verifying within a minute, at one small fetch a minute. */
export declare const DEFAULT_JWKS_MAX_AGE_SEC = 60;
/**
 * `jwksMaxAgeSec`, from the refetch interval (10 s) to a day. Below the interval every request
 * would be a JWKS fetch, forged ones too (an amplifier pointed at the broker); NaN, from an
 * unset variable, would never refresh. Either is ERR_VERIFY_CONFIG.
 */
export declare function jwksMaxAge(value: number | undefined, caller: 'verifyStintToken' | 'protectedResource'): number;
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
export declare function verifyStintToken(token: string, options: VerifyStintTokenOptions): Promise<StintTokenClaims>;
/**
 * Where the broker's keys are fetched from: `jwksUrl`, else `<issuer>/.well-known/jwks.json`;
 * https, or plain http to this machine only (fetchedUrl), naming the option the URL came from.
 * With a local `jwks` nothing is fetched, and the URL only names the cache entry.
 */
export declare function jwksUrlOf(options: {
    jwksUrl?: string;
    jwks?: unknown;
}, issuer: string, caller: 'verifyStintToken' | 'protectedResource'): string;
