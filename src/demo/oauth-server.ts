import { randomBytes } from 'node:crypto';
import { bytesEqual } from '../verify/headers.js';
import { type LocalServer, startLocalServer } from './local-server.js';

export interface OAuthServer extends LocalServer {
  readonly tokenUrl: string;
  readonly clientId: string;
  /** The client secret the oauth2 profile authenticates with (a secret: never print it). */
  readonly clientSecret: string;
  /** The client and scope an access token was issued for, or undefined for any other token. */
  issued(token: string): { clientId: string; scope: string } | undefined;
  /** Every access token handed out, for the demo's redaction. */
  readonly tokens: readonly string[];
}

/**
 * A small OAuth 2.0 token endpoint on loopback (RFC 6749 §4.4 client credentials with
 * client_secret_basic): the third-party authorization server an `oauth2` profile talks to.
 */
export async function startOAuthServer(): Promise<OAuthServer> {
  const clientId = 'demo-ci';
  const clientSecret = randomBytes(24).toString('base64url');
  const tokens = new Map<string, { clientId: string; scope: string }>();
  const expected = Buffer.from(`Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`);
  const server = await startLocalServer((req, body, url) => {
    if (req.method !== 'POST' || url.pathname !== '/oauth/token') return { status: 404, body: { error: 'not_found' } };
    const presented = Buffer.from(req.headers.authorization ?? '');
    if (!bytesEqual(presented, expected)) {
      return { status: 401, body: { error: 'invalid_client' }, headers: { 'www-authenticate': 'Basic realm="demo"' } };
    }
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    const token = `demo_at_${randomBytes(24).toString('base64url')}`;
    const scope = form.get('scope') ?? '';
    tokens.set(token, { clientId, scope });
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 300, scope } };
  });
  return {
    ...server,
    tokenUrl: `${server.url}/oauth/token`,
    clientId,
    clientSecret,
    issued: (token) => tokens.get(token),
    get tokens() {
      return [...tokens.keys()];
    },
  };
}
