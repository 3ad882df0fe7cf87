import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../lib/atomic-file.js';
import { StintError } from '../lib/errors.js';
import { withFileLock } from '../lib/file-lock.js';
import { keysNewer } from '../lib/keys-newer.js';
import {
  acknowledgeLoss,
  type JournalDataset,
  type JournalState,
  type JournalSync,
  openStateJournal,
  type StateJournal,
} from './journal.js';
import {
  type AdmitRequest,
  type ApiKeyRecord,
  type CertificateRecord,
  type DatasetChange,
  type DatasetListener,
  type InstanceRecord,
  ISSUED_BEFORE_LOSS_MARGIN_MS,
  NO_ISSUE_TIME_LOSS_MS,
  type RateLimit,
  REVOCATION_MARGIN_MS,
  type Store,
} from './types.js';

export interface MemoryStoreOptions {
  /**
   * Where project API keys live (0600 JSON). The CLI writes it and a running broker re-reads it
   * whenever its size, mtime or inode changes, so a key created or revoked by `stint keys`
   * counts on the broker's next request. Without it, API keys live in memory only.
   */
  apiKeyFile?: string;
  /** Epoch ms for expiry; default Date.now. (`takeToken` uses the time it is given.) */
  now?: () => number;
  /**
   * Keeps replay records and revocations on disk (openDurableMemoryStore); without it they live in
   * memory only, which is for tests and for the CLI's API-key commands.
   */
  durable?: { journal: StateJournal; state: JournalState; dataset?: JournalDataset };
}

/** The memory store plus counters that show it stays bounded. */
export interface MemoryStore extends Store {
  getCertificate(serial: string): Promise<CertificateRecord | undefined>;
  /** Live entries per map, after sweeping the expired ones. */
  sizes(): { claims: number; revocations: number; buckets: number; certificates: number };
}

interface Bucket {
  tokens: number;
  updatedMs: number;
  /** When the bucket is full again, so forgetting it changes nothing. */
  fullAtMs: number;
}

interface ApiKeyFile {
  version: 1;
  keys: ApiKeyRecord[];
}

/** Expired entries are swept at most this often, in one pass, so memory stays bounded by live entries. */
const SWEEP_EVERY_MS = 1000;

/**
 * The embedded store of one broker process (docs/broker.md, "State on disk"). Lookups are served
 * from memory; with a journal (`openDurableMemoryStore`, what the broker uses) every replay record
 * and revocation is on disk before the call resolves, so a restart or `kill -9` forgets nothing
 * acknowledged. Rate-limit buckets and certificate records stay in memory: losing them on a
 * restart only refills buckets. API keys live in their own file, shared with `stint keys`. Use
 * Redis to run more than one broker.
 *
 * @example
 * const store = createMemoryStore({ apiKeyFile: join(keysDir, 'api-keys.json') });
 * if (!(await store.claimOnce(`replay:${hash}`, ttlMs))) refuse();
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const journal = options.durable?.journal;
  const claims = options.durable?.state.claims ?? new Map<string, number>();
  const revocations = options.durable?.state.revocations ?? new Map<string, number>();
  /** Which admit made each live replay record, so a release drops only its own. */
  const recordOwners = new Map<string, symbol>();
  const buckets = new Map<string, Bucket>();
  const instances = new Map<string, InstanceRecord>();
  const certificates = new Map<string, CertificateRecord>();
  let apiKeys = new Map<string, ApiKeyRecord>();
  let apiKeyFileSignature = '';
  let lastSweepMs = 0;
  let closed = false;
  /** The state directory was taken from this process: nothing is answered from what it holds. */
  let lost: StintError | undefined;
  void journal?.lost.then((error) => {
    lost = error;
  });
  const dataset = options.durable?.dataset;
  /**
   * When a loss of the journal was found (at this start or an earlier one: the journal keeps it):
   * ID tokens issued before it, plus the clock skew, may have been exchanged, and their records are gone.
   */
  const lostAtMs = dataset?.lostAtMs;
  const issuedBeforeLoss = (request: AdmitRequest): boolean => {
    if (lostAtMs === undefined) return false;
    if (request.issuedAtMs === undefined || !Number.isFinite(request.issuedAtMs))
      return now() <= lostAtMs + NO_ISSUE_TIME_LOSS_MS;
    return Math.floor(request.issuedAtMs) <= lostAtMs + ISSUED_BEFORE_LOSS_MARGIN_MS;
  };
  let acknowledged = false;
  /** The loss this start found, told to each dataset listener (the broker registers one once its audit log is open). */
  const loss: DatasetChange | undefined =
    dataset?.loss === undefined || lostAtMs === undefined
      ? undefined
      : {
          kind: 'lost',
          key: `dataset ${dataset.loss.previous}`,
          lostAtMs,
          by: 'this broker',
          journal: { dir: dataset.loss.dir, record: dataset.loss.record },
        };

  const sweep = (force = false): void => {
    const t = now();
    if (!force && t - lastSweepMs < SWEEP_EVERY_MS) return;
    lastSweepMs = t;
    for (const [key, expiresAtMs] of claims) {
      if (expiresAtMs > t) continue;
      claims.delete(key);
      recordOwners.delete(key);
    }
    for (const [jti, expiresAtMs] of revocations) if (expiresAtMs <= t) revocations.delete(jti);
    for (const [name, bucket] of buckets) if (bucket.fullAtMs <= t) buckets.delete(name);
    for (const [serial, cert] of certificates) if (cert.notAfterMs <= t) certificates.delete(serial);
  };

  const open = (): void => {
    if (closed) throw new StintError('ERR_STORE_UNAVAILABLE', 'the memory store is closed');
    if (lost !== undefined) throw lost;
    sweep();
  };

  const file = options.apiKeyFile;

  /** Re-reads the API key file when it changed since we last read it (another process wrote it). */
  const refreshApiKeys = async (): Promise<void> => {
    if (file === undefined) return;
    const signature = await fileSignature(file);
    if (signature === apiKeyFileSignature) return;
    apiKeys = await readApiKeyMap(file);
    apiKeyFileSignature = signature;
  };

  /** Read-modify-write of the API key file under a lock, so the CLI and a broker never lose each other's change. */
  const updateApiKeys = async <T>(change: (keys: Map<string, ApiKeyRecord>) => T): Promise<T> => {
    if (file === undefined) return change(apiKeys);
    await ensurePrivateDir(dirname(file));
    return withFileLock(`${file}.lock`, async () => {
      const current = await readApiKeyMap(file);
      const result = change(current);
      const content: ApiKeyFile = { version: 1, keys: [...current.values()] };
      await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
      apiKeys = current;
      apiKeyFileSignature = await fileSignature(file);
      return result;
    });
  };

  return {
    ...(journal === undefined ? {} : { lost: journal.lost }),
    ...(loss === undefined
      ? {}
      : {
          onDataset(listener: DatasetListener) {
            const reported = listener(loss);
            // Once on record (the broker logged and audited it), the record names the new journal.
            // Until then, or should that write fail, the next start reports the loss again.
            if (dataset !== undefined && !acknowledged && reported instanceof Promise) {
              acknowledged = true;
              void reported
                .then(async (onRecord) => {
                  if (onRecord === true) await acknowledgeLoss(dataset);
                  else acknowledged = false;
                })
                .catch(() => {
                  acknowledged = false;
                });
            }
          },
        }),
    async claimOnce(key, ttlMs) {
      open();
      const t = now();
      const held = claims.get(key);
      if (held !== undefined && held > t) return false;
      const until = t + ttlMs;
      // Set before the write, so a second claim of the same key while it is written is refused.
      claims.set(key, until);
      recordOwners.delete(key);
      if (journal !== undefined) {
        try {
          await journal.append('claim', key, until);
        } catch (error) {
          // Not on disk, so not acknowledged: forget it, or the caller's refused retry would find it burnt.
          if (claims.get(key) === until) claims.delete(key);
          throw error;
        }
      }
      return true;
    },
    async admit(request) {
      open();
      const t = now();
      // Synchronous up to the journal write, so concurrent exchanges in this process see each other.
      if (request.address !== undefined) {
        const taken = takeFromBucket(buckets, request.address.bucket, request.address.limit, request.nowMs);
        if (!taken.allowed) return { outcome: 'rate_limited', bucket: 'address', retryAfterMs: taken.retryAfterMs };
      }
      const key = request.replayKey;
      const held = claims.get(key);
      if (held !== undefined && held > t) return { outcome: 'replayed' };
      // As Redis answers after a loss (docs/broker.md#state-on-disk): nothing recorded.
      if (lostAtMs !== undefined && issuedBeforeLoss(request)) return { outcome: 'lost', lostAtMs };
      if (!request.record) return { outcome: 'absent' };
      if (request.owner !== undefined) {
        const taken = takeFromBucket(buckets, request.owner.bucket, request.owner.limit, request.nowMs);
        if (!taken.allowed) return { outcome: 'rate_limited', bucket: 'owner', retryAfterMs: taken.retryAfterMs };
      }
      const until = t + request.ttlMs;
      claims.set(key, until);
      const mine = Symbol(key);
      recordOwners.set(key, mine);
      if (journal !== undefined) {
        try {
          await journal.append('claim', key, until);
        } catch (error) {
          // Not on disk, so not acknowledged: forget it, or the caller's refused retry would find it burnt.
          if (recordOwners.get(key) === mine) {
            claims.delete(key);
            recordOwners.delete(key);
          }
          if (request.owner !== undefined) refundToBucket(buckets, request.owner.bucket, request.owner.limit);
          throw error;
        }
      }
      return {
        outcome: 'recorded',
        release: async () => {
          // Forgotten in memory at once, and on disk (an un-claim entry) before the release resolves,
          // so a restart does not bring back the record of an exchange that was refused.
          if (recordOwners.get(key) !== mine) return;
          claims.delete(key);
          recordOwners.delete(key);
          // The owner token goes back too: a refused exchange does not count against the owner.
          if (request.owner !== undefined) refundToBucket(buckets, request.owner.bucket, request.owner.limit);
          await journal?.append('unclaim', key, 0);
        },
      };
    },
    async publishInstance(record) {
      open();
      instances.set(record.instance, { ...record, published: [...record.published] });
    },
    async listInstances() {
      open();
      return [...instances.values()];
    },
    async removeInstance(instance) {
      instances.delete(instance);
    },
    async revoke(jti, expiresAtMs) {
      open();
      // Verifiers accept a token up to 60 s after exp (clock skew), so the revocation outlives
      // exp by as much; a token dead even with that margin needs no entry.
      const until = expiresAtMs + REVOCATION_MARGIN_MS;
      if (until <= now()) return;
      // In memory at once (a revocation may only ever widen), then on disk before the caller says 200.
      revocations.set(jti, Math.max(until, revocations.get(jti) ?? 0));
      await journal?.append('revoke', jti, until);
    },
    async isRevoked(jti) {
      open();
      const until = revocations.get(jti);
      return until !== undefined && until > now();
    },
    async takeToken(name, limit, nowMs) {
      open();
      return takeFromBucket(buckets, name, limit, nowMs);
    },
    async putApiKey(record) {
      open();
      await updateApiKeys((keys) => keys.set(record.id, { ...record }));
    },
    async getApiKey(id) {
      open();
      await refreshApiKeys();
      const record = apiKeys.get(id);
      return record === undefined ? undefined : { ...record };
    },
    async listApiKeys() {
      open();
      await refreshApiKeys();
      return [...apiKeys.values()].map((record) => ({ ...record })).sort((a, b) => a.createdAtMs - b.createdAtMs);
    },
    async revokeApiKey(id, revokedAtMs) {
      open();
      return updateApiKeys((keys) => {
        const record = keys.get(id);
        if (record === undefined) return false;
        keys.set(id, { ...record, revokedAtMs: record.revokedAtMs ?? revokedAtMs });
        return true;
      });
    },
    async recordApiKeyUse(id, usedAtMs) {
      open();
      await updateApiKeys((keys) => {
        const record = keys.get(id);
        if (record !== undefined && !((record.lastUsedAtMs ?? 0) >= usedAtMs))
          keys.set(id, { ...record, lastUsedAtMs: usedAtMs });
      });
    },
    async putCertificate(record) {
      open();
      certificates.set(record.serial, { ...record });
    },
    async getCertificate(serial) {
      open();
      const record = certificates.get(serial);
      return record === undefined || record.notAfterMs <= now() ? undefined : { ...record };
    },
    async ping() {
      open();
      await refreshApiKeys();
    },
    async checkApiKeys() {
      open();
      await refreshApiKeys();
    },
    async checkWrite() {
      open();
      // An entry that is already dead: it costs one journal line and is dropped at the next compaction.
      await journal?.append('claim', 'probe:readyz', now());
    },
    async close() {
      if (closed) return;
      closed = true;
      await journal?.close();
      claims.clear();
      recordOwners.clear();
      revocations.clear();
      buckets.clear();
      certificates.clear();
    },
    sizes() {
      sweep(true);
      return {
        claims: claims.size,
        revocations: revocations.size,
        buckets: buckets.size,
        certificates: certificates.size,
      };
    },
  };
}

/**
 * The broker's embedded store: `createMemoryStore` over the write-ahead journal in `dir`, which it
 * holds exclusively until `close()`. Throws ERR_STATE_LOCKED when another process holds `dir`,
 * ERR_STATE_DIR when it cannot be created or written, ERR_STATE_CORRUPT when a journal is damaged, ERR_STATE_NEWER when a newer stint wrote it.
 *
 * @example
 * const store = await openDurableMemoryStore({ dir: '/var/lib/stint/state', apiKeyFile });
 */
export async function openDurableMemoryStore(
  options: Omit<MemoryStoreOptions, 'durable'> & {
    dir: string;
    sync?: JournalSync;
    record?: string;
    onTakeOver?: (message: string) => void;
  },
): Promise<MemoryStore> {
  const durable = await openStateJournal(options.dir, {
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onTakeOver === undefined ? {} : { onTakeOver: options.onTakeOver }),
    ...(options.sync === undefined ? {} : { sync: options.sync }),
    ...(options.record === undefined ? {} : { record: options.record }),
  });
  return createMemoryStore({ ...options, durable });
}

/**
 * Token bucket: `burst` tokens, refilled at `rps` per second. Refused calls learn how long until
 * one token is back. Synchronous, so concurrent callers in this process cannot overdraw it.
 */
function takeFromBucket(
  buckets: Map<string, Bucket>,
  name: string,
  limit: RateLimit,
  nowMs: number,
): { allowed: boolean; retryAfterMs: number } {
  const previous = buckets.get(name);
  const elapsedSec = previous === undefined ? 0 : Math.max(0, nowMs - previous.updatedMs) / 1000;
  const available =
    previous === undefined ? limit.burst : Math.min(limit.burst, previous.tokens + elapsedSec * limit.rps);
  const allowed = available >= 1;
  const tokens = allowed ? available - 1 : available;
  const updatedMs = previous === undefined ? nowMs : Math.max(nowMs, previous.updatedMs);
  const fullAtMs = updatedMs + Math.ceil(((limit.burst - tokens) / limit.rps) * 1000);
  buckets.set(name, { tokens, updatedMs, fullAtMs });
  return { allowed, retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil(((1 - tokens) / limit.rps) * 1000)) };
}

/** Gives back a token taken by takeFromBucket for an exchange refused after all, never above the burst. */
function refundToBucket(buckets: Map<string, Bucket>, name: string, limit: RateLimit): void {
  const bucket = buckets.get(name);
  if (bucket !== undefined) bucket.tokens = Math.min(limit.burst, bucket.tokens + 1);
}

/** Changes whenever the file is replaced (rename gives a new inode) or rewritten in place. */
async function fileSignature(file: string): Promise<string> {
  try {
    const info = await stat(file);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw unavailable(file, error);
  }
}

/** The API key file's records by id. */
async function readApiKeyMap(file: string): Promise<Map<string, ApiKeyRecord>> {
  return new Map((await readApiKeyFile(file)).keys.map((record) => [record.id, record]));
}

async function readApiKeyFile(file: string): Promise<ApiKeyFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: [] };
    throw unavailable(file, error);
  }
  let parsed: Partial<ApiKeyFile> | null;
  try {
    parsed = JSON.parse(text) as Partial<ApiKeyFile> | null;
  } catch (error) {
    throw unavailable(file, error);
  }
  const version: unknown = parsed?.version;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > 1) {
    // Not damage: a newer stint wrote it (a rollback). Nothing is rewritten, and nothing is answered from it.
    throw keysNewer(
      file,
      `API key file version ${version}; this stint reads version 1`,
      'do not edit or delete the file, it holds the project API keys that version made',
    );
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    parsed.version === 1 &&
    Array.isArray(parsed.keys) &&
    parsed.keys.every(
      (k) =>
        k !== null &&
        typeof k === 'object' &&
        typeof k.id === 'string' &&
        typeof k.project === 'string' &&
        typeof k.hash === 'string',
    );
  if (!valid) throw unavailable(file, new Error('not a stint API key file (version 1)'));
  return parsed as ApiKeyFile;
}

/** An unreadable key file fails closed: API-key requests get 503 (not a store outage: the file), never a pass. */
function unavailable(file: string, cause: unknown): StintError {
  return new StintError(
    'ERR_API_KEYS_UNREADABLE',
    `cannot read API key file ${file}: ${(cause as Error).message}; fix or restore it`,
    { cause },
  );
}
