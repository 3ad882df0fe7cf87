import { buildkite } from './buildkite.js';
import { circleci } from './circleci.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { jenkins } from './jenkins.js';
import type { ProviderModule } from './module.js';
import type { CiIdentity, Claims, ProviderKind } from './types.js';

export { type GithubSubject, parseGithubSubject } from './github.js';
export type { ProviderModule } from './module.js';
export { claimString } from './module.js';

const modules: Record<ProviderKind, ProviderModule> = { github, gitlab, circleci, jenkins, buildkite };

/** Every CI stint knows, in a stable order. */
export const PROVIDER_KINDS: readonly ProviderKind[] = ['github', 'gitlab', 'circleci', 'jenkins', 'buildkite'];

export function isProviderKind(value: string): value is ProviderKind {
  return Object.hasOwn(modules, value);
}

/** The module that knows `kind`'s issuer and claims. */
export function providerModule(kind: ProviderKind): ProviderModule {
  return modules[kind];
}

/**
 * One `CiIdentity` out of a CI's decoded claims; numbers become strings.
 *
 * @example normaliseClaims('github', claims).repository // 'acme/warehouse'
 */
export function normaliseClaims(kind: ProviderKind, claims: Claims): CiIdentity {
  return modules[kind].normalise(claims);
}

/** The JWS algorithms a CI signs its tokens with (asymmetric only), e.g. ['RS256']. */
export function defaultAlgorithms(kind: ProviderKind): string[] {
  return [...modules[kind].algorithms];
}

/** The CI's one public issuer (GitHub, GitLab.com, Buildkite), or undefined when each customer has its own. */
export function defaultIssuer(kind: ProviderKind): string | undefined {
  return modules[kind].defaultIssuer;
}

/**
 * Says what `iss` is for this CI ("GitHub Enterprise Server at ghe.example.com"), or undefined
 * when it does not have any of the CI's issuer shapes.
 */
export function describeIssuer(kind: ProviderKind, iss: string): string | undefined {
  return modules[kind].describeIssuer(iss);
}
