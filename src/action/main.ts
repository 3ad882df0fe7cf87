// The action's main step: wiring only. The work is in run-main.ts.
import { dirname } from 'node:path';
import { failureMessage } from './failure.js';
import { runMain } from './run-main.js';
import { createRunnerCore } from './runner.js';

const core = createRunnerCore({
  env: process.env,
  write: (text) => process.stdout.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
});

void runMain({
  core,
  env: process.env,
  now: Date.now,
  // dist/main → the action's root, which ships dist/cli/index.js for the `stint` shim. The bundle
  // is CommonJS (scripts/build.mjs), where __dirname is the bundle's own directory.
  actionRoot: dirname(dirname(__dirname)),
  nodePath: process.execPath,
}).catch((error: unknown) => core.setFailed(failureMessage(error)));
