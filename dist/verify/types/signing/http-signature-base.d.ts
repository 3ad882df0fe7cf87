/**
 * The parts of RFC 9421 shared by the signer and the verifier: component values (§2.1, §2.2), the
 * signature base (§2.5), the serialisation of `@signature-params` as an RFC 8941 inner list, and
 * RFC 9530 `Content-Digest`. Both sides build the base with this one function, so they cannot
 * drift apart.
 */
/** Signature parameters in the order they are serialised. */
export interface SignatureParams {
    created?: number;
    expires?: number;
    nonce?: string;
    alg?: string;
    keyid?: string;
    tag?: string;
}
/** An RFC 8941 sf-string: quoted, with `"` and `\` escaped. Callers ensure printable ASCII. */
export declare function sfString(value: string): string;
/** `("@method" "@path");created=1;keyid="k"`: the `@signature-params` value and the Signature-Input member. */
export declare function serializeSignatureParams(components: readonly string[], params: SignatureParams): string;
/** The message as the base needs it: header names lowercased, repeated fields as separate values. */
export interface MessageParts {
    method: string;
    /** The parsed URL, for `@authority` and `@scheme` (whose RFC 9421 values are normalised). */
    url: URL;
    /** The request target as sent, for `@path`, `@query`, `@request-target` and `@target-uri`. */
    target: RequestTarget;
    headers: Map<string, string[]>;
}
/** The path and query of a request exactly as written on the request line (never decoded or resolved). */
export interface RequestTarget {
    /** `/a/b`; an empty path is `/` (RFC 9421 §2.2.6). */
    path: string;
    /** `?x=1`, or '' when the URL has no `?`. */
    query: string;
}
/**
 * The path and query of an absolute URL as written, before any decoding or normalisation.
 *
 * RFC 9421 §2.2.6 and §2.2.7 take `@path` and `@query` "before decoding any percent-encoded
 * octets" (the simple string comparison of RFC 3986 §6.2.1); only an empty path becomes `/`.
 * WHATWG `URL.pathname` is not that: it decodes `%2e`, turns `\` into `/` and removes `..`
 * segments, so `/admin/%2e%2e/public/status` would give the `@path` of `/public/status` while a
 * router runs the `/admin/*` handler for it. The authority ends at the first `/`, `?`, `#` or
 * `\`, as it does for WHATWG's special schemes.
 */
export declare function requestTarget(url: string): RequestTarget;
export declare function messageParts(method: string, url: string, headers: Iterable<[string, string | string[] | undefined]>): MessageParts;
/** The value of one covered component (RFC 9421 §2.1 fields, §2.2 derived components). */
export declare function componentValue(component: string, message: MessageParts): string;
/**
 * The signature base (§2.5): one line per component, then `"@signature-params"` with the
 * serialised inner list (`serializeSignatureParams` for the signer; the verifier re-serialises
 * what it received, keeping its parameter order). No final newline.
 */
export declare function signatureBase(components: readonly string[], signatureParams: string, message: MessageParts): string;
/** RFC 9530 `Content-Digest` value for `body`, e.g. `sha-256=:X48E9q…=:`. */
export declare function contentDigest(algorithm: 'sha-256' | 'sha-512', body: Buffer): string;
export declare function digestOf(algorithm: 'sha-256' | 'sha-512', body: Buffer): Buffer;
