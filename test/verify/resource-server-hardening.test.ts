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

let out: Record<string, unknown>;
const outcome = (name: string) => out[name] as Outcome;
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
