/**
 * The registry's questions: is this a CI stint knows, and what does its descriptor say. Callers
 * ask here rather than naming a CI, so a new CI needs no change outside its own file.
 */
import type { CiDescriptor } from './descriptor.js';
import { CI_DESCRIPTORS, type ProviderKind } from './registry.js';
import type { CiIdentity, Claims } from './types.js';

export type { CiDescriptor, SubjectParts } from './descriptor.js';
export { claimString, knownClaimNames } from './descriptor.js';
export { type GithubSubject, parseGithubSubject } from './github.js';
export { CI_DESCRIPTORS, type ProviderKind } from './registry.js';

const byKind = new Map<string, CiDescriptor<ProviderKind>>(CI_DESCRIPTORS.map((d) => [d.kind, d]));

/** Every CI stint knows, in the registry's order. */
export const PROVIDER_KINDS: readonly ProviderKind[] = CI_DESCRIPTORS.map((d) => d.kind);

export function isProviderKind(value: string): value is ProviderKind {
  return byKind.has(value);
}

/** The descriptor of `kind`: its issuers, claims, subject grammar and token source. */
export function ciDescriptor(kind: ProviderKind): CiDescriptor<ProviderKind> {
  const descriptor = byKind.get(kind);
  if (descriptor === undefined) throw new TypeError(`no CI descriptor for '${kind}'`);
  return descriptor;
}

/**
 * One `CiIdentity` out of a CI's decoded claims; numbers become strings.
 *
 * @example normaliseClaims('github', claims).repository // 'acme/warehouse'
 */
export function normaliseClaims(kind: ProviderKind, claims: Claims): CiIdentity {
  return { provider: kind, ...ciDescriptor(kind).claims.normalise(claims) };
}

/** The JWS algorithms a CI signs its tokens with (asymmetric only), e.g. ['RS256']. */
export function defaultAlgorithms(kind: ProviderKind): string[] {
  return [...ciDescriptor(kind).issuer.algorithms];
}

/**
 * The CI whose issuer `iss` is when every customer of that CI shares it (github.com, gitlab.com,
 * Buildkite), whatever kind a provider declares: shared-ness is the issuer's, not the config's.
 * Compared as URLs, so another case in the host, a trailing '/' or http: count too.
 *
 * @example sharedIssuerKind('https://token.actions.githubusercontent.com') // 'github'
 */
export function sharedIssuerKind(iss: string): ProviderKind | undefined {
  const wanted = comparableIssuer(iss);
  if (wanted === undefined) return undefined;
  for (const descriptor of CI_DESCRIPTORS) {
    if (descriptor.issuer.shared.some((shared) => comparableIssuer(shared) === wanted)) return descriptor.kind;
  }
  return undefined;
}

/** An issuer URL as compared for sharing: host (lower-cased, default port dropped) and path without a trailing '/'; any scheme. */
function comparableIssuer(iss: string): string | undefined {
  try {
    const url = new URL(iss);
    return `${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return undefined;
  }
}

/** The CI's one public issuer (GitHub, GitLab.com, Buildkite), or undefined when each customer has its own. */
export function defaultIssuer(kind: ProviderKind): string | undefined {
  return ciDescriptor(kind).issuer.default;
}

/**
 * Says what `iss` is for this CI ("GitHub Enterprise Server at ghe.example.com"), or undefined
 * when it does not have any of the CI's issuer shapes.
 */
export function describeIssuer(kind: ProviderKind, iss: string): string | undefined {
  return ciDescriptor(kind).issuer.describe(iss);
}
