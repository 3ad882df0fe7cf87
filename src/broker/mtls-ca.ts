/**
 * The broker's client-certificate authority: turns a job's CSR plus its verified stint token into a
 * short-lived client certificate that names the project (docs/broker.md#endpoints, docs/signing.md#mtls).
 *
 * The CA key is ECDSA P-256, made with node:crypto. node-forge (the X.509 library we ship) can
 * neither make nor sign with EC keys, so certificates are assembled with forge's DER codec and
 * signed by node:crypto (see src/signing/mtls-asn1.ts); that also lets the CA accept EC P-256 CSRs,
 * which forge's CSR parser rejects.
 *
 * The CA lives in one file, `<dir>/ca.pem` (certificate then PKCS#8 key, mode 0600, dir 0700), so
 * the key and certificate are always replaced together; brokers sharing a keys dir make or renew it
 * under a lock file and agree on one CA.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StintError } from '../lib/errors.js';
import { withFileLock } from '../lib/file-lock.js';
import {
  certificateFingerprint,
  Der,
  fromPem,
  keyIdentifier,
  loadForgeAsn1,
  OID,
  toPem,
} from '../signing/mtls-asn1.js';
import { readCsr } from '../signing/mtls-csr.js';

/** Longest life of an issued client certificate, whatever the token's lifetime (docs/signing.md#mtls). */
export const MAX_LEAF_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Back-dating of notBefore, so a relying party whose clock is a little behind accepts it. */
export const NOT_BEFORE_SKEW_MS = 60 * 1000;
/** Life of a CA certificate; it is replaced when less than RENEW_BEFORE_MS remains. */
export const CA_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
/**
 * A CA is replaced 30 days before it expires; until then `caPem` carries the new CA and the old
 * one, so relying parties that refresh `GET /mtls/ca.pem` at least monthly never miss a rollover.
 */
export const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;
/** X.520 upper bound for a common name. */
const MAX_COMMON_NAME = 64;

export interface CertificateAuthorityOptions {
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

export interface IssueRequest {
  /** PEM PKCS#10 request; EC P-256 or RSA ≥ 2048, self-signed. */
  csrPem: string;
  /** Project the token was minted for; becomes the SAN URI `urn:stint:project:<project>`. */
  project: string;
  /** The token's `sub`; becomes the certificate's CN (first 64 characters). */
  subject: string;
  /** Latest allowed notAfter (epoch ms), normally the token's `exp`. */
  notAfterMs: number;
}

export interface IssuedCertificate {
  certificatePem: string;
  /** Upper-case hex, as `X509Certificate.serialNumber` prints it. */
  serial: string;
  /** The certificate's notAfter (epoch ms, whole seconds), ≤ the requested one. */
  notAfterMs: number;
  /** `sha256:<hex>` of the certificate's DER. */
  fingerprint: string;
}

export interface CertificateAuthority {
  /**
   * What relying parties trust (`GET /mtls/ca.pem`): the CA certificate that signs now, then,
   * during a rollover, the previous one until it expires.
   */
  readonly caPem: string;
  /** Expiry of the CA that signs now. */
  readonly notAfterMs: number;
  /** `sha256:<hex>` of the CA certificate's DER. */
  readonly fingerprint: string;
  /** Verifies the CSR and issues a client certificate; throws `ERR_CSR_INVALID`. */
  issue(request: IssueRequest): Promise<IssuedCertificate>;
}

/**
 * Opens the CA kept in `dir`, creating it on first use and replacing it 30 days before it expires
 * (checked when opened and before each issue, so a broker that runs for a year rolls over too).
 *
 * @example
 * const ca = await openCertificateAuthority(join(keysDir, 'ca'));
 * const { certificatePem } = await ca.issue({ csrPem, project: 'warehouse', subject: claims.sub, notAfterMs: claims.exp * 1000 });
 */
export async function openCertificateAuthority(
  dir: string,
  options: CertificateAuthorityOptions = {},
): Promise<CertificateAuthority> {
  const now = options.now ?? Date.now;
  let state: CaState;
  let refused: NodeJS.ErrnoException | undefined;
  try {
    // The last step is not recursive, so a read-only parent says EROFS (a recursive mkdir says ENOENT).
    await mkdir(dirname(dir), { recursive: true });
    await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await chmod(dir, 0o700);
  } catch (error) {
    // A read-only dir (a mounted Secret) may still hold a CA that is not due: serve it as it is.
    if (!isNotWritable(error)) throw error;
    refused = error as NodeJS.ErrnoException;
  }
  try {
    state = await loadOrRenew(dir, now());
  } catch (error) {
    const cause = (refused ?? error) as NodeJS.ErrnoException;
    if (!isNotWritable(cause)) throw error;
    throw new StintError(
      'ERR_MTLS_CA_DIR',
      `the mTLS CA cannot be created or renewed in ${dir}: ${cause.code} on ${cause.path ?? dir}; set keys.ca_dir to a dir this broker may write (shared by every broker, e.g. a persistent volume), or make ${dir} writable`,
      { cause: error },
    );
  }
  let renewing: Promise<CaState> | undefined;
  return {
    get caPem() {
      return state.caPem;
    },
    get notAfterMs() {
      return state.ca.notAfterMs;
    },
    get fingerprint() {
      return certificateFingerprint(state.ca.der);
    },
    async issue(request) {
      if (state.ca.notAfterMs - now() < RENEW_BEFORE_MS) {
        renewing ??= loadOrRenew(dir, now()).finally(() => (renewing = undefined));
        state = await renewing;
      }
      return issue(state.ca, await state.issuer(), request, now());
    },
  };
}

function isNotWritable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
}

interface CaState {
  ca: LoadedCa;
  caPem: string;
  issuer: () => Promise<IssuerFacts>;
}

/**
 * Reads `ca.pem` (another broker may have renewed it already) and makes a new CA when there is
 * none or it is due. On renewal the old certificate — not its key, which is no longer needed —
 * moves to `ca-previous.pem` and stays in `caPem` until it expires.
 */
async function loadOrRenew(dir: string, nowMs: number): Promise<CaState> {
  const previousFile = join(dir, 'ca-previous.pem');
  const found = await readCaFile(join(dir, 'ca.pem'));
  const ca = found !== undefined && !isDue(found, nowMs) ? found : await renewUnderLock(dir, nowMs);
  const previous = await readPreviousCertificate(previousFile);
  const stillTrusted = previous !== undefined && Date.parse(previous.validTo) > nowMs && !previous.raw.equals(ca.der);
  let facts: Promise<IssuerFacts> | undefined;
  return {
    ca,
    caPem: ca.certificatePem + (stillTrusted ? toPem('CERTIFICATE', previous.raw) : ''),
    issuer: () =>
      (facts ??= loadForgeAsn1().then((forge) => ({
        nameDer: subjectOf(ca, new Der(forge)),
        keyId: keyIdentifier(forge, createPublicKey(ca.key)),
      }))),
  };
}

function isDue(ca: LoadedCa, nowMs: number): boolean {
  return ca.notAfterMs - nowMs < RENEW_BEFORE_MS;
}

/** Makes or renews the CA holding the lock, so brokers sharing the dir take turns and the second adopts the first's CA. */
async function renewUnderLock(dir: string, nowMs: number): Promise<LoadedCa> {
  // Only one broker makes or renews the CA.
  return withFileLock(join(dir, 'ca.lock'), async () => {
    const current = await readCaFile(join(dir, 'ca.pem'));
    if (current !== undefined && !isDue(current, nowMs)) return current;
    const created = await createCa(nowMs);
    if (current !== undefined) await writeFileAtomically(join(dir, 'ca-previous.pem'), current.certificatePem);
    await writeFileAtomically(join(dir, 'ca.pem'), created.certificatePem + created.keyPem);
    return created;
  });
}

async function readPreviousCertificate(file: string): Promise<X509Certificate | undefined> {
  try {
    return new X509Certificate(await readFile(file));
  } catch {
    // Missing or unreadable: it only ever widens trust during a rollover, so do without it.
    return undefined;
  }
}

async function writeFileAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

interface LoadedCa {
  certificatePem: string;
  certificate: X509Certificate;
  der: Buffer;
  key: KeyObject;
  notAfterMs: number;
  keyPem: string;
}

/** What every issued certificate copies from the CA, worked out once. */
interface IssuerFacts {
  nameDer: Buffer;
  keyId: Buffer;
}

async function issue(
  ca: LoadedCa,
  issuer: IssuerFacts,
  request: IssueRequest,
  nowMs: number,
): Promise<IssuedCertificate> {
  const { publicKey } = await readCsr(request.csrPem);
  if (typeof request.project !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(request.project)) {
    throw new StintError(
      'ERR_CSR_INVALID',
      `cannot issue a certificate for project ${JSON.stringify(request.project)}: project names are 1-128 of A-Z a-z 0-9 . _ -`,
    );
  }
  if (typeof request.subject !== 'string' || request.subject.length === 0) {
    throw new StintError('ERR_CSR_INVALID', 'cannot issue a certificate without the token subject');
  }
  // Whole seconds, rounded down, so the certificate never outlives what was asked for.
  const notAfterMs =
    Math.floor(Math.min(request.notAfterMs, nowMs + MAX_LEAF_LIFETIME_MS, ca.notAfterMs) / 1000) * 1000;
  if (!Number.isFinite(notAfterMs) || notAfterMs <= nowMs) {
    throw new StintError(
      'ERR_CSR_INVALID',
      'cannot issue a certificate: the token expires now or has expired; exchange a new one',
    );
  }

  const forge = await loadForgeAsn1();
  const der = new Der(forge);
  const serial = randomSerial();
  const tbs = der.seq([
    der.explicit(0, der.int(2)),
    der.unsigned(serial),
    der.signatureAlgorithm(ca.key),
    der.raw(issuer.nameDer),
    der.seq([der.time(nowMs - NOT_BEFORE_SKEW_MS), der.time(notAfterMs)]),
    der.name([[OID.commonName, truncateCodePoints(request.subject, MAX_COMMON_NAME)]]),
    der.raw(publicKey.export({ type: 'spki', format: 'der' })),
    der.explicit(
      3,
      der.seq([
        extension(der, OID.basicConstraints, true, der.seq([])),
        // digitalSignature only (bit 0): all a TLS client key does.
        extension(der, OID.keyUsage, true, der.bits(Buffer.from([0x80]), 7)),
        extension(der, OID.extKeyUsage, false, der.seq([der.oid(OID.clientAuth)])),
        extension(
          der,
          OID.subjectAltName,
          false,
          der.seq([der.implicit(6, Buffer.from(projectUri(request.project), 'ascii'))]),
        ),
        extension(der, OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(forge, publicKey))),
        extension(der, OID.authorityKeyIdentifier, false, der.seq([der.implicit(0, issuer.keyId)])),
      ]),
    ),
  ]);
  const certificateDer = der.signed(tbs, der.signatureAlgorithm(ca.key), ca.key);
  return {
    certificatePem: toPem('CERTIFICATE', certificateDer),
    serial: serial.toString('hex').toUpperCase(),
    notAfterMs,
    fingerprint: certificateFingerprint(certificateDer),
  };
}

/** The SAN URI that names the project in every client certificate. */
export function projectUri(project: string): string {
  return `urn:stint:project:${project}`;
}

/** The CA's own subject Name, DER, copied as-is into each certificate's issuer field. */
function subjectOf(ca: LoadedCa, der: Der): Buffer {
  // tbsCertificate: [0] version, serial, signature, issuer, validity, subject, …
  const certificate = der.raw(ca.der);
  const tbs = (certificate.value as Array<typeof certificate>)[0]!;
  return der.encode((tbs.value as Array<typeof certificate>)[5]!);
}

function extension(der: Der, oid: string, critical: boolean, value: ReturnType<Der['seq']>) {
  const parts = [der.oid(oid)];
  if (critical) parts.push(der.bool(true));
  parts.push(der.octets(der.encode(value)));
  return der.seq(parts);
}

/** 128 random bits, top bit cleared so the INTEGER is positive, never a leading zero byte. */
function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f || 0x01;
  return serial;
}

function truncateCodePoints(text: string, max: number): string {
  return [...text].slice(0, max).join('');
}

async function createCa(nowMs: number): Promise<LoadedCa> {
  const der = new Der(await loadForgeAsn1());
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = der.name([
    [OID.organizationName, 'stint'],
    [OID.commonName, `stint client CA ${randomBytes(4).toString('hex')}`],
  ]);
  const forge = await loadForgeAsn1();
  const tbs = der.seq([
    der.explicit(0, der.int(2)),
    der.unsigned(randomSerial()),
    der.signatureAlgorithm(privateKey),
    name,
    der.seq([der.time(nowMs - NOT_BEFORE_SKEW_MS), der.time(nowMs + CA_LIFETIME_MS)]),
    name,
    der.raw(publicKey.export({ type: 'spki', format: 'der' })),
    der.explicit(
      3,
      der.seq([
        // CA:TRUE, pathLenConstraint 0: it signs client certificates and nothing that signs.
        extension(der, OID.basicConstraints, true, der.seq([der.bool(true), der.int(0)])),
        // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000011 in 7 bits.
        extension(der, OID.keyUsage, true, der.bits(Buffer.from([0x06]), 1)),
        extension(der, OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(forge, publicKey))),
      ]),
    ),
  ]);
  const certificateDer = der.signed(tbs, der.signatureAlgorithm(privateKey), privateKey);
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return toLoadedCa(toPem('CERTIFICATE', certificateDer), keyPem);
}

function toLoadedCa(certificatePem: string, keyPem: string): LoadedCa {
  const certificate = new X509Certificate(certificatePem);
  const key = createPrivateKey(keyPem);
  if (!certificate.checkPrivateKey(key))
    throw new StintError('ERR_CA_INVALID', 'the mTLS CA key does not match its certificate');
  return {
    certificatePem,
    certificate,
    der: certificate.raw,
    key,
    notAfterMs: Date.parse(certificate.validTo),
    keyPem,
  };
}

async function readCaFile(file: string): Promise<LoadedCa | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const certificate = fromPem('CERTIFICATE', text);
  const keyMatch = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(text);
  if (certificate === undefined || keyMatch === null) {
    throw new StintError(
      'ERR_CA_INVALID',
      `${file} does not hold a CA certificate and its private key; move it away and the broker makes a new CA`,
    );
  }
  try {
    return toLoadedCa(toPem('CERTIFICATE', certificate), `${keyMatch[0]}\n`);
  } catch (error) {
    if (error instanceof StintError) throw new StintError('ERR_CA_INVALID', `${file}: ${error.message}`);
    throw new StintError(
      'ERR_CA_INVALID',
      `${file} cannot be read as a CA certificate and key; move it away and the broker makes a new CA`,
      { cause: error },
    );
  }
}
