import { secretIn, withholdPlainSecrets } from '../audit/secret-guard.js';
import { isVariableName } from '../lib/env-setting.js';
import { redactor } from '../mask/redact.js';

/**
 * What the CLI prints about a failure never carries a secret, whoever wrote the message: an
 * option's check quoting what it was given (a token pasted where a variable's NAME goes), node's
 * parseArgs quoting an argument, a broker or token endpoint echoing what it was sent. Every line
 * of a failure goes through `scrubFailure`, in one place, so no command has to remember to.
 */

/** Variables that hold secrets whatever they are called in a config: CI ID tokens, the stint token, … */
const SECRET_VARIABLES = [
  'STINT_ID_TOKEN',
  'CIRCLE_OIDC_TOKEN_V2',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'STINT_TOKEN',
  'STINT_API_KEY',
  'STINT_REDIS_PASSWORD',
  'STINT_SENTINEL_PASSWORD',
  'STINT_HSM_PIN',
];
/**
 * Names of variables that hold secrets by convention (a signing profile's `secret_env`, the
 * store's `password_env`, the HSM's `pin_env`, a CI's own `CI_JOB_TOKEN` or `GITHUB_TOKEN`): their
 * values, when long enough not to be ordinary words, are redacted as well.
 */
const SECRET_NAME = /TOKEN|SECRET|PASSW|PASSPHRASE|API_?KEY|PRIVATE_?KEY|CLIENT_?KEY|CREDENTIAL|_PIN$|^PIN$/i;
/**
 * Names that match SECRET_NAME but hold no secret (`STINT_TOKEN_EXPIRES_AT`,
 * `ACTIONS_ID_TOKEN_REQUEST_URL`), or hold the NAME of the variable with the secret (the CircleCI
 * orb's `PARAM_ID_TOKEN_ENV=CIRCLE_OIDC_TOKEN_V2`): redacting that would blank the name in the
 * very message that says which variable is missing.
 */
const NOT_SECRET_NAME = /_(URL|FILE|PATH|DIR|EXPIRES_AT|ALGS|MISSING|TYPE|ENV|NAME|VAR|VARIABLE)$/i;
/** A value of a variable only SECRET_NAME picks out is redacted from this length on. */
const MIN_NAMED_BY_CONVENTION = 8;
/** A quoted value of a usage error longer than this is described, not quoted. */
const MAX_QUOTED = 64;

/**
 * The secrets the CLI can see in its environment and arguments: the variables above, every
 * `STINT_SECRET_*`, the variable each `--…-env` option names (`--id-token-env`, `--token-env`),
 * and a `--…-env` value that is not a variable name at all (a token pasted where its name goes).
 */
export function cliSecrets(env: NodeJS.ProcessEnv, args: readonly string[] = []): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined, min = 4): void => {
    if (value !== undefined && value.trim().length >= min) secrets.add(value);
  };
  for (const name of SECRET_VARIABLES) add(env[name]);
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('STINT_SECRET_')) add(value);
    else if (SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name)) add(value, MIN_NAMED_BY_CONVENTION);
  }
  for (const [i, arg] of args.entries()) {
    if (arg === '--') break;
    const option = /^--[a-z-]*-env(?:=([\s\S]*))?$/.exec(arg);
    if (option === null) continue;
    const value = option[1] ?? args[i + 1];
    if (value === undefined) continue;
    if (isVariableName(value)) add(env[value]);
    else add(value);
  }
  return [...secrets];
}

/**
 * `text` (a failure's message, any number of lines) with no secret left in it:
 *  1. a quoted value holding a secret, or in a usage error a quoted value longer than 64
 *     characters, is described instead ("a 1,761-character value that looks like a JWT");
 *  2. every form of every secret in `secrets` (raw, base64, base64url, hex, URL-encoded,
 *     JSON-escaped, and long runs of them) is replaced by `***`;
 *  3. a JWT or a stint API key written plainly is replaced by `[secret withheld]`, a PEM private
 *     key by `[private key withheld]`; and if the text still holds something shaped like a
 *     secret (one encoded), the whole message is withheld, with what it looked like.
 *
 * @example
 * scrubFailure("--id-token-env must be an environment variable name, got 'eyJ…'", [], { usage: true })
 * // "--id-token-env must be an environment variable name, got a 1,761-character value that looks like a JWT (pass the variable's NAME, not its value)"
 */
export function scrubFailure(text: string, secrets: readonly string[], options: { usage?: boolean } = {}): string {
  const clean = secrets.length > 0 ? redactor(secrets) : (line: string) => line;
  const described = text.replace(/'([^'\s]+)'|"([^"\s]+)"/g, (quoted, single?: string, double?: string) => {
    const value = single ?? double ?? '';
    const shaped = secretIn(value);
    const what =
      shaped !== undefined
        ? ` that looks like ${shaped}`
        : clean(value) !== value
          ? ' that holds a secret from the environment'
          : undefined;
    if (what === undefined && !(options.usage === true && value.length > MAX_QUOTED)) return quoted;
    const name = /variable(?:'s)? name|-env\b/.test(text) ? " (pass the variable's NAME, not its value)" : '';
    return `a ${value.length.toLocaleString('en-US')}-character value${what ?? ''}${name}`;
  });
  const redacted = clean(described).replace(PRIVATE_KEY, '[private key withheld]');
  const what = secretIn(redacted);
  if (what === undefined) return redacted;
  const cut = withholdPlainSecrets(redacted, '[secret withheld]');
  if (cut !== undefined) return cut;
  return `the message is withheld: it holds what looks like ${what}`;
}

/** A PEM private key, its body up to its end armour (or the end of the text). */
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
