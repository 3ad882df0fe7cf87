/**
 * The quick YAML reader (issue 18 item 4: start-up with 100,000 rules) reads the plain YAML that
 * configs are written in without building parseDocument's syntax tree. It must never disagree
 * with parseDocument: for every text it reads, the nodes (values, sources, styles, offsets) and
 * line starts are parseDocument's, and the text has no YAML error; everything else it leaves to
 * parseDocument. Checked on every config in the repository and on thousands of mutated ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { validateConfig } from '../../src/policy/index.js';
import { readQuickYaml } from '../../src/policy/yaml-quick.js';

const ROOT = join(import.meta.dirname, '../..');
const CONFIGS = [
  'examples/stint.yml',
  'examples/stint.redis.yml',
  'examples/stint.tls.yml',
  'deploy/stint.yml',
  'test/policy/fixtures/design-example.yml',
  ...readdirSync(join(ROOT, 'examples/policy-tests')).map((f) => `examples/policy-tests/${f}`),
].map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

/** Everything of a node the config reader can see. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isScalar(node)) {
    const { value, source, type, format, range } = node as typeof node & { format?: string };
    return {
      value: typeof value === 'number' && Number.isNaN(value) ? 'NaN' : value,
      source,
      type,
      format,
      at: range?.[0],
    };
  }
  if (isMap(node))
    return { map: node.items.map((p) => [shape(p.key), shape(p.value)]), flow: !!node.flow, at: node.range?.[0] };
  if (isSeq(node)) return { seq: node.items.map(shape), flow: !!node.flow, at: node.range?.[0] };
  return { other: String(node) };
}

/** 'outside' when the quick reader leaves the text to parseDocument; else what parseDocument made of it. */
function agreement(text: string): 'outside' | { errors: string[]; same: boolean; lines: boolean } {
  const quick = readQuickYaml(text);
  if (quick === undefined) return 'outside';
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return {
    errors: doc.errors.map((e) => e.message),
    same: JSON.stringify(shape(quick.doc.contents)) === JSON.stringify(shape(doc.contents)),
    lines: JSON.stringify(quick.lines.lineStarts) === JSON.stringify(lines.lineStarts),
  };
}

const agrees = { errors: [], same: true, lines: true };

describe('readQuickYaml', () => {
  it.each(CONFIGS)('reads $path as parseDocument does', ({ text }) => {
    expect(agreement(text)).toEqual(agrees);
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['a plain scalar over two lines', 'a: x\n  y\n'],
    ['a flow collection over two lines', 'a: [x,\n  y]\n'],
    ['a backslash escape', 'a: "x\\ty"\n'],
    ['an empty value', 'a:\nb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key in a flow mapping', 'a: { b: 1, b: 2 }\n'],
    ['a tab', 'a:\t1\n'],
    ['a carriage return', 'a: 1\r\nb: 2\r\n'],
    ['a document marker', '---\na: 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['a trailing comma', 'a: [x, y, ]\n'],
    ['a key without a value in a flow mapping', 'a: { b }\n'],
    ['a byte-order mark', '\ufeffa: 1\n'],
    ['an indented root', '  a: 1\n'],
    ['a scalar root', 'a\n'],
    ['an empty document', '# nothing\n'],
  ])('leaves %s to parseDocument', (_what, text) => {
    expect(agreement(text)).toBe('outside');
  });

  it('agrees with parseDocument on every mutated config it reads, and reads most of them', () => {
    // Deterministic mutations: YAML's indicators, scalars of every core type, indentation and line changes.
    const pieces = [' ', '\n', ':', '-', '#', "'", '"', '{', '}', '[', ']', ',', '*', '&', '!', '|', '>', '?', '%'];
    pieces.push('@', '`', '0', '1.5', '0x1F', '0o7', 'true', 'null', '~', '.inf', '.NaN', '- ', ': ', ' #', "''");
    pieces.push('\\', 'a', '-1', '+1', '1e3', '.5', 'FALSE', 'Null', '<<', '---', '...', '\u00a0', 'é', '1_000');
    pieces.push('0b1', ': a', '{}', '[]', '{ a: b }', '[a, b]', '"x": ', ', ', 'y: z', '1.10', '0123');
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let read = 0;
    let left = 0;
    const disagreements: string[] = [];
    for (let round = 0; round < 4000; round++) {
      let text = CONFIGS[random(CONFIGS.length)]!.text;
      for (let change = 1 + random(3); change > 0; change--) {
        const at = random(text.length + 1);
        const lines = text.split('\n');
        const line = random(lines.length);
        switch (random(4)) {
          case 0:
            text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
            break;
          case 1:
            text = text.slice(0, at) + text.slice(at + 1 + random(3));
            break;
          case 2:
            lines.splice(line, 0, lines[random(lines.length)]!);
            text = lines.join('\n');
            break;
          default:
            lines[line] = (random(2) ? ' ' : '') + lines[line]!.slice(random(2));
            text = lines.join('\n');
        }
      }
      const found = agreement(text);
      if (found === 'outside') left++;
      else if (JSON.stringify(found) === JSON.stringify(agrees)) read++;
      else disagreements.push(`${JSON.stringify(text)}: ${JSON.stringify(found)}`);
    }
    expect(disagreements).toEqual([]);
    expect(read).toBeGreaterThan(1000);
    expect(left).toBeGreaterThan(1000);
  });
});

describe('validateConfig reads a config the same by either path', () => {
  // A tab in a trailing comment changes nothing in YAML but sends the text to parseDocument.
  const slow = (text: string) => `${text}#\t\n`;
  const head = 'issuer: https://stint.example.com\nproviders:\n  github: {}\n  gitlab: {}\n';
  const texts = [
    ...CONFIGS.filter(({ path }) => !path.startsWith('examples/policy-tests/') || path.endsWith('stint.yml')),
    {
      warnings: 4,
      path: 'warnings: unpinned subjects, a duplicate scope, an http issuer, a greedy wildcard',
      text: `issuer: http://stint.example.com/\nproviders:\n  github: {}\n  gitlab: {}\nprojects:\n  warehouse:\n    scopes: [read, write, read]\n    trust:\n      - { provider: github, subject: "repo:acme/warehouse:ref:refs/heads/main", scopes: [read] }\n      - provider: github\n        subject: 'repo:acme/*:ref:refs/tags/v*'\n        claims: { repository_owner_id: 1234567, event_name: [push, 'workflow_dispatch'], ref: 1.10 }\n      - { provider: gitlab, subject: "project_path:acme/**:ref_type:branch:ref:main" }\n`,
    },
    {
      path: 'numbers in every core form',
      text: `${head}projects:\n  w:\n    ttl: 0x3C\n    max_ttl: 0o7000\n    rate_limit: { rps: 1.5e1, burst: +20 }\n    trust:\n      - { provider: github, subject: "repo:acme@1/w@2:ref:refs/heads/main", claims: { run_attempt: [1, 01, 1.0, .5, -0] } }\n`,
    },
  ];
  it.each(texts)('$path', ({ text, warnings }: { text: string; warnings?: number }) => {
    expect(readQuickYaml(text)).toBeDefined();
    const { config, diagnostics } = validateConfig(text, 'stint.yml');
    expect(config).toBeDefined();
    expect(diagnostics.length).toBeGreaterThanOrEqual(warnings ?? 0);
    expect(JSON.stringify(validateConfig(text, 'stint.yml'))).toBe(
      JSON.stringify(validateConfig(slow(text), 'stint.yml')),
    );
    expect(readQuickYaml(slow(text))).toBeUndefined();
  });
});
