import { randomUUID } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * A reload (SIGHUP) while an exchange awaits its issuer's keys, through the built broker. The
 * exchange must be decided by one config from start to end: here the one that served when it came
 * in. Before, it checked the token against the old config's provider and then asked the new
 * config's rules, and v1's issuer with v2's rule granted a token neither config allows.
 */
describe('a reload during an exchange', () => {
  /** While true, the issuer holds its answers (in `held`) instead of sending them. */
  let holding = false;
  const held: Array<{ res: ServerResponse; answer: () => void }> = [];
  let asked = 0;
  let broker: RunningBroker | undefined;
  const issuer = createServer((req: IncomingMessage, res: ServerResponse) => {
    asked++;
    const answer = () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration')
        res.end(JSON.stringify({ issuer: issuerA, jwks_uri: `${issuerA}/jwks` }));
      else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
      else {
        res.statusCode = 404;
        res.end('{}');
      }
    };
    if (holding) held.push({ res, answer });
    else answer();
  });
  let issuerA = '';
  let jwk: Record<string, unknown> = {};
  afterAll(async () => {
    await broker?.stop();
    for (const { res } of held) res.destroy();
    await new Promise((resolve) => issuer.close(resolve));
  });

  it('is decided by the config it started under, never by one config’s issuer and the next one’s rules', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    issuerA = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
    const config = (iss: string, extraRule: string) => `issuer: https://stint.test
keys: { dir: keys, algorithm: EdDSA }
store: memory
audit: { file: audit.jsonl }
providers:
  ci: { kind: jenkins, issuer: "${iss}", audience: "https://stint.test", allow_insecure: true }
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: ci
        subject: "acme/warehouse:main"
${extraRule}`;
    // v1 trusts issuer A for acme/warehouse only; v2 trusts another issuer (never reached), and evil/x.
    const v1 = config(issuerA, '');
    const v2 = config('http://127.0.0.1:9', '      - provider: ci\n        subject: "evil/x:main"\n');
    const idToken = (sub: string) =>
      new SignJWT({ sub })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuerA)
        .setAudience('https://stint.test')
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti(randomUUID())
        .sign(privateKey);
    const exchange = async (token: string) => {
      const response = await fetch(`${broker!.url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, project: 'warehouse' }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    let raced: Awaited<ReturnType<typeof exchange>>;
    for (let attempt = 1; ; attempt++) {
      asked = 0;
      broker = await startBroker({ configYaml: v1 });
      // The start-up check asks issuer A for its discovery document once (answered at once): only
      // then is the next request to issuer A the exchange's own. Counted as the exchange's, the
      // check's request sent the SIGHUP before the exchange came in, and v2 decided it alone.
      await vi.waitFor(() => expect(asked).toBeGreaterThan(0), { timeout: 60_000, interval: 20 });
      asked = 0;
      const evil = await idToken('evil/x:main');
      // The issuer's keys come only after the reload: the exchange awaits them meanwhile.
      holding = true;
      const pending = exchange(evil);
      // The exchange has asked issuer A for its keys (the broker fetched nothing before).
      await vi.waitFor(() => expect(asked).toBeGreaterThan(0), { timeout: 60_000, interval: 20 });
      const file = join(broker.dir, 'stint.yml');
      writeFileSync(file, v2);
      // Written a minute ago, as far as the broker can tell: it reads the file at once, without
      // waiting for a second of stillness (docs/broker.md#signals), so the key fetch is still waiting.
      const past = new Date(Date.now() - 60_000);
      utimesSync(file, past, past);
      broker.process.kill('SIGHUP');
      await vi.waitFor(() => expect(broker!.output()).toMatch(/reloaded .*stint\.yml/), {
        timeout: 60_000,
        interval: 20,
      });
      holding = false;
      for (const { answer } of held.splice(0)) answer();
      raced = await pending;
      // A 503: the broker gave up on the held keys before the reload was done (a busy machine).
      // That decides nothing about the reload, so the scenario runs again on a new broker.
      if (raced.status !== 503) break;
      expect(attempt, "the issuer's keys came after the broker's deadline in 5 attempts").toBeLessThan(5);
      await broker.stop();
    }
    // v1 trusts issuer A but no rule names evil/x: refused, and nothing was issued.
    expect(raced.body.access_token).toBeUndefined();
    expect(raced).toMatchObject({ status: 403, body: { error: 'access_denied' } });
    const audit = readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8');
    expect(audit).not.toContain('"token_issued"');
    expect(audit).toContain('"code":"ERR_POLICY_DENIED"');

    // The next request is decided by v2 alone: issuer A is no longer trusted.
    const after = await exchange(await idToken('evil/x:main'));
    expect(after.body.access_token).toBeUndefined();
    expect(after).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  }, 180_000);
});
