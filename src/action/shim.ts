import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../lib/shell-quote.js';

/**
 * Writes `stint` (sh) and `stint.cmd` (Windows) into `<dir>/bin` that run the CLI shipped with
 * the action (`<actionRoot>/dist/cli/index.js`) with the runner's own node, and returns the bin
 * directory for `addPath`. No download, no npm: later steps get the exact version of this action.
 */
export function writeStintShim(dir: string, actionRoot: string, nodePath: string): { binDir: string; files: string[] } {
  const binDir = join(dir, 'bin');
  mkdirSync(binDir, { recursive: true, mode: 0o700 });
  const cli = join(actionRoot, 'dist', 'cli', 'index.js');
  const sh = join(binDir, 'stint');
  writeFileSync(sh, `#!/bin/sh\nexec ${shellQuote(nodePath)} ${shellQuote(cli)} "$@"\n`, { mode: 0o755 });
  chmodSync(sh, 0o755);
  const cmd = join(binDir, 'stint.cmd');
  writeFileSync(cmd, `@"${nodePath}" "${cli}" %*\r\n`, { mode: 0o755 });
  return { binDir, files: [sh, cmd] };
}
