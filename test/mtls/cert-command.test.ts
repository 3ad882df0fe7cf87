import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, openCertificateAuthority } from '../../src/broker/mtls-ca.js';
import { main } from '../../src/cli/main.js';
import { CLI } from '../helpers/broker.js';
import { asRunnerShows, registeredMasks, runCliToLog } from '../helpers/runner-log.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { type CaServer, GOOD_TOKEN, removeTempDirs, startCaServer, tempDir } from './fixtures.js';

const SUBJECT = 'project_path:acme/warehouse:ref_type:branch:ref:main';

/** The directory `stint` runs in: one of this file's own, never the shared temp dir. */
let cwd: string | undefined;

/** Runs `stint …` in-process and collects what it prints. */
async function stint(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  cwd ??= tempDir('stint-cert-cwd-');
  const code = await main(args, { stdout, stderr, env, cwd });
  return { code, stdout: out, stderr: err };
}

describe('stint cert', () => {
  let ca: CertificateAuthority;
  let broker: CaServer;
  beforeAll(async () => {
    ca = await openCertificateAuthority(join(tempDir('stint-ca-'), 'ca'));
    broker = await startCaServer(ca, {
      project: 'warehouse',
      subject: SUBJECT,
      notAfterMs: () => Date.now() + 600_000,
    });
  });
  afterAll(async () => {
    await broker.stop();
    removeTempDirs();
  });

  it('writes certificate, key and CA 0600 and prints paths, subject and expiry, never the key', async () => {
    const out = join(tempDir('stint-cert-'), 'mtls');
    const result = await stint(['cert', '--broker', broker.url, '--out', out], { STINT_TOKEN: GOOD_TOKEN });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const cert = new X509Certificate(readFileSync(join(out, 'client.cert.pem')));
    expect(result.stdout.split('\n').slice(0, 5)).toEqual([
      `certificate ${join(out, 'client.cert.pem')}`,
      `key         ${join(out, 'client.key.pem')}`,
      `ca          ${join(out, 'client.ca.pem')}`,
      `subject     CN=${SUBJECT}`,
      `expires     ${new Date(Date.parse(cert.validTo)).toISOString()}`,
    ]);
    for (const file of ['client.cert.pem', 'client.key.pem', 'client.ca.pem'])
      expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    const key = readFileSync(join(out, 'client.key.pem'), 'utf8');
    expect(result.stdout).not.toContain('PRIVATE KEY');
    expectNoSecret([result.stdout, result.stderr], key, 'the client key');
    expectNoSecret([result.stdout, result.stderr], GOOD_TOKEN, 'STINT_TOKEN');
  });

  it('--json prints the same facts as JSON; --token-env and --key-type rsa are honoured', async () => {
    const out = tempDir('stint-cert-');
    const result = await stint(
      [
        'cert',
        '--broker',
        broker.url,
        '--out',
        out,
        '--token-env',
        'MY_TOKEN',
        '--key-type',
        'rsa',
        '--name',
        'job',
        '--json',
      ],
      { MY_TOKEN: GOOD_TOKEN },
    );
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(printed)).toEqual([
      'cert_path',
      'key_path',
      'ca_path',
      'subject',
      'not_after',
      'fingerprint',
      'serial',
    ]);
    expect(printed.key_path).toBe(join(out, 'job.key.pem'));
    const cert = new X509Certificate(readFileSync(printed.cert_path!));
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(printed.serial).toBe(cert.serialNumber);
  });

  it('exits 1 without a token or when the broker refuses, 2 on usage errors', async () => {
    expect(await stint(['cert', '--broker', broker.url])).toEqual({
      code: 1,
      stdout: '',
      stderr: `stint: $STINT_TOKEN is not set: get a stint token first, e.g. exports="$(stint exchange --broker ${broker.url} --project P)" || exit 1; eval "$exports"\n`,
    });
    const refused = await stint(['cert', '--broker', broker.url, '--out', tempDir('stint-cert-')], {
      STINT_TOKEN: 'revoked-token',
    });
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'stint: the broker refused a client certificate: 401 invalid_token: a certificate needs a valid, unrevoked stint token (request_id 0b7c7a4e-5d1f-4a8e-9c1e-3f2a1b0c9d8e)\n',
    });
    expect((await stint(['cert'], { STINT_TOKEN: GOOD_TOKEN })).code).toBe(2);
    expect(
      (await stint(['cert', '--broker', broker.url, '--key-type', 'dsa'], { STINT_TOKEN: GOOD_TOKEN })).stderr,
    ).toBe('stint: --key-type must be ec or rsa, got "dsa"\n');
    expect((await stint(['cert', '--bogus'])).code).toBe(2);
    const help = await stint(['cert', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: stint cert --broker URL/);
  });

  /** The built CLI, as a job runs it. */
  const built = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((done) =>
      execFile(
        process.execPath,
        [CLI, ...args],
        { env: { PATH: process.env.PATH ?? '', STINT_TOKEN: GOOD_TOKEN } },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );

  it('--out: refuses a shared sticky directory (like /tmp) and writes no key there', async () => {
    const shared = join(tempDir('stint-cert-'), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const result = await built(['cert', '--broker', broker.url, '--out', shared]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/shared is shared: other users can create files there \(like \/tmp\)/);
    expect(existsSync(join(shared, 'client.key.pem'))).toBe(false);
  });

  it('in a GitHub Actions step registers every line of the key before it prints anything', async () => {
    const dir = tempDir('stint-cert-');
    const out = join(dir, 'mtls');
    const run = await runCliToLog(['cert', '--broker', broker.url, '--out', out], {
      cwd: dir,
      logFile: join(dir, 'step.log'),
      env: { PATH: process.env.PATH ?? '', STINT_TOKEN: GOOD_TOKEN, GITHUB_ACTIONS: 'true' },
    });
    expect(run.code).toBe(0);
    const key = readFileSync(join(out, 'client.key.pem'), 'utf8');
    // The mask commands come first, then the paths and facts (and those are not masked).
    const lines = run.log.trimEnd().split('\n');
    const firstOutput = lines.findIndex((line) => !line.startsWith('::add-mask::'));
    expect(firstOutput).toBeGreaterThan(0);
    expect(lines.slice(firstOutput).some((line) => line.startsWith('::add-mask::'))).toBe(false);
    expect(lines[firstOutput]).toBe(`certificate ${join(out, 'client.cert.pem')}`);
    const registered = registeredMasks(run.log);
    for (const line of key.trim().split('\n').slice(1, -1)) expect(registered).toContain(line);
    // Not the armour on its own: every `-----BEGIN …-----` line of the log would turn to ***.
    expect(registered).not.toContain('-----BEGIN PRIVATE KEY-----');
    // A later step of the job that prints the key file (the runner's masks last for the job) shows none of it.
    const shown = asRunnerShows(`${run.log}${key}${Buffer.from(key).toString('base64')}\n`);
    expect(shown).toContain(join(out, 'client.key.pem'));
    expectNoSecret([shown], key, 'the client key');
  });

  const rootUser = process.getuid?.() === 0;
  it(
    rootUser
      ? '--out: refuses an existing directory others can write (as root it never chmods one)'
      : '--out: tightens an existing directory of its own that others can write, then writes the key',
    async () => {
      const loose = join(tempDir('stint-cert-'), 'loose');
      mkdirSync(loose);
      chmodSync(loose, 0o777);
      const result = await built(['cert', '--broker', broker.url, '--out', loose]);
      if (rootUser) {
        expect(result).toMatchObject({ code: 1, stdout: '' });
        expect(result.stderr).toMatch(
          /loose is writable by its group or by others \(mode 777\), who could replace what stint writes there; run `chmod go-w \//,
        );
        expect(existsSync(join(loose, 'client.key.pem'))).toBe(false);
      } else {
        expect(result).toMatchObject({ code: 0, stderr: '' });
        expect(statSync(loose).mode & 0o777).toBe(0o755);
        expect(statSync(join(loose, 'client.key.pem')).mode & 0o777).toBe(0o600);
      }
    },
  );
});
