import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `file` so that a reader sees either the old content or the new, never a
 * half-written file, and so that once it resolves the new content survives a power cut: the
 * bytes go to a temp file in the same directory (created with `mode`, so a secret is never
 * readable by others even for a moment), are flushed (fsync), then renamed over the target
 * (rename(2) within one directory is atomic on POSIX), and then the directory itself is flushed,
 * since the rename lives in the directory: without that a crash can bring back the old file, or
 * lose a new one, after the caller was told it was written.
 *
 * `owner` (uid and gid, -1 for one to leave) is given to the temp file before anything is written
 * to it, and `mode` set explicitly there when it is not 0600 (open's mode is cut by the umask).
 *
 * @example
 * await writeFileAtomic('/srv/stint/keys/keys.json', JSON.stringify(manifest), 0o600);
 */
export async function writeFileAtomic(
  file: string,
  data: string,
  mode = 0o600,
  owner?: { uid: number; gid: number },
): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    // Owner and mode are set before the content is written and the file is renamed into place, so
    // it is never seen with others' (or a umask's) idea of who may read it. -1 leaves one as it is.
    if (owner !== undefined) await handle.chown(owner.uid, owner.gid);
    if (mode !== 0o600) await handle.chmod(mode);
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
  await syncDir(dirname(file));
}

/**
 * Makes the entries of `dir` durable (a rename, a new or removed file in it) by fsyncing the
 * directory. Where the platform or file system cannot fsync a directory (EINVAL, EISDIR) there is
 * nothing more to do; any other error (EIO: the disk lost the write) is thrown.
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}

/** Creates `dir` (and parents) and forces it to `mode`, e.g. 0700 for a directory of private keys. */
export async function ensurePrivateDir(dir: string, mode = 0o700): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  await chmod(dir, mode);
}
