import type { HmacProfile, SignableRequest, SignDeps } from './types.js';
/**
 * Webhook-style HMAC signatures. Each format is the sender's half of a documented scheme; the
 * receiving half is `verify/hmac.ts`. Requests are signed with the newest secret only.
 *
 * @example
 * hmacHeaders(profile, { method: 'POST', url, headers: {}, body }, { now: Date.now, randomBytes })
 * // github → { 'X-Hub-Signature-256': 'sha256=…' }
 */
export declare function hmacHeaders(profile: HmacProfile, request: SignableRequest, deps: SignDeps): Record<string, string>;
/** HMAC of the concatenated parts (strings as UTF-8). */
export declare function mac(algorithm: 'sha256' | 'sha512', key: string | Buffer, parts: (string | Buffer)[]): Buffer;
/** The key bytes of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
export declare function standardWebhooksKey(secret: string): Buffer;
