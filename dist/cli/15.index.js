export const id = 15;
export const ids = [15];
export const modules = {

/***/ 15:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMcpStep: () => (/* binding */ runMcpStep)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js + 1 modules
var esm_client = __webpack_require__(3018);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/client/streamableHttp.js + 10 modules
var streamableHttp = __webpack_require__(6899);
;// CONCATENATED MODULE: ./examples/mcp-server/mcp-client.mjs
// An MCP client in a CI job (docs/mcp.md#the-client-in-a-ci-job): the official MCP SDK's client
// and its own OAuth flow, with a provider that gets tokens from the stint broker by exchanging the
// job's OIDC token (RFC 8693) for the server's URL (RFC 8707 `resource`, which the SDK adds from
// the server's RFC 9728 metadata). Or, with `token`, it sends a token the job already has
// ($STINT_TOKEN from the action or `stint exchange`).



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
class CiJobProvider {
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
function githubIdToken(env = process.env) {
  return async (audience) => {
    const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
    url.searchParams.set('audience', audience);
    const response = await fetch(url, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
    if (!response.ok) throw new Error(`the ID token request answered ${response.status}`);
    return (await response.json()).value;
  };
}

/** Connects the SDK's client to the MCP server at `url` with the provider. */
async function connectMcp(url, provider) {
  const client = new esm_client/* Client */.K({ name: 'stint-ci-job', version: '1.0.0' });
  await client.connect(new streamableHttp/* StreamableHTTPClientTransport */.j(new URL(url), { authProvider: provider }));
  return client;
}

/**
 * Calls a tool; resolves `{ ok: true, text }` or `{ ok: false, status, reason }` for a refusal
 * (the SDK throws a StreamableHTTPError with the HTTP status).
 */
async function callTool(client, name, args) {
  try {
    const result = await client.callTool({ name, arguments: args });
    const text = result.content.map((part) => part.text ?? '').join('');
    return result.isError ? { ok: false, status: 200, reason: text } : { ok: true, text };
  } catch (error) {
    return { ok: false, status: error.code, reason: error.message };
  }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js + 5 modules
var server_mcp = __webpack_require__(2585);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/server/streamableHttp.js + 6 modules
var server_streamableHttp = __webpack_require__(6706);
// EXTERNAL MODULE: ./src/verify/index.ts + 8 modules
var verify = __webpack_require__(3785);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 4 modules
var schemas = __webpack_require__(1514);
;// CONCATENATED MODULE: ./examples/mcp-server/mcp-server.mjs
// An internal MCP server that accepts stint tokens (docs/mcp.md): the official MCP SDK over
// Streamable HTTP, behind stint/verify's guard. Its tools need scopes: `query` needs `read`,
// `deploy` needs `deploy`. Run it with server.mjs; `stint demo` runs it as one of its steps.






/**
 * Each tool with the scopes it needs: the one table the tools are registered from and the guard
 * reads, so a tool cannot be added without its scope.
 */
const TOOLS = {
  query: {
    scopes: ['read'],
    description: 'The latest deployments of a service',
    input: { service: schemas/* string */.YjP().max(100) },
    run: ({ service }, caller) => `${service}: v1.4.2 deployed 2026-12-04 (asked by ${caller})`,
  },
  deploy: {
    scopes: ['deploy'],
    description: 'Deploy a ref of a service',
    input: { service: schemas/* string */.YjP().max(100), ref: schemas/* string */.YjP().max(200) },
    run: ({ service, ref }, caller) => `${service}: deploying ${ref} (for ${caller})`,
  },
};

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Starts the MCP server on `host:port` (port 0: any free one). Its resource URL, the `audience`
 * its stint project must have, is `resource` or else `http://host:port/mcp`.
 *
 * @param {{ issuer: string, host?: string, port?: number, resource?: string, apiKey?: string,
 *   clockToleranceSec?: number, log?: (line: string) => void }} options
 *   `apiKey` (a project API key) makes the guard ask the broker about each token, so a revoked one
 *   is refused at once. `log` gets one JSON line per request (never a token).
 * @returns {Promise<{ url: string, resource: string, metadataUrl: string, close(): Promise<void> }>}
 */
async function startMcpServer(options) {
  const log = options.log ?? ((line) => console.log(line));
  const server = (0,external_node_http_.createServer)();
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', done);
  });
  const { port } = server.address();
  const host = options.host ?? '127.0.0.1';
  const resourceUrl = options.resource ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}/mcp`;
  const guard = (0,verify/* protectedResource */.RI)({
    resource: resourceUrl,
    issuer: options.issuer,
    scopesSupported: [...new Set(Object.values(TOOLS).flatMap((tool) => tool.scopes))],
    resourceName: 'release tools (stint example MCP server)',
    ...(options.apiKey ? { introspection: { apiKey: options.apiKey } } : {}),
    ...(options.clockToleranceSec === undefined ? {} : { clockToleranceSec: options.clockToleranceSec }),
    onAccess: (record) => log(JSON.stringify({ msg: 'mcp access', ...record })),
  });
  const mcpPath = new URL(resourceUrl).pathname;
  const scopesOf = (0,verify/* mcpToolScopes */.OC)(Object.fromEntries(Object.entries(TOOLS).map(([name, tool]) => [name, tool.scopes])));

  server.on('request', (req, res) => {
    handle(req, res).catch((error) => {
      log(JSON.stringify({ msg: 'mcp error', error: String(error?.message ?? error) }));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"server_error"}');
    });
  });

  async function handle(req, res) {
    if (guard.serveMetadata(req, res)) return;
    if (new URL(req.url ?? '/', 'http://mcp.invalid').pathname !== mcpPath) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    // Stateless Streamable HTTP: every message is a POST; there is no session to stream on.
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' }).end('{"error":"method_not_allowed"}');
      return;
    }
    const body = await readJson(req);
    if (body === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_request"}');
      return;
    }
    // The guard answers 401/403 itself; a tools/call needs the scopes of the tool it names.
    const claims = await guard.authorize(req, res, () => scopesOf(body));
    if (!claims) return;
    // The SDK hands `req.auth` to each tool as extra.authInfo.
    req.auth = {
      token: req.headers.authorization.replace(/^Bearer +/i, ''),
      clientId: claims.client_id,
      scopes: claims.scope.split(' ').filter(Boolean),
      expiresAt: claims.exp,
      resource: new URL(resourceUrl),
      extra: { stint: claims },
    };
    const mcp = buildMcpServer();
    const transport = new server_streamableHttp/* StreamableHTTPServerTransport */.D({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  return {
    url: resourceUrl,
    resource: resourceUrl,
    metadataUrl: guard.metadataUrl,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** A fresh MCP server per request (stateless), with every tool of TOOLS. */
function buildMcpServer() {
  const mcp = new server_mcp/* McpServer */._({ name: 'release-tools', version: '1.0.0' });
  for (const [name, tool] of Object.entries(TOOLS)) {
    mcp.registerTool(name, { description: tool.description, inputSchema: tool.input }, async (args, extra) => {
      // The guard already checked the scope; this is the second lock, from the same table.
      const granted = extra.authInfo?.scopes ?? [];
      const missing = tool.scopes.filter((scope) => !granted.includes(scope));
      if (missing.length > 0)
        return { isError: true, content: [{ type: 'text', text: `needs scope ${missing.join(' ')}` }] };
      const ci = extra.authInfo?.extra?.stint?.ci ?? {};
      const caller = `${ci.repository ?? 'unknown'} run ${ci.run_id ?? '?'}`;
      return { content: [{ type: 'text', text: tool.run(args, caller) }] };
    });
  }
  return mcp;
}

/** The request's JSON body (at most 1 MiB), or undefined when it is not JSON. */
async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

// EXTERNAL MODULE: ./src/policy/index.ts + 9 modules
var policy = __webpack_require__(7855);
// EXTERNAL MODULE: ./src/demo/local-broker.ts
var local_broker = __webpack_require__(5280);
;// CONCATENATED MODULE: ./src/demo/mcp.ts
/**
 * The demo's MCP step (docs/mcp.md): the example MCP server of examples/mcp-server behind
 * stint/verify's guard, a project whose audience is its URL (added by a config reload, as an
 * operator would on SIGHUP), and the official MCP SDK's client going through its own OAuth flow:
 * the 401 challenge, the server's RFC 9728 metadata, the broker's metadata, and an RFC 8693
 * exchange of the job's ID token with RFC 8707 `resource` = the server's URL.
 * The step loads this module on demand, so the MCP SDK is read only when the step runs.
 */





/** The project the MCP server's tokens are for: a push to main may read, not deploy. */
const PROJECT = 'release-tools';
async function runMcpStep(input) {
    const { issuer, broker } = input;
    const accessLog = [];
    const server = await startMcpServer({
        issuer: broker.url,
        log: (line) => accessLog.push(JSON.parse(line)),
    });
    input.started(server);
    const yaml = `${(0,local_broker/* demoConfigYaml */.p)(broker.url, issuer.url, broker.cwd)}  ${PROJECT}:
    audience: ${JSON.stringify(server.resource)}
    scopes: [read, deploy]
    ttl: 5m
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read]
`;
    broker.broker.reload((0,policy/* parseConfig */.o4)(yaml, '<stint demo>').config);
    await broker.broker.recordReload('success', (0,external_node_crypto_.createHash)('sha256').update(yaml).digest('hex'));
    if (issuer.requestUrl === undefined || issuer.requestToken === undefined)
        throw new Error('the issuer has no runner token endpoint');
    const provider = new CiJobProvider({
        broker: broker.url,
        idToken: githubIdToken({
            ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
        }),
        onToken: (token) => input.secrets.add(token),
    });
    const client = await connectMcp(server.url, provider);
    try {
        const { tools } = await client.listTools();
        const query = await callTool(client, 'query', { service: 'warehouse' });
        if (!query.ok)
            throw new Error(`query was refused (${query.status}): ${query.reason}`);
        input.detail(`✓ tools/call query → ${query.text}`);
        const deploy = await callTool(client, 'deploy', { service: 'warehouse', ref: 'refs/heads/main' });
        if (deploy.ok)
            throw new Error('deploy was allowed; the token has only read');
        const refusal = accessLog.find((line) => line.status === 403);
        if (deploy.status !== 403 || refusal === undefined)
            throw new Error(`deploy was refused, but not with 403 insufficient_scope: ${deploy.reason}`);
        input.detail(`✓ tools/call deploy → 403 insufficient_scope, scope="${refusal.required_scopes.join(' ')}"`);
        const first = accessLog[0];
        const allowed = accessLog.find((line) => line.status === 200);
        input.detail(`access log: ${accessLog.map((line) => `${line.status}${line.code ? ` ${line.code}` : ''}`).join(', ')} (jti and fingerprint, never the token)`);
        return `${server.url} (${tools.map((tool) => tool.name).join(', ')}): the SDK's client got ${first?.status ?? '?'} with the resource_metadata challenge, found the broker in ${server.metadataUrl}, exchanged the job's ID token with resource=${server.resource} for project ${allowed?.project} (scope ${allowed?.scope}), called query and was refused deploy`;
    }
    finally {
        await client.close();
    }
}


/***/ })

};
