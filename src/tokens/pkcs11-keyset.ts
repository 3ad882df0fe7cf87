import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { StintError } from '../lib/errors.js';
import {
  algorithmChange,
  type BeforeCommit,
  type KeyChange,
  type KeyInfo,
  type KeySet,
  type KeyState,
  lineage,
  type RotationResult,
  type SigningAlgorithm,
} from './keyset.js';
import { openToken, type Pkcs11Config, type Pkcs11Token, type TokenKey } from './pkcs11.js';
import type { Signer } from './signer.js';

/**
 * The token-signing keys in a PKCS#11 token: the same schedule as file keys (src/tokens/keyset.ts:
 * a successor published `publish-ahead` before it signs, the old key published for `grace` after),
 * kept in the token itself, so brokers on many machines sharing one token share one key set and
 * nothing about it is on their disks.
 *
 * Each key pair's label carries its schedule: `stint:jwt:<alg>:<created ms>:<activates ms>`; its
 * kid is the RFC 7638 thumbprint of its public key, read from the token. The rest follows from the
 * set: a key signs from its activation until the next key's; it stays published until the next
 * key's activation + grace; its private half is destroyed once it no longer signs. An emergency
 * rotation destroys every other key at once.
 *
 * There is no lock across machines: two processes that rotate at the same instant make two
 * successors, both published before they sign, and the later one wins (ties go to the later
 * creation, then the kid, so every process picks the same one); nothing is ever signed by a key
 * that is not published.
 *
 * Lineage (KeySet.retired): the kids this process has seen in the token that are gone from it since
 * (destroyed by a rotation, here or in another process), newest first, at most RETIRED_KEPT, and the
 * keys past their retirement not destroyed yet. A broker that has re-read the token after
 * `stint keys rotate --now` thereby knows the key its peers still sign with, and they are behind
 * it, not split from it (src/broker/key-agreement.ts).
 */

export const JWT_KEY_LABEL = 'stint:jwt:';

export interface Pkcs11KeySetOptions {
  pkcs11: Pkcs11Config;
  env: NodeJS.ProcessEnv;
  /** Algorithm for new keys (existing keys keep theirs). */
  algorithm: SigningAlgorithm;
  rotateEverySec: number;
  graceSec: number;
  publishAheadSec?: number;
  now?: () => number;
  /** Only read what is there (`stint keys list`): no key is generated or destroyed. */
  readOnly?: boolean;
  onChange?: (change: KeyChange) => void | Promise<void>;
  /**
   * Told about new keys before any old key is destroyed (BeforeCommit). A key is published as soon
   * as it is in the token, so this comes just after it is generated; when it throws, the new keys
   * are destroyed again and the error is thrown on.
   */
  beforeCommit?: BeforeCommit;
}

interface TokenEntry {
  kid: string;
  id: string;
  alg: SigningAlgorithm;
  createdAtMs: number;
  activatesAtMs: number;
  retiresAtMs?: number;
  publicJwk: JWK;
  hasPrivateKey: boolean;
}

/** The token-signing key set in a PKCS#11 token, with the token itself for the CA to share. */
export interface Pkcs11KeySet extends KeySet {
  readonly token: Pkcs11Token;
}

/**
 * Opens the key set in the token `options.pkcs11` names and, unless read-only, makes sure a key
 * signs now (generating the first one in the token).
 *
 * @example
 * const keys = await openPkcs11KeySet({ pkcs11: { module: '/usr/lib/softhsm/libsofthsm2.so', token: 'stint', pin_env: 'STINT_HSM_PIN' },
 *   env: process.env, algorithm: 'ES256', rotateEverySec: 30 * 86400, graceSec: 7 * 86400 });
 */
export async function openPkcs11KeySet(options: Pkcs11KeySetOptions): Promise<Pkcs11KeySet> {
  if (!(options.rotateEverySec > 0) || !(options.graceSec >= 0)) {
    throw new StintError('ERR_KEYS_SCHEDULE', 'keys.rotate_every must be > 0 and keys.grace ≥ 0');
  }
  const token = await openToken(options.pkcs11, options.env, [options.algorithm]);
  const now = options.now ?? Date.now;
  const graceMs = options.graceSec * 1000;
  const rotateEveryMs = options.rotateEverySec * 1000;
  const publishAheadMs =
    (options.publishAheadSec ?? Math.min(86_400, options.graceSec, options.rotateEverySec / 2)) * 1000;
  let entries: TokenEntry[] = [];
  /** Kids seen in the token and gone from it since, newest first (retired()). */
  let goneKids: string[] = [];
  /**
   * Kids that left the token while still published, since a key last signed: lost with a token
   * emptied or re-initialised, or dropped by an emergency rotation elsewhere. Told in `removed` when
   * maintenance has to make a new signing key because none is left.
   */
  let missing: string[] = [];
  const signers = new Map<string, Signer>();

  const read = async (): Promise<TokenEntry[]> => {
    const found = token.findKeys(JWT_KEY_LABEL);
    const parsed = await Promise.all(found.map((key) => entryOf(key)));
    const sorted = parsed
      .filter((e): e is TokenEntry => e !== undefined)
      // Ties (two processes that made a key in the same millisecond) are broken the same way everywhere.
      .sort((a, b) => a.activatesAtMs - b.activatesAtMs || a.createdAtMs - b.createdAtMs || compare(a.kid, b.kid));
    // A key retires `grace` after the next one (by activation) takes over.
    for (const [i, entry] of sorted.entries()) {
      const successor = sorted.slice(i + 1).find((e) => e.activatesAtMs > entry.activatesAtMs);
      if (successor !== undefined) entry.retiresAtMs = successor.activatesAtMs + graceMs;
    }
    return sorted;
  };
  const reload = async (): Promise<void> => {
    const next = await read();
    const t = now();
    const goneEntries = entries.filter((e) => !next.some((n) => n.kid === e.kid));
    goneKids = lineage(
      goneEntries.map((e) => e.kid),
      goneKids,
    );
    missing = [
      ...new Set([
        ...missing,
        ...goneEntries.filter((e) => e.retiresAtMs === undefined || e.retiresAtMs > t).map((e) => e.kid),
      ]),
    ];
    entries = next;
    if (currentAt(t)?.hasPrivateKey === true) missing = [];
  };
  const published = (t: number, from = entries): TokenEntry[] =>
    from.filter((e) => e.retiresAtMs === undefined || e.retiresAtMs > t);
  const currentAt = (t: number, from = entries): TokenEntry | undefined =>
    published(t, from)
      .filter((e) => e.activatesAtMs <= t)
      .at(-1);
  const stateOf = (entry: TokenEntry, t: number, currentKid: string | undefined): KeyState =>
    entry.kid === currentKid ? 'current' : entry.activatesAtMs > t ? 'next' : 'grace';
  const info = (entry: TokenEntry, state: KeyState): KeyInfo => ({
    kid: entry.kid,
    alg: entry.alg,
    state,
    createdAtMs: entry.createdAtMs,
    activatesAtMs: entry.activatesAtMs,
    ...(entry.retiresAtMs === undefined ? {} : { retiresAtMs: entry.retiresAtMs }),
  });
  const generate = async (t: number, activatesAtMs: number): Promise<TokenEntry> => {
    const id = randomBytes(16).toString('hex');
    const label = `${JWT_KEY_LABEL}${options.algorithm}:${t}:${activatesAtMs}`;
    token.generateKeyPair(options.algorithm, id, label);
    // Found by the search every re-read makes: a key it would not find is not left in the token
    // (the next maintenance would make another, and another).
    const [key] = token.findKeys(label).filter((k) => k.id === id);
    const entry = key === undefined ? undefined : await entryOf(key);
    if (entry === undefined) {
      token.destroyKey(id);
      throw new StintError(
        'ERR_PKCS11_FAILED',
        `the key ${id} just generated in token ${options.pkcs11.token} is not found by a search for CKA_TOKEN and CKA_LOCAL true, which every key a token generates has, and was destroyed again: another process destroyed it at once (\`stint keys rotate --now\` elsewhere; try again), or the token does not search by CKA_LOCAL (see docs/pkcs11.md)`,
      );
    }
    return entry;
  };
  /** Runs beforeCommit for keys just generated; destroys them again when it throws. */
  const announce = async (generated: TokenEntry[], dropped: string[], t: number): Promise<void> => {
    if (options.beforeCommit === undefined || generated.length === 0) return;
    try {
      await options.beforeCommit({
        generated: generated.map((e) => info(e, e.activatesAtMs > t ? 'next' : 'current')),
        dropped,
      });
    } catch (error) {
      for (const entry of generated) token.destroyKey(entry.id);
      throw error;
    }
  };
  const jwkOf = (entry: TokenEntry): JWK => ({ ...entry.publicJwk, kid: entry.kid, alg: entry.alg, use: 'sig' });

  const keySet: Pkcs11KeySet = {
    dir: token.where,
    readOnlyDir: false,
    token,
    current() {
      const key = currentAt(now());
      if (key === undefined || !key.hasPrivateKey) {
        throw new StintError(
          'ERR_KEYS_NO_CURRENT',
          `no signing key is active in ${token.where}; run \`stint keys rotate --now\``,
        );
      }
      if (!token.connected) {
        throw new StintError(
          'ERR_PKCS11_SESSION',
          `the broker has no session with token ${options.pkcs11.token}; it tries a new one at the next signature and at each re-read of the token (every 5 s), re-initialising the PKCS#11 library at most every 5 s, backing off to every 30 s while the token stays away`,
        );
      }
      let signer = signers.get(key.kid);
      if (signer === undefined) {
        signer = token.signer(key.id, key.kid, key.alg);
        signers.set(key.kid, signer);
      }
      return signer;
    },
    jwks() {
      return { keys: keySet.list().map((k) => jwkOf(entries.find((e) => e.kid === k.kid)!)) };
    },
    publicKey(kid) {
      const entry = published(now()).find((e) => e.kid === kid);
      return entry === undefined ? undefined : jwkOf(entry);
    },
    list() {
      const t = now();
      const currentKid = currentAt(t)?.kid;
      const rank: Record<KeyState, number> = { current: 0, next: 1, grace: 2 };
      return published(t)
        .map((e) => info(e, stateOf(e, t, currentKid)))
        .sort((a, b) => rank[a.state] - rank[b.state] || b.activatesAtMs - a.activatesAtMs);
    },
    retired() {
      // As the file key set's: a key past its retirement is retired even before maintenance destroys it.
      const t = now();
      return lineage(
        entries.filter((e) => e.retiresAtMs !== undefined && e.retiresAtMs <= t).map((e) => e.kid),
        goneKids,
      );
    },
    async reload() {
      await reload();
    },
    async rotate(rotation = {}): Promise<RotationResult> {
      const t = now();
      const found = await read();
      if (rotation.now === true) {
        const entry = await generate(t, t);
        const dropped = found.map((e) => e.kid).filter((kid) => kid !== entry.kid);
        await announce([entry], dropped, t);
        // The old keys may be compromised: gone from the token now, not at the next maintenance.
        for (const old of found) token.destroyKey(old.id);
        await reload();
        return { key: info(entry, 'current'), generated: true, dropped };
      }
      const active = currentAt(t, found);
      const waiting = published(t, found).find((e) => e.activatesAtMs > t);
      if (waiting !== undefined) {
        await reload();
        return { key: info(waiting, 'next'), generated: false, dropped: [] };
      }
      const activatesAtMs = active === undefined ? t : t + publishAheadMs;
      const entry = await generate(t, activatesAtMs);
      await announce([entry], [], t);
      await reload();
      return { key: info(entry, activatesAtMs > t ? 'next' : 'current'), generated: true, dropped: [] };
    },
    async maintain() {
      if (!token.connected) {
        try {
          // Re-initialises the library when a new session alone does not reach the token.
          token.reconnect();
        } catch {
          // Still gone: current() keeps saying ERR_PKCS11_SESSION and /readyz 503 until it is back.
          return false;
        }
      }
      const t = now();
      let found = await read();
      const generated: TokenEntry[] = [];
      const removed = found.filter((e) => e.retiresAtMs !== undefined && e.retiresAtMs <= t);
      for (const gone of removed) token.destroyKey(gone.id);
      found = found.filter((e) => !removed.includes(e));
      let active = currentAt(t, found);
      if (active === undefined) {
        // Another broker on the token may have made the first key since the read above (brokers
        // started together): read again right before generating one.
        found = await read();
        active = currentAt(t, found);
      }
      let reason = 'scheduled rotation';
      /** Published keys that left the token without a rotation by this broker: told as removed. */
      let lost: string[] = [];
      if (active === undefined) {
        // The true reason, not a schedule: keys gone from the token (an HSM emptied or
        // re-initialised, a key deleted by hand), every key retired, or a new token.
        lost = [
          ...new Set([
            ...missing,
            ...published(t)
              .filter((e) => !found.some((f) => f.kid === e.kid))
              .map((e) => e.kid),
          ]),
        ];
        reason =
          lost.length > 0
            ? `keys missing from the token: ${token.where} no longer holds ${lost.join(', ')}, published by this broker, and no key signs, so a new one signs at once`
            : found.length > 0
              ? `no signing key is active in ${token.where} (every key there has retired), so a new one signs at once`
              : `no signing key in ${token.where} (a new token, or its keys were deleted while no broker ran): the first one signs at once`;
        active = await generate(t, t);
        generated.push(active);
        found = await read();
      }
      const activeSince = active.activatesAtMs;
      const hasSuccessor = (from: TokenEntry[]): boolean => from.some((e) => e.activatesAtMs > activeSince);
      // keys.algorithm changed since this key was made: its successor comes now, the safe way.
      const algorithmChanged = active.alg !== options.algorithm;
      let due = !hasSuccessor(found) && (algorithmChanged || t >= activeSince + rotateEveryMs - publishAheadMs);
      if (due) {
        // Another broker on the token may have scheduled the successor since the read above: read
        // again right before generating one, and leave it at theirs.
        found = await read();
        due = !hasSuccessor(found);
      }
      if (due) {
        const activatesAtMs = algorithmChanged
          ? t + publishAheadMs
          : Math.max(activeSince + rotateEveryMs, t + publishAheadMs);
        generated.push(await generate(t, activatesAtMs));
        found = await read();
        if (algorithmChanged) reason = algorithmChange(active.alg, options.algorithm);
      }
      await announce(
        generated,
        removed.map((e) => e.kid),
        t,
      );
      // A key that no longer signs needs only its public half, for verifiers, until it retires.
      const signing = currentAt(t, found);
      for (const entry of found) {
        if (entry.hasPrivateKey && entry !== signing && entry.activatesAtMs <= t) token.destroyKey(entry.id, 'private');
      }
      await reload();
      const changed = generated.length > 0 || removed.length > 0;
      if (changed) {
        await options.onChange?.({
          generated: generated.map((e) => info(e, e.activatesAtMs > t ? 'next' : 'current')),
          removed: [...new Set([...removed.map((e) => e.kid), ...lost])],
          reason,
        });
      }
      return changed;
    },
  };

  await reload();
  if (options.readOnly !== true) await keySet.maintain();
  return keySet;
}

/** Reads a key's schedule from its label and its kid from its public key; undefined for a label stint did not write. */
async function entryOf(key: TokenKey): Promise<TokenEntry | undefined> {
  const match = /^stint:jwt:(ES256|EdDSA|RS256):(\d{1,15}):(\d{1,15})$/.exec(key.label);
  if (match === null || match[1] !== key.alg) return undefined;
  const publicJwk = publicMembers(key.publicKey.export({ format: 'jwk' }) as JWK);
  return {
    kid: await calculateJwkThumbprint(publicJwk, 'sha256'),
    id: key.id,
    alg: key.alg,
    createdAtMs: Number(match[2]),
    activatesAtMs: Number(match[3]),
    publicJwk,
    hasPrivateKey: key.hasPrivateKey,
  };
}

function publicMembers(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as JWK;
}

/** Code-unit order, the same in every process whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
