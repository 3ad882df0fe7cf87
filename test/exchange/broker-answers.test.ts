import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubIssuer } from '../../src/demo/github-issuer.js';
import { createJob, requireBuilt, runStep } from '../action/harness.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';
import { makeRsaCertificate } from '../mtls/fixtures.js';
import { baseEnv, CLI, run } from '../recipes/helpers.js';

/**
 * What each answer of the broker means for the job's next attempt, through the BUILT CLI (and the
 * built action) against real brokers on 127.0.0.1:
 * - a single-use ID token (GitLab, CircleCI, Jenkins: read from a variable) refused with 429 is
 *   sent again after Retry-After, since the broker records nothing on a 429 (per owner, per
 *   address), and accepted;
 * - after a 5xx it is not sent again, and the CLI stops at once instead of waiting out Retry-After;
 * - a broker TLS certificate the machine does not accept (self-signed, expired, for another host)
 *   is not retried, and the error names the verification code and the fix;
 * - a replayed ID token gets a hint about replay, not about issuers and audiences.
 */
let gitlab: CiIssuer;
let dir: string;

beforeAll(async () => {
  requireBuilt();
  gitlab = await startCiIssuer('gitlab');
  dir = mkdtempSync(join(tmpdir(), 'stint-broker-answers-'));
});
afterAll(async () => {
  await gitlab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const gitlabJob = (idToken: string, extra: NodeJS.ProcessEnv = {}) =>
  baseEnv({ GITLAB_CI: 'true', CI_PROJECT_PATH: 'acme/warehouse', STINT_ID_TOKEN: idToken, ...extra });

function exchange(brokerUrl: string, project: string, env: NodeJS.ProcessEnv) {
  return run(process.execPath, [CLI, 'exchange', '--broker', brokerUrl, '--project', project, '--format', 'json'], {
    env,
    timeoutMs: 120_000,
  });
}

/** POST /auth/oidc/exchange from this process (as a second job would), for the broker's answer alone. */
async function post(
  brokerUrl: string,
  token: string,
  project: string,
): Promise<{ status: number; retryAfter: number }> {
  const answer = await fetch(`${brokerUrl}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project }),
  });
  await answer.text();
  return { status: answer.status, retryAfter: Number(answer.headers.get('retry-after') ?? 0) };
}

/** The retry lines `stint exchange` printed for a 429. */
const retriedAfter429 = (stderr: string) =>
  stderr.split('\n').filter((line) => /^stint: retrying in \d+\.\d s: .*HTTP 429 temporarily_unavailable/.test(line));

describe('a single-use ID token refused with 429 is sent again after Retry-After', () => {
  it('per provider and owner: the second job waits, resends the same token, and gets its token', async () => {
    // One token back every 20 s: the second job meets an empty bucket though it starts slowly (a
    // CLI process took 3 to 5 s to start at load 18, so 8 s left too little room), and the
    // Retry-After it waits out stays under the 30 s the CLI honours.
    const broker = await startBroker({
      configYaml: ciBrokerConfig([gitlab], {
        extra: `  limited:
    scopes: [read]
    rate_limit: { rps: 0.05, burst: 1 }
    trust:
      - provider: gitlab
        subject: "${gitlab.subject}"
        scopes: [read]
`,
      }),
    });
    try {
      const first = await exchange(broker.url, 'limited', gitlabJob(await gitlab.mint()));
      expect(first.code, first.stderr).toBe(0);
      const second = await exchange(broker.url, 'limited', gitlabJob(await gitlab.mint()));
      expect(second.code, second.stderr).toBe(0);
      expect(retriedAfter429(second.stderr).length).toBeGreaterThanOrEqual(1);
      expect(second.stderr).not.toContain('Not retried');
      expect(JSON.parse(second.stdout)).toMatchObject({ project: 'limited', scope: 'read' });
    } finally {
      await broker.stop();
    }
  });

  it('per client address, from the store and from the early refusal: the same token is accepted later', async () => {
    const broker = await startBroker({
      configYaml: ciBrokerConfig([gitlab], {
        // One token back every 20 s, as above.
        extra: 'rate_limit: { per_address: { rps: 0.05, burst: 1 } }\n',
      }),
    });
    try {
      const first = await exchange(broker.url, 'warehouse', gitlabJob(await gitlab.mint()));
      expect(first.code, first.stderr).toBe(0);
      // Refused by the store (admit), then by the broker's memory of the empty bucket, before any work.
      const held = await gitlab.mint();
      const refused = [await post(broker.url, held, 'warehouse'), await post(broker.url, held, 'warehouse')];
      expect(refused.map((r) => r.status)).toEqual([429, 429]);
      const second = await exchange(broker.url, 'warehouse', gitlabJob(await gitlab.mint()));
      expect(second.code, second.stderr).toBe(0);
      expect(retriedAfter429(second.stderr).length).toBeGreaterThanOrEqual(1);
      // Neither 429 recorded the held token: once the bucket has room, it is exchanged.
      let answer = await post(broker.url, held, 'warehouse');
      for (let i = 0; answer.status === 429 && i < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, answer.retryAfter * 1000));
        answer = await post(broker.url, held, 'warehouse');
      }
      expect(answer.status).toBe(200);
    } finally {
      await broker.stop();
    }
  });
});

describe('a single-use ID token after a 5xx', () => {
  let server: Server;
  let url: string;
  const arrivals: number[] = [];

  beforeAll(async () => {
    // A broker stand-in that fails every exchange with 503 and asks for a 29 s wait.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/auth/oidc/exchange') arrivals.push(performance.now());
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '29' });
        res.end(
          JSON.stringify({
            error: 'temporarily_unavailable',
            error_description: 'the store cannot confirm',
            request_id: '00000000-0000-4000-8000-000000000503',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is not sent again, and the CLI stops at once instead of waiting out Retry-After', async () => {
    const result = await exchange(url, 'warehouse', gitlabJob(await gitlab.mint()));
    const exited = performance.now();
    expect(result.code).toBe(1);
    expect(arrivals).toHaveLength(1);
    expect(result.stderr).toContain(
      'HTTP 503 temporarily_unavailable: the store cannot confirm (request_id 00000000-0000-4000-8000-000000000503)',
    );
    expect(result.stderr).toContain('Not retried: the ID token in STINT_ID_TOKEN is single-use');
    expect(result.stderr).not.toContain('retrying');
    // Stopped when the 503 came, not 29 s later (Retry-After: 29, just under the 30 s the CLI honours
    // at most; one longer is refused at once, which would hide a wait): 25 s is slack for a busy machine.
    expect(exited - arrivals[0]!).toBeLessThan(25_000);
  });
});

describe('a broker TLS certificate this machine does not accept', () => {
  let broker: RunningBroker;
  let certFile: string;

  beforeAll(async () => {
    const tls = selfSignedCertificate({ days: 1 });
    certFile = join(dir, 'tls-cert.pem');
    writeFileSync(certFile, tls.cert);
    broker = await startBroker({
      configYaml: ciBrokerConfig([gitlab]),
      files: { 'tls/cert.pem': tls.cert, 'tls/key.pem': tls.key },
      args: ['--tls-cert', 'tls/cert.pem', '--tls-key', 'tls/key.pem'],
    });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('stint exchange fails at once naming the TLS code and NODE_EXTRA_CA_CERTS; with the CA given, it works', async () => {
    expect(broker.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const refused = await exchange(broker.url, 'warehouse', gitlabJob(await gitlab.mint()));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "this runner does not accept the broker's TLS certificate (DEPTH_ZERO_SELF_SIGNED_CERT)",
    );
    expect(refused.stderr).toContain('NODE_EXTRA_CA_CERTS=/path/ca.pem');
    expect(refused.stderr).not.toContain('retrying');
    expect(refused.stderr).not.toContain('up and reachable');
    // Nothing reached the broker's handler, so the same ID token still works once the CA is trusted.
    const trusted = await exchange(
      broker.url,
      'warehouse',
      gitlabJob(await gitlab.mint(), { NODE_EXTRA_CA_CERTS: certFile }),
    );
    expect(trusted.code, trusted.stderr).toBe(0);
  });

  it('the action fails at once, and asks the runner for no ID token per retry (audience input set)', async () => {
    const github = await startGithubIssuer();
    const job = createJob();
    try {
      const env = {
        ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
      };
      for (const inputs of <Array<Record<string, string>>>[
        { 'broker-url': broker.url, project: 'warehouse' },
        { 'broker-url': broker.url, project: 'warehouse', audience: 'https://stint.test' },
      ]) {
        const before = github.counts.tokenRequests;
        const main = await runStep(job, 'main', { inputs, env: { ...env, STINT_RETRY_BUDGET: '20' } });
        expect(main.code).toBe(1);
        expect(main.errors).toHaveLength(1);
        expect(main.errors[0]).toContain('(DEPTH_ZERO_SELF_SIGNED_CERT)');
        expect(main.errors[0]).toContain('NODE_EXTRA_CA_CERTS');
        expect(main.errors[0]).toContain('ERR_BROKER_CERT_REJECTED');
        expect(main.stdout).not.toContain('retrying');
        expect(github.counts.tokenRequests - before).toBeLessThanOrEqual(1);
      }
    } finally {
      job.remove();
      await github.stop();
    }
  });
});

describe('a broker certificate that is trusted but expired, or for another host', () => {
  it('stint exchange names the verification code and its own fix, and sends nothing', async () => {
    const day = 24 * 3600_000;
    const cases = [
      {
        made: makeRsaCertificate({
          cn: '127.0.0.1',
          serverIp: '127.0.0.1',
          notBefore: new Date(Date.now() - 2 * day),
          notAfter: new Date(Date.now() - day),
        }),
        said: "(CERT_HAS_EXPIRED). Renew the broker's certificate",
      },
      {
        made: makeRsaCertificate({
          cn: '127.0.0.2',
          serverIp: '127.0.0.2',
          notBefore: new Date(Date.now() - day),
          notAfter: new Date(Date.now() + day),
        }),
        said: '(ERR_TLS_CERT_ALTNAME_INVALID). The certificate does not name this host',
      },
    ];
    for (const [i, { made, said }] of cases.entries()) {
      // Its own CA (self-signed) and given to Node as trusted: only the date or the name is wrong.
      const ca = join(dir, `trusted-${i}.pem`);
      writeFileSync(ca, made.certPem);
      let requests = 0;
      const server = createHttpsServer({ cert: made.certPem, key: made.keyPem }, (_req, res) => {
        requests++;
        res.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const result = await exchange(url, 'warehouse', gitlabJob(await gitlab.mint(), { NODE_EXTRA_CA_CERTS: ca }));
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(said);
        expect(result.stderr).not.toContain('retrying');
        expect(requests).toBe(0);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });
});

describe('a broker address whose TLS handshake fails the same way every time', () => {
  it('stint exchange stops after one attempt and says what the server wanted: plain HTTP, a client certificate', async () => {
    const made = makeRsaCertificate({
      cn: '127.0.0.1',
      serverIp: '127.0.0.1',
      notBefore: new Date(Date.now() - 3600_000),
      notAfter: new Date(Date.now() + 3600_000),
    });
    const ca = join(dir, 'mutual-tls-ca.pem');
    writeFileSync(ca, made.certPem);
    let requests = 0;
    const count = (_req: unknown, res: { end: (body: string) => void }) => {
      requests++;
      res.end('{}');
    };
    const plain = createServer(count);
    // A proxy in front of the broker that demands a client certificate stint does not present.
    const mutual = createHttpsServer(
      { cert: made.certPem, key: made.keyPem, ca: made.certPem, requestCert: true, rejectUnauthorized: true },
      count,
    );
    for (const server of [plain, mutual]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server: Server | typeof mutual) => (server.address() as AddressInfo).port;
    try {
      const cases = [
        {
          url: `https://127.0.0.1:${port(plain)}`,
          said: '(ERR_SSL_WRONG_VERSION_NUMBER): nothing speaks TLS on that port',
        },
        {
          url: `https://127.0.0.1:${port(mutual)}`,
          said: '(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): the server (or a proxy in front of it) wants a client certificate',
        },
      ];
      for (const { url, said } of cases) {
        const result = await exchange(url, 'warehouse', gitlabJob(await gitlab.mint(), { NODE_EXTRA_CA_CERTS: ca }));
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(said);
        expect(result.stderr).not.toContain('retrying');
        expect(requests).toBe(0);
      }
    } finally {
      for (const server of [plain, mutual]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });
});

describe('a replayed ID token', () => {
  it('is refused with a hint about replay (a fresh ID token per exchange), not about issuers', async () => {
    const broker = await startBroker({ configYaml: ciBrokerConfig([gitlab]) });
    try {
      const idToken = await gitlab.mint();
      expect((await exchange(broker.url, 'warehouse', gitlabJob(idToken))).code).toBe(0);
      const again = await exchange(broker.url, 'warehouse', gitlabJob(idToken));
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('token was already exchanged');
      expect(again.stderr).toContain('Each ID token is exchanged once: get a fresh one for every exchange');
      expect(again.stderr).toContain('Rerun the job for a new ID token');
      expect(again.stderr).not.toContain("trusts this CI's issuer");
    } finally {
      await broker.stop();
    }
  });
});
