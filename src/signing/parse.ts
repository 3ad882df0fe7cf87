import { parseDocument } from 'yaml';
import { StintError } from '../lib/errors.js';
import { ALIASES_TOO_FAR, aliasesExpandTooFar, MAX_YAML_ALIASES } from '../lib/yaml-aliases.js';
import { type ParseOptions, parseSigningMap, type SigningProfiles } from './config.js';
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
  const map = decodeYaml(
    input,
    (at, code) =>
      `signing (line ${at.line}, column ${at.col}): not valid YAML (${code})${pastedMultiLine(input, at.line) ? PASTED_HINT : ''}`,
  );
  return parseSigningMap(map ?? {}, options);
}

/** What fixes a multi-line secret substituted into the input as it is (docs/action.md). */
const PASTED_HINT =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
  '; a multi-line secret (a PEM key) cannot be pasted in as it is or in quotes: write it as key: ${{ toJSON(secrets.KEY) }}';

/** A line the profiles' YAML starts at column 1: a name (`deploy:`, `"deploy":`), a comment, flow punctuation, a document marker. */
const TOP_LEVEL_LINE = /^(?:#|---|\.\.\.|[{}[\]]|(?:[^\s#:{}[\],'"]+|"[^"]*"|'[^']*')\s*:(?:\s|$))/;
/** PEM armour, alone on a line or ending one (`key: -----BEGIN PRIVATE KEY-----`). */
const PEM_ARMOUR_LINE = /^\s*-----(?:BEGIN|END) [A-Z0-9 ]+-----|-----BEGIN [A-Z0-9 ]+-----\s*$/;

/**
 * Whether the YAML error at `errorLine` is one a multi-line secret causes when the workflow
 * substitutes it into the input as it is (`key: ${{ secrets.KEY }}`, quoted or not): the runner
 * inserts its lines unindented, so a line at or just after the error is PEM armour or starts at
 * column 1 without being a profile name. Other errors (a tab, an unclosed bracket) get no hint.
 */
function pastedMultiLine(text: string, errorLine: number): boolean {
  const lines = text.split(/\r?\n|\r/);
  for (let i = 0; i < Math.min(lines.length, errorLine + 1); i++) {
    const line = lines[i] as string;
    if (PEM_ARMOUR_LINE.test(line)) return true;
    if (i > 0 && /^\S/.test(line) && !TOP_LEVEL_LINE.test(line)) return true;
  }
  return false;
}

/**
 * Decodes signing YAML (a repeated key is an error), for the action's input and for config
 * files. A syntax error throws ERR_SIGNING_CONFIG with `message(position, kind)`: never the
 * parser's own message, which quotes the line, and the line may hold a secret.
 */
export function decodeYaml(
  text: string,
  message: (at: { line: number; col: number }, code: string) => string,
): unknown {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined)
    throw new StintError('ERR_SIGNING_CONFIG', message(lineAndColumn(text, first.pos[0]), first.code));
  if (aliasesExpandTooFar(document))
    throw new StintError('ERR_SIGNING_CONFIG', `${message({ line: 1, col: 1 }, 'ALIAS_COUNT')}: ${ALIASES_TOO_FAR}`);
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // An alias that names no anchor; the parser's message would quote the text.
    throw new StintError('ERR_SIGNING_CONFIG', message({ line: 1, col: 1 }, 'BAD_ALIAS'), { cause: error });
  }
}
