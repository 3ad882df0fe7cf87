import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';

/**
 * The trust decision as `stint policy check` and `stint policy test` (the BUILT CLI) see it:
 * provider audiences that belong to other services, denial hints that name what differs for
 * every CI, and the environment flag on customised GitHub subjects. The broker's side of the
 * same is test/broker/id-token-trust.test.ts.
 */
let dir: string;
const ORG = 'c9a1c3c2-5f3e-4b6a-9d1e-2f4a6b8c0d1e';
const PROJECT = 'e5b2d7a4-1c3f-4e5a-8b9c-0d1e2f3a4b5c';

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir });
}

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A config whose GitHub provider has `audience` (YAML text, line 3 column 23). */
function withGithubAudience(name: string, audience: string): string {
  return file(name, [
    'issuer: https://stint.example.com',
    'providers:',
    `  github: { audience: ${audience} }`,
    'projects:',
    '  p:',
    '    trust:',
    '      - provider: github',
    '        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
  ]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-trust-decision-'));
});

describe('a provider audience that is another service’s', () => {
  it.each([
    ['sts.amazonaws.com', "AWS STS's audience"],
    ['"api://AzureADTokenExchange"', "Microsoft Entra workload identity federation's audience"],
    ['https://github.com/acme', "GitHub's default audience (https://github.com/<owner>"],
    ['https://GitHub.com/acme/', "GitHub's default audience (https://github.com/<owner>"],
    ['https://gitlab.com', "GitLab.com's own URL"],
    ['https://buildkite.com/acme', "Buildkite's default audience"],
    ['"//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q"', 'Google Cloud'],
    ['sigstore', "Sigstore's audience"],
    ['rubygems.org', "RubyGems' audience"],
    ['https://token.actions.githubusercontent.com', "the provider's own issuer"],
  ])('policy check refuses audience %s at its line and column, saying why', async (audience, service) => {
    const path = withGithubAudience(`foreign-${audience.replace(/[^a-z]/gi, '')}.yml`, audience);
    const { code, stdout } = await stint(['policy', 'check', path]);
    expect(code).toBe(1);
    const shown = audience.replace(/^"|"$/g, '');
    expect(stdout).toContain(`${path}:3:23: error: providers.github.audience '${shown}' is ${service}`);
    expect(stdout).toContain(
      "an ID token a job gets with that audience is made for another service, and whoever receives or logs it could exchange it here; leave audience out (the broker's issuer 'https://stint.example.com') or name an audience only this broker accepts",
    );
  });

  it('policy check warns when the audience is not the broker issuer, and passes', async () => {
    const path = withGithubAudience('own.yml', 'stint');
    const { code, stdout, stderr } = await stint(['policy', 'check', path]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(
      `${path}:3:23: warning: providers.github.audience 'stint' is not the broker's issuer 'https://stint.example.com': any service that is also given ID tokens with this audience could exchange them here; make sure only this broker is, or leave audience out to use the broker's issuer`,
    );
    expect(stdout).toContain('1 warning)');
  });

  it("is quiet for the broker's issuer and for CircleCI's organization ID (the documented exception)", async () => {
    const path = file('quiet.yml', [
      'issuer: https://stint.example.com',
      'providers:',
      '  github: { audience: https://stint.example.com }',
      `  circleci: { issuer: https://oidc.circleci.com/org/${ORG}, audience: ${ORG} }`,
      'projects:',
      '  p:',
      '    trust:',
      '      - provider: github',
      '        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
      `      - { provider: circleci, subject: "org/${ORG}/project/${PROJECT}/user/*/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/main" }`,
    ]);
    const { code, stdout, stderr } = await stint(['policy', 'check', path]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('0 warnings');
  });
});

describe('denial hints name what differs, for every CI', () => {
  it('Buildkite, CircleCI and GitLab: the step, the CircleCI project, the project path', async () => {
    const config = file('ci.yml', [
      'issuer: https://stint.example.com',
      'providers:',
      '  buildkite: {}',
      `  circleci: { issuer: https://oidc.circleci.com/org/${ORG}, audience: ${ORG} }`,
      '  gitlab: { issuer: https://gitlab.com }',
      'projects:',
      '  warehouse:',
      '    scopes: [read, deploy]',
      '    trust:',
      '      - provider: buildkite',
      '        subject: organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:deploy',
      '        claims: { organization_id: "0190-acme" }',
      '        scopes: [deploy]',
      '      - provider: circleci',
      `        subject: org/${ORG}/project/${PROJECT}/user/*/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/main`,
      '        scopes: [read]',
      '      - provider: gitlab',
      '        subject: project_path:acme/warehouse:ref_type:branch:ref:main',
      '        claims: { namespace_id: "1234567" }',
      '        scopes: [read]',
    ]);
    const sha = 'd6cd1e2bd19e03a81132a23b2025920577f84e37';
    const other = '00000000-1c3f-4e5a-8b9c-0d1e2f3a4b5c';
    const cases = file('ci-cases.yml', [
      `config: ${config}`,
      'cases:',
      '  - name: buildkite build step on main',
      '    project: warehouse',
      '    example: buildkite',
      `    claims: { sub: "organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:${sha}:step:build", organization_id: "0190-acme" }`,
      '    expect: { deny: ERR_POLICY_DENIED, hint: "step build is not allowed for project warehouse" }',
      '  - name: buildkite deploy step of a feature branch',
      '    project: warehouse',
      '    example: buildkite',
      `    claims: { sub: "organization:acme:pipeline:warehouse:ref:refs/heads/feature:commit:${sha}:step:deploy", organization_id: "0190-acme", build_branch: feature }`,
      '    expect: { deny: ERR_POLICY_DENIED, hint: "ref refs/heads/feature is not allowed for project warehouse" }',
      '  - name: buildkite step key holding a colon',
      '    project: warehouse',
      '    example: buildkite',
      `    claims: { sub: "organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:${sha}:step:deploy:prod", organization_id: "0190-acme" }`,
      '    expect: { deny: ERR_POLICY_DENIED, hint: "step deploy:prod is not allowed for project warehouse" }',
      '  - name: another circleci project of the org building the same repository',
      '    project: warehouse',
      '    example: circleci',
      `    claims: { sub: "org/${ORG}/project/${other}/user/u/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/main", "oidc.circleci.com/project-id": "${other}" }`,
      `    expect: { deny: ERR_POLICY_DENIED, hint: "CircleCI organization/project ${ORG}/${other} is not trusted by project warehouse" }`,
      '  - name: the circleci project on another branch',
      '    project: warehouse',
      '    example: circleci',
      `    claims: { sub: "org/${ORG}/project/${PROJECT}/user/u/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/dev", "oidc.circleci.com/vcs-ref": refs/heads/dev }`,
      '    expect: { deny: ERR_POLICY_DENIED, hint: "ref refs/heads/dev is not allowed for project warehouse" }',
      '  - name: gitlab tag named main',
      '    project: warehouse',
      '    example: gitlab',
      '    claims: { sub: "project_path:acme/warehouse:ref_type:tag:ref:main", ref_type: tag, namespace_id: "1234567" }',
      '    expect: { deny: ERR_POLICY_DENIED, hint: "ref type tag is not allowed for project warehouse" }',
      '  - name: another gitlab project of acme',
      '    project: warehouse',
      '    example: gitlab',
      '    claims: { sub: "project_path:acme/other:ref_type:branch:ref:main", project_path: acme/other, namespace_id: "1234567" }',
      '    expect: { deny: ERR_POLICY_DENIED, hint: "project acme/other is not trusted by project warehouse" }',
    ]);
    const { code, stdout, stderr } = await stint(['policy', 'test', cases]);
    expect({ code, stdout, stderr }).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('environment_unpinned and customised GitHub subjects', () => {
  it('a literal environment in the first environment pair pins it; a token whose environment differs is still flagged', async () => {
    const config = file('env.yml', [
      'issuer: https://stint.example.com',
      'providers: { github: {} }',
      'projects:',
      '  tmpl:',
      '    scopes: [read]',
      '    trust:',
      '      - provider: github',
      '        subject: repository_owner_id:1234567:environment:production',
      '      - provider: github',
      '        subject: repository_owner_id:1234567:workflow:deploy:environment:production:ref:refs/heads/main',
      '      - provider: github',
      '        subject: repository_owner_id:1234567:environment:*',
    ]);
    const cases = file('env-cases.yml', [
      `config: ${config}`,
      'cases:',
      '  - name: customised subject pins production',
      '    project: tmpl',
      '    example: github',
      '    claims: { sub: "repository_owner_id:1234567:environment:production", environment: production }',
      '    expect: { allow: true, flags: [] }',
      // A workflow named `deploy:environment:production` spells the pair in a subject without it.
      '  - name: the pair spelt by an earlier value, the environment another',
      '    project: tmpl',
      '    example: github',
      '    claims: { sub: "repository_owner_id:1234567:workflow:deploy:environment:production:ref:refs/heads/main", environment: staging }',
      '    expect: { allow: true, flags: [environment_unpinned] }',
      '  - name: a wildcard environment pins nothing',
      '    project: tmpl',
      '    example: github',
      '    claims: { sub: "repository_owner_id:1234567:environment:staging", environment: staging }',
      '    expect: { allow: true, flags: [environment_unpinned] }',
    ]);
    const { code, stdout, stderr } = await stint(['policy', 'test', cases]);
    expect({ code, stdout, stderr }).toMatchObject({ code: 0, stderr: '' });
  });
});
