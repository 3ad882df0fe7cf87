import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CiIssuer, type CiIssuerOptions, startCiIssuer as startDevIssuer } from '../../src/demo/ci-issuer.js';
import { ciDescriptor } from '../../src/providers/index.js';
import type { ProviderKind } from '../../src/providers/types.js';

export type { CiIssuer } from '../../src/demo/ci-issuer.js';

/** Every CI but GitHub, whose issuer (with its runner protocol) is src/demo/github-issuer.ts. */
export type CiKind = Exclude<ProviderKind, 'github'>;

/**
 * A local OIDC issuer shaped like GitLab's, CircleCI's, Buildkite's or Jenkins': the one
 * `stint dev issuer` runs (src/demo/ci-issuer.ts), with the defaults these tests share. Its tokens
 * are for https://stint.test, the broker name of `ciBrokerConfig`, unless the CI has an audience
 * of its own (CircleCI's organization id), and live 10 minutes, so tokens minted before a slow
 * step (a JVM, a container) are still fresh on a busy machine.
 *
 * @example
 * const gitlab = await startCiIssuer('gitlab');
 * const jwt = await gitlab.mint();               // what `id_tokens:` would put in STINT_ID_TOKEN
 * await gitlab.stop();
 */
export function startCiIssuer(kind: CiKind, options: CiIssuerOptions = {}): Promise<CiIssuer> {
  const ownAudience = ciDescriptor(kind).claims.defaultAudience !== undefined;
  return startDevIssuer(kind, {
    ...(ownAudience ? {} : { audience: 'https://stint.test' }),
    lifetimeSeconds: 600,
    ...options,
  });
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
  if (!answer.ok) { console.error('fatal: the issuer answered ' + answer.status); process.exit(1); }
  process.stdout.write((await answer.text()) + '\\n');
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
