import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';

// Runs the BUILT CLI (`npm run build -- cli`) as an operator would.
const cli = resolve('dist/cli/index.js');
let dir: string;
let original: Buffer;

function stint(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: dir }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Byte offset where line `n` (1-based) starts. */
function lineStart(bytes: Buffer, n: number): number {
  let at = 0;
  for (let i = 1; i < n; i++) at = bytes.indexOf(0x0a, at) + 1;
  return at;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stint-audit-cli-'));
  const log = await openAuditLog(join(dir, 'audit.jsonl'));
  for (let i = 1; i <= 5; i++) {
    await log.append({ event: 'token_issued', request_id: `req-${i}`, outcome: 'success', reason: 'granted', project: 'warehouse', jti: `jti-${i}` });
  }
  await log.close();
  original = await readFile(join(dir, 'audit.jsonl'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stint audit verify', () => {
  it('names the first bad line after a flipped byte, a deleted line, swapped lines and a truncation', async () => {
    const lines = original.toString('utf8').trimEnd().split('\n');
    const flipped = Buffer.from(original);
    const at = lineStart(flipped, 3) + 40;
    flipped[at] = flipped[at]! ^ 0x01;
    const cases: Array<[string, Buffer | string, number]> = [
      ['flipped.jsonl', flipped, 3],
      ['deleted.jsonl', `${[lines[0], lines[2], lines[3], lines[4]].join('\n')}\n`, 2],
      ['swapped.jsonl', `${[lines[0], lines[1], lines[3], lines[2], lines[4]].join('\n')}\n`, 3],
      ['truncated.jsonl', original.subarray(0, lineStart(original, 4) + 25), 4],
    ];
    await Promise.all(cases.map(([name, content]) => writeFile(join(dir, name), content)));
    const results = await Promise.all(cases.map(([name]) => stint(['audit', 'verify', name])));
    results.forEach((result, i) => {
      const [name, , line] = cases[i]!;
      expect(result.code, name).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr, name).toMatch(new RegExp(`^audit log ${name.replace('.', '\\.')}: line ${line}: \\S`));
    });
  });

  it('exits 0 with the count for an intact log, with --json too', async () => {
    const [human, json, badJson] = await Promise.all([
      stint(['audit', 'verify', 'audit.jsonl']),
      stint(['audit', 'verify', 'audit.jsonl', '--json']),
      writeFile(join(dir, 'swapped2.jsonl'), original.subarray(lineStart(original, 2))).then(() => stint(['audit', 'verify', '--json', 'swapped2.jsonl'])),
    ]);
    expect(human).toEqual({ code: 0, stdout: 'audit log audit.jsonl: 5 lines, hash chain intact\n', stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, lines: 5 });
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout)).toMatchObject({ ok: false, line: 1 });
  });

  it('exits 1 for a missing file and 2 without a FILE or with an unknown subcommand', async () => {
    const [missing, none, unknown, help] = await Promise.all([
      stint(['audit', 'verify', 'nope.jsonl']),
      stint(['audit', 'verify']),
      stint(['audit', 'check', 'audit.jsonl']),
      stint(['audit', '--help']),
    ]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read audit log') });
    expect(none.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('stint audit verify FILE') });
  });
});
