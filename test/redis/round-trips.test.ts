import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { admin, replicationInfo, until } from '../helpers/redis-topology.js';
import { BROKER_ISSUER, brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from './setup.js';

/**
 * How many Redis round trips and commands one exchange costs, counted outside the broker: a TCP
 * proxy between the built broker and a real redis-server counts request turns (bytes from the
 * broker after an answer from Redis), and Redis's own `INFO commandstats` counts scripts (the
 * commands a script runs are counted too, under their own names, so only EVAL/EVALSHA and WAIT
 * are compared). A
 * granted exchange is one round trip (the exchange script, with WAIT behind it when
 * `min_replica_acks` is set); so are a replayed token and one the policy refuses.
 */

/** Commands a broker sends on its own (key-set agreement every 5 s, readiness, connection set-up). */
const BACKGROUND = new Set(['hset', 'hgetall', 'hdel', 'ping', 'info', 'time', 'client', 'select', 'auth', 'hello']);

interface TurnCounter {
  url: string;
  /** Request turns so far: the broker sent bytes after Redis had answered (or on a new connection). */
  turns(): number;
  /**
   * Dataset-marker scripts sent so far (EVAL/EVALSHA with the marker as KEYS[1]): a readiness check
   * or a reconnect looks at the marker on its own schedule, so one may fall inside a measurement.
   */
  markerLooks(): number;
  close(): Promise<void>;
}

/** A script call in RESP whose first key is the dataset marker (`<prefix>:dataset`). */
const MARKER_SCRIPT = /\$(?:4\r\neval|7\r\nevalsha)\r\n\$\d+\r\n[^\r]*\r\n\$1\r\n1\r\n\$\d+\r\n[^\r]*:dataset\r\n/gi;

/** A TCP proxy to `port` that counts request turns over all its connections. */
async function turnCountingProxy(port: number): Promise<TurnCounter> {
  let turns = 0;
  let markerLooks = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let brokerSpoke = false;
    // What the broker sent that may hold the start of a command split across chunks.
    let unread = '';
    client.on('data', (chunk: Buffer) => {
      if (!brokerSpoke) turns++;
      brokerSpoke = true;
      upstream.write(chunk);
      unread += chunk.toString('latin1');
      let end = 0;
      for (const match of unread.matchAll(MARKER_SCRIPT)) {
        markerLooks++;
        end = match.index + match[0].length;
      }
      unread = unread.slice(Math.max(end, unread.length - 512));
    });
    upstream.on('data', (chunk) => {
      brokerSpoke = false;
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    turns: () => turns,
    markerLooks: () => markerLooks,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `INFO commandstats` as command name → calls, plus `usec:NAME` → microseconds Redis spent in it. */
async function commandCalls(redis: RedisServer): Promise<Map<string, number>> {
  const text = await admin(redis.port, redis.password, (r) => r.info('commandstats'));
  const calls = new Map<string, number>();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    calls.set(match[1]!, Number(match[2]));
    calls.set(`usec:${match[1]!}`, Number(match[3]));
  }
  return calls;
}

/** Commands of each name sent between two readings, without the broker's background ones. */
function foreground(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const sent: Record<string, number> = {};
  for (const [name, calls] of after) {
    const delta = calls - (before.get(name) ?? 0);
    // `info` is also how this test reads the counts.
    if (delta > 0 && !BACKGROUND.has(name) && !name.startsWith('usec:')) sent[name] = delta;
  }
  return sent;
}

describe('Redis round trips per exchange', () => {
  const EXCHANGES = 30;
  let primary: RedisServer;
  let replica: RedisServer;
  let proxy: TurnCounter;
  let issuer: GithubIssuer;
  let keysDir: string;
  const brokers: RunningBroker[] = [];

  beforeAll(async () => {
    const password = `rt-${process.pid}-pw`;
    primary = await startRedis({ password });
    // One replica, so min_replica_acks: 1 has something to wait for.
    replica = await startRedis({
      password,
      args: ['--replicaof', '127.0.0.1', String(primary.port), '--masterauth', password],
    });
    await until('the replica to be in sync', async () =>
      (await replicationInfo(replica.port, password)).master_link_status === 'up' ? true : undefined,
    );
    proxy = await turnCountingProxy(primary.port);
    issuer = await startGithubIssuer();
    keysDir = mkdtempSync(join(tmpdir(), 'stint-rt-keys-'));
  });
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await proxy?.close();
    await issuer?.stop();
    await replica?.stop();
    await primary?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  const start = async (storeExtra: string): Promise<RunningBroker> => {
    const store = `{ url: "${proxy.url}/0", password_env: ${REDIS_PASSWORD_ENV}${storeExtra} }`;
    const broker = await startBroker({
      configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { yaml: store } }),
      env: { [REDIS_PASSWORD_ENV]: primary.password! },
    });
    brokers.push(broker);
    // Warm up: JWKS discovery, the script loaded on the connection, the Redis clock learnt.
    expect((await exchange(broker.url, await idToken(issuer))).status).toBe(200);
    return broker;
  };

  /** Runs `count` exchanges one after another; returns the turns and foreground commands they cost. */
  const measure = async (run: () => Promise<void>) => {
    // The proxy sees a marker look a moment before Redis counts it: each reading of the counts is
    // bracketed by two of the proxy's, so a look in flight during a reading is known to be either side.
    const looksAtStart = proxy.markerLooks();
    const before = await commandCalls(primary);
    const looksBefore = proxy.markerLooks();
    const turnsBefore = proxy.turns();
    const started = Date.now();
    await run();
    const turns = proxy.turns() - turnsBefore;
    const looksAtEnd = proxy.markerLooks();
    const after = await commandCalls(primary);
    const looksAfter = proxy.markerLooks();
    const markerLooks = { least: looksAtEnd - looksBefore, most: looksAfter - looksAtStart };
    // Each running broker publishes its key set every 5 s: at most one turn per broker per 5 s;
    // a marker look (readiness, reconnect) is a turn of its own.
    const background = brokers.length * (Math.floor((Date.now() - started) / 5000) + 1) + markerLooks.most;
    const sent = foreground(before, after);
    // Time Redis spent running the scripts (the commands inside are counted within it).
    const scriptUsec = ['usec:evalsha', 'usec:eval'].reduce(
      (sum, name) => sum + (after.get(name) ?? 0) - (before.get(name) ?? 0),
      0,
    );
    return { turns, sent, background, scriptUsec, markerLooks };
  };

  type Measured = Awaited<ReturnType<typeof measure>>;
  /**
   * Checks the scripts the exchanges ran were `count`: every EVAL/EVALSHA counted, less the marker
   * looks the broker made on its own schedule meanwhile.
   */
  const expectScripts = (measured: Measured, count: number): void => {
    const all = (measured.sent.evalsha ?? 0) + (measured.sent.eval ?? 0);
    expect(all - measured.markerLooks.most).toBeLessThanOrEqual(count);
    expect(all - measured.markerLooks.least).toBeGreaterThanOrEqual(count);
  };

  it('a granted exchange is one round trip and one script; a replayed or denied token too', async () => {
    const broker = await start('');
    const tokens = await Promise.all(Array.from({ length: EXCHANGES }, () => idToken(issuer)));
    const granted = await measure(async () => {
      for (const token of tokens) expect((await exchange(broker.url, token)).status).toBe(200);
    });
    console.log(
      `granted, ${EXCHANGES} exchanges: ${granted.turns} turns, ${JSON.stringify(granted.sent)}, ${(granted.scriptUsec / EXCHANGES).toFixed(1)} µs in Redis scripts per exchange`,
    );
    expectScripts(granted, EXCHANGES);
    expect(granted.turns).toBeGreaterThanOrEqual(EXCHANGES);
    expect(granted.turns).toBeLessThanOrEqual(EXCHANGES + granted.background);

    const replayed = await measure(async () => {
      for (const token of tokens.slice(0, 10)) {
        const answer = await exchange(broker.url, token);
        expect(answer.status).toBe(401);
        expect(answer.body.error_description).toMatch(/already exchanged/);
      }
    });
    expectScripts(replayed, 10);
    expect(replayed.turns).toBeLessThanOrEqual(10 + replayed.background);

    // A branch the policy does not allow: one look at the replay record (and the address token).
    const denied = await measure(async () => {
      for (let i = 0; i < 10; i++) {
        const token = await issuer.mint({
          aud: BROKER_ISSUER,
          sub: 'repo:acme/warehouse:ref:refs/heads/feature',
          ref: 'refs/heads/feature',
        });
        expect((await exchange(broker.url, token)).status).toBe(403);
      }
    });
    expectScripts(denied, 10);
    expect(denied.turns).toBeLessThanOrEqual(10 + denied.background);

    // A readiness check looks at the dataset marker on its own: the count tells it apart.
    let exchanged = 0;
    const withReadiness = await measure(async () => {
      const looks = proxy.markerLooks();
      await until('a readiness check to look at the marker', async () => {
        expect((await exchange(broker.url, await idToken(issuer))).status).toBe(200);
        exchanged++;
        expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);
        return proxy.markerLooks() > looks ? true : undefined;
      });
    });
    expect(withReadiness.markerLooks.least).toBeGreaterThanOrEqual(1);
    expectScripts(withReadiness, exchanged);
    // The policy still answers replayed first for a token exchanged before.
    const used = await issuer.mint({ aud: BROKER_ISSUER });
    expect((await exchange(broker.url, used, 'warehouse')).status).toBe(200);
    const again = await exchange(broker.url, used, 'limited');
    expect(again.status).toBe(401);
    expect(again.body.error_description).toMatch(/already exchanged/);
  });

  it('with min_replica_acks: 1, the WAIT rides in the same round trip as the script', async () => {
    const broker = await start(', min_replica_acks: 1');
    const tokens = await Promise.all(Array.from({ length: EXCHANGES }, () => idToken(issuer)));
    const granted = await measure(async () => {
      for (const token of tokens) expect((await exchange(broker.url, token)).status).toBe(200);
    });
    console.log(
      `granted with min_replica_acks 1, ${EXCHANGES} exchanges: ${granted.turns} turns, ${JSON.stringify(granted.sent)}`,
    );
    expectScripts(granted, EXCHANGES);
    expect(granted.sent.wait).toBe(EXCHANGES);
    expect(granted.turns).toBeGreaterThanOrEqual(EXCHANGES);
    expect(granted.turns).toBeLessThanOrEqual(EXCHANGES + granted.background);
  });
});
