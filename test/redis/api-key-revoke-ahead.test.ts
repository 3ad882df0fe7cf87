import { afterAll, beforeAll, it } from 'vitest';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { revokeAheadConfig, revokeFromAheadHost } from '../tokens/revoke-ahead.js';

// test/tokens/api-key-revoke-ahead.test.ts on a Redis store: the CLI revokes in Redis (HSETNX
// revokedAtMs), the broker reads the record from there.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

it('a key revoked in Redis from a host 10 minutes ahead is refused within seconds, and leaves the gauges', async () => {
  await revokeFromAheadHost(revokeAheadConfig(`{ url: "${redis.url}/0" }`));
});
