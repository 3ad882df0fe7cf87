/**
 * A receiver whose issuer or audience option is missing (`audience: process.env.STINT_AUDIENCE`
 * with the variable unset) refuses with ERR_VERIFY_CONFIG, never accepts every project's tokens.
 * Through the built `stint/verify` bundle (dist/verify, what `import 'stint/verify'` loads) in a
 * receiver process of its own, as a service runs it, against a real broker (the built CLI) with two
 * projects, one of which grants an admin scope.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, startCiIssuer } from '../helpers/ci-issuers.js';
import { PATH_WITH_THIS_NODE } from '../helpers/node.js';
import { run } from '../recipes/helpers.js';

const BUNDLE = pathToFileURL(resolve(import.meta.dirname, '../../dist/verify/index.js')).href;
const ISSUER = 'https://stint.test';

let dir: string;
let gitlab: CiIssuer;
let broker: RunningBroker;
let billingToken: string;

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  value?: Record<string, unknown>;
}

/**
 * Runs `calls` (JavaScript with `verify`, the bundle's exports, and `probe(name, fn)`) in a node
 * process of its own; resolves each probe's outcome by name. TOKEN, ISSUER and JWKS_URL are set in
 * its environment; STINT_AUDIENCE is not (a receiver's unset variable).
 */
async function receiver(calls: string): Promise<Record<string, Outcome>> {
  const file = join(dir, `receiver-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    file,
    `import * as verify from ${JSON.stringify(BUNDLE)};
const out = {};
const probe = async (name, fn) => {
  try {
    const value = await fn();
    out[name] = { ok: true, value: value && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value };
  } catch (error) {
    out[name] = { ok: false, code: error.code, message: error.message };
  }
};
const { TOKEN, ISSUER, JWKS_URL } = process.env;
${calls}
console.log(JSON.stringify(out));
`,
  );
  const result = await run(process.execPath, [file], {
    env: { PATH: PATH_WITH_THIS_NODE, TOKEN: billingToken, ISSUER, JWKS_URL: `${broker.url}/.well-known/jwks.json` },
  });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as Record<string, Outcome>;
}

const config = (message: RegExp) => ({
  ok: false,
  code: 'ERR_VERIFY_CONFIG',
  message: expect.stringMatching(message),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-verify-options-'));
  gitlab = await startCiIssuer('gitlab');
  broker = await startBroker({
    configYaml: `issuer: ${ISSUER}
keys: { dir: keys, algorithm: EdDSA }
store: memory
audit: { file: audit.jsonl }
providers:
  gitlab: { issuer: "${gitlab.url}", audience: "${ISSUER}", allow_insecure: true }
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: gitlab
        subject: "${gitlab.subject}"
        scopes: [read]
  billing:
    audience: https://billing.example
    scopes: [read, admin]
    trust:
      - provider: gitlab
        subject: "${gitlab.subject}"
        scopes: [read, admin]
`,
  });
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await gitlab.mint(), project: 'billing' }),
  });
  expect(response.status).toBe(200);
  billingToken = ((await response.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await broker?.stop();
  await gitlab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('verifyStintToken needs its issuer and audience', () => {
  it('a missing or empty audience or issuer is ERR_VERIFY_CONFIG, never every project accepted', async () => {
    const out = await receiver(`
const base = { issuer: ISSUER, jwksUrl: JWKS_URL };
await probe('billing audience', () => verify.verifyStintToken(TOKEN, { ...base, audience: 'https://billing.example' }));
await probe('warehouse audience', () => verify.verifyStintToken(TOKEN, { ...base, audience: 'stint:warehouse' }));
await probe('audience from an unset variable', () => verify.verifyStintToken(TOKEN, { ...base, audience: process.env.STINT_AUDIENCE }));
await probe('audience left out', () => verify.verifyStintToken(TOKEN, base));
await probe('audience empty', () => verify.verifyStintToken(TOKEN, { ...base, audience: ' ' }));
await probe('audience a number', () => verify.verifyStintToken(TOKEN, { ...base, audience: 42 }));
await probe('issuer from an unset variable', () => verify.verifyStintToken(TOKEN, { issuer: process.env.STINT_ISSUER, jwksUrl: JWKS_URL, audience: 'https://billing.example' }));
await probe('issuer empty', () => verify.verifyStintToken(TOKEN, { issuer: '', jwksUrl: JWKS_URL, audience: 'https://billing.example' }));
`);
    expect(out).toEqual({
      // The controls: the right audience passes, another project's is refused.
      'billing audience': { ok: true, value: expect.objectContaining({ project: 'billing', scope: 'read admin' }) },
      'warehouse audience': {
        ok: false,
        code: 'ERR_TOKEN_INVALID',
        message: expect.stringMatching(/audience: expected "stint:warehouse", got "https:\/\/billing.example"/),
      },
      'audience from an unset variable': config(
        /^verifyStintToken: audience is missing \(is the variable it comes from set\?\); .*every project's tokens would pass$/,
      ),
      'audience left out': config(/^verifyStintToken: audience is missing/),
      'audience empty': config(/^verifyStintToken: audience is empty/),
      'audience a number': config(/^verifyStintToken: audience is a number, not a string/),
      'issuer from an unset variable': config(/^verifyStintToken: issuer is missing .*the broker's issuer URL/),
      'issuer empty': config(/^verifyStintToken: issuer is empty/),
    });
  });
});

describe('protectedResource refuses a missing issuer or resource when it is built', () => {
  it('never builds a guard that would take any iss from the keys at jwksUrl', async () => {
    const out = await receiver(`
const built = (options) => () => { verify.protectedResource(options); return 'built'; };
await probe('issuer from an unset variable', built({ resource: 'https://billing.example', issuer: process.env.STINT_ISSUER, jwksUrl: JWKS_URL }));
await probe('issuer empty', built({ resource: 'https://billing.example', issuer: '', jwksUrl: JWKS_URL }));
await probe('resource from an unset variable', built({ resource: process.env.MCP_RESOURCE, issuer: ISSUER, jwksUrl: JWKS_URL }));
const billing = verify.protectedResource({ resource: 'https://billing.example', issuer: ISSUER, jwksUrl: JWKS_URL });
const warehouse = verify.protectedResource({ resource: 'https://warehouse.example', issuer: ISSUER, jwksUrl: JWKS_URL });
await probe('billing guard', () => billing.check('Bearer ' + TOKEN, ['admin']).then((d) => ({ ok: d.ok, project: d.claims?.project })));
await probe('warehouse guard', () => warehouse.check('Bearer ' + TOKEN).then((d) => ({ ok: d.ok, status: d.status })));
`);
    expect(out).toEqual({
      'issuer from an unset variable': config(/^protectedResource: issuer is missing/),
      'issuer empty': config(/^protectedResource: issuer is empty/),
      'resource from an unset variable': config(
        /^protectedResource: resource is missing .*audience of its stint project/,
      ),
      'billing guard': { ok: true, value: { ok: true, project: 'billing' } },
      'warehouse guard': { ok: true, value: { ok: false, status: 401 } },
    });
  });
});

describe('verifyJwt: an expected claim may be left out, but not given as nothing', () => {
  it('left out is not checked (as documented); there but undefined or empty is ERR_VERIFY_CONFIG', async () => {
    const out = await receiver(`
const { generateKeyPairSync, sign } = await import('node:crypto');
const ed = generateKeyPairSync('ed25519');
const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const input = part({ alg: 'EdDSA', typ: 'JWT' }) + '.' + part({ iss: 'ci.acme', aud: 'billing', sub: 'deploy', iat: now, exp: now + 60 });
const jwt = input + '.' + sign(null, Buffer.from(input), ed.privateKey).toString('base64url');
const base = { algorithms: ['EdDSA'], keys: [ed.publicKey] };
await probe('left out', () => verify.verifyJwt(jwt, base));
await probe('all given', () => verify.verifyJwt(jwt, { ...base, issuer: 'ci.acme', audience: ['other', 'billing'], subject: 'deploy' }));
await probe('audience from an unset variable', () => verify.verifyJwt(jwt, { ...base, audience: process.env.STINT_AUDIENCE }));
await probe('audience empty', () => verify.verifyJwt(jwt, { ...base, audience: '' }));
await probe('audience an empty list', () => verify.verifyJwt(jwt, { ...base, audience: [] }));
await probe('audience list with an unset variable', () => verify.verifyJwt(jwt, { ...base, audience: ['billing', process.env.STINT_AUDIENCE] }));
await probe('issuer from an unset variable', () => verify.verifyJwt(jwt, { ...base, issuer: process.env.STINT_ISSUER }));
await probe('subject null', () => verify.verifyJwt(jwt, { ...base, subject: null }));
`);
    const leaveOut = (option: string, what: string) =>
      config(new RegExp(`^verifyJwt: ${option} is ${what} .*leave the option out to not check that claim$`));
    expect(out).toEqual({
      'left out': { ok: true, value: expect.objectContaining({ aud: 'billing' }) },
      'all given': { ok: true, value: expect.objectContaining({ sub: 'deploy' }) },
      'audience from an unset variable': leaveOut('audience', 'missing'),
      'audience empty': leaveOut('audience', 'empty'),
      'audience an empty list': leaveOut('audience', 'an empty list'),
      'audience list with an unset variable': leaveOut('audience', 'missing'),
      'issuer from an unset variable': leaveOut('issuer', 'missing'),
      'subject null': leaveOut('subject', 'missing'),
    });
  });
});
