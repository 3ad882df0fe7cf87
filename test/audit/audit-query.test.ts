import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { CLI } from '../helpers/broker.js';
import { type CliRun, runCli } from '../helpers/cli.js';

// `stint audit query` through the BUILT CLI, over logs written by the broker's own audit writer.
let dir: string;

function stint(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return runCli(args, { cwd: dir, env });
}

const MAIN = 'repo:acme/warehouse:ref:refs/heads/main';
const FEATURE = 'repo:acme/warehouse:ref:refs/heads/feature/x';

/** Writes events at the given times (ISO) into a log of its own. */
async function writeLog(file: string, events: Array<[string, Record<string, unknown>]>): Promise<void> {
  let at = 0;
  const log = await openAuditLog(join(dir, file), { now: () => at });
  for (const [ts, event] of events) {
    at = Date.parse(ts);
    await log.append(event as never);
  }
  await log.close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-audit-query-'));
  await writeLog('a.jsonl', [
    [
      '2026-12-04T10:00:00.000Z',
      {
        event: 'token_issued',
        request_id: 'r1',
        outcome: 'success',
        project: 'warehouse',
        subject: MAIN,
        scope: 'read write',
        jti: 'j-1',
      },
    ],
    [
      '2026-12-04T10:05:00.000Z',
      {
        event: 'exchange_denied',
        request_id: 'r3',
        outcome: 'denied',
        code: 'ERR_POLICY_DENIED',
        reason: 'no trust rule matched',
        project: 'warehouse',
        subject: FEATURE,
      },
    ],
    [
      '2026-12-04T12:00:00.000Z',
      { event: 'token_revoked', request_id: 'r5', outcome: 'success', project: 'warehouse', jti: 'j-1' },
    ],
  ]);
  await writeLog('b.jsonl', [
    [
      '2026-12-04T10:02:00.000Z',
      {
        event: 'token_issued',
        request_id: 'r2',
        outcome: 'success',
        project: 'docs',
        subject: 'project_path:acme/docs/site:ref_type:tag:ref:v1',
        scope: 'publish',
        jti: 'j-2',
      },
    ],
    [
      '2026-12-04T11:00:00.000Z',
      {
        event: 'exchange_denied',
        request_id: 'r4',
        outcome: 'denied',
        code: 'ERR_SCOPE_NOT_GRANTED',
        reason: 'scope deploy',
        project: 'warehouse',
        subject: MAIN,
      },
    ],
    [
      '2026-12-04T11:30:00.000Z',
      {
        event: 'exchange_denied',
        request_id: 'r6',
        outcome: 'denied',
        code: 'ERR_POLICY_DENIED',
        reason: 'closest rule',
        project: 'warehouse',
        subject: FEATURE,
      },
    ],
  ]);
});

const ids = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { request_id: string }).request_id);

describe('stint audit query', () => {
  it('merges several logs in time order, --json lines as in the logs', async () => {
    const { code, stdout } = await stint(['audit', 'query', 'a.jsonl', 'b.jsonl', '--json']);
    expect(code).toBe(0);
    expect(ids(stdout)).toEqual(['r1', 'r2', 'r3', 'r4', 'r6', 'r5']);
    const first = stdout.split('\n')[0]!;
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8').split('\n')[0]).toBe(first);
  });

  it('filters by project, subject pattern, event, outcome, time range and jti', async () => {
    const q = async (...args: string[]) =>
      ids((await stint(['audit', 'query', 'a.jsonl', 'b.jsonl', '--json', ...args])).stdout);
    expect(await q('--project', 'docs')).toEqual(['r2']);
    expect(await q('--subject', 'repo:acme/warehouse:ref:refs/heads/**')).toEqual(['r1', 'r3', 'r4', 'r6']);
    expect(await q('--subject', 'repo:acme/warehouse:ref:refs/heads/*')).toEqual(['r1', 'r4']);
    expect(await q('--event', 'token_issued,token_revoked')).toEqual(['r1', 'r2', 'r5']);
    expect(await q('--outcome', 'denied', '--project', 'warehouse')).toEqual(['r3', 'r4', 'r6']);
    expect(await q('--since', '2026-12-04T10:04:00Z', '--until', '2026-12-04T11:30:00Z')).toEqual(['r3', 'r4']);
    expect(await q('--jti', 'j-1')).toEqual(['r1', 'r5']);
    expect((await stint(['audit', 'query', 'a.jsonl', '--since', '1h', '--json'])).stdout).toBe('');
  });

  it('prints a table by default, and --summary counts tokens and denials per project and reason', async () => {
    const table = await stint(['audit', 'query', 'a.jsonl', 'b.jsonl', '--outcome', 'denied']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME +INSTANCE +EVENT +OUTCOME +PROJECT +SUBJECT +SCOPE \/ REASON$/u);
    expect(lines[1]).toMatch(
      /^2026-12-04T10:05:00\.000Z {2}- {9}exchange_denied {2}denied +warehouse {2}repo:acme\/warehouse:ref:refs\/heads\/feature\/x {2}ERR_POLICY_DENIED no trust rule matched$/u,
    );
    expect(lines.at(-1)).toBe('3 events matched in 2 files');
    const summary = await stint(['audit', 'query', 'a.jsonl', 'b.jsonl', '--summary']);
    expect(summary.stdout).toBe(
      [
        'docs: 1 tokens issued, 0 denied, 0 errors',
        'warehouse: 1 tokens issued, 3 denied, 0 errors',
        '  denied 2 × ERR_POLICY_DENIED',
        '  denied 1 × ERR_SCOPE_NOT_GRANTED',
        '6 events matched in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('--summary leaves out a row of zeros for events of no project, and keeps their failures', async () => {
    await writeLog('keys.jsonl', [
      ['2026-12-04T09:00:00.000Z', { event: 'key_rotated', outcome: 'success', kid: 'k2' }],
      ['2026-12-04T09:01:00.000Z', { event: 'token_issued', request_id: 'r9', outcome: 'success', project: 'docs' }],
    ]);
    const quiet = await stint(['audit', 'query', 'keys.jsonl', '--summary']);
    expect(quiet.stdout).toBe(
      ['docs: 1 tokens issued, 0 denied, 0 errors', '2 events matched in 1 file', ''].join('\n'),
    );
    await writeLog('reload.jsonl', [
      ['2026-12-04T09:02:00.000Z', { event: 'config_reload_failed', outcome: 'error', reason: 'bad file' }],
    ]);
    const failed = await stint(['audit', 'query', 'reload.jsonl', '--summary']);
    expect(failed.stdout).toBe(
      ['(no project): 0 tokens issued, 0 denied, 1 errors', '1 event matched in 1 file', ''].join('\n'),
    );
  });

  it('verifies each chain as it reads: an edited line stops the query there, exit 1', async () => {
    const lines = readFileSync(join(dir, 'b.jsonl'), 'utf8').split('\n');
    lines[1] = lines[1]!.replace('ERR_SCOPE_NOT_GRANTED', 'ERR_POLICY_DENIED');
    writeFileSync(join(dir, 'edited.jsonl'), lines.join('\n'));
    const { code, stdout, stderr } = await stint(['audit', 'query', 'a.jsonl', 'edited.jsonl', '--json']);
    expect(code).toBe(1);
    expect(stderr).toContain('edited.jsonl: line 2 does not match its hash: the line was edited');
    expect(stdout).not.toContain('"r4"');
    writeFileSync(join(dir, 'removed.jsonl'), [lines[0], lines[2], ''].join('\n'));
    const removed = await stint(['audit', 'query', 'removed.jsonl']);
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain('removed.jsonl: line 2 has seq 3, expected 2');
  });

  it('usage errors exit 2; a missing file exits 1 naming it', async () => {
    expect((await stint(['audit', 'query'])).code).toBe(2);
    expect((await stint(['audit', 'query', 'a.jsonl', '--outcome', 'maybe'])).code).toBe(2);
    expect((await stint(['audit', 'query', 'a.jsonl', '--since', 'yesterday'])).code).toBe(2);
    const missing = await stint(['audit', 'query', 'nope.jsonl']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read audit log \S*nope\.jsonl: ENOENT \(no such file; give the path/);
    expect(missing.stderr.split('nope.jsonl')).toHaveLength(2);
    const help = await stint(['audit', 'query', '--help']);
    for (const flag of [
      '--project',
      '--subject',
      '--event',
      '--outcome',
      '--since',
      '--until',
      '--jti',
      '--json',
      '--summary',
    ])
      expect(help.stdout).toContain(flag);
  });

  it('refuses an --event name no version writes (a typo would read as "nobody"), saying which it meant, exit 2', async () => {
    const typo = await stint(['audit', 'query', 'a.jsonl', '--event', 'token_issued,token_isued']);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toContain("--event 'token_isued' is not an audit event; did you mean 'token_issued'?");
    expect(typo.stderr).toContain('exchange_denied');
    const far = await stint(['audit', 'query', 'a.jsonl', '--event', 'logins', '--json']);
    expect(far.code).toBe(2);
    expect(JSON.parse(far.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_USAGE' } });
    expect(far.stdout).not.toContain('did you mean');
    expect((await stint(['audit', 'query', 'a.jsonl', '--event', 'audit_write_failed', '--json'])).code).toBe(0);
  });

  it("reads a time without an offset as UTC, whatever the machine's time zone, and refuses a date that does not exist", async () => {
    for (const TZ of ['America/New_York', 'Asia/Tokyo', 'UTC']) {
      const q = async (...args: string[]) =>
        (await stint(['audit', 'query', 'a.jsonl', 'b.jsonl', '--json', ...args], { ...process.env, TZ })).stdout;
      expect(ids(await q('--since', '2026-12-04T10:04:00', '--until', '2026-12-04T11:30')), TZ).toEqual(['r3', 'r4']);
      expect(ids(await q('--since', '2026-12-04 10:04', '--until', '2026-12-04 11:30')), TZ).toEqual(['r3', 'r4']);
      expect(ids(await q('--since', '2026-12-04T10:04:00Z', '--until', '2026-12-04T11:30:00.000z')), TZ).toEqual([
        'r3',
        'r4',
      ]);
      // The same instants in other zones.
      expect(ids(await q('--since', '2026-12-04T05:04:00-05:00', '--until', '2026-12-04T20:30:00+0900')), TZ).toEqual([
        'r3',
        'r4',
      ]);
      expect(await q('--since', '2026-12-05')).toBe('');
      expect(ids(await q('--until', '2026-12-04T10:02:00.001')), TZ).toEqual(['r1', 'r2']);
    }
    for (const [value, why] of [
      ['2026-02-31', "--since '2026-02-31' is not a real time: 2026-02 has 28 days"],
      ['2026-04-31T10:00', "--since '2026-04-31T10:00' is not a real time: 2026-04 has 30 days"],
      ['2026-13-01', "--since '2026-13-01' is not a real time: there is no month 13"],
      ['2026-12-04T24:00', "--since '2026-12-04T24:00' is not a real time: hours go to 23"],
      [
        '2026-12-04T10:60:00Z',
        "--since '2026-12-04T10:60:00Z' is not a real time: hours go to 23, minutes and seconds to 59",
      ],
      ['2026-12-04T10:00+24:00', "--since '2026-12-04T10:00+24:00' is not a real time: an offset's hours go to 23"],
      [
        '2026-12-4',
        "--since must be a UTC date or time (2026-12-04, 2026-12-04T10:00:00Z), a time with its offset (2026-12-04T11:00:00+01:00) or a duration ago (24h, 7d), got '2026-12-4'",
      ],
      ['Dec 4 2026', "got 'Dec 4 2026'"],
    ]) {
      const refused = await stint(['audit', 'query', 'a.jsonl', '--since', value!]);
      expect(refused.code, value).toBe(2);
      expect(refused.stderr, value).toContain(why);
      expect(refused.stdout).toBe('');
    }
    expect((await stint(['audit', 'query', 'a.jsonl', '--since', '2024-02-29', '--json'])).code).toBe(0);
    expect((await stint(['audit', 'query', 'a.jsonl', '--since', '2026-02-29'])).stderr).toContain(
      '2026-02 has 28 days',
    );
    expect((await stint(['audit', 'query', '--help'])).stdout).toContain(
      'a time\n                     without an offset is UTC',
    );
  });

  it('writes a line break or tab inside a value as \\n or \\t, so each event stays on its row of the table', async () => {
    await writeLog('multi.jsonl', [
      [
        '2026-12-04T10:00:00.000Z',
        {
          event: 'config_reload_failed',
          request_id: null,
          outcome: 'error',
          code: 'ERR_CONFIG_INVALID',
          reason: 'stint.yml: projects.warehouse.ttl: not a duration\nstint.yml: projects.docs:\tunknown key',
        },
      ],
      [
        '2026-12-04T10:01:00.000Z',
        { event: 'token_issued', request_id: 'r1', outcome: 'success', project: 'warehouse' },
      ],
    ]);
    const table = await stint(['audit', 'query', 'multi.jsonl']);
    expect(table.code).toBe(0);
    expect(table.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^TIME +INSTANCE +EVENT +OUTCOME +PROJECT +SUBJECT +SCOPE \/ REASON$/),
      expect.stringMatching(
        /^2026-12-04T10:00:00\.000Z {2}- {9}config_reload_failed {2}error {4}- +- +ERR_CONFIG_INVALID stint\.yml: projects\.warehouse\.ttl: not a duration\\nstint\.yml: projects\.docs:\\tunknown key$/,
      ),
      expect.stringMatching(/^2026-12-04T10:01:00\.000Z {2}- {9}token_issued {10}success {2}warehouse {2}- +-$/),
      '2 events matched in 1 file',
    ]);
    // --json keeps the value as it is in the log.
    const json = await stint(['audit', 'query', 'multi.jsonl', '--json', '--event', 'config_reload_failed']);
    expect(JSON.parse(json.stdout).reason).toBe(
      'stint.yml: projects.warehouse.ttl: not a duration\nstint.yml: projects.docs:\tunknown key',
    );
  });

  it('prints a table of 200,000 events (a spread of that many widths overflowed the stack)', {
    timeout: 300_000,
  }, async () => {
    const events = 200_000;
    const log = await openAuditLog(join(dir, 'big.jsonl'), { now: () => Date.parse('2026-12-04T09:00:00.000Z') });
    for (let from = 0; from < events; from += 10_000)
      await Promise.all(
        Array.from({ length: 10_000 }, (_, i) =>
          log.append({
            event: 'exchange_denied',
            request_id: `q${from + i}`,
            outcome: 'denied',
            code: 'ERR_POLICY_DENIED',
            reason: `no trust rule matched ${from + i}`,
            project: 'warehouse',
            subject: MAIN,
          }),
        ),
      );
    await log.close();
    // Its stdout to a file: tens of MB.
    const out = join(dir, 'big.out');
    const fd = openSync(out, 'w');
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [CLI, 'audit', 'query', 'big.jsonl'], {
        cwd: dir,
        stdio: ['ignore', fd, 'pipe'],
      });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('close', (code) => done({ code, stderr }));
    });
    closeSync(fd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(events + 2);
    expect(lines[0]).toMatch(/^TIME +INSTANCE +EVENT +OUTCOME +PROJECT +SUBJECT +SCOPE \/ REASON$/);
    // Every row is padded to the widest cell of its column: the reason starts at one column.
    const column = lines[0]!.indexOf('SCOPE / REASON');
    expect(lines[1]!.indexOf('ERR_POLICY_DENIED no trust rule matched 0')).toBe(column);
    expect(lines[events]!.indexOf(`ERR_POLICY_DENIED no trust rule matched ${events - 1}`)).toBe(column);
    expect(lines.at(-1)).toBe(`${events} events matched in 1 file`);
  });
});
