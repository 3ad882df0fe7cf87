import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { type CliRun, runCli } from '../helpers/cli.js';

// `stint audit query` through the BUILT CLI, over logs written by the broker's own audit writer.
let dir: string;

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir });
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
    expect(lines[0]).toMatch(/^TIME +EVENT +OUTCOME +PROJECT +SUBJECT +SCOPE \/ REASON$/u);
    expect(lines[1]).toMatch(
      /^2026-12-04T10:05:00\.000Z {2}exchange_denied {2}denied +warehouse {2}repo:acme\/warehouse:ref:refs\/heads\/feature\/x {2}ERR_POLICY_DENIED no trust rule matched$/u,
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
});
