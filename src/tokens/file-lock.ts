import { open, stat, unlink } from 'node:fs/promises';
import { StintError } from '../errors.js';

/** A lock older than this is left over from a crashed process and may be broken. */
const STALE_AFTER_MS = 30_000;
const WAIT_LIMIT_MS = 10_000;
const RETRY_EVERY_MS = 25;

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL), so that a CLI
 * (`stint keys rotate`, `create-api-key`) and running brokers never interleave a
 * read-modify-write of the same manifest. Waits up to 10 s; a lock file older than 30 s is
 * treated as left by a crashed process and removed.
 *
 * @example
 * await withFileLock(join(dir, '.lock'), async () => { const m = await read(); await write(next(m)); });
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lockFile).catch(() => undefined);
      if (info !== undefined && Date.now() - info.mtimeMs > STALE_AFTER_MS) {
        await unlink(lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() - started > WAIT_LIMIT_MS) {
        throw new StintError('ERR_LOCK_TIMEOUT', `could not lock ${lockFile} within 10 s; if no other stint process is running, delete that file`);
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockFile).catch(() => undefined);
  }
}
