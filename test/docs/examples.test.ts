import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseConfig } from '../../src/policy/config.js';
import { type CliRun, runCli } from '../helpers/cli.js';

const examples = resolve('examples');
/** The README and the pages under docs/, which it links to. */
const pages = [
  'README.md',
  ...readdirSync(resolve('docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const read = (file: string): string => readFileSync(resolve(file), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function policyCheck(file: string): Promise<CliRun> {
  return runCli(['policy', 'check', file]);
}

const all = files(examples)
  .map((file) => file.slice(examples.length + 1))
  .sort();
const configs = all.filter((file) => /^stint(\.[a-z]+)?\.yml$/u.test(file));
const yamls = all.filter((file) => /\.ya?ml$/u.test(file));

/** What keeps a markdown file's YAML blocks from being copied as they are: parse errors, and commands that YAML turned into mappings. */
function yamlBlockProblems(markdown: string): { blocks: number; problems: string[] } {
  const blocks = [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```/gmu)].map((m) => m[1]!);
  const problems: string[] = [];
  for (const block of blocks) {
    // GitHub replaces ${{ … }} before anything parses the YAML (the signing input included).
    const doc = parseDocument(block.replace(/\$\{\{[^}]*\}\}/gu, 'x'));
    for (const error of doc.errors.slice(0, 1))
      problems.push(`${error.message.split('\n')[0]}\n${block.slice(0, 200)}`);
    const walk = (node: unknown, key?: string): void => {
      if (Array.isArray(node)) {
        for (const item of node) {
          if (/^(before_|after_)?script$/u.test(key ?? '') && typeof item !== 'string' && !Array.isArray(item))
            problems.push(`${key} item is not a string: ${JSON.stringify(item)}`);
          walk(item);
        }
      } else if (node !== null && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (
            (k === 'run' || k === 'command') &&
            typeof v !== 'string' &&
            !(typeof v === 'object' && v !== null && 'command' in v)
          )
            problems.push(`${k} is not a string: ${JSON.stringify(v)}`);
          walk(v, k);
        }
      }
    };
    if (doc.errors.length === 0) walk(doc.toJS());
  }
  return { blocks: blocks.length, problems };
}

describe('code blocks of the README and docs/', () => {
  it('every yaml block parses, and its commands are strings', () => {
    const results = pages.map((page) => yamlBlockProblems(read(page)));
    expect(results.reduce((sum, result) => sum + result.blocks, 0)).toBeGreaterThan(15);
    expect(results.flatMap((result, index) => result.problems.map((problem) => `${pages[index]}: ${problem}`))).toEqual(
      [],
    );
  });

  it.each(readdirSync(resolve('recipes')).map((recipe) => `recipes/${recipe}/README.md`))(
    'every yaml block of %s parses, and its commands are strings',
    (file) => {
      const { blocks, problems } = yamlBlockProblems(readFileSync(resolve(file), 'utf8'));
      expect(blocks).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
  );
});

describe('links', () => {
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  const anchors = (markdown: string): Set<string> =>
    new Set(
      [...markdown.replace(/^```[\s\S]*?^```/gmu, '').matchAll(/^#{1,6} (.+)$/gmu)].map((m) =>
        m[1]!
          .replace(/\[([^\]]*)\]\([^)]*\)/gu, '$1')
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /gu, '-'),
      ),
    );

  it('every docs page a comment in src/ or test/ cites exists, with the anchor it names', () => {
    const cited = [...files(resolve('src')), ...files(resolve('test'))]
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [
        ...readFileSync(file, 'utf8').matchAll(/\b((?:docs\/[a-z-]+|deploy\/README|README)\.md)(?:#([a-z0-9_-]+))?/gu),
      ]);
    expect(cited.length).toBeGreaterThan(20);
    const broken = cited
      .filter(
        ([, page, anchor]) =>
          !existsSync(resolve(page!)) || (anchor !== undefined && !anchors(read(page!)).has(anchor)),
      )
      .map((m) => m[0]);
    expect(broken).toEqual([]);
  });

  it('docs/ holds the pages the README lists', () => {
    expect(pages.length).toBeGreaterThan(8);
    for (const page of pages.filter((p) => p !== 'README.md')) expect(read('README.md')).toContain(`(${page})`);
  });

  it.each([...pages, 'SECURITY.md'])('every #anchor and relative file link of %s resolves', (file) => {
    const text = read(file);
    const own = anchors(text);
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/gu)) {
      if (/^[a-z]+:/u.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      // Relative to the file that links, as GitHub resolves them.
      const linked = path ? resolve(dirname(resolve(file)), path) : undefined;
      if (linked !== undefined && !existsSync(linked)) {
        broken.push(target!);
        continue;
      }
      if (anchor && !(linked !== undefined ? anchors(readFileSync(linked, 'utf8')) : own).has(anchor))
        broken.push(target!);
    }
    expect(broken).toEqual([]);
  });
});

describe('examples/', () => {
  it('holds the broker configs and a workflow per CI that the README or docs/ link to', () => {
    expect(configs).toEqual(['stint.redis.yml', 'stint.tls.yml', 'stint.yml']);
    const linked = (file: string): boolean =>
      read('README.md').includes(`(examples/${file})`) ||
      pages.some((page) => read(page).includes(`(../examples/${file})`));
    for (const file of [
      'workflows/github.yml',
      'workflows/gitlab-ci.yml',
      'workflows/Jenkinsfile',
      'workflows/circleci.yml',
      'workflows/buildkite.yml',
    ]) {
      expect(all).toContain(file);
      expect(linked(file), file).toBe(true);
    }
    for (const file of configs) expect(linked(file), file).toBe(true);
  });

  it('every YAML file parses', () => {
    for (const file of yamls) {
      // GitLab's !reference is a custom tag: a warning for a generic parser, never an error.
      const doc = parseDocument(readFileSync(join(examples, file), 'utf8'));
      expect(doc.errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
      expect(doc.toJS(), file).toBeTypeOf('object');
    }
  });

  it('every command in a workflow is a string (an unquoted ": " would turn it into a mapping)', () => {
    const commands: unknown[] = [];
    const collect = (node: unknown, key?: string): void => {
      if (Array.isArray(node)) {
        if (key === 'script' || key === 'before_script') commands.push(...node);
        for (const item of node) collect(item);
      } else if (node !== null && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'run' || k === 'command')
            commands.push(
              typeof v === 'object' && v !== null && 'command' in v ? (v as { command: unknown }).command : v,
            );
          collect(v, k);
        }
      }
    };
    for (const file of yamls.filter((f) => f.startsWith('workflows/')))
      collect(parseDocument(readFileSync(join(examples, file), 'utf8')).toJS());
    expect(commands.length).toBeGreaterThan(5);
    // GitLab's `!reference [.stint, before_script]` reads as a list under a generic parser.
    expect(commands.filter((c) => typeof c !== 'string' && !Array.isArray(c))).toEqual([]);
  });

  it("docs/cli.md's policy explain example is what the built CLI prints for examples/deploy-claims.json", async () => {
    const block = /^\$ stint (policy explain --config examples\/stint\.yml [^\n]+)\n([\s\S]*?)^```/mu.exec(
      read('docs/cli.md'),
    );
    expect(block).not.toBeNull();
    const { code, stdout } = await runCli(block![1]!.split(' '));
    expect(code).toBe(1);
    // The doc leaves rules out (`…`) and cuts the reason short: every other line is printed, in order.
    let from = 0;
    for (const line of block![2]!.split('\n').filter((l) => l !== '' && l !== '…')) {
      const at = stdout.indexOf(line.replace(/, …$/u, ''), from);
      expect(at, line).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
  });

  it.each(configs)('%s passes stint policy check (built CLI) without warnings', async (file) => {
    const { code, stdout, stderr } = await policyCheck(join(examples, file));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/: OK \(.*, 0 warnings\)/u);
  });

  it.each(configs.filter((file) => file !== 'stint.yml'))(
    '%s, installed as /etc/stint/stint.yml, writes nothing beside it (keys, store state, audit log all elsewhere)',
    (file) => {
      // examples/stint.yml is the local one (.stint/ beside it on purpose); the others are for a
      // server, where the config's directory is read-only and a relative path resolves there.
      const { config, diagnostics } = parseConfig(readFileSync(join(examples, file), 'utf8'), '/etc/stint/stint.yml');
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const written = [
        config.keys.dir,
        config.audit.file,
        config.store.kind === 'memory' ? config.store.dir : undefined,
      ];
      for (const path of written) if (path !== undefined) expect(path, file).not.toMatch(/^\/etc\/stint\//u);
    },
  );

  it('the GitHub workflow uses only inputs action.yml declares, and docs/action.md lists every input and output', () => {
    const action = parseDocument(readFileSync(resolve('action.yml'), 'utf8')).toJS() as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const workflow = parseDocument(readFileSync(join(examples, 'workflows/github.yml'), 'utf8')).toJS() as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.uses?.endsWith('/stint@v1'));
    expect(step).toBeDefined();
    for (const input of Object.keys(step!.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    const actionDocs = read('docs/action.md');
    const documented = (heading: string): string[] =>
      [
        ...actionDocs
          .split(`\n## ${heading}\n`)[1]!
          .split('\n## ')[0]!
          .matchAll(/^\| ((?:`[a-z-]+`(?:, )?)+) \|/gmu),
      ].flatMap((m) => [...m[1]!.matchAll(/`([a-z-]+)`/gu)].map((n) => n[1]!));
    expect(documented('Inputs').sort()).toEqual(Object.keys(action.inputs).sort());
    expect(documented('Outputs').sort()).toEqual(Object.keys(action.outputs).sort());
  });
});
