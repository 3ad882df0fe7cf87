import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CA_LIFETIME_MS,
  openCertificateAuthority,
  RENEW_BEFORE_MS,
  TOKEN_CA_ORPHAN_MS,
} from '../../src/broker/mtls-ca.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { openToken, type Pkcs11Token } from '../../src/tokens/pkcs11.js';
import { initSoftHsm, SOFTHSM_MODULE, type SoftHsm } from './softhsm.js';

/**
 * The mTLS CA in a SoftHSM2 token renewed when due: the new CA signs, the one it replaced stays in
 * caPem (after it) until it expires and loses its private key; a CA key pair left without its
 * certificate (its maker stopped before storing it) is destroyed then once it is a day old, and
 * one a peer made moments ago is left to it.
 */
let hsm: SoftHsm;
let token: Pkcs11Token;
let dir: string;

beforeAll(async () => {
  hsm = initSoftHsm('stint-ca-renew');
  // SoftHSM reads SOFTHSM2_CONF once, at the first C_Initialize in this process.
  process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
  token = await openToken(
    { module: SOFTHSM_MODULE, token: hsm.label, pin_env: 'STINT_HSM_PIN' },
    { STINT_HSM_PIN: hsm.pin },
    ['ES256'],
  );
  dir = mkdtempSync(join(tmpdir(), 'stint-ca-renew-'));
});
afterAll(() => {
  token?.disconnect();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (hsm) rmSync(hsm.dir, { recursive: true, force: true });
});

const pems = (bundle: string) => bundle.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? [];

async function issuedBy(ca: Awaited<ReturnType<typeof openCertificateAuthority>>, nowMs: number) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const issued = await ca.issue({
    csrPem: await createCsr(privateKey, 'ci job'),
    project: 'warehouse',
    subject: 'repo:acme/warehouse:ref:refs/heads/main',
    notAfterMs: nowMs + 15 * 60 * 1000,
  });
  return new X509Certificate(issued.certificatePem);
}

describe('the mTLS CA in a PKCS#11 token, renewed', () => {
  it('signs with the new CA once the old is due, serves the old after it until it expires, destroys only the old key, and a day-old CA key pair without its certificate', async () => {
    let clock = Date.now();
    const ca = await openCertificateAuthority(join(dir, 'ca'), { token, now: () => clock });
    const first = new X509Certificate(ca.caPem);
    expect(pems(ca.caPem)).toHaveLength(1);
    expect((await issuedBy(ca, clock)).verify(first.publicKey)).toBe(true);

    // A broker that was killed after making its CA key and before storing the certificate, long
    // ago; and a peer making one right now, about to store its certificate.
    const stale = randomBytes(16).toString('hex');
    token.generateKeyPair('ES256', stale, `stint:ca:${clock}`);
    // A day into the renewal window: the next certificate is signed by a new CA.
    clock += CA_LIFETIME_MS - RENEW_BEFORE_MS + 24 * 60 * 60 * 1000;
    const fresh = randomBytes(16).toString('hex');
    token.generateKeyPair('ES256', fresh, `stint:ca:${clock - TOKEN_CA_ORPHAN_MS + 60_000}`);
    const leaf = await issuedBy(ca, clock);
    const [newest, previous] = pems(ca.caPem);
    expect(pems(ca.caPem)).toHaveLength(2);
    expect(new X509Certificate(previous!).raw.equals(first.raw)).toBe(true);
    expect(leaf.verify(new X509Certificate(newest!).publicKey)).toBe(true);
    const certificates = token.findCertificates('stint:ca');
    expect(certificates).toHaveLength(2);
    const keys = token.findKeys('stint:ca:');
    const ids = new Set(certificates.map((certificate) => certificate.id));
    expect(keys.filter((key) => ids.has(key.id) && key.hasPrivateKey)).toHaveLength(1);
    expect(keys.filter((key) => ids.has(key.id))).toHaveLength(2);
    // The stale key pair is gone; the peer's is not.
    expect(keys.filter((key) => !ids.has(key.id)).map((key) => key.id)).toEqual([fresh]);
    expect(token.findKey(fresh)?.hasPrivateKey).toBe(true);
    expect(token.findKey(stale)).toBeUndefined();

    // Another broker opening the token now serves the same bundle.
    const other = await openCertificateAuthority(join(dir, 'other'), { token, now: () => clock });
    expect(other.caPem).toBe(ca.caPem);

    // Past the old CA's expiry it leaves caPem.
    clock += RENEW_BEFORE_MS;
    await ca.refresh();
    expect(pems(ca.caPem)).toEqual([newest]);
  });
});
