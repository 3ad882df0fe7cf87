import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../lib/atomic-file.js';
import { StintError } from '../lib/errors.js';
import { fileAccessError } from '../lib/file-access.js';
import { withFileLock } from '../lib/file-lock.js';
import { ensurePrivateDir } from '../lib/private-dir.js';

/**
 * The record, kept outside the state directory, of the journal each state directory held
 * (docs/broker.md#state-on-disk): `<audit file>.state.json`, `{"version":1,"journals":{"<state dir,
 * absolute>":"<dataset id>"}}`, 0600 in the audit log's directory (which the broker writes anyway,
 * and which a lost or emptied state directory leaves alone). A state directory that opens with no
 * journal while the record names a dataset for it has lost its journal. Written only when a
 * journal starts a new dataset (first start, an upgrade, after a loss), under a lock, so brokers
 * that share an audit log but not a state directory keep each other's lines.
 */

interface JournalRecordFile {
  version: 1;
  journals: Record<string, string>;
}

/**
 * The dataset id the record names for `stateDir`; undefined when it names none, or when there is
 * no record or none readable (a damaged record is rewritten whole at the next write).
 */
export async function readJournalRecord(file: string, stateDir: string): Promise<string | undefined> {
  const record = await readRecord(file);
  const id = record?.journals[resolve(stateDir)];
  return typeof id === 'string' ? id : undefined;
}

/** Names `id` as the dataset of `stateDir` in the record, keeping its other lines. */
export async function writeJournalRecord(file: string, stateDir: string, id: string): Promise<void> {
  try {
    await ensurePrivateDir(dirname(file));
    await withFileLock(`${file}.lock`, async () => {
      const record = (await readRecord(file)) ?? { version: 1, journals: {} };
      record.journals[resolve(stateDir)] = id;
      await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`, 0o600);
    });
  } catch (error) {
    throw recordError(file, error);
  }
}

/** ERR_FILE_ACCESS for a permission refused; else ERR_STATE_DIR naming the record and what to do. */
function recordError(file: string, error: unknown): StintError {
  if (error instanceof StintError) return error;
  return (
    fileAccessError(error) ??
    new StintError(
      'ERR_STATE_DIR',
      `cannot use ${file}, the record of the state journal (${(error as Error).message}): ` +
        "make it a file the broker's user can write, in the audit log's directory; without it a lost state directory would go unnoticed",
      { cause: error },
    )
  );
}

async function readRecord(file: string): Promise<JournalRecordFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw recordError(file, error);
  }
  try {
    const parsed = JSON.parse(text) as Partial<JournalRecordFile> | null;
    if (parsed?.version !== 1 || parsed.journals === null || typeof parsed.journals !== 'object') return undefined;
    return { version: 1, journals: { ...parsed.journals } };
  } catch {
    return undefined;
  }
}
