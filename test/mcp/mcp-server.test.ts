/**
 * The example MCP server (examples/mcp-server) for real (issue 21 item 3): the built broker, a
 * GitHub-shaped issuer, the server as its own process, and the official MCP SDK's client going
 * through the SDK's own OAuth flow (401 challenge → RFC 9728 metadata → broker metadata → RFC 8693
 * exchange with RFC 8707 `resource`). oauth4webapi checks both metadata documents.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// The example's own modules, as a user runs them (plain ES modules, no build step).
import { CiJobProvider, callTool, connectMcp } from '../../examples/mcp-server/mcp-client.mjs';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { CLI, freePort, type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { expectNoSecret } from '../helpers/secrets.js';

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/mcp-server/server.mjs');
const insecure = { [oauth.allowInsecureRequests]: true };

let issuer: GithubIssuer;
let broker: RunningBroker;
let mcpUrl: string;
let shortPort: number;
let shortUrl: string;
let server: { process: ChildProcess; output: () => string; stop: () => Promise<void> };
let apiKey: string;
/** Every secret seen in this file: none may appear in any log. */
const secrets = new Set<string>();

function project(mcp: string, short: string): string {
  return `  release-tools:
    audience: ${mcp}
    scopes: [read, deploy]
    ttl: 5m
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        scopes: [read]
  short-lived:
    audience: ${short}
    scopes: [read]
    ttl: 2s
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;
}

/** Runs examples/mcp-server/server.mjs and waits for its listening line. */
async function startExample(env: Record<string, string>) {
  const child = spawn(process.execPath, [EXAMPLE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the example exited: ${output}`);
      expect(output).toContain('mcp server listening on ');
    },
    { timeout: 60_000, interval: 100 },
  );
  return {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const idToken =
  (claims: Record<string, unknown> = {}) =>
  async (audience: string) => {
    const token = await issuer.mint({ aud: audience, ...claims });
    secrets.add(token);
    return token;
  };

function provider(options: { token?: string; idClaims?: Record<string, unknown>; broker?: string } = {}) {
  return new CiJobProvider({
    broker: options.broker ?? broker.url,
    ...(options.token ? { token: options.token } : { idToken: idToken(options.idClaims) }),
    onToken: (token) => secrets.add(token),
  });
}

async function exchange(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await idToken()(broker.url), ...body }),
  });
  const answer = (await response.json()) as { access_token?: string };
  if (!answer.access_token) throw new Error(`exchange refused: ${JSON.stringify(answer)}`);
  secrets.add(answer.access_token);
  return answer.access_token;
}

/** A raw JSON-RPC POST to the MCP endpoint. */
function post(token: string | undefined, message: unknown): Promise<Response> {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(message),
  });
}

const deployCall = {
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/call',
  params: { name: 'deploy', arguments: { service: 'warehouse', ref: 'main' } },
};

beforeAll(async () => {
  issuer = await startGithubIssuer();
  const port = await freePort();
  mcpUrl = `http://127.0.0.1:${port}/mcp`;
  shortPort = await freePort();
  shortUrl = `http://127.0.0.1:${shortPort}/mcp`;
  broker = await startBrokerAt((url) => stackConfig(url, issuer.url, project(mcpUrl, shortUrl)));
  const created = await new Promise<string>((done, fail) =>
    execFile(
      process.execPath,
      [CLI, 'keys', 'create-api-key', '--config', 'stint.yml', '--project', 'release-tools'],
      { cwd: broker.dir },
      (error, stdout) => (error ? fail(error) : done(stdout)),
    ),
  );
  apiKey = /stint_sk_[A-Za-z0-9_-]+/.exec(created)![0];
  secrets.add(apiKey);
  server = await startExample({
    STINT_ISSUER: broker.url,
    MCP_PORT: String(port),
    STINT_API_KEY: apiKey,
    STINT_CLOCK_TOLERANCE_SEC: '0',
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await broker?.stop();
  await issuer?.stop();
});

describe('the example MCP server', () => {
  it('publishes RFC 9728 metadata naming the broker, whose RFC 8414 metadata oauth4webapi accepts too', async () => {
    const resource = new URL(mcpUrl);
    const metadata = await oauth.processResourceDiscoveryResponse(
      resource,
      await oauth.resourceDiscoveryRequest(resource, insecure),
    );
    expect(metadata).toMatchObject({
      resource: mcpUrl,
      authorization_servers: [broker.url],
      scopes_supported: ['read', 'deploy'],
      bearer_methods_supported: ['header'],
    });
    const asUrl = new URL(metadata.authorization_servers![0]!);
    const as = await oauth.processDiscoveryResponse(
      asUrl,
      await oauth.discoveryRequest(asUrl, { algorithm: 'oauth2', ...insecure }),
    );
    expect(as.token_endpoint).toBe(`${broker.url}/oauth2/token`);
    expect(as.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:token-exchange');
  });

  it("the SDK's client finds the broker from the 401, exchanges the job's ID token for the server's URL, calls query and is refused deploy", async () => {
    const client = await connectMcp(mcpUrl, provider());
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['deploy', 'query']);
      const query = await callTool(client, 'query', { service: 'warehouse' });
      expect(query).toEqual({
        ok: true,
        text: expect.stringMatching(/^warehouse: v1\.4\.2 deployed .* \(asked by acme\/warehouse run \d+\)$/),
      });
      const deploy = await callTool(client, 'deploy', { service: 'warehouse', ref: 'main' });
      expect(deploy).toMatchObject({ ok: false, status: 403 });
    } finally {
      await client.close();
    }
    // The broker minted the token for release-tools, named by its URL (RFC 8707).
    const audit = readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"project":"release-tools"');
  });

  it('answers a deploy call with a read token 403 insufficient_scope naming deploy', async () => {
    const token = await exchange({ resource: mcpUrl });
    const response = await post(token, deployCall);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", error_description="the token lacks scope deploy (it has: read)", scope="deploy", resource_metadata="${mcpUrl.replace('/mcp', '/.well-known/oauth-protected-resource/mcp')}"`,
    );
  });

  it("refuses a token for another project's audience with 401 and the challenge, through the SDK too", async () => {
    const warehouse = await exchange({ project: 'warehouse' });
    const response = await post(warehouse, deployCall);
    expect(response.status).toBe(401);
    // The token is decided before the body: its scopes (from the tool called) are not worked out for a bad token.
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="stint token rejected: audience: expected '[^']+', got 'https:\/\/api\.warehouse\.example\.com'", resource_metadata="http:/,
    );
    // The SDK's client with only that token (no way to get another) cannot connect.
    await expect(connectMcp(mcpUrl, provider({ token: warehouse, broker: broker.url }))).rejects.toThrow();
  });

  it('refuses a server that names another authorization server than the one the job trusts, before any ID token is made', async () => {
    // Another authorization server, with metadata of its own: the job trusts it, the MCP server names the broker.
    const other = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: otherUrl, token_endpoint: `${otherUrl}/token` }));
    });
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    let asked = false;
    const pinned = new CiJobProvider({
      broker: otherUrl,
      idToken: async () => {
        asked = true;
        return 'never';
      },
    });
    try {
      await expect(connectMcp(mcpUrl, pinned)).rejects.toThrow(
        `the MCP server names ${broker.url} in its metadata, not the broker this job trusts (${otherUrl})`,
      );
      expect(asked).toBe(false);
    } finally {
      await new Promise<void>((done) => other.close(() => done()));
    }
  });

  it('refuses an expired token with 401 invalid_token and the challenge', async () => {
    // The 2-second project's server (clock tolerance 0, so the test need not wait out the 60 s of skew).
    const short = await startExample({
      STINT_ISSUER: broker.url,
      MCP_PORT: String(shortPort),
      STINT_CLOCK_TOLERANCE_SEC: '0',
    });
    try {
      const token = await exchange({ resource: shortUrl });
      const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
      const call = () =>
        fetch(shortUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify(list),
        });
      let response: Response | undefined;
      await vi.waitFor(
        async () => {
          response = await call();
          expect(response.status).toBe(401);
        },
        { timeout: 30_000, interval: 500 },
      );
      expect(response!.headers.get('www-authenticate')).toBe(
        `Bearer error="invalid_token", error_description="stint token rejected: it has expired; request a new one", resource_metadata="${shortUrl.replace('/mcp', '/.well-known/oauth-protected-resource/mcp')}"`,
      );
    } finally {
      await short.stop();
    }
  });

  it('refuses a revoked token with 401 invalid_token and the challenge (the server asks the broker)', async () => {
    const token = await exchange({ resource: mcpUrl });
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    await vi.waitFor(async () => expect((await post(token, list)).status).toBe(200), {
      timeout: 30_000,
      interval: 250,
    });
    const revoked = await fetch(`${broker.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    expect(revoked.status).toBe(200);
    const response = await post(token, list);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="the broker says the token is not active \(revoked, expired at the broker, or not of this API key's project: the token is of project release-tools\); request a new one", resource_metadata="http:/,
    );
  });

  it('never writes a token, an ID token or the API key to any log, in any encoding', () => {
    const logs = `${server.output()}\n${broker.output()}`;
    expect(logs).toContain('"msg":"mcp access"');
    expect(secrets.size).toBeGreaterThan(4);
    for (const secret of secrets) expectNoSecret(logs, secret, 'a token, ID token or the API key');
  });
});
