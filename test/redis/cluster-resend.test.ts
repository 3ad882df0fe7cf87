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

// On Cluster the rate-limit tokens are taken by their own scripts, each in its bucket's slot; ioredis
// resends those too. A resend of a take that Redis had run must not take a second token: a lost
// reply would otherwise cost the job's project (or address) a token it never used, and with a
// burst of 1 refuse the very exchange whose reply was lost.
it('Cluster: a rate-limit take whose reply is lost on a closed connection and resent takes one token', async () => {
  const store = await openRedisStore(
    { cluster: cluster.addresses },
    { password: cluster.password, commandTimeoutMs: 2000 },
  );
  // Two tokens in each bucket, refilled too slowly (one per 1000 s) to matter here.
  const limit = { rps: 0.001, burst: 2 };
  const admit = (n: number) =>
    store.admit({
      replayKey: `replay:take-${n}`,
      ttlMs: 60_000,
      record: true,
      nowMs: Date.now(),
      address: { bucket: 'address:take-resend', limit },
      owner: { bucket: 'owner:take-resend', limit },
    });
  // Warm on other buckets: the scripts loaded on every master, Redis's clock known.
  const warm = await store.admit({
    replayKey: 'replay:take-warm',
    ttlMs: 60_000,
    record: true,
    nowMs: Date.now(),
    address: { bucket: 'address:take-warm', limit },
    owner: { bucket: 'owner:take-warm', limit },
  });
  expect(warm.outcome).toBe('recorded');
  // Lose exactly one reply: the first socket chunk that carries a granted take ({1, 0}).
  let armed = true;
  const emit = Socket.prototype.emit;
  Socket.prototype.emit = function (this: Socket, event: string, ...args: unknown[]) {
    if (armed && event === 'data' && String(args[0]).includes('*2\r\n:1\r\n:0\r\n')) {
      armed = false;
      this.destroy();
      return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
  let first: string;
  try {
    first = (await admit(1)).outcome;
  } finally {
    Socket.prototype.emit = emit;
  }
  expect(armed).toBe(false);
  const second = await admit(2);
  const third = await admit(3);
  await store.close();
  // Each bucket gave exactly one token to each of the first two exchanges, and then had none.
  expect([first, second.outcome, third.outcome]).toEqual(['recorded', 'recorded', 'rate_limited']);
  // The takes' records are stint keys (an ACL user limited to ~stint:* may write them), one per take.
  const { masters } = await cluster.roles();
  const keys: string[] = [];
  for (const port of masters) keys.push(...(await admin(port, cluster.password, (r) => r.keys('*'))));
  expect(keys.filter((k) => !k.startsWith('stint:'))).toEqual([]);
  expect(keys.filter((k) => k.startsWith('stint:take:'))).toHaveLength(8);
}, 300_000);

// The owner token taken for an exchange refused after all (here: a replayed ID token) is given
// back by its own script; a resend of that refund must not give it back twice.
it('Cluster: a refund whose reply is lost on a closed connection and resent gives back one token', async () => {
  const store = await openRedisStore(
    { cluster: cluster.addresses },
    { password: cluster.password, commandTimeoutMs: 2000 },
  );
  const owner = { bucket: 'owner:refund-resend', limit: { rps: 0.001, burst: 2 } };
  const admit = (replayKey: string) =>
    store.admit({ replayKey: `replay:${replayKey}`, ttlMs: 60_000, record: true, nowMs: Date.now(), owner });
  // One of the two tokens spent: a refund now has room to give one back, and no more.
  expect((await admit('refund-a')).outcome).toBe('recorded');
  // Lose exactly one reply: the refund's 1 (the replayed exchange's owner token given back).
  let armed = true;
  const emit = Socket.prototype.emit;
  Socket.prototype.emit = function (this: Socket, event: string, ...args: unknown[]) {
    if (armed && event === 'data' && String(args[0]) === ':1\r\n') {
      armed = false;
      this.destroy();
      return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
  let replayed: string;
  try {
    replayed = (await admit('refund-a')).outcome;
  } finally {
    Socket.prototype.emit = emit;
  }
  expect(armed).toBe(false);
  expect(replayed).toBe('replayed');
  const outcomes = [(await admit('refund-b')).outcome, (await admit('refund-c')).outcome];
  await store.close();
  expect(outcomes).toEqual(['recorded', 'rate_limited']);
}, 300_000);
