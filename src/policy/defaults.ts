import type { RateLimit, StoreConfig } from '../store/types.js';
import type { KeysConfig } from './types.js';

/** Defaults for everything the config may leave out (docs/policy.md#the-config-file). */
export const CONFIG_DEFAULTS = {
  keys: { dir: '.stint/keys', algorithm: 'ES256', rotate_every: 30 * 86_400, grace: 7 * 86_400 } satisfies KeysConfig,
  /** The embedded store's state directory, relative to the config file. */
  store: { kind: 'memory', dir: '.stint/state' } satisfies StoreConfig,
  audit: { file: '.stint/audit.jsonl' },
  rate_limit: { rps: 20, burst: 200 } satisfies RateLimit,
  /** `rate_limit.per_address`: requests that carry or ask for a credential, per client address (IPv6: per /64). */
  address_rate_limit: { rps: 100, burst: 1000 } satisfies RateLimit,
  /**
   * `rate_limit.connections_per_address`: connections one TCP peer (IPv6: its /64) may hold open at
   * once, trusted proxies aside (docs/broker.md#connections-per-address).
   */
  connections_per_address: 256,
  shutdown_grace: 10,
  /** A project's default token lifetime. */
  ttl: 15 * 60,
  /** A project's default longest lifetime a caller may ask for. */
  max_ttl: 60 * 60,
} as const;

/** No project may mint tokens that live longer than this, whatever its `max_ttl` says. */
export const TTL_CEILING = 24 * 3600;

/** JWS algorithms a CI token may be signed with: asymmetric only. Never `none`, never HMAC. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
