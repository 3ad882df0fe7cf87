/**
 * PKCS#10 certificate signing requests: made in the job (`createCsr`) and checked by the broker's
 * CA (`readCsr`). Both work for EC P-256 and RSA keys, which node-forge's own CSR code does not
 * (see mtls-asn1.ts for why).
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { Der, fromPem, loadForgeAsn1, OID, SIGNATURE_ALGORITHMS, toPem } from './mtls-asn1.js';

type Asn1 = import('node-forge').asn1.Asn1;

/** Largest CSR the CA reads; a P-256 CSR is ~250 bytes, an RSA 4096 one ~1.7 KB. */
const MAX_CSR_BYTES = 16 * 1024;

/**
 * A PEM CSR for `privateKey` (EC P-256 or RSA), subject `CN=<commonName>`, no attributes.
 *
 * @example
 * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
 * const csrPem = await createCsr(privateKey, 'stint ephemeral client');
 */
export async function createCsr(privateKey: KeyObject, commonName: string): Promise<string> {
  const der = new Der(await loadForgeAsn1());
  const publicKey = createPublicKey(privateKey);
  const info = der.seq([
    der.int(0),
    der.name([[OID.commonName, commonName]]),
    der.raw(publicKey.export({ type: 'spki', format: 'der' })),
    der.implicitSet(0, []),
  ]);
  return toPem('CERTIFICATE REQUEST', der.signed(info, der.signatureAlgorithm(privateKey), privateKey));
}

/** What the CA takes from a CSR: only its public key. The subject is the CA's to decide. */
export interface ParsedCsr {
  publicKey: KeyObject;
  keyDescription: string;
}

/**
 * Parses a PEM CSR, checks it is canonical DER, that its self-signature verifies (proof that the
 * requester holds the private key), and that the key is RSA ≥ 2048 bits or EC P-256.
 * Throws `StintError('ERR_CSR_INVALID')` saying what is wrong.
 */
export async function readCsr(csrPem: string): Promise<ParsedCsr> {
  if (typeof csrPem !== 'string' || csrPem.length > MAX_CSR_BYTES * 2)
    invalid('expected a PEM "CERTIFICATE REQUEST" of at most 16 KB');
  const bytes = fromPem('CERTIFICATE REQUEST', csrPem) ?? fromPem('NEW CERTIFICATE REQUEST', csrPem);
  if (bytes === undefined || bytes.length === 0) invalid('expected a PEM block "-----BEGIN CERTIFICATE REQUEST-----"');
  if (bytes.length > MAX_CSR_BYTES) invalid('the CSR is larger than 16 KB');

  const forge = await loadForgeAsn1();
  const der = new Der(forge);
  let root: Asn1;
  try {
    root = forge.asn1.fromDer(bytes.toString('binary'), {
      strict: true,
      decodeBitStrings: false,
      parseAllBytes: true,
    } as unknown as boolean);
  } catch (error) {
    invalid('the CSR is not valid DER', error);
  }
  // Re-encoding must give back the same bytes: the signature covers the exact encoding, and a
  // non-canonical (BER) CSR is refused rather than interpreted.
  if (!der.encode(root).equals(bytes)) invalid('the CSR is not canonical DER');

  const [info, algorithm, signatureBits] = children(root, 3, 'CertificationRequest');
  const infoParts = children(info, 4, 'CertificationRequestInfo');
  const version = infoParts[0];
  if (version.type !== forge.asn1.Type.INTEGER || version.value !== '\x00')
    invalid('only CSR version 1 (0) is supported');
  const [algorithmOid] = children(algorithm, undefined, 'signatureAlgorithm');
  const algorithmName = forge.asn1.derToOid(algorithmOid.value as string);
  const signatureAlgorithm = SIGNATURE_ALGORITHMS[algorithmName];
  if (signatureAlgorithm === undefined)
    invalid(
      `signature algorithm ${algorithmName} is not supported (use ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512)`,
    );
  if (signatureBits.type !== forge.asn1.Type.BITSTRING || (signatureBits.value as string).charCodeAt(0) !== 0)
    invalid('the signature is not a whole-byte BIT STRING');

  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: der.encode(infoParts[2]), format: 'der', type: 'spki' });
  } catch (error) {
    invalid('its public key cannot be read', error);
  }
  const keyDescription = checkKey(publicKey);
  if (publicKey.asymmetricKeyType !== signatureAlgorithm.keyType)
    invalid(`its signature algorithm does not fit its ${keyDescription} key`);

  const signature = Buffer.from((signatureBits.value as string).slice(1), 'binary');
  let good = false;
  try {
    good = verify(signatureAlgorithm.hash, der.encode(info), publicKey, signature);
  } catch {
    good = false;
  }
  if (!good) invalid('its signature does not verify: the CSR must be signed by the private key it carries');
  return { publicKey, keyDescription };
}

/** RSA at least 2048 bits (and at most 8192, so a request cannot make us do huge-key work), or EC P-256. */
function checkKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < 2048 || bits > 8192) invalid(`RSA keys must have 2048 to 8192 bits, this one has ${bits}`);
    return `RSA ${bits}`;
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve !== 'prime256v1')
      invalid(`EC keys must be on P-256, this one is on ${details.namedCurve ?? 'an unnamed curve'}`);
    return 'EC P-256';
  }
  return invalid(`${key.asymmetricKeyType ?? 'this'} keys are not accepted (use EC P-256 or RSA ≥ 2048)`);
}

function children(node: Asn1, count: number | undefined, what: string): [Asn1, Asn1, Asn1, Asn1] {
  if (
    !node.constructed ||
    !Array.isArray(node.value) ||
    (count !== undefined && node.value.length !== count) ||
    node.value.length === 0
  ) {
    invalid(`malformed ${what}`);
  }
  return node.value as [Asn1, Asn1, Asn1, Asn1];
}

function invalid(reason: string, cause?: unknown): never {
  throw new StintError('ERR_CSR_INVALID', `invalid CSR: ${reason}`, cause === undefined ? undefined : { cause });
}
