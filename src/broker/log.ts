import { type Level, type LevelWithSilent, type Logger, pino, stdTimeFunctions } from 'pino';
import { assertNoSecrets } from '../audit/secret-guard.js';

/** `json`: one JSON object per line, for a log shipper. `text`: one readable line, for a terminal. */
export type LogFormat = 'json' | 'text';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text'];
export const LOG_LEVELS: readonly LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** What the broker logs through: pino's methods, so a call reads `log.warn({ route }, 'text')`. */
export type BrokerLog = Pick<Logger, 'trace' | 'debug' | 'info' | 'warn' | 'error'>;

export interface CreateLogOptions {
  format: LogFormat;
  level: LevelWithSilent;
  /** Where the lines go (the broker's stdout, or a writer that holds them until it listens). */
  destination: { write(text: string): unknown };
}

/** Fields every JSON line carries that the text form leaves out. */
const TEXT_OMITS = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

/**
 * The broker's operational log, built on pino: JSON lines (`level` as a name, `time` in ISO
 * 8601) or readable text lines. A line whose message or fields look like a token, an API key or
 * a private key is replaced by a note saying so (the same test the audit log applies): callers
 * never log those, and this keeps it so if a reason ever quotes one.
 *
 * @example
 * const log = createLog({ format: 'json', level: 'info', destination: process.stdout });
 * log.info({ route: '/healthz', status: 200 }, 'request');
 */
export function createLog(options: CreateLogOptions): Logger {
  const sink = accessBatches(options.destination);
  const stream = options.format === 'json' ? sink : textStream(sink);
  // Set while pino writes an access line (`log.info({…}, 'request')`, one per request), which may wait for company.
  let accessLine = false;
  return pino(
    {
      level: options.level,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          if (looksSecret(args)) {
            return method.call(this, '[a log line was withheld: it looked like it held a token or a key]');
          }
          accessLine = args[1] === 'request';
          try {
            return method.apply(this, args as Parameters<typeof method>);
          } finally {
            accessLine = false;
          }
        },
      },
    },
    { write: (line: string) => stream.write(line, accessLine) },
  );
}

/** Longest an access line waits for others to go out with it… */
const ACCESS_BATCH_MS = 20;
/** …and most that wait at once. */
const ACCESS_BATCH_CHARS = 16 * 1024;

/** Each log's flush, run once when the process exits (one listener however many logs there are). */
const waitingAtExit = new Set<() => void>();
process.once('exit', () => {
  for (const flush of waitingAtExit) flush();
});

interface LineSink {
  /** `batch`: an access line, which may wait up to ACCESS_BATCH_MS to share one write(2). */
  write(text: string, batch: boolean): void;
}

/**
 * Access lines go out in batches: one write(2) to the pipe or file every ACCESS_BATCH_MS at most,
 * instead of one per request (each write to a pipe wakes its reader, which cost a tenth of a
 * broker's CPU at one request at a time). Any other line first writes out what waits, so lines
 * keep their order; so does the process's exit. A broker killed with -9 loses at most the last
 * ACCESS_BATCH_MS of access lines (the audit log, written before each answer, loses nothing).
 */
function accessBatches(destination: CreateLogOptions['destination']): LineSink {
  let waiting = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (waiting === '') return;
    const text = waiting;
    waiting = '';
    destination.write(text);
  };
  waitingAtExit.add(flush);
  return {
    write(text, batch) {
      if (!batch) {
        flush();
        destination.write(text);
        return;
      }
      waiting += text;
      if (waiting.length >= ACCESS_BATCH_CHARS) flush();
      else timer ??= setTimeout(flush, ACCESS_BATCH_MS).unref();
    },
  };
}

function looksSecret(args: unknown[]): boolean {
  try {
    for (const arg of args) assertNoSecrets(arg);
    return false;
  } catch {
    return true;
  }
}

/** Renders each JSON line pino writes as one line of text: `warning: …`, `GET /healthz 200 1.2ms …`. */
function textStream(sink: LineSink): LineSink {
  return {
    write(line, batch) {
      const entry = JSON.parse(line) as Record<string, unknown> & { level: Level; msg?: string };
      sink.write(`${renderText(entry)}\n`, batch);
    },
  };
}

export function renderText(entry: Record<string, unknown> & { level: Level; msg?: string }): string {
  const prefix =
    entry.level === 'warn' ? 'warning: ' : entry.level === 'error' || entry.level === 'fatal' ? 'error: ' : '';
  if (entry.msg === 'request' && typeof entry.method === 'string') {
    const { method, route, status, duration_ms, client_address, request_id } = entry;
    return `${prefix}${method} ${route} ${status ?? '-'} ${duration_ms}ms from ${client_address} request_id=${request_id}${entry.worker === undefined ? '' : ` worker=${entry.worker}`}${entry.aborted ? ' (client went away)' : ''}`;
  }
  const extras = Object.entries(entry)
    .filter(([name]) => !TEXT_OMITS.has(name))
    .map(([name, value]) => ` ${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
  return `${prefix}${entry.msg ?? ''}${extras}`;
}
