import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createApiKey } from '../../src/tokens/api-keys.js';
import { type Stack, startStack } from './stack.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function form(
  path: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
}

/** Creates a project API key the way `stint keys create-api-key` does: into the broker's keys dir. */
async function apiKey(project: string): Promise<string> {
  const store = createMemoryStore({ apiKeyFile: join(stack.broker.dir, 'keys', 'api-keys.json') });
  const { key } = await createApiKey(store, { project, name: 'test' });
  await store.close();
  // The running broker sees the new file on its next lookup (it checks the file's identity).
  return key;
}

describe('stint serve', () => {
  it('prints where it listens first, then what it trusts', async () => {
    const lines = stack.broker.output().split('\n');
    expect(lines[0]).toBe(`stint broker listening on ${stack.url}`);
    await vi.waitFor(() => expect(stack.broker.output()).toMatch(/project limited: /), {
      timeout: 60_000,
      interval: 50,
    });
    expect(stack.broker.output()).toContain(
      `trusts provider github: ${stack.issuer.url} (audience ${stack.url}; RS256)`,
    );
    expect(stack.broker.output()).toContain(
      'project warehouse: scopes read write deploy, ttl 900s (max 3600s), 1 trust rule',
    );
  });

  it('answers /healthz and tags every response with X-Request-Id', async () => {
    const response = await fetch(`${stack.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await fetch(`${stack.url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets caches keep discovery, the JWKS and the CA; never a token, with Pragma: no-cache beside no-store only', async () => {
    const caching = (answer: { headers: Headers }) => ({
      'cache-control': answer.headers.get('cache-control'),
      pragma: answer.headers.get('pragma'),
    });
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      expect(caching(await fetch(`${stack.url}${path}`)), path).toEqual({
        'cache-control': 'public, max-age=300',
        pragma: null,
      });
    }
    expect(caching(await fetch(`${stack.url}/.well-known/jwks.json`))).toEqual({
      'cache-control': 'public, max-age=60',
      pragma: null,
    });
    expect(caching(await fetch(`${stack.url}/mtls/ca.pem`))).toEqual({
      'cache-control': 'public, max-age=300',
      pragma: null,
    });
    // Token responses (RFC 6749 §5.1), and errors, which may quote what was sent: no-store and Pragma: no-cache.
    const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
    const exchanged = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
    expect(exchanged.status).toBe(200);
    expect(caching(exchanged)).toEqual(noStore);
    const rfc8693 = await form('/oauth2/token', {
      grant_type: TOKEN_EXCHANGE,
      subject_token: await stack.idToken(),
      subject_token_type: ID_TOKEN_TYPE,
      audience: 'warehouse',
    });
    expect(rfc8693.status).toBe(200);
    expect(caching(rfc8693)).toEqual(noStore);
    expect(caching(await form('/oauth2/introspect', { token: 'x' }))).toEqual(noStore);
  });
});

describe('POST /auth/oidc/exchange', () => {
  it('mints a project token that jose verifies through the broker discovery and JWKS', async () => {
    const idToken = await stack.idToken();
    const sent = Math.floor(Date.now() / 1000);
    const { status, headers, body } = await stack.exchange({ token: idToken, project: 'warehouse', scope: 'read' });
    const answered = Math.ceil(Date.now() / 1000);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'read', project: 'warehouse', expires_in: 900 });
    expect(body.audit_id).toBe(headers.get('x-request-id'));
    // Minted between sending and the answer, however long that took on a busy machine.
    expect(body.expires_at).toBeGreaterThanOrEqual(sent + 900);
    expect(body.expires_at).toBeLessThanOrEqual(answered + 900);

    const discovery = (await (await fetch(`${stack.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(discovery.issuer).toBe(stack.url);
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri!));
    const token = body.access_token as string;
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: stack.url,
      audience: 'https://api.warehouse.example.com',
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
      client_id: 'github:acme/warehouse',
      scope: 'read',
      project: 'warehouse',
      ci: {
        provider: 'github',
        repository: 'acme/warehouse',
        repository_id: '7654321',
        owner_id: '1234567',
        ref: 'refs/heads/main',
        event: 'push',
        run_id: '9876543210',
      },
    });
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('grants every scope the policy allows when none is asked for, and honours ttl up to max_ttl', async () => {
    const a = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: '90s' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ scope: 'read write', expires_in: 90 });
    const b = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: 86_400 });
    expect(b.status).toBe(200);
    expect(b.body.expires_in).toBe(3600);
    const c = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: 'soon' });
    expect(c.status).toBe(400);
    expect(c.body).toMatchObject({ error: 'invalid_request' });
    // error_description in RFC 6749 §5.2's characters: the caller's text quoted with ', an ellipsis as ...
    expect(c.body.error_description).toMatch(/^ttl 'soon' is not a duration/);
    // The caller's text is quoted cut short: it is in the 400 and in the audit line.
    const d = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: 'x'.repeat(30_000) });
    expect(d.status).toBe(400);
    expect(d.body.error_description).toMatch(/^ttl 'x{200}\.\.\.' is not a duration/);
  });

  it('refuses a scope beyond the grant with 403 invalid_scope', async () => {
    const { status, body } = await stack.exchange({
      token: await stack.idToken(),
      project: 'warehouse',
      scope: 'read deploy',
    });
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: 'invalid_scope' });
    expect(body.error_description).toBe(
      "scope 'deploy' is not granted to this job for project warehouse; it may have: read write",
    );
    expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('quotes the scopes it refuses cut to 200 characters, however many were asked for (review: a 48 KB request echoed 46,969 characters)', async () => {
    const scope = Array.from({ length: 8000 }, (_, i) => `s${i}`).join(' ');
    const quoted = `'${scope.slice(0, 200)}...'`;
    const token = await stack.idToken();
    const { status, body } = await stack.exchange({ token, project: 'warehouse', scope });
    expect(status).toBe(403);
    expect(body).toMatchObject({
      error: 'invalid_scope',
      error_description: `scope ${quoted} is not granted to this job for project warehouse; it may have: read write`,
    });
    // The same on /oauth2/token, with the same ID token (a scope denial does not spend it).
    const response = await fetch(`${stack.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        resource: 'warehouse',
        scope: Array.from({ length: 5000 }, (_, i) => `s${i}`).join(' '),
      }),
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as Record<string, string>;
    expect(answer.error).toBe('invalid_scope');
    expect(answer.error_description!.length).toBeLessThan(300);
  });

  it('explains a denial to an owner named in the policy, and only gives others a generic answer', async () => {
    const known = await stack.exchange({
      token: await stack.idToken({ sub: 'repo:acme/warehouse:ref:refs/heads/feature-x', ref: 'refs/heads/feature-x' }),
      project: 'warehouse',
    });
    expect(known.status).toBe(403);
    expect(known.body.error).toBe('access_denied');
    expect(known.body.error_description).toContain('refs/heads/feature-x');

    const stranger = await stack.exchange({
      token: await stack.idToken({
        sub: 'repo:evil/warehouse:ref:refs/heads/main',
        repository: 'evil/warehouse',
        repository_owner: 'evil',
        repository_owner_id: '666',
        repository_id: '667',
      }),
      project: 'warehouse',
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body).toMatchObject({
      error: 'access_denied',
      error_description: 'this token is not allowed to get tokens for this project',
    });
    // The audit log has the full reason for both.
    const denials = stack
      .auditText()
      .split('\n')
      .filter((line) => line.includes('"exchange_denied"') && line.includes('evil/warehouse'));
    expect(denials).toHaveLength(1);
    expect(JSON.parse(denials[0]!)).toMatchObject({
      event: 'exchange_denied',
      outcome: 'denied',
      owner: 'evil',
      ci_event: 'push',
      code: 'ERR_POLICY_DENIED',
    });
  });

  it('rate-limits per provider and owner with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<Stack['exchange']>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await stack.exchange({ token: await stack.idToken(), project: 'limited' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last!.body.error).toBe('temporarily_unavailable');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // The project's own bucket: the shared one still has room.
    expect((await stack.exchange({ token: await stack.idToken(), project: 'warehouse' })).status).toBe(200);
  });
});

describe('OAuth 2.0 endpoints with openid-client', () => {
  it('performs the RFC 8693 exchange and the RFC 7009 revocation; introspection then says inactive', async () => {
    const config = await oidc.discovery(new URL(stack.url), 'stint-tests', undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const tokens = await oidc.genericGrantRequest(config, TOKEN_EXCHANGE, {
      subject_token: await stack.idToken(),
      subject_token_type: ID_TOKEN_TYPE,
      resource: 'stint:warehouse',
      scope: 'read write',
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('read write');
    expect(tokens.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect(tokens.expires_in).toBe(900);
    const accessToken = tokens.access_token;
    expect(decodeProtectedHeader(accessToken).typ).toBe('at+jwt');

    const key = await apiKey('warehouse');
    const before = await form('/oauth2/introspect', { token: accessToken }, { authorization: `Bearer ${key}` });
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({
      active: true,
      project: 'warehouse',
      scope: 'read write',
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
    });

    await oidc.tokenRevocation(config, accessToken);
    const after = await form('/oauth2/introspect', { token: accessToken }, { authorization: `Bearer ${key}` });
    expect(await after.json()).toEqual({ active: false });
    expect(stack.auditText()).toContain('"token_revoked"');
  });

  it('accepts the project by name or audience, and answers unknown tokens on /oauth2/revoke with 200', async () => {
    for (const audience of ['warehouse', 'https://api.warehouse.example.com']) {
      const response = await form('/oauth2/token', {
        grant_type: TOKEN_EXCHANGE,
        subject_token: await stack.idToken(),
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        audience,
      });
      expect(response.status).toBe(200);
    }
    expect((await form('/oauth2/revoke', { token: 'not-a-token' })).status).toBe(200);
    const wrongGrant = await form('/oauth2/token', {
      grant_type: 'password',
      subject_token: 'x',
      subject_token_type: ID_TOKEN_TYPE,
    });
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('introspection says inactive as soon as the token expires: skew is for accepting times, not for reporting', async () => {
    const key = await apiKey('warehouse');
    const { status, body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: 10 });
    expect(status).toBe(200);
    const token = body.access_token as string;
    const exp = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    const introspect = async () =>
      (await (await form('/oauth2/introspect', { token }, { authorization: `Bearer ${key}` })).json()) as {
        active: boolean;
      };
    expect(await introspect()).toMatchObject({ active: true });
    // Wait (by the clock, not a fixed sleep) until exp has passed; the broker's 60 s skew must not keep it live.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(exp * 1000 + 100), { timeout: 30_000, interval: 100 });
    expect(await introspect()).toEqual({ active: false });
    // Nor can it still buy a client certificate.
    const certificate = await fetch(`${stack.url}/mtls/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csr: 'x' }),
    });
    expect(certificate.status).toBe(401);
    expect(certificate.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('a certificate request without credentials gets a bare challenge, one with a bad token invalid_token', async () => {
    const request = (headers: Record<string, string>) =>
      fetch(`${stack.url}/mtls/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ csr: 'x' }),
      });
    const none = await request({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(`Bearer realm="${stack.url}"`);
    expect(await none.json()).toMatchObject({ error: 'invalid_token' });
    const garbled = await request({ authorization: 'Bearer not-a-token' });
    expect(garbled.status).toBe(401);
    expect(garbled.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('introspection needs a project API key and only shows that project its own tokens', async () => {
    const { body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
    const token = body.access_token as string;
    // No credentials at all: a bare challenge naming the realm, no error code (RFC 6750 §3.1).
    const none = await form('/oauth2/introspect', { token });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(`Bearer realm="${stack.url}"`);
    expect(await none.json()).toMatchObject({ error: 'invalid_token' });
    // Credentials that are wrong, or not an API key: invalid_token.
    const forged = await form('/oauth2/introspect', { token }, { authorization: 'Bearer stint_sk_nope_nope' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const notKey = await form('/oauth2/introspect', { token }, { authorization: `Bearer ${token}` });
    expect(notKey.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const otherKey = await apiKey('other');
    const foreign = await form('/oauth2/introspect', { token }, { authorization: `Bearer ${otherKey}` });
    expect(await foreign.json()).toEqual({ active: false });
  });

  it('checks made-up ids as wrong secrets (DESIGN §2): one address is turned away past 4 checks at once (429) either way, and the real key is served after', async () => {
    const { body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
    const token = body.access_token as string;
    const key = await apiKey('warehouse');
    const flood = (authorization: () => string) =>
      Promise.all(
        Array.from({ length: 150 }, async () => {
          const response = await form('/oauth2/introspect', { token }, { authorization: `Bearer ${authorization()}` });
          return {
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            body: (await response.json()) as Record<string, unknown>,
          };
        }),
      );
    // Ids no key has: each costs the scrypt of a wrong secret, so the answer time does not tell that
    // the id does not exist, and one address may have 4 at once, as with a known id.
    const madeUp = await flood(
      () => `stint_sk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`,
    );
    expect(new Set(madeUp.map((r) => r.status))).toEqual(new Set([401, 429]));
    // The real key's id with wrong secrets: each costs a scrypt, and one address may have 4 at once.
    const id = /^stint_sk_([0-9a-f]{16})_/.exec(key)![1]!;
    const guesses = await flood(() => `stint_sk_${id}_${randomBytes(32).toString('base64url')}`);
    expect(new Set(guesses.map((r) => r.status))).toEqual(new Set([401, 429]));
    expect(guesses.find((r) => r.status === 429)).toMatchObject({ retryAfter: '1' });
    expect(
      await (await form('/oauth2/introspect', { token }, { authorization: `Bearer ${key}` })).json(),
    ).toMatchObject({ active: true });
  });

  it('takes the Bearer scheme in any case, and refuses several Authorization headers with 400', async () => {
    const { body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
    const token = body.access_token as string;
    const key = await apiKey('warehouse');
    const lower = await form('/oauth2/introspect', { token }, { authorization: `bearer ${key}` });
    expect(await lower.json()).toMatchObject({ active: true, project: 'warehouse' });
    // fetch folds repeated fields into one; node:http sends each line, as a hostile client would.
    for (const [path, values] of [
      ['/oauth2/introspect', [`Bearer ${key}`, 'Bearer stint_sk_0000000000000000_x']],
      ['/oauth2/introspect', ['Bearer stint_sk_0000000000000000_x', `Bearer ${key}`]],
      ['/mtls/certificates', [`Bearer ${token}`, 'Bearer other']],
    ] as const) {
      const answer = await new Promise<{ status: number; body: Record<string, unknown> }>((done, fail) => {
        const payload = path === '/mtls/certificates' ? '{"csr":"x"}' : new URLSearchParams({ token }).toString();
        const type = path === '/mtls/certificates' ? 'application/json' : 'application/x-www-form-urlencoded';
        const req = request(
          `${stack.url}${path}`,
          {
            method: 'POST',
            // Raw header lines: host and content-length are ours to send then.
            headers: [
              'host',
              new URL(stack.url).host,
              'authorization',
              values[0],
              'authorization',
              values[1],
              'content-type',
              type,
              'content-length',
              String(Buffer.byteLength(payload)),
            ],
          },
          (res) => {
            let text = '';
            res
              .setEncoding('utf8')
              .on('data', (chunk: string) => (text += chunk))
              .on('end', () => done({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }));
          },
        );
        req.on('error', fail);
        req.end(payload);
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: 'invalid_request',
        error_description: 'send one Authorization header, not several',
      });
    }
  });
});

describe('GET /metrics', () => {
  it('exposes exchanges by outcome and reason, latency, JWKS fetches and store errors', async () => {
    const response = await fetch(`${stack.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await response.text();
    expect(text).toMatch(/^stint_exchanges_total\{outcome="issued",reason="OK"\} \d+$/m);
    // The scope denials of the tests above (one, then two more with 8,000 and 5,000 scopes).
    expect(text).toMatch(/^stint_exchanges_total\{outcome="denied",reason="ERR_SCOPE_NOT_GRANTED"\} 3$/m);
    expect(text).toMatch(/^stint_exchange_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
    expect(text).toContain(`stint_jwks_fetches_total{issuer="${stack.issuer.url}",outcome="ok"} 1`);
    expect(text).toMatch(/^stint_store_errors_total 0$/m);
  });
});

describe('mTLS client certificates', () => {
  it('issues a certificate for the token project that expires no later than the token, and audits it', async () => {
    const { body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: '5m' });
    const token = body.access_token as string;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const csr = await createCsr(privateKey, 'ci job');
    const response = await fetch(`${stack.url}/mtls/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csr }),
    });
    expect(response.status).toBe(200);
    const issued = (await response.json()) as { certificate: string; ca: string; serial: string; not_after: string };
    const caPem = await (await fetch(`${stack.url}/mtls/ca.pem`)).text();
    expect(issued.ca).toBe(caPem);
    const certificate = new X509Certificate(issued.certificate);
    expect(certificate.verify(new X509Certificate(caPem).publicKey)).toBe(true);
    expect(certificate.subjectAltName).toContain('URI:urn:stint:project:warehouse');
    expect(certificate.serialNumber).toBe(issued.serial);
    expect(Date.parse(certificate.validTo)).toBeLessThanOrEqual((body.expires_at as number) * 1000);
    expect(Date.parse(issued.not_after)).toBe(Date.parse(certificate.validTo));
    expect(stack.auditText()).toContain(`"serial":"${issued.serial}"`);
  });

  it('refuses without a live stint token, and refuses a bad CSR with 400', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${stack.url}/mtls/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const csr = await createCsr(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ci job');
    expect((await post({}, { csr })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${await stack.idToken()}` }, { csr })).status).toBe(401);

    const { body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
    const token = body.access_token as string;
    const bad = await post(
      { authorization: `Bearer ${token}` },
      { csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n' },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request' });

    await form('/oauth2/revoke', { token });
    const revoked = await post({ authorization: `Bearer ${token}` }, { csr });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: 'invalid_token' });
  });
});
