import { resolve } from 'node:path';
import { isVariableName, notAVariableName } from '../lib/env-setting.js';
import { redactUrl } from '../lib/url-credentials.js';
import { REDIS_URL_FORM, readRedisUrl as readRedisUrlParts } from '../store/redis-url.js';
import { HOST_PORT, REDIS_MAX_DB, type RedisStoreConfig, type StoreConfig } from '../store/types.js';
import { readDuration } from './config-values.js';
import { CONFIG_DEFAULTS } from './defaults.js';
import type { Entry, YamlNode, YamlReader } from './yaml-reader.js';

const REDIS_KEYS = [
  'url',
  'sentinels',
  'name',
  'cluster',
  'db',
  'username',
  'password_env',
  'sentinel_password_env',
  'tls',
  'prefix',
  'min_replica_acks',
  'startup_timeout',
] as const;
const STORE_KEYS = ['dir', 'sync', ...REDIS_KEYS];
const WHAT =
  "store (write 'memory', { dir } for the embedded store's state directory, a redis:// URL, or { url | sentinels + name | cluster, password_env, … })";

/**
 * `store:` (docs/broker.md#state-on-disk, docs/many-brokers.md): `memory`, `{ dir, sync }`, a Redis URL,
 * or a map naming one Redis topology: `url`, `sentinels` + `name`, or `cluster`.
 */
export function readStore(reader: YamlReader, entry: Entry | undefined, baseDir: string): StoreConfig {
  const embedded: StoreConfig = { kind: 'memory', dir: resolve(baseDir, CONFIG_DEFAULTS.store.dir) };
  if (!entry) return embedded;
  const node = reader.resolve(entry.value);
  const asText =
    node !== null && node !== undefined && 'value' in node && typeof node.value === 'string' ? node.value : undefined;
  if (asText === 'memory') return embedded;
  if (asText !== undefined) {
    const url = readRedisUrl(reader, entry.value, asText, 'store');
    return url === undefined ? embedded : { kind: 'redis', url };
  }
  const fields = reader.map(entry.value, WHAT, STORE_KEYS);
  if (!fields) return embedded;
  const dirEntry = fields.get('dir');
  const redisKey = REDIS_KEYS.find((k) => fields.get(k));
  // `{ sync: write }` alone means the embedded store in its default directory.
  if (dirEntry || (redisKey === undefined && fields.get('sync'))) {
    if (dirEntry && redisKey) {
      reader.error(
        entry.key,
        'ERR_CONFIG_INVALID',
        `store has both dir (the embedded store) and ${redisKey} (Redis); keep the one you mean`,
      );
    }
    const dir = dirEntry ? reader.string(dirEntry.value, 'store.dir') : undefined;
    const store: StoreConfig = dir === undefined ? embedded : { kind: 'memory', dir: resolve(baseDir, dir) };
    const syncEntry = fields.get('sync');
    const sync = syncEntry ? reader.string(syncEntry.value, 'store.sync') : undefined;
    if (sync === 'always' || sync === 'write') store.sync = sync;
    else if (sync !== undefined && syncEntry) {
      reader.error(
        syncEntry.value,
        'ERR_CONFIG_INVALID',
        `store.sync must be 'always' (flush to the device before answering; the default) or 'write' (survives kill -9, not a power cut), got '${sync}'`,
      );
    }
    return store;
  }
  if (fields.get('sync')) {
    reader.error(
      entry.key,
      'ERR_CONFIG_INVALID',
      'store.sync is for the embedded store: it goes with store.dir, not with Redis',
    );
  }
  return readRedis(reader, entry, fields) ?? embedded;
}

function readRedis(reader: YamlReader, entry: Entry, fields: Map<string, Entry>): RedisStoreConfig | undefined {
  const topologies = (['url', 'sentinels', 'cluster'] as const).filter((k) => fields.get(k));
  if (topologies.length !== 1) {
    reader.error(
      entry.key,
      'ERR_CONFIG_INVALID',
      topologies.length === 0
        ? 'store needs a url, e.g. store: { url: redis://redis.internal:6379/0, password_env: REDIS_PASSWORD }, sentinels (with name), cluster, or a dir for the embedded store'
        : `store names ${topologies.join(' and ')}; give one of url (one Redis), sentinels (Redis Sentinel) or cluster (Redis Cluster)`,
    );
    return undefined;
  }
  const store: RedisStoreConfig = { kind: 'redis' };
  const urlEntry = fields.get('url');
  const sentinelsEntry = fields.get('sentinels');
  const clusterEntry = fields.get('cluster');
  const nameEntry = fields.get('name');
  const dbEntry = fields.get('db');
  if (urlEntry) {
    const text = reader.string(urlEntry.value, 'store.url');
    const url = text === undefined ? undefined : readRedisUrl(reader, urlEntry.value, text, 'store.url');
    store.url = url ?? '';
    if (dbEntry) {
      reader.error(
        dbEntry.key,
        'ERR_CONFIG_INVALID',
        'store.db goes with sentinels; a url carries its database in its path (/0)',
      );
    }
  }
  if (sentinelsEntry) {
    store.sentinels = readHostPorts(reader, sentinelsEntry.value, 'store.sentinels');
    if (!nameEntry) {
      reader.error(
        entry.key,
        'ERR_CONFIG_INVALID',
        "store.sentinels needs name: the master's name as the sentinels know it (sentinel monitor NAME …)",
      );
    }
  }
  if (clusterEntry) {
    store.cluster = readHostPorts(reader, clusterEntry.value, 'store.cluster');
    if (dbEntry) {
      reader.error(
        dbEntry.key,
        'ERR_CONFIG_INVALID',
        'store.db cannot go with cluster: Redis Cluster has only database 0; use store.prefix to keep deployments apart',
      );
    }
  }
  if (nameEntry) {
    if (!sentinelsEntry)
      reader.error(nameEntry.key, 'ERR_CONFIG_INVALID', 'store.name goes with sentinels (the master to follow)');
    const name = reader.string(nameEntry.value, 'store.name');
    if (name !== undefined) store.name = name;
  }
  if (dbEntry && sentinelsEntry) {
    const db = reader.scalar(dbEntry.value, 'store.db');
    if (typeof db === 'number' && Number.isInteger(db) && db >= 0 && db <= REDIS_MAX_DB) store.db = db;
    else if (db !== undefined) {
      reader.error(
        dbEntry.value,
        'ERR_CONFIG_INVALID',
        `store.db must be a database number from 0 to ${REDIS_MAX_DB} (Redis's default databases setting), got ${JSON.stringify(db)}`,
      );
    }
  }
  const username = fields.get('username');
  if (username) {
    const value = reader.string(username.value, 'store.username');
    if (value !== undefined) store.username = value;
  }
  for (const field of ['password_env', 'sentinel_password_env'] as const) {
    const found = fields.get(field);
    if (!found) continue;
    const name = reader.string(found.value, `store.${field}`);
    if (name !== undefined && !isVariableName(name)) {
      // Never repeat the value: it is most often the password itself.
      const holds = field === 'password_env' ? 'the Redis password' : "the sentinels' password";
      const example = field === 'password_env' ? 'STINT_REDIS_PASSWORD' : 'STINT_SENTINEL_PASSWORD';
      reader.error(found.value, 'ERR_CONFIG_INVALID', notAVariableName(`store.${field}`, holds, example));
    } else if (name !== undefined) {
      store[field] = name;
      store[`${field}_at`] = reader.place(found.value);
    }
  }
  if (fields.get('sentinel_password_env') && !sentinelsEntry) {
    reader.error(
      fields.get('sentinel_password_env')!.key,
      'ERR_CONFIG_INVALID',
      'store.sentinel_password_env goes with sentinels',
    );
  }
  const tls = fields.get('tls');
  if (tls) {
    const value = reader.boolean(tls.value, 'store.tls');
    if (value !== undefined && urlEntry) {
      reader.error(
        tls.key,
        'ERR_CONFIG_INVALID',
        'store.tls goes with sentinels or cluster; for a url, write rediss:// for TLS',
      );
    } else if (value) store.tls = true;
  }
  const prefix = fields.get('prefix');
  if (prefix) {
    const value = reader.string(prefix.value, 'store.prefix');
    // No braces (a hash tag would move keys across Cluster slots) and no colons (our separator).
    if (value !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
      reader.error(
        prefix.value,
        'ERR_CONFIG_INVALID',
        `store.prefix must be 1 to 64 letters, digits, '_', '.' or '-', got '${value}'`,
      );
    } else if (value !== undefined) store.prefix = value;
  }
  const acks = fields.get('min_replica_acks');
  if (acks) {
    const value = reader.scalar(acks.value, 'store.min_replica_acks');
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 16) {
      if (value > 0) store.min_replica_acks = value;
    } else if (value !== undefined) {
      reader.error(
        acks.value,
        'ERR_CONFIG_INVALID',
        `store.min_replica_acks must be a whole number of replicas from 0 to 16, got ${JSON.stringify(value)}`,
      );
    }
  }
  const startup = fields.get('startup_timeout');
  if (startup) {
    const seconds = readDuration(reader, startup.value, 'store.startup_timeout');
    if (seconds !== undefined) store.startup_timeout = seconds;
  }
  return store;
}

function readHostPorts(reader: YamlReader, node: YamlNode, where: string): string[] {
  const items = reader.strings(node, where) ?? [];
  const out: string[] = [];
  for (const { value, node: item } of items) {
    const match = HOST_PORT.exec(value);
    const port = match?.[3] === undefined ? 1 : Number(match[3]);
    if (!match || port < 1 || port > 65535) {
      reader.error(
        item,
        'ERR_CONFIG_INVALID',
        `each of ${where} must be host:port, e.g. redis-1.internal:26379, got '${redactUrl(value)}'`,
      );
    } else out.push(value);
  }
  if (items.length === 0) reader.error(node, 'ERR_CONFIG_INVALID', `${where} must list at least one host:port`);
  return out;
}

/**
 * A redis:// or rediss:// URL with no password in it: a password in the file would leak with the
 * file. A URL with a redis scheme is read by the store's own reader (src/store/redis-url.ts), whose
 * problems quote nothing of it; only a URL of another scheme is quoted, without its password.
 */
function readRedisUrl(reader: YamlReader, node: YamlNode, text: string, where: string): string | undefined {
  if (!/^rediss?:/i.test(text)) {
    reader.error(
      node,
      'ERR_CONFIG_INVALID',
      `${where} must be 'memory' or a ${REDIS_URL_FORM} URL, got '${redactUrl(text)}'`,
    );
    return undefined;
  }
  const url = readRedisUrlParts(text);
  if ('problem' in url) {
    reader.error(
      node,
      'ERR_CONFIG_INVALID',
      `${where} ${url.problem}; the password goes in the variable password_env names (store: { url: …, password_env: STINT_REDIS_PASSWORD }), never in the URL`,
    );
    return undefined;
  }
  if (url.password !== undefined) {
    // The ACL user stays in the URL: without it, the password would be tried as the `default` user's.
    reader.error(
      node,
      'ERR_STORE_PASSWORD_INLINE',
      `${where} has a password inside the URL; never put it in the file: write store: { url: ${url.display}, password_env: REDIS_PASSWORD } and set that variable`,
    );
    return undefined;
  }
  return text;
}
