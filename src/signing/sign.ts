import { randomBytes } from 'node:crypto';
import { bearerRequest } from './bearer.js';
import { hmacHeaders } from './hmac.js';
import { httpSignatureHeaders } from './http-signature.js';
import { jwtHeaders } from './jwt.js';
import type { JwtProfile, SignableRequest, SignDeps, SignedRequest, SigningProfile } from './types.js';

/** The real clock and randomness; tests pass their own. */
export const defaultSignDeps: SignDeps = { now: Date.now, randomBytes };

/**
 * Signs one request with a profile: returns the headers to add (and, for a bearer profile with
 * `query`, the URL to use). The request itself is not changed. For mtls the headers are empty:
 * the proof is the client certificate (`loadClientCertificate`).
 *
 * @example
 * const { headers } = await signRequest(profile, { method: 'POST', url, headers: {}, body: Buffer.from(json) });
 */
export async function signRequest(
  profile: SigningProfile,
  request: SignableRequest,
  deps: SignDeps = defaultSignDeps,
): Promise<SignedRequest> {
  switch (profile.type) {
    case 'hmac':
      return { headers: hmacHeaders(profile, request, deps) };
    case 'http-signature':
      return { headers: httpSignatureHeaders(profile, request, deps) };
    case 'jwt':
      // node:crypto only (no jose), so loaded with the rest rather than on first use.
      return { headers: jwtHeaders(profile as JwtProfile, request, deps) };
    case 'bearer':
      return bearerRequest(profile, request, deps);
    case 'mtls':
      return { headers: {} };
    case 'oauth2': {
      // Fetched just in time and cached in this process's memory (oauth2.ts).
      const { oauth2Headers } = await import('./oauth2.js');
      return { headers: await oauth2Headers(profile, deps) };
    }
  }
}
