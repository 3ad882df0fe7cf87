import { randomFillSync } from 'node:crypto';
import { type NowInput, nowMs } from '../lib/clock.js';
import { StintError } from '../lib/errors.js';
import type { KeySet } from './keyset.js';
import { signCompactJws } from './signer.js';

/** The `ci` claim: who the job is, copied from its normalised CI identity. */
export const CI_CLAIM_FIELDS = [
  'provider',
  'repository',
  'repository_id',
  'owner_id',
  'ref',
  'sha',
  'workflow_ref',
  'run_id',
  'run_attempt',
  'environment',
  'actor',
  'event',
] as const;

export interface MintRequest {
  /** The broker's public URL (`iss`). */
  issuer: string;
  /** The project's audience (`aud`). */
  audience: string;
  /** The CI token's subject (`sub`). */
  subject: string;
  /** `<provider>:<repository or project path>`. */
  clientId: string;
  scope: string[];
  project: string;
  /** Only the fields of CI_CLAIM_FIELDS are copied; undefined ones are left out. */
  ci: Record<string, string | undefined>;
  ttlSec: number;
  /** Epoch ms or a clock; default Date.now. */
  now?: NowInput;
}

export interface MintedToken {
  token: string;
  jti: string;
  /** Epoch seconds. */
  iat: number;
  exp: number;
}

/** Random bytes for jtis, drawn from the CSPRNG a page at a time (one draw per token cost more than the rest of its claims). */
const JTI_BYTES = 16;
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** 128 random bits, base64url: each jti uses its own bytes of the pool, never reused. */
function randomJti(): string {
  if (poolOffset + JTI_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const jti = pool.toString('base64url', poolOffset, poolOffset + JTI_BYTES);
  poolOffset += JTI_BYTES;
  return jti;
}

/** The header of every access token (RFC 9068), besides the signer's `alg` and `kid`; frozen, so its encoding is reused. */
const ACCESS_TOKEN_HEADER = Object.freeze({ typ: 'at+jwt' });

/** Longest lifetime any stint token may have, whatever the config says (docs/policy.md#the-config-file). */
const MAX_TTL_SEC = 86_400;

/**
 * Mints an RFC 9068 JWT access token signed by the key set's current key (its Signer: a file key
 * or a key in a PKCS#11 token).
 * Header `{alg, typ: 'at+jwt', kid}`; claims iss, sub, aud, client_id, iat, nbf, exp, jti,
 * scope (space-separated), project, ci.
 *
 * @example
 * const { token, jti, exp } = await mintAccessToken(keys, {
 *   issuer: 'https://stint.example.com', audience: 'stint:warehouse', subject: 'repo:acme/warehouse:ref:refs/heads/main',
 *   clientId: 'github:acme/warehouse', scope: ['read'], project: 'warehouse', ci: { provider: 'github' }, ttlSec: 900,
 * });
 */
export async function mintAccessToken(keySet: KeySet, request: MintRequest): Promise<MintedToken> {
  if (!Number.isInteger(request.ttlSec) || request.ttlSec <= 0 || request.ttlSec > MAX_TTL_SEC) {
    throw new StintError(
      'ERR_TOKEN_TTL',
      `token lifetime must be a whole number of seconds between 1 and ${MAX_TTL_SEC}, got ${request.ttlSec}`,
    );
  }
  const iat = Math.floor(nowMs(request.now) / 1000);
  const exp = iat + request.ttlSec;
  // 128 random bits: unguessable, and unique without coordination between broker instances.
  const jti = randomJti();
  const ci: Record<string, string> = {};
  for (const field of CI_CLAIM_FIELDS) {
    const value = request.ci[field];
    if (value !== undefined) ci[field] = value;
  }
  const claims = {
    iss: request.issuer,
    sub: request.subject,
    aud: request.audience,
    iat,
    nbf: iat,
    exp,
    jti,
    client_id: request.clientId,
    scope: request.scope.join(' '),
    project: request.project,
    ci,
  };
  let key = keySet.current();
  let token: string;
  try {
    token = await signCompactJws(key, ACCESS_TOKEN_HEADER, claims);
  } catch (error) {
    // The key may have left the token under us (an emergency rotation by another process): once
    // the key set has moved on, sign again with the key that signs now.
    await keySet.reload();
    if (keySet.current().kid === key.kid) throw error;
    key = keySet.current();
    token = await signCompactJws(key, ACCESS_TOKEN_HEADER, claims);
  }
  return { token, jti, iat, exp };
}
