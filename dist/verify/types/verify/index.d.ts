/**
 * The receiving side of every signing profile, as a library a server imports: webhook HMACs,
 * RFC 9421 HTTP message signatures, JWTs, and stint access tokens via the broker's JWKS.
 * Every refusal is a StintError with a stable code (ERR_SIGNATURE_*, ERR_DIGEST_MISMATCH, ERR_TOKEN_*).
 */
export { type ErrorCode, isStintError, StintError } from '../lib/errors.js';
export { type VerifiedClientCertificate, verifyClientCertificate } from './client-certificate.js';
export { type HeadersLike, headerValue } from './headers.js';
export { type VerifiedWebhook, type VerifyHmacWebhookOptions, verifyHmacWebhook } from './hmac.js';
export { type HttpSignatureKey, type VerifiedHttpSignature, type VerifyHttpSignatureOptions, verifyHttpSignature, } from './http-signature.js';
export { type JwtClaims, type StintTokenClaims, type VerifyJwtOptions, type VerifyStintTokenOptions, verifyJwt, verifyStintToken, } from './jwt.js';
