import { execFileSync } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';
import { expectNoSecret, expectNoSecrets } from '../helpers/secrets.js';
import { createJob, type Job, listFiles, maskViolations, requireBuilt, runStep, startProxy } from './harness.js';

/** Preload that moves the step's Date by STINT_TEST_CLOCK_SKEW_MS (a runner clock that is off). */
const SKEWED_CLOCK = join(import.meta.dirname, '../helpers/skewed-clock.mjs');

/**
 * Scenarios: the built action against the built broker and a GitHub-shaped issuer, on loopback.
 * One issuer, one broker and two proxies serve the whole file: a proxy in front of the issuer
 * records every ID token handed out (they are secrets the action must mask), and a proxy in
 * front of the broker can answer 503.
 */
let issuer: GithubIssuer;
let broker: RunningBroker;
let brokerUrl: string;
let idTokenProxy: Awaited<ReturnType<typeof startProxy>>;
let brokerProxy: Awaited<ReturnType<typeof startProxy>>;
const idTokens: string[] = [];

const WEBHOOK_SECRET = 'whsec-test-secret-4f1c2a9e7b';
const JWT_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const OAUTH_SECRET = 'oauth-client-secret-9d8c7b6a';
const SIGNING = `webhook: { type: hmac, format: github, secret: "${WEBHOOK_SECRET}" }
billing: { type: oauth2, token_url: "https://auth.example.com/oauth/token", client_id: ci-billing, client_secret: "${OAUTH_SECRET}" }
service:
  type: jwt
  alg: ES256
  claims: { iss: ci, aud: api }
  key: |
${JWT_KEY.trim()
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
`;

function runnerEnv(): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${idTokenProxy.url}/_apis/distributedtask/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
  };
}

beforeAll(async () => {
  requireBuilt();
  issuer = await startGithubIssuer();
  idTokenProxy = await startProxy(issuer.url, {
    onAnswer: (path, body) => {
      if (path.startsWith('/_apis/distributedtask/idtoken')) {
        const value = (JSON.parse(body) as { value?: string }).value;
        if (value) idTokens.push(value);
      }
    },
  });
  const port = await freePort();
  brokerUrl = `http://127.0.0.1:${port}`;
  broker = await startBroker({
    args: ['--port', String(port)],
    configYaml: `issuer: ${brokerUrl}
keys: { dir: keys, algorithm: EdDSA }
audit: { file: audit.jsonl }
providers:
  github: { issuer: ${issuer.url}, allow_insecure: true }
projects:
  warehouse:
    scopes: [read, write, deploy]
    ttl: 15m
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read, write]
  elsewhere:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:environment:production
`,
  });
  brokerProxy = await startProxy(brokerUrl);
});

afterAll(async () => {
  await brokerProxy?.stop();
  await broker?.stop();
  await idTokenProxy?.stop();
  await issuer?.stop();
});

/** Uses the token at the broker: a live token gets past authentication (400: no CSR), a revoked one does not (401). */
async function tokenStatus(token: string): Promise<number> {
  const response = await fetch(`${brokerUrl}/mtls/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  await response.text();
  return response.status;
}

describe('the action with a broker', () => {
  let job: Job;
  let main: Awaited<ReturnType<typeof runStep>>;
  let token: string;
  const tokensBefore = () => idTokens.length;
  let firstIdToken = 0;

  beforeAll(async () => {
    job = createJob();
    firstIdToken = tokensBefore();
    main = await runStep(job, 'main', {
      inputs: { 'broker-url': brokerUrl, project: 'warehouse', scope: 'read write', ttl: '10m', signing: SIGNING },
      env: runnerEnv(),
    });
    token = main.outputs.token ?? '';
  });
  afterAll(() => job.remove());

  it('succeeds with no error and sets every output', () => {
    expect(main.errors, main.stdout + main.stderr).toEqual([]);
    expect(main.warnings).toEqual([]);
    expect(main.stderr).toBe('');
    expect(main.code).toBe(0);
    expect(token.split('.')).toHaveLength(3);
    expect(main.outputs.scope).toBe('read write');
    expect(Date.parse(main.outputs['expires-at']!) - Date.now()).toBeGreaterThan(8 * 60_000);
    expect(Date.parse(main.outputs['expires-at']!) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(main.outputs['audit-id']).toMatch(/\S/);
    expect(main.outputs['token-fingerprint']).toBe(`sha256:${createHash('sha256').update(token).digest('hex')}`);
    expect(main.outputs['config-path']!.startsWith(job.runnerTemp)).toBe(true);
  });

  it('masks every form of every secret before any line or file holds it', () => {
    const secrets: Record<string, string> = {
      'access token': token,
      'webhook secret': WEBHOOK_SECRET,
      'jwt key': JWT_KEY,
      'oauth client secret': OAUTH_SECRET,
    };
    const issued = idTokens.slice(firstIdToken);
    expect(issued).toHaveLength(1);
    for (const [i, idToken] of issued.entries()) secrets[`id token ${i}`] = idToken;
    expect(maskViolations(main, secrets)).toEqual([]);
    // and the runner's own request credential never appears at all
    expect(main.journal.some((entry) => entry.text.includes(issuer.requestToken))).toBe(false);
  });

  it('does not blank the log: no brace, short line or PEM armour is registered', () => {
    for (const mask of main.masks) {
      expect(mask.trim().length).toBeGreaterThanOrEqual(4);
      expect(mask.trim()).not.toMatch(/^-----(BEGIN|END) [A-Z ]+-----$/);
    }
  });

  it('exports STINT_TOKEN, STINT_CONFIG and the signing secrets as env, and stint on PATH', () => {
    expect(main.exported.STINT_TOKEN).toBe(token);
    // one copy of the token in the environment: no profile here sends it, so no STINT_TOKEN_<USE>
    expect(Object.entries(main.exported).filter(([, value]) => value === token)).toEqual([['STINT_TOKEN', token]]);
    expect(main.exported.STINT_CONFIG).toBe(main.outputs['config-path']);
    expect(Object.values(main.exported)).toContain(WEBHOOK_SECRET);
    expect(main.addedPaths).toHaveLength(1);
    const shim = join(main.addedPaths[0]!, 'stint');
    expect(shim.startsWith(job.runnerTemp)).toBe(true);
    expect(statSync(shim).mode & 0o111).not.toBe(0);
    // a later step runs the CLI shipped with the action through the shim
    expect(execFileSync(shim, ['--version'], { encoding: 'utf8' }).trim()).toMatch(/\d+\.\d+\.\d+/);
  });

  it('writes the signing config 0600 under RUNNER_TEMP with no secret in it, and nothing elsewhere', () => {
    const config = main.outputs['config-path']!;
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const text = readFileSync(config, 'utf8');
    expectNoSecret(text, WEBHOOK_SECRET, 'the webhook secret');
    expectNoSecret(text, OAUTH_SECRET, 'the OAuth client secret');
    expectNoSecret(text, JWT_KEY, 'the JWT key');
    expect(text).toContain('secret_env');
    expect(listFiles(job.workspace)).toEqual([]);
    expect(listFiles(job.home)).toEqual([]);
    for (const entry of main.journal)
      if (entry.kind === 'file' && !entry.path!.startsWith(job.dir)) throw new Error(`wrote ${entry.path}`);
  });

  it('writes a job summary with who, what and the profiles, and no secret', () => {
    const s = main.summary;
    for (const expected of [
      'acme/warehouse',
      'refs/heads/main',
      'repo:acme/warehouse:ref:refs/heads/main',
      'warehouse',
      'read write',
      main.outputs['token-fingerprint']!,
      main.outputs['audit-id']!,
      'webhook',
      'hmac',
      'service',
      'ES256',
      'billing',
      'client\\_secret\\_basic, client ci-billing',
      brokerUrl,
    ]) {
      expect(s).toContain(expected);
    }
    expect(s).toMatch(/sha256:[0-9a-f]{64}[\s\S]*sha256:[0-9a-f]{64}/); // token and the jwt public key
    // "Audience" under what was granted is the granted token's (where it may be used), not the ID
    // token's (the broker URL), which the line above the table names.
    const { aud } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { aud: string };
    expect(aud).toBe('stint:warehouse');
    expect(s).toContain(`| \`warehouse\` | \`read write\` | \`${aud}\` |`);
    expect(s).toContain(`for an ID token with audience \`${brokerUrl}\``);
    expectNoSecrets(s, {
      'the token': token,
      'the webhook secret': WEBHOOK_SECRET,
      'the OAuth client secret': OAUTH_SECRET,
      'the JWT key': JWT_KEY,
    });
  });

  it('leaves a live token, which post revokes; post deletes every file and reports it', async () => {
    expect(await tokenStatus(token)).toBe(400);
    const written = listFiles(job.runnerTemp);
    expect(written.length).toBeGreaterThanOrEqual(3);
    const post = await runStep(job, 'post');
    expect(post.code).toBe(0);
    expect(post.errors).toEqual([]);
    expect(post.warnings).toEqual([]);
    expect(await tokenStatus(token)).toBe(401);
    expect(readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8')).toContain('token_revoked');
    for (const file of written) expect(existsSync(file)).toBe(false);
    expect(listFiles(job.runnerTemp)).toEqual([]);
    expect(post.summary).toContain('revoked at the broker');
    // A section of its own: GitHub shows each step's summary file in step order, so every later
    // step's summary comes between main's and this one.
    expect(post.summary.startsWith('\n### stint: clean-up\n\n- Token: revoked at the broker')).toBe(true);
    expect(post.summary).toMatch(/removed \d+/);
    expectNoSecret(
      post.journal.filter((entry) => !entry.text.startsWith('::add-mask::')).map((entry) => entry.text),
      token,
      'the token',
    );
  });
});

describe('mTLS from the broker CA', () => {
  it('writes certificate, key and CA 0600 under RUNNER_TEMP, masks the key first, outputs the paths', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: {
          'broker-url': brokerUrl,
          project: 'warehouse',
          signing: 'internal: { type: mtls, source: ephemeral }',
        },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      const { 'cert-path': certPath, 'key-path': keyPath, 'ca-path': caPath } = main.outputs;
      for (const path of [certPath, keyPath, caPath]) {
        expect(path!.startsWith(job.runnerTemp)).toBe(true);
        expect(statSync(path!).mode & 0o777).toBe(0o600);
      }
      const key = readFileSync(keyPath!, 'utf8');
      expect(key).toContain('PRIVATE KEY');
      expect(readFileSync(certPath!, 'utf8')).toContain('BEGIN CERTIFICATE');
      // The key is masked before any line, output, env, state, summary or file holds it (its own
      // 0600 file included: setUpMtls hands it to onSecret before writing it).
      expect(maskViolations(main, { 'mtls key': key, 'access token': main.outputs.token! })).toEqual([]);
      expect(main.summary).toMatch(/internal[\s\S]*mtls[\s\S]*ephemeral/);
      expect(readFileSync(main.outputs['config-path']!, 'utf8')).toContain(keyPath!);
      const post = await runStep(job, 'post');
      expect(post.warnings).toEqual([]);
      for (const path of [certPath, keyPath, caPath]) expect(existsSync(path!)).toBe(false);
    } finally {
      job.remove();
    }
  });
});

describe('a failure after the exchange', () => {
  it('fails the step without exporting the token or setting it as an output; post still revokes it', async () => {
    const job = createJob();
    try {
      brokerProxy.failNext(1, 403, '/mtls/certificates');
      const main = await runStep(job, 'main', {
        inputs: {
          'broker-url': brokerProxy.url,
          project: 'warehouse',
          audience: brokerUrl,
          signing: 'internal: { type: mtls, source: ephemeral }',
        },
        env: runnerEnv(),
      });
      expect(main.code).not.toBe(0);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain('the broker refused a client certificate: 403');
      expect(main.exported.STINT_TOKEN).toBeUndefined();
      expect(main.outputs.token).toBeUndefined();
      const post = await runStep(job, 'post');
      expect(post.code).toBe(0);
      expect(post.stdout).toContain('stint: clean-up: token revoked');
    } finally {
      job.remove();
    }
  });
});

describe('a runner without job summaries (GITHUB_STEP_SUMMARY unset)', () => {
  it('main warns, naming summary: false, and still sets the outputs and STINT_TOKEN; post revokes it', async () => {
    const job = createJob();
    const noSummary = { GITHUB_STEP_SUMMARY: '' };
    const warning =
      'stint: could not write the job summary (GITHUB_STEP_SUMMARY is not set: this runner has no job summaries); set the input summary: false where the runner has no job summaries';
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', scope: 'read' },
        env: { ...runnerEnv(), ...noSummary },
      });
      expect(main.errors).toEqual([]);
      expect(main.code).toBe(0);
      expect(main.warnings).toEqual([warning]);
      const token = main.outputs.token ?? '';
      expect(token.split('.')).toHaveLength(3);
      expect(main.outputs.scope).toBe('read');
      expect(main.exported.STINT_TOKEN).toBe(token);
      expect(await tokenStatus(token)).toBe(400);
      const post = await runStep(job, 'post', { env: noSummary });
      expect(post.code).toBe(0);
      expect(post.errors).toEqual([]);
      expect(post.warnings).toEqual([warning]);
      expect(post.stdout).toContain('stint: clean-up: token revoked');
      expect(await tokenStatus(token)).toBe(401);
    } finally {
      job.remove();
    }
  });
});

describe('one duration grammar', () => {
  it('takes ttl 5m30s, as the broker does (src/lib/duration.ts), and gets a token for that long', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', ttl: '5m30s' },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      const left = Date.parse(main.outputs['expires-at']!) - Date.now();
      expect(left).toBeGreaterThan(4 * 60_000);
      expect(left).toBeLessThanOrEqual(330_000);
      await runStep(job, 'post');
    } finally {
      job.remove();
    }
  });
});

describe('retries', () => {
  it('retries two 503s from the broker, each time with a fresh ID token, then succeeds', async () => {
    const job = createJob();
    try {
      const before = issuer.counts.tokenRequests;
      const recorded = idTokens.length;
      brokerProxy.failNext(2, 503, '/auth/oidc/exchange');
      const main = await runStep(job, 'main', {
        inputs: {
          'broker-url': brokerProxy.url,
          project: 'warehouse',
          audience: brokerUrl,
          'export-env': 'false',
          summary: 'false',
        },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      expect(main.code).toBe(0);
      expect(issuer.counts.tokenRequests - before).toBe(3);
      const fresh = idTokens.slice(recorded);
      expect(new Set(fresh).size).toBe(3);
      expect(main.stdout).toMatch(/retrying in/);
      expect(
        maskViolations(
          main,
          Object.fromEntries([...fresh.map((t, i) => [`id token ${i}`, t]), ['access token', main.outputs.token!]]),
        ),
      ).toEqual([]);
      // export-env: false keeps STINT_TOKEN out of the environment; summary: false writes none
      expect(main.exported.STINT_TOKEN).toBeUndefined();
      expect(main.summary).toBe('');
      const post = await runStep(job, 'post', { inputs: { summary: 'false' } });
      expect(post.code).toBe(0);
      expect(post.summary).toBe('');
    } finally {
      job.remove();
    }
  });

  it("waits out the runner token service's Retry-After on a 429 before asking again", async () => {
    const job = createJob();
    const path = '/_apis/distributedtask/idtoken';
    const before = idTokenProxy.arrivals.length;
    try {
      idTokenProxy.failNext(2, 429, path, { 'retry-after': '2' });
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', revoke: 'false' },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      // Each wait is the 2 s asked for (the backoff alone would be at most 0.5 s, then 1 s).
      // (with what the service said: here the test proxy's error_description)
      expect(main.stdout.match(/answered HTTP 429: injected by the test proxy; retrying in 2\.0 s/g)).toHaveLength(2);
      const asked = idTokenProxy.arrivals
        .slice(before)
        .filter((a) => a.path.startsWith(path))
        .map((a) => a.at);
      expect(asked).toHaveLength(3);
      for (let i = 1; i < asked.length; i++) expect(asked[i]! - asked[i - 1]!).toBeGreaterThanOrEqual(1900);
    } finally {
      job.remove();
    }
  });

  it('retries a failing ID token request too', async () => {
    const job = createJob();
    try {
      issuer.failTokenRequests(1, 500);
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', revoke: 'false' },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      const post = await runStep(job, 'post', { inputs: { revoke: 'false' } });
      expect(post.summary).toContain('revoke: false');
      expect(await tokenStatus(main.outputs.token!)).toBe(400);
    } finally {
      job.remove();
    }
  });
});

describe('errors: exactly one annotation that says what to fix', () => {
  it('without id-token: write permission', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', { inputs: { 'broker-url': brokerUrl, project: 'warehouse' } });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain('permissions: id-token: write');
      expect(main.errors[0]).toContain('ERR_ID_TOKEN_PERMISSION');
      expect(main.outputs).toEqual({});
      // The summary keeps the failure (the log may be gone); post's clean-up goes under it.
      expect(main.summary.startsWith('### stint\n\n**Failed** (`ERR_ID_TOKEN_PERMISSION`): stint: ')).toBe(true);
      const post = await runStep(job, 'post');
      expect(post.code).toBe(0);
      expect(post.summary).toContain('none was issued');
      expect(post.summary.startsWith('\n### stint: clean-up\n\n')).toBe(true);
      expect(listFiles(job.runnerTemp)).toEqual([]);
    } finally {
      job.remove();
    }
  });

  it('without id-token: write permission while the broker is down: the permission, not the broker', async () => {
    const job = createJob();
    try {
      const port = await freePort();
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': `http://127.0.0.1:${port}`, project: 'warehouse' },
        env: { STINT_RETRY_BUDGET: '3' },
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain('ERR_ID_TOKEN_PERMISSION');
      expect(main.errors[0]).toContain('permissions: id-token: write');
      expect(main.stdout).not.toContain('retrying');
    } finally {
      job.remove();
    }
  });

  it('when the policy denies the job, with the broker request id', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'elsewhere' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain('ERR_EXCHANGE_DENIED');
      expect(main.errors[0]).toMatch(/request_id \S+/);
      expect(main.errors[0]).toContain('trust rules');
      expect(main.outputs.token).toBeUndefined();
      // The job summary records the failure too: its code, what to fix, and the broker's request
      // id (the audit event with the full reason); never a token.
      const requestId = /request_id ([^\s)]+)/.exec(main.errors[0] as string)?.[1] as string;
      expect(main.summary).toContain(
        '### stint\n\n**Failed** (`ERR_EXCHANGE_DENIED`): stint: the broker denied a token',
      );
      expect(main.summary).toContain('trust rules');
      expect(main.summary).toContain(`- Broker request id: \`${requestId}\``);
      expect(main.masks.length).toBeGreaterThan(0); // the ID token's forms
      for (const secret of main.masks) expect(main.summary).not.toContain(secret);
      const post = await runStep(job, 'post');
      expect(post.summary).toBe(
        '\n### stint: clean-up\n\n- Token: none was issued\n- Files: removed 0 under `RUNNER_TEMP`\n\n',
      );
      expect(post.stdout).toContain('stint: clean-up: no token was issued; removed 0 file(s)');
    } finally {
      job.remove();
    }
  });

  it('when the scope input is comma-separated: check the scope input, not the trust rules', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', scope: 'read,write' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain("HTTP 403 invalid_scope: scope 'read,write' is not granted");
      expect(main.errors[0]).toContain(
        'Check the scopes you ask for (scope input): scopes are separated by spaces, not commas ("read write")',
      );
      expect(main.errors[0]).not.toContain('Fix the trust rules');
      expect(main.outputs.token).toBeUndefined();
    } finally {
      job.remove();
    }
  });

  it('when the issuer and the broker disagree on the time (clock skew)', async () => {
    const job = createJob();
    const now = Math.floor(Date.now() / 1000);
    issuer.setRunnerClaims({ iat: now + 600, nbf: now + 595, exp: now + 900 });
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain('ERR_ID_TOKEN_REJECTED');
      expect(main.errors[0]).toContain("check the broker host's clock (NTP)");
      expect(main.errors[0]).toMatch(/request_id \S+/);
    } finally {
      issuer.setRunnerClaims({});
      job.remove();
    }
  });

  it('when the broker is down, within the retry budget', async () => {
    const job = createJob();
    try {
      const port = await freePort();
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': `http://127.0.0.1:${port}`, project: 'warehouse' },
        env: { ...runnerEnv(), STINT_RETRY_BUDGET: '3' },
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain('ERR_BROKER_UNREACHABLE');
      expect(main.errors[0]).toContain('Check the broker URL (broker-url input)');
      // The 3 s budget was the one applied: the default (60 s) would keep retrying a refused port
      // for a minute. Not a timing check: on a busy machine the last attempt may end past 3 s.
      const seconds = Number(/in ([\d.]+) s\)/.exec(main.errors[0]!)?.[1]);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(30);
    } finally {
      job.remove();
    }
  });

  it('refuses plain http to another machine: the tokens would cross the network in clear', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': 'http://192.0.2.1:9', project: 'warehouse' },
        env: { ...runnerEnv(), STINT_RETRY_BUDGET: '1' },
      });
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain(
        'broker URL "http://192.0.2.1:9" is plain http to another machine, which would send the tokens in clear; serve the broker over https',
      );
      expect(main.errors[0]).toContain('ERR_BROKER_URL_INVALID');
    } finally {
      job.remove();
    }
  });

  it('on a signing secret too short to mask, before any network call', async () => {
    const job = createJob();
    try {
      const before = issuer.counts.tokenRequests;
      const main = await runStep(job, 'main', {
        inputs: {
          'broker-url': brokerUrl,
          project: 'warehouse',
          signing: 'hook: { type: hmac, format: github, secret: "k9!" }',
        },
        env: runnerEnv(),
      });
      // Which secret: the profile and the field, never the value.
      expect(main.errors).toEqual([
        'stint: signing profile "hook": field "secret": a secret of 3 character(s) cannot be masked in the log (the runner needs at least 4); use a longer, random secret [ERR_SECRET_TOO_SHORT]',
      ]);
      expect(main.stdout).not.toContain('k9!');
      expect(issuer.counts.tokenRequests).toBe(before);
    } finally {
      job.remove();
    }
  });

  it('on a short secret among several profiles and rotated secrets: which profile, which field, which of the list', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: {
          signing: `hook: { type: hmac, format: github, secret: "${WEBHOOK_SECRET}" }
relay: { type: hmac, format: github, secrets: ["a-long-enough-new-secret", "k9!"] }`,
        },
      });
      expect(main.errors).toEqual([
        'stint: signing profile "relay": field "secrets" (2 of 2): a secret of 3 character(s) cannot be masked in the log (the runner needs at least 4); use a longer, random secret [ERR_SECRET_TOO_SHORT]',
      ]);
      expect(main.stdout).not.toContain('k9!');
    } finally {
      job.remove();
    }
  });

  it("when the ID token request is refused (400): the token service's message, and the audience input to check", async () => {
    const job = createJob();
    const path = '/_apis/distributedtask/idtoken';
    try {
      idTokenProxy.failNext(
        1,
        400,
        path,
        {},
        JSON.stringify({ message: 'Invalid audience:\n must not contain commas' }),
      );
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', audience: 'a,b' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.errors).toEqual([
        'stint: the GitHub ID token request answered HTTP 400: Invalid audience: must not contain commas (check the audience asked for, "a,b": the action\'s audience input, or --audience; the token service refuses some) [ERR_ID_TOKEN_REQUEST_FAILED]',
      ]);
    } finally {
      job.remove();
    }
  });

  it('when the ID token request is refused (403): its message, one line, bounded, without the request credential or a JWT', async () => {
    const job = createJob();
    const path = '/_apis/distributedtask/idtoken';
    const echoed = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`;
    try {
      idTokenProxy.failNext(
        1,
        403,
        path,
        {},
        `Forbidden: token ${issuer.requestToken} is not valid for this run\r\n(saw ${echoed}) ${'x'.repeat(400)}`,
      );
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      const error = main.errors[0]!;
      expect(error).toContain(
        'the GitHub ID token request answered HTTP 403: Forbidden: token *** is not valid for this run (saw [JWT withheld]) xxx',
      );
      expect(error).toContain('… (is ACTIONS_ID_TOKEN_REQUEST_TOKEN from this job?) [ERR_ID_TOKEN_REQUEST_FAILED]');
      expect(error).not.toContain(issuer.requestToken);
      expect(error).not.toContain(echoed);
      expect(error.length).toBeLessThan(500);
    } finally {
      job.remove();
    }
  });

  it('on a project input that is no project name, before any network call', async () => {
    const job = createJob();
    try {
      const before = issuer.counts.tokenRequests;
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse\ndocs' },
        env: runnerEnv(),
      });
      expect(main.errors).toEqual([
        'stint: input project must be a project name as the broker\'s policy spells it (a letter or digit, then letters, digits, ., _ or -), not "warehouse\\ndocs" [ERR_INPUT_INVALID]',
      ]);
      expect(issuer.counts.tokenRequests).toBe(before);
    } finally {
      job.remove();
    }
  });

  it('when the project does not exist: the denial says to check its spelling too', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehuose' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.errors[0]).toContain('the broker denied a token for project warehuose: HTTP 403');
      expect(main.errors[0]).toContain(
        'check the spelling of the project (project input) too: the broker answers a project it does not have the same way [ERR_EXCHANGE_DENIED]',
      );
    } finally {
      job.remove();
    }
  });

  it('on a bad input, before any network call', async () => {
    const job = createJob();
    try {
      const before = issuer.counts.tokenRequests;
      const main = await runStep(job, 'main', { inputs: { 'broker-url': brokerUrl }, env: runnerEnv() });
      expect(main.errors).toEqual([
        'stint: input project is required with broker-url: name the project (a key under projects: in the broker policy) [ERR_INPUT_INVALID]',
      ]);
      expect(issuer.counts.tokenRequests).toBe(before);
    } finally {
      job.remove();
    }
  });
});

describe('post is best effort', () => {
  it('asks the broker even when the runner calls the token expired, warns when the broker is gone, never deletes outside RUNNER_TEMP, exits 0', async () => {
    const job = createJob();
    try {
      const port = await freePort();
      const outside = join(job.workspace, 'keep-me.txt');
      writeFileSync(outside, 'workspace file');
      job.state = {
        token: 'header.payload.signature',
        'broker-url': `http://127.0.0.1:${port}`,
        'expires-at': new Date(Date.now() - 60_000).toISOString(),
        dir: job.workspace,
        files: JSON.stringify([outside]),
      };
      // Expired by this clock only: no broker answered, so it is not called expired.
      const expired = await runStep(job, 'post', { env: { STINT_RETRY_BUDGET: '1' } });
      expect(expired.code).toBe(0);
      expect(expired.errors).toEqual([]);
      expect(expired.summary).not.toContain('already expired');
      expect(expired.stdout).toContain('stint: clean-up: revocation failed (see the warning);');
      expect(expired.warnings.filter((w) => w.includes('could not reach the stint broker'))).toHaveLength(1);
      expect(existsSync(outside)).toBe(true);
      expect(expired.warnings.filter((w) => w.includes('not under RUNNER_TEMP'))).toHaveLength(2);

      job.state = {
        token: 'header.payload.signature',
        'broker-url': `http://127.0.0.1:${port}`,
        'expires-at': new Date(Date.now() + 600_000).toISOString(),
      };
      const down = await runStep(job, 'post', { env: { STINT_RETRY_BUDGET: '1' } });
      expect(down.code).toBe(0);
      expect(down.errors).toEqual([]);
      expect(down.warnings).toHaveLength(1);
      expect(down.warnings[0]).toContain('could not revoke the token');
      expect(down.warnings[0]).toContain('could not reach the stint broker');
      // The action's input, not a CLI flag the action does not have.
      expect(down.warnings[0]).toContain('Check the broker URL (broker-url input) and');
      expect(down.summary).toContain('revocation failed');
      expect(down.stdout).toContain('stint: clean-up: revocation failed (see the warning);');
    } finally {
      job.remove();
    }
  });
});

describe('a runner clock that is off: the broker decides', () => {
  it('running ahead: post still revokes a token the runner calls expired', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', ttl: '10m' },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      const token = main.outputs.token ?? '';
      expect(await tokenStatus(token)).toBe(400);
      // 11 minutes ahead: past the token's expiry by this runner's clock, 10 minutes before it by the broker's.
      const post = await runStep(job, 'post', {
        env: { NODE_OPTIONS: `--import ${SKEWED_CLOCK}`, STINT_TEST_CLOCK_SKEW_MS: String(11 * 60_000) },
      });
      expect(post.code).toBe(0);
      expect(post.warnings).toEqual([]);
      expect(post.stdout).toContain('stint: clean-up: token revoked;');
      expect(await tokenStatus(token)).toBe(401);
    } finally {
      job.remove();
    }
  });

  it('running behind: post says "already expired" when the broker\'s answer is dated after the token\'s expiry', async () => {
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': brokerUrl, project: 'warehouse', ttl: '1s' },
        env: runnerEnv(),
      });
      expect(main.errors, main.stdout).toEqual([]);
      const token = main.outputs.token ?? '';
      // Until the broker itself refuses it as expired (a ceiling, not a budget).
      const deadline = Date.now() + 120_000;
      while ((await tokenStatus(token)) !== 401) {
        if (Date.now() > deadline) throw new Error('the token never expired at the broker');
        await new Promise((done) => setTimeout(done, 200));
      }
      // A runner clock behind (10 min) still calls it valid: the broker's answer decides.
      const post = await runStep(job, 'post', {
        env: { NODE_OPTIONS: `--import ${SKEWED_CLOCK}`, STINT_TEST_CLOCK_SKEW_MS: String(-10 * 60_000) },
      });
      expect(post.code).toBe(0);
      expect(post.warnings).toEqual([]);
      expect(post.stdout).toContain('stint: clean-up: token had already expired at the broker, nothing to revoke;');
      expect(post.summary).toContain('already expired at the broker');
    } finally {
      job.remove();
    }
  });
});

describe('signing only (no broker-url)', () => {
  it('requests no ID token, sets up signing, and post cleans up', async () => {
    const job = createJob();
    try {
      const before = issuer.counts.tokenRequests;
      const main = await runStep(job, 'main', { inputs: { signing: SIGNING }, env: runnerEnv() });
      expect(main.errors, main.stdout).toEqual([]);
      expect(issuer.counts.tokenRequests).toBe(before);
      expect(main.outputs.token).toBeUndefined();
      expect(main.outputs['config-path']).toBeDefined();
      expect(main.exported.STINT_CONFIG).toBe(main.outputs['config-path']);
      expect(
        maskViolations(main, {
          'webhook secret': WEBHOOK_SECRET,
          'jwt key': JWT_KEY,
          'oauth client secret': OAUTH_SECRET,
        }),
      ).toEqual([]);
      expect(main.summary).toContain('signing only');
      // A later step: `stint` from PATH, with the env the runner carries over, signs with the profile.
      const shim = join(main.addedPaths[0]!, 'stint');
      const headers = execFileSync(shim, ['sign', 'webhook', '--body', '{"ok":true}', '--format', 'headers'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...job.env },
      });
      expect(headers).toContain(
        `X-Hub-Signature-256: sha256=${createHmac('sha256', WEBHOOK_SECRET).update('{"ok":true}').digest('hex')}`,
      );
      const post = await runStep(job, 'post');
      expect(post.code).toBe(0);
      expect(post.warnings).toEqual([]);
      expect(listFiles(job.runnerTemp)).toEqual([]);
    } finally {
      job.remove();
    }
  });
});
