/**
 * mTLS client certificates for the steps of a job (docs/signing.md#mtls): set a profile up once
 * (`setUpMtls`, called by the action and `stint cert`), then hand its certificate and key to a TLS
 * client (`loadClientCertificate`, called by `stint request`).
 */
import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { StintError } from '../lib/errors.js';
import type { HttpClient } from '../lib/http.js';
import { ensurePrivateDir } from '../lib/private-dir.js';
import { certificateFingerprint, publicKeyFingerprint } from './mtls-asn1.js';
import { generateClientKey, requestBrokerCertificate } from './mtls-ephemeral.js';
import { mtlsFilePaths, writePrivateFile } from './mtls-files.js';
import { loadMaterial, presentedChain, readSource } from './mtls-material.js';
import type { MtlsProfile } from './mtls-profile.js';
import type { MtlsProfile as BaseMtlsProfile } from './types.js';

export { EXPIRY_WARNING_MS } from './mtls-material.js';
export {
  type EphemeralMtlsProfile,
  type MaterialSource,
  type MtlsMaterial,
  type MtlsProfile,
  type ProvidedMtlsProfile,
  parseMtlsProfile,
} from './mtls-profile.js';

export interface SetUpMtlsOptions {
  /** The broker (ephemeral only), e.g. `https://stint.example.com`. */
  brokerUrl?: string;
  /** The stint access token that authorises the certificate (ephemeral only). Never written anywhere. */
  token?: string;
  /** Directory for the files (made 0700); the action passes one under `$RUNNER_TEMP`. */
  dir: string;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
  /** HTTP client for the broker request; default src/lib/http.ts. */
  http?: HttpClient;
  /**
   * Called with the private key PEM before any file holds it, so the action can mask it first.
   * (The same value is also in the result's `secrets`.)
   */
  onSecret?: (secret: string) => void;
}

export interface MtlsSetUp {
  profile: string;
  source: 'ephemeral' | 'provided';
  /** The client certificate, then any chain (PEM, 0600). */
  certPath: string;
  /** The private key, unencrypted PKCS#8 PEM (0600). */
  keyPath: string;
  /** The CA that issued the certificate: the broker CA (ephemeral) or the given chain (provided); absent when unknown. */
  caPath?: string;
  /** The server CA given as `server_ca`/`server_ca_file`, for TLS clients (e.g. `curl --cacert`). */
  serverCaPath?: string;
  /** The profile's `servername` (SNI), carried to the config later steps read. */
  servername?: string;
  /** e.g. `CN=repo:acme/warehouse:ref:refs/heads/main`. */
  subject: string;
  /** ISO 8601. */
  notAfter: string;
  notAfterMs: number;
  /** `sha256:<hex>` of the certificate's DER. */
  fingerprint: string;
  /** `sha256:<hex>` of the public key (SPKI DER), for the job summary. */
  keyFingerprint: string;
  serial: string;
  /** Human-readable warnings, e.g. a provided certificate expiring within 14 days. */
  warnings: string[];
  /**
   * The private key PEM, to register for masking before anything prints. Not enumerable, so
   * JSON.stringify and console.log of this object never show it.
   */
  readonly secrets: string[];
}

/**
 * Sets up an mtls profile: for `ephemeral`, makes a key and CSR here and gets the certificate from
 * the broker CA with the stint token; for `provided`, reads and checks the given PEM or PKCS#12.
 * Either way writes certificate, key and CA as 0600 files under `dir`.
 * Throws ERR_MTLS_* / ERR_BROKER_UNREACHABLE (never quoting key material).
 *
 * @example
 * const setUp = await setUpMtls(profile, { brokerUrl, token, dir: join(process.env.RUNNER_TEMP!, 'stint') });
 * for (const s of setUp.secrets) core.setSecret(s);
 * core.setOutput('cert-path', setUp.certPath);
 */
export async function setUpMtls(given: MtlsProfile | BaseMtlsProfile, options: SetUpMtlsOptions): Promise<MtlsSetUp> {
  const profile = asParsed(given);
  const nowMs = (options.now ?? Date.now)();
  const paths = mtlsFilePaths(options.dir, profile.name);
  await ensurePrivateDir(options.dir);
  const serverCaPath = profile.serverCa === undefined ? undefined : paths.serverCaPath;
  if (profile.serverCa !== undefined)
    await writePrivateFile(paths.serverCaPath, await readSource(profile.name, 'server_ca', profile.serverCa));

  if (profile.source === 'ephemeral') {
    if (!options.brokerUrl || !options.token) {
      throw new StintError(
        'ERR_MTLS_NO_BROKER',
        `mtls profile "${profile.name}": source: ephemeral needs the broker URL and a stint token (set broker-url, or use source: provided)`,
      );
    }
    const issued = await requestBrokerCertificate({
      brokerUrl: options.brokerUrl,
      token: options.token,
      key: generateClientKey(profile.keyType),
      ...(options.http ? { http: options.http } : {}),
    });
    const keyPem = issued.key.export({ type: 'pkcs8', format: 'pem' }) as string;
    options.onSecret?.(keyPem);
    await writePrivateFile(paths.keyPath, keyPem);
    await writePrivateFile(paths.certPath, issued.certificatePem);
    await writePrivateFile(paths.caPath, issued.caPem);
    return describe(profile, issued.leaf, { ...paths, serverCaPath }, keyPem, [], true);
  }

  const material = await loadMaterial(profile.name, profile.material, nowMs);
  options.onSecret?.(material.keyPem);
  await writePrivateFile(paths.keyPath, material.keyPem);
  await writePrivateFile(paths.certPath, presentedChain(material));
  if (material.chainPem !== '') await writePrivateFile(paths.caPath, material.chainPem);
  return describe(
    profile,
    material.leaf,
    { ...paths, serverCaPath },
    material.keyPem,
    material.warnings,
    material.chainPem !== '',
  );
}

/** The profiles in a `SigningProfiles` map are typed loosely; check this one came from parseMtlsProfile. */
function asParsed(profile: MtlsProfile | BaseMtlsProfile): MtlsProfile {
  const candidate = profile as Partial<MtlsProfile> & { material?: unknown; keyType?: unknown };
  const ok =
    candidate.type === 'mtls' &&
    (candidate.source === 'ephemeral'
      ? typeof candidate.keyType === 'string'
      : candidate.source === 'provided' && typeof candidate.material === 'object');
  if (!ok)
    throw new StintError(
      'ERR_SIGNING_CONFIG',
      `signing profile "${profile.name}": not an mtls profile made by parseMtlsProfile`,
    );
  return profile as MtlsProfile;
}

function describe(
  profile: MtlsProfile,
  leaf: X509Certificate,
  paths: { certPath: string; keyPath: string; caPath: string; serverCaPath: string | undefined },
  keyPem: string,
  warnings: string[],
  hasCa: boolean,
): MtlsSetUp {
  const notAfterMs = Date.parse(leaf.validTo);
  const result = {
    profile: profile.name,
    source: profile.source,
    certPath: paths.certPath,
    keyPath: paths.keyPath,
    ...(hasCa ? { caPath: paths.caPath } : {}),
    ...(paths.serverCaPath === undefined ? {} : { serverCaPath: paths.serverCaPath }),
    ...(profile.servername === undefined ? {} : { servername: profile.servername }),
    subject: leaf.subject.replace(/\n/g, ', '),
    notAfter: new Date(notAfterMs).toISOString(),
    notAfterMs,
    fingerprint: certificateFingerprint(leaf.raw),
    keyFingerprint: publicKeyFingerprint(leaf.publicKey),
    serial: leaf.serialNumber,
    warnings,
  } as MtlsSetUp;
  Object.defineProperty(result, 'secrets', { value: [keyPem], enumerable: false });
  return result;
}

/**
 * What the action writes to `$STINT_CONFIG` for a profile it has set up: the same profile as
 * `source: provided` pointing at the 0600 files, so `stint request` in later steps finds them.
 * Holds paths only, no key material.
 */
export function mtlsConfigAfterSetUp(setUp: MtlsSetUp): Record<string, unknown> {
  return {
    type: 'mtls',
    source: 'provided',
    cert_file: setUp.certPath,
    key_file: setUp.keyPath,
    ...(setUp.serverCaPath === undefined ? {} : { server_ca_file: setUp.serverCaPath }),
    ...(setUp.servername === undefined ? {} : { servername: setUp.servername }),
  };
}

export interface ClientCertificate {
  /** Client certificate then chain, PEM (https.request `cert`). */
  cert: string;
  /** Private key, PEM (https.request `key`). Secret. */
  key: string;
  /** The server's CA when the profile names one (https.request `ca`); absent: the system trust store. */
  ca?: string;
  /** SNI and the name checked in the server's certificate (https.request `servername`); absent: the URL's host. */
  servername?: string;
  /**
   * What the caller must tell the user (checkValidity: a certificate expiring within 14 days), as
   * setUpMtls returns them to the action: so `stint request` on any CI says what the action says.
   */
  warnings: string[];
}

/**
 * The client certificate and key of a profile (or of files `setUpMtls` wrote), as PEM for
 * `https.request({ cert, key, ca })`. Checks the key matches and the certificate is valid now, and
 * returns the warnings the caller must show (a certificate expiring within 14 days).
 * An `ephemeral` profile that has not been set up throws ERR_MTLS_NOT_SET_UP.
 *
 * @example
 * const { cert, key, ca } = await loadClientCertificate(profile);
 * https.request(url, { cert, key, ...(ca ? { ca } : {}) });
 */
export async function loadClientCertificate(
  given:
    | MtlsProfile
    | BaseMtlsProfile
    | { certPath: string; keyPath: string; serverCaPath?: string; servername?: string },
  options: { now?: () => number } = {},
): Promise<ClientCertificate> {
  const nowMs = (options.now ?? Date.now)();
  if (typeof (given as { certPath?: unknown }).certPath === 'string') {
    const source = given as { certPath: string; keyPath: string; serverCaPath?: string; servername?: string };
    const profile = source.certPath;
    const material = await loadMaterial(
      profile,
      { kind: 'pem', cert: { file: source.certPath }, key: { file: source.keyPath } },
      nowMs,
    );
    const ca = source.serverCaPath === undefined ? undefined : await readFile(source.serverCaPath, 'utf8');
    return {
      cert: presentedChain(material),
      key: material.keyPem,
      ...(ca === undefined ? {} : { ca }),
      ...(source.servername === undefined ? {} : { servername: source.servername }),
      warnings: material.warnings,
    };
  }
  const source = asParsed(given as MtlsProfile | BaseMtlsProfile);
  if (source.source === 'ephemeral') {
    throw new StintError(
      'ERR_MTLS_NOT_SET_UP',
      `mtls profile "${source.name}" is ephemeral and has not been set up here: run the stint action with broker-url, or \`stint cert\` and a provided profile with cert_file/key_file`,
    );
  }
  const material = await loadMaterial(source.name, source.material, nowMs);
  const ca = source.serverCa === undefined ? undefined : await readSource(source.name, 'server_ca', source.serverCa);
  return {
    cert: presentedChain(material),
    key: material.keyPem,
    ...(ca === undefined ? {} : { ca }),
    ...(source.servername === undefined ? {} : { servername: source.servername }),
    warnings: material.warnings,
  };
}
