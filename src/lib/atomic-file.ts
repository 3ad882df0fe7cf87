import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `file` so that a reader sees either the old content or the new, never a
 * half-written file: the bytes go to a temp file in the same directory (created with `mode`,
 * so a secret is never readable by others even for a moment), are flushed, then renamed over
 * the target. rename(2) within one directory is atomic on POSIX.
 *
 * @example
 * await writeFileAtomic('/srv/stint/keys/keys.json', JSON.stringify(manifest), 0o600);
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Creates `dir` (and parents) and forces it to `mode`, e.g. 0700 for a directory of private keys. */
export async function ensurePrivateDir(dir: string, mode = 0o700): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  await chmod(dir, mode);
}
