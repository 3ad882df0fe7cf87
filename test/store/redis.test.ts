import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import { openRedisStore, parseRedisUrl, type RedisStore } from '../../src/store/redis.js';
import { type DatasetChange, StoreRefusedError } from '../../src/store/types.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { writeSelfSignedCertificate } from '../helpers/tls-cert.js';
import { describeStoreConformance } from './conformance.js';
import { aclRefusals, documentedAclRules, walkRedisStore } from './redis-acl.js';

const PASSWORD = 'conformance-pw-3f9a';
/** The ACL rules docs/many-brokers.md gives for a least-privilege stint user (kept in step with it). */
const README_ACL =
  '~stint:* resetchannels -@all +hello +auth +ping +select +quit +client|setname +info +set +exists +del +hset +hgetall +sadd +smembers +pexpireat +multi +exec +evalsha +eval +time +hmget +pexpire +hsetnx +get +wait +hdel +srem';

/**
 * checkWrite's error once `settled` accepts it, or the last one after 60 s. What a check says before
 * the first connect attempt has ended is only "not connected (connect)": that attempt's outcome
 * (a reset, a time-out, WRONGPASS) can come after openRedisStore stopped waiting for it, on a busy
 * machine, and a later check names it.
 */
async function checkWriteUntil(
  store: RedisStore,
  settled: (error: Error | undefined) => boolean,
): Promise<Error | undefined> {
  const deadline = Date.now() + 60_000;
  let error: Error | undefined;
  do {
    error = await store.checkWrite().then(
      () => undefined,
      (e: Error) => e,
    );
    if (settled(error)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  return error;
}

describeStoreConformance(
  'redis',
  async () => {
    const redis = await startRedis({ password: PASSWORD });
    // 2 s, as the other Redis tests: at 500 ms, 50 concurrent admits at load 20 met the command
    // time-out (or ran after it, changing nothing) in 4 of 60 rounds.
    const store = await openRedisStore(redis.url, { password: PASSWORD, commandTimeoutMs: 2000 });
    return {
      store,
      outage: redis,
      close: async () => {
        await store.close();
        await redis.stop();
      },
    };
  },
  { hasBackend: true },
);

describe('parseRedisUrl', () => {
  it('reads host, port, db, TLS and credentials', () => {
    expect(parseRedisUrl('redis://cache.internal:6380/3')).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      db: 3,
      tls: false,
      username: undefined,
      password: undefined,
    });
    expect(parseRedisUrl('rediss://stint:p%40ss@cache.internal')).toMatchObject({
      host: 'cache.internal',
      port: 6379,
      db: 0,
      tls: true,
      username: 'stint',
      password: 'p@ss',
    });
    expect(parseRedisUrl('redis://[::1]:7000/0')).toMatchObject({ host: '::1', port: 7000 });
  });

  it.each([
    ['http://cache.internal:6379', 'must start with redis:// or rediss://'],
    ['redis://:hunter2@cache.internal/x', 'must end in a database number'],
    ['redis://:hunter2@cache.internal/0?family=6', 'must not carry a query'],
    ['not a url', 'must start with redis:// or rediss://'],
    ['redis://:hunter2@cache.internal:99999/0', 'is not a valid URL'],
    // Mistyped: the password lands where the parser sees a path or a user name (a second '@').
    ['redis:/stint:hunter2@cache.internal/0', "'//' and the host right after 'redis:'"],
    ['redis:stint:hunter2@cache.internal/0', "'//' and the host right after 'redis:'"],
    ['redis:///stint:hunter2@cache.internal/0', "'//' and the host right after 'redis:'"],
    ['rediss:/stint:hunter2@cache.internal', "'//' and the host right after 'rediss:'"],
    ['redis://stint@hunter2@cache.internal/0', "more than one '@' before the host"],
    ['redis://stint%40hunter2@cache.internal/0', "more than one '@' before the host"],
    ['redis://stint%zz:hunter2@cache.internal/0', 'not a %XX escape'],
  ])('refuses %s with ERR_STORE_URL_INVALID, without the password in the message', (url, text) => {
    let error: unknown;
    try {
      parseRedisUrl(url);
    } catch (e) {
      error = e;
    }
    expect(isStintError(error, 'ERR_STORE_URL_INVALID')).toBe(true);
    expect((error as Error).message).toContain(text);
    expectNoSecret((error as Error).message, 'hunter2', 'the password in the URL');
  });
});

describe('Redis store', () => {
  let redis: RedisServer;
  let raw: Redis;
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
    raw = new Redis({ port: redis.port, host: '127.0.0.1', password: PASSWORD, lazyConnect: true });
    await raw.connect();
  });
  afterAll(async () => {
    raw?.disconnect();
    await redis?.stop();
  });

  const open = (options: Parameters<typeof openRedisStore>[1] = {}): Promise<RedisStore> =>
    openRedisStore(redis.url, { password: PASSWORD, ...options });

  it('shares claims, revocations, buckets and API keys between two instances', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    try {
      expect(await a.claimOnce('shared-claim', 60_000)).toBe(true);
      expect(await b.claimOnce('shared-claim', 60_000)).toBe(false);

      await b.revoke('shared-jti', Date.now() + 60_000);
      expect(await a.isRevoked('shared-jti')).toBe(true);

      const limit = { rps: 0.001, burst: 2 };
      expect((await a.takeToken('shared-bucket', limit, Date.now())).allowed).toBe(true);
      expect((await a.takeToken('shared-bucket', limit, Date.now())).allowed).toBe(true);
      const refused = await b.takeToken('shared-bucket', limit, Date.now());
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(0);

      await a.putApiKey({ id: 'sharedkey', project: 'warehouse', name: 'n', hash: 'h', createdAtMs: 1 });
      expect((await b.getApiKey('sharedkey'))?.project).toBe('warehouse');
      expect(await b.revokeApiKey('sharedkey', 5)).toBe(true);
      expect((await a.getApiKey('sharedkey'))?.revokedAtMs).toBe(5);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('of two brokers that find the dataset marker gone at once, one says it found it gone and the other that another did', async () => {
    // Each round's two looks reach Redis together (CLIENT PAUSE WRITE holds them), often within one
    // Redis millisecond: the second was taken for the finder when its look ran in the ms of the first's write.
    const [a, b] = await Promise.all([
      open({ namespace: 'lossrace', commandTimeoutMs: 5000 }),
      open({ namespace: 'lossrace', commandTimeoutMs: 5000 }),
    ]);
    const seen: Array<DatasetChange & { who: string }> = [];
    a.onDataset((change) => seen.push({ ...change, who: 'a' }));
    b.onDataset((change) => seen.push({ ...change, who: 'b' }));
    try {
      await a.checkWrite();
      await b.checkWrite();
      for (let round = 0; round < 12; round++) {
        seen.length = 0;
        await raw.del('lossrace:dataset');
        await raw.client('PAUSE', 100, 'WRITE');
        await Promise.all([a.checkWrite(), b.checkWrite()]);
        const finders = seen.map((change) => (change.kind === 'lost' ? change.by : change.kind)).sort();
        expect(finders, `round ${round}`).toEqual(['another broker', 'this broker']);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps only namespaced, hashed keys: no value the caller passed appears in Redis', async () => {
    const store = await open({ namespace: 'stint-hashcheck' });
    const secretish = 'eyJhbGciOiJSUzI1NiJ9.raw-looking-token-value';
    try {
      await store.claimOnce(secretish, 60_000);
      await store.revoke(secretish, Date.now() + 60_000);
      await store.takeToken(secretish, { rps: 1, burst: 5 }, Date.now());
      await store.putCertificate({
        serial: secretish,
        project: 'p',
        subject: 's',
        jti: 'j',
        notAfterMs: Date.now() + 60_000,
        fingerprint: 'f',
      });
      const keys = await raw.keys('stint-hashcheck:*');
      expect(keys.length).toBe(4);
      for (const key of keys) {
        expect(key).toMatch(/^stint-hashcheck:(replay|revoked|ratelimit|cert):[A-Za-z0-9_-]{43}$/);
        expect(key).not.toContain('raw-looking');
      }
    } finally {
      await store.close();
    }
  });

  it('expires entries with the tokens: replay by ttl, revocations at exp plus the skew margin, full buckets', async () => {
    const store = await open({ namespace: 'stint-ttl' });
    try {
      // Lifetimes of minutes, so the round trips below (seconds on a busy machine) take little off them.
      await store.claimOnce('t', 300_000);
      await store.revoke('j', Date.now() + 300_000);
      await store.takeToken('b', { rps: 0.01, burst: 5 }, Date.now());
      const ttl = async (kind: string): Promise<number> => {
        const [key] = await raw.keys(`stint-ttl:${kind}:*`);
        return raw.pttl(key ?? 'missing');
      };
      expect(await ttl('replay')).toBeGreaterThan(240_000);
      expect(await ttl('replay')).toBeLessThanOrEqual(300_000);
      // The revocation outlives exp by 60 s: verifiers accept a token up to 60 s after exp.
      expect(await ttl('revoked')).toBeGreaterThan(300_000);
      expect(await ttl('revoked')).toBeLessThanOrEqual(360_000);
      // One token short of full at 1 per 100 s: the bucket key goes away once it is full again.
      expect(await ttl('ratelimit')).toBeGreaterThan(40_000);
      expect(await ttl('ratelimit')).toBeLessThanOrEqual(100_000);
    } finally {
      await store.close();
    }
  });

  it('authenticates with the password from the URL, or the option over it', async () => {
    const fromUrl = await openRedisStore(`redis://:${PASSWORD}@127.0.0.1:${redis.port}/0`);
    const optionWins = await openRedisStore(`redis://:wrong@127.0.0.1:${redis.port}/0`, { password: PASSWORD });
    try {
      await expect(fromUrl.ping()).resolves.toBeUndefined();
      await expect(optionWins.ping()).resolves.toBeUndefined();
    } finally {
      await Promise.all([fromUrl.close(), optionWins.close()]);
    }
  });

  it('with a wrong password fails closed with ERR_STORE_UNAVAILABLE naming the cause, never the password', async () => {
    const store = await openRedisStore(redis.url, { password: 'not-the-password-7c1d', connectTimeoutMs: 1000 });
    try {
      let error: unknown;
      try {
        await store.claimOnce('x', 1000);
      } catch (e) {
        error = e;
      }
      expect(isStintError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/WRONGPASS|NOAUTH|invalid password|not connected/i);
      expectNoSecret(message, 'not-the-password-7c1d', 'the wrong password');
      expectNoSecret(message, PASSWORD, 'the password');
    } finally {
      await store.close();
    }
  });

  it('opens while Redis is down, fails closed meanwhile, and works once Redis is up', async () => {
    const later = await startRedis();
    await later.stop();
    const store = await openRedisStore(later.url, { connectTimeoutMs: 500 });
    try {
      await expect(store.ping()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      await expect(store.claimOnce('early', 1000)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      await later.start();
      const deadline = Date.now() + 120_000; // the client reconnects with backoff; a ceiling for a busy machine
      for (;;) {
        try {
          await store.ping();
          break;
        } catch (e) {
          if (Date.now() > deadline) throw e;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(await store.claimOnce('early', 1000)).toBe(true);
    } finally {
      await store.close();
      await later.stop();
    }
  });

  it('works as an ACL user limited to the stint:* keys and the commands the docs list: every store operation', async () => {
    expect(readFileSync(new URL('../../docs/many-brokers.md', import.meta.url), 'utf8')).toContain(
      `ACL SETUSER stint on >PASSWORD ${README_ACL}\n`,
    );
    expect(documentedAclRules().base.join(' ')).toBe(README_ACL);
    await raw.call('ACL', 'SETUSER', 'stint-acl', 'reset', 'on', '>acl-pw-51e0', ...README_ACL.split(' '));
    await raw.call('ACL', 'LOG', 'RESET');
    const url = `redis://stint-acl@127.0.0.1:${redis.port}/1`;
    await walkRedisStore(await openRedisStore(url, { password: 'acl-pw-51e0' }), 'acl');

    // With min_replica_acks: WAIT, and INFO replication to say why too few replicas confirmed; a key
    // whose creation was not confirmed is deleted again (with the commands the user has).
    const waiting = await openRedisStore(url, { password: 'acl-pw-51e0', minReplicaAcks: 1, commandTimeoutMs: 2000 });
    try {
      await expect(waiting.claimOnce('acl-wait', 60_000)).rejects.toThrow(/0 connected replica\(s\)/);
      await expect(
        waiting.putApiKey({ id: 'acl-unconfirmed', project: 'p', name: 'n', hash: 'h', createdAtMs: 1 }),
      ).rejects.toThrow(/the record was deleted again: no key was created/);
    } finally {
      await waiting.close();
    }
    // A user made from older docs, without +srem: the record is deleted all the same (its id may stay in the index).
    const older = README_ACL.replace(' +srem', '');
    expect(older).not.toBe(README_ACL);
    await raw.call('ACL', 'SETUSER', 'stint-acl-older', 'reset', 'on', '>acl-pw-51e0', ...older.split(' '));
    const olderUser = await openRedisStore(`redis://stint-acl-older@127.0.0.1:${redis.port}/1`, {
      password: 'acl-pw-51e0',
      minReplicaAcks: 1,
      commandTimeoutMs: 2000,
    });
    try {
      await expect(
        olderUser.putApiKey({ id: 'acl-older-unconfirmed', project: 'p', name: 'n', hash: 'h', createdAtMs: 1 }),
      ).rejects.toThrow(/the record was deleted again: no key was created/);
    } finally {
      await olderUser.close();
    }
    const store = await openRedisStore(url, { password: 'acl-pw-51e0' });
    try {
      for (const id of ['acl-unconfirmed', 'acl-older-unconfirmed']) {
        expect(await store.getApiKey(id)).toBeUndefined();
        expect((await store.listApiKeys()).map((r) => r.id)).not.toContain(id);
      }
      // Nothing the store did was refused, swallowed refusals included (the optional config|get aside).
      expect(await aclRefusals(raw, 'stint-acl')).toEqual([]);
      // Keys outside the namespace are out of reach.
      await expect(
        openRedisStore(`redis://stint-acl@127.0.0.1:${redis.port}/0`, {
          password: 'acl-pw-51e0',
          namespace: 'other',
        }).then(async (other) => {
          try {
            return await other.claimOnce('x', 1000);
          } finally {
            await other.close();
          }
        }),
      ).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', message: expect.stringMatching(/NOPERM/) });
    } finally {
      await store.close();
    }
  });

  it('refuses a rate limit it cannot apply', async () => {
    const store = await open();
    try {
      await expect(store.takeToken('b', { rps: 0, burst: 1 }, Date.now())).rejects.toMatchObject({
        code: 'ERR_RATE_LIMIT_INVALID',
      });
    } finally {
      await store.close();
    }
  });
});

describe('Redis store over TLS (rediss://)', () => {
  let redis: RedisServer;
  let dir: string;
  let ca: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stint-redis-tls-'));
    // For 127.0.0.1 and localhost (the default names): the test connects by both.
    const tls = writeSelfSignedCertificate(
      dir,
      { cert: 'cert.pem', key: 'key.pem' },
      { days: 1, commonName: 'localhost' },
    );
    ca = readFileSync(tls.cert, 'utf8');
    redis = await startRedis({ password: PASSWORD, tls: { certFile: tls.cert, keyFile: tls.key } });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the server certificate verified, by IP and by host name', async () => {
    expect(redis.url).toMatch(/^rediss:/);
    for (const url of [redis.url, `rediss://localhost:${redis.port}/0`]) {
      const store = await openRedisStore(url, { password: PASSWORD, tls: { ca } });
      try {
        expect(await store.claimOnce(`tls-${url}`, 1000)).toBe(true);
      } finally {
        await store.close();
      }
    }
  });

  it('fails closed when the certificate is not trusted', async () => {
    const store = await openRedisStore(redis.url, { password: PASSWORD, connectTimeoutMs: 1000 });
    try {
      const error = await store.ping().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isStintError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
      expect((error as Error).message).toMatch(/certificate/i);
    } finally {
      await store.close();
    }
  });
});

describe('Redis store when Redis is out of memory (maxmemory-policy noeviction)', () => {
  it('fails closed with ERR_STORE_UNAVAILABLE instead of losing entries', async () => {
    const redis = await startRedis({ args: ['--maxmemory-policy', 'noeviction'] });
    const raw = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
    const store = await openRedisStore(redis.url);
    try {
      await raw.connect();
      expect(await store.claimOnce('before', 60_000)).toBe(true);
      // 2 MB of other data, then a 1 MB limit: every write is now refused with OOM.
      await raw.set('filler', 'x'.repeat(2 * 1024 * 1024));
      await raw.config('SET', 'maxmemory', '1mb');
      const error = await store.claimOnce('after', 60_000).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isStintError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
      expect((error as Error).message).toMatch(/OOM/);
      await expect(store.takeToken('bucket', { rps: 1, burst: 5 }, Date.now())).rejects.toMatchObject({
        code: 'ERR_STORE_UNAVAILABLE',
      });
      // Nothing was evicted: the replay entry written before is still there.
      expect(await raw.keys('stint:replay:*')).toHaveLength(1);
    } finally {
      raw.disconnect();
      await store.close();
      await redis.stop();
    }
  });
});

/**
 * The store says when Redis refuses the broker (waiting will not mend it; a broker starting up
 * stops at once, test/redis/start-while-down.test.ts) from what Redis said, never from its name.
 */
describe('a refusal, as the Redis store reports it', () => {
  it('a wrong password is a StoreRefusedError carrying what Redis said, never the password', async () => {
    const redis = await startRedis({ password: PASSWORD });
    const store = await openRedisStore(redis.url, {
      password: 'not-the-password-7c1e',
      commandTimeoutMs: 500,
      connectTimeoutMs: 500,
    });
    try {
      const error = await checkWriteUntil(store, (e) => e instanceof StoreRefusedError);
      expect(error).toBeInstanceOf(StoreRefusedError);
      expect(error).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', refusal: expect.stringMatching(/WRONGPASS/) });
      expectNoSecret((error as Error).message, 'not-the-password-7c1e', 'the wrong password');
    } finally {
      await store.close();
      await redis.stop();
    }
  });

  it('a Sentinel master named certificates that is out of reach is unavailable, not refused', async () => {
    const store = await openRedisStore(
      { sentinels: ['127.0.0.1:1'], name: 'certificates' },
      { commandTimeoutMs: 300, connectTimeoutMs: 300 },
    );
    try {
      const error = await store.checkWrite().catch((e: unknown) => e);
      expect(isStintError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
      expect((error as Error).message).toContain('certificates');
      expect(error).not.toBeInstanceOf(StoreRefusedError);
    } finally {
      await store.close();
    }
  });
});

describe('a scheme that does not match the port', () => {
  /** A TCP server on 127.0.0.1 that treats each connection as `answer` says. */
  const serve = async (answer: (socket: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      answer(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as AddressInfo).port,
      close: () => {
        for (const s of sockets) s.destroy();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  };

  it('redis:// to a port that resets a plain link (as a TLS port does) hints at rediss://', async () => {
    const server = await serve((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const store = await openRedisStore(`redis://127.0.0.1:${server.port}/0`, { connectTimeoutMs: 500 });
    try {
      // The reset ends the first connect attempt; on a busy machine that can come after the wait in
      // openRedisStore, and a check before it finds the store only "not connected (connect)".
      const error = await checkWriteUntil(store, (e) => /ECONNRESET/.test(e?.message ?? ''));
      expect(error?.message).toMatch(/ECONNRESET.*; if that port speaks TLS, use rediss:\/\/$/);
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('rediss:// to a port that never answers the TLS handshake (a plain port) hints at redis://', async () => {
    const server = await serve(() => undefined);
    const store = await openRedisStore(`rediss://127.0.0.1:${server.port}/0`, { connectTimeoutMs: 500 });
    try {
      // The handshake time-out ends the first connect attempt (a moment after the wait in openRedisStore).
      const error = await checkWriteUntil(store, (e) => /ETIMEDOUT/.test(e?.message ?? ''));
      expect(error?.message).toMatch(/ETIMEDOUT.*; if that port does not speak TLS, use redis:\/\/$/);
    } finally {
      await store.close();
      await server.close();
    }
  });
});
