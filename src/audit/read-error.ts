import { StintError } from '../lib/errors.js';

const WHY: Record<string, string> = {
  ENOENT: 'no such file; give the path the broker writes to (its audit.file)',
  EISDIR: 'it is a directory; give the log file in it',
  EACCES: 'permission denied; run as a user who may read it',
  EPERM: 'permission denied; run as a user who may read it',
  // zlib, for a gzip-compressed file (logrotate's `compress`), which is read decompressed:
  Z_BUF_ERROR: 'a gzip-compressed file that was cut short: unexpected end of its data',
  Z_DATA_ERROR: 'a gzip-compressed file whose data is damaged',
};

/**
 * ERR_AUDIT_READ for a log that cannot be opened or read: the file once and what to do, not
 * Node's own text, which repeats the path.
 *
 * @example
 * auditReadError('/srv/audit.jsonl', enoent) // cannot read audit log /srv/audit.jsonl: ENOENT (no such file; …)
 */
export function auditReadError(file: string, error: unknown): StintError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why = code === undefined ? (error as Error).message : WHY[code] ? `${code} (${WHY[code]})` : code;
  return new StintError('ERR_AUDIT_READ', `cannot read audit log ${file}: ${why}`, { cause: error });
}
