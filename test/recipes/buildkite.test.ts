import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer, writeStubBuildkiteAgent } from '../helpers/ci-issuers.js';
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
 * The Buildkite plugin's hooks, run as the agent runs them: each hook in its own bash, the
 * variables it exports carried into the job's command, with BUILDKITE_PLUGIN_STINT_* from the
 * plugin's configuration and a stand-in `buildkite-agent` on PATH that mints tokens from a
 * Buildkite-shaped issuer. Against the real broker.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const PLUGIN = join(ROOT, 'recipes/buildkite');

let issuer: CiIssuer;
let broker: RunningBroker;
let dir: string;
let asset: CliAssetServer;
let apiKey: string;

beforeAll(async () => {
  issuer = await startCiIssuer('buildkite');
  // A second project whose only rule names another pipeline: exchanges for it are denied.
  const extra = `  ledger:
    scopes: [read]
    trust:
      - provider: buildkite
        subject: "organization:acme:pipeline:ledger:ref:refs/heads/main:commit:*:step:*"
`;
  broker = await startBroker({ configYaml: ciBrokerConfig([issuer], { extra }) });
  dir = mkdtempSync(join(tmpdir(), 'stint-buildkite-'));
  writeStubBuildkiteAgent(dir, issuer);
  asset = await serveCliAsset(dir);
  apiKey = await createApiKey(broker);
});
afterAll(async () => {
  await asset?.stop();
  await broker?.stop();
  await issuer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The agent's job environment plus the plugin's configuration as BUILDKITE_PLUGIN_STINT_*. */
function jobEnv(config: Record<string, string>): NodeJS.ProcessEnv {
  const plugin = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      `BUILDKITE_PLUGIN_STINT_${key.toUpperCase().replace(/-/g, '_')}`,
      value,
    ]),
  );
  return baseEnv({
    BUILDKITE: 'true',
    CI: 'true',
    BUILDKITE_AGENT_ACCESS_TOKEN: 'agent-session-token',
    BUILDKITE_JOB_ID: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f60',
    BUILDKITE_PIPELINE_SLUG: 'warehouse',
    PATH: `${dir}:${process.env.PATH}`,
    TMPDIR: dir,
    ...plugin,
  });
}

/** Runs a hook in its own bash and returns the environment it leaves (what the agent carries forward). */
async function runHook(hook: string, env: NodeJS.ProcessEnv, name: string, cwd?: string) {
  const envFile = join(dir, `env-after-${name}`);
  // Like the agent's hook wrapper: source the hook, then record the environment it leaves.
  const result = await run('bash', ['-c', '. "$1"; env -0 > "$2"', 'hook', join(PLUGIN, 'hooks', hook), envFile], {
    env,
    cwd,
  });
  let after: NodeJS.ProcessEnv = {};
  try {
    after = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\0')
        .filter((entry) => entry.includes('='))
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
  } catch {
    // the hook failed before env ran
  }
  return { ...result, env: after };
}

function agentCalls(): string[][] {
  return readFileSync(join(dir, 'agent.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string[]);
}

describe('Buildkite plugin', () => {
  it('without audience, a broker whose issuer is not its URL gets no token request', async () => {
    const calls = () => (existsSync(join(dir, 'agent.log')) ? agentCalls() : []);
    const before = calls().length;
    const hook = await runHook(
      'environment',
      jobEnv({ 'broker-url': broker.url, project: 'warehouse', 'cli-path': CLI }),
      'default-audience',
    );
    expect(hook.code).toBe(1);
    expect(hook.stderr).toContain('names another issuer, "https://stint.test", so no ID token was requested');
    expect(calls().slice(before)).not.toContainEqual(expect.arrayContaining(['oidc', 'request-token']));
    expect(hook.env.STINT_TOKEN).toBeUndefined();
  });

  it('environment exports a real STINT_TOKEN for the command, redacted, with the audience given; pre-exit revokes and drops it', async () => {
    // The broker runs on 127.0.0.1 under the name https://stint.test, so the audience is given.
    const hook = await runHook(
      'environment',
      jobEnv({
        'broker-url': broker.url,
        project: 'warehouse',
        scope: 'read',
        audience: 'https://stint.test',
        'cli-path': CLI,
      }),
      'ok',
    );
    expect(hook.stderr).toMatch(/stint: got a token for project warehouse/);
    expect(hook.code).toBe(0);
    const token = hook.env.STINT_TOKEN!;
    const claims = await verifyStintToken(broker.url, token);
    expect(claims).toMatchObject({ project: 'warehouse', sub: issuer.subject, scope: 'read' });
    expect(hook.env).toMatchObject({ STINT_SCOPE: 'read', STINT_PROJECT: 'warehouse' });
    expectNoSecret([hook.stdout, hook.stderr], token, 'the stint token');
    expect(agentCalls()).toContainEqual(['oidc', 'request-token', '--audience', 'https://stint.test']);
    expect(agentCalls()).toContainEqual(['redactor', 'add']);
    const redacted = readFileSync(join(dir, 'redacted.log'), 'utf8').trim().split('\n');
    expect(redacted).toContain(createHash('sha256').update(token).digest('hex'));

    // The job's command sees it.
    const command = await run('bash', ['-c', 'test -n "$STINT_TOKEN" && echo "command: project=$STINT_PROJECT"'], {
      env: hook.env,
    });
    expect(command.stdout).toBe('command: project=warehouse\n');

    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);
    const preExit = await runHook('pre-exit', hook.env, 'pre-exit');
    expect(preExit.stderr).toContain('stint: revoked the token');
    expect(preExit.code).toBe(0);
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    expectNoSecret([preExit.stdout, preExit.stderr], token, 'the stint token');
    expect(preExit.env.STINT_TOKEN).toBeUndefined();
    expect(preExit.env.STINT_PROJECT).toBeUndefined();
    expect(existsSync(hook.env.STINT_CLI_DIR!)).toBe(false);
  });

  it('by default runs the release asset only when its SHA-256 is the pinned one, and pre-exit revokes with it', async () => {
    const config = {
      'broker-url': broker.url,
      project: 'warehouse',
      audience: 'https://stint.test',
      'cli-url': asset.url,
      'cli-sha256': asset.sha256,
    };
    const hook = await runHook('environment', jobEnv(config), 'asset');
    expect(hook.stderr).toMatch(/stint: got a token for project warehouse/);
    expect(hook.code).toBe(0);
    const token = hook.env.STINT_TOKEN!;
    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);
    // pre-exit finds the verified download in the job's directory and does not fetch it again.
    const fetched = asset.requests.length;
    const preExit = await runHook('pre-exit', hook.env, 'asset-pre-exit');
    expect(preExit.code).toBe(0);
    expect(preExit.stderr).toContain('stint: revoked the token');
    expect(asset.requests.length).toBe(fetched);
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    expectNoSecret([hook.stdout, hook.stderr, preExit.stdout, preExit.stderr], token, 'the stint token');
    expect(existsSync(hook.env.STINT_CLI_DIR!)).toBe(false);
  });

  it('refuses a tampered asset before it runs, naming the expected and the actual digest', async () => {
    const config = {
      'broker-url': broker.url,
      project: 'warehouse',
      'cli-url': asset.tamperedUrl,
      'cli-sha256': asset.sha256,
    };
    const hook = await runHook('environment', jobEnv(config), 'tampered');
    expect(hook.code).toBe(1);
    expect(hook.stderr).toContain(
      `stint: refusing to run the stint CLI from ${asset.tamperedUrl}: its SHA-256 is ${asset.tamperedSha256}, but ${asset.sha256} is pinned.`,
    );
    expect(hook.stderr).toContain('stint plugin: exchange failed');
    expect(existsSync(asset.tamperedMarker)).toBe(false);
    expect(hook.env.STINT_TOKEN).toBeUndefined();
  });

  it('with nothing pinned and nothing set, fails closed and says what to set', async () => {
    const hook = await runHook('environment', jobEnv({ 'broker-url': broker.url, project: 'warehouse' }), 'unpinned');
    expect(hook.code).toBe(1);
    expect(hook.stderr).toContain(
      'stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with cli-path, or cli-url with cli-sha256',
    );
    expect(hook.stderr).not.toMatch(NPM_SETTING);
    expect(hook.env.STINT_TOKEN).toBeUndefined();
  });

  it('refuses cli-version before npx runs, and exchanges nothing', async () => {
    const npx = fakeNpx(join(dir, 'npm-version'));
    const env = jobEnv({ 'broker-url': broker.url, project: 'warehouse', 'cli-version': '1.2.3' });
    const hook = await runHook('environment', { ...env, PATH: `${npx.bin}:${env.PATH}` }, 'npm-version');
    expect(hook.code).toBe(1);
    expect(hook.stderr).toContain(NPM_REFUSAL('1.2.3', 'cli-path, or cli-url with cli-sha256'));
    expect(hook.stderr).toContain('stint plugin: exchange failed');
    expect(npx.ran()).toBe(false);
    expect(hook.env.STINT_TOKEN).toBeUndefined();
  });

  it('a revoke that fails is a warning in pre-exit, never a failed job', async () => {
    const hook = await runHook(
      'environment',
      jobEnv({ 'broker-url': broker.url, project: 'warehouse', audience: 'https://stint.test', 'cli-path': CLI }),
      'warn',
    );
    expect(hook.code).toBe(0);
    const token = hook.env.STINT_TOKEN!;
    // The broker is gone by job end: nothing listens on the port any more.
    const gone = await freePort();
    const preExit = await runHook(
      'pre-exit',
      { ...hook.env, STINT_BROKER_URL: `http://127.0.0.1:${gone}`, STINT_RETRY_BUDGET: '1' },
      'warn-pre-exit',
    );
    expect(preExit.code).toBe(0);
    expect(preExit.stderr).toMatch(
      /stint: the token \(project warehouse, jti [\w-]+, fingerprint sha256:[0-9a-f]{64}\) was not revoked, it stays valid until [\dT:.-]+Z: could not reach the stint broker at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(preExit.stderr).toContain('stint plugin: warning: the token was not revoked (see above)');
    expectNoSecret([preExit.stdout, preExit.stderr], token, 'the stint token');
    expect(preExit.env.STINT_TOKEN).toBeUndefined();
    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);
  });

  it('passes the audience setting to buildkite-agent; a wrong one is rejected by the broker', async () => {
    const hook = await runHook(
      'environment',
      jobEnv({ 'broker-url': broker.url, project: 'warehouse', audience: 'https://elsewhere.test', 'cli-path': CLI }),
      'aud',
    );
    expect(agentCalls()).toContainEqual(['oidc', 'request-token', '--audience', 'https://elsewhere.test']);
    expect(hook.code).toBe(1);
    expect(hook.stderr).toMatch(
      /the broker rejected this job's ID token: HTTP 401 invalid_token: .*\(request_id [0-9a-f-]{36}\)/,
    );
    expect(hook.env.STINT_TOKEN).toBeUndefined();
  });

  it('a denial fails the job before its command, with the reason and request_id', async () => {
    const hook = await runHook(
      'environment',
      jobEnv({ 'broker-url': broker.url, project: 'ledger', audience: 'https://stint.test', 'cli-path': CLI }),
      'denied',
    );
    expect(hook.code).toBe(1);
    expect(hook.stderr).toMatch(
      /the broker denied a token for project ledger: HTTP 403 access_denied: .+ \(request_id [0-9a-f-]{36}\)/,
    );
    expect(hook.env.STINT_TOKEN).toBeUndefined();
  });

  it('a cli-path in the repository is refused before any token is asked for: the environment hook runs before the checkout', async () => {
    // A fresh agent: the hook runs in a directory where the repository is not checked out yet.
    const fresh = mkdtempSync(join(dir, 'fresh-agent-'));
    const calls = () => (existsSync(join(dir, 'agent.log')) ? agentCalls() : []);
    const before = calls().length;
    const hook = await runHook(
      'environment',
      jobEnv({ 'broker-url': broker.url, project: 'warehouse', 'cli-path': 'vendor/stint/dist/cli/index.js' }),
      'relative-cli-path',
      fresh,
    );
    expect(hook.code).toBe(1);
    expect(hook.stderr).toBe(
      'stint plugin: cli-path vendor/stint/dist/cli/index.js is not an absolute path to a file on this agent. The plugin exchanges in its environment hook, before the checkout, so a path in the repository does not exist yet: install the CLI on the agent (for example /opt/stint/dist/cli/index.js), or use cli-url with cli-sha256\n',
    );
    expect(calls().slice(before)).toEqual([]);
    expect(hook.env.STINT_TOKEN).toBeUndefined();
  });

  it('the examples give cli-path as an absolute path on the agent', () => {
    for (const file of ['examples/workflows/buildkite.yml', 'recipes/buildkite/example/pipeline.yml']) {
      const paths = [...readFileSync(join(ROOT, file), 'utf8').matchAll(/cli-path: (\S+)/g)].map((m) => m[1]!);
      expect(paths.length, file).toBeGreaterThan(0);
      for (const path of paths) expect(path, file).toMatch(/^\//);
    }
  });

  it('missing configuration is a clear error', async () => {
    const hook = await runHook('environment', jobEnv({ project: 'warehouse', 'cli-path': CLI }), 'missing');
    expect(hook.code).toBe(1);
    expect(hook.stderr).toBe('stint plugin: broker-url and project are required\n');
  });

  it('plugin.yml is a schema the example pipeline satisfies', () => {
    const plugin = parseDocument(readFileSync(join(PLUGIN, 'plugin.yml'), 'utf8')).toJS() as {
      name: string;
      configuration: {
        properties: Record<string, { type: string }>;
        required: string[];
        additionalProperties: boolean;
      };
    };
    expect(plugin.name).toBe('stint');
    expect(plugin.configuration.additionalProperties).toBe(false);
    const pipeline = parseDocument(readFileSync(join(PLUGIN, 'example/pipeline.yml'), 'utf8')).toJS() as {
      steps: Array<{ plugins: Array<Record<string, Record<string, string>>> }>;
    };
    const config = Object.values(pipeline.steps[0]!.plugins[0]!)[0]!;
    for (const key of plugin.configuration.required) expect(config).toHaveProperty(key);
    for (const [key, value] of Object.entries(config)) {
      expect(plugin.configuration.properties).toHaveProperty(key);
      expect(typeof value).toBe(plugin.configuration.properties[key]!.type);
    }
    // Every property the hook reads is declared, and every declared one is read.
    const hook = readFileSync(join(PLUGIN, 'hooks/environment'), 'utf8');
    const read = new Set(
      [...hook.matchAll(/BUILDKITE_PLUGIN_STINT_([A-Z0-9_]+)/g)].map((m) => m[1]!.toLowerCase().replace(/_/g, '-')),
    );
    expect([...read].sort()).toEqual(Object.keys(plugin.configuration.properties).sort());
  });
});
