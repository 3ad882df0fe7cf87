/**
 * The receiving side of every signing profile, as a library a server imports: webhook HMACs,
 * RFC 9421 HTTP message signatures, JWTs, and stint access tokens via the broker's JWKS; and the
 * resource-server side (RFC 9728 metadata, the Bearer challenge, a guard for node:http, Express
 * and Fastify, scopes per MCP tool).
 * Every refusal is a StintError with a stable code (ERR_SIGNATURE_*, ERR_DIGEST_MISMATCH, ERR_TOKEN_*).
 */
export { type ErrorCode, isStintError, StintError } from '../lib/errors.js';
export { type VerifiedClientCertificate, verifyClientCertificate } from './client-certificate.js';
export { type HeadersLike, headerValue } from './headers.js';
export { type VerifiedWebhook, type VerifyHmacWebhookOptions, verifyHmacWebhook } from './hmac.js';
export { type HttpSignatureKey, type HttpSignatureKeyMaterial, type VerifiedHttpSignature, type VerifyHttpSignatureOptions, verifyHttpSignature, } from './http-signature.js';
export { type JwtClaims, type StintTokenClaims, type VerifyJwtOptions, type VerifyStintTokenOptions, verifyJwt, verifyStintToken, } from './jwt.js';
export { mcpToolScopes } from './mcp.js';
export { type AccessDecision, type AccessRecord, type FastifyReplyLike, type FastifyRequestLike, type IntrospectionOptions, type ProtectedResource, type ProtectedResourceOptions, protectedResource, type RefusalBody, type RequiredScopes, } from './protected-resource.js';
