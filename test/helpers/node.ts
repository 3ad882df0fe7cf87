import { dirname } from 'node:path';

/**
 * PATH with the directory of the Node running the tests first, so `#!/usr/bin/env node` (the
 * installed `stint` bin) runs on that Node too: .ci/run runs some suites a second time with
 * vitest on Node 24, and every node they start must be that one.
 */
export const PATH_WITH_THIS_NODE = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
