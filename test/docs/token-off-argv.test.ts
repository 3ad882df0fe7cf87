import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_FORM, ROOT, shippedFiles } from './secrets-off-argv.js';

/**
 * The documented way to send $STINT_TOKEN with curl, taken from the shipped files as they are,
 * run by sh (dash) and bash as a CI step runs it, against a server on 127.0.0.1 that holds the
 * request open. While curl runs, another user (nobody, when the tests run as root; else this
 * user, who can read no more than any other) reads /proc/<curl pid>/cmdline: the token must not
 * be in it, and the server must have got it. The form the docs used before is run the same way
 * and shows the token there, so the reading sees what it is meant to.
 */
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJwcm9qZWN0Ijoid2FyZWhvdXNlIn0.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ';
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

interface Held {
  authorization: string | undefined;
  method: string | undefined;
  release: () => void;
}
let server: Server;
let base: string;
let waiting: ((held: Held) => void) | undefined;
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    open.add(res);
    waiting?.({
      authorization: req.headers.authorization,
      method: req.method,
      release: () => {
        open.delete(res);
        res.end('ok\n');
      },
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of open) res.end();
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

/** The pid of the curl process under `root`, from /proc (parent links); `root` itself when the shell exec'd curl. */
function curlUnder(root: number): number | undefined {
  const parents = new Map<number, { ppid: number; comm: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/u.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), { ppid, comm });
    } catch {
      // gone in the meantime
    }
  }
  for (const [pid, { comm }] of parents) {
    if (comm !== 'curl') continue;
    if (pid === root) return pid;
    for (let up = parents.get(pid)?.ppid; up !== undefined && up > 1; up = parents.get(up)?.ppid)
      if (up === root) return pid;
  }
  return undefined;
}

/** What another local user reads from a file under /proc. */
function readAsOtherUser(path: string): { ok: boolean; text: string } {
  if (!asRoot) {
    try {
      return { ok: true, text: readFileSync(path, 'latin1') };
    } catch {
      return { ok: false, text: '' };
    }
  }
  const read = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'cat', path], {
    encoding: 'latin1',
  });
  return { ok: read.status === 0, text: read.stdout };
}

/** Runs `script` with `shell` and STINT_TOKEN in its environment; returns what the server and another user saw mid-request. */
async function observe(shell: string, script: string) {
  const held = new Promise<Held>((resolve) => {
    waiting = resolve;
  });
  const child: ChildProcess = spawn(shell, ['-c', script], {
    env: { PATH: process.env.PATH, STINT_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const request = await Promise.race([held, exited.then(() => undefined)]);
  expect(request, `${shell} ended before its request arrived: ${stderr}`).toBeDefined();
  const pid = curlUnder(child.pid!);
  expect(pid, 'curl is running under the shell').toBeDefined();
  const cmdline = readAsOtherUser(`/proc/${pid}/cmdline`);
  const environ = readAsOtherUser(`/proc/${pid}/environ`);
  request!.release();
  const code = await exited;
  waiting = undefined;
  return { request: request!, cmdline, environ, code, stderr };
}

/** The documented pipelines, as a shell runs them: Buildkite's `$$` is `$` by then; the API is the local server. */
const forms = [
  ...new Set(
    shippedFiles().flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(DOCUMENTED_FORM)].map((m) => m[0].replaceAll('$$', '$')),
    ),
  ),
];

describe('the documented curl form keeps $STINT_TOKEN off the command line', () => {
  it('the shipped files hold the form with and without a body method, and in Jenkins quoting', () => {
    expect(forms.some((form) => form.includes('-X POST'))).toBe(true);
    expect(forms.some((form) => !form.includes('-X POST'))).toBe(true);
    expect(forms.some((form) => form.startsWith('printf "'))).toBe(true);
  });

  it.each(['sh', 'bash'])(
    'the old form, run by %s, shows the token to another user (the reading works)',
    async (shell) => {
      const seen = await observe(shell, `curl -fsS -H "Authorization: Bearer $STINT_TOKEN" ${base}/`);
      expect(seen.cmdline.ok).toBe(true);
      expect(seen.cmdline.text).toContain(TOKEN);
      expect(seen.code).toBe(0);
    },
  );

  it.each(forms.flatMap((form) => ['sh', 'bash'].map((shell) => [shell, form] as const)))(
    '%s: %s',
    async (shell, form) => {
      const script = form.replace(/https:\/\/api\.warehouse\.example\.com/gu, base);
      expect(script).toContain(base);
      const seen = await observe(shell, script);
      expect(seen.stderr).toBe('');
      expect(seen.request.authorization).toBe(`Bearer ${TOKEN}`);
      expect(seen.request.method).toBe(form.includes('-X POST') ? 'POST' : 'GET');
      expect(seen.cmdline.ok).toBe(true);
      expect(seen.cmdline.text.split('\0')[0]).toBe('curl');
      expect(seen.cmdline.text).not.toContain(TOKEN);
      expect(seen.cmdline.text).not.toContain(TOKEN.slice(0, 20));
      // The environment still holds it, but only the job's own user can read that.
      if (asRoot) expect(seen.environ.ok).toBe(false);
      expect(seen.code).toBe(0);
    },
  );
});
