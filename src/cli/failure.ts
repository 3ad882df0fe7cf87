import { isStintError, UsageError } from '../lib/errors.js';
import { fileAccessError } from '../lib/file-access.js';
import { type CliIo, writeLine } from './io.js';

/**
 * Turns an error into the exit code and one line on stderr; unexpected errors keep their stack.
 * `command` (the subcommand run) lets a bad option point at that command's `--help`.
 */
export function reportFailure(error: unknown, io: CliIo, command?: string): number {
  if (error instanceof UsageError) {
    writeLine(io.stderr, `stint: ${error.message}`);
    return 2;
  }
  if (isStintError(error)) {
    writeLine(io.stderr, `stint: ${error.message}`);
    return 1;
  }
  const refused = fileAccessError(error);
  if (refused !== undefined) {
    writeLine(io.stderr, `stint: ${refused.message}`);
    return 1;
  }
  if (isCliParseError(error)) {
    const help = command === undefined ? 'stint --help' : `stint ${command} --help`;
    writeLine(io.stderr, `stint: ${(error as Error).message} (\`${help}\` lists the options)`);
    return 2;
  }
  writeLine(
    io.stderr,
    `stint: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return 1;
}

/** `node:util` parseArgs throws TypeErrors with these codes for bad flags. */
function isCliParseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
