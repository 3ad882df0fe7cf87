import { execFile, spawn } from 'node:child_process';
import { createHmac, createPublicKey } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { createVerifier, httpbis } from 'http-message-signatures';
import { jwtVerify } from 'jose';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type Step, steps } from '../../src/demo/run-demo.js';
import type { ReceivedRequest } from '../../src/demo/signing-receiver.js';
import { expectNoSecret } from '../helpers/secrets.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/index.js');
const run = promisify(execFile);
/**
 * Each test gives the demo a temp root of its own (TMPDIR for the CLI, tmpRoot in-process), so
 * "nothing left behind" is read where only this test's demo writes, never the shared temp dir.
 */
const ownTmpRoot = (): string => mkdtempSync(join(tmpdir(), 'stint-test-demo-'));
const demoDirs = (root: string): string[] => readdirSync(root).filter((name) => name.startsWith('stint-demo-'));
const STEP_NAMES = steps.map((step) => step.name);

/** What no line of the demo's output may hold, whatever the secrets were. */
function secretShapes(output: string): string[] {
  const found: string[] = [];
  const shapes: Record<string, RegExp> = {
    'a JWT': /eyJ[\w-]+\.eyJ[\w-]*\.[\w-]*/,
    'a PEM private key': /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    'a whsec_ secret': /whsec_/,
    'a project API key': /stint_sk_/,
    'the static bearer token': /demo_static_/,
    'an OAuth access token': /demo_at_/,
    // The demo never even tries to print a secret: redaction (***) is only its safety net.
    'a redacted value': /\*\*\*/,
  };
  for (const [what, shape] of Object.entries(shapes)) if (shape.test(output)) found.push(what);
  return found;
}

beforeAll(() => {
  for (const bundle of ['main', 'post', 'cli']) {
    if (!existsSync(join(ROOT, 'dist', bundle, 'index.js')))
      throw new Error(`dist/${bundle} is missing: run \`npm run build\` first`);
  }
});

describe('stint demo (the built CLI)', () => {
  it('runs the whole job with nothing configured: a ✓ line per step, the job summary, one result line, exit 0, nothing left behind', async () => {
    const root = ownTmpRoot();
    const { stdout, stderr } = await run(process.execPath, [CLI, 'demo'], {
      timeout: 110_000,
      cwd: root,
      env: { PATH: process.env.PATH ?? '', TMPDIR: root },
    });
    const lines = stdout.trimEnd().split('\n');
    expect(stdout, `${stdout}\n${stderr}`).not.toContain('✗');
    for (const name of STEP_NAMES)
      expect(
        lines.filter((line) => line.startsWith(`✓ ${name}: `)),
        name,
      ).toHaveLength(1);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^stint demo: PASS \\(${steps.length}/${steps.length} steps in \\d+\\.\\d s\\)$`),
    );
    expect(stderr).toBe('');

    // each signing type went through stint request to its verifier
    for (const profile of [
      'github-webhook',
      'standard-webhook',
      'stripe-webhook',
      'slack-webhook',
      'generic-webhook',
      'httpsig-ed25519',
      'httpsig-hmac',
      'service-jwt',
      'static-bearer',
      'partner-oauth2',
      'internal-mtls',
    ]) {
      expect(stdout).toMatch(new RegExp(`^ {4}✓ ${profile} \\(.*\\): stint request → `, 'm'));
    }
    expect(stdout).toContain('verified: verifyHttpSignature (ed25519, keyid demo-ed25519');
    expect(stdout).toContain('verified: verifyHmacWebhook (standard-webhooks), timestamp fresh');
    expect(stdout).toMatch(
      /✓ mTLS with the action's cert-path\/key-path: verifyClientCertificate: project warehouse, CN=repo:acme\/warehouse:ref:refs\/heads\/main, until \S+; without a client certificate the handshake is refused/,
    );
    expect(stdout).toContain('ref refs/heads/feature-x is not allowed for project warehouse');
    expect(stdout).toContain('[ERR_EXCHANGE_DENIED]');
    expect(stdout).toContain(
      'token revoked (the warehouse API now answers 401 ERR_TOKEN_INACTIVE, the broker refuses it a certificate: 401)',
    );
    expect(stdout).toMatch(
      /✓ stint audit verify: audit log \.stint\/audit\.jsonl: \d+ lines, hash chain intact; anchor \d+:[0-9a-f]{64} \(.*token_issued ×\d.*config_reloaded ×1.*exchange_denied ×1.*token_revoked ×1/,
    );
    // the MCP step: the SDK's client found the broker from the server's metadata and was refused deploy
    expect(stdout).toMatch(
      /✓ MCP server and client \(RFC 9728, RFC 8707\): http:\/\/127\.0\.0\.1:\d+\/mcp \(query, deploy\): the SDK's client got 401 with the resource_metadata challenge, .* for project release-tools \(scope read\), called query and was refused deploy/,
    );
    expect(stdout).toMatch(
      /^ {4}✓ tools\/call query → warehouse: v1\.4\.2 deployed .* \(asked by acme\/warehouse run \d+\)$/m,
    );
    expect(stdout).toContain('✓ tools/call deploy → 403 insufficient_scope, scope="deploy"');

    // the job summary, as the runner would show it
    expect(stdout).toContain('── job summary (GITHUB_STEP_SUMMARY) ──');
    expect(stdout).toContain('| Repository | `acme/warehouse` |');
    expect(stdout).toMatch(/\| `warehouse` \| `read write` \|/);
    expect(stdout).toContain('| `internal-mtls` | `mtls` |');
    expect(stdout).toContain('- Token: revoked at the broker');

    expect(secretShapes(stdout)).toEqual([]);
    expect(demoDirs(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  }, 300_000);

  it('stops everything and removes its temp dir on SIGINT', async () => {
    const root = ownTmpRoot();
    const child = spawn(process.execPath, [CLI, 'demo'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: root },
    });
    let stdout = '';
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    await new Promise<void>((interrupted) => {
      // A demo that ends before the action ran fails below instead of hanging here.
      void exited.then(() => interrupted());
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // Interrupt while the job runs: servers up, the action's files under the temp dir.
        if (stdout.includes('✓ action main') && !child.killed) {
          child.kill('SIGINT');
          interrupted();
        }
      });
    });
    expect(await exited).toBe(130);
    expect(stdout).toContain('stint demo: SIGINT: stopping');
    expect(stdout).not.toContain('stint demo: PASS');
    expect(demoDirs(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  }, 300_000);
});

/** What the demo's receiver got, checked with libraries stint's code does not use (dev dependencies only). */
async function checkIndependently(
  profiles: Record<string, { secret?: string; key?: string }>,
  received: Array<[string, ReceivedRequest, Date]>,
): Promise<void> {
  const secretOf = (name: string): string => profiles[name]?.secret ?? profiles[name]?.key ?? '';
  const checked = new Set<string>();
  for (const [profile, { method, url, headers, body }, receivedAt] of received) {
    const text = body.toString('utf8');
    const header = (name: string): string => String(headers[name] ?? '');
    switch (profile) {
      case 'github-webhook':
        expect(await octokitVerify(secretOf(profile), text, header('x-hub-signature-256'))).toBe(true);
        break;
      case 'standard-webhook':
        expect(new Webhook(secretOf(profile)).verify(text, headers as Record<string, string>)).toEqual(
          JSON.parse(text),
        );
        break;
      case 'stripe-webhook':
        expect(Stripe.webhooks.constructEvent(text, header('stripe-signature'), secretOf(profile))).toEqual(
          JSON.parse(text),
        );
        break;
      case 'slack-webhook': {
        // Slack's documented recipe: v0= HMAC-SHA256 of "v0:<timestamp>:<body>".
        const expected = `v0=${createHmac('sha256', secretOf(profile))
          .update(`v0:${header('x-slack-request-timestamp')}:${text}`)
          .digest('hex')}`;
        expect(header('x-slack-signature')).toBe(expected);
        break;
      }
      case 'httpsig-ed25519':
      case 'httpsig-hmac': {
        const alg = profile === 'httpsig-hmac' ? 'hmac-sha256' : 'ed25519';
        const key = alg === 'hmac-sha256' ? secretOf(profile) : createPublicKey(secretOf(profile));
        const keyLookup = async () => ({
          id: alg === 'ed25519' ? 'demo-ed25519' : 'demo-hmac',
          algs: [alg],
          verify: createVerifier(key, alg),
        });
        const message = { method, url, headers: headers as Record<string, string> };
        expect(
          await httpbis.verifyMessage(
            { keyLookup, requiredFields: ['@method', '@authority', '@path', 'content-digest'] },
            message,
          ),
        ).toBe(true);
        break;
      }
      case 'service-jwt': {
        const { payload } = await jwtVerify(
          header('authorization').replace(/^Bearer /, ''),
          createPublicKey(secretOf(profile)),
          // Checked as of its arrival: on a busy machine the rest of the demo can outlast its short lifetime.
          { algorithms: ['ES256'], issuer: 'acme-ci', audience: 'deploy-api', currentDate: receivedAt },
        );
        expect(payload.jti).toMatch(/\S/);
        break;
      }
      default:
        continue;
    }
    checked.add(profile);
  }
  expect([...checked].sort()).toEqual([
    'github-webhook',
    'httpsig-ed25519',
    'httpsig-hmac',
    'service-jwt',
    'slack-webhook',
    'standard-webhook',
    'stripe-webhook',
  ]);
}

describe('stint demo without the built action', () => {
  it('says to run npm run build and exits 1', async () => {
    // The CLI bundle alone, as in the npm package: no action.yml, dist/main or dist/post beside it.
    const alone = mkdtempSync(join(tmpdir(), 'stint-cli-only-'));
    try {
      cpSync(join(ROOT, 'dist/cli'), join(alone, 'dist/cli'), { recursive: true });
      const failed = await run(process.execPath, [join(alone, 'dist/cli/index.js'), 'demo'], { timeout: 30_000 }).then(
        () => undefined,
        (error: { code: number; stderr: string; stdout: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toBe('');
      expect(failed?.stderr.trim()).toBe(
        `stint: the demo runs the built action, but action.yml, ${join('dist', 'main', 'index.js')}, ${join('dist', 'post', 'index.js')} are missing under ${alone}: run \`npm run build\` in a clone of stint first`,
      );
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});

describe('runDemo', () => {
  it('prints no form of any secret it made or the action masked (raw, base64, base64url, hex); independent libraries accept what stint request sent', async () => {
    const secrets = new Set<string>();
    const lines: string[] = [];
    let input = '';
    const received: Array<[string, ReceivedRequest, Date]> = [];
    const observe = {
      signingInput: (text: string) => (input = text),
      received: (profile: string, request: ReceivedRequest) => received.push([profile, request, new Date()]),
    };
    expect(await runDemo({ print: (line) => lines.push(line) }, { secrets, observe })).toBe(true);
    await checkIndependently(JSON.parse(input) as Record<string, { secret?: string; key?: string }>, received);
    const output = lines.join('\n');
    // the signing secrets and keys, the API key, the OAuth client secret, the tokens and ID tokens
    expect(secrets.size).toBeGreaterThan(20);
    for (const secret of [...secrets].filter((secret) => secret.length >= 8))
      expectNoSecret(output, secret, 'a secret the demo used');
    expect(secretShapes(output)).toEqual([]);
  }, 300_000);

  it('reports a failed step with ✗, still runs the post step and the audit check, returns false and leaves nothing behind', async () => {
    const root = ownTmpRoot();
    const broken: Step = {
      name: 'broken step',
      run: async () => {
        throw new Error('it broke');
      },
    };
    const at = STEP_NAMES.indexOf('later step: $STINT_TOKEN → warehouse API');
    steps.splice(at, 0, broken);
    const lines: string[] = [];
    try {
      expect(await runDemo({ print: (line) => lines.push(line) }, { tmpRoot: root })).toBe(false);
    } finally {
      steps.splice(at, 1);
    }
    expect(lines).toContain('✗ broken step: it broke');
    for (const name of STEP_NAMES)
      expect(
        lines.some((line) => line.startsWith(`✓ ${name}: `)),
        name,
      ).toBe(true);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^stint demo: FAILED \\(${STEP_NAMES.length}/${STEP_NAMES.length + 1} steps passed in \\d+\\.\\d s; first failure: broken step\\)$`,
      ),
    );
    expect(demoDirs(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  }, 300_000);
});
