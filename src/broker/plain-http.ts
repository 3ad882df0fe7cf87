import type { Socket } from 'node:net';
import type { TLSSocket, Server as TlsServer } from 'node:tls';
import type { BrokerLog } from './log.js';

/** What the broker says, in its usual error form, to a plain-HTTP request on its HTTPS port. */
export const PLAIN_HTTP_DESCRIPTION =
  'this port speaks HTTPS and the request came as plain HTTP: use https:// (not http://) in the broker URL';

const BODY = `${JSON.stringify({ error: 'invalid_request', error_description: PLAIN_HTTP_DESCRIPTION })}\n`;
const ANSWER = [
  'HTTP/1.1 400 Bad Request',
  'Content-Type: application/json',
  `Content-Length: ${Buffer.byteLength(BODY)}`,
  'Cache-Control: no-store',
  'Connection: close',
  '',
  BODY,
].join('\r\n');

/** A client that sent nothing more gets its connection closed after this (it has its answer), so a drain is not held long. */
const CLOSE_AFTER_MS = 1_000;
/** At most one log line per this interval; the next line counts those left out. */
export const PLAIN_HTTP_LOG_INTERVAL_MS = 60_000;

/**
 * Answers a plain-HTTP request on the broker's HTTPS port with a plain `HTTP/1.1 400` that says to
 * use https://, as nginx does, instead of the reset OpenSSL leaves (which clients retry as a
 * network error, for a minute). Node reports the request as the TLS error ERR_SSL_HTTP_REQUEST,
 * after it has destroyed the TLS socket; the answer goes on the TCP socket under it (`_parent`,
 * which TLSSocket has always had), unencrypted, since the client speaks plain HTTP. Nothing of
 * the request is read or logged (it may carry a credential in clear). Logged as a warning, at
 * most once a minute.
 *
 * @example
 * answerPlainHttp(httpsServer, { log });
 */
export function answerPlainHttp(server: TlsServer, options: { log?: BrokerLog; now?: () => number } = {}): void {
  const now = options.now ?? Date.now;
  let loggedAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    if (error.code !== 'ERR_SSL_HTTP_REQUEST') return;
    const raw = (socket as TLSSocket & { _parent?: Socket | null })._parent;
    if (raw === null || raw === undefined || raw.destroyed || !raw.writable) return;
    raw.on('error', () => raw.destroy());
    raw.setTimeout(CLOSE_AFTER_MS, () => raw.destroy());
    raw.end(ANSWER);
    if (options.log === undefined) return;
    const at = now();
    if (at - loggedAt < PLAIN_HTTP_LOG_INTERVAL_MS) {
      unlogged++;
      return;
    }
    const more = unlogged === 0 ? '' : ` (and ${unlogged} more since the last such line)`;
    loggedAt = at;
    unlogged = 0;
    options.log.warn(
      { client: raw.remoteAddress },
      `a client (${raw.remoteAddress ?? 'unknown address'}) sent plain HTTP to this HTTPS port${more}: answered 400, use https:// (its broker URL says http://)`,
    );
  });
}
