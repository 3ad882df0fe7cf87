import { type ErrorCode, isStintError, UsageError } from '../lib/errors.js';
import { fileAccessError } from '../lib/file-access.js';
import { type CliIo, writeLine } from './io.js';
import { cliSecrets, scrubFailure } from './scrub.js';

/** What the CLI says about a failed command: its exit status, its code and its one line. */
interface Failure {
  status: 1 | 2;
  code: ErrorCode;
  /** The line on stderr, after `stint: `; an unexpected error keeps its stack here. */
  line: string;
  /** The message alone, for --json. */
  message: string;
}

/**
 * Turns an error into the exit code and one line on stderr; unexpected errors keep their stack.
 * `command` (the subcommand run) lets a bad option point at that command's `--help`. With
 * `json`, stdout also gets `{"ok": false, "error": {"code", "message"}}` (and `diagnostics` when
 * the error carries the config's or case file's), so a script that asked for JSON can always
 * parse what it got (docs/cli.md#json-output).
 *
 * Whatever the message quotes (an option's value, an argument, a broker's or token endpoint's
 * echo, a file name) is scrubbed first (./scrub.ts): the secrets in the environment and the
 * `--…-env` variables `args` name, and anything shaped like a JWT, an API key or a private key,
 * never reach stderr or the JSON.
 */
export function reportFailure(
  error: unknown,
  io: CliIo,
  command?: string,
  options: { json?: boolean; args?: readonly string[] } = {},
): number {
  const failure = describe(error, command);
  const secrets = cliSecrets(io.env, options.args);
  const scrub = (text: string): string => scrubFailure(text, secrets, { usage: failure.status === 2 });
  writeLine(io.stderr, `stint: ${scrub(failure.line)}`);
  if (options.json === true) {
    const diagnostics = (error as { diagnostics?: unknown } | null)?.diagnostics;
    const detail = Array.isArray(diagnostics) ? { diagnostics: scrubStrings(diagnostics, scrub) } : {};
    writeLine(
      io.stdout,
      JSON.stringify({ ok: false, error: { code: failure.code, message: scrub(failure.message), ...detail } }),
    );
  }
  return failure.status;
}

/** `value` with every string in it, at any depth, passed through `scrub`. */
function scrubStrings(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, scrub));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item, scrub)]));
  return value;
}

function describe(error: unknown, command: string | undefined): Failure {
  if (error instanceof UsageError) return { status: 2, code: error.code, line: error.message, message: error.message };
  if (isStintError(error)) return { status: 1, code: error.code, line: error.message, message: error.message };
  const refused = fileAccessError(error);
  if (refused !== undefined) return { status: 1, code: refused.code, line: refused.message, message: refused.message };
  if (isCliParseError(error)) {
    const help = command === undefined ? 'stint --help' : `stint ${command} --help`;
    const message = `${(error as Error).message} (\`${help}\` lists the options)`;
    return { status: 2, code: 'ERR_USAGE', line: message, message };
  }
  const message = error instanceof Error ? error.message : String(error);
  const line = `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  return { status: 1, code: 'ERR_INTERNAL', line, message: `unexpected error: ${message}` };
}

/** `node:util` parseArgs throws TypeErrors with these codes for bad flags. */
function isCliParseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
