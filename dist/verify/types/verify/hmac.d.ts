import { type HmacFormat } from '../signing/types.js';
import { type HeadersLike } from './headers.js';
export interface VerifyHmacWebhookOptions {
    format: HmacFormat;
    /**
     * Every secret currently accepted, newest first: during rotation a signature by any of them
     * passes. `standard-webhooks`: `whsec_` and the base64 of a key of at least 24 bytes (strict
     * base64, padded); anything else is ERR_VERIFY_CONFIG.
     */
    secrets: readonly string[];
    headers: HeadersLike;
    /**
     * The raw body exactly as received (not re-serialised JSON): with Express, the `req.body` of
     * `express.raw({ type: () => true })`, never of `express.json()` (an object is
     * ERR_VERIFY_CONFIG). `undefined` is the empty body only when the headers say the request has
     * none (no Content-Length or Transfer-Encoding, or Content-Length: 0); otherwise it is
     * ERR_VERIFY_CONFIG.
     */
    body: Buffer | Uint8Array | ArrayBuffer | string | undefined;
    /** How far the signed timestamp may be from now, either way, in seconds (default 300, at most a day). */
    toleranceSec?: number;
    /** Milliseconds since the epoch (default Date.now). */
    now?: () => number;
    /** generic only, as the sender's profile: header (X-Signature), algorithm, encoding, prefix, timestampHeader. */
    header?: string;
    algorithm?: 'sha256' | 'sha512';
    encoding?: 'hex' | 'base64';
    prefix?: string;
    timestampHeader?: string;
}
export interface VerifiedWebhook {
    /** Index in `secrets` of the secret that matched (0 = newest). */
    secretIndex: number;
    /** The signed unix timestamp, for formats that sign one. */
    timestamp?: number;
    /** standard-webhooks: the message id, for the receiver's own de-duplication. */
    id?: string;
}
/**
 * Verifies a webhook signed in one of the `hmac` formats. Comparisons are constant-time; a
 * timestamp outside the tolerance is refused as a replay. `github`, and `generic` without
 * `timestampHeader`, sign no timestamp: they have no replay protection at all.
 * Throws StintError ERR_SIGNATURE_MISSING, ERR_SIGNATURE_INVALID or ERR_SIGNATURE_EXPIRED.
 *
 * @example
 * verifyHmacWebhook({ format: 'github', secrets: [process.env.WEBHOOK_SECRET!], headers: req.headers, body: rawBody });
 */
export declare function verifyHmacWebhook(options: VerifyHmacWebhookOptions): VerifiedWebhook;
