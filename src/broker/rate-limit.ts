import type { RateLimit } from '../store/types.js';
import type { BrokerContext } from './context.js';
import { BrokerError } from './http.js';

/**
 * Takes one token from the store's bucket, or refuses with 429 `slow_down` and `Retry-After`
 * (at least 1 s). `refusal` says what ran out, given the seconds to wait.
 *
 * @example
 * await takeOrRefuse(ctx, `rate:github:${owner}`, { rps: 1, burst: 10 }, (s) => `too many exchanges; retry after ${s} s`);
 */
export async function takeOrRefuse(
  ctx: BrokerContext,
  bucket: string,
  limit: RateLimit,
  refusal: (retryAfterSec: number) => string,
): Promise<void> {
  const { allowed, retryAfterMs } = await ctx.store.takeToken(bucket, limit, ctx.now());
  if (allowed) return;
  const retryAfterSec = Math.max(1, Math.ceil(retryAfterMs / 1000));
  throw new BrokerError(429, 'slow_down', 'ERR_RATE_LIMITED', refusal(retryAfterSec), { retryAfterSec });
}
