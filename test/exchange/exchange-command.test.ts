import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatEnv, formatShell, singleUseGuard } from '../../src/cli/commands/exchange.js';
import { main } from '../../src/cli/main.js';
import { type ExchangeResult, exchangeWithRetry } from '../../src/client/broker-client.js';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { isStintError } from '../../src/lib/errors.js';
import { shellQuote } from '../../src/lib/shell-quote.js';
import { detectTokenSource } from '../../src/providers/token-source.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * `stint exchange` in-process against a scripted stand-in broker on 127.0.0.1, for what the real
 * broker cannot be made to do on demand (answer 503, then 200). The recipes' tests run the built
 * CLI against the real broker.
 */
interface Scripted {
  status: number;
  body: Record<string, unknown>;
}

const ACCESS_TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJwcm9qZWN0Ijoid2FyZWhvdXNlIn0.c2lnbmF0dXJlLWFjY2Vzcw';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwcm9qZWN0X3BhdGg6YWNtZS93YXJlaG91c2UifQ.aWQtdG9rZW4tc2ln';
const granted = {
  access_token: ACCESS_TOKEN,
  token_type: 'Bearer',
  expires_in: 900,
  expires_at: '2026-11-24T10:15:00.000Z',
  scope: 'read write',
  project: 'warehouse',
  audit_id: 'aud_123',
};

let broker: Server;
let brokerUrl: string;
let script: Scripted[] = [];
let received: Array<Record<string, unknown>> = [];
let issuer: GithubIssuer;
let dir: string;

beforeAll(async () => {
  issuer = await startGithubIssuer();
  dir = mkdtempSync(join(tmpdir(), 'stint-exchange-'));
  broker = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/.well-known/openid-configuration') return send(200, { issuer: brokerUrl });
      if (req.url !== '/auth/oidc/exchange') return send(404, {});
      const request = JSON.parse(body) as Record<string, unknown>;
      received.push(request);
      const next = script.shift() ?? { status: 200, body: granted };
      // `{{token}}` in a scripted answer echoes the ID token the request carried, as a careless broker might.
      send(next.status, JSON.parse(JSON.stringify(next.body).split('{{token}}').join(String(request.token))));
    });
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  brokerUrl = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  broker.closeAllConnections();
  await new Promise((resolve) => broker.close(resolve));
  await issuer.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  script = [];
  received = [];
});

async function stint(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(['exchange', ...args], { stdout, stderr, env, cwd: dir });
  return { code, stdout: out, stderr: err };
}

const gitlabEnv = { GITLAB_CI: 'true', STINT_ID_TOKEN: ID_TOKEN };
const base = () => ['--broker', brokerUrl, '--project', 'warehouse'];

describe('stint exchange formats', () => {
  it('shell: export lines that bash evals back to the exact values', async () => {
    const { code, stdout, stderr } = await stint([...base(), '--scope', 'read write', '--ttl', '10m'], gitlabEnv);
    expect(code).toBe(0);
    expect(received).toEqual([{ token: ID_TOKEN, project: 'warehouse', scope: 'read write', ttl: '10m' }]);
    expect(stdout).toBe(
      [
        `export STINT_TOKEN='${ACCESS_TOKEN}'`,
        "export STINT_TOKEN_EXPIRES_AT='2026-11-24T10:15:00.000Z'",
        "export STINT_SCOPE='read write'",
        "export STINT_PROJECT='warehouse'",
        "export STINT_AUDIT_ID='aud_123'",
        `export STINT_BROKER_URL='${brokerUrl}'`,
        '',
      ].join('\n'),
    );
    const evaluated = spawnSync('bash', ['-c', 'eval "$(cat)"; printf "%s|%s" "$STINT_TOKEN" "$STINT_SCOPE"'], {
      input: stdout,
      encoding: 'utf8',
    });
    expect(evaluated.stdout).toBe(`${ACCESS_TOKEN}|read write`);
    expectNoSecret(stderr, ACCESS_TOKEN, 'the stint token');
    expectNoSecret([stdout, stderr], ID_TOKEN, 'the ID token');
    expect(stderr).toBe(
      'stint: got a token for project warehouse (scope: read write; expires 2026-11-24T10:15:00.000Z; audit id aud_123) via GitLab CI (GITLAB_CI=true) with the id_tokens variable STINT_ID_TOKEN\n',
    );
  });

  it('shell quoting survives any value under eval', () => {
    const nasty = `a'b"c$(touch ${dir}/pwned)\`x\`\\n;|&`;
    const result = { ...granted, scope: nasty } as ExchangeResult;
    const evaluated = spawnSync('bash', ['-c', 'eval "$(cat)"; printf "%s" "$STINT_SCOPE"'], {
      input: formatShell(result),
      encoding: 'utf8',
    });
    expect(evaluated.stdout).toBe(nasty);
    expect(() => statSync(join(dir, 'pwned'))).toThrow();
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('env: NAME=value lines; a value with a line break is refused', async () => {
    const { code, stdout } = await stint([...base(), '--format', 'env'], gitlabEnv);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      `STINT_TOKEN=${ACCESS_TOKEN}`,
      'STINT_TOKEN_EXPIRES_AT=2026-11-24T10:15:00.000Z',
      'STINT_SCOPE=read write',
      'STINT_PROJECT=warehouse',
      'STINT_AUDIT_ID=aud_123',
      `STINT_BROKER_URL=${brokerUrl}`,
      '',
    ]);
    expect(() => formatEnv({ ...granted, scope: 'a\nSTINT_TOKEN=evil' })).toThrow(/line break/);
    // Unquoted values are not shell syntax: the help says so rather than suggest sourcing them.
    const help = await stint(['--help'], gitlabEnv);
    expect(help.stdout).toContain('never source them with sh (use shell for that)');
  });

  it('json: the broker answer fields', async () => {
    const { code, stdout } = await stint([...base(), '--format', 'json'], gitlabEnv);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(granted);
  });

  it('github: masks first, then writes STINT_TOKEN to $GITHUB_ENV in heredoc form, 0600', async () => {
    const githubEnvFile = join(dir, 'github_env');
    const { code, stdout, stderr } = await stint([...base(), '--format', 'github'], {
      ...gitlabEnv,
      GITHUB_ENV: githubEnvFile,
    });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.startsWith('::add-mask::'))).toBe(true);
    expect(lines[0]).toBe(`::add-mask::${ACCESS_TOKEN}`);
    expectNoSecret(stderr, ACCESS_TOKEN, 'the stint token');
    expectNoSecret([stdout, stderr], ID_TOKEN, 'the ID token');
    expect(statSync(githubEnvFile).mode & 0o777).toBe(0o600);
    const written = readFileSync(githubEnvFile, 'utf8');
    const match = /^STINT_TOKEN<<(ghadelimiter_[0-9a-f]{32})\n(.*)\n\1\n/.exec(written);
    expect(match?.[2]).toBe(ACCESS_TOKEN);
    expect(written).toMatch(/STINT_SCOPE<<(ghadelimiter_[0-9a-f]{32})\nread write\n\1\n/);
  });

  it('github without $GITHUB_ENV fails before spending the ID token', async () => {
    const { code, stderr } = await stint([...base(), '--format', 'github'], gitlabEnv);
    expect(code).toBe(1);
    expect(received).toEqual([]);
    expect(stderr).toBe(
      'stint: --format github writes to $GITHUB_ENV, which is not set; use it inside a GitHub Actions step, or pick --format shell\n',
    );
  });
});

describe('stint exchange failures', () => {
  it('a denial exits 1 with the error_description and request_id, and no token anywhere', async () => {
    script = [
      {
        status: 403,
        body: {
          error: 'access_denied',
          error_description: 'ref refs/heads/feature-x is not allowed for project warehouse',
          request_id: '00000000-0000-4000-8000-000000000042',
        },
      },
    ];
    const { code, stdout, stderr } = await stint(base(), gitlabEnv);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('ref refs/heads/feature-x is not allowed for project warehouse');
    expect(stderr).toContain('00000000-0000-4000-8000-000000000042');
    expectNoSecret([stdout, stderr], ID_TOKEN, 'the ID token');
    expect(received).toHaveLength(1);
  });

  it('redacts the ID token a broker echoes in its refusal, and in the retry lines before it', async () => {
    script = [
      {
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'cannot use token {{token}}',
          request_id: '00000000-0000-4000-8000-0000000000ec',
        },
      },
    ];
    const refused = await stint(base(), gitlabEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot use token ***');
    expect(refused.stderr).toContain('00000000-0000-4000-8000-0000000000ec');

    // A source that mints (GitHub): the 503 is retried, and the retry line quotes the broker too.
    script = [{ status: 503, body: { error: 'temporarily_unavailable', error_description: 'busy with {{token}}' } }];
    const retried = await stint(base(), {
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
      STINT_RETRY_BUDGET: '30',
    });
    expect(retried.code).toBe(0);
    expect(retried.stderr).toContain('busy with ***');
    const idTokens = received.map((r) => r.token as string);
    expect(idTokens).toHaveLength(3);
    for (const idToken of [ID_TOKEN, ...idTokens])
      expectNoSecret([refused.stdout, refused.stderr, retried.stderr], idToken, 'an ID token');
  });

  it('usage errors exit 2', async () => {
    expect((await stint(['--project', 'p'], gitlabEnv)).code).toBe(2);
    expect((await stint(['--broker', brokerUrl], gitlabEnv)).code).toBe(2);
    expect((await stint([...base(), '--format', 'yaml'], gitlabEnv)).stderr).toBe(
      "stint: --format must be one of shell, env, json, github, got 'yaml'\n",
    );
    expect((await stint([...base(), '--provider', 'travis'], gitlabEnv)).code).toBe(2);
    expect((await stint([...base(), '--id-token-env', 'not a name'], gitlabEnv)).code).toBe(2);
    expect((await stint([...base(), '--bogus'], gitlabEnv)).code).toBe(2);
    expect(received).toEqual([]);
  });

  it('--audience with an env-var token is ignored, and says so', async () => {
    const { code, stderr } = await stint([...base(), '--audience', 'https://x.test'], gitlabEnv);
    expect(code).toBe(0);
    expect(stderr.split('\n')[0]).toBe(
      'stint: note: --audience is ignored: the CI minted the token in STINT_ID_TOKEN with the audience its job configuration names',
    );
  });

  it('no token source exits 1 naming the variable', async () => {
    const { code, stderr } = await stint([...base(), '--provider', 'gitlab'], { GITLAB_CI: 'true' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^stint: STINT_ID_TOKEN is not set\. Add `id_tokens:/);
  });

  it('a single-use env token is not resent after a 503 the broker may have seen', async () => {
    script = [
      {
        status: 503,
        body: {
          error: 'temporarily_unavailable',
          error_description: 'store unavailable',
          request_id: '00000000-0000-4000-8000-000000000503',
        },
      },
    ];
    const { code, stdout, stderr } = await stint(base(), gitlabEnv);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(received).toHaveLength(1);
    expect(stderr).toContain('store unavailable');
    expect(stderr).toContain('00000000-0000-4000-8000-000000000503');
    expect(stderr).toContain('Not retried: the ID token in STINT_ID_TOKEN is single-use');
    expectNoSecret([stdout, stderr], ID_TOKEN, 'the ID token');
  });

  it('a GitHub runner token is fetched fresh for each retry, with the broker URL as audience', async () => {
    script = [
      {
        status: 503,
        body: { error: 'temporarily_unavailable', error_description: 'store unavailable', request_id: 'r1' },
      },
    ];
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    };
    const { code } = await stint([...base(), '--format', 'json'], env);
    expect(code).toBe(0);
    expect(received).toHaveLength(2);
    const [first, second] = received.map((r) => r.token as string);
    expect(first).not.toBe(second);
    const aud = (jwt: string) =>
      (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { aud: string }).aud;
    expect(aud(first!)).toBe(brokerUrl);
    const explicit = await stint([...base(), '--audience', 'https://other.test'], env);
    expect(explicit.code).toBe(0);
    expect(aud(received[2]!.token as string)).toBe('https://other.test');
  });
});

describe('singleUseGuard', () => {
  it('resends an env token only after attempts that never reached the broker', async () => {
    // A port nobody listens on: every attempt is ECONNREFUSED, so the same token may go again.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const env = { STINT_ID_TOKEN: ID_TOKEN };
    const source = detectTokenSource(env);
    let reads = 0;
    const guard = singleUseGuard(source, async () => {
      reads++;
      return ID_TOKEN;
    });
    let clock = 0;
    const error = await exchangeWithRetry({
      brokerUrl: `http://127.0.0.1:${port}`,
      project: 'warehouse',
      audience: 'x',
      getIdToken: guard.getIdToken,
      http: guard.http,
      onRetry: guard.onRetry,
      budgetMs: 10_000,
      now: () => (clock += 1000),
      sleep: async () => {},
      random: () => 0.5,
    }).catch((e: unknown) => e);
    expect(isStintError(error, 'ERR_BROKER_UNREACHABLE')).toBe(true);
    expect(reads).toBeGreaterThan(1);
  });
});
