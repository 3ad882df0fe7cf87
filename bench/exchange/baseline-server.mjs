// The baseline for bench/exchange.bench.ts: a bare node:http server that does the same work per
// exchange as the broker, written the lean way with node:crypto, and nothing else (no policy,
// rate limit, metrics, access log or request scope). Per request:
//   parse the JSON body; decode the ID token; verify its RS256 signature with the issuer's key;
//   check iss, aud, exp and sub; sha256 the token (its fingerprint) and the replay key, claim
//   the key in a Map; sign an ES256 access token with the broker's claim set; sha256 it; append
//   one hash-chained audit line (sha256 over prev + the line) to a file with write(2); answer.
// With `journalFile` set it also does what the broker's durable embedded store does: before the
// answer, the replay record is appended to that file with write(2) and flushed with fdatasync on
// the thread pool, appends made meanwhile going together (group commit, two flushes at most).
// Configured by the env var STINT_BENCH_BASELINE (JSON: jwk, issuer, audience, auditFile,
// optional journalFile).
// Prints "listening on URL" once it listens; GET /cpu answers process.cpuUsage() for checks.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import { fdatasync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname } from 'node:os';

const { jwk, issuer, audience, auditFile, journalFile } = JSON.parse(process.env.STINT_BENCH_BASELINE);
const issuerKey = createPublicKey({ key: jwk, format: 'jwk' });
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = 'baseline-key';
const header = Buffer.from(JSON.stringify({ typ: 'at+jwt', alg: 'ES256', kid })).toString('base64url');
const audit = openSync(auditFile, 'a', 0o600);
const replay = new Map();
let seq = 0;
let prev = '0'.repeat(64);

const journal = journalFile === undefined ? undefined : openSync(journalFile, 'a', 0o600);
let unwritten = [];
let flushing = 0;
let scheduled = false;
/**
 * Resolves once `line` is on disk. As src/store/journal.ts does: with no flush under way it is
 * written and flushed at once; otherwise the appends of this event-loop turn go together, as soon
 * as one of the two flush slots is free.
 */
function persist(line) {
  return new Promise((resolve, reject) => {
    unwritten.push({ line, resolve, reject });
    if (flushing === 0) flushGroup();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        flushGroup();
      });
    }
  });
}
function flushGroup() {
  if (unwritten.length === 0 || flushing >= 2) return;
  const group = unwritten;
  unwritten = [];
  writeSync(journal, group.map((entry) => entry.line).join(''));
  flushing += 1;
  fdatasync(journal, (error) => {
    flushing -= 1;
    for (const entry of group) (error ? entry.reject : entry.resolve)(error);
    flushGroup();
  });
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
/**
 * The job's identity as the broker's GitHub provider normalises it: [audit field, ci claim, ID
 * token claim]. The audit line carries every field, the access token's `ci` claim those with a
 * claim name (src/tokens/mint.ts CI_CLAIM_FIELDS), so the line and the token are the broker's size.
 */
const IDENTITY = [
  ['repository', 'repository', 'repository'],
  ['repository_id', 'repository_id', 'repository_id'],
  ['owner', undefined, 'repository_owner'],
  ['owner_id', 'owner_id', 'repository_owner_id'],
  ['ref', 'ref', 'ref'],
  ['ref_type', undefined, 'ref_type'],
  ['sha', 'sha', 'sha'],
  ['workflow_ref', 'workflow_ref', 'workflow_ref'],
  ['job_workflow_ref', undefined, 'job_workflow_ref'],
  ['run_id', 'run_id', 'run_id'],
  ['run_attempt', 'run_attempt', 'run_attempt'],
  ['environment', 'environment', 'environment'],
  ['actor', 'actor', 'actor'],
  ['ci_event', 'event', 'event_name'],
];

/** Everything up to the signed token; the replay record is in the map, not yet on disk. */
function mint(body) {
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
  const identity = { provider_kind: 'github' };
  for (const [field, claim, from] of IDENTITY) {
    if (typeof claims[from] !== 'string') continue;
    identity[field] = claims[from];
    if (claim !== undefined) ci[claim] = claims[from];
  }
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
  return { project, claims, identity, idFingerprint, replayKey, jti, access, accessToken };
}

/** The audit line and the answer, once the replay record is as durable as configured. */
function answer({ project, claims, identity, idFingerprint, jti, access, accessToken }, requestId) {
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
    ...identity,
    rules: [0],
    scope: 'read',
    jti,
    fingerprint: `sha256:${sha256(accessToken)}`,
    expires_at: access.exp,
    client_address: '127.0.0.1',
    instance: `${hostname()}:${process.pid}`,
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

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const refusal = (error) => ({ error: 'invalid_token', error_description: error.message });

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/cpu') {
    res.end(JSON.stringify(process.cpuUsage()));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const requestId = randomUUID();
    let minted;
    try {
      minted = mint(Buffer.concat(chunks).toString());
    } catch (error) {
      send(res, 401, refusal(error));
      return;
    }
    if (journal === undefined) {
      send(res, 200, answer(minted, requestId));
      return;
    }
    const line = `${JSON.stringify(['c', minted.replayKey, minted.claims.exp * 1000])}\n`;
    persist(line).then(
      () => send(res, 200, answer(minted, requestId)),
      (error) => send(res, 503, refusal(error)),
    );
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
