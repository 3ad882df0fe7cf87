/**
 * The broker's client-certificate authority: turns a job's CSR plus its verified stint token into a
 * short-lived client certificate that names the project (docs/broker.md#endpoints, docs/signing.md#mtls).
 *
 * The CA key is ECDSA P-256, made with node:crypto. node-forge (the X.509 library we ship) can
 * neither make nor sign with EC keys, so certificates are assembled with forge's DER codec and
 * signed by node:crypto (see src/signing/mtls-asn1.ts); that also lets the CA accept EC P-256 CSRs,
 * which forge's CSR parser rejects.
 *
 * With file keys the CA lives in one file, `<dir>/ca.pem` (certificate then PKCS#8 key, mode 0600,
 * dir 0700), so the key and certificate are always replaced together; brokers sharing a keys dir make
 * or renew it under a lock file and agree on one CA. With `keys.pkcs11` the CA key is generated in
 * the token (sensitive, non-extractable) and the CA certificate is a certificate object beside it,
 * so brokers sharing the token share the CA and nothing of it is on disk. Either way certificates
 * are signed through a Signer (src/tokens/signer.ts), never with a key this code holds.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomInt,
  sign,
  X509Certificate,
} from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../lib/atomic-file.js';
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
import { describeUser, privateKeyModeIsSafe } from '../tokens/keyset.js';
import type { Pkcs11Token } from '../tokens/pkcs11.js';
import { ecdsaDer } from '../tokens/signer.js';

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
  /** Keep the CA key and certificate in this PKCS#11 token instead of `dir` (keys.pkcs11). */
  token?: Pkcs11Token;
  /**
   * Told about each CA this broker makes, before anything is signed with it or it is stored (the
   * broker audits and logs it there). When it throws, the new CA is dropped (nothing is written to
   * the dir or stored in the token) and the error is thrown on: no CA signs unaudited.
   */
  onChange?: (change: CaChange) => Promise<void>;
  /** Said about a CA this broker made and then dropped unused (another broker's, made at the same moment, signs). */
  onNote?: (message: string) => void;
}

/**
 * A CA this broker made: `created` (there was none), `renewed` (the one that signed expires within
 * 30 days), `replaced` (the one that signed is gone, or lost its key, before it was due: a token
 * emptied or re-initialised, a CA file removed). Every relying party trusts what `/mtls/ca.pem`
 * serves, so each is a change of trust: audited (`ca_created`, `ca_renewed`, `ca_replaced`) and logged.
 */
export interface CaChange {
  kind: 'created' | 'renewed' | 'replaced';
  /** `sha256:<hex>` of the new CA certificate's DER. */
  fingerprint: string;
  /** The new CA certificate's subject, e.g. `O=stint\nCN=stint client CA 86fd0430`. */
  subject: string;
  notAfterMs: number;
  /** The CA that signed before, when known: its certificate's fingerprint, subject and expiry. */
  previous?: { fingerprint: string; subject: string; notAfterMs: number };
  /** Where the CA is kept: its dir, or `pkcs11:<token label>`. */
  where: string;
  /** What happened and why, for the audit log and the broker's log. */
  reason: string;
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
  /** Reads a shared token's CA again when the last look is TOKEN_CA_REREAD_MS old (a no-op with file keys). */
  refresh(): Promise<void>;
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
  const hooks: CaHooks = {
    ...(options.onChange ? { onChange: options.onChange } : {}),
    ...(options.onNote ? { onNote: options.onNote } : {}),
  };
  let state: CaState;
  if (options.token !== undefined) {
    const store = tokenCaStore(options.token);
    state = await loadOrRenew(store, now(), hooks);
    return authorityOver(store, state, now, hooks);
  }
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
  const store = fileCaStore(dir, refused !== undefined);
  try {
    state = await loadOrRenew(store, now(), hooks);
  } catch (error) {
    const cause = (refused ?? error) as NodeJS.ErrnoException;
    if (!isNotWritable(cause)) throw error;
    throw new StintError(
      'ERR_MTLS_CA_DIR',
      `the mTLS CA cannot be created or renewed in ${dir}: ${cause.code} on ${cause.path ?? dir}; set keys.ca_dir to a dir this broker may write (shared by every broker, e.g. a persistent volume), or make ${dir} writable`,
      { cause: error },
    );
  }
  return authorityOver(store, state, now, hooks);
}

interface CaHooks {
  onChange?: (change: CaChange) => Promise<void>;
  onNote?: (message: string) => void;
}

function authorityOver(store: CaStore, initial: CaState, now: () => number, hooks: CaHooks): CertificateAuthority {
  let state = initial;
  let readAtMs = now();
  let renewing: Promise<CaState> | undefined;
  const reload = async (): Promise<CaState> => {
    const startedMs = now();
    // The CA this broker signed with, so a CA made because it is gone is told as a replacement of it.
    renewing ??= loadOrRenew(store, startedMs, hooks, state.ca).finally(() => (renewing = undefined));
    state = await renewing;
    readAtMs = startedMs;
    return state;
  };
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
    async refresh() {
      // Brokers sharing a token see a CA another one made, renewed or replaced within seconds.
      if (store.shared && now() - readAtMs >= TOKEN_CA_REREAD_MS) await reload();
    },
    async issue(request) {
      if (isDue(state.ca, now()) || (store.shared && now() - readAtMs >= TOKEN_CA_REREAD_MS)) await reload();
      const signing = state;
      try {
        return await issue(signing.ca, await signing.issuer(), request, now());
      } catch (error) {
        // Another process destroyed this key (a renewal, a CA replaced at once): take up the CA that signs now.
        if (!(error instanceof StintError && error.code === 'ERR_PKCS11_FAILED' && store.shared)) throw error;
        const again = await reload();
        return issue(again.ca, await again.issuer(), request, now());
      }
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

/** Where a CA's key and certificates are kept: a dir (file keys) or a PKCS#11 token. */
interface CaStore {
  /** True when other brokers may change it under us (a shared token). */
  readonly shared: boolean;
  /** The CA that signs now (the newest with its key), and other CA certificates kept for trust. */
  read(nowMs: number): Promise<{ current?: LoadedCa; others: X509Certificate[] }>;
  /**
   * Makes a new CA unless another broker just did; returns the one that signs now. `previous` is
   * the CA that signed before, when known, for `hooks.onChange`, which is told before the new CA is kept.
   */
  renew(nowMs: number, previous: LoadedCa | X509Certificate | undefined, hooks: CaHooks): Promise<LoadedCa>;
  /** Where the CA is kept, for messages: its dir, or `pkcs11:<token label>`. */
  readonly where: string;
}

/**
 * Reads the CA (another broker may have renewed it already) and makes a new one when there is
 * none or it is due. On renewal the old certificate — not its key, which is no longer needed —
 * stays in `caPem` until it expires.
 */
async function loadOrRenew(store: CaStore, nowMs: number, hooks: CaHooks, known?: LoadedCa): Promise<CaState> {
  const found = await store.read(nowMs);
  let others = found.others;
  let ca = found.current;
  if (ca === undefined || isDue(ca, nowMs)) {
    // What signed before: the due CA, else the one this broker held, else (a shared token) a CA
    // certificate still valid whose key is gone.
    const previous =
      ca ??
      known ??
      (store.shared
        ? found.others
            .filter((cert) => Date.parse(cert.validTo) > nowMs)
            .sort((a, b) => Date.parse(b.validTo) - Date.parse(a.validTo))[0]
        : undefined);
    ca = await store.renew(nowMs, previous, hooks);
    ({ others } = await store.read(nowMs));
  }
  const current = ca;
  // Only CAs the current one replaced (they were due when it was made) stay trusted, newest first:
  // not a CA made at the same time by another broker, which never signs.
  // (+1 s: certificate times are whole seconds.)
  const replacedBeforeMs = Date.parse(current.certificate.validFrom) + NOT_BEFORE_SKEW_MS + RENEW_BEFORE_MS + 1000;
  const trusted = others
    .filter((cert) => {
      const notAfterMs = Date.parse(cert.validTo);
      return notAfterMs > nowMs && notAfterMs < replacedBeforeMs && !cert.raw.equals(current.der);
    })
    .sort((a, b) => Date.parse(b.validTo) - Date.parse(a.validTo) || Buffer.compare(a.raw, b.raw));
  let facts: Promise<IssuerFacts> | undefined;
  return {
    ca: current,
    caPem: current.certificatePem + trusted.map((cert) => toPem('CERTIFICATE', cert.raw)).join(''),
    issuer: () =>
      (facts ??= loadForgeAsn1().then((forge) => ({
        nameDer: subjectOf(current, new Der(forge)),
        keyId: keyIdentifier(forge, current.publicKey),
      }))),
  };
}

function isDue(ca: LoadedCa, nowMs: number): boolean {
  return ca.notAfterMs - nowMs < RENEW_BEFORE_MS;
}

/**
 * Refuses a CA key file other users can read (ERR_KEYS_INSECURE), by the rule for signing keys
 * (src/tokens/keyset.ts): 0600, or 0440 for a group of this broker on a dir it may not write (a
 * mounted Secret). The broker checks it at start, as it checks signing keys, and on every read.
 * No file yet is fine: the CA is made on first use, 0600.
 *
 * @example
 * await checkCaKeyFile(join(keysDir, 'ca'));
 */
export async function checkCaKeyFile(dir: string, readOnlyDir?: boolean): Promise<void> {
  const file = join(dir, 'ca.pem');
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw await caDirNotADirectory(dir, error);
    throw error;
  }
  const readOnly =
    readOnlyDir ??
    (await access(dir, constants.W_OK).then(
      () => false,
      (error: unknown) => {
        if (isNotWritable(error)) return true;
        throw error;
      },
    ));
  if (privateKeyModeIsSafe(info, readOnly)) return;
  const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
  const replace =
    'then replace the CA, since its key may have been copied: move the file away (the broker makes a new CA) and have servers fetch /mtls/ca.pem again';
  throw new StintError(
    'ERR_KEYS_INSECURE',
    readOnly
      ? `${file} (the mTLS CA key) is readable by other users (mode ${mode}, group ${info.gid}); a read-only CA dir may be group-readable (0440) only by a group of this broker (${describeUser()}): set the Secret's defaultMode to 0400 or 0440 with fsGroup, ${replace}`
      : `${file} (the mTLS CA key) is readable by other users (mode ${mode}); run \`chmod 600 ${file}\`, ${replace}`,
  );
}

/**
 * ERR_MTLS_CA_DIR for a CA dir that is, or lies under, something other than a directory (a
 * file left at `<keys dir>/ca`), naming that path and what to do.
 */
async function caDirNotADirectory(dir: string, cause: unknown): Promise<StintError> {
  let file = dir;
  for (let path = dir; path !== dirname(path); path = dirname(path)) {
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && !info.isDirectory()) file = path;
  }
  const fix =
    file === dir
      ? `move ${file} away (the broker then makes the directory, and a CA when it first issues a certificate), or set keys.ca_dir to another directory`
      : `move ${file} away, or point keys.dir (or keys.ca_dir) at a directory`;
  return new StintError(
    'ERR_MTLS_CA_DIR',
    `${file} is not a directory, and the broker keeps its mTLS CA in the directory ${dir}: ${fix}`,
    { cause },
  );
}

/** The CA in `<dir>/ca.pem` (certificate and key), the one before it in `<dir>/ca-previous.pem`. */
function fileCaStore(dir: string, readOnlyDir: boolean): CaStore {
  return {
    shared: false,
    async read() {
      await checkCaKeyFile(dir, readOnlyDir);
      const current = await readCaFile(join(dir, 'ca.pem'));
      const previous = await readPreviousCertificate(join(dir, 'ca-previous.pem'));
      return { ...(current === undefined ? {} : { current }), others: previous === undefined ? [] : [previous] };
    },
    renew: (nowMs, previous, hooks) => renewUnderLock(dir, nowMs, previous, hooks),
    where: dir,
  };
}

/** Makes or renews the CA holding the lock, so brokers sharing the dir take turns and the second adopts the first's CA. */
async function renewUnderLock(
  dir: string,
  nowMs: number,
  previous: LoadedCa | X509Certificate | undefined,
  hooks: CaHooks,
): Promise<LoadedCa> {
  // Only one broker makes or renews the CA.
  return withFileLock(join(dir, 'ca.lock'), async () => {
    const current = await readCaFile(join(dir, 'ca.pem'));
    if (current !== undefined && !isDue(current, nowMs)) return current;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const certificatePem = await createCa(nowMs, publicKey, keyObjectSigner(privateKey));
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const made = toLoadedCa(certificatePem, keyPem);
    // Audited before it is written: when that fails, the dir is as it was.
    await hooks.onChange?.(caChange(made, current ?? previous, nowMs, join(dir, 'ca.pem')));
    if (current !== undefined) await writeFileAtomic(join(dir, 'ca-previous.pem'), current.certificatePem, 0o600);
    await writeFileAtomic(join(dir, 'ca.pem'), certificatePem + keyPem, 0o600);
    return made;
  });
}

/** What making `made` changed, from the CA that signed before (CaChange). */
function caChange(
  made: LoadedCa,
  previous: LoadedCa | X509Certificate | undefined,
  nowMs: number,
  where: string,
): CaChange {
  const fingerprint = certificateFingerprint(made.der);
  const subject = made.certificate.subject;
  const base = { fingerprint, subject, notAfterMs: made.notAfterMs, where };
  const expires = new Date(made.notAfterMs).toISOString();
  if (previous === undefined) {
    return {
      ...base,
      kind: 'created',
      reason: `no mTLS CA in ${where}: made ${fingerprint} (${subject.replace(/\n/g, ', ')}), valid until ${expires}`,
    };
  }
  const certificate = previous instanceof X509Certificate ? previous : previous.certificate;
  const before = {
    fingerprint: certificateFingerprint(certificate.raw),
    subject: certificate.subject,
    notAfterMs: Date.parse(certificate.validTo),
  };
  const due = before.notAfterMs - nowMs < RENEW_BEFORE_MS;
  return {
    ...base,
    previous: before,
    kind: due ? 'renewed' : 'replaced',
    reason: due
      ? `the mTLS CA ${before.fingerprint} expires at ${new Date(before.notAfterMs).toISOString()} (within 30 days): ${fingerprint} signs from now, valid until ${expires}; the old certificate stays in /mtls/ca.pem until it expires`
      : `the mTLS CA ${before.fingerprint} (valid until ${new Date(before.notAfterMs).toISOString()}) is missing from ${where} or lost its key: ${fingerprint} signs from now, valid until ${expires}; servers must fetch /mtls/ca.pem again to accept the certificates it issues`,
  };
}

/**
 * Expiry of the CA that signs now in a PKCS#11 token (as chooseTokenCa picks it), or undefined
 * before the first certificate made it; for the expiry watch and its gauge.
 */
export async function tokenCaNotAfter(token: Pkcs11Token, nowMs: number): Promise<number | undefined> {
  return (await tokenCaStore(token).read(nowMs)).current?.notAfterMs;
}

/** CA key labels in a token: `stint:ca:<created ms>`; certificates are labelled `stint:ca`. */
const TOKEN_CA_LABEL = 'stint:ca';
/**
 * How long a broker that made a CA in a shared token waits before it looks again and takes up the
 * CA every broker agrees on: longer than any peer needs between its last look and storing its own.
 */
const TOKEN_CA_SETTLE_MS = 1_000;
/** Longest random wait before a broker makes a CA in a shared token (see renew). */
const TOKEN_CA_JITTER_MS = 1_000;
/** A broker on a shared token looks at the token's CA again when its view is older than this. */
const TOKEN_CA_REREAD_MS = 5_000;
/**
 * A CA key pair whose certificate is not in the token this long after the time in its label is
 * destroyed at the next renewal: its maker stores the certificate within seconds (see renew), so a
 * key without one a day later is left over from a maker that was stopped between the two.
 */
export const TOKEN_CA_ORPHAN_MS = 24 * 60 * 60 * 1000;

interface TokenCa {
  id: string;
  certificate: X509Certificate;
  notAfterMs: number;
  /** From the key's label (`stint:ca:<created ms>`), else the certificate's notBefore. */
  createdMs: number;
  hasPrivateKey: boolean;
  publicKey?: KeyObject;
}

/**
 * The CA in a PKCS#11 token: key pairs generated there, certificates stored there as certificate
 * objects with the same CKA_ID. Brokers sharing the token have no lock, so each picks the CA that
 * signs by one rule, which gives every broker the same answer (`chooseTokenCa`); a broker never
 * destroys a CA another broker may still sign with, only its own (a CA it made and lost with) and
 * the keys of CAs that are due (every broker re-reads before signing with a due CA).
 */
function tokenCaStore(token: Pkcs11Token): CaStore {
  const list = (): TokenCa[] => {
    return token.findCertificates(TOKEN_CA_LABEL).map((found) => {
      const certificate = new X509Certificate(found.der);
      const key = token.findKey(found.id);
      return {
        id: found.id,
        certificate,
        notAfterMs: Date.parse(certificate.validTo),
        createdMs: createdOf(key?.label) ?? Date.parse(certificate.validFrom) + NOT_BEFORE_SKEW_MS,
        hasPrivateKey: key?.hasPrivateKey === true,
        ...(key === undefined ? {} : { publicKey: key.publicKey }),
      };
    });
  };
  const read = (nowMs: number): { current?: LoadedCa; currentId?: string; others: X509Certificate[] } => {
    const cas = list();
    const signing = chooseTokenCa(cas, nowMs);
    const others = cas.filter((c) => c !== signing).map((c) => c.certificate);
    if (signing?.publicKey === undefined) return { others };
    const current = loadedCa(
      toPem('CERTIFICATE', signing.certificate.raw),
      signing.publicKey,
      ecdsaOf(token.signer(signing.id, signing.id, 'ES256')),
    );
    return { current, currentId: signing.id, others };
  };
  /**
   * Destroys a CA, its key first: stopped between the two, what is left is a certificate without its
   * key, which is never served and is destroyed at the next renewal, not a key nothing finds.
   */
  const destroyCa = (id: string): void => {
    token.destroyKey(id);
    token.destroyCertificate(id);
  };
  /** Destroys what no broker signs with: the keys of due CAs, expired CAs, and CAs that lost their key early. */
  const retire = (nowMs: number, signingId: string): void => {
    const cas = list();
    for (const ca of cas) {
      if (ca.id === signingId) continue;
      if (ca.notAfterMs <= nowMs) {
        destroyCa(ca.id);
      } else if (ca.notAfterMs - nowMs < RENEW_BEFORE_MS) {
        // Superseded: its certificate stays trusted (in caPem) until it expires.
        if (ca.hasPrivateKey) token.destroyKey(ca.id, 'private');
      } else if (!ca.hasPrivateKey) {
        // Not due and without its key (destroyed by hand, or by an earlier stint that destroyed every other CA key): it never
        // signs again and is not served; a CA being made has its key before its certificate.
        destroyCa(ca.id);
      }
    }
    // A CA key pair without its certificate: its maker was stopped (killed, its token gone) between
    // making the key and storing the certificate, or before destroying the key of a CA that lost.
    // No broker signs with a CA it does not find by its certificate, and a maker stores it within
    // seconds of the time in the key's label, so a day later no one will.
    const certified = new Set(cas.map((ca) => ca.id));
    for (const key of token.findKeys(`${TOKEN_CA_LABEL}:`)) {
      const createdMs = createdOf(key.label);
      if (!certified.has(key.id) && createdMs !== undefined && nowMs - createdMs >= TOKEN_CA_ORPHAN_MS) {
        token.destroyKey(key.id);
      }
    }
  };
  return {
    shared: true,
    async read(nowMs) {
      return read(nowMs);
    },
    where: token.where,
    async renew(nowMs, previous, hooks) {
      // No lock spans machines: re-read, and adopt a CA another broker made meanwhile.
      const signsNow = (found: { current?: LoadedCa }) => found.current !== undefined && !isDue(found.current, nowMs);
      const again = read(nowMs);
      if (signsNow(again)) return again.current!;
      // Brokers that need the CA at the same moment (all started at once) mostly do not all make
      // one: each waits a random while first, and takes up one another made meanwhile.
      await new Promise((waited) => setTimeout(waited, randomInt(TOKEN_CA_JITTER_MS)));
      const id = randomBytes(16).toString('hex');
      let stored = false;
      let ourFingerprint: string | undefined;
      if (!signsNow(read(nowMs))) {
        const publicKey = token.generateKeyPair('ES256', id, `${TOKEN_CA_LABEL}:${nowMs}`);
        try {
          const signWith = ecdsaOf(token.signer(id, id, 'ES256'));
          const made = loadedCa(await createCa(nowMs, publicKey, signWith), publicKey, signWith);
          const subject = subjectOf(made, new Der(await loadForgeAsn1()));
          // Audited before it is stored: when that fails, its key is destroyed and nothing is stored.
          await hooks.onChange?.(caChange(made, again.current ?? previous, nowMs, token.where));
          ourFingerprint = certificateFingerprint(made.der);
          // The look and the store run back to back (no await between): a CA a peer stored before
          // is taken up instead, and one stored after it is stored within the settle time of ours.
          if (!signsNow(read(nowMs))) {
            token.storeCertificate(id, TOKEN_CA_LABEL, made.der, subject);
            stored = true;
          } else {
            hooks.onNote?.(
              `the mTLS CA ${ourFingerprint} made here was not stored: another broker's CA in ${token.where}, stored meanwhile, signs`,
            );
          }
        } finally {
          if (!stored) token.destroyKey(id);
        }
      }
      // Brokers that made a CA at the same time all stored it by now: each picks the same one, and
      // the others destroy their own.
      await new Promise((settled) => setTimeout(settled, TOKEN_CA_SETTLE_MS));
      const chosen = read(nowMs);
      if (stored && chosen.currentId !== id) {
        destroyCa(id);
        hooks.onNote?.(
          `the mTLS CA ${ourFingerprint} made here was destroyed unused: another broker's, made at the same moment in ${token.where}, signs`,
        );
      }
      if (chosen.current === undefined || chosen.currentId === undefined)
        throw new StintError(
          'ERR_CA_INVALID',
          `the mTLS CA just made in ${token.where} is not there; something else destroyed it: look for another process deleting stint:ca objects`,
        );
      if (!isDue(chosen.current, nowMs)) retire(nowMs, chosen.currentId);
      return chosen.current;
    },
  };
}

/**
 * The CA that signs, by a rule every broker on the token applies alike: among the CAs whose
 * certificate is valid and whose private key is in the token, one that is not due before one that
 * is, then the oldest (created time in its key's label), then the lowest CKA_ID.
 */
function chooseTokenCa(cas: TokenCa[], nowMs: number): TokenCa | undefined {
  const due = (ca: TokenCa) => (ca.notAfterMs - nowMs < RENEW_BEFORE_MS ? 1 : 0);
  return cas
    .filter((ca) => ca.hasPrivateKey && ca.notAfterMs > nowMs)
    .sort((a, b) => due(a) - due(b) || a.createdMs - b.createdMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

function createdOf(label: string | undefined): number | undefined {
  const match = label === undefined ? null : /^stint:ca:(\d+)$/.exec(label);
  return match === null ? undefined : Number(match[1]);
}

/** A CA signer: sign SHA-256 of the data, DER ECDSA or PKCS#1 signature, as X.509 carries it. */
type CaSigner = (data: Buffer) => Promise<Buffer>;

function keyObjectSigner(key: KeyObject): CaSigner {
  return async (data) => sign('sha256', data, key);
}

function ecdsaOf(signer: { sign(data: Uint8Array): Promise<Uint8Array> }): CaSigner {
  return async (data) => ecdsaDer(await signer.sign(data));
}

async function readPreviousCertificate(file: string): Promise<X509Certificate | undefined> {
  try {
    return new X509Certificate(await readFile(file));
  } catch {
    // Missing or unreadable: it only ever widens trust during a rollover, so do without it.
    return undefined;
  }
}

interface LoadedCa {
  certificatePem: string;
  certificate: X509Certificate;
  der: Buffer;
  publicKey: KeyObject;
  sign: CaSigner;
  notAfterMs: number;
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
    der.signatureAlgorithm(ca.publicKey),
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
  const certificateDer = await signedBy(der, tbs, der.signatureAlgorithm(ca.publicKey), ca.sign);
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

/** A new self-signed CA certificate (PEM) for `publicKey`, signed through `signWith` (a file key or a key in a token). */
async function createCa(nowMs: number, publicKey: KeyObject, signWith: CaSigner): Promise<string> {
  const der = new Der(await loadForgeAsn1());
  const name = der.name([
    [OID.organizationName, 'stint'],
    [OID.commonName, `stint client CA ${randomBytes(4).toString('hex')}`],
  ]);
  const forge = await loadForgeAsn1();
  const tbs = der.seq([
    der.explicit(0, der.int(2)),
    der.unsigned(randomSerial()),
    der.signatureAlgorithm(publicKey),
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
  const certificateDer = await signedBy(der, tbs, der.signatureAlgorithm(publicKey), signWith);
  return toPem('CERTIFICATE', certificateDer);
}

/** `SEQUENCE { toBeSigned, algorithm, BIT STRING signature }`, signed through a signer. */
async function signedBy(
  der: Der,
  toBeSigned: ReturnType<Der['seq']>,
  algorithm: ReturnType<Der['seq']>,
  signWith: CaSigner,
): Promise<Buffer> {
  const signature = await signWith(der.encode(toBeSigned));
  return der.encode(der.seq([toBeSigned, algorithm, der.bits(signature)]));
}

function toLoadedCa(certificatePem: string, keyPem: string): LoadedCa {
  const certificate = new X509Certificate(certificatePem);
  const key = createPrivateKey(keyPem);
  if (!certificate.checkPrivateKey(key))
    throw new StintError('ERR_CA_INVALID', 'the mTLS CA key does not match its certificate');
  return loadedCa(certificatePem, createPublicKey(key), keyObjectSigner(key));
}

function loadedCa(certificatePem: string, publicKey: KeyObject, signWith: CaSigner): LoadedCa {
  const certificate = new X509Certificate(certificatePem);
  return {
    certificatePem,
    certificate,
    der: certificate.raw,
    publicKey,
    sign: signWith,
    notAfterMs: Date.parse(certificate.validTo),
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
