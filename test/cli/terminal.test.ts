import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What the BUILT CLI prints to a terminal comes partly from others: a token's claims, a broker's
 * error description, a response body. None of it may drive the terminal (colours, cursor moves,
 * window titles, hyperlinks, a line rewritten by CR, bidi reordering): control characters are
 * printed as `\uXXXX`.
 */
const cli = resolve('dist/cli/index.js');
const example = resolve('examples/stint.yml');
let dir: string;
let server: Server;
let serverUrl: string;

/** Escape sequences an attacker would put in a claim or an error text. */
const HOSTILE = [
  '\u001b]0;pwned\u0007', // window title
  '\u001b[2J\u001b[H', // clear screen, cursor home
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', // hyperlink
  '\u009b31m', // one-byte CSI
  'ok\rDENIED', // CR rewrites the line
  '\u202egnp.exe', // right-to-left override
  '\b\b\b\u007f',
].join('|');
/** Any character that acts on a terminal instead of showing (tab and line feed are text). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

function stint(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: dir, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => {
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-terminal-'));
  // A stand-in broker and API that answer with escape sequences.
  server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(404).end();
      return;
    }
    if (req.url === '/auth/oidc/exchange') {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'access_denied', error_description: HOSTILE, request_id: `r${HOSTILE}` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`body:${HOSTILE}\n`);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(dir, 'signing.yml'), 'signing:\n  api: { type: bearer, token_env: API_TOKEN }\n');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

describe('control characters from others never reach the terminal raw', () => {
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:acme/warehouse:environment:production',
    repository: 'acme/warehouse',
    repository_owner: 'acme',
    repository_owner_id: '1234567',
    repository_id: '7654321',
    ref: 'refs/heads/main',
    event_name: 'push',
    environment: 'production',
    job_workflow_ref: HOSTILE,
  };

  it('stint policy explain --token: claims print as \\uXXXX escapes', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--token',
      unsignedJwt(claims),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('got \\u001b]0;pwned\\u0007|\\u001b[2J');
    expect(result.stdout).toContain('\\u009b31m|ok\\u000dDENIED|\\u202egnp.exe|\\u0008\\u0008\\u0008\\u007f');
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });

  it('stint policy explain --json: still JSON, and it means the same claims', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      example,
      '--project',
      'warehouse',
      '--token',
      unsignedJwt(claims),
      '--json',
    ]);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    const explained = JSON.parse(result.stdout) as {
      rules: Array<{ comparisons: Array<{ field: string; got?: string }> }>;
    };
    const got = explained.rules.flatMap((r) => r.comparisons).find((c) => c.field === 'job_workflow_ref')?.got;
    expect(got).toBe(HOSTILE);
  });

  it("stint exchange: a broker's error description cannot drive the terminal", async () => {
    const result = await stint(['exchange', '--broker', serverUrl, '--project', 'warehouse'], {
      GITLAB_CI: 'true',
      STINT_ID_TOKEN: unsignedJwt({ sub: 'project_path:acme/warehouse' }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('access_denied: \\u001b]0;pwned\\u0007|');
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });

  it('an unknown command name is shown escaped', async () => {
    const result = await stint(['\u001b]0;pwned\u0007']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command '\\u001b]0;pwned\\u0007'");
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });

  it('stint request: the body goes to a pipe byte for byte, and to a terminal neutralised', async () => {
    const env = { API_TOKEN: 'api-token-7c1e9d', STINT_CONFIG: join(dir, 'signing.yml') };
    const piped = await stint(['request', 'api', 'GET', `${serverUrl}/data`], env);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(`body:${HOSTILE}\n`);

    // `script` runs the command on a pseudo-terminal and copies what it printed.
    const command = `${process.execPath} ${cli} request api GET ${serverUrl}/data`;
    const onTty = await new Promise<string>((done, fail) =>
      execFile(
        'script',
        ['-qec', command, '/dev/null'],
        { cwd: dir, env: { PATH: process.env.PATH, ...env } },
        (error, stdout) => (error ? fail(error) : done(stdout)),
      ),
    );
    expect(onTty).toContain('body:\\u001b]0;pwned\\u0007|');
    // The terminal turns the final line feed into CR LF; nothing else is a control character.
    expect(onTty.replace(/\r\n/g, '\n')).not.toMatch(RAW_CONTROL);
  });
});
