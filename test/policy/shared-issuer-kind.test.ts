/**
 * Under an issuer every customer of a SaaS CI shares (github.com's, gitlab.com's, Buildkite's), a
 * rule must name a literal owner. That check follows the issuer, not the provider's declared
 * `kind`: github.com's issuer declared as `kind: gitlab` (or jenkins, …) once let a rule such as
 * `repo:*:ref:refs/heads/main` load, trusting every GitHub repository in the world. Such a provider
 * is refused at load, naming the provider, the issuer and the kind it must be. Through the built
 * CLI: `stint policy check` and `stint serve`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the built CLI in a fresh directory holding `stint.yml` (runCli: a `stint serve` that
 * starts where it must refuse is killed after its ceiling, code -1).
 */
function stint(args: string[], config: string): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-shared-issuer-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'stint.yml'), config);
  return runCli(args, { cwd: dir });
}

/** One provider `ci` (kind and issuer as given) and one project trusting `subject` from it. */
function config(kind: string, issuer: string, subject: string): string {
  return [
    'issuer: https://stint.example.com',
    'providers:',
    `  ci: { kind: ${kind}, issuer: "${issuer}" }`,
    'projects:',
    '  warehouse:',
    '    scopes: [deploy]',
    '    trust:',
    '      - provider: ci',
    `        subject: "${subject}"`,
    '        scopes: [deploy]',
    '',
  ].join('\n');
}

const GITHUB = 'https://token.actions.githubusercontent.com';
/** What `stint policy check` says of `config(kind, issuer, …)`, at the issuer's line and column. */
const wrongKind = (issuer: string, kind: string, must: string) =>
  `stint.yml:3:${'  ci: { kind: , issuer: '.length + kind.length + 1}: error: providers.ci.issuer '${issuer}' issues tokens to every ${must} customer, but providers.ci is kind ${kind}: set kind: ${must} (its rules must then name a literal owner)`;

async function codes(config: string): Promise<string[]> {
  const result = await stint(['policy', 'check', '--json', 'stint.yml'], config);
  expect(result.code).toBe(1);
  return (JSON.parse(result.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
}

describe.concurrent("a shared issuer under another CI's kind", () => {
  it("github.com's issuer as kind gitlab: refused, and so is the owner-less rule", async () => {
    const text = config('gitlab', GITHUB, 'repo:*:ref:refs/heads/main');
    const result = await stint(['policy', 'check', 'stint.yml'], text);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${wrongKind(GITHUB, 'gitlab', 'github')}\n`);
    expect(result.stdout).toContain(
      `stint.yml:9:18: error: projects.warehouse.trust[0]: subject "repo:*:ref:refs/heads/main" does not name a literal owner, and ${GITHUB} issues tokens to every github customer`,
    );
    expect(await codes(text)).toEqual(['ERR_CONFIG_INVALID', 'ERR_POLICY_OWNER_WILDCARD']);
  });

  it("github.com's issuer as kind jenkins, circleci or buildkite: refused", async () => {
    for (const kind of ['jenkins', 'circleci', 'buildkite']) {
      const result = await stint(['policy', 'check', 'stint.yml'], config(kind, GITHUB, 'repo:*:ref:refs/heads/main'));
      expect(result.code, kind).toBe(1);
      expect(result.stdout, kind).toContain(`${wrongKind(GITHUB, kind, 'github')}\n`);
    }
  });

  it('another spelling of the issuer (case of the host, a trailing slash) is still that issuer', async () => {
    for (const issuer of ['https://Token.Actions.GitHubUserContent.com', `${GITHUB}/`]) {
      const result = await stint(
        ['policy', 'check', 'stint.yml'],
        config('gitlab', issuer, 'repo:*:ref:refs/heads/main'),
      );
      expect(result.code, issuer).toBe(1);
      expect(result.stdout, issuer).toContain(`${wrongKind(issuer, 'gitlab', 'github')}\n`);
    }
  });

  it("gitlab.com's issuer as kind github: refused, naming kind gitlab", async () => {
    const result = await stint(
      ['policy', 'check', 'stint.yml'],
      config('github', 'https://gitlab.com', 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${wrongKind('https://gitlab.com', 'github', 'gitlab')}\n`);
  });

  it('stint serve refuses to start on it', async () => {
    const result = await stint(
      ['serve', '--config', 'stint.yml', '--host', '127.0.0.1', '--port', '0'],
      config('jenkins', GITHUB, 'repo:*:ref:refs/heads/main'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `stint.yml:3:32: providers.ci.issuer '${GITHUB}' issues tokens to every github customer, but providers.ci is kind jenkins: set kind: github`,
    );
  });

  it('the issuer under its own kind, and issuers no one shares, load as before', async () => {
    const pinned = await stint(
      ['policy', 'check', 'stint.yml'],
      config('github', GITHUB, 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main'),
    );
    expect(pinned).toEqual({
      code: 0,
      stdout: 'stint.yml: OK (1 provider, 1 project, 1 rule, 0 warnings)\n',
      stderr: '',
    });
    // An enterprise's own issuer on github.com's host and a self-managed GitLab are not shared:
    // an open owner there is the admin's call.
    for (const [kind, issuer, subject] of [
      ['github', `${GITHUB}/acme-enterprise`, 'repo:*/warehouse:ref:refs/heads/main'],
      ['gitlab', 'https://gitlab.example.com', 'project_path:*/warehouse:ref_type:branch:ref:main'],
    ] as const) {
      const result = await stint(['policy', 'check', 'stint.yml'], config(kind, issuer, subject));
      expect(result.stdout, issuer).not.toContain('error:');
      expect(result.code, issuer).toBe(0);
    }
  });
});
