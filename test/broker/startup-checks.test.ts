import { describe, expect, it } from 'vitest';
import type { BrokerContext } from '../../src/broker/context.js';
import type { BrokerLog } from '../../src/broker/log.js';
import { awaitStore, plainHttpWarning } from '../../src/broker/startup-checks.js';
import { StintError } from '../../src/lib/errors.js';
import { StoreRefusedError } from '../../src/store/types.js';
import { EVERY_IPV4_INTERFACE } from '../helpers/hosts.js';

/**
 * Which `--host` makes `stint serve` warn about plain HTTP, decided without binding there: tests
 * listen on loopback only (test/broker/serve.test.ts runs the built CLI on 127.0.0.1 and sees no
 * warning).
 */
describe('plainHttpWarning', () => {
  it.each([
    EVERY_IPV4_INTERFACE,
    '::',
    '[::]',
    '192.168.1.20',
    '10.0.0.5',
    'fd00::1',
    '128.0.0.1',
    'stint.internal',
    '127.example.com',
  ])('warns for plain HTTP on %s, naming the host and what to do', (host) => {
    expect(plainHttpWarning(host, false)).toBe(
      `serving plain HTTP on ${host}; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.`,
    );
  });

  it.each(['127.0.0.1', '127.0.0.53', '127.255.255.254', 'localhost', '::1', '[::1]'])(
    'says nothing for plain HTTP on loopback %s',
    (host) => {
      expect(plainHttpWarning(host, false)).toBeUndefined();
    },
  );

  it.each([EVERY_IPV4_INTERFACE, '::', '192.168.1.20', '127.0.0.1'])('says nothing when serving TLS on %s', (host) => {
    expect(plainHttpWarning(host, true)).toBeUndefined();
  });
});

/**
 * awaitStore stops at once on a refusal the store reports (StoreRefusedError: waiting cannot mend
 * it) and waits out store.startup_timeout for a store not up yet. The store here is a stand-in that
 * fails as the Redis store does (test/store/redis.test.ts checks how it tells the two apart);
 * test/redis/start-while-down.test.ts runs the real thing.
 */
describe('awaitStore', () => {
  const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} } as unknown as BrokerLog;
  const failing = (message: string, startupTimeout: number, refused?: { hint: string; refusal: string }) => {
    const store = {
      checks: 0,
      async checkWrite() {
        store.checks += 1;
        throw refused === undefined
          ? new StintError('ERR_STORE_UNAVAILABLE', message)
          : new StoreRefusedError(message, refused.hint, refused.refusal);
      },
    };
    const ctx = {
      config: {
        store: { kind: 'redis', sentinels: ['127.0.0.1:1'], name: 'certificates', startup_timeout: startupTimeout },
      },
      store,
    } as unknown as BrokerContext;
    return { ctx, store };
  };

  it('waits out store.startup_timeout for a store out of reach, whatever its name', async () => {
    const down =
      'Redis store sentinel certificates via 127.0.0.1:1 is unavailable (checkWrite: not connected (connecting; last error: All sentinels are unreachable)); check that Redis is running and reachable and that the password is right';
    const { ctx, store } = failing(down, 3);
    const stopping = new AbortController();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const error = await awaitStore(ctx, log, { pollMs: 20, signal: stopping.signal });
      expect(error?.code).toBe('ERR_STORE_UNREACHABLE');
    } finally {
      process.off('warning', onWarning);
    }
    // Dozens of polls, one abort listener at a time: Node would warn of a leak past ten.
    expect(store.checks).toBeGreaterThan(11);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('stops at the first answer when Redis itself refuses', async () => {
    const problem =
      'Redis store redis://127.0.0.1:6379/0 is unavailable (checkWrite: not connected (reconnecting; last error: WRONGPASS invalid username-password pair or user is disabled.))';
    const { ctx, store } = failing(problem, 3600, {
      hint: 'check that Redis is running and reachable and that the password is right',
      refusal: 'WRONGPASS invalid username-password pair or user is disabled.',
    });
    const error = await awaitStore(ctx, log, { pollMs: 50 });
    expect(error?.code).toBe('ERR_STORE_REFUSED');
    expect(error?.message).toBe(
      `the store refuses the broker: ${problem}. Waiting will not mend this: fix the password (the env var store.password_env names), the ACL user, store.db or the TLS settings, then start again`,
    );
    expect(store.checks).toBe(1);
  });
});
