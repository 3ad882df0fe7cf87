import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * The built `stint exchange` against a broker stand-in on 127.0.0.1 that answers what a test
 * scripts: how long it keeps retrying (STINT_RETRY_BUDGET), what it checks before any request,
 * and the advice its refusals end with.
 */
interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** JWT-shaped, as a CI's would be; the stand-in checks nothing. */
const ID_TOKEN = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://ci.example.com', sub: 'job', exp: Math.floor(Date.now() / 1000) + 3600 })}.c2lnbmF0dXJl`;

let answer: Answer = { status: 500, body: {} };
let requests = 0;
let server: Server;
let brokerUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/auth/oidc/exchange') requests++;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  brokerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

/** The built CLI with the ID token in STINT_ID_TOKEN (no discovery: the audience is the CI's). */
async function exchange(args: string[], env: Record<string, string> = {}, next?: Answer) {
  if (next) answer = next;
  requests = 0;
  const result = await runCli(['exchange', '--broker', brokerUrl, '--project', 'warehouse', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', STINT_ID_TOKEN: ID_TOKEN, ...env },
  });
  return { ...result, requests };
}

const rateLimited = (retryAfter: string): Answer => ({
  status: 429,
  body: { error: 'temporarily_unavailable', error_description: 'too many exchanges', request_id: 'rl' },
  headers: { 'retry-after': retryAfter },
});

describe('stint exchange and STINT_RETRY_BUDGET', () => {
  it('gives up at once on a Retry-After longer than the budget, naming it and the variable that sets a longer one', async () => {
    const result = await exchange([], { STINT_RETRY_BUDGET: '5' }, rateLimited('20'));
    expect(result.code).toBe(1);
    expect(result.requests).toBe(1);
    expect(result.stderr).toMatch(
      /\(gave up after 1 attempt in \d+\.\d s: the broker asked to wait 20\.0 s \(Retry-After\), more than the [0-5]\.\d s left of the retry budget; STINT_RETRY_BUDGET \(seconds, at most 600\) sets a longer one\)/,
    );
  });

  it('keeps its retries within the budget: every wait is at least the Retry-After of 1 s, so 3 s hold at most 3 attempts', async () => {
    const result = await exchange([], { STINT_RETRY_BUDGET: '3' }, rateLimited('1'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 429 temporarily_unavailable: too many exchanges');
    expect(result.requests).toBeGreaterThanOrEqual(1);
    expect(result.requests).toBeLessThanOrEqual(3);
  });

  it('refuses a budget that is not 1 to 600 seconds as a usage error, before any request', async () => {
    for (const value of ['abc', '0', '601']) {
      const result = await exchange([], { STINT_RETRY_BUDGET: value }, rateLimited('1'));
      expect(result.stderr, value).toContain(
        `STINT_RETRY_BUDGET must be a number of seconds between 1 and 600, not "${value}"`,
      );
      expect(result.code, value).toBe(2);
      expect(result.requests, value).toBe(0);
    }
  });
});

describe('stint exchange checks and advice', () => {
  it('refuses a --ttl the broker would refuse as a usage error, before any request', async () => {
    const result = await exchange(['--ttl', '15x'], {}, rateLimited('1'));
    expect(result.stderr).toContain('--ttl must be seconds or a duration like 90s, 15m, 1h or 1h30m, not "15x"');
    expect(result.code).toBe(2);
    expect(result.requests).toBe(0);
  });

  it('an invalid_scope denial says to check --scope (space-separated), not the trust rules', async () => {
    const result = await exchange(
      ['--scope', 'read,write'],
      {},
      {
        status: 403,
        body: {
          error: 'invalid_scope',
          error_description:
            'scope "read,write" is not granted to this job for project warehouse; it may have: read write',
          request_id: 'rs',
        },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Check the scopes you ask for (--scope): scopes are separated by spaces, not commas ("read write")',
    );
    expect(result.stderr).not.toContain('Fix the trust rules');
  });

  it('a 401 for an untrusted issuer says to add the issuer to the broker, with no audience advice', async () => {
    const result = await exchange(
      [],
      {},
      {
        status: 401,
        body: {
          error: 'invalid_token',
          error_description: 'token issuer "https://ci.example.com" is not a provider this broker trusts',
          request_id: 'ri',
        },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Add this CI's issuer to the broker's config");
    expect(result.stderr).toContain("the broker rejected this job's ID token");
    expect(result.stderr).not.toMatch(/audience/i);
  });
});
