/**
 * A token signed by a key the receiver has not fetched yet is "retry in N s" (503 with
 * Retry-After), never 401 invalid_token, which clients take as final (review, December: after
 * `stint keys rotate --now` a valid token was refused for up to 10 s, as the JWKS may be fetched
 * again for an unknown kid at most once per 10 s). Through the built `stint/verify` bundle with a
 * clock the test moves: against the built broker and its real rotation, and against a JWKS server
 * of the test's own that counts its fetches, so made-up kids are seen to cause no extra fetch.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../broker/stack.js';
import { runCli } from '../helpers/cli.js';
import { startVerifyDriver, type VerifyDriver } from '../helpers/verify-driver.js';

const RESOURCE = 'https://rotating.example.com/mcp';
const PROJECT = `  rotating:
    audience: ${RESOURCE}
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        scopes: [read]
`;

let driver: VerifyDriver | undefined;
afterEach(async () => {
  await driver?.stop();
  driver = undefined;
});

/**
 * The built bundle in a process of its own, with a guard on a clock the test sets (`at` ms after
 * the start): the key cache's interval is read from it, so nothing waits on real time.
 */
function guardOn(issuer: string) {
  const running = startVerifyDriver();
  driver = running;
  const ready = running.run(
    `state.records = [];
     state.guard = verify.protectedResource({ resource: args.resource, issuer: args.issuer, now,
       onAccess: (record) => state.records.push(record) });`,
    { resource: RESOURCE, issuer },
  );
  return {
    async check(token: string, at: number): Promise<Record<string, unknown>> {
      await ready;
      return running.run(
        `state.offset = args.at;
         const decision = await state.guard.check('Bearer ' + args.token, ['read']);
         return { ...decision, record: state.records.at(-1) };`,
        { token, at },
      );
    },
    /** Many checks at once, each answer as check gives it. */
    async checkAll(tokens: string[], at: number): Promise<Array<Record<string, unknown>>> {
      await ready;
      return running.run(
        `state.offset = args.at;
         return Promise.all(args.tokens.map((token) => state.guard.check('Bearer ' + token, ['read'])));`,
        { tokens, at },
      );
    },
    /** verifyStintToken on the same clock (and the same key cache): its claims, or the error's fields. */
    async verify(token: string, at: number): Promise<Record<string, unknown>> {
      await ready;
      return running.run(
        `state.offset = args.at;
         try {
           return await verify.verifyStintToken(args.token, { issuer: args.issuer, audience: args.resource, now });
         } catch (error) {
           return { code: error.code, message: error.message, retryAfterSec: error.retryAfterSec };
         }`,
        { token, at, issuer, resource: RESOURCE },
      );
    },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resume) => setTimeout(resume, 100));
  }
  throw new Error(`${what} did not happen within 60 s`);
}

describe('a token signed by a key the broker has just rotated to', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ extraProjects: PROJECT });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const mint = async (): Promise<string> => {
    const answer = await stack.exchange({ token: await stack.idToken(), project: 'rotating' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.access_token as string;
  };
  const kidOf = (token: string): string =>
    JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;

  it('is answered 503 with Retry-After until the next JWKS fetch is allowed, then accepted', async () => {
    const guard = guardOn(stack.url);
    const before = await mint();
    // The guard fetches the broker's keys for the first token (its cache is now filled).
    expect(await guard.check(before, 0)).toMatchObject({ ok: true });

    const rotated = await runCli(['keys', 'rotate', '--now', '--config', join(stack.broker.dir, 'stint.yml')]);
    expect(rotated.code, rotated.stderr).toBe(0);
    // The running broker re-reads its keys dir by itself: wait until it signs with another key.
    const after = await waitFor('the broker signing with the new key', async () => {
      const token = await mint();
      return kidOf(token) === kidOf(before) ? undefined : token;
    });

    expect(await guard.check(after, 2_000)).toMatchObject({
      ok: false,
      status: 503,
      headers: { 'retry-after': '8' },
      body: {
        error: 'temporarily_unavailable',
        error_description:
          "the service has not fetched the key this token is signed with yet (the broker's keys are fetched at most every 10 s): retry in 8 s",
      },
      record: { outcome: 'refused', status: 503, code: 'ERR_JWKS_UNAVAILABLE' },
    });

    // verifyStintToken says the same: a StintError to answer 503, not a verdict on the token.
    expect(await guard.verify(after, 9_000)).toMatchObject({
      code: 'ERR_JWKS_UNAVAILABLE',
      retryAfterSec: 1,
      message: expect.stringContaining('retry in 1 s'),
    });

    // Once the Retry-After has passed, the next fetch brings the new key.
    expect(await guard.check(after, 10_000)).toMatchObject({ ok: true, claims: { project: 'rotating' } });

    // `--now` dropped the old key, and the guard's last fetch shows it gone: a token signed by it
    // is refused as final (401), not told to retry for a key that will not come back (review,
    // December, L1: it was a 503 "not fetched yet, retry in 10 s").
    expect(await guard.check(before, 11_000)).toMatchObject({
      ok: false,
      status: 401,
      headers: {},
      body: { error: 'invalid_token' },
      record: { outcome: 'refused', status: 401, code: 'ERR_TOKEN_INVALID' },
    });
    expect(await guard.verify(before, 12_000)).toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  }, 180_000);
});

describe('made-up kids', () => {
  let server: Server;
  let issuer: string;
  let fetches = 0;
  let served: JWK[] = [];
  const keys: Record<string, Awaited<ReturnType<typeof generateKeyPair>>['privateKey']> = {};

  beforeAll(async () => {
    for (const kid of ['old', 'new', 'made-up']) {
      const pair = await generateKeyPair('ES256', { extractable: true });
      keys[kid] = pair.privateKey;
      keys[`${kid}.public`] = pair.publicKey;
    }
    served = [{ ...(await exportJWK(keys['old.public']!)), kid: 'old', alg: 'ES256', use: 'sig' }];
    server = createServer((req, res) => {
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  const sign = (kid: string, signer: string, nowMs = Date.now()): Promise<string> =>
    new SignJWT({ client_id: 'github:acme/warehouse', scope: 'read', project: 'rotating', ci: { provider: 'github' } })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
      .setIssuer(issuer)
      .setAudience(RESOURCE)
      .setSubject('repo:acme/warehouse:ref:refs/heads/main')
      .setIssuedAt(Math.floor(nowMs / 1000))
      .setNotBefore(Math.floor(nowMs / 1000))
      .setExpirationTime(Math.floor(nowMs / 1000) + 900)
      .setJti(randomUUID())
      .sign(keys[signer]!);

  it('are answered 503 and make no more JWKS fetches than one per 10 s; the rotated-to key passes after the wait', async () => {
    const guard = guardOn(issuer);
    expect(await guard.check(await sign('old', 'old'), 0)).toMatchObject({ ok: true });
    expect(fetches).toBe(1);

    // The broker rotates; then a flood of made-up kids, each signed by a key nobody published.
    served = [{ ...(await exportJWK(keys['new.public']!)), kid: 'new', alg: 'ES256', use: 'sig' }];
    const madeUp = await Promise.all(Array.from({ length: 25 }, (_, i) => sign(`made-up-${i}`, 'made-up')));
    const flood = await guard.checkAll(madeUp, 1_000);
    expect(flood).toHaveLength(25);
    for (const answer of flood)
      expect(answer).toMatchObject({ ok: false, status: 503, headers: { 'retry-after': '9' } });
    // The valid token with the new kid is told the same wait, and nothing was fetched for any of them.
    const legit = await sign('new', 'new');
    expect(await guard.check(legit, 1_000)).toMatchObject({ ok: false, status: 503, headers: { 'retry-after': '9' } });
    expect(fetches).toBe(1);

    // After the wait a made-up kid arrives first and spends the one fetch allowed: it fetches the
    // new key, so the valid token passes without another fetch, and the made-up kid, now looked
    // for in keys fetched for it, is refused as final.
    const late = await guard.check(await sign('made-up-late', 'made-up'), 10_000);
    expect(late).toMatchObject({ ok: false, status: 401, body: { error: 'invalid_token' } });
    expect(fetches).toBe(2);
    expect(await guard.check(legit, 10_000)).toMatchObject({ ok: true });
    // More made-up kids within the next 10 s: 503 again, and still no fetch.
    const more = await guard.check(await sign('made-up-more', 'made-up'), 15_000);
    expect(more).toMatchObject({ ok: false, status: 503, headers: { 'retry-after': '5' } });
    expect(fetches).toBe(2);
    // But a kid a fetch was asked for and did not find (a key the broker dropped) is not told to
    // wait for a key that will not come: refused as final, until a fetch finds it.
    for (const at of [15_000, 19_000])
      expect(await guard.check(await sign('made-up-late', 'made-up'), at)).toMatchObject({
        ok: false,
        status: 401,
        body: { error: 'invalid_token' },
      });
    expect(fetches).toBe(2);
  }, 60_000);
});

describe('a token whose alg stint never signs with', () => {
  it('is refused naming its alg and the algs accepted (alg none, HS256), and an unreadable alg is not quoted', async () => {
    const issuer = 'http://127.0.0.1:9/no-broker-needed';
    const now = Date.now();
    const claims = {
      iss: issuer,
      aud: RESOURCE,
      sub: 'ci',
      iat: Math.floor(now / 1000),
      nbf: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + 600,
      jti: randomUUID(),
      client_id: 'x',
      scope: 'read',
      project: 'rotating',
      ci: {},
    };
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = (alg: string) => `${part({ alg, typ: 'at+jwt', kid: 'old' })}.${part(claims)}.`;
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'old' })
      .sign(new TextEncoder().encode('a shared secret that is long enough for HS256'));
    const refusal = (alg: string) =>
      `stint token rejected: its alg ${alg} is not one stint tokens are signed with (ES256, EdDSA, RS256): the token was not made by a stint broker`;
    const guard = guardOn(issuer);
    for (const [token, alg] of [
      [unsigned('none'), '"none"'],
      [hs256, '"HS256"'],
      [unsigned('HS256\u001b[31m'), '(not a readable name)'],
    ] as const) {
      expect(await guard.verify(token, 0), alg).toMatchObject({ code: 'ERR_TOKEN_INVALID', message: refusal(alg) });
      expect(await guard.check(token, 0), alg).toMatchObject({
        ok: false,
        status: 401,
        body: { error: 'invalid_token', error_description: refusal(alg) },
      });
    }
  });
});
