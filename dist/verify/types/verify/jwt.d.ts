import { type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JwtAlg } from '../signing/types.js';
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
export declare function verifyJwt(token: string, options: VerifyJwtOptions): Promise<JwtClaims>;
export interface VerifyStintTokenOptions {
    /** The broker's issuer URL (the `iss` of its tokens). */
    issuer: string;
    /** The project's audience (`aud`), e.g. `https://api.warehouse.example.com` or `stint:warehouse`. */
    audience: string;
    /** The broker's JWKS URL; default `<issuer>/.well-known/jwks.json`. */
    jwksUrl?: string;
    /** A JWKS to use instead of fetching one (tests, air-gapped receivers). */
    jwks?: {
        keys: JsonWebKey[];
    };
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
export declare function verifyStintToken(token: string, options: VerifyStintTokenOptions): Promise<StintTokenClaims>;
