import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { run } from '../recipes/helpers.js';

/**
 * GitHub's local runner for JavaScript actions, @github/local-action, runs the action's main and
 * post steps (src/action/local-action/) in one process, standing in for @actions/core, against
 * a broker and a GitHub-shaped issuer on loopback. What the broker's audit log records proves
 * that main got a token and post revoked that same token.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let issuer: GithubIssuer;
let broker: RunningBroker;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-local-action-'));
  issuer = await startGithubIssuer();
  broker = await startBroker({
    configYaml: `issuer: https://stint.test
keys: { dir: keys, algorithm: EdDSA }
audit: { file: audit.jsonl }
providers:
  github: { issuer: ${issuer.url}, allow_insecure: true }
projects:
  warehouse:
    scopes: [read, write]
    ttl: 15m
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read]
`,
  });
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('@github/local-action', () => {
  it('runs main and post: main exchanges the ID token at the broker, post revokes that token and removes its files', async () => {
    const runnerTemp = join(dir, 'runner-temp');
    mkdirSync(runnerTemp);
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const envFile = join(dir, '.env');
    writeFileSync(
      envFile,
      [
        `INPUT_BROKER-URL=${broker.url}`,
        'INPUT_PROJECT=warehouse',
        // The broker runs on 127.0.0.1 under the name https://stint.test: the audience is given.
        'INPUT_AUDIENCE=https://stint.test',
        `ACTIONS_ID_TOKEN_REQUEST_URL=${issuer.url}/_apis/distributedtask/idtoken?api-version=2.0`,
        `ACTIONS_ID_TOKEN_REQUEST_TOKEN=${issuer.requestToken}`,
        `RUNNER_TEMP=${runnerTemp}`,
        `GITHUB_STEP_SUMMARY=${summary}`,
        '',
      ].join('\n'),
    );
    const result = await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/@github/local-action/bin/local-action.js'),
        'run',
        ROOT,
        'src/action/local-action/main.ts',
        envFile,
        '--post',
        'src/action/local-action/post.ts',
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', npm_config_update_notifier: 'false' },
        timeoutMs: 240_000,
      },
    );
    const output = result.stdout + result.stderr;
    expect(output).toContain('Running Post Step');
    expect(output).not.toMatch(/::error/);
    // The one warning is local-action's: it holds back an output that contains a registered
    // secret, so the token was masked before it was set as an output.
    expect(output.split('\n').filter((line) => line.includes('::warning'))).toEqual([
      '::warning::Skip output token since it may contain secret.',
    ]);
    expect(output).toMatch(/::set-output name=scope::read\n/);
    const fingerprint = /::set-output name=token-fingerprint::(sha256:[0-9a-f]{64})\n/.exec(output)?.[1];
    expect(fingerprint, output).toBeDefined();

    const events = readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; fingerprint?: string });
    const about = (name: string) => events.filter((e) => e.event === name).map((e) => e.fingerprint);
    expect(about('token_issued')).toEqual([fingerprint]);
    expect(about('token_revoked')).toEqual([fingerprint]);
    // Post removed what main wrote under RUNNER_TEMP, and reported it in the summary.
    expect(readdirSync(runnerTemp)).toEqual([]);
    expect(readFileSync(summary, 'utf8')).toMatch(/revoked/i);
    expect(existsSync(join(runnerTemp, 'stint'))).toBe(false);
    expect(result.code).toBe(0);
    // Neither the ID token nor the stint token is printed: its fingerprint is the only trace.
    expect(output).not.toMatch(/eyJ[\w-]+\.eyJ/);
  }, 300_000);
});
