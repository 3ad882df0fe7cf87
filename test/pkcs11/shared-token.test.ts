import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import type * as Pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { initSoftHsm, SOFTHSM_MODULE, type SoftHsm } from './softhsm.js';

/**
 * A built broker on a SoftHSM2 token that another process keeps generating and destroying key
 * pairs in (as a peer broker rotating or making its CA does). SoftHSM's file store shows other
 * processes a key it is still making, and reading one can crash the reader (SIGSEGV): a search
 * by CKA_CLASS alone returns it (docs/pkcs11.md). The broker re-reads its signing keys every 5 s,
 * so none of its searches, nor those of `stint keys rotate --now`, may name the class alone: a
 * spy preloaded into both (find-spy.cjs) records every search template. Whether a class-only
 * search crashes within the test's few re-reads is a matter of timing (measured: about one
 * re-read in a hundred while another process churns keys), so the spy's count is what fails
 * deterministically; the broker surviving the churn is checked too.
 *
 * The token also holds a signing key as the first stint release made it (before this search
 * existed): the broker, upgraded in place, finds it and signs with it.
 */
const pkcs11 = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;
const SPY = join(import.meta.dirname, 'find-spy.cjs');
const HOUR_MS = 3_600_000;
let issuer: GithubIssuer;
let hsm: SoftHsm;
let spyFile: string;
let churn: ChildProcess | undefined;
const brokers: RunningBroker[] = [];

beforeAll(async () => {
  issuer = await startGithubIssuer();
  hsm = initSoftHsm('stint-shared');
  spyFile = join(hsm.dir, 'searches.jsonl');
});
afterAll(async () => {
  churn?.kill('SIGKILL');
  for (const broker of brokers) await broker.stop();
  await issuer?.stop();
  if (hsm) rmSync(hsm.dir, { recursive: true, force: true });
});

/** Runs a pkcs11js script logged in to the test token, from a process of its own. */
function tokenScript(body: string): string {
  return `
    const pkcs11js = require('pkcs11js');
    const p = new pkcs11js.PKCS11(); p.load(${JSON.stringify(SOFTHSM_MODULE)}); p.C_Initialize();
    const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === ${JSON.stringify(hsm.label)});
    const s = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    p.C_Login(s, 1, process.env.STINT_HSM_PIN);
    const P256 = Buffer.from('06082a8648ce3d030107', 'hex');
    ${body}`;
}

function runNode(script: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...hsm.env }, cwd: process.cwd() });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => (code === 0 ? done(out) : fail(new Error(`exit ${code ?? signal}: ${err}`))));
  });
}

/**
 * A signing key made with the attributes the first stint release gave it (src/tokens/pkcs11.ts
 * at 104869e: no CKA_UNWRAP/CKA_WRAP/CKA_ENCRYPT set), signing since an hour ago; its kid.
 */
async function oldStintKey(): Promise<string> {
  const since = Date.now() - HOUR_MS;
  const out = await runNode(
    tokenScript(`
    const common = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_ID, value: Buffer.from(require('node:crypto').randomBytes(16).toString('hex')) },
      { type: pkcs11js.CKA_LABEL, value: 'stint:jwt:ES256:${since}:${since}' },
    ];
    const pair = p.C_GenerateKeyPair(s, { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
      [...common, { type: pkcs11js.CKA_PRIVATE, value: false }, { type: pkcs11js.CKA_VERIFY, value: true }, { type: pkcs11js.CKA_EC_PARAMS, value: P256 }],
      [...common, { type: pkcs11js.CKA_PRIVATE, value: true }, { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false }, { type: pkcs11js.CKA_SIGN, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: false }, { type: pkcs11js.CKA_DERIVE, value: false }]);
    const [point] = p.C_GetAttributeValue(s, pair.publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    console.log(point.value.subarray(-65).toString('hex'));`),
  );
  const raw = Buffer.from(out.trim(), 'hex');
  return calculateJwkThumbprint({
    kty: 'EC',
    crv: 'P-256',
    x: raw.subarray(1, 33).toString('base64url'),
    y: raw.subarray(33, 65).toString('base64url'),
  });
}

/**
 * Another process on the token generating a key pair and destroying the one before, again and
 * again, until killed or for 5 minutes at most. Its keys are not stint's (label `other:churn`).
 */
function startChurn(): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '-e',
      tokenScript(`
    const stopAt = Date.now() + 300000;
    let before;
    while (Date.now() < stopAt) {
      const common = [{ type: pkcs11js.CKA_TOKEN, value: true }, { type: pkcs11js.CKA_LABEL, value: 'other:churn' },
        { type: pkcs11js.CKA_ID, value: require('node:crypto').randomBytes(16) }];
      const pair = p.C_GenerateKeyPair(s, { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [...common, { type: pkcs11js.CKA_EC_PARAMS, value: P256 }, { type: pkcs11js.CKA_VERIFY, value: true }],
        [...common, { type: pkcs11js.CKA_PRIVATE, value: true }, { type: pkcs11js.CKA_SIGN, value: true }]);
      if (before) { p.C_DestroyObject(s, before.privateKey); p.C_DestroyObject(s, before.publicKey); }
      before = pair;
    }`),
    ],
    { env: { ...process.env, ...hsm.env }, cwd: process.cwd(), stdio: 'ignore' },
  );
  return child;
}

interface Search {
  pid: number;
  attributes: Array<{ type: number; value: unknown }>;
}

function searches(): Search[] {
  if (!existsSync(spyFile)) return [];
  return readFileSync(spyFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Search);
}

/** A search that returns only objects fully made: it names an id or a label, or a generated token key. */
function namesItsObjects(search: Search): boolean {
  const has = (type: number, value?: unknown) =>
    search.attributes.some((a) => a.type === type && (value === undefined || a.value === value));
  return has(pkcs11.CKA_ID) || has(pkcs11.CKA_LABEL) || (has(pkcs11.CKA_TOKEN, true) && has(pkcs11.CKA_LOCAL, true));
}

/** A listing of the token's keys: a search for public keys by no id. */
function isListing(search: Search): boolean {
  return (
    search.attributes.some((a) => a.type === pkcs11.CKA_CLASS && a.value === pkcs11.CKO_PUBLIC_KEY) &&
    !search.attributes.some((a) => a.type === pkcs11.CKA_ID)
  );
}

async function jwksKids(broker: RunningBroker): Promise<string[]> {
  const { keys } = (await (await fetch(`${broker.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
  return keys.map((key) => key.kid);
}

async function signingKid(broker: RunningBroker): Promise<string | undefined> {
  const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issuer.mint({ aud: broker.url }), project: 'warehouse' }),
  });
  const body = (await response.json()) as { access_token: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return decodeProtectedHeader(body.access_token).kid;
}

describe('keys.pkcs11: a broker on a token another process generates keys in', () => {
  it('never searches by class alone (re-reads, CA, stint keys rotate --now), survives, and signs with a key an older stint made', async () => {
    const oldKid = await oldStintKey();
    churn = startChurn();
    const spied = { NODE_OPTIONS: `--require ${SPY}`, STINT_TEST_FIND_SPY: spyFile };
    const broker = await startBrokerAt(
      (url) =>
        stackConfig(url, issuer.url).replace(
          'keys: { dir: keys, algorithm: EdDSA }',
          `keys: { dir: keys, algorithm: ES256, pkcs11: ${hsm.yaml} }`,
        ),
      { env: { ...hsm.env, ...spied } },
    );
    brokers.push(broker);

    // Upgraded in place: the key the older stint made is the one it publishes and signs with.
    expect(await jwksKids(broker)).toEqual([oldKid]);
    expect(await signingKid(broker)).toBe(oldKid);
    // The CA, made in the token while the other process churns.
    expect((await fetch(`${broker.url}/mtls/ca.pem`)).status).toBe(200);

    // Several of its 5 s re-reads, with the churn going on.
    const listingsAtStart = searches().filter((s) => s.pid === broker.process.pid && isListing(s)).length;
    await vi.waitFor(
      () =>
        expect(
          searches().filter((s) => s.pid === broker.process.pid && isListing(s)).length,
          broker.output(),
        ).toBeGreaterThanOrEqual(listingsAtStart + 3),
      { timeout: 120_000, interval: 500 },
    );

    const rotated = await runCli(['keys', 'rotate', '--now', '--config', join(broker.dir, 'stint.yml')], {
      cwd: broker.dir,
      env: { ...process.env, ...hsm.env, ...spied },
    });
    expect(rotated.code, rotated.stderr).toBe(0);
    await vi.waitFor(
      async () => {
        const kids = await jwksKids(broker);
        expect(kids).toHaveLength(1);
        expect(kids).not.toContain(oldKid);
      },
      { timeout: 120_000, interval: 500 },
    );
    expect(await signingKid(broker)).not.toBe(oldKid);
    churn.kill('SIGKILL');

    const all = searches();
    const pids = new Set(all.map((s) => s.pid));
    expect(pids.has(broker.process.pid!), 'the spy saw the broker').toBe(true);
    expect(pids.size, 'the spy saw the broker and stint keys rotate').toBeGreaterThanOrEqual(2);
    const byClassAlone = all.filter((s) => !namesItsObjects(s));
    expect(
      byClassAlone.map((s) => JSON.stringify(s.attributes)),
      `${byClassAlone.length} of ${all.length} searches name no id, label, or generated token key`,
    ).toEqual([]);
    expect(broker.exitCode(), broker.output()).toBeNull();
  }, 360_000);
});
