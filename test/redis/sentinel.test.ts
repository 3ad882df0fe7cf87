import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { admin, replicationInfo, type SentinelSet, startSentinelSet, until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV } from './setup.js';
import { exchangeStream, refusedThenServed } from './stream.js';

/**
 * Two built brokers on a master with two replicas watched by three sentinels
 * (docs/many-brokers.md), `min_replica_acks: 2` (every replica confirms each record, so whichever
 * replica a failover promotes holds every acknowledged record), and a third broker pointed straight at the first
 * master by URL (the set-up the issue measured): a bounded stream of exchanges through a forced
 * failover, counting ID tokens exchanged twice (0), the time to serve again, and what `/readyz` said.
 * The scenarios run in order on one set; each starts from whatever master the last one left.
 */
// A failure during a stream: the trigger's waits (up to 180 s) and the stream after it (120 s) on a busy machine.
describe('brokers on Redis Sentinel with min_replica_acks: 2 (every replica)', { timeout: 600_000 }, () => {
  let set: SentinelSet;
  let issuer: GithubIssuer;
  let keysDir: string;
  const brokers: RunningBroker[] = [];
  let direct: RunningBroker;
  let urls: string[];

  beforeAll(async () => {
    set = await startSentinelSet({ replicas: 2, sentinels: 3 });
    issuer = await startGithubIssuer();
    keysDir = mkdtempSync(join(tmpdir(), 'stint-sentinel-keys-'));
    const env = { [REDIS_PASSWORD_ENV]: set.password };
    const sentinelStore = `{ sentinels: [${set.sentinelAddresses.join(', ')}], name: ${set.name}, password_env: ${REDIS_PASSWORD_ENV}, min_replica_acks: 2, prefix: ha }`;
    const yaml = brokerConfig({ issuerUrl: issuer.url, keysDir, store: { yaml: sentinelStore } });
    for (let i = 0; i < 2; i++) brokers.push(await startBroker({ configYaml: yaml, env }));
    urls = brokers.map((b) => b.url);
    direct = await startBroker({
      configYaml: brokerConfig({
        issuerUrl: issuer.url,
        keysDir,
        store: {
          yaml: `{ url: "redis://127.0.0.1:${set.nodes[0]!.port}/0", password_env: ${REDIS_PASSWORD_ENV}, prefix: ha }`,
        },
      }),
      env,
    });
  });
  afterAll(async () => {
    await Promise.all([...brokers, direct].filter(Boolean).map((b) => b.stop()));
    await issuer?.stop();
    await set?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  it('serves through the master the sentinels name, with one replay cache, and warns about its persistence settings', async () => {
    const token = await idToken(issuer);
    const answers = await Promise.all([...urls, direct.url].map((url) => exchange(url, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
    for (const url of [...urls, direct.url]) expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // The test nodes run without an append-only file: the broker says what that breaks.
    expect(brokers[0]!.output()).toMatch(
      /WARN_STORE_PERSISTENCE: Redis sentinel stintmaster via .* has appendonly no: a restart forgets replay records/,
    );
    // The broker on the master alone (min_replica_acks 0) is told what a failover would cost.
    expect(direct.output()).toMatch(
      /WARN_STORE_PERSISTENCE: Redis redis:\/\/127\.0\.0\.1:\d+\/0 has 2 replica\(s\) and store\.min_replica_acks is 0: a failover loses/,
    );
    expect(brokers[0]!.output()).not.toMatch(/replica\(s\) and store\.min_replica_acks/);
    // Keys carry the prefix.
    const keys = await admin(await set.masterPort(), set.password, (r) => r.keys('*'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^ha:/);
  });

  it('SENTINEL FAILOVER during a stream: no ID token exchanged twice, serving again by itself, and the broker on the old master is not ready', async () => {
    const before = await set.masterPort();
    const report = await exchangeStream(urls, issuer, {
      triggerAt: 20,
      trigger: () => admin(set.sentinels[0]!.port, undefined, (r) => r.call('SENTINEL', 'FAILOVER', set.name)),
    });
    await report.triggered;
    const after = await set.masterPort();
    console.log(
      `sentinel failover: ${report.rounds} rounds, statuses ${JSON.stringify(report.statuses)}, doubles ${report.doubles}, outage ${report.outageMs} ms, master ${before} -> ${after}`,
    );
    expect(after).not.toBe(before);
    expect(report.doubles).toBe(0);
    expect(report.served).toBeGreaterThan(40);
    // Refused ones are not spent.
    const retry = await refusedThenServed(urls[0]!, report.refused);
    expect(retry.burnt).toBe(0);
    // The broker pointed at the old master (now a replica) must not say it is ready: `direct`
    // points at node 0, the master the set starts with, so this always checks.
    expect(before).toBe(set.nodes[0]!.port);
    await until('the old master to be a replica', async () =>
      (await replicationInfo(before, set.password)).role === 'slave' ? true : undefined,
    );
    // A /readyz OK may be reused for up to a second (docs/broker.md#metrics-and-health).
    await until('the direct broker not ready', async () =>
      (await fetch(`${direct.url}/readyz`)).status === 503 ? true : undefined,
    );
    expect((await exchange(direct.url, await idToken(issuer))).status).toBe(503);
    for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  /**
   * On a failure, where things stood: each node's role and how many broker links it holds (clients
   * named stint), the master each sentinel names, and the brokers' own log lines (not the access lines).
   */
  const sayWhereThingsStand = async (): Promise<void> => {
    const nodes = await Promise.all(
      set.nodes
        .filter((n) => n.running)
        .map((n) =>
          admin(n.port, set.password, async (r) => {
            const role = /^role:(\w+)/m.exec(await r.info('replication'))?.[1];
            const links = (String(await r.call('CLIENT', 'LIST')).match(/ name=stint /g) ?? []).length;
            return `${n.port} ${role} with ${links} broker link(s)`;
          }).catch((error: Error) => `${n.port} ${error.message}`),
        ),
    );
    const named = await Promise.all(
      set.sentinels.map((s) =>
        admin(s.port, undefined, (r) => r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', set.name))
          .then((address) => `${s.port} names ${String(address)}`)
          .catch((error: Error) => `${s.port} ${error.message}`),
      ),
    );
    // A stuck broker logs a line per refused request: each message (time and request id aside) is
    // shown once, where it first came, with how often it came, so the lines that led there stay in view.
    const collapsed = (lines: string[]): string[] => {
      const seen = new Map<string, { line: string; count: number }>();
      for (const line of lines) {
        const key = line.replace(/"time":"[^"]*"|"request_id":"[^"]*"/g, '');
        const entry = seen.get(key);
        if (entry) entry.count++;
        else seen.set(key, { line, count: 1 });
      }
      return [...seen.values()].map(({ line, count }) => (count > 1 ? `${line} (×${count}, the first shown)` : line));
    };
    const logs = [...brokers, direct].map(
      (b) =>
        `${b.url}:\n${collapsed(
          b
            .output()
            .split('\n')
            .filter((line) => line !== '' && !line.includes('"route"')),
        )
          .slice(-25)
          .join('\n')}`,
    );
    console.log(`nodes: ${nodes.join('; ')}\nsentinels: ${named.join('; ')}\n${logs.join('\n')}`);
  };

  it('replication cut, then the master killed: nothing is answered 200 that the replicas lack, readiness says so, and service resumes on the promoted replica', async () => {
    onTestFailed(sayWhereThingsStand);
    const masterPort = await set.masterPort();
    const master = set.nodes.find((n) => n.port === masterPort)!;
    const replicas = set.nodes.filter((n) => n !== master && n.running);
    // Cut replication: the replicas stop answering (SIGSTOP), so no WAIT is confirmed.
    for (const r of replicas) r.pause();
    let resumed = false;
    try {
      // While the replicas cannot confirm, exchanges are refused and no broker is ready.
      await until('the brokers to refuse while no replica confirms', async () => {
        const a = await exchange(urls[0]!, await idToken(issuer), 'warehouse', 15_000);
        return a.status === 503 ? true : undefined;
      });
      // A /readyz OK may be reused for up to a second (docs/broker.md#metrics-and-health).
      for (const url of urls) {
        await until(`${url} not ready`, async () => ((await fetch(`${url}/readyz`)).status === 503 ? true : undefined));
      }
      const report = await exchangeStream(urls, issuer, {
        triggerAt: 5,
        trigger: async () => {
          await master.kill();
          for (const r of replicas) r.resume();
          resumed = true;
          await until('a replica promoted', async () => ((await set.masterPort()) !== masterPort ? true : undefined));
          // With every replica confirming, a dead node must come back (empty, as a replacement
          // would) before exchanges are served again: the sentinels make it a replica.
          await master.start();
        },
      });
      await report.triggered;
      console.log(
        `kill master after cutting replication: ${report.rounds} rounds, statuses ${JSON.stringify(report.statuses)}, doubles ${report.doubles}, outage ${report.outageMs} ms`,
      );
      expect(report.doubles).toBe(0);
      expect(report.served).toBeGreaterThan(10);
      const retry = await refusedThenServed(urls[1]!, report.refused);
      expect(retry.burnt).toBe(0);
      // Ready again once the restarted node has caught up as a replica and confirms writes.
      for (const url of urls) {
        await until(`${url} ready again`, async () =>
          (await fetch(`${url}/readyz`)).status === 200 ? true : undefined,
        );
      }
    } finally {
      if (!resumed) for (const r of replicas) r.resume();
    }
  });
});
