#!/usr/bin/env node
// node examples/mcp-server/client.mjs: a CI job's MCP client. MCP_URL (the server) and
// STINT_BROKER_URL (the broker the job trusts) are required. With STINT_TOKEN it sends that token;
// otherwise, on GitHub Actions, it exchanges the job's OIDC token when the server asks for one.
// Lists the tools, calls `query`, then `deploy`; prints each answer or refusal, never a token.
import { CiJobProvider, callTool, connectMcp, githubIdToken } from './mcp-client.mjs';

const env = process.env;
if (!env.MCP_URL || !env.STINT_BROKER_URL) {
  console.error('mcp-client: set MCP_URL and STINT_BROKER_URL');
  process.exit(2);
}
const provider = new CiJobProvider({
  broker: env.STINT_BROKER_URL,
  ...(env.STINT_TOKEN ? { token: env.STINT_TOKEN } : {}),
  ...(env.ACTIONS_ID_TOKEN_REQUEST_URL ? { idToken: githubIdToken(env) } : {}),
});
const client = await connectMcp(env.MCP_URL, provider);
const { tools } = await client.listTools();
console.log(`tools: ${tools.map((tool) => tool.name).join(', ')}`);
let ok = true;
for (const [name, args] of [
  ['query', { service: 'warehouse' }],
  ['deploy', { service: 'warehouse', ref: 'refs/heads/main' }],
]) {
  const answer = await callTool(client, name, args);
  console.log(answer.ok ? `${name}: ${answer.text}` : `${name}: refused (${answer.status}): ${answer.reason}`);
  if (name === 'query') ok = answer.ok;
}
await client.close();
process.exit(ok ? 0 : 1);
