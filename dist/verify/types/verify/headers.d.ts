/**
 * Request headers as a receiving server has them: a fetch `Headers`, Node's `IncomingHttpHeaders`
 * (lowercase names, arrays for repeats) or any plain record.
 */
export type HeadersLike = {
    get(name: string): string | null;
} | Record<string, string | string[] | undefined>;
/** The value of a header, matched case-insensitively; repeated fields joined with ", " (RFC 9110). */
export declare function headerValue(headers: HeadersLike, name: string): string | undefined;
/** Constant-time equality of two byte strings; different lengths are simply unequal. */
export declare function bytesEqual(a: Buffer, b: Buffer): boolean;
