import type { JSONWebKeySet } from 'jose';
import { StintError } from '../lib/errors.js';
import { fetchJsonObject } from '../lib/fetch-json.js';
import { type HttpClient, httpRequest } from '../lib/http.js';
import { createKeyCache, type KeySource } from '../lib/jwks-cache.js';
import type { ProviderConfig } from '../policy/types.js';

/** Outcome of one discovery + JWKS fetch, for metrics. */
export type JwksFetchOutcome = 'ok' | 'error';

export interface JwksCacheOptions {
  /** Default src/lib/http.ts; tests hand in their own. */
  http?: HttpClient;
  now?: () => number;
  /** Per request (discovery and JWKS each). */
  timeoutMs?: number;
  /** Per response. */
  maxBytes?: number;
  /** Keys older than this are refreshed on the next use (kept if the refresh fails). */
  maxAgeMs?: number;
  /** At most one refetch per issuer in this window, whatever the tokens ask for. */
  minRefetchIntervalMs?: number;
  onFetch?: (issuer: string, outcome: JwksFetchOutcome) => void;
}

/** The signing keys of the configured CI issuers, fetched through OIDC discovery. */
export interface JwksCache {
  /**
   * The issuer's JWKS. Fetched on first use; refetched when `kid` is not in it or the keys are
   * older than `maxAgeMs`, at most once per `minRefetchIntervalMs`; the last good keys are served
   * while the issuer is down. Throws ERR_ISSUER_UNREACHABLE only when no keys were ever fetched,
   * and KidNotYetFetched when `kid` is not in keys that were not fetched for this call (the
   * refetch was held back by the interval, or failed): only keys fetched after the token came
   * can say its kid does not exist.
   */
  keysFor(provider: ProviderConfig, kid: string | undefined): Promise<JSONWebKeySet>;
  /**
   * Whole seconds (at least 1) until the issuer's keys may be fetched again: what a caller whose
   * exchange failed because they could not be fetched is told to wait (Retry-After).
   */
  nextFetchInSec(provider: ProviderConfig): number;
}

/**
 * A token's `kid` is not in the issuer's keys, and the broker may not ask the issuer again for
 * `retryAfterSec` (or could not reach it): the key may be one the issuer has just published, so
 * the answer is "retry then" (503), not a refusal the job cannot recover from.
 */
export class KidNotYetFetched extends StintError {
  readonly issuer: string;
  readonly retryAfterSec: number;
  readonly reason: string;

  constructor(issuer: string, retryAfterSec: number, reason: string) {
    super(
      'ERR_TOKEN_KEY_PENDING',
      `no signing key of ${issuer} matches the token's kid yet; the broker asks ${issuer} for its keys again within ${retryAfterSec} s: retry then`,
    );
    this.name = 'KidNotYetFetched';
    this.issuer = issuer;
    this.retryAfterSec = retryAfterSec;
    this.reason = reason;
  }
}

/** Per issuer, the fetches made (numbered from 1), to tell whether keys were fetched for a given call. */
interface FetchLog {
  started: number;
  settled: number;
  /** The number and keys of the last fetch that succeeded. */
  ok: number;
  okKeys?: JSONWebKeySet;
  attemptedAt: number;
  failure?: string;
}

const ISSUER_CODES = {
  unreachable: 'ERR_ISSUER_UNREACHABLE',
  tooLarge: 'ERR_ISSUER_DOCUMENT_TOO_LARGE',
  invalid: 'ERR_ISSUER_DOCUMENT_INVALID',
} as const;

/**
 * Creates the cache (src/lib/jwks-cache.ts, serving stale keys while an issuer is down). The key
 * URL always comes from the configured issuer's discovery document, never from the token (a token
 * naming its own keys proves nothing).
 *
 * @example
 * const cache = createJwksCache({ timeoutMs: 5000 });
 * const jwks = await cache.keysFor(provider, header.kid);
 * await compactVerify(token, createLocalJWKSet(jwks), { algorithms: provider.algorithms });
 */
export function createJwksCache(options: JwksCacheOptions = {}): JwksCache {
  const http = options.http ?? httpRequest;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
  const cache = createKeyCache();
  const get = (url: string) => fetchJsonObject(url, { http, timeoutMs, maxBytes, codes: ISSUER_CODES });

  async function download(provider: ProviderConfig): Promise<JSONWebKeySet> {
    const base = provider.issuer.replace(/\/+$/, '');
    const discoveryUrl = `${base}/.well-known/openid-configuration`;
    const document = await get(discoveryUrl);
    // The document must name the issuer we asked about, or anyone able to serve that path
    // could vouch for keys of another issuer (OpenID Connect Discovery §4.3).
    if (document.issuer !== provider.issuer) {
      throw new StintError(
        'ERR_ISSUER_MISMATCH',
        `${discoveryUrl} names issuer ${String(document.issuer)}, not ${provider.issuer}`,
      );
    }
    const jwksUri = document.jwks_uri;
    if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) {
      throw new StintError('ERR_ISSUER_DOCUMENT_INVALID', `${discoveryUrl} has no valid jwks_uri`);
    }
    const protocol = new URL(jwksUri).protocol;
    if (protocol !== 'https:' && !(protocol === 'http:' && provider.allow_insecure)) {
      throw new StintError('ERR_ISSUER_INSECURE', `jwks_uri ${jwksUri} of ${provider.issuer} is not https`);
    }
    const jwks = await get(jwksUri);
    if (!Array.isArray(jwks.keys)) throw new StintError('ERR_ISSUER_DOCUMENT_INVALID', `${jwksUri} has no keys array`);
    return {
      keys: jwks.keys.filter((key): key is JSONWebKeySet['keys'][number] => typeof key === 'object' && key !== null),
    };
  }

  // By issuer, as the key cache keys its entries.
  const logs = new Map<string, FetchLog>();
  const logOf = (issuer: string): FetchLog => {
    let log = logs.get(issuer);
    if (log === undefined) {
      log = { started: 0, settled: 0, ok: 0, attemptedAt: 0 };
      logs.set(issuer, log);
    }
    return log;
  };
  async function logged(provider: ProviderConfig): Promise<JSONWebKeySet> {
    const log = logOf(provider.issuer);
    const number = ++log.started;
    log.attemptedAt = now();
    try {
      const jwks = await download(provider);
      log.ok = number;
      log.okKeys = jwks;
      log.failure = undefined;
      return jwks;
    } catch (error) {
      log.failure = (error as Error).message;
      throw error;
    } finally {
      log.settled = number;
    }
  }

  // One source per provider config (a reload makes new ones), not one per exchange.
  const sources = new WeakMap<ProviderConfig, KeySource>();
  const sourceOf = (provider: ProviderConfig): KeySource => {
    let source = sources.get(provider);
    if (source === undefined) {
      source = {
        download: () => logged(provider),
        maxAgeMs,
        minRefetchIntervalMs,
        serveStale: true,
        // keysFor below tells "not fetched yet" (KidNotYetFetched, 503) from "does not exist" itself.
        unknownKid: 'keys',
        unavailable: () =>
          new StintError(
            'ERR_ISSUER_UNREACHABLE',
            `the signing keys of ${provider.issuer} could not be fetched; retrying shortly`,
          ),
        onFetch: (outcome) => options.onFetch?.(provider.issuer, outcome),
      };
      sources.set(provider, source);
    }
    return source;
  };

  /** Whole seconds until the interval lets the issuer be asked again: at least 1, at most the interval. */
  const nextFetchInSec = (log: FetchLog): number =>
    Math.min(
      Math.max(1, Math.ceil((log.attemptedAt + minRefetchIntervalMs - now()) / 1000)),
      Math.max(1, Math.ceil(minRefetchIntervalMs / 1000)),
    );

  return {
    nextFetchInSec: (provider) => nextFetchInSec(logOf(provider.issuer)),
    async keysFor(provider, kid) {
      const log = logOf(provider.issuer);
      // A fetch under way when the token came counts as made for it (the cache waits for it).
      const fresh = log.started > log.settled ? log.started : log.started + 1;
      const jwks = await cache.keysFor(provider.issuer, kid, now(), sourceOf(provider));
      if (kid === undefined || jwks.keys.some((key) => key.kid === kid)) return jwks;
      // Keys fetched for this token lack its kid: it does not exist (the caller answers 401).
      if (log.ok >= fresh && jwks === log.okKeys) return jwks;
      // Held back by the interval, or the issuer could not be asked: no fetch can say yet. A
      // flood of made-up kids still makes at most one fetch per interval (the key cache's rule).
      const waitMs = log.attemptedAt + minRefetchIntervalMs - now();
      throw new KidNotYetFetched(
        provider.issuer,
        nextFetchInSec(log),
        log.failure !== undefined && log.settled >= fresh
          ? `kid not in the keys of ${provider.issuer}, which could not be fetched again: ${log.failure}`
          : `kid not in the keys of ${provider.issuer} fetched ${Math.max(0, now() - log.attemptedAt)} ms ago; the next fetch is allowed in ${Math.max(0, waitMs)} ms`,
      );
    },
  };
}
