import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';
import { makeRsaCertificate, type RsaCertificate } from '../mtls/fixtures.js';

// `stint request` (built CLI) against real TLS servers on 127.0.0.1: one that serves two virtual
// hosts and tells them apart by SNI (the mtls profile's `servername`), and one that trusts only a
// root CA while the client certificate comes from an intermediate (the chain must be sent).
const dir = mkdtempSync(join(tmpdir(), 'stint-mtls-sni-'));

function stint(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { ...process.env, STINT_CONFIG: '', ...env } });
}

/** A server certificate for a DNS name (the fixtures make IP ones), issued by `ca`, with forge's own API. */
function serverCertificate(name: string, ca: RsaCertificate): RsaCertificate {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = hourAgo();
  cert.validity.notAfter = inNinetyDays();
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: name }] },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    cert,
    key: keys.privateKey,
  };
}

let forge: typeof import('node-forge');
const hourAgo = () => new Date(Date.now() - 3600_000);
// Beyond the 14 days within which `stint request` warns of a client certificate's expiry.
const inNinetyDays = () => new Date(Date.now() + 90 * 86400_000);

let serverCa: RsaCertificate;
let root: RsaCertificate;
let intermediate: RsaCertificate;
let leaf: RsaCertificate;
let sni: Server;
let sniUrl: string;
let strict: Server;
let strictUrl: string;
let stranger: Server;
let strangerUrl: string;
const seen: Array<{ servername: string | false | null; cn: string }> = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  forge = (await import('node-forge')).default;
  serverCa = makeRsaCertificate({ cn: 'server ca', notBefore: hourAgo(), notAfter: inNinetyDays(), isCa: true });
  root = makeRsaCertificate({ cn: 'Client Root', notBefore: hourAgo(), notAfter: inNinetyDays(), isCa: true });
  intermediate = makeRsaCertificate({
    cn: 'Issuing CA 2',
    notBefore: hourAgo(),
    notAfter: inNinetyDays(),
    isCa: true,
    issuer: root,
  });
  leaf = makeRsaCertificate({ cn: 'ci-job', notBefore: hourAgo(), notAfter: inNinetyDays(), issuer: intermediate });
  const api = serverCertificate('api.internal.example.com', serverCa);
  const other = serverCertificate('default.example.com', serverCa);

  // Two virtual hosts on one address: without SNI (or with another name) the default one answers.
  const mtlsOptions = { ca: [root.certPem], requestCert: true, rejectUnauthorized: true };
  sni = createServer(
    {
      key: other.keyPem,
      cert: other.certPem,
      ...mtlsOptions,
      SNICallback: (name, done) =>
        done(
          null,
          name === 'api.internal.example.com'
            ? createSecureContext({ key: api.keyPem, cert: api.certPem, ca: [root.certPem] })
            : undefined,
        ),
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      seen.push({ servername: socket.servername, cn: String(socket.getPeerCertificate().subject?.CN ?? '') });
      res.end(`hello ${socket.servername} from ${socket.getPeerCertificate().subject?.CN}\n`);
    },
  );
  sniUrl = await listen(sni);
  // Trusts only the root, as most servers do: an intermediate must come from the client.
  strict = createServer({ key: other.keyPem, cert: other.certPem, ...mtlsOptions }, (req, res) => {
    res.end(`chain ok for ${(req.socket as TLSSocket).getPeerCertificate().subject?.CN}\n`);
  });
  strictUrl = await listen(strict);
  // Trusts another CA altogether: the whole chain is sent and still refused.
  stranger = createServer(
    { key: other.keyPem, cert: other.certPem, ...mtlsOptions, ca: [serverCa.certPem] },
    (_req, res) => res.end('should not get here\n'),
  );
  strangerUrl = await listen(stranger);

  writeFileSync(join(dir, 'server-ca.pem'), serverCa.certPem);
  writeFileSync(join(dir, 'leaf.pem'), leaf.certPem);
  writeFileSync(join(dir, 'intermediate.pem'), intermediate.certPem);
  const common = 'key_env: CLIENT_KEY, server_ca_file: server-ca.pem';
  writeFileSync(
    join(dir, 'stint.yml'),
    [
      'signing:',
      `  vhost: { type: mtls, source: provided, cert_file: leaf.pem, chain_file: intermediate.pem, ${common}, servername: api.internal.example.com }`,
      `  no-sni: { type: mtls, source: provided, cert_file: leaf.pem, chain_file: intermediate.pem, ${common} }`,
      `  leaf-only: { type: mtls, source: provided, cert_file: leaf.pem, ${common}, servername: default.example.com }`,
      `  with-chain: { type: mtls, source: provided, cert_file: leaf.pem, chain_file: intermediate.pem, ${common}, servername: default.example.com }`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'bad.yml'),
    `signing:\n  ip: { type: mtls, source: provided, cert_file: leaf.pem, ${common}, servername: 10.0.0.7 }\n`,
  );
}, 120_000);

afterAll(async () => {
  for (const server of [sni, strict, stranger]) {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('mtls profile servername (SNI)', () => {
  it('reaches the virtual host it names on an address URL, and checks its certificate against that name', async () => {
    const run = await stint(['request', 'vhost', 'GET', sniUrl, '--config', 'stint.yml'], {
      CLIENT_KEY: leaf.keyPem,
    });
    expect(run).toEqual({ code: 0, stdout: 'hello api.internal.example.com from ci-job\n', stderr: '' });
    expect(seen).toEqual([{ servername: 'api.internal.example.com', cn: 'ci-job' }]);
  });

  it('without servername the same request gets the default host, whose certificate does not name 127.0.0.1', async () => {
    const before = seen.length;
    const run = await stint(['request', 'no-sni', 'GET', sniUrl, '--config', 'stint.yml'], {
      CLIENT_KEY: leaf.keyPem,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(seen).toHaveLength(before);
  });

  it('refuses an IP address as servername when the config loads (exit 1, names the field)', async () => {
    const run = await stint(['request', 'ip', 'GET', sniUrl, '--config', 'bad.yml'], { CLIENT_KEY: leaf.keyPem });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('servername');
    expect(run.stderr).toContain('SNI carries no IP address');
  });
});

describe('a client certificate presented without its intermediate', () => {
  it('says the chain is missing, names the issuer, and what to add (not a bare ECONNRESET)', async () => {
    const run = await stint(['request', 'leaf-only', 'GET', strictUrl, '--config', 'stint.yml'], {
      CLIENT_KEY: leaf.keyPem,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^stint: GET https:\/\/127\.0\.0\.1:\d+\/: the server refused the TLS handshake \((ECONNRESET|EPIPE|ERR_SSL_\w+)\) after the client certificate CN=ci-job was presented without its chain: it is issued by CN=Issuing CA 2, and no certificate of CN=Issuing CA 2 was sent\. If CN=Issuing CA 2 is an intermediate CA, add its certificate .* as chain_file/,
    );
    expect(run.stderr).not.toContain('BEGIN');
  });

  it('with the chain sent and still refused, names the CA the server must trust instead', async () => {
    const run = await stint(['request', 'with-chain', 'GET', strangerUrl, '--config', 'stint.yml'], {
      CLIENT_KEY: leaf.keyPem,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /: (ECONNRESET|EPIPE|ERR_SSL_\w+) \(the server refused the client certificate CN=ci-job, issued by CN=Issuing CA 2: check that the server trusts the CA at the top of its chain, CN=Client Root\)\n$/,
    );
    expect(run.stderr).not.toContain('ERR_MTLS_CHAIN_MISSING');
  });

  it('with chain_file the same certificate gets through', async () => {
    const run = await stint(['request', 'with-chain', 'GET', strictUrl, '--config', 'stint.yml'], {
      CLIENT_KEY: leaf.keyPem,
    });
    expect(run).toEqual({ code: 0, stdout: 'chain ok for ci-job\n', stderr: '' });
  });
});
