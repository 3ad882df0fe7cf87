import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devConfigYaml } from '../../src/broker/dev-config.js';
import { parseConfig } from '../../src/policy/index.js';
import { type CliRun, runCli } from '../helpers/cli.js';

/**
 * What a new operator meets first, through the BUILT CLI: each error says what to do next.
 */
let dir: string;

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PATH: process.env.PATH } });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-first-steps-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('an option a command does not have', () => {
  for (const command of ['serve', 'exchange', 'revoke', 'keys list', 'audit verify', 'audit query', 'policy test']) {
    it(`stint ${command} --bogus names the command's --help, exit 2`, async () => {
      // The message is node:util parseArgs's; stint adds where to look.
      const result = await stint([...command.split(' '), '--bogus']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      const [line, ...rest] = result.stderr.split('\n');
      expect(rest).toEqual(['']);
      expect(line).toMatch(/^stint: Unknown option '--bogus'/);
      expect(line?.endsWith(` (\`stint ${command} --help\` lists the options)`)).toBe(true);
    });
  }
});

describe.concurrent('stint keys run where there is no stint.yml', () => {
  for (const sub of ['list', 'rotate', 'list-api-keys']) {
    it(`stint keys ${sub}: says to give --config, exit 1, creates nothing`, async () => {
      const result = await stint(['keys', sub]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `stint: cannot read config file ${join(dir, 'stint.yml')}: ENOENT (give --config FILE: the broker's config, whose keys dir, store and audit log stint keys works on)\n`,
      );
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('a --config that does not exist is named as given, without the hint', async () => {
    const result = await stint(['keys', 'list', '--config', 'elsewhere.yml']);
    expect(readdirSync(dir)).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`stint: cannot read config file ${join(dir, 'elsewhere.yml')}: ENOENT\n`);
  });
});

describe('stint serve --help', () => {
  it('says --dev keeps its records in the embedded store under .stint/state, as docs/broker.md does', async () => {
    const result = await stint(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '--dev           no config: the embedded store in .stint/state, keys under .stint/keys',
    );
  });

  it('says what --dev trusts (a built-in GitHub-only policy, not examples/stint.yml) and how to use stint dev issuer', async () => {
    const result = await stint(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('the example policy');
    const dev = result.stdout.slice(result.stdout.indexOf('  --dev'), result.stdout.indexOf('  --help'));
    expect(dev.replace(/\s+/g, ' ')).toContain(
      "a built-in GitHub-only policy (not examples/stint.yml): project warehouse for acme/warehouse's main branch and production environment, trusting only GitHub's own issuer (https://token.actions.githubusercontent.com). Never for production. It does not trust `stint dev issuer`: to try a broker with that, put the providers: entry and trust rule the issuer prints in a stint.yml and run stint serve --config stint.yml",
    );
    // What it says is what the embedded default is.
    const { config } = parseConfig(devConfigYaml({ issuer: 'http://127.0.0.1:8080', cwd: dir }), '<embedded>');
    expect(Object.values(config.providers).map((p) => [p.kind, p.issuer])).toEqual([
      ['github', 'https://token.actions.githubusercontent.com'],
    ]);
    expect(Object.keys(config.projects)).toEqual(['warehouse']);
    expect(config.projects.warehouse!.trust.map((rule) => rule.subject)).toEqual([
      'repo:acme/warehouse:ref:refs/heads/main',
      'repo:acme/warehouse:environment:production',
    ]);
  });
});

describe('a Redis store whose password variable is not set', () => {
  it('stint keys list-api-keys says which variable and what to put in it, exit 1, no stack trace', async () => {
    const config = join(dir, 'redis.yml');
    writeFileSync(
      config,
      [
        'issuer: https://stint.test',
        'store: { url: "redis://127.0.0.1:1/0", password_env: STINT_TEST_REDIS_PASSWORD }',
        'providers: { github: { issuer: "https://token.actions.githubusercontent.com" } }',
        'projects: { w: { trust: [{ provider: github, subject: "repo:a/b:ref:refs/heads/main" }] } }',
        '',
      ].join('\n'),
    );
    try {
      const result = await stint(['keys', 'list-api-keys', '--config', config]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `stint: ${config}:2:${'store: { url: "redis://127.0.0.1:1/0", password_env: '.length + 1}: store.password_env names STINT_TEST_REDIS_PASSWORD, but that environment variable is not set; export it, holding the Redis password, where stint serve and stint keys run\n`,
      );
    } finally {
      rmSync(config);
    }
  });
});
