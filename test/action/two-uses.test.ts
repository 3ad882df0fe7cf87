import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';
import { createJob, type Job, requireBuilt, runStep } from './harness.js';

/**
 * The built action used more than once in a job (two projects, or a composite action wrapping
 * it), and with export-env: false: each use's config-path keeps signing with that use's own
 * secrets and sends that use's own token, whatever a later use exports; a bearer profile that
 * cannot find its token says so at set-up, and its errors name the fix.
 */
let issuer: GithubIssuer;
let broker: RunningBroker;
let brokerUrl: string;

const FIRST_SECRET = 'first-secret-AAAA-1111';
const SECOND_SECRET = 'second-secret-BBBB-2222';
const BODY = '{"deploy":true}';

const runnerEnv = (): Record<string, string> => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
});

beforeAll(async () => {
  requireBuilt();
  issuer = await startGithubIssuer();
  const port = await freePort();
  brokerUrl = `http://127.0.0.1:${port}`;
  broker = await startBroker({
    args: ['--port', String(port)],
    configYaml: `issuer: ${brokerUrl}
keys: { dir: keys, algorithm: EdDSA }
audit: { file: audit.jsonl }
providers:
  github: { issuer: ${issuer.url}, allow_insecure: true }
projects:
  warehouse:
    scopes: [read, write]
    ttl: 15m
    trust:
      - { provider: github, subject: "repo:acme/warehouse:ref:refs/heads/main", scopes: [read, write] }
  docs:
    scopes: [read]
    ttl: 15m
    trust:
      - { provider: github, subject: "repo:acme/warehouse:ref:refs/heads/main", scopes: [read] }
`,
  });
});

afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
});

/** A later step: `stint` from PATH, with what earlier steps exported (and `env` over it). */
function laterStep(job: Job, args: string[], env: Record<string, string> = {}) {
  const shim = join(job.path[0]!, 'stint');
  const run = spawnSync(shim, args, { encoding: 'utf8', env: { PATH: process.env.PATH, ...job.env, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const hmac = (secret: string) =>
  `X-Hub-Signature-256: sha256=${createHmac('sha256', secret).update(BODY).digest('hex')}`;
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
/** The token a bearer profile sent, from `stint sign … --format headers`. */
const bearerOf = (headers: string) => /^Authorization: Bearer (\S+)$/m.exec(headers)?.[1] ?? '';

describe('the action used twice in one job', () => {
  it("keeps each use's config signing with its own secrets and sending its own token", async () => {
    const job = createJob();
    try {
      const first = await runStep(job, 'main', {
        inputs: {
          'broker-url': brokerUrl,
          project: 'warehouse',
          signing: `webhook: { type: hmac, format: github, secret: "${FIRST_SECRET}" }\napi: { type: bearer }`,
        },
        env: runnerEnv(),
      });
      expect(first.errors, first.stdout).toEqual([]);
      const firstState = { ...job.state };
      // The second step starts with what the first exported, as on GitHub.
      const second = await runStep(job, 'main', {
        inputs: {
          'broker-url': brokerUrl,
          project: 'docs',
          signing: `webhook: { type: hmac, format: github, secret: "${SECOND_SECRET}" }\napi: { type: bearer }`,
        },
        env: runnerEnv(),
      });
      expect(second.errors, second.stdout).toEqual([]);
      const secondState = { ...second.saved };
      const firstConfig = first.outputs['config-path']!;
      const secondConfig = second.outputs['config-path']!;
      expect(firstConfig).not.toBe(secondConfig);

      // Nothing the second use exported replaced a variable the first use's config names.
      const firstNames = Object.keys(first.exported).filter(
        (name) => name !== 'STINT_TOKEN' && name !== 'STINT_CONFIG',
      );
      for (const name of firstNames) expect(second.exported[name], name).toBeUndefined();
      expect(readFileSync(firstConfig, 'utf8')).not.toContain('"source"');
      // The token under a name of its own only where a config names it: not for a use without a
      // bearer profile, which keeps one copy of its token in the environment, STINT_TOKEN.
      const tokenCopies = (exported: Record<string, string>, token: string) =>
        Object.entries(exported)
          .filter(([, value]) => value === token)
          .map(([name]) => name);
      expect(tokenCopies(first.exported, first.outputs.token!)).toEqual([
        'STINT_TOKEN',
        expect.stringMatching(/^STINT_TOKEN_[A-Z0-9_]+$/),
      ]);

      // A later step signs with the first use's config: the first use's secret and token.
      const body = ['--body', BODY, '--format', 'headers'];
      expect(laterStep(job, ['sign', 'webhook', '--config', firstConfig, ...body]).stdout).toContain(
        hmac(FIRST_SECRET),
      );
      const firstBearer = bearerOf(laterStep(job, ['sign', 'api', '--config', firstConfig, ...body]).stdout);
      expect(sha256(firstBearer)).toBe(first.outputs['token-fingerprint']);
      // STINT_TOKEN and STINT_CONFIG are the last use's, as the last export of a variable is on GitHub.
      expect(job.env.STINT_TOKEN).toBe(second.outputs.token);
      expect(laterStep(job, ['sign', 'webhook', ...body]).stdout).toContain(hmac(SECOND_SECRET));
      const secondBearer = bearerOf(laterStep(job, ['sign', 'api', ...body]).stdout);
      expect(sha256(secondBearer)).toBe(second.outputs['token-fingerprint']);
      // ... and the second step said so.
      expect(second.stdout).toContain('stint: STINT_TOKEN was already set (an earlier use of the action in this job?)');
      expect(second.stdout).toContain('stint: STINT_CONFIG was already set');
      expect(first.stdout).not.toContain('was already set');

      // Each use's post revokes its own token.
      job.state = secondState;
      const secondPost = await runStep(job, 'post');
      job.state = firstState;
      const firstPost = await runStep(job, 'post');
      for (const post of [firstPost, secondPost]) {
        expect(post.warnings).toEqual([]);
        expect(post.stdout).toContain('stint: clean-up: token revoked;');
      }
    } finally {
      job.remove();
    }
  });
});

describe('export-env: false with a bearer profile that sends the stint token', () => {
  it('warns at set-up, and the sign-time errors name the outputs to pass', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: {
          'broker-url': brokerUrl,
          project: 'warehouse',
          'export-env': 'false',
          signing: 'bear: { type: bearer }',
        },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      expect(main.warnings).toEqual([
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        'stint: signing profile "bear" sends the stint token from STINT_TOKEN, which export-env: false keeps out of later steps: give each step that signs with it env: STINT_TOKEN: ${{ steps.<id>.outputs.token }} (and --config ${{ steps.<id>.outputs.config-path }}, as STINT_CONFIG is not exported either), or leave export-env at true',
      ]);
      expect(main.exported.STINT_TOKEN).toBeUndefined();
      expect(Object.values(main.exported)).not.toContain(main.outputs.token);

      const config = main.outputs['config-path']!;
      const withConfig = laterStep(job, ['sign', 'bear', '--config', config]);
      expect(withConfig.code).toBe(1);
      expect(withConfig.stderr).toContain(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        'STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: ${{ steps.<id>.outputs.token }})',
      );
      const withoutConfig = laterStep(job, ['sign', 'bear']);
      expect(withoutConfig.code).toBe(2);
      expect(withoutConfig.stderr).toContain(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        'unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }}',
      );
      // What the messages say works.
      const done = laterStep(job, ['sign', 'bear', '--config', config, '--format', 'headers'], {
        STINT_TOKEN: main.outputs.token!,
      });
      expect(done.code, done.stderr).toBe(0);
      expect(sha256(bearerOf(done.stdout))).toBe(main.outputs['token-fingerprint']);
      await runStep(job, 'post');
    } finally {
      job.remove();
    }
  });
});
