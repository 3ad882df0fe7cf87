/**
 * How the Redis store reaches Redis: one primary (`redis://`, `rediss://`), a master watched by
 * Redis Sentinel, or a Redis Cluster (docs/many-brokers.md). Each is ioredis's own client for that
 * topology (its Sentinel connector follows failovers; its Cluster client follows slot moves), set
 * up the same fail-closed way: no offline queue, every command bounded, nothing replayed after a
 * dropped link except where the store's scripts make a resend harmless.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { StintError } from '../lib/errors.js';
import { certificateProblem } from '../lib/http.js';
import { type RedisUrlParts, readRedisUrl } from './redis-url.js';
import { HOST_PORT, REDIS_MAX_DB } from './types.js';

/** Where the data lives. */
export type RedisEndpoint =
  | { url: string }
  | { sentinels: string[]; name: string; db?: number }
  | { cluster: string[] };

export interface RedisConnectOptions {
  /** Overrides a password in the URL (the broker reads it from the env var named by `password_env`). */
  password?: string;
  /** ACL user; overrides a user in the URL. */
  username?: string;
  /** The sentinels' own password, when they require one. */
  sentinelPassword?: string;
  /** TLS to every node and sentinel (a `rediss://` URL says it by itself); options such as `ca`. */
  tls?: boolean | ConnectionOptions;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  maxReconnectDelayMs: number;
}

export interface RedisConnection {
  client: Redis | Cluster;
  mode: 'single' | 'sentinel' | 'cluster';
  /** For messages: the address, never a password. */
  display: string;
  /** Whether the links to Redis use TLS (for the hint on a scheme that does not match the port). */
  tls: boolean;
}

/**
 * Reads `redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS).
 * Throws `ERR_STORE_URL_INVALID` saying what is wrong, without quoting the URL (src/store/redis-url.ts).
 */
export function parseRedisUrl(raw: string): RedisUrlParts {
  const parts = readRedisUrl(raw);
  if ('problem' in parts) throw new StintError('ERR_STORE_URL_INVALID', `store URL ${parts.problem}`);
  return parts;
}

/** `host:port` (IPv6 as `[::1]:port`), as sentinels and cluster seeds are written. */
export function parseHostPort(text: string, defaultPort: number): { host: string; port: number } {
  const match = HOST_PORT.exec(text);
  const port = match?.[3] === undefined ? defaultPort : Number(match[3]);
  if (!match || port < 1 || port > 65535) {
    throw new StintError('ERR_STORE_URL_INVALID', `'${text}' is not host:port (e.g. redis-1.internal:26379)`);
  }
  return { host: (match[1] ?? match[2])!, port };
}

/**
 * What to do about a TLS certificate of Redis that Node did not accept, from the error's text (the
 * store keeps texts, not codes: ioredis passes a Sentinel's or a Cluster node's error on as text),
 * or undefined when `error` is not one. `mode` says where the host the certificate must name is set.
 *
 * @example
 * certificateFix('self-signed certificate in certificate chain', 'single') // '… NODE_EXTRA_CA_CERTS=/path/ca.pem …'
 */
export function certificateFix(error: string, mode: 'single' | 'sentinel' | 'cluster'): string | undefined {
  switch (certificateProblem(error)) {
    case 'host': {
      const where =
        mode === 'single'
          ? 'the host in store.url'
          : `the address the broker connects to (as in ${mode === 'cluster' ? 'store.cluster, or as a node announces itself' : 'store.sentinels, or as the sentinels name the master'})`;
      return `the Redis server's TLS certificate does not name ${where}: reissue the certificate with that name among its subject alternative names (an IP address needs an IP entry), or connect by a name the certificate holds`;
    }
    case 'trust':
      return "this broker does not trust the CA that signed the Redis server's TLS certificate: give Node the CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem in the broker's environment";
    case 'dates':
      return "the Redis server's TLS certificate is outside its validity dates: renew it (or, if it is valid, set this host's clock right)";
    default:
      return undefined;
  }
}

/** Capped exponential backoff with jitter, so brokers do not reconnect in lockstep. */
export function reconnectDelay(attempt: number, capMs: number): number {
  return Math.min(capMs, 50 * 2 ** Math.min(attempt, 10)) + Math.floor(Math.random() * 100);
}

function tlsOptions(tls: boolean | ConnectionOptions | undefined, host?: string): ConnectionOptions | undefined {
  if (tls === undefined || tls === false) return undefined;
  const extra = tls === true ? {} : tls;
  return { ...(host !== undefined && isIP(host) === 0 ? { servername: host } : {}), ...extra };
}

/**
 * Builds (does not connect) the ioredis client for `endpoint`.
 *
 * @example
 * const { client } = createRedisClient({ sentinels: ['10.0.0.5:26379'], name: 'stint' }, { commandTimeoutMs: 1000, connectTimeoutMs: 2000, maxReconnectDelayMs: 2000 });
 */
export function createRedisClient(endpoint: RedisEndpoint, options: RedisConnectOptions): RedisConnection {
  const common: RedisOptions = {
    connectionName: 'stint',
    disableClientInfo: true,
    // Fail closed and fast: no command waits for a connection, none is replayed after one drops.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    // A server that accepts the connection but stops answering (hung, paused) is dropped and
    // reconnected instead of timing out every command forever on a dead socket.
    socketTimeout: options.commandTimeoutMs * 2,
    // A master demoted to a replica answers writes with READONLY: drop the link so the client asks
    // the sentinels (or the cluster) again for the master; the failed command is not resent.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
  };
  if (options.username !== undefined) common.username = options.username;
  if (options.password !== undefined) common.password = options.password;

  if ('url' in endpoint) {
    const target = parseRedisUrl(endpoint.url);
    const redisOptions: RedisOptions = {
      ...common,
      host: target.host,
      port: target.port,
      db: target.db,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
      lazyConnect: true,
    };
    const username = options.username ?? target.username;
    const password = options.password ?? target.password;
    if (username !== undefined) redisOptions.username = username;
    if (password !== undefined) redisOptions.password = password;
    const tls = tlsOptions(target.tls ? (options.tls === undefined ? true : options.tls) : options.tls, target.host);
    if (tls) redisOptions.tls = tls;
    return { client: new Redis(redisOptions), mode: 'single', display: target.display, tls: Boolean(tls) };
  }

  if ('sentinels' in endpoint) {
    const db = endpoint.db ?? 0;
    if (!Number.isInteger(db) || db < 0 || db > REDIS_MAX_DB) {
      throw new StintError('ERR_STORE_URL_INVALID', `store.db must be a database number from 0 to ${REDIS_MAX_DB}`);
    }
    const sentinels = endpoint.sentinels.map((s) => parseHostPort(s, 26379));
    const tls = tlsOptions(options.tls);
    const redisOptions: RedisOptions = {
      ...common,
      sentinels,
      name: endpoint.name,
      role: 'master',
      db,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
      sentinelRetryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
      // The failover detector's link to a sentinel that went away: tried again on the same backoff,
      // so a sentinel back from a restart is listened to again within seconds (ioredis: a minute).
      sentinelReconnectStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
      sentinelCommandTimeout: options.commandTimeoutMs,
      // Subscribes to the sentinels' +switch-master, so a failover moves the link at once instead
      // of when the old master's connection happens to fail.
      failoverDetector: true,
      lazyConnect: true,
    };
    if (options.sentinelPassword !== undefined) redisOptions.sentinelPassword = options.sentinelPassword;
    if (tls) {
      redisOptions.tls = tls;
      redisOptions.sentinelTLS = tls;
      redisOptions.enableTLSForSentinelMode = true;
    }
    const display = `sentinel ${endpoint.name} via ${endpoint.sentinels.join(',')}${db === 0 ? '' : ` db ${db}`}`;
    const client = new Redis(redisOptions);
    quietSentinelLinks(client);
    return { client, mode: 'sentinel', display, tls: Boolean(tls) };
  }

  const nodes = endpoint.cluster.map((s) => parseHostPort(s, 6379));
  const tls = tlsOptions(options.tls);
  const clusterOptions: ClusterOptions = {
    redisOptions: { ...common, ...(tls ? { tls } : {}) },
    enableOfflineQueue: false,
    enableReadyCheck: true,
    // Reads and writes go to masters: a replica may not have the replay record yet.
    scaleReads: 'master',
    clusterRetryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
    // A moved slot or a failover is retried a few times, briefly; the store bounds the whole call.
    maxRedirections: 6,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: options.connectTimeoutMs,
    lazyConnect: true,
  };
  const cluster = new Cluster(nodes, clusterOptions);
  reportReadyCheck(cluster);
  return { client: cluster, mode: 'cluster', display: `cluster ${endpoint.cluster.join(',')}`, tls: Boolean(tls) };
}

/**
 * The names of the masters the sentinels monitor (SENTINEL MASTERS), from the first sentinel that
 * answers, for the message about a `store.name` they do not know. Undefined when none answers
 * (down, or an ACL user without `+sentinel|masters`). Bounded by the connect and command timeouts
 * for each sentinel; never throws.
 *
 * @example
 * await sentinelMasterNames({ sentinels: ['10.0.0.5:26379'], name: 'stint' }, options); // ['mymaster']
 */
export async function sentinelMasterNames(
  endpoint: { sentinels: string[] },
  options: RedisConnectOptions,
): Promise<string[] | undefined> {
  const tls = tlsOptions(options.tls);
  for (const address of endpoint.sentinels) {
    const { host, port } = parseHostPort(address, 26379);
    // As ioredis connects to a sentinel: its own password and TLS, no retries, no ready check.
    const client = new Redis({
      host,
      port,
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableReadyCheck: false,
      lazyConnect: true,
      ...(options.sentinelPassword === undefined ? {} : { password: options.sentinelPassword }),
      ...(tls ? { tls } : {}),
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const masters = (await client.call('SENTINEL', 'MASTERS')) as unknown;
      if (!Array.isArray(masters)) continue;
      // Each master is a flat list of field, value, …
      return masters.flatMap((fields: unknown) => {
        if (!Array.isArray(fields)) return [];
        const at = fields.indexOf('name');
        return at >= 0 && typeof fields[at + 1] === 'string' ? [fields[at + 1] as string] : [];
      });
    } catch {
      // The next sentinel, if any.
    } finally {
      client.disconnect();
    }
  }
  return undefined;
}

/**
 * ioredis Cluster asks a node for CLUSTER INFO before it calls itself ready; when that fails (an
 * ACL user without `+cluster|info` gets NOPERM) it only disconnects and tries again, and the
 * reason goes nowhere but its debug log. This passes the error on as a 'node error', which the
 * store keeps for its messages, so a refusal is named at start (ERR_STORE_REFUSED) instead of a
 * bare "not connected" after the whole start-up window. `readyCheck` is ioredis's own (not typed)
 * method; if a later ioredis renames it, this changes nothing (test/redis/cluster-acl.test.ts fails).
 */
function reportReadyCheck(cluster: Cluster): void {
  type ReadyCheck = (callback: (error?: Error | null, state?: string) => void) => void;
  const target = cluster as unknown as { readyCheck?: ReadyCheck };
  const original = target.readyCheck;
  if (typeof original !== 'function') return;
  target.readyCheck = (callback) =>
    original.call(cluster, (error, state) => {
      if (error) cluster.emit('node error', error, 'CLUSTER INFO (ready check)');
      callback(error, state);
    });
}

/** How long a sentinel link given up waits for the sentinel to close it before it is destroyed. */
const SENTINEL_LINK_CLOSE_MS = 100;

/**
 * ioredis's failover detector (`failoverDetector: true`) opens a link of its own to each sentinel
 * and listens for no 'error' on it: a sentinel down or restarting made ioredis print `[ioredis]
 * Unhandled error event: Error: connect ECONNREFUSED …` and a stack trace on the broker's stderr at
 * every reconnect attempt, for as long as that sentinel stayed away. Those links only listen for
 * +switch-master; a sentinel out of reach is not the master out of reach (the client asks the other
 * sentinels when it needs the master, and its own errors still reach the store), so their errors
 * are dropped here, as ioredis drops those of its own look-ups. `connectToSentinel` is ioredis's
 * own (not typed) method; if a later ioredis renames it, this changes nothing
 * (test/redis/sentinel-down.test.ts fails).
 *
 * Each such link, given up (a new detector at each reconnect to the master, the look-ups), waits up
 * to ioredis's disconnectTimeout (2 s) for the sentinel to close it, on a timer that holds the
 * process: a broker stopped while it reconnected to a hung master lived on for seconds after it
 * said it stopped. Nothing is awaited on those links once given up: a short wait (test/redis/sentinel-shutdown.test.ts).
 */
function quietSentinelLinks(client: Redis): void {
  type ConnectToSentinel = (endpoint: unknown, options?: Record<string, unknown>) => Redis;
  const connector = (client as unknown as { connector?: { connectToSentinel?: ConnectToSentinel } }).connector;
  const original = connector?.connectToSentinel;
  if (connector === undefined || typeof original !== 'function') return;
  connector.connectToSentinel = (endpoint, options) => {
    const link = original.call(connector, endpoint, { ...options, disconnectTimeout: SENTINEL_LINK_CLOSE_MS });
    link.on('error', () => undefined);
    return link;
  };
}
