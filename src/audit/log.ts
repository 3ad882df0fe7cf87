import { closeSync, fstatSync, ftruncateSync, lstatSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { StintError } from '../lib/errors.js';
import { FileLease } from '../lib/file-lock.js';
import { ensurePrivateDir, openPrivateAppend } from '../lib/private-dir.js';
import { chainHash, repeatedMember } from './canonical-json.js';
import { type EncodedEvent, type EncodeOptions, encodeEvent, lineHash, MAX_LINE_BYTES } from './encode.js';
import { type AuditEvent, type AuditRecord, GENESIS_HASH } from './events.js';
import { openAuditFile } from './file-stream.js';
import { auditReadError } from './read-error.js';

/**
 * The hash-chained audit log: JSON Lines, one event per line, each line carrying `prev` (the
 * previous line's hash; 64 zeros on line 1) and `hash` = SHA-256(prev + "\n" +
 * canonicalJson(line without prev and hash)). `seq` counts lines from 1, so removing,
 * inserting or reordering lines breaks the chain at the first line affected, and
 * `verifyAuditLog` names it. (Cutting lines off the end leaves a valid shorter chain; compare
 * the last `seq` and `hash` with a copy kept elsewhere to detect that. The writer itself
 * refuses to go on from a file that ends before the line `<file>.chain` records: see resume.)
 *
 * Appends are serialised in-process, and across processes on one host by a lock file
 * (`<file>.lock`), so the CLI can audit `stint keys …` into the log of a running broker.
 * Appends that arrive while a write is under way are written together, in order, in one
 * write(2) to the file opened O_APPEND. Whoever writes a batch then records its last line's
 * `SEQ:HASH` in `<file>.chain`, under the same lock, so the chain goes on from the line written
 * last by any process, even after that line left the file (a rename or copytruncate rotation):
 * one chain across every file and writer.
 *
 * Every exchange waits for its line, so the write is synchronous, as pino writes its log
 * lines: an append of a few hundred bytes to the page cache takes microseconds, where each
 * async step would cost a thread-pool round trip and an event-loop turn. The lock is a
 * `FileLease`, kept between batches while the log is busy: a lock file created and removed
 * per batch cost, with the async steps, a quarter of the broker's throughput. Only waiting
 * for a lock another process holds yields. Lines are not fsynced one by one (an
 * exchange would wait on the disk); the OS flushes them, and a line cut short by a crash is
 * reported by `verifyAuditLog` and refused on reopen rather than silently extended.
 *
 * A write that fails (a full disk, a lock file that cannot be created) is cut back to its last
 * whole line (ftruncate), so no line is ever half in the file: the appends whose lines were
 * written whole resolve, the others reject with ERR_AUDIT_WRITE, and none of theirs is in the
 * file. The log then tries again at each append (and each `check()`): the first batch written
 * after the failure starts with an `audit_write_failed` line saying since when and how many
 * events were refused, and the log is writable again without a restart. Only a failed write
 * that cannot be cut back stops the log for good (ERR_AUDIT_WRITE on every append; a restart
 * refuses the torn file).
 */
export interface AuditLog {
  readonly file: string;
  /**
   * Appends one event; resolves once the line is written. Throws ERR_AUDIT_SECRET for a
   * secret-looking field (unless `options.quoting`: see EncodeOptions).
   */
  append(event: AuditEvent, options?: EncodeOptions): Promise<{ seq: number; hash: string }>;
  /**
   * Undefined while the log takes writes. After a failed write, tries once more (writing the
   * `audit_write_failed` line, see above) and resolves with the ERR_AUDIT_WRITE the appends get
   * until a write succeeds, or undefined if this one did. Never rejects.
   */
  check(): Promise<StintError | undefined>;
  close(): Promise<void>;
}

export interface AuditLogOptions {
  /** Epoch ms for `ts`; default Date.now. */
  now?: () => number;
  /**
   * Told each line (with its newline) once it is in the file, in order: `audit.stdout` copies
   * them to stdout for a log shipper. Lines another process appends are not seen here.
   */
  onLines?: (text: string) => void;
  /** Fields the log's own lines (`audit_write_failed`) carry, as an append's `extra`: the broker's `instance`. */
  extra?: EncodeOptions['extra'];
}

/** `<file>.chain`: `SEQ:HASH` of the chain's last line, padded to one length so each write covers the last. */
const CHAIN_RECORD_BYTES = 16 + 1 + 64 + 1;
const CHAIN_RECORD = /^([1-9][0-9]{0,15}):([0-9a-f]{64}) *\n$/;
/** At most this many lines per write, so one batch stays a few MiB at worst. */
const MAX_BATCH = 256;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Opens (creating, 0600) the audit log and resumes its chain from the last line. The log's
 * directory must be private to this user (ensurePrivateDir: made 0700, a loose one of ours
 * tightened, a shared or foreign one refused), and the log is opened without following a
 * symlink at its name (openPrivateAppend), so no one can point stint's appends, or its chmod,
 * at another file.
 *
 * @example
 * const log = await openAuditLog('.stint/audit.jsonl');
 * await log.append({ event: 'key_rotated', outcome: 'success', reason: 'scheduled', kid });
 */
export async function openAuditLog(file: string, options: AuditLogOptions = {}): Promise<AuditLog> {
  const now = options.now ?? Date.now;
  await ensurePrivateDir(dirname(file));
  // The log holds who got what: as private as the keys.
  let fd = openPrivateAppend(file);
  const lease = new FileLease(`${file}.lock`);
  // Where the chain ends, beside the log (see resume); opened under the lock.
  const chainFile = `${file}.chain`;
  let chainFd: number | undefined;
  /** Records the chain's last line in `<file>.chain`: one write over the same bytes. */
  const keep = (seq: number, prev: string): void => {
    chainFd ??= openPrivateAppend(chainFile, 0o600, 0);
    const record = Buffer.from(`${`${seq}:${prev}`.padEnd(CHAIN_RECORD_BYTES - 1)}\n`, 'latin1');
    writeSync(chainFd, record, 0, record.length, 0);
  };
  /**
   * The `SEQ:HASH` in `<file>.chain` (call with the lock held), or undefined without one (removed
   * to begin anew). Opened by path each time: the file may have been removed or replaced since.
   */
  const readKept = (): { seq: number; prev: string } | undefined => {
    if (chainFd !== undefined) closeSync(chainFd);
    chainFd = undefined;
    chainFd = openPrivateAppend(chainFile, 0o600, 0);
    const buffer = Buffer.alloc(CHAIN_RECORD_BYTES);
    const kept = CHAIN_RECORD.exec(buffer.toString('latin1', 0, readSync(chainFd, buffer, 0, buffer.length, 0)));
    return kept === null || !Number.isSafeInteger(Number(kept[1]))
      ? undefined
      : { seq: Number(kept[1]), prev: kept[2]! };
  };
  /**
   * Where the chain ends (call with the lock held): the last line of a file that has lines;
   * for an empty file (new at the path after a rename, emptied by copytruncate, or never
   * written) the line `<file>.chain` names, which whoever wrote last (this broker, another, or
   * `stint keys …`) recorded there, so the first line of the new file follows the last line of
   * the chain wherever it went. Without a `.chain` (removed to begin anew) the chain starts at 1.
   *
   * A file whose last line is before the one `.chain` names (whole lines cut off its end: a
   * restore from an older snapshot, a truncation), or is another line at that seq, is refused
   * with ERR_AUDIT_TRUNCATED: going on from it would give the cut lines' seq numbers to new
   * lines and overwrite `.chain`, the one record of the cut. A file whose last line is cut short
   * is refused with ERR_AUDIT_CORRUPT. Both messages name the anchor a new file (after the old
   * one is moved aside) continues from, for `stint audit verify NEW --after SEQ:HASH`.
   */
  const resume = (): ChainTail => {
    const kept = readKept();
    const last = readChainTail(fd, file, kept);
    if (last.size === 0) return kept === undefined ? last : { ...kept, size: 0 };
    if (kept !== undefined && (kept.seq > last.seq || (kept.seq === last.seq && kept.prev !== last.prev)))
      throw cutOff(file, last, kept);
    return last;
  };
  let tail: ChainTail;
  try {
    tail = await lease.run(() => {
      const found = resume();
      // After a crash between a line and its record, the record catches up here.
      if (found.seq > 0) keep(found.seq, found.prev);
      return found;
    });
  } catch (error) {
    lease.release();
    if (chainFd !== undefined) closeSync(chainFd);
    closeSync(fd);
    throw error;
  }
  // The open file's identity, to tell whether it is still the file at the path.
  let opened = fstatSync(fd);
  let pending: Pending[] = [];
  let draining = false;
  let drained: Promise<void> = Promise.resolve();
  /** A failed write could not be cut off: the file may end in part of a line, so nothing more is written. */
  let broken: StintError | undefined;
  /** Writes fail, each failed batch cut off whole: since when, the last error, and how many events were refused. */
  let failing: { since: number; error: StintError; refused: number } | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;

  /** Records a failure after which the file is whole (the next batch tries again); returns its error. */
  const failed = (message: string, cause: unknown): StintError => {
    const error = new StintError(
      'ERR_AUDIT_WRITE',
      `${message}; nothing is written until a write succeeds (tried again at each event, and at each GET /readyz of a broker): ` +
        'free space on its device or fix what the error names; no restart is needed',
      { cause },
    );
    failing = { since: failing?.since ?? now(), error, refused: failing?.refused ?? 0 };
    return error;
  };

  /**
   * After a write that failed, cuts the file back to `size`, its length before the write, so no
   * part of the batch stays in it. Returns the error for the batch: a `failed` one when the file is
   * whole again, else `broken`, which stops the log for good.
   */
  const takeBack = (error: unknown, size: number, what: string): StintError => {
    const subject = `audit log ${file}${what === file ? '' : `: ${what}`}`;
    try {
      const length = fstatSync(fd).size;
      // Shorter than before the write: emptied in place meanwhile (copytruncate, which takes no
      // lock); a truncate to `size` would pad it with zeros. Not whole, then.
      if (length < size) throw new Error(`it is ${length} bytes, shorter than the ${size} before the write`);
      if (length > size) ftruncateSync(fd, size);
    } catch (undo) {
      broken = new StintError(
        'ERR_AUDIT_WRITE',
        `${subject} could not be written (${errorText(error)}), and what was written of the log could not be cut off ` +
          `(${errorText(undo)}), so its last line may be incomplete: nothing more is written to it. Fix the disk, move the file aside ` +
          '(`stint audit verify` checks the lines before the incomplete one) and restart',
        { cause: error },
      );
      return broken;
    }
    return failed(`${subject} could not be written (${errorText(error)})`, error);
  };

  /**
   * The line that opens the first batch written after a failure: since when the log could not be
   * written and how many events were refused meanwhile (none of them is in the log).
   */
  const gapLine = (): EncodedEvent | undefined => {
    if (failing === undefined) return undefined;
    const cause = failing.error.cause as NodeJS.ErrnoException | undefined;
    const marker: AuditEvent = {
      event: 'audit_write_failed',
      outcome: 'error',
      code: 'ERR_AUDIT_WRITE',
      reason:
        `the audit log could not be written from ${new Date(failing.since).toISOString()} until this line` +
        ` (last error: ${cause?.code ?? errorText(cause)}); ${failing.refused === 1 ? '1 event was' : `${failing.refused} events were`} refused meanwhile and are not in the log`,
    };
    try {
      return encodeEvent(marker, { quoting: true, extra: options.extra });
    } catch {
      return encodeEvent({ ...marker, reason: 'the audit log could not be written until this line' });
    }
  };

  /**
   * Writes a batch, with the lock held: errors from the file system come back as ERR_AUDIT_WRITE,
   * naming the log (Node's write errors name no file).
   */
  const writeLocked = (batch: Pending[]): Written => {
    try {
      return writeBatch(batch);
    } catch (error) {
      if (error instanceof StintError && (error.code === 'ERR_AUDIT_TRUNCATED' || error.code === 'ERR_AUDIT_CORRUPT')) {
        // The file at the path had lines cut off its end, or its last line cut short, under this
        // writer: nothing is written to it (the cut lines' seq numbers are not given out again, and
        // `.chain` keeps the record of the cut), and writes go on once it is fixed or moved aside.
        const refused = new StintError(
          'ERR_AUDIT_WRITE',
          `${error.message}. Nothing is written to it until then (tried again at each event, and at each GET /readyz of a broker); no restart is needed`,
          { cause: error },
        );
        failing = { since: failing?.since ?? now(), error: refused, refused: failing?.refused ?? 0 };
        throw refused;
      }
      if (error instanceof StintError) throw error;
      throw failed(`audit log ${file} could not be written (${errorText(error)})`, error);
    }
  };

  /**
   * Writes a batch as one write(2). Called with the lock held; synchronous, so the lease cannot
   * lapse mid-batch. When the write is cut short, the lines it wrote whole stay (their appends
   * resolve) and the rest is cut off (theirs reject with `failure`).
   */
  const writeBatch = (batch: Pending[]): Written => {
    // One lstat per batch, and no more: it is how a rotation is seen (the log moved aside or
    // removed by logrotate, which takes no lock, or a fresh start after ERR_AUDIT_CORRUPT), and
    // its size is how a line another process appended under the lock is seen.
    const named = lstatSync(file, { throwIfNoEntry: false });
    if (named === undefined || named.ino !== opened.ino || named.dev !== opened.dev) {
      // Write to the file now at the path, not to the one moved away; its first line continues
      // the chain (resume), so `stint audit verify OLD NEW` checks nothing was lost in between.
      const previous = fd;
      fd = openPrivateAppend(file);
      closeSync(previous);
      opened = fstatSync(fd);
      tail = resume();
    } else if (named.size !== tail.size || named.size === 0) {
      // Another writer appended since this one's last line (the lock lets the CLI's `stint keys …`
      // write while a broker runs), or the file was emptied in place (logrotate's copytruncate):
      // the chain goes on from the line now last, or from the one `.chain` names.
      tail = resume();
    }
    let seq = tail.seq;
    let prev = tail.prev;
    const results: Array<{ seq: number; hash: string }> = [];
    /** Per line: where it ends (bytes, characters) and its place in the chain. */
    const lines: Array<{ bytes: number; chars: number; seq: number; hash: string }> = [];
    /** Per append of the batch: how many lines must be in the file for it to resolve. */
    const needs: number[] = [];
    let text = '';
    let length = 0;
    const ts = new Date(now()).toISOString();
    // After a failure, the line saying so goes first (a check() alone writes only it).
    const gap = gapLine();
    for (const encoded of gap === undefined ? batch.map((p) => p.encoded) : [gap, ...batch.map((p) => p.encoded)]) {
      if (encoded !== undefined) {
        seq += 1;
        const hash = lineHash(prev, encoded, seq, ts);
        // The chain fields go around the event's members, in the order people read them.
        const line = `{"seq":${seq},"ts":"${ts}",${encoded.fields},"prev":"${prev}","hash":"${hash}"}\n`;
        text += line;
        length += Buffer.byteLength(line);
        lines.push({ bytes: length, chars: text.length, seq, hash });
        prev = hash;
      }
      if (encoded !== gap) {
        results.push({ seq, hash: prev });
        needs.push(lines.length);
      }
    }
    if (text === '') return { results };
    const bytes = Buffer.from(text, 'utf8');
    // The lstat above saw the file at this length (or resume() read it), under the lock.
    const before = tail.size;
    const prior = failing;
    let written = 0;
    let failure: StintError | undefined;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      // A short write leaves part of a line: cut it off, so the chain never goes on from a broken
      // line; the lines before it were written whole and stay.
      let whole = 0;
      while (whole < lines.length && lines[whole]!.bytes <= written) whole++;
      // The gap line is in: that failure is on record, and this one counts from now.
      if (whole > 0 && gap !== undefined) failing = undefined;
      failure = takeBack(error, before + (whole === 0 ? 0 : lines[whole - 1]!.bytes), file);
      if (whole === 0 || broken !== undefined) throw failure;
      lines.length = whole;
    }
    const last = lines[lines.length - 1]!;
    try {
      keep(last.seq, last.hash);
    } catch (error) {
      // The lines are in the file but the chain's record is not: take them back too, so the two agree.
      failing = prior;
      throw takeBack(error, before, chainFile);
    }
    tail = { seq: last.seq, prev: last.hash, size: before + last.bytes };
    if (failure === undefined) failing = undefined;
    options.onLines?.(text.slice(0, last.chars));
    return failure === undefined
      ? { results }
      : { results: results.slice(0, needs.filter((n) => n <= lines.length).length), failure };
  };

  const drain = async (): Promise<void> => {
    try {
      while (pending.length > 0) {
        const batch = pending.length > MAX_BATCH ? pending.splice(0, MAX_BATCH) : pending;
        if (batch === pending) pending = [];
        let done = 0;
        try {
          if (broken !== undefined) throw broken;
          const { results, failure } = await lease
            .run(() => writeLocked(batch))
            .catch((error: unknown) => {
              if (error instanceof StintError) throw error;
              // Not from the write (writeLocked names those): the lock file could not be created.
              throw failed(
                `audit log ${file}: its lock file ${file}.lock could not be created (${errorText(error)})`,
                error,
              );
            });
          for (; done < results.length; done++) batch[done]!.resolve(results[done]!);
          if (failure !== undefined) throw failure;
        } catch (error) {
          const refused = batch.slice(done);
          for (const p of refused) p.reject(error);
          if (failing !== undefined && broken === undefined)
            failing.refused += refused.filter((p) => p.encoded !== undefined).length;
        }
      }
    } finally {
      draining = false;
    }
  };

  const enqueue = (encoded: EncodedEvent | undefined, resolve: Pending['resolve'], reject: Pending['reject']): void => {
    pending.push({ encoded, resolve, reject });
    if (!draining) {
      draining = true;
      drained = drain();
    }
  };

  return {
    file,
    append(event, encodeOptions) {
      if (closed) return Promise.reject(new StintError('ERR_AUDIT_CLOSED', `audit log ${file} is closed`));
      let encoded: EncodedEvent;
      try {
        encoded = encodeEvent(event, encodeOptions);
      } catch (error) {
        if (error instanceof StintError && error.code === 'ERR_AUDIT_SECRET') {
          // Still record that something happened, without the offending value, so a request
          // cannot slip out of the log by carrying secret-looking text.
          const marker = withheldMarker(event, error.message, encodeOptions?.quoting === true, encodeOptions?.extra);
          if (marker !== undefined)
            enqueue(
              marker,
              () => undefined,
              () => undefined,
            );
        }
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => enqueue(encoded, resolve, reject));
    },
    check() {
      if (broken !== undefined) return Promise.resolve(broken);
      if (failing === undefined || closed) return Promise.resolve(undefined);
      // An empty entry: its batch writes only the gap line, or nothing once another batch did.
      return new Promise((resolve) => {
        const settle = (): void => resolve(broken ?? failing?.error);
        enqueue(undefined, settle, settle);
      });
    },
    close() {
      closed = true;
      closing ??= drained.then(() => {
        lease.release();
        if (chainFd !== undefined) closeSync(chainFd);
        closeSync(fd);
      });
      return closing;
    },
  };
}

/** What a batch's write did: the results of its first appends (all of them unless `failure`). */
interface Written {
  results: Array<{ seq: number; hash: string }>;
  failure?: StintError;
}

interface Pending {
  /** Undefined for check(): no line of its own. */
  encoded: EncodedEvent | undefined;
  resolve: (result: { seq: number; hash: string }) => void;
  reject: (error: unknown) => void;
}

/**
 * The parts of a refused event that are safe to keep: name, request id, outcome, why it was
 * withheld, and the append's `extra` (the broker's `instance` and `client_address`), so the
 * marker line says which broker and which caller as every other line does.
 */
function withheldMarker(
  event: AuditEvent,
  why: string,
  quoting: boolean,
  extra: EncodeOptions['extra'],
): EncodedEvent | undefined {
  const marker: AuditEvent = {
    event: typeof event?.event === 'string' ? event.event : 'unknown',
    ...(typeof event?.request_id === 'string' ? { request_id: event.request_id } : {}),
    outcome: event?.outcome === 'success' || event?.outcome === 'denied' ? event.outcome : 'error',
    reason: `event withheld: ${why}`,
    code: 'ERR_AUDIT_SECRET',
  };
  try {
    // Quoting, a secret-looking request id is written as a note, as it would have been.
    return encodeEvent(marker, { quoting, extra });
  } catch {
    // `extra` itself was refused: the marker is still written, without it.
    try {
      return extra === undefined ? undefined : encodeEvent(marker, { quoting });
    } catch {
      return undefined;
    }
  }
}

/** An error's message, or what was thrown. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The last line's seq and hash, and the file size they were read at. */
interface ChainTail {
  seq: number;
  prev: string;
  size: number;
}

/** Where a new file at `file` would continue the chain from, and how to verify it: for the messages that tell to move `file` aside. */
function newLogAdvice(file: string, kept: { seq: number; prev: string } | undefined): string {
  return kept === undefined
    ? 'a new log then starts at seq 1'
    : `a new log then continues the chain from line ${kept.seq}, as recorded in ${file}.chain (keep a copy of that file with the old one): ` +
        `verify the new log with \`stint audit verify ${file} --after ${kept.seq}:${kept.prev}\``;
}

/**
 * ERR_AUDIT_TRUNCATED: the file ends before the line `.chain` records as written last, or at
 * another line with that seq. The file and `.chain` are left as they are, the evidence.
 */
function cutOff(file: string, last: ChainTail, kept: { seq: number; prev: string }): StintError {
  const what =
    kept.seq > last.seq
      ? `line${kept.seq - last.seq === 1 ? ` ${kept.seq} was` : `s ${last.seq + 1}-${kept.seq} were`} cut off its end`
      : 'its last line was replaced';
  return new StintError(
    'ERR_AUDIT_TRUNCATED',
    `audit log ${file} ends at line ${last.seq} (hash ${last.prev.slice(0, 16)}…), but ${file}.chain records line ${kept.seq} ` +
      `(hash ${kept.prev.slice(0, 16)}…) as the last one written: ${what} (a restore from an older copy, a truncation or an edit; or a power cut or kernel crash, which loses lines the OS had not yet written to the disk), ` +
      'and writing on would give new lines the seq numbers of lines already written. Put the missing lines back from a copy ' +
      `(the log shipped off the host), or keep the file as evidence and move it aside: ${newLogAdvice(file, kept)}`,
  );
}

/**
 * Reads the last line to continue the chain (call with the lock held); refuses a file whose tail
 * is not a sound record. `kept` (`.chain`) is named in the refusal: a new file continues from it.
 */
function readChainTail(fd: number, file: string, kept: { seq: number; prev: string } | undefined): ChainTail {
  const { size } = fstatSync(fd);
  if (size === 0) return { seq: 0, prev: GENESIS_HASH, size };
  const corrupt = (why: string) =>
    new StintError(
      'ERR_AUDIT_CORRUPT',
      `audit log ${file}: ${why}; run \`stint audit verify ${file}\`, and move the file aside to start a new log: ${newLogAdvice(file, kept)}`,
    );
  let chunk = 4096;
  for (;;) {
    const length = Math.min(chunk, size);
    const buffer = Buffer.alloc(length);
    for (let read = 0; read < length; ) {
      const n = readSync(fd, buffer, read, length - read, size - length + read);
      if (n === 0) throw corrupt('it shrank while being read');
      read += n;
    }
    if (buffer[length - 1] !== 0x0a) throw corrupt('its last line is incomplete');
    const start = buffer.lastIndexOf(0x0a, length - 2);
    if (start === -1 && length < size) {
      chunk *= 4;
      continue;
    }
    const text = buffer.subarray(start + 1, length - 1).toString('utf8');
    const problem = checkRecord(text, undefined);
    if (typeof problem === 'string') throw corrupt(`its last line ${problem}`);
    return { seq: problem.seq, prev: problem.hash, size };
  }
}

/** Checks one line on its own (and against `expect` when given). Returns the record or what is wrong. */
export function checkRecord(text: string, expect: { seq: number; prev: string } | undefined): AuditRecord | string {
  if (text === '') return 'is empty';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'is not a JSON object';
  // JSON.parse keeps the last of two members with one name, other readers the first: a member
  // added after the hashed one would change what some readers see while the hash still matches.
  const repeated = repeatedMember(text);
  if (repeated !== undefined) return `repeats the member ${JSON.stringify(repeated)}: the line was edited`;
  const record = parsed as Record<string, unknown>;
  if (
    typeof record.prev !== 'string' ||
    !HEX64.test(record.prev) ||
    typeof record.hash !== 'string' ||
    !HEX64.test(record.hash)
  ) {
    return 'has no valid prev/hash';
  }
  if (typeof record.seq !== 'number' || !Number.isSafeInteger(record.seq) || record.seq < 1) return 'has no valid seq';
  if (expect !== undefined && record.seq !== expect.seq) {
    return `has seq ${record.seq}, expected ${expect.seq}: a line was removed, inserted or reordered`;
  }
  if (expect !== undefined && record.prev !== expect.prev) {
    return expect.seq === 1
      ? 'does not start the chain (prev is not 64 zeros)'
      : `has a prev that is not the hash of line ${expect.seq - 1}: a line was removed, inserted or reordered`;
  }
  let hash: string;
  try {
    hash = chainHash(record.prev, record);
  } catch {
    return 'holds a value that is not canonical JSON';
  }
  if (hash !== record.hash) return 'does not match its hash: the line was edited';
  return record as AuditRecord;
}

export type AuditVerification =
  | { ok: true; lines: number; last?: AuditAnchor }
  | {
      ok: false;
      /** Line number (1-based) in `file`. */
      line: number;
      reason: string;
      /** The file the line is in (given when several files were checked). */
      file?: string;
    };

/** A line's place in the chain, kept somewhere the log's writer cannot reach, to check the log against later. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/**
 * Parses `SEQ:HASH` as printed by `stint audit verify`, or as `<file>.chain` holds it (padded with
 * spaces); the hash may be cut to its first 16+ hex digits.
 *
 * @example
 * parseAuditAnchor('42:9f86d081884c7d65') // { seq: 42, hash: '9f86d081884c7d65' }
 */
export function parseAuditAnchor(text: string): AuditAnchor | undefined {
  // Trimmed: `"$(cat audit.jsonl.chain)"` gives the record with the spaces that pad it.
  const match = /^([1-9][0-9]{0,15}):([0-9a-f]{16,64})$/.exec(text.trim());
  if (match === null || !Number.isSafeInteger(Number(match[1]))) return undefined;
  return { seq: Number(match[1]), hash: match[2]! };
}

/**
 * Checks the whole chain and names the first bad line (1-based) with a reason: not JSON,
 * edited, removed, inserted, reordered or cut short. Reads each file as a stream, so any size.
 * Several files are a rotated series, oldest first: each file's first line must continue the
 * previous file's last line (its seq next, its prev that line's hash), as the audit log writes
 * it when the file is rotated under it, so a file left out or lines cut off the end of one are
 * named. A first file that continues a chain from an earlier one (seq > 1) is checked against
 * `after`, that earlier file's last anchor, and is refused without it.
 * On success it returns the last line's seq and hash: keep them elsewhere and pass them as
 * `anchor` next time, which also catches what the chain alone cannot: lines cut off the end,
 * or the whole chain rewritten up to that line.
 *
 * @example
 * const result = await verifyAuditLog('.stint/audit.jsonl', { anchor: { seq: 42, hash } });
 * if (!result.ok) console.error(`line ${result.line}: ${result.reason}`);
 * await verifyAuditLog(['audit.jsonl.1', 'audit.jsonl']); // across a rotation
 */
export async function verifyAuditLog(
  files: string | readonly string[],
  options: { anchor?: AuditAnchor; after?: AuditAnchor } = {},
): Promise<AuditVerification> {
  const list = typeof files === 'string' ? [files] : files;
  const several = list.length > 1;
  const { anchor, after } = options;
  // What the next line must be; undefined before the first line (checked against `after` or genesis).
  let expect: { seq: number; prev: string } | undefined;
  let lines = 0;
  let previousFile: string | undefined;
  for (const file of list) {
    let line = 0;
    const fail = (reason: string): AuditVerification =>
      several ? { ok: false, line, reason, file } : { ok: false, line, reason };
    const checkLine = (bytes: Buffer): AuditVerification | undefined => {
      line += 1;
      const text = bytes.toString('utf8');
      let result: AuditRecord | string;
      if (line === 1) {
        result = checkRecord(text, undefined);
        if (typeof result === 'string') return fail(result);
        const broken = linkProblem(result, expect, previousFile, after);
        if (broken !== undefined) return fail(broken);
      } else {
        result = checkRecord(text, expect);
        if (typeof result === 'string') return fail(result);
      }
      if (anchor !== undefined && anchor.seq === result.seq && !result.hash.startsWith(anchor.hash)) {
        return fail(
          `has hash ${result.hash.slice(0, 16)}…, not the anchor's ${anchor.hash.slice(0, 16)}…: the chain was rewritten up to here, or this is another log`,
        );
      }
      lines += 1;
      expect = { seq: result.seq + 1, prev: result.hash };
      return undefined;
    };
    let pending: Buffer = Buffer.alloc(0);
    let stream: Readable | undefined;
    try {
      // A gzip-compressed file (logrotate's `compress`) is read decompressed.
      stream = await openAuditFile(file);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        for (let newline = pending.indexOf(0x0a); newline !== -1; newline = pending.indexOf(0x0a)) {
          const failure = checkLine(pending.subarray(0, newline));
          if (failure) {
            stream.destroy();
            return failure;
          }
          pending = pending.subarray(newline + 1);
        }
        if (pending.length > MAX_LINE_BYTES * 2) {
          stream.destroy();
          line += 1;
          return fail('is longer than any audit line (no newline in 128 KiB)');
        }
      }
    } catch (error) {
      throw auditReadError(file, error);
    }
    if (pending.length > 0) {
      const failure = checkLine(pending);
      if (failure) return failure;
      return fail('has no newline at the end: the file was cut short');
    }
    if (line > 0) previousFile = file;
  }
  const lastSeq = expect === undefined ? (after?.seq ?? 0) : expect.seq - 1;
  if (anchor !== undefined && anchor.seq > lastSeq) {
    const file = list[list.length - 1]!;
    return {
      ok: false,
      line: lastSeq + 1,
      reason: `is missing: the log ends at line ${lastSeq} but the anchor names line ${anchor.seq}; lines were cut off the end`,
      ...(several ? { file } : {}),
    };
  }
  return expect === undefined
    ? { ok: true, lines }
    : { ok: true, lines, last: { seq: expect.seq - 1, hash: expect.prev } };
}

/**
 * Whether a file's first line continues what came before it: the previous file's last line,
 * the `after` anchor, or nothing (then it must start the chain: seq 1, prev 64 zeros).
 */
function linkProblem(
  record: AuditRecord,
  expect: { seq: number; prev: string } | undefined,
  previousFile: string | undefined,
  after: AuditAnchor | undefined,
): string | undefined {
  if (expect !== undefined) {
    if (record.seq === expect.seq && record.prev === expect.prev) return undefined;
    const starts = record.seq === 1 && record.prev === GENESIS_HASH;
    return starts
      ? `starts a new chain instead of continuing ${previousFile} (which ends at seq ${expect.seq - 1}): the file was begun anew (its .chain file beside it was removed), or ${previousFile} is not the file before this one; verify each file on its own`
      : `has seq ${record.seq} and prev ${record.prev.slice(0, 16)}…, but ${previousFile} ends at seq ${expect.seq - 1} with hash ${expect.prev.slice(0, 16)}…: a file between them is missing, lines were cut off the end of ${previousFile}, or the files are out of order (give them oldest first)`;
  }
  if (after !== undefined) {
    if (record.seq === after.seq + 1 && record.prev.startsWith(after.hash)) return undefined;
    return `has seq ${record.seq} and prev ${record.prev.slice(0, 16)}…, which does not follow --after ${after.seq}:${after.hash.slice(0, 16)}…: lines are missing between that anchor and this file, or the anchor is another log's`;
  }
  if (record.seq === 1)
    return record.prev === GENESIS_HASH ? undefined : 'does not start the chain (prev is not 64 zeros)';
  return (
    `continues a chain from an earlier file (seq ${record.seq}, prev ${record.prev.slice(0, 16)}…): give the earlier file first (stint audit verify OLD NEW), ` +
    `or the anchor it ends at with --after ${record.seq - 1}:HASH: the last one \`stint audit verify\` printed for that file, or, for a log begun after ` +
    'ERR_AUDIT_CORRUPT or ERR_AUDIT_TRUNCATED, the one that message named (the copy of `.chain` kept with the old file: --after "$(cat OLD.chain)")'
  );
}
