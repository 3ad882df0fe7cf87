import { StintError } from '../lib/errors.js';
import { headerValueProblem, withoutTrailingNewline } from './fields.js';
import type { BearerProfile, SignableRequest, SignDeps, SignedRequest } from './types.js';

/**
 * A static credential (`token`) or, without one, the stint token (`$STINT_TOKEN`), in a
 * header (default `Authorization: Bearer …`) or a query parameter.
 *
 * @example
 * bearerRequest(profile, request, deps) // → { headers: { Authorization: 'Bearer …' } }
 */
export function bearerRequest(profile: BearerProfile, request: SignableRequest, deps: SignDeps): SignedRequest {
  const token = profile.tokens[0] ?? stintToken(profile, deps.env ?? process.env);
  if (profile.query !== undefined) {
    const url = new URL(request.url);
    url.searchParams.set(profile.query, token);
    return { headers: {}, url: url.href, credential: token };
  }
  return { headers: { [profile.header]: `${profile.scheme}${token}` }, credential: token };
}

function stintToken(profile: BearerProfile, env: Record<string, string | undefined>): string {
  const token = env.STINT_TOKEN;
  if (token === undefined || token === '') {
    throw new StintError(
      'ERR_STINT_TOKEN_MISSING',
      `bearer profile "${profile.name}" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: \${{ steps.<id>.outputs.token }}), or exports="$(stint exchange --broker URL --project P)" || exit 1; eval "$exports"`,
    );
  }
  // Checked as a profile's own token is (profiles.ts): it goes into a header or the URL as it is.
  const sent = withoutTrailingNewline(token);
  const problem = headerValueProblem(sent);
  if (problem !== undefined) {
    throw new StintError(
      'ERR_STINT_TOKEN_MALFORMED',
      `bearer profile "${profile.name}" sends the stint token, and STINT_TOKEN ${problem}; set it to what stint exchange exported as STINT_TOKEN`,
    );
  }
  return sent;
}
