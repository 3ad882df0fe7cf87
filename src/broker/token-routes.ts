import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt, type JWTPayload } from 'jose';
import { isStintError } from '../lib/errors.js';
import { fingerprint } from '../lib/fingerprint.js';
import {
  type ApiKeyRefusal,
  type ApiKeyUsage,
  type ApiKeyVerdict,
  apiKeyIdOf,
  checkApiKey,
  createApiKeyUsage,
  looksLikeApiKey,
} from '../tokens/api-keys.js';
import { verifyAccessToken } from '../tokens/verify.js';
import { appendAudit } from './audit-append.js';
import { rateLimitKey } from './client-address.js';
import type { BrokerContext } from './context.js';
import {
  BrokerError,
  invalidRequest,
  MAX_BODY_BYTES,
  parseForm,
  quoteInput,
  readBody,
  sendJson,
  sentNoCredentials,
} from './http.js';
import type { IntrospectionDenial } from './metrics.js';
import { requestOf } from './request-scope.js';

type AccessClaims = Awaited<ReturnType<typeof verifyAccessToken>>;

/**
 * Each broker's record of API key use (`last used` in `stint keys list-api-keys`), made on first
 * use; by store, since each request has a context of its own (src/broker/request-scope.ts).
 */
const usages = new WeakMap<BrokerContext['store'], ApiKeyUsage>();
function apiKeyUsage(ctx: BrokerContext): ApiKeyUsage {
  let usage = usages.get(ctx.store);
  if (usage === undefined) {
    const { log } = ctx;
    usage = createApiKeyUsage(ctx.store, {
      onError: (error) =>
        log?.warn(
          `the last use of API keys cannot be recorded: ${error.message}; introspection is not affected, and \`stint keys list-api-keys\` shows no newer last use until the store can be written`,
        ),
    });
    usages.set(ctx.store, usage);
  }
  return usage;
}

/**
 * A stint token this broker minted, still valid and not revoked, for a project the config still
 * has; undefined otherwise. A project removed from the config (and reloaded) has no live tokens:
 * the broker stops vouching for them at once (introspection, certificates), though they verify
 * offline until they expire (docs/broker.md#signals).
 */
export async function liveAccessToken(ctx: BrokerContext, token: string): Promise<AccessClaims | undefined> {
  const verdict = await accessTokenVerdict(ctx, token);
  return 'live' in verdict ? verdict.live : undefined;
}

/** Whether a stint token is live (its claims), or why not (see accessTokenVerdict). */
export type AccessTokenVerdict = { live: AccessClaims } | Refused;

/** Why a token is refused, for the audit log; its claims when this broker did mint it. */
type Refused = { reason: string; claims?: JWTPayload };

/**
 * A stint token's verdict: its claims when it is live; otherwise why not (for the audit log, never
 * for the caller), with its claims when this broker did mint it, so that a revoked or expired
 * token's refusal is audited with its jti, project and subject. An unverified token's claims are
 * whatever its sender wrote, so they are not given.
 */
export async function accessTokenVerdict(ctx: BrokerContext, token: string): Promise<AccessTokenVerdict> {
  const issued = await issuedAccessToken(ctx, token);
  if ('reason' in issued) return issued;
  const { claims } = issued;
  if (!isConfiguredProject(ctx, claims.project)) {
    return { reason: `project ${String(claims.project)} is no longer in the broker's config`, claims };
  }
  if (await ctx.store.isRevoked(claims.jti as string)) {
    return { reason: `the stint token was revoked (its token_revoked event has jti ${claims.jti})`, claims };
  }
  return { live: claims };
}

const isConfiguredProject = (ctx: BrokerContext, project: unknown): project is string =>
  typeof project === 'string' && Object.hasOwn(ctx.config.projects, project);

/**
 * The claims of a stint token this broker issued that has not expired, revoked or not and
 * whatever its project; or why it is not one.
 */
async function issuedAccessToken(ctx: BrokerContext, token: string): Promise<{ claims: AccessClaims } | Refused> {
  let claims: AccessClaims;
  try {
    claims = await verifyAccessToken(token, { keySet: ctx.keySet, issuer: ctx.config.issuer, now: ctx.now });
  } catch (error) {
    if (isStintError(error, 'ERR_TOKEN_EXPIRED')) {
      // ERR_TOKEN_EXPIRED comes after the signature, issuer and audience held: the claims are the broker's own.
      const minted = decodeJwt(token);
      const at = typeof minted.exp === 'number' ? ` at ${new Date(minted.exp * 1000).toISOString()}` : '';
      return { reason: `the stint token expired${at}`, claims: minted };
    }
    if (isStintError(error, 'ERR_TOKEN_INVALID')) return { reason: error.message };
    throw error;
  }
  return typeof claims.jti === 'string' ? { claims } : { reason: 'the stint token has no jti' };
}

/**
 * `POST /oauth2/revoke` (RFC 7009). Holding the token is the proof needed to revoke it. The
 * answer is 200 whether or not the token was known, as §2.2 says, so it reveals nothing. A token
 * of a project no longer configured is revoked too: should the project come back, it stays dead.
 */
export async function handleRevoke(
  ctx: BrokerContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const form = parseForm(req, await readBody(req, MAX_BODY_BYTES));
  if (typeof form.token !== 'string' || form.token === '')
    throw invalidRequest('ERR_PARAMETER_MISSING', 'token is required');
  // Revoked again even when the store already reads it revoked: an earlier attempt answered 503
  // (its replicas did not confirm, store.min_replica_acks) may hold on the primary alone, and a 200
  // must wait for the replicas as that one did, or a failover could bring the token back.
  const issued = await issuedAccessToken(ctx, form.token);
  const claims = 'reason' in issued ? undefined : issued.claims;
  if (claims && typeof claims.exp === 'number') {
    const event = {
      event: 'token_revoked',
      request_id: requestId,
      project: claims.project,
      subject: claims.sub,
      jti: claims.jti,
      fingerprint: fingerprint(form.token),
    };
    try {
      await ctx.store.revoke(claims.jti as string, claims.exp * 1000);
    } catch (error) {
      // On record too: the revocation may already hold where it was written.
      await appendAudit(ctx.audit, {
        ...event,
        outcome: 'error',
        reason: `not confirmed, the holder is told to retry: ${(error as Error).message}`,
      }).catch(() => undefined);
      throw error;
    }
    await appendAudit(ctx.audit, { ...event, outcome: 'success', reason: 'revoked by its holder' });
  }
  res.writeHead(200, { 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
}

/**
 * `POST /oauth2/introspect` (RFC 7662) for resource servers, authenticated with a project API key
 * (`Authorization: Bearer stint_sk_…`). A key sees only tokens of its own project; any other
 * token, and any revoked, expired or foreign one, is `{active: false}`.
 */
export async function handleIntrospect(ctx: BrokerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const presented = bearer(req);
  // The checks that cost a slow hash are shared out by client address, as the rate limit is.
  const address = requestOf(ctx)?.clientAddress;
  const caller = address === undefined ? undefined : rateLimitKey(address);
  // The public id of a well-formed key, for the audit event of a refusal: never the secret.
  const presentedId = presented !== undefined && looksLikeApiKey(presented) ? apiKeyIdOf(presented) : undefined;
  const auditFields = presentedId === undefined ? undefined : { api_key_id: presentedId };
  const verdict: ApiKeyVerdict = presented?.startsWith('stint_sk_')
    ? await checkApiKey(ctx.store, presented, ctx.now(), { caller }).catch((error: unknown) => {
        if (isStintError(error, 'ERR_RATE_LIMITED'))
          throw new BrokerError(429, 'temporarily_unavailable', 'ERR_RATE_LIMITED', error.message, {
            retryAfterSec: 1,
            ...(auditFields && { auditFields }),
          });
        if (!isStintError(error, 'ERR_API_KEY_BUSY')) throw error;
        throw new BrokerError(503, 'temporarily_unavailable', 'ERR_API_KEY_BUSY', error.message, {
          retryAfterSec: 1,
          ...(auditFields && { auditFields }),
        });
      })
    : { refused: 'malformed' };
  if ('refused' in verdict) {
    const description = 'introspection needs a valid project API key as Authorization: Bearer stint_sk_…';
    const noCredentials = sentNoCredentials(req);
    ctx.metrics.introspectionDenied(noCredentials ? 'no_credentials' : DENIAL_LABEL[verdict.refused]);
    throw new BrokerError(401, 'invalid_token', 'ERR_API_KEY_INVALID', description, {
      reason: `${description}: ${noCredentials ? 'no credentials were sent' : refusalReason(verdict)}`,
      ...(noCredentials && { realm: ctx.config.issuer }),
      ...(auditFields && { auditFields }),
    });
  }
  const key = verdict.record;
  // A key outlives its project in the store: a project removed from the config has no API keys.
  if (!isConfiguredProject(ctx, key.project)) {
    ctx.metrics.introspectionDenied('project_removed');
    throw new BrokerError(
      401,
      'invalid_token',
      'ERR_API_KEY_INVALID',
      `this API key's project ${quoteInput(key.project)} is no longer in the broker's config; introspection needs a key of a configured project`,
    );
  }
  apiKeyUsage(ctx).record(key, ctx.now());
  const form = parseForm(req, await readBody(req, MAX_BODY_BYTES));
  if (typeof form.token !== 'string' || form.token === '')
    throw invalidRequest('ERR_PARAMETER_MISSING', 'token is required');
  const claims = await liveAccessToken(ctx, form.token);
  if (!claims || claims.project !== key.project) return sendJson(res, 200, { active: false });
  sendJson(res, 200, {
    active: true,
    token_type: 'Bearer',
    scope: claims.scope,
    client_id: claims.client_id,
    sub: claims.sub,
    aud: claims.aud,
    iss: claims.iss,
    exp: claims.exp,
    iat: claims.iat,
    nbf: claims.nbf,
    jti: claims.jti,
    project: claims.project,
    ci: claims.ci,
  });
}

/** The reason label of stint_introspection_denied_total for each refusal. */
const DENIAL_LABEL: Record<ApiKeyRefusal, IntrospectionDenial> = {
  malformed: 'malformed',
  'unknown id': 'unknown_id',
  'wrong secret': 'wrong_secret',
  revoked: 'revoked',
  expired: 'expired',
};

/** Why a presented API key was refused, for the audit log: its public id, never its secret. */
function refusalReason(verdict: Extract<ApiKeyVerdict, { refused: unknown }>): string {
  const key = `API key ${verdict.id}`;
  switch (verdict.refused) {
    case 'malformed':
      return 'the credentials sent are not shaped like a stint API key (stint_sk_<16 hex digits>_<43 characters>)';
    case 'unknown id':
      return `${key} does not exist (no key has that id)`;
    case 'wrong secret':
      return `${key} was presented with a wrong secret`;
    case 'revoked':
      return `${key} is revoked`;
    case 'expired':
      return `${key} has expired`;
  }
}

/**
 * The credentials of `Authorization: Bearer …` (scheme in any case), if that is how the request
 * authenticates. Several Authorization fields are refused: Node keeps only the first, and a
 * proxy in front might judge by another, so the two would disagree on who is asking.
 */
export function bearer(req: IncomingMessage): string | undefined {
  if ((req.headersDistinct.authorization?.length ?? 0) > 1) {
    throw invalidRequest('ERR_AUTHORIZATION_REPEATED', 'send one Authorization header, not several');
  }
  const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
