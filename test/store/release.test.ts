import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createMemoryStore, openDurableMemoryStore } from '../../src/store/memory.js';

/**
 * A refused exchange (5xx after the store step, e.g. the audit write failed) releases its replay
 * record. The release must reach the journal too: after a restart the ID token is still unspent.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it('a released replay record stays released after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stint-release-'));
  dirs.push(dir);
  const request = { replayKey: 'replay:released', ttlMs: 600_000, record: true, nowMs: Date.now() };
  const kept = { ...request, replayKey: 'replay:kept' };
  const store = await openDurableMemoryStore({ dir });
  const first = await store.admit(request);
  expect(first.outcome).toBe('recorded');
  if (first.outcome === 'recorded') await first.release();
  expect((await store.admit(kept)).outcome).toBe('recorded');
  expect((await store.admit({ ...request, record: false })).outcome).toBe('absent');
  await store.close();

  const again = await openDurableMemoryStore({ dir });
  expect((await again.admit({ ...request, record: false })).outcome).toBe('absent');
  expect((await again.admit({ ...kept, record: false })).outcome).toBe('replayed');
  // Exchanged after its release: recorded again, and that record survives the next restart.
  expect((await again.admit(request)).outcome).toBe('recorded');
  await again.close();
  const third = await openDurableMemoryStore({ dir });
  expect((await third.admit({ ...request, record: false })).outcome).toBe('replayed');
  await third.close();
});

it('a released replay record gives the owner rate-limit token back', async () => {
  const store = createMemoryStore();
  const owner = { bucket: 'o', limit: { rps: 0.001, burst: 1 } };
  const request = { replayKey: 'replay:a', ttlMs: 60_000, record: true, nowMs: Date.now(), owner };
  const first = await store.admit(request);
  expect(first.outcome).toBe('recorded');
  if (first.outcome === 'recorded') await first.release();
  expect((await store.admit({ ...request, replayKey: 'replay:b' })).outcome).toBe('recorded');
  expect(await store.admit({ ...request, replayKey: 'replay:c' })).toMatchObject({
    outcome: 'rate_limited',
    bucket: 'owner',
  });
  await store.close();
});
