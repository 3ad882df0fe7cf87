import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AuditAnchor, parseAuditAnchor, verifyAuditLog } from '../../audit/log.js';
import { UsageError } from '../../lib/errors.js';
import { type Command, writeLine } from '../io.js';

const USAGE = `Usage: stint audit verify FILE… [--anchor SEQ:HASH] [--after SEQ:HASH] [--json]
       stint audit query FILE… [--project P] [--subject PATTERN] [--event E] [--outcome O] [--since T] [--until T] [--jti ID] [--json | --summary]
       (stint audit query --help says more)

Checks the hash chain of a stint audit log. Exit 0 when every line is intact; exit 1 naming the
first line that was edited, removed, inserted, reordered, is not JSON or was cut short.
Several files are a rotated series, oldest first (audit.jsonl.2 audit.jsonl.1 audit.jsonl):
each file's first line must continue the previous file's last line, so a missing file or lines
cut off the end of one are named too.
On success it prints the last line's anchor, SEQ:HASH. Lines cut off the end leave a valid
shorter chain, so keep the anchor where the log's writer cannot change it, and pass it back:
  --anchor SEQ:HASH   line SEQ must still be there with this hash (16 to 64 hex digits)
  --after SEQ:HASH    the first FILE continues the chain from this anchor (the last one printed
                      for the file before it, when that file is gone, or, for a log begun after
                      ERR_AUDIT_CORRUPT or ERR_AUDIT_TRUNCATED, the one that message named:
                      --after "$(cat OLD.chain)"); without it, a first FILE that does not start
                      the chain (seq 1) is refused
A gzip-compressed FILE (logrotate's compress) is read decompressed.
--json prints {"ok": true, "lines": N, "last": {"seq": N, "hash": "…"}} or
{"ok": false, "line": N, "reason": "…"} (with "file" when several were given).`;

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
    options: {
      json: { type: 'boolean' },
      anchor: { type: 'string' },
      after: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('audit verify takes one or more FILEs (a rotated series oldest first)');
  const anchor = anchorOption('--anchor', values.anchor);
  const after = anchorOption('--after', values.after);
  const files = positionals.map((file) => resolve(io.cwd, file));
  const result = await verifyAuditLog(files, { ...(anchor ? { anchor } : {}), ...(after ? { after } : {}) });
  if (values.json === true) {
    const shown =
      !result.ok && result.file !== undefined ? { ...result, file: positionals[files.indexOf(result.file)] } : result;
    writeLine(io.stdout, JSON.stringify(shown));
    return result.ok ? 0 : 1;
  }
  const named = positionals.join(', ');
  if (result.ok) {
    const tail = result.last === undefined ? '' : `; anchor ${result.last.seq}:${result.last.hash}`;
    const checked = anchor === undefined ? '' : `, line ${anchor.seq} matches the anchor`;
    const across = positionals.length > 1 ? ` across ${positionals.length} files` : '';
    const linked = after === undefined ? '' : `, continuing ${after.seq}:${after.hash.slice(0, 16)}`;
    writeLine(
      io.stdout,
      `audit log ${named}: ${result.lines} ${result.lines === 1 ? 'line' : 'lines'}, hash chain intact${across}${linked}${checked}${tail}`,
    );
    return 0;
  }
  const where = result.file === undefined ? named : positionals[files.indexOf(result.file)];
  writeLine(io.stderr, `audit log ${where}: line ${result.line}: ${result.reason}`);
  return 1;
};

function anchorOption(name: string, text: string | undefined): AuditAnchor | undefined {
  if (text === undefined) return undefined;
  const anchor = parseAuditAnchor(text);
  if (anchor === undefined) {
    throw new UsageError(
      `${name} ${JSON.stringify(text)} is not SEQ:HASH (a line number, a colon, and 16 to 64 lowercase hex digits of its hash), as \`stint audit verify\` prints it`,
    );
  }
  return anchor;
}
