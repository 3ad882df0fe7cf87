import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, run } from './helpers.js';

/**
 * The npm package (`npm install stint`, `npx stint`): it must run on its own (the ncc bundle
 * needs no node_modules). The recipes refuse an npm version until the npm name is the project's;
 * their default, the pinned release asset, is tested in cli-source.test.ts.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-npm-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the npm package the recipes run', () => {
  it('packs a stint bin that runs without node_modules', async () => {
    expect(pkg.name).toBe('stint');
    expect(pkg.bin.stint).toBe('dist/cli/index.js');
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      env: baseEnv({ npm_config_loglevel: 'error' }),
      timeoutMs: 120_000,
    });
    expect(packed.code).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/cli/index.js');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
    const untar = await run('tar', ['-xzf', join(dir, info!.filename), '-C', dir], { env: baseEnv() });
    expect(untar.code).toBe(0);
    const cli = join(dir, 'package/dist/cli/index.js');
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const version = await run(cli, ['--version'], { env: baseEnv(), cwd: dir });
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await run(cli, ['exchange', '--help'], { env: baseEnv(), cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: stint exchange --broker URL --project P/);
  }, 120_000);
});
