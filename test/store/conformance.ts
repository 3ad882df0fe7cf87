import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import type { ApiKeyRecord, CertificateRecord, Reservation, Store } from '../../src/store/types.js';

/**
 * The behaviour every `Store` must have, run against the memory store and the Redis store
 * (docs/many-brokers.md). Keys are unique per test so one store serves the whole file.
 */
export interface StoreUnderTest {
  store: Store;
  /** Takes the backend away and brings it back (only stores that have one). */
  outage?: { stop(): Promise<void>; start(): Promise<void>; pause(): void; resume(): void };
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;
const unique = (label: string): string => `${label}-${process.pid}-${Date.now()}-${++counter}`;

/** Rejects with `ERR_STORE_UNAVAILABLE` within `boundMs`: a bounded failure, never a hang. */
async function expectUnavailable(operation: Promise<unknown>, boundMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), boundMs);
  });
  const outcome = await Promise.race([
    operation.then(
      () => 'resolved' as const,
      (e: unknown) => e,
    ),
    hang,
  ]);
  clearTimeout(timer);
  expect(outcome).not.toBe('hang');
  expect(outcome).not.toBe('resolved');
  expect(isStintError(outcome, 'ERR_STORE_UNAVAILABLE')).toBe(true);
}

/** Polls `ping()` until it answers; fails the test after `limitMs`. */
async function waitUntilAvailable(store: Store, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await store.ping();
      return;
    } catch (e) {
      if (!isStintError(e, 'ERR_STORE_UNAVAILABLE') || Date.now() > deadline) throw e;
      await sleep(50);
    }
  }
}

/**
 * Registers the suite. `hasBackend` adds the outage tests (the factory must then return `outage`).
 */
export function describeStoreConformance(
  name: string,
  open: () => Promise<StoreUnderTest>,
  { hasBackend }: { hasBackend: boolean },
): void {
  describe(`Store conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close();
    });
    const backend = (): NonNullable<StoreUnderTest['outage']> => {
      if (subject.outage === undefined)
        throw new Error(`${name}: hasBackend is set but the factory returned no outage control`);
      return subject.outage;
    };

    describe('claimOnce', () => {
      it('is true the first time and false after', async () => {
        const key = unique('claim');
        expect(await store.claimOnce(key, 60_000)).toBe(true);
        expect(await store.claimOnce(key, 60_000)).toBe(false);
        expect(await store.claimOnce(unique('claim'), 60_000)).toBe(true);
      });

      it('forgets a key after its ttl', async () => {
        const key = unique('claim-ttl');
        expect(await store.claimOnce(key, 300)).toBe(true);
        expect(await store.claimOnce(key, 300)).toBe(false);
        await sleep(400);
        expect(await store.claimOnce(key, 300)).toBe(true);
      });

      it('lets exactly one of 100 concurrent claims win', async () => {
        const key = unique('claim-race');
        const results = await Promise.all(Array.from({ length: 100 }, () => store.claimOnce(key, 60_000)));
        expect(results.filter((won) => won)).toHaveLength(1);
      });
    });

    describe('reserve, commit, release (an exchange spends its ID token only with its 200)', () => {
      const hold = async (key: string, ttlMs = 60_000): Promise<Reservation> => {
        const held = await store.reserve(key, ttlMs);
        if (typeof held === 'string') throw new Error(`expected a reservation, got ${held}`);
        return held;
      };

      it('commits a record that the next reserve and claimOnce find', async () => {
        const key = unique('reserve');
        const first = await hold(key);
        await first.commit();
        expect(await store.reserve(key, 60_000)).toBe('committed');
        expect(await store.claimOnce(key, 60_000)).toBe(false);
      });

      it('lets one of 50 concurrent reservations hold the key; the others see it pending', async () => {
        const key = unique('reserve-race');
        const results = await Promise.all(Array.from({ length: 50 }, () => store.reserve(key, 60_000)));
        expect(results.filter((r) => typeof r === 'object')).toHaveLength(1);
        expect(results.filter((r) => r === 'pending')).toHaveLength(49);
      });

      it('leaves the key free after a release, whether held or committed', async () => {
        const key = unique('release');
        await (await hold(key)).release();
        const again = await hold(key);
        await again.commit();
        await again.release();
        await (await hold(key)).commit();
      });

      it("never releases another caller's record", async () => {
        const key = unique('release-other');
        const first = await hold(key, 300);
        await sleep(5_200);
        // The first hold lapsed (RESERVE_WINDOW_MS); a second exchange holds and commits the key.
        const second = await hold(key);
        await second.commit();
        await first.release();
        await expect(first.commit()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
        expect(await store.reserve(key, 60_000)).toBe('committed');
      });

      it('keeps a committed record for its ttl from the reservation', async () => {
        const key = unique('reserve-ttl');
        await (await hold(key, 400)).commit();
        expect(await store.reserve(key, 400)).toBe('committed');
        await sleep(600);
        expect(typeof (await store.reserve(key, 400))).toBe('object');
      });
    });

    describe('instances (key-set agreement)', () => {
      it('keeps one record per instance, replaces it, and removes it', async () => {
        const name = unique('instance');
        await store.publishInstance({ instance: name, signing: 'a', published: ['a'], fingerprint: 'f1', atMs: 1 });
        await store.publishInstance({
          instance: name,
          signing: 'b',
          published: ['a', 'b'],
          fingerprint: 'f2',
          atMs: 2,
        });
        const mine = (await store.listInstances()).filter((r) => r.instance === name);
        expect(mine).toEqual([{ instance: name, signing: 'b', published: ['a', 'b'], fingerprint: 'f2', atMs: 2 }]);
        await store.removeInstance(name);
        expect((await store.listInstances()).some((r) => r.instance === name)).toBe(false);
      });
    });

    describe('revocations', () => {
      it('holds a revocation until the token expires', async () => {
        const jti = unique('jti');
        expect(await store.isRevoked(jti)).toBe(false);
        await store.revoke(jti, Date.now() + 10 * 60_000);
        expect(await store.isRevoked(jti)).toBe(true);
        expect(await store.isRevoked(unique('jti'))).toBe(false);
      });

      it('keeps nothing for a token that expired long ago', async () => {
        const jti = unique('jti-old');
        await store.revoke(jti, Date.now() - 10 * 60_000);
        expect(await store.isRevoked(jti)).toBe(false);
      });
    });

    describe('takeToken', () => {
      it('allows a burst, then refuses with retryAfterMs, then refills', async () => {
        const bucket = unique('bucket');
        // 2/s: the three takes and the refusal have 500 ms to happen before a token comes back.
        const limit = { rps: 2, burst: 3 };
        for (let i = 0; i < 3; i++) {
          expect(await store.takeToken(bucket, limit, Date.now())).toEqual({ allowed: true, retryAfterMs: 0 });
        }
        const refused = await store.takeToken(bucket, limit, Date.now());
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(500);
        await sleep(refused.retryAfterMs + 30);
        expect((await store.takeToken(bucket, limit, Date.now())).allowed).toBe(true);
      });

      it('keeps buckets apart', async () => {
        const limit = { rps: 1, burst: 1 };
        const a = unique('bucket-a');
        expect((await store.takeToken(a, limit, Date.now())).allowed).toBe(true);
        expect((await store.takeToken(a, limit, Date.now())).allowed).toBe(false);
        expect((await store.takeToken(unique('bucket-b'), limit, Date.now())).allowed).toBe(true);
      });

      it('never lets more than the burst through under concurrency', async () => {
        const bucket = unique('bucket-race');
        const results = await Promise.all(
          Array.from({ length: 50 }, () => store.takeToken(bucket, { rps: 0.001, burst: 10 }, Date.now())),
        );
        expect(results.filter((r) => r.allowed)).toHaveLength(10);
      });
    });

    describe('API keys', () => {
      const record = (id: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
        id,
        project: 'warehouse',
        name: 'deploy bot',
        hash: 'scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaA',
        createdAtMs: 1_700_000_000_000,
        ...extra,
      });

      it('puts, gets, lists and revokes', async () => {
        const a = record(unique('ka'), { expiresAtMs: 1_800_000_000_000 });
        const b = record(unique('kb'), { createdAtMs: 1_700_000_000_001, name: 'other' });
        await store.putApiKey(a);
        await store.putApiKey(b);
        expect(await store.getApiKey(a.id)).toEqual(a);
        expect(await store.getApiKey(b.id)).toEqual(b);
        expect(await store.getApiKey(unique('missing'))).toBeUndefined();

        const listed = await store.listApiKeys();
        expect(listed.find((r) => r.id === a.id)).toEqual(a);
        expect(listed.find((r) => r.id === b.id)).toEqual(b);

        expect(await store.revokeApiKey(a.id, 1_750_000_000_000)).toBe(true);
        expect((await store.getApiKey(a.id))?.revokedAtMs).toBe(1_750_000_000_000);
        expect((await store.getApiKey(b.id))?.revokedAtMs).toBeUndefined();
        // Revoking again keeps the first time (the audit trail's answer to "since when?").
        expect(await store.revokeApiKey(a.id, 1_760_000_000_000)).toBe(true);
        expect((await store.getApiKey(a.id))?.revokedAtMs).toBe(1_750_000_000_000);
        expect(await store.revokeApiKey(unique('missing'), 1_750_000_000_000)).toBe(false);
        expect((await store.listApiKeys()).find((r) => r.id === a.id)?.revokedAtMs).toBe(1_750_000_000_000);
      });

      it('records the last use of a key and leaves its expiry and revocation alone', async () => {
        const id = unique('used');
        await store.putApiKey(record(id, { expiresAtMs: 1_800_000_000_000 }));
        expect((await store.getApiKey(id))?.lastUsedAtMs).toBeUndefined();
        await store.recordApiKeyUse(id, 1_750_000_060_000);
        expect(await store.getApiKey(id)).toEqual(
          record(id, { expiresAtMs: 1_800_000_000_000, lastUsedAtMs: 1_750_000_060_000 }),
        );
        await store.revokeApiKey(id, 1_750_000_100_000);
        await store.recordApiKeyUse(id, 1_750_000_120_000);
        const after = await store.getApiKey(id);
        expect(after).toMatchObject({ lastUsedAtMs: 1_750_000_120_000, revokedAtMs: 1_750_000_100_000 });
        expect((await store.listApiKeys()).find((r) => r.id === id)?.lastUsedAtMs).toBe(1_750_000_120_000);
        // Never moved back by a late write or a broker whose clock is behind.
        await store.recordApiKeyUse(id, 1_750_000_090_000);
        expect((await store.getApiKey(id))?.lastUsedAtMs).toBe(1_750_000_120_000);
        // Nothing is made for a key that does not exist.
        const missing = unique('missing');
        await store.recordApiKeyUse(missing, 1_750_000_130_000);
        expect(await store.getApiKey(missing)).toBeUndefined();
      });

      it('replaces a record put again under the same id', async () => {
        const id = unique('kr');
        await store.putApiKey(record(id, { revokedAtMs: 1 }));
        await store.putApiKey(record(id, { name: 'renamed' }));
        expect(await store.getApiKey(id)).toEqual(record(id, { name: 'renamed' }));
      });
    });

    describe('certificates', () => {
      it('records an issued certificate', async () => {
        const cert: CertificateRecord = {
          serial: unique('serial'),
          project: 'warehouse',
          subject: 'repo:acme/warehouse:ref:refs/heads/main',
          jti: unique('jti'),
          notAfterMs: Date.now() + 10 * 60_000,
          fingerprint: `sha256:${'ab'.repeat(32)}`,
        };
        await expect(store.putCertificate(cert)).resolves.toBeUndefined();
        const readable = store as Store & { getCertificate?(serial: string): Promise<CertificateRecord | undefined> };
        if (readable.getCertificate !== undefined) {
          expect(await readable.getCertificate(cert.serial)).toEqual(cert);
          expect(await readable.getCertificate(unique('serial'))).toBeUndefined();
        }
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    // Only stores with a backend that can go away (Redis) have an outage to test.
    if (hasBackend)
      describe('when the backend is down', () => {
        it('fails every operation with ERR_STORE_UNAVAILABLE, quickly, and recovers without reopening', async () => {
          const outage = backend();
          await outage.stop();
          const limit = { rps: 1, burst: 1 };
          await expectUnavailable(store.claimOnce(unique('down'), 60_000));
          await expectUnavailable(store.revoke(unique('down'), Date.now() + 60_000));
          await expectUnavailable(store.isRevoked(unique('down')));
          await expectUnavailable(store.takeToken(unique('down'), limit, Date.now()));
          await expectUnavailable(store.getApiKey(unique('down')));
          await expectUnavailable(store.listApiKeys());
          await expectUnavailable(store.ping());

          await outage.start();
          await waitUntilAvailable(store);
          const key = unique('back');
          expect(await store.claimOnce(key, 60_000)).toBe(true);
          expect(await store.claimOnce(key, 60_000)).toBe(false);
        });

        it('fails with ERR_STORE_UNAVAILABLE, bounded, when the backend hangs, and recovers', async () => {
          const outage = backend();
          outage.pause();
          try {
            await expectUnavailable(store.claimOnce(unique('hung'), 60_000));
            await expectUnavailable(store.ping());
          } finally {
            outage.resume();
          }
          await waitUntilAvailable(store);
          expect(await store.claimOnce(unique('resumed'), 60_000)).toBe(true);
        });
      });
  });
}
