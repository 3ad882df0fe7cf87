import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { coversEveryAddress } from '../../src/lib/cidr.js';
import { EVERY_IPV4_INTERFACE } from '../helpers/hosts.js';

/**
 * `trust_proxy` lists that let every client through (WARN_TRUST_PROXY_ALL), against Node's own
 * BlockList, which is what the broker matches client addresses with.
 */
describe('coversEveryAddress', () => {
  it.each([
    [['172.16.0.0/12', 'fd00::/8'], undefined],
    [['1.2.3.4', '2001:db8::1'], undefined],
    [[`${EVERY_IPV4_INTERFACE}/1`, '128.0.0.0/2'], undefined],
    [[`${EVERY_IPV4_INTERFACE}/0`], 'every IPv4 client'],
    [[`${EVERY_IPV4_INTERFACE}/1`, '128.0.0.0/1'], 'every IPv4 client'],
    [['::ffff:0:0/96'], 'every IPv4 client'],
    [[`::ffff:${EVERY_IPV4_INTERFACE}/97`, '::ffff:128.0.0.0/97'], 'every IPv4 client'],
    [['::/1'], 'every IPv4 client'],
    [['::/0'], 'every client'],
    [['::/1', '8000::/1'], 'every client'],
  ] as const)('%j → %s', (entries, expected) => {
    expect(coversEveryAddress(entries)).toBe(expected);
    // What the broker's BlockList does with the same list, at the edges of each space.
    const list = new BlockList();
    for (const entry of entries) {
      const [address, bits] = entry.split('/') as [string, string];
      list.addSubnet(
        address,
        Number(bits ?? (address.includes(':') ? 128 : 32)),
        address.includes(':') ? 'ipv6' : 'ipv4',
      );
    }
    const ipv4 = [EVERY_IPV4_INTERFACE, '127.255.255.255', '128.0.0.0', '191.255.255.255', '255.255.255.255'];
    const ipv6 = ['::', '7fff:ffff::', '8000::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'];
    const allV4 = ipv4.every((a) => list.check(a, 'ipv4'));
    const allV6 = ipv6.every((a) => list.check(a, 'ipv6'));
    if (expected === 'every client') expect(allV4 && allV6).toBe(true);
    if (expected === 'every IPv4 client') expect([allV4, allV6]).toEqual([true, false]);
    if (expected === undefined) expect(allV4 || allV6).toBe(false);
  });
});
