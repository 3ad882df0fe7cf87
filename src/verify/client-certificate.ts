import type { TLSSocket } from 'node:tls';
import { StintError } from '../lib/errors.js';

export interface VerifiedClientCertificate {
  /** The project named by the SAN URI `urn:stint:project:<project>`. */
  project: string;
  /** The certificate's CN: the CI subject (cut to 64 characters; informational). */
  subject: string;
  /** SHA-256 fingerprint as Node prints it (colon-separated hex). */
  fingerprint256: string;
  /** When the certificate expires. */
  validTo: Date;
}

const PROJECT_URI = 'urn:stint:project:';

/**
 * The mtls receiving side: after a TLS server that trusts the broker CA (`GET /mtls/ca.pem`,
 * `requestCert: true`) accepted the handshake, checks the client certificate on the request's
 * socket and authorises on the project in its SAN URI — never on the CN, which is only the CI
 * subject cut to 64 characters. Throws StintError ERR_CERTIFICATE_MISSING,
 * ERR_CERTIFICATE_INVALID or ERR_CERTIFICATE_PROJECT.
 *
 * @example
 * https.createServer({ key, cert, ca: stintCaPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
 *   const { project } = verifyClientCertificate(req.socket as TLSSocket, { projects: ['warehouse'] });
 * });
 */
export function verifyClientCertificate(
  socket: TLSSocket,
  options: { projects: readonly string[] },
): VerifiedClientCertificate {
  const cert = socket.getPeerCertificate();
  if (cert === null || cert === undefined || Object.keys(cert).length === 0) {
    throw new StintError(
      'ERR_CERTIFICATE_MISSING',
      'the client sent no certificate; the server must request one (requestCert: true)',
    );
  }
  // With rejectUnauthorized: false Node still completes the handshake; an unverified chain must not pass.
  if (!socket.authorized) {
    throw new StintError(
      'ERR_CERTIFICATE_INVALID',
      `the client certificate is not trusted: ${String(socket.authorizationError ?? 'unknown reason')}`,
    );
  }
  const projects = (cert.subjectaltname ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^URI:"?/, 'URI:').replace(/"$/, ''))
    .filter((entry) => entry.startsWith(`URI:${PROJECT_URI}`))
    .map((entry) => entry.slice(`URI:${PROJECT_URI}`.length));
  if (projects.length !== 1) {
    throw new StintError(
      'ERR_CERTIFICATE_PROJECT',
      projects.length === 0
        ? 'the client certificate names no stint project (no SAN URI urn:stint:project:…)'
        : `the client certificate names several projects (${projects.join(', ')}); refused`,
    );
  }
  const project = projects[0] as string;
  if (!options.projects.includes(project)) {
    throw new StintError(
      'ERR_CERTIFICATE_PROJECT',
      `the client certificate is for project ${project}, not ${options.projects.join(' or ')}`,
    );
  }
  return {
    project,
    subject: String(cert.subject?.CN ?? ''),
    fingerprint256: cert.fingerprint256,
    validTo: new Date(cert.valid_to),
  };
}
