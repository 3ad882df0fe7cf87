import { constants, createHmac, type KeyObject, sign } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { strictBase64 } from '../lib/strict-base64.js';
import {
  contentDigest,
  messageParts,
  type SignatureParams,
  serializeSignatureParams,
  signatureBase,
} from './http-signature-base.js';
import { readPrivateKey } from './profiles.js';
import type { HttpSignatureAlg, HttpSignatureProfile, SignableRequest, SignDeps } from './types.js';

/**
 * RFC 9421 HTTP Message Signatures for one request: `Signature-Input` and `Signature` (and
 * `Content-Digest` per RFC 9530 when the components cover it), signed with the newest key.
 *
 * @example
 * httpSignatureHeaders(profile, { method: 'POST', url: 'https://api.example.com/deploy', headers: {}, body }, deps)
 * // → { 'Content-Digest': 'sha-256=:…:', 'Signature-Input': 'sig1=("@method" …);created=…;alg="ed25519";keyid="ci"', 'Signature': 'sig1=:…:' }
 */
export function httpSignatureHeaders(
  profile: HttpSignatureProfile,
  request: SignableRequest,
  deps: SignDeps,
): Record<string, string> {
  const added: Record<string, string> = {};
  const headers: [string, string][] = Object.entries(request.headers).filter(
    ([name]) => name.toLowerCase() !== 'content-digest',
  );
  if (profile.components.includes('content-digest')) {
    added['Content-Digest'] = contentDigest(profile.digest, request.body);
    headers.push(['Content-Digest', added['Content-Digest']]);
  } else {
    const given = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-digest');
    if (given) headers.push(given);
  }
  const created = Math.floor(deps.now() / 1000);
  const params: SignatureParams = {
    ...(profile.includeCreated ? { created } : {}),
    ...(profile.expires === undefined ? {} : { expires: created + profile.expires }),
    ...(profile.nonce ? { nonce: deps.randomBytes(16).toString('base64url') } : {}),
    ...(profile.includeAlg ? { alg: profile.alg } : {}),
    ...(profile.keyid === undefined ? {} : { keyid: profile.keyid }),
    ...(profile.tag === undefined ? {} : { tag: profile.tag }),
  };
  const signatureParams = serializeSignatureParams(profile.components, params);
  const base = signatureBase(profile.components, signatureParams, messageParts(request.method, request.url, headers));
  const signature = signBase(profile.alg, signingKey(profile), Buffer.from(base));
  added['Signature-Input'] = `${profile.label}=${signatureParams}`;
  added.Signature = `${profile.label}=:${signature.toString('base64')}:`;
  return added;
}

/** The derived components (RFC 9421 §2.2) that cover a request's query. */
const QUERY_COMPONENTS = ['@query', '@target-uri', '@request-target'];

/**
 * A warning when `url` has a query the profile's components do not cover: the default
 * components (`@method @authority @path content-digest`) leave it unsigned, so whoever sees the
 * request can send it again, within its age, with another query. Undefined otherwise.
 *
 * @example
 * uncoveredQuery(profile, 'https://api.example.com/deploy?env=prod') // 'profile "deploy-api" does not sign the query …'
 */
export function uncoveredQuery(profile: HttpSignatureProfile, url: string): string | undefined {
  if (!URL.canParse(url) || new URL(url).search === '') return undefined;
  if (profile.components.some((component) => QUERY_COMPONENTS.includes(component))) return undefined;
  return `profile "${profile.name}" does not sign the query of this URL (its components: ${profile.components.join(' ')}): whoever sees the request can send it again with another query until it is too old; add @query to the profile's components, and require it on the server`;
}

/** Signs the base with an RFC 9421 §3.3 algorithm; ECDSA as raw r||s (IEEE P1363), not DER. */
export function signBase(alg: HttpSignatureAlg, key: KeyObject | Buffer, base: Buffer): Buffer {
  switch (alg) {
    case 'hmac-sha256':
      return createHmac('sha256', key).update(base).digest();
    case 'ed25519':
      return sign(null, base, key as KeyObject);
    case 'ecdsa-p256-sha256':
      return sign('sha256', base, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
    case 'rsa-pss-sha512':
      return sign('sha512', base, { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 });
    case 'rsa-v1_5-sha256':
      return sign('sha256', base, { key: key as KeyObject, padding: constants.RSA_PKCS1_PADDING });
  }
}

// Parsing a PEM costs more than an Ed25519 signature; keep each profile's parsed key.
const keyCache = new WeakMap<HttpSignatureProfile, KeyObject | Buffer>();

function signingKey(profile: HttpSignatureProfile): KeyObject | Buffer {
  let key = keyCache.get(profile);
  if (key === undefined) {
    const text = profile.keys[0] as string;
    key = profile.alg === 'hmac-sha256' ? symmetricKey(profile, text) : readPrivateKey(text);
    keyCache.set(profile, key);
  }
  return key;
}

/** The HMAC key's bytes; base64 strictly (the profile's parser refused any other), never skipping what is not base64. */
function symmetricKey(profile: HttpSignatureProfile, text: string): Buffer {
  if (profile.keyEncoding === 'utf8') return Buffer.from(text, 'utf8');
  const key = strictBase64(text);
  if (key === undefined)
    throw new StintError(
      'ERR_SIGNING_CONFIG',
      `signing profile "${profile.name}": its key is not base64 (key_encoding: base64); check the variable it comes from`,
    );
  return key;
}
