import type { Writable } from 'node:stream';

/** The outside world a command sees; tests hand in their own. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A `stint` subcommand: gets the arguments after its name, returns the exit code (0, 1 or 2). */
export type Command = (args: string[], io: CliIo) => Promise<number>;

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
