import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { until } from '../helpers/redis-topology.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { brokerConfig, REDIS_PASSWORD_ENV } from './setup.js';

/**
 * A Redis serving TLS with a certificate from a private CA (the chain served with its root, as
 * many deployments do), for `localhost` only. The built broker, started the way docs/many-brokers.md
 * says, must name the one fix for a certificate it does not accept, not a list of guesses:
 * NODE_EXTRA_CA_CERTS for the CA it does not trust, the name for a certificate of another host.
 * And with that fix it serves. `stint keys …` (the store at run time) says the same.
 */
describe('a Redis TLS certificate the broker does not accept', () => {
  const password = 'tls-trust-pw-4b8e';
  let dir: string;
  let caFile: string;
  let redis: RedisServer;
  let issuer: GithubIssuer;
  const brokers: RunningBroker[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stint-redis-ca-'));
    const file = (name: string): string => join(dir, name);
    const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
    caFile = file('ca.pem');
    mkdirSync(file('keys'), { mode: 0o700 });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      file('ca-key.pem'),
      '-out',
      caFile,
      '-days',
      '2',
      '-subj',
      '/CN=stint test Redis CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      file('key.pem'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=localhost',
    );
    writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
    openssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      caFile,
      '-CAkey',
      file('ca-key.pem'),
      '-CAcreateserial',
      '-out',
      file('leaf.pem'),
      '-days',
      '1',
      '-extfile',
      file('server.ext'),
    );
    execFileSync('sh', ['-c', `cat "${file('leaf.pem')}" "${caFile}" > "${file('chain.pem')}"`]);
    redis = await startRedis({ password, tls: { certFile: file('chain.pem'), keyFile: file('key.pem') } });
    issuer = await startGithubIssuer();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await issuer?.stop();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const config = (host: string): string =>
    brokerConfig({
      issuerUrl: issuer.url,
      keysDir: join(dir, 'keys'),
      // A long window: a stop must come from the refusal, not from the time-out.
      store: {
        yaml: `{ url: "rediss://${host}:${redis.port}/0", password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 10m }`,
      },
    });
  const start = async (host: string, env: Record<string, string>): Promise<RunningBroker> => {
    const broker = await startBroker({ configYaml: config(host), env: { [REDIS_PASSWORD_ENV]: password, ...env } });
    brokers.push(broker);
    return broker;
  };
  const exited = (broker: RunningBroker): Promise<number> =>
    until('the broker to stop', async () => broker.exitCode() ?? undefined, 120_000);

  it('stops at once naming NODE_EXTRA_CA_CERTS when the CA is not trusted', async () => {
    const broker = await start('localhost', {});
    expect(await exited(broker)).toBe(1);
    const output = broker.output();
    expect(output).toMatch(
      /stint: the store refuses the broker: Redis store rediss:\/\/localhost:\d+\/0 is unavailable \(checkWrite: not connected \(.*last error: self-signed certificate in certificate chain\)\)\. Waiting will not mend this: this broker does not trust the CA that signed the Redis server's TLS certificate: give Node the CA certificate with NODE_EXTRA_CA_CERTS=\/path\/ca\.pem in the broker's environment, then start again$/m,
    );
    // One fix, said once: not the list of guesses (password, ACL user, db), nor "is Redis running".
    expect(output).not.toMatch(/fix the password|check that Redis is running/);
    const line = output.split('\n').find((l) => l.startsWith('stint: the store refuses the broker'));
    expect(line?.match(/NODE_EXTRA_CA_CERTS/g)).toHaveLength(1);
    expectNoSecret(output, password, 'the Redis password');
  });

  it('stops at once saying the certificate must name the host in store.url when it names another', async () => {
    const broker = await start('127.0.0.1', { NODE_EXTRA_CA_CERTS: caFile });
    expect(await exited(broker)).toBe(1);
    const output = broker.output();
    expect(output).toMatch(
      /stint: the store refuses the broker: .*last error: Hostname\/IP does not match certificate's altnames.*Waiting will not mend this: the Redis server's TLS certificate does not name the host in store\.url: reissue the certificate with that name among its subject alternative names \(an IP address needs an IP entry\), or connect by a name the certificate holds, then start again/,
    );
    expect(output).not.toMatch(/fix the password|NODE_EXTRA_CA_CERTS/);
  });

  it('serves once NODE_EXTRA_CA_CERTS names the CA, as the message says', async () => {
    const broker = await start('localhost', { NODE_EXTRA_CA_CERTS: caFile });
    await until(
      'ready',
      async () => ((await fetch(`${broker.url}/readyz`)).status === 200 ? true : undefined),
      120_000,
    );
    expect(broker.exitCode()).toBeNull();
  });

  it('stint keys (the store at run time) names the same fix', async () => {
    const file = join(dir, 'cli.yml');
    writeFileSync(file, config('localhost'));
    const env: NodeJS.ProcessEnv = { ...process.env, [REDIS_PASSWORD_ENV]: password };
    delete env.NODE_EXTRA_CA_CERTS;
    const result = await runCli(['keys', 'list-api-keys', '--config', file], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Redis store rediss:\/\/localhost:\d+\/0 is unavailable \(.*self-signed certificate in certificate chain\)\); this broker does not trust the CA that signed the Redis server's TLS certificate: give Node the CA certificate with NODE_EXTRA_CA_CERTS=\/path\/ca\.pem/,
    );
    expect(result.stderr).not.toMatch(/check that Redis is running/);
    expectNoSecret(result.stdout + result.stderr, password, 'the Redis password');
  });
});
