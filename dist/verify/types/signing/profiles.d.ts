import { type KeyObject } from 'node:crypto';
import { type BearerProfile, type HmacProfile, type HttpSignatureProfile, type JwtProfile, type ParseContext } from './types.js';
export declare function parseHmacProfile(raw: Record<string, unknown>, ctx: ParseContext): HmacProfile;
export declare const DEFAULT_COMPONENTS: string[];
export declare function parseHttpSignatureProfile(raw: Record<string, unknown>, ctx: ParseContext): HttpSignatureProfile;
/** Parses a PEM or JWK (JSON) private key. */
export declare function readPrivateKey(text: string): KeyObject;
/**
 * A PEM whose line breaks became spaces (`key: "${{ secrets.KEY }}"` in YAML folds them) or
 * `\r\n`, re-wrapped as OpenSSL wants it. Anything else is returned unchanged.
 */
export declare function unfoldPem(text: string): string;
export declare function parseJwtProfile(raw: Record<string, unknown>, ctx: ParseContext): JwtProfile;
/**
 * A static credential (`token`, `tokens`, `token_env`), or without one the job's stint token from
 * `$STINT_TOKEN` (DESIGN §4). `source: stint` says the second on purpose; `source: static` insists
 * on the first.
 */
export declare function parseBearerProfile(raw: Record<string, unknown>, ctx: ParseContext): BearerProfile;
