import { type ChildProcess, spawn } from 'node:child_process';
import { type LocalJob, stepEnv } from './local-runner.js';

export interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Children the demo has running, so an interrupt can stop them. */
export const runningChildren = new Set<ChildProcess>();

/**
 * Runs a command as a later `run:` step of `job` would run: the runner's variables, what earlier
 * steps wrote to GITHUB_ENV, and GITHUB_PATH additions in front of PATH (so `stint` is the shim
 * the action installed). Nothing else from the demo's own environment leaks in.
 */
export function runLaterStep(
  job: LocalJob,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<StepRun> {
  const child = spawn(command, args, {
    cwd: job.workspace,
    env: { ...stepEnv(job), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runningChildren.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (code: number | null, extra = ''): void => {
      clearTimeout(timer);
      runningChildren.delete(child);
      resolve({ code, stdout, stderr: stderr + extra });
    };
    child.once('error', (error) => done(null, `cannot run ${command}: ${error.message}`));
    child.once('close', (code) => done(code));
  });
}
