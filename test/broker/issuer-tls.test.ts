import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { verifyStintToken } from '../../src/verify/index.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';
import { makeRsaCertificate } from '../mtls/fixtures.js';

/**
 * A self-managed CI (or a broker) behind a company CA: its server sends a certificate issued by an
 * intermediate of a root Node does not know. It is reached, and refused by Node's checks, which
 * waiting will not change: the broker's start-up warning and stint/verify's error each say what to
 * give Node (NODE_EXTRA_CA_CERTS), not only the OpenSSL code.
 */
const day = 24 * 3600_000;
const valid = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + day) };
const FIX =
  '(its TLS certificate is not from a CA Node trusts here: give this process the CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem, or serve the chain with its intermediates)';

describe('an https server whose certificate comes from a company CA', () => {
  let server: Server;
  let url: string;
  let github: GithubIssuer;
  const brokers: RunningBroker[] = [];

  beforeAll(async () => {
    const root = makeRsaCertificate({ cn: 'Acme Root CA', isCa: true, ...valid });
    const intermediate = makeRsaCertificate({ cn: 'Acme Issuing CA', isCa: true, issuer: root, ...valid });
    const leaf = makeRsaCertificate({ cn: '127.0.0.1', serverIp: '127.0.0.1', issuer: intermediate, ...valid });
    server = createHttpsServer({ cert: leaf.certPem + intermediate.certPem, key: leaf.keyPem }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/jwks`, keys: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    github = await startGithubIssuer();
  });
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await github?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('as a provider, the broker warns at start with the code and the fix, and serves', async () => {
    const broker = await startBroker({
      configYaml: githubBrokerConfig(github.url, { providers: `  gitlab: { kind: gitlab, issuer: "${url}" }\n` }),
    });
    brokers.push(broker);
    await vi.waitFor(
      () =>
        expect(logEntries(broker.output())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            msg: `provider gitlab: issuer ${url} cannot be reached at start: could not fetch ${url}/.well-known/openid-configuration: UNABLE_TO_GET_ISSUER_CERT_LOCALLY ${FIX}; exchanges of its tokens are refused (503) until it answers`,
          }),
        ),
      { timeout: 60_000, interval: 100 },
    );
    expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);
  });

  it('as a broker, stint/verify refuses to fetch its keys with the same fix (ERR_JWKS_UNAVAILABLE)', async () => {
    // A token of the broker's shape, so that the keys are what verifying it needs next.
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ project: 'warehouse', scope: 'read' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
      .setIssuer(url)
      .setAudience('https://api.example.com')
      .setSubject('repo:acme/warehouse:ref:refs/heads/main')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(
      verifyStintToken(token, { issuer: url, audience: 'https://api.example.com', jwksUrl: `${url}/jwks` }),
    ).rejects.toMatchObject({
      code: 'ERR_JWKS_UNAVAILABLE',
      message: `could not fetch ${url}/jwks: UNABLE_TO_GET_ISSUER_CERT_LOCALLY ${FIX}`,
    });
  });
});
