import { StintError } from '../lib/errors.js';
import { MIN_FORM_LENGTH as MIN_SECRET_LENGTH, maskForms } from '../mask/index.js';
import type { ActionCore } from './runner.js';

/**
 * Registers every form of each secret with the runner once, and remembers the secrets so our
 * own messages can be redacted. Call `mask(value)` before the value goes anywhere.
 */
export interface Masker {
  mask(secret: string): void;
  readonly secrets: ReadonlySet<string>;
}

export function createMasker(core: ActionCore): Masker {
  const registered = new Set<string>();
  const secrets = new Set<string>();
  return {
    secrets,
    mask(secret) {
      if (secrets.has(secret)) return;
      // Fail closed: a secret too short to register would show in the log wherever it appears.
      if (secret.trim().length < MIN_SECRET_LENGTH) {
        throw new StintError(
          'ERR_SECRET_TOO_SHORT',
          `a secret of ${secret.trim().length} character(s) cannot be masked in the log (the runner needs at least ${MIN_SECRET_LENGTH}); use a longer, random secret`,
        );
      }
      secrets.add(secret);
      for (const form of maskForms(secret)) {
        if (registered.has(form)) continue;
        registered.add(form);
        core.setSecret(form);
      }
    },
  };
}
