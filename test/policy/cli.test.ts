import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

// Runs the BUILT CLI (`npm run build -- cli`) as a user would.
const example = resolve('examples/stint.yml');
let dir: string;

function stint(args: string[], cwd = dir): Promise<CliRun> {
  return runCli(args, { cwd });
}

const deployClaims = {
  iss: 'https://token.actions.githubusercontent.com',
  sub: 'repo:acme/warehouse:environment:production',
  repository: 'acme/warehouse',
  repository_owner: 'acme',
  repository_owner_id: '1234567',
  repository_id: '7654321',
  ref: 'refs/heads/main',
  event_name: 'push',
  environment: 'production',
  job_workflow_ref: 'acme/deploy-workflows/.github/workflows/deploy.yml@refs/heads/main',
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-policy-cli-'));
  writeFileSync(
    join(dir, 'unknown-key.yml'),
    [
      'issuer: https://stint.example.com',
      'providers:',
      '  github: { issuer: https://token.actions.githubusercontent.com, audiense: x }',
      'projects:',
      '  warehouse:',
      '    trust:',
      '      - provider: github',
      '        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'star.yml'),
    [
      'issuer: https://stint.example.com',
      'providers: { github: {} }',
      'projects:',
      '  warehouse:',
      '    trust:',
      '      - { provider: github, subject: "*" }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'unpinned.yml'),
    [
      'issuer: https://stint.example.com',
      'providers: { github: {} }',
      'projects:',
      '  warehouse:',
      '    trust:',
      '      - provider: github',
      '        subject: repo:acme/warehouse:ref:refs/heads/main',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'deploy.json'), JSON.stringify(deployClaims));
  writeFileSync(
    join(dir, 'gitlab.json'),
    JSON.stringify({
      sub: 'project_path:acme/docs/site:ref_type:tag:ref:v2.1.0',
      project_path: 'acme/docs/site',
      namespace_path: 'acme/docs',
      ref: 'v2.1.0',
      ref_type: 'tag',
      ref_protected: 'true',
      pipeline_source: 'push',
    }),
  );
  writeFileSync(
    join(dir, 'stranger.json'),
    JSON.stringify({ ...deployClaims, iss: 'https://token.actions.example.org' }),
  );
  writeFileSync(
    join(dir, 'feature.json'),
    JSON.stringify({
      ...deployClaims,
      sub: 'repo:acme/warehouse:ref:refs/heads/feature-x',
      ref: 'refs/heads/feature-x',
      environment: undefined,
    }),
  );
});

describe.concurrent('stint policy check', () => {
  it('passes the example config with a one-line summary', async () => {
    const result = await stint(['policy', 'check', example]);
    expect(result).toEqual({
      code: 0,
      stdout: `${example}: OK (2 providers, 2 projects, 7 rules, 0 warnings)\n`,
      stderr: '',
    });
  });

  it('fails an unknown key at its file:line:column', async () => {
    const result = await stint(['policy', 'check', 'unknown-key.yml']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      "unknown-key.yml:3:66: error: unknown key 'audiense' in providers.github (did you mean 'audience'?); allowed: kind, issuer, audience, algorithms, allow_insecure",
      'unknown-key.yml: 1 error, 0 warnings',
      '',
    ]);
  });

  it('fails subject "*" at its file:line:column', async () => {
    const result = await stint(['policy', 'check', 'star.yml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^star\.yml:6:38: error: projects\.warehouse\.trust\[0\]: subject "\*" is only wildcards: it would trust every job github issues a token for;/,
    );
  });

  it('warns about a name-only GitHub line and still exits 0', async () => {
    const result = await stint(['policy', 'check', 'unpinned.yml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'unpinned.yml:7:18: warning: projects.warehouse.trust[0]: subject "repo:acme/warehouse:ref:refs/heads/main" names the repository without its IDs',
    );
    expect(result.stdout).toContain('pin it: repo:acme@<owner id>/warehouse@<repository id>:ref:refs/heads/main');
    expect(result.stdout).toMatch(/unpinned\.yml: OK \(1 provider, 1 project, 1 rule, 1 warning\)\n$/);
  });

  it('prints every diagnostic as JSON with --json', async () => {
    const failed = await stint(['policy', 'check', '--json', 'star.yml']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      file: 'star.yml',
      ok: false,
      errors: 1,
      warnings: 0,
      diagnostics: [
        { severity: 'error', code: 'ERR_POLICY_SUBJECT_WILDCARD', position: { file: 'star.yml', line: 6, column: 38 } },
      ],
    });
    const passed = await stint(['policy', 'check', 'unpinned.yml', '--json']);
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({
      ok: true,
      errors: 0,
      warnings: 1,
      diagnostics: [{ code: 'WARN_SUBJECT_UNPINNED' }],
    });
  });

  it('says a config is one YAML document, at the line of the second `---`', async () => {
    writeFileSync(
      join(dir, 'two-docs.yml'),
      `---\n${readFileSync(example, 'utf8')}\n---\nissuer: https://other.example\n`,
    );
    const result = await stint(['policy', 'check', 'two-docs.yml']);
    const second = readFileSync(join(dir, 'two-docs.yml'), 'utf8').split('\n').lastIndexOf('---') + 1;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `two-docs.yml:${second}:1: error: YAML: a stint config is one YAML document, and a second one starts here (\`---\`): remove it, or move its keys into the first\n`,
    );
    expect(result.stdout).not.toContain('parseAllDocuments');
  });

  it('exits 1 naming a file it cannot read, and 2 without a file', async () => {
    expect(await stint(['policy', 'check', 'nope.yml'])).toMatchObject({
      code: 1,
      stderr: 'stint: cannot read config file nope.yml: ENOENT\n',
    });
    expect(await stint(['policy', 'check'])).toMatchObject({
      code: 2,
      stderr: 'stint: stint policy check takes one FILE\n',
    });
    expect((await stint(['policy'])).code).toBe(2);
    expect(await stint(['policy', 'frobnicate'])).toMatchObject({ code: 2 });
  });
});

describe.concurrent('stint policy explain', () => {
  it('shows each field wanted vs got and allows a reviewed deploy (exit 0)', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--claims',
      'deploy.json',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'project warehouse, provider github (github, issuer https://token.actions.githubusercontent.com)',
    );
    expect(result.stdout).toContain(`trust[3] at ${example}:48:9: MATCH`);
    expect(result.stdout).toMatch(
      /✓ job_workflow_ref +wanted acme\/deploy-workflows\/\.github\/workflows\/deploy\.yml@refs\/heads\/main {2}got acme/,
    );
    expect(result.stdout).toContain('decision: ALLOWED, scopes: deploy (rules trust[3])\n');
  });

  it('denies a feature branch with the hint (exit 1)', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--claims',
      'feature.json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /✗ subject +wanted repo:acme@1234567\/warehouse@7654321:ref:refs\/heads\/main {2}got repo:acme\/warehouse:ref:refs\/heads\/feature-x/,
    );
    expect(result.stdout).toContain(
      'decision: DENIED (ERR_POLICY_DENIED)\n  hint: ref refs/heads/feature-x is not allowed for project warehouse\n',
    );
  });

  it('decodes --token without verifying it and never prints it back', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    // A token the broker would take up to its policy: its audience, and not expired.
    const token = await new SignJWT({ ...deployClaims, aud: 'https://stint.example.com' })
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime('5m')
      .sign(privateKey);
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--token',
      token,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expectNoSecret([result.stdout, result.stderr], token, 'the --token ID token');
    const parsed = JSON.parse(result.stdout) as {
      provider: string;
      decision: { ok: boolean; scopes: string[] };
      rules: { matched: boolean }[];
    };
    expect(parsed.provider).toBe('github');
    expect(parsed.decision).toMatchObject({ ok: true, scopes: ['deploy'] });
    expect(parsed.rules.map((r) => r.matched)).toEqual([false, false, false, true, false]);
  });

  it('refuses a token that is not a JWT without echoing it', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--token',
      'not-a-jwt-secret-value',
    ]);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'stint: --token is not a JWT (three base64url parts with a JSON payload)\n',
    });
  });

  it('takes --provider for claims without iss (a GitLab tag release)', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'docs',
      '--claims',
      'gitlab.json',
      '--provider',
      'gitlab',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('project docs, provider gitlab (gitlab, issuer https://gitlab.com)');
    expect(result.stdout).toContain('decision: ALLOWED, scopes: publish (rules trust[0])\n');
  });

  it('names the configured providers when no issuer matches', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--claims',
      'stranger.json',
    ]);
    expect(result).toMatchObject({
      code: 1,
      stderr:
        "stint: no configured provider has issuer 'https://token.actions.example.org'; pass --provider NAME (configured: github, gitlab)\n",
    });
  });

  it('reads a claims file that starts with a UTF-8 byte order mark, as it reads configs', async () => {
    writeFileSync(join(dir, 'bom.json'), `\uFEFF${JSON.stringify(deployClaims)}`);
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--claims',
      'bom.json',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('decision: ALLOWED');
  });

  it('needs exactly one of --token and --claims (exit 2)', async () => {
    expect((await stint(['policy', 'explain', '--config', example, '--project', 'warehouse'])).code).toBe(2);
  });
});

describe('a CircleCI provider whose audience is not the organization ID', () => {
  const org = 'c9a1c3c2-5f3e-4b6a-9d1e-2f4a6b8c0d1e';
  const config = (provider: string) =>
    [
      'issuer: https://stint.example.com',
      'providers:',
      `  circleci: ${provider}`,
      'projects:',
      '  warehouse:',
      '    trust:',
      `      - { provider: circleci, subject: "org/${org}/project/e5b2d7a4-1c3f-4e5a-8b9c-0d1e2f3a4b5c/user/*/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/main" }`,
      '',
    ].join('\n');
  const fix = `a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to ${org}`;

  it('stint policy check warns, at the provider, with the fix the first refused exchange would give', async () => {
    writeFileSync(join(dir, 'circleci-no-audience.yml'), config(`{ issuer: https://oidc.circleci.com/org/${org} }`));
    const result = await stint(['policy', 'check', 'circleci-no-audience.yml']);
    expect(result).toEqual({
      code: 0,
      stdout: `circleci-no-audience.yml:3:3: warning: providers.circleci.audience is not set, so it is the broker's issuer 'https://stint.example.com', which no circleci ID token carries: ${fix}\ncircleci-no-audience.yml: OK (1 provider, 1 project, 1 rule, 1 warning)\n`,
      stderr: '',
    });
  });

  it('an audience that is another value is warned about at that value; the organization ID passes', async () => {
    writeFileSync(
      join(dir, 'circleci-wrong-audience.yml'),
      config(`{ issuer: https://oidc.circleci.com/org/${org}, audience: https://stint.example.com }`),
    );
    const wrong = await stint(['policy', 'check', 'circleci-wrong-audience.yml']);
    expect(wrong.code).toBe(0);
    expect(wrong.stdout).toContain(
      `circleci-wrong-audience.yml:3:101: warning: providers.circleci.audience is 'https://stint.example.com', which no circleci ID token carries: ${fix}\n`,
    );
    writeFileSync(
      join(dir, 'circleci-audience.yml'),
      config(`{ issuer: https://oidc.circleci.com/org/${org}, audience: ${org} }`),
    );
    expect(await stint(['policy', 'check', 'circleci-audience.yml'])).toEqual({
      code: 0,
      stdout: 'circleci-audience.yml: OK (1 provider, 1 project, 1 rule, 0 warnings)\n',
      stderr: '',
    });
  });
});
