// An MCP client in a CI job (docs/mcp.md#the-client-in-a-ci-job): the official MCP SDK's client
// and its own OAuth flow, with a provider that gets tokens from the stint broker by exchanging the
// job's OIDC token (RFC 8693) for the server's URL (RFC 8707 `resource`, which the SDK adds from
// the server's RFC 9728 metadata). Or, with `token`, it sends a token the job already has
// ($STINT_TOKEN from the action or `stint exchange`).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

/**
 * The SDK's OAuthClientProvider for a CI job: no browser, no client secret, no registration.
 *
 * @param {{ broker: string, idToken?: (audience: string) => Promise<string>, token?: string,
 *   onToken?: (token: string) => void }} options
 *   `broker`: the stint broker this job trusts; a server whose metadata names another
 *   authorization server is refused, so the job's ID token never goes anywhere else.
 *   `idToken(audience)`: a fresh OIDC token of the job for that audience (each is exchanged once).
 *   `onToken`: sees each access token obtained (to mask it).
 */
export class CiJobProvider {
  #broker;
  #idToken;
  #tokens;
  #onToken;
  #metadata;
  #resourceChecked = false;

  constructor(options) {
    this.#broker = withoutSlash(options.broker);
    this.#idToken = options.idToken;
    this.#onToken = options.onToken;
    if (options.token) this.#tokens = { access_token: options.token, token_type: 'Bearer' };
  }

  get redirectUrl() {
    return undefined;
  }

  get clientMetadata() {
    return {
      client_name: 'stint CI job',
      redirect_uris: [],
      grant_types: [TOKEN_EXCHANGE],
      token_endpoint_auth_method: 'none',
    };
  }

  /** stint's token endpoint takes no client authentication; the ID token is the credential. */
  clientInformation() {
    return { client_id: 'ci-job' };
  }

  tokens() {
    return this.#tokens;
  }

  saveTokens(tokens) {
    this.#onToken?.(tokens.access_token);
    this.#tokens = tokens;
  }

  /**
   * The broker's RFC 8414 metadata, read from the broker this job trusts, never from a URL the MCP
   * server names. (The SDK's own discovery also insists on an `authorization_endpoint`, which a
   * token-exchange-only authorization server such as stint's does not have.)
   */
  async discoveryState() {
    this.#metadata ??= await brokerMetadata(this.#broker);
    return { authorizationServerUrl: this.#metadata.issuer, authorizationServerMetadata: this.#metadata };
  }

  /** Called once the SDK has read the server's RFC 9728 metadata: it must name this broker. */
  saveDiscoveryState(state) {
    const named = state.resourceMetadata?.authorization_servers ?? [];
    if (!named.some((server) => sameUrl(server, this.#broker)))
      throw new Error(
        `the MCP server names ${named.join(', ') || 'no authorization server'} in its metadata, not the broker this job trusts (${this.#broker})`,
      );
    this.#resourceChecked = true;
  }

  async prepareTokenRequest() {
    // No RFC 9728 metadata naming the broker, no exchange: the job's ID token stays with the job.
    if (!this.#resourceChecked) throw new Error('the MCP server published no RFC 9728 metadata naming the broker');
    if (!this.#idToken)
      throw new Error('the server wants a new token and this job has no OIDC token source (give idToken, or a token)');
    return new URLSearchParams({
      grant_type: TOKEN_EXCHANGE,
      // The broker's default audience for ID tokens is its issuer, compared exactly: spelled as
      // its metadata spells it (the same URL as the broker's, checked when it was read).
      subject_token: await this.#idToken(this.#metadata?.issuer ?? this.#broker),
      subject_token_type: ID_TOKEN_TYPE,
    });
  }

  redirectToAuthorization() {
    throw new Error('a CI job has no browser: this provider exchanges the OIDC token instead');
  }

  saveCodeVerifier() {}

  codeVerifier() {
    throw new Error('no authorization code flow in a CI job');
  }

  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'tokens') this.#tokens = undefined;
  }
}

/**
 * The broker's RFC 8414 metadata, from where RFC 8414 §3.1 puts it: the well-known name inserted
 * between the host and the issuer's path (`https://ci.example.com/.well-known/oauth-authorization-server/stint`
 * for the issuer `https://ci.example.com/stint`). Its `issuer` must be the broker's URL (RFC 8414
 * §3.3), one trailing slash aside, as stint compares a broker URL with an issuer everywhere.
 */
async function brokerMetadata(broker) {
  const { origin, pathname } = new URL(broker);
  const url = `${origin}/.well-known/oauth-authorization-server${pathname.replace(/\/+$/, '')}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the broker at ${broker} answered ${response.status} for its metadata at ${url}`);
  const metadata = await response.json();
  if (typeof metadata.issuer !== 'string' || !sameUrl(metadata.issuer, broker))
    throw new Error(`the metadata at ${url} names issuer ${metadata.issuer}, not ${broker}`);
  return metadata;
}

/** A URL without query, fragment or trailing slash: `https://ci.example.com/stint/` → `https://ci.example.com/stint`. */
function withoutSlash(value) {
  const url = new URL(value);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Same scheme, host, port and path, ignoring a trailing slash and the host's case. */
function sameUrl(a, b) {
  try {
    return withoutSlash(a) === withoutSlash(b);
  } catch {
    return false;
  }
}

/**
 * GitHub Actions' ID token for `audience`, fetched the way core.getIDToken does (the job needs
 * `permissions: id-token: write`).
 */
export function githubIdToken(env = process.env) {
  return async (audience) => {
    const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
    url.searchParams.set('audience', audience);
    const response = await fetch(url, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
    if (!response.ok) throw new Error(`the ID token request answered ${response.status}`);
    return (await response.json()).value;
  };
}

/** Connects the SDK's client to the MCP server at `url` with the provider. */
export async function connectMcp(url, provider) {
  const client = new Client({ name: 'stint-ci-job', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  return client;
}

/**
 * Calls a tool; resolves `{ ok: true, text }` or `{ ok: false, status, reason }` for a refusal
 * (the SDK throws a StreamableHTTPError with the HTTP status).
 */
export async function callTool(client, name, args) {
  try {
    const result = await client.callTool({ name, arguments: args });
    const text = result.content.map((part) => part.text ?? '').join('');
    return result.isError ? { ok: false, status: 200, reason: text } : { ok: true, text };
  } catch (error) {
    return { ok: false, status: error.code, reason: error.message };
  }
}
