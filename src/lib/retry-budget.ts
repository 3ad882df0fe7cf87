/**
 * How long the action and `stint exchange` keep retrying an exchange (and post a revocation) in
 * all, unless STINT_RETRY_BUDGET says otherwise. A module of its own so the action's start-up
 * can read it without loading the broker client, which only runs with a broker-url.
 */
export const DEFAULT_BUDGET_MS = 60_000;

/** What STINT_RETRY_BUDGET must be, for the error that names a bad value. */
export const RETRY_BUDGET_RULE = 'STINT_RETRY_BUDGET must be a number of seconds between 1 and 600';

/**
 * STINT_RETRY_BUDGET (seconds, at most 600) in milliseconds for the exchange (the action's and
 * `stint exchange`'s): DEFAULT_BUDGET_MS when it is unset or empty, undefined when it is not a
 * number in range (the caller refuses it, naming `RETRY_BUDGET_RULE`).
 *
 * @example exchangeBudgetMs(process.env.STINT_RETRY_BUDGET) // 60000 when unset
 */
export function exchangeBudgetMs(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return DEFAULT_BUDGET_MS;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 && seconds <= 600 ? seconds * 1000 : undefined;
}
