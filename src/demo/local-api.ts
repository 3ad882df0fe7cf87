import { StintError } from '../lib/errors.js';
import { httpRequest } from '../lib/http.js';
import { verifyStintToken } from '../verify/index.js';
import { bearerToken, type LocalServer, startLocalServer } from './local-server.js';

export interface LocalApiOptions {
  brokerUrl: string;
  /** The project's audience, which tokens for it carry. */
  audience: string;
  /** A project API key for the broker's introspection (a secret: never print it). */
  apiKey: string;
}

/**
 * The warehouse API a later step calls with `$STINT_TOKEN`: `GET /deployments` needs a stint
 * token with scope `read`, checked offline with `verifyStintToken` against the broker's JWKS,
 * and then asked of the broker's `/oauth2/introspect` (with the API key) so a revoked token is
 * refused at once. Answers 200 with who the caller is, or 401 with the reason.
 */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalServer> {
  return startLocalServer(async (req, _body, url) => {
    if (url.pathname !== '/deployments') return { status: 404, body: { error: 'not_found' } };
    const token = bearerToken(req);
    if (token === undefined) return { status: 401, body: { error: 'ERR_TOKEN_MISSING', reason: 'no bearer token' } };
    try {
      const claims = await verifyStintToken(token, {
        issuer: options.brokerUrl,
        audience: options.audience,
        requiredScopes: ['read'],
      });
      if (!(await introspect(options, token)))
        return {
          status: 401,
          body: {
            error: 'ERR_TOKEN_INACTIVE',
            reason: 'the broker says the token is not active (revoked, or expired at the broker)',
          },
        };
      return {
        status: 200,
        body: {
          project: claims.project,
          sub: claims.sub,
          scope: claims.scope,
          checked: 'signature via JWKS, issuer, audience, expiry, scope; introspection: active',
        },
      };
    } catch (error) {
      if (error instanceof StintError) return { status: 401, body: { error: error.code, reason: error.message } };
      throw error;
    }
  });
}

async function introspect(options: LocalApiOptions, token: string): Promise<boolean> {
  const response = await httpRequest({
    url: `${options.brokerUrl}/oauth2/introspect`,
    method: 'POST',
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  if (response.status !== 200) throw new Error(`the broker answered ${response.status} to introspection`);
  return (JSON.parse(response.text()) as { active?: boolean }).active === true;
}
