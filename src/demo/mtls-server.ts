import type { TLSSocket } from 'node:tls';
import { isStintError } from '../lib/errors.js';
import { verifyClientCertificate } from '../verify/index.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { selfSignedServerCertificate } from './server-certificate.js';

export interface MtlsServer extends LocalServer {
  /** The server's own certificate, which a client must trust (`server_ca`, `ca`). */
  readonly serverCaPem: string;
}

/**
 * An HTTPS server on loopback that completes the TLS handshake only for a client certificate
 * issued by `clientCaPem` (the broker's `/mtls/ca.pem`): `requestCert` and
 * `rejectUnauthorized`, so a missing, self-made or foreign certificate never reaches the handler.
 * The handler then authorises with `verifyClientCertificate` on the project in the certificate's
 * SAN (`project`), and answers with what it verified.
 */
export async function startMtlsServer(clientCaPem: string, project: string): Promise<MtlsServer> {
  const { certPem, keyPem } = await selfSignedServerCertificate();
  const server = await startLocalServer(
    (req) => {
      try {
        const verified = verifyClientCertificate(req.socket as TLSSocket, { projects: [project] });
        return {
          status: 200,
          body: `verifyClientCertificate: project ${verified.project}, CN=${verified.subject}, until ${verified.validTo.toISOString()}`,
        };
      } catch (error) {
        if (isStintError(error)) return { status: 403, body: `refused: ${error.code}: ${error.message}` };
        throw error;
      }
    },
    { key: keyPem, cert: certPem, ca: clientCaPem, requestCert: true, rejectUnauthorized: true },
  );
  return { ...server, serverCaPem: certPem };
}
