import { randomBytes } from 'node:crypto';
import { fdatasync, writeSync } from 'node:fs';
import { type FileHandle, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, syncDir } from '../lib/atomic-file.js';
import { StintError } from '../lib/errors.js';
import { currentUser, fileAccessError, ownerOf } from '../lib/file-access.js';
import { holdExclusively } from '../lib/file-lock.js';
import { readJournalRecord, writeJournalRecord } from './journal-record.js';
import { StateDirUnreadableError } from './types.js';

/**
 * The embedded store's write-ahead journal (docs/broker.md, "State on disk"). Every replay record
 * and revocation is appended and flushed (fdatasync) before the store reports it done, so a broker
 * killed with -9, or a machine that loses power, forgets nothing it acknowledged.
 *
 * Appends that arrive while a flush runs share the next one (group commit): one exchange at a
 * time pays one flush each, many in flight share it, and the next group's flush may start
 * before the previous one ends (two at most). The journal is a run of segment files;
 * when the current one has grown well past what is still live, the live entries are written to
 * a new segment and the older ones deleted, so start-up reads little more than what is live.
 * The directory belongs to one process: `state.lock` names it, and a second broker refuses.
 * Should the lock be taken all the same (another host broke it after this process stalled for
 * 30 s, or someone deleted it), the journal is lost: it checks the lock before each write and
 * before answering each group, and from the moment it finds the lock gone or another's it
 * acknowledges nothing more, touches the directory no more, and says so through `lost`.
 * A check that cannot look (the directory made unreadable: EACCES, or EIO, ENOTDIR…) is not a
 * loss: every write fails with a StateDirUnreadableError naming the directory and the errno while
 * it lasts, and the journal goes on by itself once the check passes again.
 *
 * Each segment begins with the journal's dataset line, `["c","dataset:<id>",0]` (a claim long dead,
 * which brokers older than it read and drop), and a record beside the audit log names the dataset
 * each state directory held (journal-record.ts). A directory that opens with no journal line at
 * all while that record names a dataset for it lost its journal (emptied, deleted, moved aside):
 * the journal starts a new dataset that carries the time of the loss, so the store refuses, from
 * then on and across restarts, the ID tokens issued before it (docs/broker.md#state-on-disk).
 */

/** What the journal remembers: replay records and revocations, each until an epoch-ms time. */
export interface JournalState {
  claims: Map<string, number>;
  revocations: Map<string, number>;
}

export interface StateJournal {
  /**
   * Writes one entry and resolves once it is on disk. Rejects with ERR_STORE_UNAVAILABLE when it cannot be.
   * `unclaim` drops a claim written before (a refused exchange's release); its time is not used.
   */
  append(kind: 'claim' | 'revoke' | 'unclaim', key: string, untilMs: number): Promise<void>;
  /** Finishes pending writes, closes the segment and gives the directory up. */
  close(): Promise<void>;
  /**
   * Resolves, with the ERR_STORE_UNAVAILABLE every append now rejects with, if the directory was
   * taken from this process (its `state.lock` removed or another's). Never rejects.
   */
  readonly lost: Promise<StintError>;
}

export interface OpenJournalOptions {
  now?: () => number;
  /** Compact no sooner than at this segment size (default 4 MiB); tests set it low. */
  compactMinBytes?: number;
  /**
   * `always` (default): each group of appends is flushed to the device (fdatasync) before it
   * resolves, so nothing acknowledged is lost even to a power cut. `write`: handed to the kernel
   * (write(2)) only, which survives the broker's crash and `kill -9` but not the machine's.
   */
  sync?: JournalSync;
  /**
   * How a written group reaches the device under `sync: always` (default: fdatasync on libuv's
   * thread pool). bench/broker.bench.ts puts a thread-pool call that flushes nothing in its place,
   * to show apart what the hand-off to the pool costs and what the flush itself does.
   */
  flush?: (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;
  /**
   * The record of the dataset each state directory held, kept outside it (`<audit file>.state.json`):
   * read to tell a directory that lost its journal from a new one, written once the journal opened.
   * Without it a directory with no journal is taken for a new one.
   */
  record?: string;
  /**
   * Told when the state directory's lock was taken over from a holder this host cannot check
   * (another host's, after 30 s without refresh): the broker logs it as a warning.
   */
  onTakeOver?: (message: string) => void;
}

/** The dataset the journal holds: its id, and when a loss of the journal was found, if ever. */
export interface JournalDataset {
  id: string;
  /** Epoch ms at which an earlier journal of this directory was found gone (kept in every segment since). */
  lostAtMs?: number;
  /**
   * Set while the loss is not yet reported: the dataset the record still names, and the record
   * (acknowledgeLoss names the new dataset there once the loss is reported).
   */
  loss?: { previous: string; record: string; dir: string };
}

export type JournalSync = 'always' | 'write';

const SEGMENT = /^journal\.(\d{1,15})\.jsonl$/;
/** Compaction waits until the segment is at least this big, so a quiet broker rewrites nothing. */
const COMPACT_MIN_BYTES = 4 * 1024 * 1024;
/** …and until it is this many times the size of what is live. */
const COMPACT_FACTOR = 4;
/** A rough size of one entry's line, to compare the segment with what is live. */
const ENTRY_BYTES = 100;
const CODES = { claim: 'c', revoke: 'r', unclaim: 'u' } as const;
/** Flushes under way at once (see Journal.#next). */
const MAX_SYNCS = 2;

/**
 * Opens (creating it 0700) the state directory, takes it for this process, and reads back what
 * is live. `state` holds the live entries; the caller keeps using those maps (they are what a
 * compaction writes out), deleting expired entries as it likes.
 *
 * @example
 * const { journal, state } = await openStateJournal('/var/lib/stint/state');
 * state.claims.set(key, until);
 * await journal.append('claim', key, until); // on disk now
 */
export async function openStateJournal(
  dir: string,
  options: OpenJournalOptions = {},
): Promise<{ journal: StateJournal; state: JournalState; dataset: JournalDataset }> {
  const now = options.now ?? Date.now;
  try {
    await ensurePrivateDir(dir);
  } catch (error) {
    throw new StintError(
      'ERR_STATE_DIR',
      `cannot use ${dir} as the broker's state directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        "make it a writable directory owned by the broker's user, or point store.dir elsewhere",
      { cause: error },
    );
  }
  let journal: Journal | undefined;
  let hold: ReturnType<typeof holdExclusively>;
  try {
    hold = holdExclusively(join(dir, 'state.lock'), { onLost: () => journal?.heldOrLost() });
  } catch (error) {
    throw stateDirError(dir, error);
  }
  if (!hold.held) {
    const why = "two brokers on one state directory would each miss the other's replay records";
    if (hold.unchecked !== undefined) {
      // Another host's lock: whether its broker still runs cannot be told from here, only that it
      // stopped refreshing the lock; once that is 30 s old the lock is taken over.
      const { refreshedAtMs, takeOverAtMs } = hold.unchecked;
      const ago = Math.max(0, Math.round((Date.now() - refreshedAtMs) / 1000));
      throw new StintError(
        'ERR_STATE_LOCKED',
        `${dir} is in use by ${hold.holder}, which last refreshed its lock at ${new Date(refreshedAtMs).toISOString()} (${ago} s ago): ${why}. ` +
          `A broker refreshes its lock every 10 s, and one from another host is taken over after 30 s without refresh: if that broker is gone (its host crashed or was shut down), start this one again after ${new Date(takeOverAtMs).toISOString()} and it takes the directory over (do not delete state.lock). ` +
          'Otherwise stop that broker, give this one its own store.dir, or run several brokers on Redis (docs/many-brokers.md)',
      );
    }
    throw new StintError(
      'ERR_STATE_LOCKED',
      `${dir} is in use by ${hold.holder}: ${why}. ` +
        'Stop that broker, give this one its own store.dir, or run several brokers on Redis (docs/many-brokers.md)',
    );
  }
  if (hold.tookOver !== undefined) {
    options.onTakeOver?.(
      `took over ${join(dir, 'state.lock')} from ${hold.tookOver.holder}, which last refreshed it at ${new Date(hold.tookOver.refreshedAtMs).toISOString()}, more than 30 s ago: taken for a broker that crashed or whose host went away. If that broker still runs (stalled, on a file system shared across hosts), stop it now: two brokers on one state directory would each miss the other's replay records`,
    );
  }
  try {
    const state: JournalState = { claims: new Map(), revocations: new Map() };
    const segments = await listSegments(dir);
    const found: SegmentScan = { lines: 0 };
    for (const segment of segments) await replaySegment(join(dir, segment.name), state, now(), found);
    const dataset = await datasetOf(dir, found, options.record, now);
    journal = new Journal(
      dir,
      state,
      now,
      hold,
      (segments.at(-1)?.number ?? 0) + 1,
      options.compactMinBytes ?? COMPACT_MIN_BYTES,
      options.sync ?? 'always',
      options.flush ?? fdatasync,
      dataset,
    );
    // Start on a fresh segment holding only what is live, so the old ones (and any torn last line) go.
    await journal.compactNow(segments.map((s) => s.name));
    // Recorded once the segment naming it is on disk: a crash in between leaves a journal whose
    // dataset the record does not name yet, which is taken for what it is, a journal. A loss is
    // recorded only once it was reported (the memory store's onDataset): until then every start
    // reports it again, so a start that fails after this point does not swallow it.
    if (options.record !== undefined && found.recorded !== dataset.id && dataset.loss === undefined)
      await writeJournalRecord(options.record, dir, dataset.id);
    return { journal, state, dataset };
  } catch (error) {
    hold.release();
    throw stateDirError(dir, error);
  }
}

/** What reading the segments found: complete lines (the dataset lines included) and the last dataset line. */
interface SegmentScan {
  lines: number;
  header?: { id: string; lostAtMs?: number };
  /** The dataset the record names for this directory, once read. */
  recorded?: string;
}

/**
 * Names the journal's new dataset in the record once the loss it found was reported (logged and
 * audited): from then on a start finds no loss to report. Until then every start reports it again.
 */
export async function acknowledgeLoss(dataset: JournalDataset): Promise<void> {
  if (dataset.loss === undefined) return;
  await writeJournalRecord(dataset.loss.record, dataset.loss.dir, dataset.id);
}

/**
 * The dataset the journal goes on with: the one its segments name; else a new one, which carries
 * the time of a loss when the directory holds no journal line at all and the record names a
 * dataset for it (a journal was kept here, and is gone). Segments with lines but no dataset line
 * are an older broker's journal: a new dataset, no loss. A dataset line with a loss that the
 * record does not name yet is a loss not reported yet (`loss` again).
 */
async function datasetOf(
  dir: string,
  found: SegmentScan,
  record: string | undefined,
  now: () => number,
): Promise<JournalDataset> {
  if (record !== undefined) {
    const recorded = await readJournalRecord(record, dir);
    if (recorded !== undefined) found.recorded = recorded;
  }
  const header = found.header;
  if (header !== undefined) {
    // A loss found by a start that failed before reporting it: the record still names the dataset lost.
    if (
      header.lostAtMs !== undefined &&
      record !== undefined &&
      found.recorded !== undefined &&
      found.recorded !== header.id
    )
      return { ...header, loss: { previous: found.recorded, record, dir } };
    return { ...header };
  }
  const id = randomBytes(12).toString('base64url');
  if (found.lines > 0 || found.recorded === undefined || record === undefined) return { id };
  return { id, lostAtMs: now(), loss: { previous: found.recorded, record, dir } };
}

/**
 * A file-system error met while taking, reading or compacting the state directory at start-up,
 * as an error that names the directory and the errno and says what to do (never a stack trace):
 * ERR_FILE_ACCESS for a permission (who, the owner, what to chown), ERR_STATE_DIR otherwise.
 * Errors of stint's own (ERR_STATE_CORRUPT, ERR_STATE_NEWER, ERR_STORE_UNAVAILABLE) pass through.
 */
function stateDirError(dir: string, error: unknown): unknown {
  if (error instanceof StintError) return error;
  const refused = fileAccessError(error);
  if (refused !== undefined) return refused;
  const code = (error as NodeJS.ErrnoException).code;
  const detail = error instanceof Error ? error.message : String(error);
  return new StintError(
    'ERR_STATE_DIR',
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `the broker's state directory ${dir} has no room to start (${detail}): free space on its device, or point store.dir elsewhere`
      : `cannot use ${dir} as the broker's state directory (${detail}): ` +
          "make it a writable directory owned by the broker's user, or point store.dir elsewhere",
    { cause: error },
  );
}

class Journal implements StateJournal {
  #handle: FileHandle | undefined;
  #segmentBytes = 0;
  /** Appends not yet written: the next group. */
  #pending: Waiter[] = [];
  /** fdatasyncs under way, each for the group it covers. */
  #syncing = 0;
  /** The groups whose fdatasync is under way and not yet answered. */
  #flushing = new Set<Waiter[]>();
  /** A group start is scheduled for the end of this event-loop turn. */
  #scheduled = false;
  /** A compaction is under way: nothing else touches the segment meanwhile. */
  #compacting = false;
  /** Told when nothing is pending or under way (close waits for it). */
  #idle: Array<() => void> = [];
  /** A write or flush failed: the segment may end in a torn line, so the next group starts a new one. */
  #broken = false;
  /**
   * The segment holds an un-claim line (`u`), which brokers older than the un-claim cannot read:
   * a clean close then compacts, so the directory it leaves has only `c` and `r` lines.
   */
  #unclaimed = false;
  #closed = false;
  /** Set once the directory is found taken from this process: every append fails with it. */
  #lost: StintError | undefined;
  #tellLost: (error: StintError) => void = () => undefined;
  readonly lost = new Promise<StintError>((resolve) => {
    this.#tellLost = resolve;
  });

  constructor(
    private readonly dir: string,
    private readonly state: JournalState,
    private readonly now: () => number,
    private readonly hold: { release: () => void; lost: () => string | undefined },
    private nextSegment: number,
    private readonly compactMinBytes: number,
    private readonly sync: JournalSync,
    private readonly flush: NonNullable<OpenJournalOptions['flush']>,
    private readonly dataset: JournalDataset,
  ) {}

  append(kind: 'claim' | 'revoke' | 'unclaim', key: string, untilMs: number): Promise<void> {
    if (this.#closed) return Promise.reject(unavailable('the state journal is closed'));
    if (this.#lost !== undefined) return Promise.reject(this.#lost);
    return new Promise((resolve, reject) => {
      this.#pending.push({ line: entryLine(CODES[kind], key, untilMs), resolve, reject });
      // Nothing under way: write at once (one exchange at a time waits for one flush). Otherwise
      // the appends of this event-loop turn go together, as soon as a flush slot is free.
      if (this.#syncing === 0 && !this.#compacting) this.#next();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#settled();
        });
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pending.length > 0 || this.#syncing > 0 || this.#compacting || this.#scheduled)
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    // Un-claim lines are unreadable to brokers older than them: one rolled back to would refuse the
    // directory. So a close after one leaves the live entries alone in a fresh segment: the work
    // start-up does too, bounded by what is live (1.4-1.9 s per 100,000 entries measured on a
    // 2-core machine at load 14, mostly building the lines). Not when the directory is lost or
    // cannot be checked (compactNow refuses). A failure, or a kill meanwhile, leaves the segments
    // as they were (the new one is renamed in whole or not at all): everything acknowledged stays.
    // The snapshot is taken a turn later, as in #compact, so a group that just failed is out of the maps.
    if (this.#unclaimed && this.#lost === undefined) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.compactNow().catch(() => undefined);
    }
    await this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
    this.hold.release();
  }

  /**
   * Undefined while the directory is still this process's (one lstat of `state.lock`); once it is
   * not, the error every append now fails with, told to `lost` the first time. While the lock
   * cannot be checked (the directory unreadable), a StateDirUnreadableError for this check only.
   */
  heldOrLost(): StintError | undefined {
    if (this.#lost !== undefined) return this.#lost;
    let why: string | undefined;
    try {
      why = this.hold.lost();
    } catch (error) {
      return stateDirUnreadable(this.dir, error);
    }
    if (why === undefined) return undefined;
    this.#lost = unavailable(
      `the state directory ${this.dir} was taken from this broker (${why}) while it stalled or ran on: ` +
        'it acknowledges nothing more and stops; if that other broker is the one to keep, leave it be, ' +
        'otherwise stop it and start this one again',
    );
    this.#tellLost(this.#lost);
    return this.#lost;
  }

  /** Writes the live entries to a new segment, switches to it, and deletes `old` (or every older segment). */
  async compactNow(old?: string[]): Promise<void> {
    const lostBefore = this.heldOrLost();
    if (lostBefore !== undefined) throw lostBefore;
    const t = this.now();
    // Taken synchronously: everything set in the maps so far, including entries whose append waits for this flush.
    // The dataset line first: the segment says which journal it belongs to, and since when a loss counts.
    const lines: string[] = [entryLine('c', datasetKey(this.dataset), 0)];
    for (const [key, until] of this.state.claims) if (until > t) lines.push(entryLine('c', key, until));
    for (const [jti, until] of this.state.revocations) if (until > t) lines.push(entryLine('r', jti, until));
    const name = `journal.${this.nextSegment++}.jsonl`;
    const temp = join(this.dir, `.${name}.tmp`);
    const bytes = Buffer.from(lines.join(''), 'utf8');
    const handle = await open(temp, 'w', 0o600);
    try {
      await writeAll(handle, bytes);
      await handle.datasync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    // Checked again before the new segment replaces anything or the old ones go: a directory taken
    // meanwhile belongs to its new holder, whose segments these names may be.
    const lostMeanwhile = this.heldOrLost();
    if (lostMeanwhile !== undefined) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw lostMeanwhile;
    }
    await rename(temp, join(this.dir, name));
    await syncDir(this.dir);
    const previous = this.#handle;
    this.#handle = handle;
    this.#segmentBytes = bytes.length;
    this.#broken = false;
    this.#unclaimed = false;
    await previous?.close().catch(() => undefined);
    const stale = old ?? (await listSegments(this.dir)).map((s) => s.name).filter((n) => n !== name);
    for (const file of stale) {
      if (this.heldOrLost() !== undefined) break;
      await unlink(join(this.dir, file)).catch(() => undefined);
    }
  }

  /**
   * Starts the next group, if there is one and a slot for it: its lines go to the segment in one
   * write(2) (the page cache; microseconds, so done in place, as the audit log writes), then an
   * fdatasync on the thread pool resolves them. Up to MAX_SYNCS flushes run at once: a group
   * formed while one flush is under way need not wait for it to end before its own begins (each
   * group resolves only after a flush that began after its write, which covers it; on this
   * machine's disk two flushes in flight finish more than twice as often as one).
   */
  #next(): void {
    if (this.#compacting || this.#pending.length === 0) return;
    if (this.#lost === undefined && (this.#broken || this.#dueForCompaction())) {
      // The segment is switched under no flush; the last one to end comes back here.
      if (this.#syncing === 0) this.#compact();
      return;
    }
    if (this.#syncing >= MAX_SYNCS) return;
    const group = this.#pending;
    this.#pending = [];
    if (this.#refuseIfLost(group)) {
      this.#settled();
      return;
    }
    let fd: number;
    try {
      fd = this.#handleOrThrow().fd;
      let text = '';
      for (const p of group) text += p.line;
      // Set before the write: a write cut short may still have put the line in the segment.
      if (group.some((p) => p.line.startsWith('["u"'))) this.#unclaimed = true;
      const bytes = Buffer.from(text, 'utf8');
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      this.#segmentBytes += bytes.length;
    } catch (error) {
      this.#fail(group, error);
      this.#settled();
      return;
    }
    if (this.sync !== 'always') {
      if (!this.#refuseIfLost(group)) for (const p of group) p.resolve();
      this.#settled();
      return;
    }
    this.#syncing++;
    this.#flushing.add(group);
    this.flush(fd, (error) => {
      this.#syncing--;
      if (error) {
        // The kernel reports a write-back error to one flush only: the other one in flight may
        // answer 0 though pages it covers never reached the disk, so every unanswered group fails.
        for (const failed of this.#flushing) this.#fail(failed, error);
        this.#flushing.clear();
      } else if (this.#flushing.delete(group) && !this.#refuseIfLost(group)) for (const p of group) p.resolve();
      this.#settled();
    });
  }

  /**
   * Rejects the group when the directory is no longer this process's, or cannot be checked, and
   * says whether it did: checked after a group's write and flush, right before it is acknowledged,
   * so whoever took the directory over read (at its start) every record this process acknowledged.
   */
  #refuseIfLost(group: Waiter[]): boolean {
    const refusal = this.heldOrLost();
    if (refusal === undefined) return false;
    // Unchecked, not lost: the group may be in the segment though refused, so the next group
    // starts a fresh one from the maps, which its callers' rejection handlers drop it from.
    if (refusal !== this.#lost) this.#broken = true;
    for (const p of group) p.reject(refusal);
    return true;
  }

  /** A group was answered: start the next, or tell close() that all is done. */
  #settled(): void {
    this.#next();
    if (this.#pending.length === 0 && this.#syncing === 0 && !this.#compacting && !this.#scheduled) {
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  #compact(): void {
    // The maps already hold this group's entries, so the new segment has them.
    const group = this.#pending;
    this.#pending = [];
    this.#compacting = true;
    // The snapshot is taken a turn later: a group that just failed has its claims dropped from the
    // maps by its callers' rejection handlers (microtasks) first, so the new segment never holds
    // the record of an exchange that was answered 503.
    new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.compactNow())
      .then(
        () => {
          this.#compacting = false;
          if (!this.#refuseIfLost(group)) for (const p of group) p.resolve();
          this.#settled();
        },
        (error: unknown) => {
          this.#compacting = false;
          this.#fail(group, error);
          this.#settled();
        },
      );
  }

  #fail(group: Waiter[], error: unknown): void {
    this.#broken = true;
    const failure =
      (error === this.#lost && this.#lost !== undefined) || error instanceof StateDirUnreadableError
        ? error
        : unavailable(`cannot write the state journal in ${this.dir}: ${(error as Error).message}`, error);
    for (const p of group) p.reject(failure);
  }

  #dueForCompaction(): boolean {
    const live = (this.state.claims.size + this.state.revocations.size) * ENTRY_BYTES;
    return this.#segmentBytes > Math.max(this.compactMinBytes, COMPACT_FACTOR * live);
  }

  #handleOrThrow(): FileHandle {
    if (this.#handle === undefined) throw new Error('no open segment');
    return this.#handle;
  }
}

interface Waiter {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** `dataset:<id>`, or `dataset:<id>:lost:<epoch ms>` once a loss was found: the key of a segment's first line. */
function datasetKey(dataset: JournalDataset): string {
  return `dataset:${dataset.id}${dataset.lostAtMs === undefined ? '' : `:lost:${dataset.lostAtMs}`}`;
}

const DATASET_KEY = /^dataset:([A-Za-z0-9_-]{16,64})(?::lost:(\d{1,15}))?$/;

/** One entry as a JSON line: `["c","replay:…",1765000000000]`; `["u","replay:…",0]` drops that claim. */
function entryLine(code: 'c' | 'r' | 'u', key: string, untilMs: number): string {
  return `${JSON.stringify([code, key, untilMs])}\n`;
}

async function listSegments(dir: string): Promise<Array<{ name: string; number: number }>> {
  const names = await readdir(dir);
  for (const name of names) {
    // A compaction that died before its rename: its segment never counted.
    if (/^\.journal\.\d+\.jsonl\.tmp$/.test(name)) await unlink(join(dir, name)).catch(() => undefined);
  }
  return names
    .map((name) => ({ name, match: SEGMENT.exec(name) }))
    .filter((s): s is { name: string; match: RegExpExecArray } => s.match !== null)
    .map((s) => ({ name: s.name, number: Number(s.match[1]) }))
    .sort((a, b) => a.number - b.number);
}

/**
 * Reads a segment into `state`, keeping what is still live. A last line without its newline is a
 * write the crash cut short, never acknowledged, so it is skipped; any other unreadable line
 * means the file was damaged, and the broker refuses to start rather than forget what it held.
 */
async function replaySegment(file: string, state: JournalState, nowMs: number, found: SegmentScan): Promise<void> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const complete = lines.slice(0, -1);
  for (const [index, line] of complete.entries()) {
    const entry = parseEntry(line);
    if (typeof entry === 'string') {
      throw new StintError(
        'ERR_STATE_NEWER',
        `${file}:${index + 1} was written by a newer stint (entry kind '${entry}'): run that version, or start and stop it ` +
          'once cleanly (it then leaves only entries every version reads) and start this one again; do not move the ' +
          'directory aside: it holds the replay records and revocations',
      );
    }
    if (entry === undefined) {
      throw new StintError(
        'ERR_STATE_CORRUPT',
        `${file}:${index + 1} is not a journal entry: the state directory was damaged. ` +
          'Restore it from a backup (stop the broker first). Moving it aside instead starts the broker empty: ' +
          'the tokens it revoked are accepted again until they expire, and the ID tokens it exchanged could be ' +
          'exchanged again unless it reports the journal lost (ERR_STORE_DATA_LOST)',
      );
    }
    found.lines++;
    if (entry.code === 'u') {
      state.claims.delete(entry.key);
      continue;
    }
    const dataset = entry.code === 'c' && entry.untilMs === 0 ? DATASET_KEY.exec(entry.key) : null;
    if (dataset !== null) {
      // Segments in order: the last one's id; the latest loss any of them names.
      const lostAtMs = Math.max(Number(dataset[2] ?? 0), found.header?.lostAtMs ?? 0);
      found.header = { id: dataset[1]!, ...(lostAtMs > 0 ? { lostAtMs } : {}) };
      continue;
    }
    if (entry.untilMs <= nowMs) continue;
    const map = entry.code === 'c' ? state.claims : state.revocations;
    map.set(entry.key, Math.max(entry.untilMs, map.get(entry.key) ?? 0));
  }
}

/**
 * One line as an entry; undefined when it is none (damage); the kind, a string, when the line is
 * shaped as an entry (`[kind, key, number]`) of a kind this version does not know: a newer
 * broker's, which a clean stop of that broker compacts away.
 */
function parseEntry(line: string): { code: 'c' | 'r' | 'u'; key: string; untilMs: number } | string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [code, key, untilMs] = value as unknown[];
  if (typeof code !== 'string' || typeof key !== 'string') return undefined;
  if (code !== 'c' && code !== 'r' && code !== 'u')
    return typeof untilMs === 'number' && /^[a-z]{1,16}$/.test(code) ? code : undefined;
  if (typeof untilMs !== 'number' || !Number.isFinite(untilMs) || untilMs < 0) return undefined;
  // Whole milliseconds, at most the largest safe integer: earlier brokers journaled an ID token's
  // fractional or huge `exp` as it came, and a state dir they wrote must still open.
  return { code, key, untilMs: Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(untilMs)) };
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/**
 * The state lock could not be checked (its directory unreadable, a failing disk): what every
 * write meets until it can be, naming the directory, the errno and what to fix.
 */
function stateDirUnreadable(dir: string, error: unknown): StateDirUnreadableError {
  const failure = error as NodeJS.ErrnoException;
  const errno = typeof failure?.code === 'string' ? failure.code : 'EUNKNOWN';
  const detail = error instanceof Error ? error.message : String(error);
  const fix =
    errno === 'EACCES' || errno === 'EPERM'
      ? `give read, write and execute on it back to the broker's user, ${currentUser()} (now ${ownerOf(dir)})`
      : 'make it a directory again on a working file system (no part of its path replaced by a file or a link, its disk or mount answering)';
  return new StateDirUnreadableError(
    `the broker cannot read its state directory ${dir} (${detail}), so it cannot check that it still holds it: ${fix}. ` +
      'Until then it acknowledges nothing (503); it goes on by itself once it can, without a restart',
    errno,
    { cause: error },
  );
}

function unavailable(message: string, cause?: unknown): StintError {
  return new StintError('ERR_STORE_UNAVAILABLE', message, cause === undefined ? undefined : { cause });
}
