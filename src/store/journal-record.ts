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
 * The dataset id the record names for `stateDir`; undefined when it names none or there is no
 * record. A record that is there but not one (damaged, or of a newer stint) is ERR_STATE_RECORD_CORRUPT
 * (or ERR_STATE_NEWER): taken for none, it would let a lost journal pass for a new one, and the
 * next write would drop the other state directories' lines.
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged(file, text.trim() === '' ? 'it is empty' : 'it is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw damaged(file, 'it is not a JSON object');
  const { version, journals } = parsed as { version?: unknown; journals?: unknown };
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > 1) {
    throw new StintError(
      'ERR_STATE_NEWER',
      `${file} was written by a newer stint (record version ${version}): run that version; do not delete the file, ` +
        'it is how the broker tells a state directory that lost its journal from a new one',
    );
  }
  if (version !== 1) throw damaged(file, 'its version is not 1');
  if (journals === null || typeof journals !== 'object' || Array.isArray(journals))
    throw damaged(file, 'its journals are not an object');
  const entries = Object.entries(journals);
  if (entries.some(([, id]) => typeof id !== 'string')) throw damaged(file, 'a journal in it is not named by a string');
  return { version: 1, journals: Object.fromEntries(entries) as Record<string, string> };
}

/**
 * A record there but unreadable: the broker stops rather than start without loss detection
 * (docs/broker.md#state-on-disk). Deleting the file is the way out the message offers: a record
 * written afresh at the next start, loss detection from then on.
 */
function damaged(file: string, why: string): StintError {
  return new StintError(
    'ERR_STATE_RECORD_CORRUPT',
    `${file}, the record of the journal each state directory holds, is damaged (${why}), so the broker cannot tell whether ` +
      'its state directory lost its journal, and will not start without knowing. Restore the file from a backup; or, ' +
      'to accept that loss detection starts over, delete it: the next start writes it afresh, and a journal lost before ' +
      'then goes unnoticed (its replay records and revocations gone without ERR_STORE_DATA_LOST)',
  );
}
