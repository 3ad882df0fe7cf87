import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditRecord } from '../../audit/events.js';
import { mergeAuditLogs } from '../../audit/reader.js';
import { parseDuration } from '../../lib/duration.js';
import { UsageError } from '../../lib/errors.js';
import { compilePattern } from '../../policy/pattern.js';
import { type Command, writeLine } from '../io.js';

export const HELP = `Usage: stint audit query FILE… [--project P] [--subject PATTERN] [--event E] [--outcome O]
                         [--since T] [--until T] [--jti ID] [--json | --summary]

Who got what, when: reads one or many audit logs (one per broker instance, or rotated files),
checking each file's hash chain as it reads it, merged in time order. A broken chain stops the
query at that line (exit 1): nothing after an edit is reported.
  --project P        events for this project
  --subject PATTERN  the CI subject, exact or a policy pattern (* within a segment, ** across /)
  --event E          token_issued, exchange_denied, token_revoked, … (repeat or comma-separate)
  --outcome O        success, denied or error (repeat or comma-separate)
  --since T, --until T   an ISO 8601 time (2026-12-04, 2026-12-04T10:00:00Z) or a duration ago (24h, 7d)
  --jti ID           the token with this jti
  --json             the matching records, one JSON object per line (as in the log)
  --summary          per project: tokens issued, denials and errors, and denials by reason code
Default output is a table: time, event, outcome, project, subject, and the scope or the reason.`;

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
      const key = typeof record.project === 'string' ? record.project : '(no project)';
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
        record.ts,
        record.event,
        record.outcome,
        text(record.project),
        text(record.subject),
        record.outcome === 'success' ? text(record.scope) : `${text(record.code)} ${text(record.reason)}`.trim(),
      ]);
    }
  }
  if (values.json) return 0;
  if (values.summary) {
    for (const [project, s] of [...summary.entries()].sort(([a], [b]) => a.localeCompare(b))) {
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
  const header = ['TIME', 'EVENT', 'OUTCOME', 'PROJECT', 'SUBJECT', 'SCOPE / REASON'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows])
    writeLine(io.stdout, row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
  writeLine(
    io.stdout,
    `${count} ${count === 1 ? 'event' : 'events'} matched in ${positionals.length} ${positionals.length === 1 ? 'file' : 'files'}`,
  );
  return 0;
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '-' : String(value);
}

/** Epoch ms of an ISO 8601 time, or of `now` minus a duration (`24h`). */
function parseTime(value: string, flag: string, now: number): number {
  if (/^\d+[smhd]/.test(value) && !/^\d{4}-/.test(value)) {
    try {
      return now - parseDuration(value) * 1000;
    } catch {
      // fall through to the error below
    }
  }
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed))
    throw new UsageError(
      `${flag} must be an ISO 8601 time (2026-12-04T10:00:00Z) or a duration ago (24h, 7d), got '${value}'`,
    );
  return parsed;
}
