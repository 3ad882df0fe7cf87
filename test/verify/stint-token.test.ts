import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyStintToken } from '../../src/verify/index.js';
import { type Stack, startStack } from '../broker/stack.js';
import { CLI } from '../helpers/broker.js';

// End to end: a real broker (built CLI) mints a token from a GitHub-shaped ID token; a job step
// sends it with `stint request` and a bearer `source: stint` profile; the API verifies it with
// verifyStintToken against the broker's JWKS.
let stack: Stack;
let api: Server;
let apiUrl: string;
let token: string;
const dir = mkdtempSync(join(tmpdir(), 'stint-token-e2e-'));

beforeAll(async () => {
  stack = await startStack();
  const exchanged = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
  expect(exchanged.status).toBe(200);
  token = exchanged.body.access_token as string;
  api = createServer((req, res) => {
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    verifyStintToken(bearer, {
      issuer: stack.url,
      audience: 'https://api.warehouse.example.com',
      requiredScopes: ['write'],
    }).then(
      (claims) => res.writeHead(200).end(`hello ${claims.sub} (${claims.project}: ${claims.scope})`),
      (error: { code?: string }) => res.writeHead(401).end(String(error.code)),
    );
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  writeFileSync(join(dir, 'stint.yml'), 'signing:\n  warehouse: { type: bearer, source: stint }\n');
});

afterAll(async () => {
  await new Promise<void>((resolve) => api.close(() => resolve()));
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('verifyStintToken against a running broker', () => {
  it('accepts the minted token (JWKS discovered from the issuer) with its project and scopes', async () => {
    const claims = await verifyStintToken(token, {
      issuer: stack.url,
      audience: 'https://api.warehouse.example.com',
      requiredScopes: ['read', 'write'],
    });
    expect(claims).toMatchObject({
      project: 'warehouse',
      scope: 'read write',
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
    });
  });

  it('refuses a scope the policy did not grant and another audience', async () => {
    await expect(
      verifyStintToken(token, {
        issuer: stack.url,
        audience: 'https://api.warehouse.example.com',
        requiredScopes: ['deploy'],
      }),
    ).rejects.toMatchObject({
      code: 'ERR_TOKEN_SCOPE',
      message: 'the token lacks scope deploy (it has: read write)',
    });
    await expect(verifyStintToken(token, { issuer: stack.url, audience: 'stint:other' })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
    });
  });

  it('stint request sends $STINT_TOKEN to an API that verifies it; without it, says how to get one', async () => {
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [CLI, 'request', 'warehouse', 'GET', `${apiUrl}/stock`, '--config', 'stint.yml'],
          { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    expect(await run({ STINT_TOKEN: token })).toEqual({
      code: 0,
      stdout: 'hello repo:acme/warehouse:ref:refs/heads/main (warehouse: read write)',
      stderr: '',
    });
    const missing = await run({ STINT_TOKEN: '' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
      'stint: bearer profile "warehouse" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: ${{ steps.<id>.outputs.token }}), or exports="$(stint exchange --broker URL --project P)" || exit 1; eval "$exports"\n',
    );
  });
});

describe('what a service can tell apart (issue 14 item 15)', () => {
  const audience = 'https://api.warehouse.example.com';

  it('a JWKS that cannot be fetched is ERR_JWKS_UNAVAILABLE (the service answers 503), not a bad token', async () => {
    // Nothing listens on this port.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      verifyStintToken(token, { issuer: stack.url, audience, jwksUrl: `http://127.0.0.1:${port}/jwks.json` }),
    ).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') });

    // A broker that answers, but not with its keys: 503, then HTML.
    let answer = { status: 503, body: '{"error":"temporarily_unavailable"}' };
    const sick = createServer((_req, res) => res.writeHead(answer.status).end(answer.body));
    await new Promise<void>((resolve) => sick.listen(0, '127.0.0.1', resolve));
    const sickUrl = `http://127.0.0.1:${(sick.address() as AddressInfo).port}`;
    try {
      await expect(
        verifyStintToken(token, { issuer: stack.url, audience, jwksUrl: `${sickUrl}/a.json` }),
      ).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE', message: expect.stringContaining('HTTP 503') });
      answer = { status: 200, body: '<html>maintenance</html>' };
      await expect(
        verifyStintToken(token, { issuer: stack.url, audience, jwksUrl: `${sickUrl}/b.json` }),
      ).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE' });
    } finally {
      sick.close();
    }
  });

  it('audience and issuer errors say what was expected and what the token has', async () => {
    await expect(verifyStintToken(token, { issuer: stack.url, audience: 'stint:billing' })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: `stint token rejected: audience: expected "stint:billing", got "${audience}"`,
    });
    await expect(
      verifyStintToken(token, {
        issuer: 'https://stint.other.example',
        audience,
        jwksUrl: `${stack.url}/.well-known/jwks.json`,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      // Read from the token before any key is looked up: a token of another issuer is not a stint token of this broker.
      message: `this is not a stint token: issued by "${stack.url}", not "https://stint.other.example"; exchange it at the broker first`,
    });
  });
});

describe('after stint keys rotate --now (issue 14 item 15)', () => {
  let rotating: Stack;
  beforeAll(async () => {
    rotating = await startStack();
  });
  afterAll(() => rotating.stop());

  /** `stint keys rotate --now` (the built CLI) on the broker's own config, then wait until its JWKS shows it. */
  async function rotateNow(): Promise<void> {
    const kids = async () =>
      ((await (await fetch(`${rotating.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys
        .map((k) => k.kid)
        .join(' ');
    const before = await kids();
    execFileSync(process.execPath, [
      CLI,
      'keys',
      'rotate',
      '--now',
      '--config',
      join(rotating.broker.dir, 'stint.yml'),
    ]);
    await vi.waitFor(async () => expect(await kids()).not.toBe(before), { timeout: 60_000, interval: 200 });
  }

  it('a dropped key stops verifying once the JWKS is older than jwksMaxAgeSec (default 60 s; configurable)', async () => {
    const audience = 'https://api.warehouse.example.com';
    const mint = async () =>
      (await rotating.exchange({ token: await rotating.idToken(), project: 'warehouse' })).body.access_token as string;
    // One clock for the receiver, moved by hand: the cache's age is read from it, not from the wall.
    let clock = Date.now();
    const verify = (jwt: string, extra: { jwksMaxAgeSec?: number } = {}) =>
      verifyStintToken(jwt, { issuer: rotating.url, audience, now: () => clock, ...extra });

    const first = await mint();
    await expect(verify(first)).resolves.toMatchObject({ project: 'warehouse' });
    await rotateNow();
    clock += 61_000;
    await expect(verify(first)).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: 'stint token rejected: it is signed by an unknown or retired key',
    });

    const second = await mint();
    await expect(verify(second, { jwksMaxAgeSec: 10 })).resolves.toMatchObject({ project: 'warehouse' });
    await rotateNow();
    clock += 11_000;
    await expect(verify(second, { jwksMaxAgeSec: 10 })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  });
});
