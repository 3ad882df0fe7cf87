import { type AddressInfo, createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { expect } from 'vitest';
import { StintError } from '../../src/lib/errors.js';
import type { RedisStore } from '../../src/store/redis.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { admin, until } from '../helpers/redis-topology.js';

// The lost-reply case of single-resend.test.ts and sentinel-resend.test.ts. The link drops after
// Redis ran an exchange's script but before its reply came back. The broker cannot know whether
// the ID token was recorded, answers 503 and releases the record; the release cannot go out while
// the link is down, so it is pending. The job retries the same ID token as soon as Redis answers
// again: that retry must be exchanged, not answered 401 replayed from a record that is only still
// there because its release has not gone out.

/** A TCP proxy to Redis that can lose one reply (closing the link) and then refuse connections. */
export interface LossyProxy {
  url: string;
  port: number;
  /** Loses the first reply that carries `marker`: the link closes instead, and the proxy refuses new connections. */
  loseReplyWith(marker: string): void;
  /** Whether a reply was lost. */
  lost(): boolean;
  /** Lets connections through again. */
  open(): void;
  close(): Promise<void>;
}

export async function lossyProxy(port: number): Promise<LossyProxy> {
  let marker: string | undefined;
  let lost = false;
  let refusing = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (marker !== undefined && chunk.toString('latin1').includes(marker)) {
        marker = undefined;
        lost = true;
        refusing = true;
        end();
        return;
      }
      client.write(chunk);
    });
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxyPort = (server.address() as AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${proxyPort}`,
    port: proxyPort,
    loseReplyWith: (text) => {
      marker = text;
    },
    lost: () => lost,
    open: () => {
      refusing = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A Redis with a password, and a lossy proxy in front of it; both stopped by `cleanups`. */
export async function redisBehindProxy(
  cleanups: Array<() => Promise<void> | void>,
): Promise<{ redis: RedisServer; proxy: LossyProxy }> {
  const redis = await startRedis({ password: `resend-${process.pid}-pw` });
  cleanups.push(() => redis.stop());
  const proxy = await lossyProxy(redis.port);
  cleanups.push(() => proxy.close());
  return { redis, proxy };
}

/**
 * Loses the reply of an exchange's admit, keeps Redis unreachable for 4.5 s, then retries the same
 * ID token as soon as the store answers: the retry must be recorded, and the token spent once.
 */
export async function retryAfterLostReply(store: RedisStore, redis: RedisServer, proxy: LossyProxy): Promise<void> {
  const request = { replayKey: 'replay:lost-reply', ttlMs: 60_000, record: true, nowMs: Date.now() };
  // Warm: the script is loaded and Redis's clock known (a look records nothing).
  expect((await store.admit({ ...request, record: false })).outcome).toBe('absent');

  proxy.loseReplyWith('recorded');
  const first = await store.admit(request).then(
    (admission) => admission.outcome,
    (error: unknown) => error,
  );
  expect(proxy.lost()).toBe(true);
  expect(first).toBeInstanceOf(StintError);
  expect((first as StintError).code).toBe('ERR_STORE_UNAVAILABLE');
  // Redis did run it: the record is there, waiting for its release.
  expect(await admin(redis.port, redis.password, (r) => r.keys('stint:replay:*'))).toHaveLength(1);

  // Redis stays unreachable for 4.5 s. (A release resent only on a timer, at 0.25, 0.75, 1.75,
  // 3.75, 5.75 s…, would still be waiting when the retry below gets through.)
  await sleep(4500);
  proxy.open();
  // The job retries as soon as the broker answers something other than 503.
  const retry = await until(
    'the store to answer again',
    async () => {
      try {
        return await store.admit({ ...request, nowMs: Date.now() });
      } catch (error) {
        if (error instanceof StintError && error.code === 'ERR_STORE_UNAVAILABLE') return undefined;
        throw error;
      }
    },
    60_000,
  );
  expect(retry.outcome).toBe('recorded');
  // Spent exactly once now.
  expect((await store.admit({ ...request, nowMs: Date.now() })).outcome).toBe('replayed');
  expect(await admin(redis.port, redis.password, (r) => r.keys('stint:replay:*'))).toHaveLength(1);
}
