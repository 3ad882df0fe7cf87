import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  type JWK,
} from 'jose';
import { writeFileAtomic } from '../lib/atomic-file.js';
import { isStintError, StintError } from '../lib/errors.js';
import { withFileLock } from '../lib/file-lock.js';
import { keysNewer } from '../lib/keys-newer.js';
import type { Pkcs11Token } from './pkcs11.js';
import { cryptoKeySigner, type Signer, type SigningAlgorithm } from './signer.js';

/**
 * The broker's signing keys: generated with jose, persisted as PKCS#8 PEM files (0600) in a
 * 0700 directory beside a small manifest (`keys.json`), rotated on a schedule without downtime.
 *
 * Timeline of one scheduled rotation (`rotate_every` R, `grace` G, publish-ahead P):
 *
 *   A ─────────────── A+R-P ──────── A+R ──────────────── A+R+G
 *   key 1 signs ....................│ key 1 published only ─│ gone
 *                     key 2 published│ key 2 signs ...............
 *
 * Why publish ahead: a verifier that cached our JWKS before key 2 existed would reject tokens
 * signed by key 2 until its cache expired. Publishing key 2 P before it signs lets every cache
 * refresh first. P defaults to min(24 h, grace, rotate_every / 2): 24 h outlives the JWKS cache
 * of every OIDC library we know (jose caches for 10 min and refetches on an unknown kid);
 * never more than the grace the operator chose, and at most half a period so there is only
 * ever one key waiting. Why grace: tokens signed by key 1 stay valid until they expire
 * (≤ 24 h), so key 1 stays published for G after key 2 takes over.
 *
 * A private key is deleted as soon as its key stops signing (its public half stays in the
 * manifest until grace ends), so a leaked keys directory never holds more than the signing key
 * and the one waiting. `rotate({ now: true })` is the emergency rotation: a new key signs at
 * once and every other key is dropped from the JWKS and deleted at once.
 *
 * Several processes may share the directory (the CLI and brokers): every change is made under
 * a lock file, re-reading the manifest first, and written atomically (temp file + rename).
 * `reload()` picks up changes made by another process.
 */

export type { Signer, SigningAlgorithm } from './signer.js';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['EdDSA', 'ES256', 'RS256'];

/** The key that signs now: for file keys, a node:crypto key in this process behind the Signer interface. */
export type SigningKey = Signer;

/** `next`: published, signs later; `current`: signs; `grace`: published only, for tokens it signed. */
export type KeyState = 'next' | 'current' | 'grace';

export interface KeyInfo {
  kid: string;
  alg: SigningAlgorithm;
  state: KeyState;
  createdAtMs: number;
  activatesAtMs: number;
  /** When it leaves the JWKS; unset while no successor is scheduled. */
  retiresAtMs?: number;
}

export interface RotationResult {
  /** The key that was generated (or the one already waiting, when `generated` is false). */
  key: KeyInfo;
  generated: boolean;
  /** Kids dropped from the JWKS by this rotation (emergency rotation only). */
  dropped: string[];
}

/**
 * What a change is about to do, told after its new keys exist but before anything names them:
 * the manifest write (file keys) is the commit. `stint keys` audits here, so every key that can
 * sign is in the audit log before it can sign. When it throws, the new key files are removed,
 * nothing is changed and the error is thrown on.
 */
export type BeforeCommit = (change: { generated: KeyInfo[]; dropped: string[] }) => Promise<void>;

/** What `maintain()` did: keys generated and removed, and why (`scheduled rotation`, or the `keys.algorithm` change). */
export interface KeyChange {
  generated: KeyInfo[];
  removed: string[];
  reason: string;
}

export interface KeySetOptions {
  dir: string;
  /** Algorithm for new keys (existing keys keep theirs). Default ES256 (P-256), which every RFC 9068 validator accepts. */
  algorithm?: SigningAlgorithm;
  rotateEverySec: number;
  graceSec: number;
  /** How long a new key is published before it signs; default min(24 h, grace, rotate_every / 2). */
  publishAheadSec?: number;
  /** Epoch milliseconds; tests pass a fixed clock. */
  now?: () => number;
  /**
   * Only read what is there (for `stint keys list`): no directory or key is created, nothing
   * scheduled is done and no private key is loaded (so `current()` throws ERR_KEYS_NO_CURRENT);
   * see `insecurePrivateKeyFiles` for the permission check the broker would make.
   * Default false: open runs `maintain()`, so a key signs from the start.
   */
  readOnly?: boolean;
  /**
   * For the broker: find out with a write probe whether `dir` may be written (a Kubernetes Secret
   * mount may not). When it may not, the key set serves from it as it is: it loads the private
   * keys but never creates, chmods or rotates anything there, `maintain()` only re-reads the dir
   * (another process, `stint keys rotate` where the dir is writable, does the rotating), and a
   * private key file that is group-readable (mode 0440, as the kubelet writes Secret files with
   * `fsGroup`) is accepted when its group is one of this process's groups. Default false.
   */
  detectReadOnlyDir?: boolean;
  /**
   * Called after `maintain()` generated or removed keys (not after `rotate()`, whose caller
   * knows), so the broker can audit scheduled rotations as `key_rotated`.
   */
  onChange?: (change: KeyChange) => void | Promise<void>;
  /** Called by `maintain()` and `rotate()` before a change that generated keys is committed (BeforeCommit). */
  beforeCommit?: BeforeCommit;
  /**
   * Called when a re-read of the dir fails (with the error `current()` throws from then on), and
   * when the first re-read after that succeeds (undefined): the broker's metric and log.
   */
  onReload?: (failure: KeysUnreadableError | undefined) => void;
}

/**
 * A re-read of the keys dir failed (ERR_KEYS_UNREADABLE): the dir changed (a rotation, perhaps an
 * emergency one that dropped the key this process holds) and this process cannot see into what.
 * Until a re-read succeeds it signs nothing, rather than go on with a key that may have been dropped.
 */
export class KeysUnreadableError extends StintError {
  /** The file that could not be read, by its name in the dir (`keys.json`, `<kid>.pem`; `.` for the dir itself), when the error names one. */
  readonly file: string | undefined;
  /** The errno (`EACCES`) or stint code (`ERR_KEYS_CORRUPT`) of the failure. */
  readonly reason: string;
  /** Who this process runs as (`uid 65532, gid 65532`). */
  readonly user: string;

  constructor(dir: string, cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
    const path = (cause as NodeJS.ErrnoException | undefined)?.path;
    const file = typeof path === 'string' ? (path === dir ? '.' : basename(path)) : undefined;
    const reason = typeof errno === 'string' ? errno : isStintError(cause) ? cause.code : 'unreadable';
    const user = describeUser();
    const fix = isStintError(cause, 'ERR_KEYS_NEWER')
      ? 'run the newer stint that wrote it (docs/upgrading.md), not `stint keys rotate --now`'
      : errno === 'EACCES' || errno === 'EPERM'
        ? `give this user read access to the dir and its files again (a \`stint keys rotate\` run as another user keeps the owner, group and group-read bits of the files already there; files made otherwise need \`chown\`/\`chmod\` to the broker's user or group, docs/broker.md#a-read-only-keys-dir)`
        : 'restore the dir from the rotator, or run `stint keys rotate --now` where it is writable';
    super(
      'ERR_KEYS_UNREADABLE',
      `the signing keys in ${dir} changed and cannot be read again (${(cause as Error)?.message ?? String(cause)}; this broker runs as ${user}); it signs nothing until a re-read succeeds (every 30 s, and at each /readyz): ${fix}`,
      { cause },
    );
    this.name = 'KeysUnreadableError';
    this.file = file;
    this.reason = reason;
    this.user = user;
  }
}

/**
 * The broker's token-signing keys, wherever they are kept: files in a dir (`openKeySet`) or a
 * PKCS#11 token (`openPkcs11KeySet`, src/tokens/pkcs11-keyset.ts). The exchange sees only this.
 */
export interface KeySet {
  /** Where the keys are, for messages: the keys dir, or `pkcs11:<token label>`. */
  readonly dir: string;
  /** True when the broker found `dir` read-only and serves from it without writing (`detectReadOnlyDir`). */
  readonly readOnlyDir: boolean;
  /** The PKCS#11 token the keys are in (keys.pkcs11), for the mTLS CA to keep its key there too. */
  readonly token?: Pkcs11Token;
  /** The key that signs at this instant. Throws ERR_KEYS_NO_CURRENT when none does. */
  current(): SigningKey;
  /** Every published public key (current, next and those in grace), with kid, alg and use. */
  jwks(): { keys: JWK[] };
  /** A published public key by kid, or undefined (unknown, retired or dropped). */
  publicKey(kid: string): JWK | undefined;
  /** Every key in the manifest that is still published, newest first. */
  list(): KeyInfo[];
  /**
   * Kids this key set has retired or dropped (an emergency rotation drops every old key), newest
   * first, at most RETIRED_KEPT: its lineage, so an instance that still serves one of them can be
   * told it is behind a rotation rather than split from its peers (src/broker/key-agreement.ts).
   */
  retired(): string[];
  /**
   * `now: false` schedules a successor (published now, signs after the publish-ahead window;
   * a no-op that returns the waiting key when one is already scheduled). `now: true` is the
   * emergency rotation: a new key signs at once and all others are dropped at once.
   */
  rotate(options?: { now?: boolean }): Promise<RotationResult>;
  /** Re-reads the directory (another process may have rotated). Keeps the old state on error. */
  reload(): Promise<void>;
  /**
   * Does what the schedule says is due: generates the first key, schedules the successor once
   * `rotate_every - publish-ahead` has passed, deletes keys out of grace and private keys that no
   * longer sign. Resolves true when it changed anything. The broker calls it on a timer
   * (every minute is plenty) and it is cheap when nothing is due.
   */
  maintain(): Promise<boolean>;
}

const MANIFEST = 'keys.json';
const LOCK = '.keys.lock';
const KID_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** How many retired kids a manifest remembers (a few years of monthly rotations). */
export const RETIRED_KEPT = 32;

interface ManifestEntry {
  kid: string;
  alg: SigningAlgorithm;
  created: string;
  activates_at: string;
  retires_at: string | null;
  jwk: JWK;
}

interface Manifest {
  version: 1;
  keys: ManifestEntry[];
  /** Kids retired or dropped from this dir, newest first (absent in manifests written before it was kept). */
  retired?: string[];
}

interface LoadedKey {
  info: Omit<KeyInfo, 'state'>;
  publicJwk: JWK;
  privateKey?: CryptoKey;
  signer?: Signer;
}

/**
 * Opens (creating on first use) the signing-key set in `dir` and makes sure a key signs now.
 *
 * @example
 * const keys = await openKeySet({ dir: '.stint/keys', algorithm: 'ES256', rotateEverySec: 30 * 86400, graceSec: 7 * 86400 });
 * const { kid, alg, privateKey } = keys.current();
 */
export async function openKeySet(options: KeySetOptions): Promise<KeySet> {
  const algorithm = supportedAlgorithm(options.algorithm);
  if (!(options.rotateEverySec > 0) || !(options.graceSec >= 0)) {
    throw new StintError('ERR_KEYS_SCHEDULE', 'keys.rotate_every must be > 0 and keys.grace ≥ 0');
  }
  const now = options.now ?? Date.now;
  const dir = options.dir;
  const rotateEveryMs = options.rotateEverySec * 1000;
  const graceMs = options.graceSec * 1000;
  const publishAheadMs =
    (options.publishAheadSec ?? Math.min(86_400, options.graceSec, options.rotateEverySec / 2)) * 1000;
  let keys: LoadedKey[] = [];
  let retiredKids: string[] = [];
  const readOnlyDir = options.detectReadOnlyDir === true && (await probeReadOnly(dir));

  const stateAt = (key: LoadedKey, t: number, currentKid: string | undefined): KeyState =>
    key.info.kid === currentKid ? 'current' : key.info.activatesAtMs > t ? 'next' : 'grace';

  /** Published keys at `t`: not retired. */
  const publishedAt = (t: number): LoadedKey[] =>
    keys.filter((k) => k.info.retiresAtMs === undefined || k.info.retiresAtMs > t);

  /** The key that signs at `t`: the most recently activated published key. */
  const currentAt = (t: number): LoadedKey | undefined => {
    let best: LoadedKey | undefined;
    for (const k of publishedAt(t)) {
      if (k.info.activatesAtMs > t) continue;
      if (best === undefined || k.info.activatesAtMs > best.info.activatesAtMs) best = k;
    }
    return best;
  };

  /** Set while the last re-read failed: current() throws it, rather than sign with a key that may be dropped. */
  let unreadable: KeysUnreadableError | undefined;
  let opened = false;
  const reload = async (): Promise<void> => {
    try {
      ({ keys, retired: retiredKids } = await loadKeysSettled(
        dir,
        now,
        options.readOnly !== true,
        readOnlyDir,
        opened,
      ));
    } catch (error) {
      // At open the error stops start-up; a running key set keeps its keys but stops signing.
      if (opened) {
        unreadable = error instanceof KeysUnreadableError ? error : new KeysUnreadableError(dir, error);
        options.onReload?.(unreadable);
      }
      throw error;
    }
    if (unreadable !== undefined) {
      unreadable = undefined;
      options.onReload?.(undefined);
    }
  };

  const locked = <T>(fn: () => Promise<T>): Promise<T> => withFileLock(join(dir, LOCK), fn);

  const generate = (t: number, activatesAtMs: number): Promise<ManifestEntry> =>
    generateKeyFile(dir, algorithm, t, activatesAtMs);

  const keySet: KeySet = {
    dir,
    readOnlyDir,
    current() {
      if (unreadable !== undefined) throw unreadable;
      const key = currentAt(now());
      if (key === undefined || key.privateKey === undefined) {
        throw new StintError(
          'ERR_KEYS_NO_CURRENT',
          `no signing key is active in ${dir}; run \`stint keys rotate --now\``,
        );
      }
      key.signer ??= cryptoKeySigner(key.info.kid, key.info.alg, key.privateKey);
      return key.signer;
    },
    jwks() {
      return { keys: keySet.list().map((info) => publicJwkOf(keys.find((k) => k.info.kid === info.kid)!)) };
    },
    publicKey(kid) {
      // Nor does it vouch for its own tokens meanwhile: an emergency rotation may have dropped the key.
      if (unreadable !== undefined) throw unreadable;
      const key = publishedAt(now()).find((k) => k.info.kid === kid);
      return key === undefined ? undefined : publicJwkOf(key);
    },
    list() {
      const t = now();
      const currentKid = currentAt(t)?.info.kid;
      const rank: Record<KeyState, number> = { current: 0, next: 1, grace: 2 };
      return publishedAt(t)
        .map((k) => ({ ...k.info, state: stateAt(k, t, currentKid) }))
        .sort((a, b) => rank[a.state] - rank[b.state] || b.activatesAtMs - a.activatesAtMs);
    },
    retired() {
      // A loaded key whose retirement has passed since the last reload is retired all the same.
      const t = now();
      const since = keys.filter((k) => k.info.retiresAtMs !== undefined && k.info.retiresAtMs <= t);
      return lineage(
        since.map((k) => k.info.kid),
        retiredKids,
      );
    },
    async reload() {
      await reload();
    },
    async rotate(rotation = {}) {
      return locked(async () => {
        const t = now();
        if (rotation.now === true) {
          const result = await rotateNowLocked(dir, algorithm, t, options.beforeCommit);
          await reload();
          return result;
        }
        const manifest = await readManifest(dir);
        const entries = manifest.keys.filter((k) => !isRetired(k, t));
        const active = currentEntryAt(entries, t);
        const waiting = entries.find((k) => Date.parse(k.activates_at) > t);
        if (waiting !== undefined) {
          await reload();
          return { key: infoOf(waiting, 'next'), generated: false, dropped: [] };
        }
        const activatesAtMs = active === undefined ? t : t + publishAheadMs;
        const entry = await generate(t, activatesAtMs);
        const key = infoOf(entry, activatesAtMs > t ? 'next' : 'current');
        if (active !== undefined) active.retires_at = iso(activatesAtMs + graceMs);
        await commit(dir, [entry], { generated: [key], dropped: [] }, options.beforeCommit, () =>
          writeManifest(dir, { ...manifest, keys: [...entries, entry] }),
        );
        await reload();
        return { key, generated: true, dropped: [] };
      });
    },
    async maintain() {
      if (readOnlyDir) {
        // Nothing may be written here: the rotator (`stint keys rotate` where the dir is writable) does the schedule.
        await reload();
        return false;
      }
      let reason = 'scheduled rotation';
      const change = await locked(async () => {
        const t = now();
        const manifest = await readManifest(dir);
        let entries = manifest.keys.filter((k) => !isRetired(k, t));
        const removed = manifest.keys.filter((k) => isRetired(k, t)).map((k) => k.kid);
        const generated: ManifestEntry[] = [];
        let active = currentEntryAt(entries, t);
        if (active === undefined) {
          // First start (or every key retired): nothing can verify yet, so the new key signs at once.
          reason =
            manifest.keys.length === 0 && (manifest.retired ?? []).length === 0
              ? `no signing key in ${dir} yet: the first one signs at once`
              : `no signing key is active in ${dir} (every key there has retired), so a new one signs at once`;
          active = await generate(t, t);
          generated.push(active);
        }
        const activeSince = Date.parse(active.activates_at);
        const hasSuccessor = entries.some((k) => Date.parse(k.activates_at) > activeSince);
        // keys.algorithm changed since this key was made: its successor comes now, the safe way.
        const algorithmChanged = active.alg !== algorithm;
        if (!hasSuccessor && (algorithmChanged || t >= activeSince + rotateEveryMs - publishAheadMs)) {
          // Overdue after downtime: still publish ahead rather than sign with an unpublished key.
          const activatesAtMs = algorithmChanged
            ? t + publishAheadMs
            : Math.max(activeSince + rotateEveryMs, t + publishAheadMs);
          generated.push(await generate(t, activatesAtMs));
          active.retires_at = iso(activatesAtMs + graceMs);
          if (algorithmChanged) reason = algorithmChange(active.alg, algorithm);
        }
        entries = [...entries.filter((k) => !generated.includes(k)), ...generated];
        const changed = generated.length > 0 || removed.length > 0;
        if (changed) {
          const write = () =>
            writeManifest(dir, { version: 1, keys: entries, retired: lineage(removed, manifest.retired) });
          if (generated.length === 0) await write();
          else {
            const planned = generated.map((entry) =>
              infoOf(entry, Date.parse(entry.activates_at) > t ? 'next' : 'current'),
            );
            await commit(dir, generated, { generated: planned, dropped: removed }, options.beforeCommit, write);
          }
        }
        await removeUnneededPrivateKeys(dir, entries, t);
        await reload();
        return {
          changed,
          generated: generated.map((entry) => infoOf(entry, Date.parse(entry.activates_at) > t ? 'next' : 'current')),
          removed,
        };
      }).catch(async (error: unknown) => {
        // A dir that can no longer be read fails above before reload() runs: re-read, so that a
        // running key set stops signing (and says so) as it does when a watched change fails.
        if (opened) await reload().catch(() => undefined);
        throw error;
      });
      if (change.changed) await options.onChange?.({ generated: change.generated, removed: change.removed, reason });
      return change.changed;
    },
  };

  if (options.readOnly === true) {
    await reload();
    opened = true;
    return keySet;
  }
  if (readOnlyDir) {
    await reload();
    if (currentAt(now())?.privateKey === undefined) throw readOnlyWithoutKey(dir);
    opened = true;
    return keySet;
  }
  await ensureKeysDir(dir);
  await keySet.maintain();
  opened = true;
  return keySet;
}

/**
 * True when `dir` exists and this process may not create a file in it (EROFS, EACCES, EPERM):
 * a real write probe, so a read-only mount, a dir owned by another user and an ACL all count.
 * A missing dir is not read-only (the broker creates it).
 */
async function probeReadOnly(dir: string): Promise<boolean> {
  const probe = join(dir, `.write-probe.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    await (await open(probe, 'wx', 0o600)).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return true;
    throw error;
  }
  await unlink(probe).catch(() => undefined);
  return false;
}

function readOnlyWithoutKey(dir: string): StintError {
  const user = describeUser();
  return new StintError(
    'ERR_KEYS_DIR_READ_ONLY',
    `the keys dir ${dir} is read-only for this broker (${user}) and holds no key that signs now, and the broker may not write one there; ` +
      `run \`stint keys rotate\` with a config whose keys.dir is a writable copy of it and ship that copy (e.g. as the Kubernetes Secret), or start the broker once with ${dir} writable`,
  );
}

/** `uid 1000 (gid 1000)`, for messages about files this process may not write or read. */
export function describeUser(): string {
  return typeof process.getuid === 'function' ? `uid ${process.getuid()}, gid ${process.getgid?.()}` : 'this user';
}

/**
 * Emergency rotation without opening the key set first, so it also recovers a keys dir whose
 * manifest is damaged or whose private keys are missing or exposed: a new key signs at once and
 * every other key (in the manifest or just lying in the dir) is dropped and deleted.
 *
 * @example
 * const { key, dropped } = await rotateKeysNow({ dir: '.stint/keys', algorithm: 'ES256' });
 */
export async function rotateKeysNow(options: {
  dir: string;
  algorithm?: SigningAlgorithm;
  now?: () => number;
  beforeCommit?: BeforeCommit;
}): Promise<RotationResult> {
  const algorithm = supportedAlgorithm(options.algorithm);
  await ensureKeysDir(options.dir);
  return withFileLock(join(options.dir, LOCK), () =>
    rotateNowLocked(options.dir, algorithm, (options.now ?? Date.now)(), options.beforeCommit),
  );
}

async function rotateNowLocked(
  dir: string,
  algorithm: SigningAlgorithm,
  t: number,
  beforeCommit: BeforeCommit | undefined,
): Promise<RotationResult> {
  let listed: string[] = [];
  let retired: string[] | undefined;
  try {
    const manifest = await readManifest(dir);
    listed = manifest.keys.map((k) => k.kid);
    retired = manifest.retired;
  } catch (error) {
    // A damaged manifest is one of the reasons to rotate now: every key in the dir is dropped anyway.
    if (!(error instanceof StintError && error.code === 'ERR_KEYS_CORRUPT')) throw error;
  }
  const entry = await generateKeyFile(dir, algorithm, t, t);
  const onDisk = (await readdir(dir)).filter((name) => name.endsWith('.pem')).map((name) => name.slice(0, -4));
  const dropped = [...new Set([...listed, ...onDisk])].filter((kid) => kid !== entry.kid);
  const key = infoOf(entry, 'current');
  // The dropped kids stay named in the manifest, so instances still serving them are told they
  // are behind this rotation, not split from the instances that have it.
  await commit(dir, [entry], { generated: [key], dropped }, beforeCommit, () =>
    writeManifest(dir, { version: 1, keys: [entry], retired: lineage(dropped, retired) }),
  );
  // The old keys may be compromised: their private halves go now, not at the next maintenance.
  await Promise.all(
    onDisk.filter((kid) => kid !== entry.kid).map((kid) => unlink(join(dir, `${kid}.pem`)).catch(() => undefined)),
  );
  return { key, generated: true, dropped };
}

/**
 * Tells `beforeCommit` what is about to change, then writes the manifest that names the new keys
 * (the commit). When either fails, the new key files go, so the dir is as it was: a key file the
 * manifest does not name never signs and is never published.
 */
async function commit(
  dir: string,
  created: ManifestEntry[],
  change: { generated: KeyInfo[]; dropped: string[] },
  beforeCommit: BeforeCommit | undefined,
  writeManifestNow: () => Promise<void>,
): Promise<void> {
  try {
    await beforeCommit?.(change);
    await writeManifestNow();
  } catch (error) {
    await Promise.all(created.map((entry) => unlink(join(dir, `${entry.kid}.pem`)).catch(() => undefined)));
    throw error;
  }
}

/** Why a key set schedules a successor before its time: the reason `key_rotated` carries. */
export function algorithmChange(from: SigningAlgorithm, to: SigningAlgorithm): string {
  return `keys.algorithm changed from ${from} to ${to}`;
}

/** The algorithm for new keys (default ES256); throws ERR_KEYS_ALGORITHM for one stint does not sign with. */
function supportedAlgorithm(requested: SigningAlgorithm | undefined): SigningAlgorithm {
  const algorithm = requested ?? 'ES256';
  if (!SIGNING_ALGORITHMS.includes(algorithm)) {
    throw new StintError(
      'ERR_KEYS_ALGORITHM',
      `keys.algorithm ${String(algorithm)} is not supported; use ES256, EdDSA or RS256`,
    );
  }
  return algorithm;
}

function publicJwkOf(key: LoadedKey): JWK {
  return { ...key.publicJwk, kid: key.info.kid, alg: key.info.alg, use: 'sig' };
}

/** The retired kids to keep: the newly retired first, then the earlier ones, at most RETIRED_KEPT. */
export function lineage(newlyRetired: string[], earlier: string[] = []): string[] {
  return [...new Set([...newlyRetired, ...earlier])].slice(0, RETIRED_KEPT);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isRetired(entry: ManifestEntry, t: number): boolean {
  return entry.retires_at !== null && Date.parse(entry.retires_at) <= t;
}

function currentEntryAt(entries: ManifestEntry[], t: number): ManifestEntry | undefined {
  let best: ManifestEntry | undefined;
  for (const entry of entries) {
    const at = Date.parse(entry.activates_at);
    if (at > t || isRetired(entry, t)) continue;
    if (best === undefined || at > Date.parse(best.activates_at)) best = entry;
  }
  return best;
}

function infoOf(entry: ManifestEntry, state: KeyState): KeyInfo {
  return {
    kid: entry.kid,
    alg: entry.alg,
    state,
    createdAtMs: Date.parse(entry.created),
    activatesAtMs: Date.parse(entry.activates_at),
    ...(entry.retires_at === null ? {} : { retiresAtMs: Date.parse(entry.retires_at) }),
  };
}

function privateKeyFile(dir: string, kid: string): string {
  if (!KID_PATTERN.test(kid)) throw new StintError('ERR_KEYS_CORRUPT', `${join(dir, MANIFEST)} names an invalid kid`);
  return join(dir, `${kid}.pem`);
}

/** Public members only: what a JWKS may carry. */
function publicMembers(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as JWK;
}

async function generateKeyFile(
  dir: string,
  alg: SigningAlgorithm,
  t: number,
  activatesAtMs: number,
): Promise<ManifestEntry> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  const jwk = publicMembers(await exportJWK(publicKey));
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  // The PEM is written before the manifest names it, so a reader never finds a key without its file.
  const { mode, owner } = await newFileAccess(dir);
  await writeFileAtomic(privateKeyFile(dir, kid), await exportPKCS8(privateKey), mode, owner);
  return { kid, alg, created: iso(t), activates_at: iso(activatesAtMs), retires_at: null, jwk };
}

async function readManifest(dir: string): Promise<Manifest> {
  const file = join(dir, MANIFEST);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: [] };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StintError(
      'ERR_KEYS_CORRUPT',
      `${file} is not valid JSON; restore it or run \`stint keys rotate --now\``,
      { cause: error },
    );
  }
  const manifest = parsed as Partial<Manifest> | null;
  const version: unknown = manifest?.version;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > 1) {
    throw keysNewer(file, `manifest version ${version}; this stint reads version 1`, KEEP_MANIFEST);
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.version !== 1 || !Array.isArray(manifest.keys)) {
    throw new StintError('ERR_KEYS_CORRUPT', `${file} is not a stint key manifest (version 1)`);
  }
  for (const entry of manifest.keys) {
    // An algorithm this version does not sign with, in an otherwise sound entry: a newer stint made that key.
    const alg: unknown = entry?.alg;
    if (
      typeof alg === 'string' &&
      /^[A-Za-z][A-Za-z0-9]{1,15}$/.test(alg) &&
      !SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)
    ) {
      throw keysNewer(file, `key ${String(entry.kid)} is ${alg}, which this stint does not sign with`, KEEP_MANIFEST);
    }
    const valid =
      entry !== null &&
      typeof entry === 'object' &&
      typeof entry.kid === 'string' &&
      KID_PATTERN.test(entry.kid) &&
      SIGNING_ALGORITHMS.includes(entry.alg) &&
      !Number.isNaN(Date.parse(entry.created)) &&
      !Number.isNaN(Date.parse(entry.activates_at)) &&
      (entry.retires_at === null || !Number.isNaN(Date.parse(entry.retires_at))) &&
      entry.jwk !== null &&
      typeof entry.jwk === 'object';
    if (!valid) throw new StintError('ERR_KEYS_CORRUPT', `${file} has a malformed key entry`);
  }
  const retired: unknown = manifest.retired;
  if (
    retired !== undefined &&
    !(Array.isArray(retired) && retired.every((kid) => typeof kid === 'string' && KID_PATTERN.test(kid)))
  ) {
    throw new StintError('ERR_KEYS_CORRUPT', `${file} has a malformed retired list`);
  }
  return manifest as Manifest;
}

const KEEP_MANIFEST =
  "do not run `stint keys rotate --now` or edit the file: that would delete that version's keys, and every token they signed would stop verifying";

async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const { mode, owner } = await newFileAccess(dir);
  await writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, mode, owner);
}

/**
 * Creates a keys dir (0700) or keeps an existing one as it is shared: a dir made for a broker that
 * runs as another user (`root:stint 0750`, files `0640`/`0440` for the broker's group) keeps its
 * owner, group and the group's read and search bits; only what no keys dir may grant is taken
 * away, the write bit of its group and every bit of others. Forcing 0700 here made a rotation run
 * as root lock the broker out of its own keys (docs/broker.md#a-read-only-keys-dir). The owner's
 * bits are made rwx only for a non-root owner (root needs none, and a dir kept 0550 for a broker
 * that must not write it stays so).
 */
async function ensureKeysDir(dir: string): Promise<void> {
  let info: Stats;
  try {
    info = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    return;
  }
  const uid = process.getuid?.();
  const keep = info.mode & 0o7750 & ~0o7000;
  const mode = uid !== undefined && uid !== 0 && info.uid === uid ? keep | 0o700 : keep;
  if ((info.mode & 0o7777) !== mode) await chmod(dir, mode);
}

/**
 * The mode and owner of a file written into a keys dir: those of the manifest already there
 * (its group's read bit, never more: a private key file is never writable by its group nor
 * readable by others), else 0600 and the dir's owner. Run as root, the file gets that owner and
 * group, so `stint keys rotate` by root on a broker user's dir, or on a `root:<broker group>`
 * dir, writes files the broker can read as before; run as another user, only a group of its own.
 */
async function newFileAccess(dir: string): Promise<{ mode: number; owner?: { uid: number; gid: number } }> {
  const manifest = await stat(join(dir, MANIFEST)).catch(() => undefined);
  const reference = manifest ?? (await stat(dir));
  const mode = 0o600 | (manifest !== undefined ? manifest.mode & 0o040 : 0);
  const uid = process.getuid?.();
  if (uid === undefined) return { mode };
  if (uid === 0) {
    return reference.uid === 0 && reference.gid === process.getgid?.()
      ? { mode }
      : { mode, owner: { uid: reference.uid, gid: reference.gid } };
  }
  const groups = new Set(process.getgroups?.() ?? []);
  return reference.gid !== process.getegid?.() && groups.has(reference.gid)
    ? { mode, owner: { uid: -1, gid: reference.gid } }
    : { mode };
}

/** Deletes private keys of keys that no longer sign, and PEMs the manifest does not name (a crash between writes). */
async function removeUnneededPrivateKeys(dir: string, entries: ManifestEntry[], t: number): Promise<void> {
  const active = currentEntryAt(entries, t);
  const keep = new Set(
    entries.filter((k) => k === active || Date.parse(k.activates_at) > t).map((k) => `${k.kid}.pem`),
  );
  for (const name of await readdir(dir)) {
    if (name.endsWith('.pem') && !keep.has(name)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

/** Tries of a running key set's re-read, and the wait before the second (doubling after). */
const REREAD_TRIES = 3;
const REREAD_RETRY_MS = 100;

/**
 * `loadKeys`, tried again a few times when the set is running (`retry`): a re-read that meets a
 * rotation half done (keys.json read before the rotation wrote it, naming a key file it then
 * deleted) fails, and the next read, a moment later, finds the dir whole. Only a failure that
 * lasts stops the broker signing (ERR_KEYS_UNREADABLE). Meanwhile the key held signs on, as it
 * would had this re-read come a moment earlier.
 */
async function loadKeysSettled(
  dir: string,
  now: () => number,
  withPrivateKeys: boolean,
  readOnlyDir: boolean,
  retry: boolean,
): Promise<{ keys: LoadedKey[]; retired: string[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await loadKeys(dir, now(), withPrivateKeys, readOnlyDir);
    } catch (error) {
      if (!retry || attempt >= REREAD_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, REREAD_RETRY_MS * 2 ** (attempt - 1)));
    }
  }
}

async function loadKeys(
  dir: string,
  t: number,
  withPrivateKeys: boolean,
  readOnlyDir = false,
): Promise<{ keys: LoadedKey[]; retired: string[] }> {
  const manifest = await readManifest(dir);
  const entries = manifest.keys.filter((k) => !isRetired(k, t));
  const active = currentEntryAt(entries, t);
  // A key past its retirement that maintenance has not removed yet is retired all the same.
  const retired = lineage(
    manifest.keys.filter((k) => isRetired(k, t)).map((k) => k.kid),
    manifest.retired,
  );
  const keys = await Promise.all(
    entries.map(async (entry): Promise<LoadedKey> => {
      const info = infoOf(entry, 'grace');
      const { state: _state, ...rest } = info;
      const publicJwk = publicMembers(entry.jwk);
      if ((await calculateJwkThumbprint(publicJwk, 'sha256')) !== entry.kid) {
        throw new StintError(
          'ERR_KEYS_CORRUPT',
          `${join(dir, MANIFEST)}: the public key of ${entry.kid} does not match its kid`,
        );
      }
      const signs = entry === active || Date.parse(entry.activates_at) > t;
      if (!signs || !withPrivateKeys) return { info: rest, publicJwk };
      return { info: rest, publicJwk, privateKey: await loadPrivateKey(dir, entry, readOnlyDir) };
    }),
  );
  return { keys, retired };
}

/**
 * Signing-key files of file-key mode left in `dir` (`<kid>.pem`, and `keys.json` when it names
 * keys), sorted: under `keys.pkcs11` the broker neither publishes nor uses them, and a private key
 * lying there is what keeping keys in a token is meant to avoid. Empty when there are none or no dir.
 *
 * @example
 * const left = await fileKeysLeftIn('.stint/keys'); // ['1d1l….pem', 'keys.json']
 */
export async function fileKeysLeftIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const pems = names.filter((name) => name.endsWith('.pem') && KID_PATTERN.test(name.slice(0, -4))).sort();
  const manifest = names.includes(MANIFEST)
    ? await readManifest(dir).then(
        (read) => read.keys.length > 0,
        () => true,
      )
    : false;
  return manifest ? [...pems, MANIFEST] : pems;
}

/** A private key file the broker would refuse (ERR_KEYS_INSECURE), and what to do about it. */
export interface InsecureKeyFile {
  file: string;
  /** What is wrong and the fix, as the broker says it: `… is readable by other users; run …`. */
  problem: string;
}

/**
 * The private key files in `dir` that the broker would refuse to load (ERR_KEYS_INSECURE), by
 * the broker's own rule (`privateKeyModeIsSafe`, with the same write probe for a read-only dir):
 * so `stint keys list`, which lists without loading private keys, warns about exactly the files
 * a broker run as this user would refuse, and not about a Secret mounted 0440 for its group.
 *
 * @example
 * for (const { problem } of await insecurePrivateKeyFiles('.stint/keys')) console.error(problem);
 */
export async function insecurePrivateKeyFiles(dir: string): Promise<InsecureKeyFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const pems = names.filter((n) => n.endsWith('.pem')).sort();
  if (pems.length === 0) return [];
  const readOnlyDir = await probeReadOnly(dir);
  const insecure: InsecureKeyFile[] = [];
  for (const name of pems) {
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info !== undefined && !privateKeyModeIsSafe(info, readOnlyDir))
      insecure.push({ file, problem: insecureKeyProblem(file, info, readOnlyDir) });
  }
  return insecure;
}

/**
 * Whether a private key file's mode is safe to load. Never readable by others (world bits) and
 * never writable or executable by the group. Readable by the group only when the keys dir is
 * read-only for the broker (a mounted Secret, which the kubelet writes 0440 with `fsGroup`) and
 * the file's group is one of this process's own groups: then the group is the pod's, and a
 * broker that may not chmod could not fix the mode anyway.
 */
export function privateKeyModeIsSafe(info: Stats, readOnlyDir: boolean): boolean {
  if ((info.mode & 0o077) === 0) return true;
  if (!readOnlyDir || (info.mode & 0o037) !== 0) return false;
  const groups = new Set([process.getgid?.(), ...(process.getgroups?.() ?? [])]);
  return groups.has(info.gid);
}

/** What the broker says about a key file `privateKeyModeIsSafe` refuses, with the fix. */
function insecureKeyProblem(file: string, info: Stats, readOnlyDir: boolean): string {
  return readOnlyDir
    ? `${file} is readable by other users (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}, group ${info.gid}); a read-only keys dir may be group-readable (0440) only by a group of this broker (${describeUser()}): set the Secret's defaultMode to 0400 or 0440 with fsGroup, and rotate the key (\`stint keys rotate --now\`)`
    : `${file} is readable by other users; run \`chmod 600 ${file}\` and rotate the key (\`stint keys rotate --now\`)`;
}

async function loadPrivateKey(dir: string, entry: ManifestEntry, readOnlyDir = false): Promise<CryptoKey> {
  const file = privateKeyFile(dir, entry.kid);
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    throw new StintError('ERR_KEYS_CORRUPT', `${file} is missing; restore it or run \`stint keys rotate --now\``, {
      cause: error,
    });
  }
  if (!privateKeyModeIsSafe(info, readOnlyDir))
    throw new StintError('ERR_KEYS_INSECURE', insecureKeyProblem(file, info, readOnlyDir));
  const pem = await readFile(file, 'utf8');
  // Extractable: the signer turns it into a node:crypto KeyObject (src/lib/jws-crypto.ts), which
  // Node refuses to do quietly for a non-extractable key (DEP0204 on Node 24), and a KeyObject in
  // this process can be exported anyway. The export here proves the key is the one the manifest publishes.
  const key = await importPKCS8(pem, entry.alg, { extractable: true });
  const derived = publicMembers(await exportJWK(key));
  if ((await calculateJwkThumbprint(derived, 'sha256')) !== entry.kid) {
    throw new StintError('ERR_KEYS_CORRUPT', `${file} does not hold the private key of ${entry.kid}`);
  }
  return key;
}
