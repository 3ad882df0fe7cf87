export const id = 914;
export const ids = [914];
export const modules = {

/***/ 3914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createMemoryStore: () => (/* binding */ createMemoryStore),
  openDurableMemoryStore: () => (/* binding */ openDurableMemoryStore)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/atomic-file.ts
var atomic_file = __webpack_require__(2949);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/file-lock.ts
var file_lock = __webpack_require__(3821);
// EXTERNAL MODULE: ./src/lib/keys-newer.ts
var keys_newer = __webpack_require__(8775);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/lib/file-access.ts
var file_access = __webpack_require__(32);
// EXTERNAL MODULE: ./src/lib/private-dir.ts
var private_dir = __webpack_require__(1066);
;// CONCATENATED MODULE: ./src/store/journal-record.ts







/**
 * The dataset id the record names for `stateDir`; undefined when it names none or there is no
 * record. A record that is there but not one (damaged, or of a newer stint) is ERR_STATE_RECORD_CORRUPT
 * (or ERR_STATE_NEWER): taken for none, it would let a lost journal pass for a new one, and the
 * next write would drop the other state directories' lines.
 */
async function readJournalRecord(file, stateDir) {
    const record = await readRecord(file);
    const id = record?.journals[(0,external_node_path_.resolve)(stateDir)];
    return typeof id === 'string' ? id : undefined;
}
/** Names `id` as the dataset of `stateDir` in the record, keeping its other lines. */
async function writeJournalRecord(file, stateDir, id) {
    try {
        await (0,private_dir/* ensurePrivateDir */.r)((0,external_node_path_.dirname)(file));
        await (0,file_lock/* withFileLock */.Ux)(`${file}.lock`, async () => {
            const record = (await readRecord(file)) ?? { version: 1, journals: {} };
            record.journals[(0,external_node_path_.resolve)(stateDir)] = id;
            await (0,atomic_file/* writeFileAtomic */.Zf)(file, `${JSON.stringify(record, null, 2)}\n`, 0o600);
        });
    }
    catch (error) {
        throw recordError(file, error);
    }
}
/** ERR_FILE_ACCESS for a permission refused; else ERR_STATE_DIR naming the record and what to do. */
function recordError(file, error) {
    if (error instanceof errors/* StintError */.Fp)
        return error;
    return ((0,file_access/* fileAccessError */.z9)(error) ??
        new errors/* StintError */.Fp('ERR_STATE_DIR', `cannot use ${file}, the record of the state journal (${error.message}): ` +
            "make it a file the broker's user can write, in the audit log's directory; without it a lost state directory would go unnoticed", { cause: error }));
}
async function readRecord(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw recordError(file, error);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw damaged(file, text.trim() === '' ? 'it is empty' : 'it is not JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw damaged(file, 'it is not a JSON object');
    const { version, journals } = parsed;
    if (typeof version === 'number' && Number.isSafeInteger(version) && version > 1) {
        throw new errors/* StintError */.Fp('ERR_STATE_NEWER', `${file} was written by a newer stint (record version ${version}): run that version; do not delete the file, ` +
            'it is how the broker tells a state directory that lost its journal from a new one');
    }
    if (version !== 1)
        throw damaged(file, 'its version is not 1');
    if (journals === null || typeof journals !== 'object' || Array.isArray(journals))
        throw damaged(file, 'its journals are not an object');
    const entries = Object.entries(journals);
    if (entries.some(([, id]) => typeof id !== 'string'))
        throw damaged(file, 'a journal in it is not named by a string');
    return { version: 1, journals: Object.fromEntries(entries) };
}
/**
 * A record there but unreadable: the broker stops rather than start without loss detection
 * (docs/broker.md#state-on-disk). Deleting the file is the way out the message offers: a record
 * written afresh at the next start, loss detection from then on.
 */
function damaged(file, why) {
    return new errors/* StintError */.Fp('ERR_STATE_RECORD_CORRUPT', `${file}, the record of the journal each state directory holds, is damaged (${why}), so the broker cannot tell whether ` +
        'its state directory lost its journal, and will not start without knowing. Restore the file from a backup; or, ' +
        'to accept that loss detection starts over, delete it: the next start writes it afresh, and a journal lost before ' +
        'then goes unnoticed (its replay records and revocations gone without ERR_STORE_DATA_LOST)');
}

// EXTERNAL MODULE: ./src/store/types.ts
var types = __webpack_require__(7940);
;// CONCATENATED MODULE: ./src/store/journal.ts










const SEGMENT = /^journal\.(\d{1,15})\.jsonl$/;
/** Compaction waits until the segment is at least this big, so a quiet broker rewrites nothing. */
const COMPACT_MIN_BYTES = 4 * 1024 * 1024;
/** …and until it is this many times the size of what is live. */
const COMPACT_FACTOR = 4;
/** A rough size of one entry's line, to compare the segment with what is live. */
const ENTRY_BYTES = 100;
const CODES = { claim: 'c', revoke: 'r', unclaim: 'u' };
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
async function openStateJournal(dir, options = {}) {
    const now = options.now ?? Date.now;
    try {
        await (0,atomic_file/* ensurePrivateDir */.rh)(dir);
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_STATE_DIR', `cannot use ${dir} as the broker's state directory (${error.code ?? error.message}): ` +
            "make it a writable directory owned by the broker's user, or point store.dir elsewhere", { cause: error });
    }
    let journal;
    let hold;
    try {
        hold = (0,file_lock/* holdExclusively */.v)((0,external_node_path_.join)(dir, 'state.lock'), { onLost: () => journal?.heldOrLost() });
    }
    catch (error) {
        throw stateDirError(dir, error);
    }
    if (!hold.held) {
        const why = "two brokers on one state directory would each miss the other's replay records";
        if (hold.unchecked !== undefined) {
            // Another host's lock: whether its broker still runs cannot be told from here, only that it
            // stopped refreshing the lock; once that is 30 s old the lock is taken over.
            const { refreshedAtMs, takeOverAtMs } = hold.unchecked;
            const ago = Math.max(0, Math.round((Date.now() - refreshedAtMs) / 1000));
            throw new errors/* StintError */.Fp('ERR_STATE_LOCKED', `${dir} is in use by ${hold.holder}, which last refreshed its lock at ${new Date(refreshedAtMs).toISOString()} (${ago} s ago): ${why}. ` +
                `A broker refreshes its lock every 10 s, and one from another host is taken over after 30 s without refresh: if that broker is gone (its host crashed or was shut down), start this one again after ${new Date(takeOverAtMs).toISOString()} and it takes the directory over (do not delete state.lock). ` +
                'Otherwise stop that broker, give this one its own store.dir, or run several brokers on Redis (docs/many-brokers.md)');
        }
        throw new errors/* StintError */.Fp('ERR_STATE_LOCKED', `${dir} is in use by ${hold.holder}: ${why}. ` +
            'Stop that broker, give this one its own store.dir, or run several brokers on Redis (docs/many-brokers.md)');
    }
    if (hold.tookOver !== undefined) {
        options.onTakeOver?.(`took over ${(0,external_node_path_.join)(dir, 'state.lock')} from ${hold.tookOver.holder}, which last refreshed it at ${new Date(hold.tookOver.refreshedAtMs).toISOString()}, more than 30 s ago: taken for a broker that crashed or whose host went away. If that broker still runs (stalled, on a file system shared across hosts), stop it now: two brokers on one state directory would each miss the other's replay records`);
    }
    try {
        const state = { claims: new Map(), revocations: new Map() };
        const segments = await listSegments(dir);
        const found = { lines: 0 };
        for (const segment of segments)
            await replaySegment((0,external_node_path_.join)(dir, segment.name), state, now(), found);
        const dataset = await datasetOf(dir, found, options.record, now);
        journal = new Journal(dir, state, now, hold, (segments.at(-1)?.number ?? 0) + 1, options.compactMinBytes ?? COMPACT_MIN_BYTES, options.sync ?? 'always', options.flush ?? external_node_fs_.fdatasync, dataset);
        // Start on a fresh segment holding only what is live, so the old ones (and any torn last line) go.
        await journal.compactNow(segments.map((s) => s.name));
        // Recorded once the segment naming it is on disk: a crash in between leaves a journal whose
        // dataset the record does not name yet, which is taken for what it is, a journal. A loss is
        // recorded only once it was reported (the memory store's onDataset): until then every start
        // reports it again, so a start that fails after this point does not swallow it.
        if (options.record !== undefined && found.recorded !== dataset.id && dataset.loss === undefined)
            await writeJournalRecord(options.record, dir, dataset.id);
        return { journal, state, dataset };
    }
    catch (error) {
        hold.release();
        throw stateDirError(dir, error);
    }
}
/**
 * Names the journal's new dataset in the record once the loss it found was reported (logged and
 * audited): from then on a start finds no loss to report. Until then every start reports it again.
 */
async function acknowledgeLoss(dataset) {
    if (dataset.loss === undefined)
        return;
    await writeJournalRecord(dataset.loss.record, dataset.loss.dir, dataset.id);
}
/**
 * The dataset the journal goes on with: the one its segments name; else a new one, which carries
 * the time of a loss when the directory holds no journal line at all and the record names a
 * dataset for it (a journal was kept here, and is gone). Segments with lines but no dataset line
 * are an older broker's journal: a new dataset, no loss. A dataset line with a loss that the
 * record does not name yet is a loss not reported yet (`loss` again).
 */
async function datasetOf(dir, found, record, now) {
    if (record !== undefined) {
        const recorded = await readJournalRecord(record, dir);
        if (recorded !== undefined)
            found.recorded = recorded;
    }
    const header = found.header;
    if (header !== undefined) {
        // A loss found by a start that failed before reporting it: the record still names the dataset lost.
        if (header.lostAtMs !== undefined &&
            record !== undefined &&
            found.recorded !== undefined &&
            found.recorded !== header.id)
            return { ...header, loss: { previous: found.recorded, record, dir } };
        return { ...header };
    }
    const id = (0,external_node_crypto_.randomBytes)(12).toString('base64url');
    if (found.lines > 0 || found.recorded === undefined || record === undefined)
        return { id };
    return { id, lostAtMs: now(), loss: { previous: found.recorded, record, dir } };
}
/**
 * A file-system error met while taking, reading or compacting the state directory at start-up,
 * as an error that names the directory and the errno and says what to do (never a stack trace):
 * ERR_FILE_ACCESS for a permission (who, the owner, what to chown), ERR_STATE_DIR otherwise.
 * Errors of stint's own (ERR_STATE_CORRUPT, ERR_STATE_NEWER, ERR_STORE_UNAVAILABLE) pass through.
 */
function stateDirError(dir, error) {
    if (error instanceof errors/* StintError */.Fp)
        return error;
    const refused = (0,file_access/* fileAccessError */.z9)(error);
    if (refused !== undefined)
        return refused;
    const code = error.code;
    const detail = error instanceof Error ? error.message : String(error);
    return new errors/* StintError */.Fp('ERR_STATE_DIR', code === 'ENOSPC' || code === 'EDQUOT'
        ? `the broker's state directory ${dir} has no room to start (${detail}): free space on its device, or point store.dir elsewhere`
        : `cannot use ${dir} as the broker's state directory (${detail}): ` +
            "make it a writable directory owned by the broker's user, or point store.dir elsewhere", { cause: error });
}
class Journal {
    dir;
    state;
    now;
    hold;
    nextSegment;
    compactMinBytes;
    sync;
    flush;
    dataset;
    #handle;
    #segmentBytes = 0;
    /** Appends not yet written: the next group. */
    #pending = [];
    /** fdatasyncs under way, each for the group it covers. */
    #syncing = 0;
    /** The groups whose fdatasync is under way and not yet answered. */
    #flushing = new Set();
    /** A group start is scheduled for the end of this event-loop turn. */
    #scheduled = false;
    /** A compaction is under way: nothing else touches the segment meanwhile. */
    #compacting = false;
    /** Told when nothing is pending or under way (close waits for it). */
    #idle = [];
    /** A write or flush failed: the segment may end in a torn line, so the next group starts a new one. */
    #broken = false;
    /**
     * The segment holds an un-claim line (`u`), which brokers older than the un-claim cannot read:
     * a clean close then compacts, so the directory it leaves has only `c` and `r` lines.
     */
    #unclaimed = false;
    #closed = false;
    /** Set once the directory is found taken from this process: every append fails with it. */
    #lost;
    #tellLost = () => undefined;
    lost = new Promise((resolve) => {
        this.#tellLost = resolve;
    });
    constructor(dir, state, now, hold, nextSegment, compactMinBytes, sync, flush, dataset) {
        this.dir = dir;
        this.state = state;
        this.now = now;
        this.hold = hold;
        this.nextSegment = nextSegment;
        this.compactMinBytes = compactMinBytes;
        this.sync = sync;
        this.flush = flush;
        this.dataset = dataset;
    }
    append(kind, key, untilMs) {
        if (this.#closed)
            return Promise.reject(unavailable('the state journal is closed'));
        if (this.#lost !== undefined)
            return Promise.reject(this.#lost);
        return new Promise((resolve, reject) => {
            this.#pending.push({ line: entryLine(CODES[kind], key, untilMs), resolve, reject });
            // Nothing under way: write at once (one exchange at a time waits for one flush). Otherwise
            // the appends of this event-loop turn go together, as soon as a flush slot is free.
            if (this.#syncing === 0 && !this.#compacting)
                this.#next();
            else if (!this.#scheduled) {
                this.#scheduled = true;
                setImmediate(() => {
                    this.#scheduled = false;
                    this.#settled();
                });
            }
        });
    }
    async close() {
        if (this.#closed)
            return;
        this.#closed = true;
        if (this.#pending.length > 0 || this.#syncing > 0 || this.#compacting || this.#scheduled)
            await new Promise((resolve) => this.#idle.push(resolve));
        // Un-claim lines are unreadable to brokers older than them: one rolled back to would refuse the
        // directory. So a close after one leaves the live entries alone in a fresh segment: the work
        // start-up does too, bounded by what is live (1.4-1.9 s per 100,000 entries measured on a
        // 2-core machine at load 14, mostly building the lines). Not when the directory is lost or
        // cannot be checked (compactNow refuses). A failure, or a kill meanwhile, leaves the segments
        // as they were (the new one is renamed in whole or not at all): everything acknowledged stays.
        // The snapshot is taken a turn later, as in #compact, so a group that just failed is out of the maps.
        if (this.#unclaimed && this.#lost === undefined) {
            await new Promise((resolve) => setImmediate(resolve));
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
    heldOrLost() {
        if (this.#lost !== undefined)
            return this.#lost;
        let why;
        try {
            why = this.hold.lost();
        }
        catch (error) {
            return stateDirUnreadable(this.dir, error);
        }
        if (why === undefined)
            return undefined;
        this.#lost = unavailable(`the state directory ${this.dir} was taken from this broker (${why}) while it stalled or ran on: ` +
            'it acknowledges nothing more and stops; if that other broker is the one to keep, leave it be, ' +
            'otherwise stop it and start this one again');
        this.#tellLost(this.#lost);
        return this.#lost;
    }
    /** Writes the live entries to a new segment, switches to it, and deletes `old` (or every older segment). */
    async compactNow(old) {
        const lostBefore = this.heldOrLost();
        if (lostBefore !== undefined)
            throw lostBefore;
        const t = this.now();
        // Taken synchronously: everything set in the maps so far, including entries whose append waits for this flush.
        // The dataset line first: the segment says which journal it belongs to, and since when a loss counts.
        const lines = [entryLine('c', datasetKey(this.dataset), 0)];
        for (const [key, until] of this.state.claims)
            if (until > t)
                lines.push(entryLine('c', key, until));
        for (const [jti, until] of this.state.revocations)
            if (until > t)
                lines.push(entryLine('r', jti, until));
        const name = `journal.${this.nextSegment++}.jsonl`;
        const temp = (0,external_node_path_.join)(this.dir, `.${name}.tmp`);
        const bytes = Buffer.from(lines.join(''), 'utf8');
        const handle = await (0,promises_.open)(temp, 'w', 0o600);
        try {
            await writeAll(handle, bytes);
            await handle.datasync();
        }
        catch (error) {
            await handle.close().catch(() => undefined);
            await (0,promises_.unlink)(temp).catch(() => undefined);
            throw error;
        }
        // Checked again before the new segment replaces anything or the old ones go: a directory taken
        // meanwhile belongs to its new holder, whose segments these names may be.
        const lostMeanwhile = this.heldOrLost();
        if (lostMeanwhile !== undefined) {
            await handle.close().catch(() => undefined);
            await (0,promises_.unlink)(temp).catch(() => undefined);
            throw lostMeanwhile;
        }
        await (0,promises_.rename)(temp, (0,external_node_path_.join)(this.dir, name));
        await (0,atomic_file/* syncDir */.ty)(this.dir);
        const previous = this.#handle;
        this.#handle = handle;
        this.#segmentBytes = bytes.length;
        this.#broken = false;
        this.#unclaimed = false;
        await previous?.close().catch(() => undefined);
        const stale = old ?? (await listSegments(this.dir)).map((s) => s.name).filter((n) => n !== name);
        for (const file of stale) {
            if (this.heldOrLost() !== undefined)
                break;
            await (0,promises_.unlink)((0,external_node_path_.join)(this.dir, file)).catch(() => undefined);
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
    #next() {
        if (this.#compacting || this.#pending.length === 0)
            return;
        if (this.#lost === undefined && (this.#broken || this.#dueForCompaction())) {
            // The segment is switched under no flush; the last one to end comes back here.
            if (this.#syncing === 0)
                this.#compact();
            return;
        }
        if (this.#syncing >= MAX_SYNCS)
            return;
        const group = this.#pending;
        this.#pending = [];
        if (this.#refuseIfLost(group)) {
            this.#settled();
            return;
        }
        let fd;
        try {
            fd = this.#handleOrThrow().fd;
            let text = '';
            for (const p of group)
                text += p.line;
            // Set before the write: a write cut short may still have put the line in the segment.
            if (group.some((p) => p.line.startsWith('["u"')))
                this.#unclaimed = true;
            const bytes = Buffer.from(text, 'utf8');
            for (let written = 0; written < bytes.length;)
                written += (0,external_node_fs_.writeSync)(fd, bytes, written);
            this.#segmentBytes += bytes.length;
        }
        catch (error) {
            this.#fail(group, error);
            this.#settled();
            return;
        }
        if (this.sync !== 'always') {
            if (!this.#refuseIfLost(group))
                for (const p of group)
                    p.resolve();
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
                for (const failed of this.#flushing)
                    this.#fail(failed, error);
                this.#flushing.clear();
            }
            else if (this.#flushing.delete(group) && !this.#refuseIfLost(group))
                for (const p of group)
                    p.resolve();
            this.#settled();
        });
    }
    /**
     * Rejects the group when the directory is no longer this process's, or cannot be checked, and
     * says whether it did: checked after a group's write and flush, right before it is acknowledged,
     * so whoever took the directory over read (at its start) every record this process acknowledged.
     */
    #refuseIfLost(group) {
        const refusal = this.heldOrLost();
        if (refusal === undefined)
            return false;
        // Unchecked, not lost: the group may be in the segment though refused, so the next group
        // starts a fresh one from the maps, which its callers' rejection handlers drop it from.
        if (refusal !== this.#lost)
            this.#broken = true;
        for (const p of group)
            p.reject(refusal);
        return true;
    }
    /** A group was answered: start the next, or tell close() that all is done. */
    #settled() {
        this.#next();
        if (this.#pending.length === 0 && this.#syncing === 0 && !this.#compacting && !this.#scheduled) {
            for (const resolve of this.#idle.splice(0))
                resolve();
        }
    }
    #compact() {
        // The maps already hold this group's entries, so the new segment has them.
        const group = this.#pending;
        this.#pending = [];
        this.#compacting = true;
        // The snapshot is taken a turn later: a group that just failed has its claims dropped from the
        // maps by its callers' rejection handlers (microtasks) first, so the new segment never holds
        // the record of an exchange that was answered 503.
        new Promise((resolve) => setImmediate(resolve))
            .then(() => this.compactNow())
            .then(() => {
            this.#compacting = false;
            if (!this.#refuseIfLost(group))
                for (const p of group)
                    p.resolve();
            this.#settled();
        }, (error) => {
            this.#compacting = false;
            this.#fail(group, error);
            this.#settled();
        });
    }
    #fail(group, error) {
        this.#broken = true;
        const failure = (error === this.#lost && this.#lost !== undefined) || error instanceof types/* StateDirUnreadableError */.sH
            ? error
            : unavailable(`cannot write the state journal in ${this.dir}: ${error.message}`, error);
        for (const p of group)
            p.reject(failure);
    }
    #dueForCompaction() {
        const live = (this.state.claims.size + this.state.revocations.size) * ENTRY_BYTES;
        return this.#segmentBytes > Math.max(this.compactMinBytes, COMPACT_FACTOR * live);
    }
    #handleOrThrow() {
        if (this.#handle === undefined)
            throw new Error('no open segment');
        return this.#handle;
    }
}
/** `dataset:<id>`, or `dataset:<id>:lost:<epoch ms>` once a loss was found: the key of a segment's first line. */
function datasetKey(dataset) {
    return `dataset:${dataset.id}${dataset.lostAtMs === undefined ? '' : `:lost:${dataset.lostAtMs}`}`;
}
const DATASET_KEY = /^dataset:([A-Za-z0-9_-]{16,64})(?::lost:(\d{1,15}))?$/;
/** One entry as a JSON line: `["c","replay:…",1765000000000]`; `["u","replay:…",0]` drops that claim. */
function entryLine(code, key, untilMs) {
    return `${JSON.stringify([code, key, untilMs])}\n`;
}
async function listSegments(dir) {
    const names = await (0,promises_.readdir)(dir);
    for (const name of names) {
        // A compaction that died before its rename: its segment never counted.
        if (/^\.journal\.\d+\.jsonl\.tmp$/.test(name))
            await (0,promises_.unlink)((0,external_node_path_.join)(dir, name)).catch(() => undefined);
    }
    return names
        .map((name) => ({ name, match: SEGMENT.exec(name) }))
        .filter((s) => s.match !== null)
        .map((s) => ({ name: s.name, number: Number(s.match[1]) }))
        .sort((a, b) => a.number - b.number);
}
/**
 * Reads a segment into `state`, keeping what is still live. A last line without its newline is a
 * write the crash cut short, never acknowledged, so it is skipped; any other unreadable line
 * means the file was damaged, and the broker refuses to start rather than forget what it held.
 */
async function replaySegment(file, state, nowMs, found) {
    const text = await (0,promises_.readFile)(file, 'utf8');
    const lines = text.split('\n');
    const complete = lines.slice(0, -1);
    for (const [index, line] of complete.entries()) {
        const entry = parseEntry(line);
        if (typeof entry === 'string') {
            throw new errors/* StintError */.Fp('ERR_STATE_NEWER', `${file}:${index + 1} was written by a newer stint (entry kind '${entry}'): run that version, or start and stop it ` +
                'once cleanly (it then leaves only entries every version reads) and start this one again; do not move the ' +
                'directory aside: it holds the replay records and revocations');
        }
        if (entry === undefined) {
            throw new errors/* StintError */.Fp('ERR_STATE_CORRUPT', `${file}:${index + 1} is not a journal entry: the state directory was damaged. ` +
                'Restore it from a backup (stop the broker first). Moving it aside instead starts the broker empty: ' +
                'the tokens it revoked are accepted again until they expire, and the ID tokens it exchanged could be ' +
                'exchanged again unless it reports the journal lost (ERR_STORE_DATA_LOST)');
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
            found.header = { id: dataset[1], ...(lostAtMs > 0 ? { lostAtMs } : {}) };
            continue;
        }
        if (entry.untilMs <= nowMs)
            continue;
        const map = entry.code === 'c' ? state.claims : state.revocations;
        map.set(entry.key, Math.max(entry.untilMs, map.get(entry.key) ?? 0));
    }
}
/**
 * One line as an entry; undefined when it is none (damage); the kind, a string, when the line is
 * shaped as an entry (`[kind, key, number]`) of a kind this version does not know: a newer
 * broker's, which a clean stop of that broker compacts away.
 */
function parseEntry(line) {
    let value;
    try {
        value = JSON.parse(line);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(value) || value.length !== 3)
        return undefined;
    const [code, key, untilMs] = value;
    if (typeof code !== 'string' || typeof key !== 'string')
        return undefined;
    if (code !== 'c' && code !== 'r' && code !== 'u')
        return typeof untilMs === 'number' && /^[a-z]{1,16}$/.test(code) ? code : undefined;
    if (typeof untilMs !== 'number' || !Number.isFinite(untilMs) || untilMs < 0)
        return undefined;
    // Whole milliseconds, at most the largest safe integer: earlier brokers journaled an ID token's
    // fractional or huge `exp` as it came, and a state dir they wrote must still open.
    return { code, key, untilMs: Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(untilMs)) };
}
async function writeAll(handle, bytes) {
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
function stateDirUnreadable(dir, error) {
    const failure = error;
    const errno = typeof failure?.code === 'string' ? failure.code : 'EUNKNOWN';
    const detail = error instanceof Error ? error.message : String(error);
    const fix = errno === 'EACCES' || errno === 'EPERM'
        ? `give read, write and execute on it back to the broker's user, ${(0,file_access/* currentUser */.Ny)()} (now ${(0,file_access/* ownerOf */.bf)(dir)})`
        : 'make it a directory again on a working file system (no part of its path replaced by a file or a link, its disk or mount answering)';
    return new types/* StateDirUnreadableError */.sH(`the broker cannot read its state directory ${dir} (${detail}), so it cannot check that it still holds it: ${fix}. ` +
        'Until then it acknowledges nothing (503); it goes on by itself once it can, without a restart', errno, { cause: error });
}
function unavailable(message, cause) {
    return new errors/* StintError */.Fp('ERR_STORE_UNAVAILABLE', message, cause === undefined ? undefined : { cause });
}

;// CONCATENATED MODULE: ./src/store/memory.ts








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
function createMemoryStore(options = {}) {
    const now = options.now ?? Date.now;
    const journal = options.durable?.journal;
    const claims = options.durable?.state.claims ?? new Map();
    const revocations = options.durable?.state.revocations ?? new Map();
    /** Which admit made each live replay record, so a release drops only its own. */
    const recordOwners = new Map();
    const buckets = new Map();
    const instances = new Map();
    const certificates = new Map();
    let apiKeys = new Map();
    let apiKeyFileSignature = '';
    let lastSweepMs = 0;
    let closed = false;
    /** The state directory was taken from this process: nothing is answered from what it holds. */
    let lost;
    void journal?.lost.then((error) => {
        lost = error;
    });
    const dataset = options.durable?.dataset;
    /**
     * When a loss of the journal was found (at this start or an earlier one: the journal keeps it):
     * ID tokens issued before it, plus the clock skew, may have been exchanged, and their records are gone.
     */
    const lostAtMs = dataset?.lostAtMs;
    const issuedBeforeLoss = (request) => {
        if (lostAtMs === undefined)
            return false;
        if (request.issuedAtMs === undefined || !Number.isFinite(request.issuedAtMs))
            return now() <= lostAtMs + types/* NO_ISSUE_TIME_LOSS_MS */.F6;
        return Math.floor(request.issuedAtMs) <= lostAtMs + types/* ISSUED_BEFORE_LOSS_MARGIN_MS */.O0;
    };
    let acknowledged = false;
    /** The loss this start found, told to each dataset listener (the broker registers one once its audit log is open). */
    const loss = dataset?.loss === undefined || lostAtMs === undefined
        ? undefined
        : {
            kind: 'lost',
            key: `dataset ${dataset.loss.previous}`,
            lostAtMs,
            by: 'this broker',
            journal: { dir: dataset.loss.dir, record: dataset.loss.record },
        };
    const sweep = (force = false) => {
        const t = now();
        if (!force && t - lastSweepMs < SWEEP_EVERY_MS)
            return;
        lastSweepMs = t;
        for (const [key, expiresAtMs] of claims) {
            if (expiresAtMs > t)
                continue;
            claims.delete(key);
            recordOwners.delete(key);
        }
        for (const [jti, expiresAtMs] of revocations)
            if (expiresAtMs <= t)
                revocations.delete(jti);
        for (const [name, bucket] of buckets)
            if (bucket.fullAtMs <= t)
                buckets.delete(name);
        for (const [serial, cert] of certificates)
            if (cert.notAfterMs <= t)
                certificates.delete(serial);
    };
    const open = () => {
        if (closed)
            throw new errors/* StintError */.Fp('ERR_STORE_UNAVAILABLE', 'the memory store is closed');
        if (lost !== undefined)
            throw lost;
        sweep();
    };
    const file = options.apiKeyFile;
    /** Re-reads the API key file when it changed since we last read it (another process wrote it). */
    const refreshApiKeys = async () => {
        if (file === undefined)
            return;
        const signature = await fileSignature(file);
        if (signature === apiKeyFileSignature)
            return;
        apiKeys = await readApiKeyMap(file);
        apiKeyFileSignature = signature;
    };
    /** Read-modify-write of the API key file under a lock, so the CLI and a broker never lose each other's change. */
    const updateApiKeys = async (change) => {
        if (file === undefined)
            return change(apiKeys);
        await (0,atomic_file/* ensurePrivateDir */.rh)((0,external_node_path_.dirname)(file));
        return (0,file_lock/* withFileLock */.Ux)(`${file}.lock`, async () => {
            const current = await readApiKeyMap(file);
            const result = change(current);
            const content = { version: 1, keys: [...current.values()] };
            await (0,atomic_file/* writeFileAtomic */.Zf)(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
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
                onDataset(listener) {
                    const reported = listener(loss);
                    // Once on record (the broker logged and audited it), the record names the new journal.
                    // Until then, or should that write fail, the next start reports the loss again.
                    if (dataset !== undefined && !acknowledged && reported instanceof Promise) {
                        acknowledged = true;
                        void reported
                            .then(async (onRecord) => {
                            if (onRecord === true)
                                await acknowledgeLoss(dataset);
                            else
                                acknowledged = false;
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
            if (held !== undefined && held > t)
                return false;
            const until = t + ttlMs;
            // Set before the write, so a second claim of the same key while it is written is refused.
            claims.set(key, until);
            recordOwners.delete(key);
            if (journal !== undefined) {
                try {
                    await journal.append('claim', key, until);
                }
                catch (error) {
                    // Not on disk, so not acknowledged: forget it, or the caller's refused retry would find it burnt.
                    if (claims.get(key) === until)
                        claims.delete(key);
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
                if (!taken.allowed)
                    return { outcome: 'rate_limited', bucket: 'address', retryAfterMs: taken.retryAfterMs };
            }
            const key = request.replayKey;
            const held = claims.get(key);
            if (held !== undefined && held > t)
                return { outcome: 'replayed' };
            // As Redis answers after a loss (docs/broker.md#state-on-disk): nothing recorded.
            if (lostAtMs !== undefined && issuedBeforeLoss(request))
                return { outcome: 'lost', lostAtMs };
            if (!request.record)
                return { outcome: 'absent' };
            if (request.owner !== undefined) {
                const taken = takeFromBucket(buckets, request.owner.bucket, request.owner.limit, request.nowMs);
                if (!taken.allowed)
                    return { outcome: 'rate_limited', bucket: 'owner', retryAfterMs: taken.retryAfterMs };
            }
            const until = t + request.ttlMs;
            claims.set(key, until);
            const mine = Symbol(key);
            recordOwners.set(key, mine);
            if (journal !== undefined) {
                try {
                    await journal.append('claim', key, until);
                }
                catch (error) {
                    // Not on disk, so not acknowledged: forget it, or the caller's refused retry would find it burnt.
                    if (recordOwners.get(key) === mine) {
                        claims.delete(key);
                        recordOwners.delete(key);
                    }
                    if (request.owner !== undefined)
                        refundToBucket(buckets, request.owner.bucket, request.owner.limit);
                    throw error;
                }
            }
            return {
                outcome: 'recorded',
                release: async () => {
                    // Forgotten in memory at once, and on disk (an un-claim entry) before the release resolves,
                    // so a restart does not bring back the record of an exchange that was refused.
                    if (recordOwners.get(key) !== mine)
                        return;
                    claims.delete(key);
                    recordOwners.delete(key);
                    // The owner token goes back too: a refused exchange does not count against the owner.
                    if (request.owner !== undefined)
                        refundToBucket(buckets, request.owner.bucket, request.owner.limit);
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
            const until = expiresAtMs + types/* REVOCATION_MARGIN_MS */.bD;
            if (until <= now())
                return;
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
                if (record === undefined)
                    return false;
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
            if (closed)
                return;
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
async function openDurableMemoryStore(options) {
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
function takeFromBucket(buckets, name, limit, nowMs) {
    const previous = buckets.get(name);
    const elapsedSec = previous === undefined ? 0 : Math.max(0, nowMs - previous.updatedMs) / 1000;
    const available = previous === undefined ? limit.burst : Math.min(limit.burst, previous.tokens + elapsedSec * limit.rps);
    const allowed = available >= 1;
    const tokens = allowed ? available - 1 : available;
    const updatedMs = previous === undefined ? nowMs : Math.max(nowMs, previous.updatedMs);
    const fullAtMs = updatedMs + Math.ceil(((limit.burst - tokens) / limit.rps) * 1000);
    buckets.set(name, { tokens, updatedMs, fullAtMs });
    return { allowed, retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil(((1 - tokens) / limit.rps) * 1000)) };
}
/** Gives back a token taken by takeFromBucket for an exchange refused after all, never above the burst. */
function refundToBucket(buckets, name, limit) {
    const bucket = buckets.get(name);
    if (bucket !== undefined)
        bucket.tokens = Math.min(limit.burst, bucket.tokens + 1);
}
/** Changes whenever the file is replaced (rename gives a new inode) or rewritten in place. */
async function fileSignature(file) {
    try {
        const info = await (0,promises_.stat)(file);
        return `${info.ino}:${info.size}:${info.mtimeMs}`;
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return 'absent';
        throw memory_unavailable(file, error);
    }
}
/** The API key file's records by id. */
async function readApiKeyMap(file) {
    return new Map((await readApiKeyFile(file)).keys.map((record) => [record.id, record]));
}
async function readApiKeyFile(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { version: 1, keys: [] };
        throw memory_unavailable(file, error);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw memory_unavailable(file, error);
    }
    const version = parsed?.version;
    if (typeof version === 'number' && Number.isSafeInteger(version) && version > 1) {
        // Not damage: a newer stint wrote it (a rollback). Nothing is rewritten, and nothing is answered from it.
        throw (0,keys_newer/* keysNewer */.A)(file, `API key file version ${version}; this stint reads version 1`, 'do not edit or delete the file, it holds the project API keys that version made');
    }
    const valid = parsed !== null &&
        typeof parsed === 'object' &&
        parsed.version === 1 &&
        Array.isArray(parsed.keys) &&
        parsed.keys.every((k) => k !== null &&
            typeof k === 'object' &&
            typeof k.id === 'string' &&
            typeof k.project === 'string' &&
            typeof k.hash === 'string');
    if (!valid)
        throw memory_unavailable(file, new Error('not a stint API key file (version 1)'));
    return parsed;
}
/** An unreadable key file fails closed: API-key requests get 503 (not a store outage: the file), never a pass. */
function memory_unavailable(file, cause) {
    return new errors/* StintError */.Fp('ERR_API_KEYS_UNREADABLE', `cannot read API key file ${file}: ${cause.message}; fix or restore it`, { cause });
}


/***/ })

};
