import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StintError, UsageError } from '../lib/errors.js';
import { parseSigningMap, type SigningProfiles } from './config.js';
import { isRecord } from './fields.js';

/**
 * Reads the signing profiles of a config file: `--config FILE`, else `$STINT_CONFIG` (what the
 * action writes). The file is YAML or JSON with a `signing:` key; secrets in it are only
 * `secret_env` / `key_env` references. JSON is read without loading the YAML parser, which keeps
 * `stint sign` quick on the file the action writes.
 *
 * @example
 * const profiles = await loadSigningProfiles({ config: args.config, env: io.env, cwd: io.cwd });
 */
export async function loadSigningProfiles(options: {
  config?: string;
  env: Record<string, string | undefined>;
  cwd: string;
  only?: string;
}): Promise<SigningProfiles> {
  const given = options.config ?? options.env.STINT_CONFIG;
  if (given === undefined || given === '') {
    // A source the command line must name and does not: a usage error (exit 2), as `stint cert` without --broker.
    throw new UsageError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
      'no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})',
    );
  }
  const file = resolve(options.cwd, given);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new StintError('ERR_SIGNING_CONFIG_MISSING', `cannot read signing config ${given} (${code})`, {
      cause: error,
    });
  }
  const document = await decode(text, given);
  if (!isRecord(document) || document.signing === undefined) {
    throw new StintError(
      'ERR_SIGNING_CONFIG',
      `${given}: no signing: key; the file needs signing: with one mapping per profile`,
    );
  }
  return parseSigningMap(document.signing, {
    origin: 'file',
    env: options.env,
    file: given,
    ...(options.only === undefined ? {} : { only: options.only }),
  });
}

async function decode(text: string, file: string): Promise<unknown> {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      // Fall through to YAML, a superset that may still read it (flow mappings); its error has the position.
      void error;
    }
  }
  const { decodeYaml } = await import('./parse.js');
  return decodeYaml(text, (at, code) => `${file}:${at.line}:${at.col}: not valid YAML or JSON (${code})`);
}
