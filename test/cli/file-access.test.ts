import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/broker.js';

/**
 * A file the CLI may not read (its config, the serving key) is explained like every other EACCES
 * on stint's files (docs/broker.md#a-read-only-keys-dir): ERR_FILE_ACCESS with the file, the user
 * the CLI runs as, the file's owner and mode, and what to fix. As root (CI, this sandbox) the
 * built CLI runs as nobody (`setpriv`) over root's 0600 files, since root reads any file; as
 * another user, over its own files made 0000.
 */
const isRoot = process.getuid?.() === 0;
const RUN_AS = 65534;
let dir: string;

const CONFIG = `issuer: https://stint.test
keys: { dir: keys }
audit: { file: audit.jsonl }
providers:
  github: { issuer: https://token.actions.githubusercontent.com }
projects:
  warehouse:
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-eacces-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'unreadable.yml'), CONFIG, { mode: 0o600 });
  writeFileSync(join(dir, 'readable.yml'), CONFIG, { mode: 0o644 });
  writeFileSync(join(dir, 'cert.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', { mode: 0o644 });
  writeFileSync(join(dir, 'key.pem'), '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n', { mode: 0o600 });
  if (!isRoot) for (const file of ['unreadable.yml', 'key.pem']) chmodSync(join(dir, file), 0o000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI as a user that may not read the 0600/0000 files; resolves with its exit code and stderr. */
function stint(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const command = isRoot
    ? ['setpriv', `--reuid=${RUN_AS}`, `--regid=${RUN_AS}`, '--clear-groups', process.execPath, CLI, ...args]
    : [process.execPath, CLI, ...args];
  return new Promise((done, fail) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

/** ERR_FILE_ACCESS's explanation of `file`. */
function explained(file: string): RegExp {
  const user = isRoot ? `uid ${RUN_AS}` : `uid ${process.getuid?.()}`;
  const owner = isRoot ? 'owned by uid 0, gid 0, mode 0600' : `owned by uid ${process.getuid?.()}, gid \\d+, mode 0000`;
  const path = join(dir, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^stint: cannot open ${path}: permission denied \\(EACCES\\) for ${user}\\b.*; ${path} is ${owner}\\. Run stint as the user that owns its files \\(config, TLS key, state, keys, audit log\\), or give this user access to them \\(chown/chmod\\)\\n$`,
  );
}

describe('a file the CLI may not read', () => {
  it('stint serve: an unreadable config says who may read it, not "give --config FILE, or --dev"', async () => {
    const { code, stderr } = await stint(['serve', '--config', join(dir, 'unreadable.yml'), '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toMatch(explained('unreadable.yml'));
    expect(stderr).not.toContain('--dev');
  });

  it('stint serve: an unreadable TLS key, the same', async () => {
    const { code, stderr } = await stint([
      'serve',
      '--config',
      join(dir, 'readable.yml'),
      '--port',
      '0',
      '--tls-cert',
      join(dir, 'cert.pem'),
      '--tls-key',
      join(dir, 'key.pem'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(explained('key.pem'));
  });

  it('stint policy check and stint keys list: an unreadable config, the same', async () => {
    for (const args of [
      ['policy', 'check', join(dir, 'unreadable.yml')],
      ['keys', 'list', '--config', join(dir, 'unreadable.yml')],
    ]) {
      const { code, stderr } = await stint(args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr, args.join(' ')).toMatch(explained('unreadable.yml'));
    }
  });
});
