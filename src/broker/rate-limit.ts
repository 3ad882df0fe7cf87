import type { BucketTake, RateLimit, Store } from '../store/types.js';
import { rateLimitKey } from './client-address.js';
import type { BrokerContext } from './context.js';
import { BrokerError } from './http.js';
import { requestOf } from './request-scope.js';

/**
 * Takes one token from the store's bucket, or refuses with 429 `temporarily_unavailable` and `Retry-After`
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
  throw rateLimited(retryAfterMs, refusal);
}

/** The 429 for a bucket that is empty for `retryAfterMs` more. */
export function rateLimited(retryAfterMs: number, refusal: (retryAfterSec: number) => string): BrokerError {
  const retryAfterSec = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new BrokerError(429, 'temporarily_unavailable', 'ERR_RATE_LIMITED', refusal(retryAfterSec), { retryAfterSec });
}

/**
 * The per-address limit (`rate_limit.per_address`, docs/broker.md#client-addresses-and-proxies).
 * An exchange takes its address token in the same store operation as its replay record
 * (Store.admit), so a granted exchange costs one round trip; every other limited route, and an
 * exchange refused before it reaches the store, takes it in a call of its own. An address whose
 * bucket the store reported empty is refused here, before any work and without asking the store,
 * until the bucket can hold a token again: the same answer the store would give.
 */
export function addressBucket(ctx: BrokerContext, address: string): BucketTake {
  return { bucket: `rate:address:${rateLimitKey(address)}`, limit: ctx.config.address_rate_limit };
}

const addressRefusal = (address: string) => (retryAfterSec: number) =>
  `too many requests from ${address}; retry after ${retryAfterSec} s`;

/** Empty address buckets, per store: bucket → epoch ms by which it has a token again. */
const emptyBuckets = new WeakMap<Store, Map<string, number>>();
/** Bounds the memory a flood from many addresses can take; past it, refusals come from the store. */
const EMPTY_BUCKETS_MAX = 10_000;

/** Throws the 429 at once when this address's bucket is known to be empty still. */
export function refuseEmptyAddress(ctx: BrokerContext, address: string): void {
  const known = emptyBuckets.get(ctx.store);
  const { bucket } = addressBucket(ctx, address);
  const until = known?.get(bucket);
  if (until === undefined) return;
  const left = until - Date.now();
  if (left > 0) throw rateLimited(left, addressRefusal(address));
  known!.delete(bucket);
}

/** The 429 for an address the store refused, remembered until its bucket refills. */
export function refuseAddress(ctx: BrokerContext, address: string, retryAfterMs: number): BrokerError {
  let known = emptyBuckets.get(ctx.store);
  if (known === undefined) {
    known = new Map();
    emptyBuckets.set(ctx.store, known);
  }
  const t = Date.now();
  if (known.size >= EMPTY_BUCKETS_MAX) for (const [bucket, until] of known) if (until <= t) known.delete(bucket);
  if (known.size < EMPTY_BUCKETS_MAX) known.set(addressBucket(ctx, address).bucket, t + retryAfterMs);
  return rateLimited(retryAfterMs, addressRefusal(address));
}

/** Takes the address's token now (the routes other than the exchange), or refuses with 429. */
export async function takeAddressToken(ctx: BrokerContext, address: string): Promise<void> {
  refuseEmptyAddress(ctx, address);
  const { bucket, limit } = addressBucket(ctx, address);
  const { allowed, retryAfterMs } = await ctx.store.takeToken(bucket, limit, ctx.now());
  if (!allowed) throw refuseAddress(ctx, address, retryAfterMs);
}

/**
 * Introspection with an API key this broker has verified (src/tokens/api-keys.ts, verifiedApiKeyId)
 * takes its token from the key's own bucket, of the size `rate_limit.per_address` gives, not from
 * its client address's: resource servers behind one NAT, or several services on one host, do not
 * share one bucket. Such a request costs no slow hash (the key is in the cache of verified keys);
 * a key not verified yet, or no key, draws from the address's bucket as every other request does.
 */
export async function takeApiKeyToken(ctx: BrokerContext, keyId: string): Promise<void> {
  await takeOrRefuse(
    ctx,
    `rate:apikey:${keyId}`,
    ctx.config.address_rate_limit,
    (retryAfterSec) => `too many introspection requests with API key ${keyId}; retry after ${retryAfterSec} s`,
  );
}

/**
 * The address token of the request being served, when it is still to be taken (an exchange that
 * has not reached the store); marks it taken, since the caller passes it to the store now.
 */
export function addressTokenToTake(ctx: BrokerContext): { address: string; take: BucketTake } | undefined {
  const request = requestOf(ctx);
  if (request?.addressToken !== 'deferred') return undefined;
  request.addressToken = 'taken';
  return { address: request.clientAddress, take: addressBucket(ctx, request.clientAddress) };
}

/** Takes the request's deferred address token, if it still is (an exchange refused before the store). */
export async function takeDeferredAddressToken(ctx: BrokerContext): Promise<void> {
  const pending = addressTokenToTake(ctx);
  if (pending === undefined) return;
  const { allowed, retryAfterMs } = await ctx.store.takeToken(pending.take.bucket, pending.take.limit, ctx.now());
  if (!allowed) throw refuseAddress(ctx, pending.address, retryAfterMs);
}
