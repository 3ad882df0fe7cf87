// Preloaded into the action's process by happy-path-modules.test.ts: when the process exits, writes the
// built-in modules it loaded (process.moduleLoadList) to STINT_TEST_MODULES, one per line.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.STINT_TEST_MODULES) writeFileSync(process.env.STINT_TEST_MODULES, process.moduleLoadList.join('\n'));
});
