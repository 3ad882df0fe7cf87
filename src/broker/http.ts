import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type CodeWithStatus, type ErrorCode, type StatusOf, StintError } from '../lib/errors.js';
import { oauthDescription } from '../lib/oauth-description.js';
import { quoteInput } from '../lib/quote-input.js';

/**
 * A refusal the broker answers with an RFC 6749-style error body. `description` is what the
 * caller sees; `reason` is the full detail for the audit log and may say more. `status` must be
 * the one the error catalogue gives `code`, or it does not compile.
 */
export class BrokerError<C extends ErrorCode = ErrorCode> extends StintError {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly reason: string;
  readonly retryAfterSec?: number;
  /**
   * Set on a 401 for a request that sent no credentials at all: its challenge names this realm
   * and carries no error code (RFC 6750 §3.1), since nothing was presented to be invalid.
   */
  readonly realm?: string;
  /** Fields the refusal's audit event carries beside its reason (the id of the API key presented). */
  readonly auditFields?: Readonly<Record<string, string>>;

  constructor(
    status: NoInfer<StatusOf<C>>,
    error: string,
    code: C,
    description: string,
    options: {
      reason?: string;
      retryAfterSec?: number;
      cause?: unknown;
      realm?: string;
      auditFields?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(code, description, { cause: options.cause });
    this.name = 'BrokerError';
    this.status = status as number;
    this.error = error;
    this.description = description;
    this.reason = options.reason ?? description;
    if (options.retryAfterSec !== undefined) this.retryAfterSec = options.retryAfterSec;
    if (options.realm !== undefined) this.realm = options.realm;
    if (options.auditFields !== undefined) this.auditFields = options.auditFields;
  }
}

/**
 * Whether a request carries no credentials at all (no Authorization field, or an empty one), as
 * opposed to credentials that are malformed or wrong: RFC 6750 §3.1 answers the first with a bare
 * challenge and the second with `error="invalid_token"`.
 */
export function sentNoCredentials(req: IncomingMessage): boolean {
  return (req.headers.authorization ?? '').trim() === '';
}

/** A value the caller sent, as an error message quotes it (src/lib/quote-input.ts). */
export { quoteInput };

export const invalidRequest = (code: CodeWithStatus<400>, description: string): BrokerError =>
  new BrokerError(400, 'invalid_request', code, description);

/** Largest request body any broker endpoint accepts: a token, a form or a CSR is a few KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the whole body, refusing (413) as soon as it grows past `limit` bytes. It stops listening
 * then, but leaves the request open (a `for await` would destroy it, and with it the socket), so
 * the refusal can still be read: see lingeringClose.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  // The body is read as sent: a compressed one would be garbage to the parser, and one merely
  // labelled compressed is bytes a proxy honouring the label reads differently (RFC 9110 §15.5.16).
  if (coding !== 'identity') {
    return Promise.reject(
      new BrokerError(
        415,
        'invalid_request',
        'ERR_CONTENT_ENCODING',
        `the broker takes request bodies uncompressed, not content-encoding ${quoteInput(coding)}; send the body as is, without Content-Encoding`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      reject(tooLarge(limit));
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    // The client went away mid-upload (an aborted request is an 'error', a closed one a 'close'):
    // a refusal of the client's doing, not the broker's fault, and nobody is left to read it.
    const onGone = (): void => {
      stop();
      reject(
        new BrokerError(
          400,
          'invalid_request',
          'ERR_BODY_INCOMPLETE',
          'the client closed the connection before the body was complete',
        ),
      );
    };
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

/**
 * Connections answered with `Connection: close` whose client may still be sending (lingeringClose).
 * What still arrives on one is read and dropped: a request parsed from it is never run (the
 * broker could not answer it), and one pipelined behind the answer never starts (server.ts).
 */
const closing = new WeakSet<Socket>();

/** Whether the broker already ended this request's connection, so the request must not be run. */
export function arrivedOnClosingConnection(req: IncomingMessage): boolean {
  return closing.has(req.socket);
}

/** How long, and how much, the broker goes on reading a refused upload after it answered. */
const LINGER_MS = 5_000;
const LINGER_BYTES = 8 * 1024 * 1024;

/**
 * Ends the connection of a refused request whose body is still arriving the way nginx's
 * lingering close does: the answer goes out with `Connection: close`, then a FIN, and what keeps
 * arriving is read and discarded (at most LINGER_BYTES, for at most LINGER_MS) before the socket
 * is destroyed. Closing at once would leave unread bytes, which make the kernel reset the
 * connection, and a client that sends its whole body before it reads (curl, Python's requests)
 * would get EPIPE instead of the 413. Call it before sending the answer.
 */
export function lingeringClose(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  closing.add(socket);
  res.setHeader('connection', 'close');
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > LINGER_BYTES) socket.destroy();
  });
  req.resume();
  // Node ends the last response of a connection with socket.destroySoon(): FIN, then destroy as
  // soon as it is flushed. Keep the FIN; the destroy waits for the client to finish or the bounds.
  (socket as typeof socket & { destroySoon(): void }).destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}

function tooLarge(limit: number): BrokerError {
  return new BrokerError(
    413,
    'invalid_request',
    'ERR_BODY_TOO_LARGE',
    `request body is larger than ${limit / 1024} KiB`,
  );
}

/** The media type of a request, lower-cased, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses a JSON object body; anything else is a 400. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalidRequest('ERR_BODY_NOT_JSON', 'request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest('ERR_BODY_NOT_OBJECT', 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Parses the `application/x-www-form-urlencoded` body of an OAuth endpoint (token, revocation,
 * introspection). A parameter sent without a value is left out, as if it had not been sent
 * (RFC 6749 §3.2), so each route sees a parameter as given or not, never as empty. A parameter
 * named twice is a 400 (§3.2 too), whether or not either time has a value; see parseFormValues
 * for the parameters a route accepts more than once.
 */
export function parseForm(req: IncomingMessage, body: Buffer): Record<string, string> {
  return parseFormValues(req, body, []).form;
}

/**
 * parseForm, except that the parameters named in `repeatable` may be given several times (RFC
 * 8693 §2.1 allows it for `resource` and `audience`): `values` has each of them as a list of the
 * values given (empty ones left out), and `form` its first.
 *
 * @example
 * const { form, values } = parseFormValues(req, body, ['resource', 'audience']);
 * values.resource // ['https://api.warehouse.example.com', 'https://api.warehouse.example.com']
 */
export function parseFormValues(
  req: IncomingMessage,
  body: Buffer,
  repeatable: readonly string[],
): { form: Record<string, string>; values: Record<string, string[]> } {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    throw invalidRequest('ERR_BODY_NOT_FORM', 'request body must be application/x-www-form-urlencoded');
  }
  const form: Record<string, string> = {};
  const values: Record<string, string[]> = {};
  const named = new Set<string>();
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    if (repeatable.includes(name)) {
      if (value === '') continue;
      if (!Object.hasOwn(values, name)) values[name] = [];
      values[name]!.push(value);
      form[name] ??= value;
      continue;
    }
    if (named.has(name)) throw invalidRequest('ERR_PARAMETER_REPEATED', `parameter ${name} is repeated`);
    named.add(name);
    if (value !== '') form[name] = value;
  }
  return { form, values };
}

/**
 * Sends a JSON body, `no-store` unless `headers` gives another `cache-control` (the public
 * discovery document and JWKS): an answer may carry credentials. `Pragma: no-cache` goes only
 * with `no-store`, for HTTP/1.0 caches (RFC 6749 §5.1); beside a `max-age` it would contradict it.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  const cacheControl = headers['cache-control'] ?? 'no-store';
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': cacheControl,
    ...(cacheControl === 'no-store' ? { pragma: 'no-cache' } : {}),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** The status and OAuth `error` a refusal is answered with. */
export interface ErrorShape {
  status: number;
  error: string;
}

/**
 * How `POST /oauth2/token` answers a refusal, so OAuth client libraries report an OAuth error
 * rather than an authentication challenge: RFC 8693 §2.2.2 says a subject token that is invalid
 * for any reason (bad, expired, replayed) or unacceptable by policy is 400 `invalid_request`, and
 * a scope beyond the grant is 400 `invalid_scope` (RFC 6749 §5.2); never `WWW-Authenticate`,
 * since the endpoint has no client authentication to challenge. An unknown project gets the same
 * answer as any policy denial (not `invalid_target`), so a caller cannot learn which projects
 * exist. Size limits, rate limits and outages keep their status (413, 429, 503).
 */
export function tokenEndpointShape(error: BrokerError): ErrorShape {
  if (error.status !== 401 && error.status !== 403) return { status: error.status, error: error.error };
  return { status: 400, error: error.error === 'invalid_scope' ? 'invalid_scope' : 'invalid_request' };
}

/**
 * Sends `{error, error_description, request_id}` with the status (or the `shape` an endpoint
 * answers it with), Retry-After when the refusal has one (429, and 503 for an outage), and
 * WWW-Authenticate for 401. The description is in RFC 6749 §5.2's characters (oauthDescription):
 * every broker error body has the OAuth shape, and this is the one place that writes them.
 */
export function sendError(
  res: ServerResponse,
  error: BrokerError,
  requestId: string,
  shape: ErrorShape = { status: error.status, error: error.error },
): void {
  const headers: Record<string, string> = {};
  if (error.retryAfterSec !== undefined) headers['retry-after'] = String(error.retryAfterSec);
  if (shape.status === 401) {
    // RFC 6750 §3: a challenge has at least one parameter; §3.1: none about an error when no
    // credentials were sent (a client that sent none learns only how to authenticate).
    headers['www-authenticate'] =
      error.realm !== undefined
        ? `Bearer realm="${error.realm.replace(/["\\]/g, '\\$&')}"`
        : `Bearer error="${shape.error}"`;
  }
  sendJson(
    res,
    shape.status,
    { error: shape.error, error_description: oauthDescription(error.description), request_id: requestId },
    headers,
  );
}
