import { devConfigYaml } from '../broker/dev-config.js';
import { type Broker, type Listening, listen, openBroker } from '../broker/server.js';
import { StintError } from '../lib/errors.js';
import { parseConfig } from '../policy/index.js';

export interface LocalBroker {
  url: string;
  broker: Broker;
  /** The directory holding `.stint/` (keys and audit log). */
  cwd: string;
  auditFile: string;
  close(): Promise<void>;
}

const GITHUB_PROVIDER = 'github: { issuer: https://token.actions.githubusercontent.com }';

/**
 * The config of `stint serve --dev` run in `cwd` (memory store, keys and audit under
 * `cwd/.stint/`, its built-in GitHub-only policy), except that its github provider trusts the local
 * GitHub-shaped issuer at `issuerUrl` (plain http on loopback, hence allow_insecure).
 */
export function demoConfigYaml(brokerUrl: string, issuerUrl: string, cwd: string): string {
  const dev = devConfigYaml({ issuer: brokerUrl, cwd });
  // Fail loudly if the embedded default changes shape, rather than trust github.com by accident.
  if (!dev.includes(GITHUB_PROVIDER))
    throw new StintError(
      'ERR_DEMO_CONFIG',
      'the embedded default config no longer has the github provider line the demo replaces',
    );
  return dev.replace(GITHUB_PROVIDER, `github: { issuer: ${JSON.stringify(issuerUrl)}, allow_insecure: true }`);
}

/**
 * Runs the broker in this process on loopback, as `stint serve --dev` would in `cwd`, trusting
 * `issuerUrl`. The port is bound first because the broker's issuer is its own URL.
 */
export async function startLocalBroker(cwd: string, issuerUrl: string): Promise<LocalBroker> {
  let broker: Broker | undefined;
  const listening: Listening = await listen(
    (req, res) => {
      if (broker) return broker.handler(req, res);
      res.writeHead(503, { 'retry-after': '1' }).end();
    },
    { host: '127.0.0.1', port: 0 },
  );
  try {
    const { config } = parseConfig(demoConfigYaml(listening.url, issuerUrl, cwd), '<stint demo>');
    broker = await openBroker(config, { env: {} });
    const opened = broker;
    return {
      url: listening.url,
      broker: opened,
      cwd,
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
