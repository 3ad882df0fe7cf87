import { fetchJsonObject } from '../lib/fetch-json.js';
import { type HttpClient, httpRequest } from '../lib/http.js';
import type { BrokerContext } from './context.js';
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
  options: { signal?: AbortSignal; http?: HttpClient; timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = options.http ?? httpRequest;
  const http: HttpClient = (request) =>
    base(options.signal && !request.signal ? { ...request, signal: options.signal } : request);
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
  ]);
}
