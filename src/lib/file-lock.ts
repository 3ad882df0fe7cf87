import {
  type BigIntStats,
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StintError } from './errors.js';

/**
 * Cross-process locks on one host: a lock file created with O_EXCL, naming its holder. The CLI
 * (`stint keys …`) and running brokers take them so they never interleave a read-modify-write
 * of the same manifest, API key file, audit log or CA.
 *
 * A waiter retries every 25 ms for up to 40 s, and says it is waiting by keeping
 * `<lock>.wanted` fresh, so a holder that keeps its lock between uses (`FileLease`) lets go.
 * After 5 s it also tells the operator on stderr which process holds the lock.
 * Holders refresh the lock's mtime every 10 s. A lock naming a process of this host and pid
 * namespace is judged by that process alone: broken at once when it no longer runs (or its pid
 * now belongs to a later process), and never while it runs, however long since its last refresh
 * (a holder stopped with SIGSTOP, frozen or swapped out for minutes still holds its lock). Any
 * other lock (another host's, or one whose holder cannot be checked) is broken as left behind by
 * a crash when it has not been refreshed for 30 s. Breaking happens
 * under a second O_EXCL file, `<lock>.break`, and re-checks that the lock is still the one found
 * stale, so two waiters never break each other's fresh lock; a holder removes only its own lock
 * (same inode and mtime), never one that replaced it. A holder that finds at a refresh that its
 * lock is gone or another's (another host broke it after its holder stalled 30 s, or someone
 * deleted it) knows it lost it: `holdExclusively` says so, and a `FileLease` takes it anew.
 * Only a missing lock (ENOENT) or another file at its name means lost: a check the file system
 * refuses (EACCES on a directory made unreadable, EIO, a path component that is no longer a
 * directory) cannot tell, so the lock is kept, and the holder is told the error instead.
 *
 * No name is followed if it is a symlink: locks are created with O_EXCL (which never follows),
 * `.wanted` is written and a lock's holder read with O_NOFOLLOW, and ages are taken with lstat,
 * so a link planted at one of these names cannot make stint write, read or judge another file.
 *
 * Taking and dropping a free lock are synchronous: each is one metadata syscall of a few
 * microseconds, where the async forms cost a thread-pool round trip each. Only waiting yields.
 */

/** A lock not refreshed for this long is left over from a crashed process and may be broken. */
const STALE_AFTER_MS = 30_000;
/** Holders refresh the lock's mtime this often, well inside STALE_AFTER_MS. */
const REFRESH_EVERY_MS = 10_000;
/** Longer than STALE_AFTER_MS, so a lock whose holder cannot be proven dead is outwaited, not reported. */
const WAIT_LIMIT_MS = 40_000;
const RETRY_EVERY_MS = 25;
/** A wait this long is not a hand-off between busy holders: say on stderr who holds the lock. */
const SAY_WAITING_AFTER_MS = 5_000;
/** A `.wanted` file not refreshed for this long was left by a waiter that gave up or died. */
const WANTED_FRESH_MS = 1_000;
/** A `.break` guard is held for microseconds; one this old was left by a crash inside it. */
const BREAK_GUARD_STALE_MS = 5_000;

/** Who holds a lock: pid, host, pid namespace and the process's start time (so a reused pid is not taken for the holder). */
const HOLDER = `${process.pid}@${hostname()} ${pidNamespace()} ${processStat(process.pid)?.startedAt ?? ''}`.trimEnd();

/** Locks this process holds: the identity (inode, mtime) of the file it created, to remove only its own. */
const heldHere = new Map<string, { ino: bigint; mtimeNs: bigint }>();

/**
 * Runs `fn` while holding the lock, and drops it after.
 *
 * @example
 * await withFileLock(join(dir, '.lock'), async () => { const m = await read(); await write(next(m)); });
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  await acquire(lockFile);
  const refresh = setInterval(() => {
    try {
      refreshLock(lockFile);
    } catch {
      // Cannot tell now (its directory unreadable): `fn` meets the same error; the next refresh looks again.
    }
  }, REFRESH_EVERY_MS).unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    release(lockFile);
  }
}

/**
 * A lock kept between uses while they come often: the audit log writes a batch for every few
 * exchanges, and creating and removing a lock file for each batch cost the broker a fifth of
 * its throughput (the file system journals every create and unlink). The lease is dropped
 * after `idleMs` without use, and at the next use after another process says it is waiting;
 * its mtime is refreshed every 10 s so waiters never take it for a crashed holder's.
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
  #refreshedAt = 0;
  #lastUse = 0;
  #lastWantedCheck = 0;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(lockFile: string, options: { idleMs?: number } = {}) {
    this.#lockFile = lockFile;
    this.#idleMs = options.idleMs ?? 50;
  }

  /** Runs the synchronous `fn` holding the lock, taking it first when not held. */
  async run<T>(fn: () => T): Promise<T> {
    if (this.#held && this.#waiterIsWaiting()) {
      this.release();
      // Give the waiter two of its retries to get in before taking the lock back.
      await sleep(RETRY_EVERY_MS * 2);
    }
    if (!this.#held) {
      await acquire(this.#lockFile);
      this.#held = true;
      this.#refreshedAt = Date.now();
      this.#idleTimer = setTimeout(() => this.#releaseWhenIdle(), this.#idleMs).unref();
    }
    this.#lastUse = Date.now();
    if (this.#lastUse - this.#refreshedAt > REFRESH_EVERY_MS) {
      // Throws when the lock cannot be checked (its directory unreadable): `fn` is not run, the
      // lease is kept, and the next use checks again.
      if (refreshLock(this.#lockFile) !== 'ours') {
        // Taken from us while we did not refresh it (this process stalled 30 s and another host
        // broke it, or it was deleted): wait for it again rather than write beside its holder.
        clearTimeout(this.#idleTimer);
        this.#held = false;
        heldHere.delete(this.#lockFile);
        return this.run(fn);
      }
      this.#refreshedAt = this.#lastUse;
    }
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

  /** Whether another process is waiting (checked at most every 25 ms: one stat). */
  #waiterIsWaiting(): boolean {
    const now = Date.now();
    if (now - this.#lastWantedCheck < RETRY_EVERY_MS) return false;
    this.#lastWantedCheck = now;
    try {
      // Mostly there is no waiter: no file, told without building an ENOENT error (a quarter of the
      // check's cost, every 25 ms while the log is busy).
      const wanted = lstatSync(`${this.#lockFile}.wanted`, { throwIfNoEntry: false });
      return wanted !== undefined && now - wanted.mtimeMs < WANTED_FRESH_MS;
    } catch {
      return false;
    }
  }
}

/** A lock held for a process's lifetime (`holdExclusively`), or who holds it instead. */
export type ExclusiveHold =
  | {
      held: true;
      release: () => void;
      /**
       * Undefined while the lock is still this process's (one lstat); once it is not, why: "its
       * lock file was removed" or "pid 4242 on host build-7 took it". Lost stays lost. Throws the
       * file system's error (EACCES, EIO, ENOTDIR…) when it cannot tell: the lock is not lost,
       * but must not be relied on until a later call can check it.
       */
      lost: () => string | undefined;
      /**
       * Set when the lock was left by a holder this host cannot check (another host's, or another
       * pid namespace's) and was broken for having gone 30 s without refresh: who held it, and
       * when it last refreshed it. The caller says so (a taken-over lock may hide a holder that
       * still runs, stalled, on a file system shared across hosts).
       */
      tookOver?: { holder: string; refreshedAtMs: number };
    }
  | {
      held: false;
      holder: string;
      /**
       * Set when the holder cannot be checked from this host (another host's, or another pid
       * namespace's): when it last refreshed the lock, and when, unrefreshed, it may be taken over.
       */
      unchecked?: { refreshedAtMs: number; takeOverAtMs: number };
    };

/**
 * Takes the lock for as long as this process runs, without waiting: a broker's state directory
 * belongs to one process, and a second one must refuse to start rather than queue behind the
 * first. A lock left by a crashed holder is broken as `withFileLock` would break it (at once
 * for a dead process of this host, after 30 s without refresh for another host's). When a live
 * process holds it, says who ("pid 4242 on host build-7").
 *
 * The holder must not act on the lock once it is lost: `lost()` checks before each action, and
 * `onLost` is told as soon as a refresh (every 10 s) finds the lock gone or another's. A refresh
 * that cannot look (the directory unreadable) tells nothing; `lost()` throws meanwhile.
 *
 * @example
 * const hold = holdExclusively(join(stateDir, 'state.lock'), { onLost: (why) => stop(why) });
 * if (!hold.held) throw new Error(`held by ${hold.holder}`);
 * if (hold.lost() === undefined) acknowledge();
 */
export function holdExclusively(lockFile: string, options: { onLost?: (why: string) => void } = {}): ExclusiveHold {
  let tookOver: { holder: string; refreshedAtMs: number } | undefined;
  if (!tryLock(lockFile)) {
    const found = statOrUndefined(lockFile);
    const holder = describeHolder(lockFile);
    const byAge = found !== undefined && judge(lockFile, found).byAge;
    if (!(breakIfStale(lockFile) && tryLock(lockFile))) {
      const now = statOrUndefined(lockFile);
      if (now === undefined || !judge(lockFile, now).byAge) return { held: false, holder: describeHolder(lockFile) };
      const refreshedAtMs = Number(now.mtimeMs);
      return {
        held: false,
        holder: describeHolder(lockFile),
        unchecked: { refreshedAtMs, takeOverAtMs: refreshedAtMs + STALE_AFTER_MS },
      };
    }
    if (byAge) tookOver = { holder, refreshedAtMs: Number(found.mtimeMs) };
  }
  let released = false;
  let lostWhy: string | undefined;
  const markLost = (found: 'removed' | 'replaced'): string => {
    clearInterval(refresh);
    heldHere.delete(lockFile);
    lostWhy = found === 'removed' ? 'its lock file was removed' : `${describeHolder(lockFile)} took it`;
    options.onLost?.(lostWhy);
    return lostWhy;
  };
  const refresh = setInterval(() => {
    let found: ReturnType<typeof ownership>;
    try {
      found = refreshLock(lockFile);
    } catch {
      return; // Cannot tell now (its directory unreadable): not lost; lost() throws meanwhile, and the next refresh looks again.
    }
    if (found !== 'ours') markLost(found);
  }, REFRESH_EVERY_MS).unref();
  return {
    held: true,
    ...(tookOver === undefined ? {} : { tookOver }),
    release: () => {
      if (released) return;
      released = true;
      clearInterval(refresh);
      release(lockFile);
    },
    lost: () => {
      if (lostWhy !== undefined || released) return lostWhy;
      const found = ownership(lockFile);
      return found === 'ours' ? undefined : markLost(found);
    },
  };
}

/** "pid 4242 on host build-7" from a lock file's holder line, or what is known when it cannot be read. */
function describeHolder(lockFile: string): string {
  try {
    const match = /^(\d+)@(\S+)/.exec(readFileSync(lockFile, 'utf8'));
    if (match !== null) return `pid ${match[1]} on host ${match[2]}`;
  } catch {
    // Gone between our try and this read: the holder just let go.
  }
  return 'another process';
}

async function acquire(lockFile: string): Promise<void> {
  const started = Date.now();
  const wanted = `${lockFile}.wanted`;
  let waiting = false;
  let said = false;
  try {
    while (!tryLock(lockFile)) {
      waiting = true;
      // Refreshed on every try: a holder keeping a lease lets go when it sees this.
      markWanted(wanted);
      if (breakIfStale(lockFile)) continue;
      if (!said && Date.now() - started > SAY_WAITING_AFTER_MS) {
        said = true;
        process.stderr.write(
          `stint: waiting for ${lockFile}, held by ${describeHolder(lockFile)}, for ${SAY_WAITING_AFTER_MS / 1000} s; giving up after ${WAIT_LIMIT_MS / 1000} s\n`,
        );
      }
      if (Date.now() - started > WAIT_LIMIT_MS) {
        throw new StintError(
          'ERR_LOCK_TIMEOUT',
          `could not lock ${lockFile} within ${WAIT_LIMIT_MS / 1000} s: ${describeHolder(lockFile)} holds it and still runs ` +
            '(stopped with SIGSTOP, frozen or stuck?); resume or stop that process, and delete the file only if it is not running',
        );
      }
      await sleep(RETRY_EVERY_MS);
    }
  } finally {
    if (waiting) await unlink(wanted).catch(() => undefined);
  }
}

/** Removes the lock only if it is still the file this process created. */
function release(lockFile: string): void {
  const mine = heldHere.get(lockFile);
  heldHere.delete(lockFile);
  if (mine !== undefined && sameFile(statOrUndefined(lockFile), mine)) unlinkQuietly(lockFile);
}

/**
 * Touches the lock so waiters see its holder is alive, when it is still this process's; says
 * whether it is (see `ownership`, which throws when that cannot be told).
 */
function refreshLock(lockFile: string): ReturnType<typeof ownership> {
  const found = ownership(lockFile);
  if (found !== 'ours') return found;
  const mine = heldHere.get(lockFile) as { ino: bigint; mtimeNs: bigint };
  let fd: number | undefined;
  try {
    fd = openSync(lockFile, constants.O_RDONLY | constants.O_NOFOLLOW);
    const now = new Date();
    futimesSync(fd, now, now);
    const info = fstatSync(fd, { bigint: true });
    if (info.ino !== mine.ino) return 'replaced';
    heldHere.set(lockFile, { ino: info.ino, mtimeNs: info.mtimeNs });
  } catch {
    // Replaced by a link or read-only: still ours as far as we can tell; the next waiter judges it by its age.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return 'ours';
}

/**
 * Whether the lock file is still the one this process created: the same inode, and the mtime it
 * last gave it (or, where a file system reports another mtime, the same inode still naming this
 * process). A freed inode may be reused by the next file, so the inode alone does not tell.
 * `removed` when nothing is at its name (ENOENT), `replaced` when another file is. Throws the
 * file system's error when it cannot look (EACCES on an unreadable directory, EIO, ENOTDIR,
 * ELOOP…): that says nothing about who holds the lock.
 */
function ownership(lockFile: string): 'ours' | 'removed' | 'replaced' {
  const mine = heldHere.get(lockFile);
  let info: BigIntStats;
  try {
    info = lstatSync(lockFile, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'removed';
    throw error;
  }
  // Not held here (dropped as lost before): whatever is at the name is another's.
  if (mine === undefined || info.ino !== mine.ino) return 'replaced';
  if (info.mtimeNs === mine.mtimeNs) return 'ours';
  let holder: string;
  try {
    holder = readNoFollow(lockFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'removed';
    throw error;
  }
  return holder === HOLDER ? 'ours' : 'replaced';
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
  try {
    writeSync(fd, HOLDER);
    const info = fstatSync(fd, { bigint: true });
    heldHere.set(lockFile, { ino: info.ino, mtimeNs: info.mtimeNs });
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(lockFile);
    throw error;
  }
  closeSync(fd);
  return true;
}

/**
 * Breaks the lock if it is stale, under `<lock>.break` so only one waiter breaks at a time, and
 * only if the lock is still the file judged stale. True when it broke one (try again at once).
 */
function breakIfStale(lockFile: string): boolean {
  const found = statOrUndefined(lockFile);
  if (found === undefined || !isStale(lockFile, found)) return false;
  const guard = `${lockFile}.break`;
  try {
    closeSync(openSync(guard, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    const guardInfo = statOrUndefined(guard);
    if (guardInfo !== undefined && Date.now() - Number(guardInfo.mtimeMs) > BREAK_GUARD_STALE_MS) unlinkQuietly(guard);
    return false; // Another waiter is breaking it; look again on the next try.
  }
  try {
    if (!sameFile(statOrUndefined(lockFile), found)) return false;
    unlinkQuietly(lockFile);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

/**
 * Naming a process of this host and pid namespace: stale when that process is gone, never while it
 * runs. Any other lock: stale when not refreshed for 30 s.
 */
function isStale(lockFile: string, info: BigIntStats): boolean {
  return judge(lockFile, info).stale;
}

/** Whether the lock is stale, and whether that was judged by its age alone (its holder cannot be checked here). */
function judge(lockFile: string, info: BigIntStats): { stale: boolean; byAge: boolean } {
  const aged = Date.now() - Number(info.mtimeMs) > STALE_AFTER_MS;
  const byAge = { stale: aged, byAge: true };
  let holder: string;
  try {
    holder = readNoFollow(lockFile);
  } catch {
    return byAge; // Gone, unreadable or a symlink: judged by its age alone; the next try tells.
  }
  const match = /^(\d+)@(\S+) (\S+)(?: (\d+))?$/.exec(holder);
  // Another host, or another pid namespace on this host (containers of one pod share a hostname): its pids mean nothing here.
  if (match === null || match[2] !== hostname() || match[3] !== pidNamespace() || match[3] === 'unknown') return byAge;
  const pid = Number(match[1]);
  const startedAt = match[4];
  // Our own pid on a lock we do not hold: left by an earlier process with our pid (pid 1 in a restarted container).
  if (pid === process.pid) return { stale: !heldHere.has(lockFile), byAge: false };
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return { stale: true, byAge: false };
  }
  // Alive (or another user's): is it the holder, a zombie, or a later process that got the same pid?
  const now = processStat(pid);
  if (now === undefined || startedAt === undefined) return byAge; // Cannot tell: judged by its age.
  return { stale: now.state === 'Z' || now.startedAt !== startedAt, byAge: false };
}

/** The pid namespace on Linux (`pid:[4026531836]`); `unknown` elsewhere, which turns the dead-holder check off. */
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return 'unknown';
  }
}

/**
 * A process's state (`Z` for a zombie: exited, not yet reaped) and start time in clock ticks since
 * boot (Linux /proc/PID/stat fields 3 and 22), or undefined when they cannot be read.
 */
function processStat(pid: number): { state: string; startedAt: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] === undefined ? undefined : { state: fields[0] ?? '', startedAt: fields[19] };
  } catch {
    return undefined;
  }
}

/**
 * The name's own metadata (lstat): a symlink is judged as itself, never as what it points to.
 * Undefined when absent or when it cannot be read: its callers then leave the file alone (no
 * release, no break), which is right either way; whether a held lock was lost is `ownership`'s.
 */
function statOrUndefined(file: string): BigIntStats | undefined {
  try {
    return lstatSync(file, { bigint: true });
  } catch {
    return undefined;
  }
}

/** Says "a process is waiting" by creating or refreshing `.wanted`; never through a symlink. */
function markWanted(wanted: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(wanted, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
    writeSync(fd, HOLDER);
  } catch {
    // A link or an unwritable dir: the holder then keeps its lease until idle, which only slows us.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readNoFollow(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

function sameFile(info: BigIntStats | undefined, expected: { ino: bigint; mtimeNs: bigint }): boolean {
  return info !== undefined && info.ino === expected.ino && info.mtimeNs === expected.mtimeNs;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
