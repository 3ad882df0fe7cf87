import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { baseEnv, type RunResult, run } from './helpers.js';

/**
 * .github/workflows/release.yml publishes the CLI asset every recipe downloads by default; before
 * it publishes anything it must check that the tagged commit's recipes pin exactly that file
 * (recipes/cli/README.md). Its step is run here as the runner would, with bash, in a copy of the
 * repository, on the asset scripts/release-asset.mjs makes.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const NAME = `stint-cli-${version}.mjs`;
const TAG = `v${version}`;
const RELEASE_URL = `https://github.com/acme/stint/releases/download/${TAG}/${NAME}`;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
}
const workflow = parseDocument(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')).toJS() as {
  jobs: Record<string, { steps: Step[] }>;
};
const steps = workflow.jobs.release!.steps;
const indexOf = (what: string, found: (step: Step) => boolean): number => {
  const index = steps.findIndex(found);
  expect(index, `release.yml's release job has a step that ${what}`).toBeGreaterThanOrEqual(0);
  return index;
};
const verifyStep = () =>
  indexOf('runs pin-recipes.mjs --verify', (step) => /pin-recipes\.mjs --verify/.test(step.run ?? ''));

let dir: string;
let repo: string;
let sha256: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-release-workflow-'));
  repo = join(dir, 'repo');
  cpSync(join(ROOT, 'recipes'), join(repo, 'recipes'), { recursive: true });
  cpSync(join(ROOT, 'scripts/pin-recipes.mjs'), join(repo, 'scripts/pin-recipes.mjs'));
  // pin-recipes repacks the orb with this checkout's packer, which needs its node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
  const made = await run(process.execPath, [join(ROOT, 'scripts/release-asset.mjs'), '--out', join(repo, 'release')], {
    env: baseEnv(),
  });
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  sha256 = readFileSync(join(repo, 'release/SHA256SUMS'), 'utf8').split(/\s+/)[0]!;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the release job's verify step in the copy, as the runner runs a `run:` (bash -e). */
function runVerifyStep(): Promise<RunResult> {
  return run('bash', ['-e', '-c', steps[verifyStep()]!.run!], {
    cwd: repo,
    env: baseEnv({
      GITHUB_REF_NAME: TAG,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/stint',
    }),
  });
}

function pin(url: string): Promise<RunResult> {
  return run(process.execPath, [join(repo, 'scripts/pin-recipes.mjs'), '--url', url, '--sha256', sha256], {
    cwd: repo,
    env: baseEnv(),
  });
}

describe('the release workflow checks the recipes pin the CLI asset it publishes', () => {
  it('has the check after the asset is built and before anything is attested or published', () => {
    const built = indexOf('builds the asset', (step) => /scripts\/release-asset\.mjs/.test(step.run ?? ''));
    const verify = verifyStep();
    const attest = indexOf('attests', (step) => (step.uses ?? '').startsWith('actions/attest-build-provenance@'));
    const publish = indexOf('publishes to npm', (step) => /npm publish/.test(step.run ?? ''));
    const release = indexOf('creates the GitHub release', (step) => /gh release create/.test(step.run ?? ''));
    expect(built).toBeLessThan(verify);
    expect(verify).toBeLessThan(Math.min(attest, publish, release));
  });

  it('fails the release when the recipes pin nothing (as before the first release)', async () => {
    const result = await runVerifyStep();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pin-recipes: the recipes do not pin release/${NAME}:`);
    expect(result.stderr).toContain(
      `recipes/gitlab/templates/stint.yml pins (no URL) with sha256 (none), not ${RELEASE_URL} with sha256 ${sha256}`,
    );
  });

  it('fails the release when the recipes pin this file at another release URL', async () => {
    const elsewhere = `https://github.com/acme/stint/releases/download/v0.0.9/${NAME}`;
    expect((await pin(elsewhere)).code).toBe(0);
    const result = await runVerifyStep();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`recipes/jenkins/vars/stint.groovy pins ${elsewhere} with sha256 ${sha256}`);
  });

  it('passes when every recipe pins this file at this release URL', async () => {
    const pinned = await pin(RELEASE_URL);
    expect(pinned.stderr).toBe('');
    const result = await runVerifyStep();
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`every recipe pins release/${NAME}\n`);
    expect(result.code).toBe(0);
  });
});
