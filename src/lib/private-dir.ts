import { closeSync, constants, fchmodSync, fstatSync, openSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { StintError } from './errors.js';

/**
 * Where stint keeps files that only its own user may change (the audit log, an mTLS private
 * key), and how it opens them. Whoever can write a directory can rename, replace or remove what
 * it holds, and can plant a symlink at a name stint is about to open, so that stint (often
 * root, in a container) writes or chmods a file of the attacker's choosing.
 */

/** Group- and other-write on a directory. */
const WRITABLE_BY_OTHERS = 0o022;
/** The sticky bit (S_ISVTX, not in Node's fs.constants): only a file's owner may rename or remove it. */
const STICKY = 0o1000;

/**
 * What to do about a path of another non-root user: usually the broker's (a `stint keys` command
 * run as root or as oneself on the broker's state), so the command belongs run as that user.
 */
function runAsOwner(owner: number): string {
  return `run this as uid ${owner}, the user that owns it, as the broker does (under systemd's DynamicUser=, with the systemd-run command in deploy/README.md#systemd)`;
}

/**
 * Makes `dir` (and missing parents) with `mode` (0700), and checks an existing one: it must be
 * a directory owned by this user or root, that no other user can write. When group or others
 * can write it, it is tightened (those write bits removed, nothing else) if it belongs to this
 * user and this user is not root; otherwise it is refused with ERR_PATH_INSECURE and how to fix
 * it: stint never changes the mode of a directory it does not own, of a shared one like /tmp,
 * or of a system directory that root happens to own (Ubuntu's /var/log is group-writable on
 * purpose). A `dir` that is a symlink to a directory is followed: the operator named it.
 *
 * @example
 * await ensurePrivateDir('/var/lib/stint');   // created 0700; an existing 0777 one of ours becomes 0755
 */
export async function ensurePrivateDir(dir: string, mode = 0o700): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  const info = await stat(dir);
  if (!info.isDirectory()) throw insecure(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid === undefined) return; // Windows: no POSIX owners or modes.
  if (info.uid !== uid && info.uid !== 0) {
    throw insecure(
      `${dir} belongs to another user (uid ${info.uid}), who could replace what stint writes there; ${runAsOwner(info.uid)}, or use a directory of your own`,
    );
  }
  if ((info.mode & WRITABLE_BY_OTHERS) === 0) return;
  const shared = (info.mode & STICKY) !== 0;
  if (info.uid === uid && uid !== 0 && !shared) {
    await chmod(dir, info.mode & 0o7777 & ~WRITABLE_BY_OTHERS);
    return;
  }
  throw insecure(
    shared
      ? `${dir} is shared: other users can create files there (like /tmp) and could plant a symlink or a file of their own; use a directory of your own`
      : `${dir} is writable by its group or by others (mode ${(info.mode & 0o777).toString(8)}), who could replace what stint writes there; run \`chmod go-w ${dir}\` or use a directory of your own`,
  );
}

/**
 * Opens `file` to append to and read it, creating it with `mode` (0600), without following a
 * symlink at that name (O_NOFOLLOW: a planted link is refused, not written through). What was
 * opened must be a regular file owned by this user with no second name (a hard link to a file
 * stint must not write); an existing file with looser modes is tightened through its
 * descriptor, never by path (which would follow a link swapped in meanwhile). `append` 0 opens
 * it to overwrite in place (positioned writes) instead.
 *
 * @example
 * const fd = openPrivateAppend('/var/lib/stint/audit.jsonl');
 */
export function openPrivateAppend(file: string, mode = 0o600, append = constants.O_APPEND): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDWR | append | constants.O_CREAT | constants.O_NOFOLLOW, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw insecure(
        `${file} is a symbolic link: stint writes only to a file at that name, never through a link`,
        error,
      );
    throw error;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw insecure(`${file} is not a regular file`);
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid)
      throw insecure(
        info.uid === 0
          ? `${file} belongs to another user (uid ${info.uid}); move it aside or give it to the broker's user`
          : `${file} belongs to another user (uid ${info.uid}); ${runAsOwner(info.uid)}, or move it aside`,
      );
    if (info.nlink > 1)
      throw insecure(
        `${file} has ${info.nlink} names (hard links); another of them could be a file stint must not write`,
      );
    if ((info.mode & 0o7777) !== mode) fchmodSync(fd, mode);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

function insecure(message: string, cause?: unknown): StintError {
  return new StintError('ERR_PATH_INSECURE', message, cause === undefined ? undefined : { cause });
}
