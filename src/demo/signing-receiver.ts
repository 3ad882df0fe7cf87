import { isStintError } from '../lib/errors.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import type { DemoProfile } from './signing-set.js';

/** A request as the receiver got it. */
export interface ReceivedRequest {
  method: string;
  /** The absolute URL the sender used. */
  url: string;
  headers: import('node:http').IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The receiving side of the signing profiles: `ANY /hooks/<profile>` runs that profile's
 * verifier on the request exactly as received (raw body, headers, the URL the sender used) and
 * answers 200 with what it verified, or 401 with the error code and reason. `onReceived` sees
 * each request first (tests check them with independent libraries too).
 */
export async function startSigningReceiver(
  profiles: readonly DemoProfile[],
  onReceived?: (profile: string, request: ReceivedRequest) => void,
): Promise<LocalServer> {
  const byName = new Map(profiles.filter((p) => p.verify).map((p) => [p.name, p.verify!]));
  let base = '';
  const server = await startLocalServer(async (req, body, url) => {
    const verify = byName.get(url.pathname.replace(/^\/hooks\//, ''));
    if (!url.pathname.startsWith('/hooks/') || verify === undefined) return { status: 404, body: 'no such hook' };
    const sentTo = `${base}${req.url ?? ''}`;
    onReceived?.(url.pathname.slice('/hooks/'.length), {
      method: req.method ?? '',
      url: sentTo,
      headers: req.headers,
      body,
    });
    try {
      return { status: 200, body: `verified: ${await verify({ req, body, url: sentTo })}` };
    } catch (error) {
      return {
        status: 401,
        body: `refused: ${isStintError(error) ? `${error.code}: ` : ''}${(error as Error).message}`,
      };
    }
  });
  base = server.url;
  return server;
}
