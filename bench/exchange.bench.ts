import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../test/helpers/broker.js';
import { AUDIENCE, brokerYaml, measure, median, mintIdTokens, type Phase, type Server } from './exchange/harness.js';
import { type BenchFigure, recordBench } from './report.js';

/**
 * The broker (the built `stint serve`, default config: ES256 keys, embedded store, audit log,
 * access log) against a baseline that does the same work per exchange the lean way
 * (bench/exchange/baseline-server.mjs: verify the RS256 ID token, the same sha256s, a replay map,
 * sign the same ES256 token, append the same hash-chained audit line). The baseline keeps
 * its replay map in memory only; a second baseline process also makes the replay record durable
 * the way the broker's default store does (append, fdatasync per group commit, before the
 * answer), so the figures show what durability costs apart from the rest. Each server is its own
 * process; the load comes from a third process (bench/exchange/load.mjs) posting ID tokens minted
 * before the clock starts. CPU per exchange is read from the server process itself: the sum of
 * /proc/PID/task/<thread>/schedstat run times, every thread (libuv's pool included), in ns.
 * Rounds alternate between the servers; each figure is the median of its rounds, and each ratio
 * the median of the per-round ratios, so a burst of load elsewhere on the machine skews one
 * round, not the figure. Bounded in count (tokens per phase) and time (MAX_MS per phase).
 */
const ROUNDS = 5;
const PHASES = [
  { inFlight: 1, tokens: 300 },
  { inFlight: 32, tokens: 1000 },
];
/**
 * Exchanges each server gets before any measuring, so both are measured warm: the JIT keeps
 * compiling the broker's larger request path for about 2,500 exchanges (counted with
 * --trace-opt), and a shorter warm-up measured compilation as if it were per-exchange work.
 */
const WARM_UP = 3000;
const BASELINE = new URL('./exchange/baseline-server.mjs', import.meta.url).pathname;

/** The baseline server; `durable` adds the broker's journal work (a group-committed fdatasync before each answer). */
async function startBaseline(
  issuer: GithubIssuer,
  dir: string,
  durable: boolean,
): Promise<{ server: Server; child: ChildProcess }> {
  const name = durable ? 'baseline-durable' : 'baseline';
  const child = spawn(process.execPath, [BASELINE], {
    env: {
      ...process.env,
      STINT_BENCH_BASELINE: JSON.stringify({
        jwk: issuer.publicJwk,
        issuer: issuer.url,
        audience: AUDIENCE,
        auditFile: join(dir, `${name}-audit.jsonl`),
        journalFile: durable ? join(dir, `${name}-journal.jsonl`) : undefined,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const match = /listening on (\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
  return { server: { name, url: `${url}/auth/oidc/exchange`, pid: child.pid! }, child };
}

it('broker vs a baseline doing the same work: exchanges/s and CPU µs per exchange, 1 and 32 in flight', async () => {
  const loadBefore = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'stint-bench-exchange-'));
  const issuer = await startGithubIssuer({ lifetimeSeconds: 1800 });
  let broker: RunningBroker | undefined;
  const baselines: { server: Server; child: ChildProcess }[] = [];
  try {
    broker = await startBroker({ configYaml: brokerYaml(issuer.url) });
    for (const durable of [false, true]) baselines.push(await startBaseline(issuer, dir, durable));
    const servers: Server[] = [
      { name: 'broker', url: `${broker.url}/auth/oidc/exchange`, pid: broker.process.pid! },
      ...baselines.map((b) => b.server),
    ];
    const mint = (n: number): Promise<string[]> => mintIdTokens(issuer, n);
    for (const server of servers) await measure(server, await mint(WARM_UP), 8, dir);
    const results = new Map<string, Phase[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const { inFlight, tokens } of PHASES) {
        // Tokens for every server are minted before any is measured.
        const batches = await Promise.all(servers.map(() => mint(tokens)));
        for (const [i, server] of servers.entries()) {
          const key = `${server.name}/${inFlight}`;
          results.set(key, [...(results.get(key) ?? []), await measure(server, batches[i]!, inFlight, dir)]);
        }
      }
    }
    const loadAfter = loadavg()[0]!;
    const figures: BenchFigure[] = [
      {
        figure: 'machine load (1-minute load average at the start and end of this bench; 2 cores)',
        value: `${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
        target: '',
      },
    ];
    for (const { inFlight } of PHASES) {
      const b = results.get(`broker/${inFlight}`)!;
      const base = results.get(`baseline/${inFlight}`)!;
      const durableBase = results.get(`baseline-durable/${inFlight}`)!;
      const cpuRatio = median(b.map((p, i) => base[i]!.cpuUsPerExchange / p.cpuUsPerExchange));
      const durableCpuRatio = median(b.map((p, i) => durableBase[i]!.cpuUsPerExchange / p.cpuUsPerExchange));
      const rateRatio = median(b.map((p, i) => p.perSecond / base[i]!.perSecond));
      figures.push(
        {
          figure: `${inFlight} in flight: exchanges/s, broker vs baseline (median of ${ROUNDS} alternating rounds)`,
          value: `${median(b.map((p) => p.perSecond)).toFixed(0)}/s vs ${median(base.map((p) => p.perSecond)).toFixed(0)}/s; ${rateRatio.toFixed(2)}×`,
          target: '',
        },
        {
          figure: `${inFlight} in flight: CPU µs per exchange in the server process, broker vs baseline; baseline ÷ broker`,
          value: `${median(b.map((p) => p.cpuUsPerExchange)).toFixed(0)} µs vs ${median(base.map((p) => p.cpuUsPerExchange)).toFixed(0)} µs; ${cpuRatio.toFixed(2)}×`,
          target: '≥ 0.85×',
          met: cpuRatio >= 0.85,
        },
        {
          figure: `${inFlight} in flight: CPU µs per exchange, broker vs the baseline with the broker's durable replay record too (fdatasync per group commit, as the default store does); baseline ÷ broker`,
          value: `${median(b.map((p) => p.cpuUsPerExchange)).toFixed(0)} µs vs ${median(durableBase.map((p) => p.cpuUsPerExchange)).toFixed(0)} µs; ${durableCpuRatio.toFixed(2)}×`,
          target: '',
        },
      );
    }
    recordBench('exchange', figures);
    expect(results.size).toBe(servers.length * PHASES.length);
  } finally {
    for (const baseline of baselines) baseline.child.kill('SIGTERM');
    await broker?.stop();
    await issuer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
