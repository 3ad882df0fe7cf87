import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The fields of a request's access line (`log.info(accessLine(…), 'request')`, once its response
 * closes): what `renderText` prints, and never the request target, which may carry anything a
 * caller put in it. `route` is the route table's name for it, or `other`.
 */
export function accessLine(
  req: IncomingMessage,
  res: ServerResponse,
  request: { route: string; started: number; requestId: string; clientAddress: string },
): Record<string, unknown> {
  return {
    method: req.method,
    route: request.route,
    // Nothing was answered to a client that went away first: no status to report.
    status: res.headersSent ? res.statusCode : null,
    duration_ms: Math.round((performance.now() - request.started) * 10) / 10,
    request_id: request.requestId,
    client_address: request.clientAddress,
    ...(res.writableFinished ? {} : { aborted: true }),
  };
}
