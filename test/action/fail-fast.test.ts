import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAIN } from './harness.js';

describe('the built action failing on its inputs', () => {
  it('outside a runner (no GITHUB_STEP_SUMMARY) prints only its error annotation, no warning about the summary', () => {
    // What a user trying the action locally sees, and what bench/action.bench.ts times.
    const run = spawnSync(process.execPath, [MAIN], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      '::error::stint: nothing to do: set broker-url and project to get a stint token, or signing to set up request signing (or both) [ERR_INPUT_INVALID]\n',
    );
  });
});
