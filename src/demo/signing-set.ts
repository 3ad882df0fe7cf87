import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HmacFormat } from '../signing/types.js';
import { bytesEqual } from '../verify/headers.js';
import { type VerifyHmacWebhookOptions, verifyHmacWebhook, verifyHttpSignature, verifyJwt } from '../verify/index.js';
import { bearerToken } from './local-server.js';

/** How the receiver checks one profile's request; resolves to what it verified, throws a StintError when refused. */
export type Verifier = (request: { req: IncomingMessage; body: Buffer; url: string }) => Promise<string> | string;

export interface DemoProfile {
  name: string;
  /** Its type and options, for the progress line. */
  describe: string;
  /** The receiver side; absent for mtls, which the TLS handshake checks. */
  verify?: Verifier;
}

export interface SigningSet {
  /** The action's `signing` input (JSON, which is YAML): inline secrets, as a workflow passes them from `secrets.*`. */
  input: string;
  profiles: DemoProfile[];
  /** Every secret and private key in it, for the demo's redaction and its tests. */
  secrets: string[];
}

export interface SigningSetOptions {
  oauth: {
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    issued(token: string): { clientId: string; scope: string } | undefined;
  };
  /** The certificate of the HTTPS server the mtls profile talks to. */
  serverCaPem: string;
}

const secret = (): string => randomBytes(24).toString('base64url');
const pem = (key: import('node:crypto').KeyObject, type: 'pkcs8' | 'spki'): string =>
  key.export({ type, format: 'pem' }) as string;

/**
 * One profile per signing type and format, with fresh secrets and keys, and the verifier from
 * `src/verify/` that the receiving side would run for each.
 */
export function makeSigningSet(options: SigningSetOptions): SigningSet {
  const hmac = { github: secret(), stripe: `whsec_${secret()}`, slack: secret(), generic: secret() };
  const standardWebhooks = `whsec_${randomBytes(24).toString('base64')}`;
  const httpSigHmac = secret();
  const ed25519 = generateKeyPairSync('ed25519');
  const jwtKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed25519Pem = pem(ed25519.privateKey, 'pkcs8');
  const jwtKeyPem = pem(jwtKey.privateKey, 'pkcs8');
  const bearer = `demo_static_${secret()}`;
  const seenJti = new Set<string>();

  const hmacVerifier =
    (format: HmacFormat, secretValue: string, extra: Partial<VerifyHmacWebhookOptions> = {}): Verifier =>
    ({ req, body }) => {
      const result = verifyHmacWebhook({ format, secrets: [secretValue], headers: req.headers, body, ...extra });
      return `verifyHmacWebhook (${format})${result.timestamp === undefined ? '' : ', timestamp fresh'}`;
    };

  const map: Record<string, Record<string, unknown>> = {
    'github-webhook': { type: 'hmac', format: 'github', secret: hmac.github },
    'standard-webhook': { type: 'hmac', format: 'standard-webhooks', secret: standardWebhooks },
    'stripe-webhook': { type: 'hmac', format: 'stripe', secret: hmac.stripe },
    'slack-webhook': { type: 'hmac', format: 'slack', secret: hmac.slack },
    'generic-webhook': {
      type: 'hmac',
      format: 'generic',
      secret: hmac.generic,
      header: 'X-Demo-Signature',
      algorithm: 'sha512',
      encoding: 'base64',
      prefix: 'sha512=',
      timestamp_header: 'X-Demo-Timestamp',
    },
    'httpsig-ed25519': { type: 'http-signature', alg: 'ed25519', keyid: 'demo-ed25519', key: ed25519Pem },
    'httpsig-hmac': { type: 'http-signature', alg: 'hmac-sha256', keyid: 'demo-hmac', key: httpSigHmac },
    'service-jwt': {
      type: 'jwt',
      alg: 'ES256',
      claims: { iss: 'acme-ci', aud: 'deploy-api' },
      ttl: '60s',
      key: jwtKeyPem,
    },
    'static-bearer': { type: 'bearer', token: bearer },
    'partner-oauth2': {
      type: 'oauth2',
      token_url: options.oauth.tokenUrl,
      client_id: options.oauth.clientId,
      client_secret: options.oauth.clientSecret,
      scope: ['deploy'],
    },
    'internal-mtls': { type: 'mtls', source: 'ephemeral', server_ca: options.serverCaPem },
  };

  const httpSignatureKeys = {
    'demo-ed25519': { alg: 'ed25519' as const, key: pem(ed25519.publicKey, 'spki') },
    'demo-hmac': { alg: 'hmac-sha256' as const, key: httpSigHmac },
  };
  const verifyHttpSig: Verifier = async ({ req, body, url }) => {
    const result = await verifyHttpSignature({
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      body,
      keys: httpSignatureKeys,
    });
    return `verifyHttpSignature (${result.alg}, keyid ${result.keyid ?? '-'}, ${result.components.join(' ')})`;
  };

  const profiles: DemoProfile[] = [
    { name: 'github-webhook', describe: 'hmac, format github', verify: hmacVerifier('github', hmac.github) },
    {
      name: 'standard-webhook',
      describe: 'hmac, format standard-webhooks',
      verify: hmacVerifier('standard-webhooks', standardWebhooks),
    },
    { name: 'stripe-webhook', describe: 'hmac, format stripe', verify: hmacVerifier('stripe', hmac.stripe) },
    { name: 'slack-webhook', describe: 'hmac, format slack', verify: hmacVerifier('slack', hmac.slack) },
    {
      name: 'generic-webhook',
      describe: 'hmac, format generic (sha512, base64, timestamp)',
      verify: hmacVerifier('generic', hmac.generic, {
        header: 'X-Demo-Signature',
        algorithm: 'sha512',
        encoding: 'base64',
        prefix: 'sha512=',
        timestampHeader: 'X-Demo-Timestamp',
      }),
    },
    { name: 'httpsig-ed25519', describe: 'http-signature, alg ed25519', verify: verifyHttpSig },
    { name: 'httpsig-hmac', describe: 'http-signature, alg hmac-sha256', verify: verifyHttpSig },
    {
      name: 'service-jwt',
      describe: 'jwt, alg ES256',
      verify: async ({ req }) => {
        const claims = await verifyJwt(bearerToken(req) ?? '', {
          algorithms: ['ES256'],
          keys: [pem(jwtKey.publicKey, 'spki')],
          issuer: 'acme-ci',
          audience: 'deploy-api',
          seen: (jti) => {
            if (seenJti.has(jti)) return true;
            seenJti.add(jti);
            return false;
          },
        });
        return `verifyJwt (ES256, iss ${String(claims.iss)}, aud ${String(claims.aud)}, fresh jti)`;
      },
    },
    {
      name: 'static-bearer',
      describe: 'bearer, static token',
      verify: ({ req }) => {
        if (!bytesEqual(Buffer.from(bearerToken(req) ?? ''), Buffer.from(bearer)))
          throw new Error('wrong bearer token');
        return 'bearer token matches (constant-time)';
      },
    },
    {
      name: 'partner-oauth2',
      describe: 'oauth2, client credentials (client_secret_basic)',
      verify: ({ req }) => {
        const grant = options.oauth.issued(bearerToken(req) ?? '');
        if (grant === undefined) throw new Error('not a token of the local OAuth server');
        return `access token issued by the local OAuth server to ${grant.clientId} (scope ${grant.scope})`;
      },
    },
    { name: 'internal-mtls', describe: 'mtls, source ephemeral (certificate from the broker CA)' },
  ];

  return {
    input: JSON.stringify(map, null, 2),
    profiles,
    secrets: [
      ...Object.values(hmac),
      standardWebhooks,
      httpSigHmac,
      ed25519Pem,
      jwtKeyPem,
      bearer,
      options.oauth.clientSecret,
    ],
  };
}
