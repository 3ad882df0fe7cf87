import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectFor } from '../src/broker/target.js';
import { compilePolicy, parseConfig } from '../src/policy/index.js';
import type { Policy } from '../src/policy/types.js';
import type { Claims } from '../src/providers/types.js';
import { opsPerSecond, recordBench } from './report.js';

/**
 * policy check() cost as the policy grows from 10 to 10,000 rules. The rules are spread the way
 * an organization's would be: a project per repository with five rules each (main, release
 * tags, release branches, pull requests, and a production environment behind a reusable
 * workflow), twenty repositories per GitHub organization, and every tenth project also trusting
 * a GitLab mirror. The token checked belongs to a project in the middle; the index by provider,
 * repository and owner should keep the cost flat.
 */
const SIZES = [10, 1_000, 10_000] as const;
/** Sizes are measured in interleaved rounds and the best round kept, so load from other processes on a shared machine does not land on one size only. */
const ROUNDS = 5;
const MEASURE_MS = 150;

function configWithRules(total: number): string {
  const lines = ['issuer: https://stint.example.com', 'providers:', '  github: {}', '  gitlab: {}', 'projects:'];
  let rules = 0;
  for (let p = 0; rules < total; p++) {
    const org = `org${Math.floor(p / 20)}`;
    const orgId = 1_000_000 + Math.floor(p / 20);
    const repo = `svc${p}`;
    const pinned = `repo:${org}@${orgId}/${repo}@${2_000_000 + p}`;
    lines.push(`  ${repo}:`, '    scopes: [read, write, deploy]', '    trust:');
    const projectRules = [
      `      - { provider: github, subject: "${pinned}:ref:refs/heads/main", scopes: [read, write] }`,
      `      - { provider: github, subject: "${pinned}:ref:refs/tags/v*", scopes: [read, write] }`,
      `      - { provider: github, subject: "${pinned}:ref:refs/heads/release/**", scopes: [read] }`,
      `      - { provider: github, subject: "${pinned}:pull_request", scopes: [read] }`,
      `      - { provider: github, subject: "${pinned}:environment:production", claims: { job_workflow_ref: "${org}/deploy/.github/workflows/deploy.yml@refs/heads/main", event_name: [push, workflow_dispatch] }, scopes: [deploy] }`,
    ];
    if (p % 10 === 0)
      projectRules.push(
        `      - { provider: gitlab, subject: "project_path:${org}/${repo}:ref_type:branch:ref:main", scopes: [read] }`,
      );
    for (const rule of projectRules.slice(0, total - rules)) lines.push(rule);
    rules += Math.min(projectRules.length, total - rules);
  }
  return `${lines.join('\n')}\n`;
}

function tokenFor(p: number): { allowed: Claims; denied: Claims } {
  const org = `org${Math.floor(p / 20)}`;
  const base = {
    iss: 'https://token.actions.githubusercontent.com',
    repository: `${org}/svc${p}`,
    repository_owner: org,
    repository_owner_id: String(1_000_000 + Math.floor(p / 20)),
    repository_id: String(2_000_000 + p),
    event_name: 'push',
    environment: 'production',
    job_workflow_ref: `${org}/deploy/.github/workflows/deploy.yml@refs/heads/main`,
  };
  return {
    allowed: { ...base, sub: `repo:${org}/svc${p}:environment:production` },
    denied: { ...base, sub: `repo:${org}/svc${p}:environment:staging` },
  };
}

it('policy check cost stays flat from 10 to 10,000 rules', async () => {
  const subjects: { size: number; run: () => void }[] = [];
  let compileMs = 0;
  for (const size of SIZES) {
    const startedCompile = performance.now();
    const policy: Policy = compilePolicy(parseConfig(configWithRules(size), `bench-${size}.yml`).config);
    if (size === 10_000) compileMs = performance.now() - startedCompile;
    const ruleCount = Object.values(policy.config.projects).reduce((n, project) => n + project.trust.length, 0);
    expect(ruleCount).toBe(size);

    const projects = Object.keys(policy.config.projects);
    const middle = Math.floor((projects.length - 1) / 2);
    const project = projects[middle]!;
    const { allowed, denied } = tokenFor(middle);
    expect(policy.check(project, 'github', allowed)).toMatchObject({ ok: true, scopes: ['deploy'] });
    expect(policy.check(project, 'github', denied)).toMatchObject({ ok: false, code: 'ERR_POLICY_DENIED' });
    // One allowed and one denied decision per operation.
    subjects.push({
      size,
      run: () => {
        policy.check(project, 'github', allowed);
        policy.check(project, 'github', denied);
      },
    });
  }

  const costs: Record<number, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const { size, run } of subjects) {
      const nsPerCheck = 1e9 / (await opsPerSecond(run, MEASURE_MS)) / 2;
      costs[size] = Math.min(costs[size] ?? Infinity, nsPerCheck);
    }
  }

  const ratio = costs[10_000]! / costs[10]!;
  recordBench('policy', [
    ...SIZES.map((size) => ({
      figure: `policy check, ${size.toLocaleString('en')} rules`,
      value: `${costs[size]!.toFixed(0)} ns/check`,
      target: '',
    })),
    { figure: 'policy check, 10,000 / 10 rules', value: `${ratio.toFixed(2)}×`, target: '≤ 2×', met: ratio <= 2 },
    { figure: 'parse + compile 10,000 rules', value: `${compileMs.toFixed(0)} ms`, target: '' },
    ...(await scale()),
  ]);
});

/**
 * Issue 18 item 4, in this process: the project a resource URL names, looked up in 100,000 rules
 * (20,000 projects) against 10 rules; and what `stint serve` does at start-up before it listens
 * with 100,000 rules: read the file, parse and validate it, compile the policy. Its wall and CPU
 * time, and how much the heap grew (sampled after each step, so garbage not yet collected counts).
 */
async function scale(): Promise<Array<{ figure: string; value: string; target: string; met?: boolean }>> {
  const small = parseConfig(configWithRules(10), 'small.yml').config;
  const dir = mkdtempSync(join(tmpdir(), 'stint-policy-bench-'));
  const file = join(dir, 'stint.yml');
  writeFileSync(file, configWithRules(100_000));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const text = await readFile(file, 'utf8');
  sample();
  const big = parseConfig(text, file).config;
  sample();
  compilePolicy(big);
  sample();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  // Every project serves its own URL, so the lookup goes through the audience index.
  const withUrls = (config: typeof big): typeof big => ({
    ...config,
    projects: Object.fromEntries(
      Object.entries(config.projects).map(([name, project]) => [
        name,
        { ...project, audience: `https://${name}.example.com` },
      ]),
    ),
  });
  const lookup = (config: typeof big): number => {
    const names = Object.keys(config.projects);
    const target = [{ name: 'resource' as const, value: `https://${names[names.length - 1]}.example.com` }];
    expect(projectFor(config, target)).toBe(names[names.length - 1]);
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const runs = 20_000;
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) projectFor(config, target);
      best = Math.min(best, ((performance.now() - t0) * 1e6) / runs);
    }
    return best;
  };
  const bigUrls = withUrls(big);
  const smallUrls = withUrls(small);
  lookup(smallUrls);
  const bigNs = lookup(bigUrls);
  const smallNs = lookup(smallUrls);
  const names = Object.keys(big.projects);
  const mb = (peakHeap - heapBefore) / 2 ** 20;
  return [
    {
      figure: `project by audience (/oauth2/token, /auth/oidc/exchange), ${names.length.toLocaleString('en')} projects / 2 projects (${bigNs.toFixed(0)} ns vs ${smallNs.toFixed(0)} ns)`,
      value: `${(bigNs / smallNs).toFixed(2)}×`,
      target: '≤ 2×',
      met: bigNs / smallNs <= 2,
    },
    {
      figure: `start-up with 100,000 rules: read + parse + compile (${cpuSeconds.toFixed(1)} s CPU)`,
      value: `${seconds.toFixed(1)} s`,
      target: '≤ 10 s',
      met: seconds <= 10,
    },
    {
      figure: 'start-up with 100,000 rules: heap growth (sampled after read, parse and compile)',
      value: `${mb.toFixed(0)} MB`,
      target: '≤ 500 MB',
      met: mb <= 500,
    },
  ];
}
