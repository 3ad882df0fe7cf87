import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startGithubIssuer } from '../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../test/helpers/broker.js';
import { startRedis } from '../test/helpers/redis.js';
import { brokerYaml, measure, median, mintIdTokens, type Phase, processTree, type Server } from './exchange/harness.js';
import { type BenchFigure, recordBench } from './report.js';

/**
 * `stint serve --workers 2` against `--workers 1` (one process, today's default) on one real
 * redis-server: the built CLI, the same config, each broker its own Redis database. The load comes
 * from a separate process (bench/exchange/load.mjs) posting ID tokens minted before the clock
 * starts, on keep-alive connections (the cluster hands each connection to a worker in turn). CPU
 * per exchange is read from /proc for every process of a broker (primary and workers, all
 * threads). Rounds alternate between the two; each figure is the median of its rounds and the
 * ratio the median of the per-round ratios. On a 2-core machine the load process and Redis share
 * the cores with the workers, so the ceiling here is well under 2×.
 */
const ROUNDS = 5;
const PHASES = [
  { inFlight: 32, tokens: 1500 },
  { inFlight: 64, tokens: 1500 },
];
const WARM_UP = 300;

it('--workers 2 vs --workers 1 on one Redis: exchanges/s and CPU µs per exchange', async () => {
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'stint-bench-workers-'));
  const redis = await startRedis();
  const issuer = await startGithubIssuer({ lifetimeSeconds: 1800 });
  const brokers: RunningBroker[] = [];
  try {
    const servers: Server[] = [];
    for (const [i, workers] of [1, 2].entries()) {
      const broker = await startBroker({
        configYaml: brokerYaml(issuer.url, `redis://127.0.0.1:${redis.port}/${i}`),
        args: ['--workers', String(workers), '--log-level', 'warn'],
      });
      brokers.push(broker);
      const pid = broker.process.pid!;
      servers.push({
        name: `workers-${workers}`,
        url: `${broker.url}/auth/oidc/exchange`,
        pid,
        pids: () => processTree(pid),
      });
    }
    const mint = (n: number): Promise<string[]> => mintIdTokens(issuer, n);
    for (const server of servers) await measure(server, await mint(WARM_UP), 16, dir);
    const results = new Map<string, Phase[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const { inFlight, tokens } of PHASES) {
        const batches = await Promise.all(servers.map(() => mint(tokens)));
        // Alternate which goes first, so neither always follows the minting.
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) {
          const server = servers[i]!;
          const key = `${server.name}/${inFlight}`;
          results.set(key, [...(results.get(key) ?? []), await measure(server, batches[i]!, inFlight, dir)]);
        }
      }
    }
    const loadAfter = loadavg();
    const figures: BenchFigure[] = [
      {
        figure: 'machine load (1-minute load average at the start and end of this bench; 2 cores)',
        value: `${loadBefore[0]!.toFixed(1)} → ${loadAfter[0]!.toFixed(1)}`,
        target: '',
      },
    ];
    for (const { inFlight } of PHASES) {
      const one = results.get(`workers-1/${inFlight}`)!;
      const two = results.get(`workers-2/${inFlight}`)!;
      const rateRatio = median(two.map((p, i) => p.perSecond / one[i]!.perSecond));
      figures.push(
        {
          figure: `${inFlight} in flight on one Redis: exchanges/s, --workers 2 vs --workers 1 (median of ${ROUNDS} alternating rounds)`,
          value: `${median(two.map((p) => p.perSecond)).toFixed(0)}/s vs ${median(one.map((p) => p.perSecond)).toFixed(0)}/s; ${rateRatio.toFixed(2)}×`,
          target: '',
        },
        {
          figure: `${inFlight} in flight: CPU µs per exchange, all of the broker's processes, --workers 2 vs --workers 1`,
          value: `${median(two.map((p) => p.cpuUsPerExchange)).toFixed(0)} µs vs ${median(one.map((p) => p.cpuUsPerExchange)).toFixed(0)} µs`,
          target: '',
        },
      );
    }
    recordBench('workers', figures);
    expect(results.size).toBe(servers.length * PHASES.length);
  } finally {
    await Promise.all(brokers.map((b) => b.stop()));
    await issuer.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
