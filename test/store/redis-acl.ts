import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { RedisStore } from '../../src/store/redis.js';
import type { DatasetChange } from '../../src/store/types.js';

/**
 * The least-privilege ACL user's rules from docs/many-brokers.md: the base line, and the Cluster
 * line, read from the page so a test runs with exactly what an operator copies.
 */
export function documentedAclRules(): { base: string[]; cluster: string[] } {
  const docs = readFileSync(new URL('../../docs/many-brokers.md', import.meta.url), 'utf8');
  const base = /^ACL SETUSER stint on >PASSWORD (.+)$/m.exec(docs)?.[1];
  const cluster = /^ACL SETUSER stint (\+cluster\|.+)$/m.exec(docs)?.[1];
  if (base === undefined || cluster === undefined)
    throw new Error('docs/many-brokers.md lost its ACL SETUSER lines (the base one and the Cluster one)');
  return { base: base.split(' '), cluster: cluster.split(' ') };
}

/**
 * Walks every method of `store` (opened as the ACL user), and in each the paths that send Redis a
 * command or script of their own: admit that looks, records, finds a replay, is refused by a
 * bucket, and is released (its owner token given back); a bucket that refuses; API keys created,
 * read, listed, used (lastUsedAtMs) and revoked; certificate and instance records; the dataset
 * marker; the persistence read. Ends with close(). Fails when a method of the store was not
 * called, so a method added later must be walked here too. `tag` keeps the walk's keys apart.
 *
 * Some refusals are swallowed by design (a refund, the persistence read): callers read Redis's
 * `ACL LOG` after the walk (aclRefusals) to see every command the user was refused.
 */
export async function walkRedisStore(store: RedisStore, tag: string): Promise<void> {
  const called = new Set<string>();
  const s = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        called.add(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  try {
    await walk(s, tag);
  } finally {
    if (!called.has('close')) await store.close();
  }
  const methods = Object.keys(store).filter(
    (name) => typeof (store as unknown as Record<string, unknown>)[name] === 'function',
  );
  expect(methods.filter((name) => !called.has(name))).toEqual([]);
}

async function walk(s: RedisStore, tag: string): Promise<void> {
  const changes: DatasetChange[] = [];
  s.onDataset((change) => changes.push(change));

  let firstWrite = false;
  s.onFirstWrite(() => {
    firstWrite = true;
  });
  await s.ping();
  await s.checkWrite();
  expect(firstWrite).toBe(true);
  expect(s.connected()).toBe(true);
  expect(changes.every((c) => c.kind === 'created')).toBe(true);

  expect(await s.claimOnce(`${tag}-claim`, 60_000)).toBe(true);
  expect(await s.claimOnce(`${tag}-claim`, 60_000)).toBe(false);

  const admit = (replayKey: string, record: boolean, addressBurst = 100) =>
    s.admit({
      replayKey,
      ttlMs: 60_000,
      record,
      issuedAtMs: Date.now(),
      address: { bucket: `${tag}-address-${addressBurst}`, limit: { rps: 0.001, burst: addressBurst } },
      owner: { bucket: `${tag}-owner`, limit: { rps: 100, burst: 100 } },
      nowMs: Date.now(),
    });
  expect((await admit(`${tag}-admit`, false)).outcome).toBe('absent');
  const held = await admit(`${tag}-admit`, true);
  if (held.outcome !== 'recorded') throw new Error(`admit gave ${held.outcome}`);
  expect((await admit(`${tag}-admit`, true)).outcome).toBe('replayed');
  await held.release(); // the release script, and the refund of the owner token
  const again = await admit(`${tag}-admit`, true);
  expect(again.outcome).toBe('recorded');
  expect((await admit(`${tag}-admit`, true)).outcome).toBe('replayed');
  expect((await admit(`${tag}-limited-1`, true, 1)).outcome).toBe('recorded');
  expect(await admit(`${tag}-limited-2`, true, 1)).toMatchObject({ outcome: 'rate_limited', bucket: 'address' });

  await s.revoke(`${tag}-jti`, Date.now() + 60_000);
  expect(await s.isRevoked(`${tag}-jti`)).toBe(true);
  expect(await s.isRevoked(`${tag}-other-jti`)).toBe(false);

  const limit = { rps: 0.001, burst: 1 };
  expect((await s.takeToken(`${tag}-bucket`, limit, Date.now())).allowed).toBe(true);
  expect((await s.takeToken(`${tag}-bucket`, limit, Date.now())).allowed).toBe(false);

  const id = `${tag}-key`;
  await s.putApiKey({ id, project: 'p', name: 'n', hash: 'h', createdAtMs: 1 });
  expect((await s.getApiKey(id))?.project).toBe('p');
  await s.recordApiKeyUse(id, 1_700_000_000_000);
  await s.recordApiKeyUse(id, 1_600_000_000_000); // never moves back
  expect((await s.listApiKeys()).find((r) => r.id === id)?.lastUsedAtMs).toBe(1_700_000_000_000);
  await s.recordApiKeyUse(`${tag}-no-such-key`, 1_700_000_000_000);
  expect(await s.getApiKey(`${tag}-no-such-key`)).toBeUndefined();
  expect(await s.revokeApiKey(id, 2)).toBe(true);
  expect(await s.revokeApiKey(`${tag}-no-such-key`, 2)).toBe(false);
  expect((await s.getApiKey(id))?.revokedAtMs).toBe(2);

  const certificate = {
    serial: `${tag}-serial`,
    project: 'p',
    subject: 's',
    jti: 'j',
    notAfterMs: Date.now() + 60_000,
    fingerprint: 'f',
  };
  await s.putCertificate(certificate);
  expect(await s.getCertificate(certificate.serial)).toEqual(certificate);

  const instance = { instance: `${tag}-instance`, signing: 'k', published: ['k'], fingerprint: 'f', atMs: 1 };
  await s.publishInstance(instance);
  expect((await s.listInstances()).map((r) => r.instance)).toContain(instance.instance);
  await s.removeInstance(instance.instance);
  expect((await s.listInstances()).map((r) => r.instance)).not.toContain(instance.instance);

  // The user may lack CONFIG GET (the docs make it optional): one line says what to check by hand.
  expect((await s.persistenceWarnings(0)).join('\n')).toMatch(/WARN_STORE_SETTINGS_UNREAD: .*config\|get/);

  await s.close();
}

/**
 * What Redis's `ACL LOG` holds for `username` (each entry: why, and the command or key), leaving
 * out `config|get`, which the docs make optional. `ACL LOG RESET` before the walk.
 */
export async function aclRefusals(admin: Redis, username: string): Promise<string[]> {
  const entries = (await admin.call('ACL', 'LOG', '128')) as unknown[][];
  const refusals: string[] = [];
  for (const entry of entries) {
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < entry.length; i += 2) fields.set(String(entry[i]), entry[i + 1]);
    if (fields.get('username') !== username || fields.get('object') === 'config|get') continue;
    refusals.push(`${String(fields.get('reason'))} ${String(fields.get('object'))} (${String(fields.get('context'))})`);
  }
  return refusals;
}
