/**
 * RFC 8707 resource indicators on `/oauth2/token` and `/auth/oidc/exchange` (issue 21 item 1): a
 * `resource` that is a project's audience picks that project; one that no project serves is 400
 * `invalid_target`. Driven through oauth4webapi against the built broker, and the minted token is
 * checked with oauth4webapi's own RFC 9068 validator for that resource.
 */
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './stack.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const WAREHOUSE = 'https://api.warehouse.example.com';
const BILLING = 'https://billing.example.com/api';
const insecure = { [oauth.allowInsecureRequests]: true };

const SHARED = `  billing-a:
    audience: ${BILLING}
    shared_audience: true
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
  billing-b:
    audience: ${BILLING}
    shared_audience: true
    scopes: [write]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

let stack: Stack;
let as: oauth.AuthorizationServer;
const client: oauth.Client = { client_id: 'ci-job' };

beforeAll(async () => {
  stack = await startStack({ extraProjects: SHARED });
  const issuer = new URL(stack.url);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});
afterAll(async () => {
  await stack?.stop();
});

/**
 * RFC 8693 token exchange through oauth4webapi; the parsed response, or the error it throws.
 * A list of pairs may name a parameter more than once.
 */
async function tokenExchange(
  params: Record<string, string> | [string, string][],
): Promise<oauth.TokenEndpointResponse> {
  const body = new URLSearchParams(params);
  if (!body.has('subject_token_type')) body.set('subject_token_type', ID_TOKEN_TYPE);
  const response = await oauth.genericTokenEndpointRequest(as, client, oauth.None(), TOKEN_EXCHANGE, body, insecure);
  return oauth.processGenericTokenEndpointResponse(as, client, response);
}

async function refusal(params: Record<string, string> | [string, string][]): Promise<oauth.ResponseBodyError> {
  const error = await tokenExchange(params).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof oauth.ResponseBodyError)) throw new Error(`expected an OAuth error, got ${String(error)}`);
  return error;
}

/** The token's claims, validated as an RFC 9068 access token for `audience` by oauth4webapi. */
async function accessClaims(token: string, audience: string): Promise<oauth.JWTAccessTokenClaims> {
  const request = new Request(WAREHOUSE, { headers: { authorization: `Bearer ${token}` } });
  return oauth.validateJwtAccessToken(as, request, audience, insecure);
}

describe('resource on POST /oauth2/token', () => {
  it('picks the project whose audience is the resource URL; oauth4webapi validates the token for that resource', async () => {
    const tokens = await tokenExchange({ subject_token: await stack.idToken(), resource: WAREHOUSE });
    expect(tokens.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
    const claims = await accessClaims(tokens.access_token, WAREHOUSE);
    expect(claims).toMatchObject({ aud: WAREHOUSE, project: 'warehouse', scope: 'read write' });
  });

  it('matches the URL after normalisation (host case, default port, empty path), and the token carries the audience as configured', async () => {
    const tokens = await tokenExchange({
      subject_token: await stack.idToken(),
      resource: 'https://API.Warehouse.example.com:443/',
      scope: 'read',
    });
    expect(await accessClaims(tokens.access_token, WAREHOUSE)).toMatchObject({ aud: WAREHOUSE, scope: 'read' });
  });

  it('refuses a URL no project serves with 400 invalid_target before the ID token is spent', async () => {
    const idToken = await stack.idToken();
    const error = await refusal({ subject_token: idToken, resource: 'https://api.unknown.example.com' });
    expect(error).toMatchObject({ status: 400, error: 'invalid_target' });
    expect(error.error_description).toBe(
      "no project has the audience 'https://api.unknown.example.com'; give the URL exactly as the service's protected resource metadata names it (its 'resource'), or the project name",
    );
    expect(error.response.headers.get('www-authenticate')).toBeNull();
    // The same ID token still works once the resource is right: it was not spent.
    const tokens = await tokenExchange({ subject_token: idToken, resource: WAREHOUSE });
    expect((await accessClaims(tokens.access_token, WAREHOUSE)).project).toBe('warehouse');
    const refused = stack
      .auditText()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((event) => event.code === 'ERR_TARGET_UNKNOWN');
    expect(refused).toMatchObject({ event: 'exchange_denied', outcome: 'denied' });
  });

  it('refuses a fragment, a resource and audience that disagree, and a shared audience without the project', async () => {
    const subject_token = await stack.idToken();
    expect(await refusal({ subject_token, resource: `${WAREHOUSE}/#section` })).toMatchObject({
      error: 'invalid_target',
      error_description: expect.stringContaining('has a fragment'),
    });
    expect(await refusal({ subject_token, resource: WAREHOUSE, audience: 'billing-a' })).toMatchObject({
      error: 'invalid_target',
      error_description: `resource '${WAREHOUSE}' and audience 'billing-a' name different projects; give one, or several that agree`,
    });
    const ambiguous = await refusal({ subject_token, resource: BILLING });
    expect(ambiguous).toMatchObject({
      error: 'invalid_target',
      error_description: `resource '${BILLING}' is the audience of several projects (shared_audience); name the project too (audience or project=<name>)`,
    });
    // The answer names no project: an unauthenticated caller cannot list them.
    expect(ambiguous.error_description).not.toMatch(/billing-a|billing-b/);
    // Named beside the shared URL, the project is chosen.
    const tokens = await tokenExchange({ subject_token, resource: BILLING, audience: 'billing-b' });
    expect(await accessClaims(tokens.access_token, BILLING)).toMatchObject({ project: 'billing-b', scope: 'write' });
  });

  it('still answers an unknown project name with the generic denial after the token is checked', async () => {
    const error = await refusal({ subject_token: await stack.idToken(), resource: 'no-such-project' });
    expect(error).toMatchObject({ status: 400, error: 'invalid_request' });
  });

  it('cannot be used to confirm a project name: without a valid ID token, a right, a wrong and an unknown name beside a resource get one answer', async () => {
    // Review: a junk token with audience=GUESS beside the public URL answered invalid_target for a
    // wrong guess and the token's error for the right one, so a URL's project could be confirmed.
    const forged = { subject_token: 'x.y.z' };
    const answers = await Promise.all(
      ['no-such-project', 'billing-a', 'other', 'warehouse'].map((name) =>
        refusal({ ...forged, resource: WAREHOUSE, audience: name }),
      ),
    );
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 400, error: 'invalid_request' });
      expect(answer.error_description).toBe(answers[0]!.error_description);
    }
    expect(answers[0]!.error_description).not.toMatch(/different projects/);
  });

  it('answers resource and audience that disagree only once the ID token held, and does not spend it', async () => {
    const subject_token = await stack.idToken();
    const conflict = await refusal({ subject_token, resource: WAREHOUSE, audience: 'other' });
    expect(conflict).toMatchObject({ status: 400, error: 'invalid_target' });
    const audited = stack
      .auditText()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => event.code === 'ERR_TARGET_CONFLICT')
      .at(-1);
    // Refused after the token's checks: the audit line has the verified subject, and no project.
    expect(audited).toMatchObject({
      event: 'exchange_denied',
      outcome: 'denied',
      provider: 'github',
      subject: 'repo:acme/warehouse:ref:refs/heads/main',
    });
    expect(audited).not.toHaveProperty('project');
    const tokens = await tokenExchange({ subject_token, resource: WAREHOUSE });
    expect((await accessClaims(tokens.access_token, WAREHOUSE)).project).toBe('warehouse');
  });
});

describe('repeated resource and audience on POST /oauth2/token (RFC 8693 §2.1, RFC 8707 §2)', () => {
  it('accepts them when every value names the same project', async () => {
    for (const [targets, audience, project] of [
      [
        [
          ['resource', WAREHOUSE],
          ['resource', WAREHOUSE],
        ],
        WAREHOUSE,
        'warehouse',
      ],
      [
        [
          ['audience', 'warehouse'],
          ['audience', 'warehouse'],
        ],
        WAREHOUSE,
        'warehouse',
      ],
      [
        [
          ['resource', WAREHOUSE],
          ['resource', 'https://API.warehouse.example.com:443/'],
          ['audience', 'warehouse'],
          ['audience', 'stint:warehouse'],
        ],
        WAREHOUSE,
        'warehouse',
      ],
      [
        [
          ['resource', BILLING],
          ['resource', BILLING],
          ['audience', 'billing-a'],
        ],
        BILLING,
        'billing-a',
      ],
    ] as const) {
      const tokens = await tokenExchange([
        ['subject_token', await stack.idToken()],
        ...targets.map(([name, value]): [string, string] => [name, value]),
      ]);
      expect(await accessClaims(tokens.access_token, audience)).toMatchObject({ aud: audience, project });
    }
  });

  it('refuses values that name different projects as invalid_target, without spending the ID token', async () => {
    const subject_token = await stack.idToken();
    for (const targets of [
      [
        ['resource', WAREHOUSE],
        ['resource', 'other'],
      ],
      [
        ['audience', 'warehouse'],
        ['audience', 'other'],
      ],
      [
        ['resource', WAREHOUSE],
        ['resource', WAREHOUSE],
        ['audience', 'billing-b'],
      ],
    ] as [string, string][][]) {
      const error = await refusal([['subject_token', subject_token], ...targets]);
      expect(error).toMatchObject({ status: 400, error: 'invalid_target' });
      expect(error.error_description).toMatch(/name different projects; give one, or several that agree$/);
    }
    const tokens = await tokenExchange({ subject_token, resource: WAREHOUSE, scope: 'read' });
    expect(await accessClaims(tokens.access_token, WAREHOUSE)).toMatchObject({ project: 'warehouse', scope: 'read' });
  });

  it('still refuses any other parameter given twice (RFC 6749 §3.2)', async () => {
    const subject_token = await stack.idToken();
    const error = await refusal([
      ['subject_token', subject_token],
      ['resource', WAREHOUSE],
      ['scope', 'read'],
      ['scope', 'read'],
    ]);
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_request',
      error_description: 'parameter scope is repeated',
    });
  });
});

describe('resource on POST /auth/oidc/exchange', () => {
  it('names the project instead of project, or beside it', async () => {
    const alone = await stack.exchange({ token: await stack.idToken(), resource: WAREHOUSE, scope: 'read' });
    expect(alone.status).toBe(200);
    expect(alone.body).toMatchObject({ project: 'warehouse', scope: 'read' });
    expect(await accessClaims(alone.body.access_token as string, WAREHOUSE)).toMatchObject({ aud: WAREHOUSE });
    const both = await stack.exchange({ token: await stack.idToken(), project: 'warehouse', resource: WAREHOUSE });
    expect(both.body).toMatchObject({ project: 'warehouse' });
  });

  it('refuses an unknown URL or one that disagrees with project as 400 invalid_target, and a request with neither', async () => {
    const token = await stack.idToken();
    const unknown = await stack.exchange({ token, resource: 'https://nowhere.example.com/mcp' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid_target' });
    const conflict = await stack.exchange({ token, project: 'other', resource: WAREHOUSE });
    expect(conflict.status).toBe(400);
    expect(conflict.body).toMatchObject({ error: 'invalid_target' });
    const neither = await stack.exchange({ token });
    expect(neither.status).toBe(400);
    expect(neither.body).toMatchObject({
      error: 'invalid_request',
      error_description:
        "project is required and must be a string (or give resource, the URL of the project's audience)",
    });
    // None of these spent the ID token.
    expect((await stack.exchange({ token, resource: WAREHOUSE })).status).toBe(200);
  });

  it('gives a caller without a valid ID token the same answer for a right and a wrong project beside a resource', async () => {
    const answers = await Promise.all(
      ['warehouse', 'other', 'zzz'].map((project) => stack.exchange({ token: 'a.b.c', project, resource: WAREHOUSE })),
    );
    for (const { status, body } of answers) {
      expect(status).toBe(401);
      expect(body.error_description).toBe(answers[0]!.body.error_description);
    }
    expect(answers[0]!.body.error_description).toMatch(/not a JWT/);
  });
});
