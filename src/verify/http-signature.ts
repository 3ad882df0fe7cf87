import { constants, createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { signBase } from '../signing/http-signature.js';
import { digestOf, type MessageParts, requestTarget, signatureBase } from '../signing/http-signature-base.js';
import { DEFAULT_COMPONENTS } from '../signing/profiles.js';
import { HTTP_SIGNATURE_ALGS, type HttpSignatureAlg } from '../signing/types.js';
import { bytesEqual, type HeadersLike, headerValue } from './headers.js';
import { bodiless, clockSeconds, ONE_DAY, rawBody, secondsOption, unreadBody } from './options.js';
import { type BareItem, isInnerList, type Params, parseDictionary, serializeInnerList } from './structured-fields.js';

/** One key: a public key (PEM, JWK or KeyObject), or the shared secret for hmac-sha256 (string or bytes). */
export type HttpSignatureKeyMaterial = string | Buffer | KeyObject | JsonWebKey;

/**
 * A key a verifier trusts for one `keyid`: the public key, or the shared secret for hmac-sha256;
 * or several, newest first, while a secret or key is rotated under the same keyid
 * (`key: [process.env.NEW, process.env.OLD]`): a signature by any of them passes.
 */
export interface HttpSignatureKey {
  alg: HttpSignatureAlg;
  key: HttpSignatureKeyMaterial | readonly HttpSignatureKeyMaterial[];
}

export interface VerifyHttpSignatureOptions {
  method: string;
  /**
   * The absolute URL the request was sent to: the scheme and host as the sender saw them, then the
   * request target exactly as received (`req.url`), not decoded or resolved. A path with a `.` or
   * `..` segment or a backslash is refused.
   */
  url: string;
  headers: HeadersLike;
  /**
   * The raw body as received (a Buffer, ArrayBuffer or string, never a parsed `req.body`: an
   * object is ERR_VERIFY_CONFIG); needed to check `Content-Digest`. Left out or `undefined`, it is
   * the empty body when the headers say the request has none (no Content-Length or
   * Transfer-Encoding, or Content-Length: 0), as for a GET; otherwise checking `Content-Digest`
   * is ERR_VERIFY_CONFIG.
   */
  body?: Buffer | Uint8Array | ArrayBuffer | string | undefined;
  /** Keys by `keyid`, or a lookup (which may also be given a missing keyid). */
  keys:
    | Record<string, HttpSignatureKey>
    | ((keyid: string | undefined) => HttpSignatureKey | undefined | Promise<HttpSignatureKey | undefined>);
  /** Components the signature must cover (default `@method @authority @path content-digest`). */
  requiredComponents?: readonly string[];
  /** Oldest `created` accepted, in seconds (default 300, at most a day). */
  maxAgeSec?: number;
  /** Allowed clock difference for `created` in the future and `expires` (default 30 s, at most 3600). */
  clockSkewSec?: number;
  /** Which signature label to check (default: the first in `Signature-Input`). */
  label?: string;
  /**
   * Replay protection: called once a signature has passed every other check, with its `nonce`
   * and the unix time until which it could still be accepted (`created` + maxAgeSec + skew, or
   * `expires` + skew if sooner); return true when that nonce was already seen (the verifier then
   * refuses it, ERR_SIGNATURE_REPLAYED). Keep seen nonces until that time. With `seen`, a
   * signature without a nonce is refused (the sender's profile needs `nonce: true`).
   */
  seen?: (nonce: string, keepUntil: number) => boolean | Promise<boolean>;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
}

export interface VerifiedHttpSignature {
  label: string;
  keyid?: string;
  alg: HttpSignatureAlg;
  created: number;
  expires?: number;
  /** The signature's `nonce`, when it has one (profile `nonce: true`), for the receiver's own de-duplication. */
  nonce?: string;
  components: string[];
}

/**
 * Verifies an RFC 9421 HTTP message signature: rebuilds the signature base from the request as
 * received, checks the signature with the key named by `keyid` (its algorithm must match the
 * signature's `alg`), its age (`created`, `expires`), that it covers the required components, and
 * the RFC 9530 `Content-Digest` against the body. Throws StintError ERR_SIGNATURE_MISSING,
 * ERR_SIGNATURE_MALFORMED, ERR_SIGNATURE_KEY_UNKNOWN, ERR_SIGNATURE_INVALID, ERR_SIGNATURE_EXPIRED or
 * ERR_DIGEST_MISMATCH.
 *
 * @example
 * await verifyHttpSignature({ method: req.method, url: `https://api.example.com${req.url}`, headers: req.headers, body,
 *   keys: { 'ci-deploy': { alg: 'ed25519', key: publicKeyPem } } });
 */
export async function verifyHttpSignature(options: VerifyHttpSignatureOptions): Promise<VerifiedHttpSignature> {
  // Checked first: a NaN age (an unset variable) must refuse every request, not skip the check.
  const maxAge = secondsOption(options.maxAgeSec, 300, 'verifyHttpSignature: maxAgeSec', [0, ONE_DAY]);
  const skew = secondsOption(options.clockSkewSec, 30, 'verifyHttpSignature: clockSkewSec', [0, 3600]);
  const inputHeader = headerValue(options.headers, 'Signature-Input');
  const signatureHeader = headerValue(options.headers, 'Signature');
  if (inputHeader === undefined || signatureHeader === undefined) {
    throw new StintError('ERR_SIGNATURE_MISSING', 'the request has no Signature-Input and Signature headers');
  }
  // A parsed body (express.json()'s req.body) is a set-up bug, whether or not a digest is checked;
  // looked at once the request is signed, so a request without a signature is ERR_SIGNATURE_MISSING
  // (401), never the set-up alarm. An undefined body of a request that has one stays undefined:
  // ERR_VERIFY_CONFIG if the digest is to be checked.
  const body =
    options.body === undefined && !bodiless(options.headers)
      ? undefined
      : rawBody(options.body, 'verifyHttpSignature', options.headers);
  const inputs = parseDictionary(inputHeader, 'Signature-Input');
  const signatures = parseDictionary(signatureHeader, 'Signature');
  const label = options.label ?? [...inputs.keys()][0];
  const input = label === undefined ? undefined : inputs.get(label);
  const signatureMember = label === undefined ? undefined : signatures.get(label);
  if (label === undefined || input === undefined || signatureMember === undefined) {
    throw new StintError(
      'ERR_SIGNATURE_MISSING',
      `no signature labelled ${label ?? '(none)'} in both Signature-Input and Signature`,
    );
  }
  if (!isInnerList(input) || isInnerList(signatureMember) || !Buffer.isBuffer(signatureMember.value)) {
    throw new StintError(
      'ERR_SIGNATURE_MALFORMED',
      `signature ${label}: Signature-Input must be an inner list and Signature a byte sequence`,
    );
  }
  const components = input.items.map((item) => {
    if (typeof item.value !== 'string' || item.params.size > 0) {
      throw new StintError(
        'ERR_SIGNATURE_MALFORMED',
        `signature ${label}: only plain component names are supported, got ${serializeInnerList({ items: [item], params: new Map() })}`,
      );
    }
    return item.value;
  });
  // RFC 9421 §2.5: a base with a component listed twice MUST fail; otherwise a signature over
  // one list could be presented as covering another.
  // One pass with a Set: a find/indexOf pair is quadratic in a list the client writes.
  const listed = new Set<string>();
  const repeated = components.find((c) => listed.size === listed.add(c).size);
  if (repeated !== undefined)
    throw new StintError(
      'ERR_SIGNATURE_MALFORMED',
      `signature ${label}: component ${JSON.stringify(repeated)} is listed twice`,
    );
  const missing = (options.requiredComponents ?? DEFAULT_COMPONENTS).filter((c) => !covers(components, c));
  if (missing.length > 0)
    throw new StintError('ERR_SIGNATURE_INVALID', `signature ${label} does not cover ${missing.join(', ')}`);

  const keyid = stringParam(input.params, 'keyid', label);
  // Own keys only: a keyid such as "constructor" or "__proto__" must not find Object's members.
  const key =
    typeof options.keys === 'function'
      ? await options.keys(keyid)
      : keyid === undefined || !Object.hasOwn(options.keys, keyid)
        ? undefined
        : options.keys[keyid];
  if (key === undefined)
    throw new StintError(
      'ERR_SIGNATURE_KEY_UNKNOWN',
      `signature ${label}: no key for keyid ${keyid === undefined ? '(none given)' : JSON.stringify(keyid)}`,
    );
  if (!(HTTP_SIGNATURE_ALGS as readonly string[]).includes(key.alg))
    throw new StintError('ERR_VERIFY_CONFIG', `unsupported alg ${key.alg} for keyid ${keyid}`);
  const materials = keyMaterials(key, keyid);
  const alg = stringParam(input.params, 'alg', label);
  // The key decides the algorithm; a signature claiming another one is refused (no algorithm confusion).
  if (alg !== undefined && alg !== key.alg)
    throw new StintError('ERR_SIGNATURE_INVALID', `signature ${label}: alg ${alg} does not match the key's ${key.alg}`);

  if (typeof options.url !== 'string')
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      'verifyHttpSignature needs the URL as a string built from the request target as received (a URL object has already resolved its path)',
    );
  if (!URL.canParse(options.url))
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      'verifyHttpSignature needs the absolute URL the client used (scheme://host/path?query)',
    );
  // @path, @query and @request-target are the request target as received, never decoded or
  // resolved (RFC 9421 §2.2.6, §2.2.7): a signature over /public/status must not pass for
  // /admin/%2e%2e/public/status, which a router may send to its /admin handler.
  const target = requestTarget(options.url);
  if (hasAmbiguousSegments(target.path))
    throw new StintError(
      'ERR_SIGNATURE_INVALID',
      `the request path ${JSON.stringify(target.path.slice(0, 200))} has a dot-segment (. or .., also as %2e) or a backslash, which servers and routers resolve differently; no signature is accepted for it`,
    );
  const message: MessageParts = { method: options.method, url: new URL(options.url), target, headers: new Map() };
  for (const component of components) {
    if (component.startsWith('@')) continue;
    const value = headerValue(options.headers, component);
    if (value !== undefined) message.headers.set(component, [value]);
  }
  let base: string;
  try {
    base = signatureBase(components, serializeInnerList(input), message);
  } catch (error) {
    if (error instanceof StintError && error.code === 'ERR_SIGNATURE_COMPONENT_MISSING')
      throw new StintError('ERR_SIGNATURE_INVALID', `signature ${label}: ${error.message}`);
    throw error;
  }
  if (!verifyBase(key.alg, materials, Buffer.from(base), signatureMember.value)) {
    throw new StintError(
      'ERR_SIGNATURE_INVALID',
      `signature ${label} does not verify with key ${keyid === undefined ? '(lookup)' : JSON.stringify(keyid)}`,
    );
  }

  const now = clockSeconds(options.now, 'verifyHttpSignature');
  const created = numberParam(input.params, 'created', label);
  const expires = numberParam(input.params, 'expires', label);
  if (created === undefined)
    throw new StintError(
      'ERR_SIGNATURE_INVALID',
      `signature ${label} has no created parameter, so its age cannot be checked`,
    );
  if (created > now + skew)
    throw new StintError(
      'ERR_SIGNATURE_INVALID',
      `signature ${label} was created ${created - now} s in the future (clock out of sync?)`,
    );
  if (now - created > maxAge)
    throw new StintError(
      'ERR_SIGNATURE_EXPIRED',
      `signature ${label} was created ${now - created} s ago, more than the ${maxAge} s allowed (a replay?)`,
    );
  if (expires !== undefined && now > expires + skew)
    throw new StintError('ERR_SIGNATURE_EXPIRED', `signature ${label} expired ${now - expires} s ago`);

  if (components.includes('content-digest')) checkContentDigest(options.headers, body);
  const nonce = stringParam(input.params, 'nonce', label);
  if (options.seen !== undefined) {
    // Last, so only a signature that passed everything else can fill the receiver's store.
    if (nonce === undefined)
      throw new StintError(
        'ERR_SIGNATURE_INVALID',
        `signature ${label} has no nonce, so a replay cannot be detected (the sender's profile needs nonce: true)`,
      );
    const keepUntil = Math.min(
      created + maxAge + skew,
      expires === undefined ? Number.POSITIVE_INFINITY : expires + skew,
    );
    if (await options.seen(nonce, keepUntil))
      throw new StintError('ERR_SIGNATURE_REPLAYED', `signature ${label} was already used (same nonce)`);
  }
  return {
    label,
    alg: key.alg,
    created,
    components,
    ...(keyid === undefined ? {} : { keyid }),
    ...(expires === undefined ? {} : { expires }),
    ...(nonce === undefined ? {} : { nonce }),
  };
}

/**
 * A `.` or `..` segment (literal or percent-encoded) or a backslash. An HTTP client resolves them
 * before sending, so a request that still has one was written by hand; the signer never signs such
 * a path (src/signing/http-signature-base.ts), and refusing it here means what the signature
 * names and what the router runs cannot differ by a path resolution.
 */
function hasAmbiguousSegments(path: string): boolean {
  if (path.includes('\\') || /%5c/i.test(path)) return true;
  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

function stringParam(params: Params, name: string, label: string): string | undefined {
  const value = params.get(name);
  if (value !== undefined && typeof value !== 'string')
    throw new StintError('ERR_SIGNATURE_MALFORMED', `signature ${label}: ${name} must be a string`);
  return value;
}

function numberParam(params: Params, name: string, label: string): number | undefined {
  const value = params.get(name);
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value)))
    throw new StintError('ERR_SIGNATURE_MALFORMED', `signature ${label}: ${name} must be an integer`);
  return value;
}

/**
 * The keys for one keyid, read before any signature is checked: a missing one (an unset
 * variable), an empty secret or a public key Node cannot read is ERR_VERIFY_CONFIG naming it,
 * never a raw TypeError nor a refusal that looks like the client's fault.
 */
function keyMaterials(key: HttpSignatureKey, keyid: string | undefined): (Buffer | KeyObject)[] {
  const list: readonly unknown[] = Array.isArray(key.key) ? key.key : [key.key];
  const named = keyid === undefined ? 'the key found by the lookup' : `the key for keyid ${JSON.stringify(keyid)}`;
  if (list.length === 0) throw new StintError('ERR_VERIFY_CONFIG', `${named} is an empty list`);
  return list.map((material, i) => {
    const name = list.length === 1 && !Array.isArray(key.key) ? named : `${named} [${i}]`;
    if (material === undefined || material === null)
      throw new StintError('ERR_VERIFY_CONFIG', `${name} is ${String(material)}: check the variable it comes from`);
    if (key.alg === 'hmac-sha256') {
      if (typeof material === 'object' && 'type' in material && (material as KeyObject).type === 'secret')
        return material as KeyObject;
      if (typeof material !== 'string' && !Buffer.isBuffer(material))
        throw new StintError('ERR_VERIFY_CONFIG', `${name} must be the shared secret (a string or bytes)`);
      const secret = typeof material === 'string' ? Buffer.from(material) : material;
      if (secret.length === 0)
        throw new StintError('ERR_VERIFY_CONFIG', `${name} is empty: check the variable it comes from`);
      return secret;
    }
    try {
      return toPublicKey(material as HttpSignatureKeyMaterial);
    } catch (error) {
      throw new StintError(
        'ERR_VERIFY_CONFIG',
        `${name} is not a public key Node can read: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  });
}

function verifyBase(
  alg: HttpSignatureAlg,
  keys: readonly (Buffer | KeyObject)[],
  base: Buffer,
  signature: Buffer,
): boolean {
  if (alg === 'hmac-sha256') {
    // The MAC the signer would have made, by the signer's own function, compared in constant time;
    // every secret is tried (no early exit), so the time taken does not say which one matched.
    let matched = false;
    for (const secret of keys) if (bytesEqual(signBase('hmac-sha256', secret, base), signature)) matched = true;
    return matched;
  }
  return keys.some((key) => verifyWith(alg, key as KeyObject, base, signature));
}

function verifyWith(alg: HttpSignatureAlg, publicKey: KeyObject, base: Buffer, signature: Buffer): boolean {
  switch (alg) {
    case 'ed25519':
      return publicKey.asymmetricKeyType === 'ed25519' && verify(null, base, publicKey, signature);
    case 'ecdsa-p256-sha256':
      return (
        publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1' &&
        verify('sha256', base, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)
      );
    case 'rsa-pss-sha512':
      // Like the others, a key of another type is a failed signature, not an OpenSSL error.
      return (
        (publicKey.asymmetricKeyType === 'rsa' || publicKey.asymmetricKeyType === 'rsa-pss') &&
        verify('sha512', base, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }, signature)
      );
    case 'rsa-v1_5-sha256':
      return (
        publicKey.asymmetricKeyType === 'rsa' &&
        verify('sha256', base, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature)
      );
    case 'hmac-sha256':
      return false;
  }
}

function toPublicKey(key: HttpSignatureKeyMaterial): KeyObject {
  if (typeof key === 'object' && 'type' in key && typeof (key as KeyObject).export === 'function') {
    const object = key as KeyObject;
    return object.type === 'private' ? createPublicKey(object) : object;
  }
  if (typeof key === 'string' && key.trim().startsWith('{')) {
    let jwk: JsonWebKey;
    try {
      jwk = JSON.parse(key) as JsonWebKey;
    } catch {
      // Not V8's message: it quotes the text around the error, which in a private JWK is its `d`.
      throw new Error('it starts with { but is not valid JSON; give a JWK as a JSON object, or a PEM public key');
    }
    return createPublicKey({ key: jwk, format: 'jwk' });
  }
  if (typeof key === 'string' || Buffer.isBuffer(key)) return createPublicKey(key);
  return createPublicKey({ key: key as JsonWebKey, format: 'jwk' });
}

/** RFC 9530: every sha-256 / sha-512 digest given must match the body; at least one must be given. */
function checkContentDigest(headers: HeadersLike, body: Buffer | undefined): void {
  const header = headerValue(headers, 'Content-Digest');
  if (header === undefined) throw new StintError('ERR_DIGEST_MISMATCH', 'the request has no Content-Digest header');
  if (body === undefined)
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `${unreadBody('verifyHttpSignature', headers)} (it is needed to check Content-Digest)`,
    );
  let checked = 0;
  for (const [algorithm, member] of parseDictionary(header, 'Content-Digest')) {
    if (algorithm !== 'sha-256' && algorithm !== 'sha-512') continue;
    const value: BareItem | undefined = isInnerList(member) ? undefined : member.value;
    if (!Buffer.isBuffer(value) || !bytesEqual(digestOf(algorithm, body), value)) {
      throw new StintError('ERR_DIGEST_MISMATCH', `Content-Digest ${algorithm} does not match the body`);
    }
    checked++;
  }
  if (checked === 0) throw new StintError('ERR_DIGEST_MISMATCH', 'Content-Digest has no sha-256 or sha-512 digest');
}

/**
 * Whether the signed components cover `required`: listed itself, or inside a wider component
 * that was signed (`@target-uri` holds the scheme, authority, path and query;
 * `@request-target` the path and query), so a stricter signer is not refused.
 */
function covers(components: readonly string[], required: string): boolean {
  if (components.includes(required)) return true;
  if (['@scheme', '@authority', '@path', '@query'].includes(required) && components.includes('@target-uri'))
    return true;
  return ['@path', '@query'].includes(required) && components.includes('@request-target');
}
