/**
 * `POST /oauth2/token` and the RFC 8414 metadata, as an OAuth client library sees them (issue 14
 * item 18): refusals are RFC 8693 §2.2.2 / RFC 6749 §5.2 errors (400, never WWW-Authenticate), so
 * openid-client (oauth4webapi) reports an OAuth error instead of an authentication challenge.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './stack.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

let stack: Stack;
let config: oidc.Configuration;
beforeAll(async () => {
  stack = await startStack();
  config = await oidc.discovery(new URL(stack.url), 'stint-tests', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** The exchange through openid-client; resolves to the error it throws (or fails the test). */
async function refusal(params: Record<string, string>): Promise<unknown> {
  try {
    await oidc.genericGrantRequest(config, TOKEN_EXCHANGE, { subject_token_type: ID_TOKEN_TYPE, ...params });
  } catch (error) {
    return error;
  }
  throw new Error('the exchange was not refused');
}

/** The same request by hand, for the status and headers. */
async function raw(params: Record<string, string>): Promise<Response> {
  return fetch(`${stack.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: TOKEN_EXCHANGE, subject_token_type: ID_TOKEN_TYPE, ...params }),
  });
}

describe('RFC 8414 metadata', () => {
  it('answers /.well-known/oauth-authorization-server with the discovery document; openid-client finds it in oauth2 mode', async () => {
    const [oauth, openid] = await Promise.all([
      fetch(`${stack.url}/.well-known/oauth-authorization-server`),
      fetch(`${stack.url}/.well-known/openid-configuration`),
    ]);
    expect(oauth.status).toBe(200);
    expect(await oauth.json()).toEqual(await openid.json());
    const viaOauth2 = await oidc.discovery(new URL(stack.url), 'stint-tests', undefined, oidc.None(), {
      algorithm: 'oauth2',
      execute: [oidc.allowInsecureRequests],
    });
    expect(viaOauth2.serverMetadata()).toMatchObject({
      issuer: stack.url,
      token_endpoint: `${stack.url}/oauth2/token`,
    });
    // The exchange works through the configuration found there.
    const tokens = await oidc.genericGrantRequest(viaOauth2, TOKEN_EXCHANGE, {
      subject_token: await stack.idToken(),
      subject_token_type: ID_TOKEN_TYPE,
      resource: 'warehouse',
    });
    expect(tokens.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
  });

  it('is public, so it names no trusted CI provider: neither document holds a configured issuer', async () => {
    const issuerHost = new URL(stack.issuer.url).host;
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const response = await fetch(`${stack.url}${path}`);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      // The broker's own URLs are in it; the GitHub-shaped issuer it trusts (another port) is not.
      expect(text, path).toContain(stack.url);
      expect(text, path).not.toContain(issuerHost);
      expect(Object.keys(JSON.parse(text) as object), path).not.toContain('trusted_providers');
    }
  });
});

describe('POST /oauth2/token parameters sent without a value (RFC 6749 §3.2: as if omitted)', () => {
  it('an empty grant_type is a missing one: 400 invalid_request, not unsupported_grant_type', async () => {
    const response = await raw({ grant_type: '', subject_token: await stack.idToken(), resource: 'warehouse' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: `grant_type must be ${TOKEN_EXCHANGE}`,
    });
    // A grant_type that is there and wrong is still unsupported_grant_type.
    const other = await raw({
      grant_type: 'client_credentials',
      subject_token: await stack.idToken(),
      resource: 'warehouse',
    });
    expect(await other.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('empty requested_token_type, ttl, scope, audience and actor parameters are not sent: each exchange gets the defaults', async () => {
    const names = ['requested_token_type', 'ttl', 'scope', 'audience', 'actor_token', 'actor_token_type'];
    const answers: Record<string, unknown> = {};
    for (const name of names) {
      const response = await raw({ subject_token: await stack.idToken(), resource: 'warehouse', [name]: '' });
      const { issued_token_type, expires_in, scope, error_description } = (await response.json()) as Record<
        string,
        unknown
      >;
      answers[name] = { status: response.status, issued_token_type, expires_in, scope, error_description };
    }
    // warehouse's ttl is 15m, and its rule grants read and write.
    const granted = {
      status: 200,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      expires_in: 900,
      scope: 'read write',
      error_description: undefined,
    };
    expect(answers).toEqual(Object.fromEntries(names.map((name) => [name, granted])));
  });

  it('an empty value still counts as a use of its name: a parameter named twice is refused', async () => {
    const send = async (pairs: [string, string][]): Promise<Response> => {
      const body = new URLSearchParams({
        grant_type: TOKEN_EXCHANGE,
        subject_token_type: ID_TOKEN_TYPE,
        subject_token: await stack.idToken(),
      });
      for (const [name, value] of pairs) body.append(name, value);
      return fetch(`${stack.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    };
    const response = await send([
      ['resource', 'warehouse'],
      ['scope', ''],
      ['scope', 'read'],
    ]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'parameter scope is repeated',
    });
    // resource and audience may be repeated (RFC 8693 §2.1): an empty one is left out, as ever.
    const repeated = await send([
      ['resource', ''],
      ['resource', 'warehouse'],
    ]);
    expect(repeated.status).toBe(200);
  });
});

describe('POST /oauth2/token refusals', () => {
  it('a replayed, forged, expired or garbled subject_token is 400 invalid_request, never a WWW-Authenticate challenge', async () => {
    const used = await stack.idToken();
    await oidc.genericGrantRequest(config, TOKEN_EXCHANGE, {
      subject_token: used,
      subject_token_type: ID_TOKEN_TYPE,
      resource: 'warehouse',
    });
    const now = Math.floor(Date.now() / 1000);
    const cases = {
      replayed: used,
      forged: await stack.issuer.mint({ aud: stack.url }, { key: stack.issuer.rogueKey }),
      expired: await stack.idToken({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
      garbled: 'not.a.jwt',
    };
    for (const [name, subject_token] of Object.entries(cases)) {
      const error = await refusal({ subject_token, resource: 'warehouse' });
      expect(error, name).toBeInstanceOf(oidc.ResponseBodyError);
      expect(error, name).toMatchObject({ status: 400, error: 'invalid_request' });
      const response = await raw({ subject_token, resource: 'warehouse' });
      expect(response.status, name).toBe(400);
      expect(response.headers.get('www-authenticate'), name).toBeNull();
      expect(await response.json(), name).toMatchObject({ error: 'invalid_request', request_id: expect.any(String) });
    }
  });

  it('a policy denial, an unknown project and a scope beyond the grant are 400 OAuth errors', async () => {
    const denied = await refusal({
      subject_token: await stack.idToken({
        sub: 'repo:mallory/tools:ref:refs/heads/main',
        repository: 'mallory/tools',
        repository_owner: 'mallory',
        repository_owner_id: '999',
      }),
      resource: 'warehouse',
    });
    expect(denied).toBeInstanceOf(oidc.ResponseBodyError);
    expect(denied).toMatchObject({ status: 400, error: 'invalid_request' });

    // An unknown project gets the answer a stranger's denial gets: which projects exist is not disclosed.
    const unknown = await refusal({ subject_token: await stack.idToken(), resource: 'no-such-project' });
    expect(unknown).toMatchObject({ status: 400, error: 'invalid_request' });
    expect((unknown as oidc.ResponseBodyError).error_description).toBe(
      (denied as oidc.ResponseBodyError).error_description,
    );

    const scope = await refusal({ subject_token: await stack.idToken(), resource: 'warehouse', scope: 'deploy' });
    expect(scope).toBeInstanceOf(oidc.ResponseBodyError);
    expect(scope).toMatchObject({ status: 400, error: 'invalid_scope' });
  });

  it('refuses delegation: actor_token, with or without actor_token_type, and actor_token_type alone are 400 invalid_request, and the ID token is not spent', async () => {
    const ACTOR_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
    const notAccepted =
      'actor_token is not accepted: stint does not support delegation (RFC 8693 section 1.1); send the subject_token alone';
    const idToken = await stack.idToken();
    const cases: Array<[string, Record<string, string>, string]> = [
      ['actor_token alone', { actor_token: 'garbage' }, notAccepted],
      ['actor_token with its type', { actor_token: await stack.idToken(), actor_token_type: ACTOR_TYPE }, notAccepted],
      [
        'actor_token_type alone',
        { actor_token_type: ACTOR_TYPE },
        'actor_token_type is given without actor_token (RFC 8693 section 2.1); leave it out',
      ],
    ];
    for (const [name, extra, description] of cases) {
      const error = await refusal({ subject_token: idToken, resource: 'warehouse', ...extra });
      expect(error, name).toBeInstanceOf(oidc.ResponseBodyError);
      const { status, error: code, error_description } = error as oidc.ResponseBodyError;
      expect({ case: name, status, error: code, error_description }).toEqual({
        case: name,
        status: 400,
        error: 'invalid_request',
        error_description: description,
      });
    }
    // Empty parameters count as not sent (RFC 6749 §3.2); the ID token refused above is still good.
    const granted = await raw({ subject_token: idToken, resource: 'warehouse', actor_token: '', actor_token_type: '' });
    expect(granted.status).toBe(200);
    expect(stack.auditText()).toContain('"code":"ERR_ACTOR_TOKEN_UNSUPPORTED"');
  });

  it('keeps 401 invalid_token with WWW-Authenticate on /auth/oidc/exchange, which is not an OAuth token endpoint', async () => {
    const response = await stack.exchange({ token: 'not.a.jwt', project: 'warehouse' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});
