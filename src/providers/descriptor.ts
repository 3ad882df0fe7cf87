/**
 * What stint knows about one CI, as one record: its issuers, its claims, the grammar of its
 * subjects and where a job finds its ID token. Each CI is one file exporting one of these
 * (`github.ts`, `gitlab.ts`, …), registered in the list of `registry.ts`; the policy, the token
 * sources, `stint status` and the demo read them and know no CI by name. docs/architecture.md
 * ("Adding a CI") walks through writing one. Descriptors are pure data and functions: no I/O
 * happens until a token source's `request` is called.
 */

import type { ErrorCode, WarningCode } from '../lib/errors.js';
import type { HttpClient } from '../lib/http.js';

/** Decoded JWT claims, as the CI issued them. */
export type Claims = Record<string, unknown>;

/**
 * "Who is this job" in one shape, whatever CI it runs on, without the CI's name (the registry
 * adds it). Every value is a string because policy compares claims as strings (GitHub sends IDs
 * as strings, others as numbers). Fields a CI does not carry are undefined.
 */
export interface CiFields {
  subject: string;
  repository: string | undefined;
  repository_id: string | undefined;
  owner: string | undefined;
  owner_id: string | undefined;
  ref: string | undefined;
  ref_type: string | undefined;
  sha: string | undefined;
  workflow_ref: string | undefined;
  job_workflow_ref: string | undefined;
  run_id: string | undefined;
  run_attempt: string | undefined;
  environment: string | undefined;
  actor: string | undefined;
  event: string | undefined;
}

/** One CI. `K` is its name in config (`kind:`) and on the command line (`--provider`). */
export interface CiDescriptor<K extends string = string> {
  kind: K;
  /** What people call it in sentences: 'GitHub Actions', 'GitLab CI'. */
  title: string;
  /** The vendor's short name in lists: 'GitHub', 'GitLab'. */
  brand: string;
  issuer: IssuerShape;
  claims: ClaimTable;
  subject: SubjectGrammar;
  token: TokenOrigin;
}

/** The issuers a CI signs with. */
export interface IssuerShape {
  /** The issuer a `providers:` entry gets when it names none: the CI's one public issuer, if it has one. */
  default?: string;
  /**
   * Issuers shared by every customer of a SaaS CI. Under one of them a rule that leaves the owner
   * open trusts strangers, so the policy refuses it (ERR_POLICY_OWNER_WILDCARD).
   */
  shared: readonly string[];
  /** JWS algorithms its tokens are signed with (asymmetric only). */
  algorithms: readonly string[];
  /** The shapes its issuer URLs take, for messages: 'https://gitlab.com or your instance URL'. */
  shapes: string;
  /** A human description of `iss` when it has one of this CI's shapes, else undefined. */
  describe(iss: string): string | undefined;
  /** How the CI serves its keys, as `stint dev issuer` and the demo reproduce it. */
  discovery: DiscoveryShape;
}

/** The CI's OIDC discovery document (at `<issuer>/.well-known/openid-configuration`) and JWKS. */
export interface DiscoveryShape {
  /** Where its JWKS is, after the issuer URL: its discovery document's `jwks_uri`. */
  jwksPath: string;
  /** Its `claims_supported` beyond the example token's claims (claims a token may carry). */
  moreClaims?: readonly string[];
  /** Families of claims whose names the user chooses after a fixed prefix (GitHub's `repo_property_…`). */
  claimFamilies?: readonly string[];
  /**
   * Set when the CI's admin decides which claims its tokens carry (Jenkins's claim templates), so
   * the policy cannot tell a misspelt claim name from a chosen one; says why.
   */
  claimsChosenBy?: string;
}

/**
 * Whether a CI's tokens may carry a claim of this name (the example token's claims, `moreClaims`,
 * a `claimFamilies` prefix), or undefined when the CI's admin decides (`claimsChosenBy`). The
 * policy uses it to refuse a rule on a misspelt claim, which would never match.
 *
 * @example knownClaimNames(github) // ['actor', 'actor_id', 'aud', …]
 */
export function knownClaimNames(ci: CiDescriptor): readonly string[] | undefined {
  if (ci.issuer.discovery.claimsChosenBy !== undefined) return undefined;
  const example = ci.claims.example(ci.claims.exampleIssuer('https://ci.invalid'), 'https://stint.invalid');
  return [...new Set([...Object.keys(example), ...(ci.issuer.discovery.moreClaims ?? [])])].sort();
}

/** The claims a CI's tokens carry and how they read as a `CiFields`. */
export interface ClaimTable {
  /** One identity shape out of this CI's claims. */
  normalise(claims: Claims): CiFields;
  /**
   * Signed claims that name the owner (or something inside it). Under a shared issuer, a rule
   * whose subject names no owner must pin one of these: literally, as a claim condition, or as
   * the first `key:value` pair of a customised subject.
   */
  ownerClaims: readonly string[];
  /**
   * The claims that carry the owner's ID and name (those `normalise` reads into `owner_id` and
   * `owner`). A rule whose condition names one literally names a known owner, whose jobs may be
   * told why they were denied.
   */
  ownerIdentity: { id?: string; name?: string };
  /**
   * Claim values a rule allows only by naming them outright in a claim condition, never through
   * a wildcard or by leaving the claim open (GitHub's `event_name: pull_request_target`).
   */
  guarded: readonly { claim: string; value: string }[];
  /**
   * The claims of a token for a push to main of acme/warehouse, as the CI's documentation shows
   * them, with this `iss` and `aud`. The demo and the tests' local issuers sign these.
   */
  example(issuer: string, audience: string): Claims;
  /** The `iss` this CI's issuer would have if it were served at `origin` (an `http://127.0.0.1:PORT`). */
  exampleIssuer(origin: string): string;
  /** The `aud` a token gets when the job asks for none, if the CI has its own default (CircleCI: the org ID). */
  defaultAudience?(issuer: string): string;
  /**
   * The `aud` every token of this issuer carries whatever the job asks, where the CI fixes it
   * (CircleCI: the organization ID in the issuer URL); `stint policy check` warns when the
   * provider's `audience` is another (WARN_PROVIDER_AUDIENCE).
   */
  fixedAudience?(issuer: string): string | undefined;
  /**
   * What the broker's refusal of a token whose `aud` is not `expected` tells its user to change, in
   * this CI's terms (no full stop): the value and where that CI's user sets it (the recipe's
   * setting, the flag), since the client then adds no audience hint of its own (broker-client.ts).
   * `provider` is the entry under `providers:` that trusts the CI. It goes to any caller, so it
   * names only the config and what the token itself says.
   */
  audienceFix(expected: string, provider: { name: string; issuer: string }): string;
}

/** How a CI writes its `sub` claim, and what the policy may conclude from it. */
export interface SubjectGrammar {
  /**
   * What separates the subject's fields. Where it is '/', a `**` crosses fields, so literal text
   * after it could come from a branch name (WARN_SUBJECT_GREEDY).
   */
  separator: ':' | '/';
  /** A subject for main of acme/warehouse written out in full, the way a rule should pin it. */
  example: string;
  /**
   * The owner (GitHub account, GitLab top-level group, Buildkite organization, CircleCI org id) a
   * subject names, or undefined. Used on token subjects and on rule patterns alike, so the
   * policy can index rules by owner.
   */
  owner(subject: string): string | undefined;
  /**
   * The repository (GitHub `owner/repo`, GitLab project path, Buildkite `org/pipeline`, CircleCI
   * `org-id/project-id`) a subject names, or undefined: the policy's finest index. Both of a
   * subject's forms (with and without IDs) give the same key.
   */
  repository(subject: string): string | undefined;
  /** What `repository` names, in a denial's hint ("pipeline acme/warehouse is not trusted…"); default `repository`. */
  repositoryNoun?: string;
  /**
   * The `key<separator>value` pairs the CI writes its subject of, in order (later ones may be
   * absent), each with what a denial's hint calls it: the policy names the pair a denied token
   * differs in ("step build is not allowed for project warehouse"). For CIs without `fields`.
   */
  pairs?: readonly { key: string; label: string }[];
  /** For CIs whose subjects name owner and repository in fixed fields that may carry their IDs. */
  fields?: SubjectFields;
  /** Problems with a rule's subject that only this CI has (an ID that is not digits, a field missing). */
  problems?(subject: string): readonly SubjectProblem[];
}

/** A subject split into its owner, repository and what follows them. */
export interface SubjectParts {
  owner: string;
  ownerId?: string;
  repo: string;
  repoId?: string;
  /** What follows the repository, e.g. `ref:refs/heads/main`. */
  context: string;
}

/**
 * A subject grammar with owner and repository fields (GitHub's `repo:OWNER@ID/REPO@ID:CONTEXT`).
 * The policy compares names and context as patterns, and IDs written in a rule with the token's
 * IDs (from its subject, or else from the `ids` claims, which the CI signs into every token), so
 * a rule that pins IDs never trusts a repository deleted and recreated under the same name.
 */
export interface SubjectFields {
  parse(subject: string): SubjectParts | undefined;
  /** `parse` backwards: the subject of these parts. */
  format(parts: SubjectParts): string;
  /** The signed claims holding the owner's and the repository's immutable IDs. */
  ids: { owner: string; repo: string };
  /** The environment a context names (`environment:production` → 'production'), else undefined. */
  environment(context: string): string | undefined;
  /** What a context is, as a denial says it: 'ref refs/heads/x is', 'pull requests are'. */
  describeContext(context: string): string | undefined;
}

/** A problem a CI finds in a rule's subject; the policy reports it against the rule's `subject`. */
export type SubjectProblem =
  | { severity: 'error'; code: ErrorCode; message: string }
  | { severity: 'warning'; code: WarningCode; message: string };

/** Where a job of this CI finds its ID token. */
export interface TokenOrigin {
  /** Set in every job of this CI, so its presence says which CI this is ('GITLAB_CI=true'). */
  marker: { test(env: NodeJS.ProcessEnv): boolean; text: string };
  /** The token's home: a variable the job configuration fills, or a request that mints one. */
  source: EnvVarOrigin | RequestOrigin;
  /** What to change in the job to have a token, ending in a full stop; `variable` is the one looked at. */
  howToGet(variable: string | undefined): string;
  /**
   * What a job of this CI sets, as `stint exchange`'s errors name it (the recipe's setting, then
   * the flag): where the broker URL and the ID token's audience are set, and what fixes an ID
   * token the broker refuses for its audience (one sentence, no full stop), said only when the
   * broker's refusal does not say it (a stint broker's does: `claims.audienceFix`).
   */
  settings: { brokerUrl: string; audience: string; audienceFix: string };
}

/** A CI that puts the ID token in an environment variable, minted with the audience its job configuration names. */
export interface EnvVarOrigin {
  via: 'env';
  /** The default variable (`--id-token-env` overrides it). */
  variable: string;
  /** The variable as the reason `stint status` prints names it: 'the id_tokens variable STINT_ID_TOKEN'. */
  described: string;
}

/** A CI that mints an ID token on request, with the audience asked for, so a retry never replays one. */
export interface RequestOrigin {
  via: 'request';
  /** The source's name in `stint status --json`: '<ci>-<how>', e.g. 'github-request'. */
  kind: `${string}-${string}`;
  /** With `--provider auto`, whether the CI's marker must be set too (a program on PATH is no proof of the CI). */
  needsMarker: boolean;
  /** What is looked for, as the "no token found" message lists it: 'buildkite-agent'. */
  lookedFor: string;
  /** The request this job can make, or undefined when its prerequisites are missing. */
  find(env: NodeJS.ProcessEnv): FoundRequest | undefined;
  /** Why `find` found nothing, as a sentence without its full stop: 'buildkite-agent is not on PATH'. */
  missing(env: NodeJS.ProcessEnv): string;
}

export interface FoundRequest {
  /** The reason when `--provider auto` picked it: 'Buildkite (BUILDKITE=true) with buildkite-agent at /usr/bin/buildkite-agent'. */
  reason: string;
  /** What it is, after '--provider buildkite: ': 'buildkite-agent at /usr/bin/buildkite-agent'. */
  describe: string;
  /**
   * Mints one ID token for `audience`. Errors: `RemoteError` ERR_ID_TOKEN_REQUEST_FAILED (with
   * `retryable` where asking again may work), ERR_ID_TOKEN_INVALID when the answer is no JWT.
   * Never puts a token or a credential in a message.
   */
  request(audience: string, io: RequestIo): Promise<string>;
}

/** The outside world a token request may use, passed in so tests hand in local servers. */
export interface RequestIo {
  /** The job's environment (a program runs with it). */
  env: NodeJS.ProcessEnv;
  /** HTTP (src/lib/http.ts, node:http: the global fetch would load undici, 190 ms, on every job). */
  http: HttpClient;
  exec: Exec;
  /** For one request. */
  timeoutMs: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; rejects with `code` (exit status) and `stderr` on failure. */
export type Exec = (
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number },
) => Promise<ExecResult>;

/**
 * Checks a descriptor's types and keeps its `kind` literal, so the registry can derive the union
 * of CI names from its list.
 *
 * @example export const gitlab = defineCi({ kind: 'gitlab', title: 'GitLab CI', … });
 */
export function defineCi<const K extends string>(descriptor: CiDescriptor<K>): CiDescriptor<K> {
  return descriptor;
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

/** True when an environment variable holds something other than blanks. */
export function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
