import { readFileSync } from 'node:fs';
import type { Server } from 'node:net';
import type { ErrorCode, WarningCode } from '../lib/errors.js';
import type { BrokerConfig } from '../policy/types.js';
import { isTrustedProxy, peerAddress, rateLimitKey, trustedProxies } from './client-address.js';
import type { BrokerLog } from './log.js';

/** Why a connection was closed before anything was read from it (the `reason` of stint_connections_refused_total). */
export type ConnectionRefusal = 'per_address' | 'open_files';

/** How often, at most, the guard logs about one address, and about the open-file limit. */
export const CONNECTION_LOG_INTERVAL_MS = 60_000;
/** Addresses the guard remembers having logged in one interval; past this it logs about no more until the interval ends. */
const LOGGED_MAX = 1_000;

/**
 * The open files the broker keeps for other things than connections: its store (Redis
 * connections, the embedded store's files), the audit log, the keys dir and its watch, the
 * issuers' discovery and JWKS fetches, a worker's channel to the primary. A tenth of the limit,
 * and at least this.
 */
const RESERVED_FILES_MIN = 64;

export interface ConnectionGuardOptions {
  /** The config serving now (a reload may change the cap and trust_proxy); defaults before the broker opens. */
  config: () => Pick<BrokerConfig, 'connections_per_address' | 'trust_proxy'>;
  log: BrokerLog;
  /** Counts a connection closed unread (stint_connections_refused_total). */
  refused: (reason: ConnectionRefusal) => void;
  /** This process's open-file limit; default: read from /proc/self/limits (Linux), else none known. */
  openFileLimit?: number | undefined;
  now?: () => number;
}

export interface ConnectionGuard {
  /** Connections the broker holds at most (the open-file limit less what it keeps for files); undefined when the limit is unknown. */
  readonly ceiling: number | undefined;
  /** The cap on one address's connections now: the configured one, or half the ceiling when that is lower. */
  perAddress(): number;
}

/**
 * Guards a listening server against one client holding every connection, and against running
 * out of file descriptors:
 *
 * - Each TCP peer (IPv6: its /64, as the per-address rate limit counts) may hold
 *   `rate_limit.connections_per_address` connections at once, and never more than half of the
 *   ceiling below; the next are closed as soon as they are accepted, before a byte of them is
 *   read (or, over TLS, before the handshake). The count is of the TCP peer, never of
 *   X-Forwarded-For, which is not read yet when a connection opens: a peer in `trust_proxy` is
 *   not counted at all, since every client behind it shares its address (cap connections per
 *   client on the proxy).
 * - The server holds at most the open-file limit less a reserve (`maxConnections`): past it,
 *   Node closes new connections at once ('drop'), so the broker's own files (the audit log, the
 *   store, the keys) and its fetches to the issuers still get a descriptor. Without it, the
 *   accepts fail with EMFILE, which libuv meets by closing every connection waiting to be
 *   accepted, the next request to log an exchange cannot open what it must, and nothing says why.
 * - An accept that fails all the same (EMFILE, ENFILE: the system's table is full) is logged,
 *   and the server goes on listening; it accepts again once descriptors are free.
 *
 * Each address over its cap is logged once per CONNECTION_LOG_INTERVAL_MS (a warning,
 * WARN_CONNECTIONS_PER_ADDRESS); the ceiling and accept failures, once per interval too (an error,
 * ERR_OPEN_FILE_LIMIT). Every refusal is counted.
 *
 * @example
 * guardConnections(server, { config: () => context.config, log, refused: (r) => metrics.connectionRefused(r) });
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  const now = options.now ?? Date.now;
  const limit = 'openFileLimit' in options ? options.openFileLimit : openFileLimit();
  const ceiling = limit === undefined ? undefined : connectionCeiling(limit);
  if (ceiling !== undefined) server.maxConnections = ceiling;
  const reserved = limit === undefined || ceiling === undefined ? 0 : limit - ceiling;
  const perAddress = (): number => {
    const configured = options.config().connections_per_address;
    return ceiling === undefined ? configured : Math.min(configured, Math.max(1, Math.floor(ceiling / 2)));
  };

  /** Open connections per counted address. */
  const open = new Map<string, number>();
  /** When each address was last logged, within the current interval. */
  const logged = new Map<string, number>();
  let limitLoggedAt = Number.NEGATIVE_INFINITY;

  server.on('connection', (socket) => {
    const peer = peerAddress(socket);
    const config = options.config();
    if (isTrustedProxy(trustedProxies(config.trust_proxy), peer)) return;
    const key = rateLimitKey(peer);
    const held = open.get(key) ?? 0;
    const cap = perAddress();
    if (held >= cap) {
      socket.destroy();
      options.refused('per_address');
      logAddress(peer, key, cap);
      return;
    }
    open.set(key, held + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });

  server.on('drop', () => {
    options.refused('open_files');
    logLimit(
      `the broker holds ${ceiling} connections, the most its open-file limit allows (${limit} files, less ${reserved} kept for its store, audit log, keys and issuers): new connections are closed unread until some close; raise the limit (ulimit -n, LimitNOFILE= in the systemd unit, the container's nofile ulimit), and look for the clients holding them (stint_connections_refused_total counts the refusals)`,
    );
  });

  // Listening, an accept that fails emits 'error' on the server: with no listener that ends the
  // process. EMFILE and ENFILE pass (libuv has closed the connections waiting; the next accept
  // may succeed); anything else is logged too, and the server keeps listening.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EMFILE' || error.code === 'ENFILE') {
      const which =
        error.code === 'EMFILE'
          ? `this process's open-file limit${limit === undefined ? '' : ` (${limit})`}`
          : "the system's open-file table (fs.file-max)";
      logLimit(
        `accepting connections failed with ${error.code}: ${which} is used up; connections waiting to be accepted were closed, those open are served; raise the limit (ulimit -n, LimitNOFILE= in the systemd unit, the container's nofile ulimit${error.code === 'ENFILE' ? ', sysctl fs.file-max' : ''})`,
      );
      return;
    }
    options.log.error(`accepting a connection failed: ${error.message}`);
  });

  function logAddress(peer: string, key: string, cap: number): void {
    const t = now();
    const last = logged.get(key);
    if (last !== undefined && t - last < CONNECTION_LOG_INTERVAL_MS) return;
    if (logged.size >= LOGGED_MAX) {
      for (const [address, at] of logged) if (t - at >= CONNECTION_LOG_INTERVAL_MS) logged.delete(address);
      if (logged.size >= LOGGED_MAX) return;
    }
    logged.set(key, t);
    const configured = options.config().connections_per_address;
    const setting =
      cap < configured
        ? `rate_limit.connections_per_address is ${configured}, lowered to half of the ${ceiling} connections the open-file limit allows`
        : 'rate_limit.connections_per_address';
    options.log.warn(
      { code: 'WARN_CONNECTIONS_PER_ADDRESS' satisfies WarningCode, client_address: peer },
      `${peer}${key === peer ? '' : ` (${key})`} holds ${cap} connections, the most one address may (${setting}): its further connections are closed unread; said once a minute per address, counted in stint_connections_refused_total. Clients behind one NAT: raise the setting; a proxy of yours: list it in trust_proxy`,
    );
  }

  function logLimit(message: string): void {
    const t = now();
    if (t - limitLoggedAt < CONNECTION_LOG_INTERVAL_MS) return;
    limitLoggedAt = t;
    options.log.error({ code: 'ERR_OPEN_FILE_LIMIT' satisfies ErrorCode }, message);
  }

  return { ceiling, perAddress };
}

/** The most connections a process with `limit` open files takes: the limit less a tenth (at least RESERVED_FILES_MIN), and at least half of it. */
export function connectionCeiling(limit: number): number {
  const reserve = Math.max(RESERVED_FILES_MIN, Math.floor(limit / 10));
  return Math.max(Math.floor(limit / 2), limit - reserve);
}

/**
 * This process's soft limit on open files (Node raises it to the hard limit at start), from
 * /proc/self/limits; undefined where that cannot be read (not Linux) or says unlimited.
 */
export function openFileLimit(
  read: () => string = () => readFileSync('/proc/self/limits', 'utf8'),
): number | undefined {
  let text: string;
  try {
    text = read();
  } catch {
    return undefined;
  }
  const soft = /^Max open files\s+(\d+)\s/m.exec(text)?.[1];
  return soft === undefined ? undefined : Number(soft);
}
