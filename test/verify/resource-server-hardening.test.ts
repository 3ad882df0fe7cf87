/**
 * The resource-server side through the built `stint/verify` bundle, in a service process of its
 * own (receiver/resource-server.mjs, against a broker stand-in on 127.0.0.1). Each case is one a
 * review reproduced against the package: keys fetched over plain http, the documented Express
 * MCP set-up answering a request without a token with a 500, a JWKS age of 0 (every request a
 * fetch), public keys without PEM armour taken for HMAC secrets, a token's unverified header and
 * the accepted projects echoed in refusals, and an error code for a request without a token.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATH_WITH_THIS_NODE } from '../helpers/node.js';
import { run } from '../recipes/helpers.js';

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  value?: Record<string, unknown> & { body?: Record<string, unknown>; headers?: Record<string, string> };
}
interface Answer {
  status: number;
  challenge: string | null;
  body: string;
  records: Record<string, unknown>[];
}

let out: Record<string, unknown>;
const outcome = (name: string) => out[name] as Outcome;
const answer = (name: string) => out[name] as Answer;
const config = (message: RegExp) => ({ ok: false, code: 'ERR_VERIFY_CONFIG', message: expect.stringMatching(message) });

beforeAll(async () => {
  const result = await run(process.execPath, [resolve(import.meta.dirname, 'receiver/resource-server.mjs')], {
    env: { PATH: PATH_WITH_THIS_NODE },
  });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  out = JSON.parse(result.stdout) as Record<string, unknown>;
}, 120_000);

describe('keys and the introspection API key go over https only (plain http to loopback for tests)', () => {
  it('verifyStintToken refuses an http issuer or jwksUrl to another machine, before fetching anything', () => {
    expect(outcome('http issuer')).toEqual(
      config(
        /^verifyStintToken: issuer http:\/\/stint\.example\.com is plain http to another machine, and the broker's keys are fetched from it \(http:\/\/stint\.example\.com\/\.well-known\/jwks\.json, as jwksUrl is not given\): anyone on the path could serve their own keys, and every token they sign would pass; use the broker's https URL \(http:\/\/ is only for localhost, 127\.0\.0\.0\/8 and ::1; for a private CA, start Node with NODE_EXTRA_CA_CERTS=\/path\/ca\.pem\)$/,
      ),
    );
    expect(outcome('http jwksUrl')).toEqual(
      config(/^verifyStintToken: jwksUrl http:\/\/keys\.example\.com is plain http to another machine/),
    );
    expect(outcome('ftp jwksUrl')).toEqual(
      config(/^verifyStintToken: jwksUrl "ftp:\/\/keys\.example\.com\/jwks\.json" is not an https URL/),
    );
    expect(out.asked).toEqual([]);
  });

  it('verifyStintToken accepts plain http to 127.0.0.1 (a test or local broker)', () => {
    expect(outcome('loopback issuer')).toMatchObject({ ok: true, value: { project: 'tools' } });
  });

  it('protectedResource refuses them when it is built: the issuer, jwksUrl, introspection and resource', () => {
    expect(outcome('guard http issuer')).toEqual(
      config(/^protectedResource: issuer http:\/\/stint\.example\.com is plain http to another machine/),
    );
    expect(outcome('guard http jwksUrl')).toEqual(
      config(/^protectedResource: jwksUrl http:\/\/10\.0\.0\.5 is plain http/),
    );
    // Local keys fetch nothing, but introspection sends the project API key to the issuer.
    expect(outcome('guard http introspection')).toEqual(
      config(
        /^protectedResource: issuer http:\/\/stint\.example\.com is plain http to another machine, and with introspection, the API key is sent to it \(http:\/\/stint\.example\.com\/oauth2\/introspect\): anyone on the path could read the API key/,
      ),
    );
    expect(outcome('guard http resource')).toEqual(
      config(
        /^resource http:\/\/mcp\.internal\.example\.com\/mcp must be an https URL \(http:\/\/ is only for localhost/,
      ),
    );
    expect(outcome('guard loopback resource')).toEqual({
      ok: true,
      value: 'http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp',
    });
    expect(outcome('guard localhost introspection')).toMatchObject({ ok: true });
  });
});

describe("the documented Express MCP set-up (docs/mcp.md): the token first, then the body's scopes", () => {
  const challenge =
    'Bearer resource_metadata="https://mcp.internal.example.com/.well-known/oauth-protected-resource/mcp"';

  it('no token, with a text/plain body or none: 401 with the bare challenge, no error code, one record', () => {
    for (const name of ['no token, text/plain', 'no token, no body']) {
      const { status, challenge: sent, body, records } = answer(name);
      expect({ status, challenge: sent, body: JSON.parse(body) }, name).toEqual({
        status: 401,
        challenge,
        body: { error_description: 'this service needs a stint token: Authorization: Bearer …' },
      });
      expect(records, name).toEqual([
        { outcome: 'refused', status: 401, required_scopes: [], code: 'ERR_TOKEN_MISSING' },
      ]);
    }
  });

  it('a forged token with a text/plain body: 401 invalid_token, the body never looked at', () => {
    const { status, challenge: sent, records } = answer('forged token, text/plain');
    expect(status).toBe(401);
    expect(sent).toMatch(/^Bearer error="invalid_token", error_description="[^"]*", resource_metadata="/);
    expect(records).toEqual([
      expect.objectContaining({ status: 401, error: 'invalid_token', code: 'ERR_TOKEN_INVALID' }),
    ]);
  });

  it('a good token with a text/plain body, or no body and no type: 400 invalid_request, not a 500', () => {
    for (const name of ['good token, text/plain', 'good token, no body']) {
      const { status, body, records } = answer(name);
      expect({ status, body: JSON.parse(body) }, name).toEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'this request needs a JSON body (Content-Type: application/json)',
        },
      });
      expect(records, name).toEqual([
        expect.objectContaining({
          status: 400,
          error: 'invalid_request',
          code: 'ERR_REQUEST_NOT_JSON',
          project: 'tools',
        }),
      ]);
    }
  });

  it("a good token with JSON: the tool's scope decides (403 naming it), and a token with it passes", () => {
    const refused = answer('good token, json, no scope');
    expect(refused.status).toBe(403);
    expect(refused.challenge).toMatch(/error="insufficient_scope".*scope="deploy"/);
    expect(refused.records).toEqual([
      expect.objectContaining({ status: 403, code: 'ERR_TOKEN_SCOPE', required_scopes: ['deploy'] }),
    ]);
    const allowed = answer('good token, json, scope');
    expect({ status: allowed.status, body: allowed.body }).toEqual({ status: 200, body: '{"ok":true}' });
  });
});

describe('the documented Fastify MCP set-up, and a guard before the JSON parser (review, December, M2)', () => {
  it('Fastify: a good token with a text/plain body (parsed to a string) or none is 400 invalid_request, as on Express', () => {
    for (const name of ['fastify, good token, text/plain', 'fastify, good token, no body']) {
      const { status, body, records } = answer(name);
      expect({ status, body: JSON.parse(body) }, name).toEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'this request needs a JSON body (Content-Type: application/json)',
        },
      });
      expect(records, name).toEqual([
        expect.objectContaining({
          status: 400,
          error: 'invalid_request',
          code: 'ERR_REQUEST_NOT_JSON',
          project: 'tools',
        }),
      ]);
    }
    expect(answer('fastify, good token, json, no scope')).toMatchObject({
      status: 403,
      records: [expect.objectContaining({ status: 403, code: 'ERR_TOKEN_SCOPE', required_scopes: ['deploy'] })],
    });
  });

  it('a JSON request whose body was not parsed is the set-up (500), and onAccess gets its one record', () => {
    for (const name of ['fastify onRequest, good token, json', 'express before parser, good token, json']) {
      const { status, body, records } = answer(name);
      expect({ status, body: JSON.parse(body) }, name).toEqual({ status: 500, body: { next: 'ERR_VERIFY_CONFIG' } });
      expect(records, name).toEqual([
        expect.objectContaining({
          outcome: 'refused',
          status: 500,
          code: 'ERR_VERIFY_CONFIG',
          reason: expect.stringMatching(/^mcpToolScopes needs the parsed JSON body, got undefined/),
          project: 'tools',
          token_fingerprint: expect.any(String),
        }),
      ]);
    }
  });
});

describe('jwksMaxAgeSec is bounded below by the 10 s refetch interval', () => {
  it('0, 9 or NaN is ERR_VERIFY_CONFIG in verifyStintToken and protectedResource, before any fetch; 10 works', () => {
    for (const age of ['0', '9', 'NaN']) {
      expect(outcome(`max age ${age}`), age).toEqual(
        config(new RegExp(`^verifyStintToken: jwksMaxAgeSec must be a number of seconds from 10 to 86400, got ${age}`)),
      );
      expect(outcome(`guard max age ${age}`), age).toEqual(
        config(/^protectedResource: jwksMaxAgeSec must be a number of seconds from 10 to 86400/),
      );
    }
    expect(out['fetches for refused ages']).toBe(0);
    expect(outcome('max age 10')).toMatchObject({ ok: true, value: { project: 'tools' } });
  });
});

describe('verifyJwt never takes a public key without PEM armour for an HMAC secret', () => {
  it('DER bytes, their base64, a PKCS#1 RSA key or a JWKS text, with only HS256 accepted: ERR_VERIFY_CONFIG', () => {
    for (const name of ['DER bytes', 'base64 DER', 'PKCS#1 DER'])
      expect(outcome(`HS256 only, ${name}`), name).toEqual(
        config(/^verifyJwt: keys\[0\] is a public key \(PEM, DER, JWK or KeyObject\), which cannot verify HS256/),
      );
    expect(outcome('HS256 only, JWKS text')).toEqual(
      config(/^verifyJwt: keys\[0\] is a JWKS \(a JSON key set\), not one key: give its keys one by one/),
    );
  });

  it("DER bytes or base64 DER verify the pair's ES256 tokens as a public key, and refuse an HS256 forgery", () => {
    for (const name of ['DER bytes', 'base64 DER']) {
      expect(outcome(`ES256 with ${name}`), name).toMatchObject({ ok: true, value: { sub: 'ci' } });
      expect(outcome(`HS256 forgery with ${name}`), name).toEqual({
        ok: false,
        code: 'ERR_TOKEN_INVALID',
        message: 'the token is signed with HS256, and no trusted key is an HMAC secret',
      });
    }
    // An ordinary secret, base64 or not, stays a secret.
    expect(outcome('HS256 with a base64 secret')).toMatchObject({ ok: true, value: { sub: 'anyone' } });
  });
});

describe("refusals never echo the token's unverified header, nor the projects a service accepts", () => {
  it('an unknown crit: a fixed description in the 401; the reason in onAccess escaped and capped', () => {
    const refused = outcome('crit, guard').value!;
    expect(refused).toMatchObject({
      ok: false,
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'stint token rejected: its header or signature is not acceptable (ERR_JOSE_NOT_SUPPORTED)',
      },
    });
    expect(refused.headers?.['www-authenticate']).not.toContain('INJECTED');
    const reason = (out['crit, record'] as { reason: string }).reason;
    expect(reason.length).toBeLessThanOrEqual(300);
    expect([...reason].filter((c) => c < ' ' || (c >= '\u007f' && c <= '\u009f'))).toEqual([]);
    expect(reason).toContain('\\u001b[31mINJECTED');
    expect(outcome('crit, verifyJwt')).toEqual({
      ok: false,
      code: 'ERR_TOKEN_INVALID',
      message: "the token's header or signature is not acceptable (ERR_JOSE_NOT_SUPPORTED)",
    });
  });

  it('an alg that is not one: verifyJwt does not quote it', () => {
    expect(outcome('odd alg, verifyJwt')).toMatchObject({
      message: 'the token is signed with an unknown alg, not one of the accepted ES256',
    });
  });

  it("another project's token: the client is not told which projects the service accepts; onAccess is", () => {
    const refused = outcome('other project, guard').value!;
    expect(refused).toMatchObject({
      ok: false,
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'stint token rejected: it is for project "billing", which this service does not accept',
      },
    });
    expect(JSON.stringify(refused)).not.toContain('secret-ops');
    expect(out['other project, record']).toMatchObject({
      code: 'ERR_TOKEN_PROJECT',
      reason:
        'stint token rejected: it is for project "billing", which this service does not accept (it accepts "tools", "secret-ops")',
    });
  });
});
