import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { CLI, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { brokerConfig, REDIS_PASSWORD_ENV } from '../redis/setup.js';
import { initSoftHsm, type SoftHsm } from './softhsm.js';

/**
 * Three built brokers with their keys in one SoftHSM2 token and one Redis store, as an operator
 * runs them (docs/pkcs11.md, docs/many-brokers.md#one-key-set): `stint keys rotate --now` through
 * the CLI never makes every broker not ready at once, and no log calls it a split.
 */
const run = promisify(execFile);
let hsm: SoftHsm;
let redis: RedisServer;
let issuer: GithubIssuer;
let keysDir: string;
const brokers: RunningBroker[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  hsm = initSoftHsm('stint-fleet');
  redis = await startRedis({ password: `fleet-${process.pid}-pw` });
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-fleet-keys-'));
  env = { ...hsm.env, [REDIS_PASSWORD_ENV]: redis.password! };
  const configYaml = brokerConfig({ issuerUrl: issuer.url, keysDir, store: { url: `${redis.url}/0` } }).replace(
    `keys: { dir: "${keysDir}", algorithm: EdDSA }`,
    `keys: { dir: "${keysDir}", algorithm: ES256, pkcs11: ${hsm.yaml} }`,
  );
  expect(configYaml).toContain('pkcs11:');
  // One at a time: the first makes the signing key in the token, the others read it there.
  for (const name of ['b1', 'b2', 'b3']) {
    brokers.push(await startBroker({ configYaml, env: { ...env, STINT_INSTANCE: name } }));
  }
});
afterAll(async () => {
  await Promise.all(brokers.map((broker) => broker.stop()));
  await issuer?.stop();
  await redis?.stop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  if (hsm) rmSync(hsm.dir, { recursive: true, force: true });
});

async function readyz(broker: RunningBroker): Promise<number> {
  return (await fetch(`${broker.url}/readyz`)).status;
}

async function jwksKids(broker: RunningBroker): Promise<string[]> {
  const { keys } = (await (await fetch(`${broker.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
  return keys.map((key) => key.kid).sort();
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ceilingMs = 90_000): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe('brokers on one PKCS#11 token and one Redis: stint keys rotate --now', () => {
  it('leaves the broker that re-read the token first serving: never every broker not ready at once, and no split in any log', async () => {
    const old = await waitFor('one key set, every broker ready', async () => {
      const kids = await Promise.all(brokers.map(jwksKids));
      const statuses = await Promise.all(brokers.map(readyz));
      const first = JSON.stringify(kids[0]);
      return statuses.every((status) => status === 200) && kids.every((k) => JSON.stringify(k) === first)
        ? kids[0]!
        : undefined;
    });
    expect(old).toHaveLength(1);

    // Every broker's /readyz, all at once, again and again, until they all serve the new key.
    const samples: number[][] = [];
    let converged = false;
    let fresh: string | undefined;
    const poll = (async () => {
      while (!converged) {
        const [statuses, kids] = await Promise.all([
          Promise.all(brokers.map(readyz)),
          Promise.all(brokers.map(jwksKids)),
        ]);
        samples.push(statuses);
        const [first] = kids;
        if (
          first !== undefined &&
          first.length === 1 &&
          !old.includes(first[0]!) &&
          kids.every((k) => JSON.stringify(k) === JSON.stringify(first)) &&
          statuses.every((status) => status === 200)
        ) {
          fresh = first[0];
          converged = true;
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    })();
    const rotated = await run(
      process.execPath,
      [CLI, 'keys', 'rotate', '--now', '--config', join(brokers[0]!.dir, 'stint.yml')],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    expect(rotated.stdout).toMatch(/signs now; dropped from the JWKS: /);
    // Converging takes each broker's re-read of the token (every 5 s) at most; the ceiling is generous.
    const deadline = Date.now() + 120_000;
    while (!converged && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
    converged = true;
    await poll;
    expect(fresh, 'every broker serves the new key alone, ready').toBeDefined();

    expect(samples.length).toBeGreaterThan(3);
    const everyOneDown = samples.filter((statuses) => statuses.every((status) => status !== 200));
    expect(everyOneDown, `samples: ${JSON.stringify(samples)}`).toEqual([]);
    for (const broker of brokers) {
      expect(broker.output()).not.toContain('serves another key set');
      expect(broker.exitCode()).toBeNull();
    }
  });
});
