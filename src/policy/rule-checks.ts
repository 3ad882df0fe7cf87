import { closestName } from '../lib/closest-name.js';
import type { ErrorCode, WarningCode } from '../lib/errors.js';
import { ciDescriptor, knownClaimNames, sharedIssuerKind } from '../providers/index.js';
import { hasWildcard, isWildcardOnly } from './pattern.js';
import { subjectProblem } from './subject.js';
import type { ProviderConfig } from './types.js';

/** A problem with one trust rule, located by the field it is about. */
export interface RuleProblem {
  severity: 'error' | 'warning';
  code: ErrorCode | WarningCode;
  message: string;
  /** `subject`, `scopes[N]` or `claims.NAME`. */
  field: string;
}

/**
 * Errors of `stint policy check` that a broker loading the config (start, reload, `stint keys`)
 * takes as warnings: checks added in an upgrade, so a config that served before still starts,
 * while the check command fails on them (docs/policy.md#claim-names). None of them lets a rule
 * match more than it says: a condition on a claim no token carries matches nothing.
 */
export const WARNINGS_AT_LOAD: ReadonlySet<ErrorCode | WarningCode> = new Set(['ERR_POLICY_CLAIM_UNKNOWN']);

/** Claims the broker checks itself (signature, issuer, audience, lifetime, replay); a rule cannot name them. */
const RESERVED_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'nbf', 'iat', 'jti']);

/**
 * Everything wrong (errors) or risky (warnings) with a rule, on its own terms: the subject
 * pattern, its claims, and its scopes against the project's. Run at load so a broker never
 * starts with a rule that trusts more than it appears to.
 */
export function checkRule(
  rule: { subject: string; claims: Record<string, string[]>; scopes: string[] },
  provider: ProviderConfig,
  project: { name: string; scopes: string[] },
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const error = (code: ErrorCode, field: string, message: string) =>
    problems.push({ severity: 'error', code, field, message });
  const warn = (code: WarningCode, field: string, message: string) =>
    problems.push({ severity: 'warning', code, field, message });

  const subject = rule.subject;
  const invalid = subjectProblem(subject);
  if (invalid !== undefined) error('ERR_SUBJECT_INVALID', 'subject', `${invalid}: ${JSON.stringify(subject)}`);
  else if (isWildcardOnly(subject)) {
    error(
      'ERR_POLICY_SUBJECT_WILDCARD',
      'subject',
      `subject ${JSON.stringify(subject)} is only wildcards: it would trust every job ${provider.name} issues a token for; name the repository, e.g. ${ciDescriptor(provider.kind).subject.example}`,
    );
  } else {
    checkOwner(subject, rule.claims, provider, error, warn);
    checkGreedyWildcard(subject, provider, warn);
  }

  for (const [name, values] of Object.entries(rule.claims)) {
    if (RESERVED_CLAIMS.has(name)) {
      error(
        'ERR_CONFIG_INVALID',
        `claims.${name}`,
        name === 'sub'
          ? "claim 'sub' cannot be a claim condition: put it in the rule's subject"
          : `claim '${name}' is checked by the broker itself and cannot be a claim condition`,
      );
    }
    if (values.length === 0)
      error(
        'ERR_CONFIG_INVALID',
        `claims.${name}`,
        `claim '${name}' lists no values: give one value or a list of accepted values`,
      );
    else if (!RESERVED_CLAIMS.has(name)) {
      const unknown = unknownClaim(name, provider);
      if (unknown !== undefined) error('ERR_POLICY_CLAIM_UNKNOWN', `claims.${name}`, unknown);
    }
  }

  rule.scopes.forEach((scope, index) => {
    if (!project.scopes.includes(scope)) {
      error(
        'ERR_POLICY_SCOPE',
        `scopes[${index}]`,
        `scope '${scope}' is not one of project ${project.name}'s scopes (${project.scopes.join(', ') || 'none'}); add it to the project's scopes or remove it here`,
      );
    }
  });
  return problems;
}

/**
 * Why a claim condition names a claim the provider's tokens never carry (a misspelling: the rule
 * would never match), or undefined when they may carry it or the CI's admin decides its claims.
 */
function unknownClaim(name: string, provider: ProviderConfig): string | undefined {
  const ci = ciDescriptor(provider.kind);
  const known = knownClaimNames(ci);
  if (known === undefined || known.includes(name)) return undefined;
  const families = ci.issuer.discovery.claimFamilies ?? [];
  if (families.some((prefix) => name.startsWith(prefix) && name.length > prefix.length)) return undefined;
  const offered = known.filter((claim) => !RESERVED_CLAIMS.has(claim));
  const near = closestName(name, offered, { ignoreCase: true, maxDistance: Math.max(2, Math.floor(name.length / 3)) });
  const all = [...offered, ...families.map((prefix) => `${prefix}…`)].join(', ');
  return `claim '${name}' is not one that ${ci.title} tokens carry, so this rule would never match${near === undefined ? '' : `; did you mean '${near}'?`} (${provider.kind} claims: ${all})`;
}

/**
 * The owner must be literal under a shared issuer; then the CI's own subject checks, and, where
 * its subjects can carry IDs, a warning for a rule that names owner or repository without them.
 */
function checkOwner(
  subject: string,
  claims: Record<string, string[]>,
  provider: ProviderConfig,
  error: (code: ErrorCode, field: string, message: string) => void,
  warn: (code: WarningCode, field: string, message: string) => void,
): void {
  const ci = ciDescriptor(provider.kind);
  // The issuer decides, not the declared kind: a provider declared as another CI (refused at load
  // too) must not turn the check off.
  const sharer = sharedIssuerKind(provider.issuer);
  const owner = ci.subject.owner(subject);
  const ownerClaims = ci.claims.ownerClaims;
  // A subject that names no owner (a customised template such as `environment:production`) is
  // open unless the rule pins the owner by a signed claim: any customer can shape such a subject.
  const ownerOpen =
    owner !== undefined
      ? hasWildcard(owner)
      : !ownerClaims.some((name) => literalClaim(claims, name)) && firstPairPin(subject, ownerClaims) === undefined;
  if (ownerOpen && sharer !== undefined) {
    const pinWith = ownerClaims[0] === undefined ? '' : `, or pin the owner with claims: { ${ownerClaims[0]}: '…' }`;
    error(
      'ERR_POLICY_OWNER_WILDCARD',
      'subject',
      `subject ${JSON.stringify(subject)} does not name a literal owner, and ${provider.issuer} issues tokens to every ${sharer} customer: write the owner out, e.g. ${ci.subject.example}${pinWith}${ownerPinTooLate(subject, ownerClaims)}`,
    );
    return;
  }

  const problems = ci.subject.problems?.(subject) ?? [];
  for (const problem of problems) {
    if (problem.severity === 'error') error(problem.code, 'subject', problem.message);
    else warn(problem.code, 'subject', problem.message);
  }
  const fields = ci.subject.fields;
  const parsed = fields?.parse(subject);
  if (fields === undefined || parsed === undefined) return;

  const ids = fields.ids;
  const ownerPinned = parsed.ownerId !== undefined || literalClaim(claims, ids.owner);
  const repoPinned = parsed.repoId !== undefined || literalClaim(claims, ids.repo);
  if (hasWildcard(parsed.repo)) {
    // Every repository of the owner: the owner's ID is what keeps a re-registered name out.
    if (!ownerPinned) {
      const ownerId = literalValue(claims, ids.owner) ?? '<owner id>';
      warn(
        'WARN_SUBJECT_UNPINNED',
        'subject',
        `subject ${JSON.stringify(subject)} names the owner without its ID, so if ${parsed.owner} is renamed or deleted, whoever registers the name gets every repository this matches; pin it: ${fields.format({ ...parsed, ownerId })} (the ID is the ${ids.owner} claim)`,
      );
    }
  } else if (!ownerPinned || !repoPinned) {
    const ownerId = parsed.ownerId ?? literalValue(claims, ids.owner) ?? '<owner id>';
    const repoId = parsed.repoId ?? literalValue(claims, ids.repo) ?? '<repository id>';
    warn(
      'WARN_SUBJECT_UNPINNED',
      'subject',
      `subject ${JSON.stringify(subject)} names the repository without its IDs, so it would also trust a repository deleted and recreated under the same name; pin it: ${fields.format({ ...parsed, ownerId, repoId })} (IDs are the ${ids.owner} and ${ids.repo} claims)`,
    );
  }
}

/** The one literal value a claim condition requires, if that is what it is. */
function literalValue(claims: Record<string, string[]>, name: string): string | undefined {
  const values = claims[name];
  return values?.length === 1 && !hasWildcard(values[0]!) ? values[0] : undefined;
}

/**
 * Where a CI's subject fields are separated by '/', `**` crosses them: literal text after it can
 * then come from a branch name (`x/vcs-ref/refs/heads/main` ends like main's subject).
 */
function checkGreedyWildcard(
  subject: string,
  provider: ProviderConfig,
  warn: (code: WarningCode, field: string, message: string) => void,
): void {
  if (ciDescriptor(provider.kind).subject.separator !== '/') return;
  const at = subject.indexOf('**');
  if (at === -1 || subject.slice(at).replace(/\*/g, '') === '') return;
  warn(
    'WARN_SUBJECT_GREEDY',
    'subject',
    `in ${provider.kind} subjects fields are separated by '/', which '**' crosses, so the text after it in ${JSON.stringify(subject)} can come from a branch name; use '*' for one field, or check the ref with claims`,
  );
}

/**
 * The owner claim a customised subject (`key:value:key:value…`, GitHub's include_claim_keys)
 * pins with a literal value in its first pair, e.g. `repository_owner_id:1234567:environment:production`.
 * Only the first pair counts: a claim value may itself contain ':' (an environment named
 * `production:repository_owner_id:1234567`), so any later "pair" can be text from an earlier
 * value that a stranger chose. The first key is the template's first claim name, which no
 * value can supply.
 */
function firstPairPin(subject: string, ownerClaims: readonly string[]): string | undefined {
  const [key, value] = subject.split(':');
  if (key === undefined || value === undefined || !ownerClaims.includes(key)) return undefined;
  return value !== '' && !hasWildcard(value) ? key : undefined;
}

/** Why an owner claim later in a customised subject does not count, when the subject has one. */
function ownerPinTooLate(subject: string, ownerClaims: readonly string[]): string {
  const parts = subject.split(':');
  const late = parts.slice(2).find((part) => ownerClaims.includes(part));
  if (late === undefined) return '';
  return ` (a '${late}:' pair counts only first in the subject: an earlier claim value can contain ':' and supply the rest)`;
}

function literalClaim(claims: Record<string, string[]>, name: string): boolean {
  const values = claims[name];
  return values !== undefined && values.length > 0 && values.every((v) => !hasWildcard(v));
}
