import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createVerifier, httpbis } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { httpSignatureHeaders, signBase } from '../../src/signing/http-signature.js';
import { messageParts, serializeSignatureParams, signatureBase } from '../../src/signing/http-signature-base.js';
import { parseSigningProfiles } from '../../src/signing/index.js';
import type { HttpSignatureAlg, HttpSignatureProfile, SignDeps } from '../../src/signing/types.js';
import { verifyHttpSignature } from '../../src/verify/index.js';

// RFC 9421 Appendix B.1.4 (test-key-ed25519), B.1.5 (test-shared-secret) and the B.2 test request.
const RFC_ED25519_PRIVATE =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n';
const RFC_ED25519_PUBLIC =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n';
const RFC_SHARED_SECRET = 'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==';
const RFC_CREATED_MS = 1618884473000;
const rfcRequest = {
  method: 'POST',
  url: 'https://example.com/foo?param=Value&Pet=dog',
  headers: {
    Host: 'example.com',
    Date: 'Tue, 20 Apr 2021 02:07:55 GMT',
    'Content-Type': 'application/json',
    'Content-Digest':
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    'Content-Length': '18',
  },
  body: Buffer.from('{"hello": "world"}'),
};
const fixedClock: SignDeps = { now: () => RFC_CREATED_MS, randomBytes };

function profile(spec: Record<string, unknown>): HttpSignatureProfile {
  return parseSigningProfiles(
    { p: { type: 'http-signature', ...spec } },
    { origin: 'action-input', env: {} },
  ).profiles.get('p') as HttpSignatureProfile;
}

describe('RFC 9421 appendix B vectors, byte for byte', () => {
  it('B.2.6 ed25519: the same Signature-Input and Signature as the RFC', () => {
    const p = profile({
      alg: 'ed25519',
      key: RFC_ED25519_PRIVATE,
      keyid: 'test-key-ed25519',
      label: 'sig-b26',
      include_alg: false,
      components: ['date', '@method', '@path', '@authority', 'content-type', 'content-length'],
    });
    expect(httpSignatureHeaders(p, rfcRequest, fixedClock)).toEqual({
      'Signature-Input':
        'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      Signature: 'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:',
    });
  });

  it('B.2.5 hmac-sha256 with the base64 shared secret', () => {
    const p = profile({
      alg: 'hmac-sha256',
      key: RFC_SHARED_SECRET,
      key_encoding: 'base64',
      keyid: 'test-shared-secret',
      label: 'sig-b25',
      include_alg: false,
      components: 'date @authority content-type',
    });
    expect(httpSignatureHeaders(p, rfcRequest, fixedClock)).toEqual({
      'Signature-Input': 'sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"',
      Signature: 'sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:',
    });
  });

  it('RFC 9530 Content-Digest of the test body', () => {
    const p = profile({ alg: 'hmac-sha256', key: 'k', components: ['content-digest'] });
    expect(httpSignatureHeaders(p, rfcRequest, fixedClock)['Content-Digest']).toBe(
      'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
    );
    const p512 = profile({ alg: 'hmac-sha256', key: 'k', components: ['content-digest'], digest: 'sha-512' });
    expect(httpSignatureHeaders(p512, rfcRequest, fixedClock)['Content-Digest']).toBe(
      rfcRequest.headers['Content-Digest'],
    );
  });

  it('our verifier accepts the RFC B.2.6 headers as published, and http-message-signatures agrees', async () => {
    const headers = {
      ...rfcRequest.headers,
      'Signature-Input':
        'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      Signature: 'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:',
    };
    const verified = await verifyHttpSignature({
      ...rfcRequest,
      headers,
      keys: { 'test-key-ed25519': { alg: 'ed25519', key: RFC_ED25519_PUBLIC } },
      requiredComponents: ['@method', '@authority', '@path'],
      now: () => RFC_CREATED_MS + 5000,
    });
    expect(verified).toEqual({
      label: 'sig-b26',
      keyid: 'test-key-ed25519',
      alg: 'ed25519',
      created: 1618884473,
      components: ['date', '@method', '@path', '@authority', 'content-type', 'content-length'],
    });
    const keyLookup = async () => ({
      id: 'test-key-ed25519',
      algs: ['ed25519'],
      verify: createVerifier(createPublicKey(RFC_ED25519_PUBLIC), 'ed25519'),
    });
    expect(await httpbis.verifyMessage({ keyLookup }, { method: 'POST', url: rfcRequest.url, headers })).toBe(true);
  });
});

function keyPair(alg: HttpSignatureAlg): { privatePem: string; verifyKey: string | KeyObject } {
  if (alg === 'hmac-sha256')
    return { privatePem: 'a shared secret of 32 bytes or more!', verifyKey: 'a shared secret of 32 bytes or more!' };
  const pair =
    alg === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : alg === 'ecdsa-p256-sha256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), verifyKey: pair.publicKey };
}

const ALGS: HttpSignatureAlg[] = ['hmac-sha256', 'ed25519', 'ecdsa-p256-sha256', 'rsa-pss-sha512', 'rsa-v1_5-sha256'];
const keys = Object.fromEntries(ALGS.map((alg) => [alg, keyPair(alg)]));
const request = {
  method: 'POST',
  url: 'https://api.example.com:8443/deploy/run?env=prod&x=1',
  headers: { 'Content-Type': 'application/json' },
  body: Buffer.from('{"ref":"main"}'),
};

describe.each(ALGS)('http-signature %s', (alg) => {
  const { privatePem, verifyKey } = keys[alg] as { privatePem: string; verifyKey: string | KeyObject };
  const p = profile({
    alg,
    key: privatePem,
    keyid: `ci-${alg}`,
    expires: 120,
    nonce: true,
    components: [
      '@method',
      '@target-uri',
      '@authority',
      '@scheme',
      '@request-target',
      '@path',
      '@query',
      'content-type',
      'content-digest',
    ],
  });
  const now = Date.now();
  const signed = httpSignatureHeaders(p, request, { now: () => now, randomBytes });
  const headers = { ...request.headers, ...signed };
  const ourKeys = { [`ci-${alg}`]: { alg, key: verifyKey } };

  it('http-message-signatures verifyMessage accepts it', async () => {
    expect(signed['Signature-Input']).toMatch(
      new RegExp(
        `^sig1=\\("@method" .*"content-digest"\\);created=\\d+;expires=\\d+;nonce="[\\w-]{22}";alg="${alg}";keyid="ci-${alg}"$`,
      ),
    );
    const keyLookup = async () => ({ id: `ci-${alg}`, algs: [alg], verify: createVerifier(verifyKey, alg) });
    expect(
      await httpbis.verifyMessage(
        { keyLookup, requiredFields: ['@method', '@authority', '@path', 'content-digest'] },
        { method: request.method, url: request.url, headers },
      ),
    ).toBe(true);
    const tampered = { ...headers, 'Content-Type': 'text/plain' };
    expect(
      await httpbis.verifyMessage({ keyLookup }, { method: request.method, url: request.url, headers: tampered }),
    ).toBe(false);
  });

  it('verifyHttpSignature accepts it, with lowercase header names', async () => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const verified = await verifyHttpSignature({ ...request, headers: lower, keys: ourKeys, now: () => now + 1000 });
    expect(verified).toMatchObject({
      label: 'sig1',
      keyid: `ci-${alg}`,
      alg,
      created: Math.floor(now / 1000),
      expires: Math.floor(now / 1000) + 120,
    });
  });

  it.each([
    ['a changed body', { body: Buffer.from('{"ref":"evil"}') }, 'ERR_DIGEST_MISMATCH'],
    ['a changed method', { method: 'PUT' }, 'ERR_SIGNATURE_INVALID'],
    ['another host', { url: 'https://evil.example.com:8443/deploy/run?env=prod&x=1' }, 'ERR_SIGNATURE_INVALID'],
    ['a changed query', { url: 'https://api.example.com:8443/deploy/run?env=dev&x=1' }, 'ERR_SIGNATURE_INVALID'],
  ])('verifyHttpSignature refuses %s', async (_, change, code) => {
    await expect(
      verifyHttpSignature({ ...request, headers, keys: ourKeys, now: () => now, ...change }),
    ).rejects.toMatchObject({ code });
  });

  it('verifyHttpSignature refuses it once expired or too old (replay)', async () => {
    await expect(
      verifyHttpSignature({ ...request, headers, keys: ourKeys, now: () => now + 151_000 }),
    ).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_EXPIRED',
      message: expect.stringMatching(/^signature sig1 expired \d+ s ago$/),
    });
    await expect(
      verifyHttpSignature({ ...request, headers, keys: ourKeys, now: () => now + 100_000, maxAgeSec: 60 }),
    ).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_EXPIRED',
      message: expect.stringMatching(/more than the 60 s allowed \(a replay\?\)$/),
    });
  });
});

describe('verifyHttpSignature refusals', () => {
  const { privatePem, verifyKey } = keys.ed25519 as { privatePem: string; verifyKey: KeyObject };
  const p = profile({ alg: 'ed25519', key: privatePem, keyid: 'k1' });
  const now = 1_770_000_000_000;
  const headers = { ...request.headers, ...httpSignatureHeaders(p, request, { now: () => now, randomBytes }) };
  const base = { ...request, headers, now: () => now };

  it.each([
    [
      'no signature',
      { headers: request.headers },
      'ERR_SIGNATURE_MISSING',
      'the request has no Signature-Input and Signature headers',
    ],
    [
      'an unknown keyid',
      { keys: { other: { alg: 'ed25519' as const, key: verifyKey } } },
      'ERR_SIGNATURE_KEY_UNKNOWN',
      'signature sig1: no key for keyid "k1"',
    ],
    [
      'a key of another alg',
      { keys: { k1: { alg: 'hmac-sha256' as const, key: 'secret' } } },
      'ERR_SIGNATURE_INVALID',
      "signature sig1: alg ed25519 does not match the key's hmac-sha256",
    ],
    [
      'a missing required component',
      { keys: { k1: { alg: 'ed25519' as const, key: verifyKey } }, requiredComponents: ['@method', 'authorization'] },
      'ERR_SIGNATURE_INVALID',
      'signature sig1 does not cover authorization',
    ],
    [
      'a signature from the future',
      { keys: { k1: { alg: 'ed25519' as const, key: verifyKey } }, now: () => now - 120_000 },
      'ERR_SIGNATURE_INVALID',
      'signature sig1 was created 120 s in the future (clock out of sync?)',
    ],
    [
      'a malformed Signature-Input',
      {
        keys: { k1: { alg: 'ed25519' as const, key: verifyKey } },
        headers: { ...headers, 'Signature-Input': 'sig1=("@method" ' },
      },
      'ERR_SIGNATURE_MALFORMED',
      'Signature-Input: not a valid structured field (unterminated inner list at character 16)',
    ],
    [
      'a relative URL',
      { keys: { k1: { alg: 'ed25519' as const, key: verifyKey } }, url: '/deploy/run' },
      'ERR_VERIFY_CONFIG',
      'verifyHttpSignature needs the absolute URL the client used (scheme://host/path?query)',
    ],
    [
      'a wrong Content-Digest',
      { keys: { k1: { alg: 'ed25519' as const, key: verifyKey } }, body: 'x' },
      'ERR_DIGEST_MISMATCH',
      'Content-Digest sha-256 does not match the body',
    ],
  ])('%s', async (_, change, code, message) => {
    await expect(
      verifyHttpSignature({ ...base, keys: {}, ...change } as Parameters<typeof verifyHttpSignature>[0]),
    ).rejects.toMatchObject({ code, message });
  });

  it('a component listed twice is refused (RFC 9421 §2.5), even when the signature over it verifies', async () => {
    const components = ['@method', '@authority', '@path', 'content-digest', '@method'];
    const params = serializeSignatureParams(components, { created: Math.floor(now / 1000), keyid: 'k1' });
    const message = messageParts(
      request.method,
      request.url,
      Object.entries({ ...request.headers, 'Content-Digest': (headers as Record<string, string>)['Content-Digest']! }),
    );
    const signature = signBase(
      'ed25519',
      createPrivateKey(privatePem),
      Buffer.from(signatureBase(components, params, message)),
    );
    const forged = {
      ...headers,
      'Signature-Input': `sig1=${params}`,
      Signature: `sig1=:${signature.toString('base64')}:`,
    };
    await expect(
      verifyHttpSignature({ ...base, headers: forged, keys: { k1: { alg: 'ed25519', key: verifyKey } } }),
    ).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_MALFORMED',
      message: 'signature sig1: component "@method" is listed twice',
    });
  });

  it.each(['constructor', '__proto__', 'toString'])(
    'keyid %s is an unknown key, not a member of Object',
    async (keyid) => {
      const signed = {
        ...request.headers,
        ...httpSignatureHeaders(profile({ alg: 'ed25519', key: privatePem, keyid }), request, {
          now: () => now,
          randomBytes,
        }),
      };
      await expect(
        verifyHttpSignature({ ...base, headers: signed, keys: { k1: { alg: 'ed25519', key: verifyKey } } }),
      ).rejects.toMatchObject({
        code: 'ERR_SIGNATURE_KEY_UNKNOWN',
        message: `signature sig1: no key for keyid "${keyid}"`,
      });
    },
  );

  it('a key of the wrong type for its alg is a failed signature (ERR_SIGNATURE_INVALID), not an OpenSSL error', async () => {
    const rsaProfile = profile({
      alg: 'rsa-pss-sha512',
      key: (keys['rsa-pss-sha512'] as { privatePem: string }).privatePem,
      keyid: 'k1',
    });
    const signed = {
      ...request.headers,
      ...httpSignatureHeaders(rsaProfile, request, { now: () => now, randomBytes }),
    };
    await expect(
      verifyHttpSignature({ ...base, headers: signed, keys: { k1: { alg: 'rsa-pss-sha512', key: verifyKey } } }),
    ).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_INVALID',
      message: 'signature sig1 does not verify with key "k1"',
    });
  });

  it('@target-uri covers @authority and @path (and the query): a stricter signer is accepted, and a changed query is not', async () => {
    const withQuery = { ...request, url: `${request.url}?amount=1` };
    const strict = profile({
      alg: 'ed25519',
      key: privatePem,
      keyid: 'k1',
      components: ['@method', '@target-uri', 'content-digest'],
    });
    const signed = {
      ...withQuery.headers,
      ...httpSignatureHeaders(strict, withQuery, { now: () => now, randomBytes }),
    };
    const verify = (url: string) =>
      verifyHttpSignature({ ...base, url, headers: signed, keys: { k1: { alg: 'ed25519', key: verifyKey } } });
    expect(await verify(withQuery.url)).toMatchObject({ components: ['@method', '@target-uri', 'content-digest'] });
    await expect(verify(`${request.url}?amount=100000`)).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
  });

  it('a signature from another key fails', async () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    await expect(verifyHttpSignature({ ...base, keys: { k1: { alg: 'ed25519', key: other } } })).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_INVALID',
      message: 'signature sig1 does not verify with key "k1"',
    });
  });

  it('a request signed by http-message-signatures verifies with ours (key lookup function, JWK key)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { createSigner } = await import('http-message-signatures');
    const signedByLib = await httpbis.signMessage(
      {
        key: createSigner(privateKey, 'ecdsa-p256-sha256', 'lib-key'),
        fields: ['@method', '@authority', '@path', 'content-type'],
      },
      { method: 'GET', url: 'https://api.example.com/x', headers: { 'content-type': 'text/plain' } },
    );
    const verified = await verifyHttpSignature({
      method: 'GET',
      url: 'https://api.example.com/x',
      headers: signedByLib.headers as Record<string, string>,
      keys: (keyid) =>
        keyid === 'lib-key' ? { alg: 'ecdsa-p256-sha256', key: publicKey.export({ format: 'jwk' }) } : undefined,
      requiredComponents: ['@method', '@authority', '@path'],
    });
    expect(verified).toMatchObject({
      keyid: 'lib-key',
      alg: 'ecdsa-p256-sha256',
      components: ['@method', '@authority', '@path', 'content-type'],
    });
  });
});
