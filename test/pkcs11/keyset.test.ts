import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type * as Pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import type { BrokerContext } from '../../src/broker/context.js';
import { createMetrics } from '../../src/broker/metrics.js';
import { checkReadiness } from '../../src/broker/readiness.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { openPkcs11KeySet } from '../../src/tokens/pkcs11-keyset.js';
import { type SigningAlgorithm, signCompactJws } from '../../src/tokens/signer.js';
import { initSoftHsm, SOFTHSM_MODULE, type SoftHsm } from './softhsm.js';

/**
 * The PKCS#11 key set in process, on a real SoftHSM2 token: what the keys look like inside the
 * token (sensitive, never extractable), each algorithm signing and verifying with jose, the
 * schedule, and a session the token drops being reopened.
 */
let hsm: SoftHsm;
let pkcs11: typeof Pkcs11js;
let probe: Pkcs11js.PKCS11;
let probeSession: Buffer;
let slot: Buffer;
const T0 = Date.parse('2026-06-01T00:00:00Z');

beforeAll(() => {
  hsm = initSoftHsm('keyset-test');
  // SoftHSM reads SOFTHSM2_CONF once, at the first C_Initialize in this process.
  process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
  pkcs11 = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;
  probe = new pkcs11.PKCS11();
  probe.load(SOFTHSM_MODULE);
  try {
    probe.C_Initialize();
  } catch (error) {
    if ((error as { code?: number }).code !== pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error;
  }
  slot = probe.C_GetSlotList(true).find((s) => probe.C_GetTokenInfo(s).label.trim() === hsm.label)!;
  probeSession = probe.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
});
afterAll(() => {
  if (hsm) rmSync(hsm.dir, { recursive: true, force: true });
});

function open(algorithm: SigningAlgorithm, now: () => number = Date.now) {
  return openPkcs11KeySet({
    pkcs11: { module: SOFTHSM_MODULE, token: hsm.label, pin_env: 'STINT_HSM_PIN' },
    env: hsm.env,
    algorithm,
    rotateEverySec: 30 * 86_400,
    graceSec: 7 * 86_400,
    now,
  });
}

function privateKeys(): Buffer[] {
  probe.C_FindObjectsInit(probeSession, [{ type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY }]);
  const found = probe.C_FindObjects(probeSession, 100);
  probe.C_FindObjectsFinal(probeSession);
  return found;
}

function destroyAll(): void {
  for (const objectClass of [pkcs11.CKO_PRIVATE_KEY, pkcs11.CKO_PUBLIC_KEY, pkcs11.CKO_CERTIFICATE]) {
    probe.C_FindObjectsInit(probeSession, [{ type: pkcs11.CKA_CLASS, value: objectClass }]);
    const found = probe.C_FindObjects(probeSession, 100);
    probe.C_FindObjectsFinal(probeSession);
    for (const handle of found) probe.C_DestroyObject(probeSession, handle);
  }
}

describe('openPkcs11KeySet on SoftHSM2', () => {
  beforeAll(() => {
    probe.C_Login(probeSession, pkcs11.CKU_USER, hsm.pin);
  });

  it.each(['ES256', 'EdDSA', 'RS256'] as const)(
    '%s: generates in the token, signs there, jose verifies via the JWKS',
    async (alg) => {
      destroyAll();
      const keys = await open(alg);
      const jwt = await signCompactJws(keys.current(), { typ: 'at+jwt' }, { sub: 'probe' });
      const { protectedHeader, payload } = await jwtVerify(jwt, createLocalJWKSet(keys.jwks()), { typ: 'at+jwt' });
      expect(protectedHeader).toMatchObject({ alg, kid: keys.current().kid });
      expect(payload.sub).toBe('probe');
      expect(keys.jwks().keys).toEqual([expect.not.objectContaining({ d: expect.anything() })]);
    },
  );

  it('its private keys are sensitive, never extractable, only sign, and their value cannot be read', async () => {
    destroyAll();
    await open('ES256');
    const [handle] = privateKeys();
    expect(handle).toBeDefined();
    const attributes = probe.C_GetAttributeValue(probeSession, handle!, [
      { type: pkcs11.CKA_TOKEN },
      { type: pkcs11.CKA_SENSITIVE },
      { type: pkcs11.CKA_EXTRACTABLE },
      { type: pkcs11.CKA_NEVER_EXTRACTABLE },
      { type: pkcs11.CKA_ALWAYS_SENSITIVE },
      { type: pkcs11.CKA_SIGN },
      { type: pkcs11.CKA_DECRYPT },
      { type: pkcs11.CKA_UNWRAP },
      { type: pkcs11.CKA_DERIVE },
      { type: pkcs11.CKA_SIGN_RECOVER },
    ]);
    expect(attributes.map((a) => a.value[0])).toEqual([1, 1, 0, 1, 1, 1, 0, 0, 0, 0]);
    expect(() => probe.C_GetAttributeValue(probeSession, handle!, [{ type: pkcs11.CKA_VALUE }])).toThrow(
      /CKR_ATTRIBUTE_SENSITIVE/,
    );
  });

  it('an RS256 signing key cannot unwrap or decrypt what is wrapped to its public key, and its public key only verifies', async () => {
    destroyAll();
    const keys = await open('RS256');
    const [privateKey] = privateKeys();
    const publicKey = createPublicKey({ key: keys.jwks().keys[0]!, format: 'jwk' });
    const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, randomBytes(32));
    expect(() =>
      probe.C_UnwrapKey(probeSession, { mechanism: pkcs11.CKM_RSA_PKCS }, privateKey!, wrapped, [
        { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
        { type: pkcs11.CKA_KEY_TYPE, value: pkcs11.CKK_AES },
        { type: pkcs11.CKA_TOKEN, value: false },
      ]),
    ).toThrow(/CKR_KEY_FUNCTION_NOT_PERMITTED/);
    expect(() => probe.C_DecryptInit(probeSession, { mechanism: pkcs11.CKM_RSA_PKCS }, privateKey!)).toThrow(
      /CKR_KEY_FUNCTION_NOT_PERMITTED/,
    );
    probe.C_FindObjectsInit(probeSession, [{ type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PUBLIC_KEY }]);
    const [publicHandle] = probe.C_FindObjects(probeSession, 1);
    probe.C_FindObjectsFinal(probeSession);
    const publicAttributes = probe.C_GetAttributeValue(probeSession, publicHandle!, [
      { type: pkcs11.CKA_VERIFY },
      { type: pkcs11.CKA_ENCRYPT },
      { type: pkcs11.CKA_WRAP },
      { type: pkcs11.CKA_DERIVE },
    ]);
    expect(publicAttributes.map((a) => a.value[0])).toEqual([1, 0, 0, 0]);
  });

  it('follows the file keys’ schedule: the successor is published ahead, the old private key goes when it stops signing', async () => {
    destroyAll();
    let t = T0;
    const keys = await open('ES256', () => t);
    const first = keys.current().kid;
    const rotation = await keys.rotate();
    expect(rotation.key.state).toBe('next');
    expect(keys.list().map((k) => k.state)).toEqual(['current', 'next']);
    expect(keys.current().kid).toBe(first);
    t = rotation.key.activatesAtMs;
    await keys.maintain();
    expect(keys.current().kid).toBe(rotation.key.kid);
    expect(keys.list().map((k) => [k.kid, k.state])).toEqual([
      [rotation.key.kid, 'current'],
      [first, 'grace'],
    ]);
    expect(privateKeys()).toHaveLength(1);
    t = rotation.key.activatesAtMs + 7 * 86_400_000 + 1;
    await keys.maintain();
    expect(keys.list().map((k) => k.kid)).toEqual([rotation.key.kid]);
    expect(keys.publicKey(first)).toBeUndefined();
  });

  it('keeps a lineage as the file keys do: kids seen in the token and gone since, and keys past their retirement', async () => {
    destroyAll();
    let t = T0;
    // Two processes on one token, as two brokers (or a broker and the CLI) are.
    const a = await open('ES256', () => t);
    const b = await open('ES256', () => t);
    const first = a.current().kid;
    expect(b.current().kid).toBe(first);
    expect(a.retired()).toEqual([]);
    const scheduled = await b.rotate();
    await a.reload();
    // Past its grace, the first key is retired even before maintenance destroys it.
    t = scheduled.key.activatesAtMs + 7 * 86_400_000 + 1;
    expect(a.retired()).toEqual([first]);
    await b.maintain();
    await a.reload();
    expect(a.publicKey(first)).toBeUndefined();
    expect(a.retired()).toEqual([first]);
    // An emergency rotation in the other process: once this one re-reads, it knows the key it
    // signed with before, newest first.
    const emergency = await b.rotate({ now: true });
    expect(a.retired()).toEqual([first]);
    await a.reload();
    expect(a.current().kid).toBe(emergency.key.kid);
    expect(a.retired()).toEqual([scheduled.key.kid, first]);
    expect(b.retired()).toEqual([scheduled.key.kid, first]);
  });

  it('readiness re-reads the token before saying no key signs: another process rotated since this one read it', async () => {
    destroyAll();
    const a = await open('ES256');
    // This process reads the token while the private half of the key that signs is gone (another
    // broker destroyed it), and before the key that replaces it is there.
    expect(privateKeys()).toHaveLength(1);
    probe.C_DestroyObject(probeSession, privateKeys()[0]!);
    await a.reload();
    expect(() => a.current()).toThrow(expect.objectContaining({ code: 'ERR_KEYS_NO_CURRENT' }));
    const b = await open('ES256');
    const emergency = await b.rotate({ now: true });
    const dir = mkdtempSync(join(tmpdir(), 'stint-ready-'));
    try {
      const ctx = {
        keySet: a,
        store: createMemoryStore({ apiKeyFile: join(dir, 'api-keys.json') }),
        audit: await openAuditLog(join(dir, 'audit.jsonl')),
        metrics: createMetrics(),
      } as unknown as BrokerContext;
      const result = await checkReadiness(ctx);
      expect(result).toMatchObject({ ready: true, errors: [] });
      expect(a.current().kid).toBe(emergency.key.kid);
      await ctx.audit.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reopens a session the token dropped, and signs on', async () => {
    destroyAll();
    const keys = await open('ES256');
    const signer = keys.current();
    await signer.sign(Buffer.from('before'));
    // Every session of the token closes, as when an HSM restarts or a network HSM's link drops.
    probe.C_CloseAllSessions(slot);
    probeSession = probe.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
    const jwt = await signCompactJws(keys.current(), {}, { after: true });
    await jwtVerify(jwt, createLocalJWKSet(keys.jwks()));
  });
});
