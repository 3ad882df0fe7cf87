import { expect, it } from 'vitest';
import { createMemoryStore } from '../src/store/memory.js';
import { openRedisStore } from '../src/store/redis.js';
import type { Store } from '../src/store/types.js';
import { startRedis } from '../test/helpers/redis.js';
import { exchange, type Fleet, idToken, startFleet } from '../test/redis/setup.js';
import { opsPerSecond, recordBench } from './report.js';

/**
 * Exchanges per second through the real `stint serve` (built CLI) on three set-ups, in one run:
 * one broker on the memory store (the baseline), one broker on Redis, and two brokers sharing
 * one Redis with the load split between them. Every exchange needs a fresh ID token (replay
 * protection), so they are all minted before the clock starts. The three set-ups run side by
 * side and are measured in many short alternating slices, and each figure is the median of its
 * slices, so a burst of background load on the machine does not decide the ratio.
 * Bounded in count (TOKENS per set-up) and in time (ROUNDS × SLICE_MS each).
 */
const TOKENS = 3000;
const ROUNDS = 10;
const SLICE_MS = 500;
const CONCURRENCY = 16;
const WARM_UP = 40;

interface SetUp {
  name: string;
  fleet: Fleet;
  tokens: string[];
  done: number;
  /** Exchanges/s of each slice. */
  rates: number[];
}

async function prepare(name: string, count: number, store: 'memory' | 'redis'): Promise<SetUp> {
  // One load process on 127.0.0.1: without a roomy per-address limit it would measure the limit.
  const fleet = await startFleet(count, store, {
    rateLimit: { rps: 1_000_000, burst: 1_000_000 },
    perAddress: { rps: 1_000_000, burst: 1_000_000 },
  });
  const tokens: string[] = [];
  for (let i = 0; i < TOKENS + WARM_UP; i++) tokens.push(await idToken(fleet.issuer));
  const urls = fleet.brokers.map((b) => b.url);
  // Warm up: JWKS discovery, caches, JIT, connections.
  for (let i = 0; i < WARM_UP; i++) expect((await exchange(urls[i % urls.length]!, tokens.pop()!)).status).toBe(200);
  return { name, fleet, tokens, done: 0, rates: [] };
}

/** Runs one slice: CONCURRENCY exchanges in flight, round-robin over the set-up's brokers. */
async function slice(setUp: SetUp): Promise<void> {
  const urls = setUp.fleet.brokers.map((b) => b.url);
  const before = setUp.done;
  const started = performance.now();
  const deadline = started + SLICE_MS;
  const worker = async (): Promise<void> => {
    while (setUp.tokens.length > 0 && performance.now() < deadline) {
      const token = setUp.tokens.pop()!;
      const answer = await exchange(urls[setUp.done % urls.length]!, token);
      if (answer.status !== 200)
        throw new Error(`${setUp.name}: exchange answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      setUp.done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsedMs = performance.now() - started;
  // A slice cut short because the pre-minted tokens ran out says nothing about the rate.
  if (setUp.tokens.length > 0 || elapsedMs >= SLICE_MS) setUp.rates.push(((setUp.done - before) * 1000) / elapsedMs);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const roomy = { rps: 1_000_000, burst: 1_000_000 };
const STORE_ROUNDS = 7;
const STORE_ROUND_MS = 300;

/**
 * What an exchange asks of its store, per second, one at a time: `admit` (the replay check, the
 * address and owner tokens and the record, one operation), against the same work as two
 * sequential calls (a replay claim, then a rate-limit token), as exchanges did it before.
 */
let i = 0;
async function storeOpsPerSecond(store: Store, oneOperation: boolean): Promise<number> {
  if (oneOperation) {
    return opsPerSecond(async () => {
      const answer = await store.admit({
        replayKey: `bench-admit-${process.pid}-${i++}`,
        ttlMs: 60_000,
        record: true,
        address: { bucket: 'bench-address', limit: roomy },
        owner: { bucket: 'bench-owner', limit: roomy },
        nowMs: Date.now(),
      });
      if (answer.outcome !== 'recorded') throw new Error(`admit answered ${answer.outcome}`);
    }, STORE_ROUND_MS);
  }
  return opsPerSecond(async () => {
    await store.claimOnce(`bench-${process.pid}-${i++}`, 60_000);
    await store.takeToken('bench', roomy, Date.now());
  }, STORE_ROUND_MS);
}

it('measures exchanges/s: memory store vs Redis vs two brokers on one Redis', async () => {
  const redisServer = await startRedis();
  const memoryStore = createMemoryStore();
  const redisStore = await openRedisStore(redisServer.url);
  let storeFigures: { memory: number; redis: number; redisTwoCalls: number };
  try {
    // Alternating short rounds, medians: a burst of load on the machine hits both sides alike.
    const rounds = { memory: [] as number[], redis: [] as number[], redisTwoCalls: [] as number[] };
    for (let round = 0; round < STORE_ROUNDS; round++) {
      rounds.memory.push(await storeOpsPerSecond(memoryStore, true));
      rounds.redis.push(await storeOpsPerSecond(redisStore, true));
      rounds.redisTwoCalls.push(await storeOpsPerSecond(redisStore, false));
    }
    storeFigures = {
      memory: median(rounds.memory),
      redis: median(rounds.redis),
      redisTwoCalls: median(rounds.redisTwoCalls),
    };
  } finally {
    await Promise.all([memoryStore.close(), redisStore.close()]);
    await redisServer.stop();
  }

  const setUps: SetUp[] = [];
  try {
    setUps.push(await prepare('memory', 1, 'memory'));
    setUps.push(await prepare('redis', 1, 'redis'));
    setUps.push(await prepare('two on redis', 2, 'redis'));
    for (let round = 0; round < ROUNDS; round++) for (const setUp of setUps) await slice(setUp);
  } finally {
    await Promise.all(setUps.map((s) => s.fleet.stop()));
  }
  const [memory, redis, two] = setUps.map((s) => ({ perSecond: median(s.rates), done: s.done })) as [
    { perSecond: number; done: number },
    { perSecond: number; done: number },
    { perSecond: number; done: number },
  ];
  const ratio = (x: number): string => `${(x / memory.perSecond).toFixed(2)}×`;
  recordBench('redis', [
    {
      figure: `exchanges/s, 1 broker, memory store (median of ${ROUNDS} slices of ${SLICE_MS} ms, ${CONCURRENCY} in flight)`,
      value: `${memory.perSecond.toFixed(0)} exchanges/s`,
      target: '',
    },
    {
      figure: `1 broker on Redis (${redis.perSecond.toFixed(0)}/s), vs memory`,
      value: ratio(redis.perSecond),
      target: '',
    },
    {
      figure: `2 brokers on one Redis, load split (${two.perSecond.toFixed(0)}/s), vs 1 on memory`,
      value: ratio(two.perSecond),
      target: '',
    },
    {
      figure: `store work of one exchange (admit: one script, one round trip), sequential, on Redis (median of ${STORE_ROUNDS} rounds)`,
      value: `${(1e6 / storeFigures.redis).toFixed(0)} µs (memory: ${(1e6 / storeFigures.memory).toFixed(1)} µs)`,
      target: '',
    },
    {
      figure: `…vs the same work as two sequential round trips (claimOnce + takeToken, ${(1e6 / storeFigures.redisTwoCalls).toFixed(0)} µs)`,
      value: `${(storeFigures.redisTwoCalls / storeFigures.redis).toFixed(2)}× the time`,
      target: '',
    },
  ]);
});
