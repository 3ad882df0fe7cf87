#!/usr/bin/env node
// node examples/mcp-server/server.mjs: the example MCP server (mcp-server.mjs), configured from
// the environment. STINT_ISSUER (the broker's URL) is required; MCP_HOST (127.0.0.1), MCP_PORT
// (8808), MCP_RESOURCE (http://MCP_HOST:MCP_PORT/mcp: the audience of its stint project),
// STINT_API_KEY (a project API key: refuse revoked tokens at once), STINT_CLOCK_TOLERANCE_SEC (60).
import { startMcpServer } from './mcp-server.mjs';

const env = process.env;
if (!env.STINT_ISSUER) {
  console.error('mcp-server: set STINT_ISSUER to the stint broker URL');
  process.exit(2);
}
const server = await startMcpServer({
  issuer: env.STINT_ISSUER,
  host: env.MCP_HOST ?? '127.0.0.1',
  port: Number(env.MCP_PORT ?? 8808),
  ...(env.MCP_RESOURCE ? { resource: env.MCP_RESOURCE } : {}),
  ...(env.STINT_API_KEY ? { apiKey: env.STINT_API_KEY } : {}),
  ...(env.STINT_CLOCK_TOLERANCE_SEC ? { clockToleranceSec: Number(env.STINT_CLOCK_TOLERANCE_SEC) } : {}),
});
console.log(`mcp server listening on ${server.url} (metadata ${server.metadataUrl})`);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close().then(() => process.exit(0)));
