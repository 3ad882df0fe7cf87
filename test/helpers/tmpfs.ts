import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** tmpfs counts space in pages of this size. */
export const PAGE = 4096;

/**
 * Why a tmpfs cannot be mounted here, or undefined when it can (tried once, at load): the
 * disk-full tests need root (as in CI and this sandbox). Guard them with
 * `describe.runIf(tmpfsRefused === undefined || process.env.CI !== undefined)` and expect
 * `tmpfsRefused` undefined first, so CI (.ci/run runs as root) never skips them.
 */
export const tmpfsRefused = ((): string | undefined => {
  if (process.getuid?.() !== 0) return 'not root';
  const dir = mkdtempSync(join(tmpdir(), 'stint-tmpfs-probe-'));
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status !== 0) return `mount refused: ${mounted.stderr || mounted.error?.message}`;
    spawnSync('umount', [dir]);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/**
 * A fresh temp dir with a tmpfs of `size` (mode 0700, root's) mounted at `<root>/<name>`. Call
 * `remove` when done (in the test's cleanup): it unmounts and deletes the dir.
 *
 * @example
 * const disk = smallDisk('2m', 'audit'); try { … } finally { disk.remove(); }
 */
export function smallDisk(size: string, name: string): { root: string; mount: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'stint-disk-full-'));
  const mount = join(root, name);
  mkdirSync(mount);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mount], {
    encoding: 'utf8',
  });
  const remove = (): void => {
    spawnSync('umount', ['-l', mount]);
    rmSync(root, { recursive: true, force: true });
  };
  if (mounted.status !== 0) {
    remove();
    throw new Error(`mount -t tmpfs failed: ${mounted.stderr || mounted.error?.message}`);
  }
  return { root, mount, remove };
}

/** Fills the tmpfs with `<mount>/<name>` until ENOSPC, then frees `keepPages` pages of it again. */
export function fill(mount: string, keepPages: number, name = 'filler'): string {
  const filler = join(mount, name);
  const fd = openSync(filler, 'w');
  try {
    const chunk = Buffer.alloc(PAGE, 0x78);
    for (;;) {
      try {
        if (writeSync(fd, chunk) < PAGE) break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        break;
      }
    }
    const pages = Math.floor(fstatSync(fd).size / PAGE);
    ftruncateSync(fd, Math.max(0, pages - keepPages) * PAGE);
  } finally {
    closeSync(fd);
  }
  return filler;
}
