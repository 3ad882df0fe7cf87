import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * A state directory the broker may no longer read (`chmod 000` under it, docs/broker.md "State on
 * disk") is not a takeover: the broker cannot check its `state.lock`, so it acknowledges nothing
 * (503 ERR_STORE_UNAVAILABLE, its log naming the directory, the errno and the fix, `/readyz` 503
 * with the errno), keeps running, and goes on by itself once the permission is back, its replay
 * records intact. A lock really removed meanwhile is still reported as lost once it can look.
 * Root ignores `chmod 000`, so the broker runs as nobody (`setpriv`); that needs root, as in CI.
 */
const UID = 65534;
const skip =
  process.getuid?.() !== 0
    ? 'not run as root: it starts the broker as uid 65534 (root reads a chmod 000 directory)'
    : spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status !== 0
      ? 'setpriv (util-linux) is not on PATH'
      : undefined;
// With CI set nothing is left out (.ci/run runs as root, installs util-linux): it runs and fails loudly instead.
const ci = process.env.CI !== undefined;
if (skip !== undefined && !ci) process.stderr.write(`test/store/state-dir-unreadable.test.ts is skipped: ${skip}\n`);

const AS_NOBODY = ['setpriv', `--reuid=${UID}`, `--regid=${UID}`, '--clear-groups'];

const dirs: string[] = [];
const running: RunningBroker[] = [];
let issuer: GithubIssuer;

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  for (const broker of running) await broker.stop();
  await issuer?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A config dir owned by uid 65534, where the broker makes its keys, state and audit log. */
async function brokerHome(): Promise<{ dir: string; url: string; port: number; stateDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-state-unreadable-'));
  dirs.push(dir);
  chownSync(dir, UID, UID);
  const port = await freePort();
  return { dir, url: `http://127.0.0.1:${port}`, port, stateDir: join(dir, '.stint', 'state') };
}

async function serveAsNobody(home: { dir: string; url: string; port: number }): Promise<RunningBroker> {
  const broker = await startBroker({
    dir: home.dir,
    configYaml: stackConfig(home.url, issuer.url),
    args: ['--port', String(home.port)],
    launcher: AS_NOBODY,
  });
  running.push(broker);
  return broker;
}

async function exchange(url: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function ready(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function until(what: string, check: () => boolean, ceilingMs = 90_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function untilAsync(what: string, check: () => Promise<boolean>, ceilingMs = 90_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const exited = (broker: RunningBroker): Promise<number | null> =>
  broker.exitCode() !== null
    ? Promise.resolve(broker.exitCode())
    : new Promise((done) => broker.process.once('exit', (code) => done(code)));

describe.runIf(skip === undefined || ci)('a broker whose state directory is made unreadable', () => {
  beforeAll(() => {
    expect(skip, 'with CI set this runs as root with setpriv, as .ci/run does').toBeUndefined();
  });

  it('refuses with 503 naming the directory and EACCES, keeps running, and serves again once it reads, its records intact', {
    timeout: 240_000,
  }, async () => {
    const home = await brokerHome();
    const { stateDir } = home;
    let broker = await serveAsNobody(home);
    const before = await issuer.mint({ aud: home.url });
    expect((await exchange(home.url, before)).status).toBe(200);
    // The readiness watch logs changes from its first check on: let that one pass first.
    await untilAsync('the readiness watch has checked once', async () =>
      /^stint_ready 1$/m.test(await (await fetch(`${home.url}/metrics`)).text()),
    );

    chmodSync(stateDir, 0o000);
    const unreadableAt = Date.now();
    const during = await issuer.mint({ aud: home.url });
    const refused = await exchange(home.url, during);
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body).toMatchObject({
      error: 'temporarily_unavailable',
      error_description: 'the broker cannot reach its store; try again shortly',
    });
    // The broker's log has the detail, for the refused request: the directory, the errno, the fix.
    const said =
      `/auth/oidc/exchange: the broker cannot read its state directory ${stateDir} (EACCES: permission denied, ` +
      `lstat '${join(stateDir, 'state.lock')}'), so it cannot check that it still holds it: ` +
      `give read, write and execute on it back to the broker's user, uid ${UID}`;
    await until('the refusal is logged', () => broker.output().includes(said));
    expect(broker.output()).toContain(`${stateDir} is owned by uid ${UID}, gid ${UID}, mode 0000`);
    // /readyz is public: the errno, never the path.
    expect(await ready(home.url)).toEqual({
      status: 503,
      body: { status: 'unavailable', reason: 'the broker cannot read its state directory (EACCES)' },
    });

    // Idle through at least one lock refresh (every 10 s) and one readiness check (every 15 s),
    // which logs the change: the broker stays up, and never calls it a takeover.
    await until(
      'a readiness check logs the outage, and a lock refresh is past',
      () =>
        broker
          .output()
          .includes('readiness check: not ready: store unavailable: the broker cannot read its state directory') &&
        Date.now() - unreadableAt > 12_000,
    );
    expect(broker.exitCode()).toBeNull();
    expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(503);
    expect(broker.output()).not.toContain('was taken from this broker');

    chmodSync(stateDir, 0o700);
    // No restart: the next exchange is acknowledged; the token refused meanwhile was left unspent.
    expect((await exchange(home.url, during)).status).toBe(200);
    expect((await exchange(home.url, before)).status).toBe(401);
    expect((await exchange(home.url, during)).status).toBe(401);
    expect(await ready(home.url)).toEqual({ status: 200, body: { status: 'ok' } });
    await until('the readiness check logs the recovery', () =>
      broker.output().includes('readiness check: ready again'),
    );
    expect(broker.exitCode()).toBeNull();
    expect(broker.output()).not.toContain('was taken from this broker');

    // On disk too: a restart still refuses both as replayed.
    await broker.stop();
    broker = await serveAsNobody(home);
    expect((await exchange(home.url, before)).status).toBe(401);
    expect((await exchange(home.url, during)).status).toBe(401);
    expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
  });

  it('a lock removed while the directory was unreadable is reported as lost once it reads again', {
    timeout: 180_000,
  }, async () => {
    const home = await brokerHome();
    const { stateDir } = home;
    const broker = await serveAsNobody(home);
    expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);

    chmodSync(stateDir, 0o000);
    expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(503);
    unlinkSync(join(stateDir, 'state.lock')); // root may, whatever the mode
    chmodSync(stateDir, 0o700);
    expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(503);
    expect(await exited(broker)).toBe(1);
    expect(broker.output()).toContain(
      `the state directory ${stateDir} was taken from this broker (its lock file was removed)`,
    );
  });
});
