/**
 * The error codes are the keys of the catalogue (src/lib/error-catalogue.ts), and a broker refusal
 * carries the status the catalogue gives its code. Both are compile-time checks: the
 * `@ts-expect-error` lines below fail `npm run typecheck` the day a wrong code or status compiles.
 */
import { describe, expect, it } from 'vitest';
import { BrokerError, invalidRequest } from '../src/broker/http.js';
import { CATALOGUE } from '../src/lib/error-catalogue.js';
import { isStintError, StintError } from '../src/lib/errors.js';

describe('error codes', () => {
  it('a code outside the catalogue, or a status other than its own, does not compile', () => {
    // @ts-expect-error: not a code of the catalogue (a typo of ERR_TOKEN_REPLAYED)
    const typo = new StintError('ERR_TOKEN_REPLAYD', 'x');
    // @ts-expect-error: ERR_TOKEN_REPLAYED is answered with 401
    const wrongStatus = new BrokerError(403, 'invalid_token', 'ERR_TOKEN_REPLAYED', 'x');
    // @ts-expect-error: invalidRequest answers 400, and ERR_RATE_LIMITED is a 429
    const wrongHelper = invalidRequest('ERR_RATE_LIMITED', 'x');
    // @ts-expect-error: isStintError takes catalogue codes only
    expect(isStintError(typo, 'ERR_NOT_A_CODE')).toBe(false);
    // Nothing is checked at run time: the compiler is the check.
    expect([typo.code, wrongStatus.status, wrongHelper.status]).toEqual(['ERR_TOKEN_REPLAYD', 403, 400]);
  });

  it('the right code and status compile, and the status is the catalogue’s', () => {
    const refusal = new BrokerError(401, 'invalid_token', 'ERR_TOKEN_REPLAYED', 'token was already exchanged');
    expect(refusal.status).toBe(CATALOGUE.ERR_TOKEN_REPLAYED.status);
    expect(invalidRequest('ERR_TTL_INVALID', 'x').status).toBe(CATALOGUE.ERR_TTL_INVALID.status);
    expect(isStintError(refusal, 'ERR_TOKEN_REPLAYED')).toBe(true);
  });
});
