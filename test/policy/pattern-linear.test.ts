import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePattern } from '../../src/policy/index.js';
import { CLI } from '../helpers/broker.js';

/**
 * The matcher patterns used before it was made linear: one anchored RegExp, `*` → `[^:/]*`, a run
 * of two or more `*` → `[^:]*`, everything else literal. Kept here only, as the reference the
 * new matcher must agree with: the semantics did not change, only the cost.
 */
function referenceTest(pattern: string, value: string): boolean {
  const body = pattern
    .split(/(\*+)/)
    .map((part) => {
      if (part === '') return '';
      if (part.startsWith('*')) return part.length === 1 ? '[^:/]*' : '[^:]*';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`).test(value);
}

/** A small seeded generator (mulberry32), so a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATTERN_UNITS = ['a', 'b', '-', '/', ':', '*', '*', '*', '**', '.', '(', '\\', 'é'];
const VALUE_UNITS = ['a', 'b', '-', '/', ':', '.', '(', '*', '\\', 'é', '\n'];

function pick<T>(next: () => number, from: readonly T[]): T {
  return from[Math.floor(next() * from.length)]!;
}

/** A value the pattern may well match: each wildcard replaced by a few units, some of them `/` or `:`. */
function instance(next: () => number, pattern: string): string {
  return pattern.replace(/\*+/g, () =>
    Array.from({ length: Math.floor(next() * 4) }, () => pick(next, ['a', '-', 'b', '/', ':'])).join(''),
  );
}

describe('compilePattern, without backtracking', () => {
  it('answers as the regular expression it replaces, on 40,000 generated patterns and values', () => {
    const next = random(20261206);
    let matched = 0;
    let refused = 0;
    const disagreements: string[] = [];
    for (let n = 0; n < 4_000; n++) {
      const source = Array.from({ length: 1 + Math.floor(next() * 10) }, () => pick(next, PATTERN_UNITS)).join('');
      const pattern = compilePattern(source);
      // One compiled pattern answers many values in a row, as it does for the rules that share it.
      for (let v = 0; v < 10; v++) {
        const value =
          v % 2 === 0
            ? instance(next, source)
            : Array.from({ length: Math.floor(next() * 12) }, () => pick(next, VALUE_UNITS)).join('');
        const want = referenceTest(source, value);
        const got = pattern.test(value);
        if (got !== want) disagreements.push(`${JSON.stringify(source)} against ${JSON.stringify(value)}: ${got}`);
        if (want) matched++;
        else refused++;
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    // Both answers are well represented, so the agreement is not all of one kind.
    expect(matched).toBeGreaterThan(5_000);
    expect(refused).toBeGreaterThan(5_000);
  });

  it('answers as the regular expression on the shapes policies use', () => {
    const cases: [string, string][] = [
      ['ref:refs/heads/*', 'ref:refs/heads/main'],
      ['ref:refs/heads/*', 'ref:refs/heads/feature/x'],
      ['ref:refs/heads/release/**', 'ref:refs/heads/release/1.2/hotfix'],
      ['ref:refs/heads/release/**', 'environment:production'],
      ['ref:refs/tags/v*.*.*', 'ref:refs/tags/v1.2.3'],
      ['ref:refs/tags/v*.*.*', 'ref:refs/tags/v1.2'],
      ['**/*-*/**', 'a/b/c-d/e'],
      ['**/*-*/**', 'a/b/c/d/e'],
      ['a***b', 'a/x/b'],
      ['a***b', 'a:b'],
      ['*:*', 'x:y'],
      ['*:*', 'x:y:z'],
      ['org/*/project/*/user/*/**', 'org/o/project/p/user/u/vcs-origin/github.com/acme/w/vcs-ref/refs/heads/main'],
      ['x*', 'y'],
      ['*x*x*', 'xx'],
      ['*x*x*', 'x'],
    ];
    for (const [source, value] of cases)
      expect(compilePattern(source).test(value), `${source} against ${value}`).toBe(referenceTest(source, value));
  });
});

describe('a policy with many `*` in one segment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stint-pattern-linear-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers `stint policy test` at once for a branch name crafted to make a backtracking matcher spin', async () => {
    // Five `*` in one segment: a backtracking matcher (the RegExp this replaced) tries every way
    // of splitting the branch's 210 dashes among them before it gives up, about (210/5)^5 / 5!
    // ways: about 30 s a comparison there, and a denial compares twice (the match, then the hint).
    writeFileSync(
      join(dir, 'stint.yml'),
      `issuer: https://stint.example.com
providers:
  github: {}
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/hotfix-*-*-*-*-*
        scopes: [read]
`,
    );
    const crafted = `hotfix-${'-'.repeat(210)}/x`;
    const denied = (name: string, branch: string) => `  - name: ${name}
    project: warehouse
    example: github
    claims: { sub: "repo:acme/warehouse:ref:refs/heads/${branch}", ref: "refs/heads/${branch}" }
    expect: { deny: ERR_POLICY_DENIED, hint: "is not allowed for project warehouse" }
`;
    writeFileSync(
      join(dir, 'cases.yml'),
      `config: stint.yml
cases:
${denied('a crafted branch is refused', crafted)}${denied('again, one dash fewer', crafted.slice(1))}${denied('and fewer still', crafted.slice(2))}  - name: a hotfix branch of five parts reads
    project: warehouse
    example: github
    claims: { sub: "repo:acme/warehouse:ref:refs/heads/hotfix-a-b-c-d-e", ref: refs/heads/hotfix-a-b-c-d-e }
    expect: { allow: [read] }
`,
    );
    // The ceiling is no timing claim: the CLI answers in a second or two even on a loaded
    // machine, while the backtracking matcher needs minutes for these three cases (it did: this
    // test timed out against it). The child is killed at the ceiling so a regression fails here.
    const run = await new Promise<{ code: number | string | null; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [CLI, 'policy', 'test', join(dir, 'cases.yml')],
        { cwd: dir, timeout: 60_000, killSignal: 'SIGKILL' },
        (error, stdout, stderr) =>
          done({ code: error === null ? 0 : (error.code ?? error.signal ?? null), stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('PASS: 4/4 cases passed');
    expect(run.code).toBe(0);
  }, 120_000);
});
