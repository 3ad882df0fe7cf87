// The baseline for bench/exchange.bench.ts: a bare node:http server that does the same work per
// exchange as the broker, written the lean way with node:crypto, and nothing else (no policy,
// rate limit, metrics, access log or request scope). Per request:
//   parse the JSON body; decode the ID token; verify its RS256 signature with the issuer's key;
//   check iss, aud, exp and sub; sha256 the token (its fingerprint) and the replay key, claim
//   the key in a Map; sign an ES256 access token with the broker's claim set; sha256 it; append
//   one hash-chained audit line (sha256 over prev + the line) to a file with write(2); answer.
// Configured by the env var STINT_BENCH_BASELINE (JSON: jwk, issuer, audience, auditFile).
// Prints "listening on URL" once it listens; GET /cpu answers process.cpuUsage() for checks.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import { openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';

const { jwk, issuer, audience, auditFile } = JSON.parse(process.env.STINT_BENCH_BASELINE);
const issuerKey = createPublicKey({ key: jwk, format: 'jwk' });
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = 'baseline-key';
const header = Buffer.from(JSON.stringify({ typ: 'at+jwt', alg: 'ES256', kid })).toString('base64url');
const audit = openSync(auditFile, 'a', 0o600);
const replay = new Map();
let seq = 0;
let prev = '0'.repeat(64);

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const CI_FIELDS = [
  'repository',
  'repository_id',
  'repository_owner_id',
  'ref',
  'sha',
  'workflow_ref',
  'run_id',
  'run_attempt',
  'environment',
  'actor',
  'event',
];

function exchange(body, requestId) {
  const { token, project } = JSON.parse(body);
  const [h, p, s] = token.split('.');
  const tokenHeader = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (tokenHeader.alg !== 'RS256') throw new Error('alg');
  if (!verify('sha256', Buffer.from(`${h}.${p}`), issuerKey, Buffer.from(s, 'base64url'))) throw new Error('signature');
  const now = Math.floor(Date.now() / 1000);
  if (claims.iss !== issuer || claims.aud !== audience || !(claims.exp > now) || typeof claims.sub !== 'string')
    throw new Error('claims');
  const idFingerprint = `sha256:${sha256(token)}`;
  const replayKey = sha256(`jti\n${issuer}\n${claims.jti}`);
  if ((replay.get(replayKey) ?? 0) > now) throw new Error('replayed');
  replay.set(replayKey, claims.exp);
  const ci = { provider: 'github' };
  for (const field of CI_FIELDS) if (typeof claims[field] === 'string') ci[field] = claims[field];
  const jti = randomBytes(16).toString('base64url');
  const access = {
    iss: audience,
    sub: claims.sub,
    aud: `stint:${project}`,
    iat: now,
    nbf: now,
    exp: now + 900,
    jti,
    client_id: `github:${claims.repository}`,
    scope: 'read',
    project,
    ci,
  };
  const input = `${header}.${Buffer.from(JSON.stringify(access)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const accessToken = `${input}.${signature.toString('base64url')}`;
  const event = {
    event: 'token_issued',
    request_id: requestId,
    outcome: 'success',
    reason: null,
    project,
    id_token_fingerprint: idFingerprint,
    id_token_jti: claims.jti,
    provider: 'github',
    subject: claims.sub,
    ...ci,
    scope: 'read',
    jti,
    fingerprint: `sha256:${sha256(accessToken)}`,
    expires_at: access.exp,
    client_address: '127.0.0.1',
  };
  seq += 1;
  const fields = `{"seq":${seq},"ts":"${new Date().toISOString()}",${JSON.stringify(event).slice(1, -1)}`;
  const hash = sha256(`${prev}\n${fields}}`);
  writeSync(audit, `${fields},"prev":"${prev}","hash":"${hash}"}\n`);
  prev = hash;
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 900,
    expires_at: access.exp,
    scope: 'read',
    project,
    audit_id: requestId,
  };
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/cpu') {
    res.end(JSON.stringify(process.cpuUsage()));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const requestId = randomUUID();
    let status = 200;
    let answer;
    try {
      answer = exchange(Buffer.concat(chunks).toString(), requestId);
    } catch (error) {
      status = 401;
      answer = { error: 'invalid_token', error_description: error.message };
    }
    const text = JSON.stringify(answer);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
