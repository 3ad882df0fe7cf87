import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { createJob, requireBuilt, runStep } from './harness.js';

/**
 * The built post step against a broker whose Redis fails over as the job ends: it answers 503
 * (temporarily_unavailable, Retry-After: 1) for 16 s, longer than a Sentinel failover keeps the
 * brokers at 503 (about 15 s, docs/many-brokers.md) and than the 15 s post once had in all, then
 * 200. With the default budget the token is revoked; a budget set shorter (STINT_RETRY_BUDGET)
 * gives up with a warning, and the step still exits 0.
 */
const OUTAGE_MS = 16_000;
const servers: Server[] = [];

beforeAll(() => requireBuilt());
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/**
 * A broker on 127.0.0.1 that is failing over from its first revocation request on (for
 * `outageMs`); what it revoked.
 */
async function failingOverBroker(
  outageMs = OUTAGE_MS,
): Promise<{ url: string; refused: () => number; revoked: string[] }> {
  let firstAt: number | undefined;
  let refused = 0;
  const revoked: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/oauth2/revoke') {
        res.writeHead(404).end();
        return;
      }
      firstAt ??= Date.now();
      if (Date.now() - firstAt < outageMs) {
        refused++;
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(
          JSON.stringify({
            error: 'temporarily_unavailable',
            error_description: 'the broker cannot reach its store; try again shortly',
          }),
        );
        return;
      }
      revoked.push(new URLSearchParams(body).get('token') ?? '');
      res.writeHead(200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, refused: () => refused, revoked };
}

const TOKEN = `eyJhbGciOiJFZERTQSJ9.${Buffer.from('{"sub":"job"}').toString('base64url')}.c2lnbmF0dXJlc2lnbmF0dXJl`;

it('revokes the token through a 16 s failover with the default budget', async () => {
  const broker = await failingOverBroker();
  const job = createJob();
  try {
    job.state = {
      token: TOKEN,
      'broker-url': broker.url,
      'expires-at': new Date(Date.now() + 600_000).toISOString(),
    };
    const post = await runStep(job, 'post', { timeoutMs: 180_000 });
    expect(post.code).toBe(0);
    expect(post.warnings, post.stdout).toEqual([]);
    expect(post.stdout).toContain('stint: clean-up: token revoked;');
    expect(broker.refused()).toBeGreaterThan(1);
    expect(broker.revoked).toEqual([TOKEN]);
    // Each retry is in the log, as main's are: 25 s of failover must not look like a hung step.
    const retries = post.stdout.match(
      /^stint: the broker refused to revoke the token: HTTP 503 temporarily_unavailable: the broker cannot reach its store; try again shortly; retrying in \d+\.\d s$/gm,
    );
    expect(retries).toHaveLength(broker.refused());
  } finally {
    job.remove();
  }
});

it('a budget set shorter than the failover gives up with a warning, and the step exits 0', async () => {
  const broker = await failingOverBroker();
  const job = createJob();
  try {
    job.state = {
      token: TOKEN,
      'broker-url': broker.url,
      'expires-at': new Date(Date.now() + 600_000).toISOString(),
    };
    const post = await runStep(job, 'post', { env: { STINT_RETRY_BUDGET: '2' }, timeoutMs: 180_000 });
    expect(post.code).toBe(0);
    expect(post.errors).toEqual([]);
    expect(post.warnings).toHaveLength(1);
    expect(post.warnings[0]).toContain('could not revoke the token');
    expect(post.warnings[0]).toContain('HTTP 503 temporarily_unavailable');
    expect(post.stdout).toContain('stint: clean-up: revocation failed (see the warning);');
    expect(broker.revoked).toEqual([]);
  } finally {
    job.remove();
  }
});

it('a token that expired before post: one attempt, no retries for the budget, and no expiry "to come" in the past', async () => {
  const broker = await failingOverBroker(Number.POSITIVE_INFINITY);
  const job = createJob();
  // Past its expiry by more than the clock skew stint allows (60 s): dead by any clock stint accepts.
  const expiresAt = new Date(Date.now() - 5 * 60_000).toISOString();
  try {
    job.state = { token: TOKEN, 'broker-url': broker.url, 'expires-at': expiresAt };
    const post = await runStep(job, 'post', { env: { STINT_RETRY_BUDGET: '300' }, timeoutMs: 400_000 });
    expect(post.code).toBe(0);
    expect(post.errors).toEqual([]);
    // Sent once anyway (only the broker's clock says whether it expired), then no retry.
    expect(broker.refused()).toBe(1);
    expect(post.stdout).not.toContain('retrying in');
    expect(post.warnings).toHaveLength(1);
    expect(post.warnings[0]).toContain(
      `stint: could not revoke the token (by this runner's clock it expired at ${expiresAt}, which the broker could not confirm): the broker refused to revoke the token: HTTP 503`,
    );
    expect(post.warnings[0]).toMatch(
      /\(gave up after 1 attempt in \d+\.\d s; no retry more than 60 s \(the clock difference stint allows\) after the token's expiry\)$/,
    );
    expect(post.warnings[0]).not.toContain('expires by itself at');
    expect(post.stdout).toContain('stint: clean-up: revocation failed (see the warning);');
    expect(post.summary).not.toContain('already expired');
  } finally {
    job.remove();
  }
});
