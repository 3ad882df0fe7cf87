import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type RunningBroker, startBroker } from '../helpers/broker.js';

// `stint dev issuer` through the BUILT CLI: each CI's issuer read by a real OIDC client
// (openid-client discovery, jose's remote JWKS) and trusted by a real broker, configured with the
// lines the command prints.

const KINDS = ['github', 'gitlab', 'circleci', 'buildkite', 'jenkins'] as const;
type Kind = (typeof KINDS)[number];

/** Where each CI serves its JWKS, and the shape of its subject, as the CI documents them. */
const SHAPE: Record<Kind, { jwks: string; issuerPath: RegExp; subject: (origin: string) => RegExp }> = {
  github: {
    jwks: '/.well-known/jwks',
    issuerPath: /^$/u,
    subject: () => /^repo:acme\/warehouse:ref:refs\/heads\/main$/u,
  },
  gitlab: {
    jwks: '/oauth/discovery/keys',
    issuerPath: /^$/u,
    subject: () => /^project_path:acme\/warehouse:ref_type:branch:ref:main$/u,
  },
  circleci: {
    jwks: '/.well-known/jwks-pub.json',
    issuerPath: /^\/org\/[0-9a-f-]{36}$/u,
    subject: () =>
      /^org\/[0-9a-f-]{36}\/project\/[0-9a-f-]{36}\/user\/[0-9a-f-]{36}\/vcs-origin\/github\.com\/acme\/warehouse\/vcs-ref\/refs\/heads\/main$/u,
  },
  buildkite: {
    jwks: '/.well-known/jwks',
    issuerPath: /^$/u,
    subject: () => /^organization:acme:pipeline:warehouse:ref:refs\/heads\/main:commit:[0-9a-f]{40}:step:deploy$/u,
  },
  jenkins: {
    jwks: '/jwks',
    issuerPath: /^\/oidc$/u,
    subject: (origin) => new RegExp(`^${origin.replace(/[.]/gu, '\\.')}/job/warehouse/job/main/$`, 'u'),
  },
};

interface DevIssuer {
  kind: Kind;
  child: ChildProcess;
  stdout: string;
  issuer: string;
  origin: string;
  secret: string;
  mintUrl: string;
  /** The command it prints to get a token. */
  mintLine: string;
  providerLine: string;
  ruleLine: string;
  exited: Promise<number | null>;
}

async function startDevIssuer(kind: Kind, extra: string[] = []): Promise<DevIssuer> {
  const child = spawn(process.execPath, [CLI, 'dev', 'issuer', '--provider', kind, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`dev issuer did not start in 120 s:\n${stdout}${stderr}`)), 120_000);
    const check = () => {
      if (stdout.includes('Stop it with Ctrl-C.')) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`dev issuer exited early:\n${stdout}${stderr}`));
    });
  });
  const issuer = /issuer at (\S+)\n/u.exec(stdout)![1]!;
  const mint = /^ {2}(printf 'Authorization: Bearer %s\\n' '([A-Za-z0-9_-]+)' \| curl -fsS -H @- '([^']+)')$/mu.exec(
    stdout,
  )!;
  return {
    kind,
    child,
    stdout,
    issuer,
    origin: new URL(issuer).origin,
    mintLine: mint[1]!,
    secret: mint[2]!,
    mintUrl: mint[3]!,
    providerLine: /^ {4}[a-z]+: \{ issuer: .*$/mu.exec(stdout)![0]!,
    ruleLine: /^ {6}- \{ provider: .*$/mu.exec(stdout)![0]!,
    exited,
  };
}

const issuers = new Map<Kind, DevIssuer>();
let broker: RunningBroker;

beforeAll(async () => {
  for (const kind of await Promise.all(KINDS.map((k) => startDevIssuer(k)))) issuers.set(kind.kind, kind);
  // One broker trusting all five, configured with the lines each issuer printed.
  broker = await startBroker({
    configYaml: `issuer: https://stint.example.com
keys: { dir: keys, algorithm: EdDSA }
store: memory
audit: { file: audit.jsonl }
providers:
${[...issuers.values()].map((i) => i.providerLine.slice(2)).join('\n')}
projects:
  warehouse:
    scopes: [read, write]
    trust:
${[...issuers.values()].map((i) => i.ruleLine).join('\n')}
`,
  });
});

afterAll(async () => {
  for (const issuer of issuers.values()) issuer.child.kill('SIGTERM');
  await Promise.all([...issuers.values()].map((i) => i.exited));
  await broker?.stop();
});

describe('stint dev issuer', () => {
  it.each(KINDS)(
    '--provider %s: discovery and JWKS where the CI has them, read by openid-client and jose',
    async (kind) => {
      const dev = issuers.get(kind)!;
      expect(dev.issuer.slice(dev.origin.length)).toMatch(SHAPE[kind].issuerPath);
      expect(dev.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
      const config = await oidc.discovery(new URL(dev.issuer), 'stint-tests', undefined, oidc.None(), {
        execute: [oidc.allowInsecureRequests],
      });
      const metadata = config.serverMetadata();
      expect(metadata.issuer).toBe(dev.issuer);
      expect(metadata.jwks_uri).toBe(`${dev.issuer}${SHAPE[kind].jwks}`);
      expect(metadata.id_token_signing_alg_values_supported).toEqual(['RS256']);

      const refused = await fetch(dev.mintUrl, { headers: { authorization: 'Bearer wrong' } });
      expect(refused.status).toBe(401);
      const answer = await fetch(dev.mintUrl, { headers: { authorization: `Bearer ${dev.secret}` } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/jwt');
      const jwt = await answer.text();
      expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
      const audience = /aud (\S+)\n/u.exec(dev.stdout)![1]!;
      const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(metadata.jwks_uri!)), {
        issuer: dev.issuer,
        audience,
        algorithms: ['RS256'],
      });
      expect(payload.sub).toMatch(SHAPE[kind].subject(dev.origin));
      expect(payload.exp! - payload.iat!).toBe(300);
      expect(typeof payload.jti).toBe('string');
      expect(metadata.claims_supported).toEqual(expect.arrayContaining(Object.keys(payload)));
    },
  );

  it.each(KINDS)('--provider %s: a broker configured with the printed lines exchanges its tokens', async (kind) => {
    const dev = issuers.get(kind)!;
    const jwt = await (await fetch(dev.mintUrl, { headers: { authorization: `Bearer ${dev.secret}` } })).text();
    const exchanged = await fetch(`${broker.url}/auth/oidc/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: jwt, project: 'warehouse' }),
    });
    expect(exchanged.status, await exchanged.clone().text()).toBe(200);
    expect(await exchanged.json()).toMatchObject({ scope: 'read', project: 'warehouse' });
  });

  it.each(KINDS)('--provider %s: stint policy check finds nothing to warn about in the printed lines', async (kind) => {
    const dev = issuers.get(kind)!;
    const dir = mkdtempSync(join(tmpdir(), 'stint-dev-policy-'));
    try {
      const file = join(dir, 'stint.yml');
      writeFileSync(
        file,
        `issuer: https://stint.example.com
providers:
${dev.providerLine.slice(2)}
projects:
  warehouse:
    scopes: [read, write]
    trust:
${dev.ruleLine}
`,
      );
      const checked = await new Promise<{ code: number; output: string }>((done) =>
        execFile(process.execPath, [CLI, 'policy', 'check', file], (error, stdout, stderr) =>
          done({ code: error === null ? 0 : Number(error.code), output: stdout + stderr }),
        ),
      );
      expect(checked.output).not.toContain(': warning:');
      expect(checked.output).toContain('0 warnings');
      expect(checked.code).toBe(0);
      if (kind === 'github')
        expect(dev.ruleLine).toContain('subject: "repo:acme@1234567/warehouse@7654321:ref:refs/heads/main"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the printed token command runs as printed, with the secret on curl's stdin, not in its arguments", async () => {
    const dev = issuers.get('gitlab')!;
    expect(dev.mintLine).not.toMatch(/curl .*Bearer/u);
    const { stdout } = await promisify(execFile)('sh', ['-c', dev.mintLine], { encoding: 'utf8' });
    expect(decodeProtectedHeader(stdout)).toMatchObject({ alg: 'RS256' });
  });

  it('POST sets and removes claims; ?audience= sets aud; a body that is not an object is refused', async () => {
    const dev = issuers.get('gitlab')!;
    const answer = await fetch(`${dev.mintUrl.split('?')[0]}?audience=https://other.example`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dev.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sub: 'project_path:acme/warehouse:ref_type:branch:ref:dev',
        ref: 'dev',
        user_email: null,
      }),
    });
    const jwt = await answer.text();
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ aud: 'https://other.example', ref: 'dev', project_path: 'acme/warehouse' });
    expect(payload).not.toHaveProperty('user_email');
    const bad = await fetch(dev.mintUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${dev.secret}` },
      body: '[1]',
    });
    expect(bad.status).toBe(400);
  });

  it("github: stint exchange gets a token through the runner's token request protocol, as printed", async () => {
    const dev = issuers.get('github')!;
    const env = Object.fromEntries(
      [...dev.stdout.matchAll(/^ {2}export (ACTIONS_ID_TOKEN_REQUEST_(?:URL|TOKEN))='([^']+)'$/gmu)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    expect(Object.keys(env).sort()).toEqual(['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL']);
    const wrong = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=x`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [
          CLI,
          'exchange',
          '--provider',
          'github',
          '--broker',
          broker.url,
          '--project',
          'warehouse',
          '--audience',
          'https://stint.example.com',
          '--format',
          'json',
        ],
        { env: { PATH: process.env.PATH, ...env }, cwd: mkdtempSync(join(tmpdir(), 'stint-dev-issuer-')) },
        (error, out, err) =>
          done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err }),
      ),
    );
    expect(stderr).toContain('project warehouse');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ project: 'warehouse', scope: 'read', token_type: 'Bearer' });
  });

  it('--claims, --audience and --ttl shape every token; SIGTERM stops it with exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-dev-issuer-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'claims.json'), JSON.stringify({ namespace_id: '42', ref_protected: 'false' }));
    const dev = await startDevIssuer('gitlab', [
      '--claims',
      join(dir, 'claims.json'),
      '--audience',
      'https://b.example',
      '--ttl',
      '2m',
    ]);
    const jwt = await (await fetch(dev.mintUrl, { headers: { authorization: `Bearer ${dev.secret}` } })).text();
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      number | string
    >;
    expect(payload).toMatchObject({ namespace_id: '42', ref_protected: 'false', aud: 'https://b.example' });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
    dev.child.kill('SIGTERM');
    expect(await dev.exited).toBe(0);
  });

  it('usage errors exit 2 and say what is allowed; --help names every option', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stderr: string; stdout: string }>((done) =>
        execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) =>
          done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const bad = await run(['dev', 'issuer', '--provider', 'travis']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--provider must be one of github, gitlab, circleci, buildkite, jenkins');
    expect((await run(['dev', 'nothing'])).code).toBe(2);
    const help = await run(['dev', 'issuer', '--help']);
    for (const flag of ['--provider', '--host', '--port', '--audience', '--claims', '--ttl'])
      expect(help.stdout).toContain(flag);
  });
});
