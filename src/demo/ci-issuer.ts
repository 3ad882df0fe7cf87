import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { ciDescriptor, type ProviderKind } from '../providers/index.js';
import type { Claims } from '../providers/types.js';

/**
 * A local OIDC issuer shaped exactly like one CI's, read from that CI's descriptor
 * (src/providers/<ci>.ts): the issuer URL's path (CircleCI's `/org/<id>`, Jenkins' `/oidc`), its
 * discovery document and JWKS where the CI serves them, RS256 keys, the claim set and subject
 * grammar of its documented example token (a push to main of acme/warehouse), and for GitHub the
 * runner's token request protocol (`GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with
 * `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answering `{"value": "<jwt>"}`).
 *
 * Every kind also mints on request at `/_dev/token` (`GET ?audience=A`, or `POST` a JSON object
 * of claims to set, null removing one), behind a bearer secret made at start, answering the JWT
 * as `application/jwt`: what `stint dev issuer` prints how to use, and what a stand-in agent
 * calls. Used by `stint dev issuer`, `stint demo` and the tests; it listens on loopback unless
 * told otherwise.
 *
 * @example
 * const issuer = await startCiIssuer('gitlab', { audience: 'https://stint.example.com' });
 * const jwt = await issuer.mint();                   // what `id_tokens:` would hand the job
 * await issuer.stop();
 */
export interface CiIssuer {
  readonly kind: ProviderKind;
  /** `iss` of its tokens, e.g. http://127.0.0.1:PORT or http://127.0.0.1:PORT/org/<id>. */
  readonly url: string;
  /** Its discovery document's URL and its JWKS URL. */
  readonly discoveryUrl: string;
  readonly jwksUrl: string;
  /** The `aud` tokens carry unless asked for another. */
  readonly audience: string;
  /** The claims every token carries unless overridden (the CI's example token). */
  readonly defaults: Claims;
  /** The subject of those claims, for a trust rule. */
  readonly subject: string;
  /** The mint endpoint (`/_dev/token`) and the bearer secret it wants. */
  readonly mintUrl: string;
  readonly mintSecret: string;
  /** GitHub only: what a runner puts in ACTIONS_ID_TOKEN_REQUEST_URL (already has a query string) and _TOKEN. */
  readonly requestUrl?: string;
  readonly requestToken?: string;
  /** Tokens handed out by the runner protocol and the mint endpoint, and JWKS and discovery fetches served. */
  readonly counts: { tokenRequests: number; minted: number; jwksRequests: number; discoveryRequests: number };
  /** Signs a token with the issuer's key. `claims` override the defaults; `undefined` removes one. */
  mint(claims?: Claims, options?: MintOptions): Promise<string>;
  /** Claims used by the runner protocol and the mint endpoint for later requests (merged over the defaults). */
  setRunnerClaims(claims: Claims): void;
  /** The next `count` token requests (runner protocol or mint endpoint) answer with `status` (to test retries). */
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

export interface CiIssuerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Serve https with this certificate and key (PEM) instead of plain http. */
  tls?: { cert: string; key: string };
  /**
   * The host name its URLs (`iss`, the JWKS and runner URLs) use instead of the address it
   * listens on: an issuer reached by name, e.g. through an egress proxy that resolves it.
   */
  publicHost?: string;
  /** The `aud` of tokens asked for with none; default the CI's own default, else https://stint.example.com. */
  audience?: string;
  /** Token lifetime in seconds; CI tokens live minutes (GitHub's about 5). Default 300. */
  lifetimeSeconds?: number;
  /** Claims over the example token's, for every token. */
  claims?: Claims;
  now?: () => number;
}

const RUNNER_PATH = '/_apis/distributedtask/idtoken';
const MINT_PATH = '/_dev/token';
/** Claims every OIDC ID token of these CIs carries besides the example's. */
const REGISTERED = ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'];
const MAX_BODY = 64 * 1024;

export async function startCiIssuer(kind: ProviderKind, options: CiIssuerOptions = {}): Promise<CiIssuer> {
  const ci = ciDescriptor(kind);
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const lifetime = options.lifetimeSeconds ?? 300;
  const algorithm = ci.issuer.algorithms[0] ?? 'RS256';
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const rogue = await generateKeyPair(algorithm, { extractable: true });
  const kid = randomBytes(20).toString('hex').toUpperCase();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' };
  // GitHub's keys carry an x5t (the certificate thumbprint) and its tokens name it in the header.
  if (kind === 'github') publicJwk.x5t = kid.slice(0, 27);
  const mintSecret = randomBytes(32).toString('base64url');
  const requestToken = kind === 'github' ? randomBytes(32).toString('base64url') : undefined;
  const counts = { tokenRequests: 0, minted: 0, jwksRequests: 0, discoveryRequests: 0 };
  let runnerClaims: Claims = {};
  let failures = { count: 0, status: 500 };

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => send(res, 500, { message: 'internal error' }));
  };
  const server: Server = options.tls ? createTlsServer(options.tls, serve) : createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const named = options.publicHost ?? host;
  const origin = `${options.tls ? 'https' : 'http'}://${named.includes(':') ? `[${named}]` : named}:${port}`;
  const url = ci.claims.exampleIssuer(origin);
  const path = url.slice(origin.length);
  const audience = options.audience ?? ci.claims.defaultAudience?.(url) ?? 'https://stint.example.com';
  const defaults: Claims = { ...ci.claims.example(url, audience), ...options.claims };
  const discoveryPath = `${path}/.well-known/openid-configuration`;
  const jwksPath = `${path}${ci.issuer.discovery.jwksPath}`;
  const discovery = {
    issuer: url,
    jwks_uri: `${origin}${jwksPath}`,
    subject_types_supported: kind === 'github' ? ['public', 'pairwise'] : ['public'],
    response_types_supported: ['id_token'],
    claims_supported: [
      ...new Set([...REGISTERED, ...Object.keys(defaults), ...(ci.issuer.discovery.moreClaims ?? [])]),
    ],
    id_token_signing_alg_values_supported: [...ci.issuer.algorithms],
    scopes_supported: ['openid'],
  };

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
    const header: Record<string, unknown> = { typ: 'JWT', alg: mintOptions.alg ?? algorithm, kid };
    if (publicJwk.x5t !== undefined) header.x5t = publicJwk.x5t;
    return new SignJWT(payload as JWTPayload)
      .setProtectedHeader({ ...header, ...mintOptions.header } as { alg: string })
      .sign(mintOptions.key ?? privateKey);
  }

  /** The next injected failure, if one is due. */
  function injectedFailure(): number | undefined {
    if (failures.count === 0) return undefined;
    failures.count--;
    return failures.status;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requested = new URL(req.url ?? '/', origin);
    const get = req.method === 'GET' || req.method === 'HEAD';
    switch (requested.pathname) {
      case discoveryPath:
        if (!get) return send(res, 405, { message: 'method not allowed' });
        counts.discoveryRequests++;
        return send(res, 200, discovery);
      case jwksPath:
        if (!get) return send(res, 405, { message: 'method not allowed' });
        counts.jwksRequests++;
        return send(res, 200, { keys: [publicJwk] });
      case RUNNER_PATH: {
        if (requestToken === undefined) break;
        if (!get) return send(res, 405, { message: 'method not allowed' });
        if (!bearerIs(req, requestToken)) return send(res, 401, { message: 'Bad credentials' });
        const failed = injectedFailure();
        if (failed !== undefined) return send(res, failed, { message: 'injected failure' });
        counts.tokenRequests++;
        const aud = requested.searchParams.get('audience') ?? audience;
        return send(res, 200, { value: await mint({ ...runnerClaims, aud }) });
      }
      case MINT_PATH: {
        if (!get && req.method !== 'POST')
          return send(res, 405, { message: 'GET ?audience=A, or POST a JSON object of claims' });
        if (!bearerIs(req, mintSecret))
          return send(res, 401, { message: 'send Authorization: Bearer <the mint secret stint dev issuer printed>' });
        let claims: Claims = {};
        if (req.method === 'POST') {
          const body = await readJson(req);
          if (body === undefined)
            return send(res, 400, { message: 'the body must be a JSON object of claims (null removes one)' });
          claims = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? undefined : v]));
        }
        const aud = requested.searchParams.get('audience');
        const failed = injectedFailure();
        if (failed !== undefined) return send(res, failed, { message: 'injected failure' });
        counts.minted++;
        const jwt = await mint({ ...runnerClaims, ...(aud === null ? {} : { aud }), ...claims });
        res.writeHead(200, {
          'content-type': 'application/jwt',
          'content-length': Buffer.byteLength(jwt),
          'cache-control': 'no-store',
        });
        return void res.end(jwt);
      }
    }
    return send(res, 404, { message: 'not found' });
  }

  return {
    kind,
    url,
    discoveryUrl: `${origin}${discoveryPath}`,
    jwksUrl: `${origin}${jwksPath}`,
    audience,
    defaults,
    subject: String(defaults.sub),
    mintUrl: `${origin}${MINT_PATH}`,
    mintSecret,
    ...(requestToken === undefined ? {} : { requestUrl: `${origin}${RUNNER_PATH}?api-version=2.0`, requestToken }),
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

/** Whether the request carries `Bearer <secret>` (compared in constant time). */
function bearerIs(req: IncomingMessage, secret: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${secret}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
