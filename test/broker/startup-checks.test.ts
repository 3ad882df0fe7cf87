import { describe, expect, it } from 'vitest';
import { plainHttpWarning } from '../../src/broker/startup-checks.js';

/**
 * Which `--host` makes `stint serve` warn about plain HTTP, decided without binding there: tests
 * listen on loopback only (test/broker/serve.test.ts runs the built CLI on 127.0.0.1 and sees no
 * warning).
 */
describe('plainHttpWarning', () => {
  it.each([
    '0.0.0.0',
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

  it.each(['0.0.0.0', '::', '192.168.1.20', '127.0.0.1'])('says nothing when serving TLS on %s', (host) => {
    expect(plainHttpWarning(host, true)).toBeUndefined();
  });
});
