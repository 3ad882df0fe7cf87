import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';

/**
 * docs/broker.md#the-audit-log: while the audit log cannot be written, nothing is answered without
 * its line, refusals included. A guessed API key at /oauth2/introspect, or a bad token at
 * /mtls/certificates, gets 503 with Retry-After then, not its 401 unaudited. Through the BUILT CLI.
 */
let issuer: GithubIssuer;
let broker: RunningBroker;

const GUESSED_KEY = `stint_sk_${'A'.repeat(43)}`;

function introspect(): Promise<Response> {
  return fetch(`${broker.url}/oauth2/introspect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GUESSED_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'token=abc',
  });
}

function certificate(): Promise<Response> {
  return fetch(`${broker.url}/mtls/certificates`, {
    method: 'POST',
    headers: { authorization: 'Bearer not-a-stint-token', 'content-type': 'application/json' },
    body: JSON.stringify({ csr: 'x' }),
  });
}

/** Asks until `ask` answers `status` (the log retries a failed write at most once a second). */
async function until(ask: () => Promise<Response>, status: number): Promise<Response> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await ask();
    if (response.status === status || Date.now() > deadline) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function auditLines(): Array<Record<string, unknown>> {
  return readFileSync(join(broker.dir, 'audit', 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  issuer = await startGithubIssuer();
  broker = await startBrokerAt(
    (url) => `issuer: ${url}
keys: { dir: keys, algorithm: EdDSA }
audit: { file: audit/audit.jsonl }
providers:
  github: { issuer: ${issuer.url}, allow_insecure: true }
projects:
  warehouse:
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`,
  );
}, 180_000);

afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
});

describe('refusals while the audit log cannot be written', () => {
  it('introspection with a guessed API key and a certificate with a bad token get 503 ERR_AUDIT_WRITE with Retry-After, then their 401 (audited) once the log takes writes again', async () => {
    // Before: the refusals are answered, and audited.
    const before = await introspect();
    expect(before.status).toBe(401);
    await before.arrayBuffer();
    expect((await certificate()).status).toBe(401);
    expect(auditLines().map((line) => line.event)).toEqual(
      expect.arrayContaining(['introspection_denied', 'cert_denied']),
    );

    rmSync(join(broker.dir, 'audit'), { recursive: true, force: true });
    for (const ask of [introspect, certificate]) {
      const response = await ask();
      const body = (await response.json()) as Record<string, unknown>;
      expect({ status: response.status, error: body.error }).toEqual({
        status: 503,
        error: 'temporarily_unavailable',
      });
      expect(body.error_description).toBe('the broker cannot write its audit log; try again shortly');
      expect(response.headers.get('retry-after')).toBe('5');
    }
    // The log lines reach this process through a pipe, maybe after the answers: waited for.
    await vi.waitFor(
      () => {
        expect(broker.output()).toContain(
          '/oauth2/introspect: the refusal (401 ERR_API_KEY_INVALID) could not be audited',
        );
        expect(broker.output()).toContain(
          '/mtls/certificates: the refusal (401 ERR_TOKEN_INVALID) could not be audited',
        );
      },
      { timeout: 60_000, interval: 100 },
    );

    // The log takes writes again by itself; its first line says events were refused meanwhile.
    mkdirSync(join(broker.dir, 'audit'), { mode: 0o700 });
    const after = await until(introspect, 401);
    expect(after.status).toBe(401);
    const lines = auditLines();
    expect(lines[0]).toMatchObject({ event: 'audit_write_failed', code: 'ERR_AUDIT_WRITE' });
    expect(lines[0]?.reason).toMatch(/\d+ events? (was|were) refused meanwhile and are not in the log/);
    expect(lines.at(-1)).toMatchObject({ event: 'introspection_denied', code: 'ERR_API_KEY_INVALID' });
  }, 240_000);
});
