import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { CLI, type RunningBroker, startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';

// A busy broker keeps the audit log's lock between batches (a lease). The built CLI must still
// get its `stint keys …` events into the same chain while exchanges keep coming, and a broker
// killed while holding the lease must not lock the CLI out.

const BROKER_AUDIENCE = 'https://stint.example.com';
let issuer: GithubIssuer;

beforeAll(async () => {
  issuer = await startGithubIssuer({ lifetimeSeconds: 600 });
});
afterAll(async () => {
  await issuer.stop();
});

/** Rate limits out of the way of the brokers' back-to-back exchanges. */
const config = () =>
  githubBrokerConfig(issuer.url, {
    issuer: BROKER_AUDIENCE,
    settings: 'rate_limit: { rps: 100000, burst: 100000, per_address: { rps: 100000, burst: 100000 } }',
  });

function stint(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Two clients exchanging fresh ID tokens back to back until `stop()`; returns how many were issued. */
function keepExchanging(broker: RunningBroker): { stop(): Promise<number> } {
  let running = true;
  let issued = 0;
  const client = async (): Promise<void> => {
    while (running) {
      const token = await issuer.mint({ aud: BROKER_AUDIENCE });
      const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, project: 'warehouse' }),
      }).catch(() => undefined);
      if (response === undefined) return; // the broker was killed
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`exchange answered ${response.status}`);
      issued++;
    }
  };
  const clients = Promise.all([client(), client()]);
  clients.catch(() => undefined); // reported by stop()
  return {
    async stop() {
      running = false;
      await clients;
      return issued;
    },
  };
}

const auditEvents = async (dir: string) =>
  (await readFile(join(dir, 'audit.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event: string }).event);

describe('one audit log shared by a busy broker and the CLI', () => {
  it('chains the CLI events between the exchanges, leaves no lock behind after SIGTERM, and verifies', async () => {
    const broker = await startBroker({ configYaml: config() });
    try {
      const load = keepExchanging(broker);
      // Let the lease settle in under load before the CLI asks for the lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let i = 0; i < 3; i++) {
        const created = await stint(broker.dir, [
          'keys',
          'create-api-key',
          '--project',
          'warehouse',
          '--name',
          `k${i}`,
          '--config',
          'stint.yml',
        ]);
        expect(created.code, created.stderr).toBe(0);
      }
      const issued = await load.stop();
      expect(issued).toBeGreaterThan(0);

      const events = await auditEvents(broker.dir);
      const firstKey = events.indexOf('apikey_created');
      const lastKey = events.lastIndexOf('apikey_created');
      expect(events.filter((e) => e === 'apikey_created')).toHaveLength(3);
      // The broker went on writing between the CLI's events: they took turns on one chain.
      expect(events.slice(firstKey, lastKey).filter((e) => e === 'token_issued').length).toBeGreaterThan(0);
      expect(events.filter((e) => e === 'token_issued')).toHaveLength(issued);

      const lock = join(broker.dir, 'audit.jsonl.lock');
      const verified = await stint(broker.dir, ['audit', 'verify', 'audit.jsonl']);
      expect(verified.code, verified.stderr).toBe(0);
      const dir = broker.dir;
      broker.process.kill('SIGTERM');
      await new Promise((resolve) => broker.process.once('exit', resolve));
      expect(existsSync(lock)).toBe(false);
      expect(existsSync(join(dir, 'audit.jsonl.lock.wanted'))).toBe(false);
    } finally {
      await broker.stop();
    }
  });

  it('breaks the lock of a broker killed while holding it, without waiting for it to go stale', async () => {
    // The kill must land while the broker holds its lease, which it drops after 50 ms idle: on a
    // busy machine that can miss, so wait until the lease is held, kill, and try again on a miss.
    let broker: RunningBroker | undefined;
    const lock = (b: RunningBroker) => join(b.dir, 'audit.jsonl.lock');
    for (let attempt = 1; attempt <= 5 && broker === undefined; attempt++) {
      const candidate = await startBroker({ configYaml: config() });
      const load = keepExchanging(candidate);
      await vi.waitFor(() => expect(existsSync(lock(candidate))).toBe(true), { timeout: 60_000, interval: 1 });
      candidate.process.kill('SIGKILL');
      await new Promise((resolve) => candidate.process.once('exit', resolve));
      await load.stop();
      if (existsSync(lock(candidate))) broker = candidate;
      else await candidate.stop();
    }
    if (broker === undefined) throw new Error('the kill never landed while the broker held its lease, in 5 tries');
    try {
      // Killed mid-load, it left its lease behind, naming a process that no longer runs.
      const lock = join(broker.dir, 'audit.jsonl.lock');
      expect(await readFile(lock, 'utf8')).toMatch(new RegExp(`^${broker.process.pid}@`));

      // Without the dead-holder check this would wait 10 s and fail with ERR_LOCK_TIMEOUT (the lock is seconds old).
      const created = await stint(broker.dir, [
        'keys',
        'create-api-key',
        '--project',
        'warehouse',
        '--config',
        'stint.yml',
      ]);
      expect(created.code, created.stderr).toBe(0);
      expect((await auditEvents(broker.dir)).at(-1)).toBe('apikey_created');
      expect((await stint(broker.dir, ['audit', 'verify', 'audit.jsonl'])).code).toBe(0);
      expect(existsSync(lock)).toBe(false);
    } finally {
      await broker.stop();
    }
  });
});

describe('several CLI processes and the locks a crashed process left', () => {
  it('all get through one at a time: no API key lost, one audit chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-locks-'));
    try {
      writeFileSync(join(dir, 'stint.yml'), config());
      mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
      // Locks named by a process of this host that has exited (killed while holding them).
      const dead = spawn(process.execPath, ['-e', '0']);
      await new Promise((resolve) => dead.once('exit', resolve));
      const holder = `${dead.pid}@${hostname()} ${readlinkSync('/proc/self/ns/pid')}`;
      writeFileSync(join(dir, 'keys', 'api-keys.json.lock'), holder);
      writeFileSync(join(dir, 'audit.jsonl.lock'), holder);

      const created = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          stint(dir, ['keys', 'create-api-key', '--project', 'warehouse', '--name', `k${i}`, '--config', 'stint.yml']),
        ),
      );
      for (const result of created) expect(result.code, result.stderr).toBe(0);
      const listed = await stint(dir, ['keys', 'list-api-keys', '--json', '--config', 'stint.yml']);
      expect(
        (JSON.parse(listed.stdout) as { api_keys: Array<{ name: string }> }).api_keys.map((key) => key.name).sort(),
      ).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
      expect((await auditEvents(dir)).filter((event) => event === 'apikey_created')).toHaveLength(6);
      expect((await stint(dir, ['audit', 'verify', 'audit.jsonl'])).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
