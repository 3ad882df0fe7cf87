import { createPublicKey, createSecretKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, exportJWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JwtAlg, parseSigningProfiles, type SigningProfile } from '../../src/signing/index.js';
import { signRequest } from '../../src/signing/sign.js';
import { verifyJwt, verifyStintToken } from '../../src/verify/index.js';

const NOW = 1_770_000_000_000;
const deps = { now: () => NOW, randomBytes };
const request = { method: 'POST', url: 'https://api.example.com/deploy?x=1', headers: {}, body: Buffer.from('{}') };

function parse(spec: Record<string, unknown>, env: Record<string, string> = {}): SigningProfile {
  return parseSigningProfiles({ p: spec }, { origin: 'action-input', env }).profiles.get('p') as SigningProfile;
}

function keyFor(alg: JwtAlg): { sign: string; verify: KeyObject } {
  if (alg.startsWith('HS')) {
    const secret = randomBytes(64).toString('base64url');
    return { sign: secret, verify: createSecretKey(Buffer.from(secret)) };
  }
  const pair =
    alg === 'EdDSA'
      ? generateKeyPairSync('ed25519')
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : alg === 'ES384'
          ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
          : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { sign: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), verify: pair.publicKey };
}

const ALGS: JwtAlg[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

describe.each(ALGS)('jwt %s', (alg) => {
  const key = keyFor(alg);
  const profile = parse({
    type: 'jwt',
    alg,
    key: key.sign,
    kid: 'ci-1',
    claims: { iss: 'ci.example', sub: 'deploy-bot', aud: 'deploy-api', team: 'blue' },
    ttl: '2m',
  });

  it('jose jwtVerify accepts the token, with iat, exp = iat + ttl and a fresh jti per request', async () => {
    const first = (await signRequest(profile, request, deps)).headers.Authorization as string;
    const second = (await signRequest(profile, request, deps)).headers.Authorization as string;
    expect(first).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const { payload, protectedHeader } = await jwtVerify(first.slice(7), key.verify, {
      algorithms: [alg],
      issuer: 'ci.example',
      audience: 'deploy-api',
      currentDate: new Date(NOW),
    });
    expect(protectedHeader).toEqual({ alg, typ: 'JWT', kid: 'ci-1' });
    expect(payload).toMatchObject({
      iss: 'ci.example',
      sub: 'deploy-bot',
      aud: 'deploy-api',
      team: 'blue',
      iat: NOW / 1000,
      exp: NOW / 1000 + 120,
    });
    expect(payload.jti).toMatch(/^[\w-]{22}$/);
    const { payload: again } = await jwtVerify(second.slice(7), key.verify, { currentDate: new Date(NOW) });
    expect(again.jti).not.toBe(payload.jti);
  });

  it('verifyJwt accepts it, and refuses it expired, tampered or under another algorithm', async () => {
    const token = ((await signRequest(profile, request, deps)).headers.Authorization as string).slice(7);
    const options = { algorithms: [alg], keys: [key.verify], audience: 'deploy-api', now: () => NOW };
    expect(await verifyJwt(token, options)).toMatchObject({ sub: 'deploy-bot' });
    await expect(verifyJwt(token, { ...options, now: () => NOW + 151_000 })).rejects.toMatchObject({
      code: 'ERR_TOKEN_EXPIRED',
      message: 'the token has expired',
    });
    const [h, p, s] = token.split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })).toString('base64url')}.${s}`;
    await expect(verifyJwt(forged, options)).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: 'the token signature does not verify with any trusted key',
    });
    const other: JwtAlg = alg === 'EdDSA' ? 'ES256' : 'EdDSA';
    await expect(verifyJwt(token, { ...options, algorithms: [other] })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
    });
  });
});

describe('verifyJwt rotation and replay', () => {
  const oldKey = generateKeyPairSync('ed25519');
  const newKey = generateKeyPairSync('ed25519');
  const pem = (k: KeyObject) => k.export({ format: 'pem', type: 'pkcs8' }).toString();

  it('accepts a token from the older key while both are trusted', async () => {
    const profile = parse({ type: 'jwt', alg: 'EdDSA', keys: [pem(oldKey.privateKey)] });
    const token = ((await signRequest(profile, request, deps)).headers.Authorization as string).slice(7);
    expect(
      await verifyJwt(token, { algorithms: ['EdDSA'], keys: [newKey.publicKey, oldKey.publicKey], now: () => NOW }),
    ).toHaveProperty('jti');
    await expect(
      verifyJwt(token, { algorithms: ['EdDSA'], keys: [newKey.publicKey], now: () => NOW }),
    ).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  });

  it('tries every trusted key across a change of key type (ES256 to EdDSA)', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const profile = parse({ type: 'jwt', alg: 'EdDSA', keys: [pem(newKey.privateKey)] });
    const token = ((await signRequest(profile, request, deps)).headers.Authorization as string).slice(7);
    expect(
      await verifyJwt(token, {
        algorithms: ['ES256', 'EdDSA'],
        keys: [ec.publicKey, newKey.publicKey],
        now: () => NOW,
      }),
    ).toHaveProperty('jti');
  });

  it('refuses an iat in the future, which would stretch the lifetime ceiling', async () => {
    const iat = Math.floor(NOW / 1000) + 365 * 86_400;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(newKey.privateKey);
    await expect(
      verifyJwt(token, { algorithms: ['EdDSA'], keys: [newKey.publicKey], now: () => NOW }),
    ).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: expect.stringContaining('the token is issued in the future'),
    });
  });

  it('refuses a replayed jti and an over-long lifetime', async () => {
    const profile = parse({ type: 'jwt', alg: 'EdDSA', key: pem(newKey.privateKey), header: 'X-Ci-Token', ttl: 3600 });
    const { headers } = await signRequest(profile, request, deps);
    expect(Object.keys(headers)).toEqual(['X-Ci-Token']);
    const token = headers['X-Ci-Token'] as string;
    const seen = new Set<string>();
    const options = {
      algorithms: ['EdDSA'] as JwtAlg[],
      keys: [createPublicKey(newKey.privateKey)],
      now: () => NOW,
      seen: (jti: string) => {
        if (seen.has(jti)) return true;
        seen.add(jti);
        return false;
      },
    };
    await verifyJwt(token, options);
    await expect(verifyJwt(token, options)).rejects.toMatchObject({
      code: 'ERR_TOKEN_REPLAYED',
      message: 'the token was already used (same jti)',
    });
    await expect(verifyJwt(token, { ...options, seen: undefined, maxLifetimeSec: 600 })).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
      message: 'the token lives 3600 s, longer than the 600 s allowed',
    });
  });
});

describe('verifyStintToken against a JWKS served on 127.0.0.1', () => {
  const brokerKey = generateKeyPairSync('ed25519');
  let server: Server;
  let issuer: string;
  let fetches = 0;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(brokerKey.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
    server = createServer((req, res) => {
      fetches++;
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const mint = (claims: Record<string, unknown>, typ = 'at+jwt', key: KeyObject = brokerKey.privateKey) =>
    new SignJWT({
      scope: 'read deploy',
      project: 'warehouse',
      client_id: 'github:acme/warehouse',
      ci: { provider: 'github', repository: 'acme/warehouse' },
      ...claims,
    })
      .setProtectedHeader({ alg: 'EdDSA', typ, kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('stint:warehouse')
      .setSubject('repo:acme/warehouse:ref:refs/heads/main')
      .setIssuedAt(NOW / 1000)
      .setNotBefore(NOW / 1000)
      .setExpirationTime(NOW / 1000 + 900)
      .setJti('j1')
      .sign(key);

  it('accepts a broker token with the scopes asked for, fetching the JWKS once', async () => {
    const token = await mint({});
    const claims = await verifyStintToken(token, {
      issuer,
      audience: 'stint:warehouse',
      requiredScopes: ['deploy'],
      now: () => NOW,
    });
    expect(claims).toMatchObject({
      project: 'warehouse',
      scope: 'read deploy',
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
    });
    await verifyStintToken(token, { issuer, audience: 'stint:warehouse', now: () => NOW });
    expect(fetches).toBe(1);
    expect(decodeProtectedHeader(token).typ).toBe('at+jwt');
  });

  it.each([
    [
      'a missing scope',
      {},
      'at+jwt',
      { requiredScopes: ['admin'] },
      'ERR_TOKEN_SCOPE',
      'the token lacks scope admin (it has: read deploy)',
    ],
    [
      'another audience',
      {},
      'at+jwt',
      { audience: 'stint:other' },
      'ERR_TOKEN_INVALID',
      'stint token rejected: audience: expected "stint:other", got "stint:warehouse"',
    ],
    ['a plain JWT (typ)', {}, 'JWT', {}, 'ERR_TOKEN_INVALID', undefined],
    [
      'an expired token',
      {},
      'at+jwt',
      { now: () => NOW + 1000_000 },
      'ERR_TOKEN_EXPIRED',
      'stint token rejected: it has expired; request a new one',
    ],
  ])('refuses %s', async (_, claims, typ, options, code, message) => {
    const token = await mint(claims, typ);
    await expect(
      verifyStintToken(token, { issuer, audience: 'stint:warehouse', now: () => NOW, ...options }),
    ).rejects.toMatchObject({ code, ...(message ? { message } : {}) });
  });

  it('refuses a token signed by a key not in the JWKS', async () => {
    const token = await mint({}, 'at+jwt', generateKeyPairSync('ed25519').privateKey);
    await expect(
      verifyStintToken(token, { issuer, audience: 'stint:warehouse', now: () => NOW }),
    ).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  });
});

describe('bearer', () => {
  it('sends a static token in Authorization, a named header or a query parameter', async () => {
    expect(await signRequest(parse({ type: 'bearer', token: 't0k' }), request, deps)).toEqual({
      headers: { Authorization: 'Bearer t0k' },
      credential: 't0k',
    });
    expect(
      await signRequest(parse({ type: 'bearer', tokens: ['new', 'old'], header: 'X-Api-Key' }), request, deps),
    ).toEqual({ headers: { 'X-Api-Key': 'new' }, credential: 'new' });
    expect(
      await signRequest(
        parse({ type: 'bearer', token_env: 'T', query: 'access_token' }, { T: 'a b&c' }),
        request,
        deps,
      ),
    ).toEqual({
      headers: {},
      url: 'https://api.example.com/deploy?x=1&access_token=a+b%26c',
      credential: 'a b&c',
    });
  });

  it('sends the stint token for source: stint, and says how to get one when it is missing', async () => {
    const profile = parse({ type: 'bearer', source: 'stint' });
    expect(await signRequest(profile, request, { ...deps, env: { STINT_TOKEN: 'eyJ.stint.token' } })).toEqual({
      headers: { Authorization: 'Bearer eyJ.stint.token' },
      credential: 'eyJ.stint.token',
    });
    await expect(signRequest(profile, request, { ...deps, env: {} })).rejects.toMatchObject({
      code: 'ERR_STINT_TOKEN_MISSING',
      message:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        'bearer profile "p" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: ${{ steps.<id>.outputs.token }}), or exports="$(stint exchange --broker URL --project P)" || exit 1; eval "$exports"',
    });
  });
});
