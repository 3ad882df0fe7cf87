/**
 * protectedResource with `introspection`, against the built broker (review s20, findings 1, 3, 4):
 * - a service that accepts several projects under a shared audience introspects each token with
 *   its project's API key (`apiKeys`), since the broker lets a key introspect only its own
 *   project's tokens; a set-up that would refuse some project's every token is refused when the
 *   guard is built (ERR_VERIFY_CONFIG);
 * - a "not active" answer is told as what it may be (revoked, expired at the broker, another
 *   project's key), and as "expired" when the token's exp has passed by the guard's clock;
 * - a token that is not a stint token (the CI's own ID token) is refused at once, by its `iss` or
 *   `typ`, without fetching the broker's keys for it.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HttpClient } from '../../src/lib/http.js';
import { httpRequest } from '../../src/lib/http.js';
import { type AccessRecord, type ProtectedResourceOptions, protectedResource } from '../../src/verify/index.js';
import { type Stack, startStack } from '../broker/stack.js';
import { CLI } from '../helpers/broker.js';

const RESOURCE = 'https://billing.example.com/api';
const BILLING = `  billing-a:
    audience: ${RESOURCE}
    shared_audience: true
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
  billing-b:
    audience: ${RESOURCE}
    shared_audience: true
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

let stack: Stack;
const keys: Record<string, string> = {};

function createApiKey(project: string): Promise<string> {
  return new Promise((done, fail) =>
    execFile(
      process.execPath,
      [CLI, 'keys', 'create-api-key', '--config', 'stint.yml', '--project', project],
      { cwd: stack.broker.dir },
      (error, stdout) => (error ? fail(error) : done(/stint_sk_[A-Za-z0-9_-]+/.exec(stdout)![0])),
    ),
  );
}

async function tokenFor(project: string, ttl?: string): Promise<string> {
  const answer = await stack.exchange({ token: await stack.idToken(), project, ...(ttl ? { ttl } : {}) });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.access_token as string;
}

let guards = 0;

/**
 * The broker's HTTP client, counting the JWKS fetches, and a jwksUrl of this guard's own: fetched
 * keys are cached per URL in the process, and a guard of its own starts with none.
 */
function counting(): { http: HttpClient; jwksUrl: string; jwksFetches: () => number } {
  let fetches = 0;
  const jwksUrl = `${stack.url}/.well-known/jwks.json?guard=${++guards}`;
  return {
    http: (request) => {
      if (String(request.url) === jwksUrl) fetches++;
      return httpRequest(request);
    },
    jwksUrl,
    jwksFetches: () => fetches,
  };
}

function guard(extra: Partial<ProtectedResourceOptions>) {
  return protectedResource({ resource: RESOURCE, issuer: stack.url, ...extra } as ProtectedResourceOptions);
}

beforeAll(async () => {
  stack = await startStack({ extraProjects: BILLING });
  for (const project of ['billing-a', 'billing-b', 'warehouse']) keys[project] = await createApiKey(project);
  // Keys created a moment ago reach the running broker within a second.
  const token = await tokenFor('billing-b');
  const probe = guard({ project: 'billing-b', introspection: { apiKey: keys['billing-b']! } });
  await vi.waitFor(async () => expect(await probe.check(`Bearer ${token}`)).toMatchObject({ ok: true }), {
    timeout: 30_000,
    interval: 250,
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('introspection for a service that accepts several projects under one audience', () => {
  it('introspects each token with its own project’s key (apiKeys), so every project’s tokens pass', async () => {
    const records: AccessRecord[] = [];
    const both = guard({
      project: ['billing-a', 'billing-b'],
      introspection: { apiKeys: { 'billing-a': keys['billing-a']!, 'billing-b': keys['billing-b']! } },
      onAccess: (record) => records.push(record),
    });
    for (const project of ['billing-a', 'billing-b'])
      expect(await both.check(`Bearer ${await tokenFor(project)}`)).toMatchObject({ ok: true, claims: { project } });
    expect(records.map((record) => [record.outcome, record.project])).toEqual([
      ['allowed', 'billing-a'],
      ['allowed', 'billing-b'],
    ]);
  });

  it('refuses, when the guard is built, a set-up where some accepted project has no key', () => {
    const refused = (extra: Partial<ProtectedResourceOptions>, message: RegExp) =>
      expect(() => guard(extra)).toThrow(
        expect.objectContaining({ code: 'ERR_VERIFY_CONFIG', message: expect.stringMatching(message) }),
      );
    // One key, several projects: the broker would answer every token of the other project "not active".
    refused(
      { project: ['billing-a', 'billing-b'], introspection: { apiKey: keys['billing-a']! } },
      /^protectedResource: introspection\.apiKey is one project's key, and project names 2 \(billing-a, billing-b\): .*give introspection\.apiKeys, one key per project/,
    );
    refused(
      { project: ['billing-a', 'billing-b'], introspection: { apiKeys: { 'billing-a': keys['billing-a']! } } },
      /^protectedResource: introspection\.apiKeys has no key for project billing-b, which project accepts/,
    );
    refused(
      { introspection: { apiKeys: { 'billing-a': keys['billing-a']! } } },
      /^protectedResource: introspection\.apiKeys needs project, the projects this service accepts \(project: \['billing-a'\]\)/,
    );
    refused(
      {
        project: 'billing-a',
        introspection: { apiKeys: { 'billing-a': keys['billing-a']!, 'billing-b': keys['billing-b']! } },
      },
      /^protectedResource: introspection\.apiKeys has a key for project billing-b, which project does not accept/,
    );
    refused(
      {
        project: 'billing-a',
        introspection: { apiKey: keys['billing-a']!, apiKeys: { 'billing-a': keys['billing-a']! } } as never,
      },
      /^protectedResource: introspection has both apiKey and apiKeys/,
    );
    refused(
      {
        project: ['billing-a', 'billing-b'],
        introspection: { apiKeys: { 'billing-a': keys['billing-a']!, 'billing-b': '' } },
      },
      /^protectedResource: introspection\.apiKeys\["billing-b"\] is empty/,
    );
    // One project, one key: as before.
    expect(() => guard({ project: ['billing-a'], introspection: { apiKey: keys['billing-a']! } })).not.toThrow();
  });
});

describe('what a "not active" answer is told as', () => {
  it('a key of another project: revoked, expired at the broker, or not of this key’s project, never just "revoked"', async () => {
    const records: AccessRecord[] = [];
    // billing-b's tokens introspected with warehouse's key (a set-up mistake the broker answers "not active").
    const wrong = guard({
      project: ['billing-a', 'billing-b'],
      introspection: { apiKeys: { 'billing-a': keys['billing-a']!, 'billing-b': keys.warehouse! } },
      onAccess: (record) => records.push(record),
    });
    const description =
      "the broker says the token is not active (revoked, expired at the broker, or not of this API key's project: the token is of project billing-b); request a new one";
    const decision = await wrong.check(`Bearer ${await tokenFor('billing-b')}`, ['read']);
    expect(decision).toMatchObject({
      ok: false,
      status: 401,
      body: { error: 'invalid_token', error_description: description },
    });
    expect(decision.ok === false && decision.headers['www-authenticate']).toContain(
      `error_description="${description}"`,
    );
    expect(records).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        code: 'ERR_TOKEN_INACTIVE',
        reason: description,
        project: 'billing-b',
      }),
    ]);
  });

  it('a token past its exp by the guard’s clock (accepted locally within the clock tolerance): expired', async () => {
    const token = await tokenFor('billing-a', '2s');
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp as number;
    await vi.waitFor(() => expect(Date.now() / 1000).toBeGreaterThan(exp + 0.5), { timeout: 30_000, interval: 100 });
    // Without introspection the guard's 60 s of tolerance accept it; the broker reads exp strictly.
    expect(await guard({ project: 'billing-a' }).check(`Bearer ${token}`)).toMatchObject({ ok: true });
    const records: AccessRecord[] = [];
    const checked = guard({
      project: 'billing-a',
      introspection: { apiKey: keys['billing-a']! },
      onAccess: (record) => records.push(record),
    });
    const description = 'the broker says the token is not active: it has expired; request a new one';
    expect(await checked.check(`Bearer ${token}`)).toMatchObject({
      ok: false,
      status: 401,
      body: { error: 'invalid_token', error_description: description },
    });
    expect(records).toEqual([expect.objectContaining({ code: 'ERR_TOKEN_EXPIRED', reason: description })]);
  });
});

describe('a token that is not a stint token', () => {
  it('the CI’s own ID token is refused at once by its iss, and never makes the guard fetch the broker’s keys', async () => {
    const idToken = await stack.idToken({ aud: RESOURCE });
    const message = `this is not a stint token: issued by "${stack.issuer.url}", not "${stack.url}"; exchange it at the broker first`;
    // A guard that has fetched nothing yet, and one that has fetched the keys for a stint token.
    const fresh = counting();
    const refused = await guard({ project: 'billing-a', http: fresh.http, jwksUrl: fresh.jwksUrl }).check(
      `Bearer ${idToken}`,
    );
    expect(refused).toMatchObject({
      ok: false,
      status: 401,
      body: { error: 'invalid_token', error_description: message },
    });
    expect(fresh.jwksFetches()).toBe(0);

    const warm = counting();
    const records: AccessRecord[] = [];
    const used = guard({
      project: 'billing-a',
      http: warm.http,
      jwksUrl: warm.jwksUrl,
      onAccess: (record) => records.push(record),
    });
    expect(await used.check(`Bearer ${await tokenFor('billing-a')}`)).toMatchObject({ ok: true });
    const fetched = warm.jwksFetches();
    expect(fetched).toBe(1);
    for (let i = 0; i < 3; i++)
      expect(await used.check(`Bearer ${idToken}`)).toMatchObject({
        status: 401,
        body: { error_description: message },
      });
    expect(warm.jwksFetches()).toBe(fetched);
    expect(records.slice(1)).toEqual(
      Array(3).fill(expect.objectContaining({ outcome: 'refused', code: 'ERR_TOKEN_INVALID', reason: message })),
    );
  });

  it('a JWT of the broker’s issuer that is not an access token (typ JWT) is refused by its typ, without a key fetch', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = `${part({ alg: 'EdDSA', typ: 'JWT', kid: 'not-a-broker-key' })}.${part({ iss: stack.url, aud: RESOURCE, exp: now + 60, iat: now })}.${Buffer.alloc(64).toString('base64url')}`;
    const client = counting();
    expect(await guard({ http: client.http, jwksUrl: client.jwksUrl }).check(`Bearer ${token}`)).toMatchObject({
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'stint token rejected: its typ is "JWT", not at+jwt (a stint access token, RFC 9068)',
      },
    });
    expect(client.jwksFetches()).toBe(0);
  });
});
