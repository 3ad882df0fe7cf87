/**
 * Reads a provided client certificate (PEM or PKCS#12) into PEM text a TLS client can use, and
 * checks it before any request relies on it: the key must match the certificate, and the
 * certificate must be valid now. Messages name the profile and field, never the content.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { StintError } from '../lib/errors.js';
import { allPem, loadForge, toPem } from './mtls-asn1.js';
import type { MaterialSource, MtlsMaterial } from './mtls-profile.js';

/** A provided certificate expiring sooner than this gets a warning (docs/troubleshooting.md#err_mtls_cert_expired). */
export const EXPIRY_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

export interface ClientMaterial {
  leaf: X509Certificate;
  /** The leaf certificate, PEM. */
  certPem: string;
  /** Intermediate certificates, PEM, leaf's issuer first; '' when none. */
  chainPem: string;
  /** The private key as unencrypted PKCS#8 PEM. Secret. */
  keyPem: string;
}

/** Loads and checks provided material. Throws ERR_MTLS_* (docs/troubleshooting.md#mtls-client-certificates). */
export async function loadMaterial(
  profile: string,
  material: MtlsMaterial,
  nowMs: number,
): Promise<ClientMaterial & { warnings: string[] }> {
  const loaded =
    material.kind === 'pem'
      ? await loadPem(profile, material)
      : await loadP12(profile, material.p12, material.passphrase);
  return { ...loaded, warnings: checkValidity(profile, loaded.leaf, nowMs) };
}

/** Errors when the certificate is expired or not yet valid; a warning when it expires within 14 days (unless a stint broker issued it). */
export function checkValidity(profile: string, leaf: X509Certificate, nowMs: number): string[] {
  const notAfter = Date.parse(leaf.validTo);
  const notBefore = Date.parse(leaf.validFrom);
  if (notAfter <= nowMs) {
    throw new StintError(
      'ERR_MTLS_CERT_EXPIRED',
      `mtls profile "${profile}": the client certificate ${leaf.subject.replace(/\n/g, ', ')} expired on ${new Date(notAfter).toISOString()}; renew it`,
    );
  }
  if (notBefore > nowMs) {
    throw new StintError(
      'ERR_MTLS_CERT_NOT_YET_VALID',
      `mtls profile "${profile}": the client certificate is not valid before ${new Date(notBefore).toISOString()}; check the clock or the certificate`,
    );
  }
  // A certificate a stint broker issued (`stint cert`, the action's ephemeral source, which the
  // action hands on as a provided profile) lives as long as the token it was issued for: its
  // expiry is its design, and a warning at every `stint request` would be noise.
  if (notAfter - nowMs < EXPIRY_WARNING_MS && !issuedByStintBroker(leaf)) {
    const days = Math.floor((notAfter - nowMs) / 86_400_000);
    return [
      `mtls profile "${profile}": the client certificate ${leaf.subject.replace(/\n/g, ', ')} expires in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`} (${new Date(notAfter).toISOString()}); renew it`,
    ];
  }
  return [];
}

/** The issuer the broker's CA names itself with (src/broker/mtls-ca.ts): O=stint, CN=stint client CA <hex>. */
function issuedByStintBroker(leaf: X509Certificate): boolean {
  const parts = leaf.issuer.split('\n');
  return parts.includes('O=stint') && parts.some((part) => /^CN=stint client CA [0-9a-f]{8}$/.test(part));
}

async function loadPem(profile: string, material: Extract<MtlsMaterial, { kind: 'pem' }>): Promise<ClientMaterial> {
  const certText = await readSource(profile, 'cert', material.cert);
  const certificates = allPem('CERTIFICATE', certText);
  if (certificates.length === 0) invalid(profile, 'cert', 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  const chainText = material.chain === undefined ? '' : await readSource(profile, 'chain', material.chain);
  const chain = [...certificates.slice(1), ...allPem('CERTIFICATE', chainText)];
  const leaf = parseCertificate(profile, 'cert', certificates[0]!);
  for (const pem of chain) parseCertificate(profile, 'chain', pem);
  const key = parseKey(profile, await readSource(profile, 'key', material.key), material.passphrase);
  matchKey(profile, leaf, key);
  return { leaf, certPem: certificates[0]!, chainPem: chain.join(''), keyPem: exportKey(key) };
}

/**
 * PKCS#12 through node-forge. Forge cannot read EC keys or certificates itself, but hands back their
 * ASN.1, which node:crypto reads; so RSA and EC bundles both work.
 */
async function loadP12(profile: string, source: MaterialSource, passphrase: string): Promise<ClientMaterial> {
  const bytes =
    'file' in source
      ? await readBinary(profile, 'p12_file', source.file)
      : Buffer.from(source.inline.replace(/\s+/g, ''), 'base64');
  const forge = await loadForge();
  let p12: import('node-forge').pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), false, passphrase);
  } catch (error) {
    const wrongPassword = /MAC could not be verified|decrypt|password/i.test((error as Error).message);
    throw new StintError(
      'ERR_MTLS_P12_INVALID',
      wrongPassword
        ? `mtls profile "${profile}": the PKCS#12 bundle cannot be opened with the passphrase given; check passphrase/passphrase_env`
        : `mtls profile "${profile}": p12 is not a PKCS#12 bundle (give it base64-encoded, e.g. base64 -w0 client.p12)`,
    );
  }
  const der = (node: import('node-forge').asn1.Asn1) => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
  const keys: KeyObject[] = [];
  for (const type of [forge.pki.oids.pkcs8ShroudedKeyBag!, forge.pki.oids.keyBag!]) {
    for (const bag of p12.getBags({ bagType: type })[type] ?? []) {
      const asn1 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
      if (asn1) keys.push(createPrivateKey({ key: der(asn1), format: 'der', type: 'pkcs8' }));
    }
  }
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const certificates = certBags.flatMap((bag) => {
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    return asn1 ? [new X509Certificate(der(asn1))] : [];
  });
  const key = keys[0];
  if (key === undefined || keys.length > 1)
    invalid(profile, 'p12', keys.length === 0 ? 'holds no private key' : 'holds more than one private key');
  const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (leaf === undefined) {
    throw new StintError(
      'ERR_MTLS_KEY_MISMATCH',
      `mtls profile "${profile}": the PKCS#12 bundle holds no certificate for its private key`,
    );
  }
  const chain = certificates.filter((certificate) => certificate !== leaf);
  return {
    leaf,
    certPem: toPem('CERTIFICATE', leaf.raw),
    chainPem: chain.map((c) => toPem('CERTIFICATE', c.raw)).join(''),
    keyPem: exportKey(key),
  };
}

/** The certificate as a TLS client presents it: leaf, then chain. */
export function presentedChain(material: ClientMaterial): string {
  return material.certPem + material.chainPem;
}

export async function readSource(profile: string, field: string, source: MaterialSource): Promise<string> {
  if ('inline' in source) return source.inline;
  return (await readBinary(profile, `${field}_file`, source.file)).toString('utf8');
}

async function readBinary(profile: string, field: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    invalid(profile, field, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function parseCertificate(profile: string, field: string, pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    invalid(profile, field, 'is not a valid PEM certificate');
  }
}

function parseKey(profile: string, text: string, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? text : { key: text, passphrase });
  } catch {
    // Never echo the parser's message: it can quote key bytes.
    invalid(
      profile,
      'key',
      'is not a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted keys need passphrase/passphrase_env)',
    );
  }
}

function matchKey(profile: string, leaf: X509Certificate, key: KeyObject): void {
  if (!leaf.checkPrivateKey(key)) {
    throw new StintError(
      'ERR_MTLS_KEY_MISMATCH',
      `mtls profile "${profile}": the private key does not belong to the certificate ${leaf.subject.replace(/\n/g, ', ')}; give the key the certificate was issued for`,
    );
  }
}

function exportKey(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

function invalid(profile: string, field: string, message: string): never {
  throw new StintError('ERR_MTLS_MATERIAL_INVALID', `mtls profile "${profile}": ${field} ${message}`);
}
