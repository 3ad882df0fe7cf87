/**
 * The receiving side as docs/signing.md sets it up, on real Express 5 and Fastify 5 servers on
 * 127.0.0.1 with the built `stint/verify` bundle (dist/verify), and the built CLI's `stint request`
 * as the sender (review of stint/verify, December, M1, L2, L3):
 * - `stint request` sends no Content-Type unless given one, and the documented
 *   `express.raw({ type: 'application/json' })` left `req.body` undefined: a valid delivery was a
 *   500 ERR_VERIFY_CONFIG. The documented set-up is now `express.raw({ type: () => true })`.
 * - a signed GET or DELETE (the default http-signature profile covers Content-Digest of the empty
 *   body) has no body for Express or Fastify to read: it was a 500, and is now verified, the
 *   undefined body being the empty one when the headers say the request has none.
 * - an unsigned request was a 500 (the "set-up bug" alarm) when its body was not what the route
 *   parses: now ERR_SIGNATURE_MISSING, as the signature headers are looked for first.
 * - an ArrayBuffer (`await request.arrayBuffer()`) was refused as "a parsed body".
 * What must still fail closed does: a body that is there and was not read stays ERR_VERIFY_CONFIG.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const BUNDLE = pathToFileURL(resolve(import.meta.dirname, '../../dist/verify/index.js')).href;
type Verify = typeof import('../../src/verify/index.js');

const SECRETS = { GH_SECRET: 'gh-webhook-secret-raw-body', HS_SECRET: 'http-signature-shared-secret-raw-body' };
const BODY = '{"deploy":"main"}\n';

let verify: Verify;
let dir: string;
let expressServer: Server;
let expressUrl: string;
let fastify: FastifyInstance;
let fastifyUrl: string;

/** What a receiver answers: 200 with what verified, 401 for a refusal, 500 for ERR_VERIFY_CONFIG (a set-up bug). */
function answer(error: unknown): { status: number; body: { code?: string; message?: string } } {
  const { code, message } = error as { code?: string; message?: string };
  return { status: code === 'ERR_VERIFY_CONFIG' ? 500 : 401, body: { code, message } };
}

beforeAll(async () => {
  verify = (await import(BUNDLE)) as Verify;
  const { verifyHmacWebhook, verifyHttpSignature } = verify;
  dir = mkdtempSync(join(tmpdir(), 'stint-raw-body-'));
  writeFileSync(
    join(dir, 'signing.yml'),
    `signing:
  gh: { type: hmac, format: github, secret_env: GH_SECRET }
  hs: { type: http-signature, alg: hmac-sha256, keyid: ci-h, secret_env: HS_SECRET }
`,
  );
  writeFileSync(join(dir, 'payload.json'), BODY);
  const keys = { 'ci-h': { alg: 'hmac-sha256' as const, key: SECRETS.HS_SECRET } };

  // Express, as docs/signing.md "The receiving side" sets it up: the raw bytes whatever the type.
  const app = express();
  const hook = (req: express.Request, res: express.Response) => {
    try {
      verifyHmacWebhook({ format: 'github', secrets: [SECRETS.GH_SECRET], headers: req.headers, body: req.body });
      res.json({ ok: true, bytes: Buffer.isBuffer(req.body) ? req.body.length : 0 });
    } catch (error) {
      const { status, body } = answer(error);
      res.status(status).json(body);
    }
  };
  const api = async (req: express.Request, res: express.Response) => {
    try {
      const url = `http://${req.headers.host}${req.originalUrl}`;
      await verifyHttpSignature({ method: req.method, url, headers: req.headers, body: req.body, keys });
      res.json({ ok: true, method: req.method });
    } catch (error) {
      const { status, body } = answer(error);
      res.status(status).json(body);
    }
  };
  app.post('/hook', express.raw({ type: () => true }), hook);
  app.all('/api', express.raw({ type: () => true }), api);
  // What docs/signing.md said before, and what a receiver may still have: a type that only some requests match.
  app.post('/hook-json-only', express.raw({ type: 'application/json' }), hook);
  app.post('/api-json-only', express.raw({ type: 'application/json' }), api);
  app.post('/api-parsed', express.json(), api);
  expressServer = app.listen(0, '127.0.0.1');
  await new Promise((done) => expressServer.once('listening', done));
  expressUrl = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}`;

  // Fastify, as docs/signing.md's recipe: in a plugin of its own, every type read as bytes.
  fastify = Fastify();
  await fastify.register(async (signed) => {
    signed.removeAllContentTypeParsers();
    signed.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    signed.post('/hook', async (request, reply) => {
      try {
        verifyHmacWebhook({
          format: 'github',
          secrets: [SECRETS.GH_SECRET],
          headers: request.headers,
          body: request.body as Buffer | undefined,
        });
        return { ok: true };
      } catch (error) {
        const { status, body } = answer(error);
        return reply.code(status).send(body);
      }
    });
    signed.route({
      method: ['GET', 'POST', 'DELETE'],
      url: '/api',
      handler: async (request, reply) => {
        try {
          const url = `http://${request.headers.host}${request.url}`;
          const body = request.body as Buffer | undefined;
          await verifyHttpSignature({ method: request.method, url, headers: request.headers, body, keys });
          return { ok: true, method: request.method };
        } catch (error) {
          const { status, body } = answer(error);
          return reply.code(status).send(body);
        }
      },
    });
  });
  // A route outside the plugin keeps Fastify's own parsers: the raw-bytes set-up stays where it is put.
  fastify.post('/parsed', async (request) => ({ type: Buffer.isBuffer(request.body) ? 'bytes' : typeof request.body }));
  fastifyUrl = await fastify.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
  await new Promise((done) => expressServer?.close(done));
  await fastify?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `stint request PROFILE METHOD URL …` as a CI step runs it: exit code and the response body it printed. */
async function request(profile: string, method: string, url: string, ...extra: string[]) {
  const result = await runCli(['request', profile, method, url, '--config', 'signing.yml', ...extra], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, ...SECRETS },
  });
  let body: unknown = result.stdout;
  try {
    body = JSON.parse(result.stdout);
  } catch {
    // not JSON: kept as printed
  }
  return { code: result.code, body };
}

describe.each([
  ['Express, express.raw({ type: () => true })', () => expressUrl],
  ['Fastify, every type parsed as a buffer', () => fastifyUrl],
])('%s, with stint request as the sender', (_name, base) => {
  it('a webhook with no Content-Type (what stint request sends unless told), or JSON, or text, verifies', async () => {
    for (const header of [[], ['--header', 'Content-Type: application/json'], ['--header', 'Content-Type: text/plain']])
      expect(
        await request('gh', 'POST', `${base()}/hook`, '--body-file', 'payload.json', ...header),
        header.join(' '),
      ).toEqual({
        code: 0,
        body: expect.objectContaining({ ok: true }),
      });
  });

  it('a signed GET or DELETE (Content-Digest of the empty body, no body to read) verifies; so does a POST', async () => {
    for (const method of ['GET', 'DELETE'])
      expect(await request('hs', method, `${base()}/api`), method).toEqual({ code: 0, body: { ok: true, method } });
    expect(await request('hs', 'POST', `${base()}/api`, '--body-file', 'payload.json')).toEqual({
      code: 0,
      body: { ok: true, method: 'POST' },
    });
  });

  it('an unsigned request is 401 ERR_SIGNATURE_MISSING, whatever its body', async () => {
    for (const path of ['/hook', '/api']) {
      const response = await fetch(`${base()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      expect({ status: response.status, code: ((await response.json()) as { code: string }).code }, path).toEqual({
        status: 401,
        code: 'ERR_SIGNATURE_MISSING',
      });
    }
  });
});

describe('Express routes that read only some requests (express.raw with a narrower type, express.json)', () => {
  it('an unsigned request whose body the route does not read is 401 ERR_SIGNATURE_MISSING, never the set-up alarm', async () => {
    const cases: Array<[string, string, string]> = [
      ['/hook-json-only', 'text/plain', 'x'],
      ['/api-json-only', 'text/plain', 'x'],
      ['/api-parsed', 'application/json', '{"a":1}'],
    ];
    for (const [path, type, body] of cases) {
      const response = await fetch(`${expressUrl}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
      expect({ status: response.status, code: ((await response.json()) as { code: string }).code }, path).toEqual({
        status: 401,
        code: 'ERR_SIGNATURE_MISSING',
      });
    }
  });

  it('a signed request whose body was left unread is still ERR_VERIFY_CONFIG (500), naming what came and the fix', async () => {
    const hook = await request('gh', 'POST', `${expressUrl}/hook-json-only`, '--body-file', 'payload.json');
    expect(hook).toEqual({
      code: 1,
      body: {
        code: 'ERR_VERIFY_CONFIG',
        message: `verifyHmacWebhook: body is undefined, but the request has one (Content-Length "${BODY.length}") that nothing read; pass the raw bytes as received, e.g. from express.raw({ type: () => true }) on the route (with a narrower type, a request of another Content-Type leaves req.body undefined), or the bytes read from the request`,
      },
    });
    const api = await request(
      'hs',
      'POST',
      `${expressUrl}/api-json-only`,
      '--body-file',
      'payload.json',
      '--header',
      'Content-Type: text/plain',
    );
    expect(api).toEqual({
      code: 1,
      body: {
        code: 'ERR_VERIFY_CONFIG',
        message: expect.stringMatching(
          /^verifyHttpSignature: body is undefined, but the request has one \(Content-Length "18", Content-Type "text\/plain"\) that nothing read; .* \(it is needed to check Content-Digest\)$/,
        ),
      },
    });
    const parsed = await request(
      'hs',
      'POST',
      `${expressUrl}/api-parsed`,
      '--body-file',
      'payload.json',
      '--header',
      'Content-Type: application/json',
    );
    expect(parsed).toEqual({
      code: 1,
      body: {
        code: 'ERR_VERIFY_CONFIG',
        message:
          'verifyHttpSignature: body must be the raw bytes as received (a Buffer, ArrayBuffer or string), got an object (a parsed body, such as req.body after express.json()?); pass the raw body, e.g. from express.raw({ type: () => true }), or the bytes read from the request',
      },
    });
  });
});

describe('the Fastify recipe stays inside its plugin', () => {
  it("a route outside it keeps Fastify's parsers (JSON parsed to an object)", async () => {
    const response = await fetch(`${fastifyUrl}/parsed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(await response.json()).toEqual({ type: 'object' });
  });
});

describe('bodies given to the verifiers directly', () => {
  async function signedHeaders(profile: string, method: string, url: string, ...extra: string[]) {
    const result = await runCli(
      ['sign', profile, '--config', 'signing.yml', '--method', method, '--url', url, '--format', 'json', ...extra],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir, ...SECRETS },
      },
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    return (JSON.parse(result.stdout) as { headers: Record<string, string> }).headers;
  }

  it("a fetch Request's arrayBuffer() verifies (a web server's raw bytes), and so does a Uint8Array", async () => {
    const url = 'https://hooks.example.com/deploy';
    const headers = await signedHeaders('gh', 'POST', url, '--body-file', 'payload.json');
    const received = new Request(url, { method: 'POST', headers, body: BODY });
    expect(
      verify.verifyHmacWebhook({
        format: 'github',
        secrets: [SECRETS.GH_SECRET],
        headers: received.headers,
        body: await received.arrayBuffer(),
      }),
    ).toEqual({ secretIndex: 0 });
    expect(
      verify.verifyHmacWebhook({
        format: 'github',
        secrets: [SECRETS.GH_SECRET],
        headers,
        body: new TextEncoder().encode(BODY),
      }),
    ).toEqual({ secretIndex: 0 });
  });

  it('undefined is the empty body only where the headers say so: not over HTTP/2 without Content-Length, nor for fetch Headers', async () => {
    const url = 'https://api.example.com/api';
    const headers = await signedHeaders('hs', 'GET', url);
    const keys = { 'ci-h': { alg: 'hmac-sha256' as const, key: SECRETS.HS_SECRET } };
    const check = (given: Record<string, string> | Headers) =>
      verify.verifyHttpSignature({ method: 'GET', url, headers: given, keys }).then(
        () => 'verified',
        (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
      );
    expect(await check(headers)).toBe('verified');
    expect(await check({ ...headers, 'content-length': '0' })).toBe('verified');
    expect(await check(new Headers({ ...headers, 'content-length': '0' }))).toBe('verified');
    // A body that nothing read: its bytes are unknown, so the digest cannot be checked.
    const unread = /^ERR_VERIFY_CONFIG: verifyHttpSignature: body is undefined, but the request has one/;
    expect(await check({ ...headers, 'content-length': '5' })).toMatch(unread);
    expect(await check({ ...headers, 'transfer-encoding': 'chunked' })).toMatch(unread);
    expect(await check({ ...headers, ':method': 'GET', ':path': '/api' })).toMatch(
      /\(HTTP\/2, or headers that do not say\)/,
    );
    expect(await check(new Headers(headers))).toMatch(/\(HTTP\/2, or headers that do not say\)/);
  });
});
