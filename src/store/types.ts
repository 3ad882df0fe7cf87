import { CLOCK_SKEW_SEC } from '../lib/clock-skew.js';

/**
 * State that several broker instances must share: the replay cache, revocations, rate-limit
 * buckets, project API keys and issued-certificate records. `memory` implements it for one
 * process, `redis` for many. Every operation is atomic; keys passed in are already hashed by
 * the caller (never a raw token). An implementation whose backend is unreachable throws
 * `StintError('ERR_STORE_UNAVAILABLE')` so the broker can fail closed with 503.
 */
export interface Store {
  /** Records `key` for `ttlMs`. Resolves true the first time, false when it is already there. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /**
   * The exchange's replay record in two steps, so that only an answered 200 spends an ID token:
   * `reserve` holds `key` for this caller for at most RESERVE_WINDOW_MS; `commit` turns the hold
   * into the record (kept `ttlMs` from the reservation) and resolves only once it is as durable
   * as configured (replicas confirmed); `release` drops the hold or the record when the answer is
   * not 200. Resolves `committed` when the key is already recorded, `pending` while another caller
   * holds it.
   */
  reserve(key: string, ttlMs: number): Promise<Reservation | 'committed' | 'pending'>;
  /** Marks a token id revoked until `expiresAtMs` (epoch ms), when the token would die anyway. */
  revoke(jti: string, expiresAtMs: number): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  /** Token bucket: takes one token from `bucket`. `retryAfterMs` is set when refused. */
  takeToken(bucket: string, limit: RateLimit, nowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /** Project API keys (hash records only, never the key). */
  putApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKey(prefix: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Resolves false when no key has that id. */
  revokeApiKey(id: string, revokedAtMs: number): Promise<boolean>;
  /**
   * Sets a key's `lastUsedAtMs` (never moves it back). Callers throttle it (src/tokens/api-keys.ts,
   * `createApiKeyUsage`): it is a write, not something to do on every request.
   */
  recordApiKeyUse(id: string, usedAtMs: number): Promise<void>;
  /** Issued client certificates, by serial, so they can be audited and looked up. */
  putCertificate(record: CertificateRecord): Promise<void>;
  /**
   * What each broker instance serves, so instances can check they agree on one key set
   * (docs/many-brokers.md#one-key-set). `publishInstance` replaces the instance's record.
   */
  publishInstance(record: InstanceRecord): Promise<void>;
  /** Every published record, stale ones included (the caller judges age by `atMs`). */
  listInstances(): Promise<InstanceRecord[]>;
  removeInstance(instance: string): Promise<void>;
  /** Throws ERR_STORE_UNAVAILABLE when the backend cannot answer. */
  ping(): Promise<void>;
  /**
   * Throws ERR_STORE_UNAVAILABLE unless the backend takes a write now (readiness): a Redis replica
   * answers PING but refuses writes, and a journal on a full disk reads fine but cannot grow.
   */
  checkWrite(): Promise<void>;
  close(): Promise<void>;
}

/** One broker instance's key set, as it publishes it to its peers. */
export interface InstanceRecord {
  instance: string;
  /** The kid it signs with now (empty when it has none). */
  signing: string;
  /** The kids its JWKS publishes, sorted. */
  published: string[];
  /** Short SHA-256 of its published JWKS, for messages. */
  fingerprint: string;
  /** When it published this, by its own clock. */
  atMs: number;
}

/** A reservation of a replay key by one exchange (Store.reserve). */
export interface Reservation {
  /**
   * Records the key. Throws ERR_STORE_UNAVAILABLE when the record is not made or not confirmed as
   * configured (then call `release`): the hold lapsed (RESERVE_WINDOW_MS passed, by the store's
   * clock), the store is down, or fewer replicas than `min_replica_acks` confirmed it.
   */
  commit(): Promise<void>;
  /** Drops this caller's hold or record, if it is still this caller's; never throws. */
  release(): Promise<void>;
}

/**
 * How long a reservation holds a replay key before it must be committed. It bounds the time an ID
 * token is unusable after an exchange that failed without being able to release it (the store
 * stalled): after this the token can be exchanged again.
 */
export const RESERVE_WINDOW_MS = 5_000;

/**
 * A revocation (and a certificate record) is kept this long past the token's `exp`, because
 * verifiers accept a token up to 60 s after `exp` to allow for clock skew (src/lib/clock-skew.ts), and
 * their clocks are not the store's.
 */
export const REVOCATION_MARGIN_MS = CLOCK_SKEW_SEC * 1000;

export interface RateLimit {
  /** Tokens added per second. */
  rps: number;
  /** Bucket size. */
  burst: number;
}

export interface ApiKeyRecord {
  /** Public id shown by `stint keys list-api-keys`; also the lookup prefix of the key. */
  id: string;
  project: string;
  name: string;
  /** scrypt parameters and salt, encoded as the record's owner chooses; never the key. */
  hash: string;
  createdAtMs: number;
  /** Absent: the key never expires (`--expires never`, or a key made before keys expired by default). */
  expiresAtMs?: number;
  revokedAtMs?: number;
  /** Last successful use, recorded at most once a minute per key; absent when never used since recording began. */
  lastUsedAtMs?: number;
}

export interface CertificateRecord {
  serial: string;
  project: string;
  subject: string;
  jti: string;
  notAfterMs: number;
  fingerprint: string;
}

/** Where the broker keeps shared state, as the config names it (`store:`). */
export type StoreConfig =
  /** The embedded store; its replay records and revocations are journaled in `dir`, which one broker holds. */
  { kind: 'memory'; dir: string; sync?: 'always' | 'write' } | RedisStoreConfig;

/** Redis has databases 0–15 unless its `databases` setting says more; stint takes the default. */
export const REDIS_MAX_DB = 15;

/** `host:port` or `[v6]:port`, as sentinels and cluster seeds are written. */
export const HOST_PORT = /^(?:\[([^\]]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/;

/**
 * Redis (docs/many-brokers.md): exactly one of `url` (one primary, `redis://` or `rediss://`),
 * `sentinels` + `name` (Redis Sentinel) or `cluster` (Redis Cluster seed nodes, `host:port`).
 */
export interface RedisStoreConfig {
  kind: 'redis';
  url?: string;
  sentinels?: string[];
  /** The master's name as the sentinels know it. */
  name?: string;
  cluster?: string[];
  /** Database index for `sentinels` (a `url` carries it in its path); Cluster has only 0. */
  db?: number;
  /** ACL user. */
  username?: string;
  /** Names an env var holding the Redis password; never inline in the file. */
  password_env?: string;
  /** Names an env var holding the sentinels' own password, when they require one. */
  sentinel_password_env?: string;
  /** TLS to every node (and sentinel); `rediss://` says it for a `url`. */
  tls?: boolean;
  /** Key prefix, so deployments can share one Redis. Default `stint`. */
  prefix?: string;
  /** Replicas that must confirm (WAIT) each replay record and revocation before a 200. Default 0. */
  min_replica_acks?: number;
  /** Seconds a starting broker waits for its first write before it exits (docs/broker.md#start-up-checks). Default 30. */
  startup_timeout?: number;
}
