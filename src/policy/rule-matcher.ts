import { claimString, type GithubSubject, parseGithubSubject, providerModule } from '../providers/index.js';
import type { Claims, ProviderKind } from '../providers/types.js';
import { compilePattern, hasWildcard } from './pattern.js';
import type { FieldComparison, TrustRule } from './types.js';

/** The token as rules see it; the GitHub subject is split once per check, not once per rule. */
export interface TokenView {
  provider: string;
  subject: string;
  claims: Claims;
  /** Set when the subject has GitHub's `repo:` shape (either form). */
  github: GithubSubject | undefined;
}

/** Builds the view of a token that `CompiledRule` compares against. */
export function tokenView(provider: string, subject: string, claims: Claims): TokenView {
  return { provider, subject, claims, github: subject.startsWith('repo:') ? parseGithubSubject(subject) : undefined };
}

/** A trust rule compiled once: its patterns built, its index keys and its pins worked out. */
export interface CompiledRule {
  rule: TrustRule;
  kind: ProviderKind;
  /** Literal owner the subject names (index key), or undefined when the owner is a pattern. */
  owner: string | undefined;
  /** Literal repository the subject names (finer index key), or undefined when it is a pattern. */
  repository: string | undefined;
  /** True when the rule pins the token's environment (in the subject or a claim condition). */
  pinsEnvironment: boolean;
  /** The fast path of `check`: true when every field matches; stops at the first that does not. */
  matches(token: TokenView): boolean;
  /** Every field compared, wanted vs got, for explanations and denial hints. */
  compare(token: TokenView): FieldComparison[];
}

/** The event whose runs check out the base branch's workflow with a fork's code in reach. */
const PULL_REQUEST_TARGET = 'pull_request_target';

interface FieldMatcher {
  test(token: TokenView): boolean;
  compare(token: TokenView): FieldComparison[];
}

/** Compiles one rule of a provider of `kind`. */
export function compileRule(rule: TrustRule, kind: ProviderKind): CompiledRule {
  const line = kind === 'github' ? parseGithubSubject(rule.subject) : undefined;
  const fields: FieldMatcher[] = [
    providerMatcher(rule.provider),
    line !== undefined ? githubSubjectMatcher(rule.subject, line) : plainSubjectMatcher(rule.subject),
    ...Object.entries(rule.claims).map(([name, values]) => claimMatcher(name, values)),
  ];
  // A pull_request_target run is allowed only by a rule that names the event outright, never by a wildcard.
  if (kind === 'github' && !(rule.claims.event_name?.includes(PULL_REQUEST_TARGET) ?? false))
    fields.push(pullRequestTargetGuard());

  const module = providerModule(kind);
  const owner = module.subjectOwner(rule.subject);
  const repository = module.subjectRepository(rule.subject);
  return {
    rule,
    kind,
    owner: owner !== undefined && !hasWildcard(owner) ? owner : undefined,
    repository: repository !== undefined && !hasWildcard(repository) ? repository : undefined,
    pinsEnvironment: pinsEnvironment(rule, line),
    matches: (token) => fields.every((f) => f.test(token)),
    compare: (token) => fields.flatMap((f) => f.compare(token)),
  };
}

function providerMatcher(wanted: string): FieldMatcher {
  return {
    test: (token) => token.provider === wanted,
    compare: (token) => [{ field: 'provider', wanted, got: token.provider, matched: token.provider === wanted }],
  };
}

function plainSubjectMatcher(source: string): FieldMatcher {
  const pattern = compilePattern(source);
  return {
    test: (token) => pattern.test(token.subject),
    compare: (token) => [
      { field: 'subject', wanted: source, got: token.subject, matched: pattern.test(token.subject) },
    ],
  };
}

/**
 * GitHub's two subject forms against one line. Names (owner, repository) and the context after
 * them are compared as patterns. IDs written in the line must agree: with the token's IDs when
 * its subject is the immutable `owner@id/repo@id` form, else with its `repository_owner_id` and
 * `repository_id` claims, which GitHub signs into every token. So a pinned line never trusts a
 * repository deleted and recreated under the same name.
 */
function githubSubjectMatcher(source: string, line: GithubSubject): FieldMatcher {
  const owner = compilePattern(line.owner);
  const repo = compilePattern(line.repo);
  const context = compilePattern(line.context);
  const whole = compilePattern(source);
  const namesMatch = (t: GithubSubject) => owner.test(t.owner) && repo.test(t.repo) && context.test(t.context);
  const ids = (token: TokenView, t: GithubSubject): { owner: string | undefined; repo: string | undefined } => {
    const immutable = t.ownerId !== undefined || t.repoId !== undefined;
    return immutable
      ? { owner: t.ownerId, repo: t.repoId }
      : { owner: claimString(token.claims, 'repository_owner_id'), repo: claimString(token.claims, 'repository_id') };
  };
  return {
    test(token) {
      const t = token.github;
      if (t === undefined) return whole.test(token.subject);
      if (!namesMatch(t)) return false;
      if (line.ownerId === undefined && line.repoId === undefined) return true;
      const got = ids(token, t);
      return (
        (line.ownerId === undefined || got.owner === line.ownerId) &&
        (line.repoId === undefined || got.repo === line.repoId)
      );
    },
    compare(token) {
      const t = token.github;
      if (t === undefined)
        return [{ field: 'subject', wanted: source, got: token.subject, matched: whole.test(token.subject) }];
      const out: FieldComparison[] = [{ field: 'subject', wanted: source, got: token.subject, matched: namesMatch(t) }];
      const got = ids(token, t);
      if (line.ownerId !== undefined)
        out.push({
          field: 'repository_owner_id',
          wanted: line.ownerId,
          got: got.owner,
          matched: got.owner === line.ownerId,
        });
      if (line.repoId !== undefined)
        out.push({ field: 'repository_id', wanted: line.repoId, got: got.repo, matched: got.repo === line.repoId });
      return out;
    },
  };
}

/** A claim condition: the claim, as a string, matches any of the values (each exact or a pattern). */
function claimMatcher(name: string, values: string[]): FieldMatcher {
  const patterns = values.map(compilePattern);
  const test = (token: TokenView) => {
    const got = claimString(token.claims, name);
    return got !== undefined && patterns.some((p) => p.test(got));
  };
  return {
    test,
    compare: (token) => [
      {
        field: name,
        wanted: values.length === 1 ? values[0]! : values,
        got: claimString(token.claims, name) ?? shownValue(token.claims[name]),
        matched: test(token),
      },
    ],
  };
}

function pullRequestTargetGuard(): FieldMatcher {
  return {
    test: (token) => token.claims.event_name !== PULL_REQUEST_TARGET,
    compare: (token) =>
      token.claims.event_name !== PULL_REQUEST_TARGET
        ? []
        : [
            {
              field: 'event_name',
              wanted: `not ${PULL_REQUEST_TARGET} (a rule must name event_name: ${PULL_REQUEST_TARGET} to allow it)`,
              got: PULL_REQUEST_TARGET,
              matched: false,
            },
          ],
  };
}

/**
 * A rule pins the environment when it names one, in GitHub's `…:environment:NAME` subject or an
 * `environment` claim condition. A bare wildcard (`environment:*`) accepts any environment, so it
 * does not count.
 */
function pinsEnvironment(rule: TrustRule, github: GithubSubject | undefined): boolean {
  const named = (pattern: string) => pattern.replace(/\*/g, '') !== '';
  const inSubject =
    github?.context.startsWith('environment:') === true && named(github.context.slice('environment:'.length));
  const inClaims = rule.claims.environment?.every(named) ?? false;
  return inSubject || inClaims;
}

/** How a claim without a string form reads in an explanation. */
function shownValue(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}
