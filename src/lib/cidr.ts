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
