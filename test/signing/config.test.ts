import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import {
  getProfile,
  loadSigningProfiles,
  parseSigningProfiles,
  secretSources,
  secretValues,
  writableConfig,
} from '../../src/signing/index.js';
import { expectNoSecret } from '../helpers/secrets.js';

const ed25519Pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const p256Pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();
const dir = mkdtempSync(join(tmpdir(), 'stint-signing-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isStintError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a StintError');
}

describe('parseSigningProfiles from the action input', () => {
  it('reads every signing type with defaults', () => {
    const input = `
webhook: { type: hmac, format: github, secret: "gh-secret-123" }
generic: { type: hmac, secrets: [new-secret, old-secret], algorithm: sha512, encoding: base64, prefix: "sha512=", timestamp_header: X-Timestamp }
httpsig:
  type: http-signature
  alg: ed25519
  keyid: test-key
  key: |
${ed25519Pem
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
jwt: { type: jwt, alg: HS256, key: "0123456789abcdef0123456789abcdef", claims: { iss: ci, aud: [a, b], team: blue }, ttl: 5m }
api: { type: bearer, source: stint }
`;
    const { profiles } = parseSigningProfiles(input, { origin: 'action-input', env: {} });
    expect([...profiles.keys()]).toEqual(['webhook', 'generic', 'httpsig', 'jwt', 'api']);
    expect(profiles.get('webhook')).toMatchObject({ type: 'hmac', format: 'github', secrets: ['gh-secret-123'] });
    expect(profiles.get('generic')).toMatchObject({
      format: 'generic',
      secrets: ['new-secret', 'old-secret'],
      algorithm: 'sha512',
      encoding: 'base64',
      prefix: 'sha512=',
      timestampHeader: 'X-Timestamp',
      header: 'X-Signature',
    });
    expect(profiles.get('httpsig')).toMatchObject({
      alg: 'ed25519',
      keyid: 'test-key',
      components: ['@method', '@authority', '@path', 'content-digest'],
      label: 'sig1',
      includeAlg: true,
    });
    expect(profiles.get('jwt')).toMatchObject({
      alg: 'HS256',
      ttl: 300,
      header: 'Authorization',
      scheme: 'Bearer ',
      claims: { iss: 'ci', aud: ['a', 'b'], team: 'blue' },
    });
    expect(profiles.get('api')).toMatchObject({ type: 'bearer', tokens: [], header: 'Authorization' });
  });

  it('reads ttl and expires in the one duration grammar the broker and the action use (1m30s, 1h)', () => {
    const { profiles } = parseSigningProfiles(
      `jwt: { type: jwt, alg: HS256, key: "0123456789abcdef0123456789abcdef", ttl: 1m30s }
sig: { type: http-signature, alg: hmac-sha256, key: "0123456789abcdef0123456789abcdef", expires: 1h }`,
      { origin: 'action-input', env: {} },
    );
    expect(profiles.get('jwt')).toMatchObject({ ttl: 90 });
    expect(profiles.get('sig')).toMatchObject({ expires: 3600 });
  });

  it('takes a multi-line key given with toJSON, and repairs one whose line breaks became spaces', async () => {
    // What `key: ${{ toJSON(secrets.KEY) }}` expands to: a JSON string, valid YAML.
    const viaJson = parseSigningProfiles(
      `sig: { type: http-signature, alg: ed25519, key: ${JSON.stringify(ed25519Pem)} }`,
      { origin: 'action-input', env: {} },
    );
    const flattened = ed25519Pem.trim().replace(/\n/g, ' ');
    const viaEnv = parseSigningProfiles(
      { sig: { type: 'http-signature', alg: 'ed25519', key_env: 'K' } },
      { origin: 'file', env: { K: flattened } },
    );
    const { signRequest } = await import('../../src/signing/sign.js');
    const request = { method: 'GET', url: 'https://a.example/x', headers: {}, body: Buffer.alloc(0) };
    const deps = { now: () => 1_770_000_000_000, randomBytes: () => Buffer.alloc(16) };
    const expected = await signRequest(viaJson.profiles.get('sig')!, request, deps);
    expect(await signRequest(viaEnv.profiles.get('sig')!, request, deps)).toEqual(expected);
  });

  it('reads secret_env from the environment, several for rotation', () => {
    const { profiles } = parseSigningProfiles(
      { hook: { type: 'hmac', format: 'slack', secret_env: ['NEW', 'OLD'] } },
      { origin: 'file', env: { NEW: 'n1', OLD: 'o1' } },
    );
    expect(getProfile({ profiles, sources: new Map() }, 'hook')).toMatchObject({ secrets: ['n1', 'o1'] });
  });

  it.each([
    [
      'format not allowed',
      { webhook: { type: 'hmac', format: 'gitlab', secret: 's' } },
      'signing profile "webhook": field "format": must be one of generic, github, standard-webhooks, stripe, slack',
    ],
    [
      'type unknown',
      { x: { type: 'saml' } },
      'signing profile "x": field "type": must be one of hmac, http-signature, jwt, bearer, oauth2, mtls',
    ],
    [
      'unknown field',
      { webhook: { type: 'hmac', format: 'github', secret: 's', colour: 'red' } },
      'signing profile "webhook": field "colour": unknown field; allowed: type, format, secret, secrets, secret_env',
    ],
    [
      'misspelt secret, not reported as a missing one',
      { webhook: { type: 'hmac', format: 'github', secrett: 'the-secret-value' } },
      'signing profile "webhook": field "secrett": unknown field (did you mean "secret"?); allowed: type, format, secret, secrets, secret_env',
    ],
    [
      'misspelt secrets list',
      { webhook: { type: 'hmac', format: 'github', secretss: ['a', 'b'] } },
      'signing profile "webhook": field "secretss": unknown field (did you mean "secrets"?); allowed: type, format, secret, secrets, secret_env',
    ],
    [
      'misspelt token on a static bearer',
      { b: { type: 'bearer', source: 'static', tokne: 'abc' } },
      'signing profile "b": field "tokne": unknown field (did you mean "token"?); allowed: type, source, header, query, token, tokens, token_env',
    ],
    [
      'jwt: kid is a field, not a misspelt key; the key is still missing',
      { j: { type: 'jwt', alg: 'ES256', kid: 'k1' } },
      'signing profile "j": field "key": is required: give key: VALUE, keys: [NEW, OLD] or key_env: VAR',
    ],
    [
      'key_encoding base64 with a key that is not',
      { sig: { type: 'http-signature', alg: 'hmac-sha256', key: 'bm90IGJhc2U2NA*', key_encoding: 'base64' } },
      'signing profile "sig": field "key": is not base64 (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters), which key_encoding: base64 requires',
    ],
    [
      'key_encoding base64, the second of two secrets',
      {
        sig: {
          type: 'http-signature',
          alg: 'hmac-sha256',
          secrets: ['c2VjcmV0', 'c2VjcmV0-'],
          key_encoding: 'base64',
        },
      },
      'signing profile "sig": field "secrets": secret 2 of 2 is not base64 (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters), which key_encoding: base64 requires',
    ],
    [
      'generic-only field on github',
      { webhook: { type: 'hmac', format: 'github', secret: 's', header: 'X-Sig' } },
      'signing profile "webhook": field "header": only for format generic (format github fixes its own headers)',
    ],
    [
      'missing secret',
      { webhook: { type: 'hmac' } },
      'signing profile "webhook": field "secret": is required: give secret: VALUE, secrets: [NEW, OLD] or secret_env: VAR',
    ],
    [
      'two secret forms',
      { webhook: { type: 'hmac', secret: 'a', secret_env: 'B' } },
      'signing profile "webhook": field "secret_env": give only one of secret, secrets and secret_env',
    ],
    [
      'unset variable',
      { webhook: { type: 'hmac', secret_env: 'NOPE' } },
      'signing profile "webhook": field "secret_env": environment variable NOPE is not set or empty',
    ],
    [
      'whsec secret',
      { sw: { type: 'hmac', format: 'standard-webhooks', secret: 'plain' } },
      'signing profile "sw": field "secret": must be whsec_ followed by the base64 key (as the receiver shows it)',
    ],
    [
      'wrong key type',
      { sig: { type: 'http-signature', alg: 'ed25519', key: p256Pem } },
      'signing profile "sig": field "key": ed25519 needs a ed25519 private key, got ec prime256v1',
    ],
    [
      'not a key',
      { sig: { type: 'jwt', alg: 'ES256', key: 'not a key' } },
      'signing profile "sig": field "key": must be a PEM (PKCS#8, PKCS#1 or SEC1) or JWK private key for ES256',
    ],
    [
      'bad component',
      { sig: { type: 'http-signature', alg: 'hmac-sha256', key: 'k', components: ['@method', '@body'] } },
      'signing profile "sig": field "components": "@body" is not allowed; use @method, @target-uri, @authority, @scheme, @request-target, @path, @query or a lowercase header field name',
    ],
    [
      'ttl too long',
      { j: { type: 'jwt', alg: 'HS256', key: 'k', ttl: '2h' } },
      'signing profile "j": field "ttl": must be between 1 and 3600 seconds',
    ],
    [
      'reserved claim',
      { j: { type: 'jwt', alg: 'HS256', key: 'k', claims: { exp: 1 } } },
      'signing profile "j": field "claims.exp": is set per request by stint (iat, exp from ttl, jti); remove it',
    ],
    [
      'bearer source: static without token',
      { b: { type: 'bearer', source: 'static' } },
      'signing profile "b": field "token": is required with source: static: give token: VALUE or token_env: VAR (without source, the profile sends $STINT_TOKEN)',
    ],
    [
      'bad name',
      { 'a b': { type: 'bearer', source: 'stint' } },
      'signing profile "a b": the name must be letters, digits, ., _ or - (at most 64)',
    ],
    [
      'clashing names',
      { 'a-b': { type: 'bearer', source: 'stint' }, a_b: { type: 'bearer', source: 'stint' } },
      'signing profile "a_b": the name is too close to "a-b" (both become STINT_SECRET_A_B_N); rename one',
    ],
  ])('rejects %s', (_, input, message) => {
    expect(errorOf(() => parseSigningProfiles(input, { origin: 'action-input', env: {} }))).toEqual({
      code: 'ERR_SIGNING_CONFIG',
      message,
    });
  });

  it('refuses inline secrets in a file and names the file', () => {
    expect(
      errorOf(() =>
        parseSigningProfiles(
          { webhook: { type: 'hmac', secret: 'x' } },
          { origin: 'file', env: {}, file: 'stint.yml' },
        ),
      ),
    ).toEqual({
      code: 'ERR_SIGNING_CONFIG',
      message:
        'stint.yml: signing profile "webhook": field "secret": secrets are not allowed inline in a config file; use secret_env: VAR (the name of an environment variable)',
    });
  });

  it('never quotes the input in a YAML error', () => {
    const { code, message } = errorOf(() =>
      parseSigningProfiles('webhook: { type: hmac, secret: "sup3r-s3cret\n', { origin: 'action-input', env: {} }),
    );
    expect(code).toBe('ERR_SIGNING_CONFIG');
    expect(message).toMatch(/^signing \(line \d+, column \d+\): not valid YAML \([A-Z_]+\)$/);
    expect(message).not.toContain('sup3r');
  });
});

describe('secretValues and writableConfig', () => {
  const input = {
    webhook: { type: 'hmac', format: 'github', secrets: ['new-one', 'old-one'] },
    'deploy.sig': { type: 'http-signature', alg: 'ed25519', key: ed25519Pem, keyid: 'k1' },
    api: { type: 'bearer', token_env: 'API_TOKEN', header: 'X-Api-Key' },
    broker: { type: 'bearer', source: 'stint' },
  };
  const profiles = parseSigningProfiles(input, { origin: 'action-input', env: { API_TOKEN: 'tok-xyz' } });

  it('lists every secret', () => {
    expect(secretValues(profiles).sort()).toEqual(['new-one', 'old-one', ed25519Pem, 'tok-xyz'].sort());
  });

  it('moves every secret into env and the file re-parses to the same profiles', async () => {
    const { yaml, env } = writableConfig(profiles);
    expect(env).toEqual({
      STINT_SECRET_WEBHOOK_1: 'new-one',
      STINT_SECRET_WEBHOOK_2: 'old-one',
      STINT_SECRET_DEPLOY_SIG_1: ed25519Pem,
      STINT_SECRET_API_1: 'tok-xyz',
    });
    for (const secret of secretValues(profiles)) expectNoSecret(yaml, secret, 'a signing secret');
    expect(JSON.parse(yaml).signing.webhook).toEqual({
      type: 'hmac',
      format: 'github',
      secret_env: ['STINT_SECRET_WEBHOOK_1', 'STINT_SECRET_WEBHOOK_2'],
    });
    const file = join(dir, 'written.json');
    writeFileSync(file, yaml, { mode: 0o600 });
    const again = await loadSigningProfiles({ config: file, env, cwd: dir });
    expect([...again.profiles.values()]).toEqual([...profiles.profiles.values()]);
  });

  it("names the variables for one use of the action when given it, so another use's cannot replace them", () => {
    const { yaml, env } = writableConfig(profiles, {}, 'ABC123');
    expect(Object.keys(env)).toEqual([
      'STINT_SECRET_WEBHOOK_1_ABC123',
      'STINT_SECRET_WEBHOOK_2_ABC123',
      'STINT_SECRET_DEPLOY_SIG_1_ABC123',
      'STINT_SECRET_API_1_ABC123',
    ]);
    expect(JSON.parse(yaml).signing.api.token_env).toBe('STINT_SECRET_API_1_ABC123');
  });

  it('says where each secret was given, never its value', () => {
    expect(secretSources(profiles).map((source) => source.where)).toEqual([
      'signing profile "webhook": field "secrets" (1 of 2)',
      'signing profile "webhook": field "secrets" (2 of 2)',
      'signing profile "deploy.sig": field "key"',
      'signing profile "api": field "token_env"',
    ]);
  });
});

describe('oauth2 and mtls profiles through the same config', () => {
  it('parses both, moves the oauth2 client secret into env, and takes an mtls override', async () => {
    const profiles = parseSigningProfiles(
      {
        billing: {
          type: 'oauth2',
          token_url: 'https://auth.example.com/token',
          client_id: 'ci',
          client_secret: 'cs-123',
        },
        internal: { type: 'mtls', source: 'ephemeral' },
      },
      { origin: 'action-input', env: {} },
    );
    expect(profiles.profiles.get('billing')).toMatchObject({ type: 'oauth2', clientId: 'ci' });
    expect(profiles.profiles.get('internal')).toMatchObject({ type: 'mtls', source: 'ephemeral' });
    expect(secretValues(profiles)).toEqual(['cs-123']);
    const override = { type: 'mtls', source: 'provided', cert_file: join(dir, 'c.pem'), key_file: join(dir, 'k.pem') };
    const { yaml, env } = writableConfig(profiles, { internal: override });
    expect(JSON.parse(yaml).signing).toEqual({
      billing: {
        type: 'oauth2',
        token_url: 'https://auth.example.com/token',
        client_id: 'ci',
        client_secret_env: 'STINT_SECRET_BILLING_1',
      },
      internal: override,
    });
    expect(env).toEqual({ STINT_SECRET_BILLING_1: 'cs-123' });
  });

  it('refuses an inline oauth2 client secret in a file', () => {
    expect(
      errorOf(() =>
        parseSigningProfiles(
          { b: { type: 'oauth2', token_url: 'https://a.example/t', client_id: 'c', client_secret: 'x' } },
          { origin: 'file', env: {} },
        ),
      ).message,
    ).toBe(
      'signing profile "b": field "client_secret": secrets are not allowed inline in a config file; use client_secret_env: VAR (the name of an environment variable)',
    );
  });
});

describe('loadSigningProfiles', () => {
  it('with only: parses just that profile, so the others need no environment', async () => {
    writeFileSync(
      join(dir, 'two.yml'),
      'signing:\n  a: { type: hmac, secret_env: A }\n  b: { type: hmac, secret_env: B }\n',
    );
    const { profiles } = await loadSigningProfiles({ config: 'two.yml', env: { A: 'a' }, cwd: dir, only: 'a' });
    expect([...profiles.keys()]).toEqual(['a']);
    await expect(
      loadSigningProfiles({ config: 'two.yml', env: { A: 'a' }, cwd: dir, only: 'c' }),
    ).rejects.toMatchObject({
      code: 'ERR_SIGNING_PROFILE_UNKNOWN',
      message: 'no signing profile "c"; the config has: a, b',
    });
  });

  it('reads a YAML file named by STINT_CONFIG', async () => {
    writeFileSync(
      join(dir, 'stint.yml'),
      'signing:\n  webhook:\n    type: hmac\n    format: stripe\n    secret_env: STRIPE\n',
    );
    const { profiles } = await loadSigningProfiles({
      env: { STINT_CONFIG: 'stint.yml', STRIPE: 'whsec_abc' },
      cwd: dir,
    });
    expect(profiles.get('webhook')).toMatchObject({ format: 'stripe', secrets: ['whsec_abc'] });
  });

  it.each([
    [
      {},
      undefined,
      'ERR_USAGE',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
      'no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})',
    ],
    [{}, 'missing.yml', 'ERR_SIGNING_CONFIG_MISSING', 'cannot read signing config missing.yml (ENOENT)'],
  ])('fails clearly without a config', async (env, config, code, message) => {
    await expect(loadSigningProfiles({ env, cwd: dir, ...(config ? { config } : {}) })).rejects.toMatchObject({
      code,
      message,
    });
  });

  it('fails on a file without signing: and on broken YAML', async () => {
    writeFileSync(join(dir, 'empty.yml'), 'broker: {}\n');
    await expect(loadSigningProfiles({ config: 'empty.yml', env: {}, cwd: dir })).rejects.toMatchObject({
      code: 'ERR_SIGNING_CONFIG',
      message: 'empty.yml: no signing: key; the file needs signing: with one mapping per profile',
    });
    writeFileSync(join(dir, 'broken.yml'), 'signing:\n  a: [\n');
    await expect(loadSigningProfiles({ config: 'broken.yml', env: {}, cwd: dir })).rejects.toMatchObject({
      code: 'ERR_SIGNING_CONFIG',
      message: expect.stringMatching(/^broken\.yml:\d+:\d+: not valid YAML or JSON \(\w+\)$/),
    });
  });
});
