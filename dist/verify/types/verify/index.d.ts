/**
 * The receiving side of every signing profile, as a library a server imports: webhook HMACs,
 * RFC 9421 HTTP message signatures, JWTs, and stint access tokens via the broker's JWKS.
 * Every refusal is a StintError with a stable code (ERR_SIGNATURE_*, ERR_DIGEST_MISMATCH, ERR_TOKEN_*).
 */
export { verifyHmacWebhook, type VerifiedWebhook, type VerifyHmacWebhookOptions } from './hmac.js';
export { verifyHttpSignature, type HttpSignatureKey, type VerifiedHttpSignature, type VerifyHttpSignatureOptions } from './http-signature.js';
export { verifyJwt, verifyStintToken, type StintTokenClaims, type VerifyJwtOptions, type VerifyStintTokenOptions } from './jwt.js';
export { headerValue, type HeadersLike } from './headers.js';
export { verifyClientCertificate, type VerifiedClientCertificate } from './client-certificate.js';
export { StintError, isStintError, type ErrorCode } from '../errors.js';
