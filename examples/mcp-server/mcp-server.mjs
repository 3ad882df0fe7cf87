// An internal MCP server that accepts stint tokens (docs/mcp.md): the official MCP SDK over
// Streamable HTTP, behind stint/verify's guard. Its tools need scopes: `query` needs `read`,
// `deploy` needs `deploy`. Run it with server.mjs; `stint demo` runs it as one of its steps.
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { mcpToolScopes, protectedResource } from 'stint/verify';
import { z } from 'zod';

/**
 * Each tool with the scopes it needs: the one table the tools are registered from and the guard
 * reads, so a tool cannot be added without its scope.
 */
export const TOOLS = {
  query: {
    scopes: ['read'],
    description: 'The latest deployments of a service',
    input: { service: z.string().max(100) },
    run: ({ service }, caller) => `${service}: v1.4.2 deployed 2026-12-04 (asked by ${caller})`,
  },
  deploy: {
    scopes: ['deploy'],
    description: 'Deploy a ref of a service',
    input: { service: z.string().max(100), ref: z.string().max(200) },
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
export async function startMcpServer(options) {
  const log = options.log ?? ((line) => console.log(line));
  const server = createServer();
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', done);
  });
  const { port } = server.address();
  const host = options.host ?? '127.0.0.1';
  const resourceUrl = options.resource ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}/mcp`;
  const guard = protectedResource({
    resource: resourceUrl,
    issuer: options.issuer,
    scopesSupported: [...new Set(Object.values(TOOLS).flatMap((tool) => tool.scopes))],
    resourceName: 'release tools (stint example MCP server)',
    ...(options.apiKey ? { introspection: { apiKey: options.apiKey } } : {}),
    ...(options.clockToleranceSec === undefined ? {} : { clockToleranceSec: options.clockToleranceSec }),
    onAccess: (record) => log(JSON.stringify({ msg: 'mcp access', ...record })),
  });
  const mcpPath = new URL(resourceUrl).pathname;
  const scopesOf = mcpToolScopes(Object.fromEntries(Object.entries(TOOLS).map(([name, tool]) => [name, tool.scopes])));

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
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
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
  const mcp = new McpServer({ name: 'release-tools', version: '1.0.0' });
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
