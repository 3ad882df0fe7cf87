import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { createJob, requireBuilt, runStep } from '../action/harness.js';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';
import { expectNoSecrets } from '../helpers/secrets.js';
import { type Squid, startSquid } from '../helpers/squid.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';
import { baseEnv, CLI, run } from '../recipes/helpers.js';

/**
 * The built CLI and broker behind a real egress proxy (Squid, test/helpers/squid.ts). The issuer
 * and the broker listen on 127.0.0.1 but are named `issuer.stint.test` and `broker.stint.test`,
 * which only the proxy resolves: a request that reaches them went through the proxy. Their TLS
 * certificate is trusted through NODE_EXTRA_CA_CERTS, so TLS is end to end through the tunnel.
 */
let squid: Squid;
let issuer: GithubIssuer;
let broker: RunningBroker;
let brokerUrl: string;
let dir: string;
let caFile: string;

beforeAll(async () => {
  requireBuilt();
  squid = await startSquid({
    names: ['issuer.stint.test', 'broker.stint.test', 'refused.stint.test'],
    refuse: ['refused.stint.test'],
  });
  dir = mkdtempSync(join(tmpdir(), 'stint-egress-proxy-'));
  const tls = selfSignedCertificate({
    commonName: 'broker.stint.test',
    subjectAltName: 'DNS:broker.stint.test,DNS:issuer.stint.test,DNS:refused.stint.test,DNS:localhost,IP:127.0.0.1',
  });
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, tls.cert);
  writeFileSync(join(dir, 'cert.pem'), tls.cert);
  writeFileSync(join(dir, 'key.pem'), tls.key, { mode: 0o600 });
  issuer = await startGithubIssuer({ tls, publicHost: 'issuer.stint.test' });
  const port = await freePort();
  brokerUrl = `https://broker.stint.test:${port}`;
  broker = await startBroker({
    args: ['--port', String(port), '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')],
    // The broker fetches the issuer's discovery document and keys through the proxy too.
    env: { HTTPS_PROXY: squid.urlWithCredentials, NODE_EXTRA_CA_CERTS: caFile },
    configYaml: `issuer: https://stint.test
keys: { dir: keys }
audit: { file: audit.jsonl }
providers:
  github: { issuer: ${issuer.url} }
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
`,
  });
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  await squid?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The job's environment on a GitHub runner whose only way out is the proxy. */
function jobEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return baseEnv({
    GITHUB_ACTIONS: 'true',
    ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    NODE_EXTRA_CA_CERTS: caFile,
    ...extra,
  });
}

const exchange = (env: NodeJS.ProcessEnv, url = brokerUrl) =>
  run(
    process.execPath,
    [CLI, 'exchange', '--broker', url, '--project', 'warehouse', '--audience', 'https://stint.test'],
    {
      env,
      timeoutMs: 240_000,
    },
  );

/** `stint revoke` of a JWT at the broker, retrying for 2 s at most (it asks the broker for its keys first). */
const revoke = async (env: NodeJS.ProcessEnv) =>
  run(process.execPath, [CLI, 'revoke', '--broker', brokerUrl], {
    env: baseEnv({ STINT_TOKEN: await issuer.mint(), STINT_RETRY_BUDGET: '2', NODE_EXTRA_CA_CERTS: caFile, ...env }),
    timeoutMs: 120_000,
  });

/** The CONNECT lines Squid logged for a host since `from` (an index into its log). */
const tunnelsTo = (host: string, from = 0): string[] =>
  squid
    .accessLog()
    .slice(from)
    .filter((line) => line.includes(` CONNECT ${host}:`));

describe('stint exchange through an egress proxy', () => {
  it('asks for the ID token and exchanges it through the proxy (CONNECT, with its credentials)', async () => {
    const before = squid.accessLog().length;
    const result = await exchange(jobEnv({ HTTPS_PROXY: squid.urlWithCredentials }));
    expect(result.stderr).toMatch(/^stint: got a token for project warehouse/);
    expect(result.code).toBe(0);
    const ownTunnels = [...tunnelsTo('issuer.stint.test', before), ...tunnelsTo('broker.stint.test', before)];
    // The ID-token request and the exchange each went through an authenticated tunnel.
    expect(tunnelsTo('issuer.stint.test', before).some((line) => line.includes('TCP_TUNNEL/200'))).toBe(true);
    expect(tunnelsTo('broker.stint.test', before).some((line) => line.includes('TCP_TUNNEL/200'))).toBe(true);
    for (const line of ownTunnels) expect(line).toContain(` ${squid.user} `);
    // The broker's own fetches of the issuer's discovery document and keys went through it as well.
    expect(issuer.counts.jwksRequests).toBeGreaterThan(0);
    expectNoSecrets([result.stdout, result.stderr, broker.output()], { 'the proxy password': squid.password });
  });

  it('lower-case https_proxy wins over HTTPS_PROXY', async () => {
    const closed = await freePort();
    const result = await exchange(
      jobEnv({ https_proxy: squid.urlWithCredentials, HTTPS_PROXY: `http://127.0.0.1:${closed}` }),
    );
    expect(result.stderr).toMatch(/^stint: got a token for project warehouse/);
    expect(result.code).toBe(0);
  });

  it('a proxy that wants credentials is named, with the variable to set', async () => {
    const result = await exchange(jobEnv({ HTTPS_PROXY: squid.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `the proxy 127.0.0.1:${squid.port} (from HTTPS_PROXY) wants credentials (407 Proxy Authentication Required): set HTTPS_PROXY to http://user:password@127.0.0.1:${squid.port}`,
    );
    // Not retried: the proxy would ask again.
    expect(result.stderr).not.toMatch(/attempts in/);
  });

  it('a wrong proxy password is a clear error that never prints the password', async () => {
    const wrong = 'not-the-proxy-pw-7f3a9';
    const result = await exchange(jobEnv({ HTTPS_PROXY: `http://${squid.user}:${wrong}@127.0.0.1:${squid.port}` }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `the proxy 127.0.0.1:${squid.port} (from HTTPS_PROXY) did not accept the user and password in HTTPS_PROXY (407 Proxy Authentication Required)`,
    );
    expectNoSecrets([result.stdout, result.stderr], { 'the wrong proxy password': wrong });
  });

  it('a tunnel the proxy refuses (403) names the proxy and the target', async () => {
    const port = Number(new URL(brokerUrl).port);
    const result = await exchange(
      jobEnv({ HTTPS_PROXY: squid.urlWithCredentials }),
      `https://refused.stint.test:${port}`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `the proxy 127.0.0.1:${squid.port} (from HTTPS_PROXY) refused to connect to refused.stint.test:${port} (403 Forbidden)`,
    );
    expectNoSecrets([result.stdout, result.stderr], { 'the proxy password': squid.password });
  });

  it('NO_PROXY sends a listed host directly (here: a name only the proxy knows, so it is not found)', async () => {
    const before = squid.accessLog().length;
    const result = await revoke({
      HTTPS_PROXY: squid.urlWithCredentials,
      NO_PROXY: 'example.com, .stint.test',
    });
    expect(result.code).toBe(1);
    // Direct: this machine cannot resolve the name.
    expect(result.stderr).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(result.stderr).not.toContain('proxy');
    expect(tunnelsTo('broker.stint.test', before)).toEqual([]);
    // The same request with NO_PROXY naming another host goes through the proxy.
    await revoke({ HTTPS_PROXY: squid.urlWithCredentials, NO_PROXY: 'stint.example.com' });
    expect(tunnelsTo('broker.stint.test', before)).not.toEqual([]);
  });

  it('never sends this machine (127.0.0.1, localhost) through the proxy, whatever NO_PROXY says', async () => {
    // The proxy here is a closed port: any request through it would fail.
    const closed = await freePort();
    const local = await startGithubIssuer({ audience: 'https://stint.test' });
    try {
      const port = Number(new URL(brokerUrl).port);
      for (const host of ['127.0.0.1', 'localhost']) {
        const result = await exchange(
          baseEnv({
            GITHUB_ACTIONS: 'true',
            ACTIONS_ID_TOKEN_REQUEST_URL: local.requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: local.requestToken,
            NODE_EXTRA_CA_CERTS: caFile,
            HTTPS_PROXY: `http://127.0.0.1:${closed}`,
            HTTP_PROXY: `http://127.0.0.1:${closed}`,
            NO_PROXY: 'example.com',
          }),
          `https://${host}:${port}`,
        );
        // The broker answered directly (it refuses this issuer's token: it trusts another one).
        expect(result.stderr, host).not.toContain('proxy');
        expect(result.stderr, host).not.toMatch(/ECONNREFUSED/);
        expect(result.stderr, host).toMatch(
          /token issuer 'http:\/\/127\.0\.0\.1:\d+' is not a provider this broker trusts/,
        );
      }
    } finally {
      await local.stop();
    }
  });

  it('a proxy that cannot be reached is named, with the variable that set it', async () => {
    const closed = await freePort();
    const result = await revoke({ HTTPS_PROXY: `http://${squid.user}:${squid.password}@127.0.0.1:${closed}` });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`ECONNREFUSED connecting to the proxy 127.0.0.1:${closed} (from HTTPS_PROXY)`);
    expectNoSecrets([result.stdout, result.stderr], { 'the proxy password': squid.password });
  });
});

describe('the GitHub Action through an egress proxy', () => {
  it('asks the runner for the ID token, exchanges it and revokes the token through the proxy', async () => {
    const job = createJob();
    try {
      const before = squid.accessLog().length;
      const env = {
        ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl!,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken!,
        HTTPS_PROXY: squid.urlWithCredentials,
        NODE_EXTRA_CA_CERTS: caFile,
      };
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', audience: 'https://stint.test' },
        env,
      });
      expect(main.errors, main.stdout + main.stderr).toEqual([]);
      expect(main.code).toBe(0);
      expect(main.outputs.token).toMatch(/^ey/);
      expect(tunnelsTo('issuer.stint.test', before).some((line) => line.includes('TCP_TUNNEL/200'))).toBe(true);
      expect(tunnelsTo('broker.stint.test', before).some((line) => line.includes('TCP_TUNNEL/200'))).toBe(true);
      const beforePost = squid.accessLog().length;
      const post = await runStep(job, 'post', { env });
      expect(post.warnings, post.stdout).toEqual([]);
      expect(post.code).toBe(0);
      expect(tunnelsTo('broker.stint.test', beforePost)).not.toEqual([]);
      expectNoSecrets([main.stdout, main.stderr, post.stdout, post.stderr], { 'the proxy password': squid.password });
    } finally {
      job.remove();
    }
  });

  it('a proxy that wants credentials fails the step with a message naming it', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', audience: 'https://stint.test' },
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl!,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken!,
          HTTPS_PROXY: squid.url,
          NODE_EXTRA_CA_CERTS: caFile,
        },
      });
      expect(main.code).not.toBe(0);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain(
        `the proxy 127.0.0.1:${squid.port} (from HTTPS_PROXY) wants credentials (407 Proxy Authentication Required)`,
      );
    } finally {
      job.remove();
    }
  });
});
