import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lib/fingerprint.js';
import { createParseContext } from '../../src/signing/context.js';
import { loadClientCertificate, parseMtlsProfile, setUpMtls } from '../../src/signing/mtls.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { generateClientKey } from '../../src/signing/mtls-ephemeral.js';
import { type Stack, startStack } from '../broker/stack.js';
import { CLI, logEntries } from '../helpers/broker.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { type MtlsServer, removeTempDirs, startMtlsServer, tempDir } from './fixtures.js';

/** The whole ephemeral flow against the real broker (the built CLI): exchange, CSR, certificate, mTLS call. */
const run = promisify(execFile);
const SUBJECT = 'repo:acme/warehouse:ref:refs/heads/main';

function httpsGet(
  url: string,
  tls: { cert: string; key: string; ca: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...tls, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('mtls against the real broker', () => {
  let stack: Stack;
  let server: MtlsServer;
  let token: string;
  let expiresAt: number;

  beforeAll(async () => {
    stack = await startStack();
    const caPem = await (await fetch(`${stack.url}/mtls/ca.pem`)).text();
    server = await startMtlsServer(caPem);
    const { status, body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: '5m' });
    expect(status).toBe(200);
    token = body.access_token as string;
    expiresAt = body.expires_at as number;
  });
  afterAll(async () => {
    await server?.stop();
    await stack?.stop();
    removeTempDirs();
  });

  it('audits the CA it made (ca_created, with the fingerprint of the certificate /mtls/ca.pem serves) and logs it', async () => {
    const caPem = await (await fetch(`${stack.url}/mtls/ca.pem`)).text();
    const served = new X509Certificate(caPem);
    const created = stack
      .auditText()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => String(line.event).startsWith('ca_'));
    expect(created).toEqual([
      expect.objectContaining({
        event: 'ca_created',
        outcome: 'success',
        request_id: null,
        fingerprint: `sha256:${createHash('sha256').update(served.raw).digest('hex')}`,
        ca_subject: served.subject,
        expires_at: Date.parse(served.validTo) / 1000,
        previous_fingerprint: null,
        location: expect.stringMatching(/\/keys\/ca\/ca\.pem$/),
        reason: expect.stringMatching(
          /^no mTLS CA in \S+ca\.pem: made sha256:[0-9a-f]{64} \(O=stint, CN=stint client CA [0-9a-f]{8}\), valid until /,
        ),
      }),
    ]);
    // The CA outlives the request that made it: its event carries no client address.
    expect(created[0]).not.toHaveProperty('client_address');
    const logged = logEntries(stack.broker.stdout()).filter((entry) => entry.event === 'ca_created');
    expect(logged.map((entry) => [entry.level, entry.msg])).toEqual([
      ['info', expect.stringMatching(/^mTLS CA created: no mTLS CA in /)],
    ]);
  });

  it('setUpMtls gets a certificate for the token project, no longer-lived than the token, that the server accepts', async () => {
    const profile = parseMtlsProfile(
      { type: 'mtls', source: 'ephemeral' },
      createParseContext({ origin: 'action-input', env: {}, profile: 'internal' }),
    );
    const setUp = await setUpMtls(profile, {
      brokerUrl: stack.url,
      token,
      dir: join(tempDir('stint-runner-'), 'stint'),
    });
    const cert = new X509Certificate(readFileSync(setUp.certPath));
    expect(cert.subjectAltName).toBe('URI:urn:stint:project:warehouse');
    expect(setUp.subject).toBe(`CN=${SUBJECT}`);
    expect(setUp.notAfterMs).toBeLessThanOrEqual(expiresAt * 1000);
    const tls = await loadClientCertificate({ certPath: setUp.certPath, keyPath: setUp.keyPath });
    expect(await httpsGet(server.url, { ...tls, ca: server.serverCaPem })).toEqual({
      status: 200,
      body: `hello ${SUBJECT}\n`,
    });
    expect(stack.auditText()).toContain(`"serial":"${setUp.serial}"`);
  });

  it('gives one token at most 10 certificates, then 429 temporarily_unavailable with Retry-After; another token is not affected', async () => {
    const csr = await createCsr(generateClientKey('ec'), SUBJECT);
    const fresh = async (): Promise<string> => {
      const { status, body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: '5m' });
      expect(status).toBe(200);
      return body.access_token as string;
    };
    const ask = (bearer: string) =>
      fetch(`${stack.url}/mtls/certificates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ csr }),
      });
    const greedy = await fresh();
    // A CSR that cannot be issued is a 400 and spends none of the ten.
    for (let i = 0; i < 12; i++) {
      const bad = await fetch(`${stack.url}/mtls/certificates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${greedy}`, 'content-type': 'application/json' },
        body: JSON.stringify({ csr: 'not a csr' }),
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'invalid_request' });
    }
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await ask(greedy);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 200));
    const refused = await ask(greedy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      error: 'temporarily_unavailable',
      error_description: expect.stringContaining('this token already got 10 certificates'),
    });
    expect((await ask(await fresh())).status).toBe(200);
  });

  it('the built `stint cert` does the same from $STINT_TOKEN, and is refused once the token is revoked', async () => {
    const out = join(tempDir('stint-cert-'), 'mtls');
    const { stdout } = await run(process.execPath, [CLI, 'cert', '--broker', stack.url, '--out', out, '--json'], {
      env: { PATH: process.env.PATH ?? '', STINT_TOKEN: token },
    });
    const printed = JSON.parse(stdout) as { cert_path: string; key_path: string; subject: string };
    expect(printed.subject).toBe(`CN=${SUBJECT}`);
    expect(statSync(printed.key_path).mode & 0o777).toBe(0o600);
    expect(stdout).not.toContain('PRIVATE KEY');
    expectNoSecret(stdout, token, 'the stint token');

    const revoked = await fetch(`${stack.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(revoked.status).toBe(200);
    const refused = await run(process.execPath, [CLI, 'cert', '--broker', stack.url, '--out', out], {
      env: { PATH: process.env.PATH ?? '', STINT_TOKEN: token },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^stint: the broker refused a client certificate: 401 invalid_token: .+ \(request_id [^)]+\)\n$/,
    );
    expectNoSecret(refused.stderr, token, 'the stint token');
  });

  it('a revoked token is refused as a forged one is, and audited with its jti, fingerprint, project, subject and why', async () => {
    const { status, body } = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', ttl: '5m' });
    expect(status).toBe(200);
    const revokedToken = body.access_token as string;
    const { jti } = decodeJwt(revokedToken);
    expect(
      (
        await fetch(`${stack.url}/oauth2/revoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: revokedToken }).toString(),
        })
      ).status,
    ).toBe(200);
    const csr = await createCsr(generateClientKey('ec'), SUBJECT);
    const ask = async (bearer: string) => {
      const response = await fetch(`${stack.url}/mtls/certificates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ csr }),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      return {
        status: response.status,
        error: answer.error,
        description: answer.error_description,
        id: answer.request_id,
      };
    };
    const [header, payload] = revokedToken.split('.');
    const forgedToken = `${header}.${payload}.${Buffer.alloc(64, 7).toString('base64url')}`;
    const revoked = await ask(revokedToken);
    const forged = await ask(forgedToken);
    // The caller learns nothing more about a revoked token than about a forged one.
    expect({ ...revoked, id: undefined }).toEqual({ ...forged, id: undefined });
    expect(revoked).toMatchObject({ status: 401, error: 'invalid_token' });

    const events = stack
      .auditText()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const revokedEvent = events.find((event) => event.request_id === revoked.id);
    expect(revokedEvent).toMatchObject({
      event: 'cert_denied',
      outcome: 'denied',
      code: 'ERR_TOKEN_INVALID',
      reason: expect.stringMatching(/^the stint token was revoked/),
      jti,
      fingerprint: fingerprint(revokedToken),
      project: 'warehouse',
      subject: SUBJECT,
    });
    // A forged token's claims are whatever its sender wrote: only its fingerprint and why.
    const forgedEvent = events.find((event) => event.request_id === forged.id);
    expect(forgedEvent).toMatchObject({
      event: 'cert_denied',
      code: 'ERR_TOKEN_INVALID',
      reason: expect.stringContaining('stint token rejected'),
      fingerprint: fingerprint(forgedToken),
    });
    expect(forgedEvent).not.toHaveProperty('jti');
    expect(forgedEvent).not.toHaveProperty('project');
    // Once each: the request handler does not audit the refusal a second time.
    expect(events.filter((event) => event.request_id === revoked.id)).toHaveLength(1);
    expectNoSecret(stack.auditText(), revokedToken, 'the revoked token');
    expectNoSecret(stack.auditText(), forgedToken, 'the forged token');
  });
});
