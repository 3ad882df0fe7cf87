import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, httpRequest } from '../src/lib/http.js';
import { isRetryableHttpError } from '../src/lib/retry.js';

/**
 * The one outbound HTTP client (src/lib/http.ts) against a real server on 127.0.0.1 that
 * misbehaves on purpose: the deadline, the size cap (declared and streamed), the redirect rule,
 * and whether a failed request may have reached the server. (mTLS: test/signing/request-mtls-oauth2.)
 */
let server: Server;
let base: string;
const sockets = new Set<Socket>();
const seen: Array<{ url: string; method: string; body: string; headers: IncomingMessage['headers'] }> = [];

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/echo': (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', method: req.method ?? '', body, headers: req.headers });
      res.writeHead(201, { 'content-type': 'text/plain', 'x-twice': ['a', 'b'] }).end(`got ${body}`);
    });
  },
  '/declared-big': (_req, res) => {
    res.writeHead(200, { 'content-length': String(2 * 1024 * 1024) });
    res.write('x'.repeat(1024));
  },
  '/streamed-big': (_req, res) => {
    res.writeHead(200);
    const chunk = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 20; i++) res.write(chunk);
    res.end();
  },
  '/slow': () => {
    // Never answers.
  },
  '/trickle': (_req, res) => {
    res.writeHead(200);
    res.write('a');
  },
  '/redirect': (_req, res) => {
    res.writeHead(302, { location: 'https://elsewhere.example/steal?token=secret' }).end();
  },
  '/broken': (req) => {
    req.socket.destroy();
  },
};

beforeAll(async () => {
  server = createServer((req, res) =>
    (routes[new URL(req.url ?? '/', 'http://x').pathname] ?? routes['/echo']!)(req, res),
  );
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}

describe('httpRequest', () => {
  it('sends method, headers and body byte for byte, and reads status, headers and body', async () => {
    const answer = await httpRequest({
      url: `${base}/echo?q=1`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-one': '1' },
      body: '{"a":"ü"}',
    });
    expect(answer.status).toBe(201);
    expect(answer.text()).toBe('got {"a":"ü"}');
    expect(answer.header('Content-Type')).toBe('text/plain');
    expect(answer.header('x-twice')).toBe('a, b');
    expect(answer.header('x-missing')).toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ url: '/echo?q=1', method: 'POST', body: '{"a":"ü"}' });
    expect(seen.at(-1)!.headers['x-one']).toBe('1');
  });

  it('caps the answer: a declared length over the cap, and a streamed body that grows past it', async () => {
    for (const path of ['/declared-big', '/streamed-big']) {
      const error = await failure(httpRequest({ url: `${base}${path}`, maxResponseBytes: 1024 * 1024 }));
      expect(error).toMatchObject({
        kind: 'too-large',
        status: 200,
        reason: 'the answer is larger than 1048576 bytes',
      });
      expect(isRetryableHttpError(error)).toBe(false);
    }
    // The same answer under a higher cap is read whole.
    expect((await httpRequest({ url: `${base}/streamed-big`, maxResponseBytes: 2 * 1024 * 1024 })).body.length).toBe(
      20 * 64 * 1024,
    );
  });

  it('gives up at the deadline, whether no answer starts or one trickles, and on the caller signal', async () => {
    for (const path of ['/slow', '/trickle']) {
      const started = Date.now();
      const error = await failure(httpRequest({ url: `${base}${path}`, timeoutMs: 300 }));
      expect(error).toMatchObject({ kind: 'timeout', sent: true, reason: 'no answer in time (timeout)' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(isRetryableHttpError(error)).toBe(true);
    }
    const error = await failure(httpRequest({ url: `${base}/slow`, signal: AbortSignal.timeout(200) }));
    expect(error.kind).toBe('timeout');
  });

  it('refuses a redirect without following it, naming only the origin; stint request can ask to get it back', async () => {
    const before = seen.length;
    const error = await failure(httpRequest({ url: `${base}/redirect` }));
    expect(error).toMatchObject({
      kind: 'redirect',
      status: 302,
      reason: 'redirected to https://elsewhere.example (redirects are not followed)',
    });
    expect(error.message).not.toContain('secret');
    expect(isRetryableHttpError(error)).toBe(false);
    const returned = await httpRequest({ url: `${base}/redirect`, redirect: 'return' });
    expect(returned.status).toBe(302);
    expect(returned.header('location')).toBe('https://elsewhere.example/steal?token=secret');
    expect(seen.length).toBe(before);
  });

  it('says whether a failed request may have reached the server (a single-use token may be resent only if not)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await failure(httpRequest({ url: `http://127.0.0.1:${port}/x`, method: 'POST', body: 'token' }));
    expect(refused).toMatchObject({ kind: 'network', reason: 'ECONNREFUSED', sent: false, code: 'ERR_HTTP_FAILED' });
    expect(refused.message).toBe(`POST http://127.0.0.1:${port}/x: ECONNREFUSED`);
    expect(isRetryableHttpError(refused)).toBe(true);

    const broken = await failure(httpRequest({ url: `${base}/broken`, method: 'POST', body: 'token' }));
    expect(broken).toMatchObject({ kind: 'network', sent: true });
  });

  it('never puts the query (which may carry a credential) in a message', async () => {
    const error = await failure(httpRequest({ url: `${base}/slow?access_token=hunter2`, timeoutMs: 100 }));
    expect(error.message).toBe(`GET ${base}/slow: no answer in time (timeout)`);
  });
});
