import type { BrokerContext } from './context.js';
import { type FetchLike, fetchJsonObject } from './fetch-json.js';
import type { BrokerLog } from './log.js';

/**
 * What `stint serve` checks once it listens, warning about each dependency that does not answer
 * (docs/broker.md#start-up-checks). None of them stops the broker: an issuer may be down for a
 * moment, and a Redis started together with the broker comes up a little later; until then the
 * broker is not ready (`/readyz` 503) and refuses what needs them (503). A state dir it cannot use
 * stops it before this (ERR_STATE_DIR). `signal` ends the checks early when the broker stops.
 *
 * @example
 * void checkDependencies(broker.context, log, { signal: stopping.signal });
 */
export async function checkDependencies(
  ctx: BrokerContext,
  log: BrokerLog,
  options: { signal?: AbortSignal; fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const fetch: FetchLike = (url, init) =>
    (options.fetch ?? globalThis.fetch)(url, {
      ...init,
      signal: options.signal ? AbortSignal.any([options.signal, init.signal!]) : init.signal,
    });
  await Promise.all([
    ctx.store.checkWrite().catch((error: unknown) => {
      if (options.signal?.aborted) return;
      log.warn(
        `the store does not take a write at start: ${(error as Error).message}; until it does the broker is not ready (/readyz answers 503) and refuses exchanges (503)`,
      );
    }),
    ...Object.values(ctx.config.providers).map(async (provider) => {
      const url = `${provider.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      try {
        const document = await fetchJsonObject(url, { fetch, timeoutMs, maxBytes: 256 * 1024 });
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
  ]);
}
