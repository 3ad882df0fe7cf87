import { CLOCK_SKEW_SEC } from './clock-skew.js';

/**
 * How long the action and `stint exchange` keep retrying an exchange in all, unless
 * STINT_RETRY_BUDGET says otherwise (a revocation: REVOKE_BUDGET_MS). A module of its own so the action's start-up
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

/**
 * How long `stint revoke` and the action's post step keep trying to revoke a token, unless
 * STINT_RETRY_BUDGET says otherwise: longer than a Sentinel failover keeps the brokers answering
 * 503 (about 15 s, docs/many-brokers.md#no-acknowledged-record-lost-min_replica_acks), with room for a loaded
 * machine, so a job that ends during one still gets its token revoked.
 */
export const REVOKE_BUDGET_MS = 30_000;

/**
 * The most STINT_RETRY_BUDGET gives a revocation: 5 minutes, the time GitHub gives a cancelled
 * job's steps before it ends them; a revocation only shortens a token's life, which ends anyway.
 */
export const MAX_REVOKE_BUDGET_MS = 300_000;

/**
 * STINT_RETRY_BUDGET (seconds) in milliseconds for a revocation (`stint revoke`, the action's post
 * step): REVOKE_BUDGET_MS when unset, empty or not a positive number (a revocation at job end is
 * best effort and never refused for it), at most MAX_REVOKE_BUDGET_MS. It lengthens the default
 * as well as shortening it.
 *
 * @example revokeBudgetMs(undefined) // 30000; revokeBudgetMs('120') // 120000; revokeBudgetMs('600') // 300000
 */
export function revokeBudgetMs(value: string | undefined): number {
  const seconds = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_REVOKE_BUDGET_MS) : REVOKE_BUDGET_MS;
}

/**
 * When a revocation's retries end at the latest (RetryOptions.retryUntil, for `stint revoke` and the
 * action's post step): none starts more than CLOCK_SKEW_SEC after the token's expiry, by which
 * time the token is dead by any clock stint accepts. The first attempt is sent regardless.
 *
 * @example revokeRetryEnd(Date.parse('2026-12-07T20:10:00Z')).atMs // 20:11:00
 */
export function revokeRetryEnd(expiresAtMs: number): { atMs: number; why: string } {
  return {
    atMs: expiresAtMs + CLOCK_SKEW_SEC * 1000,
    why: `no retry more than ${CLOCK_SKEW_SEC} s (the clock difference stint allows) after the token's expiry`,
  };
}
