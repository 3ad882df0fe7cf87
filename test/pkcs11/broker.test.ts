import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { selfSignedServerCertificate } from '../../src/demo/server-certificate.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { stackConfig } from '../broker/stack.js';
import { CLI, freePort, logEntries, type RunningBroker, startBroker, startBrokerAt } from '../helpers/broker.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { initSoftHsm, SOFTHSM_MODULE, type SoftHsm } from './softhsm.js';

/**
 * The built broker with `keys.pkcs11` on a real SoftHSM2 token (initialised here, in a temp dir):
 * tokens it mints verify with jose through its JWKS, its client certificates are accepted by a
 * TLS server, two brokers on two state dirs share the token's keys, rotation happens in the token,
 * and no private key is ever on disk.
 */
const run = promisify(execFile);
let issuer: GithubIssuer;
let hsm: SoftHsm;
const brokers: RunningBroker[] = [];

beforeAll(async () => {
  issuer = await startGithubIssuer();
  hsm = initSoftHsm();
});
afterAll(async () => {
  for (const broker of brokers) await broker.stop();
  await issuer?.stop();
  if (hsm) rmSync(hsm.dir, { recursive: true, force: true });
});

function configFor(url: string, algorithm = 'ES256', keys = hsm.yaml): string {
  return stackConfig(url, issuer.url).replace(
    'keys: { dir: keys, algorithm: EdDSA }',
    `keys: { dir: keys, algorithm: ${algorithm}, pkcs11: ${keys} }`,
  );
}

async function startHsmBroker(
  env: Record<string, string> = hsm.env,
  algorithm = 'ES256',
  keys = hsm.yaml,
): Promise<RunningBroker> {
  const broker = await startBrokerAt((url) => configFor(url, algorithm, keys), { env });
  brokers.push(broker);
  return broker;
}

async function exchange(
  broker: RunningBroker,
  idToken?: string,
): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> {
  const token = idToken ?? (await issuer.mint({ aud: broker.url }));
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function accessToken(broker: RunningBroker): Promise<string> {
  const { status, body } = await exchange(broker);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.access_token as string;
}

/** jose, as a resource server uses it: the broker's JWKS by URL. */
async function verifyWithJose(token: string, jwksOf: RunningBroker, issuerUrl: string) {
  const jwks = createRemoteJWKSet(new URL(`${jwksOf.url}/.well-known/jwks.json`));
  return jwtVerify(token, jwks, {
    issuer: issuerUrl,
    audience: 'https://api.warehouse.example.com',
    typ: 'at+jwt',
  });
}

function stint(broker: RunningBroker, ...args: string[]) {
  return run(process.execPath, [CLI, ...args, '--config', join(broker.dir, 'stint.yml')], {
    env: { ...process.env, ...hsm.env },
    encoding: 'utf8',
  });
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

async function jwksKids(broker: RunningBroker): Promise<string[]> {
  const { keys } = (await (await fetch(`${broker.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
  return keys.map((key) => key.kid);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ceilingMs = 60_000): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe('keys.pkcs11 on SoftHSM2, through the built broker', () => {
  let a: RunningBroker;
  let b: RunningBroker;

  beforeAll(async () => {
    a = await startHsmBroker();
    b = await startHsmBroker();
  });

  it('mints ES256 tokens that jose verifies through the JWKS, and nothing secret is in the state dir', async () => {
    const token = await accessToken(a);
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const { payload } = await verifyWithJose(token, a, a.url);
    expect(payload).toMatchObject({ project: 'warehouse', scope: 'read write' });
    expect(await jwksKids(a)).toContain(header.kid);
  });

  it('says in its start-up log that its keys are in the token, not in keys.dir', () => {
    const lines = logEntries(a.stdout()).map((entry) => String(entry.msg));
    expect(lines).toContainEqual(expect.stringContaining(`keys pkcs11:${hsm.label} (ES256), audit`));
    expect(lines.filter((line) => line.includes(`keys ${join(a.dir, 'keys')}`))).toEqual([]);
  });

  it('two brokers on two state dirs sharing the token verify each other’s tokens', async () => {
    expect(a.dir).not.toBe(b.dir);
    const fromA = await accessToken(a);
    const fromB = await accessToken(b);
    expect(decodeProtectedHeader(fromA).kid).toBe(decodeProtectedHeader(fromB).kid);
    await verifyWithJose(fromA, b, a.url);
    await verifyWithJose(fromB, a, b.url);
    // And each broker's own check (introspection through revocation) takes the other's token.
    const revoke = await fetch(`${b.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: fromA }),
    });
    expect(revoke.status).toBe(200);
  });

  it('issues mTLS client certificates from a CA whose key is in the token, accepted by a TLS server', async () => {
    const token = await accessToken(a);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const response = await fetch(`${a.url}/mtls/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csr: await createCsr(privateKey, 'ci job') }),
    });
    const issued = (await response.json()) as { certificate: string };
    expect(response.status, JSON.stringify(issued)).toBe(200);
    const caPem = await (await fetch(`${a.url}/mtls/ca.pem`)).text();
    // The other broker on the token serves the same CA.
    expect(await (await fetch(`${b.url}/mtls/ca.pem`)).text()).toBe(caPem);
    expect(new X509Certificate(issued.certificate).checkIssued(new X509Certificate(caPem))).toBe(true);

    const { certPem, keyPem } = await selfSignedServerCertificate();
    const server = createServer(
      { cert: certPem, key: keyPem, ca: caPem, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        res.end(String(peer.subjectaltname));
      },
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const port = (server.address() as AddressInfo).port;
      const body = await new Promise<string>((done, fail) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/',
            cert: issued.certificate,
            key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
            rejectUnauthorized: false,
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
            res.on('end', () => done(text));
          },
        );
        req.on('error', fail);
        req.end();
      });
      expect(body).toBe('URI:urn:stint:project:warehouse');
    } finally {
      server.close();
    }
    // The CA in the token has its expiry watched like a CA file: a reload runs the check now.
    const caNotAfter = Math.floor(Date.parse(new X509Certificate(caPem).validTo) / 1000);
    a.process.kill('SIGHUP');
    await vi.waitFor(
      async () => {
        const metrics = await (await fetch(`${a.url}/metrics`)).text();
        expect(metrics).toMatch(
          new RegExp(`^stint_certificate_expiry_timestamp_seconds\\{certificate="mtls_ca"\\} ${caNotAfter}$`, 'm'),
        );
      },
      { timeout: 30_000, interval: 250 },
    );
  });

  it('keeps no private key on disk: a scan of both state dirs finds none', async () => {
    const findings: string[] = [];
    for (const broker of [a, b]) {
      for (const file of filesUnder(broker.dir)) {
        const text = readFileSync(file, 'latin1');
        if (/PRIVATE KEY/.test(text) || /"d"\s*:/.test(text)) findings.push(file);
      }
      expect(filesUnder(broker.dir).some((file) => file.endsWith('.pem'))).toBe(false);
    }
    expect(findings).toEqual([]);
  });

  it('stint keys rotate publishes the successor in the token before it signs, on both brokers', async () => {
    const before = await jwksKids(a);
    expect(before).toHaveLength(1);
    const { stdout } = await stint(a, 'keys', 'rotate');
    expect(stdout).toMatch(/is published now and signs from/);
    const next = await waitFor('the successor in both JWKS', async () => {
      const [kidsA, kidsB] = [await jwksKids(a), await jwksKids(b)];
      return kidsA.length === 2 && kidsB.length === 2 ? kidsA : undefined;
    });
    expect(next).toContain(before[0]);
    // Published, not signing yet: tokens still carry the old kid.
    expect(decodeProtectedHeader(await accessToken(a)).kid).toBe(before[0]);
    const listed = await stint(a, 'keys', 'list', '--json');
    const keys = (JSON.parse(listed.stdout) as { keys: { state: string }[] }).keys;
    expect(keys.map((key) => key.state).sort()).toEqual(['current', 'next']);
  });

  it('stint keys rotate --now under steady load: every exchange succeeds, old kids leave the JWKS, audited', async () => {
    const old = await jwksKids(a);
    let stop = false;
    const statuses: number[] = [];
    const kids = new Set<string>();
    const load = (async () => {
      while (!stop) {
        for (const broker of [a, b]) {
          const { status, body } = await exchange(broker);
          statuses.push(status);
          if (status === 200) kids.add(decodeProtectedHeader(body.access_token as string).kid!);
        }
      }
    })();
    await waitFor('some load', async () => (statuses.length >= 4 ? true : undefined));
    const { stdout } = await stint(a, 'keys', 'rotate', '--now');
    expect(stdout).toMatch(/signs now; dropped from the JWKS: /);
    const fresh = await waitFor('one new kid in both JWKS', async () => {
      const [kidsA, kidsB] = [await jwksKids(a), await jwksKids(b)];
      return kidsA.length === 1 && kidsB.length === 1 && !old.includes(kidsA[0]!) && kidsB[0] === kidsA[0]
        ? kidsA[0]
        : undefined;
    });
    const countAfter = statuses.length;
    await waitFor('load after the rotation', async () => (statuses.length >= countAfter + 4 ? true : undefined));
    stop = true;
    await load;
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(kids.has(fresh)).toBe(true);
    const token = await accessToken(b);
    expect(decodeProtectedHeader(token).kid).toBe(fresh);
    await verifyWithJose(token, a, b.url);
    const audit = readFileSync(join(a.dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => event.event === 'key_rotated');
    expect(audit.map((event) => event.reason)).toEqual(
      expect.arrayContaining([
        'rotation scheduled by stint keys rotate',
        'emergency rotation (stint keys rotate --now): old keys dropped at once',
      ]),
    );
    expect(audit.at(-1)).toMatchObject({ kid: fresh, dropped: expect.arrayContaining(old) });
  });
});

describe('keys.pkcs11 errors, from the built CLI', () => {
  async function serveFails(env: Record<string, string>, keys = hsm.yaml, algorithm = 'ES256'): Promise<string> {
    const failure = await startBrokerAt((url) => configFor(url, algorithm, keys), { env }).then(
      (broker) => {
        brokers.push(broker);
        throw new Error('the broker started');
      },
      (error: Error) => error.message,
    );
    return failure;
  }

  it('a wrong PIN (ERR_PKCS11_PIN) is named by its return code, and the PIN is never printed', async () => {
    const wrong = `wrong-${hsm.pin}`;
    const output = await serveFails({ ...hsm.env, STINT_HSM_PIN: wrong });
    expect(output).toContain('stint: token stint-test refused the PIN in STINT_HSM_PIN (CKR_PIN_INCORRECT)');
    expectNoSecret(output, wrong, 'the wrong PIN');
    expectNoSecret(output, hsm.pin, 'the PIN');
  });

  it('the PIN variable unset (ERR_PKCS11_PIN): the message names the variable', async () => {
    const output = await serveFails({ SOFTHSM2_CONF: hsm.env.SOFTHSM2_CONF!, STINT_HSM_PIN: '' });
    expect(output).toMatch(
      /stint: \S+:\d+:\d+: keys\.pkcs11\.pin_env names STINT_HSM_PIN, but that environment variable is not set; export it, holding the user PIN of token /,
    );
  });

  it('a token label no slot has (ERR_PKCS11_TOKEN): the message lists the labels found', async () => {
    const output = await serveFails(hsm.env, hsm.yaml.replace(`token: ${hsm.label}`, 'token: no-such-token'));
    expect(output).toContain(
      `stint: no token labelled no-such-token (keys.pkcs11.token) in ${SOFTHSM_MODULE}; tokens found: "${hsm.label}"`,
    );
  });

  it('the binding not installed (ERR_PKCS11_BINDING): the CLI copied where no node_modules is says what to install', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'stint-no-binding-'));
    try {
      cpSync(dirname(CLI), join(alone, 'cli'), { recursive: true });
      const port = await freePort();
      writeFileSync(join(alone, 'stint.yml'), configFor(`http://127.0.0.1:${port}`));
      const result = await run(
        process.execPath,
        [join(alone, 'cli/index.js'), 'serve', '--config', join(alone, 'stint.yml'), '--port', String(port)],
        {
          cwd: alone,
          env: { ...process.env, ...hsm.env },
          encoding: 'utf8',
          // If it serves instead of refusing, it is killed rather than left running.
          timeout: 120_000,
          killSignal: 'SIGKILL',
        },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('stint: keys.pkcs11 needs the PKCS#11 binding pkcs11js, which is not installed');
      expect(result.stderr).toContain('npm install pkcs11js');
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('a module that is not there (ERR_PKCS11_MODULE)', async () => {
    const output = await serveFails(hsm.env, hsm.yaml.replace(/module: \S+,/, 'module: /nonexistent/libpkcs11.so,'));
    expect(output).toContain('stint: the PKCS#11 module /nonexistent/libpkcs11.so (keys.pkcs11.module) does not exist');
  });

  it('a library that cannot start (ERR_PKCS11_MODULE): C_Initialize failed, and what to check (its own config, SOFTHSM2_CONF)', async () => {
    const output = await serveFails({ ...hsm.env, SOFTHSM2_CONF: join(hsm.dir, 'nonexistent.conf') });
    expect(output).toContain(
      `stint: ${SOFTHSM_MODULE}: C_Initialize failed: CKR_GENERAL_ERROR; the library could not start`,
    );
    expect(output).toContain('SoftHSM: the file SOFTHSM2_CONF names');
    expectNoSecret(output, hsm.pin, 'the PIN');
  });

  it('a token that does not offer what keys.algorithm needs (ERR_PKCS11_MECHANISM): EdDSA on a token without it', async () => {
    // SoftHSM 2.6.1 here signs EdDSA (test/pkcs11/keyset.test.ts); this token is configured to offer
    // only ECDSA (slots.mechanisms), as an HSM without EdDSA is.
    const ecdsaOnly = initSoftHsm('ecdsa-only', { mechanisms: ['CKM_EC_KEY_PAIR_GEN', 'CKM_ECDSA'] });
    try {
      const output = await serveFails(ecdsaOnly.env, ecdsaOnly.yaml, 'EdDSA');
      expect(output).toContain(
        'stint: token ecdsa-only does not offer CKM_EC_EDWARDS_KEY_PAIR_GEN and CKM_EDDSA, which EdDSA needs; set keys.algorithm to one the token supports',
      );
      expectNoSecret(output, ecdsaOnly.pin, 'the PIN');
      // The same token serves ES256, which it offers.
      const broker = await startHsmBroker(ecdsaOnly.env, 'ES256', ecdsaOnly.yaml);
      expect(decodeProtectedHeader(await accessToken(broker))).toMatchObject({ alg: 'ES256' });
    } finally {
      rmSync(ecdsaOnly.dir, { recursive: true, force: true });
    }
  });
});

describe('keys.pkcs11: a lost session that cannot be reopened', () => {
  it('answers 503 temporarily_unavailable to exchanges without spending their ID token, /readyz 503, names the PKCS#11 code in its log, and stays alive', async () => {
    const lost = initSoftHsm('stint-lost');
    try {
      const broker = await startHsmBroker(lost.env, 'ES256', lost.yaml);
      const minted = await accessToken(broker);
      expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);

      // The token goes away under the running broker, as an HSM that restarts or a network HSM
      // cut off does: SoftHSM's token store moves out of its token dir.
      const [tokenDir] = readdirSync(join(lost.dir, 'tokens'));
      renameSync(join(lost.dir, 'tokens', tokenDir!), join(lost.dir, 'gone'));

      const ready = await waitFor('/readyz 503', async () => {
        const response = await fetch(`${broker.url}/readyz`);
        return response.status === 503 ? ((await response.json()) as Record<string, unknown>) : undefined;
      });
      // The public reason names the token, nothing more (its label and return codes are in the log).
      expect(ready).toEqual({ status: 'unavailable', reason: 'the broker cannot reach its PKCS#11 token' });
      // Exchanges are refused as temporary, not as a server error or a missing key to rotate.
      const { status, retryAfter, body } = await exchange(broker);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        error: 'temporarily_unavailable',
        error_description: 'the broker cannot reach its signing keys; try again shortly',
      });
      // With when to try again, as for the store and the audit log (the broker tries the token again every 5 s).
      expect(retryAfter).toBe('5');
      // A certificate, signed by the CA key in the same token, is refused the same way.
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const certificate = await fetch(`${broker.url}/mtls/certificates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${minted}`, 'content-type': 'application/json' },
        body: JSON.stringify({ csr: await createCsr(privateKey, 'ci job') }),
      });
      expect({ status: certificate.status, retryAfter: certificate.headers.get('retry-after') }).toEqual({
        status: 503,
        retryAfter: '5',
      });
      expect(await certificate.json()).toMatchObject({ error: 'temporarily_unavailable' });
      // Alive, so a supervisor keeps it running while it reconnects.
      expect((await fetch(`${broker.url}/livez`)).status).toBe(200);
      const errors = logEntries(broker.stdout())
        .filter((entry) => entry.level === 'error')
        .map((entry) => String(entry.msg));
      expect(errors).toContainEqual(
        expect.stringMatching(
          /lost the session with token stint-lost and cannot open a new one for \w+: .*CKR_[A-Z_]+/,
        ),
      );
      expect(errors.filter((msg) => /no signing key is active|rotate --now/.test(msg))).toEqual([]);
      // Its own log says what /readyz found, and how it tries again (as docs/pkcs11.md says).
      expect(errors).toContainEqual(expect.stringMatching(/^\/readyz: PKCS#11 token unreachable: /));
      expect(errors.filter((msg) => /every 5 s/.test(msg) && !/backing off to every 30 s/.test(msg))).toEqual([]);
      expectNoSecret(broker.output(), lost.pin, 'the PIN');

      // The ID token of a refused exchange is not spent: once the token is back (here, for a
      // broker restarted on the same state dir), the job's retry with it gets its stint token.
      const kept = await issuer.mint({ aud: broker.url });
      expect((await exchange(broker, kept)).status).toBe(503);
      const exited = new Promise((done) => broker.process.once('exit', done));
      broker.process.kill('SIGTERM');
      await exited;
      renameSync(join(lost.dir, 'gone'), join(lost.dir, 'tokens', tokenDir!));
      const again = await startBroker({
        configYaml: readFileSync(join(broker.dir, 'stint.yml'), 'utf8'),
        dir: broker.dir,
        env: lost.env,
        args: ['--port', new URL(broker.url).port],
      });
      try {
        const retried = await exchange(again, kept);
        expect(retried.status, JSON.stringify(retried.body)).toBe(200);
        // And now it is spent.
        expect((await exchange(again, kept)).body).toMatchObject({ error: 'invalid_token' });
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(lost.dir, { recursive: true, force: true });
    }
  });
});

describe('keys.pkcs11: a token that comes back', () => {
  it('two running brokers get it back by themselves, without a restart: /readyz 200 and exchanges 200 again', async () => {
    const away = initSoftHsm('stint-away');
    try {
      const brokers = [
        await startHsmBroker(away.env, 'ES256', away.yaml),
        await startHsmBroker(away.env, 'ES256', away.yaml),
      ];
      for (const broker of brokers) await accessToken(broker);

      // SoftHSM's whole token store goes away and an empty one takes its place; once the library
      // has seen that, it answers CKR_GENERAL_ERROR for the token until it is initialised anew.
      renameSync(join(away.dir, 'tokens'), join(away.dir, 'tokens.away'));
      mkdirSync(join(away.dir, 'tokens'), { mode: 0o700 });
      for (const broker of brokers) {
        await waitFor('/readyz 503', async () =>
          (await fetch(`${broker.url}/readyz`)).status === 503 ? true : undefined,
        );
        expect((await exchange(broker)).status).toBe(503);
      }

      rmdirSync(join(away.dir, 'tokens'));
      renameSync(join(away.dir, 'tokens.away'), join(away.dir, 'tokens'));
      for (const broker of brokers) {
        await waitFor(
          '/readyz 200 after the token came back',
          async () => ((await fetch(`${broker.url}/readyz`)).status === 200 ? true : undefined),
          120_000,
        );
        const again = await exchange(broker);
        expect(again.status, JSON.stringify(again.body)).toBe(200);
        // The same process all along: nothing restarted it.
        expect(broker.exitCode()).toBeNull();
        expectNoSecret(broker.output(), away.pin, 'the PIN');
      }
      // What each broker signs now verifies at the other, as before the token went away.
      const [first, second] = brokers as [RunningBroker, RunningBroker];
      await verifyWithJose(await accessToken(first), second, first.url);
    } finally {
      rmSync(away.dir, { recursive: true, force: true });
    }
  });
});

describe('keys.pkcs11: keys.algorithm changed between restarts', () => {
  it('publishes a key of the new algorithm in the token at once, audits it and says when it signs', async () => {
    const changed = initSoftHsm('stint-alg');
    try {
      const first = await startHsmBroker(changed.env, 'RS256', changed.yaml);
      expect(decodeProtectedHeader(await accessToken(first)).alg).toBe('RS256');
      // Stopped without removing its dir (stop() would): the restart runs on the same state.
      const exited = new Promise((done) => first.process.once('exit', done));
      first.process.kill('SIGTERM');
      await exited;
      const again = await startBroker({
        configYaml: readFileSync(join(first.dir, 'stint.yml'), 'utf8').replace('algorithm: RS256', 'algorithm: ES256'),
        dir: first.dir,
        env: changed.env,
        args: ['--port', new URL(first.url).port],
      });
      try {
        // Published before it signs (the publish-ahead window is 24 h with the default grace).
        const { keys } = (await (await fetch(`${again.url}/.well-known/jwks.json`)).json()) as {
          keys: { kid: string; alg: string }[];
        };
        expect(keys.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
        expect(decodeProtectedHeader(await accessToken(again)).alg).toBe('RS256');
        const es256 = keys.find((key) => key.alg === 'ES256')!;
        await waitFor('the warning', async () =>
          again.stdout().includes('WARN_KEY_ALGORITHM_PENDING') ? true : undefined,
        );
        const lines = logEntries(again.stdout());
        expect(lines.find((l) => l.code === 'WARN_KEY_ALGORITHM_PENDING')?.msg).toMatch(
          new RegExp(`^signing RS256 until \\S+Z, configured ES256: the ES256 key ${es256.kid} is published now`),
        );
        expect(lines.map((l) => String(l.msg))).toContainEqual(
          expect.stringContaining(`keys pkcs11:stint-alg (RS256)`),
        );
        const rotated = readFileSync(join(first.dir, 'audit.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((event) => event.event === 'key_rotated');
        expect(rotated.at(-1)).toMatchObject({
          reason: 'keys.algorithm changed from RS256 to ES256',
          generated: [es256.kid],
        });
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(changed.dir, { recursive: true, force: true });
    }
  });
});

describe('keys.pkcs11: a token emptied and initialised anew under a running broker', () => {
  it('warns at start about file keys left in keys.dir; audits and logs the lost signing key and the replaced CA as such', async () => {
    const wiped = initSoftHsm('stint-wiped');
    const dir = mkdtempSync(join(tmpdir(), 'stint-wiped-'));
    try {
      // A broker dir that ran with file keys first: its signing key and manifest are still in keys/.
      writeFileSync(join(dir, 'stint.yml'), stackConfig('http://127.0.0.1:1', issuer.url));
      await run(process.execPath, [CLI, 'keys', 'rotate', '--now', '--config', join(dir, 'stint.yml')], {
        encoding: 'utf8',
      });
      const [pem] = readdirSync(join(dir, 'keys')).filter((name) => name.endsWith('.pem'));
      expect(pem).toMatch(/^[\w-]+\.pem$/);
      const broker = await startBrokerAt((url) => configFor(url, 'ES256', wiped.yaml), { env: wiped.env, dir });
      brokers.push(broker);
      // Start-up notes are logged right after the listening line.
      const warned = await waitFor('the start-up warnings', async () => {
        const lines = logEntries(broker.stdout())
          .filter((entry) => entry.level === 'warn')
          .map((entry) => String(entry.msg));
        return lines.some((line) => line.startsWith('keys.pkcs11 is set')) ? lines : undefined;
      });
      expect(warned).toContainEqual(
        expect.stringContaining(
          `keys.pkcs11 is set, but ${join(dir, 'keys')} still holds the signing keys of file-key mode (${pem}, keys.json): this broker neither publishes nor uses them, so tokens they signed no longer verify; delete them once those tokens expired (the longest max_ttl is `,
        ),
      );

      const certificate = async (): Promise<number> => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const response = await fetch(`${broker.url}/mtls/certificates`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await accessToken(broker)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ csr: await createCsr(privateKey, 'ci job') }),
        });
        await response.arrayBuffer();
        return response.status;
      };
      expect(await certificate()).toBe(200);
      const before = new X509Certificate(await (await fetch(`${broker.url}/mtls/ca.pem`)).text());
      const [lostKid] = await jwksKids(broker);

      // The HSM loses everything and a token of the same label takes its place, empty.
      for (const name of readdirSync(join(wiped.dir, 'tokens')))
        rmSync(join(wiped.dir, 'tokens', name), { recursive: true, force: true });
      await run(
        'softhsm2-util',
        ['--init-token', '--free', '--label', wiped.label, '--pin', wiped.pin, '--so-pin', `so-${wiped.pin}`],
        { env: { ...process.env, ...wiped.env } },
      );
      await waitFor(
        'an exchange after the token was initialised anew',
        async () => ((await exchange(broker)).status === 200 ? true : undefined),
        180_000,
      );
      await waitFor(
        'a certificate from the new token',
        async () => ((await certificate()) === 200 ? true : undefined),
        60_000,
      );
      const after = new X509Certificate(await (await fetch(`${broker.url}/mtls/ca.pem`)).text());
      expect(after.raw.equals(before.raw)).toBe(false);

      const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const sha = (cert: X509Certificate) => `sha256:${createHash('sha256').update(cert.raw).digest('hex')}`;
      // Not "scheduled rotation": what was lost, and why a key was made.
      const regenerated = audit.filter(
        (line) => line.event === 'key_rotated' && String(line.reason).startsWith('keys missing from the token'),
      );
      expect(regenerated).toEqual([
        expect.objectContaining({
          outcome: 'success',
          reason: expect.stringContaining(`pkcs11:stint-wiped no longer holds ${lostKid}`),
          removed: [lostKid],
        }),
      ]);
      expect(audit.filter((line) => String(line.event).startsWith('ca_')).map((line) => line.event)).toEqual([
        'ca_created',
        'ca_replaced',
      ]);
      expect(audit.find((line) => line.event === 'ca_created')).toMatchObject({ fingerprint: sha(before) });
      expect(audit.find((line) => line.event === 'ca_replaced')).toMatchObject({
        fingerprint: sha(after),
        previous_fingerprint: sha(before),
        location: 'pkcs11:stint-wiped',
        reason: expect.stringContaining(`the mTLS CA ${sha(before)} (valid until `),
      });
      const logged = logEntries(broker.stdout()).filter((entry) => entry.level === 'warn');
      expect(logged.map((entry) => String(entry.msg))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^signing keys: keys missing from the token: /),
          expect.stringMatching(/^mTLS CA replaced: the mTLS CA sha256:/),
        ]),
      );
      // The chain is whole (a non-zero exit rejects).
      await run(process.execPath, [CLI, 'audit', 'verify', join(dir, 'audit.jsonl')], { encoding: 'utf8' });
      expectNoSecret(broker.output(), wiped.pin, 'the PIN');
    } finally {
      rmSync(wiped.dir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
