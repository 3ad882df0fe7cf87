/**
 * The shapes shared by every signing profile type (docs/signing.md). A profile is parsed once from the
 * action's `signing` input or a config file's `signing:` key (`config.ts`), then signs any number of
 * requests (`sign.ts`). Secrets live only in memory, inside the parsed profile.
 *
 * Each type's parser (`profiles.ts` for hmac, http-signature, jwt and bearer; `oauth2.ts` and `mtls.ts` for
 * theirs) gets the mapping as written and a `ParseContext`: it rejects unknown fields
 * (`ctx.allowOnly`), reports a bad value with `ctx.fail(field, what is allowed)`, and reads every
 * secret through `ctx.secret`, so the file rules (no inline secret) and the rewriting done by
 * `writableConfig` hold for every type alike.
 */
import type { HttpClient } from '../lib/http.js';
/** Every `type:` a profile may have. */
export declare const PROFILE_TYPES: readonly ["hmac", "http-signature", "jwt", "bearer", "oauth2", "mtls"];
export type ProfileType = (typeof PROFILE_TYPES)[number];
export declare const HMAC_FORMATS: readonly ["generic", "github", "standard-webhooks", "stripe", "slack"];
export type HmacFormat = (typeof HMAC_FORMATS)[number];
export declare const HTTP_SIGNATURE_ALGS: readonly ["hmac-sha256", "ed25519", "ecdsa-p256-sha256", "rsa-pss-sha512", "rsa-v1_5-sha256"];
export type HttpSignatureAlg = (typeof HTTP_SIGNATURE_ALGS)[number];
export declare const JWT_ALGS: readonly ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];
export type JwtAlg = (typeof JWT_ALGS)[number];
interface ProfileBase<T extends ProfileType> {
    readonly type: T;
    /** The profile's name, the key in the `signing` map. */
    readonly name: string;
}
export interface HmacProfile extends ProfileBase<'hmac'> {
    readonly format: HmacFormat;
    /** Newest first; requests are signed with `secrets[0]`, the rest only matter to verifiers. */
    readonly secrets: readonly string[];
    /** generic only: header name (default `X-Signature`). */
    readonly header: string;
    readonly algorithm: 'sha256' | 'sha512';
    readonly encoding: 'hex' | 'base64';
    /** generic only: text put before the encoded MAC, e.g. `sha256=`. */
    readonly prefix: string;
    /** generic only: when set, the unix time goes in this header and the MAC covers `timestamp.body`. */
    readonly timestampHeader?: string;
}
export interface HttpSignatureProfile extends ProfileBase<'http-signature'> {
    readonly alg: HttpSignatureAlg;
    /** PEM private key (asymmetric algs) or the shared secret (hmac-sha256); newest first. */
    readonly keys: readonly string[];
    readonly keyid?: string;
    /** Component identifiers in order, e.g. `@method`, `@authority`, `content-digest`. */
    readonly components: readonly string[];
    /** Seconds after `created` that the signature expires; absent: no `expires` parameter. */
    readonly expires?: number;
    /** hmac-sha256 only: how the key string becomes bytes (default utf8; base64 as in RFC 9421 B.1.5). */
    readonly keyEncoding: 'utf8' | 'base64';
    /** Signature label (default `sig1`). */
    readonly label: string;
    /** Add a random `nonce` parameter. */
    readonly nonce: boolean;
    /** Include the `alg` parameter (default true). */
    readonly includeAlg: boolean;
    /** Include the `created` parameter (default true). */
    readonly includeCreated: boolean;
    /** Digest used for `Content-Digest` when the components name it. */
    readonly digest: 'sha-256' | 'sha-512';
    /** The `tag` parameter, when set. */
    readonly tag?: string;
}
export interface JwtProfile extends ProfileBase<'jwt'> {
    readonly alg: JwtAlg;
    /** PEM private key or JWK JSON (asymmetric) or the shared secret (HS*); newest first. */
    readonly keys: readonly string[];
    readonly kid?: string;
    readonly claims: {
        readonly iss?: string;
        readonly sub?: string;
        readonly aud?: string | readonly string[];
        readonly [claim: string]: unknown;
    };
    /** Lifetime of each token in seconds (default 60, at most 3600). */
    readonly ttl: number;
    /** Header the token goes in (default `Authorization`, as `Bearer <jwt>`). */
    readonly header: string;
    /** Value prefix (default `Bearer ` for Authorization, empty otherwise). */
    readonly scheme: string;
}
export interface BearerProfile extends ProfileBase<'bearer'> {
    /** Static token(s), newest first; empty means the stint token from `$STINT_TOKEN` at signing time. */
    readonly tokens: readonly string[];
    /** Header name (default `Authorization`), unless `query` is set. */
    readonly header: string;
    /** Value prefix (default `Bearer ` for Authorization, empty otherwise). */
    readonly scheme: string;
    /** When set, the token goes in this URL query parameter instead of a header. */
    readonly query?: string;
}
/** Refined by `oauth2.ts`; only `type` and `name` are fixed here. */
export interface Oauth2Profile extends ProfileBase<'oauth2'> {
    readonly [field: string]: unknown;
}
/** Refined by `mtls.ts`; only `type` and `name` are fixed here. */
export interface MtlsProfile extends ProfileBase<'mtls'> {
    readonly [field: string]: unknown;
}
export type SigningProfile = HmacProfile | HttpSignatureProfile | JwtProfile | BearerProfile | Oauth2Profile | MtlsProfile;
/** The request a profile signs. `url` is absolute. Header names are matched case-insensitively. */
export interface SignableRequest {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: Buffer;
}
/** What signing needs from the outside world; tests pass a fixed clock and fixed randomness. */
export interface SignDeps {
    /** Milliseconds since the epoch. */
    now(): number;
    randomBytes(n: number): Buffer;
    /** For oauth2 token requests; default src/lib/http.ts. */
    http?: HttpClient;
    /** Where the stint token (`STINT_TOKEN`) is read for bearer profiles; defaults to process.env. */
    env?: Record<string, string | undefined>;
}
/** The headers to add to the request (the request itself is not changed), and for a bearer profile
 *  with `query`, the URL to use instead. */
export interface SignedRequest {
    headers: Record<string, string>;
    url?: string;
    /**
     * bearer, jwt and oauth2: the credential the headers (or URL) carry, which anyone who reads it
     * can replay; a caller that prints them registers it for masking first (`addMaskCommands`).
     */
    credential?: string;
}
/** Where the profiles were written; decides whether inline secrets are allowed. */
export type ProfileOrigin = 'action-input' | 'file';
/** Handed to each type's parser. */
export interface ParseContext {
    /** `action-input` allows inline secrets (`secret`, `secrets: [new, old]`, `key`, `token`); `file` does not. */
    readonly origin: ProfileOrigin;
    /** Where `secret_env` / `key_env` variables are looked up. */
    readonly env: Record<string, string | undefined>;
    /** The config file, for error messages. */
    readonly file?: string;
    /** The profile being parsed. */
    readonly profile: string;
    /**
     * Reads the secret(s) of `field` (e.g. `secret`, `key`, `token`, `client_secret`): inline as
     * `field: value` or `field + 's': [new, old]` (action input only), or by reference as
     * `field + '_env': VAR | [VAR, …]`. Returns the values newest first; throws ERR_SIGNING_CONFIG
     * when both, an inline one in a file, or an unset/empty variable. When none is given it returns
     * [] and records the field as missing (`missing`): allowOnly reports it.
     * Marks those keys as known for the unknown-field check.
     */
    secret(field: string, raw: Record<string, unknown>): string[];
    /** Like `secret` but returns [] when the field is absent, without recording it as missing. */
    optionalSecret(field: string, raw: Record<string, unknown>): string[];
    /**
     * Records that a required field is missing, with what to give. Reported by allowOnly, after
     * the unknown fields: a missing field is most often a misspelt one (`secrett:`), and then the
     * misspelling is what to fix. Only the first one recorded is reported.
     */
    missing(field: string, message: string): void;
    /**
     * Throws ERR_SIGNING_CONFIG for the first key of `raw` that is neither `type`, in `fields`, nor a
     * secret key already read through `secret`/`optionalSecret`, with the nearest allowed name
     * when one is close; then for the field `missing` recorded. Call it last, on every path that
     * returns a profile.
     */
    allowOnly(raw: Record<string, unknown>, fields: readonly string[]): void;
    /** Throws `StintError('ERR_SIGNING_CONFIG', 'signing profile "NAME": field "FIELD": MESSAGE')`. */
    fail(field: string, message: string): never;
}
export {};
