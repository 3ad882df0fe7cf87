/**
 * A broker whose issuer has a path (`issuer: https://ci.example.com/stint`, here
 * `http://127.0.0.1:PORT/stint`) serves every URL it advertises under that path: standard clients
 * that start from the issuer find it (openid-client's OIDC discovery at
 * `{issuer}/.well-known/openid-configuration`, oauth4webapi's RFC 8414 discovery at
 * `/.well-known/oauth-authorization-server/stint`, jose from the discovered `jwks_uri`), and so do
 * `stint exchange` and `stint revoke` given the issuer as broker URL. Probes and /metrics stay
 * at the root, where deploy/ points the orchestrator and Prometheus. The built CLI, on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { baseEnv, CLI, createApiKey, introspect, run } from '../recipes/helpers.js';
import { stackConfig } from './stack.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const WAREHOUSE = 'https://api.warehouse.example.com';
const insecure = { [oauth.allowInsecureRequests]: true };
/** The built `stint/verify`. */
const VERIFY = pathToFileURL(resolve(import.meta.dirname, '../../dist/verify/index.js')).href;

let github: GithubIssuer;
/** The broker whose issuer is `{its URL}/stint`. */
let broker: RunningBroker;
/** Its issuer: what `iss` says and discovery starts from. */
let issuer: string;
/** A broker whose issuer is `{its URL}/stint/`, ending in a slash. */
let slashed: RunningBroker;

beforeAll(async () => {
  github = await startGithubIssuer();
  [broker, slashed] = await Promise.all([
    startBrokerAt((url) => stackConfig(`${url}/stint`, github.url)),
    startBrokerAt((url) => stackConfig(`${url}/stint/`, github.url)),
  ]);
  issuer = `${broker.url}/stint`;
});
afterAll(async () => {
  await Promise.all([broker?.stop(), slashed?.stop()]);
  await github?.stop();
});

const idToken = (audience = issuer) => github.mint({ aud: audience });

describe('a broker whose issuer has a path', () => {
  it('openid-client discovers it from the issuer (OIDC Discovery) and exchanges and revokes there', async () => {
    const config = await oidc.discovery(new URL(issuer), 'ci-job', undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata()).toMatchObject({
      issuer,
      token_endpoint: `${issuer}/oauth2/token`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
    });
    const tokens = await oidc.genericGrantRequest(config, TOKEN_EXCHANGE, {
      subject_token: await idToken(),
      subject_token_type: ID_TOKEN_TYPE,
      resource: WAREHOUSE,
      scope: 'read',
    });
    expect(tokens.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect(tokens.scope).toBe('read');

    const apiKey = await createApiKey(broker);
    expect(await introspect(issuer, apiKey, tokens.access_token)).toMatchObject({ active: true, iss: issuer });
    await oidc.tokenRevocation(config, tokens.access_token);
    expect(await introspect(issuer, apiKey, tokens.access_token)).toEqual({ active: false });
  });

  it('oauth4webapi discovers it at the RFC 8414 path-inserted location, exchanges, and validates the token', async () => {
    const url = new URL(issuer);
    const response = await oauth.discoveryRequest(url, { algorithm: 'oauth2', ...insecure });
    expect(new URL(response.url).pathname).toBe('/.well-known/oauth-authorization-server/stint');
    const as = await oauth.processDiscoveryResponse(url, response);
    expect(as.issuer).toBe(issuer);
    const client: oauth.Client = { client_id: 'ci-job' };
    const exchanged = await oauth.genericTokenEndpointRequest(
      as,
      client,
      oauth.None(),
      TOKEN_EXCHANGE,
      { subject_token: await idToken(), subject_token_type: ID_TOKEN_TYPE, resource: WAREHOUSE },
      insecure,
    );
    const tokens = await oauth.processGenericTokenEndpointResponse(as, client, exchanged);
    // oauth4webapi's RFC 9068 validator fetches the keys from the discovered jwks_uri and checks iss.
    const request = new Request(WAREHOUSE, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const claims = await oauth.validateJwtAccessToken(as, request, WAREHOUSE, insecure);
    expect(claims).toMatchObject({ iss: issuer, aud: WAREHOUSE, project: 'warehouse' });
  });

  it('jose verifies a minted token with the keys at the discovered jwks_uri; stint/verify finds them from the issuer', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    const exchanged = await fetch(`${discovery.exchange_endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: await idToken(), project: 'warehouse', scope: 'write' }),
    });
    expect(exchanged.status).toBe(200);
    const token = ((await exchanged.json()) as { access_token: string }).access_token;
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri!)), {
      issuer,
      audience: WAREHOUSE,
      typ: 'at+jwt',
    });
    expect(payload).toMatchObject({ iss: issuer, scope: 'write', project: 'warehouse' });

    // The receiving side, as built (in a node of its own, as a service loads it): its default
    // JWKS URL is `{issuer}/.well-known/jwks.json`.
    const receiver = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { verifyStintToken } from ${JSON.stringify(VERIFY)};
const claims = await verifyStintToken(process.env.TOKEN, { issuer: process.env.ISSUER, audience: process.env.AUDIENCE });
console.log(claims.iss, claims.project);`,
      ],
      { env: baseEnv({ TOKEN: token, ISSUER: issuer, AUDIENCE: WAREHOUSE }) },
    );
    expect({ code: receiver.code, stderr: receiver.stderr, stdout: receiver.stdout }).toEqual({
      code: 0,
      stderr: '',
      stdout: `${issuer} warehouse\n`,
    });
  });

  it('stint exchange and stint revoke work with the issuer as broker URL (the default audience)', async () => {
    const job = baseEnv({
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
    });
    const exchanged = await run(
      process.execPath,
      [CLI, 'exchange', '--broker', issuer, '--project', 'warehouse', '--format', 'json'],
      { env: job },
    );
    expect(exchanged.stderr).toMatch(/^stint: got a token for project warehouse/);
    expect(exchanged.code).toBe(0);
    const token = (JSON.parse(exchanged.stdout) as { access_token: string }).access_token;
    // The ID token was asked for the broker URL as audience; the broker, whose issuer it is, took it.
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)), {
      issuer,
    });
    expect(payload).toMatchObject({ project: 'warehouse', scope: 'read write' });

    const apiKey = await createApiKey(broker);
    const revoked = await run(process.execPath, [CLI, 'revoke', '--broker', issuer], {
      env: baseEnv({ STINT_TOKEN: token }),
    });
    expect(revoked.stderr).toMatch(/^stint: revoked the token \(project warehouse/);
    expect(revoked.code).toBe(0);
    expect((await introspect(issuer, apiKey, token)).active).toBe(false);
  });

  it('a 404 never repeats the path it was asked for: a key or token put in the path stays out of the body', async () => {
    const apiKey = `stint_sk_${randomBytes(24).toString('base64url')}`;
    const jwt = await idToken();
    for (const url of [`${issuer}/auth/oidc/exchange/${apiKey}`, `${broker.url}/${jwt}`, `${issuer}/${jwt}`]) {
      const response = await fetch(url);
      const body = await response.text();
      expect(response.status).toBe(404);
      expect((JSON.parse(body) as { error_description: string }).error_description).toBe(
        'no endpoint at this path; the endpoints are listed in the discovery document, /stint/.well-known/openid-configuration',
      );
      expectNoSecret(body, apiKey, 'the API key in the path');
      expectNoSecret(body, jwt, 'the ID token in the path');
    }
  });

  it('serves the probes and /metrics at the root only, and its API under the issuer path only, each 404 saying where', async () => {
    // Its log says so at start, beside the issuer.
    expect(broker.stdout()).toContain(
      `issuer ${issuer} (endpoints under /stint; /livez, /readyz, /healthz and /metrics at the root)`,
    );
    for (const probe of ['/livez', '/readyz', '/healthz']) {
      const response = await fetch(`${broker.url}${probe}`);
      expect(response.status, probe).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    }
    for (const path of ['/livez', '/metrics']) {
      const response = await fetch(`${issuer}${path}`);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error_description: string }).error_description).toBe(
        `no endpoint /stint${path}; ${path} is at the root, not under the issuer's path`,
      );
    }
    // One copy of the API: at the root, its paths are no endpoint, and the answer names the right one.
    for (const path of ['/oauth2/token', '/.well-known/openid-configuration', '/.well-known/jwks.json']) {
      const response = await fetch(`${broker.url}${path}`, path === '/oauth2/token' ? { method: 'POST' } : {});
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error_description: string }).error_description).toBe(
        `no endpoint ${path}; this broker serves its endpoints under its issuer's path /stint: /stint${path}`,
      );
    }
    // Nor is another prefix's RFC 8414 location this broker's.
    expect((await fetch(`${broker.url}/.well-known/oauth-authorization-server/other`)).status).toBe(404);
    expect((await fetch(`${broker.url}/.well-known/oauth-authorization-server`)).status).toBe(404);
    // The appended form, which some OAuth clients try, is the same document.
    const appended = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
    expect(appended.status).toBe(200);
    expect(((await appended.json()) as { issuer: string }).issuer).toBe(issuer);
    // A method the route does not take names the path asked for.
    const wrongMethod = await fetch(`${issuer}/oauth2/token`);
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { error_description: string }).error_description).toBe(
      '/stint/oauth2/token accepts POST',
    );

    // Metrics name the route as deploy/'s alerts and dashboard do, whatever the prefix.
    const metrics = await (await fetch(`${broker.url}/metrics`)).text();
    expect(metrics).toMatch(/^stint_http_requests_total\{route="\/oauth2\/token",status="200"\} [1-9]/m);
    expect(metrics).toMatch(
      /^stint_http_requests_total\{route="\/\.well-known\/openid-configuration",status="200"\} /m,
    );
    expect(metrics).not.toMatch(/route="\/stint/);
  });

  it('an issuer ending in a slash is `iss` exactly as written; discovery from it works in both modes', async () => {
    const slashedIssuer = `${slashed.url}/stint/`;
    for (const algorithm of ['oidc', 'oauth2'] as const) {
      const config = await oidc.discovery(new URL(slashedIssuer), 'ci-job', undefined, oidc.None(), {
        algorithm,
        execute: [oidc.allowInsecureRequests],
      });
      expect(config.serverMetadata()).toMatchObject({
        issuer: slashedIssuer,
        token_endpoint: `${slashed.url}/stint/oauth2/token`,
      });
      const tokens = await oidc.genericGrantRequest(config, TOKEN_EXCHANGE, {
        subject_token: await idToken(slashedIssuer),
        subject_token_type: ID_TOKEN_TYPE,
        resource: WAREHOUSE,
      });
      const { payload } = await jwtVerify(
        tokens.access_token,
        createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)),
        { issuer: slashedIssuer, audience: WAREHOUSE },
      );
      expect(payload.iss).toBe(slashedIssuer);
    }
  });
});

describe('the issuer setting', () => {
  it('an issuer with a query, a fragment or a user name is a config error (stint policy check), saying what to give', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-issuer-path-'));
    try {
      // A user name is not quoted back (it may be a token pasted in its place).
      for (const [bad, quoted] of <Array<[string, string]>>[
        ['https://ci.example.com/stint?tenant=a', 'https://ci.example.com/stint?tenant=a'],
        ['https://ci.example.com/stint#a', 'https://ci.example.com/stint#a'],
        ['https://ops@ci.example.com/stint', 'https://***@ci.example.com/stint'],
      ]) {
        const file = join(dir, 'stint.yml');
        writeFileSync(file, stackConfig(bad, 'https://token.actions.githubusercontent.com'));
        const result = await run(process.execPath, [CLI, 'policy', 'check', file], { env: baseEnv() });
        expect(result.code, bad).toBe(1);
        // policy check reports on stdout, as a linter does.
        expect(result.stdout).toContain(
          `${file}:1:9: error: issuer '${quoted}' must not carry a query, a fragment or a user name; give the broker's public URL, e.g. https://stint.example.com or https://ci.example.com/stint\n`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
