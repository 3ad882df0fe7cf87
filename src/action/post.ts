// The action's post step: wiring only. The work is in run-post.ts. It never fails the job.
import { runPost } from './run-post.js';
import { createRunnerCore } from './runner.js';

const core = createRunnerCore({
  env: process.env,
  write: (text) => process.stdout.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
});

void runPost({ core, env: process.env, now: Date.now }).catch((error: unknown) =>
  core.warning(`stint: clean-up failed: ${error instanceof Error ? error.message : String(error)}`),
);
