import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

// Runs the BUILT CLI (`npm run build -- cli`) as a user would.
const examples = resolve('examples/policy-tests');
const config = join(examples, 'stint.yml');
let dir: string;

function stint(args: string[], cwd = dir): Promise<CliRun> {
  return runCli(args, { cwd });
}

/** A case file in the test's own dir, testing the examples' config. */
function cases(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `config: ${config}\ncases:\n${body}`);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-policy-test-'));
});

describe('stint policy test', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.yml') && f !== 'stint.yml');

  it('ships cases for every CI stint knows', () => {
    expect(files.sort()).toEqual(['buildkite.yml', 'circleci.yml', 'github.yml', 'gitlab.yml', 'jenkins.yml']);
    for (const file of files)
      expect(readFileSync(join(examples, file), 'utf8')).toContain(`example: ${file.slice(0, -4)}`);
  });

  it.each(files)('the example cases of examples/policy-tests/%s pass, run from anywhere', async (file) => {
    const { code, stdout, stderr } = await stint(['policy', 'test', join(examples, file), '--verbose']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const count = (readFileSync(join(examples, file), 'utf8').match(/^ {2}- name:/gmu) ?? []).length;
    expect(count).toBeGreaterThan(1);
    expect(stdout.match(/^PASS {2}/gmu)).toHaveLength(count);
    expect(stdout).toContain(`PASS: ${count}/${count} cases passed`);
  });

  it('runs several files in one go, against one config', async () => {
    const { code, stdout } = await stint(
      ['policy', 'test', ...files.map((f) => `examples/policy-tests/${f}`)],
      resolve('.'),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PASS: 20\/20 cases passed$/mu);
  });

  it('runs the glob the examples document: the config beside the cases is left out, not refused', async () => {
    const { code, stdout, stderr } = await stint(
      ['policy', 'test', ...readdirSync(examples).map((f) => `examples/policy-tests/${f}`)],
      resolve('.'),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PASS: 20\/20 cases passed$/mu);
  });

  it('still refuses a FILE that is neither cases nor the config they test', async () => {
    const stray = join(dir, 'stray.yml');
    writeFileSync(stray, 'issuer: https://stint.example.com\n');
    const { code, stderr } = await stint(['policy', 'test', join(examples, 'github.yml'), stray]);
    expect(code).toBe(1);
    expect(stderr).toContain(`stint: ${stray} has errors; nothing was run`);
    const alone = await stint(['policy', 'test', config]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('has errors; nothing was run');
  });

  it('fails a case whose decision differs, with a diff, the reason and exit 1', async () => {
    const file = cases(
      'wrong.yml',
      `  - name: main deploys
    project: warehouse
    example: github
    expect: { allow: [read, deploy] }
  - name: a feature branch is allowed
    project: warehouse
    example: github
    claims: { sub: "repo:acme/warehouse:ref:refs/heads/feature/x", ref: refs/heads/feature/x }
    expect: { allow: true }
  - name: gitlab main is denied
    project: warehouse
    example: gitlab
    expect: { deny: ERR_POLICY_DENIED }
  - name: the right code, the wrong hint
    project: warehouse
    example: github
    claims: { repository_id: "9999999" }
    expect: { deny: ERR_POLICY_DENIED, hint: "is not trusted" }
  - name: this one passes
    project: warehouse
    example: buildkite
    expect: { allow: [write, read] }
`,
    );
    const { code, stdout } = await stint(['policy', 'test', file]);
    expect(code).toBe(1);
    expect(stdout).toContain(`FAIL  main deploys  (${file}:3:5, project warehouse)`);
    expect(stdout).toContain('      expected scopes: read deploy\n      got scopes:      read write\n');
    expect(stdout).toContain('      - deploy (expected, not granted)\n      + write (granted, not expected)');
    expect(stdout).toContain(
      '      expected: allow\n      got:      deny ERR_POLICY_DENIED: ref refs/heads/feature/x is not allowed for project warehouse\n      reason: no trust rule of project warehouse matched github subject repo:acme/warehouse:ref:refs/heads/feature/x',
    );
    expect(stdout).toContain('      expected: deny ERR_POLICY_DENIED\n      got:      allow read\n');
    expect(stdout).toContain(
      '      expected hint containing: is not trusted\n      got hint:                 repository acme/warehouse has ID 9999999',
    );
    expect(stdout).not.toContain('this one passes');
    expect(stdout).toMatch(/^FAIL: 1\/5 cases passed, 4 failed$/mu);

    const json = await stint(['policy', 'test', file, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      passed: number;
      failed: number;
      results: Array<Record<string, unknown>>;
    };
    expect(report).toMatchObject({ ok: false, passed: 1, failed: 4 });
    expect(report.results[2]).toMatchObject({
      name: 'gitlab main is denied',
      ok: false,
      provider: 'gitlab',
      got: 'allow read (rules trust[2])',
      line: 12,
    });
  });

  it('takes written-out claims and a JWT (decoded, never verified), and a requested scope', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const jwt = await new SignJWT({
      sub: 'https://jenkins.example.com/job/warehouse/job/main/',
      job_name: 'warehouse/main',
    })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('https://jenkins.example.com/oidc')
      .sign(privateKey);
    const file = cases(
      'forms.yml',
      `  - name: written-out claims, provider by iss
    project: warehouse
    claims: { iss: "https://gitlab.com", sub: "project_path:acme/warehouse:ref_type:branch:ref:main", namespace_id: "1234567", ref_protected: "true" }
    expect: { allow: [read] }
  - name: a jenkins token
    project: warehouse
    token: ${jwt}
    expect: { allow: [read] }
  - name: asking for less than the grant
    project: warehouse
    example: buildkite
    scope: read
    expect: { allow: [read] }
  - name: a claim removed with null
    project: warehouse
    example: gitlab
    claims: { ref_protected: null }
    expect: { deny: ERR_POLICY_DENIED, hint: "ref_protected (missing) is not allowed" }
`,
    );
    const { code, stdout, stderr } = await stint(['policy', 'test', file]);
    expect(stdout).toContain('PASS: 4/4 cases passed');
    expectNoSecret([stdout, stderr], jwt, "a case's token");
    expect(code).toBe(0);
  });

  it("--config overrides the file's config: the same cases fail against a stricter policy", async () => {
    const strict = join(dir, 'strict.yml');
    writeFileSync(
      strict,
      readFileSync(config, 'utf8').replace(
        'scopes: [read, write]\n      # GitHub: deploys',
        'scopes: [read]\n      # GitHub: deploys',
      ),
    );
    const { code, stdout } = await stint(['policy', 'test', join(examples, 'github.yml'), '--config', strict]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  a push to main builds and publishes');
    expect(stdout).toContain('- write (expected, not granted)');
  });

  it('refuses an invalid case file, naming each problem by line and column, and runs nothing (exit 1)', async () => {
    const file = cases(
      'bad.yml',
      `  - name: no project
    example: github
    expect: { allow: [read] }
  - name: both
    project: warehouse
    example: nosuchci
    expect: { allow: [read], deny: ERR_POLICY_DENIED }
  - name: typo
    project: warehouse
    example: github
    expected: { allow: [read] }
`,
    );
    const { code, stdout, stderr } = await stint(['policy', 'test', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file}:3:5: error: cases[0] needs a project`);
    expect(stderr).toContain(
      `${file}:8:14: error: cases[1].example must be one of github, gitlab, circleci, buildkite, jenkins`,
    );
    expect(stderr).toContain(`${file}:9:13: error: cases[1].expect needs exactly one of allow`);
    expect(stderr).toMatch(/bad\.yml:13:5: error: .*expected/u);
    expect(stderr).toContain(`stint: ${file} has errors; nothing was run`);
  });

  it('says a cases file is one YAML document, at the line of the second `---`', async () => {
    const file = cases(
      'two-docs.yml',
      '  - { name: x, project: warehouse, example: github, expect: { allow: true } }\n---\ncases: []\n',
    );
    const { code, stderr } = await stint(['policy', 'test', file]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `${file}:4:1: error: a cases file is one YAML document, and a second one starts here (\`---\`): remove it, or move its cases into the first\nstint: ${file} has errors; nothing was run\n`,
    );
  });

  it('names a key repeated in a case and the line it was first set at, as a broker config does', async () => {
    const file = cases(
      'repeated.yml',
      '  - name: x\n    project: warehouse\n    example: github\n    project: docs\n    expect: { allow: true }\n',
    );
    const { code, stderr } = await stint(['policy', 'test', file]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `${file}:6:5: error: YAML: Map keys must be unique: "project" is set again here (first at line 4); keep one\nstint: ${file} has errors; nothing was run\n`,
    );
  });

  it('--junit naming a directory is a usage error (exit 2) before anything runs, not EISDIR', async () => {
    const file = cases(
      'junit-dir.yml',
      '  - { name: x, project: warehouse, example: github, expect: { allow: true } }\n',
    );
    const result = await stint(['policy', 'test', file, '--junit', dir]);
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `stint: --junit ${dir} is a directory; give the file to write the report to, e.g. --junit ${join(dir, 'policy-tests.xml')}\n`,
    });
    // Under a file, as if it were a directory: one precise line too.
    const under = await stint(['policy', 'test', file, '--junit', join(file, 'report.xml')]);
    expect(under).toMatchObject({ code: 2, stdout: '' });
    expect(under.stderr).toMatch(
      /^stint: cannot write the --junit report to .*report\.xml \((ENOTDIR|EEXIST)\): give a path to a file, in a directory\n$/,
    );
  });

  it('a case naming an unconfigured provider fails, it is not skipped', async () => {
    const file = cases(
      'unknown.yml',
      '  - { name: x, project: warehouse, provider: nope, example: github, expect: { allow: true } }\n',
    );
    const { code, stdout } = await stint(['policy', 'test', file]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'provider nope is not configured (configured: github, gitlab, circleci, buildkite, jenkins)',
    );
  });

  it('usage errors exit 2; --help names every option', async () => {
    expect((await stint(['policy', 'test'])).code).toBe(2);
    const help = await stint(['policy', 'test', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--config', '--junit', '--json', '--verbose']) expect(help.stdout).toContain(flag);
    const noConfig = join(dir, 'noconfig.yml');
    writeFileSync(noConfig, 'cases:\n  - { name: x, project: warehouse, example: github, expect: { allow: true } }\n');
    const missing = await stint(['policy', 'test', noConfig]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('names no config (config: stint.yml); pass --config FILE');
  });
});

describe('a case expected to be denied that the policy allows', () => {
  it('says which subject the rules saw and which rule matched it, at its file:line:column', async () => {
    // The classic slip: the case changes ref but not sub, so the subject still names main.
    const file = cases(
      'dev-branch.yml',
      `  - name: dev branch is denied
    project: warehouse
    example: github
    claims: { ref: refs/heads/dev }
    expect: { deny: ERR_POLICY_DENIED }
`,
    );
    const { code, stdout } = await stint(['policy', 'test', file]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        `FAIL  dev branch is denied  (${file}:3:5, project warehouse)`,
        '      expected: deny ERR_POLICY_DENIED',
        '      got:      allow read write',
        '      subject:  repo:acme/warehouse:ref:refs/heads/main',
        `      matched:  trust[0] at ${config}:24:9: subject repo:acme@1234567/warehouse@7654321:ref:refs/heads/main`,
        '',
      ].join('\n'),
    );
  });
});
