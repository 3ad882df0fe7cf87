import { describe, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import {
  compilePattern,
  formatDiagnostic,
  formatDuration,
  parseDuration,
  subjectProblem,
} from '../../src/policy/index.js';

describe('parseDuration', () => {
  it.each([
    [90, 90],
    ['90', 90],
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['1h30m', 5400],
    ['30d', 2_592_000],
    [' 2m ', 120],
  ] as const)('%j is %d seconds', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });

  it.each([0, -5, 1.5, '0s', '', 'h', '15 minutes', '1m1h', '1w', '15M', 'NaN', '1e3'] as const)(
    'refuses %j with ERR_DURATION_INVALID',
    (input) => {
      let thrown: unknown;
      try {
        parseDuration(input);
      } catch (error) {
        thrown = error;
      }
      expect(isStintError(thrown, 'ERR_DURATION_INVALID')).toBe(true);
      expect((thrown as Error).message).toContain('e.g. 90, 90s, 15m, 1h, 30d');
    },
  );

  it('formats back to the shortest form', () => {
    expect([900, 5400, 86_400, 61].map(formatDuration)).toEqual(['15m', '1h30m', '1d', '1m1s']);
  });
});

describe('compilePattern', () => {
  it.each([
    ['refs/heads/main', 'refs/heads/main', true],
    ['refs/heads/main', 'refs/heads/mainx', false],
    ['refs/heads/main', 'xrefs/heads/main', false],
    ['refs/heads/*', 'refs/heads/dev', true],
    ['refs/heads/*', 'refs/heads/', true],
    ['refs/heads/*', 'refs/heads/a/b', false],
    ['refs/heads/*', 'refs/heads/a:b', false],
    ['refs/heads/**', 'refs/heads/a/b/c', true],
    ['refs/heads/**', 'refs/heads/a:b', false],
    ['v*.*', 'v1.2', true],
    ['v*.*', 'v12', false],
    ['a.b', 'aXb', false],
    ['a+', 'aa', false],
    ['(a|b)', 'a', false],
    ['(a|b)', '(a|b)', true],
    ['[ab]', 'a', false],
    ['a?', 'a', false],
    ['^a$', '^a$', true],
    ['a\\d', 'a\\d', true],
  ] as const)('%s against %s → %s', (pattern, value, matched) => {
    expect(compilePattern(pattern).test(value)).toBe(matched);
  });

  it('marks literal patterns', () => {
    expect(compilePattern('main').literal).toBe(true);
    expect(compilePattern('ma*').literal).toBe(false);
  });
});

describe('subjectProblem', () => {
  it('accepts a normal subject and refuses odd ones', () => {
    expect(subjectProblem('repo:acme/warehouse:ref:refs/heads/main')).toBeUndefined();
    expect(subjectProblem('a\tb')).toBe('subject contains a control character');
    expect(subjectProblem('a b')).toBe('subject contains whitespace');
    expect(subjectProblem('a\u00a0b')).toBe('subject contains whitespace');
    // Trojan Source isolates, Arabic letter mark, soft hyphen, Mongolian vowel separator, a
    // variation selector, a tag character and a Hangul filler: none shows, none is allowed.
    for (const hidden of ['\u202e', '\u2067', '\u061c', '\u00ad', '\u180e', '\ufe0f', '\u{e0041}', '\u3164']) {
      expect(subjectProblem(`repo:acme/w:ref:refs/heads/main${hidden}x`), JSON.stringify(hidden)).toBe(
        'subject contains an invisible formatting character',
      );
    }
    expect(subjectProblem('repo:acme/w:environment:prod-é-ü')).toBeUndefined();
    expect(subjectProblem('x'.repeat(255))).toBeUndefined();
    expect(subjectProblem('x'.repeat(256))).toBe('subject is 256 characters long (at most 255)');
    expect(subjectProblem('')).toBe('subject is empty');
  });
});

describe('formatDiagnostic', () => {
  it('writes file:line:column: severity: message', () => {
    expect(
      formatDiagnostic({
        severity: 'warning',
        code: 'WARN_SCOPE_DUPLICATE',
        message: 'm',
        position: { file: 'a.yml', line: 3, column: 7 },
      }),
    ).toBe('a.yml:3:7: warning: m');
  });
});
