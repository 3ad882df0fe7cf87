export { verifyHmacWebhook, type VerifiedWebhook, type VerifyHmacWebhookOptions } from './hmac.js';
export { verifyHttpSignature, type HttpSignatureKey, type VerifiedHttpSignature, type VerifyHttpSignatureOptions } from './http-signature.js';
export { headerValue, type HeadersLike } from './headers.js';
