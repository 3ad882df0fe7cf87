import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isWorthMasking, maskForms, redact } from '../../src/mask/index.js';

/** What the runner does to one line of output once `forms` are registered. */
function applyMasks(text: string, forms: string[]): string {
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('***');
  return out;
}

const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('maskForms', () => {
  it('covers the value, base64, base64url, URL-encoded and JSON-escaped forms of a one-line secret', () => {
    const secret = 'wh+sec/ret=with "quote" & space';
    const forms = maskForms(secret);
    expect(forms).toContain(secret);
    expect(forms).toContain(Buffer.from(secret).toString('base64'));
    expect(forms).toContain(Buffer.from(secret).toString('base64url'));
    expect(forms).toContain(encodeURIComponent(secret));
    expect(forms).toContain(new URLSearchParams({ s: secret }).toString().slice(2)); // '+' for spaces
    expect(forms).toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('registers every line of a PEM key but not its armour lines, and the key as one line', () => {
    const forms = maskForms(pem);
    const lines = pem.trim().split('\n');
    expect(lines[0]).toBe('-----BEGIN PRIVATE KEY-----');
    for (const line of lines.slice(1, -1)) expect(forms).toContain(line);
    expect(forms).not.toContain('-----BEGIN PRIVATE KEY-----');
    expect(forms).not.toContain('-----END PRIVATE KEY-----');
    expect(forms).toContain(pem);
    expect(forms).toContain(JSON.stringify(pem).slice(1, -1)); // as in a JSON file: "-----BEGIN…\n…"
    expect(forms).toContain(lines.join('')); // `tr -d '\n'`
    // printed by `cat key.pem`: every line either masked or armour
    const printed = pem
      .trim()
      .split('\n')
      .map((line) => applyMasks(line, forms)); // the runner masks line by line
    expect(printed).toEqual([
      '-----BEGIN PRIVATE KEY-----',
      ...lines.slice(1, -1).map(() => '***'),
      '-----END PRIVATE KEY-----',
    ]);
  });

  it('leaves out lines that would blank the log: braces, short lines, whitespace', () => {
    const json = JSON.stringify({ type: 'service_account', private_key_id: 'abcdef0123456789', key: 'k' }, null, 2);
    const forms = maskForms(json);
    for (const form of forms) expect(isWorthMasking(form)).toBe(true);
    expect(forms).not.toContain('{');
    expect(forms).not.toContain('}');
    expect(forms).toContain('  "private_key_id": "abcdef0123456789",');
    expect(forms).toContain('"private_key_id": "abcdef0123456789",');
    expect(forms.some((f) => f.trim() === '')).toBe(false);
    expect(maskForms('abc')).toEqual([]);
    expect(maskForms('   \n\t\n  ')).toEqual([]);
    for (const short of ['a', 'bb', '{', '}']) expect(maskForms('a\nbb\n{\n}\n')).not.toContain(short);
  });

  it('masks the value inside any longer base64 text, at every byte offset (e.g. a Basic header)', () => {
    const token = randomBytes(30).toString('base64url');
    const forms = maskForms(token);
    for (const prefix of ['', 'x', 'x-', 'x-access-token:', 'user:']) {
      for (const suffix of ['', '!', '\n', ':tail']) {
        const encoded = Buffer.from(`${prefix}${token}${suffix}`).toString('base64');
        expect(
          forms.some((f) => encoded.includes(f)),
          `${prefix}…${JSON.stringify(suffix)}`,
        ).toBe(true);
        const url = Buffer.from(`${prefix}${token}${suffix}`).toString('base64url');
        expect(forms.some((f) => url.includes(f))).toBe(true);
      }
    }
  });

  it('covers a CRLF value and the 76-column pieces of a wrapped base64 encoding', () => {
    const crlf = pem.replace(/\n/g, '\r\n');
    const forms = maskForms(crlf);
    expect(forms).toContain(pem); // LF form
    expect(forms).toContain(JSON.stringify(pem).slice(1, -1));
    for (const line of pem.trim().split('\n').slice(1, -1)) expect(forms).toContain(line);
    const wrapped = Buffer.from(pem)
      .toString('base64')
      .match(/.{1,76}/g)!;
    const piecesOver4 = wrapped.filter((piece) => piece.length >= 4);
    for (const piece of piecesOver4) expect(maskForms(pem)).toContain(piece);
  });

  it('leaves out a wrapped base64 line that encodes only line feeds or under 4 characters (`Cg==`, `Cgo=`)', () => {
    for (const value of [`${'k'.repeat(48)}\n`, `${'k'.repeat(48)}\n\n`, `${'k'.repeat(56)}\n`, pem]) {
      const forms = maskForms(value);
      for (const blank of ['Cg==', 'Cgo=', 'CgoK']) expect(forms).not.toContain(blank);
      for (const form of forms.filter((f) => /^[A-Za-z0-9+/]+=*$/.test(f)))
        expect(Buffer.from(form, 'base64').toString().trim().length, form).toBeGreaterThanOrEqual(4);
    }
    // The lines that do hold the value stay: 48 bytes are one full 64-column line.
    expect(maskForms(`${'k'.repeat(48)}\n`)).toContain(Buffer.from('k'.repeat(48)).toString('base64'));
  });

  it('returns unique forms, longest first', () => {
    const forms = maskForms('same-line\nsame-line\n');
    expect(new Set(forms).size).toBe(forms.length);
    for (let i = 1; i < forms.length; i++) expect(forms[i - 1]!.length).toBeGreaterThanOrEqual(forms[i]!.length);
  });
});

describe('redact', () => {
  it('replaces every form of every secret with *** and leaves the rest', () => {
    const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const text = `token=${token} b64=${Buffer.from(token).toString('base64')} json={"t":"${token}"} url=${encodeURIComponent(`a+${token}`)}`;
    const out = redact(text, [token, 'unused-secret']);
    expect(out).not.toContain(token);
    expect(out).not.toContain(Buffer.from(token).toString('base64'));
    expect(out).toBe('token=*** b64=*** json={"t":"***"} url=a%2B***');
  });

  it('redacts each line of a PEM key in a log line, keeping the armour', () => {
    const out = redact(`loaded key:\n${pem}done`, [pem]);
    expect(out.startsWith('loaded key:\n')).toBe(true);
    expect(out).not.toMatch(/MI[A-Za-z0-9+/]{20}/);
    expect(out.endsWith('done')).toBe(true);
  });

  it('is the identity without secrets', () => {
    expect(redact('nothing secret', [])).toBe('nothing secret');
  });
});
