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
/** How many encodings deep the guard looks (base64 of base64 of a key, base64 of a JSON-escaped PEM key). */
const MAX_DEPTH = 2;
/**
 * Shorter text is not unescaped: a secret's percent-encoded, `\u`-escaped or UTF-16 spelling is
 * longer (16 characters of a stint key after its prefix are 25).
 */
const MIN_ESCAPED_TEXT = 25;
/** How much of a marker (below) is looked for: as many characters of it find it as well as all of it would. */
const MARKER_CHARS = 16;

type Encoding = 'base64' | 'hex';
interface Marker {
  encoding: Encoding;
  /** Where the marker starts inside a 4-character base64 group (a 2-character hex byte). */
  offset: number;
}

/**
 * What a secret's leading text looks like encoded, once or twice, so a value holding one is
 * decoded and checked again. The first layer: for base64 (and base64url, where they differ), the
 * characters the text always encodes to at a byte alignment inside a longer encoding (those of 4
 * or more); for hex, in lower and upper case, of the text and of its UTF-16 (either byte order).
 * `eyJ` (`{"`, a JWT's header) at alignment 0 and `.eyJ` (its payload) at each alignment find a
 * JWT wherever it starts; `stint_sk_` and `-----BEGIN` at each alignment (a key inside an encoded
 * JSON document, such as a cloud service account's key file). The second layer is each first-layer
 * marker encoded again the same ways (base64 at each alignment, hex in either case): base64 of
 * base64 of a key holds one, and decoding it gives text holding a first-layer marker. One
 * automaton finds all of them in one pass over the text, a table look-up per character: that is
 * what every long string without one pays, however many markers there are.
 */
const MARKERS = (() => {
  const markers = new Map<string, Marker>();
  /** The stable encodings of `bytes` at each alignment, added with their place in the group. */
  const add = (bytes: Buffer, alignments: readonly number[], into: Map<string, Marker>): void => {
    for (const align of alignments) {
      const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64');
      // Only the characters whose 6 bits all come from `bytes`.
      const offset = Math.ceil((8 * align) / 6);
      const marker = encoded.slice(offset, Math.floor((8 * (align + bytes.length)) / 6));
      if (marker.length < 4) continue;
      into.set(marker, { encoding: 'base64', offset });
      into.set(marker.replaceAll('+', '-').replaceAll('/', '_'), { encoding: 'base64', offset });
    }
    const hex = bytes.toString('hex');
    into.set(hex, { encoding: 'hex', offset: 0 });
    into.set(hex.toUpperCase(), { encoding: 'hex', offset: 0 });
  };
  const first = new Map<string, Marker>();
  const aligned: Array<[string, number[]]> = [
    ['eyJ', [0]],
    ['.eyJ', [0, 1, 2]],
    ['stint_sk_', [0, 1, 2]],
    ['-----BEGIN', [0, 1, 2]],
  ];
  for (const [text, alignments] of aligned) add(Buffer.from(text), alignments, first);
  for (const text of ['eyJ', 'stint_sk_', '-----BEGIN']) {
    const utf16 = Buffer.from(text, 'utf16le');
    for (const bytes of [utf16, Buffer.from(utf16).swap16()]) {
      first.set(bytes.toString('hex'), { encoding: 'hex', offset: 0 });
      first.set(bytes.toString('hex').toUpperCase(), { encoding: 'hex', offset: 0 });
    }
  }
  const firstKept = minimal(first);
  for (const marker of firstKept) markers.set(marker, first.get(marker)!);
  for (const marker of firstKept) add(Buffer.from(marker), [0, 1, 2], markers);
  const kept = minimal(markers);
  // The first 16 characters of a marker find it as well as all of it (a run holding them is only
  // decoded, not refused) and keep the automaton small.
  const seen = new Set<string>();
  return kept
    .map((text) => ({ ...markers.get(text)!, text: text.slice(0, MARKER_CHARS) }))
    .filter(({ text, encoding, offset }) => {
      const key = `${text} ${encoding} ${offset}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
})();

/** The automaton over MARKERS, built the first time a text is long enough to need it. */
let builtScanner: Scanner | undefined;
const markerScanner = (): Scanner => (builtScanner ??= scanner(MARKERS.map((marker) => marker.text)));

/**
 * The markers not holding another of the same encoding at the same place in its group (`uZXlK`
 * holds `ZXlK`): the shorter one finds the text, and decodes it the same way.
 */
function minimal(markers: ReadonlyMap<string, Marker>): string[] {
  const all = [...markers.keys()];
  const width = (m: Marker): number => (m.encoding === 'hex' ? 2 : 4);
  return all.filter((long) => {
    const outer = markers.get(long)!;
    return !all.some((short) => {
      if (short === long || short.length > long.length) return false;
      const inner = markers.get(short)!;
      if (inner.encoding !== outer.encoding) return false;
      for (let at = long.indexOf(short); at >= 0; at = long.indexOf(short, at + 1))
        if ((outer.offset + at) % width(outer) === inner.offset) return true;
      return false;
    });
  });
}

/**
 * An Aho-Corasick automaton over the markers: `next[state * classes + classOf[code]]` is the state
 * after a character, and `found[state]` the markers (their indices) ending there. Text is scanned
 * once, one look-up per character, whatever it holds; a character no marker has leads to state 0.
 */
interface Scanner {
  classOf: Uint8Array;
  classes: number;
  /** Each state's transitions, as the start of the next state's row (state × classes). */
  next: Uint32Array;
  found: ReadonlyArray<readonly number[]>;
  /** States from this one on have markers ending there. */
  firstFound: number;
}

function scanner(texts: readonly string[]): Scanner {
  // Every UTF-16 code unit has a class (0 for those no marker has), so the scan needs no test.
  const classOf = new Uint8Array(0x10000);
  let classes = 1;
  for (const text of texts) for (let i = 0; i < text.length; i++) classOf[text.charCodeAt(i)] ||= classes++;
  // The trie of the markers (0 is no child: the root is no one's), then each state's longest
  // proper suffix that is a state (`fail`), breadth first, so that each state's missing
  // transitions and its markers are taken from that suffix's.
  let states = 1;
  for (const text of texts) states += text.length;
  if (states > 0xffff) throw new Error('too many audit guard markers for a 16-bit automaton');
  const next = new Uint16Array(states * classes);
  const found: number[][] = [[]];
  texts.forEach((text, index) => {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const at = state * classes + classOf[text.charCodeAt(i)]!;
      if (next[at] === 0) {
        next[at] = found.length;
        found.push([]);
      }
      state = next[at]!;
    }
    found[state]!.push(index);
  });
  const fail = new Uint16Array(found.length);
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    if (state !== 0) found[state]!.push(...found[fail[state]!]!);
    for (let c = 1; c < classes; c++) {
      const to = next[state * classes + c]!;
      if (to === 0) {
        next[state * classes + c] = next[fail[state]! * classes + c]!;
        continue;
      }
      fail[to] = state === 0 ? 0 : next[fail[state]! * classes + c]!;
      queue.push(to);
    }
  }
  // Renumbered so that the states where a marker ends come last: the scan asks one comparison of
  // every other character.
  const order = [...found.keys()].sort((a, b) => Number(found[a]!.length > 0) - Number(found[b]!.length > 0));
  const renumbered = new Uint16Array(order.length);
  for (const [to, from] of order.entries()) renumbered[from] = to;
  const table = new Uint32Array(next.length);
  for (const [to, from] of order.entries())
    for (let c = 0; c < classes; c++) table[to * classes + c] = renumbered[next[from * classes + c]!]! * classes;
  return {
    classOf,
    classes,
    next: table,
    found: order.map((from) => found[from]!),
    firstFound: order.findIndex((from) => found[from]!.length > 0),
  };
}

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
      // A name is written as it comes too (claims quoted from a caller's token): it is checked
      // as a value, and the error names its parent, never the name itself.
      const named = secretIn(key);
      if (named !== undefined) throw secretValueError(`a member name of ${path || 'the event'}`, named);
      const field = path ? `${path}.${key}` : key;
      if (isSecretField(key) && member !== undefined && member !== null) throw secretFieldError(field);
      assertNoSecrets(member, field);
    }
  }
}

/**
 * `text` with each JWT and stint API key written plainly in it replaced by `note`, or undefined
 * when it still holds a secret after that (an encoded one, a private key), which the caller then
 * withholds whole. A subject or a ref that carries a token-shaped branch name so keeps the rest of
 * its text (`repo:acme/app:ref:refs/heads/[withheld secret]`), and queries on it still find the event.
 * Only plain matches are cut out: each lies wholly in its run of token characters, so no part of
 * the secret is left beside the note, and what is left is checked again as a whole.
 */
export function withholdPlainSecrets(text: string, note: string): string | undefined {
  let kept = text;
  if (kept.includes('eyJ')) kept = kept.replace(/[A-Za-z0-9_.-]+/g, (run) => (containsJwt(run) ? note : run));
  if (kept.includes('stint_sk_')) kept = kept.replace(/stint_sk_[A-Za-z0-9_-]*/g, note);
  return kept !== text && secretIn(kept) === undefined ? kept : undefined;
}

/**
 * What secret the text holds ('a JWT', 'a stint API key', 'a private key'), or undefined. The
 * audit log asks this of every string of every event it writes, once each.
 */
export function secretIn(text: string): string | undefined {
  return secretAt(text, 0);
}

function secretAt(text: string, depth: number, unescaped = false): string | undefined {
  if (containsJwt(text)) return 'a JWT';
  for (const [marker, pattern, what] of SECRET_PATTERNS) {
    if (text.includes(marker) && pattern.test(text)) return what;
  }
  // A secret percent-encoded (`%73%74…`), `\u`-escaped or in UTF-16 (hex of it decodes with a
  // NUL beside each character) is looked for again spelled plainly, and its encodings decoded.
  if (!unescaped && text.length >= MIN_ESCAPED_TEXT && mayBeEscaped(text) && ESCAPE.test(text)) {
    const what = secretAt(escapesDecoded(text), depth, true);
    if (what !== undefined) return what;
  }
  if (text.length < MIN_ENCODED_TEXT || depth >= MAX_DEPTH) return undefined;
  // Each run is decoded once at each alignment a marker in it shows, however many markers it
  // holds: a marker that only looks like one (a decoy before the encoded key) does not keep the
  // key's own alignment from being decoded. Most text holds no marker: the first scan says so,
  // and nothing more is made for it.
  const scan = new MarkerScan(text);
  const first = scan.next(0);
  if (first === text.length) return undefined;
  let checkedTo: Map<string, number> | undefined;
  for (let i = first; i < text.length; i = scan.next(i + 1)) {
    for (const index of scan.scanner.found[scan.state]!) {
      const { text: marker, encoding, offset } = MARKERS[index]!;
      const at = i + 1 - marker.length;
      const width = encoding === 'hex' ? 2 : 4;
      const alignment = `${encoding}${(((at - offset) % width) + width) % width}`;
      checkedTo ??= new Map();
      if (at < (checkedTo.get(alignment) ?? 0)) continue;
      const run = encodedRun(text, at, encoding === 'hex' ? HEX_CHAR : BASE64_CHAR);
      checkedTo.set(alignment, run.end);
      // Decoded from the run's first character in step with the marker's group, so the bytes
      // encoded before the secret decode too (a JWT's header before its payload's `.eyJ`).
      // Line breaks of a wrapped encoding are dropped; the marker's place is counted without them.
      const before = text.slice(run.start, at).replace(WRAP, '');
      const body = text.slice(run.start, run.end).replace(WRAP, '');
      const from = (((before.length - offset) % width) + width) % width;
      // Node decodes base64 and base64url alike.
      const decoded = Buffer.from(body.slice(from), encoding).toString('latin1');
      const what = secretAt(decoded, depth + 1);
      if (what !== undefined) return `${what} (${encoding === 'hex' ? 'hex' : 'base64'}-encoded)`;
    }
  }
  return undefined;
}

/** A scan of one text for markers, resumed after each one found. */
class MarkerScan {
  /** The automaton's state where the scan stopped. */
  state = 0;
  readonly scanner = markerScanner();
  constructor(private readonly text: string) {}

  /** The index of the next character from `i` on where a marker ends (`state` is then the state there), or the text's length. */
  next(i: number): number {
    const { text } = this;
    const { classOf, classes, next, firstFound } = this.scanner;
    // States are kept as their row's start in `next` (state × classes).
    let row = this.state * classes;
    const found = firstFound * classes;
    for (; i < text.length; i++) {
      row = next[row + classOf[text.charCodeAt(i)]!]!;
      if (row >= found) {
        this.state = row / classes;
        return i;
      }
    }
    this.state = 0;
    return text.length;
  }
}

/** Whether the text has a character every escape ESCAPE finds starts with (a cheaper question). */
function mayBeEscaped(text: string): boolean {
  return text.includes('%') || text.includes('\\') || text.includes('\0');
}

/** A percent-escape, a `\u` or `\x` escape (JSON-escaped again or not), or a NUL of UTF-16. */
const ESCAPE = /%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\0/;
const ESCAPES = /%[0-9A-Fa-f]{2}|\\+u[0-9A-Fa-f]{4}|\\+x[0-9A-Fa-f]{2}|\0/g;

/** The text with each escape ESCAPES finds replaced by its character (a NUL by nothing). */
function escapesDecoded(text: string): string {
  return text.replace(ESCAPES, (found) =>
    found === '\0' ? '' : String.fromCharCode(Number.parseInt(found.slice(found.includes('u') ? -4 : -2), 16)),
  );
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
