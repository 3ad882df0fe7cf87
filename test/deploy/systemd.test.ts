import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { baseEnv, run } from '../recipes/helpers.js';

/**
 * deploy/systemd/stint.service: `systemd-analyze verify` has nothing to say about it, and
 * `systemd-analyze security --offline=yes` rates its exposure low. Both run on the unit file
 * alone; no running systemd is needed.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const UNIT = readFileSync(join(ROOT, 'deploy/systemd/stint.service'), 'utf8');
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
  writeFileSync(file, text.replace(`ExecStart=${NODE} `, `ExecStart=${process.execPath} `));
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

    // deploy/stint.yml, the config the unit points at, writes only under StateDirectory.
    const config = parse(readFileSync(join(ROOT, 'deploy/stint.yml'), 'utf8')) as {
      keys: { dir: string };
      audit: { file: string };
    };
    expect(config.keys.dir.startsWith('/var/lib/stint/')).toBe(true);
    expect(config.audit.file.startsWith('/var/lib/stint/')).toBe(true);
  });
});
