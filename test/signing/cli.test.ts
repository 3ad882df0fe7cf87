import { execFile } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { jwtVerify } from 'jose';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyHmacWebhook, verifyHttpSignature } from '../../src/verify/index.js';
import { runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

// These run the BUILT CLI (`npm run build -- cli`), as a job step would.
const dir = mkdtempSync(join(tmpdir(), 'stint-sign-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ed = generateKeyPairSync('ed25519');
const SECRETS = {
  GH_SECRET: 'gh-webhook-secret-9f8e7d',
  STRIPE_SECRET: 'whsec_stripe_cli_secret_123',
  SLACK_SECRET: 'slack-signing-secret-abc',
  SW_SECRET: `whsec_${Buffer.from('standard webhooks key material!!').toString('base64')}`,
  ED_KEY: ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  JWT_SECRET: 'jwt-hs256-shared-secret-of-some-length',
  API_TOKEN: 'static-api-token-xyz',
};
const env = { ...process.env, ...SECRETS, STINT_CONFIG: '' };

writeFileSync(
  join(dir, 'stint.yml'),
  `# signing profiles as a job would keep them
signing:
  gh: { type: hmac, format: github, secret_env: GH_SECRET }
  stripe: { type: hmac, format: stripe, secret_env: STRIPE_SECRET }
  slack: { type: hmac, format: slack, secret_env: SLACK_SECRET }
  sw: { type: hmac, format: standard-webhooks, secret_env: SW_SECRET }
  generic: { type: hmac, secret_env: [GH_SECRET, SLACK_SECRET], algorithm: sha512, encoding: base64, prefix: "v1=", timestamp_header: X-Ts }
  sig: { type: http-signature, alg: ed25519, key_env: ED_KEY, keyid: ci-deploy, components: [ "@method", "@authority", "@path", "@query", "content-type", "content-digest" ] }
  sigdefault: { type: http-signature, alg: ed25519, key_env: ED_KEY, keyid: ci-deploy }
  jwt: { type: jwt, alg: HS256, key_env: JWT_SECRET, claims: { iss: ci, aud: deploy-api } }
  api: { type: bearer, token_env: API_TOKEN, header: X-Api-Key }
  apiq: { type: bearer, token_env: API_TOKEN, query: key }
`,
);
writeFileSync(join(dir, 'inline.yml'), 'signing:\n  gh: { type: hmac, format: github, secret: "oops-inline" }\n');
writeFileSync(join(dir, 'body.json'), '{"deploy":"main","note":"it\'s \\"quoted\\""}\n');
const body = '{"deploy":"main","note":"it\'s \\"quoted\\""}\n';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
const runs: Run[] = [];

async function stint(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const run = await runCli(args, { cwd: dir, env: { ...env, ...extraEnv } });
  runs.push(run);
  return run;
}

function parseHeaderLines(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
  );
}

describe('stint sign (built CLI)', () => {
  it('github, headers format: @octokit/webhooks-methods verifies it', async () => {
    const { code, stdout, stderr } = await stint(['sign', 'gh', '--config', 'stint.yml', '--body-file', 'body.json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const headers = parseHeaderLines(stdout);
    expect(Object.keys(headers)).toEqual(['X-Hub-Signature-256']);
    expect(await octokitVerify(SECRETS.GH_SECRET, body, headers['X-Hub-Signature-256'] as string)).toBe(true);
  });

  it('stripe via $STINT_CONFIG, json format: constructEvent accepts it', async () => {
    const { code, stdout } = await stint(
      ['sign', 'stripe', '--body', '{"id":"evt_9","object":"event"}', '--format', 'json'],
      { STINT_CONFIG: 'stint.yml' },
    );
    expect(code).toBe(0);
    const { headers } = JSON.parse(stdout) as { headers: Record<string, string> };
    expect(
      Stripe.webhooks.constructEvent(
        '{"id":"evt_9","object":"event"}',
        headers['Stripe-Signature'] as string,
        SECRETS.STRIPE_SECRET,
      ).id,
    ).toBe('evt_9');
  });

  it('curl format quotes every argument for a POSIX shell', async () => {
    const { stdout } = await stint([
      'sign',
      'slack',
      '--config',
      'stint.yml',
      '--body-file',
      'body.json',
      '--format',
      'curl',
    ]);
    // Let a real shell split the words, as `eval "curl $(stint sign …)"` would.
    const words = await new Promise<string[]>((resolve, reject) =>
      execFile('sh', ['-c', `eval "set -- $1"; printf '%s\\n' "$@"`, 'sh', stdout.trim()], (error, out) =>
        error ? reject(error) : resolve(out.trim().split('\n')),
      ),
    );
    expect(words[0]).toBe('-H');
    expect(words[2]).toBe('-H');
    const ts = (words[1] as string).replace('X-Slack-Request-Timestamp: ', '');
    expect(words[3]).toBe(
      `X-Slack-Signature: v0=${createHmac('sha256', SECRETS.SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
    );
  });

  it('standard-webhooks and generic (two secrets) verify with verify/', async () => {
    for (const [name, format, extra] of [
      ['sw', 'standard-webhooks', {}],
      ['generic', 'generic', { algorithm: 'sha512', encoding: 'base64', prefix: 'v1=', timestampHeader: 'X-Ts' }],
    ] as const) {
      const { stdout } = await stint([
        'sign',
        name,
        '--config',
        'stint.yml',
        '--body-file',
        'body.json',
        '--format',
        'json',
      ]);
      const { headers } = JSON.parse(stdout) as { headers: Record<string, string> };
      const secrets = name === 'sw' ? [SECRETS.SW_SECRET] : [SECRETS.SLACK_SECRET, SECRETS.GH_SECRET];
      expect(verifyHmacWebhook({ format, secrets, headers, body, ...extra }).secretIndex).toBe(name === 'sw' ? 0 : 1);
    }
  });

  it('http-signature covers the URL, method and headers given', async () => {
    const url = 'https://api.example.com/deploy?env=prod';
    const { code, stdout } = await stint([
      'sign',
      'sig',
      '--config',
      'stint.yml',
      '--method',
      'put',
      '--url',
      url,
      '--header',
      'Content-Type: application/json',
      '--body-file',
      'body.json',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const { headers } = JSON.parse(stdout) as { headers: Record<string, string> };
    expect(
      await verifyHttpSignature({
        method: 'PUT',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        keys: { 'ci-deploy': { alg: 'ed25519', key: ed.publicKey } },
      }),
    ).toMatchObject({ keyid: 'ci-deploy' });
  });

  it('http-signature warns once on stderr when the URL has a query its components leave unsigned', async () => {
    const sign = (profile: string, url: string) =>
      stint(['sign', profile, '--config', 'stint.yml', '--url', url, '--header', 'Content-Type: text/plain']);
    const warned = await sign('sigdefault', 'https://api.example.com/deploy?env=prod');
    expect(warned.code).toBe(0);
    expect(warned.stderr.trim().split('\n')).toEqual([
      'stint: warning: profile "sigdefault" does not sign the query of this URL (its components: @method @authority @path content-digest): whoever sees the request can send it again with another query until it is too old; add @query to the profile\'s components, and require it on the server',
    ]);
    expect(warned.stdout).toMatch(/^Signature-Input: /m);
    // No query, or a profile that signs it: nothing to say.
    expect((await sign('sigdefault', 'https://api.example.com/deploy')).stderr).toBe('');
    expect((await sign('sig', 'https://api.example.com/deploy?env=prod')).stderr).toBe('');
  });

  it('jwt prints a fresh token that jose verifies; bearer prints the header or the URL', async () => {
    const jwt = await stint(['sign', 'jwt', '--config', 'stint.yml']);
    const token = parseHeaderLines(jwt.stdout).Authorization?.replace('Bearer ', '') as string;
    expect(
      (await jwtVerify(token, new TextEncoder().encode(SECRETS.JWT_SECRET), { audience: 'deploy-api' })).payload.iss,
    ).toBe('ci');
    expect((await stint(['sign', 'api', '--config', 'stint.yml'])).stdout).toBe(`X-Api-Key: ${SECRETS.API_TOKEN}\n`);
    expect(
      (await stint(['sign', 'apiq', '--config', 'stint.yml', '--url', 'https://x.example/a', '--format', 'json']))
        .stdout,
    ).toBe(`{"headers":{},"url":"https://x.example/a?key=${SECRETS.API_TOKEN}"}\n`);
  });

  it.each([
    [
      ['sign', 'nope', '--config', 'stint.yml'],
      1,
      'stint: no signing profile "nope"; the config has: gh, stripe, slack, sw, generic, sig, sigdefault, jwt, api, apiq\n',
    ],
    [
      ['sign', 'gh', '--config', 'inline.yml'],
      1,
      'stint: inline.yml: signing profile "gh": field "secret": secrets are not allowed inline in a config file; use secret_env: VAR (the name of an environment variable)\n',
    ],
    [
      ['sign', 'gh'],
      2,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
      'stint: no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})\n',
    ],
    [['sign', 'sig', '--config', 'stint.yml'], 2, 'stint: profile "sig" (http-signature) signs the URL: pass --url\n'],
    [
      ['sign', 'apiq', '--config', 'stint.yml', '--url', 'https://x.example/'],
      2,
      'stint: profile "apiq" puts its token in the URL, not a header: use --format json or curl\n',
    ],
    [
      ['sign', 'apiq', '--config', 'stint.yml', '--url', 'not-a-url?key=x'],
      2,
      'stint: --url must be an absolute URL such as https://api.example.com/path (got not-a-url)\n',
    ],
    [
      ['request', 'gh', 'POST', 'ftp://x.example/a', '--config', 'stint.yml'],
      2,
      'stint: URL must start with http:// or https:// (got ftp://x.example/a)\n',
    ],
    [
      ['sign', 'gh', '--config', 'stint.yml', '--format', 'yaml'],
      2,
      'stint: --format must be headers, json or curl (got yaml)\n',
    ],
    [
      ['sign', 'gh', '--config', 'stint.yml', '--header', `Authorization Bearer ${SECRETS.API_TOKEN}`],
      2,
      'stint: --header must be "Name: value" with a header name before the colon\n',
    ],
  ])('%j exits %i with a clear message', async (args, code, stderr) => {
    expect(await stint(args)).toEqual({ code, stdout: '', stderr });
  });

  it('a secret pasted where its variable name belongs (secret_env: <the secret>) is never repeated', async () => {
    const pasted = 'hmacS3cretValue_9f8e7d6c5b4a';
    writeFileSync(join(dir, 'pasted.yml'), `signing:\n  gh: { type: hmac, format: github, secret_env: ${pasted} }\n`);
    const result = await stint(['sign', 'gh', '--config', 'pasted.yml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'field "secret_env": names an environment variable that is not set or empty (its name is not shown',
    );
    expectNoSecret([result.stdout, result.stderr], pasted, 'the secret pasted into secret_env');
  });

  it('fails when the secret variable is unset, naming it', async () => {
    expect(await stint(['sign', 'gh', '--config', 'stint.yml'], { GH_SECRET: '' })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'stint: stint.yml: signing profile "gh": field "secret_env": environment variable GH_SECRET is not set or empty\n',
    });
  });
});

describe('stint request (built CLI) against a verifying server on 127.0.0.1', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; url?: string; query?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const received = Buffer.concat(chunks);
        seen.push({ method: req.method, url: req.url });
        const reply = (status: number, text: string) =>
          res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
        void (async () => {
          if (req.url === '/hook') {
            verifyHmacWebhook({ format: 'github', secrets: [SECRETS.GH_SECRET], headers: req.headers, body: received });
            return reply(200, `accepted ${received.length} bytes`);
          }
          if (req.url?.startsWith('/signed')) {
            await verifyHttpSignature({
              method: req.method ?? '',
              url: `${base}${req.url}`,
              headers: req.headers,
              body: received,
              keys: { 'ci-deploy': { alg: 'ed25519', key: ed.publicKey } },
              requiredComponents: ['@method', '@authority', '@path', '@query', 'content-digest'],
            });
            return reply(201, 'signed ok');
          }
          if (req.url?.startsWith('/open')) return reply(200, 'open');
          return reply(404, 'no such route');
        })().catch((error: { code?: string }) => reply(401, `refused: ${error.code}`));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a github-signed body the server verifies, and prints the response body', async () => {
    expect(
      await stint(['request', 'gh', 'POST', `${base}/hook`, '--body-file', 'body.json', '--config', 'stint.yml']),
    ).toEqual({ code: 0, stdout: `accepted ${Buffer.byteLength(body)} bytes`, stderr: '' });
  });

  it('sends an RFC 9421-signed request with a query the server verifies', async () => {
    expect(
      await stint([
        'request',
        'sig',
        'post',
        `${base}/signed?run=42`,
        '--body',
        '{"a":1}',
        '--header',
        'Content-Type: application/json',
        '--config',
        'stint.yml',
      ]),
    ).toEqual({ code: 0, stdout: 'signed ok', stderr: '' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/signed?run=42' });
  });

  it('warns on stderr when the http-signature profile leaves the query unsigned, and still sends', async () => {
    const run = await stint(['request', 'sigdefault', 'get', `${base}/open?run=42`, '--config', 'stint.yml']);
    expect(run).toMatchObject({ code: 0, stdout: 'open' });
    expect(run.stderr).toMatch(
      /^stint: warning: profile "sigdefault" does not sign the query of this URL .*add @query to the profile's components/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 on HTTP >= 400 with the status on stderr, and the body on stdout', async () => {
    expect(
      await stint(['request', 'gh', 'POST', `${base}/hook`, '--body', 'x', '--config', 'stint.yml'], {
        GH_SECRET: 'wrong-secret',
      }),
    ).toEqual({
      code: 1,
      stdout: 'refused: ERR_SIGNATURE_INVALID',
      stderr: `stint: HTTP 401 Unauthorized from POST ${base}/hook\n`,
    });
    expect(await stint(['request', 'apiq', 'GET', `${base}/nothing?x=1`, '--config', 'stint.yml'])).toEqual({
      code: 1,
      stdout: 'no such route',
      stderr: `stint: HTTP 404 Not Found from GET ${base}/nothing\n`,
    });
    expect(seen.at(-1)?.url).toBe(`/nothing?x=1&key=${SECRETS.API_TOKEN}`);
  });

  it('reports an unreachable server without a stack', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await stint(['request', 'gh', 'POST', `http://127.0.0.1:${port}/hook`, '--config', 'stint.yml'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `stint: POST http://127.0.0.1:${port}/hook: ECONNREFUSED\n`,
    });
  });
});

describe('no secret in any output', () => {
  it('no run printed a secret in any encoding (credential headers aside)', () => {
    expect(runs.length).toBeGreaterThan(15);
    // bearer/jwt print their credential on stdout by design; everything else must never show a secret.
    const credentialStdout = new Set([
      `X-Api-Key: ${SECRETS.API_TOKEN}\n`,
      `{"headers":{},"url":"https://x.example/a?key=${SECRETS.API_TOKEN}"}\n`,
    ]);
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const run of runs) {
        expectNoSecret(run.stderr, secret, `${name} on stderr`);
        if (!credentialStdout.has(run.stdout)) expectNoSecret(run.stdout, secret, `${name} on stdout`);
      }
    }
  });
});
