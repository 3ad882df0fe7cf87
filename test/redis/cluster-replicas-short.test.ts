import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedisStore, type RedisStore } from '../../src/store/redis.js';
import { admin, type RedisClusterSet, startRedisCluster, until } from '../helpers/redis-topology.js';

/**
 * A Cluster master without a replica, under `min_replica_acks: 1`: every write to its slots is
 * refused, and only those. The message named no node ("check that every master has …"); it names
 * the master that took the write now (review s20).
 */
let cluster: RedisClusterSet;
let store: RedisStore | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
});
afterAll(async () => {
  await store?.close();
  await cluster?.stop();
});

it('names the master whose replica did not confirm the write', async () => {
  store = await openRedisStore({ cluster: cluster.addresses }, { password: cluster.password, minReplicaAcks: 1 });
  await until('the store to take a write', async () =>
    store!.checkWrite().then(
      () => true,
      () => undefined,
    ),
  );
  // The master serving the readiness probe's key, and its replica, which is stopped.
  const [first] = cluster.nodes;
  const slot = Number(
    await admin(first!.port, cluster.password, (r) => r.call('CLUSTER', 'KEYSLOT', 'stint:probe:readyz')),
  );
  const ranges = (await admin(first!.port, cluster.password, (r) => r.call('CLUSTER', 'SLOTS'))) as Array<
    [number, number, [string, number, ...unknown[]], ...unknown[]]
  >;
  const masterPort = ranges.find(([from, to]) => slot >= from && slot <= to)![2][1];
  const { replicas } = await cluster.roles();
  const replica = cluster.nodes.find((n) => n.port === replicas.find((r) => r.masterPort === masterPort)!.port)!;
  await replica.stop();
  const error = await until('a write its replica does not confirm', async () =>
    store!.checkWrite().then(
      () => undefined,
      (e: unknown) => (/replicas confirmed/.test(String(e)) ? (e as Error) : undefined),
    ),
  );
  expect(error.message).toContain(
    `0 of 1 replicas confirmed the write within 500 ms (store.min_replica_acks)); check that master 127.0.0.1:${masterPort} has at least 1 replica(s) attached`,
  );
});
