/**
 * The action's core over `@actions/core`, for hosts that drive an action through that package
 * rather than the runner protocol: GitHub's local runner for JavaScript actions,
 * `@github/local-action`, imports an entry point, calls its `run()` and stands in for
 * `@actions/core` (see local-action/). The bundles the runner runs never load this module: they
 * speak the protocol themselves (runner.ts), which keeps `@actions/core` and its HTTP client out
 * of every job's start-up.
 */
import type * as Toolkit from '@actions/core';
import { type ActionCore, createRunnerCore } from './runner.js';

/** The part of `@actions/core` the action uses. */
export type ToolkitModule = Pick<
  typeof Toolkit,
  | 'getInput'
  | 'setSecret'
  | 'setOutput'
  | 'exportVariable'
  | 'saveState'
  | 'getState'
  | 'addPath'
  | 'info'
  | 'debug'
  | 'warning'
  | 'error'
  | 'setFailed'
>;

/**
 * Inputs, masks, outputs, env, state, PATH and logs go through `toolkit`; the boolean input
 * rules and the job summary (a file named by GITHUB_STEP_SUMMARY) are the runner core's.
 *
 * @example
 * import * as toolkit from '@actions/core';
 * const core = createToolkitCore(toolkit, process.env);
 */
export function createToolkitCore(toolkit: ToolkitModule, env: NodeJS.ProcessEnv): ActionCore {
  const protocol = createRunnerCore({
    env,
    write: (text) => process.stdout.write(text),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  });
  return {
    ...protocol,
    getInput: (name) => toolkit.getInput(name).trim(),
    setSecret: (secret) => toolkit.setSecret(secret),
    // Not the protocol's one write: the host must see every mask.
    setSecrets: (secrets) => {
      for (const secret of secrets) toolkit.setSecret(secret);
    },
    setOutput: (name, value) => toolkit.setOutput(name, value),
    exportVariable: (name, value) => toolkit.exportVariable(name, value),
    saveState: (name, value) => toolkit.saveState(name, value),
    getState: (name) => toolkit.getState(name),
    addPath: (dir) => toolkit.addPath(dir),
    // One line, as in runner.ts: text from a broker or a claim must not start a line of its own.
    info: (message) => toolkit.info(message.replace(/\r\n|\r|\n/g, ' ')),
    debug: (message) => toolkit.debug(message),
    warning: (message) => toolkit.warning(message),
    error: (message) => toolkit.error(message),
    setFailed: (message) => toolkit.setFailed(message),
  };
}
