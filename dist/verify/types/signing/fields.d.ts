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
