import type { TLSSocket } from 'node:tls';
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
export declare function verifyClientCertificate(socket: TLSSocket, options: {
    projects: readonly string[];
}): VerifiedClientCertificate;
