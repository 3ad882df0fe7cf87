import { describe, expect, it } from 'vitest';
import { StintError } from '../../src/lib/errors.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { checkApiKey, createApiKey, looksLikeApiKey, verifyApiKey } from '../../src/tokens/api-keys.js';
import { expectNoSecret } from '../helpers/secrets.js';

const T0 = 1_800_000_000_000;

describe('createApiKey', () => {
  it('returns stint_sk_<id>_<secret> once and stores only a salted scrypt hash', async () => {
    const store = createMemoryStore();
    const { id, key, record } = await createApiKey(store, {
      project: 'warehouse',
      name: 'api',
      expiresInSec: 90 * 86400,
      now: T0,
    });
    expect(key).toMatch(new RegExp(`^stint_sk_${id}_[A-Za-z0-9_-]{43}$`));
    expect(looksLikeApiKey(key)).toBe(true);
    const stored = await store.getApiKey(id);
    expect(stored).toEqual(record);
    expect(stored).toMatchObject({
      id,
      project: 'warehouse',
      name: 'api',
      createdAtMs: T0,
      expiresAtMs: T0 + 90 * 86_400_000,
    });
    expect(stored!.hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const secret = key.slice(`stint_sk_${id}_`.length);
    const listed = JSON.stringify(await store.listApiKeys());
    expectNoSecret(listed, key, 'the API key');
    expectNoSecret(listed, secret, "the API key's secret");
    const other = await createApiKey(store, { project: 'warehouse', name: 'api' });
    expect(other.record.hash.split('$')[4]).not.toBe(record.hash.split('$')[4]); // fresh salt
  });

  it('refuses an empty project or an expiry not in the future', async () => {
    const store = createMemoryStore();
    await expect(createApiKey(store, { project: '', name: 'x' })).rejects.toMatchObject({
      code: 'ERR_API_KEY_PROJECT',
    });
    await expect(createApiKey(store, { project: 'p', name: 'x', expiresInSec: 0 })).rejects.toMatchObject({
      code: 'ERR_API_KEY_EXPIRY',
    });
  });
});

describe('verifyApiKey', () => {
  it('accepts the key and refuses a wrong secret, an unknown id and malformed keys', async () => {
    const store = createMemoryStore();
    const { id, key } = await createApiKey(store, { project: 'warehouse', name: 'api' });
    expect(await verifyApiKey(store, key, T0)).toMatchObject({ id, project: 'warehouse' });
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(await verifyApiKey(store, key.slice(0, -1) + last, T0)).toBeUndefined();
    expect(await verifyApiKey(store, key.replace(id, '0123456789abcdef'), T0)).toBeUndefined();
    const malformed = ['', 'stint_sk_', `stint_sk_${id}`, `${key}x`, key.toUpperCase(), 'Bearer x'];
    expect(await Promise.all(malformed.map((bad) => verifyApiKey(store, bad, T0)))).toEqual(
      malformed.map(() => undefined),
    );
  });

  it('refuses a revoked key (also right after it verified) and an expired one', async () => {
    const store = createMemoryStore();
    const { id, key } = await createApiKey(store, { project: 'warehouse', name: 'api', expiresInSec: 60, now: T0 });
    expect(await verifyApiKey(store, key, T0 + 59_999)).toBeDefined();
    expect(await verifyApiKey(store, key, T0 + 60_000)).toBeUndefined();
    expect(await store.revokeApiKey(id, T0 + 1000)).toBe(true);
    expect(await verifyApiKey(store, key, T0 + 1000)).toBeUndefined();
    // A revocation time ahead of this clock (the revoking host's was ahead) is revoked all the same.
    expect(await verifyApiKey(store, key, T0)).toBeUndefined();
  });

  it('refuses a record whose hash is malformed or has absurd scrypt parameters, without throwing', async () => {
    const store = createMemoryStore();
    const { id, key, record } = await createApiKey(store, { project: 'warehouse', name: 'api' });
    for (const hash of ['plain', `scrypt$1073741824$8$1$${record.hash.split('$')[4]}$${record.hash.split('$')[5]}`]) {
      await store.putApiKey({ ...record, id, hash });
      expect(await verifyApiKey(store, key, T0)).toBeUndefined();
    }
  });

  it('a flood of made-up keys never holds the thread pool that file I/O shares', async () => {
    // Each made-up secret for a known id costs one scrypt on libuv's pool (4 threads). Unbounded,
    // 40 of them queue ahead of a file read, which then finishes last; bounded, the read gets a
    // thread at once. (The id is public: list-api-keys, audit events, /metrics.)
    const store = createMemoryStore();
    const { id } = await createApiKey(store, { project: 'warehouse', name: 'api' });
    let verified = 0;
    const flood = Array.from({ length: 40 }, (_, i) =>
      verifyApiKey(store, `stint_sk_${id}_${String(i).padStart(43, 'A')}`, T0).then(() => verified++),
    );
    const { readFile } = await import('node:fs/promises');
    await readFile(new URL(import.meta.url));
    const whenRead = verified;
    await Promise.all(flood);
    expect(verified).toBe(40);
    expect(whenRead).toBeLessThan(20);
  });

  it('refuses a malformed key without a hash, so such a flood waits for nothing', async () => {
    const store = createMemoryStore();
    const { id, key } = await createApiKey(store, { project: 'warehouse', name: 'api' });
    // Far more than the 2 running and 64 waiting checks, and than one caller's 4: none of these takes a place among them.
    const junk = [
      ...Array.from({ length: 500 }, (_, i) => `stint_sk_${i.toString(16).padStart(16, '0')}_${'A'.repeat(43)}x`),
      'stint_sk_',
      `stint_sk_${id}`,
      `stint_sk_${id.toUpperCase()}_${'A'.repeat(43)}`,
    ];
    const answers = await Promise.allSettled([
      ...junk.map((bad) => verifyApiKey(store, bad, T0, { caller: '203.0.113.7' })),
      verifyApiKey(store, key, T0, { caller: '198.51.100.7' }),
    ]);
    expect(answers.filter((a) => a.status === 'rejected')).toEqual([]);
    expect(answers.map((a) => (a as PromiseFulfilledResult<unknown>).value !== undefined)).toEqual([
      ...junk.map(() => false),
      true,
    ]);
  });

  it('checks a key whose id is unknown as it checks a wrong secret: in the same per-caller share of hashed checks', async () => {
    // DESIGN §2: an unknown id gets the same work as a wrong key. Ten at once from one caller:
    // four take its share of the scrypt queue, the rest are turned away as a wrong secret's would be.
    const store = createMemoryStore();
    await createApiKey(store, { project: 'warehouse', name: 'api' });
    const { key: other } = await createApiKey(store, { project: 'warehouse', name: 'other' });
    const unknown = Array.from({ length: 10 }, (_, i) =>
      verifyApiKey(store, `stint_sk_${i.toString(16).padStart(16, 'f')}_${'D'.repeat(43)}`, T0, {
        caller: '203.0.113.9',
      }),
    );
    const real = verifyApiKey(store, other, T0, { caller: '198.51.100.9' });
    const answers = await Promise.allSettled(unknown);
    expect(answers.filter((a) => a.status === 'fulfilled')).toEqual(
      Array.from({ length: 4 }, () => ({ status: 'fulfilled', value: undefined })),
    );
    for (const refused of answers.filter((a) => a.status === 'rejected')) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({
        code: 'ERR_RATE_LIMITED',
        message: 'too many API key checks from 203.0.113.9 at once; retry after 1 s',
      });
    }
    expect(await real).toMatchObject({ name: 'other' });
  });

  it('says why a key is refused, with its public id when it is shaped like a key', async () => {
    const store = createMemoryStore();
    const made = await createApiKey(store, { project: 'warehouse', name: 'api', expiresInSec: 60, now: T0 });
    const revoked = await createApiKey(store, { project: 'warehouse', name: 'old' });
    await store.revokeApiKey(revoked.id, T0);
    const wrong = made.key.slice(0, -1) + (made.key.at(-1) === 'A' ? 'B' : 'A');
    const unknownId = '0123456789abcdef';
    expect(await checkApiKey(store, made.key, T0)).toEqual({ record: expect.objectContaining({ id: made.id }) });
    expect(await checkApiKey(store, wrong, T0)).toEqual({ refused: 'wrong secret', id: made.id });
    expect(await checkApiKey(store, made.key.replace(made.id, unknownId), T0)).toEqual({
      refused: 'unknown id',
      id: unknownId,
    });
    expect(await checkApiKey(store, revoked.key, T0)).toEqual({ refused: 'revoked', id: revoked.id });
    expect(await checkApiKey(store, made.key, T0 + 60_000)).toEqual({ refused: 'expired', id: made.id });
    expect(await checkApiKey(store, `${made.key}x`, T0)).toEqual({ refused: 'malformed' });
  });

  it('lets one caller hold at most 4 checks that cost a hash, and answers others meanwhile', async () => {
    const store = createMemoryStore();
    const { id } = await createApiKey(store, { project: 'warehouse', name: 'api' });
    const { key: other } = await createApiKey(store, { project: 'warehouse', name: 'other' });
    const guesses = Array.from({ length: 10 }, (_, i) =>
      verifyApiKey(store, `stint_sk_${id}_${String(i).padStart(43, 'B')}`, T0, { caller: '203.0.113.7' }),
    );
    const real = verifyApiKey(store, other, T0, { caller: '198.51.100.7' });
    const answers = await Promise.allSettled(guesses);
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(4);
    for (const refused of answers.filter((a) => a.status === 'rejected')) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({
        code: 'ERR_RATE_LIMITED',
        message: 'too many API key checks from 203.0.113.7 at once; retry after 1 s',
      });
    }
    expect(await real).toMatchObject({ name: 'other' });
    // Its checks done, the caller has its share back.
    expect(
      await verifyApiKey(store, `stint_sk_${id}_${'C'.repeat(43)}`, T0, { caller: '203.0.113.7' }),
    ).toBeUndefined();
  });

  it('checks one key sent many times at once with one hash, so a burst of a real key is not refused', async () => {
    const store = createMemoryStore();
    const { key } = await createApiKey(store, { project: 'warehouse', name: 'api' });
    // Twelve at once from one caller, before the key is in the cache: over the caller's 4 unless they share.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => verifyApiKey(store, key, T0, { caller: '198.51.100.7' })),
    );
    expect(answers.every((record) => record?.name === 'api')).toBe(true);
  });

  it('lets a store outage through so the caller fails closed', async () => {
    const down = {
      getApiKey: () => Promise.reject(new StintError('ERR_STORE_UNAVAILABLE', 'down')),
    } as unknown as Store;
    await expect(verifyApiKey(down, `stint_sk_0123456789abcdef_${'a'.repeat(43)}`, T0)).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
    });
  });
});
