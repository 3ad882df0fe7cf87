import { StintError } from '../lib/errors.js';
import { maskForms, unmaskableReason } from '../mask/index.js';
import type { ActionCore } from './runner.js';

/**
 * Registers every form of each secret with the runner once, and remembers the secrets so our
 * own messages can be redacted. Call `mask(value)` before the value goes anywhere.
 */
export interface Masker {
  /** `where` (a signing profile and field) starts the error when the secret cannot be masked. */
  mask(secret: string, where?: string): void;
  readonly secrets: ReadonlySet<string>;
}

export function createMasker(core: ActionCore): Masker {
  const registered = new Set<string>();
  const secrets = new Set<string>();
  return {
    secrets,
    mask(secret, where) {
      if (secrets.has(secret)) return;
      // Fail closed: a secret that cannot be registered would show in the log wherever it appears.
      const unmaskable = unmaskableReason(secret);
      if (unmaskable !== undefined)
        throw new StintError(
          'ERR_SECRET_TOO_SHORT',
          `${where === undefined ? '' : `${where}: `}${unmaskable}; use a longer, random secret`,
        );
      secrets.add(secret);
      const forms = maskForms(secret).filter((form) => !registered.has(form));
      for (const form of forms) registered.add(form);
      if (core.setSecrets) core.setSecrets(forms);
      else for (const form of forms) core.setSecret(form);
    },
  };
}
