/**
 * What `stint/verify` says when it cannot verify ends up in a receiving service's log or a 503
 * body, so it never holds a credential the service was configured with: not a password or token
 * in the issuer's or JWKS URL's user info or query, and not a piece of a key that does not parse.
 * Through the built bundle (dist/verify, what users import), on 127.0.0.1 (port 1: nothing listens).
 */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret } from '../helpers/secrets.js';
import { startVerifyDriver, type VerifyDriver } from '../helpers/verify-driver.js';

const SECRET = 'VerifySecret_Qp83Lm-ZZ';
let driver: VerifyDriver;
let token: string;
let tokenOf: (issuer: string) => string;
beforeAll(async () => {
  driver = startVerifyDriver();
  const { privateKey } = await generateKeyPair('ES256');
  const tokens = new Map<string, string>();
  const mint = (issuer: string) =>
    new SignJWT({ project: 'warehouse', scope: 'read', client_id: 'ci' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('https://api.example.com')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  tokens.set(`http://u:${SECRET}@127.0.0.1:1`, await mint(`http://u:${SECRET}@127.0.0.1:1`));
  tokenOf = (issuer) => tokens.get(issuer)!;
  token = await new SignJWT({ project: 'warehouse', scope: 'read', client_id: 'ci' })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
    .setIssuer('http://127.0.0.1:1')
    .setAudience('https://api.example.com')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
});
afterAll(async () => {
  await driver?.stop();
});

interface Failure {
  code: string;
  message: string;
}

/** verifyStintToken with `options` (and `token`, default the one minted above), twice (the second is answered from the key cache's back-off): each error's code and message. */
function verifyTwice({ token: given, ...options }: Record<string, string>): Promise<Failure[]> {
  return driver.run<Failure[]>(
    `const out = [];
     for (let i = 0; i < 2; i++) {
       try {
         await verify.verifyStintToken(args.token, { audience: 'https://api.example.com', ...args.options });
         out.push({ code: 'none', message: 'verified' });
       } catch (error) {
         out.push({ code: error.code, message: error.message });
       }
     }
     return out;`,
    { token: given ?? token, options },
  );
}

describe('ERR_JWKS_UNAVAILABLE and ERR_VERIFY_CONFIG never quote the credential in a URL', () => {
  it('a password in the issuer’s user info', async () => {
    // A token of another issuer is refused before any key is looked up; the issuer is shown without the password.
    const foreign = await verifyTwice({ issuer: `http://u:${SECRET}@127.0.0.1:1` });
    expect(foreign.map((f) => f.code)).toEqual(['ERR_TOKEN_INVALID', 'ERR_TOKEN_INVALID']);
    expect(foreign[0]?.message).toBe(
      'this is not a stint token: issued by "http://127.0.0.1:1", not "http://127.0.0.1:1/"; exchange it at the broker first',
    );
    expectNoSecret(JSON.stringify(foreign), SECRET, 'the password in the issuer');
    // A token of that issuer (as written, user info and all) goes on to the keys, which cannot be fetched.
    const failures = await verifyTwice({
      issuer: `http://u:${SECRET}@127.0.0.1:1`,
      token: tokenOf(`http://u:${SECRET}@127.0.0.1:1`),
    });
    expect(failures.map((f) => f.code)).toEqual(['ERR_JWKS_UNAVAILABLE', 'ERR_JWKS_UNAVAILABLE']);
    expect(failures[0]?.message).toMatch(/^could not fetch http:\/\/127\.0\.0\.1:1\/\.well-known\/jwks\.json: /);
    expect(failures[1]?.message).toContain("the broker's keys at http://127.0.0.1:1/.well-known/jwks.json could not");
    expectNoSecret(JSON.stringify(failures), SECRET, 'the password in the issuer');
  });

  it('a token in the JWKS URL’s query: shown as ?…', async () => {
    const failures = await verifyTwice({
      issuer: 'http://127.0.0.1:1',
      jwksUrl: `http://127.0.0.1:1/jwks?key=${SECRET}`,
    });
    expect(failures.map((f) => f.code)).toEqual(['ERR_JWKS_UNAVAILABLE', 'ERR_JWKS_UNAVAILABLE']);
    expect(failures[0]?.message).toMatch(/^could not fetch http:\/\/127\.0\.0\.1:1\/jwks\?…: /);
    expectNoSecret(JSON.stringify(failures), SECRET, 'the token in the JWKS URL');
  });

  it('a refused JWKS URL or issuer (not https, plain http to another machine)', async () => {
    const failures = await Promise.all([
      verifyTwice({ issuer: 'http://127.0.0.1:1', jwksUrl: `ftp://u:${SECRET}@keys.example.com/jwks.json` }),
      verifyTwice({ issuer: `http://u:${SECRET}@192.0.2.1` }),
    ]);
    for (const [failure] of failures) expect(failure?.code).toBe('ERR_VERIFY_CONFIG');
    expect(failures[0]?.[0]?.message).toContain('jwksUrl "ftp://keys.example.com/jwks.json" is not an https URL');
    expect(failures[1]?.[0]?.message).toContain('(http://192.0.2.1/.well-known/jwks.json, as jwksUrl is not given)');
    expectNoSecret(JSON.stringify(failures), SECRET, 'the password in the URL');
  });
});
