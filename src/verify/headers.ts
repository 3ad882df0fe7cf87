import { timingSafeEqual } from 'node:crypto';

/**
 * Request headers as a receiving server has them: a fetch `Headers`, Node's `IncomingHttpHeaders`
 * (lowercase names, arrays for repeats) or any plain record.
 */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** The value of a header, matched case-insensitively; repeated fields joined with ", " (RFC 9110). */
export function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  const found: string[] = [];
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    found.push(...(Array.isArray(value) ? value : [value]));
  }
  return found.length === 0 ? undefined : found.join(', ');
}

/** Constant-time equality of two byte strings; different lengths are simply unequal. */
export function bytesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
