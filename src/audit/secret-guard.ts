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
  // A PEM body starts on the line after its armour. The armour's spaces may be URL-encoded
  // (`%20`, `+`); the line break may be a real one, JSON-escaped (`\n` as two characters, or
  // more backslashes when escaped twice) or URL-encoded (`%0A`), and the body's `+`, `/` and `=`
  // may be URL-encoded; a line break folded into spaces needs 16 body characters after it, so
  // a sentence quoting the armour is kept. `KEY-----` is in every spelling of the armour.
  [
    'KEY-----',
    /-----BEGIN(?: |%20|\+)(?:[A-Z0-9]+(?: |%20|\+))*PRIVATE(?: |%20|\+)KEY-----(?:(?:\r?\n|(?:\\+r)?\\+n|(?:%0D)?%0A)(?:[A-Za-z0-9+/=]|%2B|%2F|%3D){4}|[ \t]*[A-Za-z0-9+/=]{16})/i,
    'a private key',
  ],
];

/** Longest run of base64 or hex that is decoded to look for a secret inside (a PEM key in base64 is about 4 KiB). */
const MAX_ENCODED_RUN = 16 * 1024;
/**
 * Shorter text is not decoded: base64 of a JWT with a signature (43 characters for HS256 alone),
 * of a stint key (69 characters) or of a PEM key is longer.
 */
const MIN_ENCODED_TEXT = 48;
/** How many encodings deep the guard looks (base64 of a JSON-escaped PEM key is two). */
const MAX_DEPTH = 2;

/**
 * What a secret's leading text looks like encoded, so a value holding one is decoded and
 * checked again: for base64 (and base64url, where they differ), the characters the text always
 * encodes to at a byte alignment inside a longer encoding (those of 4 or more); for hex, in
 * lower and upper case. `eyJ` (`{"`, a JWT's header) at alignment 0 and `.eyJ` (its payload) at
 * each alignment find a JWT wherever it starts; `stint_sk_` and `-----BEGIN` at each alignment
 * (a key inside an encoded JSON document, such as a cloud service account's key file). One
 * regular expression finds any of them in one pass: that is what every long string without one
 * pays, and each marker added costs every such string.
 */
const { ENCODED_MARKER, MARKERS } = (() => {
  // Each marker, its encoding, and where it starts inside a 4-character base64 group (a
  // 2-character hex byte), so the run around it is decoded in step with the encoding.
  const markers = new Map<string, { encoding: 'base64' | 'hex'; offset: number }>();
  const base64: Array<[string, number[]]> = [
    ['eyJ', [0]],
    ['.eyJ', [0, 1, 2]],
    ['stint_sk_', [0, 1, 2]],
    ['-----BEGIN', [0, 1, 2]],
  ];
  for (const [text, alignments] of base64) {
    for (const align of alignments) {
      const encoded = Buffer.concat([Buffer.alloc(align), Buffer.from(text)]).toString('base64');
      // Only the characters whose 6 bits all come from `text`.
      const offset = Math.ceil((8 * align) / 6);
      const marker = encoded.slice(offset, Math.floor((8 * (align + text.length)) / 6));
      if (marker.length < 4) continue;
      markers.set(marker, { encoding: 'base64', offset });
      markers.set(marker.replaceAll('+', '-').replaceAll('/', '_'), { encoding: 'base64', offset });
    }
  }
  for (const text of ['eyJ', 'stint_sk_', '-----BEGIN']) {
    markers.set(Buffer.from(text).toString('hex'), { encoding: 'hex', offset: 0 });
    markers.set(Buffer.from(text).toString('hex').toUpperCase(), { encoding: 'hex', offset: 0 });
  }
  // A marker holding another (`uZXlK` holds `ZXlK`) is found by the shorter one.
  const all = [...markers.keys()];
  const kept = all.filter((m) => !all.some((other) => other !== m && m.includes(other)));
  const escaped = kept.map((m) => m.replace(/[+/]/g, (c) => `\\${c}`));
  return { ENCODED_MARKER: new RegExp(escaped.join('|')), MARKERS: markers };
})();

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
  return secretAt(text, 0);
}

function secretAt(text: string, depth: number): string | undefined {
  if (containsJwt(text)) return 'a JWT';
  for (const [marker, pattern, what] of SECRET_PATTERNS) {
    if (text.includes(marker) && pattern.test(text)) return what;
  }
  if (text.length < MIN_ENCODED_TEXT || depth >= MAX_DEPTH) return undefined;
  if (!ENCODED_MARKER.test(text)) return undefined;
  // Each run is decoded once, however many markers it holds.
  let checkedTo = 0;
  for (const match of text.matchAll(new RegExp(ENCODED_MARKER, 'g'))) {
    if (match.index < checkedTo) continue;
    const { encoding, offset } = MARKERS.get(match[0])!;
    const width = encoding === 'hex' ? 2 : 4;
    const run = encodedRun(text, match.index, encoding === 'hex' ? HEX_CHAR : BASE64_CHAR);
    checkedTo = run.end;
    // Decoded from the run's first character in step with the marker's group, so the bytes
    // encoded before the secret decode too (a JWT's header before its payload's `.eyJ`).
    // Line breaks of a wrapped encoding are dropped; the marker's place is counted without them.
    const before = text.slice(run.start, match.index).replace(WRAP, '');
    const body = text.slice(run.start, run.end).replace(WRAP, '');
    const from = (((before.length - offset) % width) + width) % width;
    // Node decodes base64 and base64url alike.
    const decoded = Buffer.from(body.slice(from), encoding).toString('latin1');
    const what = secretAt(decoded, depth + 1);
    if (what !== undefined) return `${what} (${encoding === 'hex' ? 'hex' : 'base64'}-encoded)`;
  }
  return undefined;
}

/** Base64 and base64url characters but `=`, which only ends an encoding (Node stops decoding at it). */
const BASE64_CHAR = /[A-Za-z0-9+/_-]/;
const HEX_CHAR = /[0-9A-Fa-f]/;

/** A line break inside a wrapped encoding (`base64` wraps at 76 columns, `openssl base64` at 64), raw or JSON-escaped. */
const WRAP = /\r?\n|\\r\\n|\\n/g;

/**
 * The run of encoding characters around `at`, at most MAX_ENCODED_RUN on each side of it (a
 * prefix such as `Basic ` or `token=` is not part of it), and the `=` padding after it. A base64
 * run goes on across a line break of a wrapped encoding.
 */
function encodedRun(text: string, at: number, char: RegExp): { start: number; end: number } {
  let start = at;
  for (;;) {
    while (start > 0 && at - start < MAX_ENCODED_RUN && char.test(text[start - 1]!)) start--;
    const wrap = /(?:\r?\n|\\r\\n|\\n)$/.exec(text.slice(Math.max(0, start - 4), start));
    if (
      char !== BASE64_CHAR ||
      wrap === null ||
      at - start >= MAX_ENCODED_RUN ||
      !char.test(text[start - wrap[0].length - 1] ?? '')
    )
      break;
    start -= wrap[0].length;
  }
  let end = at;
  for (;;) {
    while (end < text.length && end - at < MAX_ENCODED_RUN && char.test(text[end]!)) end++;
    const wrap = /^(?:\r?\n|\\r\\n|\\n)/.exec(text.slice(end, end + 4));
    if (
      char !== BASE64_CHAR ||
      wrap === null ||
      end - at >= MAX_ENCODED_RUN ||
      !char.test(text[end + wrap[0].length] ?? '')
    )
      break;
    end += wrap[0].length;
  }
  if (char === BASE64_CHAR) while (end < text.length && text[end] === '=') end++;
  return { start, end };
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
  for (const [run] of text.matchAll(/[A-Za-z0-9_.-]+/g)) {
    if (!run.includes('eyJ') || !run.includes('.')) continue;
    const parts = run.split('.');
    for (let i = 0; i + 2 < parts.length; i++) {
      const part = parts[i]!;
      const k = part.indexOf('eyJ');
      if (k < 0 || part.length - k < 7 || parts[i + 1] === '' || parts[i + 2] === '') continue;
      const json = Buffer.from(part.slice(k), 'base64url').toString('utf8');
      // A JSON object ends with '}': most candidates are ruled out without a throw.
      if (!json.trimEnd().endsWith('}')) continue;
      try {
        const parsed: unknown = JSON.parse(json);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return true;
      } catch {
        // Not a JSON header: not a JWT.
      }
    }
  }
  return false;
}
