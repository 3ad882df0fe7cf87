import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runPost } from '../../src/action/run-post.js';
import { createRunnerCore } from '../../src/action/runner.js';
import { expectNoSecret } from '../helpers/secrets.js';

// A broker that echoes the token in its refusal must not get it into the post step's warning
// or the job summary: post redacts the broker's text (the runner's masks are a second line).
const dir = mkdtempSync(join(tmpdir(), 'stint-post-redact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('redacts the token from a revoke refusal that quotes it, in the warning and the summary', async () => {
  const token = `eyJhbGciOiJFZERTQSJ9.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2lnbmF0dXJlc2lnbmF0dXJl`;
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  // A broker on 127.0.0.1 that refuses the revocation and quotes the token back.
  const broker = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: 'invalid_request', error_description: `cannot revoke ${token}`, request_id: 'r1' }),
    );
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  const env = {
    RUNNER_TEMP: dir,
    GITHUB_STEP_SUMMARY: summary,
    STATE_token: token,
    'STATE_broker-url': `http://127.0.0.1:${(broker.address() as AddressInfo).port}`,
    'STATE_expires-at': new Date(Date.now() + 600_000).toISOString(),
  };
  let stdout = '';
  const core = createRunnerCore({ env, write: (text) => (stdout += text), setExitCode: () => undefined });
  const outcome = await runPost({ core, env, now: Date.now }).finally(() => broker.close());
  expect(outcome.token).toBe('failed');
  expect(stdout).toMatch(/::warning::stint: could not revoke the token/);
  const shown = [
    stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    readFileSync(summary, 'utf8'),
    outcome.tokenDetail ?? '',
  ];
  expectNoSecret(shown, token, 'the token');
  expect(outcome.tokenDetail).toContain('cannot revoke ***');
});

it('a broker that answered 503 past the token\'s expiry (by the runner\'s clock, within the allowed skew): retried for the budget, a warning, never "expired" (as stint revoke)', async () => {
  const token = `eyJhbGciOiJFUzI1NiJ9.${Buffer.from('{"sub":"y"}').toString('base64url')}.c2lnbmF0dXJlc2lnbmF0dXJl`;
  // A broker on 127.0.0.1 in a failover: every revocation is answered 503.
  let asked = 0;
  const broker = createServer((_req, res) => {
    asked++;
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'store unavailable' }));
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  // A millisecond clock that the retries' sleeps move on: the token expires 5 s after the post
  // step starts, by this clock, which may be wrong: only the broker could say it expired.
  const start = Date.parse('2026-12-07T12:00:00Z');
  let clock = start;
  const env = {
    RUNNER_TEMP: dir,
    STATE_token: token,
    'STATE_broker-url': `http://127.0.0.1:${(broker.address() as AddressInfo).port}`,
    'STATE_expires-at': new Date(clock + 5_000).toISOString(),
  };
  let stdout = '';
  const core = createRunnerCore({ env, write: (text) => (stdout += text), setExitCode: () => undefined });
  const outcome = await runPost({
    core,
    env,
    now: () => clock,
    sleep: async (ms: number) => {
      clock += Math.ceil(ms);
    },
  }).finally(() => broker.close());
  expect(asked).toBeGreaterThan(2);
  expect(outcome.token).toBe('failed');
  // The retries went on past the expiry this clock read, into the 30 s budget.
  expect(clock).toBeGreaterThan(start + 15_000);
  // Never "it expires by itself at" a time already past by this clock.
  expect(stdout).toMatch(
    /::warning::stint: could not revoke the token \(by this runner's clock it expired at 2026-12-07T12:00:05\.000Z, which the broker could not confirm\)/,
  );
  expect(stdout).not.toContain('expires by itself at');
  expect(stdout).not.toContain('already expired');
});
