import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/policy/config.js';
import { CLI, type RunningBroker, startBroker } from '../helpers/broker.js';
import { startRedis } from '../helpers/redis.js';

/**
 * The kit's configs started by the built broker, as a non-root user, on the volumes a platform
 * really gives it. The Kubernetes kit's writable volume is an emptyDir, which the kubelet makes
 * owned by root and mode 0777 (2777, group 65532 with fsGroup); the broker refuses to write in a
 * directory it does not own that others may write (ERR_PATH_INSECURE, docs/broker.md), so every
 * path the kit writes must be a subdirectory the broker makes itself, never the volume's root.
 * Needs root (to lay files out as root and drop to uid 65532 with setpriv), as in CI.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const UID = 65532;
const skip =
  process.getuid?.() !== 0
    ? 'not run as root: it lays out root-owned volumes and starts the broker as uid 65532'
    : spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status !== 0
      ? 'setpriv (util-linux) is not on PATH'
      : undefined;
// With CI set nothing is left out (.ci/run runs as root, installs util-linux): it runs and fails loudly instead.
const ci = process.env.CI !== undefined;
if (skip !== undefined && !ci) process.stderr.write(`test/deploy/volumes.test.ts is skipped: ${skip}\n`);

/** How the image and the Deployment run the broker: uid and gid 65532, fsGroup 65532 its one supplementary group. */
const AS_65532 = ['setpriv', `--reuid=${UID}`, `--regid=${UID}`, `--groups=${UID}`];

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp root that uid 65532 may enter (mkdtemp makes it 0700). */
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-volumes-'));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  return dir;
}

/** An emptyDir as the kubelet makes it with fsGroup 65532: root-owned, 2777, group 65532. */
function emptyDir(path: string): void {
  mkdirSync(path, { recursive: true });
  chownSync(path, 0, UID);
  chmodSync(path, 0o2777);
}

/**
 * `stint.yml` as the broker reads it from /etc/stint/stint.yml, with `/var/lib/stint` moved under
 * `root` (the volumes' layout relative to each other is kept) and `/etc/stint` made there
 * (root-owned, 0755, as a ConfigMap or a read-only mount).
 */
function install(root: string, text: string): { etc: string; volume: string; config: string } {
  const etc = join(root, 'etc/stint');
  mkdirSync(etc, { recursive: true, mode: 0o755 });
  for (let dir = etc; dir !== root; dir = dirname(dir)) chmodSync(dir, 0o755);
  return {
    etc,
    volume: join(root, 'var/lib/stint'),
    config: text.replaceAll('/var/lib/stint', join(root, 'var/lib/stint')),
  };
}

/** Every path under `dir` that group or others may write, or that uid 65532 does not own (symlinks aside). */
function notPrivate(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const info = lstatSync(join(dir, name));
    if (info.isSymbolicLink()) continue;
    if (info.uid !== UID || (info.mode & 0o022) !== 0)
      found.push(`${name} (uid ${info.uid}, mode ${(info.mode & 0o7777).toString(8)})`);
  }
  return found;
}

async function expectServing(broker: RunningBroker): Promise<void> {
  for (const path of ['/livez', '/readyz']) {
    const response = await fetch(`${broker.url}${path}`);
    expect(response.status, `${path}: ${await response.text()}\n${broker.output()}`).toBe(200);
  }
}

describe.runIf(skip === undefined || ci)('the kit on the volumes it is given, as uid 65532', () => {
  beforeAll(() => {
    expect(skip, 'with CI set this runs as root with setpriv, as .ci/run does').toBeUndefined();
  });
  it('deploy/kubernetes: the ConfigMap config starts on the emptyDir (root 2777) with keys from a read-only Secret', async () => {
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy/kubernetes/configmap.yaml'), 'utf8'));
    const configMap = docs[0]!.toJS() as IConfigMap;
    const deployment = parseAllDocuments(
      readFileSync(join(ROOT, 'deploy/kubernetes/deployment.yaml'), 'utf8'),
    )[0]!.toJS() as IDeployment;
    const text = configMap.data!['stint.yml']!;
    const mounts = deployment.spec!.template.spec!.containers[0]!.volumeMounts!;
    const stateMount = mounts.find((m) => m.name === 'state')!.mountPath;
    const keysMount = mounts.find((m) => m.name === 'keys')!.mountPath;
    expect(stateMount).toBe('/var/lib/stint');
    expect(deployment.spec!.template.spec!.securityContext).toMatchObject({
      runAsUser: UID,
      runAsGroup: UID,
      fsGroup: UID,
    });

    // The store is Redis in this kit: a real one, with a password from the env as the Secret gives it.
    const redis = await startRedis({ password: 'kit-redis-password' });
    const root = tempRoot();
    try {
      const { etc, volume, config } = install(root, text.replace(/redis:\/\/stint-redis:6379/, redis.url));
      expect(config).toContain(redis.url);

      // The Secret stint-keys: made by `stint keys rotate` where a dir is writable (root here),
      // then laid out as the kubelet does in the emptyDir's keys mount: timestamped dir,
      // `..data` symlink to it, one symlink per file; files 0440 group 65532 (defaultMode 0400
      // plus fsGroup). The kubelet mounts it read-only; here it is a dir uid 65532 cannot write,
      // which the broker's write probe takes the same way.
      const rotator = join(root, 'rotator');
      const rotatorConfig = join(rotator, 'stint.yml');
      mkdirSync(rotator);
      writeFileSync(rotatorConfig, config.replaceAll(volume, rotator));
      execFileSync(process.execPath, [CLI, 'keys', 'rotate', '--config', rotatorConfig], {
        env: { ...process.env, STINT_REDIS_PASSWORD: 'kit-redis-password' },
      });
      emptyDir(volume);
      const keys = join(root, keysMount.replace('/var/lib/stint', 'var/lib/stint'));
      const data = join(keys, '..2026_12_06_07_00_00.000000000');
      mkdirSync(data, { recursive: true });
      for (const name of readdirSync(join(rotator, 'keys'))) {
        cpSync(join(rotator, 'keys', name), join(data, name));
        chownSync(join(data, name), 0, UID);
        chmodSync(join(data, name), 0o440);
        symlinkSync(join('..data', name), join(keys, name));
      }
      symlinkSync(relative(keys, data), join(keys, '..data'));
      for (const dir of [keys, data]) {
        chownSync(dir, 0, UID);
        chmodSync(dir, 0o2750);
      }

      const broker = await startBroker({
        dir: etc,
        configYaml: config,
        launcher: AS_65532,
        env: { STINT_REDIS_PASSWORD: 'kit-redis-password' },
      });
      try {
        await expectServing(broker);
        expect(broker.output()).toContain('is read-only for this broker: serving its keys without writing there');
        // What it wrote is in directories it made itself, private to it; the volume's root is untouched.
        const written = readdirSync(volume).filter((name) => name !== 'keys');
        expect(written.length).toBeGreaterThan(0);
        for (const name of written) expect(notPrivate(join(volume, name)), name).toEqual([]);
        const { config: parsed } = parseConfig(config, join(etc, 'stint.yml'));
        expect(statSync(parsed.audit.file!).uid).toBe(UID);
        expect(dirname(parsed.audit.file!)).not.toBe(volume);
      } finally {
        await broker.stop();
      }
    } finally {
      await redis.stop();
    }
  }, 180_000);

  it('deploy/stint.yml (image and unit): the embedded store, keys and audit log start on a root-owned 2777 volume', async () => {
    // The image's own volume is owned by 65532 and systemd's StateDirectory by the dynamic user;
    // a volume a platform makes (an emptyDir, a driver's) may be root's and world-writable. The
    // config must not care: everything it writes is in a subdirectory the broker makes.
    const root = tempRoot();
    const { etc, volume, config } = install(root, readFileSync(join(ROOT, 'deploy/stint.yml'), 'utf8'));
    emptyDir(volume);
    const broker = await startBroker({ dir: etc, configYaml: config, launcher: AS_65532 });
    try {
      await expectServing(broker);
      const { config: parsed } = parseConfig(config, join(etc, 'stint.yml'));
      expect(parsed.store).toMatchObject({ kind: 'memory', dir: expect.stringMatching(new RegExp(`^${volume}/`)) });
      const written = readdirSync(volume).sort();
      expect(written).toEqual(expect.arrayContaining(['keys', 'state']));
      for (const name of written) expect(notPrivate(join(volume, name)), name).toEqual([]);
      expect(statSync(parsed.audit.file!).uid).toBe(UID);
      expect(dirname(parsed.audit.file!)).not.toBe(volume);
    } finally {
      await broker.stop();
    }
  }, 180_000);
});
