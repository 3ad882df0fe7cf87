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
