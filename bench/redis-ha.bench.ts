import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../test/helpers/broker.js';
import { startRedis } from '../test/helpers/redis.js';
import { startRedisCluster, startSentinelSet } from '../test/helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from '../test/redis/setup.js';
import { recordBench } from './report.js';

/**
 * Exchanges per second through two built brokers on three stores, in one run: one plain Redis
 * (the baseline), a Sentinel-watched master with one replica and `min_replica_acks: 1` (every
 * replay record waits for the replica), and a 3-master Redis Cluster (one replica each,
 * `min_replica_acks: 1`). Measured in short alternating slices, each figure the median of its
 * slices, so background load does not decide the ratio. Bounded in tokens and in time.
 */
const TOKENS = 2000;
const ROUNDS = 8;
const SLICE_MS = 500;
const CONCURRENCY = 16;
const WARM_UP = 40;

interface SetUp {
  name: string;
  brokers: RunningBroker[];
  tokens: string[];
  done: number;
  rates: number[];
  stop: () => Promise<void>;
}

async function prepare(
  name: string,
  issuer: GithubIssuer,
  keysDir: string,
  store: string,
  password: string,
  stopStore: () => Promise<void>,
): Promise<SetUp> {
  const yaml = brokerConfig({
    issuerUrl: issuer.url,
    keysDir,
    store: { yaml: store },
    rateLimit: { rps: 1e6, burst: 1e6 },
    // One load process on 127.0.0.1: the per-address limit would measure itself.
    perAddress: { rps: 1e6, burst: 1e6 },
  });
  const brokers: RunningBroker[] = [];
  for (let i = 0; i < 2; i++)
    brokers.push(await startBroker({ configYaml: yaml, env: { [REDIS_PASSWORD_ENV]: password } }));
  const tokens: string[] = [];
  for (let i = 0; i < TOKENS + WARM_UP; i++) tokens.push(await idToken(issuer));
  for (let i = 0; i < WARM_UP; i++) expect((await exchange(brokers[i % 2]!.url, tokens.pop()!)).status).toBe(200);
  return {
    name,
    brokers,
    tokens,
    done: 0,
    rates: [],
    stop: async () => {
      await Promise.all(brokers.map((b) => b.stop()));
      await stopStore();
    },
  };
}

async function slice(setUp: SetUp): Promise<void> {
  const urls = setUp.brokers.map((b) => b.url);
  const before = setUp.done;
  const started = performance.now();
  const deadline = started + SLICE_MS;
  const worker = async (): Promise<void> => {
    while (setUp.tokens.length > 0 && performance.now() < deadline) {
      const answer = await exchange(urls[setUp.done % urls.length]!, setUp.tokens.pop()!);
      if (answer.status !== 200) throw new Error(`${setUp.name}: ${answer.status} ${JSON.stringify(answer.body)}`);
      setUp.done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsedMs = performance.now() - started;
  if (setUp.tokens.length > 0 || elapsedMs >= SLICE_MS) setUp.rates.push(((setUp.done - before) * 1000) / elapsedMs);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

it('measures exchanges/s on Sentinel (min_replica_acks: 1) and on a 3-master Cluster against one Redis', async () => {
  const issuer = await startGithubIssuer();
  const keysDir = mkdtempSync(join(tmpdir(), 'stint-bench-ha-keys-'));
  const setUps: SetUp[] = [];
  try {
    const plain = await startRedis({ password: 'bench-ha' });
    setUps.push(
      await prepare(
        'redis',
        issuer,
        keysDir,
        `{ url: "${plain.url}/0", password_env: ${REDIS_PASSWORD_ENV} }`,
        'bench-ha',
        () => plain.stop(),
      ),
    );
    const sentinel = await startSentinelSet({ replicas: 1, sentinels: 3 });
    setUps.push(
      await prepare(
        'sentinel',
        issuer,
        keysDir,
        `{ sentinels: [${sentinel.sentinelAddresses.join(', ')}], name: ${sentinel.name}, password_env: ${REDIS_PASSWORD_ENV}, min_replica_acks: 1 }`,
        sentinel.password,
        () => sentinel.stop(),
      ),
    );
    const cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    setUps.push(
      await prepare(
        'cluster',
        issuer,
        keysDir,
        `{ cluster: [${cluster.addresses.join(', ')}], password_env: ${REDIS_PASSWORD_ENV}, min_replica_acks: 1 }`,
        cluster.password,
        () => cluster.stop(),
      ),
    );
    for (let round = 0; round < ROUNDS; round++) for (const setUp of setUps) await slice(setUp);
  } finally {
    await Promise.all(setUps.map((s) => s.stop()));
    await issuer.stop();
    rmSync(keysDir, { recursive: true, force: true });
  }
  const [redis, sentinel, cluster] = setUps.map((s) => median(s.rates)) as [number, number, number];
  recordBench('redis-ha', [
    {
      figure: `exchanges/s, 2 brokers on one Redis (median of ${ROUNDS} slices of ${SLICE_MS} ms, ${CONCURRENCY} in flight)`,
      value: `${redis.toFixed(0)} exchanges/s`,
      target: '',
    },
    {
      figure: `2 brokers on Sentinel, 1 replica, min_replica_acks: 1 (${sentinel.toFixed(0)}/s), vs one Redis`,
      value: `${(sentinel / redis).toFixed(2)}×`,
      target: '',
    },
    {
      figure: `2 brokers on a 3-master Cluster, min_replica_acks: 1 (${cluster.toFixed(0)}/s), vs one Redis`,
      value: `${(cluster / redis).toFixed(2)}×`,
      target: '',
    },
  ]);
});
