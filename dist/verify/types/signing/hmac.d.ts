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
/** Standard Webhooks' symmetric keys are "at least 24 bytes (192 bits, 512 maximum)" (its spec). */
export declare const STANDARD_WEBHOOKS_MIN_KEY_BYTES = 24;
/**
 * What is wrong with a Standard Webhooks secret, said without quoting it, or undefined when it is
 * usable: `whsec_` (optional here) then strict base64 (src/lib/strict-base64.ts) of a key of at
 * least 24 bytes.
 */
export declare function standardWebhooksSecretProblem(secret: string): string | undefined;
/** The key bytes of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
export declare function standardWebhooksKey(secret: string): Buffer;
