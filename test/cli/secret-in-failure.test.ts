import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * A secret given where a NAME or an option was expected, or echoed back by a broker, never comes
 * back on stderr or in the JSON failure, in any encoding (test/helpers/secrets.ts: raw, base64,
 * base64url, hex in either case, URL-encoded, JSON-escaped). Through the BUILT CLI: each failure's
 * message is scrubbed in one place (src/cli/scrub.ts), whatever command wrote it.
 */
let dir: string;
let gitlab: CiIssuer;
let broker: RunningBroker;
/** A CI ID token, as GitLab puts it in STINT_ID_TOKEN (GitLab does not mask it). */
let idToken: string;
/** Shaped like a stint API key, given on the command line only (nowhere in the environment). */
const apiKey = `stint_sk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
/** An opaque secret (no JWT or key shape): only the environment says it is one. */
const stintToken = `opaque-${randomBytes(24).toString('hex')}`;
const profileSecret = `hook-${randomBytes(18).toString('base64url')}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-secret-in-failure-'));
  gitlab = await startCiIssuer('gitlab');
  idToken = await gitlab.mint();
  broker = await startBroker({ configYaml: ciBrokerConfig([gitlab]) });
  writeFileSync(join(dir, 'stint.yml'), ciBrokerConfig([gitlab]));
  writeFileSync(
    join(dir, 'signing.yml'),
    'signing:\n  hook: { type: hmac, format: github, secret_env: HOOK_SECRET }\n',
  );
  mkdirSync(join(dir, 'sub'));
}, 120_000);
afterAll(async () => {
  await broker?.stop();
  await gitlab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function stint(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli(args, {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      GITLAB_CI: 'true',
      CI_PROJECT_PATH: 'acme/warehouse',
      STINT_ID_TOKEN: idToken,
      STINT_TOKEN: stintToken,
      HOOK_SECRET: profileSecret,
      ...extra,
    },
  });
}

/** No form of any of the test's secrets anywhere in what the CLI printed. */
function expectClean(result: CliRun): void {
  const output = [result.stdout, result.stderr];
  expectNoSecret(output, idToken, 'the ID token');
  expectNoSecret(output, apiKey, 'the API key');
  expectNoSecret(output, stintToken, 'STINT_TOKEN');
  expectNoSecret(output, profileSecret, 'the signing secret');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe.concurrent('the ID token given where a NAME or an option goes is never printed', () => {
  const cases: Array<[string, () => string[], number]> = [
    [
      'exchange --id-token-env TOKEN',
      () => ['exchange', '--broker', broker.url, '--project', 'warehouse', '--id-token-env', idToken],
      2,
    ],
    [
      'exchange --id-token-env=TOKEN --format json',
      () => [
        'exchange',
        '--broker',
        broker.url,
        '--project',
        'warehouse',
        `--id-token-env=${idToken}`,
        '--format',
        'json',
      ],
      2,
    ],
    [
      'policy explain --token-env TOKEN',
      () => ['policy', 'explain', '--config', 'stint.yml', '--project', 'warehouse', '--token-env', idToken],
      2,
    ],
    ['a positional argument', () => ['exchange', '--broker', broker.url, '--project', 'warehouse', idToken], 2],
    [
      'exchange --provider TOKEN',
      () => ['exchange', '--broker', broker.url, '--project', 'warehouse', '--provider', idToken],
      2,
    ],
    [
      'exchange --format TOKEN',
      () => ['exchange', '--broker', broker.url, '--project', 'warehouse', '--format', idToken],
      2,
    ],
    ['exchange --broker TOKEN', () => ['exchange', '--broker', idToken, '--project', 'warehouse'], 2],
    ['an unknown command', () => [idToken], 2],
    ['an unknown policy command', () => ['policy', idToken], 2],
    ['dev issuer --claims TOKEN', () => ['dev', 'issuer', '--claims', idToken], 1],
    ['serve --config FILE named by it', () => ['serve', '--config', join(dir, 'sub', idToken)], 1],
    ['audit verify FILE named by it', () => ['audit', 'verify', join(dir, 'sub', idToken)], 1],
    ['sign --config FILE named by it', () => ['sign', 'hook', '--config', join(dir, 'sub', idToken)], 1],
    ['sign NAME', () => ['sign', idToken, '--config', 'signing.yml'], 1],
    [
      'request with a bad URL',
      () => ['request', 'hook', 'GET', `ftp://example.test/${idToken}`, '--config', 'signing.yml'],
      2,
    ],
  ];
  for (const [what, args, code] of cases) {
    it(what, async () => {
      const result = await stint(args());
      expect(result.code, result.stderr).toBe(code);
      expect(result.stderr).toMatch(/^stint: /);
      expectClean(result);
    });
  }

  it('says what was wrong without quoting it: a value that looks like a JWT, pass the NAME', async () => {
    const result = await stint([
      'exchange',
      '--broker',
      broker.url,
      '--project',
      'warehouse',
      '--id-token-env',
      idToken,
    ]);
    expect(result.stderr).toBe(
      `stint: --id-token-env must be an environment variable name, got a ${idToken.length.toLocaleString('en-US')}-character value that looks like a JWT (pass the variable's NAME, not its value)\n`,
    );
  });
});

describe.concurrent('secrets the environment holds are redacted in every failure, shaped or not', () => {
  it('STINT_TOKEN (opaque) given to revoke --token-env', async () => {
    const result = await stint(['revoke', '--broker', broker.url, '--token-env', stintToken]);
    expect(result.code).toBe(2);
    expectClean(result);
  });

  it('a signing secret (HOOK_SECRET) in a request URL, in hex and in base64', async () => {
    for (const form of [
      profileSecret,
      Buffer.from(profileSecret).toString('hex'),
      Buffer.from(profileSecret).toString('hex').toUpperCase(),
      Buffer.from(profileSecret).toString('base64url'),
    ]) {
      const result = await stint(['request', 'hook', 'GET', `ftp://example.test/${form}`, '--config', 'signing.yml']);
      expect(result.code).toBe(2);
      expectClean(result);
    }
  });

  it('the --json failure carries no secret either', async () => {
    const result = await stint(['sign', idToken, '--config', 'signing.yml', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_SIGNING_PROFILE_UNKNOWN' } });
    expectClean(result);
  });
});

describe('a secret given as --ttl', () => {
  it('exchange --ttl API_KEY: refused before anything is sent (usage, exit 2), describing the value, not quoting it', async () => {
    const result = await stint(['exchange', '--broker', broker.url, '--project', 'warehouse', '--ttl', apiKey]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('--ttl must be seconds or a duration');
    expect(result.stderr).toContain('looks like a stint API key');
    expectClean(result);
  });
});

/** A broker that answers every exchange 400 with an error_description echoing the ID token as `encode` spells it. */
async function echoingBroker(encode: (token: string) => string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const token = (JSON.parse(body || '{}') as { token?: string }).token ?? '';
      const answer = JSON.stringify({ error: 'invalid_request', error_description: `echo: ${encode(token)}` });
      response.writeHead(400, { 'content-type': 'application/json', connection: 'close' }).end(answer);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.concurrent('a broker echoing the ID token in any encoding, or a long piece of it, is redacted', () => {
  const encodings: Array<[string, (token: string) => string]> = [
    ['hex', (t) => Buffer.from(t).toString('hex')],
    ['upper-case hex', (t) => Buffer.from(t).toString('hex').toUpperCase()],
    ['base64', (t) => Buffer.from(t).toString('base64')],
    ['its first 60 characters', (t) => t.slice(0, 60)],
    ['its payload alone', (t) => t.split('.')[1]!],
    ['its signature alone', (t) => t.split('.')[2]!],
    ['a piece of its signature in hex', (t) => Buffer.from(t.split('.')[2]!.slice(5, 45)).toString('hex')],
  ];
  for (const [what, encode] of encodings) {
    it(what, async () => {
      const evil = await echoingBroker(encode);
      try {
        const result = await stint(['exchange', '--broker', evil.url, '--project', 'warehouse']);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain('echo: ***');
        expectClean(result);
        const signature = idToken.split('.')[2]!;
        for (const piece of [signature, signature.slice(5, 45), Buffer.from(signature.slice(5, 45)).toString('hex')])
          expect(result.stderr).not.toContain(piece);
      } finally {
        await new Promise((closed) => evil.server.close(closed));
      }
    });
  }
});
