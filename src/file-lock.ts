import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StintError } from './errors.js';

/**
 * Cross-process locks on one host: a lock file created with O_EXCL, naming its holder as
 * `pid@host`. The CLI (`stint keys …`) and running brokers take them so they never interleave
 * a read-modify-write of the same manifest, API key file or audit log.
 *
 * A waiter retries every 25 ms for up to 10 s, and says it is waiting by keeping
 * `<lock>.wanted` fresh, so a holder that keeps its lock between uses (`FileLease`) lets go.
 * A lock is broken as left behind by a crash when it is older than 30 s, or when it names a
 * process on this host that no longer runs.
 *
 * Taking and dropping a free lock are synchronous: each is one metadata syscall of a few
 * microseconds, where the async forms cost a thread-pool round trip each. Only waiting yields.
 */

/** A lock older than this is left over from a crashed process and may be broken. */
const STALE_AFTER_MS = 30_000;
const WAIT_LIMIT_MS = 10_000;
const RETRY_EVERY_MS = 25;
/** A `.wanted` file not refreshed for this long was left by a waiter that gave up or died. */
const WANTED_FRESH_MS = 1_000;

const HOLDER = `${process.pid}@${hostname()}`;
/** Locks this process holds, so a lock file naming our own pid is not mistaken for a dead one's. */
const heldHere = new Set<string>();

/**
 * Runs `fn` while holding the lock, and drops it after.
 *
 * @example
 * await withFileLock(join(dir, '.lock'), async () => { const m = await read(); await write(next(m)); });
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  await acquire(lockFile);
  try {
    return await fn();
  } finally {
    release(lockFile);
  }
}

/**
 * A lock kept between uses while they come often: the audit log writes a batch for every few
 * exchanges, and creating and removing a lock file for each batch cost the broker a fifth of
 * its throughput (the file system journals every create and unlink). The lease is dropped
 * after `idleMs` without use, at once when another process says it is waiting, and renewed
 * every 10 s so waiters never take it for a crashed holder's.
 *
 * @example
 * const lease = new FileLease(`${file}.lock`);
 * await lease.run(() => writeSync(fd, line));
 * lease.release();
 */
export class FileLease {
  readonly #lockFile: string;
  readonly #idleMs: number;
  #held = false;
  #heldSince = 0;
  #lastUse = 0;
  #lastWantedCheck = 0;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(lockFile: string, options: { idleMs?: number } = {}) {
    this.#lockFile = lockFile;
    this.#idleMs = options.idleMs ?? 50;
  }

  /** Runs the synchronous `fn` holding the lock, taking it first when not held. */
  async run<T>(fn: () => T): Promise<T> {
    const letGo = this.#held ? this.#reasonToLetGo() : undefined;
    if (letGo !== undefined) {
      this.release();
      // Give a waiter two of its retries to get in before taking the lock back.
      if (letGo === 'waiter') await sleep(RETRY_EVERY_MS * 2);
    }
    if (!this.#held) {
      await acquire(this.#lockFile);
      this.#held = true;
      this.#heldSince = Date.now();
      this.#idleTimer = setTimeout(() => this.#releaseWhenIdle(), this.#idleMs).unref();
    }
    this.#lastUse = Date.now();
    return fn();
  }

  /** Drops the lock now if held. */
  release(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (!this.#held) return;
    this.#held = false;
    release(this.#lockFile);
  }

  #releaseWhenIdle(): void {
    const idleFor = Date.now() - this.#lastUse;
    if (idleFor >= this.#idleMs) this.release();
    else this.#idleTimer = setTimeout(() => this.#releaseWhenIdle(), this.#idleMs - idleFor).unref();
  }

  /** Renewal is due, or another process is waiting (checked at most every 25 ms: one stat). */
  #reasonToLetGo(): 'renew' | 'waiter' | undefined {
    const now = Date.now();
    if (now - this.#heldSince > STALE_AFTER_MS / 3) return 'renew';
    if (now - this.#lastWantedCheck < RETRY_EVERY_MS) return undefined;
    this.#lastWantedCheck = now;
    return isFresh(`${this.#lockFile}.wanted`, now) ? 'waiter' : undefined;
  }
}

async function acquire(lockFile: string): Promise<void> {
  const started = Date.now();
  const wanted = `${lockFile}.wanted`;
  let waiting = false;
  try {
    while (!tryLock(lockFile)) {
      waiting = true;
      // Refreshed on every try: a holder keeping a lease lets go when it sees this.
      await writeFile(wanted, HOLDER, { mode: 0o600 }).catch(() => undefined);
      if (isStale(lockFile)) {
        await unlink(lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() - started > WAIT_LIMIT_MS) {
        throw new StintError('ERR_LOCK_TIMEOUT', `could not lock ${lockFile} within 10 s; if no other stint process is running, delete that file`);
      }
      await sleep(RETRY_EVERY_MS);
    }
  } finally {
    if (waiting) await unlink(wanted).catch(() => undefined);
  }
}

function release(lockFile: string): void {
  heldHere.delete(lockFile);
  try {
    unlinkSync(lockFile);
  } catch {
    // Already gone (broken as stale by another process): nothing to release.
  }
}

/** Creates the lock file naming its holder; false when it exists. Marks it held here before any await can let a waiter in. */
function tryLock(lockFile: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  heldHere.add(lockFile);
  try {
    writeSync(fd, HOLDER);
  } catch (error) {
    closeSync(fd);
    release(lockFile);
    throw error;
  }
  closeSync(fd);
  return true;
}

/** Older than 30 s, or naming a process on this host that is gone (a restarted broker finds its own crash's lock). */
function isStale(lockFile: string): boolean {
  let holder: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(lockFile).mtimeMs;
    holder = readFileSync(lockFile, 'utf8');
  } catch {
    return false; // Gone or unreadable: the next try tells.
  }
  if (Date.now() - mtimeMs > STALE_AFTER_MS) return true;
  const match = /^(\d+)@(.+)$/.exec(holder);
  if (match === null || match[2] !== hostname()) return false;
  const pid = Number(match[1]);
  // Our own pid on a lock we do not hold: left by an earlier process with our pid (pid 1 in a container).
  if (pid === process.pid) return !heldHere.has(lockFile);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function isFresh(file: string, now: number): boolean {
  try {
    return now - statSync(file).mtimeMs < WANTED_FRESH_MS;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
