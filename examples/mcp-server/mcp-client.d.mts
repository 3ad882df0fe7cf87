// Types of mcp-client.mjs, for TypeScript callers (stint's tests and demo).

import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export interface CiJobProviderOptions {
  broker: string;
  idToken?: (audience: string) => Promise<string>;
  token?: string;
  onToken?: (token: string) => void;
}
export declare class CiJobProvider implements OAuthClientProvider {
  constructor(options: CiJobProviderOptions);
  get redirectUrl(): undefined;
  get clientMetadata(): OAuthClientProvider['clientMetadata'];
  clientInformation(): { client_id: string };
  tokens(): ReturnType<OAuthClientProvider['tokens']>;
  saveTokens: OAuthClientProvider['saveTokens'];
  redirectToAuthorization(): never;
  saveCodeVerifier(): void;
  codeVerifier(): never;
}
export declare function githubIdToken(env?: Record<string, string | undefined>): (audience: string) => Promise<string>;
export declare function connectMcp(url: string, provider: CiJobProvider): Promise<Client>;
export type ToolAnswer = { ok: true; text: string } | { ok: false; status: number | undefined; reason: string };
export declare function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer>;
