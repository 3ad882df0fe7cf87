/**
 * The broker's default signing algorithm is ES256 (issue 14 item 19, DESIGN §2): every JOSE
 * library and RFC 9068 validator accepts it, where some refuse EdDSA. A key set made with EdDSA
 * keeps working: its current key signs until the next rotation and its tokens keep verifying.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { CLI, logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';

const ISSUER = 'https://stint.test';

let issuer: GithubIssuer;
const dirs: string[] = [];
beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The broker of every test here, with its `keys:` line as given. */
const config = (keys: string): string => githubBrokerConfig(issuer.url, { issuer: ISSUER, keys });

/** Exchanges a fresh ID token; returns the minted token. */
async function mint(broker: RunningBroker): Promise<string> {
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issuer.mint({ aud: ISSUER }), project: 'warehouse' }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.access_token as string;
}

async function published(broker: RunningBroker): Promise<{ algs: string[]; jwks: JSONWebKeySet }> {
  const discovery = (await (await fetch(`${broker.url}/.well-known/openid-configuration`)).json()) as {
    access_token_signing_alg_values_supported: string[];
  };
  const jwks = (await (await fetch(`${broker.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  return { algs: discovery.access_token_signing_alg_values_supported.sort(), jwks };
}

/** Verifies as a resource server does: the broker's JWKS, its issuer, `typ` at+jwt. */
async function verifies(token: string, jwks: JSONWebKeySet): Promise<string> {
  const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
    issuer: ISSUER,
    audience: 'stint:warehouse',
    typ: 'at+jwt',
  });
  return protectedHeader.alg;
}

describe('the default signing algorithm', () => {
  it('is ES256 when keys.algorithm is not set: minted tokens, the JWKS and discovery say so', async () => {
    const broker = await startBroker({ configYaml: config('keys: { dir: keys }') });
    try {
      const token = await mint(broker);
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
      const { algs, jwks } = await published(broker);
      expect(algs).toEqual(['ES256']);
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(await verifies(token, jwks)).toBe('ES256');
    } finally {
      await broker.stop();
    }
  });

  it('leaves a key set made with EdDSA signing and verifying after a restart on the default; stint keys rotate --now moves it to ES256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-default-alg-'));
    dirs.push(dir);
    const first = await startBroker({ dir, configYaml: config('keys: { dir: keys, algorithm: EdDSA }') });
    let before: string;
    try {
      before = await mint(first);
      expect(decodeProtectedHeader(before).alg).toBe('EdDSA');
    } finally {
      await first.stop();
    }

    // The operator upgrades and drops the algorithm line: the default now applies.
    const broker = await startBroker({ dir, configYaml: config('keys: { dir: keys }') });
    try {
      const after = await mint(broker);
      expect(decodeProtectedHeader(after).alg).toBe('EdDSA');
      const { algs, jwks } = await published(broker);
      // The EdDSA key signs on until its ES256 successor, published now, takes over (24 h later here).
      expect(algs).toEqual(['ES256', 'EdDSA']);
      expect(await verifies(before, jwks)).toBe('EdDSA');
      expect(await verifies(after, jwks)).toBe('EdDSA');

      // The emergency rotation switches at once.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [CLI, 'keys', 'rotate', '--now', '--config', join(dir, 'stint.yml')],
        { cwd: dir },
      );
      expect(stdout).toMatch(/^key \S+ \(ES256\) signs now; dropped from the JWKS: \S+/);
      // The running broker picks the new key set up by itself (it watches the keys dir).
      await vi.waitFor(async () => expect((await published(broker)).algs).toEqual(['ES256']), {
        timeout: 60_000,
        interval: 100,
      });
      const rotated = await mint(broker);
      expect(decodeProtectedHeader(rotated).alg).toBe('ES256');
      const now = await published(broker);
      expect(await verifies(rotated, now.jwks)).toBe('ES256');
    } finally {
      await broker.stop();
    }
  });

  it('moves to a changed keys.algorithm at restart the safe way: published first, audited, warned, then signing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-alg-change-'));
    dirs.push(dir);
    // grace 15s: the publish-ahead window is min(24 h, grace, rotate_every / 2) = 15 s.
    const first = await startBroker({ dir, configYaml: config('keys: { dir: keys, algorithm: RS256, grace: 15s }') });
    let before: string;
    try {
      before = await mint(first);
      expect(decodeProtectedHeader(before).alg).toBe('RS256');
    } finally {
      await first.stop();
    }

    const broker = await startBroker({ dir, configYaml: config('keys: { dir: keys, algorithm: ES256, grace: 15s }') });
    try {
      // Published before it signs: the RS256 key still signs, the ES256 one is in the JWKS already.
      const { algs, jwks } = await published(broker);
      expect(algs).toEqual(['ES256', 'RS256']);
      expect(jwks.keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
      expect(await verifies(before, jwks)).toBe('RS256');
      const es256 = jwks.keys.find((k) => k.alg === 'ES256')!;

      // The start log names the algorithm that signs now, and says when the configured one takes over.
      await vi.waitFor(() => expect(broker.stdout()).toContain('WARN_KEY_ALGORITHM_PENDING'), { timeout: 30_000 });
      const lines = logEntries(broker.stdout());
      expect(lines.find((l) => String(l.msg).startsWith('store '))?.msg).toMatch(/, keys \S+ \(RS256\), audit /);
      const warning = lines.find((l) => l.code === 'WARN_KEY_ALGORITHM_PENDING');
      expect(warning?.level).toBe('warn');
      expect(warning?.msg).toMatch(
        new RegExp(`^signing RS256 until \\S+Z, configured ES256: the ES256 key ${es256.kid} is published now`),
      );

      // Audited as a rotation, with the reason.
      const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const rotated = audit.filter((e) => e.event === 'key_rotated');
      expect(rotated.at(-1)).toMatchObject({
        reason: 'keys.algorithm changed from RS256 to ES256',
        generated: [es256.kid],
      });

      // After the publish-ahead window the ES256 key signs, and the RS256 one stays published for grace.
      await vi.waitFor(async () => expect(decodeProtectedHeader(await mint(broker)).alg).toBe('ES256'), {
        timeout: 60_000,
        interval: 250,
      });
      const later = await mint(broker);
      expect(decodeProtectedHeader(later).kid).toBe(es256.kid);
      expect(await verifies(later, (await published(broker)).jwks)).toBe('ES256');
    } finally {
      await broker.stop();
    }
  });
});
