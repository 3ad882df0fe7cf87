import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { baseEnv, CLI, run } from '../recipes/helpers.js';

/**
 * `stint exchange --format github` where $GITHUB_ENV cannot take the token: the built CLI against
 * the real broker. A destination it can tell is unwritable up front (a directory, a missing
 * directory) is refused before the ID token is sent, so nothing is minted and the same ID token
 * still works; one that fails only when written (/dev/full: no space left) gets its freshly minted
 * token revoked. Either way one clean line names GITHUB_ENV and the path: no stack trace, no token.
 */
let issuer: CiIssuer;
let broker: RunningBroker;
let dir: string;

beforeAll(async () => {
  issuer = await startCiIssuer('gitlab');
  broker = await startBroker({ configYaml: ciBrokerConfig([issuer]) });
  dir = mkdtempSync(join(tmpdir(), 'stint-github-env-'));
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface AuditEvent {
  event: string;
  jti?: string;
  outcome?: string;
}

function audit(): AuditEvent[] {
  const file = join(broker.dir, 'audit.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEvent);
}

const exchange = (idToken: string, githubEnv: string, format = 'github') =>
  run(process.execPath, [CLI, 'exchange', '--broker', broker.url, '--project', 'warehouse', '--format', format], {
    env: baseEnv({ GITLAB_CI: 'true', STINT_ID_TOKEN: idToken, GITHUB_ENV: githubEnv }),
    cwd: dir,
  });

/** The output is one line of refusal: no stack frame, and not the unexpected-error report. */
function expectCleanRefusal(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('unexpected error');
  expect(stderr.trim().split('\n')).toHaveLength(1);
}

describe('--format github with a $GITHUB_ENV that cannot be written', () => {
  it.each([
    [
      'a directory',
      () => {
        mkdirSync(join(dir, 'env-is-a-dir'));
        return join(dir, 'env-is-a-dir');
      },
      /it is a directory/,
    ],
    ['a path under a missing directory', () => join(dir, 'no-such-dir', 'github-env'), /no-such-dir does not exist/],
    [
      'a path under a regular file',
      () => {
        writeFileSync(join(dir, 'plain-file'), '');
        return join(dir, 'plain-file', 'github-env');
      },
      /is not a directory/,
    ],
  ])('%s: refused before the exchange, nothing minted, the ID token unspent', async (_, make, why) => {
    const githubEnv = make();
    const idToken = await issuer.mint();
    const issuedBefore = audit().filter((e) => e.event === 'token_issued').length;

    const refused = await exchange(idToken, githubEnv);
    expect(refused.stderr).toContain(`GITHUB_ENV=${githubEnv}`);
    expect(refused.stderr).toMatch(why);
    expect(refused.stderr).toMatch(/no token was requested/);
    expectCleanRefusal(refused.stderr);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(audit().filter((e) => e.event === 'token_issued')).toHaveLength(issuedBefore);

    // The ID token was never sent: the broker takes it now (it refuses one it has seen).
    const writable = join(dir, `github-env-${Date.now()}`);
    const accepted = await exchange(idToken, writable);
    expect(accepted.stderr).toMatch(/^stint: got a token for project warehouse/);
    expect(accepted.code).toBe(0);
    expect(readFileSync(writable, 'utf8')).toMatch(/^STINT_TOKEN<</);
    expect(statSync(writable).mode & 0o777).toBe(0o600);
  });

  it('the check leaves no file behind when the exchange is then refused', async () => {
    const githubEnv = join(dir, 'created-by-check');
    // A token the broker refuses (replayed): the check ran, the exchange failed.
    const idToken = await issuer.mint();
    expect((await exchange(idToken, join(dir, 'first'))).code).toBe(0);
    const refused = await exchange(idToken, githubEnv);
    expect(refused.code).toBe(1);
    expect(existsSync(githubEnv)).toBe(false);
  });

  it.runIf(existsSync('/dev/full'))(
    'a write that fails after the exchange (/dev/full) revokes the minted token and says so, without it',
    async () => {
      const before = audit().length;
      const failed = await exchange(await issuer.mint(), '/dev/full');
      expect(failed.stderr).toContain('GITHUB_ENV=/dev/full');
      expect(failed.stderr).toMatch(/ENOSPC|no space left/i);
      expect(failed.stderr).toMatch(/the token was revoked/);
      expectCleanRefusal(failed.stderr);
      expect(failed.code).toBe(1);
      const events = audit().slice(before);
      const issued = events.find((e) => e.event === 'token_issued');
      expect(issued?.jti).toBeDefined();
      expect(events).toContainEqual(expect.objectContaining({ event: 'token_revoked', jti: issued!.jti }));
      expect(events.find((e) => e.event === 'token_revoked')?.outcome).not.toBe('error');
      // Only masks reached stdout; the token itself is nowhere else.
      const masks = failed.stdout.trim().split('\n');
      const token = masks[0]!.replace('::add-mask::', '');
      expect(masks.every((line) => line.startsWith('::add-mask::'))).toBe(true);
      expectNoSecret(failed.stderr, token, 'the stint token');
    },
  );
});
