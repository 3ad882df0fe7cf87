import { StintError } from '../lib/errors.js';
import { maskForms, unmaskableReason } from './forms.js';

/**
 * The `::add-mask::` workflow commands that register every form of each secret with the GitHub
 * Actions runner (maskForms, in the order the action registers them), one line each, the data
 * escaped as `@actions/core` escapes it (`%`, CR, LF). A secret that cannot be masked is refused
 * (ERR_SECRET_TOO_SHORT), as the action refuses it: printed, it would show in the log.
 *
 * The runner reads workflow commands from a step's stderr as from its stdout (each stream has its
 * own OutputManager in actions/runner's ScriptHandler), so a command whose stdout is captured
 * (`TOKEN=$(stint sign …)`) writes these to stderr, where the capture does not swallow them.
 *
 * @example
 * io.stderr.write(addMaskCommands([accessToken]));   // before the token is printed
 */
export function addMaskCommands(secrets: Iterable<string>): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const unmaskable = unmaskableReason(secret);
    if (unmaskable !== undefined)
      throw new StintError('ERR_SECRET_TOO_SHORT', `${unmaskable}; use a longer, random secret`);
    for (const form of maskForms(secret)) forms.add(form);
  }
  let text = '';
  for (const form of forms) text += `::add-mask::${escapeData(form)}\n`;
  return text;
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
