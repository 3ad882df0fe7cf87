import { maskForms } from './forms.js';

/**
 * Replaces every printable form of every secret in `text` with `***`, for stint's own log lines
 * and error messages (the runner's masking covers what reaches the log; this covers what we
 * write anywhere else, and runs before the runner ever sees it).
 *
 * @example
 * core.info(redact(`broker said: ${body}`, [idToken, accessToken]));
 */
export function redact(text: string, secrets: Iterable<string>): string {
  const forms = new Set<string>();
  for (const secret of secrets) for (const form of maskForms(secret)) forms.add(form);
  // Longest first, so a long form is not half-replaced by a shorter one it contains.
  let result = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (result.includes(form)) result = result.split(form).join('***');
  }
  return result;
}
