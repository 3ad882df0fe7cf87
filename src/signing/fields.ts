import { parseDuration } from '../lib/duration.js';
import type { ParseContext } from './types.js';

/**
 * Small readers for profile fields. Each one fails through `ctx.fail`, so every message names the
 * profile, the field and what is allowed.
 */

export function optionalString(ctx: ParseContext, raw: Record<string, unknown>, field: string): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') ctx.fail(field, 'must be a non-empty string');
  return value;
}

export function oneOf<T extends string>(
  ctx: ParseContext,
  raw: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  fallback?: T,
): T {
  const value = raw[field];
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    ctx.fail(field, `${value === undefined ? 'is required and ' : ''}must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function optionalBoolean(
  ctx: ParseContext,
  raw: Record<string, unknown>,
  field: string,
  fallback: boolean,
): boolean {
  const value = raw[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') ctx.fail(field, 'must be true or false');
  return value;
}

/** An HTTP header name as RFC 9110 allows (a token). */
export function optionalHeaderName(ctx: ParseContext, raw: Record<string, unknown>, field: string): string | undefined {
  const value = optionalString(ctx, raw, field);
  if (value !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value))
    ctx.fail(field, 'must be an HTTP header name (letters, digits, - and _)');
  return value;
}

/**
 * Seconds from a duration in stint's one grammar (src/lib/duration.ts: `60`, `'90s'`, `'5m'`,
 * `'1h30m'`), within [min, max].
 */
export function optionalDuration(
  ctx: ParseContext,
  raw: Record<string, unknown>,
  field: string,
  limits: { min: number; max: number },
): number | undefined {
  const value = raw[field];
  if (value === undefined || value === null) return undefined;
  let seconds: number | undefined;
  if (typeof value === 'number' || typeof value === 'string') {
    try {
      seconds = parseDuration(value);
    } catch {
      seconds = undefined;
    }
  }
  if (seconds === undefined)
    ctx.fail(field, 'must be a duration: seconds, or units s, m, h, d (e.g. 60, 90s, 5m, 1h30m)');
  if (seconds < limits.min || seconds > limits.max)
    ctx.fail(field, `must be between ${limits.min} and ${limits.max} seconds`);
  return seconds;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 1-based line and column of a character offset, for parse errors that must not quote the text. */
export function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}
