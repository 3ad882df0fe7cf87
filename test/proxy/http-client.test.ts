import { createServer as createPlainServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpError, httpRequest, isTlsRefusal } from '../../src/lib/http.js';
import { type Squid, startSquid } from '../helpers/squid.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';

/**
 * TLS stays end to end through the proxy's CONNECT tunnel: the server's certificate is checked
 * against the CA given (an mTLS profile's server_ca / server_ca_file), and a client certificate
 * (an mTLS profile's) reaches the server, which Squid cannot see into. The request is the one
 * `stint request` and the mTLS certificate request send (src/signing/send.ts passes `tls`).
 */
let squid: Squid;
let server: Server;
let origin: string;
const serverPair = selfSignedCertificate({ commonName: 'mtls.stint.test', subjectAltName: 'DNS:mtls.stint.test' });
const clientPair = selfSignedCertificate({ commonName: 'ci-job', subjectAltName: null });

beforeAll(async () => {
  squid = await startSquid({ names: ['mtls.stint.test', 'plain.stint.test'] });
  server = createServer(
    { ...serverPair, ca: clientPair.cert, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.end(`hello ${peer.subject?.CN}`);
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `https://mtls.stint.test:${(server.address() as AddressInfo).port}`;
  process.env.HTTPS_PROXY = squid.urlWithCredentials;
});
afterAll(async () => {
  delete process.env.HTTPS_PROXY;
  await new Promise((done) => server?.close(done));
  await squid?.stop();
});

describe('https through the tunnel', () => {
  it('presents the client certificate and checks the server against the given CA', async () => {
    const answer = await httpRequest({ url: `${origin}/hello`, tls: { ...clientPair, ca: serverPair.cert } });
    expect(answer.text()).toBe('hello ci-job');
    // Squid logs a CONNECT when the tunnel closes, which may come after the answer.
    await vi.waitFor(
      () => expect(squid.accessLog().some((line) => line.includes(`CONNECT mtls.stint.test:`))).toBe(true),
      { timeout: 30_000, interval: 100 },
    );
  });

  it('still refuses a server certificate it does not trust', async () => {
    const failure = await httpRequest({ url: `${origin}/hello`, tls: clientPair }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).kind).toBe('certificate');
    // The server's certificate, checked end to end: the bare code, which callers look up for their fix.
    expect((failure as HttpError).reason).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect((failure as HttpError).sent).toBe(false);
  });

  it('a handshake the server refuses (no client certificate) keeps its code, so callers stop at once', async () => {
    const failure = await httpRequest({ url: `${origin}/hello`, tls: { ca: serverPair.cert } }).catch(
      (e: unknown) => e,
    );
    expect(isTlsRefusal((failure as HttpError).reason), (failure as HttpError).reason).toBe(true);
  });

  it('checks the certificate against the servername given, not the proxy', async () => {
    const failure = await httpRequest({
      url: `${origin}/hello`,
      tls: { ...clientPair, ca: serverPair.cert, servername: 'other.stint.test' },
    }).catch((error: unknown) => error);
    expect((failure as HttpError).kind).toBe('certificate');
    expect((failure as HttpError).reason).toMatch(/^ERR_TLS_CERT_ALTNAME_INVALID/);
  });
});

describe('plain http through the proxy', () => {
  it('sends the request in absolute form to the proxy, with its credentials', async () => {
    const plain = createPlainServer((req, res) =>
      res.end(`plain ${req.url} ${req.headers['proxy-authorization'] ?? 'none'}`),
    );
    await new Promise<void>((done) => plain.listen(0, '127.0.0.1', done));
    const port = (plain.address() as AddressInfo).port;
    process.env.HTTP_PROXY = squid.urlWithCredentials;
    try {
      const answer = await httpRequest({ url: `http://plain.stint.test:${port}/jwks?x=1` });
      // Squid forwards it, without the credentials meant for it.
      expect(answer.text()).toBe('plain /jwks?x=1 none');
      await vi.waitFor(
        () =>
          expect(squid.accessLog().some((line) => line.includes(`GET http://plain.stint.test:${port}/jwks`))).toBe(
            true,
          ),
        { timeout: 30_000, interval: 100 },
      );
      process.env.HTTP_PROXY = squid.url;
      const refused = await httpRequest({ url: `http://plain.stint.test:${port}/jwks` }).catch((e: unknown) => e);
      expect((refused as HttpError).kind).toBe('proxy');
      expect((refused as HttpError).reason).toBe(
        `the proxy 127.0.0.1:${squid.port} (from HTTP_PROXY) wants credentials (407 Proxy Authentication Required): set HTTP_PROXY to http://user:password@127.0.0.1:${squid.port}`,
      );
    } finally {
      delete process.env.HTTP_PROXY;
      await new Promise((done) => plain.close(done));
    }
  });
});
