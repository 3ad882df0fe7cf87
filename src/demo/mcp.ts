/**
 * The demo's MCP step (docs/mcp.md): the example MCP server of examples/mcp-server behind
 * stint/verify's guard, a project whose audience is its URL (added by a config reload, as an
 * operator would on SIGHUP), and the official MCP SDK's client going through its own OAuth flow:
 * the 401 challenge, the server's RFC 9728 metadata, the broker's metadata, and an RFC 8693
 * exchange of the job's ID token with RFC 8707 `resource` = the server's URL.
 * The step loads this module on demand, so the MCP SDK is read only when the step runs.
 */
import { createHash } from 'node:crypto';
import { CiJobProvider, callTool, connectMcp, githubIdToken } from '../../examples/mcp-server/mcp-client.mjs';
import { type RunningMcpServer, startMcpServer } from '../../examples/mcp-server/mcp-server.mjs';
import { parseConfig } from '../policy/index.js';
import type { GithubIssuer } from './github-issuer.js';
import { demoConfigYaml, type LocalBroker } from './local-broker.js';

/** The project the MCP server's tokens are for: a push to main may read, not deploy. */
const PROJECT = 'release-tools';

export interface McpStepInput {
  issuer: GithubIssuer;
  broker: LocalBroker;
  /** Every access token the client obtains goes here, to be masked. */
  secrets: Set<string>;
  detail(line: string): void;
  /** The server, once started, so the demo stops it. */
  started(server: RunningMcpServer): void;
}

export async function runMcpStep(input: McpStepInput): Promise<string> {
  const { issuer, broker } = input;
  const accessLog: Array<{
    status: number;
    code?: string;
    required_scopes: string[];
    project?: string;
    scope?: string;
  }> = [];
  const server = await startMcpServer({
    issuer: broker.url,
    log: (line) => accessLog.push(JSON.parse(line) as (typeof accessLog)[number]),
  });
  input.started(server);

  const yaml = `${demoConfigYaml(broker.url, issuer.url, broker.cwd)}  ${PROJECT}:
    audience: ${JSON.stringify(server.resource)}
    scopes: [read, deploy]
    ttl: 5m
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read]
`;
  broker.broker.reload(parseConfig(yaml, '<stint demo>').config);
  await broker.broker.recordReload('success', createHash('sha256').update(yaml).digest('hex'));

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
    if (!query.ok) throw new Error(`query was refused (${query.status}): ${query.reason}`);
    input.detail(`✓ tools/call query → ${query.text}`);
    const deploy = await callTool(client, 'deploy', { service: 'warehouse', ref: 'refs/heads/main' });
    if (deploy.ok) throw new Error('deploy was allowed; the token has only read');
    const refusal = accessLog.find((line) => line.status === 403);
    if (deploy.status !== 403 || refusal === undefined)
      throw new Error(`deploy was refused, but not with 403 insufficient_scope: ${deploy.reason}`);
    input.detail(`✓ tools/call deploy → 403 insufficient_scope, scope="${refusal.required_scopes.join(' ')}"`);
    const first = accessLog[0];
    const allowed = accessLog.find((line) => line.status === 200);
    input.detail(
      `access log: ${accessLog.map((line) => `${line.status}${line.code ? ` ${line.code}` : ''}`).join(', ')} (jti and fingerprint, never the token)`,
    );
    return `${server.url} (${tools.map((tool) => tool.name).join(', ')}): the SDK's client got ${first?.status ?? '?'} with the resource_metadata challenge, found the broker in ${server.metadataUrl}, exchanged the job's ID token with resource=${server.resource} for project ${allowed?.project} (scope ${allowed?.scope}), called query and was refused deploy`;
  } finally {
    await client.close();
  }
}
