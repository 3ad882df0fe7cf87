/**
 * stint/verify's resource-server side (issue 21 item 2): RFC 9728 metadata and the guard, on
 * node:http, Express and Fastify alike, against tokens minted by the built broker. Each refusal
 * is checked as an HTTP client sees it: status, WWW-Authenticate challenge, JSON body.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpRequest } from '../../src/lib/http.js';
import {
  type AccessRecord,
  mcpToolScopes,
  type ProtectedResourceOptions,
  protectedResource,
  type StintTokenClaims,
} from '../../src/verify/index.js';
import { type Stack, startStack } from '../broker/stack.js';
import { CLI } from '../helpers/broker.js';
import { expectNoSecret } from '../helpers/secrets.js';

const RESOURCE = 'https://tools.example.com/mcp';
const METADATA_URL = 'https://tools.example.com/.well-known/oauth-protected-resource/mcp';
const TOOLS = `  tools:
    audience: ${RESOURCE}
    scopes: [read, deploy]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        scopes: [read]
`;

let stack: Stack;
let readToken: string;
let warehouseToken: string;
let apiKey: string;
const records: AccessRecord[] = [];

interface Target {
  name: string;
  url: string;
  close(): Promise<void>;
}
const targets: Target[] = [];

/** Every framework serves the same two routes: GET /query needs read, POST /deploy needs deploy. */
function guardOptions(extra: Partial<ProtectedResourceOptions> = {}): ProtectedResourceOptions {
  return {
    resource: RESOURCE,
    issuer: stack.url,
    scopesSupported: ['read', 'deploy'],
    resourceName: 'tools',
    onAccess: (record) => records.push(record),
    ...extra,
  };
}

function reply(claims: StintTokenClaims): string {
  return JSON.stringify({ project: claims.project, sub: claims.sub, repository: claims.ci?.repository });
}

async function nodeHttp(options: ProtectedResourceOptions): Promise<Target> {
  const resource = protectedResource(options);
  const server: Server = createServer(async (req, res) => {
    if (resource.serveMetadata(req, res)) return;
    const scopes = req.url === '/deploy' ? ['deploy'] : ['read'];
    const claims = await resource.authorize(req, res, scopes);
    if (claims) res.writeHead(200, { 'content-type': 'application/json' }).end(reply(claims));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    name: 'node:http',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

async function expressApp(options: ProtectedResourceOptions): Promise<Target> {
  const resource = protectedResource(options);
  const app = express();
  app.get(resource.metadataPath, (_req, res) => {
    res.json(resource.metadata());
  });
  const send = (req: express.Request, res: express.Response): void => {
    res.type('application/json').send(reply((req as express.Request & { stint: StintTokenClaims }).stint));
  };
  app.get('/query', resource.express(['read']), send);
  app.post('/deploy', resource.express(['deploy']), send);
  const server = await new Promise<Server>((done) => {
    const listening = app.listen(0, '127.0.0.1', () => done(listening));
  });
  return {
    name: 'express',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

async function fastifyApp(options: ProtectedResourceOptions): Promise<Target> {
  const resource = protectedResource(options);
  const app: FastifyInstance = Fastify();
  app.decorateRequest('stint', null);
  app.get(resource.metadataPath, async () => resource.metadata());
  const send = async (request: object) => JSON.parse(reply((request as { stint: StintTokenClaims }).stint));
  app.get('/query', { preHandler: resource.fastify(['read']) }, send);
  app.post('/deploy', { preHandler: resource.fastify(['deploy']) }, send);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { name: 'fastify', url, close: () => app.close() };
}

beforeAll(async () => {
  stack = await startStack({ extraProjects: TOOLS });
  const read = await stack.exchange({ token: await stack.idToken(), resource: RESOURCE });
  expect(read.body).toMatchObject({ project: 'tools', scope: 'read' });
  readToken = read.body.access_token as string;
  const warehouse = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
  warehouseToken = warehouse.body.access_token as string;
  const created = await new Promise<string>((done, fail) =>
    execFile(
      process.execPath,
      [CLI, 'keys', 'create-api-key', '--config', 'stint.yml', '--project', 'tools'],
      { cwd: stack.broker.dir },
      (error, stdout) => (error ? fail(error) : done(stdout)),
    ),
  );
  apiKey = /stint_sk_[A-Za-z0-9_-]+/.exec(created)![0];
  for (const start of [nodeHttp, expressApp, fastifyApp]) targets.push(await start(guardOptions()));
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(targets.map((target) => target.close()));
  await stack?.stop();
});

function call(target: Target, path: '/query' | '/deploy', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${target.url}${path}`, { method: path === '/deploy' ? 'POST' : 'GET', headers });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(['node:http', 'express', 'fastify'])('the guard on %s', (name) => {
  const target = () => targets.find((t) => t.name === name)!;

  it('serves RFC 9728 metadata that oauth4webapi accepts for the resource', async () => {
    const response = await fetch(`${target().url}/.well-known/oauth-protected-resource/mcp`);
    expect(response.status).toBe(200);
    // oauth4webapi checks the document against the resource identifier it was asked for.
    const metadata = await oauth.processResourceDiscoveryResponse(new URL(RESOURCE), response);
    expect(metadata).toEqual({
      resource: RESOURCE,
      authorization_servers: [stack.url],
      scopes_supported: ['read', 'deploy'],
      bearer_methods_supported: ['header'],
      resource_name: 'tools',
    });
  });

  it('answers no token with 401 and the resource_metadata challenge', async () => {
    const response = await call(target(), '/query');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer scope="read", resource_metadata="${METADATA_URL}"`);
    // RFC 6750 §3.1: no credentials, no error code (in the challenge or the body).
    expect(await response.json()).toEqual({
      error_description: 'this service needs a stint token: Authorization: Bearer …',
    });
  });

  it('hands the verified claims on when the token has the scope', async () => {
    const response = await call(target(), '/query', bearer(readToken));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      project: 'tools',
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
      repository: 'acme/warehouse',
    });
  });

  it('refuses a missing scope with 403 insufficient_scope naming it', async () => {
    const response = await call(target(), '/deploy', bearer(readToken));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", error_description="the token lacks scope deploy (it has: read)", scope="deploy", resource_metadata="${METADATA_URL}"`,
    );
    expect(await response.json()).toEqual({
      error: 'insufficient_scope',
      error_description: 'the token lacks scope deploy (it has: read)',
    });
  });

  it("refuses a token for another project's audience with 401 invalid_token", async () => {
    const response = await call(target(), '/query', bearer(warehouseToken));
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"]*audience: expected '/);
    expect(challenge).toContain(`resource_metadata="${METADATA_URL}"`);
    expect(((await response.json()) as { error_description: string }).error_description).toBe(
      `stint token rejected: audience: expected "${RESOURCE}", got "https://api.warehouse.example.com"`,
    );
  });
});

describe('the guard, further', () => {
  it('refuses an expired token with 401 invalid_token and the challenge', async () => {
    // The service's clock two hours on: the 15-minute token is past exp + 60 s of skew.
    const later = await nodeHttp(guardOptions({ now: () => Date.now() + 2 * 3600_000 }));
    try {
      const response = await call(later, '/query', bearer(readToken));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        `Bearer error="invalid_token", error_description="stint token rejected: it has expired; request a new one", scope="read", resource_metadata="${METADATA_URL}"`,
      );
    } finally {
      await later.close();
    }
  });

  it('with introspection, refuses a revoked token with 401 invalid_token at once', async () => {
    const checked = await nodeHttp(guardOptions({ introspection: { apiKey } }));
    try {
      const fresh = await stack.exchange({ token: await stack.idToken(), resource: RESOURCE });
      const token = fresh.body.access_token as string;
      // A key created a moment ago reaches the running broker within a second.
      await vi.waitFor(async () => expect((await call(checked, '/query', bearer(token))).status).toBe(200), {
        timeout: 30_000,
        interval: 250,
      });
      const revoked = await fetch(`${stack.url}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
      expect(revoked.status).toBe(200);
      const response = await call(checked, '/query', bearer(token));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(await response.json()).toEqual({
        error: 'invalid_token',
        error_description:
          "the broker says the token is not active (revoked, expired at the broker, or not of this API key's project: the token is of project tools); request a new one",
      });
      // Revoked and lacking the scope: still 401 invalid_token (the token is bad), not 403.
      const deploy = await call(checked, '/deploy', bearer(token));
      expect(deploy.status).toBe(401);
      expect(deploy.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      await checked.close();
    }
  });

  it('with project, refuses a token of another project that shares the audience with 401 invalid_token', async () => {
    const other = protectedResource(guardOptions({ project: 'billing' }));
    const refused = await other.check(`Bearer ${readToken}`, ['read']);
    expect(refused).toMatchObject({
      ok: false,
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'stint token rejected: it is for project "tools", which this service does not accept',
      },
    });
    const own = protectedResource(guardOptions({ project: ['billing', 'tools'] }));
    expect(await own.check(`Bearer ${readToken}`, ['read'])).toMatchObject({ ok: true, claims: { project: 'tools' } });
  });

  it('answers malformed Bearer credentials with 400 invalid_request, and refuses a scope that cannot go into a challenge', async () => {
    const resource = protectedResource(guardOptions());
    expect(await resource.check('Bearer a!b', ['read'])).toMatchObject({
      ok: false,
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await resource.check('Bearer one two', ['read'])).toMatchObject({ ok: false, status: 400 });
    await expect(resource.check(`Bearer ${readToken}`, ['read"x'])).rejects.toMatchObject({
      code: 'ERR_VERIFY_CONFIG',
    });
    await expect(resource.check(`Bearer ${readToken}`, ['read\r\nx-injected: 1'])).rejects.toMatchObject({
      code: 'ERR_VERIFY_CONFIG',
    });
    expect(() => protectedResource(guardOptions({ scopesSupported: ['read', 'has space'] }))).toThrow(
      /not an OAuth scope token/,
    );
  });

  it('with introspection and the broker away, answers 503, never lets the request through', async () => {
    // The JWKS is fetched as usual; the introspection endpoint does not answer.
    const resource = protectedResource(
      guardOptions({
        introspection: { apiKey },
        http: async (request) => {
          if (String(request.url).endsWith('/oauth2/introspect')) throw new Error('connection refused');
          return httpRequest(request);
        },
      }),
    );
    const decision = await resource.check(`Bearer ${readToken}`, ['read']);
    expect(decision).toMatchObject({ ok: false, status: 503, body: { error: 'temporarily_unavailable' } });
  });

  it('with introspection, a missing API key is ERR_VERIFY_CONFIG when built, and a refused one a 500 that says so', async () => {
    for (const bad of [undefined, '', '  '])
      expect(() => protectedResource(guardOptions({ introspection: { apiKey: bad as unknown as string } }))).toThrow(
        expect.objectContaining({
          code: 'ERR_VERIFY_CONFIG',
          message: expect.stringMatching(/introspection\.apiKey is (missing|empty)/),
        }),
      );
    const seen: AccessRecord[] = [];
    const wrong = await nodeHttp(
      guardOptions({
        introspection: { apiKey: 'stint_sk_0123456789abcdef_wrongwrongwrong' },
        onAccess: (record) => seen.push(record),
      }),
    );
    try {
      const response = await call(wrong, '/query', bearer(readToken));
      expect(response.status).toBe(500);
      expect(response.headers.get('retry-after')).toBeNull();
      expect(await response.json()).toEqual({
        error: 'server_error',
        error_description:
          'the service cannot check tokens: the broker refused its introspection API key (a set-up error on this service)',
      });
      expect(seen).toEqual([
        expect.objectContaining({
          outcome: 'refused',
          status: 500,
          code: 'ERR_INTROSPECTION_REFUSED',
          reason: expect.stringMatching(/refused the introspection API key \(HTTP 401\)/),
        }),
      ]);
    } finally {
      await wrong.close();
    }
  });

  it('refuses two Authorization headers with 400, and a non-Bearer one with the bare challenge', async () => {
    const resource = protectedResource(guardOptions());
    expect(await resource.check([`Bearer ${readToken}`, 'Bearer other'], ['read'])).toMatchObject({
      ok: false,
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await resource.check('Basic dXNlcjpwYXNz', [])).toMatchObject({
      ok: false,
      status: 401,
      headers: { 'www-authenticate': `Bearer resource_metadata="${METADATA_URL}"` },
    });
  });

  it('refuses a resource URL with a query or fragment, or not http(s), when it is set up', () => {
    for (const resource of ['https://x.example.com/mcp?a=1', 'https://x.example.com/mcp#x', 'stint:tools', 'tools'])
      expect(() => protectedResource({ resource, issuer: stack.url }), resource).toThrow(
        expect.objectContaining({ code: 'ERR_VERIFY_CONFIG' }),
      );
    expect(protectedResource({ resource: 'https://x.example.com', issuer: stack.url }).metadataUrl).toBe(
      'https://x.example.com/.well-known/oauth-protected-resource',
    );
  });

  it('logs who called and the answer through onAccess, never the token in any form', () => {
    expect(records.some((r) => r.outcome === 'allowed' && r.project === 'tools' && r.ci?.run_id)).toBe(true);
    expect(records.some((r) => r.status === 403 && r.code === 'ERR_TOKEN_SCOPE' && r.jti)).toBe(true);
    const text = JSON.stringify(records);
    expectNoSecret(text, readToken, 'the read token');
    expectNoSecret(text, warehouseToken, 'the warehouse token');
    expectNoSecret(text, apiKey, 'the API key');
  });
});

describe('mcpToolScopes', () => {
  it('needs the scopes of the tool a tools/call names, in a message or a batch, plus the base', () => {
    const scopes = mcpToolScopes({ query: ['read'], deploy: ['deploy'] }, ['mcp']);
    const call = (name: string) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name } });
    expect(scopes(call('deploy'))).toEqual(['mcp', 'deploy']);
    expect(scopes([call('query'), call('deploy')])).toEqual(['mcp', 'read', 'deploy']);
    expect(scopes({ jsonrpc: '2.0', id: 1, method: 'tools/list' })).toEqual(['mcp']);
    expect(scopes(call('__proto__'))).toEqual(['mcp']);
    for (const unparsed of [undefined, JSON.stringify(call('deploy')), Buffer.from(JSON.stringify(call('deploy')))])
      expect(() => scopes(unparsed)).toThrow(
        expect.objectContaining({ code: 'ERR_VERIFY_CONFIG', message: expect.stringMatching(/preHandler/) }),
      );
  });

  it('a guard placed before the body is parsed fails closed: a read token never runs the deploy tool', async () => {
    const scopesOf = mcpToolScopes({ query: ['read'], deploy: ['deploy'] });
    const resource = protectedResource(guardOptions());
    const ran: string[] = [];
    const deployCall = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'deploy' } });
    const post = (url: string) =>
      fetch(`${url}/mcp`, {
        method: 'POST',
        headers: { ...bearer(readToken), 'content-type': 'application/json' },
        body: deployCall,
      });
    const statuses: Record<string, number> = {};
    for (const hook of ['preHandler', 'onRequest'] as const) {
      const app = Fastify();
      app.decorateRequest('stint', null);
      app.post(
        '/mcp',
        { [hook]: resource.fastify((request) => scopesOf(request.body)) },
        async (request: { body?: unknown }) => {
          ran.push(`fastify ${hook}`);
          return request.body;
        },
      );
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        statuses[`fastify ${hook}`] = (await post(url)).status;
      } finally {
        await app.close();
      }
    }
    for (const order of ['json first', 'guard first'] as const) {
      const app = express();
      const guard = resource.express<express.Request>((req) => scopesOf(req.body));
      const handler = (_req: express.Request, res: express.Response) => {
        ran.push(`express ${order}`);
        res.json({ ran: true });
      };
      if (order === 'json first') app.post('/mcp', express.json(), guard, handler);
      else app.post('/mcp', guard, express.json(), handler);
      const server = await new Promise<Server>((done) => {
        const listening = app.listen(0, '127.0.0.1', () => done(listening));
      });
      try {
        statuses[`express ${order}`] = (
          await post(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
        ).status;
      } finally {
        await new Promise((done) => server.close(done));
      }
    }
    expect(statuses).toEqual({
      'fastify preHandler': 403,
      'fastify onRequest': 500,
      'express json first': 403,
      'express guard first': 500,
    });
    expect(ran).toEqual([]);
  });
});
