// Preloaded (`node --require`) into the action's process by happy-path-modules.test.ts: when the
// process exits, writes the built-in modules it loaded (process.moduleLoadList) to
// STINT_TEST_MODULES, one per line. CommonJS and --require, not an ES module and --import: on
// Node 24, --import itself loads node:os, which would hide whether the action does.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.STINT_TEST_MODULES) writeFileSync(process.env.STINT_TEST_MODULES, process.moduleLoadList.join('\n'));
});
