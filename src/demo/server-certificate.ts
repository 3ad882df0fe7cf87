import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadForge } from '../signing/mtls-asn1.js';

/**
 * A self-signed TLS server certificate for 127.0.0.1, valid for an hour: what the demo's HTTPS
 * server presents. The key is made by node:crypto; forge only builds and signs the certificate.
 * The client trusts exactly this certificate (it is its own CA), so nothing else is trusted.
 */
export async function selfSignedServerCertificate(now = Date.now()): Promise<{ certPem: string; keyPem: string }> {
  const forge = await loadForge();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(now - 60_000);
  cert.validity.notAfter = new Date(now + 3_600_000);
  const name = [{ name: 'commonName', value: 'stint demo server 127.0.0.1' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}
