import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { baseEnv, run } from './helpers.js';

/**
 * Every recipe's shell passes shellcheck (whole scripts and the snippets embedded in YAML and
 * Groovy, extracted as the CI would run them) and every YAML file parses without error.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const RECIPES = join(ROOT, 'recipes');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function yamlDocs(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  if (!Array.isArray(docs)) throw new Error(`${file}: not YAML documents`);
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${relative(ROOT, file)}: ${doc.errors[0]!.message}`);
  }
  return docs.map((doc) => doc.toJS());
}

async function shellcheck(name: string, shell: 'sh' | 'bash', text: string): Promise<void> {
  const result = await run('shellcheck', ['--shell', shell, '--format', 'gcc', '-'], { input: text, env: baseEnv() });
  expect(result.stdout + result.stderr, `shellcheck ${name}`).toBe('');
  expect(result.code, `shellcheck ${name}`).toBe(0);
}

describe('recipes lint', () => {
  const yamlFiles = filesUnder(RECIPES).filter((file) => /\.ya?ml$/.test(file));

  it('finds the recipes YAML', () => {
    expect(yamlFiles.map((file) => relative(RECIPES, file)).sort()).toEqual(
      expect.arrayContaining([
        'buildkite/example/pipeline.yml',
        'buildkite/plugin.yml',
        'circleci/orb.yml',
        'circleci/src/@orb.yml',
        'circleci/src/commands/exchange.yml',
        'circleci/src/commands/revoke.yml',
        'circleci/src/commands/sign.yml',
        'gitlab/example/.gitlab-ci.yml',
        'gitlab/templates/stint.yml',
      ]),
    );
  });

  it.each(
    filesUnder(RECIPES)
      .filter((file) => /\.ya?ml$/.test(file))
      .map((file) => [relative(ROOT, file), file]),
  )('%s parses', (_name, file) => {
    expect(yamlDocs(file).length).toBeGreaterThan(0);
  });

  it.each(
    [
      ...filesUnder(join(RECIPES, 'circleci/src/scripts')),
      join(RECIPES, 'buildkite/hooks/environment'),
      join(RECIPES, 'buildkite/hooks/pre-exit'),
    ].map((file) => [relative(ROOT, file), file]),
  )('shellcheck %s', async (name, file) => {
    await shellcheck(name, 'bash', readFileSync(file, 'utf8'));
  });

  it.each(
    [...filesUnder(join(RECIPES, 'buildkite/tests')), join(ROOT, 'test/recipes/bats/load.bash')].map((file) => [
      relative(ROOT, file),
      file,
    ]),
  )('shellcheck %s (the plugin-tester bats tests and their loader)', async (name, file) => {
    const result = await run('shellcheck', ['--format', 'gcc', file], { env: baseEnv() });
    expect(result.stdout + result.stderr, `shellcheck ${name}`).toBe('');
    expect(result.code).toBe(0);
  });

  it('shellcheck the packed orb commands', async () => {
    const [orb] = yamlDocs(join(RECIPES, 'circleci/orb.yml')) as Array<{
      commands: Record<string, { steps: Array<{ run: { command: string } }> }>;
    }>;
    const commands = Object.entries(orb!.commands);
    expect(commands.map(([name]) => name).sort()).toEqual(['exchange', 'revoke', 'sign']);
    for (const [name, command] of commands)
      await shellcheck(`orb command ${name}`, 'bash', command.steps[0]!.run.command);
  });

  it('shellcheck the GitLab before_script and after_script (as sh, the lowest common shell of GitLab images)', async () => {
    const docs = yamlDocs(join(RECIPES, 'gitlab/templates/stint.yml')) as Array<
      Record<string, { before_script?: string[]; after_script?: string[] }>
    >;
    const before = docs[1]!['.stint']!.before_script!.join('\n');
    expect(before).toContain('exchange --provider gitlab');
    await shellcheck('gitlab before_script', 'sh', before);
    const after = docs[1]!['.stint']!.after_script!.join('\n');
    expect(after).toContain('stint revoke');
    await shellcheck('gitlab after_script', 'sh', after);
  });

  it("shellcheck the GitLab catalog project's self-test (its own .gitlab-ci.yml, after the CLI function)", async () => {
    const [pipeline] = yamlDocs(join(RECIPES, 'gitlab/.gitlab-ci.yml')) as Array<{
      '.selftest': { dir: string; broker: string };
    }>;
    const cli = readFileSync(join(RECIPES, 'cli/stint-cli.sh'), 'utf8');
    await shellcheck(
      'gitlab catalog self-test',
      'sh',
      [cli, pipeline!['.selftest'].dir, pipeline!['.selftest'].broker].join('\n'),
    );
  });

  it('shellcheck recipes/cli/stint-cli.sh (the CLI function every recipe carries) as sh and bash', async () => {
    const text = readFileSync(join(RECIPES, 'cli/stint-cli.sh'), 'utf8');
    await shellcheck('stint-cli.sh as sh', 'sh', text);
    await shellcheck('stint-cli.sh as bash', 'bash', text);
  });

  it('shellcheck the Jenkins library sh scripts (the CLI resource, then each single-quoted block)', async () => {
    const source = readFileSync(join(RECIPES, 'jenkins/vars/stint.groovy'), 'utf8');
    const cli = readFileSync(join(RECIPES, 'jenkins/resources/stint/cli.sh'), 'utf8');
    const blocks = [...source.matchAll(/script: '#!\/bin\/sh\\n' \+ cli \+ '''([\s\S]*?)'''/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('exchange --provider jenkins');
    expect(blocks[1]).toContain('stint revoke');
    for (const [i, block] of blocks.entries()) await shellcheck(`jenkins sh ${i}`, 'sh', `#!/bin/sh\n${cli}${block}`);
  });
});
