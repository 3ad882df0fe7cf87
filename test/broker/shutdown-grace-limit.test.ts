import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/**
 * `shutdown_grace` past ~24.8 days overflowed Node's timer, and the drain was cut off at once (the
 * log still said "up to 2592000s"). It is capped at 1h (docs/broker.md#signals): a config error for
 * `stint policy check`, at start, and on reload. Through the BUILT CLI.
 */
let dir: string;

const config = (grace: string): string =>
  [
    'issuer: https://stint.test',
    'keys: { dir: keys, algorithm: EdDSA }',
    'audit: { file: audit.jsonl }',
    `shutdown_grace: ${grace}`,
    'providers: { github: {} }',
    'projects: { w: { trust: [{ provider: github, subject: "repo:a@1/b@2:ref:refs/heads/main" }] } }',
    '',
  ].join('\n');

const TOO_LONG = /stint\.yml:4:17: (error: )?shutdown_grace must be at most 1h .*got "30d"/;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-grace-limit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shutdown_grace above 1h', () => {
  it('stint policy check refuses 30d and takes 1h', async () => {
    writeFileSync(join(dir, 'stint.yml'), config('30d'));
    const refused = await runCli(['policy', 'check', 'stint.yml'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(TOO_LONG);

    writeFileSync(join(dir, 'stint.yml'), config('1h'));
    const taken = await runCli(['policy', 'check', 'stint.yml'], { cwd: dir });
    expect(taken.stdout + taken.stderr).not.toContain('shutdown_grace');
    expect(taken.code).toBe(0);
  });

  it('stint serve does not start on it', async () => {
    const serveDir = mkdtempSync(join(tmpdir(), 'stint-grace-serve-'));
    try {
      writeFileSync(join(serveDir, 'stint.yml'), config('30d'));
      const run = await runCli(['serve', '--config', 'stint.yml', '--port', '0'], { cwd: serveDir });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(TOO_LONG);
    } finally {
      rmSync(serveDir, { recursive: true, force: true });
    }
  });

  describe('a reload to it', () => {
    let broker: RunningBroker;
    beforeAll(async () => {
      broker = await startBroker({ configYaml: config('2s') });
    }, 180_000);
    afterAll(() => broker?.stop());

    it('is refused, and the drain keeps the grace that serves', async () => {
      writeFileSync(join(broker.dir, 'stint.yml'), config('30d'));
      broker.process.kill('SIGHUP');
      await vi.waitFor(() => expect(broker.output()).toContain('refused, the previous config still serves'), {
        timeout: 120_000,
        interval: 50,
      });
      expect(broker.output()).toMatch(/shutdown_grace must be at most 1h/);
      const exited = new Promise<number | null>((resolve) => broker.process.once('exit', (code) => resolve(code)));
      broker.process.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(broker.output()).toContain('in flight, up to 2s');
      expect(broker.output()).not.toContain('TimeoutOverflowWarning');
    }, 180_000);
  });
});
