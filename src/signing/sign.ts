import { randomBytes } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { PLAIN_HTTP_ONLY_HERE, sendsInClear } from '../lib/loopback.js';
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
  refuseCleartextCredential(profile, request.url);
  switch (profile.type) {
    case 'hmac':
      return { headers: hmacHeaders(profile, request, deps) };
    case 'http-signature':
      return { headers: httpSignatureHeaders(profile, request, deps) };
    case 'jwt': {
      // node:crypto only (no jose), so loaded with the rest rather than on first use.
      const jwt = profile as JwtProfile;
      const headers = jwtHeaders(jwt, request, deps);
      return { headers, credential: (headers[jwt.header] as string).slice(jwt.scheme.length) };
    }
    case 'bearer':
      return bearerRequest(profile, request, deps);
    case 'mtls':
      return { headers: {} };
    case 'oauth2': {
      // Fetched just in time and cached in this process's memory (oauth2.ts).
      const { oauth2Headers } = await import('./oauth2.js');
      const headers = await oauth2Headers(profile, deps);
      return { headers, credential: (headers.Authorization as string).slice('Bearer '.length) };
    }
  }
}

/**
 * The profiles whose headers (or URL) are a credential another party could replay as it is: a
 * bearer token (the stint token among them), a JWT, an OAuth 2.0 access token. A signature (hmac,
 * http-signature) proves one request and never shows its key.
 */
const CARRIES_CREDENTIAL: ReadonlySet<SigningProfile['type']> = new Set(['bearer', 'jwt', 'oauth2']);

/**
 * Refuses to sign a request whose credential would cross the network in clear (plain http to
 * another machine), as the broker client and an oauth2 `token_url` do: the token would be readable,
 * and usable, by anything on the way.
 */
function refuseCleartextCredential(profile: SigningProfile, target: string): void {
  if (!CARRIES_CREDENTIAL.has(profile.type)) return;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return; // not absolute: the profile's own check says so
  }
  if (!sendsInClear(url)) return;
  throw new StintError(
    'ERR_REQUEST_URL_INVALID',
    `${url.origin}${url.pathname} is plain http to another machine, which would send profile "${profile.name}"'s ${profile.type} credential in clear; use https (${PLAIN_HTTP_ONLY_HERE})`,
  );
}
