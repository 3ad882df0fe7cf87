import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listen, openBroker } from '../src/broker/server.js';
import { startGithubIssuer } from '../src/demo/github-issuer.js';
import { parseConfig } from '../src/policy/index.js';
import { createMemoryStore, openDurableMemoryStore } from '../src/store/memory.js';
import { recordBench } from './report.js';

/**
 * What durability costs the embedded store: exchanges per second through one in-process broker
 * on loopback with its durable store (journal, fdatasync per group commit), with store.sync:
 * write, and with the same maps kept in memory only, in alternating rounds. The broker against a
 * baseline doing the same work is bench/exchange.bench.ts (separate processes, CPU per exchange).
 */
const CONCURRENCY = 4;
/** Phases alternate between the servers so drift in machine load hits both alike. */
const ROUNDS = 6;
/** Bounds per phase, whichever comes first. */
const MAX_REQUESTS = 400;
const MAX_MS = 500;
const WARM_UP = 100;

async function postJson(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sends the tokens with CONCURRENCY clients until they run out or MAX_MS passes. */
async function load(url: string, project: string, tokens: string[]): Promise<{ count: number; ms: number }> {
  let next = 0;
  let count = 0;
  const started = performance.now();
  const deadline = started + MAX_MS;
  const client = async (): Promise<void> => {
    while (next < tokens.length && performance.now() < deadline) {
      const token = tokens[next++]!;
      const status = await postJson(url, { token, project });
      if (status !== 200) throw new Error(`${url} answered ${status}`);
      count++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return { count, ms: performance.now() - started };
}

/** Requests per second over several phases. */
const rate = (phases: Array<{ count: number; ms: number }>): number =>
  (phases.reduce((n, p) => n + p.count, 0) * 1000) / phases.reduce((n, p) => n + p.ms, 0);

/** Median of the per-round ratios: a burst of load from elsewhere on the machine skews one round, not the figure. */
function medianRatio(a: Array<{ count: number; ms: number }>, b: Array<{ count: number; ms: number }>): number {
  const ratios = a.map((phase, i) => rate([phase]) / rate([b[i]!])).sort((x, y) => x - y);
  const mid = Math.floor(ratios.length / 2);
  return ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
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
    const brokerUrl = `${listening.url}/auth/oidc/exchange`;
    await load(brokerUrl, 'warehouse', await mint(WARM_UP));
    const phases = {
      broker: [] as Array<{ count: number; ms: number }>,
      memoryOnly: [] as Array<{ count: number; ms: number }>,
      syncWrite: [] as Array<{ count: number; ms: number }>,
    };
    // The store before it was durable: the same maps with no journal, to show what durability costs.
    const durableStore = broker.context.store;
    const memoryOnly = createMemoryStore();
    const syncWrite = await openDurableMemoryStore({ dir: join(dir, 'state-write'), sync: 'write' });
    for (let round = 0; round < ROUNDS; round++) {
      phases.broker.push(await load(brokerUrl, 'warehouse', await mint(MAX_REQUESTS)));
      broker.context.store = memoryOnly;
      phases.memoryOnly.push(await load(brokerUrl, 'warehouse', await mint(MAX_REQUESTS)));
      broker.context.store = syncWrite;
      phases.syncWrite.push(await load(brokerUrl, 'warehouse', await mint(MAX_REQUESTS)));
      broker.context.store = durableStore;
    }
    await syncWrite.close();
    const brokerRate = rate(phases.broker);
    recordBench('broker', [
      {
        figure: `exchanges/s through the broker (loopback, ${CONCURRENCY} clients in this process, durable embedded store, audit on)`,
        value: `${brokerRate.toFixed(0)}/s`,
        target: '',
      },
      {
        figure: `durable embedded store (journal, fdatasync per group commit) / in-memory only, same broker (median of ${ROUNDS})`,
        value: `${medianRatio(phases.broker, phases.memoryOnly).toFixed(2)}×`,
        target: '≥ 0.9×',
        met: medianRatio(phases.broker, phases.memoryOnly) >= 0.9,
      },
      {
        figure: `durable embedded store with store.sync: write (survives kill -9, not a power cut) / in-memory only (median of ${ROUNDS})`,
        value: `${medianRatio(phases.syncWrite, phases.memoryOnly).toFixed(2)}×`,
        target: '',
      },
    ]);
    expect(brokerRate).toBeGreaterThan(0);
  } finally {
    await listening.close();
    await broker.close();
    await issuer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
