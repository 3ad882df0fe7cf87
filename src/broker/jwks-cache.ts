import type { JSONWebKeySet } from 'jose';
import { StintError } from '../lib/errors.js';
import type { ProviderConfig } from '../policy/types.js';
import { type FetchLike, fetchJsonObject } from './fetch-json.js';

/** Outcome of one discovery + JWKS fetch, for metrics. */
export type JwksFetchOutcome = 'ok' | 'error';

export interface JwksCacheOptions {
  fetch?: FetchLike;
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
   * while the issuer is down. Throws ERR_ISSUER_UNREACHABLE only when no keys were ever fetched.
   */
  keysFor(provider: ProviderConfig, kid: string | undefined): Promise<JSONWebKeySet>;
}

interface Entry {
  jwks?: JSONWebKeySet;
  fetchedAt: number;
  /** When a fetch last started; undefined before the first. */
  attemptedAt?: number;
  pending?: Promise<JSONWebKeySet>;
}

/**
 * Creates the cache. The key URL always comes from the configured issuer's discovery document,
 * never from the token (a token naming its own keys proves nothing).
 *
 * @example
 * const cache = createJwksCache({ timeoutMs: 5000 });
 * const jwks = await cache.keysFor(provider, header.kid);
 * await compactVerify(token, createLocalJWKSet(jwks), { algorithms: provider.algorithms });
 */
export function createJwksCache(options: JwksCacheOptions = {}): JwksCache {
  const fetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
  const entries = new Map<string, Entry>();

  async function download(provider: ProviderConfig): Promise<JSONWebKeySet> {
    const base = provider.issuer.replace(/\/+$/, '');
    const discoveryUrl = `${base}/.well-known/openid-configuration`;
    const document = await fetchJsonObject(discoveryUrl, { fetch, timeoutMs, maxBytes });
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
    const jwks = await fetchJsonObject(jwksUri, { fetch, timeoutMs, maxBytes });
    if (!Array.isArray(jwks.keys)) throw new StintError('ERR_ISSUER_DOCUMENT_INVALID', `${jwksUri} has no keys array`);
    return {
      keys: jwks.keys.filter((key): key is JSONWebKeySet['keys'][number] => typeof key === 'object' && key !== null),
    };
  }

  function refresh(provider: ProviderConfig, entry: Entry): Promise<JSONWebKeySet> {
    if (entry.pending) return entry.pending;
    entry.attemptedAt = now();
    entry.pending = download(provider)
      .then((jwks) => {
        entry.jwks = jwks;
        entry.fetchedAt = now();
        options.onFetch?.(provider.issuer, 'ok');
        return jwks;
      })
      .catch((error: unknown) => {
        options.onFetch?.(provider.issuer, 'error');
        // Serve the last good keys while the issuer is down.
        if (entry.jwks) return entry.jwks;
        throw error;
      })
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  }

  return {
    async keysFor(provider, kid) {
      let entry = entries.get(provider.issuer);
      if (!entry) {
        entry = { fetchedAt: 0 };
        entries.set(provider.issuer, entry);
      }
      if (!entry.jwks) {
        if (entry.pending) return entry.pending;
        // Never fetched: still rate-limit retries so a dead issuer is not hammered by every request.
        if (entry.attemptedAt !== undefined && now() - entry.attemptedAt < minRefetchIntervalMs) {
          throw new StintError(
            'ERR_ISSUER_UNREACHABLE',
            `the signing keys of ${provider.issuer} could not be fetched; retrying shortly`,
          );
        }
        return refresh(provider, entry);
      }
      const unknownKid = kid !== undefined && !entry.jwks.keys.some((key) => key.kid === kid);
      // A refetch is already under way (another token with the issuer's new key started it):
      // wait for it rather than refuse this token with the keys it is about to replace.
      if (unknownKid && entry.pending) return entry.pending;
      const old = now() - entry.fetchedAt > maxAgeMs;
      if ((unknownKid || old) && now() - (entry.attemptedAt ?? 0) >= minRefetchIntervalMs)
        return refresh(provider, entry);
      return entry.jwks;
    },
  };
}
