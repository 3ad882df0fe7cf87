import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { brokerConfig, exchange, idToken, postForm, REDIS_PASSWORD_ENV, runCli } from './setup.js';

// Two deployments of stint (each its own keys dir, so its own key set) share one Redis database,
// told apart by store.prefix (DESIGN §9). Neither may see the other's instances, API keys or
// records: without the prefix, each would count the other as a peer that signs with keys it does
// not publish, and neither would ever be ready.
let redis: RedisServer;
let issuer: GithubIssuer;
const dirs: string[] = [];
const brokers: RunningBroker[] = [];
let env: Record<string, string>;

async function deployment(prefix: string): Promise<RunningBroker> {
  const keysDir = mkdtempSync(join(tmpdir(), `stint-keys-${prefix}-`));
  dirs.push(keysDir);
  const broker = await startBroker({
    configYaml: brokerConfig({
      issuerUrl: issuer.url,
      keysDir,
      store: { yaml: `{ url: "${redis.url}/0", password_env: ${REDIS_PASSWORD_ENV}, prefix: ${prefix} }` },
    }),
    env,
  });
  brokers.push(broker);
  return broker;
}

beforeAll(async () => {
  redis = await startRedis({ password: `prefix-${process.pid}-pw` });
  env = { [REDIS_PASSWORD_ENV]: redis.password! };
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await Promise.all(brokers.map((broker) => broker.stop()));
  await issuer?.stop();
  await redis?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it('two deployments on one Redis database stay apart by store.prefix: both ready, API keys and records their own', async () => {
  const blue = await deployment('blue');
  const green = await deployment('green');
  const admin = new Redis({ host: '127.0.0.1', port: redis.port, password: redis.password, lazyConnect: true });
  try {
    // Both have published their key sets (each under its own prefix), and both are ready.
    await vi.waitFor(
      async () => {
        const keys = await admin.keys('*:instances');
        expect(keys.sort()).toEqual(['blue:instances', 'green:instances']);
      },
      { timeout: 60_000, interval: 250 },
    );
    // Past one more publishing round (every 5 s), each having read its peers then, neither has
    // seen the other as a peer: wait until every record under both prefixes is newer than now.
    const mark = Date.now();
    await vi.waitFor(
      async () => {
        for (const prefix of ['blue', 'green']) {
          const records = Object.values(await admin.hgetall(`${prefix}:instances`)).map(
            (text) => JSON.parse(text) as { atMs: number },
          );
          expect(records.length, prefix).toBeGreaterThan(0);
          for (const record of records) expect(record.atMs, prefix).toBeGreaterThan(mark);
        }
      },
      { timeout: 120_000, interval: 250 },
    );
    for (const broker of [blue, green]) {
      const ready = await fetch(`${broker.url}/readyz`);
      expect(ready.status, `${broker.url} /readyz: ${await ready.text()}`).toBe(200);
    }

    // An API key made for blue (through the CLI, with blue's config) is honoured by blue only.
    const created = await runCli(
      ['keys', 'create-api-key', '--config', join(blue.dir, 'stint.yml'), '--project', 'warehouse', '--name', 'rs'],
      env,
    );
    expect(created.code).toBe(0);
    const apiKey = /^stint_sk_\S+$/m.exec(created.stdout)?.[0];
    expect(apiKey).toBeDefined();
    const fromBlue = await exchange(blue.url, await idToken(issuer));
    expect(fromBlue.status).toBe(200);
    const token = fromBlue.body.access_token as string;
    await vi.waitFor(
      async () => {
        const answer = await postForm(`${blue.url}/oauth2/introspect`, { token }, apiKey);
        expect(answer.body).toMatchObject({ active: true, project: 'warehouse' });
      },
      { timeout: 30_000, interval: 250 },
    );
    const atGreen = await postForm(`${green.url}/oauth2/introspect`, { token }, apiKey);
    expect(atGreen.status).toBe(401);

    // Every key either wrote carries its deployment's prefix.
    const keys = await admin.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^(blue|green):/);
    expect(keys.some((key) => key.startsWith('blue:{apikeys}'))).toBe(true);
    expect(keys.some((key) => key.startsWith('green:{apikeys}'))).toBe(false);
  } finally {
    admin.disconnect();
  }
});
