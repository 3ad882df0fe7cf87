import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV, sleep } from './setup.js';

// A broker whose Redis is not up yet (a deployment where both start together) must start,
// report not ready, refuse exchanges, and serve as soon as Redis answers, without a restart.
let redis: RedisServer;
let issuer: GithubIssuer;
let broker: RunningBroker | undefined;
let keysDir: string;

beforeAll(async () => {
  redis = await startRedis({ password: 'late-redis-pw' });
  await redis.stop();
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-keys-'));
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  await redis?.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

it('starts while Redis is down, is not ready and refuses exchanges, then serves once Redis is up', async () => {
  broker = await startBroker({
    configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { url: `${redis.url}/0` } }),
    env: { [REDIS_PASSWORD_ENV]: redis.password! },
  });
  expect((await fetch(`${broker.url}/healthz`)).status).toBe(503);
  const refused = await exchange(broker.url, await idToken(issuer), 'warehouse', 10_000);
  expect(refused.status).toBe(503);
  expect(refused.body.error).toBe('temporarily_unavailable');

  await redis.start();
  const deadline = Date.now() + 30_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await fetch(`${broker.url}/healthz`)).status;
    if (status === 200) break;
    await sleep(100);
  }
  expect(status).toBe(200);
  expect((await exchange(broker.url, await idToken(issuer))).status).toBe(200);
});
