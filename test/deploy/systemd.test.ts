import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/policy/config.js';
import { startBroker } from '../helpers/broker.js';
import { ciBrokerConfig } from '../helpers/ci-issuers.js';
import { writeSelfSignedCertificate } from '../helpers/tls-cert.js';
import { baseEnv, run } from '../recipes/helpers.js';

/**
 * deploy/systemd/stint.service: `systemd-analyze verify` has nothing to say about it, and
 * `systemd-analyze security --offline=yes` rates its exposure low. Both run on the unit file
 * alone; no running systemd is needed.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const UNIT = readFileSync(join(ROOT, 'deploy/systemd/stint.service'), 'utf8');
/** The drop-in for HTTPS, as systemd merges it after the unit (an empty ExecStart= resets the list). */
const TLS_DROP_IN = readFileSync(join(ROOT, 'deploy/systemd/tls.conf'), 'utf8');
const WITH_TLS = `${UNIT}\n${TLS_DROP_IN}`;
const NODE = '/usr/bin/node';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Writes the unit to a temp dir as stint.service. verify checks that ExecStart's program exists,
 * so the node it names is swapped for the one running this test (it may live elsewhere here).
 */
function unitFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-systemd-'));
  dirs.push(dir);
  const file = join(dir, 'stint.service');
  writeFileSync(file, text.replaceAll(`ExecStart=${NODE} `, `ExecStart=${process.execPath} `));
  return file;
}

const analyze = (args: string[]) =>
  run('systemd-analyze', args, { env: baseEnv({ SYSTEMD_LOG_COLOR: '0', SYSTEMD_COLORS: '0' }) });

/** The unit's directives as name → values, in order (a name may repeat). */
function directives(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) map.set(match[1]!, [...(map.get(match[1]!) ?? []), match[2]!]);
  }
  return map;
}

describe('deploy/systemd/stint.service', () => {
  it('systemd-analyze verify: clean, no warning at all', async () => {
    const result = await analyze(['verify', unitFile(UNIT)]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('systemd-analyze verify would speak up about a misspelt directive or a missing program', async () => {
    const typo = await analyze(['verify', unitFile(UNIT.replace(/^ProtectSystem=strict$/m, 'ProtectSytem=strict'))]);
    expect(typo.stderr).toMatch(/Unknown key name 'ProtectSytem'|Unknown key 'ProtectSytem'/);
    const missing = await analyze([
      'verify',
      unitFile(UNIT.replace(`ExecStart=${NODE} `, 'ExecStart=/nonexistent/node ')),
    ]);
    expect(missing.stderr).toMatch(/\/nonexistent\/node is not executable/);
    expect(missing.code).not.toBe(0);
  });

  it('systemd-analyze security rates its exposure at most 2.0 of 10', async () => {
    const result = await analyze(['security', '--offline=yes', unitFile(UNIT)]);
    const level = /Overall exposure level for stint\.service: (\d+\.\d+)/.exec(result.stdout);
    expect(level, result.stdout + result.stderr).not.toBeNull();
    expect(Number(level![1])).toBeLessThanOrEqual(2.0);
  });

  it('runs the broker as a throwaway user that can write only its state directory', () => {
    const unit = directives(UNIT);
    expect(unit.get('ExecStart')).toEqual([
      `${NODE} /opt/stint/dist/cli/index.js serve --config /etc/stint/stint.yml --host 127.0.0.1 --port 8080`,
    ]);
    expect(unit.get('DynamicUser')).toEqual(['yes']);
    expect(unit.get('StateDirectory')).toEqual(['stint']);
    expect(unit.get('ConfigurationDirectory')).toEqual(['stint']);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    expect(unit.get('NoNewPrivileges')).toEqual(['yes']);
    expect(unit.get('CapabilityBoundingSet')).toEqual(['']);
    expect(unit.get('SystemCallFilter')).toEqual(['@system-service', '~@privileged @resources']);
    // V8 needs writable+executable memory: with this set, node cannot start.
    expect(unit.has('MemoryDenyWriteExecute')).toBe(false);

    // deploy/stint.yml, the config the unit (and the image) point at, writes only under
    // StateDirectory: read as the broker reads it from /etc/stint, defaults resolved.
    const { config, diagnostics } = parseConfig(
      readFileSync(join(ROOT, 'deploy/stint.yml'), 'utf8'),
      '/etc/stint/stint.yml',
    );
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(config.keys.dir).toMatch(/^\/var\/lib\/stint\//);
    expect(config.audit.file).toMatch(/^\/var\/lib\/stint\//);
    expect(config.store).toMatchObject({ kind: 'memory', dir: expect.stringMatching(/^\/var\/lib\/stint\//) });
    // Each in a directory of its own that the broker makes, never at the volume's root (which a
    // platform may make root's and world-writable: test/deploy/volumes.test.ts).
    expect(config.audit.file!.slice(0, config.audit.file!.lastIndexOf('/'))).not.toBe('/var/lib/stint');
  });

  it('systemctl reload sends SIGHUP, which reloads a running broker instead of killing it', async () => {
    const reload = directives(UNIT).get('ExecReload');
    expect(reload).toEqual(['/bin/kill -HUP $MAINPID']);
    const gitlab = {
      kind: 'gitlab' as const,
      url: 'https://gitlab.example.com',
      audience: 'https://stint.test',
      subject: 'project_path:acme/warehouse:ref_type:branch:ref:main',
    };
    const broker = await startBroker({ configYaml: ciBrokerConfig([gitlab]) });
    try {
      // What systemd runs for `systemctl reload`, with $MAINPID the broker's pid (no shell).
      const [program, ...args] = reload![0]!.replace('$MAINPID', String(broker.process.pid)).split(' ');
      expect((await run(program!, args, { env: baseEnv() })).code).toBe(0);
      const deadline = Date.now() + 60_000;
      while (!broker.output().includes('"msg":"reloaded ') && Date.now() < deadline)
        await new Promise((done) => setTimeout(done, 100));
      expect(broker.output()).toContain(`"msg":"reloaded ${join(broker.dir, 'stint.yml')} (sha256 `);
      expect(broker.exitCode()).toBeNull();
      expect((await fetch(`${broker.url}/livez`)).status).toBe(200);
    } finally {
      await broker.stop();
    }
  });
});

describe('deploy/systemd/pkcs11.conf: keys.pkcs11 under the unit', () => {
  const PKCS11_DROP_IN = readFileSync(join(ROOT, 'deploy/systemd/pkcs11.conf'), 'utf8');
  const withPkcs11 = `${UNIT}\n${PKCS11_DROP_IN}`;

  it('systemd-analyze verify: the unit with the drop-in is clean, and its exposure stays at most 2.5', async () => {
    const file = unitFile(withPkcs11);
    const verify = await analyze(['verify', file]);
    expect(verify.stdout + verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    const security = await analyze(['security', '--offline=yes', file]);
    const level = /Overall exposure level for stint\.service: (\d+\.\d+)/.exec(security.stdout);
    expect(level, security.stdout + security.stderr).not.toBeNull();
    expect(Number(level![1])).toBeLessThanOrEqual(2.5);
  });

  it('gives the PIN from a root-only file, a device only by name, and keeps the rest of the sandbox', () => {
    const dropIn = directives(PKCS11_DROP_IN);
    expect(dropIn.get('EnvironmentFile')).toEqual(['/etc/stint/pkcs11.env']);
    // No PIN in the unit itself (where `systemctl show` would print it to every user).
    expect((dropIn.get('Environment') ?? []).filter((value) => value.includes('PIN'))).toEqual([]);
    expect(dropIn.get('DeviceAllow')).toHaveLength(1);
    const merged = directives(withPkcs11);
    expect(merged.get('DevicePolicy')).toEqual(['closed']);
    expect(merged.get('DynamicUser')).toEqual(['yes']);
    expect(merged.get('ProtectSystem')).toEqual(['strict']);
    expect(merged.get('PrivateDevices')).toEqual(['yes', 'no']);
    // What the docs say to do is in the kit.
    const docs = readFileSync(join(ROOT, 'docs/pkcs11.md'), 'utf8');
    expect(docs).toContain('deploy/systemd/pkcs11.conf');
    expect(readFileSync(join(ROOT, 'deploy/README.md'), 'utf8')).toContain('systemd/pkcs11.conf');
  });
});

describe('deploy/systemd/tls.conf: HTTPS from the unit, the key passed as a credential', () => {
  it('systemd-analyze verify: the unit with the drop-in is clean, and its exposure stays at most 2.0', async () => {
    const file = unitFile(WITH_TLS);
    const verify = await analyze(['verify', file]);
    expect(verify.stdout + verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    const security = await analyze(['security', '--offline=yes', file]);
    const level = /Overall exposure level for stint\.service: (\d+\.\d+)/.exec(security.stdout);
    expect(level, security.stdout + security.stderr).not.toBeNull();
    expect(Number(level![1])).toBeLessThanOrEqual(2.0);
    // The same user and sandbox: the drop-in only adds credentials and replaces the command.
    const merged = directives(WITH_TLS);
    expect(merged.get('DynamicUser')).toEqual(['yes']);
    expect(merged.get('PrivateUsers')).toEqual(['yes']);
    expect(merged.get('ExecStart')!.slice(-2)[0]).toBe('');
  });

  it('its command serves HTTPS with the certificate and key read from $CREDENTIALS_DIRECTORY (the built broker)', async () => {
    const dropIn = directives(TLS_DROP_IN);
    expect(dropIn.get('LoadCredential')).toEqual([
      'tls-cert:/etc/stint/tls/fullchain.pem',
      'tls-key:/etc/stint/tls/privkey.pem',
    ]);
    const [reset, command] = dropIn.get('ExecStart')!;
    expect(reset).toBe('');
    const [program, cli, verb, ...args] = command!.split(' ');
    const unitCommand = directives(UNIT).get('ExecStart')![0]!.split(' ');
    expect([program, cli, verb]).toEqual(unitCommand.slice(0, 3));
    const option = (name: string) => args[args.indexOf(name) + 1];
    expect(option('--config')).toBe('/etc/stint/stint.yml');
    expect(option('--tls-cert')).toBe(`\${CREDENTIALS_DIRECTORY}/tls-cert`);
    expect(option('--tls-key')).toBe(`\${CREDENTIALS_DIRECTORY}/tls-key`);

    // What systemd gives the service: a directory of read-only copies named by credential id.
    const credentials = mkdtempSync(join(tmpdir(), 'stint-credentials-'));
    dirs.push(credentials);
    writeSelfSignedCertificate(credentials, { cert: 'tls-cert', key: 'tls-key' });
    for (const name of ['tls-cert', 'tls-key']) chmodSync(join(credentials, name), 0o400);
    // Its TLS arguments as systemd expands them; config, host and port are the test's own
    // (a temp config, loopback, a free port).
    const tlsArgs = ['--tls-cert', '--tls-key'].flatMap((name) => [
      name,
      option(name)!.replace(`\${CREDENTIALS_DIRECTORY}`, credentials),
    ]);
    const gitlab = {
      kind: 'gitlab' as const,
      url: 'https://gitlab.example.com',
      audience: 'https://stint.test',
      subject: 'project_path:acme/warehouse:ref_type:branch:ref:main',
    };
    const broker = await startBroker({ configYaml: ciBrokerConfig([gitlab]), args: tlsArgs });
    try {
      expect(broker.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await new Promise<number>((done, fail) => {
        get(`${broker.url}/livez`, { ca: readFileSync(join(credentials, 'tls-cert')) }, (response) => {
          response.resume();
          done(response.statusCode ?? 0);
        }).on('error', fail);
      });
      expect(status).toBe(200);
    } finally {
      await broker.stop();
    }
  });
});
