import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, ftruncateSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { StintError } from '../lib/errors.js';
import { currentUser } from '../lib/file-access.js';

/**
 * `$GITHUB_ENV`, where `stint exchange --format github` leaves the token for the job's later
 * steps: checked before the exchange, so a job that cannot receive a token does not spend its ID
 * token on one, and written so that a failed write leaves the file as it was.
 */

/**
 * Throws ERR_GITHUB_ENV_UNWRITABLE, naming the path and why, unless `file` can be appended to: it
 * is opened for appending (and created 0600 when missing, as the write would) and closed again. A
 * file the check created is removed, so an exchange that then fails leaves nothing behind.
 *
 * @example
 * checkGithubEnvWritable(io.env.GITHUB_ENV); // before the exchange
 */
export function checkGithubEnvWritable(file: string): void {
  let existed = true;
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw unwritable(file, 'it is a directory');
    // Opening a FIFO for writing waits for a reader, which may never come.
    if (info.isFIFO() || info.isSocket()) throw unwritable(file, 'it is not a regular file');
  } catch (error) {
    if (error instanceof StintError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unwritable(file, why(file, error));
    existed = false;
  }
  let fd: number;
  try {
    fd = openSync(file, 'a', 0o600);
  } catch (error) {
    throw unwritable(file, why(file, error));
  }
  closeSync(fd);
  if (!existed) unlinkSync(file);
}

/**
 * Appends `variables` in the runner's heredoc form (`NAME<<DELIM`), each with a random delimiter
 * that cannot occur in its value, so no value can inject another variable. The file is created
 * 0600 when it does not exist yet. When the write fails (no space left, say) the file is cut back
 * to its length before, best effort, so no half-written token stays in it, and the error is thrown.
 */
export function appendGithubEnv(
  file: string,
  variables: Array<[name: string, value: string]>,
  random: (size: number) => Buffer = randomBytes,
): void {
  const lines: string[] = [];
  for (const [name, value] of variables) {
    const delimiter = `ghadelimiter_${random(16).toString('hex')}`;
    if (value.includes(delimiter)) throw new StintError('ERR_EXCHANGE_FAILED', `${name} contains its own delimiter`);
    lines.push(`${name}<<${delimiter}`, value, delimiter);
  }
  const fd = openSync(file, 'a', 0o600);
  try {
    const before = fstatSync(fd).size;
    try {
      appendFileSync(fd, `${lines.join('\n')}\n`);
    } catch (error) {
      try {
        if (fstatSync(fd).isFile()) ftruncateSync(fd, before);
      } catch {
        // Best effort: the write's own error is the one to report.
      }
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

/** Why a write to `file` failed, in words, from its error: never more than the path and the code. */
export function why(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return `its directory ${dirname(file)} does not exist`;
    case 'ENOTDIR':
      return `a part of its path is not a directory (ENOTDIR)`;
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code}) for ${currentUser()}`;
    case 'EROFS':
      return 'it is on a read-only file system (EROFS)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    default:
      return typeof code === 'string' ? `the system refused it (${code})` : 'it could not be written';
  }
}

function unwritable(file: string, reason: string): StintError {
  return new StintError(
    'ERR_GITHUB_ENV_UNWRITABLE',
    `--format github writes the token to $GITHUB_ENV, and GITHUB_ENV=${file} cannot be written: ${reason}; no token was requested (the ID token is unspent). Point GITHUB_ENV at a writable file (a GitHub Actions runner sets it for each step), or pick --format shell`,
  );
}
