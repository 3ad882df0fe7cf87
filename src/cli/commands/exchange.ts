import { parseArgs } from 'node:util';
import { brokerAudience, defaultAudience } from '../../client/audience.js';
import {
  type BrokerUrlSetting,
  type ExchangeResult,
  exchangeWithRetry,
  revokeToken,
} from '../../client/broker-client.js';
import { parseDuration } from '../../lib/duration.js';
import { isStintError, StintError, UsageError } from '../../lib/errors.js';
import { type HttpClient, HttpError, httpRequest } from '../../lib/http.js';
import { RemoteError } from '../../lib/retry.js';
import { exchangeBudgetMs, RETRY_BUDGET_RULE } from '../../lib/retry-budget.js';
import { shellQuote } from '../../lib/shell-quote.js';
import { maskForms, redact } from '../../mask/index.js';
import {
  canMintFreshTokens,
  detectTokenSource,
  PROVIDER_CHOICES,
  readJobToken,
  settingsFor,
  type TokenSource,
} from '../../providers/token-source.js';
import { brokerOption } from '../broker-option.js';
import { appendGithubEnv, checkGithubEnvWritable, why } from '../github-env.js';
import { type CliIo, type Command, writeLine, writeLineChecked } from '../io.js';
import { providerOption } from '../provider-option.js';

const FORMATS = ['shell', 'env', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: stint exchange --broker URL --project P [options]

Exchanges this CI job's OIDC ID token for a short-lived stint token and prints it for the
job to use. Nothing secret goes to stderr.

Options:
  --broker URL          the stint broker (https://…)
  --project P           the project to get a token for
  --provider NAME       ${PROVIDER_CHOICES.join(' | ')} (auto is the default)
  --id-token-env VAR    read the ID token from VAR (GitLab/Jenkins default STINT_ID_TOKEN,
                        CircleCI CIRCLE_OIDC_TOKEN_V2)
  --scope "S …"         space-separated scopes (default: all the policy grants)
  --ttl T               lifetime: seconds, 90s, 15m, 1h (capped by the project)
  --audience A          audience to request for the ID token where the CI can mint one
                        (GitHub, Buildkite); default: the broker URL itself (a broker whose
                        discovery names another issuer is refused)
  --format F            shell (default): export lines; keep them and stop if the exchange
                        fails: exports="$(stint exchange …)" || exit 1; eval "$exports"
                        (not eval "$(…)", which goes on after a failure)
                        env: STINT_TOKEN=… lines, unquoted, for docker --env-file or a
                        dotenv file; never source them with sh (use shell for that)
                        json: the broker's answer as JSON, expires_at as RFC 3339
                        github: ::add-mask:: then STINT_TOKEN into $GITHUB_ENV
  -h, --help            this help

Token sources, first match wins with --provider auto: --id-token-env VAR; GitHub runtime
request; GitLab (GITLAB_CI + STINT_ID_TOKEN); CircleCI (CIRCLECI + CIRCLE_OIDC_TOKEN_V2);
Buildkite (BUILDKITE + buildkite-agent); Jenkins (JENKINS_URL + STINT_ID_TOKEN);
STINT_ID_TOKEN. \`stint status\` shows which one applies here.

STINT_RETRY_BUDGET (seconds, default 60, at most 600) bounds the discovery, the exchange and
their retries in all.

Exit codes: 0 ok, 1 denied or failed (the broker's error_description and request_id on
stderr), 2 usage error.`;

/** The variables every format sets, in order; STINT_BROKER_URL is where `stint revoke` finds the broker. */
export function exportedVariables(result: ExchangeResult, brokerUrl?: string): Array<[name: string, value: string]> {
  const variables: Array<[name: string, value: string]> = [
    ['STINT_TOKEN', result.access_token],
    ['STINT_TOKEN_EXPIRES_AT', result.expires_at],
    ['STINT_SCOPE', result.scope],
    ['STINT_PROJECT', result.project],
    ['STINT_AUDIT_ID', result.audit_id],
  ];
  if (brokerUrl !== undefined) variables.push(['STINT_BROKER_URL', brokerUrl]);
  return variables;
}

/** `export NAME='value'` lines, for `exports="$(stint exchange --format shell …)" || exit 1; eval "$exports"`. */
export function formatShell(result: ExchangeResult, brokerUrl?: string): string {
  return exportedVariables(result, brokerUrl)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}`)
    .join('\n');
}

/**
 * `NAME=value` lines, unquoted, for docker --env-file or a dotenv file. Not for `. file` in a
 * shell: `STINT_SCOPE=read write` would run `write`. `formatShell` is the format for shells.
 */
export function formatEnv(result: ExchangeResult, brokerUrl?: string): string {
  return exportedVariables(result, brokerUrl)
    .map(([name, value]) => {
      // A line-based format cannot carry a newline; a broker answer never holds one, but refuse rather than split.
      if (/[\r\n]/.test(value))
        throw new StintError('ERR_EXCHANGE_FAILED', `${name} holds a line break and cannot be written as an env line`);
      return `${name}=${value}`;
    })
    .join('\n');
}

/** The broker's answer, as JSON; `expires_at` in RFC 3339, as in STINT_TOKEN_EXPIRES_AT (the broker sends epoch seconds). */
export function formatJson(result: ExchangeResult): string {
  const { access_token, token_type, expires_in, expires_at, scope, project, audit_id } = result;
  return JSON.stringify({ access_token, token_type, expires_in, expires_at, scope, project, audit_id }, null, 2);
}

/**
 * The ID token reader for one exchange. A source that can mint (GitHub, Buildkite) gives a
 * fresh token per attempt. A token read from a variable is single-use: the broker records it
 * when it grants the exchange and refuses it a second time. It is sent again only after an
 * attempt the broker provably did not record it on:
 * - the request never left this machine (connection refused, name not resolved, no route, no
 *   connection in time, a failed TLS handshake);
 * - the broker answered 429: it takes the rate-limit tokens in the same store operation as the
 *   replay record, before writing it, so a 429 records nothing (docs/broker.md#what-an-exchange-checks); the
 *   same token is accepted after Retry-After.
 * After anything else (a 5xx, a timeout or a broken answer: the broker may have recorded it, and
 * another instance may already refuse it as replayed) the retry stops at once, without waiting
 * out the backoff, and `explain` names why the first failure was not retried.
 */
export function singleUseGuard(
  source: TokenSource,
  read: () => Promise<string>,
  send: HttpClient = httpRequest,
): {
  getIdToken: () => Promise<string>;
  http: HttpClient;
  /** Whether to retry after a failed attempt: false when the token cannot be sent again (stop now). */
  onRetry: () => boolean;
  /** The error to report: the failure itself, with why it was not retried when the guard stopped it. */
  explain: (error: unknown) => unknown;
} {
  const mints = canMintFreshTokens(source);
  const variable = source.kind === 'env' ? source.variable : 'the variable';
  const notRetried = `Not retried: the ID token in ${variable} is single-use and the broker may already have seen it (it refuses a replayed token); rerun the job for a fresh one`;
  let attempts = 0;
  let lastUnspent = true;
  let stopped = false;
  return {
    async getIdToken() {
      attempts++;
      // onRetry stops the loop first; this keeps the rule for a caller that did not pass it.
      if (!mints && attempts > 1 && !lastUnspent) throw new StintError('ERR_EXCHANGE_FAILED', notRetried);
      return read();
    },
    http: async (request) => {
      lastUnspent = false;
      try {
        const response = await send(request);
        // The broker records the token only on the way to a 200; a 429 is refused before that.
        lastUnspent = response.status === 429;
        return response;
      } catch (error) {
        // Connection refused, host not found, no route, no connection in time, a failed TLS
        // handshake: the request (and the token in it) never left this machine.
        lastUnspent = error instanceof HttpError && !error.sent;
        throw error;
      }
    },
    onRetry() {
      stopped = !mints && !lastUnspent;
      return !stopped;
    },
    explain(error) {
      if (!stopped || !(error instanceof RemoteError)) return error;
      return new RemoteError(error.code, `${error.message}. ${notRetried}`, {
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.error !== undefined ? { error: error.error } : {}),
        ...(error.description !== undefined ? { description: error.description } : {}),
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
        cause: error,
      });
    },
  };
}

/** The token as the format prints it on stdout (the github format goes through `deliverToGithubEnv`). */
function formatResult(format: Exclude<Format, 'github'>, result: ExchangeResult, brokerUrl: string): string {
  switch (format) {
    case 'shell':
      return formatShell(result, brokerUrl);
    case 'env':
      return formatEnv(result, brokerUrl);
    case 'json':
      return formatJson(result);
  }
}

/** Why stdout did not take the token, in words, from the write's error. */
function stdoutFailure(error: unknown): string {
  if (isStintError(error)) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EPIPE':
    case 'ERR_STREAM_DESTROYED':
      return 'its reader closed the pipe before reading it (EPIPE)';
    case 'ENOSPC':
      return 'no space left on the device it is redirected to (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up where it is redirected to (EDQUOT)';
    case 'EROFS':
      return 'it is redirected to a read-only file system (EROFS)';
    default:
      return typeof code === 'string' ? `the system refused the write (${code})` : 'the write failed';
  }
}

/**
 * `--format shell`, `env` and `json`: the token on stdout, its only way to the job. When stdout
 * does not take it (a full disk under `> file`, a reader that went away), the job never gets the
 * token, so it is revoked at once, best effort, and the error says what failed and whether the
 * revocation worked; the exit status is 1, whatever the pipe.
 */
async function deliverToStdout(
  format: Exclude<Format, 'github'>,
  result: ExchangeResult,
  brokerUrl: string,
  io: CliIo,
  settings: BrokerUrlSetting['settings'],
): Promise<void> {
  try {
    await writeLineChecked(io.stdout, formatResult(format, result, brokerUrl));
  } catch (error) {
    const outcome = await revokeUndelivered(result, brokerUrl, settings);
    throw new StintError(
      'ERR_EXCHANGE_OUTPUT_UNWRITABLE',
      `got a token for project ${result.project}, but could not write it to stdout: ${stdoutFailure(error)}; ${outcome}. Send stdout where it is read in full and has room (exports="$(stint exchange …)" || exit 1; or > a file on a disk with space), then run the step again`,
      { cause: error },
    );
  }
}

/** How long a token that could not be handed over is given to be revoked; it expires by itself anyway. */
const UNDELIVERED_TOKEN_REVOKE_MS = 10_000;

/**
 * Revokes a token the job never received, best effort, within UNDELIVERED_TOKEN_REVOKE_MS; says
 * how that went, for the error that follows: revoked, or until when it stays valid and why.
 */
async function revokeUndelivered(
  result: ExchangeResult,
  brokerUrl: string,
  settings: BrokerUrlSetting['settings'],
): Promise<string> {
  const token = result.access_token;
  try {
    await revokeToken(brokerUrl, token, { ...(settings ? { settings } : {}), budgetMs: UNDELIVERED_TOKEN_REVOKE_MS });
    return 'the token was revoked at the broker, so none is left valid';
  } catch (revokeError) {
    // The broker's answer is quoted; one that echoes the token must not get it printed.
    const reason = redact(revokeError instanceof Error ? revokeError.message : String(revokeError), [token]);
    return `revoking the token failed too, so it stays valid until ${result.expires_at} (${reason})`;
  }
}

/**
 * `--format github`: masks on stdout, then the variables into `$GITHUB_ENV`. The file was checked
 * before the exchange; when the write fails even so (no space left, say), the token just minted
 * is revoked, best effort, since the job cannot use it, and the error says whether that worked.
 */
async function deliverToGithubEnv(
  file: string,
  result: ExchangeResult,
  brokerUrl: string,
  io: CliIo,
  settings: BrokerUrlSetting['settings'],
): Promise<void> {
  const token = result.access_token;
  // Mask every printable form before the value exists anywhere else the runner could print.
  // The value itself first, then its encodings.
  writeLine(io.stdout, `::add-mask::${token}`);
  for (const form of maskForms(token)) if (form !== token) writeLine(io.stdout, `::add-mask::${form}`);
  try {
    appendGithubEnv(file, exportedVariables(result, brokerUrl));
  } catch (error) {
    const failure = isStintError(error) ? error.message : why(file, error);
    const outcome = await revokeUndelivered(result, brokerUrl, settings);
    throw new StintError(
      'ERR_GITHUB_ENV_UNWRITABLE',
      `got a token for project ${result.project}, but could not write it to $GITHUB_ENV (GITHUB_ENV=${file}): ${failure}; ${outcome}. Free the space or point GITHUB_ENV at a writable file, then run the step again`,
      { cause: error },
    );
  }
}

export const run: Command = async (args, io) => {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      broker: { type: 'string' },
      project: { type: 'string' },
      provider: { type: 'string', default: 'auto' },
      'id-token-env': { type: 'string' },
      scope: { type: 'string' },
      ttl: { type: 'string' },
      audience: { type: 'string' },
      format: { type: 'string', default: 'shell' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  if (!values.broker) throw new UsageError('exchange needs --broker URL (the stint broker)');
  const brokerUrl = brokerOption(values.broker, io.env);
  if (!values.project) throw new UsageError('exchange needs --project P');
  const provider = providerOption(values.provider);
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
  // Checked here, as the action checks its inputs: a bad value is the caller's to fix, before any request.
  if (values.ttl !== undefined) {
    try {
      parseDuration(values.ttl);
    } catch {
      throw new UsageError(
        `--ttl must be seconds or a duration like 90s, 15m, 1h or 1h30m, not ${JSON.stringify(values.ttl)}`,
      );
    }
  }
  const budgetMs = exchangeBudgetMs(io.env.STINT_RETRY_BUDGET);
  if (budgetMs === undefined)
    throw new UsageError(`${RETRY_BUDGET_RULE}, not ${JSON.stringify(io.env.STINT_RETRY_BUDGET)}`);
  const githubEnv = io.env.GITHUB_ENV;
  // Checked before the exchange, so a job that cannot receive the token does not spend its ID token.
  if (format === 'github' && !githubEnv) {
    throw new StintError(
      'ERR_GITHUB_ENV_MISSING',
      '--format github writes to $GITHUB_ENV, which is not set; use it inside a GitHub Actions step, or pick --format shell',
    );
  }
  if (format === 'github') checkGithubEnvWritable(githubEnv as string);

  let source: TokenSource;
  try {
    source = detectTokenSource(io.env, { provider, idTokenEnv: values['id-token-env'] });
  } catch (error) {
    if (error instanceof StintError && error.code === 'ERR_USAGE') throw new UsageError(error.message);
    throw error;
  }
  if (values.audience !== undefined && !canMintFreshTokens(source)) {
    writeLine(
      io.stderr,
      `stint: note: --audience is ignored: the CI minted the token in ${source.kind === 'env' ? source.variable : 'the variable'} with the audience its job configuration names`,
    );
  }
  // Errors name what the user sets in this CI (its recipe's settings, the flags), not the action's inputs.
  const settings = {
    ...settingsFor(source.provider),
    request: 'project, scope and ttl (--project, --scope, --ttl)',
    scope: '--scope',
    project: '--project',
  };
  // Discovery and the exchange share one deadline, as in the action.
  const deadline = Date.now() + budgetMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  // The audience only matters where we ask the CI for a token; env-var tokens were minted with theirs.
  const audience =
    values.audience ??
    (canMintFreshTokens(source)
      ? await defaultAudience(brokerUrl, { settings, budgetMs: remaining() })
      : brokerAudience(brokerUrl));
  // Every ID token read, so a broker that quotes one back in its refusal cannot get it printed.
  const idTokens: string[] = [];
  const guard = singleUseGuard(source, async () => {
    const idToken = await readJobToken(source, { audience, env: io.env });
    idTokens.push(idToken);
    return idToken;
  });
  let result: ExchangeResult;
  try {
    result = await exchangeWithRetry({
      brokerUrl,
      project: values.project,
      scope: values.scope,
      ttl: values.ttl,
      audience,
      settings,
      budgetMs: remaining(),
      getIdToken: guard.getIdToken,
      http: guard.http,
      onRetry: (info) => {
        if (!guard.onRetry()) return false;
        writeLine(
          io.stderr,
          redact(`stint: retrying in ${(info.delayMs / 1000).toFixed(1)} s: ${info.reason}`, idTokens),
        );
        return true;
      },
    });
  } catch (error) {
    const failure = guard.explain(error);
    if (failure instanceof Error) failure.message = redact(failure.message, idTokens);
    throw failure;
  }

  if (format === 'github') await deliverToGithubEnv(githubEnv as string, result, brokerUrl, io, settings);
  else await deliverToStdout(format, result, brokerUrl, io, settings);
  writeLine(
    io.stderr,
    `stint: got a token for project ${result.project} (scope: ${result.scope || '-'}; expires ${result.expires_at}; audit id ${result.audit_id || '-'}) via ${source.reason}`,
  );
  return 0;
};
