import { type JsonWebKey, type KeyObject } from 'node:crypto';
import { type HttpSignatureAlg } from '../signing/types.js';
import { type HeadersLike } from './headers.js';
/** A key a verifier trusts: the public key (PEM, JWK or KeyObject), or the shared secret for hmac-sha256. */
export interface HttpSignatureKey {
    alg: HttpSignatureAlg;
    key: string | Buffer | KeyObject | JsonWebKey;
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
    /** The raw body; required to check `Content-Digest`. */
    body?: Buffer | string;
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
    /** Milliseconds since the epoch (default Date.now). */
    now?: () => number;
}
export interface VerifiedHttpSignature {
    label: string;
    keyid?: string;
    alg: HttpSignatureAlg;
    created: number;
    expires?: number;
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
