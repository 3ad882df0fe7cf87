import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Squid, startSquid } from '../helpers/squid.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';
import { baseEnv, run } from '../recipes/helpers.js';

/**
 * The built `stint/verify` inside a service: its JWKS fetch connects directly even with
 * HTTPS_PROXY set (as Node's own http and fetch do), and goes through the proxy with
 * NODE_USE_ENV_PROXY=1, Node's switch for honouring the proxy variables. The key server is named
 * keys.stint.test, which only the proxy resolves.
 */
const VERIFY = resolve('dist/verify/index.js');
let squid: Squid;
let server: Server;
let dir: string;
let jwksUrl: string;
let fetches = 0;

beforeAll(async () => {
  squid = await startSquid({ names: ['keys.stint.test'] });
  const tls = selfSignedCertificate({ commonName: 'keys.stint.test', subjectAltName: 'DNS:keys.stint.test' });
  dir = mkdtempSync(join(tmpdir(), 'stint-verify-proxy-'));
  writeFileSync(join(dir, 'ca.pem'), tls.cert);
  server = createServer(tls, (_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end('{"keys":[]}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  jwksUrl = `https://keys.stint.test:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await squid?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs verifyStintToken in a fresh Node (the service) and prints the refusal's code and message. */
function verifyIn(env: NodeJS.ProcessEnv) {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const token = `${part({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })}.${part({ iss: 'https://stint.test' })}.${Buffer.from('sig').toString('base64url')}`;
  const script = `import { verifyStintToken } from ${JSON.stringify(VERIFY)};
verifyStintToken(${JSON.stringify(token)}, { issuer: 'https://stint.test', audience: 'stint:warehouse', jwksUrl: ${JSON.stringify(jwksUrl)} })
  .then(() => console.log('verified'), (error) => console.log(error.code, error.message));`;
  return run(process.execPath, ['--input-type=module', '-e', script], {
    env: baseEnv({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), HTTPS_PROXY: squid.urlWithCredentials, ...env }),
  });
}

describe('stint/verify and the proxy variables', () => {
  it('connects directly with HTTPS_PROXY set: the name only the proxy knows is not found', async () => {
    const before = squid.accessLog().length;
    const result = await verifyIn({});
    expect(result.stdout).toMatch(/^ERR_JWKS_UNAVAILABLE .*(ENOTFOUND|EAI_AGAIN)/);
    expect(squid.accessLog().slice(before)).toEqual([]);
  });

  it('goes through the proxy with NODE_USE_ENV_PROXY=1', async () => {
    const before = fetches;
    const result = await verifyIn({ NODE_USE_ENV_PROXY: '1' });
    // The keys were fetched (through the tunnel); the token's key is not among them.
    expect(fetches).toBeGreaterThan(before);
    expect(result.stdout).not.toContain('ERR_JWKS_UNAVAILABLE');
    // Squid logs a CONNECT when the tunnel closes, which may come after the answer.
    await vi.waitFor(
      () => expect(squid.accessLog().some((line) => line.includes(' CONNECT keys.stint.test:'))).toBe(true),
      { timeout: 30_000, interval: 100 },
    );
  });
});
