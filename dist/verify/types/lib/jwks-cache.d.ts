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
export declare class KeyNotFetchedYet extends StintError {
    readonly retryAfterSec: number;
    constructor(id: string, retryAfterSec: number, intervalMs: number);
}
/**
 * @example
 * const cache = createKeyCache();
 * const jwks = await cache.keysFor(url, header.kid, Date.now(), { download: () => getJwks(url), maxAgeMs: 60_000,
 *   minRefetchIntervalMs: 10_000, serveStale: false, unavailable: () => new Error('JWKS unavailable') });
 */
export declare function createKeyCache(): KeyCache;
