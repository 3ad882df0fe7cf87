import type { IncomingMessage, ServerResponse } from 'node:http';
import { isStintError } from '../lib/errors.js';
import { fingerprint } from '../lib/fingerprint.js';
import { readCsr } from '../signing/mtls-csr.js';
import { appendAudit, markAudited } from './audit-append.js';
import type { BrokerContext } from './context.js';
import {
  BrokerError,
  invalidRequest,
  MAX_BODY_BYTES,
  parseJsonObject,
  readBody,
  sendJson,
  sendText,
  sentNoCredentials,
} from './http.js';
import type { CaChange, CertificateAuthority } from './mtls-ca.js';
import { takeOrRefuse } from './rate-limit.js';
import { brokerContextOf } from './request-scope.js';
import { type AccessTokenVerdict, accessTokenVerdict, bearer } from './token-routes.js';

const cas = new WeakMap<BrokerContext['keySet'], Promise<CertificateAuthority>>();

/**
 * Certificates one stint token may get: a job needs one or two, so a leaked token cannot be
 * turned into an unbounded number of certificates (each also a record in the store). The
 * allowance refills over 15 minutes, the default token lifetime.
 */
export const CERTIFICATES_PER_TOKEN = 10;
const CERTIFICATE_REFILL_SEC = 900;

/**
 * The broker's client-certificate CA, opened on first use (most brokers never issue one); by key
 * set, since each request has a context of its own (src/broker/request-scope.ts).
 */
function authority(ctx: BrokerContext): Promise<CertificateAuthority> {
  const { keySet } = ctx;
  let ca = cas.get(keySet);
  if (!ca) {
    // The CA outlives the request that opens it: its events go to the broker's own audit log.
    const broker = brokerContextOf(ctx);
    ca = import('./mtls-ca.js').then(({ openCertificateAuthority }) =>
      openCertificateAuthority(ctx.caDir, {
        now: ctx.now,
        // keys.pkcs11: the CA key and certificate live in the same token as the signing keys.
        ...(ctx.keySet.token === undefined ? {} : { token: ctx.keySet.token }),
        onChange: (change) => recordCaChange(broker, change),
        onNote: (message) => broker.log?.warn(message),
      }),
    );
    ca.catch(() => cas.delete(keySet));
    cas.set(keySet, ca);
  }
  return ca;
}

/**
 * A CA this broker made (created, renewed, replaced), audited before it signs anything (fail
 * closed: when the audit log refuses it, the CA is dropped and the request fails), then logged.
 */
async function recordCaChange(broker: BrokerContext, change: CaChange): Promise<void> {
  await appendAudit(broker.audit, {
    event: `ca_${change.kind}`,
    outcome: 'success',
    reason: change.reason,
    fingerprint: change.fingerprint,
    ca_subject: change.subject,
    expires_at: Math.floor(change.notAfterMs / 1000),
    previous_fingerprint: change.previous?.fingerprint ?? null,
    location: change.where,
  });
  const line = `mTLS CA ${change.kind}: ${change.reason}`;
  if (change.kind === 'replaced') broker.log?.warn({ event: `ca_${change.kind}` }, line);
  else broker.log?.info({ event: `ca_${change.kind}` }, line);
}

/** `GET /mtls/ca.pem`: the CA certificate servers use to trust the issued client certificates. */
export async function handleCaPem(ctx: BrokerContext, res: ServerResponse): Promise<void> {
  const ca = await authority(ctx);
  try {
    await ca.refresh();
  } catch (error) {
    // The CA certificate is public and this broker still signs with it: serve it while the token is out of reach.
    ctx.log?.warn(
      {},
      `/mtls/ca.pem: serving the CA read last, the token's could not be read again: ${(error as Error).message}`,
    );
  }
  sendText(res, 200, ca.caPem, 'application/x-pem-file', { 'cache-control': 'public, max-age=300' });
}

/**
 * `POST /mtls/certificates`: a live stint token (bearer) + `{csr}` → a client certificate for the
 * token's project that expires no later than the token.
 */
export async function handleCertificate(
  ctx: BrokerContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const token = bearer(req);
  const verdict: AccessTokenVerdict =
    token === undefined ? { reason: 'no Authorization: Bearer token' } : await accessTokenVerdict(ctx, token);
  const claims = 'live' in verdict ? verdict.live : undefined;
  if (!claims || typeof claims.exp !== 'number' || typeof claims.project !== 'string') {
    throw await refusedToken(ctx, requestId, token, verdict, sentNoCredentials(req));
  }
  const input = parseJsonObject(await readBody(req, MAX_BODY_BYTES));
  if (typeof input.csr !== 'string' || input.csr === '')
    throw invalidRequest('ERR_PARAMETER_MISSING', 'csr (a PEM certificate signing request) is required');
  const ca = await authority(ctx);
  let issued: Awaited<ReturnType<CertificateAuthority['issue']>>;
  try {
    // A CSR that cannot be issued is refused before it spends one of the token's certificates.
    await readCsr(input.csr);
    await takeCertificateAllowance(ctx, String(claims.jti));
    issued = await ca.issue({
      csrPem: input.csr,
      project: claims.project,
      subject: String(claims.sub),
      notAfterMs: claims.exp * 1000,
    });
  } catch (error) {
    if (isStintError(error, 'ERR_CSR_INVALID')) throw invalidRequest('ERR_CSR_INVALID', error.message);
    throw error;
  }
  await ctx.store.putCertificate({
    serial: issued.serial,
    project: claims.project,
    subject: String(claims.sub),
    jti: String(claims.jti),
    notAfterMs: issued.notAfterMs,
    fingerprint: issued.fingerprint,
  });
  await appendAudit(ctx.audit, {
    event: 'cert_issued',
    request_id: requestId,
    outcome: 'success',
    reason: 'client certificate issued',
    project: claims.project,
    subject: claims.sub,
    jti: claims.jti,
    serial: issued.serial,
    fingerprint: issued.fingerprint,
  });
  sendJson(res, 200, {
    certificate: issued.certificatePem,
    ca: ca.caPem,
    serial: issued.serial,
    not_after: new Date(issued.notAfterMs).toISOString(),
  });
}

/**
 * The refusal of a certificate request whose token will not do, audited: the caller learns only
 * that (a forged token and a revoked one get the same answer); the audit log gets why and, for a
 * token this broker minted (revoked or expired), its jti, project and subject. Every presented
 * token's fingerprint is recorded, never the token.
 */
async function refusedToken(
  ctx: BrokerContext,
  requestId: string,
  token: string | undefined,
  verdict: AccessTokenVerdict,
  noCredentials: boolean,
): Promise<BrokerError> {
  const refusal = new BrokerError(
    401,
    'invalid_token',
    'ERR_TOKEN_INVALID',
    'a certificate needs a valid, unrevoked stint token as Authorization: Bearer …',
    noCredentials ? { realm: ctx.config.issuer } : {},
  );
  const minted = 'live' in verdict ? verdict.live : verdict.claims;
  await appendAudit(ctx.audit, {
    event: 'cert_denied',
    request_id: requestId,
    outcome: 'denied',
    code: refusal.code,
    reason: 'reason' in verdict ? verdict.reason : 'the stint token lacks exp or project',
    ...(typeof minted?.project === 'string' ? { project: minted.project } : {}),
    ...(typeof minted?.sub === 'string' ? { subject: minted.sub } : {}),
    ...(typeof minted?.jti === 'string' ? { jti: minted.jti } : {}),
    ...(token === undefined ? {} : { fingerprint: fingerprint(token) }),
  }).then(
    () => markAudited(refusal),
    // Unaudited, it is audited once more by the request handler, with the reason alone; if that
    // fails too, the handler answers 503 ERR_AUDIT_WRITE instead and logs why (routes.ts).
    () => undefined,
  );
  return refusal;
}

function takeCertificateAllowance(ctx: BrokerContext, jti: string): Promise<void> {
  const limit = { rps: CERTIFICATES_PER_TOKEN / CERTIFICATE_REFILL_SEC, burst: CERTIFICATES_PER_TOKEN };
  return takeOrRefuse(
    ctx,
    `cert:${jti}`,
    limit,
    (retryAfterSec) =>
      `this token already got ${CERTIFICATES_PER_TOKEN} certificates; reuse one (it lasts as long as the token) or retry after ${retryAfterSec} s`,
  );
}
