import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CLI, logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';

/**
 * Project API keys with a lifetime (issue 20 item 4), through the built CLI and a built broker:
 * the 90-day default and `--expires never`, keys stored before expiry existed, last use (written
 * at most once a minute per key), and the warnings and gauges ahead of an expiry.
 */
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
  billing:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/billing:ref:refs/heads/main
`;
const DAY = 86_400_000;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-apikey-life-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'stint.yml'), CONFIG);
  return dir;
}

function stint(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface ListedKey {
  id: string;
  project: string;
  expires: string | null;
  last_used: string | null;
  status: string;
}
async function listed(dir: string): Promise<{ keys: ListedKey[]; stderr: string }> {
  const result = await stint(dir, ['keys', 'list-api-keys', '--json']);
  expect(result.code).toBe(0);
  return { keys: (JSON.parse(result.stdout) as { api_keys: ListedKey[] }).api_keys, stderr: result.stderr };
}

async function create(dir: string, args: string[]): Promise<{ key: string; id: string; stderr: string }> {
  const result = await stint(dir, ['keys', 'create-api-key', '--project', 'warehouse', ...args]);
  expect(result.code).toBe(0);
  const key = result.stdout.trim();
  return { key, id: key.split('_')[2]!, stderr: result.stderr };
}

/** A record exactly as stint wrote it before keys had an expiry or a last use: those fields removed. */
function makeLegacy(dir: string, id: string): void {
  const file = join(dir, 'state/keys/api-keys.json');
  const content = JSON.parse(readFileSync(file, 'utf8')) as { keys: Array<Record<string, unknown>> };
  for (const record of content.keys) {
    if (record.id !== id) continue;
    delete record.expiresAtMs;
    delete record.lastUsedAtMs;
    expect(Object.keys(record).sort()).toEqual(['createdAtMs', 'hash', 'id', 'name', 'project']);
  }
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}

describe('stint keys create-api-key and list-api-keys', () => {
  it('expire in 90 days unless --expires says otherwise; never opts out, and is warned about with a rotation hint', async () => {
    const dir = configDir();
    const before = Date.now();
    const plain = await create(dir, []);
    const short = await create(dir, ['--expires', '3d']);
    const forever = await create(dir, ['--expires', 'never']);
    expect(plain.stderr).toMatch(new RegExp(`created API key ${plain.id} for project warehouse \\(expires 20\\S+Z\\)`));
    expect(forever.stderr).toContain('(never expires)');

    const { keys, stderr } = await listed(dir);
    const byId = new Map(keys.map((k) => [k.id, k]));
    const expiry = (id: string) => Date.parse(byId.get(id)!.expires!);
    expect(expiry(plain.id)).toBeGreaterThanOrEqual(before + 90 * DAY - 1000);
    expect(expiry(plain.id)).toBeLessThanOrEqual(Date.now() + 90 * DAY);
    expect(expiry(short.id) - before).toBeLessThan(3 * DAY + 60_000);
    expect(byId.get(forever.id)).toMatchObject({ expires: null, last_used: null, status: 'active' });
    expect(byId.get(plain.id)).toMatchObject({ last_used: null, status: 'active' });
    // Warnings go to stderr (stdout stays one JSON document), one per key that needs acting on.
    expect(stderr).toContain(
      `stint: warning: API key ${forever.id} (project warehouse) never expires; rotate it: create its successor (it expires in 90 days), move its user to it, then revoke ${forever.id}`,
    );
    expect(stderr).toMatch(
      new RegExp(
        `stint: warning: API key ${short.id} \\(project warehouse\\) expires \\S+; create its successor, move its user to it, then revoke ${short.id}`,
      ),
    );
    expect(stderr).not.toContain(plain.id);

    const table = await stint(dir, ['keys', 'list-api-keys']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+PROJECT\s+NAME\s+CREATED\s+EXPIRES\s+LAST USED\s+STATUS$/);
    expect(table.stdout).toMatch(new RegExp(`${forever.id}\\s+warehouse\\s+-\\s+\\S+\\s+never\\s+-\\s+active`));
  });

  it('reads a key stored before keys had an expiry as one that never expires, and warns', async () => {
    const dir = configDir();
    const old = await create(dir, ['--name', 'old api']);
    makeLegacy(dir, old.id);
    const { keys, stderr } = await listed(dir);
    expect(keys).toEqual([expect.objectContaining({ id: old.id, expires: null, last_used: null, status: 'active' })]);
    expect(stderr).toContain(`API key ${old.id} (project warehouse) never expires; rotate it`);
  });

  it('refuses an --expires that is neither a duration nor never (exit 2, nothing created)', async () => {
    const dir = configDir();
    const result = await stint(dir, ['keys', 'create-api-key', '--project', 'warehouse', '--expires', 'forever']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('or never');
    expect((await listed(dir)).keys).toEqual([]);
  });
});

describe('a running broker and its API keys', () => {
  let broker: RunningBroker | undefined;
  afterAll(async () => {
    await broker?.stop();
  });

  it('warns about a key expiring within 14 days and one that never expires, exports the gauges, and records last use at most once a minute', async () => {
    const dir = configDir();
    const soon = await create(dir, ['--expires', '5d', '--name', 'nightly export']);
    const later = await create(dir, []);
    const old = await create(dir, []);
    makeLegacy(dir, old.id);
    const billing = await stint(dir, ['keys', 'create-api-key', '--project', 'billing', '--expires', '30d']);
    expect(billing.code).toBe(0);
    // An mTLS CA 10 days from its end (the broker renews it only when it next issues a certificate).
    mkdirSync(join(dir, 'state/keys/ca'), { recursive: true, mode: 0o700 });
    const ca = selfSignedCertificate({ days: 10, commonName: 'stint test CA', subjectAltName: null });
    const caPem = join(dir, 'state/keys/ca/ca.pem');
    writeFileSync(caPem, ca.cert + ca.key, { mode: 0o600 });
    chmodSync(caPem, 0o600);

    broker = await startBroker({ configYaml: CONFIG, dir });
    const running = broker;
    const warnings = () => logEntries(running.output()).filter((e) => e.level === 'warn');
    await vi.waitFor(() => expect(warnings().map((e) => e.event)).toContain('certificate_expiring'), {
      timeout: 60_000,
      interval: 50,
    });
    expect(warnings()).toContainEqual(
      expect.objectContaining({
        event: 'apikey_expiring',
        code: 'WARN_APIKEY_EXPIRING',
        api_key_id: soon.id,
        project: 'warehouse',
        msg: expect.stringMatching(
          new RegExp(
            `^API key ${soon.id} \\(project warehouse, nightly export\\) expires \\S+ \\(in 4 days\\); create its successor with \`stint keys create-api-key --project warehouse\`, move its user to it, then revoke this one$`,
          ),
        ),
      }),
    );
    expect(warnings()).toContainEqual(
      expect.objectContaining({ event: 'apikey_no_expiry', code: 'WARN_APIKEY_NO_EXPIRY', api_key_id: old.id }),
    );
    expect(warnings()).toContainEqual(
      expect.objectContaining({
        code: 'WARN_CERT_EXPIRING',
        certificate: 'mtls_ca',
        msg: expect.stringContaining('(in 9 days), not renewed yet'),
      }),
    );
    // Nothing about the keys that are fine.
    const warned = JSON.stringify(warnings());
    expect(warned).not.toContain(later.id);
    expect(warned).not.toContain('stint_sk_');

    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('stint_apikeys_expiring{project="warehouse"} 1\n');
    expect(metrics).toContain('stint_apikeys_expiring{project="billing"} 0\n');
    const expirySeconds = (id: string) =>
      Number(
        new RegExp(`stint_apikey_expiry_timestamp_seconds\\{id="${id}",project="warehouse"\\} (\\d+)`).exec(
          metrics,
        )?.[1],
      );
    expect(expirySeconds(soon.id) * 1000).toBeGreaterThan(Date.now() + 4 * DAY);
    expect(expirySeconds(later.id) * 1000).toBeGreaterThan(Date.now() + 89 * DAY);
    expect(metrics).not.toContain(`id="${old.id}"`);
    const caSeconds = Number(
      /stint_certificate_expiry_timestamp_seconds\{certificate="mtls_ca"\} (\d+)/.exec(metrics)?.[1],
    );
    expect(caSeconds * 1000 - Date.now()).toBeGreaterThan(9 * DAY);
    expect(caSeconds * 1000 - Date.now()).toBeLessThan(10 * DAY + 60_000);
    expect(metrics).toContain('stint_signing_key_rotation_due 0\n');
    // Prometheus's own parser accepts the exposition.
    expect(await promtoolCheckMetrics(metrics)).toMatchObject({ code: 0 });

    // Last use: none yet; a successful introspection records it; more within the minute write nothing.
    expect((await listed(dir)).keys.find((k) => k.id === later.id)).toMatchObject({ last_used: null });
    const introspect = async () => {
      const response = await fetch(`${running.url}/oauth2/introspect`, {
        method: 'POST',
        headers: { authorization: `Bearer ${later.key}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=not-a-token',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ active: false });
    };
    const used = Date.now();
    await introspect();
    let first = '';
    await vi.waitFor(
      async () => {
        first = (await listed(dir)).keys.find((k) => k.id === later.id)?.last_used ?? '';
        expect(first).not.toBe('');
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(Date.parse(first)).toBeGreaterThanOrEqual(used - 1000);
    expect(Date.parse(first)).toBeLessThanOrEqual(Date.now());
    const file = join(dir, 'state/keys/api-keys.json');
    const written = readFileSync(file, 'utf8');
    for (let i = 0; i < 5; i++) await introspect();
    // A refused key records nothing.
    const refused = await fetch(`${running.url}/oauth2/introspect`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${soon.key.slice(0, -2)}xx`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'token=not-a-token',
    });
    expect(refused.status).toBe(401);
    expect(readFileSync(file, 'utf8')).toBe(written);
    const after = (await listed(dir)).keys;
    expect(after.find((k) => k.id === later.id)?.last_used).toBe(first);
    expect(after.find((k) => k.id === soon.id)?.last_used).toBeNull();
    // A key stored before keys expired by default still authenticates (it never expires).
    const legacy = await fetch(`${running.url}/oauth2/introspect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${old.key}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=not-a-token',
    });
    expect(legacy.status).toBe(200);
    // The table shows it too.
    expect((await stint(dir, ['keys', 'list-api-keys'])).stdout).toMatch(
      new RegExp(`${later.id}\\s+warehouse\\s+-\\s+\\S+\\s+\\S+\\s+${first.replace(/\./g, '\\.')}\\s+active`),
    );
  });

  it('counts introspections refused for an expired key apart from strangers (StintApiKeyExpiredInUse reads it)', async () => {
    const dir = configDir();
    const tiny = await create(dir, ['--expires', '2s', '--name', 'tiny']);
    const expiresAt = Date.now() + 2_000;
    const running = await startBroker({ configYaml: CONFIG, dir });
    try {
      const introspect = async (key: string) =>
        (
          await fetch(`${running.url}/oauth2/introspect`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
            body: 'token=not-a-token',
          })
        ).status;
      const denied = async () => {
        const text = await (await fetch(`${running.url}/metrics`)).text();
        return Object.fromEntries(
          [...text.matchAll(/^stint_introspection_denied_total\{reason="([a-z_]+)"\} (\d+)$/gm)].map((m) => [
            m[1],
            Number(m[2]),
          ]),
        );
      };
      expect(await denied()).toEqual({
        no_credentials: 0,
        malformed: 0,
        unknown_id: 0,
        wrong_secret: 0,
        revoked: 0,
        expired: 0,
        project_removed: 0,
      });
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(expiresAt + 500), { timeout: 30_000, interval: 100 });
      // The resource server still using it, twice; a stranger with its id and a wrong secret, once.
      expect(await introspect(tiny.key)).toBe(401);
      expect(await introspect(tiny.key)).toBe(401);
      expect(await introspect(`${tiny.key.slice(0, -2)}xx`)).toBe(401);
      expect(await denied()).toMatchObject({ expired: 2, wrong_secret: 1, unknown_id: 0 });
      expect(await promtoolCheckMetrics(await (await fetch(`${running.url}/metrics`)).text())).toMatchObject({
        code: 0,
      });
    } finally {
      await running.stop();
    }
  });
});

function promtoolCheckMetrics(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => done({ code, output }));
    child.stdin.end(text);
  });
}
