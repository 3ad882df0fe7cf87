import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      'stint: bearer profile "warehouse" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first, or eval "$(stint exchange --format shell)"\n',
    );
  });
});
