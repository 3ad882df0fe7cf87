import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyAuditLog } from '../../audit/log.js';
import { UsageError } from '../../errors.js';
import { writeLine, type Command } from '../io.js';

const USAGE = `Usage: stint audit verify FILE [--json]

Checks the hash chain of a stint audit log. Exit 0 when every line is intact; exit 1 naming the
first line that was edited, removed, inserted, reordered, is not JSON or was cut short.
(Lines cut off the end leave a valid shorter chain: compare the last seq and hash with a copy.)
--json prints {"ok": true, "lines": N} or {"ok": false, "line": N, "reason": "…"}.`;

export const run: Command = async (args, io) => {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name === undefined ? io.stderr : io.stdout, USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name !== 'verify') throw new UsageError(`unknown command 'audit ${name}'; run \`stint audit --help\``);
  const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help === true) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  const [file, extra] = positionals;
  if (file === undefined || extra !== undefined) throw new UsageError('audit verify takes one FILE');
  const result = await verifyAuditLog(resolve(io.cwd, file));
  if (values.json === true) {
    writeLine(io.stdout, JSON.stringify(result));
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    writeLine(io.stdout, `audit log ${file}: ${result.lines} ${result.lines === 1 ? 'line' : 'lines'}, hash chain intact`);
    return 0;
  }
  writeLine(io.stderr, `audit log ${file}: line ${result.line}: ${result.reason}`);
  return 1;
};
