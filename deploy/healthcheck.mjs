// The image's HEALTHCHECK: exit 0 when the broker answers 200 on /livez, else 1. A broker
// that does not serve /livez (it answers 404) is asked /healthz, its readiness, instead.
// Usage: node healthcheck.mjs [BASE_URL]   (default $STINT_HEALTHCHECK_URL or http://127.0.0.1:8080)
// A broker serving TLS itself (--tls-cert/--tls-key): STINT_HEALTHCHECK_URL=https://127.0.0.1:8080.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';

const base = new URL(process.argv[2] ?? process.env.STINT_HEALTHCHECK_URL ?? 'http://127.0.0.1:8080');

/**
 * Whether the URL names a loopback address literally (127.0.0.0/8, ::1), not by a name that a
 * hosts file or DNS could point elsewhere.
 */
function isLoopbackLiteral(url) {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && host === '::1';
}

// Certificate verification is skipped for https on a loopback literal only. The probe sends no
// credential and reads nothing but a status code, from the broker in its own network namespace;
// whoever could answer on that address instead already runs inside the container. Verifying
// would fail anyway: the broker's certificate names its public host, not 127.0.0.1, and its CA
// need not be in the image. Any other https URL is verified as usual (NODE_EXTRA_CA_CERTS adds
// a private CA).
const verify = !(base.protocol === 'https:' && isLoopbackLiteral(base));
const tlsHint =
  base.protocol === 'http:' ? ` (if the broker serves TLS, set STINT_HEALTHCHECK_URL=https://${base.host})` : '';

function statusOf(path) {
  const url = new URL(path, base);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', rejectUnauthorized: verify, timeout: 4000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout: no answer within 4 s')));
    req.on('error', reject);
    req.end();
  });
}

try {
  let path = '/livez';
  let status = await statusOf(path);
  if (status === 404) {
    path = '/healthz';
    status = await statusOf(path);
  }
  // Plain HTTP sent to a broker that serves TLS: it answers 400 (an older broker drops the connection).
  console.log(`stint healthcheck: ${path} answered ${status}${status === 400 ? tlsHint : ''}`);
  process.exitCode = status === 200 ? 0 : 1;
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  const hint = /socket hang up|ECONNRESET/.test(reason) ? tlsHint : '';
  console.log(`stint healthcheck: ${base.href} did not answer: ${reason}${hint}`);
  process.exitCode = 1;
}
