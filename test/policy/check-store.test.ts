import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

// `stint policy check` on store settings, through the BUILT CLI (`npm run build -- cli`).
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-check-store-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A minimal valid config with `store` (YAML lines, indented as given) in it; returns its path. */
function config(name: string, store: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      'issuer: https://stint.example.com',
      'providers: { github: {} }',
      store,
      'projects:',
      '  warehouse:',
      '    trust: [{ provider: github, subject: "repo:acme@1234567/warehouse@7654321:ref:refs/heads/main" }]',
      '',
    ].join('\n'),
  );
  return file;
}

describe('stint policy check: a Redis password inside the store URL', () => {
  it('suggests the URL without the password but with its ACL user, so the fix still logs in as that user', async () => {
    const result = await runCli([
      'policy',
      'check',
      config('acl-user.yml', 'store: redis://stint:pw-5d2e@127.0.0.1:6379/0'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      'store has a password inside the URL; never put it in the file: write store: { url: redis://stint@127.0.0.1:6379/0, password_env: REDIS_PASSWORD } and set that variable',
    );
    expectNoSecret(result.stdout + result.stderr, 'pw-5d2e', 'the password in the URL');
  });

  it('suggests the URL without a user when it had none (the default user)', async () => {
    const result = await runCli([
      'policy',
      'check',
      config('default-user.yml', 'store: { url: "rediss://:pw-7a1c@redis.internal:6380/2" }'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      'store.url has a password inside the URL; never put it in the file: write store: { url: rediss://redis.internal:6380/2, password_env: REDIS_PASSWORD }',
    );
    expectNoSecret(result.stdout + result.stderr, 'pw-7a1c', 'the password in the URL');
  });
});

describe('the Sentinel and Cluster store snippets of docs/many-brokers.md', () => {
  const docs = readFileSync(new URL('../../docs/many-brokers.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('## Sentinel and Cluster'));
  const snippets = [...section.matchAll(/```yaml\n(store:[^`]*?)```/g)].map((m) => m[1] as string).slice(0, 2);

  it('are the Sentinel one and the Cluster one, and both name the ACL user (Cluster has no URL to carry it)', () => {
    expect(snippets.map((s) => /^ {2}(sentinels|cluster):/m.exec(s)?.[1])).toEqual(['sentinels', 'cluster']);
    for (const snippet of snippets) expect(snippet).toMatch(/^ {2}username: stint\b/m);
  });

  it.each([
    ['sentinel', 0],
    ['cluster', 1],
  ])('the %s snippet passes stint policy check', async (name, index) => {
    const result = await runCli(['policy', 'check', config(`${name}.yml`, snippets[index] as string)]);
    expect(result.stdout + result.stderr).not.toMatch(/ERR_|error/i);
    expect(result.code).toBe(0);
  });
});
