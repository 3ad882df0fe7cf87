import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { baseEnv, type RunResult, run } from './helpers.js';

/**
 * .github/workflows/release.yml publishes the npm tarball with provenance. npm refuses such a
 * publish (E422) unless the package's repository.url names the repository the workflow runs in,
 * and the tree does not know that repository (the docs write OWNER/stint): the workflow sets the
 * field from the run before it packs. Its steps run here as the runner runs them (bash -e -o
 * pipefail), in a copy of the package, for a repository whose name has capitals (npm compares
 * the URL case-sensitively).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const TARBALL = `${name}-${version}.tgz`;
const TAG = `v${version}`;
const REPOSITORY = 'Acme-Corp/stint';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
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
const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '');
const packStep = () => indexOf('runs npm pack', runs(/npm pack/));
const publishStep = () => indexOf('runs npm publish', runs(/npm publish/));

let dir: string;
let repo: string;
let bin: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-release-npm-'));
  repo = join(dir, 'repo');
  for (const file of [
    'package.json',
    'action.yml',
    'README.md',
    'SECURITY.md',
    'LICENSE',
    'dist',
    'scripts/release-asset.mjs',
  ])
    cpSync(join(ROOT, file), join(repo, file), { recursive: true });
  // An npm for the publish step: `view` answers what $NPM_VIEW says the registry has (nothing:
  // exit 1, as npm does for a package it does not know), `publish` records the file it was given.
  bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'npm'),
    `#!/bin/sh
case "$1" in
  view) [ -n "$NPM_VIEW" ] || { echo 'npm error code E404' >&2; exit 1; }; echo "$NPM_VIEW" ;;
  publish) shift; echo "$*" > '${dir}/published'; sha256sum "$1" | cut -d' ' -f1 >> '${dir}/published' ;;
  *) echo "unexpected npm $*" >&2; exit 2 ;;
esac
`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
  // A gh for the draft release step, over one release kept in $GH_DIR: `state` is absent (no
  // release), draft or published; `SHA256SUMS` is the published release's; `calls` logs each call.
  writeFileSync(
    join(bin, 'gh'),
    `#!/bin/sh
echo "gh $*" >> "$GH_DIR/calls"
case "$1 $2" in
  'release view') [ -f "$GH_DIR/state" ] || { echo 'release not found' >&2; exit 1; }
    if [ "$(cat "$GH_DIR/state")" = draft ]; then echo true; else echo false; fi ;;
  'release download') cat "$GH_DIR/SHA256SUMS" ;;
  'release create') echo draft > "$GH_DIR/state" ;;
  'release upload') ;;
  *) echo "unexpected gh $*" >&2; exit 2 ;;
esac
`,
  );
  chmodSync(join(bin, 'gh'), 0o755);
  const packed = await runStep(packStep());
  expect(packed.stderr).toBe('');
  expect(packed.code).toBe(0);
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs one of the release job's steps in the copy, as the runner runs a `run:` in GitHub's bash. */
function runStep(index: number, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', steps[index]!.run!], {
    cwd: repo,
    env: baseEnv({
      GITHUB_REF_NAME: TAG,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: REPOSITORY,
      npm_config_loglevel: 'error',
      ...env,
    }),
    timeoutMs: 120_000,
  });
}

/** The publish step, always with the npm above first on PATH: it must never reach the registry. */
const runPublish = (env: { NPM_VIEW?: string }) =>
  runStep(publishStep(), { PATH: `${bin}:${process.env.PATH}`, ...env });

/** The draft release step with the gh above, over a release in the state given (none, draft, or published with these SHA256SUMS). */
async function runDraftStep(release: { state?: 'draft' | 'published'; sums?: string }) {
  const ghDir = mkdtempSync(join(dir, 'gh-'));
  if (release.state) writeFileSync(join(ghDir, 'state'), release.state);
  if (release.sums !== undefined) writeFileSync(join(ghDir, 'SHA256SUMS'), release.sums);
  const draftStep = indexOf('creates a draft release', runs(/gh release create [^\n]*--draft/));
  const result = await runStep(draftStep, { PATH: `${bin}:${process.env.PATH}`, GH_DIR: ghDir });
  return { ...result, calls: readFileSync(join(ghDir, 'calls'), 'utf8').trimEnd().split('\n') };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sha512Integrity = (file: string) => `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;

describe('the npm tarball the release workflow publishes with provenance', () => {
  it('holds repository.url for the repository the workflow runs in', async () => {
    const manifest = await run('tar', ['-xzOf', join(repo, 'release', TARBALL), 'package/package.json'], {
      env: baseEnv(),
    });
    expect(manifest.code).toBe(0);
    expect((JSON.parse(manifest.stdout) as { repository?: unknown }).repository).toEqual({
      type: 'git',
      url: `git+https://github.com/${REPOSITORY}.git`,
    });
  });

  it('is the file SHA256SUMS lists, and that list is what gets attested', () => {
    const sums = readFileSync(join(repo, 'release/SHA256SUMS'), 'utf8');
    expect(sums).toContain(`${sha256(join(repo, 'release', TARBALL))}  ${TARBALL}\n`);
    const attest = indexOf('attests', (step) => (step.uses ?? '').startsWith('actions/attest-build-provenance@'));
    expect(steps[attest]!.with?.['subject-checksums']).toBe('release/SHA256SUMS');
    expect(packStep()).toBeLessThan(attest);
  });

  it('is published as packed: npm publish gets that very file, with provenance', async () => {
    const result = await runPublish({});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'published'), 'utf8')).toBe(
      `release/${TARBALL} --provenance --access public --tag latest\n${sha256(join(repo, 'release', TARBALL))}\n`,
    );
  });

  it('is left alone on a re-run when npm already has this very tarball', async () => {
    rmSync(join(dir, 'published'), { force: true });
    const result = await runPublish({ NPM_VIEW: sha512Integrity(join(repo, 'release', TARBALL)) });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${name}@${version} is already on npm with this tarball\n`);
    expect(result.code).toBe(0);
    expect(() => readFileSync(join(dir, 'published'))).toThrow();
  });

  it('fails when npm already has this version with another tarball', async () => {
    const other = `sha512-${Buffer.alloc(64, 1).toString('base64')}`;
    const result = await runPublish({ NPM_VIEW: other });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error::${name}@${version} is already on npm with another tarball (${other}, this run built ${sha512Integrity(join(repo, 'release', TARBALL))}); bump the version for a new release`,
    );
  });

  it('comes out in an order a failed run can be re-run from: draft release, npm, release, v1', () => {
    const draft = indexOf('creates a draft release', runs(/gh release create [^\n]*--draft/));
    const published = indexOf('publishes the release', runs(/gh release edit [^\n]*--draft=false/));
    const major = indexOf('moves the major tag', runs(/git push -f origin "refs\/tags\/\$major"/));
    expect(packStep()).toBeLessThan(draft);
    expect(draft).toBeLessThan(publishStep());
    expect(publishStep()).toBeLessThan(published);
    expect(published).toBeLessThan(major);
    // No other step makes or changes a release.
    const touching = steps.flatMap((step, index) =>
      /gh release (create|edit|upload|delete)/.test(step.run ?? '') ? [index] : [],
    );
    expect(touching).toEqual([draft, published]);
  });
});

describe('the draft GitHub release the release workflow makes before it publishes to npm', () => {
  const upload = `gh release upload ${TAG} release/SHA256SUMS release/${TARBALL} release/stint-cli-${version}.mjs --clobber`;

  it('is created as a draft from the pushed tag, with the three files', async () => {
    const result = await runDraftStep({});
    expect(result.stderr).toBe('release not found\n');
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([
      `gh release view ${TAG} --json isDraft --jq .isDraft`,
      `gh release create ${TAG} --draft --verify-tag --title stint ${version} --generate-notes`,
      upload,
    ]);
  });

  it('gets the files again when a failed run left it a draft', async () => {
    const result = await runDraftStep({ state: 'draft' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([`gh release view ${TAG} --json isDraft --jq .isDraft`, upload]);
  });

  it('is left alone when an earlier run published it with these very files', async () => {
    const result = await runDraftStep({
      state: 'published',
      sums: readFileSync(join(repo, 'release/SHA256SUMS'), 'utf8'),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`release ${TAG} is already published with these files\n`);
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([
      `gh release view ${TAG} --json isDraft --jq .isDraft`,
      `gh release download ${TAG} --pattern SHA256SUMS --output -`,
    ]);
  });

  it('fails when it is published with other files', async () => {
    const result = await runDraftStep({ state: 'published', sums: `${'0'.repeat(64)}  ${TARBALL}\n` });
    expect(result.stdout).toBe(
      `::error::release ${TAG} is already published with other files than this run built; bump the version for a new release\n`,
    );
    expect(result.code).toBe(1);
    expect(result.calls).toHaveLength(2);
  });
});
