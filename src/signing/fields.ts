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

/**
 * A secret that is sent as it is, in a header or a URL (a bearer token, an OAuth 2.0 access
 * token), with the one trailing newline a CI file variable, a pasted value or a file read as it is
 * carries (LF or CRLF) dropped, as the ID token is trimmed.
 *
 * @example
 * withoutTrailingNewline('tok\r\n') // 'tok'
 */
export function withoutTrailingNewline(value: string): string {
  return value.replace(/\r?\n$/, '');
}

/** Whether `value` is printable ASCII only (space to `~`), as a header value must be to mean the same bytes to every client. */
export function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/**
 * Why `value` cannot be sent as it is in a header field (or undefined when it can), said without
 * quoting it. A line break would end the header line and start another (header injection, or a
 * different credential), and Node refuses control characters with an exception; outside printable
 * ASCII, clients send different bytes (UTF-8 or Latin-1) for the same text.
 */
export function headerValueProblem(value: string): string | undefined {
  if (value === '') return 'is empty once its trailing newline is dropped';
  if (/[\r\n]/.test(value))
    return 'holds a line break (CR or LF) that is not a single trailing newline; a header value cannot carry one (it would end the header line): store the value on one line';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value))
    return 'holds a control character (a tab, NUL, escape, …); a header value cannot carry one: store the value without it';
  if (!isPrintableAscii(value))
    return 'holds a character outside printable ASCII, which HTTP clients send as different bytes (UTF-8 or Latin-1); a token is printable ASCII: check that the value was copied whole and unchanged';
  return undefined;
}
