/**
 * Two brokers in one process (whoever embeds `openBroker`, as `stint serve` does once per
 * process), each with its issuer under its own path, on 127.0.0.1. Asked in turn, each serves its
 * routes under its own issuer's path and points a caller who left that path out at it; after a
 * reload (a new config object, same issuer) each still does. Nothing one broker works out from its
 * config is kept where the other, or the config a reload replaced, would find it
 * (src/broker/routes.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, type Listening, listen, openBroker } from '../../src/broker/server.js';
import { loadConfigFile } from '../../src/policy/config.js';

interface Served {
  broker: Broker;
  listening: Listening;
  file: string;
}

const dirs: string[] = [];
const served: Served[] = [];

/** A broker whose issuer is https://ci.example.com/{name}, with `extraProject` beside warehouse. */
const yaml = (name: string, extraProject = '') => `issuer: https://ci.example.com/${name}
keys: { dir: keys }
audit: { file: audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
${extraProject}`;

async function serve(name: string): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), `stint-one-process-${name}-`));
  dirs.push(dir);
  const file = join(dir, 'stint.yml');
  writeFileSync(file, yaml(name));
  const broker = await openBroker((await loadConfigFile(file)).config, { env: {} });
  const listening = await listen(broker.handler, { host: '127.0.0.1', port: 0 });
  const one = { broker, listening, file };
  served.push(one);
  return one;
}

let a: Served;
let b: Served;
beforeAll(async () => {
  a = await serve('a');
  b = await serve('b');
});
afterAll(async () => {
  for (const { broker, listening } of served) {
    await listening.close(0);
    await broker.close();
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** GET a path of one broker: its status, and the issuer of a discovery document or the error text. */
async function get(one: Served, path: string): Promise<{ status: number; said: unknown }> {
  const response = await fetch(`${one.listening.url}${path}`);
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, said: body.issuer ?? body.error_description };
}

/** What each broker answers, asked in turn, for its own issuer's path and for the other's. */
async function askInTurn(): Promise<Array<{ status: number; said: unknown }>> {
  const answers = [];
  for (let round = 0; round < 3; round++) {
    answers.push(await get(a, '/a/.well-known/openid-configuration'));
    answers.push(await get(b, '/b/.well-known/openid-configuration'));
    answers.push(await get(a, '/b/.well-known/openid-configuration'));
    answers.push(await get(b, '/.well-known/openid-configuration'));
  }
  return answers;
}

const EXPECTED = Array.from({ length: 3 }, () => [
  { status: 200, said: 'https://ci.example.com/a' },
  { status: 200, said: 'https://ci.example.com/b' },
  {
    status: 404,
    said: 'no endpoint at this path; the endpoints are listed in the discovery document, /a/.well-known/openid-configuration',
  },
  {
    status: 404,
    said: "no endpoint /.well-known/openid-configuration; this broker serves its endpoints under its issuer's path /b: /b/.well-known/openid-configuration",
  },
]).flat();

describe('two brokers in one process, issuers at /a and /b', () => {
  it('each serves under its own issuer’s path, asked in turn', async () => {
    expect(await askInTurn()).toEqual(EXPECTED);
  });

  it('and still does after each reloads a new config (same issuer, another project)', async () => {
    for (const [one, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      writeFileSync(
        one.file,
        yaml(
          name,
          `  billing:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1234567/billing@7654322:ref:refs/heads/main
`,
        ),
      );
      one.broker.reload((await loadConfigFile(one.file)).config);
      expect(Object.keys(one.broker.context.config.projects)).toEqual(['warehouse', 'billing']);
    }
    expect(await askInTurn()).toEqual(EXPECTED);
  });
});
