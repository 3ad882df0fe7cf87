import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { type CliRun, runCli } from '../helpers/cli.js';

// Runs the BUILT CLI (`npm run build -- cli`) as an operator would.
let dir: string;
let original: Buffer;

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir });
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
    await log.append({
      event: 'token_issued',
      request_id: `req-${i}`,
      outcome: 'success',
      reason: 'granted',
      project: 'warehouse',
      jti: `jti-${i}`,
    });
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

  it('refuses a line edited by adding a repeated member (two outcome keys) that leaves its hash matching', async () => {
    const lines = original.toString('utf8').trimEnd().split('\n');
    // JSON.parse keeps the last "outcome", so the hash still matches; a first-wins reader sees "denied".
    const edited = lines[2]!.replace('"outcome":"success"', '"outcome":"denied","outcome":"success"');
    const escaped = lines[2]!.replace('"outcome":"success"', '"\\u006futcome":"denied","outcome":"success"');
    expect(edited).not.toBe(lines[2]);
    await writeFile(join(dir, 'repeated.jsonl'), `${[...lines.slice(0, 2), edited, ...lines.slice(3)].join('\n')}\n`);
    await writeFile(join(dir, 'repeated2.jsonl'), `${[...lines.slice(0, 2), escaped, ...lines.slice(3)].join('\n')}\n`);
    const [human, json, spelled] = await Promise.all([
      stint(['audit', 'verify', 'repeated.jsonl']),
      stint(['audit', 'verify', 'repeated.jsonl', '--json']),
      stint(['audit', 'verify', 'repeated2.jsonl']),
    ]);
    expect(human).toEqual({
      code: 1,
      stdout: '',
      stderr: 'audit log repeated.jsonl: line 3: repeats the member "outcome": the line was edited\n',
    });
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      line: 3,
      reason: 'repeats the member "outcome": the line was edited',
    });
    expect(spelled).toMatchObject({ code: 1, stderr: expect.stringContaining('line 3: repeats the member "outcome"') });
  });

  it('exits 0 with the count for an intact log, with --json too', async () => {
    const [human, json, badJson] = await Promise.all([
      stint(['audit', 'verify', 'audit.jsonl']),
      stint(['audit', 'verify', 'audit.jsonl', '--json']),
      writeFile(join(dir, 'swapped2.jsonl'), original.subarray(lineStart(original, 2))).then(() =>
        stint(['audit', 'verify', '--json', 'swapped2.jsonl']),
      ),
    ]);
    const lastHash = (JSON.parse(original.toString('utf8').trimEnd().split('\n')[4]!) as { hash: string }).hash;
    expect(human).toEqual({
      code: 0,
      stdout: `audit log audit.jsonl: 5 lines, hash chain intact; anchor 5:${lastHash}\n`,
      stderr: '',
    });
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, lines: 5, last: { seq: 5, hash: lastHash } });
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout)).toMatchObject({ ok: false, line: 1 });
  });

  it('checks the log against an anchor kept from an earlier run: catches lines cut off the end and a rewritten chain', async () => {
    const lines = original.toString('utf8').trimEnd().split('\n');
    const hashOf = (n: number) => (JSON.parse(lines[n - 1]!) as { hash: string }).hash;
    // Rewrite the chain from line 1 with one line left out: it verifies on its own, but not against the anchor.
    const rewritten = await openAuditLog(join(dir, 'rewritten.jsonl'));
    for (let i = 1; i <= 5; i++) {
      if (i !== 2)
        await rewritten.append({
          event: 'token_issued',
          request_id: `req-${i}`,
          outcome: 'success',
          reason: 'granted',
          project: 'warehouse',
          jti: `jti-${i}`,
        });
    }
    await rewritten.append({ event: 'token_issued', request_id: 'req-6', outcome: 'success' });
    await rewritten.close();
    await writeFile(join(dir, 'cut.jsonl'), `${lines.slice(0, 3).join('\n')}\n`);

    const [same, older, short, cut, rewrittenLog, rewrittenJson] = await Promise.all([
      stint(['audit', 'verify', 'audit.jsonl', '--anchor', `5:${hashOf(5)}`]),
      stint(['audit', 'verify', 'audit.jsonl', '--anchor', `2:${hashOf(2).slice(0, 16)}`]),
      stint(['audit', 'verify', 'rewritten.jsonl']),
      stint(['audit', 'verify', 'cut.jsonl', '--anchor', `5:${hashOf(5)}`]),
      stint(['audit', 'verify', 'rewritten.jsonl', '--anchor', `5:${hashOf(5)}`]),
      stint(['audit', 'verify', 'rewritten.jsonl', '--anchor', `5:${hashOf(5)}`, '--json']),
    ]);
    expect(same).toMatchObject({ code: 0, stdout: expect.stringContaining(', line 5 matches the anchor; anchor 5:') });
    expect(older).toMatchObject({ code: 0, stdout: expect.stringContaining(', line 2 matches the anchor; anchor 5:') });
    expect(short.code).toBe(0);
    expect(cut).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'audit log cut.jsonl: line 4: is missing: the log ends at line 3 but the anchor names line 5; lines were cut off the end\n',
    });
    expect(rewrittenLog).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^audit log rewritten\.jsonl: line 5: has hash [0-9a-f]{16}…, not the anchor's [0-9a-f]{16}…: the chain was rewritten up to here, or this is another log\n$/,
      ),
    });
    expect(JSON.parse(rewrittenJson.stdout)).toMatchObject({ ok: false, line: 5 });
  });

  it('refuses a malformed --anchor with exit 2, saying what it should look like', async () => {
    const results = await Promise.all(
      ['5', '5:xyz', '0:0123456789abcdef', '5:0123456789ABCDEF', '5:0123456789abcde'].map((anchor) =>
        stint(['audit', 'verify', 'audit.jsonl', '--anchor', anchor]),
      ),
    );
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'is not SEQ:HASH (a line number, a colon, and 16 to 64 lowercase hex digits of its hash)',
      );
    }
  });

  it('reads a gzip-compressed rotated file (logrotate `compress`) in a series with plain ones, and says when a .gz is cut short', async () => {
    const file = join(dir, 'rot.jsonl');
    const log = await openAuditLog(file);
    const event = (i: number) => ({ event: 'token_issued', request_id: `gz-${i}`, outcome: 'success' as const });
    await log.append(event(1));
    await log.append(event(2));
    await rename(file, `${file}.1`);
    await log.append(event(3));
    await log.close();
    const packed = gzipSync(await readFile(`${file}.1`));
    await writeFile(`${file}.1.gz`, packed);
    await writeFile(join(dir, 'cut.jsonl.gz'), packed.subarray(0, packed.length - 10));
    const [series, json, query, cut, queryCut] = await Promise.all([
      stint(['audit', 'verify', 'rot.jsonl.1.gz', 'rot.jsonl']),
      stint(['audit', 'verify', 'rot.jsonl.1.gz', '--json']),
      stint(['audit', 'query', 'rot.jsonl.1.gz', 'rot.jsonl', '--json']),
      stint(['audit', 'verify', 'cut.jsonl.gz']),
      stint(['audit', 'query', 'cut.jsonl.gz']),
    ]);
    expect(series.stderr).toBe('');
    expect(series.code).toBe(0);
    expect(series.stdout).toContain('3 lines, hash chain intact across 2 files');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, lines: 2, last: { seq: 2 } });
    expect(query.code).toBe(0);
    expect(query.stdout.trimEnd().split('\n')).toHaveLength(3);
    for (const run of [cut, queryCut]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /cannot read audit log \S*cut\.jsonl\.gz: Z_BUF_ERROR \(a gzip-compressed file that was cut short/,
      );
      expect(run.stderr).not.toContain('not valid JSON');
    }
  });

  it('exits 1 for a missing file and 2 without a FILE or with an unknown subcommand', async () => {
    const [missing, none, unknown, help] = await Promise.all([
      stint(['audit', 'verify', 'nope.jsonl']),
      stint(['audit', 'verify']),
      stint(['audit', 'check', 'audit.jsonl']),
      stint(['audit', '--help']),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read audit log \S*nope\.jsonl: ENOENT \(no such file; give the path/);
    expect(missing.stderr.split('nope.jsonl')).toHaveLength(2);
    expect(none.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('stint audit verify FILE') });
  });
});
