/**
 * RFC 9421 `@path` is the path as the request carried it (§2.2.6: before decoding, no resolving of
 * dot-segments). A job signs GET /public/status with the built CLI; an Express app guards its
 * routes with verifyHttpSignature exactly as docs/signing.md shows. The same headers sent to a
 * path that a URL parser resolves to /public/status but the router sends elsewhere must fail.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSignatureHeaders } from '../../src/signing/http-signature.js';
import { parseSigningProfiles } from '../../src/signing/index.js';
import type { HttpSignatureProfile } from '../../src/signing/types.js';
import { verifyHttpSignature } from '../../src/verify/index.js';
import { type CliRun, runCli } from '../helpers/cli.js';

const ed = generateKeyPairSync('ed25519');
const publicPem = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const dir = mkdtempSync(join(tmpdir(), 'stint-sig-path-'));
writeFileSync(
  join(dir, 'signing.yml'),
  'signing:\n  api: { type: http-signature, alg: ed25519, keyid: ci-deploy, key_env: DEPLOY_KEY }\n',
);

function stintSign(url: string): Promise<CliRun> {
  return runCli(
    ['sign', 'api', '--config', join(dir, 'signing.yml'), '--method', 'GET', '--url', url, '--format', 'json'],
    { env: { ...process.env, DEPLOY_KEY: privatePem, STINT_CONFIG: '' } },
  );
}

let server: Server;
let port: number;
let signed: Record<string, string>;

beforeAll(async () => {
  const out = await stintSign('https://api.example.com/public/status');
  expect(out.stderr).toBe('');
  signed = (JSON.parse(out.stdout) as { headers: Record<string, string> }).headers;
  const app = express();
  app.use(express.raw({ type: '*/*' }));
  const guard = async (req: Request, res: Response, next: NextFunction) => {
    try {
      // docs/signing.md's receiver, as written there.
      await verifyHttpSignature({
        method: req.method,
        url: `https://api.example.com${req.url}`,
        headers: req.headers,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        keys: { 'ci-deploy': { alg: 'ed25519', key: publicPem } },
      });
      next();
    } catch (error) {
      res.status(401).send(String((error as { code?: string }).code));
    }
  };
  app.get('/public/status', guard, (_req, res) => res.send('public'));
  app.get('/admin/*rest', guard, (_req, res) => res.send('ADMIN'));
  app.get(/^\/x/, guard, (_req, res) => res.send('X'));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One GET with the request target written byte for byte (no client normalises it). */
function rawGet(target: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`GET ${target} HTTP/1.1\r\nHost: api.example.com\r\n${lines.join('')}Connection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: body.trim() });
    });
  });
}

/** The headers of a GET to `url` signed in process with the Ed25519 key under keyid `k`. */
function signedGet(url: string): Record<string, string> {
  const profile = parseSigningProfiles(
    { p: { type: 'http-signature', alg: 'ed25519', key: privatePem, keyid: 'k' } },
    { origin: 'action-input', env: {} },
  ).profiles.get('p') as HttpSignatureProfile;
  return httpSignatureHeaders(
    profile,
    { method: 'GET', url, headers: {}, body: Buffer.alloc(0) },
    { now: Date.now, randomBytes: () => Buffer.alloc(16) },
  );
}

describe('@path is the path as sent', () => {
  it('the signed route answers; the same signature on a path that resolves to it does not reach another handler', async () => {
    expect(await rawGet('/public/status', signed)).toEqual({ status: 200, body: 'public' });
    for (const target of [
      '/admin/%2e%2e/public/status',
      '/admin/%2E%2E/public/status',
      '/admin/../public/status',
      '/x\\..\\public/status',
      '/admin/./../public/status',
    ]) {
      const answer = await rawGet(target, signed);
      expect({ target, ...answer }).toEqual({ target, status: 401, body: 'ERR_SIGNATURE_INVALID' });
    }
  });

  it('a path with a dot-segment or backslash is refused even under a signature that covers it as sent', async () => {
    // A hand-made signature over the raw path: the signature verifies, the path is still refused.
    const path = '/admin/%2e%2e/public/status';
    const params = `("@method" "@authority" "@path");created=${Math.floor(Date.now() / 1000)};keyid="k"`;
    const base = `"@method": GET\n"@authority": api.example.com\n"@path": ${path}\n"@signature-params": ${params}`;
    const headers = {
      'signature-input': `sig1=${params}`,
      signature: `sig1=:${sign(null, Buffer.from(base), ed.privateKey).toString('base64')}:`,
    };
    await expect(
      verifyHttpSignature({
        method: 'GET',
        url: `https://api.example.com${path}`,
        headers,
        keys: { k: { alg: 'ed25519', key: publicPem } },
        requiredComponents: ['@method', '@path'],
      }),
    ).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID', message: expect.stringMatching(/dot-segment/) });
  });

  it('a URL object is ERR_VERIFY_CONFIG (its href is already resolved), never a raw TypeError', async () => {
    const url = 'https://api.example.com/p';
    const headers = signedGet(url);
    await expect(
      verifyHttpSignature({
        method: 'GET',
        url: new URL(url) as unknown as string,
        headers,
        body: '',
        keys: { k: { alg: 'ed25519', key: publicPem } },
      }),
    ).rejects.toMatchObject({ code: 'ERR_VERIFY_CONFIG', message: expect.stringMatching(/as a string/) });
  });

  it('percent-encoding is kept as sent: /a%2Fb is signed and checked as /a%2Fb, and /a%2fb is another path', async () => {
    const url = 'https://api.example.com/files/a%2Fb/caf%C3%A9';
    const headers = signedGet(url);
    const verify = (target: string) =>
      verifyHttpSignature({
        method: 'GET',
        url: target,
        headers,
        body: '',
        keys: { k: { alg: 'ed25519', key: publicPem } },
      });
    expect(await verify(url)).toMatchObject({ keyid: 'k' });
    await expect(verify('https://api.example.com/files/a%2fb/caf%C3%A9')).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_INVALID',
    });
    await expect(verify('https://api.example.com/files/a/b/café')).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_INVALID',
    });
  });

  it('the signer refuses a URL an HTTP client would rewrite before sending, naming the form to use', async () => {
    // A bare `?` too: clients send /p for /p?, so a signature over /p? would not verify.
    for (const url of [
      'https://api.example.com/admin/../public/status',
      'https://api.example.com/a\\b',
      'https://api.example.com/p?',
    ]) {
      const out = await stintSign(url);
      expect(out.code).not.toBe(0);
      // --format json: the failure's shape on stdout, nothing signed (docs/cli.md#json-output).
      expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_SIGNING_REQUEST' } });
      expect(out.stderr).toMatch(/ERR_SIGNING_REQUEST|not written as it is sent/);
    }
    const out = await stintSign('https://api.example.com/admin/%2e%2e/public/status');
    expect(out.stderr).toContain('write it as it is sent: https://api.example.com/public/status');
  });
});
