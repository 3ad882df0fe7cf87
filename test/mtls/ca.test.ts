import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CA_LIFETIME_MS,
  type CaChange,
  type CertificateAuthority,
  openCertificateAuthority,
} from '../../src/broker/mtls-ca.js';
import { isStintError } from '../../src/lib/errors.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { removeTempDirs, tempDir } from './fixtures.js';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SUBJECT = 'repo:acme/warehouse:ref:refs/heads/main';
const hasOpenssl = commandExists('openssl');
/** Run where openssl is, and always with CI set (.ci/run installs it), where a missing one fails. */
const withOpenssl = hasOpenssl || process.env.CI !== undefined;
const expectOpenssl = (): void => {
  expect(hasOpenssl, 'openssl is not on PATH; CI installs it (.ci/run)').toBe(true);
};

function commandExists(name: string): boolean {
  try {
    execFileSync(name, ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

afterAll(removeTempDirs);

function freshDir(): string {
  return tempDir('stint-ca-');
}

async function expectCode(promise: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStintError(error), `expected a StintError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(text);
}

describe('openCertificateAuthority', () => {
  let dir: string;
  let ca: CertificateAuthority;
  let caCert: X509Certificate;
  beforeAll(async () => {
    dir = join(freshDir(), 'ca');
    ca = await openCertificateAuthority(dir, { now: () => T0 });
    caCert = new X509Certificate(ca.caPem);
  });

  it('creates an EC P-256 CA certificate, self-signed, CA:TRUE, for about a year, kept 0600 in a 0700 dir', () => {
    expect(caCert.ca).toBe(true);
    expect(caCert.checkIssued(caCert)).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(caCert.publicKey.asymmetricKeyType).toBe('ec');
    expect(caCert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(Date.parse(caCert.validTo)).toBe(T0 + CA_LIFETIME_MS);
    expect(ca.notAfterMs).toBe(T0 + CA_LIFETIME_MS);
    expect(ca.fingerprint).toBe(`sha256:${createHash('sha256').update(caCert.raw).digest('hex')}`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'ca.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    expect(ca.caPem).not.toContain('PRIVATE KEY');
  });

  it.runIf(withOpenssl)('has pathlen 0 and keyCertSign/cRLSign only (read by openssl)', () => {
    expectOpenssl();
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: ca.caPem }).toString();
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
  });

  it('reuses the same CA when reopened, and two brokers opening a new dir at once agree on one CA', async () => {
    const again = await openCertificateAuthority(dir, { now: () => T0 + HOUR });
    expect(again.caPem).toBe(ca.caPem);
    const shared = join(freshDir(), 'ca');
    const [a, b] = await Promise.all([openCertificateAuthority(shared), openCertificateAuthority(shared)]);
    expect(a.caPem).toBe(b.caPem);
  });

  it('rolls over 30 days before expiry: the new CA signs, ca.pem serves new then old until the old expires', async () => {
    const renewDir = join(freshDir(), 'ca');
    let clock = T0;
    const first = await openCertificateAuthority(renewDir, { now: () => clock });
    const oldPem = first.caPem;
    clock = T0 + CA_LIFETIME_MS - 29 * DAY;
    const reopened = await openCertificateAuthority(renewDir, { now: () => clock });
    expect(reopened.notAfterMs).toBe(clock + CA_LIFETIME_MS);
    const pems = reopened.caPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? [];
    expect(pems).toHaveLength(2);
    expect(pems[1]).toBe(oldPem);
    expect(new X509Certificate(reopened.caPem).raw.equals(new X509Certificate(pems[0]!).raw)).toBe(true);
    const previous = readFileSync(join(renewDir, 'ca-previous.pem'), 'utf8');
    expect(previous).toBe(oldPem);
    expect(statSync(join(renewDir, 'ca-previous.pem')).mode & 0o777).toBe(0o600);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const issued = await reopened.issue({
      csrPem: await createCsr(privateKey, 'x'),
      project: 'warehouse',
      subject: SUBJECT,
      notAfterMs: clock + HOUR,
    });
    expect(new X509Certificate(issued.certificatePem).verify(new X509Certificate(pems[0]!).publicKey)).toBe(true);

    // The running instance that opened the old CA rolls over on its next issue, to the same new CA.
    const fromOld = await first.issue({
      csrPem: await createCsr(privateKey, 'x'),
      project: 'warehouse',
      subject: SUBJECT,
      notAfterMs: clock + HOUR,
    });
    expect(first.caPem).toBe(reopened.caPem);
    expect(new X509Certificate(fromOld.certificatePem).checkIssued(new X509Certificate(pems[0]!))).toBe(true);

    // Brokers that reach the rollover together agree on one new CA.
    clock = T0 + 2 * CA_LIFETIME_MS - 2 * DAY;
    const [x, y] = await Promise.all([
      openCertificateAuthority(renewDir, { now: () => clock }),
      openCertificateAuthority(renewDir, { now: () => clock }),
    ]);
    expect(x.caPem).toBe(y.caPem);
    expect(x.notAfterMs).toBe(clock + CA_LIFETIME_MS);
    expect(existsSync(join(renewDir, 'ca.lock'))).toBe(false);

    // Once the previous CA has expired, ca.pem is the current CA alone.
    clock = T0 + 2 * CA_LIFETIME_MS;
    expect((await openCertificateAuthority(renewDir, { now: () => clock })).caPem).toBe(
      x.caPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/)![0],
    );
  });

  it('tells onChange of each CA it makes before writing it: created, then renewed naming the old one; a refusal writes nothing', async () => {
    const hooked = join(freshDir(), 'ca');
    let clock = T0;
    const changes: CaChange[] = [];
    const onChange = async (change: CaChange) => {
      // Told before the file exists (the audit is the commit).
      expect(existsSync(join(hooked, 'ca.pem')) && change.kind === 'created').toBe(false);
      changes.push(change);
    };
    const first = await openCertificateAuthority(hooked, { now: () => clock, onChange });
    const firstCert = new X509Certificate(first.caPem);
    const sha = (cert: X509Certificate) => `sha256:${createHash('sha256').update(cert.raw).digest('hex')}`;
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'created',
        fingerprint: sha(firstCert),
        subject: firstCert.subject,
        notAfterMs: Date.parse(firstCert.validTo),
        where: join(hooked, 'ca.pem'),
      }),
    ]);
    expect(changes[0]!.previous).toBeUndefined();
    // Reopened while it is not due: nothing made, nothing told.
    await openCertificateAuthority(hooked, { now: () => clock, onChange });
    expect(changes).toHaveLength(1);

    clock = T0 + CA_LIFETIME_MS - 29 * DAY;
    const renewed = await openCertificateAuthority(hooked, { now: () => clock, onChange });
    const renewedCert = new X509Certificate(renewed.caPem);
    expect(changes[1]).toMatchObject({
      kind: 'renewed',
      fingerprint: sha(renewedCert),
      previous: { fingerprint: sha(firstCert), subject: firstCert.subject, notAfterMs: Date.parse(firstCert.validTo) },
      reason: expect.stringContaining(`the mTLS CA ${sha(firstCert)} expires at `),
    });

    // An audit log that refuses the event: no CA is written, and the error is thrown on.
    const refusedDir = join(freshDir(), 'ca');
    const refusal = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    await expect(
      openCertificateAuthority(refusedDir, {
        now: () => T0,
        onChange: async () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(existsSync(join(refusedDir, 'ca.pem'))).toBe(false);
  });

  it('takes over a lock file that a crashed broker left behind', async () => {
    const lockedDir = freshDir();
    writeFileSync(join(lockedDir, 'ca.lock'), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(lockedDir, 'ca.lock'), old, old);
    const opened = await openCertificateAuthority(lockedDir);
    expect(new X509Certificate(opened.caPem).ca).toBe(true);
    expect(existsSync(join(lockedDir, 'ca.lock'))).toBe(false);
  });

  it('refuses a CA file that does not hold a certificate and key', async () => {
    const badDir = freshDir();
    writeFileSync(join(badDir, 'ca.pem'), 'not a CA\n', { mode: 0o600 });
    await expectCode(
      openCertificateAuthority(badDir),
      'ERR_CA_INVALID',
      /ca\.pem does not hold a CA certificate and its private key/,
    );
  });

  for (const [label, options] of [
    ['EC P-256', { type: 'ec', namedCurve: 'P-256' }],
    ['RSA 2048', { type: 'rsa', modulusLength: 2048 }],
  ] as const) {
    it(`issues a client certificate for an ${label} CSR: signed by the CA, SAN names the project, clientAuth only`, async () => {
      const { privateKey, publicKey } =
        options.type === 'ec'
          ? generateKeyPairSync('ec', { namedCurve: options.namedCurve })
          : generateKeyPairSync('rsa', { modulusLength: options.modulusLength });
      const requested = T0 + 15 * 60_000 + 500;
      const issued = await ca.issue({
        csrPem: await createCsr(privateKey, 'ignored'),
        project: 'warehouse',
        subject: SUBJECT,
        notAfterMs: requested,
      });
      const cert = new X509Certificate(issued.certificatePem);
      expect(cert.checkIssued(caCert)).toBe(true);
      expect(cert.verify(caCert.publicKey)).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.subject).toBe(`CN=${SUBJECT}`);
      expect(cert.issuer).toBe(caCert.subject);
      expect(cert.subjectAltName).toBe('URI:urn:stint:project:warehouse');
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(
        cert.publicKey
          .export({ type: 'spki', format: 'der' })
          .equals(publicKey.export({ type: 'spki', format: 'der' })),
      ).toBe(true);
      expect(Date.parse(cert.validFrom)).toBe(T0 - 60_000);
      expect(Date.parse(cert.validTo)).toBe(T0 + 15 * 60_000);
      expect(issued.notAfterMs).toBe(T0 + 15 * 60_000);
      expect(issued.notAfterMs).toBeLessThanOrEqual(requested);
      expect(issued.serial).toBe(cert.serialNumber);
      expect(issued.serial).toMatch(/^[0-7][0-9A-F]{31}$/);
      expect(issued.fingerprint).toBe(`sha256:${createHash('sha256').update(cert.raw).digest('hex')}`);
    });
  }

  it('caps the lifetime at 24 hours, gives every certificate its own serial, truncates the CN to 64 characters', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const csrPem = await createCsr(privateKey, 'x');
    const long = `repo:acme/${'w'.repeat(100)}:ref:refs/heads/main`;
    const a = await ca.issue({ csrPem, project: 'warehouse', subject: long, notAfterMs: T0 + 72 * HOUR });
    const b = await ca.issue({ csrPem, project: 'warehouse', subject: long, notAfterMs: T0 + 72 * HOUR });
    expect(a.notAfterMs).toBe(T0 + 24 * HOUR);
    expect(a.serial).not.toBe(b.serial);
    expect(new X509Certificate(a.certificatePem).subject).toBe(`CN=${long.slice(0, 64)}`);
  });

  it.runIf(withOpenssl)('accepts a CSR made by openssl, and openssl verifies the result for client auth', async () => {
    expectOpenssl();
    const work = freshDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=job',
        '-keyout',
        join(work, 'k.pem'),
        '-out',
        join(work, 'r.csr'),
      ],
      { stdio: 'ignore' },
    );
    const issued = await openCertificateAuthority(join(work, 'ca')).then((realClock) =>
      realClock
        .issue({
          csrPem: readFileSync(join(work, 'r.csr'), 'utf8'),
          project: 'warehouse',
          subject: SUBJECT,
          notAfterMs: Date.now() + HOUR,
        })
        .then((i) => ({ i, caPem: realClock.caPem })),
    );
    writeFileSync(join(work, 'leaf.pem'), issued.i.certificatePem);
    writeFileSync(join(work, 'ca-cert.pem'), issued.caPem);
    const out = execFileSync('openssl', [
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      join(work, 'ca-cert.pem'),
      join(work, 'leaf.pem'),
    ]).toString();
    expect(out.trim()).toBe(`${join(work, 'leaf.pem')}: OK`);
  });

  describe('refuses', () => {
    let goodCsr: string;
    beforeAll(async () => {
      goodCsr = await createCsr(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'stint-job');
    });
    const issue = (csrPem: string, extra: Partial<{ project: string; notAfterMs: number }> = {}) =>
      ca.issue({ csrPem, project: 'warehouse', subject: SUBJECT, notAfterMs: T0 + HOUR, ...extra });

    it('text that is not a PEM CSR', async () => {
      await expectCode(
        issue('hello'),
        'ERR_CSR_INVALID',
        /^invalid CSR: expected a PEM block "-----BEGIN CERTIFICATE REQUEST-----"$/,
      );
      await expectCode(
        issue('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'),
        'ERR_CSR_INVALID',
        /^invalid CSR: the CSR is not valid DER$/,
      );
    });

    it('a CSR whose content was changed after signing', async () => {
      const der = Buffer.from(goodCsr.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      const at = der.indexOf(Buffer.from('stint-job'));
      der[at] = 'S'.charCodeAt(0);
      const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      await expectCode(
        issue(tampered),
        'ERR_CSR_INVALID',
        /^invalid CSR: its signature does not verify: the CSR must be signed by the private key it carries$/,
      );
    });

    it('RSA keys under 2048 bits and EC keys off P-256', async () => {
      const rsa1024 = await createCsr(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'x');
      await expectCode(
        issue(rsa1024),
        'ERR_CSR_INVALID',
        /^invalid CSR: RSA keys must have 2048 to 8192 bits, this one has 1024$/,
      );
      const p384 = await createCsr(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'x');
      await expectCode(
        issue(p384),
        'ERR_CSR_INVALID',
        /^invalid CSR: EC keys must be on P-256, this one is on secp384r1$/,
      );
    });

    it('a token that has already expired, and a project name that is not a name', async () => {
      await expectCode(
        issue(goodCsr, { notAfterMs: T0 - 1 }),
        'ERR_CSR_INVALID',
        /the token expires now or has expired/,
      );
      await expectCode(issue(goodCsr, { project: 'a b' }), 'ERR_CSR_INVALID', /project names are 1-128 of/);
    });
  });
});
