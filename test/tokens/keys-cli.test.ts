import { access, chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyAuditLog } from '../../src/audit/log.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { verifyApiKey } from '../../src/tokens/api-keys.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

// Runs the BUILT CLI (`npm run build -- cli`) as an operator would.
let dir: string;

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir });
}

const CONFIG = `issuer: https://stint.example.com
keys: { dir: state/keys, algorithm: ES256, rotate_every: 30d, grace: 7d }
store: memory
audit: { file: state/audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

const keysDir = () => join(dir, 'state', 'keys');
const auditFile = () => join(dir, 'state', 'audit.jsonl');
const auditEvents = async () =>
  (await readFile(auditFile(), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stint-keys-cli-'));
  await writeFile(join(dir, 'stint.yml'), CONFIG);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stint keys (signing keys)', () => {
  it('lists nothing, and creates nothing, before the first key', async () => {
    const result = await stint(['keys', 'list']);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('no signing keys in') });
    await expect(access(keysDir())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rotate publishes a successor ahead; rotate --now drops every old key; both are audited', async () => {
    const scheduled = await stint(['keys', 'rotate', '--config', 'stint.yml']);
    expect(scheduled.code).toBe(0);
    expect(scheduled.stdout).toMatch(/is published now and signs from \d{4}-/);
    const listed = JSON.parse((await stint(['keys', 'list', '--json'])).stdout) as {
      keys: Array<{ kid: string; alg: string; state: string }>;
    };
    expect(listed.keys.map((k) => [k.alg, k.state])).toEqual([
      ['ES256', 'current'],
      ['ES256', 'next'],
    ]);
    // On an empty keys dir it made both: each is said, the key that signs now first.
    const [current, next] = listed.keys;
    expect(scheduled.stdout.split('\n')).toEqual([
      `key ${current?.kid} (ES256) signs now (the keys dir had no key)`,
      expect.stringMatching(new RegExp(`^key ${next?.kid} \\(ES256\\) is published now and signs from \\d{4}-`)),
      '',
    ]);
    expect((await stat(keysDir())).mode & 0o777).toBe(0o700);
    for (const k of listed.keys) expect((await stat(join(keysDir(), `${k.kid}.pem`))).mode & 0o777).toBe(0o600);

    const again = await stint(['keys', 'rotate']);
    expect(again.stdout).toContain('already waiting');

    const emergency = await stint(['keys', 'rotate', '--now']);
    expect(emergency.code).toBe(0);
    for (const k of listed.keys) expect(emergency.stdout).toContain(k.kid);
    expect(emergency.stdout).toContain('within 30 s on a network file system');
    const after = JSON.parse((await stint(['keys', 'list', '--json'])).stdout) as {
      keys: Array<{ kid: string; state: string }>;
    };
    expect(after.keys).toHaveLength(1);
    expect(after.keys[0]!.state).toBe('current');
    expect(listed.keys.map((k) => k.kid)).not.toContain(after.keys[0]!.kid);

    const human = await stint(['keys', 'list']);
    expect(human.stdout).toMatch(new RegExp(`${after.keys[0]!.kid}\\s+ES256\\s+current`));

    // Three key_rotated events: the first key (made by the first rotate on an empty dir), its
    // scheduled successor, and the emergency rotation.
    const rotations = (await auditEvents()).filter((e) => e.event === 'key_rotated');
    expect(rotations).toHaveLength(3);
    const [first, successor] = [
      listed.keys.find((k) => k.state === 'current')!,
      listed.keys.find((k) => k.state === 'next')!,
    ];
    expect(rotations[0]).toMatchObject({
      outcome: 'success',
      kid: first.kid,
      alg: 'ES256',
      source: 'cli',
      reason: expect.stringContaining('first signing key'),
    });
    expect(rotations[1]).toMatchObject({ outcome: 'success', kid: successor.kid, source: 'cli' });
    expect(rotations[2]).toMatchObject({ outcome: 'success', kid: after.keys[0]!.kid, source: 'cli' });
    // DESIGN §9: each event carries instance; the CLI's say they are the CLI's, on which host.
    for (const event of rotations) expect(event.instance).toMatch(/^cli@.+:\d+$/);
    expect((rotations[2]!.dropped as string[]).sort()).toEqual(listed.keys.map((k) => k.kid).sort());
    expect(await verifyAuditLog(auditFile())).toMatchObject({ ok: true });
  });

  it('rotate on an overdue key set says the successor it made is published now (the rotation-due runbook)', async () => {
    // The rotator's copy of a read-only keys dir: the current key has signed past the point where
    // a successor is due (half of rotate_every) and none waits (WARN_KEY_ROTATION_DUE on the brokers).
    const own = await mkdtemp(join(tmpdir(), 'stint-keys-overdue-'));
    try {
      await writeFile(
        join(own, 'stint.yml'),
        CONFIG.replace('rotate_every: 30d, grace: 7d', 'rotate_every: 2s, grace: 1h'),
      );
      const first = await runCli(['keys', 'rotate', '--now'], { cwd: own });
      expect(first.code, first.stderr).toBe(0);
      const signsSince = Date.now();
      await vi.waitFor(() => expect(Date.now() - signsSince).toBeGreaterThan(1_200), {
        timeout: 10_000,
        interval: 100,
      });

      const rotated = await runCli(['keys', 'rotate'], { cwd: own });
      expect(rotated.code, rotated.stderr).toBe(0);
      const events = (await readFile(join(own, 'state', 'audit.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const made = events.at(-1);
      expect(made).toMatchObject({ event: 'key_rotated', reason: 'overdue successor, scheduled by stint keys rotate' });
      // The key this run made is announced once, as made; nothing claims there was nothing to do.
      expect(rotated.stdout.split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^key ${made?.kid} \\(ES256\\) is published now and signs from \\d{4}-`)),
        '',
      ]);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});

describe('stint keys list with an exposed private key', () => {
  it('still lists (exit 0) and says exactly which file to chmod', async () => {
    const before = JSON.parse((await stint(['keys', 'list', '--json'])).stdout) as {
      keys: Array<{ kid: string; state: string }>;
    };
    const current = before.keys.find((k) => k.state === 'current')!;
    const file = join(keysDir(), `${current.kid}.pem`);
    await chmod(file, 0o644);
    try {
      const listed = await stint(['keys', 'list']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toMatch(new RegExp(`${current.kid}\\s+ES256\\s+current`));
      expect(listed.stderr).toContain(`${file} is readable by other users`);
      expect(listed.stderr).toContain(`chmod 600 ${file}`);
      expect(listed.stderr).not.toContain('PRIVATE KEY');
      const json = await stint(['keys', 'list', '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual(before);
    } finally {
      await chmod(file, 0o600);
    }
    expect((await stint(['keys', 'list'])).stderr).toBe('');
  });
});

describe('stint keys (project API keys)', () => {
  it('create-api-key prints only the key on stdout; the broker store accepts it; nothing stores the key', async () => {
    const result = await stint([
      'keys',
      'create-api-key',
      '--project',
      'warehouse',
      '--name',
      'api server',
      '--expires',
      '90d',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^stint_sk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n$/);
    const key = result.stdout.trim();
    const id = key.split('_')[2]!;
    expect(result.stderr).toContain(`created API key ${id} for project warehouse`);
    expectNoSecret(result.stderr, key, 'the API key');

    const store = createMemoryStore({ apiKeyFile: join(keysDir(), 'api-keys.json') });
    expect(await verifyApiKey(store, key, Date.now())).toMatchObject({ id, project: 'warehouse', name: 'api server' });
    expect((await stat(join(keysDir(), 'api-keys.json'))).mode & 0o777).toBe(0o600);

    const secret = key.slice(`stint_sk_${id}_`.length);
    const stored = await readFile(join(keysDir(), 'api-keys.json'), 'utf8');
    expectNoSecret(stored, key, 'the API key in api-keys.json');
    expectNoSecret(stored, secret, "the API key's secret in api-keys.json");
    const audit = await readFile(auditFile(), 'utf8');
    expectNoSecret(audit, key, 'the API key in the audit log');
    expectNoSecret(audit, secret, "the API key's secret in the audit log");
    expect(audit).not.toContain('stint_sk_');
    expect((await auditEvents()).find((e) => e.event === 'apikey_created')).toMatchObject({
      api_key_id: id,
      project: 'warehouse',
      outcome: 'success',
    });

    const listed = JSON.parse((await stint(['keys', 'list-api-keys', '--json'])).stdout) as {
      api_keys: Array<Record<string, unknown>>;
    };
    expect(listed.api_keys).toEqual([
      expect.objectContaining({ id, project: 'warehouse', name: 'api server', status: 'active', revoked: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain('scrypt');

    const revoked = await stint(['keys', 'revoke-api-key', id]);
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining(`revoked API key ${id}`) });
    expect(await verifyApiKey(store, key, Date.now())).toBeUndefined();
    expect((await stint(['keys', 'list-api-keys'])).stdout).toMatch(
      new RegExp(`${id}\\s+warehouse\\s+api server.*revoked`),
    );
    expect((await auditEvents()).find((e) => e.event === 'apikey_revoked')).toMatchObject({ api_key_id: id });
    expect(await verifyAuditLog(auditFile())).toMatchObject({ ok: true });
  });

  it('refuses a project not in the config (exit 1), a missing --project (exit 2) and an unknown id (exit 1)', async () => {
    const [unknown, missing, badExpiry, unknownId] = await Promise.all([
      stint(['keys', 'create-api-key', '--project', 'nope']),
      stint(['keys', 'create-api-key']),
      stint(['keys', 'create-api-key', '--project', 'warehouse', '--expires', 'soon']),
      stint(['keys', 'revoke-api-key', '0123456789abcdef']),
    ]);
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('project nope is not in') });
    expect(unknown.stderr).toContain('projects: warehouse');
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(badExpiry).toMatchObject({ code: 2 });
    expect(unknownId).toMatchObject({ code: 1, stderr: expect.stringContaining('no API key has id 0123456789abcdef') });
  });

  it('answers --help, and refuses an unknown subcommand or flag with exit 2', async () => {
    const [help, subHelp, shred, bogus, missing] = await Promise.all([
      stint(['keys', '--help']),
      stint(['keys', 'rotate', '--help']),
      stint(['keys', 'shred']),
      stint(['keys', 'list', '--bogus']),
      stint(['keys', 'list', '--config', 'missing.yml']),
    ]);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('create-api-key --project P') });
    expect(subHelp).toMatchObject({ code: 0 });
    expect(shred).toMatchObject({ code: 2 });
    expect(bogus).toMatchObject({ code: 2 });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('missing.yml') });
  });
});
