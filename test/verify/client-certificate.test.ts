import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, openCertificateAuthority } from '../../src/broker/mtls-ca.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { verifyClientCertificate } from '../../src/verify/index.js';
import { makeRsaCertificate, type RsaCertificate } from '../mtls/fixtures.js';

// The mtls receiving side: a server that trusts the broker CA authorises on the SAN URI project.
const dir = mkdtempSync(join(tmpdir(), 'stint-client-cert-'));
let ca: CertificateAuthority;
let serverCert: RsaCertificate;
let server: Server;
let url: string;

async function clientFor(project: string): Promise<{ cert: string; key: string }> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const csrPem = await createCsr(privateKey, 'repo:acme/warehouse:ref:refs/heads/main');
  const issued = await ca.issue({
    csrPem,
    project,
    subject: 'repo:acme/warehouse:ref:refs/heads/main',
    notAfterMs: Date.now() + 600_000,
  });
  return { cert: issued.certificatePem, key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

function get(tls: { cert?: string; key?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...tls, ca: serverCert.certPem, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  ca = await openCertificateAuthority(join(dir, 'ca'));
  const now = Date.now();
  serverCert = makeRsaCertificate({
    cn: '127.0.0.1',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 86400_000),
    serverIp: '127.0.0.1',
  });
  // rejectUnauthorized: false so the handler (not the handshake) reports each refusal.
  server = createServer(
    { key: serverCert.keyPem, cert: serverCert.certPem, ca: ca.caPem, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      try {
        const verified = verifyClientCertificate(req.socket as TLSSocket, { projects: ['warehouse'] });
        res.writeHead(200).end(`${verified.project} ${verified.subject}`);
      } catch (error) {
        res.writeHead(403).end(`${(error as { code?: string }).code}: ${(error as Error).message}`);
      }
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('verifyClientCertificate', () => {
  it('accepts a broker-CA certificate for the project, by its SAN URI', async () => {
    expect(await get(await clientFor('warehouse'))).toEqual({
      status: 200,
      body: 'warehouse repo:acme/warehouse:ref:refs/heads/main',
    });
  });

  it('refuses another project, no certificate, and a certificate from another CA', async () => {
    expect(await get(await clientFor('other'))).toEqual({
      status: 403,
      body: 'ERR_CERTIFICATE_PROJECT: the client certificate is for project other, not warehouse',
    });
    expect(await get({})).toEqual({
      status: 403,
      body: 'ERR_CERTIFICATE_MISSING: the client sent no certificate; the server must request one (requestCert: true)',
    });
    const now = Date.now();
    const foreignCa = makeRsaCertificate({
      cn: 'foreign',
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 86400_000),
      isCa: true,
    });
    const foreign = makeRsaCertificate({
      cn: 'intruder',
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 86400_000),
      issuer: foreignCa,
    });
    const refused = await get({ cert: foreign.certPem, key: foreign.keyPem });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatch(/^ERR_CERTIFICATE_INVALID: the client certificate is not trusted: \w+/);
  });
});
