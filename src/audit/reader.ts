import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { StintError } from '../lib/errors.js';
import { type AuditRecord, GENESIS_HASH } from './events.js';
import { openAuditFile } from './file-stream.js';
import { checkRecord } from './log.js';
import { auditReadError } from './read-error.js';

/** A record and where it was read. */
export interface ReadRecord {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  record: AuditRecord;
}

/**
 * Reads an audit log line by line, checking its hash chain as `stint audit verify` does, and
 * yields each record once it is proven. A line that breaks the chain stops the read with
 * ERR_AUDIT_CORRUPT naming the file and line, so nothing after an edit is ever reported as
 * fact. A file whose first line continues another file's chain (seq > 1, as a rotated log
 * starts) is taken from that line on.
 *
 * @example for await (const { record } of readAuditRecords('.stint/audit.jsonl')) console.log(record.event);
 */
export async function* readAuditRecords(file: string): AsyncGenerator<ReadRecord> {
  let stream: Readable;
  let expect: { seq: number; prev: string } | undefined;
  let line = 0;
  let lastHadNewline = true;
  try {
    // A gzip-compressed file (logrotate's `compress`) is read decompressed.
    stream = await openAuditFile(file);
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    stream.on('data', (chunk) => {
      lastHadNewline = (chunk as Buffer)[(chunk as Buffer).length - 1] === 0x0a;
    });
    for await (const text of lines) {
      line++;
      const result = checkRecord(text, expect ?? firstExpectation(text));
      if (typeof result === 'string') throw corrupt(file, line, result);
      expect = { seq: result.seq + 1, prev: result.hash };
      yield { file, line, record: result };
    }
  } catch (error) {
    if (error instanceof StintError) throw error;
    throw auditReadError(file, error);
  }
  if (!lastHadNewline && line > 0) throw corrupt(file, line, 'has no newline at the end: the file was cut short');
}

/** Line 1 of a log starts the chain; a rotated file's first line continues one from elsewhere. */
function firstExpectation(text: string): { seq: number; prev: string } | undefined {
  const seq = /^\{"seq":(\d+),/.exec(text)?.[1];
  return seq === undefined || seq === '1' ? { seq: 1, prev: GENESIS_HASH } : undefined;
}

function corrupt(file: string, line: number, reason: string): StintError {
  return new StintError(
    'ERR_AUDIT_CORRUPT',
    `audit log ${file}: line ${line} ${reason}; nothing from that line on is reported (run \`stint audit verify ${file}\`)`,
  );
}

/**
 * Several logs (one per broker instance, or a rotated series) as one stream in time order: each
 * log is in order already, so this merges them by `ts` (then by the order the files were given),
 * reading each as it goes, so memory stays one record per file.
 */
export async function* mergeAuditLogs(files: readonly string[]): AsyncGenerator<ReadRecord> {
  const readers = files.map((file) => readAuditRecords(file));
  const heads: Array<ReadRecord | undefined> = [];
  for (const reader of readers) heads.push((await reader.next()).value ?? undefined);
  for (;;) {
    let next = -1;
    for (const [i, head] of heads.entries()) {
      if (head === undefined) continue;
      if (next === -1 || head.record.ts < heads[next]!.record.ts) next = i;
    }
    if (next === -1) return;
    yield heads[next]!;
    heads[next] = (await readers[next]!.next()).value ?? undefined;
  }
}
