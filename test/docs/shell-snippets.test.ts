import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/broker.js';
import { baseEnv, run } from '../recipes/helpers.js';

/**
 * The `stint exchange` shell snippets of the README ("Anywhere else") and docs/cli.md, run as a
 * job script runs them (bash, `set -euo pipefail`) with the built CLI, against a broker stand-in
 * on 127.0.0.1 that denies or grants. A failed exchange must stop the script before anything
 * uses the token; a granted one reaches the request and, at exit, `stint revoke`.
 */
const BROKER = 'https://stint.example.com';
/** A JWT-shaped ID token (the stand-in checks nothing), in STINT_ID_TOKEN, where any CI's can be. */
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID_TOKEN = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://ci.example.com', sub: 'job', aud: BROKER, exp: Math.floor(Date.now() / 1000) + 3600 })}.c2lnbmF0dXJl`;

/** The first ```sh block after `marker` in `file`. */
function snippet(file: string, marker: string): string {
  const text = readFileSync(resolve(file), 'utf8');
  const at = text.indexOf(marker);
  expect(at, `${file} has no ${marker}`).toBeGreaterThanOrEqual(0);
  const block = /```sh\n([\s\S]*?)```/u.exec(text.slice(at))?.[1];
  expect(block, `${file}: no sh block after ${marker}`).toBeDefined();
  return block!;
}

const SNIPPETS = [
  ['README.md', snippet('README.md', '### Anywhere else')],
  ['docs/cli.md', snippet('docs/cli.md', "Keep the shell format's output in a variable")],
] as const;

let mode: 'deny' | 'grant' = 'deny';
let server: Server;
let brokerUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url !== '/auth/oidc/exchange') {
        res.writeHead(404).end('{}');
      } else if (mode === 'deny') {
        res.writeHead(403).end(
          JSON.stringify({
            error: 'access_denied',
            error_description: 'no rule matches',
            request_id: '00000000-0000-4000-8000-000000000001',
          }),
        );
      } else {
        res.writeHead(200).end(
          JSON.stringify({
            access_token: 'stint-token-from-the-stand-in',
            token_type: 'Bearer',
            expires_in: 600,
            expires_at: Math.floor(Date.now() / 1000) + 600,
            scope: 'read',
            project: 'warehouse',
            audit_id: 'a-1',
          }),
        );
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  brokerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

/** A `curl` that only says what it was given: its arguments, and its stdin when `-H @-` reads headers there. */
const CURL_STAND_IN = 'curl() { echo "curl ran: $*"; case " $* " in *" @- "*) echo "curl stdin: $(cat)" ;; esac; }';

/**
 * The snippet under bash with `set -euo pipefail`: `stint` is the built CLI, except that
 * `stint revoke` only says it ran (the stand-in is no broker to revoke at); `curl` only says
 * what it was given.
 */
function runSnippet(text: string) {
  expect(text).toContain(BROKER);
  const script = [
    'set -euo pipefail',
    `stint() { if [ "$1" = revoke ]; then echo "revoke ran with \${STINT_TOKEN:-no token}"; else node ${JSON.stringify(CLI)} "$@"; fi; }`,
    CURL_STAND_IN,
    text.replaceAll(BROKER, brokerUrl),
    'echo "script went on"',
  ].join('\n');
  return run('bash', ['-c', script], { env: baseEnv({ STINT_ID_TOKEN: ID_TOKEN }) });
}

describe('the stint exchange shell snippets of the docs', () => {
  it.each(SNIPPETS)(
    '%s: a denied exchange stops the script; nothing uses a token, nothing else runs',
    async (_file, text) => {
      mode = 'deny';
      const result = await runSnippet(text);
      expect(result.stderr).toContain(
        'HTTP 403 access_denied: no rule matches (request_id 00000000-0000-4000-8000-000000000001)',
      );
      // Stopped by the failed exchange itself (`|| exit 1`), not later by luck: `eval "$(…)"` goes
      // on, and only `set -u` tripping over the unset STINT_TOKEN a line further would stop it.
      expect(result.stderr).not.toContain('unbound variable');
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    },
  );

  it.each(SNIPPETS)(
    '%s: a granted exchange reaches the request, and revokes the token at exit',
    async (_file, text) => {
      mode = 'grant';
      const result = await runSnippet(text);
      expect(result.code, result.stderr).toBe(0);
      if (text.includes('curl ')) {
        // The token reaches curl on stdin, never among its arguments (SECURITY.md: argv is public).
        expect(result.stdout).toContain('curl stdin: Authorization: Bearer stint-token-from-the-stand-in');
        expect(result.stdout).toMatch(/^curl ran: .*$/mu);
        expect(/^curl ran: .*$/mu.exec(result.stdout)![0]).not.toContain('stint-token-from-the-stand-in');
      }
      expect(result.stdout).toMatch(/script went on\nrevoke ran with stint-token-from-the-stand-in\n$/u);
    },
  );
});

/**
 * docs/signing.md's `stint sign` + curl snippet, run the same way in a directory of its own with
 * the signing.yml the page shows: a signing failure (the secret variable unset) must stop the
 * script before curl runs, so no request goes out unsigned; a signature reaches curl on stdin.
 */
describe('the stint sign snippet of docs/signing.md', () => {
  const text = snippet('docs/signing.md', '## `stint sign` and `stint request`');
  const body = '{"deploy":"warehouse"}';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stint-sign-snippet-'));
    writeFileSync(
      join(dir, 'signing.yml'),
      'signing:\n  deploy-hook: { type: hmac, format: github, secret_env: DEPLOY_HOOK_SECRET }\n',
    );
    writeFileSync(join(dir, 'payload.json'), body);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runSign(env: NodeJS.ProcessEnv) {
    const script = [
      'set -euo pipefail',
      `stint() { node ${JSON.stringify(CLI)} "$@"; }`,
      CURL_STAND_IN,
      text,
      'echo "script went on"',
    ].join('\n');
    return run('bash', ['-c', script], { env: baseEnv(env), cwd: dir });
  }

  it('a signing failure stops the script: curl never runs, so nothing is sent unsigned', async () => {
    expect(text).toContain('stint sign deploy-hook');
    const result = await runSign({});
    expect(result.stderr).toContain('DEPLOY_HOOK_SECRET');
    expect(result.stdout).not.toContain('curl ran');
    expect(result.stdout).not.toContain('script went on');
    expect(result.code).toBe(1);
  });

  it('a signature reaches curl on stdin, with the body it covers', async () => {
    const secret = 'It is a secret to everybody';
    const result = await runSign({ DEPLOY_HOOK_SECRET: secret });
    expect(result.code, result.stderr).toBe(0);
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(result.stdout).toContain(`curl stdin: X-Hub-Signature-256: ${signature}`);
    expect(result.stdout).toMatch(
      /^curl ran: -fsS -H @- --data-binary @payload.json https:\/\/hooks\.example\.com\/deploy$/mu,
    );
    expect(result.stdout).toMatch(/script went on\n$/u);
  });
});
