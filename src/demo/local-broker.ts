import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listen, openBroker, type Broker, type Listening } from '../broker/server.js';
import { parseConfig } from '../policy/index.js';

export interface LocalBroker {
  url: string;
  broker: Broker;
  configFile: string;
  auditFile: string;
  close(): Promise<void>;
}

/** The demo's policy: main of acme/warehouse may read and write; nothing else is trusted. */
export function demoConfigYaml(brokerUrl: string, issuerUrl: string): string {
  return `# Written by stint demo: the broker trusts the local GitHub-shaped issuer.
issuer: ${brokerUrl}
keys: { dir: keys, algorithm: EdDSA }
store: memory
audit: { file: audit.jsonl }
providers:
  github: { issuer: ${issuerUrl}, allow_insecure: true }
projects:
  warehouse:
    audience: https://api.warehouse.example.com
    scopes: [read, write, deploy]
    ttl: 15m
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
        scopes: [read, write]
`;
}

/**
 * Runs a broker in this process on loopback, with a config written to `dir` that trusts
 * `issuerUrl`. The port is bound first because the broker's issuer is its own URL.
 */
export async function startLocalBroker(dir: string, issuerUrl: string): Promise<LocalBroker> {
  let broker: Broker | undefined;
  const listening: Listening = await listen((req, res) => {
    if (broker) return broker.handler(req, res);
    res.writeHead(503, { 'retry-after': '1' }).end();
  }, { host: '127.0.0.1', port: 0 });
  try {
    const configFile = join(dir, 'stint.yml');
    const yaml = demoConfigYaml(listening.url, issuerUrl);
    await writeFile(configFile, yaml, { mode: 0o600 });
    const { config } = parseConfig(yaml, configFile);
    broker = await openBroker(config, { env: {} });
    const opened = broker;
    return {
      url: listening.url,
      broker: opened,
      configFile,
      auditFile: config.audit.file,
      async close() {
        await listening.close();
        await opened.close();
      },
    };
  } catch (error) {
    await listening.close();
    throw error;
  }
}
