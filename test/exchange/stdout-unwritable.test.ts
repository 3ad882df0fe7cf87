import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { fill, PAGE, smallDisk, tmpfsRefused } from '../helpers/tmpfs.js';
import { baseEnv, CLI, createApiKey, introspect } from '../recipes/helpers.js';

/**
 * `stint exchange --format shell|env|json` whose stdout does not take the token: the built CLI
 * against the real broker. /dev/full answers every write with ENOSPC (a full disk under
 * `> "$file"`, as the Jenkins recipe writes it); a pipe whose reader closed before the token came
 * gives EPIPE (`stint exchange … | true`). The job never gets the token either way, so the CLI
 * revokes it and exits 1 with one line naming what failed: no stack trace, never the token.
 *
 * Between the CLI and the broker sits a pass-through that keeps a copy of the exchange's answer,
 * so the test holds the token the CLI could not hand over and asks the broker itself
 * (introspection) whether it still works.
 */
let issuer: CiIssuer;
let broker: RunningBroker;
let apiKey: string;
let dir: string;
let tap: Server;
let tapUrl: string;
/** The access tokens the broker issued through the pass-through, in order. */
const issued: string[] = [];

beforeAll(async () => {
  issuer = await startCiIssuer('gitlab');
  broker = await startBroker({ configYaml: ciBrokerConfig([issuer]) });
  apiKey = await createApiKey(broker);
  dir = mkdtempSync(join(tmpdir(), 'stint-stdout-unwritable-'));
  tap = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void fetch(`${broker.url}${req.url}`, {
        method: req.method ?? 'GET',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', accept: 'application/json' },
        ...(req.method === 'POST' ? { body } : {}),
      }).then(async (answer) => {
        const text = await answer.text();
        if (req.url === '/auth/oidc/exchange' && answer.status === 200)
          issued.push((JSON.parse(text) as { access_token: string }).access_token);
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      });
    });
  });
  await new Promise<void>((done) => tap.listen(0, '127.0.0.1', done));
  tapUrl = `http://127.0.0.1:${(tap.address() as AddressInfo).port}`;
});
afterAll(async () => {
  tap?.closeAllConnections();
  await new Promise((done) => (tap ? tap.close(done) : done(undefined)));
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

/**
 * Runs `stint exchange` with stdout on `stdout`: a file descriptor (/dev/full), or 'closed-pipe',
 * a pipe whose read end this process closes at once, before the CLI has a token to write.
 */
async function exchange(
  format: string,
  stdout: number | 'closed-pipe',
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'exchange', '--broker', tapUrl, '--project', 'warehouse', '--format', format],
    {
      env: baseEnv({ GITLAB_CI: 'true', STINT_ID_TOKEN: await issuer.mint() }),
      cwd: dir,
      stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'],
    },
  );
  if (stdout === 'closed-pipe') child.stdout!.destroy();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000); // a ceiling for a busy machine
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(timer);
  return { code, stderr };
}

describe('stint exchange whose stdout does not take the token', () => {
  it.each([
    ['shell', 'a full disk (/dev/full: ENOSPC)', 'full', /no space left on the device it is redirected to \(ENOSPC\)/],
    ['json', 'a full disk (/dev/full: ENOSPC)', 'full', /no space left on the device it is redirected to \(ENOSPC\)/],
    ['env', 'a reader that closed the pipe (EPIPE)', 'pipe', /its reader closed the pipe before reading it \(EPIPE\)/],
    [
      'shell',
      'a reader that closed the pipe (EPIPE)',
      'pipe',
      /its reader closed the pipe before reading it \(EPIPE\)/,
    ],
  ])('--format %s, %s: revokes the token, exit 1, one line, never the token', async (format, _, where, why) => {
    const before = issued.length;
    const auditBefore = audit().length;
    let result: { code: number | null; stderr: string };
    if (where === 'full') {
      const full = openSync('/dev/full', 'w');
      try {
        result = await exchange(format, full);
      } finally {
        closeSync(full);
      }
    } else {
      result = await exchange(format, 'closed-pipe');
    }
    expect(issued.length, result.stderr).toBe(before + 1);
    const token = issued[before]!;
    expect(result.stderr).toMatch(
      /^stint: got a token for project warehouse, but could not write it to stdout: .+; the token was revoked at the broker, so none is left valid\. Send stdout where it is read in full and has room .+\n$/,
    );
    expect(result.stderr).toMatch(why);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.code).toBe(1);
    expectNoSecret(result.stderr, token, 'the stint token');
    // The broker itself says the token no longer works, and its audit log says why.
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
    const events = audit().slice(auditBefore);
    const minted = events.find((e) => e.event === 'token_issued');
    expect(minted?.jti).toBeTypeOf('string');
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'token_revoked', jti: minted?.jti, outcome: 'success' }),
    );
  });
});

describe.runIf(tmpfsRefused === undefined || process.env.CI !== undefined)(
  'stint exchange whose stdout file fills up part-way through the token',
  () => {
    it('a short write is not taken for the whole: the token is revoked, exit 1', async () => {
      expect(tmpfsRefused, 'with CI set this runs as root, as .ci/run does').toBeUndefined();
      const disk = smallDisk('64k', 'out');
      try {
        // The output file has most of a page already; the rest of the disk is full: the line
        // starts in the page's last 300 bytes and cannot go on (a SyncWriteStream took that for done).
        const out = join(disk.mount, 'exports.sh');
        writeFileSync(out, `${'#'.repeat(PAGE - 301)}\n`);
        fill(disk.mount, 0);
        const before = issued.length;
        const fd = openSync(out, 'a');
        let result: { code: number | null; stderr: string };
        try {
          result = await exchange('shell', fd);
        } finally {
          closeSync(fd);
        }
        expect(issued.length, result.stderr).toBe(before + 1);
        const token = issued[before]!;
        expect(readFileSync(out, 'utf8').length, 'part of the line went in').toBeGreaterThan(PAGE - 300);
        expect(result.stderr).toMatch(
          /no space left on the device it is redirected to \(ENOSPC\); the token was revoked/,
        );
        expect(result.code).toBe(1);
        expectNoSecret(result.stderr, token, 'the stint token');
        expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
      } finally {
        disk.remove();
      }
    });
  },
);
