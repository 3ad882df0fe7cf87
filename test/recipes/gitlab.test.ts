import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { expectNoSecret } from '../helpers/secrets.js';
import {
  baseEnv,
  CLI,
  type CliAssetServer,
  createApiKey,
  fakeNpx,
  introspect,
  NPM_REFUSAL,
  NPM_SETTING,
  run,
  serveCliAsset,
  verifyStintToken,
} from './helpers.js';

/**
 * The GitLab component, run by gitlab-ci-local (shell executor) on a .gitlab-ci.yml that
 * includes it with inputs, against the real broker and a GitLab-shaped issuer. gitlab-ci-local
 * does not mint `id_tokens:`, so the test mints the token GitLab would and passes it as the
 * STINT_ID_TOKEN variable; everything else (inputs, extends, before_script, script) is GitLab's.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const GITLAB_CI_LOCAL = join(ROOT, 'node_modules/.bin/gitlab-ci-local');
const TEMPLATE = join(ROOT, 'recipes/gitlab/templates/stint.yml');

let issuer: CiIssuer;
let broker: RunningBroker;
let project: string;
/** Serves the template over HTTP, for `include: remote:`. */
let templateServer: Server;
let templateUrl: string;
let asset: CliAssetServer;
let apiKey: string;
/** TMPDIR of the jobs: where the component keeps the CLI and the token between before_script and after_script. */
let jobTmp: string;

/** A pipeline that includes the component with these CLI inputs (and no cli_path unless given). */
function cliPipeline(brokerUrl: string, job: string, cliInputs: Record<string, string>): string {
  const inputs = Object.entries(cliInputs)
    .map(([name, value]) => `      ${name}: ${value}\n`)
    .join('');
  return `include:
  - local: templates/stint.yml
    inputs:
      broker_url: ${brokerUrl}
      project: warehouse
      audience: https://stint.test
${inputs}
${job}:
  extends: .stint
  script:
    - (umask 077 && printf '%s' "$STINT_TOKEN" > "$TOKEN_OUT")
    - echo "${job} granted project=$STINT_PROJECT"
`;
}

function remotePipeline(brokerUrl: string): string {
  return `include:
  - remote: ${templateUrl}
    inputs:
      broker_url: ${brokerUrl}
      project: warehouse
      audience: https://stint.test
      cli_path: ${CLI}

remote_deploy:
  extends: .stint
  script:
    - echo "remote include granted project=$STINT_PROJECT scope=$STINT_SCOPE"
`;
}

function pipeline(brokerUrl: string): string {
  return `include:
  - local: templates/stint.yml
    inputs:
      broker_url: ${brokerUrl}
      project: warehouse
      audience: https://stint.test
      scope: read write
      cli_path: ${CLI}

deploy:
  extends: .stint
  script:
    - test -n "$STINT_TOKEN"
    - test -z "\${STINT_ID_TOKEN:-}"
    - (umask 077 && printf '%s' "$STINT_TOKEN" > "$TOKEN_OUT")
    - echo "granted project=$STINT_PROJECT scope=$STINT_SCOPE expires=$STINT_TOKEN_EXPIRES_AT"

with_own_before_script:
  extends: .stint
  before_script:
    - !reference [.stint, before_script]
    - echo "own before_script ran"
  script:
    - test -n "$STINT_TOKEN" && echo "token present in script"
`;
}

beforeAll(async () => {
  issuer = await startCiIssuer('gitlab');
  broker = await startBroker({ configYaml: ciBrokerConfig([issuer]) });
  project = mkdtempSync(join(tmpdir(), 'stint-gitlab-'));
  mkdirSync(join(project, 'templates'));
  copyFileSync(TEMPLATE, join(project, 'templates/stint.yml'));
  apiKey = await createApiKey(broker);
  jobTmp = mkdtempSync(join(tmpdir(), 'stint-gitlab-jobs-'));
  asset = await serveCliAsset(jobTmp);
  writeFileSync(
    join(project, 'asset-ci.yml'),
    cliPipeline(broker.url, 'asset_deploy', { cli_url: asset.url, cli_sha256: asset.sha256 }),
  );
  writeFileSync(
    join(project, 'tampered-ci.yml'),
    cliPipeline(broker.url, 'tampered_deploy', { cli_url: asset.tamperedUrl, cli_sha256: asset.sha256 }),
  );
  writeFileSync(join(project, 'unpinned-ci.yml'), cliPipeline(broker.url, 'unpinned_deploy', {}));
  writeFileSync(join(project, 'npm-ci.yml'), cliPipeline(broker.url, 'npm_deploy', { cli_version: '1.2.3' }));
  templateServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/yaml' });
    res.end(readFileSync(TEMPLATE));
  });
  await new Promise<void>((done) => templateServer.listen(0, '127.0.0.1', done));
  templateUrl = `http://127.0.0.1:${(templateServer.address() as AddressInfo).port}/stint.yml`;
  writeFileSync(join(project, '.gitlab-ci.yml'), pipeline(broker.url));
  writeFileSync(join(project, 'remote-ci.yml'), remotePipeline(broker.url));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: project, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://gitlab.com/acme/warehouse.git');
  git('-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'init');
  git('add', '.');
  git('-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '-m', 'pipeline');
});
afterAll(async () => {
  templateServer?.closeAllConnections();
  await new Promise((done) => (templateServer ? templateServer.close(done) : done(undefined)));
  await asset?.stop();
  await broker?.stop();
  await issuer?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
  if (jobTmp) rmSync(jobTmp, { recursive: true, force: true });
});

async function runJob(
  job: string,
  idToken: string,
  tokenOut: string,
  file = '.gitlab-ci.yml',
  path = process.env.PATH,
) {
  const result = await run(
    GITLAB_CI_LOCAL,
    [
      '--shell-executor-no-image',
      '--no-color',
      '--file',
      file,
      job,
      '--variable',
      `STINT_ID_TOKEN=${idToken}`,
      '--variable',
      `TOKEN_OUT=${tokenOut}`,
    ],
    { cwd: project, env: baseEnv({ TMPDIR: jobTmp, PATH: path }), timeoutMs: 120_000 },
  );
  const logFile = join(project, '.gitlab-ci-local/output', `${job}.log`);
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  return { ...result, log };
}

describe('GitLab component under gitlab-ci-local', () => {
  it('the template is a valid component: spec header, then the hidden job', () => {
    const docs = readFileSync(TEMPLATE, 'utf8').split(/^---$/m);
    expect(docs).toHaveLength(2);
    const spec = parseDocument(docs[0]!).toJS() as { spec: { inputs: Record<string, { default?: string }> } };
    expect(Object.keys(spec.spec.inputs).sort()).toEqual([
      'audience',
      'broker_url',
      'cli_path',
      'cli_sha256',
      'cli_url',
      'cli_version',
      'project',
      'scope',
      'ttl',
    ]);
    // No npm default: npm is used only when a job names a version.
    expect(spec.spec.inputs.cli_version?.default).toBe('');
    const jobs = parseDocument(docs[1]!).toJS() as Record<
      string,
      { id_tokens: unknown; before_script: string[]; after_script: string[] }
    >;
    expect(jobs['.stint']?.id_tokens).toEqual({ STINT_ID_TOKEN: { aud: '$[[ inputs.audience ]]' } });
    // before_script and after_script run the same CLI function (one YAML anchor).
    expect(jobs['.stint']?.after_script[0]).toBe(jobs['.stint']?.before_script[0]);
    expect(jobs['.stint']?.after_script[1]).toContain('stint revoke');
  });

  it('a job that extends .stint gets a real STINT_TOKEN, and the log never shows it', async () => {
    const idToken = await issuer.mint();
    const tokenOut = join(project, 'token-deploy');
    const result = await runJob('deploy', idToken, tokenOut);
    expect(result.stdout).toContain('PASS  deploy');
    expect(result.code).toBe(0);
    const token = readFileSync(tokenOut, 'utf8');
    const claims = await verifyStintToken(broker.url, token);
    expect(claims).toMatchObject({ project: 'warehouse', sub: issuer.subject, scope: 'read write' });
    expect(result.stdout).toContain('granted project=warehouse scope=read write expires=');
    expectNoSecret([result.stdout, result.stderr, result.log], token, 'the stint token');
    expectNoSecret([result.stdout, result.stderr, result.log], idToken, 'the ID token');
    // after_script revoked it, and left nothing behind.
    expect(result.stderr).toContain('stint: revoked the token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    expect(readdirSync(jobTmp).filter((name) => name.startsWith('stint-job-'))).toEqual([]);
  });

  it('by default runs the release asset only when its SHA-256 is the pinned one; after_script revokes with it', async () => {
    const tokenOut = join(project, 'token-asset');
    const idToken = await issuer.mint();
    const result = await runJob('asset_deploy', idToken, tokenOut, 'asset-ci.yml');
    expect(result.stdout).toContain('PASS  asset_deploy');
    expect(result.stdout).toContain('asset_deploy granted project=warehouse');
    const token = readFileSync(tokenOut, 'utf8');
    expectNoSecret([result.stdout, result.stderr, result.log], token, 'the stint token');
    expectNoSecret([result.stdout, result.stderr, result.log], idToken, 'the ID token');
    expect(result.stderr).toContain('stint: revoked the token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    // One download: after_script ran the copy before_script had verified (checked again before it ran).
    expect(asset.requests.filter((path) => path.startsWith('/download/'))).toHaveLength(1);
  });

  it('refuses a tampered asset before it runs, naming the expected and the actual digest', async () => {
    const result = await runJob(
      'tampered_deploy',
      await issuer.mint(),
      join(project, 'token-tampered'),
      'tampered-ci.yml',
    );
    expect(result.stdout).toContain('FAIL  tampered_deploy');
    expect(result.stdout).toContain(`its SHA-256 is ${asset.tamperedSha256}, but ${asset.sha256} is pinned.`);
    expect(result.stdout).not.toContain('tampered_deploy granted');
    expect(existsSync(asset.tamperedMarker)).toBe(false);
  });

  it('with nothing pinned and nothing set, fails closed and names the inputs to set', async () => {
    const result = await runJob(
      'unpinned_deploy',
      await issuer.mint(),
      join(project, 'token-unpinned'),
      'unpinned-ci.yml',
    );
    expect(result.stdout).toContain('FAIL  unpinned_deploy');
    expect(result.stdout).toContain(
      "stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with the component's inputs cli_path, or cli_url with cli_sha256",
    );
    expect(result.stdout).not.toMatch(NPM_SETTING);
  });

  it('refuses cli_version before npx runs, and the job never gets a token', async () => {
    const npx = fakeNpx(join(jobTmp, 'npm-version'));
    const result = await runJob(
      'npm_deploy',
      await issuer.mint(),
      join(project, 'token-npm'),
      'npm-ci.yml',
      `${npx.bin}:${process.env.PATH}`,
    );
    expect(result.stdout).toContain('FAIL  npm_deploy');
    expect(result.stdout).toContain(
      NPM_REFUSAL('1.2.3', "the component's inputs cli_path, or cli_url with cli_sha256"),
    );
    expect(result.stdout).not.toContain('npm_deploy granted');
    expect(existsSync(join(project, 'token-npm'))).toBe(false);
    expect(npx.ran()).toBe(false);
  });

  it('a job with its own before_script keeps the exchange through !reference', async () => {
    const result = await runJob('with_own_before_script', await issuer.mint(), join(project, 'unused'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('own before_script ran');
    expect(result.stdout).toContain('token present in script');
  });

  it('works as a plain include: remote with inputs (the template served over HTTP)', async () => {
    const idToken = await issuer.mint();
    const result = await runJob('remote_deploy', idToken, join(project, 'unused'), 'remote-ci.yml');
    expect(result.stdout).toContain('PASS  remote_deploy');
    expect(result.stdout).toContain('remote include granted project=warehouse scope=read write');
    expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
  });

  it('the catalog project (recipes/gitlab as a project root): its own pipeline self-tests the pinned CLI release and releases on a tag', async () => {
    // The component as a release leaves it: recipes pinned to the asset (served here), the folder a project of its own.
    const root = join(jobTmp, 'catalog');
    cpSync(join(ROOT, 'recipes'), join(root, 'recipes'), { recursive: true });
    const pinned = await run(
      process.execPath,
      [join(ROOT, 'scripts/pin-recipes.mjs'), '--root', root, '--url', asset.url, '--sha256', asset.sha256],
      { env: baseEnv() },
    );
    expect(pinned.code, pinned.stderr).toBe(0);
    const catalog = join(root, 'recipes/gitlab');
    expect(readdirSync(catalog).sort()).toEqual(
      expect.arrayContaining(['.gitlab-ci.yml', 'LICENSE', 'README.md', 'templates']),
    );
    const git = (...args: string[]) => execFileSync('git', args, { cwd: catalog, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://gitlab.com/acme/warehouse.git');
    git('add', '.');
    git('-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '-m', 'component');
    const idToken = await issuer.mint({ aud: 'https://stint.selftest' });
    const result = await run(
      GITLAB_CI_LOCAL,
      [
        '--force-shell-executor',
        '--no-color',
        '--ignore-predefined-vars',
        'CI_SERVER_URL',
        'component-selftest',
        '--variable',
        `STINT_ID_TOKEN=${idToken}`,
        '--variable',
        `CI_SERVER_URL=${issuer.url}`,
        '--variable',
        `STINT_SELFTEST_PORT=${await freePort()}`,
      ],
      { cwd: catalog, env: baseEnv({ TMPDIR: jobTmp }), timeoutMs: 180_000 },
    );
    expect(result.stdout, result.stderr).toContain('PASS  component-selftest');
    expect(result.stdout).toContain("selftest: the component's token is live (project selftest, scope read)");
    expect(result.stdout).toContain('selftest: after_script revoked the token');
    expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
    expect(result.stdout + result.stderr).not.toMatch(/stint_sk_/);
    expect(
      readdirSync(jobTmp).filter((name) => name.startsWith('stint-selftest-') || name.startsWith('stint-job-')),
    ).toEqual([]);

    // The release job: on an X.Y.Z tag only (the catalog's versions), after the self-test, with
    // the release keyword the catalog publishes from. gitlab-ci-local evaluates the rules as GitLab
    // does (and validates the file against GitLab's CI schema).
    const pipelineOn = async (tag?: string): Promise<string[]> => {
      const listed = await run(
        GITLAB_CI_LOCAL,
        ['--list', '--no-color', ...(tag === undefined ? [] : ['--variable', `CI_COMMIT_TAG=${tag}`])],
        { cwd: catalog, env: baseEnv({ TMPDIR: jobTmp }), timeoutMs: 120_000 },
      );
      expect(listed.code, listed.stderr).toBe(0);
      const header = listed.stdout.split('\n').findIndex((line) => /^name\s+description\s+stage/.test(line));
      expect(header, listed.stdout).toBeGreaterThanOrEqual(0);
      return listed.stdout
        .split('\n')
        .slice(header + 1)
        .map((line) => line.split(/\s+/)[0]!)
        .filter((name) => name !== '');
    };
    expect(await pipelineOn()).toEqual(['component-selftest']);
    expect(await pipelineOn('1.2.3')).toEqual(['component-selftest', 'release']);
    expect(await pipelineOn('v1.2.3')).toEqual(['component-selftest']);
    expect(await pipelineOn('1.2')).toEqual(['component-selftest']);
    const jobs = parseDocument(readFileSync(join(catalog, '.gitlab-ci.yml'), 'utf8')).toJS() as Record<
      string,
      { stage?: string; release?: { tag_name: string } }
    >;
    expect(jobs.release).toMatchObject({ stage: 'release', release: { tag_name: '$CI_COMMIT_TAG' } });
    expect(readFileSync(join(catalog, 'LICENSE'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
  });

  it('a denied ref fails the job before its script, with the reason and request_id', async () => {
    const idToken = await issuer.mint({
      sub: 'project_path:acme/warehouse:ref_type:branch:ref:feature-x',
      ref: 'feature-x',
    });
    const result = await runJob('deploy', idToken, join(project, 'token-denied'));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('FAIL  deploy');
    expect(result.stdout).toMatch(/HTTP 403 access_denied: .+ \(request_id [0-9a-f-]{36}\)/);
    expect(result.stdout).toContain('stint: exchange failed (see above)');
    expect(result.stdout).not.toContain('granted project=');
    expect(existsSync(join(project, 'token-denied'))).toBe(false);
    expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
  });
});
