// Types of mcp-server.mjs, for TypeScript callers (stint's tests and demo).
export interface McpServerOptions {
  issuer: string;
  host?: string;
  port?: number;
  resource?: string;
  apiKey?: string;
  clockToleranceSec?: number;
  log?: (line: string) => void;
}
export interface RunningMcpServer {
  url: string;
  resource: string;
  metadataUrl: string;
  close(): Promise<void>;
}
export declare const TOOLS: Record<string, { scopes: string[]; description: string }>;
export declare function startMcpServer(options: McpServerOptions): Promise<RunningMcpServer>;
