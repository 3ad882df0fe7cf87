import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './broker.js';

/**
 * A real egress proxy: Squid (apt package `squid`; .ci/run installs it) on 127.0.0.1, with a
 * generated config. Squid rather than tinyproxy because a test needs a proxy that resolves a name
 * the client cannot: stint never sends loopback targets (localhost, 127.0.0.0/8, ::1) through a
 * proxy, so a target reached through it must have a name that is not loopback to the client, and
 * Squid's `hosts_file` maps `*.stint.test` names to 127.0.0.1 for the proxy alone.
 */
export interface Squid {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string;
  port: number;
  /** http://user:password@127.0.0.1:PORT */
  urlWithCredentials: string;
  user: string;
  password: string;
  /** Lines of its access log so far: `… TCP_TUNNEL/200 … CONNECT broker.stint.test:PORT ci …`. */
  accessLog(): string[];
  stop(): Promise<void>;
}

export interface SquidOptions {
  /** Names Squid resolves to 127.0.0.1 (its hosts_file). */
  names: string[];
  /** Hosts whose tunnels Squid refuses (403) before asking for credentials. */
  refuse?: string[];
}

/** Starts Squid requiring Basic credentials (a generated user and password); resolves once it accepts connections. */
export async function startSquid(options: SquidOptions): Promise<Squid> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-squid-'));
  // Squid started as root runs as the `proxy` user, which must read its files and write its logs.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const user = 'ci-runner';
  const password = `proxy-pw-${Math.random().toString(36).slice(2)}`;
  const hash = execFileSync('openssl', ['passwd', '-apr1', password], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'passwd'), `${user}:${hash}\n`, { mode: 0o644 });
  writeFileSync(join(dir, 'hosts'), `127.0.0.1 ${options.names.join(' ')}\n`, { mode: 0o644 });
  const refuse = options.refuse ?? [];
  writeFileSync(
    join(dir, 'squid.conf'),
    [
      `http_port 127.0.0.1:${port}`,
      `pid_filename ${dir}/squid.pid`,
      `cache_log ${dir}/cache.log`,
      `access_log stdio:${dir}/access.log`,
      'logfile_rotate 0',
      'cache deny all',
      'cache_mem 8 MB',
      'pinger_enable off',
      'shutdown_lifetime 0 seconds',
      `coredump_dir ${dir}`,
      `hosts_file ${dir}/hosts`,
      // No DNS: every name a test uses is in hosts_file.
      'dns_nameservers 127.0.0.1',
      `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/passwd`,
      'auth_param basic children 1',
      ...(refuse.length > 0 ? [`acl refused dstdomain ${refuse.join(' ')}`, 'http_access deny refused'] : []),
      'acl authed proxy_auth REQUIRED',
      'http_access allow authed',
      'http_access deny all',
      '',
    ].join('\n'),
  );
  // Debian puts it in /usr/sbin, which a user's PATH may not hold.
  const program = existsSync('/usr/sbin/squid') ? '/usr/sbin/squid' : 'squid';
  const child: ChildProcess = spawn(program, ['-N', '-f', join(dir, 'squid.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const cacheLog = (): string =>
    existsSync(join(dir, 'cache.log')) ? readFileSync(join(dir, 'cache.log'), 'utf8') : '';
  // Ready once it says it accepts connections (a condition, with a generous ceiling).
  const ceiling = Date.now() + 120_000;
  while (!cacheLog().includes('Accepting HTTP Socket connections')) {
    if (child.exitCode !== null || Date.now() > ceiling) {
      const log = cacheLog();
      await stop();
      throw new Error(`squid did not start:\n${output}\n${log}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    urlWithCredentials: `http://${user}:${password}@127.0.0.1:${port}`,
    user,
    password,
    accessLog: () =>
      existsSync(join(dir, 'access.log'))
        ? readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean)
        : [],
    stop,
  };
}
