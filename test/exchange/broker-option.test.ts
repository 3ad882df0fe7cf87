import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { baseEnv } from '../recipes/helpers.js';

/**
 * `--broker` holding something that is not the broker's http(s) URL: a JWT pasted in by mistake,
 * bare or inside a URL (host, path, query), or any other non-URL. The built CLI refuses it as a
 * usage error before any request, and prints it in no form: not raw, not encoded, and not
 * lower-cased (URL parsing lower-cases a host, which then slips past every check for a JWT).
 */
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IktleU9uZSJ9.eyJTdWIiOiJSZXBvOkFjbWUvV2FyZWhvdXNlIiwiQXVkIjoiU3RpbnQifQ.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOp';
/** An ID token of the right shape, so the command would go on to the network if it let --broker through. */
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

/** Counts every request, so a test can tell that nothing was sent. */
let requests = 0;
let server: Server;
let local: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(503).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

const exchange = (broker: string) =>
  runCli(['exchange', '--broker', broker, '--project', 'warehouse'], {
    env: baseEnv({ STINT_ID_TOKEN: ID_TOKEN, STINT_RETRY_BUDGET: '5' }),
  });

/** No spelling of the JWT, nor of any of its three parts, in either case. */
function expectNoJwt(output: string): void {
  expectNoSecret(output, JWT, 'the JWT given as --broker');
  const lower = output.toLowerCase();
  for (const part of [JWT, ...JWT.split('.')]) expect(lower).not.toContain(part.toLowerCase());
}

describe('stint exchange --broker', () => {
  it.each([
    ['bare', () => JWT],
    ['as the host', () => `https://${JWT}/`],
    ['as a label of the host', () => `https://${JWT}.example.invalid`],
    ['in the path', () => `${local}/${JWT}`],
    ['in the query', () => `${local}/?token=${JWT}`],
    ['in the fragment', () => `${local}/#${JWT}`],
  ])('a JWT %s is refused (exit 2) before any request, and printed in no form', async (_, broker) => {
    const before = requests;
    const result = await exchange(broker());
    expectNoJwt(result.stdout + result.stderr);
    expect(result.stderr).toMatch(/^stint: --broker /);
    expect(result.stderr).toMatch(/looks like a JWT/);
    expect(result.stderr).not.toMatch(/retrying/);
    expect(result.code).toBe(2);
    expect(requests).toBe(before);
  });

  it.each([
    ['a word', 'warehouse-broker'],
    ['a host without a scheme', 'broker.internal.example'],
    ['another scheme', 'ftp://broker.internal.example/'],
  ])('%s is a usage error that does not repeat the value', async (_, broker) => {
    const result = await exchange(broker);
    expect(result.stderr).toMatch(/^stint: --broker must be the broker's URL/);
    expect(result.stderr).not.toContain(broker);
    expect(result.code).toBe(2);
  });

  it('a real URL with capitals is taken (the retry lines name it, no secret in it)', async () => {
    const before = requests;
    const result = await exchange(local.replace('http', 'HTTP'));
    expect(requests).toBeGreaterThan(before);
    expect(result.stderr).toMatch(/stint: could not complete|HTTP 503/);
    expect(result.code).toBe(1);
  });
});
