import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePolicy, parseConfig } from '../../src/policy/index.js';

const file = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/design-example.yml');
const policy = compilePolicy(parseConfig(readFileSync(file, 'utf8'), file).config);

const push = {
  sub: 'repo:acme/warehouse:ref:refs/heads/main',
  repository: 'acme/warehouse',
  repository_owner: 'acme',
  repository_owner_id: '1234567',
  repository_id: '7654321',
  ref: 'refs/heads/main',
  ref_type: 'branch',
  event_name: 'push',
};

describe('the policy of fixtures/design-example.yml', () => {
  it('grants a push to main the first rule scopes', () => {
    expect(policy.check('warehouse', 'github', push)).toMatchObject({
      ok: true,
      project: 'warehouse',
      scopes: ['read', 'write'],
      rules: [0],
      flags: [],
    });
  });

  it('denies another branch and tells the owner what to fix', () => {
    const decision = policy.check('warehouse', 'github', {
      ...push,
      sub: 'repo:acme/warehouse:ref:refs/heads/feature-x',
      ref: 'refs/heads/feature-x',
    });
    expect(decision).toMatchObject({
      ok: false,
      code: 'ERR_POLICY_DENIED',
      disclose: true,
      hint: 'ref refs/heads/feature-x is not allowed for project warehouse',
    });
  });

  it('gives a stranger a generic denial', () => {
    const decision = policy.check('warehouse', 'github', {
      ...push,
      sub: 'repo:evil/warehouse:ref:refs/heads/main',
      repository: 'evil/warehouse',
      repository_owner: 'evil',
      repository_owner_id: '666',
    });
    expect(decision).toMatchObject({
      ok: false,
      code: 'ERR_POLICY_DENIED',
      disclose: false,
      hint: 'repository evil/warehouse is not trusted by project warehouse',
    });
  });

  it('matches a GitLab main-branch pipeline', () => {
    const decision = policy.check('warehouse', 'gitlab', {
      sub: 'project_path:acme/warehouse:ref_type:branch:ref:main',
      project_path: 'acme/warehouse',
      ref: 'main',
      ref_type: 'branch',
    });
    expect(decision).toMatchObject({ ok: true, scopes: ['read', 'write', 'deploy'] });
  });

  it('finds the provider of an issuer', () => {
    expect(policy.providerForIssuer('https://gitlab.com')?.name).toBe('gitlab');
    expect(policy.providerForIssuer('https://gitlab.com/')).toBeUndefined();
  });
});
