import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createSecureContext } from 'node:tls';
import { parseArgs } from 'node:util';
import { guardConnections } from '../../broker/connection-guard.js';
import { devConfigYaml } from '../../broker/dev-config.js';
import { watchExpiries } from '../../broker/expiry-watch.js';
import { instanceName } from '../../broker/key-agreement.js';
import { createLog, LOG_FORMATS, LOG_LEVELS, type LogFormat } from '../../broker/log.js';
import { createMetrics } from '../../broker/metrics.js';
import { watchReadiness } from '../../broker/readiness.js';
import { cutOffByDrain, issuerPath } from '../../broker/routes.js';
import { type Broker, type Listening, listen, openBroker, restartOnlyChanges } from '../../broker/server.js';
import { startingHandler } from '../../broker/starting.js';
import { awaitStore, checkDependencies, plainHttpWarning } from '../../broker/startup-checks.js';
import {
  forWorker,
  type ReloadOutcome,
  runPrimary,
  type ServedConfig,
  type WorkerLink,
  workerLink,
} from '../../broker/workers.js';
import { StintError, UsageError, type WarningCode } from '../../lib/errors.js';
import { fileAccessError } from '../../lib/file-access.js';
import { readSettled } from '../../lib/settled-read.js';
import { redactUrl } from '../../lib/url-credentials.js';
import { VERSION } from '../../lib/version.js';
import { CONFIG_DEFAULTS, formatDiagnostic, parseConfig } from '../../policy/index.js';
import type { BrokerConfig, Diagnostic } from '../../policy/types.js';
import type { KeySet, SigningAlgorithm } from '../../tokens/keyset.js';
import { reportFailure } from '../failure.js';
import { type CliIo, type Command, writeLine } from '../io.js';

const HELP = `Usage: stint serve [--config FILE] [--port N] [--host H] [--tls-cert PEM --tls-key PEM]
                   [--log-format json|text] [--log-level LEVEL] [--workers N|auto]
       stint serve --dev [--port N] [--host H]

Runs the stint broker. Its first line of output is "stint broker listening on URL"; then comes its
log on stdout: one line per request and what it has to say, never a token or a key. It warns (and
sets gauges on /metrics) when a project API key, its TLS certificate or the mTLS CA is within
14 days of expiry, when an API key never expires, and when a signing-key rotation is overdue.

Options:
  --config FILE   broker config and policy (default ./stint.yml)
  --port N        port to listen on (default 8080; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1)
  --tls-cert PEM  certificate chain file: serve HTTPS
  --tls-key PEM   private key file for --tls-cert
  --log-format F  json (one JSON object per line; the default when stdout is not a terminal) or
                  text (readable lines; the default on a terminal)
  --log-level L   trace, debug, info (default), warn, error, fatal or silent
  --workers N     N broker processes sharing the port, to use N cores (default 1: one process);
                  auto = one per CPU. More than 1 needs a Redis store (the embedded store is one
                  process's); each worker writes its own audit file (audit-w1.jsonl, …)
  --dev           no config: the embedded store in .stint/state, keys under .stint/keys, audit at
                  .stint/audit.jsonl, issuer http://HOST:PORT, and a built-in GitHub-only policy
                  (not examples/stint.yml): project warehouse for acme/warehouse's main branch
                  and production environment, trusting only GitHub's own issuer
                  (https://token.actions.githubusercontent.com). Never for production.
                  It does not trust \`stint dev issuer\`: to try a broker with that, put the
                  providers: entry and trust rule the issuer prints in a stint.yml and run
                  stint serve --config stint.yml (stint demo wires the two up itself)
  --help          show this help

Signals:
  SIGHUP          reload the config file (policy, projects, providers, rate limits) and the TLS
                  certificate; a file that does not load leaves the old one serving and says why
  SIGTERM/SIGINT  drain: stop accepting, let requests in flight finish (shutdown_grace, default
                  10s), flush the audit log, exit 0; a second signal cuts the drain short
  With --workers, signal the primary (the process started): it passes each signal on to every
  worker and replaces a worker that dies (docs/broker.md#every-core-of-a-machine---workers).`;

/** `stint serve`: loads the config, opens the broker, listens until told to stop. */
export const run: Command = async (args, io) => {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'log-format': { type: 'string' },
      'log-level': { type: 'string' },
      workers: { type: 'string' },
      dev: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const port = parsePort(values.port ?? '8080');
  const host = values.host ?? '127.0.0.1';
  if (values.dev && values.config !== undefined)
    throw new UsageError('--dev runs the embedded default; give either --dev or --config, not both');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  const tlsFiles =
    values['tls-cert'] !== undefined && values['tls-key'] !== undefined
      ? { cert: resolve(io.cwd, values['tls-cert']), key: resolve(io.cwd, values['tls-key']) }
      : undefined;
  // A worker of `--workers N` (see src/broker/workers.ts) runs this same command.
  const worker = workerLink();
  const workers = worker === undefined ? parseWorkers(values.workers ?? '1') : 1;
  const logOptions = {
    format: logFormat(values['log-format'], (io.stdout as { isTTY?: boolean }).isTTY === true),
    level: logLevel(values['log-level']),
  };
  if (worker !== undefined) {
    try {
      return await serve({ values, io, port, host, tlsFiles, logOptions }, worker);
    } catch (error) {
      // Told once, by the primary, however many workers fail the same way.
      let text = '';
      const told = new Writable({
        write(chunk, _encoding, done) {
          text += String(chunk);
          done();
        },
      });
      const code = reportFailure(error, { ...io, stderr: told });
      worker.failed(text.trimEnd(), code);
      return code;
    } finally {
      worker.disconnect();
    }
  }
  if (workers > 1) {
    // Read and check once, here, what every worker serves: the config and the TLS files. The
    // workers (a replacement started later too) are handed this text, never the file on disk.
    const file = resolve(io.cwd, values.config ?? 'stint.yml');
    // Its warnings are logged by worker 1 once it listens (each worker parses the same text).
    const loaded = values.dev ? undefined : await loadConfig(file);
    const store = loaded?.config.store;
    if (loaded === undefined || store?.kind !== 'redis') {
      throw new StintError(
        'ERR_WORKERS_NEED_SHARED_STORE',
        `--workers ${workers} needs a shared store: the embedded store${store?.kind === 'memory' ? ` (state ${store.dir})` : ' (--dev)'} is held by one process; set store: redis://… (or Sentinel, Cluster) in the config, or run one worker`,
      );
    }
    const tls = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
    let serving = loaded.config;
    const primaryLog = createLog({ ...logOptions, destination: io.stdout }).child({ worker: 0 });
    return runPrimary({
      workers,
      log: primaryLog,
      stdout: io.stdout,
      stderr: io.stderr,
      instance: instanceName(io.env),
      served: { file, text: loaded.text, ...(tls === undefined ? {} : { tls }) },
      reread: async () => {
        const { outcome, config } = await readReload(file, tlsFiles, serving, (text) => primaryLog.info(text));
        if (config !== undefined) serving = config;
        return outcome;
      },
    });
  }
  return serve({ values, io, port, host, tlsFiles, logOptions }, undefined);
};

/** What the connection guard applies before a --dev broker has its config: the defaults, no proxy trusted. */
const GUARD_DEFAULTS = { connections_per_address: CONFIG_DEFAULTS.connections_per_address, trust_proxy: [] };

/** What `stint serve` was told, for serve(). */
interface ServeSettings {
  values: { config?: string | undefined; dev?: boolean | undefined };
  io: CliIo;
  port: number;
  host: string;
  tlsFiles: { cert: string; key: string } | undefined;
  logOptions: { format: LogFormat; level: (typeof LOG_LEVELS)[number] };
}

/** One broker: this process alone, or worker `link.n` of several. */
async function serve(settings: ServeSettings, link: WorkerLink | undefined): Promise<number> {
  const { values, io, port, host, tlsFiles, logOptions } = settings;
  // The log waits for the listening line, stdout's first (a worker's, for the primary's): the
  // access lines of requests answered while the broker opens are written after it.
  // Workers share one stdout: each write is whole lines of at most PIPE_BUF bytes, so theirs never interleave mid-line.
  const out = link === undefined ? io.stdout : wholeLines(io.stdout);
  const logOut = heldUntilOpened(out);
  const baseLog = createLog({ ...logOptions, destination: logOut });
  const log = link === undefined ? baseLog : baseLog.child({ worker: link.n });
  // Said first (held lines are released in order, before any access line of a request answered
  // while the broker opens), so a fleet's logs tell which broker runs which version (also
  // stint_build_info, and the instance record its peers read). Each worker says it: a replacement
  // may run another build.
  const instance = instanceName(io.env);
  log.info({ version: VERSION, instance }, `stint ${VERSION} broker, instance ${instance}`);
  // A worker serves what the primary read (src/broker/workers.ts), not the file as it is now.
  const given = link === undefined ? undefined : await link.config();
  const tls = given !== undefined ? given.tls : tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
  /** The certificate being served now (SIGHUP may replace it), for the expiry watch. */
  let servedCert = tls?.cert;

  let config: BrokerConfig | undefined;
  /** The config's warnings: logged once it listens, as `warn` lines with their code, like a reload's. */
  let configWarnings: Diagnostic[] = [];
  if (given !== undefined) ({ config, diagnostics: configWarnings } = parseConfig(given.text, given.file));
  else if (!values.dev)
    ({ config, diagnostics: configWarnings } = await loadConfig(resolve(io.cwd, values.config ?? 'stint.yml')));
  if (config !== undefined && link !== undefined) config = forWorker(config, link.n);
  const logConfigWarnings = (): void => {
    for (const warning of configWarnings) log.warn({ code: warning.code }, formatDiagnostic(warning));
  };

  // The handler is attached once the broker is open: in --dev mode the issuer is the bound
  // address, known only after listening. Requests that arrive before then get a 503.
  let broker: Broker | undefined;
  const starting = startingHandler(log, config);
  const listening: Listening = await listen(
    (req, res) => (broker ? broker.handler(req, res) : starting(req, res)),
    tls ? { host, port, tls, log } : { host, port },
  ).catch((error: unknown) => {
    throw new StintError('ERR_LISTEN', `cannot listen on ${host}:${port}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  // Counted from the first connection: the guard counts in them before the broker is open.
  const metrics = createMetrics();
  // Before any connection is accepted (listen resolved, no I/O since): one address holds so many
  // connections, and the broker as many as its open-file limit leaves room for.
  guardConnections(listening.server, {
    config: () => broker?.context.config ?? config ?? GUARD_DEFAULTS,
    log,
    refused: (reason) => metrics.connectionRefused(reason),
  });
  // audit.stdout: lines written while the broker opens (a start-up key rotation) wait for the first line.
  const auditOut = heldUntilOpened(out);
  let active: BrokerConfig;
  try {
    active = config ?? parseConfig(devConfigYaml({ issuer: listening.url, cwd: io.cwd }), '<embedded>').config;
    broker = await openBroker(active, {
      env: io.env,
      log,
      metrics,
      stdout: auditOut,
      // Any worker's /metrics shows every worker's samples, gathered by the primary.
      ...(link === undefined ? {} : { exposition: () => link.metrics() }),
    });
  } catch (error) {
    await listening.close();
    // They may tell why it did not open: on stderr, beside the error, since stdout's first line is
    // the listening line or nothing; so do the access lines of what it answered meanwhile. A
    // worker's go nowhere before it listens (the primary reports).
    if (link === undefined) {
      for (const warning of configWarnings) writeLine(io.stderr, formatDiagnostic(warning));
      logOut.open(io.stderr);
    }
    throw error;
  }
  const opened = broker;
  link?.onCollect(() => opened.context.metrics.render());

  // Handlers before the first line: whoever waits for that line (systemd, a test, an operator's
  // script) may send SIGHUP at once, and an unhandled SIGHUP would kill the broker.
  const signalled = link === undefined ? signalCommands() : undefined;
  const commands = link ?? (signalled as NonNullable<typeof signalled>);
  if (link === undefined) writeLine(io.stdout, `stint broker listening on ${listening.url}`);
  else {
    // The primary prints the line once every worker listens, then lets them all speak.
    link.ready(listening.url);
    await link.started();
  }
  logOut.open();
  auditOut.open();
  for (const note of broker.startupNotes) {
    if (note.code === undefined) log[note.level](note.message);
    else log[note.level]({ code: note.code }, note.message);
  }
  // Said once for the whole broker: by worker 1 when there are several.
  const first = link === undefined || link.n === 1;
  if (first) logConfigWarnings();
  const signing = signingAlgorithm(broker.context.keySet);
  if (first) for (const line of describeTrust(active, Boolean(values.dev), signing)) log.info(line);
  const pending = first ? algorithmPending(active, broker.context.keySet) : undefined;
  if (pending !== undefined) log.warn({ code: 'WARN_KEY_ALGORITHM_PENDING' satisfies WarningCode }, pending);
  const plainHttp = plainHttpWarning(host, tls !== undefined);
  if (first && plainHttp !== undefined) log.warn(plainHttp);
  // API keys, the serving certificate, the mTLS CA and the key schedule: gauges in every
  // worker, warnings from the first only (they read the same store, certificate and keys).
  const expiries = watchExpiries(broker.context, log, {
    warn: first,
    servingCertificate: () =>
      tlsFiles === undefined || servedCert === undefined
        ? undefined
        : { file: tlsFiles.cert, pem: servedCert, credential: isCredential(tlsFiles.cert, io.env) },
  });
  const expiriesChecked = expiries.check();
  const stopping = new AbortController();
  const checked = first ? checkDependencies(broker.context, log, { signal: stopping.signal }) : undefined;
  // A broker that never reached its store stops (exit 1) rather than wait forever unready.
  const storeReached = awaitStore(broker.context, log, { signal: stopping.signal });
  const storeNeverReached = storeReached.then((error) => error ?? new Promise<never>(() => undefined));
  // The gauges stint_ready and stint_store_up, kept current while no request calls /readyz; from
  // when the start-up checks are done with the store.
  const readiness = watchReadiness(broker.context, log, { after: Promise.all([checked, storeReached]) });
  // The embedded store's state directory taken by another process: this broker must answer no more (exit 1).
  const storeLost = broker.context.store.lost ?? new Promise<never>(() => undefined);
  let fatal: StintError | undefined;

  try {
    for (;;) {
      const command = await Promise.race([commands.next(), storeNeverReached, storeLost]);
      if (command instanceof StintError) {
        fatal = command;
        log.error(command.message);
        break;
      }
      if (command !== 'reload') break;
      await reload(
        values.config === undefined && values.dev ? undefined : resolve(io.cwd, values.config ?? 'stint.yml'),
      );
    }
    stopping.abort();
    const readinessStopped = readiness.stop();
    const grace = broker.context.config.shutdown_grace;
    link?.draining(grace * 1000);
    log.info(`stint broker draining: ${listening.inFlight()} request(s) in flight, up to ${grace}s`);
    // A second SIGTERM/SIGINT during the drain: the operator wants out now.
    const cutShort = async (): Promise<void> => {
      while ((await commands.next()) !== 'cut');
    };
    const cutAt = (why: string) => (res: ServerResponse) => cutOffByDrain(res, why, log);
    const { cut } = await Promise.race([
      listening.close(grace * 1000, cutAt(`shutdown_grace (${grace}s) ran out`)),
      cutShort().then(() => listening.close(0, cutAt('a second stop signal ended the drain'))),
    ]);
    expiries.stop();
    await Promise.all([checked, expiriesChecked, readinessStopped]);
    await broker.close();
    log.info(cut === 0 ? 'stint broker stopped' : `stint broker stopped; ${cut} request(s) cut off`);
    if (fatal) throw fatal;
    return 0;
  } finally {
    signalled?.stop();
  }

  /**
   * SIGHUP: the config file and the TLS certificate, all or nothing; on a failure the old ones
   * serve on. A worker applies what the primary read once for every worker.
   */
  async function reload(file: string | undefined): Promise<void> {
    const live = broker as Broker;
    if (file === undefined) {
      log.warn('SIGHUP: nothing to reload (--dev runs the embedded default)');
      return;
    }
    const read =
      link === undefined ? await readReload(file, tlsFiles, live.context.config, (text) => log.info(text)) : undefined;
    const outcome = read?.outcome ?? (link as WorkerLink).takeReload();
    try {
      if ('refused' in outcome) throw new StintError('ERR_CONFIG_RELOAD', outcome.refused);
      const parsed = read?.parsed ?? parseConfig(outcome.served.text, outcome.served.file);
      const next = parsed.config;
      const pair = outcome.served.tls;
      live.reload(link === undefined ? next : forWorker(next, link.n));
      if (pair !== undefined) {
        (listening.server as HttpsServer).setSecureContext(pair);
        servedCert = pair.cert;
      }
      // Lifetimes read again at once (certificates, the CA, API keys), not at the next 5-minute check.
      void expiries.check();
      await live.recordReload('success', outcome.sha256);
      log.info(`reloaded ${file} (sha256 ${outcome.sha256})${pair ? ' and the TLS certificate' : ''}`);
      // The config's warnings, as at start (once, by the first worker, when there are several).
      if (link === undefined || link.n === 1) {
        for (const warning of parsed.diagnostics) log.warn({ code: warning.code }, formatDiagnostic(warning));
      }
    } catch (error) {
      const reason = (error as Error).message;
      await live.recordReload('failure', outcome.sha256, reason).catch(() => undefined);
      log.warn(`reload of ${file} refused, the previous config still serves: ${reason}`);
    }
  }
}

/** Whether `file` is a systemd credential: under `$CREDENTIALS_DIRECTORY` (LoadCredential=, copied at start only). */
function isCredential(file: string, env: NodeJS.ProcessEnv): boolean {
  const dir = env.CREDENTIALS_DIRECTORY;
  if (!dir) return false;
  const inside = relative(resolve(dir), resolve(file));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/**
 * Reads the config file and the TLS pair again for a reload, all or nothing, and checks the config
 * against `serving`: what the broker would refuse (a parse error, a restart-only change, a TLS
 * pair that does not load) is the reason the old config serves on.
 */
async function readReload(
  file: string,
  tlsFiles: { cert: string; key: string } | undefined,
  serving: BrokerConfig,
  note: (text: string) => void,
): Promise<{ outcome: ReloadOutcome; config?: BrokerConfig; parsed?: ReturnType<typeof parseConfig> }> {
  let sha256: string | null = null;
  try {
    const text = await readSettled(file, {
      ...RELOAD_SETTLE,
      onWait: (ago) =>
        note(
          `SIGHUP: ${file} changed ${ago} ms ago; reading it once it has not changed for ${RELOAD_SETTLE.stillMs} ms`,
        ),
      readError: configReadError(file),
    });
    sha256 = createHash('sha256').update(text).digest('hex');
    const parsed = parseConfig(text, file);
    const { config, diagnostics } = parsed;
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      throw new StintError('ERR_CONFIG_RELOAD', `it does not load: ${errors.map(formatDiagnostic).join('; ')}`);
    }
    const fixed = restartOnlyChanges(serving, config);
    if (fixed.length > 0) {
      throw new StintError(
        'ERR_CONFIG_RELOAD',
        `${fixed.join(', ')} changed; ${fixed.length === 1 ? 'that takes' : 'those take'} a restart, not a reload`,
      );
    }
    const tls = tlsFiles === undefined ? undefined : await readTlsPair(tlsFiles);
    const served: ServedConfig = { file, text, ...(tls === undefined ? {} : { tls }) };
    return { outcome: { served, sha256 }, config, parsed };
  } catch (error) {
    return { outcome: { refused: (error as Error).message, sha256 } };
  }
}

/** Bytes a pipe writes in one piece (POSIX PIPE_BUF on Linux): writes of several processes up to this size never mix. */
const PIPE_BUF = 4096;

/**
 * A writer that passes text on in writes of whole lines, each at most PIPE_BUF bytes (a longer
 * line alone), so that several processes writing lines to one pipe never split one another's.
 */
function wholeLines(out: { write(text: string): unknown }): { write(text: string): void } {
  return {
    write(text) {
      if (text.length * 3 <= PIPE_BUF || Buffer.byteLength(text) <= PIPE_BUF) {
        out.write(text);
        return;
      }
      let chunk = '';
      let bytes = 0;
      for (const line of text.split(/(?<=\n)/)) {
        const size = Buffer.byteLength(line);
        if (bytes + size > PIPE_BUF && chunk !== '') {
          out.write(chunk);
          chunk = '';
          bytes = 0;
        }
        chunk += line;
        bytes += size;
      }
      if (chunk !== '') out.write(chunk);
    },
  };
}

/**
 * A writer that holds what it is given until open(), then writes it and passes the rest straight
 * on, to `out` or to where open() says (stderr, for a broker that did not open).
 */
function heldUntilOpened(out: { write(text: string): unknown }): {
  write(text: string): void;
  open(to?: { write(text: string): unknown }): void;
} {
  let held: string[] | undefined = [];
  let target = out;
  return {
    write(text) {
      if (held === undefined) target.write(text);
      else held.push(text);
    },
    open(to = out) {
      if (held === undefined) return;
      target = to;
      if (held.length > 0) target.write(held.join(''));
      held = undefined;
    },
  };
}

/**
 * Reads and parses the config. Its warnings come back for the broker's log (an operator who ships
 * the JSON log must get them there, not as plain text on stderr); errors throw ConfigError.
 */
async function loadConfig(file: string): Promise<{ config: BrokerConfig; text: string; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw configReadError(file, ' (give --config FILE, or --dev for the embedded default)')(error);
  }
  return { ...parseConfig(text, file), text };
}

/**
 * The serving certificate and its key, checked to belong together, so a mismatch is reported
 * with the files' names instead of as an OpenSSL code from listen().
 */
async function readTlsPair(files: { cert: string; key: string }): Promise<{ cert: string; key: string }> {
  const [cert, key] = await Promise.all([readPem(files.cert), readPem(files.key)]);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const detail = (error as Error).message;
    const mismatch = /key values mismatch/i.test(detail);
    throw new StintError(
      'ERR_TLS_INVALID',
      mismatch
        ? `${files.key} is not the private key of the certificate in ${files.cert}; give the key that was issued with it`
        : `cannot use ${files.cert} with ${files.key}: ${detail} (both must be PEM: the certificate chain, and its unencrypted private key)`,
    );
  }
  return { cert, key };
}

/**
 * A reload reads the config once it has been still this long (a writer that is not atomic is done
 * by then: a prefix of a policy can be valid YAML with fewer constraints), and refuses a file that
 * is still changing after the limit, which stays below the drain's default grace.
 */
const RELOAD_SETTLE = { stillMs: 1000, limitMs: 5000 };

/**
 * What a config that cannot be read is reported as: permission denied says which user, who owns
 * the file and its mode (not `hint`, which is for a missing file); anything else its errno.
 */
function configReadError(file: string, hint = ''): (error: unknown) => Error {
  return (error) =>
    fileAccessError(error) ??
    new StintError(
      'ERR_CONFIG_UNREADABLE',
      `cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}${hint}`,
    );
}

async function readPem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw (
      fileAccessError(error) ??
      new StintError(
        'ERR_TLS_UNREADABLE',
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      )
    );
  }
}

/** `--log-format`, or json when stdout is not a terminal (a service manager, a container, a pipe) and text when it is. */
function logFormat(value: string | undefined, tty: boolean): LogFormat {
  if (value === undefined) return tty ? 'text' : 'json';
  if (!(LOG_FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--log-format must be ${LOG_FORMATS.join(' or ')}, not ${value}`);
  return value as LogFormat;
}

function logLevel(value: string | undefined): (typeof LOG_LEVELS)[number] {
  if (value === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not ${value}`);
  return value as (typeof LOG_LEVELS)[number];
}

/** `--workers N`: a count from 1, or `auto` (or 0) for one per CPU. */
function parseWorkers(value: string): number {
  if (value === 'auto' || value === '0') return availableParallelism();
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > 1024)
    throw new UsageError(`--workers must be a number from 1 to 1024, or auto (one per CPU), not ${value}`);
  return count;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, not ${value}`);
  return port;
}

/** The algorithm of the key that signs now (the configured one may come later: algorithmPending). */
function signingAlgorithm(keySet: KeySet): SigningAlgorithm | undefined {
  return keySet.list().find((key) => key.state === 'current')?.alg;
}

/**
 * When the key that signs now is not of the configured `keys.algorithm` (it was changed since
 * the key was made): when the configured one signs, or why it does not come by itself.
 */
function algorithmPending(config: BrokerConfig, keySet: KeySet): string | undefined {
  const configured = config.keys.algorithm;
  const keys = keySet.list();
  const current = keys.find((key) => key.state === 'current');
  if (current === undefined || current.alg === configured) return undefined;
  const waiting = keys.filter((key) => key.state === 'next').sort((a, b) => a.activatesAtMs - b.activatesAtMs);
  const coming = waiting.find((key) => key.alg === configured);
  const at = (ms: number): string => new Date(ms).toISOString();
  if (coming !== undefined) {
    return `signing ${current.alg} until ${at(coming.activatesAtMs)}, configured ${configured}: the ${configured} key ${coming.kid} is published now and signs from then`;
  }
  if (keySet.readOnlyDir) {
    return `signing ${current.alg}, configured ${configured}: the keys dir ${keySet.dir} is read-only for this broker, so it does not switch by itself; run \`stint keys rotate\` where it is writable and ship the result`;
  }
  const next = waiting[0];
  return next === undefined
    ? `signing ${current.alg}, configured ${configured}; run \`stint keys rotate\``
    : `signing ${current.alg}, configured ${configured}: the ${next.alg} key ${next.kid} waiting signs from ${at(next.activatesAtMs)}, and its ${configured} successor is scheduled then`;
}

/** What the broker trusts, so an operator sees at a glance what it will accept. */
function describeTrust(config: BrokerConfig, dev: boolean, signing: SigningAlgorithm | undefined): string[] {
  const path = issuerPath(config.issuer);
  // With a path, say where the endpoints are: a proxy rule or a probe written for the root is the usual slip.
  const where = path === '' ? '' : ` (endpoints under ${path}; /livez, /readyz, /healthz and /metrics at the root)`;
  const lines = [
    `issuer ${redactUrl(config.issuer, { user: false })}${where}${dev ? ' (--dev: embedded default, not for production)' : ''}`,
  ];
  lines.push(
    `store ${config.store.kind === 'memory' ? `embedded (state ${config.store.dir}, sync ${config.store.sync ?? 'always'})` : 'redis'}, keys ${config.keys.pkcs11 === undefined ? config.keys.dir : `pkcs11:${config.keys.pkcs11.token}`} (${signing ?? config.keys.algorithm}), audit ${config.audit.file}`,
  );
  for (const provider of Object.values(config.providers)) {
    lines.push(
      `trusts provider ${provider.name}: ${redactUrl(provider.issuer, { user: false })} (audience ${provider.audience}; ${provider.algorithms.join(', ')})`,
    );
  }
  for (const project of Object.values(config.projects)) {
    lines.push(
      `project ${project.name}: scopes ${project.scopes.join(' ') || '(none)'}, ttl ${project.ttl}s (max ${project.max_ttl}s), ${project.trust.length} trust rule${project.trust.length === 1 ? '' : 's'}`,
    );
  }
  return lines;
}

/**
 * The signals of a single broker as commands: SIGHUP reloads; the first SIGTERM or SIGINT
 * stops (drains), and any signal after it cuts the drain short.
 */
function signalCommands(): { next(): Promise<'reload' | 'stop' | 'cut'>; stop(): void } {
  const signals = watchSignals();
  let stopped = false;
  return {
    next: async () => {
      const signal = await signals.next();
      if (stopped) return 'cut';
      if (signal === 'SIGHUP') return 'reload';
      stopped = true;
      return 'stop';
    },
    stop: () => signals.stop(),
  };
}

/**
 * The signals `stint serve` acts on, in the order they arrive: SIGHUP (reload), SIGTERM and
 * SIGINT (stop). A signal that arrives while the last one is handled waits its turn.
 */
function watchSignals(): { next(): Promise<'SIGHUP' | 'SIGTERM' | 'SIGINT'>; stop(): void } {
  type Name = 'SIGHUP' | 'SIGTERM' | 'SIGINT';
  const queued: Name[] = [];
  let waiting: ((name: Name) => void) | undefined;
  const on = (name: Name) => () => {
    if (waiting) {
      const deliver = waiting;
      waiting = undefined;
      deliver(name);
    } else queued.push(name);
  };
  const handlers = { SIGHUP: on('SIGHUP'), SIGTERM: on('SIGTERM'), SIGINT: on('SIGINT') };
  for (const [name, handler] of Object.entries(handlers)) process.on(name, handler);
  return {
    next: () => {
      const first = queued.shift();
      if (first !== undefined) return Promise.resolve(first);
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    stop: () => {
      for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
    },
  };
}
