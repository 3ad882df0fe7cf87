import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import type { Admission, AdmitRequest, ApiKeyRecord, CertificateRecord, Store } from '../../src/store/types.js';

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
        // 3 s: room for the second claim to land inside the ttl on a busy machine.
        expect(await store.claimOnce(key, 3_000)).toBe(true);
        expect(await store.claimOnce(key, 3_000)).toBe(false);
        await sleep(3_500);
        expect(await store.claimOnce(key, 3_000)).toBe(true);
      });

      it('lets exactly one of 100 concurrent claims win', async () => {
        const key = unique('claim-race');
        const results = await Promise.all(Array.from({ length: 100 }, () => store.claimOnce(key, 60_000)));
        expect(results.filter((won) => won)).toHaveLength(1);
      });
    });

    describe('admit (the store work of one exchange, in one step)', () => {
      const limit = { rps: 0.001, burst: 2 };
      const roomy = { rps: 1000, burst: 1000 };
      const admit = (key: string, extra: Partial<AdmitRequest> = {}): Promise<Admission> =>
        store.admit({ replayKey: key, ttlMs: 60_000, record: true, nowMs: Date.now(), ...extra });

      it('records a key once: then replayed, for admit and claimOnce', async () => {
        const key = unique('admit');
        expect((await admit(key)).outcome).toBe('recorded');
        expect((await admit(key)).outcome).toBe('replayed');
        expect(await store.claimOnce(key, 60_000)).toBe(false);
        const seen = unique('admit-claimed');
        expect(await store.claimOnce(seen, 60_000)).toBe(true);
        expect((await admit(seen)).outcome).toBe('replayed');
      });

      it('lets exactly one of 50 concurrent admits record the key; the others see it replayed', async () => {
        const key = unique('admit-race');
        const results = await Promise.all(Array.from({ length: 50 }, () => admit(key)));
        expect(results.filter((r) => r.outcome === 'recorded')).toHaveLength(1);
        expect(results.filter((r) => r.outcome === 'replayed')).toHaveLength(49);
      });

      it('only looks without record: absent, nothing written, no owner token taken', async () => {
        const key = unique('admit-look');
        const owner = { bucket: unique('owner'), limit };
        expect((await admit(key, { record: false, owner })).outcome).toBe('absent');
        expect((await admit(key, { record: false, owner })).outcome).toBe('absent');
        // The owner's two tokens are still there.
        expect((await admit(key, { owner })).outcome).toBe('recorded');
        expect((await admit(unique('admit-look'), { owner })).outcome).toBe('recorded');
        expect((await admit(key, { record: false })).outcome).toBe('replayed');
      });

      it('takes the owner token only for a key it records, and records nothing when the bucket is empty', async () => {
        const owner = { bucket: unique('owner'), limit };
        const first = unique('admit-owner');
        expect((await admit(first, { owner })).outcome).toBe('recorded');
        // A replayed token does not spend the owner's token.
        expect((await admit(first, { owner })).outcome).toBe('replayed');
        expect((await admit(unique('admit-owner'), { owner })).outcome).toBe('recorded');
        const refusedKey = unique('admit-owner');
        const refused = await admit(refusedKey, { owner });
        expect(refused).toMatchObject({ outcome: 'rate_limited', bucket: 'owner' });
        expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
        // Nothing was recorded: with room in another bucket the same key is recorded now.
        expect((await admit(refusedKey, { owner: { bucket: unique('owner'), limit } })).outcome).toBe('recorded');
      });

      it('takes the address token first, and keeps it whatever follows', async () => {
        const address = { bucket: unique('address'), limit };
        const key = unique('admit-address');
        expect((await admit(key, { address, owner: { bucket: unique('owner'), limit: roomy } })).outcome).toBe(
          'recorded',
        );
        // A replayed token still spends the address token.
        expect((await admit(key, { address })).outcome).toBe('replayed');
        const refusedKey = unique('admit-address');
        const refused = await admit(refusedKey, { address });
        expect(refused).toMatchObject({ outcome: 'rate_limited', bucket: 'address' });
        // Even a replayed token is refused by its address first, and a look spends it too.
        expect((await admit(key, { address })).outcome).toBe('rate_limited');
        expect((await admit(key, { address, record: false })).outcome).toBe('rate_limited');
        // Nothing was recorded for the refused one.
        expect((await admit(refusedKey)).outcome).toBe('recorded');
      });

      it('drops the record on release, and only its own', async () => {
        const key = unique('admit-release');
        const first = await admit(key);
        if (first.outcome !== 'recorded') throw new Error(`admit gave ${first.outcome}`);
        await first.release();
        const second = await admit(key);
        expect(second.outcome).toBe('recorded');
        // A second release of the first changes nothing: the second record stays.
        await first.release();
        expect((await admit(key)).outcome).toBe('replayed');
      });

      it('keeps a record for its ttl', async () => {
        const key = unique('admit-ttl');
        // 3 s: room for the second admit to land inside the ttl on a busy machine.
        expect((await admit(key, { ttlMs: 3_000 })).outcome).toBe('recorded');
        expect((await admit(key, { ttlMs: 3_000 })).outcome).toBe('replayed');
        await sleep(3_500);
        expect((await admit(key, { ttlMs: 3_000 })).outcome).toBe('recorded');
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
        // One every 5 s: the three takes and the refusal have 5 s to happen before a token comes back
        // (the Redis store refills by Redis's clock, not the time given, so a fixed time cannot be used).
        const limit = { rps: 0.2, burst: 3 };
        for (let i = 0; i < 3; i++) {
          expect(await store.takeToken(bucket, limit, Date.now())).toEqual({ allowed: true, retryAfterMs: 0 });
        }
        const refused = await store.takeToken(bucket, limit, Date.now());
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(5_000);
        await sleep(refused.retryAfterMs + 30);
        expect((await store.takeToken(bucket, limit, Date.now())).allowed).toBe(true);
      });

      it('keeps buckets apart', async () => {
        // One token back every 1000 s: the second take meets an empty bucket however long the first
        // took (the Redis store refills by Redis's clock, and a take can take a second on a busy machine).
        const limit = { rps: 0.001, burst: 1 };
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
          await expectUnavailable(
            store.admit({ replayKey: unique('down'), ttlMs: 60_000, record: true, nowMs: Date.now() }),
          );
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
            await expectUnavailable(
              store.admit({ replayKey: unique('hung'), ttlMs: 60_000, record: true, nowMs: Date.now() }),
            );
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
