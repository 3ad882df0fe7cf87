import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_EVENT_NAMES, type AuditRecord } from '../../audit/events.js';
import { mergeAuditLogs } from '../../audit/reader.js';
import { closestName } from '../../lib/closest-name.js';
import { parseDuration } from '../../lib/duration.js';
import { UsageError } from '../../lib/errors.js';
import { compilePattern } from '../../policy/pattern.js';
import { type Command, writeLine } from '../io.js';

/** The --summary row of events that name no project. */
const NO_PROJECT = '(no project)';

export const HELP = `Usage: stint audit query FILE… [--project P] [--subject PATTERN] [--event E] [--outcome O]
                         [--since T] [--until T] [--jti ID] [--json | --summary]

Who got what, when: reads one or many audit logs (one per broker instance, or rotated files),
checking each file's hash chain as it reads it, merged in time order. A broken chain stops the
query at that line (exit 1): nothing after an edit is reported.
  --project P        events for this project
  --subject PATTERN  the CI subject, exact or a policy pattern (* within a segment, ** across /)
  --event E          token_issued, exchange_denied, token_revoked, … (repeat or comma-separate)
  --outcome O        success, denied or error (repeat or comma-separate)
  --since T, --until T   a UTC date or time (2026-12-04, 2026-12-04T10:00, 2026-12-04T10:00:00Z), a time
                     with its offset (2026-12-04T11:00:00+01:00), or a duration ago (24h, 7d); a time
                     without an offset is UTC, as every time in the log is
  --jti ID           the token with this jti
  --json             the matching records, one JSON object per line (as in the log)
  --summary          per project: tokens issued, denials and errors, and denials by reason code
Default output is a table: time (UTC), the instance that wrote the event (a broker's
STINT_INSTANCE or host:pid, or cli@host:pid for \`stint keys\`), event, outcome, project, subject,
and the scope or the reason (a line break in a value shows as \\n).`;

/** `stint audit query FILE…`. */
export const run: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      project: { type: 'string', multiple: true },
      subject: { type: 'string' },
      event: { type: 'string', multiple: true },
      outcome: { type: 'string', multiple: true },
      since: { type: 'string' },
      until: { type: 'string' },
      jti: { type: 'string' },
      json: { type: 'boolean' },
      summary: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('stint audit query needs one or more audit log FILEs');
  if (values.json && values.summary) throw new UsageError('give --json or --summary, not both');
  const list = (given: string[] | undefined) => given?.flatMap((v) => v.split(',')).filter((v) => v !== '');
  const projects = list(values.project);
  const events = list(values.event);
  const outcomes = list(values.outcome);
  for (const event of events ?? []) {
    if ((AUDIT_EVENT_NAMES as readonly string[]).includes(event)) continue;
    const near = closestName(event, AUDIT_EVENT_NAMES);
    throw new UsageError(
      `--event '${event}' is not an audit event${near === undefined ? '' : `; did you mean '${near}'?`} (events: ${AUDIT_EVENT_NAMES.join(', ')})`,
    );
  }
  for (const outcome of outcomes ?? [])
    if (!['success', 'denied', 'error'].includes(outcome))
      throw new UsageError(`--outcome must be success, denied or error, got '${outcome}'`);
  const subject = values.subject === undefined ? undefined : compilePattern(values.subject);
  const now = Date.now();
  const since = values.since === undefined ? undefined : parseTime(values.since, '--since', now);
  const until = values.until === undefined ? undefined : parseTime(values.until, '--until', now);

  const matches = (r: AuditRecord): boolean =>
    (projects === undefined || (typeof r.project === 'string' && projects.includes(r.project))) &&
    (events === undefined || events.includes(r.event)) &&
    (outcomes === undefined || outcomes.includes(r.outcome)) &&
    (subject === undefined || (typeof r.subject === 'string' && subject.test(r.subject))) &&
    (values.jti === undefined || r.jti === values.jti) &&
    (since === undefined || Date.parse(r.ts) >= since) &&
    (until === undefined || Date.parse(r.ts) < until);

  const summary = new Map<string, { issued: number; denied: number; errors: number; reasons: Map<string, number> }>();
  const rows: string[][] = [];
  let count = 0;
  for await (const { record } of mergeAuditLogs(positionals.map((f) => resolve(io.cwd, f)))) {
    if (!matches(record)) continue;
    count++;
    if (values.json) writeLine(io.stdout, JSON.stringify(record));
    else if (values.summary) {
      const key = typeof record.project === 'string' ? record.project : NO_PROJECT;
      const entry = summary.get(key) ?? { issued: 0, denied: 0, errors: 0, reasons: new Map() };
      if (record.event === 'token_issued') entry.issued++;
      if (record.outcome === 'denied') {
        entry.denied++;
        const reason = typeof record.code === 'string' ? record.code : '(no code)';
        entry.reasons.set(reason, (entry.reasons.get(reason) ?? 0) + 1);
      }
      if (record.outcome === 'error') entry.errors++;
      summary.set(key, entry);
    } else {
      rows.push([
        cell(record.ts),
        cell(record.instance),
        cell(record.event),
        cell(record.outcome),
        cell(record.project),
        cell(record.subject),
        record.outcome === 'success' ? cell(record.scope) : `${cell(record.code)} ${cell(record.reason)}`.trim(),
      ]);
    }
  }
  if (values.json) return 0;
  if (values.summary) {
    for (const [project, s] of [...summary.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      // Events of no project (key rotations, reloads) count toward the total; a row of zeros for them says nothing.
      if (project === NO_PROJECT && s.issued + s.denied + s.errors === 0) continue;
      writeLine(io.stdout, `${project}: ${s.issued} tokens issued, ${s.denied} denied, ${s.errors} errors`);
      for (const [reason, n] of [...s.reasons.entries()].sort((a, b) => b[1] - a[1]))
        writeLine(io.stdout, `  denied ${n} × ${reason}`);
    }
    writeLine(
      io.stdout,
      `${count} ${count === 1 ? 'event' : 'events'} matched in ${positionals.length} ${positionals.length === 1 ? 'file' : 'files'}`,
    );
    return 0;
  }
  // INSTANCE beside the time: with several brokers' logs merged, which one did what.
  const header = ['TIME', 'INSTANCE', 'EVENT', 'OUTCOME', 'PROJECT', 'SUBJECT', 'SCOPE / REASON'];
  // A loop, not Math.max(...rows): spreading a few hundred thousand rows overflows the stack.
  const widths = header.map((h) => h.length);
  for (const row of rows) for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i]!, row[i]!.length);
  for (const row of [header, ...rows])
    writeLine(io.stdout, row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
  writeLine(
    io.stdout,
    `${count} ${count === 1 ? 'event' : 'events'} matched in ${positionals.length} ${positionals.length === 1 ? 'file' : 'files'}`,
  );
  return 0;
};

/**
 * A value as one table cell: `-` for none, and line breaks and tabs written as `\n`, `\r`, `\t`,
 * so a multi-line reason (a config reload with two errors) stays on its row. (writeLine
 * neutralises the other control characters; --json has the values as they are.)
 */
function cell(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '-' : String(value);
  return text.replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * Epoch ms of an ISO 8601 date or time, or of `now` minus a duration (`24h`). A date or a time
 * without an offset is UTC, as every `ts` in the log is (never the machine's zone, which would
 * make one command line mean different things on different hosts). A date that does not exist
 * (2026-02-31, 25:00) is refused, not rolled over into the next month or day.
 */
function parseTime(value: string, flag: string, now: number): number {
  if (/^\d+[smhd]/.test(value) && !/^\d{4}-/.test(value)) {
    try {
      return now - parseDuration(value) * 1000;
    } catch {
      // fall through to the error below
    }
  }
  const match = ISO_TIME.exec(value);
  if (match === null)
    throw new UsageError(
      `${flag} must be a UTC date or time (2026-12-04, 2026-12-04T10:00:00Z), a time with its offset (2026-12-04T11:00:00+01:00) or a duration ago (24h, 7d), got '${value}'`,
    );
  const [, y, mo, d, h, mi, s, fraction = '', , sign, oh, om] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map((v) => Number(v ?? 0)) as number[];
  const bad = (why: string) => new UsageError(`${flag} '${value}' is not a real time: ${why}`);
  if (month! < 1 || month! > 12) throw bad(`there is no month ${mo}`);
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month!) ? 30 : 31;
  if (day! < 1 || day! > days) throw bad(`${y}-${mo} has ${days} days`);
  if (hour! > 23 || minute! > 59 || second! > 59) throw bad(`hours go to 23, minutes and seconds to 59`);
  if (Number(oh ?? 0) > 23 || Number(om ?? 0) > 59) throw bad(`an offset's hours go to 23, its minutes to 59`);
  const offsetMinutes = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = new Date(0);
  utc.setUTCFullYear(year!, month! - 1, day!);
  utc.setUTCHours(hour!, minute!, second!, ms);
  return utc.getTime() - offsetMinutes * 60_000;
}
