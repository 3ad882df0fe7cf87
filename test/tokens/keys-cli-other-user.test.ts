import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * `stint keys …` run as root on the state of a broker that runs as another user (uid 65532 here,
 * as the image does; a DynamicUser= uid under systemd) is refused (ERR_PATH_INSECURE), and the
 * refusal says to run the command as that uid (deploy/README.md#systemd), not to pick another
 * directory, which during an incident would write where the broker does not read.
 * Needs root (to chown the state to 65532), as in CI.
 */
const UID = 65532;
const skip = process.getuid?.() !== 0 ? 'not run as root: it chowns the state to uid 65532' : undefined;
// With CI set nothing is left out (.ci/run runs as root): it runs and fails loudly instead.
const ci = process.env.CI !== undefined;
if (skip !== undefined && !ci) process.stderr.write(`test/tokens/keys-cli-other-user.test.ts is skipped: ${skip}\n`);

const CONFIG = `issuer: https://stint.example.com
keys: { dir: state/keys }
store: memory
audit: { file: state/audit/audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
`;

let dir: string;
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Every path under `path` with its owner, mode, size and modification time, to show that nothing changed. */
function snapshot(path: string): string[] {
  return readdirSync(path, { recursive: true })
    .map((name) => join(path, String(name)))
    .sort()
    .map((file) => {
      const info = statSync(file);
      return `${file} ${info.uid} ${(info.mode & 0o7777).toString(8)} ${info.size} ${info.mtimeMs}`;
    });
}

describe.runIf(skip === undefined || ci)("stint keys as root on the state of a broker's user", () => {
  beforeAll(async () => {
    expect(skip, 'with CI set this runs as root, as .ci/run does').toBeUndefined();
    dir = mkdtempSync(join(tmpdir(), 'stint-keys-owner-'));
    writeFileSync(join(dir, 'stint.yml'), CONFIG);
    // The broker's state, as it made it: a key, an API key, the audit log; then it is the broker's user's.
    expect((await runCli(['keys', 'rotate'], { cwd: dir })).code).toBe(0);
    const created = await runCli(['keys', 'create-api-key', '--project', 'warehouse'], { cwd: dir });
    expect(created.code, created.stderr).toBe(0);
    spawnSync('chown', ['-R', `${UID}:${UID}`, join(dir, 'state')]);
    chmodSync(dir, 0o755);
    chownSync(join(dir, 'state'), UID, UID);
  });

  it('refuses rotate, create-api-key and revoke-api-key, says to run them as that uid, and changes nothing', async () => {
    const listed = await runCli(['keys', 'list-api-keys', '--json'], { cwd: dir });
    expect(listed.code, listed.stderr).toBe(0);
    const [key] = (JSON.parse(listed.stdout) as { api_keys: Array<{ id: string }> }).api_keys;
    const before = snapshot(join(dir, 'state'));
    const audit = readFileSync(join(dir, 'state', 'audit', 'audit.jsonl'), 'utf8');
    for (const args of [
      ['keys', 'rotate', '--now'],
      ['keys', 'create-api-key', '--project', 'warehouse'],
      ['keys', 'revoke-api-key', key!.id],
    ]) {
      const refused = await runCli(args, { cwd: dir });
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toBe(
        `stint: ${join(dir, 'state', 'audit')} belongs to another user (uid ${UID}), who could replace what stint writes there; run this as uid ${UID}, the user that owns it, as the broker does (under systemd's DynamicUser=, with the systemd-run command in deploy/README.md#systemd), or use a directory of your own; nothing was changed\n`,
      );
      expect(refused.stdout).not.toContain('stint_sk_');
    }
    expect(snapshot(join(dir, 'state'))).toEqual(before);
    expect(readFileSync(join(dir, 'state', 'audit', 'audit.jsonl'), 'utf8')).toBe(audit);
  });
});
