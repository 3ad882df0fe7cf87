import { type CiDescriptor, ciDescriptor, claimString, type SubjectParts } from '../providers/index.js';
import type { Claims, ProviderKind } from '../providers/types.js';
import { compilePattern, hasWildcard } from './pattern.js';
import type { FieldComparison, TrustRule } from './types.js';

/** The token as rules see it; the subject is split into its fields once per check, not once per rule. */
export interface TokenView {
  provider: string;
  subject: string;
  claims: Claims;
  /** The subject's owner, repository and context, where the CI's grammar has such fields and the subject parses. */
  parts: SubjectParts | undefined;
}

/** Builds the view of a token of a CI of `kind` that `CompiledRule` compares against. */
export function tokenView(provider: string, kind: ProviderKind, subject: string, claims: Claims): TokenView {
  return { provider, subject, claims, parts: ciDescriptor(kind).subject.fields?.parse(subject) };
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

interface FieldMatcher {
  test(token: TokenView): boolean;
  compare(token: TokenView): FieldComparison[];
}

/** Compiles one rule of a provider of `kind`. */
export function compileRule(rule: TrustRule, kind: ProviderKind): CompiledRule {
  const ci = ciDescriptor(kind);
  const line = ci.subject.fields?.parse(rule.subject);
  const fields: FieldMatcher[] = [
    providerMatcher(rule.provider),
    ci.subject.fields !== undefined && line !== undefined
      ? fieldsSubjectMatcher(rule.subject, line, ci.subject.fields.ids)
      : plainSubjectMatcher(rule.subject),
    ...Object.entries(rule.claims).map(([name, values]) => claimMatcher(name, values)),
  ];
  // A guarded value (GitHub's pull_request_target) is allowed only by a rule that names it outright, never by a wildcard.
  for (const { claim, value } of ci.claims.guarded) {
    if (!(rule.claims[claim]?.includes(value) ?? false)) fields.push(guard(claim, value));
  }

  const owner = ci.subject.owner(rule.subject);
  const repository = ci.subject.repository(rule.subject);
  return {
    rule,
    kind,
    owner: owner !== undefined && !hasWildcard(owner) ? owner : undefined,
    repository: repository !== undefined && !hasWildcard(repository) ? repository : undefined,
    pinsEnvironment: pinsEnvironment(rule, ci, line),
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
 * A subject with owner and repository fields (GitHub's two forms) against one line. Names
 * (owner, repository) and the context after them are compared as patterns. IDs written in the
 * line must agree: with the token's IDs when its subject is the immutable `owner@id/repo@id`
 * form, else with the `ids` claims (GitHub's `repository_owner_id` and `repository_id`), which
 * the CI signs into every token. So a pinned line never trusts a repository deleted and
 * recreated under the same name.
 */
function fieldsSubjectMatcher(
  source: string,
  line: SubjectParts,
  idClaims: { owner: string; repo: string },
): FieldMatcher {
  const owner = compilePattern(line.owner);
  const repo = compilePattern(line.repo);
  const context = compilePattern(line.context);
  const whole = compilePattern(source);
  const namesMatch = (t: SubjectParts) => owner.test(t.owner) && repo.test(t.repo) && context.test(t.context);
  const ids = (token: TokenView, t: SubjectParts): { owner: string | undefined; repo: string | undefined } => {
    const immutable = t.ownerId !== undefined || t.repoId !== undefined;
    return immutable
      ? { owner: t.ownerId, repo: t.repoId }
      : { owner: claimString(token.claims, idClaims.owner), repo: claimString(token.claims, idClaims.repo) };
  };
  return {
    test(token) {
      const t = token.parts;
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
      const t = token.parts;
      if (t === undefined)
        return [{ field: 'subject', wanted: source, got: token.subject, matched: whole.test(token.subject) }];
      const out: FieldComparison[] = [{ field: 'subject', wanted: source, got: token.subject, matched: namesMatch(t) }];
      const got = ids(token, t);
      if (line.ownerId !== undefined)
        out.push({
          field: idClaims.owner,
          wanted: line.ownerId,
          got: got.owner,
          matched: got.owner === line.ownerId,
        });
      if (line.repoId !== undefined)
        out.push({ field: idClaims.repo, wanted: line.repoId, got: got.repo, matched: got.repo === line.repoId });
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

/** Refuses a token whose `claim` is `value` (the rule did not name that value outright). */
function guard(claim: string, value: string): FieldMatcher {
  const guarded = (token: TokenView) => claimString(token.claims, claim) === value;
  return {
    test: (token) => !guarded(token),
    compare: (token) =>
      !guarded(token)
        ? []
        : [
            {
              field: claim,
              wanted: `not ${value} (a rule must name ${claim}: ${value} to allow it)`,
              got: value,
              matched: false,
            },
          ],
  };
}

/**
 * A rule pins the environment when it names one, in its subject (GitHub's `…:environment:NAME`)
 * or an `environment` claim condition. A bare wildcard (`environment:*`) accepts any
 * environment, so it does not count.
 */
function pinsEnvironment(rule: TrustRule, ci: CiDescriptor, line: SubjectParts | undefined): boolean {
  const named = (pattern: string) => pattern.replace(/\*/g, '') !== '';
  const environment = line === undefined ? undefined : ci.subject.fields?.environment(line.context);
  const inSubject = environment !== undefined && named(environment);
  const inClaims = rule.claims.environment?.every(named) ?? false;
  return inSubject || inClaims;
}

/** How a claim without a string form reads in an explanation. */
function shownValue(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}
