/**
 * Issue 18 item 4: the broker finds the project a request's resource or audience names through
 * an index built once per config, and the config's duplicate keys are found with a
 * Set instead of yaml's pairwise comparison. These check the behaviour (what each name resolves
 * to, which duplicates are refused and where), not the timing: bench/scale.bench.ts measures that.
 */
import { describe, expect, it } from 'vitest';
import { projectFor, type TargetParameter } from '../../src/broker/target.js';
import { parseConfig, validateConfig } from '../../src/policy/index.js';

function config(projects: number, extra = ''): string {
  const lines = ['issuer: https://stint.example.com', 'providers:', '  github: {}', 'projects:'];
  for (let p = 0; p < projects; p++) {
    lines.push(
      `  svc${p}:`,
      ...(p % 2 === 0 ? [`    audience: https://svc${p}.example.com`] : []),
      '    trust:',
      `      - { provider: github, subject: "repo:acme@1/svc${p}@${100 + p}:ref:refs/heads/main" }`,
    );
  }
  return `${lines.join('\n')}\n${extra}`;
}

describe('the project a resource or audience names, in a large config', () => {
  const parsed = parseConfig(config(2_000), 'stint.yml').config;
  const named = (name: TargetParameter['name'], value: string) => projectFor(parsed, [{ name, value }]);

  it('resolves a name, an audience (exact or normalised) and stint:<project>; unknown names pass on', () => {
    expect(named('audience', 'svc1999')).toBe('svc1999');
    expect(named('resource', 'https://svc1998.example.com')).toBe('svc1998');
    expect(named('audience', 'HTTPS://SVC1998.example.com:443/')).toBe('svc1998');
    expect(named('audience', 'stint:svc1999')).toBe('svc1999');
    expect(named('audience', 'nope')).toBe('nope');
    expect(() => named('resource', 'https://svc1999.example.com')).toThrow(
      expect.objectContaining({ code: 'ERR_TARGET_UNKNOWN' }),
    );
  });

  it('a URL shared by two spellings of one audience needs the project beside it, and the answer names neither', () => {
    const shared = parseConfig(
      `issuer: https://stint.example.com
providers:
  github: {}
projects:
  b:
    audience: https://api.example.com/
    shared_audience: true
    trust: [{ provider: github, subject: "repo:acme@1/b@2:ref:refs/heads/main" }]
  a:
    audience: https://api.example.com
    shared_audience: true
    trust: [{ provider: github, subject: "repo:acme@1/a@3:ref:refs/heads/main" }]
`,
      'stint.yml',
    ).config;
    expect(() => projectFor(shared, [{ name: 'resource', value: 'https://api.example.com' }])).toThrow(
      expect.objectContaining({
        code: 'ERR_TARGET_AMBIGUOUS',
        message: expect.stringMatching(/^resource "https:\/\/api\.example\.com" is the audience of several projects /),
      }),
    );
    expect(
      projectFor(shared, [
        { name: 'resource', value: 'https://api.example.com' },
        { name: 'project', value: 'a' },
      ]),
    ).toBe('a');
  });
});

describe('duplicate keys in a large config', () => {
  it('refuses a project named twice, at the second, thousands of projects apart', () => {
    const text = config(3_000, '  svc17:\n    trust: []\n');
    const { config: parsed, diagnostics } = validateConfig(text, 'stint.yml');
    expect(parsed).toBeUndefined();
    const line = text.split('\n').indexOf('  svc17:', text.split('\n').indexOf('  svc2999:')) + 1;
    expect(diagnostics.map((d) => [d.code, d.message, d.position.line, d.position.column])).toEqual([
      [
        'ERR_CONFIG_INVALID',
        `YAML: Map keys must be unique: "svc17" is set again here (first at line ${text.split('\n').indexOf('  svc17:') + 1}); keep one`,
        line,
        3,
      ],
    ]);
  });

  it('refuses a repeated key in a flow map, and keeps keys that differ only in type apart', () => {
    const dup = validateConfig(
      `issuer: https://stint.example.com
providers: { github: {}, github: {} }
projects:
  w:
    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]
`,
      'stint.yml',
    );
    expect(dup.diagnostics.map((d) => [d.code, d.position.line, d.position.column])).toEqual([
      ['ERR_CONFIG_INVALID', 2, 26],
    ]);
    // 1 (a number) and "1" (a string) are different keys to YAML, as they are to yaml's own check.
    const distinct = validateConfig(
      `issuer: https://stint.example.com
providers:
  github: {}
projects:
  w:
    trust:
      - provider: github
        subject: "repo:a@1/b@2:pull_request"
        claims: { 1: "x", "1": "y" }
`,
      'stint.yml',
    );
    expect(distinct.diagnostics.filter((d) => d.message.includes('unique'))).toEqual([]);
  });
});
