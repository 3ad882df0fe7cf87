import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/broker.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { baseEnv, run } from '../recipes/helpers.js';

/**
 * Every text the built CLI shows about getting a stint token into a shell (its --help pages, the
 * hints of `stint cert` and of a bearer profile without STINT_TOKEN, the troubleshooting page)
 * gives the form README and docs/cli.md give: keep the output, stop when the exchange fails,
 * then eval it. Never `eval "$(stint exchange …)"`, which goes on after a failed exchange, even
 * under `set -euo pipefail`. And a hint, pasted into a job script as printed, stops it when the
 * exchange is refused.
 */

/** `eval "$(stint …` offered as the way to do it (a sentence that says "not eval …" is fine). */
const UNSAFE = /(?<!not `?)eval "\$\(stint/u;
/** The safe form, with the placeholders a hint may use. */
const SAFE = /exports="\$\(stint exchange [^"]*\)" \|\| exit 1`?;? (then )?`?eval "\$exports"/u;

let dir: string;
let server: Server;
let brokerUrl: string;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function stint(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PATH: process.env.PATH, ...env } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-exchange-hints-'));
  // A broker stand-in that refuses every exchange.
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.writeHead(req.url === '/auth/oidc/exchange' ? 403 : 404).end(
        JSON.stringify({
          error: 'access_denied',
          error_description: 'no rule matches',
          request_id: '00000000-0000-4000-8000-000000000001',
        }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  brokerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

/** `stint --help`'s commands, with the subcommands that have a --help of their own. */
async function helpPages(): Promise<string[][]> {
  const top = await stint(['--help']);
  const names = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gmu)].map((match) => match[1]!);
  expect(names).toContain('exchange');
  expect(names).toContain('cert');
  return [
    ['--help'],
    ...names.map((name) => [name, '--help']),
    ['policy', 'test', '--help'],
    ['audit', 'query', '--help'],
  ];
}

describe('no text recommends eval "$(stint exchange …)"', () => {
  it('no --help page of the built CLI does; exchange and cert --help give the safe form', async () => {
    const pages = await helpPages();
    const results = await Promise.all(pages.map((args) => stint(args)));
    for (const [index, result] of results.entries()) {
      expect(result.code, pages[index]!.join(' ')).toBe(0);
      expect(result.stdout, pages[index]!.join(' ')).not.toMatch(UNSAFE);
    }
    const exchange = results[pages.findIndex((args) => args[0] === 'exchange')]!.stdout;
    expect(exchange).toContain('exports="$(stint exchange …)" || exit 1; eval "$exports"');
    const cert = results[pages.findIndex((args) => args[0] === 'cert')]!.stdout;
    expect(cert).toContain(
      '  exports="$(stint exchange --broker https://stint.example.com --project warehouse)" || exit 1\n  eval "$exports"\n',
    );
  });

  it('docs/troubleshooting.md (from the error catalogue) does not either', () => {
    const page = readFileSync('docs/troubleshooting.md', 'utf8');
    expect(page).not.toMatch(UNSAFE);
    for (const code of ['ERR_TOKEN_MISSING', 'ERR_STINT_TOKEN_MISSING']) {
      const section = page.slice(page.indexOf(`### ${code}`));
      expect(section.slice(0, section.indexOf('\n### ', 4)), code).toMatch(SAFE);
    }
  });
});

/**
 * The hint of an error, pasted as printed into a job script (bash, `set -euo pipefail`), with
 * its placeholders filled in: the refused exchange stops the script at once.
 */
function runHint(hint: string) {
  const idToken = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://ci.example.com', sub: 'job', aud: brokerUrl, exp: Math.floor(Date.now() / 1000) + 3600 })}.c2lnbmF0dXJl`;
  const script = [
    'set -euo pipefail',
    `stint() { node ${JSON.stringify(CLI)} "$@"; }`,
    hint,
    'echo "script went on with $STINT_TOKEN"',
  ].join('\n');
  return run('bash', ['-c', script], { env: baseEnv({ STINT_ID_TOKEN: idToken }) });
}

describe('the hints of the errors are the safe form, and work as printed', () => {
  it('stint cert without a token: its hint stops a script when the exchange is refused', async () => {
    const result = await stint(['cert', '--broker', brokerUrl]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(UNSAFE);
    const hint = /e\.g\. (.*)\n$/u.exec(result.stderr)?.[1];
    expect(hint, result.stderr).toMatch(SAFE);
    const ran = await runHint(hint!.replace('--project P', '--project warehouse'));
    expect(ran.stderr).toContain(
      'HTTP 403 access_denied: no rule matches (request_id 00000000-0000-4000-8000-000000000001)',
    );
    expect(ran.stderr).not.toContain('unbound variable');
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
  });

  it('a bearer profile without STINT_TOKEN: its hint names --broker (it runs) and stops a script on refusal', async () => {
    writeFileSync(join(dir, 'bearer.yml'), 'signing:\n  api: { type: bearer }\n');
    const result = await stint(['request', 'api', 'GET', `${brokerUrl}/items`, '--config', 'bearer.yml']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(UNSAFE);
    const hint = /run the stint action with broker-url first \([^)]*\), or (.*)\n$/u.exec(result.stderr)?.[1];
    expect(hint, result.stderr).toMatch(SAFE);
    const ran = await runHint(
      hint!.replace('--broker URL', `--broker ${brokerUrl}`).replace('--project P', '--project warehouse'),
    );
    // Not a usage error (exit 2, "exchange needs --broker URL"): the exchange ran and was refused.
    expect(ran.stderr).toContain(
      'HTTP 403 access_denied: no rule matches (request_id 00000000-0000-4000-8000-000000000001)',
    );
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['bearer.yml']);
  });
});
