import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

// `stint sign` (built CLI) in a GitHub Actions step: for bearer, jwt and oauth2 profiles the header
// it prints is the credential, so it registers the credential with the runner (`::add-mask::` on
// stderr, which the runner reads as it reads stdout) before printing it, and stdout stays only the
// header for `$(stint sign …)`.
const dir = mkdtempSync(join(tmpdir(), 'stint-sign-mask-'));
const CLIENT_SECRET = 'oauth-client-secret-for-masking';
let nextToken = '';
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: nextToken, token_type: 'Bearer', expires_in: 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  writeFileSync(
    join(dir, 'oauth.yml'),
    [
      'signing:',
      `  o1: { type: oauth2, token_url: "http://127.0.0.1:${port}/token", client_id: "ci:client id", client_secret_env: OSEC, scope: [a, b] }`,
      '  jwt-hs: { type: jwt, alg: HS256, secret_env: JSEC, claims: { iss: ci, aud: api } }',
      '  apiq: { type: bearer, token_env: API_TOKEN, query: key }',
      '  hook: { type: hmac, format: github, secret_env: JSEC }',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function stint(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runCli([...args, '--config', 'oauth.yml'], {
    cwd: dir,
    env: { PATH: process.env.PATH, OSEC: CLIENT_SECRET, JSEC: 'jwt-hs256-secret-of-some-length', ...env },
  });
}

/** The values of the `::add-mask::` commands in `text`, unescaped as the runner does. */
function masks(text: string): string[] {
  return [...text.matchAll(/^::add-mask::(.*)$/gm)].map((m) =>
    (m[1] as string).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'),
  );
}

/** What the runner's log shows for `text` once `registered` are masked (longest first, as it does). */
function asLogged(text: string, registered: string[]): string {
  let out = text;
  for (const secret of [...registered].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}

describe('stint sign in GitHub Actions masks the credential it prints', () => {
  it('oauth2: the access token just fetched, and its encoded forms, are registered on stderr first', async () => {
    nextToken = `AT-${'x7Q'.repeat(8)}+/=fresh`;
    const run = await stint(['sign', 'o1'], { GITHUB_ACTIONS: 'true' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Authorization: Bearer ${nextToken}\n`);
    // stderr holds nothing but the mask commands, so nothing of them reaches the log.
    expect(run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('::add-mask::'))).toEqual([]);
    const registered = masks(run.stderr);
    expect(registered).toContain(nextToken);
    expect(registered).toContain(Buffer.from(nextToken).toString('base64'));
    expect(registered).toContain(encodeURIComponent(nextToken));
    expect(asLogged(run.stdout, registered)).toBe('Authorization: Bearer ***\n');
    expectNoSecret([run.stdout, run.stderr], CLIENT_SECRET, 'the client secret');
  });

  it('jwt: a freshly minted JWT is registered, in every --format', async () => {
    for (const format of ['headers', 'json', 'curl']) {
      const run = await stint(['sign', 'jwt-hs', '--format', format], { GITHUB_ACTIONS: 'true' });
      expect(run.code).toBe(0);
      const jwt = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(run.stdout)?.[0] as string;
      expect(jwt).toBeDefined();
      const registered = masks(run.stderr);
      expect(registered).toContain(jwt);
      expect(asLogged(run.stdout, registered)).not.toMatch(/eyJ/);
    }
  });

  it('bearer in a query parameter: the token is registered as the URL carries it', async () => {
    const token = 'static token/with+plus and space';
    const run = await stint(['sign', 'apiq', '--url', 'https://api.example.com/x', '--format', 'json'], {
      GITHUB_ACTIONS: 'true',
      API_TOKEN: token,
    });
    expect(run.code).toBe(0);
    const registered = masks(run.stderr);
    expect(asLogged(run.stdout, registered)).toBe('{"headers":{},"url":"https://api.example.com/x?key=***"}\n');
  });

  it('outside GitHub Actions, and for a signature (hmac), nothing is written to stderr', async () => {
    nextToken = 'AT-outside-github-actions-1234';
    expect(await stint(['sign', 'o1'], {})).toEqual({
      code: 0,
      stdout: `Authorization: Bearer ${nextToken}\n`,
      stderr: '',
    });
    const hook = await stint(['sign', 'hook', '--body', '{}'], { GITHUB_ACTIONS: 'true' });
    expect(hook.code).toBe(0);
    expect(hook.stderr).toBe('');
  });

  it('a credential too short to mask is refused in GitHub Actions, before anything is printed', async () => {
    nextToken = 'abc';
    const run = await stint(['sign', 'o1'], { GITHUB_ACTIONS: 'true' });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'stint: a secret of 3 character(s) cannot be masked in the log (the runner needs at least 4); use a longer, random secret\n',
    });
  });
});
