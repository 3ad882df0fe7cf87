import { spawn } from 'node:child_process';

export interface ServeRun {
  /** Where the broker listens, from its `stint broker listening on URL` line. */
  url: string;
  /** SIGTERM, then its exit code and everything it printed. */
  stop(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts `FILE ARGS… serve --dev --port 0 --host 127.0.0.1` (FILE is a node binary or the `stint`
 * bin) and resolves once it says where it listens. Rejects with its output when it exits first
 * or has not started in 60 s.
 */
export function serveDev(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ServeRun> {
  const child = spawn(file, [...args, 'serve', '--dev', '--port', '0', '--host', '127.0.0.1'], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    return { code: child.exitCode, stdout, stderr };
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      void stop().then(() => fail(new Error(`stint serve --dev did not start in 60 s:\n${stdout}${stderr}`)));
    }, 60_000);
    const poll = setInterval(() => {
      const url = /^stint broker listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
      if (url === undefined) return;
      clearInterval(poll);
      clearTimeout(timer);
      done({ url, stop });
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      fail(new Error(`stint serve --dev exited (${code}) before listening:\n${stdout}${stderr}`));
    });
  });
}
