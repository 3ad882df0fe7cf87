import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openRedisStore } from '../../src/store/redis.js';
import { createApiKey } from '../../src/tokens/api-keys.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { exchange, type Fleet, idToken, postForm, runCli, sleep, startFleet } from './setup.js';

/**
 * Two `stint serve` processes (the built CLI) behind an imaginary load balancer: one real
 * redis-server, one shared keys dir, each its own audit log (docs/many-brokers.md).
 * Tests run in order; the outage test is last. Redis keeps its data across its restart there
 * (appendonly yes): an outage, not a loss, which the brokers must not take for one (a Redis that
 * restarts empty is test/redis/data-loss.test.ts).
 */
describe('two brokers on one Redis', () => {
  let fleet: Fleet;
  let a: string;
  let b: string;
  beforeAll(async () => {
    fleet = await startFleet(2, 'redis', { redisArgs: ['--appendonly', 'yes'] });
    [a, b] = fleet.brokers.map((broker) => broker.url) as [string, string];
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('lets exactly one of two simultaneous exchanges of the same ID token succeed, every round', async () => {
    for (let round = 0; round < 25; round++) {
      const token = await idToken(fleet.issuer);
      const answers = await Promise.all([exchange(a, token), exchange(b, token)]);
      const statuses = answers.map((x) => x.status).sort();
      expect(statuses, `round ${round}`).toEqual([200, 401]);
      const refused = answers.find((x) => x.status === 401)!;
      expect(refused.body.error).toBe('invalid_token');
      expect(refused.body.error_description).toMatch(/already exchanged/);
    }
  });

  it('shares the replay cache between the two exchange endpoints: one wins when A and B get the token at once', async () => {
    for (let round = 0; round < 10; round++) {
      const token = await idToken(fleet.issuer);
      const [json, oauth] = await Promise.all([
        exchange(a, token),
        postForm(`${b}/oauth2/token`, {
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: token,
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
          audience: 'warehouse',
        }),
      ]);
      // The loser is refused as its endpoint refuses a replay: 401 on /auth/oidc/exchange, 400 on /oauth2/token (RFC 8693).
      expect([json.status, oauth.status], `round ${round}`).toEqual(json.status === 200 ? [200, 400] : [401, 200]);
    }
  });

  it('refuses an ID token at B that was exchanged at A', async () => {
    const token = await idToken(fleet.issuer);
    expect((await exchange(a, token)).status).toBe(200);
    const replay = await exchange(b, token);
    expect(replay.status).toBe(401);
    expect(replay.body.error_description).toMatch(/already exchanged/);
    // And back at A too.
    expect((await exchange(a, token)).status).toBe(401);
  });

  it('honours at both brokers an API key created through the CLI, and its revocation, without a restart', async () => {
    const created = await runCli(
      [
        'keys',
        'create-api-key',
        '--config',
        fleet.configFile(0),
        '--project',
        'warehouse',
        '--name',
        'resource server',
      ],
      fleet.env,
    );
    expect(created.code).toBe(0);
    // The key is printed once, on stdout only.
    const apiKey = /^stint_sk_\S+$/m.exec(created.stdout)?.[0];
    expect(apiKey).toBeDefined();
    expect(created.stderr).not.toContain('stint_sk_');
    // With a Redis store the record goes to Redis, not to a file in the keys dir.
    expect(existsSync(join(fleet.keysDir, 'api-keys.json'))).toBe(false);

    const minted = await exchange(a, await idToken(fleet.issuer));
    expect(minted.status).toBe(200);
    const accessToken = minted.body.access_token as string;
    // Within a second, at both instances (with Redis every lookup reads the shared record).
    await sleep(1000);
    for (const broker of [a, b]) {
      const answer = await postForm(`${broker}/oauth2/introspect`, { token: accessToken }, apiKey);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ active: true, project: 'warehouse' });
    }

    const id = /^stint_sk_([^_]+)_/.exec(apiKey!)?.[1];
    expect(id).toBeDefined();
    const revoked = await runCli(['keys', 'revoke-api-key', '--config', fleet.configFile(1), id!], fleet.env);
    expect(revoked.code).toBe(0);
    await sleep(1000);
    for (const broker of [a, b]) {
      const answer = await postForm(`${broker}/oauth2/introspect`, { token: accessToken }, apiKey);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_token');
    }
  });

  it('refuses at A a token revoked at B', async () => {
    // A resource server's key, written to the shared Redis the way the CLI does it.
    const store = await openRedisStore(`${fleet.redis!.url}/0`, { password: fleet.redis!.password! });
    const { key: apiKey } = await createApiKey(store, { project: 'warehouse', name: 'resource server' }).finally(() =>
      store.close(),
    );

    const minted = await exchange(a, await idToken(fleet.issuer));
    expect(minted.status).toBe(200);
    const accessToken = minted.body.access_token as string;
    const first = await postForm(`${a}/oauth2/introspect`, { token: accessToken }, apiKey);
    expect(first.body.active).toBe(true);

    expect((await postForm(`${b}/oauth2/revoke`, { token: accessToken })).status).toBe(200);
    for (const broker of [a, b]) {
      const answer = await postForm(`${broker}/oauth2/introspect`, { token: accessToken }, apiKey);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ active: false });
    }
  });

  it('leaves no token, key or token id readable in Redis', async () => {
    const created = await runCli(
      ['keys', 'create-api-key', '--config', fleet.configFile(0), '--project', 'warehouse'],
      fleet.env,
    );
    const apiKey = /^stint_sk_\S+$/m.exec(created.stdout)![0];
    const token = await idToken(fleet.issuer);
    const minted = await exchange(a, token);
    const accessToken = minted.body.access_token as string;
    expect((await postForm(`${b}/oauth2/revoke`, { token: accessToken })).status).toBe(200);
    const jtiOf = (jwt: string): string =>
      (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    const secrets = {
      'the ID token': token,
      'the access token': accessToken,
      'the API key': apiKey,
      "the API key's secret": apiKey.slice('stint_sk_'.length + 17) /* its 43 characters, which may hold '_' */,
      "the ID token's jti": jtiOf(token),
      "the access token's jti": jtiOf(accessToken),
    };

    const raw = new Redis({
      host: '127.0.0.1',
      port: fleet.redis!.port,
      password: fleet.redis!.password!,
      lazyConnect: true,
    });
    await raw.connect();
    try {
      const keys = await raw.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      let dump = '';
      for (const key of keys) {
        expect(key).toMatch(/^stint:/);
        const type = await raw.type(key);
        const value =
          type === 'hash' ? await raw.hgetall(key) : type === 'set' ? await raw.smembers(key) : await raw.get(key);
        dump += `${key} ${JSON.stringify(value)}\n`;
      }
      for (const [label, secret] of Object.entries(secrets)) expectNoSecret(dump, secret, `${label} in Redis`);
    } finally {
      raw.disconnect();
    }
  });

  it('counts a rate limit spent at A against B', async () => {
    // Project `limited`: burst 3, then one token per 100 s.
    for (const broker of [a, b, a]) {
      expect((await exchange(broker, await idToken(fleet.issuer), 'limited')).status).toBe(200);
    }
    for (const broker of [b, a]) {
      const refused = await exchange(broker, await idToken(fleet.issuer), 'limited');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another project's bucket is untouched.
    expect((await exchange(b, await idToken(fleet.issuer))).status).toBe(200);
  });

  it("shares the signing keys: after `stint keys rotate --now` both publish the new key and honour each other's tokens", async () => {
    const jwks = async (url: string): Promise<string[]> =>
      ((await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys
        .map((k) => k.kid)
        .sort();
    const before = await jwks(a);
    expect(await jwks(b)).toEqual(before);

    const rotated = await runCli(['keys', 'rotate', '--now', '--config', fleet.configFile(0)], fleet.env);
    expect(rotated.code).toBe(0);
    // A watch on the keys dir sees it at once; where it sees nothing, the 30 s maintenance re-read does: a ceiling well past both.
    await vi.waitFor(
      async () => {
        const [atA, atB] = await Promise.all([jwks(a), jwks(b)]);
        expect(atA).not.toEqual(before);
        expect(atB).toEqual(atA);
      },
      { timeout: 120_000, interval: 100 },
    );

    const store = await openRedisStore(`${fleet.redis!.url}/0`, { password: fleet.redis!.password! });
    const { key: apiKey } = await createApiKey(store, { project: 'warehouse', name: 'after rotation' }).finally(() =>
      store.close(),
    );
    const minted = await exchange(a, await idToken(fleet.issuer));
    expect(minted.status).toBe(200);
    const answer = await postForm(`${b}/oauth2/introspect`, { token: minted.body.access_token as string }, apiKey);
    expect(answer.body).toMatchObject({ active: true, project: 'warehouse' });
  });

  it('answers 503 temporarily_unavailable while Redis is down (bounded, never a 200), and recovers by itself', async () => {
    const redis = fleet.redis!;
    const minted = await exchange(a, await idToken(fleet.issuer));
    expect(minted.status).toBe(200);
    await redis.stop();
    for (const broker of [a, b]) {
      // Bounded: the broker answers instead of hanging on a queue (the request aborts after 10 s).
      const answer = await exchange(broker, await idToken(fleet.issuer), 'warehouse', 10_000);
      expect(answer.status).toBe(503);
      expect(answer.body.error).toBe('temporarily_unavailable');
      expect(answer.body.error_description).toMatch(/store/);

      const health = await fetch(`${broker}/healthz`);
      expect(health.status).toBe(503);
      const body = (await health.json()) as { reason?: string };
      // Public: generic, never the Redis address (which goes to the broker's own log).
      expect(body.reason).toBe('the broker cannot write to its store');

      const metrics = await (await fetch(`${broker}/metrics`)).text();
      expect(metrics).toMatch(/^stint_store_errors_total [1-9]\d*$/m);

      // The revocation check is never skipped: revoke and introspect fail closed too.
      const revoke = await postForm(`${broker}/oauth2/revoke`, { token: minted.body.access_token as string });
      expect(revoke.status).toBe(503);
      expect(revoke.body.error).toBe('temporarily_unavailable');
      const introspect = await postForm(
        `${broker}/oauth2/introspect`,
        { token: minted.body.access_token as string },
        `stint_sk_${'0'.repeat(16)}_${'A'.repeat(43)}`,
      );
      expect(introspect.status).toBe(503);
      expect(introspect.body.error).toBe('temporarily_unavailable');
    }
    // The CLI fails the same way, says why, and exits rather than waiting for Redis.
    const cli = await runCli(
      ['keys', 'create-api-key', '--config', fleet.configFile(0), '--project', 'warehouse'],
      fleet.env,
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(
      /^stint: Redis store redis:\/\/127\.0\.0\.1:\d+\/0 is unavailable \(.*ECONNREFUSED.*\); check that Redis is running/m,
    );
    expect(cli.stdout).not.toContain('stint_sk_');
    // The password appears nowhere the brokers or the CLI wrote.
    expectNoSecret(
      [cli.stderr, cli.stdout, ...fleet.brokers.map((x) => x.output())],
      redis.password!,
      'the Redis password',
    );
    for (const x of fleet.brokers)
      await vi.waitFor(
        () =>
          expect(x.output()).toMatch(
            /\/healthz: store unavailable: Redis store redis:\/\/127\.0\.0\.1:\d+\/0 is unavailable/,
          ),
        { timeout: 60_000, interval: 50 },
      );

    await redis.start();
    for (const broker of [a, b]) {
      const deadline = Date.now() + 120_000; // a ceiling for a busy machine
      let status = 0;
      while (Date.now() < deadline) {
        status = (await exchange(broker, await idToken(fleet.issuer))).status;
        if (status === 200) break;
        expect(status).toBe(503);
        await sleep(200);
      }
      expect(status).toBe(200);
      expect((await fetch(`${broker}/healthz`)).status).toBe(200);
    }
    // Redis came back with its data: no broker reports a loss.
    for (const x of fleet.brokers) expect(x.output()).not.toMatch(/ERR_STORE_DATA_LOST|the store lost its data/);
  });

  it('answers 503, bounded, while Redis hangs, and recovers when it answers again', async () => {
    const redis = fleet.redis!;
    redis.pause();
    try {
      const answers = await Promise.all(
        [a, b].map(async (broker) => exchange(broker, await idToken(fleet.issuer), 'warehouse', 10_000)),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.body.error).toBe('temporarily_unavailable');
      }
    } finally {
      redis.resume();
    }
    for (const broker of [a, b]) {
      const deadline = Date.now() + 120_000; // a ceiling for a busy machine
      let status = 0;
      while (Date.now() < deadline) {
        status = (await exchange(broker, await idToken(fleet.issuer))).status;
        if (status === 200) break;
        await sleep(200);
      }
      expect(status).toBe(200);
    }
  });
});
