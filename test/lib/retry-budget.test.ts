import { expect, it } from 'vitest';
import { MAX_REVOKE_BUDGET_MS, REVOKE_BUDGET_MS, revokeBudgetMs } from '../../src/lib/retry-budget.js';

// The revocation budget of `stint revoke` and the action's post step (one rule for both):
// STINT_RETRY_BUDGET sets it either way, up to 5 minutes; anything else gives the default.
it('STINT_RETRY_BUDGET lengthens or shortens a revocation budget, up to 5 minutes', () => {
  expect(REVOKE_BUDGET_MS).toBe(30_000);
  expect(MAX_REVOKE_BUDGET_MS).toBe(300_000);
  expect(revokeBudgetMs(undefined)).toBe(30_000);
  expect(revokeBudgetMs('')).toBe(30_000);
  expect(revokeBudgetMs(' ')).toBe(30_000);
  expect(revokeBudgetMs('120')).toBe(120_000);
  expect(revokeBudgetMs('2.5')).toBe(2_500);
  expect(revokeBudgetMs('300')).toBe(300_000);
  expect(revokeBudgetMs('600')).toBe(300_000);
  for (const bad of ['0', '-5', 'abc', 'Infinity', 'NaN']) expect(revokeBudgetMs(bad), bad).toBe(30_000);
});
