import { parseArgs } from 'node:util';
import { runDemo } from '../../demo/run-demo.js';
import { type Command, writeLine } from '../io.js';

const HELP = `Usage: stint demo

Runs the main job of a GitHub workflow that uses the stint action, on this machine, on loopback,
with nothing to configure:
  a local OIDC issuer shaped exactly like GitHub's; the broker on its embedded default
  (stint serve --dev) trusting it; the built action's main step run as the runner runs it;
  a later step calling a local API with $STINT_TOKEN; every signing profile type sent with
  stint request and checked by its verifier; an mTLS request with the issued certificate; a
  denied exchange; the post step (revoke, clean-up); stint audit verify.
Prints a line per step (✓/✗), the job summary and one result line; exits 1 if any step failed.
Needs the built action: run \`npm run build\` in a clone of stint first.`;

/** `stint demo`: see runDemo. */
export const run: Command = async (args, io) => {
  const { values } = parseArgs({ args, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  // A reader that goes away (`stint demo | head`) must not kill the demo before it has cleaned up:
  // stop writing and let it finish.
  let reading = true;
  io.stdout.on('error', () => (reading = false));
  const ok = await runDemo({ print: (line) => reading && writeLine(io.stdout, line) });
  return ok ? 0 : 1;
};
