import type { IncomingHttpHeaders } from 'node:http';
import { StintError } from '../lib/errors.js';
import { signRequest } from './sign.js';
import type { SignableRequest, SignDeps, SigningProfile } from './types.js';

export interface SentResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SendOptions {
  /** Client certificate for mTLS (PEM), from `loadClientCertificate`. */
  tls?: { cert: string; key: string; ca?: string };
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
}

/**
 * Signs a request with a profile and sends it with node:http/https: the signature headers are
 * added to the caller's, the body is sent byte for byte, redirects are not followed (a
 * credential must not travel to another host). Network failures are ERR_REQUEST_FAILED; an
 * HTTP error status is returned, not thrown.
 *
 * @example
 * const response = await sendSigned(profile, { method: 'POST', url, headers: {}, body }, deps);
 */
export async function sendSigned(
  profile: SigningProfile,
  request: SignableRequest,
  deps: SignDeps,
  options: SendOptions = {},
): Promise<SentResponse> {
  const signed = await signRequest(profile, request, deps);
  const url = new URL(signed.url ?? request.url);
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new StintError('ERR_REQUEST_FAILED', `only http and https URLs can be sent (got ${url.protocol})`);
  const headers: Record<string, string> = { ...request.headers, ...signed.headers };
  if (request.body.length > 0 && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length'))
    headers['Content-Length'] = String(request.body.length);
  // Where the request went, for messages: never the query, which may carry a token.
  const target = `${request.method} ${url.origin}${url.pathname}`;
  return new Promise<SentResponse>((resolve, reject) => {
    const req = send(
      url,
      { method: request.method, headers, ...(options.tls ?? {}), timeout: options.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', (error) =>
          reject(
            new StintError(
              'ERR_REQUEST_FAILED',
              `${target}: the response broke off (${(error as NodeJS.ErrnoException).code ?? error.message})`,
              { cause: error },
            ),
          ),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StintError('ERR_REQUEST_FAILED', `${target}: ${error.code ?? error.message}${hint(error.code)}`, {
          cause: error,
        }),
      ),
    );
    req.end(request.body);
  });
}

/** What a TLS failure usually means, for the message. */
function hint(code: string | undefined): string {
  if (code === undefined) return '';
  if (code.includes('CERTIFICATE_REQUIRED') || code.includes('HANDSHAKE_FAILURE'))
    return ' (the server wants a client certificate: use an mtls profile)';
  if (code.includes('UNKNOWN_CA') || code.includes('BAD_CERTIFICATE'))
    return " (the server does not trust this client certificate's CA)";
  if (
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  ) {
    return " (the server's certificate is not trusted here: give its CA as server_ca_file in an mtls profile, or NODE_EXTRA_CA_CERTS)";
  }
  return '';
}
