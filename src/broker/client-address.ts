import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * The address a request comes from: the socket's peer, or, when that peer is a proxy the config
 * trusts (`trust_proxy: [CIDR…]`), the address it says it forwarded for. `X-Forwarded-For` is
 * read from the right: each entry was appended by the hop before it, so entries are believed only
 * while the hop that wrote them is trusted; the first address not in `trust_proxy` is the client.
 * With no trusted proxy (the default) the header is ignored: anyone can send it.
 *
 * @example
 * clientAddress(req, compileTrustProxy(['10.0.0.0/8']))   // '203.0.113.7' behind a proxy at 10.0.0.2
 */
export function clientAddress(req: IncomingMessage, trusted: BlockList | undefined): string {
  const peer = normalise(req.socket.remoteAddress ?? '');
  if (trusted === undefined || peer === '' || !isTrusted(trusted, peer)) return peer || 'unknown';
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  let address = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalise(hops[i]!);
    // Not an address (a port, a name, garbage): the trusted hop that passed it on is as far as we can tell.
    if (isIP(hop) === 0) return address;
    address = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return address;
}

/** True when the request carries `X-Forwarded-For` from a peer `trust_proxy` does not list (so it is ignored). */
export function forwardedForIgnored(req: IncomingMessage, trusted: BlockList | undefined): boolean {
  if (req.headers['x-forwarded-for'] === undefined) return false;
  const peer = normalise(req.socket.remoteAddress ?? '');
  return trusted === undefined || peer === '' || !isTrusted(trusted, peer);
}

/** The TCP peer of a connection, as clientAddress names it before any proxy header: `::ffff:10.0.0.2` → `10.0.0.2`. */
export function peerAddress(socket: { remoteAddress?: string | undefined }): string {
  return normalise(socket.remoteAddress ?? '') || 'unknown';
}

/** Whether `address` (as peerAddress gives it) is in `trust_proxy`. */
export function isTrustedProxy(trusted: BlockList | undefined, address: string): boolean {
  return trusted !== undefined && isIP(address) !== 0 && isTrusted(trusted, address);
}

/** `trust_proxy` compiled once per config (a reload brings a new list). */
const compiledTrustProxy = new WeakMap<readonly string[], BlockList | undefined>();

/** `trust_proxy` as a BlockList, compiled once per list (the config's own array); undefined when empty. */
export function trustedProxies(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  if (!compiledTrustProxy.has(entries)) compiledTrustProxy.set(entries, compileTrustProxy(entries));
  return compiledTrustProxy.get(entries);
}

/**
 * `trust_proxy` as a BlockList (addresses and CIDR ranges, IPv4 and IPv6), or undefined when it
 * is empty. Entries were checked when the config was read (`isCidr`).
 */
export function compileTrustProxy(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/**
 * The key a per-address rate limit counts under: the address itself for IPv4, its /64 for IPv6
 * (one host usually holds a whole /64, so counting single IPv6 addresses would let it rotate
 * through them).
 */
export function rateLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIpv6(address).slice(0, 4);
  return `${groups.join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  // A trailing dotted IPv4 part (`64:ff9b::192.0.2.1`) fills two groups.
  const dotted = (right.at(-1) ?? left.at(-1) ?? '').includes('.') ? 1 : 0;
  const missing = 8 - left.length - right.length - dotted;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((group) =>
    (Number.parseInt(group, 16) || 0).toString(16),
  );
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:10.0.0.2` (an IPv4 peer on a dual-stack socket) → `10.0.0.2`; `[::1]` → `::1`. */
function normalise(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1]! : bare;
}
