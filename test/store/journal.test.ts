import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isStintError, StintError } from '../../src/lib/errors.js';
import { openStateJournal } from '../../src/store/journal.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { DatasetChange } from '../../src/store/types.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-journal-'));
  dirs.push(dir);
  return join(dir, 'state');
}
const segments = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('journal.'));

describe('the state journal', () => {
  it('creates its dir 0700 and its segments 0600', async () => {
    const dir = stateDir();
    const { journal } = await openStateJournal(dir);
    await journal.append('claim', 'replay:a', Date.now() + 60_000);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of segments(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    await journal.close();
  });

  it('gives every concurrent append its own resolution, and they all come back', async () => {
    const dir = stateDir();
    const { journal } = await openStateJournal(dir);
    const until = Date.now() + 60_000;
    await Promise.all(Array.from({ length: 500 }, (_, i) => journal.append('claim', `replay:${i}`, until)));
    await journal.close();
    const { journal: reopened, state } = await openStateJournal(dir);
    expect(state.claims.size).toBe(500);
    expect(state.claims.get('replay:499')).toBe(until);
    await reopened.close();
  });

  it('keeps only what is live: expired entries are dropped at start-up and by compaction', async () => {
    const dir = stateDir();
    let now = 1_000_000;
    const { journal, state } = await openStateJournal(dir, { now: () => now, compactMinBytes: 2_000 });
    // What the memory store does: the map first, then the journal.
    for (let i = 0; i < 100; i++) {
      state.claims.set(`replay:old-${i}`, now + 1_000);
      await journal.append('claim', `replay:old-${i}`, now + 1_000);
    }
    state.revocations.set('jti-kept', now + 100_000);
    await journal.append('revoke', 'jti-kept', now + 100_000);
    now += 5_000; // the 100 claims are dead now
    for (const key of state.claims.keys()) state.claims.delete(key);
    state.claims.set('replay:new', now + 1_000);
    await journal.append('claim', 'replay:new', now + 1_000);
    // The segment was past 2 KB and 4x the live size: it was compacted to its dataset line and the two live entries.
    expect(segments(dir)).toHaveLength(1);
    const compacted = readFileSync(join(dir, segments(dir)[0]!), 'utf8')
      .trim()
      .split('\n');
    expect(compacted).toHaveLength(3);
    expect(compacted[0]).toMatch(/^\["c","dataset:[A-Za-z0-9_-]{16}",0\]$/);
    await journal.close();

    const { journal: reopened, state: back } = await openStateJournal(dir, { now: () => now });
    expect([...back.claims.keys()]).toEqual(['replay:new']);
    expect([...back.revocations.keys()]).toEqual(['jti-kept']);
    await reopened.close();
  });

  it('opens a segment whose times are fractional or past the safe integers, as earlier brokers wrote them', async () => {
    const dir = stateDir();
    const { journal } = await openStateJournal(dir);
    await journal.close();
    const segment = join(dir, segments(dir)[0]!);
    const fraction = Date.now() + 3_600_000.4246; // an hour on, so still live when it is read back
    writeFileSync(segment, `["c","replay:fraction",${fraction}]\n["c","replay:far",1e+303]\n`);
    const { journal: reopened, state } = await openStateJournal(dir);
    expect(state.claims.get('replay:fraction')).toBe(Math.ceil(fraction));
    expect(state.claims.get('replay:far')).toBe(Number.MAX_SAFE_INTEGER);
    await reopened.close();
  });

  it('a claim the journal could not write is forgotten, so the retry of that ID token is not taken for a replay', async () => {
    let failing = true;
    const written: string[] = [];
    const journal = {
      append: async (_kind: 'claim' | 'revoke', key: string) => {
        if (failing) throw new StintError('ERR_STORE_UNAVAILABLE', 'disk full');
        written.push(key);
      },
      close: async () => undefined,
      lost: new Promise<StintError>(() => undefined),
    };
    const store = createMemoryStore({ durable: { journal, state: { claims: new Map(), revocations: new Map() } } });
    await expect(store.claimOnce('replay:x', 60_000)).rejects.toSatisfy((e) =>
      isStintError(e, 'ERR_STORE_UNAVAILABLE'),
    );
    failing = false;
    expect(await store.claimOnce('replay:x', 60_000)).toBe(true);
    expect(await store.claimOnce('replay:x', 60_000)).toBe(false);
    expect(written).toEqual(['replay:x']);
  });
});

describe("the journal's dataset and the record beside the audit log", () => {
  const open = (dir: string, record: string, now = Date.now) => openStateJournal(dir, { record, now: () => now() });
  const recordOf = (dir: string): string => join(dir, '..', 'audit', 'audit.jsonl.state.json');

  it('a first start and a restart find no loss; the record names the dataset the segment carries', async () => {
    const dir = stateDir();
    const record = recordOf(dir);
    const first = await open(dir, record);
    expect(first.dataset.loss).toBeUndefined();
    expect(first.dataset.lostAtMs).toBeUndefined();
    await first.journal.close();
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ version: 1, journals: { [dir]: first.dataset.id } });
    expect(statSync(record).mode & 0o777).toBe(0o600);
    const again = await open(dir, record);
    expect(again.dataset).toEqual({ id: first.dataset.id });
    await again.journal.close();
  });

  it('a directory emptied or deleted under a recorded dataset is a loss, kept across restarts', async () => {
    for (const lose of ['empty', 'delete'] as const) {
      const dir = stateDir();
      const record = recordOf(dir);
      const first = await open(dir, record);
      await first.journal.append('claim', 'replay:a', Date.now() + 60_000);
      await first.journal.close();
      if (lose === 'empty') for (const name of segments(dir)) writeFileSync(join(dir, name), '');
      else rmSync(dir, { recursive: true });
      const at = 1_800_000_000_000;
      const second = await open(dir, record, () => at);
      expect(second.state.claims.size).toBe(0);
      expect(second.dataset).toMatchObject({ lostAtMs: at, loss: { previous: first.dataset.id, record, dir } });
      expect(second.dataset.id).not.toBe(first.dataset.id);
      await second.journal.close();
      // Not reported (no store told a listener): the next start reports the same loss again.
      const third = await open(dir, record, () => at + 1_000);
      expect(third.dataset).toMatchObject({
        id: second.dataset.id,
        lostAtMs: at,
        loss: { previous: first.dataset.id },
      });
      // Told through the memory store's onDataset, but not put on record (the broker's audit
      // append failed: its listener resolves false): the record still names the journal lost.
      const unrecorded = createMemoryStore({ durable: third });
      const told: DatasetChange[] = [];
      unrecorded.onDataset?.((change) => {
        told.push(change);
        return Promise.resolve(false);
      });
      expect(told).toEqual([
        { kind: 'lost', key: `dataset ${first.dataset.id}`, lostAtMs: at, by: 'this broker', journal: { dir, record } },
      ]);
      // (Time for a record write to land, were one made: the old code made it at once.)
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(JSON.parse(readFileSync(record, 'utf8')).journals[dir]).toBe(first.dataset.id);
      // Put on record (the listener resolves true once logged and audited): the record names the new journal.
      unrecorded.onDataset?.(() => Promise.resolve(true));
      await vi.waitFor(() => expect(JSON.parse(readFileSync(record, 'utf8')).journals[dir]).toBe(second.dataset.id));
      await unrecorded.close();
      // The next start reads the loss from the segment (tokens issued before it are still refused), and reports nothing.
      const fourth = await open(dir, record, () => at + 2_000);
      expect(fourth.dataset).toEqual({ id: second.dataset.id, lostAtMs: at });
      const after = createMemoryStore({ durable: fourth, now: () => at + 2_000 });
      expect(after.onDataset).toBeUndefined();
      const ask = { replayKey: 'replay:b', ttlMs: 60_000, record: true, nowMs: at + 2_000 };
      expect(await after.admit({ ...ask, issuedAtMs: at + 60_000 })).toEqual({ outcome: 'lost', lostAtMs: at });
      expect((await after.admit({ ...ask, issuedAtMs: at + 60_001 })).outcome).toBe('recorded');
      await after.close();
    }
  });

  it('a record it cannot use stops the start, naming it and what to do, and leaves the directory free', async () => {
    const dir = stateDir();
    const notADir = join(dir, '..', 'audit');
    writeFileSync(notADir, '');
    const record = join(notADir, 'audit.jsonl.state.json');
    const failure = await open(dir, record).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStintError(failure, 'ERR_STATE_DIR')).toBe(true);
    expect((failure as Error).message).toMatch(
      new RegExp(
        `^cannot use ${record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, the record of the state journal \\(ENOTDIR: .*\\): make it a file the broker's user can write, in the audit log's directory; without it a lost state directory would go unnoticed$`,
      ),
    );
    // The state lock was given back: a start with a usable record takes the directory.
    const next = await open(dir, join(dir, '..', 'audit.jsonl.state.json'));
    await next.journal.close();
  });

  it('a record there but damaged, or of a newer stint, stops the start and is left as it was', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(it is empty\)/],
      ['{"version":1,"journals":{"/a":"x"', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(it is not JSON\)/],
      ['null', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(it is not a JSON object\)/],
      ['[1]', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(it is not a JSON object\)/],
      ['{"journals":{}}', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(its version is not 1\)/],
      ['{"version":"1","journals":{}}', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(its version is not 1\)/],
      ['{"version":1}', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(its journals are not an object\)/],
      ['{"version":1,"journals":[]}', 'ERR_STATE_RECORD_CORRUPT', /is damaged \(its journals are not an object\)/],
      ['{"version":1,"journals":{"/a":7}}', 'ERR_STATE_RECORD_CORRUPT', /a journal in it is not named by a string/],
      ['{"version":2,"journals":{}}', 'ERR_STATE_NEWER', /was written by a newer stint \(record version 2\)/],
    ];
    for (const [text, code, message] of cases) {
      const dir = stateDir();
      const record = recordOf(dir);
      mkdirSync(dirname(record), { recursive: true });
      writeFileSync(record, text);
      const failure = await open(dir, record).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isStintError(failure, code as 'ERR_STATE_RECORD_CORRUPT'), `${text}: ${failure}`).toBe(true);
      expect((failure as Error).message).toMatch(message);
      expect((failure as Error).message.startsWith(`${record}`)).toBe(true);
      expect(readFileSync(record, 'utf8')).toBe(text);
      // The state lock was given back: once the record is deleted, a start takes the directory and records it.
      rmSync(record);
      const next = await open(dir, record);
      await next.journal.close();
      expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ version: 1, journals: { [dir]: next.dataset.id } });
    }
  });

  it('a record with other state directories’ lines keeps them when it names this one', async () => {
    const dir = stateDir();
    const record = recordOf(dir);
    mkdirSync(dirname(record), { recursive: true });
    writeFileSync(record, JSON.stringify({ version: 1, journals: { '/srv/other/state': 'abcdefghijklmnopqrstuvwx' } }));
    const first = await open(dir, record);
    await first.journal.close();
    expect(JSON.parse(readFileSync(record, 'utf8')).journals).toEqual({
      '/srv/other/state': 'abcdefghijklmnopqrstuvwx',
      [dir]: first.dataset.id,
    });
  });

  it('no loss without the record, nor for an older broker’s segment with entries; the record deleted alone changes nothing', async () => {
    const dir = stateDir();
    const record = recordOf(dir);
    // An older broker's journal: entries, no dataset line.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'journal.1.jsonl'), `["c","replay:old",${Date.now() + 60_000}]\n`, { mode: 0o600 });
    const upgraded = await open(dir, record);
    expect(upgraded.dataset.loss).toBeUndefined();
    expect(upgraded.state.claims.has('replay:old')).toBe(true);
    await upgraded.journal.close();
    rmSync(record);
    const again = await open(dir, record);
    expect(again.dataset).toEqual({ id: upgraded.dataset.id });
    await again.journal.close();
    expect(JSON.parse(readFileSync(record, 'utf8')).journals[dir]).toBe(upgraded.dataset.id);
  });
});
