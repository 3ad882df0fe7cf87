import { StintError } from '../lib/errors.js';

/**
 * Defence in depth: callers put fingerprints and jtis in audit events, never secrets. If a bug
 * ever hands the log a token, an API key or a private key, the write is refused instead of
 * persisting the secret for as long as the log is kept.
 */
const SECRET_PATTERNS: ReadonlyArray<[string, RegExp, string]> = [
  // [text every match contains, the pattern, what it is]: `includes` is checked first because
  // every string of every audit event passes through here, and almost none match.
  // Each pattern needs the secret itself, not only its prefix or armour: the broker's own
  // sentences name them ("needs … Authorization: Bearer stint_sk_…"), and a guard that refused
  // those would withhold every such event's reason. A key is `stint_sk_<16 hex>_<43 base64url>`:
  // 16 key characters are refused (a key cut short is still most of a secret); a sentence has none.
  ['stint_sk_', /stint_sk_[A-Za-z0-9_-]{16}/, 'a stint API key'],
  // A PEM body starts on the line after its armour.
  ['PRIVATE KEY-----', /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{4}/, 'a private key'],
];

/** Field names that only ever hold secrets. */
const SECRET_FIELDS = new Set([
  'token',
  'access_token',
  'id_token',
  'subject_token',
  'refresh_token',
  'client_secret',
  'secret',
  'password',
  'api_key',
  'private_key',
  'authorization',
]);

/**
 * Throws `ERR_AUDIT_SECRET` naming the field (never the value) when any field, at any depth,
 * looks like a secret.
 */
export function assertNoSecrets(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    const what = secretIn(value);
    if (what !== undefined) throw secretValueError(path, what);
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) assertNoSecrets(item, `${path}[${index}]`);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (isSecretField(key) && member !== undefined && member !== null) throw secretFieldError(field);
      assertNoSecrets(member, field);
    }
  }
}

/**
 * What secret the text holds ('a JWT', 'a stint API key', 'a private key'), or undefined. The
 * audit log asks this of every string of every event it writes, once each.
 */
export function secretIn(text: string): string | undefined {
  if (containsJwt(text)) return 'a JWT';
  for (const [marker, pattern, what] of SECRET_PATTERNS) {
    if (text.includes(marker) && pattern.test(text)) return what;
  }
  return undefined;
}

/** Whether a field of this name only ever holds secrets (`token`, `client_secret`, …, in any case). */
export function isSecretField(name: string): boolean {
  return SECRET_FIELDS.has(name) || SECRET_FIELDS.has(name.toLowerCase());
}

export function secretValueError(field: string, what: string): StintError {
  return new StintError(
    'ERR_AUDIT_SECRET',
    `refusing to write audit field ${field || '(value)'}: it looks like ${what}; audit a fingerprint instead`,
  );
}

export function secretFieldError(field: string): StintError {
  return new StintError(
    'ERR_AUDIT_SECRET',
    `refusing to write audit field ${field}: that field name only holds secrets; audit a fingerprint instead`,
  );
}

/**
 * A signed JWT (JWS, or the first three parts of a JWE) in compact form anywhere in the text:
 * three base64url parts whose first decodes to a JSON object (`{"` encodes to `eyJ`). Text that
 * merely starts with `eyJ`, such as a branch name, is not refused unless it is one.
 */
function containsJwt(text: string): boolean {
  if (!text.includes('eyJ')) return false;
  for (const match of text.matchAll(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g)) {
    const header = match[0].slice(0, match[0].indexOf('.'));
    try {
      const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return true;
    } catch {
      // Not a JSON header: not a JWT.
    }
  }
  return false;
}
