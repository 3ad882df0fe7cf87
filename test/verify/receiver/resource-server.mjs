// A service using the built `stint/verify` bundle (dist/verify, what `import 'stint/verify'` loads),
// in a node process of its own as a service runs it; resource-server-hardening.test.ts runs it and
// checks what it prints: one JSON object, each scenario's outcome by name. The broker stand-in on
// 127.0.0.1 serves a JWKS and counts its fetches; tokens are minted with jose as the broker mints them.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as verify from '../../../dist/verify/index.js';

const RESOURCE = 'https://mcp.internal.example.com/mcp';
const out = {};

/** Runs `fn` and records what it returned (as JSON) or threw (code and message). */
async function probe(name, fn) {
  try {
    const value = await fn();
    out[name] = { ok: true, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    out[name] = { ok: false, code: error.code, message: error.message };
  }
}

// The broker stand-in.
const pair = await generateKeyPair('ES256', { extractable: true });
const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
let fetches = 0;
const broker = createServer((req, res) => {
  if (req.url === '/.well-known/jwks.json') {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    return;
  }
  res.writeHead(404).end();
});
await new Promise((done) => broker.listen(0, '127.0.0.1', done));
const issuer = `http://127.0.0.1:${broker.address().port}`;

async function mint(claims = {}, header = {}, signOptions = undefined) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: issuer,
    sub: 'repo:acme/tools:ref:refs/heads/main',
    aud: RESOURCE,
    iat: now,
    nbf: now,
    exp: now + 300,
    jti: randomUUID(),
    client_id: 'github:acme/tools',
    scope: 'read',
    project: 'tools',
    ci: { provider: 'github', repository: 'acme/tools' },
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1', ...header })
    .sign(pair.privateKey, signOptions);
}

/** An HTTP client that records what it was asked to fetch, and never fetches. */
const asked = [];
const recording = async (request) => {
  asked.push(String(request.url));
  throw new Error('no request may leave this receiver');
};

// 1. Keys, and the introspection API key, go over https only (plain http to this machine for tests).
const token = await mint();
await probe('http issuer', () =>
  verify.verifyStintToken(token, { issuer: 'http://stint.example.com', audience: RESOURCE, http: recording }),
);
await probe('http jwksUrl', () =>
  verify.verifyStintToken(token, {
    issuer: 'https://stint.example.com',
    jwksUrl: 'http://keys.example.com/.well-known/jwks.json',
    audience: RESOURCE,
    http: recording,
  }),
);
await probe('ftp jwksUrl', () =>
  verify.verifyStintToken(token, {
    issuer,
    jwksUrl: 'ftp://keys.example.com/jwks.json',
    audience: RESOURCE,
    http: recording,
  }),
);
out.asked = asked;
await probe('loopback issuer', () => verify.verifyStintToken(token, { issuer, audience: RESOURCE }));
const build = (options) => () => verify.protectedResource({ resource: RESOURCE, issuer, ...options }).metadataUrl;
await probe('guard http issuer', build({ issuer: 'http://stint.example.com' }));
await probe('guard http jwksUrl', build({ jwksUrl: 'http://10.0.0.5/.well-known/jwks.json' }));
await probe(
  'guard http introspection',
  build({ issuer: 'http://stint.example.com', jwks: { keys: [] }, introspection: { apiKey: 'stint_api_key' } }),
);
await probe('guard http resource', build({ resource: 'http://mcp.internal.example.com/mcp' }));
await probe('guard loopback resource', build({ resource: 'http://127.0.0.1:8080/mcp' }));
await probe('guard localhost introspection', build({ issuer: 'http://localhost:9', introspection: { apiKey: 'k' } }));

// 2 and 6. The documented Express MCP set-up (docs/mcp.md): the token first, then the body's scopes.
const records = [];
const mcp = verify.protectedResource({
  resource: RESOURCE,
  issuer,
  scopesSupported: ['read', 'deploy'],
  onAccess: (record) => records.push(record),
});
const scopesOf = verify.mcpToolScopes({ query: ['read'], deploy: ['deploy'] });
const app = express();
app.post(
  '/mcp',
  express.json(),
  mcp.express((req) => scopesOf(req.body)),
  (_req, res) => res.json({ ok: true }),
);
// Express's own answer to an error passed to next(), without its stack trace: only the status matters here.
app.use((error, _req, res, _next) => res.status(500).json({ next: error.code }));
const server = app.listen(0, '127.0.0.1');
await new Promise((done) => server.once('listening', done));
const call = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"deploy"}}';
async function post(name, headers, body) {
  records.length = 0;
  const response = await fetch(`http://127.0.0.1:${server.address().port}/mcp`, {
    method: 'POST',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  out[name] = {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.text(),
    records: JSON.parse(JSON.stringify(records)),
  };
}
const forged = `${(await mint()).slice(0, -4)}AAAA`;
await post('no token, text/plain', { 'content-type': 'text/plain' }, call);
await post('no token, no body', {});
await post('forged token, text/plain', { 'content-type': 'text/plain', authorization: `Bearer ${forged}` }, call);
await post('good token, text/plain', { 'content-type': 'text/plain', authorization: `Bearer ${await mint()}` }, call);
await post(
  'good token, json, no scope',
  { 'content-type': 'application/json', authorization: `Bearer ${await mint()}` },
  call,
);
const deployer = await mint({ scope: 'read deploy' });
await post(
  'good token, json, scope',
  { 'content-type': 'application/json', authorization: `Bearer ${deployer}` },
  call,
);
await post('good token, no body', { authorization: `Bearer ${deployer}` });
server.close();

// 2b. The same on Fastify as docs/mcp.md sets it up (a preHandler), whose own parsers turn
// text/plain into a string; and on both, a JSON request whose body was not parsed (the service's
// set-up: a 500), which onAccess records too.
const fastify = Fastify();
fastify.decorateRequest('stint', null);
fastify.post('/mcp', { preHandler: mcp.fastify((request) => scopesOf(request.body)) }, async () => ({ ok: true }));
// The guard where the body is not parsed yet: scopes from it cannot be known.
fastify.post('/early', { onRequest: mcp.fastify((request) => scopesOf(request.body)) }, async () => ({ ok: true }));
fastify.setErrorHandler((error, _request, reply) => reply.code(500).send({ next: error.code }));
const fastifyUrl = await fastify.listen({ port: 0, host: '127.0.0.1' });
const unparsed = express();
unparsed.post(
  '/mcp',
  mcp.express((req) => scopesOf(req.body)),
  (_req, res) => res.json({ ok: true }),
);
unparsed.use((error, _req, res, _next) => res.status(500).json({ next: error.code }));
const unparsedServer = unparsed.listen(0, '127.0.0.1');
await new Promise((done) => unparsedServer.once('listening', done));
async function postTo(name, url, headers, body) {
  records.length = 0;
  const response = await fetch(url, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  out[name] = { status: response.status, body: await response.text(), records: JSON.parse(JSON.stringify(records)) };
}
const good = await mint();
await postTo(
  'fastify, good token, text/plain',
  `${fastifyUrl}/mcp`,
  { 'content-type': 'text/plain', authorization: `Bearer ${good}` },
  call,
);
await postTo('fastify, good token, no body', `${fastifyUrl}/mcp`, { authorization: `Bearer ${good}` });
await postTo(
  'fastify, good token, json, no scope',
  `${fastifyUrl}/mcp`,
  { 'content-type': 'application/json', authorization: `Bearer ${good}` },
  call,
);
await postTo(
  'fastify onRequest, good token, json',
  `${fastifyUrl}/early`,
  { 'content-type': 'application/json', authorization: `Bearer ${good}` },
  call,
);
await postTo(
  'express before parser, good token, json',
  `http://127.0.0.1:${unparsedServer.address().port}/mcp`,
  { 'content-type': 'application/json', authorization: `Bearer ${good}` },
  call,
);
await fastify.close();
unparsedServer.close();

// 3. jwksMaxAgeSec: at least the 10 s refetch interval.
const fetchesBefore = fetches;
for (const age of [0, 9, 'NaN']) {
  const jwksMaxAgeSec = age === 'NaN' ? Number.NaN : age;
  await probe(`max age ${age}`, () => verify.verifyStintToken(token, { issuer, audience: RESOURCE, jwksMaxAgeSec }));
  await probe(`guard max age ${age}`, build({ jwksMaxAgeSec }));
}
out['fetches for refused ages'] = fetches - fetchesBefore;
await probe('max age 10', () => verify.verifyStintToken(token, { issuer, audience: RESOURCE, jwksMaxAgeSec: 10 }));

// 4. verifyJwt: a public key without PEM armour is never an HMAC secret.
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const der = ec.publicKey.export({ format: 'der', type: 'spki' });
const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'pkcs1' });
const jwksText = JSON.stringify({ keys: [ec.publicKey.export({ format: 'jwk' })] });
/** An HS256 JWT MACed with the published key's bytes: what anyone holding the public key can make. */
const forgedWith = async (key) => {
  const now = Math.floor(Date.now() / 1000);
  const secret = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  return new SignJWT({ sub: 'anyone', iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(secret);
};
const keys = { 'DER bytes': der, 'base64 DER': der.toString('base64'), 'PKCS#1 DER': pkcs1, 'JWKS text': jwksText };
for (const [name, key] of Object.entries(keys)) {
  await probe(`HS256 only, ${name}`, async () =>
    verify.verifyJwt(await forgedWith(key), { algorithms: ['HS256'], keys: [key] }),
  );
}
const now = Math.floor(Date.now() / 1000);
const real = await new SignJWT({ sub: 'ci', iat: now, exp: now + 60 })
  .setProtectedHeader({ alg: 'ES256' })
  .sign(ec.privateKey);
for (const name of ['DER bytes', 'base64 DER']) {
  const options = { algorithms: ['ES256', 'HS256'], keys: [keys[name]] };
  await probe(`ES256 with ${name}`, () => verify.verifyJwt(real, options));
  await probe(`HS256 forgery with ${name}`, async () => verify.verifyJwt(await forgedWith(keys[name]), options));
}
const secret = Buffer.from('a shared secret of thirty-two by').toString('base64');
await probe('HS256 with a base64 secret', async () =>
  verify.verifyJwt(await forgedWith(secret), { algorithms: ['HS256'], keys: [secret] }),
);

// 5. Refusals never echo the token's unverified header, nor the projects a service accepts.
const evil = `x\r\n\u001b[31mINJECTED${'A'.repeat(2000)}`;
const critToken = await mint({}, { crit: [evil], [evil]: 1 }, { crit: { [evil]: true } });
const critRecords = [];
const guard = verify.protectedResource({ resource: RESOURCE, issuer, onAccess: (r) => critRecords.push(r) });
await probe('crit, guard', () => guard.check(`Bearer ${critToken}`));
out['crit, record'] = critRecords[0];
await probe('crit, verifyJwt', () => verify.verifyJwt(critToken, { algorithms: ['ES256'], keys: [jwk] }));
const header = Buffer.from(JSON.stringify({ alg: evil })).toString('base64url');
await probe('odd alg, verifyJwt', () => verify.verifyJwt(`${header}.e30.c2ln`, { algorithms: ['ES256'], keys: [jwk] }));
const projectRecords = [];
const projects = verify.protectedResource({
  resource: RESOURCE,
  issuer,
  project: ['tools', 'secret-ops'],
  onAccess: (r) => projectRecords.push(r),
});
await probe('other project, guard', async () => projects.check(`Bearer ${await mint({ project: 'billing' })}`));
out['other project, record'] = projectRecords[0];

broker.close();
console.log(JSON.stringify(out));
