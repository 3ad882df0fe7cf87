import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { devConfigYaml } from '../../broker/dev-config.js';
import { type Broker, type Listening, listen, openBroker } from '../../broker/server.js';
import { StintError, UsageError } from '../../lib/errors.js';
import { isLoopbackHost } from '../../lib/loopback.js';
import { formatDiagnostic, parseConfig } from '../../policy/index.js';
import type { BrokerConfig } from '../../policy/types.js';
import { type CliIo, type Command, writeLine } from '../io.js';

const HELP = `Usage: stint serve [--config FILE] [--port N] [--host H] [--tls-cert PEM --tls-key PEM]
       stint serve --dev [--port N] [--host H]

Runs the stint broker. Its first line of output is "stint broker listening on URL".

Options:
  --config FILE   broker config and policy (default ./stint.yml)
  --port N        port to listen on (default 8080; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1)
  --tls-cert PEM  certificate chain file: serve HTTPS
  --tls-key PEM   private key file for --tls-cert
  --dev           no config: memory store, keys under .stint/keys, audit at .stint/audit.jsonl,
                  the example policy, issuer http://HOST:PORT (never for production)
  --help          show this help

Stops cleanly on SIGTERM or SIGINT.`;

/** `stint serve`: loads the config, opens the broker, listens until told to stop. */
export const run: Command = async (args, io) => {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      dev: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const port = parsePort(values.port ?? '8080');
  const host = values.host ?? '127.0.0.1';
  if (values.dev && values.config !== undefined)
    throw new UsageError('--dev runs the embedded default; give either --dev or --config, not both');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  const tls =
    values['tls-cert'] !== undefined && values['tls-key'] !== undefined
      ? {
          cert: await readPem(resolve(io.cwd, values['tls-cert'])),
          key: await readPem(resolve(io.cwd, values['tls-key'])),
        }
      : undefined;

  let config: BrokerConfig | undefined;
  if (!values.dev) config = await loadConfig(resolve(io.cwd, values.config ?? 'stint.yml'), io);

  // The handler is attached once the broker is open: in --dev mode the issuer is the bound
  // address, known only after listening. Requests that arrive before then get a 503.
  let broker: Broker | undefined;
  const listening: Listening = await listen(
    (req, res) => {
      if (broker) return broker.handler(req, res);
      const requestId = randomUUID();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', 'x-request-id': requestId });
      res.end(
        JSON.stringify({
          error: 'temporarily_unavailable',
          error_description: 'the broker is starting',
          request_id: requestId,
        }),
      );
    },
    tls ? { host, port, tls } : { host, port },
  ).catch((error: unknown) => {
    throw new StintError('ERR_LISTEN', `cannot listen on ${host}:${port}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  let active: BrokerConfig;
  try {
    active = config ?? parseConfig(devConfigYaml({ issuer: listening.url, cwd: io.cwd }), '<embedded>').config;
    broker = await openBroker(active, { env: io.env, log: (line) => writeLine(io.stderr, line) });
  } catch (error) {
    await listening.close();
    throw error;
  }

  writeLine(io.stdout, `stint broker listening on ${listening.url}`);
  for (const line of describeTrust(active, Boolean(values.dev))) writeLine(io.stdout, line);
  if (!tls && !isLoopbackHost(host)) {
    writeLine(
      io.stderr,
      `stint: warning: serving plain HTTP on ${host}; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.`,
    );
  }

  await stopSignal();
  await listening.close();
  await broker.close();
  writeLine(io.stdout, 'stint broker stopped');
  return 0;
};

async function loadConfig(file: string, io: CliIo): Promise<BrokerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StintError(
      'ERR_CONFIG_UNREADABLE',
      `cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (give --config FILE, or --dev for the embedded default)`,
    );
  }
  const { config, diagnostics } = parseConfig(text, file);
  for (const diagnostic of diagnostics) writeLine(io.stderr, formatDiagnostic(diagnostic));
  return config;
}

async function readPem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new StintError(
      'ERR_TLS_UNREADABLE',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, not ${value}`);
  return port;
}

/** What the broker trusts, so an operator sees at a glance what it will accept. */
function describeTrust(config: BrokerConfig, dev: boolean): string[] {
  const lines = [`issuer ${config.issuer}${dev ? ' (--dev: embedded default, memory store, not for production)' : ''}`];
  lines.push(
    `store ${config.store.kind === 'memory' ? `embedded (state ${config.store.dir}, sync ${config.store.sync ?? 'always'})` : 'redis'}, keys ${config.keys.dir} (${config.keys.algorithm}), audit ${config.audit.file}`,
  );
  for (const provider of Object.values(config.providers)) {
    lines.push(
      `trusts provider ${provider.name}: ${provider.issuer} (audience ${provider.audience}; ${provider.algorithms.join(', ')})`,
    );
  }
  for (const project of Object.values(config.projects)) {
    lines.push(
      `project ${project.name}: scopes ${project.scopes.join(' ') || '(none)'}, ttl ${project.ttl}s (max ${project.max_ttl}s), ${project.trust.length} trust rule${project.trust.length === 1 ? '' : 's'}`,
    );
  }
  return lines;
}

/** Resolves on the first SIGTERM or SIGINT. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
