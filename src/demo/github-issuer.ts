import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { github } from '../providers/github.js';
import type { Claims } from '../providers/types.js';

/**
 * A local OIDC issuer shaped exactly like GitHub Actions': the same discovery document, JWKS,
 * RS256 keys with `kid`/`x5t`, claim set, and the runner's token request protocol
 * (`GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with `Authorization: Bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answering `{"value": "<jwt>"}`).
 *
 * Used by `stint demo` and by the tests; it listens on loopback only.
 *
 * @example
 * const issuer = await startGithubIssuer();
 * process.env.ACTIONS_ID_TOKEN_REQUEST_URL = issuer.requestUrl;
 * process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = issuer.requestToken;
 * const jwt = await issuer.mint({ aud: 'https://stint.example.com' });
 * await issuer.stop();
 */
export interface GithubIssuer {
  /** `iss` of its tokens, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** What a runner puts in ACTIONS_ID_TOKEN_REQUEST_URL (already has a query string). */
  readonly requestUrl: string;
  /** What a runner puts in ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string;
  /** The claims every token carries unless overridden (a push to main of acme/warehouse). */
  readonly defaults: Claims;
  /** How many ID tokens the runner protocol handed out, and JWKS fetches served. */
  readonly counts: { tokenRequests: number; jwksRequests: number; discoveryRequests: number };
  /** Signs a token with the issuer's key. `claims` override the defaults; `undefined` removes one. */
  mint(claims?: Claims, options?: MintOptions): Promise<string>;
  /** Claims used by the runner protocol for later requests (merged over the defaults). */
  setRunnerClaims(claims: Claims): void;
  /** The next `count` runner token requests answer with `status` (to test retries). */
  failTokenRequests(count: number, status: number): void;
  /** A second key that is published in no JWKS, for forgery tests. */
  readonly rogueKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly kid: string;
  stop(): Promise<void>;
}

export interface MintOptions {
  /** Extra or replacement protected-header fields (e.g. jku, x5c, crit). */
  header?: Record<string, unknown>;
  /** Sign with this key instead of the published one. */
  key?: CryptoKey | Uint8Array;
  alg?: string;
}

export interface IssuerOptions {
  host?: string;
  port?: number;
  /** Token lifetime; GitHub's are ~5 minutes after issue plus a short nbf skew. */
  lifetimeSeconds?: number;
  now?: () => number;
}

export async function startGithubIssuer(options: IssuerOptions = {}): Promise<GithubIssuer> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const lifetime = options.lifetimeSeconds ?? 300;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const rogue = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(20).toString('hex').toUpperCase();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig', x5t: kid.slice(0, 27) };
  const requestToken = randomBytes(32).toString('base64url');
  const counts = { tokenRequests: 0, jwksRequests: 0, discoveryRequests: 0 };
  let runnerClaims: Claims = {};
  let failures: { count: number; status: number } = { count: 0, status: 500 };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { message: 'internal error' }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  // github.ts's documented example: a push to main of acme/warehouse, with GitHub's default audience.
  const defaults = github.claims.example(url, github.claims.defaultAudience?.(url) ?? url);

  async function mint(claims: Claims = {}, mintOptions: MintOptions = {}): Promise<string> {
    const issuedAt = Math.floor(now() / 1000);
    const payload: Claims = {
      jti: randomUUID(),
      ...defaults,
      nbf: issuedAt - 5,
      iat: issuedAt,
      exp: issuedAt + lifetime,
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    const alg = mintOptions.alg ?? 'RS256';
    return new SignJWT(payload as JWTPayload)
      .setProtectedHeader({ typ: 'JWT', alg, x5t: publicJwk.x5t, kid, ...mintOptions.header })
      .sign(mintOptions.key ?? privateKey);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requested = new URL(req.url ?? '/', url);
    if (req.method !== 'GET') return send(res, 405, { message: 'method not allowed' });
    switch (requested.pathname) {
      case '/.well-known/openid-configuration':
        counts.discoveryRequests++;
        return send(res, 200, discovery(url));
      case '/.well-known/jwks':
        counts.jwksRequests++;
        return send(res, 200, { keys: [publicJwk] });
      case '/_apis/distributedtask/idtoken': {
        if (req.headers.authorization !== `Bearer ${requestToken}`)
          return send(res, 401, { message: 'Bad credentials' });
        if (failures.count > 0) {
          failures.count--;
          return send(res, failures.status, { message: 'injected failure' });
        }
        counts.tokenRequests++;
        const audience = requested.searchParams.get('audience') ?? defaults.aud;
        return send(res, 200, { value: await mint({ ...runnerClaims, aud: audience }) });
      }
      default:
        return send(res, 404, { message: 'not found' });
    }
  }

  return {
    url,
    requestUrl: `${url}/_apis/distributedtask/idtoken?api-version=2.0`,
    requestToken,
    defaults,
    counts,
    mint,
    setRunnerClaims(claims) {
      runnerClaims = claims;
    },
    failTokenRequests(count, status) {
      failures = { count, status };
    },
    rogueKey: rogue.privateKey,
    publicJwk,
    kid,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** GitHub's discovery document, with this issuer's URLs. */
function discovery(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks`,
    subject_types_supported: ['public', 'pairwise'],
    response_types_supported: ['id_token'],
    claims_supported: [
      'sub',
      'aud',
      'exp',
      'iat',
      'iss',
      'jti',
      'nbf',
      'ref',
      'sha',
      'repository',
      'repository_id',
      'repository_owner',
      'repository_owner_id',
      'enterprise',
      'enterprise_id',
      'run_id',
      'run_number',
      'run_attempt',
      'actor',
      'actor_id',
      'workflow',
      'workflow_ref',
      'workflow_sha',
      'head_ref',
      'base_ref',
      'event_name',
      'ref_type',
      'ref_protected',
      'environment',
      'environment_node_id',
      'job_workflow_ref',
      'job_workflow_sha',
      'repository_visibility',
      'runner_environment',
      'issuer_scope',
    ],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
  };
}
