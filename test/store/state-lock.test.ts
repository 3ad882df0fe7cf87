import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { CLI, freePort, logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * A broker's state directory and audit lock stay its own while it runs, however long it stalls
 * (docs/broker.md, "State on disk"): a broker stopped with SIGSTOP past the 30 s after which a lock
 * from another host counts as left behind is still refused to a second broker, and a writer of its
 * audit log waits for it. A broker whose lock is taken all the same (removed, or replaced by another
 * holder's) acknowledges nothing more and exits 1.
 */

const dirs: string[] = [];
const running: ChildProcess[] = [];
let issuer: GithubIssuer;

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  }
  await issuer.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function brokerHome(): Promise<{ dir: string; url: string; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-state-lock-'));
  dirs.push(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'stint.yml'), stackConfig(url, issuer.url));
  return { dir, url, port };
}

async function serveIn(home: { dir: string; port: number }): Promise<RunningBroker> {
  const broker = await startBroker({
    dir: home.dir,
    configYaml: readFileSync(join(home.dir, 'stint.yml'), 'utf8'),
    args: ['--port', String(home.port)],
  });
  running.push(broker.process);
  return broker;
}

/** Runs the built CLI in `cwd`; `result` resolves with its exit code and output. */
function cli(
  cwd: string,
  args: string[],
): {
  child: ChildProcess;
  result: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stdout: () => string;
} {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.once('exit', (code) => done({ code, stdout, stderr })),
  );
  return { child, result, stdout: () => stdout };
}

async function exchange(url: string, token: string) {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function until(what: string, check: () => boolean, ceilingMs = 60_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const exited = (broker: RunningBroker): Promise<number | null> =>
  broker.exitCode() !== null
    ? Promise.resolve(broker.exitCode())
    : new Promise((done) => broker.process.once('exit', (code) => done(code)));

describe('a broker that stalls keeps what it holds', () => {
  it('stopped with SIGSTOP for more than 30 s, its state dir is refused to a second broker and its audit lock outwaited', {
    timeout: 180_000,
  }, async () => {
    const home = await brokerHome();
    const a = await serveIn(home);
    const pid = a.process.pid!;
    const auditLock = join(home.dir, 'audit.jsonl.lock');
    const stateLock = join(home.dir, '.stint', 'state', 'state.lock');
    try {
      // Stop A while it keeps its audit lease (held for 50 ms after each audit line): a refused
      // exchange writes a line; stop at once, and try again if the lease had already gone.
      for (let attempt = 0; ; attempt++) {
        expect((await exchange(home.url, 'not-a-jwt')).status).toBeGreaterThanOrEqual(400);
        a.process.kill('SIGSTOP');
        if (existsSync(auditLock)) break;
        a.process.kill('SIGCONT');
        if (attempt > 200) throw new Error('never caught the broker holding its audit lock');
      }
      // Past the 30 s after which a lock from another host counts as left behind.
      await until('both locks unrefreshed for 31 s', () =>
        [stateLock, auditLock].every((file) => Date.now() - statSync(file).mtimeMs > 31_000),
      );

      const b = cli(home.dir, ['serve', '--config', 'stint.yml', '--port', '0', '--host', '127.0.0.1']);
      // Done when it exits, or when it serves (the failure this test is for: then it is stopped).
      await until(
        'the second broker exits or serves',
        () => b.child.exitCode !== null || b.stdout().includes('listening'),
      );
      if (b.child.exitCode === null) b.child.kill('SIGKILL');
      const second = await b.result;
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toContain(`${join(home.dir, '.stint', 'state')} is in use by pid ${pid} on host`);

      // `stint keys` audits into the broker's log: it waits for the stopped broker, never takes the lock from it.
      const keys = cli(home.dir, ['keys', 'create-api-key', '--config', 'stint.yml', '--project', 'warehouse']);
      await until(
        'the CLI waits for the audit lock, or is done',
        () => existsSync(`${auditLock}.wanted`) || keys.child.exitCode !== null,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(keys.child.exitCode).toBeNull();
      expect(readFileSync(join(home.dir, 'audit.jsonl'), 'utf8')).not.toContain('apikey_created');
      expect(readFileSync(auditLock, 'utf8')).toMatch(new RegExp(`^${pid}@`));

      a.process.kill('SIGCONT');
      const made = await keys.result;
      expect(made.stderr).not.toContain('could not lock');
      expect(made.code).toBe(0);
      expect(made.stdout).toMatch(/^stint_sk_/);
      // A serves on, on its state: a fresh ID token is exchanged once, then refused as a replay.
      const token = await issuer.mint({ aud: home.url });
      expect((await exchange(home.url, token)).status).toBe(200);
      expect((await exchange(home.url, token)).status).toBe(401);
      expect(a.exitCode()).toBeNull();
      const verified = await cli(home.dir, ['audit', 'verify', 'audit.jsonl']).result;
      expect(verified.code).toBe(0);
      expect(readFileSync(join(home.dir, 'audit.jsonl'), 'utf8')).toContain('apikey_created');
    } finally {
      a.process.kill('SIGCONT');
      await a.stop();
    }
  });
});

describe('a broker whose state lock is taken anyway', () => {
  it('removed: the next exchange is refused (503), nothing more is acknowledged, and the broker exits 1 saying why', {
    timeout: 120_000,
  }, async () => {
    const home = await brokerHome();
    const a = await serveIn(home);
    const stateDir = join(home.dir, '.stint', 'state');
    try {
      expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
      unlinkSync(join(stateDir, 'state.lock'));
      const refused = await exchange(home.url, await issuer.mint({ aud: home.url }));
      expect(refused.status).toBe(503);
      expect(refused.body.error).toBe('temporarily_unavailable');
      expect(await exited(a)).toBe(1);
      expect(a.output()).toContain(
        `the state directory ${stateDir} was taken from this broker (its lock file was removed)`,
      );
    } finally {
      await a.stop();
    }
  });

  it('replaced by another holder while idle: the broker notices at its next refresh, exits 1 naming it, and leaves its lock alone', {
    timeout: 120_000,
  }, async () => {
    const home = await brokerHome();
    const a = await serveIn(home);
    const lock = join(home.dir, '.stint', 'state', 'state.lock');
    try {
      expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
      unlinkSync(lock);
      writeFileSync(lock, '4242@elsewhere.example pid:[1] 77');
      // Holders refresh every 10 s: no request is needed for it to find out.
      expect(await exited(a)).toBe(1);
      expect(a.output()).toContain('(pid 4242 on host elsewhere.example took it)');
      expect(readFileSync(lock, 'utf8')).toBe('4242@elsewhere.example pid:[1] 77');
    } finally {
      await a.stop();
    }
  });
});

describe('a lock left by a broker on another host (after that host crashed)', () => {
  it('refused while fresh, saying when it was last refreshed and when it is taken over; taken over after 30 s, with a warning', {
    timeout: 120_000,
  }, async () => {
    const home = await brokerHome();
    // The state directory as a broker leaves it (then its host crashed): journal, record, lock.
    const first = await serveIn(home);
    await first.stop();
    const stateDir = join(home.dir, '.stint', 'state');
    const lock = join(stateDir, 'state.lock');
    const holder = '8796@vm.example pid:[4026531836] 1234';
    writeFileSync(lock, holder);
    const refreshedAt = new Date(Date.now() - 2_000);
    utimesSync(lock, refreshedAt, refreshedAt);

    const b = cli(home.dir, ['serve', '--config', 'stint.yml', '--port', String(home.port), '--host', '127.0.0.1']);
    await until(
      'the second broker exits or serves',
      () => b.child.exitCode !== null || b.stdout().includes('listening'),
    );
    if (b.child.exitCode === null) b.child.kill('SIGKILL');
    const refused = await b.result;
    expect(refused.code).toBe(1);
    const mtimeMs = Math.floor(statSync(lock).mtimeMs);
    const takeOverAt = new Date(mtimeMs + 30_000).toISOString();
    expect(refused.stderr).toContain(
      `stint: ${stateDir} is in use by pid 8796 on host vm.example, which last refreshed its lock at ${new Date(mtimeMs).toISOString()} (`,
    );
    expect(refused.stderr).toContain(
      `one from another host is taken over after 30 s without refresh: if that broker is gone (its host crashed or was shut down), start this one again after ${takeOverAt} and it takes the directory over (do not delete state.lock)`,
    );
    expect(readFileSync(lock, 'utf8')).toBe(holder);

    // 31 s without refresh (set, not waited for): the next start takes it over and says so.
    const stale = new Date(Date.now() - 31_000);
    utimesSync(lock, stale, stale);
    const staleMs = Math.floor(statSync(lock).mtimeMs);
    const c = await serveIn(home);
    try {
      // Logged with the start-up notes, just after the line that says it listens.
      const tookOver = () => logEntries(c.output()).find((e) => String(e.msg).startsWith('took over'));
      await until('the take-over is logged', () => tookOver() !== undefined);
      const warning = tookOver();
      expect(warning).toMatchObject({ level: 'warn' });
      expect(warning?.msg).toBe(
        `took over ${lock} from pid 8796 on host vm.example, which last refreshed it at ${new Date(staleMs).toISOString()}, more than 30 s ago: taken for a broker that crashed or whose host went away. If that broker still runs (stalled, on a file system shared across hosts), stop it now: two brokers on one state directory would each miss the other's replay records`,
      );
      expect(readFileSync(lock, 'utf8')).not.toBe(holder);
      expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
    } finally {
      await c.stop();
    }
  });
});
