import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { olderPeers, olderPeerWarning } from '../../src/broker/key-agreement.js';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import type { InstanceRecord } from '../../src/store/types.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { brokerConfig, REDIS_PASSWORD_ENV } from './setup.js';

/**
 * Which version each broker of a fleet runs (docs/broker.md#metrics-and-health): the BUILT broker says it in its
 * first log line, on /metrics (stint_build_info) and in the instance record it publishes to its
 * peers, and says once when a live peer runs an older stint (one that publishes no version).
 */
const VERSION = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

const record = (instance: string, version?: string): InstanceRecord => ({
  instance,
  signing: 'k1',
  published: ['k1'],
  fingerprint: 'fp',
  atMs: 1000,
  ...(version === undefined ? {} : { version }),
});

describe('older peers (unit)', () => {
  it('counts a live peer with no version, or a lower one, as older; not itself, an equal or newer one, or a stale one', () => {
    const self = record('self', '1.4.2');
    const peers = [
      self,
      record('none'),
      record('patch', '1.4.1'),
      record('pre', '1.4.2-rc.1'),
      record('same', '1.4.2'),
      record('newer', '1.10.0'),
      record('odd', 'unknown'),
      { ...record('stale'), atMs: -60_000 },
    ];
    expect(olderPeers(self, peers, 1000).map((peer) => peer.instance)).toEqual(['none', 'patch', 'pre']);
  });

  it('says a peer may not check the dataset marker only when it names no version (every build that does has it)', () => {
    const self = record('self', '1.4.2');
    expect(olderPeerWarning(self, record('none'))).toContain('does not check it');
    const named = olderPeerWarning(self, record('patch', '1.4.1'));
    expect(named).toBe('instance patch runs stint 1.4.1, older than this one (1.4.2); upgrade it (docs/upgrading.md)');
  });
});

describe('a broker on Redis tells its version', () => {
  let redis: RedisServer;
  let issuer: GithubIssuer;
  let broker: RunningBroker;
  let admin: Redis;
  const dirs: string[] = [];

  beforeAll(async () => {
    redis = await startRedis({ password: `version-${process.pid}` });
    issuer = await startGithubIssuer();
    const keysDir = mkdtempSync(join(tmpdir(), 'stint-keys-version-'));
    dirs.push(keysDir);
    broker = await startBroker({
      configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { url: `${redis.url}/0` } }),
      env: { [REDIS_PASSWORD_ENV]: redis.password!, STINT_INSTANCE: 'broker-new' },
    });
    admin = new Redis({ host: '127.0.0.1', port: redis.port, password: redis.password, lazyConnect: true });
  });
  afterAll(async () => {
    admin?.disconnect();
    await broker?.stop();
    await issuer?.stop();
    await redis?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('says its version in its first log line and on /metrics', async () => {
    await vi.waitFor(() => expect(logEntries(broker.stdout()).length).toBeGreaterThan(0), {
      timeout: 30_000,
      interval: 50,
    });
    const first = logEntries(broker.stdout())[0]!;
    expect(first).toMatchObject({ level: 'info', version: VERSION, instance: 'broker-new' });
    expect(first.msg).toBe(`stint ${VERSION} broker, instance broker-new`);
    const metrics = await (await fetch(`${broker.url}/metrics`)).text();
    expect(metrics).toContain(
      `# HELP stint_build_info The stint version this broker runs (always 1).\n# TYPE stint_build_info gauge\nstint_build_info{version="${VERSION}"} 1\n`,
    );
  });

  it('publishes its version, and warns once when a live peer publishes none (an older broker)', async () => {
    const own = await vi.waitFor(
      async () => {
        const text = await admin.hget('stint:instances', 'broker-new');
        expect(text).not.toBeNull();
        return JSON.parse(text!) as InstanceRecord;
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(own.version).toBe(VERSION);

    // A broker of a version from before this field, on the same keys: it publishes as they all
    // did then (no version, no nonce, no retired), every 5 s; here every second, while the test runs.
    const older = async (): Promise<void> => {
      const { version: _, nonce: __, retired: ___, ...then } = own;
      await admin.hset(
        'stint:instances',
        'broker-old',
        JSON.stringify({ ...then, instance: 'broker-old', atMs: Date.now() }),
      );
    };
    await older();
    const publishing = setInterval(() => void older().catch(() => undefined), 1_000);
    try {
      const warning = `version: instance broker-old runs a stint older than this one (${VERSION}): its instance record names no version`;
      const told = (): number => broker.stdout().split(warning).length - 1;
      // The readiness watch checks every 15 s; each /readyz checks too.
      await vi.waitFor(
        async () => {
          await fetch(`${broker.url}/readyz`);
          expect(told()).toBeGreaterThan(0);
        },
        { timeout: 60_000, interval: 1_000 },
      );
      const line = logEntries(broker.stdout()).find((entry) => entry.msg.includes(warning));
      expect(line?.level).toBe('warn');
      expect(line?.msg).toContain(
        'a broker from before the Redis dataset marker does not check it: when Redis loses its data, that broker neither reports the loss nor refuses the ID tokens issued before it (docs/many-brokers.md#when-redis-loses-its-data); upgrade it',
      );
      // Still ready (a version is no disagreement), and said once, not at every check.
      for (let i = 0; i < 3; i++) expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);
      expect(told()).toBe(1);
    } finally {
      clearInterval(publishing);
    }
  });
});
