import { generateKeyPairSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { secretIn } from '../../src/audit/secret-guard.js';
import { appendAudit, stampInstance } from '../../src/broker/audit-append.js';
import { stampClientAddress } from '../../src/broker/request-scope.js';
import { expectNoSecret } from '../helpers/secrets.js';

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
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const b64url = (text: string): string => Buffer.from(text).toString('base64url');
const hex = (text: string): string => Buffer.from(text).toString('hex');
const HEX = (text: string): string => hex(text).toUpperCase();
/** Every byte percent-encoded, as a reviewer sent it (encodeURIComponent leaves a key as it is). */
const percent = (text: string): string =>
  [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
/** Every character as a JSON `\uXXXX` escape. */
const uEscaped = (text: string): string =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const utf16Hex = (text: string): string => Buffer.from(text, 'utf16le').toString('hex');
const utf16BeHex = (text: string): string => Buffer.from(text, 'utf16le').swap16().toString('hex');

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
  // Two encodings deep, in each combination and alignment (a reviewer's base64(base64(key)) and
  // base64(hex(key)) were written whole), and the spellings SECURITY.md names for every secret.
  'an API key in base64 of base64': b64(b64(apiKey)),
  'an API key in base64 of base64, one byte in': b64(`:${b64(apiKey)}`),
  'an API key in base64 of base64, two bytes in': b64(`k=${b64(apiKey)}`),
  'an API key one byte in, in base64 of base64': b64(b64(`:${apiKey}`)),
  'an API key two bytes in, in base64 of base64, one byte in': b64(`:${b64(`k=${apiKey}`)}`),
  'an API key in base64url of base64url': b64url(b64url(`k=${apiKey}`)),
  'an API key in base64 of hex': b64(hex(apiKey)),
  'an API key in base64 of upper-case hex, two bytes in': b64(`k=${HEX(apiKey)}`),
  'an API key in hex of base64': hex(b64(apiKey)),
  'an API key in upper-case hex of base64url, one byte in': HEX(`:${b64url(`k=${apiKey}`)}`),
  'an API key in hex of hex': hex(hex(apiKey)),
  'an API key in base64 of base64, after token=': `token=${b64(b64(apiKey))}`,
  'an API key in base64 of base64, wrapped at 76 columns': wrapAt(b64(b64(apiKey)), 76),
  'an API key in base64 after a decoy marker': `ZXlKA${b64(apiKey)}`,
  'an API key in hex after a decoy marker': `65794a0${hex(apiKey)}`,
  'an API key, percent-encoded': percent(apiKey),
  'an API key, \\u-escaped': uEscaped(apiKey),
  'an API key, \\u-escaped and JSON-escaped again': JSON.stringify(uEscaped(apiKey)),
  'an API key, \\x-escaped': [...apiKey].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join(''),
  'an API key in UTF-16 hex': utf16Hex(apiKey),
  'an API key in big-endian UTF-16 upper-case hex': utf16BeHex(apiKey).toUpperCase(),
  'an API key in UTF-16 hex, in base64': b64(utf16Hex(apiKey)),
  'a JWT in base64 of base64': b64(b64(jwt)),
  'a JWT in base64 of base64, after Bearer': b64(`Bearer ${b64(`Bearer ${jwt}`)}`),
  'a JWT in base64 of hex': b64(hex(jwt)),
  'a JWT in hex of base64url': hex(b64url(jwt)),
  'a long JWT in base64 of base64, wrapped at 64 columns': wrapAt(b64(b64(longJwt)), 64),
  'a JWT, percent-encoded': percent(jwt),
  'a JWT, \\u-escaped': uEscaped(jwt),
  'a JWT in UTF-16 hex': utf16Hex(jwt),
  'a PEM key in base64 of base64': b64(b64(pem)),
  'a PEM key in base64 of hex': b64(hex(pem)),
  'a PEM key in hex of base64url': hex(b64url(pem)),
  'a PEM key, JSON-escaped, in base64 of base64': b64(b64(JSON.stringify(pem))),
  'a PEM key, \\u-escaped': uEscaped(pem),
  'a PEM key, percent-encoded': percent(pem),
  'a PEM key in UTF-16 hex': utf16Hex(pem),
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
  'base64 of the base64 markers': b64('ZXlKc3RpbnRfc2tfLS0tLS1CRUdJT65794a'.repeat(20)),
  'a percent-encoded URL': `https://example.com/search?q=${encodeURIComponent('stint_sk_ keys & -----BEGIN notes')}`,
  'a reason quoting an escaped prefix': 'the value \\u0073tint_sk_\\u2026 is not a key',
  'UTF-16 hex of the key prefix alone': utf16Hex('stint_sk_ is the prefix of a key'),
};

/**
 * Values shaped like what audit events hold, thousands of them: none may be refused. A secret
 * needs its own text once decoded, so random ones hold none; a guard that refused on markers
 * alone, or on any long run of base64 or hex, would refuse some.
 */
function ordinaryValues(count: number): string[] {
  const words = ['acme', 'warehouse', 'deploy', 'main', 'feature', 'infra', 'octo', 'release', 'eyJ', 'stint', 'sk'];
  const word = (): string => words[randomInt(words.length)]!;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = randomBytes(8 + randomInt(40));
    values.push(
      randomUUID(),
      `sha256:${randomBytes(32).toString('hex')}`,
      randomBytes(32).toString('hex').toUpperCase(),
      bytes.toString('base64'),
      bytes.toString('base64url'),
      `https://${word()}.example.com/${word()}/${bytes.toString('base64url')}?state=${encodeURIComponent(bytes.toString('base64'))}`,
      `${word()}-${word()}/${word()}_${word()}-${randomInt(1000)}`,
      `repo:${word()}/${word()}-${randomInt(100)}:ref:refs/heads/${word()}/${bytes.toString('hex').slice(0, 12)}`,
    );
  }
  return values;
}

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
      // The marker line is written, and the text is not, in any spelling.
      expect(written).toContain('"code":"ERR_AUDIT_SECRET"');
      expectNoSecret(written, text, 'the refused text');
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

  it('keeps thousands of random UUIDs, fingerprints, base64 jtis, URLs and repository names', () => {
    const refused = ordinaryValues(500).filter((value) => secretIn(value) !== undefined);
    expect(refused).toEqual([]);
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
    // The second layer's markers, and text whose every decoding is full of first-layer markers.
    // (`stint_sk_` then `.`: the prefix followed by 16 key characters would be a key.)
    '1 MiB of base64 of base64 stint_sk_': b64(b64('stint_sk_.'.repeat(MiB / 18))).slice(0, MiB),
    '1 MiB of base64 of the base64 markers': b64('c3RpbnRfc2tfZXlKLS0tLS1CRUdJT'.repeat(MiB / 40)).slice(0, MiB),
    '1 MiB of hex of the base64 markers': hex('c3RpbnRfc2tfZXlKLS0tLS1CRUdJT'.repeat(MiB / 58)),
    '1 MiB of base64 of hex stint_sk_': b64(hex('stint_sk_.').repeat(MiB / 27)),
    '1 MiB of markers at every alignment': 'ZXlKA'.repeat(MiB / 5),
    '1 MiB of UTF-16 hex stint_sk_': utf16Hex('stint_sk_.').repeat(MiB / 40),
    '1 MiB of percent escapes': '%41'.repeat(MiB / 3),
    '1 MiB of \\u escapes': '\\u0041'.repeat(MiB / 6),
    '1 MiB of NULs': '\0'.repeat(MiB),
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
    expectNoSecret(written, apiKey, 'the API key');
    expect(JSON.parse(written)).toMatchObject({ request_id: 'r2', code: 'ERR_AUDIT_SECRET' });
  });
});
