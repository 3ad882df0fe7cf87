import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CLI, logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { selfSignedCertificate, writeSelfSignedCertificate } from '../helpers/tls-cert.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
/** Servers a test spawned itself: one still running when its test ends (it failed midway) is killed. */
const spawned: ChildProcess[] = [];
afterEach(() => {
  for (const child of spawned.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-serve-'));
  dirs.push(dir);
  return dir;
}

/** Runs `stint serve …` to completion (for start-up failures) and returns its exit code and output. */
function serveFails(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A ceiling for a busy machine: one that serves instead of failing is killed, and fails the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('stint serve start-up', () => {
  it('stops on config errors with one file:line:column line per error, exit 1, and listens on nothing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'stint.yml'),
      `issuer: https://stint.example.com
providers:
  github: { issuer: https://token.actions.githubusercontent.com, colour: blue }
projects:
  warehouse:
    trust:
      - provider: github
        subject: "*"
`,
    );
    const { code, stdout, stderr } = await serveFails(['--config', 'stint.yml', '--port', '0'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(stderr).toMatch(/stint\.yml:3:\d+: .*colour/);
    expect(stderr).toMatch(/stint\.yml:8:\d+: /);
  });

  it('says what to do when the config file is missing', async () => {
    const { code, stderr } = await serveFails(['--port', '0'], tempDir());
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^stint: cannot read config .*stint\.yml: ENOENT \(give --config FILE, or --dev for the embedded default\)\n$/,
    );
  });

  it('rejects bad usage with exit 2 and prints help', async () => {
    expect((await serveFails(['--port', 'many'], tempDir())).code).toBe(2);
    expect((await serveFails(['--tls-cert', 'x.pem'], tempDir())).code).toBe(2);
    expect((await serveFails(['--dev', '--config', 'stint.yml'], tempDir())).code).toBe(2);
    const help = execFileSync(process.execPath, [CLI, 'serve', '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/^Usage: stint serve/);
  });
});

describe('stint serve --dev', () => {
  it('runs on the embedded default, says nothing of plain HTTP on loopback, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [CLI, 'serve', '--dev', '--port', '0', '--host', '127.0.0.1'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    spawned.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((done, fail) => {
      const ceiling = setTimeout(() => {
        clearInterval(poll);
        fail(new Error(`stint serve --dev did not start in 120 s:\n${stdout}${stderr}`));
      }, 120_000);
      const poll = setInterval(() => {
        if (/project warehouse/.test(stdout)) {
          clearInterval(poll);
          clearTimeout(ceiling);
          done();
        }
      }, 20);
      child.once('exit', () => {
        clearInterval(poll);
        clearTimeout(ceiling);
        fail(new Error(stdout + stderr));
      });
    });
    const url = /^stint broker listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    const port = new URL(url!).port;
    expect(stdout).toContain(`issuer http://127.0.0.1:${port} (--dev: embedded default, not for production)`);
    expect(stdout).toContain('trusts provider github: https://token.actions.githubusercontent.com');
    // Loopback is the one place plain HTTP is quiet; which hosts warn is test/broker/startup-checks.test.ts
    // (tests never listen off loopback).
    expect(logEntries(stdout).filter((entry) => /plain HTTP/.test(String(entry.msg)))).toEqual([]);
    const discovery = (await (
      await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(discovery.token_endpoint).toBe(`http://127.0.0.1:${port}/oauth2/token`);
    const jwks = (await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kty: string; crv: string }>;
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(statSync(join(dir, '.stint', 'keys')).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dir, '.stint', 'audit.jsonl'))).toBe(true);

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logEntries(stdout).at(-1)).toMatchObject({ level: 'info', msg: 'stint broker stopped' });
  });
});

describe('stint serve over TLS', () => {
  it('serves HTTPS with --tls-cert/--tls-key and says https in its first line', async () => {
    const tls = selfSignedCertificate({ days: 1 });
    const broker = await startBroker({
      configYaml: `issuer: https://stint.example.com
providers:
  github: { issuer: https://token.actions.githubusercontent.com }
projects:
  warehouse:
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`,
      files: { 'tls/cert.pem': tls.cert, 'tls/key.pem': tls.key },
      args: ['--tls-cert', 'tls/cert.pem', '--tls-key', 'tls/key.pem'],
    });
    try {
      expect(broker.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(broker.output()).not.toContain('plain HTTP');
      const status = await new Promise<number | undefined>((done, fail) => {
        get(`${broker.url}/healthz`, { ca: tls.cert }, (res) => {
          res.resume();
          done(res.statusCode);
        }).on('error', fail);
      });
      expect(status).toBe(200);
    } finally {
      await broker.stop();
    }
  });
});

/** A self-signed certificate for 127.0.0.1 valid `days` days, written into `dir` as NAME-cert.pem / NAME-key.pem. */
const selfSigned = (dir: string, name: string, days: number) =>
  writeSelfSignedCertificate(dir, { cert: `${name}-cert.pem`, key: `${name}-key.pem` }, { days });

const MINIMAL_CONFIG = `issuer: https://stint.example.com
providers:
  github: { issuer: https://token.actions.githubusercontent.com }
projects:
  warehouse:
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

describe('stint serve with TLS files that cannot serve', () => {
  it("names both files when the key is not the certificate's, exits 1 and listens on nothing", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stint.yml'), MINIMAL_CONFIG);
    const first = selfSigned(dir, 'first', 30);
    const second = selfSigned(dir, 'second', 30);
    const { code, stdout, stderr } = await serveFails(
      ['--config', 'stint.yml', '--port', '0', '--tls-cert', first.cert, '--tls-key', second.key],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `stint: ${second.key} is not the private key of the certificate in ${first.cert}; give the key that was issued with it\n`,
    );
  });

  it('says which file is not PEM, without a stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stint.yml'), MINIMAL_CONFIG);
    const pair = selfSigned(dir, 'pair', 30);
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello\n');
    const { code, stderr } = await serveFails(
      ['--config', 'stint.yml', '--port', '0', '--tls-cert', 'not-a-cert.pem', '--tls-key', pair.key],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^stint: cannot use ${join(dir, 'not-a-cert.pem')} with ${pair.key}: .*PEM`));
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('warns at start when the serving certificate expires within 14 days', async () => {
    const dir = tempDir();
    const pair = selfSigned(dir, 'soon', 1);
    const broker = await startBroker({
      configYaml: MINIMAL_CONFIG,
      args: ['--tls-cert', pair.cert, '--tls-key', pair.key],
    });
    try {
      // Said in the log, which follows the listening line.
      await vi.waitFor(
        () =>
          expect(logEntries(broker.output())).toContainEqual(
            expect.objectContaining({
              level: 'warn',
              code: 'WARN_CERT_EXPIRING',
              event: 'certificate_expiring',
              certificate: 'serving',
              msg: expect.stringMatching(
                new RegExp(
                  `^the TLS certificate in ${pair.cert} expires \\S+ \\(in less than a day\\)\\. Renew it, then send SIGHUP\\.$`,
                ),
              ),
            }),
          ),
        { timeout: 30_000, interval: 20 },
      );
      // And on /metrics, for an alert (deploy/prometheus: StintCertificateExpiring).
      const metrics = await new Promise<string>((resolve, reject) => {
        get(`${broker.url}/metrics`, { ca: readFileSync(pair.cert) }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        }).on('error', reject);
      });
      const notAfter = Number(
        /stint_certificate_expiry_timestamp_seconds\{certificate="serving"\} (\d+)/.exec(metrics)?.[1],
      );
      expect(notAfter * 1000 - Date.now()).toBeGreaterThan(0);
      expect(notAfter * 1000 - Date.now()).toBeLessThanOrEqual(86_400_000);
    } finally {
      await broker.stop();
    }
  });

  it('under systemd LoadCredential= (deploy/systemd/tls.conf) says to restart, since a reload reads the old copy', async () => {
    // systemd copies the credentials into $CREDENTIALS_DIRECTORY at start; tls.conf serves from there.
    const credentials = tempDir();
    const pair = selfSigned(credentials, 'tls', 1);
    const broker = await startBroker({
      configYaml: MINIMAL_CONFIG,
      args: ['--tls-cert', pair.cert, '--tls-key', pair.key],
      env: { CREDENTIALS_DIRECTORY: credentials },
    });
    try {
      await vi.waitFor(
        () =>
          expect(logEntries(broker.output())).toContainEqual(
            expect.objectContaining({
              level: 'warn',
              code: 'WARN_CERT_EXPIRING',
              certificate: 'serving',
              msg: expect.stringMatching(
                new RegExp(
                  `^the TLS certificate in ${pair.cert} expires \\S+ \\(in less than a day\\)\\. Renew the file systemd copies it from \\(LoadCredential=\\), then restart the service \\(systemctl restart stint\\): systemd copies credentials at start only, so SIGHUP \\(systemctl reload\\) would read the old copy again\\.$`,
                ),
              ),
            }),
          ),
        { timeout: 30_000, interval: 20 },
      );
    } finally {
      await broker.stop();
    }
  });
});

describe('key rotation reaches a running broker', () => {
  /** A one-rule config; `keysLine` (e.g. `keys: { … }\n`) goes before providers. */
  const config = (keysLine = '') => `issuer: https://stint.example.com
${keysLine}providers:
  github: { issuer: https://token.actions.githubusercontent.com }
projects:
  warehouse:
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
`;
  /** `stint keys …` (the built CLI) against the broker's own config file. */
  const keysCli =
    (broker: RunningBroker) =>
    (...args: string[]) =>
      execFileSync(process.execPath, [CLI, 'keys', ...args, '--config', join(broker.dir, 'stint.yml')], {
        encoding: 'utf8',
      });

  it('publishes a scheduled successor, and drops the old key at once on stint keys rotate --now', async () => {
    const broker = await startBroker({ configYaml: config() });
    try {
      const kids = async (): Promise<string[]> =>
        ((await (await fetch(`${broker.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys
          .map((k) => k.kid)
          .sort();
      const keys = keysCli(broker);
      const [first] = await kids();
      expect(first).toBeDefined();

      keys('rotate');
      await vi.waitFor(async () => expect(await kids()).toHaveLength(2), { timeout: 60_000, interval: 100 });
      expect(await kids()).toContain(first);

      keys('rotate', '--now');
      await vi.waitFor(async () => expect(await kids()).toHaveLength(1), { timeout: 60_000, interval: 100 });
      expect(await kids()).not.toContain(first);
    } finally {
      await broker.stop();
    }
  });

  it('advertises the algorithm of every published key while keys.algorithm changes', async () => {
    const withAlgorithm = (algorithm: string) => config(`keys: { dir: keys, algorithm: ${algorithm} }\n`);
    // Changing keys.algorithm takes a restart (docs/broker.md#signing-keys-and-rotation): a broker
    // still running on the old setting would, at its next key maintenance (every 15-30 s), schedule
    // a successor of the old algorithm again, after the emergency rotation below too.
    const dir = tempDir();
    let broker = await startBroker({ configYaml: withAlgorithm('EdDSA'), dir });
    try {
      const algs = async (): Promise<string[]> =>
        (
          (await (await fetch(`${broker.url}/.well-known/openid-configuration`)).json()) as {
            access_token_signing_alg_values_supported: string[];
          }
        ).access_token_signing_alg_values_supported.sort();
      expect(await algs()).toEqual(['EdDSA']);
      // The operator moves to ES256: the successor is published ahead while EdDSA still signs.
      await broker.stop();
      broker = await startBroker({ configYaml: withAlgorithm('ES256'), dir });
      const keys = keysCli(broker);
      keys('rotate');
      await vi.waitFor(async () => expect(await algs()).toEqual(['ES256', 'EdDSA']), {
        timeout: 60_000,
        interval: 100,
      });
      keys('rotate', '--now');
      await vi.waitFor(async () => expect(await algs()).toEqual(['ES256']), { timeout: 60_000, interval: 100 });
    } finally {
      await broker.stop();
    }
  });
});
