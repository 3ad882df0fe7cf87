import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { afterAll } from 'vitest';

/**
 * A real `redis-server` on a free 127.0.0.1 port, for tests and benches. Nothing is persisted
 * (`--save '' --appendonly no`), it listens on loopback only, and it is killed when the test
 * process exits even if a test forgets `stop()`.
 *
 * @example
 * const redis = await startRedis({ password: 'pw' });
 * const store = await openRedisStore(redis.url, { password: 'pw' });
 * await redis.restart();   // same port, empty data
 * await redis.stop();
 */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`, or `rediss://` with `tls` (no credentials in it). */
  readonly url: string;
  readonly port: number;
  /** The `requirepass` it was started with, if any. */
  readonly password: string | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s). Safe to call twice. */
  stop(): Promise<void>;
  /** Starts it again on the same port after `stop()` (or stops it first); data is gone. */
  start(): Promise<void>;
  /** `stop()` then `start()`. */
  restart(): Promise<void>;
  /** SIGSTOP: the port still accepts connections but nothing answers (a hung server). */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** SIGKILL, as a crash: no shutdown, no last write. Resolves once it is gone. */
  kill(): Promise<void>;
  /** Whether the process is running now. */
  readonly running: boolean;
}

export interface StartRedisOptions {
  /** Starts it with `--requirepass`. */
  password?: string;
  /** Serves TLS only (`--port 0 --tls-port N`), with this certificate; clients are not asked for one. */
  tls?: { certFile: string; keyFile: string };
  /** Extra `redis-server` arguments. */
  args?: string[];
  /**
   * Runs `redis-sentinel CONF` instead (CONF is written by the caller, and rewritten by the
   * sentinel); `password` is then not used and nothing but port, bind and log level is passed.
   */
  sentinelConfig?: string;
}

const live = new Set<ChildProcess>();
const workDirs = new Set<string>();
// The exit hook below does not run in vitest's workers (they are ended, not exited): the working
// dirs of the servers a test file started go once its tests are done. Registered as the file
// imports this module, so it runs after the file's own hooks, which stop its servers.
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  workDirs.clear();
});
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A forgotten or crashed test must not leave redis-server processes behind.
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once the server answers a PING (after AUTH when it has a password). */
async function answersPing(port: number, password: string | undefined, tls: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    // The helper only checks liveness; the store under test verifies certificates itself.
    const socket: Socket = tls
      ? connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('+PONG')) done(true);
      else if (reply.includes('-') && !reply.includes('+OK')) done(false);
    });
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      const auth = password === undefined ? '' : resp(['AUTH', password]);
      socket.write(auth + resp(['PING']));
    });
  });
}

function resp(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a throwaway redis-server; see {@link RedisServer}. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  installExitHook();
  const password = options.password;
  let port = 0;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  // Its own working dir: a replica's full sync writes dump.rdb there, never into the checkout.
  const dir = mkdtempSync(join(tmpdir(), 'stint-redis-'));
  workDirs.add(dir);
  const launch = async (): Promise<boolean> => {
    const listen = options.tls
      ? [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cert-file',
          options.tls.certFile,
          '--tls-key-file',
          options.tls.keyFile,
          '--tls-auth-clients',
          'no',
        ]
      : ['--port', String(port)];
    const sentinel = options.sentinelConfig;
    const args =
      sentinel === undefined
        ? [...listen, '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning']
        : [sentinel, '--port', String(port), '--bind', '127.0.0.1', '--loglevel', 'warning'];
    if (password !== undefined && sentinel === undefined) args.push('--requirepass', password);
    args.push(...(options.args ?? []));
    const proc = spawn(sentinel === undefined ? 'redis-server' : 'redis-sentinel', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    live.add(proc);
    let gone = false;
    exited = new Promise<void>((resolve) => {
      proc.once('exit', () => {
        gone = true;
        live.delete(proc);
        resolve();
      });
      proc.once('error', () => {
        gone = true;
        live.delete(proc);
        resolve();
      });
    });
    child = proc;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (gone) {
        if (/Address already in use/i.test(output)) return false;
        throw new Error(`redis-server exited at start (is it installed? .ci/run installs it):\n${output}`);
      }
      if (await answersPing(port, sentinel === undefined ? password : undefined, options.tls !== undefined))
        return true;
      await sleep(25);
    }
    proc.kill('SIGKILL');
    throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };

  const start = async (): Promise<void> => {
    await stop();
    if (!(await launch())) throw new Error(`port ${port} was taken before redis-server could restart on it`);
  };

  // The port is free when chosen but another process may take it first: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    if (await launch()) break;
    if (attempt === 4) throw new Error('could not find a free port for redis-server');
  }

  return {
    url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    port,
    password,
    stop,
    start,
    restart: start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    kill: async () => {
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
  };
}
