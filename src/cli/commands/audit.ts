import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAuditAnchor, verifyAuditLog } from '../../audit/log.js';
import { UsageError } from '../../lib/errors.js';
import { type Command, writeLine } from '../io.js';

const USAGE = `Usage: stint audit verify FILE [--anchor SEQ:HASH] [--json]
       stint audit query FILE… [--project P] [--subject PATTERN] [--event E] [--outcome O] [--since T] [--until T] [--jti ID] [--json | --summary]
       (stint audit query --help says more)

Checks the hash chain of a stint audit log. Exit 0 when every line is intact; exit 1 naming the
first line that was edited, removed, inserted, reordered, is not JSON or was cut short.
On success it prints the last line's anchor, SEQ:HASH. Lines cut off the end leave a valid
shorter chain, so keep the anchor where the log's writer cannot change it, and pass it back:
  --anchor SEQ:HASH   line SEQ must still be there with this hash (16 to 64 hex digits)
--json prints {"ok": true, "lines": N, "last": {"seq": N, "hash": "…"}} or
{"ok": false, "line": N, "reason": "…"}.`;

export const run: Command = async (args, io) => {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name === undefined ? io.stderr : io.stdout, USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === 'query') return (await import('./audit-query.js')).run(rest, io);
  if (name !== 'verify') throw new UsageError(`unknown command 'audit ${name}'; run \`stint audit --help\``);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean' }, anchor: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  const [file, extra] = positionals;
  if (file === undefined || extra !== undefined) throw new UsageError('audit verify takes one FILE');
  const anchor = values.anchor === undefined ? undefined : parseAuditAnchor(values.anchor);
  if (values.anchor !== undefined && anchor === undefined) {
    throw new UsageError(
      `--anchor ${JSON.stringify(values.anchor)} is not SEQ:HASH (a line number, a colon, and 16 to 64 lowercase hex digits of its hash), as \`stint audit verify\` prints it`,
    );
  }
  const result = await verifyAuditLog(resolve(io.cwd, file), anchor === undefined ? {} : { anchor });
  if (values.json === true) {
    writeLine(io.stdout, JSON.stringify(result));
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    const tail = result.last === undefined ? '' : `; anchor ${result.last.seq}:${result.last.hash}`;
    const checked = anchor === undefined ? '' : `, line ${anchor.seq} matches the anchor`;
    writeLine(
      io.stdout,
      `audit log ${file}: ${result.lines} ${result.lines === 1 ? 'line' : 'lines'}, hash chain intact${checked}${tail}`,
    );
    return 0;
  }
  writeLine(io.stderr, `audit log ${file}: line ${result.line}: ${result.reason}`);
  return 1;
};
