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
import type { IncomingHttpHeaders } from 'node:http';
import { StintError } from './errors.js';
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
    tls?: {
        cert?: string;
        key?: string;
        ca?: string;
        servername?: string;
    };
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
 * What a refused server certificate needs, from Node's verification code or its message (a client
 * that passes errors on as text, such as ioredis for Sentinel and Cluster nodes, keeps only the
 * message): `host` (it does not name the host connected to), `trust` (its CA is not trusted here),
 * `dates` (expired or not yet valid), or undefined for any other refusal.
 *
 * @example
 * certificateProblem('SELF_SIGNED_CERT_IN_CHAIN') // 'trust'
 * certificateProblem('self-signed certificate in certificate chain') // 'trust'
 */
export declare function certificateProblem(codeOrMessage: string): 'host' | 'trust' | 'dates' | undefined;
/** Whether an answer to an http:// request says that the port serves HTTPS (the same every time). */
export declare function isHttpsPortAnswer(status: number, text: string): boolean;
/** The OpenSSL codes of an https:// request to a port that answers plain HTTP (or nothing TLS). */
export declare function isPlainHttpPort(reason: string): boolean;
/** Whether a `network` failure's reason is a TLS handshake the server refuses every time. */
export declare function isTlsRefusal(reason: string): boolean;
export declare const DEFAULT_TIMEOUT_MS = 30000;
export declare const DEFAULT_MAX_RESPONSE_BYTES: number;
/**
 * A request that got no usable answer. Callers turn it into their own error (ERR_BROKER_UNREACHABLE,
 * ERR_ISSUER_UNREACHABLE, …); `isRetryableHttpError` (src/lib/retry.ts) says whether to try again.
 */
export declare class HttpError extends StintError {
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
    constructor(kind: HttpFailure, target: string, reason: string, details: {
        sent: boolean;
        status?: number;
        cause?: unknown;
    });
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
export declare const httpRequest: HttpClient;
