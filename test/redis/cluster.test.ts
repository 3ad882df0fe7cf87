import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { admin, type RedisClusterSet, startRedisCluster, until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, postForm, REDIS_PASSWORD_ENV } from './setup.js';
import { exchangeStream, refusedThenServed } from './stream.js';

/**
 * Two built brokers on a 3-master Redis Cluster (one replica each, made with `redis-cli --cluster
 * create`), `min_replica_acks: 1`: replay records spread over every master's slots, and a
 * `CLUSTER FAILOVER` on a replica during a stream of exchanges loses none of them.
 */
// A failure during a stream: the trigger's waits (up to 180 s) and the stream after it (120 s) on a busy machine.
describe('brokers on a 3-master Redis Cluster', { timeout: 600_000 }, () => {
  let cluster: RedisClusterSet;
  let issuer: GithubIssuer;
  let keysDir: string;
  const brokers: RunningBroker[] = [];
  let urls: string[];
  /** The master (not a seed) with an evicting policy, which every broker must report at start. */
  let evicting: number;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    const seeds = cluster.addresses.slice(0, 2);
    evicting = (await cluster.roles()).masters.find((port) => !seeds.includes(`127.0.0.1:${port}`))!;
    await admin(evicting, cluster.password, (r) => r.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'));
    issuer = await startGithubIssuer();
    keysDir = mkdtempSync(join(tmpdir(), 'stint-cluster-keys-'));
    const store = `{ cluster: [${cluster.addresses.slice(0, 2).join(', ')}], password_env: ${REDIS_PASSWORD_ENV}, min_replica_acks: 1 }`;
    const yaml = brokerConfig({ issuerUrl: issuer.url, keysDir, store: { yaml: store } });
    for (let i = 0; i < 2; i++) {
      brokers.push(await startBroker({ configYaml: yaml, env: { [REDIS_PASSWORD_ENV]: cluster.password } }));
    }
    urls = brokers.map((b) => b.url);
  });
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await issuer?.stop();
    await cluster?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  it('reads the persistence settings of every master at start: one line per setting per master', async () => {
    const { masters } = await cluster.roles();
    expect(masters).toHaveLength(3);
    const count = (text: string, line: string): number => text.split(line).length - 1;
    // The nodes run with appendonly no (test/helpers/redis.ts): each master says so, once.
    const lines = [
      ...masters.map((port) => `WARN_STORE_PERSISTENCE: Redis 127.0.0.1:${port} has appendonly no`),
      `Redis 127.0.0.1:${evicting} has maxmemory-policy allkeys-lru`,
    ];
    for (const broker of brokers) {
      // The log reaches the pipe a moment after the broker listens.
      await until(
        'the start-up warnings',
        async () => (lines.every((line) => broker.output().includes(line)) ? true : undefined),
        20_000,
      ).catch(() => undefined);
      const output = broker.output();
      for (const line of lines) expect(count(output, line), line).toBe(1);
      expect(count(output, 'has maxmemory-policy')).toBe(1);
    }
  });

  it('serves, shares replay records and revocations across slots on every master, and is ready', async () => {
    for (let round = 0; round < 20; round++) {
      const token = await idToken(issuer);
      const answers = await Promise.all(urls.map((url) => exchange(url, token)));
      expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([200, 401]);
      const minted = answers.find((a) => a.status === 200)!.body.access_token as string;
      if (round % 5 === 0) expect((await postForm(`${urls[1]}/oauth2/revoke`, { token: minted })).status).toBe(200);
    }
    // Replay records landed on every master.
    const { masters } = await cluster.roles();
    for (const port of masters) {
      const keys = await admin(port, cluster.password, (r) => r.keys('stint:replay:*'));
      expect(keys.length, `master ${port}`).toBeGreaterThan(0);
    }
    for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('undoes what a refusal on another slot made wrong: a 429 records nothing, a replayed token spends no owner token', async () => {
    // The replay record and the owner's bucket live in different slots (docs/many-brokers.md#one-round-trip-per-exchange).
    // Project `limited` has a bucket of its own: burst 3, one token back every 100 s.
    const first = await idToken(issuer);
    expect((await exchange(urls[0]!, first, 'limited')).status).toBe(200);
    // Replayed at both brokers: 401, and the owner token each took is given back.
    for (const url of urls) expect((await exchange(url, first, 'limited')).status).toBe(401);
    expect((await exchange(urls[1]!, await idToken(issuer), 'limited')).status).toBe(200);
    expect((await exchange(urls[0]!, await idToken(issuer), 'limited')).status).toBe(200);
    // The bucket is empty now: a fresh ID token is refused 429, and its replay record dropped again.
    const refused = await idToken(issuer);
    const answer = await exchange(urls[1]!, refused, 'limited');
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // So the job's retry can still use it, here for a project with room.
    expect((await exchange(urls[0]!, refused, 'warehouse')).status).toBe(200);
  });

  it('CLUSTER FAILOVER on a replica during a stream: no ID token exchanged twice, refused ones unspent, ready again', async () => {
    const { replicas } = await cluster.roles();
    const replica = replicas[0]!;
    const report = await exchangeStream(urls, issuer, {
      triggerAt: 20,
      trigger: async () => {
        await admin(replica.port, cluster.password, (r) => r.call('CLUSTER', 'FAILOVER'));
        await until('the replica to be a master', async () =>
          (await cluster.roles()).masters.includes(replica.port) ? true : undefined,
        );
      },
    });
    await report.triggered;
    console.log(
      `cluster failover: ${report.rounds} rounds, statuses ${JSON.stringify(report.statuses)}, doubles ${report.doubles}, outage ${report.outageMs} ms`,
    );
    expect(report.doubles).toBe(0);
    expect(report.served).toBeGreaterThan(40);
    const retry = await refusedThenServed(urls[0]!, report.refused);
    expect(retry.burnt).toBe(0);
    for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('killing a master during a stream: no ID token exchanged twice, and serving again once its replica took over', async () => {
    const { replicas } = await cluster.roles();
    const victim = cluster.nodes.find((n) => n.port === replicas[1]!.masterPort)!;
    const report = await exchangeStream(urls, issuer, {
      triggerAt: 20,
      trigger: async () => {
        await victim.kill();
        await until('its replica to take over', async () =>
          (await cluster.roles()).masters.includes(replicas[1]!.port) ? true : undefined,
        );
        // Its slots now have a master without a replica: min_replica_acks 1 needs the node back.
        await victim.start();
      },
    });
    await report.triggered;
    console.log(
      `cluster master killed: ${report.rounds} rounds, statuses ${JSON.stringify(report.statuses)}, doubles ${report.doubles}, outage ${report.outageMs} ms`,
    );
    expect(report.doubles).toBe(0);
    expect(report.served).toBeGreaterThan(20);
  });

  it('FLUSHALL on every master: both brokers report the loss, and the ID tokens exchanged before are refused, not exchanged again', async () => {
    // The marker is in a slot of its own, read beside each exchange (docs/many-brokers.md#when-redis-loses-its-data).
    const answered = async (url: string, token: string) =>
      until(`an answer other than 503 from ${url}`, async () => {
        const answer = await exchange(url, token);
        return answer.status === 503 ? undefined : answer;
      });
    const tokens = await Promise.all(Array.from({ length: 12 }, () => idToken(issuer)));
    for (const [i, token] of tokens.entries()) expect((await answered(urls[i % 2]!, token)).status).toBe(200);
    const { masters } = await cluster.roles();
    for (const port of masters) {
      await until(`FLUSHALL on ${port}`, () => admin(port, cluster.password, (r) => r.flushall()));
    }
    for (const [i, token] of tokens.entries()) {
      const answer = await answered(urls[(i + 1) % 2]!, token);
      expect([answer.status, String(answer.body.error_description)]).toEqual([
        401,
        expect.stringMatching(/^the broker's store lost its records of exchanged tokens at /),
      ]);
    }
    for (const broker of brokers) {
      await until('the loss line', async () =>
        /"code":"ERR_STORE_DATA_LOST"/.test(broker.stdout()) ? true : undefined,
      );
    }
  });
});
