import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * A password written into a URL of the config (a sentinel, a cluster node, a provider's or the
 * broker's issuer) is never repeated by `stint policy check` or `stint serve`, in any encoding; a
 * provider issuer with user info is refused (an ID token's iss never carries it, and the broker
 * would log it on every start). Through the BUILT CLI.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-url-credentials-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'hunter2pwSent-7c41e';

function config(name: string, lines: { issuer?: string; providers?: string; store?: string }): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      `issuer: "${lines.issuer ?? 'http://127.0.0.1:18080'}"`,
      'keys: { dir: keys }',
      `store: ${lines.store ?? 'memory'}`,
      'audit: { file: audit.jsonl }',
      `providers: ${lines.providers ?? '{ github: {} }'}`,
      'projects:',
      '  warehouse:',
      '    trust: [{ provider: github, subject: "repo:acme@1234567/warehouse@7654321:ref:refs/heads/main" }]',
      '',
    ].join('\n'),
  );
  return file;
}

const check = (file: string): Promise<CliRun> => runCli(['policy', 'check', file], { cwd: dir });
const serve = (file: string): Promise<CliRun> =>
  runCli(['serve', '--config', file, '--host', '127.0.0.1', '--port', '0'], { cwd: dir });

function expectClean(result: CliRun): void {
  expectNoSecret([result.stdout, result.stderr], PASSWORD, 'the password in the URL');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe.concurrent('a password in a sentinel or cluster node is not repeated', () => {
  const cases: Array<[string, string]> = [
    ['a sentinel URL', `{ sentinels: ["redis://u:${PASSWORD}@127.0.0.1:1"], name: mymaster }`],
    ['a bare sentinel user:password@host', `{ sentinels: ["u:${PASSWORD}@127.0.0.1:1"], name: mymaster }`],
    ['a cluster node URL', `{ cluster: ["redis://u:${PASSWORD}@127.0.0.1:1"] }`],
    ['a bare cluster node with a password holding @', `{ cluster: [":p@${PASSWORD}@127.0.0.1:1"] }`],
  ];
  for (const [what, store] of cases) {
    it(`${what}: policy check and serve refuse it, naming the setting`, async () => {
      const file = config(`${what.replaceAll(' ', '-')}.yml`, { store });
      for (const result of [await check(file), await serve(file)]) {
        expect(result.code, result.stderr).toBe(1);
        expect(result.stdout + result.stderr).toMatch(/each of store\.(sentinels|cluster) must be host:port/);
        expect(result.stdout + result.stderr).toContain(':***@127.0.0.1:1');
        expectClean(result);
      }
    });
  }
});

describe.concurrent('user info in an issuer', () => {
  it('a provider issuer with a user and password is refused by policy check and serve, without the password', async () => {
    const file = config('provider-issuer.yml', {
      providers: `{ github: { issuer: "http://u:${PASSWORD}@127.0.0.1:18999", allow_insecure: true } }`,
    });
    for (const result of [await check(file), await serve(file)]) {
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout + result.stderr).toContain(
        "providers.github.issuer must not carry a user name or password (an ID token's iss never does); give the issuer alone, e.g. http://127.0.0.1:18999",
      );
      expect(result.stdout + result.stderr).not.toContain('trusts provider');
      expectClean(result);
    }
  });

  it('a provider issuer that is not a URL is quoted without its password', async () => {
    const file = config('provider-bad.yml', { providers: `{ github: { issuer: "http://u:${PASSWORD}@[bad" } }` });
    const result = await check(file);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain("providers.github.issuer 'http://***@[bad' must be an absolute");
    expectClean(result);
  });

  it("the broker's issuer with user info is refused without repeating the password", async () => {
    const file = config('issuer.yml', { issuer: `https://u:${PASSWORD}@stint.example.com` });
    for (const result of [await check(file), await serve(file)]) {
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toContain(
        "issuer 'https://***@stint.example.com' must not carry a query, a fragment or a user name",
      );
      expectClean(result);
    }
  });
});

describe.concurrent('a password holding /, + or ? (base64 left unencoded: the URL does not parse, so the error quotes it)', () => {
  const SLASHED = 'ab/Cd+ef9?Secret/7c41e';
  const cases: Array<[string, { issuer?: string; providers?: string; store?: string }]> = [
    ['store.url', { store: `{ url: "redis://u:${SLASHED}@127.0.0.1:6379" }` }],
    ['a bare sentinel', { store: `{ sentinels: ["u:${SLASHED}@127.0.0.1:26379"], name: mymaster }` }],
    ["the broker's issuer", { issuer: `https://ci:${SLASHED}@stint.example.com` }],
    ['a provider issuer', { providers: `{ gitlab: { issuer: "https://x:${SLASHED}@gitlab.example.com" } }` }],
  ];
  for (const [what, lines] of cases) {
    it(`${what}: policy check refuses it without the password`, async () => {
      const result = await check(config(`slashed-${what.replaceAll(/\W+/g, '-')}.yml`, lines));
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout + result.stderr).toContain('***@');
      expectNoSecret([result.stdout, result.stderr], SLASHED, 'the password in the URL');
      expectNoSecret([result.stdout, result.stderr], 'Secret/7c41e', 'the end of the password');
    });
  }
});
