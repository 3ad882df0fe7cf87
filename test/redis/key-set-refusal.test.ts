import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { until } from '../helpers/redis-topology.js';
import { BROKER_ISSUER, brokerConfig, exchange, idToken, postForm, REDIS_PASSWORD_ENV, runCli } from './setup.js';

/**
 * Three built brokers on one Redis: a and c share a keys dir, b has its own (a mis-deployed pod).
 * b is in the minority, so besides being not ready it refuses, with 503 and Retry-After as a store
 * outage does, every request that would spend an ID token on a token a and c do not verify, or
 * acknowledge a revocation of their tokens without revoking anything. The ID token it refused is
 * still good at a; the majority serves throughout; once b agrees (given the shared keys), it serves.
 */
describe('an instance whose key set disagrees with its peers refuses exchanges and revocations', () => {
  let redis: RedisServer;
  let issuer: GithubIssuer;
  const dirs: string[] = [];
  const brokers: Record<string, RunningBroker> = {};
  const env = (): Record<string, string> => ({ [REDIS_PASSWORD_ENV]: redis.password! });
  let shared = '';

  beforeAll(async () => {
    redis = await startRedis({ password: `refuse-${process.pid}` });
    issuer = await startGithubIssuer();
    shared = mkdtempSync(join(tmpdir(), 'stint-keys-shared-'));
    const other = mkdtempSync(join(tmpdir(), 'stint-keys-other-'));
    dirs.push(shared, other);
    for (const [name, keysDir] of [
      ['broker-a', shared],
      ['broker-c', shared],
      ['broker-b', other],
    ] as const) {
      brokers[name] = await startBroker({
        configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir, store: { url: `${redis.url}/0` } }),
        env: { ...env(), STINT_INSTANCE: name },
      });
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(brokers).map((b) => b.stop()));
    await issuer?.stop();
    await redis?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 temporarily_unavailable with Retry-After, spends no ID token and revokes nothing', async () => {
    const ready = async (name: string): Promise<number> => (await fetch(`${brokers[name]!.url}/readyz`)).status;
    const b = brokers['broker-b']!.url;
    await until('broker-b not ready, in the minority', async () =>
      (await ready('broker-b')) === 503 ? true : undefined,
    );

    // An exchange at b: refused before the ID token is looked at; the same ID token then works at a.
    const token = await idToken(issuer);
    const refused = await exchange(b, token);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('temporarily_unavailable');
    expect(refused.body.error_description).toBe(
      'this broker instance does not serve the same signing keys as its peers; try again shortly',
    );
    expect(refused.headers.get('retry-after')).toBe('5');
    const granted = await exchange(brokers['broker-a']!.url, token);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const accessToken = granted.body.access_token as string;

    // RFC 8693 at b: refused too.
    const viaToken = await postForm(`${b}/oauth2/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: await idToken(issuer),
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      resource: 'warehouse',
    });
    expect(viaToken.status).toBe(503);
    expect(viaToken.body.error).toBe('temporarily_unavailable');
    expect(viaToken.headers.get('retry-after')).toBe('5');

    // A revocation at b of a's token: 503, not a 200 that revokes nothing; the token stays active.
    const revoke = await postForm(`${b}/oauth2/revoke`, { token: accessToken });
    expect(revoke.status).toBe(503);
    expect(revoke.headers.get('retry-after')).toBe('5');
    const created = await runCli(
      ['keys', 'create-api-key', '--config', join(brokers['broker-a']!.dir, 'stint.yml'), '--project', 'warehouse'],
      env(),
    );
    expect(created.code, created.stderr).toBe(0);
    const apiKey = /^stint_sk_\S+$/m.exec(created.stdout)![0];
    const introspect = await postForm(`${brokers['broker-a']!.url}/oauth2/introspect`, { token: accessToken }, apiKey);
    expect(introspect.body.active).toBe(true);
    expect(introspect.body.iss).toBe(BROKER_ISSUER);

    // The majority serves meanwhile: exchanges and a revocation at c.
    for (const name of ['broker-a', 'broker-c']) {
      expect((await exchange(brokers[name]!.url, await idToken(issuer))).status, name).toBe(200);
    }
    expect((await postForm(`${brokers['broker-c']!.url}/oauth2/revoke`, { token: accessToken })).status).toBe(200);

    // b's log and audit say why.
    const lines = logEntries(brokers['broker-b']!.output()).filter((line) =>
      String(line.msg).startsWith('/auth/oidc/exchange: this instance does not serve the same signing keys'),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(String(lines[0]!.msg)).toMatch(/key set: this instance is in the minority: 2 of the 3 live instances/);
  });

  it('serves at once when it starts on the shared keys: no refusal in its start-up window', async () => {
    await brokers['broker-b']!.stop();
    const dir = mkdtempSync(join(tmpdir(), 'stint-broker-b-'));
    dirs.push(dir);
    brokers['broker-b'] = await startBroker({
      configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir: shared, store: { url: `${redis.url}/0` } }),
      env: { ...env(), STINT_INSTANCE: 'broker-b' },
      dir,
    });
    // Its first requests, as soon as it listens, and then for a while: every one served.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await exchange(brokers['broker-b']!.url, await idToken(issuer))).status);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(statuses).toEqual(Array(8).fill(200));
  });
});
