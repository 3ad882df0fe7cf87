/**
 * Every error stint raises on purpose is a `StintError` with a stable string `code`, so callers
 * and tests switch on the code, never on the wording. Messages say what to fix. The codes are
 * the keys of the catalogue (error-catalogue.ts), which says what each means and what to do, and
 * from which docs/troubleshooting.md is generated: a code that is not there does not compile.
 *
 * @example
 * try { compilePolicy(config) } catch (e) {
 *   if (isStintError(e, 'ERR_POLICY_UNKNOWN_KEY')) console.error(e.message);
 * }
 */
import type { CATALOGUE } from './error-catalogue.js';
type Catalogue = typeof CATALOGUE;
/** An error code of the catalogue. */
export type ErrorCode = Extract<keyof Catalogue, `ERR_${string}`>;
/** A warning code of the catalogue (`stint policy check` and `stint serve` print them). */
export type WarningCode = Extract<keyof Catalogue, `WARN_${string}`>;
/** The HTTP status the broker answers with `code` (undefined for a code it never answers with). */
export type StatusOf<C extends ErrorCode> = Catalogue[C] extends {
    status: infer S;
} ? S : undefined;
/** The codes the broker answers with HTTP status `S`. */
export type CodeWithStatus<S extends number> = {
    [C in ErrorCode]: StatusOf<C> extends S ? C : never;
}[ErrorCode];
export declare class StintError extends Error {
    readonly code: ErrorCode;
    constructor(code: ErrorCode, message: string, options?: {
        cause?: unknown;
    });
}
/** A command line that cannot be run as given; the CLI exits 2. */
export declare class UsageError extends StintError {
    constructor(message: string);
}
export declare function isStintError(error: unknown, code?: ErrorCode): error is StintError;
export {};
