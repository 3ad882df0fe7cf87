import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runDemo, steps } from '../../src/demo/run-demo.js';
import { CLI } from '../helpers/broker.js';

const run = promisify(execFile);
const demoDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('stint-demo-'));

describe('stint demo', () => {
  it('runs end to end with nothing configured, prints each step and one result line, and leaves nothing behind', async () => {
    const before = new Set(demoDirs());
    const { stdout } = await run(process.execPath, [CLI, 'demo'], { timeout: 60_000 });
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`stint demo: PASS (${steps.length}/${steps.length} steps)`);
    expect(stdout).toContain('stint demo: ok   denied exchange: push to feature-x was denied (403): ref refs/heads/feature-x is not allowed for project warehouse');
    expect(stdout).toMatch(/stint demo: ok {3}audit verify: audit log hash chain intact \(\d+ lines/);
    expect(stdout).not.toContain('FAIL');
    // Tokens are never printed.
    expect(stdout).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    expect(demoDirs().filter((name) => !before.has(name))).toEqual([]);
  });

  it('reports a failed step, keeps going, and returns false', async () => {
    const lines: string[] = [];
    steps.splice(1, 0, {
      name: 'broken step',
      run: async () => {
        throw new Error('it broke');
      },
    });
    try {
      expect(await runDemo({ print: (line) => lines.push(line) })).toBe(false);
    } finally {
      steps.splice(1, 1);
    }
    expect(lines).toContain('stint demo: FAIL broken step: it broke');
    expect(lines.filter((line) => line.startsWith('stint demo: ok '))).toHaveLength(steps.length);
    expect(lines.at(-1)).toBe(`stint demo: FAILED (${steps.length}/${steps.length + 1} steps passed; first failure: broken step)`);
  });
});
