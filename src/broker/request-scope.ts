import { AsyncLocalStorage } from 'node:async_hooks';

/** What the broker knows about the request being served, wherever in its handling code runs. */
export interface RequestScope {
  requestId: string;
  /** The client's address (docs/broker.md#client-addresses-and-proxies). */
  clientAddress: string;
  /**
   * An exchange's per-address token (src/broker/rate-limit.ts): `deferred` until it is taken,
   * with the replay record when the exchange reaches the store, else on its refusal.
   */
  addressToken?: 'deferred' | 'taken';
}

const scope = new AsyncLocalStorage<RequestScope>();

/**
 * Runs a request's handling inside its scope, so every audit event it writes carries the client
 * address without each route passing it down (a new route cannot forget it).
 */
export function runInRequestScope<T>(request: RequestScope, handle: () => T): T {
  return scope.run(request, handle);
}

/** The request being served, or undefined outside one (start-up, key rotation, a reload). */
export function currentRequest(): RequestScope | undefined {
  return scope.getStore();
}
