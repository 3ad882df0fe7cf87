import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from './setup.js';

// A Redis outage under load: every request is refused (503) and counted in the metrics, but the
// log says that the store is down and why once, summarises the rest at most once a minute, and
// says when requests are served again: a bounded number of lines, not one per request.
let redis: RedisServer;
let issuer: GithubIssuer;
let broker: RunningBroker | undefined;
let keysDir: string;

beforeAll(async () => {
  redis = await startRedis({ password: 'outage-log-pw' });
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-keys-'));
  broker = await startBroker({
    configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { url: `${redis.url}/0` } }),
    env: { [REDIS_PASSWORD_ENV]: redis.password! },
  });
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  await redis?.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

const storeErrors = async (url: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^stint_store_errors_total (\d+)/m.exec(text)?.[1] ?? Number.NaN);
};

it('logs a store outage once, with its cause, and its end, whatever the number of refused requests', async () => {
  const url = broker!.url;
  expect((await exchange(url, await idToken(issuer))).status).toBe(200);
  const before = await storeErrors(url);
  await redis.stop();
  const outageStarted = Date.now();
  const N = 40;
  const statuses: number[] = [];
  for (let i = 0; i < N; i++) {
    const answer = await exchange(url, await idToken(issuer));
    statuses.push(answer.status);
    if (i % 4 === 0) statuses.push((await fetch(`${url}/readyz`)).status);
  }
  expect(statuses.filter((status) => status !== 503)).toEqual([]);
  // Every refusal counted.
  expect((await storeErrors(url)) - before).toBeGreaterThanOrEqual(N);

  const errors = (): Array<Record<string, unknown>> =>
    logEntries(broker!.output()).filter((line) => line.level === 'error');
  const outage = errors().filter((line) => /Redis store .* is unavailable/.test(String(line.msg)));
  // One line for the exchanges (code, cause, what happens next) and one for /readyz, plus one
  // summary of each per minute the outage lasted (a busy machine may take that long), and one from
  // the readiness watch's transition at most: not N.
  const minutes = Math.floor((Date.now() - outageStarted) / 60_000);
  expect(outage.length).toBeLessThanOrEqual(2 * (1 + minutes) + 1);
  const first = outage.find((line) => line.code === 'ERR_STORE_UNAVAILABLE')!;
  expect(String(first.msg)).toMatch(
    /^\/auth\/oidc\/exchange: Redis store \S+ is unavailable \(admit: .*\); check that Redis is running.*; further refusals for this cause are counted and logged at most once every 60 s until a request is served again$/,
  );
  expect(errors().filter((line) => String(line.msg).startsWith('/readyz: ')).length).toBeLessThanOrEqual(1 + minutes);

  await redis.start();
  await until('an exchange served again', async () =>
    (await exchange(url, await idToken(issuer))).status === 200 ? true : undefined,
  );
  // Logged as that 200 finished; the line may reach this process a moment after the answer.
  const again = await until('the line saying requests are served again', async () =>
    logEntries(broker!.output()).find(
      (line) => String(line.msg).startsWith('requests are served again: ') && line.code === 'ERR_STORE_UNAVAILABLE',
    ),
  );
  expect(again?.level).toBe('info');
  const refused = Number(
    /^requests are served again: (\d+) refused \(ERR_STORE_UNAVAILABLE at \/auth\/oidc\/exchange[^)]*\)/.exec(
      String(again?.msg),
    )?.[1],
  );
  expect(refused).toBeGreaterThanOrEqual(N);
});
