import type { CiIdentity, Claims, ProviderKind } from './types.js';

/**
 * What stint knows about one CI's OIDC tokens. Pure: no network, no environment. Each CI has its
 * own module (`github.ts`, `gitlab.ts`, …) exporting one of these.
 */
export interface ProviderModule {
  kind: ProviderKind;
  /** The issuer used when a `providers:` entry gives none, when the CI has one fixed public issuer. */
  defaultIssuer?: string;
  /** JWS algorithms its tokens are signed with (asymmetric only). */
  algorithms: string[];
  /**
   * Issuers shared by every customer of a SaaS CI. A policy line that leaves the owner open
   * (a `*` as the OWNER of `repo:OWNER/REPO:…`) under one of these trusts strangers, so it is an error there.
   */
  sharedIssuers: string[];
  /**
   * Signed claims that name the owner (or something inside it). Under a shared issuer, a rule
   * whose subject names no owner must pin one of these literally: subject templates are
   * chosen per repository by its admins, so any customer can shape a subject like
   * `environment:production`.
   */
  ownerClaims: string[];
  /** A human description of `iss` when it has this CI's shape, else undefined. */
  describeIssuer(iss: string): string | undefined;
  /** One identity shape out of this CI's claims. */
  normalise(claims: Claims): CiIdentity;
  /**
   * The owner (GitHub account, GitLab top-level group, Buildkite organization, CircleCI org id)
   * that a subject names, or undefined. Used on token subjects and on policy subject patterns
   * alike, so the policy can index rules by owner.
   */
  subjectOwner(subject: string): string | undefined;
  /**
   * The repository (GitHub `owner/repo`, GitLab project path, Buildkite `org/pipeline`, CircleCI
   * `org-id/project-id`) a subject names, or undefined. IDs of GitHub's immutable form are
   * dropped, so both forms give the same key. The policy's finest index.
   */
  subjectRepository(subject: string): string | undefined;
}

/**
 * A claim as a string: policy compares every claim as a string, and CIs other than GitHub send
 * numbers and booleans. Objects and arrays have no string form and read as undefined.
 */
export function claimString(claims: Claims, name: string): string | undefined {
  // Own properties only: a claim named `constructor` is not Object's.
  if (!Object.hasOwn(claims, name)) return undefined;
  const value = claims[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The `sub` claim as a string ('' when missing, which no rule matches). */
export function subjectOf(claims: Claims): string {
  return typeof claims.sub === 'string' ? claims.sub : '';
}

/** `branch` + `main` → `refs/heads/main`; `tag` + `v1` → `refs/tags/v1`; any other type leaves `ref` as it is. */
export function fullRef(refType: string | undefined, ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  if (refType === 'branch') return `refs/heads/${ref}`;
  if (refType === 'tag') return `refs/tags/${ref}`;
  return ref;
}

/** `refs/heads/x` → branch, `refs/tags/x` → tag. */
export function refType(ref: string | undefined): string | undefined {
  if (ref?.startsWith('refs/heads/')) return 'branch';
  if (ref?.startsWith('refs/tags/')) return 'tag';
  return undefined;
}

/** Parses an absolute URL, or undefined. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
