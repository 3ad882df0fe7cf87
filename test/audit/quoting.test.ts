import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/events.js';
import { openAuditLog, verifyAuditLog } from '../../src/audit/log.js';
import { appendAudit, stampInstance } from '../../src/broker/audit-append.js';
import { stampClientAddress } from '../../src/broker/request-scope.js';
import { sortedJson } from '../helpers/sorted-json.js';

/**
 * The broker's events quote what callers sent (claims, a bad `aud`): appendAudit writes a
 * secret-looking field as a note and cuts long text instead of refusing the event, in the one
 * pass the log makes over each event (issue 18), and stamps the instance and client address.
 */
let root: string;
let counter = 0;
const freshFile = () => join(root, `d${++counter}`, 'audit.jsonl');
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stint-audit-quoting-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const apiKey = `stint_sk_0123456789abcdef_${'A'.repeat(43)}`;
const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA';
const note = '[withheld: the value looked like a secret]';
const part = '[withheld secret]';

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => ({ text: l, record: JSON.parse(l) as Record<string, unknown> }));

describe('appendAudit (the log quoting what a caller sent)', () => {
  it('writes each secret-looking field as a note, cuts long text, keeps the rest, and the line hashes as a reader parses it', async () => {
    const file = freshFile();
    const log = stampInstance(await openAuditLog(file, { now: () => Date.parse('2026-05-01T00:00:00Z') }), 'b1');
    await appendAudit(stampClientAddress(log, '203.0.113.9'), {
      event: 'exchange_denied',
      request_id: 'req-1',
      outcome: 'denied',
      reason: `audience ${jwt} is not this broker`,
      aud: ['https://a.example', jwt],
      claims: { sub: 'x', nested: { secret: 'hunter2' } },
      note: apiKey,
      pem,
      long: 'y'.repeat(600),
      rules: [0, 3],
      when: new Date(0) as unknown as string,
      odd: Number.NaN,
      zeta: 'last',
      'A key': 'sorts first',
    });
    await log.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/eyJ|stint_sk_|PRIVATE KEY|hunter2/);
    const { text: line, record } = (await lines(file))[0]!;
    expect(
      line.startsWith(
        '{"seq":1,"ts":"2026-05-01T00:00:00.000Z","event":"exchange_denied","request_id":"req-1","outcome":"denied","reason":',
      ),
    ).toBe(true);
    expect(record).toMatchObject({
      reason: `audience ${part} is not this broker`,
      aud: note,
      claims: note,
      note,
      pem: note,
      long: `${'y'.repeat(512)}…[cut]`,
      rules: [0, 3],
      when: '1970-01-01T00:00:00.000Z',
      odd: null,
      client_address: '203.0.113.9',
      instance: 'b1',
    });
    const { prev, hash, ...content } = record;
    expect(hash).toBe(
      createHash('sha256')
        .update(`${prev}\n${sortedJson(content)}`)
        .digest('hex'),
    );
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 1 });
  });

  it('withholds only a token written plainly in a subject or ref, so queries on the rest still find it; anything else that looks secret goes whole', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    const encodedKey = Buffer.from(apiKey).toString('base64');
    await appendAudit(log, {
      event: 'token_issued',
      outcome: 'success',
      subject: `repo:acme/warehouse:ref:refs/heads/${jwt}`,
      ref: `refs/heads/${jwt}`,
      head_ref: `feature/${apiKey}-fix`,
      // A plain token beside an encoded key, and a private key: cutting the token out is not enough.
      base_ref: `${jwt} ${encodedKey}`,
      job_workflow_ref: `acme/ci/.github/workflows/x.yml@refs/heads/${pem}`,
      claims: { [jwt]: 'a token as a member name' },
    });
    await log.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/eyJ|stint_sk_|PRIVATE KEY/);
    expect(text).not.toContain(encodedKey.slice(0, 24));
    expect((await lines(file))[0]!.record).toMatchObject({
      subject: `repo:acme/warehouse:ref:refs/heads/${part}`,
      ref: `refs/heads/${part}`,
      // The key runs on through `-fix` (key characters): all of it goes.
      head_ref: `feature/${part}`,
      base_ref: note,
      job_workflow_ref: note,
      claims: note,
    });
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 1 });
  });

  it('still refuses an event with a field named like a secret, and records that it withheld one', async () => {
    const file = freshFile();
    const log = stampInstance(await openAuditLog(file), 'b1');
    const failure = await appendAudit(log, {
      event: 'token_revoked',
      request_id: 'req-2',
      outcome: 'success',
      token: 'opaque',
    } as AuditEvent).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'ERR_AUDIT_SECRET' });
    await appendAudit(log, {
      event: 'token_revoked',
      request_id: jwt,
      outcome: 'success',
      Client_Secret: 'opaque',
    }).catch(() => undefined);
    await log.close();
    expect(await readFile(file, 'utf8')).not.toMatch(/opaque|eyJ/);
    expect((await lines(file)).map((l) => l.record)).toMatchObject([
      { seq: 1, event: 'token_revoked', request_id: 'req-2', outcome: 'success', code: 'ERR_AUDIT_SECRET' },
      { seq: 2, event: 'token_revoked', request_id: note, code: 'ERR_AUDIT_SECRET' },
    ]);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 2 });
  });

  it('takes the client address from the request served unless the event names one, and stamps the instance over the event’s own', async () => {
    const file = freshFile();
    const log = stampInstance(await openAuditLog(file), 'b1');
    const served = stampClientAddress(log, '198.51.100.7');
    await appendAudit(served, { event: 'a', outcome: 'success' });
    await appendAudit(served, { event: 'b', outcome: 'success', client_address: '192.0.2.1', instance: 'spoofed' });
    await appendAudit(log, { event: 'c', outcome: 'success' });
    await log.close();
    const records = (await lines(file)).map((l) => l.record);
    expect(records.map((r) => [r.event, r.client_address, r.instance])).toEqual([
      ['a', '198.51.100.7', 'b1'],
      ['b', '192.0.2.1', 'b1'],
      ['c', undefined, 'b1'],
    ]);
    // The request's address, then the instance: after the event's own fields, in that order.
    expect(
      (await lines(file)).map((l) => l.text.slice(l.text.indexOf('"outcome"'), l.text.indexOf(',"prev"'))),
    ).toEqual([
      '"outcome":"success","reason":null,"client_address":"198.51.100.7","instance":"b1"',
      '"outcome":"success","reason":null,"client_address":"192.0.2.1","instance":"b1"',
      '"outcome":"success","reason":null,"instance":"b1"',
    ]);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, lines: 3 });
  });
});
