import { afterEach, it } from 'vitest';
import { openRedisStore } from '../../src/store/redis.js';
import { redisBehindProxy, retryAfterLostReply } from './lost-reply.js';

// Single Redis: an admit's reply lost with the link, and the job's retry right after (lost-reply.ts).

/** What each test started, stopped after it (last first). */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('single Redis: the retry of an exchange whose reply was lost is exchanged, not answered replayed', async () => {
  const { redis, proxy } = await redisBehindProxy(cleanups);
  // Reconnects at most 50 ms apart, so the store is back right after Redis is.
  const store = await openRedisStore(proxy.url, {
    password: redis.password!,
    commandTimeoutMs: 2000,
    maxReconnectDelayMs: 50,
  });
  cleanups.push(() => store.close());
  await retryAfterLostReply(store, redis, proxy);
});
