import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * `GET /readyz` is public and each readiness check writes to the store: with the embedded store,
 * a journal line and its fdatasync. A caller polling it in a loop wrote one per request (review,
 * December: 3,000 requests, 3,000 journal lines). Callers at the same time share one check, and a
 * result under a second old is reused: the BUILT broker, its journal read from its state dir.
 */
const CONFIG = `issuer: https://stint.example.com
keys: { dir: keys, algorithm: EdDSA }
store: { dir: state }
audit: { file: audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startBroker({ configYaml: CONFIG });
}, 240_000);
afterAll(async () => {
  await broker?.stop();
});

/** Lines in every journal segment of the broker's state dir. */
function journalLines(): number {
  const dir = join(broker.dir, 'state');
  return readdirSync(dir)
    .filter((name) => /^journal\.\d+\.jsonl$/.test(name))
    .reduce((lines, name) => lines + readFileSync(join(dir, name), 'utf8').split('\n').length - 1, 0);
}

async function readyz(): Promise<number> {
  const response = await fetch(`${broker.url}/readyz`);
  await response.arrayBuffer();
  return response.status;
}

describe('GET /readyz', () => {
  it('shares one check among concurrent callers and reuses a result under a second old', async () => {
    expect(await readyz()).toBe(200);
    const before = journalLines();
    const started = performance.now();
    const statuses: number[] = [];
    // 4 waves of 50 at once, then 40 one after another: 240 requests.
    for (let wave = 0; wave < 4; wave++) statuses.push(...(await Promise.all(Array.from({ length: 50 }, readyz))));
    for (let i = 0; i < 40; i++) statuses.push(await readyz());
    const seconds = (performance.now() - started) / 1000;
    expect(statuses.every((status) => status === 200)).toBe(true);
    const written = journalLines() - before;
    expect(written).toBeGreaterThanOrEqual(0);
    // At most one check a second (plus the one under way when it began, and the readiness watch's,
    // which goes the same way): a bound that grows with the time taken, so a slow machine only
    // loosens it, and that the old broker (a line per request, 240) meets only if this took 4 minutes.
    expect(written, `${written} journal lines in ${seconds.toFixed(1)} s`).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
  }, 240_000);
});
