// The post step for @github/local-action (see main.ts beside this file). The GitHub runner runs
// dist/post instead, built from ../post.ts: the same runPost, over the runner protocol.
import * as toolkit from '@actions/core';
import { runPost } from '../run-post.js';
import { createToolkitCore } from '../toolkit-core.js';

export async function run(): Promise<void> {
  const core = createToolkitCore(toolkit, process.env);
  await runPost({ core, env: process.env, now: Date.now }).catch((error: unknown) =>
    core.warning(`stint: clean-up failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}
