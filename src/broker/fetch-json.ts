import { StintError } from '../lib/errors.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface FetchJsonOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GETs a JSON object from `url` with a timeout and a cap on the response size, so a slow or
 * hostile issuer can neither hang an exchange nor fill the broker's memory. Redirects are
 * refused: an issuer's documents live where its discovery document says.
 */
export async function fetchJsonObject(url: string, options: FetchJsonOptions): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (cause) {
    throw new StintError('ERR_ISSUER_UNREACHABLE', `could not fetch ${url}: ${describe(cause)}`, { cause });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new StintError('ERR_ISSUER_UNREACHABLE', `${url} answered HTTP ${response.status}`);
  }
  const text = await readCapped(response, url, options.maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StintError('ERR_ISSUER_DOCUMENT_INVALID', `${url} did not answer JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StintError('ERR_ISSUER_DOCUMENT_INVALID', `${url} did not answer a JSON object`);
  }
  return value as Record<string, unknown>;
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new StintError('ERR_ISSUER_DOCUMENT_TOO_LARGE', `${url} answered more than ${maxBytes} bytes`);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new StintError('ERR_ISSUER_DOCUMENT_TOO_LARGE', `${url} answered more than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof StintError) throw cause;
    throw new StintError('ERR_ISSUER_UNREACHABLE', `could not read ${url}: ${describe(cause)}`, { cause });
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
