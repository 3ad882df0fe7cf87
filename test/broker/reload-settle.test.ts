import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Stack, startStack } from './stack.js';

/**
 * SIGHUP while the config is being written in place (docs/broker.md#signals), through the built
 * broker: a prefix of the policy is valid YAML that has lost the owner-ID pin, and it must never
 * serve while its writer is still at work. The writer here rewrites the file every 100 ms, like a
 * tool writing in pieces. The broker waits for 1 s without a change, so an attempt in which this
 * process itself was stalled that long proves nothing either way, and is made again.
 */
let stack: Stack;
let file: string;
let original: string;
beforeAll(async () => {
  stack = await startStack();
  file = join(stack.broker.dir, 'stint.yml');
  original = readFileSync(file, 'utf8');
});
afterAll(async () => {
  await stack?.stop();
});

const PIN = '        claims: { repository_owner_id: "1234567" }\n';
/** The longest pause between two writes that still leaves the file changing within every second. */
const STILL_ENOUGH_MS = 800;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const reloaded = (text: string): string => `reloaded ${file} (sha256 ${sha256(text)})`;
const since = (offset: number): string => stack.broker.stdout().slice(offset);
const intruder = (): Promise<string> => stack.idToken({ repository_owner_id: '666' });

/** Rewrites `text` into the file every 100 ms until `done()` (at most 60 s); the longest gap between two writes. */
async function keepWriting(text: string, done: () => boolean): Promise<number> {
  const until = Date.now() + 60_000;
  let last = Date.now();
  let longest = 0;
  while (!done() && Date.now() < until) {
    writeFileSync(file, text);
    const now = Date.now();
    longest = Math.max(longest, now - last);
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return longest;
}

/** Puts `text` back the safe way (write beside, rename over) and waits for the broker to serve it. */
async function restore(text: string): Promise<void> {
  const offset = stack.broker.stdout().length;
  writeFileSync(`${file}.new`, text);
  renameSync(`${file}.new`, file);
  stack.broker.process.kill('SIGHUP');
  await vi.waitFor(() => expect(since(offset)).toMatch(new RegExp(`${sha256(text)}|reload of .* refused`)), {
    timeout: 60_000,
    interval: 50,
  });
}

describe('SIGHUP while the config file is being written', () => {
  it('reads the file once its writer is done: the prefix without the owner-ID pin never serves', async () => {
    const full = `${original}# edited\n`;
    expect(full).toContain(PIN);
    const prefix = full.slice(0, full.indexOf(PIN));
    expect((await stack.exchange({ token: await intruder(), project: 'warehouse' })).status).toBe(403);

    for (let attempt = 1; ; attempt++) {
      const offset = stack.broker.stdout().length;
      writeFileSync(file, prefix);
      stack.broker.process.kill('SIGHUP');
      // The old broker read the prefix at once; this one says it waits for the file to be still.
      const waiting = () => since(offset).includes(`SIGHUP: ${file} changed `);
      const longest = await keepWriting(prefix, () => waiting() || since(offset).includes(reloaded(prefix)));
      writeFileSync(file, full);
      if (longest >= STILL_ENOUGH_MS) {
        expect(attempt, `this test's writer was stalled ≥ ${STILL_ENOUGH_MS} ms in ${attempt} attempts`).toBeLessThan(
          5,
        );
        await restore(original);
        continue;
      }
      expect(since(offset)).not.toContain(reloaded(prefix));
      expect(waiting()).toBe(true);
      await vi.waitFor(() => expect(since(offset)).toContain(reloaded(full)), { timeout: 60_000, interval: 50 });
      expect(since(offset)).not.toContain(reloaded(prefix));
      break;
    }
    expect((await stack.exchange({ token: await intruder(), project: 'warehouse' })).status).toBe(403);
    expect((await stack.exchange({ token: await stack.idToken(), project: 'warehouse' })).status).toBe(200);
    await restore(original);
  });

  it('refuses a file still changing after 5 s, and the previous config serves on', async () => {
    const prefix = original.slice(0, original.indexOf(PIN));
    const failures = () =>
      stack
        .auditText()
        .trim()
        .split('\n')
        .filter((line) => JSON.parse(line).event === 'config_reload_failed').length;
    for (let attempt = 1; ; attempt++) {
      const offset = stack.broker.stdout().length;
      const before = failures();
      writeFileSync(file, prefix);
      stack.broker.process.kill('SIGHUP');
      const longest = await keepWriting(
        prefix,
        () => since(offset).includes('kept changing for 5 s') || since(offset).includes(reloaded(prefix)),
      );
      writeFileSync(file, original);
      if (longest >= STILL_ENOUGH_MS) {
        expect(attempt, `this test's writer was stalled ≥ ${STILL_ENOUGH_MS} ms in ${attempt} attempts`).toBeLessThan(
          5,
        );
        await restore(original);
        continue;
      }
      expect(since(offset)).not.toContain(reloaded(prefix));
      expect(since(offset)).toContain(
        `reload of ${file} refused, the previous config still serves: ${file} kept changing for 5 s, so it may be half written; write the new file beside it and rename it over`,
      );
      await vi.waitFor(() => expect(failures()).toBe(before + 1), { timeout: 60_000, interval: 50 });
      break;
    }
    expect((await stack.exchange({ token: await intruder(), project: 'warehouse' })).status).toBe(403);
  });
});
