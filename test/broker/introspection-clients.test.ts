/**
 * Standard OAuth clients introspecting at the broker (review, December): the broker takes a
 * project API key as `Authorization: Bearer stint_sk_…` (introspection_endpoint_auth_methods_supported
 * ["bearer"], DESIGN §2), which no client authentication method of oauth4webapi or openid-client
 * sends. docs/broker.md shows the customFetch that adds it; this runs the examples it shows
 * (examples/introspection/) as users would, with node, against the built broker.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type Stack, startStack } from './stack.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/introspection');
const RESOURCE = 'https://tools.example.com/mcp';
const TOOLS = `  tools:
    audience: ${RESOURCE}
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        scopes: [read]
`;

let stack: Stack;
let apiKey: string;

beforeAll(async () => {
  stack = await startStack({ extraProjects: TOOLS });
  const made = await runCli(['keys', 'create-api-key', '--config', 'stint.yml', '--project', 'tools'], {
    cwd: stack.broker.dir,
  });
  expect(made.code, made.stderr).toBe(0);
  apiKey = /stint_sk_[A-Za-z0-9_-]+/.exec(made.stdout)![0];
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

function runExample(file: string, token: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(EXAMPLES, file), token],
      // From the repository, so the examples' imports resolve to its node_modules.
      {
        cwd: resolve(import.meta.dirname, '../..'),
        env: { ...process.env, STINT_ISSUER: stack.url, STINT_API_KEY: apiKey },
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('introspection from a standard OAuth client', () => {
  it('docs/broker.md shows the oauth4webapi example as it is in examples/introspection', () => {
    const page = readFileSync(resolve(import.meta.dirname, '../../docs/broker.md'), 'utf8');
    const example = readFileSync(join(EXAMPLES, 'oauth4webapi.mjs'), 'utf8');
    expect(page).toContain(`\`\`\`js\n${example}\`\`\``);
    expect(page).toContain('examples/introspection/openid-client.mjs');
  });

  for (const file of ['oauth4webapi.mjs', 'openid-client.mjs']) {
    it(`${file} with a customFetch adding the API key: active, then not once revoked`, async () => {
      const minted = await stack.exchange({ token: await stack.idToken(), resource: RESOURCE });
      expect(minted.status, JSON.stringify(minted.body)).toBe(200);
      const token = minted.body.access_token as string;
      const live = await runExample(file, token);
      expect(live, live.stderr).toMatchObject({
        code: 0,
        stdout: 'active: repo:acme/warehouse:ref:refs/heads/main (read)\n',
      });
      const revoked = await fetch(`${stack.url}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(revoked.status).toBe(200);
      const dead = await runExample(file, token);
      expect(dead, dead.stderr).toMatchObject({ code: 0, stdout: 'not active\n' });
    }, 120_000);
  }
});
