import { type CiDescriptor, ciDescriptor, claimString, type SubjectParts } from '../providers/index.js';
import type { Claims, ProviderKind } from '../providers/types.js';
import { compilePattern, hasWildcard, type Pattern } from './pattern.js';
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
  readonly rule: TrustRule;
  readonly kind: ProviderKind;
  /** Literal owner the subject names (index key), or undefined when the owner is a pattern. */
  readonly owner: string | undefined;
  /** Owner ID the subject names (`owner@ID`), where the CI's subjects carry one. */
  readonly ownerId: string | undefined;
  /** Literal repository the subject names (finer index key), or undefined when it is a pattern. */
  readonly repository: string | undefined;
  /** True when the rule pins `environment`, the matched token's (in the subject or a claim condition). */
  pinsEnvironment(environment: string): boolean;
  /** The fast path of `check`: true when every field matches; stops at the first that does not. */
  matches(token: TokenView): boolean;
  /** Every field compared, wanted vs got, for explanations and denial hints. */
  compare(token: TokenView): FieldComparison[];
}

interface FieldMatcher {
  test(token: TokenView): boolean;
  compare(token: TokenView): FieldComparison[];
}

/**
 * Compiles the rules of one policy. Rules are data plus shared matchers, not closures: a pattern
 * text (`ref:refs/heads/main`, `push`) is compiled once for every rule that names it, and the
 * provider and guard checks are one object per provider, so 100,000 rules stay small and quick
 * to build.
 */
export class RuleCompiler {
  private readonly patterns = new Map<string, Pattern>();
  private readonly shared = new Map<string, FieldMatcher>();

  /** Compiles one rule of a provider of `kind`. */
  compile(rule: TrustRule, kind: ProviderKind): CompiledRule {
    const ci = ciDescriptor(kind);
    const line = ci.subject.fields?.parse(rule.subject);
    const fields: FieldMatcher[] = [
      this.one(`provider\0${rule.provider}`, () => new ProviderField(rule.provider)),
      ci.subject.fields !== undefined && line !== undefined
        ? new FieldsSubject(
            rule.subject,
            this.pattern(line.owner),
            this.pattern(line.repo),
            this.pattern(line.context),
            line.ownerId,
            line.repoId,
            ci.subject.fields.ids,
          )
        : new PlainSubject(this.pattern(rule.subject)),
    ];
    for (const [name, values] of Object.entries(rule.claims)) {
      fields.push(
        new ClaimField(
          name,
          values,
          values.map((v) => this.pattern(v)),
        ),
      );
    }
    // A guarded value (GitHub's pull_request_target) is allowed only by a rule that names it outright, never by a wildcard.
    for (const { claim, value } of ci.claims.guarded) {
      if (!(rule.claims[claim]?.includes(value) ?? false))
        fields.push(this.one(`guard\0${claim}\0${value}`, () => new Guard(claim, value)));
    }

    const owner = ci.subject.owner(rule.subject);
    const repository = ci.subject.repository(rule.subject);
    return new Rule(
      rule,
      kind,
      owner !== undefined && !hasWildcard(owner) ? owner : undefined,
      line?.ownerId,
      repository !== undefined && !hasWildcard(repository) ? repository : undefined,
      environmentPin(rule, ci, line),
      fields,
    );
  }

  private pattern(source: string): Pattern {
    let pattern = this.patterns.get(source);
    if (pattern === undefined) {
      pattern = compilePattern(source);
      this.patterns.set(source, pattern);
    }
    return pattern;
  }

  private one(key: string, make: () => FieldMatcher): FieldMatcher {
    let field = this.shared.get(key);
    if (field === undefined) {
      field = make();
      this.shared.set(key, field);
    }
    return field;
  }
}

class Rule implements CompiledRule {
  constructor(
    readonly rule: TrustRule,
    readonly kind: ProviderKind,
    readonly owner: string | undefined,
    readonly ownerId: string | undefined,
    readonly repository: string | undefined,
    private readonly pin: true | string | undefined,
    private readonly fields: readonly FieldMatcher[],
  ) {}

  pinsEnvironment(environment: string): boolean {
    return this.pin === true || this.pin === environment;
  }

  matches(token: TokenView): boolean {
    for (const field of this.fields) if (!field.test(token)) return false;
    return true;
  }

  compare(token: TokenView): FieldComparison[] {
    return this.fields.flatMap((field) => field.compare(token));
  }
}

class ProviderField implements FieldMatcher {
  constructor(private readonly wanted: string) {}

  test(token: TokenView): boolean {
    return token.provider === this.wanted;
  }

  compare(token: TokenView): FieldComparison[] {
    return [{ field: 'provider', wanted: this.wanted, got: token.provider, matched: this.test(token) }];
  }
}

class PlainSubject implements FieldMatcher {
  constructor(private readonly pattern: Pattern) {}

  test(token: TokenView): boolean {
    return this.pattern.test(token.subject);
  }

  compare(token: TokenView): FieldComparison[] {
    return [{ field: 'subject', wanted: this.pattern.source, got: token.subject, matched: this.test(token) }];
  }
}

/**
 * A subject with owner and repository fields (GitHub's two forms) against one line. Names
 * (owner, repository) and the context after them are compared as patterns. IDs written in the
 * line must agree: with the token's IDs when its subject is the immutable `owner@id/repo@id`
 * form, else with the `ids` claims (GitHub's `repository_owner_id` and `repository_id`), which
 * the CI signs into every token. So a pinned line never trusts a repository deleted and
 * recreated under the same name.
 */
class FieldsSubject implements FieldMatcher {
  /** The whole line as one pattern, for a token whose subject does not split into fields; built when first needed. */
  private whole: Pattern | undefined;

  constructor(
    private readonly source: string,
    private readonly owner: Pattern,
    private readonly repo: Pattern,
    private readonly context: Pattern,
    private readonly ownerId: string | undefined,
    private readonly repoId: string | undefined,
    private readonly idClaims: { owner: string; repo: string },
  ) {}

  test(token: TokenView): boolean {
    const t = token.parts;
    if (t === undefined) return this.wholeMatches(token.subject);
    if (!this.namesMatch(t)) return false;
    if (this.ownerId === undefined && this.repoId === undefined) return true;
    const got = this.ids(token, t);
    return (
      (this.ownerId === undefined || got.owner === this.ownerId) &&
      (this.repoId === undefined || got.repo === this.repoId)
    );
  }

  compare(token: TokenView): FieldComparison[] {
    const t = token.parts;
    if (t === undefined)
      return [{ field: 'subject', wanted: this.source, got: token.subject, matched: this.wholeMatches(token.subject) }];
    const out: FieldComparison[] = [
      { field: 'subject', wanted: this.source, got: token.subject, matched: this.namesMatch(t) },
    ];
    const got = this.ids(token, t);
    if (this.ownerId !== undefined)
      out.push({
        field: this.idClaims.owner,
        wanted: this.ownerId,
        got: got.owner,
        matched: got.owner === this.ownerId,
      });
    if (this.repoId !== undefined)
      out.push({ field: this.idClaims.repo, wanted: this.repoId, got: got.repo, matched: got.repo === this.repoId });
    return out;
  }

  private namesMatch(t: SubjectParts): boolean {
    return this.owner.test(t.owner) && this.repo.test(t.repo) && this.context.test(t.context);
  }

  private wholeMatches(subject: string): boolean {
    this.whole ??= compilePattern(this.source);
    return this.whole.test(subject);
  }

  private ids(token: TokenView, t: SubjectParts): { owner: string | undefined; repo: string | undefined } {
    const immutable = t.ownerId !== undefined || t.repoId !== undefined;
    return immutable
      ? { owner: t.ownerId, repo: t.repoId }
      : {
          owner: claimString(token.claims, this.idClaims.owner),
          repo: claimString(token.claims, this.idClaims.repo),
        };
  }
}

/** A claim condition: the claim, as a string, matches any of the values (each exact or a pattern). */
class ClaimField implements FieldMatcher {
  constructor(
    private readonly name: string,
    private readonly values: string[],
    private readonly patterns: readonly Pattern[],
  ) {}

  test(token: TokenView): boolean {
    const got = claimString(token.claims, this.name);
    return got !== undefined && this.patterns.some((p) => p.test(got));
  }

  compare(token: TokenView): FieldComparison[] {
    return [
      {
        field: this.name,
        wanted: this.values.length === 1 ? this.values[0]! : this.values,
        got: claimString(token.claims, this.name) ?? shownValue(token.claims[this.name]),
        matched: this.test(token),
      },
    ];
  }
}

/** Refuses a token whose `claim` is `value` (the rule did not name that value outright). */
class Guard implements FieldMatcher {
  constructor(
    private readonly claim: string,
    private readonly value: string,
  ) {}

  test(token: TokenView): boolean {
    return claimString(token.claims, this.claim) !== this.value;
  }

  compare(token: TokenView): FieldComparison[] {
    return this.test(token)
      ? []
      : [
          {
            field: this.claim,
            wanted: `not ${this.value} (a rule must name ${this.claim}: ${this.value} to allow it)`,
            got: this.value,
            matched: false,
          },
        ];
  }
}

/**
 * How a rule pins the environment: `true` when it names one in its subject (GitHub's
 * `repo:…:environment:NAME`) or in an `environment` claim condition, both of which hold for any
 * token the rule matches; a name when a customised subject (GitHub's
 * `repository_owner_id:1234567:environment:production`) names it literally in its first
 * `environment:` pair; else undefined. A bare wildcard (`environment:*`) accepts any
 * environment, so it does not count.
 *
 * The customised form counts only for a token whose environment is that name: an earlier claim
 * value in the token's subject (a workflow name) may contain ':' and spell the pair itself, and
 * then the token's own environment is another, which is still flagged.
 */
function environmentPin(rule: TrustRule, ci: CiDescriptor, line: SubjectParts | undefined): true | string | undefined {
  const environment = line === undefined ? undefined : ci.subject.fields?.environment(line.context);
  const inSubject = environment !== undefined && named(environment);
  const inClaims = rule.claims.environment?.every(named) ?? false;
  if (inSubject || inClaims) return true;
  return ci.subject.fields !== undefined && line === undefined ? customisedEnvironment(rule.subject) : undefined;
}

/** The literal value of the first `environment:` pair of a customised subject (`key:value:key:value…`). */
function customisedEnvironment(subject: string): string | undefined {
  const parts = subject.split(':');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] !== 'environment') continue;
    const value = parts[i + 1]!;
    return value !== '' && !hasWildcard(value) ? value : undefined;
  }
  return undefined;
}

function named(pattern: string): boolean {
  return pattern.replace(/\*/g, '') !== '';
}

/** How a claim without a string form reads in an explanation. */
function shownValue(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}
