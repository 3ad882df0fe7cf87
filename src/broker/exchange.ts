import { hash } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { AuditEvent } from '../audit/events.js';
import { CLOCK_SKEW_SEC } from '../lib/clock-skew.js';
import { isStintError, StintError } from '../lib/errors.js';
import { fingerprint } from '../lib/fingerprint.js';
import { GENERIC_HINT, parseDuration, requestScopes, TTL_CEILING } from '../policy/index.js';
import type { Grant, ProviderConfig } from '../policy/types.js';
import type { CiIdentity } from '../providers/types.js';
import {
  type Admission,
  type AdmitRequest,
  type BucketTake,
  ISSUED_BEFORE_LOSS_MARGIN_MS,
  RESERVE_WINDOW_MS,
} from '../store/types.js';
import { mintAccessToken } from '../tokens/mint.js';
import { appendAudit, markAudited } from './audit-append.js';
import type { BrokerContext } from './context.js';
import { BrokerError, invalidRequest, quoteInput } from './http.js';
import {
  checkAlgorithm,
  checkAudience,
  checkHeader,
  checkSignature,
  checkTimesAndSubject,
  checkTokenSize,
  decodeStructure,
} from './id-token.js';
import { KidNotYetFetched } from './jwks-cache.js';
import { addressTokenToTake, rateLimited, refuseAddress, takeDeferredAddressToken } from './rate-limit.js';
import { readinessInDoubt } from './readiness.js';
import type { Target } from './target.js';

/** What a caller asks for, from either `/auth/oidc/exchange` or RFC 8693 `/oauth2/token`. */
export interface ExchangeRequest {
  token: string;
  /**
   * The project the request's target parameters name (targetOf), or their conflict, which is
   * answered only once the ID token's signature, audience and times held (src/broker/target.ts).
   */
  target: Target;
  /** Requested scopes; empty means everything the policy grants. */
  scope: string[];
  /** Requested lifetime in seconds, already read by `parseTtl` (so a bad one was a 400 before the token was spent). */
  ttl?: number;
  requestId: string;
}

export interface ExchangeResult {
  accessToken: string;
  expiresIn: number;
  expiresAt: number;
  scope: string[];
  project: string;
  auditId: string;
}

/**
 * Exchanges a CI job's OIDC token for a stint access token. It makes the checks of
 * docs/broker.md#what-an-exchange-checks, in that order, and throws a BrokerError for the first that fails.
 * Success or failure, one audit event is written before the caller gets an answer (in
 * `finally`); if that write fails the exchange fails, so no token leaves unaudited.
 */
export async function exchange(ctx: BrokerContext, request: ExchangeRequest): Promise<ExchangeResult> {
  const started = performance.now();
  const event: AuditEvent = {
    event: 'exchange_denied',
    outcome: 'error',
    request_id: request.requestId,
    ...('project' in request.target && { project: request.target.project }),
  };
  let outcome: 'issued' | 'denied' | 'error' = 'error';
  let reasonCode = 'ERR_INTERNAL';
  // The replay record, made in one store operation with the rate-limit tokens once everything
  // else passed; dropped again if the audit event cannot be written, so a token that does not
  // leave never spends the job's single-use ID token.
  let recorded: Extract<Admission, { outcome: 'recorded' }> | undefined;
  try {
    // 1. Size, 2. structure, 3. header and alg.
    checkTokenSize(request.token);
    event.id_token_fingerprint = fingerprint(request.token);
    const { header, payload } = decodeStructure(request.token);
    if (typeof payload.jti === 'string') event.id_token_jti = payload.jti;
    checkHeader(header);

    // 4. The issuer is a configured provider (exact match, no normalisation).
    const provider = providerOf(ctx, payload.iss);
    event.provider = provider.name;
    checkAlgorithm(header, provider);

    // 5. Signature with the provider's own keys (discovery + JWKS, cached).
    let jwks: JSONWebKeySet;
    try {
      jwks = await ctx.jwks.keysFor(provider, header.kid as string | undefined);
    } catch (cause) {
      if (cause instanceof KidNotYetFetched) {
        // The ID token may carry a key the issuer has just published: the job keeps it and retries.
        throw new BrokerError(503, 'temporarily_unavailable', 'ERR_TOKEN_KEY_PENDING', cause.message, {
          reason: cause.reason,
          retryAfterSec: cause.retryAfterSec,
          cause,
        });
      }
      throw new BrokerError(
        503,
        'temporarily_unavailable',
        'ERR_ISSUER_UNREACHABLE',
        `the signing keys of ${provider.issuer} are not available; try again shortly`,
        {
          reason: `signing keys of ${provider.issuer} unavailable: ${(cause as Error).message}`,
          // The broker asks the issuer again only once its refetch interval allows.
          retryAfterSec: ctx.jwks.nextFetchInSec(provider),
          cause,
        },
      );
    }
    await checkSignature(request.token, header, jwks, provider);

    // 6. Audience, 7. times (≤ 60 s skew) and subject.
    checkAudience(payload, provider);
    const { until } = checkTimesAndSubject(payload, ctx.now());
    event.subject = payload.sub as string;

    // The target parameters agree: told only to a caller whose ID token held so far, so that
    // nobody learns without one which project a public audience URL belongs to.
    if ('conflict' in request.target) throw request.target.conflict;
    const projectName = request.target.project;

    // 8. Replay, 9. policy, 10. scope, 11. rate limit: policy and scope are decided here, in
    // memory, and the store is asked once (8 and 11 together, in that order). An exchange the
    // policy or its scope refuses first learns whether the token was replayed, which comes first.
    // First, a key to sign with: while the signing keys are out of reach (a PKCS#11 token that is
    // gone), the answer is 503 and the job keeps its one-time ID token for a retry.
    ctx.keySet.current();
    const replay = replayEntry(ctx, provider, request.token, payload, until);
    const decision = ctx.policy.check(projectName, provider.name, payload);
    if (decision.identity) addIdentityFields(event, decision.identity);
    if (!decision.ok) {
      await refuseIfReplayed(ctx, replay);
      // Detail only for callers whose owner appears in the project's policy; anyone else
      // learns nothing about the policy. The audit log always gets the full reason.
      throw new BrokerError(403, 'access_denied', decision.code, decision.disclose ? decision.hint : GENERIC_HINT, {
        reason: decision.reason,
      });
    }
    if (decision.flags.length > 0) event.flags = decision.flags;
    event.rules = decision.rules;

    const scopes = requestScopes(decision, request.scope);
    if (!scopes.ok) {
      await refuseIfReplayed(ctx, replay);
      throw new BrokerError(403, 'invalid_scope', scopes.code, scopes.hint, { reason: scopes.reason });
    }
    const scope = scopes.scopes;
    event.scope = scope.join(' ');

    // 12. Mint, before the store is asked: a token the store then refuses never leaves.
    const project = ctx.config.projects[projectName]!;
    const ttlSec = lifetime(request.ttl, project.ttl, project.max_ttl);
    const minted = await mintAccessToken(ctx.keySet, {
      issuer: ctx.config.issuer,
      audience: project.audience,
      subject: decision.identity.subject,
      clientId: `${provider.name}:${decision.identity.repository ?? projectName}`,
      scope,
      project: projectName,
      ci: ciClaims(provider, decision.identity),
      ttlSec,
      now: ctx.now,
    });

    // 8, 11 and 13: not exchanged before, a token from the owner's bucket, and the replay record,
    // as durably as configured (replicas confirm), before the 200: one store operation.
    recorded = await admitOnce(ctx, replay, ownerBucket(ctx, provider, decision));
    Object.assign(event, {
      event: 'token_issued',
      jti: minted.jti,
      fingerprint: fingerprint(minted.token),
      expires_at: minted.exp,
    });
    outcome = 'issued';
    reasonCode = 'OK';
    return {
      accessToken: minted.token,
      expiresIn: minted.exp - minted.iat,
      expiresAt: minted.exp,
      scope,
      project: projectName,
      auditId: request.requestId,
    };
  } catch (error) {
    // The per-address limit is the first check: an exchange refused before it reached the store
    // takes its address token now, and an empty bucket's 429 is the answer.
    const first = await takeDeferredAddressToken(ctx).then(
      () => error,
      (addressError: unknown) => addressError,
    );
    const refusal = asBrokerError(ctx, first);
    // A kid not fetched yet is the caller's to retry, not a failure of the broker: any caller can
    // name a made-up kid, and that must not page anyone (StintExchangeErrors counts errors).
    outcome = refusal.status >= 500 && refusal.code !== 'ERR_TOKEN_KEY_PENDING' ? 'error' : 'denied';
    reasonCode = refusal.code;
    Object.assign(event, { code: refusal.code, reason: refusal.reason });
    markAudited(refusal);
    throw refusal;
  } finally {
    event.outcome = outcome === 'issued' ? 'success' : outcome === 'denied' ? 'denied' : 'error';
    // No token leaves unaudited; and a token that does not leave leaves the ID token unspent. An
    // audit write that fails is counted where it is answered (routes.ts), as the error it becomes.
    await appendAudit(ctx.audit, event).catch(async (failure: unknown) => {
      await recorded?.release();
      throw failure;
    });
    ctx.metrics.exchange(outcome, reasonCode, (performance.now() - started) / 1000);
  }
}

function providerOf(ctx: BrokerContext, iss: unknown): ProviderConfig {
  // A string is quoted (cut short); anything else is named by its type: a caller may nest it thousands deep.
  if (typeof iss !== 'string') {
    throw new BrokerError(
      401,
      'invalid_token',
      'ERR_ISSUER_UNTRUSTED',
      iss === undefined ? 'token has no iss claim' : 'token iss claim is not a string',
    );
  }
  const provider = ctx.policy.providerForIssuer(iss);
  if (!provider) {
    throw new BrokerError(
      401,
      'invalid_token',
      'ERR_ISSUER_UNTRUSTED',
      `token issuer ${quoteInput(iss)} is not a provider this broker trusts`,
    );
  }
  return provider;
}

/** An ID token's replay key, how long its record must live, and when the token was issued. */
interface ReplayEntry {
  key: string;
  ttlMs: number;
  /** `iat`, else `nbf` (checked numbers by now), in ms; absent when the token says neither (AdmitRequest.issuedAtMs). */
  issuedAtMs?: number;
}

/**
 * Keyed on iss + jti so a token re-encoded with the same claims is still the same token.
 * Tokens without jti are keyed on what the signature signs (header.payload), never on the
 * signature's text: the last base64url character of a signature has spare bits a decoder
 * ignores, and ECDSA signatures are malleable, so one token has several valid spellings.
 * The record lives as long as the token could be exchanged: until `until` (its `exp`, or a day
 * after its `iat` if that is sooner: checkTimesAndSubject), plus the clock skew allowed. So a
 * trusted issuer's far `exp` (1e300 is a number) never makes a record outlive that day.
 */
function replayEntry(
  ctx: BrokerContext,
  provider: ProviderConfig,
  token: string,
  payload: { jti?: unknown; iat?: unknown; nbf?: unknown },
  until: number,
): ReplayEntry {
  const { jti } = payload;
  const signed = token.slice(0, token.lastIndexOf('.'));
  const identity =
    typeof jti === 'string' && jti !== '' ? `jti\n${provider.issuer}\n${jti}` : `signed\n${provider.issuer}\n${signed}`;
  const issued =
    typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : undefined;
  return {
    key: `replay:${hash('sha256', identity)}`,
    ttlMs: Math.max(1000, Math.ceil((until + CLOCK_SKEW_SEC) * 1000 - ctx.now())),
    ...(issued !== undefined && Number.isFinite(issued) ? { issuedAtMs: issued * 1000 } : {}),
  };
}

/**
 * How long an exchange waits while a broker of an older version holds the same ID token's replay
 * key (a rolling upgrade), before answering 503.
 */
const PENDING_WAIT_MS = RESERVE_WINDOW_MS + 1000;

const replayed = (): BrokerError =>
  new BrokerError(
    401,
    'invalid_token',
    'ERR_TOKEN_REPLAYED',
    'token was already exchanged; request a fresh ID token for every exchange',
  );

/**
 * The store lost its data at `lostAtMs` (docs/many-brokers.md#when-redis-loses-its-data), and this ID
 * token was issued before the loss (or says not when): it may have been exchanged already, and the
 * record that would say so is gone. The job asks for a fresh ID token, issued after the cut.
 */
const replayUnknown = (lostAtMs: number, issuedAtMs: number | undefined): BrokerError => {
  const lost = new Date(lostAtMs).toISOString();
  const cut = new Date(lostAtMs + ISSUED_BEFORE_LOSS_MARGIN_MS).toISOString();
  return new BrokerError(
    401,
    'invalid_token',
    'ERR_TOKEN_REPLAY_UNKNOWN',
    issuedAtMs === undefined
      ? `the broker's store lost its records of exchanged tokens at ${lost}, and this token says not when it was issued (no iat or nbf), so it may have been exchanged already; get a new ID token`
      : `the broker's store lost its records of exchanged tokens at ${lost}; this token was issued before ${cut}, so it may have been exchanged already; get a new ID token (one issued after ${cut})`,
  );
};

/**
 * The store's part of an exchange (Store.admit): the address token if the request still owes it,
 * the replay check, the owner's token and the record, in one operation. Resolves with the record;
 * throws 401 for a replayed token, 429 for an empty bucket, 503 when the store cannot confirm.
 * The same ID token sent twice at once: the store lets exactly one through, and the other is
 * answered 401 ERR_TOKEN_REPLAYED at once.
 */
async function admitOnce(
  ctx: BrokerContext,
  replay: ReplayEntry,
  owner: { take: BucketTake; refusal: (retryAfterSec: number) => string },
): Promise<Extract<Admission, { outcome: 'recorded' }>> {
  const address = addressTokenToTake(ctx);
  const request: AdmitRequest = {
    replayKey: replay.key,
    ttlMs: replay.ttlMs,
    owner: owner.take,
    record: true,
    nowMs: ctx.now(),
  };
  if (replay.issuedAtMs !== undefined) request.issuedAtMs = replay.issuedAtMs;
  if (address !== undefined) request.address = address.take;
  let answer = await ctx.store.admit(request);
  if (answer.outcome === 'pending') answer = await untilNotPending(ctx, request, answer);
  switch (answer.outcome) {
    case 'recorded':
      return answer;
    case 'replayed':
      throw replayed();
    case 'lost':
      throw replayUnknown(answer.lostAtMs, replay.issuedAtMs);
    case 'rate_limited':
      if (answer.bucket === 'address' && address !== undefined)
        throw refuseAddress(ctx, address.address, answer.retryAfterMs);
      throw rateLimited(answer.retryAfterMs, owner.refusal);
    default:
      throw new StintError('ERR_STORE_UNAVAILABLE', `the store answered ${answer.outcome} to an exchange`);
  }
}

/**
 * For an exchange refused by its policy or scope: 401 if the token was exchanged before, or may
 * have been and its record was lost (nothing is written).
 */
async function refuseIfReplayed(ctx: BrokerContext, replay: ReplayEntry): Promise<void> {
  const address = addressTokenToTake(ctx);
  const request: AdmitRequest = { replayKey: replay.key, ttlMs: replay.ttlMs, record: false, nowMs: ctx.now() };
  if (replay.issuedAtMs !== undefined) request.issuedAtMs = replay.issuedAtMs;
  if (address !== undefined) request.address = address.take;
  let answer = await ctx.store.admit(request);
  if (answer.outcome === 'pending') answer = await untilNotPending(ctx, request, answer);
  if (answer.outcome === 'replayed') throw replayed();
  if (answer.outcome === 'lost') throw replayUnknown(answer.lostAtMs, replay.issuedAtMs);
  if (answer.outcome === 'rate_limited' && address !== undefined)
    throw refuseAddress(ctx, address.address, answer.retryAfterMs);
}

/**
 * After the store's first answer was `pending`, asks it again while an older broker's exchange
 * holds the key (rolling upgrade): until it is recorded (401 here) or dropped (this one goes on).
 * The address token is taken once, by the first ask.
 */
async function untilNotPending(ctx: BrokerContext, request: AdmitRequest, first: Admission): Promise<Admission> {
  const deadline = performance.now() + PENDING_WAIT_MS;
  let ask = request;
  let answer = first;
  for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
    if (answer.outcome !== 'pending') return answer;
    if (performance.now() + pause > deadline) {
      throw new StintError(
        'ERR_STORE_UNAVAILABLE',
        `another exchange of this ID token held its replay entry for over ${PENDING_WAIT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    // The address token was taken by the first ask.
    ask = { ...ask, nowMs: ctx.now() };
    delete ask.address;
    answer = await ctx.store.admit(ask);
  }
}

/** The rate-limit bucket of a provider + owner (a project with its own limit has its own). */
function ownerBucket(
  ctx: BrokerContext,
  provider: ProviderConfig,
  grant: Grant,
): { take: BucketTake; refusal: (retryAfterSec: number) => string } {
  const project = ctx.config.projects[grant.project];
  const limit = project?.rate_limit ?? ctx.config.rate_limit;
  const owner = grant.identity.owner_id ?? grant.identity.owner ?? grant.identity.subject;
  // A project with its own limit gets its own bucket, so it neither spends nor is spent by others.
  const bucket = project?.rate_limit
    ? `rate:${provider.name}:${owner}:${grant.project}`
    : `rate:${provider.name}:${owner}`;
  return {
    take: { bucket, limit },
    refusal: (retryAfterSec) =>
      `too many exchanges for ${provider.name} owner ${grant.identity.owner ?? owner}; retry after ${retryAfterSec} s`,
  };
}

/**
 * Requested lifetime in seconds, else the project's default; capped by max_ttl, and by
 * TTL_CEILING whatever the config says (a config that did not come from parseConfig).
 */
function lifetime(requested: number | undefined, defaultTtl: number, maxTtl: number): number {
  return Math.min(requested ?? defaultTtl, maxTtl, TTL_CEILING);
}

/**
 * Reads a requested ttl (seconds or `90s`/`15m`/`1h`) up front, so a bad one is a 400 before the
 * token is spent. parseDuration already refuses zero, negative and fractional values.
 */
export function parseTtl(value: number | string): number {
  try {
    return parseDuration(value);
  } catch {
    throw invalidRequest(
      'ERR_TTL_INVALID',
      `ttl ${typeof value === 'string' ? quoteInput(value) : value} is not a duration: give seconds or a value such as 90s, 15m or 1h`,
    );
  }
}

function ciClaims(provider: ProviderConfig, identity: CiIdentity): Record<string, string | undefined> {
  return {
    provider: provider.name,
    repository: identity.repository,
    repository_id: identity.repository_id,
    owner_id: identity.owner_id,
    ref: identity.ref,
    sha: identity.sha,
    workflow_ref: identity.workflow_ref,
    run_id: identity.run_id,
    run_attempt: identity.run_attempt,
    environment: identity.environment,
    actor: identity.actor,
    event: identity.event,
  };
}

/** Names of identity fields that would collide with the audit event's own fields. */
const RENAMED: Record<string, string> = { provider: 'provider_kind', event: 'ci_event' };

/**
 * Sets the identity's fields on the audit event (never the token), in the identity's order:
 * written in place, not gathered into an object of their own and copied over (an array per field
 * and a second object, on every exchange).
 */
function addIdentityFields(event: AuditEvent, identity: CiIdentity): void {
  const fields = event as unknown as Record<string, unknown>;
  for (const name of Object.keys(identity)) {
    const value = identity[name as keyof CiIdentity];
    if (typeof value === 'string') fields[RENAMED[name] ?? name] = value;
  }
}

/**
 * How long a caller is told to wait (Retry-After) while a dependency the broker must not skip is
 * out: its store, its audit log, the signing keys in a PKCS#11 token. Each comes back by itself,
 * within seconds (Redis is reconnected with a backoff capped at 2 s, a lost HSM session is tried
 * again every 5 s, a full disk takes writes once freed): a shorter wait only spends a retrying
 * job's attempts, each with a fresh ID token, on an outage that is not over.
 */
export const OUTAGE_RETRY_AFTER_SEC = 5;

/**
 * The outages of what the broker depends on, each answered 503 with Retry-After (fail closed) and
 * this text; each is temporary: the broker reconnects, or the log takes writes again once there is
 * room, or the keys dir becomes readable again, by itself.
 */
const OUTAGES = {
  ERR_STORE_UNAVAILABLE: 'the broker cannot reach its store; try again shortly',
  // No request is answered without its audit line (a full disk).
  ERR_AUDIT_WRITE: 'the broker cannot write its audit log; try again shortly',
  // The keys dir changed and this broker cannot read it: the key it holds may have been dropped.
  ERR_KEYS_UNREADABLE: 'the broker cannot read its signing keys; try again shortly',
  // The HSM is away.
  ERR_PKCS11_SESSION: 'the broker cannot reach its signing keys; try again shortly',
  // The embedded store's API key file is damaged or unreadable (introspection), or a newer stint wrote it.
  ERR_API_KEYS_UNREADABLE: 'the broker cannot read its project API keys; try again shortly',
  ERR_KEYS_NEWER: 'the broker cannot read its keys (a newer stint wrote them); try again shortly',
} as const;

/** Store, audit log, keys dir and HSM outages become 503 with Retry-After (fail closed); anything unexpected becomes a 500 with a generic text. */
export function asBrokerError(ctx: BrokerContext, error: unknown): BrokerError {
  if (error instanceof BrokerError) return error;
  const outage = (Object.keys(OUTAGES) as Array<keyof typeof OUTAGES>).find((code) => isStintError(error, code));
  if (outage !== undefined && isStintError(error)) {
    // What readiness checks just failed a request: the next /readyz checks afresh, not reuse an OK.
    readinessInDoubt(ctx);
    if (outage === 'ERR_STORE_UNAVAILABLE') ctx.metrics.storeError();
    return new BrokerError(503, 'temporarily_unavailable', outage, OUTAGES[outage], {
      reason: error.message,
      retryAfterSec: OUTAGE_RETRY_AFTER_SEC,
      cause: error,
    });
  }
  return new BrokerError(500, 'server_error', 'ERR_INTERNAL', 'the broker failed to process the request', {
    reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    cause: error,
  });
}
