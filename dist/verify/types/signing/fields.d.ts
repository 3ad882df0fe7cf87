import type { ParseContext } from './types.js';
/**
 * Small readers for profile fields. Each one fails through `ctx.fail`, so every message names the
 * profile, the field and what is allowed.
 */
export declare function optionalString(ctx: ParseContext, raw: Record<string, unknown>, field: string): string | undefined;
export declare function oneOf<T extends string>(ctx: ParseContext, raw: Record<string, unknown>, field: string, allowed: readonly T[], fallback?: T): T;
export declare function optionalBoolean(ctx: ParseContext, raw: Record<string, unknown>, field: string, fallback: boolean): boolean;
/** An HTTP header name as RFC 9110 allows (a token). */
export declare function optionalHeaderName(ctx: ParseContext, raw: Record<string, unknown>, field: string): string | undefined;
/**
 * Seconds from a duration in stint's one grammar (src/lib/duration.ts: `60`, `'90s'`, `'5m'`,
 * `'1h30m'`), within [min, max].
 */
export declare function optionalDuration(ctx: ParseContext, raw: Record<string, unknown>, field: string, limits: {
    min: number;
    max: number;
}): number | undefined;
export declare function isRecord(value: unknown): value is Record<string, unknown>;
/** 1-based line and column of a character offset, for parse errors that must not quote the text. */
export declare function lineAndColumn(text: string, offset: number): {
    line: number;
    col: number;
};
/**
 * A secret that is sent as it is, in a header or a URL (a bearer token, an OAuth 2.0 access
 * token), with the one trailing newline a CI file variable, a pasted value or a file read as it is
 * carries (LF or CRLF) dropped, as the ID token is trimmed.
 *
 * @example
 * withoutTrailingNewline('tok\r\n') // 'tok'
 */
export declare function withoutTrailingNewline(value: string): string;
/** Whether `value` is printable ASCII only (space to `~`), as a header value must be to mean the same bytes to every client. */
export declare function isPrintableAscii(value: string): boolean;
/**
 * Why `value` cannot be sent as it is in a header field (or undefined when it can), said without
 * quoting it. A line break would end the header line and start another (header injection, or a
 * different credential), and Node refuses control characters with an exception; outside printable
 * ASCII, clients send different bytes (UTF-8 or Latin-1) for the same text.
 */
export declare function headerValueProblem(value: string): string | undefined;
