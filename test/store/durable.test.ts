import { execFile, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { CLI, freePort, type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * The embedded store is durable (docs/broker.md, "State on disk"): the built broker, killed with
 * -9 right after it answered 200, comes back still refusing the replayed ID token and still
 * reporting the revoked token inactive; its state dir belongs to one broker at a time.
 */

const run = promisify(execFile);
const dirs: string[] = [];
let issuer: GithubIssuer;

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A broker dir (config, keys, audit, state) that survives the broker, and the URL it will serve on. */
async function brokerHome(): Promise<{ dir: string; url: string; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-durable-'));
  dirs.push(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'stint.yml'), stackConfig(url, issuer.url));
  return { dir, url, port };
}

function serveIn(home: { dir: string; port: number }): Promise<RunningBroker> {
  return startBroker({
    dir: home.dir,
    configYaml: readFileSync(join(home.dir, 'stint.yml'), 'utf8'),
    args: ['--port', String(home.port)],
  });
}

async function killHard(broker: RunningBroker): Promise<void> {
  const exited = new Promise((done) => broker.process.once('exit', done));
  broker.process.kill('SIGKILL');
  await exited;
}

async function post(url: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function exchange(url: string, token: string) {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the embedded store across restarts', () => {
  it('after kill -9 right behind a 200, a replayed ID token is still refused and a revoked token still inactive', async () => {
    const home = await brokerHome();
    const { stdout: apiKey } = await run(
      process.execPath,
      [CLI, 'keys', 'create-api-key', '--config', 'stint.yml', '--project', 'warehouse'],
      { cwd: home.dir },
    );

    let broker = await serveIn(home);
    const replayed = await issuer.mint({ aud: home.url });
    const first = await exchange(home.url, replayed);
    expect(first.status).toBe(200);
    const revokedToken = String(first.body.access_token);
    // A second token that is only exchanged, never revoked: it must stay active across the restart.
    const kept = await exchange(home.url, await issuer.mint({ aud: home.url }));
    expect(kept.status).toBe(200);
    expect((await post(`${home.url}/oauth2/revoke`, { token: revokedToken })).status).toBe(200);
    await killHard(broker); // no drain, no flush: whatever was acknowledged must already be on disk

    broker = await serveIn(home);
    try {
      const again = await exchange(home.url, replayed);
      expect(again.status).toBe(401);
      expect(String(again.body.error_description)).toMatch(/already exchanged/);
      const auth = { authorization: `Bearer ${apiKey.trim()}` };
      const revoked = await post(`${home.url}/oauth2/introspect`, { token: revokedToken }, auth);
      expect(revoked).toMatchObject({ status: 200, body: { active: false } });
      const live = await post(`${home.url}/oauth2/introspect`, { token: String(kept.body.access_token) }, auth);
      expect(live).toMatchObject({ status: 200, body: { active: true } });
      // A fresh ID token is still welcome: the restart lost nothing and added nothing.
      expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
    } finally {
      await broker.stop();
    }
  });

  it('an ID token with a fractional or far-off exp is a replay record that survives a restart', async () => {
    // RFC 7519's NumericDate may be fractional, and a trusted issuer may sign any finite exp: the
    // broker used to journal such a time as it came, and then could not start on its own state.
    const home = await brokerHome();
    let broker = await serveIn(home);
    const tokens = [
      await issuer.mint({ aud: home.url, exp: Date.now() / 1000 + 300.0314245 }),
      await issuer.mint({ aud: home.url, exp: 1e300 }),
    ];
    try {
      for (const token of tokens) expect((await exchange(home.url, token)).status).toBe(200);
    } finally {
      await broker.stop();
    }
    broker = await serveIn(home);
    try {
      for (const token of tokens) {
        const again = await exchange(home.url, token);
        expect(again.status).toBe(401);
        expect(String(again.body.error_description)).toMatch(/already exchanged/);
      }
    } finally {
      await broker.stop();
    }
  });

  it('a second broker on the same state refuses to start and names the process that holds it', async () => {
    const home = await brokerHome();
    const broker = await serveIn(home);
    try {
      const second = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(
          process.execPath,
          [CLI, 'serve', '--config', 'stint.yml', '--port', '0', '--host', '127.0.0.1'],
          {
            cwd: home.dir,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        // Should it serve instead of refusing, it is killed (and the test fails on its code), not left running.
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          done({ code, stdout, stderr });
        });
      });
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toContain(join(home.dir, '.stint', 'state'));
      expect(second.stderr).toContain(`pid ${broker.process.pid} on host`);
      expect(second.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      // The first broker is untouched.
      expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
    } finally {
      await broker.stop();
    }
  });

  it('a broker killed with -9 leaves its lock behind, and the next one takes the state over at once', async () => {
    const home = await brokerHome();
    const broker = await serveIn(home);
    await killHard(broker);
    expect(readdirSync(join(home.dir, '.stint', 'state'))).toContain('state.lock');
    const next = await serveIn(home);
    await next.stop();
  });

  it('skips a last line cut short by a crash, and refuses to start on a damaged journal, naming the line', async () => {
    const home = await brokerHome();
    let broker = await serveIn(home);
    expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
    await killHard(broker);
    const stateDir = join(home.dir, '.stint', 'state');
    const segment = readdirSync(stateDir).find((name) => /^journal\.\d+\.jsonl$/.test(name));
    expect(segment).toBeDefined();
    const file = join(stateDir, segment!);
    appendFileSync(file, '["c","replay:torn');
    broker = await serveIn(home);
    await killHard(broker);

    const damaged = join(stateDir, readdirSync(stateDir).find((name) => /^journal\.\d+\.jsonl$/.test(name))!);
    writeFileSync(damaged, `${readFileSync(damaged, 'utf8')}not json\n["c","replay:after",9999999999999]\n`);
    const lines = readFileSync(damaged, 'utf8').split('\n').length - 2;
    const failed = await serveIn(home).then(
      async (b) => {
        await b.stop();
        return '';
      },
      (error: Error) => error.message,
    );
    expect(failed).toContain(`${damaged}:${lines}`);
    expect(failed).toMatch(/damaged/);
  });

  it('says what to fix when the state dir cannot be created', async () => {
    const home = await brokerHome();
    writeFileSync(
      join(home.dir, 'stint.yml'),
      `${stackConfig(home.url, issuer.url)}\n`.replace('audit: {', 'store: { dir: /dev/null/state }\naudit: {'),
    );
    const failed = await serveIn(home).then(
      async (b) => {
        await b.stop();
        return '';
      },
      (error: Error) => error.message,
    );
    expect(failed).toContain("cannot use /dev/null/state as the broker's state directory (ENOTDIR)");
    expect(failed).not.toMatch(/\n\s+at /);
  });
});
