import { isStintError } from '../lib/errors.js';

/**
 * The text of the step's one `::error` annotation. A StintError already says what to fix (and,
 * from the broker, carries its error_description and request_id); anything else is a bug, said so.
 */
export function failureMessage(error: unknown): string {
  if (isStintError(error)) return `stint: ${error.message} [${error.code}]`;
  const message = error instanceof Error ? error.message : String(error);
  return `stint: unexpected error: ${message}. Please report it with the step log.`;
}
