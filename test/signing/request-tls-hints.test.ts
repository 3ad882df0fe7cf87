import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRsaCertificate } from '../mtls/fixtures.js';

/**
 * `stint request` to a server whose certificate Node refuses says why in words and what to do,
 * for the refusals a job meets: a certificate from a company CA (sent with its intermediate, the
 * usual chain), one that has expired, one for another host. It sends nothing.
 */
const dir = mkdtempSync(join(tmpdir(), 'stint-request-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'stint.yml'), 'signing:\n  hook: { type: hmac, secret_env: HOOK_SECRET }\n');

const day = 24 * 3600_000;
const valid = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + day) };

describe('stint request to a server whose certificate is refused', () => {
  const root = makeRsaCertificate({ cn: 'Acme Root CA', isCa: true, ...valid });
  const intermediate = makeRsaCertificate({ cn: 'Acme Issuing CA', isCa: true, issuer: root, ...valid });
  const cases = [
    {
      what: 'issued by a CA Node does not know, with its intermediate',
      leaf: makeRsaCertificate({ cn: '127.0.0.1', serverIp: '127.0.0.1', issuer: intermediate, ...valid }),
      chain: [intermediate],
      trusted: undefined,
      said: /: UNABLE_TO_GET_ISSUER_CERT_LOCALLY \(the server's certificate is not trusted here: give its CA as server_ca_file in an mtls profile, or NODE_EXTRA_CA_CERTS\)$/m,
    },
    {
      what: 'trusted but expired',
      leaf: makeRsaCertificate({
        cn: '127.0.0.1',
        serverIp: '127.0.0.1',
        notBefore: new Date(Date.now() - 2 * day),
        notAfter: new Date(Date.now() - day),
      }),
      chain: [],
      trusted: 'self',
      said: /: CERT_HAS_EXPIRED \(the server's certificate is outside its validity dates: renew it, or check this machine's clock\)$/m,
    },
    {
      what: 'trusted but for another host',
      leaf: makeRsaCertificate({ cn: '127.0.0.2', serverIp: '127.0.0.2', ...valid }),
      chain: [],
      trusted: 'self',
      said: /: ERR_TLS_CERT_ALTNAME_INVALID \(the server's certificate does not name the host in the URL: use a name it holds\)$/m,
    },
  ] as const;

  for (const [i, { what, leaf, chain, trusted, said }] of cases.entries()) {
    it(`${what}: says why and what to do, and sends nothing`, async () => {
      let requests = 0;
      const server = createHttpsServer(
        { cert: [leaf.certPem, ...chain.map((c) => c.certPem)].join(''), key: leaf.keyPem },
        (_req, res) => {
          requests++;
          res.end('ok');
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const env: Record<string, string> = {
          ...process.env,
          STINT_CONFIG: '',
          HOOK_SECRET: 'request-tls-hint-secret-0123456789',
        };
        if (trusted === 'self') {
          const ca = join(dir, `trusted-${i}.pem`);
          writeFileSync(ca, leaf.certPem);
          env.NODE_EXTRA_CA_CERTS = ca;
        }
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
        const run = await runCli(['request', 'hook', 'POST', url, '--body', '{}', '--config', 'stint.yml'], {
          cwd: dir,
          env,
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(said);
        expect(requests).toBe(0);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  }
});
