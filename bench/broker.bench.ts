import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { listen, openBroker } from '../src/broker/server.js';
import { type GithubIssuer, startGithubIssuer } from '../src/demo/github-issuer.js';
import { parseConfig } from '../src/policy/index.js';
import { createMemoryStore, openDurableMemoryStore } from '../src/store/memory.js';
import { recordBench } from './report.js';

/**
 * Exchanges per second through the broker on loopback, against a bare node:http server that
 * does the same crypto (verify the RS256 ID token, sign an EdDSA access token) with no policy,
 * store, replay cache, rate limit or audit log. Both run in this process with the same clients,
 * so the ratio is what the broker's checks and bookkeeping cost.
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

async function bareServer(issuer: GithubIssuer, audience: string): Promise<{ url: string; close(): void }> {
  const jwks = createLocalJWKSet({ keys: [issuer.publicJwk] });
  const { privateKey } = await generateKeyPair('EdDSA');
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const { token } = JSON.parse(Buffer.concat(chunks).toString()) as { token: string };
        const { payload } = await jwtVerify(token, jwks, { issuer: issuer.url, audience, algorithms: ['RS256'] });
        const accessToken = await new SignJWT({ scope: 'read', project: 'warehouse' })
          .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'bench' })
          .setIssuer(audience)
          .setSubject(payload.sub!)
          .setAudience('stint:warehouse')
          .setIssuedAt()
          .setExpirationTime('15m')
          .setJti(crypto.randomUUID())
          .sign(privateKey);
        const text = JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 900 });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      })().catch(() => {
        res.writeHead(401).end();
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/exchange`, close: () => server.close() };
}

it('broker exchanges/s vs a bare server doing the same crypto', async () => {
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
  const bare = await bareServer(issuer, listening.url);
  try {
    // Every exchange needs a fresh ID token (the broker refuses replays); mint them all up front.
    const mint = (n: number) => Promise.all(Array.from({ length: n }, () => issuer.mint({ aud: listening.url })));
    const brokerUrl = `${listening.url}/auth/oidc/exchange`;
    await load(brokerUrl, 'warehouse', await mint(WARM_UP));
    await load(bare.url, 'warehouse', await mint(WARM_UP));
    const audit = broker.context.audit;
    const append = audit.append.bind(audit);
    const phases = {
      broker: [] as Array<{ count: number; ms: number }>,
      bare: [] as Array<{ count: number; ms: number }>,
      noAudit: [] as Array<{ count: number; ms: number }>,
      memoryOnly: [] as Array<{ count: number; ms: number }>,
      syncWrite: [] as Array<{ count: number; ms: number }>,
    };
    // The store before it was durable: the same maps with no journal, to show what durability costs.
    const durableStore = broker.context.store;
    const memoryOnly = createMemoryStore();
    const syncWrite = await openDurableMemoryStore({ dir: join(dir, 'state-write'), sync: 'write' });
    for (let round = 0; round < ROUNDS; round++) {
      phases.broker.push(await load(brokerUrl, 'warehouse', await mint(MAX_REQUESTS)));
      phases.bare.push(await load(bare.url, 'warehouse', await mint(MAX_REQUESTS)));
      // Diagnostic: the same broker with audit appends made free, to show what the log costs.
      audit.append = async () => ({ seq: 0, hash: '' });
      phases.noAudit.push(await load(brokerUrl, 'warehouse', await mint(MAX_REQUESTS)));
      audit.append = append;
      broker.context.store = memoryOnly;
      phases.memoryOnly.push(await load(brokerUrl, 'warehouse', await mint(MAX_REQUESTS)));
      broker.context.store = syncWrite;
      phases.syncWrite.push(await load(brokerUrl, 'warehouse', await mint(MAX_REQUESTS)));
      broker.context.store = durableStore;
    }
    await syncWrite.close();
    const brokerRate = rate(phases.broker);
    const bareRate = rate(phases.bare);
    const ratio = medianRatio(phases.broker, phases.bare);
    recordBench('broker', [
      {
        figure: `exchanges/s through the broker (loopback, ${CONCURRENCY} clients, durable embedded store, audit on)`,
        value: `${brokerRate.toFixed(0)}/s`,
        target: '',
      },
      {
        figure: 'bare node:http, same crypto (verify RS256, sign EdDSA), no policy/store/audit',
        value: `${bareRate.toFixed(0)}/s`,
        target: '',
      },
      {
        figure: `broker / bare (median of ${ROUNDS} alternating rounds)`,
        value: `${ratio.toFixed(2)}×`,
        target: '≥ 0.6×',
        met: ratio >= 0.6,
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
      {
        figure: 'diagnostic: broker with audit appends stubbed out / bare (median)',
        value: `${medianRatio(phases.noAudit, phases.bare).toFixed(2)}×`,
        target: '',
      },
    ]);
    expect(brokerRate).toBeGreaterThan(0);
  } finally {
    bare.close();
    await listening.close();
    await broker.close();
    await issuer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
