import { isStintError } from '../lib/errors.js';

/**
 * The text of the step's one `::error` annotation. A StintError already says what to fix (and,
 * from the broker, carries its error_description and request_id); anything else is a bug, said so.
 */
export function failureMessage(error: unknown): string {
  if (isStintError(error)) return `stint: ${error.message} [${error.code}]`;
  const message = error instanceof Error ? error.message : String(error);
  return `stint: unexpected error: ${withoutFullStop(message)}. Please report it with the step log.`;
}

/**
 * The warning for a job summary that could not be written (main and post): the step goes on, as
 * the summary is a report, not part of the job's work. Names the input that turns it off, for a
 * runner without job summaries (GITHUB_STEP_SUMMARY unset: GHES before 3.6, local runners).
 */
export function summaryWarning(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `stint: could not write the job summary (${withoutFullStop(message)}); set the input summary: false where the runner has no job summaries`;
}

function withoutFullStop(message: string): string {
  return message.replace(/[.\s]+$/, '');
}
