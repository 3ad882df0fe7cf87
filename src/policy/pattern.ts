/**
 * A compiled subject or claim pattern. Patterns are exact strings except for two wildcards:
 * `*` matches within one segment (never `:` or `/`), `**` matches across `/` but never `:`.
 * A match is always anchored at both ends, and every other character is literal (no
 * alternation, no character classes, no `?`), so a pattern cannot match more than it shows.
 */
export interface Pattern {
  readonly source: string;
  /** True when the pattern has no wildcard and compares by equality. */
  readonly literal: boolean;
  test(value: string): boolean;
}

/**
 * Compiles a pattern once; `test` is then a string compare, or a walk of the value whose time is
 * at most linear in the value times the pattern, however many wildcards the pattern has.
 */
export function compilePattern(source: string): Pattern {
  return hasWildcard(source) ? new WildcardPattern(source) : new LiteralPattern(source);
}

class LiteralPattern implements Pattern {
  readonly literal = true;

  constructor(readonly source: string) {}

  test(value: string): boolean {
    return value === this.source;
  }
}

/**
 * A pattern with wildcards, matched without backtracking. A backtracking matcher (a RegExp)
 * takes time that grows as the value's length to the power of the number of `*` in one segment,
 * and a pattern is written by whoever may edit the config, the value by whoever names a branch.
 *
 * The value must start with the text before the first `*` and end with the text after the last
 * (two string compares that settle most values). What lies between is wildcards separated by
 * literal text: `W0 L1 W1 … Lk Wk`. Going left to right, it keeps every position where wildcard i
 * may start (ascending, each once); wildcard i reaches from such a start up to the first character
 * it may not cross (`:`, and `/` for `*`), and each occurrence of L(i+1) that begins within that
 * reach gives a start of wildcard i+1. Starts in one reach share it, so each character is looked
 * at once per wildcard: time linear in the value times the pattern, however the wildcards are
 * laid out. A run of two or more `*` is one `**`, as it always was.
 */
class WildcardPattern implements Pattern {
  readonly literal = false;
  private readonly prefix: string;
  private readonly suffix: string;
  /** Per wildcard, left to right: true for `**` (crosses `/`), false for `*`. */
  private readonly crossesSlash: boolean[] = [];
  /** `between[i]` is the literal text after wildcard i, before wildcard i+1 (never empty). */
  private readonly between: string[] = [];

  constructor(readonly source: string) {
    const first = source.indexOf('*');
    const last = source.lastIndexOf('*');
    this.prefix = source.slice(0, first);
    this.suffix = source.slice(last + 1);
    // `*a**b*` → ['', '*', 'a', '**', 'b', '*', '']: wildcards at odd indexes, text between at even.
    const parts = source.slice(first, last + 1).split(/(\*+)/);
    for (let i = 1; i < parts.length; i += 2) {
      this.crossesSlash.push(parts[i]!.length > 1);
      if (i + 1 < parts.length - 1) this.between.push(parts[i + 1]!);
    }
  }

  test(value: string): boolean {
    const start = this.prefix.length;
    const end = value.length - this.suffix.length;
    if (end < start || !value.startsWith(this.prefix) || !value.endsWith(this.suffix)) return false;
    // One wildcard (`refs/heads/*`, `release/**`), as most patterns: it must reach the end.
    if (this.between.length === 0) return reachOf(value, start, end, this.crossesSlash[0]!) === end;
    let starts = scratch(0, end - start + 1);
    let next = scratch(1, end - start + 1);
    starts[0] = start;
    let count = 1;
    for (let i = 0; i < this.between.length; i++) {
      const text = this.between[i]!;
      const wide = this.crossesSlash[i]!;
      let found = 0;
      // The reach of the current run of starts: those up to `reach` share it.
      let reach = -1;
      // The next occurrence of `text` not yet used, once looked for.
      let at = -1;
      for (let j = 0; j < count; j++) {
        const from = starts[j]!;
        if (from <= reach) continue;
        reach = reachOf(value, from, end, wide);
        if (at < from) at = value.indexOf(text, from);
        while (at !== -1 && at <= reach && at + text.length <= end) {
          next[found++] = at + text.length;
          at = value.indexOf(text, at + 1);
        }
        // No further occurrence fits before the suffix: later starts find none either.
        if (at === -1 || at + text.length > end) break;
      }
      if (found === 0) return false;
      const used = starts;
      starts = next;
      next = used;
      count = found;
    }
    // The last wildcard runs to the end from its latest start, or from none.
    return reachOf(value, starts[count - 1]!, end, this.crossesSlash[this.crossesSlash.length - 1]!) === end;
  }
}

const COLON = 0x3a;
const SLASH = 0x2f;

/** Where a wildcard starting at `from` must stop: the first `:` (or, for `*`, `/`) before `end`, else `end`. */
function reachOf(value: string, from: number, end: number, crossesSlash: boolean): number {
  for (let at = from; at < end; at++) {
    const code = value.charCodeAt(at);
    if (code === COLON || (code === SLASH && !crossesSlash)) return at;
  }
  return end;
}

/** Two position lists every match reuses (a match runs to its end before another starts). */
const scratchLists: Int32Array[] = [new Int32Array(256), new Int32Array(256)];

function scratch(index: 0 | 1, size: number): Int32Array {
  if (scratchLists[index]!.length < size) scratchLists[index] = new Int32Array(size);
  return scratchLists[index]!;
}

/** True when a pattern has nothing but wildcards and separators, e.g. `*`, `**`, `*:*` or `**:**`. */
export function isWildcardOnly(source: string): boolean {
  return source.replace(/[*:/@]/g, '') === '';
}

/** True when `source` has a `*` anywhere. */
export function hasWildcard(source: string): boolean {
  return source.includes('*');
}
