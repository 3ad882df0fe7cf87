import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, run } from '../recipes/helpers.js';

/**
 * Receivers import the verifying side as `stint/verify`. Pack the package as npm would publish
 * it, install the tarball's contents into a consumer project, and use it from plain JavaScript
 * and from TypeScript: the bundle must run without our node_modules and its types must resolve.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let consumer: string;

beforeAll(async () => {
  consumer = mkdtempSync(join(tmpdir(), 'stint-consumer-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', consumer], {
    cwd: ROOT,
    env: baseEnv({ npm_config_loglevel: 'error' }),
    timeoutMs: 120_000,
  });
  expect(packed.code).toBe(0);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
  mkdirSync(join(consumer, 'node_modules'));
  const untar = await run('tar', ['-xzf', join(consumer, info!.filename), '-C', join(consumer, 'node_modules')], {
    env: baseEnv(),
  });
  expect(untar.code).toBe(0);
  // The tarball unpacks to package/; npm names the folder after the package.
  await run('mv', [join(consumer, 'node_modules/package'), join(consumer, 'node_modules/stint')], { env: baseEnv() });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
}, 180_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe("the package's stint/verify entry point", () => {
  it('verifies a GitHub webhook signature and refuses a tampered one with a stable code, with no node_modules of ours', async () => {
    const secret = 'consumer-test-secret';
    const body = '{"action":"deployed"}';
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    writeFileSync(
      join(consumer, 'receiver.mjs'),
      `import { verifyHmacWebhook, isStintError } from 'stint/verify';
const headers = { 'x-hub-signature-256': process.env.SIGNATURE };
await verifyHmacWebhook({ format: 'github', secrets: [process.env.SECRET], headers, body: process.env.BODY });
console.log('accepted');
try {
  await verifyHmacWebhook({ format: 'github', secrets: [process.env.SECRET], headers, body: process.env.BODY + ' ' });
  console.log('tampered body accepted');
} catch (error) {
  console.log(isStintError(error) ? error.code : 'not a StintError');
}
`,
    );
    const result = await run(process.execPath, ['receiver.mjs'], {
      cwd: consumer,
      env: baseEnv({ SECRET: secret, BODY: body, SIGNATURE: signature }),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['accepted', 'ERR_SIGNATURE_INVALID']);
  });

  it('ships type declarations that a strict TypeScript consumer compiles against', async () => {
    // The declarations name jose's types; a consumer gets jose as our dependency.
    symlinkSync(join(ROOT, 'node_modules/jose'), join(consumer, 'node_modules/jose'), 'dir');
    mkdirSync(join(consumer, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules/@types/node'), join(consumer, 'node_modules/@types/node'), 'dir');
    writeFileSync(
      join(consumer, 'receiver.ts'),
      `import { verifyHttpSignature, verifyStintToken, StintError, type VerifyHmacWebhookOptions } from 'stint/verify';
const options: VerifyHmacWebhookOptions = { format: 'stripe', secrets: ['whsec_x'], headers: {}, body: '' };
export async function check(token: string): Promise<string> {
  const claims = await verifyStintToken(token, { jwksUrl: 'https://stint.example.com/.well-known/jwks.json', issuer: 'https://stint.example.com', audience: 'stint:warehouse' });
  return String(claims.project) + String(options.format) + typeof verifyHttpSignature + String(new StintError('ERR_X', 'x').code);
}
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          types: ['node'],
        },
        files: ['receiver.ts'],
      }),
    );
    const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: consumer,
      env: baseEnv(),
      timeoutMs: 120_000,
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('lists the entry point in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
      files: string[];
    };
    expect(pkg.exports['./verify']).toEqual({
      types: './dist/verify/types/verify/index.d.ts',
      default: './dist/verify/index.js',
    });
    expect(pkg.files).toContain('dist/verify/');
  });
});
