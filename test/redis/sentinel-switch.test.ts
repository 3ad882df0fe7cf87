import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { admin, type SentinelSet, startSentinelSet, until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from './setup.js';

/**
 * A failover's `+switch-master` that reaches a broker while it is asking a sentinel for the master
 * (its link to the old master had already dropped: a killed master) must not stop it for good.
 * ioredis's failover detector outlives the link it was made for; its disconnect made the connect
 * under way fail with "Connection is closed", and ioredis then gave the client up (status `end`):
 * every exchange was a fast 503 and `/readyz` never came back, until the broker was restarted.
 * Seen in test/redis/sentinel.test.ts (the master killed after replication was cut), now and then.
 *
 * The race is forced here: the broker talks to the sentinel through a proxy that holds the
 * broker's request for the master's address and passes the sentinel's `+switch-master` message
 * (the one a failover publishes) to the broker's subscription at that moment.
 */

/** A TCP proxy to a sentinel that can hold requests for the master's address and publish `+switch-master`. */
interface SentinelProxy {
  address: string;
  /** While true, a request for the master's address is swallowed (no answer: the broker times out). */
  hold: boolean;
  /** How many requests for the master's address were swallowed. */
  held(): number;
  /** The open links that subscribed to `+switch-master` (the broker's failover detector). */
  subscribers(): number;
  /** Sends a `+switch-master` message to every subscriber, in the protocol each subscribed with. */
  publishSwitch(payload: string): void;
  close(): Promise<void>;
}

async function sentinelProxy(port: number): Promise<SentinelProxy> {
  const sockets = new Set<Socket>();
  /** Subscriber links, and whether the sentinel answers that link in RESP3 (pushes start with `>`). */
  const subscribers = new Map<Socket, { resp3: boolean | undefined }>();
  let hold = false;
  let held = 0;
  const server = createServer((client) => {
    const upstream = tcpConnect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let subscription: { resp3: boolean | undefined } | undefined;
    const end = (): void => {
      subscribers.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1').toLowerCase();
      if (hold && text.includes('get-master-addr-by-name')) {
        held++;
        return;
      }
      if (text.includes('subscribe') && text.includes('+switch-master')) {
        subscription = { resp3: undefined };
        subscribers.set(client, subscription);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (subscription !== undefined && subscription.resp3 === undefined && chunk.includes('+switch-master')) {
        subscription.resp3 = chunk[0] === 0x3e; // '>'
      }
      client.write(chunk);
    });
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hold() {
      return hold;
    },
    set hold(value: boolean) {
      hold = value;
    },
    held: () => held,
    subscribers: () => [...subscribers.values()].filter((s) => s.resp3 !== undefined).length,
    publishSwitch(payload) {
      for (const [socket, { resp3 }] of subscribers) {
        if (resp3 === undefined) continue;
        socket.write(`${resp3 ? '>' : '*'}3\r\n${bulk('message')}${bulk('+switch-master')}${bulk(payload)}`);
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let set: SentinelSet;
let proxy: SentinelProxy;
let issuer: GithubIssuer;
let keysDir: string;
let broker: RunningBroker;

beforeAll(async () => {
  // One master and one sentinel: no failover happens here, only its message.
  set = await startSentinelSet({ replicas: 0, sentinels: 1 });
  proxy = await sentinelProxy(set.sentinels[0]!.port);
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-sentinel-switch-keys-'));
  const store = `{ sentinels: [${proxy.address}], name: ${set.name}, password_env: ${REDIS_PASSWORD_ENV}, prefix: sw }`;
  broker = await startBroker({
    configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { yaml: store } }),
    env: { [REDIS_PASSWORD_ENV]: set.password },
  });
}, 300_000);

afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  await proxy?.close();
  await set?.stop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

// Longer than the waits' ceilings together (600 s), so a stalled machine fails on the wait that says what it was for.
it('a +switch-master that arrives while the broker asks the sentinels for the master does not stop the broker for good', {
  timeout: 700_000,
}, async () => {
  expect((await exchange(broker.url, await idToken(issuer))).status).toBe(200);
  await until('the broker subscribed to +switch-master', async () => (proxy.subscribers() > 0 ? true : undefined));

  // The broker's link to the master drops (as when the master dies); it asks the sentinel again,
  // and that request is held.
  proxy.hold = true;
  const master = await set.masterPort();
  await admin(master, set.password, async (r) => {
    const list = String(await r.call('CLIENT', 'LIST'));
    for (const id of list.matchAll(/^id=(\d+) .* name=stint /gm)) await r.call('CLIENT', 'KILL', 'ID', id[1]!);
  });
  await until('the broker to ask the sentinel for the master', async () => (proxy.held() > 0 ? true : undefined));

  // The failover's message reaches the failover detector of the link that dropped.
  proxy.publishSwitch(`${set.name} 127.0.0.1 ${master} 127.0.0.1 ${master}`);
  await until('the failover detector to go', async () => (proxy.subscribers() === 0 ? true : undefined));
  proxy.hold = false;

  // The broker asks again and serves; before, it had given its Redis client up ("Connection is
  // closed") and answered 503 until it was restarted.
  await until(
    'the broker serving again',
    async () => ((await exchange(broker.url, await idToken(issuer))).status === 200 ? true : undefined),
    60_000,
  ).catch((error: Error) => {
    const log = broker
      .output()
      .split('\n')
      .filter((line) => line !== '' && !line.includes('"route"'));
    throw new Error(`${error.message}; the broker's log:\n${log.slice(-10).join('\n')}`);
  });
  expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);
});
