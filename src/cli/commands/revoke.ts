import { parseArgs } from 'node:util';
import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import {
  type BrokerUrlSetting,
  brokerKeys,
  discoverBroker,
  endpoint,
  type Revoked,
  revokeToken,
} from '../../client/broker-client.js';
import { isVariableName } from '../../lib/env-setting.js';
import { isStintError, StintError, UsageError } from '../../lib/errors.js';
import { fingerprint } from '../../lib/fingerprint.js';
import type { RetryOptions } from '../../lib/retry.js';
import { revokeBudgetMs, revokeRetryEnd } from '../../lib/retry-budget.js';
import { redact } from '../../mask/redact.js';
import { brokerOption } from '../broker-option.js';
import { type Command, writeLine } from '../io.js';

const HELP = `Usage: stint revoke [--token-env VAR] [--broker URL]

Revokes this job's stint token at the broker (RFC 7009, POST /oauth2/revoke), so it stops
working before it expires. Every recipe runs it when the job ends. It never prints the token.
It first checks that this broker issued the token (its issuer and signing keys): a broker
answers a revocation of a token it does not know with success too.

Options:
  --token-env VAR   the variable that holds the token (default STINT_TOKEN)
  --broker URL      the broker that issued it (default $STINT_BROKER_URL, which
                    stint exchange sets)
  -h, --help        this help

The token is sent even when this machine's clock says it has expired: the broker reads its
expiry by its own clock (a runner's clock may run ahead), and revoking an expired token does no
harm; "expired" is said only when the broker's answer is dated after the token's expiry.

Retries of an unreachable or failing broker (503 while its Redis fails over) go on for 30 s,
longer than a Sentinel failover; STINT_RETRY_BUDGET (seconds, at most 300) sets another time.
No retry starts more than 60 s after the token's expiry: by then it is dead by any clock stint
accepts.

Exit codes: 0 revoked, already expired at the broker, or signed with a key its issuer no longer publishes
(dropped by stint keys rotate --now: it stops verifying); 1 not revoked (why, and what to
fix, on stderr); 2 usage error.`;

/** The token's header and claims, read without verifying; undefined for a token that is not a JWT. */
function decode(token: string): { header: ProtectedHeaderParameters; claims: JWTPayload } | undefined {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    return undefined;
  }
}

/**
 * Throws `ERR_REVOKE_WRONG_BROKER` unless the broker at `brokerUrl` issued `token`: its discovery
 * document names the token's `iss`, and the key set it serves holds the token's `kid` and
 * verifies its signature. RFC 7009 has a broker answer 200 for a token it does not know, so
 * only this check lets the CLI say "revoked". Answers what to say instead of revoking when
 * `brokerUrl` is the token's issuer and no longer publishes its key: no verifier accepts it.
 */
async function checkIssuer(
  brokerUrl: string,
  token: string,
  decoded: { header: ProtectedHeaderParameters; claims: JWTPayload },
  which: string,
  budgetMs: () => number,
  where: BrokerUrlSetting & Pick<RetryOptions, 'retryUntil'>,
): Promise<string | undefined> {
  const broker = origin(brokerUrl);
  const notRevoked = (why: string) =>
    new StintError('ERR_REVOKE_WRONG_BROKER', `the token (${which}) was not revoked: ${why}`);
  const iss = typeof decoded.claims.iss === 'string' ? printable(decoded.claims.iss) : undefined;
  const discovery = await discoverBroker(brokerUrl, { ...where, budgetMs: budgetMs() });
  if (discovery === undefined) {
    throw notRevoked(
      `${broker} serves no discovery document (/.well-known/openid-configuration), so it is not a stint broker that could have issued it; set --broker (or STINT_BROKER_URL) to the broker${iss ? ` whose issuer is ${iss}` : ' that issued it'}`,
    );
  }
  if (decoded.claims.iss !== discovery.issuer) {
    throw notRevoked(
      `it was issued by ${iss === undefined ? 'a broker that names no issuer' : iss}, not by the broker at ${broker} (issuer ${printable(discovery.issuer)}); revoke it at the broker that issued it: set --broker (or STINT_BROKER_URL) to that broker's URL`,
    );
  }
  const keys = await brokerKeys(brokerUrl, { ...where, budgetMs: budgetMs() });
  if (keys === undefined) {
    throw notRevoked(
      `${broker} names the token's issuer but serves no key set (/.well-known/jwks.json), so stint cannot tell that it issued the token; set --broker (or STINT_BROKER_URL) to the broker that did`,
    );
  }
  const kid = decoded.header.kid;
  if (kid === undefined) {
    throw notRevoked(
      `it names no signing key, which every token the broker at ${broker} issues does: it is not a token of that broker`,
    );
  }
  if (!keys.keys.some((key) => key.kid === kid)) {
    const named = JSON.stringify(kid.slice(0, 100));
    // Asked at the issuer's own URL, these are the keys every verifier reads: a key dropped from
    // them (by `stint keys rotate --now`) makes the token worthless, so there is nothing to revoke.
    if (broker === String(decoded.claims.iss).replace(/\/+$/, '')) {
      return `the token (${which}) is signed with key ${named}, which its issuer ${iss} no longer publishes: most likely an emergency rotation (stint keys rotate --now) dropped that key, so the token stops verifying everywhere (at a receiver once its key cache refreshes) and there is nothing left to revoke`;
    }
    throw notRevoked(
      `it is signed with key ${named}, which the broker at ${broker} does not publish: most likely an emergency rotation (stint keys rotate --now) dropped that key, and then it stops verifying everywhere (${iss}/.well-known/jwks.json does not list it); or another broker with the same issuer (${iss}) but its own keys issued it: then revoke it there: set --broker (or STINT_BROKER_URL) to that broker's URL`,
    );
  }
  try {
    await compactVerify(token, createLocalJWKSet(keys));
  } catch {
    throw notRevoked(
      `its signature does not verify with the broker's key ${JSON.stringify(kid.slice(0, 100))}: it was altered, or it is not a token the broker at ${broker} issued`,
    );
  }
  return undefined;
}

/** A value from the token or the broker as a message shows it: as is when it is plain text, else quoted. */
function printable(value: string): string {
  return /^[\x21-\x7e]{1,200}$/.test(value) ? value : JSON.stringify(value.slice(0, 200));
}

/** The broker URL as messages show it: origin and path, never a query. */
function origin(brokerUrl: string): string {
  const url = new URL(endpoint(brokerUrl, ''));
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
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
  if (!isVariableName(variable))
    throw new UsageError(`--token-env must name an environment variable, got ${JSON.stringify(variable)}`);
  const token = io.env[variable]?.trim();
  if (!token) {
    throw new StintError(
      'ERR_REVOKE_NO_TOKEN',
      `${variable} is not set, so there is no token to revoke: run stint revoke in the job that ran stint exchange (whose exports set STINT_TOKEN), or name the variable that holds the token with --token-env`,
    );
  }
  const given = values.broker ?? io.env.STINT_BROKER_URL;
  if (!given)
    throw new UsageError(
      'revoke needs the broker that issued the token: give --broker URL, or set STINT_BROKER_URL (stint exchange exports it)',
    );
  const brokerUrl = brokerOption(given, io.env, values.broker !== undefined ? '--broker' : 'STINT_BROKER_URL');

  const decoded = decode(token);
  if (decoded === undefined) {
    throw new StintError(
      'ERR_REVOKE_NOT_A_TOKEN',
      `${variable} does not hold a stint token (it is not a JWT), so nothing was revoked: it should hold what stint exchange exported as STINT_TOKEN; name the variable that does with --token-env`,
    );
  }
  endpoint(brokerUrl, ''); // a broker URL stint refuses fails here, before any request
  // An unreachable broker's error names where this URL came from.
  const setting: BrokerUrlSetting = {
    settings: {
      brokerUrl:
        values.broker !== undefined ? '--broker' : 'STINT_BROKER_URL, which stint exchange exports, or --broker',
    },
  };
  const claims = decoded.claims;
  const expiresMs = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  const expiresAt = expiresMs !== undefined ? new Date(expiresMs).toISOString() : undefined;
  const which = [
    typeof claims.project === 'string' ? `project ${claims.project}` : undefined,
    typeof claims.jti === 'string' ? `jti ${claims.jti}` : undefined,
    `fingerprint ${fingerprint(token)}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  // Sent even when this machine's clock says the token has expired: a runner's clock that runs
  // ahead would otherwise leave a live token behind and call it expired. The broker reads `exp`
  // by its own clock, revoking an expired token does no harm (RFC 7009), and its answer's Date
  // says whether the token had expired. Retries (of each request: discovery, keys, revocation)
  // stop at the budget, and none starts more than CLOCK_SKEW_SEC after the token's expiry, as the
  // action's post step does: by then the token is dead by any clock stint accepts, and a broker
  // that is unwell would otherwise hold every job's clean-up for the whole budget.
  const deadline = Date.now() + revokeBudgetMs(io.env.STINT_RETRY_BUDGET);
  const remaining = () => Math.max(1, deadline - Date.now());
  const where: BrokerUrlSetting & Pick<RetryOptions, 'retryUntil'> =
    expiresMs === undefined ? setting : { ...setting, retryUntil: revokeRetryEnd(expiresMs) };
  let answer: Revoked;
  try {
    const worthless = await checkIssuer(brokerUrl, token, decoded, which, remaining, where);
    if (worthless !== undefined) {
      writeLine(io.stderr, `stint: ${worthless}`);
      return 0;
    }
    answer = await revokeToken(brokerUrl, token, { ...where, budgetMs: remaining() });
  } catch (error) {
    if (!isStintError(error)) throw error;
    if (error.code === 'ERR_REVOKE_WRONG_BROKER') throw error;
    // The broker's answer is quoted in the message; a broker that echoes the token must not get it printed.
    const reason = redact(error.message, [token]);
    // Past its exp by this clock, it has most likely expired; only the broker could say so.
    const until =
      expiresAt === undefined
        ? 'it stays valid until it expires'
        : expiresMs !== undefined && Date.now() >= expiresMs
          ? `by this machine's clock it expired at ${expiresAt}, which the broker could not confirm`
          : `it stays valid until ${expiresAt}`;
    throw new StintError(error.code, `the token (${which}) was not revoked, ${until}: ${reason}`, {
      cause: error,
    });
  }
  if (expiresMs !== undefined && answer.brokerTimeMs !== undefined && answer.brokerTimeMs >= expiresMs) {
    writeLine(
      io.stderr,
      `stint: the token (${which}) had already expired at the broker (at ${expiresAt}; the broker answered at ${new Date(answer.brokerTimeMs).toISOString()}), so there was nothing left to revoke`,
    );
    return 0;
  }
  writeLine(io.stderr, `stint: revoked the token (${which})`);
  return 0;
};
