import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/log.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { verifyApiKey } from '../../src/tokens/api-keys.js';
import { CLI } from '../helpers/broker.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * `stint keys` opens its audit log and checks its event before it changes anything, so a log it
 * cannot write changes nothing; a new key is audited before it is committed. All through the
 * BUILT CLI (`npm run build -- cli`), each test in a dir of its own.
 */
const CONFIG = `issuer: https://stint.example.com
keys: { dir: keys, algorithm: ES256, rotate_every: 30d, grace: 7d }
store: memory
audit: { file: audit/audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) {
    await chmod(join(dir, 'audit'), 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

interface Setup {
  dir: string;
  stint(...args: string[]): Promise<CliRun>;
  keysDir: string;
  auditDir: string;
  auditFile: string;
}

async function setUp(): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'stint-keys-audit-'));
  dirs.push(dir);
  await writeFile(join(dir, 'stint.yml'), CONFIG);
  return {
    dir,
    stint: (...args) => runCli(args, { cwd: dir }),
    keysDir: join(dir, 'keys'),
    auditDir: join(dir, 'audit'),
    auditFile: join(dir, 'audit', 'audit.jsonl'),
  };
}

/** Every file of the keys dir (keys, manifest, API key records) by name, lock files aside. */
async function snapshot(keysDir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(keysDir)).sort()) {
    if (name.endsWith('.lock')) continue;
    files[name] = await readFile(join(keysDir, name), 'utf8');
  }
  return files;
}

const events = async (file: string): Promise<Array<Record<string, unknown>>> =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A signing key set, an API key (active) and the audit log, as an operator has them. */
async function withKeys(setup: Setup): Promise<{ id: string; key: string }> {
  expect((await setup.stint('keys', 'rotate')).code).toBe(0);
  const created = await setup.stint('keys', 'create-api-key', '--project', 'warehouse');
  expect(created.code, created.stderr).toBe(0);
  const key = created.stdout.trim();
  return { key, id: key.split('_')[2]! };
}

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('stint keys with an audit log it cannot write changes nothing', () => {
  it('audit dir writable by others (mode 777): rotate, rotate --now, create-api-key and revoke-api-key exit 1 and change nothing', async () => {
    const setup = await setUp();
    const { id } = await withKeys(setup);
    const before = await snapshot(setup.keysDir);
    const auditBefore = await readFile(setup.auditFile, 'utf8');
    await chmod(setup.auditDir, 0o777);
    for (const args of [
      ['keys', 'rotate'],
      ['keys', 'rotate', '--now'],
      ['keys', 'create-api-key', '--project', 'warehouse', '--name', 'billing'],
      ['keys', 'revoke-api-key', id],
    ]) {
      const result = await setup.stint(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr).toContain(`${setup.auditDir} is writable by its group or by others (mode 777)`);
      expect(result.stderr).toContain('nothing was changed');
      expect(await snapshot(setup.keysDir), args.join(' ')).toEqual(before);
    }
    await chmod(setup.auditDir, 0o700);
    expect(await readFile(setup.auditFile, 'utf8')).toBe(auditBefore);
    // Fixed, the rerun does the one change asked for: one emergency rotation, not a second.
    const rerun = await setup.stint('keys', 'rotate', '--now');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await events(setup.auditFile)).filter((e) => e.reason?.toString().startsWith('emergency'))).toHaveLength(1);
  });

  it('audit.file is a directory: exit 1 naming it (no stack trace), nothing changed', async () => {
    const setup = await setUp();
    const { id } = await withKeys(setup);
    const before = await snapshot(setup.keysDir);
    await rm(setup.auditFile);
    await mkdir(setup.auditFile);
    for (const args of [
      ['keys', 'rotate', '--now'],
      ['keys', 'rotate'],
      ['keys', 'create-api-key', '--project', 'warehouse'],
      ['keys', 'revoke-api-key', id],
    ]) {
      const result = await setup.stint(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`audit log ${setup.auditFile} (audit.file in ${join(setup.dir, 'stint.yml')})`);
      expect(result.stderr).toContain('EISDIR');
      expect(result.stderr).toContain('nothing was changed');
      expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
      expect(await snapshot(setup.keysDir), args.join(' ')).toEqual(before);
    }
    await rmdir(setup.auditFile);
  });

  it('an API key --name that looks like a JWT is refused before anything: no key stored, no audit line', async () => {
    const setup = await setUp();
    await withKeys(setup);
    const before = await snapshot(setup.keysDir);
    const auditBefore = await readFile(setup.auditFile, 'utf8');
    const result = await setup.stint('keys', 'create-api-key', '--project', 'warehouse', '--name', JWT);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('--name looks like a JWT');
    expect(result.stderr).toContain('nothing was created');
    expectNoSecret(result.stderr, JWT, 'the JWT given as --name');
    expect(await snapshot(setup.keysDir)).toEqual(before);
    expect(await readFile(setup.auditFile, 'utf8')).toBe(auditBefore);
  });

  it('first rotate on an empty dir with an unwritable audit log creates no key at all', async () => {
    const setup = await setUp();
    await mkdir(setup.auditDir, { mode: 0o777 });
    await chmod(setup.auditDir, 0o777);
    const result = await setup.stint('keys', 'rotate');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was changed');
    expect(await readdir(setup.keysDir).catch(() => [])).toEqual([]);
  });
});

describe('stint keys rotate --now killed at any moment', () => {
  it('never leaves a signing key that the audit log does not name', async () => {
    const setup = await setUp();
    expect((await setup.stint('keys', 'rotate')).code).toBe(0);
    // How long one emergency rotation takes here, so the kills land all over it.
    const started = Date.now();
    expect((await setup.stint('keys', 'rotate', '--now')).code).toBe(0);
    const span = Date.now() - started;
    const runs = 30;
    // A kill that left the keys lock behind landed mid-rotation (the lock is held from the first
    // read to the last write): at least 3 must, or this tests nothing. A busy machine shifts the
    // timings, so it goes on (up to 200 runs) until 3 have.
    let midRotation = 0;
    for (let run = 0; run < runs || (midRotation < 3 && run < 200); run++) {
      const child = spawn(process.execPath, [CLI, 'keys', 'rotate', '--now'], { cwd: setup.dir, stdio: 'ignore' });
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      const timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(span * (0.4 + (0.7 * (run % runs)) / runs)));
      await exited;
      clearTimeout(timer);
      if (child.signalCode === 'SIGKILL' && existsSync(join(setup.keysDir, '.keys.lock'))) midRotation++;
      const manifest = JSON.parse(await readFile(join(setup.keysDir, 'keys.json'), 'utf8')) as {
        keys: Array<{ kid: string; activates_at: string }>;
      };
      const audited = new Set(
        (await events(setup.auditFile)).filter((e) => e.event === 'key_rotated').map((e) => e.kid as string),
      );
      for (const { kid } of manifest.keys) expect(audited.has(kid), `run ${run}: ${kid} signs unaudited`).toBe(true);
      expect(await verifyAuditLog(setup.auditFile)).toMatchObject({ ok: true });
    }
    expect(midRotation, 'kills that landed while the rotation held its lock').toBeGreaterThanOrEqual(3);
  }, 600_000);
});

describe('stint keys revoke-api-key', () => {
  it('takes the whole key (a leaked one, as pasted) and never prints it; the event names the project; a second revoke is a no-op', async () => {
    const setup = await setUp();
    const { id, key } = await withKeys(setup);
    const secret = key.slice(`stint_sk_${id}_`.length);
    const revoked = await setup.stint('keys', 'revoke-api-key', key);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`revoked API key ${id}; a running broker refuses it from its next request\n`);
    expectNoSecret([revoked.stdout, revoked.stderr], key, 'the API key');
    expectNoSecret([revoked.stdout, revoked.stderr], secret, "the API key's secret");
    const store = createMemoryStore({ apiKeyFile: join(setup.keysDir, 'api-keys.json') });
    expect(await verifyApiKey(store, key, Date.now())).toBeUndefined();
    const revocations = (await events(setup.auditFile)).filter((e) => e.event === 'apikey_revoked');
    expect(revocations).toEqual([
      expect.objectContaining({
        outcome: 'success',
        api_key_id: id,
        project: 'warehouse',
        source: 'cli',
        instance: expect.stringMatching(/^cli@.+:\d+$/),
      }),
    ]);

    const again = await setup.stint('keys', 'revoke-api-key', id);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`^API key ${id} was already revoked \\(at \\d{4}-.*\\); nothing to do\\n$`),
    );
    expect((await events(setup.auditFile)).filter((e) => e.event === 'apikey_revoked')).toHaveLength(1);
    expect(await verifyAuditLog(setup.auditFile)).toMatchObject({ ok: true });
  });

  it('never prints back what it was given: an unknown key, a key cut short, something that is not an id', async () => {
    const setup = await setUp();
    await withKeys(setup);
    const unknownSecret = 'Q'.repeat(43);
    const unknown = await setup.stint('keys', 'revoke-api-key', `stint_sk_0123456789abcdef_${unknownSecret}`);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toBe('stint: no API key has id 0123456789abcdef; see `stint keys list-api-keys`\n');
    const cut = await setup.stint('keys', 'revoke-api-key', 'stint_sk_0123456789abcdef_QQQQ');
    expectNoSecret([cut.stdout, cut.stderr], 'QQQQ', 'what was given after the id');
    const garbage = await setup.stint('keys', 'revoke-api-key', 'stint_sk_Zsecretish-but-not-a-key');
    expect(garbage.code).toBe(2);
    expectNoSecret([garbage.stdout, garbage.stderr], 'secretish', 'what was given');
    expect(garbage.stderr).toContain('takes an API key id');
  });
});

describe('stint keys list-api-keys', () => {
  it('prints a table of more keys than fit in a spread of arguments (140,000)', async () => {
    const setup = await setUp();
    await mkdir(setup.keysDir, { recursive: true, mode: 0o700 });
    const far = Date.now() + 365 * 86_400_000;
    const keys = Array.from({ length: 140_000 }, (_, i) => ({
      id: i.toString(16).padStart(16, '0'),
      project: 'warehouse',
      name: i === 77_777 ? 'the-longest-name-of-them-all' : '',
      hash: 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      createdAtMs: Date.now(),
      expiresAtMs: far,
    }));
    await writeFile(join(setup.keysDir, 'api-keys.json'), JSON.stringify({ version: 1, keys }), { mode: 0o600 });
    const out = join(setup.dir, 'list.txt');
    const code = await new Promise<number | null>((done) => {
      const file = createWriteStream(out);
      file.once('open', () => {
        const child = spawn(process.execPath, [CLI, 'keys', 'list-api-keys'], {
          cwd: setup.dir,
          stdio: ['ignore', file, 'pipe'],
        });
        let stderr = '';
        child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.once('exit', (exit) => {
          file.close();
          if (exit !== 0) process.stderr.write(stderr.slice(0, 2000));
          done(exit);
        });
      });
    });
    expect(code).toBe(0);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(140_001);
    // Every column is as wide as its widest cell: the long name in row 77,777 sets NAME's width.
    expect(lines[0]).toMatch(/^ID {16}PROJECT {4}NAME {26}CREATED/);
    expect(lines[77_778]).toContain('the-longest-name-of-them-all  ');
  }, 300_000);
});

const isRoot = process.getuid?.() === 0;
const canSetpriv = isRoot && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;

describe.runIf(canSetpriv || process.env.CI !== undefined)(
  'stint keys list by the broker rule (run as a non-root user)',
  () => {
    beforeAll(() => {
      // With CI set nothing is left out: .ci/run runs as root with util-linux's setpriv.
      expect(canSetpriv, 'with CI set this runs as root with setpriv, as .ci/run does').toBe(true);
    });
    /** The documented Kubernetes Secret layout: dir 0750 root:G, files 0440 root:G; the user runs with group G. */
    async function secretLayout(): Promise<{ setup: Setup; kid: string; gid: number }> {
      const setup = await setUp();
      expect((await setup.stint('keys', 'rotate', '--now')).code).toBe(0);
      const gid = 4343;
      await chmod(setup.dir, 0o755);
      await chmod(join(setup.dir, 'stint.yml'), 0o644);
      for (const name of await readdir(setup.keysDir)) {
        const file = join(setup.keysDir, name);
        await chown(file, 0, gid);
        await chmod(file, 0o440);
      }
      await chown(setup.keysDir, 0, gid);
      await chmod(setup.keysDir, 0o750);
      const kid = (await readdir(setup.keysDir)).find((n) => n.endsWith('.pem'))!.slice(0, -4);
      return { setup, kid, gid };
    }

    const asUser = (setup: Setup, gid: number, ...args: string[]): Promise<CliRun> =>
      new Promise((done) => {
        const child = spawn(
          'setpriv',
          ['--reuid=65534', `--regid=${gid}`, '--clear-groups', process.execPath, CLI, ...args],
          { cwd: setup.dir, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.once('exit', (code) => done({ code: code ?? 1, stdout, stderr }));
      });

    it('a Secret mounted 0440 for the broker group is not called unsafe; 0444 and a foreign group are', async () => {
      const { setup, kid, gid } = await secretLayout();
      const ok = await asUser(setup, gid, 'keys', 'list');
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(new RegExp(`${kid}\\s+ES256\\s+current`));
      expect(ok.stderr).toBe('');
      expect((await readdir(setup.keysDir)).filter((n) => n.startsWith('.write-probe'))).toEqual([]);

      const pem = join(setup.keysDir, `${kid}.pem`);
      await chmod(pem, 0o444);
      const world = await asUser(setup, gid, 'keys', 'list');
      expect(world.code).toBe(0);
      expect(world.stderr).toContain(
        `the broker refuses to load this key: ${pem} is readable by other users (mode 0444`,
      );

      await chmod(pem, 0o440);
      await chown(pem, 0, 4242);
      const foreign = await asUser(setup, gid, 'keys', 'list');
      expect(foreign.stderr).toContain(`${pem} is readable by other users (mode 0440, group 4242)`);
    });

    it('list-api-keys as a user who may not read the key file says ERR_FILE_ACCESS, as keys list does', async () => {
      const setup = await setUp();
      await withKeys(setup);
      await chmod(setup.dir, 0o755);
      await chmod(join(setup.dir, 'stint.yml'), 0o644);
      // The keys dir stays 0700 root: even the key file's stat is refused.
      const result = await asUser(setup, 65534, 'keys', 'list-api-keys');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `cannot stat ${join(setup.keysDir, 'api-keys.json')}: permission denied (EACCES)`,
      );
      expect(result.stderr).toContain('Run stint as the user that owns its files');
      expect(result.stderr).not.toContain('fix or restore it');
    });
  },
);
