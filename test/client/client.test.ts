import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverBroker, endpoint, exchangeWithRetry, revokeToken } from '../../src/client/broker-client.js';
import { isStintError } from '../../src/lib/errors.js';
import { parseRetryAfter, RemoteError } from '../../src/lib/retry.js';
import { settingsFor } from '../../src/providers/token-source.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { fakeTime, type Reply, type SeenRequest, startScriptedServer } from './scripted-server.js';

const granted = {
  access_token: 'stint-access-token-value',
  token_type: 'Bearer',
  expires_in: 900,
  expires_at: '2026-11-24T10:15:00Z',
  scope: 'read write',
  project: 'warehouse',
  audit_id: 'aud_123',
};

/** One server for the file; each test sets the script it answers with. */
let script: (request: SeenRequest, index: number) => Reply = () => ({ status: 500 });
let base = 0;
let server: Awaited<ReturnType<typeof startScriptedServer>>;
beforeAll(async () => {
  server = await startScriptedServer((request, index) => script(request, index - base));
});
afterAll(async () => {
  await server.stop();
});
function useScript(next: (request: SeenRequest, index: number) => Reply): SeenRequest[] {
  base = server.requests.length;
  script = next;
  return server.requests.slice(base);
}
function seenSince(): SeenRequest[] {
  return server.requests.slice(base);
}

/** Hands out a different ID token each call, as the runner does. */
function idTokens() {
  const issued: string[] = [];
  return {
    issued,
    getIdToken: async (audience: string) => {
      const token = `id-token-${issued.length + 1}-for-${audience}`;
      issued.push(token);
      return token;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<RemoteError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RemoteError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('exchangeWithRetry', () => {
  it('retries 503 twice, asking for a fresh ID token each time, then returns the grant', async () => {
    useScript((_req, i) =>
      i < 2
        ? { status: 503, body: { error: 'temporarily_unavailable', request_id: `r${i}` } }
        : { status: 200, body: granted },
    );
    const ids = idTokens();
    const time = fakeTime();
    const result = await exchangeWithRetry({
      brokerUrl: server.url,
      project: 'warehouse',
      scope: 'read write',
      ttl: '900',
      audience: 'aud-x',
      ...ids,
      ...time,
    });
    expect(result).toEqual({ ...granted, expires_at: '2026-11-24T10:15:00.000Z' });
    const seen = seenSince();
    expect(seen).toHaveLength(3);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill('POST /auth/oidc/exchange'));
    expect(seen.map((r) => JSON.parse(r.body).token)).toEqual([
      'id-token-1-for-aud-x',
      'id-token-2-for-aud-x',
      'id-token-3-for-aud-x',
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({
      token: 'id-token-1-for-aud-x',
      project: 'warehouse',
      scope: 'read write',
      ttl: 900,
    });
    // full jitter: random() 0.5 × 500 ms × 2^n
    expect(time.sleeps).toEqual([250, 500]);
  });

  it('fails at once on 403 with the broker description and request id, without retrying', async () => {
    useScript(() => ({
      status: 403,
      body: {
        error: 'access_denied',
        error_description: 'ref refs/heads/feature-x is not allowed for project warehouse',
        request_id: '00000000-0000-4000-8000-000000000042',
      },
    }));
    const ids = idTokens();
    const error = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'warehouse', audience: 'a', ...ids, ...fakeTime() }),
    );
    expect(error.code).toBe('ERR_EXCHANGE_DENIED');
    expect(error.status).toBe(403);
    expect(error.error).toBe('access_denied');
    expect(error.description).toBe('ref refs/heads/feature-x is not allowed for project warehouse');
    expect(error.requestId).toBe('00000000-0000-4000-8000-000000000042');
    expect(error.message).toContain('ref refs/heads/feature-x is not allowed for project warehouse');
    expect(error.message).toContain('request_id 00000000-0000-4000-8000-000000000042');
    expectNoSecret(error.message, 'id-token-1', 'the ID token');
    expect(ids.issued).toHaveLength(1);
    expect(seenSince()).toHaveLength(1);
  });

  it("keeps a request id only in the broker's form (a UUID): one echoing the ID token is dropped, the X-Request-Id header taken instead", async () => {
    const header = '3f0c5e7a-9b1d-4c2e-8f6a-0d4b2c1e9a77';
    const cases: Array<[Record<string, string>, string | undefined]> = [
      [{ 'x-request-id': header }, header],
      [{ 'x-request-id': 'id-token-1' }, undefined],
      [{}, undefined],
    ];
    for (const [headers, expected] of cases) {
      useScript(() => ({
        status: 403,
        body: { error: 'access_denied', error_description: 'no', request_id: 'id-token-1' },
        headers,
      }));
      const ids = idTokens();
      const error = await rejection(
        exchangeWithRetry({ brokerUrl: server.url, project: 'warehouse', audience: 'a', ...ids, ...fakeTime() }),
      );
      expect(error.code).toBe('ERR_EXCHANGE_DENIED');
      expect(error.requestId).toBe(expected);
      expect(error.message).toContain(
        expected === undefined ? 'HTTP 403 access_denied: no.' : `(request_id ${header})`,
      );
      expectNoSecret(error.message, 'id-token-1', 'the ID token');
    }
  });

  it('classifies 401 as a rejected ID token and 400 as an invalid request, neither retried', async () => {
    useScript(() => ({
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'token is not valid yet (iat in the future)',
        request_id: 'r1',
      },
    }));
    const e401 = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'p', audience: 'a', ...idTokens(), ...fakeTime() }),
    );
    expect(e401.code).toBe('ERR_ID_TOKEN_REJECTED');
    expect(e401.message).toContain("check the broker host's clock (NTP)");
    useScript(() => ({
      status: 401,
      body: {
        error: 'invalid_token',
        error_description:
          'token audience "x" is not https://stint.example.com; request the ID token with audience https://stint.example.com',
        request_id: '00000000-0000-4000-8000-000000000003',
      },
    }));
    const audience = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'p', audience: 'x', ...idTokens(), ...fakeTime() }),
    );
    expect(audience.code).toBe('ERR_ID_TOKEN_REJECTED');
    // A stint broker's refusal carries the advice, with the audience it expects: said once, by it.
    expect(audience.message).toBe(
      'the broker rejected this job\'s ID token: HTTP 401 invalid_token: token audience "x" is not https://stint.example.com; request the ID token with audience https://stint.example.com (request_id 00000000-0000-4000-8000-000000000003)',
    );
    expect(seenSince()).toHaveLength(1);
    // A refusal without advice of its own gets the client's, in the words of where the job sets it.
    useScript(() => ({
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'audience not accepted',
        request_id: '00000000-0000-4000-8000-000000000004',
      },
    }));
    const bare = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'p', audience: 'x', ...idTokens(), ...fakeTime() }),
    );
    expect(bare.message).toBe(
      "the broker rejected this job's ID token: HTTP 401 invalid_token: audience not accepted (request_id 00000000-0000-4000-8000-000000000004). Set the audience input to the broker's issuer, or leave it empty to use the broker URL itself",
    );

    useScript(() => ({
      status: 400,
      body: { error: 'invalid_request', error_description: 'unknown project nope', request_id: 'r2' },
    }));
    const e400 = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'nope', audience: 'a', ...idTokens(), ...fakeTime() }),
    );
    expect(e400.code).toBe('ERR_EXCHANGE_INVALID');
    expect(e400.description).toBe('unknown project nope');
    expect(seenSince()).toHaveLength(1);
  });

  it('honours Retry-After on 429 and retries 408', async () => {
    useScript((_req, i) =>
      i === 0
        ? { status: 429, body: { error: 'temporarily_unavailable', request_id: 'r' }, headers: { 'retry-after': '3' } }
        : i === 1
          ? { status: 408 }
          : { status: 200, body: granted },
    );
    const time = fakeTime();
    await exchangeWithRetry({ brokerUrl: server.url, project: 'warehouse', audience: 'a', ...idTokens(), ...time });
    expect(time.sleeps).toEqual([3000, 500]);
  });

  it('never waits less than its own backoff, whatever Retry-After says (0, or a date in the past)', async () => {
    const baseline = fakeTime();
    useScript((_req, i) =>
      i === 0
        ? { status: 503, body: { error: 'temporarily_unavailable', request_id: 'r' } }
        : { status: 200, body: granted },
    );
    await exchangeWithRetry({ brokerUrl: server.url, project: 'warehouse', audience: 'a', ...idTokens(), ...baseline });
    for (const retryAfter of ['0', 'Thu, 01 Jan 1970 00:00:00 GMT']) {
      useScript((_req, i) =>
        i === 0
          ? {
              status: 503,
              body: { error: 'temporarily_unavailable', request_id: 'r' },
              headers: { 'retry-after': retryAfter },
            }
          : { status: 200, body: granted },
      );
      const time = fakeTime();
      await exchangeWithRetry({ brokerUrl: server.url, project: 'warehouse', audience: 'a', ...idTokens(), ...time });
      expect(time.sleeps, retryAfter).toEqual(baseline.sleeps);
    }
    expect(baseline.sleeps[0]).toBeGreaterThan(0);
  });

  it('gives up at once with ERR_EXCHANGE_RATE_LIMITED when Retry-After is longer than the budget left, saying so', async () => {
    for (const [retryAfter, budgetMs, asked, left] of [
      ['3600', undefined, '3600.0', '60.0'],
      ['20', 6000, '20.0', '6.0'],
    ] as const) {
      useScript(() => ({
        status: 429,
        body: { error: 'temporarily_unavailable', request_id: 'rl' },
        headers: { 'retry-after': retryAfter },
      }));
      const time = fakeTime();
      const error = await rejection(
        exchangeWithRetry({
          brokerUrl: server.url,
          project: 'warehouse',
          audience: 'a',
          ...(budgetMs === undefined ? {} : { budgetMs }),
          ...idTokens(),
          ...time,
        }),
      );
      expect(error.code).toBe('ERR_EXCHANGE_RATE_LIMITED');
      expect(error.status).toBe(429);
      expect(error.message).toContain(
        `(gave up after 1 attempt in 0.0 s: the broker asked to wait ${asked} s (Retry-After), more than the ${left} s left of the retry budget; STINT_RETRY_BUDGET (seconds, at most 600) sets a longer one)`,
      );
      expect(time.sleeps).toEqual([]);
    }
  });

  it('waits out a Retry-After that fits in the budget, however long', async () => {
    useScript((_req, i) =>
      i === 0
        ? {
            status: 429,
            body: { error: 'temporarily_unavailable', request_id: 'rl' },
            headers: { 'retry-after': '45' },
          }
        : { status: 200, body: granted },
    );
    const time = fakeTime();
    await exchangeWithRetry({ brokerUrl: server.url, project: 'warehouse', audience: 'a', ...idTokens(), ...time });
    expect(time.sleeps).toEqual([45_000]);
  });

  it('an invalid_scope denial points at the scopes asked for, not the trust rules; commas are named', async () => {
    useScript(() => ({
      status: 403,
      body: {
        error: 'invalid_scope',
        error_description:
          'scope "read,write" is not granted to this job for project warehouse; it may have: read write',
        request_id: 'rs',
      },
    }));
    const error = await rejection(
      exchangeWithRetry({
        brokerUrl: server.url,
        project: 'warehouse',
        audience: 'a',
        scope: 'read,write',
        ...idTokens(),
        ...fakeTime(),
      }),
    );
    expect(error.code).toBe('ERR_EXCHANGE_DENIED');
    expect(error.message).toContain(
      'Check the scopes you ask for (scope input): scopes are separated by spaces, not commas ("read write"); ask only for scopes',
    );
    expect(error.message).not.toContain('trust rules for this job');
  });

  it('a 401 for an issuer the broker does not trust says to add the issuer, not to change the audience', async () => {
    useScript(() => ({
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'token issuer "https://ci.example.com" is not a provider this broker trusts',
        request_id: 'ri',
      },
    }));
    const error = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'warehouse', audience: 'a', ...idTokens(), ...fakeTime() }),
    );
    expect(error.code).toBe('ERR_ID_TOKEN_REJECTED');
    expect(error.message).toContain(
      "Add this CI's issuer to the broker's config (providers:, with issuer: exactly the token's iss)",
    );
    expect(error.message).not.toMatch(/audience/i);
  });

  it('keeps retrying 5xx only within the budget, then reports the last answer', async () => {
    useScript(() => ({
      status: 502,
      body: {
        error: 'server_error',
        error_description: 'redis down',
        request_id: '00000000-0000-4000-8000-000000000005',
      },
    }));
    const time = fakeTime();
    const error = await rejection(
      exchangeWithRetry({
        brokerUrl: server.url,
        project: 'warehouse',
        audience: 'a',
        budgetMs: 4000,
        ...idTokens(),
        ...time,
      }),
    );
    expect(error.code).toBe('ERR_EXCHANGE_FAILED');
    expect(error.status).toBe(502);
    expect(error.requestId).toBe('00000000-0000-4000-8000-000000000005');
    expect(error.message).toContain('gave up after 5 attempts');
    expect(time.sleeps).toEqual([250, 500, 1000, 2000]); // the next wait (4000) would end past the 4 s budget
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(4000);
  });

  it('times out an attempt to a broker that never answers and reports it unreachable', async () => {
    useScript(() => 'hang');
    const time = fakeTime();
    const error = await rejection(
      exchangeWithRetry({
        brokerUrl: server.url,
        project: 'warehouse',
        audience: 'a',
        budgetMs: 1000,
        attemptTimeoutMs: 100,
        ...idTokens(),
        ...time,
      }),
    );
    expect(error.code).toBe('ERR_BROKER_UNREACHABLE');
    expect(error.message).toContain('timeout');
    expect(error.message).toContain('Check the broker URL (broker-url input)');
    expect(seenSince()).toHaveLength(3);
  });

  it("names where this CI's user sets the broker URL, not the action's input", async () => {
    useScript(() => 'hang');
    const settings = { ...settingsFor('gitlab'), request: 'project, scope and ttl (--project, --scope, --ttl)' };
    const exchange = await rejection(
      exchangeWithRetry({
        brokerUrl: server.url,
        project: 'warehouse',
        audience: 'a',
        budgetMs: 1000,
        attemptTimeoutMs: 100,
        settings,
        ...idTokens(),
        ...fakeTime(),
      }),
    );
    expect(exchange.code).toBe('ERR_BROKER_UNREACHABLE');
    expect(exchange.message).toContain("Check the broker URL (the stint component's broker_url input, or --broker)");
    // A caller that does not say where the URL is set: both places are named.
    const discovery = await rejection(
      discoverBroker(server.url, { budgetMs: 1000, attemptTimeoutMs: 100, ...fakeTime() }),
    );
    expect(discovery.message).toContain('Check the broker URL (broker-url input, or --broker)');
  });

  it('reports a refused connection as unreachable after retrying', async () => {
    const port = await freePort();
    const time = fakeTime();
    const error = await rejection(
      exchangeWithRetry({
        brokerUrl: `http://127.0.0.1:${port}`,
        project: 'warehouse',
        audience: 'a',
        budgetMs: 2000,
        ...idTokens(),
        ...time,
      }),
    );
    expect(error.code).toBe('ERR_BROKER_UNREACHABLE');
    expect(error.message).toContain('ECONNREFUSED');
    expect(time.sleeps.length).toBeGreaterThan(0);
  });

  it('retries a retryable ID token failure in the same budget, and stops at a permanent one', async () => {
    useScript(() => ({ status: 200, body: granted }));
    let calls = 0;
    const time = fakeTime();
    await exchangeWithRetry({
      brokerUrl: server.url,
      project: 'warehouse',
      audience: 'a',
      ...time,
      getIdToken: async () => {
        calls++;
        if (calls === 1)
          throw new RemoteError('ERR_ID_TOKEN_REQUEST_FAILED', 'runner said 500', { status: 500, retryable: true });
        return 'fresh';
      },
    });
    expect(calls).toBe(2);
    expect(JSON.parse(seenSince()[0]!.body).token).toBe('fresh');

    const permanent = await rejection(
      exchangeWithRetry({
        brokerUrl: server.url,
        project: 'warehouse',
        audience: 'a',
        ...fakeTime(),
        getIdToken: async () => {
          throw new RemoteError('ERR_ID_TOKEN_PERMISSION', 'add permissions: id-token: write');
        },
      }),
    );
    expect(permanent.code).toBe('ERR_ID_TOKEN_PERMISSION');
  });

  it('normalises expires_at given as unix seconds to RFC 3339', async () => {
    useScript(() => ({ status: 200, body: { ...granted, expires_at: 1_795_000_000 } }));
    const result = await exchangeWithRetry({
      brokerUrl: server.url,
      project: 'p',
      audience: 'a',
      ...idTokens(),
      ...fakeTime(),
    });
    expect(result.expires_at).toBe(new Date(1_795_000_000_000).toISOString());
  });

  it('rejects a 200 that is not an exchange response, and an oversized answer', async () => {
    useScript(() => ({ status: 200, body: '<html>login</html>' }));
    const e1 = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'p', audience: 'a', ...idTokens(), ...fakeTime() }),
    );
    expect(e1.code).toBe('ERR_EXCHANGE_FAILED');
    useScript(() => ({ status: 200, body: 'x'.repeat(300 * 1024) }));
    const e2 = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'p', audience: 'a', ...idTokens(), ...fakeTime() }),
    );
    expect(e2.code).toBe('ERR_EXCHANGE_FAILED');
    expect(e2.message).toContain('larger than');
  });

  it('refuses a redirect at once: the token goes only to the configured URL', async () => {
    useScript(() => ({ status: 308, headers: { location: 'https://elsewhere.example/' } }));
    const error = await rejection(
      exchangeWithRetry({ brokerUrl: server.url, project: 'p', audience: 'a', ...idTokens(), ...fakeTime() }),
    );
    expect(error.code).toBe('ERR_BROKER_REDIRECT');
    expect(error.message).toContain('set the broker URL (broker-url input, or --broker)');
    expect(seenSince()).toHaveLength(1);
  });

  it('keeps a path prefix and refuses URLs that are not http(s) or carry credentials', () => {
    expect(endpoint('https://x.example/stint', 'auth/oidc/exchange')).toBe(
      'https://x.example/stint/auth/oidc/exchange',
    );
    expect(endpoint('https://x.example/', '.well-known/openid-configuration')).toBe(
      'https://x.example/.well-known/openid-configuration',
    );
    for (const bad of ['x.example', 'ftp://x.example', 'https://u:p@x.example']) {
      expect(() => endpoint(bad, 'a')).toThrow(expect.objectContaining({ code: 'ERR_BROKER_URL_INVALID' }));
    }
  });
});

describe('revokeToken', () => {
  it('posts the token form-encoded to /oauth2/revoke', async () => {
    useScript(() => ({ status: 200, body: {} }));
    await revokeToken(server.url, 'tok-to-revoke', fakeTime());
    const [seen] = seenSince();
    expect(seen!.path).toBe('/oauth2/revoke');
    expect(seen!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen!.body))).toEqual({
      token: 'tok-to-revoke',
      token_type_hint: 'access_token',
    });
  });

  it('retries a revocation answered 503 (it may have taken effect: SECURITY.md) until it is answered 200', async () => {
    useScript((_r, i) =>
      i < 2 ? { status: 503, body: { error: 'temporarily_unavailable' } } : { status: 200, body: {} },
    );
    await revokeToken(server.url, 'tok-to-revoke', fakeTime());
    const seen = seenSince();
    expect(seen.map((r) => r.path)).toEqual(['/oauth2/revoke', '/oauth2/revoke', '/oauth2/revoke']);
    for (const r of seen) expect(new URLSearchParams(r.body).get('token')).toBe('tok-to-revoke');
  });

  it('fails with ERR_REVOKE_FAILED on a 4xx, without retrying', async () => {
    useScript(() => ({
      status: 400,
      body: { error: 'unsupported_token_type', request_id: '00000000-0000-4000-8000-0000000000ee' },
    }));
    const error = await rejection(revokeToken(server.url, 't', fakeTime()));
    expect(isStintError(error, 'ERR_REVOKE_FAILED')).toBe(true);
    expect(error.requestId).toBe('00000000-0000-4000-8000-0000000000ee');
    expect(seenSince()).toHaveLength(1);
  });
});

describe('discoverBroker', () => {
  it('returns the discovery document, or undefined when the broker has none', async () => {
    useScript(() => ({
      status: 200,
      body: { issuer: 'https://stint.example.com', jwks_uri: 'https://stint.example.com/.well-known/jwks.json' },
    }));
    expect((await discoverBroker(server.url, fakeTime()))?.issuer).toBe('https://stint.example.com');
    expect(seenSince()[0]!.path).toBe('/.well-known/openid-configuration');
    useScript(() => ({ status: 404, body: { error: 'not_found' } }));
    expect(await discoverBroker(server.url, fakeTime())).toBeUndefined();
    useScript(() => ({ status: 200, body: { no: 'issuer' } }));
    expect(await discoverBroker(server.url, fakeTime())).toBeUndefined();
  });

  it('retries a 503 and reports an unreachable broker as such', async () => {
    useScript((_r, i) => (i === 0 ? { status: 503 } : { status: 200, body: { issuer: 'https://i' } }));
    expect((await discoverBroker(server.url, fakeTime()))?.issuer).toBe('https://i');
    const port = await freePort();
    const error = await rejection(discoverBroker(`http://127.0.0.1:${port}`, { ...fakeTime(), budgetMs: 1000 }));
    expect(error.code).toBe('ERR_BROKER_UNREACHABLE');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

/** A port nothing listens on: bind, read it, close. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
