import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { CLI } from '../helpers/broker.js';

/**
 * `stint … | head -1`: the reader closes the pipe after the first line. The BUILT CLI stops
 * writing quietly, finishes and exits with the command's own status; it used to end with an
 * unhandled `Error: write EPIPE` and a Node stack trace on stderr.
 */
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-closed-pipe-'));
  // 4,000 passing cases: with --verbose, a line each, far more than a pipe holds (64 KiB).
  const cases = Array.from(
    { length: 4000 },
    (_, i) =>
      `  - { name: "case ${i}: a push to main builds and publishes", project: warehouse, example: github, expect: { allow: [read, write] } }`,
  );
  writeFileSync(
    join(dir, 'many.yml'),
    `config: ${resolve('examples/policy-tests/stint.yml')}\ncases:\n${cases.join('\n')}\n`,
  );
  // An audit log of 3,000 events written by the broker's own writer (about 1 MB of --json).
  let at = Date.parse('2026-12-04T10:00:00.000Z');
  const log = await openAuditLog(join(dir, 'big.jsonl'), { now: () => at });
  for (let i = 0; i < 3000; i++) {
    at += 1000;
    await log.append({
      event: 'token_issued',
      request_id: `r${i}`,
      outcome: 'success',
      project: 'warehouse',
      subject: 'repo:acme/warehouse:ref:refs/heads/main',
      scope: 'read write',
      jti: `j-${i}`,
    } as never);
  }
  await log.close();
});

/** Runs the CLI with stdout a pipe that this side closes as soon as the first bytes arrive. */
function closedEarly(
  args: string[],
): Promise<{ code: number | null; signal: string | null; first: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8');
      child.stdout.destroy(); // as `head -1` exits
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (code, signal) => done({ code, signal, first, stderr }));
  });
}

describe('stdout closed early (| head -1)', () => {
  it('stint policy test --verbose: no stack trace, the command’s own exit status', async () => {
    const result = await closedEarly(['policy', 'test', 'many.yml', '--verbose']);
    expect(result.first).toMatch(/^PASS {2}case 0: /);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null });
  });

  it('stint audit query --json: no stack trace, the command’s own exit status', async () => {
    const result = await closedEarly(['audit', 'query', 'big.jsonl', '--json']);
    expect(JSON.parse(result.first.split('\n')[0]!)).toMatchObject({ event: 'token_issued', jti: 'j-0' });
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null });
  });

  it('a failing command keeps its status (1) when its reader is gone', async () => {
    // Every case fails (a deny is expected), so the run exits 1 after printing thousands of lines.
    writeFileSync(
      join(dir, 'failing.yml'),
      `config: ${resolve('examples/policy-tests/stint.yml')}\ncases:\n${Array.from(
        { length: 3000 },
        (_, i) => `  - { name: "case ${i}", project: warehouse, example: github, expect: { deny: ERR_POLICY_DENIED } }`,
      ).join('\n')}\n`,
    );
    const result = await closedEarly(['policy', 'test', 'failing.yml']);
    expect(result.first).toMatch(/^FAIL {2}case 0 /);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 1, signal: null });
  });
});
