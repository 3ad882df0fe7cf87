export { verifyHmacWebhook, type VerifiedWebhook, type VerifyHmacWebhookOptions } from './hmac.js';
export { headerValue, type HeadersLike } from './headers.js';
