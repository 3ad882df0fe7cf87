/**
 * stint's one outbound HTTP client, on `node:http` / `node:https`. Every request stint makes (the
 * broker client, the CI ID-token requests, the broker's issuer discovery and JWKS fetches, the
 * oauth2 token request, the mTLS certificate request, `stint request`, and stint/verify's JWKS
 * fetch) goes through `httpRequest`, so each has a deadline, a cap on the answer's size, and the
 * same redirect rule.
 *
 * Why not the global `fetch`: its first use loads undici, which costs the action about 190 ms
 * and 38 MiB at start-up (issue 18), and its body reading has no size limit of its own.
 *
 * Redirects are never followed. A credential (an ID token, a client secret, a bearer token, a
 * client certificate) goes only to the URL it was configured for; following a redirect would send
 * it, or the request it authorises, wherever the answer points. By default a redirect is an
 * `HttpError` of kind `redirect`; `stint request` asks to get it back as an answer instead.
 * See docs/architecture.md.
 *
 * Egress proxies: a request goes through the proxy that HTTPS_PROXY / HTTP_PROXY name unless
 * NO_PROXY lists its host or the host is this machine (src/lib/proxy.ts has the rule). An https
 * target is reached through an HTTP CONNECT tunnel, so TLS (the server's certificate check, a
 * client certificate) stays end to end and the proxy sees only host and port. The proxy code is
 * loaded only when a proxy variable is set. docs/cli.md#egress-proxy.
 */
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import { StintError } from './errors.js';
import type { ProxyRoute } from './proxy.js';

export interface HttpRequest {
  url: string | URL;
  /** Default GET. */
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Deadline for the whole exchange: connect, send, and read the answer. Default 30 s. */
  timeoutMs?: number;
  /** Ends the request early (a retry loop's per-attempt deadline); reported as a timeout. */
  signal?: AbortSignal;
  /** The largest answer body read. Default 1 MiB; a larger one is an HttpError of kind `too-large`. */
  maxResponseBytes?: number;
  /** `refuse` (default): a 301/302/303/307/308 is an HttpError of kind `redirect`. `return`: it is answered as is. */
  redirect?: 'refuse' | 'return';
  /**
   * Client certificate and key (mTLS) and the server's CA, as PEM; `servername`: the SNI name,
   * which the server's certificate is then checked against instead of the URL's host. https only.
   */
  tls?: { cert?: string; key?: string; ca?: string; servername?: string };
  /**
   * `environment` (default): through the proxy HTTPS_PROXY / HTTP_PROXY name, unless NO_PROXY
   * lists the host or it is this machine. `none`: always directly (stint/verify, inside a user's
   * service, unless NODE_USE_ENV_PROXY=1).
   */
  proxy?: 'environment' | 'none';
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** A header's value (the first, when sent more than once), or undefined. */
  header(name: string): string | undefined;
  /** The body as UTF-8. */
  text(): string;
}

/** What every caller takes to make requests; tests hand in their own to script answers. */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * Why a request got no usable answer:
 * - `network`: no connection, or it broke (`reason` is the system's code, e.g. ECONNREFUSED);
 * - `certificate`: the server's TLS certificate was not accepted (`reason` is the verification
 *   code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID): the
 *   same server presents the same certificate next time, so this is never transient;
 * - `timeout`: no complete answer before the deadline (or the caller's signal);
 * - `too-large`: the answer is larger than `maxResponseBytes`;
 * - `redirect`: the server answered with a redirect, which is never followed;
 * - `proxy`: the egress proxy refused the request (403, 407), or a proxy variable cannot be used.
 *   The reason names the proxy's host:port and the variable that set it, never its credentials.
 */
export type HttpFailure = 'network' | 'certificate' | 'timeout' | 'too-large' | 'redirect' | 'proxy';

/**
 * The codes Node gives a server certificate it does not accept (OpenSSL's X.509 verification
 * results, and Node's own host name check): untrusted, expired, not for this host, malformed.
 */
const CERTIFICATE_ERRORS = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * What a refused server certificate needs, from Node's verification code or its message (a client
 * that passes errors on as text, such as ioredis for Sentinel and Cluster nodes, keeps only the
 * message): `host` (it does not name the host connected to), `trust` (its CA is not trusted here),
 * `dates` (expired or not yet valid), or undefined for any other refusal.
 *
 * @example
 * certificateProblem('SELF_SIGNED_CERT_IN_CHAIN') // 'trust'
 * certificateProblem('self-signed certificate in certificate chain') // 'trust'
 */
export function certificateProblem(codeOrMessage: string): 'host' | 'trust' | 'dates' | undefined {
  if (
    /Hostname\/IP does not match certificate's altnames|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH/i.test(
      codeOrMessage,
    )
  )
    return 'host';
  if (
    /self[- ]signed|unable to get (local )?issuer|unable to verify the first certificate|certificate (is )?not trusted|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|CERT_UNTRUSTED/i.test(
      codeOrMessage,
    )
  )
    return 'trust';
  if (/certificate has expired|certificate is not yet valid|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/i.test(codeOrMessage))
    return 'dates';
  return undefined;
}

/**
 * OpenSSL's codes for a TLS handshake that the other end refused, or that could not start: plain
 * HTTP on an https:// URL, a server that demands a client certificate, no TLS version in common.
 * They come back as `network` failures, but the same server answers the same way next time, so
 * `isTlsRefusal` lets callers stop at once instead of retrying.
 */
const TLS_REFUSALS = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

/**
 * The error's code; for a TLS failure met while writing, which Node reports as a bare EPROTO, the
 * OpenSSL reason named the way Node names the others (`wrong version number` →
 * ERR_SSL_WRONG_VERSION_NUMBER).
 */
function failureCode(error: NodeJS.ErrnoException): string {
  const ssl = error.code === 'EPROTO' ? /:SSL routines:[^:]*:([a-z0-9 ]+):/.exec(error.message) : null;
  if (ssl) return `ERR_SSL_${ssl[1]!.toUpperCase().replaceAll(' ', '_')}`;
  return error.code ?? error.message;
}

/**
 * How a server says that plain HTTP came to its HTTPS port: the stint broker
 * (src/broker/plain-http.ts), nginx ("The plain HTTP request was sent to HTTPS port") and Go's
 * net/http, which Caddy and Traefik use ("Client sent an HTTP request to an HTTPS server.").
 */
const HTTPS_PORT_ANSWER =
  /speaks HTTPS and the request came as plain HTTP|plain HTTP request was sent to HTTPS port|sent an HTTP request to an HTTPS server/i;

/** Whether an answer to an http:// request says that the port serves HTTPS (the same every time). */
export function isHttpsPortAnswer(status: number, text: string): boolean {
  return status === 400 && HTTPS_PORT_ANSWER.test(text);
}

/** The OpenSSL codes of an https:// request to a port that answers plain HTTP (or nothing TLS). */
export function isPlainHttpPort(reason: string): boolean {
  return (
    reason === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    reason === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    reason === 'ERR_SSL_HTTP_REQUEST'
  );
}

/** Whether a `network` failure's reason is a TLS handshake the server refuses every time. */
export function isTlsRefusal(reason: string): boolean {
  return TLS_REFUSALS.has(reason);
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A request that got no usable answer. Callers turn it into their own error (ERR_BROKER_UNREACHABLE,
 * ERR_ISSUER_UNREACHABLE, …); `isRetryableHttpError` (src/lib/retry.ts) says whether to try again.
 */
export class HttpError extends StintError {
  readonly kind: HttpFailure;
  /** Short and safe to print: `ECONNREFUSED`, `no answer in time (timeout)`, `redirected to https://…`. */
  readonly reason: string;
  /**
   * False when the request provably never left this machine (no connection was made, or the TLS
   * handshake failed), so resending a single-use credential cannot be a replay.
   */
  readonly sent: boolean;
  /** The answer's status, for `too-large` and `redirect`. */
  readonly status: number | undefined;

  constructor(
    kind: HttpFailure,
    target: string,
    reason: string,
    details: { sent: boolean; status?: number; cause?: unknown },
  ) {
    super('ERR_HTTP_FAILED', `${target}: ${reason}`, { cause: details.cause });
    this.name = 'HttpError';
    this.kind = kind;
    this.reason = reason;
    this.sent = details.sent;
    this.status = details.status;
  }
}

/**
 * Sends one request and reads the whole answer (bounded by `maxResponseBytes` and `timeoutMs`).
 * Any status is an answer; only a missing, broken, late, oversized or redirecting answer throws
 * `HttpError`. A fresh connection per request (no pooling): stint makes few requests, and a
 * pooled socket the server has just closed would turn a good request into a spurious failure.
 *
 * @example
 * const answer = await httpRequest({ url: 'https://stint.example.com/.well-known/jwks.json', maxResponseBytes: 256 * 1024 });
 * if (answer.status === 200) keys = JSON.parse(answer.text());
 */
export const httpRequest: HttpClient = async (options) => {
  const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
  // For messages: never the query, which may carry a credential.
  const target = `${(options.method ?? 'GET').toUpperCase()} ${url.origin}${url.pathname}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StintError(
      'ERR_HTTP_FAILED',
      `${target}: only http and https URLs can be requested (got ${url.protocol})`,
    );
  }
  let route: ProxyRoute | undefined;
  const env = process.env;
  // The proxy code loads only when a proxy variable is set (the action's start-up, issue 18).
  if (
    (options.proxy ?? 'environment') === 'environment' &&
    (env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY)
  ) {
    const proxy = await import('./proxy.js');
    try {
      route = proxy.proxyFor(url, env);
    } catch (error) {
      if (!(error instanceof proxy.ProxySettingError)) throw error;
      throw new HttpError('proxy', target, error.message, { sent: false });
    }
    if (route !== undefined) return exchange(options, url, target, { route, proxy });
  }
  return exchange(options, url, target, undefined);
};

/** The proxy a request goes through, and the module that speaks to it (loaded only then). */
interface Proxied {
  route: ProxyRoute;
  proxy: typeof import('./proxy.js');
}

/** The request itself: directly, or through a proxy. */
function exchange(options: HttpRequest, url: URL, target: string, proxied: Proxied | undefined): Promise<HttpResponse> {
  const route = proxied?.route;
  const secure = url.protocol === 'https:';
  /** `through the proxy proxy.corp:3128 (from HTTPS_PROXY)`: host and port only, never credentials. */
  const via = route === undefined ? '' : ` through the proxy ${route.where} (from ${route.variable})`;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise<HttpResponse>((resolve, reject) => {
    let connected = false;
    let settled = false;
    const finish = (outcome: { ok: HttpResponse } | { error: HttpError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if ('ok' in outcome) {
        resolve(outcome.ok);
      } else {
        request?.destroy();
        tunnel?.destroy();
        reject(outcome.error);
      }
    };
    const fail = (kind: HttpFailure, reason: string, extra: { status?: number; cause?: unknown } = {}): void =>
      finish({ error: new HttpError(kind, target, reason, { sent: connected, ...extra }) });
    const onAbort = (): void => fail('timeout', `no answer in time (timeout)${via}`, { cause: options.signal?.reason });
    const timer = setTimeout(onAbort, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

    // node:http and node:https (TLS and all of node:crypto) load on the first request that needs
    // them, not at import: a run that fails on its inputs needs neither, and one that only talks
    // to a local broker over http never needs TLS (the action's start-up, issue 18).
    let request: ClientRequest | undefined;
    /** The CONNECT request to the proxy, and then the tunnel's socket. */
    let tunnel: { destroy(): void } | undefined;
    const onError = (error: NodeJS.ErrnoException): void => {
      const certificate = error.code !== undefined && CERTIFICATE_ERRORS.has(error.code);
      const code = failureCode(error);
      // A certificate or handshake refusal is the server's, end to end through a tunnel: the bare
      // code, which callers look up (isTlsRefusal, their fixes). Anything else may be the proxy's.
      fail(certificate ? 'certificate' : 'network', certificate || isTlsRefusal(code) ? code : `${code}${via}`, {
        cause: error,
      });
    };
    const start = (
      send: typeof import('node:https').request,
      extra: RequestOptions & { servername?: string },
      target?: URL,
    ): void => {
      const settings = { method: options.method ?? 'GET', headers: options.headers ?? {}, ...extra };
      request =
        target === undefined
          ? send(settings, (response) => read(response))
          : send(target, settings, (response) => read(response));
      request.on('socket', (socket: Socket) => {
        // The request's bytes go out only once the connection (and the TLS handshake) is up.
        socket.once(secure && route === undefined ? 'secureConnect' : 'connect', () => {
          connected = true;
        });
      });
      request.on('error', onError);
      request.end(options.body);
    };
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (proxied === undefined) {
      start(
        process.getBuiltinModule(secure ? 'node:https' : 'node:http').request,
        { agent: false, ...(secure ? (options.tls ?? {}) : {}) },
        url,
      );
    } else if (!secure) {
      // Plain http through the proxy: the request, in absolute form, to the proxy itself.
      const { send, settings } = proxied.proxy.absoluteForm(proxied.route, url, options.headers ?? {});
      start(send, settings);
    } else {
      const { where, variable } = proxied.route;
      tunnel = proxied.proxy.openTunnel(proxied.route, url, options.tls, {
        opened: (socket) => {
          tunnel = socket;
        },
        unreachable: (error) =>
          fail('network', `${failureCode(error)} connecting to the proxy ${where} (from ${variable})`, {
            cause: error,
          }),
        refused: (kind, reason, status) => fail(kind, reason, { status }),
        secured: () => {
          connected = true;
        },
        failed: onError,
        ready: (tls) => start(process.getBuiltinModule('node:https').request, { createConnection: () => tls }, url),
      });
    }

    function read(response: IncomingMessage): void {
      const status = response.statusCode ?? 0;
      if (proxied !== undefined && !secure && status === 407) {
        fail('proxy', proxied.proxy.proxyRefusal(proxied.route, url.host, status), { status });
        return;
      }
      if (REDIRECTS.has(status) && (options.redirect ?? 'refuse') === 'refuse') {
        const location = response.headers.location;
        const where = location ? ` to ${originOf(location, url)}` : '';
        fail('redirect', `redirected${where} (redirects are not followed)`, { status });
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        fail('too-large', tooLarge(maxBytes), { status });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail('too-large', tooLarge(maxBytes), { status });
        else chunks.push(chunk);
      });
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        finish({
          ok: {
            status,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            body,
            header: (name) => {
              const value = response.headers[name.toLowerCase()];
              return Array.isArray(value) ? value[0] : value;
            },
            text: () => body.toString('utf8'),
          },
        });
      });
      response.on('error', (error: NodeJS.ErrnoException) =>
        fail('network', `the answer broke off (${error.code ?? error.message})`, { cause: error }),
      );
      response.on('close', () => {
        if (!response.complete) fail('network', 'the answer broke off');
      });
    }
  });
}

function tooLarge(maxBytes: number): string {
  return `the answer is larger than ${maxBytes} bytes`;
}

/** Where a redirect points, without path or query (they may carry a credential). */
function originOf(location: string, base: URL): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return 'an unreadable location';
  }
}
