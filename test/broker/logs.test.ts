import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { withFileLock } from '../../src/lib/file-lock.js';
import { CLI, freePort, type LogEntry, logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * The broker's operational log (docs/broker.md#logs), read from the built CLI's stdout: JSON lines
 * when stdout is not a terminal, text lines on one, an access line per request, the client address
 * (from the socket, or from X-Forwarded-For only through trust_proxy) in the log, the audit events
 * and the per-address rate limit.
 */
const AUDIENCE = 'https://stint.test';
let issuer: GithubIssuer;
const brokers: RunningBroker[] = [];

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  for (const broker of brokers) await broker.stop();
  await issuer.stop();
});

/** The broker every test here runs, with `settings` (trust_proxy, rate_limit…) at the top level. */
const config = (settings = '') => githubBrokerConfig(issuer.url, { issuer: AUDIENCE, settings });

async function broker(extra = '', args: string[] = []): Promise<RunningBroker> {
  const started = await startBroker({ configYaml: config(extra), args });
  brokers.push(started);
  return started;
}

/** POST /auth/oidc/exchange with extra headers; node:http, so X-Forwarded-For goes out as given. */
function exchange(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; requestId: string; retryAfter?: string; body: Record<string, unknown> }> {
  const body = JSON.stringify({ token, project: 'warehouse' });
  return new Promise((done, fail) => {
    const req = request(
      `${url}/auth/oidc/exchange`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            requestId: String(res.headers['x-request-id']),
            ...(res.headers['retry-after'] ? { retryAfter: String(res.headers['retry-after']) } : {}),
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const auditLines = (b: RunningBroker): Array<Record<string, unknown>> =>
  readFileSync(join(b.dir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The access line of one request, once the broker has written it. */
async function accessLine(b: RunningBroker, requestId: string): Promise<LogEntry> {
  let found: LogEntry | undefined;
  await vi.waitFor(
    () => {
      found = logEntries(b.output()).find((entry) => entry.msg === 'request' && entry.request_id === requestId);
      expect(found).toBeDefined();
    },
    { timeout: 30_000, interval: 20 },
  );
  return found!;
}

describe('stint serve log, JSON (stdout is not a terminal)', () => {
  it('prints the listening line first, then only JSON lines, one access line per request and never a token', async () => {
    const b = await broker();
    const idToken = await issuer.mint({ aud: AUDIENCE });
    const issued = await exchange(b.url, idToken);
    expect(issued.status).toBe(200);
    const accessToken = issued.body.access_token as string;
    // A request target that carries a token is logged by route, never by what was sent.
    const probe = await fetch(`${b.url}/${idToken}?access_token=${accessToken}`);
    expect(probe.status).toBe(404);
    const probeId = probe.headers.get('x-request-id')!;

    const line = await accessLine(b, issued.requestId);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'POST',
      route: '/auth/oidc/exchange',
      status: 200,
      request_id: issued.requestId,
      client_address: '127.0.0.1',
    });
    expect(typeof line.duration_ms).toBe('number');
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    expect(await accessLine(b, probeId)).toMatchObject({ method: 'GET', route: 'other', status: 404 });

    const [first, ...rest] = b.stdout().split('\n');
    expect(first).toBe(`stint broker listening on ${b.url}`);
    expect(rest.length).toBeGreaterThan(4);
    for (const text of rest.filter((t) => t !== '')) expect(() => JSON.parse(text), text).not.toThrow();
    expect(logEntries(b.output()).filter((entry) => entry.request_id === issued.requestId)).toHaveLength(1);

    // Neither token, in any form a log could carry it, nor the signing key.
    const key = readFileSync(join(b.dir, 'keys', readdirKey(b)), 'utf8');
    const output = b.output();
    expectNoSecret(output, idToken, 'the ID token');
    expectNoSecret(output, accessToken, 'the access token');
    expectNoSecret(output, key, 'the signing key');
  });

  it('logs the 503 of a request that came while the broker was opening, after the listening line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-logs-starting-'));
    // This process holds the audit log's lock (as `stint keys …` would, refreshed while held): the
    // broker listens, and waits for the lock to open its log.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = new Promise<void>((taken) => {
      void withFileLock(join(dir, 'audit.jsonl.lock'), async () => {
        taken();
        await held;
      });
    });
    await holding;
    const port = await freePort();
    const starting = startBroker({ configYaml: config(), args: ['--port', String(port)], dir });
    let b: RunningBroker | undefined;
    try {
      let early: Response | undefined;
      await vi.waitFor(
        async () => {
          early = await fetch(`http://127.0.0.1:${port}/readyz`);
        },
        { timeout: 120_000, interval: 50 },
      );
      release();
      b = await starting;
      expect(early!.status).toBe(503);
      expect(early!.headers.get('retry-after')).toBe('1');
      expect(await early!.json()).toMatchObject({
        error: 'temporarily_unavailable',
        error_description: 'the broker is starting',
      });
      const requestId = early!.headers.get('x-request-id')!;
      expect(await accessLine(b, requestId)).toMatchObject({
        level: 'info',
        method: 'GET',
        route: '/readyz',
        status: 503,
        client_address: '127.0.0.1',
      });
      // Written once the broker opened: stdout's first line is still the listening line, and the
      // first log line says the version, before the access line of what came while it opened.
      const [listeningLine, firstLog] = b.stdout().split('\n');
      expect(listeningLine).toBe(`stint broker listening on ${b.url}`);
      expect(JSON.parse(firstLog!).msg).toMatch(/^stint \S+ broker, instance /);
    } finally {
      release();
      b ??= await starting.catch(() => undefined);
      await b?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--log-level warn drops access lines and keeps warnings; a bad level or format is a usage error', async () => {
    const b = await broker('', ['--log-level', 'warn']);
    const issued = await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), { 'x-forwarded-for': '203.0.113.9' });
    expect(issued.status).toBe(200);
    // The ignored X-Forwarded-For is a warning, so it shows; the access line is info, so it does not.
    await vi.waitFor(
      () =>
        expect(logEntries(b.output())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            msg: expect.stringContaining('carries X-Forwarded-For, which is ignored'),
          }),
        ),
      { timeout: 30_000, interval: 20 },
    );
    expect(logEntries(b.output()).filter((entry) => entry.level === 'info')).toEqual([]);

    for (const [args, message] of [
      [['--log-level', 'loud'], /--log-level must be one of trace, debug, info, warn, error, fatal, silent, not loud/],
      [['--log-format', 'pretty'], /--log-format must be json or text, not pretty/],
    ] as const) {
      const run = await runCli(['serve', '--dev', '--port', '0', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).not.toContain('listening');
    }
  });
});

describe('stint serve log, text', () => {
  it('--log-format text prints readable lines: the access line, warnings prefixed', async () => {
    const b = await broker('', ['--log-format', 'text']);
    const issued = await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), { 'x-forwarded-for': '203.0.113.9' });
    expect(issued.status).toBe(200);
    const pattern = new RegExp(
      `^POST /auth/oidc/exchange 200 \\d+(\\.\\d)?ms from 127\\.0\\.0\\.1 request_id=${issued.requestId}$`,
      'm',
    );
    await vi.waitFor(() => expect(b.output()).toMatch(pattern), { timeout: 30_000, interval: 20 });
    expect(b.output()).toMatch(/^warning: a request from 127\.0\.0\.1 carries X-Forwarded-For, which is ignored/m);
    expect(b.output()).toMatch(/^trusts provider github: /m);
    expect(b.output()).not.toMatch(/^\{/m);
  });

  it('is the default on a terminal', async () => {
    // `script` gives the broker a pseudo-terminal for stdout, as an operator's shell does.
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'stint-logs-tty-'));
    writeFileSync(join(dir, 'stint.yml'), config());
    const child = spawn(
      'script',
      ['-qfec', `${process.execPath} ${CLI} serve --config ${join(dir, 'stint.yml')} --port ${port}`, '/dev/null'],
      { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    try {
      await vi.waitFor(() => expect(out).toMatch(/project warehouse: /), { timeout: 60_000, interval: 50 });
      expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
      await vi.waitFor(() => expect(out).toMatch(/^GET \/livez 200 \S+ms from 127\.0\.0\.1 request_id=\S+\r?$/m), {
        timeout: 30_000,
        interval: 20,
      });
      expect(out).toMatch(/^stint broker listening on http:\/\/127\.0\.0\.1:\d+\r?$/m);
      expect(out).not.toMatch(/^\{"level"/m);
    } finally {
      // Ctrl-C on the terminal: SIGINT to the broker, which drains and exits, and script with it.
      const exited = new Promise((done) => child.once('exit', done));
      child.stdin.write('\x03');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('client addresses', () => {
  it('believes X-Forwarded-For only from a proxy in trust_proxy, read from the right', async () => {
    const untrusted = await broker();
    const spoofed = await exchange(untrusted.url, await issuer.mint({ aud: AUDIENCE }), {
      'x-forwarded-for': '198.51.100.7',
    });
    expect(spoofed.status).toBe(200);
    expect((await accessLine(untrusted, spoofed.requestId)).client_address).toBe('127.0.0.1');
    expect(auditLines(untrusted).find((e) => e.request_id === spoofed.requestId)).toMatchObject({
      event: 'token_issued',
      client_address: '127.0.0.1',
    });

    const proxied = await broker('trust_proxy: [127.0.0.1, 172.16.0.0/12]');
    const cases: Array<[string, string]> = [
      ['198.51.100.7', '198.51.100.7'],
      // A client cannot put itself further left: the entry its trusted proxy appended wins.
      ['6.6.6.6, 198.51.100.7', '198.51.100.7'],
      // Hops inside trust_proxy are skipped.
      ['198.51.100.7, 172.16.2.3', '198.51.100.7'],
      // Garbage is not an address: the proxy that passed it on is the client as far as we know.
      ['not-an-address', '127.0.0.1'],
      ['2001:db8::1', '2001:db8::1'],
    ];
    for (const [header, expected] of cases) {
      const answer = await exchange(proxied.url, await issuer.mint({ aud: AUDIENCE }), { 'x-forwarded-for': header });
      expect(answer.status, header).toBe(200);
      expect((await accessLine(proxied, answer.requestId)).client_address, header).toBe(expected);
      expect(auditLines(proxied).find((e) => e.request_id === answer.requestId)?.client_address, header).toBe(expected);
    }
    // A denial carries it too.
    const denied = await exchange(proxied.url, 'not-a-jwt', { 'x-forwarded-for': '198.51.100.8' });
    expect(denied.status).toBe(401);
    expect(auditLines(proxied).find((e) => e.request_id === denied.requestId)).toMatchObject({
      event: 'exchange_denied',
      client_address: '198.51.100.8',
    });
  });

  it('limits requests per client address (rate_limit.per_address), before the token is looked at', async () => {
    const b = await broker('rate_limit: { per_address: { rps: 0.001, burst: 2 } }\ntrust_proxy: [127.0.0.1]');
    const from = (address: string) => ({ 'x-forwarded-for': address });
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), from('198.51.100.7'))).status).toBe(200);
    expect((await exchange(b.url, 'not-a-jwt', from('198.51.100.7'))).status).toBe(401);
    const refused = await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), from('198.51.100.7'));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('temporarily_unavailable');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(auditLines(b).find((e) => e.request_id === refused.requestId)).toMatchObject({
      event: 'exchange_denied',
      code: 'ERR_RATE_LIMITED',
      client_address: '198.51.100.7',
      reason: expect.stringMatching(/^too many requests from 198\.51\.100\.7; retry after \d+ s$/),
    });
    // Another address has its own bucket; an IPv6 client's is its /64.
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), from('198.51.100.8'))).status).toBe(200);
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), from('2001:db8:0:1::a'))).status).toBe(200);
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), from('2001:db8:0:1::b'))).status).toBe(200);
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), from('2001:db8:0:1:ffff::c'))).status).toBe(
      429,
    );
    // Discovery and health are not limited.
    expect((await fetch(`${b.url}/livez`, { headers: from('198.51.100.7') })).status).toBe(200);
  });

  it('counts every refused exchange in stint_exchanges_total, as the audit log has it: the 429s of an empty address bucket too', async () => {
    const b = await broker('rate_limit: { per_address: { rps: 0.001, burst: 2 } }\ntrust_proxy: [127.0.0.1]');
    const from = { 'x-forwarded-for': '198.51.100.9' };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }), from)).status);
    // A malformed exchange (no token) from another address, refused before the exchange runs.
    const malformed = await exchange(b.url, '', { 'x-forwarded-for': '198.51.100.10' });
    expect(malformed.status).toBe(400);
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429, 429, 429]);

    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    const sample = (name: string, labels: string): number => {
      const line = metrics.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
      return line === undefined ? 0 : Number(line.split(' ')[1]);
    };
    const audited = auditLines(b).filter((e) => e.event === 'exchange_denied' || e.event === 'token_issued');
    const limited = audited.filter((e) => e.code === 'ERR_RATE_LIMITED').length;
    expect(limited).toBe(6);
    expect(sample('stint_exchanges_total', 'outcome="denied",reason="ERR_RATE_LIMITED"')).toBe(limited);
    expect(sample('stint_http_requests_total', 'route="/auth/oidc/exchange",status="429"')).toBe(limited);
    const counted = [...metrics.matchAll(/^stint_exchanges_total\{[^}]*\} (\d+)$/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    expect(counted).toBe(audited.length);
    expect(counted).toBe(9);
  });

  it('an exchange whose audit write fails is one error in stint_exchanges_total, not also an issued one', async () => {
    const b = await broker();
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }))).status).toBe(200);
    appendFileSync(join(b.dir, 'audit.jsonl'), 'not an audit line\n'); // every append now fails
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }))).status).toBe(503);
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    const samples = [...metrics.matchAll(/^stint_exchanges_total\{([^}]*)\} (\d+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    // Answered as every unauditable answer is (503 ERR_AUDIT_WRITE, docs/broker.md), and counted so.
    expect(samples).toEqual(['outcome="issued",reason="OK" 1', 'outcome="error",reason="ERR_AUDIT_WRITE" 1']);
  });
});

describe('trust_proxy that covers every address', () => {
  const warning = (list: string, who: string): RegExp =>
    new RegExp(
      `\\.yml:\\d+:\\d+: warning: trust_proxy \\[${list.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] believes X-Forwarded-For from ${who}: any such client can name the address the broker logs, audits and rate-limits it by \\(rate_limit\\.per_address\\); list only your proxies' or load balancers' addresses`,
    );

  it('is warned about at start, on a reload and by stint policy check (WARN_TRUST_PROXY_ALL), and serves', async () => {
    // Every IPv4 client, spelt as the IPv4-mapped IPv6 range.
    const b = await broker('trust_proxy: ["::ffff:0:0/96"]', ['--log-format', 'json']);
    // At start as at a reload: a warn line of the JSON log with its code, for a log shipper; not
    // plain text on stderr, which the shipper does not read as log lines.
    await vi.waitFor(
      () =>
        expect(logEntries(b.stdout())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            code: 'WARN_TRUST_PROXY_ALL',
            msg: expect.stringMatching(warning('::ffff:0:0/96', 'every IPv4 client')),
          }),
        ),
      { timeout: 30_000, interval: 50 },
    );
    const stderr = b.output().slice(b.stdout().length);
    expect(stderr).not.toContain('trust_proxy');
    expect(
      b
        .stdout()
        .split('\n')
        .filter((line) => line.includes('trust_proxy') && !line.startsWith('{')),
    ).toEqual([]);
    // What it warns of: a client of its own choosing names its address, past the per-address limit.
    const forged = await exchange(b.url, 'not-a-jwt', { 'x-forwarded-for': '203.0.113.99' });
    expect(auditLines(b).find((e) => e.request_id === forged.requestId)).toMatchObject({
      client_address: '203.0.113.99',
    });

    writeFileSync(join(b.dir, 'stint.yml'), config('trust_proxy: ["::/0"]'));
    b.process.kill('SIGHUP');
    await vi.waitFor(
      () =>
        expect(logEntries(b.output())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            code: 'WARN_TRUST_PROXY_ALL',
            msg: expect.stringMatching(warning('::/0', 'every client')),
          }),
        ),
      { timeout: 30_000, interval: 50 },
    );

    writeFileSync(join(b.dir, 'split.yml'), config('trust_proxy: ["::ffff:0:0/97", 128.0.0.0/1, 172.16.0.0/12]'));
    const checked = await runCli(['policy', 'check', join(b.dir, 'split.yml')]);
    expect(checked.code).toBe(0);
    expect(checked.stdout + checked.stderr).toMatch(
      warning('::ffff:0:0/97, 128.0.0.0/1, 172.16.0.0/12', 'every IPv4 client'),
    );
    // A list of proxies draws no warning.
    writeFileSync(
      join(b.dir, 'proxies.yml'),
      config('trust_proxy: [172.16.0.0/12, "fd00::/8", "::ffff:10.1.0.0/112"]'),
    );
    const fine = await runCli(['policy', 'check', join(b.dir, 'proxies.yml')]);
    expect(fine.stdout + fine.stderr).not.toContain('trust_proxy');
  });

  it('is a readable warning line with its code in the text log', async () => {
    const b = await broker('trust_proxy: ["::/0"]', ['--log-format', 'text']);
    const line = new RegExp(`^warning: \\S+${warning('::/0', 'every client').source} code=WARN_TRUST_PROXY_ALL$`, 'm');
    await vi.waitFor(() => expect(b.stdout()).toMatch(line), { timeout: 30_000, interval: 50 });
    expect(b.output().slice(b.stdout().length)).not.toContain('trust_proxy');
  });
});

describe('start-up checks', () => {
  it('warns about an issuer it cannot reach, and serves anyway', async () => {
    const closed = await freePort();
    const b = await startBroker({
      configYaml: githubBrokerConfig(issuer.url, {
        issuer: AUDIENCE,
        providers: `  gitlab: { issuer: "http://127.0.0.1:${closed}", audience: ${AUDIENCE}, allow_insecure: true }\n`,
      }),
    });
    brokers.push(b);
    await vi.waitFor(
      () =>
        expect(logEntries(b.output())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            msg: expect.stringMatching(
              new RegExp(
                `^provider gitlab: issuer http://127\\.0\\.0\\.1:${closed} cannot be reached at start: .*ECONNREFUSED.*; exchanges of its tokens are refused \\(503\\) until it answers$`,
              ),
            ),
          }),
        ),
      { timeout: 30_000, interval: 20 },
    );
    // The reachable one draws no warning, and the broker serves.
    expect(b.output()).not.toContain('provider github: issuer');
    expect((await exchange(b.url, await issuer.mint({ aud: AUDIENCE }))).status).toBe(200);
  });
});

function readdirKey(b: RunningBroker): string {
  const keys = JSON.parse(readFileSync(join(b.dir, 'keys', 'keys.json'), 'utf8')) as { keys: Array<{ kid: string }> };
  return `${keys.keys[0]!.kid}.pem`;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
