import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker } from '../helpers/broker.js';
import { ciBrokerConfig } from '../helpers/ci-issuers.js';
import { EVERY_IPV4_INTERFACE } from '../helpers/hosts.js';
import { writeSelfSignedCertificate } from '../helpers/tls-cert.js';
import { baseEnv, run } from '../recipes/helpers.js';

/**
 * deploy/Dockerfile read as a builder reads it, and the image's HEALTHCHECK script run against
 * the built broker and against servers that answer what a sick broker would. (No Docker engine
 * runs in CI; deploy/README.md says how the image itself was built and run.)
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DOCKERFILE = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
const HEALTHCHECK = join(ROOT, 'deploy/healthcheck.mjs');

/** Instructions with their continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

const servers: Server[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise((done) => server.close(done));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A server on 127.0.0.1 that answers each path with the status given (404 for others). */
async function serve(statuses: Record<string, number | 'hang'>): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    const status = statuses[req.url ?? ''] ?? 404;
    if (status === 'hang') return;
    res.writeHead(status).end();
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

const healthcheck = (url: string, env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [HEALTHCHECK, url], { env: baseEnv(env), timeoutMs: 120_000 });

/**
 * A self-signed certificate as a broker serving its public name has: for stint.example.com and
 * localhost, not for 127.0.0.1, from no CA the machine trusts.
 */
function publicCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stint-healthcheck-tls-'));
  dirs.push(dir);
  return writeSelfSignedCertificate(
    dir,
    { cert: 'fullchain.pem', key: 'privkey.pem' },
    { commonName: 'stint.example.com', subjectAltName: 'DNS:stint.example.com,DNS:localhost' },
  );
}

const GITLAB = {
  kind: 'gitlab' as const,
  url: 'https://gitlab.example.com',
  audience: 'https://stint.test',
  subject: 'project_path:acme/warehouse:ref_type:branch:ref:main',
};

describe('deploy/Dockerfile', () => {
  const ops = instructions(DOCKERFILE);
  const stages = ops.filter((i) => i.op === 'FROM');
  const final = ops.slice(ops.lastIndexOf(stages.at(-1)!));

  it('builds in one stage and runs in another, which holds only what runs', () => {
    expect(stages.length).toBe(2);
    expect(stages[0]!.args).toMatch(/ AS build$/);
    expect(final.filter((i) => i.op === 'RUN')).toEqual([]);
    expect(final.filter((i) => i.op === 'COPY').every((i) => i.args.startsWith('--from=build '))).toBe(true);
  });

  it('runs `serve --config /etc/stint/stint.yml` as a non-root user, with a HEALTHCHECK', () => {
    const user = final.find((i) => i.op === 'USER')!.args;
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(JSON.parse(final.find((i) => i.op === 'ENTRYPOINT')!.args)).toEqual([
      '/nodejs/bin/node',
      '/opt/stint/dist/cli/index.js',
    ]);
    expect(JSON.parse(final.find((i) => i.op === 'CMD')!.args)).toEqual([
      'serve',
      '--config',
      '/etc/stint/stint.yml',
      '--host',
      EVERY_IPV4_INTERFACE,
      '--port',
      '8080',
    ]);
    const check = final.find((i) => i.op === 'HEALTHCHECK')!.args;
    expect(JSON.parse(check.slice(check.indexOf('CMD ') + 4))).toEqual([
      '/nodejs/bin/node',
      '/opt/stint/healthcheck.mjs',
    ]);
    // The one place it writes is a volume it owns; nothing else is writable with --read-only.
    expect(JSON.parse(final.find((i) => i.op === 'VOLUME')!.args)).toEqual(['/var/lib/stint']);
    expect(final.find((i) => i.op === 'COPY' && i.args.includes(' /var/lib/stint'))!.args).toContain(`--chown=${user}`);
  });

  it('builds the PKCS#11 binding on request (--build-arg PKCS11=yes), the locked one, beside the CLI the run stage copies', () => {
    const build = ops.slice(0, ops.indexOf(stages.at(-1)!));
    expect(build.find((i) => i.op === 'ARG' && i.args.startsWith('PKCS11='))?.args).toBe('PKCS11=no');
    const step = build.find((i) => i.op === 'RUN' && i.args.includes('pkcs11js'))!.args;
    // The version package-lock.json pins (npm ci put it there; rebuild runs its node-gyp build), not whatever is latest.
    expect(step).toContain('npm rebuild pkcs11js');
    expect(step).not.toMatch(/npm install/);
    expect(step).toContain('cp -R node_modules/pkcs11js /out/opt/stint/node_modules/pkcs11js');
    expect(final.find((i) => i.op === 'COPY' && i.args.endsWith(' /opt/stint'))!.args).toBe(
      '--from=build /out/opt/stint /opt/stint',
    );
    // Where the bundled CLI's require('pkcs11js') looks first up from /opt/stint/dist/cli.
    expect(relative('/opt/stint/dist/cli', '/opt/stint/node_modules')).toBe('../../node_modules');
    const readme = readFileSync(join(ROOT, 'deploy/README.md'), 'utf8');
    expect(readme).toContain('--build-arg PKCS11=yes');
  });

  it('copies only files that exist, and its .dockerignore lets each through', () => {
    const ignore = readFileSync(join(ROOT, 'deploy/Dockerfile.dockerignore'), 'utf8');
    const sources = ops
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(ignore.split('\n'), source).toContain(`!${source}`);
    }
  });

  it("copies every file outside src/ that the CLI's sources import (the build stage has nothing else)", () => {
    const copied = ops
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    const outside = new Set<string>();
    for (const file of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
      if (!/\.m?ts$/.test(file)) continue;
      const text = readFileSync(join(ROOT, 'src', file), 'utf8');
      for (const [, specifier] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = relative(ROOT, resolve(ROOT, 'src', dirname(file), specifier!));
        if (!target.startsWith('src/')) outside.add(target);
      }
    }
    // The MCP example the demo runs lives in examples/; without it the image's build stage fails.
    expect([...outside].some((target) => target.startsWith('examples/'))).toBe(true);
    for (const target of outside) {
      expect(
        copied.some((source) => target === source || target.startsWith(source.endsWith('/') ? source : `${source}/`)),
        `${target} is imported by src/ but not copied into the build stage`,
      ).toBe(true);
    }
  });
});

describe('deploy/healthcheck.mjs (the image HEALTHCHECK)', () => {
  it('passes against the built broker', async () => {
    const broker = await startBroker({ configYaml: ciBrokerConfig([GITLAB]) });
    try {
      const result = await healthcheck(broker.url);
      // The broker serves /livez, so the check never falls back to readiness (a store outage
      // would otherwise mark the container unhealthy and get it restarted for nothing).
      expect(result.stdout).toBe('stint healthcheck: /livez answered 200\n');
      expect(result.code).toBe(0);
      // The probes deploy/kubernetes and deploy/README.md point at are served.
      for (const path of ['/livez', '/readyz']) expect((await fetch(`${broker.url}${path}`)).status, path).toBe(200);
    } finally {
      await broker.stop();
    }
  });

  it('passes against the built broker serving TLS itself, asked on https://127.0.0.1 (deploy/README.md)', async () => {
    const tls = publicCertificate();
    const broker = await startBroker({
      configYaml: ciBrokerConfig([GITLAB]),
      args: ['--tls-cert', tls.cert, '--tls-key', tls.key],
    });
    try {
      expect(broker.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      // Its certificate names the public host and no CA here signed it: on a loopback address the
      // probe does not verify it (it sends nothing and reads a status code; see the script).
      const result = await healthcheck(broker.url);
      expect(result.stdout).toBe('stint healthcheck: /livez answered 200\n');
      expect(result.code).toBe(0);
      // The same through STINT_HEALTHCHECK_URL, as the image's HEALTHCHECK runs it (no argument).
      const fromEnv = await run(process.execPath, [HEALTHCHECK], {
        env: baseEnv({ STINT_HEALTHCHECK_URL: broker.url }),
        timeoutMs: 20_000,
      });
      expect(fromEnv.stdout).toBe('stint healthcheck: /livez answered 200\n');
      expect(fromEnv.code).toBe(0);

      // Plain HTTP to the TLS port: unhealthy, and it says what to set.
      const plain = await healthcheck(broker.url.replace('https:', 'http:'));
      expect(plain.code).toBe(1);
      expect(plain.stdout).toContain(
        `(if the broker serves TLS, set STINT_HEALTHCHECK_URL=${broker.url.replace('http:', 'https:')})`,
      );

      // Any URL but a loopback address is verified: a name (even localhost) with a certificate
      // from an unknown CA fails, and passes once NODE_EXTRA_CA_CERTS names that CA.
      const byName = broker.url.replace('127.0.0.1', 'localhost');
      const unverified = await healthcheck(byName);
      expect(unverified.code).toBe(1);
      expect(unverified.stdout).toMatch(/did not answer: self[- ]signed certificate/);
      const withCa = await healthcheck(byName, { NODE_EXTRA_CA_CERTS: tls.cert });
      expect(withCa.stdout).toBe('stint healthcheck: /livez answered 200\n');
      expect(withCa.code).toBe(0);
    } finally {
      await broker.stop();
    }
  });

  it('asks /livez and stops there when the broker serves it', async () => {
    const server = await serve({ '/livez': 200, '/healthz': 503 });
    const result = await healthcheck(server.url);
    expect(result.code).toBe(0);
    expect(server.asked).toEqual(['/livez']);
  });

  it('falls back to /healthz only when /livez is not served, and fails when that fails', async () => {
    const server = await serve({ '/healthz': 503 });
    const result = await healthcheck(server.url);
    expect(result.stdout).toBe('stint healthcheck: /healthz answered 503\n');
    expect(result.code).toBe(1);
    expect(server.asked).toEqual(['/livez', '/healthz']);
  });

  it('fails when /livez fails', async () => {
    const server = await serve({ '/livez': 500, '/healthz': 200 });
    expect((await healthcheck(server.url)).code).toBe(1);
    expect(server.asked).toEqual(['/livez']);
  });

  it('fails, and says why, when nothing listens or the broker hangs', async () => {
    const closed = await serve({});
    await new Promise((done) => servers.pop()!.close(done));
    const refused = await healthcheck(closed.url);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/did not answer/);

    const hung = await serve({ '/livez': 'hang' });
    const started = Date.now();
    const timedOut = await healthcheck(hung.url);
    expect(timedOut.code).toBe(1);
    // Its own 4 s limit, inside the HEALTHCHECK's --timeout, so Docker sees its answer, not a kill.
    expect(timedOut.stdout).toMatch(/did not answer: timeout: no answer within 4 s/);
    const dockerTimeout = /^HEALTHCHECK .*--timeout=(\d+)s/m.exec(
      readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8'),
    );
    expect(Number(dockerTimeout?.[1])).toBeGreaterThan(4);
    // It stopped by itself (a ceiling for a busy machine, far inside run()'s 120 s kill).
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('deploy/README.md', () => {
  it('does not describe as missing what the broker serves now', () => {
    const readme = readFileSync(join(ROOT, 'deploy/README.md'), 'utf8');
    expect(readme).not.toMatch(/not yet|serves only `\/healthz`|serves `\/healthz` only/);
    expect(readme).toContain('ExecReload=/bin/kill -HUP $MAINPID');
  });

  it("says how to apply a ConfigMap change, with the image's own Node as PID 1 and the Deployment's own label", () => {
    const readme = readFileSync(join(ROOT, 'deploy/README.md'), 'utf8');
    expect(readme).toContain('kubectl -n stint rollout restart deploy/stint');
    // SIGHUP without a shell: the Node the image's exec-form ENTRYPOINT runs (so it is PID 1).
    const entrypoint = /^ENTRYPOINT \["([^"]+)"/m.exec(DOCKERFILE)?.[1];
    expect(entrypoint).toBe('/nodejs/bin/node');
    expect(readme).toContain(`-- ${entrypoint} -e 'process.kill(1, "SIGHUP")'`);
    const deployment = readFileSync(join(ROOT, 'deploy/kubernetes/deployment.yaml'), 'utf8');
    expect(deployment).toMatch(/^\s+app\.kubernetes\.io\/name: stint$/m);
    expect(readme).toContain('get pods -l app.kubernetes.io/name=stint');
    // The ConfigMap is mounted as a directory (a subPath mount is never swapped).
    expect(deployment).not.toContain('subPath');
  });
});
