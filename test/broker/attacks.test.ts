import { createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type Stack, startStack } from './stack.js';

/**
 * The attack corpus of issue 4: each forged, broken or replayed token is refused with a 4xx
 * (never 200, never 5xx but a 503 with Retry-After for a kid the broker may not ask the issuer
 * about yet), with the error code and description a caller would see.
 */
let stack: Stack;
let stranger: GithubIssuer;
let keyServer: Server;
let keyServerHits = 0;
let keyServerUrl: string;

beforeAll(async () => {
  stack = await startStack();
  stranger = await startGithubIssuer();
  // Stands in for an attacker's key URL: it must never be fetched.
  keyServer = createServer((_req, res) => {
    keyServerHits++;
    res.end('{"keys":[]}');
  });
  await new Promise<void>((done) => keyServer.listen(0, '127.0.0.1', done));
  keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stack?.stop();
  await stranger?.stop();
  keyServer?.close();
});

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token from raw parts, for shapes no library will sign. */
function raw(header: unknown, payload: unknown, signature = 'c2lnbmF0dXJl'): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

async function claims(): Promise<Record<string, unknown>> {
  const now = Math.floor(Date.now() / 1000);
  return {
    ...stack.issuer.defaults,
    aud: stack.url,
    iat: now,
    nbf: now - 5,
    exp: now + 300,
    jti: `j-${Math.random()}`,
  };
}

async function refused(
  token: string,
  project = 'warehouse',
): Promise<{ status: number; error: string; description: string }> {
  const { status, body } = await stack.exchange({ token, project });
  return { status, error: body.error as string, description: body.error_description as string };
}

describe('attack corpus: every forged or broken token is refused', () => {
  const results: Array<[string, number]> = [];
  afterAll(() => {
    // The list the issue asks for, with the status each got.
    console.log(results.map(([name, status]) => `${status}  ${name}`).join('\n'));
  });
  async function expectRefused(
    name: string,
    token: string,
    status: number,
    description: string | RegExp,
    project?: string,
  ): Promise<void> {
    const result = await refused(token, project);
    results.push([name, result.status]);
    expect(result.status, name).toBe(status);
    if (typeof description === 'string') expect(result.description, name).toBe(description);
    else expect(result.description, name).toMatch(description);
  }

  it('alg none in any case, and no alg', async () => {
    const payload = await claims();
    await expectRefused(
      'alg none, empty signature',
      raw({ alg: 'none', typ: 'JWT' }, payload, ''),
      401,
      'token is not a JWT: a segment is empty or not base64url',
    );
    await expectRefused(
      'alg none, with a signature',
      raw({ alg: 'none' }, payload),
      401,
      'token is unsigned (alg none)',
    );
    await expectRefused('alg None', raw({ alg: 'None' }, payload), 401, 'token is unsigned (alg none)');
    await expectRefused('alg NONE', raw({ alg: 'NONE' }, payload), 401, 'token is unsigned (alg none)');
    await expectRefused('alg nOnE', raw({ alg: 'nOnE' }, payload), 401, 'token is unsigned (alg none)');
    await expectRefused('no alg', raw({ typ: 'JWT' }, payload), 401, 'token header has no alg');
  });

  it('HS256 keyed with the issuer public key', async () => {
    const pem = createPublicKey({ key: stack.issuer.publicJwk as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const forged = await stack.issuer.mint(await claims(), {
      alg: 'HS256',
      key: new TextEncoder().encode(String(pem)),
    });
    await expectRefused(
      'HS256 keyed with the public key',
      forged,
      401,
      'token alg HS256 is not an asymmetric signature algorithm',
    );
  });

  it('an alg the provider does not use (ES256 for GitHub)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await stack.issuer.mint(await claims(), { alg: 'ES256', key: privateKey });
    await expectRefused(
      'ES256 for an RS256 issuer',
      forged,
      401,
      'token alg ES256 is not allowed for provider github (allowed: RS256)',
    );
  });

  it('unknown kid (the JWKS is refetched at most once; until it may be, 503 with Retry-After)', async () => {
    const before = stack.issuer.counts.jwksRequests;
    const statuses: number[] = [];
    for (const kid of ['unknown-kid', 'another-unknown-kid']) {
      const token = await stack.issuer.mint(await claims(), { header: { kid } });
      const { status, headers, body } = await stack.exchange({ token, project: 'warehouse' });
      results.push([kid, status]);
      statuses.push(status);
      if (status === 401) {
        // The keys were fetched for this token: the kid does not exist.
        expect(body.error_description).toBe(`no signing key of ${stack.issuer.url} has the token's kid '${kid}'`);
      } else {
        // The last fetch was under 10 s ago: no verdict yet, and no fetch.
        expect({ status, error: body.error }).toEqual({ status: 503, error: 'temporarily_unavailable' });
        expect(body.error_description).toMatch(/matches the token's kid yet; .* retry then$/);
        expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(Number(headers.get('retry-after'))).toBeLessThanOrEqual(10);
      }
    }
    // At most one fetch, so the second (right after) is never a second verdict.
    expect(stack.issuer.counts.jwksRequests - before).toBeLessThanOrEqual(1);
    expect(statuses[1]).toBe(503);
  });

  it('wrong key under the known kid', async () => {
    await expectRefused(
      'rogue key, known kid',
      await stack.issuer.mint(await claims(), { key: stack.issuer.rogueKey }),
      401,
      `token signature does not verify with the keys of ${stack.issuer.url}`,
    );
  });

  it('embedded jwk, jku and x5u to another origin (never fetched), x5c', async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const rogueJwk = await exportJWK(pair.publicKey);
    const rogue = { key: pair.privateKey };
    await expectRefused(
      'embedded jwk',
      await stack.issuer.mint(await claims(), { ...rogue, header: { jwk: rogueJwk } }),
      401,
      "token header carries jwk; keys are only taken from the issuer's JWKS",
    );
    await expectRefused(
      'jku to another origin',
      await stack.issuer.mint(await claims(), { ...rogue, header: { jku: `${keyServerUrl}/jwks` } }),
      401,
      /carries jku/,
    );
    await expectRefused(
      'x5u to another origin',
      await stack.issuer.mint(await claims(), { ...rogue, header: { x5u: `${keyServerUrl}/cert.pem` } }),
      401,
      /carries x5u/,
    );
    await expectRefused(
      'x5c',
      await stack.issuer.mint(await claims(), { ...rogue, header: { x5c: ['MIIBszCCAVmgAwIBAgIU'] } }),
      401,
      /carries x5c/,
    );
    // Even a validly signed token naming a key URL is refused, and the URL is never fetched.
    await expectRefused(
      'jku on a genuine token',
      await stack.issuer.mint(await claims(), { header: { jku: `${keyServerUrl}/jwks` } }),
      401,
      /carries jku/,
    );
    expect(keyServerHits).toBe(0);
  });

  it('expired, not yet valid, issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(
      'expired',
      await stack.issuer.mint({ ...(await claims()), iat: now - 600, nbf: now - 600, exp: now - 120 }),
      401,
      'token has expired',
    );
    await expectRefused(
      'future nbf',
      await stack.issuer.mint({ ...(await claims()), nbf: now + 300, exp: now + 900 }),
      401,
      'token is not valid yet (nbf is in the future)',
    );
    await expectRefused(
      'future iat',
      await stack.issuer.mint({ ...(await claims()), iat: now + 300, exp: now + 900 }),
      401,
      'token was issued in the future (iat)',
    );
  });

  it('missing exp or sub', async () => {
    await expectRefused(
      'missing exp',
      await stack.issuer.mint({ ...(await claims()), exp: undefined }),
      401,
      'token has no numeric exp claim',
    );
    await expectRefused(
      'missing sub',
      await stack.issuer.mint({ ...(await claims()), sub: undefined }),
      401,
      'token has no sub claim',
    );
  });

  it('wrong iss, wrong aud, an issuer that is not configured', async () => {
    await expectRefused(
      'wrong iss (trailing slash)',
      await stack.issuer.mint({ ...(await claims()), iss: `${stack.issuer.url}/` }),
      401,
      `token issuer '${stack.issuer.url}/' is not a provider this broker trusts`,
    );
    await expectRefused(
      'wrong aud',
      await stack.issuer.mint({ ...(await claims()), aud: 'https://github.com/acme' }),
      401,
      `token audience 'https://github.com/acme' is not ${stack.url}; request the ID token with audience ${stack.url} (the stint action's audience input, or --audience of stint exchange)`,
    );
    await expectRefused(
      'issuer not configured',
      await stranger.mint({ aud: stack.url }),
      401,
      `token issuer '${stranger.url}' is not a provider this broker trusts`,
    );
    expect(stranger.counts.discoveryRequests).toBe(0);
  });

  it('flipped signature bit, truncated, two segments', async () => {
    const token = await stack.issuer.mint(await claims());
    const [h, p, s] = token.split('.') as [string, string, string];
    const signature = Buffer.from(s, 'base64url');
    signature[10] = signature[10]! ^ 0x01;
    await expectRefused(
      'flipped signature bit',
      `${h}.${p}.${signature.toString('base64url')}`,
      401,
      /^token signature does not verify/,
    );
    await expectRefused('truncated', token.slice(0, token.length - 20), 401, /^token signature/);
    await expectRefused('two segments', `${h}.${p}`, 401, 'token is not a JWT: it has 2 segments, not 3');
  });

  it('64 KiB of junk, and a token over 16 KiB', async () => {
    const junk = await fetch(`${stack.url}/auth/oidc/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(64 * 1024 + 1),
    });
    results.push(['64 KiB junk body', junk.status]);
    expect(junk.status).toBe(413);
    expect(await junk.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'request body is larger than 64 KiB',
    });
    await expectRefused('17 KiB token', 'a'.repeat(17 * 1024), 413, 'token is larger than 16 KiB');
    // The limit counts UTF-8 bytes: 6,000 characters of 3 bytes each are over it, 5,000 are not.
    await expectRefused('18 KB token of 6,000 characters', '€'.repeat(6000), 413, 'token is larger than 16 KiB');
    expect((await refused('€'.repeat(5000))).status).toBe(401);
  });

  it('unknown crit, payload not JSON, payload a JSON array', async () => {
    // jose will not sign an unknown crit, so the token is built by hand; the header check comes before the signature.
    await expectRefused(
      'unknown crit',
      raw({ alg: 'RS256', kid: stack.issuer.kid, crit: ['exp'], exp: 1 }, await claims()),
      401,
      // error_description in RFC 6749 §5.2's characters: " reads '.
      "token header lists crit extensions (['exp']) that stint does not understand",
    );
    await expectRefused(
      'payload not JSON',
      `${b64({ alg: 'RS256', kid: stack.issuer.kid })}.${b64('not json')}.c2ln`,
      401,
      'token is not a JWT: its payload is not JSON',
    );
    await expectRefused(
      'payload a JSON array',
      raw({ alg: 'RS256', kid: stack.issuer.kid }, [1, 2]),
      401,
      'token is not a JWT: its payload is not a JSON object',
    );
  });

  it('a replayed token, for the same project and for another', async () => {
    const token = await stack.idToken();
    const first = await stack.exchange({ token, project: 'warehouse' });
    expect(first.status).toBe(200);
    await expectRefused(
      'replayed token',
      token,
      401,
      'token was already exchanged; request a fresh ID token for every exchange',
    );
    await expectRefused('replayed token, other project', token, 401, /already exchanged/, 'other');
  });

  it('a replayed token without jti, its signature respelt (spare bits of the last base64url character)', async () => {
    const token = await stack.idToken({ jti: undefined });
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).not.toHaveProperty('jti');
    expect((await stack.exchange({ token, project: 'warehouse' })).status).toBe(200);
    // A 256-byte RS256 signature is 342 base64url characters: the last one carries 2 spare bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    const respelt = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(respelt).not.toBe(token);
    await expectRefused(
      'respelt signature',
      respelt,
      401,
      'token was already exchanged; request a fresh ID token for every exchange',
    );
  });

  it('malformed requests are 400, not 5xx', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${stack.url}/auth/oidc/exchange`, { method: 'POST', headers: { 'content-type': type }, body });
    for (const [name, response] of [
      ['body not JSON', await post('{')],
      ['body a JSON array', await post('[]')],
      ['no token', await post('{"project":"warehouse"}')],
      ['token not a string', await post('{"token":5,"project":"warehouse"}')],
      ['no project', await post('{"token":"a.b.c"}')],
      ['form body', await post('token=a', 'application/x-www-form-urlencoded')],
    ] as const) {
      results.push([name, response.status]);
      expect(response.status, name).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
    }
  });
});

/** Sends one raw HTTP/1.1 request and returns the status line's code and the body. */
function rawHttp(url: string, requestLine: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.end(`${requestLine}\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () =>
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        body: text.slice(text.indexOf('\r\n\r\n') + 4),
      }),
    );
  });
}

describe('request targets no URL parser accepts', () => {
  it('get 400 invalid_request, and the broker keeps serving', async () => {
    for (const target of ['//[', 'http://[', '//user@:x/']) {
      const answer = await rawHttp(stack.url, `GET ${target} HTTP/1.1`);
      expect(answer.status, target).toBe(400);
      expect(JSON.parse(answer.body), target).toMatchObject({
        error: 'invalid_request',
        error_description: 'the request target is not a valid URL path',
      });
    }
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });
});

describe('a client that trickles its headers', () => {
  it('is answered 408 and cut off about 10 s after it connected, not 30 to 40 s', { timeout: 25_000 }, async () => {
    const { hostname, port } = new URL(stack.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () =>
        socket.write('POST /auth/oidc/exchange HTTP/1.1\r\nHost: x\r\n'),
      );
      let text = '';
      // One header byte a second keeps the socket busy without ever finishing the headers.
      const drip = setInterval(() => socket.write('X'), 1_000);
      socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        clearInterval(drip);
        resolve(text);
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // The bound that matters is the test's own timeout (25 s): Node's default check would let the socket live past it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
  });
});

describe('the audit log', () => {
  it('records every refusal with its reason and never holds a token', async () => {
    const text = stack.auditText();
    const events = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const denied = events.filter((e) => e.event === 'exchange_denied');
    expect(denied.length).toBeGreaterThanOrEqual(25);
    expect(denied.find((e) => e.code === 'ERR_TOKEN_REPLAYED')).toMatchObject({
      outcome: 'denied',
      subject: 'repo:acme/warehouse:ref:refs/heads/main',
    });
    expect(denied.find((e) => e.code === 'ERR_TOKEN_EMBEDDED_KEY')).toMatchObject({
      outcome: 'denied',
      reason: expect.stringContaining('carries jwk'),
    });
    // Every refusal names its code, and the token it refused by its SHA-256 fingerprint: all but
    // the request refused before a token was read (a body too large or not a JSON object, a
    // missing parameter, a token over the size limit).
    const unread = new Set([
      'ERR_BODY_TOO_LARGE',
      'ERR_BODY_NOT_JSON',
      'ERR_BODY_NOT_OBJECT',
      'ERR_PARAMETER_MISSING',
      'ERR_TOKEN_TOO_LARGE',
    ]);
    expect(denied.filter((e) => !unread.has(e.code as string)).length).toBeGreaterThanOrEqual(25);
    for (const e of denied) {
      expect(e.code, JSON.stringify(e)).toMatch(/^ERR_[A-Z0-9_]+$/);
      if (!unread.has(e.code as string)) {
        expect(e.id_token_fingerprint, JSON.stringify(e)).toMatch(/^sha256:[0-9a-f]{64}$/);
      }
    }
    // No compact JWS anywhere: tokens never reach the log.
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
  });

  it('records, once per request and under its request id, refusals made before or without a token check', async () => {
    const send = (path: string, init: RequestInit) => fetch(`${stack.url}${path}`, { method: 'POST', ...init });
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cases: Array<[string, Promise<Response>, number, string, string]> = [
      [
        'a bad ttl',
        send('/auth/oidc/exchange', {
          headers: json,
          body: JSON.stringify({ token: 'a.b.c', project: 'warehouse', ttl: 'forever' }),
        }),
        400,
        'exchange_denied',
        'ERR_TTL_INVALID',
      ],
      [
        'a wrong grant',
        send('/oauth2/token', { headers: form, body: 'grant_type=password' }),
        400,
        'exchange_denied',
        'ERR_GRANT_TYPE_UNSUPPORTED',
      ],
      [
        'a junk token',
        send('/auth/oidc/exchange', { headers: json, body: JSON.stringify({ token: 'a.b.c', project: 'warehouse' }) }),
        401,
        'exchange_denied',
        'ERR_TOKEN_MALFORMED',
      ],
      [
        'a made-up API key',
        send('/oauth2/introspect', {
          headers: { ...form, authorization: `Bearer stint_sk_0123456789abcdef_${'A'.repeat(43)}` },
          body: 'token=x',
        }),
        401,
        'introspection_denied',
        'ERR_API_KEY_INVALID',
      ],
      [
        'no token for a certificate',
        send('/mtls/certificates', { headers: json, body: '{"csr":"x"}' }),
        401,
        'cert_denied',
        'ERR_TOKEN_INVALID',
      ],
    ];
    for (const [name, pending, status, event, code] of cases) {
      const response = await pending;
      await response.arrayBuffer();
      expect(response.status, name).toBe(status);
      const requestId = response.headers.get('x-request-id');
      const lines = stack
        .auditText()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((e) => e.request_id === requestId);
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatchObject({ event, outcome: 'denied', code });
    }
  });
});
