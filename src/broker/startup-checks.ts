import { formatDuration } from '../lib/duration.js';
import { StintError } from '../lib/errors.js';
import { fetchJsonObject } from '../lib/fetch-json.js';
import { type HttpClient, httpRequest } from '../lib/http.js';
import { isLoopbackHost } from '../lib/loopback.js';
import { ReplicasShortError, StoreRefusedError } from '../store/types.js';
import type { BrokerContext } from './context.js';
import type { BrokerLog } from './log.js';

/**
 * What `stint serve` checks once it listens, warning about each issuer that does not answer
 * (docs/broker.md#start-up-checks): an issuer may be down for a moment, and exchanges of its tokens
 * are refused (503) until it answers. The store is watched by awaitStore. A state dir it cannot use
 * stops the broker before this (ERR_STATE_DIR). `signal` ends the checks early when the broker stops.
 *
 * @example
 * void checkDependencies(broker.context, log, { signal: stopping.signal });
 */
export async function checkDependencies(
  ctx: BrokerContext,
  log: BrokerLog,
  options: { signal?: AbortSignal; http?: HttpClient; timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = options.http ?? httpRequest;
  const http: HttpClient = (request) =>
    base(options.signal && !request.signal ? { ...request, signal: options.signal } : request);
  await Promise.all(
    Object.values(ctx.config.providers).map(async (provider) => {
      const url = `${provider.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      try {
        const document = await fetchJsonObject(url, {
          http,
          timeoutMs,
          maxBytes: 256 * 1024,
          codes: {
            unreachable: 'ERR_ISSUER_UNREACHABLE',
            tooLarge: 'ERR_ISSUER_DOCUMENT_TOO_LARGE',
            invalid: 'ERR_ISSUER_DOCUMENT_INVALID',
          },
        });
        if (document.issuer !== provider.issuer) {
          log.warn(
            `provider ${provider.name}: ${url} names issuer ${JSON.stringify(document.issuer ?? null)}, not ${provider.issuer}; its tokens will be refused (503) until the config or the issuer is fixed`,
          );
        }
      } catch (error) {
        if (options.signal?.aborted) return;
        log.warn(
          `provider ${provider.name}: issuer ${provider.issuer} cannot be reached at start: ${(error as Error).message}; exchanges of its tokens are refused (503) until it answers`,
        );
      }
    }),
  );
}

/** What a starting broker waits for its store when the config does not say (`store.startup_timeout`). */
export const STORE_STARTUP_TIMEOUT_SEC = 30;

/**
 * Waits, once the broker listens, for its store to take a write (docs/broker.md#start-up-checks).
 * A store that answers at once says nothing. One that does not is a warning, and the broker stays
 * not ready (`/readyz` 503, exchanges 503) while it keeps trying: a Redis started together with the
 * broker comes up a moment later. Resolves with the error that must stop the broker (exit 1): Redis
 * refused it for a reason waiting will not mend (ERR_STORE_REFUSED), or it has not taken a write
 * within `store.startup_timeout` (ERR_STORE_UNREACHABLE), since a broker that never reached its
 * store is a deployment mistake for its supervisor to see, not an outage to ride out. Later
 * outages never stop a broker that has reached its store; it refuses and recovers.
 *
 * @example
 * const fatal = await awaitStore(broker.context, log, { signal: stopping.signal });
 */
export async function awaitStore(
  ctx: BrokerContext,
  log: BrokerLog,
  options: { signal?: AbortSignal; pollMs?: number } = {},
): Promise<StintError | undefined> {
  const store = ctx.config.store;
  const timeoutSec = (store.kind === 'redis' ? store.startup_timeout : undefined) ?? STORE_STARTUP_TIMEOUT_SEC;
  const started = performance.now();
  const deadline = started + timeoutSec * 1000;
  let warned = false;
  for (;;) {
    let reason: string;
    let refused: StoreRefusedError | undefined;
    let replicasShort = false;
    try {
      await ctx.store.checkWrite();
      if (warned) log.info(`the store takes writes now, ${elapsed(started)} after start; the broker is ready`);
      return undefined;
    } catch (error) {
      reason = (error as Error).message;
      if (error instanceof StoreRefusedError) refused = error;
      replicasShort = error instanceof ReplicasShortError;
    }
    if (options.signal?.aborted) return undefined;
    if (refused !== undefined) {
      // The store's own advice ("check that Redis is running…") does not apply: it runs, and said no.
      // A certificate refusal names its one fix (NODE_EXTRA_CA_CERTS, a name in the certificate).
      return new StintError(
        'ERR_STORE_REFUSED',
        `the store refuses the broker: ${refused.problem}. Waiting will not mend this: ${
          refused.fix ??
          'fix the password (the env var store.password_env names), the ACL user, store.db or the TLS settings'
        }, then start again`,
      );
    }
    if (performance.now() >= deadline) {
      return new StintError(
        'ERR_STORE_UNREACHABLE',
        `the store took no write in the ${formatDuration(timeoutSec)} after start (store.startup_timeout): ${reason}${
          // Redis runs and answers; what is missing is a replica, which the reason names (or the store's own hint says it).
          replicasShort || reason.includes('is a replica')
            ? ''
            : reason.includes('check that Redis is running')
              ? '; or raise store.startup_timeout if Redis takes longer to start'
              : '; check that Redis is running and reachable from this host, or raise store.startup_timeout'
        }`,
      );
    }
    if (!warned) {
      warned = true;
      log.warn(
        `the store does not take a write at start: ${reason}; until it does the broker is not ready (/readyz answers 503) and refuses exchanges (503), and it exits if that lasts ${formatDuration(timeoutSec)} (store.startup_timeout)`,
      );
    }
    const pause = Math.min(options.pollMs ?? 500, Math.max(0, deadline - performance.now()));
    // One listener at a time: a new one per poll would pile up on the signal over the window.
    const stopped = await new Promise<boolean>((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve(false);
      }, pause);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    if (stopped) return undefined;
  }
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * The warning `stint serve` logs once it listens on `host` without TLS, or undefined when there is
 * nothing to say: plain HTTP is only quiet on loopback (localhost, 127.0.0.0/8, ::1), where the
 * tokens never leave the machine. Any other address, the wildcards `0.0.0.0` and `::` included,
 * would carry ID tokens and stint tokens across the network in clear (docs/broker.md#tls). A
 * warning, not a refusal: behind a TLS-terminating proxy on the same network this is intended.
 *
 * @example
 * plainHttpWarning('0.0.0.0', false) // 'serving plain HTTP on 0.0.0.0; tokens cross the network in clear. …'
 * plainHttpWarning('127.0.0.1', false) // undefined
 */
export function plainHttpWarning(host: string, tls: boolean): string | undefined {
  if (tls || isLoopbackHost(host)) return undefined;
  return `serving plain HTTP on ${host}; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.`;
}
