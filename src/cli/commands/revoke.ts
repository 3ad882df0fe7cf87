import { parseArgs } from 'node:util';
import { decodeJwt, type JWTPayload } from 'jose';
import { revokeToken } from '../../client/broker-client.js';
import { isStintError, StintError, UsageError } from '../../lib/errors.js';
import { fingerprint } from '../../lib/fingerprint.js';
import { redact } from '../../mask/redact.js';
import { type Command, writeLine } from '../io.js';

const HELP = `Usage: stint revoke [--token-env VAR] [--broker URL]

Revokes this job's stint token at the broker (RFC 7009, POST /oauth2/revoke), so it stops
working before it expires. Every recipe runs it when the job ends. It never prints the token.

Options:
  --token-env VAR   the variable that holds the token (default STINT_TOKEN)
  --broker URL      the broker that issued it (default $STINT_BROKER_URL, which
                    stint exchange sets)
  -h, --help        this help

STINT_RETRY_BUDGET (seconds, at most 15) bounds the retries of an unreachable broker.

Exit codes: 0 revoked, or already expired; 1 not revoked (why, and what to fix, on stderr);
2 usage error.`;

/** How long to keep trying an unreachable or failing broker; the token expires by itself anyway. */
const BUDGET_MS = 15_000;

function budget(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.STINT_RETRY_BUDGET);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, BUDGET_MS) : BUDGET_MS;
}

/** The token's claims, read without verifying (the broker verifies); undefined for a token that is not a JWT. */
function claimsOf(token: string): JWTPayload | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

export const run: Command = async (args, io) => {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      'token-env': { type: 'string', default: 'STINT_TOKEN' },
      broker: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const variable = values['token-env'];
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
    throw new UsageError(`--token-env must name an environment variable, got ${JSON.stringify(variable)}`);
  const token = io.env[variable]?.trim();
  if (!token) {
    throw new StintError(
      'ERR_REVOKE_NO_TOKEN',
      `${variable} is not set, so there is no token to revoke: run stint revoke in the job that ran stint exchange (whose exports set STINT_TOKEN), or name the variable that holds the token with --token-env`,
    );
  }
  const brokerUrl = values.broker ?? io.env.STINT_BROKER_URL;
  if (!brokerUrl)
    throw new UsageError(
      'revoke needs the broker that issued the token: give --broker URL, or set STINT_BROKER_URL (stint exchange exports it)',
    );

  const claims = claimsOf(token);
  const expiresAt = typeof claims?.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined;
  const which = [
    typeof claims?.project === 'string' ? `project ${claims.project}` : undefined,
    typeof claims?.jti === 'string' ? `jti ${claims.jti}` : undefined,
    `fingerprint ${fingerprint(token)}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  // An expired token is refused everywhere already; revoking it would only spend a request.
  if (typeof claims?.exp === 'number' && claims.exp * 1000 <= Date.now()) {
    writeLine(io.stderr, `stint: the token (${which}) expired at ${expiresAt}; nothing to revoke`);
    return 0;
  }
  try {
    await revokeToken(brokerUrl, token, { budgetMs: budget(io.env) });
  } catch (error) {
    if (!isStintError(error)) throw error;
    // The broker's answer is quoted in the message; a broker that echoes the token must not get it printed.
    const until = expiresAt ? `it stays valid until ${expiresAt}` : 'it stays valid until it expires';
    throw new StintError(
      error.code,
      redact(`the token (${which}) was not revoked, ${until}: ${error.message}`, [token]),
      { cause: error },
    );
  }
  writeLine(io.stderr, `stint: revoked the token (${which})`);
  return 0;
};
