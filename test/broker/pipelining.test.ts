/**
 * HTTP/1.1 pipelining: requests sent back to back on one connection are answered in order, and a
 * request pipelined behind one the broker answers with `Connection: close` is never run. Node
 * parses and dispatches every pipelined request at once, while their answers queue for the
 * socket; a refusal before the body is read closes the connection, and the answers queued behind
 * it never get the socket. The broker used to run those requests anyway (an exchange spent its ID
 * token and wrote its audit line, and no answer left) and counted them in flight for good: a few
 * MB of pipelined requests from one unauthenticated client held hundreds of MB, and every drain
 * reported them cut off. A request now starts only once its answer is next on the connection.
 */
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket, type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const open = (): Promise<Socket> => openSocket(stack.url);

/** Everything the broker sends on `socket` until it ends the connection, or until `enough` says so. */
function readUntil(socket: Socket, enough: (text: string) => boolean = () => false): Promise<string> {
  return new Promise((done) => {
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (enough(text)) done(text);
    });
    socket.once('close', () => done(text));
  });
}

// Answers follow each other with no newline between a body and the next status line.
const statusLines = (text: string): string[] => text.match(/HTTP\/1\.1 \d{3} /g) ?? [];

const host = (): string => new URL(stack.url).host;
const livez = (): string => `GET /livez HTTP/1.1\r\nHost: ${host()}\r\n\r\n`;
const post = (path: string, body: string, headers = ''): string =>
  `POST ${path} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`;

/** How the audit log names an ID token (`id_token_fingerprint`). */
function fingerprintOf(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`;
}

/** The gauge of requests in flight, read on a connection of its own (the /metrics request counts itself). */
async function inFlight(): Promise<number> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  return Number(/^stint_http_requests_in_flight (\d+)$/m.exec(text)![1]);
}

describe('pipelined requests', () => {
  it('on a keep-alive connection are all answered, in order', async () => {
    const socket = await open();
    const answers = readUntil(socket, (text) => statusLines(text).length === 20);
    socket.write(livez().repeat(20));
    const text = await answers;
    socket.destroy();
    expect(statusLines(text)).toEqual(Array(20).fill('HTTP/1.1 200 '));
    expect(await inFlight()).toBe(1);
  });

  it('more than 32 deep: the connection is cut, and what was behind the cut never runs', async () => {
    const idToken = await stack.idToken();
    const exchange = post('/auth/oidc/exchange', JSON.stringify({ token: idToken, project: 'warehouse' }));
    const socket = await open();
    const answers = readUntil(socket);
    // One write: whatever pieces it arrives in, one of them holds over 32 requests behind an answer
    // not yet sent, and the exchange at the end is behind the cut.
    socket.write(livez().repeat(2000) + exchange);
    const text = await answers;
    expect(statusLines(text).length).toBeLessThan(2000);
    expect(await inFlight()).toBe(1);
    expect(stack.auditText()).not.toContain(fingerprintOf(idToken));
    expect((await stack.exchange({ token: idToken, project: 'warehouse' })).status).toBe(200);
  });

  it('behind a refusal that closes the connection are never run: no exchange spent, nothing left in flight', async () => {
    const idToken = await stack.idToken();
    const exchange = JSON.stringify({ token: idToken, project: 'warehouse' });
    const socket = await open();
    const answers = readUntil(socket);
    // Introspection without credentials is refused before its body is read: Connection: close.
    socket.write(
      post('/oauth2/introspect', 'token=x').replace('application/json', 'application/x-www-form-urlencoded') +
        post('/auth/oidc/exchange', exchange) +
        livez().repeat(200),
    );
    const text = await answers;
    expect(statusLines(text)).toEqual(['HTTP/1.1 401 ']);
    expect(text.toLowerCase()).toContain('connection: close');

    expect(await inFlight()).toBe(1);
    // The exchange behind the refusal was not run: its ID token is unspent and has no audit line.
    expect(stack.auditText()).not.toContain(fingerprintOf(idToken));
    const retried = await stack.exchange({ token: idToken, project: 'warehouse' });
    expect(retried.status).toBe(200);

    // And a drain has nothing left to cut off.
    await stack.broker.stop();
    expect(stack.broker.output()).toMatch(/stint broker stopped/);
    expect(stack.broker.output()).not.toMatch(/cut off/);
  });
});
