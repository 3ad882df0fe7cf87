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
  return redactor(secrets)(text);
}

/**
 * `redact` with the work done once for many texts: each secret's forms (`maskForms`) replaced
 * wherever they occur, longest first.
 *
 * @example
 * const clean = redactor([idToken]);
 * for (const line of lines) print(clean(line));
 */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) for (const form of maskForms(secret)) forms.add(form);
  // Longest first, so a long form is not half-replaced by a shorter one it contains.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const form of ordered) if (result.includes(form)) result = result.split(form).join('***');
    return result;
  };
}
