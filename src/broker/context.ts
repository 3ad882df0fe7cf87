import type { AuditLog } from '../audit/log.js';
import type { BrokerConfig, Policy } from '../policy/types.js';
import type { Store } from '../store/types.js';
import type { KeySet } from '../tokens/keyset.js';
import type { JwksCache } from './jwks-cache.js';
import type { KeyAgreement } from './key-agreement.js';
import type { BrokerLog } from './log.js';
import type { Metrics } from './metrics.js';

/**
 * Everything a request handler needs, built once at start-up (see `openBroker`). A handler gets
 * its request's context (request-scope.ts), whose `config` and `policy` are those that served when
 * the request came in, for the whole request: a reload in the middle of it (say while the
 * exchange awaits an issuer's keys) does not reach it, so no answer mixes two configs.
 */
export interface BrokerContext {
  /** The config being served. Only a reload replaces it, together with `policy` (`Broker.reload`). */
  readonly config: BrokerConfig;
  /** The policy compiled from `config`. */
  readonly policy: Policy;
  keySet: KeySet;
  store: Store;
  audit: AuditLog;
  jwks: JwksCache;
  metrics: Metrics;
  now: () => number;
  /** This instance's name and its key-set agreement with its peers (readiness). */
  keyAgreement?: KeyAgreement;
  /** Directory of the mTLS CA (`<keys.dir>/ca`). */
  caDir: string;
  /** The broker's operational log (docs/broker.md#logs): detail that must not go to callers, never a token. */
  log?: BrokerLog;
  /** GET /metrics text when it is not this process's alone (`stint serve --workers N`: every worker's). */
  exposition?: () => Promise<string>;
}
