/** An address (`10.0.0.2`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export declare function isCidr(entry: string): boolean;
/**
 * Which clients a list of addresses and CIDR ranges (`trust_proxy`) lets through whatever address
 * they connect from: `every client` when the entries together cover all of IPv6 (IPv4 clients
 * included: Node matches them against IPv6 ranges as `::ffff:a.b.c.d`), `every IPv4 client` when
 * they cover all of IPv4 (`0.0.0.0/0`, `::ffff:0:0/96`, or several ranges that add up to it),
 * else undefined. Entries must be valid (`isCidr`).
 *
 * @example
 * coversEveryAddress(['10.0.0.0/8'])                 // undefined
 * coversEveryAddress(['0.0.0.0/1', '128.0.0.0/1'])   // 'every IPv4 client'
 */
export declare function coversEveryAddress(entries: readonly string[]): string | undefined;
/**
 * Whether `address` (an IPv4 or IPv6 address) is `range` (an address) or falls in it (a CIDR
 * range); both valid (`isCidr`). An IPv4 address matches only IPv4 ranges, an IPv6 one IPv6 ranges.
 *
 * @example
 * inCidr('198.51.100.7', '198.51.0.0/16') // true
 */
export declare function inCidr(address: string, range: string): boolean;
