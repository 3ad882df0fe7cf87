import { CONFIG_NAME } from '../lib/config-name.js';
import { parseDuration } from '../lib/duration.js';
import { StintError } from '../lib/errors.js';
import { quoteInput } from '../lib/quote-input.js';
import { exchangeBudgetMs, RETRY_BUDGET_RULE } from '../lib/retry-budget.js';
import type { ActionCore } from './runner.js';

/** The action's inputs (action.yml), read and checked. */
export interface ActionInputs {
  /** Absent: no ID token is requested and only signing is set up. */
  brokerUrl?: string;
  project?: string;
  /** Audience of the GitHub ID token; absent: the broker's issuer. */
  audience?: string;
  scope?: string;
  ttl?: string;
  /** YAML map of signing profiles. */
  signing?: string;
  exportEnv: boolean;
  summary: boolean;
  revoke: boolean;
  /** Total time for discovery, ID token requests and the exchange with their retries. */
  budgetMs: number;
}

/**
 * Reads the inputs the runner passes as `INPUT_*` (action.yml defaults included). Throws
 * `ERR_INPUT_INVALID` naming the input and what it must be. The retry budget comes from
 * `STINT_RETRY_BUDGET` (seconds, default 60) so a workflow can shorten or lengthen it.
 *
 * @example
 * const inputs = readInputs(core, process.env);
 */
export function readInputs(core: ActionCore, env: NodeJS.ProcessEnv): ActionInputs {
  const optional = (name: string): string | undefined => {
    const value = core.getInput(name);
    return value === '' ? undefined : value;
  };
  const flag = (name: string, fallback: boolean): boolean =>
    core.getInput(name) === '' ? fallback : core.getBooleanInput(name);
  const inputs: ActionInputs = {
    brokerUrl: optional('broker-url'),
    project: optional('project'),
    audience: optional('audience'),
    scope: optional('scope'),
    ttl: optional('ttl'),
    signing: optional('signing'),
    exportEnv: flag('export-env', true),
    summary: flag('summary', true),
    revoke: flag('revoke', true),
    budgetMs: retryBudget(env.STINT_RETRY_BUDGET),
  };
  if (inputs.brokerUrl === undefined) {
    if (inputs.signing === undefined) {
      throw new StintError(
        'ERR_INPUT_INVALID',
        'nothing to do: set broker-url and project to get a stint token, or signing to set up request signing (or both)',
      );
    }
    for (const name of ['project', 'audience', 'scope', 'ttl'] as const) {
      if (inputs[name] !== undefined)
        throw new StintError(
          'ERR_INPUT_INVALID',
          `input ${name} needs broker-url; without broker-url the action only sets up signing`,
        );
    }
  } else {
    if (inputs.project === undefined)
      throw new StintError(
        'ERR_INPUT_INVALID',
        'input project is required with broker-url: name the project (a key under projects: in the broker policy)',
      );
    // The broker answers a name it does not have as it answers a job it does not trust (403), so
    // that nobody learns which projects exist: a name it could never have is caught here instead.
    if (!CONFIG_NAME.test(inputs.project))
      throw new StintError(
        'ERR_INPUT_INVALID',
        `input project must be a project name as the broker's policy spells it (a letter or digit, then letters, digits, ., _ or -), not ${quoteInput(inputs.project)}`,
      );
    if (!/^https?:\/\//i.test(inputs.brokerUrl))
      throw new StintError(
        'ERR_INPUT_INVALID',
        `input broker-url must be an https:// URL (or http:// to this machine: localhost, 127.0.0.0/8, ::1), not ${JSON.stringify(inputs.brokerUrl)}`,
      );
  }
  if (inputs.ttl !== undefined) {
    // The broker reads the same grammar (src/lib/duration.ts), so what passes here passes there.
    try {
      parseDuration(inputs.ttl);
    } catch {
      throw new StintError(
        'ERR_INPUT_INVALID',
        `input ttl must be seconds or a duration like 90s, 15m, 1h or 1h30m, not ${JSON.stringify(inputs.ttl)}`,
      );
    }
  }
  if (inputs.scope !== undefined) inputs.scope = inputs.scope.split(/\s+/).filter(Boolean).join(' ');
  return inputs;
}

function retryBudget(value: string | undefined): number {
  const budgetMs = exchangeBudgetMs(value);
  if (budgetMs === undefined)
    throw new StintError('ERR_INPUT_INVALID', `${RETRY_BUDGET_RULE}, not ${JSON.stringify(value)}`);
  return budgetMs;
}
