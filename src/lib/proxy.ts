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
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { inCidr, isCidr } from './cidr.js';
import { isLoopbackHost } from './loopback.js';

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
export class ProxySettingError extends Error {}

const VARIABLES = {
  'https:': ['https_proxy', 'HTTPS_PROXY'],
  'http:': ['http_proxy', 'HTTP_PROXY'],
} as const;

/**
 * The proxy for `target`, or undefined to connect directly. Throws `ProxySettingError` when the
 * variable that applies is not an http:// or https:// proxy URL.
 *
 * @example
 * proxyFor(new URL('https://stint.example.com/'), { HTTPS_PROXY: 'http://proxy.corp:3128' })?.where // 'proxy.corp:3128'
 * proxyFor(new URL('http://127.0.0.1:8080/'), { HTTP_PROXY: 'http://proxy.corp:3128' }) // undefined
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyRoute | undefined {
  const names = VARIABLES[target.protocol as keyof typeof VARIABLES];
  if (names === undefined) return undefined;
  const variable = names.find((name) => env[name]);
  if (variable === undefined) return undefined;
  if (isLoopbackHost(target.hostname)) return undefined;
  if (bypassed(target, env.no_proxy || env.NO_PROXY || '')) return undefined;
  return parseProxy(env[variable]!, variable);
}

function parseProxy(value: string, variable: string): ProxyRoute {
  let url: URL;
  try {
    // `proxy.corp:3128` without a scheme means http://, as curl and Go read it.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value.trim()}`);
  } catch {
    throw new ProxySettingError(`${variable} is not a proxy URL; set it to http://host:port`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ProxySettingError(
      `${variable} names a ${url.protocol.slice(0, -1)} proxy; stint talks to http:// and https:// proxies only`,
    );
  if (url.hostname === '') throw new ProxySettingError(`${variable} names no proxy host; set it to http://host:port`);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const user = url.username === '' ? undefined : safeDecode(url.username);
  const authorization =
    user === undefined
      ? undefined
      : `Basic ${Buffer.from(`${user}:${safeDecode(url.password)}`, 'utf8').toString('base64')}`;
  return {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port,
    where: `${url.hostname}:${port}`,
    variable,
    authorization,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether NO_PROXY lists `target`. */
function bypassed(target: URL, list: string): boolean {
  const host = bare(target.hostname).toLowerCase().replace(/\.$/, '');
  const port = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port);
  for (const raw of list.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (isCidr(bare(entry))) {
      if (isCidr(host) && inCidr(host, bare(entry))) return true;
      continue;
    }
    // host:port, [v6]:port
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    const name = bare(withPort ? withPort[1]! : entry).replace(/\.$/, '');
    if (withPort && Number(withPort[2]) !== port) continue;
    if (isCidr(name)) {
      if (isCidr(host) && inCidr(host, name)) return true;
    } else if (name.startsWith('*.') || name.startsWith('.')) {
      if (host.endsWith(name.slice(name.indexOf('.')))) return true;
    } else if (host === name || host.endsWith(`.${name}`)) {
      return true;
    }
  }
  return false;
}

function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * A plain http:// request sent to the proxy in absolute form (`GET http://host/path`), with the
 * proxy's credentials; `send` is node:http's or node:https's request (TLS to the proxy itself).
 */
export function absoluteForm(
  route: ProxyRoute,
  url: URL,
  headers: Record<string, string>,
): { send: typeof import('node:https').request; settings: RequestOptions & { servername?: string } } {
  return {
    send: process.getBuiltinModule(route.protocol === 'https:' ? 'node:https' : 'node:http').request,
    settings: {
      agent: false,
      host: route.hostname,
      port: route.port,
      path: url.href,
      ...(route.protocol === 'https:' && !isAddress(route.hostname) ? { servername: route.hostname } : {}),
      headers: {
        ...headers,
        host: url.host,
        ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}),
      },
    },
  };
}

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
export function openTunnel(
  route: ProxyRoute,
  url: URL,
  tls: { cert?: string; key?: string; ca?: string; servername?: string } | undefined,
  events: TunnelEvents,
): ClientRequest {
  const authority = `${url.hostname}:${url.port || 443}`;
  const connect = process.getBuiltinModule(route.protocol === 'https:' ? 'node:https' : 'node:http').request({
    agent: false,
    host: route.hostname,
    port: route.port,
    method: 'CONNECT',
    path: authority,
    ...(route.protocol === 'https:' && !isAddress(route.hostname) ? { servername: route.hostname } : {}),
    headers: {
      host: authority,
      ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}),
    },
  });
  connect.on('error', events.unreachable);
  connect.on('connect', (answer: IncomingMessage, socket: Socket) => {
    events.opened(socket);
    const status = answer.statusCode ?? 0;
    if (status !== 200) {
      socket.destroy();
      events.refused(status >= 500 ? 'network' : 'proxy', proxyRefusal(route, authority, status), status);
      return;
    }
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const servername = tls?.servername ?? (isAddress(host) ? undefined : host);
    const secure = process.getBuiltinModule('node:tls').connect({
      socket,
      host,
      ...(servername !== undefined ? { servername } : {}),
      ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
      ...(tls?.cert !== undefined ? { cert: tls.cert } : {}),
      ...(tls?.key !== undefined ? { key: tls.key } : {}),
    });
    events.opened(secure);
    secure.once('secureConnect', () => events.secured());
    secure.on('error', events.failed);
    events.ready(secure);
  });
  connect.end();
  return connect;
}

/**
 * What a proxy's refusal means, naming the proxy (host:port, never its credentials) and the
 * variable that set it.
 */
export function proxyRefusal(route: ProxyRoute, authority: string, status: number): string {
  const text = `${status} ${process.getBuiltinModule('node:http').STATUS_CODES[status] ?? ''}`.trim();
  const { where, variable } = route;
  if (status === 407)
    return route.authorization === undefined
      ? `the proxy ${where} (from ${variable}) wants credentials (${text}): set ${variable} to http://user:password@${where}`
      : `the proxy ${where} (from ${variable}) did not accept the user and password in ${variable} (${text})`;
  if (status >= 500) return `the proxy ${where} (from ${variable}) could not reach ${authority} (${text})`;
  return `the proxy ${where} (from ${variable}) refused to connect to ${authority} (${text}): allow it at the proxy, or list the host in NO_PROXY if this machine reaches it directly`;
}

/** Whether a host is an IP address (no SNI name for it). */
function isAddress(host: string): boolean {
  return process.getBuiltinModule('node:net').isIP(host) !== 0;
}
