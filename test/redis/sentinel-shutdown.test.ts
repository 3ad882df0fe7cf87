import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type SentinelSet, startSentinelSet, until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from './setup.js';

/**
 * SIGTERM while every data node of a Sentinel set hangs (SIGSTOP; the sentinels answer, and name
 * the hung master): the broker logs "stint broker stopped" when it stops, not seconds before.
 * It logged the line, then lived on for about 4 s (shutdown_grace 3 s): the links to the hung
 * master, ended politely, waited for the master's close of the connection (ioredis's
 * disconnectTimeout, 2 s) and held the event loop.
 */
let set: SentinelSet;
let issuer: GithubIssuer;
let keysDir: string;
let broker: RunningBroker;

beforeAll(async () => {
  set = await startSentinelSet({ replicas: 1, sentinels: 3 });
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-sentinel-stop-keys-'));
  const store = `{ sentinels: [${set.sentinelAddresses.join(', ')}], name: ${set.name}, password_env: ${REDIS_PASSWORD_ENV} }`;
  broker = await startBroker({
    configYaml: `${brokerConfig({ issuerUrl: issuer.url, keysDir, store: { yaml: store } })}shutdown_grace: 1s\n`,
    env: { [REDIS_PASSWORD_ENV]: set.password },
  });
});
afterAll(async () => {
  for (const node of set?.nodes ?? []) node.resume();
  await broker?.stop();
  await issuer?.stop();
  await set?.stop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

it('exits as it logs "stint broker stopped", within shutdown_grace, while the Sentinel data nodes hang', async () => {
  await until('the broker to serve', async () =>
    (await exchange(broker.url, await idToken(issuer))).status === 200 ? true : undefined,
  );
  for (const node of set.nodes) node.pause();
  // The broker has met the hang (its probe timed out) and is reconnecting to the hung master.
  await until('the broker not ready', async () =>
    (await fetch(`${broker.url}/readyz`)).status === 503 ? true : undefined,
  );
  await until('a reconnect under way', async () =>
    (await fetch(`${broker.url}/readyz`)).status === 503 &&
    /not connected \((connect|connecting|reconnecting)/.test(broker.output())
      ? true
      : undefined,
  );

  let stoppedAt: number | undefined;
  broker.process.stdout!.on('data', () => {
    if (stoppedAt === undefined && broker.stdout().includes('stint broker stopped')) stoppedAt = performance.now();
  });
  const exited = new Promise<number>((resolve) => broker.process.once('exit', () => resolve(performance.now())));
  const signalled = performance.now();
  broker.process.kill('SIGTERM');
  const exitedAt = await exited;
  expect(broker.exitCode()).toBe(0);
  expect(stoppedAt).toBeDefined();
  // The line comes when the broker stops: the process ends right after it, not seconds later.
  expect(exitedAt - stoppedAt!).toBeLessThan(1_000);
  // And within shutdown_grace (1 s, nothing in flight) plus the time a busy machine takes to exit.
  expect(exitedAt - signalled).toBeLessThan(2_500);
});
