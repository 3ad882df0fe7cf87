import type { TLSSocket } from 'node:tls';
import { startLocalServer, type LocalServer } from './local-server.js';
import { selfSignedServerCertificate } from './server-certificate.js';

export interface MtlsServer extends LocalServer {
  /** The server's own certificate, which a client must trust (`server_ca`, `ca`). */
  readonly serverCaPem: string;
}

/**
 * An HTTPS server on loopback that completes the TLS handshake only for a client certificate
 * issued by `clientCaPem` (the broker's `/mtls/ca.pem`): `requestCert` and
 * `rejectUnauthorized`, so a missing, self-made or foreign certificate never reaches the handler.
 * It answers with the certificate's subject and its `urn:stint:project:` SAN.
 */
export async function startMtlsServer(clientCaPem: string): Promise<MtlsServer> {
  const { certPem, keyPem } = await selfSignedServerCertificate();
  const server = await startLocalServer(
    (req) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const project = /URI:(urn:stint:project:[^,\s]+)/.exec(peer.subjectaltname ?? '')?.[1] ?? 'no project SAN';
      return { status: 200, body: `client certificate CN=${String(peer.subject?.CN ?? '?')}, ${project}` };
    },
    { key: keyPem, cert: certPem, ca: clientCaPem, requestCert: true, rejectUnauthorized: true },
  );
  return { ...server, serverCaPem: certPem };
}
