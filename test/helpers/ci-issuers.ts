import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { ciDescriptor } from '../../src/providers/index.js';
import type { Claims, ProviderKind } from '../../src/providers/types.js';

/**
 * Local OIDC issuers shaped like GitLab's, CircleCI's, Buildkite's and Jenkins' (the same `iss`
 * path shape, discovery document, RS256 JWKS and claim set, all read from the CI's descriptor in
 * src/providers/), so recipes run against the real broker on 127.0.0.1 as they would in that CI.
 * Built on the pattern of `startGithubIssuer`.
 *
 * @example
 * const gitlab = await startCiIssuer('gitlab', { audience: 'https://stint.test' });
 * const jwt = await gitlab.mint();               // what `id_tokens:` would put in STINT_ID_TOKEN
 * await gitlab.stop();
 */
/** Every CI but GitHub, whose issuer (with its runner protocol) is src/demo/github-issuer.ts. */
export type CiKind = Exclude<ProviderKind, 'github'>;

export interface CiIssuer {
  readonly kind: CiKind;
  /** `iss` of its tokens: http://127.0.0.1:PORT[/org/<id> | /oidc]. */
  readonly url: string;
  /** The `aud` its tokens carry unless minted with another (CircleCI: the organization id). */
  readonly audience: string;
  /** The subject of its default claims, for trust rules. */
  readonly subject: string;
  readonly defaults: Claims;
  /** Test-only mint endpoint (`GET ?audience=…` with `Authorization: Bearer <mintSecret>`), for stub agents. */
  readonly mintUrl: string;
  readonly mintSecret: string;
  readonly counts: { minted: number; jwksRequests: number };
  mint(claims?: Claims): Promise<string>;
  stop(): Promise<void>;
}

export async function startCiIssuer(
  kind: CiKind,
  options: { audience?: string; lifetimeSeconds?: number } = {},
): Promise<CiIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(16).toString('hex');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const mintSecret = randomBytes(24).toString('base64url');
  const lifetime = options.lifetimeSeconds ?? 600;
  const counts = { minted: 0, jwksRequests: 0 };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { message: 'internal error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The CI's descriptor says how its issuer URL is shaped and what its tokens carry.
  const { claims } = ciDescriptor(kind);
  const url = claims.exampleIssuer(origin);
  const path = url.slice(origin.length);
  const audience = options.audience ?? claims.defaultAudience?.(url) ?? 'https://stint.test';
  const defaults = claims.example(url, audience);

  async function mint(claims: Claims = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Claims = { jti: randomUUID(), ...defaults, iat: now, nbf: now - 5, exp: now + lifetime, ...claims };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    counts.minted++;
    return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requested = new URL(req.url ?? '/', origin);
    switch (requested.pathname) {
      case `${path}/.well-known/openid-configuration`:
        return send(res, 200, {
          issuer: url,
          jwks_uri: `${url}/.well-known/jwks`,
          response_types_supported: ['id_token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          claims_supported: Object.keys(defaults),
        });
      case `${path}/.well-known/jwks`:
        counts.jwksRequests++;
        return send(res, 200, { keys: [publicJwk] });
      case '/_test/mint': {
        if (req.headers.authorization !== `Bearer ${mintSecret}`) return send(res, 401, { message: 'bad mint secret' });
        const aud = requested.searchParams.get('audience');
        return send(res, 200, { token: await mint(aud ? { aud } : {}) });
      }
      default:
        return send(res, 404, { message: 'not found' });
    }
  }

  return {
    kind,
    url,
    audience,
    subject: defaults.sub as string,
    defaults,
    mintUrl: `${origin}/_test/mint`,
    mintSecret,
    counts,
    mint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Writes a stand-in `buildkite-agent` into `dir`: `buildkite-agent oidc request-token --audience A`
 * prints a token minted by `issuer` for audience A, as the real agent does; it needs
 * BUILDKITE_AGENT_ACCESS_TOKEN like the real one and logs each call's arguments to `<dir>/agent.log`.
 * `buildkite-agent redactor add` reads a value on stdin and logs its SHA-256 to `<dir>/redacted.log`.
 * Anything else exits 1.
 */
export function writeStubBuildkiteAgent(dir: string, issuer: CiIssuer): string {
  const file = join(dir, 'buildkite-agent');
  // Works as CommonJS or ESM (an extensionless file takes the nearest package.json's type).
  const script = `#!${process.execPath}
(async () => {
  const { appendFileSync } = await import('node:fs');
  const args = process.argv.slice(2);
  appendFileSync(${JSON.stringify(join(dir, 'agent.log'))}, JSON.stringify(args) + '\\n');
  if (!process.env.BUILDKITE_AGENT_ACCESS_TOKEN) { console.error('fatal: missing BUILDKITE_AGENT_ACCESS_TOKEN'); process.exit(1); }
  if (args[0] === 'redactor' && args[1] === 'add' && args.length === 2) {
    // Records the SHA-256 of each value added, never the value.
    const { createHash } = await import('node:crypto');
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    appendFileSync(${JSON.stringify(join(dir, 'redacted.log'))}, createHash('sha256').update(input).digest('hex') + '\\n');
    return;
  }
  if (args.length !== 4 || args[0] !== 'oidc' || args[1] !== 'request-token' || args[2] !== '--audience') {
    console.error('fatal: unexpected arguments'); process.exit(1);
  }
  const answer = await fetch(${JSON.stringify(issuer.mintUrl)} + '?audience=' + encodeURIComponent(args[3]), {
    headers: { authorization: 'Bearer ${issuer.mintSecret}' },
  });
  process.stdout.write((await answer.json()).token + '\\n');
})().catch((e) => { console.error('fatal: ' + e.message); process.exit(1); });
`;
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
}

/**
 * A broker config trusting the given issuers (a CiIssuer, or GitHub's as
 * `{ kind: 'github', url, audience, subject }`) for project `warehouse` (main of acme/warehouse),
 * with `allow_insecure: true` because they serve http on loopback.
 */
export interface TrustedIssuer {
  kind: string;
  url: string;
  audience: string;
  subject: string;
}

export function ciBrokerConfig(
  issuers: TrustedIssuer[],
  options: { brokerIssuer?: string; extra?: string } = {},
): string {
  const brokerIssuer = options.brokerIssuer ?? 'https://stint.test';
  const providers = issuers
    .map((i) => `  ${i.kind}: { issuer: "${i.url}", audience: "${i.audience}", allow_insecure: true }`)
    .join('\n');
  const rules = issuers
    .map((i) => `      - provider: ${i.kind}\n        subject: "${i.subject}"\n        scopes: [read, write]`)
    .join('\n');
  return `issuer: ${brokerIssuer}
keys: { dir: keys, algorithm: EdDSA }
store: memory
audit: { file: audit.jsonl }
providers:
${providers}
projects:
  warehouse:
    scopes: [read, write, deploy]
    ttl: 15m
    trust:
${rules}
${options.extra ?? ''}`;
}
