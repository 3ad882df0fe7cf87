import { createPrivateKey, type KeyObject } from 'node:crypto';
import { strictBase64Problem } from '../lib/strict-base64.js';
import {
  headerValueProblem,
  isPrintableAscii,
  isRecord,
  oneOf,
  optionalBoolean,
  optionalDuration,
  optionalHeaderName,
  optionalString,
  withoutTrailingNewline,
} from './fields.js';
import { standardWebhooksSecretProblem } from './hmac.js';
import {
  type BearerProfile,
  HMAC_FORMATS,
  type HmacProfile,
  HTTP_SIGNATURE_ALGS,
  type HttpSignatureAlg,
  type HttpSignatureProfile,
  JWT_ALGS,
  type JwtAlg,
  type JwtProfile,
  type ParseContext,
} from './types.js';

/**
 * Parsers for the profile types this module signs itself (oauth2 and mtls live in their own
 * files). Each validates everything it can up front, keys included, so a bad profile fails when
 * the action starts rather than at the first request.
 */

const GENERIC_ONLY = ['header', 'algorithm', 'encoding', 'prefix', 'timestamp_header'];

export function parseHmacProfile(raw: Record<string, unknown>, ctx: ParseContext): HmacProfile {
  const format = oneOf(ctx, raw, 'format', HMAC_FORMATS, 'generic');
  const secrets = ctx.secret('secret', raw);
  if (format !== 'generic') {
    for (const field of GENERIC_ONLY)
      if (raw[field] !== undefined) ctx.fail(field, `only for format generic (format ${format} fixes its own headers)`);
  }
  // The Standard Webhooks secret is base64 key material behind a `whsec_` prefix: strict base64
  // of at least 24 bytes, as verifyHmacWebhook and the standardwebhooks libraries read it.
  if (format === 'standard-webhooks')
    checkSecretValues(ctx, raw, ['secret'], secrets, (secret) =>
      secret.startsWith('whsec_')
        ? standardWebhooksSecretProblem(secret)
        : 'must be whsec_ followed by the base64 key (as the receiver shows it)',
    );
  const prefix = raw.prefix === undefined ? '' : (optionalString(ctx, raw, 'prefix') ?? '');
  // It starts the header value: a line break there would start another header line.
  if (!isPrintableAscii(prefix)) ctx.fail('prefix', 'must be printable ASCII (it starts the header value)');
  const timestampHeader = optionalHeaderName(ctx, raw, 'timestamp_header');
  ctx.allowOnly(raw, ['format', ...(format === 'generic' ? GENERIC_ONLY : [])]);
  return {
    type: 'hmac',
    name: ctx.profile,
    format,
    secrets,
    header: optionalHeaderName(ctx, raw, 'header') ?? 'X-Signature',
    algorithm: oneOf(ctx, raw, 'algorithm', ['sha256', 'sha512'] as const, 'sha256'),
    encoding: oneOf(ctx, raw, 'encoding', ['hex', 'base64'] as const, 'hex'),
    prefix,
    ...(timestampHeader === undefined ? {} : { timestampHeader }),
  };
}

/**
 * Fails on the first of `values`, the secrets read from one of the `fields` (as `field`, `fields`
 * or `field_env`), that `problem` finds wrong, saying where it came from (the variable, or which of
 * the list) and never the value.
 */
function checkSecretValues(
  ctx: ParseContext,
  raw: Record<string, unknown>,
  fields: readonly string[],
  values: readonly string[],
  problem: (value: string) => string | undefined,
): void {
  const given = fields
    .flatMap((field) => [field, `${field}s`, `${field}_env`])
    .find((key) => raw[key] !== undefined && raw[key] !== null);
  if (given === undefined) return;
  const envNames = given.endsWith('_env')
    ? typeof raw[given] === 'string'
      ? [raw[given] as string]
      : (raw[given] as string[])
    : undefined;
  values.forEach((value, i) => {
    const wrong = problem(value);
    if (wrong === undefined) return;
    const which =
      envNames !== undefined
        ? `environment variable ${envNames[i]} `
        : given.endsWith('s')
          ? `${given.slice(0, -1)} ${i + 1} of ${values.length} `
          : '';
    ctx.fail(given, `${which}${wrong}`);
  });
}

const DERIVED = ['@method', '@target-uri', '@authority', '@scheme', '@request-target', '@path', '@query'];
export const DEFAULT_COMPONENTS = ['@method', '@authority', '@path', 'content-digest'];

export function parseHttpSignatureProfile(raw: Record<string, unknown>, ctx: ParseContext): HttpSignatureProfile {
  const alg = oneOf(ctx, raw, 'alg', HTTP_SIGNATURE_ALGS);
  const keys = alg === 'hmac-sha256' ? symmetricKeys(ctx, raw) : privateKeys(ctx, raw, alg);
  for (const key of keys) checkHttpSignatureKey(ctx, alg, key);
  const keyEncoding = oneOf(ctx, raw, 'key_encoding', ['utf8', 'base64'] as const, 'utf8');
  if (raw.key_encoding !== undefined && alg !== 'hmac-sha256')
    ctx.fail('key_encoding', 'only for alg hmac-sha256 (other keys are PEM or JWK)');
  // Strict, as for Standard Webhooks: Buffer.from(…, 'base64') would skip what is not base64 and
  // sign with a shorter key than meant.
  if (keyEncoding === 'base64') {
    checkSecretValues(ctx, raw, ['key', 'secret'], keys, (key) => {
      const problem = strictBase64Problem(key);
      return problem === undefined ? undefined : `${problem}, which key_encoding: base64 requires`;
    });
  }
  const components = readComponents(ctx, raw);
  const expires = optionalDuration(ctx, raw, 'expires', { min: 1, max: 86400 });
  const label = optionalString(ctx, raw, 'label') ?? 'sig1';
  if (!/^[a-z*][a-z0-9_\-.*]*$/.test(label))
    ctx.fail('label', 'must be lowercase letters, digits, _, -, . or * (a structured-field key such as sig1)');
  const keyid = optionalString(ctx, raw, 'keyid');
  const tag = optionalString(ctx, raw, 'tag');
  for (const [field, value] of [
    ['keyid', keyid],
    ['tag', tag],
  ] as const) {
    if (value !== undefined && !isPrintableAscii(value)) ctx.fail(field, 'must be printable ASCII');
  }
  const profile: HttpSignatureProfile = {
    type: 'http-signature',
    name: ctx.profile,
    alg,
    keys,
    components,
    keyEncoding,
    label,
    nonce: optionalBoolean(ctx, raw, 'nonce', false),
    includeAlg: optionalBoolean(ctx, raw, 'include_alg', true),
    includeCreated: optionalBoolean(ctx, raw, 'include_created', true),
    digest: oneOf(ctx, raw, 'digest', ['sha-256', 'sha-512'] as const, 'sha-256'),
    ...(keyid === undefined ? {} : { keyid }),
    ...(expires === undefined ? {} : { expires }),
    ...(tag === undefined ? {} : { tag }),
  };
  ctx.allowOnly(raw, [
    'alg',
    'keyid',
    'components',
    'key_encoding',
    'expires',
    'label',
    'nonce',
    'include_alg',
    'include_created',
    'digest',
    'tag',
  ]);
  return profile;
}

function readComponents(ctx: ParseContext, raw: Record<string, unknown>): string[] {
  const value = raw.components;
  if (value === undefined || value === null) return DEFAULT_COMPONENTS;
  const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((c) => typeof c !== 'string')) {
    ctx.fail(
      'components',
      'must be a list (or space-separated string) of component names such as @method @authority @path content-digest',
    );
  }
  const seen = new Set<string>();
  for (const component of list as string[]) {
    const ok = component.startsWith('@') ? DERIVED.includes(component) : /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(component);
    if (!ok)
      ctx.fail(
        'components',
        `"${component}" is not allowed; use ${DERIVED.join(', ')} or a lowercase header field name`,
      );
    if (seen.has(component)) ctx.fail('components', `"${component}" is listed twice`);
    seen.add(component);
  }
  return list as string[];
}

/** Parses a PEM or JWK (JSON) private key. */
export function readPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('{'))
    return createPrivateKey({ key: JSON.parse(trimmed) as import('node:crypto').JsonWebKey, format: 'jwk' });
  return createPrivateKey(unfoldPem(trimmed));
}

/**
 * A PEM whose line breaks became spaces (`key: "${{ secrets.KEY }}"` in YAML folds them) or
 * `\r\n`, re-wrapped as OpenSSL wants it. Anything else is returned unchanged.
 */
export function unfoldPem(text: string): string {
  const match = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/.exec(text);
  if (match === null || /^(?:\r?\n[A-Za-z0-9+/=]{1,76})+\r?\n$/.test(match[2] ?? '')) return text;
  const body = (match[2] ?? '').trim();
  // Encrypted PKCS#1 keys carry "Proc-Type:" headers; leave those alone.
  if (body.includes(':')) return text;
  const base64 = body.replace(/\s+/g, '');
  return `-----BEGIN ${match[1]}-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${match[1]}-----\n`;
}

/**
 * A symmetric key (jwt HS256/384/512, http-signature hmac-sha256) is a shared secret, so it may be
 * given as a secret (`secret`, `secrets`, `secret_env`) as well as a key (`key`, `keys`,
 * `key_env`): DESIGN §4. Once, either way.
 */
function symmetricKeys(ctx: ParseContext, raw: Record<string, unknown>): string[] {
  const keys = ctx.optionalSecret('key', raw);
  const secrets = ctx.optionalSecret('secret', raw);
  if (keys.length > 0 && secrets.length > 0)
    ctx.fail('secret', 'the shared secret is given twice: keep either the key or the secret field');
  if (keys.length === 0 && secrets.length === 0)
    ctx.missing(
      'secret',
      ctx.origin === 'file'
        ? 'is required: give secret_env: VAR (the shared secret; key_env: VAR works too)'
        : 'is required: give secret: VALUE, secrets: [NEW, OLD] or secret_env: VAR (the shared secret)',
    );
  return keys.length > 0 ? keys : secrets;
}

/** An asymmetric algorithm signs with a private key, never with a `secret`. */
function privateKeys(ctx: ParseContext, raw: Record<string, unknown>, alg: string): string[] {
  for (const field of ['secret', 'secrets', 'secret_env'])
    if (raw[field] !== undefined)
      ctx.fail(field, `${alg} signs with a private key: give it as key${ctx.origin === 'file' ? '_env' : ''}`);
  return ctx.secret('key', raw);
}

function keyKind(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? 'unknown';
  if (type === 'ec') return `ec ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
  return type;
}

function expectKey(ctx: ParseContext, text: string, wanted: string[], algName: string): void {
  let key: KeyObject;
  try {
    key = readPrivateKey(text);
  } catch {
    // The parse error could quote key bytes; say only what is wrong.
    ctx.fail('key', `must be a PEM (PKCS#8, PKCS#1 or SEC1) or JWK private key for ${algName}`);
  }
  if (!wanted.includes(keyKind(key)))
    ctx.fail('key', `${algName} needs a ${wanted.join(' or ')} private key, got ${keyKind(key)}`);
}

function checkHttpSignatureKey(ctx: ParseContext, alg: HttpSignatureAlg, key: string): void {
  switch (alg) {
    case 'hmac-sha256':
      return;
    case 'ed25519':
      expectKey(ctx, key, ['ed25519'], alg);
      return;
    case 'ecdsa-p256-sha256':
      expectKey(ctx, key, ['ec prime256v1'], alg);
      return;
    case 'rsa-pss-sha512':
      expectKey(ctx, key, ['rsa', 'rsa-pss'], alg);
      return;
    case 'rsa-v1_5-sha256':
      expectKey(ctx, key, ['rsa'], alg);
      return;
  }
}

const JWT_KEY_KINDS: Record<JwtAlg, string[]> = {
  HS256: [],
  HS384: [],
  HS512: [],
  RS256: ['rsa'],
  RS384: ['rsa'],
  RS512: ['rsa'],
  PS256: ['rsa', 'rsa-pss'],
  ES256: ['ec prime256v1'],
  ES384: ['ec secp384r1'],
  EdDSA: ['ed25519'],
};
const RESERVED_CLAIMS = ['iat', 'exp', 'nbf', 'jti'];

export function parseJwtProfile(raw: Record<string, unknown>, ctx: ParseContext): JwtProfile {
  const alg = oneOf(ctx, raw, 'alg', JWT_ALGS);
  const kinds = JWT_KEY_KINDS[alg];
  const keys = kinds.length === 0 ? symmetricKeys(ctx, raw) : privateKeys(ctx, raw, alg);
  if (kinds.length > 0) for (const key of keys) expectKey(ctx, key, kinds, alg);
  const claims = raw.claims ?? {};
  if (!isRecord(claims)) ctx.fail('claims', 'must be a mapping of claim names to values (iss, sub, aud, custom)');
  for (const name of RESERVED_CLAIMS)
    if (name in claims) ctx.fail(`claims.${name}`, 'is set per request by stint (iat, exp from ttl, jti); remove it');
  for (const name of ['iss', 'sub'] as const) {
    if (claims[name] !== undefined && typeof claims[name] !== 'string') ctx.fail(`claims.${name}`, 'must be a string');
  }
  const aud = claims.aud;
  if (
    aud !== undefined &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
  ) {
    ctx.fail('claims.aud', 'must be a string or a list of strings');
  }
  const header = optionalHeaderName(ctx, raw, 'header') ?? 'Authorization';
  const kid = optionalString(ctx, raw, 'kid');
  ctx.allowOnly(raw, ['alg', 'kid', 'claims', 'ttl', 'header']);
  return {
    type: 'jwt',
    name: ctx.profile,
    alg,
    keys,
    claims,
    ttl: optionalDuration(ctx, raw, 'ttl', { min: 1, max: 3600 }) ?? 60,
    header,
    scheme: header.toLowerCase() === 'authorization' ? 'Bearer ' : '',
    ...(kid === undefined ? {} : { kid }),
  };
}

/**
 * A static credential (`token`, `tokens`, `token_env`), or without one the job's stint token from
 * `$STINT_TOKEN` (DESIGN §4). `source: stint` says the second on purpose; `source: static` insists
 * on the first.
 */
export function parseBearerProfile(raw: Record<string, unknown>, ctx: ParseContext): BearerProfile {
  // Sent as they are, in a header or the URL: one trailing newline dropped, anything else refused.
  const tokens = ctx.optionalSecret('token', raw).map(withoutTrailingNewline);
  checkSecretValues(ctx, raw, ['token'], tokens, headerValueProblem);
  const source = oneOf(ctx, raw, 'source', ['static', 'stint'] as const, tokens.length > 0 ? 'static' : 'stint');
  if (source === 'static' && tokens.length === 0) {
    ctx.missing(
      'token',
      ctx.origin === 'file'
        ? 'is required with source: static: give token_env: VAR (without source, the profile sends $STINT_TOKEN)'
        : 'is required with source: static: give token: VALUE or token_env: VAR (without source, the profile sends $STINT_TOKEN)',
    );
  }
  if (source === 'stint' && tokens.length > 0)
    ctx.fail('source', 'source: stint sends $STINT_TOKEN; remove the token field or the source');
  const query = optionalString(ctx, raw, 'query');
  if (query !== undefined && raw.header !== undefined) ctx.fail('query', 'give either header or query, not both');
  const header = optionalHeaderName(ctx, raw, 'header') ?? 'Authorization';
  ctx.allowOnly(raw, ['source', 'header', 'query']);
  return {
    type: 'bearer',
    name: ctx.profile,
    tokens,
    header,
    scheme: header.toLowerCase() === 'authorization' ? 'Bearer ' : '',
    ...(query === undefined ? {} : { query }),
  };
}
