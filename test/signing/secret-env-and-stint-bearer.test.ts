import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerifier, httpbis } from 'http-message-signatures';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, requireBuilt, runStep } from '../action/harness.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * Two DESIGN §4 contract points, through the BUILT CLI and the built action:
 * - a symmetric key (jwt HS*, http-signature hmac-sha256) is a secret, so a config file may give
 *   it as `secret_env` (and the action's input as `secret`);
 * - a `bearer` profile without `token`/`token_env` sends `$STINT_TOKEN`.
 */
const HS_SECRET = 'hs-shared-secret-3c9a41f07be2d6';
const STINT_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJwcm9qZWN0Ijoid2FyZWhvdXNlIn0.c3RpbnQtdG9rZW4tc2ln';
let dir: string;
let server: Server;
let base: string;
const received: Array<{ url: string; authorization?: string }> = [];

function stint(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PATH: process.env.PATH, ...env } });
}

function config(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, `signing:\n${yaml}`);
  return file;
}

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'stint-contract-'));
  server = createServer((req, res) => {
    received.push({
      url: req.url ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

describe('a symmetric key given as secret_env', () => {
  for (const alg of ['HS256', 'HS384', 'HS512']) {
    it(`jwt ${alg}: signs with the secret, and jose verifies it`, async () => {
      const file = config(
        `jwt-${alg}.yml`,
        `  j: { type: jwt, alg: ${alg}, secret_env: HS_SECRET, claims: { iss: ci, aud: api } }\n`,
      );
      const result = await stint(['sign', 'j', '--config', file, '--format', 'json'], { HS_SECRET });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const { headers } = JSON.parse(result.stdout) as { headers: Record<string, string> };
      const jwt = headers.Authorization!.replace(/^Bearer /, '');
      const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(HS_SECRET), {
        issuer: 'ci',
        audience: 'api',
        algorithms: [alg],
      });
      expect(protectedHeader.alg).toBe(alg);
      expect(payload.jti).toBeTypeOf('string');
    });
  }

  it('http-signature hmac-sha256: http-message-signatures verifies the signature with the secret', async () => {
    const file = config(
      'sig.yml',
      '  sig: { type: http-signature, alg: hmac-sha256, keyid: ci, secret_env: HS_SECRET }\n',
    );
    const url = `${base}/deploy`;
    const result = await stint(
      ['sign', 'sig', '--config', file, '--method', 'POST', '--url', url, '--body', '{"a":1}', '--format', 'json'],
      {
        HS_SECRET,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { headers } = JSON.parse(result.stdout) as { headers: Record<string, string> };
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const keyLookup = async () => ({
      id: 'ci',
      algs: ['hmac-sha256'],
      verify: createVerifier(HS_SECRET, 'hmac-sha256'),
    });
    expect(await httpbis.verifyMessage({ keyLookup }, { method: 'POST', url, headers: lower })).toBe(true);
    const other = async () => ({
      id: 'ci',
      algs: ['hmac-sha256'],
      verify: createVerifier('another-secret', 'hmac-sha256'),
    });
    expect(await httpbis.verifyMessage({ keyLookup: other }, { method: 'POST', url, headers: lower })).toBe(false);
  });

  it('the action takes secret: for HS256 and writes it for stint sign as secret_env', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { signing: `j: { type: jwt, alg: HS256, secret: "${HS_SECRET}", claims: { aud: api } }` },
      });
      expect(main.errors, main.stdout).toEqual([]);
      expect(main.masks).toContain(HS_SECRET);
      const shim = join(main.addedPaths[0]!, 'stint');
      const out = execFileSync(shim, ['sign', 'j', '--format', 'json'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...job.env },
      });
      const jwt = (JSON.parse(out) as { headers: { Authorization: string } }).headers.Authorization.slice(
        'Bearer '.length,
      );
      await expect(jwtVerify(jwt, new TextEncoder().encode(HS_SECRET), { audience: 'api' })).resolves.toBeDefined();
      await runStep(job, 'post');
    } finally {
      job.remove();
    }
  });

  it('refuses the secret given twice, and a secret for an asymmetric algorithm', async () => {
    const twice = config('twice.yml', '  j: { type: jwt, alg: HS256, secret_env: HS_SECRET, key_env: HS_SECRET }\n');
    expect(await stint(['sign', 'j', '--config', twice], { HS_SECRET })).toEqual({
      code: 1,
      stdout: '',
      stderr: `stint: ${twice}: signing profile "j": field "secret": the shared secret is given twice: keep either the key or the secret field\n`,
    });
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const asymmetric = config('es.yml', '  j: { type: jwt, alg: ES256, secret_env: KEY }\n');
    expect(await stint(['sign', 'j', '--config', asymmetric], { KEY: pem })).toEqual({
      code: 1,
      stdout: '',
      stderr: `stint: ${asymmetric}: signing profile "j": field "secret_env": ES256 signs with a private key: give it as key_env\n`,
    });
    const none = config('none.yml', '  j: { type: jwt, alg: HS256 }\n');
    expect((await stint(['sign', 'j', '--config', none])).stderr).toBe(
      `stint: ${none}: signing profile "j": field "secret": is required: give secret_env: VAR (the shared secret; key_env: VAR works too)\n`,
    );
  });
});

describe('a bearer profile without a token', () => {
  it('sends $STINT_TOKEN', async () => {
    const file = config('bearer.yml', '  api: { type: bearer }\n');
    received.length = 0;
    const result = await stint(['request', 'api', 'GET', `${base}/items`, '--config', file], { STINT_TOKEN });
    expect(result).toEqual({ code: 0, stdout: 'ok', stderr: '' });
    expect(received).toEqual([{ url: '/items', authorization: `Bearer ${STINT_TOKEN}` }]);
  });

  it('says how to get a stint token when there is none', async () => {
    const file = config('bearer-none.yml', '  api: { type: bearer }\n');
    const result = await stint(['request', 'api', 'GET', `${base}/items`, '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
      'stint: bearer profile "api" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: ${{ steps.<id>.outputs.token }}), or exports="$(stint exchange --broker URL --project P)" || exit 1; eval "$exports"\n',
    );
  });

  it('source: static still insists on a token', async () => {
    const file = config('bearer-static.yml', '  api: { type: bearer, source: static }\n');
    const result = await stint(['sign', 'api', '--config', file], { STINT_TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `stint: ${file}: signing profile "api": field "token": is required with source: static: give token_env: VAR (without source, the profile sends $STINT_TOKEN)\n`,
    );
  });
});

describe('a credential never goes over plain http to another machine', () => {
  // 192.0.2.1 is TEST-NET-1: nothing answers there, so only a refusal before sending is quick and clean.
  const offLoopback = 'http://192.0.2.1:9/deploy';

  it('stint sign refuses to print a bearer token (the stint token) for a plain-http URL off loopback', async () => {
    const file = config('bearer-clear.yml', '  api: { type: bearer }\n');
    const result = await stint(['sign', 'api', '--config', file, '--url', offLoopback], { STINT_TOKEN });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'stint: http://192.0.2.1:9/deploy is plain http to another machine, which would send profile "api"\'s bearer credential in clear; use https (http:// is only for localhost, 127.0.0.0/8 and ::1)\n',
    });
  });

  it('stint request refuses before connecting, for bearer, jwt and oauth2 profiles', async () => {
    const file = config(
      'credentials-clear.yml',
      [
        '  api: { type: bearer }',
        '  j: { type: jwt, alg: HS256, secret_env: HS_SECRET, claims: { iss: ci, aud: api } }',
        // Never fetched: the refusal comes before the token request.
        '  o: { type: oauth2, token_url: "http://127.0.0.1:9/token", client_id: ci, client_secret_env: HS_SECRET }',
        '',
      ].join('\n'),
    );
    for (const [name, type] of [
      ['api', 'bearer'],
      ['j', 'jwt'],
      ['o', 'oauth2'],
    ]) {
      const result = await stint(['request', name!, 'POST', offLoopback, '--config', file, '--timeout', '5'], {
        STINT_TOKEN,
        HS_SECRET,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`which would send profile "${name}"'s ${type} credential in clear; use https`);
      expectNoSecret([result.stdout, result.stderr], STINT_TOKEN, 'STINT_TOKEN');
      expectNoSecret([result.stdout, result.stderr], HS_SECRET, 'HS_SECRET');
    }
  });

  it('still signs with hmac there (a signature is not a credential), and sends bearer to loopback', async () => {
    const hmac = config('hmac-clear.yml', '  hook: { type: hmac, format: github, secret_env: HS_SECRET }\n');
    const signed = await stint(['sign', 'hook', '--config', hmac, '--url', offLoopback, '--body', '{}'], { HS_SECRET });
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/^X-Hub-Signature-256: sha256=[0-9a-f]{64}\n$/);
    const file = config('bearer-loopback.yml', '  api: { type: bearer }\n');
    received.length = 0;
    expect((await stint(['request', 'api', 'GET', `${base}/items`, '--config', file], { STINT_TOKEN })).code).toBe(0);
    expect(received).toEqual([{ url: '/items', authorization: `Bearer ${STINT_TOKEN}` }]);
  });
});
