import { describe, expect, it } from 'vitest';
import {
  ciDescriptor,
  defaultAlgorithms,
  defaultIssuer,
  describeIssuer,
  isProviderKind,
  normaliseClaims,
  PROVIDER_KINDS,
  parseGithubSubject,
} from '../../src/providers/index.js';
import type { CiIdentity, Claims, ProviderKind } from '../../src/providers/types.js';

/** Claim sets as each CI issues them (values from their docs, trimmed of iat/exp/jti noise). */
const github: Claims = {
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'https://stint.example.com',
  sub: 'repo:acme/warehouse:environment:production',
  ref: 'refs/heads/main',
  sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  repository: 'acme/warehouse',
  repository_owner: 'acme',
  repository_owner_id: '1234567',
  repository_id: '7654321',
  repository_visibility: 'private',
  run_id: '9876543210',
  run_number: '42',
  run_attempt: '1',
  actor: 'octocat',
  actor_id: '583231',
  workflow: 'deploy',
  workflow_ref: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
  workflow_sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  job_workflow_ref: 'acme/deploy-workflows/.github/workflows/deploy.yml@refs/heads/main',
  job_workflow_sha: 'ffeeddccbbaa99887766554433221100ffeeddcc',
  event_name: 'push',
  ref_type: 'branch',
  ref_protected: 'true',
  environment: 'production',
  runner_environment: 'github-hosted',
};

const gitlab: Claims = {
  iss: 'https://gitlab.com',
  aud: 'https://stint.example.com',
  sub: 'project_path:acme/platform/warehouse:ref_type:branch:ref:main',
  namespace_id: '8812',
  namespace_path: 'acme/platform',
  project_id: '40517',
  project_path: 'acme/platform/warehouse',
  user_id: '3141',
  user_login: 'jdoe',
  user_email: 'jdoe@acme.example',
  user_access_level: 'maintainer',
  pipeline_id: '1203456789',
  pipeline_source: 'push',
  job_id: '7766554433',
  ref: 'main',
  ref_type: 'branch',
  ref_path: 'refs/heads/main',
  ref_protected: 'true',
  environment: 'production',
  environment_protected: 'true',
  deployment_tier: 'production',
  runner_id: 12270831,
  runner_environment: 'gitlab-hosted',
  sha: '0123456789abcdef0123456789abcdef01234567',
  project_visibility: 'private',
  ci_config_ref_uri: 'gitlab.com/acme/platform/warehouse//.gitlab-ci.yml@refs/heads/main',
  ci_config_sha: '0123456789abcdef0123456789abcdef01234567',
};

const circleci: Claims = {
  iss: 'https://oidc.circleci.com/org/0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10',
  aud: '0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10',
  sub: 'org/0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10/project/6a7b8c9d-1e2f-4a5b-8c7d-9e0f1a2b3c4d/user/5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f',
  'oidc.circleci.com/project-id': '6a7b8c9d-1e2f-4a5b-8c7d-9e0f1a2b3c4d',
  'oidc.circleci.com/context-ids': ['c0ffee00-1111-4222-8333-444455556666'],
  'oidc.circleci.com/vcs-origin': 'github.com/acme/warehouse',
  'oidc.circleci.com/vcs-ref': 'refs/heads/main',
  'oidc.circleci.com/ssh-rerun': false,
};

const buildkite: Claims = {
  iss: 'https://agent.buildkite.com',
  aud: 'https://stint.example.com',
  sub: 'organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:750339bffa630404607f73dd8ed2f2c4de3670c7:step:deploy',
  organization_slug: 'acme',
  pipeline_slug: 'warehouse',
  build_number: 175,
  build_branch: 'main',
  build_commit: '750339bffa630404607f73dd8ed2f2c4de3670c7',
  build_source: 'webhook',
  step_key: 'deploy',
  job_id: '018485f6-1f53-4f18-9b53-72428db4d239',
  agent_id: '018485f6-eec2-4b61-a7be-0e35ef563df0',
  organization_id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  pipeline_id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
};

const jenkins: Claims = {
  iss: 'https://jenkins.acme.example/oidc',
  aud: 'https://stint.example.com',
  sub: 'https://jenkins.acme.example/job/warehouse/job/main/',
  build_number: 128,
  job_name: 'warehouse/main',
  branch_name: 'main',
  git_commit: '9f3182061f1e2cca4702c368cbc039b7dc9d4485',
};

const expected: [ProviderKind, Claims, CiIdentity][] = [
  [
    'github',
    github,
    {
      provider: 'github',
      subject: 'repo:acme/warehouse:environment:production',
      repository: 'acme/warehouse',
      repository_id: '7654321',
      owner: 'acme',
      owner_id: '1234567',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      workflow_ref: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
      job_workflow_ref: 'acme/deploy-workflows/.github/workflows/deploy.yml@refs/heads/main',
      run_id: '9876543210',
      run_attempt: '1',
      environment: 'production',
      actor: 'octocat',
      event: 'push',
    },
  ],
  [
    'gitlab',
    gitlab,
    {
      provider: 'gitlab',
      subject: 'project_path:acme/platform/warehouse:ref_type:branch:ref:main',
      repository: 'acme/platform/warehouse',
      repository_id: '40517',
      owner: 'acme',
      owner_id: '8812',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      sha: '0123456789abcdef0123456789abcdef01234567',
      workflow_ref: 'gitlab.com/acme/platform/warehouse//.gitlab-ci.yml@refs/heads/main',
      job_workflow_ref: undefined,
      run_id: '1203456789',
      run_attempt: undefined,
      environment: 'production',
      actor: 'jdoe',
      event: 'push',
    },
  ],
  [
    'circleci',
    circleci,
    {
      provider: 'circleci',
      subject: circleci.sub as string,
      repository: 'acme/warehouse',
      repository_id: '6a7b8c9d-1e2f-4a5b-8c7d-9e0f1a2b3c4d',
      owner: 'acme',
      owner_id: '0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      sha: undefined,
      workflow_ref: undefined,
      job_workflow_ref: undefined,
      run_id: undefined,
      run_attempt: undefined,
      environment: undefined,
      actor: '5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f',
      event: undefined,
    },
  ],
  [
    'buildkite',
    buildkite,
    {
      provider: 'buildkite',
      subject: buildkite.sub as string,
      repository: 'acme/warehouse',
      repository_id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      owner: 'acme',
      owner_id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      sha: '750339bffa630404607f73dd8ed2f2c4de3670c7',
      workflow_ref: undefined,
      job_workflow_ref: undefined,
      run_id: '175',
      run_attempt: undefined,
      environment: undefined,
      actor: undefined,
      event: 'webhook',
    },
  ],
  [
    'jenkins',
    jenkins,
    {
      provider: 'jenkins',
      subject: 'https://jenkins.acme.example/job/warehouse/job/main/',
      repository: 'warehouse/main',
      repository_id: undefined,
      owner: undefined,
      owner_id: undefined,
      ref: 'refs/heads/main',
      ref_type: 'branch',
      sha: '9f3182061f1e2cca4702c368cbc039b7dc9d4485',
      workflow_ref: undefined,
      job_workflow_ref: undefined,
      run_id: '128',
      run_attempt: undefined,
      environment: undefined,
      actor: undefined,
      event: undefined,
    },
  ],
];

describe('normaliseClaims', () => {
  it.each(expected)('%s', (kind, claims, identity) => {
    expect(normaliseClaims(kind, claims)).toEqual(identity);
  });

  it('turns numbers into strings and ignores objects', () => {
    expect(
      normaliseClaims('github', {
        sub: 'repo:a/b:pull_request',
        repository_id: 42,
        run_attempt: 2,
        environment: { name: 'x' },
      }),
    ).toMatchObject({
      repository_id: '42',
      run_attempt: '2',
      environment: undefined,
    });
  });

  it('reads a GitLab tag without ref_path, and a Buildkite tag build', () => {
    expect(normaliseClaims('gitlab', { sub: 's', ref: 'v1.2.0', ref_type: 'tag' })).toMatchObject({
      ref: 'refs/tags/v1.2.0',
      ref_type: 'tag',
    });
    expect(normaliseClaims('buildkite', { sub: 's', build_branch: 'v1.2.0', build_tag: 'v1.2.0' })).toMatchObject({
      ref: 'refs/tags/v1.2.0',
      ref_type: 'tag',
    });
  });

  it('has an empty subject when the token has none', () => {
    expect(normaliseClaims('gitlab', {}).subject).toBe('');
  });
});

describe('issuers', () => {
  it.each([
    ['github', 'https://token.actions.githubusercontent.com', 'GitHub Actions on github.com'],
    [
      'github',
      'https://token.actions.githubusercontent.com/acme-corp',
      "GitHub Actions, enterprise 'acme-corp' (issuer unique to that enterprise)",
    ],
    ['github', 'https://ghe.acme.example/_services/token', 'GitHub Enterprise Server at ghe.acme.example'],
    ['github', 'https://token.actions.acme.ghe.com', 'GitHub Enterprise Cloud with data residency (acme.ghe.com)'],
    ['github', 'https://token.actions.githubusercontent.com/acme/extra', undefined],
    ['github', 'https://gitlab.com', undefined],
    ['gitlab', 'https://gitlab.com', 'GitLab.com'],
    ['gitlab', 'https://gitlab.acme.example', 'self-managed GitLab at gitlab.acme.example'],
    ['gitlab', 'https://gitlab.acme.example/', undefined],
    [
      'circleci',
      'https://oidc.circleci.com/org/0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10',
      'CircleCI organization 0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10',
    ],
    ['circleci', 'https://oidc.circleci.com/org/acme', undefined],
    ['jenkins', 'https://jenkins.acme.example/oidc', 'Jenkins at jenkins.acme.example'],
    ['jenkins', 'https://ci.acme.example/jenkins/job/team/oidc', 'Jenkins at ci.acme.example/jenkins/job/team'],
    ['jenkins', 'https://jenkins.acme.example/', undefined],
    ['buildkite', 'https://agent.buildkite.com', 'Buildkite'],
    ['buildkite', 'https://agent.buildkite.com/', undefined],
  ] as const)('%s %s', (kind, iss, description) => {
    expect(describeIssuer(kind, iss)).toBe(description);
  });

  it('knows the single public issuers and asymmetric default algorithms', () => {
    expect(PROVIDER_KINDS.map((k) => [k, defaultIssuer(k)])).toEqual([
      ['github', 'https://token.actions.githubusercontent.com'],
      ['gitlab', 'https://gitlab.com'],
      ['circleci', undefined],
      ['buildkite', 'https://agent.buildkite.com'],
      ['jenkins', undefined],
    ]);
    for (const kind of PROVIDER_KINDS) expect(defaultAlgorithms(kind)).toEqual(['RS256']);
    expect(isProviderKind('github')).toBe(true);
    expect(isProviderKind('toString')).toBe(false);
  });
});

describe('subject owners and GitHub subject forms', () => {
  it.each([
    ['github', 'repo:acme/warehouse:ref:refs/heads/main', 'acme'],
    ['github', 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main', 'acme'],
    ['github', 'repository_owner_id:1234567:environment:prod', undefined],
    ['gitlab', 'project_path:acme/platform/warehouse:ref_type:branch:ref:main', 'acme'],
    ['buildkite', buildkite.sub, 'acme'],
    ['circleci', circleci.sub, '0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10'],
    ['jenkins', jenkins.sub, undefined],
  ] as const)('%s %s → %s', (kind, subject, owner) => {
    expect(ciDescriptor(kind).subject.owner(subject as string)).toBe(owner);
  });

  it.each([
    ['github', 'repo:acme/warehouse:ref:refs/heads/main', 'acme/warehouse'],
    ['github', 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main', 'acme/warehouse'],
    ['gitlab', 'project_path:acme/platform/warehouse:ref_type:branch:ref:main', 'acme/platform/warehouse'],
    ['buildkite', buildkite.sub, 'acme/warehouse'],
    ['circleci', circleci.sub, '0d8f8d2e-0b6a-4c5e-9d5e-2f1b7d6c3a10/6a7b8c9d-1e2f-4a5b-8c7d-9e0f1a2b3c4d'],
    ['jenkins', jenkins.sub, undefined],
  ] as const)('%s %s names repository %s', (kind, subject, repository) => {
    expect(ciDescriptor(kind).subject.repository(subject as string)).toBe(repository);
  });

  it('splits both GitHub forms', () => {
    expect(parseGithubSubject('repo:acme/warehouse:ref:refs/heads/main')).toEqual({
      owner: 'acme',
      repo: 'warehouse',
      context: 'ref:refs/heads/main',
    });
    expect(parseGithubSubject('repo:acme@1234567/warehouse@7654321:pull_request')).toEqual({
      owner: 'acme',
      ownerId: '1234567',
      repo: 'warehouse',
      repoId: '7654321',
      context: 'pull_request',
    });
    expect(parseGithubSubject('repo:acme:ref:x')).toBeUndefined();
  });
});
