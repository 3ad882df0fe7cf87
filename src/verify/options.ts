import { StintError } from '../lib/errors.js';
import { type HttpClient, httpRequest } from '../lib/http.js';
import { PLAIN_HTTP_ONLY_HERE, sendsInClear } from '../lib/loopback.js';
import { urlForMessage } from '../lib/url-credentials.js';
import { type HeadersLike, headerValue } from './headers.js';

/**
 * A number-of-seconds option, checked before it is used. A tolerance read from an unset
 * environment variable is `Number(undefined)`, NaN, and every comparison with NaN is false: an
 * age check `age > NaN` never refuses, which would turn replay protection off without a word.
 * So anything that is not a finite number within the range is ERR_VERIFY_CONFIG, never a default.
 */
export function secondsOption(
  value: number | undefined,
  fallback: number,
  name: string,
  [min, max]: readonly [number, number],
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `${name} must be a number of seconds from ${min} to ${max}, got ${typeof value === 'number' ? String(value) : typeof value}${Number.isNaN(value) ? ' (Number() of an unset variable?)' : ''}`,
    );
  return value;
}

/** The widest tolerance or age a verifier accepts: beyond a day, a replay check means little. */
export const ONE_DAY = 86_400;

/**
 * A string option a check depends on (the issuer, the audience). `audience:
 * process.env.STINT_AUDIENCE` with the variable unset is undefined, and jose skips a claim check
 * whose expected value is undefined: the verifier would accept every project's tokens. So
 * anything but a non-empty string is ERR_VERIFY_CONFIG naming the option, never "not checked".
 * `fix` says what to give and what passing without it would let through.
 */
export function requiredString(value: unknown, name: string, fix: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new StintError(
    'ERR_VERIFY_CONFIG',
    `${name} is ${describeMissing(value)} (is the variable it comes from set?); ${fix}`,
  );
}

/**
 * An expected claim value (verifyJwt's issuer, audience, subject) that may be left out, but
 * when the option is there it must hold something: `audience: process.env.AUD` with the
 * variable unset would otherwise turn the check off without a word.
 */
export function presentClaimOption(options: object, key: string, name: string): void {
  if (!Object.hasOwn(options, key)) return;
  const value = (options as Record<string, unknown>)[key];
  const values = Array.isArray(value) && value.length > 0 ? value : [value];
  for (const one of values)
    requiredString(one, name, 'give the expected value, or leave the option out to not check that claim');
}

function describeMissing(value: unknown): string {
  if (value === undefined || value === null) return 'missing';
  if (typeof value === 'string') return 'empty';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list, not a string';
  return `a ${typeof value}, not a string`;
}

/**
 * A URL a verifier fetches keys from, or sends its introspection API key to: https, or plain
 * http to this machine (tests, a broker beside the service). Plain http to another machine lets
 * anyone on the path answer in the broker's place: serve their own JWKS, so every token they
 * sign passes, or read the introspection API key. `name` is the option the URL comes from, `use`
 * what is done with it, `risk` what clear text would allow. Anything else is ERR_VERIFY_CONFIG.
 */
export function fetchedUrl(value: string, name: string, use: string, risk: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `${name} ${JSON.stringify(urlForMessage(value))} is not an https URL, and ${use}; give the broker's https URL`,
    );
  if (sendsInClear(url))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `${name} ${url.origin} is plain http to another machine, and ${use}: ${risk}; use the broker's https URL (${PLAIN_HTTP_ONLY_HERE}; for a private CA, start Node with NODE_EXTRA_CA_CERTS=/path/ca.pem)`,
    );
  return url;
}

/**
 * stint/verify's HTTP client (the JWKS and metadata fetches). Inside someone else's service it
 * connects directly, as Node's own http and fetch do, even when HTTPS_PROXY is set (a variable
 * that service may hold for other tools, and that would silently send its key fetches elsewhere);
 * with NODE_USE_ENV_PROXY=1, Node's own switch for honouring the proxy variables, it goes through
 * the proxy they name like the CLI does. docs/signing.md#egress-proxy.
 */
export const verifyHttp: HttpClient = (request) =>
  httpRequest({ ...request, proxy: process.env.NODE_USE_ENV_PROXY === '1' ? 'environment' : 'none' });

/**
 * Whole seconds since the epoch by the receiver's clock (`now`, default Date.now). A clock that
 * gives no finite number (NaN from a bad Date, a string) would turn every age and timestamp check
 * into a comparison with NaN, which is never true: every signature would pass however old. So it
 * is ERR_VERIFY_CONFIG, never a check skipped.
 */
export function clockSeconds(
  now: (() => number) | undefined,
  caller: 'verifyHmacWebhook' | 'verifyHttpSignature',
): number {
  const ms: unknown = (now ?? Date.now)();
  if (typeof ms !== 'number' || !Number.isFinite(ms))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `${caller}: now() must return milliseconds since the epoch as a finite number, got ${typeof ms === 'number' ? String(ms) : `a ${typeof ms}`}; pass a clock like () => Date.now()`,
    );
  return Math.floor(ms / 1000);
}

/**
 * The body as the bytes that were signed. A parsed body (`req.body` after `express.json()`, an
 * object) or a missing one is not them: re-serialising it would not give the signed bytes, and
 * Node would throw a TypeError that a receiver maps to a 401. So anything but a string or bytes
 * (a Buffer, a Uint8Array, an ArrayBuffer such as `await request.arrayBuffer()`) is
 * ERR_VERIFY_CONFIG saying what to pass instead. One exception: `undefined` for a request whose
 * headers say it has no body (see `bodiless`) is the empty body, which is what a body parser
 * leaves for a GET or a POST without one (`express.raw`, Fastify's parsers).
 */
export function rawBody(
  value: unknown,
  caller: 'verifyHmacWebhook' | 'verifyHttpSignature',
  headers: HeadersLike,
): Buffer {
  if (typeof value === 'string') return Buffer.from(value);
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value === undefined && bodiless(headers)) return Buffer.alloc(0);
  if (value === undefined) throw new StintError('ERR_VERIFY_CONFIG', unreadBody(caller, headers));
  const got =
    value === null
      ? 'null'
      : typeof value === 'object'
        ? 'an object (a parsed body, such as req.body after express.json()?)'
        : `a ${typeof value}`;
  throw new StintError(
    'ERR_VERIFY_CONFIG',
    `${caller}: body must be the raw bytes as received (a Buffer, ArrayBuffer or string), got ${got}; pass the raw body, e.g. from express.raw({ type: () => true }), or the bytes read from the request`,
  );
}

/**
 * Whether the request's headers say it has no body, so a body parser rightly left none: no
 * Transfer-Encoding, and Content-Length 0 or none at all. "None at all" counts only for Node's
 * headers of an HTTP/1 request (`req.headers`): in HTTP/2 (pseudo-headers such as `:method`) a
 * body needs no Content-Length, and a fetch `Headers` does not say which protocol it came over,
 * so there only `Content-Length: 0` does. Anything else keeps `undefined` a set-up error.
 */
export function bodiless(headers: HeadersLike): boolean {
  if (headerValue(headers, 'transfer-encoding') !== undefined) return false;
  const length = headerValue(headers, 'content-length');
  if (length !== undefined) return length.trim() === '0';
  if (typeof (headers as { get?: unknown }).get === 'function') return false;
  return !Object.keys(headers).some((name) => name.startsWith(':'));
}

/** Why an undefined body cannot be read as empty: the request has one that nothing read. */
export function unreadBody(caller: 'verifyHmacWebhook' | 'verifyHttpSignature', headers: HeadersLike): string {
  const shown = (name: string): string | undefined => {
    const value = headerValue(headers, name);
    return value === undefined ? undefined : `${name} ${JSON.stringify(value.slice(0, 100))}`;
  };
  const said = ['Content-Length', 'Transfer-Encoding', 'Content-Type'].map(shown).filter((part) => part !== undefined);
  return `${caller}: body is undefined, but the request has one (${said.length > 0 ? said.join(', ') : 'HTTP/2, or headers that do not say'}) that nothing read; pass the raw bytes as received, e.g. from express.raw({ type: () => true }) on the route (with a narrower type, a request of another Content-Type leaves req.body undefined), or the bytes read from the request`;
}
