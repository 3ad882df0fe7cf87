/**
 * A value a caller sent, as an error message quotes it: JSON-quoted (so quotes and control
 * characters are escaped) and cut to 200 characters (a request body may hold 64 KiB of it).
 *
 * @example
 * quoteInput('read,write') // '"read,write"'
 */
export function quoteInput(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}
