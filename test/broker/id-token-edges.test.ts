import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ciDescriptor } from '../../src/providers/index.js';
import { type LogEntry, logEntries, type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { stackConfig } from './stack.js';

/**
 * ID tokens no CI library would make, signed here byte by byte with keys this test holds, against
 * the built broker: claims nested thousands deep (each refused 401 as what it is, never a 500),
 * and an issuer key rotation while someone sends made-up kids (the job with the new key is told
 * to retry, 503 with Retry-After, never refused 401 while the broker may not ask the issuer yet).
 */

interface TestIssuer {
  url: string;
  /** JWKS fetches served so far. */
  jwksFetches(): number;
  /** Publishes one more key; returns its kid. */
  addKey(): string;
  /** Signs exactly this header and payload text (nothing is re-encoded) with the key of `kid`. */
  sign(headerJson: string, payloadJson: string, kid: string): string;
  /** The claims of a GitHub push to main of acme/warehouse, for `audience`, as JSON text. */
  claims(audience: string, extra?: Record<string, unknown>): Record<string, unknown>;
  stop(): Promise<void>;
}

async function startTestIssuer(): Promise<TestIssuer> {
  const keys = new Map<string, { privateKey: KeyObject; jwk: Record<string, unknown> }>();
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/.well-known/jwks` }));
    } else if (req.url === '/.well-known/jwks') {
      fetches++;
      res.end(JSON.stringify({ keys: [...keys.values()].map((key) => key.jwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const addKey = (): string => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomUUID();
    keys.set(kid, { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } });
    return kid;
  };
  return {
    url,
    jwksFetches: () => fetches,
    addKey,
    sign(headerJson, payloadJson, kid) {
      const signed = `${Buffer.from(headerJson).toString('base64url')}.${Buffer.from(payloadJson).toString('base64url')}`;
      const key = keys.get(kid)?.privateKey ?? [...keys.values()][0]!.privateKey;
      return `${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`;
    },
    claims(audience, extra = {}) {
      const now = Math.floor(Date.now() / 1000);
      return {
        ...ciDescriptor('github').claims.example(url, audience),
        jti: randomUUID(),
        iat: now,
        nbf: now - 5,
        exp: now + 300,
        ...extra,
      };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** JSON text of an array nested `depth` deep: what no JSON.stringify in the broker may be handed. */
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A JSON object's text with `raw` spliced in as the value of `name` (raw is already JSON). */
function withRaw(object: Record<string, unknown>, name: string, raw: string): string {
  const text = JSON.stringify({ ...object, [name]: '\u0000' });
  return text.replace('"\\u0000"', raw);
}

let issuer: TestIssuer;
let broker: RunningBroker;
let firstKid: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  firstKid = issuer.addKey();
  broker = await startBrokerAt((url) => stackConfig(url, issuer.url));
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
});

async function exchange(token: string): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function tokenEndpoint(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${broker.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      subject_token: token,
      resource: 'warehouse',
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('an issuer key rotation while made-up kids arrive', () => {
  it('the new key within the refetch interval is 503 with Retry-After, then 200 with the same ID token; a made-up kid after a fetch is 401; a flood makes at most one fetch', async () => {
    // A made-up kid: the broker fetches (its first fetch of this issuer: this test runs first), and
    // that fetch says the kid does not exist.
    const before = issuer.jwksFetches();
    const fetchedAt = Date.now();
    const junk = await exchange(
      issuer.sign(
        JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'made-up' }),
        JSON.stringify(issuer.claims(broker.url)),
        firstKid,
      ),
    );
    expect(junk.status).toBe(401);
    expect(junk.body.error_description).toBe(`no signing key of ${issuer.url} has the token's kid 'made-up'`);
    expect(issuer.jwksFetches()).toBe(before + 1);

    // The issuer publishes a new key and signs with it at once; the broker may not ask again for 10 s.
    const newKid = issuer.addKey();
    const idToken = issuer.sign(
      JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: newKid }),
      JSON.stringify(issuer.claims(broker.url)),
      newKid,
    );
    const held = await exchange(idToken);
    expect(held.status).toBe(503);
    expect(held.body).toMatchObject({
      error: 'temporarily_unavailable',
      error_description: expect.stringMatching(
        new RegExp(`^no signing key of ${issuer.url} matches the token's kid yet; .* again within \\d+ s: retry then$`),
      ),
    });
    const retryAfter = Number(held.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(issuer.jwksFetches()).toBe(before + 1);

    // A flood of made-up kids in the same window: no fetch, each told to retry.
    const flood = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        exchange(
          issuer.sign(
            JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: `random-${i}` }),
            JSON.stringify(issuer.claims(broker.url)),
            firstKid,
          ),
        ),
      ),
    );
    // (On a machine so slow that the 10 s passed meanwhile, one of them fetched: allowed, no more.)
    const inWindow = Date.now() - fetchedAt < 9_000;
    if (inWindow) expect(new Set(flood.map((answer) => answer.status))).toEqual(new Set([503]));
    expect(issuer.jwksFetches()).toBeLessThanOrEqual(before + (inWindow ? 1 : 2));
    const fetchesBeforeRetry = issuer.jwksFetches();

    // Each held answer has its access line, but the operational log says so once per issuer per
    // 10 s, as a warning: made-up kids cannot flood it (it was one error line per request).
    const floodEnded = Date.now();
    const held503 = flood.filter((answer) => answer.status === 503).length + 1;
    let entries: LogEntry[] = [];
    await vi.waitFor(
      () => {
        entries = logEntries(broker.stdout());
        const accessLines = entries.filter(
          (e) => e.msg === 'request' && e.status === 503 && e.route === '/auth/oidc/exchange',
        );
        expect(accessLines.length).toBeGreaterThanOrEqual(held503);
      },
      { timeout: 30_000, interval: 200 },
    );
    const pendingLines = entries.filter(
      (e) => e.msg !== 'request' && e.msg.includes(`kid not in the keys of ${issuer.url}`),
    );
    expect(pendingLines.length).toBeGreaterThanOrEqual(1);
    expect(pendingLines.length).toBeLessThanOrEqual(1 + Math.floor((floodEnded - fetchedAt) / 10_000));
    expect(entries.filter((e) => e.level === 'error' && e.msg.includes(issuer.url))).toEqual([]);

    // The job retries the same ID token after Retry-After (it was not spent): the broker fetches and finds the key.
    await new Promise((done) => setTimeout(done, retryAfter * 1000));
    let granted: Awaited<ReturnType<typeof exchange>> | undefined;
    await vi.waitFor(
      async () => {
        granted = await exchange(idToken);
        expect(granted.status).not.toBe(503);
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(granted?.status).toBe(200);
    expect(issuer.jwksFetches()).toBeLessThanOrEqual(fetchesBeforeRetry + 1);

    // The held answers were refusals of the token, not broker failures: audited and counted as denied.
    const metrics = await (await fetch(`${broker.url}/metrics`)).text();
    const pending = flood.filter((answer) => answer.status === 503).length + 1;
    expect(metrics).toContain(`stint_exchanges_total{outcome="denied",reason="ERR_TOKEN_KEY_PENDING"} ${pending}\n`);
    expect(metrics).not.toMatch(/outcome="error",reason="ERR_TOKEN_KEY_PENDING"/);
  });
});

describe('claims nested thousands deep', () => {
  /** The token `build` makes with the deepest nesting that keeps it within the 16 KiB cap. */
  function deepest(build: (depth: number) => string): { token: string; depth: number } {
    for (let depth = 6_200; ; depth -= 25) {
      const token = build(depth);
      if (Buffer.byteLength(token) <= 16 * 1024) return { token, depth };
    }
  }

  it('crit or iss nested deep (no valid signature needed) and aud nested deep (signed) are 401 saying what is wrong, never 500', async () => {
    const header = JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: firstKid });
    const claims = issuer.claims(broker.url);
    const cases = [
      {
        name: 'crit',
        ...deepest((depth) =>
          issuer.sign(
            withRaw({ alg: 'RS256', typ: 'JWT', kid: firstKid }, 'crit', nested(depth)),
            JSON.stringify(claims),
            firstKid,
          ),
        ),
        description: 'token header crit must be an array of strings',
        code: 'ERR_TOKEN_CRIT',
      },
      {
        name: 'iss',
        ...deepest(
          (depth) =>
            `${issuer.sign(header, withRaw(claims, 'iss', nested(depth)), firstKid).slice(0, -20)}AAAAAAAAAAAAAAAAAAAA`,
        ),
        description: 'token iss claim is not a string',
        code: 'ERR_ISSUER_UNTRUSTED',
      },
      {
        name: 'aud',
        ...deepest((depth) => issuer.sign(header, withRaw(claims, 'aud', nested(depth)), firstKid)),
        description: `token audience of type array is not ${broker.url}; request the ID token with audience ${broker.url} (the stint action's audience input, or --audience of stint exchange)`,
        code: 'ERR_TOKEN_AUDIENCE',
      },
    ];
    for (const { name, token, depth, description, code } of cases) {
      // Deeper than JSON.stringify can go on the broker's stack (about 5,000 on a default Node stack).
      expect(depth, name).toBeGreaterThan(5_000);
      const answer = await exchange(token);
      expect({ name, status: answer.status, body: answer.body }).toMatchObject({
        name,
        status: 401,
        body: { error: 'invalid_token', error_description: description },
      });
      // RFC 8693's endpoint answers the same refusal as 400 invalid_request.
      const viaToken = await tokenEndpoint(token);
      expect({ name, status: viaToken.status, body: viaToken.body }).toMatchObject({
        name,
        status: 400,
        body: { error: 'invalid_request', error_description: description },
      });
      // Audited as a denial with its code (the audit line is written before the answer).
      const audited = readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((event) => event.code === code && event.reason === description);
      expect(audited.map((event) => event.outcome)).toEqual(['denied', 'denied']);
    }
    expect(broker.output()).not.toContain('Maximum call stack size exceeded');
  });

  it('a crit list of names is still quoted, each cut to 200 characters, at most five', async () => {
    const long = 'x'.repeat(300);
    const token = issuer.sign(
      JSON.stringify({ alg: 'RS256', kid: firstKid, crit: [long, 'b', 'c', 'd', 'e', 'f'] }),
      JSON.stringify(issuer.claims(broker.url)),
      firstKid,
    );
    const answer = await exchange(token);
    expect(answer.status).toBe(401);
    expect(answer.body.error_description).toBe(
      `token header lists crit extensions (['${'x'.repeat(200)}...','b','c','d','e',...]) that stint does not understand`,
    );
  });
});
