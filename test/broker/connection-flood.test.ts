/**
 * Connection floods against a broker whose open-file limit is low (`ulimit -n 256`, so the
 * figures stay small): one address holding every connection it can open, and many addresses
 * together holding more than the limit allows.
 *
 * Before, nothing capped connections: one address took every descriptor (about 230 connections
 * of 256, kept open with a request every second), libuv met the failed accepts (EMFILE) by closing
 * every connection waiting, another client's exchange failed, and the log said nothing. Now one
 * address holds at most rate_limit.connections_per_address (here half of the 192 connections the
 * limit leaves room for: 96), its further connections are closed unread, counted, and logged
 * once; past 192 connections in all, new ones are closed at once and an error line says to raise
 * the limit, while the connections open are served; a trusted proxy is not counted.
 *
 * The flooding clients connect from other loopback addresses (127.0.0.2…), the served client
 * from 127.0.0.1; the broker listens on 127.0.0.1 only.
 */
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { type LogEntry, logEntries } from '../helpers/broker.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';
import { type Stack, startStack } from './stack.js';

/** Runs the broker with at most 256 open files (soft and hard: Node cannot raise it back). */
const LOW_LIMIT = ['bash', '-c', 'ulimit -n 256 && exec "$@"', 'bash'];

let stack: Stack | undefined;
let floods: Flood[] = [];
afterEach(async () => {
  for (const flood of floods) flood.stop();
  floods = [];
  await stack?.stop();
  stack = undefined;
});

/** A stack whose broker runs under LOW_LIMIT, stopped after the test. */
async function started(options: Parameters<typeof startStack>[0]): Promise<Stack> {
  stack = await startStack(options);
  return stack;
}

/** Polls `check` until it returns true (ceiling 60 s). */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** `promise`, or a failure naming `what` when it has not settled within 60 s (a ceiling: it never hangs the file). */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const ceiling = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} was not answered within 60 s`)), 60_000);
  });
  try {
    return await Promise.race([promise, ceiling]);
  } finally {
    clearTimeout(timer);
  }
}

interface Flood {
  /**
   * Connections the broker accepted and answered on, open or not since: a held connection the
   * broker closes later (idle past its keep-alive while this process or the broker stalled) still
   * counts, so the figure does not hang on timing.
   */
  accepted(): number;
  /** Connections the broker closed before answering anything. */
  closedUnread(): number;
  /** Connections opened and not yet answered or closed. */
  pending(): number;
  /** Connections that got as far as writing a request: connected, and over TLS, past the handshake. */
  ready(): number;
  stop(): void;
}

/**
 * A connection to the broker at `url` from `localAddress`: plain TCP for http, TLS trusting `ca`
 * for https. `ready` is its event once requests can be written.
 */
function open(url: string, localAddress: string, ca?: string): { socket: Socket; ready: string } {
  const { protocol, hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port), localAddress });
  if (protocol === 'https:') return { socket: connectTls({ socket, host: hostname, ca }), ready: 'secureConnect' };
  return { socket, ready: 'connect' };
}

/**
 * Opens `count` connections to `url` from each address of `from`, each sending `GET /livez` and,
 * once answered, another every second (well inside the broker's 5 s keep-alive), so none goes
 * idle: a client holding connections for good.
 */
function flood(url: string, from: string[], count: number, ca?: string): Flood {
  const { hostname, port } = new URL(url);
  const request = `GET /livez HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`;
  const sockets: Array<{ socket: Socket; answered: boolean; waiting: boolean; closed: boolean; ready: boolean }> = [];
  for (const localAddress of from) {
    for (let i = 0; i < count; i++) {
      const { socket, ready } = open(url, localAddress, ca);
      const entry = { socket, answered: false, waiting: true, closed: false, ready: false };
      entry.socket.on(ready, () => {
        entry.ready = true;
        entry.socket.write(request);
      });
      entry.socket.on('data', () => {
        entry.answered = true;
        entry.waiting = false;
      });
      entry.socket.on('error', () => undefined);
      entry.socket.on('close', () => {
        entry.closed = true;
      });
      sockets.push(entry);
    }
  }
  const ping = setInterval(() => {
    for (const entry of sockets) {
      if (entry.closed || entry.waiting || !entry.answered) continue;
      entry.waiting = true;
      entry.socket.write(request);
    }
  }, 1_000);
  return {
    accepted: () => sockets.filter((e) => e.answered).length,
    closedUnread: () => sockets.filter((e) => !e.answered && e.closed).length,
    pending: () => sockets.filter((e) => !e.answered && !e.closed).length,
    ready: () => sockets.filter((e) => e.ready).length,
    stop() {
      clearInterval(ping);
      for (const entry of sockets) entry.socket.destroy();
    },
  };
}

/** The whole answer to `GET path` on a new connection from `localAddress` ('' when the broker closes it unanswered). */
function get(url: string, path: string, localAddress: string, ca?: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    let text = '';
    const { socket, ready } = open(url, localAddress, ca);
    socket.on(ready, () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`),
    );
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => done(text));
  });
}

/** Whether a new connection from `localAddress` gets `GET /livez` answered 200 (false when the broker closes it). */
async function answersFrom(url: string, localAddress: string, ca?: string): Promise<boolean> {
  return (await get(url, '/livez', localAddress, ca)).startsWith('HTTP/1.1 200 ');
}

async function metric(url: string, sample: string, ca?: string): Promise<number> {
  const text = await get(url, '/metrics', '127.0.0.1', ca);
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? Number.NaN : Number(line.slice(sample.length + 1));
}

const coded = (s: Stack, code: string): LogEntry[] => logEntries(s.broker.stdout()).filter((e) => e.code === code);

describe('a connection flood under a low open-file limit', () => {
  it('from one address: the broker caps it at 96 connections, logs it once, and serves everyone else', async () => {
    const s = await started({ launcher: LOW_LIMIT });
    const one = flood(s.url, ['127.0.0.2'], 300);
    floods.push(one);
    // Settled: every connection answered or closed by the broker.
    await until(() => one.pending() === 0, 'every flood connection to be answered or closed');

    // Another client: a first exchange (the broker fetches the issuer's keys, writes the audit log),
    // and the probes. Before, with every descriptor taken, the exchange was never answered and
    // /livez was reset.
    const token = await s.idToken();
    const exchanged = await within(s.exchange({ token, project: 'warehouse' }), 'the exchange');
    expect(exchanged.status).toBe(200);
    expect((await within(fetch(`${s.url}/livez`), '/livez')).status).toBe(200);
    expect((await within(fetch(`${s.url}/readyz`), '/readyz')).status).toBe(200);
    expect(one.accepted()).toBe(96);
    expect(one.closedUnread()).toBe(204);
    expect(await metric(s.url, 'stint_connections_refused_total{reason="per_address"}')).toBe(204);

    // Said once for the address, however many connections were refused; nothing about the open-file limit.
    const warned = coded(s, 'WARN_CONNECTIONS_PER_ADDRESS');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 'warn', client_address: '127.0.0.2' });
    expect(warned[0]!.msg).toContain('rate_limit.connections_per_address is 256, lowered to half of the 192');
    expect(coded(s, 'ERR_OPEN_FILE_LIMIT')).toEqual([]);

    // The flood over, the address gets its connections back.
    one.stop();
    await until(() => answersFrom(s.url, '127.0.0.2'), 'a new connection from 127.0.0.2 to be answered');
  });

  it('from many addresses: past the open-file limit new connections are closed, the open ones served, and it says to raise the limit', async () => {
    const s = await started({ launcher: LOW_LIMIT });
    const { hostname, port } = new URL(s.url);
    // A connection open before the flood, with an exchange half sent: its body is finished during the flood.
    const body = JSON.stringify({ token: await s.idToken(), project: 'warehouse' });
    const open = await new Promise<Socket>((done, fail) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => done(socket));
      socket.once('error', fail);
    });
    let answer = '';
    open.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const half = Math.floor(body.length / 2);
    open.write(
      `POST /auth/oidc/exchange HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
    );

    // Five addresses, 60 connections each (each under its cap of 96): 300 in all, past the 192 the limit leaves room for.
    const many = flood(s.url, ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'], 60);
    floods.push(many);
    await until(() => many.pending() === 0, 'every flood connection to be answered or closed');
    await until(() => coded(s, 'ERR_OPEN_FILE_LIMIT').length > 0, 'the open-file limit to be logged');
    // 192 connections: the flood's and the one opened before.
    expect(many.accepted()).toBe(191);
    expect(many.closedUnread()).toBe(109);

    // The exchange in flight on the connection opened before is answered.
    open.write(body.slice(half));
    await until(() => answer.includes('\r\n\r\n{'), 'the answer to the exchange sent before the flood');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"access_token"');
    // And so is the next request on it: the open-file refusals, counted.
    answer = '';
    open.write(`GET /metrics HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
    await until(() => answer.includes('stint_connections_refused_total{reason="open_files"}'), 'the metrics');
    expect(answer).toContain('stint_connections_refused_total{reason="open_files"} 109');
    open.destroy();

    const errors = coded(s, 'ERR_OPEN_FILE_LIMIT');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 'error' });
    expect(errors[0]!.msg).toContain(
      'the broker holds 192 connections, the most its open-file limit allows (256 files',
    );
    expect(errors[0]!.msg).toContain('ulimit -n, LimitNOFILE= in the systemd unit');
    expect(coded(s, 'WARN_CONNECTIONS_PER_ADDRESS')).toEqual([]);

    // The flood over, the broker accepts again.
    many.stop();
    await until(() => answersFrom(s.url, '127.0.0.1'), 'the broker to accept again');
    expect((await s.exchange({ token: await s.idToken(), project: 'warehouse' })).status).toBe(200);
  });

  it('from a trusted proxy: its connections are not capped', async () => {
    const s = await started({ launcher: LOW_LIMIT, extraConfig: 'trust_proxy: [127.0.0.7]\n' });
    const proxy = flood(s.url, ['127.0.0.7'], 150);
    floods.push(proxy);
    await until(() => proxy.pending() === 0, 'every proxy connection to be answered or closed');
    expect(proxy.accepted()).toBe(150);
    expect(coded(s, 'WARN_CONNECTIONS_PER_ADDRESS')).toEqual([]);
    expect(await metric(s.url, 'stint_connections_refused_total{reason="per_address"}')).toBe(0);
  });
});

describe('a connection flood over TLS', () => {
  it('from one address: capped at 96 before any handshake, and another address completes its handshake and is served', async () => {
    const { cert, key } = selfSignedCertificate({ days: 1 });
    const s = await started({
      launcher: LOW_LIMIT,
      args: ['--tls-cert', 'tls/cert.pem', '--tls-key', 'tls/key.pem'],
      files: { 'tls/cert.pem': cert, 'tls/key.pem': key },
    });
    expect(s.url).toMatch(/^https:/);
    const one = flood(s.url, ['127.0.0.2'], 300, cert);
    floods.push(one);
    await until(() => one.pending() === 0, 'every flood connection to be answered or closed');
    expect(one.accepted()).toBe(96);
    expect(one.closedUnread()).toBe(204);
    // Refused before the handshake: the broker spent no TLS work on them.
    expect(one.ready()).toBe(96);

    expect(await within(answersFrom(s.url, '127.0.0.1', cert), '/livez over TLS from 127.0.0.1')).toBe(true);
    expect(await metric(s.url, 'stint_connections_refused_total{reason="per_address"}', cert)).toBe(204);
    const warned = coded(s, 'WARN_CONNECTIONS_PER_ADDRESS');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 'warn', client_address: '127.0.0.2' });

    one.stop();
    await until(() => answersFrom(s.url, '127.0.0.2', cert), 'a new TLS connection from 127.0.0.2 to be answered');
  });
});
