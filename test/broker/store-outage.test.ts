import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { generateClientKey } from '../../src/signing/mtls-ephemeral.js';
import { CLI, type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { baseEnv, run } from '../recipes/helpers.js';

/** With Redis down the broker refuses exchanges (503) rather than skip the replay check, and recovers. */
const REDIS_PASSWORD = 'correct horse';
let redis: RedisServer;
let issuer: GithubIssuer;
let broker: RunningBroker;
let url: string;

beforeAll(async () => {
  // appendonly yes: the restarts below are outages, not a loss of the data (test/redis/data-loss.test.ts).
  redis = await startRedis({ password: REDIS_PASSWORD, args: ['--appendonly', 'yes'] });
  issuer = await startGithubIssuer();
  broker = await startBrokerAt(
    (brokerUrl) =>
      githubBrokerConfig(issuer.url, {
        issuer: brokerUrl,
        settings: `store: { url: ${redis.url}, password_env: STINT_TEST_REDIS_PASSWORD }`,
      }),
    { env: { STINT_TEST_REDIS_PASSWORD: REDIS_PASSWORD } },
  );
  url = broker.url;
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  await redis?.stop();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

async function exchange(): Promise<Answer> {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issuer.mint({ aud: url }), project: 'warehouse' }),
  });
  return answerOf(response);
}

const form = (path: string, fields: Record<string, string>, bearer?: string): Promise<Answer> =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
    },
    body: new URLSearchParams(fields).toString(),
  }).then(answerOf);

describe('broker on Redis', () => {
  it('exchanges while Redis is up, answers 503 while it is down, and recovers by itself', async () => {
    const granted = await exchange();
    expect(granted.status).toBe(200);
    const accessToken = String(granted.body.access_token);
    const created = await run(
      process.execPath,
      [CLI, 'keys', 'create-api-key', '--config', 'stint.yml', '--project', 'warehouse'],
      { cwd: broker.dir, env: baseEnv({ STINT_TEST_REDIS_PASSWORD: REDIS_PASSWORD }) },
    );
    const apiKey = /stint_sk_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0];
    expect(apiKey, created.stderr).toBeDefined();
    const csr = await createCsr(generateClientKey('ec'), 'repo:acme/warehouse:ref:refs/heads/main');

    await redis.stop();
    const down = await exchange();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      error: 'temporarily_unavailable',
      error_description: 'the broker cannot reach its store; try again shortly',
    });
    // Every route that needs the store says when to come back, as the audit-log outage does
    // (docs/many-brokers.md#when-redis-is-down): the exchange, its OAuth form, introspection with an
    // API key, revocation and certificates.
    expect(down.retryAfter).toBe('5');
    const refusals = {
      '/oauth2/token': await form('/oauth2/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        subject_token: await issuer.mint({ aud: url }),
        resource: 'warehouse',
      }),
      '/oauth2/introspect': await form('/oauth2/introspect', { token: accessToken }, apiKey),
      '/oauth2/revoke': await form('/oauth2/revoke', { token: accessToken }),
      '/mtls/certificates': await fetch(`${url}/mtls/certificates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ csr }),
      }).then(answerOf),
    };
    for (const [route, refusal] of Object.entries(refusals)) {
      expect({ route, status: refusal.status, retryAfter: refusal.retryAfter, body: refusal.body }).toMatchObject({
        route,
        status: 503,
        retryAfter: '5',
        body: { error: 'temporarily_unavailable', error_description: down.body.error_description },
      });
    }
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    // /healthz is public: a generic reason, never the store's address; the detail is in the broker's log.
    const healthBody = (await health.json()) as Record<string, unknown>;
    expect(healthBody).toEqual({ status: 'unavailable', reason: 'the broker cannot write to its store' });
    expect(JSON.stringify(healthBody)).not.toContain(new URL(redis.url).port);
    // The broker's stderr may reach us a moment after its answer.
    await vi.waitFor(
      () =>
        expect(broker.output()).toMatch(
          /\/healthz: store unavailable: Redis store redis:\/\/127\.0\.0\.1:\d+(\/0)? is unavailable/,
        ),
      { timeout: 60_000, interval: 50 },
    );
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^stint_store_errors_total [1-9]\d*$/m);

    await redis.start();
    // The client reconnects with backoff: wait for an exchange to succeed, with a ceiling for a busy machine.
    await vi.waitFor(async () => expect((await exchange()).status).toBe(200), { timeout: 120_000, interval: 200 });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Redis came back with its data: the broker does not report a loss.
    expect(broker.output()).not.toMatch(/ERR_STORE_DATA_LOST|the store lost its data/);
  });

  it('stint exchange waits out the 503’s Retry-After before its next attempt, and gets its token once Redis is back', async () => {
    await redis.stop();
    const job = baseEnv({
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    });
    const child = spawn(
      process.execPath,
      [CLI, 'exchange', '--broker', url, '--project', 'warehouse', '--format', 'json'],
      {
        env: job,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((done) => child.once('close', done));
    try {
      // The first wait is the broker's 5 s, not the backoff's first step (at most 0.5 s).
      await vi.waitFor(() => expect(stderr).toMatch(/^stint: retrying in \d+\.\d s: .*HTTP 503 /m), {
        timeout: 120_000,
        interval: 50,
      });
      expect(stderr).toMatch(
        /^stint: retrying in 5\.0 s: .*HTTP 503 temporarily_unavailable: the broker cannot reach its store; try again shortly/m,
      );
      await redis.start();
      // Its budget is 60 s: it gets the token then, or gives up and exits non-zero.
      expect(await exited, stderr).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ project: 'warehouse' });
      const waits = [...stderr.matchAll(/^stint: retrying in (\d+\.\d) s/gm)].map((match) => Number(match[1]));
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(5);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('reports Redis gone on /readyz by itself, though /readyz results are shared and reused for up to a second', async () => {
    const readyz = async (): Promise<number> => (await fetch(`${url}/readyz`)).status;
    await vi.waitFor(async () => expect(await readyz()).toBe(200), { timeout: 120_000, interval: 200 });
    // Many at once share a check, whose OK later callers reuse for up to a second.
    expect(await Promise.all(Array.from({ length: 30 }, readyz))).toEqual(Array(30).fill(200));
    await redis.stop();
    // No exchange meets the outage first: the reused OK runs out and the next check finds Redis gone.
    await vi.waitFor(async () => expect(await readyz()).toBe(503), { timeout: 60_000, interval: 100 });
    await redis.start();
    await vi.waitFor(async () => expect(await readyz()).toBe(200), { timeout: 120_000, interval: 200 });
  });
});
