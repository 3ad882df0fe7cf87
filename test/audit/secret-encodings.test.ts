import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { secretIn } from '../../src/audit/secret-guard.js';
import { appendAudit, stampInstance } from '../../src/broker/audit-append.js';
import { stampClientAddress } from '../../src/broker/request-scope.js';

let root: string;
let counter = 0;
const freshFile = () => join(root, `e${++counter}.jsonl`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stint-audit-enc-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const apiKey = `stint_sk_0123456789abcdef_${'A'.repeat(43)}`;
const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ format: 'pem', type: 'pkcs1' })
  .toString();

/** A GitHub-shaped ID token: its header alone is longer than one line of wrapped base64. */
const longJwt = [
  {
    typ: 'JWT',
    alg: 'RS256',
    x5t: 'cc413527-173f-5a05-976e-9c52b1d7b431',
    kid: '38826b17-6a30-5f9b-b169-8beb8202f723',
  },
  { sub: 'repo:octo-org/octo-repo:environment:prod', aud: 'https://stint.example.com', run_id: '5818340221' },
]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat('c2lnbmF0dXJl'.repeat(20))
  .join('.');
const wrapAt = (text: string, columns: number): string => text.match(new RegExp(`.{1,${columns}}`, 'g'))!.join('\n');

/** Every spelling a reviewer showed the guard letting through before (and the raw ones, which it always caught). */
const secrets: Record<string, string> = {
  'a JWT': jwt,
  'a JWT in base64': Buffer.from(jwt).toString('base64'),
  'a JWT in base64 one byte into a longer encoding': Buffer.from(`Bearer ${jwt}`).toString('base64'),
  'a JWT in base64 two bytes into a longer encoding': Buffer.from(`x ${jwt}`).toString('base64'),
  'a JWT in hex': Buffer.from(jwt).toString('hex'),
  'a JWT in upper-case hex': Buffer.from(jwt).toString('hex').toUpperCase(),
  'a JWT in hex after 0x': `0x${Buffer.from(jwt).toString('hex')}`,
  'an API key': apiKey,
  'an API key in base64url': Buffer.from(apiKey).toString('base64url'),
  'an API key in base64': Buffer.from(apiKey).toString('base64'),
  'an API key in base64 one byte in': Buffer.from(`:${apiKey}`).toString('base64'),
  'an API key in base64 two bytes in': Buffer.from(`k=${apiKey}`).toString('base64'),
  'an API key in base64 after token=': `token=${Buffer.from(apiKey).toString('base64')}`,
  'a JWT in base64 inside an encoded JSON document': Buffer.from(
    JSON.stringify({ headers: { authorization: `Bearer ${jwt}` } }),
  ).toString('base64url'),
  'an API key in HTTP Basic credentials': `Basic ${Buffer.from(`ci:${apiKey}`).toString('base64')}`,
  'a PEM key': pem,
  'a PEM key, JSON-escaped': JSON.stringify(pem),
  'a PEM key, JSON-escaped twice': JSON.stringify(JSON.stringify(pem)),
  'a PEM key, URL-encoded': encodeURIComponent(pem),
  'a PEM key, form-encoded': new URLSearchParams({ key: pem }).toString(),
  'a PEM key, newlines folded to spaces': pem.replaceAll('\n', ' '),
  'a PEM key, CRLF': pem.replaceAll('\n', '\r\n'),
  'an RSA PEM key, URL-encoded': encodeURIComponent(rsaPem),
  'a PEM key in base64': Buffer.from(pem).toString('base64'),
  'a PEM key, JSON-escaped, in base64': Buffer.from(JSON.stringify(pem)).toString('base64'),
  'a PEM key on one line (line breaks removed, as in an env var)': pem.replaceAll('\n', ''),
  'a PEM key on one line, in base64': Buffer.from(pem.replaceAll('\n', '')).toString('base64'),
  'a JWT in base64 wrapped at 76 columns (base64)': wrapAt(Buffer.from(longJwt).toString('base64'), 76),
  'a JWT in base64 wrapped at 64 columns (openssl base64)': wrapAt(Buffer.from(longJwt).toString('base64'), 64),
  'an API key in hex': Buffer.from(apiKey).toString('hex'),
  'a PEM key in hex': Buffer.from(pem).toString('hex'),
  'a service account key file in base64': Buffer.from(
    JSON.stringify({ type: 'service_account', project_id: 'acme', private_key_id: 'ab12', private_key: pem }),
  ).toString('base64'),
};

/** What audit events really hold: none of it may be refused. */
const ordinary: Record<string, string> = {
  subject: 'repo:acme/warehouse:ref:refs/heads/main',
  'subject with an environment': 'repo:acme/warehouse:environment:production',
  'a sha256 fingerprint': 'sha256:65794a2d2d2d2d2d424547494e65794a0123456789abcdef0123456789abcdef',
  'an upper-case sha256 fingerprint': `sha256:${'65794A'.repeat(10)}ABCD`,
  'a jti (UUID)': randomUUID(),
  'a jti (base64url)': 'ZXlKc3RpbnRfc2tfLS0tLS1CRUdJTi0',
  'a jti holding every base64 marker': 'ZXlKc3RpbnRfc2tfLS0tLS1CRUdJTiN0aW50X3NrXzdGludF9za1',
  URL: 'https://token.actions.githubusercontent.com/.well-known/openid-configuration?x=ZXlKabc',
  'a branch starting eyJ': 'refs/heads/eyJfeature',
  'a reason naming the key prefix': 'needs Authorization: Bearer stint_sk_… (an API key)',
  'a reason naming the armour': 'the file does not start with -----BEGIN PRIVATE KEY----- as a PKCS#8 key must',
  'a reason naming the armour, then a word': 'expected -----BEGIN PRIVATE KEY----- then the key',
  'a key id': 'a1b2c3d4e5f60718',
  'a long hex digest holding 65794a': `${'65794a'.repeat(40)}`,
  'a long base64 run holding ZXlK': `ZXlK${'A'.repeat(600)}`,
  'a 17 KiB run of markers (each run is decoded once)': 'ZXlKc3RpbnRfc2tfLS0tLS1CRUdJT65794a'.repeat(500),
};

describe('the audit guard and encoded secrets', () => {
  it.each(Object.entries(secrets))('refuses %s without writing it', async (_name, text) => {
    for (const value of [text, { nested: [{ deep: text }] }]) {
      const file = freshFile();
      const log = await openAuditLog(file);
      const failure = await log
        .append({ event: 'exchange_denied', request_id: 'r1', outcome: 'denied', note: value })
        .catch((e: unknown) => e);
      await log.close();
      expect(failure).toMatchObject({ code: 'ERR_AUDIT_SECRET' });
      const written = await readFile(file, 'utf8');
      // The marker line is written, and neither the text nor its JSON spelling is.
      expect(written).toContain('"code":"ERR_AUDIT_SECRET"');
      expect(written).not.toContain(text);
      expect(written).not.toContain(JSON.stringify(text).slice(1, -1));
    }
  });

  it.each(Object.entries(secrets))('quoting, writes %s as withheld', async (_name, text) => {
    const file = freshFile();
    const log = await openAuditLog(file);
    await log.append({ event: 'exchange_denied', outcome: 'denied', reason: text }, { quoting: true });
    await log.close();
    const written = await readFile(file, 'utf8');
    expect(JSON.parse(written)).toMatchObject({ reason: '[withheld: the value looked like a secret]' });
  });

  it.each(Object.entries(ordinary))('keeps %s', async (_name, text) => {
    const file = freshFile();
    const log = await openAuditLog(file);
    await log.append({ event: 'token_issued', outcome: 'success', reason: text, subject: text, jti: text });
    await log.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ reason: text, subject: text, jti: text });
  });
});

describe('the guard on hostile text', () => {
  // The JWT scan was a regex retried from every `eyJ`: quadratic, so 64 KiB of `eyJ` in an
  // unauthenticated request's ttl held the broker's main thread 6 s, and this 1 MiB about 25
  // minutes. Each is one linear pass now (milliseconds). A synchronous scan cannot be stopped by
  // the test's timeout, so it runs under node:vm's, a ceiling far above what a linear pass needs.
  const MiB = 1 << 20;
  const hostile: Record<string, string> = {
    '1 MiB of eyJ': 'eyJ'.repeat(MiB / 3),
    '1 MiB of eyJ, dotted at the end': `${'eyJ'.repeat(MiB / 3)}.a`,
    '1 MiB of eyJa.': 'eyJa.'.repeat(MiB / 5),
    '1 MiB of base64 eyJ': 'ZXlK'.repeat(MiB / 4),
    '1 MiB of hex eyJ': '65794a'.repeat(MiB / 6),
  };
  it.each(Object.entries(hostile))('scans %s and finds no secret', (_name, text) => {
    const found = runInNewContext('secretIn(text)', { secretIn, text }, { timeout: 60_000 });
    expect(found).toBeUndefined();
  });
});

describe('the withheld-event marker', () => {
  it('carries the broker instance and the client address, as every other line does', async () => {
    const file = freshFile();
    // As the broker appends while serving a request: its instance, then the request's address.
    const log = stampClientAddress(stampInstance(await openAuditLog(file), 'broker-a'), '10.0.0.9');
    const failure = await appendAudit(log, {
      event: 'exchange_denied',
      request_id: 'r1',
      outcome: 'denied',
      token: 'x',
    }).catch((e: unknown) => e);
    await log.close();
    expect(failure).toMatchObject({ code: 'ERR_AUDIT_SECRET' });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      event: 'exchange_denied',
      request_id: 'r1',
      code: 'ERR_AUDIT_SECRET',
      instance: 'broker-a',
      client_address: '10.0.0.9',
    });
  });

  it('is still written when the extra field is what was refused', async () => {
    const file = freshFile();
    const log = await openAuditLog(file);
    const failure = await log
      .append({ event: 'exchange_denied', request_id: 'r2', outcome: 'denied' }, { extra: { note: apiKey } })
      .catch((e: unknown) => e);
    await log.close();
    expect(failure).toMatchObject({ code: 'ERR_AUDIT_SECRET' });
    const written = await readFile(file, 'utf8');
    expect(written).not.toContain(apiKey);
    expect(JSON.parse(written)).toMatchObject({ request_id: 'r2', code: 'ERR_AUDIT_SECRET' });
  });
});
