import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { CLI, createJob, requireBuilt, runStep, startProxy } from '../action/harness.js';

/**
 * The broker must not choose the audience of the job's ID token (DESIGN §3). A stand-in broker
 * on 127.0.0.1 whose discovery document names another service's audience (sts.amazonaws.com)
 * gets no ID token from the BUILT action or the BUILT CLI: every audience a GitHub-shaped token
 * service was asked for is recorded, and none is the hostile one.
 */
let issuer: GithubIssuer;
let tokenService: Awaited<ReturnType<typeof startProxy>>;
/** The `audience` of every ID token request that reached the token service. */
const audiences: string[] = [];
let broker: Server;
let brokerUrl: string;
/** What the stand-in broker answers at /.well-known/openid-configuration (undefined: 404). */
let discovery: Record<string, unknown> | undefined;
let exchanges = 0;

function runnerEnv(): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${tokenService.url}/_apis/distributedtask/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
  };
}

function stint(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  requireBuilt();
  issuer = await startGithubIssuer();
  tokenService = await startProxy(issuer.url, {
    onAnswer: (path) => {
      const url = new URL(path, 'http://x');
      if (url.pathname === '/_apis/distributedtask/idtoken') audiences.push(url.searchParams.get('audience') ?? '');
    },
  });
  broker = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const send = (status: number, json: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.url === '/.well-known/openid-configuration')
        return discovery === undefined ? send(404, {}) : send(200, discovery);
      if (req.url === '/auth/oidc/exchange') {
        exchanges++;
        return send(200, {
          access_token: 'eyJhbGciOiJFUzI1NiJ9.eyJwcm9qZWN0Ijoid2FyZWhvdXNlIn0.c3RhbmQtaW4',
          token_type: 'Bearer',
          expires_in: 600,
          expires_at: new Date(Date.now() + 600_000).toISOString(),
          scope: 'read',
          project: 'warehouse',
          audit_id: 'aud_1',
        });
      }
      send(404, {});
    });
  });
  await new Promise<void>((done) => broker.listen(0, '127.0.0.1', done));
  brokerUrl = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`;
});

afterAll(async () => {
  broker?.closeAllConnections();
  await new Promise((done) => broker?.close(done));
  await tokenService?.stop();
  await issuer?.stop();
});

beforeEach(() => {
  audiences.length = 0;
  exchanges = 0;
});

const HOSTILE_ISSUERS = [
  'https://sts.amazonaws.com',
  'sts.amazonaws.com',
  'api://AzureADTokenExchange',
  'https://stint.example.com',
  // The same host on another path is another audience (path-based tenants).
  'BROKER/other-tenant',
];

describe('a broker whose discovery names another audience', () => {
  for (const named of HOSTILE_ISSUERS) {
    it(`the built action requests no ID token when it names ${named.replace('BROKER', 'the broker URL')}`, async () => {
      const issuerNamed = named.replace('BROKER', brokerUrl);
      discovery = { issuer: issuerNamed, jwks_uri: `${issuerNamed}/.well-known/jwks.json` };
      const job = createJob();
      try {
        const main = await runStep(job, 'main', {
          inputs: { 'broker-url': brokerUrl, project: 'warehouse' },
          env: runnerEnv(),
        });
        expect(main.code).toBe(1);
        expect(main.errors).toEqual([
          `stint: the broker at ${brokerUrl} names another issuer, ${JSON.stringify(issuerNamed)}, so no ID token was requested: by default its audience is the broker URL itself, never what the broker answers. Set the broker URL (broker-url input) to the broker's issuer URL; if the broker is served at another address on purpose, set the audience explicitly (audience input) [ERR_BROKER_ISSUER_MISMATCH]`,
        ]);
        expect(audiences).toEqual([]);
        expect(exchanges).toBe(0);
        expect(main.outputs).toEqual({});
      } finally {
        job.remove();
      }
    });

    it(`the built CLI requests no ID token when it names ${named.replace('BROKER', 'the broker URL')}`, async () => {
      const issuerNamed = named.replace('BROKER', brokerUrl);
      discovery = { issuer: issuerNamed };
      const result = await stint(['exchange', '--broker', brokerUrl, '--project', 'warehouse'], runnerEnv());
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `names another issuer, ${JSON.stringify(issuerNamed)}, so no ID token was requested`,
      );
      // On GitHub, the CLI names its own flags, not the action's inputs.
      expect(result.stderr).toContain('Set the broker URL (--broker)');
      expect(result.stderr).toContain('set the audience explicitly (--audience)\n');
      expect(result.stderr).not.toContain('input');
      expect(audiences).toEqual([]);
      expect(exchanges).toBe(0);
    });
  }
});

describe('the default audience is the broker URL itself', () => {
  it('with no discovery document: the action asks for the broker URL, trailing slash dropped', async () => {
    discovery = undefined;
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': `${brokerUrl}/`, project: 'warehouse', revoke: 'false' },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      expect(audiences).toEqual([brokerUrl]);
      expect(main.summary).toContain(brokerUrl);
    } finally {
      job.remove();
    }
  });

  it('when discovery names the same URL spelled otherwise, the CLI asks for it as the broker spells it', async () => {
    const spelled = `${brokerUrl}/`;
    discovery = { issuer: spelled };
    const result = await stint(
      ['exchange', '--broker', brokerUrl, '--project', 'warehouse', '--format', 'json'],
      runnerEnv(),
    );
    expect(result.stderr).toContain('got a token for project warehouse');
    expect(result.code).toBe(0);
    expect(audiences).toEqual([spelled]);
  });

  it('an explicit audience is used as given, without asking the broker', async () => {
    discovery = { issuer: 'https://sts.amazonaws.com' };
    const result = await stint(
      ['exchange', '--broker', brokerUrl, '--project', 'warehouse', '--audience', 'https://stint.internal.example'],
      runnerEnv(),
    );
    expect(result.code).toBe(0);
    expect(audiences).toEqual(['https://stint.internal.example']);
    expect(exchanges).toBe(1);
  });
});
