/**
 * What a resource-server developer meets with `stint/verify` as built (dist/verify, what `import
 * 'stint/verify'` loads), against what the built CLI's `stint sign` sends. Each case is one a review
 * reproduced: a JWT replayed after its `exp` but within the clock tolerance, when the seen-store
 * kept its jti only until `exp`; Standard Webhooks secrets that are not base64, or keys of a few
 * bytes (on both sides); a parsed body (`express.json()`'s `req.body`) thrown as a raw TypeError;
 * a future timestamp reported as "-301 s from now"; `algorithms: ['none']` refused token by token
 * instead of as the set-up error it is.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { PATH_WITH_THIS_NODE } from '../helpers/node.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { run } from '../recipes/helpers.js';

const BUNDLE = pathToFileURL(resolve(import.meta.dirname, '../../dist/verify/index.js')).href;

const key = (bytes: number) =>
  `whsec_${Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 37 + 11) % 256)).toString('base64')}`;
const ed = generateKeyPairSync('ed25519');
const SECRETS = {
  SW_GOOD: key(32),
  JWT_SECRET: 'jwt-hs256-shared-secret-of-some-length',
  GH_SECRET: 'gh-webhook-secret-9f8e7d',
  ED_KEY: ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
};
/** Standard Webhooks secrets a receiver or a sender might be handed by mistake. */
const BAD = {
  // One byte: valid base64, and what `whsec_ab` used to become; a forger needs at most 256 tries.
  ONE_BYTE: 'whsec_YQ==',
  // 16 bytes: base64, but below the 24 the Standard Webhooks spec asks for.
  SHORT: key(16),
  // Not base64 at all (a passphrase pasted where the whsec_ secret belongs); Buffer.from skipped the rest.
  PASSPHRASE: 'whsec_my webhook secret!',
  // Unpadded: `Buffer.from` read it as 1 byte; the standardwebhooks library refuses it.
  UNPADDED: 'whsec_ab',
  // 32 zero bytes with a last character whose spare bits are set: decodes like AAAA…A=, but is not it.
  NON_CANONICAL: `whsec_${'A'.repeat(42)}B=`,
};
const body = '{"deploy":"main","note":"it\'s \\"quoted\\""}\n';

let dir: string;
const stint = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: dir, env: { ...process.env, ...SECRETS, ...env, STINT_CONFIG: '' } });
async function signed(profile: string, args: string[] = []): Promise<Record<string, string>> {
  const result = await stint(['sign', profile, '--config', 'stint.yml', '--format', 'json', ...args]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return (JSON.parse(result.stdout) as { headers: Record<string, string> }).headers;
}

/**
 * Runs `calls` in a node process of its own, as a service runs the package: JavaScript with
 * `verify` (the bundle's exports), `input` (the JSON given here), `probe(name, fn)` and `out`.
 * Resolves `out`: each probe as 'accepted' or `<class> <code>: <message>`, plus whatever `calls`
 * put there.
 */
async function receiver(calls: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const file = join(dir, `receiver-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    file,
    `import * as verify from ${JSON.stringify(BUNDLE)};
const input = JSON.parse(process.env.INPUT);
const out = {};
const probe = async (name, fn) => {
  try {
    await fn();
    out[name] = 'accepted';
  } catch (error) {
    out[name] = \`\${error.constructor.name} \${error.code}: \${error.message}\`;
  }
};
${calls}
console.log(JSON.stringify(out));
`,
  );
  const result = await run(process.execPath, [file], {
    env: { PATH: PATH_WITH_THIS_NODE, INPUT: JSON.stringify(input) },
  });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-verify-review-'));
  writeFileSync(
    join(dir, 'stint.yml'),
    `signing:
  jwt-hs: { type: jwt, alg: HS256, key_env: JWT_SECRET, ttl: 30s, claims: { iss: ci, aud: deploy-api } }
  sw: { type: hmac, format: standard-webhooks, secret_env: SW_GOOD }
  sw-rotating: { type: hmac, format: standard-webhooks, secret_env: [SW_GOOD, SW_OLD] }
  gh: { type: hmac, format: github, secret_env: GH_SECRET }
  sig: { type: http-signature, alg: ed25519, key_env: ED_KEY, keyid: ci-deploy }
  sig-no-digest: { type: http-signature, alg: ed25519, key_env: ED_KEY, keyid: ci-deploy, components: ["@method", "@authority", "@path"] }
`,
  );
  writeFileSync(join(dir, 'body.json'), body);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('verifyJwt replay protection covers the clock tolerance after exp', () => {
  it('a seen-store that keeps each jti until the time it is handed refuses a replay at exp + 1 s', async () => {
    const token = (await signed('jwt-hs')).Authorization?.replace(/^Bearer /, '') as string;
    const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(exp - iat).toBe(30);
    // The receiver's clock is moved by the calls; the store forgets each id at the time it was handed.
    const out = await receiver(
      `
const { token, secret, iat, exp } = input;
let nowSec = iat;
const kept = new Map();
out.handed = [];
const seen = (id, keepUntil) => {
  out.handed.push(keepUntil);
  for (const [k, until] of kept) if (until <= nowSec) kept.delete(k);
  if (kept.has(id)) return true;
  kept.set(id, keepUntil);
  return false;
};
const check = (name, at, clockToleranceSec) => { nowSec = at; return probe(name, () => verify.verifyJwt(token, {
  algorithms: ['HS256'], keys: [secret], audience: 'deploy-api', seen, now: () => nowSec * 1000,
  ...(clockToleranceSec === undefined ? {} : { clockToleranceSec }),
})); };
await check('first use', iat);
await check('replay before exp', iat + 1);
await check('replay at exp + 1 s', exp + 1);
await check('replay at exp + 29 s', exp + 29);
await check('replay at exp + 31 s', exp + 31);
kept.clear();
await check('first use, tolerance 5 s', iat, 5);
await check('replay at exp + 4 s, tolerance 5 s', exp + 4, 5);
await check('replay at exp + 6 s, tolerance 5 s', exp + 6, 5);
`,
      { token, secret: SECRETS.JWT_SECRET, iat, exp },
    );
    const REPLAYED = 'StintError ERR_TOKEN_REPLAYED: the token was already used (same jti)';
    const EXPIRED = 'StintError ERR_TOKEN_EXPIRED: the token has expired';
    expect(out).toEqual({
      'first use': 'accepted',
      'replay before exp': REPLAYED,
      // jose still takes the token for the 30 s of tolerance after exp: the id must still be kept.
      'replay at exp + 1 s': REPLAYED,
      'replay at exp + 29 s': REPLAYED,
      'replay at exp + 31 s': EXPIRED,
      'first use, tolerance 5 s': 'accepted',
      'replay at exp + 4 s, tolerance 5 s': REPLAYED,
      'replay at exp + 6 s, tolerance 5 s': EXPIRED,
      // Called only for tokens that passed every other check, with exp + the tolerance.
      handed: [exp + 30, exp + 30, exp + 30, exp + 30, exp + 5, exp + 5],
    });
  });

  it("algorithms that verifyJwt does not accept ('none', a typo, not a list) are ERR_VERIFY_CONFIG naming the accepted ones", async () => {
    const token = (await signed('jwt-hs')).Authorization?.replace(/^Bearer /, '') as string;
    const out = await receiver(
      `
const check = (name, algorithms) => probe(name, () => verify.verifyJwt(input.token, { algorithms, keys: [input.secret], audience: 'deploy-api' }));
await check('HS256', ['HS256']);
await check('none', ['none']);
await check('ES512 beside HS256', ['HS256', 'ES512']);
await check('a string', 'HS256');
await check('an empty list', []);
`,
      { token, secret: SECRETS.JWT_SECRET },
    );
    const accepted = 'some of HS256, HS384, HS512, RS256, RS384, RS512, PS256, ES256, ES384, EdDSA';
    const CONFIG = 'StintError ERR_VERIFY_CONFIG: verifyJwt: algorithms';
    expect(out).toEqual({
      HS256: 'accepted',
      none: `${CONFIG} has "none", which is not accepted (an unsigned token is never accepted); use ${accepted}`,
      'ES512 beside HS256': `${CONFIG} has "ES512", which is not accepted; use ${accepted}`,
      'a string': `${CONFIG} must be a list of the algorithms to accept, ${accepted}; got a string`,
      'an empty list': `${CONFIG} must be a list of the algorithms to accept, ${accepted}; got an empty list`,
    });
  });
});

describe('Standard Webhooks secrets: strict base64 of at least 24 bytes, on both sides', () => {
  it('verifyHmacWebhook refuses a secret that is not base64 or is under 24 bytes, naming which, never quoting it', async () => {
    const headers = await signed('sw', ['--body-file', 'body.json']);
    const out = await receiver(
      `
const check = (name, secrets) => probe(name, () => verify.verifyHmacWebhook({ format: 'standard-webhooks', secrets, headers: input.headers, body: input.body }));
const { good, bad, key24, key48 } = input;
await check('the right secret', [good]);
await check('another 24-byte secret', [key24]);
await check('ONE_BYTE', [bad.ONE_BYTE]);
await check('SHORT', [good, bad.SHORT]);
await check('PASSPHRASE', [bad.PASSPHRASE]);
await check('UNPADDED', [good, key48, bad.UNPADDED]);
await check('NON_CANONICAL', [bad.NON_CANONICAL]);
`,
      { headers, body, good: SECRETS.SW_GOOD, bad: BAD, key24: key(24), key48: key(48) },
    );
    const fix = '; check the variable it comes from';
    const refused = 'StintError ERR_VERIFY_CONFIG: verifyHmacWebhook: secret';
    const notBase64 =
      'is not base64 after whsec_ (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters)';
    const short = (n: number) =>
      `is a key of ${n} byte${n === 1 ? '' : 's'}, and Standard Webhooks keys are at least 24 bytes (192 bits); make a new one: whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)`;
    expect(out).toEqual({
      'the right secret': 'accepted',
      // A 24-byte key is long enough; it only fails to match.
      'another 24-byte secret':
        'StintError ERR_SIGNATURE_INVALID: the standard-webhooks webhook signature does not match the secret',
      ONE_BYTE: `${refused} 1 ${short(1)}${fix}`,
      SHORT: `${refused} 2 ${short(16)}${fix}`,
      PASSPHRASE: `${refused} 1 ${notBase64}${fix}`,
      UNPADDED: `${refused} 3 ${notBase64}${fix}`,
      NON_CANONICAL: `${refused} 1 is not canonical base64 after whsec_ (its last character carries bits that are not part of the key)${fix}`,
    });
    for (const [name, secret] of Object.entries(BAD)) expectNoSecret(out[name] as string, secret, name);
  });

  it('stint sign refuses such a secret (ERR_SIGNING_CONFIG) naming the field and variable, never printing it', async () => {
    const sign = (profile: string, env: Record<string, string>) =>
      stint(['sign', profile, '--config', 'stint.yml', '--body-file', 'body.json'], env);
    const runs = {
      ONE_BYTE: await sign('sw', { SW_GOOD: BAD.ONE_BYTE }),
      SHORT: await sign('sw-rotating', { SW_OLD: BAD.SHORT }),
      PASSPHRASE: await sign('sw', { SW_GOOD: BAD.PASSPHRASE }),
      UNPADDED: await sign('sw', { SW_GOOD: BAD.UNPADDED }),
      NON_CANONICAL: await sign('sw-rotating', { SW_GOOD: BAD.NON_CANONICAL, SW_OLD: key(24) }),
    };
    const field = (name: string, variable: string) =>
      `stint: stint.yml: signing profile "${name}": field "secret_env": environment variable ${variable}`;
    const short = (n: number) =>
      `is a key of ${n} byte${n === 1 ? '' : 's'}, and Standard Webhooks keys are at least 24 bytes (192 bits); make a new one: whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)`;
    const notBase64 =
      'is not base64 after whsec_ (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters)';
    expect(
      Object.fromEntries(
        Object.entries(runs).map(([name, { code, stdout, stderr }]) => [name, { code, stdout, stderr }]),
      ),
    ).toEqual({
      ONE_BYTE: { code: 1, stdout: '', stderr: `${field('sw', 'SW_GOOD')} ${short(1)}\n` },
      SHORT: { code: 1, stdout: '', stderr: `${field('sw-rotating', 'SW_OLD')} ${short(16)}\n` },
      PASSPHRASE: { code: 1, stdout: '', stderr: `${field('sw', 'SW_GOOD')} ${notBase64}\n` },
      UNPADDED: { code: 1, stdout: '', stderr: `${field('sw', 'SW_GOOD')} ${notBase64}\n` },
      NON_CANONICAL: {
        code: 1,
        stdout: '',
        stderr: `${field('sw-rotating', 'SW_GOOD')} is not canonical base64 after whsec_ (its last character carries bits that are not part of the key)\n`,
      },
    });
    for (const [name, { stdout, stderr }] of Object.entries(runs))
      expectNoSecret([stdout, stderr], BAD[name as keyof typeof BAD], name);
  });

  it('a valid secret interoperates with the standardwebhooks library both ways', async () => {
    const headers = await signed('sw', ['--body-file', 'body.json']);
    const library = new Webhook(SECRETS.SW_GOOD);
    // stint signs, the library verifies.
    expect(library.verify(body, headers)).toEqual(JSON.parse(body));
    // The library signs, stint verifies.
    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const now = new Date();
    const theirs = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': library.sign(id, now, body),
    };
    const out = await receiver(
      `
await probe('theirs', async () => { out.result = verify.verifyHmacWebhook({ format: 'standard-webhooks', secrets: [input.good], headers: input.headers, body: input.body }); });
`,
      { headers: theirs, body, good: SECRETS.SW_GOOD },
    );
    expect(out).toEqual({
      theirs: 'accepted',
      result: { secretIndex: 0, id, timestamp: Number(theirs['webhook-timestamp']) },
    });
    // The library refuses the malformed secrets too (it takes short keys; stint, by the spec, does not).
    for (const secret of [BAD.PASSPHRASE, BAD.UNPADDED]) expect(() => new Webhook(secret)).toThrow(/Base64Coder/);
  });
});

describe('a parsed body is a set-up error, not a raw TypeError', () => {
  const parsedBody = (caller: string) =>
    `StintError ERR_VERIFY_CONFIG: ${caller}: body must be the raw bytes as received (a Buffer, ArrayBuffer or string), got an object (a parsed body, such as req.body after express.json()?); pass the raw body, e.g. from express.raw({ type: () => true }), or the bytes read from the request`;

  it('verifyHmacWebhook', async () => {
    const headers = await signed('gh', ['--body-file', 'body.json']);
    const out = await receiver(
      `
const check = (name, body) => probe(name, () => verify.verifyHmacWebhook({ format: 'github', secrets: [input.secret], headers: input.headers, body }));
await check('a string', input.body);
await check('a Buffer', Buffer.from(input.body));
await check('a Uint8Array', new Uint8Array(Buffer.from(input.body)));
await check('parsed JSON (express.json())', JSON.parse(input.body));
await check('undefined (no body parser)', undefined);
await probe('undefined, with a Content-Length', () => verify.verifyHmacWebhook({ format: 'github', secrets: [input.secret], headers: { ...input.headers, 'content-length': String(input.body.length) }, body: undefined }));
`,
      { headers, body, secret: SECRETS.GH_SECRET },
    );
    expect(out).toEqual({
      'a string': 'accepted',
      'a Buffer': 'accepted',
      'a Uint8Array': 'accepted',
      'parsed JSON (express.json())': parsedBody('verifyHmacWebhook'),
      // Headers without Content-Length or Transfer-Encoding say there is no body: undefined is the
      // empty body, which is not what was signed.
      'undefined (no body parser)':
        'StintError ERR_SIGNATURE_INVALID: the github webhook signature does not match the secret',
      // A body the headers announce and nothing read is the set-up error.
      'undefined, with a Content-Length': `StintError ERR_VERIFY_CONFIG: verifyHmacWebhook: body is undefined, but the request has one (Content-Length "${body.length}") that nothing read; pass the raw bytes as received, e.g. from express.raw({ type: () => true }) on the route (with a narrower type, a request of another Content-Type leaves req.body undefined), or the bytes read from the request`,
    });
  });

  it('verifyHttpSignature, whether or not the signature covers Content-Digest', async () => {
    const url = 'https://api.example.com/deploy';
    const signedBy = async (profile: string) =>
      signed(profile, ['--method', 'POST', '--url', url, '--body-file', 'body.json']);
    const out = await receiver(
      `
const { createPublicKey } = await import('node:crypto');
const keys = { 'ci-deploy': { alg: 'ed25519', key: createPublicKey(input.key) } };
const check = (name, headers, body, requiredComponents) => probe(name, () => verify.verifyHttpSignature({
  method: 'POST', url: input.url, headers, body, keys, ...(requiredComponents ? { requiredComponents } : {}) }));
const noDigest = ['@method', '@authority', '@path'];
await check('raw, with digest', input.digest, Buffer.from(input.body));
await check('parsed, with digest', input.digest, JSON.parse(input.body));
await check('raw, no digest', input.plain, Buffer.from(input.body), noDigest);
await check('parsed, no digest', input.plain, JSON.parse(input.body), noDigest);
`,
      {
        url,
        body,
        key: ed.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        digest: await signedBy('sig'),
        plain: await signedBy('sig-no-digest'),
      },
    );
    expect(out).toEqual({
      'raw, with digest': 'accepted',
      'parsed, with digest': parsedBody('verifyHttpSignature'),
      'raw, no digest': 'accepted',
      'parsed, no digest': parsedBody('verifyHttpSignature'),
    });
  });
});

describe('a signed timestamp outside the tolerance says which way', () => {
  it('"N s in the future" or "N s old", never a negative distance', async () => {
    const headers = await signed('sw', ['--body-file', 'body.json']);
    const ts = Number(headers['webhook-timestamp']);
    const out = await receiver(
      `
for (const offset of [-301, 301, -300, 300])
  await probe(String(offset), () => verify.verifyHmacWebhook({ format: 'standard-webhooks', secrets: [input.good], headers: input.headers,
    body: input.body, now: () => (input.ts + offset) * 1000 }));
`,
      { headers, body, ts, good: SECRETS.SW_GOOD },
    );
    const expired = (distance: string) =>
      `StintError ERR_SIGNATURE_EXPIRED: the signed timestamp is ${distance}, outside the 300 s tolerance (a replay, or a clock out of sync)`;
    // The receiver's clock 301 s behind the signer's: the timestamp is in its future.
    expect(out).toEqual({
      '-301': expired('301 s in the future'),
      '301': expired('301 s old'),
      '-300': 'accepted',
      '300': 'accepted',
    });
  });
});

describe("a receiver's clock that gives no number is a set-up error, not a check skipped", () => {
  it('verifyHmacWebhook and verifyHttpSignature refuse now() returning NaN or a string, even for an old signature', async () => {
    const url = 'https://api.example.com/deploy';
    const sw = await signed('sw', ['--body-file', 'body.json']);
    const sig = await signed('sig', ['--method', 'POST', '--url', url, '--body-file', 'body.json']);
    const out = await receiver(
      `
const { createPublicKey } = await import('node:crypto');
const keys = { 'ci-deploy': { alg: 'ed25519', key: createPublicKey(input.key) } };
// An hour after signing: a working clock refuses both as too old.
const later = (Number(input.sw['webhook-timestamp']) + 3600) * 1000;
for (const [name, now] of [['later', () => later], ['NaN', () => Number.NaN], ['a string', () => String(later)]]) {
  await probe(\`webhook, \${name}\`, () => verify.verifyHmacWebhook({ format: 'standard-webhooks', secrets: [input.good], headers: input.sw, body: input.body, now }));
  await probe(\`http signature, \${name}\`, () => verify.verifyHttpSignature({ method: 'POST', url: input.url, headers: input.sig, body: Buffer.from(input.body), keys, now }));
}
`,
      {
        sw,
        sig,
        url,
        body,
        good: SECRETS.SW_GOOD,
        key: ed.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      },
    );
    const clock = (caller: string, got: string) =>
      `StintError ERR_VERIFY_CONFIG: ${caller}: now() must return milliseconds since the epoch as a finite number, got ${got}; pass a clock like () => Date.now()`;
    expect(out).toEqual({
      'webhook, later': expect.stringMatching(
        /^StintError ERR_SIGNATURE_EXPIRED: the signed timestamp is \d+ s old, outside the 300 s tolerance/,
      ),
      // Signed a moment after the webhook: its age by the same clock may be a second short of it.
      'http signature, later': expect.stringMatching(
        /^StintError ERR_SIGNATURE_EXPIRED: signature \S+ was created \d+ s ago, more than the 300 s allowed/,
      ),
      'webhook, NaN': clock('verifyHmacWebhook', 'NaN'),
      'http signature, NaN': clock('verifyHttpSignature', 'NaN'),
      'webhook, a string': clock('verifyHmacWebhook', 'a string'),
      'http signature, a string': clock('verifyHttpSignature', 'a string'),
    });
  });
});
