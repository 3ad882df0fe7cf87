/**
 * Messages about a config setting that names an environment variable (`store.password_env`,
 * `keys.pkcs11.pin_env`). Operators paste the secret itself where the name belongs often enough
 * that no message may repeat what they wrote unless it is plainly a variable name: a value that is
 * not a name at all is never shown, and a valid name is shown only in the conventional form
 * (capitals, digits, `_`), which a password or PIN rarely takes.
 */

/** A name `VAR=value` in a shell accepts: letters, digits and `_`, not starting with a digit. */
export function isVariableName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/** The conventional form of an environment variable's name (`STINT_REDIS_PASSWORD`). */
export function looksLikeVariableName(text: string): boolean {
  return /^[A-Z_][A-Z0-9_]*$/.test(text);
}

/**
 * The config error for a `*_env` setting whose value is not a variable name; the value is not
 * repeated (it may be the secret).
 *
 * @example
 * reader.error(node, 'ERR_CONFIG_INVALID', notAVariableName('store.password_env', 'the Redis password', 'REDIS_PASSWORD'));
 */
export function notAVariableName(setting: string, holds: string, example: string): string {
  return `${setting} is the name of an environment variable that holds ${holds} (letters, digits, _; e.g. ${example}), never ${holds} itself; the value is not shown: if it is ${holds}, remove it from the file and rotate it`;
}

/**
 * The error for a `*_env` setting whose variable is not set. `at` is the setting's `file:line:column`
 * when known. The name is shown only when it looks like one; otherwise the reader is told what to do
 * if it was the secret.
 *
 * @example
 * unsetVariable({ setting: 'store.password_env', name: 'STINT_REDIS_PASSWORD', holds: 'the Redis password', where: 'where stint serve and stint keys run' });
 */
export function unsetVariable(options: {
  setting: string;
  name: string;
  holds: string;
  where: string;
  at?: string | undefined;
}): string {
  const { setting, name, holds, where, at } = options;
  const prefix = at === undefined ? '' : `${at}: `;
  if (looksLikeVariableName(name))
    return `${prefix}${setting} names ${name}, but that environment variable is not set; export it, holding ${holds}, ${where}`;
  return `${prefix}${setting} names an environment variable that is not set (its name is not shown: it is not in the usual form, capitals, digits and _); if this is ${holds} itself, remove it from the file and rotate it, then name a variable there and export it ${where}`;
}
