import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/**
 * keys.grace against the longest max_ttl (docs/broker.md#signing-keys-and-rotation): a retired key
 * leaves the JWKS after grace, so a grace shorter than a token's life makes tokens signed just
 * before a rotation stop verifying before they expire. Checked through the built CLI.
 */
let dir: string;
const brokers: RunningBroker[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-key-grace-'));
});
afterAll(async () => {
  for (const broker of brokers) await broker.stop();
  rmSync(dir, { recursive: true, force: true });
});

const config = (
  keys: string,
  maxTtls: { warehouse?: string; other?: string } = {},
) => `issuer: https://stint.example.com
keys: { dir: keys${keys} }
audit: { file: audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
${maxTtls.warehouse === undefined ? '' : `    max_ttl: ${maxTtls.warehouse}\n`}    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
  other:
    scopes: [read]
${maxTtls.other === undefined ? '' : `    max_ttl: ${maxTtls.other}\n`}    trust:
      - provider: github
        subject: repo:acme@1234567/other@7654322:ref:refs/heads/main
`;

const warning = (grace: string, project: string, maxTtl: string): string =>
  `warning: keys.grace ${grace} is shorter than projects.${project}.max_ttl ${maxTtl}: a token signed just before a key rotation outlives the key in the JWKS and stops verifying before it expires; set keys.grace to at least ${maxTtl}, or lower max_ttl`;

async function check(name: string, yaml: string): Promise<{ code: number; output: string }> {
  writeFileSync(join(dir, name), yaml);
  const run = await runCli(['policy', 'check', join(dir, name)]);
  return { code: run.code, output: run.stdout + run.stderr };
}

describe('keys.grace shorter than the longest max_ttl', () => {
  it('stint policy check warns at keys.grace, naming both values and the longest max_ttl; exit 0', async () => {
    const { code, output } = await check('short.yml', config(', grace: 30m', { warehouse: '2h', other: '90m' }));
    expect(code).toBe(0);
    expect(output).toContain(`short.yml:2:27: ${warning('30m', 'warehouse', '2h')}`);
    // The default max_ttl (1h) counts too.
    const defaulted = await check('default-ttl.yml', config(', grace: 10m'));
    expect(defaulted.output).toContain(warning('10m', 'warehouse', '1h'));
  });

  it('says nothing when grace covers every max_ttl, as the default 7d does', async () => {
    for (const [name, yaml] of [
      ['equal.yml', config(', grace: 2h', { warehouse: '2h' })],
      ['default.yml', config('', { warehouse: '24h' })],
    ] as const) {
      const { code, output } = await check(name, yaml);
      expect(code, output).toBe(0);
      expect(output, name).not.toContain('keys.grace');
    }
  });

  it('is a warn line of the broker log at start, with its code, and the broker serves', async () => {
    const broker = await startBroker({
      configYaml: config(', grace: 30m', { other: '2h' }),
      args: ['--log-format', 'json'],
    });
    brokers.push(broker);
    await vi.waitFor(
      () =>
        expect(logEntries(broker.stdout())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            code: 'WARN_KEYS_GRACE_SHORT',
            msg: expect.stringContaining(warning('30m', 'other', '2h')),
          }),
        ),
      { timeout: 30_000, interval: 50 },
    );
    expect((await fetch(`${broker.url}/livez`)).status).toBe(200);
  });
});
