import { CLOCK_SKEW_SEC } from '../lib/clock-skew.js';
import { StintError } from '../lib/errors.js';

/**
 * ERR_STORE_UNAVAILABLE from a store whose server answered and refused the broker: a wrong
 * password, an ACL user without a permission, a db it lacks, a certificate it rejects. `refusal`
 * is what the server (or TLS) said. Waiting does not mend a refusal, so a broker starting up
 * stops at once (src/broker/startup-checks.ts) rather than wait for the store.
 */
export class StoreRefusedError extends StintError {
  /** What went wrong, without the advice the message ends with. */
  readonly problem: string;
  readonly refusal: string;
  /**
   * What to do, when the refusal says it precisely (a TLS certificate this broker does not trust
   * or that does not name the host); the message ends with it. Undefined otherwise.
   */
  readonly fix: string | undefined;

  constructor(problem: string, hint: string, refusal: string, options?: { cause?: unknown; fix?: string }) {
    super(
      'ERR_STORE_UNAVAILABLE',
      `${problem}; ${hint}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'StoreRefusedError';
    this.problem = problem;
    this.refusal = refusal;
    this.fix = options?.fix;
  }
}

/**
 * The store answered, but fewer replicas than `store.min_replica_acks` confirmed a write
 * (ERR_STORE_UNAVAILABLE): the fix is a replica, not the link to Redis. The message says how many
 * replicas the primary has.
 */
export class ReplicasShortError extends StintError {
  constructor(message: string) {
    super('ERR_STORE_UNAVAILABLE', message);
    this.name = 'ReplicasShortError';
  }
}

/**
 * ERR_STORE_UNAVAILABLE from the embedded store while its state directory cannot be looked at
 * (EACCES after a chmod, EIO, a path component replaced): the broker cannot check that it still
 * holds the directory, so it acknowledges nothing until it can, and recovers by itself once the
 * directory reads again. `errno` is the file system's code, which `/readyz` may show (never the path).
 */
export class StateDirUnreadableError extends StintError {
  readonly errno: string;

  constructor(message: string, errno: string, options?: { cause?: unknown }) {
    super('ERR_STORE_UNAVAILABLE', message, options);
    this.name = 'StateDirUnreadableError';
    this.errno = errno;
  }
}

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
   * The store work of one exchange, in one atomic step (one Redis round trip; one journal record),
   * in the order docs/broker.md#what-an-exchange-checks gives: take a token from `address` (kept
   * whatever follows); refuse `replayed` when `replayKey` is recorded; with `record`, take a token
   * from `owner` and record `replayKey` for `ttlMs`, resolving only once the record is as durable as
   * configured (replicas confirmed). Nothing after a refusal changes. Without `record` it only
   * looks (`absent`): the answer for an exchange refused by its policy, which must still say
   * "replayed" first. Throws ERR_STORE_UNAVAILABLE when the store cannot answer or confirm, and
   * then leaves no record behind.
   */
  admit(request: AdmitRequest): Promise<Admission>;
  /** Marks a token id revoked until `expiresAtMs` (epoch ms), when the token would die anyway. */
  revoke(jti: string, expiresAtMs: number): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  /** Token bucket: takes one token from `bucket`. `retryAfterMs` is set when refused. */
  takeToken(bucket: string, limit: RateLimit, nowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /** Project API keys (hash records only, never the key). */
  putApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKey(prefix: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /**
   * Revokes a key at `revokedAtMs`, or keeps the time of its first revocation; resolves false when
   * no key has that id. Either way it resolves only once the revocation is as durable as
   * configured: for a key revoked before too, so a repeated call confirms an earlier revocation
   * that the replicas had not (ReplicasShortError while they still do not).
   */
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
   * Redis also looks at its dataset marker here (onDataset), so the readiness watch finds a loss
   * within READINESS_CHECK_MS even when the link never dropped (FLUSHALL) and no exchange comes.
   */
  checkWrite(): Promise<void>;
  /**
   * Throws unless the project API keys can be read now: the embedded store's key file
   * (`<keys.dir>/api-keys.json`) damaged or unreadable (ERR_API_KEYS_UNREADABLE) or written by a
   * newer stint (ERR_KEYS_NEWER). For start-up and readiness. Absent where they live in the store itself (Redis).
   */
  checkApiKeys?(): Promise<void>;
  /**
   * Redis: tells `listener` what the store learns of its dataset (docs/many-brokers.md#when-redis-loses-its-data):
   * a marker it found missing and created, or a loss (the dataset the broker wrote to is gone or
   * replaced). The embedded store has it only when it opened on a state directory that lost its
   * journal (docs/broker.md#state-on-disk), and tells each listener of that loss as it registers.
   * A listener may answer whether it put the change on record (the broker: logged and audited):
   * the embedded store counts its loss reported only once one says so, else the next start reports it again.
   */
  onDataset?(listener: DatasetListener): void;
  /**
   * Resolves if this process has lost the store for good, with why: the embedded store's state
   * directory was taken by another process (docs/broker.md#state-on-disk). Every operation then
   * throws that error, and the broker stops (exit 1). Absent where that cannot happen (Redis).
   */
  readonly lost?: Promise<StintError>;
  close(): Promise<void>;
}

/** One broker instance's key set, as it publishes it to its peers. */
export interface InstanceRecord {
  instance: string;
  /** The kid it signs with now (empty when it has none). */
  signing: string;
  /** The kids its JWKS publishes, sorted. */
  published: string[];
  /**
   * Kids its keys dir has retired or dropped, newest first (absent from brokers older than it): a
   * peer still signing with one of them is behind a rotation.
   */
  retired?: string[];
  /** Short SHA-256 of its published JWKS, for messages. */
  fingerprint: string;
  /** When it published this, by its own clock. */
  atMs: number;
  /** Random per broker process: another under the same `instance` name is a second process (absent from older brokers). */
  nonce?: string;
  /** The stint version it runs (package.json's; absent from brokers older than it). */
  version?: string;
}

/**
 * What the Redis store learnt of its dataset marker (a key it writes once, with no expiry, under its
 * prefix, and checks on every reconnect, every readiness check and every exchange), or the embedded
 * store of its journal at start (`lost` with `journal`).
 * `created`: there was none (the first broker on this Redis and prefix, or the data was lost while
 * no broker ran: the two look alike). `lost`: the marker this process saw before is gone or another,
 * so the replay records, revocations and API keys written before `lostAtMs` are gone; `by` says
 * whether this broker found the marker missing (`this broker`) or found another broker's word of it.
 */
export type DatasetChange =
  | { kind: 'created'; key: string }
  | {
      kind: 'lost';
      key: string;
      lostAtMs: number;
      by: 'this broker' | 'another broker';
      /**
       * The embedded store: the state directory that opened with no journal, and the record (beside
       * the audit log) that names the dataset it held. Absent for Redis.
       */
      journal?: { dir: string; record: string };
    };

/**
 * Told what a store learns of its dataset. It may return a promise resolving `true` once the change
 * is on record (the broker: logged and audited); any other answer leaves it unrecorded.
 */
export type DatasetListener = (change: DatasetChange) => unknown;

/** One token bucket to take a token from. */
export interface BucketTake {
  bucket: string;
  limit: RateLimit;
}

/** What an exchange asks of the store (Store.admit). */
export interface AdmitRequest {
  /** The ID token's replay key (already a hash). */
  replayKey: string;
  /** How long its record lives, from now. */
  ttlMs: number;
  /** Taken first and kept whatever follows (the per-address limit, a guard against floods). */
  address?: BucketTake;
  /** Taken only for a token about to be recorded (the per-owner limit). */
  owner?: BucketTake;
  /** Record the key (an exchange about to answer 200), or only look (`absent` when it is not there). */
  record: boolean;
  /** Epoch ms for the memory store's buckets (Redis uses its own clock). */
  nowMs: number;
  /**
   * When the ID token was issued (its `iat`, else its `nbf`), epoch ms; absent when it says neither.
   * After the store lost its data, a token issued before the loss (plus the clock skew allowed,
   * ISSUED_BEFORE_LOSS_MARGIN_MS) is refused `lost`: its replay record may be among those lost.
   */
  issuedAtMs?: number;
}

export type Admission =
  | {
      outcome: 'recorded';
      /**
       * Drops the record again (the exchange failed after all: its audit event could not be
       * written), waited on like the record; never throws. A release that cannot be confirmed is
       * retried in the background.
       */
      release(): Promise<void>;
    }
  /** Not recorded, and nothing recorded (`record: false`). */
  | { outcome: 'absent' }
  | { outcome: 'replayed' }
  /**
   * The store lost its data at `lostAtMs` (its clock) and the ID token was issued before that plus
   * ISSUED_BEFORE_LOSS_MARGIN_MS, or says no time and the loss is under NO_ISSUE_TIME_LOSS_MS old:
   * it may have been exchanged already, and its record is gone. Nothing recorded.
   */
  | { outcome: 'lost'; lostAtMs: number }
  /** An older broker's exchange holds the key (RESERVE_WINDOW_MS); ask again shortly. */
  | { outcome: 'pending' }
  | { outcome: 'rate_limited'; bucket: 'address' | 'owner'; retryAfterMs: number };

/**
 * After a loss of the store's data, ID tokens issued up to this long after the loss are refused as
 * well: an issuer's clock may run this far ahead of the store's (the skew allowed on `exp`, `nbf`
 * and `iat`), so a token issued, and exchanged, before the loss may carry a later `iat`.
 */
export const ISSUED_BEFORE_LOSS_MARGIN_MS = CLOCK_SKEW_SEC * 1000;

/**
 * An ID token with neither `iat` nor `nbf` cannot show it was issued after a loss: it is refused
 * for this long after one (the CI providers stint knows all set `iat`).
 */
export const NO_ISSUE_TIME_LOSS_MS = 24 * 3600 * 1000;

/**
 * How long a broker of an older version (reserve, then commit: two round trips) holds a replay
 * key while its exchange runs. During a rolling upgrade an exchange that meets such a hold
 * (`pending`) asks again until it is recorded or gone, for at most about this long.
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
  /**
   * `file:line:column` of `password_env` / `sentinel_password_env` in the config, for the error
   * when the variable is not set. Not a setting: a reload ignores them (src/broker/server.ts).
   */
  password_env_at?: string;
  sentinel_password_env_at?: string;
  /** TLS to every node (and sentinel); `rediss://` says it for a `url`. */
  tls?: boolean;
  /** Key prefix, so deployments can share one Redis. Default `stint`. */
  prefix?: string;
  /** Replicas that must confirm (WAIT) each replay record and revocation before a 200. Default 0. */
  min_replica_acks?: number;
  /** Seconds a starting broker waits for its first write before it exits (docs/broker.md#start-up-checks). Default 30. */
  startup_timeout?: number;
}
