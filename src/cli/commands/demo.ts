import { parseArgs } from 'node:util';
import { runDemo } from '../../demo/run-demo.js';
import { writeLine, type Command } from '../io.js';

const HELP = `Usage: stint demo

Runs stint end to end on this machine with nothing to configure: a local GitHub-shaped OIDC
issuer and the broker on loopback, an allowed and a denied exchange, revocation, and an audit
log check. Prints a line per step and a final result line; exits 1 if any step failed.`;

/** `stint demo`: see runDemo. */
export const run: Command = async (args, io) => {
  const { values } = parseArgs({ args, strict: true, options: { help: { type: 'boolean' } } });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const ok = await runDemo({ print: (line) => writeLine(io.stdout, line) });
  return ok ? 0 : 1;
};
