import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * A setting that names an environment variable (`store.password_env`, `store.sentinel_password_env`,
 * `keys.pkcs11.pin_env`) holding the secret itself is a common slip. Through the BUILT CLI: no
 * message repeats such a value (raw or encoded), and each still says which setting to fix and where.
 */
let dir: string;
let port: number;

function stint(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } });
}

/** Writes a config whose line 2 is `line`, and returns its path. */
function config(name: string, line: string): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(
    file,
    [
      'issuer: https://stint.test',
      line,
      `keys: { dir: ${join(dir, name, 'keys')} }`,
      `audit: { file: ${join(dir, name, 'audit.jsonl')} }`,
      'providers: { github: {} }',
      'projects: { w: { trust: [{ provider: github, subject: "repo:a/b:ref:refs/heads/main" }] } }',
      '',
    ].join('\n'),
  );
  return file;
}

function output(run: CliRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-env-names-'));
  // Nothing listens here: each run below must stop before it reaches Redis.
  port = 1;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('a password where the variable name belongs: stint policy check', () => {
  for (const field of ['password_env', 'sentinel_password_env'] as const) {
    it(`store.${field}: "Xy9-hunter2-Secret!" is refused without being repeated`, async () => {
      const secret = 'Xy9-hunter2-Secret!';
      const where =
        field === 'password_env'
          ? `store: { url: "redis://127.0.0.1:${port}/0", password_env: "${secret}" }`
          : `store: { sentinels: ["127.0.0.1:${port}"], name: m, sentinel_password_env: "${secret}" }`;
      const file = config(`check-${field}`, where);
      const run = await stint(['policy', 'check', file]);
      expect(run.code).toBe(1);
      expectNoSecret(output(run), secret, 'the password');
      const column = where.indexOf(`"${secret}"`) + 1;
      expect(output(run)).toContain(
        `${file}:2:${column}: error: store.${field} is the name of an environment variable that holds`,
      );
      expect(output(run)).toContain('remove it from the file and rotate it');
    });
  }
});

describe('stint policy check reads the file, not the environment', () => {
  it('passes a config whose store.password_env names a variable not set here, says so in its help, and serve refuses it', async () => {
    const line = `store: { url: "redis://127.0.0.1:${port}/0", password_env: STINT_REDIS_PASSWORD }`;
    const file = config('check-unset', line);
    const check = await stint(['policy', 'check', file]);
    expect(output(check)).toContain(`${file}: OK`);
    expect(check.code).toBe(0);
    const help = await stint(['policy', 'check', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      "It reads the file alone, so it answers the same anywhere (a CI job without the broker's secrets) and every error in the file stops stint serve too; what serve checks on its own machine at start is left to it: the variables that store.password_env, store.sentinel_password_env and keys.pkcs11.pin_env name",
    );
    const serve = await stint(['serve', '--config', file, '--port', '0']);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain(
      'store.password_env names STINT_REDIS_PASSWORD, but that environment variable is not set',
    );
  });
});

describe.concurrent('a valid-looking name that is not set', () => {
  it('store.password_env: Xy9hunter2Secret (not the usual form): stint serve names the setting and its place, not the value', async () => {
    const secret = 'Xy9hunter2Secret';
    const line = `store: { url: "redis://127.0.0.1:${port}/0", password_env: ${secret} }`;
    const file = config('serve-unset', line);
    const run = await stint(['serve', '--config', file, '--port', '0']);
    expect(run.code).toBe(1);
    expectNoSecret(output(run), secret, 'the password');
    expect(run.stderr).toContain(
      `stint: ${file}:2:${line.indexOf(secret) + 1}: store.password_env names an environment variable that is not set`,
    );
    expect(run.stderr).toContain(
      'if this is the Redis password itself, remove it from the file and rotate it, then name a variable there and export it where stint serve and stint keys run',
    );
  });

  it('store.password_env: STINT_REDIS_PASSWORD (the usual form): stint keys names the variable, with its place', async () => {
    const line = `store: { url: "redis://127.0.0.1:${port}/0", password_env: STINT_REDIS_PASSWORD }`;
    const file = config('keys-unset', line);
    const run = await stint(['keys', 'list-api-keys', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `stint: ${file}:2:${line.indexOf('STINT_REDIS_PASSWORD') + 1}: store.password_env names STINT_REDIS_PASSWORD, but that environment variable is not set; export it, holding the Redis password, where stint serve and stint keys run\n`,
    );
  });

  it('keys.pkcs11.pin_env: Hunter2Pass (not the usual form): the PIN-shaped value is not printed', async () => {
    const secret = 'Hunter2Pass';
    const file = join(dir, 'pin.yml');
    const keysLine = `keys: { dir: ${join(dir, 'pin', 'keys')}, pkcs11: { module: ${join(dir, 'no-such-module.so')}, token: stint, pin_env: ${secret} } }`;
    writeFileSync(
      file,
      [
        'issuer: https://stint.test',
        keysLine,
        'providers: { github: {} }',
        'projects: { w: { trust: [{ provider: github, subject: "repo:a/b:ref:refs/heads/main" }] } }',
        '',
      ].join('\n'),
    );
    for (const args of [
      ['keys', 'list', '--config', file],
      ['serve', '--config', file, '--port', '0'],
    ]) {
      const run = await stint(args);
      expect(run.code).toBe(1);
      expectNoSecret(output(run), secret, 'the PIN');
      expect(run.stderr).toContain(
        `stint: ${file}:2:${keysLine.indexOf(secret) + 1}: keys.pkcs11.pin_env names an environment variable that is not set`,
      );
      expect(run.stderr).toContain(
        'if this is the user PIN of token stint itself, remove it from the file and rotate it',
      );
    }
  });
});
