/**
 * One cache of remote signing keys (JWKS), for the two places that trust keys they fetch: the
 * broker (each CI issuer's keys, found through its discovery document) and stint/verify (the
 * broker's keys, for services receiving stint tokens). Both refetch for an unknown `kid` at most
 * once per interval, so tokens naming made-up kids cannot turn a verifier into a request
 * amplifier; a `kid` met while the interval holds the refetch back is "retry later", not "no such
 * key", since it may be a key published since the last fetch. Both refresh keys older than a
 * maximum age, so a key the issuer dropped stops verifying within that age. They differ in one
 * decision, made by the caller: whether the last good keys are served while the source is down
 * (the broker, for CI issuers) or the failure is reported (stint/verify, where the broker
 * dropping a key must win; see docs/signing.md).
 */
import type { JSONWebKeySet } from 'jose';
import { StintError } from './errors.js';

/** How one source of keys is fetched and how long its keys are trusted. */
export interface KeySource {
  /** Fetches the current key set (with its own timeout and size cap). */
  download(): Promise<JSONWebKeySet>;
  /** Keys older than this are refreshed on the next use. */
  maxAgeMs: number;
  /** At most one fetch per source in this window, whatever the tokens ask for. */
  minRefetchIntervalMs: number;
  /**
   * When a refresh fails: true serves the last good keys (however old); false throws, so keys
   * older than `maxAgeMs` are never used.
   */
  serveStale: boolean;
  /** The error for a source that cannot be asked now (never fetched and rate-limited, or aged out). */
  unavailable(): Error;
  /**
   * A `kid` the keys lack while the interval holds back a refetch (and no fetch is under way).
   * `retry` (the default) throws KeyNotFetchedYet: the key may be one the source published since
   * its last fetch (a rotation), so the answer is "retry in N s", never a refusal a client takes
   * as final. `keys` returns the keys and leaves the decision to the caller (the broker's cache
   * of CI issuer keys, src/broker/jwks-cache.ts, which also tells a failed fetch apart).
   */
  unknownKid?: 'retry' | 'keys';
  onFetch?: (outcome: 'ok' | 'error') => void;
}

export interface KeyCache {
  /**
   * The source's keys at `now` (epoch ms): fetched on first use; refetched when `kid` is not in
   * them or they are older than `maxAgeMs`, at most once per `minRefetchIntervalMs`; concurrent
   * callers share one fetch. A `kid` not in keys fetched before the call, while the interval
   * holds a refetch back, throws KeyNotFetchedYet (unless the source says `unknownKid: 'keys'`).
   */
  keysFor(id: string, kid: string | undefined, now: number, source: KeySource): Promise<JSONWebKeySet>;
}

/**
 * A token's `kid` is not in the keys last fetched, and the source may not be asked again for
 * `retryAfterSec`: ERR_JWKS_UNAVAILABLE (503 with Retry-After, never 401), since a key
 * published since the last fetch verifies once the next fetch is allowed. A flood of made-up kids
 * gets this answer too, and still makes at most one fetch per interval.
 */
export class KeyNotFetchedYet extends StintError {
  readonly retryAfterSec: number;

  constructor(id: string, retryAfterSec: number, intervalMs: number) {
    super(
      'ERR_JWKS_UNAVAILABLE',
      `no key at ${id} has the token's kid yet, and the keys are fetched again at most every ${Math.ceil(intervalMs / 1000)} s: retry in ${retryAfterSec} s (a key published since the last fetch verifies then); this is not a verdict on the token`,
    );
    this.name = 'KeyNotFetchedYet';
    this.retryAfterSec = retryAfterSec;
  }
}

interface Entry {
  jwks?: JSONWebKeySet;
  fetchedAt: number;
  /** When a fetch last started; undefined before the first. */
  attemptedAt?: number;
  pending?: Promise<JSONWebKeySet>;
  /** Unknown kids that waited for the fetch under way, or started it. */
  asked: Set<string>;
  /**
   * Kids a completed fetch was asked for and did not hold (a key the source dropped, a made-up
   * kid), and kids the keys held before a fetch and not after it (a dropped key): the keys can
   * say those do not exist, so they are refused as final, not told to wait.
   */
  missed: Set<string>;
}

/** Bound on the kids remembered per source: past it the oldest go, and are told to wait again. */
const MAX_REMEMBERED_KIDS = 1024;

function remember(set: Set<string>, kid: string): void {
  set.delete(kid);
  set.add(kid);
  if (set.size > MAX_REMEMBERED_KIDS) set.delete(set.values().next().value as string);
}

/**
 * @example
 * const cache = createKeyCache();
 * const jwks = await cache.keysFor(url, header.kid, Date.now(), { download: () => getJwks(url), maxAgeMs: 60_000,
 *   minRefetchIntervalMs: 10_000, serveStale: false, unavailable: () => new Error('JWKS unavailable') });
 */
export function createKeyCache(): KeyCache {
  const entries = new Map<string, Entry>();

  function refresh(entry: Entry, now: number, source: KeySource): Promise<JSONWebKeySet> {
    if (entry.pending) return entry.pending;
    entry.attemptedAt = now;
    entry.pending = source
      .download()
      .then((jwks) => {
        // What these keys can say: each kid asked about and still absent does not exist (for now),
        // and neither does a kid the keys held before and no longer hold (a key dropped by a
        // rotation: its tokens are refused as final, not told to retry).
        const held = new Set(jwks.keys.map((key) => key.kid));
        for (const key of entry.jwks?.keys ?? [])
          if (key.kid !== undefined && !held.has(key.kid)) remember(entry.missed, key.kid);
        entry.jwks = jwks;
        entry.fetchedAt = now;
        for (const kid of entry.asked) remember(entry.missed, kid);
        for (const kid of entry.missed) if (held.has(kid)) entry.missed.delete(kid);
        entry.asked.clear();
        source.onFetch?.('ok');
        return jwks;
      })
      .catch((error: unknown) => {
        source.onFetch?.('error');
        if (source.serveStale && entry.jwks) return entry.jwks;
        throw error;
      })
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  }

  return {
    async keysFor(id, kid, now, source) {
      let entry = entries.get(id);
      if (!entry) {
        entry = { fetchedAt: 0, asked: new Set(), missed: new Set() };
        entries.set(id, entry);
      }
      const sinceAttempt = entry.attemptedAt === undefined ? Number.POSITIVE_INFINITY : now - entry.attemptedAt;
      const mayFetch = sinceAttempt >= source.minRefetchIntervalMs;
      if (!entry.jwks) {
        if (entry.pending) return entry.pending;
        // Never fetched: still rate-limit retries so a dead source is not hammered by every request.
        if (!mayFetch) throw source.unavailable();
        return refresh(entry, now, source);
      }
      const unknownKid = kid !== undefined && !entry.jwks.keys.some((key) => key.kid === kid);
      // A refetch is already under way (another token with the new key started it): wait for it
      // rather than refuse this token with the keys it is about to replace.
      if (unknownKid && entry.pending) {
        remember(entry.asked, kid);
        return entry.pending;
      }
      const old = now - entry.fetchedAt > source.maxAgeMs;
      // Age asks again at most once per maxAgeMs (a short max age is the point); a kid the keys
      // lack, which any token can name, at most once per minRefetchIntervalMs.
      const mayRefresh = mayFetch || (old && sinceAttempt >= source.maxAgeMs);
      if ((unknownKid && mayFetch) || (old && mayRefresh)) {
        if (unknownKid) remember(entry.asked, kid);
        return refresh(entry, now, source);
      }
      // Aged-out keys are not used when failures must be reported: a key the source dropped must not live on.
      if (old && !source.serveStale) {
        if (entry.pending) return entry.pending;
        throw source.unavailable();
      }
      // Keys fetched before this token came cannot say its kid does not exist: it may be a key
      // published since (a rotation). Retry once the interval allows the fetch that can say, unless
      // a fetch was asked for this kid and did not find it (a dropped key): that is the verdict.
      if (unknownKid && (source.unknownKid ?? 'retry') === 'retry' && !entry.missed.has(kid)) {
        const waitMs = (entry.attemptedAt ?? now) + source.minRefetchIntervalMs - now;
        const retryAfterSec = Math.min(
          Math.max(1, Math.ceil(waitMs / 1000)),
          Math.max(1, Math.ceil(source.minRefetchIntervalMs / 1000)),
        );
        throw new KeyNotFetchedYet(id, retryAfterSec, source.minRefetchIntervalMs);
      }
      return entry.jwks;
    },
  };
}
