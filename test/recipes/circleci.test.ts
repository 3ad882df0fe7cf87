import { createHmac } from 'node:crypto';
import {
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
 * The packed orb (recipes/circleci/orb.yml), run as CircleCI runs a job: each `run` step's
 * command under `/bin/bash -eo pipefail` with the step's `environment:` (orb parameters
 * substituted), CircleCI's variables, and a shared $BASH_ENV that bash sources at the start of
 * every step. Against the real broker and a CircleCI-shaped issuer.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const ORB = join(ROOT, 'recipes/circleci/orb.yml');

interface Parameter {
  type: string;
  default?: string;
}
interface Command {
  parameters: Record<string, Parameter>;
  steps: Array<{ run: { name: string; when?: string; environment: Record<string, string>; command: string } }>;
}
interface Orb {
  commands: Record<string, Command>;
}

const orb = parseDocument(readFileSync(ORB, 'utf8')).toJS() as Orb;

/** Substitutes `<< parameters.x >>` as CircleCI does: the given value, else the default; a missing required one is an error. */
function stepOf(
  commandName: string,
  given: Record<string, string>,
): { command: string; environment: Record<string, string> } {
  const command = orb.commands[commandName]!;
  const value = (name: string): string => {
    const parameter = command.parameters[name];
    if (!parameter) throw new Error(`unknown parameter ${name}`);
    const v = given[name] ?? parameter.default;
    if (v === undefined) throw new Error(`missing required parameter ${name}`);
    return String(v);
  };
  const step = command.steps[0]!.run;
  const environment = Object.fromEntries(
    Object.entries(step.environment).map(([key, template]) => [
      key,
      template.replace(/<< parameters\.([a-z0-9-]+) >>/g, (_m, name: string) => value(name)),
    ]),
  );
  return { command: step.command, environment };
}

let issuer: CiIssuer;
let broker: RunningBroker;
let dir: string;
let asset: CliAssetServer;
let apiKey: string;

beforeAll(async () => {
  issuer = await startCiIssuer('circleci');
  broker = await startBroker({ configYaml: ciBrokerConfig([issuer]) });
  dir = mkdtempSync(join(tmpdir(), 'stint-circleci-'));
  asset = await serveCliAsset(dir);
  apiKey = await createApiKey(broker);
});
afterAll(async () => {
  await asset?.stop();
  await broker?.stop();
  await issuer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A job's environment as CircleCI sets it up. */
function jobEnv(bashEnv: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return baseEnv({
    CIRCLECI: 'true',
    CI: 'true',
    CIRCLE_BRANCH: 'main',
    CIRCLE_PROJECT_REPONAME: 'warehouse',
    BASH_ENV: bashEnv,
    TMPDIR: dir,
    ...extra,
  });
}

function runStep(script: string, env: NodeJS.ProcessEnv) {
  return run('bash', ['-eo', 'pipefail', '-c', script], { env, cwd: dir });
}

describe('CircleCI orb', () => {
  it('orb.yml is what pack.mjs makes of src/', async () => {
    const check = await run(process.execPath, [join(ROOT, 'recipes/circleci/pack.mjs'), '--check'], { env: baseEnv() });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it('exchange exports a real STINT_TOKEN to the following steps through $BASH_ENV (0600), never on the log', async () => {
    const bashEnv = join(dir, 'bash_env-ok');
    writeFileSync(bashEnv, '');
    const idToken = await issuer.mint();
    const env = jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: idToken });
    const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', scope: 'read', 'cli-path': CLI });
    const exchange = await runStep(step.command, { ...env, ...step.environment });
    expect(exchange.stderr).toMatch(/^stint: got a token for project warehouse/);
    expect(exchange.code).toBe(0);
    expect(exchange.stdout).toBe('stint: STINT_TOKEN is set for the following steps of this job\n');
    expect(statSync(bashEnv).mode & 0o777).toBe(0o600);

    const tokenOut = join(dir, 'token');
    const next = await runStep(
      'printf %s "$STINT_TOKEN" > "$TOKEN_OUT"; echo "project=$STINT_PROJECT scope=$STINT_SCOPE"',
      { ...env, TOKEN_OUT: tokenOut },
    );
    expect(next.code).toBe(0);
    expect(next.stdout).toBe('project=warehouse scope=read\n');
    const token = readFileSync(tokenOut, 'utf8');
    const claims = await verifyStintToken(broker.url, token);
    expect(claims).toMatchObject({ project: 'warehouse', sub: issuer.subject, scope: 'read' });
    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);

    // The job's last step, stint/revoke, runs whether the job passed or failed.
    const revokeStep = stepOf('revoke', { 'cli-path': CLI });
    expect(orb.commands.revoke!.steps[0]!.run.when).toBe('always');
    const revoke = await runStep(revokeStep.command, { ...env, ...revokeStep.environment });
    expect(revoke.code).toBe(0);
    expect(revoke.stderr).toContain('stint: revoked the token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    const log = [exchange.stdout, exchange.stderr, next.stdout, next.stderr, revoke.stdout, revoke.stderr];
    expectNoSecret(log, token, 'the stint token');
    expectNoSecret(log, idToken, 'the ID token');
  });

  it('by default runs the release asset only when its SHA-256 is the pinned one; revoke runs the same download', async () => {
    const bashEnv = join(dir, 'bash_env-asset');
    writeFileSync(bashEnv, '');
    const idToken = await issuer.mint();
    const env = jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: idToken });
    const pin = { 'cli-url': asset.url, 'cli-sha256': asset.sha256 };
    const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', ...pin });
    const exchange = await runStep(step.command, { ...env, ...step.environment });
    expect(exchange.stderr).toMatch(/^stint: got a token for project warehouse/);
    expect(exchange.code).toBe(0);
    const token = (await runStep('printf %s "$STINT_TOKEN"', env)).stdout;
    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);
    const fetched = asset.requests.length;
    const revokeStep = stepOf('revoke', pin);
    const revoke = await runStep(revokeStep.command, { ...env, ...revokeStep.environment });
    expect(revoke.code).toBe(0);
    expect(revoke.stderr).toContain('stint: revoked the token');
    expect(asset.requests.length).toBe(fetched);
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    const log = [exchange.stdout, exchange.stderr, revoke.stdout, revoke.stderr];
    expectNoSecret(log, token, 'the stint token');
    expectNoSecret(log, idToken, 'the ID token');
  });

  it('revoke with no parameters, as in the README, runs the CLI exchange ran: its cli-path, or its pinned download', async () => {
    for (const [name, source] of [
      ['path', { 'cli-path': CLI }],
      ['asset', { 'cli-url': asset.url, 'cli-sha256': asset.sha256 }],
    ] as const) {
      const bashEnv = join(dir, `bash_env-revoke-default-${name}`);
      writeFileSync(bashEnv, '');
      const env = jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: await issuer.mint() });
      const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', ...source });
      const exchange = await runStep(step.command, { ...env, ...step.environment });
      expect(exchange.stderr, name).toMatch(/^stint: got a token for project warehouse/);
      expect(exchange.code, name).toBe(0);
      const token = (await runStep('printf %s "$STINT_TOKEN"', env)).stdout;
      expect((await introspect(broker.url, apiKey, token)).active, name).toBe(true);
      const fetched = asset.requests.length;
      const revokeStep = stepOf('revoke', {});
      const revoke = await runStep(revokeStep.command, { ...env, ...revokeStep.environment });
      expect(revoke.stderr, name).toContain('stint: revoked the token');
      expect(revoke.stderr, name).not.toContain('warning');
      expect(revoke.code, name).toBe(0);
      expect(asset.requests.length, name).toBe(fetched);
      expect((await introspect(broker.url, apiKey, token)).active, name).toBe(false);
      expectNoSecret([exchange.stdout, exchange.stderr, revoke.stdout, revoke.stderr], token, 'the stint token');
    }
  });

  it("revoke's own cli-* parameters win over what exchange recorded", async () => {
    const bashEnv = join(dir, 'bash_env-revoke-own');
    writeFileSync(bashEnv, '');
    const env = jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: await issuer.mint() });
    const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', 'cli-path': CLI });
    expect((await runStep(step.command, { ...env, ...step.environment })).code).toBe(0);
    const token = (await runStep('printf %s "$STINT_TOKEN"', env)).stdout;
    // A stand-in CLI that says which one ran and revokes nothing.
    const other = join(dir, 'other-stint');
    writeFileSync(other, '#!/bin/sh\necho "other CLI ran: $1" >&2\nexit 3\n', { mode: 0o755 });
    const revokeStep = stepOf('revoke', { 'cli-path': other });
    const revoke = await runStep(revokeStep.command, { ...env, ...revokeStep.environment });
    expect(revoke.stderr).toContain('other CLI ran: revoke');
    expect(revoke.stderr).toContain('stint: warning: the token was not revoked (see above)');
    expect(revoke.code).toBe(0);
    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);
  });

  it('refuses a tampered asset before it runs, naming the expected and the actual digest, and exports nothing', async () => {
    const bashEnv = join(dir, 'bash_env-tampered');
    writeFileSync(bashEnv, '');
    const step = stepOf('exchange', {
      'broker-url': broker.url,
      project: 'warehouse',
      'cli-url': asset.tamperedUrl,
      'cli-sha256': asset.sha256,
    });
    // A job of its own: the download cache is keyed by digest, so a job that already holds the good file would not fetch.
    const jobTmp = mkdtempSync(join(dir, 'tampered-job-'));
    const result = await runStep(step.command, {
      ...jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: await issuer.mint(), TMPDIR: jobTmp }),
      ...step.environment,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`its SHA-256 is ${asset.tamperedSha256}, but ${asset.sha256} is pinned.`);
    expect(existsSync(asset.tamperedMarker)).toBe(false);
    expect(readFileSync(bashEnv, 'utf8')).toBe('');
  });

  it('with nothing pinned and nothing set, fails closed and says what to set', async () => {
    const bashEnv = join(dir, 'bash_env-unpinned');
    writeFileSync(bashEnv, '');
    const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse' });
    const result = await runStep(step.command, {
      ...jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: await issuer.mint() }),
      ...step.environment,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with cli-path, or cli-url with cli-sha256',
    );
    expect(result.stderr).not.toMatch(NPM_SETTING);
  });

  it('refuses cli-version in every command before npx runs, and exports nothing', async () => {
    const npx = fakeNpx(join(dir, 'npm-version'));
    const bashEnv = join(dir, 'bash_env-npm-version');
    writeFileSync(bashEnv, '');
    const env = jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: await issuer.mint(), PATH: `${npx.bin}:${process.env.PATH}` });
    const exchange = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', 'cli-version': '1.2.3' });
    const result = await runStep(exchange.command, { ...env, ...exchange.environment });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(NPM_REFUSAL('1.2.3', 'cli-path, or cli-url with cli-sha256'));
    expect(readFileSync(bashEnv, 'utf8')).toBe('');
    writeFileSync(
      join(dir, 'npm-version-signing.yml'),
      'signing:\n  webhook: { type: hmac, format: github, secret_env: WEBHOOK_SECRET }\n',
    );
    const sign = stepOf('sign', {
      profile: 'webhook',
      url: 'https://hooks.example.com/deploy',
      config: join(dir, 'npm-version-signing.yml'),
      output: join(dir, 'npm-version-headers'),
      'cli-version': '1.2.3',
    });
    const signed = await runStep(sign.command, {
      ...env,
      WEBHOOK_SECRET: 'It is a secret to everybody',
      ...sign.environment,
    });
    expect(signed.code).toBe(1);
    expect(signed.stderr).toContain(NPM_REFUSAL('1.2.3', 'cli-path, or cli-url with cli-sha256'));
    // Nothing signed, so no headers file is left (not even an empty one).
    expect(existsSync(join(dir, 'npm-version-headers'))).toBe(false);
    expect(readFileSync(bashEnv, 'utf8')).toBe('');
    // revoke with a token to revoke: a warning (the step passes), and npx still never ran.
    const revoke = stepOf('revoke', { 'cli-version': '1.2.3' });
    const revoked = await runStep(revoke.command, {
      ...env,
      STINT_TOKEN: 'a-token',
      STINT_BROKER_URL: broker.url,
      ...revoke.environment,
    });
    expect(revoked.stderr).toContain(NPM_REFUSAL('1.2.3', 'cli-path, or cli-url with cli-sha256'));
    expect(revoked.stderr).toContain('stint: warning: the token was not revoked (see above)');
    expect(revoked.code).toBe(0);
    expect(npx.ran()).toBe(false);
  });

  it('revoke is a warning, never a failed step, when the broker cannot be reached or there is no token', async () => {
    const bashEnv = join(dir, 'bash_env-revoke-fails');
    writeFileSync(bashEnv, '');
    const env = jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: await issuer.mint() });
    const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', 'cli-path': CLI });
    expect((await runStep(step.command, { ...env, ...step.environment })).code).toBe(0);
    const token = (await runStep('printf %s "$STINT_TOKEN"', env)).stdout;
    // By job end the broker has moved: nothing listens at the URL the exchange left behind.
    writeFileSync(bashEnv, `export STINT_BROKER_URL=http://127.0.0.1:${await freePort()}\n`, { flag: 'a' });
    const revokeStep = stepOf('revoke', { 'cli-path': CLI });
    const revoke = await runStep(revokeStep.command, { ...env, ...revokeStep.environment, STINT_RETRY_BUDGET: '1' });
    expect(revoke.code).toBe(0);
    expect(revoke.stderr).toContain('stint: warning: the token was not revoked (see above)');
    expectNoSecret([revoke.stdout, revoke.stderr], token, 'the stint token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);

    writeFileSync(join(dir, 'bash_env-empty'), '');
    const none = await runStep(revokeStep.command, {
      ...jobEnv(join(dir, 'bash_env-empty')),
      ...revokeStep.environment,
    });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('stint: no STINT_TOKEN in this job');
  });

  it('a denial fails the step with the reason and request_id and exports nothing', async () => {
    const bashEnv = join(dir, 'bash_env-denied');
    writeFileSync(bashEnv, '');
    const idToken = await issuer.mint({
      sub: String(issuer.defaults.sub).replace('refs/heads/main', 'refs/heads/feature-x'),
    });
    const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', 'cli-path': CLI });
    const result = await runStep(step.command, {
      ...jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: idToken }),
      ...step.environment,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HTTP 403 access_denied: .+ \(request_id [0-9a-f-]{36}\)/);
    expect(readFileSync(bashEnv, 'utf8')).toBe('');
    expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
  });

  it('a job without a context (no CIRCLE_OIDC_TOKEN_V2) is told how to get one', async () => {
    const bashEnv = join(dir, 'bash_env-missing');
    writeFileSync(bashEnv, '');
    const step = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', 'cli-path': CLI });
    const result = await runStep(step.command, { ...jobEnv(bashEnv), ...step.environment });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'CIRCLE_OIDC_TOKEN_V2 is not set. CircleCI issues CIRCLE_OIDC_TOKEN_V2 to jobs that use a context',
    );
  });

  it('sign writes the profile headers 0600 and exports their path; nothing on the log', async () => {
    const bashEnv = join(dir, 'bash_env-sign');
    writeFileSync(bashEnv, '');
    const secret = 'It is a secret to everybody';
    writeFileSync(
      join(dir, 'signing.yml'),
      'signing:\n  webhook: { type: hmac, format: github, secret_env: WEBHOOK_SECRET }\n',
    );
    writeFileSync(join(dir, 'payload.json'), '{"deploy":"warehouse"}');
    const output = join(dir, 'out', 'headers');
    const step = stepOf('sign', {
      profile: 'webhook',
      url: 'https://hooks.example.com/deploy',
      'body-file': join(dir, 'payload.json'),
      config: join(dir, 'signing.yml'),
      output,
      'cli-path': CLI,
    });
    const result = await runStep(step.command, { ...jobEnv(bashEnv, { WEBHOOK_SECRET: secret }), ...step.environment });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`stint: headers for webhook written to ${output}\n`);
    expect(statSync(output).mode & 0o777).toBe(0o600);
    const expected = `sha256=${createHmac('sha256', secret).update('{"deploy":"warehouse"}').digest('hex')}`;
    expect(readFileSync(output, 'utf8')).toContain(`X-Hub-Signature-256: ${expected}`);
    const next = await runStep('echo "$STINT_HEADERS_FILE"', jobEnv(bashEnv));
    expect(next.stdout).toBe(`${output}\n`);
    expectNoSecret([result.stdout, result.stderr, next.stdout, next.stderr], secret, 'the webhook secret');
    expectNoSecret([result.stdout, result.stderr, next.stdout, next.stderr], expected, 'the signature header');
  });

  it('sign by default writes to a private directory of the job (0700), and revoke deletes it with the token', async () => {
    const tmp = mkdtempSync(join(dir, 'job-tmp-'));
    const bashEnv = join(dir, 'bash_env-sign-default');
    writeFileSync(bashEnv, '');
    const idToken = await issuer.mint();
    const env = { ...jobEnv(bashEnv, { CIRCLE_OIDC_TOKEN_V2: idToken }), TMPDIR: tmp };
    const exchange = stepOf('exchange', { 'broker-url': broker.url, project: 'warehouse', 'cli-path': CLI });
    expect((await runStep(exchange.command, { ...env, ...exchange.environment })).code).toBe(0);

    // A static bearer credential: the header file holds it.
    const credential = 'static-bearer-token-xyz-123456';
    writeFileSync(
      join(dir, 'bearer-signing.yml'),
      'signing:\n  api: { type: bearer, token_env: BEARER_STATIC, header: X-Api-Key }\n',
    );
    const sign = (profile: string) =>
      stepOf('sign', {
        profile,
        url: 'https://api.example.com/deploy',
        config: join(dir, 'bearer-signing.yml'),
        'cli-path': CLI,
      });
    const first = await runStep(sign('api').command, { ...env, ...sign('api').environment, BEARER_STATIC: credential });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const headers = (await runStep('printf %s "$STINT_HEADERS_FILE"', env)).stdout;
    const jobDir = (await runStep('printf %s "$STINT_ORB_DIR"', env)).stdout;
    expect(headers).toBe(join(jobDir, 'headers'));
    expect(jobDir.startsWith(`${tmp}/stint-job.`)).toBe(true);
    expect(first.stdout).toBe(`stint: headers for api written to ${headers}\n`);
    expect(lstatSync(jobDir).isDirectory()).toBe(true);
    expect(statSync(jobDir).mode & 0o777).toBe(0o700);
    expect(statSync(headers).mode & 0o777).toBe(0o600);
    expect(readFileSync(headers, 'utf8')).toBe(`X-Api-Key: ${credential}\n`);
    expect(existsSync('/tmp/stint/headers') && readFileSync('/tmp/stint/headers', 'utf8').includes(credential)).toBe(
      false,
    );

    // A second sign in the same job reuses the directory.
    const second = await runStep(sign('api').command, {
      ...env,
      ...sign('api').environment,
      BEARER_STATIC: credential,
    });
    expect(second.code).toBe(0);
    expect((await runStep('printf %s "$STINT_ORB_DIR"', env)).stdout).toBe(jobDir);
    expect(readdirSync(tmp).filter((name) => name.startsWith('stint-job.'))).toEqual([jobDir.slice(tmp.length + 1)]);

    const token = (await runStep('printf %s "$STINT_TOKEN"', env)).stdout;
    const revoke = stepOf('revoke', { 'cli-path': CLI });
    const revoked = await runStep(revoke.command, { ...env, ...revoke.environment });
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toContain('stint: revoked the token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    expect(existsSync(headers)).toBe(false);
    expect(existsSync(jobDir)).toBe(false);
    expectNoSecret([first.stdout, first.stderr, revoked.stdout, revoked.stderr], credential, 'the bearer credential');
  });

  it('revoke deletes the headers files of the job even when there is no token, and a named output', async () => {
    const bashEnv = join(dir, 'bash_env-sign-only');
    writeFileSync(bashEnv, '');
    const env = jobEnv(bashEnv, { WEBHOOK_SECRET: 'It is a secret to everybody' });
    writeFileSync(
      join(dir, 'signing.yml'),
      'signing:\n  webhook: { type: hmac, format: github, secret_env: WEBHOOK_SECRET }\n',
    );
    const output = join(dir, 'named', 'headers');
    const named = stepOf('sign', {
      profile: 'webhook',
      url: 'https://a/',
      config: join(dir, 'signing.yml'),
      output,
      'cli-path': CLI,
    });
    expect((await runStep(named.command, { ...env, ...named.environment })).code).toBe(0);
    const byDefault = stepOf('sign', {
      profile: 'webhook',
      url: 'https://a/',
      config: join(dir, 'signing.yml'),
      'cli-path': CLI,
    });
    expect((await runStep(byDefault.command, { ...env, ...byDefault.environment })).code).toBe(0);
    const jobDir = (await runStep('printf %s "$STINT_ORB_DIR"', env)).stdout;
    expect(existsSync(join(jobDir, 'headers'))).toBe(true);
    expect(existsSync(output)).toBe(true);

    const revoke = stepOf('revoke', { 'cli-path': CLI });
    const revoked = await runStep(revoke.command, { ...env, ...revoke.environment });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('stint: no STINT_TOKEN in this job');
    expect(existsSync(output)).toBe(false);
    expect(existsSync(jobDir)).toBe(false);
  });

  it('sign refuses an output that is a symbolic link, or a job directory planted as one, and writes nothing through it', async () => {
    const bashEnv = join(dir, 'bash_env-sign-link');
    writeFileSync(bashEnv, '');
    const env = jobEnv(bashEnv, { WEBHOOK_SECRET: 'It is a secret to everybody' });
    writeFileSync(
      join(dir, 'signing.yml'),
      'signing:\n  webhook: { type: hmac, format: github, secret_env: WEBHOOK_SECRET }\n',
    );
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched\n');
    const link = join(dir, 'link-headers');
    symlinkSync(victim, link);
    const step = stepOf('sign', {
      profile: 'webhook',
      url: 'https://a/',
      config: join(dir, 'signing.yml'),
      output: link,
      'cli-path': CLI,
    });
    const result = await runStep(step.command, { ...env, ...step.environment });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `stint: ${link} is a symbolic link or not this user's file; refusing to write headers to it`,
    );
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(readFileSync(bashEnv, 'utf8')).toBe('');

    // STINT_ORB_DIR (from $BASH_ENV) pointing at a link to someone else's directory.
    const elsewhere = mkdtempSync(join(dir, 'elsewhere-'));
    symlinkSync(elsewhere, join(dir, 'planted'));
    writeFileSync(bashEnv, `export STINT_ORB_DIR=${join(dir, 'planted')}\n`);
    const byDefault = stepOf('sign', {
      profile: 'webhook',
      url: 'https://a/',
      config: join(dir, 'signing.yml'),
      'cli-path': CLI,
    });
    const planted = await runStep(byDefault.command, { ...env, ...byDefault.environment });
    expect(planted.code).toBe(1);
    expect(planted.stderr).toContain(
      'is not a directory this user owns (or it is a symbolic link); refusing to write headers there',
    );
    expect(readdirSync(elsewhere)).toEqual([]);

    // A directory of another user (only root can make one here).
    if (process.getuid?.() === 0) {
      const theirs = join(dir, 'theirs');
      mkdirSync(theirs, { mode: 0o777 });
      chownSync(theirs, 65534, 65534);
      const other = stepOf('sign', {
        profile: 'webhook',
        url: 'https://a/',
        config: join(dir, 'signing.yml'),
        output: join(theirs, 'headers'),
        'cli-path': CLI,
      });
      const refused = await runStep(other.command, {
        ...jobEnv(join(dir, 'bash_env-empty-2'), { WEBHOOK_SECRET: 'x' }),
        ...other.environment,
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`stint: ${theirs} is not a directory this user owns`);
      expect(readdirSync(theirs)).toEqual([]);
    }
  });
});
