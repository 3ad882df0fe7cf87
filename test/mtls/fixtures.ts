/**
 * Test fixtures for mTLS: a stand-in for the broker's `/mtls/certificates` route backed by the real
 * CA module, an HTTPS server that requires a client certificate, and RSA certificates made with
 * node-forge's own high-level API (an independent maker for the "provided" material).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import forge from 'node-forge';
import type { CertificateAuthority } from '../../src/broker/mtls-ca.js';

export const GOOD_TOKEN = 'stint-test-token-0123456789';

export interface CaServer {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
  /** Replace the answer for the next requests (status, JSON body). */
  answer: ((body: { csr?: string }) => { status: number; json: unknown }) | undefined;
  stop(): Promise<void>;
}

/** `POST /mtls/certificates` as the broker answers it, for `Bearer GOOD_TOKEN` only. */
export async function startCaServer(
  ca: CertificateAuthority,
  options: { project: string; subject: string; notAfterMs: () => number },
): Promise<CaServer> {
  const state: CaServer = { url: '', requests: [], answer: undefined, stop: async () => undefined };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const parsed = JSON.parse(body || '{}') as { csr?: string };
      if (state.answer) {
        const { status, json } = state.answer(parsed);
        return send(status, json);
      }
      if (req.method !== 'POST' || req.url !== '/mtls/certificates') return send(404, { error: 'not_found' });
      if (req.headers.authorization !== `Bearer ${GOOD_TOKEN}`) {
        return send(401, {
          error: 'invalid_token',
          error_description: 'a certificate needs a valid, unrevoked stint token',
          request_id: '0b7c7a4e-5d1f-4a8e-9c1e-3f2a1b0c9d8e',
        });
      }
      ca.issue({
        csrPem: parsed.csr ?? '',
        project: options.project,
        subject: options.subject,
        notAfterMs: options.notAfterMs(),
      }).then(
        (issued) =>
          send(200, {
            certificate: issued.certificatePem,
            ca: ca.caPem,
            serial: issued.serial,
            not_after: new Date(issued.notAfterMs).toISOString(),
          }),
        (error: Error) =>
          send(400, { error: 'invalid_request', error_description: error.message, request_id: 'req-400' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

export interface RsaCertificate {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

/**
 * An RSA certificate made with forge's high-level API. Self-signed unless `issuer` is given;
 * `serverIp` adds a SAN IP and serverAuth, otherwise clientAuth.
 */
export function makeRsaCertificate(options: {
  cn: string;
  notBefore: Date;
  notAfter: Date;
  issuer?: RsaCertificate;
  isCa?: boolean;
  serverIp?: string;
}): RsaCertificate {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  cert.setSubject([{ name: 'commonName', value: options.cn }]);
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : [{ name: 'commonName', value: options.cn }]);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.isCa === true }];
  if (options.isCa) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true });
  else if (options.serverIp)
    extensions.push(
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: options.serverIp }] },
    );
  else extensions.push({ name: 'extKeyUsage', clientAuth: true });
  cert.setExtensions(extensions);
  cert.sign(options.issuer ? options.issuer.key : keys.privateKey, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    cert,
    key: keys.privateKey,
  };
}

export interface MtlsServer {
  url: string;
  /** CA that signed the server's certificate: what a client passes as --cacert. */
  serverCaPem: string;
  /** Client certificate subjects of the requests that got through. */
  accepted: string[];
  stop(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 that requires a client certificate issued by `clientCaPem`. */
export async function startMtlsServer(clientCaPem: string): Promise<MtlsServer> {
  const now = Date.now();
  const serverCert = makeRsaCertificate({
    cn: '127.0.0.1',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 86400_000),
    serverIp: '127.0.0.1',
  });
  const accepted: string[] = [];
  const server = createHttpsServer(
    { key: serverCert.keyPem, cert: serverCert.certPem, ca: clientCaPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const cn = String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
      accepted.push(cn);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`hello ${cn}\n`);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    serverCaPem: serverCert.certPem,
    accepted,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function commandExists(name: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(name, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const made: string[] = [];

/** A fresh temp dir, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(prefix = 'stint-mtls-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
