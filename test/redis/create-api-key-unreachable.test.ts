import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/**
 * `stint keys create-api-key` against a Redis that cannot be reached (a closed port on 127.0.0.1):
 * it said "deleting the record again failed too …: it may be stored on the primary, active; revoke
 * it" though Redis was never reached, and audited the key as created. Through the BUILT CLI.
 */
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-apikey-unreachable-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('says no key was created, prints no key, and audits no key as created', async () => {
  const port = await freePort();
  writeFileSync(
    join(dir, 'stint.yml'),
    [
      'issuer: https://stint.test',
      'keys: { dir: keys }',
      'audit: { file: audit.jsonl }',
      `store: { url: "redis://127.0.0.1:${port}/0" }`,
      'providers: { github: {} }',
      'projects: { w: { trust: [{ provider: github, subject: "repo:a@1/b@2:ref:refs/heads/main" }] } }',
      '',
    ].join('\n'),
  );
  const run = await runCli(['keys', 'create-api-key', '--project', 'w', '--config', 'stint.yml'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toContain('stint_sk_');
  expect(run.stderr).toContain('no key was created');
  expect(run.stderr).not.toMatch(/may be stored|revoke it/);
  const audit = existsSync(join(dir, 'audit.jsonl')) ? readFileSync(join(dir, 'audit.jsonl'), 'utf8') : '';
  const created = audit
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((event) => event.event === 'apikey_created' && event.outcome === 'success');
  expect(created).toEqual([]);
});
