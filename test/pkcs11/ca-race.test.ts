import { execFile } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { stackConfig } from '../broker/stack.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { initSoftHsm, SOFTHSM_MODULE, type SoftHsm } from './softhsm.js';

/**
 * Three built brokers on one SoftHSM2 token whose CA objects were just destroyed (docs/pkcs11.md,
 * "Replacing the CA at once"), asked for the CA all at once: each makes one, they agree on one,
 * every broker serves it alone, and what each issues verifies against it. Several rounds, since
 * the race is a matter of timing.
 */
const run = promisify(execFile);
const ROUNDS = 3;
let issuer: GithubIssuer;
let hsm: SoftHsm;
const brokers: RunningBroker[] = [];

beforeAll(async () => {
  issuer = await startGithubIssuer();
  hsm = initSoftHsm('stint-ca-race');
});
afterAll(async () => {
  for (const broker of brokers) await broker.stop();
  await issuer?.stop();
  if (hsm) rmSync(hsm.dir, { recursive: true, force: true });
});

/**
 * Lists the token's `stint:ca*` objects as `<class> <label>` lines, or destroys them all
 * (`destroy`), from a process of its own, as an operator's tool would.
 */
async function caObjects(action: 'list' | 'destroy'): Promise<string[]> {
  const script = `
    const pkcs11js = require('pkcs11js');
    const p = new pkcs11js.PKCS11(); p.load(${JSON.stringify(SOFTHSM_MODULE)}); p.C_Initialize();
    const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === ${JSON.stringify(hsm.label)});
    const s = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    p.C_Login(s, 1, process.env.STINT_HSM_PIN);
    p.C_FindObjectsInit(s, []); const hs = []; let h; while ((h = p.C_FindObjects(s))) hs.push(h); p.C_FindObjectsFinal(s);
    const names = { 1: 'cert', 2: 'pubkey', 3: 'privkey' };
    for (const h of hs) {
      const [c, l] = p.C_GetAttributeValue(s, h, [{ type: pkcs11js.CKA_CLASS }, { type: pkcs11js.CKA_LABEL }]);
      const label = l.value.toString();
      if (!label.startsWith('stint:ca')) continue;
      console.log(names[c.value.readUInt32LE(0)] + ' ' + label);
      if (${JSON.stringify(action)} === 'destroy') p.C_DestroyObject(s, h);
    }
    p.C_Logout(s); p.C_CloseSession(s); p.C_Finalize();`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    env: { ...process.env, ...hsm.env },
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  return stdout.split('\n').filter((line) => line !== '');
}

function configFor(url: string): string {
  return stackConfig(url, issuer.url).replace(
    'keys: { dir: keys, algorithm: EdDSA }',
    `keys: { dir: keys, algorithm: ES256, pkcs11: ${hsm.yaml} }`,
  );
}

async function certificateFrom(broker: RunningBroker): Promise<string> {
  const exchange = await fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issuer.mint({ aud: broker.url }), project: 'warehouse' }),
  });
  const minted = (await exchange.json()) as { access_token: string };
  expect(exchange.status, JSON.stringify(minted)).toBe(200);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const response = await fetch(`${broker.url}/mtls/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${minted.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ csr: await createCsr(privateKey, 'ci job') }),
  });
  const issued = (await response.json()) as { certificate: string };
  expect(response.status, JSON.stringify(issued)).toBe(200);
  return issued.certificate;
}

describe('keys.pkcs11: three brokers making the mTLS CA in one token at once', () => {
  it(
    'every GET /mtls/ca.pem answers 200 with the same single CA, no broker dies, and each issues certificates it verifies',
    async () => {
      for (let round = 1; round <= ROUNDS; round += 1) {
        // The documented replacement: destroy the CA objects, (re)start every broker.
        await caObjects('destroy');
        const running: RunningBroker[] = [];
        // One after another: the signing keys are made by the first, the CA by none yet.
        for (let i = 0; i < 3; i += 1) {
          const broker = await startBrokerAt(configFor, { env: hsm.env });
          brokers.push(broker);
          running.push(broker);
        }
        const answers = await Promise.all(
          running.flatMap((broker) =>
            [1, 2].map(async () => {
              const response = await fetch(`${broker.url}/mtls/ca.pem`).catch((error: Error) => error);
              return response instanceof Error
                ? { status: 0, body: `${response.message}: ${broker.output()}` }
                : { status: response.status, body: await response.text() };
            }),
          ),
        );
        const context = `round ${round}: ${JSON.stringify(answers.map((a) => a.status))}`;
        const logs = () => running.map((broker) => broker.output()).join('\n');
        for (const answer of answers) expect(answer.status, `${context} ${answer.body} ${logs()}`).toBe(200);
        expect(new Set(answers.map((a) => a.body)).size, context).toBe(1);
        const caPem = answers[0]!.body;
        expect(
          caPem.match(/-----BEGIN CERTIFICATE-----/g),
          `${context}: one CA, no CA left without its key`,
        ).toHaveLength(1);
        const ca = new X509Certificate(caPem);
        for (const broker of running) {
          const leaf = new X509Certificate(await certificateFrom(broker));
          expect(leaf.checkIssued(ca), context).toBe(true);
          expect(leaf.verify(ca.publicKey), context).toBe(true);
          // And it still serves that CA.
          expect(await (await fetch(`${broker.url}/mtls/ca.pem`)).text(), context).toBe(caPem);
        }
        for (const broker of running) expect(broker.exitCode(), `${context}: ${broker.output()}`).toBeNull();
        // The token holds that CA only: the brokers that lost destroyed their own objects.
        expect((await caObjects('list')).map((line) => line.split(' ')[0]).sort(), context).toEqual([
          'cert',
          'privkey',
          'pubkey',
        ]);
        for (const broker of running) await broker.stop();
      }
    },
    ROUNDS * 240_000,
  );
});
