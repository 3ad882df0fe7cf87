/**
 * The OAuth endpoints' answers as strict clients read them (review s20, findings 6 and 7), from the
 * built broker: every `error_description` keeps to RFC 6749 §5.2's characters (no `"`, no `\`,
 * nothing outside printable ASCII), also when it quotes what the caller sent; a rate-limited
 * request is 429 with a code RFC 6749 registers (`temporarily_unavailable`) and `Retry-After`;
 * `requested_token_type` `…:jwt` is accepted (the access token is a JWT) and answered, as DESIGN §2
 * says, with `issued_token_type` access_token, through openid-client.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './stack.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const RFC6749_DESCRIPTION = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

const exchangeForm = async (extra: Record<string, string>) => ({
  grant_type: TOKEN_EXCHANGE,
  subject_token_type: ID_TOKEN_TYPE,
  subject_token: await stack.idToken(),
  ...extra,
});

describe('error_description in RFC 6749 §5.2 characters', () => {
  it('quotes what the caller sent with single quotes, and writes no non-ASCII character', async () => {
    const cases: Array<[string, Record<string, string>, string | RegExp]> = [
      [
        'a scope the job is not granted',
        await exchangeForm({ audience: 'warehouse', scope: 'deploy' }),
        /^scope 'deploy' is not granted to this job for project warehouse/,
      ],
      [
        'a scope with a non-ASCII letter, echoed',
        await exchangeForm({ audience: 'warehouse', scope: 'ré' }),
        /^scope 'r\?' is not granted/,
      ],
      [
        'a resource with a fragment',
        {
          grant_type: TOKEN_EXCHANGE,
          subject_token_type: ID_TOKEN_TYPE,
          subject_token: 'a.b.c',
          resource: 'https://api.warehouse.example.com#x',
        },
        /^resource 'https:\/\/api\.warehouse\.example\.com#x' has a fragment \(#\.\.\.\)/,
      ],
    ];
    for (const [what, form, expected] of cases) {
      const response = await post('/oauth2/token', form);
      const body = (await response.json()) as { error_description: string };
      expect(response.status, what).toBe(400);
      expect(body.error_description, what).toMatch(expected);
      expect(body.error_description, what).toMatch(RFC6749_DESCRIPTION);
    }
    const introspect = await post('/oauth2/introspect', { token: 'x' });
    expect(introspect.status).toBe(401);
    const body = (await introspect.json()) as { error_description: string };
    expect(body.error_description).toBe(
      'introspection needs a valid project API key as Authorization: Bearer stint_sk_...',
    );
  });

  it('a rate-limited exchange is 429 temporarily_unavailable with Retry-After, not the device flow’s slow_down', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await post('/oauth2/token', await exchangeForm({ audience: 'limited' }));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    const body = (await last!.json()) as { error: string; error_description: string };
    expect(body.error).toBe('temporarily_unavailable');
    expect(body.error_description).toMatch(RFC6749_DESCRIPTION);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

describe('requested_token_type', () => {
  it('…:jwt is accepted through openid-client and answered with issued_token_type access_token; the token is the same RFC 9068 access token', async () => {
    const config = await oidc.discovery(new URL(stack.url), 'ci-job', undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const tokens = await oidc.genericGrantRequest(config, TOKEN_EXCHANGE, {
      subject_token: await stack.idToken(),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: JWT_TYPE,
      audience: 'warehouse',
      scope: 'read',
    });
    expect(tokens).toMatchObject({ issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'bearer', scope: 'read' });
    const { payload } = await jwtVerify(
      tokens.access_token,
      createRemoteJWKSet(new URL(`${stack.url}/.well-known/jwks.json`)),
      {
        issuer: stack.url,
        audience: 'https://api.warehouse.example.com',
        typ: 'at+jwt',
      },
    );
    expect(payload).toMatchObject({ project: 'warehouse', scope: 'read' });
    // Not asked for: the access token type, as before.
    const plain = await post('/oauth2/token', await exchangeForm({ audience: 'warehouse' }));
    expect(await plain.json()).toMatchObject({ issued_token_type: ACCESS_TOKEN_TYPE });
    // Anything else is refused, naming both.
    const refused = await post(
      '/oauth2/token',
      await exchangeForm({ audience: 'warehouse', requested_token_type: 'urn:ietf:params:oauth:token-type:saml2' }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: 'invalid_request',
      error_description: `requested_token_type must be urn:ietf:params:oauth:token-type:access_token or ${JWT_TYPE}`,
    });
  });
});
