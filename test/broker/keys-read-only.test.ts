import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { CLI, freePort, logEntries } from '../helpers/broker.js';
import { stackConfig } from './stack.js';

/**
 * A broker on a keys dir it may not write, made read-only for real: a read-only bind mount in the
 * broker's own mount namespace (`unshare -m`), so root's chmod bypass does not apply and the same
 * dir stays writable outside for the rotator; and a broker run as another user (`setpriv`) over
 * files owned by root. Both need root (as in CI and this sandbox); elsewhere the file is skipped.
 */
const isRoot = process.getuid?.() === 0;
const canUnshare =
  isRoot &&
  spawnSync('unshare', ['-m', 'sh', '-c', 'mount --bind -o ro /tmp /tmp && ! touch /tmp/.stint-ro-probe'], {
    stdio: 'ignore',
  }).status === 0;

const dirs: string[] = [];
let issuer: GithubIssuer;
beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Served {
  url: string;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** A config dir with `keys/` filled by the built `stint keys rotate` (where it is writable). */
async function setUp(extraKeys = ''): Promise<{ dir: string; keys: string; config: string; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-keysro-'));
  dirs.push(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'stint.yml');
  writeFileSync(
    config,
    stackConfig(url, issuer.url).replace(
      'keys: { dir: keys, algorithm: EdDSA }',
      `keys: { dir: keys, algorithm: EdDSA${extraKeys} }`,
    ),
  );
  return { dir, keys: join(dir, 'keys'), config, url };
}

function stint(config: string, ...args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args, '--config', config], { encoding: 'utf8' });
}

/** `stint serve` with `keysDir` mounted read-only for it alone. Resolves once it listens or exits. */
function serveReadOnly(keysDir: string, config: string, url: string): Promise<Served> {
  const port = new URL(url).port;
  const child: ChildProcess = spawn(
    'unshare',
    [
      '-m',
      'sh',
      '-c',
      'mount --bind -o ro "$1" "$1" && exec "$2" "$3" serve --config "$4" --host 127.0.0.1 --port "$5"',
      'sh',
      keysDir,
      process.execPath,
      CLI,
      config,
      port,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return watch(child);
}

function watch(child: ChildProcess): Promise<Served> {
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => void stop().then(() => fail(new Error(`no start within 30 s:\n${out}`))), 30_000);
    const served = (url: string): Served => ({ url, output: () => out, exited, stop });
    child.stdout!.on('data', () => {
      const match = /stint broker listening on (\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        done(served(match[1]!));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      done(served(''));
    });
  });
}

async function exchangeKid(url: string): Promise<string> {
  return decodeProtectedHeader(await exchangeToken(url)).kid!;
}

async function exchangeToken(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issuer.mint({ aud: url }), project: 'warehouse', scope: 'read' }),
  });
  const body = (await response.json()) as { access_token?: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.access_token!;
}

async function publishedKids(url: string): Promise<string[]> {
  const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
  return jwks.keys.map((k) => k.kid).sort();
}

function pems(keys: string): string[] {
  return readdirSync(keys)
    .filter((name) => name.endsWith('.pem'))
    .map((name) => join(keys, name));
}

/** With CI set nothing is left out (.ci/run runs as root): the root-only tests run there and fail loudly without root. */
const ci = process.env.CI !== undefined;

describe.runIf(canUnshare || ci)('a broker on a read-only keys dir (read-only bind mount)', () => {
  beforeAll(() => {
    expect(
      canUnshare,
      'with CI set this runs as root able to `unshare -m` a read-only bind mount, as .ci/run does',
    ).toBe(true);
  });
  it('serves and signs without writing there, and picks up a rotation made where the dir is writable', async () => {
    const { keys, config, url } = await setUp();
    stint(config, 'keys', 'rotate');
    // As the kubelet writes a Secret with fsGroup: 0440, group = the broker's own group (root's here).
    for (const file of pems(keys)) chmodSync(file, 0o440);
    const before = readdirSync(keys).sort();
    const broker = await serveReadOnly(keys, config, url);
    try {
      expect(broker.url, broker.output()).toBe(url);
      // Said after the listening line (a start-up note), so it may arrive a moment later.
      for (let waited = 0; !broker.output().includes('is read-only for this broker') && waited < 30_000; waited += 50)
        await new Promise((r) => setTimeout(r, 50));
      expect(broker.output()).toContain(`keys dir ${keys} is read-only for this broker`);
      // The first rotation on an empty dir makes the first key and its successor: both published, one signs.
      const first = await exchangeKid(url);
      expect(await publishedKids(url)).toContain(first);

      // The rotator: the same dir, writable outside the broker's mount namespace.
      stint(config, 'keys', 'rotate', '--now');
      const [second] = readdirSync(keys)
        .filter((n) => n.endsWith('.pem'))
        .map((n) => n.slice(0, -4));
      expect(second).not.toBe(first);
      await vi.waitFor(async () => expect(await publishedKids(url)).toEqual([second]), {
        timeout: 45_000,
        interval: 200,
      });
      expect(await exchangeKid(url)).toBe(second);
      expect(broker.output()).not.toMatch(/EROFS|unexpected error|\n\s+at /);
    } finally {
      await broker.stop();
    }
    // Nothing in the dir was created or chmodded by the broker (the rotator changed only key files).
    expect(before).toContain('keys.json');
    expect(readdirSync(keys).filter((n) => n.startsWith('.write-probe'))).toEqual([]);
  }, 90_000);

  it('warns and sets stint_signing_key_rotation_due when its key has signed for rotate_every with no successor', async () => {
    // rotate_every as the warning must say it (not rounded to whole days, "2 d").
    const { keys, config, url } = await setUp(', rotate_every: 36h');
    stint(config, 'keys', 'rotate');
    // The rotator last ran 40 days ago (rotate_every is 36 h): one key, no successor.
    const manifestFile = join(keys, 'keys.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      keys: Array<{ kid: string; created: string; activates_at: string; retires_at: string | null }>;
    };
    const now = Date.now();
    const [current] = manifest.keys.filter((k) => Date.parse(k.activates_at) <= now);
    for (const k of manifest.keys) if (k !== current) rmSync(join(keys, `${k.kid}.pem`));
    const longAgo = new Date(now - 40 * 86_400_000).toISOString();
    writeFileSync(
      manifestFile,
      JSON.stringify({
        ...manifest,
        keys: [{ ...current!, created: longAgo, activates_at: longAgo, retires_at: null }],
      }),
    );
    for (const file of pems(keys)) chmodSync(file, 0o440);
    const broker = await serveReadOnly(keys, config, url);
    try {
      expect(broker.url, broker.output()).toBe(url);
      await vi.waitFor(
        () =>
          expect(logEntries(broker.output())).toContainEqual(
            expect.objectContaining({
              level: 'warn',
              event: 'key_rotation_due',
              code: 'WARN_KEY_ROTATION_DUE',
              kid: current!.kid,
              msg: `signing key ${current!.kid} has signed since ${longAgo}, longer than keys.rotate_every (1d12h), and no successor is published: ${keys} is read-only for this broker, so run \`stint keys rotate\` where it is writable and ship the result`,
            }),
          ),
        { timeout: 30_000, interval: 50 },
      );
      expect(await (await fetch(`${url}/metrics`)).text()).toContain('\nstint_signing_key_rotation_due 1\n');
      // It still signs with that key: a due rotation is a warning, not an outage.
      expect(await exchangeKid(url)).toBe(current!.kid);
    } finally {
      await broker.stop();
    }
  }, 90_000);

  it('says to run stint keys rotate where the dir is writable when keys.algorithm was changed, and writes nothing', async () => {
    const { keys, config, url } = await setUp();
    stint(config, 'keys', 'rotate');
    writeFileSync(config, readFileSync(config, 'utf8').replace('algorithm: EdDSA', 'algorithm: ES256'));
    const manifest = readFileSync(join(keys, 'keys.json'), 'utf8');
    const broker = await serveReadOnly(keys, config, url);
    try {
      expect(broker.url, broker.output()).toBe(url);
      await vi.waitFor(() => expect(broker.output()).toContain('WARN_KEY_ALGORITHM_PENDING'), { timeout: 30_000 });
      const warning = logEntries(broker.output()).find((l) => l.code === 'WARN_KEY_ALGORITHM_PENDING');
      expect(warning?.msg).toBe(
        `signing EdDSA, configured ES256: the keys dir ${keys} is read-only for this broker, so it does not switch by itself; run \`stint keys rotate\` where it is writable and ship the result`,
      );
      expect(logEntries(broker.output()).map((l) => String(l.msg))).toContainEqual(
        expect.stringContaining(`keys ${keys} (EdDSA), audit`),
      );
      expect(decodeProtectedHeader(await exchangeToken(url)).alg).toBe('EdDSA');
    } finally {
      await broker.stop();
    }
    expect(readFileSync(join(keys, 'keys.json'), 'utf8')).toBe(manifest);
  }, 90_000);

  it('refuses a world-readable key file, and a group-readable one whose group is not its own', async () => {
    const { keys, config, url } = await setUp();
    stint(config, 'keys', 'rotate');
    const [pem] = pems(keys);
    chmodSync(pem!, 0o444);
    let broker = await serveReadOnly(keys, config, url);
    expect(await broker.exited).toBe(1);
    expect(broker.output()).toContain(`${pem} is readable by other users (mode 0444`);
    expect(broker.output()).not.toMatch(/\n\s+at /);

    chmodSync(pem!, 0o440);
    chownSync(pem!, 0, 4242);
    broker = await serveReadOnly(keys, config, url);
    expect(await broker.exited).toBe(1);
    expect(broker.output()).toContain(`${pem} is readable by other users (mode 0440, group 4242)`);
  }, 90_000);

  it('says what to do when the read-only dir holds no key yet, without a stack trace', async () => {
    const { keys, config, url } = await setUp();
    mkdirSync(keys, { mode: 0o700 });
    const broker = await serveReadOnly(keys, config, url);
    expect(await broker.exited).toBe(1);
    const output = broker.output();
    expect(output).toContain(`the keys dir ${keys} is read-only for this broker`);
    expect(output).toContain('run `stint keys rotate`');
    expect(output).not.toMatch(/EROFS|unexpected error|\n\s+at /);
  }, 60_000);

  it('serves the mTLS CA from keys.ca_dir, and names the dir to fix when the CA would go in the read-only keys dir', async () => {
    const { dir, keys, config, url } = await setUp();
    stint(config, 'keys', 'rotate');
    let broker = await serveReadOnly(keys, config, url);
    try {
      const response = await fetch(`${url}/mtls/ca.pem`);
      expect(response.status).toBe(500);
      await vi.waitFor(
        () => expect(broker.output()).toContain(`the mTLS CA cannot be created or renewed in ${join(keys, 'ca')}`),
        { timeout: 60_000, interval: 50 },
      );
      expect(broker.output()).toContain('set keys.ca_dir');
    } finally {
      await broker.stop();
    }
    const withCaDir = await setUp(', ca_dir: ca');
    stint(withCaDir.config, 'keys', 'rotate');
    broker = await serveReadOnly(withCaDir.keys, withCaDir.config, withCaDir.url);
    try {
      const response = await fetch(`${withCaDir.url}/mtls/ca.pem`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('BEGIN CERTIFICATE');
      expect(statSync(join(withCaDir.dir, 'ca', 'ca.pem')).isFile()).toBe(true);
    } finally {
      await broker.stop();
    }
    expect(dir).not.toBe(withCaDir.dir);
  }, 90_000);
});

describe.runIf(isRoot || ci)('a broker run as another user than owns its files', () => {
  beforeAll(() => {
    expect(isRoot, 'with CI set this runs as root (to start the broker as another user), as .ci/run does').toBe(true);
  });
  it('names the file, the user and what to fix instead of "unexpected error: EACCES"', async () => {
    const { dir, config, url } = await setUp();
    stint(config, 'keys', 'rotate');
    chmodSync(dir, 0o755);
    chmodSync(config, 0o644);
    const broker = await watch(
      spawn(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          CLI,
          'serve',
          '--config',
          config,
          '--host',
          '127.0.0.1',
          '--port',
          new URL(url).port,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    // Should it serve instead of refusing, it is stopped, not left running.
    if (broker.url !== '') await broker.stop();
    expect(await broker.exited).toBe(1);
    const output = broker.output();
    expect(output).toMatch(new RegExp(`stint: cannot \\w+ ${dir}/\\S+: permission denied \\(EACCES\\) for uid 65534`));
    expect(output).toContain('owned by uid 0');
    expect(output).toContain('Run stint as the user that owns its files (config, TLS key, state, keys, audit log)');
    expect(output).not.toMatch(/unexpected error|\n\s+at /);
  }, 60_000);
});

/**
 * The reviewer's case (review-design M3): a broker run as uid 65532 on a keys dir root:65532 0550,
 * files 0440, as a Secret with fsGroup gives it; root runs `stint keys rotate --now` on that dir
 * (the rotator, with a config of its own). The rotation must keep the files readable by the
 * broker's group, so the broker drops the old key at once; and a broker that cannot read what a
 * rotation left must stop signing and say so (/readyz 503, the metric), not go on with the
 * dropped key, and come back once it can read the dir again.
 */
describe.runIf(isRoot || ci)('a rotation by root on the keys dir of a broker run as another user', () => {
  const BROKER = 65532;
  beforeAll(() => {
    expect(isRoot, 'with CI set this runs as root (to start the broker as another user), as .ci/run does').toBe(true);
  });

  /** The broker's dir (its own user's, but for `keys/`: root:65532 0550, files 0440) and the rotator's config. */
  async function sharedLayout(): Promise<{ dir: string; keys: string; config: string; url: string; rotator: string }> {
    const setup = await setUp();
    stint(setup.config, 'keys', 'rotate', '--now');
    spawnSync('chown', ['-R', `${BROKER}:${BROKER}`, setup.dir]);
    chmodSync(setup.dir, 0o755);
    for (const name of readdirSync(setup.keys)) {
      chownSync(join(setup.keys, name), 0, BROKER);
      chmodSync(join(setup.keys, name), 0o440);
    }
    chownSync(setup.keys, 0, BROKER);
    chmodSync(setup.keys, 0o550);
    // The rotator: root, with an audit log of its own, on the same keys dir.
    const rotatorDir = mkdtempSync(join(tmpdir(), 'stint-rotator-'));
    dirs.push(rotatorDir);
    const rotator = join(rotatorDir, 'stint.yml');
    writeFileSync(
      rotator,
      readFileSync(setup.config, 'utf8').replace('keys: { dir: keys,', `keys: { dir: ${JSON.stringify(setup.keys)},`),
    );
    return { ...setup, rotator };
  }

  function serveAs(config: string, url: string): Promise<Served> {
    return watch(
      spawn(
        'setpriv',
        [
          `--reuid=${BROKER}`,
          `--regid=${BROKER}`,
          '--clear-groups',
          process.execPath,
          CLI,
          'serve',
          '--config',
          config,
          '--host',
          '127.0.0.1',
          '--port',
          new URL(url).port,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
  }

  const readyz = async (url: string): Promise<{ status: number; reason?: string }> => {
    const response = await fetch(`${url}/readyz`);
    const { reason } = (await response.json()) as { reason?: string };
    return { status: response.status, ...(reason === undefined ? {} : { reason }) };
  };
  const metric = async (url: string, name: string): Promise<number | undefined> => {
    const match = new RegExp(`\\n${name} (\\d+)\\n`).exec(await (await fetch(`${url}/metrics`)).text());
    return match === null ? undefined : Number(match[1]);
  };

  it('keeps the owner, group and group-read bit of the files, so the broker drops the old key at once', async () => {
    const { keys, config, url, rotator } = await sharedLayout();
    const broker = await serveAs(config, url);
    try {
      expect(broker.url, broker.output()).toBe(url);
      const [old] = await publishedKids(url);
      expect(await exchangeKid(url)).toBe(old);

      const rotated = spawnSync(process.execPath, [CLI, 'keys', 'rotate', '--now', '--config', rotator], {
        encoding: 'utf8',
      });
      expect(rotated.status, rotated.stderr).toBe(0);
      const modes = readdirSync(keys)
        .filter((name) => !name.startsWith('.'))
        .map((name) => {
          const info = statSync(join(keys, name));
          return `${name.endsWith('.pem') ? '<kid>.pem' : name} ${info.uid}:${info.gid} ${(info.mode & 0o777).toString(8)}`;
        })
        .sort();
      expect(modes).toEqual([`<kid>.pem 0:${BROKER} 640`, `keys.json 0:${BROKER} 640`]);
      const dirInfo = statSync(keys);
      expect(`${dirInfo.uid}:${dirInfo.gid} ${(dirInfo.mode & 0o777).toString(8)}`).toBe(`0:${BROKER} 550`);

      const [fresh] = pems(keys).map((file) => file.slice(keys.length + 1, -4));
      expect(fresh).not.toBe(old);
      await vi.waitFor(async () => expect(await publishedKids(url)).toEqual([fresh]), {
        timeout: 60_000,
        interval: 200,
      });
      expect(await exchangeKid(url)).toBe(fresh);
      expect((await readyz(url)).status).toBe(200);
      expect(await metric(url, 'stint_signing_keys_reload_failures_total')).toBe(0);
      expect(broker.output()).not.toMatch(/could not reload|EACCES/);
    } finally {
      await broker.stop();
    }
  }, 120_000);

  it('stops signing and is not ready while it cannot read what a rotation left, counts it, and recovers', async () => {
    const { keys, config, url, rotator } = await sharedLayout();
    const broker = await serveAs(config, url);
    try {
      expect(broker.url, broker.output()).toBe(url);
      const [old] = await publishedKids(url);
      expect(await exchangeKid(url)).toBe(old);
      expect(await metric(url, 'stint_signing_keys_unreadable')).toBe(0);
      const issued = await fetch(`${url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: await issuer.mint({ aud: url }), project: 'warehouse', scope: 'read' }),
      });
      const { access_token: heldToken } = (await issued.json()) as { access_token: string };

      // What the rotator did before it kept the files' access: root:root, 0600 files in a 0700 dir.
      const rotated = spawnSync(process.execPath, [CLI, 'keys', 'rotate', '--now', '--config', rotator], {
        encoding: 'utf8',
      });
      expect(rotated.status, rotated.stderr).toBe(0);
      for (const name of readdirSync(keys)) {
        chownSync(join(keys, name), 0, 0);
        chmodSync(join(keys, name), 0o600);
      }
      chownSync(keys, 0, 0);
      chmodSync(keys, 0o700);

      await vi.waitFor(
        async () => {
          const answer = await readyz(url);
          expect(answer.status).toBe(503);
          expect(answer.reason).toMatch(
            new RegExp(
              `^the broker cannot re-read its signing keys since they changed \\((keys\\.json|\\.): EACCES, as uid ${BROKER}, gid ${BROKER}\\); it signs nothing until it can$`,
            ),
          );
        },
        { timeout: 60_000, interval: 200 },
      );
      // It signs nothing, rather than with the key the rotation dropped.
      const refused = await fetch(`${url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: await issuer.mint({ aud: url }), project: 'warehouse', scope: 'read' }),
      });
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: string }).error).toBe('temporarily_unavailable');
      // Nor does it vouch for a token the dropped key signed: a revocation is not confirmed either way.
      const vouched = await fetch(`${url}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: heldToken }).toString(),
      });
      expect(vouched.status).toBe(503);
      expect(await metric(url, 'stint_signing_keys_unreadable')).toBe(1);
      expect(await metric(url, 'stint_signing_keys_reload_failures_total')).toBeGreaterThan(0);
      expect(broker.output()).toMatch(
        new RegExp(
          `signing keys unreadable: the signing keys in ${keys} changed and cannot be read again \\(EACCES: permission denied[^;]*; this broker runs as uid ${BROKER}, gid ${BROKER}\\)`,
        ),
      );

      // The operator gives the broker's group its access back: ready and signing with the new key.
      for (const name of readdirSync(keys)) {
        chownSync(join(keys, name), 0, BROKER);
        chmodSync(join(keys, name), 0o440);
      }
      chownSync(keys, 0, BROKER);
      chmodSync(keys, 0o550);
      await vi.waitFor(async () => expect((await readyz(url)).status).toBe(200), { timeout: 60_000, interval: 200 });
      const [fresh] = pems(keys).map((file) => file.slice(keys.length + 1, -4));
      expect(await publishedKids(url)).toEqual([fresh]);
      expect(await exchangeKid(url)).toBe(fresh);
      expect(await metric(url, 'stint_signing_keys_unreadable')).toBe(0);
      expect(broker.output()).toContain(`the signing keys in ${keys} are readable again`);
    } finally {
      await broker.stop();
    }
  }, 120_000);
});
