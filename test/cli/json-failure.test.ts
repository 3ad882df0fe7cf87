import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * With --json, a command that fails still prints one JSON object on stdout,
 * {"ok": false, "error": {"code", "message"}}, besides its `stint: …` line on stderr (docs/cli.md).
 * These used to print nothing on stdout.
 */
let dir: string;

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-json-failure-'));
  writeFileSync(join(dir, 'bad-cases.yml'), `config: ${resolve('examples/policy-tests/stint.yml')}\ncases: [1]\n`);
});

describe.concurrent('--json on a failure', () => {
  it.each([
    [['policy', 'check', 'nope.yml', '--json'], 1, 'ERR_CONFIG_NOT_FOUND', 'cannot read config file nope.yml: ENOENT'],
    [['audit', 'verify', 'nope.jsonl', '--json'], 1, 'ERR_AUDIT_READ', 'cannot read audit log '],
    [['policy', 'test', 'nope.yml', '--json'], 1, 'ERR_POLICY_CASES', 'cannot read cases file nope.yml: ENOENT'],
    [['policy', 'check', '--json', '--bogus'], 2, 'ERR_USAGE', "Unknown option '--bogus'"],
    [['policy', 'test', '--json'], 2, 'ERR_USAGE', 'stint policy test needs a FILE of cases'],
  ])('stint %j prints {ok:false,error} on stdout and one line on stderr', async (args, code, errorCode, message) => {
    const result = await stint(args);
    expect(result.code).toBe(code);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual({ ok: false, error: { code: errorCode, message: expect.stringContaining(message) } });
    expect(result.stderr).toBe(`stint: ${printed.error.message}\n`);
  });

  it('an invalid case file: the JSON carries each problem at its line', async () => {
    const result = await stint(['policy', 'test', 'bad-cases.yml', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: {
        code: 'ERR_POLICY_CASES',
        message: 'bad-cases.yml has errors; nothing was run',
        diagnostics: [
          expect.objectContaining({
            severity: 'error',
            message: 'cases[0] must be a mapping (key: value)',
            position: { file: 'bad-cases.yml', line: 2, column: 9 },
          }),
        ],
      },
    });
    expect(result.stderr).toBe(
      'bad-cases.yml:2:9: error: cases[0] must be a mapping (key: value)\nstint: bad-cases.yml has errors; nothing was run\n',
    );
  });

  it('without --json, stdout stays empty; after `--`, --json is an operand, not the option', async () => {
    expect(await stint(['policy', 'check', 'nope.yml'])).toMatchObject({ code: 1, stdout: '' });
    expect(await stint(['audit', 'verify', 'nope.jsonl', '--', '--json'])).toMatchObject({ code: 1, stdout: '' });
  });
});

describe('stint exchange --format json on a failure', () => {
  let gitlab: CiIssuer;
  let broker: RunningBroker;
  beforeAll(async () => {
    gitlab = await startCiIssuer('gitlab');
    broker = await startBroker({ configYaml: ciBrokerConfig([gitlab]) });
  });
  afterAll(async () => {
    await broker?.stop();
    await gitlab?.stop();
  });

  const exchange = (args: string[], idToken: string) =>
    runCli(['exchange', '--broker', broker.url, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, GITLAB_CI: 'true', STINT_ID_TOKEN: idToken },
    });

  it('a broker that refuses the ID token: {ok:false,error} on stdout, never the token', async () => {
    const idToken = await gitlab.mint({ aud: 'https://elsewhere.test' });
    for (const format of [['--format', 'json'], ['--format=json']]) {
      const result = await exchange(['--project', 'warehouse', ...format], idToken);
      expect(result.code).toBe(1);
      const printed = JSON.parse(result.stdout);
      expect(printed).toEqual({
        ok: false,
        error: {
          code: 'ERR_ID_TOKEN_REJECTED',
          message: expect.stringContaining(
            'the broker rejected this job\'s ID token: HTTP 401 invalid_token: token audience "https://elsewhere.test"',
          ),
        },
      });
      expect(result.stderr).toBe(`stint: ${printed.error.message}\n`);
      expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
    }
  });

  it('a project the broker does not know, and a usage error, print the same shape', async () => {
    const unknown = await exchange(['--project', 'nope', '--format', 'json'], await gitlab.mint());
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^ERR_/) } });
    const usage = await exchange(['--format', 'json'], await gitlab.mint());
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({
      ok: false,
      error: { code: 'ERR_USAGE', message: 'exchange needs --project P' },
    });
  });

  it('the other formats keep stdout empty on a failure (it would be eval-ed)', async () => {
    const idToken = await gitlab.mint({ aud: 'https://elsewhere.test' });
    expect(await exchange(['--project', 'warehouse'], idToken)).toMatchObject({ code: 1, stdout: '' });
    expect(await exchange(['--project', 'warehouse', '--format', 'env'], idToken)).toMatchObject({
      code: 1,
      stdout: '',
    });
  });
});
