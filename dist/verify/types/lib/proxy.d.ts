/**
 * Which egress proxy a request goes through, from the environment, by the usual convention
 * (curl, Go, @actions/http-client): `https_proxy`/`HTTPS_PROXY` for https:// targets,
 * `http_proxy`/`HTTP_PROXY` for http:// ones (lower case first; an empty value counts as unset),
 * and `no_proxy`/`NO_PROXY`, a comma-separated list of targets to reach directly:
 * - `*`: every target;
 * - `example.com`: that host and every host under it; `.example.com` or `*.example.com`: only the hosts under it;
 * - `example.com:8443`: that host (and those under it) on that port only;
 * - `192.0.2.7`, `[2001:db8::7]`, `10.0.0.0/8`, `fd00::/8`: a URL that names that address, or one in that range
 *   (names are never resolved to decide).
 *
 * This machine (`localhost`, 127.0.0.0/8, `::1`: `isLoopbackHost`, the same rule that lets plain
 * http through) is never reached through a proxy, whatever the variables say: a proxy would
 * connect to its own loopback, and plain http to it would cross the network in clear.
 *
 * Only src/lib/http.ts calls this (the rule, and the tunnel it opens), on a request whose environment names a proxy
 * (it checks the variables itself); a run without one never loads the tunnel code. See docs/cli.md#egress-proxy.
 */
import type { ClientRequest, RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
/** The proxy a request goes through. `where` is safe to print: host and port, never credentials. */
export interface ProxyRoute {
    /** `http:` or `https:`: how stint talks to the proxy itself. */
    protocol: 'http:' | 'https:';
    hostname: string;
    port: number;
    /** `proxy.corp.example:3128` (IPv6 in brackets). */
    where: string;
    /** The variable it came from: `HTTPS_PROXY`, `https_proxy`, … */
    variable: string;
    /** `Basic …` from the URL's user and password, or undefined. Never print it. */
    authorization: string | undefined;
}
/** A proxy variable whose value cannot be used; the message never repeats the value (it may hold a password). */
export declare class ProxySettingError extends Error {
}
/**
 * The proxy for `target`, or undefined to connect directly. Throws `ProxySettingError` when the
 * variable that applies is not an http:// or https:// proxy URL.
 *
 * @example
 * proxyFor(new URL('https://stint.example.com/'), { HTTPS_PROXY: 'http://proxy.corp:3128' })?.where // 'proxy.corp:3128'
 * proxyFor(new URL('http://127.0.0.1:8080/'), { HTTP_PROXY: 'http://proxy.corp:3128' }) // undefined
 */
export declare function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyRoute | undefined;
/**
 * A plain http:// request sent to the proxy in absolute form (`GET http://host/path`), with the
 * proxy's credentials; `send` is node:http's or node:https's request (TLS to the proxy itself).
 */
export declare function absoluteForm(route: ProxyRoute, url: URL, headers: Record<string, string>): {
    send: typeof import('node:https').request;
    settings: RequestOptions & {
        servername?: string;
    };
};
/** What `openTunnel` tells its caller, in order: opened, then secured and ready, or one failure. */
export interface TunnelEvents {
    /** The proxy agreed: the tunnel's socket, to destroy on a deadline. */
    opened(socket: Socket): void;
    /** No connection to the proxy, or it broke before answering. */
    unreachable(error: NodeJS.ErrnoException): void;
    /** The proxy answered the CONNECT with another status than 200. */
    refused(kind: 'proxy' | 'network', reason: string, status: number): void;
    /** The TLS handshake with the server (inside the tunnel) is done. */
    secured(): void;
    /** The TLS connection with the server failed (a refused certificate, a handshake refusal). */
    failed(error: NodeJS.ErrnoException): void;
    /** The TLS socket to send the request on. */
    ready(tls: TLSSocket): void;
}
/**
 * `CONNECT host:port` at the proxy, then TLS with the server inside the tunnel: the server's
 * certificate is checked against `tls.ca` (or Node's CAs, NODE_EXTRA_CA_CERTS included) and
 * `tls.servername` (or the URL's host), and a client certificate goes to the server, never to
 * the proxy. Returns the CONNECT request, to destroy on a deadline.
 */
export declare function openTunnel(route: ProxyRoute, url: URL, tls: {
    cert?: string;
    key?: string;
    ca?: string;
    servername?: string;
} | undefined, events: TunnelEvents): ClientRequest;
/**
 * What a proxy's refusal means, naming the proxy (host:port, never its credentials) and the
 * variable that set it.
 */
export declare function proxyRefusal(route: ProxyRoute, authority: string, status: number): string;
