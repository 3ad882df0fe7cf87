/**
 * Every error stint raises on purpose is a `StintError` with a stable string `code`, so callers
 * and tests switch on the code, never on the wording. Messages say what to fix.
 *
 * @example
 * try { compilePolicy(config) } catch (e) {
 *   if (isStintError(e, 'ERR_POLICY_UNKNOWN_KEY')) console.error(e.message);
 * }
 */
export type ErrorCode = `ERR_${string}`;
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
