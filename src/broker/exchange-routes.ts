import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BrokerContext } from './context.js';
import { type ExchangeRequest, exchange, parseTtl } from './exchange.js';
import {
  BrokerError,
  invalidRequest,
  MAX_BODY_BYTES,
  mediaType,
  parseFormValues,
  parseJsonObject,
  readBody,
  sendJson,
} from './http.js';
import { type TargetParameter, targetOf } from './target.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SUBJECT_TOKEN_TYPES = new Set([
  'urn:ietf:params:oauth:token-type:id_token',
  'urn:ietf:params:oauth:token-type:jwt',
]);
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/**
 * The token types a client may ask for (RFC 8693 §3): an access token, or a JWT, which is what
 * stint's access token is (RFC 9068). Either way the answer's `issued_token_type` is the access
 * token type (DESIGN §2): the token is the same, and clients key on that value.
 */
const REQUESTED_TOKEN_TYPES = new Set([ACCESS_TOKEN_TYPE, 'urn:ietf:params:oauth:token-type:jwt']);

/**
 * `POST /auth/oidc/exchange`: JSON `{token, project, scope?, ttl?}`, where `resource` (RFC 8707,
 * the URL of the project's audience) may name the project instead of, or as well as, `project`.
 */
export async function handleOidcExchange(
  ctx: BrokerContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const body = await readBody(req, MAX_BODY_BYTES);
  const type = mediaType(req);
  if (type !== '' && type !== 'application/json')
    throw invalidRequest('ERR_BODY_NOT_JSON', 'request body must be application/json');
  const input = parseJsonObject(body);
  const token = requiredString(input, 'token');
  const targets = targetParameters(input, ['project', 'resource']);
  if (targets.length === 0)
    throw invalidRequest(
      'ERR_PARAMETER_MISSING',
      "project is required and must be a string (or give resource, the URL of the project's audience)",
    );
  const request: ExchangeRequest = {
    token,
    target: targetOf(ctx.config, targets),
    scope: scopeList(input.scope),
    requestId,
  };
  if (input.ttl !== undefined) request.ttl = ttlValue(input.ttl);
  const result = await exchange(ctx, request);
  sendJson(res, 200, {
    access_token: result.accessToken,
    token_type: 'Bearer',
    expires_in: result.expiresIn,
    expires_at: result.expiresAt,
    scope: result.scope.join(' '),
    project: result.project,
    audit_id: result.auditId,
  });
}

/** `POST /oauth2/token`: RFC 8693 token exchange, the same checks as /auth/oidc/exchange. */
export async function handleTokenExchange(
  ctx: BrokerContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  // RFC 8693 §2.1 allows several `resource` and `audience` parameters; they must name one project.
  const { form, values } = parseFormValues(req, await readBody(req, MAX_BODY_BYTES), ['resource', 'audience']);
  if (form.grant_type !== TOKEN_EXCHANGE) {
    const error = form.grant_type === undefined ? 'invalid_request' : 'unsupported_grant_type';
    throw new BrokerError(400, error, 'ERR_GRANT_TYPE_UNSUPPORTED', `grant_type must be ${TOKEN_EXCHANGE}`);
  }
  const token = requiredString(form, 'subject_token');
  const tokenType = requiredString(form, 'subject_token_type');
  if (!SUBJECT_TOKEN_TYPES.has(tokenType)) {
    throw invalidRequest(
      'ERR_TOKEN_TYPE_UNSUPPORTED',
      `subject_token_type must be ${[...SUBJECT_TOKEN_TYPES].join(' or ')}`,
    );
  }
  const requestedTokenType = form.requested_token_type ?? ACCESS_TOKEN_TYPE;
  if (!REQUESTED_TOKEN_TYPES.has(requestedTokenType)) {
    throw invalidRequest(
      'ERR_TOKEN_TYPE_UNSUPPORTED',
      `requested_token_type must be ${[...REQUESTED_TOKEN_TYPES].join(' or ')}`,
    );
  }
  // Delegation (an actor acting for the subject) is refused, not ignored: a client sending an
  // actor token expects a token that names the actor, and stint's never does (RFC 8693 §2.2.2).
  // (parseForm leaves out a parameter sent without a value, RFC 6749 §3.2: `actor_token=` is no actor.)
  if (form.actor_token !== undefined) {
    throw invalidRequest(
      'ERR_ACTOR_TOKEN_UNSUPPORTED',
      'actor_token is not accepted: stint does not support delegation (RFC 8693 §1.1); send the subject_token alone',
    );
  }
  if (form.actor_token_type !== undefined) {
    throw invalidRequest(
      'ERR_ACTOR_TOKEN_UNSUPPORTED',
      'actor_token_type is given without actor_token (RFC 8693 §2.1); leave it out',
    );
  }
  const targets = (['resource', 'audience'] as const).flatMap((name) =>
    (values[name] ?? []).map((value) => ({ name, value })),
  );
  if (targets.length === 0) {
    throw invalidRequest(
      'ERR_PROJECT_MISSING',
      'name the project with resource or audience (the project name, its audience, or stint:<project>)',
    );
  }
  const request: ExchangeRequest = {
    token,
    target: targetOf(ctx.config, targets),
    scope: scopeList(form.scope),
    requestId,
  };
  if (form.ttl !== undefined) request.ttl = ttlValue(form.ttl);
  const result = await exchange(ctx, request);
  sendJson(res, 200, {
    access_token: result.accessToken,
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: result.expiresIn,
    scope: result.scope.join(' '),
  });
}

/** The target parameters a request gives (an empty string counts as not given); each must be a string. */
function targetParameters(
  input: Record<string, unknown>,
  names: readonly TargetParameter['name'][],
): TargetParameter[] {
  const given: TargetParameter[] = [];
  for (const name of names) {
    const value = input[name];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw invalidRequest('ERR_PARAMETER_MISSING', `${name} must be a string`);
    given.push({ name, value });
  }
  return given;
}

function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '')
    throw invalidRequest('ERR_PARAMETER_MISSING', `${name} is required and must be a string`);
  return value;
}

/** `scope` as a space-separated string or a list of strings. */
function scopeList(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(' ').filter((s) => s !== '');
  if (Array.isArray(value) && value.every((s) => typeof s === 'string' && s !== '' && !s.includes(' ')))
    return value as string[];
  throw invalidRequest('ERR_SCOPE_INVALID', 'scope must be a space-separated string or a list of strings');
}

/** The requested ttl in seconds; a bad one is a 400 here, before the exchange spends the token. */
function ttlValue(value: unknown): number {
  if (typeof value !== 'number' && typeof value !== 'string')
    throw invalidRequest('ERR_TTL_INVALID', 'ttl must be seconds or a duration such as 15m');
  // A form value of digits only is seconds (and is quoted as a number in the refusal).
  return parseTtl(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
}
