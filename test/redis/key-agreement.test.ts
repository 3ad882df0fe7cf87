import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disagreements, PEER_STALE_MS } from '../../src/broker/key-agreement.js';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import type { InstanceRecord } from '../../src/store/types.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { until } from '../helpers/redis-topology.js';
import { brokerConfig, exchange, idToken, REDIS_PASSWORD_ENV, runCli, sleep } from './setup.js';

const record = (
  instance: string,
  signing: string,
  published: string[],
  atMs = 1000,
  retired: string[] = [],
): InstanceRecord => ({
  instance,
  signing,
  published,
  retired,
  fingerprint: `fp-${published.join('-')}`,
  atMs,
});

describe('key-set agreement between instances (unit)', () => {
  it('agrees through a scheduled rotation: the new key is published before it signs', () => {
    const a = record('a', 'k1', ['k1', 'k2']);
    const b = record('b', 'k1', ['k1']);
    expect(disagreements(a, [a, b], 1000)).toEqual({ problems: [], peersBehind: [] });
    expect(disagreements(b, [a, b], 1000)).toEqual({ problems: [], peersBehind: [] });
  });

  it('makes only the instance behind a rotation not ready: it lacks the new key, its peer publishes or retired its own', () => {
    // a signs with k2 (which b has not received yet) and still publishes k1 in its grace.
    const a2 = record('a', 'k2', ['k1', 'k2']);
    const b = record('b', 'k1', ['k1']);
    expect(disagreements(b, [a2, b], 1000).problems).toEqual([
      "instance a serves a newer key set (fingerprint fp-k1-k2, here fp-k1), rotated past this instance's: it signs with k2, which this instance does not publish; this instance is not ready until the rotated keys dir reaches it (a Secret update waiting for the kubelet, a copy not made yet)",
    ]);
    expect(disagreements(a2, [a2, b], 1000)).toEqual({
      problems: [],
      peersBehind: [
        "instance b serves an older key set (fingerprint fp-k1, here fp-k1-k2), one this instance's keys dir has rotated past: it does not publish the key this instance signs with (k2); it is not ready until the rotated keys dir reaches it, and this instance serves on",
      ],
    });
    // An emergency rotation dropped k1 and k0 at once: they are in a's lineage, not its JWKS.
    const a3 = record('a', 'k3', ['k3'], 1000, ['k1', 'k0']);
    const b0 = record('b', 'k1', ['k0', 'k1']);
    expect(disagreements(a3, [a3, b0], 1000).problems).toEqual([]);
    expect(disagreements(a3, [a3, b0], 1000).peersBehind).toHaveLength(1);
    expect(disagreements(b0, [a3, b0], 1000).problems[0]).toMatch(/^instance a serves a newer key set/);
  });

  it('makes both not ready when neither key set is a later state of the other (a split)', () => {
    // Separate keys dirs.
    const a = record('a', 'ka', ['ka']);
    const b = record('b', 'kb', ['kb']);
    expect(disagreements(a, [a, b], 1000).problems[0]).toBe(
      'instance b serves another key set (fingerprint fp-kb, here fp-ka): it does not publish the key this instance signs with (ka); it signs with kb, which this instance does not publish',
    );
    expect(disagreements(b, [a, b], 1000).problems[0]).toMatch(/^instance a serves another key set/);
    // Copies of one dir that each rotated on their own: both retired k1, each signs with its own.
    const a2 = record('a', 'k2a', ['k2a'], 1000, ['k1']);
    const b2 = record('b', 'k2b', ['k2b'], 1000, ['k1']);
    for (const [self, peer] of [
      [a2, b2],
      [b2, a2],
    ] as const) {
      const agreement = disagreements(self, [self, peer], 1000);
      expect(agreement.problems[0]).toMatch(/serves another key set/);
      expect(agreement.peersBehind).toEqual([]);
    }
  });

  it('keeps the instances whose key set a strict majority serves ready; only the minority is not ready', () => {
    // a and c share a keys dir; b has its own (a mis-deployed pod, or another deployment on the same Redis).
    const a = record('a', 'ka', ['ka']);
    const c = record('c', 'ka', ['ka']);
    const b = record('b', 'kb', ['kb']);
    for (const self of [a, c]) {
      const agreement = disagreements(self, [a, b, c], 1000);
      expect(agreement.problems).toEqual([]);
      expect(agreement.peersOutvoted).toEqual([
        `instance b serves another key set (fingerprint fp-kb, here fp-ka): it does not publish the key this instance signs with (ka); it signs with kb, which this instance does not publish; it is in the minority (1 of the 3 live instances: b) against this instance's key set, served by 2 of them (a, c): it is not ready, and this instance serves on`,
      ]);
    }
    const odd = disagreements(b, [a, b, c], 1000);
    expect(odd.problems).toEqual([
      'instance a serves another key set (fingerprint fp-ka, here fp-kb): it does not publish the key this instance signs with (kb); it signs with ka, which this instance does not publish',
      'instance c serves another key set (fingerprint fp-ka, here fp-kb): it does not publish the key this instance signs with (kb); it signs with ka, which this instance does not publish',
      "this instance is in the minority: 2 of the 3 live instances (a, c) serve a key set this instance does not, and 1 (b) serves this instance's; they stay ready, and this instance is not ready until it serves theirs (check its keys.dir, and its store.prefix if it belongs to another deployment)",
    ]);
    // A peer that stopped publishing is not counted: a and b alone are 1 vs 1.
    const gone = record('c', 'ka', ['ka'], 1000 - PEER_STALE_MS - 1);
    expect(disagreements(a, [a, b, gone], 1000).problems.at(-1)).toMatch(
      /^no key set is served by a strict majority of the 2 live/,
    );
  });

  it('makes every instance split from another not ready when no key set has a strict majority', () => {
    const cases: InstanceRecord[][] = [
      // 1 vs 1
      [record('a', 'ka', ['ka']), record('b', 'kb', ['kb'])],
      // 2 vs 2
      [record('a', 'ka', ['ka']), record('a2', 'ka', ['ka']), record('b', 'kb', ['kb']), record('b2', 'kb', ['kb'])],
      // three key sets
      [record('a', 'ka', ['ka']), record('b', 'kb', ['kb']), record('c', 'kc', ['kc'])],
    ];
    for (const live of cases) {
      for (const self of live) {
        const agreement = disagreements(self, live, 1000);
        expect(agreement.peersOutvoted, self.instance).toBeUndefined();
        expect(agreement.problems.at(-1), self.instance).toMatch(
          new RegExp(
            `^no key set is served by a strict majority of the ${live.length} live instances \\(this instance's by \\d+: `,
          ),
        );
        expect(agreement.problems.at(-1)).toContain('so none can be the one to trust');
      }
    }
  });

  it('puts the lineage first: an instance an emergency rotation reached first serves on, even outnumbered', () => {
    // a was rotated with --now (k3 signs, k1 dropped); b and c still serve k1, the majority by count.
    const a = record('a', 'k3', ['k3'], 1000, ['k1', 'k0']);
    const b = record('b', 'k1', ['k1']);
    const c = record('c', 'k1', ['k1']);
    expect(disagreements(a, [a, b, c], 1000).problems).toEqual([]);
    expect(disagreements(a, [a, b, c], 1000).peersBehind).toHaveLength(2);
    for (const self of [b, c]) {
      const { problems } = disagreements(self, [a, b, c], 1000);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^instance a serves a newer key set/);
    }
    // With a stray broker d on its own keys dir as well: those behind a count on a's side (3 of 4),
    // so a serves on and d, the minority, is not ready; b and c are still behind a.
    const d = record('d', 'kd', ['kd']);
    const withD = [a, b, c, d];
    expect(disagreements(a, withD, 1000).problems).toEqual([]);
    expect(disagreements(a, withD, 1000).peersOutvoted).toEqual([
      expect.stringMatching(
        /^instance d serves another key set .* it is in the minority \(1 of the 4 live instances: d\) against this instance's key set, served by 3 of them \(a, b, c\)/,
      ),
    ]);
    expect(disagreements(b, withD, 1000).problems[0]).toMatch(/^instance a serves a newer key set/);
    expect(disagreements(d, withD, 1000).problems.at(-1)).toMatch(
      /^this instance is in the minority: 3 of the 4 live instances \(a, b, c\)/,
    );
  });

  it('ignores a peer that stopped publishing', () => {
    const a = record('a', 'k1', ['k1'], 1000 + PEER_STALE_MS + 1);
    expect(disagreements(a, [a, record('gone', 'x', ['x'])], a.atMs).problems).toEqual([]);
  });
});

/**
 * Built brokers on one Redis, one of them on a keys dir of its own (the mistake the issue measured:
 * tokens of one refused at the other, a revocation there a silent no-op; or one mis-deployed pod):
 * the two sharing a keys dir are a strict majority and stay ready, and say once, at warn, which
 * instance is in the minority; the odd one is not ready and names the majority. Once it stops, the
 * others are as they were.
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

  it('keeps the two on one keys dir ready and makes only the odd one not ready, naming the others', async () => {
    const ready = async (name: string): Promise<number> => (await fetch(`${brokers[name]!.url}/readyz`)).status;
    await until('broker-b not ready, split from the majority', async () =>
      (await ready('broker-b')) === 503 && /this instance is in the minority/.test(brokers['broker-b']!.output())
        ? true
        : undefined,
    );
    const body = (await (await fetch(`${brokers['broker-b']!.url}/readyz`)).json()) as { reason: string };
    expect(body.reason).toBe('the broker does not serve the same signing keys as its peers');
    const odd = brokers['broker-b']!.output();
    expect(odd).toMatch(
      /key set: instance broker-a serves another key set \(fingerprint [0-9a-f]{16}, here [0-9a-f]{16}\)/,
    );
    expect(odd).toMatch(/key set: instance broker-c serves another key set/);
    expect(odd).toMatch(
      /key set: this instance is in the minority: 2 of the 3 live instances \(broker-a, broker-c\) serve a key set this instance does not/,
    );
    // Each of the majority says once, at warn, that broker-b is in the minority, and is 200 at every
    // probe meanwhile (probed 10 times each after broker-b was seen not ready).
    for (const name of ['broker-a', 'broker-c']) {
      await until(`${name} names broker-b as the minority`, async () =>
        /key set: instance broker-b serves another key set [^"]*it is in the minority \(1 of the 3 live instances: broker-b\) against this instance's key set, served by 2 of them \(broker-a, broker-c\): it is not ready, and this instance serves on/.test(
          brokers[name]!.output(),
        )
          ? true
          : undefined,
      );
    }
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(await ready('broker-a'), await ready('broker-c'));
      await sleep(300);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await ready('broker-b')).toBe(503);
    for (const name of ['broker-a', 'broker-c']) {
      const said = logEntries(brokers[name]!.output()).filter((line) => String(line.msg).includes('key set:'));
      expect(
        said.map((line) => line.level),
        name,
      ).toEqual(['warn']);
      expect(String(said[0]!.msg)).toMatch(/key set: instance broker-b serves another key set/);
    }
    expect(brokers['broker-a']!.output()).not.toMatch(/key set: instance broker-c /);

    await brokers['broker-b']!.stop();
    for (const name of ['broker-a', 'broker-c']) expect(await ready(name)).toBe(200);
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

/**
 * Two built brokers on one Redis, each on its own copy of one keys dir (as nodes that each get a
 * Kubernetes Secret after the kubelet's sync delay). An emergency rotation in a's dir: only b,
 * which has not received it, is not ready; a serves on throughout. Once the copy reaches b, both
 * are ready. Copies that then each rotate on their own are a split: neither is ready.
 */
describe('an emergency rotation that reaches one instance before the other', () => {
  let redis: RedisServer;
  let issuer: GithubIssuer;
  const dirs: Record<'a' | 'b', string> = { a: '', b: '' };
  const brokers: Record<'a' | 'b', RunningBroker | undefined> = { a: undefined, b: undefined };
  /** What `kubectl apply` of the Secret, then the kubelet's sync, does: a's key files reach b's dir. */
  const shipKeys = (): void => {
    cpSync(dirs.a, dirs.b, { recursive: true, filter: (src) => src === dirs.a || !basename(src).startsWith('.') });
  };
  const ready = async (name: 'a' | 'b'): Promise<number> => (await fetch(`${brokers[name]!.url}/readyz`)).status;
  const config = (name: 'a' | 'b'): string => join(brokers[name]!.dir, 'stint.yml');
  const env = (): Record<string, string> => ({ [REDIS_PASSWORD_ENV]: redis.password! });

  beforeAll(async () => {
    redis = await startRedis({ password: `rotate-${process.pid}` });
    issuer = await startGithubIssuer();
    dirs.a = mkdtempSync(join(tmpdir(), 'stint-keys-a-'));
    dirs.b = mkdtempSync(join(tmpdir(), 'stint-keys-b-'));
    for (const name of ['a', 'b'] as const) {
      brokers[name] = await startBroker({
        configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir: dirs[name], store: { url: `${redis.url}/0` } }),
        env: { ...env(), STINT_INSTANCE: `broker-${name}` },
      });
      if (name === 'a') shipKeys(); // b starts on a copy of the keys a made
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(brokers).map((b) => b?.stop()));
    await issuer?.stop();
    await redis?.stop();
    for (const dir of Object.values(dirs)) if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('makes only the instance still on the old keys not ready; the rotated one serves on', async () => {
    for (const name of ['a', 'b'] as const) {
      await until(`broker-${name} ready`, async () => ((await ready(name)) === 200 ? true : undefined));
    }
    const jwks = async (name: 'a' | 'b'): Promise<string> =>
      JSON.stringify(await (await fetch(`${brokers[name]!.url}/.well-known/jwks.json`)).json());
    const before = await jwks('a');
    const rotated = await runCli(['keys', 'rotate', '--now', '--config', config('a')], env());
    expect(rotated.code, rotated.stderr).toBe(0);

    // Probe both, as the kubelet does, until b has been seen not ready for longer than a
    // publishing period after a serves the new keys, and a has been probed more than 10 times
    // meanwhile (however slowly its answers come on a busy machine); a must answer 200 at every probe.
    const atA: number[] = [];
    let bNotReadySince: number | undefined;
    await until(
      'broker-b not ready for 6 s after broker-a serves the new keys, and 10 probes of broker-a',
      async () => {
        const [a, b, keysA] = await Promise.all([ready('a'), ready('b'), jwks('a')]);
        if (keysA !== before) atA.push(a);
        if (b === 503 && keysA !== before) bNotReadySince ??= Date.now();
        await sleep(200);
        return bNotReadySince !== undefined && Date.now() - bNotReadySince > 6_000 && atA.length > 10
          ? true
          : undefined;
      },
      120_000,
    );
    expect(atA.length).toBeGreaterThan(10);
    expect(atA.filter((status) => status !== 200)).toEqual([]);
    expect(brokers.b!.output()).toMatch(
      /\/readyz: key set: instance broker-a serves a newer key set \(fingerprint [0-9a-f]{16}, here [0-9a-f]{16}\), rotated past this instance's: it does not publish the key this instance signs with \(\S+\); it signs with \S+, which this instance does not publish; this instance is not ready until the rotated keys dir reaches it/,
    );
    // a says once that b is behind, at warn, not at every probe.
    const behind = brokers.a!.output().match(/key set: instance broker-b serves an older key set[^"]*/g) ?? [];
    expect(behind).toHaveLength(1);
    expect(behind[0]).toMatch(/it is not ready until the rotated keys dir reaches it, and this instance serves on$/);
    expect(brokers.a!.output()).not.toMatch(/key set: instance broker-b serves (a newer|another) key set/);

    shipKeys();
    await until('broker-b ready once the rotated keys reach it', async () =>
      (await ready('b')) === 200 ? true : undefined,
    );
    expect(await ready('a')).toBe(200);
    expect(await jwks('b')).toBe(await jwks('a'));
    expect((await exchange(brokers.b!.url, await idToken(issuer))).status).toBe(200);
  });

  it('makes both not ready when their copies each rotate on their own (a split)', async () => {
    for (const name of ['b', 'a'] as const) {
      const rotated = await runCli(['keys', 'rotate', '--now', '--config', config(name)], env());
      expect(rotated.code, rotated.stderr).toBe(0);
    }
    for (const name of ['a', 'b'] as const) {
      const other = name === 'a' ? 'b' : 'a';
      await until(`broker-${name} not ready, split from broker-${other}`, async () =>
        (await ready(name)) === 503 &&
        new RegExp(`key set: instance broker-${other} serves another key set`).test(brokers[name]!.output())
          ? true
          : undefined,
      );
    }
  });
});

/**
 * Two built brokers on one Redis under one instance name (one STINT_INSTANCE for every replica of
 * a deployment, or containers with one --hostname that all run node as PID 1), on separate keys
 * dirs: they write one record, so neither would see the other's key set. Each writes a nonce with
 * its record; one that finds another's nonce under its own name is not ready and names the
 * duplicate; once the other stops, it is ready again.
 */
describe('two brokers with one instance name', () => {
  let redis: RedisServer;
  let issuer: GithubIssuer;
  const dirs: string[] = [];
  const brokers: RunningBroker[] = [];

  beforeAll(async () => {
    redis = await startRedis({ password: `dup-${process.pid}` });
    issuer = await startGithubIssuer();
    for (let i = 0; i < 2; i++) {
      const keysDir = mkdtempSync(join(tmpdir(), `stint-keys-dup${i}-`));
      dirs.push(keysDir);
      brokers.push(
        await startBroker({
          configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { url: `${redis.url}/0` } }),
          env: { [REDIS_PASSWORD_ENV]: redis.password!, STINT_INSTANCE: 'stint-prod' },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await issuer?.stop();
    await redis?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('makes both not ready, naming the duplicate name; the one left is ready once the other stops', async () => {
    const ready = async (broker: RunningBroker): Promise<number> => (await fetch(`${broker.url}/readyz`)).status;
    for (const [i, broker] of brokers.entries()) {
      await until(`broker ${i} not ready`, async () => ((await ready(broker)) === 503 ? true : undefined), 60_000);
      expect(broker.output()).toMatch(
        /\/readyz: key set: another broker process publishes under this instance's name stint-prod \(last seen [^)]+\): instance names must be unique/,
      );
    }
    await brokers[1]!.stop();
    await until('broker 0 ready again', async () => ((await ready(brokers[0]!)) === 200 ? true : undefined), 60_000);
  });
});
