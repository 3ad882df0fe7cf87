import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lib/fingerprint.js';
import { type KeySet, openKeySet, type SigningAlgorithm } from '../../src/tokens/keyset.js';
import { type MintRequest, mintAccessToken } from '../../src/tokens/mint.js';
import { cryptoKeySigner, type Signer, signCompactJws } from '../../src/tokens/signer.js';
import { verifyAccessToken } from '../../src/tokens/verify.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const ISSUER = 'https://stint.example.com';
const AUDIENCE = 'stint:warehouse';

let root: string;
let t = T0;
const now = () => t;
const keySets = new Map<SigningAlgorithm, KeySet>();

const request = (overrides: Partial<MintRequest> = {}): MintRequest => ({
  issuer: ISSUER,
  audience: AUDIENCE,
  subject: 'repo:acme/warehouse:ref:refs/heads/main',
  clientId: 'github:acme/warehouse',
  scope: ['read', 'write'],
  project: 'warehouse',
  ci: {
    provider: 'github',
    repository: 'acme/warehouse',
    repository_id: '7654321',
    owner_id: '1234567',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    workflow_ref: 'acme/warehouse/.github/workflows/ci.yml@refs/heads/main',
    run_id: '42',
    run_attempt: '1',
    environment: undefined,
    actor: 'octocat',
    event: 'push',
    owner: 'acme', // not a `ci` claim field: left out
  },
  ttlSec: 900,
  now: T0,
  ...overrides,
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stint-mint-'));
  for (const algorithm of ['EdDSA', 'ES256', 'RS256'] as const) {
    keySets.set(
      algorithm,
      await openKeySet({ dir: join(root, algorithm), algorithm, rotateEverySec: 30 * 86400, graceSec: 86400, now }),
    );
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const keys = (alg: SigningAlgorithm = 'EdDSA') => keySets.get(alg)!;

/** Flips one character of a segment, keeping it valid base64url. */
function tamper(token: string, segment: number): string {
  const parts = token.split('.');
  const s = parts[segment]!;
  const i = Math.floor(s.length / 2);
  parts[segment] = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  return parts.join('.');
}

describe('mintAccessToken', () => {
  it('mints exactly the RFC 9068 header and claims docs/architecture.md lists', async () => {
    const { token, jti, iat, exp } = await mintAccessToken(keys(), request());
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: keys().current().kid });
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(
      ['aud', 'ci', 'client_id', 'exp', 'iat', 'iss', 'jti', 'nbf', 'project', 'scope', 'sub'].sort(),
    );
    expect(claims).toMatchObject({
      iss: ISSUER,
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
      aud: AUDIENCE,
      client_id: 'github:acme/warehouse',
      scope: 'read write',
      project: 'warehouse',
      iat: T0 / 1000,
      nbf: T0 / 1000,
      exp: T0 / 1000 + 900,
      jti,
    });
    expect(iat).toBe(T0 / 1000);
    expect(exp).toBe(T0 / 1000 + 900);
    expect(jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(claims.ci).toEqual({
      provider: 'github',
      repository: 'acme/warehouse',
      repository_id: '7654321',
      owner_id: '1234567',
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      workflow_ref: 'acme/warehouse/.github/workflows/ci.yml@refs/heads/main',
      run_id: '42',
      run_attempt: '1',
      actor: 'octocat',
      event: 'push',
    });
  });

  it('gives every token its own jti', async () => {
    const a = await mintAccessToken(keys(), request());
    const b = await mintAccessToken(keys(), request());
    expect(a.jti).not.toBe(b.jti);
  });

  it.each([0, -1, 1.5, 86_401])('refuses a lifetime of %s seconds (ERR_TOKEN_TTL)', async (ttlSec) => {
    await expect(mintAccessToken(keys(), request({ ttlSec }))).rejects.toMatchObject({ code: 'ERR_TOKEN_TTL' });
  });

  it.each(['EdDSA', 'ES256', 'RS256'] as const)(
    '%s tokens verify independently with jose against jwks()',
    async (alg) => {
      const { token } = await mintAccessToken(keys(alg), request());
      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys(alg).jwks()), {
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: 'at+jwt',
        currentDate: new Date(T0),
      });
      expect(protectedHeader.alg).toBe(alg);
      expect(payload.project).toBe('warehouse');
      const claims = await verifyAccessToken(token, { keySet: keys(alg), issuer: ISSUER, audience: AUDIENCE, now: T0 });
      expect(claims).toEqual(payload);
    },
  );
});

describe('verifyAccessToken', () => {
  const verify = (token: string, extra: { audience?: string; issuer?: string; now?: number; keySet?: KeySet } = {}) =>
    verifyAccessToken(token, {
      keySet: extra.keySet ?? keys(),
      issuer: extra.issuer ?? ISSUER,
      now: extra.now ?? T0,
      ...(extra.audience ? { audience: extra.audience } : {}),
    });

  it('accepts a minted token with or without an audience to check', async () => {
    const { token, jti } = await mintAccessToken(keys(), request());
    expect((await verify(token)).jti).toBe(jti);
    expect((await verify(token, { audience: AUDIENCE })).scope).toBe('read write');
  });

  it.each([
    ['header', 0],
    ['payload', 1],
    ['signature', 2],
  ])('rejects a token with a tampered %s (ERR_TOKEN_INVALID), and so does jose', async (_name, segment) => {
    const { token } = await mintAccessToken(keys(), request());
    const bad = tamper(token, segment);
    await expect(verify(bad)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    await expect(jwtVerify(bad, createLocalJWKSet(keys().jwks()), { currentDate: new Date(T0) })).rejects.toThrow();
  });

  it("reads exp by the broker's own clock (expired at exp), and allows 60 s of skew on nbf, no more", async () => {
    const { token } = await mintAccessToken(keys(), request({ ttlSec: 300 }));
    await expect(verify(token, { now: T0 + 300_000 - 1000 })).resolves.toMatchObject({ project: 'warehouse' });
    await expect(verify(token, { now: T0 + 300_000 })).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
    await expect(verify(token, { now: T0 - 59_000 })).resolves.toMatchObject({ project: 'warehouse' });
    await expect(verify(token, { now: T0 - 61_000 })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  });

  it('rejects the wrong issuer or audience', async () => {
    const { token } = await mintAccessToken(keys(), request());
    await expect(verify(token, { issuer: 'https://other.example.com' })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: `stint token rejected: issuer: expected "https://other.example.com", got "${ISSUER}"`,
    });
    await expect(verify(token, { audience: 'stint:other' })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: `stint token rejected: audience: expected "stint:other", got "${AUDIENCE}"`,
    });
  });

  it('rejects a token signed by our key but typed JWT instead of at+jwt', async () => {
    const token = await signCompactJws(
      keys().current(),
      { typ: 'JWT' },
      {
        client_id: 'x',
        scope: 'read',
        project: 'warehouse',
        ci: {},
        iss: ISSUER,
        sub: 's',
        aud: AUDIENCE,
        iat: T0 / 1000,
        nbf: T0 / 1000,
        exp: T0 / 1000 + 60,
        jti: 'j',
      },
    );
    await expect(verify(token)).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: expect.stringContaining('typ'),
    });
  });

  it("writes the protected header as it is at each signing: the header given, the signer's alg and kid", async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const claims = { iss: ISSUER, sub: 's', aud: AUDIENCE, iat: T0 / 1000, exp: T0 / 1000 + 60, jti: 'j' };
    const headerOf = async (signer: Signer, header: Record<string, unknown>) =>
      decodeProtectedHeader(await signCompactJws(signer, header, claims));
    const first = cryptoKeySigner('kid-1', 'ES256', privateKey);
    // The encoding of a frozen header is kept per signer: it must follow the signer it is used with…
    const frozen = Object.freeze({ typ: 'at+jwt' });
    expect(await headerOf(first, frozen)).toEqual({ typ: 'at+jwt', alg: 'ES256', kid: 'kid-1' });
    expect(await headerOf(first, frozen)).toEqual({ typ: 'at+jwt', alg: 'ES256', kid: 'kid-1' });
    expect(await headerOf(cryptoKeySigner('kid-2', 'ES256', privateKey), frozen)).toMatchObject({ kid: 'kid-2' });
    // …a signer whose kid is not what it was when the header was kept…
    const moving = { kid: 'before', alg: 'ES256' as const, sign: first.sign };
    expect(await headerOf(moving, frozen)).toMatchObject({ kid: 'before' });
    moving.kid = 'after';
    expect(await headerOf(moving, frozen)).toMatchObject({ kid: 'after' });
    // …and a header that is not frozen is read afresh each time.
    const loose: Record<string, unknown> = { typ: 'at+jwt' };
    expect(await headerOf(first, loose)).toMatchObject({ typ: 'at+jwt' });
    loose.typ = 'JWT';
    expect(await headerOf(first, loose)).toMatchObject({ typ: 'JWT' });
    const nested = Object.freeze({ typ: 'at+jwt', x: { n: 1 } });
    expect(await headerOf(first, nested)).toMatchObject({ x: { n: 1 } });
    nested.x.n = 2;
    expect(await headerOf(first, nested)).toMatchObject({ x: { n: 2 } });
  });

  it('rejects alg none, a foreign key under our kid, an embedded jwk and an unknown kid', async () => {
    const kid = keys().current().kid;
    const claims = decodeJwt((await mintAccessToken(keys(), request())).token);
    const unsigned = new UnsecuredJWT(claims).encode();
    const noneWithKid = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid })).toString('base64url'),
      unsigned.split('.')[1],
      '',
    ].join('.');
    await expect(verify(noneWithKid)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });

    const foreign = await generateKeyPair('EdDSA');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid })
      .sign(foreign.privateKey);
    await expect(verify(forged)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });

    const embedded = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid, jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' } })
      .sign(foreign.privateKey);
    await expect(verify(embedded)).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: expect.stringContaining('"jwk"'),
    });

    const unknown = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'nope' })
      .sign(foreign.privateKey);
    await expect(verify(unknown)).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: expect.stringContaining('unknown'),
    });
    await expect(verify('not.a.jwt')).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    await expect(verify('x'.repeat(20_000))).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  });

  it('keeps verifying through a scheduled rotation and refuses after an emergency rotation', async () => {
    const set = await openKeySet({ dir: join(root, 'rotation'), rotateEverySec: 10 * 86400, graceSec: 86400, now });
    const { token } = await mintAccessToken(set, request());
    await set.rotate(); // successor published; old key still signs and verifies
    t = T0 + 86_400_000 - 120_000; // just before the successor signs; token still valid if long-lived
    const long = await mintAccessToken(set, request({ ttlSec: 3600, now: t }));
    t = T0 + 86_400_000 + 60_000; // successor signs; the old key is in grace
    expect(set.current().kid).not.toBe(decodeProtectedHeader(long.token).kid);
    await expect(verify(long.token, { keySet: set, now: t })).resolves.toMatchObject({ jti: long.jti });
    await set.rotate({ now: true });
    await expect(verify(long.token, { keySet: set, now: t })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    await expect(verify(token, { keySet: set, now: T0 })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    t = T0;
  });
});

describe('fingerprint', () => {
  it('is sha256:<hex> of the UTF-8 bytes', () => {
    expect(fingerprint('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
