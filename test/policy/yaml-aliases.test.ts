/**
 * YAML alias fan-out (issue 14 item 10): a few kilobytes of nested aliases stand for billions of
 * values. The config loader (stint policy check, serve, explain) and the signing config (stint
 * sign, the action's input) refuse a document whose aliases expand past the yaml package's
 * maxAliasCount, at once and with a clear error, instead of hanging or crashing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJob, requireBuilt, runStep } from '../action/harness.js';
import { CLI } from '../helpers/broker.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-yaml-aliases-'));
  dirs.push(dir);
  return dir;
}

/** Runs the built CLI; a run that takes over 60 s (the old loader on these files) is killed. */
function stint(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, ...env }, timeout: 60_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

const N = 60;
const list = (items: string[]): string => `[${items.join(', ')}]`;

/**
 * A 3 KB broker config: 60 projects, each with the same 60 rules, each with the same 60 claims,
 * each a list of 60 values (13 million claim values to check). The anchors sit under a key the
 * loader refuses, which is no help: the projects still use them.
 */
function configBomb(): string {
  return [
    'issuer: https://stint.example.com',
    'providers:',
    '  github: { issuer: https://token.actions.githubusercontent.com }',
    `x0: &v ${list(Array(N).fill('"1"'))}`,
    `x1: &c {${Array.from({ length: N }, (_, i) => `k${i}: *v`).join(', ')}}`,
    'x2: &r {provider: github, subject: "repo:acme/w:ref:refs/heads/main", claims: *c}',
    `x3: &t ${list(Array(N).fill('*r'))}`,
    'projects:',
    ...Array.from({ length: N }, (_, i) => `  p${i}: {scopes: [read], trust: *t}`),
    '',
  ].join('\n');
}

/** Signing profiles with a classic "billion laughs" beside a valid profile. */
function signingBomb(): string {
  const lines = ['signing:', `  x0: &a0 ${list(Array(12).fill('"lol"'))}`];
  for (let i = 1; i <= 6; i++) lines.push(`  x${i}: &a${i} ${list(Array(12).fill(`*a${i - 1}`))}`);
  lines.push('  hook: { type: hmac, format: github, secret_env: HOOK_SECRET }', '');
  return lines.join('\n');
}

const TOO_FAR =
  'YAML aliases expand too far (more than 100 uses of anchored values, counting the aliases inside them); write the repeated parts out';

describe('YAML aliases that expand too far', () => {
  it('stint policy check refuses the config with one error, exit 1, without walking it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stint.yml'), configBomb());
    expect(configBomb().length).toBeLessThan(4096);
    const result = await stint(['policy', 'check', 'stint.yml'], dir);
    expect(result).toEqual({
      code: 1,
      stdout: `stint.yml:1:1: error: ${TOO_FAR}\nstint.yml: 1 error, 0 warnings\n`,
      stderr: '',
    });
  });

  it('stint serve refuses to start on it, naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stint.yml'), configBomb());
    const result = await stint(['serve', '--config', 'stint.yml', '--host', '127.0.0.1', '--port', '0'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`stint.yml:1:1: ${TOO_FAR}`);
  });

  it('stint sign refuses signing profiles that expand too far with ERR_SIGNING_CONFIG, not a stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'signing.yml'), signingBomb());
    const result = await stint(['sign', 'hook', '--config', 'signing.yml', '--body', 'x'], dir, {
      HOOK_SECRET: 'a-webhook-secret-of-some-length',
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `stint: signing.yml:1:1: not valid YAML or JSON (ALIAS_COUNT): ${TOO_FAR}\n`,
    });
  });

  it('the action refuses such a signing input with one annotation, before it sets anything up', async () => {
    requireBuilt();
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: {
          signing: signingBomb()
            .replace(/^signing:\n/, '')
            .replace(/^ {2}/gm, ''),
        },
      });
      expect(main.errors).toEqual([
        `stint: signing (line 1, column 1): not valid YAML (ALIAS_COUNT): ${TOO_FAR} [ERR_SIGNING_CONFIG]`,
      ]);
    } finally {
      job.remove();
    }
  });

  it('a config that uses a few aliases still loads', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stint.yml'),
      [
        'issuer: https://stint.example.com',
        'providers:',
        '  github: { issuer: https://token.actions.githubusercontent.com }',
        'projects:',
        '  warehouse:',
        '    scopes: &scopes [read, write]',
        '    trust:',
        '      - provider: github',
        '        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
        '        scopes: *scopes',
        '  depot:',
        '    scopes: *scopes',
        '    trust:',
        '      - provider: github',
        '        subject: repo:acme@1234567/depot@7654322:ref:refs/heads/main',
        '',
      ].join('\n'),
    );
    const result = await stint(['policy', 'check', 'stint.yml'], dir);
    expect(result.stdout).toMatch(/^stint\.yml: OK \(1 provider, 2 projects, 2 rules, 0 warnings\)\n$/);
    expect(result.code).toBe(0);
  });
});
