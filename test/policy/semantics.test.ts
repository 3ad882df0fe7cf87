import { describe, expect, it } from 'vitest';
import { compilePolicy, parseConfig, requestScopes } from '../../src/policy/index.js';
import type { Grant } from '../../src/policy/types.js';
import type { Claims } from '../../src/providers/types.js';

/**
 * Every case of docs/policy.md "Patterns" and "GitHub subjects, legacy and immutable", plus the traps users
 * hit with other tools, as one table over one policy.
 */
const policy = compilePolicy(
  parseConfig(
    `
issuer: https://stint.example.com
providers:
  github: {}
  ghes: { kind: github, issuer: https://ghe.example.com/_services/token }
  gitlab: {}
  buildkite: {}
projects:
  warehouse:
    scopes: [read, write, deploy]
    trust:
      - provider: github                                           # 0
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
        scopes: [read, write]
      - provider: github                                           # 1
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/tags/v*
        scopes: [read]
      - provider: github                                           # 2
        subject: repo:acme@1234567/warehouse@7654321:environment:production
        claims: { job_workflow_ref: acme/deploy/.github/workflows/deploy.yml@refs/heads/main }
        scopes: [deploy]
      - provider: github                                           # 3
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/release/**
        scopes: [read]
      - provider: github                                           # 4
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
        claims: { event_name: pull_request_target }
        scopes: [read]
  legacy:
    scopes: [read, write]
    trust:
      - provider: github                                           # 0: names only
        subject: repo:acme/legacy:ref:refs/heads/main
      - provider: github                                           # 1: any single-segment branch
        subject: repo:acme/legacy:ref:refs/heads/*
        scopes: [read]
      - provider: github                                           # 2: literal metacharacters
        subject: repo:acme/le.gacy:ref:refs/heads/(main|dev)
      - provider: github                                           # 3: pull requests, read only
        subject: repo:acme/legacy:pull_request
        scopes: [read]
      - provider: github                                           # 4: environment wildcard does not pin
        subject: repo:acme/legacy:environment:*
        scopes: [read]
  mirror:
    scopes: [read]
    trust:
      - provider: gitlab
        subject: project_path:acme/warehouse:ref_type:branch:ref:main
        claims: { project_id: 40517, ref_protected: [true] }
      - provider: buildkite
        subject: organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:*
        claims: { build_number: ["1*", "2*"] }
  enterprise:
    scopes: [read]
    trust:
      - provider: ghes                                             # owner open: allowed on a private issuer
        subject: repo:*/platform:ref:refs/heads/main
`,
    'semantics.yml',
  ).config,
);

const acme = {
  iss: 'https://token.actions.githubusercontent.com',
  repository_owner: 'acme',
  repository_owner_id: '1234567',
  event_name: 'push',
};
const warehouse = { ...acme, repository: 'acme/warehouse', repository_id: '7654321' };
const legacyRepo = { ...acme, repository: 'acme/legacy', repository_id: '555' };

type Expected =
  | { ok: true; scopes: string[]; rules?: number[]; flags?: string[] }
  | { ok: false; code: string; hint?: string; disclose?: boolean };

const cases: [string, string, string, Claims, Expected][] = [
  // Exact and anchored.
  [
    'legacy subject, pinned line, IDs agree',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/main' },
    { ok: true, scopes: ['read', 'write'], rules: [0] },
  ],
  [
    'immutable subject, pinned line',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main' },
    { ok: true, scopes: ['read', 'write'], rules: [0] },
  ],
  [
    'acme/warehouse-evil against acme/warehouse',
    'warehouse',
    'github',
    {
      ...warehouse,
      repository: 'acme/warehouse-evil',
      repository_id: '999',
      sub: 'repo:acme/warehouse-evil:ref:refs/heads/main',
    },
    {
      ok: false,
      code: 'ERR_POLICY_DENIED',
      hint: 'repository acme/warehouse-evil is not trusted by project warehouse',
      disclose: true,
    },
  ],
  [
    'evil/warehouse: a stranger gets no detail',
    'warehouse',
    'github',
    {
      ...warehouse,
      repository_owner: 'evil',
      repository_owner_id: '666',
      repository: 'evil/warehouse',
      sub: 'repo:evil/warehouse:ref:refs/heads/main',
    },
    { ok: false, code: 'ERR_POLICY_DENIED', disclose: false },
  ],
  [
    'evil/warehouse claiming acme IDs in an immutable subject still needs the names',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:evil@1234567/warehouse@7654321:ref:refs/heads/main' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    'deleted and recreated (legacy subject, new IDs) against a pinned line',
    'warehouse',
    'github',
    { ...warehouse, repository_id: '9999999', sub: 'repo:acme/warehouse:ref:refs/heads/main' },
    {
      ok: false,
      code: 'ERR_POLICY_DENIED',
      disclose: true,
      hint: 'repository acme/warehouse has ID 9999999, which is not the ID project warehouse trusts (was it deleted and recreated under the same name?)',
    },
  ],
  [
    'deleted and recreated (immutable subject, new IDs) against a pinned line',
    'warehouse',
    'github',
    { ...warehouse, repository_id: '9999999', sub: 'repo:acme@1234567/warehouse@9999999:ref:refs/heads/main' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    'owner recreated: new owner ID',
    'warehouse',
    'github',
    { ...warehouse, repository_owner_id: '7777777', sub: 'repo:acme/warehouse:ref:refs/heads/main' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    'legacy subject without the ID claims fails closed',
    'warehouse',
    'github',
    {
      ...warehouse,
      repository_id: undefined,
      repository_owner_id: undefined,
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
    },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    'names-only line matches the legacy form',
    'legacy',
    'github',
    { ...legacyRepo, sub: 'repo:acme/legacy:ref:refs/heads/main' },
    { ok: true, scopes: ['read', 'write'], rules: [0, 1] },
  ],
  [
    'names-only line matches the immutable form',
    'legacy',
    'github',
    { ...legacyRepo, sub: 'repo:acme@1234567/legacy@555:ref:refs/heads/main' },
    { ok: true, scopes: ['read', 'write'], rules: [0, 1] },
  ],
  [
    'names-only line is open to a recreated repository (hence the warning)',
    'legacy',
    'github',
    { ...legacyRepo, repository_id: '9', sub: 'repo:acme/legacy:ref:refs/heads/main' },
    { ok: true, scopes: ['read', 'write'] },
  ],

  // Wildcards.
  [
    '* within one segment',
    'legacy',
    'github',
    { ...legacyRepo, sub: 'repo:acme/legacy:ref:refs/heads/dev' },
    { ok: true, scopes: ['read'], rules: [1] },
  ],
  [
    '* does not cross /',
    'legacy',
    'github',
    { ...legacyRepo, sub: 'repo:acme/legacy:ref:refs/heads/feature/x' },
    { ok: false, code: 'ERR_POLICY_DENIED', hint: 'ref refs/heads/feature/x is not allowed for project legacy' },
  ],
  [
    '* does not cross :',
    'legacy',
    'github',
    { ...legacyRepo, sub: 'repo:acme/legacy:ref:refs/heads/a:b' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    '** crosses /',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/release/2026/q4' },
    { ok: true, scopes: ['read'], rules: [3] },
  ],
  [
    '** does not cross :',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/release/x:y' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    'regex metacharacters are literal: . is not any character',
    'legacy',
    'github',
    { ...legacyRepo, sub: 'repo:acme/leXgacy:ref:refs/heads/(main|dev)' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    'no alternation: (main|dev) matches only itself',
    'legacy',
    'github',
    { ...legacyRepo, sub: 'repo:acme/le.gacy:ref:refs/heads/(main|dev)' },
    { ok: true, scopes: ['read', 'write'], rules: [2] },
  ],
  [
    'anchored at the end: no suffix',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/main-old' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],

  // Tags vs branches.
  [
    'a tag v1.2.3',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/tags/v1.2.3' },
    { ok: true, scopes: ['read'], rules: [1] },
  ],
  [
    'a branch named v1.2.3 is not a tag',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/v1.2.3' },
    { ok: false, code: 'ERR_POLICY_DENIED', hint: 'ref refs/heads/v1.2.3 is not allowed for project warehouse' },
  ],

  // Pull requests.
  [
    'pull_request subject is its own context',
    'legacy',
    'github',
    { ...legacyRepo, event_name: 'pull_request', sub: 'repo:acme/legacy:pull_request' },
    { ok: true, scopes: ['read'], rules: [3] },
  ],
  [
    'pull requests where no rule allows them',
    'warehouse',
    'github',
    { ...warehouse, event_name: 'pull_request', sub: 'repo:acme/warehouse:pull_request' },
    { ok: false, code: 'ERR_POLICY_DENIED', hint: 'pull requests are not allowed for project warehouse' },
  ],
  [
    'pull_request_target is denied unless a rule names it',
    'legacy',
    'github',
    { ...legacyRepo, event_name: 'pull_request_target', sub: 'repo:acme/legacy:ref:refs/heads/main' },
    {
      ok: false,
      code: 'ERR_POLICY_DENIED',
      hint: 'pull_request_target runs are not allowed for project legacy unless a trust rule names event_name: pull_request_target',
    },
  ],
  [
    'pull_request_target allowed by the rule that names it, and only that one',
    'warehouse',
    'github',
    { ...warehouse, event_name: 'pull_request_target', sub: 'repo:acme/warehouse:ref:refs/heads/main' },
    { ok: true, scopes: ['read'], rules: [4] },
  ],

  // Environments and reusable workflows.
  [
    'production through the reviewed reusable workflow',
    'warehouse',
    'github',
    {
      ...warehouse,
      environment: 'production',
      job_workflow_ref: 'acme/deploy/.github/workflows/deploy.yml@refs/heads/main',
      sub: 'repo:acme/warehouse:environment:production',
    },
    { ok: true, scopes: ['deploy'], rules: [2], flags: [] },
  ],
  [
    'production through the workflow at another ref',
    'warehouse',
    'github',
    {
      ...warehouse,
      environment: 'production',
      job_workflow_ref: 'acme/deploy/.github/workflows/deploy.yml@refs/heads/dev',
      sub: 'repo:acme/warehouse:environment:production',
    },
    {
      ok: false,
      code: 'ERR_POLICY_DENIED',
      hint: 'job_workflow_ref acme/deploy/.github/workflows/deploy.yml@refs/heads/dev is not allowed for project warehouse',
    },
  ],
  [
    'production without a job_workflow_ref claim',
    'warehouse',
    'github',
    { ...warehouse, environment: 'production', sub: 'repo:acme/warehouse:environment:production' },
    { ok: false, code: 'ERR_POLICY_DENIED', hint: 'job_workflow_ref (missing) is not allowed for project warehouse' },
  ],
  [
    'staging environment',
    'warehouse',
    'github',
    { ...warehouse, environment: 'staging', sub: 'repo:acme/warehouse:environment:staging' },
    { ok: false, code: 'ERR_POLICY_DENIED', hint: 'environment staging is not allowed for project warehouse' },
  ],
  [
    'environment:* accepts but does not pin: flagged',
    'legacy',
    'github',
    { ...legacyRepo, environment: 'qa', sub: 'repo:acme/legacy:environment:qa' },
    { ok: true, scopes: ['read'], rules: [4], flags: ['environment_unpinned'] },
  ],
  [
    'GitLab job in an environment under a rule that does not pin it: flagged',
    'mirror',
    'gitlab',
    {
      sub: 'project_path:acme/warehouse:ref_type:branch:ref:main',
      project_path: 'acme/warehouse',
      project_id: '40517',
      ref_protected: 'true',
      environment: 'production',
    },
    { ok: true, scopes: ['read'], flags: ['environment_unpinned'] },
  ],

  // Claim values: lists, numbers, booleans compared as strings.
  [
    'GitLab: numeric rule value against a string claim',
    'mirror',
    'gitlab',
    {
      sub: 'project_path:acme/warehouse:ref_type:branch:ref:main',
      project_path: 'acme/warehouse',
      project_id: '40517',
      ref_protected: 'true',
    },
    { ok: true, scopes: ['read'], flags: [] },
  ],
  [
    'GitLab: unprotected ref',
    'mirror',
    'gitlab',
    {
      sub: 'project_path:acme/warehouse:ref_type:branch:ref:main',
      project_path: 'acme/warehouse',
      project_id: '40517',
      ref_protected: 'false',
    },
    { ok: false, code: 'ERR_POLICY_DENIED', hint: 'ref_protected false is not allowed for project mirror' },
  ],
  [
    'Buildkite: numeric build_number matched by a pattern in a list',
    'mirror',
    'buildkite',
    {
      sub: 'organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:abc:step:deploy',
      organization_slug: 'acme',
      pipeline_slug: 'warehouse',
      build_number: 2045,
    },
    { ok: true, scopes: ['read'] },
  ],
  [
    'Buildkite: build_number outside the list',
    'mirror',
    'buildkite',
    {
      sub: 'organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:abc:step:deploy',
      organization_slug: 'acme',
      build_number: 3045,
    },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
  [
    'a claim that is an object never matches',
    'mirror',
    'gitlab',
    {
      sub: 'project_path:acme/warehouse:ref_type:branch:ref:main',
      project_id: { value: '40517' },
      ref_protected: 'true',
    },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],

  // Open owner on a private issuer.
  [
    'GHES: owner wildcard under a private issuer',
    'enterprise',
    'ghes',
    { sub: 'repo:infra/platform:ref:refs/heads/main' },
    { ok: true, scopes: ['read'] },
  ],
  [
    'GHES: the wildcard stays within the owner segment',
    'enterprise',
    'ghes',
    { sub: 'repo:infra/platform-x:ref:refs/heads/main' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],

  // Malformed subjects are refused before matching.
  [
    'subject with a space',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/main ' },
    { ok: false, code: 'ERR_SUBJECT_INVALID' },
  ],
  [
    'subject with a newline',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/main\nx' },
    { ok: false, code: 'ERR_SUBJECT_INVALID' },
  ],
  [
    'subject with a NUL',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/main\u0000' },
    { ok: false, code: 'ERR_SUBJECT_INVALID' },
  ],
  [
    'subject with a zero-width space',
    'warehouse',
    'github',
    { ...warehouse, sub: 'repo:acme/ware\u200bhouse:ref:refs/heads/main' },
    { ok: false, code: 'ERR_SUBJECT_INVALID' },
  ],
  [
    'subject over 255 characters',
    'warehouse',
    'github',
    { ...warehouse, sub: `repo:acme/warehouse:ref:refs/heads/${'a'.repeat(230)}` },
    { ok: false, code: 'ERR_SUBJECT_INVALID' },
  ],
  ['no sub at all', 'warehouse', 'github', { ...warehouse }, { ok: false, code: 'ERR_SUBJECT_INVALID' }],

  // Unknown names.
  [
    'unknown project',
    'nope',
    'github',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/main' },
    { ok: false, code: 'ERR_PROJECT_UNKNOWN', disclose: false },
  ],
  [
    'unknown provider',
    'warehouse',
    'circleci',
    { ...warehouse, sub: 'repo:acme/warehouse:ref:refs/heads/main' },
    { ok: false, code: 'ERR_PROVIDER_UNKNOWN' },
  ],
  [
    'a GitLab token is not a GitHub one',
    'warehouse',
    'gitlab',
    { sub: 'project_path:acme/warehouse:ref_type:branch:ref:main', project_path: 'acme/warehouse' },
    { ok: false, code: 'ERR_POLICY_DENIED' },
  ],
];

describe('policy check', () => {
  it.each(cases)('%s', (_name, project, provider, claims, expected) => {
    const decision = policy.check(project, provider, claims);
    expect(decision).toMatchObject(expected);
    // The index never hides a rule: explain() compares every rule of the project.
    const explanation = policy.explain(project, provider, claims);
    expect(explanation.decision).toEqual(decision);
    if (decision.ok) expect(explanation.rules.filter((r) => r.matched).map((r) => r.index)).toEqual(decision.rules);
    else expect(explanation.rules.filter((r) => r.matched)).toEqual([]);
    if (!decision.ok) {
      // A denial always carries the full reason for the audit log, and never a grant.
      expect(decision.reason.length).toBeGreaterThan(10);
      expect(decision).not.toHaveProperty('scopes');
    }
  });

  it('a renamed owner keeps its ID, so it still gets the detailed hint', () => {
    const decision = policy.check('warehouse', 'github', {
      ...warehouse,
      repository_owner: 'acme-corp',
      sub: 'repo:acme-corp/warehouse:ref:refs/heads/main',
    });
    expect(decision).toMatchObject({ ok: false, disclose: true });
  });

  it('grants the union of the matching rules, in the project order, capped by the project', () => {
    const decision = policy.check('legacy', 'github', { ...legacyRepo, sub: 'repo:acme/legacy:ref:refs/heads/main' });
    expect(decision).toMatchObject({ ok: true, rules: [0, 1], scopes: ['read', 'write'] });
  });
});

describe('requestScopes', () => {
  const grant = policy.check('warehouse', 'github', {
    ...warehouse,
    sub: 'repo:acme/warehouse:ref:refs/heads/main',
  }) as Grant;

  it.each([
    [undefined, ['read', 'write']],
    ['', ['read', 'write']],
    ['write', ['write']],
    ['write read', ['read', 'write']],
    [['read'], ['read']],
  ] as const)('asking for %j gets %j', (asked, scopes) => {
    expect(requestScopes(grant, asked as string | string[] | undefined)).toEqual({ ok: true, scopes });
  });

  it('refuses a scope beyond the grant rather than trimming it', () => {
    expect(requestScopes(grant, 'read deploy')).toMatchObject({
      ok: false,
      code: 'ERR_SCOPE_NOT_GRANTED',
      hint: 'scope "deploy" is not granted to this job for project warehouse; it may have: read write',
    });
    expect(requestScopes(grant, 'admin')).toMatchObject({ ok: false, code: 'ERR_SCOPE_NOT_GRANTED' });
  });

  it('quotes the scopes beyond the grant and cuts them to 200 characters, as every echo of a caller', () => {
    const many = Array.from({ length: 8000 }, (_, i) => `s${i}`);
    const denial = requestScopes(grant, many);
    expect(denial).toMatchObject({ ok: false, code: 'ERR_SCOPE_NOT_GRANTED' });
    const { hint, reason } = denial as { hint: string; reason: string };
    const quoted = `"${many.join(' ').slice(0, 200)}…"`;
    expect(hint).toBe(`scope ${quoted} is not granted to this job for project warehouse; it may have: read write`);
    expect(reason).toBe(`requested scope ${quoted} is beyond the grant (read write) of project warehouse`);
    expect(requestScopes(grant, ['read', 'a"b\u0007'])).toMatchObject({
      hint: 'scope "a\\"b\\u0007" is not granted to this job for project warehouse; it may have: read write',
    });
  });
});

describe('policy explain', () => {
  it('lists every rule with each field wanted vs got, and the same decision as check', () => {
    const claims = { ...warehouse, repository_id: '9999999', sub: 'repo:acme/warehouse:ref:refs/heads/main' };
    const explanation = policy.explain('warehouse', 'github', claims);
    expect(explanation.decision).toEqual(policy.check('warehouse', 'github', claims));
    expect(explanation.rules.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(explanation.rules[0]!.comparisons).toEqual([
      { field: 'provider', wanted: 'github', got: 'github', matched: true },
      {
        field: 'subject',
        wanted: 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
        got: 'repo:acme/warehouse:ref:refs/heads/main',
        matched: true,
      },
      { field: 'repository_owner_id', wanted: '1234567', got: '1234567', matched: true },
      { field: 'repository_id', wanted: '7654321', got: '9999999', matched: false },
    ]);
    expect(explanation.rules[0]!.position).toMatchObject({ file: 'semantics.yml', line: 12 });
  });

  it('notes an unpinned environment on the rule that matched', () => {
    const explanation = policy.explain('legacy', 'github', {
      ...legacyRepo,
      environment: 'qa',
      sub: 'repo:acme/legacy:environment:qa',
    });
    expect(explanation.rules[4]).toMatchObject({
      matched: true,
      note: expect.stringContaining("environment 'qa' is not pinned"),
    });
  });
});

describe('names that are also JavaScript property names', () => {
  const tricky = compilePolicy(
    parseConfig(
      `
issuer: https://stint.example.com
providers: { github: {} }
projects:
  constructor:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1/tools@2:ref:refs/heads/main
        claims: { __proto__: "x", toString: main }
`,
      'tricky.yml',
    ).config,
  );
  const claims = { sub: 'repo:acme/tools:ref:refs/heads/main', repository_owner_id: '1', repository_id: '2' };

  it('keeps every claim condition, even __proto__, so none is silently dropped', () => {
    const name: string = 'constructor';
    expect(Object.keys(tricky.config.projects[name]!.trust[0]!.claims)).toEqual(['__proto__', 'toString']);
    expect(tricky.check('constructor', 'github', claims)).toMatchObject({ ok: false, code: 'ERR_POLICY_DENIED' });
    expect(
      tricky.check(
        'constructor',
        'github',
        JSON.parse(
          '{"__proto__":"x","toString":"main","sub":"repo:acme/tools:ref:refs/heads/main","repository_owner_id":"1","repository_id":"2"}',
        ),
      ),
    ).toMatchObject({ ok: true });
  });

  it('does not take inherited properties for projects, providers or claims', () => {
    expect(tricky.check('toString', 'github', claims)).toMatchObject({ ok: false, code: 'ERR_PROJECT_UNKNOWN' });
    expect(tricky.check('constructor', 'hasOwnProperty', claims)).toMatchObject({
      ok: false,
      code: 'ERR_PROVIDER_UNKNOWN',
    });
  });
});
