import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type LogEntry, logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { BROKER_ISSUER, brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV, sleep } from './setup.js';

// Redis that loses its data under running brokers (a restart without its append-only file, or with
// its files gone) must not go unnoticed: before, every ID token exchanged before the loss got a
// second 200 and the brokers said nothing. Each broker keeps a dataset marker in Redis and checks
// it on every reconnect, every readiness check and every exchange (docs/many-brokers.md#when-redis-loses-its-data).

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ceilingMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ceilingMs} ms for ${what}`);
    await sleep(200);
  }
}

/** Exchanges `token`, asking again while the broker answers 503 (Redis coming back, the link not yet). */
async function exchangeOnce(url: string, token: string): Promise<{ status: number; description: string }> {
  return until(`an answer other than 503 from ${url}`, async () => {
    const answer = await exchange(url, token);
    if (answer.status === 503) return undefined;
    return { status: answer.status, description: String(answer.body.error_description ?? '') };
  });
}

async function metric(url: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return line === null ? undefined : Number(line[1]);
}

function auditEvents(broker: RunningBroker): Array<Record<string, unknown>> {
  return readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const lossLines = (broker: RunningBroker): LogEntry[] =>
  logEntries(broker.stdout()).filter((e) => e.code === 'ERR_STORE_DATA_LOST');

const REFUSED =
  /^the broker's store lost its records of exchanged tokens at \S+; this token was issued before (\S+), so it may have been exchanged already; get a new ID token/;

async function setUp(redisArgs: string[] = []): Promise<{ redis: RedisServer; issuer: GithubIssuer; keysDir: string }> {
  const redis = await startRedis({ password: `loss-${process.pid}-pw`, args: redisArgs });
  const issuer = await startGithubIssuer();
  const keysDir = mkdtempSync(join(tmpdir(), 'stint-loss-keys-'));
  cleanups.push(async () => {
    await issuer.stop();
    await redis.stop();
    rmSync(keysDir, { recursive: true, force: true });
  });
  return { redis, issuer, keysDir };
}

async function brokerOn(redis: RedisServer, issuer: GithubIssuer, keysDir: string): Promise<RunningBroker> {
  const broker = await startBroker({
    configYaml: brokerConfig({
      issuerUrl: issuer.url,
      keysDir,
      store: { yaml: `{ url: "${redis.url}/0", password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 10m }` },
    }),
    env: { [REDIS_PASSWORD_ENV]: redis.password! },
  });
  cleanups.push(() => broker.stop());
  // /readyz runs the readiness check, which looks at the marker: this broker has seen it after this.
  await until('/readyz 200', async () => ((await fetch(`${broker.url}/readyz`)).status === 200 ? true : undefined));
  return broker;
}

describe('Redis loses its data under a running broker', () => {
  it('is detected (log line with its code, metric, audit event, persistence warnings again), and the ID tokens issued before it are refused, those issued after are not', async () => {
    const { redis, issuer, keysDir } = await setUp();
    const broker = await brokerOn(redis, issuer, keysDir);
    const persistence = (): LogEntry[] =>
      logEntries(broker.stdout()).filter(
        (e) => e.code === 'WARN_STORE_PERSISTENCE' && /has appendonly no: a restart forgets/.test(e.msg),
      );
    expect(persistence()).toHaveLength(1);

    const tokens = await Promise.all(Array.from({ length: 56 }, () => idToken(issuer)));
    for (const token of tokens) expect((await exchange(broker.url, token)).status).toBe(200);
    const countBefore = await metric(broker.url, 'stint_store_data_lost_total');
    expect(lossLines(broker)).toEqual([]);

    // Redis restarts empty (appendonly no). The same tokens at once: the first exchanges may meet
    // the link still down (503, asked again); none may be exchanged a second time.
    await redis.restart();
    const again = [];
    for (const token of tokens) again.push(await exchangeOnce(broker.url, token));
    expect(again.filter((a) => a.status === 200)).toEqual([]);
    expect(again.every((a) => a.status === 401 && REFUSED.test(a.description))).toBe(true);

    // Said once, with its code, counted and audited.
    const lines = await until('the loss line', () => (lossLines(broker).length > 0 ? lossLines(broker) : undefined));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('error');
    expect(lines[0]!.msg).toMatch(
      /^the store lost its data: the dataset marker stint:dataset was gone at \S+; the replay records, revocations and API keys stored before then are gone\. ID tokens issued before \S+ are refused \(ERR_TOKEN_REPLAY_UNKNOWN\)/,
    );
    expect([countBefore, await metric(broker.url, 'stint_store_data_lost_total')]).toEqual([0, 1]);
    const lost = auditEvents(broker).filter((e) => e.event === 'store_data_lost');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ outcome: 'error', code: 'ERR_STORE_DATA_LOST', detected_by: 'this broker' });
    const lostAtMs = Date.parse(String(lost[0]!.lost_at));
    expect(Date.parse(String(lost[0]!.refused_issued_before))).toBe(lostAtMs + 60_000);
    const denied = auditEvents(broker).filter((e) => e.code === 'ERR_TOKEN_REPLAY_UNKNOWN');
    expect(denied).toHaveLength(56);
    expect(denied.every((e) => e.event === 'exchange_denied' && e.outcome === 'denied')).toBe(true);
    // The persistence settings are read again: they most often say why.
    await until('the persistence warning again', () => (persistence().length === 2 ? true : undefined));

    // The cut, to the second: issued (iat) up to the loss plus 60 s (the skew allowed an issuer's
    // clock) is refused, issued one second later is exchanged. iat may be at most 60 s ahead of
    // the broker's clock, so the later one waits until the loss is two seconds old.
    const cutSec = Math.floor((lostAtMs + 60_000) / 1000);
    await until('the loss to be 2 s old', () => (Date.now() > lostAtMs + 2_000 ? true : undefined));
    const atCut = await exchange(broker.url, await issuer.mint({ aud: BROKER_ISSUER, iat: cutSec }));
    expect([atCut.status, REFUSED.test(String(atCut.body.error_description))]).toEqual([401, true]);
    const afterCut = await exchange(broker.url, await issuer.mint({ aud: BROKER_ISSUER, iat: cutSec + 1 }));
    expect(afterCut.status).toBe(200);
    // An exchanged one is a replay as ever.
    const replay = await exchange(broker.url, await issuer.mint({ aud: BROKER_ISSUER, iat: cutSec + 1, jti: 'x' }));
    expect(replay.status).toBe(200);
    expect(
      (await exchange(broker.url, await issuer.mint({ aud: BROKER_ISSUER, iat: cutSec + 1, jti: 'x' }))).body
        .error_description,
    ).toMatch(/already exchanged/);
    // A token that says not when it was issued is refused for a day after a loss.
    const timeless = await exchange(
      broker.url,
      await issuer.mint({ aud: BROKER_ISSUER, iat: undefined, nbf: undefined }),
    );
    expect([timeless.status, String(timeless.body.error_description)]).toEqual([
      401,
      expect.stringMatching(/and this token says not when it was issued \(no iat or nbf\)/),
    ]);

    // At start, the first broker on this Redis said it wrote the marker.
    const created = logEntries(broker.stdout()).filter((e) => /dataset marker stint:dataset was missing/.test(e.msg));
    expect(created.map((e) => e.level)).toEqual(['info']);

    // A broker started after the loss learns it from the marker: the old tokens stay refused.
    const later = await brokerOn(redis, issuer, keysDir);
    expect((await exchangeOnce(later.url, tokens[0]!)).status).toBe(401);
    expect(lossLines(later)).toEqual([]);
    expect(broker.output()).not.toContain(redis.password!);
  });

  it('two brokers on one Redis both detect it; the first to find the marker gone writes the new one, the other finds it and reports the loss too', async () => {
    // appendonly yes, and its files removed while Redis is down: the repro of the review.
    const dataDir = mkdtempSync(join(tmpdir(), 'stint-loss-redis-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { redis, issuer, keysDir } = await setUp(['--appendonly', 'yes', '--dir', dataDir]);
    const brokers = [await brokerOn(redis, issuer, keysDir), await brokerOn(redis, issuer, keysDir)];
    // appendfsync everysec without min_replica_acks: the warning says what a crash can lose, truly.
    for (const broker of brokers) {
      expect(
        logEntries(broker.stdout())
          .filter((e) => e.code === 'WARN_STORE_PERSISTENCE')
          .map((e) => e.msg),
      ).toEqual([
        `WARN_STORE_PERSISTENCE: Redis ${redis.url}/0 has appendfsync everysec and store.min_replica_acks is 0: a crash of Redis or its machine can lose about 2 s of acknowledged replay records and revocations; set appendfsync always, or min_replica_acks: 1 with a replica`,
      ]);
    }

    const tokens = await Promise.all(Array.from({ length: 20 }, () => idToken(issuer)));
    for (const [i, token] of tokens.entries()) expect((await exchange(brokers[i % 2]!.url, token)).status).toBe(200);

    await redis.stop();
    for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    await redis.start();

    // Each is sent to the broker that did not exchange it.
    for (const [i, token] of tokens.entries()) {
      const answer = await exchangeOnce(brokers[(i + 1) % 2]!.url, token);
      expect([answer.status, REFUSED.test(answer.description)]).toEqual([401, true]);
    }
    // Both detect it (on reconnect, or at the latest at their next readiness check).
    const lines = await Promise.all(
      brokers.map((b) => until('the loss line', () => (lossLines(b).length > 0 ? lossLines(b) : undefined))),
    );
    expect(lines.map((l) => l.length)).toEqual([1, 1]);
    const how = lines.map(
      (l) =>
        /marker stint:dataset (was gone|was replaced by another broker, which found it gone) at/.exec(l[0]!.msg)?.[1],
    );
    expect(how.sort()).toEqual(['was gone', 'was replaced by another broker, which found it gone']);
    for (const b of brokers) expect(await metric(b.url, 'stint_store_data_lost_total')).toBe(1);
    const events = brokers.map((b) => auditEvents(b).filter((e) => e.event === 'store_data_lost'));
    expect(events.map((e) => e.length)).toEqual([1, 1]);
    // One loss, one time, for both.
    expect(events[0]![0]!.lost_at).toBe(events[1]![0]!.lost_at);
    expect(events.map((e) => e[0]!.detected_by).sort()).toEqual(['another broker', 'this broker']);

    // One marker in Redis, naming that time.
    const client = new Redis(redis.port, '127.0.0.1', { password: redis.password!, lazyConnect: true });
    cleanups.push(() => client.disconnect());
    await client.connect();
    const marker = await client.get('stint:dataset');
    expect(marker).toMatch(/^[\w-]+\|\d+$/);
    expect(Number(marker!.split('|')[1])).toBe(Date.parse(String(events[0]![0]!.lost_at)));

    // FLUSHALL: the links never drop, and no exchange comes. The readiness watch, which looks at
    // the marker every 15 s, finds it (only /metrics is asked here: it runs no check).
    await client.flushall();
    await Promise.all(
      brokers.map((b) => until('a second loss line', () => (lossLines(b).length === 2 ? true : undefined))),
    );
    for (const b of brokers) expect(await metric(b.url, 'stint_store_data_lost_total')).toBe(2);
    expect(await client.get('stint:dataset')).toMatch(/^[\w-]+\|\d+$/);
  });
});
