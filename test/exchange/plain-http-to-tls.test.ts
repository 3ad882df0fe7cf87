import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStintToken } from '../../src/verify/index.js';
import { requireBuilt } from '../action/harness.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';
import { baseEnv, CLI, run } from '../recipes/helpers.js';

/**
 * `http://` to a broker that serves HTTPS (the BUILT CLI, a real TLS broker on 127.0.0.1): the
 * broker answers a plain `HTTP/1.1 400` saying to use https:// (as nginx does) instead of a reset,
 * and logs it; `stint exchange` stops at the first answer (no retry) and names the https:// URL;
 * the broker reads nothing of the request. And the reverse for stint/verify's JWKS fetch: https:// to a plain-HTTP port says
 * that nothing speaks TLS there.
 */
let gitlab: CiIssuer;
let broker: RunningBroker;
let port: number;
let dir: string;

/** Waits for a condition, with a generous ceiling (no fixed budget). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const ceiling = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > ceiling) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'stint-plain-http-'));
  gitlab = await startCiIssuer('gitlab');
  const tls = selfSignedCertificate({ days: 1 });
  broker = await startBroker({
    configYaml: ciBrokerConfig([gitlab]),
    files: { 'tls/cert.pem': tls.cert, 'tls/key.pem': tls.key },
    args: ['--tls-cert', 'tls/cert.pem', '--tls-key', 'tls/key.pem', '--log-format', 'text'],
  });
  port = Number(new URL(broker.url).port);
});
afterAll(async () => {
  await broker?.stop();
  await gitlab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('http:// to the HTTPS port of a broker', () => {
  it('gets a plain HTTP 400 saying to use https://, and the connection closes', async () => {
    expect(broker.url).toBe(`https://127.0.0.1:${port}`);
    const answer = await new Promise<{ status: number; type: string; body: string }>((done, fail) => {
      get(`http://127.0.0.1:${port}/.well-known/openid-configuration`, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
      }).on('error', fail);
    });
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({
      error: 'invalid_request',
      error_description:
        'this port speaks HTTPS and the request came as plain HTTP: use https:// (not http://) in the broker URL',
    });
  });

  it('stint exchange stops at the first answer and names the https:// URL; the broker reads nothing and logs it', async () => {
    const result = await run(
      process.execPath,
      [CLI, 'exchange', '--broker', `http://127.0.0.1:${port}`, '--project', 'warehouse'],
      {
        env: baseEnv({ GITLAB_CI: 'true', CI_PROJECT_PATH: 'acme/warehouse', STINT_ID_TOKEN: await gitlab.mint() }),
        timeoutMs: 120_000,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `stint: exchange request to http://127.0.0.1:${port}/auth/oidc/exchange got HTTP 400: that port serves HTTPS, not plain HTTP; start the broker URL (broker-url input, or --broker) with https://, as in https://127.0.0.1:${port}\n`,
    );
    await until(() => broker.output().includes('sent plain HTTP to this HTTPS port'), 'the broker to log it');
    expect(broker.output()).toMatch(
      /a client \(127\.0\.0\.1\) sent plain HTTP to this HTTPS port.*: answered 400, use https:\/\//u,
    );
    // Nothing was read from the plain-HTTP connections: no exchange reached the broker.
    expect(broker.output()).not.toContain('/auth/oidc/exchange');
  });
});

describe("stint/verify's JWKS fetch at the wrong scheme", () => {
  // A token shaped as the broker's (its iss and typ at+jwt, read before any key is looked up): the
  // keys are fetched before its signature is checked.
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const tokenOf = (issuer: string) =>
    `${b64({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })}.${b64({ iss: issuer, aud: 'y', exp: Math.floor(Date.now() / 1000) + 600 })}.c2ln`;
  let plain: Server;
  let plainPort: number;
  beforeAll(async () => {
    plain = createServer((_req, res) => res.end('{"keys": []}'));
    await new Promise<void>((done) => plain.listen(0, '127.0.0.1', done));
    plainPort = (plain.address() as AddressInfo).port;
  });
  afterAll(async () => {
    plain.closeAllConnections();
    await new Promise((done) => plain.close(done));
  });

  it('https:// to a plain-HTTP port says nothing speaks TLS there', async () => {
    await expect(
      verifyStintToken(tokenOf(`http://127.0.0.1:${plainPort}`), {
        issuer: `http://127.0.0.1:${plainPort}`,
        audience: 'stint:warehouse',
        jwksUrl: `https://127.0.0.1:${plainPort}/.well-known/jwks.json`,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_JWKS_UNAVAILABLE',
      message: expect.stringContaining(
        '(nothing speaks TLS on that port: if the server serves plain HTTP, the URL must start with http://)',
      ),
    });
  });

  it('http:// to the broker’s HTTPS port says the URL must start with https://', async () => {
    await expect(
      verifyStintToken(tokenOf(`http://127.0.0.1:${port}`), {
        issuer: `http://127.0.0.1:${port}`,
        audience: 'stint:warehouse',
      }),
    ).rejects.toMatchObject({
      code: 'ERR_JWKS_UNAVAILABLE',
      message: expect.stringContaining('answered HTTP 400 (that port serves HTTPS: the URL must start with https://)'),
    });
  });
});
