import { createHash, randomBytes, type ScryptOptions, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { type NowInput, nowMs } from '../lib/clock.js';
import { StintError } from '../lib/errors.js';
import type { ApiKeyRecord, Store } from '../store/types.js';

/**
 * Project API keys (docs/broker.md#project-api-keys): `stint_sk_<id>_<secret>`. The id (16 hex digits) is public and
 * indexes the record; the secret (32 random bytes, base64url) is shown once and never stored.
 * The store keeps `scrypt$<N>$<r>$<p>$<salt>$<hash>` of the whole key.
 */
export const API_KEY_PREFIX = 'stint_sk_';

/** Lifetime of a key created without `--expires` (DESIGN §2); `--expires never` opts out. */
export const DEFAULT_API_KEY_LIFETIME_SEC = 90 * 86_400;
/**
 * A key's last use is written at most this often. Each write rewrites the key file (fsync) or sets a
 * Redis field, so recording every introspection would put a disk sync on a resource server's hot path.
 */
export const LAST_USE_EVERY_MS = 60_000;

/** scrypt cost: 16 MiB and tens of milliseconds per guess; the key itself has 256 bits. */
const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;
const KEY_PATTERN = /^stint_sk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/**
 * What a key whose id names no key is checked against: a hash record of our parameters, with a
 * random salt and a random hash that no key derives (made once per process, never stored).
 */
const UNKNOWN_ID_HASH = [
  'scrypt',
  SCRYPT.N,
  SCRYPT.r,
  SCRYPT.p,
  randomBytes(16).toString('base64url'),
  randomBytes(SCRYPT.keyLength).toString('base64url'),
].join('$');
/**
 * Presented keys that matched their hash, by SHA-256, so introspection does not pay scrypt on every
 * call; least recently used first. Only keys that verified get in, so its size is bounded by the
 * keys that exist, not by what callers send; the limit is far above any real key count (an entry
 * is about 200 bytes). At 1,000 entries a broker with 10,000 keys in use paid a full scrypt on
 * nearly every call (issue 18).
 */
const VERIFIED_CACHE_LIMIT = 100_000;
const verified = new Map<string, string>();

export interface CreatedApiKey {
  id: string;
  /** The key: print it once, never log or store it. */
  key: string;
  record: ApiKeyRecord;
}

/**
 * Creates a key for one project and stores only its hash record.
 *
 * @example
 * const { id, key } = await createApiKey(store, { project: 'warehouse', name: 'api server', expiresInSec: 90 * 86400 });
 */
export async function createApiKey(
  store: Store,
  options: { project: string; name: string; expiresInSec?: number; now?: NowInput },
): Promise<CreatedApiKey> {
  const created = await newApiKey(options);
  await store.putApiKey(created.record);
  return created;
}

/**
 * A new key and its hash record, not stored yet: for a caller that must do something between
 * (`stint keys create-api-key` audits it first), then `store.putApiKey(record)`.
 *
 * @example
 * const created = await newApiKey({ project: 'warehouse', name: 'api server' });
 * await audit(created.id);
 * await store.putApiKey(created.record);
 */
export async function newApiKey(options: {
  project: string;
  name: string;
  expiresInSec?: number;
  now?: NowInput;
}): Promise<CreatedApiKey> {
  if (options.project === '') throw new StintError('ERR_API_KEY_PROJECT', 'an API key needs a project');
  if (options.expiresInSec !== undefined && !(options.expiresInSec > 0)) {
    throw new StintError('ERR_API_KEY_EXPIRY', 'an API key must expire in the future');
  }
  const createdAtMs = nowMs(options.now);
  const id = randomBytes(8).toString('hex');
  const key = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id,
    project: options.project,
    name: options.name,
    hash: await hashKey(key),
    createdAtMs,
    ...(options.expiresInSec === undefined ? {} : { expiresAtMs: createdAtMs + options.expiresInSec * 1000 }),
  };
  return { id, key, record };
}

/** Why a presented key is refused: for the audit log (the caller is told only that it is not valid). */
export type ApiKeyRefusal = 'malformed' | 'unknown id' | 'wrong secret' | 'revoked' | 'expired';

/**
 * A presented key's verdict: its record when it is valid, unexpired and unrevoked; else why not,
 * with its public id when it is shaped like a key (never the secret).
 */
export type ApiKeyVerdict = { record: ApiKeyRecord } | { refused: ApiKeyRefusal; id?: string };

/**
 * Returns the record of a valid, unexpired, unrevoked key, else undefined (see checkApiKey).
 *
 * @example
 * const key = await verifyApiKey(store, bearerToken, Date.now(), { caller: '203.0.113.7' });
 * if (key === undefined) return unauthorized();
 */
export async function verifyApiKey(
  store: Store,
  presented: string,
  now?: NowInput,
  options: { caller?: string } = {},
): Promise<ApiKeyRecord | undefined> {
  const verdict = await checkApiKey(store, presented, now, options);
  return 'record' in verdict ? verdict.record : undefined;
}

/**
 * Checks a presented key: its record when it is valid, unexpired and unrevoked, else why not.
 * A value that is not shaped like a key is refused without a hash. A key-shaped one whose id names
 * no key costs the same as a wrong secret (DESIGN §2): one scrypt at the same parameters against
 * a hash no key has, compared in constant time, then refused; so the answer time does not tell
 * whether an id exists, and such checks wait in the same queue and count against the same
 * per-caller share as any other, so made-up ids are no cheaper a flood than made-up secrets.
 * A key with a known id costs one scrypt (unless it verified before, see `verified`), compared in
 * constant time; checks from one `caller` (a client address) that wait for scrypt are capped, so
 * one address cannot hold the queue that every other caller's first check waits in.
 * Store errors (ERR_STORE_UNAVAILABLE) propagate: the caller fails closed. A full queue throws
 * ERR_API_KEY_BUSY; a caller over its share, ERR_RATE_LIMITED.
 *
 * @example
 * const verdict = await checkApiKey(store, bearerToken, Date.now(), { caller: '203.0.113.7' });
 * if ('refused' in verdict) audit({ api_key_id: verdict.id, reason: verdict.refused });
 */
export async function checkApiKey(
  store: Store,
  presented: string,
  now?: NowInput,
  options: { caller?: string } = {},
): Promise<ApiKeyVerdict> {
  const match = typeof presented === 'string' ? KEY_PATTERN.exec(presented) : null;
  if (match === null) return { refused: 'malformed' };
  const id = match[1]!;
  const record = await store.getApiKey(id);
  if (record === undefined) {
    await matchesHash(presented, UNKNOWN_ID_HASH, options.caller);
    return { refused: 'unknown id', id };
  }
  if (!(await matchesHash(presented, record.hash, options.caller))) return { refused: 'wrong secret', id };
  // Revoked is revoked from the moment it is stored, whatever time it records: that time is the
  // revoking host's clock, which may be ahead of this one (there is no scheduled revocation).
  if (record.revokedAtMs !== undefined) return { refused: 'revoked', id };
  const t = nowMs(now);
  if (record.expiresAtMs !== undefined && record.expiresAtMs <= t) return { refused: 'expired', id };
  return { record };
}

export interface ApiKeyUsage {
  /**
   * Notes that `record` was just used. Returns at once: the write (when one is due) runs in the
   * background and never delays or fails the request that used the key.
   */
  record(record: ApiKeyRecord, nowMs: number): void;
  /** Resolves when the writes started so far have finished (for shutdown and tests). */
  settled(): Promise<void>;
}

/**
 * Records when each key was last used, at most once per LAST_USE_EVERY_MS per key: a use within
 * that time of the last one written (by this process, or by any broker, as the record read from
 * the store says) writes nothing. So `list-api-keys` is at most a minute behind, and the store
 * sees at most one write per key per minute however busy introspection is.
 * A write that fails is reported once through `onError` (a read-only keys dir cannot hold it),
 * then tried again no sooner than the next minute.
 *
 * @example
 * const usage = createApiKeyUsage(store, { onError: (e) => log.warn(e.message) });
 * usage.record(key, Date.now());
 */
export function createApiKeyUsage(store: Store, options: { onError?: (error: Error) => void } = {}): ApiKeyUsage {
  const writtenAt = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  let reported = false;
  return {
    record(record, nowMs) {
      const last = Math.max(record.lastUsedAtMs ?? 0, writtenAt.get(record.id) ?? 0);
      if (nowMs - last < LAST_USE_EVERY_MS) return;
      writtenAt.set(record.id, nowMs);
      if (writtenAt.size > VERIFIED_CACHE_LIMIT) writtenAt.delete(writtenAt.keys().next().value!);
      const write = store
        .recordApiKeyUse(record.id, nowMs)
        .catch((error: unknown) => {
          if (!reported) options.onError?.(error as Error);
          reported = true;
        })
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async settled() {
      await Promise.all([...pending]);
    },
  };
}

/** True for a string shaped like a stint API key (no check of its validity). */
export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/**
 * The public id at the start of a value that begins as a stint API key does (`stint_sk_` and 16
 * hex digits), whole or cut short, else undefined; no check of its validity. So an operator who
 * pastes a leaked key to revoke it is understood, and the key is never repeated back.
 *
 * @example
 * apiKeyIdOf('stint_sk_0123456789abcdef_…') // '0123456789abcdef'
 */
export function apiKeyIdOf(value: string): string | undefined {
  return /^stint_sk_([0-9a-f]{16})(?:_|$)/.exec(value)?.[1];
}

async function hashKey(key: string): Promise<string> {
  const salt = randomBytes(16);
  const derived = await scrypt(key, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, undefined);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), derived.toString('base64url')].join('$');
}

/**
 * The id of `presented` when this process has verified it before (it is in `verified`), else
 * undefined; no store read, no hash. Such a key may have been revoked or expired since:
 * verifyApiKey still decides. For the rate limit only: introspection with a key verified here
 * draws from the key's own bucket, not its client address's (src/broker/routes.ts).
 *
 * @example
 * const id = verifiedApiKeyId(bearerToken); // '0123456789abcdef', or undefined for a key never verified here
 */
export function verifiedApiKeyId(presented: string): string | undefined {
  const match = KEY_PATTERN.exec(presented);
  if (match === null) return undefined;
  return verified.has(createHash('sha256').update(presented).digest('hex')) ? match[1] : undefined;
}

/**
 * Checks of one presented key against one hash that are running now, so that the same key sent
 * many times at once (a resource server's burst right after the broker started) costs one
 * scrypt, not one each. Bounded by the checks the scrypt queue admits.
 */
const checking = new Map<string, Promise<boolean>>();

async function matchesHash(presented: string, encoded: string, caller: string | undefined): Promise<boolean> {
  const cacheKey = createHash('sha256').update(presented).digest('hex');
  if (verified.get(cacheKey) === encoded) {
    // Most recently used goes last, so eviction takes the key unused longest.
    verified.delete(cacheKey);
    verified.set(cacheKey, encoded);
    return true;
  }
  const running = `${cacheKey}$${encoded}`;
  let check = checking.get(running);
  if (check === undefined) {
    check = slowMatch(presented, encoded, cacheKey, caller).finally(() => checking.delete(running));
    checking.set(running, check);
  }
  return check;
}

async function slowMatch(presented: string, encoded: string, cacheKey: string, caller: string | undefined) {
  const parsed = parseHash(encoded);
  // A malformed record still costs one scrypt at our parameters, then fails.
  const { N, r, p, salt, hash } = parsed ?? { ...SCRYPT, salt: Buffer.alloc(16), hash: Buffer.alloc(SCRYPT.keyLength) };
  const derived = await scrypt(presented, salt, hash.length, { N, r, p }, caller);
  const ok = parsed !== undefined && timingSafeEqual(hash, derived);
  if (ok) {
    if (verified.size >= VERIFIED_CACHE_LIMIT) verified.delete(verified.keys().next().value!);
    verified.set(cacheKey, encoded);
  }
  return ok;
}

/** `scrypt$N$r$p$salt$hash`, with bounds so a tampered record cannot make us burn gigabytes. */
function parseHash(encoded: string): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  const sane =
    Number.isSafeInteger(N) &&
    N >= 2 &&
    N <= 1 << 20 &&
    (N & (N - 1)) === 0 &&
    Number.isSafeInteger(r) &&
    r >= 1 &&
    r <= 32 &&
    Number.isSafeInteger(p) &&
    p >= 1 &&
    p <= 4 &&
    128 * N * r <= 128 * 1024 * 1024 &&
    salt.length >= 8 &&
    hash.length >= 16 &&
    hash.length <= 64;
  return sane ? { N, r, p, salt, hash } : undefined;
}

/**
 * scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which
 * file I/O shares: the audit log, key reloads, the API key file. Anyone can make the broker run
 * one by presenting a made-up key, so at most this many run at once and the rest wait their
 * turn; a flood of bogus keys then slows introspection, never the broker's own I/O.
 */
const MAX_SCRYPT_IN_FLIGHT = 2;
/**
 * Checks waiting beyond this are refused at once (ERR_API_KEY_BUSY, a 503 with Retry-After)
 * rather than queued: a flood of made-up keys would otherwise hold a socket per request and
 * make a real key's first check wait behind all of them (each check is a deliberately slow hash).
 */
const MAX_SCRYPT_WAITING = 64;
/**
 * Checks of one caller (a client address; an IPv6 /64) running or waiting at once; beyond this it
 * is refused at once (ERR_RATE_LIMITED, a 429 with Retry-After). Without it one address, well
 * within its request rate, kept the whole queue full (scrypt runs about 13 checks a second on a
 * busy 2-core host, an address may send 100 requests a second), and every key not verified since
 * the broker started was answered 503. With it, a real key's first check waits behind at most
 * this many of any one address's, and it takes 64 / 4 = 16 addresses to fill the queue.
 */
const MAX_SCRYPT_PER_CALLER = 4;
let scryptInFlight = 0;
const scryptQueue: Array<() => void> = [];
/** Checks running or waiting per caller; an entry goes when its count is back to 0. */
const scryptByCaller = new Map<string, number>();

async function scrypt(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
  caller: string | undefined,
): Promise<Buffer> {
  const callerHeld = caller === undefined ? 0 : (scryptByCaller.get(caller) ?? 0);
  if (callerHeld >= MAX_SCRYPT_PER_CALLER)
    throw new StintError('ERR_RATE_LIMITED', `too many API key checks from ${caller} at once; retry after 1 s`);
  let wait = false;
  if (scryptInFlight < MAX_SCRYPT_IN_FLIGHT) scryptInFlight++;
  else if (scryptQueue.length >= MAX_SCRYPT_WAITING)
    throw new StintError('ERR_API_KEY_BUSY', 'too many API key checks are waiting; try again in a second');
  else wait = true;
  if (caller !== undefined) scryptByCaller.set(caller, callerHeld + 1);
  try {
    if (wait) await new Promise<void>((resume) => scryptQueue.push(resume)); // the slot is handed over, not released
    return await new Promise((resolve, reject) => {
      scryptCallback(password, salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
        error ? reject(error) : resolve(key),
      );
    });
  } finally {
    if (caller !== undefined) {
      const left = scryptByCaller.get(caller)! - 1;
      if (left === 0) scryptByCaller.delete(caller);
      else scryptByCaller.set(caller, left);
    }
    const next = scryptQueue.shift();
    if (next) next();
    else scryptInFlight--;
  }
}
