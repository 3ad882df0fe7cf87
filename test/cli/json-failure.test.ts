import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret, expectNoSecrets } from '../helpers/secrets.js';

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
            "the broker rejected this job's ID token: HTTP 401 invalid_token: token audience 'https://elsewhere.test'",
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

describe('stint sign --format json on a failure', () => {
  // What a failure below could echo: the HMAC secret (inline in a file, in a bad --header, inside a
  // key that does not parse) and a good private key. None of it may reach stdout or stderr.
  const SECRET = 'hmac-secret-never-printed-7f3a9c';
  const ED_PEM = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const BAD_PEM = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(`${SECRET}${'x'.repeat(40)}`).toString('base64')}\n-----END PRIVATE KEY-----\n`;
  beforeAll(() => {
    writeFileSync(
      join(dir, 'signing.yml'),
      [
        'signing:',
        '  gh: { type: hmac, format: github, secret_env: HOOK_SECRET }',
        '  sig: { type: http-signature, alg: ed25519, key_env: ED_KEY, keyid: k1 }',
        '  jwt: { type: jwt, alg: RS256, key_env: BAD_KEY }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'inline-secret.yml'),
      `signing:\n  gh: { type: hmac, format: github, secret: "${SECRET}" }\n`,
    );
  });

  const sign = (args: string[], env: Record<string, string> = {}) =>
    runCli(['sign', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, BAD_KEY: BAD_PEM, ED_KEY: ED_PEM, ...env },
    });

  it.each([
    // [what, args, env, exit code, error code]
    ['the secret variable unset', ['gh', '--config', 'signing.yml'], {}, 1, 'ERR_SIGNING_CONFIG'],
    [
      'a profile the config does not have',
      ['nope', '--config', 'signing.yml'],
      { HOOK_SECRET: SECRET },
      1,
      'ERR_SIGNING_PROFILE_UNKNOWN',
    ],
    ['no config file', ['gh', '--config', 'missing.yml'], { HOOK_SECRET: SECRET }, 1, 'ERR_SIGNING_CONFIG_MISSING'],
    ['a secret inline in the file', ['gh', '--config', 'inline-secret.yml'], {}, 1, 'ERR_SIGNING_CONFIG'],
    ['a key that does not parse', ['jwt', '--config', 'signing.yml'], {}, 1, 'ERR_SIGNING_CONFIG'],
    [
      'a header without a colon that carries the secret',
      ['gh', '--config', 'signing.yml', '--header', `Authorization Bearer ${SECRET}`],
      { HOOK_SECRET: SECRET },
      2,
      'ERR_USAGE',
    ],
    ['http-signature without --url', ['sig', '--config', 'signing.yml'], {}, 2, 'ERR_USAGE'],
    ['an unknown option', ['gh', '--config', 'signing.yml', '--bogus'], { HOOK_SECRET: SECRET }, 2, 'ERR_USAGE'],
  ])(
    '%s: {ok:false,error} on stdout, the same exit code, never the secret',
    async (_what, args, env, code, errorCode) => {
      for (const format of [['--format', 'json'], ['--format=json']]) {
        const result = await sign([...args, ...format], env as Record<string, string>);
        expect(result.code).toBe(code);
        const printed = JSON.parse(result.stdout);
        expect(printed).toEqual({ ok: false, error: { code: errorCode, message: expect.any(String) } });
        expect(result.stderr).toBe(`stint: ${printed.error.message}\n`);
        expectNoSecrets([result.stdout, result.stderr], {
          'the HMAC secret': SECRET,
          'the key that does not parse': BAD_PEM,
          'the private key': ED_PEM,
        });
      }
    },
  );

  it('the headers and curl formats keep stdout empty on a failure (it would be eval-ed or pasted)', async () => {
    for (const format of ['headers', 'curl'])
      expect(await sign(['gh', '--config', 'signing.yml', '--format', format])).toMatchObject({ code: 1, stdout: '' });
    expect(await sign(['gh', '--config', 'signing.yml'])).toMatchObject({ code: 1, stdout: '' });
  });

  it('a signature still prints {"headers": …} alone, as before', async () => {
    const result = await sign(['gh', '--config', 'signing.yml', '--format', 'json', '--body', 'x'], {
      HOOK_SECRET: SECRET,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(['headers']);
  });
});
