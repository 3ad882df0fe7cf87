import { afterAll, expect, it } from 'vitest';
import { openRedisStore, type RedisStore } from '../../src/store/redis.js';
import type { DatasetChange } from '../../src/store/types.js';
import { admin, until } from '../helpers/redis-topology.js';
import { redisBehindProxy } from './lost-reply.js';

/**
 * Redis lost its data and this broker is the one that writes the new dataset marker, but the
 * script's reply is lost (the link drops after Redis ran it). Its next look finds the marker it
 * wrote itself: the loss is reported as found by this broker ("was gone at …"), not as "replaced
 * by another broker" (review s20, seen with two brokers after a restart without persistence).
 */
const cleanups: Array<() => Promise<void> | void> = [];
let store: RedisStore | undefined;
afterAll(async () => {
  await store?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('a marker this broker wrote, whose reply was lost, is reported as found gone by this broker', async () => {
  const { redis, proxy } = await redisBehindProxy(cleanups);
  store = await openRedisStore(proxy.url, { password: redis.password! });
  const changes: DatasetChange[] = [];
  store.onDataset((change) => changes.push(change));
  await store.checkWrite();
  expect(changes.map((c) => c.kind)).toEqual(['created']);

  // The data is gone; the next look writes a new marker, and its reply ('lost', …) is lost.
  await admin(redis.port, redis.password, (r) => r.del('stint:dataset'));
  proxy.loseReplyWith('lost');
  const failed = await store.checkWrite().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(proxy.lost()).toBe(true);
  expect(failed).toBeInstanceOf(Error);
  proxy.open();
  await until(
    'the store to answer again',
    async () =>
      store!.checkWrite().then(
        () => true,
        () => undefined,
      ),
    60_000,
  );
  const lost = changes.filter((c) => c.kind === 'lost');
  expect(lost).toHaveLength(1);
  expect(lost[0]).toMatchObject({ kind: 'lost', key: 'stint:dataset', by: 'this broker' });
});
