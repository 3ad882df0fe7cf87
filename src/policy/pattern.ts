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

/** Compiles a pattern once; `test` is then a string compare or one anchored regex. */
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

class WildcardPattern implements Pattern {
  readonly literal = false;
  private readonly regex: RegExp;

  constructor(readonly source: string) {
    const body = source
      .split(/(\*+)/)
      .map((part) => {
        if (part === '') return '';
        if (part.startsWith('*')) return part.length === 1 ? '[^:/]*' : '[^:]*';
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    this.regex = new RegExp(`^${body}$`);
  }

  test(value: string): boolean {
    return this.regex.test(value);
  }
}

/** True when a pattern has nothing but wildcards and separators, e.g. `*`, `**`, `*:*` or `**:**`. */
export function isWildcardOnly(source: string): boolean {
  return source.replace(/[*:/@]/g, '') === '';
}

/** True when `source` has a `*` anywhere. */
export function hasWildcard(source: string): boolean {
  return source.includes('*');
}
