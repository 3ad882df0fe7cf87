import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStintError } from '../../src/lib/errors.js';
import { ConfigError, formatDiagnostic, loadConfigFile, parseConfig, validateConfig } from '../../src/policy/index.js';
import { expectNoSecret } from '../helpers/secrets.js';

const here = dirname(fileURLToPath(import.meta.url));
const designExample = join(here, 'fixtures/design-example.yml');

/** A minimal valid config with `extra` spliced under projects.warehouse's first rule. */
function config(body: string): string {
  return `issuer: https://stint.example.com\nproviders:\n  github: {}\n${body}`;
}

function errorsOf(text: string, file = '/etc/stint/stint.yml'): string[] {
  return validateConfig(text, file)
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic);
}

describe('parseConfig', () => {
  it('reads fixtures/design-example.yml with its defaults filled in', () => {
    const { config: c, diagnostics } = parseConfig(readFileSync(designExample, 'utf8'), designExample);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(c.issuer).toBe('https://stint.example.com');
    expect(c.keys).toEqual({
      dir: resolve(here, 'fixtures/.stint/keys'),
      algorithm: 'EdDSA',
      rotate_every: 30 * 86400,
      grace: 7 * 86400,
    });
    expect(c.audit.file).toBe(resolve(here, 'fixtures/.stint/audit.jsonl'));
    expect(c.store).toEqual({ kind: 'memory', dir: resolve(here, 'fixtures/.stint/state') });
    expect(c.rate_limit).toEqual({ rps: 20, burst: 200 });
    expect(c.providers.github).toEqual({
      name: 'github',
      kind: 'github',
      issuer: 'https://token.actions.githubusercontent.com',
      audience: 'https://stint.example.com',
      algorithms: ['RS256'],
      allow_insecure: false,
    });
    expect(c.providers.gitlab?.audience).toBe('https://stint.example.com');
    const warehouse = c.projects.warehouse!;
    expect(warehouse).toMatchObject({
      name: 'warehouse',
      audience: 'https://api.warehouse.example.com',
      scopes: ['read', 'write', 'deploy'],
      ttl: 900,
      max_ttl: 3600,
    });
    expect(warehouse.trust.map((r) => [r.provider, r.scopes])).toEqual([
      ['github', ['read', 'write']],
      ['github', ['deploy']],
      ['gitlab', ['read', 'write', 'deploy']],
    ]);
    expect(warehouse.trust[0]).toMatchObject({
      index: 0,
      claims: { repository_owner_id: ['1234567'] },
      position: { file: designExample, line: 14, column: 9 },
    });
  });

  it('throws ERR_CONFIG_INVALID listing every error as file:line:column: message', () => {
    const text = config(
      `projects:\n  warehouse:\n    scopes: [read]\n    colour: blue\n    trust:\n      - provider: github\n        subjet: repo:acme/warehouse:ref:refs/heads/main\n`,
    );
    let thrown: unknown;
    try {
      parseConfig(text, 'stint.yml');
    } catch (error) {
      thrown = error;
    }
    expect(isStintError(thrown, 'ERR_CONFIG_INVALID')).toBe(true);
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message.split('\n')).toEqual([
      "stint.yml:7:5: unknown key 'colour' in projects.warehouse; allowed: audience, shared_audience, scopes, ttl, max_ttl, rate_limit, trust",
      "stint.yml:9:9: projects.warehouse.trust[0] needs a subject: the CI token's sub it trusts, e.g. repo:acme@1234567/warehouse@7654321:ref:refs/heads/main",
      "stint.yml:10:9: unknown key 'subjet' in projects.warehouse.trust[0] (did you mean 'subject'?); allowed: provider, subject, claims, scopes",
    ]);
    expect((thrown as ConfigError).diagnostics.map((d) => d.code)).toEqual([
      'ERR_POLICY_UNKNOWN_KEY',
      'ERR_POLICY_NO_SUBJECT',
      'ERR_POLICY_UNKNOWN_KEY',
    ]);
  });

  it('rejects subject "*" at its line and column', () => {
    const text = config(`projects:\n  warehouse:\n    trust:\n      - provider: github\n        subject: "*"\n`);
    expect(errorsOf(text)).toEqual([
      expect.stringMatching(
        /^\/etc\/stint\/stint\.yml:8:18: error: projects\.warehouse\.trust\[0\]: subject "\*" is only wildcards/,
      ),
    ]);
  });

  it('refuses a Redis password inside the URL and accepts password_env', () => {
    const base = `projects:\n  w:\n    trust: [{ provider: github, subject: "repo:acme@1/w@2:ref:refs/heads/main" }]\n`;
    const inline = errorsOf(config(`store: redis://:hunter2@redis.internal:6379/0\n${base}`));
    expect(inline).toHaveLength(1);
    expect(inline[0]).toMatch(
      /^\/etc\/stint\/stint\.yml:4:8: error: store has a password inside the URL; never put it in the file: .*password_env/,
    );
    expectNoSecret(inline, 'hunter2', 'the password in the URL');
    const { config: c } = parseConfig(
      config(`store: { url: rediss://redis.internal:6380/1, password_env: REDIS_PASSWORD }\n${base}`),
      'x.yml',
    );
    expect(c.store).toEqual({
      kind: 'redis',
      url: 'rediss://redis.internal:6380/1',
      password_env: 'REDIS_PASSWORD',
      password_env_at: `x.yml:4:${'store: { url: rediss://redis.internal:6380/1, password_env: '.length + 1}`,
    });
  });

  it('loads a file, and names one it cannot read', async () => {
    const { config: c } = await loadConfigFile(designExample);
    expect(Object.keys(c.projects)).toEqual(['warehouse']);
    await expect(loadConfigFile(join(here, 'fixtures/missing.yml'))).rejects.toMatchObject({
      code: 'ERR_CONFIG_NOT_FOUND',
      message: `cannot read config file ${join(here, 'fixtures/missing.yml')}: ENOENT`,
    });
  });

  it('suggests the pinned line with the IDs it already knows from claims', () => {
    const text = config(
      `projects:\n  w:\n    trust:\n      - provider: github\n        subject: repo:acme/warehouse:ref:refs/heads/main\n        claims: { repository_owner_id: "1234567" }\n`,
    );
    const [warning] = validateConfig(text, 's.yml').diagnostics;
    expect(warning).toMatchObject({
      severity: 'warning',
      code: 'WARN_SUBJECT_UNPINNED',
      position: { line: 8, column: 18 },
    });
    expect(warning?.message).toContain('pin it: repo:acme@1234567/warehouse@<repository id>:ref:refs/heads/main');
  });

  it('names a rule whose provider is not configured', () => {
    const text = config(
      `projects:\n  w:\n    trust:\n      - provider: gitlab\n        subject: project_path:acme/w:ref_type:branch:ref:main\n`,
    );
    const { diagnostics } = validateConfig(text, 's.yml');
    expect(diagnostics.map((d) => [d.code, d.position.line, d.position.column])).toEqual([
      ['ERR_POLICY_UNKNOWN_PROVIDER', 7, 19],
    ]);
  });
});
