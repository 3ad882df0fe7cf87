import { type GrantSummary, renderFailureSummary, renderJobSummary, type SigningSummary } from '../audit/summary.js';
import { isStintError } from '../lib/errors.js';
import type { HttpClient } from '../lib/http.js';
import { RemoteError } from '../lib/retry.js';
import { redact } from '../mask/index.js';
import { exchangeForToken } from './exchange.js';
import { failureMessage, summaryWarning } from './failure.js';
import { actionUseId, makeActionDir } from './files.js';
import { jobIdentity, tokenAudience } from './identity.js';
import { readInputs } from './inputs.js';
import { createMasker } from './masker.js';
import type { ActionCore } from './runner.js';
import { writeStintShim } from './shim.js';
import { STATE } from './state.js';

/** The outside world of the main step. `main.ts` builds the real one. */
export interface MainDeps {
  core: ActionCore;
  env: NodeJS.ProcessEnv;
  /** The HTTP client for the broker (src/lib/http.ts unless a test hands in its own). */
  http?: HttpClient;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The action's checkout (holds dist/cli/index.js for the `stint` shim). */
  actionRoot: string;
  /** The node that runs the action; the shim runs the CLI with it. */
  nodePath: string;
}

/**
 * The main step: inputs → (ID token → exchange) → mask → outputs, env, state → signing config →
 * `stint` on PATH → job summary. Mask first: every secret's every form is registered with the
 * runner before any output, env, state, log line or file can hold it. Throws a StintError whose
 * message says what to fix; `main.ts` turns it into the step's one `::error`.
 */
export async function runMain(deps: MainDeps): Promise<void> {
  const { core, env } = deps;
  const masker = createMasker(core);
  /** The `summary` input once read; before that (a bad input), true unless it says false. */
  let summary: boolean | undefined;
  let summaryWritten = false;
  try {
    await main(deps, masker.mask);
  } catch (error) {
    // Our messages never hold a secret by construction; redact anyway, in every form.
    if (error instanceof Error && masker.secrets.size > 0) error.message = redact(error.message, masker.secrets);
    if (summary ?? !['false', 'False', 'FALSE'].includes(core.getInput('summary'))) recordFailure(error);
    throw error;
  }

  /**
   * The failure in the job summary too (its code, the annotation's text, the broker's request_id),
   * which outlives the log; post adds its clean-up in a section of its own. Never fails the step twice.
   */
  function recordFailure(error: unknown): void {
    // Outside a runner (no summary file) there is nowhere to write it: the annotation is all.
    if (!env.GITHUB_STEP_SUMMARY) return;
    try {
      core.appendSummary(
        renderFailureSummary(
          {
            annotation: failureMessage(error),
            ...(isStintError(error) ? { code: error.code } : {}),
            ...(error instanceof RemoteError && error.requestId ? { requestId: error.requestId } : {}),
          },
          !summaryWritten,
        ),
      );
    } catch (problem) {
      core.warning(summaryWarning(problem));
    }
  }

  async function main(deps: MainDeps, mask: (secret: string, where?: string) => void): Promise<void> {
    const inputs = readInputs(core, env);
    summary = inputs.summary;

    // Parse signing before asking for a token, so a bad profile fails before anything is minted,
    // and its inline secrets are masked before anything else is printed.
    const signingModule = inputs.signing !== undefined ? await import('./signing.js') : undefined;
    const parsedSigning =
      signingModule && inputs.signing !== undefined ? signingModule.parseSigningInput(inputs.signing, env) : undefined;
    for (const { value, where } of parsedSigning?.secrets ?? []) mask(value, where);

    const dir = makeActionDir(env);
    // Saved at once: if anything below fails, post still removes the directory.
    core.saveState(STATE.dir, dir);
    const use = actionUseId(dir);
    const files: string[] = [];

    let grant: GrantSummary | undefined;
    let lastIdToken: string | undefined;
    let accessToken: string | undefined;
    if (inputs.brokerUrl !== undefined && inputs.project !== undefined) {
      // Saved before the exchange, so that once a token exists one write (the token's own, right
      // after it is masked) is all post needs to revoke it, whatever fails later in this step.
      core.saveState(STATE.brokerUrl, inputs.brokerUrl);
      const step = await exchangeForToken({
        brokerUrl: inputs.brokerUrl,
        project: inputs.project,
        ...(inputs.audience !== undefined ? { audience: inputs.audience } : {}),
        ...(inputs.scope !== undefined ? { scope: inputs.scope } : {}),
        ...(inputs.ttl !== undefined ? { ttl: inputs.ttl } : {}),
        budgetMs: inputs.budgetMs,
        env,
        ...(deps.http ? { http: deps.http } : {}),
        now: deps.now,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        ...(deps.random ? { random: deps.random } : {}),
        mask,
        info: (message) => core.info(message),
      });
      const { result } = step;
      const token = result.access_token;
      mask(token);
      accessToken = token;
      lastIdToken = step.idToken;
      core.saveState(STATE.token, token);
      core.saveState(STATE.expiresAt, result.expires_at);
      grant = {
        brokerUrl: inputs.brokerUrl,
        project: result.project,
        scope: result.scope,
        audience: tokenAudience(token),
        idTokenAudience: step.audience,
        expiresAt: result.expires_at,
        fingerprint: step.fingerprint,
        auditId: result.audit_id,
      };
      core.info(
        `stint: token for project ${result.project} (scope: ${result.scope || 'none'}) until ${result.expires_at}; fingerprint ${grant.fingerprint}, audit id ${result.audit_id}`,
      );
    }

    // This use's token under a name of its own, for its bearer profiles (installSigning): a later
    // use of the action in the job replaces STINT_TOKEN, never this. Only where STINT_TOKEN is
    // exported at all: export-env: false keeps the token out of the environment altogether.
    const stintTokenEnv = grant !== undefined && inputs.exportEnv ? `STINT_TOKEN_${use}` : undefined;
    /** Whether the signing config names stintTokenEnv (a bearer profile sends the stint token). */
    let exportStintTokenEnv = false;
    let signingSummaries: SigningSummary[] = [];
    if (signingModule && parsedSigning) {
      const installed = await signingModule.installSigning(parsedSigning, {
        dir,
        use,
        ...(stintTokenEnv !== undefined ? { stintTokenEnv } : {}),
        mask,
        ...(grant ? { brokerUrl: grant.brokerUrl, token: accessToken } : {}),
        ...(deps.http ? { http: deps.http } : {}),
        now: deps.now,
      });
      files.push(...installed.files);
      core.saveState(STATE.files, JSON.stringify(files));
      for (const warning of installed.warnings) core.warning(`stint: ${warning}`);
      core.setOutput('config-path', installed.configPath);
      if (installed.mtls) {
        core.setOutput('cert-path', installed.mtls.certPath);
        core.setOutput('key-path', installed.mtls.keyPath);
        if (installed.mtls.caPath) core.setOutput('ca-path', installed.mtls.caPath);
      }
      // The config refers to its secrets by variable name; without them it cannot sign, so they
      // are exported even with export-env: false (which keeps STINT_TOKEN and STINT_CONFIG out).
      for (const [name, value] of Object.entries(installed.env)) core.exportVariable(name, value);
      exportStintTokenEnv = installed.namesStintTokenEnv;
      if (inputs.exportEnv) {
        replacing('STINT_CONFIG', installed.configPath, 'signing config');
        core.exportVariable('STINT_CONFIG', installed.configPath);
      } else if (grant !== undefined) {
        // Nothing of this step's sets STINT_TOKEN for them: say so now, not at a later step's first request.
        for (const name of installed.sendStintToken)
          core.warning(
            `stint: signing profile "${name}" sends the stint token from STINT_TOKEN, which export-env: false keeps out of later steps: give each step that signs with it env: STINT_TOKEN: \${{ steps.<id>.outputs.token }} (and --config \${{ steps.<id>.outputs.config-path }}, as STINT_CONFIG is not exported either), or leave export-env at true`,
          );
      }
      signingSummaries = installed.summaries;
      core.info(
        `stint: signing profiles ready: ${installed.summaries.map((s) => `${s.name} (${s.type})`).join(', ')}; config ${installed.configPath}`,
      );
    }

    const shim = writeStintShim(dir, deps.actionRoot, deps.nodePath);
    files.push(...shim.files);
    core.addPath(shim.binDir);
    core.saveState(STATE.files, JSON.stringify(files));

    // A report, not the job's work: a summary that cannot be written (a runner without job
    // summaries) is a warning, and the outputs below are still set.
    if (inputs.summary) {
      try {
        core.appendSummary(
          renderJobSummary({
            identity: jobIdentity(env, lastIdToken),
            ...(grant ? { grant } : {}),
            signing: signingSummaries,
          }),
        );
        summaryWritten = true;
      } catch (problem) {
        core.warning(summaryWarning(problem));
      }
    }

    // Last, once everything else worked: a step that fails after the exchange must not leave
    // later `if: always()` steps a live token (post revokes it either way).
    if (grant !== undefined && accessToken !== undefined) {
      core.setOutput('token', accessToken);
      core.setOutput('expires-at', grant.expiresAt);
      core.setOutput('scope', grant.scope);
      core.setOutput('audit-id', grant.auditId);
      core.setOutput('token-fingerprint', grant.fingerprint);
      if (inputs.exportEnv) {
        replacing('STINT_TOKEN', accessToken, 'token');
        core.exportVariable('STINT_TOKEN', accessToken);
        // Only for a config that names it: no second copy of the token in the environment otherwise.
        if (stintTokenEnv !== undefined && exportStintTokenEnv) core.exportVariable(stintTokenEnv, accessToken);
      }
    }
  }

  /**
   * A second use of the action in a job replaces the first one's STINT_TOKEN and STINT_CONFIG,
   * as the last export of a variable does on GitHub: said in the log, so a later step that meant
   * the first one's knows where that went. The first use's config still signs with its own
   * secrets and token (variables named for that use, `actionUseId`).
   */
  function replacing(name: 'STINT_TOKEN' | 'STINT_CONFIG', value: string, what: string): void {
    const before = env[name];
    if (before === undefined || before === '' || before === value) return;
    core.info(
      `stint: ${name} was already set (an earlier use of the action in this job?): later steps now get this step's ${what}; the earlier one is still in that step's outputs (${name === 'STINT_TOKEN' ? 'token' : 'config-path'}), and its signing config still signs with its own secrets and token`,
    );
  }
}
