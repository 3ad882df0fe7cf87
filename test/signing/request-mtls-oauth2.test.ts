import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCertificateAuthority } from '../../src/broker/mtls-ca.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { generateClientKey } from '../../src/signing/mtls-ephemeral.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { type MtlsServer, makeRsaCertificate, startMtlsServer } from '../mtls/fixtures.js';

// `stint request` (built CLI) with the two profile types whose proof is not a header it computes:
// a client certificate, and an OAuth access token fetched from a token endpoint.
const dir = mkdtempSync(join(tmpdir(), 'stint-request-'));
const CLIENT_SECRET = 'oauth-client-secret-5f4e3d';
const ACCESS_TOKEN = 'access-token-from-the-endpoint-77';
/** Characters that every encoding changes, so each echoed form below differs from the others. */
const ECHO_SECRET = 'echo "secret" with/slash+plus=&percent%';
const ECHO_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function stint(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { ...process.env, STINT_CONFIG: '', ...env } });
}

let mtls: MtlsServer;
let api: Server;
let apiUrl: string;
let tokenRequests = 0;
/** Every request the plain-http server got, whatever its path. */
let apiRequests = 0;
let clientKey: string;
let expiringKey: string;

beforeAll(async () => {
  const now = Date.now();
  const clientCa = makeRsaCertificate({
    cn: 'client ca',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 365 * 86400_000),
    isCa: true,
  });
  const client = makeRsaCertificate({
    cn: 'ci-job',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 90 * 86400_000),
    issuer: clientCa,
  });
  clientKey = client.keyPem;
  // One that expires in 4 days and a half: within the 14 days the action warns of.
  const expiring = makeRsaCertificate({
    cn: 'ci-job-expiring',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 4.5 * 86400_000),
    issuer: clientCa,
  });
  expiringKey = expiring.keyPem;
  writeFileSync(join(dir, 'expiring.pem'), expiring.certPem);
  mtls = await startMtlsServer(clientCa.certPem);
  writeFileSync(join(dir, 'client.pem'), client.certPem);
  writeFileSync(join(dir, 'server-ca.pem'), mtls.serverCaPem);

  api = createServer((req, res) => {
    apiRequests++;
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/echo-token') {
        // A careless token endpoint that quotes back everything that proved who the client is.
        const form = new URLSearchParams(body);
        const basic = (req.headers.authorization ?? '').replace(/^Basic /, '');
        const assertion = form.get('client_assertion') ?? '';
        const echoed = (
          basic
            ? [
                `header ${req.headers.authorization ?? ''}`,
                `credential ${basic}`,
                `raw ${ECHO_SECRET}`,
                `base64 ${Buffer.from(ECHO_SECRET).toString('base64')}`,
                `base64url ${Buffer.from(ECHO_SECRET).toString('base64url')}`,
                `url ${encodeURIComponent(ECHO_SECRET)}`,
                `form ${new URLSearchParams({ s: ECHO_SECRET }).toString().slice(2)}`,
                `json ${JSON.stringify(ECHO_SECRET)}`,
              ]
            : [`assertion ${assertion}`, `assertion-url ${encodeURIComponent(assertion)}`]
        ).join('; ');
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'invalid_client', error_description: echoed }));
      }
      if (req.url === '/token') {
        tokenRequests++;
        const basic = `Basic ${Buffer.from(`ci-billing:${CLIENT_SECRET}`).toString('base64')}`;
        const ok =
          req.headers.authorization === basic && new URLSearchParams(body).get('grant_type') === 'client_credentials';
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify(
            ok ? { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300 } : { error: 'invalid_client' },
          ),
        );
      }
      if (req.url?.startsWith('/moved')) {
        res.writeHead(302, { location: '/new-home?session=secret-query' });
        return res.end('moved');
      }
      const ok = req.headers.authorization === `Bearer ${ACCESS_TOKEN}`;
      res.writeHead(ok ? 200 : 401).end(ok ? 'invoices: 3' : 'no token');
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

  writeFileSync(
    join(dir, 'stint.yml'),
    [
      'signing:',
      '  internal: { type: mtls, source: provided, cert_file: client.pem, key_env: CLIENT_KEY, server_ca_file: server-ca.pem }',
      '  expiring: { type: mtls, source: provided, cert_file: expiring.pem, key_env: CLIENT_KEY, server_ca_file: server-ca.pem }',
      `  billing: { type: oauth2, token_url: "${apiUrl}/token", client_id: ci-billing, client_secret_env: BILLING_SECRET }`,
      '  hook: { type: hmac, format: github, secret_env: BILLING_SECRET }',
      `  echo-basic: { type: oauth2, token_url: "${apiUrl}/echo-token", client_id: ci-echo, client_secret_env: ECHO_SECRET }`,
      `  echo-jwt: { type: oauth2, token_url: "${apiUrl}/echo-token", client_id: ci-echo, key_env: ECHO_KEY }`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await mtls.stop();
  await new Promise<void>((resolve) => api.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('stint request with mtls and oauth2 profiles', () => {
  it('presents the client certificate to a server that requires one', async () => {
    const run = await stint(['request', 'internal', 'GET', mtls.url, '--config', 'stint.yml'], {
      CLIENT_KEY: clientKey,
    });
    expect(run).toEqual({ code: 0, stdout: 'hello ci-job\n', stderr: '' });
    expect(mtls.accepted).toEqual(['ci-job']);
  });

  it('warns on stderr, as the action does, when the client certificate expires within 14 days, and still sends it', async () => {
    const run = await stint(['request', 'expiring', 'GET', mtls.url, '--config', 'stint.yml'], {
      CLIENT_KEY: expiringKey,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('hello ci-job-expiring\n');
    expect(run.stderr).toMatch(
      /^stint: warning: mtls profile "expiring": the client certificate CN=ci-job-expiring expires in 4 days \(\d{4}-\d\d-\d\dT[\d:.]+Z\); renew it\n$/,
    );
    expectNoSecret(run.stderr, expiringKey);
  });

  it('says nothing of the expiry of a certificate a stint broker issued (it lives as long as its token, by design)', async () => {
    // The broker's own CA, as `stint cert` and the action's ephemeral source get their certificates from.
    const ca = await openCertificateAuthority(join(dir, 'broker-ca'));
    const key = generateClientKey('ec');
    const issued = await ca.issue({
      csrPem: await createCsr(key, 'ci-job'),
      project: 'warehouse',
      subject: 'repo:acme/warehouse:ref:refs/heads/main',
      notAfterMs: Date.now() + 600_000,
    });
    const brokerMtls = await startMtlsServer(ca.caPem);
    try {
      writeFileSync(join(dir, 'issued.pem'), issued.certificatePem);
      writeFileSync(
        join(dir, 'issued.yml'),
        'signing:\n  issued: { type: mtls, source: provided, cert_file: issued.pem, key_env: CLIENT_KEY, server_ca_file: issued-server-ca.pem }\n',
      );
      writeFileSync(join(dir, 'issued-server-ca.pem'), brokerMtls.serverCaPem);
      const run = await stint(['request', 'issued', 'GET', brokerMtls.url, '--config', 'issued.yml'], {
        CLIENT_KEY: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
      expect(run).toEqual({
        code: 0,
        stdout: 'hello repo:acme/warehouse:ref:refs/heads/main\n',
        stderr: '',
      });
    } finally {
      await brokerMtls.stop();
    }
  });

  it('an mtls profile refuses a plain http:// URL (exit 2) and sends nothing, rather than go out in clear without its certificate', async () => {
    const before = apiRequests;
    const run = await stint(['request', 'internal', 'GET', `${apiUrl}/status?x=1`, '--config', 'stint.yml'], {
      CLIENT_KEY: clientKey,
    });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `stint: profile "internal" is mtls: its client certificate is only sent over TLS, so the URL must start with https:// (got ${apiUrl}/status)\n`,
    });
    expect(apiRequests).toBe(before);
  });

  it('with no --config and no STINT_CONFIG it is a usage error (exit 2), before anything is sent', async () => {
    const before = apiRequests;
    const run = await stint(['request', 'billing', 'GET', `${apiUrl}/invoices`], { BILLING_SECRET: CLIENT_SECRET });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        'stint: no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})\n',
    });
    expect(apiRequests).toBe(before);
  });

  it('a redirect is not followed, and says so on stderr (exit 0: only HTTP ≥ 400 fails), without its query', async () => {
    const before = apiRequests;
    const run = await stint(['request', 'hook', 'GET', `${apiUrl}/moved?x=1`, '--config', 'stint.yml'], {
      BILLING_SECRET: CLIENT_SECRET,
    });
    expect(run).toEqual({
      code: 0,
      stdout: 'moved',
      stderr: `stint: HTTP 302 Found from GET ${apiUrl}/moved: a redirect to ${apiUrl}/new-home, not followed (stint request never follows one: the credential goes only to the host it was made for); request that URL if it is meant\n`,
    });
    expect(apiRequests).toBe(before + 1);
  });

  it('without a client certificate the TLS handshake fails and stint exits 1', async () => {
    // The server's CA is trusted (so only the missing client certificate can fail the handshake).
    const run = await stint(['request', 'hook', 'GET', mtls.url, '--config', 'stint.yml'], {
      BILLING_SECRET: CLIENT_SECRET,
      NODE_EXTRA_CA_CERTS: join(dir, 'server-ca.pem'),
    });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `stint: GET ${mtls.url}: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (the server wants a client certificate: use an mtls profile)\n`,
    });
    expect(mtls.accepted).toEqual(['ci-job', 'ci-job-expiring']);
  });

  it('fetches an OAuth token with the client secret and sends it; the secret never shows', async () => {
    const run = await stint(['request', 'billing', 'GET', `${apiUrl}/invoices`, '--config', 'stint.yml'], {
      BILLING_SECRET: CLIENT_SECRET,
    });
    expect(run).toEqual({ code: 0, stdout: 'invoices: 3', stderr: '' });
    expect(tokenRequests).toBe(1);
    const refused = await stint(['request', 'billing', 'GET', `${apiUrl}/invoices`, '--config', 'stint.yml'], {
      BILLING_SECRET: 'wrong',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('invalid_client');
    const output = [run.stdout, run.stderr, refused.stdout, refused.stderr];
    expectNoSecret(output, CLIENT_SECRET, 'the client secret');
    expectNoSecret(output, ACCESS_TOKEN, 'the access token');
    expectNoSecret(output, clientKey, 'the client key');
  });

  it('an endpoint that echoes the credentials gets no form of them into the error (secret, Basic credential, assertion)', async () => {
    for (const profile of ['echo-basic', 'echo-jwt']) {
      const run = await stint(['request', profile, 'GET', `${apiUrl}/invoices`, '--config', 'stint.yml'], {
        ECHO_SECRET,
        ECHO_KEY,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('invalid_client');
      expect(run.stderr).toMatch(
        profile === 'echo-basic' ? /header Basic \*\*\*; credential \*\*\*; raw \*\*\*/ : /assertion \*\*\*;/,
      );
      expectNoSecret([run.stdout, run.stderr], ECHO_KEY, 'the client key');
      expectNoSecret([run.stdout, run.stderr], ECHO_SECRET, 'the client secret');
      // The Basic credential is base64 of the form-encoded id:secret (RFC 6749 §2.3.1).
      const basic = `ci-echo:${new URLSearchParams({ s: ECHO_SECRET }).toString().slice(2)}`;
      expectNoSecret([run.stdout, run.stderr], basic, 'the Basic credential');
      // No piece of an assertion (a JWT: header.payload.signature) survives either.
      for (const jwt of run.stderr.match(/[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/g) ?? []) expect.unreachable(jwt);
    }
  });
});
