import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { StintError } from '../lib/errors.js';

/**
 * The action's private directory, `$RUNNER_TEMP/stint-XXXXXX/` (0700). Everything the action
 * writes goes here: never the workspace (it could end up in an artifact, a cache or an image)
 * and never `$HOME`. The runner empties RUNNER_TEMP after the job; the post step deletes it first.
 */
export function makeActionDir(env: NodeJS.ProcessEnv): string {
  const tempRoot = env.RUNNER_TEMP;
  if (!tempRoot)
    throw new StintError(
      'ERR_RUNNER_TEMP',
      'RUNNER_TEMP is not set; the action must run on a GitHub Actions runner (it writes its files only there)',
    );
  mkdirSync(tempRoot, { recursive: true });
  const dir = mkdtempSync(join(tempRoot, 'stint-'));
  chmodSync(dir, 0o700);
  return dir;
}

/**
 * What tells this use of the action from another in the same job: the random part of its
 * directory (`stint-AbC123` → `ABC123`), upper-cased, as it ends the names of the variables it
 * exports for its signing config (`STINT_SECRET_WEBHOOK_1_ABC123`, `STINT_TOKEN_ABC123`). GitHub
 * carries a job's exported variables to every later step, so with fixed names a second use would
 * overwrite what the first use's config refers to, and that config would sign with the second
 * use's secrets. Upper case, because Windows reads variable names without regard to case.
 *
 * @example actionUseId('/home/runner/work/_temp/stint-AbC123') // 'ABC123'
 */
export function actionUseId(dir: string): string {
  return basename(dir)
    .replace(/^stint-/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '_');
}

/** Writes a new file readable only by the job's user (0600); fails if it exists. */
export function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600); // the umask cannot widen it, but be explicit for files made by others
}

/** Whether `path` lies inside `$RUNNER_TEMP` (after resolving symlinks of what exists). */
export function isUnderRunnerTemp(path: string, env: NodeJS.ProcessEnv): boolean {
  const tempRoot = env.RUNNER_TEMP;
  if (!tempRoot || path === '') return false;
  const real = (p: string): string => (existsSync(p) ? realpathSync(p) : resolve(p));
  const root = real(tempRoot);
  const target = real(path);
  return target !== root && target.startsWith(root + sep);
}

/**
 * Deletes `paths` (files or directories), refusing anything outside `$RUNNER_TEMP` so a forged
 * state value cannot make the post step delete the workspace. Returns what was removed and what
 * could not be.
 */
export function removePaths(
  paths: readonly string[],
  env: NodeJS.ProcessEnv,
): { removed: string[]; failed: { path: string; reason: string }[] } {
  const removed: string[] = [];
  const failed: { path: string; reason: string }[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    if (!isUnderRunnerTemp(path, env)) {
      failed.push({ path, reason: 'not under RUNNER_TEMP; left alone' });
      continue;
    }
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch (error) {
      failed.push({ path, reason: (error as Error).message });
    }
  }
  return { removed, failed };
}
