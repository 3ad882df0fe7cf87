import { renameSync } from 'node:fs';
import { chmod, chown, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeySet, rotateKeysNow, type SigningAlgorithm } from '../../src/tokens/keyset.js';
import { signCompactJws } from '../../src/tokens/signer.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

let root: string;
let counter = 0;
const freshDir = () => join(root, `keys-${++counter}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stint-keyset-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function clock(start = T0) {
  let t = start;
  return { now: () => t, set: (ms: number) => (t = ms) };
}

async function signAndVerify(keys: Awaited<ReturnType<typeof openKeySet>>): Promise<string> {
  const jwt = await signCompactJws(keys.current(), {}, { probe: true });
  const { protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(keys.jwks()));
  return protectedHeader.kid!;
}

describe('openKeySet', () => {
  it('creates an ES256 key by default: dir 0700, manifest and private key 0600, kid = RFC 7638 thumbprint', async () => {
    const dir = freshDir();
    const keys = await openKeySet({ dir, rotateEverySec: 30 * 86400, graceSec: 7 * 86400 });
    const { kid, alg } = keys.current();
    expect(alg).toBe('ES256');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'keys.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, `${kid}.pem`))).mode & 0o777).toBe(0o600);
    const [jwk] = keys.jwks().keys;
    expect(keys.jwks().keys).toHaveLength(1);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid, alg: 'ES256', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    const { kid: _k, alg: _a, use: _u, ...members } = jwk!;
    expect(await calculateJwkThumbprint(members, 'sha256')).toBe(kid);
    // The manifest is public material only.
    expect(await readFile(join(dir, 'keys.json'), 'utf8')).not.toMatch(/"d"\s*:/);
  });

  it.each<[SigningAlgorithm, Record<string, string>]>([
    ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
    ['ES256', { kty: 'EC', crv: 'P-256' }],
    ['RS256', { kty: 'RSA' }],
  ])('%s keys sign tokens that verify against jwks() with jose', async (algorithm, shape) => {
    const keys = await openKeySet({ dir: freshDir(), algorithm, rotateEverySec: 86400, graceSec: 3600 });
    expect(keys.current().alg).toBe(algorithm);
    expect(keys.jwks().keys[0]).toMatchObject({ ...shape, alg: algorithm });
    expect(await signAndVerify(keys)).toBe(keys.current().kid);
  });

  it('persists across reopen: the same key signs and verifies', async () => {
    const dir = freshDir();
    const first = await openKeySet({ dir, algorithm: 'ES256', rotateEverySec: 86400, graceSec: 3600 });
    const kid = first.current().kid;
    const second = await openKeySet({ dir, algorithm: 'ES256', rotateEverySec: 86400, graceSec: 3600 });
    expect(second.current().kid).toBe(kid);
    expect(await signAndVerify(second)).toBe(kid);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['keys.json', `${kid}.pem`]));
  });

  it('two processes opening a fresh dir at once end up with one key', async () => {
    const dir = freshDir();
    const [a, b] = await Promise.all([
      openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 }),
      openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 }),
    ]);
    expect(a.current().kid).toBe(b.current().kid);
    expect((await readdir(dir)).filter((n) => n.endsWith('.pem'))).toHaveLength(1);
  });

  it('follows the scheduled rotation timeline: publish ahead, switch, grace, gone', async () => {
    const dir = freshDir();
    const c = clock();
    // rotate_every 30d, grace 7d → publish-ahead min(24h, 7d, 15d) = 24h.
    const changes: Array<{ generated: Array<{ kid: string; state: string }>; removed: string[]; reason: string }> = [];
    const keys = await openKeySet({
      dir,
      rotateEverySec: 30 * 86400,
      graceSec: 7 * 86400,
      now: c.now,
      onChange: (change) => void changes.push(change),
    });
    const k1 = keys.current().kid;
    expect(changes).toEqual([
      {
        generated: [expect.objectContaining({ kid: k1, state: 'current' })],
        removed: [],
        reason: `no signing key in ${dir} yet: the first one signs at once`,
      },
    ]);

    c.set(T0 + 29 * DAY - 1);
    expect(await keys.maintain()).toBe(false);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([k1]);

    c.set(T0 + 29 * DAY);
    expect(await keys.maintain()).toBe(true);
    const next = keys.list().find((k) => k.state === 'next')!;
    expect(next.activatesAtMs).toBe(T0 + 30 * DAY);
    const k2 = next.kid;
    expect(keys.current().kid).toBe(k1); // published, not yet signing
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([k1, k2]);
    expect(keys.list().find((k) => k.kid === k1)).toMatchObject({ state: 'current', retiresAtMs: T0 + 37 * DAY });
    expect(await keys.maintain()).toBe(false); // only one key waits

    c.set(T0 + 30 * DAY - 1);
    expect(keys.current().kid).toBe(k1);
    c.set(T0 + 30 * DAY);
    expect(keys.current().kid).toBe(k2); // switches without any call
    expect(await signAndVerify(keys)).toBe(k2);
    expect(keys.list().map((k) => [k.kid, k.state])).toEqual([
      [k2, 'current'],
      [k1, 'grace'],
    ]);
    await keys.maintain();
    // The old private key is gone once it stops signing; its public key stays for grace.
    expect(await readdir(dir)).not.toContain(`${k1}.pem`);
    expect(keys.publicKey(k1)).toMatchObject({ kid: k1 });

    c.set(T0 + 37 * DAY - 1);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([k2, k1]);
    expect(keys.retired()).toEqual([]);
    c.set(T0 + 37 * DAY);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([k2]);
    expect(keys.publicKey(k1)).toBeUndefined();
    expect(keys.retired()).toEqual([k1]); // retired by the clock, before maintenance removes it
    expect(await keys.maintain()).toBe(true); // drops k1 from the manifest
    expect(changes.map((c) => [c.generated.map((g) => [g.kid, g.state]), c.removed])).toEqual([
      [[[k1, 'current']], []],
      [[[k2, 'next']], []],
      [[], [k1]],
    ]);
    // The manifest names k1 only in its lineage, so peers still signing with it are known to be behind.
    const manifest = JSON.parse(await readFile(join(dir, 'keys.json'), 'utf8')) as {
      keys: { kid: string }[];
      retired: string[];
    };
    expect(manifest.keys.map((k) => k.kid)).toEqual([k2]);
    expect(manifest.retired).toEqual([k1]);
    expect(keys.retired()).toEqual([k1]);

    // The next period repeats: k3 is published a day before it signs.
    c.set(T0 + 59 * DAY);
    await keys.maintain();
    expect(keys.list().map((k) => k.state)).toEqual(['current', 'next']);
  });

  it('after downtime past the rotation date it still publishes the new key ahead of signing', async () => {
    const c = clock();
    const dir = freshDir();
    await openKeySet({ dir, rotateEverySec: 10 * 86400, graceSec: 2 * 86400, now: c.now });
    c.set(T0 + 100 * DAY);
    const keys = await openKeySet({ dir, rotateEverySec: 10 * 86400, graceSec: 2 * 86400, now: c.now });
    const waiting = keys.list().find((k) => k.state === 'next')!;
    expect(waiting.activatesAtMs).toBe(T0 + 101 * DAY);
    expect(keys.current().kid).not.toBe(waiting.kid);
  });

  it('rotate() schedules one successor, published before it signs; a second call returns the same one', async () => {
    const c = clock();
    const keys = await openKeySet({ dir: freshDir(), rotateEverySec: 30 * 86400, graceSec: 3600, now: c.now });
    const old = keys.current().kid;
    const first = await keys.rotate();
    expect(first).toMatchObject({ generated: true, dropped: [], key: { state: 'next', activatesAtMs: T0 + 3600_000 } });
    expect(keys.current().kid).toBe(old);
    expect(keys.jwks().keys.map((k) => k.kid)).toContain(first.key.kid);
    const again = await keys.rotate({ now: false });
    expect(again).toMatchObject({ generated: false, key: { kid: first.key.kid } });
    c.set(T0 + 3600_000);
    expect(keys.current().kid).toBe(first.key.kid);
  });

  it('rotate({now: true}) signs with the new key at once and drops every old key from the JWKS and disk', async () => {
    const c = clock();
    const dir = freshDir();
    const keys = await openKeySet({ dir, rotateEverySec: 30 * 86400, graceSec: 7 * 86400, now: c.now });
    const old = keys.current().kid;
    const scheduled = (await keys.rotate()).key.kid;
    const result = await keys.rotate({ now: true });
    expect(result.dropped.sort()).toEqual([old, scheduled].sort());
    expect(keys.current().kid).toBe(result.key.kid);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([result.key.kid]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.pem'))).toEqual([`${result.key.kid}.pem`]);
    // Every dropped kid stays in the lineage, newest rotation first, earlier ones after.
    expect(keys.retired().sort()).toEqual([old, scheduled].sort());
    const again = await keys.rotate({ now: true });
    expect(keys.retired()).toEqual([result.key.kid, ...keys.retired().slice(1)]);
    expect(keys.retired().sort()).toEqual([old, scheduled, result.key.kid].sort());
    expect(again.dropped).toEqual([result.key.kid]);
  });

  it('reload() picks up a rotation made by another process', async () => {
    const dir = freshDir();
    const broker = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    const cli = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    const { key } = await cli.rotate({ now: true });
    expect(broker.current().kid).not.toBe(key.kid);
    await broker.reload();
    expect(broker.current().kid).toBe(key.kid);
    expect(broker.jwks().keys.map((k) => k.kid)).toEqual([key.kid]);
  });

  it.runIf(process.getuid?.() === 0 || process.env.CI !== undefined)(
    "run as root on a broker user's dir, rotation keeps the files' owner, group and group-read bit, and the dir's group bits",
    async () => {
      expect(process.getuid?.(), 'with CI set this runs as root, as .ci/run does').toBe(0);
      const dir = freshDir();
      await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
      // The broker's user (65532) owns the dir; its files are 0640, the dir 0750 (and 0o007 that must go).
      for (const name of await readdir(dir)) {
        await chown(join(dir, name), 65532, 65532);
        await chmod(join(dir, name), 0o640);
      }
      await chown(dir, 65532, 65532);
      await chmod(dir, 0o757);
      const { key } = await rotateKeysNow({ dir });
      const names = async (): Promise<string[]> => (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
      for (const name of await names()) {
        const info = await stat(join(dir, name));
        expect(`${name} ${info.uid}:${info.gid} ${(info.mode & 0o777).toString(8)}`).toBe(`${name} 65532:65532 640`);
      }
      expect(await names()).toEqual([`${key.kid}.pem`, 'keys.json'].sort());
      const info = await stat(dir);
      expect(`${info.uid}:${info.gid} ${(info.mode & 0o777).toString(8)}`).toBe('65532:65532 750');
    },
  );

  it('stops signing while a re-read fails, rather than sign with a key the change may have dropped, and signs again once one succeeds', async () => {
    const dir = freshDir();
    const told: Array<string | undefined> = [];
    const broker = await openKeySet({
      dir,
      rotateEverySec: 86400,
      graceSec: 3600,
      onReload: (failure) => told.push(failure?.code),
    });
    const held = broker.current().kid;
    const cli = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    const { key } = await cli.rotate({ now: true });
    const manifest = await readFile(join(dir, 'keys.json'), 'utf8');
    await writeFile(join(dir, 'keys.json'), '{ half written');
    await expect(broker.reload()).rejects.toMatchObject({ code: 'ERR_KEYS_CORRUPT' });
    expect(() => broker.current()).toThrow(
      expect.objectContaining({ code: 'ERR_KEYS_UNREADABLE', reason: 'ERR_KEYS_CORRUPT' }),
    );
    expect(broker.jwks().keys.map((k) => k.kid)).toEqual([held]);
    // Nor does it vouch for tokens the held key signed (introspection, revocation).
    expect(() => broker.publicKey(held)).toThrow(expect.objectContaining({ code: 'ERR_KEYS_UNREADABLE' }));
    await expect(broker.reload()).rejects.toMatchObject({ code: 'ERR_KEYS_CORRUPT' });
    expect(told).toEqual(['ERR_KEYS_UNREADABLE', 'ERR_KEYS_UNREADABLE']);
    await writeFile(join(dir, 'keys.json'), manifest);
    await broker.reload();
    expect(broker.current().kid).toBe(key.kid);
    expect(told).toEqual(['ERR_KEYS_UNREADABLE', 'ERR_KEYS_UNREADABLE', undefined]);
    await broker.reload();
    expect(told).toHaveLength(3);
  });

  it('a re-read that meets a rotation half done (a key file keys.json names not there yet) tries again and signs on', async () => {
    const dir = freshDir();
    const told: Array<string | undefined> = [];
    const broker = await openKeySet({
      dir,
      rotateEverySec: 86400,
      graceSec: 3600,
      onReload: (failure) => told.push(failure?.code),
    });
    const cli = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    const { key } = await cli.rotate({ now: true });
    // keys.json names a key file that is not there: as when the manifest was read just before the
    // rotator replaced it, and the key file it names was then deleted.
    const pem = join(dir, `${key.kid}.pem`);
    await rename(pem, `${pem}.later`);
    // Written a moment later: this timer is due before the re-read's first wait ends.
    setTimeout(() => renameSync(`${pem}.later`, pem), 20);
    await broker.reload();
    expect(broker.current().kid).toBe(key.kid);
    expect(told).toEqual([]);
  });

  it('stops signing when maintain() finds a writable dir it cannot read (no watch event: NFS), and signs again once it can', async () => {
    const dir = freshDir();
    const told: Array<string | undefined> = [];
    const broker = await openKeySet({
      dir,
      rotateEverySec: 86400,
      graceSec: 3600,
      onReload: (failure) => told.push(failure?.code),
    });
    const held = broker.current().kid;
    const manifest = await readFile(join(dir, 'keys.json'), 'utf8');
    await writeFile(join(dir, 'keys.json'), '{ half written');
    await expect(broker.maintain()).rejects.toMatchObject({ code: 'ERR_KEYS_CORRUPT' });
    expect(() => broker.current()).toThrow(expect.objectContaining({ code: 'ERR_KEYS_UNREADABLE' }));
    expect(() => broker.publicKey(held)).toThrow(expect.objectContaining({ code: 'ERR_KEYS_UNREADABLE' }));
    expect(told).toEqual(['ERR_KEYS_UNREADABLE']);
    await writeFile(join(dir, 'keys.json'), manifest);
    expect(await broker.maintain()).toBe(false);
    expect(broker.current().kid).toBe(held);
    expect(broker.publicKey(held)?.kid).toBe(held);
    expect(told).toEqual(['ERR_KEYS_UNREADABLE', undefined]);
  });

  it("maintain() re-reads the dir too, so the broker's maintenance timer catches what fs.watch misses (NFS)", async () => {
    const dir = freshDir();
    const broker = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    const cli = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    const { key } = await cli.rotate({ now: true });
    expect(await broker.maintain()).toBe(false);
    expect(broker.current().kid).toBe(key.kid);
    expect(broker.jwks().keys.map((k) => k.kid)).toEqual([key.kid]);
  });

  it('refuses a private key readable by others (ERR_KEYS_INSECURE) and a broken manifest (ERR_KEYS_CORRUPT)', async () => {
    const dir = freshDir();
    const keys = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    await chmod(join(dir, `${keys.current().kid}.pem`), 0o644);
    await expect(openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 })).rejects.toMatchObject({
      code: 'ERR_KEYS_INSECURE',
    });
    await writeFile(join(dir, 'keys.json'), '{"version":1,"keys":[{"kid":"../../etc/passwd"}]}');
    await expect(openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 })).rejects.toMatchObject({
      code: 'ERR_KEYS_CORRUPT',
    });
  });

  it('rotateKeysNow recovers a damaged dir: corrupt manifest, missing or exposed private keys', async () => {
    const dir = freshDir();
    const keys = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    const old = keys.current().kid;
    await chmod(join(dir, `${old}.pem`), 0o644);
    await writeFile(join(dir, 'keys.json'), 'not json');
    await expect(openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 })).rejects.toMatchObject({
      code: 'ERR_KEYS_CORRUPT',
    });
    const result = await rotateKeysNow({ dir, algorithm: 'ES256' });
    expect(result.dropped).toEqual([old]);
    expect(await readdir(dir)).not.toContain(`${old}.pem`);
    const reopened = await openKeySet({ dir, rotateEverySec: 86400, graceSec: 3600 });
    expect(reopened.current()).toMatchObject({ kid: result.key.kid, alg: 'ES256' });
    expect(await signAndVerify(reopened)).toBe(result.key.kid);
  });

  it('refuses an unknown algorithm and a bad schedule', async () => {
    await expect(
      openKeySet({ dir: freshDir(), algorithm: 'HS256' as SigningAlgorithm, rotateEverySec: 1, graceSec: 0 }),
    ).rejects.toMatchObject({ code: 'ERR_KEYS_ALGORITHM' });
    await expect(openKeySet({ dir: freshDir(), rotateEverySec: 0, graceSec: 0 })).rejects.toMatchObject({
      code: 'ERR_KEYS_SCHEDULE',
    });
  });
});
