import { dirname } from 'node:path';

/**
 * The Node binary that tests run the built CLI and action with: STINT_TEST_NODE when set (.ci/run
 * sets it to Node 24, the runtime GitHub gives the action, for a second run of those tests), else
 * the Node running the tests.
 */
export const NODE = process.env.STINT_TEST_NODE || process.execPath;

/** PATH with NODE's directory first, so `#!/usr/bin/env node` (the `stint` bin) runs NODE too. */
export const PATH_WITH_NODE = `${dirname(NODE)}:${process.env.PATH ?? ''}`;
