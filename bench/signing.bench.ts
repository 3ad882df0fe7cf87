import { execFile } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseSigningProfiles } from '../src/signing/index.js';
import { signRequest } from '../src/signing/sign.js';
import type { SigningProfile } from '../src/signing/types.js';
import { type BenchFigure, opsPerSecond, recordBench } from './report.js';

/**
 * What signing costs on top of the cryptography it has to do.
 * 1. In process: signRequest ops/s per format against the bare node:crypto computation of the
 *    same bytes (the ratio is the overhead of parsing nothing, building headers and the base).
 * 2. The whole `stint sign github` process (built CLI, JSON config as the action writes it)
 *    against a bare `node -e` computing the same HMAC: both start a Node process, so the ratio
 *    is what stint's bundle and config loading add. Runs alternate within one measurement.
 */
const MEASURE_MS = 200;
const ROUNDS = 3;
const PROCESS_RUNS = 12;
const PROCESS_BUDGET_MS = 40_000;

const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', sha: 'a'.repeat(40), payload: 'x'.repeat(1000) }));
const request = {
  method: 'POST',
  url: 'https://hooks.example.com/deploy?run=1',
  headers: { 'Content-Type': 'application/json' },
  body,
};
const deps = { now: Date.now, randomBytes };
const ed = generateKeyPairSync('ed25519');
const edPem = ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const secret = 'bench-webhook-secret-0123456789';
const whsec = `whsec_${Buffer.from(secret).toString('base64')}`;

const profiles = parseSigningProfiles(
  {
    github: { type: 'hmac', format: 'github', secret },
    stripe: { type: 'hmac', format: 'stripe', secret },
    slack: { type: 'hmac', format: 'slack', secret },
    'standard-webhooks': { type: 'hmac', format: 'standard-webhooks', secret: whsec },
    generic: { type: 'hmac', secret, algorithm: 'sha512', encoding: 'base64', timestamp_header: 'X-Ts' },
    'http-signature-ed25519': { type: 'http-signature', alg: 'ed25519', key: edPem, keyid: 'k' },
    'http-signature-hmac': { type: 'http-signature', alg: 'hmac-sha256', key: secret, keyid: 'k' },
    'jwt-hs256': { type: 'jwt', alg: 'HS256', key: secret, claims: { iss: 'ci', aud: 'api' } },
  },
  { origin: 'action-input', env: {} },
).profiles;

const ts = () => String(Math.floor(Date.now() / 1000));
// The RFC 9421 base the http-signature profiles build for this request (same length and parts).
const httpSignatureBase = () =>
  `"@method": POST\n"@authority": hooks.example.com\n"@path": /deploy\n"content-digest": sha-256=:${createHash('sha256').update(body).digest('base64')}:\n"@signature-params": ("@method" "@authority" "@path" "content-digest");created=${ts()};alg="ed25519";keyid="k"`;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** The same bytes each format produces, computed with nothing but node:crypto. */
const bare: Record<string, () => unknown> = {
  github: () => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  stripe: () => {
    const t = ts();
    return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
  },
  slack: () => {
    const t = ts();
    return `v0=${createHmac('sha256', secret).update(`v0:${t}:`).update(body).digest('hex')}`;
  },
  'standard-webhooks': () => {
    const id = `msg_${randomBytes(16).toString('base64url')}`;
    return createHmac('sha256', Buffer.from(secret)).update(`${id}.${ts()}.`).update(body).digest('base64');
  },
  generic: () => createHmac('sha512', secret).update(`${ts()}.`).update(body).digest('base64'),
  'http-signature-ed25519': () => sign(null, Buffer.from(httpSignatureBase()), ed.privateKey).toString('base64'),
  'http-signature-hmac': () => createHmac('sha256', secret).update(httpSignatureBase()).digest('base64'),
  'jwt-hs256': () => {
    const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iss: 'ci', aud: 'api', jti: randomBytes(16).toString('base64url'), iat: 1, exp: 61 })}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  },
};

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(file, args, { env }, (error, stdout) => {
      if (error || !stdout.includes('sha256=')) reject(error ?? new Error(`unexpected output: ${stdout}`));
      else resolve(performance.now() - start);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

it('signing overhead in process and for the stint sign process', async () => {
  const figures: BenchFigure[] = [];
  for (const [name, profile] of profiles as Map<string, SigningProfile>) {
    // Alternate three rounds and keep each side's best, so a burst of load on the shared cores
    // does not land on one side only.
    let ours = 0;
    let baseline = 0;
    for (let round = 0; round < ROUNDS; round++) {
      ours = Math.max(ours, await opsPerSecond(() => signRequest(profile, request, deps), MEASURE_MS));
      baseline = Math.max(baseline, await opsPerSecond(bare[name] as () => unknown, MEASURE_MS));
    }
    figures.push({
      figure: `signRequest ${name}, 1 KB body (ops/s; ratio to bare node:crypto)`,
      value: `${Math.round(ours).toLocaleString('en')} ops/s; ${(baseline / ours).toFixed(2)}×`,
      target: '',
    });
  }

  const dir = mkdtempSync(join(tmpdir(), 'stint-sign-bench-'));
  try {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        signing: { webhook: { type: 'hmac', format: 'github', secret_env: 'STINT_SECRET_WEBHOOK_1' } },
      }),
    );
    writeFileSync(join(dir, 'body.json'), body);
    const env = { ...process.env, STINT_SECRET_WEBHOOK_1: secret };
    const cli = [
      join(process.cwd(), 'dist/cli/index.js'),
      'sign',
      'webhook',
      '--config',
      join(dir, 'config.json'),
      '--body-file',
      join(dir, 'body.json'),
    ];
    const script = `const c=require('crypto'),f=require('fs');console.log('X-Hub-Signature-256: sha256='+c.createHmac('sha256',process.env.STINT_SECRET_WEBHOOK_1).update(f.readFileSync(${JSON.stringify(join(dir, 'body.json'))})).digest('hex'))`;
    const stintTimes: number[] = [];
    const bareTimes: number[] = [];
    const until = performance.now() + PROCESS_BUDGET_MS;
    await run(process.execPath, cli, env); // warm the file cache
    for (let i = 0; i < PROCESS_RUNS && performance.now() < until; i++) {
      stintTimes.push(await run(process.execPath, cli, env));
      bareTimes.push(await run(process.execPath, ['-e', script], env));
    }
    const ratio = median(stintTimes) / median(bareTimes);
    figures.push({
      figure: `stint sign github process vs bare node -e HMAC (median of ${stintTimes.length} alternating runs: ${median(stintTimes).toFixed(0)} ms vs ${median(bareTimes).toFixed(0)} ms)`,
      value: `${ratio.toFixed(2)}×`,
      target: '≤ 1.5×',
      met: ratio <= 1.5,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  recordBench('signing', figures);
  expect(figures.length).toBe(profiles.size + 1);
});
