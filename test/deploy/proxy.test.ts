import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';
import { ciBrokerConfig } from '../helpers/ci-issuers.js';

/**
 * The nginx config deploy/README.md gives for the proxy in front of the broker ("Keep /metrics
 * off the public side"), run by a real nginx in front of the built broker: the API goes through,
 * /metrics does not, however its path is spelt.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'deploy/README.md'), 'utf8');

let broker: RunningBroker;
let nginx: ChildProcess;
let proxy: string;
let log = '';
const dir = mkdtempSync(join(tmpdir(), 'stint-nginx-'));

beforeAll(async () => {
  const blocks = [...README.matchAll(/^```nginx\n([\s\S]*?)^```/gmu)].map((m) => m[1]!);
  expect(blocks.length).toBe(1);
  const locations = blocks[0]!;
  expect(locations).toContain('proxy_pass http://127.0.0.1:8080;');
  broker = await startBroker({
    configYaml: ciBrokerConfig([
      {
        kind: 'gitlab',
        url: 'https://gitlab.example.com',
        audience: 'https://stint.test',
        subject: 'project_path:acme/warehouse:ref_type:branch:ref:main',
      },
    ]),
  });
  const port = await freePort();
  proxy = `http://127.0.0.1:${port}`;
  // The README's location blocks as they are, in the smallest server that holds them; only the
  // broker's port differs (it listens on a free one here).
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      `pid ${dir}/nginx.pid;`,
      'daemon off;',
      'events {}',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir};`),
      `  server {`,
      `    listen 127.0.0.1:${port};`,
      locations.replaceAll('http://127.0.0.1:8080;', `${broker.url};`),
      '  }',
      '}',
    ].join('\n'),
  );
  nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nginx.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  nginx.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await get('/.well-known/jwks.json').catch(() => undefined);
    if (answer?.status === 200) break;
    if (nginx.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start:\n${log}`);
    await new Promise((done) => setTimeout(done, 100));
  }
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((done) => nginx.once('exit', done));
    nginx.kill('SIGQUIT');
    const timer = setTimeout(() => nginx.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A request through the proxy with the path sent as it is (fetch would normalize `..` and `%2e`). */
function get(path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`${proxy}/`, { method, path }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', fail).end();
  });
}

describe("deploy/README.md's nginx locations in front of the built broker", () => {
  it('forwards the API paths to the broker', async () => {
    const jwks = await get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(JSON.parse(jwks.body)).toHaveProperty('keys');
    expect((await get('/.well-known/openid-configuration')).status).toBe(200);
    // The broker's own answers (JSON with its error codes), not nginx's.
    for (const path of ['/auth/oidc/exchange', '/oauth2/token', '/oauth2/revoke', '/oauth2/introspect']) {
      const answer = await get(path, 'POST');
      expect(answer.body, path).toMatch(/^\{"error":/);
    }
  });

  it('answers 404 itself for /metrics, however it is spelt, and for everything else', async () => {
    // The broker serves /metrics, so a forwarded request would answer 200 with Prometheus text.
    expect((await fetch(`${broker.url}/metrics`)).status).toBe(200);
    for (const path of [
      '/metrics',
      '/metrics?format=text',
      '//metrics',
      '/%6detrics',
      '/oauth2/../metrics',
      '/oauth2/%2e%2e/metrics',
      '/.well-known/..%2fmetrics',
      '/.well-known/%2E%2E/metrics',
      '/livez',
      '/',
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('stint_');
      expect(answer.body, path).toContain('nginx');
    }
  });
});
