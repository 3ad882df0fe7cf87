import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { admin, type SentinelSet, startSentinelSet, until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from './setup.js';

/**
 * A Sentinel broker subscribes to `+switch-master` on every sentinel (ioredis's failover detector),
 * on links of their own. When a sentinel went away, each attempt to reach it again printed
 * `[ioredis] Unhandled error event: Error: …` and a stack trace on the broker's stderr (ioredis
 * listens for no error on those links), once a minute for as long as it stayed away; and a sentinel
 * back from a restart was listened to again only up to a minute later. Now those links are retried
 * on the store's backoff, quietly, and the broker serves throughout (the master never moved).
 *
 * The sentinel's port is taken meanwhile by a listener that resets each link once it asks for
 * +switch-master: every attempt of the detector fails, with an error, and is counted.
 */
let set: SentinelSet;
let issuer: GithubIssuer;
let keysDir: string;
let broker: RunningBroker;
let refuser: Server | undefined;

beforeAll(async () => {
  set = await startSentinelSet({ replicas: 1, sentinels: 3 });
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-sentinel-down-keys-'));
  const store = `{ sentinels: [${set.sentinelAddresses.join(', ')}], name: ${set.name}, password_env: ${REDIS_PASSWORD_ENV} }`;
  broker = await startBroker({
    configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { yaml: store } }),
    env: { [REDIS_PASSWORD_ENV]: set.password },
  });
});
afterAll(async () => {
  await broker?.stop();
  await new Promise<void>((resolve) => (refuser ? refuser.close(() => resolve()) : resolve()));
  await issuer?.stop();
  await set?.stop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

/** Whether a client is subscribed on the sentinel at `port` (the broker's failover detector; sentinels subscribe to none of each other). */
async function subscribed(port: number): Promise<true | undefined> {
  const list = (await admin(port, undefined, (r) => r.call('CLIENT', 'LIST'))) as string;
  return /\bsub=[1-9]/.test(list) ? true : undefined;
}

// Longer than the waits' ceilings together (720 s), so a stalled machine fails on the wait that says what it was for.
it('a sentinel that goes away prints no stack trace at each attempt, and is listened to again soon after it is back', {
  timeout: 900_000,
}, async () => {
  const sentinel = set.sentinels[0]!;
  await until('the broker to be ready', async () =>
    (await fetch(`${broker.url}/readyz`)).status === 200 ? true : undefined,
  );
  await until('the failover detector to subscribe on the sentinel', () => subscribed(sentinel.port));

  await sentinel.stop();
  let attempts = 0;
  const links = new Set<Socket>();
  // The other sentinels connect to this one too (CLIENT SETNAME sentinel-…); ioredis opens its links with HELLO 3.
  refuser = createServer((socket) => {
    links.add(socket);
    socket.on('close', () => links.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      if (/^\*2\r\n\$5\r\nhello\r\n/i.test(chunk.toString('latin1'))) attempts++;
      socket.resetAndDestroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    refuser!.once('error', reject);
    refuser!.listen(sentinel.port, '127.0.0.1', () => resolve());
  });
  expect((refuser.address() as AddressInfo).port).toBe(sentinel.port);
  // Two attempts, each reset: two errors on the detector's link. The ceiling covers ioredis's own
  // minute between attempts (the old behaviour) a few times over on a busy machine.
  await until('the detector to try the sentinel twice', async () => (attempts >= 2 ? true : undefined), 300_000);

  expect((await exchange(broker.url, await idToken(issuer))).status).toBe(200);
  expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);
  const output = broker.output();
  expect(output).not.toContain('Unhandled error event');
  expect(output).not.toMatch(/\n\s+at /);

  await new Promise<void>((resolve) => refuser!.close(() => resolve()));
  for (const link of links) link.destroy();
  refuser = undefined;
  await sentinel.start();
  // Back: the detector listens to it again (ioredis's own wait was a minute; this is a ceiling).
  await until('the failover detector to subscribe again', () => subscribed(sentinel.port), 60_000);
  expect((await exchange(broker.url, await idToken(issuer))).status).toBe(200);
});
