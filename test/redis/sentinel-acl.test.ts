import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../src/store/redis.js';
import { admin, type SentinelSet, startSentinelSet } from '../helpers/redis-topology.js';
import { aclRefusals, documentedAclRules, walkRedisStore } from '../store/redis-acl.js';

/**
 * The least-privilege ACL user of docs/many-brokers.md behind Redis Sentinel, with exactly the base
 * rules the docs give (created on every data node, as the docs say): the store, following the
 * master through the sentinels (whose INFO role check runs on the master link too), runs every
 * operation with nothing refused (Redis's ACL LOG on every node stays empty, `config|get` aside).
 */
describe('the documented ACL user behind Redis Sentinel', () => {
  const userPassword = 'sentinel-acl-pw-2e9b';
  let set: SentinelSet;

  beforeAll(async () => {
    set = await startSentinelSet({ replicas: 1, sentinels: 1 });
    const { base } = documentedAclRules();
    for (const node of set.nodes) {
      await admin(node.port, set.password, async (r) => {
        await r.call('ACL', 'SETUSER', 'stint', 'reset', 'on', `>${userPassword}`, ...base);
        await r.call('ACL', 'LOG', 'RESET');
      });
    }
  }, 300_000);
  afterAll(async () => {
    await set?.stop();
  });

  it('runs every store operation as the user, none refused', async () => {
    const store = await openRedisStore(
      { sentinels: set.sentinelAddresses, name: set.name, db: 2 },
      { username: 'stint', password: userPassword },
    );
    await walkRedisStore(store, 'sentinel-acl');
    for (const node of set.nodes) {
      expect(await admin(node.port, set.password, (r) => aclRefusals(r, 'stint')), `node ${node.port}`).toEqual([]);
    }
  });
});
