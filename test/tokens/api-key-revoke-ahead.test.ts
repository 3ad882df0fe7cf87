import { it } from 'vitest';
import { revokeAheadConfig, revokeFromAheadHost } from './revoke-ahead.js';

// A project API key revoked from a host whose clock is ahead of the broker's is refused at once
// (memory store: the key file in the keys dir). test/redis/api-key-revoke-ahead.test.ts: Redis.
it('a key revoked from a host 10 minutes ahead is refused within seconds, and leaves the gauges', async () => {
  await revokeFromAheadHost(revokeAheadConfig('memory'));
});
