import {
  type BeforeCommit,
  type KeyChange,
  type KeySet,
  type KeySetOptions,
  openKeySet,
  type RotationResult,
  rotateKeysNow,
  type SigningAlgorithm,
} from './keyset.js';
import type { Pkcs11Config } from './pkcs11.js';

/** The `keys:` part of the broker config this needs (src/policy/types.ts KeysConfig). */
export interface KeysSettings {
  dir: string;
  algorithm: SigningAlgorithm;
  rotate_every: number;
  grace: number;
  pkcs11?: Pkcs11Config;
}

export interface OpenKeysOptions {
  env: NodeJS.ProcessEnv;
  now?: () => number;
  readOnly?: boolean;
  detectReadOnlyDir?: boolean;
  onChange?: (change: KeyChange) => void | Promise<void>;
  /** Told when a re-read of a keys dir fails, and when it succeeds again (src/tokens/keyset.ts KeySetOptions.onReload). */
  onReload?: KeySetOptions['onReload'];
  /** Told about new keys before they are committed (src/tokens/keyset.ts BeforeCommit): `stint keys` audits there. */
  beforeCommit?: BeforeCommit;
}

/**
 * The token-signing key set the config names: files in `keys.dir`, or a PKCS#11 token when
 * `keys.pkcs11` is set (loaded only then, so file-key brokers never load the native binding).
 *
 * @example
 * const keySet = await openConfiguredKeySet(config.keys, { env: process.env });
 */
export async function openConfiguredKeySet(keys: KeysSettings, options: OpenKeysOptions): Promise<KeySet> {
  const schedule = {
    algorithm: keys.algorithm,
    rotateEverySec: keys.rotate_every,
    graceSec: keys.grace,
    ...(options.now ? { now: options.now } : {}),
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
    ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}),
  };
  if (keys.pkcs11 !== undefined) {
    const { openPkcs11KeySet } = await import('./pkcs11-keyset.js');
    return openPkcs11KeySet({ ...schedule, pkcs11: keys.pkcs11, env: options.env });
  }
  return openKeySet({
    ...schedule,
    dir: keys.dir,
    ...(options.onReload ? { onReload: options.onReload } : {}),
    ...(options.detectReadOnlyDir ? { detectReadOnlyDir: true } : {}),
  });
}

/**
 * `stint keys rotate --now` for either kind of key set: a new key signs at once, every other is
 * dropped (and destroyed) at once. For file keys this works on a damaged keys dir too.
 */
export async function rotateConfiguredKeysNow(
  keys: KeysSettings,
  env: NodeJS.ProcessEnv,
  beforeCommit?: BeforeCommit,
): Promise<RotationResult> {
  if (keys.pkcs11 === undefined)
    return rotateKeysNow({ dir: keys.dir, algorithm: keys.algorithm, ...(beforeCommit ? { beforeCommit } : {}) });
  const keySet = await openConfiguredKeySet(keys, { env, readOnly: true, ...(beforeCommit ? { beforeCommit } : {}) });
  return keySet.rotate({ now: true });
}
