import { secretIn } from '../audit/secret-guard.js';
import { UsageError } from '../lib/errors.js';
import { cliSecrets } from './scrub.js';

/**
 * The broker URL `--broker` (or `STINT_BROKER_URL`, named by `setting`) gives, checked before
 * anything is sent or printed: a UsageError, which never repeats the value, unless it is an
 * `http://` or `https://` URL with nothing secret in it.
 *
 * Why it is never repeated: a value that is not a URL is most often something pasted into the
 * wrong place, and that may be a token. And why a secret inside a URL is refused rather than left
 * to the scrubber: parsing a URL lower-cases its host, so a JWT given as (part of) the host reaches
 * the retry lines and errors as `eyjhbgci…`, which no check for a JWT recognises any more.
 * `env` supplies the secrets the CLI knows of (./scrub.ts), matched regardless of case for that reason.
 *
 * @example
 * const brokerUrl = brokerOption(values.broker, io.env); // 'https://stint.example.com'
 */
export function brokerOption(value: string, env: NodeJS.ProcessEnv, setting = '--broker'): string {
  const what =
    secretIn(value) ?? (holdsSecretOf(value, env) ? 'the value of a secret variable of this environment' : undefined);
  if (what !== undefined) {
    throw new UsageError(
      `${setting} must be the broker's URL (https://stint.example.com); the value given holds what looks like ${what}, so it is not shown: give the broker's URL there, never a token`,
    );
  }
  const scheme = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (scheme !== 'https:' && scheme !== 'http:') {
    throw new UsageError(
      `${setting} must be the broker's URL, https://… (http:// only to this machine), such as https://stint.example.com; the value given is not one (it is not shown, in case it is something pasted in the wrong place)`,
    );
  }
  return value;
}

/** Whether `value`, in any case, holds a secret the CLI can see in its environment. */
function holdsSecretOf(value: string, env: NodeJS.ProcessEnv): boolean {
  const lower = value.toLowerCase();
  return cliSecrets(env).some((secret) => secret.length >= 8 && lower.includes(secret.toLowerCase()));
}
