import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { openRedisStore } from '../../src/store/redis.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { admin, type RedisClusterSet, startRedisCluster, until } from '../helpers/redis-topology.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { aclRefusals, walkRedisStore } from '../store/redis-acl.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from './setup.js';

/**
 * The least-privilege ACL user of docs/many-brokers.md on a 3-master Redis Cluster, with exactly
 * the rules the docs give (read from the page, so the docs cannot drift from what works): a built
 * broker is ready and exchanges. And a user that lacks one of them (`cluster|info`, which ioredis's
 * ready check runs) stops the broker at once with ERR_STORE_REFUSED naming NOPERM and the command,
 * not after the whole start-up window as "not connected". The store itself, as that user, runs
 * every operation with nothing refused (Redis's ACL LOG on every node stays empty).
 */
describe('the documented ACL user on a Redis Cluster', () => {
  const docs = readFileSync(new URL('../../docs/many-brokers.md', import.meta.url), 'utf8');
  const base = /^ACL SETUSER stint on >PASSWORD (.+)$/m.exec(docs)?.[1];
  const clusterRules = /^ACL SETUSER stint (\+cluster\|.+)$/m.exec(docs)?.[1];
  const userPassword = 'cluster-acl-pw-7c1d';
  let cluster: RedisClusterSet;
  let issuer: GithubIssuer;
  let keysDir: string;
  const brokers: RunningBroker[] = [];

  beforeAll(async () => {
    expect(base, 'the base ACL line in docs/many-brokers.md').toBeDefined();
    expect(clusterRules, 'the Cluster ACL line in docs/many-brokers.md').toBeDefined();
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0 });
    issuer = await startGithubIssuer();
    keysDir = mkdtempSync(join(tmpdir(), 'stint-cluster-acl-keys-'));
    // ACL users are per node: each one gets them.
    const lacking = clusterRules!
      .split(' ')
      .filter((rule) => rule !== '+cluster|info')
      .join(' ');
    for (const node of cluster.nodes) {
      await admin(node.port, cluster.password, async (r) => {
        await r.call('ACL', 'SETUSER', 'stint', 'reset', 'on', `>${userPassword}`, ...base!.split(' '));
        await r.call('ACL', 'SETUSER', 'stint', ...clusterRules!.split(' '));
        await r.call('ACL', 'SETUSER', 'stint-noinfo', 'reset', 'on', `>${userPassword}`, ...base!.split(' '));
        await r.call('ACL', 'SETUSER', 'stint-noinfo', ...lacking.split(' '));
      });
    }
  }, 300_000);
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await issuer?.stop();
    await cluster?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  const start = async (username: string): Promise<RunningBroker> => {
    const store = `{ cluster: [${cluster.addresses.slice(0, 2).join(', ')}], username: ${username}, password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 120s }`;
    const broker = await startBroker({
      configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { yaml: store } }),
      env: { [REDIS_PASSWORD_ENV]: userPassword },
    });
    brokers.push(broker);
    return broker;
  };

  it('is ready and exchanges as the user with exactly the documented rules', async () => {
    const broker = await start('stint');
    await until('ready', async () => ((await fetch(`${broker.url}/readyz`)).status === 200 ? true : undefined), 60_000);
    const token = await idToken(issuer);
    expect((await exchange(broker.url, token)).status).toBe(200);
    expect((await exchange(broker.url, token)).status).toBe(401);
    // Only the optional `+config|get` is missing: the start-up check says so, nothing else is refused.
    expect(
      broker
        .output()
        .match(/NOPERM[^\n]*/g)
        ?.every((line) => line.includes("'config|get'")) ?? true,
    ).toBe(true);
  });

  it('runs every store operation as the user with exactly the documented rules, none refused', async () => {
    for (const node of cluster.nodes) await admin(node.port, cluster.password, (r) => r.call('ACL', 'LOG', 'RESET'));
    const store = await openRedisStore({ cluster: cluster.addresses }, { username: 'stint', password: userPassword });
    // Every script and command of the Cluster paths (the take records, the exchange across slots).
    await walkRedisStore(store, 'cluster-acl');
    for (const node of cluster.nodes) {
      expect(await admin(node.port, cluster.password, (r) => aclRefusals(r, 'stint')), `node ${node.port}`).toEqual([]);
    }
  });

  it('stops at once with ERR_STORE_REFUSED naming NOPERM and cluster|info when the user lacks it', async () => {
    const began = Date.now();
    const broker = await start('stint-noinfo');
    // Inside its start-up window (120 s), however busy the machine: waiting would not mend a refusal.
    await until('the broker to stop', async () => (broker.exitCode() === null ? undefined : true), 110_000);
    expect(broker.exitCode()).toBe(1);
    expect(Date.now() - began).toBeLessThan(110_000);
    const output = broker.output();
    expect(output).toMatch(
      /the store refuses the broker: Redis store cluster \S+ is unavailable \(checkWrite: .*NOPERM/,
    );
    expect(output).toMatch(/NOPERM[^\n]*'cluster\|info'/);
    expectNoSecret(output, userPassword, "the Redis user's password");
  });
});
