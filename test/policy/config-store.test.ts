import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseConfig, validateConfig } from '../../src/policy/index.js';

/** `store:` as its own line over a minimal valid config. */
function withStore(store: string): string {
  return `issuer: https://stint.example.com\nstore: ${store}\nproviders:\n  github: {}\nprojects:\n  w:\n    trust: [{ provider: github, subject: "repo:acme@1/w@2:ref:refs/heads/main" }]\n`;
}

function errorsOf(store: string): string[] {
  return validateConfig(withStore(store), 'stint.yml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic);
}

describe('store: Redis topologies (docs/many-brokers.md)', () => {
  it('reads Sentinel with ACL user, passwords from env, TLS, prefix and min_replica_acks', () => {
    const store =
      '{ sentinels: [10.0.0.5:26379, "[fd00::6]:26379", sentinel-3], name: stint, db: 2, username: stint, password_env: REDIS_PW, sentinel_password_env: SENTINEL_PW, tls: true, prefix: prod-eu, min_replica_acks: 2, startup_timeout: 2m }';
    const { config } = parseConfig(withStore(store), 'stint.yml');
    /** Where a value stands on line 2 (`store: …`), for the error when its variable is unset. */
    const place = (value: string): string => `stint.yml:2:${'store: '.length + store.indexOf(value) + 1}`;
    expect(config.store).toEqual({
      kind: 'redis',
      sentinels: ['10.0.0.5:26379', '[fd00::6]:26379', 'sentinel-3'],
      name: 'stint',
      db: 2,
      username: 'stint',
      password_env: 'REDIS_PW',
      password_env_at: place('REDIS_PW'),
      sentinel_password_env: 'SENTINEL_PW',
      sentinel_password_env_at: place('SENTINEL_PW'),
      tls: true,
      prefix: 'prod-eu',
      min_replica_acks: 2,
      startup_timeout: 120,
    });
  });

  it('reads Cluster seeds', () => {
    const { config } = parseConfig(
      withStore('{ cluster: [10.0.0.7:7000, 10.0.0.8:7000], password_env: REDIS_PW }'),
      'x.yml',
    );
    expect(config.store).toEqual({
      kind: 'redis',
      cluster: ['10.0.0.7:7000', '10.0.0.8:7000'],
      password_env: 'REDIS_PW',
      password_env_at: `x.yml:2:${'store: { cluster: [10.0.0.7:7000, 10.0.0.8:7000], password_env: '.length + 1}`,
    });
  });

  it.each([
    ['redis://redis.internal:6379/16', /store must end in a database number from 0 to 15 .*such as \/0/],
    ['redis://redis.internal:6379/99', /store must end in a database number from 0 to 15/],
    ['{ url: "redis://redis.internal/123" }', /store\.url must end in a database number/],
    ['{ cluster: [a:7000], db: 1 }', /store\.db cannot go with cluster: Redis Cluster has only database 0/],
    ['{ sentinels: [a:26379], name: m, db: 16 }', /store\.db must be a database number from 0 to 15/],
    ['{ sentinels: [a:26379] }', /store\.sentinels needs name/],
    ['{ url: "redis://a:6379/0", cluster: [b:7000] }', /store names url and cluster; give one of/],
    ['{ url: "redis://a:6379/0", db: 3 }', /store\.db goes with sentinels; a url carries its database/],
    [
      '{ url: "redis://a:6379/0", tls: true }',
      /store\.tls goes with sentinels or cluster; for a url, write rediss:\/\//,
    ],
    ['{ cluster: ["a:99999"] }', /each of store\.cluster must be host:port/],
    ['{ cluster: [a:7000], prefix: "x{y}" }', /store\.prefix must be 1 to 64 letters/],
    ['{ cluster: [a:7000], min_replica_acks: -1 }', /store\.min_replica_acks must be a whole number of replicas/],
    ['{ cluster: [a:7000], min_replica_acks: 1.5 }', /store\.min_replica_acks must be a whole number of replicas/],
    ['{ cluster: [a:7000], startup_timeout: soon }', /store\.startup_timeout: .*soon/],
    ['{ cluster: [a:7000], startup_timeout: 0 }', /store\.startup_timeout/],
    ['{ cluster: [a:7000], name: m }', /store\.name goes with sentinels/],
    ['{ dir: state, cluster: [a:7000] }', /store has both dir \(the embedded store\) and cluster \(Redis\)/],
  ])('refuses %s', (store, message) => {
    const errors = errorsOf(store);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });
});

describe('store: the embedded store (docs/broker.md#state-on-disk)', () => {
  it.each([
    ['{ sync: write }', '.stint/state', 'write'],
    ['{ sync: always }', '.stint/state', 'always'],
    ['{ dir: var/state, sync: write }', 'var/state', 'write'],
  ])('%s is the embedded store in %s', (store, dir, sync) => {
    expect(errorsOf(store)).toEqual([]);
    const { config } = parseConfig(withStore(store), '/srv/stint/stint.yml');
    expect(config.store).toEqual({ kind: 'memory', dir: `/srv/stint/${dir}`, sync });
  });

  it.each([
    ['{ sync: sometimes }', /store\.sync must be 'always' .* or 'write' .*got 'sometimes'/],
    ['{ url: "redis://a:6379/0", sync: write }', /store\.sync is for the embedded store/],
  ])('refuses %s', (store, message) => {
    expect(errorsOf(store).join('\n')).toMatch(message);
  });
});
