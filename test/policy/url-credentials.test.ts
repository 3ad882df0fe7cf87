import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGithubIssuer } from '../../src/demo/github-issuer.js';
import { startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';
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

describe.concurrent('a password holding /, + or ? (base64 left unencoded: the URL does not parse, so the error quotes it, if at all, without the password)', () => {
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
      // A redis URL is not quoted at all (src/store/redis-url.ts); the others without the password.
      expect(result.stdout + result.stderr).toContain(
        what === 'store.url' ? 'store.url is not a valid URL; write redis[s]://[user@]host[:port][/db]' : '***@',
      );
      expectNoSecret([result.stdout, result.stderr], SLASHED, 'the password in the URL');
      expectNoSecret([result.stdout, result.stderr], 'Secret/7c41e', 'the end of the password');
    });
  }
});

describe.concurrent('a mistyped Redis URL: refused, saying what is wrong, and quoting none of it', () => {
  const FORM = 'redis[s]://[user@]host[:port][/db]';
  const cases: Array<[string, string, string]> = [
    // One slash, none, three: the URL parser sees no host, and the user and password as a path.
    [
      'one slash',
      `redis:/stint:${PASSWORD}@127.0.0.1:1/0`,
      `store.url must be written ${FORM}: '//' and the host right after 'redis:'`,
    ],
    [
      'no slash',
      `redis:stint:${PASSWORD}@127.0.0.1:1/0`,
      `store.url must be written ${FORM}: '//' and the host right after 'redis:'`,
    ],
    [
      'three slashes',
      `redis:///stint:${PASSWORD}@127.0.0.1:1/0`,
      `store.url must be written ${FORM}: '//' and the host right after 'redis:'`,
    ],
    [
      'rediss with one slash',
      `rediss:/stint:${PASSWORD}@127.0.0.1:1`,
      `store.url must be written ${FORM}: '//' and the host right after 'rediss:'`,
    ],
    // An '@' typed for the ':': the parser makes the user name `stint@PASSWORD`, which the store logs.
    ['an @ for the :', `redis://stint@${PASSWORD}@127.0.0.1:1/0`, "store.url has more than one '@' before the host"],
    [
      'an encoded @ in the user',
      `redis://stint%40${PASSWORD}@127.0.0.1:1/0`,
      "store.url has more than one '@' before the host",
    ],
    // The query is refused by stint serve (the store) and now by policy check too, without quoting it.
    [
      'a password in the query',
      `redis://127.0.0.1:1/0?password=${PASSWORD}`,
      'store.url must not carry a query or a fragment',
    ],
  ];
  for (const [what, url, said] of cases) {
    it(`${what}: policy check (text and --json) and serve refuse it`, async () => {
      const file = config(`redis-${what.replaceAll(/\W+/g, '-')}.yml`, {
        store: `{ url: "${url}", password_env: STINT_REDIS_PASSWORD }`,
      });
      const json = await runCli(['policy', 'check', file, '--json'], { cwd: dir });
      for (const result of [await check(file), json, await serve(file)]) {
        expect(result.code, result.stdout + result.stderr).toBe(1);
        expect(result.stdout + result.stderr).toContain(said);
        expect(result.stdout + result.stderr).toContain(
          'the password goes in the variable password_env names (store: { url: …, password_env: STINT_REDIS_PASSWORD }), never in the URL',
        );
        expectClean(result);
      }
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false });
    });
  }

  it('a reload (SIGHUP) to such a URL is refused, and the log line does not hold the password', async () => {
    const github = await startGithubIssuer();
    const broker = await startBroker({ configYaml: githubBrokerConfig(github.url, { settings: 'store: memory' }) });
    try {
      writeFileSync(
        join(broker.dir, 'stint.yml'),
        githubBrokerConfig(github.url, {
          settings: `store: { url: "redis:/stint:${PASSWORD}@127.0.0.1:1/0", password_env: STINT_REDIS_PASSWORD }`,
        }),
      );
      broker.process.kill('SIGHUP');
      await vi.waitFor(() => expect(broker.stdout()).toMatch(/reload of .* refused/), {
        timeout: 60_000,
        interval: 50,
      });
      expect(broker.stdout()).toContain("'//' and the host right after 'redis:'");
      expectNoSecret(broker.output(), PASSWORD, 'the password in the URL');
    } finally {
      await broker.stop();
      await github.stop();
    }
  });
});

describe.concurrent('a provider issuer with a query or a fragment (OpenID Connect Discovery §3: an issuer has neither)', () => {
  const TOKEN = 'GlPatToken_Kd93xxQ7m2';
  for (const [what, issuer] of [
    ['a query', `https://gitlab.example.invalid/path?private_token=${TOKEN}`],
    ['a fragment', `https://gitlab.example.invalid/path#${TOKEN}`],
  ] as const) {
    it(`${what}: policy check and serve refuse it without repeating it`, async () => {
      const file = config(`provider-${what.replaceAll(' ', '-')}.yml`, {
        providers: `{ github: {}, gitlab: { issuer: "${issuer}", audience: https://stint.example.com } }`,
      });
      for (const result of [await check(file), await serve(file)]) {
        expect(result.code, result.stdout + result.stderr).toBe(1);
        expect(result.stdout + result.stderr).toContain(
          'providers.gitlab.issuer must not carry a query or a fragment (an OIDC issuer never does); give the issuer alone, e.g. https://gitlab.example.invalid/path',
        );
        expect(result.stdout + result.stderr).not.toContain('trusts provider');
        expectNoSecret([result.stdout, result.stderr], TOKEN, 'the token in the issuer');
      }
    });
  }
});
