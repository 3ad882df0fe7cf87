import { parseDocument } from 'yaml';
import { StintError } from '../errors.js';
import { parseSigningMap, type ParseOptions, type SigningProfiles } from './config.js';
import { lineAndColumn } from './fields.js';

/**
 * Parses signing profiles from the action's `signing` input (a YAML string) or from an object
 * (a config file's `signing:` value). With `origin: 'action-input'` secrets may be inline
 * (`secret`, `secrets: [new, old]`, `key`, `token`); with `origin: 'file'` only `*_env` references.
 * Throws `StintError('ERR_SIGNING_CONFIG')` naming the profile, the field and what is allowed.
 *
 * @example
 * const profiles = parseSigningProfiles(core.getInput('signing'), { origin: 'action-input', env: process.env });
 */
export function parseSigningProfiles(input: string | object, options: ParseOptions): SigningProfiles {
  if (typeof input !== 'string') return parseSigningMap(input, options);
  const document = parseDocument(input, { prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    // Position and kind only: the parser's message quotes the line, which may hold a secret.
    const at = lineAndColumn(input, first.pos[0]);
    throw new StintError('ERR_SIGNING_CONFIG', `signing (line ${at.line}, column ${at.col}): not valid YAML (${first.code})`);
  }
  const map: unknown = document.toJS();
  return parseSigningMap(map ?? {}, options);
}
