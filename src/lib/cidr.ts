import { isIP } from 'node:net';

/** An address (`10.0.0.2`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isCidr(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

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
export function coversEveryAddress(entries: readonly string[]): string | undefined {
  const v4: Array<[bigint, bigint]> = [];
  const v6: Array<[bigint, bigint]> = [];
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    if (isIP(address) === 4) {
      const range = rangeOf(ipv4Number(address), bits === undefined ? 32 : Number(bits), 32);
      v4.push(range);
      v6.push([MAPPED + range[0], MAPPED + range[1]]);
    } else {
      const range = rangeOf(ipv6Number(address), bits === undefined ? 128 : Number(bits), 128);
      v6.push(range);
      // The part of it that IPv4-mapped addresses fall in, as IPv4.
      const from = range[0] > MAPPED ? range[0] : MAPPED;
      const to = range[1] < MAPPED + V4_LAST ? range[1] : MAPPED + V4_LAST;
      if (from <= to) v4.push([from - MAPPED, to - MAPPED]);
    }
  }
  if (covers(v6, (1n << 128n) - 1n)) return 'every client';
  if (covers(v4, V4_LAST)) return 'every IPv4 client';
  return undefined;
}

/**
 * Whether `address` (an IPv4 or IPv6 address) is `range` (an address) or falls in it (a CIDR
 * range); both valid (`isCidr`). An IPv4 address matches only IPv4 ranges, an IPv6 one IPv6 ranges.
 *
 * @example
 * inCidr('198.51.100.7', '198.51.0.0/16') // true
 */
export function inCidr(address: string, range: string): boolean {
  const [base, bits] = range.split('/') as [string, string | undefined];
  const family = isIP(address);
  if (family === 0 || family !== isIP(base)) return false;
  const width = family === 4 ? 32 : 128;
  const number = family === 4 ? ipv4Number : ipv6Number;
  const [from, to] = rangeOf(number(base), bits === undefined ? width : Number(bits), width);
  const value = number(address);
  return value >= from && value <= to;
}

const V4_LAST = (1n << 32n) - 1n;
/** `::ffff:0.0.0.0`, where IPv4-mapped IPv6 addresses start. */
const MAPPED = 0xffffn << 32n;

function rangeOf(address: bigint, bits: number, width: number): [bigint, bigint] {
  const size = 1n << BigInt(width - bits);
  const start = address - (address % size);
  return [start, start + size - 1n];
}

/** True when the ranges together cover 0…last. */
function covers(ranges: Array<[bigint, bigint]>, last: bigint): boolean {
  let next = 0n;
  for (const [from, to] of [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (from > next) return false;
    if (to + 1n > next) next = to + 1n;
    if (next > last) return true;
  }
  return false;
}

function ipv4Number(address: string): bigint {
  return address.split('.').reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n);
}

function ipv6Number(address: string): bigint {
  let text = address;
  // A trailing dotted IPv4 part (`::ffff:192.0.2.1`) is the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Number(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, group) => (n << 16n) + BigInt(Number.parseInt(group, 16)), 0n);
}
