import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJws, verifyJwsSignature } from '../../src/lib/jws-crypto.js';

const data = Buffer.from('eyJhbGciOiJFUzI1NiJ9.e30', 'ascii');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed25519 = generateKeyPairSync('ed25519');

describe('jws-crypto binds each algorithm to its key type and curve (RFC 7518 §3)', () => {
  it('signs and verifies with the key each algorithm names', () => {
    for (const [alg, pair] of [
      ['ES256', p256],
      ['ES384', p384],
      ['RS256', rsa],
      ['PS256', rsa],
      ['EdDSA', ed25519],
    ] as const) {
      const signature = signJws(alg, pair.privateKey, data);
      expect(verifyJwsSignature(alg, pair.publicKey, data, signature), alg).toBe(true);
    }
  });

  it('refuses ES256 on a P-384 key, EdDSA on an RSA key and RS256 on an EC key, signing or verifying', () => {
    expect(() => signJws('ES256', p384.privateKey, data)).toThrow(/curve prime256v1/);
    expect(() => signJws('EdDSA', rsa.privateKey, data)).toThrow(/ed25519 or ed448 key, not rsa/);
    expect(() => signJws('RS256', p256.privateKey, data)).toThrow(/rsa key, not ec/);
    const es384 = signJws('ES384', p384.privateKey, data);
    expect(() => verifyJwsSignature('ES256', p384.publicKey, data, es384)).toThrow(/curve prime256v1/);
    const rs = signJws('RS256', rsa.privateKey, data);
    expect(() => verifyJwsSignature('EdDSA', rsa.publicKey, data, rs)).toThrow(/not rsa/);
  });
});
