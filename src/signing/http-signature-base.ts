import { createHash } from 'node:crypto';
import { StintError } from '../lib/errors.js';

/**
 * The parts of RFC 9421 shared by the signer and the verifier: component values (§2.1, §2.2), the
 * signature base (§2.5), the serialisation of `@signature-params` as an RFC 8941 inner list, and
 * RFC 9530 `Content-Digest`. Both sides build the base with this one function, so they cannot
 * drift apart.
 */

/** Signature parameters in the order they are serialised. */
export interface SignatureParams {
  created?: number;
  expires?: number;
  nonce?: string;
  alg?: string;
  keyid?: string;
  tag?: string;
}

const PARAM_ORDER = ['created', 'expires', 'nonce', 'alg', 'keyid', 'tag'] as const;

/** An RFC 8941 sf-string: quoted, with `"` and `\` escaped. Callers ensure printable ASCII. */
export function sfString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `("@method" "@path");created=1;keyid="k"`: the `@signature-params` value and the Signature-Input member. */
export function serializeSignatureParams(components: readonly string[], params: SignatureParams): string {
  let text = `(${components.map(sfString).join(' ')})`;
  for (const name of PARAM_ORDER) {
    const value = params[name];
    if (value === undefined) continue;
    text += `;${name}=${typeof value === 'number' ? String(value) : sfString(value)}`;
  }
  return text;
}

/** The message as the base needs it: header names lowercased, repeated fields as separate values. */
export interface MessageParts {
  method: string;
  /** The parsed URL, for `@authority` and `@scheme` (whose RFC 9421 values are normalised). */
  url: URL;
  /** The request target as sent, for `@path`, `@query`, `@request-target` and `@target-uri`. */
  target: RequestTarget;
  headers: Map<string, string[]>;
}

/** The path and query of a request exactly as written on the request line (never decoded or resolved). */
export interface RequestTarget {
  /** `/a/b`; an empty path is `/` (RFC 9421 §2.2.6). */
  path: string;
  /** `?x=1`, or '' when the URL has no `?`. */
  query: string;
}

/**
 * The path and query of an absolute URL as written, before any decoding or normalisation.
 *
 * RFC 9421 §2.2.6 and §2.2.7 take `@path` and `@query` "before decoding any percent-encoded
 * octets" (the simple string comparison of RFC 3986 §6.2.1); only an empty path becomes `/`.
 * WHATWG `URL.pathname` is not that: it decodes `%2e`, turns `\` into `/` and removes `..`
 * segments, so `/admin/%2e%2e/public/status` would give the `@path` of `/public/status` while a
 * router runs the `/admin/*` handler for it. The authority ends at the first `/`, `?`, `#` or
 * `\`, as it does for WHATWG's special schemes.
 */
export function requestTarget(url: string): RequestTarget {
  const afterScheme = url.indexOf('://');
  const authorityStart = afterScheme === -1 ? 0 : afterScheme + 3;
  let end = url.indexOf('#', authorityStart);
  if (end === -1) end = url.length;
  let pathStart = authorityStart;
  while (pathStart < end && !'/?\\'.includes(url[pathStart] as string)) pathStart++;
  const queryStart = url.indexOf('?', pathStart);
  const pathEnd = queryStart === -1 || queryStart > end ? end : queryStart;
  const path = url.slice(pathStart, pathEnd);
  return { path: path === '' ? '/' : path, query: pathEnd === end ? '' : url.slice(pathEnd, end) };
}

export function messageParts(
  method: string,
  url: string,
  headers: Iterable<[string, string | string[] | undefined]>,
): MessageParts {
  const map = new Map<string, string[]>();
  for (const [name, value] of headers) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const list = map.get(key) ?? [];
    list.push(...(Array.isArray(value) ? value : [value]));
    map.set(key, list);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StintError('ERR_SIGNING_REQUEST', `the URL is not absolute (scheme://host/path): ${url.split('?')[0]}`);
  }
  // What is signed must be what is sent. An HTTP client (stint request's, curl, fetch) rewrites
  // some URLs before sending them (dot-segments resolved, `\` as `/`, spaces and quotes escaped),
  // and not all in the same way; such a URL is refused here, naming the form to write instead.
  const target = requestTarget(url);
  // What goes on the wire: the path and query as the URL parser leaves them (a bare `?` dropped).
  const sent = requestTarget(`${parsed.origin}${parsed.pathname}${parsed.search}`);
  if (target.path !== sent.path || target.query !== sent.query)
    throw new StintError(
      'ERR_SIGNING_REQUEST',
      `the URL's path or query is not written as it is sent (dot-segments, backslashes and characters that must be escaped are rewritten by HTTP clients, so the signature would not match); write it as it is sent: ${parsed.origin}${sent.path}${sent.query === '' ? '' : '?…'}`,
    );
  return { method, url: parsed, target, headers: map };
}

/** The value of one covered component (RFC 9421 §2.1 fields, §2.2 derived components). */
export function componentValue(component: string, message: MessageParts): string {
  const { url, target } = message;
  switch (component) {
    case '@method':
      return message.method;
    case '@target-uri':
      // The scheme and authority normalised as below; the path and query as sent.
      return `${url.protocol}//${url.host}${target.path}${target.query}`;
    case '@authority':
      // URL.host is lowercase and omits the scheme's default port, as §2.2.3 asks.
      return url.host;
    case '@scheme':
      return url.protocol.slice(0, -1).toLowerCase();
    case '@request-target':
      return `${target.path}${target.query}`;
    case '@path':
      return target.path;
    case '@query':
      return target.query === '' ? '?' : target.query;
  }
  const values = message.headers.get(component);
  if (values === undefined) {
    throw new StintError(
      'ERR_SIGNATURE_COMPONENT_MISSING',
      `the request has no ${component} header, which the signature covers`,
    );
  }
  // §2.1: each field line's value trimmed, then joined with ", ".
  return values.map((v) => v.trim().replace(/\r?\n[ \t]*/g, ' ')).join(', ');
}

/**
 * The signature base (§2.5): one line per component, then `"@signature-params"` with the
 * serialised inner list (`serializeSignatureParams` for the signer; the verifier re-serialises
 * what it received, keeping its parameter order). No final newline.
 */
export function signatureBase(components: readonly string[], signatureParams: string, message: MessageParts): string {
  const lines = components.map((component) => `${sfString(component)}: ${componentValue(component, message)}`);
  lines.push(`"@signature-params": ${signatureParams}`);
  return lines.join('\n');
}

/** RFC 9530 `Content-Digest` value for `body`, e.g. `sha-256=:X48E9q…=:`. */
export function contentDigest(algorithm: 'sha-256' | 'sha-512', body: Buffer): string {
  return `${algorithm}=:${digestOf(algorithm, body).toString('base64')}:`;
}

export function digestOf(algorithm: 'sha-256' | 'sha-512', body: Buffer): Buffer {
  return createHash(algorithm === 'sha-256' ? 'sha256' : 'sha512')
    .update(body)
    .digest();
}
