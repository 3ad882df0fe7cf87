import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FileLease, withFileLock } from '../src/lib/file-lock.js';

// Who may break a lock someone else left. Linux only: the dead-holder check reads /proc.
const dir = mkdtempSync(join(tmpdir(), 'stint-file-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pidNamespace = readlinkSync('/proc/self/ns/pid');
const startTime = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};
let counter = 0;
const lockPath = () => join(dir, `lock-${++counter}`);

/** A pid that ran a moment ago and has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** Starts taking the lock; says whether it got it so far, and removes the blocker when asked. */
function contend(lock: string): { got(): boolean; done: Promise<void> } {
  let got = false;
  const done = withFileLock(lock, async () => {
    got = true;
  });
  return { got: () => got, done };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes a lock naming `holder`, refreshed (mtime) an hour from now: it cannot be judged stale by
 * its age (30 s without refresh) while the test runs, so a withFileLock that gets in broke it
 * because of whom it names, however long this process took to get there on a busy machine (a
 * 10 s time limit stood for that, and python3 alone took 6 to 11 s to start at load 20). One that
 * does not break it gives up with ERR_LOCK_TIMEOUT after 40 s, failing the test.
 */
function lockNaming(holder: string): string {
  const lock = lockPath();
  writeFileSync(lock, holder);
  const ahead = new Date(Date.now() + 3_600_000);
  utimesSync(lock, ahead, ahead);
  return lock;
}

describe('withFileLock and a lock left by someone else', () => {
  it('breaks at once a fresh lock naming a process of this host and pid namespace that has exited', async () => {
    const lock = lockNaming(`${await deadPid()}@${hostname()} ${pidNamespace}`);
    await withFileLock(lock, async () => {
      expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid}@`));
    });
    expect(existsSync(lock)).toBe(false);
  });

  it('breaks a lock whose pid now belongs to a later process (another start time)', async () => {
    const lock = lockNaming(`${process.ppid}@${hostname()} ${pidNamespace} ${Number(startTime(process.ppid)) + 1}`);
    await withFileLock(lock, async () => undefined);
  });

  it.each([
    ['a live holder', async () => `${process.ppid}@${hostname()} ${pidNamespace} ${startTime(process.ppid)}`],
    [
      'a pid of another pid namespace (a sidecar container with the same hostname)',
      async () => `${await deadPid()}@${hostname()} pid:[1]`,
    ],
    ['a pid of another host', async () => `${await deadPid()}@elsewhere.example ${pidNamespace}`],
    ['a holder that crashed before naming itself (empty file)', async () => ''],
  ])('waits for %s until the lock is released', async (_name, holder) => {
    const lock = lockPath();
    writeFileSync(lock, await holder());
    const waiter = contend(lock);
    await pause(300);
    expect(waiter.got()).toBe(false);
    unlinkSync(lock);
    await waiter.done;
    expect(waiter.got()).toBe(true);
  });

  it('breaks any lock not refreshed for 30 s', async () => {
    const lock = lockPath();
    writeFileSync(lock, `${process.ppid}@elsewhere.example pid:[1]`);
    const old = new Date(Date.now() - 31_000);
    utimesSync(lock, old, old);
    await withFileLock(lock, async () => undefined);
  });

  it('never breaks the lock of a live process of this host, however long since its last refresh (a holder stopped with SIGSTOP)', async () => {
    const lock = lockPath();
    writeFileSync(lock, `${process.ppid}@${hostname()} ${pidNamespace} ${startTime(process.ppid)}`);
    const old = new Date(Date.now() - 600_000);
    utimesSync(lock, old, old);
    const waiter = contend(lock);
    await pause(300);
    expect(waiter.got()).toBe(false);
    unlinkSync(lock);
    await waiter.done;
    expect(waiter.got()).toBe(true);
  });

  it('breaks at once the lock of a holder that exited and was not reaped (a zombie)', async () => {
    // The child exits at once and its parent (python3, which .ci/run installs) never waits for it.
    // (Not `sh -c 'sleep 0 & …; exec sleep 60'`: a shell may reap a finished child before its exec.)
    const parent = spawn(
      'python3',
      [
        '-c',
        'import os, time\nchild = os.fork()\nif child == 0: os._exit(0)\nprint(child, flush=True)\ntime.sleep(60)',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      const zombie = Number(
        await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(String(d)))),
      );
      for (let state = ''; state !== 'Z'; await pause(20)) {
        const stat = readFileSync(`/proc/${zombie}/stat`, 'utf8');
        state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
      }
      const lock = lockNaming(`${zombie}@${hostname()} ${pidNamespace} ${startTime(zombie)}`);
      await withFileLock(lock, async () => undefined);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('never removes a lock that replaced its own', async () => {
    const lock = lockPath();
    await withFileLock(lock, async () => {
      // Someone judged ours stale and took over: our release must leave theirs alone.
      unlinkSync(lock);
      writeFileSync(lock, `${process.ppid}@elsewhere.example pid:[1]`);
    });
    expect(readFileSync(lock, 'utf8')).toBe(`${process.ppid}@elsewhere.example pid:[1]`);
  });

  it("lets one in-process waiter at a time through a dead holder's lock", async () => {
    const lock = lockPath();
    writeFileSync(lock, `${await deadPid()}@${hostname()} ${pidNamespace}`);
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(lock, async () => {
          most = Math.max(most, ++inside);
          await pause(5);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});

describe('FileLease', () => {
  it('takes its lock anew, waiting for the new holder, when it finds at a refresh that the lock was taken from it', async () => {
    const lock = lockPath();
    const lease = new FileLease(lock, { idleMs: 60_000 });
    try {
      await lease.run(() => undefined);
      // Another host broke it while this process stalled past its refresh (10 s), and holds it now.
      unlinkSync(lock);
      writeFileSync(lock, `${process.ppid}@elsewhere.example pid:[1]`);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11_000 });
      let ran = false;
      const use = lease.run(() => {
        ran = true;
      });
      await pause(300);
      expect(ran).toBe(false);
      unlinkSync(lock);
      await use;
      expect(ran).toBe(true);
      expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid}@`));
    } finally {
      vi.useRealTimers();
      lease.release();
    }
  });

  it('keeps the lock between uses, lets a waiter in, and drops it after being idle', async () => {
    const lock = lockPath();
    const lease = new FileLease(lock, { idleMs: 200 });
    await lease.run(() => undefined);
    expect(existsSync(lock)).toBe(true);
    const waiter = contend(lock);
    await pause(60);
    // The waiter has said so in <lock>.wanted; the next use gives way before taking the lock back.
    await lease.run(() => undefined);
    expect(waiter.got()).toBe(true);
    await waiter.done;
    await pause(300);
    expect(existsSync(lock)).toBe(false);
    lease.release();
  });
});
