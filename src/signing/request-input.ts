import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../lib/errors.js';
import { getProfile } from './config.js';
import { loadSigningProfiles } from './load.js';
import type { SigningProfile } from './types.js';

/**
 * Turns the request options shared by `stint sign` and `stint request` (`--header "K: V"`,
 * `--body`, `--body-file`, `--config`) into a header record, body bytes and the named profile.
 */

/** The parsed values of the options both commands take. */
export interface RequestArgs {
  config?: string;
  body?: string;
  'body-file'?: string;
  header: string[];
}

/**
 * The headers, the body and signing profile `name` for one request described on the command
 * line, in that order (a bad --header fails before stdin is read or the config is loaded).
 */
export async function readRequestArgs(
  name: string,
  values: RequestArgs,
  io: { env: NodeJS.ProcessEnv; cwd: string },
): Promise<{ headers: Record<string, string>; body: Buffer; profile: SigningProfile }> {
  const headers = parseHeaderArgs(values.header);
  const body = await readBody({
    ...(values.body === undefined ? {} : { body: values.body }),
    ...(values['body-file'] === undefined ? {} : { bodyFile: values['body-file'] }),
    cwd: io.cwd,
  });
  const profiles = await loadSigningProfiles({
    ...(values.config === undefined ? {} : { config: values.config }),
    env: io.env,
    cwd: io.cwd,
    only: name,
  });
  return { headers, body, profile: getProfile(profiles, name) };
}

/** `["Content-Type: application/json", …]` → `{ 'Content-Type': 'application/json' }`; a repeated name is joined with ", ". */
export function parseHeaderArgs(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(line)) {
      // Not echoed: a mistyped header may well be a credential ("Authorization Bearer …").
      throw new UsageError('--header must be "Name: value" with a header name before the colon');
    }
    const value = line.slice(colon + 1).trim();
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing === undefined) headers[name] = value;
    else headers[existing] = `${headers[existing]}, ${value}`;
  }
  return headers;
}

/** The body from `--body S` or `--body-file F` (`-` reads stdin), as the exact bytes to sign. */
export async function readBody(options: {
  body?: string;
  bodyFile?: string;
  cwd: string;
  stdin?: Readable;
}): Promise<Buffer> {
  if (options.body !== undefined && options.bodyFile !== undefined)
    throw new UsageError('give --body or --body-file, not both');
  if (options.body !== undefined) return Buffer.from(options.body);
  if (options.bodyFile === undefined) return Buffer.alloc(0);
  if (options.bodyFile === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of options.stdin ?? process.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(resolve(options.cwd, options.bodyFile));
  } catch (error) {
    throw new UsageError(
      `cannot read --body-file ${options.bodyFile} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
}
