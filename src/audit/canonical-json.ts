import { hash } from 'node:crypto';
import { StintError } from '../lib/errors.js';

/**
 * Canonical JSON, so a line's hash does not depend on the order its fields were written in:
 * object members sorted by key (UTF-16 code units, JavaScript's default sort), no whitespace,
 * strings and numbers exactly as JSON.stringify writes them, array order kept, undefined
 * members left out. For the values the audit log holds (strings, integers, booleans, null,
 * arrays, objects) this is RFC 8785 (JCS). Non-finite numbers are refused.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new StintError('ERR_AUDIT_VALUE', 'audit values must be finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new StintError('ERR_AUDIT_VALUE', `audit values must be JSON, not ${typeof value}`);
}

/** The chain hash of a line: SHA-256 hex over `prev`, "\n", and the canonical JSON of the line without prev and hash. */
export function chainHash(prev: string, record: Record<string, unknown>): string {
  const { prev: _prev, hash: _hash, ...content } = record;
  return hash('sha256', `${prev}\n${canonicalJson(content)}`);
}

/**
 * The first member name that appears twice in one object of `text`, which must be valid JSON
 * (parse it first); undefined when every object's names are distinct. Names compare decoded,
 * so `"a"` and `"\u0061"` are the same member.
 *
 * @example
 * repeatedMember('{"outcome":"denied","outcome":"success"}') // 'outcome'
 */
export function repeatedMember(text: string): string | undefined {
  // One frame per open container: the names seen so far in an object, null for an array.
  const open: Array<Set<string> | null> = [];
  // Whether the next string in the innermost object is a member name (after `{` or `,`).
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const names = open.at(-1);
      if (expectName && names) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectName = true;
    } else if (c === '[') {
      open.push(null);
      expectName = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectName = false;
    } else if (c === ',') {
      expectName = open.at(-1) instanceof Set;
    }
  }
  return undefined;
}
