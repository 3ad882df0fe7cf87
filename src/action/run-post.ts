import { type CleanupSummary, renderCleanupSummary } from '../audit/summary.js';
import { ACTION_SETTINGS, revokeToken } from '../client/broker-client.js';
import type { HttpClient } from '../lib/http.js';
import { revokeBudgetMs, revokeRetryEnd } from '../lib/retry-budget.js';
import { redact } from '../mask/redact.js';
import { summaryWarning } from './failure.js';
import { removePaths } from './files.js';
import { createMasker } from './masker.js';
import type { ActionCore } from './runner.js';
import { STATE } from './state.js';

/** The outside world of the post step. `post.ts` builds the real one. */
export interface PostDeps {
  core: ActionCore;
  env: NodeJS.ProcessEnv;
  /** The HTTP client for the broker (src/lib/http.ts unless a test hands in its own). */
  http?: HttpClient;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the clean-up line says of the token. */
const TOKEN_OUTCOME: Record<CleanupSummary['token'], string> = {
  revoked: 'token revoked',
  expired: 'token had already expired at the broker, nothing to revoke',
  kept: 'token kept (revoke: false)',
  failed: 'revocation failed (see the warning)',
  none: 'no token was issued',
};

/**
 * The post step, best effort: revoke the token (unless `revoke: false`),
 * delete every file main wrote, append the outcome to the summary. Every failure is a warning:
 * clean-up never turns a green job red, and the token expires by itself anyway.
 */
export async function runPost(deps: PostDeps): Promise<CleanupSummary> {
  const { core, env } = deps;
  const token = core.getState(STATE.token);
  // The runner keeps masks for the whole job; registering again costs nothing and holds even if
  // this step runs in a fresh runner process.
  if (token) createMasker(core).mask(token);

  const outcome: CleanupSummary = { token: 'none', removed: 0, failed: [] };
  const brokerUrl = core.getState(STATE.brokerUrl);
  if (token && brokerUrl) {
    const expiresAt = Date.parse(core.getState(STATE.expiresAt));
    if (!flag(core, 'revoke')) {
      outcome.token = 'kept';
    } else {
      try {
        // As `stint revoke`: the first attempt is sent even when the runner's clock says the token
        // has expired (a clock running ahead would otherwise leave a live token behind); the
        // broker reads exp by its own clock and revoking an expired token does no harm (RFC 7009).
        // Retries: 30 s (longer than a Redis failover), STINT_RETRY_BUDGET up to 300 s, but none
        // that would start after the token's expiry plus CLOCK_SKEW_SEC (the difference between
        // clocks stint allows everywhere): by then the token is dead by any clock stint accepts,
        // and a broker that is unwell would otherwise hold every job's post for the whole budget.
        const { brokerTimeMs } = await revokeToken(brokerUrl, token, {
          settings: ACTION_SETTINGS,
          budgetMs: revokeBudgetMs(env.STINT_RETRY_BUDGET),
          ...(Number.isFinite(expiresAt) ? { retryUntil: revokeRetryEnd(expiresAt) } : {}),
          ...(deps.http ? { http: deps.http } : {}),
          now: deps.now,
          ...(deps.sleep ? { sleep: deps.sleep } : {}),
          // As main logs its retries: a broker failing over must not look like a hung step.
          onRetry: ({ delayMs, reason }) => {
            core.info(`stint: ${redact(reason, [token])}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
            return true;
          },
        });
        // "Expired" only from the broker's answer: its Date, after the token's expiry.
        outcome.token =
          Number.isFinite(expiresAt) && brokerTimeMs !== undefined && brokerTimeMs >= expiresAt ? 'expired' : 'revoked';
      } catch (error) {
        outcome.token = 'failed';
        // The broker's answer is quoted: redact the token in case it echoes it back.
        outcome.tokenDetail = redact((error as Error).message, [token]);
        // Never "it expires at <a time already past>": past its expiry by this clock, the token has
        // most likely expired, which only the broker could say.
        const expiry = core.getState(STATE.expiresAt);
        const until = !Number.isFinite(expiresAt)
          ? 'it expires by itself'
          : deps.now() >= expiresAt
            ? `by this runner's clock it expired at ${expiry}, which the broker could not confirm`
            : `it expires by itself at ${expiry}`;
        core.warning(`stint: could not revoke the token (${until}): ${outcome.tokenDetail}`);
      }
    }
  }

  const written = readList(core.getState(STATE.files));
  const dir = core.getState(STATE.dir);
  const files = removePaths(written, env);
  const dirs = removePaths(dir ? [dir] : [], env);
  outcome.removed = files.removed.length;
  outcome.failed = [...files.failed, ...dirs.failed];
  for (const f of outcome.failed) core.warning(`stint: could not remove ${f.path}: ${f.reason}`);

  core.info(
    `stint: clean-up: ${TOKEN_OUTCOME[outcome.token]}; removed ${outcome.removed} file(s)${dirs.removed.length ? ' and the action directory' : ''}`,
  );
  if (flag(core, 'summary')) {
    try {
      // Its own titled section, always: GitHub gives each step (a post step too) its own summary
      // file and shows them in step order, so main's section is followed by every later step's
      // before this one.
      core.appendSummary(renderCleanupSummary(outcome));
    } catch (error) {
      core.warning(summaryWarning(error));
    }
  }
  return outcome;
}

/** A boolean input, true unless it says false; a bad value is a warning here, not a failure. */
function flag(core: ActionCore, name: string): boolean {
  try {
    return core.getInput(name) === '' || core.getBooleanInput(name);
  } catch (error) {
    core.warning(`stint: ${(error as Error).message}; using true`);
    return true;
  }
}

function readList(value: string): string[] {
  try {
    const list: unknown = JSON.parse(value || '[]');
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
