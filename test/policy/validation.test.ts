import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/policy/index.js';
import { expectNoSecret } from '../helpers/secrets.js';

/** Lines of a config, joined; line numbers in the expectations count from 1 here. */
const lines = (...text: string[]) => `${text.join('\n')}\n`;

const head = ['issuer: https://stint.example.com', 'providers:', '  github: {}'];
const warehouse = (...rule: string[]) => [
  ...head,
  'projects:',
  '  warehouse:',
  '    scopes: [read, write]',
  '    trust:',
  ...rule,
];
const rule = (subject: string, ...more: string[]) =>
  warehouse('      - provider: github', `        subject: ${subject}`, ...more);

type Found = [code: string, line: number, column: number];
const cases: [string, string, Found[]][] = [
  // Unknown keys, everywhere, at the key itself.
  [
    'unknown top-level key',
    lines('isuer: https://x.example.com', ...head.slice(1), 'projects: {}'),
    [
      ['ERR_POLICY_UNKNOWN_KEY', 1, 1],
      ['ERR_CONFIG_INVALID', 1, 1],
      ['ERR_CONFIG_INVALID', 4, 1],
    ],
  ],
  [
    'unknown key in keys',
    lines(
      ...head,
      'keys: { dir: k, rotate: 30d }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_POLICY_UNKNOWN_KEY', 4, 17]],
  ],
  [
    'unknown key in audit',
    lines(
      ...head,
      'audit:',
      '  path: a.jsonl',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_POLICY_UNKNOWN_KEY', 5, 3]],
  ],
  [
    'trust_proxy entries that are not addresses or CIDR ranges',
    lines(
      ...head,
      'trust_proxy: [172.16.0.0/12, 172.16.0.0/33, proxy.internal, "fd00::/8", 172.16.0.1/12/1]',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [
      ['ERR_CONFIG_INVALID', 4, 30],
      ['ERR_CONFIG_INVALID', 4, 45],
      ['ERR_CONFIG_INVALID', 4, 73],
    ],
  ],
  [
    'unknown key in rate_limit.per_address',
    lines(
      ...head,
      'rate_limit: { per_address: { rps: 5, brust: 10 } }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_POLICY_UNKNOWN_KEY', 4, 38]],
  ],
  [
    'unknown key in rate_limit',
    lines(
      ...head,
      'rate_limit: { rps: 5, brust: 10 }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_POLICY_UNKNOWN_KEY', 4, 23]],
  ],
  [
    'unknown key in store',
    lines(
      ...head,
      'store: { url: "redis://r:6379", password: x }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_POLICY_UNKNOWN_KEY', 4, 33]],
  ],
  [
    'unknown key in a provider',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  github:',
      '    jwks_uri: https://x',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_POLICY_UNKNOWN_KEY', 4, 5]],
  ],
  [
    'unknown key in a project',
    lines(...warehouse('      - { provider: github, subject: "repo:a@1/b@2:pull_request" }'), '    ttl_max: 1h'),
    [['ERR_POLICY_UNKNOWN_KEY', 9, 5]],
  ],
  [
    'unknown key in a rule',
    lines(...rule('"repo:a@1/b@2:pull_request"', '        scope: [read]')),
    [['ERR_POLICY_UNKNOWN_KEY', 10, 9]],
  ],
  [
    'unknown key in a project rate_limit',
    lines(
      ...warehouse('      - { provider: github, subject: "repo:a@1/b@2:pull_request" }'),
      '    rate_limit: { rps: 1, bucket: 2 }',
    ),
    [['ERR_POLICY_UNKNOWN_KEY', 9, 27]],
  ],

  // Subjects.
  ['subject "*"', lines(...rule('"*"')), [['ERR_POLICY_SUBJECT_WILDCARD', 9, 18]]],
  ['subject "**"', lines(...rule('"**"')), [['ERR_POLICY_SUBJECT_WILDCARD', 9, 18]]],
  ['subject "*:*:*"', lines(...rule('"*:*:*"')), [['ERR_POLICY_SUBJECT_WILDCARD', 9, 18]]],
  [
    'GitHub owner wildcard on github.com',
    lines(...rule('"repo:*/warehouse:ref:refs/heads/main"')),
    [['ERR_POLICY_OWNER_WILDCARD', 9, 18]],
  ],
  [
    'GitHub repo:** on github.com',
    lines(...rule('"repo:**:ref:refs/heads/main"')),
    [['ERR_POLICY_OWNER_WILDCARD', 9, 18]],
  ],
  ['GitHub subject without a context', lines(...rule('repo:acme@1/warehouse@2')), [['ERR_CONFIG_INVALID', 9, 18]]],
  [
    'GitHub IDs must be digits',
    lines(...rule('repo:acme@x1/warehouse@2:pull_request')),
    [['ERR_CONFIG_INVALID', 9, 18]],
  ],
  [
    'subject with whitespace',
    lines(...rule('"repo:acme@1/warehouse@2:ref:refs/heads/ma in"')),
    [['ERR_SUBJECT_INVALID', 9, 18]],
  ],
  [
    'names-only GitHub line warns',
    lines(...rule('repo:acme/warehouse:ref:refs/heads/main')),
    [['WARN_SUBJECT_UNPINNED', 9, 18]],
  ],
  [
    'names-only line with both IDs pinned in claims does not warn',
    lines(
      ...rule(
        'repo:acme/warehouse:ref:refs/heads/main',
        '        claims: { repository_owner_id: "1", repository_id: "2" }',
      ),
    ),
    [],
  ],
  [
    'non-repo GitHub subject warns about its shape',
    lines(...rule('"repository_owner_id:1234567:environment:production"')),
    [['WARN_SUBJECT_SHAPE', 9, 18]],
  ],
  [
    'every repository of an owner named without its ID',
    lines(...rule('"repo:acme/*:ref:refs/heads/main"')),
    [['WARN_SUBJECT_UNPINNED', 9, 18]],
  ],
  ['every repository of an owner pinned by its ID', lines(...rule('"repo:acme@1234567/*:ref:refs/heads/main"')), []],
  // Subject templates are chosen per repository: any github.com customer can shape `environment:production`.
  [
    'GitHub subject naming no owner on github.com',
    lines(...rule('"environment:production"')),
    [['ERR_POLICY_OWNER_WILDCARD', 9, 18]],
  ],
  [
    'GitHub job_workflow_ref subject naming no owner of the caller',
    lines(...rule('"job_workflow_ref:acme/wf/.github/workflows/d.yml@refs/heads/main"')),
    [['ERR_POLICY_OWNER_WILDCARD', 9, 18]],
  ],
  [
    'GitHub subject naming no owner, pinned by a claim',
    lines(...rule('"environment:production"', "        claims: { repository_owner_id: '1234567' }")),
    [['WARN_SUBJECT_SHAPE', 9, 18]],
  ],
  [
    'GitLab group wildcard on gitlab.com',
    lines(
      'issuer: https://stint.example.com',
      'providers: { gitlab: {} }',
      'projects:',
      '  w:',
      '    trust:',
      '      - provider: gitlab',
      '        subject: "project_path:*/warehouse:ref_type:branch:ref:main"',
    ),
    [['ERR_POLICY_OWNER_WILDCARD', 7, 18]],
  ],
  [
    'CircleCI ** followed by literal text (a branch name can supply it)',
    lines(
      'issuer: https://stint.example.com',
      'providers: { cci: { kind: circleci, issuer: https://oidc.circleci.com/org/11111111-1111-1111-1111-111111111111, audience: 11111111-1111-1111-1111-111111111111 } }',
      'projects:',
      '  w:',
      '    trust:',
      '      - provider: cci',
      '        subject: "org/11111111-1111-1111-1111-111111111111/project/22222222-2222-2222-2222-222222222222/user/**/vcs-ref/refs/heads/main"',
    ),
    [['WARN_SUBJECT_GREEDY', 7, 18]],
  ],
  [
    'Buildkite organization wildcard',
    lines(
      'issuer: https://stint.example.com',
      'providers: { buildkite: {} }',
      'projects:',
      '  w:',
      '    trust:',
      '      - provider: buildkite',
      '        subject: "organization:*:pipeline:w:ref:refs/heads/main:commit:*:step:*"',
    ),
    [['ERR_POLICY_OWNER_WILDCARD', 7, 18]],
  ],

  // Rules and projects.
  [
    'rule names an unconfigured provider',
    lines(...warehouse('      - provider: gitlab', '        subject: project_path:acme/w:ref_type:branch:ref:main')),
    [['ERR_POLICY_UNKNOWN_PROVIDER', 8, 19]],
  ],
  ['rule without a subject', lines(...warehouse('      - provider: github')), [['ERR_POLICY_NO_SUBJECT', 8, 9]]],
  ['project without trust', lines(...head, 'projects:', '  w:', '    scopes: [read]'), [['ERR_POLICY_NO_RULES', 5, 3]]],
  [
    'project with an empty trust list',
    lines(...head, 'projects:', '  w:', '    trust: []'),
    [['ERR_POLICY_NO_RULES', 6, 5]],
  ],
  [
    'rule scope not in the project',
    lines(...rule('repo:a@1/b@2:pull_request', '        scopes: [read, admin]')),
    [['ERR_POLICY_SCOPE', 10, 24]],
  ],
  [
    'rule with an empty scopes list',
    lines(...rule('repo:a@1/b@2:pull_request', '        scopes: []')),
    [['ERR_CONFIG_INVALID', 10, 17]],
  ],
  [
    'claim condition on sub',
    lines(...rule('repo:a@1/b@2:pull_request', '        claims: { sub: x }')),
    [['ERR_CONFIG_INVALID', 10, 19]],
  ],
  [
    'claim condition with an empty list',
    lines(...rule('repo:a@1/b@2:pull_request', '        claims: { ref: [] }')),
    [['ERR_CONFIG_INVALID', 10, 19]],
  ],
  [
    'claim condition with a mapping',
    lines(...rule('repo:a@1/b@2:pull_request', '        claims: { ref: { x: 1 } }')),
    [['ERR_CONFIG_INVALID', 10, 24]],
  ],
  [
    'ttl above max_ttl',
    lines(...warehouse('      - { provider: github, subject: "repo:a@1/b@2:pull_request" }'), '    ttl: 2h'),
    [['ERR_CONFIG_INVALID', 9, 10]],
  ],
  [
    'max_ttl above the 24h ceiling',
    lines(...warehouse('      - { provider: github, subject: "repo:a@1/b@2:pull_request" }'), '    max_ttl: 25h'),
    [['ERR_CONFIG_INVALID', 9, 14]],
  ],
  [
    'bad duration',
    lines(...warehouse('      - { provider: github, subject: "repo:a@1/b@2:pull_request" }'), '    ttl: 15 minutes'),
    [['ERR_DURATION_INVALID', 9, 10]],
  ],
  [
    'bad project name',
    lines(
      ...head,
      'projects:',
      '  "ware house":',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_CONFIG_INVALID', 5, 3]],
  ],

  // Providers.
  [
    'http issuer without allow_insecure',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  github: { issuer: "http://127.0.0.1:9000" }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_PROVIDER_INSECURE', 3, 21]],
  ],
  [
    'http issuer with allow_insecure',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  github: { issuer: "http://127.0.0.1:9000", allow_insecure: true }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [],
  ],
  [
    'alg none',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  github: { algorithms: [RS256, none] }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_PROVIDER_ALGORITHM', 3, 33]],
  ],
  [
    'alg HS256',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  github: { algorithms: HS256 }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_PROVIDER_ALGORITHM', 3, 25]],
  ],
  [
    'unknown provider name without kind',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  travis: { issuer: https://travis.example.com }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [
      ['ERR_CONFIG_INVALID', 3, 3],
      ['ERR_POLICY_UNKNOWN_PROVIDER', 6, 25],
    ],
  ],
  [
    'CircleCI needs an issuer',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  circleci: {}',
      'projects:',
      '  w:',
      '    trust: [{ provider: circleci, subject: "org/1/project/2/user/*" }]',
    ),
    [['ERR_CONFIG_INVALID', 3, 3]],
  ],
  [
    'the same issuer twice',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  github: {}',
      '  gh2: { kind: github, issuer: https://token.actions.githubusercontent.com }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_CONFIG_INVALID', 4, 32]],
  ],
  [
    'an issuer of the wrong shape warns',
    lines(
      'issuer: https://stint.example.com',
      'providers:',
      '  github: { issuer: "https://token.actions.githubusercontent.com/" }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['WARN_ISSUER_SHAPE', 3, 21]],
  ],

  // Store.
  [
    'Redis password inline',
    lines(
      ...head,
      'store: "rediss://default:s3cret@redis.internal:6380/0"',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_STORE_PASSWORD_INLINE', 4, 8]],
  ],
  [
    'Redis password inline in url',
    lines(
      ...head,
      'store: { url: "redis://:s3cret@redis.internal" }',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_STORE_PASSWORD_INLINE', 4, 15]],
  ],
  [
    'store of another kind',
    lines(
      ...head,
      'store: "postgres://db/stint"',
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ),
    [['ERR_CONFIG_INVALID', 4, 8]],
  ],

  // YAML itself.
  [
    'duplicate key',
    lines(
      ...head,
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
      '    trust: []',
    ),
    [['ERR_CONFIG_INVALID', 7, 5]],
  ],
  ['broken YAML', lines(...head, 'projects:', '  w: [unclosed'), [['ERR_CONFIG_INVALID', 6, 1]]],
];

describe('config validation', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const { config, diagnostics } = validateConfig(text, 'stint.yml');
    expect(diagnostics.map((d) => [d.code, d.position.line, d.position.column])).toEqual(expected);
    expect(config === undefined).toBe(expected.some(([code]) => code.startsWith('ERR_')));
    expectNoSecret(
      diagnostics.map((d) => d.message),
      's3cret',
      'the password in the config',
    );
  });

  it('resolves relative paths against the config file and fills the defaults', () => {
    const { config } = validateConfig(
      lines(
        ...head,
        'keys: { dir: k }',
        'audit: { file: ../log/a.jsonl }',
        'projects:',
        '  w:',
        '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
      ),
      '/srv/stint/conf/stint.yml',
    );
    expect(config?.keys.dir).toBe('/srv/stint/conf/k');
    expect(config?.audit.file).toBe('/srv/stint/log/a.jsonl');
    expect(config?.projects.w).toMatchObject({ audience: 'stint:w', scopes: [], ttl: 900, max_ttl: 3600 });
    expect(config?.projects.w?.rate_limit).toBeUndefined();
  });

  it('keeps numbers in claim conditions as written', () => {
    const { config } = validateConfig(
      lines(
        ...rule(
          'repo:a@1/b@2:pull_request',
          '        claims: { head_ref: 1.10, run_number: [0123, 7], ref_protected: true }',
        ),
      ),
      's.yml',
    );
    expect({ ...config?.projects.warehouse?.trust[0]?.claims }).toEqual({
      head_ref: ['1.10'],
      run_number: ['0123', '7'],
      ref_protected: ['true'],
    });
  });

  it('reads trust_proxy and rate_limit.per_address, and fills them from the defaults', () => {
    const base = [
      ...head,
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ];
    const plain = validateConfig(lines(...base), 'stint.yml').config!;
    expect(plain.trust_proxy).toEqual([]);
    expect(plain.address_rate_limit).toEqual({ rps: 100, burst: 1000 });
    expect(plain.rate_limit).toEqual({ rps: 20, burst: 200 });
    const set = validateConfig(
      lines(...base, 'trust_proxy: [172.16.0.0/12, "::1"]', 'rate_limit: { rps: 5, per_address: { burst: 7 } }'),
      'stint.yml',
    );
    expect(set.diagnostics).toEqual([]);
    expect(set.config!.trust_proxy).toEqual(['172.16.0.0/12', '::1']);
    expect(set.config!.rate_limit).toEqual({ rps: 5, burst: 200 });
    expect(set.config!.address_rate_limit).toEqual({ rps: 100, burst: 7 });
  });

  it('reads rate_limit.connections_per_address: a whole number from 1, default 256', () => {
    const base = [
      ...head,
      'projects:',
      '  w:',
      '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
    ];
    expect(validateConfig(lines(...base), 'stint.yml').config!.connections_per_address).toBe(256);
    const set = validateConfig(lines(...base, 'rate_limit: { connections_per_address: 1000 }'), 'stint.yml');
    expect(set.diagnostics).toEqual([]);
    expect(set.config!.connections_per_address).toBe(1000);
    for (const [value, says] of [
      ['12.5', 'rate_limit.connections_per_address must be a whole number, e.g. 256'],
      ['0', 'rate_limit.connections_per_address must be a positive number'],
      ['many', 'rate_limit.connections_per_address must be a positive number'],
    ]) {
      const bad = validateConfig(lines(...base, `rate_limit: { connections_per_address: ${value} }`), 'stint.yml');
      expect(bad.config).toBeUndefined();
      expect(bad.diagnostics.map((d) => d.message)).toEqual([says]);
    }
  });

  it('fills a project rate_limit from the defaults', () => {
    const { config } = validateConfig(
      lines(
        ...warehouse('      - { provider: github, subject: "repo:a@1/b@2:pull_request" }'),
        '    rate_limit: { rps: 2 }',
      ),
      's.yml',
    );
    expect(config?.projects.warehouse?.rate_limit).toEqual({ rps: 2, burst: 200 });
  });

  it('reads the three GitHub issuer shapes without a warning', () => {
    for (const issuer of [
      'https://token.actions.githubusercontent.com/acme-corp',
      'https://ghe.example.com/_services/token',
    ]) {
      const { diagnostics } = validateConfig(
        lines(
          'issuer: https://stint.example.com',
          'providers:',
          `  github: { issuer: "${issuer}" }`,
          'projects:',
          '  w:',
          '    trust: [{ provider: github, subject: "repo:a@1/b@2:pull_request" }]',
        ),
        's.yml',
      );
      expect(diagnostics).toEqual([]);
    }
  });
});

describe('odd documents', () => {
  it.each([
    ['empty', '', [['ERR_CONFIG_INVALID', 1, 1]]],
    ['a list', '- a\n- b\n', [['ERR_CONFIG_INVALID', 1, 1]]],
    ['a scalar', 'hello\n', [['ERR_CONFIG_INVALID', 1, 1]]],
    [
      'providers as a list',
      'issuer: https://s.example.com\nproviders: [github]\nprojects: {}\n',
      [
        ['ERR_CONFIG_INVALID', 2, 12],
        ['ERR_CONFIG_INVALID', 3, 1],
      ],
    ],
    [
      'a project that is null',
      'issuer: https://s.example.com\nproviders: { github: {} }\nprojects:\n  w:\n',
      [['ERR_CONFIG_INVALID', 4, 5]],
    ],
    [
      'trust that is a mapping',
      'issuer: https://s.example.com\nproviders: { github: {} }\nprojects:\n  w:\n    trust: { provider: github }\n',
      [['ERR_CONFIG_INVALID', 5, 12]],
    ],
    [
      'a rule that is a string',
      'issuer: https://s.example.com\nproviders: { github: {} }\nprojects:\n  w:\n    trust: [ "repo:a/b:pull_request" ]\n',
      [['ERR_CONFIG_INVALID', 5, 14]],
    ],
    [
      'a numeric key',
      'issuer: https://s.example.com\n1: x\n',
      [
        ['ERR_CONFIG_INVALID', 1, 1],
        ['ERR_CONFIG_INVALID', 1, 1],
        ['ERR_CONFIG_INVALID', 2, 1],
      ],
    ],
    [
      'an anchor reused by alias',
      'issuer: https://s.example.com\nproviders: { github: {} }\nprojects:\n  a:\n    trust: &rules\n      - { provider: github, subject: "repo:a@1/b@2:pull_request" }\n  b:\n    trust: *rules\n',
      [],
    ],
  ] as const)('%s: diagnostics, never an exception', (_name, text, expected) => {
    const { diagnostics } = validateConfig(text, 's.yml');
    expect(diagnostics.map((d) => [d.code, d.position.line, d.position.column])).toEqual(expected);
  });
});

describe('unquoted patterns that YAML reads as aliases', () => {
  it('explains an alias with no anchor', () => {
    const { diagnostics } = validateConfig(
      lines(...rule('repo:a@1/b@2:environment:prod', '        claims: { environment: *prod }')),
      's.yml',
    );
    expect(diagnostics.map((d) => [d.code, d.position.line, d.position.column, d.message])).toEqual([
      [
        'ERR_CONFIG_INVALID',
        10,
        32,
        `projects.warehouse.trust[0].claims.environment: *prod is read as a YAML alias, and no anchor has that name; quote patterns that start with '*', e.g. "*prod"`,
      ],
    ]);
  });

  it("explains YAML's own alias error", () => {
    const { diagnostics } = validateConfig(lines(...rule('*')), 's.yml');
    expect(diagnostics.map((d) => [d.code, d.position.line, d.message])).toEqual([
      [
        'ERR_CONFIG_INVALID',
        9,
        `YAML: Alias cannot be an empty string (a value that starts with '*' is a YAML alias: quote patterns, e.g. subject: "*…")`,
      ],
    ]);
  });
});
