import { parseDuration } from '../lib/duration.js';
import type { RateLimit } from '../store/types.js';
import type { Entry, YamlNode, YamlReader } from './yaml-reader.js';

export { CONFIG_NAME } from '../lib/config-name.js';

/** A `{ rps, burst }` mapping at `where`; fields left out keep `fallback`'s. */
export function readRateLimit(reader: YamlReader, node: YamlNode, where: string, fallback: RateLimit): RateLimit {
  return rateLimitFrom(reader, reader.map(node, where, ['rps', 'burst']), where, fallback);
}

/** `rps` and `burst` from a mapping already read (one that may hold other keys too). */
export function rateLimitFrom(
  reader: YamlReader,
  fields: Map<string, Entry> | undefined,
  where: string,
  fallback: RateLimit,
): RateLimit {
  const limit = { ...fallback };
  const rps = fields?.get('rps');
  if (rps) limit.rps = reader.positiveNumber(rps.value, `${where}.rps`) ?? limit.rps;
  const burst = fields?.get('burst');
  if (burst) {
    const value = reader.positiveNumber(burst.value, `${where}.burst`);
    if (value !== undefined && !Number.isInteger(value))
      reader.error(burst.value, 'ERR_CONFIG_INVALID', `${where}.burst must be a whole number`);
    else if (value !== undefined) limit.burst = value;
  }
  return limit;
}

/** A duration field (`15m`, `90`, `1h30m`) in seconds, or undefined with an ERR_DURATION_INVALID diagnostic. */
export function readDuration(reader: YamlReader, node: YamlNode, where: string): number | undefined {
  const value = reader.scalar(node, where);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    reader.error(node, 'ERR_DURATION_INVALID', `${where} must be a duration such as 90s, 15m, 1h or 30d`);
    return undefined;
  }
  try {
    return parseDuration(value);
  } catch (error) {
    reader.error(node, 'ERR_DURATION_INVALID', `${where}: ${(error as Error).message}`);
    return undefined;
  }
}

/** An absolute http(s) URL, or undefined. */
export function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
