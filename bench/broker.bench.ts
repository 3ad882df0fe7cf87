import { closeSync, fdatasyncSync, fstat, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listen, openBroker } from '../src/broker/server.js';
import { startGithubIssuer } from '../src/demo/github-issuer.js';
import { parseConfig } from '../src/policy/index.js';
import { openStateJournal } from '../src/store/journal.js';
import { createMemoryStore, openDurableMemoryStore } from '../src/store/memory.js';
import { measure, median, type Phase } from './exchange/harness.js';
import { type BenchFigure, recordBench } from './report.js';

/**
 * What durability costs the embedded store: exchanges per second through one in-process broker
 * on loopback with its durable store (journal, fdatasync per group commit), with store.sync:
 * write, and with the same maps kept in memory only, in alternating rounds. A fourth store is the
 * durable one with each flush replaced by a thread-pool call that flushes nothing (fstat): the
 * durable store's cost splits into its code (sync: write), handing each flush to libuv's thread
 * pool (that store) and the flush itself (the rest). The broker against a baseline doing the same
 * work is bench/exchange.bench.ts (separate processes, CPU per exchange).
 */
/**
 * In flight from the load process: 4 (a few jobs at once: each answer waits for its own flush, so
 * the flush latency shows) and 32 (a busy broker: one flush covers many exchanges).
 */
const CONCURRENCIES = [4, 32];
/** Phases alternate between the stores, in a rotating order, so drift in machine load hits all alike. */
const ROUNDS = 6;
/** Tokens per phase (a phase also stops after MAX_MS, see bench/exchange/harness.ts). */
const PER_PHASE = 400;
/** Exchanges before any measuring, so the broker's request path is compiled (see bench/exchange.bench.ts). */
const WARM_UP = 3000;

/**
 * The least an exchange waits for its flush when it has none to share: one journal-sized append
 * and fdatasync on the disk under `dir` (where the bench's state dir is), median µs of `count`.
 * At a few exchanges in flight most of them wait about this long, which the in-memory store never does.
 */
function flushLatencyUs(dir: string, count = 200): number {
  const file = join(dir, 'flush-latency.jsonl');
  const fd = openSync(file, 'a', 0o600);
  const line = `${JSON.stringify(['c', `replay:${'0'.repeat(64)}`, Date.now()])}\n`;
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      writeSync(fd, line);
      fdatasyncSync(fd);
      times.push((performance.now() - started) * 1000);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return median(times);
}

/** Median of the per-round ratios: a burst of load from elsewhere on the machine skews one round, not the figure. */
function medianRatio(a: Phase[], b: Phase[]): number {
  return median(a.map((phase, i) => phase.perSecond / b[i]!.perSecond));
}

it('broker exchanges/s: durable embedded store vs in-memory only', async () => {
  const issuer = await startGithubIssuer({ lifetimeSeconds: 600 });
  const dir = mkdtempSync(join(tmpdir(), 'stint-bench-broker-'));
  let broker: Awaited<ReturnType<typeof openBroker>> | undefined;
  const listening = await listen((req, res) => broker?.handler(req, res), { host: '127.0.0.1', port: 0 });
  const yaml = `issuer: ${listening.url}
keys: { dir: keys, algorithm: EdDSA }
audit: { file: audit.jsonl }
rate_limit: { rps: 1000000, burst: 1000000, per_address: { rps: 1000000, burst: 1000000 } }
providers:
  github: { issuer: ${issuer.url}, allow_insecure: true }
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
        scopes: [read]
`;
  broker = await openBroker(parseConfig(yaml, join(dir, 'stint.yml')).config, { env: {} });
  try {
    // Every exchange needs a fresh ID token (the broker refuses replays); mint them all up front.
    const mint = (n: number) => Promise.all(Array.from({ length: n }, () => issuer.mint({ aud: listening.url })));
    // The load comes from a process of its own (bench/exchange/load.mjs), so the clients' CPU is not the broker's.
    const server = { name: 'broker', url: `${listening.url}/auth/oidc/exchange`, pid: process.pid };
    const load = async (tokens: string[], inFlight: number): Promise<Phase> => measure(server, tokens, inFlight, dir);
    await load(await mint(WARM_UP), 4);
    // The store before it was durable: the same maps with no journal, to show what durability costs.
    const stores = {
      durable: broker.context.store,
      memoryOnly: createMemoryStore(),
      syncWrite: await openDurableMemoryStore({ dir: join(dir, 'state-write'), sync: 'write' }),
      handOffOnly: createMemoryStore({
        durable: await openStateJournal(join(dir, 'state-hand-off'), {
          flush: (fd, done) => fstat(fd, (error) => done(error)),
        }),
      }),
    };
    const names = Object.keys(stores) as (keyof typeof stores)[];
    const figures: BenchFigure[] = [];
    for (const inFlight of CONCURRENCIES) {
      const phases = Object.fromEntries(names.map((name) => [name, [] as Phase[]])) as Record<
        keyof typeof stores,
        Phase[]
      >;
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < names.length; i++) {
          const name = names[(round + i) % names.length]!;
          const tokens = await mint(PER_PHASE);
          broker.context.store = stores[name];
          phases[name].push(await load(tokens, inFlight));
        }
      }
      broker.context.store = stores.durable;
      const durableRatio = medianRatio(phases.durable, phases.memoryOnly);
      figures.push(
        {
          figure: `${inFlight} in flight: exchanges/s through the broker (loopback, load from another process, median of ${ROUNDS}; durable embedded store, audit on)`,
          value: `${median(phases.durable.map((p) => p.perSecond)).toFixed(0)}/s`,
          target: '',
        },
        {
          figure: `${inFlight} in flight: durable embedded store (journal, fdatasync per group commit) / in-memory only, same broker (median of ${ROUNDS} rounds)`,
          value: `${durableRatio.toFixed(2)}×`,
          target: '≥ 0.9×',
          met: durableRatio >= 0.9,
        },
        {
          figure: `${inFlight} in flight: durable embedded store with store.sync: write (survives kill -9, not a power cut) / in-memory only (median of ${ROUNDS} rounds)`,
          value: `${medianRatio(phases.syncWrite, phases.memoryOnly).toFixed(2)}×`,
          target: '',
        },
        {
          figure: `${inFlight} in flight: durable embedded store with each flush replaced by a thread-pool call that flushes nothing (fstat) / in-memory only: the hand-off to libuv's thread pool without the disk (median of ${ROUNDS} rounds)`,
          value: `${medianRatio(phases.handOffOnly, phases.memoryOnly).toFixed(2)}×`,
          target: '',
        },
      );
    }
    await stores.syncWrite.close();
    await stores.handOffOnly.close();
    figures.push({
      figure:
        "the disk's flush latency under the state dir: one journal-sized append + fdatasync, median of 200, measured after the rounds (the least a durable exchange waits when no other shares its flush)",
      value: `${flushLatencyUs(dir).toFixed(0)} µs`,
      target: '',
    });
    recordBench('broker', figures);
    expect(figures).toHaveLength(CONCURRENCIES.length * 4 + 1);
  } finally {
    await listening.close();
    await broker.close();
    await issuer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
