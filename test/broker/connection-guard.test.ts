/**
 * The parts of the connection guard a flood through the CLI cannot reach on purpose: an accept
 * that fails with EMFILE all the same (libuv hands it to the server when it could not keep its
 * spare descriptor), which used to end the process (an 'error' event with no listener), and how
 * the open-file limit is read. connection-flood.test.ts runs the rest through `stint serve`.
 */
import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONNECTION_LOG_INTERVAL_MS,
  connectionCeiling,
  guardConnections,
  openFileLimit,
} from '../../src/broker/connection-guard.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server?.listening ? server.close(() => done()) : done()));
  server = undefined;
});

function recorder() {
  const lines: Array<{ level: string; fields: unknown; message: string }> = [];
  const at =
    (level: string) =>
    (fields: unknown, message?: string): void => {
      lines.push({ level, fields: message === undefined ? {} : fields, message: message ?? String(fields) });
    };
  const log = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, log: log as never };
}

describe('the connection guard', () => {
  it('logs a failed accept (EMFILE) once a minute and keeps listening', async () => {
    const { lines, log } = recorder();
    let t = 1_000_000;
    server = createServer((socket) => socket.end('hello\n'));
    guardConnections(server, {
      config: () => ({ connections_per_address: 256, trust_proxy: [] }),
      log,
      refused: () => undefined,
      openFileLimit: 256,
      now: () => t,
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const emfile = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE', syscall: 'accept' });
    server.emit('error', emfile);
    server.emit('error', emfile);
    t += CONNECTION_LOG_INTERVAL_MS - 1;
    server.emit('error', emfile);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', fields: { code: 'ERR_OPEN_FILE_LIMIT' } });
    expect(lines[0]!.message).toBe(
      "accepting connections failed with EMFILE: this process's open-file limit (256) is used up; connections waiting to be accepted were closed, those open are served; raise the limit (ulimit -n, LimitNOFILE= in the systemd unit, the container's nofile ulimit)",
    );
    t += 1;
    server.emit('error', Object.assign(new Error('accept ENFILE'), { code: 'ENFILE' }));
    expect(lines).toHaveLength(2);
    expect(lines[1]!.message).toContain("the system's open-file table (fs.file-max) is used up");
    expect(lines[1]!.message).toContain('sysctl fs.file-max');

    // Still listening: a new connection is served.
    const { port } = server.address() as { port: number };
    const answer = await new Promise<string>((done) => {
      let text = '';
      const socket = connect({ host: '127.0.0.1', port });
      socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => done(text));
    });
    expect(answer).toBe('hello\n');
  });

  it('sets no ceiling when the open-file limit is not known', () => {
    const { log } = recorder();
    server = createServer();
    const guard = guardConnections(server, {
      config: () => ({ connections_per_address: 300, trust_proxy: [] }),
      log,
      refused: () => undefined,
      openFileLimit: undefined,
    });
    expect(guard.ceiling).toBeUndefined();
    expect(server.maxConnections).toBeUndefined();
    expect(guard.perAddress()).toBe(300);
  });

  it('keeps a tenth of the open files (at least 64) for other things than connections', () => {
    expect(connectionCeiling(256)).toBe(192);
    expect(connectionCeiling(1024)).toBe(922);
    expect(connectionCeiling(65_536)).toBe(58_983);
    // A tiny limit: half of it still goes to connections.
    expect(connectionCeiling(100)).toBe(50);
  });

  it('reads the soft limit from /proc/self/limits, and nothing from what it cannot read', () => {
    const limits = [
      'Limit                     Soft Limit           Hard Limit           Units     ',
      'Max processes             63448                63448                processes ',
      'Max open files            4096                 524288               files     ',
    ].join('\n');
    expect(openFileLimit(() => limits)).toBe(4096);
    expect(openFileLimit(() => limits.replace('4096 ', 'unlimited'))).toBeUndefined();
    expect(
      openFileLimit(() => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });
});
