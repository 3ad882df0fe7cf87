import { type KeyObject } from 'node:crypto';
import type { HttpSignatureAlg, HttpSignatureProfile, SignableRequest, SignDeps } from './types.js';
/**
 * RFC 9421 HTTP Message Signatures for one request: `Signature-Input` and `Signature` (and
 * `Content-Digest` per RFC 9530 when the components cover it), signed with the newest key.
 *
 * @example
 * httpSignatureHeaders(profile, { method: 'POST', url: 'https://api.example.com/deploy', headers: {}, body }, deps)
 * // → { 'Content-Digest': 'sha-256=:…:', 'Signature-Input': 'sig1=("@method" …);created=…;alg="ed25519";keyid="ci"', 'Signature': 'sig1=:…:' }
 */
export declare function httpSignatureHeaders(profile: HttpSignatureProfile, request: SignableRequest, deps: SignDeps): Record<string, string>;
/**
 * A warning when `url` has a query the profile's components do not cover: the default
 * components (`@method @authority @path content-digest`) leave it unsigned, so whoever sees the
 * request can send it again, within its age, with another query. Undefined otherwise.
 *
 * @example
 * uncoveredQuery(profile, 'https://api.example.com/deploy?env=prod') // 'profile "deploy-api" does not sign the query …'
 */
export declare function uncoveredQuery(profile: HttpSignatureProfile, url: string): string | undefined;
/** Signs the base with an RFC 9421 §3.3 algorithm; ECDSA as raw r||s (IEEE P1363), not DER. */
export declare function signBase(alg: HttpSignatureAlg, key: KeyObject | Buffer, base: Buffer): Buffer;
