import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUnderRunnerTemp, makeActionDir, removePaths, writePrivateFile } from '../../src/action/files.js';
import { writeStintShim } from '../../src/action/shim.js';

let root: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stint-files-'));
  env = { RUNNER_TEMP: join(root, 'runner temp') };
  mkdirSync(env.RUNNER_TEMP!);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('action files', () => {
  it('makes a 0700 stint-XXXXXX dir under RUNNER_TEMP and 0600 files that are never overwritten', () => {
    const dir = makeActionDir(env);
    expect(dir.startsWith(join(env.RUNNER_TEMP!, 'stint-'))).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const file = join(dir, 'config.yml');
    writePrivateFile(file, 'x');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => writePrivateFile(file, 'y')).toThrow(/EEXIST/);
    expect(() => makeActionDir({})).toThrow(expect.objectContaining({ code: 'ERR_RUNNER_TEMP' }));
  });

  it('deletes only inside RUNNER_TEMP, also through symlinks that point out of it', () => {
    const inside = join(env.RUNNER_TEMP!, 'stint-a');
    mkdirSync(inside);
    writeFileSync(join(inside, 'f'), 'x');
    const outside = join(root, 'workspace');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep'), 'x');
    const link = join(env.RUNNER_TEMP!, 'sneaky');
    symlinkSync(outside, link);
    expect(isUnderRunnerTemp(inside, env)).toBe(true);
    expect(isUnderRunnerTemp(link, env)).toBe(false);
    expect(isUnderRunnerTemp(env.RUNNER_TEMP!, env)).toBe(false);
    expect(isUnderRunnerTemp(join(env.RUNNER_TEMP!, '..', 'workspace'), env)).toBe(false);
    const result = removePaths([inside, link, outside, join(root, 'missing')], env);
    expect(result.removed).toEqual([inside]);
    expect(result.failed.map((f) => f.path)).toEqual([link, outside]);
    expect(existsSync(join(outside, 'keep'))).toBe(true);
  });
});

describe('stint shim', () => {
  it('runs the bundled CLI with the given node, quoting paths with spaces and quotes', () => {
    const actionRoot = join(root, "action's root");
    const { binDir, files } = writeStintShim(makeActionDir(env), actionRoot, '/bin/echo');
    expect(files).toEqual([join(binDir, 'stint'), join(binDir, 'stint.cmd')]);
    const out = execFileSync(join(binDir, 'stint'), ['sign', 'a b', '$HOME'], { encoding: 'utf8' });
    expect(out).toBe(`${join(actionRoot, 'dist', 'cli', 'index.js')} sign a b $HOME\n`);
    expect(readFileSync(join(binDir, 'stint.cmd'), 'utf8')).toBe(
      `@"/bin/echo" "${join(actionRoot, 'dist', 'cli', 'index.js')}" %*\r\n`,
    );
  });
});
