import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listen, openBroker } from '../src/broker/server.js';
import { startGithubIssuer } from '../src/demo/github-issuer.js';
import { parseConfig } from '../src/policy/index.js';
import { initSoftHsm } from '../test/pkcs11/softhsm.js';
import { recordBench } from './report.js';

/**
 * Exchanges per second with the signing key in a PKCS#11 token (SoftHSM2) against the same broker
 * config on file keys, both ES256, both in this process, phases alternating, same clients: the
 * ratio is what signing through PKCS#11 costs an exchange.
 */
const CONCURRENCY = 4;
const ROUNDS = 6;
const MAX_REQUESTS = 300;
const MAX_MS = 500;
const WARM_UP = 100;

type Phase = { count: number; ms: number };

async function load(url: string, tokens: string[]): Promise<Phase> {
  let next = 0;
  let count = 0;
  const started = performance.now();
  const deadline = started + MAX_MS;
  const client = async (): Promise<void> => {
    while (next < tokens.length && performance.now() < deadline) {
      const token = tokens[next++]!;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, project: 'warehouse' }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      count++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return { count, ms: performance.now() - started };
}

const rate = (phases: Phase[]): number =>
  (phases.reduce((n, p) => n + p.count, 0) * 1000) / phases.reduce((n, p) => n + p.ms, 0);

function medianRatio(a: Phase[], b: Phase[]): number {
  const ratios = a.map((phase, i) => rate([phase]) / rate([b[i]!])).sort((x, y) => x - y);
  const mid = Math.floor(ratios.length / 2);
  return ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
}

it('exchanges/s with PKCS#11 signing (SoftHSM2) vs file keys', async () => {
  const hsm = initSoftHsm('bench');
  // SoftHSM reads its config at the first C_Initialize in this process.
  process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
  const issuer = await startGithubIssuer({ lifetimeSeconds: 600 });
  const dir = mkdtempSync(join(tmpdir(), 'stint-bench-pkcs11-'));
  const brokers: Array<Awaited<ReturnType<typeof openBroker>>> = [];
  const servers: Array<Awaited<ReturnType<typeof listen>>> = [];
  const start = async (name: string, keys: string) => {
    let broker: Awaited<ReturnType<typeof openBroker>> | undefined;
    const listening = await listen((req, res) => broker?.handler(req, res), { host: '127.0.0.1', port: 0 });
    const yaml = `issuer: ${listening.url}
keys: ${keys}
store: { dir: state-${name} }
audit: { file: audit-${name}.jsonl }
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
    broker = await openBroker(parseConfig(yaml, join(dir, 'stint.yml')).config, { env: hsm.env });
    brokers.push(broker);
    servers.push(listening);
    return listening.url;
  };
  try {
    const fileUrl = await start('file', '{ dir: keys, algorithm: ES256 }');
    const hsmUrl = await start('hsm', `{ dir: keys-hsm, algorithm: ES256, pkcs11: ${hsm.yaml} }`);
    const mint = (url: string, n: number) => Promise.all(Array.from({ length: n }, () => issuer.mint({ aud: url })));
    const exchange = (url: string) => `${url}/auth/oidc/exchange`;
    await load(exchange(fileUrl), await mint(fileUrl, WARM_UP));
    await load(exchange(hsmUrl), await mint(hsmUrl, WARM_UP));
    const phases = { file: [] as Phase[], hsm: [] as Phase[] };
    for (let round = 0; round < ROUNDS; round++) {
      phases.file.push(await load(exchange(fileUrl), await mint(fileUrl, MAX_REQUESTS)));
      phases.hsm.push(await load(exchange(hsmUrl), await mint(hsmUrl, MAX_REQUESTS)));
    }
    const ratio = medianRatio(phases.hsm, phases.file);
    recordBench('pkcs11', [
      {
        figure: `exchanges/s, ES256 key in SoftHSM2 through PKCS#11 (loopback, ${CONCURRENCY} clients)`,
        value: `${rate(phases.hsm).toFixed(0)}/s`,
        target: '',
      },
      {
        figure: 'exchanges/s, same broker config on an ES256 file key',
        value: `${rate(phases.file).toFixed(0)}/s`,
        target: '',
      },
      {
        figure: `PKCS#11 signing / file keys (median of ${ROUNDS} alternating rounds)`,
        value: `${ratio.toFixed(2)}×`,
        target: '≥ 0.8×',
        met: ratio >= 0.8,
      },
    ]);
    expect(rate(phases.hsm)).toBeGreaterThan(0);
  } finally {
    for (const server of servers) await server.close();
    for (const broker of brokers) await broker.close();
    await issuer.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(hsm.dir, { recursive: true, force: true });
  }
});
