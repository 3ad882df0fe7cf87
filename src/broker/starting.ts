import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BrokerConfig } from '../policy/types.js';
import { accessLine } from './access-line.js';
import { clientAddress, compileTrustProxy } from './client-address.js';
import type { BrokerLog } from './log.js';
import { issuerPath, pathOf, routeOf } from './routes.js';

/**
 * What a broker answers while it listens but has not opened yet (its keys, store and audit log
 * are being opened; in --dev mode its issuer is the address it was given): 503
 * `temporarily_unavailable`, "the broker is starting", `Retry-After: 1`. Each answer has its
 * access line, with the fields of every other request's (accessLine): a load balancer's probe or a
 * job that came early is in the log too. `config` is undefined in --dev mode, whose issuer (the
 * bound address) has no path, so routes are named as at the root and no proxy is trusted.
 *
 * @example
 * const listening = await listen((req, res) => (broker ? broker.handler(req, res) : starting(req, res)), …);
 */
export function startingHandler(
  log: BrokerLog,
  config: BrokerConfig | undefined,
): (req: IncomingMessage, res: ServerResponse) => void {
  const prefix = config === undefined ? '' : issuerPath(config.issuer);
  const trusted = config === undefined ? undefined : compileTrustProxy(config.trust_proxy);
  return (req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const path = pathOf(req.url);
    res.once('close', () => {
      const route = (path === undefined ? undefined : routeOf(path, prefix)) ?? 'other';
      log.info(
        accessLine(req, res, { route, started, requestId, clientAddress: clientAddress(req, trusted) }),
        'request',
      );
    });
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', 'x-request-id': requestId });
    res.end(
      JSON.stringify({
        error: 'temporarily_unavailable',
        error_description: 'the broker is starting',
        request_id: requestId,
      }),
    );
  };
}
