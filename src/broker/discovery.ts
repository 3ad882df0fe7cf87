import type { BrokerConfig } from '../policy/types.js';

/**
 * The broker's discovery document (RFC 8414 / OpenID Connect Discovery fields), so any standard
 * library can find the JWKS that verifies minted tokens and the OAuth endpoints. Only what is
 * true: no `authorization_endpoint` (no grant uses one, RFC 8414 §2), `response_types_supported`
 * empty, and none of the ID-token fields an OpenID Provider's document has, since the broker
 * issues none; validators that insist on them refuse it (docs/broker.md#what-the-discovery-document-is-for-and-who-refuses-it).
 * `algorithms` are those of every published key (current, next and in grace), so a verifier
 * that filters on them keeps accepting tokens signed before `keys.algorithm` was changed.
 * The document is public: it names nothing of the policy beyond the scopes (not the trusted CI
 * providers, whose issuers may be internal hosts or organization IDs).
 */
export function discoveryDocument(config: BrokerConfig, algorithms: string[]): Record<string, unknown> {
  const base = config.issuer.replace(/\/+$/, '');
  const scopes = [...new Set(Object.values(config.projects).flatMap((project) => project.scopes))];
  return {
    issuer: config.issuer,
    jwks_uri: `${base}/.well-known/jwks.json`,
    token_endpoint: `${base}/oauth2/token`,
    revocation_endpoint: `${base}/oauth2/revoke`,
    introspection_endpoint: `${base}/oauth2/introspect`,
    exchange_endpoint: `${base}/auth/oidc/exchange`,
    mtls_ca_endpoint: `${base}/mtls/ca.pem`,
    mtls_certificate_endpoint: `${base}/mtls/certificates`,
    grant_types_supported: ['urn:ietf:params:oauth:grant-type:token-exchange'],
    subject_token_types_supported: [
      'urn:ietf:params:oauth:token-type:id_token',
      'urn:ietf:params:oauth:token-type:jwt',
    ],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    introspection_endpoint_auth_methods_supported: ['bearer'],
    response_types_supported: [],
    scopes_supported: scopes,
    access_token_signing_alg_values_supported: algorithms,
  };
}
