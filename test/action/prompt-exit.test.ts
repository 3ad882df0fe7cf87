/**
 * The action's steps end once their work is done, even when the broker (or a proxy in front of
 * it) answers and then keeps the connection open. The HTTP client asks for `Connection: close`
 * but a server need not honour it; a client that waits for the server to close would keep the
 * step (and the job) running after the token was revoked, for as long as the server holds on.
 * Checked with the built post step against a raw HTTP server on 127.0.0.1 that answers the
 * revocation and never closes a connection itself.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalJob, type LocalJob, runActionStep } from '../../src/demo/local-runner.js';
import { ROOT, requireBuilt } from './harness.js';

let server: ReturnType<typeof createServer>;
let url: string;
const sockets = new Set<Socket>();
const requests: string[] = [];
let job: LocalJob;

beforeAll(async () => {
  requireBuilt();
  server = createServer((socket) => {
    sockets.add(socket);
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received.slice(0, headEnd))?.[1] ?? 0);
      if (received.length < headEnd + 4 + length) return;
      requests.push(received.slice(0, received.indexOf('\r\n')));
      received = '';
      // Answered in full, and the connection left open: only the client can end it now.
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}',
      );
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
  job = createLocalJob();
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  job?.remove();
});

it('post revokes and exits while the broker still holds the connection open', async () => {
  job.state = {
    token: `eyJhbGciOiJFUzI1NiJ9.${Buffer.from('{"sub":"prompt-exit"}').toString('base64url')}.c2lnbmF0dXJlc2lnbmF0dXJl`,
    'broker-url': url,
    'expires-at': new Date(Date.now() + 600_000).toISOString(),
  };
  // The ceiling is far above what post takes on a loaded machine (well under a second); a post
  // that waits for the server to close is killed there, with no exit code.
  const post = await runActionStep(job, 'post', { actionRoot: ROOT, timeoutMs: 30_000 });
  expect(post.code, post.stdout + post.stderr).toBe(0);
  expect(requests).toEqual(['POST /oauth2/revoke HTTP/1.1']);
  expect(post.stdout).toMatch(/clean-up: token revoked/);
  expect(post.warnings).toEqual([]);
});
