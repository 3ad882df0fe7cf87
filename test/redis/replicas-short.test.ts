import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { openRedisStore } from '../../src/store/redis.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { admin, replicationInfo, until } from '../helpers/redis-topology.js';
import { BROKER_ISSUER, brokerConfig, REDIS_PASSWORD_ENV, runCli } from './setup.js';

/**
 * A primary with one replica, and built brokers asking for more confirmations than it can give
 * (docs/many-brokers.md#no-acknowledged-record-lost-min_replica_acks): the broker says that a
 * replica is missing and how many the primary has, at start and in the error that stops it, not
 * to check that Redis runs. And which brokers are told about `min-replicas-to-write 0`: those
 * that wait for replicas (min_replica_acks ≥ 1), as docs/troubleshooting.md says.
 */
describe('min_replica_acks above the replicas the primary has', () => {
  const password = `short-${process.pid}-pw`;
  let primary: RedisServer;
  let replica: RedisServer;
  let issuer: GithubIssuer;
  let keysDir: string;
  const brokers: RunningBroker[] = [];

  beforeAll(async () => {
    primary = await startRedis({ password, args: ['--masterauth', password] });
    replica = await startRedis({
      password,
      args: ['--masterauth', password, '--replicaof', '127.0.0.1', String(primary.port)],
    });
    await until('the replica in sync', async () =>
      Object.entries(await replicationInfo(primary.port, password)).some(
        ([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online'),
      )
        ? true
        : undefined,
    );
    issuer = await startGithubIssuer();
    keysDir = mkdtempSync(join(tmpdir(), 'stint-short-keys-'));
  });
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await issuer?.stop();
    await replica?.stop();
    await primary?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  const start = async (store: string): Promise<RunningBroker> => {
    const broker = await startBroker({
      configYaml: brokerConfig({
        issuerUrl: issuer.url,
        keysDir,
        store: { yaml: `{ url: "${primary.url}/0", password_env: ${REDIS_PASSWORD_ENV}, ${store} }` },
      }),
      env: { [REDIS_PASSWORD_ENV]: password },
    });
    brokers.push(broker);
    return broker;
  };

  it('says a replica is missing and how many the primary has, at start and when it gives up', async () => {
    const broker = await start('min_replica_acks: 2, startup_timeout: 5s');
    await until('the broker to give up on its store', async () => (broker.exitCode() === null ? undefined : true));
    expect(broker.exitCode()).toBe(1);
    const output = broker.output();
    expect(output).toMatch(
      /WARN_STORE_PERSISTENCE: Redis redis:\/\/127\.0\.0\.1:\d+\/0 has 1 replica\(s\) connected and store\.min_replica_acks is 2: no write can be confirmed, so the broker refuses exchanges \(503\) and is not ready until 1 more replica\(s\) attach; start or reattach them, or set min_replica_acks: 1/,
    );
    const missing =
      /\(checkWrite: 1 of 2 replicas confirmed the write within 500 ms \(store\.min_replica_acks\)\); the primary has 1 connected replica\(s\) \(INFO replication: connected_slaves\), fewer than store\.min_replica_acks 2: start or reattach the missing replica \(its log, its replicaof and masterauth\), or lower store\.min_replica_acks/;
    expect(output).toMatch(
      new RegExp(`the store does not take a write at start: Redis store \\S+ is unavailable ${missing.source}`),
    );
    expect(output).toMatch(
      new RegExp(
        `stint: the store took no write in the 5s after start \\(store\\.startup_timeout\\): Redis store \\S+ is unavailable ${missing.source}\\n`,
      ),
    );
    // The hints for a Redis that is down or refuses do not apply: it runs, and lacks a replica.
    expect(output).not.toMatch(/check that Redis is running|its log, memory \(maxmemory\) and the ACL user/);
  });

  it('stores no API key that the replicas did not confirm: stint keys create-api-key leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-short-cli-'));
    const configFile = join(dir, 'stint.yml');
    writeFileSync(
      configFile,
      brokerConfig({
        issuerUrl: issuer.url,
        keysDir,
        store: { yaml: `{ url: "${primary.url}/0", password_env: ${REDIS_PASSWORD_ENV}, min_replica_acks: 2 }` },
      }),
    );
    try {
      const env = { [REDIS_PASSWORD_ENV]: password };
      const created = await runCli(
        ['keys', 'create-api-key', '--config', configFile, '--project', 'warehouse', '--name', 'unconfirmed'],
        env,
      );
      expect(created.code).toBe(1);
      expect(created.stdout).not.toMatch(/stint_sk_/);
      // The store must take a write before a key is made (and audited): short of replicas, it does not.
      expect(created.stderr).toMatch(
        /checkWrite: 1 of 2 replicas confirmed the write within 500 ms \(store\.min_replica_acks\)\).*; no key was created/,
      );
      // Neither the record nor its index entry is on the primary, and the list shows nothing.
      expect(await admin(primary.port, password, (r) => r.keys('stint:{apikeys}:*'))).toEqual([]);
      const listed = await runCli(['keys', 'list-api-keys', '--config', configFile], env);
      expect(listed.code).toBe(0);
      expect(listed.stdout).not.toContain('unconfirmed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells a url that names a replica to point at the primary', async () => {
    const broker = await startBroker({
      configYaml: brokerConfig({
        issuerUrl: issuer.url,
        keysDir,
        store: { yaml: `{ url: "${replica.url}/0", password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 3s }` },
      }),
      env: { [REDIS_PASSWORD_ENV]: password },
    });
    brokers.push(broker);
    await until('the broker to give up on its store', async () => (broker.exitCode() === null ? undefined : true));
    expect(broker.exitCode()).toBe(1);
    const output = broker.output();
    expect(output).toMatch(
      /stint: the store took no write in the 3s after start \(store\.startup_timeout\): Redis store \S+ is unavailable \(checkWrite: READONLY [^\n]*\); this Redis is a replica: point store\.url at the primary, or use store\.sentinels to follow the master\n/,
    );
    expect(output).not.toMatch(/check that Redis is running|memory \(maxmemory\)/);
  });

  it('says a replica refused in every check, also one sent while the link it dropped is made again', async () => {
    // READONLY drops the link so that a failover can be followed; a check sent before it is up
    // again was refused as "Stream isn't writeable", and the broker that gave up then told the
    // operator to check Redis's memory and ACL instead of pointing at the primary.
    const store = await openRedisStore(`${replica.url}/0`, { password });
    try {
      const said: string[] = [];
      for (let i = 0; i < 40; i++) {
        said.push(
          await store.checkWrite().then(
            () => 'took the write',
            (e: Error) => e.message,
          ),
        );
      }
      const strays = said.filter(
        (m) => !/\(checkWrite: READONLY [^)]*\); this Redis is a replica: point store\.url at the primary/.test(m),
      );
      expect(strays).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('warns of min-replicas-to-write 0 only to a broker that waits for replicas', async () => {
    const waits = await start('min_replica_acks: 1');
    const waitsNot = await start('min_replica_acks: 0');
    for (const broker of [waits, waitsNot]) {
      await until('ready', async () => ((await fetch(`${broker.url}/readyz`)).status === 200 ? true : undefined));
    }
    const told = /WARN_STORE_PERSISTENCE: Redis \S+ has min-replicas-to-write 0: a master cut off from its replicas/;
    expect(waits.output()).toMatch(told);
    expect(waitsNot.output()).not.toMatch(told);
    // The broker that does not wait hears instead that its replica may lack what it acknowledged.
    expect(waitsNot.output()).toMatch(/has 1 replica\(s\) and store\.min_replica_acks is 0: a failover loses/);
    expect(waits.output()).not.toMatch(/replica\(s\) connected and store\.min_replica_acks/);
  });
});

/**
 * A revocation the replicas do not confirm is answered 503 (the holder retries), and so is the
 * retry while they still do not: before the fix the retry found the token already revoked on the
 * primary and answered 200 without waiting for a replica, so a failover could bring it back.
 */
describe('revoking while the replicas do not confirm', () => {
  const password = `revoke-${process.pid}-pw`;
  let primary: RedisServer;
  let replica: RedisServer;
  let issuer: GithubIssuer;
  let keysDir: string;
  let broker: RunningBroker | undefined;

  beforeAll(async () => {
    primary = await startRedis({ password, args: ['--masterauth', password] });
    replica = await startRedis({
      password,
      args: ['--masterauth', password, '--replicaof', '127.0.0.1', String(primary.port)],
    });
    issuer = await startGithubIssuer();
    keysDir = mkdtempSync(join(tmpdir(), 'stint-revoke-acks-keys-'));
  });
  afterAll(async () => {
    await broker?.stop();
    await issuer?.stop();
    await replica?.stop();
    await primary?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  it('answers 503 every time, and audits each unconfirmed attempt, until a replica confirms; then 200', async () => {
    broker = await startBroker({
      configYaml: brokerConfig({
        issuerUrl: issuer.url,
        keysDir,
        store: { yaml: `{ url: "${primary.url}/0", password_env: ${REDIS_PASSWORD_ENV}, min_replica_acks: 1 }` },
      }),
      env: { [REDIS_PASSWORD_ENV]: password },
    });
    const ready = broker;
    await until('ready', async () => ((await fetch(`${ready.url}/readyz`)).status === 200 ? true : undefined));
    const exchanged = await fetch(`${broker.url}/auth/oidc/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: await issuer.mint({ aud: BROKER_ISSUER }), project: 'warehouse' }),
    });
    expect(exchanged.status).toBe(200);
    const { access_token: token } = (await exchanged.json()) as { access_token: string };
    const revoke = () =>
      fetch(`${ready.url}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      }).then((r) => r.status);

    await replica.stop();
    expect(await revoke()).toBe(503);
    expect(await revoke()).toBe(503);
    const attempts = () =>
      readFileSync(join(ready.dir, 'audit.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((e) => e.event === 'token_revoked');
    expect(attempts().map((e) => e.outcome)).toEqual(['error', 'error']);

    await replica.start();
    await until('a revocation the replica confirms', async () => ((await revoke()) === 200 ? true : undefined));
    expect(attempts().at(-1)).toMatchObject({ outcome: 'success', reason: 'revoked by its holder' });
  });
});
