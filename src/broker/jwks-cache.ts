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
   * while the issuer is down. Throws ERR_ISSUER_UNREACHABLE only when no keys were ever fetched.
   */
  keysFor(provider: ProviderConfig, kid: string | undefined): Promise<JSONWebKeySet>;
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

  // One source per provider config (a reload makes new ones), not one per exchange.
  const sources = new WeakMap<ProviderConfig, KeySource>();
  const sourceOf = (provider: ProviderConfig): KeySource => {
    let source = sources.get(provider);
    if (source === undefined) {
      source = {
        download: () => download(provider),
        maxAgeMs,
        minRefetchIntervalMs,
        serveStale: true,
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

  return {
    keysFor(provider, kid) {
      return cache.keysFor(provider.issuer, kid, now(), sourceOf(provider));
    },
  };
}
