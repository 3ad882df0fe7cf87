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
  url: URL;
  headers: Map<string, string[]>;
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
  return { method, url: parsed, headers: map };
}

/** The value of one covered component (RFC 9421 §2.1 fields, §2.2 derived components). */
export function componentValue(component: string, message: MessageParts): string {
  const { url } = message;
  switch (component) {
    case '@method':
      return message.method;
    case '@target-uri':
      return url.href;
    case '@authority':
      // URL.host is lowercase and omits the scheme's default port, as §2.2.3 asks.
      return url.host;
    case '@scheme':
      return url.protocol.slice(0, -1).toLowerCase();
    case '@request-target':
      return `${url.pathname || '/'}${url.search}`;
    case '@path':
      return url.pathname || '/';
    case '@query':
      return url.search === '' ? '?' : url.search;
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
