/**
 * The Redis store: lets any number of broker instances share the replay cache, revocations,
 * rate-limit buckets, project API keys and certificate records (docs/many-brokers.md).
 *
 * Why ioredis rather than node-redis: it is one package (node-redis pulls in a family of
 * `@redis/*` packages) and has, as plain options, exactly the fail-closed behaviour a
 * credential broker needs: `enableOfflineQueue: false` (a command issued while disconnected
 * fails at once instead of waiting in an unbounded queue), `commandTimeout` (every command is
 * bounded), `maxRetriesPerRequest: 0` (a command in flight when the link drops is rejected, not
 * replayed later), a `retryStrategy` for capped reconnect backoff, and `defineCommand` for Lua
 * scripts (EVALSHA with automatic EVAL fallback after a Redis restart flushed the script cache).
 * Its own README now points new projects to node-redis; the features we use are mature and
 * stable, and the choice is contained in this one file behind the `Store` interface.
 *
 * Every operation is a single atomic Redis command or Lua script, so two brokers can never both
 * win a `claimOnce`, and no interleaving lets a rate limit be skipped.
 *
 * Keys: `<namespace>:<kind>:<sha256(key) base64url>`. Callers already pass hashes, but the store
 * hashes again: it costs a microsecond, it bounds key length, and it makes "never a raw token in
 * Redis" hold even if a caller one day passes a raw value. Nothing readable about a token is kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import keySlot from 'cluster-key-slot';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { StintError } from '../lib/errors.js';
import {
  certificateFix,
  createRedisClient,
  type RedisEndpoint,
  reconnectDelay,
  sentinelMasterNames,
} from './redis-connect.js';
import { checkNodePersistence } from './redis-persistence.js';
import {
  type Admission,
  type AdmitRequest,
  type ApiKeyRecord,
  type BucketTake,
  type CertificateRecord,
  type DatasetChange,
  type DatasetListener,
  type InstanceRecord,
  ISSUED_BEFORE_LOSS_MARGIN_MS,
  NO_ISSUE_TIME_LOSS_MS,
  type RateLimit,
  REVOCATION_MARGIN_MS,
  ReplicasShortError,
  type Store,
  StoreRefusedError,
} from './types.js';

export { parseRedisUrl } from './redis-connect.js';

/**
 * Replies and TLS failures that mean Redis refuses this broker (credentials, ACL, db, certificate)
 * rather than being out of reach: waiting will not mend them.
 */
const REFUSAL = /WRONGPASS|NOAUTH|NOPERM|DB index is out of range|certificate|CERT_|self[- ]signed/i;

/**
 * A sentinel's answer when it monitors no master of `store.name` (ioredis asks SENTINEL SENTINELS
 * after GET-MASTER-ADDR-BY-NAME replied null, and passes this on as its last error).
 */
const NO_SUCH_MASTER = /No such master with that name/;

export interface RedisStoreOptions {
  /** Overrides a password in the URL (the broker reads it from the env var named by `password_env`). */
  password?: string;
  /** ACL user; overrides a user in the URL. */
  username?: string;
  /** Bound on every command, including the time to write it. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Bound on a TCP (and TLS) connect, and on the wait for the first connection in `openRedisStore`. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Longest pause between reconnect attempts. Default 2000 ms. */
  maxReconnectDelayMs?: number;
  /** Key prefix, so several stint deployments can share one Redis. Default `stint`. */
  namespace?: string;
  /** TLS for Sentinel and Cluster (`true`), or extra TLS options (e.g. `ca`); NODE_EXTRA_CA_CERTS works too. */
  tls?: boolean | ConnectionOptions;
  /** The sentinels' own password. */
  sentinelPassword?: string;
  /**
   * Replicas that must confirm (`WAIT`) each replay record, revocation and API key change before
   * it counts as written; fewer is ERR_STORE_UNAVAILABLE. Default 0 (the master's word is enough).
   */
  minReplicaAcks?: number;
}

/** The `Store`, plus a read of certificate records (for audits and tests). */
export interface RedisStore extends Store {
  getCertificate(serial: string): Promise<CertificateRecord | undefined>;
  /**
   * The durability settings of each master that break a guarantee (redis-persistence.ts), as
   * `WARN_…: …` lines; empty when all is well. Never throws: an unreachable Redis gives no lines.
   */
  persistenceWarnings(minReplicaAcks: number): Promise<string[]>;
  onDataset(listener: DatasetListener): void;
  /** Whether the client holds a link to Redis now (ioredis status `ready`). */
  connected(): boolean;
  /**
   * Calls `listener` once, after the first write Redis took (a readiness probe, an exchange): the
   * settings of a Redis that was not up when the broker started are read then.
   */
  onFirstWrite(listener: () => void): void;
}

/**
 * Token bucket. Time comes from Redis's own clock (TIME), not from the caller: every broker
 * instance then refills the same bucket by the same clock, so a broker whose clock runs ahead
 * cannot mint itself extra tokens, and one behind cannot starve the rest.
 * State: hash {t = tokens left (float), ts = ms of last update}. The key expires when the
 * bucket would be full again, so idle buckets cost nothing.
 * `take(key, rate, burst)` returns allowed (0|1), retryAfterMs. Scripts start with this and `now`.
 */
const BUCKET_LUA = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function take(key, rate, burst)
  local state = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(state[1])
  local ts = tonumber(state[2])
  if tokens == nil or ts == nil then
    tokens = burst
    ts = now
  end
  local elapsed = now - ts
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(burst, tokens + elapsed * rate / 1000)
  local allowed = 0
  local retry = 0
  if tokens >= 1 then
    tokens = tokens - 1
    allowed = 1
  else
    retry = math.ceil((1 - tokens) * 1000 / rate)
  end
  redis.call('HSET', key, 't', string.format('%.6f', tokens), 'ts', tostring(now))
  local full = math.ceil((burst - tokens) * 1000 / rate)
  if full < 1 then full = 1 end
  redis.call('PEXPIRE', key, full)
  return allowed, retry
end
`;

/**
 * KEYS[1] bucket, and on Cluster KEYS[2] the take's own record (in the bucket's slot, named by a
 * request id); ARGV rate, burst, how long the record lives (ms). Returns {allowed (0|1), retryAfterMs}.
 * ioredis Cluster resends a command whose connection closed before its reply came back; a resend
 * of a take that Redis had run finds the record and answers what the first run answered, taking
 * nothing, as the admit script does with its replay record's owner. The record reads
 * `allowed|retry`, with `|r` once the token was given back (REFUND_TOKEN_LUA).
 */
const TAKE_TOKEN_LUA = `${BUCKET_LUA}
if KEYS[2] then
  local seen = redis.call('GET', KEYS[2])
  if seen then
    local allowed, retry = string.match(seen, '^(%d)|([^|]+)')
    return {tonumber(allowed), tonumber(retry)}
  end
end
local allowed, retry = take(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
if KEYS[2] then redis.call('SET', KEYS[2], allowed .. '|' .. retry, 'PX', ARGV[3]) end
return {allowed, retry}
`;

/**
 * Gives back a token taken by TAKE_TOKEN_LUA (Cluster: an exchange refused by a check on another
 * slot), never above the burst. KEYS[1] bucket, and on Cluster KEYS[2] the take's record: a
 * refund resent after a lost reply finds it marked and gives nothing back a second time.
 * ARGV rate, burst.
 */
const REFUND_TOKEN_LUA = `
if KEYS[2] then
  local seen = redis.call('GET', KEYS[2])
  if seen then
    if string.sub(seen, -2) == '|r' then return 0 end
    redis.call('SET', KEYS[2], seen .. '|r', 'KEEPTTL')
  end
end
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1])
if tokens == nil or state[2] == false then return 0 end
tokens = math.min(tonumber(ARGV[2]), tokens + 1)
redis.call('HSET', KEYS[1], 't', string.format('%.6f', tokens))
return 1
`;

/**
 * The exchange's store work in one script (Store.admit), in the order of the checks: the address
 * bucket, the replay record, the owner bucket, then the record. A replay record's value is
 * `c|OWNER` (OWNER random per exchange, so a release drops only its own record, and a resend of the
 * same call, which ioredis Cluster makes after a closed connection, finds its own record and answers
 * `recorded` again instead of `replayed`); a broker of an
 * older version also wrote `p|OWNER|T0` while its exchange ran (a hold), answered `pending` here.
 *
 * KEYS[1] replay key, then the dataset marker when ARGV[9] is not empty, then the address bucket
 * when ARGV[4] is not empty, then the owner bucket when ARGV[6] is not empty. ARGV: owner, ttl ms,
 * deadline (Redis ms; empty for none), address rate, address burst, owner rate, owner burst, record
 * (1 | 0), the marker id this broker knows (empty: not checked here, on Cluster), when the ID token
 * was issued (ms; empty when it says no time).
 * The deadline comes first: a script that Redis runs after the broker gave up on it (Redis stalled,
 * then woke) changes nothing and answers `late`, so a refused exchange never spends the token.
 * Then the marker: one missing or not the broker's (Redis lost its data since the broker last
 * looked) changes nothing and answers `unverified`, so no exchange is recorded in a dataset the
 * broker has not checked (it checks, and asks again). A token not recorded, and issued before the
 * loss the marker names (DATASET_LUA), answers `lost`: its record may be among those lost.
 * Returns {outcome, retryAfterMs (for `lost`: when the data was lost), Redis now}: outcome
 * `recorded`, `absent`, `replayed`, `pending`, `lost`, `address`, `owner` (a bucket refused),
 * `unverified` or `late`.
 */
const ADMIT_LUA = `${BUCKET_LUA}
if ARGV[3] ~= '' and now > tonumber(ARGV[3]) then return {'late', 0, now} end
local nextKey = 2
local lostAt = 0
if ARGV[9] ~= '' then
  local id, lost = string.match(redis.call('GET', KEYS[2]) or '', '^([^|]+)|(%d+)$')
  if id ~= ARGV[9] then return {'unverified', 0, now} end
  lostAt = tonumber(lost)
  nextKey = 3
end
if ARGV[4] ~= '' then
  local allowed, retry = take(KEYS[nextKey], tonumber(ARGV[4]), tonumber(ARGV[5]))
  nextKey = nextKey + 1
  if allowed == 0 then return {'address', retry, now} end
end
local v = redis.call('GET', KEYS[1])
if v then
  if string.sub(v, 1, 2) == 'p|' then return {'pending', 0, now} end
  if v == 'c|' .. ARGV[1] then return {'recorded', 0, now} end
  return {'replayed', 0, now}
end
if lostAt > 0 then
  if ARGV[10] == '' then
    if now <= lostAt + ${NO_ISSUE_TIME_LOSS_MS} then return {'lost', lostAt, now} end
  elseif tonumber(ARGV[10]) <= lostAt + ${ISSUED_BEFORE_LOSS_MARGIN_MS} then
    return {'lost', lostAt, now}
  end
end
if ARGV[8] ~= '1' then return {'absent', 0, now} end
if ARGV[6] ~= '' then
  local allowed, retry = take(KEYS[nextKey], tonumber(ARGV[6]), tonumber(ARGV[7]))
  if allowed == 0 then return {'owner', retry, now} end
end
redis.call('SET', KEYS[1], 'c|' .. ARGV[1], 'PX', ARGV[2])
return {'recorded', 0, now}
`;

/**
 * Revokes an API key that exists; the first revocation time is kept. Returns 1, or 0 when unknown.
 * A key already revoked gets its time written again, unchanged: a script that changes nothing is
 * not replicated, and the WAIT behind it would then have nothing to wait for, so a repeated
 * revocation (the retry of one the replicas did not confirm) would be confirmed while a replica
 * still lacks it. Written again, it is replicated after the first revocation, and WAIT confirms both.
 */
const REVOKE_API_KEY_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'revokedAtMs', ARGV[1]) == 0 then
  redis.call('HSET', KEYS[1], 'revokedAtMs', redis.call('HMGET', KEYS[1], 'revokedAtMs')[1])
end
return 1
`;

// A key's last use only moves forward (a broker with a slower clock, or a late write, never moves it
// back) and is never written for a key that does not exist (no stray hash without its record).
// Scripts call only commands of the least-privilege ACL user in docs/many-brokers.md (HMGET, not HGET):
// a script's command outside it fails with NOPERM for that user (test/store/redis-acl.ts).
const RECORD_API_KEY_USE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local seen = tonumber(redis.call('HMGET', KEYS[1], 'lastUsedAtMs')[1] or '0') or 0
if tonumber(ARGV[1]) <= seen then return 0 end
redis.call('HSET', KEYS[1], 'lastUsedAtMs', ARGV[1])
return 1
`;

/**
 * How long a take's record (Cluster) lives: longer than ioredis Cluster goes on resending a command
 * (a few redirections 100 ms apart, within the store's bound on the call) by a wide margin.
 */
const TAKE_RECORD_MS = 10_000;

/** How long a refused exchange's replay hold keeps being released while Redis does not confirm it. */
const RELEASE_RETRY_MS = 30_000;

/** RELEASE: KEYS[1]; ARGV owner. Drops the replay record if it is this owner's (Admission.release). */
const RELEASE_LUA = `
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^%a|([^|]+)') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * The dataset marker (`<namespace>:dataset`, no expiry): `ID|LOST` with ID random, written by the
 * first broker to find none, and LOST the Redis ms when a broker found the data lost (0: never).
 * Redis forgets quietly (a restart without its append-only file, a failover to an empty replica,
 * FLUSHALL, an eviction): the marker goes with the rest, and a broker that saw it before knows.
 * KEYS[1] marker; ARGV: the id this broker saw last (empty: it never looked), a new random id, the
 * Redis ms of this broker's last look. Returns {state, id, lost, Redis now}:
 * - `created`: none, and this broker never looked: it writes one (ID|0). The first broker on this
 *   Redis and prefix, or a loss while no broker ran: the two look alike.
 * - `adopted`: this broker's first look found one.
 * - `same`: the one this broker saw.
 * - `lost`: the one this broker saw is gone, and this broker wrote the new one (ID|now), only if
 *   none is there (this script is atomic), so of several brokers the first writes it; or another's
 *   marker does not name a loss since this broker last looked (LOST older: written by a broker that
 *   started after the loss and took it for a first start), and this broker set LOST to now, so
 *   every broker refuses the tokens issued before.
 * - `lost elsewhere`: another broker's marker names a loss since this broker last looked: it
 *   reports the loss too, and writes over nothing. (Said by the script, not inferred from times:
 *   two brokers' looks often run in one Redis millisecond.)
 * A value not of that shape (written by something else) counts as gone.
 */
const DATASET_LUA = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local id, lost = string.match(redis.call('GET', KEYS[1]) or '', '^([^|]+)|(%d+)$')
if not id then
  if ARGV[1] == '' then
    redis.call('SET', KEYS[1], ARGV[2] .. '|0')
    return {'created', ARGV[2], 0, now}
  end
  redis.call('SET', KEYS[1], ARGV[2] .. '|' .. string.format('%d', now))
  return {'lost', ARGV[2], now, now}
end
lost = tonumber(lost)
if ARGV[1] == '' then return {'adopted', id, lost, now} end
if id == ARGV[1] then return {'same', id, lost, now} end
if lost > tonumber(ARGV[3]) then return {'lost elsewhere', id, lost, now} end
redis.call('SET', KEYS[1], id .. '|' .. string.format('%d', now))
return {'lost', id, now, now}
`;

interface Scripts {
  /** Keys as many as the first argument says (TAKE_TOKEN_LUA). */
  stintTakeToken(numKeys: number, ...keysThenArgs: string[]): Promise<[number, number]>;
  stintRevokeApiKey(key: string, revokedAtMs: string): Promise<number>;
  stintRecordApiKeyUse(key: string, usedAtMs: string): Promise<number>;
  /** Keys as many as the first argument says (REFUND_TOKEN_LUA). */
  stintRefundToken(numKeys: number, ...keysThenArgs: string[]): Promise<number>;
  /** Keys as many as the first argument says (ADMIT_LUA). */
  stintAdmit(numKeys: number, ...keysThenArgs: string[]): Promise<[string, number, number]>;
  stintRelease(key: string, owner: string): Promise<number>;
  stintDataset(key: string, known: string, fresh: string, seenAtMs: string): Promise<[string, string, number, number]>;
}
type ScriptedClient = (Redis | Cluster) & Scripts;
type ScriptedPipeline = ChainableCommander & {
  [K in keyof Scripts]: (...args: Parameters<Scripts[K]>) => ScriptedPipeline;
};

function checkLimit(limit: RateLimit): void {
  if (!(limit.rps > 0) || !(limit.burst >= 1)) {
    throw new StintError(
      'ERR_RATE_LIMIT_INVALID',
      `rate limit needs rps > 0 and burst >= 1 (got rps ${limit.rps}, burst ${limit.burst})`,
    );
  }
}

/** Connects a Cluster's node connection if it is not yet, and says whether it is ready within `ms`. */
function nodeReady(node: Redis, ms: number): Promise<boolean> {
  if (node.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      node.off('ready', onReady);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(node.status === 'ready'), ms);
    node.on('ready', onReady);
    if (node.status === 'wait') node.connect().catch(() => undefined);
  });
}

function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * What to check when Redis is connected but a command failed, by what it said: a time-out is a
 * Redis that does not answer (busy, paused, failing over), never a permission.
 */
function serverHint(said: string): string {
  if (/timed? ?out/i.test(said))
    return 'Redis did not answer within the command time-out: it is overloaded, paused, or failing over (a Sentinel or Cluster failover ends within seconds, and the broker follows it by itself); if it lasts, check its log and load';
  if (/^OOM/.test(said))
    return 'Redis is out of memory: raise maxmemory or free memory, and keep maxmemory-policy noeviction';
  if (/NOPERM/.test(said))
    return 'the ACL user may not run this command or touch these keys: give it the rules in docs/many-brokers.md (a least-privilege user)';
  return "check the Redis server: its log, memory (maxmemory) and the ACL user's permissions";
}

/** The warning for a node whose durability settings could not be read (docs/many-brokers.md#persistence). */
function settingsUnread(node: string, why: string): string {
  return `WARN_STORE_SETTINGS_UNREAD: Redis ${node}: could not read its settings (${why}); check them by hand: appendonly yes, appendfsync always (or everysec with min_replica_acks), maxmemory-policy noeviction`;
}

/**
 * Opens the Redis store and waits (at most `connectTimeoutMs`) for the first connection. It
 * resolves even when Redis is down: the store keeps reconnecting in the background, every
 * operation meanwhile throws `ERR_STORE_UNAVAILABLE` at once, and `checkWrite()` tells `/readyz`.
 * `target` is a URL or a Sentinel or Cluster endpoint (src/store/redis-connect.ts).
 *
 * @example
 * const store = await openRedisStore('rediss://stint@redis.internal:6380/0', { password: env.STINT_REDIS_PASSWORD });
 * const store = await openRedisStore({ sentinels: ['10.0.0.5:26379'], name: 'stint' }, { minReplicaAcks: 1 });
 */
export async function openRedisStore(
  target: string | RedisEndpoint,
  options: RedisStoreOptions = {},
): Promise<RedisStore> {
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const ns = options.namespace ?? 'stint';
  const minReplicaAcks = options.minReplicaAcks ?? 0;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2000;
  // WAIT answers within this (with how many replicas confirmed), well inside the command bound.
  const waitMs = Math.max(1, Math.floor(commandTimeoutMs / 2));
  const endpoint: RedisEndpoint = typeof target === 'string' ? { url: target } : target;
  const connectOptions = {
    commandTimeoutMs,
    connectTimeoutMs,
    maxReconnectDelayMs,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.sentinelPassword === undefined ? {} : { sentinelPassword: options.sentinelPassword }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  };
  const connection = createRedisClient(endpoint, connectOptions);
  const display = connection.display;
  const client = connection.client as ScriptedClient;
  client.defineCommand('stintTakeToken', { lua: TAKE_TOKEN_LUA });
  client.defineCommand('stintRevokeApiKey', { numberOfKeys: 1, lua: REVOKE_API_KEY_LUA });
  client.defineCommand('stintRecordApiKeyUse', { numberOfKeys: 1, lua: RECORD_API_KEY_USE_LUA });
  client.defineCommand('stintRefundToken', { lua: REFUND_TOKEN_LUA });
  client.defineCommand('stintAdmit', { lua: ADMIT_LUA });
  client.defineCommand('stintRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
  client.defineCommand('stintDataset', { numberOfKeys: 1, lua: DATASET_LUA });

  // ioredis prints unhandled 'error' events; we keep the last one (its text names the cause,
  // e.g. ECONNREFUSED or WRONGPASS, never the password) for our own error messages.
  let lastError = '';
  /**
   * Sentinel: the sentinels answered that they monitor no master named `store.name`, and the names
   * they do monitor (undefined when none answered SENTINEL MASTERS). Set once that look-up ends,
   * so every message from then on says it; cleared when the client reaches a master.
   */
  let unknownMaster: { known: string[] | undefined } | undefined;
  let lookingUpMasters = false;
  client.on('error', (e: Error) => {
    lastError = e.message;
    if ('sentinels' in endpoint && NO_SUCH_MASTER.test(e.message) && unknownMaster === undefined && !lookingUpMasters) {
      lookingUpMasters = true;
      void sentinelMasterNames(endpoint, connectOptions).then((known) => {
        lookingUpMasters = false;
        // Still not found (a sentinel may have been told the name meanwhile).
        if (client.status !== 'ready' && !known?.includes(endpoint.name)) unknownMaster = { known };
      });
    }
  });
  client.on('ready', () => {
    lastError = '';
    unknownMaster = undefined;
  });
  // A Cluster client reports its nodes' errors as 'node error'.
  client.on('node error', (e: Error) => {
    lastError = e.message;
  });

  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, connectTimeoutMs);
    client.connect().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });

  /**
   * A plain link to a TLS port is reset (ECONNRESET), and a TLS link to a plain port waits for a
   * handshake that never comes (ETIMEDOUT): the address may be right and the scheme wrong.
   */
  const schemeHint = (error: string): string => {
    if (!connection.tls && /ECONNRESET|socket hang up/.test(error))
      return connection.mode === 'single'
        ? '; if that port speaks TLS, use rediss://'
        : '; if those ports speak TLS, set store.tls: true';
    if (connection.tls && /ETIMEDOUT|timed? ?out/i.test(error))
      return connection.mode === 'single'
        ? '; if that port does not speak TLS, use redis://'
        : '; if those ports do not speak TLS, drop store.tls';
    return '';
  };

  const unavailable = (operation: string, cause: unknown): StintError => {
    const text = cause instanceof Error ? cause.message : String(cause);
    // ioredis refuses a command sent while its link is down at once, its status may still say ready.
    const linkDown = client.status !== 'ready' || text.startsWith("Stream isn't writeable");
    // A replica answers READONLY, and the link is dropped and made again (reconnectOnError): a
    // command sent meanwhile finds no link, but the replica is still why.
    if (text.startsWith('READONLY')) lastError = text;
    const readonly = text.startsWith('READONLY') || (linkDown && lastError.startsWith('READONLY'));
    // Connected but refused (OOM, NOPERM, a timeout) points at the server; not connected, at the link.
    const connected = !linkDown || readonly;
    const why = readonly
      ? lastError
      : connected
        ? text
        : `not connected (${client.status}${lastError ? `; last error: ${lastError}` : ''})`;
    // A certificate Node did not accept: the fix is on the broker's trust or the certificate, not the link.
    const certificate = connected ? undefined : certificateFix(lastError, connection.mode);
    const hint = readonly
      ? connection.mode === 'single'
        ? 'this Redis is a replica: point store.url at the primary, or use store.sentinels to follow the master'
        : 'a replica answered for the master; the broker asks again for the master and recovers when the failover ends'
      : connected
        ? serverHint(text)
        : (certificate ??
          `check that Redis is running and reachable and that the password is right${schemeHint(lastError)}`);
    if (!connected && unknownMaster !== undefined && 'sentinels' in endpoint) {
      // The sentinels answer and know no such master: store.name is wrong (or they are not set up
      // to monitor it yet). Waiting will not mend it, as with a wrong password.
      const { known } = unknownMaster;
      const names =
        known === undefined
          ? ''
          : known.length === 0
            ? ' (they monitor no master)'
            : ` (they monitor ${known.map((n) => `"${n}"`).join(', ')})`;
      const fix = `store.name is "${endpoint.name}", which the sentinels at ${endpoint.sentinels.join(',')} do not monitor${names}: set store.name to the name in their \`sentinel monitor\` line`;
      return new StoreRefusedError(
        `Redis store ${display} is unavailable (${operation}: the sentinels know no master named "${endpoint.name}")`,
        fix,
        lastError,
        { cause, fix },
      );
    }
    const problem = `Redis store ${display} is unavailable (${operation}: ${why})`;
    // What Redis (or TLS) said, never the store's name: a Sentinel master may be called `certificates`.
    const said = connected && !readonly ? text : lastError;
    if (REFUSAL.test(said))
      return new StoreRefusedError(problem, hint, said, {
        cause,
        ...(certificate === undefined ? {} : { fix: certificate }),
      });
    return new StintError('ERR_STORE_UNAVAILABLE', `${problem}; ${hint}`, { cause });
  };

  /** The primary's replica count (INFO replication), read at most once a second while writes fall short. */
  let replicaCount: { atMs: number; count: number | undefined } | undefined;
  /**
   * The error for a write that fewer than `min_replica_acks` replicas confirmed, saying how many
   * replicas the primary has: a missing replica is the usual cause, and the fix is not on the link.
   */
  const replicasShort = async (operation: string, acks: number, written?: string): Promise<ReplicasShortError> => {
    const t = Date.now();
    // A Cluster: the master that took the write (the one holding `written`'s slot), which the
    // message names, since only that master's slots fail.
    const master = connection.mode === 'cluster' && written !== undefined ? masterOf(written) : undefined;
    if (connection.mode !== 'cluster' && (replicaCount === undefined || t - replicaCount.atMs > 1_000)) {
      const replication = await call('info', () => (client as Redis).info('replication')).catch(() => '');
      const connected = /^connected_slaves:(\d+)/m.exec(replication)?.[1];
      replicaCount = { atMs: t, count: connected === undefined ? undefined : Number(connected) };
    }
    const count = connection.mode === 'cluster' ? undefined : replicaCount?.count;
    const hint =
      count === undefined
        ? `check that ${connection.mode === 'cluster' ? (master === undefined ? 'every master' : `master ${master}`) : 'the primary'} has at least ${minReplicaAcks} replica(s) attached and keeping up (INFO replication: connected_slaves)`
        : count < minReplicaAcks
          ? `the primary has ${count} connected replica(s) (INFO replication: connected_slaves), fewer than store.min_replica_acks ${minReplicaAcks}: start or reattach the missing replica (its log, its replicaof and masterauth), or lower store.min_replica_acks`
          : `the primary has ${count} replicas connected, but only ${acks} confirmed in time: check that they keep up (their link to the primary, their load, their log)`;
    return new ReplicasShortError(
      `Redis store ${display} is unavailable (${operation}: ${acks} of ${minReplicaAcks} replicas confirmed the write within ${waitMs} ms (store.min_replica_acks)); ${hint}`,
    );
  };

  /** The `host:port` of the Cluster master serving `k`'s slot now, by the client's slot table (no command). */
  const masterOf = (k: string): string | undefined => (client as Cluster).slots[keySlot(k)]?.[0];

  /**
   * Every call goes through here: errors of any kind become ERR_STORE_UNAVAILABLE (fail closed),
   * and the whole call is bounded, Cluster redirections and retries included.
   */
  const call = async <T>(operation: string, op: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Command timed out')), commandTimeoutMs * 2);
    });
    try {
      return await Promise.race([op(), bound]);
    } catch (e) {
      throw unavailable(operation, e);
    } finally {
      clearTimeout(timer);
    }
  };

  type Results = Array<[Error | null, unknown]>;
  /** Runs a MULTI or pipeline; a command that failed inside it, or an aborted one, is ERR_STORE_UNAVAILABLE too. */
  const batch = async (operation: string, build: () => ChainableCommander): Promise<unknown[]> => {
    const results = (await call(operation, () => build().exec())) as Results | null;
    const failed = results?.find(([error]) => error !== null);
    if (results === null || failed !== undefined) throw unavailable(operation, failed?.[0] ?? 'transaction aborted');
    return results.map(([, value]) => value);
  };

  /**
   * Sends `write` and, with min_replica_acks, a WAIT on the same connection (a pipeline goes to
   * one node, in order), so the broker answers only once that many replicas hold the write.
   * Returns the write's reply.
   */
  const durable = async (
    operation: string,
    write: (pipeline: ScriptedPipeline) => ScriptedPipeline,
  ): Promise<unknown> => {
    let written: string | undefined;
    const replies = await batch(operation, () => {
      const pipeline = write(client.pipeline() as ScriptedPipeline);
      // Only a Cluster's replicasShort names a master by it: not read on other writes.
      if (minReplicaAcks > 0 && connection.mode === 'cluster') written = firstKey(pipeline);
      return minReplicaAcks > 0 ? pipeline.call('WAIT', String(minReplicaAcks), String(waitMs)) : pipeline;
    });
    if (minReplicaAcks > 0) {
      const acks = Number(replies[replies.length - 1]);
      if (!(acks >= minReplicaAcks)) {
        throw await replicasShort(operation, acks, written);
      }
    }
    if (firstWriteListeners.length > 0) {
      const listeners = firstWriteListeners.splice(0);
      for (const listener of listeners) listener();
    }
    return replies[0];
  };
  /** Waiting for the first write Redis takes (onFirstWrite). */
  const firstWriteListeners: Array<() => void> = [];

  let closed = false;
  /**
   * Only close() ends this store's client. ioredis gives a Sentinel client up for good (status
   * `end`: every command fails at once with "Connection is closed", nothing reconnects) when a
   * failover's +switch-master reaches the failover detector of a link that had already dropped
   * (the master died) while the client asks the sentinels for the master again: that detector
   * outlives its link, its disconnect aborts the connect under way, and ioredis takes the abort as
   * final. The broker then answered 503 until it was restarted. Any end but close() starts a
   * connect again, after the usual backoff (test/redis/sentinel-switch.test.ts).
   */
  let revivals = 0;
  client.on('end', () => {
    if (closed || connection.mode === 'cluster') return;
    setTimeout(
      () => {
        if (!closed && client.status === 'end') client.connect().catch(() => undefined);
      },
      reconnectDelay(++revivals, maxReconnectDelayMs),
    ).unref();
  });
  client.on('ready', () => {
    revivals = 0;
  });
  /**
   * Releases Redis has not confirmed yet, by replay key: owner → when to stop trying. While one is
   * here, its record may still be in Redis, and an admit of that key would answer `replayed` for an
   * ID token whose exchange was refused: so every admit of the key sends these first (`settle`), and
   * so does a connection that comes back (`ready`), before anything else.
   */
  const unreleased = new Map<string, Map<string, number>>();
  /** The latest release round per key; a new round starts after it, so rounds never overlap. */
  const releasing = new Map<string, Promise<boolean>>();

  /** Sends every pending release of `k` once; true when none is left pending. Never throws. */
  const sendReleases = (k: string): Promise<boolean> => {
    const round = (releasing.get(k) ?? Promise.resolve(true)).then(async () => {
      const owners = unreleased.get(k);
      if (owners === undefined) return true;
      for (const [owner, giveUpAt] of [...owners]) {
        const done = await durable('release', (p) => p.stintRelease(k, owner)).then(
          () => true,
          () => false,
        );
        if (done || Date.now() >= giveUpAt) owners.delete(owner);
      }
      if (owners.size === 0 && unreleased.get(k) === owners) unreleased.delete(k);
      return !unreleased.has(k);
    });
    releasing.set(k, round);
    void round.then(() => {
      if (releasing.get(k) === round) releasing.delete(k);
    });
    return round;
  };

  // A link that comes back sends the pending releases before any admit can reach the keys.
  client.on('ready', () => {
    for (const k of unreleased.keys()) void sendReleases(k);
  });

  /**
   * Drops an exchange's replay record (an exchange that failed after all), waited on like the record was.
   * A release that fails or is not confirmed (the link dropped with the admit's reply; a failover
   * under way: the old master is read-only or its DEL may not reach the replica being promoted)
   * stays pending, for up to RELEASE_RETRY_MS: it is sent again when the link is ready again,
   * before the next admit of the same key, and in the background, until the master of the moment
   * confirms it. Otherwise the job's retry would be answered 401 replayed, and a record committed
   * on a replica that then became master would spend an ID token the broker answered 503 for.
   * Idempotent and owner-checked, so a late retry never drops another exchange's record.
   */
  const releaseRecord = async (k: string, owner: string): Promise<void> => {
    const owners = unreleased.get(k) ?? new Map<string, number>();
    unreleased.set(k, owners);
    owners.set(owner, Date.now() + RELEASE_RETRY_MS);
    if (await sendReleases(k)) return;
    void (async () => {
      for (let pause = 250; !closed && unreleased.get(k)?.has(owner); pause = Math.min(pause * 2, 2000)) {
        await new Promise((resolve) => setTimeout(resolve, pause).unref());
        if (closed) return;
        await sendReleases(k);
      }
    })();
  };

  /**
   * Before an admit of `k`: its pending releases go out first. One that Redis still does not
   * confirm refuses the admit (503, the job retries) rather than answer 401 replayed from a record
   * that is only there because its release has not landed.
   */
  const settle = async (k: string): Promise<void> => {
    if (!unreleased.has(k) || (await sendReleases(k))) return;
    throw unavailable(
      'admit',
      'an earlier refused exchange of this ID token is not released yet (Redis did not confirm the release)',
    );
  };

  const key = (kind: string, value: string): string => `${ns}:${kind}:${hashKey(value)}`;

  /**
   * Redis's clock minus ours, as it was at the latest when Redis answered: never more than the true
   * offset (by the round trip), so a deadline built with it never lies after our own time-out.
   * Learnt from every admit reply; measured with TIME when not known (at start, after a reconnect,
   * which may be to another node).
   */
  let clockOffsetMs: number | undefined;
  const learnClock = (redisNowMs: number): void => {
    if (Number.isFinite(redisNowMs)) clockOffsetMs = redisNowMs - Date.now();
  };
  client.on('ready', () => {
    clockOffsetMs = undefined;
  });
  const clockOffset = async (): Promise<number> => {
    if (clockOffsetMs === undefined) {
      const [seconds, micros] = await call('time', () => client.time());
      learnClock(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
    }
    return clockOffsetMs ?? 0;
  };

  /**
   * The dataset marker (DATASET_LUA): the id this process saw last (undefined until its first
   * look), the Redis ms of that look, and the latest loss the marker named. Looked at by the
   * start-up check and every readiness check (checkWrite), on every reconnect, and by an exchange
   * whose script found the marker not the one seen (`unverified`).
   */
  const datasetKey = `${ns}:dataset`;
  let knownDataset: string | undefined;
  let datasetSeenAtMs = 0;
  let datasetLostAtMs = 0;
  const datasetListeners: DatasetListener[] = [];
  const tell = (change: DatasetChange): void => {
    for (const listener of datasetListeners) {
      try {
        listener(change);
      } catch {
        // a listener's failure is its own
      }
    }
  };
  /**
   * The ids this process offered in looks whose reply it never got (a time-out, a link that
   * dropped): Redis may have run the script and written one, and a later look that finds it must
   * say this broker wrote it, not another. Cleared at each reply; a few at most.
   */
  const unansweredIds: string[] = [];
  const lookAtDataset = async (): Promise<void> => {
    const fresh = randomBytes(12).toString('base64url');
    unansweredIds.push(fresh);
    if (unansweredIds.length > 16) unansweredIds.shift();
    const [state, id, lost, now] = await call('dataset', () =>
      client.stintDataset(datasetKey, knownDataset ?? '', fresh, String(datasetSeenAtMs)),
    );
    const ours = state === 'lost' || (id !== fresh && unansweredIds.includes(id));
    unansweredIds.length = 0;
    const before = knownDataset;
    const lostBefore = datasetLostAtMs;
    const lostAtMs = Number(lost);
    knownDataset = id;
    datasetSeenAtMs = Number(now);
    datasetLostAtMs = Math.max(datasetLostAtMs, lostAtMs);
    if (state === 'created') tell({ kind: 'created', key: datasetKey });
    else if (before !== undefined && (state === 'lost' || state === 'lost elsewhere' || lostAtMs > lostBefore)) {
      // This broker wrote the marker, or the loss into it; else another broker had.
      tell({ kind: 'lost', key: datasetKey, lostAtMs, by: ours ? 'this broker' : 'another broker' });
    }
  };
  /** Looks at the marker after any look under way (each look then sees the link as it is now); never two at once. */
  let datasetLook: Promise<void> = Promise.resolve();
  let datasetQueued: Promise<void> | undefined;
  const checkDataset = (): Promise<void> => {
    if (datasetQueued !== undefined) return datasetQueued;
    const next = datasetLook
      .catch(() => undefined)
      .then(() => {
        datasetQueued = undefined;
        return lookAtDataset();
      });
    datasetQueued = next;
    datasetLook = next;
    return next;
  };
  // A link that comes back may be to a Redis that restarted empty, or to another master.
  client.on('ready', () => {
    if (knownDataset !== undefined) void checkDataset().catch(() => undefined);
  });
  /** AdmitRequest.issuedAtMs as the admit script takes it. */
  const issuedAt = (request: AdmitRequest): string =>
    request.issuedAtMs === undefined || !Number.isFinite(request.issuedAtMs)
      ? ''
      : String(Math.floor(request.issuedAtMs));
  /** The admit script's `lost` rule, for Cluster, where the marker is not in the replay key's slot. */
  const issuedBeforeLoss = (request: AdmitRequest, redisNowMs: number): boolean => {
    if (datasetLostAtMs === 0) return false;
    if (request.issuedAtMs === undefined || !Number.isFinite(request.issuedAtMs))
      return redisNowMs <= datasetLostAtMs + NO_ISSUE_TIME_LOSS_MS;
    return Math.floor(request.issuedAtMs) <= datasetLostAtMs + ISSUED_BEFORE_LOSS_MARGIN_MS;
  };

  const lateOrOdd = (outcome: string): StintError =>
    unavailable(
      'admit',
      outcome === 'late'
        ? 'Redis ran the exchange after the broker had given up on it (Redis stalled), so it changed nothing'
        : `unexpected reply ${outcome}`,
    );

  /**
   * Cluster: the keys of a take's record (TAKE_TOKEN_LUA), named by `id`, after its bucket; none on
   * one Redis or Sentinel, whose client never resends. The record's name starts with the namespace
   * (an ACL user limited to `~stint:*` may write it) and has the bucket's whole name as its hash
   * tag, so both are in one slot. A namespace with a hash tag of its own (the config allows no
   * braces) tags both already; one with braces but no tag gets no record.
   */
  const takeKeys = (bucketKey: string, id: string): string[] => {
    if (connection.mode !== 'cluster') return [bucketKey];
    if (/^[^{]*\{[^}]+\}/.test(ns)) return [bucketKey, `${ns}:take:${bucketKey}:${id}`];
    if (/[{}]/.test(ns)) return [bucketKey];
    return [bucketKey, `${ns}:take:{${bucketKey}}:${id}`];
  };

  /** Gives back an owner token that take `id` took for an exchange refused after all (never above the burst). */
  const refundOwner = async (take: BucketTake | undefined, id: string): Promise<void> => {
    if (take === undefined) return;
    const keys = takeKeys(key('ratelimit', take.bucket), id);
    await call('refundToken', () =>
      client.stintRefundToken(keys.length, ...keys, String(take.limit.rps), String(Math.floor(take.limit.burst))),
    ).catch(() => undefined);
  };

  /**
   * A recorded replay key, once `acks` replicas (when waited for) confirmed it; else dropped again.
   * `ownerTaken`: the owner token the admit took, given back when the exchange is refused after
   * all (not confirmed, or released), so retries during a replica outage do not drain the bucket.
   */
  const confirmed = async (
    replay: string,
    owner: string,
    acks: number | undefined,
    ownerTaken: BucketTake | undefined,
  ): Promise<Admission> => {
    if (acks !== undefined && !(acks >= minReplicaAcks)) {
      await releaseRecord(replay, owner);
      await refundOwner(ownerTaken, owner);
      throw await replicasShort('admit', acks, replay);
    }
    let released = false;
    return {
      outcome: 'recorded',
      release: async () => {
        if (released) return;
        released = true;
        await releaseRecord(replay, owner);
        await refundOwner(ownerTaken, owner);
      },
    };
  };

  /** Takes a token for request `id` (a resend of the same take takes nothing more, see TAKE_TOKEN_LUA). */
  const takeScript = (take: BucketTake, id: string): Promise<[number, number]> => {
    const keys = takeKeys(key('ratelimit', take.bucket), id);
    return call('takeToken', () =>
      client.stintTakeToken(
        keys.length,
        ...keys,
        String(take.limit.rps),
        String(Math.floor(take.limit.burst)),
        String(TAKE_RECORD_MS),
      ),
    );
  };

  /**
   * Cluster: the replay key and the buckets live in different slots (on different masters), which
   * one script cannot touch. Each goes to its own slot at the same time (one round trip of
   * latency), and what a refusal elsewhere makes wrong is undone: a record is dropped again, an
   * owner token given back. The address token is kept, as it is everywhere.
   */
  const admitAcrossSlots = async (
    request: AdmitRequest,
    replay: string,
    owner: string,
    ttl: string,
    deadline: string,
  ): Promise<Admission> => {
    const waitForReplicas = request.record && minReplicaAcks > 0;
    const ownerTake = request.record ? request.owner : undefined;
    const [replayPart, addressPart, ownerPart, markerPart] = await Promise.allSettled([
      batch('admit', () => {
        const args = [owner, ttl, deadline, '', '', '', '', request.record ? '1' : '0', '', ''];
        const pipeline = (client.pipeline() as ScriptedPipeline).stintAdmit(1, replay, ...args);
        return waitForReplicas ? pipeline.call('WAIT', String(minReplicaAcks), String(waitMs)) : pipeline;
      }),
      request.address === undefined ? undefined : takeScript(request.address, owner),
      ownerTake === undefined ? undefined : takeScript(ownerTake, owner),
      // The marker lives in a slot of its own: read beside the rest, at no extra latency.
      call('dataset', () => client.get(datasetKey)),
    ]);
    const outcome =
      replayPart.status === 'fulfilled' ? (replayPart.value[0] as [string, number, number])[0] : undefined;
    const redisNowMs =
      replayPart.status === 'fulfilled' ? (replayPart.value[0] as [string, number, number])[2] : Number.NaN;
    learnClock(redisNowMs);
    const recorded = outcome === 'recorded';
    const ownerTaken = ownerPart.status === 'fulfilled' && ownerPart.value?.[0] === 1;
    const undo = async (keepRecord: boolean): Promise<void> => {
      if (request.record && !keepRecord && (recorded || replayPart.status === 'rejected'))
        await releaseRecord(replay, owner);
      if (ownerTaken) await refundOwner(ownerTake, owner);
    };
    for (const part of [replayPart, addressPart, ownerPart, markerPart]) {
      if (part.status === 'rejected') {
        await undo(false);
        throw part.reason;
      }
    }
    // Not the marker this broker saw: it looks (and reports a loss) before it judges the token.
    const marker = (markerPart as PromiseFulfilledResult<string | null>).value;
    if (marker?.split('|')[0] !== knownDataset) {
      try {
        await checkDataset();
      } catch (error) {
        await undo(false);
        throw error;
      }
    }
    if (outcome !== 'recorded' && outcome !== 'replayed' && outcome !== 'pending' && outcome !== 'absent') {
      await undo(false);
      throw lateOrOdd(String(outcome));
    }
    const address = addressPart.status === 'fulfilled' ? addressPart.value : undefined;
    if (address !== undefined && address[0] !== 1) {
      await undo(false);
      return { outcome: 'rate_limited', bucket: 'address', retryAfterMs: address[1] };
    }
    if ((outcome === 'recorded' || outcome === 'absent') && issuedBeforeLoss(request, redisNowMs)) {
      await undo(false);
      return { outcome: 'lost', lostAtMs: datasetLostAtMs };
    }
    if (outcome !== 'recorded') {
      await undo(false);
      return { outcome };
    }
    const ownerReply = ownerPart.status === 'fulfilled' ? ownerPart.value : undefined;
    if (ownerReply !== undefined && ownerReply[0] !== 1) {
      await undo(false);
      return { outcome: 'rate_limited', bucket: 'owner', retryAfterMs: ownerReply[1] };
    }
    const replies = (replayPart as PromiseFulfilledResult<unknown[]>).value;
    return confirmed(
      replay,
      owner,
      waitForReplicas ? Number(replies[1]) : undefined,
      ownerTaken ? ownerTake : undefined,
    );
  };
  // The API key index and records share the {apikeys} hash tag so the two-key MULTI in
  // putApiKey and the pipeline in listApiKeys stay in one Redis Cluster slot.
  const apiKeyKey = (id: string): string => `${ns}:{apikeys}:${hashKey(id)}`;
  const apiKeyIndex = `${ns}:{apikeys}:index`;
  const instancesKey = `${ns}:instances`;

  const toApiKeyRecord = (fields: Record<string, string>): ApiKeyRecord | undefined => {
    if (fields.id === undefined || fields.project === undefined || fields.hash === undefined) return undefined;
    const record: ApiKeyRecord = {
      id: fields.id,
      project: fields.project,
      name: fields.name ?? '',
      hash: fields.hash,
      createdAtMs: Number(fields.createdAtMs),
    };
    if (fields.expiresAtMs !== undefined) record.expiresAtMs = Number(fields.expiresAtMs);
    if (fields.revokedAtMs !== undefined) record.revokedAtMs = Number(fields.revokedAtMs);
    if (fields.lastUsedAtMs !== undefined) record.lastUsedAtMs = Number(fields.lastUsedAtMs);
    return record;
  };

  return {
    async claimOnce(value, ttlMs) {
      const ttl = Math.max(1, Math.ceil(ttlMs));
      const reply = await durable(
        'claimOnce',
        (p) => p.set(key('replay', value), '1', 'PX', ttl, 'NX') as ScriptedPipeline,
      );
      return reply === 'OK';
    },

    async admit(request) {
      for (const take of [request.address, request.owner]) if (take !== undefined) checkLimit(take.limit);
      const replay = key('replay', request.replayKey);
      await settle(replay);
      // The first exchange of a broker whose start-up check has not looked at the marker yet.
      if (knownDataset === undefined) await checkDataset();
      const owner = randomBytes(12).toString('base64url');
      const ttl = String(Math.max(1, Math.ceil(request.ttlMs)));
      const waitForReplicas = request.record && minReplicaAcks > 0;
      // Redis must run a record a margin before our own bound on this call (ioredis's
      // commandTimeout from about now), by its own clock; later, it changes nothing (`late`).
      const deadline = async (): Promise<string> =>
        request.record ? String(Date.now() + (await clockOffset()) + Math.floor(commandTimeoutMs * 0.8)) : '';
      if (connection.mode === 'cluster') return admitAcrossSlots(request, replay, owner, ttl, await deadline());

      const keys = [replay, datasetKey];
      const args = [owner, ttl, '', '', '', '', '', request.record ? '1' : '0', '', issuedAt(request)];
      if (request.address !== undefined) {
        keys.push(key('ratelimit', request.address.bucket));
        args[3] = String(request.address.limit.rps);
        args[4] = String(Math.floor(request.address.limit.burst));
      }
      if (request.record && request.owner !== undefined) {
        keys.push(key('ratelimit', request.owner.bucket));
        args[5] = String(request.owner.limit.rps);
        args[6] = String(Math.floor(request.owner.limit.burst));
      }
      // Twice at most: an `unverified` first answer (Redis lost its data since the broker last
      // looked; nothing was changed) has the broker look at the marker, report the loss, and ask again.
      for (let attempt = 1; ; attempt++) {
        args[2] = await deadline();
        // Read above (or the call threw): KEYS[2] is the marker only while this is not empty.
        if (knownDataset === undefined) throw unavailable('admit', 'the dataset marker was not read');
        args[8] = knownDataset;
        let replies: unknown[];
        try {
          // One round trip: the script and, with min_replica_acks, WAIT behind it on the same connection.
          replies = await batch('admit', () => {
            const pipeline = (client.pipeline() as ScriptedPipeline).stintAdmit(keys.length, ...keys, ...args);
            return waitForReplicas ? pipeline.call('WAIT', String(minReplicaAcks), String(waitMs)) : pipeline;
          });
        } catch (error) {
          // Redis may have run it (the reply was lost, or came after our bound): drop what it recorded.
          if (request.record) await releaseRecord(replay, owner);
          throw error;
        }
        const [outcome, retryAfterMs, redisNowMs] = replies[0] as [string, number, number];
        learnClock(redisNowMs);
        switch (outcome) {
          case 'recorded':
            return confirmed(
              replay,
              owner,
              waitForReplicas ? Number(replies[1]) : undefined,
              request.record ? request.owner : undefined,
            );
          case 'address':
          case 'owner':
            return { outcome: 'rate_limited', bucket: outcome, retryAfterMs };
          case 'lost':
            return { outcome: 'lost', lostAtMs: retryAfterMs };
          case 'replayed':
          case 'pending':
          case 'absent':
            return { outcome };
          case 'unverified':
            if (attempt === 1) {
              await checkDataset();
              continue;
            }
            throw unavailable('admit', 'the dataset marker changed again while the broker checked it');
          default:
            throw lateOrOdd(outcome);
        }
      }
    },

    async revoke(jti, expiresAtMs) {
      // PXAT: Redis expires the entry at the absolute time, so no broker clock is involved.
      const at = Math.ceil(expiresAtMs) + REVOCATION_MARGIN_MS;
      await durable('revoke', (p) => p.set(key('revoked', jti), '1', 'PXAT', at) as ScriptedPipeline);
    },

    async isRevoked(jti) {
      return (await call('isRevoked', () => client.exists(key('revoked', jti)))) === 1;
    },

    async takeToken(bucket, limit: RateLimit, _nowMs) {
      checkLimit(limit);
      const [allowed, retryAfterMs] = await takeScript({ bucket, limit }, randomBytes(12).toString('base64url'));
      return { allowed: allowed === 1, retryAfterMs: allowed === 1 ? 0 : retryAfterMs };
    },

    async putApiKey(record) {
      const fields: Record<string, string> = {
        id: record.id,
        project: record.project,
        name: record.name,
        hash: record.hash,
        createdAtMs: String(record.createdAtMs),
      };
      if (record.expiresAtMs !== undefined) fields.expiresAtMs = String(record.expiresAtMs);
      if (record.revokedAtMs !== undefined) fields.revokedAtMs = String(record.revokedAtMs);
      if (record.lastUsedAtMs !== undefined) fields.lastUsedAtMs = String(record.lastUsedAtMs);
      const k = apiKeyKey(record.id);
      // Not connected when it is issued, the write is refused unsent (enableOfflineQueue: false).
      const sent = client.status === 'ready';
      try {
        await batch('putApiKey', () => client.multi().del(k).hset(k, fields).sadd(apiKeyIndex, record.id));
        if (minReplicaAcks > 0) await durable('putApiKey', (p) => p.exists(k) as ScriptedPipeline);
      } catch (error) {
        // A refused key is never printed: a record left on the primary would be an active key that
        // no one holds and no audit event names. The record (a new id) is deleted again, best effort.
        // The record first, on its own: an ACL user made from older docs lacks SREM, and a MULTI
        // holding it would abort whole for that user, the DEL with it. Then its id in the index,
        // which may stay (listApiKeys skips an id without a record).
        if (!sent) {
          const note = 'Redis was not reached, so nothing was stored: no key was created';
          if (error instanceof StintError)
            throw new StintError(error.code, `${error.message}; ${note}`, { cause: error });
          throw error;
        }
        const undone = await call('putApiKey', () => client.del(k)).then(
          () => undefined,
          (e: Error) => e.message,
        );
        if (undone === undefined)
          await call('putApiKey', () => client.srem(apiKeyIndex, record.id)).catch(() => undefined);
        const note =
          undone === undefined
            ? 'the record was deleted again: no key was created'
            : `deleting the record again failed too (${undone}): it may be stored on the primary, active; revoke it with stint keys revoke-api-key ${record.id}`;
        if (error instanceof ReplicasShortError) throw new ReplicasShortError(`${error.message}; ${note}`);
        if (error instanceof StintError)
          throw new StintError(error.code, `${error.message}; ${note}`, { cause: error });
        throw error;
      }
    },

    async getApiKey(id) {
      const fields = await call('getApiKey', () => client.hgetall(apiKeyKey(id)));
      return toApiKeyRecord(fields);
    },

    async listApiKeys() {
      const ids = await call('listApiKeys', () => client.smembers(apiKeyIndex));
      if (ids.length === 0) return [];
      const results = await batch('listApiKeys', () => {
        const pipeline = client.pipeline();
        for (const id of ids) pipeline.hgetall(apiKeyKey(id));
        return pipeline;
      });
      const records: ApiKeyRecord[] = [];
      for (const fields of results) {
        const record = toApiKeyRecord(fields as Record<string, string>);
        if (record !== undefined) records.push(record);
      }
      return records.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
    },

    async revokeApiKey(id, revokedAtMs) {
      const reply = await durable('revokeApiKey', (p) => p.stintRevokeApiKey(apiKeyKey(id), String(revokedAtMs)));
      return reply === 1;
    },

    async recordApiKeyUse(id, usedAtMs) {
      // One field of the key's hash, so it never overwrites a revocation made meanwhile (HSETNX revokedAtMs).
      await call('recordApiKeyUse', () => client.stintRecordApiKeyUse(apiKeyKey(id), String(usedAtMs)));
    },

    async putCertificate(record: CertificateRecord) {
      const k = key('cert', record.serial);
      const fields: Record<string, string> = {
        serial: record.serial,
        project: record.project,
        subject: record.subject,
        jti: record.jti,
        notAfterMs: String(record.notAfterMs),
        fingerprint: record.fingerprint,
      };
      // The record lives as long as the certificate can be presented (plus clock-skew margin).
      const at = Math.ceil(record.notAfterMs) + REVOCATION_MARGIN_MS;
      await batch('putCertificate', () => client.multi().hset(k, fields).pexpireat(k, at));
    },

    async getCertificate(serial: string) {
      const fields = await call('getCertificate', () => client.hgetall(key('cert', serial)));
      if (fields.serial === undefined) return undefined;
      return {
        serial: fields.serial,
        project: fields.project ?? '',
        subject: fields.subject ?? '',
        jti: fields.jti ?? '',
        notAfterMs: Number(fields.notAfterMs),
        fingerprint: fields.fingerprint ?? '',
      };
    },

    async publishInstance(record) {
      await call('publishInstance', () => client.hset(instancesKey, record.instance, JSON.stringify(record)));
    },

    async listInstances() {
      const fields = await call('listInstances', () => client.hgetall(instancesKey));
      const records: InstanceRecord[] = [];
      for (const text of Object.values(fields)) {
        try {
          const r = JSON.parse(text) as InstanceRecord;
          if (typeof r.instance === 'string' && typeof r.signing === 'string' && Array.isArray(r.published))
            records.push(r);
        } catch {
          // not ours to judge: a record another version wrote
        }
      }
      return records;
    },

    async removeInstance(instance) {
      await call('removeInstance', () => client.hdel(instancesKey, instance));
    },

    async ping() {
      const reply = await call('ping', () => client.ping());
      if (reply !== 'PONG') throw unavailable('ping', `unexpected reply ${String(reply)}`);
    },

    async checkWrite() {
      // A replica answers PING but refuses this write (READONLY); with min_replica_acks the write
      // must also reach that many replicas, as every replay record must.
      await durable('checkWrite', (p) => p.set(key('probe', 'readyz'), '1', 'PX', 10_000) as ScriptedPipeline);
      // And the data is the data this broker wrote to (docs/many-brokers.md#when-redis-loses-its-data).
      await checkDataset();
    },

    onDataset(listener) {
      datasetListeners.push(listener);
    },

    async persistenceWarnings(acks) {
      const nodes: Array<[Redis, string]> =
        connection.mode === 'cluster'
          ? (client as Cluster).nodes('master').map((node) => [node, `${node.options.host}:${node.options.port}`])
          : [[client as Redis, display]];
      // A Cluster connects to a master only when a command first goes to it: each is connected
      // here (bounded), so every master is read, not only those the start-up writes reached.
      const read = async ([node, name]: [Redis, string]): Promise<string[]> => {
        if (connection.mode !== 'cluster') {
          if (node.status !== 'ready') return [settingsUnread(name, `not connected: ${node.status}`)];
          return await checkNodePersistence(node, name, acks).catch((error: unknown) => [
            settingsUnread(name, error instanceof Error ? error.message : String(error)),
          ]);
        }
        if (!(await nodeReady(node, connectTimeoutMs))) {
          return [settingsUnread(name, `could not connect within ${connectTimeoutMs} ms: ${node.status}`)];
        }
        return checkNodePersistence(node, name, acks).catch((error: unknown) => [
          settingsUnread(name, error instanceof Error ? error.message : String(error)),
        ]);
      };
      // A Cluster that knows no master yet (every node down at start) has none to read.
      if (nodes.length === 0) return [settingsUnread(display, `no master known: ${client.status}`)];
      return (await Promise.all(nodes.map(read))).flat();
    },

    connected() {
      return client.status === 'ready';
    },

    onFirstWrite(listener) {
      firstWriteListeners.push(listener);
    },

    async close() {
      closed = true;
      try {
        if (client.status === 'ready') await client.quit();
      } catch {
        // closing anyway
      } finally {
        // disconnect() ends each link politely and waits up to 2 s (ioredis's disconnectTimeout)
        // for Redis to close it: a Redis that hangs never does, and those links held the process
        // seconds after the broker said it stopped. Nothing more is sent or awaited: cut them now
        // (found first: a Cluster forgets its nodes as it disconnects).
        const links = openLinks(client, connection.mode === 'cluster');
        client.disconnect();
        for (const link of links) if (link.destroyed !== true) link.destroy();
      }
    },
  };
}

/** The first key of a pipeline's first command that has one (ioredis's queue, read defensively). */
function firstKey(pipeline: ChainableCommander): string | undefined {
  const queue = (pipeline as unknown as { _queue?: Array<{ getKeys?: () => Array<string | Buffer> }> })._queue;
  for (const command of queue ?? []) {
    const key = command.getKeys?.()[0];
    if (key !== undefined) return key.toString();
  }
  return undefined;
}

/** Something with a socket-like destroy (a net or TLS socket). */
interface Link {
  destroyed?: boolean;
  destroy(): void;
}

/**
 * The sockets of an ioredis client not destroyed yet: its own, its connector's (a Sentinel client
 * connecting to the master), the failover detector's links to the sentinels, and a Cluster's
 * nodes'. Read from ioredis's internals, each looked up defensively: a field missing in another
 * version yields nothing.
 */
function openLinks(client: Redis | Cluster, cluster: boolean): Link[] {
  const isLink = (value: unknown): value is Link =>
    typeof value === 'object' && value !== null && typeof (value as Link).destroy === 'function';
  type Internals = {
    stream?: unknown;
    connector?: { stream?: unknown; failoverDetector?: { sentinels?: Array<{ client?: Internals }> } };
  };
  const ofClient = (one: Internals | undefined): unknown[] => [
    one?.stream,
    one?.connector?.stream,
    ...(one?.connector?.failoverDetector?.sentinels ?? []).map((sentinel) => sentinel.client?.stream),
  ];
  const clients: Internals[] = cluster
    ? ((client as Cluster).nodes('all') as unknown as Internals[])
    : [client as unknown as Internals];
  return clients
    .flatMap(ofClient)
    .filter(isLink)
    .filter((link) => link.destroyed !== true);
}
