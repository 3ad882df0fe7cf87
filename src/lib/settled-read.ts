import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { StintError } from './errors.js';

export interface SettledReadOptions {
  /** How long the file must have been still before it is read. */
  stillMs: number;
  /** How long to wait for that at most, before refusing. */
  limitMs: number;
  /** Told once, when the file is not still yet and the read waits. */
  onWait?: (changedMsAgo: number) => void;
  /** Errors of stat and read, mapped to what the caller reports (a missing or unreadable file). */
  readError: (error: unknown) => Error;
}

/**
 * Reads a file once it has not changed for `stillMs`, and only if it did not change while it was
 * read. A writer that is not atomic (`cat > file`, a tool writing in pieces, a path watcher that
 * sends SIGHUP at the first write) leaves a prefix of the file for a moment, and a prefix of a
 * YAML policy is often valid YAML with fewer constraints: reading it would fail open.
 */
export async function readSettled(file: string, options: SettledReadOptions): Promise<string> {
  const started = Date.now();
  let waited = false;
  let seen: Stats | undefined;
  for (;;) {
    const now = Date.now();
    const before = await statOf(file, options);
    // Still for long enough: by its modification time (not in the future), or unchanged since
    // the last look, which was at least stillMs ago.
    let latest = before;
    const still = now - before.mtimeMs >= options.stillMs || (seen !== undefined && same(seen, before));
    if (still) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw options.readError(error);
      }
      const after = await statOf(file, options);
      if (same(before, after) && Buffer.byteLength(text) === after.size) return text;
      latest = after;
    }
    if (now - started >= options.limitMs) {
      throw new StintError(
        'ERR_CONFIG_RELOAD',
        `${file} kept changing for ${Math.round(options.limitMs / 1000)} s, so it may be half written; write the new file beside it and rename it over ${file} (an atomic replace), then send SIGHUP again`,
      );
    }
    if (!waited) options.onWait?.(Math.max(0, Math.round(Date.now() - latest.mtimeMs)));
    waited = true;
    seen = latest;
    await sleep(options.stillMs);
  }
}

async function statOf(file: string, options: SettledReadOptions): Promise<Stats> {
  try {
    return await stat(file);
  } catch (error) {
    throw options.readError(error);
  }
}

function same(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}
