import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { until } from '../helpers/redis-topology.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV, sleep } from './setup.js';

// A broker whose Redis is not up yet (a deployment where both start together) must start,
// report not ready, refuse exchanges, and serve as soon as Redis answers, without a restart.
// One that never reaches its store within store.startup_timeout, or that Redis refuses, stops (exit 1).
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
    // A generous window: on a busy machine Redis below may start many seconds after the broker.
    configYaml: brokerConfig({
      issuerUrl: issuer.url,
      keysDir,
      store: { yaml: `{ url: "${redis.url}/0", password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 10m }` },
    }),
    env: { [REDIS_PASSWORD_ENV]: redis.password! },
  });
  // Listening meanwhile, not ready: a liveness probe passes, readiness does not. (Asked here, in a
  // 10-minute window, not of the broker below that exits 2 s after it listens: on a busy machine
  // these requests could come after that exit.)
  expect((await fetch(`${broker.url}/livez`)).status).toBe(200);
  expect((await fetch(`${broker.url}/readyz`)).status).toBe(503);
  expect((await fetch(`${broker.url}/healthz`)).status).toBe(503);
  const refused = await exchange(broker.url, await idToken(issuer), 'warehouse', 10_000);
  expect(refused.status).toBe(503);
  expect(refused.body.error).toBe('temporarily_unavailable');

  await redis.start();
  const deadline = Date.now() + 120_000; // the store reconnects with backoff: a ceiling for a busy machine
  let status = 0;
  while (Date.now() < deadline) {
    status = (await fetch(`${broker.url}/healthz`)).status;
    if (status === 200) break;
    await sleep(100);
  }
  expect(status).toBe(200);
  expect((await exchange(broker.url, await idToken(issuer))).status).toBe(200);
  // The persistence settings, unread at start (Redis was down), are read once it takes a write:
  // this Redis runs with appendonly no, which breaks a guarantee (docs/many-brokers.md#persistence).
  const running = broker;
  await until(
    'the persistence warning once Redis took a write',
    async () =>
      /"code":"WARN_STORE_PERSISTENCE".*has appendonly no: a restart forgets replay records/.test(running.output())
        ? true
        : undefined,
    60_000,
  );
  expect(running.output().match(/has appendonly no/g)).toHaveLength(1);
});

/** Waits for the broker process to exit by itself; fails the test if it has not within the ceiling. */
async function exitOf(running: RunningBroker, ceilingMs: number): Promise<number | null> {
  const deadline = Date.now() + ceilingMs;
  while (running.exitCode() === null && Date.now() < deadline) await sleep(100);
  return running.exitCode();
}

it('exits 1 when its store takes no write within store.startup_timeout, and says what to fix', async () => {
  await redis.stop(); // its port is closed now
  const down = await startBroker({
    configYaml: brokerConfig({
      issuerUrl: issuer.url,
      keysDir,
      store: { yaml: `{ url: "${redis.url}/0", password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 2s }` },
    }),
    env: { [REDIS_PASSWORD_ENV]: redis.password! },
  });
  try {
    expect(await exitOf(down, 60_000)).toBe(1);
    const output = down.output();
    expect(output).toContain('the store does not take a write at start');
    expect(output).toContain('stint: the store took no write in the 2s after start (store.startup_timeout)');
    expect(output).toContain('ECONNREFUSED');
    // The hint once, not the store's and the start-up check's both.
    const last = /^stint: the store took no write.*$/m.exec(output)?.[0] ?? '';
    expect(last.split('check that Redis is running').length - 1).toBe(1);
    expect(last).toMatch(/; or raise store\.startup_timeout if Redis takes longer to start$/);
    expectNoSecret(output, redis.password!, 'the Redis password');
  } finally {
    await down.stop();
  }
});

it('exits 1 at once when Redis refuses its password, naming the cause and not the password', async () => {
  await redis.start();
  const wrong = 'not-the-redis-password';
  const refused = await startBroker({
    configYaml: brokerConfig({
      issuerUrl: issuer.url,
      keysDir,
      // A long window: the exit must come from the refusal, not from the time-out.
      store: { yaml: `{ url: "${redis.url}/0", password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 10m }` },
    }),
    env: { [REDIS_PASSWORD_ENV]: wrong },
  });
  try {
    expect(await exitOf(refused, 60_000)).toBe(1);
    const output = refused.output();
    expect(output).toMatch(/stint: the store refuses the broker: .*WRONGPASS.*Waiting will not mend this/);
    expect(output).toContain('store.password_env');
    expectNoSecret(output, wrong, 'the wrong Redis password');
  } finally {
    await refused.stop();
  }
});
