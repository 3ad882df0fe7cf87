import { type JsonWebKey, type KeyObject } from 'node:crypto';
import { type HttpSignatureAlg } from '../signing/types.js';
import { type HeadersLike } from './headers.js';
/** One key: a public key (PEM, JWK or KeyObject), or the shared secret for hmac-sha256 (string or bytes). */
export type HttpSignatureKeyMaterial = string | Buffer | KeyObject | JsonWebKey;
/**
 * A key a verifier trusts for one `keyid`: the public key, or the shared secret for hmac-sha256;
 * or several, newest first, while a secret or key is rotated under the same keyid
 * (`key: [process.env.NEW, process.env.OLD]`): a signature by any of them passes.
 */
export interface HttpSignatureKey {
    alg: HttpSignatureAlg;
    key: HttpSignatureKeyMaterial | readonly HttpSignatureKeyMaterial[];
}
export interface VerifyHttpSignatureOptions {
    method: string;
    /**
     * The absolute URL the request was sent to: the scheme and host as the sender saw them, then the
     * request target exactly as received (`req.url`), not decoded or resolved. A path with a `.` or
     * `..` segment or a backslash is refused.
     */
    url: string;
    headers: HeadersLike;
    /**
     * The raw body as received (a Buffer, ArrayBuffer or string, never a parsed `req.body`: an
     * object is ERR_VERIFY_CONFIG); needed to check `Content-Digest`. Left out or `undefined`, it is
     * the empty body when the headers say the request has none (no Content-Length or
     * Transfer-Encoding, or Content-Length: 0), as for a GET; otherwise checking `Content-Digest`
     * is ERR_VERIFY_CONFIG.
     */
    body?: Buffer | Uint8Array | ArrayBuffer | string | undefined;
    /** Keys by `keyid`, or a lookup (which may also be given a missing keyid). */
    keys: Record<string, HttpSignatureKey> | ((keyid: string | undefined) => HttpSignatureKey | undefined | Promise<HttpSignatureKey | undefined>);
    /** Components the signature must cover (default `@method @authority @path content-digest`). */
    requiredComponents?: readonly string[];
    /** Oldest `created` accepted, in seconds (default 300, at most a day). */
    maxAgeSec?: number;
    /** Allowed clock difference for `created` in the future and `expires` (default 30 s, at most 3600). */
    clockSkewSec?: number;
    /** Which signature label to check (default: the first in `Signature-Input`). */
    label?: string;
    /**
     * Replay protection: called once a signature has passed every other check, with its `nonce`
     * and the unix time until which it could still be accepted (`created` + maxAgeSec + skew, or
     * `expires` + skew if sooner); return true when that nonce was already seen (the verifier then
     * refuses it, ERR_SIGNATURE_REPLAYED). Keep seen nonces until that time. With `seen`, a
     * signature without a nonce is refused (the sender's profile needs `nonce: true`).
     */
    seen?: (nonce: string, keepUntil: number) => boolean | Promise<boolean>;
    /** Milliseconds since the epoch (default Date.now). */
    now?: () => number;
}
export interface VerifiedHttpSignature {
    label: string;
    keyid?: string;
    alg: HttpSignatureAlg;
    created: number;
    expires?: number;
    /** The signature's `nonce`, when it has one (profile `nonce: true`), for the receiver's own de-duplication. */
    nonce?: string;
    components: string[];
}
/**
 * Verifies an RFC 9421 HTTP message signature: rebuilds the signature base from the request as
 * received, checks the signature with the key named by `keyid` (its algorithm must match the
 * signature's `alg`), its age (`created`, `expires`), that it covers the required components, and
 * the RFC 9530 `Content-Digest` against the body. Throws StintError ERR_SIGNATURE_MISSING,
 * ERR_SIGNATURE_MALFORMED, ERR_SIGNATURE_KEY_UNKNOWN, ERR_SIGNATURE_INVALID, ERR_SIGNATURE_EXPIRED or
 * ERR_DIGEST_MISMATCH.
 *
 * @example
 * await verifyHttpSignature({ method: req.method, url: `https://api.example.com${req.url}`, headers: req.headers, body,
 *   keys: { 'ci-deploy': { alg: 'ed25519', key: publicKeyPem } } });
 */
export declare function verifyHttpSignature(options: VerifyHttpSignatureOptions): Promise<VerifiedHttpSignature>;
