// The main step for GitHub's local runner for JavaScript actions, @github/local-action, which
// imports this module, calls run() and stands in for @actions/core:
//   npx local-action run . src/action/local-action/main.ts .env --post src/action/local-action/post.ts
// The GitHub runner runs dist/main instead, built from ../main.ts: the same runMain, over the
// runner protocol.
import { resolve } from 'node:path';
import * as toolkit from '@actions/core';
import { failureMessage } from '../failure.js';
import { runMain } from '../run-main.js';
import { createToolkitCore } from '../toolkit-core.js';

export async function run(): Promise<void> {
  const core = createToolkitCore(toolkit, process.env);
  await runMain({
    core,
    env: process.env,
    now: Date.now,
    // src/action/local-action → the action's root, which holds dist/cli/index.js for the `stint` shim.
    actionRoot: resolve(import.meta.dirname, '../../..'),
    nodePath: process.execPath,
  }).catch((error: unknown) => core.setFailed(failureMessage(error)));
}
