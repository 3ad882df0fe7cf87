import { type ErrorCode, StintError } from './errors.js';
import { certificateProblem, type HttpClient, HttpError, isHttpsPortAnswer, isPlainHttpPort } from './http.js';
import { urlForMessage } from './url-credentials.js';

export interface FetchJsonOptions {
  http: HttpClient;
  timeoutMs: number;
  maxBytes: number;
  /** The caller's codes: no answer (or not 2xx), an answer over `maxBytes`, an answer that is not a JSON object. */
  codes: { unreachable: ErrorCode; tooLarge: ErrorCode; invalid: ErrorCode };
}

/**
 * GETs a JSON object from `url` with a timeout and a cap on the response size (src/lib/http.ts),
 * so a slow or hostile server can neither hang the caller nor fill its memory. Redirects are
 * refused: the broker's issuer documents and stint/verify's JWKS live where they were configured.
 *
 * @example
 * const jwks = await fetchJsonObject(url, { http: httpRequest, timeoutMs: 5000, maxBytes: 256 * 1024,
 *   codes: { unreachable: 'ERR_JWKS_UNAVAILABLE', tooLarge: 'ERR_JWKS_UNAVAILABLE', invalid: 'ERR_JWKS_UNAVAILABLE' } });
 */
export async function fetchJsonObject(url: string, options: FetchJsonOptions): Promise<Record<string, unknown>> {
  const { codes } = options;
  // The messages end up in a receiving service's log or a 503: never the URL's user info or query.
  const shown = urlForMessage(url);
  let text: string;
  try {
    const response = await options.http({
      url,
      method: 'GET',
      headers: { accept: 'application/json' },
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxBytes,
    });
    text = response.text();
    if (response.status < 200 || response.status > 299) {
      const https = url.startsWith('http:') && isHttpsPortAnswer(response.status, text);
      throw new StintError(
        codes.unreachable,
        `${shown} answered HTTP ${response.status}${https ? ' (that port serves HTTPS: the URL must start with https://)' : ''}`,
      );
    }
  } catch (cause) {
    if (!(cause instanceof HttpError)) throw cause;
    if (cause.kind === 'too-large')
      throw new StintError(codes.tooLarge, `${shown} answered more than ${options.maxBytes} bytes`, { cause });
    throw new StintError(
      codes.unreachable,
      `could not fetch ${shown}: ${cause.kind === 'timeout' ? 'timed out' : cause.reason}${
        cause.kind === 'certificate'
          ? certificateHint(cause.reason)
          : isPlainHttpPort(cause.reason)
            ? ' (nothing speaks TLS on that port: if the server serves plain HTTP, the URL must start with http://)'
            : ''
      }`,
      { cause },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StintError(codes.invalid, `${shown} did not answer JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StintError(codes.invalid, `${shown} did not answer a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Why Node refused the server's certificate, in words: a self-managed CI or a broker behind a
 * company CA is reached, and waiting will not change the answer.
 */
function certificateHint(code: string): string {
  switch (certificateProblem(code)) {
    case 'trust':
      return ' (its TLS certificate is not from a CA Node trusts here: give this process the CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem, or serve the chain with its intermediates)';
    case 'host':
      return ' (its TLS certificate does not name the host in the URL)';
    case 'dates':
      return " (its TLS certificate is outside its validity dates: renew it, or check this machine's clock)";
    default:
      return '';
  }
}
