import { createHash, createHmac } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATH_WITH_THIS_NODE } from '../helpers/node.js';
import { run } from '../recipes/helpers.js';
import { serveDev } from './serve.js';

/**
 * The release asset (scripts/release-asset.mjs, run by .github/workflows/release.yml): one file
 * holding the whole CLI. It is copied alone into an empty directory and run with plain `node`,
 * through commands whose code ncc put in separate chunks (serve, policy, sign), so a chunk left
 * out of the file would fail here.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const NAME = `stint-cli-${version}.mjs`;
let dir: string;
let alone: string;
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ PATH: PATH_WITH_THIS_NODE, HOME: dir, ...extra });
const cli = (args: string[]) => run(process.execPath, [join(alone, NAME), ...args], { cwd: alone, env: env() });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-release-'));
  const made = await run(process.execPath, [join(ROOT, 'scripts/release-asset.mjs'), '--out', join(dir, 'out')], {
    cwd: dir,
    env: env(),
    timeoutMs: 60_000,
  });
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  alone = join(dir, 'alone');
  mkdirSync(alone);
  copyFileSync(join(dir, 'out', NAME), join(alone, NAME));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the single-file CLI release asset', () => {
  it('is one file with its SHA-256 in SHA256SUMS, as sha256sum -c checks it', async () => {
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['SHA256SUMS', NAME]);
    const file = readFileSync(join(dir, 'out', NAME));
    expect(readFileSync(join(dir, 'out', 'SHA256SUMS'), 'utf8')).toBe(
      `${createHash('sha256').update(file).digest('hex')}  ${NAME}\n`,
    );
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(dir, 'out'), env: env() });
    expect(check.stdout).toBe(`${NAME}: OK\n`);
    expect(statSync(join(alone, NAME)).mode & 0o111).not.toBe(0);
    // No import() left but webpack's /* import() */ comments and JSDoc type references
    // ({import('./types').T}, in bundled dependencies' comments): the chunks are in the file.
    const code = file
      .toString('utf8')
      .replaceAll('/* import() */', '')
      .replace(/\{[^{}\n]*\bimport\('[^'\n]*'\)[^{}\n]*\}/g, '');
    expect(code).not.toMatch(/\bimport\(/);
  });

  it('runs alone with plain node: --help, --version, and policy check (the yaml chunk)', async () => {
    const help = await cli(['--help']);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: stint <command> \[options\]/);
    expect((await cli(['--version'])).stdout).toBe(`${version}\n`);
    copyFileSync(join(ROOT, 'examples/stint.yml'), join(alone, 'stint.yml'));
    const check = await cli(['policy', 'check', 'stint.yml']);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^stint\.yml: OK \(/);
  });

  it('signs with an hmac profile, and the signature is the one node:crypto computes', async () => {
    writeFileSync(
      join(alone, 'signing.yml'),
      'signing:\n  webhook: { type: hmac, format: github, secret_env: HOOK_SECRET }\n',
    );
    const body = '{"ok":true}';
    const signed = await run(
      process.execPath,
      [join(alone, NAME), 'sign', 'webhook', '--config', 'signing.yml', '--body', body, '--format', 'headers'],
      { cwd: alone, env: env({ HOOK_SECRET: 'release-asset-secret' }) },
    );
    expect(signed.stderr).toBe('');
    expect(signed.stdout).toContain(
      `X-Hub-Signature-256: sha256=${createHmac('sha256', 'release-asset-secret').update(body).digest('hex')}`,
    );
  });

  it('serves a broker with serve --dev and stops cleanly', async () => {
    const broker = await serveDev(process.execPath, [join(alone, NAME)], { cwd: alone, env: env() });
    let stopped: Awaited<ReturnType<typeof broker.stop>> | undefined;
    try {
      const discovery = (await (await fetch(`${broker.url}/.well-known/openid-configuration`)).json()) as {
        issuer: string;
      };
      expect(discovery.issuer).toBe(broker.url);
    } finally {
      stopped = await broker.stop();
    }
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toBe('');
  });

  it('stint demo says the single file does not carry the action, and where the demo runs, not to build', async () => {
    const demo = await cli(['demo']);
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain(
      `the demo runs the GitHub Action, which the single-file CLI (${join(alone, NAME)}) does not carry: run it from the npm package`,
    );
    expect(demo.stderr).not.toMatch(/missing under|npm run build` in a clone of stint first/);
  });
});
