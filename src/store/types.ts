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
  /** Throws ERR_STORE_UNAVAILABLE when the backend cannot answer. */
  ping(): Promise<void>;
  /**
   * Throws ERR_STORE_UNAVAILABLE unless the backend takes a write now (readiness): a Redis replica
   * answers PING but refuses writes, and a journal on a full disk reads fine but cannot grow.
   */
  checkWrite(): Promise<void>;
  close(): Promise<void>;
}

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
  | { kind: 'memory'; dir: string; sync?: 'always' | 'write' }
  /** `password_env` names an env var holding the Redis password; never inline in the file. */
  | { kind: 'redis'; url: string; password_env?: string };
