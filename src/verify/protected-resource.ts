import type { IncomingMessage, ServerResponse } from 'node:http';
import { StintError } from '../lib/errors.js';
import { fingerprint } from '../lib/fingerprint.js';
import type { HttpClient } from '../lib/http.js';
import { KeyNotFetchedYet } from '../lib/jwks-cache.js';
import { PLAIN_HTTP_ONLY_HERE, sendsInClear } from '../lib/loopback.js';
import { oauthDescription } from '../lib/oauth-description.js';
import {
  ISSUER_FIX,
  jwksMaxAge,
  jwksUrlOf,
  type StintTokenClaims,
  type VerifyStintTokenOptions,
  verifyStintToken,
} from './jwt.js';
import { fetchedUrl, requiredString, secondsOption, verifyHttp } from './options.js';

// docs/mcp.md explains this file from the service owner's side: RFC 9728 metadata, the RFC 6750
// challenges, and what a refusal looks like to an MCP client.

export interface ProtectedResourceOptions
  extends Omit<VerifyStintTokenOptions, 'audience' | 'requiredScopes' | 'http'> {
  /**
   * This service's URL, as clients reach it and as its stint project's `audience` says:
   * `https://mcp.internal.example.com/mcp`. Tokens are accepted only with exactly this `aud`.
   */
  resource: string;
  /** The scopes this service knows (RFC 9728 `scopes_supported`), e.g. every tool's scope. */
  scopesSupported?: readonly string[];
  /** A human-readable name for the metadata (RFC 9728 `resource_name`). */
  resourceName?: string;
  /** A page about the service for developers (RFC 9728 `resource_documentation`). */
  resourceDocumentation?: string;
  /**
   * Also ask the broker whether each token is still active (RFC 7662 introspection with a project
   * API key, `stint keys create-api-key --project P`), so a revoked token is refused at once
   * rather than when it expires. One request to the broker per call; a broker that does not
   * answer is a 503 (fail closed). The key is a secret: give it from the environment.
   *
   * An API key introspects only its own project's tokens (the broker answers any other as not
   * active). So a service that accepts one project gives `apiKey`; one that accepts several
   * (`project: ['billing-a', 'billing-b']`, under a shared audience) gives `apiKeys`, one per
   * project, and each token is introspected with the key of its (verified) `project`. Checked when
   * the guard is built (ERR_VERIFY_CONFIG): a key missing or empty, both or neither of `apiKey`
   * and `apiKeys`, `apiKey` with `project` naming several projects, `apiKeys` without `project`,
   * or `apiKeys` and `project` not naming the same projects. A key the broker refuses (wrong,
   * expired, revoked) makes every request a 500 `server_error` with code
   * ERR_INTROSPECTION_REFUSED in `onAccess`: a set-up error, never a token let through.
   */
  introspection?: IntrospectionOptions;
  /**
   * Called once per checked request with what is safe to log (never the token): outcome, status,
   * code, the token's jti and SHA-256 fingerprint, project, subject, client_id and the CI run.
   */
  onAccess?: (record: AccessRecord) => void;
  /** The HTTP client for the JWKS and introspection (default: stint's, on node:http/https). */
  http?: HttpClient;
}

/** `introspection`: one project's API key (`apiKey`), or one per project the service accepts (`apiKeys`). */
export type IntrospectionOptions =
  | { apiKey: string; apiKeys?: undefined; timeoutMs?: number }
  | { apiKeys: Readonly<Record<string, string>>; apiKey?: undefined; timeoutMs?: number };

/** One line for the service's access log: which CI job called, with what, and the answer. */
export interface AccessRecord {
  outcome: 'allowed' | 'refused';
  status: number;
  /** The RFC 6750 error of a refusal: invalid_request, invalid_token, insufficient_scope, temporarily_unavailable. */
  error?: string;
  /** stint's code for a refusal (ERR_TOKEN_EXPIRED, ERR_TOKEN_SCOPE, …). */
  code?: string;
  reason?: string;
  /** The scopes this request needed. */
  required_scopes: string[];
  /** From the token, once its signature verified (also on a scope refusal). */
  jti?: string;
  token_fingerprint?: string;
  project?: string;
  sub?: string;
  client_id?: string;
  scope?: string;
  ci?: Record<string, string | undefined>;
}

/** The scopes a request needs: a list, or worked out from the request (per route, per MCP tool). */
export type RequiredScopes<R> = readonly string[] | ((req: R) => readonly string[] | Promise<readonly string[]>);

/** What `check` decided: the verified claims, or the answer to send. */
export type AccessDecision =
  | { ok: true; claims: StintTokenClaims; token: string; scopes: string[] }
  | { ok: false; status: 400 | 401 | 403 | 500 | 503; headers: Record<string, string>; body: RefusalBody };

export interface RefusalBody {
  /** The RFC 6750 error code; none for a request that carried no token (RFC 6750 §3.1). */
  error?: string;
  error_description: string;
}

/** The subset of a Fastify request the guard reads (Fastify is not a dependency of stint/verify). */
export interface FastifyRequestLike {
  raw: IncomingMessage;
}

/** The subset of a Fastify reply the guard uses. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(body: unknown): unknown;
}

export interface ProtectedResource {
  /** The resource URL, as given. */
  readonly resource: string;
  /** Where the metadata is served, on this server: `/.well-known/oauth-protected-resource/mcp`. */
  readonly metadataPath: string;
  /** Its full URL, as the 401 challenge names it. */
  readonly metadataUrl: string;
  /** The RFC 9728 Protected Resource Metadata document. */
  metadata(): Record<string, unknown>;
  /**
   * node:http (and Express, whose req/res are Node's): answers a GET or HEAD of `metadataPath` with
   * the metadata and returns true; returns false for any other request.
   */
  serveMetadata(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * The decision for one request, framework-free: its Authorization header field value(s) and the
   * scopes it needs. Never throws for a bad token; throws only for a misuse (ERR_VERIFY_CONFIG).
   */
  check(authorization: string | readonly string[] | undefined, scopes?: readonly string[]): Promise<AccessDecision>;
  /**
   * node:http (and Express): checks the request; on a refusal answers it (401 with the
   * `WWW-Authenticate: Bearer resource_metadata="…"` challenge, 403 `insufficient_scope` naming
   * the scope, 400, 500 or 503) and resolves undefined; otherwise resolves the verified claims.
   */
  authorize<R extends IncomingMessage>(
    req: R,
    res: ServerResponse,
    scopes?: RequiredScopes<NoInfer<R>>,
  ): Promise<StintTokenClaims | undefined>;
  /**
   * Express middleware: the verified claims go to `req.stint`, then `next()`; a refusal is answered.
   * Mount it after `express.json()` when the scopes are worked out from the body (mcpToolScopes
   * refuses an unparsed body with ERR_VERIFY_CONFIG: a 400 for a request that is not JSON, else
   * passed to `next`, so a 500).
   */
  express<R extends IncomingMessage = IncomingMessage & { body?: unknown }>(
    scopes?: RequiredScopes<R>,
  ): (req: R, res: ServerResponse, next: (error?: unknown) => void) => void;
  /**
   * A Fastify `preHandler` hook: the verified claims go to `request.stint`
   * (`app.decorateRequest('stint', null)` first); a refusal is sent as the reply. Use
   * `onRequest` only with fixed scopes: the body is not parsed there yet, so scopes worked out
   * from it (mcpToolScopes) cannot be, and mcpToolScopes refuses (ERR_VERIFY_CONFIG, a 500).
   */
  fastify(
    scopes?: RequiredScopes<FastifyRequestLike & { body?: unknown }>,
  ): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<void>;
}

/*
 * TypeScript: the claims the guard hands on, typed where the frameworks look for them, so
 * `req.stint` (Express) and `request.stint` (Fastify) compile without a cast. Only types: neither
 * framework is loaded, and a project without Express's or Fastify's types is unaffected (the
 * Express extension point is the global `Express.Request` namespace its types read; an
 * augmentation of a module a declaration file cannot find, 'fastify' there, is ignored).
 * Optional, as a route without the guard has none: `req.stint?.sub`, or `req.stint!` after it.
 */
declare global {
  namespace Express {
    interface Request {
      /** The verified stint token's claims, set by `protectedResource(…).express()`. */
      stint?: StintTokenClaims;
    }
  }
}
declare module 'fastify' {
  interface FastifyRequest {
    /** The verified stint token's claims, set by `protectedResource(…).fastify()` (`decorateRequest('stint', null)` first). */
    stint?: StintTokenClaims | null;
  }
}

/** RFC 9728 §3: the metadata's well-known name, inserted between the host and the resource's path. */
const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * The resource-server side of stint (docs/mcp.md): RFC 9728 Protected Resource Metadata naming
 * the broker as authorization server, and a guard that accepts a stint token only for this
 * `resource` (its `aud`), with the scopes a route or MCP tool needs, for node:http, Express and
 * Fastify. A request without a token is 401 with `WWW-Authenticate: Bearer resource_metadata="…"`,
 * so an MCP client (or any RFC 9728 client) finds the broker by itself; a bad, expired or revoked
 * token is 401 `invalid_token`; a missing scope is 403 `insufficient_scope` with `scope="…"`.
 *
 * @example
 * const mcp = protectedResource({ resource: 'https://mcp.internal.example.com/mcp',
 *   issuer: 'https://stint.example.com', scopesSupported: ['read', 'deploy'] });
 * http.createServer(async (req, res) => {
 *   if (mcp.serveMetadata(req, res)) return;
 *   const claims = await mcp.authorize(req, res, ['read']);
 *   if (!claims) return; // answered 401/403
 *   res.end(`hello ${claims.ci?.repository}`);
 * });
 */
export function protectedResource(options: ProtectedResourceOptions): ProtectedResource {
  const resourceUrl = parseResource(options.resource);
  // Checked now, not on the first request: with a jwksUrl and no issuer, any iss would pass.
  const issuer = requiredString(options.issuer, 'protectedResource: issuer', ISSUER_FIX);
  const path = resourceUrl.pathname === '/' ? '' : resourceUrl.pathname.replace(/\/+$/, '');
  const metadataPath = `${WELL_KNOWN}${path}`;
  const metadataUrl = `${resourceUrl.origin}${metadataPath}`;
  const http = options.http ?? verifyHttp;
  const document: Record<string, unknown> = {
    resource: options.resource,
    authorization_servers: [issuer],
    ...(options.scopesSupported ? { scopes_supported: [...options.scopesSupported] } : {}),
    // Tokens in the Authorization header only: a token in a query string ends up in access logs.
    bearer_methods_supported: ['header'],
    ...(options.resourceName ? { resource_name: options.resourceName } : {}),
    ...(options.resourceDocumentation ? { resource_documentation: options.resourceDocumentation } : {}),
  };
  const metadataText = JSON.stringify(document);

  const refuse = (
    status: 400 | 401 | 403 | 500 | 503,
    error: string | undefined,
    description: string,
    scopes: readonly string[],
    retryAfterSec = 5,
  ): AccessDecision => {
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (status === 401 || status === 403)
      headers['www-authenticate'] = challenge(metadataUrl, error, description, scopes);
    if (status === 503) headers['retry-after'] = String(retryAfterSec);
    // No token at all: the challenge and the body carry no error code (RFC 6750 §3.1).
    return {
      ok: false,
      status,
      headers,
      body: error === undefined ? { error_description: description } : { error, error_description: description },
    };
  };

  for (const scope of options.scopesSupported ?? []) checkScopeToken(scope, 'scopesSupported');
  // Which API key introspects which project's tokens, checked now: a missing key would be sent as
  // "Bearer undefined", and a key of another project makes the broker answer "not active" for
  // every token; either would look like the broker's or the client's fault on every request.
  const introspectionKeys = options.introspection === undefined ? undefined : introspectionKeysOf(options);
  if (options.introspection !== undefined) {
    fetchedUrl(
      issuer,
      'protectedResource: issuer',
      `with introspection, the API key is sent to it (${issuer.replace(/\/+$/, '')}/oauth2/introspect)`,
      'anyone on the path could read the API key, and answer that a revoked token is active',
    );
  }
  // Where the keys come from, checked now too: a guard that would trust keys fetched in clear is never built.
  jwksUrlOf(options, issuer, 'protectedResource');
  // Numbers checked now, not on the first request: NaN from an unset variable is a set-up error.
  secondsOption(options.clockToleranceSec, 60, 'protectedResource: clockToleranceSec', [0, 3600]);
  jwksMaxAge(options.jwksMaxAgeSec, 'protectedResource');
  const timeoutMs = options.introspection?.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 60_000))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `protectedResource: introspection.timeoutMs must be a number of milliseconds from 1 to 60000, got ${String(timeoutMs)}`,
    );

  /**
   * One request's decision. The token is decided first: without a valid token the request is
   * refused before `scopesOf` runs, so a scope function that reads the body never sees (nor
   * fails on) the body of a caller without a token. Until the scopes are known (a function not
   * run yet) a challenge names none.
   */
  const decide = async (
    authorization: string | readonly string[] | undefined,
    scopesOf: readonly string[] | (() => Promise<readonly string[]>),
  ): Promise<AccessDecision> => {
    const record: AccessRecord = { outcome: 'refused', status: 401, required_scopes: [] };
    let recorded = false;
    try {
      return await decideRecorded(record, authorization, scopesOf, () => {
        recorded = true;
      });
    } catch (error) {
      // A misuse (ERR_VERIFY_CONFIG: a JSON body not parsed, a scope that is no scope token) or a
      // scope function that threw: thrown on to the framework, which answers 500. onAccess still
      // gets the request's one record, as it does for every other request checked.
      if (!recorded) {
        record.status = 500;
        if (error instanceof StintError) record.code = error.code;
        record.reason = logSafe(error instanceof Error ? error.message : String(error));
        options.onAccess?.(record);
      }
      throw error;
    }
  };

  const decideRecorded = async (
    record: AccessRecord,
    authorization: string | readonly string[] | undefined,
    scopesOf: readonly string[] | (() => Promise<readonly string[]>),
    recording: () => void,
  ): Promise<AccessDecision> => {
    let required = typeof scopesOf === 'function' ? [] : [...scopesOf];
    record.required_scopes = required;
    for (const scope of required) checkScopeToken(scope, 'a required scope');
    const decided = (decision: AccessDecision): AccessDecision => {
      record.status = decision.ok ? 200 : decision.status;
      record.required_scopes = required;
      if (decision.ok) record.outcome = 'allowed';
      else if (record.error === undefined && decision.body.error !== undefined) record.error = decision.body.error;
      recording();
      options.onAccess?.(record);
      return decision;
    };
    const fields = typeof authorization === 'string' ? [authorization] : [...(authorization ?? [])];
    // Two Authorization fields: a proxy in front may have judged by the other one.
    if (fields.length > 1) {
      record.code = 'ERR_AUTHORIZATION_REPEATED';
      return decided(refuse(400, 'invalid_request', 'send one Authorization header, not several', required));
    }
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(fields[0] ?? '');
    if (!match && /^Bearer(?: |$)/i.test(fields[0] ?? '')) {
      // RFC 6750 §3.1: Bearer credentials that are malformed are a bad request, not a missing token.
      record.code = 'ERR_AUTHORIZATION_MALFORMED';
      return decided(
        refuse(400, 'invalid_request', 'the Authorization header is not "Bearer <token>" with one token', required),
      );
    }
    if (!match) {
      // RFC 6750 §3.1: a request without credentials gets the challenge, without an error code.
      record.code = 'ERR_TOKEN_MISSING';
      return decided(refuse(401, undefined, 'this service needs a stint token: Authorization: Bearer …', required));
    }
    const token = match[1]!;
    record.token_fingerprint = fingerprint(token);
    let claims: StintTokenClaims;
    try {
      const { resource: _resource, scopesSupported, introspection, onAccess, ...verifyOptions } = options;
      claims = await verifyStintToken(token, { ...verifyOptions, audience: options.resource, http });
    } catch (error) {
      if (!(error instanceof StintError) || error.code === 'ERR_VERIFY_CONFIG') throw error;
      record.code = error.code;
      record.reason = logSafe(reasonOf(error, options.project));
      if (error.code === 'ERR_JWKS_UNAVAILABLE') {
        // A kid not in the keys fetched last, while their refetch is held back (at most one per
        // 10 s): most likely a key the broker has just rotated to, so "retry when the next fetch is
        // allowed", never invalid_token, which clients take as final.
        const wait = error instanceof KeyNotFetchedYet ? error.retryAfterSec : undefined;
        return decided(
          wait === undefined
            ? refuse(
                503,
                'temporarily_unavailable',
                "the service cannot check tokens now (the broker's keys are unavailable)",
                required,
              )
            : refuse(
                503,
                'temporarily_unavailable',
                `the service has not fetched the key this token is signed with yet (the broker's keys are fetched at most every 10 s): retry in ${wait} s`,
                required,
                wait,
              ),
        );
      }
      return decided(refuse(401, 'invalid_token', error.message, required));
    }
    Object.assign(record, {
      jti: claims.jti,
      project: claims.project,
      sub: claims.sub,
      client_id: claims.client_id,
      scope: claims.scope,
      ...(claims.ci ? { ci: claims.ci } : {}),
    });
    if (options.introspection && introspectionKeys) {
      // The key of the token's project (verified above: with apiKeys, `project` names the same
      // projects, so a token of any other was refused already).
      const key = introspectionKeys.keyFor(claims.project);
      const active = await isActive(token, issuer, key, options.introspection.timeoutMs, http).catch(
        (error: unknown) => error,
      );
      if (active instanceof IntrospectionRefused) {
        // The broker answered, and refused this service's key: retrying will not help, and
        // "the broker does not answer" would send whoever reads the log the wrong way.
        record.code = 'ERR_INTROSPECTION_REFUSED';
        record.reason = active.message;
        return decided(
          refuse(
            500,
            'server_error',
            'the service cannot check tokens: the broker refused its introspection API key (a set-up error on this service)',
            required,
          ),
        );
      }
      if (active instanceof IntrospectionRateLimited) {
        // The broker answered: this service asks more often than its API key's rate limit allows.
        // Its Retry-After is passed on, and the text says so, not "the broker does not answer".
        record.code = 'ERR_INTROSPECTION_RATE_LIMITED';
        record.reason = active.message;
        return decided(
          refuse(
            503,
            'temporarily_unavailable',
            `the service cannot check tokens now: the broker is rate-limiting this service's introspection; retry in ${active.retryAfterSec} s`,
            required,
            active.retryAfterSec,
          ),
        );
      }
      if (active instanceof Error || active === undefined) {
        record.code = 'ERR_INTROSPECTION_UNAVAILABLE';
        record.reason = logSafe(active instanceof Error ? active.message : 'no answer');
        return decided(
          refuse(
            503,
            'temporarily_unavailable',
            'the service cannot check tokens now (the broker does not answer)',
            required,
          ),
        );
      }
      if (!active) {
        // The broker says only "not active". What the guard knows itself narrows it down: a token
        // past its exp by this clock (accepted above within the clock tolerance, while the broker
        // reads exp strictly) has expired; otherwise it is revoked, expired by the broker's clock,
        // or not of the API key's project (a key given for the wrong project).
        const expired = claims.exp !== undefined && claims.exp <= (options.now ?? Date.now)() / 1000;
        record.code = expired ? 'ERR_TOKEN_EXPIRED' : 'ERR_TOKEN_INACTIVE';
        const description = expired
          ? 'the broker says the token is not active: it has expired; request a new one'
          : `the broker says the token is not active (revoked, expired at the broker, or not of this API key's project: the token is of project ${claims.project}); request a new one`;
        record.reason = description;
        return decided(refuse(401, 'invalid_token', description, required));
      }
    }
    // The scopes, now that the token is known good (and, with introspection, live).
    if (typeof scopesOf === 'function') {
      try {
        required = [...(await scopesOf())];
      } catch (error) {
        if (!(error instanceof BodyNotJson)) throw error;
        record.code = 'ERR_REQUEST_NOT_JSON';
        record.reason = error.message;
        return decided(refuse(400, 'invalid_request', error.message, required));
      }
      for (const scope of required) checkScopeToken(scope, 'a required scope');
    }
    // After introspection: a revoked token is 401 invalid_token whatever scope it lacks (RFC 6750 §3.1).
    const granted = new Set(claims.scope.split(' '));
    const missing = required.filter((scope) => !granted.has(scope));
    if (missing.length > 0) {
      record.code = 'ERR_TOKEN_SCOPE';
      const description = `the token lacks scope ${missing.join(' ')} (it has: ${claims.scope || 'none'})`;
      record.reason = description;
      return decided(refuse(403, 'insufficient_scope', description, required));
    }
    return decided({ ok: true, claims, token, scopes: required });
  };

  const check: ProtectedResource['check'] = (authorization, scopes = []) => decide(authorization, scopes);

  const authorize: ProtectedResource['authorize'] = async (req, res, scopes) => {
    const decision = await decide(authorizationFields(req), scopesFor(scopes, req, req));
    if (decision.ok) return decision.claims;
    const text = JSON.stringify(decision.body);
    res.writeHead(decision.status, {
      ...decision.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
    return undefined;
  };

  return {
    resource: options.resource,
    metadataPath,
    metadataUrl,
    metadata: () => JSON.parse(metadataText) as Record<string, unknown>,
    serveMetadata(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (new URL(req.url ?? '/', 'http://resource.invalid').pathname !== metadataPath) return false;
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(metadataText)),
        'cache-control': 'public, max-age=300',
        // Public by design (RFC 9728): browser-based MCP clients read it across origins.
        'access-control-allow-origin': '*',
      });
      res.end(req.method === 'HEAD' ? undefined : metadataText);
      return true;
    },
    check,
    authorize,
    express(scopes) {
      return (req, res, next) => {
        authorize(req, res, scopes).then((claims) => {
          if (claims === undefined) return;
          (req as { stint?: StintTokenClaims }).stint = claims;
          next();
        }, next);
      };
    },
    fastify(scopes) {
      return async (request, reply) => {
        const decision = await decide(authorizationFields(request.raw), scopesFor(scopes, request, request.raw));
        if (decision.ok) {
          (request as { stint?: StintTokenClaims }).stint = decision.claims;
          return;
        }
        await reply.code(decision.status).headers(decision.headers).send(decision.body);
      };
    },
  };
}

/**
 * `Bearer resource_metadata="…"`, with `error`, `error_description` and `scope` when they apply
 * (RFC 6750 §3, RFC 9728 §5.1). Quoted values may not hold `"` or `\` (RFC 6750 §3), so those
 * and anything outside printable ASCII are replaced.
 */
function challenge(
  metadataUrl: string,
  error: string | undefined,
  description: string,
  scopes: readonly string[],
): string {
  const params: string[] = [];
  if (error !== undefined) {
    params.push(`error="${error}"`, `error_description="${oauthDescription(description)}"`);
  }
  if (scopes.length > 0) params.push(`scope="${scopes.join(' ')}"`);
  params.push(`resource_metadata="${metadataUrl}"`);
  return `Bearer ${params.join(', ')}`;
}

/**
 * A guard's scopes: a list as it is, a function run once the token is decided. A function that
 * refuses a body that is not parsed JSON (mcpToolScopes' ERR_VERIFY_CONFIG) is the client's error
 * when the request does not say it is JSON (text/plain, or no body and no type), whatever another
 * parser made of it (Fastify parses text/plain to a string): no JSON parser would have parsed
 * it, so the answer is 400, not the service's 500. A JSON request whose body is still not parsed
 * is the service's set-up (the guard before the parser): ERR_VERIFY_CONFIG.
 */
function scopesFor<Q>(
  scopes: RequiredScopes<Q> | undefined,
  request: Q,
  raw: IncomingMessage,
): readonly string[] | (() => Promise<readonly string[]>) {
  if (typeof scopes !== 'function') return scopes ?? [];
  return async () => {
    try {
      return await scopes(request);
    } catch (error) {
      if (error instanceof StintError && error.code === 'ERR_VERIFY_CONFIG' && !isJson(raw)) throw new BodyNotJson();
      throw error;
    }
  };
}

/** `Content-Type: application/json`, or any `+json` type, with or without parameters. */
function isJson(req: IncomingMessage): boolean {
  return /^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '');
}

/** A request whose scopes depend on a JSON body, sent without one. */
class BodyNotJson extends Error {
  constructor() {
    super('this request needs a JSON body (Content-Type: application/json)');
  }
}

/**
 * What a refusal's `reason` says in the access log: the message, and for ERR_TOKEN_PROJECT the
 * projects accepted (kept out of the answer to the client, which need not learn them), and
 * jose's own words when the message replaced them with a fixed text.
 */
function reasonOf(error: StintError, project: string | readonly string[] | undefined): string {
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  const detail = cause !== undefined && !error.message.includes(cause) ? ` (${cause})` : '';
  if (error.code === 'ERR_TOKEN_PROJECT' && project !== undefined) {
    const accepted = typeof project === 'string' ? [project] : project;
    return `${error.message} (it accepts ${accepted.map((name) => JSON.stringify(name)).join(', ')})`;
  }
  return `${error.message}${detail}`;
}

/** C0 (line feed and tab too: a log line stays one line), DEL, C1, and the Unicode line breaks and bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const LOG_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g;

/** Log text that may hold a token's own words: control characters as `\uXXXX`, at most 300 characters. */
function logSafe(text: string): string {
  const escaped = text.replace(LOG_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 300 ? `${escaped.slice(0, 299)}…` : escaped;
}

/** RFC 6749 §3.3 scope-token (NQCHAR), so a scope can go into the challenge's `scope="…"` as it is. */
function checkScopeToken(scope: string, what: string): void {
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `${what} ${JSON.stringify(scope)} is not an OAuth scope token (RFC 6749 §3.3: printable ASCII, no space, " or \\)`,
    );
}

function parseResource(resource: string): URL {
  requiredString(
    resource,
    'protectedResource: resource',
    "give this service's URL, exactly the audience of its stint project",
  );
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    throw new StintError('ERR_VERIFY_CONFIG', `resource ${JSON.stringify(resource)} is not an absolute URL`);
  }
  // Clients send their tokens to this URL: plain http only where it stays on this machine.
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || sendsInClear(url))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `resource ${resource} must be an https URL (${PLAIN_HTTP_ONLY_HERE}): clients send their tokens to it`,
    );
  if (url.search !== '' || url.hash !== '' || resource.includes('#'))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `resource ${resource} must have no query or fragment (RFC 9728 §1.2, RFC 8707 §2)`,
    );
  return url;
}

/** Every Authorization field of the request (Node keeps only the first in `headers`). */
function authorizationFields(req: IncomingMessage): readonly string[] | string | undefined {
  return req.headersDistinct?.authorization ?? req.headers.authorization;
}

/** The introspection API key for a token of `project`. */
interface IntrospectionKeys {
  keyFor(project: string): string;
}

/**
 * `introspection`'s keys, checked: one `apiKey` (for the one project `project` names, or, without
 * `project`, for the projects of the audience, which without shared_audience is one), or `apiKeys`
 * naming exactly the projects of `project`. An API key introspects its own project's tokens only
 * (the broker's least privilege), so a project without its key would have every token refused.
 */
function introspectionKeysOf(options: ProtectedResourceOptions): IntrospectionKeys {
  const introspection = options.introspection as { apiKey?: unknown; apiKeys?: unknown };
  const fail = (message: string): never => {
    throw new StintError('ERR_VERIFY_CONFIG', `protectedResource: ${message}`);
  };
  const create = 'create one with `stint keys create-api-key --project P`';
  const checkKey = (key: unknown, name: string): string => {
    if (typeof key !== 'string' || key.trim() === '')
      fail(
        `${name} is ${key === undefined ? 'missing' : 'empty'} (is the variable it comes from set?); ${create}, or leave introspection out`,
      );
    return key as string;
  };
  const projects =
    options.project === undefined
      ? undefined
      : typeof options.project === 'string'
        ? [options.project]
        : [...options.project];
  if (introspection.apiKeys === undefined) {
    const apiKey = checkKey(introspection.apiKey, 'introspection.apiKey');
    if (projects !== undefined && projects.length > 1)
      fail(
        `introspection.apiKey is one project's key, and project names ${projects.length} (${projects.join(', ')}): the broker answers every token of another project than the key's as not active; give introspection.apiKeys, one key per project ({ ${projects.map((p) => `'${p}': …`).join(', ')} }; ${create} for each)`,
      );
    return { keyFor: () => apiKey };
  }
  if (introspection.apiKey !== undefined)
    fail('introspection has both apiKey and apiKeys: give apiKey for one project, or apiKeys for several');
  const given = introspection.apiKeys;
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    fail("introspection.apiKeys must be an object of project name → API key ({ 'billing-a': …, 'billing-b': … })");
  const keys = new Map<string, string>();
  for (const [project, key] of Object.entries(given as Record<string, unknown>))
    keys.set(project, checkKey(key, `introspection.apiKeys[${JSON.stringify(project)}]`));
  if (keys.size === 0)
    fail(`introspection.apiKeys is empty: give one API key per project the service accepts (${create})`);
  if (projects === undefined)
    fail(
      `introspection.apiKeys needs project, the projects this service accepts (project: [${[...keys.keys()].map((p) => `'${p}'`).join(', ')}]): a token of a project with no key could not be introspected`,
    );
  const uncovered = projects!.filter((project) => !keys.has(project));
  if (uncovered.length > 0)
    fail(
      `introspection.apiKeys has no key for project ${uncovered.join(', ')}, which project accepts: an API key introspects only its own project's tokens, so every token of ${uncovered.length === 1 ? 'that project' : 'those projects'} would be refused as not active; add ${uncovered.length === 1 ? 'its key' : 'their keys'} (${create})`,
    );
  const unused = [...keys.keys()].filter((project) => !projects!.includes(project));
  if (unused.length > 0)
    fail(
      `introspection.apiKeys has a key for project ${unused.join(', ')}, which project does not accept: add ${unused.length === 1 ? 'it' : 'them'} to project, or remove the key`,
    );
  return { keyFor: (project) => keys.get(project)! };
}

async function isActive(
  token: string,
  issuer: string,
  apiKey: string,
  timeoutMs: number | undefined,
  http: HttpClient,
): Promise<boolean | undefined> {
  const response = await http({
    url: `${issuer.replace(/\/+$/, '')}/oauth2/introspect`,
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
    timeoutMs: timeoutMs ?? 5_000,
  });
  if (response.status === 401 || response.status === 403) throw new IntrospectionRefused(response.status);
  if (response.status === 429) throw new IntrospectionRateLimited(response.header('retry-after'));
  if (response.status !== 200) throw new Error(`the broker answered ${response.status} to introspection`);
  const body = JSON.parse(response.text()) as { active?: unknown };
  return body.active === true;
}

/** The broker refused the API key itself (401/403), as opposed to not answering. */
class IntrospectionRefused extends Error {
  constructor(status: number) {
    super(
      `the broker refused the introspection API key (HTTP ${status}): it is wrong, expired or revoked; check introspection.apiKey (\`stint keys list-api-keys --project P\`, or create a new one)`,
    );
  }
}

/**
 * The broker answered 429: this service's introspection is over its rate limit (its API key's
 * bucket, `rate_limit.per_address` in size). `retryAfterSec` is the broker's Retry-After (whole
 * seconds, 1 to 3600), or 5 when it sent none that reads as such.
 */
class IntrospectionRateLimited extends Error {
  readonly retryAfterSec: number;

  constructor(retryAfter: string | undefined) {
    const seconds = /^\d{1,7}$/.test(retryAfter?.trim() ?? '') ? Number(retryAfter) : undefined;
    const retryAfterSec = seconds === undefined ? 5 : Math.min(3600, Math.max(1, seconds));
    super(
      `the broker is rate-limiting this service's introspection (HTTP 429, Retry-After ${retryAfter === undefined ? 'none' : JSON.stringify(retryAfter.slice(0, 40))}); raise the broker's rate_limit.per_address, or introspect less often`,
    );
    this.retryAfterSec = retryAfterSec;
  }
}
