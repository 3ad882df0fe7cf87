import type { IncomingHttpHeaders } from 'node:http';
import { StintError } from '../lib/errors.js';
import { certificateProblem, type HttpClient, HttpError, httpRequest } from '../lib/http.js';
import { explainRefusedCertificate } from './mtls-handshake.js';
import { signRequest } from './sign.js';
import type { SignableRequest, SignDeps, SignedRequest, SigningProfile } from './types.js';

export interface SentResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SendOptions {
  /** Client certificate for mTLS (PEM) and the profile's `servername`, from `loadClientCertificate`. */
  tls?: { cert: string; key: string; ca?: string; servername?: string };
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** The largest response body read (default 64 MiB); a larger one is ERR_REQUEST_FAILED. */
  maxResponseBytes?: number;
  /** Default src/lib/http.ts; tests hand in their own. */
  http?: HttpClient;
  /**
   * Called with the signed request before anything is sent (`stint request` registers its
   * credential for masking here); what it throws stops the request.
   */
  onSigned?: (signed: SignedRequest) => void;
}

/** `stint request` prints what it gets; far above an API answer, far below what fills a runner's memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Signs a request with a profile and sends it (src/lib/http.ts): the signature headers are added
 * to the caller's, the body is sent byte for byte, redirects are not followed but answered as they
 * are (a credential must not travel to another host). Network failures, a response over the size
 * cap and the deadline are ERR_REQUEST_FAILED; an HTTP error status is returned, not thrown.
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
  options.onSigned?.(signed);
  const url = new URL(signed.url ?? request.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new StintError('ERR_REQUEST_FAILED', `only http and https URLs can be sent (got ${url.protocol})`);
  const headers: Record<string, string> = { ...request.headers, ...signed.headers };
  if (request.body.length > 0 && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length'))
    headers['Content-Length'] = String(request.body.length);
  // Where the request went, for messages: never the query, which may carry a token.
  const target = `${request.method} ${url.origin}${url.pathname}`;
  try {
    const response = await (options.http ?? httpRequest)({
      url,
      method: request.method,
      headers,
      body: request.body,
      redirect: 'return',
      timeoutMs: options.timeoutMs ?? 30_000,
      maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      ...(options.tls ? { tls: options.tls } : {}),
    });
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: response.body };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const reason = error.kind === 'timeout' ? 'timed out' : error.reason;
    const refused =
      error.kind === 'network' && options.tls !== undefined
        ? explainRefusedCertificate(options.tls.cert, reason, target)
        : undefined;
    if (refused instanceof StintError) throw refused;
    throw new StintError('ERR_REQUEST_FAILED', `${target}: ${reason}${refused ?? hint(reason)}`, { cause: error });
  }
}

/** What a TLS failure usually means, for the message. */
function hint(code: string | undefined): string {
  if (code === undefined) return '';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return ' (nothing speaks TLS on that port: is it plain http://?)';
  if (code.includes('CERTIFICATE_REQUIRED') || code.includes('HANDSHAKE_FAILURE'))
    return ' (the server wants a client certificate: use an mtls profile)';
  if (code.includes('UNKNOWN_CA') || code.includes('BAD_CERTIFICATE'))
    return " (the server does not trust this client certificate's CA)";
  switch (certificateProblem(code)) {
    case 'trust':
      return " (the server's certificate is not trusted here: give its CA as server_ca_file in an mtls profile, or NODE_EXTRA_CA_CERTS)";
    case 'host':
      return " (the server's certificate does not name the host in the URL: use a name it holds)";
    case 'dates':
      return " (the server's certificate is outside its validity dates: renew it, or check this machine's clock)";
    default:
      return '';
  }
}
