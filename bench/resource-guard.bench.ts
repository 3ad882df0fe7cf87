import { type JsonWebKey, randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { protectedResource } from '../src/verify/index.js';
import { opsPerSecond, recordBench } from './report.js';

/**
 * What stint/verify's resource guard costs per request (docs/mcp.md) against the verification it
 * has to do: `check()` on an Authorization header (parse, the broker's key set, every claim check
 * of a stint token, the scope, a SHA-256 fingerprint and the access record) ÷ a bare jose
 * `jwtVerify` of the same ES256 token with the same key set, issuer, audience and typ. Same
 * process, alternating rounds, median ratio; the key set is local (no JWKS fetch in either).
 */
const ROUNDS = 7;
const MEASURE_MS = 400;
const ISSUER = 'https://stint.example.com';
const RESOURCE = 'https://mcp.internal.example.com/mcp';

it('the guard per request vs a bare jose jwtVerify', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    client_id: 'github:acme/warehouse',
    scope: 'read',
    project: 'release-tools',
    ci: { provider: 'github', repository: 'acme/warehouse', run_id: '42', ref: 'refs/heads/main' },
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
    .setIssuer(ISSUER)
    .setSubject('repo:acme/warehouse:ref:refs/heads/main')
    .setAudience(RESOURCE)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .setJti(randomUUID())
    .sign(privateKey);

  let logged = 0;
  const guard = protectedResource({
    resource: RESOURCE,
    issuer: ISSUER,
    jwks: jwks as { keys: JsonWebKey[] },
    scopesSupported: ['read', 'deploy'],
    onAccess: () => {
      logged++;
    },
  });
  const keySet = createLocalJWKSet(jwks);
  const header = `Bearer ${token}`;
  const bare = () =>
    jwtVerify(token, keySet, { issuer: ISSUER, audience: RESOURCE, typ: 'at+jwt', algorithms: ['ES256'] });
  const guarded = async () => {
    const decision = await guard.check(header, ['read']);
    if (!decision.ok) throw new Error(`refused: ${decision.body.error_description}`);
  };
  await guarded();

  const ratios: number[] = [];
  let bareOps = 0;
  let guardOps = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const b = await opsPerSecond(bare, MEASURE_MS);
    const g = await opsPerSecond(guarded, MEASURE_MS);
    bareOps += b;
    guardOps += g;
    ratios.push(b / g);
  }
  ratios.sort((x, y) => x - y);
  const ratio = ratios[Math.floor(ROUNDS / 2)]!;
  expect(logged).toBeGreaterThan(0);
  const usPerRequest = (ops: number) => `${((1e6 * ROUNDS) / ops).toFixed(0)} µs`;
  recordBench('resource-guard', [
    {
      figure: `guard check per request (Bearer header, ES256 stint token, scope, access record) ÷ bare jose jwtVerify, same key set (median of ${ROUNDS} alternating rounds: ${usPerRequest(guardOps)} vs ${usPerRequest(bareOps)})`,
      value: `${ratio.toFixed(2)}×`,
      target: '',
    },
  ]);
});
