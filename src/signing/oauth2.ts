/**
 * The `oauth2` signing profile (docs/signing.md#oauth2): an OAuth 2.0 client-credentials access token (RFC 6749
 * §4.4), fetched just in time, kept in memory for its lifetime less 30 s, never written to disk,
 * and sent as `Authorization: Bearer …`.
 *
 * ```yaml
 * billing: { type: oauth2, token_url: https://auth.example.com/oauth/token, client_id: ci-billing,
 *            client_secret_env: BILLING_CLIENT_SECRET, scope: [invoices.read], audience: https://billing.example.com }
 * partner: { type: oauth2, token_url: https://partner.example.com/token, client_id: acme,
 *            key_env: PARTNER_CLIENT_KEY, alg: ES256, kid: ci-2026 }       # private_key_jwt (RFC 7523)
 * ```
 */
import { createHash, type KeyObject } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { HttpError, type HttpResponse, httpRequest } from '../lib/http.js';
import { PLAIN_HTTP_ONLY_HERE, sendsInClear } from '../lib/loopback.js';
import { redact } from '../mask/redact.js';
import { oneOf, optionalString } from './fields.js';
import { readPrivateKey } from './profiles.js';
import type { Oauth2Profile as BaseOauth2Profile, ParseContext, SignDeps } from './types.js';

export const CLIENT_ASSERTION_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
] as const;
export type ClientAssertionAlg = (typeof CLIENT_ASSERTION_ALGS)[number];

export type Oauth2ClientAuth =
  | { readonly method: 'client_secret_basic'; readonly secret: string }
  | {
      readonly method: 'private_key_jwt';
      readonly key: string;
      readonly alg: ClientAssertionAlg;
      readonly kid?: string;
    };

export type Oauth2Profile = {
  readonly type: 'oauth2';
  readonly name: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly auth: Oauth2ClientAuth;
  /** Space-separated, as sent. */
  readonly scope?: string;
  readonly audience?: string;
};

/** A token is reused until this long before it expires. */
export const EXPIRY_MARGIN_MS = 30_000;
/** Lifetime of a private_key_jwt client assertion (RFC 7523 wants it short; at most 5 minutes). */
export const ASSERTION_TTL_SEC = 60;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Parses an `oauth2` profile. Client authentication is `client_secret` (client_secret_basic) or
 * `key` (private_key_jwt; `alg` defaults from the key: RS256, ES256/ES384, EdDSA), read through
 * `ctx` so the file rules hold (in a file: `client_secret_env` / `key_env`).
 *
 * @example
 * parseOauth2Profile({ type: 'oauth2', token_url: 'https://auth.example.com/token', client_id: 'ci', client_secret_env: 'CI_SECRET' }, ctx)
 */
export function parseOauth2Profile(raw: Record<string, unknown>, ctx: ParseContext): Oauth2Profile {
  const tokenUrl = readTokenUrl(ctx, raw);
  // A missing required field is reported after the unknown ones (allowOnly): `client_idd` is named.
  const clientId = optionalString(ctx, raw, 'client_id');
  if (clientId === undefined)
    ctx.missing('client_id', 'is required: the client id the token endpoint knows this job by');
  const secrets = ctx.optionalSecret('client_secret', raw);
  const keys = ctx.optionalSecret('key', raw);
  if (secrets.length > 0 && keys.length > 0)
    ctx.fail('key', 'give either client_secret (client_secret_basic) or key (private_key_jwt), not both');
  if (secrets.length === 0 && keys.length === 0) {
    ctx.missing(
      'client_secret',
      ctx.origin === 'file'
        ? 'client authentication is required: give client_secret_env: VAR, or key_env: VAR for private_key_jwt'
        : 'client authentication is required: give client_secret (or client_secret_env), or key (or key_env) for private_key_jwt',
    );
  }
  let auth: Oauth2ClientAuth;
  if (keys.length > 0) {
    const key = keys[0]!;
    let keyObject: KeyObject;
    try {
      keyObject = readPrivateKey(key);
    } catch {
      // Never echo the parser's message: it can quote key bytes.
      ctx.fail(
        raw.key_env === undefined ? 'key' : 'key_env',
        'must be a PEM (PKCS#8, PKCS#1 or SEC1) or JWK private key',
      );
    }
    const alg = raw.alg === undefined ? defaultAlg(ctx, keyObject) : oneOf(ctx, raw, 'alg', CLIENT_ASSERTION_ALGS);
    if (!algFitsKey(alg, keyObject)) ctx.fail('alg', `${alg} does not fit the ${describeKey(keyObject)} key`);
    const kid = optionalString(ctx, raw, 'kid');
    auth = { method: 'private_key_jwt', key, alg, ...(kid === undefined ? {} : { kid }) };
  } else {
    for (const field of ['alg', 'kid'])
      if (raw[field] !== undefined) ctx.fail(field, 'only for private_key_jwt (with key / key_env)');
    auth = { method: 'client_secret_basic', secret: secrets[0]! };
  }
  const scope = readScope(ctx, raw);
  const audience = optionalString(ctx, raw, 'audience');
  ctx.allowOnly(raw, ['token_url', 'client_id', 'alg', 'kid', 'scope', 'audience']);
  return {
    type: 'oauth2',
    name: ctx.profile,
    tokenUrl,
    clientId: clientId as string, // allowOnly threw if it was missing
    auth,
    ...(scope === undefined ? {} : { scope }),
    ...(audience === undefined ? {} : { audience }),
  };
}

/** https only, except on loopback (a local token endpoint in tests and demos). */
function readTokenUrl(ctx: ParseContext, raw: Record<string, unknown>): string {
  const text = optionalString(ctx, raw, 'token_url');
  if (text === undefined) {
    ctx.missing('token_url', 'is required: the token endpoint, e.g. https://auth.example.com/oauth/token');
    return ''; // Never used: allowOnly throws for the missing field.
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return ctx.fail('token_url', 'must be an absolute URL, e.g. https://auth.example.com/oauth/token');
  }
  if (url.username || url.password)
    ctx.fail('token_url', 'must not carry credentials; use client_secret_env or key_env');
  if (url.hash) ctx.fail('token_url', 'must not have a #fragment');
  // The client secret or assertion travels in this request: never in clear text over a network.
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || sendsInClear(url))
    ctx.fail('token_url', `must be https (${PLAIN_HTTP_ONLY_HERE})`);
  return url.href;
}

function readScope(ctx: ParseContext, raw: Record<string, unknown>): string | undefined {
  const value = raw.scope;
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((s) => typeof s !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))
  ) {
    ctx.fail(
      'scope',
      'must be a space-separated string or a list of scope tokens (printable ASCII, no spaces, quotes or backslashes)',
    );
  }
  return (list as string[]).join(' ');
}

function defaultAlg(ctx: ParseContext, key: KeyObject): ClientAssertionAlg {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1') return 'ES384';
  return ctx.fail(
    'key',
    `a ${describeKey(key)} key cannot sign a client assertion; use RSA, EC P-256/P-384 or Ed25519`,
  );
}

function algFitsKey(alg: ClientAssertionAlg, key: KeyObject): boolean {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (alg.startsWith('RS') || alg.startsWith('PS'))
    return key.asymmetricKeyType === 'rsa' || (alg.startsWith('PS') && key.asymmetricKeyType === 'rsa-pss');
  if (alg === 'ES256') return key.asymmetricKeyType === 'ec' && curve === 'prime256v1';
  if (alg === 'ES384') return key.asymmetricKeyType === 'ec' && curve === 'secp384r1';
  return key.asymmetricKeyType === 'ed25519';
}

function describeKey(key: KeyObject): string {
  return key.asymmetricKeyType === 'ec'
    ? `EC ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim()
    : (key.asymmetricKeyType ?? 'unknown').toUpperCase();
}

interface CachedToken {
  accessToken: string;
  /** Reuse until this instant (epoch ms): expiry less the margin. */
  reuseUntilMs: number;
}

/** Tokens by profile configuration, in this process's memory only. */
export type Oauth2TokenCache = Map<string, CachedToken | Promise<CachedToken>>;

/** A fresh, empty cache (tests; callers that want their own scope). */
export function createOauth2TokenCache(): Oauth2TokenCache {
  return new Map();
}

const processCache = createOauth2TokenCache();

/**
 * The headers for a request with an oauth2 profile: `{ Authorization: 'Bearer <access token>' }`.
 * Fetches a token with the client-credentials grant when there is none in `cache` that lives
 * another 30 s; concurrent callers share one fetch. Throws ERR_OAUTH2_TOKEN_REFUSED (with the
 * endpoint's `error` and `error_description`), ERR_OAUTH2_UNREACHABLE or ERR_OAUTH2_RESPONSE_INVALID;
 * no message ever holds the client secret, the assertion or a token.
 *
 * @example
 * const headers = await oauth2Headers(profile, { now: Date.now, randomBytes });
 */
export async function oauth2Headers(
  profile: BaseOauth2Profile | Oauth2Profile,
  deps: SignDeps,
  cache: Oauth2TokenCache = processCache,
): Promise<Record<string, string>> {
  const parsed = asParsed(profile);
  const key = cacheKey(parsed);
  const cached = cache.get(key);
  const settled = cached instanceof Promise ? await cached.catch(() => undefined) : cached;
  if (settled !== undefined && deps.now() < settled.reuseUntilMs)
    return { Authorization: `Bearer ${settled.accessToken}` };

  const pending = fetchToken(parsed, deps);
  cache.set(key, pending);
  try {
    const token = await pending;
    if (token.reuseUntilMs > deps.now()) cache.set(key, token);
    else cache.delete(key);
    return { Authorization: `Bearer ${token.accessToken}` };
  } catch (error) {
    cache.delete(key);
    throw error;
  }
}

function asParsed(profile: BaseOauth2Profile | Oauth2Profile): Oauth2Profile {
  const candidate = profile as Partial<Oauth2Profile>;
  if (
    typeof candidate.tokenUrl !== 'string' ||
    typeof candidate.clientId !== 'string' ||
    typeof candidate.auth !== 'object'
  ) {
    throw new StintError(
      'ERR_SIGNING_CONFIG',
      `signing profile "${profile.name}": not an oauth2 profile made by parseOauth2Profile`,
    );
  }
  return profile as Oauth2Profile;
}

/** Different credentials or parameters never share a token; the secret only enters as a hash. */
function cacheKey(profile: Oauth2Profile): string {
  const credential =
    profile.auth.method === 'client_secret_basic' ? profile.auth.secret : `${profile.auth.alg}:${profile.auth.key}`;
  const digest = createHash('sha256').update(credential).digest('hex');
  return JSON.stringify([
    profile.tokenUrl,
    profile.clientId,
    profile.scope ?? '',
    profile.audience ?? '',
    profile.auth.method,
    digest,
  ]);
}

async function fetchToken(profile: Oauth2Profile, deps: SignDeps): Promise<CachedToken> {
  const where = `oauth2 profile "${profile.name}": the token endpoint ${profile.tokenUrl}`;
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (profile.scope !== undefined) form.set('scope', profile.scope);
  if (profile.audience !== undefined) form.set('audience', profile.audience);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  // Everything that proves who we are, so an endpoint that echoes it cannot get it into a message.
  const secrets: string[] = [];
  if (profile.auth.method === 'client_secret_basic') {
    // RFC 6749 §2.3.1: both parts form-urlencoded before base64.
    const credential = Buffer.from(`${formEncode(profile.clientId)}:${formEncode(profile.auth.secret)}`).toString(
      'base64',
    );
    headers.authorization = `Basic ${credential}`;
    secrets.push(profile.auth.secret, credential);
  } else {
    const assertion = await clientAssertion(profile, profile.auth, deps);
    form.set('client_id', profile.clientId);
    form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    form.set('client_assertion', assertion);
    secrets.push(assertion, profile.auth.key);
  }

  const startedMs = deps.now();
  let response: HttpResponse;
  try {
    // Redirects are refused (the layer's default): they would resend the credentials somewhere we did not choose.
    response = await (deps.http ?? httpRequest)({
      url: profile.tokenUrl,
      method: 'POST',
      headers,
      body: form.toString(),
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.kind === 'too-large')
      throw new StintError('ERR_OAUTH2_RESPONSE_INVALID', `${where} answered with more than 64 KB`, { cause: error });
    throw new StintError('ERR_OAUTH2_UNREACHABLE', `${where} cannot be reached (${error.reason})`, { cause: error });
  }
  const text = response.text();
  const ok = response.status >= 200 && response.status <= 299;
  const body = parseJsonObject(text);
  if (!ok) {
    const error = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
    const description = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
    // The endpoint's words are passed on, with every form of our credentials blanked (src/mask).
    throw new StintError(
      'ERR_OAUTH2_TOKEN_REFUSED',
      redact(`${where} refused the client credentials grant: ${response.status} ${error}${description}`, secrets),
    );
  }
  const accessToken = body?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new StintError('ERR_OAUTH2_RESPONSE_INVALID', `${where} answered ${response.status} without an access_token`);
  }
  // Sent as it is in the Authorization header: a line break would start another header line.
  if (!/^[\x21-\x7e]+$/.test(accessToken)) {
    throw new StintError(
      'ERR_OAUTH2_RESPONSE_INVALID',
      `${where} answered ${response.status} with an access_token that cannot be sent in an Authorization header: it holds a space, a line break, a control character or a character outside printable ASCII`,
    );
  }
  const tokenType = body?.token_type;
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw new StintError(
      'ERR_OAUTH2_RESPONSE_INVALID',
      `${where} issued a token of type ${JSON.stringify(tokenType ?? null)}; only Bearer tokens can be sent`,
    );
  }
  const expiresIn =
    typeof body?.expires_in === 'number'
      ? body.expires_in
      : typeof body?.expires_in === 'string'
        ? Number(body.expires_in)
        : NaN;
  // Without expires_in we cannot know how long it lives, so it is used once and not cached.
  const reuseUntilMs =
    Number.isFinite(expiresIn) && expiresIn > 0 ? startedMs + expiresIn * 1000 - EXPIRY_MARGIN_MS : 0;
  return { accessToken, reuseUntilMs };
}

/** RFC 7523 §3 client assertion: iss = sub = client_id, aud = the token endpoint, one-time jti, short exp. */
async function clientAssertion(
  profile: Oauth2Profile,
  auth: Extract<Oauth2ClientAuth, { method: 'private_key_jwt' }>,
  deps: SignDeps,
): Promise<string> {
  const { SignJWT } = await import('jose');
  const nowSec = Math.floor(deps.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: auth.alg, typ: 'JWT', ...(auth.kid === undefined ? {} : { kid: auth.kid }) })
    .setIssuer(profile.clientId)
    .setSubject(profile.clientId)
    .setAudience(profile.tokenUrl)
    .setJti(deps.randomBytes(16).toString('base64url'))
    .setIssuedAt(nowSec)
    .setNotBefore(nowSec)
    .setExpirationTime(nowSec + ASSERTION_TTL_SEC)
    .sign(readPrivateKey(auth.key));
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
