import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { StintError } from './errors.js';

const NOT_ALLOWED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Turns a file-system refusal on one of stint's own files (EACCES, EPERM, EROFS with a path) into
 * a StintError that says which file, which user stint runs as, who owns the file and what to
 * fix; anything else comes back undefined. The CLI applies it to every error that reaches it, so
 * running as another user than owns the state or keys never ends in a stack trace.
 *
 * @example
 * const friendly = fileAccessError(error); // ERR_FILE_ACCESS: cannot open /srv/stint/keys/keys.json: …
 */
export function fileAccessError(error: unknown): StintError | undefined {
  const failure = error as NodeJS.ErrnoException | null;
  if (failure === null || typeof failure !== 'object') return undefined;
  if (typeof failure.code !== 'string' || !NOT_ALLOWED.has(failure.code) || typeof failure.path !== 'string') {
    return undefined;
  }
  const path = failure.path;
  const action = failure.syscall ?? 'use';
  if (failure.code === 'EROFS') {
    return new StintError(
      'ERR_FILE_READ_ONLY',
      `cannot ${action} ${path}: it is on a read-only file system; mount it writable, or point the config at a writable path`,
      { cause: error },
    );
  }
  return new StintError(
    'ERR_FILE_ACCESS',
    `cannot ${action} ${path}: permission denied (${failure.code}) for ${currentUser()}; ${ownerOf(path)}. ` +
      'Run stint as the user that owns its files (config, TLS key, state, keys, audit log), or give this user access to them (chown/chmod)',
    { cause: error },
  );
}

/** `uid 65534 (nobody), gid 65534`: who this process runs as, for messages about files it may not use. */
export function currentUser(): string {
  if (typeof process.getuid !== 'function') return 'this user';
  let name = '';
  try {
    name = ` (${userInfo().username})`;
  } catch {
    // A uid with no passwd entry (a container's arbitrary uid) has no name.
  }
  return `uid ${process.getuid()}${name}, gid ${process.getgid?.()}`;
}

/**
 * Who owns the file and its mode, or its nearest parent that can be looked at when the file is
 * not there (yet) or its own dir may not be searched: `/srv/stint/state is owned by uid 0, gid 0, mode 0700`.
 */
export function ownerOf(path: string): string {
  for (let at = path; ; at = dirname(at)) {
    try {
      const info = statSync(at);
      const mode = (info.mode & 0o7777).toString(8).padStart(4, '0');
      return `${at === path ? at : `its dir ${at}`} is owned by uid ${info.uid}, gid ${info.gid}, mode ${mode}`;
    } catch {
      if (dirname(at) === at) return 'its owner could not be read';
    }
  }
}
