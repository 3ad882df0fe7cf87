import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, run } from './helpers.js';

/**
 * The Buildkite plugin's own tests (recipes/buildkite/tests/*.bats, in buildkite/plugin-tester's
 * layout), run by Debian's bats with bats-support, bats-assert and bats-mock from node_modules
 * standing in for the plugin-tester image's $BATS_PLUGIN_PATH/load.bash.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const PLUGIN = join(ROOT, 'recipes/buildkite');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-bats-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Buildkite plugin bats tests', () => {
  it('every test in recipes/buildkite/tests passes', async () => {
    // The system's bats (Debian's), not the copy npm installs beside bats-assert as a peer.
    const path = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((entry) => !entry.includes('node_modules'))
      .join(delimiter);
    const result = await run('bats', ['--tap', 'tests'], {
      cwd: PLUGIN,
      env: baseEnv({ PATH: path, TMPDIR: dir, BATS_PLUGIN_PATH: join(ROOT, 'test/recipes/bats') }),
      // Twelve tests that each start the CLI several times: minutes on a busy machine.
      timeoutMs: 540_000,
    });
    const planned = Number(/^1\.\.(\d+)$/m.exec(result.stdout)?.[1]);
    const passed = result.stdout.split('\n').filter((line) => /^ok \d+ /.test(line));
    expect(result.stdout + result.stderr).not.toMatch(/^not ok/m);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const files = readdirSync(join(PLUGIN, 'tests')).filter((name) => name.endsWith('.bats'));
    expect(files.sort()).toEqual(['environment.bats', 'pre-exit.bats']);
    expect(planned).toBeGreaterThanOrEqual(10);
    expect(passed).toHaveLength(planned);
  }, 600_000);
});
