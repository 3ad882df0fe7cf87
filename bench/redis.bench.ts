import { expect, it } from 'vitest';
import { recordBench } from './report.js';
import { exchange, idToken, startFleet, type Fleet } from '../test/redis/setup.js';

/**
 * Exchanges per second through the real `stint serve` (built CLI) on three set-ups, in one run:
 * one broker on the memory store (the baseline), one broker on Redis, and two brokers sharing
 * one Redis with the load split between them. Every exchange needs a fresh ID token (replay
 * protection), so they are all minted before the clock starts. The three set-ups run side by
 * side and are measured in alternating slices, so background load on the machine falls on
 * each of them alike. Bounded in count (TOKENS per set-up) and in time (ROUNDS × SLICE_MS each).
 */
const TOKENS = 2400;
const ROUNDS = 3;
const SLICE_MS = 1500;
const CONCURRENCY = 16;
const WARM_UP = 40;

interface SetUp {
  name: string;
  fleet: Fleet;
  tokens: string[];
  done: number;
  elapsedMs: number;
}

async function prepare(name: string, count: number, store: 'memory' | 'redis'): Promise<SetUp> {
  const fleet = await startFleet(count, store, { rateLimit: { rps: 1_000_000, burst: 1_000_000 } });
  const tokens: string[] = [];
  for (let i = 0; i < TOKENS + WARM_UP; i++) tokens.push(await idToken(fleet.issuer));
  const urls = fleet.brokers.map((b) => b.url);
  // Warm up: JWKS discovery, caches, JIT, connections.
  for (let i = 0; i < WARM_UP; i++) expect((await exchange(urls[i % urls.length]!, tokens.pop()!)).status).toBe(200);
  return { name, fleet, tokens, done: 0, elapsedMs: 0 };
}

/** Runs one slice: CONCURRENCY exchanges in flight, round-robin over the set-up's brokers. */
async function slice(setUp: SetUp): Promise<void> {
  const urls = setUp.fleet.brokers.map((b) => b.url);
  const started = performance.now();
  const deadline = started + SLICE_MS;
  const worker = async (): Promise<void> => {
    while (setUp.tokens.length > 0 && performance.now() < deadline) {
      const token = setUp.tokens.pop()!;
      const answer = await exchange(urls[setUp.done % urls.length]!, token);
      if (answer.status !== 200) throw new Error(`${setUp.name}: exchange answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      setUp.done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  setUp.elapsedMs += performance.now() - started;
}

it('measures exchanges/s: memory store vs Redis vs two brokers on one Redis', async () => {
  const setUps: SetUp[] = [];
  try {
    setUps.push(await prepare('memory', 1, 'memory'));
    setUps.push(await prepare('redis', 1, 'redis'));
    setUps.push(await prepare('two on redis', 2, 'redis'));
    for (let round = 0; round < ROUNDS; round++) for (const setUp of setUps) await slice(setUp);
  } finally {
    await Promise.all(setUps.map((s) => s.fleet.stop()));
  }
  const [memory, redis, two] = setUps.map((s) => ({ perSecond: (s.done * 1000) / s.elapsedMs, done: s.done })) as [
    { perSecond: number; done: number },
    { perSecond: number; done: number },
    { perSecond: number; done: number },
  ];
  const ratio = (x: number): string => `${(x / memory.perSecond).toFixed(2)}×`;
  recordBench('redis', [
    { figure: `exchanges/s, 1 broker, memory store (${memory.done} exchanges, ${CONCURRENCY} in flight)`, value: `${memory.perSecond.toFixed(0)} exchanges/s`, target: '' },
    { figure: `1 broker on Redis (${redis.perSecond.toFixed(0)}/s), vs memory`, value: ratio(redis.perSecond), target: '' },
    { figure: `2 brokers on one Redis, load split (${two.perSecond.toFixed(0)}/s), vs 1 on memory`, value: ratio(two.perSecond), target: '' },
  ]);
});
