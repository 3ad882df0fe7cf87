import { describe, expect, it } from 'vitest';
import { endpoint } from '../src/client/broker-client.js';
import { isLoopbackHost } from '../src/lib/loopback.js';
import { parseConfig } from '../src/policy/index.js';
import { EVERY_IPV4_INTERFACE } from './helpers/hosts.js';

// One notion of "this machine" for every place that allows plain http only locally.
describe('isLoopbackHost', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])('%s is this machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each([
    '127.example.com',
    '127.0.0.1.nip.io',
    '128.0.0.1',
    EVERY_IPV4_INTERFACE,
    '::',
    '[::2]',
    'localhost.example.com',
    '',
  ])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('plain http to a name that only starts like 127.', () => {
  it('is refused as a broker URL and warned about as an issuer', () => {
    expect(() => endpoint('http://127.example.com', 'x')).toThrow(
      expect.objectContaining({ code: 'ERR_BROKER_URL_INVALID' }),
    );
    expect(endpoint('http://127.0.0.1:8080', 'x')).toBe('http://127.0.0.1:8080/x');
    const yaml =
      'issuer: http://127.example.com\nproviders: { github: {} }\nprojects:\n  w:\n    trust:\n      - { provider: github, subject: "repo:acme@1/w@2:pull_request" }\n';
    expect(parseConfig(yaml, 'stint.yml').diagnostics.map((d) => d.code)).toContain('WARN_ISSUER_INSECURE');
  });
});
