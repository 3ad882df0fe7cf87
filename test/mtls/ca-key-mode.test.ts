import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { startBrokerAt } from '../helpers/broker.js';

/**
 * The mTLS CA key file is held to the rule of the signing keys (SECURITY.md#the-mtls-ca), through
 * the built broker: a `ca.pem` other users can read stops start-up with what to do, in the keys
 * dir and in `keys.ca_dir`; at 0600 the same CA serves again.
 */
let issuer: GithubIssuer;
const dirs: string[] = [];
beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the broker in `dir` until its CA exists, and returns the CA certificate it served. */
async function makeCa(dir: string, configFor: (url: string) => string): Promise<string> {
  const broker = await startBrokerAt(configFor, { dir });
  try {
    const response = await fetch(`${broker.url}/mtls/ca.pem`);
    expect(response.status).toBe(200);
    return await response.text();
  } finally {
    await broker.stop();
  }
}

/** Starts the broker in `dir`; resolves with its output when it refused to start. */
async function refusedStart(dir: string, configFor: (url: string) => string): Promise<string> {
  const outcome = await startBrokerAt(configFor, { dir }).then(
    async (broker) => {
      await broker.stop();
      return undefined;
    },
    (error: unknown) => String(error),
  );
  if (outcome === undefined) throw new Error('the broker started where it should have refused');
  return outcome;
}

describe('the mTLS CA key file', () => {
  for (const [where, configFor, caDir] of [
    ['in the keys dir', (url: string) => stackConfig(url, issuer.url), 'keys/ca'],
    [
      'in keys.ca_dir',
      (url: string) =>
        stackConfig(url, issuer.url).replace(
          'keys: { dir: keys, algorithm: EdDSA }',
          'keys: { dir: keys, algorithm: EdDSA, ca_dir: mtls-ca }',
        ),
      'mtls-ca',
    ],
  ] as const) {
    it(`${where}: readable by other users stops start-up; at 0600 the same CA serves`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stint-ca-mode-'));
      dirs.push(dir);
      const caPem = await makeCa(dir, configFor);
      const file = join(dir, caDir, 'ca.pem');
      expect(statSync(file).mode & 0o777).toBe(0o600);

      for (const mode of [0o644, 0o640, 0o604]) {
        chmodSync(file, mode);
        const output = await refusedStart(dir, configFor);
        expect(output).toContain(
          `${file} (the mTLS CA key) is readable by other users (mode ${mode.toString(8).padStart(4, '0')}); run \`chmod 600 ${file}\`, then replace the CA, since its key may have been copied`,
        );
        expect(output).not.toContain('stint broker listening on');
      }

      chmodSync(file, 0o600);
      expect(await makeCa(dir, configFor)).toBe(caPem);
    });
  }
});

describe('a file where the mTLS CA dir belongs', () => {
  it('stops start-up with ERR_MTLS_CA_DIR naming the path and what to do, not a raw ENOTDIR; moved away, the broker starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-ca-file-'));
    dirs.push(dir);
    const configFor = (url: string) => stackConfig(url, issuer.url);
    mkdirSync(join(dir, 'keys'), { mode: 0o700 });
    const file = join(dir, 'keys/ca');
    writeFileSync(file, 'not a directory\n');
    const output = await refusedStart(dir, configFor);
    expect(output).toContain(
      `stint: ${file} is not a directory, and the broker keeps its mTLS CA in the directory ${file}: move ${file} away (the broker then makes the directory, and a CA when it first issues a certificate), or set keys.ca_dir to another directory`,
    );
    expect(output).not.toContain('unexpected error');
    expect(output).not.toContain('ENOTDIR');
    expect(output).not.toContain('stint broker listening on');

    renameSync(file, join(dir, 'ca-was-here'));
    expect(await makeCa(dir, configFor)).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('names the keys dir when it is the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-keys-file-'));
    dirs.push(dir);
    const keys = join(dir, 'keys');
    writeFileSync(keys, 'not a directory\n');
    const output = await refusedStart(dir, (url) => stackConfig(url, issuer.url));
    expect(output).toContain(
      `stint: ${keys} is not a directory, and the broker keeps its mTLS CA in the directory ${keys}/ca: move ${keys} away, or point keys.dir (or keys.ca_dir) at a directory`,
    );
    expect(output).not.toContain('unexpected error');
  });
});
