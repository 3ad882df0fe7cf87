import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, openCertificateAuthority } from '../../src/broker/mtls-ca.js';
import { isStintError } from '../../src/lib/errors.js';
import { createParseContext } from '../../src/signing/context.js';
import { getProfile, loadSigningProfiles, parseSigningProfiles, writableConfig } from '../../src/signing/index.js';
import {
  loadClientCertificate,
  type MtlsProfile,
  type MtlsSetUp,
  mtlsConfigAfterSetUp,
  parseMtlsProfile,
  setUpMtls,
} from '../../src/signing/mtls.js';
import type { ProfileOrigin, SigningProfile } from '../../src/signing/types.js';
import { writeSelfSignedCertificate } from '../helpers/tls-cert.js';
import {
  type CaServer,
  commandExists,
  GOOD_TOKEN,
  type MtlsServer,
  makeRsaCertificate,
  removeTempDirs,
  startCaServer,
  startMtlsServer,
  tempDir,
} from './fixtures.js';

const run = promisify(execFile);
const DAY = 86_400_000;
const SUBJECT = 'repo:acme/warehouse:ref:refs/heads/main';
const hasCurl = commandExists('curl');
const hasOpenssl = commandExists('openssl', ['version']);
afterAll(removeTempDirs);
// Left out only without CI: with CI set (.ci/run installs both) a missing one fails the test.
if (!hasCurl && process.env.CI === undefined) {
  console.warn('curl is not installed: skipping the curl --cert/--key test (.ci/run installs it)');
}

function parse(
  raw: Record<string, unknown>,
  origin: ProfileOrigin = 'action-input',
  env: Record<string, string> = {},
  file?: string,
): MtlsProfile {
  return parseMtlsProfile(
    { type: 'mtls', ...raw },
    createParseContext({ origin, env, profile: 'api', ...(file ? { file } : {}) }),
  );
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStintError(error)) throw new Error(`expected a StintError, got ${inspect(error)}`);
  return { code: error.code, message: error.message };
}

function codeOfSync(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (!isStintError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('expected a StintError, nothing was thrown');
}

/** GET over node https with an optional client certificate; resolves the body or rejects. */
function httpsGet(
  url: string,
  tls: { cert?: string; key?: string; ca: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...tls, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Narrows a profile from the signing map, as the action does before setUpMtls. */
function mtlsOf(profile: SigningProfile): Extract<SigningProfile, { type: 'mtls' }> {
  if (profile.type !== 'mtls') throw new Error(`expected an mtls profile, got ${profile.type}`);
  return profile;
}

/** forge writes PEM with CRLF; stint writes LF. */
function lf(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectPrivate(path: string): void {
  expect(statSync(path).mode & 0o777).toBe(0o600);
}

describe('mtls source: ephemeral', () => {
  let ca: CertificateAuthority;
  let broker: CaServer;
  let server: MtlsServer;
  let dir: string;
  let setUp: MtlsSetUp;

  beforeAll(async () => {
    ca = await openCertificateAuthority(join(tempDir(), 'ca'));
    broker = await startCaServer(ca, {
      project: 'warehouse',
      subject: SUBJECT,
      notAfterMs: () => Date.now() + 15 * 60_000,
    });
    server = await startMtlsServer(ca.caPem);
    dir = join(tempDir(), 'runner-temp', 'stint');
    setUp = await setUpMtls(parse({ source: 'ephemeral' }), { brokerUrl: `${broker.url}/`, token: GOOD_TOKEN, dir });
  });
  afterAll(async () => {
    await broker.stop();
    await server.stop();
  });

  it('makes the key here, sends only a CSR with the stint token, and writes cert, key and CA 0600 in a 0700 dir', () => {
    expect(broker.requests).toHaveLength(1);
    const [sent] = broker.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('/mtls/certificates');
    expect(sent?.headers.authorization).toBe(`Bearer ${GOOD_TOKEN}`);
    expect(Object.keys(JSON.parse(sent?.body ?? '{}') as object)).toEqual(['csr']);
    expect(sent?.body).not.toContain('PRIVATE KEY');

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const path of [setUp.certPath, setUp.keyPath, setUp.caPath!]) expectPrivate(path);
    expect(setUp.caPath).toBe(join(dir, 'api.ca.pem'));
    expect(readFileSync(setUp.caPath!, 'utf8')).toBe(ca.caPem);
    const cert = new X509Certificate(readFileSync(setUp.certPath));
    expect(cert.verify(new X509Certificate(ca.caPem).publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(setUp.keyPath)))).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(setUp.subject).toBe(`CN=${SUBJECT}`);
    expect(setUp.notAfter).toBe(new Date(Date.parse(cert.validTo)).toISOString());
    expect(setUp.serial).toBe(cert.serialNumber);
    expect(setUp.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(setUp.warnings).toEqual([]);
  });

  it('never shows the private key when the result is printed, but hands it over for masking', () => {
    const key = readFileSync(setUp.keyPath, 'utf8');
    expect(setUp.secrets).toEqual([key]);
    expect(JSON.stringify(setUp)).not.toContain('PRIVATE KEY');
    expect(inspect(setUp, { depth: 5 })).not.toContain('PRIVATE KEY');
    expect(mtlsConfigAfterSetUp(setUp)).toEqual({
      type: 'mtls',
      source: 'provided',
      cert_file: setUp.certPath,
      key_file: setUp.keyPath,
    });
  });

  it('carries servername (SNI) into the profile written back for later steps, and into the TLS options', async () => {
    const named = await setUpMtls(parse({ source: 'ephemeral', servername: 'api.internal.example.com' }), {
      brokerUrl: broker.url,
      token: GOOD_TOKEN,
      dir: tempDir(),
    });
    const written = mtlsConfigAfterSetUp(named);
    expect(written).toMatchObject({ servername: 'api.internal.example.com' });
    const tls = await loadClientCertificate(parse(written, 'file', {}, join(dir, 'config.json')));
    expect(tls.servername).toBe('api.internal.example.com');
  });

  it('makes an RSA 2048 key when key_type: rsa, and hands the key to onSecret before writing it', async () => {
    const dir = tempDir();
    const seen: Array<{ secret: string; keyFileExists: boolean }> = [];
    const onSecret = (secret: string) => seen.push({ secret, keyFileExists: existsSync(join(dir, 'api.key.pem')) });
    const rsa = await setUpMtls(parse({ source: 'ephemeral', key_type: 'rsa' }), {
      brokerUrl: broker.url,
      token: GOOD_TOKEN,
      dir,
      onSecret,
    });
    expect(seen).toEqual([{ secret: readFileSync(rsa.keyPath, 'utf8'), keyFileExists: false }]);
    expect(new X509Certificate(readFileSync(rsa.certPath)).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('a server that requires a certificate from the broker CA accepts the issued one over node https', async () => {
    const tls = await loadClientCertificate({ certPath: setUp.certPath, keyPath: setUp.keyPath });
    const response = await httpsGet(server.url, { ...tls, ca: server.serverCaPem });
    expect(response).toEqual({ status: 200, body: `hello ${SUBJECT}\n` });
  });

  it('the profile written back to $STINT_CONFIG loads the same certificate', async () => {
    const written = parse(mtlsConfigAfterSetUp(setUp), 'file', {}, join(dir, 'config.json'));
    const tls = await loadClientCertificate(written);
    expect(tls.cert).toBe(readFileSync(setUp.certPath, 'utf8'));
    expect((await httpsGet(server.url, { ...tls, ca: server.serverCaPem })).status).toBe(200);
  });

  it('the action flow: profiles from the input, set up, written back with overrides, loaded by a later step', async () => {
    const profiles = parseSigningProfiles('internal: { type: mtls, source: ephemeral }\n', {
      origin: 'action-input',
      env: {},
    });
    const runnerTemp = tempDir();
    const done = await setUpMtls(mtlsOf(getProfile(profiles, 'internal')), {
      brokerUrl: broker.url,
      token: GOOD_TOKEN,
      dir: join(runnerTemp, 'stint'),
    });
    const { yaml, env } = writableConfig(profiles, { internal: mtlsConfigAfterSetUp(done) });
    expect(yaml).not.toContain('PRIVATE KEY');
    expect(env).toEqual({});
    writeFileSync(join(runnerTemp, 'config.json'), yaml, { mode: 0o600 });
    const later = await loadSigningProfiles({ config: join(runnerTemp, 'config.json'), env: {}, cwd: '/' });
    const tls = await loadClientCertificate(mtlsOf(getProfile(later, 'internal')));
    expect((await httpsGet(server.url, { ...tls, ca: server.serverCaPem })).status).toBe(200);
  });

  it.runIf(hasCurl || process.env.CI !== undefined)('curl --cert --key --cacert gets through', async () => {
    expect(hasCurl, 'curl is not on PATH; CI installs it (.ci/run)').toBe(true);
    const caFile = join(tempDir(), 'server-ca.pem');
    writeFileSync(caFile, server.serverCaPem);
    const { stdout } = await run('curl', [
      '-sS',
      '--fail',
      '--cert',
      setUp.certPath,
      '--key',
      setUp.keyPath,
      '--cacert',
      caFile,
      server.url,
    ]);
    expect(stdout).toBe(`hello ${SUBJECT}\n`);
    const without = await run('curl', ['-sS', '--fail', '--cacert', caFile, server.url]).then(
      () => 'accepted',
      () => 'refused',
    );
    expect(without).toBe('refused');
  });

  it('the server refuses a request without a client certificate, and one from another CA', async () => {
    const before = server.accepted.length;
    const none = await httpsGet(server.url, { ca: server.serverCaPem }).then(
      (r) => `status ${r.status}`,
      (e: NodeJS.ErrnoException) => e.code ?? e.message,
    );
    expect(none).toMatch(/ECONNRESET|ERR_SSL|certificate required|socket hang up/i);
    const now = Date.now();
    const otherCa = makeRsaCertificate({
      cn: 'other CA',
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + DAY),
      isCa: true,
    });
    const stranger = makeRsaCertificate({
      cn: SUBJECT,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + DAY),
      issuer: otherCa,
    });
    const foreign = await httpsGet(server.url, {
      cert: stranger.certPem,
      key: stranger.keyPem,
      ca: server.serverCaPem,
    }).then(
      (r) => `status ${r.status}`,
      (e: NodeJS.ErrnoException) => e.code ?? e.message,
    );
    expect(foreign).toMatch(/ECONNRESET|ERR_SSL|unknown ca|socket hang up/i);
    expect(server.accepted.length).toBe(before);
  });

  it('reports the broker refusing, with its error_description and request_id, and never the token', async () => {
    const refused = await codeOf(
      setUpMtls(parse({ source: 'ephemeral' }), { brokerUrl: broker.url, token: 'wrong-token', dir: tempDir() }),
    );
    expect(refused).toEqual({
      code: 'ERR_MTLS_CERT_REFUSED',
      message:
        'the broker refused a client certificate: 401 invalid_token: a certificate needs a valid, unrevoked stint token (request_id 0b7c7a4e-5d1f-4a8e-9c1e-3f2a1b0c9d8e)',
    });
  });

  it("drops a request_id not in the broker's form (a UUID): an echo of the token sent is not repeated", async () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJqb2IifQ.c2lnbmF0dXJl';
    broker.answer = () => ({ status: 401, json: { error: 'invalid_token', request_id: token } });
    try {
      const refused = await codeOf(
        setUpMtls(parse({ source: 'ephemeral' }), { brokerUrl: broker.url, token, dir: tempDir() }),
      );
      expect(refused).toEqual({
        code: 'ERR_MTLS_CERT_REFUSED',
        message: 'the broker refused a client certificate: 401 invalid_token',
      });
    } finally {
      broker.answer = undefined;
    }
  });

  it('refuses a certificate for another key, and says when the broker is unreachable or ephemeral has no broker', async () => {
    broker.answer = () => ({ status: 200, json: { certificate: readFileSync(setUp.certPath, 'utf8'), ca: ca.caPem } });
    try {
      expect(
        await codeOf(
          setUpMtls(parse({ source: 'ephemeral' }), { brokerUrl: broker.url, token: GOOD_TOKEN, dir: tempDir() }),
        ),
      ).toEqual({
        code: 'ERR_MTLS_CERT_INVALID',
        message: 'the broker returned a certificate for a different key',
      });
    } finally {
      broker.answer = undefined;
    }
    const closed = await closedPort();
    const unreachable = await codeOf(
      setUpMtls(parse({ source: 'ephemeral' }), {
        brokerUrl: `http://127.0.0.1:${closed}`,
        token: GOOD_TOKEN,
        dir: tempDir(),
      }),
    );
    expect(unreachable).toEqual({
      code: 'ERR_BROKER_UNREACHABLE',
      message: `cannot reach the broker at http://127.0.0.1:${closed}/mtls/certificates for a client certificate (ECONNREFUSED)`,
    });
    const noBroker = await codeOf(setUpMtls(parse({ source: 'ephemeral' }), { dir: tempDir() }));
    expect(noBroker.code).toBe('ERR_MTLS_NO_BROKER');
    expect(await codeOf(loadClientCertificate(parse({ source: 'ephemeral' })))).toMatchObject({
      code: 'ERR_MTLS_NOT_SET_UP',
    });
  });
});

describe('mtls source: provided', () => {
  // Valid from a day ago for 30 days, so a real server (with the real clock) accepts it too.
  const T0 = Math.floor(Date.now() / 1000) * 1000 - DAY;
  let client: ReturnType<typeof makeRsaCertificate>;
  let issuerCa: ReturnType<typeof makeRsaCertificate>;
  let server: MtlsServer;
  beforeAll(async () => {
    issuerCa = makeRsaCertificate({
      cn: 'partner CA',
      notBefore: new Date(T0 - DAY),
      notAfter: new Date(T0 + 365 * DAY),
      isCa: true,
    });
    client = makeRsaCertificate({
      cn: 'partner client',
      notBefore: new Date(T0),
      notAfter: new Date(T0 + 30 * DAY),
      issuer: issuerCa,
    });
    server = await startMtlsServer(issuerCa.certPem);
  });
  afterAll(() => server.stop());

  it('writes inline PEM cert, chain and key 0600 and a server needing that CA accepts it', async () => {
    const dir = tempDir();
    const profile = parse({ source: 'provided', cert: client.certPem, key: client.keyPem, chain: issuerCa.certPem });
    const setUp = await setUpMtls(profile, { dir, now: () => T0 + DAY });
    for (const path of [setUp.certPath, setUp.keyPath, setUp.caPath!]) expectPrivate(path);
    expect(readFileSync(setUp.certPath, 'utf8')).toBe(lf(client.certPem + issuerCa.certPem));
    expect(readFileSync(setUp.caPath!, 'utf8')).toBe(lf(issuerCa.certPem));
    expect(setUp.subject).toBe('CN=partner client');
    expect(setUp.warnings).toEqual([]);
    expect(JSON.stringify(setUp)).not.toContain('PRIVATE KEY');
    const tls = await loadClientCertificate(profile);
    expect(await httpsGet(server.url, { ...tls, ca: server.serverCaPem })).toEqual({
      status: 200,
      body: 'hello partner client\n',
    });
  });

  it('reads cert_file / key_env / chain_file from a config file, relative to the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'client.pem'), client.certPem);
    writeFileSync(join(dir, 'chain.pem'), issuerCa.certPem);
    const profile = parse(
      { source: 'provided', cert_file: 'client.pem', key_env: 'CLIENT_KEY', chain_file: 'chain.pem' },
      'file',
      { CLIENT_KEY: client.keyPem },
      join(dir, 'stint.yml'),
    );
    const tls = await loadClientCertificate(profile, { now: () => T0 + DAY });
    expect(tls.cert).toBe(lf(client.certPem + issuerCa.certPem));
    expect(createPrivateKey(tls.key).export({ type: 'pkcs8', format: 'pem' })).toBe(
      createPrivateKey(client.keyPem).export({ type: 'pkcs8', format: 'pem' }),
    );
    expect(tls.ca).toBeUndefined();
  });

  it('decrypts an encrypted PEM key with passphrase_env, and hands server_ca to the TLS client', async () => {
    const encrypted = createPrivateKey(client.keyPem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pem pass',
    }) as string;
    const profile = parse(
      {
        source: 'provided',
        cert: client.certPem,
        key_env: 'KEY',
        passphrase_env: 'PASS',
        server_ca: server.serverCaPem,
      },
      'file',
      { KEY: encrypted, PASS: 'pem pass' },
    );
    const setUp = await setUpMtls(profile, { dir: tempDir() });
    expect(readFileSync(setUp.keyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readFileSync(setUp.serverCaPath!, 'utf8')).toBe(server.serverCaPem);
    expectPrivate(setUp.serverCaPath!);
    const tls = await loadClientCertificate(profile);
    expect(tls.ca).toBe(server.serverCaPem);
    expect((await httpsGet(server.url, { ...tls, ca: tls.ca! })).status).toBe(200);
    const wrong = codeOfSync(() =>
      parse({ source: 'provided', cert: client.certPem, key_env: 'KEY', passphrase_env: 'PASS' }, 'file', {
        KEY: encrypted,
        PASS: 'nope',
      }),
    );
    expect(wrong.message).toBe(
      'signing profile "api": field "key_env": must be a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted ones need passphrase/passphrase_env)',
    );
  });

  it('warns when the certificate expires within 14 days, and fails once it has expired or before it is valid', async () => {
    const profile = parse({ source: 'provided', cert: client.certPem, key: client.keyPem });
    const soon = await setUpMtls(profile, { dir: tempDir(), now: () => T0 + 20 * DAY });
    expect(soon.warnings).toEqual([
      `mtls profile "api": the client certificate CN=partner client expires in 10 days (${new Date(T0 + 30 * DAY).toISOString()}); renew it`,
    ]);
    const lastDay = await setUpMtls(profile, { dir: tempDir(), now: () => T0 + 30 * DAY - 3600_000 });
    expect(lastDay.warnings[0]).toContain('expires in less than a day');
    expect(await codeOf(setUpMtls(profile, { dir: tempDir(), now: () => T0 + 31 * DAY }))).toEqual({
      code: 'ERR_MTLS_CERT_EXPIRED',
      message: `mtls profile "api": the client certificate CN=partner client expired on ${new Date(T0 + 30 * DAY).toISOString()}; renew it`,
    });
    expect((await codeOf(setUpMtls(profile, { dir: tempDir(), now: () => T0 - DAY }))).code).toBe(
      'ERR_MTLS_CERT_NOT_YET_VALID',
    );
  });

  it('fails when the key does not belong to the certificate', async () => {
    const other = makeRsaCertificate({ cn: 'other', notBefore: new Date(T0), notAfter: new Date(T0 + DAY) });
    const profile = parse({ source: 'provided', cert: client.certPem, key: other.keyPem });
    expect(await codeOf(setUpMtls(profile, { dir: tempDir(), now: () => T0 + DAY }))).toEqual({
      code: 'ERR_MTLS_KEY_MISMATCH',
      message:
        'mtls profile "api": the private key does not belong to the certificate CN=partner client; give the key the certificate was issued for',
    });
  });

  it('round-trips a PKCS#12 bundle made by node-forge (base64 + passphrase), and names a wrong passphrase', async () => {
    const p12 = forge.pkcs12.toPkcs12Asn1(client.key, [client.cert, issuerCa.cert], 'correct horse', {
      algorithm: '3des',
    });
    const base64 = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
    const profile = parse({ source: 'provided', p12_env: 'P12', passphrase_env: 'P12_PASS' }, 'file', {
      P12: base64,
      P12_PASS: 'correct horse',
    });
    const setUp = await setUpMtls(profile, { dir: tempDir(), now: () => T0 + DAY });
    expect(setUp.subject).toBe('CN=partner client');
    expect(readFileSync(setUp.certPath, 'utf8')).toBe(lf(client.certPem + issuerCa.certPem));
    expect(
      new X509Certificate(readFileSync(setUp.certPath)).checkPrivateKey(createPrivateKey(readFileSync(setUp.keyPath))),
    ).toBe(true);
    expectPrivate(setUp.keyPath);
    const wrong = parse({ source: 'provided', p12: base64, passphrase: 'wrong' });
    expect(await codeOf(setUpMtls(wrong, { dir: tempDir(), now: () => T0 + DAY }))).toEqual({
      code: 'ERR_MTLS_P12_INVALID',
      message:
        'mtls profile "api": the PKCS#12 bundle cannot be opened with the passphrase given; check passphrase/passphrase_env',
    });
  });

  it.runIf(hasOpenssl || process.env.CI !== undefined)(
    'reads an EC PKCS#12 bundle made by openssl (forge cannot parse EC keys itself)',
    async () => {
      expect(hasOpenssl, 'openssl is not on PATH; CI installs it (.ci/run)').toBe(true);
      const dir = tempDir();
      const files = writeSelfSignedCertificate(
        dir,
        { cert: 'c.pem', key: 'k.pem' },
        { commonName: 'ec client', subjectAltName: null },
      );
      await run('openssl', [
        'pkcs12',
        '-export',
        '-inkey',
        files.key,
        '-in',
        files.cert,
        '-passout',
        'pass:pw',
        '-out',
        join(dir, 'b.p12'),
      ]);
      const profile = parse({ source: 'provided', p12_file: join(dir, 'b.p12'), passphrase: 'pw' });
      const tls = await loadClientCertificate(profile);
      expect(new X509Certificate(tls.cert).subject).toBe('CN=ec client');
      expect(createPrivateKey(tls.key).asymmetricKeyType).toBe('ec');
    },
  );
});

describe('parseMtlsProfile', () => {
  it('rejects secrets inline in a config file, unknown fields, and mixing PEM with PKCS#12, naming the field', () => {
    const cert = makeRsaCertificate({ cn: 'x', notBefore: new Date(), notAfter: new Date(Date.now() + DAY) });
    expect(
      codeOfSync(() => parse({ source: 'provided', cert: cert.certPem, key: cert.keyPem }, 'file', {}, 'stint.yml')),
    ).toEqual({
      code: 'ERR_SIGNING_CONFIG',
      message:
        'stint.yml: signing profile "api": field "key": secrets are not allowed inline in a config file; use key_env: VAR (the name of an environment variable)',
    });
    expect(codeOfSync(() => parse({ source: 'ephemeral', cert: cert.certPem })).message).toMatch(
      /^signing profile "api": field "cert": unknown field; allowed: type, source, server_ca, server_ca_file, servername, key_type$/,
    );
    expect(codeOfSync(() => parse({ source: 'provided', cert: cert.certPem, p12: 'AAAA' })).message).toBe(
      'signing profile "api": field "p12": give either a PKCS#12 bundle (p12, p12_env or p12_file) or PEM (cert/cert_file with key), not both',
    );
    expect(codeOfSync(() => parse({ source: 'sideways' })).message).toBe(
      'signing profile "api": field "source": must be one of ephemeral, provided',
    );
    expect(codeOfSync(() => parse({ source: 'ephemeral', key_type: 'dsa' })).message).toBe(
      'signing profile "api": field "key_type": must be one of ec, rsa',
    );
  });

  it('checks an inline key without quoting it', () => {
    const cert = makeRsaCertificate({ cn: 'x', notBefore: new Date(), notAfter: new Date(Date.now() + DAY) });
    const error = codeOfSync(() =>
      parse({
        source: 'provided',
        cert: cert.certPem,
        key: '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----',
      }),
    );
    expect(error.code).toBe('ERR_SIGNING_CONFIG');
    expect(error.message).not.toContain('c2VjcmV0');
    expect(error.message).toContain('field "key": must be a PEM private key');
  });
});
