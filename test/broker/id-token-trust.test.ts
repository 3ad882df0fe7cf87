import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { oauthDescription } from '../../src/lib/oauth-description.js';
import { ciDescriptor } from '../../src/providers/index.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * The trust decision of the BUILT broker against an issuer this test controls (two issuers, a
 * GitHub-shaped one at /gh and a Buildkite-shaped one at /bk, whose keys and claims it chooses):
 * why a key cannot verify a token, `aud` lists and `azp`, the ceiling on an ID token's age, the
 * environment flag on a customised subject, a denial hint that names the differing field, and a
 * provider audience that is another service's, at start and on reload.
 * `stint policy check`/`policy test` of the same: test/policy/trust-decision.test.ts.
 */

interface Key {
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

function publish(pair: { privateKey: KeyObject; publicKey: KeyObject }, fields: Record<string, unknown>): Key {
  return { privateKey: pair.privateKey, jwk: { ...pair.publicKey.export({ format: 'jwk' }), ...fields } };
}

const keys = {
  rs: publish(generateKeyPairSync('rsa', { modulusLength: 2048 }), { kid: 'rs', alg: 'RS256', use: 'sig' }),
  ed: publish(generateKeyPairSync('ed25519'), { kid: 'ed', use: 'sig' }),
  enc: publish(generateKeyPairSync('rsa', { modulusLength: 2048 }), { kid: 'enc', use: 'enc' }),
};
/** Signs ES256 tokens; never published. */
const unpublished = generateKeyPairSync('ec', { namedCurve: 'P-256' });

let server: Server;
let origin: string;
let broker: RunningBroker;

function config(githubAudience = ''): string {
  return [
    `issuer: https://stint.test`,
    'keys: { dir: keys, algorithm: EdDSA }',
    'audit: { file: audit.jsonl }',
    'providers:',
    `  github: { issuer: ${origin}/gh, allow_insecure: true, algorithms: [RS256, ES256]${githubAudience} }`,
    `  buildkite: { issuer: ${origin}/bk, allow_insecure: true }`,
    'projects:',
    '  warehouse:',
    '    scopes: [read, deploy]',
    '    trust:',
    '      - provider: github',
    '        subject: repo:acme/warehouse:ref:refs/heads/main',
    '        claims: { repository_owner_id: "1234567" }',
    '        scopes: [read]',
    '      - provider: github',
    '        subject: repository_owner_id:1234567:environment:production',
    '        scopes: [deploy]',
    '      - provider: buildkite',
    '        subject: organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:deploy',
    '        scopes: [deploy]',
    '',
  ].join('\n');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const match = /^\/(gh|bk)(\/.*)$/.exec(req.url ?? '');
    if (match?.[2] === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: `${origin}/${match[1]}`, jwks_uri: `${origin}/${match[1]}/jwks` }));
    } else if (match?.[2] === '/jwks') {
      res.end(JSON.stringify({ keys: Object.values(keys).map((k) => k.jwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  broker = await startBroker({ configYaml: config() });
});
afterAll(async () => {
  await broker?.stop();
  server?.closeAllConnections();
  await new Promise<void>((done) => server?.close(() => done()));
});

/** A token signed with `key` (RS256 with the `rs` key unless said), whose header names `kid` unless it is null. */
function token(
  claims: Record<string, unknown>,
  options: { kid?: string | null; alg?: 'RS256' | 'ES256'; signWith?: KeyObject } = {},
): string {
  const alg = options.alg ?? 'RS256';
  const kid = options.kid === undefined ? 'rs' : options.kid;
  const header = { alg, typ: 'JWT', ...(kid === null ? {} : { kid }) };
  const signed = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const key = options.signWith ?? keys.rs.privateKey;
  const signature =
    alg === 'ES256'
      ? sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(signed), key);
  return `${signed}.${signature.toString('base64url')}`;
}

/** GitHub's example claims for a push to main of acme/warehouse, for the broker, fresh. */
function github(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    ...ciDescriptor('github').claims.example(`${origin}/gh`, 'https://stint.test'),
    jti: randomUUID(),
    iat: now,
    nbf: now - 5,
    exp: now + 300,
    ...extra,
  };
}

async function exchange(jwt: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: jwt, project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface AuditEvent {
  event: string;
  outcome?: string;
  code?: string;
  reason?: string;
  request_id?: string;
  flags?: string[];
  subject?: string;
}

function audit(): AuditEvent[] {
  return readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEvent);
}

/** The audit event of an answer: a refusal's `request_id`, or a grant's `audit_id`. */
async function audited(body: Record<string, unknown>): Promise<AuditEvent> {
  const id = body.request_id ?? body.audit_id;
  expect(typeof id).toBe('string');
  let found: AuditEvent | undefined;
  await vi.waitFor(
    () => {
      found = audit().find((e) => e.request_id === id);
      expect(found).toBeDefined();
    },
    { timeout: 30_000, interval: 50 },
  );
  return found!;
}

describe('a token no published key can verify (ERR_TOKEN_KEY_UNKNOWN)', () => {
  it.each([
    [
      'a kid nobody published',
      () => token(github(), { kid: 'made-up' }),
      () => `no signing key of ${origin}/gh has the token's kid "made-up"`,
    ],
    [
      'the kid of an Ed25519 key, RS256',
      () => token(github(), { kid: 'ed' }),
      () =>
        `the key of ${origin}/gh with the token's kid "ed" cannot verify this token: it is a "OKP" key ("Ed25519"), and RS256 needs an RSA key`,
    ],
    [
      'the kid of a use:enc RSA key',
      () => token(github(), { kid: 'enc' }),
      () =>
        `the key of ${origin}/gh with the token's kid "enc" cannot verify this token: it is published for use "enc", not sig (signatures)`,
    ],
    [
      'no kid, ES256, no EC key published',
      () => token(github(), { kid: null, alg: 'ES256', signWith: unpublished.privateKey }),
      () => `the token names no kid, and no signing key of ${origin}/gh can verify ES256`,
    ],
  ])('%s: 401 saying why, and the audit log says the same', async (_name, make, description) => {
    const answer = await exchange(make());
    expect(answer).toMatchObject({
      status: 401,
      body: { error: 'invalid_token', error_description: oauthDescription(description()) },
    });
    expect(await audited(answer.body)).toMatchObject({ code: 'ERR_TOKEN_KEY_UNKNOWN', reason: description() });
  });
});

describe('aud lists and azp', () => {
  it('a list naming another service too is refused; a list of the broker alone is not', async () => {
    const shared = await exchange(token(github({ aud: ['https://evil.example', 'https://stint.test'] })));
    const description =
      'token audience lists other services besides https://stint.test ("https://evil.example"); each of them could exchange this token here before the job does: request an ID token whose only audience is https://stint.test';
    expect(shared).toMatchObject({ status: 401, body: { error_description: oauthDescription(description) } });
    expect(await audited(shared.body)).toMatchObject({ code: 'ERR_TOKEN_AUDIENCE', reason: description });
    expect((await exchange(token(github({ aud: ['https://stint.test'] })))).status).toBe(200);
  });

  it('azp naming another party is refused; azp naming the broker is not', async () => {
    const other = await exchange(token(github({ azp: 'some-client' })));
    expect(other).toMatchObject({
      status: 401,
      body: {
        error_description:
          "token was issued to another party (azp 'some-client'), not https://stint.test: request an ID token for https://stint.test alone",
      },
    });
    expect((await exchange(token(github({ azp: 'https://stint.test' })))).status).toBe(200);
  });
});

describe('the ceiling on an ID token’s age (ERR_TOKEN_TOO_OLD)', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('a token issued ten years ago with a far exp is refused', async () => {
    const old = await exchange(token(github({ iat: now() - 10 * 365 * 86400, nbf: undefined, exp: 1e300 })));
    const description =
      'token was issued more than 24 h ago (iat); the broker exchanges an ID token only within 24 h of its issue: exchange a fresh one (a GitLab job: exchange at its start)';
    expect(old).toMatchObject({ status: 401, body: { error_description: oauthDescription(description) } });
    expect(await audited(old.body)).toMatchObject({ code: 'ERR_TOKEN_TOO_OLD', reason: description });
  });

  it('a token issued 25 h ago that has not expired is refused; one issued 23 h ago is not', async () => {
    expect(
      (await exchange(token(github({ iat: now() - 25 * 3600, nbf: undefined, exp: now() + 3600 })))).body
        .error_description,
    ).toMatch(/^token was issued more than 24 h ago \(iat\)/);
    expect((await exchange(token(github({ iat: now() - 23 * 3600, nbf: undefined, exp: now() + 3600 })))).status).toBe(
      200,
    );
  });

  it('a token that says neither iat nor nbf may not expire more than 24 h from now', async () => {
    const far = await exchange(token(github({ iat: undefined, nbf: undefined, exp: 1e300 })));
    expect(far).toMatchObject({
      status: 401,
      body: {
        error_description:
          'token has no iat or nbf and expires more than 24 h from now; the broker exchanges an ID token only within 24 h of its issue: exchange one that says when it was issued',
      },
    });
    expect((await exchange(token(github({ iat: undefined, nbf: undefined, exp: now() + 3600 })))).status).toBe(200);
  });

  it('a fresh token with exp 1e300 is exchanged once, then refused as a replay', async () => {
    const jwt = token(github({ exp: 1e300 }));
    expect((await exchange(jwt)).status).toBe(200);
    expect((await exchange(jwt)).body.error_description).toMatch(/already exchanged/);
  });
});

describe('the environment flag on a customised GitHub subject', () => {
  it('a rule naming environment:production pins it: the exchange is not flagged', async () => {
    const answer = await exchange(
      token(github({ sub: 'repository_owner_id:1234567:environment:production', environment: 'production' })),
    );
    expect(answer.status).toBe(200);
    const event = await audited(answer.body);
    expect(event).toMatchObject({ outcome: 'success' });
    expect(event.flags ?? []).toEqual([]);
  });
});

describe('a Buildkite denial names the step that differs', () => {
  it('a job on main in step build is told its step, not its ref', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      ...ciDescriptor('buildkite').claims.example(`${origin}/bk`, 'https://stint.test'),
      sub: 'organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:d6cd1e2bd19e03a81132a23b2025920577f84e37:step:build',
      step_key: 'build',
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
    };
    const answer = await exchange(token(claims));
    expect(answer).toMatchObject({
      status: 403,
      body: { error_description: 'step build is not allowed for project warehouse' },
    });
  });
});

describe('a provider audience that is another service’s', () => {
  it('stops `stint serve` at start with the config error', async () => {
    const refused = startBroker({ configYaml: config(', audience: sts.amazonaws.com') });
    await expect(refused).rejects.toThrow(
      /stint\.yml:5:\d+: providers\.github\.audience 'sts\.amazonaws\.com' is AWS STS's audience \(AssumeRoleWithWebIdentity\): an ID token a job gets with that audience is made for another service/,
    );
  });

  it('refuses a reload that sets one (the old config serves on), and warns on a reload with an audience that is not the issuer', async () => {
    const file = join(broker.dir, 'stint.yml');
    const offset = broker.output().length;
    writeFileSync(file, config(', audience: "https://github.com/acme"'));
    broker.process.kill('SIGHUP');
    await vi.waitFor(
      () =>
        expect(broker.output().slice(offset)).toMatch(
          /reload of .*stint\.yml refused, the previous config still serves: .*stint\.yml:5:\d+: providers\.github\.audience 'https:\/\/github\.com\/acme' is GitHub's default audience/,
        ),
      { timeout: 60_000, interval: 50 },
    );
    expect((await exchange(token(github()))).status).toBe(200);

    const next = broker.output().length;
    writeFileSync(file, config(', audience: https://stint.test/github'));
    broker.process.kill('SIGHUP');
    await vi.waitFor(
      () =>
        expect(broker.output().slice(next)).toContain(
          "providers.github.audience 'https://stint.test/github' is not the broker's issuer 'https://stint.test': any service that is also given ID tokens with this audience could exchange them here",
        ),
      { timeout: 60_000, interval: 50 },
    );
  });
});
