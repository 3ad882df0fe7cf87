import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedisStore, type RedisStore } from '../../src/store/redis.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';

/**
 * A Redis that hangs (paused, overloaded, failing over) times a command out while the link is up.
 * The message said to check "the ACL user's permissions", which a time-out never is (review s20,
 * seen during SENTINEL FAILOVER); it says what a time-out means now.
 */
let redis: RedisServer;
let store: RedisStore | undefined;

beforeAll(async () => {
  redis = await startRedis({ password: 'timeout-hint-pw' });
});
afterAll(async () => {
  redis?.resume();
  await store?.close();
  await redis?.stop();
});

it('a command that times out on a hung Redis points at the hang, not at ACL permissions', async () => {
  store = await openRedisStore(`${redis.url}/0`, { password: redis.password! });
  await store.checkWrite();
  redis.pause();
  const error = await store.checkWrite().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toMatch(
    /\(checkWrite: Command timed out\); Redis did not answer within the command time-out: it is overloaded, paused, or failing over/,
  );
  expect(error?.message).not.toMatch(/permission/);
});
