/**
 * A body over the limit is refused with 413, and the client gets to read that answer (issue 14
 * item 21): the broker answers, sends a FIN, and reads and discards what is still arriving for a
 * bounded while (as nginx's lingering close does) instead of closing a socket with unread data,
 * which makes the kernel reset the connection and a client that sends its whole body before it
 * reads (curl, Python's requests) sees EPIPE.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logEntries } from '../helpers/broker.js';
import { openSocket, type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const open = (): Promise<Socket> => openSocket(stack.url);

/** Writes `data`; resolves with the write's error, if any. */
function write(socket: Socket, data: Buffer | string): Promise<Error | undefined> {
  return new Promise((done) => socket.write(data, (error) => done(error ?? undefined)));
}

/** Everything the server sends until it ends the connection (or resets it: then the error too). */
function readAll(socket: Socket): Promise<{ text: string; error?: string }> {
  return new Promise((done) => {
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.once('end', () => done({ text }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ text, error: error.code ?? error.message }));
  });
}

function expect413(text: string): void {
  const [head, body] = text.split('\r\n\r\n');
  expect(head).toMatch(/^HTTP\/1\.1 413 /);
  expect(head!.toLowerCase()).toContain('connection: close');
  expect(JSON.parse(body!)).toMatchObject({
    error: 'invalid_request',
    error_description: 'request body is larger than 64 KiB',
  });
}

const FOUR_MIB = Buffer.alloc(4 * 1024 * 1024, 'a');

describe('a body over the limit', () => {
  it('4 MiB with Content-Length and no Expect: the whole body is written, then the client reads the 413 and a clean end', async () => {
    const socket = await open();
    const answer = readAll(socket);
    socket.pause(); // read only after the body is sent, as curl and Python's requests do
    const head = `POST /auth/oidc/exchange HTTP/1.1\r\nhost: broker\r\ncontent-type: application/json\r\ncontent-length: ${FOUR_MIB.length}\r\n\r\n`;
    expect(await write(socket, Buffer.concat([Buffer.from(head), FOUR_MIB]))).toBeUndefined();
    socket.resume();
    const { text, error } = await answer;
    expect(error).toBeUndefined();
    expect413(text);
    socket.destroy();
  });

  it('4 MiB chunked (no Content-Length): refused as it grows past the limit, with the same clean ending', async () => {
    const socket = await open();
    const answer = readAll(socket);
    socket.pause();
    const head =
      'POST /oauth2/token HTTP/1.1\r\nhost: broker\r\ncontent-type: application/x-www-form-urlencoded\r\ntransfer-encoding: chunked\r\n\r\n';
    const chunked = Buffer.concat([
      Buffer.from(head),
      Buffer.from(`${FOUR_MIB.length.toString(16)}\r\n`),
      FOUR_MIB,
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
    expect(await write(socket, chunked)).toBeUndefined();
    socket.resume();
    const { text, error } = await answer;
    expect(error).toBeUndefined();
    expect413(text);
    socket.destroy();
  });

  it('a client that never stops sending reads the 413 and is cut off after a bounded drain', async () => {
    const socket = await open();
    const answer = readAll(socket);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    await write(
      socket,
      `POST /auth/oidc/exchange HTTP/1.1\r\nhost: broker\r\ncontent-type: application/json\r\ncontent-length: ${2 ** 40}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    let open_ = true;
    void closed.then(() => (open_ = false));
    // Write until the broker ends it; 1 GiB is the test's own ceiling, far above the broker's.
    while (open_ && written < 2 ** 30) {
      if ((await write(socket, chunk)) !== undefined) break;
      written += chunk.length;
    }
    const { text } = await answer;
    expect413(text);
    expect(written).toBeLessThan(2 ** 30);
    socket.destroy();
  });
});

describe('bodies the broker does not read as sent', () => {
  it('an upload the client abandons is a 400 of its own making: audited as denied, no error line, no status in the access line', async () => {
    for (const path of ['/auth/oidc/exchange', '/oauth2/token']) {
      const socket = await open();
      const closed = new Promise<void>((done) => socket.once('close', () => done()));
      await write(
        socket,
        `POST ${path} HTTP/1.1\r\nhost: broker\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"tok`,
      );
      socket.destroy();
      await closed;
    }
    await vi.waitFor(
      () => {
        const abandoned = logEntries(stack.broker.output()).filter((e) => e.msg === 'request' && e.aborted === true);
        expect(abandoned.map((e) => e.route).sort()).toEqual(['/auth/oidc/exchange', '/oauth2/token']);
        for (const line of abandoned) expect(line.status).toBeNull();
        const audited = stack
          .auditText()
          .split('\n')
          .filter((line) => line.includes('ERR_BODY_INCOMPLETE'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(audited).toHaveLength(2);
        for (const event of audited) expect(event.outcome).toBe('denied');
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(logEntries(stack.broker.output()).filter((e) => e.level === 'error')).toEqual([]);
  });

  it('a compressed body is 415, naming the coding; one merely labelled compressed is refused too', async () => {
    const { gzipSync } = await import('node:zlib');
    const json = JSON.stringify({ token: await stack.idToken(), project: 'warehouse' });
    for (const [coding, body] of [
      ['gzip', gzipSync(json)],
      ['br', Buffer.from(json)],
    ] as const) {
      const response = await fetch(`${stack.url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': coding },
        body,
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({
        error: 'invalid_request',
        error_description: expect.stringContaining(`content-encoding '${coding}'`),
      });
    }
  });

  it('HEAD is GET without the body on every GET endpoint, and Allow names it', async () => {
    for (const path of ['/livez', '/.well-known/jwks.json', '/.well-known/openid-configuration', '/metrics']) {
      const get = await fetch(`${stack.url}${path}`);
      const head = await fetch(`${stack.url}${path}`, { method: 'HEAD' });
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'));
      expect(await head.text(), path).toBe('');
    }
    const put = await fetch(`${stack.url}/livez`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
  });
});
