import { withExtraField } from '../audit/encode.js';
import type { AuditLog } from '../audit/log.js';
import type { BrokerContext } from './context.js';

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

const SCOPE = Symbol('stint.request');

type ScopedContext = { -readonly [K in keyof BrokerContext]: BrokerContext[K] } & { [SCOPE]?: RequestScope };

/**
 * The context a request is handled with: the broker's own (store, key set… read through it) with
 * the config and policy serving now pinned for the whole request, plus the request's scope, and an
 * audit log that stamps every event it appends with the client's address (a new route cannot
 * forget it). A reload while the request awaits something swaps the broker's config and policy,
 * not this request's: it is decided by one config from start to end, never by the old one's
 * issuer and the new one's rules.
 *
 * The scope travels with the context the handlers already pass down, not in an AsyncLocalStorage:
 * on Node 20 one of those puts a hook on every promise of the process, which cost the broker
 * about a tenth of its CPU per exchange. The request's context is not the broker's: state kept
 * per broker is keyed by something the two share (the store, the key set), never by the context.
 */
export function scopedContext(ctx: BrokerContext, request: RequestScope): BrokerContext {
  const scoped = Object.create(ctx) as ScopedContext;
  scoped.config = ctx.config;
  scoped.policy = ctx.policy;
  scoped.audit = stampClientAddress(ctx.audit, request.clientAddress);
  scoped[SCOPE] = request;
  return scoped;
}

/**
 * The broker's own context behind a request's (scopedContext): for state kept per broker that one
 * request only happens to open (the mTLS CA), whose later events must not carry that request's client address.
 */
export function brokerContextOf(ctx: BrokerContext): BrokerContext {
  return Object.hasOwn(ctx, SCOPE) ? (Object.getPrototypeOf(ctx) as BrokerContext) : ctx;
}

/** The request a context serves (scopedContext), or undefined outside one (start-up, key rotation, a reload). */
export function requestOf(ctx: BrokerContext): RequestScope | undefined {
  return (ctx as ScopedContext)[SCOPE];
}

/**
 * The audit log of one request: each event it appends carries the client's address
 * (`client_address`), unless the event names one itself.
 */
export function stampClientAddress(audit: AuditLog, clientAddress: string): AuditLog {
  return {
    file: audit.file,
    append: (event, options) =>
      event.client_address === undefined || event.client_address === null
        ? audit.append(event, withExtraField(options, 'client_address', clientAddress, true))
        : audit.append(event, options),
    check: () => audit.check(),
    close: () => audit.close(),
  };
}
