import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpClient } from '../lib/http.js';
import { type StintTokenClaims, type VerifyStintTokenOptions } from './jwt.js';
export interface ProtectedResourceOptions extends Omit<VerifyStintTokenOptions, 'audience' | 'requiredScopes' | 'http'> {
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
export type IntrospectionOptions = {
    apiKey: string;
    apiKeys?: undefined;
    timeoutMs?: number;
} | {
    apiKeys: Readonly<Record<string, string>>;
    apiKey?: undefined;
    timeoutMs?: number;
};
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
export type AccessDecision = {
    ok: true;
    claims: StintTokenClaims;
    token: string;
    scopes: string[];
} | {
    ok: false;
    status: 400 | 401 | 403 | 500 | 503;
    headers: Record<string, string>;
    body: RefusalBody;
};
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
    authorize<R extends IncomingMessage>(req: R, res: ServerResponse, scopes?: RequiredScopes<NoInfer<R>>): Promise<StintTokenClaims | undefined>;
    /**
     * Express middleware: the verified claims go to `req.stint`, then `next()`; a refusal is answered.
     * Mount it after `express.json()` when the scopes are worked out from the body (mcpToolScopes
     * refuses an unparsed body with ERR_VERIFY_CONFIG: a 400 for a request that is not JSON, else
     * passed to `next`, so a 500).
     */
    express<R extends IncomingMessage = IncomingMessage & {
        body?: unknown;
    }>(scopes?: RequiredScopes<R>): (req: R, res: ServerResponse, next: (error?: unknown) => void) => void;
    /**
     * A Fastify `preHandler` hook: the verified claims go to `request.stint`
     * (`app.decorateRequest('stint', null)` first); a refusal is sent as the reply. Use
     * `onRequest` only with fixed scopes: the body is not parsed there yet, so scopes worked out
     * from it (mcpToolScopes) cannot be, and mcpToolScopes refuses (ERR_VERIFY_CONFIG, a 500).
     */
    fastify(scopes?: RequiredScopes<FastifyRequestLike & {
        body?: unknown;
    }>): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<void>;
}
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
export declare function protectedResource(options: ProtectedResourceOptions): ProtectedResource;
