import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { admin, replicationInfo, until } from '../helpers/redis-topology.js';
import { brokerConfig, REDIS_PASSWORD_ENV, runCli } from './setup.js';

/**
 * `stint keys revoke-api-key` with `store.min_replica_acks: 2` while one of the two replicas is
 * held back (SIGSTOP: it takes nothing from the primary and confirms nothing). The revocation is
 * written on the primary but not confirmed: the command exits 1, and the event is written anyway
 * (the key is refused from then on) saying the confirmation is pending. Its retry, the operator's
 * obvious next step, confirms it again with the replicas rather than saying "already revoked;
 * nothing to do": it fails while the replica is still held, and exits 0 once it holds it, with no
 * second event. Before, the retry exited 0 without asking the replicas and no event was ever
 * written, so a failover to the held-back replica brought the leaked key back, unaudited.
 * The built CLI against a real primary and two replicas.
 */
const password = `unconfirmed-${process.pid}-pw`;
let primary: RedisServer;
let replicas: RedisServer[] = [];
let dir: string;

const onlineReplicas = async (): Promise<string[]> =>
  Object.entries(await replicationInfo(primary.port, password))
    .filter(([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online'))
    .map(([, v]) => v);

beforeAll(async () => {
  primary = await startRedis({ password, args: ['--masterauth', password] });
  replicas = await Promise.all(
    [0, 1].map(() =>
      startRedis({ password, args: ['--masterauth', password, '--replicaof', '127.0.0.1', String(primary.port)] }),
    ),
  );
  await until('both replicas in sync', async () => ((await onlineReplicas()).length === 2 ? true : undefined));
  dir = mkdtempSync(join(tmpdir(), 'stint-revoke-unconfirmed-'));
  writeFileSync(
    join(dir, 'stint.yml'),
    brokerConfig({
      issuerUrl: 'http://127.0.0.1:9/unused',
      keysDir: join(dir, 'keys'),
      store: { yaml: `{ url: "${primary.url}/0", password_env: ${REDIS_PASSWORD_ENV}, min_replica_acks: 2 }` },
    }),
  );
});
afterAll(async () => {
  for (const r of replicas) r.resume();
  await Promise.all(replicas.map((r) => r.stop()));
  await primary?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const auditEvents = (): Array<Record<string, unknown>> =>
  readFileSync(join(dir, 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

it('a revocation the replicas did not confirm is audited, and its retry confirms it before it exits 0', async () => {
  const env = { [REDIS_PASSWORD_ENV]: password };
  const stint = (...args: string[]) => runCli([...args, '--config', join(dir, 'stint.yml')], env);
  // Both replicas confirm it; on a loaded machine one may miss the 500 ms WAIT (then nothing is
  // created, and it is run again).
  const created = await until('an API key that both replicas confirm', async () => {
    const run = await stint('keys', 'create-api-key', '--project', 'warehouse', '--name', 'leaked');
    if (run.code === 0) return run;
    expect(run.stderr).toMatch(/replicas confirmed the write within 500 ms .*no key was created/);
    return undefined;
  });
  const key = created.stdout.trim();
  const id = key.split('_')[2]!;

  const held = replicas[1]!;
  held.pause();
  try {
    // Given the whole key, as an operator who found it leaked has it.
    const first = await stint('keys', 'revoke-api-key', key);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toBe('');
    // The secret: its 43 characters, which may hold '_' (split('_') would cut it, or give '').
    expect(first.stderr).not.toContain(key.slice(`stint_sk_${id}_`.length));
    expect(first.stderr).toContain(
      `API key ${id} is revoked on the primary (a running broker refuses it from its next request; its apikey_revoked event is written), but the replicas did not confirm it:`,
    );
    expect(first.stderr).toMatch(/revokeApiKey: 1 of 2 replicas confirmed the write within 500 ms/);
    expect(first.stderr).toContain(`run \`stint keys revoke-api-key ${id}\` again until it exits 0`);
    const revoked = auditEvents().filter((e) => e.event === 'apikey_revoked');
    expect(revoked).toEqual([
      expect.objectContaining({
        api_key_id: id,
        project: 'warehouse',
        outcome: 'success',
        source: 'cli',
        replicas_confirmed: false,
        reason: expect.stringMatching(
          new RegExp(
            `^revoked by stint keys revoke-api-key; replica confirmation pending: .*1 of 2 replicas confirmed .*run \`stint keys revoke-api-key ${id}\` again until it exits 0`,
          ),
        ),
      }),
    ]);

    // The retry while the replica is still held: not "nothing to do".
    const retried = await stint('keys', 'revoke-api-key', id);
    expect(retried.code, retried.stdout + retried.stderr).toBe(1);
    expect(retried.stdout).toBe('');
    expect(retried.stderr).toMatch(
      new RegExp(
        `API key ${id} was already revoked \\(at \\S+\\) and a running broker refuses it, but the replicas still do not confirm the revocation: .*1 of 2 replicas confirmed`,
      ),
    );
  } finally {
    held.resume();
  }
  const { master_repl_offset: offset } = await replicationInfo(primary.port, password);
  await until('the held replica to catch up', async () => {
    const online = await onlineReplicas();
    const caughtUp = online.filter((v) => Number(/offset=(\d+)/.exec(v)?.[1]) >= Number(offset));
    return caughtUp.length === 2 ? true : undefined;
  });

  // Once it holds it, a retry exits 0. Repeated until it does (a loaded machine may keep the
  // replica from answering the 500 ms WAIT in time); every run before says why it did not.
  const others: string[] = [];
  const confirmed = await until('a retry that the replicas confirm', async () => {
    const run = await stint('keys', 'revoke-api-key', id);
    if (run.code === 0) return run;
    if (run.code !== 1 || !run.stderr.includes('but the replicas still do not confirm the revocation'))
      others.push(`${run.code}: ${run.stderr}`);
    return undefined;
  });
  expect(others).toEqual([]);
  expect(confirmed.stdout).toMatch(
    new RegExp(
      `^API key ${id} was already revoked \\(at \\S+\\); the replicas store\\.min_replica_acks asks for hold it; nothing to do\\n$`,
    ),
  );
  // One event for the one revocation: the retries wrote none.
  expect(auditEvents().filter((e) => e.event === 'apikey_revoked')).toHaveLength(1);
  const listed = await stint('keys', 'list-api-keys', '--json');
  expect(listed.code, listed.stderr).toBe(0);
  const { api_keys } = JSON.parse(listed.stdout) as { api_keys: Array<{ id: string; status: string }> };
  expect(api_keys).toEqual([expect.objectContaining({ id, status: 'revoked' })]);
  // Every replica holds it: a failover to any of them keeps the key revoked.
  for (const r of replicas) {
    const records = await admin(r.port, password, async (c) =>
      Promise.all((await c.keys('stint:{apikeys}:*')).filter((k) => !k.endsWith(':index')).map((k) => c.hgetall(k))),
    );
    expect(records, `replica ${r.port}`).toEqual([
      expect.objectContaining({ id, revokedAtMs: expect.stringMatching(/^\d+$/) }),
    ]);
  }
});
