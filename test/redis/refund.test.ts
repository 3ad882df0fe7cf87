import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import { openRedisStore } from '../../src/store/redis.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';

/**
 * An exchange refused after the store step (WAIT not confirmed by enough replicas, or released
 * because the audit write failed) gives the owner's rate-limit token back: a job's retries during
 * a replica outage must not drain its owner's bucket.
 */
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis({});
}, 120_000);
afterAll(async () => server?.stop());

const owner = (bucket: string) => ({ bucket, limit: { rps: 0.001, burst: 1 } });

it('an admit that no replica confirmed gives the owner token back', async () => {
  const store = await openRedisStore(`redis://127.0.0.1:${server.port}`, {
    commandTimeoutMs: 2000,
    minReplicaAcks: 1,
  });
  const redis = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
  try {
    const request = {
      replayKey: 'replay:wait',
      ttlMs: 60_000,
      record: true,
      nowMs: Date.now(),
      owner: owner('o:wait'),
    };
    await expect(store.admit(request)).rejects.toSatisfy((e) => isStintError(e, 'ERR_STORE_UNAVAILABLE'));
    // Read the bucket beside the store (the store's own connection is busy with WAITs retrying the release).
    await redis.connect();
    const buckets = await redis.keys('stint:ratelimit:*');
    expect(buckets).toHaveLength(1);
    expect(Number(await redis.hget(buckets[0] as string, 't'))).toBeGreaterThanOrEqual(0.99);
  } finally {
    redis.disconnect();
    await store.close();
  }
}, 60_000);

it('a released admit gives the owner token back', async () => {
  const store = await openRedisStore(`redis://127.0.0.1:${server.port}`, { commandTimeoutMs: 2000 });
  try {
    const request = { replayKey: 'replay:rel', ttlMs: 60_000, record: true, nowMs: Date.now(), owner: owner('o:rel') };
    const first = await store.admit(request);
    expect(first.outcome).toBe('recorded');
    if (first.outcome === 'recorded') await first.release();
    const second = await store.admit({ ...request, replayKey: 'replay:rel-2' });
    expect(second.outcome).toBe('recorded');
    // The bucket still holds one token at most: the next one is refused.
    const third = await store.admit({ ...request, replayKey: 'replay:rel-3' });
    expect(third).toMatchObject({ outcome: 'rate_limited', bucket: 'owner' });
  } finally {
    await store.close();
  }
}, 60_000);
