import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';

/** With Redis down the broker refuses exchanges (503) rather than skip the replay check, and recovers. */
let redis: RedisServer;
let issuer: GithubIssuer;
let broker: RunningBroker;
let url: string;

beforeAll(async () => {
  redis = await startRedis({ password: 'correct horse' });
  issuer = await startGithubIssuer();
  broker = await startBrokerAt(
    (brokerUrl) => `issuer: ${brokerUrl}
store: { url: ${redis.url}, password_env: STINT_TEST_REDIS_PASSWORD }
providers:
  github: { issuer: ${issuer.url}, allow_insecure: true }
projects:
  warehouse:
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`,
    { env: { STINT_TEST_REDIS_PASSWORD: 'correct horse' } },
  );
  url = broker.url;
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
  await redis?.stop();
});

async function exchange(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issuer.mint({ aud: url }), project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('broker on Redis', () => {
  it('exchanges while Redis is up, answers 503 while it is down, and recovers by itself', async () => {
    expect((await exchange()).status).toBe(200);

    await redis.stop();
    const down = await exchange();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      error: 'temporarily_unavailable',
      error_description: 'the broker cannot reach its store; try again shortly',
    });
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
  });
});
