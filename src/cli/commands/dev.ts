import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CiIssuer, startCiIssuer } from '../../demo/ci-issuer.js';
import { parseDuration } from '../../lib/duration.js';
import { StintError, UsageError } from '../../lib/errors.js';
import { isLoopbackHost } from '../../lib/loopback.js';
import { shellQuote } from '../../lib/shell-quote.js';
import { ciDescriptor, isProviderKind, PROVIDER_KINDS } from '../../providers/index.js';
import type { Claims, ProviderKind } from '../../providers/types.js';
import { type CliIo, type Command, writeLine } from '../io.js';

/** The issuer of examples/stint.yml's broker. */
const EXAMPLE_BROKER = 'https://stint.example.com';

const HELP = `Usage: stint dev issuer [--provider ${PROVIDER_KINDS.join('|')}] [--host H] [--port N]
                        [--audience A] [--claims FILE] [--ttl T]

Runs a local OIDC issuer shaped exactly like that CI's (default github), to try a policy or a
broker without CI: the CI's issuer URL shape, discovery document and JWKS at the CI's paths,
RS256 keys, and its documented claim set and subject (a push to main of acme/warehouse); for
GitHub also the runner's token request protocol (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN). It prints
the providers: entry that points a broker at it, and how to get tokens: GET <issuer origin>/_dev/token
(?audience=A) or POST a JSON object of claims to set (null removes one), with the bearer
secret it prints. Runs until interrupted (Ctrl-C, SIGTERM).
  --provider P    the CI to imitate: ${PROVIDER_KINDS.join(', ')}
  --host H        default 127.0.0.1; anything else is reachable from the network (it warns)
  --port N        default a free port
  --audience A    aud of tokens minted without one: the broker's issuer (default
                  https://stint.example.com; CircleCI's default is the organization ID)
  --claims FILE   a JSON object of claims set over the example token's in every token
  --ttl T         token lifetime, 300 (seconds), 5m, 1h (default 5m, as GitHub's)
The keys live only in this process; tokens it mints are trusted only by a broker whose config
names this issuer (with allow_insecure: true, as it serves http).`;

/** `stint dev issuer`. */
export const run: Command = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    writeLine(sub === undefined ? io.stderr : io.stdout, HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'issuer') throw new UsageError(`unknown command 'dev ${sub}'; run \`stint dev --help\``);
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: false,
    options: {
      provider: { type: 'string', default: 'github' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      audience: { type: 'string' },
      claims: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('stint dev issuer takes no arguments');
  const kind = values.provider;
  if (!isProviderKind(kind))
    throw new UsageError(`--provider must be one of ${PROVIDER_KINDS.join(', ')}, got '${kind}'`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number (0 to 65535), got '${values.port}'`);
  let lifetimeSeconds: number | undefined;
  if (values.ttl !== undefined) {
    try {
      lifetimeSeconds = parseDuration(values.ttl);
    } catch {
      throw new UsageError(`--ttl must be a duration such as 300, 5m or 1h, got '${values.ttl}'`);
    }
  }
  const claims = values.claims === undefined ? undefined : await readClaims(values.claims, io);
  if (!isLoopbackHost(values.host))
    writeLine(
      io.stderr,
      `stint dev issuer: warning: listening on ${values.host}, not loopback: anyone who can reach it can fetch its keys, and anyone holding the printed secret can mint tokens`,
    );

  let issuer: CiIssuer;
  try {
    issuer = await startCiIssuer(kind, {
      host: values.host,
      port,
      audience: values.audience ?? defaultAudience(kind),
      ...(claims === undefined ? {} : { claims }),
      ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
    });
  } catch (error) {
    throw new StintError(
      'ERR_DEV_ISSUER_LISTEN',
      `stint dev issuer cannot listen on ${values.host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; pick another --port or --host`,
      { cause: error },
    );
  }
  for (const line of instructions(issuer)) writeLine(io.stdout, line);

  // Serve until told to stop; the signal handlers go before nothing else is left to do.
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await issuer.stop();
  writeLine(io.stderr, 'stint dev issuer: stopped');
  return 0;
};

/**
 * The `aud` of tokens minted without one. A CI that mints on request (GitHub, Buildkite) mints
 * with the audience the job asks for, which stint asks to be the broker's issuer; a CI that
 * hands over a token has its own default (CircleCI: the organization ID) or the one the job
 * configuration names, for which the example config's broker issuer stands in.
 */
function defaultAudience(kind: ProviderKind): string | undefined {
  const ci = ciDescriptor(kind);
  if (ci.token.source.via === 'env' && ci.claims.defaultAudience !== undefined) return undefined;
  return EXAMPLE_BROKER;
}

/**
 * The trust rule's subject: the tokens' own, with the owner's and the repository's IDs written in
 * where the CI's subjects carry them (GitHub), as `stint policy check` asks (WARN_SUBJECT_UNPINNED);
 * the IDs are those the tokens' claims carry, so the rule matches them.
 */
function ruleSubject(issuer: CiIssuer): string {
  const fields = ciDescriptor(issuer.kind).subject.fields;
  const parts = fields?.parse(issuer.subject);
  if (fields === undefined || parts === undefined) return issuer.subject;
  const id = (value: unknown): string | undefined =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  const ownerId = parts.ownerId ?? id(issuer.defaults[fields.ids.owner]);
  const repoId = parts.repoId ?? id(issuer.defaults[fields.ids.repo]);
  if (ownerId === undefined || repoId === undefined) return issuer.subject;
  return fields.format({ ...parts, ownerId, repoId });
}

/** What to paste into a broker config and a shell to use the issuer. */
function instructions(issuer: CiIssuer): string[] {
  const ci = ciDescriptor(issuer.kind);
  // The secret goes to curl on stdin (printf is a shell builtin): curl's arguments are readable by
  // every local user, who could then mint ID tokens a dev broker trusts.
  const mint = `printf 'Authorization: Bearer %s\\n' ${shellQuote(issuer.mintSecret)} | curl -fsS -H @- ${shellQuote(`${issuer.mintUrl}?audience=${encodeURIComponent(issuer.audience)}`)}`;
  const lines = [
    `stint dev issuer: ${ci.title} issuer at ${issuer.url}`,
    `  discovery  ${issuer.discoveryUrl}`,
    `  jwks       ${issuer.jwksUrl}`,
    `  tokens     ${ci.title}'s example claims (a push to main of acme/warehouse), aud ${issuer.audience}`,
    `  subject    ${issuer.subject}`,
    '',
    "Point a broker at it (a stint.yml for stint serve --config; stint serve --dev trusts only GitHub's own issuer):",
    '  providers:',
    `    ${issuer.kind}: { issuer: "${issuer.url}", audience: "${issuer.audience}", allow_insecure: true }`,
    '  and a trust rule:',
    `      - { provider: ${issuer.kind}, subject: "${ruleSubject(issuer)}", scopes: [read] }`,
    '',
    'Get a token (add ?audience=A for another aud; POST a JSON object of claims to change them):',
    `  ${mint}`,
  ];
  if (issuer.requestUrl !== undefined && issuer.requestToken !== undefined) {
    lines.push(
      '',
      "Or act as a GitHub job (the runner's token request protocol, which stint exchange and the action use):",
      `  export ACTIONS_ID_TOKEN_REQUEST_URL=${shellQuote(issuer.requestUrl)}`,
      `  export ACTIONS_ID_TOKEN_REQUEST_TOKEN=${shellQuote(issuer.requestToken)}`,
      `  stint exchange --provider github --broker <broker URL> --project warehouse --audience ${shellQuote(issuer.audience)}`,
    );
  } else if (ci.token.source.via === 'env') {
    lines.push(
      '',
      `Or act as a ${ci.brand} job (stint exchange reads ${ci.token.source.described}):`,
      `  export ${ci.token.source.variable}="$(${mint})"`,
      `  stint exchange --provider ${issuer.kind} --broker <broker URL> --project warehouse`,
    );
  }
  lines.push('', 'Stop it with Ctrl-C.');
  return lines;
}

async function readClaims(file: string, io: CliIo): Promise<Claims> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(resolve(io.cwd, file), 'utf8'));
  } catch (error) {
    throw new StintError('ERR_CLAIMS_INVALID', `--claims ${file} cannot be read as JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new StintError('ERR_CLAIMS_INVALID', `--claims ${file} must hold a JSON object of claims`);
  return parsed as Claims;
}
