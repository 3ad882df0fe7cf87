import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwksCache } from '../../src/broker/jwks-cache.js';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { HttpError, type HttpResponse, httpRequest } from '../../src/lib/http.js';
import type { ProviderConfig } from '../../src/policy/types.js';

let issuer: GithubIssuer;
let odd: Server;
let oddUrl: string;

beforeAll(async () => {
  issuer = await startGithubIssuer();
  // An issuer that misbehaves in the ways the cache must survive.
  odd = createServer((req, res) => {
    const base = oddUrl;
    if (req.url === '/big/.well-known/openid-configuration') {
      // No content-length: the cap must apply while streaming.
      res.write('{"issuer":"');
      res.end(`${'x'.repeat(300 * 1024)}"}`);
    } else if (req.url === '/slow/.well-known/openid-configuration') {
      // Never answers.
    } else if (req.url === '/https-jwks/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: `${base}/https-jwks`, jwks_uri: `http://127.0.0.1:1/jwks` }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((done) => odd.listen(0, '127.0.0.1', done));
  oddUrl = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await issuer?.stop();
  odd?.closeAllConnections();
  odd?.close();
});

/** An answer as src/lib/http.ts gives it, for a scripted issuer. */
function json(body: unknown): HttpResponse {
  const bytes = Buffer.from(JSON.stringify(body));
  return {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json' },
    body: bytes,
    header: (name) => (name.toLowerCase() === 'content-type' ? 'application/json' : undefined),
    text: () => bytes.toString('utf8'),
  };
}

/** What src/lib/http.ts throws when nothing listens. */
function refused(): HttpError {
  return new HttpError('network', 'GET https://issuer.example/', 'ECONNREFUSED', { sent: false });
}

function provider(iss: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name: 'github',
    kind: 'github',
    issuer: iss,
    audience: 'https://stint.example.com',
    algorithms: ['RS256'],
    allow_insecure: true,
    ...overrides,
  };
}

describe('JWKS cache during an issuer key rotation', () => {
  it('a token naming the new kid while the refetch is under way waits for it instead of being refused', async () => {
    const iss = 'https://issuer.example';
    let t = 1_000_000;
    let keys = [{ kty: 'oct', kid: 'old' }];
    let release: () => void = () => undefined;
    let held: Promise<void> = Promise.resolve();
    const cache = createJwksCache({
      now: () => t,
      http: async ({ url }) => {
        if (String(url).endsWith('/.well-known/openid-configuration'))
          return json({ issuer: iss, jwks_uri: `${iss}/jwks` });
        await held;
        return json({ keys });
      },
    });
    const github = provider(iss);
    expect((await cache.keysFor(github, 'old')).keys.map((k) => k.kid)).toEqual(['old']);

    t += 11_000;
    keys = [
      { kty: 'oct', kid: 'old' },
      { kty: 'oct', kid: 'new' },
    ];
    held = new Promise((done) => (release = done));
    const first = cache.keysFor(github, 'new');
    const second = cache.keysFor(github, 'new');
    release();
    for (const answer of await Promise.all([first, second]))
      expect(answer.keys.map((k) => k.kid)).toEqual(['old', 'new']);
  });
});

describe('JWKS cache', () => {
  it('fetches through discovery once, refetches an unknown kid at most once per 10 s, and serves stale keys while the issuer is down', async () => {
    let t = 1_000_000;
    let down = false;
    const fetches: string[] = [];
    const cache = createJwksCache({
      now: () => t,
      http: (request) => {
        fetches.push(new URL(request.url).pathname);
        return down ? Promise.reject(refused()) : httpRequest(request);
      },
    });
    const github = provider(issuer.url);
    const first = await cache.keysFor(github, issuer.kid);
    expect(first.keys.map((k) => k.kid)).toEqual([issuer.kid]);
    expect(fetches).toEqual(['/.well-known/openid-configuration', '/.well-known/jwks']);

    // Known kid: cached. Unknown kid within 10 s of the last fetch: no refetch, and no verdict
    // either (the key may be brand new): the caller is told when the broker may ask again.
    await cache.keysFor(github, issuer.kid);
    t += 2_500;
    await expect(cache.keysFor(github, 'unknown')).rejects.toMatchObject({
      name: 'KidNotYetFetched',
      code: 'ERR_TOKEN_KEY_PENDING',
      retryAfterSec: 8,
    });
    expect(fetches).toHaveLength(2);

    // After 10 s an unknown kid refetches once, and the keys fetched for it answer it (no such
    // key); a burst of them shares that fetch, and the next one waits again.
    t += 7_500;
    await Promise.all([cache.keysFor(github, 'unknown'), cache.keysFor(github, 'other-unknown')]);
    await expect(cache.keysFor(github, 'third-unknown')).rejects.toMatchObject({ retryAfterSec: 10 });
    expect(fetches).toHaveLength(4);

    // Issuer down: the last good keys are served; an unknown kid is not refused on keys the issuer
    // could not confirm.
    down = true;
    t += 60 * 60_000;
    expect((await cache.keysFor(github, issuer.kid)).keys.map((k) => k.kid)).toEqual([issuer.kid]);
    expect(fetches).toHaveLength(5);
    t += 10_000;
    await expect(cache.keysFor(github, 'unknown')).rejects.toMatchObject({
      code: 'ERR_TOKEN_KEY_PENDING',
      reason: expect.stringContaining('could not be fetched again'),
    });
    expect(fetches).toHaveLength(6);
  });

  it('fails when keys were never fetched, and retries a dead issuer at most once per 10 s', async () => {
    let t = 0;
    let calls = 0;
    const cache = createJwksCache({
      now: () => t,
      http: () => {
        calls++;
        return Promise.reject(refused());
      },
    });
    await expect(cache.keysFor(provider(issuer.url), undefined)).rejects.toMatchObject({
      code: 'ERR_ISSUER_UNREACHABLE',
    });
    await expect(cache.keysFor(provider(issuer.url), undefined)).rejects.toMatchObject({
      code: 'ERR_ISSUER_UNREACHABLE',
    });
    expect(calls).toBe(1);
    t += 10_000;
    await expect(cache.keysFor(provider(issuer.url), undefined)).rejects.toMatchObject({
      code: 'ERR_ISSUER_UNREACHABLE',
    });
    expect(calls).toBe(2);
  });

  it('refuses a discovery document that names another issuer', async () => {
    const cache = createJwksCache();
    await expect(cache.keysFor(provider(`${issuer.url}/`), undefined)).rejects.toMatchObject({
      code: 'ERR_ISSUER_MISMATCH',
      message: `${issuer.url}/.well-known/openid-configuration names issuer ${issuer.url}, not ${issuer.url}/`,
    });
  });

  it('refuses an http jwks_uri unless the provider allows insecure issuers', async () => {
    const cache = createJwksCache();
    await expect(cache.keysFor(provider(issuer.url, { allow_insecure: false }), undefined)).rejects.toMatchObject({
      code: 'ERR_ISSUER_INSECURE',
    });
    await expect(
      cache.keysFor(provider(`${oddUrl}/https-jwks`, { allow_insecure: false }), undefined),
    ).rejects.toMatchObject({
      code: 'ERR_ISSUER_INSECURE',
      message: `jwks_uri http://127.0.0.1:1/jwks of ${oddUrl}/https-jwks is not https`,
    });
  });

  it('caps response size and time', async () => {
    // The size cap must trip before any timeout, however busy the machine: a generous timeout here.
    const patient = createJwksCache({ timeoutMs: 120_000 });
    await expect(patient.keysFor(provider(`${oddUrl}/big`), undefined)).rejects.toMatchObject({
      code: 'ERR_ISSUER_DOCUMENT_TOO_LARGE',
    });
    const cache = createJwksCache({ timeoutMs: 300 });
    await expect(cache.keysFor(provider(`${oddUrl}/slow`), undefined)).rejects.toMatchObject({
      code: 'ERR_ISSUER_UNREACHABLE',
      message: `could not fetch ${oddUrl}/slow/.well-known/openid-configuration: timed out`,
    });
  });
});
