import { fetchJsonObject } from '../lib/fetch-json.js';
import { type HttpClient, httpRequest } from '../lib/http.js';
import { isLoopbackHost } from '../lib/loopback.js';
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
