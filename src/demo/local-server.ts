import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';

/** What a demo server answers: a status and a short text or JSON body. */
export interface Answer {
  status: number;
  body: string | object;
  headers?: Record<string, string>;
}

export type Handler = (req: IncomingMessage, body: Buffer, url: URL) => Promise<Answer> | Answer;

export interface LocalServer {
  /** http(s)://127.0.0.1:PORT */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An HTTP (or, with `tls`, HTTPS) server on 127.0.0.1 and a free port that reads each request's
 * body whole and answers what `handler` returns. A handler error becomes a 500 with its message
 * (the demo's handlers never put a secret in one). `close()` drops open connections too.
 */
export async function startLocalServer(handler: Handler, tls?: ServerOptions): Promise<LocalServer> {
  const listener = (req: IncomingMessage, res: import('node:http').ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      Promise.resolve()
        .then(() =>
          size > MAX_BODY_BYTES ? { status: 413, body: 'too large' } : handler(req, Buffer.concat(chunks), url),
        )
        .catch((error: unknown) => ({ status: 500, body: `error: ${(error as Error).message}` }))
        .then((answer: Answer) => {
          const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
          const type = typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
          res.writeHead(answer.status, {
            'content-type': type,
            'content-length': Buffer.byteLength(text),
            ...answer.headers,
          });
          res.end(text);
        });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The credentials of `Authorization: Bearer …`. */
export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}
