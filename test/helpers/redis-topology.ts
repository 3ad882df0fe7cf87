import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { type RedisServer, startRedis } from './redis.js';

/**
 * Real Redis topologies on 127.0.0.1 for tests and benches: a master with replicas watched by
 * sentinels, and a Redis Cluster made with `redis-cli --cluster create`. Every node has the same
 * password; nothing is persisted; every process dies with the test process (helpers/redis.ts).
 */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a value other than undefined, or throws after `ceilingMs`. The
 * ceiling is generous: beside another copy of the suite (load 18 on 2 cores) a Sentinel failover
 * and the old master's resync took over 60 s.
 */
export async function until<T>(what: string, check: () => Promise<T | undefined>, ceilingMs = 180_000): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`waited ${ceilingMs} ms for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/** A short-lived admin connection to one node (or sentinel). */
export async function admin<T>(port: number, password: string | undefined, run: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({
    host: '127.0.0.1',
    port,
    ...(password === undefined ? {} : { password }),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 2000,
    commandTimeout: 10_000,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await run(r);
  } finally {
    r.disconnect();
  }
}

/** `INFO replication` as a map. */
export async function replicationInfo(port: number, password: string | undefined): Promise<Record<string, string>> {
  const text = await admin(port, password, (r) => r.info('replication'));
  return Object.fromEntries(
    text
      .split('\r\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
}

export interface SentinelSet {
  /** The master's name as the sentinels know it. */
  name: string;
  password: string;
  /** Data nodes; `nodes[0]` is the first master. */
  nodes: RedisServer[];
  sentinels: RedisServer[];
  /** `127.0.0.1:PORT` of each sentinel, for `store.sentinels`. */
  sentinelAddresses: string[];
  /** The port of the master the sentinels name now. */
  masterPort(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A master, `replicas` replicas and `sentinels` sentinels (quorum 2), with quick failure detection
 * (down after 1 s). Resolves once every sentinel sees the master and all replicas are in sync.
 */
export async function startSentinelSet(
  options: { replicas?: number; sentinels?: number; args?: string[] } = {},
): Promise<SentinelSet> {
  const password = `sentinel-set-${process.pid}-pw`;
  const name = 'stintmaster';
  const dir = mkdtempSync(join(tmpdir(), 'stint-sentinel-'));
  const nodes: RedisServer[] = [];
  const sentinels: RedisServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all([...sentinels, ...nodes].map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Every node may become a replica later, so every node knows the master's password.
    const common = ['--masterauth', password, ...(options.args ?? [])];
    const master = await startRedis({ password, args: common });
    nodes.push(master);
    for (let i = 0; i < (options.replicas ?? 2); i++) {
      nodes.push(await startRedis({ password, args: [...common, '--replicaof', '127.0.0.1', String(master.port)] }));
    }
    await until('replicas in sync', async () => {
      const info = await replicationInfo(master.port, password);
      const online = Object.entries(info).filter(([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online'));
      return online.length === nodes.length - 1 ? true : undefined;
    });
    for (let i = 0; i < (options.sentinels ?? 3); i++) {
      const conf = join(dir, `sentinel-${i}.conf`);
      writeFileSync(
        conf,
        [
          `sentinel monitor ${name} 127.0.0.1 ${master.port} 2`,
          `sentinel auth-pass ${name} ${password}`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 4000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(await startRedis({ sentinelConfig: conf }));
    }
    // Each sentinel knows the replicas and the other sentinels (they find each other through the master).
    for (const s of sentinels) {
      await until('sentinels to see the whole set', async () => {
        const fields = (await admin(s.port, undefined, (r) => r.call('SENTINEL', 'MASTER', name))) as string[];
        const info = Object.fromEntries(fields.flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : [])));
        return Number(info['num-slaves']) === nodes.length - 1 &&
          Number(info['num-other-sentinels']) === sentinels.length - 1
          ? true
          : undefined;
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name,
    password,
    nodes,
    sentinels,
    sentinelAddresses: sentinels.map((s) => `127.0.0.1:${s.port}`),
    async masterPort() {
      for (const s of sentinels) {
        if (!s.running) continue;
        const [, port] = (await admin(s.port, undefined, (r) =>
          r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name),
        )) as [string, string];
        return Number(port);
      }
      throw new Error('no sentinel is running');
    },
    stop,
  };
}

export interface RedisClusterSet {
  password: string;
  nodes: RedisServer[];
  /** `127.0.0.1:PORT` of each node, for `store.cluster`. */
  addresses: string[];
  /** Ports of the nodes that are masters now, and of the replicas, per CLUSTER NODES. */
  roles(): Promise<{ masters: number[]; replicas: Array<{ port: number; masterPort: number }> }>;
  stop(): Promise<void>;
}

/** `masters` masters with `replicasPerMaster` replicas each, made with `redis-cli --cluster create`. */
export async function startRedisCluster(
  options: { masters?: number; replicasPerMaster?: number } = {},
): Promise<RedisClusterSet> {
  const password = `cluster-${process.pid}-pw`;
  const dir = mkdtempSync(join(tmpdir(), 'stint-cluster-'));
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const nodes: RedisServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      nodes.push(
        await startRedis({
          password,
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, `nodes-${i}.conf`),
            '--cluster-node-timeout',
            '1000',
            '--masterauth',
            password,
          ],
        }),
      );
    }
    const created = spawnSync(
      'redis-cli',
      [
        '--no-auth-warning',
        '-a',
        password,
        '--cluster',
        'create',
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create failed:\n${created.stdout}\n${created.stderr}`);
    for (const n of nodes) {
      await until('cluster_state:ok on every node', async () => {
        const info = (await admin(n.port, password, (r) => r.call('CLUSTER', 'INFO'))) as string;
        return info.includes('cluster_state:ok') ? true : undefined;
      });
    }
    // A master whose replica is still syncing cannot confirm a WAIT: the set is ready once every
    // master has its replicas online.
    for (const n of nodes) {
      await until('every master to have its replicas online', async () => {
        const info = await replicationInfo(n.port, password);
        if (info.role !== 'master') return true;
        const online = Object.entries(info).filter(([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online'));
        return online.length >= replicas ? true : undefined;
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const set: RedisClusterSet = {
    password,
    nodes,
    addresses: nodes.map((n) => `127.0.0.1:${n.port}`),
    async roles() {
      const live = nodes.find((n) => n.running)!;
      const text = (await admin(live.port, password, (r) => r.call('CLUSTER', 'NODES'))) as string;
      const rows = text
        .trim()
        .split('\n')
        .map((line) => line.split(' '));
      const portOf = (address: string): number => Number(/:(\d+)@/.exec(address)?.[1]);
      const byId = new Map(rows.map((row) => [row[0]!, portOf(row[1]!)]));
      const up = rows.filter((row) => !row[2]!.includes('fail'));
      return {
        masters: up.filter((row) => row[2]!.includes('master')).map((row) => portOf(row[1]!)),
        replicas: up
          .filter((row) => row[2]!.includes('slave'))
          .map((row) => ({ port: portOf(row[1]!), masterPort: byId.get(row[3]!)! })),
      };
    },
    stop,
  };
  return set;
}
