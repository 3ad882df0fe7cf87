import { execFile } from 'node:child_process';
import { CLI } from './broker.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A ceiling, not a budget: a run still going after this (a server that started) is killed. */
const RUN_CEILING_MS = 240_000;

/**
 * Runs the built CLI (`node dist/cli/index.js …args`) as a user does and resolves with its exit
 * code and output; a non-zero exit is a result, not a rejection. `env` is the whole environment.
 * A run that outlives `RUN_CEILING_MS` (say `stint serve` that should have refused to start, and
 * serves) is killed, and its code is -1, so no test leaves a process behind or mistakes the kill
 * for an exit code.
 */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd, env: options.env ?? process.env, timeout: RUN_CEILING_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : error.signal ? -1 : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}
