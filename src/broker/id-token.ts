import type { KeyObject } from 'node:crypto';
import { createLocalJWKSet, errors, type JSONWebKeySet } from 'jose';
import { CLOCK_SKEW_SEC } from '../lib/clock-skew.js';
import type { CodeWithStatus } from '../lib/errors.js';
import { keyObjectOf, verifyJwsSignature } from '../lib/jws-crypto.js';
import type { ProviderConfig } from '../policy/types.js';
import { ciDescriptor } from '../providers/index.js';
import type { Claims } from '../providers/types.js';
import { BrokerError, quoteInput } from './http.js';

/**
 * The checks an exchange makes on the CI's ID token, one function per line of
 * docs/broker.md#what-an-exchange-checks. Each throws a BrokerError (401 invalid_token unless said
 * otherwise) whose description says exactly what was wrong with the token.
 */

/** The largest ID token accepted; CI tokens are 1–2 KiB. */
export const MAX_TOKEN_BYTES = 16 * 1024;

export interface DecodedToken {
  header: Record<string, unknown>;
  payload: Claims;
}

const invalidToken = (code: CodeWithStatus<401>, description: string, cause?: unknown): BrokerError =>
  new BrokerError(401, 'invalid_token', code, description, { cause });

export function checkTokenSize(token: string): void {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: a short enough string needs no counting.
  if (token.length > MAX_TOKEN_BYTES / 3 && Buffer.byteLength(token) > MAX_TOKEN_BYTES) {
    throw new BrokerError(
      413,
      'invalid_request',
      'ERR_TOKEN_TOO_LARGE',
      `token is larger than ${MAX_TOKEN_BYTES / 1024} KiB`,
    );
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Three non-empty base64url segments whose first two are JSON objects (a compact JWS). */
export function decodeStructure(token: string): DecodedToken {
  const segments = token.split('.');
  if (segments.length !== 3) {
    throw invalidToken('ERR_TOKEN_MALFORMED', `token is not a JWT: it has ${segments.length} segments, not 3`);
  }
  if (!segments.every((segment) => BASE64URL.test(segment))) {
    throw invalidToken('ERR_TOKEN_MALFORMED', 'token is not a JWT: a segment is empty or not base64url');
  }
  const header = decodeJsonObject(segments[0]!, 'header');
  const payload = decodeJsonObject(segments[1]!, 'payload');
  return { header, payload };
}

function decodeJsonObject(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken('ERR_TOKEN_MALFORMED', `token is not a JWT: its ${part} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidToken('ERR_TOKEN_MALFORMED', `token is not a JWT: its ${part} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Only asymmetric signatures can prove a CI issued a token: never `none`, never a shared-secret MAC. */
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^ES256K$|^EdDSA$|^Ed25519$/;

/**
 * Header checks that need no key: `alg` is asymmetric, the token names no keys of its own
 * (`jwk`, `jku`, `x5u`, `x5c` would let the token vouch for itself, and fetching `jku`/`x5u`
 * would let any caller make the broker send requests), and it asks for no `crit` extension.
 */
export function checkHeader(header: Record<string, unknown>): void {
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '') throw invalidToken('ERR_TOKEN_ALG', 'token header has no alg');
  if (alg.toLowerCase() === 'none') throw invalidToken('ERR_TOKEN_ALG', 'token is unsigned (alg none)');
  if (!ASYMMETRIC.test(alg))
    throw invalidToken('ERR_TOKEN_ALG', `token alg ${alg} is not an asymmetric signature algorithm`);
  for (const name of ['jwk', 'jku', 'x5u', 'x5c'] as const) {
    if (name in header) {
      throw invalidToken(
        'ERR_TOKEN_EMBEDDED_KEY',
        `token header carries ${name}; keys are only taken from the issuer's JWKS`,
      );
    }
  }
  if ('crit' in header) {
    // Only a list of names is quoted, each cut short: a caller may nest crit thousands deep.
    const crit = header.crit;
    if (!Array.isArray(crit) || !crit.every((name) => typeof name === 'string'))
      throw invalidToken('ERR_TOKEN_CRIT', 'token header crit must be an array of strings');
    const listed = `[${crit.slice(0, 5).map(quoteInput).join(',')}${crit.length > 5 ? ',…' : ''}]`;
    throw invalidToken(
      'ERR_TOKEN_CRIT',
      `token header lists crit extensions (${listed}) that stint does not understand`,
    );
  }
  if ('kid' in header && typeof header.kid !== 'string')
    throw invalidToken('ERR_TOKEN_MALFORMED', 'token header kid is not a string');
}

/** `alg` is one the provider is configured to use. */
export function checkAlgorithm(header: Record<string, unknown>, provider: ProviderConfig): void {
  if (!provider.algorithms.includes(header.alg as string)) {
    throw invalidToken(
      'ERR_TOKEN_ALG',
      `token alg ${String(header.alg)} is not allowed for provider ${provider.name} (allowed: ${provider.algorithms.join(', ')})`,
    );
  }
}

/**
 * Per fetched key set: jose's selector over it (built once: importing keys for every request
 * would be wasted work), and the key it chose for each alg and kid. jose's choice depends on the
 * key set, the alg and the kid alone, so a token naming the same pair gets the same key without
 * asking again (a refusal, none or several matching, is not kept: each such token asks).
 */
const localSets = new WeakMap<
  JSONWebKeySet,
  { select: ReturnType<typeof createLocalJWKSet>; chosen: Map<string, KeyObject> }
>();

/**
 * The signature verifies with a key of the provider's own JWKS, selected by `kid`. jose picks the
 * key (kid, kty and curve for the alg, `use`, `key_ops`; none or several matching is refused) and
 * imports it once per key set; node:crypto checks the signature on this thread
 * (src/lib/jws-crypto.ts). Call after checkHeader and checkAlgorithm: the alg is one the provider
 * allows, and the token is three base64url segments.
 */
export async function checkSignature(
  token: string,
  header: Record<string, unknown>,
  jwks: JSONWebKeySet,
  provider: ProviderConfig,
): Promise<void> {
  let set = localSets.get(jwks);
  if (!set) {
    set = { select: createLocalJWKSet(jwks), chosen: new Map() };
    localSets.set(jwks, set);
  }
  const alg = header.alg as string;
  // checkHeader made kid a string or absent; the NUL cannot occur in alg (ASYMMETRIC).
  const choice = `${alg}\0${header.kid === undefined ? '' : `k${header.kid as string}`}`;
  let verified: boolean;
  try {
    let key = set.chosen.get(choice);
    if (key === undefined) {
      key = keyObjectOf(await set.select({ alg, ...(header.kid === undefined ? {} : { kid: header.kid as string }) }));
      set.chosen.set(choice, key);
    }
    const dot = token.lastIndexOf('.');
    verified = verifyJwsSignature(
      alg,
      key,
      Buffer.from(token.slice(0, dot), 'ascii'),
      Buffer.from(token.slice(dot + 1), 'base64url'),
    );
  } catch (cause) {
    if (cause instanceof errors.JWKSNoMatchingKey) {
      throw invalidToken(
        'ERR_TOKEN_KEY_UNKNOWN',
        whyNoKey(jwks, alg, header.kid as string | undefined, provider),
        cause,
      );
    }
    if (cause instanceof errors.JWKSMultipleMatchingKeys) {
      throw invalidToken(
        'ERR_TOKEN_KEY_AMBIGUOUS',
        `several signing keys of ${provider.issuer} match the token; it must name its kid`,
        cause,
      );
    }
    throw invalidToken(
      'ERR_TOKEN_SIGNATURE',
      `token signature could not be verified: ${(cause as Error).message}`,
      cause,
    );
  }
  if (!verified) {
    throw invalidToken('ERR_TOKEN_SIGNATURE', `token signature does not verify with the keys of ${provider.issuer}`);
  }
}

/** The key types (and curves) each JWS alg verifies with, as jose selects them. */
function keyTypeFor(alg: string): { kty: string; crv?: readonly string[] } | undefined {
  if (/^(RS|PS)\d+$/.test(alg)) return { kty: 'RSA' };
  const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521', ES256K: 'secp256k1' }[alg];
  if (curve !== undefined) return { kty: 'EC', crv: [curve] };
  if (alg === 'EdDSA') return { kty: 'OKP', crv: ['Ed25519', 'Ed448'] };
  if (alg === 'Ed25519') return { kty: 'OKP', crv: ['Ed25519'] };
  return undefined;
}

/**
 * Why no key of `jwks` can verify a token signed with `alg` naming `kid`, in the order jose
 * selects (kid, key type and curve, `use`, `key_ops`, `alg`): an operator chasing a rotation
 * needs to know whether the kid is missing or present but unfit. The kid is the caller's and
 * is quoted; the keys' fields are the issuer's and public.
 */
function whyNoKey(jwks: JSONWebKeySet, alg: string, kid: string | undefined, provider: ProviderConfig): string {
  const issuer = provider.issuer;
  if (kid === undefined) return `the token names no kid, and no signing key of ${issuer} can verify ${alg}`;
  const named = (Array.isArray(jwks.keys) ? jwks.keys : []).filter((k) => k.kid === kid);
  if (named.length === 0) return `no signing key of ${issuer} has the token's kid ${quoteInput(kid)}`;
  const reasons = named.map((key) => keyUnfit(key as Record<string, unknown>, alg)).filter((r) => r !== undefined);
  const shown = reasons.length > 0 ? reasons.join('; ') : `it cannot verify ${alg}`;
  return `the key of ${issuer} with the token's kid ${quoteInput(kid)} cannot verify this token: ${shown}`;
}

function keyUnfit(key: Record<string, unknown>, alg: string): string | undefined {
  const wanted = keyTypeFor(alg);
  const field = (value: unknown): string =>
    typeof value === 'string' ? quoteInput(value) : (JSON.stringify(value)?.slice(0, 60) ?? 'missing');
  if (wanted !== undefined && key.kty !== wanted.kty)
    return `it is a ${field(key.kty)} key${typeof key.crv === 'string' ? ` (${field(key.crv)})` : ''}, and ${alg} needs an ${wanted.kty} key`;
  if (wanted?.crv !== undefined && !wanted.crv.includes(key.crv as string))
    return `it is on curve ${field(key.crv)}, and ${alg} needs ${wanted.crv.join(' or ')}`;
  if (key.use !== undefined && key.use !== 'sig')
    return `it is published for use ${field(key.use)}, not sig (signatures)`;
  if (key.key_ops !== undefined && !(Array.isArray(key.key_ops) && key.key_ops.includes('verify')))
    return `its key_ops ${field(key.key_ops)} do not include verify`;
  if (key.alg !== undefined && key.alg !== alg)
    return `it is published for alg ${field(key.alg)}, and the token is ${alg}`;
  return undefined;
}

/**
 * `aud` names the audience the provider's tokens must carry for this broker, and no other
 * (OpenID Connect Core §3.1.3.7: a token listing audiences the client does not trust is
 * rejected). Each service in an `aud` list receives a token it could exchange here before the
 * job does, so a list is accepted only when every entry is the broker's audience; `azp`, the
 * party the token was issued to, must then be the broker too when the issuer sets it.
 */
export function checkAudience(payload: Claims, provider: ProviderConfig): void {
  const aud = payload.aud;
  const audiences =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  if (audiences.includes(provider.audience)) {
    const others = Array.isArray(aud) ? aud.filter((a) => a !== provider.audience) : [];
    if (others.length > 0) {
      const strings = others.filter((a): a is string => typeof a === 'string');
      const listed = `${strings.slice(0, 5).map(quoteInput).join(',')}${strings.length > 5 || strings.length < others.length ? ',…' : ''}`;
      throw invalidToken(
        'ERR_TOKEN_AUDIENCE',
        `token audience lists other services besides ${provider.audience} (${listed}); each of them could exchange this token here before the job does: request an ID token whose only audience is ${provider.audience}`,
      );
    }
    const azp = payload.azp;
    if (azp !== undefined && azp !== provider.audience) {
      throw invalidToken(
        'ERR_TOKEN_AUDIENCE',
        `token was issued to another party (azp ${typeof azp === 'string' ? quoteInput(azp) : `of type ${azp === null ? 'null' : typeof azp}`}), not ${provider.audience}: request an ID token for ${provider.audience} alone`,
      );
    }
    return;
  }
  // Strings only are quoted, each cut short: aud is the issuer's, but never trusted to be small or flat.
  const quoted =
    typeof aud === 'string'
      ? quoteInput(aud)
      : audiences.length > 0
        ? `[${audiences.slice(0, 5).map(quoteInput).join(',')}${audiences.length > 5 ? ',…' : ''}]`
        : aud === undefined
          ? 'null'
          : `of type ${Array.isArray(aud) ? 'array' : aud === null ? 'null' : typeof aud}`;
  throw invalidToken(
    'ERR_TOKEN_AUDIENCE',
    `token audience ${quoted} is not ${provider.audience}; ${ciDescriptor(provider.kind).claims.audienceFix(provider.audience, provider)}`,
  );
}

/**
 * The longest after it was issued that an ID token is exchanged: 24 h. CI tokens live from 5
 * minutes (GitHub) to an hour (CircleCI, the Jenkins plugin's default) and are exchanged at
 * once; GitLab's live as long as the job's timeout, which may be days, so the ceiling is on age,
 * not on `exp − iat`. A leaked token with a far `exp` stops being exchangeable a day after its
 * `iat`, and its replay record need not outlive that.
 */
export const MAX_ID_TOKEN_AGE_SEC = 24 * 3600;

/**
 * `exp` and `sub` are required; exp, nbf and iat are checked with at most CLOCK_SKEW_SEC of
 * skew, and the token's age (from `iat`, else `nbf`) with MAX_ID_TOKEN_AGE_SEC; a token with
 * neither may not expire later than that from now. `until` is when the token stops being
 * exchangeable here, the earlier of its `exp` and that ceiling (its `exp` alone for a token with
 * neither claim, already held within the ceiling): its replay record's end, to which the record
 * adds the same skew the checks allow.
 */
export function checkTimesAndSubject(payload: Claims, nowMs: number): { exp: number; until: number } {
  const now = Math.floor(nowMs / 1000);
  const { exp, nbf, iat, sub } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    throw invalidToken('ERR_TOKEN_CLAIMS', 'token has no numeric exp claim');
  if (exp + CLOCK_SKEW_SEC <= now)
    throw new BrokerError(401, 'invalid_token', 'ERR_TOKEN_EXPIRED', 'token has expired');
  if (nbf !== undefined) {
    if (typeof nbf !== 'number') throw invalidToken('ERR_TOKEN_CLAIMS', 'token nbf claim is not a number');
    if (nbf - CLOCK_SKEW_SEC > now)
      throw invalidToken('ERR_TOKEN_NOT_YET_VALID', 'token is not valid yet (nbf is in the future)');
  }
  if (iat !== undefined) {
    if (typeof iat !== 'number') throw invalidToken('ERR_TOKEN_CLAIMS', 'token iat claim is not a number');
    if (iat - CLOCK_SKEW_SEC > now)
      throw invalidToken('ERR_TOKEN_NOT_YET_VALID', 'token was issued in the future (iat)');
  }
  const issued =
    typeof iat === 'number'
      ? { at: iat, claim: 'iat' }
      : typeof nbf === 'number'
        ? { at: nbf, claim: 'nbf' }
        : undefined;
  const ceiling = `${MAX_ID_TOKEN_AGE_SEC / 3600} h`;
  if (issued !== undefined && now - issued.at > MAX_ID_TOKEN_AGE_SEC + CLOCK_SKEW_SEC) {
    throw invalidToken(
      'ERR_TOKEN_TOO_OLD',
      `token was issued more than ${ceiling} ago (${issued.claim}); the broker exchanges an ID token only within ${ceiling} of its issue: exchange a fresh one (a GitLab job: exchange at its start)`,
    );
  }
  if (issued === undefined && exp - now > MAX_ID_TOKEN_AGE_SEC + CLOCK_SKEW_SEC) {
    throw invalidToken(
      'ERR_TOKEN_TOO_OLD',
      `token has no iat or nbf and expires more than ${ceiling} from now; the broker exchanges an ID token only within ${ceiling} of its issue: exchange one that says when it was issued`,
    );
  }
  if (typeof sub !== 'string' || sub === '') throw invalidToken('ERR_TOKEN_CLAIMS', 'token has no sub claim');
  const until = issued === undefined ? exp : Math.min(exp, issued.at + MAX_ID_TOKEN_AGE_SEC);
  return { exp, until };
}
