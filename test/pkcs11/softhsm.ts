import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's path of SoftHSM2's PKCS#11 module (package softhsm2). */
export const SOFTHSM_MODULE = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
].find((path) => existsSync(path)) as string;

export interface SoftHsm {
  /** The temp dir holding softhsm2.conf and the token store (outside every broker's state dir). */
  dir: string;
  /** SOFTHSM2_CONF for every process that should see this token, and the PIN variable. */
  env: Record<string, string>;
  label: string;
  pin: string;
  /** The `keys.pkcs11` YAML flow mapping for a config. */
  yaml: string;
}

/**
 * A fresh SoftHSM2 token in its own temp dir (softhsm2-util --init-token), seen only by processes
 * given `env` (SOFTHSM2_CONF names this dir's config). `mechanisms` makes a token that offers only
 * those (SoftHSM's `slots.mechanisms`), as a token without, say, EdDSA does.
 */
export function initSoftHsm(label = 'stint-test', options: { mechanisms?: string[] } = {}): SoftHsm {
  const dir = mkdtempSync(join(tmpdir(), 'stint-softhsm-'));
  mkdirSync(join(dir, 'tokens'), { mode: 0o700 });
  writeFileSync(
    join(dir, 'softhsm2.conf'),
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n${
      options.mechanisms === undefined ? '' : `slots.mechanisms = ${options.mechanisms.join(',')}\n`
    }`,
  );
  const pin = `pin-${Math.random().toString(36).slice(2, 10)}`;
  const env = { SOFTHSM2_CONF: join(dir, 'softhsm2.conf'), STINT_HSM_PIN: pin };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', `so-${pin}`], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  return {
    dir,
    env,
    label,
    pin,
    yaml: `{ module: ${SOFTHSM_MODULE}, token: ${label}, pin_env: STINT_HSM_PIN }`,
  };
}
