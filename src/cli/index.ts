import { unsupportedNode } from './node-version.js';

// Before anything else is loaded: the rest of the CLI needs a Node that package.json's engines
// allows, and on an older one would die on a missing API with a stack trace.
const tooOld = unsupportedNode(process.versions.node);
if (tooOld !== undefined) {
  process.stderr.write(`stint: ${tooOld}\n`);
  process.exitCode = 1;
} else {
  const { main } = await import('./main.js');
  const { quietOnClosedPipe } = await import('./io.js');
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
