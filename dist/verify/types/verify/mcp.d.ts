/**
 * The scopes an MCP request needs (docs/mcp.md#scopes-to-tools): `tools/call` needs the scopes
 * of the tool it names; every request needs `base`. Works on one JSON-RPC message or a batch, as
 * the Streamable HTTP transport receives them (the parsed body of the POST).
 *
 * A body that is not parsed JSON (undefined: the guard runs before the body parser, or in
 * Fastify's onRequest; a string or bytes: another parser) throws ERR_VERIFY_CONFIG: the scopes
 * cannot be known, so the request is not let through. The guard runs this only for a verified
 * token, and answers 400 when the request's Content-Type is not JSON (the client's error), a 500
 * otherwise (the service's set-up).
 *
 * A tool missing from `tools` needs only `base`, so list every tool: declare each tool's scopes
 * where the tool is registered and build this map from the same table (examples/mcp-server does).
 *
 * @example
 * const scopes = mcpToolScopes({ query: ['read'], deploy: ['deploy'] });
 * app.post('/mcp', express.json(), resource.express((req) => scopes(req.body)), handle);
 */
export declare function mcpToolScopes(tools: Readonly<Record<string, readonly string[]>>, base?: readonly string[]): (body: unknown) => string[];
