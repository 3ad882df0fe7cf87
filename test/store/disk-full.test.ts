import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { freePort, startBroker } from '../helpers/broker.js';
import { fill, smallDisk, tmpfsRefused } from '../helpers/tmpfs.js';

/**
 * The BUILT broker started on a state directory whose disk is full: it writes a fresh journal
 * segment at start-up, which cannot be done; it must say so (the directory, the errno, what to do)
 * without a stack trace, change nothing there, and start once there is room, with every replay
 * record it held. A disk that fills while it runs is an outage it rides out: 503 while full, and
 * serving again by itself once there is room (the journal starts a fresh segment after a failed
 * write).
 *
 * Needs root to mount a tmpfs (as in CI and this sandbox); skipped elsewhere, never under CI.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A 1 MiB disk with the broker's state dir on it, an issuer, and how to start the built broker
 * on that state (same port each time) and send it an exchange; all removed after the test.
 */
async function brokerOnSmallDisk() {
  const disk = smallDisk('1m', 'disk');
  cleanups.push(disk.remove);
  const issuer = await startGithubIssuer();
  cleanups.push(() => issuer.stop());
  const state = join(disk.mount, 'state');
  const dir = join(disk.root, 'broker');
  mkdirSync(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configYaml = stackConfig(url, issuer.url).replace(
    'keys: {',
    `store: { dir: ${JSON.stringify(state)} }\nkeys: {`,
  );
  const serve = () => startBroker({ configYaml, dir, args: ['--port', String(port)] });
  const exchange = async (token: string): Promise<number> =>
    (
      await fetch(`${url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, project: 'warehouse' }),
      })
    ).status;
  return { disk, issuer, state, url, serve, exchange };
}

describe.runIf(tmpfsRefused === undefined || process.env.CI !== undefined)('a state directory on a full disk', () => {
  beforeAll(() => {
    expect(tmpfsRefused, 'with CI set this runs as root able to mount a tmpfs, as .ci/run does').toBeUndefined();
  });

  it('refuses to start naming the directory, the errno and the fix (no stack trace), and starts with its records once there is room', async () => {
    const { disk, issuer, state, url, serve, exchange } = await brokerOnSmallDisk();

    // Replay records to keep: the start-up compaction writes them to a new segment.
    const first = await serve();
    cleanups.push(() => first.stop());
    const spent = await issuer.mint({ aud: url });
    expect(await exchange(spent)).toBe(200);
    for (let i = 0; i < 20; i++) expect(await exchange(await issuer.mint({ aud: url }))).toBe(200);
    await first.stop();
    const before = readFileSync(join(state, readdirSync(state).find((n) => n.endsWith('.jsonl'))!));

    // One page kept free for the lock file: the fresh segment is what finds no room (then none at all: the lock file).
    for (const keepPages of [1, 0]) {
      fill(disk.mount, keepPages);
      const refused = await serve().then(
        async (broker) => {
          await broker.stop();
          return 'started';
        },
        (error: unknown) => String(error),
      );
      expect(refused).toContain('broker exited with 1 before listening');
      expect(refused).toContain(
        `stint: the broker's state directory ${state} has no room to start (ENOSPC: no space left on device, write): free space on its device, or point store.dir elsewhere`,
      );
      expect(refused).not.toMatch(/unexpected error|\n\s+at /);
      rmSync(join(disk.mount, 'filler'));
    }
    // Nothing was lost to the failed starts.
    const segments = readdirSync(state).filter((n) => n.endsWith('.jsonl'));
    expect(segments).toHaveLength(1);
    expect(readFileSync(join(state, segments[0]!))).toEqual(before);

    const again = await serve();
    cleanups.push(() => again.stop());
    expect(await exchange(spent)).toBe(401);
    expect(await exchange(await issuer.mint({ aud: url }))).toBe(200);
  }, 240_000);

  it('fills while the broker runs: 503 and /readyz 503 while full, serves again once there is room without a restart, and forgets nothing it acknowledged', async () => {
    const { disk, issuer, url, serve, exchange } = await brokerOnSmallDisk();
    const readyz = async (): Promise<number> => (await fetch(`${url}/readyz`)).status;

    const broker = await serve();
    cleanups.push(() => broker.stop());
    const before = await issuer.mint({ aud: url });
    expect(await exchange(before)).toBe(200);

    fill(disk.mount, 0);
    // The segment's last page may still take a few lines: exchanges go on until one finds no room.
    const spentWhileFilling: string[] = [];
    let refused: string | undefined;
    for (let i = 0; i < 500 && refused === undefined; i++) {
      const token = await issuer.mint({ aud: url });
      const status = await exchange(token);
      if (status === 200) spentWhileFilling.push(token);
      else {
        expect(status).toBe(503);
        refused = token;
      }
    }
    expect(refused, 'an exchange refused for want of room').toBeDefined();
    expect(await readyz()).toBe(503);
    expect(await exchange(await issuer.mint({ aud: url }))).toBe(503);

    rmSync(join(disk.mount, 'filler'));
    // Room again: the next write starts a fresh segment with what is live, and the broker serves.
    expect(await exchange(refused!)).toBe(200);
    expect(await readyz()).toBe(200);
    const after = await issuer.mint({ aud: url });
    expect(await exchange(after)).toBe(200);
    for (const token of [before, ...spentWhileFilling, refused!, after]) expect(await exchange(token)).toBe(401);
    expect(broker.output()).not.toMatch(/unexpected error|\n\s+at /);

    // And on disk: a restart still refuses every ID token it exchanged.
    await broker.stop();
    const again = await serve();
    cleanups.push(() => again.stop());
    for (const token of [before, ...spentWhileFilling, refused!, after]) expect(await exchange(token)).toBe(401);
    expect(await exchange(await issuer.mint({ aud: url }))).toBe(200);
  }, 240_000);
});
