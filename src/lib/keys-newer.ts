import { StintError } from './errors.js';

/**
 * ERR_KEYS_NEWER: a keys file (`keys.json`, `api-keys.json`) written by a newer stint. Not damage:
 * nothing is changed, and `stint keys rotate --now` refuses it too (it would destroy the newer
 * version's keys, and every token they signed would stop verifying).
 */
export function keysNewer(file: string, what: string, keep: string): StintError {
  return new StintError(
    'ERR_KEYS_NEWER',
    `${file} was written by a newer stint (${what}): run that version (see docs/upgrading.md); ${keep}`,
  );
}
