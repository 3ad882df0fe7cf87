/**
 * How long the action and `stint exchange` keep retrying an exchange (and post a revocation) in
 * all, unless STINT_RETRY_BUDGET says otherwise. A module of its own so the action's start-up
 * can read it without loading the broker client, which only runs with a broker-url.
 */
export const DEFAULT_BUDGET_MS = 60_000;
