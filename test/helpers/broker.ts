import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as a user runs it. Build it first: `npm run build -- cli`. */
export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli/index.js');

export interface StartBrokerOptions {
  /** Written to `<dir>/stint.yml`; relative paths in it (keys dir, audit file) resolve against `dir`. */
  configYaml: string;
  /** Extra environment for the broker process (merged over this process's). */
  env?: Record<string, string>;
  /** Extra `stint serve` arguments, after the defaults (so `--port N` overrides `--port 0`). */
  args?: string[];
  /** Extra files to write into `dir` first: relative path → contents. */
  files?: Record<string, string>;
  /**
   * Run in this existing dir (a restart on the same state) instead of a fresh temp dir; stop()
   * then leaves it for the caller to remove.
   */
  dir?: string;
  /**
   * Runs the broker through this command, which then runs `node CLI serve …` (e.g. `['setpriv',
   * '--reuid=65532', …]` to start it as another user). The command must exec, so that stop()'s
   * SIGTERM reaches the broker.
   */
  launcher?: string[];
  /** Told each piece of the broker's stderr as it arrives, also before it listens (a start-up that waits). */
  onStderr?: (text: string) => void;
}

export interface RunningBroker {
  /** Where it listens, from its first line of output, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Its temp dir: stint.yml, keys, audit log. Removed by stop() unless it was given (options.dir). */
  dir: string;
  /** SIGTERM, wait for exit, remove the dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Everything it printed so far (stdout then stderr). */
  output(): string;
  /** What it printed on stdout so far: the listening line, then its log. */
  stdout(): string;
  /** Its exit code once it exited (null while running). */
  exitCode(): number | null;
  readonly process: ChildProcess;
}

/**
 * Runs the BUILT `stint serve --config <dir>/stint.yml --port 0 --host 127.0.0.1` in a fresh temp
 * dir and resolves once it prints `stint broker listening on URL`. Rejects with its output when
 * it exits first or takes more than 120 s.
 *
 * @example
 * const broker = await startBroker({ configYaml: `issuer: ...` });
 * await fetch(`${broker.url}/healthz`);
 * await broker.stop();
 */
export async function startBroker(options: StartBrokerOptions): Promise<RunningBroker> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'stint-broker-'));
  writeFileSync(join(dir, 'stint.yml'), options.configYaml);
  for (const [name, contents] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), contents);
  }
  const [program, ...launcherArgs] = [...(options.launcher ?? []), process.execPath];
  const child = spawn(
    program!,
    [
      ...launcherArgs,
      CLI,
      'serve',
      '--config',
      join(dir, 'stint.yml'),
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...(options.args ?? []),
    ],
    { cwd: dir, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(chunk);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const output = (): string => stdout + stderr;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    }
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
  };

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => {
      void stop().then(() => fail(new Error(`broker did not start within 120 s:\n${output()}`)));
    }, 120_000);
    const onData = (): void => {
      const match = /^stint broker listening on (\S+)\n/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        done(match[1]!);
      } else if (stdout.includes('\n') && !stdout.startsWith('stint broker listening on ')) {
        clearTimeout(timer);
        void stop().then(() =>
          fail(new Error(`broker's first line is not "stint broker listening on URL":\n${output()}`)),
        );
      }
    };
    child.stdout.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`broker exited with ${child.exitCode} before listening:\n${output()}`));
    });
  });
  return { url, dir, stop, output, stdout: () => stdout, exitCode: () => child.exitCode, process: child };
}

/** A port that was free a moment ago, for configs that must name the broker's own URL. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * Starts a broker whose config must name its own URL (its `issuer`, for discovery through it):
 * picks a free port, writes `configFor(url)`, and retries on another port if that one was taken
 * in between.
 *
 * @example
 * const broker = await startBrokerAt((url) => `issuer: ${url}\n…`);
 */
export async function startBrokerAt(
  configFor: (url: string) => string,
  options: Omit<StartBrokerOptions, 'configYaml'> = {},
): Promise<RunningBroker> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startBroker({
        ...options,
        configYaml: configFor(`http://127.0.0.1:${port}`),
        args: [...(options.args ?? []), '--port', String(port)],
      });
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

/** A line of the broker's JSON log (`--log-format json`, its default when stdout is not a terminal). */
export interface LogEntry {
  level: string;
  time: string;
  msg: string;
  [field: string]: unknown;
}

/** The JSON log lines in a broker's output (its first line, `stint broker listening on URL`, is not one). */
export function logEntries(output: string): LogEntry[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogEntry);
}
