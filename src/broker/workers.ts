import cluster, { type Worker } from 'node:cluster';
import { basename, dirname, extname, join } from 'node:path';
import type { BrokerConfig } from '../policy/types.js';
import type { BrokerLog } from './log.js';

/**
 * `stint serve --workers N`: N broker processes on one port, through node:cluster. The primary
 * process serves nothing itself: it reads the config once and hands that same text to every worker
 * (a replacement started later too), prints "stint broker listening on URL" once every worker
 * listens, reads the config again on SIGHUP and hands each worker the same outcome, passes
 * SIGTERM/SIGINT (drain) on, replaces a worker that dies, and answers a worker's /metrics with
 * every worker's samples. Each worker is a whole broker (its own keys loaded, its own store
 * connection, its own audit file), so the workers share state only through the store: Redis
 * (docs/many-brokers.md).
 *
 * Messages between them carry `stint` (what) and go over the cluster's IPC channel.
 */
type ToPrimary =
  | { stint: 'config?' }
  | { stint: 'ready'; url: string }
  | { stint: 'failed'; text: string; code: number }
  | { stint: 'draining'; graceMs: number }
  | { stint: 'metrics?'; id: number }
  | { stint: 'metrics'; id: number; text: string };

type ToWorker =
  | { stint: 'config'; served: ServedConfig }
  | { stint: 'go' }
  | { stint: 'reload'; outcome: ReloadOutcome }
  | { stint: 'drain' }
  | { stint: 'cut' }
  | { stint: 'collect'; id: number }
  | { stint: 'metrics'; id: number; text: string };

/**
 * The config as the primary read it, which every worker serves: the file's text (each worker
 * parses it, so all get the same config whatever the file on disk says by then) and the TLS pair.
 */
export interface ServedConfig {
  file: string;
  text: string;
  tls?: { cert: string; key: string };
}

/** A reload as the primary read it once: the config to serve now, or why the old one serves on. */
export type ReloadOutcome = { served: ServedConfig; sha256: string } | { refused: string; sha256: string | null };

/** The environment variable that tells a worker its number (1…N); a replacement keeps the number. */
const WORKER_ENV = 'STINT_WORKER';
/** How long the primary waits for each worker's metrics before answering without them. */
export const COLLECT_MS = 2_000;
/** Restart delays: doubling from the first to the last; reset once a worker has run RESET_MS. */
const RESTART_FIRST_MS = 100;
const RESTART_MAX_MS = 10_000;
const RESET_MS = 30_000;
/** Past a worker's shutdown_grace, how long the primary waits before it kills it. */
const DRAIN_MARGIN_MS = 10_000;

/**
 * Where worker `n` writes its audit log: `audit.jsonl` → `audit-w1.jsonl`. A hash chain has one
 * writer at a time; N processes taking turns on one file would serialise every exchange on its
 * lock. Each file is its own chain (`stint audit verify` each; `stint audit query` merges them).
 */
export function workerAuditFile(file: string, n: number): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}-w${n}${ext}`);
}

/** The config worker `n` runs: the same, but with its own audit file. Applied to every reload too. */
export function forWorker(config: BrokerConfig, n: number): BrokerConfig {
  return { ...config, audit: { ...config.audit, file: workerAuditFile(config.audit.file, n) } };
}

/** This process's part when it is a worker of `stint serve --workers N`, else undefined. */
export function workerLink(): WorkerLink | undefined {
  if (!cluster.isWorker) return undefined;
  const n = Number(process.env[WORKER_ENV]);
  return new WorkerLink(Number.isInteger(n) && n > 0 ? n : (cluster.worker?.id ?? 0));
}

export type WorkerCommand = 'reload' | 'stop' | 'cut';

/** A worker's side of the channel to the primary. */
export class WorkerLink {
  private nextId = 1;
  private readonly pending = new Map<number, (text: string) => void>();
  private readonly commands: WorkerCommand[] = [];
  /** What each 'reload' command applies, in the order they came. */
  private readonly reloads: ReloadOutcome[] = [];
  private given: ((served: ServedConfig) => void) | undefined;
  private waiting: ((command: WorkerCommand) => void) | undefined;
  private stopSeen = false;
  private collect: (() => string) | undefined;
  private go: (() => void) | undefined;
  private readonly opened: Promise<void>;

  constructor(readonly n: number) {
    this.opened = new Promise((resolve) => {
      this.go = resolve;
    });
    process.on('message', (message: ToWorker) => {
      switch (message?.stint) {
        case 'config':
          this.given?.(message.served);
          this.given = undefined;
          break;
        case 'go':
          this.go?.();
          break;
        case 'reload':
          this.reloads.push(message.outcome);
          this.push('reload');
          break;
        case 'drain':
          this.stop();
          break;
        case 'cut':
          this.push('cut');
          break;
        case 'collect':
          this.send({ stint: 'metrics', id: message.id, text: this.collect?.() ?? '' });
          break;
        case 'metrics':
          this.pending.get(message.id)?.(message.text);
          this.pending.delete(message.id);
          break;
      }
    });
    // The primary passes signals on. One sent to the whole process group (Ctrl-C, systemd's
    // control-group stop) reaches the worker too: a stop starts the drain once; a SIGHUP is
    // left to the primary, which sends each worker one reload.
    process.on('SIGTERM', () => this.stop());
    process.on('SIGINT', () => this.stop());
    process.on('SIGHUP', () => undefined);
  }

  /** The config to start with, as the primary holds it now (never the file as it is on disk). */
  config(): Promise<ServedConfig> {
    return new Promise((resolve) => {
      this.given = resolve;
      this.send({ stint: 'config?' });
    });
  }

  /** What the 'reload' just returned by next() applies: read once by the primary for every worker. */
  takeReload(): ReloadOutcome {
    const outcome = this.reloads.shift();
    if (outcome === undefined) throw new Error('takeReload() without a reload command');
    return outcome;
  }

  /** Resolves when the primary has printed the listening line: the worker may log from then on. */
  started(): Promise<void> {
    return this.opened;
  }

  ready(url: string): void {
    this.send({ stint: 'ready', url });
  }

  failed(text: string, code: number): void {
    this.send({ stint: 'failed', text, code });
  }

  draining(graceMs: number): void {
    this.send({ stint: 'draining', graceMs });
  }

  /** What this worker's /metrics shows: its own samples, when the primary asks for them. */
  onCollect(render: () => string): void {
    this.collect = render;
  }

  /** Every worker's metrics, merged by the primary (GET /metrics on any worker). */
  metrics(): Promise<string> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ stint: 'metrics?', id });
    });
  }

  /** The next command from the primary (or a stop signal): reload, stop (drain), cut (end the drain now). */
  next(): Promise<WorkerCommand> {
    const first = this.commands.shift();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Lets the process end: the channel to the primary is what keeps a worker alive. */
  disconnect(): void {
    if (cluster.worker?.isConnected()) cluster.worker.disconnect();
  }

  private stop(): void {
    if (this.stopSeen) return;
    this.stopSeen = true;
    this.push('stop');
    // Stopped before the primary printed the line (a signal during start-up): drain all the same.
    this.go?.();
  }

  private push(command: WorkerCommand): void {
    if (this.waiting) {
      const deliver = this.waiting;
      this.waiting = undefined;
      deliver(command);
    } else this.commands.push(command);
  }

  private send(message: ToPrimary): void {
    if (process.connected) process.send?.(message);
  }
}

export interface PrimaryOptions {
  workers: number;
  /** The primary's own log (worker 0): restarts, the drain. */
  log: BrokerLog;
  /** Where the listening line goes. */
  stdout: { write(text: string): unknown };
  /** Where a worker's start-up failure is told (once, by the primary). */
  stderr: { write(text: string): unknown };
  /** Each worker's `instance` is `<instance>/w<n>` (audit events, key-set agreement). */
  instance: string;
  /** The config read and checked at start: what every worker, a replacement too, is handed. */
  served: ServedConfig;
  /** On SIGHUP: reads the config again, all or nothing, against the one that serves. */
  reread(): Promise<ReloadOutcome>;
}

interface Slot {
  n: number;
  worker?: Worker;
  /** Its worker has said it listens with its broker open. */
  ready: boolean;
  startedAt: number;
  /** Exits in a row since a worker of this slot last served RESET_MS (that one's exit counted). */
  failures: number;
  /** The last start-up failure a worker in this slot reported. */
  failure?: { text: string; code: number };
  /** Metrics collections this slot's worker did not answer in time (stint_worker_metrics_missed_total). */
  missed: number;
  /** It missed the last collection it was asked for (logged once, until it answers again). */
  silent: boolean;
  drainTimer?: NodeJS.Timeout;
}

/**
 * Runs the primary: forks `workers` copies of this command (cluster re-runs the same argv; each
 * sees `cluster.isWorker`), and returns the exit code once they are gone.
 */
export async function runPrimary(options: PrimaryOptions): Promise<number> {
  const { log } = options;
  const slots: Slot[] = Array.from({ length: options.workers }, (_, i) => ({
    n: i + 1,
    ready: false,
    startedAt: 0,
    failures: 0,
    missed: 0,
    silent: false,
  }));
  /** What a worker starting now is handed; replaced by a SIGHUP that loads. */
  let served = options.served;
  /** SIGHUPs in the order they came: each reload is read and sent whole before the next starts. */
  let reloading: Promise<void> = Promise.resolve();
  /** The collection in progress: every scrape that arrives meanwhile shares it. */
  let collecting: Promise<string> | undefined;
  let stopping = false;
  let listeningUrl: string | undefined;
  let restarts = 0;
  let collectId = 1;
  const collections = new Map<number, { texts: Map<number, string>; done: () => void }>();
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let exitCode = 0;
  let fatal: { text: string; code: number } | undefined;

  const live = (): Slot[] => slots.filter((slot) => slot.worker !== undefined);
  const send = (slot: Slot, message: ToWorker): void => {
    if (slot.worker?.isConnected()) slot.worker.send(message);
  };

  const fork = (slot: Slot): void => {
    slot.ready = false;
    slot.startedAt = Date.now();
    const worker = cluster.fork({ [WORKER_ENV]: String(slot.n), STINT_INSTANCE: `${options.instance}/w${slot.n}` });
    slot.worker = worker;
    worker.on('message', (message: ToPrimary) => onMessage(slot, worker, message));
    worker.on('exit', (code, signal) => onExit(slot, worker, code, signal));
  };

  const onMessage = (slot: Slot, worker: Worker, message: ToPrimary): void => {
    switch (message?.stint) {
      case 'config?':
        worker.send({ stint: 'config', served } satisfies ToWorker);
        break;
      case 'ready':
        slot.ready = true;
        slot.failure = undefined;
        if (listeningUrl !== undefined) {
          // A replacement: the line was printed long ago.
          worker.send({ stint: 'go' } satisfies ToWorker);
          log.info({ worker_pid: worker.process.pid }, `worker ${slot.n} replaced and serving`);
        } else if (slots.every((s) => s.ready)) {
          listeningUrl = message.url;
          // Printed once, when every worker listens: whoever waits for it can use all of them.
          options.stdout.write(`stint broker listening on ${listeningUrl}\n`);
          log.info(
            { workers: slots.map((s) => s.worker?.process.pid) },
            `${slots.length} workers serving (pids ${slots.map((s) => s.worker?.process.pid).join(', ')})`,
          );
          for (const s of slots) send(s, { stint: 'go' });
        }
        break;
      case 'failed':
        slot.failure = { text: message.text, code: message.code };
        break;
      case 'draining':
        clearTimeout(slot.drainTimer);
        slot.drainTimer = setTimeout(() => {
          log.error(`worker ${slot.n} did not finish its drain within its shutdown_grace; killing it`);
          exitCode = 1;
          worker.process.kill('SIGKILL');
        }, message.graceMs + DRAIN_MARGIN_MS);
        break;
      case 'metrics?':
        collecting ??= collectMetrics().finally(() => {
          collecting = undefined;
        });
        void collecting.then((text) => {
          if (worker.isConnected()) worker.send({ stint: 'metrics', id: message.id, text } satisfies ToWorker);
        });
        break;
      case 'metrics': {
        const collection = collections.get(message.id);
        if (collection) {
          collection.texts.set(slot.n, message.text);
          if (collection.texts.size >= slots.filter((s) => s.ready).length) collection.done();
        }
        break;
      }
    }
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null): void => {
    if (slot.worker !== worker) return;
    clearTimeout(slot.drainTimer);
    const wasReady = slot.ready;
    slot.worker = undefined;
    slot.ready = false;
    const how = signal !== null ? `signal ${signal}` : `code ${code}`;
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (live().length === 0) done();
      return;
    }
    // A replacement that cannot start (its store out of reach, its keys dir unreadable) while
    // others serve: the broker serves on and the slot is tried again. (The config is the one the
    // primary holds, never the file as it is on disk now.)
    const replacementFailed =
      listeningUrl !== undefined && slot.failure !== undefined && !wasReady && live().some((s) => s.ready);
    if (replacementFailed) {
      log.error(
        { worker_pid: worker.process.pid },
        `worker ${slot.n} could not start: ${slot.failure!.text.replace(/^stint: /, '')}; the other workers serve on and it is tried again`,
      );
      slot.failure = undefined;
    } else if (listeningUrl === undefined || slot.failure !== undefined) {
      // A worker that cannot start (a bad config, the port taken), or that stops with an error
      // (its store never reached), stops them all with that error, as one broker would, rather
      // than a restart loop.
      const failure = slot.failure ?? {
        text: `stint: worker ${slot.n} exited with ${how} before it listened`,
        code: 1,
      };
      if (listeningUrl !== undefined) log.error(`worker ${slot.n} stopped with an error: stopping every worker`);
      stopWith(failure);
      return;
    }
    const ranMs = Date.now() - slot.startedAt;
    // This exit is the first of a new run once the worker had served RESET_MS: 100 ms again.
    slot.failures = wasReady && ranMs >= RESET_MS ? 1 : slot.failures + 1;
    if (!wasReady && live().every((s) => !s.ready)) {
      // No worker serves and this one died before it listened: stop, so the service manager sees it.
      log.error(`worker ${slot.n} exited with ${how} before it listened, and no worker is serving: stopping`);
      stopWith({ text: `stint: worker ${slot.n} exited with ${how} before it listened`, code: 1 });
      return;
    }
    const delay = Math.min(RESTART_FIRST_MS * 2 ** (slot.failures - 1), RESTART_MAX_MS);
    restarts++;
    log.warn(
      { worker_pid: worker.process.pid, restart_in_ms: delay },
      `worker ${slot.n} exited unexpectedly (${how}); starting a replacement in ${delay} ms`,
    );
    setTimeout(() => {
      if (!stopping && slot.worker === undefined) fork(slot);
    }, delay);
  };

  const stopAll = (): void => {
    stopping = true;
    for (const slot of live()) send(slot, { stint: 'drain' });
  };

  /** Stops every worker because of one worker's error, which is told once they are all gone. */
  const stopWith = (failure: { text: string; code: number }): void => {
    fatal ??= failure;
    stopAll();
    if (live().length === 0) done();
  };

  /** Every worker is gone: the exit code, and the error that stopped them if one did. */
  const done = (): void => {
    if (fatal !== undefined) {
      options.stderr.write(`${fatal.text}\n`);
      finish(fatal.code === 0 ? 1 : fatal.code);
    } else finish(exitCode);
  };

  const collectMetrics = async (): Promise<string> => {
    const id = collectId++;
    const asked = slots.filter((s) => s.ready);
    const texts = new Map<number, string>();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, COLLECT_MS);
      collections.set(id, {
        texts,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      for (const slot of asked) send(slot, { stint: 'collect', id });
      if (asked.length === 0) resolve();
    });
    collections.delete(id);
    for (const slot of asked) {
      if (texts.has(slot.n)) {
        if (slot.silent) log.info(`worker ${slot.n} answers for /metrics again`);
        slot.silent = false;
        continue;
      }
      slot.missed++;
      // A worker that is stuck (its event loop blocked, stopped) must not hold every scrape.
      if (!slot.silent) {
        log.warn(
          { worker_pid: slot.worker?.process.pid },
          `worker ${slot.n} did not answer for /metrics within ${COLLECT_MS} ms: scrapes leave its samples out until it does (stint_worker_metrics_missed_total)`,
        );
      }
      slot.silent = true;
    }
    return mergeExpositions(texts, {
      workers: slots.length,
      restarts,
      missed: new Map(slots.map((s) => [s.n, s.missed])),
    });
  };

  const handlers = {
    SIGHUP: () => {
      if (stopping) return;
      reloading = reloading.then(async () => {
        // Read once, here: every worker gets the same outcome, and a replacement started from now
        // on gets what the others serve, whatever the file on disk says by then.
        const outcome = await options.reread();
        if ('served' in outcome) served = outcome.served;
        if (stopping) return;
        log.info(`SIGHUP: reloading ${live().length} worker(s)`);
        for (const slot of live()) send(slot, { stint: 'reload', outcome });
      });
    },
    SIGTERM: () => onStop('SIGTERM'),
    SIGINT: () => onStop('SIGINT'),
  };
  let stopSignals = 0;
  const onStop = (name: string): void => {
    stopSignals++;
    if (stopSignals === 1) {
      log.info(`${name}: draining ${live().length} worker(s)`);
      stopAll();
      if (live().length === 0) done();
    } else {
      // A second signal during the drain: the operator wants out now.
      for (const slot of live()) send(slot, { stint: 'cut' });
    }
  };
  for (const [name, handler] of Object.entries(handlers)) process.on(name, handler);
  try {
    for (const slot of slots) fork(slot);
    const code = await finished;
    if (listeningUrl !== undefined) log.info(`stint broker stopped (${slots.length} workers)`);
    return code;
  } finally {
    for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
  }
}

/**
 * One exposition from each worker's: every sample gets a `worker` label, the samples of a family
 * stay together under one HELP and TYPE, and the primary adds `stint_workers`,
 * `stint_workers_answered`, `stint_worker_restarts_total` and, per worker,
 * `stint_worker_metrics_missed_total`. Sum over `worker` for the broker.
 */
export function mergeExpositions(
  texts: Map<number, string>,
  primary: { workers: number; restarts: number; missed: Map<number, number> },
): string {
  interface Family {
    head: string[];
    /** The worker whose HELP and TYPE lines head the family. */
    headFrom?: number;
    samples: string[];
  }
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let found = families.get(name);
    if (found === undefined) {
      found = { head: [], samples: [] };
      families.set(name, found);
    }
    return found;
  };
  for (const [n, text] of [...texts].sort(([a], [b]) => a - b)) {
    let current: Family | undefined;
    for (const line of text.split('\n')) {
      const comment = /^# (?:HELP|TYPE) (\S+)/.exec(line);
      if (comment) {
        current = family(comment[1]!);
        current.headFrom ??= n;
        if (current.headFrom === n) current.head.push(line);
        continue;
      }
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
      if (name === undefined) continue;
      const rest = line.slice(name.length);
      const labelled = rest.startsWith('{')
        ? `${name}{worker="${n}"${rest.startsWith('{}') ? '' : ','}${rest.slice(1)}`
        : `${name}{worker="${n}"}${rest}`;
      (current ?? family(name)).samples.push(labelled);
    }
  }
  const lines: string[] = [];
  for (const { head, samples } of families.values()) lines.push(...head, ...samples);
  lines.push(
    '# HELP stint_workers Worker processes this broker runs (stint serve --workers).',
    '# TYPE stint_workers gauge',
    `stint_workers ${primary.workers}`,
    '# HELP stint_workers_answered Workers whose samples are in this scrape.',
    '# TYPE stint_workers_answered gauge',
    `stint_workers_answered ${texts.size}`,
    '# HELP stint_worker_restarts_total Workers replaced after they exited unexpectedly or failed to start.',
    '# TYPE stint_worker_restarts_total counter',
    `stint_worker_restarts_total ${primary.restarts}`,
    `# HELP stint_worker_metrics_missed_total Collections for /metrics (one per scrape, shared by scrapes that arrive meanwhile) this worker did not answer within ${COLLECT_MS / 1000} s; its samples were left out.`,
    '# TYPE stint_worker_metrics_missed_total counter',
    ...[...primary.missed].map(([n, count]) => `stint_worker_metrics_missed_total{worker="${n}"} ${count}`),
  );
  return `${lines.join('\n')}\n`;
}
