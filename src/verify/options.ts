import { StintError } from '../lib/errors.js';

/**
 * A number-of-seconds option, checked before it is used. A tolerance read from an unset
 * environment variable is `Number(undefined)`, NaN, and every comparison with NaN is false: an
 * age check `age > NaN` never refuses, which would turn replay protection off without a word.
 * So anything that is not a finite number within the range is ERR_VERIFY_CONFIG, never a default.
 */
export function secondsOption(
  value: number | undefined,
  fallback: number,
  name: string,
  [min, max]: readonly [number, number],
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `${name} must be a number of seconds from ${min} to ${max}, got ${typeof value === 'number' ? String(value) : typeof value}${Number.isNaN(value) ? ' (Number() of an unset variable?)' : ''}`,
    );
  return value;
}

/** The widest tolerance or age a verifier accepts: beyond a day, a replay check means little. */
export const ONE_DAY = 86_400;
