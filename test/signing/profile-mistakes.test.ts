import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyHttpSignature } from '../../src/verify/index.js';
import { runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { baseEnv } from '../recipes/helpers.js';

/**
 * Mistakes in a signing profile, through the built `stint sign` as a job runs it: a
 * `key_encoding: base64` key that is not strict base64 (Buffer.from would skip the bad characters
 * and sign with a shorter key than meant), and a misspelt field, which is named, with the field
 * meant, instead of being reported as the missing one. Neither message repeats the secret.
 */
const dir = mkdtempSync(join(tmpdir(), 'stint-profile-mistakes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY_BYTES = randomBytes(32);
const SECRETS = {
  /** 32 bytes, strict base64. */
  GOOD_B64: KEY_BYTES.toString('base64'),
  /** Base64 with characters Buffer.from skips: it would have signed with 24 bytes of key. */
  STARRED_B64: `${KEY_BYTES.subarray(0, 24).toString('base64')}*!*!`,
  /** base64url, not base64: `-` and `_` where base64 has `+` and `/`. */
  URL_B64: Buffer.from('\xfb\xff\xfe\xfb\xff\xfe secret key, urlsafe', 'latin1').toString('base64url'),
  /** Valid characters, no padding. */
  UNPADDED_B64: KEY_BYTES.subarray(0, 31).toString('base64').replace(/=+$/, ''),
  /** Padded, but the last character carries bits that are not part of the key. */
  SLOPPY_B64: `${KEY_BYTES.subarray(0, 31).toString('base64').slice(0, -2)}B=`,
  WEBHOOK_SECRET: 'the-webhook-secret-d41d8cd98f00b204',
};
const env = baseEnv({ ...SECRETS, STINT_CONFIG: '' });

function config(name: string, profile: string): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, `signing:\n  p: ${profile}\n`);
  return file;
}

const sign = (file: string) =>
  runCli(
    ['sign', 'p', '--config', file, '--method', 'POST', '--url', 'https://api.example.com/deploy', '--body', '{}'],
    {
      env,
    },
  );

function expectNoSecretsIn(output: string): void {
  for (const [name, value] of Object.entries(SECRETS)) expectNoSecret(output, value, name);
}

describe('http-signature hmac-sha256 with key_encoding: base64', () => {
  it('a strict base64 key signs with its bytes (verifyHttpSignature accepts them)', async () => {
    const file = config(
      'good',
      '{ type: http-signature, alg: hmac-sha256, key_env: GOOD_B64, key_encoding: base64, keyid: k }',
    );
    const result = await sign(file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const headers = Object.fromEntries(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 2)]),
    );
    await expect(
      verifyHttpSignature({
        method: 'POST',
        url: 'https://api.example.com/deploy',
        headers,
        body: Buffer.from('{}'),
        keys: { k: { alg: 'hmac-sha256', key: KEY_BYTES } },
      }),
    ).resolves.toMatchObject({ keyid: 'k' });
  });

  it.each([
    [
      'characters base64 does not have',
      'STARRED_B64',
      /is not base64 \(only A-Z, a-z, 0-9, \+ and \/, padded with = to a multiple of 4 characters\)/,
    ],
    ['base64url', 'URL_B64', /is not base64 \(only A-Z/],
    ['no padding', 'UNPADDED_B64', /is not base64 \(only A-Z/],
    ['stray bits in the last character', 'SLOPPY_B64', /is not canonical base64/],
  ])('%s: refused, naming the variable and never the key', async (_, variable, why) => {
    const file = config(
      variable,
      `{ type: http-signature, alg: hmac-sha256, key_env: ${variable}, key_encoding: base64 }`,
    );
    const result = await sign(file);
    expect(result.stderr).toContain(`signing profile "p": field "key_env": environment variable ${variable} `);
    expect(result.stderr).toMatch(why);
    expect(result.stderr).toMatch(/which key_encoding: base64 requires/);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    expectNoSecretsIn(result.stdout + result.stderr);
  });

  it('the same holds for a secret_env list: the variable at fault is named', async () => {
    const file = config(
      'list',
      '{ type: http-signature, alg: hmac-sha256, secret_env: [GOOD_B64, STARRED_B64], key_encoding: base64 }',
    );
    const result = await sign(file);
    expect(result.stderr).toContain('field "secret_env": environment variable STARRED_B64 is not base64');
    expect(result.code).toBe(1);
    expectNoSecretsIn(result.stdout + result.stderr);
  });
});

describe('a misspelt field is named, not reported as the field it was meant to be', () => {
  it.each([
    ['secrett (an inline secret, misspelt)', 'secrett: "the-webhook-secret-d41d8cd98f00b204"', 'secrett', 'secret_env'],
    ['secret_evn', 'secret_evn: WEBHOOK_SECRET', 'secret_evn', 'secret_env'],
    ['Secret_Env', 'Secret_Env: WEBHOOK_SECRET', 'Secret_Env', 'secret_env'],
    ['secretenv', 'secretenv: WEBHOOK_SECRET', 'secretenv', 'secret_env'],
  ])('%s', async (_, field, key, meant) => {
    const file = config(key, `{ type: hmac, format: github, ${field} }`);
    const result = await sign(file);
    expect(result.stderr).toContain(`signing profile "p": field "${key}": unknown field (did you mean "${meant}"?)`);
    expect(result.stderr).not.toMatch(/is required/);
    expect(result.code).toBe(1);
    expectNoSecretsIn(result.stdout + result.stderr);
  });

  it('an http-signature key misspelt (key_evn) is named, not "secret is required"', async () => {
    const file = config('key-evn', '{ type: http-signature, alg: hmac-sha256, key_evn: GOOD_B64 }');
    const result = await sign(file);
    expect(result.stderr).toContain('field "key_evn": unknown field (did you mean "key_env"?)');
    expect(result.code).toBe(1);
  });

  it('a field far from every name gets no guess; a profile with no secret at all is still told it is required', async () => {
    const far = await sign(config('far', '{ type: hmac, format: github, secret_env: WEBHOOK_SECRET, colour: red }'));
    expect(far.stderr).toContain('field "colour": unknown field; allowed: type, format, secret_env');
    const none = await sign(config('none', '{ type: hmac, format: github }'));
    expect(none.stderr).toContain('field "secret": is required: give secret_env: VAR');
    expect(none.code).toBe(1);
  });
});

describe('a misspelt required field of an oauth2 or mtls profile is named, not reported missing', () => {
  it.each([
    [
      'oauth2 client_idd',
      '{ type: oauth2, token_url: "https://auth.example.com/token", client_idd: ci, client_secret_env: WEBHOOK_SECRET }',
      'client_idd',
      'client_id',
    ],
    [
      'oauth2 token_ur',
      '{ type: oauth2, token_ur: "https://auth.example.com/token", client_id: ci, client_secret_env: WEBHOOK_SECRET }',
      'token_ur',
      'token_url',
    ],
    [
      'mtls cert_fle',
      '{ type: mtls, source: provided, cert_fle: client.crt, key_file: client.key }',
      'cert_fle',
      'cert_file',
    ],
  ])('%s', async (_, profile, key, meant) => {
    const result = await sign(config(key, profile));
    expect(result.stderr).toContain(`signing profile "p": field "${key}": unknown field (did you mean "${meant}"?)`);
    expect(result.stderr).not.toMatch(/is required|needs cert/);
    expect(result.code).toBe(1);
    expectNoSecretsIn(result.stdout + result.stderr);
  });

  it('with the field really absent, it is still told what is required', async () => {
    const noId = await sign(
      config(
        'no-id',
        '{ type: oauth2, token_url: "https://auth.example.com/token", client_secret_env: WEBHOOK_SECRET }',
      ),
    );
    expect(noId.stderr).toContain('field "client_id": is required: the client id the token endpoint knows this job by');
    const noUrl = await sign(config('no-url', '{ type: oauth2, client_id: ci, client_secret_env: WEBHOOK_SECRET }'));
    expect(noUrl.stderr).toContain('field "token_url": is required: the token endpoint');
    const noCert = await sign(config('no-cert', '{ type: mtls, source: provided, key_file: client.key }'));
    expect(noCert.stderr).toContain('field "cert": source: provided needs cert or cert_file');
    for (const result of [noId, noUrl, noCert]) expect(result.code).toBe(1);
  });
});
