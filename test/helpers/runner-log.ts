import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { CLI } from './broker.js';

/**
 * Runs the built CLI with stdout and stderr going to one file, as a GitHub runner's log gets a
 * step's output: in the order it was written (both streams are files here, which Node writes
 * synchronously), so what `::add-mask::` registers can be checked against the lines before it.
 * Resolves with the exit code and the log; `env` is the whole environment.
 */
export function runCliToLog(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<{ code: number; log: string }> {
  const fd = openSync(options.logFile, 'w');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', fd, fd],
    });
    child.on('error', (error) => {
      closeSync(fd);
      fail(error);
    });
    child.on('close', (code, signal) => {
      closeSync(fd);
      done({ code: code ?? (signal ? -1 : 1), log: readFileSync(options.logFile, 'utf8') });
    });
  });
}

/** The values the `::add-mask::` commands in `text` register, unescaped as the runner does. */
export function registeredMasks(text: string): string[] {
  return [...text.matchAll(/^::add-mask::(.*)$/gm)].map((m) =>
    (m[1] as string).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'),
  );
}

/**
 * What a GitHub runner's log shows for `log`: read line by line, an `::add-mask::` command
 * registers its value (and is not shown), and every other line is shown with each value
 * registered *before it* replaced by `***`, longest first. A credential printed before its mask
 * therefore stays visible, as it does on a runner.
 */
export function asRunnerShows(log: string): string {
  const registered: string[] = [];
  const shown: string[] = [];
  for (const line of log.split('\n')) {
    if (line.startsWith('::add-mask::')) {
      registered.push(...registeredMasks(line));
      registered.sort((a, b) => b.length - a.length);
      continue;
    }
    let out = line;
    for (const secret of registered) if (secret !== '') out = out.split(secret).join('***');
    shown.push(out);
  }
  return shown.join('\n');
}
