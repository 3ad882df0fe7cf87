import { describe, expect, it } from 'vitest';
import { runPost } from '../../src/action/run-post.js';
import type { ActionCore } from '../../src/action/runner.js';
import type { HttpClient } from '../../src/lib/http.js';

/**
 * The post step's revocation against a broker that answers 503 throughout, on a fixed clock: the
 * retries stop once the next would start more than the allowed clock skew (60 s) after the
 * token's expiry, not at the budget (STINT_RETRY_BUDGET up to 300 s), and not at the expiry by
 * this clock alone (a runner clock that runs ahead must not leave a live token behind).
 */
const T0 = Date.parse('2026-12-07T20:00:00.000Z');

function fakeCore(state: Record<string, string>) {
  const lines: string[] = [];
  const warnings: string[] = [];
  const core: ActionCore = {
    getInput: () => '',
    getBooleanInput: () => true,
    setSecret: () => undefined,
    setOutput: () => undefined,
    exportVariable: () => undefined,
    saveState: () => undefined,
    getState: (name) => state[name] ?? '',
    addPath: () => undefined,
    appendSummary: () => undefined,
    info: (message) => lines.push(message),
    debug: () => undefined,
    warning: (message) => warnings.push(message),
    error: () => undefined,
    setFailed: () => undefined,
  };
  return { core, lines, warnings };
}

async function postAgainstOutage(expiresInMs: number) {
  let clock = T0;
  const attempts: number[] = [];
  const http: HttpClient = async () => {
    attempts.push(clock);
    clock += 100; // each answer takes a tenth of a second
    const body = Buffer.from('{"error":"temporarily_unavailable"}');
    return {
      status: 503,
      statusText: 'Service Unavailable',
      headers: { 'content-type': 'application/json' },
      body,
      header: (name) => (name === 'content-type' ? 'application/json' : undefined),
      text: () => body.toString(),
    };
  };
  const { core, lines, warnings } = fakeCore({
    token: 'header.payload.signature',
    'broker-url': 'https://stint.example.com',
    'expires-at': new Date(T0 + expiresInMs).toISOString(),
  });
  const outcome = await runPost({
    core,
    env: { STINT_RETRY_BUDGET: '300', RUNNER_TEMP: '/nonexistent-runner-temp' },
    http,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  return { outcome, attempts, lines, warnings };
}

describe('post: revocation retries end at the token expiry plus the allowed clock skew', () => {
  it('keeps retrying past the expiry by this clock, up to 60 s after it, and not for the whole budget', async () => {
    const { outcome, attempts, lines, warnings } = await postAgainstOutage(10_000);
    expect(outcome.token).toBe('failed');
    const expiry = T0 + 10_000;
    expect(attempts.some((at) => at > expiry)).toBe(true);
    expect(Math.max(...attempts)).toBeLessThan(expiry + 60_000);
    expect(Math.max(...attempts)).toBeLessThan(T0 + 300_000);
    // every retry said so in the log
    expect(lines.filter((line) => line.includes('; retrying in '))).toHaveLength(attempts.length - 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      "by this runner's clock it expired at 2026-12-07T20:00:10.000Z, which the broker could not confirm",
    );
    expect(warnings[0]).toContain(
      "no retry more than 60 s (the clock difference stint allows) after the token's expiry",
    );
  });

  it('a token that expires after the budget keeps the whole budget, and says when it expires', async () => {
    const { attempts, warnings } = await postAgainstOutage(600_000);
    expect(Math.max(...attempts)).toBeGreaterThan(T0 + 200_000);
    expect(warnings[0]).toContain('could not revoke the token (it expires by itself at 2026-12-07T20:10:00.000Z)');
    expect(warnings[0]).not.toContain('no retry more than');
  });
});
