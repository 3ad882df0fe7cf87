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

export class StintError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StintError';
    this.code = code;
  }
}

/** A command line that cannot be run as given; the CLI exits 2. */
export class UsageError extends StintError {
  constructor(message: string) {
    super('ERR_USAGE', message);
    this.name = 'UsageError';
  }
}

export function isStintError(error: unknown, code?: ErrorCode): error is StintError {
  return error instanceof StintError && (code === undefined || error.code === code);
}
