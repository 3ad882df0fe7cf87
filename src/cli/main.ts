import { own } from '../lib/own.js';
import { VERSION } from '../lib/version.js';
import { reportFailure } from './failure.js';
import { type CliIo, type Command, hasPrinted, writeLine } from './io.js';
import { cliSecrets, scrubFailure } from './scrub.js';

export { reportFailure };

/**
 * Subcommands, each in its own module and loaded only when run, so `stint sign` does not pay
 * for the broker's code at start-up.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  serve: { summary: 'run the broker', load: () => import('./commands/serve.js') },
  exchange: {
    summary: "exchange this job's OIDC token for a stint token",
    load: () => import('./commands/exchange.js'),
  },
  revoke: {
    summary: "revoke this job's stint token at the broker (what recipes run at job end)",
    load: () => import('./commands/revoke.js'),
  },
  status: {
    summary: 'show the token source and the current STINT_TOKEN (never the token)',
    load: () => import('./commands/status.js'),
  },
  sign: { summary: 'print the signature headers of a signing profile', load: () => import('./commands/sign.js') },
  request: { summary: 'send a request signed with a signing profile', load: () => import('./commands/request.js') },
  cert: {
    summary: 'get a short-lived client certificate from the broker CA',
    load: () => import('./commands/cert.js'),
  },
  policy: { summary: 'check, explain or test a policy', load: () => import('./commands/policy.js') },
  keys: { summary: "manage the broker's signing keys and project API keys", load: () => import('./commands/keys.js') },
  audit: { summary: 'verify the audit log hash chain, query who got what', load: () => import('./commands/audit.js') },
  dev: {
    summary: "a local OIDC issuer shaped like a CI's (stint dev issuer)",
    load: () => import('./commands/dev.js'),
  },
  demo: { summary: 'run the whole flow end to end on this machine', load: () => import('./commands/demo.js') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'Usage: stint <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `stint <command> --help` for the options of a command.',
    'Exit codes: 0 ok, 1 refused or failed, 2 usage error.',
  ].join('\n');
}

/** Commands whose subcommands have a `--help` of their own (`stint audit query --help`). */
const WITH_SUBCOMMANDS = new Set(['audit', 'policy', 'keys', 'dev']);

/** What a bad option's message points at: the subcommand's help where it has one. */
function helpTopic(name: string, first: string | undefined): string {
  return WITH_SUBCOMMANDS.has(name) && first !== undefined && /^[a-z][a-z-]*$/.test(first) ? `${name} ${first}` : name;
}

/** Commands whose JSON output is a format, `--format json`, rather than `--json`. */
const JSON_FORMAT = new Set(['exchange', 'sign']);

/**
 * `--json` among the options (not after `--`, where it would be an operand), or for `exchange`
 * and `sign`, whose JSON is a format, `--format json`.
 */
function jsonRequested(name: string, args: string[]): boolean {
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  if (options.includes('--json')) return true;
  return (
    JSON_FORMAT.has(name) &&
    options.some((arg, i) => arg === '--format=json' || (arg === '--format' && options[i + 1] === 'json'))
  );
}

/** Runs one `stint` invocation and returns its exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name === undefined ? io.stderr : io.stdout, usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    writeLine(io.stdout, VERSION);
    return 0;
  }
  const command = own(commands, name);
  if (command === undefined) {
    // The name is scrubbed like every failure's message: a token pasted first is not echoed.
    const said = scrubFailure(`unknown command '${name}'`, cliSecrets(io.env, argv), { usage: true });
    writeLine(io.stderr, `stint: ${said}\n\n${usage()}`);
    return 2;
  }
  try {
    const { run } = await command.load();
    return await run(rest, io);
  } catch (error) {
    // A script that asked for JSON gets a JSON failure too, unless the command already printed its output.
    const json = jsonRequested(name, rest) && !hasPrinted(io.stdout);
    return reportFailure(error, io, helpTopic(name, rest[0]), { json, args: rest });
  }
}
