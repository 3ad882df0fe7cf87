import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskForms } from '../../src/mask/index.js';
import { expectNoSecret, findSecret, SecretInOutputError, secretForms } from './secrets.js';

// The helper every no-leak check goes through must be able to fail, for each encoding, and
// must not print what it found.

const jwt = [
  Buffer.from('{"alg":"ES256","typ":"JWT","kid":"k1"}').toString('base64url'),
  Buffer.from('{"sub":"repo:o/r:ref:refs/heads/main","aud":"stint"}').toString('base64url'),
  randomBytes(64).toString('base64url'),
].join('.');
const apiKey = `stint_sk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
/** Characters every encoder treats differently: `/`, `+`, space, quotes, non-ASCII, a backslash. */
const password = `p@ss/w+rd "q" ü\\ ${randomBytes(6).toString('hex')}`;
const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const wrap = (text: string, columns: number): string => text.match(new RegExp(`.{1,${columns}}`, 'g'))!.join('\n');

/** Each spelling, worked out here, as a line of otherwise innocent output would carry it. */
function spellings(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret);
  return {
    raw: secret,
    base64: b64(secret),
    'base64 without padding': b64(secret).replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    'base64, one byte into a longer encoding (Basic user:secret)': `Basic ${b64(`u:${secret}`)}`,
    'base64, two bytes into a longer encoding': b64(`xy${secret}`),
    'base64 of echo "$SECRET", wrapped at 76': wrap(b64(`${secret}\n`), 76),
    'base64 wrapped at 64 (openssl base64)': wrap(b64(secret), 64),
    hex: bytes.toString('hex'),
    'upper-case hex': bytes.toString('hex').toUpperCase(),
    'every byte percent-encoded': [...bytes].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
    encodeURIComponent: encodeURIComponent(secret),
    'form-encoded (URLSearchParams)': new URLSearchParams({ v: secret }).toString(),
    'JSON-escaped': JSON.stringify({ value: secret }),
    'JSON-escaped twice': JSON.stringify(JSON.stringify({ value: secret })),
    'JSON, every character \\u-escaped': [...secret]
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  };
}

const secrets: Record<string, string> = {
  'a JWT': jwt,
  'an API key': apiKey,
  'a password': password,
  'a PEM key': pem,
};

/** The thrown message, which must exist and must not carry the secret in any form. */
function failureOf(run: () => void): SecretInOutputError {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretInOutputError) return error;
    throw error;
  }
  throw new Error('expectNoSecret passed output that carries the secret');
}

describe('expectNoSecret', () => {
  for (const [kind, secret] of Object.entries(secrets)) {
    for (const [encoding, spelled] of Object.entries(spellings(secret))) {
      it(`catches ${kind} ${encoding}, and says where without printing it`, () => {
        const output = `stint: exchanged the token\nlog line ${spelled} and more\ndone\n`;
        const error = failureOf(() => expectNoSecret([output, 'stderr'], secret, `${kind} under test`));
        expect(error.message).toContain(`${kind} under test is in the output`);
        expect(error.message).toContain('line 2');
        expect(error.matches.length).toBeGreaterThan(0);
        // The message passes the same check it makes.
        expect(findSecret(error.message, secret)).toEqual([]);
        expect(error.message).not.toContain(secret);
      });
    }
  }

  it('catches the raw, base64, hex and URL forms with the product list emptied (its own list is independent)', () => {
    for (const secret of Object.values(secrets)) {
      const independent = Object.entries(spellings(secret)).filter(([encoding]) =>
        ['raw', 'base64', 'base64url', 'hex', 'upper-case hex', 'encodeURIComponent', 'JSON-escaped'].includes(
          encoding,
        ),
      );
      for (const [, spelled] of independent)
        expect(() => expectNoSecret(`x ${spelled} y`, secret, 'secret', () => [])).toThrow(SecretInOutputError);
    }
  });

  it('looks for every form the product masks (so the two lists cannot drift apart unnoticed)', () => {
    for (const secret of Object.values(secrets)) {
      const looked = new Set(secretForms(secret).map((f) => f.form));
      const masked = maskForms(secret).filter((form) => form.length >= 8);
      expect(masked.length).toBeGreaterThan(5);
      expect(masked.filter((form) => !looked.has(form))).toEqual([]);
    }
  });

  it('catches a JWT by its signature alone and a PEM key by one line of it', () => {
    expect(() => expectNoSecret(`sig=${jwt.split('.')[2]}`, jwt)).toThrow(SecretInOutputError);
    expect(() => expectNoSecret(`key line: ${pem.split('\n')[1]}`, pem)).toThrow(SecretInOutputError);
  });

  it('passes output with no form of the secret, including a different secret and the public parts of a JWT', () => {
    const other = `stint_sk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    const output = [
      'stint broker listening on http://127.0.0.1:1234',
      `token ${other} ${b64(other)} ${Buffer.from(other).toString('hex')}`,
      `header ${jwt.split('.')[0]} claims ${jwt.split('.')[1]}`,
      '-----BEGIN PRIVATE KEY-----',
      '-----END PRIVATE KEY-----',
      '***',
    ].join('\n');
    for (const secret of Object.values(secrets)) expect(() => expectNoSecret(output, secret)).not.toThrow();
    expect(() => expectNoSecret(Buffer.from(output), apiKey)).not.toThrow();
  });

  it('reads Buffers and lists of streams', () => {
    expect(() => expectNoSecret([Buffer.from('ok'), Buffer.from(`x${apiKey}`)], apiKey)).toThrow(SecretInOutputError);
  });

  it('redacts every copy in the context, including one cut at its edge', () => {
    const output = `${'a'.repeat(100)} ${apiKey} ${b64(apiKey)}${apiKey}${'b'.repeat(200)}`;
    const error = failureOf(() => expectNoSecret(output, apiKey, 'the key'));
    for (const piece of [apiKey.slice(0, 12), apiKey.slice(-12), b64(apiKey).slice(0, 12)])
      expect(error.message).not.toContain(piece);
    expect(error.message).toMatch(/‹secret as raw›/);
  });

  it('refuses a secret too short to tell apart from other output', () => {
    expect(() => expectNoSecret('anything', 'ab')).toThrow(/too short/);
  });
});
