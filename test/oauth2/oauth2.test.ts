import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import { createParseContext } from '../../src/signing/context.js';
import {
  getProfile,
  loadSigningProfiles,
  parseSigningProfiles,
  secretValues,
  signRequest,
  writableConfig,
} from '../../src/signing/index.js';
import {
  createOauth2TokenCache,
  type Oauth2Profile,
  type Oauth2TokenCache,
  oauth2Headers,
  parseOauth2Profile,
} from '../../src/signing/oauth2.js';
import type { ProfileOrigin, SignDeps } from '../../src/signing/types.js';
import { expectNoSecret } from '../helpers/secrets.js';

const CLIENT_SECRET = 'the client secret: with spaces & symbols+/=';
const T0 = Date.parse('2026-11-24T09:00:00Z');

interface TokenEndpoint {
  url: string;
  hits: Array<{ authorization?: string; form: URLSearchParams }>;
  /** What the next requests get. */
  reply: { status: number; json: unknown };
  stop(): Promise<void>;
}

/** A token endpoint that records each request and answers with `reply`. */
async function startTokenEndpoint(): Promise<TokenEndpoint> {
  const state: TokenEndpoint = { url: '', hits: [], reply: { status: 200, json: {} }, stop: async () => undefined };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.hits.push({
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        form: new URLSearchParams(body),
      });
      res.writeHead(state.reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(state.reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
  state.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

function parse(
  raw: Record<string, unknown>,
  origin: ProfileOrigin = 'action-input',
  env: Record<string, string> = {},
): Oauth2Profile {
  return parseOauth2Profile({ type: 'oauth2', ...raw }, createParseContext({ origin, env, profile: 'billing' }));
}

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isStintError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a StintError');
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStintError(error)) throw new Error(`expected a StintError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('oauth2 client credentials', () => {
  let endpoint: TokenEndpoint;
  let cache: Oauth2TokenCache;
  let clock: number;
  const deps: SignDeps = { now: () => clock, randomBytes };

  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
  });
  afterAll(() => endpoint.stop());
  beforeEach(() => {
    endpoint.hits.length = 0;
    endpoint.reply = { status: 200, json: { access_token: 'at-1', token_type: 'Bearer', expires_in: 120 } };
    cache = createOauth2TokenCache();
    clock = T0;
  });

  it('authenticates with client_secret_basic (form-encoded id and secret) and sends scope and audience', async () => {
    const profile = parse(
      {
        token_url: endpoint.url,
        client_id: 'ci billing',
        client_secret_env: 'SECRET',
        scope: ['invoices.read', 'invoices.write'],
        audience: 'https://billing.example.com',
      },
      'file',
      { SECRET: CLIENT_SECRET },
    );
    expect(await oauth2Headers(profile, deps, cache)).toEqual({ Authorization: 'Bearer at-1' });
    const [hit] = endpoint.hits;
    const [id, secret] = Buffer.from(hit!.authorization!.replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':')
      .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
    expect([id, secret]).toEqual(['ci billing', CLIENT_SECRET]);
    expect(Object.fromEntries(hit!.form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'invoices.read invoices.write',
      audience: 'https://billing.example.com',
    });
  });

  it('reuses the token until 30 s before it expires, then fetches a new one', async () => {
    const profile = parse({ token_url: endpoint.url, client_id: 'ci', client_secret: CLIENT_SECRET });
    await oauth2Headers(profile, deps, cache);
    endpoint.reply = { status: 200, json: { access_token: 'at-2', token_type: 'bearer', expires_in: 120 } };
    clock = T0 + 90_000 - 1;
    expect(await oauth2Headers(profile, deps, cache)).toEqual({ Authorization: 'Bearer at-1' });
    expect(endpoint.hits).toHaveLength(1);
    clock = T0 + 90_000;
    expect(await oauth2Headers(profile, deps, cache)).toEqual({ Authorization: 'Bearer at-2' });
    expect(endpoint.hits).toHaveLength(2);
  });

  it('shares one fetch between concurrent callers, and keeps tokens of different clients apart', async () => {
    const a = parse({ token_url: endpoint.url, client_id: 'ci', client_secret: CLIENT_SECRET });
    const b = parse({ token_url: endpoint.url, client_id: 'ci', client_secret: CLIENT_SECRET, scope: 'other' });
    await Promise.all([oauth2Headers(a, deps, cache), oauth2Headers(a, deps, cache), oauth2Headers(a, deps, cache)]);
    expect(endpoint.hits).toHaveLength(1);
    await oauth2Headers(b, deps, cache);
    expect(endpoint.hits).toHaveLength(2);
  });

  it('does not cache a token without expires_in', async () => {
    endpoint.reply = { status: 200, json: { access_token: 'at-x', token_type: 'Bearer' } };
    const profile = parse({ token_url: endpoint.url, client_id: 'ci', client_secret: CLIENT_SECRET });
    await oauth2Headers(profile, deps, cache);
    await oauth2Headers(profile, deps, cache);
    expect(endpoint.hits).toHaveLength(2);
  });

  for (const [label, pair, alg] of [
    ['RSA, RS256 by default', generateKeyPairSync('rsa', { modulusLength: 2048 }), 'RS256'],
    ['EC P-256, ES256 by default', generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'ES256'],
  ] as const) {
    it(`authenticates with private_key_jwt (${label}): an RFC 7523 assertion that jose verifies`, async () => {
      const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const profile = parse(
        { token_url: endpoint.url, client_id: 'acme-ci', key_env: 'CLIENT_KEY', kid: 'ci-2026' },
        'file',
        { CLIENT_KEY: keyPem },
      );
      expect(await oauth2Headers(profile, deps, cache)).toEqual({ Authorization: 'Bearer at-1' });
      const form = endpoint.hits[0]!.form;
      expect(endpoint.hits[0]!.authorization).toBeUndefined();
      expect(form.get('client_id')).toBe('acme-ci');
      expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const assertion = form.get('client_assertion')!;
      expect(decodeProtectedHeader(assertion)).toEqual({ alg, typ: 'JWT', kid: 'ci-2026' });
      const { payload } = await jwtVerify(assertion, pair.publicKey, {
        issuer: 'acme-ci',
        subject: 'acme-ci',
        audience: endpoint.url,
        algorithms: [alg],
        currentDate: new Date(T0),
      });
      expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(payload.iat).toBe(T0 / 1000);
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
      await jwtVerify(assertion, pair.publicKey, { currentDate: new Date(T0 + 301_000) }).then(
        () => expect.unreachable('an assertion must not live 5 minutes'),
        (error: { code?: string }) => expect(error.code).toBe('ERR_JWT_EXPIRED'),
      );
    });
  }

  it("fails with the endpoint's error and error_description, never the secret", async () => {
    endpoint.reply = {
      status: 401,
      json: { error: 'invalid_client', error_description: `client authentication failed for secret ${CLIENT_SECRET}` },
    };
    const profile = parse({ token_url: endpoint.url, client_id: 'ci', client_secret: CLIENT_SECRET });
    expect(await rejection(oauth2Headers(profile, deps, cache))).toEqual({
      code: 'ERR_OAUTH2_TOKEN_REFUSED',
      message: `oauth2 profile "billing": the token endpoint ${endpoint.url} refused the client credentials grant: 401 invalid_client: client authentication failed for secret ***`,
    });
    endpoint.reply = { status: 200, json: { access_token: 'at-1', token_type: 'Bearer', expires_in: 60 } };
    expect(await oauth2Headers(profile, deps, cache)).toEqual({ Authorization: 'Bearer at-1' });
  });

  it('refuses a non-Bearer token, an answer without access_token, and names an unreachable endpoint', async () => {
    const profile = parse({ token_url: endpoint.url, client_id: 'ci', client_secret: CLIENT_SECRET });
    endpoint.reply = { status: 200, json: { access_token: 'x', token_type: 'DPoP', expires_in: 60 } };
    expect(await rejection(oauth2Headers(profile, deps, cache))).toEqual({
      code: 'ERR_OAUTH2_RESPONSE_INVALID',
      message: `oauth2 profile "billing": the token endpoint ${endpoint.url} issued a token of type "DPoP"; only Bearer tokens can be sent`,
    });
    endpoint.reply = { status: 200, json: { token_type: 'Bearer' } };
    expect((await rejection(oauth2Headers(profile, deps, cache))).message).toBe(
      `oauth2 profile "billing": the token endpoint ${endpoint.url} answered 200 without an access_token`,
    );
    // One that would split the Authorization header (header injection) is named as such, never sent.
    for (const accessToken of ['at-1\r\nX-Admin: true', 'at-1\n', 'at\u00001', 'at-\u20ac']) {
      endpoint.reply = { status: 200, json: { access_token: accessToken, token_type: 'Bearer', expires_in: 60 } };
      expect(await rejection(oauth2Headers(profile, deps, cache))).toEqual({
        code: 'ERR_OAUTH2_RESPONSE_INVALID',
        message: `oauth2 profile "billing": the token endpoint ${endpoint.url} answered 200 with an access_token that cannot be sent in an Authorization header: it holds a space, a line break, a control character or a character outside printable ASCII`,
      });
    }
    const port = await closedPort();
    const gone = parse({ token_url: `http://127.0.0.1:${port}/token`, client_id: 'ci', client_secret: CLIENT_SECRET });
    expect(await rejection(oauth2Headers(gone, deps, cache))).toEqual({
      code: 'ERR_OAUTH2_UNREACHABLE',
      message: `oauth2 profile "billing": the token endpoint http://127.0.0.1:${port}/token cannot be reached (ECONNREFUSED)`,
    });
  });
});

describe('parseOauth2Profile', () => {
  it('requires https for a token endpoint that is not on loopback', () => {
    expect(
      failure(() => parse({ token_url: 'http://auth.example.com/token', client_id: 'ci', client_secret: 's' })),
    ).toEqual({
      code: 'ERR_SIGNING_CONFIG',
      message:
        'signing profile "billing": field "token_url": must be https (http:// is only for localhost, 127.0.0.0/8 and ::1)',
    });
    expect(parse({ token_url: 'http://localhost:8080/token', client_id: 'ci', client_secret: 's' }).tokenUrl).toBe(
      'http://localhost:8080/token',
    );
    expect(
      parse({ token_url: 'https://auth.example.com/token', client_id: 'ci', client_secret: 's' }).auth.method,
    ).toBe('client_secret_basic');
  });

  it('keeps secrets out of config files and wants exactly one client authentication', () => {
    expect(
      failure(() => parse({ token_url: 'https://a.example/t', client_id: 'ci', client_secret: 's' }, 'file')).message,
    ).toBe(
      'signing profile "billing": field "client_secret": secrets are not allowed inline in a config file; use client_secret_env: VAR (the name of an environment variable)',
    );
    expect(failure(() => parse({ token_url: 'https://a.example/t', client_id: 'ci' }, 'file')).message).toBe(
      'signing profile "billing": field "client_secret": client authentication is required: give client_secret_env: VAR, or key_env: VAR for private_key_jwt',
    );
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(
      failure(() => parse({ token_url: 'https://a.example/t', client_id: 'ci', client_secret: 's', key })).message,
    ).toBe(
      'signing profile "billing": field "key": give either client_secret (client_secret_basic) or key (private_key_jwt), not both',
    );
    expect(failure(() => parse({ token_url: 'https://a.example/t', client_id: 'ci', key, alg: 'RS256' })).message).toBe(
      'signing profile "billing": field "alg": RS256 does not fit the EC prime256v1 key',
    );
    expect(
      failure(() => parse({ token_url: 'https://a.example/t', client_id: 'ci', client_secret: 's', grant: 'password' }))
        .message,
    ).toMatch(/^signing profile "billing": field "grant": unknown field; allowed: /);
  });
});

async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('oauth2 through the signing config', () => {
  let endpoint: TokenEndpoint;
  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    endpoint.reply = { status: 200, json: { access_token: 'at-config', token_type: 'Bearer', expires_in: 300 } };
  });
  afterAll(() => endpoint.stop());

  it('signs from the action input, and the config written for later steps holds no client secret but still works', async () => {
    const input = `billing:\n  type: oauth2\n  token_url: ${endpoint.url}\n  client_id: ci\n  client_secret: "${CLIENT_SECRET}"\n  scope: invoices.read\n`;
    const profiles = parseSigningProfiles(input, { origin: 'action-input', env: {} });
    expect(secretValues(profiles)).toEqual([CLIENT_SECRET]);
    const request = { method: 'GET', url: 'https://billing.example.com/invoices', headers: {}, body: Buffer.alloc(0) };
    expect(await signRequest(getProfile(profiles, 'billing'), request, { now: () => T0, randomBytes })).toEqual({
      headers: { Authorization: 'Bearer at-config' },
      credential: 'at-config',
    });

    const { yaml, env } = writableConfig(profiles);
    expectNoSecret(yaml, CLIENT_SECRET, 'the client secret');
    const dir = mkdtempSync(join(tmpdir(), 'stint-config-'));
    writeFileSync(join(dir, 'config.json'), yaml, { mode: 0o600 });
    const later = await loadSigningProfiles({ config: join(dir, 'config.json'), env, cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    endpoint.hits.length = 0;
    expect(await signRequest(getProfile(later, 'billing'), request, { now: () => T0 + 1000, randomBytes })).toEqual({
      headers: { Authorization: 'Bearer at-config' },
      credential: 'at-config',
    });
    // Same endpoint, client and secret in the same process: the token comes from the memory cache.
    expect(endpoint.hits).toHaveLength(0);
    expect(secretValues(later)).toEqual([CLIENT_SECRET]);
    expect(Object.keys(env)).toEqual(['STINT_SECRET_BILLING_1']);
  });
});
