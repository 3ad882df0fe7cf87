import { type FSWatcher, watch } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { openAuditLog } from '../audit/log.js';
import { formatDuration } from '../lib/duration.js';
import { type ErrorCode, StintError, type WarningCode } from '../lib/errors.js';
import type { HttpClient } from '../lib/http.js';
import { compilePolicy } from '../policy/index.js';
import type { BrokerConfig } from '../policy/types.js';
import { openStore } from '../store/open.js';
import { type DatasetChange, ISSUED_BEFORE_LOSS_MARGIN_MS } from '../store/types.js';
import { fileKeysLeftIn } from '../tokens/keyset.js';
import { openConfiguredKeySet } from '../tokens/open.js';
import { appendAudit, stampInstance } from './audit-append.js';
import type { BrokerContext } from './context.js';
import { arrivedOnClosingConnection } from './http.js';
import { createJwksCache } from './jwks-cache.js';
import { instanceName, startKeyAgreement } from './key-agreement.js';
import type { BrokerLog } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { checkCaKeyFile } from './mtls-ca.js';
import { answerPlainHttp } from './plain-http.js';
import { createRequestHandler } from './routes.js';

/**
 * How often, at most, the broker runs key maintenance, which re-reads the keys dir. Bounds how long
 * an emergency rotation (`stint keys rotate --now`) takes to reach a broker whose fs.watch is blind.
 */
export const KEY_MAINTENANCE_MS = 30_000;

/**
 * Runs `run` again and again, each time after a delay drawn anew between half of `periodMs` and
 * all of it, and after the previous run has settled: brokers started together on one keys dir or
 * one token do not rotate in lockstep (two successors made milliseconds apart), and a change still
 * reaches each within `periodMs` plus one run. The timer does not hold the process.
 *
 * @example
 * const maintenance = scheduleMaintenance(() => keySet.maintain().catch(logIt));
 * // on close: maintenance.stop();
 */
export function scheduleMaintenance(
  run: () => Promise<unknown>,
  options: { periodMs?: number; random?: () => number } = {},
): { stop(): void } {
  const periodMs = options.periodMs ?? KEY_MAINTENANCE_MS;
  const random = options.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = (): void => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        void run()
          .catch(() => undefined)
          .finally(next);
      },
      periodMs / 2 + (periodMs / 2) * random(),
    );
    timer.unref();
  };
  next();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** How often a broker on a PKCS#11 token re-reads the keys in it. */
export const TOKEN_RELOAD_MS = 5_000;

export interface OpenBrokerOptions {
  env: NodeJS.ProcessEnv;
  now?: () => number;
  /** How the broker reaches CI issuers (discovery and JWKS); default src/lib/http.ts. */
  http?: HttpClient;
  /** The operational log: access lines, warnings, unexpected server errors (never a token). */
  log?: BrokerLog;
  /** This instance's name among its peers; default `STINT_INSTANCE`, else host:pid. */
  instance?: string;
  /** Where `audit.stdout: true` copies each audit line (`stint serve`: its stdout). */
  stdout?: { write(text: string): unknown };
  /** The metrics to count in (`stint serve` makes them before it listens, for the connection guard); default new ones. */
  metrics?: Metrics;
  /** What GET /metrics answers instead of this process's own metrics (a worker of `--workers N`: every worker's). */
  exposition?: () => Promise<string>;
}

/** Something the broker has to say about how it started, logged once it listens (see `stint serve`). */
export interface StartupNote {
  level: 'info' | 'warn';
  message: string;
  /** The catalogue code of a warning, logged as the line's `code` field. */
  code?: WarningCode;
}

/** A store's warning line (`WARN_STORE_PERSISTENCE: Redis …`) as a note carrying its code. */
function storeWarning(line: string): StartupNote {
  const code = /^(WARN_[A-Z_]+): /.exec(line)?.[1];
  return { level: 'warn', message: line, ...(code === undefined ? {} : { code: code as WarningCode }) };
}

export interface Broker {
  readonly context: BrokerContext;
  /**
   * What opening found worth saying (a read-only keys dir, Redis settings that break a guarantee).
   * Not logged by openBroker: `stint serve` logs them after its first line, "stint broker listening on URL",
   * which whoever starts it waits for.
   */
  readonly startupNotes: readonly StartupNote[];
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Swaps in a new config (policy, projects, providers, rate limits) in one step, or throws
   * ERR_CONFIG_RELOAD saying what it cannot take without a restart (keys, store, audit file,
   * issuer), leaving the old one serving.
   */
  reload(next: BrokerConfig): void;
  /** Audits (`config_reloaded` / `config_reload_failed`, with the file's SHA-256) and counts a reload. */
  recordReload(outcome: 'success' | 'failure', sha256: string | null, reason?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds a broker from a validated config: signing keys, store, audit log, compiled policy, the
 * issuers' key cache. Keys rotated by `stint keys rotate` reach it through a watch on the keys dir,
 * and, where that watch sees nothing (NFS and other network file systems), through the periodic
 * maintenance, which re-reads the dir at least every KEY_MAINTENANCE_MS.
 *
 * @example
 * const broker = await openBroker(config, { env: process.env });
 * const { url, close } = await listen(broker.handler, { host: '127.0.0.1', port: 8080 });
 */
export async function openBroker(config: BrokerConfig, options: OpenBrokerOptions): Promise<Broker> {
  const now = options.now ?? Date.now;
  const policy = compilePolicy(config);
  // A CA key other users can read stops start-up, as a signing key does (SECURITY.md#the-mtls-ca).
  if (config.keys.pkcs11 === undefined) await checkCaKeyFile(config.keys.ca_dir ?? join(config.keys.dir, 'ca'));
  const metrics = options.metrics ?? createMetrics();
  const startupNotes: StartupNote[] = [];
  /** Set once openBroker returns: store warnings from then on (a data loss) go to the log itself. */
  let opened = false;
  // The store first: a second broker on an embedded store's state directory refuses at once
  // (ERR_STATE_LOCKED, naming the holder), rather than first wait 40 s for the audit log's lock,
  // which a stopped holder keeps.
  const store = await openStore(config.store, {
    keysDir: config.keys.dir,
    env: options.env,
    // The embedded store keeps the record of its journal beside the audit log, outside its state
    // directory, so a directory that lost its journal is told from a new one (docs/broker.md#state-on-disk).
    journalRecord: `${config.audit.file}.state.json`,
    // Redis durability settings that break a guarantee, read once at start (docs/many-brokers.md#persistence).
    // Read again when Redis lost its data under the running broker.
    onWarning: (message) => {
      const note = storeWarning(message);
      if (!opened) startupNotes.push(note);
      else if (note.code === undefined) options.log?.warn(note.message);
      else options.log?.warn({ code: note.code }, note.message);
    },
  });
  // A damaged API key file, or one a newer stint wrote, would refuse every resource server at
  // introspection while the broker called itself ready: stop here and say why.
  await store.checkApiKeys?.().catch(async (error: unknown) => {
    await store.close().catch(() => undefined);
    throw error;
  });
  // openAuditLog and openKeySet each create their own directory (0700).
  const instance = options.instance ?? instanceName(options.env);
  const stdout = options.stdout;
  const audit = stampInstance(
    await openAuditLog(config.audit.file, {
      // Its own lines (audit_write_failed) name the instance, as stampInstance does for the others.
      extra: { instance },
      ...(config.audit.stdout && stdout !== undefined ? { onLines: (text: string) => stdout.write(text) } : {}),
    }).catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      throw error;
    }),
    instance,
  );
  // Files in keys.dir, or a PKCS#11 token (keys.pkcs11): the exchange and the CA only see a Signer.
  const keySet = await openConfiguredKeySet(config.keys, {
    env: options.env,
    now,
    // A Kubernetes Secret mount may not be written: then serve from it and leave rotation to `stint keys rotate`.
    detectReadOnlyDir: true,
    // A re-read that fails (its files changed and this user cannot read them) stops signing and
    // readiness until one succeeds (ERR_KEYS_UNREADABLE): counted, and said when it is over.
    onReload: (failure) => {
      metrics.signingKeysReload(failure !== undefined);
      if (failure === undefined)
        options.log?.info(`the signing keys in ${config.keys.dir} are readable again: signing and ready`);
    },
    // Scheduled rotations happen inside the broker; record them like the CLI records its own.
    onChange: async ({ generated, removed, reason }) => {
      await appendAudit(audit, {
        event: 'key_rotated',
        outcome: 'success',
        reason,
        generated: generated.map((key) => key.kid),
        removed,
      });
      // Keys lost from a token are news for the operator, not only for the audit log.
      if (reason.startsWith('keys missing'))
        options.log?.warn(
          { event: 'key_rotated' },
          `signing keys: ${reason}; generated ${generated.map((key) => key.kid).join(', ')}`,
        );
    },
  }).catch(async (error: unknown) => {
    await store.close().catch(() => undefined);
    throw error;
  });
  if (config.keys.pkcs11 !== undefined) {
    // Moved from file keys to a token: the old keys are no longer published, and the private one still lies on disk.
    const left = await fileKeysLeftIn(config.keys.dir);
    if (left.length > 0) {
      const longest = Math.max(0, ...Object.values(config.projects).map((project) => project.max_ttl));
      startupNotes.push({
        level: 'warn',
        message: `keys.pkcs11 is set, but ${config.keys.dir} still holds the signing keys of file-key mode (${left.join(', ')}): this broker neither publishes nor uses them, so tokens they signed no longer verify; delete them once those tokens expired (the longest max_ttl is ${formatDuration(longest)}), since a private key left there is what keys.pkcs11 is meant to avoid (docs/pkcs11.md#moving-from-file-keys)`,
      });
    }
  }
  if (keySet.readOnlyDir) {
    startupNotes.push({
      level: 'info',
      message: `keys dir ${config.keys.dir} is read-only for this broker: serving its keys without writing there; rotate with \`stint keys rotate\` where it is writable (picked up within ${KEY_MAINTENANCE_MS / 1000} s)`,
    });
  }
  store.onDataset?.((change) => reportDataset(change, { metrics, audit, log: options.log }));
  // Instances sharing a store check they serve one key set (docs/many-brokers.md#one-key-set).
  const keyAgreement = startKeyAgreement({
    instance,
    store,
    keySet,
    now,
  });
  const jwks = createJwksCache({
    ...(options.http ? { http: options.http } : {}),
    now,
    onFetch: (issuer, outcome) => metrics.jwksFetch(issuer, outcome),
  });
  // Writable here only: reload() swaps config and policy (requests pin theirs, request-scope.ts).
  const context: { -readonly [K in keyof BrokerContext]: BrokerContext[K] } = {
    config,
    policy,
    keySet,
    store,
    audit,
    jwks,
    metrics,
    now,
    keyAgreement,
    caDir: config.keys.ca_dir ?? join(config.keys.dir, 'ca'),
    ...(options.log ? { log: options.log } : {}),
    ...(options.exposition ? { exposition: options.exposition } : {}),
  };
  const watcher = watchKeys(config.keys.dir, () => keySet.reload(), options.log);
  // Scheduled rotation: publish the successor ahead, retire keys out of grace. maintain() ends by
  // re-reading the dir, so this is also the fallback when fs.watch misses a change.
  const maintenance = scheduleMaintenance(() =>
    keySet
      .maintain()
      .catch((error: unknown) => options.log?.error(`signing-key maintenance failed: ${(error as Error).message}`)),
  );
  // A token has no watch: re-read it often (cheap), so keys rotated by another process (another
  // broker, `stint keys rotate`) and a reconnect after a lost session come within seconds.
  const tokenReload =
    keySet.token === undefined
      ? undefined
      : setInterval(() => {
          keySet
            .reload()
            .catch((error: unknown) =>
              options.log?.error(`could not re-read the signing keys: ${(error as Error).message}`),
            );
        }, TOKEN_RELOAD_MS);
  tokenReload?.unref();
  opened = true;
  return {
    context,
    startupNotes,
    handler: createRequestHandler(context),
    reload(next) {
      const fixed = restartOnlyChanges(context.config, next);
      if (fixed.length > 0) {
        throw new StintError(
          'ERR_CONFIG_RELOAD',
          `${fixed.join(', ')} changed; ${fixed.length === 1 ? 'that takes' : 'those take'} a restart, not a reload`,
        );
      }
      const policy = compilePolicy(next);
      // One synchronous step. A request in flight keeps the config and policy it started with
      // (scopedContext pins them), even across its awaits; the next request gets the new ones.
      context.config = next;
      context.policy = policy;
    },
    async recordReload(outcome, sha256, reason) {
      metrics.configReload(outcome);
      await appendAudit(audit, {
        event: outcome === 'success' ? 'config_reloaded' : 'config_reload_failed',
        outcome: outcome === 'success' ? 'success' : 'error',
        config_sha256: sha256,
        ...(reason === undefined ? {} : { reason }),
      });
    },
    async close() {
      maintenance.stop();
      clearInterval(tokenReload);
      watcher?.close();
      await keyAgreement.close();
      await store.close();
      await audit.close();
    },
  };
}

/**
 * What the store learnt of its dataset (docs/many-brokers.md#when-redis-loses-its-data): a marker
 * written at a first start is an info line; a loss is an error line (code ERR_STORE_DATA_LOST), an
 * audit event `store_data_lost` and a count in stint_store_data_lost_total. The embedded store's
 * loss (a state directory that opened with no journal, docs/broker.md#state-on-disk) says so. The store itself
 * refuses, from then on, the ID tokens issued before the loss (ERR_TOKEN_REPLAY_UNKNOWN).
 */
function reportDataset(
  change: DatasetChange,
  to: { metrics: Metrics; audit: BrokerContext['audit']; log: BrokerLog | undefined },
): Promise<boolean> {
  if (change.kind === 'created') {
    to.log?.info(
      `the store's dataset marker ${change.key} was missing and is set now: this is the first broker on this Redis and prefix (or the first of a version that keeps the marker), or Redis lost its data while no broker ran (ID tokens exchanged before then could then be exchanged again until they expire)`,
    );
    return Promise.resolve(true);
  }
  to.metrics.storeDataLost();
  const lost = new Date(change.lostAtMs).toISOString();
  const cut = new Date(change.lostAtMs + ISSUED_BEFORE_LOSS_MARGIN_MS).toISOString();
  const journal = change.journal;
  const how =
    change.by === 'this broker'
      ? `was gone at ${lost}`
      : `was replaced by another broker, which found it gone at ${lost}`;
  const message =
    journal !== undefined
      ? `the state directory ${journal.dir} lost its journal: it holds no journal entry, but ${journal.record} shows this broker kept its journal there (${change.key}), so it was emptied, deleted or replaced while the broker was stopped (found at ${lost}); the replay records and revocations in it are gone. ID tokens issued before ${cut} are refused (ERR_TOKEN_REPLAY_UNKNOWN) until they expire, and stint tokens revoked before are honoured again until they expire; find what emptied it (a volume not mounted, a cleanup, a directory moved aside) and keep store.dir on a volume that outlives the broker`
      : `the store lost its data: the dataset marker ${change.key} ${how}; the replay records, revocations and API keys stored before then are gone. ID tokens issued before ${cut} are refused (ERR_TOKEN_REPLAY_UNKNOWN) until they expire, stint tokens revoked before are honoured again until they expire, and API keys must be created again; find why in the Redis log (a restart without appendonly, a failover to an empty replica, FLUSHALL, an eviction)`;
  to.log?.error({ code: 'ERR_STORE_DATA_LOST' satisfies ErrorCode }, message);
  return appendAudit(to.audit, {
    event: 'store_data_lost',
    outcome: 'error',
    code: 'ERR_STORE_DATA_LOST',
    reason: message,
    marker: change.key,
    lost_at: lost,
    refused_issued_before: cut,
    detected_by: change.by,
    ...(journal === undefined ? {} : { state_dir: journal.dir }),
  }).then(
    () => true,
    (error: unknown) => {
      to.log?.error(`could not audit the store's data loss: ${(error as Error).message}`);
      return false;
    },
  );
}

/** The parts of a config a running broker cannot swap: they name files and connections it holds open. */
export function restartOnlyChanges(current: BrokerConfig, next: BrokerConfig): string[] {
  const changed: string[] = [];
  if (settings(current.keys) !== settings(next.keys)) changed.push('keys');
  if (settings(current.store) !== settings(next.store)) changed.push('store');
  if (current.audit.file !== next.audit.file) changed.push('audit.file');
  if (current.audit.stdout !== next.audit.stdout) changed.push('audit.stdout');
  if (current.issuer !== next.issuer) changed.push('issuer');
  return changed;
}

/** A config section as comparable text, without where its settings stand in the file (`*_at`). */
function settings(section: object): string {
  return JSON.stringify(section, (key, value: unknown) => (key.endsWith('_at') ? undefined : value));
}

/** Re-reads the key set shortly after anything in the keys dir changes (a rotation by the CLI). */
function watchKeys(dir: string, reload: () => Promise<unknown> | unknown, log?: BrokerLog): FSWatcher | undefined {
  let timer: NodeJS.Timeout | undefined;
  try {
    const watcher = watch(dir, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        Promise.resolve()
          .then(reload)
          .catch((error: unknown) =>
            log?.error(`could not reload the signing keys in ${dir}: ${(error as Error).message}`),
          );
      }, 100);
      timer.unref();
    });
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return undefined;
  }
}

export interface ListenOptions {
  host: string;
  port: number;
  /** PEM certificate chain and key to serve HTTPS. */
  tls?: { cert: string; key: string };
  /** Where to say that a client sent plain HTTP to the HTTPS port (src/broker/plain-http.ts). */
  log?: BrokerLog;
}

export interface Listening {
  server: Server;
  url: string;
  /** Requests being served now. */
  inFlight(): number;
  /**
   * Drains: stops accepting connections, tells keep-alive clients to go, lets the requests in
   * flight finish for up to `graceMs` (default 2 s), then cuts whatever is left, telling `onCut`
   * of each first. Resolves with how many requests were cut (0 when all finished).
   */
  close(graceMs?: number, onCut?: (res: ServerResponse) => void): Promise<{ cut: number }>;
}

/**
 * Requests one connection may have waiting behind the one being answered (HTTP/1.1 pipelining,
 * which no common client uses deeply); with more, the connection is cut.
 */
const MAX_PIPELINED = 32;
/** Per connection, its requests waiting for their turn. */
const waiting = new WeakMap<Socket, number>();

/** Serves `handler` on host:port (0 picks a free port) and says where. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: ListenOptions,
): Promise<Listening> {
  // Bound the time a client may take to send its request, so slow senders cannot tie up sockets.
  // Node enforces these on a timer, every 30 s by default: check every second, or a client
  // trickling its headers holds its socket three times longer than headersTimeout says.
  const limits = {
    requestTimeout: 30_000,
    headersTimeout: 10_000,
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: 1_000,
  };
  // Requests in flight, so a drain knows when it is done and can tell their clients not to come back.
  const active = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;
  const tracked = (req: IncomingMessage, res: ServerResponse): void => {
    // A request pipelined behind others starts only once its answer is next on the connection
    // (Node gives it the socket then). Node parses and hands over every pipelined request at once;
    // if the answer before it closes the connection (a refusal before its body was read), the
    // answers queued behind never get the socket and never close: run anyway, an exchange would
    // spend its ID token unanswered, and each would be held in flight for good.
    if (res.socket !== null) {
      start(req, res);
      return;
    }
    // Waiting requests cost memory and give Node no back-pressure (they write nothing yet), so a
    // client may have only so many: past that its connection is cut, none of them having run.
    const socket = req.socket;
    const queued = (waiting.get(socket) ?? 0) + 1;
    if (queued > MAX_PIPELINED) {
      socket.destroy();
      return;
    }
    waiting.set(socket, queued);
    res.once('socket', () => {
      waiting.set(socket, (waiting.get(socket) ?? 1) - 1);
      start(req, res);
    });
  };
  const start = (req: IncomingMessage, res: ServerResponse): void => {
    // Parsed from what a client went on sending after a refusal closed its connection: dropped.
    if (arrivedOnClosingConnection(req)) {
      req.resume();
      return;
    }
    active.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      active.delete(res);
      if (!draining) return;
      // A keep-alive connection that just went idle would otherwise hold the drain open.
      server.closeIdleConnections();
      if (active.size === 0) drained?.();
    });
    handler(req, res);
  };
  let server: Server;
  if (options.tls) {
    const https = createHttpsServer(
      { ...limits, cert: options.tls.cert, key: options.tls.key, handshakeTimeout: 10_000 },
      tracked,
    );
    // http:// to this port gets a 400 that says so, not a reset that clients retry for a minute.
    answerPlainHttp(https, options.log === undefined ? {} : { log: options.log });
    server = https;
  } else {
    server = createHttpServer(limits, tracked);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    server,
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    inFlight: () => active.size,
    close: async (graceMs = 2_000, onCut?: (res: ServerResponse) => void) => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Responses not yet started end their connection; the client opens a new one elsewhere.
      for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
      let cut = 0;
      if (active.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
        cut = active.size;
        for (const res of active) onCut?.(res);
      }
      server.closeAllConnections();
      await closed;
      return { cut };
    },
  };
}
