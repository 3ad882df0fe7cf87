import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { brokerConfig, REDIS_PASSWORD_ENV, sleep } from './setup.js';

// A store outage must show on /metrics while no request comes: behind systemd + nginx or Docker
// nothing calls /readyz, and the StintBrokerNotReady alert reads stint_ready. The broker runs the
// readiness check itself every 15 s (docs/broker.md#metrics-and-health). Only /metrics is asked
// here, never /readyz, /healthz or an exchange.
let redis: RedisServer;
let issuer: GithubIssuer;
let broker: RunningBroker | undefined;
let keysDir: string;

beforeAll(async () => {
  redis = await startRedis({ password: 'gauge-redis-pw' });
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-keys-'));
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  await redis?.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

/** The value of an unlabelled sample on the broker's /metrics, or undefined when absent. */
async function gauge(url: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return line === null ? undefined : Number(line[1]);
}

/** Polls /metrics until both gauges read `want`; the last values when the ceiling passes. */
async function gaugesBecome(url: string, want: number, ceilingMs: number): Promise<[unknown, unknown]> {
  const deadline = Date.now() + ceilingMs;
  let seen: [unknown, unknown] = [undefined, undefined];
  while (Date.now() < deadline) {
    seen = [await gauge(url, 'stint_ready'), await gauge(url, 'stint_store_up')];
    if (seen[0] === want && seen[1] === want) break;
    await sleep(250);
  }
  return seen;
}

it('sets stint_ready and stint_store_up to 0 when Redis stops and to 1 when it is back, with no request to /readyz', async () => {
  broker = await startBroker({
    configYaml: brokerConfig({
      issuerUrl: issuer.url,
      keysDir,
      store: { yaml: `{ url: "${redis.url}/0", password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 10m }` },
    }),
    env: { [REDIS_PASSWORD_ENV]: redis.password! },
  });
  const url = broker.url;
  // The first check runs at start.
  expect(await gaugesBecome(url, 1, 60_000)).toEqual([1, 1]);

  await redis.stop();
  // One check every 15 s, each bounded by the store's timeouts: generous for a busy machine.
  expect(await gaugesBecome(url, 0, 120_000)).toEqual([0, 0]);
  // The broker's own checks count as store errors too, so the StintStoreErrors alert
  // (increase over 5m) keeps firing while Redis is down and no request comes.
  const errors = await gauge(url, 'stint_store_errors_total');
  expect(errors).toBeGreaterThan(0);
  const deadline = Date.now() + 120_000;
  let later = errors;
  while (later === errors && Date.now() < deadline) {
    await sleep(500);
    later = await gauge(url, 'stint_store_errors_total');
  }
  expect(later).toBeGreaterThan(errors!);
  const down = logEntries(broker.output()).find((e) => /^readiness check: not ready: store unavailable: /.test(e.msg));
  expect(down?.level).toBe('error');

  await redis.start();
  expect(await gaugesBecome(url, 1, 120_000)).toEqual([1, 1]);
  expect(logEntries(broker.output()).map((e) => e.msg)).toContain('readiness check: ready again');
  // The gauges moved with no readiness request: the access log has none.
  expect(logEntries(broker.output()).filter((e) => /readyz|healthz/.test(String(e.route ?? e.msg)))).toEqual([]);
  expect(broker.output()).not.toContain(redis.password!);
});
