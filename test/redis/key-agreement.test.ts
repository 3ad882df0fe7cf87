import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disagreements, PEER_STALE_MS } from '../../src/broker/key-agreement.js';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import type { InstanceRecord } from '../../src/store/types.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV, runCli } from './setup.js';

const record = (instance: string, signing: string, published: string[], atMs = 1000): InstanceRecord => ({
  instance,
  signing,
  published,
  fingerprint: `fp-${published.join('-')}`,
  atMs,
});

describe('key-set agreement between instances (unit)', () => {
  it('agrees through a rotation: the new key is published before it signs', () => {
    const a = record('a', 'k1', ['k1', 'k2']);
    const b = record('b', 'k1', ['k1']);
    expect(disagreements(a, [a, b], 1000)).toEqual([]);
    expect(disagreements(b, [a, b], 1000)).toEqual([]);
    // a already signs with k2, which b does not publish yet: both are told.
    const a2 = record('a', 'k2', ['k1', 'k2']);
    expect(disagreements(b, [a2, b], 1000)).toEqual([
      'instance a serves another key set (fingerprint fp-k1-k2, here fp-k1): it signs with k2, which this instance does not publish',
    ]);
    expect(disagreements(a2, [a2, b], 1000)[0]).toMatch(
      /^instance b .*it does not publish the key this instance signs with \(k2\)$/,
    );
  });

  it('ignores a peer that stopped publishing', () => {
    const a = record('a', 'k1', ['k1'], 1000 + PEER_STALE_MS + 1);
    expect(disagreements(a, [a, record('gone', 'x', ['x'])], a.atMs)).toEqual([]);
  });
});

/**
 * Built brokers on one Redis, two of them on separate keys dirs (the mistake the issue measured:
 * tokens of one refused at the other, a revocation there a silent no-op): neither is ready, and
 * each says with whom it disagrees; once the odd one stops, the others are ready again.
 */
describe('brokers with different keys dirs on one Redis', () => {
  let redis: RedisServer;
  let issuer: GithubIssuer;
  const dirs: string[] = [];
  const brokers: Record<string, RunningBroker> = {};

  beforeAll(async () => {
    redis = await startRedis({ password: `agree-${process.pid}` });
    issuer = await startGithubIssuer();
    const shared = mkdtempSync(join(tmpdir(), 'stint-keys-shared-'));
    const other = mkdtempSync(join(tmpdir(), 'stint-keys-other-'));
    dirs.push(shared, other);
    for (const [name, keysDir] of [
      ['broker-a', shared],
      ['broker-b', other],
      ['broker-c', shared],
    ] as const) {
      brokers[name] = await startBroker({
        configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { url: `${redis.url}/0` } }),
        env: { [REDIS_PASSWORD_ENV]: redis.password!, STINT_INSTANCE: name },
      });
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(brokers).map((b) => b.stop()));
    await issuer?.stop();
    await redis?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('makes every instance that disagrees not ready, naming the other; the two on one keys dir agree once it is gone', async () => {
    const ready = async (name: string): Promise<number> => (await fetch(`${brokers[name]!.url}/readyz`)).status;
    for (const name of ['broker-a', 'broker-b', 'broker-c']) {
      await until(`${name} not ready`, async () => ((await ready(name)) === 503 ? true : undefined));
    }
    const body = (await (await fetch(`${brokers['broker-a']!.url}/readyz`)).json()) as { reason: string };
    expect(body.reason).toBe('the broker does not serve the same signing keys as its peers');
    expect(brokers['broker-a']!.output()).toMatch(
      /\/readyz: key set: instance broker-b serves another key set \(fingerprint [0-9a-f]{16}, here [0-9a-f]{16}\)/,
    );
    expect(brokers['broker-b']!.output()).toMatch(/key set: instance broker-a serves another key set/);
    expect(brokers['broker-b']!.output()).toMatch(/key set: instance broker-c serves another key set/);
    expect(brokers['broker-a']!.output()).not.toMatch(/key set: instance broker-c /);

    await brokers['broker-b']!.stop();
    for (const name of ['broker-a', 'broker-c']) {
      await until(`${name} ready again`, async () => ((await ready(name)) === 200 ? true : undefined));
    }
  });

  it('stamps every audit event with the instance that wrote it, and the chain still verifies', async () => {
    const token = await idToken(issuer);
    const answers = await Promise.all(['broker-a', 'broker-c'].map((n) => exchange(brokers[n]!.url, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    for (const name of ['broker-a', 'broker-c']) {
      const file = join(brokers[name]!.dir, 'audit.jsonl');
      const events = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; instance?: string });
      expect(events.some((e) => e.event === 'token_issued' || e.event === 'exchange_denied')).toBe(true);
      for (const e of events) expect(e.instance, `${name}: ${e.event}`).toBe(name);
      const verified = await runCli(['audit', 'verify', file], {});
      expect(verified.code, verified.stderr).toBe(0);
    }
  });
});
