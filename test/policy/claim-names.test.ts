import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/**
 * A claim condition on a claim the provider's CI never issues (docs/policy.md#claim-names): an
 * error of `stint policy check`, a warning when the broker loads the config. Through the built CLI.
 */
let dir: string;
const brokers: RunningBroker[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-claim-names-'));
});
afterAll(async () => {
  for (const broker of brokers) await broker.stop();
  rmSync(dir, { recursive: true, force: true });
});

const config = (rules: string) => `issuer: https://stint.example.com
keys: { dir: keys }
audit: { file: audit.jsonl }
providers:
  github: {}
  gitlab: { issuer: https://gitlab.com }
  circleci: { issuer: https://oidc.circleci.com/org/0f1e2d3c-4b5a-4697-8a9b-c0d1e2f3a4b5 }
  buildkite: {}
  jenkins: { issuer: https://jenkins.acme.example/oidc }
projects:
  warehouse:
    scopes: [read]
    trust:
${rules}`;

const GITHUB_MAIN = `      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
`;

async function check(name: string, rules: string): Promise<{ code: number; output: string }> {
  writeFileSync(join(dir, name), config(rules));
  const run = await runCli(['policy', 'check', join(dir, name)]);
  return { code: run.code, output: run.stdout + run.stderr };
}

describe('claim names a CI never issues', () => {
  it('stint policy check fails on a misspelt claim, at the claim, with the nearest name and the known ones', async () => {
    const { code, output } = await check('typo.yml', `${GITHUB_MAIN}        claims: { refs: refs/heads/main }\n`);
    expect(code).toBe(1);
    expect(output).toMatch(
      /typo\.yml:16:19: error: projects\.warehouse\.trust\[0\]: claim 'refs' is not one that GitHub Actions tokens carry, so this rule would never match; did you mean 'ref'\? \(github claims: actor, actor_id, base_ref, .*\bref, .*repo_property_…\)/,
    );
    // The list offers no claim the broker checks itself.
    expect(output).not.toMatch(/github claims: [^)]*\b(?:sub|iss|aud|exp|jti)\b/);
  });

  it('knows each CI: a name far from every claim is listed without a guess', async () => {
    const { code, output } = await check(
      'others.yml',
      `      - provider: gitlab
        subject: project_path:acme/warehouse:ref_type:branch:ref:main
        claims: { namespace_ids: "1234567" }
      - provider: circleci
        subject: org/0f1e2d3c-4b5a-4697-8a9b-c0d1e2f3a4b5/project/*/user/*
        claims: { "oidc.circleci.com/vcs_ref": refs/heads/main }
      - provider: buildkite
        subject: organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:*
        claims: { zebra: x }
`,
    );
    expect(code).toBe(1);
    expect(output).toContain("claim 'namespace_ids' is not one that GitLab CI tokens carry");
    expect(output).toContain("did you mean 'namespace_id'?");
    expect(output).toContain("did you mean 'oidc.circleci.com/vcs-ref'?");
    expect(output).toMatch(
      /claim 'zebra' is not one that \S+ tokens carry, so this rule would never match \(buildkite claims: /,
    );
  });

  it('accepts every documented claim, the claim families, and any claim of a Jenkins template', async () => {
    const { code, output } = await check(
      'fine.yml',
      `${GITHUB_MAIN}        claims: { ref: refs/heads/main, check_run_id: "1", repo_property_team: payments, environment: prod }
      - provider: buildkite
        subject: organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:*
        claims: { organization_slug: acme, "agent_tag:queue": deploy, cluster_id: c1 }
      - provider: circleci
        subject: org/0f1e2d3c-4b5a-4697-8a9b-c0d1e2f3a4b5/project/*/user/*
        claims: { "oidc.circleci.com/project-id": p, "oidc.circleci.com/pipeline-definition-id": d }
      - provider: jenkins
        subject: https://jenkins.acme.example/job/warehouse/job/main/
        claims: { whatever_the_template_says: x }
`,
    );
    expect(output).not.toContain('ERR_POLICY_CLAIM_UNKNOWN');
    expect(output).not.toContain('would never match');
    expect(code, output).toBe(0);
  });

  it('is a warning, not a refusal, when the broker loads the config: it starts, logs it with its code, serves', async () => {
    const broker = await startBroker({
      configYaml: config(`${GITHUB_MAIN}        claims: { refs: refs/heads/main }\n`),
      args: ['--log-format', 'json'],
    });
    brokers.push(broker);
    await vi.waitFor(
      () =>
        expect(logEntries(broker.stdout())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            code: 'ERR_POLICY_CLAIM_UNKNOWN',
            msg: expect.stringMatching(/:16:19: warning: .*claim 'refs' .*did you mean 'ref'\?/),
          }),
        ),
      { timeout: 30_000, interval: 50 },
    );
    expect((await fetch(`${broker.url}/livez`)).status).toBe(200);
  });
});
