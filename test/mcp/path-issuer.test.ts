/**
 * The example MCP client (examples/mcp-server/mcp-client.mjs, `CiJobProvider`) with a broker whose
 * issuer has a path (docs/broker.md#an-issuer-with-a-path): it reads the broker's metadata where
 * RFC 8414 §3.1 puts it (`/.well-known/oauth-authorization-server/stint`), whether the broker URL
 * it is given ends in a slash or not, and whether the broker's issuer does. The built broker, the
 * example server in this process, the official MCP SDK's client; everything on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CiJobProvider, callTool, connectMcp } from '../../examples/mcp-server/mcp-client.mjs';
import { type RunningMcpServer, startMcpServer } from '../../examples/mcp-server/mcp-server.mjs';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { freePort, type RunningBroker, startBrokerAt } from '../helpers/broker.js';

function project(mcp: string): string {
  return `  release-tools:
    audience: ${mcp}
    scopes: [read, deploy]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        scopes: [read]
`;
}

interface Setup {
  broker: RunningBroker;
  issuer: string;
  server: RunningMcpServer;
}

let github: GithubIssuer;
const setups: Setup[] = [];

/** A broker whose issuer is `{its URL}{path}`, and the example MCP server for it. */
async function setUp(path: string): Promise<Setup> {
  const port = await freePort();
  const mcp = `http://127.0.0.1:${port}/mcp`;
  const broker = await startBrokerAt((url) => stackConfig(`${url}${path}`, github.url, project(mcp)));
  const issuer = `${broker.url}${path}`;
  const server = await startMcpServer({ issuer, port, log: () => {} });
  const setup = { broker, issuer, server };
  setups.push(setup);
  return setup;
}

beforeAll(async () => {
  github = await startGithubIssuer();
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(setups.map((setup) => setup.server.close()));
  await Promise.allSettled(setups.map((setup) => setup.broker.stop()));
  await github?.stop();
});

async function queryThrough(setup: Setup, brokerUrl: string): Promise<string> {
  const audiences: string[] = [];
  const provider = new CiJobProvider({
    broker: brokerUrl,
    idToken: (audience) => {
      audiences.push(audience);
      return github.mint({ aud: audience });
    },
  });
  const client = await connectMcp(setup.server.resource, provider);
  try {
    const answer = await callTool(client, 'query', { service: 'warehouse' });
    expect(answer).toMatchObject({ ok: true });
    // The ID token is for the broker's issuer as it spells it (its default audience, compared exactly).
    expect(audiences).toEqual([setup.issuer]);
    return (answer as { text: string }).text;
  } finally {
    await client.close();
  }
}

describe('CiJobProvider with a broker whose issuer has a path', () => {
  it('finds the metadata at the RFC 8414 path-inserted URL, with the broker URL written with or without a slash', async () => {
    const setup = await setUp('/stint');
    for (const brokerUrl of [setup.issuer, `${setup.issuer}/`])
      expect(await queryThrough(setup, brokerUrl)).toMatch(/^warehouse: /);
  }, 120_000);

  it('works with a broker whose issuer itself ends in a slash', async () => {
    const setup = await setUp('/stint/');
    for (const brokerUrl of [setup.issuer, setup.issuer.replace(/\/$/, '')])
      expect(await queryThrough(setup, brokerUrl)).toMatch(/^warehouse: /);
  }, 120_000);

  it('names the URL it tried when the broker has no metadata there', async () => {
    const setup = setups[0]!;
    const wrong = `${setup.broker.url}/elsewhere`;
    const provider = new CiJobProvider({ broker: wrong, idToken: (audience) => github.mint({ aud: audience }) });
    await expect(connectMcp(setup.server.resource, provider)).rejects.toThrow(
      `the broker at ${wrong} answered 404 for its metadata at ${setup.broker.url}/.well-known/oauth-authorization-server/elsewhere`,
    );
  }, 60_000);
});
