import { describe, expect, it } from 'vitest';
import { checkTimesAndSubject, MAX_ID_TOKEN_AGE_SEC } from '../../src/broker/id-token.js';
import { CLOCK_SKEW_SEC } from '../../src/lib/clock-skew.js';

/**
 * The replay record lives until `until` + CLOCK_SKEW_SEC (src/broker/exchange.ts): for every
 * moment the same token is still accepted, `until` + skew must not have passed, or it could be
 * exchanged a second time once its record is gone.
 */
function acceptedAt(claims: Record<string, unknown>, atSec: number): boolean {
  try {
    checkTimesAndSubject({ sub: 'job', ...claims }, atSec * 1000);
    return true;
  } catch {
    return false;
  }
}

describe('checkTimesAndSubject: the replay record outlives acceptance', () => {
  const t0 = 2_000_000_000;
  for (const [name, claims] of [
    ['no iat and no nbf, exp just inside the ceiling', { exp: t0 + MAX_ID_TOKEN_AGE_SEC + 50 }],
    ['iat now, exp past the ceiling', { iat: t0, exp: t0 + 3 * MAX_ID_TOKEN_AGE_SEC }],
    ['nbf only, exp short', { nbf: t0, exp: t0 + 300 }],
  ] as const) {
    it(name, () => {
      const { until } = checkTimesAndSubject({ sub: 'job', ...claims }, t0 * 1000);
      const recordEnds = until + CLOCK_SKEW_SEC;
      expect(Number.isInteger(recordEnds)).toBe(true);
      // Every second after the record ends, the token must be refused.
      for (let at = recordEnds + 1; at <= recordEnds + 2 * CLOCK_SKEW_SEC; at++)
        expect(acceptedAt(claims, at)).toBe(false);
      expect(acceptedAt(claims, t0)).toBe(true);
    });
  }
});
