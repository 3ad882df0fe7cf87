import { quoteInput } from '../lib/quote-input.js';
import type { Denial, Grant } from './types.js';

/**
 * The scopes a token gets when the caller asks for `requested` (space-separated or a list):
 * all granted scopes when it asks for none, else exactly what it asked for, which must be a
 * subset of the grant. Asking for more is refused rather than silently trimmed, so a job that
 * expects `deploy` learns at once that it will not get it.
 *
 * @example requestScopes(grant, 'read write') // ['read', 'write'] or a Denial ERR_SCOPE_NOT_GRANTED
 */
export function requestScopes(grant: Grant, requested?: string | string[]): { ok: true; scopes: string[] } | Denial {
  const asked = (Array.isArray(requested) ? requested : (requested ?? '').split(' ')).filter((s) => s !== '');
  if (asked.length === 0) return { ok: true, scopes: [...grant.scopes] };
  const missing = asked.filter((s) => !grant.scopes.includes(s));
  if (missing.length > 0) {
    // The caller's own words, quoted and cut as every echo of them is (a body may hold 64 KiB).
    const quoted = quoteInput(missing.join(' '));
    return {
      ok: false,
      code: 'ERR_SCOPE_NOT_GRANTED',
      reason: `requested scope ${quoted} is beyond the grant (${grant.scopes.join(' ') || 'none'}) of project ${grant.project}`,
      hint: `scope ${quoted} is not granted to this job for project ${grant.project}; it may have: ${grant.scopes.join(' ') || 'no scopes'}`,
      // The caller already passed the policy for this project, so it may learn its own grant.
      disclose: true,
      identity: grant.identity,
    };
  }
  return { ok: true, scopes: grant.scopes.filter((s) => asked.includes(s)) };
}
