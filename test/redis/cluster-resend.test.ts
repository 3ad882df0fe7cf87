import { Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedisStore } from '../../src/store/redis.js';
import { admin, type RedisClusterSet, startRedisCluster } from '../helpers/redis-topology.js';

// ioredis Cluster resends a pipeline whose connection closed before its reply came back. When Redis
// had already run the admit script, the resend must answer `recorded` (the same call's own record),
// not `replayed`: otherwise the broker refuses the exchange and the job's ID token stays spent.
let cluster: RedisClusterSet;
beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0 });
}, 300_000);
afterAll(async () => cluster?.stop());

it('Cluster: an admit whose reply is lost on a closed connection and resent is not a replay', async () => {
  const store = await openRedisStore(
    { cluster: cluster.addresses },
    { password: cluster.password, commandTimeoutMs: 2000 },
  );
  // Lose exactly one reply: the first socket chunk that carries the admit script's "recorded".
  let armed = true;
  const emit = Socket.prototype.emit;
  Socket.prototype.emit = function (this: Socket, event: string, ...args: unknown[]) {
    if (armed && event === 'data' && String(args[0]).includes('recorded')) {
      armed = false;
      this.destroy();
      return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
  let outcome: string;
  try {
    outcome = (await store.admit({ replayKey: 'replay:resend-1', ttlMs: 60_000, record: true, nowMs: Date.now() }))
      .outcome;
  } catch {
    outcome = 'threw';
  } finally {
    Socket.prototype.emit = emit;
  }
  expect(armed).toBe(false);
  const { masters } = await cluster.roles();
  const left: string[] = [];
  for (const port of masters) left.push(...(await admin(port, cluster.password, (r) => r.keys('stint:replay:*'))));
  const again = await store.admit({ replayKey: 'replay:resend-1', ttlMs: 60_000, record: true, nowMs: Date.now() });
  await store.close();
  if (outcome === 'recorded') {
    // Acknowledged: the token is spent exactly once.
    expect(left).toHaveLength(1);
    expect(again.outcome).toBe('replayed');
  } else {
    // Refused: the token must not stay spent, so the job's retry exchanges it.
    expect(outcome).not.toBe('replayed');
    expect(left).toEqual([]);
    expect(again.outcome).toBe('recorded');
  }
}, 300_000);
