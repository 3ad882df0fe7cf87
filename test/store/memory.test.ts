import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import type { ApiKeyRecord } from '../../src/store/types.js';
import { describeStoreConformance } from './conformance.js';

let root: string;
let counter = 0;
const freshFile = () => join(root, `k${++counter}`, 'api-keys.json');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stint-memory-store-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeStoreConformance(
  'memory (no key file)',
  async () => {
    const store = createMemoryStore();
    return { store, close: () => store.close() };
  },
  { hasBackend: false },
);

describeStoreConformance(
  'memory (with a key file)',
  async () => {
    const store = createMemoryStore({ apiKeyFile: freshFile() });
    return { store, close: () => store.close() };
  },
  { hasBackend: false },
);

const record = (id: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  project: 'warehouse',
  name: 'resource server',
  hash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
  createdAtMs: 1_700_000_000_000,
  ...extra,
});

describe('memory store API key file', () => {
  it('is written 0600 and holds the records', async () => {
    const file = freshFile();
    const store = createMemoryStore({ apiKeyFile: file });
    await store.putApiKey(record('k1'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, keys: [record('k1')] });
  });

  it('shows a running broker a key created or revoked by another process on its next read', async () => {
    const file = freshFile();
    const broker = createMemoryStore({ apiKeyFile: file });
    expect(await broker.getApiKey('k1')).toBeUndefined();
    const cli = createMemoryStore({ apiKeyFile: file });
    await cli.putApiKey(record('k1'));
    expect(await broker.getApiKey('k1')).toEqual(record('k1'));
    const again = createMemoryStore({ apiKeyFile: file });
    expect(await again.revokeApiKey('k1', 1_750_000_000_000)).toBe(true);
    expect((await broker.getApiKey('k1'))?.revokedAtMs).toBe(1_750_000_000_000);
    expect((await broker.listApiKeys()).map((r) => r.id)).toEqual(['k1']);
  });

  it('loses no key when two processes add keys at once', async () => {
    const file = freshFile();
    const stores = Array.from({ length: 5 }, () => createMemoryStore({ apiKeyFile: file }));
    await Promise.all(stores.map((s, i) => s.putApiKey(record(`k${i}`, { createdAtMs: i }))));
    expect((await createMemoryStore({ apiKeyFile: file }).listApiKeys()).map((r) => r.id)).toEqual([
      'k0',
      'k1',
      'k2',
      'k3',
      'k4',
    ]);
  });

  it('fails closed (ERR_API_KEYS_UNREADABLE, not a store outage) on a corrupt key file', async () => {
    const file = freshFile();
    const store = createMemoryStore({ apiKeyFile: file });
    await store.putApiKey(record('k1'));
    await writeFile(file, '{"version":1,"keys":[{"id":');
    await expect(store.getApiKey('k1')).rejects.toMatchObject({ code: 'ERR_API_KEYS_UNREADABLE' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'ERR_API_KEYS_UNREADABLE' });
    await expect(store.checkApiKeys?.()).rejects.toMatchObject({ code: 'ERR_API_KEYS_UNREADABLE' });
    // A newer stint's file is not damage, and is left as it is.
    const newer = `${JSON.stringify({ version: 2, keys: [] })}\n`;
    await writeFile(file, newer);
    await expect(store.getApiKey('k1')).rejects.toMatchObject({ code: 'ERR_KEYS_NEWER' });
    await expect(store.putApiKey(record('k2'))).rejects.toMatchObject({ code: 'ERR_KEYS_NEWER' });
    expect(await readFile(file, 'utf8')).toBe(newer);
  });
});

describe('memory store bounds', () => {
  it('sweeps expired claims, revocations, full buckets and expired certificates', async () => {
    let t = 1_000_000;
    const store = createMemoryStore({ now: () => t });
    for (let i = 0; i < 1000; i++) {
      await store.claimOnce(`claim-${i}`, 5_000);
      await store.revoke(`jti-${i}`, t + 5_000 - 60_000);
      await store.takeToken(`bucket-${i}`, { rps: 10, burst: 5 }, t);
    }
    await store.putCertificate({
      serial: 's1',
      project: 'p',
      subject: 's',
      jti: 'j',
      notAfterMs: t + 5_000,
      fingerprint: 'sha256:00',
    });
    expect(store.sizes()).toEqual({ claims: 1000, revocations: 1000, buckets: 1000, certificates: 1 });
    t += 5_000;
    expect(store.sizes()).toEqual({ claims: 0, revocations: 0, buckets: 0, certificates: 0 });
  });

  it('uses the clock it is given for expiry', async () => {
    let t = 0;
    const store = createMemoryStore({ now: () => t });
    expect(await store.claimOnce('k', 1000)).toBe(true);
    t = 999;
    expect(await store.claimOnce('k', 1000)).toBe(false);
    t = 1000;
    expect(await store.claimOnce('k', 1000)).toBe(true);
    // Revocations outlive exp by the 60 s of clock skew verifiers allow.
    await store.revoke('j', 2500);
    t = 62_499;
    expect(await store.isRevoked('j')).toBe(true);
    t = 62_500;
    expect(await store.isRevoked('j')).toBe(false);
  });

  it('refills the bucket at rps and reports the wait', async () => {
    const store = createMemoryStore();
    const limit = { rps: 2, burst: 2 };
    expect(await store.takeToken('b', limit, 0)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await store.takeToken('b', limit, 0)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await store.takeToken('b', limit, 0)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(await store.takeToken('b', limit, 250)).toEqual({ allowed: false, retryAfterMs: 250 });
    expect(await store.takeToken('b', limit, 500)).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('refuses every operation once closed', async () => {
    const store = createMemoryStore();
    await store.close();
    await expect(store.claimOnce('k', 1000)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });
});
