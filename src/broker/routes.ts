import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditEventName } from '../audit/events.js';
import { StintError } from '../lib/errors.js';
import type { BrokerConfig } from '../policy/types.js';
import { verifiedApiKeyId } from '../tokens/api-keys.js';
import { accessLine } from './access-line.js';
import { appendAudit, isAudited } from './audit-append.js';
import { clientAddress, forwardedForIgnored, trustedProxies } from './client-address.js';
import type { BrokerContext } from './context.js';
import { discoveryDocument } from './discovery.js';
import { asBrokerError, OUTAGE_RETRY_AFTER_SEC } from './exchange.js';
import { handleOidcExchange, handleTokenExchange } from './exchange-routes.js';
import {
  BrokerError,
  invalidRequest,
  lingeringClose,
  sendError,
  sendJson,
  sendText,
  tokenEndpointShape,
} from './http.js';
import { KidNotYetFetched } from './jwks-cache.js';
import { handleCaPem, handleCertificate } from './mtls-routes.js';
import { createOutageLog, type OutageLog } from './outage-log.js';
import { refuseEmptyAddress, takeAddressToken, takeApiKeyToken, takeDeferredAddressToken } from './rate-limit.js';
import { sharedReadiness } from './readiness.js';
import { requestOf, scopedContext } from './request-scope.js';
import { handleIntrospect, handleRevoke } from './token-routes.js';

type Handler = (ctx: BrokerContext, req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;

/**
 * Method + route → handler. Every route is listed here, so this is the broker's whole surface.
 * A route is served under the path of the broker's issuer (`routeOf`), except ROOT_ROUTES; the
 * route, not the request path, names it in metrics, logs and the audit log.
 */
const routes: Record<string, Partial<Record<string, Handler>>> = {
  '/auth/oidc/exchange': { POST: handleOidcExchange },
  '/oauth2/token': { POST: handleTokenExchange },
  '/oauth2/revoke': { POST: handleRevoke },
  '/oauth2/introspect': { POST: handleIntrospect },
  '/.well-known/openid-configuration': { GET: handleDiscovery },
  // RFC 8414 metadata: the same document, for OAuth 2.0 clients that look here.
  '/.well-known/oauth-authorization-server': { GET: handleDiscovery },
  '/.well-known/jwks.json': {
    // Short cache: a key published here may start signing after the next rotation step.
    GET: async (ctx, _req, res) => sendJson(res, 200, ctx.keySet.jwks(), { 'cache-control': 'public, max-age=60' }),
  },
  '/mtls/ca.pem': { GET: (ctx, _req, res) => handleCaPem(ctx, res) },
  '/mtls/certificates': { POST: handleCertificate },
  '/livez': { GET: async (_ctx, _req, res) => sendJson(res, 200, { status: 'ok' }) },
  '/readyz': { GET: handleReady },
  '/healthz': { GET: handleReady },
  '/metrics': {
    GET: async (ctx, _req, res) =>
      sendText(
        res,
        200,
        ctx.exposition ? await ctx.exposition() : ctx.metrics.render(),
        'text/plain; version=0.0.4; charset=utf-8',
      ),
  },
};

/**
 * Served at the root whatever the issuer's path: the probes and metrics are the operator's, called
 * by the orchestrator, the load balancer and Prometheus at the addresses deploy/ gives them, and
 * never by a client that starts from the issuer (which would put them on the public side).
 */
const ROOT_ROUTES = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

/** RFC 8414 §3 metadata: for an issuer with a path, `/.well-known/oauth-authorization-server{path}`. */
const RFC8414_METADATA = '/.well-known/oauth-authorization-server';

/**
 * The path of an issuer URL without its terminating slashes, as OpenID Connect Discovery §4 and
 * RFC 8414 §3 put well-known documents beside it: '' for https://stint.example.com (or …com/),
 * '/stint' for https://ci.example.com/stint. The issuer itself (`iss`, the discovery document's
 * `issuer`) stays exactly as configured.
 */
export function issuerPath(issuer: string): string {
  try {
    return new URL(issuer).pathname.replace(/\/+$/, '');
  } catch {
    // The config loader refuses an issuer that is not a URL; a broker is never started on one.
    return '';
  }
}

/**
 * `issuerPath` of each config's issuer, worked out once per config and keyed by it: two brokers
 * in one process, or the config a reload replaced and the new one, never share an entry.
 */
const prefixes = new WeakMap<BrokerConfig, string>();

function prefixOf(ctx: BrokerContext): string {
  let prefix = prefixes.get(ctx.config);
  if (prefix === undefined) {
    prefix = issuerPath(ctx.config.issuer);
    prefixes.set(ctx.config, prefix);
  }
  return prefix;
}

/**
 * The route a request path is, for a broker whose issuer's path is `prefix`: every route under
 * that path (the URLs the discovery document names, and the discovery document itself), the RFC
 * 8414 metadata at its path-inserted location, ROOT_ROUTES at the root. Nothing is served twice:
 * with a prefix, `/oauth2/token` at the root is no endpoint (notFound says where it is).
 */
export function routeOf(path: string, prefix: string): string | undefined {
  if (ROOT_ROUTES.has(path)) return path;
  if (prefix === '') return Object.hasOwn(routes, path) ? path : undefined;
  if (path === `${RFC8414_METADATA}${prefix}`) return RFC8414_METADATA;
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const rest = path.slice(prefix.length);
  return Object.hasOwn(routes, rest) && !ROOT_ROUTES.has(rest) ? rest : undefined;
}

/**
 * The 404 for a path that is no route; it says where the route is when the issuer's path was left
 * out or added. It never repeats the path otherwise: a client that puts a token or an API key in
 * the path (`/auth/oidc/exchange/<key>`) must not get it back in a body a proxy may log. The two
 * hints name only a route and the issuer's path, both public.
 */
function notFound(path: string, prefix: string): BrokerError {
  const rest = path.slice(prefix.length);
  let description = `no endpoint at this path; the endpoints are listed in the discovery document, ${prefix}/.well-known/openid-configuration`;
  if (prefix !== '' && Object.hasOwn(routes, path) && !ROOT_ROUTES.has(path)) {
    description = `no endpoint ${path}; this broker serves its endpoints under its issuer's path ${prefix}: ${prefix}${path}`;
  } else if (prefix !== '' && path.startsWith(`${prefix}/`) && ROOT_ROUTES.has(rest)) {
    description = `no endpoint ${path}; ${rest} is at the root, not under the issuer's path`;
  }
  return new BrokerError(404, 'not_found', 'ERR_NOT_FOUND', description);
}

async function handleDiscovery(ctx: BrokerContext, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const algorithms = [...new Set(ctx.keySet.list().map((key) => key.alg))];
  sendJson(res, 200, discoveryDocument(ctx.config, algorithms), { 'cache-control': 'public, max-age=300' });
}

/**
 * Ready when a key signs, the audit log takes writes (after a failed write it is tried again
 * here, so a broker taken out of a load balancer comes back once its disk has room), the store
 * takes a write (a read-only replica or a full disk is not ready) and no live peer on the store serves a key set this instance is behind or split from
 * (key-agreement.ts: a peer behind this instance's rotation is logged, not a reason); 503 otherwise. The endpoint is public, so its reason is generic: the store's error
 * names internal hosts and ports, which go to the broker's own log only.
 */
async function handleReady(
  ctx: BrokerContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const { result, fresh } = await sharedReadiness(ctx);
  const path = pathOf(req.url);
  // A check's warnings (a peer behind: said once while it lasts) are logged by the caller that ran
  // it, not again by each that shared or reused its result.
  if (fresh) for (const warning of result.warnings) ctx.log?.warn({ request_id: requestId }, `${path}: ${warning}`);
  // Not one line per probe while not ready (a public endpoint, polled by every load balancer).
  if (result.errors.length > 0)
    outageLogOf(ctx).refused(`/readyz: ${result.reason}`, requestId, `${path}: ${result.errors.join('; ')}`);
  if (result.ready) sendJson(res, 200, { status: 'ok' });
  else sendJson(res, 503, { status: 'unavailable', reason: result.reason });
}

/**
 * The audit event for a refused request, per route: every refusal of a request that carries a
 * credential or asks for one is in the log with its full reason (docs/broker.md#the-audit-log), including those
 * refused before the exchange looks at the token (a bad ttl, a missing project, a wrong grant).
 */
const REFUSAL_EVENTS: Record<string, AuditEventName> = {
  '/auth/oidc/exchange': 'exchange_denied',
  '/oauth2/token': 'exchange_denied',
  '/oauth2/introspect': 'introspection_denied',
  '/mtls/certificates': 'cert_denied',
};

/**
 * Routes that carry a credential or ask for one: each request to them takes a token from its
 * client address's bucket (`rate_limit.per_address`), first of all checks (admitAddress); an
 * introspection with an API key verified before, from that key's bucket instead.
 */
const ADDRESS_LIMITED = new Set([
  '/auth/oidc/exchange',
  '/oauth2/token',
  '/oauth2/revoke',
  '/oauth2/introspect',
  '/mtls/certificates',
]);

/**
 * Each request being served: its id and route, for the line the drain logs when it cuts it off.
 * Kept on the response itself: a WeakMap entry per request cost its insertion and the collector's
 * work on every short-lived key.
 */
const SERVING = Symbol('stint.serving');
type Served = ServerResponse & { [SERVING]?: { requestId: string; route: string } };
/** Requests the drain cut off: what their handlers meet afterwards is not theirs to report. */
const cutOff = new WeakSet<ServerResponse>();

/**
 * Logs the one line for a request that a drain cuts off (its connection closed with no answer, or
 * mid-answer), and marks it, so that whatever its handler meets afterwards (a body that never
 * came, the store and the audit log closed under it) is not logged as the broker's error. Nothing
 * cut off was answered 200: an answer goes out only once what it reports is stored, and the
 * connection it would go out on is closed. What the handler had done stays done (a revocation
 * written, an ID token spent); the client sees a closed connection and asks again.
 *
 * @example
 * await listening.close(10_000, (res) => cutOffByDrain(res, 'shutdown_grace (10s) ran out', log));
 */
export function cutOffByDrain(res: ServerResponse, why: string, log: BrokerContext['log']): void {
  if (cutOff.has(res)) return;
  cutOff.add(res);
  const request = (res as Served)[SERVING];
  if (request === undefined) return;
  const answer = res.headersSent ? 'before its answer was complete' : 'without an answer';
  log?.warn(
    { request_id: request.requestId },
    `${request.route}: request cut off by the drain deadline, still running when ${why}: its connection was closed ${answer}, so its client sees a closed connection and asks again (an exchange with a fresh ID token); raise shutdown_grace if requests need longer`,
  );
}

/** The exchange routes, whose address token goes to the store with the replay record. */
const EXCHANGE_ROUTES = new Set(['/auth/oidc/exchange', '/oauth2/token']);

/**
 * The broker's request listener. Each request gets an `X-Request-Id` that is also in the error
 * body, the audit event and its access log line, so a user's report can be matched to the logs.
 * The access line names the route from the table above (or `other`), never the request target,
 * which may carry anything a caller put in it.
 */
export function createRequestHandler(ctx: BrokerContext) {
  let toldOfProxy = false;
  const logRefusal = refusalLogger(ctx);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const requestId = randomUUID();
    const trusted = trustedProxies(ctx.config.trust_proxy);
    const address = clientAddress(req, trusted);
    // Behind a proxy that is not listed, every client shares the proxy's address (and its
    // per-address rate limit). Said once, so the operator learns it without a line per request.
    if (!toldOfProxy && forwardedForIgnored(req, trusted)) {
      toldOfProxy = true;
      ctx.log?.warn(
        `a request from ${address} carries X-Forwarded-For, which is ignored: ${address} is not in trust_proxy. Behind a proxy of yours, list it there, or every client counts as ${address} (audit events, the per-address rate limit)`,
      );
    }
    res.setHeader('x-request-id', requestId);
    const path = pathOf(req.url);
    const route = path === undefined ? undefined : routeOf(path, prefixOf(ctx));
    const routeName = route ?? 'other';
    (res as Served)[SERVING] = { requestId, route: routeName };
    res.once('finish', () => {
      ctx.metrics.request(routeName, res.statusCode);
      // A request that needed the store (and the keys, the audit log) was served: an outage is over.
      if (res.statusCode === 200 && (ADDRESS_LIMITED.has(routeName) || routeName === '/readyz'))
        outageLogOf(ctx).served();
    });
    ctx.metrics.inFlight(1);
    res.once('close', () => {
      ctx.metrics.inFlight(-1);
      ctx.log?.info(accessLine(req, res, { route: routeName, started, requestId, clientAddress: address }), 'request');
    });
    dispatch(scopedContext(ctx, { requestId, clientAddress: address }), req, res, {
      requestId,
      address,
      path,
      route,
      started,
      logRefusal,
    });
  };
}

/** Per broker, by its store (as readiness.ts: each request has a context of its own). */
const outageLogs = new WeakMap<BrokerContext['store'], OutageLog>();

/** The broker's outage log (outage-log.ts): 503 refusals and failed /readyz checks. */
function outageLogOf(ctx: BrokerContext): OutageLog {
  let outages = outageLogs.get(ctx.store);
  if (outages === undefined) {
    outages = createOutageLog(ctx.log, ctx.now);
    outageLogs.set(ctx.store, outages);
  }
  return outages;
}

/** How often a token naming a kid the broker may not fetch yet is logged, per issuer: its JWKS refetch interval. */
const KEY_PENDING_LOG_EVERY_MS = 10_000;

/**
 * Logs a refusal the broker answered with 5xx. ERR_TOKEN_KEY_PENDING (a kid the broker may not
 * ask the issuer for yet) is the caller's token, not a fault here, and anyone can send made-up
 * kids: it is a warning, at most one per issuer per KEY_PENDING_LOG_EVERY_MS, saying how many
 * were left out; each request keeps its access line.
 */
function refusalLogger(ctx: BrokerContext): (refusal: BrokerError, requestId: string, path: string) => void {
  // One entry per configured issuer (only those can get this far): bounded by the config.
  const pending = new Map<string, { until: number; held: number }>();
  return (refusal, requestId, path) => {
    if (refusal.status < 500) return;
    const cause = refusal.cause;
    if (refusal.code !== 'ERR_TOKEN_KEY_PENDING' || !(cause instanceof KidNotYetFetched)) {
      // An outage (503: the store, the audit log, the signing keys, the key set) is logged when it
      // starts, summarised at most once a minute, and said to be over; anything else, each time.
      if (refusal.status === 503) {
        const inner = innermostCode(refusal.cause);
        outageLogOf(ctx).refused(
          refusal.code,
          requestId,
          `${path}: ${refusal.reason}`,
          inner === undefined ? path : `${path} ${inner}`,
        );
      } else ctx.log?.error({ request_id: requestId }, `${path}: ${refusal.reason}`);
      return;
    }
    const now = ctx.now();
    const last = pending.get(cause.issuer);
    if (last !== undefined && now < last.until) {
      last.held++;
      return;
    }
    pending.set(cause.issuer, { until: now + KEY_PENDING_LOG_EVERY_MS, held: 0 });
    const held = last?.held ?? 0;
    ctx.log?.warn(
      { request_id: requestId, code: refusal.code },
      `${path}: ${refusal.reason}${held > 0 ? ` (${held} more such refusals for this issuer since the last line were not logged)` : ''}`,
    );
  };
}

function dispatch(
  ctx: BrokerContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: {
    requestId: string;
    address: string;
    path: string | undefined;
    /** The route `path` is (routeOf), which every table below is keyed by. */
    route: string | undefined;
    started: number;
    logRefusal: (refusal: BrokerError, requestId: string, path: string) => void;
  },
): void {
  const { requestId, address } = request;
  if (request.path === undefined) {
    sendError(res, invalidRequest('ERR_REQUEST_TARGET', 'the request target is not a valid URL path'), requestId);
    return;
  }
  const path = request.route;
  const route = path === undefined ? undefined : routes[path];
  if (path === undefined || !route) {
    sendError(res, notFound(request.path, prefixOf(ctx)), requestId);
    return;
  }
  // HEAD is GET without the body (RFC 9110 §9.3.2), which node:http leaves out of the answer.
  const handler = route[req.method ?? 'GET'] ?? (req.method === 'HEAD' ? route.GET : undefined);
  if (!handler) {
    const allowed = Object.keys(route)
      .flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]))
      .join(', ');
    res.setHeader('allow', allowed);
    sendError(
      res,
      new BrokerError(405, 'invalid_request', 'ERR_METHOD_NOT_ALLOWED', `${request.path} accepts ${allowed}`),
      requestId,
    );
    return;
  }
  const admitted = ADDRESS_LIMITED.has(path) ? admitAddress(ctx, req, path, address) : Promise.resolve();
  // Only brokers that share a store have peers to disagree with: no step on the others' path.
  const gated = ctx.keyAgreement !== undefined && KEY_SET_GATED.has(path);
  (gated ? admitted.then(() => refuseWhileKeySetDisagrees(ctx)) : admitted)
    .then(() => handler(ctx, req, res, requestId))
    .catch(async (error: unknown) => {
      // Cut off by the drain, which said so: its connection is gone, and so may be the store and
      // the audit log, which the broker closes next; a failure from them is not the broker's error.
      if (cutOff.has(res)) return;
      // An exchange refused before it reached the store still takes its address token, and an
      // empty bucket's 429 comes first, as the address is the first check.
      let refusal = asBrokerError(
        ctx,
        await takeDeferredAddressToken(ctx).then(
          () => error,
          (addressError: unknown) => addressError,
        ),
      );
      const event = REFUSAL_EVENTS[path];
      if (event !== undefined && !isAudited(refusal)) {
        const failure = await appendAudit(ctx.audit, {
          event,
          request_id: requestId,
          outcome: refusal.status >= 500 ? 'error' : 'denied',
          code: refusal.code,
          reason: refusal.reason,
          ...refusal.auditFields,
        }).then(
          () => undefined,
          (failed: unknown) => failed as Error,
        );
        // A refusal is not answered without its audit line either (a 401 to a guessed API key
        // while the log is down would be an unaudited answer): 503 with Retry-After, as an exchange.
        if (failure !== undefined) refusal = unauditedRefusal(ctx, refusal, failure);
        // An exchange refused before the exchange ran (an address known to be empty, a malformed
        // request) is counted as well as audited, so stint_exchanges_total and the audit log agree.
        if (EXCHANGE_ROUTES.has(path)) {
          ctx.metrics.exchange(
            refusal.status >= 500 ? 'error' : 'denied',
            refusal.code,
            (performance.now() - request.started) / 1000,
          );
        }
      }
      request.logRefusal(refusal, requestId, path);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // The client must read our answer, not a reset, while its upload is still arriving.
      if (!req.readableEnded) lingeringClose(req, res);
      sendError(res, refusal, requestId, path === '/oauth2/token' ? tokenEndpointShape(refusal) : undefined);
    });
}

/**
 * Routes an instance whose key set disagrees with its peers' must not serve: each would spend an
 * ID token on a token the peers' JWKS does not verify, sign a certificate its peers do not vouch
 * for, or acknowledge a revocation of a peer's token without revoking it (RFC 7009 answers 200 for
 * a token the broker cannot verify).
 */
const KEY_SET_GATED = new Set(['/auth/oidc/exchange', '/oauth2/token', '/oauth2/revoke', '/mtls/certificates']);

/**
 * 503 with Retry-After, as a store outage, while the key agreement says this instance must not
 * serve (key-agreement.ts refusal(): the minority of a split, behind an emergency rotation, a
 * duplicate instance name); the caller retries and reaches another instance. Nothing before the
 * first judgement, and nothing for a broker without peers.
 */
async function refuseWhileKeySetDisagrees(ctx: BrokerContext): Promise<void> {
  const problems = await ctx.keyAgreement?.refusal();
  if (problems === undefined) return;
  throw new BrokerError(
    503,
    'temporarily_unavailable',
    'ERR_KEY_SET_DISAGREES',
    'this broker instance does not serve the same signing keys as its peers; try again shortly',
    {
      reason: `this instance does not serve the same signing keys as its peers, so it refuses exchanges, certificates and revocations until they agree: ${problems.map((problem) => `key set: ${problem}`).join('; ')}`,
      retryAfterSec: OUTAGE_RETRY_AFTER_SEC,
    },
  );
}

/**
 * What a refusal whose audit line could not be written is answered instead: the audit log's
 * outage (503 ERR_AUDIT_WRITE, Retry-After), its reason naming the refusal it stands for.
 */
function unauditedRefusal(ctx: BrokerContext, refusal: BrokerError, failure: Error): BrokerError {
  const reason = `the refusal (${refusal.status} ${refusal.code}) could not be audited: ${failure.message}`;
  return asBrokerError(ctx, new StintError('ERR_AUDIT_WRITE', reason, { cause: failure }));
}

/**
 * The per-address limit, before any work: an address whose bucket is known to be empty is refused
 * at once. An exchange takes its token later, in one store operation with its replay record
 * (rate-limit.ts); introspection with an API key this broker has verified takes it from the key's
 * own bucket instead (takeApiKeyToken); every other limited route takes it now.
 */
async function admitAddress(ctx: BrokerContext, req: IncomingMessage, path: string, address: string): Promise<void> {
  if (path === '/oauth2/introspect') {
    const keyId = introspectionKeyId(req);
    if (keyId !== undefined) return takeApiKeyToken(ctx, keyId);
  }
  if (!EXCHANGE_ROUTES.has(path)) return takeAddressToken(ctx, address);
  refuseEmptyAddress(ctx, address);
  const request = requestOf(ctx);
  if (request !== undefined) request.addressToken = 'deferred';
}

/**
 * The id of the API key an introspection request carries, when this broker has verified it before;
 * undefined for anything else (no key, a key not verified yet, several Authorization fields).
 */
function introspectionKeyId(req: IncomingMessage): string | undefined {
  const fields = req.headersDistinct.authorization;
  if (fields === undefined || fields.length !== 1) return undefined;
  const match = /^Bearer +(\S+)$/i.exec(fields[0]!);
  return match === null ? undefined : verifiedApiKeyId(match[1]!);
}

/** The path of a request target (origin- or absolute-form); undefined when no URL parser would accept it. */
export function pathOf(target: string | undefined): string | undefined {
  // A route's own path is its own pathname (no dot segments, nothing to escape): the common case
  // (a broker whose issuer has no path) skips the URL parser.
  if (target !== undefined && Object.hasOwn(routes, target)) return target;
  try {
    return new URL(target ?? '/', 'http://broker.invalid').pathname;
  } catch {
    // A throw here would escape the request listener and stop the process.
    return undefined;
  }
}

/** The code of the deepest StintError in a cause chain (ERR_AUDIT_TRUNCATED under ERR_AUDIT_WRITE), if any. */
function innermostCode(cause: unknown): string | undefined {
  let code: string | undefined;
  for (let at = cause, depth = 0; at instanceof StintError && depth < 8; at = at.cause, depth++) code = at.code;
  return code;
}
