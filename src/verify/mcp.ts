import { StintError } from '../lib/errors.js';

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
export function mcpToolScopes(
  tools: Readonly<Record<string, readonly string[]>>,
  base: readonly string[] = [],
): (body: unknown) => string[] {
  return (body) => {
    // A body not parsed yet (undefined) or parsed as bytes or text holds no tools/call this can
    // see, and treating it as "no tool" would let a tools/call through with the base scopes only.
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer)
      throw new StintError(
        'ERR_VERIFY_CONFIG',
        `mcpToolScopes needs the parsed JSON body, got ${body === undefined ? 'undefined' : typeof body === 'string' ? 'a string' : 'bytes'}: mount the guard after the JSON body parser (express.json()), and in Fastify as a preHandler hook, not onRequest (the body is not parsed there yet)`,
      );
    const needed = new Set(base);
    for (const message of Array.isArray(body) ? body : [body]) {
      if (message === null || typeof message !== 'object') continue;
      const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
      if (method !== 'tools/call' || typeof params?.name !== 'string') continue;
      if (!Object.hasOwn(tools, params.name)) continue;
      for (const scope of tools[params.name] ?? []) needed.add(scope);
    }
    return [...needed];
  };
}
