/**
 * A verifier set up wrongly refuses with ERR_VERIFY_CONFIG naming the option, never lets a
 * request through and never throws a raw TypeError: tolerances read from unset variables (NaN),
 * keys of the wrong kind, secrets missing from the environment.
 */
import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { httpSignatureHeaders } from '../../src/signing/http-signature.js';
import { parseSigningProfiles } from '../../src/signing/index.js';
import type { HttpSignatureProfile } from '../../src/signing/types.js';
import {
  protectedResource,
  verifyHmacWebhook,
  verifyHttpSignature,
  verifyJwt,
  verifyStintToken,
} from '../../src/verify/index.js';

const config = (message: RegExp) =>
  expect.objectContaining({ code: 'ERR_VERIFY_CONFIG', message: expect.stringMatching(message) });
const UNSET = Number(process.env.STINT_TEST_SURELY_UNSET_VARIABLE); // NaN, as in a receiver's config
const monthAgo = Math.floor(Date.now() / 1000) - 30 * 86_400;
const ed = generateKeyPairSync('ed25519');

describe('numeric options: NaN, negative or out of range is ERR_VERIFY_CONFIG, never "no limit"', () => {
  const body = '{"a":1}';
  const slack = {
    'X-Slack-Request-Timestamp': String(monthAgo),
    'X-Slack-Signature': `v0=${createHmac('sha256', 'topsecret').update(`v0:${monthAgo}:${body}`).digest('hex')}`,
  };
  const slackCheck = (toleranceSec?: number) =>
    verifyHmacWebhook({ format: 'slack', secrets: ['topsecret'], headers: slack, body, toleranceSec });

  it('verifyHmacWebhook toleranceSec', () => {
    expect(() => slackCheck()).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_EXPIRED' }));
    expect(Number.isNaN(UNSET)).toBe(true);
    for (const bad of [UNSET, -1, Number.POSITIVE_INFINITY, 90 * 86_400])
      expect(() => slackCheck(bad), String(bad)).toThrow(config(/toleranceSec must be a number of seconds/));
    expect(() => slackCheck(UNSET)).toThrow(config(/Number\(\) of an unset variable/));
  });

  it('verifyHttpSignature maxAgeSec and clockSkewSec', async () => {
    const params = `("@method" "@authority" "@path");created=${monthAgo};keyid="k"`;
    const base = `"@method": POST\n"@authority": api.example.com\n"@path": /deploy\n"@signature-params": ${params}`;
    const headers = {
      'signature-input': `sig1=${params}`,
      signature: `sig1=:${sign(null, Buffer.from(base), ed.privateKey).toString('base64')}:`,
    };
    const check = (extra: { maxAgeSec?: number; clockSkewSec?: number }) =>
      verifyHttpSignature({
        method: 'POST',
        url: 'https://api.example.com/deploy',
        headers,
        keys: { k: { alg: 'ed25519', key: ed.publicKey } },
        requiredComponents: ['@method', '@authority', '@path'],
        ...extra,
      });
    await expect(check({})).rejects.toMatchObject({ code: 'ERR_SIGNATURE_EXPIRED' });
    await expect(check({ maxAgeSec: UNSET })).rejects.toEqual(config(/maxAgeSec/));
    await expect(check({ maxAgeSec: -5 })).rejects.toEqual(config(/maxAgeSec/));
    await expect(check({ clockSkewSec: UNSET })).rejects.toEqual(config(/clockSkewSec/));
  });

  it('verifyJwt maxLifetimeSec and clockToleranceSec', async () => {
    // A token that lives 30 days: refused by the default 1 h lifetime, and must stay refused.
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuedAt(now)
      .setExpirationTime(now + 30 * 86_400)
      .sign(ed.privateKey);
    const check = (extra: { maxLifetimeSec?: number; clockToleranceSec?: number }) =>
      verifyJwt(token, { algorithms: ['EdDSA'], keys: [ed.publicKey], ...extra });
    await expect(check({})).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    await expect(check({ maxLifetimeSec: UNSET })).rejects.toEqual(config(/maxLifetimeSec/));
    await expect(check({ maxLifetimeSec: 0 })).rejects.toEqual(config(/maxLifetimeSec/));
    await expect(check({ clockToleranceSec: UNSET })).rejects.toEqual(config(/clockToleranceSec/));
  });

  it('protectedResource checks its numbers when it is built', () => {
    const base = { resource: 'https://tools.example.com/mcp', issuer: 'https://stint.example.com' };
    expect(() => protectedResource({ ...base, clockToleranceSec: UNSET })).toThrow(config(/clockToleranceSec/));
    expect(() => protectedResource({ ...base, jwksMaxAgeSec: UNSET })).toThrow(config(/jwksMaxAgeSec/));
    expect(() => protectedResource({ ...base, introspection: { apiKey: 'stint_sk_x', timeoutMs: UNSET } })).toThrow(
      config(/timeoutMs/),
    );
  });
});

describe('verifyJwt types each key once, by what it is', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const now = Math.floor(Date.now() / 1000);
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('refuses a PEM public key as an HMAC secret (a token MACed with the published key is a forgery)', async () => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'attacker', iat: now, exp: now + 60 })}`;
    const forged = `${input}.${createHmac('sha256', rsaPublicPem).update(input).digest('base64url')}`;
    for (const key of [rsaPublicPem, Buffer.from(rsaPublicPem), rsa.publicKey])
      await expect(verifyJwt(forged, { algorithms: ['HS256'], keys: [key] })).rejects.toEqual(
        config(/keys\[0\] is a public key .*cannot verify HS256/),
      );
    // Accepting RS256 too does not let the forgery through: the PEM is tried as a public key only.
    await expect(verifyJwt(forged, { algorithms: ['RS256', 'HS256'], keys: [rsaPublicPem] })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: expect.stringMatching(/no trusted key is an HMAC secret/),
    });
  });

  it('a PEM block after other text (openssl x509 -text, a PKCS#12 export) is a public key too', async () => {
    const file = `Bag Attributes\n    friendlyName: api\nsubject=CN = api\n${rsaPublicPem}`;
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'attacker', iat: now, exp: now + 60 })}`;
    const forged = `${input}.${createHmac('sha256', file).update(input).digest('base64url')}`;
    await expect(verifyJwt(forged, { algorithms: ['HS256'], keys: [file] })).rejects.toEqual(
      config(/keys\[0\] is a public key .*cannot verify HS256/),
    );
    await expect(verifyJwt(forged, { algorithms: ['RS256', 'HS256'], keys: [file] })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
    });
    const genuine = await new SignJWT({ sub: 'job' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(rsa.privateKey);
    expect(await verifyJwt(genuine, { algorithms: ['RS256'], keys: [file] })).toMatchObject({ sub: 'job' });
  });

  it('a JSON text that is an oct JWK is the secret as written, as stint sign MACs with it', async () => {
    const secret = JSON.stringify({ kty: 'oct', k: Buffer.from('inner').toString('base64url') });
    const token = await new SignJWT({ sub: 'job' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secret));
    expect(await verifyJwt(token, { algorithms: ['HS256'], keys: [secret] })).toMatchObject({ sub: 'job' });
  });

  it('an HS256 to ES256 rotation accepts tokens of either key with both trusted', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const newPem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const oldSecret of ['old-hs-secret-0123456789abcdef0123456789', '{old-hs-secret-s3cr3t-0123456789abcdef}']) {
      const old = await new SignJWT({ sub: 'old' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(new TextEncoder().encode(oldSecret));
      const fresh = await new SignJWT({ sub: 'new' })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(ec.privateKey);
      const options = { algorithms: ['ES256', 'HS256'] as const, keys: [newPem, oldSecret] };
      expect(await verifyJwt(old, options)).toMatchObject({ sub: 'old' });
      expect(await verifyJwt(fresh, options)).toMatchObject({ sub: 'new' });
      const tampered = `${old.slice(0, -4)}AAAA`;
      await expect(verifyJwt(tampered, options)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    }
  });

  it('a key that is undefined (an unset variable) or empty is ERR_VERIFY_CONFIG naming it', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('new-secret'));
    await expect(
      verifyJwt(token, { algorithms: ['HS256'], keys: [process.env.STINT_TEST_SURELY_UNSET_VARIABLE as string] }),
    ).rejects.toEqual(config(/keys\[0\] is undefined/));
    await expect(verifyJwt(token, { algorithms: ['HS256'], keys: ['new-secret', ''] })).rejects.toEqual(
      config(/keys\[1\] is empty/),
    );
  });
});

describe('http-signature hmac-sha256: several secrets under one keyid during a rotation', () => {
  const env = { NEW: 'new-secret-0123456789abcdef', OLD: 'old-secret-0123456789abcdef' };
  const profile = (secretEnv: string | string[]) =>
    parseSigningProfiles(
      { signing: { api: { type: 'http-signature', alg: 'hmac-sha256', keyid: 'ci', secret_env: secretEnv } } }.signing,
      { origin: 'file', env },
    ).profiles.get('api') as HttpSignatureProfile;
  const request = { method: 'POST', url: 'https://api.example.com/x', headers: {}, body: Buffer.from('{}') };
  const signed = (secretEnv: string | string[]) =>
    httpSignatureHeaders(profile(secretEnv), request, { now: Date.now, randomBytes });
  const check = (headers: Record<string, string>, key: string | readonly string[]) =>
    verifyHttpSignature({ ...request, headers, keys: { ci: { alg: 'hmac-sha256', key } } });

  it('a receiver holding [NEW, OLD] accepts jobs on either; one holding NEW only refuses OLD', async () => {
    const onNew = signed(['NEW', 'OLD']);
    const onOld = signed('OLD');
    expect(await check(onNew, [env.NEW, env.OLD])).toMatchObject({ keyid: 'ci', alg: 'hmac-sha256' });
    expect(await check(onOld, [env.NEW, env.OLD])).toMatchObject({ keyid: 'ci' });
    await expect(check(onOld, env.NEW)).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
    await expect(check(onOld, [env.NEW])).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
  });

  it('a missing or empty secret, or an unreadable public key, is ERR_VERIFY_CONFIG naming the keyid', async () => {
    const headers = signed('NEW');
    const unset = process.env.STINT_TEST_SURELY_UNSET_VARIABLE as string;
    await expect(check(headers, [env.NEW, unset])).rejects.toEqual(config(/keyid "ci" \[1\] is undefined/));
    await expect(check(headers, unset)).rejects.toEqual(config(/keyid "ci" is undefined/));
    await expect(check(headers, '')).rejects.toEqual(config(/keyid "ci" is empty/));
    const params = `("@method");created=${Math.floor(Date.now() / 1000)};keyid="k"`;
    const ed25519 = (key: unknown) =>
      verifyHttpSignature({
        method: 'GET',
        url: 'https://a.example/x',
        body: '',
        requiredComponents: ['@method'],
        headers: { 'signature-input': `sig1=${params}`, signature: 'sig1=:AAAA:' },
        keys: { k: { alg: 'ed25519', key: key as string } },
      });
    await expect(ed25519(undefined)).rejects.toEqual(config(/keyid "k" is undefined/));
    await expect(ed25519('-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n')).rejects.toEqual(
      config(/keyid "k" is not a public key Node can read/),
    );
  });
});

describe('messages that say what to fix', () => {
  it('verifyHmacWebhook with a secret from an unset variable is ERR_VERIFY_CONFIG, not a TypeError', () => {
    const body = '{"a":1}';
    const headers = {
      'x-hub-signature-256': `sha256=${createHmac('sha256', 'new-secret').update(body).digest('hex')}`,
    };
    const unset = process.env.STINT_TEST_SURELY_UNSET_VARIABLE as string;
    expect(() => verifyHmacWebhook({ format: 'github', secrets: ['new-secret', unset], headers, body })).toThrow(
      config(/secret 2 is undefined; check the variable it comes from/),
    );
  });

  it('a token not valid yet names the clock (the receiver behind the issuer)', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...(await exportJWK(ec.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      client_id: 'github:acme/w',
      scope: 'read',
      project: 'w',
      ci: { provider: 'github' },
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
      .setIssuer('https://stint.example.com')
      .setSubject('repo:acme/w:ref:refs/heads/main')
      .setAudience('https://api.example.com')
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 900)
      .setJti(randomUUID())
      .sign(ec.privateKey);
    await expect(
      verifyStintToken(token, {
        issuer: 'https://stint.example.com',
        audience: 'https://api.example.com',
        jwks: { keys: [jwk] },
        now: () => (now - 120) * 1000,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: expect.stringMatching(/not valid yet \(its nbf is 120 s ahead of this clock.*clock out of sync/),
    });
    await expect(
      verifyJwt(token, { algorithms: ['ES256'], keys: [ec.publicKey], now: () => (now - 120) * 1000 }),
    ).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID', message: expect.stringMatching(/clock out of sync/) });
  });
});

describe('http-signature nonce and the seen hook', () => {
  const profile = (nonce: boolean) =>
    parseSigningProfiles(
      {
        p: {
          type: 'http-signature',
          alg: 'ed25519',
          keyid: 'k',
          key: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          nonce,
        },
      },
      { origin: 'action-input', env: {} },
    ).profiles.get('p') as HttpSignatureProfile;
  const request = { method: 'POST', url: 'https://api.example.com/deploy', headers: {}, body: Buffer.from('{}') };
  const nonces = new Map<string, number>();
  const calls: string[] = [];
  const seen = (nonce: string, until: number) => {
    calls.push(nonce);
    if (nonces.has(nonce)) return true;
    nonces.set(nonce, until);
    return false;
  };
  const check = (headers: Record<string, string>, extra: object = {}) =>
    verifyHttpSignature({ ...request, headers, keys: { k: { alg: 'ed25519', key: ed.publicKey } }, ...extra });

  it('returns the nonce, and refuses a second use of it with ERR_SIGNATURE_REPLAYED', async () => {
    const headers = httpSignatureHeaders(profile(true), request, { now: Date.now, randomBytes });
    const nonce = /;nonce="([^"]+)"/.exec(headers['Signature-Input'] as string)?.[1];
    expect(nonce).toMatch(/^[\w-]{22}$/);
    const first = await check(headers, { seen });
    expect(first.nonce).toBe(nonce);
    const created = first.created;
    expect(nonces.get(nonce as string)).toBe(created + 300 + 30);
    await expect(check(headers, { seen })).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_REPLAYED',
      message: 'signature sig1 was already used (same nonce)',
    });
    // Without seen, the replay verifies (up to maxAgeSec): the receiver opted out.
    expect(await check(headers)).toMatchObject({ nonce });
  });

  it('with seen, refuses a signature without a nonce, and never records one that failed', async () => {
    const plain = httpSignatureHeaders(profile(false), request, { now: Date.now, randomBytes });
    await expect(check(plain, { seen })).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_INVALID',
      message: expect.stringMatching(/has no nonce/),
    });
    const before = calls.length;
    const headers = httpSignatureHeaders(profile(true), request, { now: Date.now, randomBytes });
    await expect(check(headers, { seen, body: Buffer.from('{"x":1}') })).rejects.toMatchObject({
      code: 'ERR_DIGEST_MISMATCH',
    });
    expect(calls.length).toBe(before);
  });
});
