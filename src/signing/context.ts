import { closestName } from '../lib/closest-name.js';
import { isVariableName, looksLikeVariableName } from '../lib/env-setting.js';
import { StintError } from '../lib/errors.js';
import type { ParseContext, ProfileOrigin } from './types.js';

/** One secret field a profile read, with its values newest first. `writableConfig` re-homes them. */
export interface SecretBinding {
  field: string;
  /** The key the profile gave it as: `secret`, `secrets` or `secret_env`. */
  given: string;
  values: string[];
}

export interface ProfileParseContext extends ParseContext {
  /** Every secret field read so far, in order. */
  readonly bindings: SecretBinding[];
}

/** Builds the context one profile is parsed with. */
export function createParseContext(options: {
  origin: ProfileOrigin;
  env: Record<string, string | undefined>;
  file?: string;
  profile: string;
}): ProfileParseContext {
  const { origin, env, file, profile } = options;
  const bindings: SecretBinding[] = [];
  /** Each secret key read so far (`secret`, `secrets`, `secret_env`) → the key a file spells it as (`secret_env`). */
  const secretKeys = new Map<string, string>();
  /** The first required field found missing, reported by allowOnly once no field is unknown. */
  let missingField: { field: string; message: string } | undefined;

  const fail = (field: string, message: string): never => {
    throw new StintError(
      'ERR_SIGNING_CONFIG',
      `${file ? `${file}: ` : ''}signing profile "${profile}": field "${field}": ${message}`,
    );
  };

  // A required field that is missing is most often one that is misspelt (`secrett:`): its failure
  // waits for allowOnly, which names an unknown field first.
  const missing = (field: string, message: string): void => {
    missingField ??= { field, message };
  };

  const read = (field: string, raw: Record<string, unknown>): string[] => {
    const plural = `${field}s`;
    const envKey = `${field}_env`;
    for (const key of [field, plural, envKey]) secretKeys.set(key, envKey);
    const given = [field, plural, envKey].filter((key) => raw[key] !== undefined && raw[key] !== null);
    if (given.length === 0) return [];
    if (given.length > 1) fail(given[1] ?? field, `give only one of ${field}, ${plural} and ${envKey}`);
    const key = given[0] as string;
    const value = raw[key];
    if (key !== envKey && origin === 'file') {
      // A config file may be committed, copied or uploaded; secrets in it would outlive the job.
      fail(
        key,
        `secrets are not allowed inline in a config file; use ${envKey}: VAR (the name of an environment variable)`,
      );
    }
    let values: string[];
    if (key === field) {
      if (typeof value !== 'string' || value === '') fail(key, 'must be a non-empty string');
      values = [value as string];
    } else if (key === plural) {
      if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) {
        fail(key, 'must be a non-empty list of non-empty strings, newest first');
      }
      values = value as string[];
    } else {
      const names = typeof value === 'string' ? [value] : value;
      if (
        !Array.isArray(names) ||
        names.length === 0 ||
        names.some((n) => typeof n !== 'string' || !isVariableName(n))
      ) {
        fail(key, 'must be an environment variable name or a list of them, newest first');
      }
      values = (names as string[]).map((name) => {
        const found = env[name];
        // The name is shown only in the usual form: a secret pasted where its name belongs is not repeated.
        if (found === undefined || found === '')
          fail(
            key,
            looksLikeVariableName(name)
              ? `environment variable ${name} is not set or empty`
              : 'names an environment variable that is not set or empty (its name is not shown: it is not in the usual form, capitals, digits and _); if this is the secret itself, remove it from the config and rotate it, then name a variable there and export it',
          );
        return found as string;
      });
    }
    bindings.push({ field, given: key, values });
    return values;
  };

  return {
    origin,
    env,
    ...(file === undefined ? {} : { file }),
    profile,
    bindings,
    fail,
    optionalSecret: read,
    secret(field, raw) {
      const values = read(field, raw);
      if (values.length === 0) {
        missing(
          field,
          origin === 'file'
            ? `is required: give ${field}_env: VAR`
            : `is required: give ${field}: VALUE, ${field}s: [NEW, OLD] or ${field}_env: VAR`,
        );
      }
      return values;
    },
    missing,
    allowOnly(raw, fields) {
      for (const key of Object.keys(raw)) {
        if (key === 'type' || fields.includes(key) || secretKeys.has(key)) continue;
        const allowed = [...secretKeys.keys()].filter((k) => origin === 'action-input' || k.endsWith('_env'));
        const known = ['type', ...fields, ...allowed];
        // Matched against every spelling of a secret field, then named as this origin allows it:
        // `secrett` in a file is most likely `secret`, which a file gives as `secret_env`.
        const near = closestName(key, [...fields, ...secretKeys.keys()], { ignoreCase: true });
        const suggestion = near === undefined ? undefined : origin === 'file' ? (secretKeys.get(near) ?? near) : near;
        // The key is named; its value, which may be the secret, never is.
        fail(
          key,
          `unknown field${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; allowed: ${known.join(', ')}`,
        );
      }
      if (missingField !== undefined) fail(missingField.field, missingField.message);
    },
  };
}
