import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRunnerShows, registeredMasks, runCliToLog } from '../helpers/runner-log.js';
import { expectNoSecret } from '../helpers/secrets.js';

// `stint request` (built CLI) in a GitHub Actions step, against a server that echoes the request
// back: the credential the request carries is registered (`::add-mask::` on stderr) before the
// request is sent and before anything is printed, so the runner's log shows `***` in its place,
// however the server spells it.
const dir = mkdtempSync(join(tmpdir(), 'stint-request-mask-'));
const logFile = join(dir, 'step.log');
const CLIENT_SECRET = 'oauth-client-secret-for-request-masking';
const HOOK_SECRET = 'hook-secret-for-request-masking-0123';
let accessToken = '';
let server: Server;
let base = '';
/** What the echo endpoint received: the credential, and the step's log as it stood then. */
let received: Array<{ credential: string; logThen: string; headers: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/token') {
        res.end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 300 }));
        return;
      }
      // A careless API that quotes back the request, the credential in the spellings it knows.
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const credential =
        (req.headers.authorization ?? '').replace(/^Bearer /, '') || (url.searchParams.get('key') ?? '');
      received.push({ credential, logThen: readFileSync(logFile, 'utf8'), headers: req.headers });
      res.end(
        `${JSON.stringify(
          {
            headers: req.headers,
            url: req.url,
            raw: credential,
            base64: Buffer.from(credential).toString('base64'),
            base64url: Buffer.from(credential).toString('base64url'),
            url_encoded: encodeURIComponent(credential),
          },
          null,
          1,
        )}\n`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    join(dir, 'stint.yml'),
    [
      'signing:',
      `  billing: { type: oauth2, token_url: "${base}/token", client_id: ci, client_secret_env: OSEC }`,
      '  jwt-hs: { type: jwt, alg: HS256, secret_env: JSEC, claims: { iss: ci, aud: api } }',
      '  apiq: { type: bearer, token_env: API_TOKEN, query: key }',
      '  hook: { type: hmac, format: github, secret_env: HSEC }',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function request(args: string[], env: Record<string, string>): Promise<{ code: number; log: string }> {
  received = [];
  return runCliToLog(['request', ...args, '--config', 'stint.yml'], {
    cwd: dir,
    logFile,
    env: {
      PATH: process.env.PATH,
      OSEC: CLIENT_SECRET,
      JSEC: 'jwt-hs256-secret-for-request-masking',
      HSEC: HOOK_SECRET,
      ...env,
    },
  });
}

/** The one credential the echo endpoint got, after checking it was registered before it was sent. */
function sentCredential(): string {
  expect(received).toHaveLength(1);
  const { credential, logThen } = received[0] as (typeof received)[number];
  expect(credential.length).toBeGreaterThan(8);
  // The request reached the server only after the mask was in the log.
  expect(registeredMasks(logThen)).toContain(credential);
  return credential;
}

describe('stint request in GitHub Actions masks the credential a server echoes back', () => {
  it('oauth2: the access token is registered before the request, and the log shows none of its forms', async () => {
    accessToken = `AT-${'q9Z'.repeat(8)}+/=live`;
    const run = await request(['billing', 'GET', `${base}/echo`], { GITHUB_ACTIONS: 'true' });
    expect(run.code).toBe(0);
    const credential = sentCredential();
    expect(credential).toBe(accessToken);
    // The server did echo it, in every spelling: unmasked, the log would show it.
    expect(run.log).toContain(`"authorization": "Bearer ${accessToken}"`);
    expect(run.log).toContain(Buffer.from(accessToken).toString('base64'));
    expect(run.log).toContain(encodeURIComponent(accessToken));
    const shown = asRunnerShows(run.log);
    expect(shown).toContain('"authorization": "Bearer ***"');
    expectNoSecret([shown], accessToken, 'the access token');
    expectNoSecret([run.log], CLIENT_SECRET, 'the client secret');
  });

  it('jwt: the JWT minted for the request is registered before it is sent', async () => {
    const run = await request(['jwt-hs', 'POST', `${base}/echo`, '--body', '{}'], { GITHUB_ACTIONS: 'true' });
    expect(run.code).toBe(0);
    const jwt = sentCredential();
    expect(jwt).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(run.log).toContain(jwt);
    expectNoSecret([asRunnerShows(run.log)], jwt, 'the JWT');
  });

  it('bearer in a query parameter: the token in the echoed URL is masked', async () => {
    const token = 'static token/with+plus and space';
    const run = await request(['apiq', 'GET', `${base}/echo`], { GITHUB_ACTIONS: 'true', API_TOKEN: token });
    expect(run.code).toBe(0);
    expect(sentCredential()).toBe(token);
    const shown = asRunnerShows(run.log);
    expect(shown).toContain('"url": "/echo?key=***"');
    expectNoSecret([shown], token, 'the bearer token');
  });

  it('an Authorization value given with --header is masked; an HMAC signature is left visible', async () => {
    const userToken = 'user-given-token-for-the-api-5e6f';
    const run = await request(
      ['hook', 'POST', `${base}/echo`, '--body', '{"deploy":1}', '--header', `Authorization: Bearer ${userToken}`],
      { GITHUB_ACTIONS: 'true' },
    );
    expect(run.code).toBe(0);
    expect(sentCredential()).toBe(userToken);
    const shown = asRunnerShows(run.log);
    expectNoSecret([shown], userToken, 'the token given with --header');
    // The signature proves this request only: it stays readable, and the secret never shows.
    const signature = (received[0] as (typeof received)[number]).headers['x-hub-signature-256'] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(shown).toContain(`"x-hub-signature-256": "${signature}"`);
    expectNoSecret([run.log], HOOK_SECRET, 'the HMAC secret');
  });

  it('a credential too short to mask is refused before anything is sent', async () => {
    const run = await request(['hook', 'POST', `${base}/echo`, '--header', 'Authorization: Bearer abc'], {
      GITHUB_ACTIONS: 'true',
    });
    expect(run).toEqual({
      code: 1,
      log: 'stint: the Authorization header given with --header: a secret of 3 character(s) cannot be masked in the log (the runner needs at least 4); use a longer, random credential\n',
    });
    expect(received).toEqual([]);
  });

  it('outside GitHub Actions nothing is registered', async () => {
    accessToken = 'AT-outside-github-actions-5678';
    const run = await request(['billing', 'GET', `${base}/echo`], {});
    expect(run.code).toBe(0);
    expect(run.log).not.toContain('::add-mask::');
    expect(run.log).toContain(`"authorization": "Bearer ${accessToken}"`);
  });
});
