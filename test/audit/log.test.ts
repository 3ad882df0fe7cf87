import { createHash } from 'node:crypto';
import {
  appendFile,
  copyFile,
  mkdtemp,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  truncate,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/events.js';
import { openAuditLog, verifyAuditLog } from '../../src/audit/log.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { sortedJson } from '../helpers/sorted-json.js';

let root: string;
let counter = 0;
const freshFile = () => join(root, `d${++counter}`, 'audit.jsonl');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stint-audit-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const event = (n: number): AuditEvent => ({
  event: 'token_issued',
  request_id: `req-${n}`,
  outcome: 'success',
  reason: 'granted by rule 0',
  project: 'warehouse',
  subject: 'repo:acme/warehouse:ref:refs/heads/main',
  jti: `jti-${n}`,
  fingerprint: `sha256:${'ab'.repeat(32)}`,
  flags: ['environment_unpinned'],
  expires_at: 1_800_000_000 + n,
});

async function writeLog(lines: number): Promise<string> {
  const file = freshFile();
  const log = await openAuditLog(file, { now: () => Date.parse('2026-05-01T00:00:00Z') });
  for (let i = 1; i <= lines; i++) await log.append(event(i));
  await log.close();
  return file;
}

const readLines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');

describe('openAuditLog', () => {
  it('writes a 0600 hash chain: seq from 1, prev of line 1 is 64 zeros, hash = sha256(prev \\n canonical line)', async () => {
    const file = await writeLog(3);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const lines = await readLines(file);
    expect(lines).toHaveLength(3);
    let prev = '0'.repeat(64);
    lines.forEach((line, index) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record).slice(0, 6)).toEqual(['seq', 'ts', 'event', 'request_id', 'outcome', 'reason']);
      expect(Object.keys(record).slice(-2)).toEqual(['prev', 'hash']);
      expect(record).toMatchObject({ seq: index + 1, ts: '2026-05-01T00:00:00.000Z', prev, jti: `jti-${index + 1}` });
      const { prev: p, hash, ...content } = record;
      expect(hash).toBe(
        createHash('sha256')
          .update(`${String(p)}\n${sortedJson(content)}`)
          .digest('hex'),
      );
      prev = hash as string;
    });
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 3 });
  });

  it('resumes the chain after a reopen', async () => {
    const file = await writeLog(2);
    const log = await openAuditLog(file);
    expect(await log.append(event(3))).toMatchObject({ seq: 3 });
    await log.close();
    const lines = await readLines(file);
    expect(JSON.parse(lines[2]!).prev).toBe(JSON.parse(lines[1]!).hash);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 3 });
  });

  it('serialises concurrent appends into one unbroken chain', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(event(i))));
    await log.close();
    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 50 });
  });

  it('keeps one chain when two processes (a broker and the CLI) append to the same file', async () => {
    const file = freshFile();
    const broker = await openAuditLog(file);
    const cli = await openAuditLog(file);
    await broker.append(event(1));
    await cli.append(event(2));
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => broker.append(event(i))),
      ...Array.from({ length: 20 }, (_, i) => cli.append(event(i))),
    ]);
    await broker.append(event(99));
    await Promise.all([broker.close(), cli.close()]);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 43 });
  });

  const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  it.each<[string, AuditEvent]>([
    ['a JWT in reason', { event: 'exchange_denied', outcome: 'denied', reason: `bad token ${jwt}` }],
    ['a JWT nested in a list', { event: 'exchange_denied', outcome: 'denied', extra: { tokens: [jwt] } }],
    ['a stint API key', { event: 'apikey_created', outcome: 'success', note: 'stint_sk_abc123_secretsecret' }],
    ['a private key', { event: 'key_rotated', outcome: 'success', pem: '-----BEGIN PRIVATE KEY-----\nMC4C' }],
    ['a field named token', { event: 'token_revoked', outcome: 'success', token: 'opaque' }],
  ])(
    'refuses %s (ERR_AUDIT_SECRET) without writing or printing it, records that it withheld an event, and goes on',
    async (_name, bad) => {
      const file = await writeLog(1);
      const log = await openAuditLog(file);
      const failure = await log.append(bad).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'ERR_AUDIT_SECRET' });
      expectNoSecret((failure as Error).message, jwt, 'the JWT');
      expectNoSecret((failure as Error).message, 'secretsecret', "the API key's secret");
      await log.append(event(2));
      await log.close();
      const text = await readFile(file, 'utf8');
      expect(text).not.toMatch(/eyJ|stint_sk_|PRIVATE KEY|opaque/);
      expect(JSON.parse(text.split('\n')[1]!)).toMatchObject({
        seq: 2,
        event: bad.event,
        code: 'ERR_AUDIT_SECRET',
        reason: expect.stringMatching(/^event withheld: refusing to write audit field /),
      });
      expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 3 });
    },
  );

  it('accepts text that only starts like a JWT, such as a branch name', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    await log.append({
      event: 'token_issued',
      outcome: 'success',
      ref: 'refs/heads/eyJust.a.branch',
      note: 'eyJhbGciOiJFZERTQSJ9',
    });
    await log.close();
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 1 });
  });

  it('hashes what a reader parses back, whatever JavaScript values the caller passed', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    await log.append({
      event: 'token_issued',
      outcome: 'success',
      when: new Date(0),
      odd: Number.NaN,
      list: [1, undefined],
    } as unknown as AuditEvent);
    await log.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      when: '1970-01-01T00:00:00.000Z',
      odd: null,
      list: [1, null],
    });
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 1 });
  });

  it('writes each string as JSON.stringify does, escaped or not, and hashes what a reader parses back', async () => {
    // Plain ASCII is written between quotes as it is; everything else goes through JSON.stringify.
    const strings = [
      '',
      ' !#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}~',
      'say "hi"',
      'back\\slash',
      'tab\there, newline\nhere, NUL\u0000, DEL\u007f',
      'é ü 漢字 😀',
      'lone \ud800 surrogate',
      '\u2028\u2029',
    ];
    const file = freshFile();
    const log = await openAuditLog(file);
    await log.append({
      event: 'token_issued',
      outcome: 'success',
      reason: strings[2]!,
      strings,
      ...Object.fromEntries(strings.map((s, i) => [`s${i}`, s])),
    });
    await log.close();
    const line = (await readLines(file))[0]!;
    for (const [i, s] of strings.entries()) expect(line).toContain(`"s${i}":${JSON.stringify(s)}`);
    expect(line).toContain(`"reason":${JSON.stringify(strings[2])}`);
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(strings.map((_, i) => record[`s${i}`])).toEqual(strings.map((s) => JSON.parse(JSON.stringify(s))));
    const { prev, hash, ...content } = record;
    expect(hash).toBe(
      createHash('sha256')
        .update(`${String(prev)}\n${sortedJson(content)}`)
        .digest('hex'),
    );
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 1 });
  });
  it('follows the path when the file is moved aside or removed: the next file continues the chain of the one before', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    await log.append(event(1));
    const second = await log.append(event(2));
    await rename(file, `${file}.1`);
    const third = await log.append(event(3));
    expect(third).toMatchObject({ seq: 3 });
    await unlink(file);
    expect(await log.append(event(4))).toMatchObject({ seq: 4 });
    await log.append(event(5));
    await Promise.all([log.close(), log.close()]);
    expect(await verifyAuditLog(`${file}.1`)).toMatchObject({ ok: true, lines: 2 });
    // The file that held line 3 is gone: the current file alone needs that line's anchor.
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 1 });
    expect(await verifyAuditLog(file, { after: third })).toMatchObject({ ok: true, lines: 2, last: { seq: 5 } });
    expect(await verifyAuditLog([`${file}.1`, file])).toMatchObject({ ok: false, line: 1, file });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(second.seq).toBe(2);
  });

  it('continues from the last line written, even when the file moved away was then damaged at its end', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    const first = await log.append(event(1));
    await rename(file, `${file}.1`);
    await appendFile(`${file}.1`, '{"seq":2,"cut');
    expect(await log.append(event(2))).toMatchObject({ seq: 2 });
    await log.close();
    expect(await verifyAuditLog(file, { after: first })).toMatchObject({ ok: true, lines: 1 });
    // The damage is in the old file, where verify names it.
    expect(await verifyAuditLog([`${file}.1`, file])).toMatchObject({ ok: false, line: 2, file: `${file}.1` });
  });

  it('every writer continues the one chain after copytruncate, whoever wrote the last line before it', async () => {
    const file = freshFile();
    const broker = await openAuditLog(file);
    const cli = await openAuditLog(file);
    await broker.append(event(1));
    const last = await cli.append(event(2));
    await copyFile(file, `${file}.1`);
    await truncate(file, 0);
    expect(await broker.append(event(3))).toMatchObject({ seq: 3 });
    expect(await cli.append(event(4))).toMatchObject({ seq: 4 });
    await Promise.all([broker.close(), cli.close()]);
    expect(await verifyAuditLog([`${file}.1`, file])).toMatchObject({ ok: true, lines: 4 });
    expect(JSON.parse((await readLines(file))[0]!).prev).toBe(last.hash);
  });

  it('a writer opened after a rotation (a restarted broker) continues the chain; removing <file>.chain too begins anew', async () => {
    const file = await writeLog(2);
    await rename(file, `${file}.1`);
    const reopened = await openAuditLog(file);
    expect(await reopened.append(event(3))).toMatchObject({ seq: 3 });
    await reopened.close();
    expect(await verifyAuditLog([`${file}.1`, file])).toMatchObject({ ok: true, lines: 3 });
    expect((await readFile(`${file}.chain`, 'utf8')).trimEnd()).toBe(
      `3:${JSON.parse((await readLines(file))[0]!).hash}`,
    );
    expect((await stat(`${file}.chain`)).mode & 0o777).toBe(0o600);
    await rename(file, `${file}.2`);
    await rename(`${file}.chain`, `${file}.chain.2`);
    const fresh = await openAuditLog(file);
    expect(await fresh.append(event(4))).toMatchObject({ seq: 1 });
    await fresh.close();
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 1 });
  });

  it('never writes <file>.chain through a symlink planted at that name', async () => {
    const file = await writeLog(1);
    const target = join(root, `target-${counter}`);
    await writeFile(target, 'untouched\n');
    await unlink(`${file}.chain`);
    await symlink(target, `${file}.chain`);
    await expect(openAuditLog(file)).rejects.toMatchObject({ code: 'ERR_PATH_INSECURE' });
    expect(await readFile(target, 'utf8')).toBe('untouched\n');
  });

  it('hashes events of many shapes as their lines read back: member names past the ones kept, one name set in two orders', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    // More distinct member names than the encoder keeps (1024), so later events meet names it
    // does not keep; and the same names in two orders, whose sorted order must not be mixed up.
    for (let i = 0; i < 1100; i += 25) {
      const names = Array.from({ length: 25 }, (_, k) => `f${String(i + k).padStart(4, '0')}`);
      const members = names.map((name, k): [string, string | number] => [name, k % 2 === 0 ? `v${k}` : k]);
      await log.append({ event: 'token_issued', outcome: 'success', ...Object.fromEntries(members) });
      await log.append({ event: 'token_issued', outcome: 'success', ...Object.fromEntries(members.reverse()) });
    }
    await log.append({ event: 'token_issued', outcome: 'success', zeta: 1, alpha: 2 });
    await log.append({ event: 'token_issued', outcome: 'success', alpha: 2, zeta: 1 });
    // A field named like a secret is refused as well when its name is not kept.
    await expect(log.append({ event: 'token_issued', outcome: 'success', Client_Secret: 'x' })).rejects.toMatchObject({
      code: 'ERR_AUDIT_SECRET',
    });
    await log.close();
    const lines = await readLines(file);
    for (const line of lines) {
      const { prev, hash, ...content } = JSON.parse(line) as Record<string, unknown>;
      expect(hash).toBe(
        createHash('sha256')
          .update(`${String(prev)}\n${sortedJson(content)}`)
          .digest('hex'),
      );
    }
    expect(lines.at(-3)).toContain('"zeta":1,"alpha":2,"prev"');
    expect(lines.at(-2)).toContain('"alpha":2,"zeta":1,"prev"');
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: lines.length });
  });

  it('refuses an event that sets the chain fields itself', async () => {
    const log = await openAuditLog(freshFile());
    await expect(log.append({ ...event(1), seq: 7 } as AuditEvent)).rejects.toMatchObject({ code: 'ERR_AUDIT_VALUE' });
    await log.close();
  });

  it('refuses to reopen a log whose last line was cut short (ERR_AUDIT_CORRUPT)', async () => {
    const file = await writeLog(2);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, -20));
    await expect(openAuditLog(file)).rejects.toMatchObject({ code: 'ERR_AUDIT_CORRUPT' });
  });
});

describe('verifyAuditLog', () => {
  const tampered = async (edit: (lines: string[]) => string): Promise<Awaited<ReturnType<typeof verifyAuditLog>>> => {
    const file = await writeLog(5);
    await writeFile(file, edit(await readLines(file)));
    return verifyAuditLog(file);
  };
  const asFile = (lines: string[]) => `${lines.join('\n')}\n`;

  it('accepts an empty log', async () => {
    const file = freshFile();
    await (await openAuditLog(file)).close();
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 0 });
  });

  it('names an edited line', async () => {
    const result = await tampered((l) => asFile(l.map((line, i) => (i === 2 ? line.replace('jti-3', 'jti-9') : line))));
    expect(result).toEqual({ ok: false, line: 3, reason: 'does not match its hash: the line was edited' });
  });

  it('names a line with a flipped byte in its hash', async () => {
    const result = await tampered((l) =>
      asFile(
        l.map((line, i) =>
          i === 1 ? line.replace(/"hash":"(.)/, (_m, c: string) => `"hash":"${c === 'a' ? 'b' : 'a'}`) : line,
        ),
      ),
    );
    expect(result).toMatchObject({ ok: false, line: 2 });
  });

  it('names the line after a removed one', async () => {
    const result = await tampered((l) => asFile(l.filter((_, i) => i !== 1)));
    expect(result).toEqual({
      ok: false,
      line: 2,
      reason: 'has seq 3, expected 2: a line was removed, inserted or reordered',
    });
  });

  it('names the first of two swapped lines', async () => {
    const result = await tampered((l) => asFile([l[0]!, l[2]!, l[1]!, l[3]!, l[4]!]));
    expect(result).toMatchObject({ ok: false, line: 2 });
  });

  it('names a removed line even when the seq numbers were rewritten to hide it', async () => {
    const result = await tampered((l) =>
      asFile(l.filter((_, i) => i !== 1).map((line, i) => line.replace(/^\{"seq":\d+/, `{"seq":${i + 1}`))),
    );
    expect(result).toMatchObject({ ok: false, line: 2 });
    expect((result as { reason: string }).reason).toContain('prev');
  });

  it('names a line that is not JSON, an empty line, and a line cut short', async () => {
    expect(await tampered((l) => asFile(l.map((line, i) => (i === 3 ? '{not json' : line))))).toEqual({
      ok: false,
      line: 4,
      reason: 'is not valid JSON',
    });
    expect(await tampered((l) => asFile([l[0]!, '', ...l.slice(1)]))).toEqual({
      ok: false,
      line: 2,
      reason: 'is empty',
    });
    expect(await tampered((l) => asFile(l).slice(0, -30))).toEqual({ ok: false, line: 5, reason: 'is not valid JSON' });
    expect(await tampered((l) => asFile(l).slice(0, -1))).toEqual({
      ok: false,
      line: 5,
      reason: 'has no newline at the end: the file was cut short',
    });
  });

  it('throws ERR_AUDIT_READ for a missing file', async () => {
    await expect(verifyAuditLog(join(root, 'nope.jsonl'))).rejects.toMatchObject({ code: 'ERR_AUDIT_READ' });
  });
});
