import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { generateClientKey } from '../../src/signing/mtls-ephemeral.js';
import { runCli } from '../helpers/cli.js';
import { type Stack, stackConfig, startStack } from './stack.js';

/**
 * A project removed from the config (docs/broker.md#signals): after the reload the broker stops
 * vouching for it at once, through the built broker. Its API keys are refused at introspection,
 * its tokens are not active and get no client certificate; its tokens can still be revoked, and a
 * revocation made while it was gone holds when it comes back.
 */
let stack: Stack;
let file: string;
beforeAll(async () => {
  stack = await startStack();
  file = join(stack.broker.dir, 'stint.yml');
});
afterAll(async () => {
  await stack?.stop();
});

async function apiKey(project: string): Promise<string> {
  const made = await runCli(['keys', 'create-api-key', '--config', file, '--project', project], {
    cwd: stack.broker.dir,
  });
  expect(made.code, made.stderr).toBe(0);
  return made.stdout.trim();
}

async function accessToken(): Promise<string> {
  const { status, body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: '10m' });
  expect(status).toBe(200);
  return body.access_token as string;
}

async function introspect(key: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.url}/oauth2/introspect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function certificate(token: string, csr: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.url}/mtls/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ csr }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let reloads = 0;
async function reload(configYaml: string): Promise<void> {
  writeFileSync(file, configYaml);
  reloads++;
  stack.broker.process.kill('SIGHUP');
  await vi.waitFor(
    () => expect(stack.broker.output().split(`"msg":"reloaded ${file} (sha256 `).length - 1).toBe(reloads),
    { timeout: 60_000, interval: 50 },
  );
}

describe('a project removed from the config and reloaded', () => {
  it('has its API keys refused, its tokens inactive and without certificates; they can still be revoked, and stay revoked when it returns', async () => {
    const original = readFileSync(file, 'utf8');
    const warehouseKey = await apiKey('warehouse');
    const otherKey = await apiKey('other');
    const revokedWhileGone = await accessToken();
    const kept = await accessToken();
    const csr = await createCsr(generateClientKey('ec'), 'repo:acme/warehouse:ref:refs/heads/main');
    expect((await introspect(warehouseKey, kept)).body).toMatchObject({ active: true, project: 'warehouse' });
    expect((await certificate(kept, csr)).status).toBe(200);

    const without = stackConfig(stack.url, stack.issuer.url).replace(/\n {2}warehouse:\n(?: {4}.*\n)+/, '\n');
    expect(without).not.toMatch(/^ {2}warehouse:/m);
    await reload(without);

    // Its API key: refused, saying why (a key outlives its project in the store).
    const refused = await introspect(warehouseKey, kept);
    expect(refused).toEqual({
      status: 401,
      body: {
        error: 'invalid_token',
        error_description:
          "this API key's project 'warehouse' is no longer in the broker's config; introspection needs a key of a configured project",
        request_id: expect.any(String),
      },
    });
    // Another project's key never saw it, and does not now.
    expect((await introspect(otherKey, kept)).body).toEqual({ active: false });
    // No certificate for a project the broker no longer serves.
    expect(await certificate(kept, csr)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    // Revocation by the holder still records (200 either way; the audit event tells).
    const revoke = await fetch(`${stack.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: revokedWhileGone }),
    });
    expect(revoke.status).toBe(200);
    expect(
      stack
        .auditText()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((event) => event.event === 'token_revoked' && event.project === 'warehouse'),
    ).toHaveLength(1);

    // The project comes back: the token revoked while it was gone stays revoked; the other one,
    // not expired and not revoked, is active again (docs/broker.md#signals says so).
    await reload(original);
    expect((await introspect(warehouseKey, revokedWhileGone)).body).toEqual({ active: false });
    expect((await introspect(warehouseKey, kept)).body).toMatchObject({ active: true, project: 'warehouse' });
  });
});
