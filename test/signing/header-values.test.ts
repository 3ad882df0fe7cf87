import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';

/**
 * A secret that goes into a header as it is (a bearer token from `token_env`, the stint token),
 * through the built CLI: a CI variable often ends with a newline (a file variable, a pasted
 * value), and that one is dropped, as the ID token's is. Any other line break or control
 * character is refused, with one line that names the variable and never the value: in a header it
 * would alter the credential or start a header line of its own (header injection), and Node
 * refuses it with a stack trace. Nothing is sent then.
 */
const TOKEN = 'static-api-token-123';
const STINT_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJwcm9qZWN0Ijoid2FyZWhvdXNlIn0.c3RpbnQtdG9rZW4tc2ln';
let dir: string;
let config: string;
let server: Server;
let base: string;
/** The raw header lines of every request the server got. */
const received: string[][] = [];

function stint(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-header-values-'));
  config = join(dir, 'signing.yml');
  writeFileSync(
    config,
    [
      'signing:',
      '  api: { type: bearer, token_env: API_TOKEN }',
      '  keyed: { type: bearer, token_env: API_TOKEN, header: X-Api-Key }',
      '  stint: { type: bearer, source: stint }',
      '',
    ].join('\n'),
  );
  server = createServer((req, res) => {
    received.push(req.rawHeaders);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The values of header `name` among raw header lines. */
function headerValues(raw: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name.toLowerCase()) values.push(raw[i + 1]!);
  return values;
}

/** One clean line on stderr: no stack trace, not the unexpected-error report, never the value. */
function expectRefusal(result: CliRun, line: RegExp, value: string): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(line);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('unexpected error');
  for (const part of value.split(/[\r\n\t]/).filter((p) => p.length >= 4)) expect(result.stderr).not.toContain(part);
}

describe('a bearer token_env that ends with a newline', () => {
  it.each([
    ['LF', `${TOKEN}\n`],
    ['CRLF', `${TOKEN}\r\n`],
  ])('%s: the newline is dropped; stint sign prints, and stint request sends, the token itself', async (_, value) => {
    const signed = await stint(['sign', 'api', '--config', config, '--format', 'json'], { API_TOKEN: value });
    expect(signed.code, signed.stderr).toBe(0);
    expect(JSON.parse(signed.stdout)).toMatchObject({ headers: { Authorization: `Bearer ${TOKEN}` } });

    const before = received.length;
    const sent = await stint(['request', 'keyed', 'GET', `${base}/x`, '--config', config], { API_TOKEN: value });
    expect(sent.stderr).not.toContain('unexpected error');
    expect(sent.code, sent.stderr).toBe(0);
    expect(received).toHaveLength(before + 1);
    expect(headerValues(received[before]!, 'X-Api-Key')).toEqual([TOKEN]);
  });
});

describe('a bearer token_env with any other line break or control character is refused, nothing sent', () => {
  it.each([
    ['a trailing CR alone', `${TOKEN}\r`],
    ['a header line of its own (header injection)', `${TOKEN}\nX-Admin: true`],
    ['a CRLF and another header line', `${TOKEN}\r\nX-Admin: true\r\n`],
    ['two trailing newlines', `${TOKEN}\n\n`],
  ])('%s: stint sign and stint request say which variable, exit 1', async (_, value) => {
    const line =
      /^stint: .*signing profile "api": field "token_env": environment variable API_TOKEN holds a line break \(CR or LF\) that is not a single trailing newline; a header value cannot carry one .*\n$/;
    const before = received.length;
    expectRefusal(await stint(['sign', 'api', '--config', config], { API_TOKEN: value }), line, value);
    expectRefusal(
      await stint(['request', 'api', 'GET', `${base}/x`, '--config', config], { API_TOKEN: value }),
      line,
      value,
    );
    expect(received).toHaveLength(before);
  });

  it.each([
    ['a tab', `${TOKEN}\tmore`, /holds a control character/],
    ['an escape', `${TOKEN}\u001b[31m`, /holds a control character/],
    ['a character outside ASCII', `${TOKEN}\u20ac`, /holds a character outside printable ASCII/],
  ])('%s: refused the same way', async (_, value, why) => {
    const before = received.length;
    const result = await stint(['request', 'api', 'GET', `${base}/x`, '--config', config], { API_TOKEN: value });
    expectRefusal(result, /^stint: .*signing profile "api": field "token_env": environment variable API_TOKEN /, value);
    expect(result.stderr).toMatch(why);
    expect(received).toHaveLength(before);
  });
});

describe('the stint token ($STINT_TOKEN) sent by a bearer profile', () => {
  it('one trailing newline is dropped', async () => {
    const before = received.length;
    const sent = await stint(['request', 'stint', 'GET', `${base}/x`, '--config', config], {
      STINT_TOKEN: `${STINT_TOKEN}\n`,
    });
    expect(sent.code, sent.stderr).toBe(0);
    expect(headerValues(received[before]!, 'Authorization')).toEqual([`Bearer ${STINT_TOKEN}`]);
  });

  it('an embedded line break is refused with ERR_STINT_TOKEN_MALFORMED, nothing sent', async () => {
    const value = `${STINT_TOKEN}\r\nX-Admin: true`;
    const before = received.length;
    const result = await stint(['request', 'stint', 'GET', `${base}/x`, '--config', config], { STINT_TOKEN: value });
    expectRefusal(
      result,
      /^stint: bearer profile "stint" sends the stint token, and STINT_TOKEN holds a line break \(CR or LF\) that is not a single trailing newline; .+; set it to what stint exchange exported as STINT_TOKEN/,
      value,
    );
    expect(received).toHaveLength(before);
    const signed = await stint(['sign', 'stint', '--config', config, '--format', 'json'], { STINT_TOKEN: value });
    expect(signed.code).toBe(1);
    expect(JSON.parse(signed.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_STINT_TOKEN_MALFORMED' } });
  });
});

describe('an hmac prefix (generic) is the start of a header value', () => {
  it('a line break in it is refused when the profile is read', async () => {
    const file = join(dir, 'prefix.yml');
    writeFileSync(
      file,
      'signing:\n  hook: { type: hmac, secret_env: HOOK_SECRET, prefix: "sha256=\\nX-Admin: true " }\n',
    );
    const result = await stint(['sign', 'hook', '--config', file, '--body', '{}'], { HOOK_SECRET: 'hook-secret-1234' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /signing profile "hook": field "prefix": must be printable ASCII \(it starts the header value\)/,
    );
  });
});
