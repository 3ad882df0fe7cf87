import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How a self-signed certificate differs from the default one: a P-256 key, CN=127.0.0.1,
 * subjectAltName IP:127.0.0.1 and DNS:localhost, valid 30 days from now.
 */
export interface SelfSignedOptions {
  /** Days it is valid from now (openssl -days); a test of the expiry warning wants 1. */
  days?: number;
  /** The subject's common name. */
  commonName?: string;
  /** The subjectAltName extension in openssl's spelling (`DNS:a,IP:1.2.3.4`); null for none. */
  subjectAltName?: string | null;
}

/** A certificate and its private key, as PEM text or as the paths of the files holding them. */
export interface CertificatePair {
  cert: string;
  key: string;
}

const block = (pem: string, label: string): string | undefined =>
  new RegExp(`-----BEGIN ${label}-----\\n[\\s\\S]+?\\n-----END ${label}-----\\n`).exec(pem)?.[0];

/**
 * A self-signed certificate and its unencrypted PKCS#8 key, as PEM text, made by the real
 * `openssl req -x509` (so with openssl's own CA extensions: basicConstraints CA:TRUE, key
 * identifiers). openssl must be on PATH (.ci/run installs it; vitest.config.ts names the suites).
 * Nothing is written to disk.
 *
 * @example
 * const { cert, key } = selfSignedCertificate({ days: 1 });
 */
export function selfSignedCertificate(options: SelfSignedOptions = {}): CertificatePair {
  const { days = 30, commonName = '127.0.0.1', subjectAltName = 'IP:127.0.0.1,DNS:localhost' } = options;
  const args = [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', String(days)],
    ...['-subj', `/CN=${commonName}`],
    ...(subjectAltName === null ? [] : ['-addext', `subjectAltName=${subjectAltName}`]),
    // The key and then the certificate, both on stdout.
    ...['-keyout', '-'],
  ];
  let printed: string;
  try {
    printed = execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('openssl is not on PATH; CI installs it (.ci/run)');
    }
    throw error;
  }
  const cert = block(printed, 'CERTIFICATE');
  const key = block(printed, 'PRIVATE KEY');
  if (cert === undefined || key === undefined) throw new Error('openssl req -x509 printed no certificate and key');
  return { cert, key };
}

/**
 * The same, written into `dir` (the caller's: it removes it) under the file names given, the key
 * file mode 0600 as openssl writes one. Returns the two files' paths.
 *
 * @example
 * const tls = writeSelfSignedCertificate(dir, { cert: 'cert.pem', key: 'key.pem' });
 */
export function writeSelfSignedCertificate(
  dir: string,
  names: CertificatePair,
  options: SelfSignedOptions = {},
): CertificatePair {
  const pem = selfSignedCertificate(options);
  const files = { cert: join(dir, names.cert), key: join(dir, names.key) };
  writeFileSync(files.key, pem.key, { mode: 0o600 });
  writeFileSync(files.cert, pem.cert);
  return files;
}
