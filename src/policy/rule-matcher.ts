import { claimString, parseGithubSubject, providerModule, type GithubSubject } from '../providers/index.js';
import type { Claims, ProviderKind } from '../providers/types.js';
import { compilePattern, type Pattern } from './pattern.js';
import type { FieldComparison, TrustRule } from './types.js';

/** A trust rule compiled once: its patterns built, its index key and its pins worked out. */
export interface CompiledRule {
  rule: TrustRule;
  kind: ProviderKind;
  /** Literal owner the subject names (index key), or undefined when the owner is a pattern. */
  owner: string | undefined;
  /** True when the rule pins the token's environment (in the subject or a claim condition). */
  pinsEnvironment: boolean;
  /** Compares every field; the rule matches when every comparison matched. */
  compare(providerName: string, subject: string, claims: Claims): FieldComparison[];
}

/** The event whose runs check out the base branch's workflow with a fork's code in reach. */
const PULL_REQUEST_TARGET = 'pull_request_target';

/** Compiles one rule of a provider of `kind`. */
export function compileRule(rule: TrustRule, kind: ProviderKind): CompiledRule {
  const claimMatchers = Object.entries(rule.claims).map(([name, values]) => ({ name, values, patterns: values.map(compilePattern) }));
  const github = kind === 'github' ? parseGithubSubject(rule.subject) : undefined;
  const compareSubject = github !== undefined ? githubSubjectComparer(rule.subject, github) : plainSubjectComparer(rule.subject);
  // A pull_request_target run is allowed only by a rule that names the event outright, never by a wildcard.
  const namesPullRequestTarget = rule.claims.event_name?.includes(PULL_REQUEST_TARGET) ?? false;
  const subjectOwner = providerModule(kind).subjectOwner(rule.subject);

  return {
    rule,
    kind,
    owner: subjectOwner !== undefined && !subjectOwner.includes('*') ? subjectOwner : undefined,
    pinsEnvironment: pinsEnvironment(rule, github),
    compare(providerName, subject, claims) {
      const comparisons: FieldComparison[] = [
        { field: 'provider', wanted: rule.provider, got: providerName, matched: providerName === rule.provider },
        ...compareSubject(subject, claims),
      ];
      for (const { name, values, patterns } of claimMatchers) {
        const got = claimString(claims, name);
        comparisons.push({ field: name, wanted: values.length === 1 ? values[0]! : values, got: got ?? shownValue(claims[name]), matched: got !== undefined && patterns.some((p) => p.test(got)) });
      }
      if (kind === 'github' && claims.event_name === PULL_REQUEST_TARGET && !namesPullRequestTarget) {
        comparisons.push({
          field: 'event_name',
          wanted: `not ${PULL_REQUEST_TARGET} (a rule must name event_name: ${PULL_REQUEST_TARGET} to allow it)`,
          got: PULL_REQUEST_TARGET,
          matched: false,
        });
      }
      return comparisons;
    },
  };
}

/**
 * A rule pins the environment when it names one, in GitHub's `…:environment:NAME` subject or an
 * `environment` claim condition. A bare wildcard (`environment:*`) accepts any environment, so it
 * does not count.
 */
function pinsEnvironment(rule: TrustRule, github: GithubSubject | undefined): boolean {
  const named = (pattern: string) => pattern.replace(/\*/g, '') !== '';
  const inSubject = github?.context.startsWith('environment:') === true && named(github.context.slice('environment:'.length));
  const inClaims = rule.claims.environment?.every(named) ?? false;
  return inSubject || inClaims;
}

function plainSubjectComparer(source: string): (subject: string) => FieldComparison[] {
  const pattern = compilePattern(source);
  return (subject) => [{ field: 'subject', wanted: source, got: subject, matched: pattern.test(subject) }];
}

/**
 * GitHub's two subject forms against one line. Names (owner, repository) and the context after
 * them are compared as patterns. IDs written in the line must agree: with the token's IDs when
 * its subject is the immutable `owner@id/repo@id` form, else with its `repository_owner_id` and
 * `repository_id` claims, which GitHub signs into every token. So a pinned line never trusts a
 * repository deleted and recreated under the same name.
 */
function githubSubjectComparer(source: string, line: GithubSubject): (subject: string, claims: Claims) => FieldComparison[] {
  const owner = compilePattern(line.owner);
  const repo = compilePattern(line.repo);
  const context = compilePattern(line.context);
  const whole = compilePattern(source);
  return (subject, claims) => {
    const token = parseGithubSubject(subject);
    if (token === undefined) return [{ field: 'subject', wanted: source, got: subject, matched: whole.test(subject) }];
    const namesMatch = owner.test(token.owner) && repo.test(token.repo) && context.test(token.context);
    const comparisons: FieldComparison[] = [{ field: 'subject', wanted: source, got: subject, matched: namesMatch }];
    const immutable = token.ownerId !== undefined || token.repoId !== undefined;
    if (line.ownerId !== undefined) {
      const got = immutable ? token.ownerId : claimString(claims, 'repository_owner_id');
      comparisons.push({ field: 'repository_owner_id', wanted: line.ownerId, got, matched: got === line.ownerId });
    }
    if (line.repoId !== undefined) {
      const got = immutable ? token.repoId : claimString(claims, 'repository_id');
      comparisons.push({ field: 'repository_id', wanted: line.repoId, got, matched: got === line.repoId });
    }
    return comparisons;
  };
}

/** How a claim without a string form reads in an explanation. */
function shownValue(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}
