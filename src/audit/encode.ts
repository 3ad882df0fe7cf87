import { hash } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditEvent, AuditValue } from './events.js';
import {
  assertNoSecrets,
  isSecretField,
  secretFieldError,
  secretIn,
  secretValueError,
  withholdPlainSecrets,
} from './secret-guard.js';

/** How an event is encoded (AuditLog.append's options). */
export interface EncodeOptions {
  /**
   * For events that quote what a caller sent (claims, a bad `aud`): a JWT or API key written
   * plainly in a string is replaced by a note that it was withheld (the whole string when it
   * holds a secret otherwise: encoded, a private key), and text over 512 characters is cut,
   * instead of refusing the event. A field *named* like a secret (`token`, …) still refuses it.
   */
  quoting?: boolean;
  /** Fields added to the event, each written in place of the event's own field of that name. */
  extra?: Readonly<Record<string, AuditValue>>;
}

/**
 * `options` with one more `extra` field: `first` puts it before the fields `options.extra` has
 * (which override it: a request's client address, unless the event's caller gave one), else
 * after them (it overrides theirs: the broker's instance). Each broker event passes two such
 * stamps, so they are built member by member: on Node 20 an object spread followed by more
 * members (`{ ...options, extra: { ...options?.extra, instance } }`) takes V8's slow path, 1-2 µs
 * each, where this takes tens of nanoseconds. Keeps `quoting`, the other option.
 *
 * @example
 * withExtraField({ quoting: true }, 'instance', 'b1', false) // { quoting: true, extra: { instance: 'b1' } }
 */
export function withExtraField(
  options: EncodeOptions | undefined,
  name: string,
  value: AuditValue,
  first: boolean,
): EncodeOptions {
  const extra: Record<string, AuditValue> = {};
  if (first) put(extra, name, value);
  const given = options?.extra;
  if (given !== undefined) for (const key of Object.keys(given)) put(extra, key, given[key] as AuditValue);
  if (!first) put(extra, name, value);
  return options?.quoting === undefined ? { extra } : { quoting: options.quoting, extra };
}

/**
 * Sets an own member, as a spread does: a plain assignment to `__proto__` (a name JSON.parse can
 * give) would set the object's prototype instead, and its members would stand in for the event's.
 */
function put(target: Record<string, AuditValue>, key: string, value: AuditValue): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * An event ready for the chain. The line shows its members in reading order; the hash is over
 * them sorted by name, with `seq` and `ts` (known only when the line is written) in between:
 * `{<beforeSeq>"seq":N,<betweenSeqAndTs>"ts":"…"<afterTs>}`.
 */
export interface EncodedEvent {
  /** The members as they go on the line, without braces: `"event":…,"request_id":…,…`. */
  fields: string;
  /** The canonical members whose names sort before `seq`, each followed by a comma. */
  beforeSeq: string;
  /** Those between `seq` and `ts`, each followed by a comma. */
  betweenSeqAndTs: string;
  /** Those after `ts`, each preceded by a comma. */
  afterTs: string;
}

/** Longest string kept in a quoted field; claims and reasons quoting them come from callers. */
const MAX_QUOTED_CHARS = 512;
/** Refuses lines this long: an audit event is a few hundred bytes; this one is a bug. */
export const MAX_LINE_BYTES = 64 * 1024;
const WITHHELD = '[withheld: the value looked like a secret]';
/** Stands for a token cut out of a longer value; no `:` or `/`, so a subject pattern's `*` still spans it. */
const WITHHELD_PART = '[withheld secret]';
/** The chain fields; an event may not set them. */
const RESERVED = ['seq', 'ts', 'prev', 'hash'] as const;
/**
 * Every line starts with these, in this order, and has each of them: `null` where an event has
 * none (a key rotation at start-up has no request), so a reader or a log shipper's schema sees
 * the same keys on every line.
 */
const LEADING_FIELDS = ['event', 'request_id', 'outcome', 'reason'] as const;
const LEADING = new Set<string>(LEADING_FIELDS);

/**
 * Checks an event and writes its line body and canonical form in one pass over its fields:
 * each string is scanned for secrets once and turned into JSON once, and that one text serves
 * both the line and the hash (a string, number, boolean or null is written the same in both).
 * Only a nested object or array is serialised twice (reading order, and sorted), and only one
 * holding values JSON would change (a Date, NaN, a hole) is parsed back, so what is hashed is
 * what a reader parses back from the line.
 *
 * Throws ERR_AUDIT_VALUE (no event name, a chain field set, over 64 KiB, a non-finite
 * number nested in an object) or ERR_AUDIT_SECRET (see `quoting`).
 *
 * @example
 * const encoded = encodeEvent({ event: 'key_rotated', outcome: 'success', kid });
 * encoded.fields // '"event":"key_rotated","request_id":null,"outcome":"success","reason":null,"kid":…'
 * lineHash(GENESIS_HASH, encoded, 1, '2026-05-01T00:00:00.000Z') // sha256 of 000…0\n{"event":…,"seq":1,"ts":"2026-…"}
 */
export function encodeEvent(event: AuditEvent, options: EncodeOptions = {}): EncodedEvent {
  if (event === null || typeof event !== 'object' || typeof event.event !== 'string' || event.event === '') {
    throw new StintError('ERR_AUDIT_VALUE', 'an audit event needs an `event` name');
  }
  const { quoting = false, extra } = options;
  for (const key of RESERVED) {
    if (Object.hasOwn(event, key) || (extra !== undefined && Object.hasOwn(extra, key)))
      throw new StintError('ERR_AUDIT_VALUE', `audit event field ${key} is set by the log itself`);
  }
  // Members in reading order: the leading fields (`null` where absent), then the rest as the
  // event has them, then `extra`. An empty text stands for a member JSON leaves out.
  const members: Member[] = [];
  for (const name of LEADING_FIELDS) members.push(encodeMember(name, extra?.[name] ?? event[name] ?? null, quoting));
  for (const name of Object.keys(event)) {
    if (LEADING.has(name) || (extra !== undefined && Object.hasOwn(extra, name))) continue;
    const value = event[name];
    if (value !== undefined) members.push(encodeMember(name, value, quoting));
  }
  if (extra !== undefined) {
    for (const name of Object.keys(extra)) {
      const value = extra[name];
      if (!LEADING.has(name) && value !== undefined) members.push(encodeMember(name, value, quoting));
    }
  }

  let fields = '';
  for (const { text } of members) if (text !== '') fields = fields === '' ? text : `${fields},${text}`;
  if (fields.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(fields) > MAX_LINE_BYTES)
    throw new StintError('ERR_AUDIT_VALUE', `audit event ${event.event} is over 64 KiB`);

  let beforeSeq = '';
  let betweenSeqAndTs = '';
  let afterTs = '';
  for (const i of sortedOrder(members)) {
    const { name, text, canonical = text } = members[i]!;
    if (canonical === '') continue;
    if (name.name < 'seq') beforeSeq += `${canonical},`;
    else if (name.name < 'ts') betweenSeqAndTs += `${canonical},`;
    else afterTs += `,${canonical}`;
  }
  return { fields, beforeSeq, betweenSeqAndTs, afterTs };
}

/**
 * The line's hash: SHA-256 hex over `prev`, a newline, and the canonical JSON of the line
 * without prev and hash, which is what chainHash computes from the line a reader parses back.
 */
export function lineHash(prev: string, encoded: EncodedEvent, seq: number, ts: string): string {
  return hash(
    'sha256',
    `${prev}\n{${encoded.beforeSeq}"seq":${seq},${encoded.betweenSeqAndTs}"ts":"${ts}"${encoded.afterTs}}`,
  );
}

/** A member's name, kept for the names events use: its `"name":` text and whether it only ever holds secrets. */
interface MemberName {
  name: string;
  /** `"name":`. */
  key: string;
  secret: boolean;
}

/** One member of an event: `"name":value` as on the line, and as hashed where that differs. */
interface Member {
  name: MemberName;
  /** Empty when JSON leaves the member out (a function). */
  text: string;
  /** The canonical text, when not `text` (a nested object: sorted, as a reader parses it back). */
  canonical?: string;
}

/**
 * Encodes one member as `"name":value` for the line and for the hash (canonical); an empty text
 * when JSON leaves the member out (a function).
 */
function encodeMember(field: string, value: unknown, quoting: boolean): Member {
  const name = memberName(field);
  if (value !== undefined && value !== null && name.secret) throw secretFieldError(field);
  let text: string | undefined;
  let canonicalText: string | undefined;
  switch (typeof value) {
    case 'string': {
      let kept = value;
      const what = secretIn(kept);
      if (what !== undefined) {
        if (!quoting) throw secretValueError(field, what);
        const cut = withholdPlainSecrets(kept, WITHHELD_PART);
        kept = cut === undefined || cut === WITHHELD_PART ? WITHHELD : cut;
        if (kept.length > MAX_QUOTED_CHARS) kept = `${kept.slice(0, MAX_QUOTED_CHARS)}…[cut]`;
      } else if (quoting && kept.length > MAX_QUOTED_CHARS) {
        kept = `${kept.slice(0, MAX_QUOTED_CHARS)}…[cut]`;
      }
      text = jsonString(kept);
      break;
    }
    case 'number':
      // A reader parses NaN and ±Infinity back as null (JSON writes them so).
      text = Number.isFinite(value) ? JSON.stringify(value) : 'null';
      break;
    case 'boolean':
      text = value ? 'true' : 'false';
      break;
    case 'object': {
      if (value === null) {
        text = 'null';
        break;
      }
      try {
        assertNoSecrets(value, field);
      } catch (error) {
        if (!quoting) throw error;
        text = JSON.stringify(WITHHELD);
        break;
      }
      text = JSON.stringify(value) as string | undefined;
      // A list of strings, finite numbers, booleans and nulls is canonical as JSON writes it.
      // Otherwise what is hashed is what a reader parses back (a Date becomes its string, NaN null).
      if (text !== undefined && !isFlatList(value))
        canonicalText = canonicalJson(isPlainJson(value) ? value : JSON.parse(text));
      break;
    }
    default:
      // A function or symbol: JSON leaves the member out. A bigint: JSON.stringify throws, as before.
      text = JSON.stringify(value) as string | undefined;
  }
  if (text === undefined) return { name, text: '' };
  return canonicalText === undefined
    ? { name, text: name.key + text }
    : { name, text: name.key + text, canonical: name.key + canonicalText };
}

/** Printable ASCII but `"` and `\`: JSON writes such a string as it is, between quotes. */
const JSON_AS_IS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * `JSON.stringify(text)`, the same text: an event's strings are mostly identifiers, names and
 * hashes that need no escaping, and a test of the characters costs half of what a call to
 * JSON.stringify does (some thirty per event).
 */
function jsonString(text: string): string {
  return JSON_AS_IS.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** An array (no holes) of strings, finite numbers, booleans and nulls: `rules`, `flags`. */
function isFlatList(value: object): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const type = typeof item;
    if (type === 'number' ? !Number.isFinite(item) : type !== 'string' && type !== 'boolean' && item !== null)
      return false;
  }
  return true;
}

const memberNames = new Map<string, MemberName>();

/** A member's name, kept for the few dozen names events use, so each is escaped and checked once. */
function memberName(name: string): MemberName {
  let known = memberNames.get(name);
  if (known === undefined) {
    known = { name, key: `${JSON.stringify(name)}:`, secret: isSecretField(name) };
    if (memberNames.size < 1024) memberNames.set(name, known);
  }
  return known;
}

/** Recent member-name lists and their sorted order: events of one kind have the same names in the same order. */
const orders: Array<{ names: MemberName[]; order: number[] }> = [];

/** The indices of `members` in sorted (UTF-16 code unit) order of their names, as canonicalJson sorts members. */
function sortedOrder(members: readonly Member[]): number[] {
  for (const known of orders) if (sameNames(known.names, members)) return known.order;
  const names = members.map((member) => member.name);
  const order = names
    .map((_, i) => i)
    .sort((a, b) => (names[a]!.name < names[b]!.name ? -1 : names[a]!.name > names[b]!.name ? 1 : 0));
  orders.unshift({ names, order });
  if (orders.length > 32) orders.pop();
  return order;
}

/** Whether the members have these names (the same kept names, compared by identity), in this order. */
function sameNames(names: readonly MemberName[], members: readonly Member[]): boolean {
  if (names.length !== members.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== members[i]!.name) return false;
  return true;
}

/**
 * Whether JSON.parse(JSON.stringify(value)) would give back an equal value: strings, finite
 * numbers, booleans, null, and arrays and plain objects of those (a Date, NaN, a hole or an
 * undefined array item would come back as something else).
 */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i])) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const member of Object.values(value)) if (member !== undefined && !isPlainJson(member)) return false;
      return !('toJSON' in value);
    }
    default:
      return false;
  }
}
