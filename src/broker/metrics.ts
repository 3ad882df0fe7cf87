import { VERSION } from '../lib/version.js';

/**
 * The broker's Prometheus metrics, written out by hand in the text exposition format
 * (a handful of counters and one histogram do not need a client library).
 */
export interface Metrics {
  exchange(outcome: 'issued' | 'denied' | 'error', reason: string, seconds: number): void;
  jwksFetch(issuer: string, outcome: 'ok' | 'error'): void;
  storeError(): void;
  /**
   * The store lost its data (src/store/redis.ts, the dataset marker; or the embedded store's journal,
   * found at start): counted, and its time kept for stint_store_data_lost_timestamp_seconds.
   */
  storeDataLost(): void;
  request(route: string, status: number): void;
  /** A request started (+1) or ended (-1): how many are being served now. */
  inFlight(delta: 1 | -1): void;
  /** A re-read of the keys dir failed (true: counted, and the gauge is 1), or the first after that succeeded (false). */
  signingKeysReload(failed: boolean): void;
  /** A SIGHUP reload: applied, or refused with the old config still serving. */
  configReload(outcome: 'success' | 'failure'): void;
  /** The latest readiness check (/readyz or the readiness watch); storeUp undefined: not reached. */
  readiness(ready: boolean, storeUp: boolean | undefined): void;
  /** The latest lifetimes read by the expiry watch (src/broker/expiry-watch.ts); replaces the previous ones. */
  lifetimes(latest: Lifetimes): void;
  /** An introspection refused for its API key (401 ERR_API_KEY_INVALID), by why (src/broker/token-routes.ts). */
  introspectionDenied(reason: IntrospectionDenial): void;
  /** A connection closed as soon as it was accepted (src/broker/connection-guard.ts). */
  connectionRefused(reason: 'per_address' | 'open_files'): void;
  /** The exposition text for GET /metrics. */
  render(): string;
}

/** Why an introspection's API key was refused: the reason label of stint_introspection_denied_total. */
export const INTROSPECTION_DENIALS = [
  'no_credentials',
  'malformed',
  'unknown_id',
  'wrong_secret',
  'revoked',
  'expired',
  'project_removed',
] as const;
export type IntrospectionDenial = (typeof INTROSPECTION_DENIALS)[number];

/** What the expiry watch read: each is a gauge on /metrics (docs/broker.md#expiry-and-rotation). */
export interface Lifetimes {
  /** Undefined when the store could not be read: the previous values stay. */
  apiKeys:
    | {
        /** Active keys that expire (keys that never do have no expiry to show). */
        keys: Array<{ id: string; project: string; expiresAtMs: number }>;
        /** Active keys expiring within 14 days, per project with any active key. */
        expiringByProject: Map<string, number>;
      }
    | undefined;
  certificates: Array<{ certificate: 'serving' | 'mtls_ca'; notAfterMs: number }>;
  rotationDue: boolean;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(): Metrics {
  const exchanges = new Map<string, number>();
  const jwksFetches = new Map<string, number>();
  const requests = new Map<string, number>();
  const latency = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
  let storeErrors = 0;
  let storeDataLost = 0;
  /** When this process last found a loss (0: it has found none). */
  let storeDataLostAtMs = 0;
  const reloads = new Map<string, number>([
    [labels({ outcome: 'success' }), 0],
    [labels({ outcome: 'failure' }), 0],
  ]);
  let lastReloadFailed = 0;
  let keysReloadFailures = 0;
  let keysUnreadable = 0;
  const connectionsRefused = new Map<string, number>([
    [labels({ reason: 'per_address' }), 0],
    [labels({ reason: 'open_files' }), 0],
  ]);
  const introspectionsDenied = new Map<string, number>(INTROSPECTION_DENIALS.map((reason) => [labels({ reason }), 0]));
  let inFlight = 0;
  let lifetimes: Lifetimes | undefined;
  /** Unset until the first readiness check has ended. */
  let ready: number | undefined;
  let storeUp: number | undefined;
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  // Label sets seen before, by their parts: every request and exchange counts under one, and
  // building and escaping it anew each time was most of what counting cost.
  const exchangeLabels = new Map<string, string>();
  const requestLabels = new Map<string, string>();
  const cachedLabels = (
    cache: Map<string, string>,
    a: string,
    b: string,
    values: () => Record<string, string>,
  ): string => {
    const key = `${a}\u0000${b}`;
    let text = cache.get(key);
    if (text === undefined) {
      text = labels(values());
      // Bounded: route names come from the route table, codes from the catalogue; this is a guard.
      if (cache.size < 10_000) cache.set(key, text);
    }
    return text;
  };

  return {
    exchange(outcome, reason, seconds) {
      bump(
        exchanges,
        cachedLabels(exchangeLabels, outcome, reason, () => ({ outcome, reason })),
      );
      for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) latency.buckets[i]!++;
      latency.sum += seconds;
      latency.count++;
    },
    jwksFetch(issuer, outcome) {
      bump(jwksFetches, labels({ issuer, outcome }));
    },
    storeError() {
      storeErrors++;
    },
    storeDataLost() {
      storeDataLost++;
      storeDataLostAtMs = Date.now();
    },
    request(route, status) {
      bump(
        requests,
        cachedLabels(requestLabels, route, String(status), () => ({ route, status: String(status) })),
      );
    },
    inFlight(delta) {
      inFlight += delta;
    },
    signingKeysReload(failed) {
      if (failed) keysReloadFailures++;
      keysUnreadable = failed ? 1 : 0;
    },
    configReload(outcome) {
      bump(reloads, labels({ outcome }));
      lastReloadFailed = outcome === 'failure' ? 1 : 0;
    },
    introspectionDenied(reason) {
      bump(introspectionsDenied, labels({ reason }));
    },
    connectionRefused(reason) {
      bump(connectionsRefused, labels({ reason }));
    },
    readiness(isReady, isStoreUp) {
      ready = isReady ? 1 : 0;
      if (isStoreUp !== undefined) storeUp = isStoreUp ? 1 : 0;
    },
    lifetimes(latest) {
      lifetimes = { ...latest, apiKeys: latest.apiKeys ?? lifetimes?.apiKeys };
    },
    render() {
      // Which version each broker of a fleet runs: `count by (version) (stint_build_info)`.
      const lines: string[] = [
        '# HELP stint_build_info The stint version this broker runs (always 1).',
        '# TYPE stint_build_info gauge',
        `stint_build_info${labels({ version: VERSION })} 1`,
      ];
      const counter = (name: string, help: string, values: Map<string, number>): void => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
        for (const [key, value] of values) lines.push(`${name}${key} ${value}`);
      };
      counter('stint_exchanges_total', 'Token exchanges by outcome and reason code.', exchanges);
      lines.push(
        '# HELP stint_exchange_duration_seconds Time to answer a token exchange.',
        '# TYPE stint_exchange_duration_seconds histogram',
      );
      for (const [i, bound] of BUCKETS.entries()) {
        lines.push(`stint_exchange_duration_seconds_bucket{le="${bound}"} ${latency.buckets[i]}`);
      }
      lines.push(`stint_exchange_duration_seconds_bucket{le="+Inf"} ${latency.count}`);
      lines.push(
        `stint_exchange_duration_seconds_sum ${latency.sum}`,
        `stint_exchange_duration_seconds_count ${latency.count}`,
      );
      counter('stint_jwks_fetches_total', 'Discovery + JWKS fetches from CI issuers by outcome.', jwksFetches);
      lines.push(
        '# HELP stint_store_errors_total Store operations that failed: a request answered 503, or a readiness check (/readyz, or the broker itself every 15 s).',
        '# TYPE stint_store_errors_total counter',
      );
      lines.push(`stint_store_errors_total ${storeErrors}`);
      lines.push(
        '# HELP stint_store_data_lost_total Times this broker found its store had lost the data it wrote: its Redis (replay records, revocations, API keys), or, at start, its state directory (a journal gone).',
        '# TYPE stint_store_data_lost_total counter',
        `stint_store_data_lost_total ${storeDataLost}`,
        // The counter of a process that found a loss at start stays 1, so a restarted broker that
        // finds another loss shows 1 again and increase() sees nothing: the time tells them apart.
        '# HELP stint_store_data_lost_timestamp_seconds When this broker process last found its store had lost its data (Unix time; 0 if it has found no loss).',
        '# TYPE stint_store_data_lost_timestamp_seconds gauge',
        `stint_store_data_lost_timestamp_seconds ${storeDataLostAtMs / 1000}`,
      );
      counter('stint_http_requests_total', 'HTTP requests by route and status.', requests);
      lines.push(
        '# HELP stint_http_requests_in_flight Requests being served now (this one included).',
        '# TYPE stint_http_requests_in_flight gauge',
        `stint_http_requests_in_flight ${inFlight}`,
      );
      counter('stint_config_reloads_total', 'SIGHUP config reloads by outcome.', reloads);
      lines.push(
        '# HELP stint_config_last_reload_failed 1 when the last reload was refused (the previous config still serves).',
        '# TYPE stint_config_last_reload_failed gauge',
        `stint_config_last_reload_failed ${lastReloadFailed}`,
      );
      lines.push(
        '# HELP stint_signing_keys_reload_failures_total Re-reads of the keys dir that failed (its files changed and this broker cannot read them).',
        '# TYPE stint_signing_keys_reload_failures_total counter',
        `stint_signing_keys_reload_failures_total ${keysReloadFailures}`,
        '# HELP stint_signing_keys_unreadable 1 while the last re-read of the keys dir failed: the broker signs nothing and is not ready until one succeeds.',
        '# TYPE stint_signing_keys_unreadable gauge',
        `stint_signing_keys_unreadable ${keysUnreadable}`,
      );
      counter(
        'stint_introspection_denied_total',
        'Introspections refused (401) for the API key they presented, by reason: no_credentials, malformed, unknown_id, wrong_secret, revoked, expired (a key past its expiry, presented with its right secret: a resource server still uses it), project_removed (its project left the config).',
        introspectionsDenied,
      );
      counter(
        'stint_connections_refused_total',
        'Connections closed unread as soon as accepted: reason="per_address" (one address held rate_limit.connections_per_address), reason="open_files" (the broker held as many as its open-file limit allows).',
        connectionsRefused,
      );
      if (ready !== undefined) {
        lines.push(
          '# HELP stint_ready 1 when the last readiness check (the one /readyz runs, also run every 15 s) passed.',
          '# TYPE stint_ready gauge',
          `stint_ready ${ready}`,
        );
      }
      if (storeUp !== undefined) {
        lines.push(
          "# HELP stint_store_up 1 when the store took the last readiness check's write.",
          '# TYPE stint_store_up gauge',
          `stint_store_up ${storeUp}`,
        );
      }
      if (lifetimes !== undefined) renderLifetimes(lines, lifetimes);
      return `${lines.join('\n')}\n`;
    },
  };
}

function renderLifetimes(lines: string[], latest: Lifetimes): void {
  const gauge = (name: string, help: string, samples: Array<[string, number]>): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [key, value] of samples) lines.push(`${name}${key} ${value}`);
  };
  const seconds = (ms: number): number => Math.floor(ms / 1000);
  if (latest.apiKeys !== undefined) {
    gauge(
      'stint_apikey_expiry_timestamp_seconds',
      'When each active project API key expires (keys that never expire are not listed).',
      latest.apiKeys.keys.map((k) => [labels({ id: k.id, project: k.project }), seconds(k.expiresAtMs)]),
    );
    gauge(
      'stint_apikeys_expiring',
      'Active project API keys that expire within 14 days, per project.',
      [...latest.apiKeys.expiringByProject].map(([project, count]) => [labels({ project }), count]),
    );
  }
  gauge(
    'stint_certificate_expiry_timestamp_seconds',
    'When the broker serving certificate (certificate="serving") and the mTLS CA (certificate="mtls_ca") expire.',
    latest.certificates.map((c) => [labels({ certificate: c.certificate }), seconds(c.notAfterMs)]),
  );
  gauge(
    'stint_signing_key_rotation_due',
    '1 when the signing key has signed for keys.rotate_every or longer and no successor is published.',
    [['', latest.rotationDue ? 1 : 0]],
  );
}

/** `{a="x",b="y"}` with label values escaped as the exposition format requires. */
function labels(values: Record<string, string>): string {
  const escapeValue = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${Object.entries(values)
    .map(([k, v]) => `${k}="${escapeValue(v)}"`)
    .join(',')}}`;
}
