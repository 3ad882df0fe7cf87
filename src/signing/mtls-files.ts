/**
 * Where set-up mTLS material lands on disk: one 0600 file each for the certificate, the key and the
 * CA, in a private directory the caller chooses (`ensurePrivateDir`: made 0700; an existing one
 * that others can write is tightened or refused). The action passes a folder under $RUNNER_TEMP,
 * never the workspace, so nothing can end up in an artifact.
 */
import { chmod, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StintError } from '../lib/errors.js';

export interface MtlsFilePaths {
  certPath: string;
  keyPath: string;
  caPath: string;
  serverCaPath: string;
}

/** The file names for profile `name` in `dir` (names are already limited to [A-Za-z0-9_.-]). */
export function mtlsFilePaths(dir: string, name: string): MtlsFilePaths {
  // Profile names are checked when parsed; this guards direct callers against a name like ../x.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
    throw new StintError(
      'ERR_SIGNING_CONFIG',
      `mtls profile name ${JSON.stringify(name)} cannot name a file: use letters, digits, ., _ or -`,
    );
  return {
    certPath: join(dir, `${name}.cert.pem`),
    keyPath: join(dir, `${name}.key.pem`),
    caPath: join(dir, `${name}.ca.pem`),
    serverCaPath: join(dir, `${name}.server-ca.pem`),
  };
}

/**
 * Writes `content` to `path` with mode 0600. Any file already there is removed first and the new
 * one created exclusively, so a planted symlink is never followed and the mode is never inherited.
 */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    // The umask can only remove bits; set 0600 explicitly so the mode never depends on it.
    await handle.chmod(0o600);
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600);
}
