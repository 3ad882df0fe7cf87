import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'vitest';
import { openRedisStore } from '../../src/store/redis.js';
import { startRedis } from '../helpers/redis.js';
import { redisBehindProxy, retryAfterLostReply } from './lost-reply.js';

// Sentinel: an admit's reply lost with the link to the master, and the job's retry right after
// (lost-reply.ts).

/** What each test started, stopped after it (last first). */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('Sentinel: the retry of an exchange whose reply was lost is exchanged, not answered replayed', async () => {
  const { redis, proxy } = await redisBehindProxy(cleanups);
  // The sentinel knows the master by the proxy's address, so that is where it sends the store.
  // No replica, and the default 30 s before it calls the master down: the outage moves nothing.
  const dir = mkdtempSync(join(tmpdir(), 'stint-sentinel-resend-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    `sentinel monitor resend 127.0.0.1 ${proxy.port} 1\nsentinel auth-pass resend ${redis.password!}\n`,
  );
  const sentinel = await startRedis({ sentinelConfig: conf });
  cleanups.push(() => sentinel.stop());
  const store = await openRedisStore(
    { sentinels: [`127.0.0.1:${sentinel.port}`], name: 'resend' },
    { password: redis.password!, commandTimeoutMs: 2000, maxReconnectDelayMs: 50 },
  );
  cleanups.push(() => store.close());
  await retryAfterLostReply(store, redis, proxy);
});
